# SPDX-License-Identifier: GPL-2.0
# The built-in KUnit suites pass on both kernels.
#
# cma_api (drivers/misc/cma_test/cma_api_kunit.c) checks the public CMA API
# on the default area. It boots with scripts/dts/cma-test.dtso, whose pool
# is a second area, so that the case that releases pages of another area
# runs (it exists only when there is one); the test requires that it ran.
# The cases that need CMA_RELEASE_CHECKS_ALLOCATED, and the alignments
# that only a checking implementation survives, skip on the baseline
# (upstream 6.1): exactly those, for exactly that reason, and never on our
# kernel.

# What skips on the baseline, one line per test case: "CASE: REASON" for a
# case skipped whole, "CASE: N of T parameters skipped" for some
# parameters of a case (6.1's KTAP names no skipped parameter, only their
# number: here the alignments BITS_PER_LONG and UINT_MAX, which upstream
# shifts by unchecked).
KUNIT_BASELINE_SKIPS="\
cma_api_alloc_rejects: 2 of 10 parameters skipped
cma_api_double_release: upstream 6.1 does not check that released pages are allocated
cma_api_release_beyond_allocation: upstream 6.1 does not check that released pages are allocated
cma_api_release_misuse: upstream 6.1 does not check that released pages are allocated
cma_api_release_unallocated: upstream 6.1 does not check that released pages are allocated"

# kunit_skips SUITE: what skipped in SUITE on the console of the last vm
# run, as in KUNIT_BASELINE_SKIPS, sorted. (A skipped parameter is "ok"
# on its own KTAP line in 6.1; only its case's "skip:N" count shows it.)
kunit_skips() {
	printf '%s\n' "$VM_OUT" | awk -v suite="$1" '
		{ sub(/^\[ *[0-9]+\.[0-9]+\] /, "") }
		!on { if ($0 ~ "^ *# Subtest: " suite "$") on = 1; next }
		/^ *# [^ ]+: pass:[0-9]+ fail:[0-9]+ skip:[0-9]+ total:[0-9]+$/ {
			c = $2; sub(/:$/, "", c)
			split($0, f, / skip:| total:/)
			skip[c] = f[2] + 0; total[c] = f[3] + 0
			next
		}
		/^ *(not )?ok [0-9]+ / {
			r = $0; sub(/^ *(not )?ok [0-9]+ /, "", r)
			if (r == suite) exit
			if (match(r, / # SKIP( |$)/))
				print substr(r, 1, RSTART - 1) ": " substr(r, RSTART + RLENGTH)
			else if (skip[r] > 0)
				print r ": " skip[r] " of " total[r] " parameters skipped"
		}' | sort
}

# kunit_suite KIND SUITE [VM OPTIONS...]: boot KIND running only SUITE; it
# must run to its end with every test case ok; on the baseline, the cases
# of KUNIT_BASELINE_SKIPS skip (cma_api), nothing else.
kunit_suite() {
	local kind=$1 suite=$2 rc=0 skips want=
	shift 2
	vm --kernel "$kind" --append "cma=32M kunit.filter_glob=$suite*" "$@" -- true
	kunit_suite_result "$suite" || rc=1
	skips=$(kunit_skips "$suite")
	[ "$kind:$suite" != baseline:cma_api ] || want=$(printf '%s\n' "$KUNIT_BASELINE_SKIPS" | sort)
	if [ "$skips" != "$want" ]; then
		fail "kunit $suite: on $kind, skipped: ${want:-nothing}; saw: ${skips:-nothing}" |
			tr '\n' '|'
		echo
		rc=1
	elif [ -n "$skips" ]; then
		echo "kunit $suite: skipped on $kind, as upstream 6.1 lacks the feature:"
		printf '%s\n' "$skips" | sed 's/^/  /'
	fi
	[ "$VM_RC" -eq 0 ] || { fail "exit status 0, saw $VM_RC ($(vm_why))"; rc=1; }
	return $rc
}

# cma_api with a second area: the release of its pages ran and passed
# (its "ok" line; no parameter of its case skipped, see kunit_skips).
kunit_cma_api() {
	local rc=0
	kunit_suite "$1" cma_api --dtso scripts/dts/cma-test.dtso || rc=1
	printf '%s\n' "$VM_OUT" | sed 's/^\[ *[0-9]*\.[0-9]*\] //' |
		grep -qE '^ +ok [0-9]+ pages of another area$' ||
		{ fail "kunit cma_api: 'ok ... pages of another area' (cma_api_release_rejects with a second area), saw none"; rc=1; }
	return $rc
}

test_patched_kunit_cma_api() { kunit_cma_api patched; }
test_baseline_kunit_cma_api() { kunit_cma_api baseline; }

# cma_placement (mm/cma_kunit.h) tests the placement helpers of our mm/cma.c,
# which the baseline does not have. The DT pool is an area that nothing
# allocates from before the suite runs: the case that checks that such an
# area has no search scratch must have seen it.
test_patched_kunit_cma_placement() {
	kunit_suite patched cma_placement --dtso scripts/dts/cma-test.dtso || return 1
	expect_output '# cma_test_scratch_on_first_use: areas never allocated from: [1-9]'
}

# cma_standby (mm/cma_standby_kunit.h) tests the standby bookkeeping of
# our mm/cma_standby.c, which the baseline does not have.
test_patched_kunit_cma_standby() {
	kunit_suite patched cma_standby
}
