# SPDX-License-Identifier: GPL-2.0
# The debug kernel: the patched kernel with lock, VM, sleep-in-atomic,
# page-poisoning, KASAN and kmemleak checks. The KUnit suites, debugfs
# allocations and the test device must run on it without a single splat
# (the runner exits 125 on any Oops, BUG, WARNING or panic, lockdep and
# KASAN reports included).

test_debug_kernel_builds() {
	scripts/kernel debug
}

test_debug_kunit_suites() {
	vm --kernel debug --append "cma=32M kunit.filter_glob=cma_*" -- true
	expect_eq "exit status" 0 "$VM_RC" || return 1
	kunit_suite_result cma_placement || return 1
	kunit_suite_result cma_api || return 1
	[ "$KUNIT_SKIPPED" -eq 0 ] || fail "cma_api: no skipped case on the debug kernel, saw $KUNIT_SKIPPED"
}

test_debug_debugfs_and_dma_alloc() {
	vm --kernel debug --smp 2 --dtso scripts/dts/cma-test.dtso --append "cma=32M" -- '
		d=/sys/kernel/debug/cma/reserved
		for n in 1 5 256 1024 3000; do echo $n > $d/alloc || exit 1; done
		echo 4262 > $d/free || exit 1
		echo "used=$(cat $d/used)"
		cma-report --alloc || exit 1'
	expect_eq "exit status" 0 "$VM_RC" || return 1
	expect_output '^cma-test-region: .*inside area: yes, pattern: ok' &&
		expect_output '^cma-test-default: .*inside area: yes, pattern: ok' &&
		expect_no_output 'possible (circular|recursive) locking|inconsistent lock state|sleeping function called'
}
