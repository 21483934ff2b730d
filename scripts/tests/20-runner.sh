# SPDX-License-Identifier: GPL-2.0
# The runner's contract: exit codes, --add, --append, --mem, --smp.

test_runner_success_is_0() {
	vm -- 'cat /proc/version'
	expect_eq "exit status" 0 "$VM_RC" && expect_output '^Linux version 6\.1\.'
}

test_runner_returns_command_status() {
	vm -- 'exit 7'
	expect_eq "exit status" 7 "$VM_RC"
}

# A timeout wins over a complaint, which is named all the same.
test_runner_timeout_is_124() {
	vm --timeout 8 -- 'echo WARNING > /sys/kernel/debug/provoke-crash/DIRECT; sleep 60'
	expect_eq "exit status" 124 "$VM_RC" && expect_output '^vm: timeout' &&
		expect_output '^vm: the kernel printed a kernel warning: WARNING: CPU: '
}

test_runner_kernel_warning_is_125() {
	vm -- 'echo WARNING > /sys/kernel/debug/provoke-crash/DIRECT; exit 0'
	expect_eq "exit status" 125 "$VM_RC" &&
		expect_output '^vm: the kernel printed a kernel warning: WARNING: CPU: [0-9]+ PID: [0-9]+ at .*lkdtm'
}

test_runner_kernel_panic_is_125() {
	vm -- 'echo PANIC > /sys/kernel/debug/provoke-crash/DIRECT; exit 0'
	expect_eq "exit status" 125 "$VM_RC" &&
		expect_output '^vm: the kernel printed a panic: Kernel panic - not syncing: '
}

# What the command prints itself is no complaint, even in the kernel's words.
test_runner_command_output_is_no_splat() {
	vm -- 'echo "BUG: x"; echo "WARNING: possible circular locking dependency detected"; echo "Kernel panic - not syncing: x"; exit 0'
	expect_eq "exit status" 0 "$VM_RC" && expect_no_output '^vm: '
}

# The debug kernel's own checkers, provoked for real (cma_provoke): the
# runner names lockdep's report, the first; the sleep in atomic context
# printed after it is one too.
test_runner_lockdep_report_is_125() {
	local all
	vm --kernel debug -- 'echo 1 > /sys/kernel/debug/cma_provoke/lockdep; echo 1 > /sys/kernel/debug/cma_provoke/atomic_sleep; exit 0'
	expect_eq "exit status" 125 "$VM_RC" &&
		expect_output '^vm: the kernel printed a lockdep report: WARNING: possible circular locking dependency detected$' ||
		return 1
	all=$(printf '%s\n' "$VM_OUT" | scripts/splat --all | cut -f1 | sort -u | tr '\n' ,)
	expect_eq "the kinds of complaint on the console" "a lockdep report,a sleep in atomic context," "$all"
}

test_runner_lost_status_is_126() {
	vm -- 'poweroff -f'
	expect_eq "exit status" 126 "$VM_RC"
}

test_runner_add_copies_files_and_dirs() {
	local d
	d=$(mktemp -d)
	echo hello-file >"$d/one.txt"
	mkdir -p "$d/tree/sub"
	echo hello-dir >"$d/tree/sub/two.txt"
	vm --add "$d/one.txt" --add "$d/tree" -- 'echo "got=$(cat one.txt)+$(cat tree/sub/two.txt)"; echo "pwd=$(pwd)"'
	rm -rf "$d"
	expect_eq "exit status" 0 "$VM_RC" &&
		expect_eq "files read in the guest" hello-file+hello-dir "$(guest_value got)" &&
		expect_eq "working directory" /root "$(guest_value pwd)"
}

test_runner_append_mem_smp() {
	vm --mem 256 --smp 1 --append "cma=8M quiet_marker=yes" -- \
		'echo "cmdline=$(cat /proc/cmdline)"; echo "cpus=$(grep -c ^processor /proc/cpuinfo)"; echo "memkb=$(sed -n "s/^MemTotal: *\([0-9]*\).*/\1/p" /proc/meminfo)"'
	expect_eq "exit status" 0 "$VM_RC" || return 1
	case $(guest_value cmdline) in
	*"cma=8M quiet_marker=yes"*) ;;
	*) fail "kernel command line with the appended args, saw '$(guest_value cmdline)'" || return 1 ;;
	esac
	expect_eq "CPUs" 1 "$(guest_value cpus)" &&
		expect_in_range "MemTotal kB" "$(guest_value memkb)" 200000 262144
}

test_runner_mounts_pseudo_filesystems() {
	vm -- 'for m in /proc /sys /dev /sys/kernel/debug /sys/kernel/tracing; do grep -q " $m " /proc/mounts && echo "mounted=$m"; done; test -e /sys/kernel/tracing/events/cma && echo events=yes'
	expect_eq "exit status" 0 "$VM_RC" &&
		expect_eq "mounted" 5 "$(printf '%s\n' "$VM_OUT" | grep -c '^mounted=')" &&
		expect_eq "tracefs cma events" yes "$(guest_value events)"
}
