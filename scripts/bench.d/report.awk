# SPDX-License-Identifier: GPL-2.0
# Summarise scripts/bench's raw results: "KIND ROUND SCENARIO LINE" lines,
# LINE an "alloc", "oracle", "pair" or "pin" line of cma_bench.
#
#   awk -v csv=FILE -v plot=FILE -v scaleplot=FILE -v summary=FILE \
#       -f report.awk raw.txt
#
# Prints the table (each metric for patched and baseline, and the ratio
# baseline/patched), the scale table (the scaleN scenarios: the populated
# setup in an area of N MiB) and the verdict on each target; writes one
# CSV row per scenario, request and kernel to csv, the data of the plot
# to plot and scaleplot, and to summary the same per scenario and the
# verdicts in 72 columns (for the README and the cover letter).
#
# Struct pages read per request ("scanned"): ours, what its searches read
# (sysfs alloc_pages_scanned, read around each call); 6.1 has no search,
# so for it the pages its attempts isolated, attempts x pages (a lower
# bound: alloc_contig_range() isolates whole pageblocks).
#
# Every figure comes from the timed pass ("alloc" lines, and "pair"),
# except the pages migrated, the fewest possible and those of the range
# chosen, which come from the oracle pass ("oracle" lines: the fewest is
# read before the call, so the call's time is not used). A request is one
# cma_alloc() call; "ok" figures are over the successful ones, "all" over
# every request, a failure counting with the time it took to fail.
#
# The CSV's columns (a row per scenario, request and kernel; pages "all"
# for a scenario's requests together; an empty field where there is no
# data):
#
#    1 scenario            11 migrated_per_ok (oracle pass; pair: its own)
#    2 pages               12 fewest_per_ok (oracle pass)
#    3 align (order)       13 failed
#    4 kernel              14 fail_p50_ms: time to fail
#    5 n: requests         15 attempts_per_fail
#    6 ok: successes       16 allocs_per_s (pair: successes per second)
#    7 success_pct         17 chosen_per_ok: pages in use before the call
#    8 p50_ms (ok)            in the range returned (oracle pass)
#    9 p99_ms (ok)         18 p50_all_ms: over every request
#   10 attempts_per_ok     19 p99_all_ms: over every request
#                          20 attempts_per_req: over every request
#                          21 oracle_ok: successes of the oracle pass
#                          22 scanned_per_req: struct pages read (above)
#
# The "met a pin" requests of a scenario with pins are chosen from its
# "pin" lines, not from any measurement of the kernels: a request of more
# pages than the offset of the first pin meets a pin in every window that
# starts below that pin, one of more pages than the longest run of the
# area without a pin in every window.

function kv(line, key,    s) {
	s = " " line " "
	if (!match(s, " " key "=[^ ]*"))
		return ""
	return substr(s, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
}

# Sort v[1..n] in place (n is small).
function isort(v, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = v[i]
		for (j = i - 1; j >= 1 && v[j] > t; j--)
			v[j + 1] = v[j]
		v[j + 1] = t
	}
}

# Nearest-rank percentile q (0..1) of the values of group g.
function pct(vals, cnt, g, q,    v, n, i, r) {
	n = cnt[g] + 0
	if (!n)
		return ""
	for (i = 1; i <= n; i++)
		v[i] = vals[g, i]
	isort(v, n)
	r = int(q * n + 0.999999)
	if (r < 1)
		r = 1
	return v[r]
}

function add(vals, cnt, g, x) {
	vals[g, ++cnt[g]] = x
}

function ms(ns) { return ns == "" ? "" : sprintf("%.2f", ns / 1e6) }
function num(x) { return x == "" ? "-" : x }
function div(a, b) { return b > 0 ? a / b : "" }
function fmt(x, f) { return x == "" ? "-" : sprintf(f, x) }
function afmt(x) { return x == "" ? "-" : sprintf(x >= 100 ? "%.0f" : "%.2f", x) }
function cfmt(x, f) { return x == "" ? "" : sprintf(f, x) }
function ratio(b, p) {
	return (b == "" || p == "" || p <= 0) ? "" : b / p
}
# The larger of a and b as numbers, "" standing for none.
function max(a, b) {
	if (b == "")
		return a
	return a == "" || b + 0 > a + 0 ? b + 0 : a
}

# A request of the timed pass in group g (a row, or a scenario's "all");
# scan: the struct pages read for it, "" if unknown.
function timed(g, ok, ns, att, scan, mig) {
	n[g]++
	if (ok) {
		tmig[g] += mig
		tmig_n[g]++
	}
	if (scan != "") {
		scan_sum[g] += scan
		scan_n[g]++
	}
	add(alat, nalat, g, ns)
	if (ok) {
		nok[g]++
		add(lat, nlat, g, ns)
		att_ok[g] += att
	} else {
		add(flat, nflat, g, ns)
		att_fail[g] += att
	}
}

