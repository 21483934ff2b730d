# SPDX-License-Identifier: GPL-2.0
# What a reviewer runs first: checkpatch on every patch of the series,
# kernel-doc, sparse and W=1 on the project's kernel files. Each must find
# nothing (scripts/series/lint; the findings are in the log).

test_checkpatch_strict_on_every_patch() {
	scripts/series/export && scripts/series/lint checkpatch
}

test_kernel_doc_and_exported_functions_documented() {
	scripts/series/lint kerneldoc
}

test_sparse_and_w1_on_project_objects() {
	scripts/series/lint build
}
