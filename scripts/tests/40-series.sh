# SPDX-License-Identifier: GPL-2.0
# make series: a format-patch series that git am turns into the patched tree.

test_series_reproduces_patched_tree() {
	scripts/series/export && scripts/series/verify
}

test_series_patches_have_message_and_signoff() {
	local p bad=
	for p in build/series/[0-9]*.patch; do
		case $p in */0000-cover-letter.patch) continue ;; esac
		grep -q '^Signed-off-by: ' "$p" || bad="$bad $(basename "$p"):no-signoff"
		# A body: text between the Subject header and the --- line.
		[ "$(sed -n '/^Subject:/,/^---$/p' "$p" | grep -cv '^\(Subject:\|---\|Signed-off-by:\|\)$')" -ge 3 ] ||
			bad="$bad $(basename "$p"):no-body"
	done
	grep -q 'SUBJECT HERE\|BLURB HERE' build/series/0000-cover-letter.patch && bad="$bad cover:template"
	[ -z "$bad" ] || fail "each patch with a body and a Signed-off-by, a filled cover letter; saw:$bad"
}
