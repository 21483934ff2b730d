# SPDX-License-Identifier: GPL-2.0
# Guest side of 57-faults.sh (BusyBox sh): inject failures into CMA
# allocations and into the test device's probe, and print what the host
# checks as "KEY=value" lines.
#
#   sh faults-guest.sh busy AREA    fail_cma: alloc_contig_range() attempts
#                                   fail with -EBUSY (all, then only one;
#                                   then standby refills, all)
#   sh faults-guest.sh nth AREA     with the hog filling RAM, fail the n-th
#                                   slab or page allocation of a debugfs
#                                   allocation of the whole area, for a
#                                   range of n
#   sh faults-guest.sh probe DEV    fail the n-th allocation of binding the
#                                   test device DEV, for a range of n
#   sh faults-guest.sh kill AREA    SIGKILL a process whose allocation
#                                   waits behind a long one (no fault
#                                   injection: a fatal signal)
# Each mode ends with the leak check of kmemleak-guest.sh: "leaks=N".

D=/sys/kernel/debug
KL="$(dirname "$0")/kmemleak-guest.sh"
. "$(dirname "$0")/hog-guest.sh"
NTH=/proc/thread-self/fail-nth
NS="1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 20 24 32 48 64 96 128 192 256 384 512 768 1024"
NTH_NS="1 2 3 4 5 6 7 8 12 16 24 32 64 128 256 512 1024 100000"

# Slab and page allocations fail only when fail-nth says so, whatever
# their flags or order; each injected failure prints one line.
arm_fail_nth() {
	local f
	for f in failslab fail_page_alloc; do
		echo 0 >$D/$f/probability
		echo 1 >$D/$f/verbose
		echo N >$D/$f/ignore-gfp-wait
	done
	echo N >$D/fail_page_alloc/ignore-gfp-highmem
	echo 0 >$D/fail_page_alloc/min-order
}

stats() {
	local a=/sys/kernel/mm/cma/$1 f
	for f in alloc_attempts alloc_busy_retries alloc_pages_success \
		 alloc_pages_fail release_pages_success alloc_fail_busy \
		 alloc_pages_migrated; do
		echo "$2_$f=$(cat $a/$f)"
	done
	echo "$2_used=$(cat $D/cma/$1/used)"
	echo "$2_free=$(cat $D/cma_stress/free)"
}

mode_busy() {
	local a=$1 F=$D/fail_cma
	echo 0 >$F/verbose
	echo 100 >$F/probability
	echo -1 >$F/times
	stats "$a" b0
	echo 64 >$D/cma/$a/alloc && echo "busy error=allocated-despite-fail_cma"
	stats "$a" b1
	echo 1 >$F/times
	echo 64 >$D/cma/$a/alloc || echo "busy error=one-injected-failure-was-fatal"
	stats "$a" b2
	echo 64 >$D/cma/$a/free
	echo 0 >$F/probability
	stats "$a" b3
	busy_standby "$a"
}

# Standby refills under fail_cma (where the kernel has standby): while
# every attempt fails nothing is held; once they may succeed again, a
# retry of the worker fills the run; turned off, the area is as before.
busy_standby() {
	local a=$1 F=$D/fail_cma S=/sys/kernel/mm/cma/$1 i=0
	[ -w $S/standby_pages ] || return 0
	stats "$a" s0
	echo 100 >$F/probability
	echo -1 >$F/times
	echo 64 >$S/standby_pages || echo "busy error=standby-refused"
	sleep 1
	echo "s_ready=$(cat $S/standby_ready_pages)"
	echo 0 >$F/probability
	while [ "$(cat $S/standby_ready_pages)" -lt 64 ] && [ $i -lt 100 ]; do
		usleep 100000
		i=$((i + 1))
	done
	echo "s_ready2=$(cat $S/standby_ready_pages)"
	echo 0 >$S/standby_pages
	stats "$a" s1
}

