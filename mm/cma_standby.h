/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the Contiguous Memory Allocator: standby, a run of an area
 * kept evacuated ahead of demand. mm/cma_standby.c implements it (the
 * design and the locking are described at its top); mm/cma.c serves
 * allocations from it and hands it released pages.
 */
#ifndef __MM_CMA_STANDBY_H__
#define __MM_CMA_STANDBY_H__

#include <linux/types.h>

#include "cma.h"
#include "cma_placement.h"

/* Pure bookkeeping on runs of chunks, tested by mm/cma_standby_kunit.h. */
bool cma_standby_fit(const struct cma_standby_run *run,
		     const struct cma_request *req, unsigned long *at);
void cma_standby_carve(struct cma_standby_run *run, unsigned long at,
		       unsigned long chunks, struct cma_standby_run *back);
void cma_standby_join(const struct cma_standby_run *run,
		      const struct cma_request *want,
		      const struct cma_standby_run *released,
		      struct cma_standby_run *join);
void cma_standby_trim(struct cma_standby_run *run, unsigned long target,
		      struct cma_standby_run *back);

/* The area's standby, from mm/cma.c and mm/cma_sysfs.c. */
void cma_standby_init(struct cma *cma);
void __init cma_standby_boot(struct cma *cma);
bool cma_standby_take(struct cma *cma, const struct cma_request *req,
		      unsigned long *pfn);
bool cma_standby_drop(struct cma *cma);
bool cma_standby_wants(struct cma *cma);
void cma_standby_absorb_locked(struct cma *cma,
			       const struct cma_standby_run *released,
			       struct cma_standby_run *join);
void cma_standby_kick(struct cma *cma);
int cma_standby_set_pages(struct cma *cma, unsigned long pages);
unsigned long cma_standby_target_pages(struct cma *cma);
unsigned long cma_standby_ready_pages(struct cma *cma);

#endif
