# SPDX-License-Identifier: GPL-2.0
# Both kernels boot and show the CMA areas they were asked for.

# boot_area KIND AREA APPEND [DTSO]: boot, print the report keys, and check
# that AREA exists and /proc/meminfo counts it.
boot_area() {
	local kind=$1 area=$2 append=$3 dtso=${4:-}
	vm --kernel "$kind" --append "$append" ${dtso:+--dtso "$dtso"} -- 'cma-report --keys'
	expect_eq "exit status" 0 "$VM_RC" || return 1
	case " $(guest_value areas) " in
	*" $area "*) ;;
	*) fail "area '$area' in /sys/kernel/mm/cma, saw '$(guest_value areas)'" ;;
	esac
}

cmdline_area() {
	boot_area "$1" reserved "cma=32M" || return 1
	expect_eq "reserved size" $((32 << 20)) "$(guest_value area.reserved.size)" &&
		expect_eq "CmaTotal kB" 32768 "$(guest_value meminfo.CmaTotal)"
}

cmdline_range() {
	boot_area "$1" reserved "cma=0x400000@0x50000000-0x60000000" || return 1
	expect_eq "reserved size" $((4 << 20)) "$(guest_value area.reserved.size)" &&
		expect_in_range "reserved base" "$(guest_value area.reserved.base)" 0x50000000 0x5fc00001
}

dt_pool() {
	boot_area "$1" cma-test-pool "cma=32M" scripts/dts/cma-test.dtso || return 1
	expect_eq "pool size" $((16 << 20)) "$(guest_value area.cma-test-pool.size)" &&
		expect_in_range "pool base" "$(guest_value area.cma-test-pool.base)" 0x50000000 0x5f000001 &&
		expect_eq "CmaTotal kB" $((32768 + 16384)) "$(guest_value meminfo.CmaTotal)"
}

dma_alloc_coherent_from_areas() {
	vm --kernel "$1" --dtso scripts/dts/cma-test.dtso -- 'cma-report --alloc'
	expect_eq "exit status" 0 "$VM_RC" &&
		expect_output '^cma-test-region: dma_alloc_coherent\(1 MiB\) at 0x[0-9a-f]+ from its device area cma-test-pool: inside area: yes, pattern: ok' &&
		expect_output '^cma-test-default: dma_alloc_coherent\(1 MiB\) at 0x[0-9a-f]+ from its default area reserved: inside area: yes, pattern: ok'
}

test_patched_cmdline_area() { cmdline_area patched; }
test_baseline_cmdline_area() { cmdline_area baseline; }
test_patched_cmdline_range() { cmdline_range patched; }
test_baseline_cmdline_range() { cmdline_range baseline; }
test_patched_dt_pool() { dt_pool patched; }
test_baseline_dt_pool() { dt_pool baseline; }
test_patched_dma_alloc_coherent() {
	dma_alloc_coherent_from_areas patched &&
		expect_output '^cma-test-region: standby of 1 MiB in area cma-test-pool: dma_alloc_coherent\(1 MiB\) served from it: yes' &&
		expect_output '^cma-test-default: standby of 1 MiB in area reserved: dma_alloc_coherent\(1 MiB\) served from it: yes'
}
test_baseline_dma_alloc_coherent() { dma_alloc_coherent_from_areas baseline; }