# A successful request of the oracle pass in group g.
function oracle(g, mig, few, cho) {
	ook[g]++
	mig_ok[g] += mig
	mig_n[g]++
	if (few >= 0) {
		few_ok[g] += few
		few_n[g]++
	}
	if (cho >= 0) {
		cho_ok[g] += cho
		cho_n[g]++
	}
}

# A "pair" line: COUNT requests per area, both at once.
function pairline(g, line,    ok, fail, wall, i) {
	ok = kv(line, "ok") + 0
	fail = kv(line, "fail") + 0
	wall = kv(line, "wall_ns") + 0
	n[g] += ok + fail
	nok[g] += ok
	att_ok[g] += kv(line, "retries") + ok
	mig_ok[g] += kv(line, "migrated")
	mig_n[g] += ok
	wall_sum[g] += wall
	if (ok)
		add(lat, nlat, g, wall / ok)
	for (i = 0; i < ok + fail; i++)
		add(alat, nalat, g, wall / (ok + fail))
}

$4 == "pin" {
	sc = $3
	line = $0
	sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", line)
	pin_first[sc] = max(pin_first[sc], kv(line, "first"))
	pin_gap[sc] = max(pin_gap[sc], kv(line, "maxgap"))
	pin_runs[sc]++
}

# The cost of a run's standby refills (guest.sh standby_report).
$4 == "standby" {
	kind = $1; sc = $3
	line = $0
	sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", line)
	sb_runs[sc, kind]++
	sb_hits[sc, kind] += kv(line, "hits")
	sb_refills[sc, kind] += kv(line, "refills")
	sb_failed[sc, kind] += kv(line, "failed")
	sb_us[sc, kind] += kv(line, "refill_us")
	sb_mig[sc, kind] += kv(line, "migrated")
	sb_kb[sc, kind] += kv(line, "withheld_kb")
}

$4 == "alloc" || $4 == "oracle" || $4 == "pair" {
	kind = $1; sc = $3
	line = $0
	sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", line)
	pages = kv(line, "pages"); align = kv(line, "align")
	row = sc SUBSEP pages SUBSEP align
	if (!(row in seen)) {
		seen[row] = 1
		rows[++nrows] = row
	}
	if (!(sc in seensc)) {
		seensc[sc] = 1
		scs[++nscs] = sc
	}
	all = sc SUBSEP "all" SUBSEP "" SUBSEP kind
	ok = kv(line, "ok") + 0
	if ($4 == "alloc") {
		ns = kv(line, "ns") + 0
		att = kv(line, "attempts") + 0
		scan = kv(line, "scanned")
		if (scan == "-")
			scan = att * pages
		mig = kv(line, "migrated") + 0
		timed(row SUBSEP kind, ok, ns, att, scan, mig)
		timed(all, ok, ns, att, scan, mig)
	} else if ($4 == "oracle") {
		if (kv(line, "windows") + 0 > 0)
			feasible[sc, kind]++
		if (!ok)
			next
		mig = kv(line, "migrated") + 0
		few = kv(line, "fewest") + 0
		cho = kv(line, "chosen") + 0
		oracle(row SUBSEP kind, mig, few, cho)
		oracle(all, mig, few, cho)
	} else {
		pair[sc] = 1
		pairline(row SUBSEP kind, line)
		pairline(all, line)
	}
}

# Add the requests of group src to group dst.
function pool(dst, src,    i) {
	n[dst] += n[src]
	nok[dst] += nok[src]
	att_ok[dst] += att_ok[src]
	att_fail[dst] += att_fail[src]
	mig_ok[dst] += mig_ok[src]
	mig_n[dst] += mig_n[src]
	ook[dst] += ook[src]
	few_ok[dst] += few_ok[src]
	few_n[dst] += few_n[src]
	cho_ok[dst] += cho_ok[src]
	cho_n[dst] += cho_n[src]
	scan_sum[dst] += scan_sum[src]
	scan_n[dst] += scan_n[src]
	tmig[dst] += tmig[src]
	tmig_n[dst] += tmig_n[src]
	for (i = 1; i <= nlat[src]; i++)
		add(lat, nlat, dst, lat[src, i])
	for (i = 1; i <= nalat[src]; i++)
		add(alat, nalat, dst, alat[src, i])
	for (i = 1; i <= nflat[src]; i++)
		add(flat, nflat, dst, flat[src, i])
}

