# SPDX-License-Identifier: GPL-2.0
# Guest side of 56-stress.sh (BusyBox sh): stress every CMA area from
# kernel threads (cma_stress), from userspace through debugfs and through
# the test device, while the memory hog keeps the areas lent out and
# churns them; then print what the host checks, as "KEY=value" lines and
# "name key=value..." lines:
#
#   before/after <area> success= fail= release= used=   (sysfs, debugfs)
#   vmstat_before/vmstat_after success= fail=           (/proc/vmstat)
#   ustress debugfs area= ok= pages= fails= fail_pages=
#   ustress device dev= area= ok= pages= fails= fail_pages=
#   the cma_stress result lines, "whole" lines, free0=/free1=,
#   the hog's "hog ..." answers and hog_exit= (its exit status),
#   leaks= and the reports of kmemleak-guest.sh (add it too)
#
# Usage: sh stress-guest.sh SECONDS THREADS

secs=${1:-30}
threads=${2:-4}
S=/sys/kernel/debug/cma_stress
C=/sys/kernel/debug/cma
T=/sys/kernel/debug/cma_test
KL="$(dirname "$0")/kmemleak-guest.sh"
. "$(dirname "$0")/hog-guest.sh"

counters() {
	for a in /sys/kernel/mm/cma/*; do
		n=${a##*/}
		echo "$1 $n success=$(cat $a/alloc_pages_success)" \
			"fail=$(cat $a/alloc_pages_fail)" \
			"release=$(cat $a/release_pages_success)" \
			"used=$(cat $C/$n/used)"
	done
	echo "vmstat_$1" \
		"success=$(sed -n 's/^cma_alloc_success //p' /proc/vmstat)" \
		"fail=$(sed -n 's/^cma_alloc_fail //p' /proc/vmstat)"
}

# debugfs: allocate 1..256 pages, free some now and then, all at the end.
ustress_debugfs() {
	local d=$C/$1 ok=0 pages=0 fails=0 fpages=0 held=0 n
	while [ -e /tmp/stress.on ]; do
		n=$((RANDOM % 256 + 1))
		if echo $n >$d/alloc 2>/dev/null; then
			ok=$((ok + 1)) pages=$((pages + n)) held=$((held + n))
		else
			fails=$((fails + 1)) fpages=$((fpages + n))
		fi
		if [ $held -gt 1024 ]; then
			n=$((RANDOM % held + 1))
			echo $n >$d/free || echo "ustress error=debugfs-free"
			held=$((held - n))
		fi
	done
	[ $held -eq 0 ] || echo $held >$d/free || echo "ustress error=debugfs-free"
	echo "ustress debugfs area=$1 ok=$ok pages=$pages fails=$fails fail_pages=$fpages"
}

# The test device: dma_alloc_coherent() of 4 KiB..1 MiB, freed in turn.
ustress_device() {
	local d=$T/$1 ok=0 pages=0 fails=0 fpages=0 kib id
	while [ -e /tmp/stress.on ]; do
		kib=$((4 << (RANDOM % 9)))
		if echo ${kib}K >$d/alloc 2>/dev/null; then
			ok=$((ok + 1)) pages=$((pages + kib / 4))
		else
			fails=$((fails + 1)) fpages=$((fpages + kib / 4))
		fi
		if [ $((RANDOM % 2)) -eq 0 ]; then
			id=$(head -n 1 $d/buffers | cut -d' ' -f1)
			[ -z "$id" ] || echo $id >$d/free || echo "ustress error=device-free"
		fi
	done
	awk '$4 != "yes" || $5 != "ok" { print "ustress bad-buffer " $0 }' $d/buffers
	for id in $(cut -d' ' -f1 $d/buffers); do
		echo $id >$d/free || echo "ustress error=device-free"
	done
	echo "ustress device dev=$1 area=$(cut -d' ' -f1 $d/area) ok=$ok pages=$pages fails=$fails fail_pages=$fpages"
}

