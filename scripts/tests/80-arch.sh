# SPDX-License-Identifier: GPL-2.0
# Other architectures: the patched kernel builds for arm64, and its
# objects and the CMA API's callers compile for x86_64, with W=1 and no
# warning from a project file, and the arm64 one boots under
# qemu-system-aarch64 (virt, cortex-a57, RAM from 0x40000000) with the
# areas it was asked for and passes the cma_abi kselftest and KUnit suites.

# arch_kernel_builds KIND OPTION...: scripts/kernel KIND succeeds, no
# project file has a warning, and each CONFIG_OPTION is =y as merged.
arch_kernel_builds() {
	local kind=$1 o missing='' warns
	shift
	scripts/kernel "$kind" || { fail "scripts/kernel $kind succeeds"; return 1; }
	warns=$(cat "build/$kind/warnings.txt")
	[ -z "$warns" ] || fail "no W=1 warning from a project file, saw:
$warns" || return 1
	for o in "$@"; do
		grep -qx "CONFIG_$o=y" "build/$kind/src/obj/.config" || missing="$missing $o"
	done
	[ -z "$missing" ] || fail "$kind: every option =y as merged, missing:$missing"
}

test_arm64_kernel_builds() {
	arch_kernel_builds arm64 ARM64 NUMA CMA DMA_CMA DMA_PERNUMA_CMA CMA_DEBUGFS \
		CMA_SYSFS OF_RESERVED_MEM HUGETLBFS HUGETLB_PAGE DMABUF_HEAPS_CMA \
		CMA_TEST CMA_API_KUNIT_TEST CMA_KUNIT_TEST CMA_BENCH \
		SERIAL_AMBA_PL011_CONSOLE ARM_PSCI_FW BLK_DEV_INITRD LKDTM || return 1
	file build/arm64/Image | grep -q 'Linux kernel ARM64 boot executable Image' ||
		fail "build/arm64/Image: an arm64 boot image, saw '$(file -b build/arm64/Image)'"
}

test_x86_64_kernel_builds() {
	arch_kernel_builds x86_64 X86_64 NUMA CMA DMA_CMA DMA_PERNUMA_CMA CMA_DEBUGFS \
		CMA_SYSFS HUGETLBFS HUGETLB_PAGE DMABUF_HEAPS_CMA CMA_TEST \
		CMA_API_KUNIT_TEST CMA_KUNIT_TEST CMA_BENCH || return 1
	x86_64_objects_compiled
}

# Every object scripts/kernel x86_64 lists (the project's and the CMA
# API's callers) is an x86-64 object file, and mm/cma.o is among them.
x86_64_objects_compiled() {
	local list=build/x86_64/objects.txt o bad=''
	grep -qx mm/cma.o "$list" && grep -qx arch/x86/kernel/setup.o "$list" ||
		{ fail "$list names mm/cma.o and arch/x86/kernel/setup.o, saw: $(tr '\n' ' ' <"$list")"; return 1; }
	while read -r o; do
		file "build/x86_64/src/obj/$o" | grep -q 'ELF 64-bit LSB relocatable, x86-64' ||
			bad="$bad $o"
	done <"$list"
	[ -z "$bad" ] || fail "x86-64 relocatable objects, not so:$bad"
}

test_arm64_guest_builds() {
	scripts/guest/build arm64 || return 1
	file build/guest-arm64/busybox | grep -q 'ARM aarch64.*statically linked' ||
		fail "busybox: static aarch64 executable, saw '$(file -b build/guest-arm64/busybox)'" ||
		return 1
	file build/guest-arm64/bin/cma_abi | grep -q 'ARM aarch64.*statically linked' ||
		fail "cma_abi: static aarch64 executable, saw '$(file -b build/guest-arm64/bin/cma_abi)'"
}

test_runner_does_not_boot_x86_64() {
	local out rc
	out=$(scripts/vm --kernel x86_64 -- true 2>&1)
	rc=$?
	expect_eq "scripts/vm --kernel x86_64 exit status" 2 "$rc" &&
		{ printf '%s\n' "$out" | grep -q '^vm: .*x86_64' ||
			fail "a 'vm:' line naming x86_64, saw '$out'"; }
}

# The runner's exit codes as on ARM: the command's, 124 on timeout, 125
# on a kernel WARNING, 126 without a status.
test_arm64_runner_exit_codes() {
	vm --kernel arm64 -- 'uname -m; exit 7'
	expect_eq "exit status" 7 "$VM_RC" && expect_output '^aarch64$' || return 1
	vm --kernel arm64 --timeout 8 -- 'sleep 60'
	expect_eq "exit status on timeout" 124 "$VM_RC" || return 1
	vm --kernel arm64 -- 'echo WARNING > /sys/kernel/debug/provoke-crash/DIRECT; exit 0'
	expect_eq "exit status after a WARNING" 125 "$VM_RC" &&
		expect_output '^vm: the kernel printed a kernel warning: WARNING: ' || return 1
	vm --kernel arm64 -- 'poweroff -f'
	expect_eq "exit status without a status" 126 "$VM_RC"
}

