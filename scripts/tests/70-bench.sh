# SPDX-License-Identifier: GPL-2.0
# A smoke run of the benchmark (scripts/bench, make bench): the populated
# scenario on both kernels, one round, two small requests. It checks that
# the run completes, its output is well-formed and the memory hog's
# checksums held; it asserts nothing about timing.

test_bench_smoke() {
	local out=build/check/bench-smoke rc kind n
	scripts/bench --no-build --rounds 1 --reps 2 --sizes "1 256" \
		--scenarios populated --out "$out"
	rc=$?
	[ "$rc" -eq 0 ] || { fail "scripts/bench exit status 0, saw $rc"; return 1; }
	for kind in patched baseline; do
		n=$(grep -cE "^$kind 1 populated alloc .* ok=1 " "$out/raw.txt")
		expect_eq "$kind: successful allocations (2 sizes, 2 alignments, 2 reps)" 8 "$n" ||
			return 1
		grep -qE "^$kind 1 populated hog ready .*cmafree_kb=" "$out/raw.txt" ||
			{ fail "$kind: a 'hog ready' line, saw none"; return 1; }
		grep -qE "^$kind 1 populated hog verify=ok " "$out/raw.txt" ||
			{ fail "$kind: 'hog verify=ok' at the end, saw none"; return 1; }
		bench_csv_row "$out/results.csv" populated 256 0 "$kind" || return 1
	done
	[ -s "$out/bench.png" ] || fail "a plot in $out/bench.png, saw none"
}
