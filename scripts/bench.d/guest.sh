#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/bench: set up one memory state, make the timed
# allocations through /sys/kernel/debug/cma_bench (drivers/misc/cma_test/
# cma_bench.c) and print its result lines, plus "hog ..." lines from the
# memory hog (tools/testing/selftests/cma/cma_hog.c).
#
# Two passes over the requests, in the same memory state: first the timed
# one ("alloc": nothing reads the area before the call), then the oracle
# one ("oracle": the area's pages are read before each call, for the
# fewest pages in use of any window; its times are not latencies). Each
# "alloc" line ends with scanned=N, the struct pages the call's searches
# read (sysfs alloc_pages_scanned before and after), or scanned=- on a
# kernel without that counter (6.1).
#
# Settings come from the environment:
#   S       scenario: idle (no hog), populated, pinned, frag, pair or
#           heap (populated; the requests are buffers of the area's CMA
#           dma-buf heap, SIZES pages each, timed from userspace around
#           the allocation ioctl, which includes the heap's clearing of
#           the buffer; attempts and pages migrated come from the area's
#           sysfs counters, 0 on a kernel without them)
#   FILL    how the hog populates the areas: "none" runs no hog (idle
#           areas); "stir" (default) fills RAM
#           until AVAIL MiB are available, and before each allocation
#           unmaps and refills about as much as the last one took; "full"
#           fills the CMA areas until CMAFREE MiB of them are free (the
#           memory outside CMA held meanwhile, KEEP MiB of it left free),
#           again before each allocation
#   AREA    area to allocate from (default: the first one)
#   AREA2   second area, for pair (default: the second one)
#   SIZES   request sizes in pages; ALIGNS alignments (orders)
#   R       repetitions of each size and alignment (pair: rounds)
#   O       repetitions of the oracle pass (default R; 0: none; not pair)
#   PIN     "STRIDE OFFSET" for pin (pinned)
#   FRAG    "PIECE KEEP" for frag (frag)
#   COUNT   allocations per thread and round (pair)
#   DRAIN   1: drain the per-CPU LRU batches before each allocation
#   STANDBY pages: the area's standby run (sysfs standby_pages), set
#           before the area is populated; each timed allocation waits
#           until the run is ready; a "standby ..." line at the end gives
#           the refills' cost. Ignored on a kernel without standby (6.1).
# Exit status 0 when every command worked and no checksum changed.

B=/sys/kernel/debug/cma_bench
: "${S:?S=scenario}" "${FILL:=stir}" "${SIZES:=1 16 256 1024 4096}"
: "${ALIGNS:=0 8}" "${R:=5}" "${AVAIL:=32}" "${KEEP:=16}" "${CMAFREE:=4}"
: "${PIN:=6144 128}" "${FRAG:=64 8}" "${COUNT:=3}" "${DRAIN:=}" "${O:=$R}"
: "${STANDBY:=}"
AREA=${AREA:-$(sed -n '1s/^area=\([^ ]*\) .*/\1/p' $B/areas)}
AREA2=${AREA2:-$(sed -n '2s/^area=\([^ ]*\) .*/\1/p' $B/areas)}
SYS=/sys/kernel/mm/cma/$AREA
SCANNED=$SYS/alloc_pages_scanned
REFILL=/sys/kernel/tracing/events/cma/cma_standby_refill
HOG=
fresh=
rc=0

bench() {
	if ! echo "$*" >$B/cmd; then
		echo "bench error=command-failed command=$(echo "$*" | tr ' ' _)"
		exit 1
	fi
	cat $B/result
}

# The struct pages the area's searches have read so far; - if unknown.
scanned() {
	if [ -r "$SCANNED" ]; then
		read -r v <"$SCANNED"
		echo "$v"
	else
		echo -
	fi
}

# timed_alloc PAGES ALIGN: one timed allocation, its line with scanned=.
timed_alloc() {
	s0=$(scanned)
	line=$(bench alloc "$AREA" "$1" "$2") || { echo "$line"; exit 1; }
	s1=$(scanned)
	case $s0$s1 in
	*-*) echo "$line scanned=-" ;;
	*) echo "$line scanned=$((s1 - s0))" ;;
	esac
}

# The value of sysfs counter $1 of the area; 0 if the kernel has none.
sysval() {
	if [ -r "$SYS/$1" ]; then cat "$SYS/$1"; else echo 0; fi
}

# heap_alloc PAGES: one buffer from the area's dma-buf heap (cma_heap),
# printed as an "alloc" line.
heap_alloc() {
	s0=$(scanned) a0=$(sysval alloc_attempts) m0=$(sysval alloc_pages_migrated)
	out=$(cma_heap "$AREA" $(($1 / 256)) 1)
	s1=$(scanned) a1=$(sysval alloc_attempts) m1=$(sysval alloc_pages_migrated)
	set -- "$1" $(echo "$out" | sed -n 's/^heap buffer=0 ok=\([01]\) ns=\([0-9]*\)$/\1 \2/p')
	if [ -z "$3" ]; then
		echo "bench error=heap $(echo "$out" | head -n 1 | tr ' ' _)"
		exit 1
	fi
	case $s0$s1 in
	*-*) sc=- ;;
	*) sc=$((s1 - s0)) ;;
	esac
	echo "alloc area=$AREA pages=$1 align=$ALIGNS ok=$2 ns=$3 retries=0 attempts=$((a1 - a0)) migrated=$((m1 - m0)) scanned=$sc"
}

