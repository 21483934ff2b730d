# SPDX-License-Identifier: GPL-2.0
# The plot of scripts/bench: gnuplot -e "dat='plot.dat'; out='bench.png'"
# plot.gp. plot.dat has one line per request: label, p50 ms (time to fail
# when nothing succeeded) patched and baseline, attempts per allocation
# patched and baseline, pages migrated per allocation patched and baseline,
# and the fewest pages in use of any feasible window (patched's runs).
set terminal pngcairo size 1400,1100 font "sans,10"
set output out
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -45 scale 0 font ",9"
set grid ytics
set key top left
set logscale y
set multiplot layout 3,1 title "CMA: patched (ours) against baseline (upstream 6.1), same run"
set ylabel "p50 latency, ms (log)"
plot dat using 2:xtic(1) title "patched" lc rgb "#1b9e77", \
     "" using 3 title "baseline" lc rgb "#d95f02"
set ylabel "attempts per allocation (log)"
set yrange [0.5:*]
plot dat using 4:xtic(1) title "patched" lc rgb "#1b9e77", \
     "" using 5 title "baseline" lc rgb "#d95f02"
set autoscale y
set ylabel "pages migrated per allocation (log)"
plot dat using ($6 + 1):xtic(1) title "patched (+1)" lc rgb "#1b9e77", \
     "" using ($7 + 1) title "baseline (+1)" lc rgb "#d95f02", \
     "" using ($8 + 1) title "fewest possible (+1)" lc rgb "#7570b3"
unset multiplot
