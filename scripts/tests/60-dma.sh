# SPDX-License-Identifier: GPL-2.0
# The DMA glue (kernel/dma/contiguous.c): cma= on the command line,
# device-tree pools, the default area, and dma_alloc_coherent() from them.
#
# The machine is QEMU virt with 512 MiB: memory is [0x40000000, 0x60000000),
# areas are 4 MiB aligned, the Kconfig default area is 16 MiB and
# CONFIG_CMA_AREAS is 7 (arch/arm/configs/virt_cma.config).
#
# Accepted forms run on both kernels. Refused forms are rows of
# scripts/tests/hostile.matrix, checked by 75-hostile.sh on the debug
# kernel; here the baseline only records what upstream does with them
# (silence, no CMA, a panic: see the log) and never fails.
#
# The examples of Documentation/admin-guide/mm/cma.rst are booted as
# written. Each one is a comment line
#
#   .. example: NAME KEY=VALUE...
#
# followed by the first literal block (after a line ending in "::"). A block
# starting with "cma" is added to the command line; any other block is
# device-tree source for the root node and is booted as an overlay. Keys:
#
#   area=NAME:SIZE@LOW-HIGH  area NAME exists, of SIZE bytes, within
#                            [LOW, HIGH)
#   noarea=NAME              there is no area NAME
#   alloc=DEVICE:AREA        the test device DEVICE gets a dma_alloc_coherent()
#                            buffer inside AREA
#   append=ARGS              also add ARGS (no spaces) to the command line

DMA_RST=Documentation/admin-guide/mm/cma.rst
RAM_LOW=0x40000000
RAM_HIGH=0x60000000
DEFAULT_MIB=16
# The most MemTotal may differ from a boot without the pool: page tables
# and the device tree's own size move it a little; a leaked pool is >= 4 MiB.
LEAK_SLACK_KB=512

# ---------------------------------------------------------------------
# Helpers

# dma_boot KIND APPEND DTSO COMMAND: boot, console in $VM_OUT. A boot
# that only records upstream's behaviour may hang there (a pool on the
# kernel image, two areas on the same pages): $DMA_TIMEOUT bounds it;
# $DMA_VM_ARGS are more options of scripts/vm.
dma_boot() {
	# shellcheck disable=SC2086
	vm --kernel "$1" --timeout "${DMA_TIMEOUT:-300}" ${DMA_VM_ARGS:-} \
		${2:+--append "$2"} ${3:+--dtso "$3"} -- "$4"
}

# Recording boots on the baseline: at most DMA_RECORD_TIMEOUT s, and
# DMA_HANG_TIMEOUT s for the rows that upstream hangs on (upstream=hangs in
# the matrix: its console stays silent). The command-line rows boot on one
# CPU (1.6 s a boot instead of 2.3): upstream makes or drops their area
# before the second CPU starts, and none lies on memory in use. The
# device-tree rows boot on two: upstream's pool on the initrd shows a bad
# page state only then.
DMA_CMDLINE_RECORD_ARGS="--smp 1"
DMA_RECORD_TIMEOUT=45
DMA_HANG_TIMEOUT=10

# Report keys, MemTotal and one allocation per test device in one boot.
DMA_REPORT='cma-report --keys; echo "memtotal=$(sed -n "s/^MemTotal: *\([0-9]*\) kB/\1/p" /proc/meminfo)"; cma-report --alloc; true'

# dma_expect_line ROW TEXT: the console has a line containing TEXT.
dma_expect_line() {
	grep -qF -- "$2" <<<"$VM_OUT" && return 0
	fail "$1: a console line containing '$2', saw none; its cma lines: $(dma_cma_lines | tr '\n' '|')"
}

# dma_expect_once ROW TEXT: exactly one console line contains TEXT.
dma_expect_once() {
	local n
	n=$(printf '%s\n' "$VM_OUT" | grep -cF -- "$2")
	[ "$n" -eq 1 ] && return 0
	fail "$1: one console line containing '$2', saw $n; its cma lines: $(dma_cma_lines | tr '\n' '|')"
}

