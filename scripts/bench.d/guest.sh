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
#   S       scenario: idle (no hog), populated, pinned, frag or pair
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
# Exit status 0 when every command worked and no checksum changed.

B=/sys/kernel/debug/cma_bench
: "${S:?S=scenario}" "${FILL:=stir}" "${SIZES:=1 16 256 1024 4096}"
: "${ALIGNS:=0 8}" "${R:=5}" "${AVAIL:=32}" "${KEEP:=16}" "${CMAFREE:=4}"
: "${PIN:=6144 128}" "${FRAG:=64 8}" "${COUNT:=3}" "${DRAIN:=}" "${O:=$R}"
AREA=${AREA:-$(sed -n '1s/^area=\([^ ]*\) .*/\1/p' $B/areas)}
AREA2=${AREA2:-$(sed -n '2s/^area=\([^ ]*\) .*/\1/p' $B/areas)}
SCANNED=/sys/kernel/mm/cma/$AREA/alloc_pages_scanned
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
*)
	echo "bench error=unknown-scenario"
	exit 2
	;;
esac
if [ -n "$HOG" ]; then
	hog meminfo
	hog quit
	wait "$HOG" || rc=1
fi
echo "bench done rc=$rc"
exit $rc
