# SPDX-License-Identifier: GPL-2.0
# The plot of scripts/bench: gnuplot -e "dat='plot.dat'; out='bench.png'"
# plot.gp. plot.dat has one line per request: label, p50 latency in ms over
# every request (a failure counting with its time) patched and baseline,
# attempts per request patched and baseline, pages migrated per successful
# allocation (oracle pass) patched and baseline, the fewest pages in use of
# any feasible window (patched's oracle pass), and the success rate in %
# patched and baseline. scale (may be empty: no panels for it) has one
# line per request and area of the scale scenarios: "pages/MiB M", p50 over
# all requests in ms patched and baseline, struct pages read per request
# patched and baseline (report.awk says what 6.1's figure is).
rows = strlen(scale) > 0 ? 6 : 4
set terminal pngcairo size 1400,(350 * rows) font "sans,10"
set output out
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -45 scale 0 font ",9"
# A panel without a valid point (no oracle pass in the scenarios run)
# stays empty instead of failing.
stats dat using 0 nooutput
set xrange [-1:STATS_records]
set grid ytics
set key outside right top
set multiplot layout rows,1 title "CMA: patched (ours) against baseline (upstream 6.1), same run"
set ylabel "success, %"
set yrange [0:105]
plot dat using 9:xtic(1) title "patched" lc rgb "#1b9e77", \
     "" using 10 title "baseline" lc rgb "#d95f02"
set autoscale y
set logscale y
set ylabel "p50 latency, all requests, ms (log)"
plot dat using 2:xtic(1) title "patched" lc rgb "#1b9e77", \
     "" using 3 title "baseline" lc rgb "#d95f02"
set ylabel "attempts per request (log)"
set yrange [0.5:*]
plot dat using 4:xtic(1) title "patched" lc rgb "#1b9e77", \
     "" using 5 title "baseline" lc rgb "#d95f02"
set autoscale y
set ylabel "pages migrated per allocation (log)"
stats dat using 6 nooutput
if (!exists("STATS_records") || STATS_records == 0) { set yrange [1:10] }
plot dat using ($6 + 1):xtic(1) title "patched (+1)" lc rgb "#1b9e77", \
     "" using ($7 + 1) title "baseline (+1)" lc rgb "#d95f02", \
     "" using ($8 + 1) title "fewest possible (+1)" lc rgb "#7570b3"
if (rows > 4) {
	set autoscale y
	set ylabel "scale: p50, all requests, ms (log)"
	plot scale using 2:xtic(1) title "patched" lc rgb "#1b9e77", \
	     "" using 3 title "baseline" lc rgb "#d95f02"
	set ylabel "scale: struct pages read per request (log)"
	plot scale using ($4 + 1):xtic(1) title "patched: its searches (+1)" lc rgb "#1b9e77", \
	     "" using ($5 + 1) title "baseline: pages its attempts isolated (+1)" lc rgb "#d95f02"
}
unset multiplot
