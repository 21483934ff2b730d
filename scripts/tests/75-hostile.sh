# SPDX-License-Identifier: GPL-2.0
# Hostile inputs: every row of scripts/tests/hostile.matrix, whose header
# says what a row holds and what is checked. Any Oops, BUG, WARNING or
# KASAN report fails the run (scripts/vm exits 125).
#
# The kernels: the device-tree, debugfs, sysfs and KUnit rows run on the
# debug kernel (KASAN, kmemleak, lockdep, DEBUG_VM, DEBUG_PAGEALLOC). The
# command-line rows run on the patched kernel, which boots 8 times faster:
# on ARM, cma= is parsed and its area reserved in setup_arch(), before
# KASAN, kmemleak and lockdep are live, and the area that results is
# activated as in every other boot of the debug kernel. A row that needs
# the debug kernel names config=KASAN (or an option only it has). A row
# runs on the first kernel of its category's list (HOSTILE_KINDS_*) that
# meets its config= effects; a row that no kernel meets fails the test.
# The arm64 rows run in 80-arch.sh, once the arm64 kernel is built.
#
# Boots: command-line and device-tree rows one boot per "boot" group and
# kernel, plus a reference boot each for MemTotal; all debugfs and sysfs
# rows in one boot (a generated guest script, one hostile-io call per row,
# each between two /dev/kmsg markers); all KUnit rows in one boot of the
# cma_api suite.

HOSTILE_MATRIX=scripts/tests/hostile.matrix
HOSTILE_KIND=${HOSTILE_KIND:-debug}
# The kernels of each category, in order of preference.
HOSTILE_KINDS_cmdline="patched debug arm64"
HOSTILE_KINDS_dt=debug
HOSTILE_KINDS_debugfs=debug
HOSTILE_KINDS_sysfs=debug
HOSTILE_KINDS_kunit=debug
HOSTILE_DEFAULT_SIZE=$((16 << 20))
# MemTotal moves a little between boots (page tables, the device tree's
# size); a pool's memory kept for nothing is 4 MiB at least.
HOSTILE_SLACK_KB=512
# CmaFree is read from per-CPU counters that are folded lazily.
HOSTILE_CMAFREE_SLACK_KB=2048
# The guest command of a boot: the areas (debugfs, sysfs), the meminfo
# lines and the kernel log with levels. Builtins only but for dmesg: a fork
# costs much under KASAN.
HOSTILE_GUEST='n=; for d in /sys/kernel/debug/cma/*; do [ -d "$d" ] || continue; a=${d##*/}; read -r b <"$d/base_pfn"; read -r c <"$d/count"; echo "area.$a.base=$((b << 12))"; echo "area.$a.size=$((c << 12))"; n="$n $a"; done; echo "areas=${n# }"; n=; for d in /sys/kernel/mm/cma/*; do [ -d "$d" ] && n="$n ${d##*/}"; done; echo "sysfs_areas=${n# }"; while read -r k v u; do case $k in MemTotal: | CmaTotal: | CmaFree:) echo "meminfo.${k%:}=$v" ;; esac; done </proc/meminfo; dmesg -r | sed "s/^/kmsg:/"'
# Boots for cmdline and dt rows: one CPU boots faster.
HOSTILE_BOOT_ARGS=(--smp 1)

# ---------------------------------------------------------------------
# The matrix