# One kernel's metrics of group g.
function metrics(g, m) {
	m["n"] = n[g] + 0
	m["ok"] = nok[g] + 0
	m["succ"] = n[g] ? 100 * nok[g] / n[g] : ""
	m["p50"] = pct(lat, nlat, g, 0.5)
	m["p99"] = pct(lat, nlat, g, 0.99)
	m["p50a"] = pct(alat, nalat, g, 0.5)
	m["p99a"] = pct(alat, nalat, g, 0.99)
	m["att"] = div(att_ok[g], nok[g])
	m["atta"] = div(att_ok[g] + att_fail[g], n[g])
	m["mig"] = div(mig_ok[g], mig_n[g])
	m["few"] = few_n[g] ? few_ok[g] / few_n[g] : ""
	m["cho"] = cho_n[g] ? cho_ok[g] / cho_n[g] : ""
	m["fail"] = n[g] - nok[g]
	m["fp50"] = pct(flat, nflat, g, 0.5)
	m["fatt"] = div(att_fail[g], n[g] - nok[g])
	m["tput"] = wall_sum[g] > 0 ? nok[g] / (wall_sum[g] / 1e9) : ""
	m["ook"] = ook[g] + 0
	m["scan"] = div(scan_sum[g], scan_n[g])
	m["tmig"] = div(tmig[g], tmig_n[g])
}

function csvrow(sc, pages, align, kind, g,    m) {
	metrics(g, m)
	printf "%s,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%d,%s\n",
	       sc, pages, align, kind, m["n"], m["ok"], cfmt(m["succ"], "%.1f"),
	       ms(m["p50"]), ms(m["p99"]), cfmt(m["att"], "%.2f"),
	       cfmt(m["mig"], "%.1f"), cfmt(m["few"], "%.1f"), m["fail"],
	       ms(m["fp50"]), cfmt(m["fatt"], "%.1f"),
	       cfmt(m["tput"], "%.1f"), cfmt(m["cho"], "%.1f"),
	       ms(m["p50a"]), ms(m["p99a"]), cfmt(m["atta"], "%.2f"),
	       m["ook"], cfmt(m["scan"], "%.0f") > csv
}

# The three columns of a latency: P, B and B/P.
function lat3(p, b) {
	return sprintf("  %7s %7s %5s", fmt(ms(p), "%s"), fmt(ms(b), "%s"),
		       fmt(ratio(b, p), "%.2f"))
}

function tablerow(label, gp, gb,    p, b) {
	metrics(gp, p)
	metrics(gb, b)
	printf "%-20s %5s %5s%s%s%s%s  %6s %6s %6s %6s  %5s %5s %5s %5s%s  %7s %7s\n",
	       label, fmt(p["succ"], "%.1f"), fmt(b["succ"], "%.1f"),
	       lat3(p["p50"], b["p50"]), lat3(p["p50a"], b["p50a"]),
	       lat3(p["p99"], b["p99"]), lat3(p["p99a"], b["p99a"]),
	       afmt(p["att"]), afmt(b["att"]), afmt(p["atta"]), afmt(b["atta"]),
	       fmt(p["mig"], "%.0f"), fmt(b["mig"], "%.0f"),
	       fmt(p["few"], "%.0f"), fmt(b["few"], "%.0f"),
	       lat3(p["fp50"], b["fp50"]),
	       fmt(p["scan"], "%.0f"), fmt(b["scan"], "%.0f")
}

# Print the verdict on a target (what), and keep it for the summary in
# fewer words (brief).
function verdict(ok, what, seen_, brief) {
	if (seen_ == "") {
		printf "  n/a   %s (no data)\n", what
		briefs[++nbriefs] = sprintf("  n/a     %s", brief)
		return
	}
	printf "  %-5s %s\n", ok ? "met" : "MISSED", what
	briefs[++nbriefs] = sprintf("  %-7s %s", ok ? "met" : "MISSED", brief)
	if (ok)
		met++
	else
		missed++
}

# The verdicts on the pinned targets for group g (patched and baseline);
# brief names the requests in fewer words; want, if set, is the B/P of
# p50 over all requests to reach.
function pinned_targets(g, what, brief, want,    p, b, x, y) {
	metrics(g SUBSEP "patched", p); metrics(g SUBSEP "baseline", b)
	verdict(p["att"] != "" && p["att"] <= 1.5,
		sprintf("pinned, %s: attempts per successful allocation <= 1.5: P %s (B %s); per request P %s (B %s)",
			what, fmt(p["att"], "%.2f"), fmt(b["att"], "%.2f"),
			fmt(p["atta"], "%.2f"), fmt(b["atta"], "%.2f")), p["att"],
		sprintf("pinned, %s: attempts/success <= 1.5 (P %s, B %s)",
			brief, fmt(p["att"], "%.2f"), fmt(b["att"], "%.2f")))
	if (want == "")
		return
	x = ratio(b["p50"], p["p50"])
	y = ratio(b["p50a"], p["p50a"])
	verdict(y != "" && y >= want,
		sprintf("pinned, %s: p50 over all requests B/P >= %s: B/P %s (P %s ms, B %s ms); successes B/P %s",
			what, want, fmt(y, "%.2f"), num(ms(p["p50a"])),
			num(ms(b["p50a"])), fmt(x, "%.2f")), y,
		sprintf("pinned, %s: p50 B/P >= %s (%s)", brief, want,
			fmt(y, "%.2f")))
}

