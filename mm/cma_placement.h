/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the Contiguous Memory Allocator: choosing the range that
 * cma_alloc() empties. mm/cma_placement.c implements it (the algorithm is
 * described at its top); mm/cma.c runs the allocation loop around it.
 * Everything here is used under the area's alloc_mutex.
 */
#ifndef __MM_CMA_PLACEMENT_H__
#define __MM_CMA_PLACEMENT_H__

#include <linux/spinlock.h>
#include <linux/types.h>

#include "cma.h"

/**
 * struct cma_request - one cma_alloc() call, in chunks
 * @count: pages asked for
 * @align: alignment asked for, as a page order
 * @chunks: chunks to reserve
 * @step: candidate ranges start @step chunks apart (a power of two)
 * @offset: chunk index i is a candidate start iff (i + @offset) % @step == 0
 * @slack: a range with no suspect page and at most @slack movable ones is
 *	good enough: the search takes the first (lowest) such range
 */
struct cma_request {
	unsigned long count;
	unsigned int align;
	unsigned long chunks;
	unsigned long step;
	unsigned long offset;
	unsigned long slack;
};

/**
 * struct cma_window - a candidate range and what emptying it would take
 * @start: first chunk
 * @suspect: pages that look pinned or in flight
 * @movable: pages in use that migration can move
 */
struct cma_window {
	unsigned long start;
	unsigned long suspect;
	unsigned long movable;
};

/**
 * struct cma_search - state of one search for the cheapest range
 * @req: what is asked for
 * @cost: per-chunk ratings, filled on demand by @fill
 * @fill: rate chunks [from, to) into @cost and return the struct pages it
 *	read; NULL if @cost is complete (nothing to read)
 * @fill_ctx: passed to @fill
 * @suspect_blocks: treat chunks with suspect pages as blocked
 * @candidates: free, aligned ranges looked at (blocked or not)
 * @suspect_min: the fewest pages in use (suspect or not) of a feasible
 *	range with suspect pages; ULONG_MAX if none
 * @read: struct pages read by this search
 * @read_at_best: @read when @best was found
 * @first_movable: pages in use of the first feasible range without
 *	suspect pages; ULONG_MAX until one is seen
 * @found: @best is valid
 * @best: the cheapest feasible range so far
 */
struct cma_search {
	const struct cma_request *req;
	u32 *cost;
	unsigned long (*fill)(void *fill_ctx, unsigned long from,
			      unsigned long to);
	void *fill_ctx;
	bool suspect_blocks;
	unsigned long candidates;
	unsigned long suspect_min;
	unsigned long read;
	unsigned long read_at_best;
	unsigned long first_movable;
	bool found;
	struct cma_window best;
};

/* What a page looks like to migration; see cma_page_kind(). */
enum cma_page_kind {
	CMA_PAGE_FREE,
	CMA_PAGE_MOVABLE,
	CMA_PAGE_SUSPECT,
	CMA_PAGE_BLOCKED,
};

/**
 * struct cma_scan - rating an area's chunks in page order
 * @cma: the area
 * @run_end: end pfn of the pages that the last page read rated for (a
 *	free buddy block, or a folio that may span several chunks)
 * @run_kind: what those pages are
 * @next: chunk after the last one rated; a fill below it starts a new scan
 * @mark_suspects: mark chunks with suspect pages busy, for the next pass
 * @read: struct pages read so far, by every search and busy check of the
 *	allocation (sysfs alloc_pages_scanned)
 */
struct cma_scan {
	struct cma *cma;
	unsigned long run_end;
	enum cma_page_kind run_kind;
	unsigned long next;
	bool mark_suspects;
	unsigned long read;
};

static inline unsigned long cma_chunk_pfn(const struct cma *cma,
					  unsigned long i)
{
	return cma->base_pfn + (i << cma->order_per_bit);
}

unsigned long cma_pages_to_chunks(unsigned int order_per_bit,
				  unsigned long pages);
bool cma_request_init(struct cma_request *req, unsigned long base_pfn,
		      unsigned int order_per_bit, unsigned long count,
		      unsigned int align);
bool cma_search(struct cma_search *s, const unsigned long *bitmap,
		unsigned long nbits, spinlock_t *lock);
bool cma_search_suspects_matter(const struct cma_search *s);
bool cma_chunk_looks_pinned(const struct cma *cma, unsigned long i);
unsigned long cma_scan_fill(void *ctx, unsigned long from, unsigned long to);
void cma_mark_busy(struct cma_scan *sc, unsigned long start,
		   unsigned long chunks);
void cma_recheck_busy(struct cma_scan *sc);
void cma_scan_forget(struct cma_scan *sc);
void cma_scan_forget_busy(struct cma_scan *sc);

#endif
