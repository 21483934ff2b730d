# SPDX-License-Identifier: GPL-2.0
# The kselftest of tools/testing/selftests/cma (cma_abi: the debugfs and
# sysfs ABI of an area) in the guest of both kernels. On the baseline the
# files 6.1 does not have are skipped; nothing may fail on either.

# kselftest KIND: run cma_abi on a fresh guest and judge its TAP output.
kselftest() {
	local fails
	vm --kernel "$1" --append "cma=32M" -- 'cma_abi reserved; echo "ksft_rc=$?"'
	expect_eq "exit status" 0 "$VM_RC" || return 1
	fails=$(printf '%s\n' "$VM_OUT" | grep '^not ok ')
	[ -z "$fails" ] || fail "no 'not ok' result, saw: $fails" || return 1
	expect_output '^# Totals: pass:[1-9][0-9]* fail:0 ' &&
		expect_eq "cma_abi exit status" 0 "$(guest_value ksft_rc)"
}

test_patched_kselftest_cma_abi() {
	kselftest patched || return 1
	# Our kernel has every file: nothing is skipped.
	expect_output '^# Totals: .* skip:0 '
}

test_baseline_kselftest_cma_abi() {
	kselftest baseline || return 1
	printf '%s\n' "$VM_OUT" | grep '^ok .* # SKIP' | sed 's/^/skipped on baseline: /'
}