# The group of scenario sc's requests together.
function scgroup(sc) {
	return sc SUBSEP "all" SUBSEP ""
}

function header() {
	printf "%-20s %-11s  %-21s  %-21s  %-21s  %-21s  %-27s  %-23s  %-21s  %s\n", "",
	       "success %", "p50 ms, ok", "p50 ms, all requests", "p99 ms, ok",
	       "p99 ms, all requests", "attempts per ok, per req",
	       "migrated/ok, fewest", "time to fail ms (p50)", "read/req"
	printf "%-20s %5s %5s%s%s%s%s  %6s %6s %6s %6s  %5s %5s %5s %5s%s  %7s %7s\n",
	       "scenario pages/align", "P", "B", lat3h(), lat3h(), lat3h(), lat3h(),
	       "ok P", "ok B", "req P", "req B", "mig P", "mig B", "few P",
	       "few B", lat3h(), "P", "B"
}

function lat3h() { return sprintf("  %7s %7s %5s", "P", "B", "B/P") }

# The success-rate target: P's at least B's in every scenario.
function success_target(    s, sc, p, b, bad, r, f, rp, rb, detail) {
	bad = 0
	detail = ""
	for (s = 1; s <= nscs; s++) {
		sc = scs[s]
		metrics(scgroup(sc) SUBSEP "patched", p)
		metrics(scgroup(sc) SUBSEP "baseline", b)
		if (p["succ"] == "" || b["succ"] == "" || p["succ"] < b["succ"])
			bad = 1
		detail = detail sprintf("          %-10s P %5s%% (%d/%d), B %5s%% (%d/%d)%s\n",
			sc, fmt(p["succ"], "%.1f"), p["ok"], p["n"],
			fmt(b["succ"], "%.1f"), b["ok"], b["n"],
			p["succ"] < b["succ"] ? "  P lower" : "")
		for (r = 1; r <= nrows; r++) {
			split(rows[r], f, SUBSEP)
			if (f[1] != sc)
				continue
			metrics(rows[r] SUBSEP "patched", rp)
			metrics(rows[r] SUBSEP "baseline", rb)
			if (rp["succ"] != "" && rb["succ"] != "" && rp["succ"] < rb["succ"]) {
				bad = 1
				detail = detail sprintf("            lower: %s/%s P %.1f%%, B %.1f%%\n",
					f[2], f[3], rp["succ"], rb["succ"])
			}
		}
	}
	verdict(!bad, "success rate of P >= B's in every scenario and request (timed pass):",
		nscs ? 1 : "", "success rate of P >= B's in every scenario, request")
	printf "%s", detail
}

# The requests of the pinned scenario that meet a pin, chosen from its
# "pin" lines (the setup): more pages than the offset of the first pin.
function pinned_hit(    r, f, g, hit) {
	if (pin_first["pinned"] == "")
		return
	hit = ""
	g = "pinned" SUBSEP "hit" SUBSEP ""
	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP)
		if (f[1] != "pinned" || f[2] + 0 <= pin_first["pinned"] + 0)
			continue
		pool(g SUBSEP "patched", rows[r] SUBSEP "patched")
		pool(g SUBSEP "baseline", rows[r] SUBSEP "baseline")
		hit = hit " " f[2] "/" f[3]
	}
	if (hit != "")
		pinned_targets(g, sprintf("requests that meet a pin (more than %d pages, the first pin's offset:%s)",
			pin_first["pinned"], hit), "meet a pin", 1.5)
	else
		printf "  n/a   pinned: no request of more than %d pages (the first pin's offset)\n",
		       pin_first["pinned"]
}

# What the pins of the "fail" scenario leave: every window must hold one.
function fail_geometry(    r, f, every) {
	if (pin_gap["fail"] == "")
		return
	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP)
		if (f[1] != "fail")
			continue
		every = f[2] + 0 > pin_gap["fail"] + 0 ? "every" : "NOT every"
		printf "          fail %s/%s: %s window holds a pin (longest run without one: %d pages)\n",
		       f[2], f[3], every, pin_gap["fail"]
	}
}

function fail_targets(    r, f, p, b, x, nfails, fails) {
	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP)
		if (f[1] == "fail")
			fails[++nfails] = rows[r]
	}
	fails[++nfails] = scgroup("fail")
	for (r = 1; r <= nfails; r++) {
		split(fails[r], f, SUBSEP)
		metrics(fails[r] SUBSEP "patched", p)
		metrics(fails[r] SUBSEP "baseline", b)
		x = ratio(b["fp50"], p["fp50"])
		verdict(x != "" && x >= 20,
			sprintf("fail %s%s: fails >= 20x sooner: B/P %s (P %s ms, B %s ms)",
				f[2], f[3] == "" ? "" : "/" f[3], fmt(x, "%.1f"),
				num(ms(p["fp50"])), num(ms(b["fp50"]))), x,
			sprintf("fail %s%s: fails >= 20x sooner (B/P %s)", f[2],
				f[3] == "" ? "" : "/" f[3], fmt(x, "%.1f")))
	}
	fail_geometry()
	if (feasible["fail", "patched"] + feasible["fail", "baseline"])
		printf "          note: %d requests of \"fail\" had a feasible window (oracle pass)\n",
		       feasible["fail", "patched"] + feasible["fail", "baseline"]
}