# hostile_plan CATEGORY [KIND]: where each row of CATEGORY runs, as
# "kernel<TAB>row": the first kernel of HOSTILE_KINDS_<category> that meets
# the row's config= effects, "?" for a kernel not built yet (its
# configuration is unknown), "-" when none does. With KIND, the rows of
# that kernel, as "category<TAB>id<TAB>boot<TAB>input<TAB>outcome<TAB>
# message<TAB>effects", fields trimmed.
hostile_plan() {
	local kinds_var=HOSTILE_KINDS_$1 k configs=
	for k in ${!kinds_var}; do
		configs="$configs $k=$BUILD/$k/src/obj/.config"
	done
	awk -F'|' -v want="$1" -v kind="${2:-}" -v configs="${configs# }" '
		BEGIN {
			nk = split(configs, kc, " ")
			for (i = 1; i <= nk; i++) {
				k[i] = kc[i]; sub(/=.*/, "", k[i])
				f = kc[i]; sub(/^[^=]*=/, "", f)
				known[i] = 0
				while ((getline line < f) > 0) {
					known[i] = 1
					if (line ~ /^CONFIG_[A-Za-z0-9_]+=y$/) {
						sub(/=y$/, "", line)
						have[i, line] = 1
					}
				}
			}
		}
		/^[ \t]*(#|$)/ { next }
		{
			for (i = 1; i <= NF; i++)
				gsub(/^[ \t]+|[ \t]+$/, "", $i)
			if ($1 != want)
				next
			on = "-"
			n = split($7, eff, " ")
			for (j = 1; j <= nk && on == "-"; j++) {
				if (!known[j]) { on = "?"; break }
				ok = 1
				for (i = 1; i <= n; i++) {
					if (eff[i] !~ /^config=/)
						continue
					sym = substr(eff[i], 8)
					neg = sub(/^!/, "", sym)
					if (((j, "CONFIG_" sym) in have) == neg)
						ok = 0
				}
				if (ok)
					on = k[j]
			}
			if (kind == "")
				printf "%s\t%s\n", on, $2
			else if (on == kind)
				printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, $5, $6, $7
		}' "$HOSTILE_MATRIX"
}

# hostile_rows CATEGORY [KIND]: the rows of CATEGORY that run on KIND
# (default: $HOSTILE_KIND), as hostile_plan prints them.
hostile_rows() {
	hostile_plan "$1" "${2:-$HOSTILE_KIND}"
}

# hostile_plan_ok CATEGORY: every row of CATEGORY has a kernel to run on
# (or one that is not built yet); says how many run where.
hostile_plan_ok() {
	local on id rc=0 kinds_var=HOSTILE_KINDS_$1
	while IFS=$'\t' read -r on id; do
		fail "$1 $id: a kernel of '${!kinds_var}' that meets its config=, saw none"
		rc=1
	done < <(hostile_plan "$1" | awk -F'\t' '$1 == "-"')
	hostile_plan "$1" | awk -F'\t' -v cat="$1" '
		{ n[$1]++; if (n[$1] <= 5) ids[$1] = ids[$1] " " $2 }
		END {
			for (k in n)
				if (k != "-")
					printf "hostile: %s: %d rows on %s (%s%s)\n", cat, n[k],
						(k == "?" ? "a kernel not built yet, see 80-arch.sh" : k),
						substr(ids[k], 2), (n[k] > 5 ? " ..." : "")
		}'
	return $rc
}

# hostile_effect EFFECTS KEY: the values of KEY=... in EFFECTS, one a line.
hostile_effect() {
	local e
	for e in $1; do
		case $e in "$2="*) printf '%s\n' "${e#*=}" ;; esac
	done
}

# hostile_has EFFECTS WORD: EFFECTS holds the bare WORD.
hostile_has() {
	case " $1 " in *" $2 "*) return 0 ;; esac
	return 1
}

# ---------------------------------------------------------------------
# Boots: cmdline and dt rows

# The kernel's log of the last boot (dmesg -r), as "LEVEL<TAB>TEXT" lines
# of kernel messages.
hostile_kmsg() {
	printf '%s\n' "$VM_OUT" | sed -n 's/^kmsg:<\([0-9]*\)>\[ *[0-9.]*\] \{0,1\}/\1\t/p' |
		awk -F'\t' '$1 < 8 { print }'
}

# hostile_read_kmsg: the kernel messages of the last boot in HOSTILE_MSGS
# (their text, one a line), and its error lines about CMA and reserved
# memory in HOSTILE_ERRS, read off the console once (it is large, and
# each row checks several messages).
hostile_read_kmsg() {
	local kmsg
	kmsg=$(hostile_kmsg)
	HOSTILE_MSGS=$(cut -f2- <<<"$kmsg")
	HOSTILE_ERRS=$(awk -F'\t' '$1 <= 4' <<<"$kmsg" | cut -f2- |
		grep -E '^(cma: |OF: reserved mem: |OF: fdt: Reserved memory: |Reserved memory: )')
}

# hostile_count REGEX: kernel messages of the last boot matching REGEX
# (after hostile_read_kmsg).
hostile_count() {
	grep -cE -- "$1" <<<"$HOSTILE_MSGS"
}

