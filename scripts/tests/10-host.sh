# SPDX-License-Identifier: GPL-2.0
# Host-side checks of the build layout and the runner's interface.

# Options the issue asks the minimal virt config to have, as merged.
test_merged_config_has_required_options() {
	local k o missing=
	for k in patched baseline; do
		for o in MMU ARCH_VIRT SMP ARM_PSCI SERIAL_AMBA_PL011_CONSOLE \
			 BLK_DEV_INITRD DEVTMPFS PROC_FS SYSFS DEBUG_FS TRACING \
			 TRACEPOINTS POSIX_TIMERS MODULES CMA DMA_CMA CMA_DEBUGFS \
			 CMA_SYSFS OF_RESERVED_MEM KUNIT DMABUF_HEAPS \
			 DMABUF_HEAPS_CMA CMA_TEST; do
			grep -qx "CONFIG_$o=y" "build/$k/src/obj/.config" ||
				missing="$missing $k:$o"
		done
	done
	[ -z "$missing" ] || fail "every option =y in both kernels, missing:$missing"
}

# baseline = base + tests; patched = base + tests + impl.
test_overlay_groups_split_the_kernels() {
	local f g bad=
	while IFS=$'\t' read -r g f; do
		case $f in patches/* | "") continue ;; esac
		[ -n "$g" ] || continue
		grep -qxF "$f" build/patched/overlay.list || bad="$bad patched-lacks:$f"
		if [ "$g" = impl ]; then
			grep -qxF "$f" build/baseline/overlay.list && bad="$bad baseline-has:$f"
		else
			grep -qxF "$f" build/baseline/overlay.list || bad="$bad baseline-lacks:$f"
		fi
	done < <(. scripts/env.sh && project_files)
	[ -z "$bad" ] || fail "each kernel holds exactly its groups' files, saw:$bad"
	cmp -s drivers/misc/cma_test/cma_test.c build/baseline/src/drivers/misc/cma_test/cma_test.c ||
		fail "the test driver in the baseline tree is the project's copy"
}

test_runner_help_documents_every_option() {
	local h o
	h=$(scripts/vm --help) || fail "scripts/vm --help exits 0"
	for o in --kernel --append --dtso --mem --smp --add --timeout 124 125; do
		printf '%s\n' "$h" | grep -q -- "$o" || fail "--help mentions $o" || return 1
	done
}

test_runner_rejects_bad_options() {
	local out rc
	for args in "--mem lots" "--smp 9" "--kernel upstream" "--dtso /nonexistent" \
		    "--add /nonexistent" "--bogus" "--timeout"; do
		# shellcheck disable=SC2086
		out=$(scripts/vm $args -- true 2>&1)
		rc=$?
		[ $rc -eq 2 ] || fail "scripts/vm $args: exit 2, saw $rc" || return 1
		printf '%s\n' "$out" | grep -q '^vm: ' ||
			fail "scripts/vm $args: a 'vm:' line naming the problem, saw '$out'" || return 1
	done
}
