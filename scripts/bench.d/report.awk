# SPDX-License-Identifier: GPL-2.0
# Summarise scripts/bench's raw results: "KIND ROUND SCENARIO LINE" lines,
# LINE an "alloc ..." or "pair ..." line of cma_bench.
#
#   awk -v csv=FILE -v plot=FILE -f report.awk raw.txt
#
# Prints the table (each metric for patched and baseline, and the ratio
# baseline/patched) and the verdict on each target; writes one CSV row per
# scenario, request and kernel to csv, and the data of the plot to plot.

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

# Record an allocation in group g (a row, or a scenario's "all").
function alloc(g, ok, ns, att, mig, few, cho) {
	n[g]++
	if (ok) {
		nok[g]++
		add(lat, nlat, g, ns)
		att_ok[g] += att
		mig_ok[g] += mig
		if (few >= 0) {
			few_ok[g] += few
			few_n[g]++
		}
		if (cho >= 0) {
			cho_ok[g] += cho
			cho_n[g]++
		}
	} else {
		add(flat, nflat, g, ns)
		att_fail[g] += att
	}
}

$4 == "alloc" || $4 == "pair" {
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
	if ($4 == "alloc") {
		ok = kv(line, "ok") + 0
		ns = kv(line, "ns") + 0
		att = kv(line, "attempts") + 0
		mig = kv(line, "migrated") + 0
		few = kv(line, "fewest") + 0
		cho = kv(line, "chosen")
		cho = cho == "" ? -1 : cho + 0
		alloc(row SUBSEP kind, ok, ns, att, mig, few, cho)
		if (kv(line, "windows") + 0 > 0)
			feasible[sc, kind]++
		alloc(sc SUBSEP "all" SUBSEP "" SUBSEP kind, ok, ns, att, mig, few, cho)
	} else {
		ok = kv(line, "ok") + 0
		fail = kv(line, "fail") + 0
		wall = kv(line, "wall_ns") + 0
		g = row SUBSEP kind
		pair[sc] = 1
		n[g] += ok + fail
		nok[g] += ok
		att_ok[g] += kv(line, "retries") + ok
		mig_ok[g] += kv(line, "migrated")
		wall_sum[g] += wall
		if (ok)
			add(lat, nlat, g, wall / ok)
	}
}

# Add the allocations of group src to group dst.
function pool(dst, src,    i) {
	n[dst] += n[src]
	nok[dst] += nok[src]
	att_ok[dst] += att_ok[src]
	mig_ok[dst] += mig_ok[src]
	few_ok[dst] += few_ok[src]
	few_n[dst] += few_n[src]
	cho_ok[dst] += cho_ok[src]
	cho_n[dst] += cho_n[src]
	att_fail[dst] += att_fail[src]
	for (i = 1; i <= nlat[src]; i++)
		add(lat, nlat, dst, lat[src, i])
	for (i = 1; i <= nflat[src]; i++)
		add(flat, nflat, dst, flat[src, i])
}

# The verdicts on the pinned targets for group g (patched and baseline).
function pinned_targets(g, what,    p, b, x) {
	metrics(g SUBSEP "patched", p); metrics(g SUBSEP "baseline", b)
	verdict(p["att"] != "" && p["att"] <= 1.5,
		sprintf("pinned, %s: attempts per successful allocation <= 1.5: P %s (B %s)",
			what, fmt(p["att"], "%.2f"), fmt(b["att"], "%.2f")), p["att"])
	x = ratio(b["p50"], p["p50"])
	verdict(x != "" && x >= 5,
		sprintf("pinned, %s: p50 latency >= 5x lower: B/P %s (P %s ms, B %s ms)",
			what, fmt(x, "%.2f"), num(ms(p["p50"])), num(ms(b["p50"]))), x)
}