# The console's CMA-related kernel messages, without the command line.
dma_cma_lines() {
	printf '%s\n' "$VM_OUT" | grep -iE 'cma|reserved mem' |
		grep -vE '^\[ *[0-9.]+\] Kernel command line|^(meminfo|area)'
}

# dma_expect_booted ROW: the guest ran the command and nothing crashed.
dma_expect_booted() {
	[ "$VM_RC" -eq 0 ] ||
		fail "$1: the system boots and runs the command (exit status 0), saw $VM_RC ($(vm_why))"
}

# dma_has_area NAME: the last boot listed area NAME.
dma_has_area() {
	case " $(guest_value areas) " in *" $1 "*) return 0 ;; esac
	return 1
}

# dma_expect_area ROW NAME SIZE LOW HIGH: area NAME of SIZE bytes lies in
# [LOW, HIGH).
dma_expect_area() {
	local row=$1 name=$2 size=$3 low=$4 high=$5 base
	dma_has_area "$name" ||
		{ fail "$row: area '$name', saw areas '$(guest_value areas)'"; return; }
	base=$(guest_value "area\.$name\.base")
	expect_eq "$row: size of $name" "$((size))" "$(guest_value "area\.$name\.size")" &&
		expect_in_range "$row: base of $name" "$base" "$low" $((high - size + 1))
}

# dma_expect_no_area ROW NAME
dma_expect_no_area() {
	! dma_has_area "$2" || fail "$1: no area '$2', saw areas '$(guest_value areas)'"
}

# dma_expect_default_area ROW: the Kconfig default area, 16 MiB.
dma_expect_default_area() {
	dma_expect_area "$1" reserved $((DEFAULT_MIB << 20)) $RAM_LOW $RAM_HIGH
}

# dma_expect_alloc ROW DEVICE AREA: DEVICE's dma_alloc_coherent() buffer
# came from AREA, inside it, and held a pattern.
dma_expect_alloc() {
	local line
	line=$(printf '%s\n' "$VM_OUT" | grep -m1 "^$2: dma_alloc_coherent")
	case $line in
	*" area $3: inside area: yes, pattern: ok") ;;
	*) fail "$1: '$2: dma_alloc_coherent(1 MiB) at ... area $3: inside area: yes, pattern: ok', saw '${line:-nothing}'" ;;
	esac
}

# dma_memtotal: MemTotal (kB) of the last boot.
dma_memtotal() {
	guest_value memtotal
}

# dma_expect_no_leak ROW REFERENCE_KB: MemTotal is that of a boot without
# the refused setting, give or take LEAK_SLACK_KB.
dma_expect_no_leak() {
	local kb
	kb=$(dma_memtotal)
	[ -n "$kb" ] || { fail "$1: MemTotal from the guest, saw none"; return; }
	[ $((kb > $2 ? kb - $2 : $2 - kb)) -le $LEAK_SLACK_KB ] ||
		fail "$1: MemTotal within $LEAK_SLACK_KB kB of $2 kB (no memory kept for a refused pool), saw $kb kB"
}

# dma_reference_memtotal KIND: MemTotal of a boot with an empty
# reserved-memory overlay, in $DMA_REF_KB. (Without an overlay QEMU places
# its device tree differently, and MemTotal moves by about 1 MiB.)
dma_reference_memtotal() {
	local dtso
	dtso=$(mktemp --suffix=.dtso)
	dma_pool_overlay "$dtso" ""
	dma_boot "$1" "" "$dtso" "$DMA_REPORT"
	rm -f "$dtso"
	DMA_REF_KB=$(dma_memtotal)
	[ -n "$DMA_REF_KB" ] || fail "reference boot: MemTotal from the guest, saw none ($(vm_why))"
}

# dma_pool_overlay FILE NODES: an overlay with a 2-cell reserved-memory
# node holding NODES.
dma_pool_overlay() {
	printf '/dts-v1/;\n/plugin/;\n\n&{/} {\n\treserved-memory {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;\n\n%s\n\t};\n};\n' \
		"$2" >"$1"
}