# arm64_area APPEND AREA [VM OPTIONS...]: boot arm64 with APPEND, print the
# report keys, and check that AREA exists.
arm64_area() {
	local append=$1 area=$2
	shift 2
	vm --kernel arm64 --append "$append" "$@" -- 'cma-report --keys'
	expect_eq "exit status" 0 "$VM_RC" || return 1
	case " $(guest_value areas) " in
	*" $area "*) ;;
	*) fail "area '$area' in /sys/kernel/mm/cma, saw '$(guest_value areas)'" ;;
	esac
}

test_arm64_cmdline_area() {
	arm64_area "cma=32M" reserved || return 1
	expect_eq "reserved size" $((32 << 20)) "$(guest_value area.reserved.size)" &&
		expect_eq "CmaTotal kB" 32768 "$(guest_value meminfo.CmaTotal)"
}

test_arm64_cmdline_range() {
	arm64_area "cma=16M@0x48000000-0x58000000" reserved || return 1
	expect_eq "reserved size" $((16 << 20)) "$(guest_value area.reserved.size)" &&
		expect_in_range "reserved base" "$(guest_value area.reserved.base)" \
			0x48000000 0x57000001 &&
		expect_eq "CmaTotal kB" 16384 "$(guest_value meminfo.CmaTotal)"
}

# One area per NUMA node (virt has one node) beside the default area.
test_arm64_cma_pernuma() {
	arm64_area "cma=32M cma_pernuma=8M" pernuma0 || return 1
	expect_eq "pernuma0 size" $((8 << 20)) "$(guest_value area.pernuma0.size)" &&
		expect_eq "CmaTotal kB" $((32768 + 8192)) "$(guest_value meminfo.CmaTotal)"
}

# hugetlb's areas are of gigantic pages: 1 GiB with 4 KiB pages.
test_arm64_hugetlb_cma() {
	arm64_area "cma=32M hugetlb_cma=1G" hugetlb0 --mem 2048 || return 1
	expect_eq "hugetlb0 size" $((1 << 30)) "$(guest_value area.hugetlb0.size)" &&
		expect_eq "CmaTotal kB" $((32768 + 1048576)) "$(guest_value meminfo.CmaTotal)"
}

test_arm64_dma_alloc_coherent() {
	vm --kernel arm64 --dtso scripts/dts/cma-test.dtso -- 'cma-report --alloc'
	expect_eq "exit status" 0 "$VM_RC" &&
		expect_output '^cma-test-region: dma_alloc_coherent\(1 MiB\) at 0x[0-9a-f]+ from its device area cma-test-pool: inside area: yes, pattern: ok' &&
		expect_output '^cma-test-default: dma_alloc_coherent\(1 MiB\) at 0x[0-9a-f]+ from its default area reserved: inside area: yes, pattern: ok'
}

# As scripts/tests/65-kselftest.sh on ARM: nothing fails, nothing skipped.
test_arm64_kselftest_cma_abi() {
	local fails
	vm --kernel arm64 --append "cma=32M" -- 'cma_abi reserved; echo "ksft_rc=$?"'
	expect_eq "exit status" 0 "$VM_RC" || return 1
	fails=$(printf '%s\n' "$VM_OUT" | grep '^not ok ')
	[ -z "$fails" ] || fail "no 'not ok' result, saw: $fails" || return 1
	expect_output '^# Totals: pass:[1-9][0-9]* fail:0 ' &&
		expect_output '^# Totals: .* skip:0 ' &&
		expect_eq "cma_abi exit status" 0 "$(guest_value ksft_rc)"
}

# Both built-in suites in one boot, every case ok.
test_arm64_kunit() {
	local rc=0 suite
	vm --kernel arm64 --append "cma=32M kunit.filter_glob=cma_*" -- true
	for suite in cma_api cma_placement; do
		kunit_suite_result "$suite" || rc=1
		[ "$KUNIT_SKIPPED" -eq 0 ] ||
			{ fail "kunit $suite: no skipped test case on arm64, saw: $KUNIT_SKIPS"; rc=1; }
	done
	[ "$VM_RC" -eq 0 ] || { fail "exit status 0, saw $VM_RC ($(vm_why))"; rc=1; }
	return $rc
}

# The command-line rows of the hostile matrix that need a kernel only
# arm64 builds here (pernuma-bad: DMA_PERNUMA_CMA). There must be some.
test_arm64_hostile_cmdline() {
	. scripts/tests/75-hostile.sh
	[ -n "$(hostile_rows cmdline arm64)" ] ||
		{ fail "hostile command-line rows for arm64 (pernuma-bad), saw none"; return 1; }
	hostile_boots cmdline arm64
}
