# SPDX-License-Identifier: GPL-2.0
# Fault injection on the debug kernel (scripts/tests/faults-guest.sh):
# CMA's own fail_cma points (the memory an area needs at activation, each
# alloc_contig_range() attempt), and the n-th slab or page allocation of a
# CMA allocation and of the test device's probe (fail-nth). Every failure
# must be clean: the area disabled with one message and its pages given to
# the page allocator, or the call failing with the counters right, nothing
# left allocated, kmemleak silent, no splat.

FAULTS_BOOT=(--kernel debug --dtso scripts/dts/cma-test.dtso
	--add scripts/tests/kmemleak-guest.sh --add scripts/tests/hog-guest.sh)

# CmaFree (read after a drain) may move by what the guest's own shell and
# processes take meanwhile: CMA pages are lent to movable allocations.
# Allocated ranges are checked exactly (debugfs "used", the counters, and
# every free page allocatable again), this only bounds the rest.
FAULTS_FREE_SLACK=64

# Size in kB of each area of the test overlay with cma=32M.
faults_area_kb() {
	case $1 in
	reserved) echo 32768 ;;
	cma-test-pool) echo 16384 ;;
	*) echo 0 ;;
	esac
}

# The test device that allocates from area $1, and the other area.
faults_area_dev() {
	case $1 in
	reserved) echo cma-test-default ;;
	*) echo cma-test-region ;;
	esac
}

faults_other_area() {
	case $1 in
	reserved) echo cma-test-pool ;;
	*) echo reserved ;;
	esac
}

faults_meminfo_cmd='grep -E "^(MemTotal|CmaTotal):" /proc/meminfo | tr -d " :" |
	sed "s/kB$//; s/^MemTotal/memtotal=/; s/^CmaTotal/cmatotal=/"'

# Fail the n-th fail_cma point at boot (n = 1, 2: the bitmap of the first
# and of the second area activated; an area's search scratch is allocated
# by its first cma_alloc(), whose failures fail-nth covers below).
test_faults_activation() {
	local n ref_mem name line lines kb
	vm_ok "${FAULTS_BOOT[@]}" --append "cma=32M" -- "$faults_meminfo_cmd" ||
		return 1
	ref_mem=$(guest_value memtotal)
	for n in 1 2; do
		vm "${FAULTS_BOOT[@]}" --append "cma=32M fail_cma=$n,100,0,1" -- "
			sh kmemleak-guest.sh start || exit 1
			$faults_meminfo_cmd
			for d in /sys/kernel/debug/cma_test/*; do
				echo 64K >\$d/alloc 2>/dev/null && r=ok || r=refused
				echo \"dma \${d##*/} \$r\"
			done
			sh kmemleak-guest.sh check"
		expect_eq "fail_cma=$n: exit status" 0 "$VM_RC" || return 1
		lines=$(printf '%s\n' "$VM_OUT" | grep -cE 'cma: .*: area of .* disabled:')
		expect_eq "fail_cma=$n: 'disabled' lines" 1 "$lines" || return 1
		line=$(printf '%s\n' "$VM_OUT" | grep -m1 -E 'cma: .*: area of .* disabled:')
		case $line in
		*"disabled: no memory for its bitmap; pages returned to the page allocator"*) ;;
		*) fail "fail_cma=$n: message naming the bitmap and the pages' fate, saw '$line'"
		   return 1 ;;
		esac
		name=$(printf '%s\n' "$line" | sed -n 's/.*cma: \([^:]*\): area of .*/\1/p')
		kb=$(faults_area_kb "$name")
		echo "fail_cma=$n disabled $name ($kb kB)"
		expect_eq "fail_cma=$n: CmaTotal without $name" $((49152 - kb)) \
			"$(guest_value cmatotal)" || return 1
		expect_eq "fail_cma=$n: MemTotal (the pages went to the page allocator)" \
			"$ref_mem" "$(guest_value memtotal)" || return 1
		expect_eq "fail_cma=$n: kmemleak" 0 "$(guest_value leaks)" || return 1
		# The device of the disabled area gets nothing, the other works.
		expect_output "^dma $(faults_area_dev "$name") refused\$" &&
			expect_output "^dma $(faults_area_dev "$(faults_other_area "$name")") ok\$" ||
			return 1
	done
}

