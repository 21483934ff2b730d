# SPDX-License-Identifier: GPL-2.0
# Stress on the debug kernel (KASAN, kmemleak, lockdep, DEBUG_VM,
# DEBUG_PAGEALLOC): kernel threads of the cma_stress test module and
# userspace loops through debugfs and the test device allocate and free at
# once from two areas (cma=32M and the test overlay's 16 MiB pool), while
# the memory hog keeps the areas lent out and churns them
# (scripts/tests/stress-guest.sh). Afterwards: no violation seen by the
# threads, every hog checksum intact, nothing left allocated, each area's
# counters equal to the sum of what its users got, CmaFree back to where it
# started, every free page of every area allocatable again, kmemleak silent,
# no splat.

STRESS_SECONDS=${STRESS_SECONDS:-45}
STRESS_THREADS=${STRESS_THREADS:-4}

# stress_field LINE-PREFIX KEY: KEY's value on the console line that starts
# with LINE-PREFIX (the last one).
stress_field() {
	printf '%s\n' "$VM_OUT" | awk -v pre="$1" -v key="$2" '
		index($0, pre) == 1 {
			for (i = 1; i <= NF; i++)
				if (index($i, key "=") == 1)
					v = substr($i, length(key) + 2)
		}
		END { print v }'
}

# Sum of KEY over the console lines starting with PREFIX whose AREA-KEY is
# AREA.
stress_sum() {
	printf '%s\n' "$VM_OUT" | awk -v pre="$1" -v ak="$2" -v area="$3" \
		-v key="$4" '
		index($0, pre) == 1 {
			a = ""; v = 0
			for (i = 1; i <= NF; i++) {
				if (index($i, ak "=") == 1)
					a = substr($i, length(ak) + 2)
				if (index($i, key "=") == 1)
					v = substr($i, length(key) + 2)
			}
			if (a == area)
				s += v
		}
		END { print s + 0 }'
}

# What all users of AREA got: kernel threads, debugfs and test devices.
stress_area_total() {
	echo $(($(stress_sum "area=" area "$1" "$2") +
		$(stress_sum "ustress debugfs" area "$1" "$3") +
		$(stress_sum "ustress device" area "$1" "$3")))
}

stress_check_threads() {
	local k v
	for k in misplaced misaligned overlaps corrupt bad_releases; do
		v=$(stress_field "threads=" "$k")
		expect_eq "cma_stress $k" 0 "$v" || return 1
	done
	v=$(stress_field "threads=" areas)
	[ "${v:-0}" -ge 2 ] || fail "cma_stress: at least 2 areas, saw '$v'"
}

stress_check_area() {
	local a=$1 d
	d=$(($(stress_field "after $a " success) - $(stress_field "before $a " success)))
	expect_eq "$a: alloc_pages_success delta = pages the users got" \
		"$(stress_area_total "$a" alloc_pages pages)" "$d" || return 1
	d=$(($(stress_field "after $a " release) - $(stress_field "before $a " release)))
	expect_eq "$a: release_pages_success delta = pages the users got" \
		"$(stress_area_total "$a" alloc_pages pages)" "$d" || return 1
	d=$(($(stress_field "after $a " fail) - $(stress_field "before $a " fail)))
	expect_eq "$a: alloc_pages_fail delta = pages of failed requests" \
		"$(stress_area_total "$a" fail_pages fail_pages)" "$d" || return 1
	expect_eq "$a: debugfs used after the stress" \
		"$(stress_field "before $a " used)" "$(stress_field "after $a " used)"
}

stress_check_vmstat() {
	local ok fails d
	ok=$(($(stress_sum "area=" "" "" allocs) +
		$(stress_sum "ustress debugfs" "" "" ok) +
		$(stress_sum "ustress device" "" "" ok)))
	fails=$(($(stress_sum "area=" "" "" fails) +
		$(stress_sum "ustress debugfs" "" "" fails) +
		$(stress_sum "ustress device" "" "" fails)))
	d=$(($(stress_field vmstat_after success) - $(stress_field vmstat_before success)))
	expect_eq "vmstat cma_alloc_success delta" "$ok" "$d" || return 1
	d=$(($(stress_field vmstat_after fail) - $(stress_field vmstat_before fail)))
	expect_eq "vmstat cma_alloc_fail delta" "$fails" "$d" || return 1
	echo "stress: $ok successful and $fails failed cma_alloc() calls"
}

test_stress_two_areas_under_churn() {
	local a areas
	vm --kernel debug --smp 2 --timeout $((STRESS_SECONDS * 4 + 240)) \
		--dtso scripts/dts/cma-test.dtso --append "cma=32M" \
		--add scripts/tests/stress-guest.sh --add scripts/tests/hog-guest.sh \
		--add scripts/tests/kmemleak-guest.sh \
		-- sh stress-guest.sh "$STRESS_SECONDS" "$STRESS_THREADS"
	expect_eq "exit status" 0 "$VM_RC" || return 1
	printf '%s\n' "$VM_OUT" | grep '^threads=' | sed 's/^/stress: /'
	echo "stress: at least $(guest_value kernel_free_min_kb) kB free outside the CMA areas (sampled once a second)"
	# The hog lived to the end: the OOM killer took nothing.
	expect_no_output '^hog error|invoked oom-killer' &&
		expect_eq "the hog's exit status" 0 "$(guest_value hog_exit)" || return 1
	# Two areas allocated at the same time, not one after the other.
	expect_output '^trace attempts=[1-9][0-9]* overlaps=[1-9]' || return 1
	printf '%s\n' "$VM_OUT" | grep '^trace attempts='
	expect_no_output '^(ustress|kstress) error|^ustress bad-buffer' &&
		expect_output '^hog verify=ok' &&
		expect_no_output '^hog (stir|verify)=bad' &&
		stress_check_threads || return 1
	areas=$(printf '%s\n' "$VM_OUT" | sed -n 's/^before \([^ ]*\) .*/\1/p')
	for a in $areas; do
		stress_check_area "$a" || return 1
		expect_eq "$a: pages allocatable after the stress" \
			$(($(stress_field "whole $a " pages) - $(stress_field "after $a " used))) \
			"$(stress_field "whole $a " taken)" || return 1
	done
	stress_check_vmstat || return 1
	# Standby, on a quarter of each area and toggled during the run,
	# served allocations (not on 6.1, which has no standby).
	printf '%s\n' "$VM_OUT" | grep '^standby ' | sed 's/^/stress: /'
	for a in $areas; do
		expect_output "^standby $a hits=[1-9]" || return 1
	done
	# Within what the guest's own processes may hold (see 57-faults.sh).
	expect_near "CmaFree after the stress (pages, after a drain)" \
		"$(guest_value free0)" "$(guest_value free1)" 64 || return 1
	expect_eq "kmemleak: unreferenced objects" 0 "$(guest_value leaks)"
}