# hostile_area_ok WHO SPEC: area NAME:SIZE@LOW-HIGH exists as said.
hostile_area_ok() {
	local who=$1 name=${2%%:*} rest=${2#*:} size base within
	size=${rest%%@*}
	within=${rest#*@}
	case " $(guest_value areas) " in
	*" $name "*) ;;
	*) fail "$who: area '$name', saw areas '$(guest_value areas)'"; return ;;
	esac
	base=$(guest_value "area\.$name\.base")
	expect_eq "$who: size of $name" "$((size))" "$(guest_value "area\.$name\.size")" &&
		expect_in_range "$who: base of $name" "$base" "${within%-*}" $((${within#*-} - size + 1))
}

# hostile_reference KIND: MemTotal (kB) of a boot without hostile input, in
# HOSTILE_REF_CMDLINE or HOSTILE_REF_DT (an empty reserved-memory overlay:
# an overlay moves the device tree, and MemTotal with it).
hostile_reference() {
	local dtso
	if [ "$1" = cmdline ]; then
		[ -z "${HOSTILE_REF_CMDLINE:-}" ] || return 0
		vm --kernel "$HOSTILE_KIND" "${HOSTILE_BOOT_ARGS[@]}" -- "$HOSTILE_GUEST" >/dev/null
		HOSTILE_REF_CMDLINE=$(guest_value meminfo.MemTotal)
	else
		[ -z "${HOSTILE_REF_DT:-}" ] || return 0
		dtso=$(mktemp --suffix=.dtso)
		hostile_overlay "$dtso" ""
		vm --kernel "$HOSTILE_KIND" "${HOSTILE_BOOT_ARGS[@]}" --dtso "$dtso" -- "$HOSTILE_GUEST" >/dev/null
		rm -f "$dtso"
		HOSTILE_REF_DT=$(guest_value meminfo.MemTotal)
	fi
	[ "$VM_RC" -eq 0 ] && [ -n "$(guest_value meminfo.MemTotal)" ] ||
		fail "reference boot ($1): exit status 0 and MemTotal, saw $VM_RC ($(vm_why))"
}

# hostile_overlay FILE POOLS [ROOT]: an overlay with POOLS in a 2-cell
# /reserved-memory and ROOT in the root node; POOLS that start with
# "reserved-memory" are the root node's body.
hostile_overlay() {
	case $2 in
	reserved-memory*)
		printf '/dts-v1/;\n/plugin/;\n\n&{/} {\n\t%s\n};\n' "$2" >"$1"
		return
		;;
	esac
	printf '/dts-v1/;\n/plugin/;\n\n&{/} {\n\treserved-memory {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;\n\t\t%s\n\t};\n\t%s\n};\n' \
		"$2" "${3:-}" >"$1"
}

# The value of the last "cma" argument of ARGS ("" for a bare "cma").
hostile_last_cma() {
	local a v=
	for a in $1; do
		case $a in cma=*) v=${a#cma=} ;; cma) v= ;; esac
	done
	printf '%s' "$v"
}

# hostile_boot CATEGORY BOOT ROWS: boot the rows of one boot group (lines
# of hostile_rows) and check them. Returns non-zero on any failure.
hostile_boot() {
	local cat=$1 boot=$2 rows=$3 c id b input outcome msg eff append= nodes= roots= dtso=
	local last_outcome=accepted last_id ids= who rc=0 n line claimed e re anyleak= ref kb total=0 a
	local HOSTILE_MSGS HOSTILE_ERRS expected=()
	while IFS=$'\t' read -r c id b input outcome msg eff; do
		ids="$ids $id"
		last_id=$id
		# The last "cma" argument decides what becomes of the default area.
		case " $input" in *" cma="* | *" cma "* | *" cma") last_outcome=$outcome ;; esac
		[ "$cat" = cmdline ] || last_outcome=$outcome
		case $cat:$input in
		cmdline:*) append="$append $input" ;;
		dt:*ROOT:*) nodes="$nodes ${input%%ROOT:*}"; roots="$roots ${input#*ROOT:}" ;;
		*) nodes="$nodes $input" ;;
		esac
		hostile_has "$eff" memtotal=any && anyleak=1
		[ "$msg" = - ] || expected+=("$msg")
		for e in $eff; do
			case $e in also=*) expected+=("${e#also=}") ;; esac
		done
	done <<<"$rows"
	ids=${ids# }
	who="$cat ${boot/#-/$last_id}"
	[ "$boot" = - ] || who="$who ($ids)"

	if [ "$cat" = cmdline ]; then
		[ ${#append} -lt 900 ] || { fail "$who: a command line below 900 characters, saw ${#append}"; return 1; }
		vm --kernel "$HOSTILE_KIND" "${HOSTILE_BOOT_ARGS[@]}" --append "${append# }" -- "$HOSTILE_GUEST"
	else
		dtso=$(mktemp --suffix=.dtso)
		hostile_overlay "$dtso" "${nodes# }" "$roots"
		vm --kernel "$HOSTILE_KIND" "${HOSTILE_BOOT_ARGS[@]}" --dtso "$dtso" -- "$HOSTILE_GUEST"
		rm -f "$dtso"
	fi
	[ "$VM_RC" -eq 0 ] ||
		{ fail "$who: boots and runs the guest command (exit status 0), saw $VM_RC ($(vm_why))"; return 1; }
	hostile_read_kmsg

	# One message per row; the also= lines once.
	while IFS=$'\t' read -r c id b input outcome msg eff; do
		if [ "$msg" != - ]; then
			n=$(hostile_count "$msg")
			[ "$n" -eq 1 ] || { fail "$cat $id: one kernel line matching /$msg/, saw $n"; rc=1; }
		fi
		for e in $eff; do
			case $e in also=*) ;; *) continue ;; esac
			re=${e#also=}
			n=$(hostile_count "$re")
			[ "$n" -eq 1 ] || { fail "$cat $id: one kernel line matching /$re/, saw $n"; rc=1; }
		done
	done <<<"$rows"

	# No error line that no row of the boot expects (bash's =~ is an
	# extended regex, as grep -E).
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		claimed=
		for re in "${expected[@]}"; do
			[[ $line =~ $re ]] && { claimed=1; break; }
		done
		[ -n "$claimed" ] || { fail "$who: no other error line, saw '$line'"; rc=1; }
	done <<<"$HOSTILE_ERRS"

	# What a command line that was not used falls back to.
	if [ "$cat" = cmdline ]; then
		re="^cma: cma=$(hostile_last_cma "$append" | sed 's/[][\.*^$+?(){}|/]/\\&/g') not used; the default area has the configured size instead: $((HOSTILE_DEFAULT_SIZE >> 20)) MiB$"
		n=$(hostile_count "$re")
		if [ "$last_outcome" = refused ]; then
			[ "$n" -eq 1 ] || { fail "$who: one line matching /$re/, saw $n"; rc=1; }
			hostile_area_ok "$who" "reserved:$HOSTILE_DEFAULT_SIZE@0x40000000-0x60000000" || rc=1
		else
			n=$(hostile_count "^cma: cma=.* not used;")
			[ "$n" -eq 0 ] || { fail "$who: no 'cma=... not used' line, saw $n"; rc=1; }
		fi
	fi

	# The effects of every row.
	while IFS=$'\t' read -r c id b input outcome msg eff; do
		for e in $eff; do
			case $e in
			areas=*)
				a=${e#areas=}
				[ "$a" != - ] || a=
				expect_eq "$cat $id: areas" "${a//,/ }" "$(guest_value areas)" || rc=1
				;;
			area=*) hostile_area_ok "$cat $id" "${e#area=}" || rc=1 ;;
			noarea=*)
				case " $(guest_value areas) " in
				*" ${e#noarea=} "*) fail "$cat $id: no area '${e#noarea=}', saw areas '$(guest_value areas)'"; rc=1 ;;
				esac
				;;
			default) hostile_area_ok "$cat $id" "reserved:$HOSTILE_DEFAULT_SIZE@0x40000000-0x60000000" || rc=1 ;;
			memtotal=any | also=* | config=* | upstream=*) ;;
			*) fail "$cat $id: a known effect, saw '$e'"; rc=1 ;;
			esac
		done
	done <<<"$rows"

	# Every area has its sysfs directory; CmaTotal is the sum of the areas;
	# MemTotal is as without the input.
	expect_eq "$who: the areas of sysfs, as those of debugfs" "$(guest_value areas)" "$(guest_value sysfs_areas)" || rc=1
	for a in $(guest_value areas); do
		total=$((total + $(guest_value "area\.$a\.size")))
	done
	expect_eq "$who: CmaTotal (kB), the sum of the areas" "$((total >> 10))" "$(guest_value meminfo.CmaTotal)" || rc=1
	if [ -z "$anyleak" ]; then
		ref=${HOSTILE_REF_CMDLINE:-}
		[ "$cat" = cmdline ] || ref=${HOSTILE_REF_DT:-}
		kb=$(guest_value meminfo.MemTotal)
		if [ -z "$kb" ] || [ $((kb > ref ? kb - ref : ref - kb)) -gt $HOSTILE_SLACK_KB ]; then
			fail "$who: MemTotal within $HOSTILE_SLACK_KB kB of $ref kB (no memory kept for nothing), saw ${kb:-nothing} kB"
			rc=1
		fi
	fi
	return $rc
}

