# SPDX-License-Identifier: GPL-2.0
# Common settings for the project's scripts; sourced, never run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$TOP/build
BASE_TARBALL=/usr/src/linux-source-6.1.tar.xz
BASE_SRC=$BUILD/base/linux-source-6.1
CROSS_COMPILE=arm-linux-gnueabihf-
CONFIG_FRAGMENT=arch/arm/configs/virt_cma.config
KINDS="patched baseline debug arm64 baseline-arm64 x86_64"
DEBUG_FRAGMENT=arch/arm/configs/virt_cma_debug.config
ARM64_FRAGMENT=arch/arm64/configs/virt_cma.config
X86_64_FRAGMENT=arch/x86/configs/cma.config
# Kinds for other architectures, built with W=1: the patched files, and
# for arm64 also the baseline (upstream CMA with our tests, its objects
# copied from the arm64 kernel's, so with the same options).
ARCH_KINDS="arm64 baseline-arm64 x86_64"

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
	arm64 | baseline-arm64) echo "$ARM64_FRAGMENT" ;;
	x86_64) echo "$X86_64_FRAGMENT" ;;
	*) echo "$CONFIG_FRAGMENT" ;;
	esac
}

# Kbuild's ARCH for kernel $1.
kind_arch() {
	case $1 in
	arm64 | baseline-arm64) echo arm64 ;;
	x86_64) echo x86 ;;
	*) echo arm ;;
	esac
}

# Kbuild's CROSS_COMPILE for kernel $1 (empty: the host's gcc).
kind_cross() {
	case $1 in
	arm64 | baseline-arm64) echo aarch64-linux-gnu- ;;
	x86_64) ;;
	*) echo "$CROSS_COMPILE" ;;
	esac
}

# The boot image of kernel $1: Kbuild's target, made as
# arch/<arch>/boot/<image> and copied to build/<kind>/<image>; nothing for
# a kernel that is never booted (x86_64: scripts/kernel compiles objects).
kind_image() {
	case $1 in
	arm64 | baseline-arm64) echo Image ;;
	x86_64) ;;
	*) echo zImage ;;
	esac
}

# The guest of kernel $1, "qemu-binary cpu", or nothing for a kernel
# that is built only.
kind_qemu() {
	case $1 in
	arm64 | baseline-arm64) echo "qemu-system-aarch64 cortex-a57" ;;
	x86_64) ;;
	*) echo "qemu-system-arm cortex-a15" ;;
	esac
}

# Where scripts/guest/build puts the userspace of guest architecture $1
# (arm or arm64; see kind_arch).
guest_dir() {
	case $1 in
	arm) echo "$BUILD/guest" ;;
	*) echo "$BUILD/guest-$1" ;;
	esac
}

# Groups that make up kernel $1, in the order they are applied.
kind_groups() {
	case $1 in
	baseline | baseline-arm64) echo tests ;;
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

# copy_objects FROM TO: object tree TO as a copy of FROM, every file with
# one date (whole seconds: any later write is newer, and no copied file
# is newer than another that depends on it), so that make rebuilds only
# what depends on source files written after the copy.
copy_objects() {
	rm -rf "$2.tmp"
	cp -a "$1" "$2.tmp"
	find "$2.tmp" -exec touch -h -d "@$(date +%s)" {} +
	mv "$2.tmp" "$2"
}