# dma_record KIND ROW: log what a refused setting did on KIND, for people.
dma_record() {
	echo "== $1: $2: exit status $VM_RC, areas '$(guest_value areas)'"
	dma_cma_lines | sed 's/^/   | /'
	[ "$VM_RC" -eq 0 ] && return
	echo "   | ... the console ended with:"
	printf '%s\n' "$VM_OUT" | grep -v '^\[vm exit status' | tail -n 6 | sed 's/^/   | /'
}

# ---------------------------------------------------------------------
# cma= forms that are accepted, on both kernels

# append | area (- for none) | size | within
DMA_CMDLINE_FORMS='
cma=32M|reserved|0x2000000|0x40000000-0x60000000
cma=32m|reserved|0x2000000|0x40000000-0x60000000
cma=0x2000000|reserved|0x2000000|0x40000000-0x60000000
cma=32768K|reserved|0x2000000|0x40000000-0x60000000
cma=33554432|reserved|0x2000000|0x40000000-0x60000000
cma=1M|reserved|0x400000|0x40000000-0x60000000
cma=16M@0x50000000|reserved|0x1000000|0x50000000-0x51000000
cma=8M@0x4c000000-0x4c800000|reserved|0x800000|0x4c000000-0x4c800000
cma=0x400000@0x50000000-0x60000000|reserved|0x400000|0x50000000-0x60000000
cma=4M@0x44000000-0x48000000|reserved|0x400000|0x44000000-0x48000000
cma=0|-||
'

cmdline_forms() {
	local kind=$1 append area size within rc=0
	while IFS='|' read -r append area size within; do
		[ -n "$append" ] || continue
		dma_boot "$kind" "$append" "" "cma-report --keys"
		dma_expect_booted "$append" || { rc=1; continue; }
		if [ "$area" = - ]; then
			expect_eq "$append: areas" "" "$(guest_value areas)" || rc=1
		else
			dma_expect_area "$append" "$area" "$size" "${within%-*}" "${within#*-}" || rc=1
		fi
	done <<<"$DMA_CMDLINE_FORMS"
	return $rc
}

test_patched_cmdline_forms() { cmdline_forms patched; }
test_baseline_cmdline_forms() { cmdline_forms baseline; }

# A size that is rounded up is said so (patched only).
test_patched_cmdline_rounding_reported() {
	dma_boot patched cma=1M "" "cma-report --keys"
	dma_expect_booted cma=1M &&
		dma_expect_once cma=1M "cma: cma=1M: size rounded up to 0x400000, a multiple of the CMA area alignment"
}

# ---------------------------------------------------------------------
# Refused cma= values and device-tree pools: the rows of
# scripts/tests/hostile.matrix, which 75-hostile.sh checks on the debug
# kernel. Here each refused row boots on its own on the baseline, to record
# what upstream does with it (silence, no CMA, a panic: see the log).

# dma_matrix_refused CATEGORY: "id<TAB>input<TAB>timeout" of its refused
# rows, the timeout of a recording boot of the row.
dma_matrix_refused() {
	awk -F'|' -v cat="$1" -v t="$DMA_RECORD_TIMEOUT" -v hang="$DMA_HANG_TIMEOUT" '
	!/^[ \t]*(#|$)/ {
		for (i = 1; i <= NF; i++)
			gsub(/^[ \t]+|[ \t]+$/, "", $i)
		if ($1 == cat && $5 == "refused")
			printf "%s\t%s\t%s\n", $2, $4, (" " $7 " ") ~ / upstream=hangs / ? hang : t
	}' scripts/tests/hostile.matrix
}

test_baseline_cmdline_refused_recorded() {
	local id append timeout n=0
	while IFS=$'\t' read -r id append timeout; do
		n=$((n + 1))
		# earlycon: upstream may die before the console is up.
		DMA_TIMEOUT=$timeout DMA_VM_ARGS=$DMA_CMDLINE_RECORD_ARGS \
			dma_boot baseline "$append earlycon" "" "cma-report --keys" >/dev/null
		[ "$VM_RC" -ne 2 ] || { fail "$append: a baseline boot, saw: $(vm_why)"; return; }
		dma_record baseline "$id: $append"
	done < <(dma_matrix_refused cmdline)
	[ "$n" -gt 0 ] || fail "refused cmdline rows in scripts/tests/hostile.matrix, saw none"
}

