# SPDX-License-Identifier: GPL-2.0
# Build everything the other tests boot. Later tests fail on their own if
# a build here failed; these say why.

test_base_kernel_is_linux_6_1() {
	local v
	v=$(scripts/base) || return 1
	echo "$v"
	case $v in
	"base: Linux 6.1."*) ;;
	*) fail "base kernel version 6.1.x, saw '$v'" ;;
	esac
}

test_patched_kernel_builds() {
	scripts/kernel patched
}

test_baseline_kernel_builds() {
	scripts/kernel baseline
}

test_guest_userspace_builds() {
	scripts/guest/build || return 1
	file build/guest/busybox | grep -q 'ARM, EABI5.*statically linked' ||
		fail "busybox: static ARM EABI5 executable, saw '$(file -b build/guest/busybox)'"
}
