# SPDX-License-Identifier: GPL-2.0
# Guest side of 80-arch.sh's huge page tests (BusyBox sh): fill a CMA
# area with in-use huge pages (cma_huge), allocate from it through
# debugfs, and print what the host checks.
#
#   sh huge-guest.sh TYPE AREA PAGES TIMES [CMA_HUGE_OPTIONS...]
#
# TYPE is hugetlb or thp (THP is set to "always" first; without
# /sys/kernel/mm/transparent_hugepage it prints "thp=missing" and exits
# with status 3). Prints cma_huge's "huge ready ..." line, the area's
# sysfs counters as before.NAME=N, each allocation of PAGES pages as
# alloc.I=ok|fail, allocs_ok=N, the counters as after.NAME=N, cma_huge's
# "huge frames ..." and "huge verify=..." answers, frees what it got
# (free=ok|fail) and ends with huge_exit=STATUS. Exit status 2 if cma_huge
# did not get ready.

type=$1 area=$2 pages=$3 times=$4
shift 4
thp=/sys/kernel/mm/transparent_hugepage/enabled
dbg=/sys/kernel/debug/cma/$area

counters() {
	local f
	for f in "/sys/kernel/mm/cma/$area"/*; do
		case ${f##*/} in alloc_latency_us) continue ;; esac
		echo "$1.${f##*/}=$(cat "$f")"
	done
}

# huge_cmd CMD: send CMD to cma_huge and print its answer.
huge_cmd() {
	echo "$1" >&3 && read -r line <&4 && echo "$line"
}

if [ "$type" = thp ]; then
	[ -f $thp ] || { echo "thp=missing"; exit 3; }
	echo always >$thp
fi
mkfifo /tmp/huge.in /tmp/huge.out || exit 2
cma_huge -t "$type" -a "$area" "$@" </tmp/huge.in >/tmp/huge.out &
pid=$!
exec 3>/tmp/huge.in 4</tmp/huge.out
read -r line <&4 && echo "$line"
case $line in "huge ready "*) ;; *) echo "huge_exit=none"; exit 2 ;; esac

counters before
ok=0 i=1
while [ $i -le "$times" ]; do
	if echo "$pages" >"$dbg/alloc"; then
		echo "alloc.$i=ok"
		ok=$((ok + 1))
	else
		echo "alloc.$i=fail"
	fi
	i=$((i + 1))
done
echo "allocs_ok=$ok"
counters after
huge_cmd frames
huge_cmd verify
if [ $ok -gt 0 ]; then
	if echo $((ok * pages)) >"$dbg/free"; then
		echo "free=ok"
	else
		echo "free=fail"
	fi
fi
huge_cmd quit
exec 3>&- 4<&-
wait $pid
echo "huge_exit=$?"
rm -f /tmp/huge.in /tmp/huge.out