# ---------------------------------------------------------------------
# The examples of the admin guide, booted as written, on both kernels

# Print each example as NAME, KEYS and BLOCK separated by \x1e, the block's
# lines joined by \x1f.
dma_doc_examples() {
	awk '
		function flush() {
			if (name != "" && nb > 0)
				printf "%s\036%s\036%s\n", name, keys, block
			name = ""; nb = 0; block = ""; state = 0
		}
		/^\.\. example: / {
			flush()
			name = $3
			keys = $0
			sub(/^\.\. example: [^ ]+ */, "", keys)
			state = 1
			next
		}
		state == 1 && /::$/ { state = 2; next }
		state == 2 && /^$/ { if (nb > 0) block = block "\037"; next }
		state == 2 && /^[\t ]/ {
			line = $0
			sub(/^(\t|        )/, "", line)
			block = (nb++ ? block "\037" : "") line
			next
		}
		state == 2 && nb > 0 { flush() }
		END { flush() }
	' "$DMA_RST"
}

# dma_doc_example KIND NAME KEYS BLOCK: boot one example and check its keys.
dma_doc_example() {
	local kind=$1 name=$2 keys=$3 block=${4//$'\x1f'/$'\n'} append= dtso= key spec rc=0
	for key in $keys; do
		case $key in append=*) append="$append ${key#append=}" ;; esac
	done
	case $block in
	cma*) append="$append $(echo $block)" ;;
	*)
		dtso=$(mktemp --suffix=.dtso)
		printf '/dts-v1/;\n/plugin/;\n\n&{/} {\n%s\n};\n' "$block" >"$dtso"
		;;
	esac
	dma_boot "$kind" "${append# }" "$dtso" "$DMA_REPORT"
	[ -z "$dtso" ] || rm -f "$dtso"
	dma_expect_booted "example $name" || return 1
	for key in $keys; do
		spec=${key#*=}
		case $key in
		area=*)
			local area=${spec%%:*} rest=${spec#*:}
			local size=${rest%%@*} within=${rest#*@}
			dma_expect_area "example $name" "$area" "$size" "${within%-*}" "${within#*-}" || rc=1
			;;
		noarea=*) dma_expect_no_area "example $name" "$spec" || rc=1 ;;
		alloc=*) dma_expect_alloc "example $name" "${spec%%:*}" "${spec#*:}" || rc=1 ;;
		append=*) ;;
		*) fail "example $name: a known key, saw '$key'"; rc=1 ;;
		esac
	done
	return $rc
}

doc_examples() {
	local kind=$1 name keys block n=0 rc=0
	while IFS=$'\x1e' read -r name keys block; do
		n=$((n + 1))
		dma_doc_example "$kind" "$name" "$keys" "$block" || rc=1
	done < <(dma_doc_examples)
	[ "$n" -ge 8 ] || { fail "$DMA_RST: at least 8 marked examples, saw $n"; rc=1; }
	return $rc
}

test_patched_doc_examples() { doc_examples patched; }
test_baseline_doc_examples() { doc_examples baseline; }

# The refusal quoted in the admin guide is what the kernel prints.
test_patched_doc_quoted_messages() {
	local line n=0 rc=0
	dma_boot patched cma=64Mjunk "" true
	while IFS= read -r line; do
		n=$((n + 1))
		dma_expect_once "$DMA_RST" "$line" || rc=1
	done < <(sed -n 's/^\t\(cma: cma=64Mjunk.*\)$/\1/p' "$DMA_RST")
	[ "$n" -gt 0 ] || { fail "$DMA_RST: quoted cma=64Mjunk messages, saw none"; rc=1; }
	return $rc
}

# ---------------------------------------------------------------------
# Device-tree pools that are refused (rows of scripts/tests/hostile.matrix,
# see above): recorded on the baseline.

