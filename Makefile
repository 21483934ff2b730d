# SPDX-License-Identifier: GPL-2.0
# Entry points of the project; the work is done by scripts/.

CMA ?= 64M
APPEND ?=
T ?=

.PHONY: all deps kernels guest run check bench series series-check clean distclean help

all: deps kernels guest

deps:
	@scripts/deps

kernels: deps
	@scripts/kernel patched
	@scripts/kernel baseline

guest: deps
	@scripts/guest/build

# Boot the patched kernel with cma=$(CMA) and the DT test pool, print the
# CMA report, then a shell on a terminal (or power off without one).
run: deps
	@scripts/kernel patched
	@scripts/guest/build
	@scripts/vm --append "cma=$(CMA) $(APPEND)" --dtso scripts/dts/cma-test.dtso -- \
		'cma-report --alloc; [ -z "$$VM_INTERACTIVE" ] || setsid cttyhack sh -l'

# Every test the project has; T=PATTERN runs the matching ones only.
check: deps
	@scripts/check $(T)

# Our CMA against upstream's, every scenario on both kernels, alternating;
# table, CSV and plot in build/bench/. BENCH="--rounds 1 ..." passes options.
bench: deps
	@scripts/bench $(BENCH)

series: deps
	@scripts/series/export

# git am each patch of the series on the base and build the kernel after it.
series-check: deps
	@scripts/series/check-build

clean:
	rm -rf build/patched build/baseline build/debug build/arm64 build/x86_64 \
		build/check build/check-* build/series build/bench build/series-check \
		build/lint

distclean:
	rm -rf build

help:
	@echo "make          build both kernels and the guest userspace"
	@echo "make run      boot the patched kernel with cma=\$$(CMA) (default 64M)"
	@echo "              and a DT CMA pool; APPEND=... adds kernel arguments"
	@echo "make check    install what is missing, build, run every test"
	@echo "make bench    benchmark our CMA against upstream's (build/bench/)"
	@echo "make series   export the work as a patch series into build/series/"
	@echo "make series-check"
	@echo "              build the kernel after each patch of the series"