# Where the area is in use: pages migrated per successful allocation
# (oracle pass) at most half of 6.1's, and no tail of ours (p99 over all
# requests B/P >= 1.5).
function busy_targets(    s, sc, p, b, x, i) {
	split("populated pinned frag", s, " ")
	for (i = 1; i <= 3; i++) {
		sc = s[i]
		metrics(scgroup(sc) SUBSEP "patched", p)
		metrics(scgroup(sc) SUBSEP "baseline", b)
		x = ratio(p["mig"], b["mig"])
		verdict(p["mig"] != "" && b["mig"] != "" && p["mig"] <= 0.5 * b["mig"],
			sprintf("%s: pages migrated per allocation <= 0.5x B's (oracle pass): P %s, B %s (P/B %s; fewest possible %s)",
				sc, fmt(p["mig"], "%.1f"), fmt(b["mig"], "%.1f"),
				fmt(x, "%.2f"), fmt(p["few"], "%.1f")), p["mig"],
			sprintf("%s: migrated <= 0.5x B's (P/B %s)", sc, fmt(x, "%.2f")))
		x = ratio(b["p99a"], p["p99a"])
		verdict(x != "" && x >= 1.5,
			sprintf("%s: p99 over all requests B/P >= 1.5: B/P %s (P %s ms, B %s ms)",
				sc, fmt(x, "%.2f"), num(ms(p["p99a"])), num(ms(b["p99a"]))), x,
			sprintf("%s: p99 B/P >= 1.5 (%s)", sc, fmt(x, "%.2f")))
	}
}

function pair_targets(    s, r, f, p, b, x) {
	for (s = 1; s <= nscs; s++) {
		if (!(scs[s] in pair))
			continue
		for (r = 1; r <= nrows; r++) {
			split(rows[r], f, SUBSEP)
			if (f[1] != scs[s])
				continue
			metrics(rows[r] SUBSEP "patched", p)
			metrics(rows[r] SUBSEP "baseline", b)
			x = ratio(p["tput"], b["tput"])
			verdict(x != "" && x >= 1.6,
				sprintf("%s %s/%s: aggregate throughput >= 1.6x: P/B %s (P %s/s, B %s/s)",
					scs[s], f[2], f[3], fmt(x, "%.2f"),
					fmt(p["tput"], "%.1f"), fmt(b["tput"], "%.1f")), x,
				sprintf("%s %s/%s: throughput >= 1.6x (P/B %s)",
					scs[s], f[2], f[3], fmt(x, "%.2f")))
		}
	}
}

# p50 over the successes, or the time to fail if nothing succeeded.
function p50_or_fail(m) {
	return m["p50"] != "" ? m["p50"] : m["fp50"]
}

function slower_targets(    s, sc, r, f, g, p, b, x, y, low, nlow) {
	for (s = 1; s <= nscs; s++) {
		sc = scs[s]
		if (sc in pair)
			continue
		g = scgroup(sc)
		metrics(g SUBSEP "patched", p); metrics(g SUBSEP "baseline", b)
		x = ratio(b["p50a"], p["p50a"])
		low = ""
		nlow = 0
		for (r = 1; r <= nrows; r++) {
			split(rows[r], f, SUBSEP)
			if (f[1] != sc)
				continue
			metrics(rows[r] SUBSEP "patched", p)
			metrics(rows[r] SUBSEP "baseline", b)
			y = ratio(b["p50a"], p["p50a"])
			if (y != "" && y < 0.8) {
				low = low sprintf(" %s/%s %.2f", f[2], f[3], y)
				nlow++
			}
		}
		metrics(g SUBSEP "patched", p); metrics(g SUBSEP "baseline", b)
		verdict(x != "" && x >= 1.0 && !nlow,
			sprintf("%s: not slower than B (p50 over all requests): B/P %s (P %s ms, B %s ms); request rows below 0.8:%s",
				sc, fmt(x, "%.2f"), num(ms(p["p50a"])), num(ms(b["p50a"])),
				nlow ? low : " none"), x,
			sprintf("%s: p50 B/P >= 1, rows >= 0.8 (%s; %d below)", sc,
				fmt(x, "%.2f"), nlow))
	}
}