# One kernel's metrics of group g, in the CSV's column order.
function metrics(g, m) {
	m["n"] = n[g] + 0
	m["ok"] = nok[g] + 0
	m["succ"] = n[g] ? 100 * nok[g] / n[g] : ""
	m["p50"] = pct(lat, nlat, g, 0.5)
	m["p99"] = pct(lat, nlat, g, 0.99)
	m["att"] = div(att_ok[g], nok[g])
	m["atta"] = div(att_ok[g] + att_fail[g], n[g])
	m["mig"] = div(mig_ok[g], nok[g])
	m["few"] = few_n[g] ? few_ok[g] / few_n[g] : ""
	m["cho"] = cho_n[g] ? cho_ok[g] / cho_n[g] : ""
	m["fail"] = n[g] - nok[g]
	m["fp50"] = pct(flat, nflat, g, 0.5)
	m["fatt"] = div(att_fail[g], n[g] - nok[g])
	m["tput"] = wall_sum[g] > 0 ? nok[g] / (wall_sum[g] / 1e9) : ""
}

function csvrow(sc, pages, align, kind, g,    m) {
	metrics(g, m)
	printf "%s,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s,%s\n", sc, pages,
	       align, kind, m["n"], m["ok"], cfmt(m["succ"], "%.1f"),
	       ms(m["p50"]), ms(m["p99"]), cfmt(m["att"], "%.2f"),
	       cfmt(m["mig"], "%.1f"), cfmt(m["few"], "%.1f"), m["fail"],
	       ms(m["fp50"]), cfmt(m["fatt"], "%.1f"),
	       cfmt(m["tput"], "%.1f"), cfmt(m["cho"], "%.1f") > csv
}

function tablerow(label, gp, gb,    p, b) {
	metrics(gp, p)
	metrics(gb, b)
	printf "%-22s %3s %3s  %8s %8s %6s  %8s %8s %6s  %6s %6s  %7s %7s %7s %7s  %8s %8s %6s\n",
	       label, fmt(p["succ"], "%.0f"), fmt(b["succ"], "%.0f"),
	       fmt(ms(p["p50"]), "%s"), fmt(ms(b["p50"]), "%s"),
	       fmt(ratio(b["p50"], p["p50"]), "%.2f"),
	       fmt(ms(p["p99"]), "%s"), fmt(ms(b["p99"]), "%s"),
	       fmt(ratio(b["p99"], p["p99"]), "%.2f"),
	       afmt(p["atta"]), afmt(b["atta"]),
	       fmt(p["mig"], "%.0f"), fmt(b["mig"], "%.0f"),
	       fmt(p["few"], "%.0f"), fmt(b["few"], "%.0f"),
	       fmt(ms(p["fp50"]), "%s"), fmt(ms(b["fp50"]), "%s"),
	       fmt(ratio(b["fp50"], p["fp50"]), "%.1f")
}

function verdict(ok, what, seen_) {
	if (seen_ == "") {
		printf "  n/a   %s (no data)\n", what
		return
	}
	printf "  %-5s %s\n", ok ? "met" : "MISSED", what
	if (ok)
		met++
	else
		missed++
}

