# SPDX-License-Identifier: GPL-2.0
# Guest helpers (BusyBox sh, sourced) for the suites that run cma_hog as a
# coprocess: 56-stress's stress-guest.sh and 57-faults's faults-guest.sh.
# The hog reads commands on fd 3 and answers each with one line on fd 4.
#
#   hog_start ARGS...   start cma_hog ARGS and print its first answer
#   hog_cmd CMD         send CMD and print the answer, while the hog lives
#   hog_stop            quit the hog (if it lives), print hog_exit=STATUS
#   kernel_free_kb      free memory outside the CMA areas, in kB
#
# A hog that died (137: the OOM killer) prints "hog error=killed
# status=N: <the kernel's OOM line>" once, and hog_cmd fails from then
# on. HOG_WHERE, if set, is added to that line (where it happened).
# The caller ignores SIGPIPE (trap '' PIPE), so that writing to a dead
# hog fails instead of killing the script.

hog=
hog_status=

# Free memory outside the CMA areas, in kB: what the kernel's own
# allocations can use.
kernel_free_kb() {
	awk '/^MemFree:/ { f = $2 } /^CmaFree:/ { c = $2 } END { print f - c }' \
		/proc/meminfo
}

# The hog's answer to the command just sent to it. If it is gone instead,
# say how, and fail.
hog_reply() {
	local line
	if read -r line <&4; then
		echo "$line"
		return 0
	fi
	wait $hog
	hog_status=$?
	echo "hog error=killed${HOG_WHERE:+ at $HOG_WHERE} status=$hog_status:" \
		"$(dmesg | grep -m1 -E 'Out of memory|oom-kill')"
	return 1
}

hog_start() {
	mkfifo /tmp/hog.in /tmp/hog.out || exit 1
	cma_hog "$@" </tmp/hog.in >/tmp/hog.out &
	hog=$! hog_status=
	exec 3>/tmp/hog.in 4</tmp/hog.out
	hog_reply
}

hog_cmd() {
	[ -z "$hog_status" ] || return 1
	echo "$1" >&3 && hog_reply
}

hog_stop() {
	[ -n "$hog_status" ] || hog_cmd quit
	exec 3>&- 4<&-
	if [ -z "$hog_status" ]; then
		wait $hog
		hog_status=$?
	fi
	rm -f /tmp/hog.in /tmp/hog.out
	echo "hog_exit=$hog_status"
}
