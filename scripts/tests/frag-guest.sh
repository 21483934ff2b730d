# SPDX-License-Identifier: GPL-2.0
# Guest side of 70-bench.sh's fragmentation test (BusyBox sh): a long mixed
# workload on one area while the hog keeps it lent out. Small buffers
# (1-48 pages) are allocated and kept, up to SMALL_MAX of them; every
# eighth step is a large request (LARGE pages), freed at once if it
# succeeds, and the hog stirs part of its memory so that the area fills
# again. The sequence of sizes is the same on every kernel (an LCG with
# a fixed seed).
#
#   sh frag-guest.sh AREA STEPS LARGE SMALL_MAX
#
# Prints "frag large_ok=N large_fail=N small_live=N small_pages=N
# small_fail=N", then the hog's verify answer and hog_exit=STATUS.

. "$(dirname "$0")/hog-guest.sh"
trap '' PIPE

area=$1 steps=$2 large=$3 small_max=$4
D=/sys/kernel/debug/cma/$area
seed=20261127 i=0 live=0 pages=0 ok=0 failed=0 small_fail=0

hog_start -a 12 -k 24 || exit 1
exec 5>$D/alloc 6>$D/free
while [ $i -lt "$steps" ]; do
	seed=$(((seed * 1103515245 + 12345) % 2147483648))
	if [ $((i % 8)) -eq 7 ]; then
		if echo "$large" >&5 2>/dev/null; then
			ok=$((ok + 1))
			echo "$large" >&6 || echo "frag error=free"
		else
			failed=$((failed + 1))
		fi
		hog_cmd "stir 4" >/dev/null || break
	elif [ $live -lt "$small_max" ]; then
		n=$((seed / 65536 % 48 + 1))
		if echo $n >&5 2>/dev/null; then
			live=$((live + 1))
			pages=$((pages + n))
		else
			small_fail=$((small_fail + 1))
		fi
	fi
	i=$((i + 1))
done
exec 5>&- 6>&-
echo "frag large_ok=$ok large_fail=$failed small_live=$live small_pages=$pages small_fail=$small_fail"
hog_cmd verify
hog_stop
