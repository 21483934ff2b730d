# SPDX-License-Identifier: GPL-2.0
# The built-in KUnit suites pass on both kernels.
#
# cma_api (drivers/misc/cma_test/cma_api_kunit.c) checks the public CMA API
# on the default area. Its cases for releasing pages that are not allocated
# need CMA_RELEASE_CHECKS_ALLOCATED, so they may be skipped on the baseline
# (upstream 6.1), never on our kernel.

# kunit_suite KIND SUITE: boot KIND running only SUITE; it must run to its
# end with every test case ok, skipped cases allowed on the baseline only.
kunit_suite() {
	local kind=$1 suite=$2 rc=0 skip
	vm --kernel "$kind" --append "cma=32M kunit.filter_glob=$suite*" -- true
	kunit_suite_result "$suite" || rc=1
	if [ "$KUNIT_SKIPPED" -gt 0 ]; then
		if [ "$kind" = baseline ]; then
			echo "kunit $suite: $KUNIT_SKIPPED test cases skipped on the baseline (allowed):"
			printf '%s' "$KUNIT_SKIPS" | sed 's/^/  /'
		else
			while IFS= read -r skip; do
				fail "kunit $suite: no skipped test case on $kind, saw $skip"
			done < <(printf '%s' "$KUNIT_SKIPS")
			rc=1
		fi
	fi
	[ "$VM_RC" -eq 0 ] || { fail "exit status 0, saw $VM_RC ($(vm_why))"; rc=1; }
	return $rc
}

test_patched_kunit_cma_api() { kunit_suite patched cma_api; }
test_baseline_kunit_cma_api() { kunit_suite baseline cma_api; }

# cma_placement (mm/cma_kunit.h) tests the placement helpers of our mm/cma.c,
# which the baseline does not have.
test_patched_kunit_cma_placement() { kunit_suite patched cma_placement; }
