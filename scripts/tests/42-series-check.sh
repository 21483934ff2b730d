# SPDX-License-Identifier: GPL-2.0
# make series-check: the kernel builds after every patch of the series.

test_series_builds_after_every_patch() {
	scripts/series/check-build
}