# hostile_boots CATEGORY KIND: every boot group of the rows of CATEGORY
# that run on KIND (none: nothing to do).
hostile_boots() {
	local cat=$1 HOSTILE_KIND=$2 HOSTILE_REF_CMDLINE= HOSTILE_REF_DT=
	local rows boot rc=0 t0 nboots=0
	rows=$(hostile_rows "$cat") || return 1
	[ -n "$rows" ] || { echo "hostile: $cat: no row on $HOSTILE_KIND"; return 0; }
	hostile_reference "$cat" || return 1
	t0=$(date +%s)
	for boot in $(printf '%s\n' "$rows" | cut -f3 | awk '$0 != "-" && !seen[$0]++'); do
		hostile_boot "$cat" "$boot" "$(printf '%s\n' "$rows" | awk -F'\t' -v b="$boot" '$3 == b')" || rc=1
		nboots=$((nboots + 1))
	done
	while IFS= read -r row; do
		hostile_boot "$cat" - "$row" || rc=1
		nboots=$((nboots + 1))
	done < <(printf '%s\n' "$rows" | awk -F'\t' '$3 == "-"')
	echo "hostile: $cat: $(printf '%s\n' "$rows" | grep -c .) rows on $HOSTILE_KIND in $nboots boots (+1 reference), $(($(date +%s) - t0)) s"
	return $rc
}