# fail_cma on allocation attempts: a request whose every attempt fails
# makes exactly the bounded number of attempts and fails busy; one
# injected failure costs one extra attempt. Standby refills that fail
# hold nothing, are retried, and leave the area as it was.
test_faults_alloc_attempts() {
	local d f
	vm "${FAULTS_BOOT[@]}" --append "cma=32M" --add scripts/tests/faults-guest.sh \
		-- sh faults-guest.sh busy reserved
	expect_eq "exit status" 0 "$VM_RC" || return 1
	expect_no_output '^busy error' || return 1
	faults_delta() { echo $(($(guest_value "$2_$3") - $(guest_value "$1_$3"))); }
	expect_eq "all attempts fail: alloc_attempts" 8 "$(faults_delta b0 b1 alloc_attempts)" &&
		expect_eq "all attempts fail: alloc_busy_retries" 8 "$(faults_delta b0 b1 alloc_busy_retries)" &&
		expect_eq "all attempts fail: alloc_fail_busy" 1 "$(faults_delta b0 b1 alloc_fail_busy)" &&
		expect_eq "all attempts fail: alloc_pages_fail" 64 "$(faults_delta b0 b1 alloc_pages_fail)" &&
		expect_eq "all attempts fail: used" 0 "$(faults_delta b0 b1 used)" &&
		expect_near "all attempts fail: CmaFree change" 0 "$(faults_delta b0 b1 free)" "$FAULTS_FREE_SLACK" &&
		expect_eq "one failure: alloc_attempts" 2 "$(faults_delta b1 b2 alloc_attempts)" &&
		expect_eq "one failure: alloc_busy_retries" 1 "$(faults_delta b1 b2 alloc_busy_retries)" &&
		expect_eq "one failure: alloc_pages_success" 64 "$(faults_delta b1 b2 alloc_pages_success)" &&
		expect_eq "after the release: used" 0 "$(faults_delta b0 b3 used)" &&
		expect_near "after the release: CmaFree change" 0 "$(faults_delta b0 b3 free)" "$FAULTS_FREE_SLACK" &&
		expect_eq "after the release: release_pages_success" 64 "$(faults_delta b0 b3 release_pages_success)" ||
		return 1
	# Standby refills that fail_cma fails leave the area as it was.
	expect_eq "standby under fail_cma: pages ready" 0 "$(guest_value s_ready)" &&
		expect_eq "standby after fail_cma: pages ready" 64 "$(guest_value s_ready2)" &&
		expect_eq "standby off again: used" 0 "$(faults_delta s0 s1 used)" &&
		expect_eq "standby off again: alloc_pages_success" 0 "$(faults_delta s0 s1 alloc_pages_success)" &&
		expect_near "standby off again: CmaFree change" 0 "$(faults_delta s0 s1 free)" "$FAULTS_FREE_SLACK" ||
		return 1
	f=$(printf '%s\n' "$VM_OUT" | grep -c 'cma: reserved: cannot allocate 64 pages (align order 0): every candidate range holds pages that would not move (-16)')
	expect_eq "failure messages" 1 "$f" &&
		expect_eq "kmemleak" 0 "$(guest_value leaks)"
}