# dma_matrix_overlay FILE INPUT: the overlay of a dt row of the matrix.
dma_matrix_overlay() {
	case $2 in
	reserved-memory*) printf '/dts-v1/;\n/plugin/;\n\n&{/} {\n\t%s\n};\n' "$2" >"$1" ;;
	*ROOT:*)
		dma_pool_overlay "$1" "${2%%ROOT:*}"
		printf '&{/} {\n\t%s\n};\n' "${2#*ROOT:}" >>"$1"
		;;
	*) dma_pool_overlay "$1" "$2" ;;
	esac
}

test_baseline_dt_refused_pools_recorded() {
	local id nodes timeout dtso n=0
	dma_reference_memtotal baseline >/dev/null || return 1
	echo "== baseline: MemTotal without a pool: $DMA_REF_KB kB"
	dtso=$(mktemp --suffix=.dtso)
	while IFS=$'\t' read -r id nodes timeout; do
		n=$((n + 1))
		dma_matrix_overlay "$dtso" "$nodes"
		DMA_TIMEOUT=$timeout dma_boot baseline "" "$dtso" "$DMA_REPORT" >/dev/null
		[ "$VM_RC" -ne 2 ] || { rm -f "$dtso"; fail "$id: a baseline boot, saw: $(vm_why)"; return; }
		dma_record baseline "$id (MemTotal $(dma_memtotal) kB)"
	done < <(dma_matrix_refused dt)
	rm -f "$dtso"
	[ "$n" -gt 0 ] || fail "refused dt rows in scripts/tests/hostile.matrix, saw none"
}

# ---------------------------------------------------------------------
# The default area and dma_alloc_coherent()

# A linux,cma-default pool overridden by cma=: said so, memory given back.
dt_default_overridden() {
	local kind=$1 dtso
	dma_reference_memtotal "$kind" >/dev/null || return 1
	dtso=$(mktemp --suffix=.dtso)
	dma_pool_overlay "$dtso" '		dflt: default-pool { compatible = "shared-dma-pool"; reusable; linux,cma-default; size = <0x0 0x2000000>; };'
	dma_boot "$kind" cma=8M "$dtso" "$DMA_REPORT"
	rm -f "$dtso"
	dma_expect_booted override || return 1
	if [ "$kind" = patched ]; then
		dma_expect_once override "cma: default-pool: linux,cma-default pool not used: cma=8M on the command line overrides it" ||
			return 1
	fi
	dma_expect_area override reserved $((8 << 20)) $RAM_LOW $RAM_HIGH &&
		dma_expect_no_area override default-pool &&
		dma_expect_no_leak override "$DMA_REF_KB"
}

test_patched_dt_default_overridden() { dt_default_overridden patched; }
test_baseline_dt_default_overridden() { dt_default_overridden baseline; }

# A refused cma= leaves a linux,cma-default pool in place (patched only:
# upstream drops the pool and has no CMA at all).
test_patched_dt_default_kept_on_bad_cmdline() {
	local dtso
	dtso=$(mktemp --suffix=.dtso)
	dma_pool_overlay "$dtso" '		dflt: default-pool { compatible = "shared-dma-pool"; reusable; linux,cma-default; size = <0x0 0x2000000>; };'
	dma_boot patched cma=foo "$dtso" "$DMA_REPORT"
	rm -f "$dtso"
	dma_expect_booted cma=foo &&
		dma_expect_once cma=foo 'cma: cma=foo: "foo" is not a size' &&
		dma_expect_once cma=foo "cma: cma=foo not used; the default area is the device-tree pool default-pool" &&
		dma_expect_area cma=foo default-pool $((32 << 20)) $RAM_LOW $RAM_HIGH &&
		dma_expect_no_area cma=foo reserved
}

# The test devices get CMA memory through dma_alloc_coherent(): one from
# its DT-bound pool, one from a default area placed by cma=.
dma_alloc_bound_and_default() {
	vm --kernel "$1" --append cma=16M@0x50000000 --dtso scripts/dts/cma-test.dtso -- "$DMA_REPORT"
	dma_expect_booted alloc &&
		dma_expect_area alloc reserved $((16 << 20)) 0x50000000 0x51000000 &&
		dma_expect_alloc alloc cma-test-region cma-test-pool &&
		dma_expect_alloc alloc cma-test-default reserved
}

