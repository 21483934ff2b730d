# SPDX-License-Identifier: GPL-2.0
# The plot of scripts/bench: gnuplot -e "dat='plot.dat'; out='bench.png'"
# plot.gp. plot.dat has one line per request: label, p50 latency in ms over
# every request (a failure counting with its time) patched and baseline,
# attempts per request patched and baseline, pages migrated per successful
# allocation (oracle pass) patched and baseline, the fewest pages in use of
# any feasible window (patched's oracle pass), and the success rate in %
# patched and baseline.
set terminal pngcairo size 1400,1400 font "sans,10"
set output out
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -45 scale 0 font ",9"
set grid ytics
set key outside right top
set multiplot layout 4,1 title "CMA: patched (ours) against baseline (upstream 6.1), same run"
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
plot dat using ($6 + 1):xtic(1) title "patched (+1)" lc rgb "#1b9e77", \
     "" using ($7 + 1) title "baseline (+1)" lc rgb "#d95f02", \
     "" using ($8 + 1) title "fewest possible (+1)" lc rgb "#7570b3"
unset multiplot