# heaps: SIZES (multiples of 256 pages) R times each from the heap.
heaps() {
	for size in $SIZES; do
		i=0
		while [ $i -lt "$R" ]; do
			prepare "$size"
			heap_alloc "$size"
			i=$((i + 1))
		done
	done
}

# One answer of the hog; a changed checksum fails the run.
hog_reply() {
	read -r line <&4 || { echo "bench error=hog-gone"; exit 1; }
	echo "$line"
	case $line in *=bad*) rc=1 ;; esac
}

hog() {
	echo "$*" >&3
	hog_reply
}

# Standby on, before the area is lent out, with the refills traced.
standby_on() {
	[ -n "$STANDBY" ] && [ -w "$SYS/standby_pages" ] || return 0
	if ! echo "$STANDBY" >"$SYS/standby_pages"; then
		echo "bench error=standby-refused pages=$STANDBY"
		exit 1
	fi
	[ ! -d $REFILL ] || echo 1 >$REFILL/enable
	standby_wait
}

# Wait up to 10 s for the standby run to be ready.
standby_wait() {
	[ -n "$STANDBY" ] && [ -r "$SYS/standby_ready_pages" ] || return 0
	# Not i: the callers' loops count with it (no "local" in every sh).
	w=0
	while [ "$(cat "$SYS/standby_ready_pages")" -lt "$STANDBY" ] &&
	      [ $w -lt 200 ]; do
		usleep 50000
		w=$((w + 1))
	done
}

# What standby cost: the refills traced (count, failures, pages migrated,
# time), the counters, and the memory withheld now.
standby_report() {
	[ -n "$STANDBY" ] && [ -r "$SYS/standby_ready_pages" ] || return 0
	ready=$(cat "$SYS/standby_ready_pages")
	grep -o 'cma_standby_refill:.*' /sys/kernel/tracing/trace |
	awk -v t="$(cat "$SYS/standby_pages")" -v r="$ready" \
	    -v h="$(cat "$SYS/alloc_standby_hits")" \
	    -v m="$(cat "$SYS/standby_pages_migrated")" '
		{ n++; for (i = 2; i <= NF; i++) { split($i, kv, "=");
		  if (kv[1] == "us") us += kv[2]; if (kv[1] == "err" && kv[2] != 0) bad++ } }
		END { printf "standby target=%d ready=%d hits=%d migrated=%d refills=%d failed=%d refill_us=%d withheld_kb=%d\n",
		      t, r, h, m, n, bad, us, r * 4 }'
}

# Start the hog (ARGS: its options); it answers once it is full.
hog_start() {
	mkfifo /tmp/hog.in /tmp/hog.out || exit 1
	cma_hog "$@" </tmp/hog.in >/tmp/hog.out &
	HOG=$!
	exec 3>/tmp/hog.in 4</tmp/hog.out
	hog_reply
}

# Fill the CMA areas almost completely: hold the memory outside CMA
# (unmovable kernel pages) while the hog fills up, then give it back.
fill_cma() {
	bench balloon "$KEEP"
	if [ -n "$HOG" ]; then
		hog fill 8 "$CMAFREE"
	else
		hog_start -a 8 -C "$CMAFREE"
	fi
	bench deflate
}

populate() {
	case $FILL in
	none) ;;
	full) fill_cma ;;
	*) hog_start -a "$AVAIL" ;;
	esac
	fresh=1
}

# Before each measured allocation of $1 pages: populate again what the
# last one emptied.
prepare() {
	if [ -n "$fresh" ]; then
		fresh=
	elif [ -n "$HOG" ]; then
		case $FILL in
		full) fill_cma ;;
		*) hog stir $((($1 + 255) / 256)) ;;
		esac
	fi
	[ -z "$DRAIN" ] || bench drain >/dev/null
	standby_wait
}

# allocs CMD REPS: each size and alignment REPS times, one allocation
# (CMD: alloc or oracle), then its release.
allocs() {
	for size in $SIZES; do
		for align in $ALIGNS; do
			i=0
			while [ $i -lt "$2" ]; do
				prepare "$size"
				if [ "$1" = alloc ]; then
					timed_alloc "$size" "$align"
				else
					bench "$1" "$AREA" "$size" "$align"
				fi
				bench release "$AREA" >/dev/null
				i=$((i + 1))
			done
		done
	done
}

# The timed pass, then the oracle pass.
measure() {
	allocs alloc "$R"
	allocs oracle "$O"
}

# Each size and alignment R rounds of COUNT allocations per area, the two
# areas at once.
pairs() {
	for size in $SIZES; do
		for align in $ALIGNS; do
			i=0
			while [ $i -lt "$R" ]; do
				prepare $((size * COUNT * 2))
				bench pair "$AREA" "$AREA2" "$size" "$align" "$COUNT"
				i=$((i + 1))
			done
		done
	done
}

echo "bench scenario=$S fill=$FILL area=$AREA area2=${AREA2:--}"
cat $B/areas
standby_on
case $S in
idle)
	measure
	;;
populated)
	populate
	measure
	;;
pinned)
	populate
	bench pin "$AREA" $PIN
	measure
	bench unpin
	;;
frag)
	bench frag "$AREA" $FRAG
	populate
	measure
	bench unfrag "$AREA"
	;;
pair)
	populate
	pairs
	;;
heap)
	populate
	heaps
	;;
*)
	echo "bench error=unknown-scenario"
	exit 2
	;;
esac
standby_report
if [ -n "$HOG" ]; then
	hog meminfo
	hog quit
	wait "$HOG" || rc=1
fi
echo "bench done rc=$rc"
exit $rc