# ---------------------------------------------------------------------
# debugfs and sysfs rows: one boot

# The guest side. Each row is "row ID AREA HELD OP PATH": snapshot the
# area, bring debugfs to holding HELD pages of it, do OP on PATH between
# two kmsg markers, snapshot again.
HOSTILE_FILES_LIB='
D=/sys/kernel/debug/cma
S=/sys/kernel/mm/cma
cd /root/hostile || exit 1
# snap AREA: its values in $s (builtins only: no fork between two snaps).
snap() {
	local f v k u
	s=
	for f in base_pfn count order_per_bit used maxchunk; do
		read -r v <"$D/$1/$f"
		s="$s dbg.$f=$v"
	done
	for f in "$S/$1"/*; do
		read -r v <"$f"
		s="$s sysfs.${f##*/}=${v// /,}"
	done
	while read -r k v u; do
		case $k in CmaTotal: | CmaFree:) s="$s meminfo.${k%:}=$v" ;; esac
	done </proc/meminfo
}
# hold AREA VAR N: debugfs holds N pages of AREA (VAR: AREA as a name).
hold() {
	eval "h=\${held_$2:-0}"
	[ "$h" -eq 0 ] || echo "$h" >"$D/$1/free" || echo "hostile: setup: cannot free $h pages of $1"
	[ "$3" -eq 0 ] || echo "$3" >"$D/$1/alloc" || echo "hostile: setup: cannot allocate $3 pages of $1"
	eval "held_$2=$3"
}
# row ID AREA VAR HELD OP PATH DATA
row() {
	local before res u0 u1
	hold "$2" "$3" "$4"
	snap "$2"
	before=$s
	echo "hostile-begin $1" >/dev/kmsg
	res=$(./hostile-io "$5" "$6" "$7")
	echo "hostile-end $1" >/dev/kmsg
	snap "$2"
	u0=${before#* dbg.used=}
	u1=${s#* dbg.used=}
	eval "held_$3=\$((held_$3 + ${u1%% *} - ${u0%% *}))"
	echo "hostile-row $1 result=$res"
	echo "hostile-row $1 before$before"
	echo "hostile-row $1 after$s"
}
'


# hostile_files_script DIR ROWS: the guest script and data of the rows.
hostile_files_script() {
	local dir=$1 rows=$2 c id b input outcome msg eff path bytes op area held rep i data
	mkdir -p "$dir"
	printf '%s\n' "$HOSTILE_FILES_LIB" >"$dir/run.sh"
	while IFS=$'\t' read -r c id b input outcome msg eff; do
		path=${input%% *}
		bytes=
		[ "$path" = "$input" ] || bytes=${input#* }
		area=${path%%/*}
		held=$(hostile_effect "$eff" held)
		rep=$(hostile_effect "$eff" repeat)
		data=$id.in
		case $bytes in
		'<open>') op=open ;;
		'<read>') op=read ;;
		'<create>') op=create ;;
		'<unlink>') op=unlink ;;
		'<chmod-write>') op=chmod-write; printf '0\n' >"$dir/$data" ;;
		*)
			op=write
			: >"$dir/$data"
			for ((i = 0; i < ${rep:-1}; i++)); do
				printf '%b' "$bytes"
			done >"$dir/$data"
			;;
		esac
		if [ "$c" = sysfs ]; then
			path=/sys/kernel/mm/cma/$path
		else
			path=/sys/kernel/debug/cma/$path
		fi
		printf 'row %s %s %s %s %s %s %s\n' "$id" "$area" "${area//[^a-zA-Z0-9]/_}" \
			"${held:-0}" "$op" "$path" "$data" >>"$dir/run.sh"
	done <<<"$rows"
	cat >>"$dir/run.sh" <<'EOF'
for a in $(ls $D); do hold "$a" "$(echo "$a" | tr -c "a-zA-Z0-9\n" _)" 0; done
# kmemleak reports only objects older than 5 s, and a pointer left on a
# stack may hide a leak from one scan: wait past the age, scan twice.
if [ -f /sys/kernel/debug/kmemleak ]; then
	sleep 6
	n=0
	for i in 1 2; do
		echo scan >/sys/kernel/debug/kmemleak && n=$((n + 1))
	done
	echo "hostile-kmemleak-scans=$n"
	echo "hostile-kmemleak-begin"
	cat /sys/kernel/debug/kmemleak
	echo "hostile-kmemleak-end"
fi
echo hostile-done
EOF
}

# hostile_window ID: the kernel lines printed during row ID's operation.
hostile_window() {
	printf '%s\n' "$VM_OUT" | awk -v id="$1" '
		/hostile-begin / { on = ($NF == id); next }
		/hostile-end / { if ($NF == id) on = 0; next }
		on && /^\[ *[0-9]+\.[0-9]+\] / { sub(/^\[ *[0-9]+\.[0-9]+\] /, ""); print }'
}

# hostile_state ID WHEN: the snapshot of row ID, one KEY=value a line.
hostile_state() {
	printf '%s\n' "$VM_OUT" | sed -n "s/^hostile-row $1 $2 //p" | tail -n 1 | tr ' ' '\n'
}

hostile_check_file_row() {
	local c=$1 id=$2 outcome=$3 msg=$4 eff=$5 res want_errno n line k v0 v1 want d
	local window before
	local -A after=()
	# The console is large: read each part of the row off it once.
	res=$(printf '%s\n' "$VM_OUT" | sed -n "s/^hostile-row $id result=//p" | tail -n 1)
	[ -n "$res" ] || { fail "$c $id: the row ran in the guest, saw no result"; return 1; }
	want_errno=$(hostile_effect "$eff" errno)
	case $outcome in
	accepted)
		case $res in ok*) ;; *) fail "$c $id: accepted (the call succeeds), saw '$res'"; return 1 ;; esac
		;;
	refused | failed)
		case $res in
		"err $want_errno"*) ;;
		*) fail "$c $id: $outcome with ${want_errno:-an error}, saw '$res'"; return 1 ;;
		esac
		;;
	esac

	# One message, and no other cma: line.
	window=$(hostile_window "$id")
	n=0
	[ "$msg" = - ] || n=$(grep -cE -- "$msg" <<<"$window")
	[ "$msg" = - ] || [ "$n" -eq 1 ] ||
		{ fail "$c $id: one kernel line matching /$msg/, saw $n: $(tr '\n' '|' <<<"$window")"; return 1; }
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		[ "$msg" != - ] && grep -qE -- "$msg" <<<"$line" && continue
		case $line in *cma:* | *cma_*) fail "$c $id: no other CMA line, saw '$line'"; return 1 ;; esac
	done <<<"$window"

	# Nothing changed but what the effects name.
	before=$(hostile_state "$id" before)
	[ -n "$before" ] || { fail "$c $id: a snapshot of the area, saw none"; return 1; }
	while IFS='=' read -r k v1; do
		[ -z "$k" ] || after[$k]=$v1
	done < <(hostile_state "$id" after)
	while IFS='=' read -r k v0; do
		[ -n "$k" ] || continue
		v1=${after[$k]-}
		want=
		case $k in
		dbg.used) want=$(hostile_effect "$eff" used) ;;
		sysfs.*) want=$(hostile_effect "$eff" "$k") ;;
		esac
		case $k:$want in
		meminfo.CmaFree:*)
			d=$((v1 - v0))
			[ ${d#-} -le $HOSTILE_CMAFREE_SLACK_KB ] || [ "$outcome" = accepted ] ||
				{ fail "$c $id: CmaFree within $HOSTILE_CMAFREE_SLACK_KB kB of $v0 kB, saw $v1 kB"; return 1; }
			;;
		dbg.maxchunk:*) [ "$outcome" = accepted ] || expect_eq "$c $id: $k" "$v0" "$v1" || return 1 ;;
		*:'*') ;;
		*:) expect_eq "$c $id: $k" "$v0" "$v1" || return 1 ;;
		*) expect_eq "$c $id: $k" "$((v0 + want))" "$v1" || return 1 ;;
		esac
	done <<<"$before"
}

# ---------------------------------------------------------------------
# Tests

test_matrix_wellformed() {
	local rc=0 cat n
	while IFS= read -r line; do
		fail "$HOSTILE_MATRIX: a row of 7 fields, saw: $line"
		rc=1
	done < <(awk -F'|' '!/^[ \t]*(#|$)/ && NF != 7' "$HOSTILE_MATRIX")
	while IFS= read -r line; do
		fail "$HOSTILE_MATRIX: unique ids, saw '$line' twice"
		rc=1
	done < <(awk -F'|' '!/^[ \t]*(#|$)/ { gsub(/[ \t]/, "", $2); if (seen[$2]++) print $2 }' "$HOSTILE_MATRIX")
	while IFS=$'\t' read -r cat n; do
		case $cat in
		cmdline | dt | debugfs | sysfs | kunit) echo "hostile matrix: $cat: $n rows" ;;
		*) fail "$HOSTILE_MATRIX: a known category, saw '$cat'"; rc=1 ;;
		esac
	done < <(awk -F'|' '!/^[ \t]*(#|$)/ { gsub(/[ \t]/, "", $1); n[$1]++ }
		END { for (c in n) printf "%s\t%d\n", c, n[c] }' "$HOSTILE_MATRIX" | sort)
	echo "hostile matrix: $(awk -F'|' '!/^[ \t]*(#|$)/' "$HOSTILE_MATRIX" | grep -c .) rows in all"
	return $rc
}

# Both kernels of ARM in one test; the arm64 rows in 80-arch.sh.
test_hostile_cmdline() {
	local rc=0
	hostile_plan_ok cmdline || rc=1
	hostile_boots cmdline patched || rc=1
	hostile_boots cmdline debug || rc=1
	return $rc
}

test_debug_hostile_dt() {
	hostile_plan_ok dt || return 1
	hostile_boots dt debug
}

test_debug_hostile_files() {
	local rows dir c id b input outcome msg eff rc=0 t0 leaks
	hostile_plan_ok debugfs && hostile_plan_ok sysfs || return 1
	rows=$(hostile_rows debugfs; hostile_rows sysfs) || return 1
	dir=$(mktemp -d)
	mkdir -p "$dir/hostile"
	${CROSS_COMPILE:-arm-linux-gnueabihf-}gcc -static -O2 -Wall -o "$dir/hostile/hostile-io" scripts/tests/hostile-io.c ||
		{ rm -rf "$dir"; fail "hostile-io builds with ${CROSS_COMPILE:-arm-linux-gnueabihf-}gcc"; return 1; }
	hostile_files_script "$dir/hostile" "$rows"
	t0=$(date +%s)
	vm --kernel "$HOSTILE_KIND" --append cma=32M --dtso scripts/dts/cma-test.dtso --add "$dir/hostile" -- 'sh /root/hostile/run.sh'
	rm -rf "$dir"
	echo "hostile: files: $(printf '%s\n' "$rows" | grep -c .) rows in 1 boot, $(($(date +%s) - t0)) s"
	[ "$VM_RC" -eq 0 ] || { fail "files: the guest script runs (exit status 0), saw $VM_RC ($(vm_why))"; rc=1; }
	# (grep -c, not expect_output: grep -q closes the pipe early, and under
	# pipefail the printf of a long console then fails.)
	[ "$(printf '%s\n' "$VM_OUT" | grep -c '^hostile-done')" -eq 1 ] ||
		{ fail "files: the guest script to its end ('hostile-done'), saw: $(vm_why)"; return 1; }
	while IFS=$'\t' read -r c id b input outcome msg eff; do
		hostile_check_file_row "$c" "$id" "$outcome" "$msg" "$eff" || rc=1
	done <<<"$rows"
	[ "$(printf '%s\n' "$VM_OUT" | grep -c '^hostile: setup: ')" -eq 0 ] ||
		{ fail "files: the setup of each row works, saw: $(printf '%s\n' "$VM_OUT" | grep -m1 '^hostile: setup: ')"; rc=1; }
	# kmemleak clean: two scans past its 5 s age threshold, no report.
	expect_eq "files: kmemleak scans that worked" 2 "$(guest_value hostile-kmemleak-scans)" || rc=1
	leaks=$(printf '%s\n' "$VM_OUT" | sed -n '/^hostile-kmemleak-begin/,/^hostile-kmemleak-end/p' | grep -c '^unreferenced object')
	[ "$leaks" -eq 0 ] || { fail "files: no kmemleak report, saw $leaks unreferenced objects (see the log)"; rc=1; }
	return $rc
}

# The KTAP of the cma_api suite as "KEY<TAB>ok|not ok" lines (KEY: CASE, or
# CASE:PARAMETER), each preceded by "W<TAB>KEY<TAB>line" for the lines
# printed while it ran.
hostile_kunit_results() {
	printf '%s\n' "$VM_OUT" | awk '
		{ sub(/^\[ *[0-9]+\.[0-9]+\] /, "") }
		/^ *# Subtest: / { s = $0; sub(/^ *# Subtest: /, "", s); if (s != "cma_api") sub_name = s; nb = 0; next }
		/^ *(not )?ok [0-9]+ / {
			match($0, /^ */); ind = RLENGTH
			r = substr($0, ind + 1)
			st = r ~ /^not / ? "not ok" : "ok"
			sub(/^(not )?ok [0-9]+ /, "", r)
			sub(/ # SKIP.*/, "", r)
			if (r == sub_name) { key = r; sub_name = "" }
			else if (sub_name != "" && ind > 4) key = sub_name ":" r
			else key = r
			for (i = 0; i < nb; i++) print "W\t" key "\t" buf[i]
			print "R\t" key "\t" st
			nb = 0
			next
		}
		{ buf[nb++] = $0 }'
}

test_debug_hostile_kunit() {
	local rows c id b input outcome msg eff rc=0 results st n line
	hostile_plan_ok kunit || return 1
	rows=$(hostile_rows kunit) || return 1
	vm --kernel "$HOSTILE_KIND" --append "cma=32M kunit.filter_glob=cma_api" --dtso scripts/dts/cma-test.dtso -- true
	[ "$VM_RC" -eq 0 ] || { fail "kunit: exit status 0, saw $VM_RC ($(vm_why))"; rc=1; }
	kunit_suite_result cma_api || rc=1
	results=$(hostile_kunit_results)
	while IFS=$'\t' read -r c id b input outcome msg eff; do
		st=$(printf '%s\n' "$results" | awk -F'\t' -v k="$input" '$1 == "R" && $2 == k { print $3 }')
		[ "$st" = ok ] || { fail "kunit $id: test case '$input' ok, saw '${st:-no result}'"; rc=1; continue; }
		n=0
		if [ "$msg" != - ]; then
			n=$(printf '%s\n' "$results" | awk -F'\t' -v k="$input" '$1 == "W" && $2 == k { print $3 }' | grep -cE -- "$msg")
			[ "$n" -eq 1 ] || { fail "kunit $id: one line matching /$msg/ while '$input' ran, saw $n"; rc=1; }
		fi
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			[ "$msg" != - ] && printf '%s\n' "$line" | grep -qE -- "$msg" && continue
			fail "kunit $id: no other CMA line while '$input' ran, saw '$line'"
			rc=1
		done < <(printf '%s\n' "$results" | awk -F'\t' -v k="$input" '$1 == "W" && $2 == k { print $3 }' | grep -E '^cma: ')
	done <<<"$rows"
	echo "hostile: kunit: $(printf '%s\n' "$rows" | grep -c .) rows in 1 boot"
	return $rc
}
