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

# The baseline's objects start as a copy of the patched kernel's
# (scripts/kernel): none of ours may stay in it. Our tracepoint
# cma_alloc_window is in the patched kernel only, upstream's debugfs
# helper cma_alloc_aligned in the baseline only.
test_baseline_links_upstream_cma() {
	local p=build/patched/src/obj/System.map b=build/baseline/src/obj/System.map
	grep -q ' __tracepoint_cma_alloc_window$' "$p" ||
		{ fail "patched System.map: __tracepoint_cma_alloc_window, saw none"; return 1; }
	! grep -q ' __tracepoint_cma_alloc_window$' "$b" ||
		{ fail "baseline System.map: no __tracepoint_cma_alloc_window (ours), saw it"; return 1; }
	grep -q ' cma_alloc_aligned$' "$b" ||
		{ fail "baseline System.map: cma_alloc_aligned (upstream's cma_debug.c), saw none"; return 1; }
	! grep -q ' cma_alloc_aligned$' "$p" ||
		fail "patched System.map: no cma_alloc_aligned, saw it"
}

# The debug kernel (lockdep, KASAN, kmemleak, ...), which 20-runner boots
# already: built here, so that the time table counts it as a build.
test_debug_kernel_builds() {
	local o missing=''
	scripts/kernel debug || return 1
	for o in PROVE_LOCKING DEBUG_ATOMIC_SLEEP DEBUG_VM DEBUG_VM_PGFLAGS \
		DEBUG_PAGEALLOC KASAN DEBUG_KMEMLEAK SOFTLOCKUP_DETECTOR \
		DETECT_HUNG_TASK FAIL_CMA FAILSLAB FAIL_PAGE_ALLOC; do
		grep -qx "CONFIG_$o=y" build/debug/src/obj/.config || missing="$missing $o"
	done
	[ -z "$missing" ] || fail "debug: every option =y as merged, missing:$missing"
}

test_guest_userspace_builds() {
	scripts/guest/build || return 1
	file build/guest/busybox | grep -q 'ARM, EABI5.*statically linked' ||
		fail "busybox: static ARM EABI5 executable, saw '$(file -b build/guest/busybox)'"
}

# Every ARM user of the CMA API compiles against our headers, hugetlb too
# (HUGETLBFS needs LPAE on ARM): built as single objects in a second
# object tree of the patched kernel. W=1 shows warnings in the log; only
# errors fail (the base files have W=1 warnings of their own).
test_cma_api_callers_compile() {
	local src=build/patched/src objs
	objs="mm/hugetlb.o mm/cma.o kernel/dma/contiguous.o kernel/dma/pool.o
	      arch/arm/mm/dma-mapping.o drivers/dma-buf/heaps/cma_heap.o
	      mm/page_alloc.o mm/vmstat.o fs/proc/meminfo.o lib/show_mem.o"
	mkdir -p "$src/obj-callers"
	cat "$src/obj/fragment.config" - >"$src/obj-callers/fragment.config" <<-CONF
		CONFIG_ARM_LPAE=y
		CONFIG_HUGETLBFS=y
	CONF
	(
		flock 9
		kmake() {
			make -C "$src" O=obj-callers ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- \
				CC="ccache arm-linux-gnueabihf-gcc" "$@"
		}
		kmake -s KCONFIG_ALLCONFIG="$PWD/$src/obj-callers/fragment.config" allnoconfig &&
			grep -qx CONFIG_HUGETLB_PAGE=y "$src/obj-callers/.config" &&
			# shellcheck disable=SC2086
			kmake -s -j"$(nproc)" W=1 $objs
	) 9>build/.kernel-build.lock || fail "the CMA API callers compile (LPAE, HUGETLBFS)"
}