test_patched_dma_alloc_bound_and_default() { dma_alloc_bound_and_default patched; }
test_baseline_dma_alloc_bound_and_default() { dma_alloc_bound_and_default baseline; }

# A non-reusable shared-dma-pool is a coherent pool (kernel/dma/coherent.c):
# still created and used by its device, never a CMA area.
coherent_pool_unaffected() {
	local kind=$1 dtso phys
	dtso=$(mktemp --suffix=.dtso)
	printf '%s\n' '/dts-v1/;' '/plugin/;' '&{/} {' \
		'	reserved-memory {' '		#address-cells = <2>;' '		#size-cells = <2>;' '		ranges;' \
		'		coh: coherent-pool@5c000000 { compatible = "shared-dma-pool"; no-map; reg = <0x0 0x5c000000 0x0 0x400000>; };' \
		'	};' '	coherent-user { compatible = "linux,cma-test"; memory-region = <&coh>; };' '};' >"$dtso"
	dma_boot "$kind" "" "$dtso" "$DMA_REPORT"
	rm -f "$dtso"
	dma_expect_booted coherent || return 1
	dma_expect_line coherent "Reserved memory: created DMA memory pool at 0x5c000000, size 4 MiB" &&
		dma_expect_no_area coherent coherent-pool@5c000000 || return 1
	if [ "$kind" = patched ]; then
		dma_expect_once coherent 'cma: coherent-pool@5c000000: not a CMA pool: no "reusable" property' ||
			return 1
	fi
	phys=$(printf '%s\n' "$VM_OUT" | sed -n 's/^coherent-user: dma_alloc_coherent(1 MiB) at \(0x[0-9a-f]*\) .*pattern: ok$/\1/p')
	expect_in_range "coherent: coherent-user's buffer from its coherent pool" "$phys" 0x5c000000 0x5c300001
}

test_patched_coherent_pool_unaffected() { coherent_pool_unaffected patched; }
test_baseline_coherent_pool_unaffected() { coherent_pool_unaffected baseline; }

# ---------------------------------------------------------------------
# Highmem: ARM with 1 GiB of RAM, [0x40000000, 0x80000000). With the
# 3G/1G split, lowmem is the first 768 MiB (to 0x70000000) and the rest is
# ZONE_HIGHMEM: an area must lie in one of the two, never across.

HIGHMEM_MIB=1024
HIGHMEM_RAM_HIGH=0x80000000
# The report, where ZONE_HIGHMEM starts, and four 4 MiB dma-buf heap
# buffers from the default area (held at once, then freed).
HIGHMEM_REPORT="$DMA_REPORT; awk '/zone +HighMem/ { h = 1 } h && /start_pfn/ { print \"highmem_start=\" \$2 * 4096; exit }' /proc/zoneinfo; cma_heap reserved 4 4"

# highmem_boot KIND APPEND DTSO COMMAND
highmem_boot() {
	vm --kernel "$1" --mem $HIGHMEM_MIB ${2:+--append "$2"} ${3:+--dtso "$3"} \
		-- "$4"
}

# The default area, placed anywhere below the end of RAM, goes to highmem
# first (lowmem stays for what only lowmem can hold). The test devices get
# dma_alloc_coherent() buffers from it (remapped: highmem pages have no
# kernel mapping), and the dma-buf heap hands out, zeroes and frees
# buffers from it.
highmem_area() {
	local hs used_held used_after
	highmem_boot "$1" cma=64M scripts/dts/cma-test.dtso "$HIGHMEM_REPORT"
	dma_expect_booted highmem || return 1
	hs=$(guest_value highmem_start)
	[ -n "$hs" ] || { fail "highmem: a HighMem zone in /proc/zoneinfo, saw none"; return 1; }
	printf 'highmem: ZONE_HIGHMEM starts at %#x\n' "$hs"
	dma_expect_area highmem reserved $((64 << 20)) "$hs" $HIGHMEM_RAM_HIGH &&
		dma_expect_alloc highmem cma-test-default reserved &&
		dma_expect_alloc highmem cma-test-region cma-test-pool &&
		expect_output '^heap ok buffers=4 mib=4 ' || return 1
	used_held=$(printf '%s\n' "$VM_OUT" | sed -n 's/^heap ok .* used_held=\([0-9]*\) .*/\1/p')
	used_after=$(printf '%s\n' "$VM_OUT" | sed -n 's/^heap ok .* used_after=\([0-9]*\)$/\1/p')
	expect_eq "highmem: pages the heap's buffers held in the area" 4096 \
		$((used_held - used_after))
}

