# SPDX-License-Identifier: GPL-2.0
# Helpers for scripts/tests/*.sh; sourced by scripts/check.
#
# A test is a function test_NAME that returns 0 when it passes. On failure
# it says what it expected and what it saw on a line starting "check: "
# (fail / expect_* do that) and returns non-zero.

VM_OUT=
VM_RC=

# fail MESSAGE: report a failure and return 1.
fail() {
	echo "check: $*"
	return 1
}

# vm ARGS...: run scripts/vm, keep its console in $VM_OUT and status in $VM_RC.
# Console lines are also copied to the test's log.
vm() {
	VM_OUT=$(scripts/vm "$@" 2>&1)
	VM_RC=$?
	printf '%s\n' "$VM_OUT"
	echo "[vm exit status $VM_RC]"
}

# vm_ok ARGS...: run scripts/vm and require exit status 0.
vm_ok() {
	vm "$@"
	[ "$VM_RC" -eq 0 ] ||
		fail "guest command exit status 0, saw $VM_RC ($(vm_why))"
}

# The runner's own explanation of a failed run, if any.
vm_why() {
	printf '%s\n' "$VM_OUT" | grep -m1 '^vm: ' || echo "no vm: line"
}

# guest_value KEY: the value of the last "KEY=value" line the guest printed.
guest_value() {
	printf '%s\n' "$VM_OUT" | sed -n "s/^$1=//p" | tail -n 1
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', saw '$3'"
}

# expect_output REGEX: the console has a line matching REGEX (grep -E).
expect_output() {
	printf '%s\n' "$VM_OUT" | grep -qE -- "$1" ||
		fail "console line matching /$1/, saw none"
}

# expect_no_output REGEX
expect_no_output() {
	local line
	line=$(printf '%s\n' "$VM_OUT" | grep -m1 -E -- "$1")
	[ -z "$line" ] || fail "no console line matching /$1/, saw '$line'"
}

# expect_in_range WHAT VALUE LOW HIGH: LOW <= VALUE < HIGH (integers, 0x ok).
expect_in_range() {
	[ -n "$2" ] || { fail "$1: expected a value in [$3, $4), saw nothing"; return; }
	(($2 >= $3 && $2 < $4)) ||
		fail "$1: expected a value in [$3, $4), saw $(printf '0x%x' "$2")"
}
