# SPDX-License-Identifier: GPL-2.0
# Other architectures: the patched kernel builds for arm64, and its
# objects and the CMA API's callers compile for x86_64, with W=1 and no
# warning from a project file, and the arm64 one boots under
# qemu-system-aarch64 (virt, cortex-a57, RAM from 0x40000000) with the
# areas it was asked for, passes the cma_abi kselftest and KUnit suites,
# and allocates from an area full of in-use huge pages.

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
		CMA_SYSFS OF_RESERVED_MEM HUGETLBFS HUGETLB_PAGE TRANSPARENT_HUGEPAGE \
		DMABUF_HEAPS_CMA CMA_TEST CMA_API_KUNIT_TEST CMA_KUNIT_TEST CMA_BENCH \
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

# The arm64 baseline (upstream CMA with our tests), its objects copied from
# the arm64 kernel's: it links upstream's CMA, none of ours.
test_baseline_arm64_kernel_builds() {
	local map=build/baseline-arm64/src/obj/System.map
	arch_kernel_builds baseline-arm64 ARM64 CMA DMA_CMA CMA_DEBUGFS CMA_SYSFS \
		HUGETLBFS TRANSPARENT_HUGEPAGE CMA_TEST || return 1
	! grep -q ' __tracepoint_cma_alloc_window$' "$map" ||
		{ fail "baseline-arm64 System.map: no __tracepoint_cma_alloc_window (ours), saw it"; return 1; }
	grep -q ' cma_alloc_aligned$' "$map" ||
		fail "baseline-arm64 System.map: cma_alloc_aligned (upstream's), saw none"
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

# huge_value WHAT KEY: the value of KEY= on the last "huge WHAT..." line
# that cma_huge printed in the guest (scripts/tests/huge-guest.sh).
huge_value() {
	printf '%s\n' "$VM_OUT" | awk -v what="$1" -v key="$2=" '
		$1 == "huge" && index($2, what) == 1 {
			for (i = 2; i <= NF; i++)
				if (index($i, key) == 1)
					v = substr($i, length(key) + 1)
		}
		END { print v }'
}

# counter_delta NAME: how much the area's sysfs counter NAME grew.
counter_delta() {
	local before after
	before=$(guest_value "before.$1")
	after=$(guest_value "after.$1")
	[ -n "$before" ] && [ -n "$after" ] || { echo "?"; return; }
	echo $((after - before))
}

# arm64_huge_in_area KIND TYPE CMA_HUGE_OPTIONS...: boot KIND (arm64 or
# baseline-arm64, which lacks our sysfs counters) with a 68 MiB
# default area (of which the DMA atomic pools take 96 pages at boot: 64
# MiB would not hold four allocations of 16 MiB), fill it with in-use huge
# pages of TYPE (cma_huge, leaving 96 MiB of the rest of RAM free for
# them to migrate to), then make four allocations of 4096 pages through
# debugfs and hold them: each succeeds, by migrating huge pages away, and
# no huge page's content changes.
arm64_huge_in_area() {
	local kind=$1 type=$2 gap migrated attempts avail left
	shift 2
	vm --kernel "$kind" --append "cma=68M" --timeout 120 \
		--add scripts/tests/huge-guest.sh -- \
		"sh huge-guest.sh $type reserved 4096 4 -k 96 $*"
	[ -z "$(guest_value thp)" ] ||
		{ fail "/sys/kernel/mm/transparent_hugepage: the arm64 kernel lacks CONFIG_TRANSPARENT_HUGEPAGE"; return 1; }
	expect_eq "exit status" 0 "$VM_RC" || return 1
	[ "$(huge_value ready type)" = "$type" ] ||
		{ fail "a 'huge ready type=$type' line from cma_huge, saw none"; return 1; }
	# Otherwise an allocation could take a range without huge pages.
	gap=$(huge_value ready max_gap_pages)
	[ -n "$gap" ] && [ "$gap" -lt 4096 ] ||
		{ fail "every 4096-page range of the area holds part of an in-use $type page: the longest run without one under 4096 pages, saw '$gap' ($(huge_value ready huge_in_area) of them in the area)"; return 1; }
	expect_eq "allocations of 4096 pages that succeeded" 4 "$(guest_value allocs_ok)" || return 1
	if [ "$kind" = baseline-arm64 ]; then
		arm64_huge_contents_intact
		return
	fi
	attempts=$(counter_delta alloc_attempts)
	migrated=$(counter_delta alloc_pages_migrated)
	[ "$attempts" != "?" ] && [ "$attempts" -ge 4 ] ||
		{ fail "alloc_attempts grew by 4 or more, saw $attempts"; return 1; }
	[ "$migrated" != "?" ] && [ "$migrated" -gt 0 ] ||
		{ fail "alloc_pages_migrated grew, saw $migrated"; return 1; }
	# The free pages the allocations left hold that many huge pages at most.
	avail=$(guest_value before.available_pages)
	left=$(huge_value frames huge_in_area)
	[ -n "$left" ] && [ "$left" -le $(((avail - 4 * 4096) / 512)) ] ||
		{ fail "at most $(((avail - 4 * 4096) / 512)) huge pages left in the area, saw '$left'"; return 1; }
	arm64_huge_contents_intact
}

# After arm64_huge_in_area's allocations: the huge pages kept their
# contents, the allocations were freed, cma_huge exited cleanly.
arm64_huge_contents_intact() {
	expect_eq "cma_huge's patterns after migration" ok "$(huge_value verify verify)" &&
		expect_eq "debugfs free of the 16384 pages" ok "$(guest_value free)" &&
		expect_eq "cma_huge exit status" 0 "$(guest_value huge_exit)"
}

# In-use 2 MiB hugetlb pages (not on an LRU list, not __PageMovable) in
# every range of the area do not stop allocations: they migrate, as on
# 6.1.
test_arm64_hugetlb_pages_in_area() {
	arm64_huge_in_area arm64 hugetlb
}

# 6.1 does it too (its first fit meets the huge pages at once).
test_baseline_arm64_hugetlb_pages_in_area() {
	arm64_huge_in_area baseline-arm64 hugetlb
}

# The same with transparent huge pages mapped by 512 PTEs each (cma_huge
# -s splits their PMD mappings): such a THP has one reference per PTE,
# which is not a pin.
test_arm64_thp_in_area() {
	arm64_huge_in_area arm64 thp -s
}

test_baseline_arm64_thp_in_area() {
	arm64_huge_in_area baseline-arm64 thp -s
}

# hugetlb_cma= in use: a 1 GiB gigantic page is one cma_alloc() of 262144
# pages aligned to 1 GiB, from an area of 512-page chunks (order_per_bit
# 9) whose own base need only be 2 MiB aligned (here 2 GiB of a 3 GiB
# guest, placed from the top of RAM: it holds one aligned 1 GiB range
# whatever 2 MiB it starts at). Demoting the page to 2 MiB pages (not to
# the default 32 MiB ones) and freeing those releases it as 512 sub-ranges
# of one chunk each (hugetlb's free_gigantic_page()). Nothing is refused, every page comes back, and
# the area can do it again.
test_arm64_hugetlb_gigantic_demote() {
	local h=/sys/kernel/mm/hugepages g=hugepages-1048576kB m=hugepages-2048kB r
	vm --kernel arm64 --append "cma=32M hugetlb_cma=2G" --mem 3072 -- "
		s=/sys/kernel/mm/cma/hugetlb0
		for round in 1 2; do
			echo 1 >$h/$g/nr_hugepages
			echo gigantic.\$round=\$(cat $h/$g/nr_hugepages)
			echo available.\$round=\$(cat \$s/available_pages)
			echo 2048kB >$h/$g/demote_size
			echo 1 >$h/$g/demote
			echo demoted.\$round=\$(cat $h/$m/nr_hugepages)
			echo gigantic_left.\$round=\$(cat $h/$g/nr_hugepages)
			echo 0 >$h/$m/nr_hugepages
			echo freed.\$round=\$(cat \$s/available_pages)
		done
		echo success=\$(cat \$s/alloc_pages_success)
		echo released=\$(cat \$s/release_pages_success)"
	expect_eq "exit status" 0 "$VM_RC" || return 1
	expect_no_output 'refused' || return 1
	for r in 1 2; do
		expect_eq "round $r: gigantic pages" 1 "$(guest_value "gigantic\.$r")" &&
			expect_eq "round $r: hugetlb0 available with the gigantic page" 262144 \
				"$(guest_value "available\.$r")" &&
			expect_eq "round $r: 2 MiB pages after demotion" 512 "$(guest_value "demoted\.$r")" &&
			expect_eq "round $r: gigantic pages after demotion" 0 \
				"$(guest_value "gigantic_left\.$r")" &&
			expect_eq "round $r: hugetlb0 available after freeing them" 524288 \
				"$(guest_value "freed\.$r")" || return 1
	done
	expect_eq "pages allocated" $((2 * 262144)) "$(guest_value success)" &&
		expect_eq "pages released" $((2 * 262144)) "$(guest_value released)"
}

# A device's own area, full, on arm64 (dma-direct): dma_alloc_contiguous()
# takes nothing from any other area, and dma-direct then falls back to the
# page allocator, on both kernels: the fifth and sixth 4 MiB buffers come
# from outside the 16 MiB pool. (ARM, which has no fallback, is in 60-dma.)
arm64_dma_area_full() {
	vm --kernel "$1" --dtso scripts/dts/cma-test.dtso -- 'd=/sys/kernel/debug/cma_test/cma-test-region; n=0
		while [ $n -lt 6 ] && echo 4M >$d/alloc 2>/dev/null; do n=$((n + 1)); done
		echo "pool_allocs=$n"; sed "s/^/pool_buffer /" $d/buffers; true'
	expect_eq "exit status" 0 "$VM_RC" || return 1
	expect_eq "4 MiB buffers asked for" 6 "$(guest_value pool_allocs)" &&
		expect_eq "buffers from the pool" 4 \
			"$(printf '%s\n' "$VM_OUT" | grep -c '^pool_buffer .* yes ok$')" &&
		expect_eq "buffers from the page allocator" 2 \
			"$(printf '%s\n' "$VM_OUT" | grep -c '^pool_buffer .* no ok$')"
}

test_arm64_dma_area_full() { arm64_dma_area_full arm64; }
test_baseline_arm64_dma_area_full() { arm64_dma_area_full baseline-arm64; }