# The standby scenarios ("standby": populated, "standbypin": pinned, with a
# run of 4096 pages): for 1024- and 4096-page requests, nothing migrated
# inside cma_alloc() and p50 and p99 10x lower than B's; our figures
# without standby (the same requests in populated or pinned) for
# comparison, and what the refills cost. "heapsb" (16 MiB dma-buf heap
# buffers, standby 4096 pages): nothing migrated, p50 2.5x lower than B's
# (the heap clears the buffer on both kernels).
function standby_targets(    s, sc, base, r, f, p, b, q, i, x, y, k) {
	for (s = 1; s <= nscs; s++) {
		sc = scs[s]
		if (sc == "heapsb") {
			metrics(scgroup(sc) SUBSEP "patched", p)
			metrics(scgroup(sc) SUBSEP "baseline", b)
			metrics(scgroup("heap") SUBSEP "patched", q)
			x = ratio(b["p50a"], p["p50a"])
			printf "  info  heapsb: p50 P with standby %s ms, P without (heap) %s ms, B %s ms\n",
			       num(ms(p["p50a"])), num(ms(q["p50a"])), num(ms(b["p50a"]))
			if ("heapidle" in seensc) {
				metrics(scgroup("heapidle") SUBSEP "patched", q)
				metrics(scgroup("heapidle") SUBSEP "baseline", i)
				printf "  info  heapsb: the heap's own cost (heapidle, nothing to migrate): p50 P %s ms, B %s ms; B heapsb over P's own cost %s\n",
				       num(ms(q["p50a"])), num(ms(i["p50a"])),
				       fmt(ratio(b["p50a"], q["p50a"]), "%.2f")
			}
			verdict(x != "" && x >= 2.5,
				sprintf("heapsb: dma-buf heap buffers with standby, p50 B/P >= 2.5: %s (P %s ms, B %s ms)",
					fmt(x, "%.2f"), num(ms(p["p50a"])), num(ms(b["p50a"]))), x,
				sprintf("heapsb: heap p50 B/P >= 2.5 (%s)", fmt(x, "%.2f")))
		}
		if (sc !~ /^standby/ && sc != "heapsb")
			continue
		base = sc == "standby" ? "populated" : sc == "heapsb" ? "heap" : "pinned"
		for (r = 1; r <= nrows; r++) {
			split(rows[r], f, SUBSEP)
			if (f[1] != sc || (f[2] != 1024 && f[2] != 4096))
				continue
			metrics(rows[r] SUBSEP "patched", p)
			metrics(rows[r] SUBSEP "baseline", b)
			metrics(base SUBSEP f[2] SUBSEP f[3] SUBSEP "patched", q)
			printf "  info  %s %s/%s: p50 P with standby %s ms, P without (%s) %s ms, B %s ms\n",
			       sc, f[2], f[3], num(ms(p["p50a"])), base,
			       num(ms(q["p50a"])), num(ms(b["p50a"]))
			verdict(p["tmig"] != "" && p["tmig"] == 0,
				sprintf("%s %s/%s: no page migrated inside cma_alloc(): P %s per allocation",
					sc, f[2], f[3], fmt(p["tmig"], "%.1f")), p["tmig"],
				sprintf("%s %s/%s: migrated in alloc = 0 (%s)",
					sc, f[2], f[3], fmt(p["tmig"], "%.1f")))
			if (sc == "heapsb")
				continue
			x = ratio(b["p50a"], p["p50a"])
			y = ratio(b["p99a"], p["p99a"])
			verdict(x != "" && y != "" && x >= 10 && y >= 10,
				sprintf("%s %s/%s: p50 and p99 B/P >= 10: %s and %s (P %s/%s ms, B %s/%s ms)",
					sc, f[2], f[3], fmt(x, "%.1f"), fmt(y, "%.1f"),
					num(ms(p["p50a"])), num(ms(p["p99a"])),
					num(ms(b["p50a"])), num(ms(b["p99a"]))), x,
				sprintf("%s %s/%s: p50, p99 B/P >= 10 (%s, %s)",
					sc, f[2], f[3], fmt(x, "%.1f"), fmt(y, "%.1f")))
		}
		k = sc SUBSEP "patched"
		if (sb_runs[k]) {
			sb_line[sc] = sprintf("%s: %.0f hits, %.0f refills (%.0f failed) per run;\n  a refill %.1f ms, %.0f pages migrated; %.0f MiB withheld",
				sc, sb_hits[k] / sb_runs[k], sb_refills[k] / sb_runs[k],
				sb_failed[k] / sb_runs[k],
				sb_refills[k] ? sb_us[k] / sb_refills[k] / 1000 : 0,
				sb_refills[k] ? sb_mig[k] / sb_refills[k] : 0,
				sb_kb[k] / sb_runs[k] / 1024)
			printf "  info  standby cost, %s\n", sb_line[sc]
		}
	}
}