# Standby on every area that has it (not 6.1): a quarter of the area, or
# 0 (off, the run given back). Toggled during the run.
standby_set() {
	local a n
	for a in /sys/kernel/mm/cma/*; do
		[ -w $a/standby_pages ] || continue
		n=0
		[ "$1" = 0 ] || n=$(($(cat $a/total_pages) / 4))
		echo $n >$a/standby_pages || echo "ustress error=standby-$n"
	done
}

standby_counters() {
	local a
	for a in /sys/kernel/mm/cma/*; do
		[ -r $a/alloc_standby_hits ] || continue
		echo "standby ${a##*/} hits=$(cat $a/alloc_standby_hits)" \
			"migrated=$(cat $a/standby_pages_migrated)" \
			"ready=$(cat $a/standby_ready_pages)"
	done
}

# A hog killed under memory pressure must be reported, not kill this
# script with SIGPIPE when it writes the next command.
trap '' PIPE

# Per-area concurrency, shown: the tracepoints of each attempt's start
# (cma_alloc_window, just before alloc_contig_range()) and of each
# allocation's end, for the whole run. An attempt is the time from the
# one to the other in the same task; "overlaps" counts attempts that
# began while an attempt in another area was still running, which one
# lock for all areas would make impossible.
TR=/sys/kernel/debug/tracing
trace_attempts_start() {
	echo 0 >$TR/tracing_on
	echo >$TR/trace
	echo 1 >$TR/events/cma/cma_alloc_window/enable
	echo 1 >$TR/events/cma/cma_alloc_finish/enable
	echo 1 >$TR/tracing_on
}

trace_attempts_overlaps() {
	echo 0 >$TR/tracing_on
	awk '$0 ~ /cma_alloc_window: name=/ || $0 ~ /cma_alloc_finish: name=/ {
		for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
		t = $i; sub(/:$/, "", t)
		ev = $(i + 1); name = $(i + 2); sub(/^name=/, "", name)
		if (ev == "cma_alloc_window:") start[$1] = t
		else if ($1 in start) { print start[$1], t, name; delete start[$1] }
	}' $TR/trace | sort -n | awk '
		{ n++; for (a in end) if (a != $3 && end[a] > $1) { o++; break }
		  if ($2 > end[$3]) end[$3] = $2 }
		END { printf "trace attempts=%d overlaps=%d\n", n, o }'
	echo 0 >$TR/events/cma/enable
}

sh "$KL" start || exit 1
counters before
echo "free0=$(cat $S/free)"

# The hog holds about half of the areas (the page allocator lends CMA
# pages only while more of the free memory is CMA than not) and keeps
# 32 MiB free outside them (-k): if the users allocated every page of both
# areas at once, the hog's 20-odd MiB in them would move there and leave
# the kernel's own allocations more than twice the high watermark (about
# 4 MiB), instead of none and the OOM killer.
standby_set quarter
hog_start -a 48 -k 32
kmin=$(kernel_free_kb)

trace_attempts_start
touch /tmp/stress.on
users=
for a in $(ls $C); do ustress_debugfs $a & users="$users $!"; done
for d in $(ls $T); do ustress_device $d & users="$users $!"; done
echo "threads=$threads ms=$((secs * 1000)) max_pages=1024 held=8 seed=$$" >$S/run &
kstress=$!

# Churn: the hog gives back and refills 4 MiB every second meanwhile;
# standby goes off and on again every 8 seconds.
tick=0
while kill -0 $kstress 2>/dev/null; do
	kfree=$(kernel_free_kb)
	[ $kfree -ge $kmin ] || kmin=$kfree
	hog_cmd "stir 4"
	tick=$((tick + 1))
	case $((tick % 8)) in
	4) standby_set 0 ;;
	0) standby_set quarter ;;
	esac
	sleep 1
done
wait $kstress || echo "kstress error=run-failed"
rm /tmp/stress.on
wait $users
standby_counters
standby_set 0
trace_attempts_overlaps

echo "kernel_free_min_kb=$kmin"
hog_cmd verify
hog_stop
wait

cat $S/result
counters after
echo "free1=$(cat $S/free)"
cat $S/whole
sh "$KL" check
