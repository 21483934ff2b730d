# SPDX-License-Identifier: GPL-2.0
# Host-side checks of the build layout and the runner's interface.

# Options the issue asks the minimal virt config to have, as merged.
test_merged_config_has_required_options() {
	local k o missing=
	for k in patched baseline; do
		for o in MMU ARCH_VIRT SMP ARM_PSCI SERIAL_AMBA_PL011_CONSOLE \
			 BLK_DEV_INITRD DEVTMPFS PROC_FS SYSFS DEBUG_FS TRACING \
			 TRACEPOINTS POSIX_TIMERS MODULES CMA DMA_CMA CMA_DEBUGFS \
			 CMA_SYSFS OF_RESERVED_MEM KUNIT DMABUF_HEAPS \
			 DMABUF_HEAPS_CMA CMA_TEST; do
			grep -qx "CONFIG_$o=y" "build/$k/src/obj/.config" ||
				missing="$missing $k:$o"
		done
	done
	[ -z "$missing" ] || fail "every option =y in both kernels, missing:$missing"
}

# baseline = base + tests; patched = base + tests + impl.
test_overlay_groups_split_the_kernels() {
	local f g bad=
	while IFS=$'\t' read -r g f; do
		case $f in patches/* | "") continue ;; esac
		[ -n "$g" ] || continue
		grep -qxF "$f" build/patched/overlay.list || bad="$bad patched-lacks:$f"
		if [ "$g" = impl ]; then
			grep -qxF "$f" build/baseline/overlay.list && bad="$bad baseline-has:$f"
		else
			grep -qxF "$f" build/baseline/overlay.list || bad="$bad baseline-lacks:$f"
		fi
	done < <(. scripts/env.sh && project_files)
	[ -z "$bad" ] || fail "each kernel holds exactly its groups' files, saw:$bad" || return 1
	cmp -s drivers/misc/cma_test/cma_test.c build/baseline/src/drivers/misc/cma_test/cma_test.c ||
		fail "the test driver in the baseline tree is the project's copy"
}

test_runner_help_documents_every_option() {
	local h o
	h=$(scripts/vm --help) || fail "scripts/vm --help exits 0" || return 1
	for o in --kernel --append --dtso --mem --smp --add --timeout 124 125; do
		printf '%s\n' "$h" | grep -q -- "$o" || fail "--help mentions $o" || return 1
	done
}

test_runner_rejects_bad_options() {
	local out rc args
	for args in "--mem lots" "--smp 9" "--kernel upstream" "--dtso /nonexistent" \
		    "--add /nonexistent" "--bogus" "--timeout"; do
		# shellcheck disable=SC2086
		out=$(scripts/vm $args -- true 2>&1)
		rc=$?
		[ $rc -eq 2 ] || fail "scripts/vm $args: exit 2, saw $rc" || return 1
		printf '%s\n' "$out" | grep -q '^vm: ' ||
			fail "scripts/vm $args: a 'vm:' line naming the problem, saw '$out'" || return 1
	done
}

# Console lines of every kind of complaint a debug kernel prints, as
# "KIND|LINE", in the forms of 6.1's sources; scripts/splat must name KIND
# and the line without its time stamp.
SPLAT_COMPLAINTS='a panic|[    4.100000] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b
an Oops|[    4.100000] Internal error: Oops: 805 [#1] SMP ARM
an Oops|[    4.100000] Unable to handle kernel NULL pointer dereference at virtual address 00000000 when write
an Oops|[    4.100000] Unable to handle kernel paging request at virtual address 5a5a5a5a when read
a kernel BUG|[    4.100000] kernel BUG at mm/cma.c:412!
a list corruption|[    4.100000] list_add corruption. prev->next should be next (c1a2b3c4), but was c4b3a2c1. (prev=c0ffee00).
a list corruption|[    4.100000] list_del corruption, c1a2b3c4->next is LIST_POISON1 (00000100)
a list corruption|[    4.100000] WARNING: CPU: 1 PID: 61 at lib/list_debug.c:30 __list_add_valid+0x7c/0xa4
a KASAN report|[    4.100000] BUG: KASAN: slab-out-of-bounds in cma_alloc+0x1f0/0x6b8
a KASAN report|[    4.100000] BUG: KASAN: use-after-free in cma_release+0x40/0x1a0
a KFENCE report|[    4.100000] BUG: KFENCE: use-after-free read in cma_release+0x40/0x1a0
a slab corruption report|[    4.100000] BUG kmalloc-128 (Not tainted): Redzone overwritten
a sleep in atomic context|[    4.100000] BUG: sleeping function called from invalid context at drivers/misc/cma_test/cma_provoke.c:178
a sleep in atomic context|[    4.100000] BUG: scheduling while atomic: sh/61/0x00000002
a spinlock BUG|[    4.100000] BUG: spinlock bad magic on CPU#0, sh/61
a spinlock BUG|[    4.100000] BUG: spinlock recursion on CPU#1, kworker/1:1/30
a bad page report|[    4.100000] BUG: Bad page state in process sh  pfn:4a2b1
a soft lockup|[   44.100000] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [sh:61]
a soft lockup|[   44.100000] BUG: soft lockup - CPU#1 stuck for 23s! [kworker/1:1:30]
a hard lockup|[   44.100000] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1
a workqueue lockup|[   44.100000] BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 31s!
a hung task|[  244.100000] INFO: task sh:61 blocked for more than 120 seconds.
an RCU stall|[   44.100000] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:
an RCU stall|[   44.100000] rcu: INFO: rcu_sched self-detected stall on CPU
an RCU stall|[   44.100000] rcu: INFO: rcu_sched detected expedited stalls on CPUs/tasks: { 1-... } 2102 jiffies s: 61 root: 0x2/.
a suspicious RCU usage report|[    4.100000] WARNING: suspicious RCU usage
a lockdep report|[    4.100000] WARNING: possible circular locking dependency detected
a lockdep report|[    4.100000] WARNING: possible recursive locking detected
a lockdep report|[    4.100000] WARNING: inconsistent lock state
a lockdep report|[    4.100000] WARNING: possible irq lock inversion dependency detected
a lockdep report|[    4.100000] WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected
a lockdep report|[    4.100000] WARNING: bad unlock balance detected!
a lockdep report|[    4.100000] WARNING: held lock freed!
a lockdep report|[    4.100000] WARNING: lock held when returning to user space!
a lockdep report|[    4.100000] WARNING: sh/61 still has locks held!
a lockdep report|[    4.100000] BUG: MAX_LOCKDEP_ENTRIES too low!
a lockdep report|[    4.100000] INFO: trying to register non-static key.
lockdep turned off|[    4.100000] Disabling lock debugging due to kernel taint
a UBSAN report|[    4.100000] UBSAN: shift-out-of-bounds in mm/cma.c:321:20
a memory leak|[   12.100000] kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
a memory leak|[   12.100000] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
a kmemleak warning|[    4.100000] kmemleak: Freeing unknown object at 0xc1a2b3c4
kmemleak turned off|[    4.100000] kmemleak: Kernel memory leak detector disabled
a kernel warning|[    4.100000] WARNING: CPU: 0 PID: 61 at mm/cma.c:500 cma_alloc+0x1c/0x40
a kernel warning|[    4.100000] WARNING: at mm/cma.c:500 cma_alloc+0x1c/0x40
a kernel warning|[    4.100000] WARNING: timekeeping: Cycle offset (31) is larger than allowed by the '\''arch_sys_counter'\'' clock'\''s max_cycles value (22): time overflow danger
a BUG report|[    4.100000] BUG: using smp_processor_id() in preemptible [00000000] code: sh/61
a lockdep report|[12345.678901] WARNING: possible circular locking dependency detected
a lockdep report|output of the command without a newline[    5.000000] WARNING: inconsistent lock state'

# Lines that are no complaint: boot messages that name checkers, fault
# injection with its stack dump, warn_alloc()'s report, and a command's
# own output, which has no time stamp.
SPLAT_BENIGN='[    0.000000] Booting Linux on physical CPU 0x0
[    0.000000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    0.000000] ... MAX_LOCK_DEPTH:          48
[    0.000000] ... MAX_LOCKDEP_KEYS:        8192
[    0.000000] Kernel command line: console=ttyAMA0 panic=-1 rdinit=/init kunit.enable=0
[    0.000000] rcu: Hierarchical RCU implementation.
[    0.000000] kmemleak: Kernel memory leak detector initialized (mem pool available: 15692)
[    0.000000] kmemleak: Automatic memory scanning thread started
[    1.000000] cma: Reserved 32 MiB at 0x5e000000 on node -1
[    3.000000] FAULT_INJECTION: forcing a failure.
[    3.000000] name failslab, interval 1, probability 0, space 0, times 1
[    3.000000] CPU: 0 PID: 61 Comm: sh Not tainted 6.1.0 #1
[    3.000000] Hardware name: Generic DT based system
[    3.000000]  unwind_backtrace from show_stack+0x10/0x14
[    3.000000]  show_stack from dump_stack_lvl+0x58/0x70
[    3.000000]  dump_stack_lvl from should_fail_ex+0x1a4/0x1e0
[    3.000000]  should_fail_ex from __should_failslab+0x70/0x9c
[    3.000000] sh: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0
[    3.000000]  dump_stack_lvl from warn_alloc+0x100/0x1a4
[    3.000000] Mem-Info:
[    3.000000] active_anon:0 inactive_anon:0 isolated_anon:0
[    3.000000] cma: cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -12
[    3.000000] ------------[ cut here ]------------
[    3.000000] INFO: lockdep is turned off.
BUG: x
WARNING: CPU: 0 PID: 1 at somewhere
Kernel panic - not syncing: echoed by the command
kmemleak: 3 new suspected memory leaks
rcu: INFO: rcu_sched detected stalls on CPUs/tasks:
<<vm-exit-status=0>>'

test_splat_names_every_kind_of_complaint() {
	local kind line out bad=0 n=0
	while IFS='|' read -r kind line; do
		n=$((n + 1))
		out=$(printf '%s\n' "$line" | scripts/splat)
		[ "$out" = "$kind"$'\t'"${line#*] }" ] ||
			fail "scripts/splat on '$line': '$kind<TAB>${line#*] }', saw '$out'" ||
			bad=$((bad + 1))
	done <<<"$SPLAT_COMPLAINTS"
	echo "$n complaint lines, $bad misnamed"
	[ "$bad" -eq 0 ]
}

test_splat_passes_benign_lines() {
	local out rc
	out=$(printf '%s\n' "$SPLAT_BENIGN" | scripts/splat --all)
	rc=$?
	[ -z "$out" ] || fail "no complaint in benign lines, saw '$out'" || return 1
	expect_eq "exit status without a complaint" 1 "$rc"
}

# The first complaint of a whole console wins; --all lists each.
test_splat_reports_the_first_complaint() {
	local log out rc
	log=$(printf '%s\n' "$SPLAT_BENIGN" \
		'[    5.000000] ======================================================' \
		'[    5.000000] WARNING: possible circular locking dependency detected' \
		'[    5.000000] 6.1.0 #1 Not tainted' \
		"$SPLAT_BENIGN" \
		'[    6.000000] BUG: sleeping function called from invalid context at mm/cma.c:1')
	out=$(printf '%s\n' "$log" | scripts/splat)
	rc=$?
	expect_eq "exit status with a complaint" 0 "$rc" || return 1
	expect_eq "first complaint" "a lockdep report"$'\t'"WARNING: possible circular locking dependency detected" "$out" || return 1
	out=$(printf '%s\n' "$log" | scripts/splat --all | cut -f1 | tr '\n' ,)
	expect_eq "every complaint" "a lockdep report,a sleep in atomic context," "$out" || return 1
	scripts/splat /nonexistent 2>/dev/null
	expect_eq "exit status on a missing file" 2 "$?"
}