# The scale scenarios, "scaleN" for an area of N MiB, in order of N.
function scale_areas(a,    s, na, i, j, t) {
	na = 0
	for (s = 1; s <= nscs; s++)
		if (scs[s] ~ /^scale[0-9]+$/)
			a[++na] = scs[s]
	for (i = 2; i <= na; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && substr(a[j], 6) + 0 > substr(t, 6) + 0; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	return na
}

# The request sizes of the scale scenarios, in order.
function scale_sizes(z, a, na,    r, f, nz, seen_, i, j, t) {
	nz = 0
	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP)
		for (i = 1; i <= na; i++)
			if (f[1] == a[i] && !((f[2]) in seen_)) {
				seen_[f[2]] = 1
				z[++nz] = f[2] + 0
			}
	}
	isort(z, nz)
	return nz
}

# The scale table: p50 over all requests and struct pages read per
# request against the area's size.
function scale_table(    a, na, z, nz, i, j, g, p, b) {
	na = scale_areas(a)
	if (!na)
		return
	nz = scale_sizes(z, a, na)
	printf "Scale: the populated setup in areas of %s MiB", substr(a[1], 6)
	for (i = 2; i <= na; i++)
		printf "%s%s", i == na ? " and " : ", ", substr(a[i], 6)
	printf "\n%-8s %6s  %7s %7s %5s  %8s %8s %8s  %5s %5s\n", "pages",
	       "MiB", "p50 P", "p50 B", "B/P", "read P", "read B", "bound",
	       "ok P", "ok B"
	for (j = 1; j <= nz; j++) {
		for (i = 1; i <= na; i++) {
			g = a[i] SUBSEP z[j] SUBSEP "0"
			metrics(g SUBSEP "patched", p)
			metrics(g SUBSEP "baseline", b)
			printf "%-8s %6s  %7s %7s %5s  %8s %8s %8d  %5s %5s\n",
			       z[j], substr(a[i], 6), num(ms(p["p50a"])),
			       num(ms(b["p50a"])), fmt(ratio(b["p50a"], p["p50a"]), "%.2f"),
			       fmt(p["scan"], "%.0f"), fmt(b["scan"], "%.0f"),
			       16 * z[j] + 2048, fmt(p["succ"], "%.0f"),
			       fmt(b["succ"], "%.0f")
			printf "\"%s/%sM\" %s %s %s %s\n", z[j], substr(a[i], 6),
			       num(ms(p["p50a"])), num(ms(b["p50a"])),
			       num(p["scan"]), num(b["scan"]) > scaleplot
		}
	}
	print ""
}

# The scale targets: our p50 for small requests in the largest area at
# most 1.3x that in the smallest, and the struct pages read per request at
# most 16 x request + 2048.
function scale_targets(    a, na, z, nz, i, j, p, x, over, lo, hi) {
	na = scale_areas(a)
	if (!na)
		return
	nz = scale_sizes(z, a, na)
	for (j = 1; j <= nz; j++) {
		if (z[j] > 16 || na < 2)
			continue
		metrics(a[1] SUBSEP z[j] SUBSEP "0" SUBSEP "patched", lo)
		metrics(a[na] SUBSEP z[j] SUBSEP "0" SUBSEP "patched", hi)
		x = ratio(hi["p50a"], lo["p50a"])
		verdict(x != "" && x <= 1.3,
			sprintf("scale %s pages: P p50 in %s MiB <= 1.3x that in %s MiB: %s ms against %s ms (%sx)",
				z[j], substr(a[na], 6), substr(a[1], 6), num(ms(hi["p50a"])),
				num(ms(lo["p50a"])), fmt(x, "%.2f")), x,
			sprintf("scale %s: p50 %s MiB <= 1.3x %s MiB (%sx)", z[j],
				substr(a[na], 6), substr(a[1], 6), fmt(x, "%.2f")))
	}
	over = ""
	x = ""
	for (j = 1; j <= nz; j++)
		for (i = 1; i <= na; i++) {
			metrics(a[i] SUBSEP z[j] SUBSEP "0" SUBSEP "patched", p)
			if (p["scan"] == "" || p["succ"] < 100)
				continue
			x = 1
			if (p["scan"] > 16 * z[j] + 2048)
				over = over sprintf(" %s/%sM %.0f", z[j], substr(a[i], 6),
						    p["scan"])
		}
	verdict(x != "" && over == "",
		sprintf("scale: P struct pages read per request <= 16 x request + 2048 (requests that always succeeded); over:%s",
			over == "" ? " none" : over), x,
		sprintf("scale: read <= 16 x request + 2048 (%s)",
			over == "" ? "all rows" : "over:" over))
}

# A latency in ms in at most 6 characters, for the summary.
function sms(ns,    x) {
	if (ns == "")
		return "-"
	x = ns / 1e6
	return sprintf(x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : "%.2f", x)
}

