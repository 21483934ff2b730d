# SPDX-License-Identifier: GPL-2.0
# A smoke run of the benchmark (scripts/bench, make bench): the populated
# scenario on both kernels, one round, two small requests and one that no
# window can satisfy (the whole default area, of which the DMA atomic pool
# holds pages since boot). It checks that the run completes, its output is
# well-formed, failures are counted in the success rates and in the
# latencies over all requests, and the memory hog's checksums held; it
# asserts nothing about timing.

# bench_row CSV SCENARIO PAGES ALIGN KERNEL FIELD...: the named fields of
# the CSV row (see scripts/bench.d/report.awk), one per line.
bench_row() {
	local csv=$1 row="$2,$3,$4,$5," f col
	shift 5
	for f in "$@"; do
		col=$(head -n 1 "$csv" | tr ',' '\n' | grep -nx "$f" | cut -d: -f1)
		[ -n "$col" ] || { echo "no-column-$f"; continue; }
		grep -m1 "^$row" "$csv" | cut -d, -f"$col"
	done
}

# bench_smoke_kernel OUT KIND: the checks of one kernel's results.
bench_smoke_kernel() {
	local out=$1 kind=$2 csv=$1/results.csv n
	local -a f

	n=$(grep -cE "^$kind 1 populated alloc .* ok=1 " "$out/raw.txt")
	expect_eq "$kind: successful allocations (2 sizes, 2 alignments, 2 reps)" 8 "$n" ||
		return 1
	n=$(grep -cE "^$kind 1 populated alloc area=[^ ]+ pages=16384 .* ok=0 " "$out/raw.txt")
	expect_eq "$kind: failed whole-area allocations (2 alignments, 2 reps)" 4 "$n" ||
		return 1
	n=$(grep -cE "^$kind 1 populated oracle .* ok=1 .* fewest=[0-9]+ windows=[1-9]" "$out/raw.txt")
	expect_eq "$kind: successful oracle-pass allocations with a feasible window" 8 "$n" ||
		return 1
	n=$(grep -cE "^$kind 1 populated oracle area=[^ ]+ pages=16384 .* ok=0 .* windows=0 " "$out/raw.txt")
	expect_eq "$kind: whole-area oracle-pass requests with no feasible window" 4 "$n" ||
		return 1
	grep -qE "^$kind 1 populated hog ready .*cmafree_kb=" "$out/raw.txt" ||
		{ fail "$kind: a 'hog ready' line, saw none"; return 1; }
	grep -qE "^$kind 1 populated hog verify=ok " "$out/raw.txt" ||
		{ fail "$kind: 'hog verify=ok' at the end, saw none"; return 1; }

	bench_csv_row "$csv" populated 256 0 "$kind" || return 1
	bench_csv_row "$csv" populated 16384 0 "$kind" || return 1
	bench_csv_row "$csv" populated all "" "$kind" || return 1
	# All succeeded: the success rate is 100 and the p50 over all requests
	# is the one over the successes.
	mapfile -t f < <(bench_row "$csv" populated 256 0 "$kind" success_pct \
		p50_ms p50_all_ms oracle_ok)
	expect_eq "$kind 256/0: success_pct" 100.0 "${f[0]}" || return 1
	expect_eq "$kind 256/0: p50_all_ms = p50_ms" "${f[1]}" "${f[2]}" || return 1
	expect_eq "$kind 256/0: oracle_ok" 2 "${f[3]}" || return 1
	# None succeeded: no latency over successes, the one over all requests
	# is the time to fail.
	mapfile -t f < <(bench_row "$csv" populated 16384 0 "$kind" success_pct \
		failed p50_ms p50_all_ms fail_p50_ms)
	expect_eq "$kind 16384/0: success_pct" 0.0 "${f[0]}" || return 1
	expect_eq "$kind 16384/0: failed" 2 "${f[1]}" || return 1
	expect_eq "$kind 16384/0: p50_ms (no success)" "" "${f[2]}" || return 1
	expect_eq "$kind 16384/0: p50_all_ms = fail_p50_ms" "${f[4]}" "${f[3]}" ||
		return 1
	# The scenario: 8 of 12 requests succeeded, whatever the kernel.
	mapfile -t f < <(bench_row "$csv" populated all "" "$kind" n ok success_pct)
	expect_eq "$kind all: n ok success_pct" "12 8 66.7" "${f[*]}" || return 1
	bench_smoke_scanned "$out" "$kind"
}

# Struct pages read per request: ours from sysfs alloc_pages_scanned on
# every timed line (the search reads at least one page), 6.1's none, so
# the report counts the pages its attempts isolated (256 per attempt).
bench_smoke_scanned() {
	local out=$1 kind=$2 csv=$1/results.csv n want=- scan att
	local -a f

	[ "$kind" = baseline ] || want='[0-9]+'
	n=$(grep -cE "^$kind 1 populated alloc .* scanned=$want\$" "$out/raw.txt")
	expect_eq "$kind: timed lines with scanned=$want" 12 "$n" || return 1
	mapfile -t f < <(bench_row "$csv" populated 256 0 "$kind" scanned_per_req \
		attempts_per_req)
	scan=${f[0]} att=${f[1]}
	if [ "$kind" = baseline ]; then
		expect_eq "$kind 256/0: scanned_per_req = 256 x attempts_per_req" \
			"$(awk -v a="$att" 'BEGIN { printf "%.0f", a * 256 }')" "$scan"
	else
		[ "${scan:-0}" -ge 1 ] ||
			fail "$kind 256/0: scanned_per_req at least 1, saw '$scan'"
	fi
}