# fail-nth over allocations of a whole area that the hog has populated.
test_faults_alloc_nth() {
	local ok failed d pages
	vm "${FAULTS_BOOT[@]}" --append "cma=32M" --add scripts/tests/faults-guest.sh \
		--timeout 900 -- sh faults-guest.sh nth cma-test-pool
	expect_eq "exit status" 0 "$VM_RC" || return 1
	# The hog lived to the end: the OOM killer took nothing.
	expect_no_output '^hog error|invoked oom-killer' &&
		expect_eq "the hog's exit status" 0 "$(guest_value hog_exit)" || return 1
	expect_no_output '^nth error' && expect_output '^hog verify=ok' || return 1
	ok=$(printf '%s\n' "$VM_OUT" | sed -n 's/^nth_ok=\([0-9]*\) .*/\1/p')
	failed=$(printf '%s\n' "$VM_OUT" | sed -n 's/.* nth_failed=\([0-9]*\)$/\1/p')
	echo "fail-nth: $ok allocations succeeded, $failed failed, $(guest_value injected) failures injected"
	echo "fail-nth: at least $(guest_value kernel_free_min_kb) kB free outside the CMA areas after an allocation"
	[ "${ok:-0}" -gt 0 ] && [ "${failed:-0}" -gt 0 ] ||
		fail "fail-nth: some allocations fail and some succeed, saw ok=$ok failed=$failed" ||
		return 1
	pages=$(guest_value nth_pages)
	d=$(($(guest_value n1_alloc_pages_success) - $(guest_value n0_alloc_pages_success)))
	expect_eq "alloc_pages_success delta" $((pages * ok)) "$d" || return 1
	d=$(($(guest_value n1_release_pages_success) - $(guest_value n0_release_pages_success)))
	expect_eq "release_pages_success delta" $((pages * ok)) "$d" || return 1
	# The hog had populated the area: each allocation that succeeded
	# migrated a quarter of it at least.
	d=$(($(guest_value n1_alloc_pages_migrated) - $(guest_value n0_alloc_pages_migrated)))
	echo "fail-nth: $d pages migrated"
	[ "$d" -ge $((ok * pages / 4)) ] ||
		fail "fail-nth: at least $((ok * pages / 4)) pages migrated, saw $d" ||
		return 1
	d=$(($(guest_value n1_alloc_pages_fail) - $(guest_value n0_alloc_pages_fail)))
	# At least one injected failure must have made cma_alloc() itself
	# fail, not only what debugfs allocates around it.
	expect_in_range "alloc_pages_fail delta, $pages per failed request" \
		"$d" "$pages" $((pages * failed + 1)) || return 1
	expect_eq "alloc_pages_fail delta is whole requests" 0 $((d % pages)) || return 1
	echo "fail-nth: $((d / pages)) requests failed inside cma_alloc()"
	expect_eq "used" "$(guest_value n0_used)" "$(guest_value n1_used)" &&
		expect_near "CmaFree after the hog left" "$(guest_value n0_free)" "$(guest_value n1_free)" "$FAULTS_FREE_SLACK" &&
		expect_output '^whole cma-test-pool taken=4096 pages=4096$' &&
		expect_eq "kmemleak" 0 "$(guest_value leaks)"
}

# fail-nth over binding the test device to its pool.
test_faults_probe_nth() {
	local bound failed
	vm "${FAULTS_BOOT[@]}" --append "cma=32M" --add scripts/tests/faults-guest.sh \
		-- sh faults-guest.sh probe cma-test-region
	expect_eq "exit status" 0 "$VM_RC" || return 1
	expect_no_output '^probe error' || return 1
	bound=$(printf '%s\n' "$VM_OUT" | sed -n 's/^probe_bound=\([0-9]*\) .*/\1/p')
	failed=$(printf '%s\n' "$VM_OUT" | sed -n 's/.* probe_failed=\([0-9]*\)$/\1/p')
	echo "probe: $failed binds failed, $bound succeeded ($(guest_value probe_no_debugfs) without their best-effort debugfs files), $(guest_value injected) failures injected"
	[ "${failed:-0}" -gt 0 ] ||
		fail "probe: some binds fail under fail-nth, saw none" || return 1
	expect_output '^[0-9]+ 1048576 0x[0-9a-f]+ yes ok$' &&
		expect_near "CmaFree" "$(guest_value p0_free)" "$(guest_value p1_free)" "$FAULTS_FREE_SLACK" &&
		expect_eq "kmemleak" 0 "$(guest_value leaks)"
}

# A fatal signal during an allocation: a process waiting behind a long
# allocation of the same area is killed; its cma_alloc() returns NULL
# (-EINTR: a failure of the "other" kind), nothing of it stays allocated,
# no splat, kmemleak silent; the long allocation completes.
test_faults_fatal_signal() {
	vm "${FAULTS_BOOT[@]}" --append "cma=32M" --add scripts/tests/faults-guest.sh \
		--timeout 300 -- sh faults-guest.sh kill reserved
	expect_eq "exit status" 0 "$VM_RC" || return 1
	expect_no_output '^(kill|hog) error' && expect_output '^hog verify=ok' || return 1
	d() { echo $(($(guest_value "$2_$3") - $(guest_value "$1_$3"))); }
	expect_eq "the killed process's status" 137 "$(guest_value kill_second_status)" &&
		expect_eq "the long allocation's status" 0 "$(guest_value kill_first_status)" &&
		expect_eq "pages allocated meanwhile (the long one only)" \
			"$(guest_value kill_half)" "$(d k0 k1 used)" &&
		expect_eq "pages of failed allocations (the killed one's 64)" 64 \
			"$(d k0 k1 alloc_pages_fail)" &&
		expect_eq "after the release: used" 0 "$(d k0 k2 used)" &&
		expect_output 'cma: reserved: cannot allocate 64 pages .*\(-4\)' &&
		expect_eq "kmemleak" 0 "$(guest_value leaks)"
}