# The summary in 72 columns: a row per scenario (its requests together),
# the pinned requests that meet a pin, then the verdicts.
function summarise(    s, sc, g, lbl, nl, p, b, i) {
	nl = 0
	for (s = 1; s <= nscs; s++) {
		lbl[++nl] = scs[s]
		g[nl] = scgroup(scs[s])
		if (scs[s] == "pinned" && n["pinned" SUBSEP "hit" SUBSEP "" SUBSEP "patched"]) {
			lbl[++nl] = "pinned hit"
			g[nl] = "pinned" SUBSEP "hit" SUBSEP ""
		}
	}
	printf "%-12s %-13s  %-19s  %s\n", "", "success %",
	       "p50 ms, successes", "p50 ms, all requests" > summary
	printf "%-12s %6s %6s %6s %6s %5s %6s %6s %5s\n", "", "P", "B", "P",
	       "B", "B/P", "P", "B", "B/P" > summary
	for (i = 1; i <= nl; i++) {
		metrics(g[i] SUBSEP "patched", p); metrics(g[i] SUBSEP "baseline", b)
		printf "  %-10s %6s %6s %6s %6s %5s %6s %6s %5s\n", lbl[i],
		       fmt(p["succ"], "%.1f"), fmt(b["succ"], "%.1f"),
		       sms(p["p50"]), sms(b["p50"]),
		       fmt(ratio(b["p50"], p["p50"]), "%.2f"),
		       sms(p["p50a"]), sms(b["p50a"]),
		       fmt(ratio(b["p50a"], p["p50a"]), "%.2f") > summary
	}
	printf "\n%-12s %-13s  %-23s  %s\n", "", "attempts/req",
	       "migrated/ok, fewest", "time to fail ms" > summary
	printf "%-12s %6s %6s  %5s %5s %5s %5s  %6s %6s %5s\n", "", "P", "B",
	       "P", "few", "B", "few", "P", "B", "B/P" > summary
	for (i = 1; i <= nl; i++) {
		metrics(g[i] SUBSEP "patched", p); metrics(g[i] SUBSEP "baseline", b)
		printf "  %-10s %6s %6s  %5s %5s %5s %5s  %6s %6s %5s\n", lbl[i],
		       afmt(p["atta"]), afmt(b["atta"]),
		       fmt(p["mig"], "%.0f"), fmt(p["few"], "%.0f"),
		       fmt(b["mig"], "%.0f"), fmt(b["few"], "%.0f"),
		       sms(p["fp50"]), sms(b["fp50"]),
		       fmt(ratio(b["fp50"], p["fp50"]), "%.1f") > summary
	}
	for (s = 1; s <= nscs; s++)
		if (scs[s] in sb_line)
			printf "\nStandby cost, %s\n", sb_line[scs[s]] > summary
	printf "\nTargets: %d met, %d missed\n", met, missed > summary
	for (i = 1; i <= nbriefs; i++)
		print briefs[i] > summary
}

END {
	print "scenario,pages,align,kernel,n,ok,success_pct,p50_ms,p99_ms,attempts_per_ok,migrated_per_ok,fewest_per_ok,failed,fail_p50_ms,attempts_per_fail,allocs_per_s,chosen_per_ok,p50_all_ms,p99_all_ms,attempts_per_req,oracle_ok,scanned_per_req" > csv
	header()
	for (s = 1; s <= nscs; s++) {
		sc = scs[s]
		for (r = 1; r <= nrows; r++) {
			split(rows[r], f, SUBSEP)
			if (f[1] != sc)
				continue
			gp = rows[r] SUBSEP "patched"
			gb = rows[r] SUBSEP "baseline"
			tablerow(sprintf("%s %s/%s", sc, f[2], f[3]), gp, gb)
			csvrow(sc, f[2], f[3], "patched", gp)
			csvrow(sc, f[2], f[3], "baseline", gb)
			metrics(gp, mp)
			metrics(gb, mb)
			printf "\"%s %s/%s\" %s %s %s %s %s %s %s %s %s\n", sc, f[2],
			       f[3], num(ms(mp["p50a"])), num(ms(mb["p50a"])),
			       num(mp["atta"]), num(mb["atta"]),
			       num(mp["mig"]), num(mb["mig"]), num(mp["few"]),
			       num(mp["succ"]), num(mb["succ"]) > plot
		}
		if (!(sc in pair)) {
			gp = scgroup(sc) SUBSEP "patched"
			gb = scgroup(sc) SUBSEP "baseline"
			tablerow(sprintf("%s all", sc), gp, gb)
			csvrow(sc, "all", "", "patched", gp)
			csvrow(sc, "all", "", "baseline", gb)
		}
		print ""
	}

	scale_table()
	print "Targets (patched P against baseline B, same run):"
	met = missed = 0
	success_target()
	pinned_targets(scgroup("pinned"), "all requests", "all", "")
	pinned_hit()
	fail_targets()
	busy_targets()
	pair_targets()
	slower_targets()
	scale_targets()
	standby_targets()
	printf "targets: %d met, %d missed\n", met, missed
	if (summary != "")
		summarise()
}
