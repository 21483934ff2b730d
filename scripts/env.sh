# SPDX-License-Identifier: GPL-2.0
# Common settings for the project's scripts; sourced, never run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$TOP/build
BASE_TARBALL=/usr/src/linux-source-6.1.tar.xz
BASE_SRC=$BUILD/base/linux-source-6.1
CROSS_COMPILE=arm-linux-gnueabihf-
CONFIG_FRAGMENT=arch/arm/configs/virt_cma.config
KINDS="patched baseline debug"
DEBUG_FRAGMENT=arch/arm/configs/virt_cma_debug.config

export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
export CCACHE_NOHASHDIR=1

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

check_kind() {
	case " $KINDS " in
	*" $1 "*) ;;
	*) die "unknown kernel '$1' (expected one of: $KINDS)" ;;
	esac
}

# Config fragments of kernel $1, merged in this order on allnoconfig.
kind_fragments() {
	case $1 in
	debug) echo "$CONFIG_FRAGMENT $DEBUG_FRAGMENT" ;;
	*) echo "$CONFIG_FRAGMENT" ;;
	esac
}

# Groups that make up kernel $1, in the order they are applied.
kind_groups() {
	case $1 in
	baseline) echo tests ;;
	*) echo "tests impl" ;;
	esac
}

# Print "group<TAB>path" for each project file (tracked or new, not
# ignored); the group is that of the longest prefix in scripts/groups, empty
# for files that are not kernel files (README, scripts/, ...).
project_files() {
	git -C "$TOP" ls-files --cached --others --exclude-standard |
		awk 'FNR == NR { if (!/^#/ && NF == 2) { pre[$2] = $1 }; next }
		     { g = ""; best = 0
		       for (p in pre)
			       if (index($0, p) == 1 && length(p) > best) {
				       best = length(p); g = pre[p] }
		       printf "%s\t%s\n", g, $0 }' "$TOP/scripts/groups" -
}