END {
	print "scenario,pages,align,kernel,n,ok,success_pct,p50_ms,p99_ms,attempts_per_ok,migrated_per_ok,fewest_per_ok,failed,fail_p50_ms,attempts_per_fail,allocs_per_s,chosen_per_ok" > csv
	printf "%-22s %7s  %-24s  %-24s  %-13s  %-31s  %-24s\n", "", "ok %",
	       "p50 ms", "p99 ms", "attempts",
	       "migrated/ok, fewest possible", "time to fail ms (p50)"
	printf "%-22s %3s %3s  %8s %8s %6s  %8s %8s %6s  %6s %6s  %7s %7s %7s %7s  %8s %8s %6s\n",
	       "scenario pages/align", "P", "B", "P", "B", "B/P", "P", "B",
	       "B/P", "P", "B", "mig P", "mig B", "few P", "few B", "P", "B", "B/P"
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
			printf "\"%s %s/%s\" %s %s %s %s %s %s %s\n", sc, f[2], f[3],
			       num(ms(mp["p50"] != "" ? mp["p50"] : mp["fp50"])),
			       num(ms(mb["p50"] != "" ? mb["p50"] : mb["fp50"])),
			       num(mp["atta"]), num(mb["atta"]),
			       num(mp["mig"]), num(mb["mig"]), num(mp["few"]) > plot
		}
		if (!(sc in pair)) {
			gp = sc SUBSEP "all" SUBSEP "" SUBSEP "patched"
			gb = sc SUBSEP "all" SUBSEP "" SUBSEP "baseline"
			tablerow(sprintf("%s all", sc), gp, gb)
			csvrow(sc, "all", "", "patched", gp)
			csvrow(sc, "all", "", "baseline", gb)
		}
		print ""
	}

	print "Targets (patched P against baseline B, same run):"
	met = missed = 0
	pinned_targets("pinned" SUBSEP "all" SUBSEP "", "all requests")
	# The requests that met a pin on the baseline (it had to retry).
	hit = ""
	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP)
		if (f[1] != "pinned")
			continue
		metrics(rows[r] SUBSEP "baseline", b)
		if (b["att"] == "" || b["att"] <= 1)
			continue
		pool("pinned" SUBSEP "hit" SUBSEP "" SUBSEP "patched", rows[r] SUBSEP "patched")
		pool("pinned" SUBSEP "hit" SUBSEP "" SUBSEP "baseline", rows[r] SUBSEP "baseline")
		hit = hit " " f[2] "/" f[3]
	}
	if (hit != "")
		pinned_targets("pinned" SUBSEP "hit" SUBSEP "",
			       "requests that met a pin on B (" substr(hit, 2) ")")

	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP)
		if (f[1] == "fail")
			fails[++nfails] = rows[r]
	}
	fails[++nfails] = "fail" SUBSEP "all" SUBSEP ""
	for (r = 1; r <= nfails; r++) {
		split(fails[r], f, SUBSEP)
		metrics(fails[r] SUBSEP "patched", p)
		metrics(fails[r] SUBSEP "baseline", b)
		x = ratio(b["fp50"], p["fp50"])
		verdict(x != "" && x >= 20,
			sprintf("fail %s%s: fails >= 20x sooner: B/P %s (P %s ms, B %s ms)",
				f[2], f[3] == "" ? "" : "/" f[3], fmt(x, "%.1f"),
				num(ms(p["fp50"])), num(ms(b["fp50"]))), x)
	}
	if (feasible["fail", "patched"] + feasible["fail", "baseline"])
		printf "          note: %d requests of \"fail\" had a feasible window\n",
		       feasible["fail", "patched"] + feasible["fail", "baseline"]

	g = "populated" SUBSEP "all" SUBSEP "" SUBSEP "patched"
	x = few_ok[g] > 0 ? mig_ok[g] / few_ok[g] : (mig_ok[g] > 0 ? 1e9 : 1)
	verdict(mig_ok[g] <= 1.1 * few_ok[g],
		sprintf("populated: migrated <= 1.1x fewest possible: P migrated %d pages, fewest %d (%.2fx); the ranges P chose held %d",
			mig_ok[g], few_ok[g], x, cho_ok[g]), nok[g] ? 1 : "")

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
					fmt(p["tput"], "%.1f"), fmt(b["tput"], "%.1f")), x)
		}
	}

	for (s = 1; s <= nscs; s++) {
		sc = scs[s]
		if (sc in pair) {
			for (r = 1; r <= nrows; r++) {
				split(rows[r], f, SUBSEP)
				if (f[1] == sc)
					g = rows[r]
			}
		} else {
			g = sc SUBSEP "all" SUBSEP ""
		}
		metrics(g SUBSEP "patched", p); metrics(g SUBSEP "baseline", b)
		pv = p["p50"] != "" ? p["p50"] : p["fp50"]
		bv = b["p50"] != "" ? b["p50"] : b["fp50"]
		x = ratio(pv, bv)
		verdict(x != "" && x <= 1.1,
			sprintf("%s: not more than 10%% slower (p50): P/B %s", sc,
				fmt(x, "%.2f")), x)
		for (r = 1; r <= nrows; r++) {
			split(rows[r], f, SUBSEP)
			if (f[1] != sc || sc in pair)
				continue
			metrics(rows[r] SUBSEP "patched", p)
			metrics(rows[r] SUBSEP "baseline", b)
			pv = p["p50"] != "" ? p["p50"] : p["fp50"]
			bv = b["p50"] != "" ? b["p50"] : b["fp50"]
			x = ratio(pv, bv)
			if (x != "" && x > 1.1)
				printf "          slower: %s %s/%s p50 P %s ms, B %s ms (P/B %.2f)\n",
				       sc, f[2], f[3], ms(pv), ms(bv), x
		}
	}
	printf "targets: %d met, %d missed\n", met, missed
}