# The hog fills RAM and so the areas, so that the allocation has to
# migrate, then gives back memory outside the areas until 24 MiB of it is
# free (-k): even if all of the area's 16 MiB moved there, the kernel's
# own allocations would keep twice the high watermark (about 4 MiB).
# Without that headroom, the munmap of the next stir found no page it
# could use (almost all free memory was CMA) and the OOM killer took the
# hog.
mode_nth() {
	local a=$1 n=0 ok=0 failed=0 pages kfree kmin
	pages=$(cat $D/cma/$a/count)
	echo "nth_pages=$pages"
	stats "$a" n0
	hog_start -a 12 -k 24
	kmin=$(kernel_free_kb)
	arm_fail_nth
	exec 5>$D/cma/$a/alloc
	# Every early allocation of the request, then allocations spread
	# over the migration of a few thousand pages (each round costs a
	# refill of the hog); the last n is never reached, so that one
	# request runs the whole way with fail-nth armed.
	for n in $NTH_NS; do
		HOG_WHERE="n=$n"
		echo $n >$NTH
		if echo $pages >&5; then
			echo 0 2>/dev/null >$NTH
			ok=$((ok + 1))
			kfree=$(kernel_free_kb)
			[ $kfree -ge $kmin ] || kmin=$kfree
			echo $pages >$D/cma/$a/free || echo "nth error=free"
		else
			echo 0 2>/dev/null >$NTH
			failed=$((failed + 1))
		fi
		# Populate the area again for the next round: the refill goes
		# to the edge before the hog gives back the headroom.
		hog_cmd "stir 4" || break
	done
	HOG_WHERE=
	exec 5>&-
	echo "nth_ok=$ok nth_failed=$failed"
	echo "injected=$(dmesg | grep -c 'FAULT_INJECTION: forcing a failure')"
	echo "kernel_free_min_kb=$kmin"
	hog_stop
	stats "$a" n1
	cat $D/cma_stress/whole
}

# While a long allocation (half the area, with the hog filling it) holds
# the area, a second process asks for 64 pages and is killed as it waits.
# Its allocation then sees the fatal signal at once: it fails (-EINTR),
# gets nothing, leaves nothing allocated. The first one is unaffected.
mode_kill() {
	local a=$1 half p1 p2 n
	half=$(($(cat $D/cma/$a/count) / 2))
	echo "kill_half=$half"
	hog_start -a 12 -k 24
	stats "$a" k0
	sh -c "echo $half >$D/cma/$a/alloc" &
	p1=$!
	usleep 20000
	sh -c "echo 64 >$D/cma/$a/alloc && echo 'kill error=second-allocated'" &
	p2=$!
	# Kill it once it sleeps uninterruptibly, waiting for the area (at
	# most 2 s); say where it was.
	n=0
	while [ $n -lt 400 ] && [ "$(cut -d' ' -f3 /proc/$p2/stat 2>/dev/null)" != D ]; do
		usleep 5000
		n=$((n + 1))
	done
	echo "kill_second_state=$(cut -d' ' -f3 /proc/$p2/stat 2>/dev/null) $(cat /proc/$p2/wchan 2>/dev/null)"
	[ -d /proc/$p1 ] || echo "kill error=first-done-too-soon"
	kill -9 $p2
	wait $p2
	echo "kill_second_status=$?"
	wait $p1
	echo "kill_first_status=$?"
	stats "$a" k1
	echo $half >$D/cma/$a/free || echo "kill error=free"
	hog_cmd verify
	hog_stop
	stats "$a" k2
}

mode_probe() {
	local dev=$1 drv=/sys/bus/platform/drivers/cma_test n bound=0 unbound=0
	local nodebugfs=0
	arm_fail_nth
	echo "p0_free=$(cat $D/cma_stress/free)"
	echo $dev >$drv/unbind || exit 1
	exec 5>$drv/bind
	for n in $NS; do
		echo $n >$NTH
		echo $dev >&5
		echo 0 2>/dev/null >$NTH
		if [ -e $drv/$dev ]; then
			bound=$((bound + 1))
			# debugfs is best effort: a failure there leaves the
			# device bound without its files.
			if [ -e $D/cma_test/$dev/alloc ]; then
				echo 1M >$D/cma_test/$dev/alloc ||
					echo "probe error=alloc-after-bind-$n"
			else
				nodebugfs=$((nodebugfs + 1))
			fi
			echo $dev >$drv/unbind
		else
			unbound=$((unbound + 1))
		fi
	done
	exec 5>&-
	echo "probe_bound=$bound probe_failed=$unbound"
	echo "probe_no_debugfs=$nodebugfs"
	echo "injected=$(dmesg | grep -c 'FAULT_INJECTION: forcing a failure')"
	echo $dev >$drv/bind || echo "probe error=final-bind"
	echo 1M >$D/cma_test/$dev/alloc || echo "probe error=final-alloc"
	cat $D/cma_test/$dev/buffers
	n=$(cut -d' ' -f1 $D/cma_test/$dev/buffers)
	echo "$n" >$D/cma_test/$dev/free || echo "probe error=final-free"
	echo "p1_free=$(cat $D/cma_stress/free)"
}

# A hog killed under memory pressure must be reported, not kill this
# script with SIGPIPE when it writes the next command.
trap '' PIPE
sh "$KL" start || exit 1
case $1 in
busy) mode_busy "$2" ;;
nth) mode_nth "$2" ;;
probe) mode_probe "$2" ;;
kill) mode_kill "$2" ;;
*) echo "usage: faults-guest.sh busy|nth|probe|kill NAME"; exit 2 ;;
esac
sh "$KL" check