test_bench_smoke() {
	local out=${CHECK_LOGS:-build/check}/bench-smoke rc kind
	scripts/bench --no-build --no-lock --rounds 1 --reps 2 --sizes "1 256 16384" \
		--scenarios populated --out "$out"
	rc=$?
	[ "$rc" -eq 0 ] || { fail "scripts/bench exit status 0, saw $rc"; return 1; }
	for kind in patched baseline; do
		bench_smoke_kernel "$out" "$kind" || return 1
	done
	# The table and the summary: both kernels' success rates, under the
	# target too.
	grep -qE '^populated 16384/0 +0\.0 +0\.0 ' "$out/table.txt" ||
		{ fail "a table row 'populated 16384/0 0.0 0.0 ...', saw none"; return 1; }
	grep -qE '^populated all +66\.7 +66\.7 ' "$out/table.txt" ||
		{ fail "a table row 'populated all 66.7 66.7 ...', saw none"; return 1; }
	grep -qE '^  (met|MISSED) +success rate of P >= B.s in every scenario' "$out/table.txt" ||
		{ fail "a success-rate target in the table, saw none"; return 1; }
	grep -qE '^ +populated +P +66\.7% \(8/12\), B +66\.7% \(8/12\)$' "$out/table.txt" ||
		{ fail "the success rates of populated under that target, saw none"; return 1; }
	grep -qE '^  populated +66\.7 +66\.7 ' "$out/summary.txt" ||
		{ fail "a row 'populated 66.7 66.7 ...' in $out/summary.txt, saw none"; return 1; }
	[ -s "$out/bench.png" ] || fail "a plot in $out/bench.png, saw none"
}

# Standby in the benchmark: the standby scenario (populated, a run of 4096
# pages) with four timed 1024-page requests on each kernel (two
# alignments, two each), then as many in the oracle pass. Ours serves
# them all from the run, migrating nothing inside cma_alloc(), and its
# refills are reported; 6.1, which has no standby, serves them as usual.
test_bench_standby_smoke() {
	local out=${CHECK_LOGS:-build/check}/bench-standby rc n
	scripts/bench --no-build --no-lock --rounds 1 --reps 2 --sizes 1024 \
		--scenarios standby --out "$out"
	rc=$?
	[ "$rc" -eq 0 ] || { fail "scripts/bench exit status 0, saw $rc"; return 1; }
	n=$(grep -cE "^patched 1 standby alloc .* pages=1024 .* ok=1 .* migrated=0 " "$out/raw.txt")
	expect_eq "patched: 1024-page allocations with nothing migrated" 4 "$n" || return 1
	n=$(grep -cE "^baseline 1 standby alloc .* pages=1024 .* ok=1 " "$out/raw.txt")
	expect_eq "baseline: 1024-page allocations that succeeded" 4 "$n" || return 1
	grep -qE "^patched 1 standby standby target=4096 ready=4096 hits=8 .* refills=[1-9]" "$out/raw.txt" ||
		{ fail "a 'standby target=4096 ready=4096 hits=8 ... refills=N' line, saw: $(grep ' standby standby ' "$out/raw.txt")"; return 1; }
	grep -qE "^patched 1 standby hog verify=ok " "$out/raw.txt" &&
		grep -qE "^baseline 1 standby hog verify=ok " "$out/raw.txt" ||
		{ fail "'hog verify=ok' on both kernels"; return 1; }
	grep -qE '^  met +standby 1024/0: no page migrated inside cma_alloc\(\)' "$out/table.txt" ||
		{ fail "the target 'standby 1024/0: no page migrated' met in the table, saw: $(grep 'standby 1024' "$out/table.txt")"; return 1; }
	grep -qE '^  info +standby cost, standby: ' "$out/table.txt" ||
		fail "the standby cost in the table, saw none"
}

# Fragmentation (the cost of choosing the cheapest range rather than the
# first): the same long mixed workload on both kernels, scripts/tests/
# frag-guest.sh on a 32 MiB area kept lent out by the hog: up to 160
# small long-lived buffers and a 2048-page request every eighth step,
# freed at once. Small buffers scattered over the area would leave no
# free quarter for the large ones; we must succeed at least as often as
# 6.1's first fit.
FRAG_ARGS="reserved 480 2048 240"

frag_run() {
	vm --kernel "$1" --append cma=32M --timeout 600 \
		--add scripts/tests/frag-guest.sh --add scripts/tests/hog-guest.sh \
		-- "sh frag-guest.sh $FRAG_ARGS" >&2
	expect_eq "$1: exit status" 0 "$VM_RC" || return 1
	expect_no_output '^(frag|hog) error' &&
		expect_output '^hog verify=ok' || return 1
	printf '%s\n' "$VM_OUT" | grep '^frag large_ok='
}

test_fragmentation_large_success() {
	local p b ok_p ok_b
	p=$(frag_run patched) || { printf '%s\n' "$p"; return 1; }
	b=$(frag_run baseline) || { printf '%s\n' "$b"; return 1; }
	echo "patched:  $p"
	echo "baseline: $b"
	ok_p=$(printf '%s\n' "$p" | sed -n 's/.*large_ok=\([0-9]*\) .*/\1/p')
	ok_b=$(printf '%s\n' "$b" | sed -n 's/.*large_ok=\([0-9]*\) .*/\1/p')
	[ -n "$ok_p" ] && [ -n "$ok_b" ] ||
		{ fail "a 'frag large_ok=' line from each kernel, saw '$p' and '$b'"; return 1; }
	[ "$ok_p" -ge "$ok_b" ] ||
		fail "large requests that succeeded: ours ($ok_p) at least 6.1's ($ok_b)"
}
