# SPDX-License-Identifier: GPL-2.0
# Guest side of the kmemleak checks (BusyBox sh), for every suite on the
# debug kernel that claims "kmemleak clean" (add it with --add):
#
#   sh kmemleak-guest.sh start   before the work: stop kmemleak's automatic
#                                scan thread, so that it neither scans nor
#                                reports in the middle of a test, and
#                                forget what it reported so far
#   sh kmemleak-guest.sh check   after the work: wait until every object
#                                allocated before is older than kmemleak's
#                                minimum age for reporting (5 s), scan
#                                twice (a report must hold in the second
#                                scan), print "leaks=N" and the first
#                                reports, each line as "kmemleak| ..."
#
# Objects allocated at boot are not forgotten by "start": a leak of the
# boot (an area's activation, a probe) counts too. When the check cannot be
# trusted (kmemleak off, a scan refused, the wait cut short) it prints
# "leaks=unknown-<why>" instead of a number, which no test accepts as 0.

K=/sys/kernel/debug/kmemleak
# kmemleak reports an object only if it was allocated at least
# MSECS_MIN_AGE (5000) before the scan started; half a second more covers
# the ticks between this script and the scan.
MIN_AGE=5.5
MIN_AGE_CS=550
REPORT_LINES=60

# /proc/uptime in hundredths of a second.
uptime_cs() {
	local s
	read -r s _ </proc/uptime
	echo "${s%.*}${s#*.}"
}

kmemleak_start() {
	[ -w $K ] || { echo "kmemleak error=no-$K"; return 1; }
	echo scan=off >$K || { echo "kmemleak error=scan-off-refused"; return 1; }
	echo clear >$K || { echo "kmemleak error=clear-refused"; return 1; }
}

kmemleak_check() {
	local t0 waited n
	[ -r $K ] || { echo "leaks=unknown-no-kmemleak"; return 1; }
	# A "sleep" that returns at once (no POSIX timers) would make the
	# scans see nothing: measure the wait.
	t0=$(uptime_cs)
	sleep $MIN_AGE
	waited=$(($(uptime_cs) - t0))
	if [ $waited -lt $MIN_AGE_CS ]; then
		echo "leaks=unknown-waited-only-${waited}0ms"
		return 1
	fi
	echo scan >$K && echo scan >$K ||
		{ echo "leaks=unknown-scan-refused"; return 1; }
	n=$(grep -c '^unreferenced object' $K) ||
		[ "$n" = 0 ] || { echo "leaks=unknown-unreadable"; return 1; }
	echo "leaks=$n"
	head -n $REPORT_LINES $K | sed 's/^/kmemleak| /'
}

case $1 in
start) kmemleak_start ;;
check) kmemleak_check ;;
*) echo "usage: kmemleak-guest.sh start|check"; exit 2 ;;
esac