test_patched_highmem_area() { highmem_area patched; }
test_baseline_highmem_area() { highmem_area baseline; }

# A fixed area across the start of highmem is refused at reservation, with
# one message naming the range and the boundary, and the Kconfig default
# area takes its place (6.1 refuses it too, and leaves no area at all).
test_patched_highmem_straddle_refused() {
	highmem_boot patched cma=64M@0x6e000000 "" "$DMA_REPORT"
	dma_expect_booted straddle &&
		dma_expect_once straddle 'cma: reserved: [0x6e000000 + 0x04000000] straddles the start of high memory at 0x70000000' &&
		dma_expect_once straddle 'cma: cma=64M@0x6e000000 not used; the default area has the configured size instead: 16 MiB' &&
		dma_expect_area straddle reserved $((DEFAULT_MIB << 20)) $RAM_LOW $HIGHMEM_RAM_HIGH
}

# A device-tree pool across the start of highmem: memblock reserves it as
# asked, and activation finds two zones in it. The area is disabled with
# one message, its pages go to the page allocator, the rest boots on.
test_patched_highmem_pool_in_two_zones() {
	local dtso line
	dtso=$(mktemp --suffix=.dtso)
	printf '%s\n' '/dts-v1/;' '/plugin/;' '&{/} {' \
		'	reserved-memory {' '		#address-cells = <2>;' '		#size-cells = <2>;' '		ranges;' \
		'		split: split-pool@6e000000 { compatible = "shared-dma-pool"; reusable; reg = <0x0 0x6e000000 0x0 0x4000000>; };' \
		'	};' '};' >"$dtso"
	highmem_boot patched "" "$dtso" "$DMA_REPORT"
	rm -f "$dtso"
	dma_expect_booted two-zones || return 1
	line='cma: split-pool@6e000000: area of 16384 pages at pfn 0x6e000 disabled: it is not memory of a single zone; pages returned to the page allocator'
	dma_expect_once two-zones "$line" &&
		expect_eq "two-zones: size of split-pool@6e000000" 0 \
			"$(guest_value 'area\.split-pool@6e000000\.size')"
}

# ---------------------------------------------------------------------
# A device's own area, full: on ARM, dma_alloc_coherent() takes CMA memory
# only from the device's area (arch/arm/mm/dma-mapping.c) and fails once
# that is full; no other memory is handed out instead. 6.1 does the same:
# both kernels must agree, buffer for buffer.

# The test device bound to the 16 MiB pool allocates 4 MiB buffers until
# one fails (at most 6 tries), then lists what it holds.
DMA_FILL_POOL='d=/sys/kernel/debug/cma_test/cma-test-region; n=0
while [ $n -lt 6 ] && echo 4M >$d/alloc 2>/dev/null; do n=$((n + 1)); done
echo "pool_allocs=$n"; sed "s/^/pool_buffer /" $d/buffers; true'

dma_area_full() {
	local outside
	vm --kernel "$1" --dtso scripts/dts/cma-test.dtso -- "$DMA_FILL_POOL"
	dma_expect_booted area-full || return 1
	expect_eq "area-full: 4 MiB buffers from a full 16 MiB pool" 4 "$(guest_value pool_allocs)" &&
		expect_eq "area-full: buffers held" 4 \
			"$(printf '%s\n' "$VM_OUT" | grep -c '^pool_buffer .* yes ok$')" || return 1
	outside=$(printf '%s\n' "$VM_OUT" | grep '^pool_buffer .* no ')
	[ -z "$outside" ] || fail "area-full: no buffer from outside the pool, saw: $outside"
}

test_patched_dma_area_full() { dma_area_full patched; }
test_baseline_dma_area_full() { dma_area_full baseline; }
