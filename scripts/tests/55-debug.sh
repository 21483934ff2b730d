# SPDX-License-Identifier: GPL-2.0
# The debug kernel: the patched kernel with lock, VM, sleep-in-atomic,
# page-poisoning, KASAN and kmemleak checks. The KUnit suites, debugfs
# allocations and the test device must run on it without a single splat
# (the runner exits 125 on any Oops, BUG, WARNING or panic, lockdep and
# KASAN reports included).

test_debug_kunit_suites() {
	vm --kernel debug --append "cma=32M kunit.filter_glob=cma_*" -- true
	expect_eq "exit status" 0 "$VM_RC" || return 1
	kunit_suite_result cma_placement || return 1
	kunit_suite_result cma_standby || return 1
	kunit_suite_result cma_api || return 1
	[ "$KUNIT_SKIPPED" -eq 0 ] || fail "cma_api: no skipped case on the debug kernel, saw $KUNIT_SKIPPED"
}

# debugfs frees newest first, splitting a range if need be: of 1 + 5 + 256
# + 1024 + 3000 pages, freeing 4262 leaves 24 (18 of the 256, the 5 and the
# 1), and freeing those 24 leaves the area as it was (the ARM atomic DMA
# pool keeps its pages in the default area throughout).
test_debug_debugfs_and_dma_alloc() {
	local used0
	vm --kernel debug --smp 2 --dtso scripts/dts/cma-test.dtso --append "cma=32M" -- '
		d=/sys/kernel/debug/cma/reserved
		echo "used0=$(cat $d/used)"
		for n in 1 5 256 1024 3000; do echo $n > $d/alloc || exit 1; done
		echo "used1=$(cat $d/used)"
		echo 4262 > $d/free || exit 1
		echo "used2=$(cat $d/used)"
		echo 24 > $d/free || exit 1
		echo "used3=$(cat $d/used)"
		cma-report --alloc || exit 1'
	expect_eq "exit status" 0 "$VM_RC" || return 1
	used0=$(guest_value used0)
	expect_in_range "used before the allocations" "$used0" 0 8192 &&
		expect_eq "used after allocating 4286 pages" $((used0 + 4286)) "$(guest_value used1)" &&
		expect_eq "used after freeing 4262 of them" $((used0 + 24)) "$(guest_value used2)" &&
		expect_eq "used after freeing the last 24" "$used0" "$(guest_value used3)" || return 1
	expect_output '^cma-test-region: .*inside area: yes, pattern: ok' &&
		expect_output '^cma-test-default: .*inside area: yes, pattern: ok' &&
		expect_no_output 'possible (circular|recursive) locking|inconsistent lock state|sleeping function called'
}

# The leak check of the stress and fault suites (kmemleak-guest.sh) sees a
# leak: the debug kernel's test-only cma_provoke/leak kmallocs N 128-byte
# objects and forgets them. kmemleak's scan itself announces them on the
# console ("kmemleak: N new suspected memory leaks"), which the runner
# takes for a complaint: the run must end in exit status 125 for that, and
# for nothing else.
test_debug_kmemleak_sees_a_leak() {
	local leaks complaints
	vm --kernel debug --add scripts/tests/kmemleak-guest.sh -- '
		p=/sys/kernel/debug/cma_provoke/leak
		[ -w $p ] || { echo "provoke error=no-$p"; exit 1; }
		sh kmemleak-guest.sh start || exit 1
		echo 3 >$p || exit 1
		sh kmemleak-guest.sh check'
	expect_output '<<vm-exit-status=0>>' || return 1
	expect_eq "exit status (125: the kernel complained)" 125 "$VM_RC" || return 1
	complaints=$(printf '%s\n' "$VM_OUT" | scripts/splat --all | cut -f1 | sort -u)
	expect_eq "the kinds of complaint" "a memory leak" "$complaints" || return 1
	leaks=$(guest_value leaks)
	expect_in_range "kmemleak reports of the 3 objects leaked" "$leaks" 1 4 &&
		expect_output '^kmemleak\| unreferenced object 0x[0-9a-f]+ \(size 128\):' &&
		expect_output '^kmemleak\| .*\] cma_provoke'
}
