// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Contiguous Memory Allocator
 *
 * An area is reserved from memblock at boot, handed to the page allocator
 * as MIGRATE_CMA pageblocks (lent out to movable allocations only), and
 * emptied again range by range when a driver asks for contiguous memory.
 * Documentation/mm/cma.rst describes the design; the short version:
 *
 *  - A bitmap per area says which chunks (2^order_per_bit pages) are
 *    allocated.
 *  - cma_alloc() looks before it leaps: it reads the pages of every free,
 *    aligned candidate range without locks and takes the range with the
 *    fewest pages in use (a request smaller than a pageblock: the first
 *    range that costs at most its own size, so that small buffers pack
 *    low), skipping ranges that hold pages which cannot move or look
 *    pinned (more references than their folio's mappings). Only then does
 *    it pay for isolation and migration (alloc_contig_range()). A range
 *    that still fails marks its stuck chunks so that the next choice
 *    avoids them. Attempts are bounded; one more pass follows a drain and
 *    a short back-off when busyness may have been transient.
 *
 * Locking, outermost first:
 *
 *   cma->alloc_mutex	one allocation at a time per area, held from the
 *			range search to the end of alloc_contig_range();
 *			guards the search scratch (cma->cost, cma->busy).
 *			Areas allocate concurrently: no global lock.
 *   cma->lock		spinlock, IRQ-safe: the bitmap and cma->available.
 *			Held only for bookkeeping, never across a call into
 *			the page allocator.
 *
 * cma_release() takes cma->lock only, so it does not sleep and never
 * waits for an allocation in progress. Bits are set only under
 * alloc_mutex, so a range the search found free stays free until the
 * search's owner reserves it.
 */

#define pr_fmt(fmt) "cma: " fmt

#define CREATE_TRACE_POINTS

#include <linux/bitmap.h>
#include <linux/cma.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fault-inject.h>
#include <linux/highmem.h>
#include <linux/kmemleak.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/memblock.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/vmalloc.h>
#include <trace/events/cma.h>

#include "internal.h"
#include "cma.h"

struct cma cma_areas[MAX_CMA_AREAS];
unsigned int cma_area_count;

/* Attempts (alloc_contig_range() calls) per pass; there are two passes. */
#define CMA_MAX_ATTEMPTS	4
/*
 * Attempts, in the second pass, on a range whose pages looked pinned only
 * then (not in the first pass): the look may have been a passing one.
 */
#define CMA_RISKY_ATTEMPTS	1
/* Back-off before the second pass, in microseconds. */
#define CMA_BACKOFF_MIN_US	1000
#define CMA_BACKOFF_MAX_US	2000

/**
 * cma_get_base() - physical address of an area
 * @cma: the area
 *
 * Context: any context.
 * Return: the address of the first byte of @cma.
 */
phys_addr_t cma_get_base(const struct cma *cma)
{
	return PFN_PHYS(cma->base_pfn);
}

/**
 * cma_get_size() - size of an area
 * @cma: the area
 *
 * Context: any context.
 * Return: the size of @cma in bytes; 0 if it could not be activated.
 */
unsigned long cma_get_size(const struct cma *cma)
{
	return cma->count << PAGE_SHIFT;
}

/**
 * cma_get_name() - name of an area
 * @cma: the area
 *
 * Context: any context.
 * Return: the name of @cma, as shown in debugfs, sysfs and traces.
 */
const char *cma_get_name(const struct cma *cma)
{
	return cma->name;
}

/* ---------------------------------------------------------------------
 * Chunks and requests: pure arithmetic, tested by mm/cma_kunit.h
 */

/* Chunks needed to hold @pages pages. */
static unsigned long cma_pages_to_chunks(unsigned int order_per_bit,
					 unsigned long pages)
{
	unsigned long mask = (1UL << order_per_bit) - 1;

	return (pages >> order_per_bit) + !!(pages & mask);
}

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

/*
 * How many movable pages a request may migrate to stay packed at the low
 * end of the area. The cheapest range of a lent-out area is anywhere, so
 * taking it for every small long-lived buffer would scatter them and
 * leave no room for the next large request (6.1's first fit packs them).
 * A request smaller than a pageblock takes the first range that costs no
 * more than its own size to empty (in a fully lent-out area, the first
 * range): it migrates at most twice what the cheapest would, and keeps
 * the rest of the area whole. Larger requests take the cheapest range.
 */
static unsigned long cma_request_slack(unsigned long count)
{
	return count < pageblock_nr_pages ? count : 0;
}

/*
 * Fill @req for @count pages aligned to 2^@align pages in an area starting
 * at @base_pfn. The area's base need not be aligned to 2^@align: @offset
 * shifts the candidates so that the page frame number is. Return false if
 * @align is too large to express.
 */
static bool cma_request_init(struct cma_request *req, unsigned long base_pfn,
			     unsigned int order_per_bit, unsigned long count,
			     unsigned int align)
{
	unsigned int step_order;

	if (align >= BITS_PER_LONG - 1)
		return false;
	step_order = align > order_per_bit ? align - order_per_bit : 0;
	req->count = count;
	req->align = align;
	req->chunks = cma_pages_to_chunks(order_per_bit, count);
	req->step = 1UL << step_order;
	req->offset = (base_pfn >> order_per_bit) & (req->step - 1);
	req->slack = cma_request_slack(count);
	return true;
}

/* The first candidate start at or after chunk @i. */
static unsigned long cma_request_first_start(const struct cma_request *req,
					     unsigned long i)
{
	return ALIGN(i + req->offset, req->step) - req->offset;
}

/* ---------------------------------------------------------------------
 * Range costs
 *
 * The search rates every chunk by reading its pages without locks: free
 * pages cost nothing, pages that migration can move cost one each, pages
 * with more references than their mappings explain ("suspect": pinned, or
 * in flight) cost more than any number of movable pages, and pages that
 * never move (reserved, poisoned, gigantic hugetlb pages) or that already
 * stopped an attempt of this allocation block the chunk. A chunk's rating
 * is packed into a u32: movable pages up to 2^20 - 1 (a chunk of 4 GiB of
 * 4 KiB pages), so that even hugetlb's 512-page chunks rate exactly.
 */

#define CMA_COST_BLOCKED	BIT(31)
#define CMA_COST_SUSPECT_SHIFT	20
#define CMA_COST_SUSPECT_MAX	0x7ffUL
#define CMA_COST_MOVABLE_MAX	0xfffffUL

static u32 cma_cost_pack(unsigned long movable, unsigned long suspect,
			 bool blocked)
{
	if (blocked)
		return CMA_COST_BLOCKED;
	return min(movable, CMA_COST_MOVABLE_MAX) |
	       min(suspect, CMA_COST_SUSPECT_MAX) << CMA_COST_SUSPECT_SHIFT;
}

static unsigned long cma_cost_movable(u32 cost)
{
	return cost & CMA_COST_MOVABLE_MAX;
}

static unsigned long cma_cost_suspect(u32 cost)
{
	return (cost >> CMA_COST_SUSPECT_SHIFT) & CMA_COST_SUSPECT_MAX;
}

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

/* Is @a cheaper than @b? Fewer suspect pages first, then fewer in use. */
static bool cma_window_cheaper(const struct cma_window *a,
			       const struct cma_window *b)
{
	if (a->suspect != b->suspect)
		return a->suspect < b->suspect;
	return a->movable < b->movable;
}

/**
 * struct cma_search - state of one search for the cheapest range
 * @req: what is asked for
 * @cost: per-chunk ratings, filled on demand by @fill
 * @fill: rate chunks [from, to) into @cost; NULL if @cost is complete
 * @fill_ctx: passed to @fill
 * @suspect_blocks: treat chunks with suspect pages as blocked
 * @candidates: free, aligned ranges seen (blocked or not)
 * @suspect_min: the fewest pages in use (suspect or not) of a feasible
 *	range with suspect pages; ULONG_MAX if none
 * @found: @best is valid
 * @best: the cheapest feasible range so far
 */
struct cma_search {
	const struct cma_request *req;
	u32 *cost;
	void (*fill)(void *fill_ctx, unsigned long from, unsigned long to);
	void *fill_ctx;
	bool suspect_blocks;
	unsigned long candidates;
	unsigned long suspect_min;
	bool found;
	struct cma_window best;
};

static bool cma_search_blocked(const struct cma_search *s, u32 cost)
{
	return (cost & CMA_COST_BLOCKED) ||
	       (s->suspect_blocks && cma_cost_suspect(cost));
}

/* Good enough to stop: see &cma_request.slack. */
static bool cma_search_perfect(const struct cma_search *s)
{
	return s->found && !s->best.suspect &&
	       s->best.movable <= s->req->slack;
}

/*
 * Would the search choose better if its suspect pages were ordinary ones?
 * Only then is a drain of the per-CPU LRU batches worth its cost.
 */
static bool cma_search_suspects_matter(const struct cma_search *s)
{
	if (!s->found)
		return s->suspect_min != ULONG_MAX;
	return s->best.suspect ||
	       s->suspect_min < s->best.suspect + s->best.movable;
}

/*
 * Slide a window of req->chunks chunks over the free run [@rs, @re),
 * stopping at candidate starts only. The sums cover the chunks [lo, hi);
 * each chunk is added once and removed once, so a run costs O(its length)
 * whatever the alignment. A blocked chunk at i rules out every window
 * holding it: the next start tried is the first one after i.
 */
static void cma_search_run(struct cma_search *s, unsigned long rs,
			   unsigned long re)
{
	const struct cma_request *req = s->req;
	unsigned long n = req->chunks, lo, hi, i, p, blocked_end = 0;
	struct cma_window w = { 0 };

	p = cma_request_first_start(req, rs);
	lo = p;
	hi = p;
	while (p >= rs && p + n <= re && p + n > p) {
		if (p >= hi) {
			lo = p;
			hi = p;
			w.suspect = 0;
			w.movable = 0;
		}
		for (; lo < p; lo++) {
			if (cma_search_blocked(s, s->cost[lo]))
				continue;
			w.suspect -= cma_cost_suspect(s->cost[lo]);
			w.movable -= cma_cost_movable(s->cost[lo]);
		}
		if (s->fill && hi < p + n)
			s->fill(s->fill_ctx, hi, p + n);
		for (i = hi; i < p + n; i++) {
			if (cma_search_blocked(s, s->cost[i])) {
				blocked_end = i + 1;
				continue;
			}
			w.suspect += cma_cost_suspect(s->cost[i]);
			w.movable += cma_cost_movable(s->cost[i]);
		}
		hi = p + n;
		s->candidates++;
		if (blocked_end > p) {
			p = cma_request_first_start(req, blocked_end);
			continue;
		}
		w.start = p;
		if (w.suspect)
			s->suspect_min = min(s->suspect_min, w.suspect + w.movable);
		if (!s->found || cma_window_cheaper(&w, &s->best)) {
			s->best = w;
			s->found = true;
		}
		if (cma_search_perfect(s))
			return;
		p += req->step;
		cond_resched();
	}
}

/*
 * The cheapest candidate over all free runs of @bitmap (@nbits bits),
 * first fit among equals. The caller serialises with whoever sets bits;
 * bits cleared meanwhile only hide opportunities. @lock guards each read
 * of the bitmap.
 */
static bool cma_search(struct cma_search *s, const unsigned long *bitmap,
		       unsigned long nbits, spinlock_t *lock)
{
	unsigned long rs, re = 0;

	s->found = false;
	s->candidates = 0;
	s->suspect_min = ULONG_MAX;
	while (re < nbits && !cma_search_perfect(s)) {
		spin_lock_irq(lock);
		rs = find_next_zero_bit(bitmap, nbits, re);
		re = find_next_bit(bitmap, nbits, rs);
		spin_unlock_irq(lock);
		if (re - rs >= s->req->chunks)
			cma_search_run(s, rs, re);
		cond_resched();
	}
	return s->found;
}

/* ---------------------------------------------------------------------
 * Reading pages without locks
 */

enum cma_page_kind {
	CMA_PAGE_FREE,
	CMA_PAGE_MOVABLE,
	CMA_PAGE_SUSPECT,
	CMA_PAGE_BLOCKED,
};

/*
 * What migration would make of @folio, which the caller holds a reference
 * to (so it is neither freed nor split meanwhile). Pages that the page
 * cache or swap cache holds have one reference per page, private data one
 * more; any reference beyond those and the mappings, across the whole
 * folio, is a pin or an operation in flight.
 */
static enum cma_page_kind cma_folio_kind(struct folio *folio)
{
	long expected;

	if (folio_test_hugetlb(folio)) {
		/* alloc_contig_range() moves (or dissolves) only small ones. */
		if (folio_order(folio) >= MAX_ORDER)
			return CMA_PAGE_BLOCKED;
		return folio_test_hugetlb_migratable(folio) ? CMA_PAGE_MOVABLE :
							      CMA_PAGE_SUSPECT;
	}
	if (folio_test_hwpoison(folio) ||
	    (!folio_test_large(folio) && PageReserved(&folio->page)))
		return CMA_PAGE_BLOCKED;
	if (folio_test_lru(folio)) {
		/* One reference is the caller's. */
		expected = folio_mapcount(folio) + 1;
		if (folio_mapping(folio))
			expected += folio_nr_pages(folio);
		if (folio_has_private(folio))
			expected++;
		return folio_ref_count(folio) > expected ? CMA_PAGE_SUSPECT :
							   CMA_PAGE_MOVABLE;
	}
	if (__folio_test_movable(folio))
		return CMA_PAGE_MOVABLE;
	/* Not on an LRU list yet (or any more): in flight. */
	return CMA_PAGE_SUSPECT;
}

/*
 * Folios that migration could move, and so are worth a closer look: on an
 * LRU list, non-LRU movable, or hugetlb. Read without a reference.
 */
static bool cma_folio_may_move(struct folio *folio)
{
	return folio_test_lru(folio) || __folio_test_movable(folio) ||
	       folio_test_hugetlb(folio);
}

/*
 * What @page looks like to migration: a snapshot that may be stale by the
 * time it is used, which is fine for ranking ranges. A folio that may
 * move is read under a speculative reference (mainline's compaction does
 * the same), so that it is neither split nor freed while its reference
 * and map counts are compared. Any other page is rated from its flags
 * alone, without a reference: it may be a range that cma_release() is
 * freeing (its bits are clear already), and free_contig_range() must
 * find its pages as their owner left them. *@nr_pages is set to the pages
 * from @page on that the answer covers: the rest of a free buddy block
 * or of the folio.
 */
static enum cma_page_kind cma_page_kind(struct page *page,
					unsigned long *nr_pages)
{
	enum cma_page_kind kind = CMA_PAGE_MOVABLE;
	struct folio *folio;

	*nr_pages = 1;
	if (PageBuddy(page)) {
		unsigned long order = buddy_order_unsafe(page);

		if (order < MAX_ORDER)
			*nr_pages = 1UL << order;
		return CMA_PAGE_FREE;
	}
	if (!page_count(page))
		return CMA_PAGE_FREE;	/* on a per-CPU list, or being freed */
	folio = page_folio(page);
	if (!cma_folio_may_move(folio)) {
		if (PageReserved(page) || PageHWPoison(page))
			return CMA_PAGE_BLOCKED;
		/* In use and on no LRU list: in flight, or kernel memory. */
		return CMA_PAGE_SUSPECT;
	}
	if (!folio_try_get(folio))
		return CMA_PAGE_FREE;
	/* Freed and reused, or split, before the reference: look once more. */
	if (likely(page_folio(page) == folio)) {
		kind = cma_folio_kind(folio);
		*nr_pages = folio_nr_pages(folio) -
			    (page_to_pfn(page) - folio_pfn(folio));
	}
	folio_put(folio);
	return kind;
}

/**
 * struct cma_scan - rating an area's chunks in page order
 * @cma: the area
 * @run_end: end pfn of the pages that the last page read rated for (a
 *	free buddy block, or a folio that may span several chunks)
 * @run_kind: what those pages are
 * @next: chunk after the last one rated; a fill below it starts a new scan
 * @mark_suspects: mark chunks with suspect pages busy, for the next pass
 */
struct cma_scan {
	struct cma *cma;
	unsigned long run_end;
	enum cma_page_kind run_kind;
	unsigned long next;
	bool mark_suspects;
};

static unsigned long cma_chunk_pfn(const struct cma *cma, unsigned long i)
{
	return cma->base_pfn + (i << cma->order_per_bit);
}

/* The pfn after chunk @i (the last chunk may be cut short by the area). */
static unsigned long cma_chunk_end_pfn(const struct cma *cma, unsigned long i)
{
	return min(cma_chunk_pfn(cma, i + 1), cma->base_pfn + cma->count);
}

/* Rate one chunk from its pages, one read per buddy block or folio. */
static u32 cma_scan_chunk(struct cma_scan *sc, unsigned long i)
{
	struct cma *cma = sc->cma;
	unsigned long pfn = cma_chunk_pfn(cma, i);
	unsigned long end = cma_chunk_end_pfn(cma, i);
	unsigned long movable = 0, suspect = 0, nr;

	if (test_bit(i, cma->busy))
		return CMA_COST_BLOCKED;
	while (pfn < end) {
		if (pfn >= sc->run_end) {
			sc->run_kind = cma_page_kind(pfn_to_page(pfn), &nr);
			sc->run_end = pfn + nr;
		}
		nr = min(sc->run_end, end) - pfn;
		switch (sc->run_kind) {
		case CMA_PAGE_FREE:
			break;
		case CMA_PAGE_MOVABLE:
			movable += nr;
			break;
		case CMA_PAGE_SUSPECT:
			suspect += nr;
			break;
		case CMA_PAGE_BLOCKED:
			return CMA_COST_BLOCKED;
		}
		pfn += nr;
	}
	return cma_cost_pack(movable, suspect, false);
}

/*
 * Chunks from @from (below @to) that lie wholly inside the free buddy
 * block seen last and are not marked busy: they cost nothing, no need to
 * read their pages. An idle area is mostly such blocks.
 */
static unsigned long cma_scan_free_chunks(struct cma_scan *sc,
					  unsigned long from, unsigned long to)
{
	struct cma *cma = sc->cma;
	unsigned long pfn = cma_chunk_pfn(cma, from), n;

	if (sc->run_kind != CMA_PAGE_FREE || pfn >= sc->run_end)
		return 0;
	n = min((sc->run_end - pfn) >> cma->order_per_bit, to - from);
	return find_next_bit(cma->busy, from + n, from) - from;
}

static void cma_scan_fill(void *ctx, unsigned long from, unsigned long to)
{
	struct cma_scan *sc = ctx;
	u32 *cost = sc->cma->cost;
	unsigned long n;

	if (from < sc->next)
		sc->run_end = 0;
	sc->next = to;
	while (from < to) {
		n = cma_scan_free_chunks(sc, from, to);
		if (n) {
			memset(cost + from, 0, n * sizeof(*cost));
			from += n;
			continue;
		}
		cost[from] = cma_scan_chunk(sc, from);
		if (sc->mark_suspects && cma_cost_suspect(cost[from]))
			__set_bit(from, sc->cma->busy);
		from++;
		cond_resched();
	}
}

/*
 * After a failed attempt on [@start, @start + @chunks): mark the chunks
 * with pages still in use so that the next search avoids them.
 */
static void cma_mark_busy(struct cma *cma, unsigned long start,
			  unsigned long chunks)
{
	unsigned long i, pfn, end, nr;

	for (i = start; i < start + chunks; i++) {
		end = cma_chunk_end_pfn(cma, i);
		for (pfn = cma_chunk_pfn(cma, i); pfn < end; pfn += nr) {
			if (cma_page_kind(pfn_to_page(pfn), &nr) != CMA_PAGE_FREE) {
				__set_bit(i, cma->busy);
				break;
			}
		}
		cond_resched();
	}
}

/*
 * Before another pass: forget the busy marks of chunks whose pages now
 * look free or movable, keep those of chunks that still hold a page that
 * looks pinned or cannot move.
 */
static void cma_recheck_busy(struct cma *cma)
{
	unsigned long i, pfn, end, nr, nbits = cma_bitmap_maxno(cma);
	enum cma_page_kind kind;
	bool stuck;

	for_each_set_bit(i, cma->busy, nbits) {
		pfn = cma_chunk_pfn(cma, i);
		end = cma_chunk_end_pfn(cma, i);
		stuck = false;
		for (; pfn < end && !stuck; pfn += nr) {
			kind = cma_page_kind(pfn_to_page(pfn), &nr);
			stuck = kind == CMA_PAGE_SUSPECT || kind == CMA_PAGE_BLOCKED;
		}
		if (!stuck)
			__clear_bit(i, cma->busy);
		cond_resched();
	}
}

/* ---------------------------------------------------------------------
 * Bitmap bookkeeping, under cma->lock
 */

static void cma_reserve_chunks(struct cma *cma, unsigned long start,
			       unsigned long chunks)
{
	spin_lock_irq(&cma->lock);
	/* Only alloc_mutex holders set bits, and the search saw them clear. */
	WARN_ON_ONCE(find_next_bit(cma->bitmap, start + chunks, start) <
		     start + chunks);
	bitmap_set(cma->bitmap, start, chunks);
	cma->available -= chunks;
	spin_unlock_irq(&cma->lock);
}

static void cma_unreserve_chunks(struct cma *cma, unsigned long start,
				 unsigned long chunks)
{
	unsigned long flags;

	spin_lock_irqsave(&cma->lock, flags);
	bitmap_clear(cma->bitmap, start, chunks);
	cma->available += chunks;
	spin_unlock_irqrestore(&cma->lock, flags);
}

/*
 * Clear [@start, @start + @chunks) if every bit of it is set. Checking and
 * clearing under one lock hold makes a concurrent double release fail
 * rather than free twice.
 */
static bool cma_unreserve_allocated(struct cma *cma, unsigned long start,
				    unsigned long chunks)
{
	unsigned long flags;
	bool allocated;

	spin_lock_irqsave(&cma->lock, flags);
	allocated = find_next_zero_bit(cma->bitmap, start + chunks, start) >=
		    start + chunks;
	if (allocated) {
		bitmap_clear(cma->bitmap, start, chunks);
		cma->available += chunks;
	}
	spin_unlock_irqrestore(&cma->lock, flags);
	return allocated;
}

/**
 * cma_available_pages() - pages of an area not allocated
 * @cma: the area
 *
 * Context: any context; takes cma->lock.
 * Return: the free pages, counted in whole chunks.
 */
unsigned long cma_available_pages(struct cma *cma)
{
	unsigned long flags, chunks;

	spin_lock_irqsave(&cma->lock, flags);
	chunks = cma->available;
	spin_unlock_irqrestore(&cma->lock, flags);
	return chunks << cma->order_per_bit;
}

/**
 * cma_largest_free_pages() - the longest free run of an area
 * @cma: the area
 *
 * Context: any context; takes cma->lock for a walk of the bitmap.
 * Return: the pages of the longest run of free chunks.
 */
unsigned long cma_largest_free_pages(struct cma *cma)
{
	unsigned long nbits = cma_bitmap_maxno(cma);
	unsigned long rs, re = 0, best = 0, flags;

	if (!cma->bitmap)
		return 0;
	spin_lock_irqsave(&cma->lock, flags);
	while (re < nbits) {
		rs = find_next_zero_bit(cma->bitmap, nbits, re);
		re = find_next_bit(cma->bitmap, nbits, rs);
		best = max(best, re - rs);
	}
	spin_unlock_irqrestore(&cma->lock, flags);
	return best << cma->order_per_bit;
}

/* ---------------------------------------------------------------------
 * Fault injection (CONFIG_FAIL_CMA): "fail_cma=" on the command line, since
 * areas are activated before debugfs exists, and /sys/kernel/debug/fail_cma/.
 * Documentation/fault-injection/ describes the knobs.
 */

#ifdef CONFIG_FAIL_CMA
static DECLARE_FAULT_ATTR(fail_cma);

static int __init fail_cma_setup(char *str)
{
	return setup_fault_attr(&fail_cma, str);
}
__setup("fail_cma=", fail_cma_setup);

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
static int __init fail_cma_debugfs_init(void)
{
	struct dentry *dir;

	dir = fault_create_debugfs_attr("fail_cma", NULL, &fail_cma);
	return PTR_ERR_OR_ZERO(dir);
}
late_initcall(fail_cma_debugfs_init);
#endif

/* Should this activation allocation or range attempt fail on purpose? */
static bool cma_should_fail(void)
{
	return should_fail(&fail_cma, 1);
}
#else
static inline bool cma_should_fail(void)
{
	return false;
}
#endif

/* ---------------------------------------------------------------------
 * Activation
 */

static bool __init cma_range_in_one_zone(struct cma *cma)
{
	unsigned long pfn, end = cma->base_pfn + cma->count;
	struct zone *zone;

	for (pfn = cma->base_pfn; pfn < end; pfn++)
		if (!pfn_valid(pfn))
			return false;
	zone = page_zone(pfn_to_page(cma->base_pfn));
	for (pfn = cma->base_pfn + 1; pfn < end; pfn++)
		if (page_zone(pfn_to_page(pfn)) != zone)
			return false;
	return true;
}

static int __init cma_alloc_bitmap(struct cma *cma)
{
	if (!cma_should_fail())
		cma->bitmap = bitmap_zalloc(cma_bitmap_maxno(cma), GFP_KERNEL);
	return cma->bitmap ? 0 : -ENOMEM;
}

/* Give a disabled area's pages back, unless the owner wants them kept. */
static void __init cma_disable_area(struct cma *cma, const char *why)
{
	unsigned long pfn, end = cma->base_pfn + cma->count;

	if (!cma->reserve_pages_on_error)
		for (pfn = cma->base_pfn; pfn < end; pfn++)
			if (pfn_valid(pfn))
				free_reserved_page(pfn_to_page(pfn));
	pr_err("%s: area of %lu pages at pfn %#lx disabled: %s; pages %s\n",
	       cma->name, cma->count, cma->base_pfn, why,
	       cma->reserve_pages_on_error ? "stay reserved" :
					     "returned to the page allocator");
	totalcma_pages -= cma->count;
	cma->count = 0;
}

static void __init cma_activate_area(struct cma *cma)
{
	unsigned long pfn, end = cma->base_pfn + cma->count;

	if (!cma_range_in_one_zone(cma)) {
		cma_disable_area(cma, "it is not memory of a single zone");
		return;
	}
	if (cma_alloc_bitmap(cma)) {
		cma_disable_area(cma, "no memory for its bitmap");
		return;
	}
	cma->available = cma_bitmap_maxno(cma);
	for (pfn = cma->base_pfn; pfn < end; pfn += pageblock_nr_pages)
		init_cma_reserved_pageblock(pfn_to_page(pfn));
}

static int __init cma_init_reserved_areas(void)
{
	unsigned int i;

	for (i = 0; i < cma_area_count; i++)
		cma_activate_area(&cma_areas[i]);
	return 0;
}
early_initcall(cma_init_reserved_areas);

/**
 * cma_reserve_pages_on_error() - keep an area's pages if activation fails
 * @cma: the area
 *
 * By default the pages of an area that cannot be activated go to the page
 * allocator. Owners that hand the memory to something else in that case
 * (e.g. a firmware-assisted dump) call this to keep it reserved.
 *
 * Context: early boot, before the areas are activated.
 * Return: nothing.
 */
void __init cma_reserve_pages_on_error(struct cma *cma)
{
	cma->reserve_pages_on_error = true;
}

/* ---------------------------------------------------------------------
 * Declaration
 */

static void __init cma_default_name(char *buf, const char *name)
{
	if (name)
		snprintf(buf, CMA_MAX_NAME, "%s", name);
	else
		snprintf(buf, CMA_MAX_NAME, "cma%u", cma_area_count);
}

/**
 * cma_init_reserved_mem() - make an area of memory already reserved
 * @base: physical address of the memory, CMA_MIN_ALIGNMENT_BYTES aligned
 * @size: its size in bytes, a multiple of CMA_MIN_ALIGNMENT_BYTES and of
 *	the chunk size
 * @order_per_bit: each bitmap bit covers 2^@order_per_bit pages
 * @name: the area's name; NULL for "cmaN"
 * @res_cma: set to the new area
 *
 * For memory the caller reserved itself, e.g. a device-tree
 * reserved-memory node. The area is activated by an early initcall.
 *
 * Context: early boot (memblock still in charge).
 * Return: 0; -ENOSPC if all CONFIG_CMA_AREAS slots are taken; -EINVAL for
 * a size or alignment it cannot use, or memory that is not reserved. Each
 * error is explained in one message.
 */
int __init cma_init_reserved_mem(phys_addr_t base, phys_addr_t size,
				 unsigned int order_per_bit,
				 const char *name,
				 struct cma **res_cma)
{
	phys_addr_t align = CMA_MIN_ALIGNMENT_BYTES;
	char label[CMA_MAX_NAME];
	struct cma *cma;

	cma_default_name(label, name);
	if (cma_area_count == ARRAY_SIZE(cma_areas)) {
		pr_err("%s: no free area slot: all %zu are in use (CONFIG_CMA_AREAS)\n",
		       label, ARRAY_SIZE(cma_areas));
		return -ENOSPC;
	}
	if (!size || !IS_ALIGNED(base | size, align)) {
		pr_err("%s: base %pa size %pa: expected a non-zero size and both aligned to %pa\n",
		       label, &base, &size, &align);
		return -EINVAL;
	}
	if (!IS_ALIGNED(size >> PAGE_SHIFT, 1UL << order_per_bit)) {
		pr_err("%s: size %pa is not a multiple of the %lu-page chunk\n",
		       label, &size, 1UL << order_per_bit);
		return -EINVAL;
	}
	if (!memblock_is_region_reserved(base, size)) {
		pr_err("%s: [%pa + %pa] is not reserved memory\n",
		       label, &base, &size);
		return -EINVAL;
	}

	cma = &cma_areas[cma_area_count];
	strscpy(cma->name, label, CMA_MAX_NAME);
	cma->base_pfn = PFN_DOWN(base);
	cma->count = size >> PAGE_SHIFT;
	cma->order_per_bit = order_per_bit;
	spin_lock_init(&cma->lock);
	mutex_init(&cma->alloc_mutex);
#ifdef CONFIG_CMA_DEBUGFS
	INIT_HLIST_HEAD(&cma->mem_head);
	spin_lock_init(&cma->mem_head_lock);
#endif
	*res_cma = cma;
	cma_area_count++;
	totalcma_pages += cma->count;
	return 0;
}

/* Reserve [@base, @base + @size) exactly; it must be free memory. */
static int __init cma_reserve_fixed(const char *label, phys_addr_t base,
				    phys_addr_t size)
{
	if (!memblock_is_region_memory(base, size)) {
		pr_err("%s: [%pa + %pa] is not (all) memory\n", label, &base, &size);
		return -EINVAL;
	}
	if (memblock_is_region_reserved(base, size)) {
		pr_err("%s: [%pa + %pa] overlaps memory reserved for something else\n",
		       label, &base, &size);
		return -EBUSY;
	}
	if (memblock_reserve(base, size)) {
		pr_err("%s: cannot reserve [%pa + %pa]\n", label, &base, &size);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Find and reserve @size bytes aligned to @align in [@base, @limit) on
 * @nid, all in one zone: highmem first if the range straddles the
 * lowmem/highmem boundary. Return the address, or 0.
 */
static phys_addr_t __init cma_reserve_anywhere(phys_addr_t size,
					       phys_addr_t align,
					       phys_addr_t base,
					       phys_addr_t limit,
					       phys_addr_t highmem_start,
					       int nid)
{
	phys_addr_t addr = 0;

	if (base < highmem_start && limit > highmem_start) {
		addr = memblock_alloc_range_nid(size, align, highmem_start,
						limit, nid, true);
		limit = highmem_start;
	}
#ifdef CONFIG_PHYS_ADDR_T_64BIT
	/*
	 * Bottom-up above 4 GiB keeps the area near the start of the node,
	 * out of the way of DMA/DMA32, so compaction moves pages out of it
	 * rather than into it.
	 */
	if (!addr && !memblock_bottom_up() &&
	    memblock_end_of_DRAM() >= SZ_4G + size) {
		memblock_set_bottom_up(true);
		addr = memblock_alloc_range_nid(size, align,
						max_t(phys_addr_t, base, SZ_4G),
						limit, nid, true);
		memblock_set_bottom_up(false);
	}
#endif
	if (!addr)
		addr = memblock_alloc_range_nid(size, align, base, limit, nid,
						true);
	return addr;
}

/**
 * cma_declare_contiguous_nid() - reserve memory for a new area
 * @base: physical address of the area if @fixed; else the lowest address
 *	it may start at (0 for anywhere)
 * @size: size in bytes, rounded up to the alignment
 * @limit: end of the memory the area may use; 0 for the end of memory
 * @alignment: alignment of the area, a power of two or 0; at least
 *	CMA_MIN_ALIGNMENT_BYTES is used
 * @order_per_bit: each bitmap bit covers 2^@order_per_bit pages
 * @fixed: place the area exactly at @base
 * @name: the area's name; NULL for "cmaN"
 * @res_cma: set to the new area
 * @nid: node to take the memory from; NUMA_NO_NODE for any
 *
 * Called by architecture code once memblock knows the memory and before
 * the page allocator takes over. The area never straddles the boundary
 * between low and high memory.
 *
 * Context: early boot (memblock still in charge).
 * Return: 0; -ENOSPC if all CONFIG_CMA_AREAS slots are taken; -EINVAL for
 * an argument it cannot honour; -EBUSY if a fixed range is reserved
 * already; -ENOMEM if no free range fits. Each error is explained in one
 * message naming the values.
 */
int __init cma_declare_contiguous_nid(phys_addr_t base, phys_addr_t size,
				      phys_addr_t limit, phys_addr_t alignment,
				      unsigned int order_per_bit, bool fixed,
				      const char *name, struct cma **res_cma,
				      int nid)
{
	phys_addr_t memblock_end = memblock_end_of_DRAM();
	/* high_memory is not a valid linear address; its last byte is. */
	phys_addr_t highmem_start = __pa(high_memory - 1) + 1;
	char label[CMA_MAX_NAME];
	int ret;

	cma_default_name(label, name);
	if (cma_area_count == ARRAY_SIZE(cma_areas)) {
		pr_err("%s: no free area slot: all %zu are in use (CONFIG_CMA_AREAS)\n",
		       label, ARRAY_SIZE(cma_areas));
		return -ENOSPC;
	}
	if (!size) {
		pr_err("%s: size 0: expected a non-zero size\n", label);
		return -EINVAL;
	}
	if (alignment && !is_power_of_2(alignment)) {
		pr_err("%s: alignment %pa: expected a power of two\n",
		       label, &alignment);
		return -EINVAL;
	}
	alignment = max_t(phys_addr_t, alignment, CMA_MIN_ALIGNMENT_BYTES);
	if (fixed && !IS_ALIGNED(base, alignment)) {
		pr_err("%s: base %pa: expected a multiple of %pa\n",
		       label, &base, &alignment);
		return -EINVAL;
	}
	if (!base)
		fixed = false;
	base = ALIGN(base, alignment);
	size = ALIGN(size, alignment);
	limit = round_down(limit, alignment);
	if (!limit || limit > memblock_end)
		limit = memblock_end;

	if (!IS_ALIGNED(size >> PAGE_SHIFT, 1UL << order_per_bit)) {
		pr_err("%s: size %pa is not a multiple of the %lu-page chunk\n",
		       label, &size, 1UL << order_per_bit);
		return -EINVAL;
	}
	if (fixed && base < highmem_start && base + size > highmem_start) {
		pr_err("%s: [%pa + %pa] straddles the start of high memory at %pa\n",
		       label, &base, &size, &highmem_start);
		return -EINVAL;
	}
	if (base >= limit || size > limit - base) {
		pr_err("%s: %pa bytes from %pa do not fit below the limit %pa\n",
		       label, &size, &base, &limit);
		return -EINVAL;
	}

	if (fixed) {
		ret = cma_reserve_fixed(label, base, size);
		if (ret)
			return ret;
	} else {
		phys_addr_t addr = cma_reserve_anywhere(size, alignment, base,
							limit, highmem_start,
							nid);
		if (!addr) {
			pr_err("%s: no free %pa bytes aligned to %pa in [%pa, %pa)\n",
			       label, &size, &alignment, &base, &limit);
			return -ENOMEM;
		}
		/* The area is not mapped: kmemleak must not scan it. */
		kmemleak_ignore_phys(addr);
		base = addr;
	}

	ret = cma_init_reserved_mem(base, size, order_per_bit, name, res_cma);
	if (ret) {
		memblock_phys_free(base, size);
		return ret;
	}
	pr_info("%s: reserved %lu MiB at %pa\n", label,
		(unsigned long)(size / SZ_1M), &base);
	return 0;
}

/* ---------------------------------------------------------------------
 * Allocation
 */

/* Move pages out of per-CPU LRU batches so the scan sees them as they are. */
static void cma_drain(void)
{
	lru_add_drain_all();
	drain_all_pages(NULL);
}

/*
 * Reserve the chunks of @w, empty them with alloc_contig_range() and keep
 * them, or give them back on failure.
 */
static int cma_try_window(struct cma *cma, const struct cma_request *req,
			  const struct cma_window *w, gfp_t gfp)
{
	unsigned long pfn = cma_chunk_pfn(cma, w->start);
	int ret;

	trace_cma_alloc_window(cma->name, pfn, req->count, w->movable + w->suspect,
			       w->suspect);
	cma_reserve_chunks(cma, w->start, req->chunks);
	atomic64_inc(&cma->stats.attempts);
	if (cma_should_fail())
		ret = -EBUSY;
	else
		ret = alloc_contig_range(pfn, pfn + req->count, MIGRATE_CMA,
					 gfp);
	if (!ret) {
		atomic64_add(w->movable + w->suspect, &cma->stats.pages_migrated);
		return 0;
	}
	cma_unreserve_chunks(cma, w->start, req->chunks);
	if (ret == -EBUSY) {
		atomic64_inc(&cma->stats.busy_retries);
		trace_cma_alloc_busy_retry(cma->name, pfn, pfn_to_page(pfn),
					   req->count, req->align);
	}
	return ret;
}

/*
 * One pass: attempt the cheapest feasible range until one works, none is
 * left, or the attempts run out.
 *
 * Pages that look pinned are often pages just faulted in and still in a
 * per-CPU LRU batch: the first time a range holding some would have been
 * the better choice, the search drains the batches and looks again. What
 * still looks pinned after that blocks its range for the rest of the pass
 * (and is marked busy for the next one), unless @risky_left allows
 * attempts. *@tried counts the attempts of the whole allocation.
 */
static int cma_alloc_pass(struct cma *cma, struct cma_search *s,
			  struct cma_scan *sc, bool *drained,
			  unsigned int risky_left, gfp_t gfp, unsigned long *pfn,
			  unsigned int *tried)
{
	unsigned int attempts = 0;
	int ret = -ENOSPC;

	while (attempts < CMA_MAX_ATTEMPTS) {
		cma_search(s, cma->bitmap, cma_bitmap_maxno(cma), &cma->lock);
		if (!*drained && cma_search_suspects_matter(s)) {
			cma_drain();
			*drained = true;
			s->suspect_blocks = !risky_left;
			sc->mark_suspects = !risky_left;
			continue;
		}
		if (!s->found)
			break;
		if (s->best.suspect && !risky_left--)
			break;
		attempts++;
		(*tried)++;
		ret = cma_try_window(cma, s->req, &s->best, gfp);
		if (!ret) {
			*pfn = cma_chunk_pfn(cma, s->best.start);
			return 0;
		}
		if (ret != -EBUSY)
			return ret;
		if (fatal_signal_pending(current))
			return -EINTR;
		cma_mark_busy(cma, s->best.start, s->req->chunks);
	}
	if (ret == -ENOSPC && s->candidates)
		ret = -EBUSY;
	return ret;
}

/*
 * The search scratch, allocated by the first allocation: an area that is
 * never allocated from costs only its bitmap. alloc_mutex held.
 */
static int cma_get_scratch(struct cma *cma, gfp_t gfp)
{
	unsigned long nbits = cma_bitmap_maxno(cma);

	if (cma->cost)
		return 0;
	cma->busy = bitmap_zalloc(nbits, gfp);
	if (!cma->busy)
		return -ENOMEM;
	cma->cost = kvcalloc(nbits, sizeof(*cma->cost), gfp);
	if (!cma->cost) {
		bitmap_free(cma->busy);
		cma->busy = NULL;
		return -ENOMEM;
	}
	return 0;
}

/*
 * Allocate @req from @cma, alloc_mutex held. Return 0 and the first pfn,
 * -ENOSPC when no free range of that size and alignment exists, -EBUSY
 * when every range held pages that would not move, or another error of
 * alloc_contig_range().
 */
static int cma_alloc_locked(struct cma *cma, const struct cma_request *req,
			    gfp_t gfp, unsigned long *pfn)
{
	struct cma_scan sc = { .cma = cma };
	struct cma_search s = {
		.req = req,
		.fill = cma_scan_fill,
		.fill_ctx = &sc,
	};
	unsigned int tried = 0;
	bool drained = false;
	int ret;

	/* Racy, but only releases raise it meanwhile: a cheap early out. */
	if (req->chunks > READ_ONCE(cma->available))
		return -ENOSPC;
	ret = cma_get_scratch(cma, gfp);
	if (ret)
		return ret;
	s.cost = cma->cost;
	bitmap_zero(cma->busy, cma_bitmap_maxno(cma));
	ret = cma_alloc_pass(cma, &s, &sc, &drained, 0, gfp, pfn, &tried);
	if (ret != -EBUSY)
		return ret;

	/*
	 * Second pass: pins and in-flight pages may have gone meanwhile.
	 * Chunks that still look pinned stay blocked; a range whose pages
	 * look pinned only now gets one attempt.
	 */
	usleep_range(CMA_BACKOFF_MIN_US, CMA_BACKOFF_MAX_US);
	cma_drain();
	cma_recheck_busy(cma);
	drained = true;
	s.suspect_blocks = false;
	sc.mark_suspects = false;
	ret = cma_alloc_pass(cma, &s, &sc, &drained, CMA_RISKY_ATTEMPTS, gfp,
			     pfn, &tried);
	if (ret != -EBUSY || tried)
		return ret;

	/*
	 * Every range looked pinned, and none was tried. Looks can be wrong
	 * (a reference held for a moment, a kind of page the rating does
	 * not know), and 6.1 would have tried: try the range with the fewest
	 * such pages once rather than give up untried.
	 */
	bitmap_zero(cma->busy, cma_bitmap_maxno(cma));
	return cma_alloc_pass(cma, &s, &sc, &drained, 1, gfp, pfn, &tried);
}

static enum cma_fail_reason cma_fail_reason(int err)
{
	switch (err) {
	case -ENOSPC:
		return CMA_FAIL_NO_SPACE;
	case -EBUSY:
		return CMA_FAIL_BUSY;
	default:
		return CMA_FAIL_OTHER;
	}
}

static const char *cma_fail_reason_text(enum cma_fail_reason why)
{
	switch (why) {
	case CMA_FAIL_NO_SPACE:
		return "no free range of that size and alignment";
	case CMA_FAIL_BUSY:
		return "every candidate range holds pages that would not move";
	default:
		return "the request or the system refused it";
	}
}

static void cma_warn_alloc_failure(struct cma *cma, unsigned long count,
				   unsigned int align, int err)
{
	pr_err_ratelimited("%s: cannot allocate %lu pages (align order %u): %s (%d); %lu of %lu pages free, largest free range %lu pages\n",
			   cma->name, count, align,
			   cma_fail_reason_text(cma_fail_reason(err)), err,
			   cma_available_pages(cma), cma->count,
			   cma_largest_free_pages(cma));
}

static void cma_account_alloc(struct cma *cma, unsigned long count, int err,
			      ktime_t start)
{
	s64 us = ktime_us_delta(ktime_get(), start);
	unsigned int bucket = us > 0 ? ilog2(us) : 0;

	atomic64_inc(&cma->stats.latency[min_t(unsigned int, bucket,
					       CMA_LATENCY_BUCKETS - 1)]);
	if (!err) {
		count_vm_event(CMA_ALLOC_SUCCESS);
		atomic64_add(count, &cma->stats.alloc_pages_success);
		return;
	}
	count_vm_event(CMA_ALLOC_FAIL);
	atomic64_add(count, &cma->stats.alloc_pages_fail);
	atomic64_inc(&cma->stats.fail[cma_fail_reason(err)]);
}

/**
 * cma_alloc() - allocate contiguous pages from an area
 * @cma: the area
 * @count: number of pages
 * @align: alignment of the first page frame number, as an order
 * @no_warn: do not print a message if the allocation fails
 *
 * Picks the free range of @cma that is cheapest to empty (see the top of
 * this file), migrates the pages in use out of it, and returns it. The
 * pages come with a reference each, like alloc_contig_pages().
 *
 * Context: process context; may sleep. Allocations in one area are
 * serialised, allocations in different areas run concurrently.
 * Return: the first page of the range, or NULL if @cma is NULL or
 * disabled, @count is 0, @align is too large, or no range could be
 * emptied.
 */
struct page *cma_alloc(struct cma *cma, unsigned long count,
		       unsigned int align, bool no_warn)
{
	gfp_t gfp = GFP_KERNEL | (no_warn ? __GFP_NOWARN : 0);
	unsigned long pfn = -1UL;
	struct cma_request req;
	struct page *page = NULL;
	ktime_t start;
	unsigned long i;
	int ret;

	/* As 6.1: a call that cannot be served counts as a failure. */
	if (!cma || !cma->count || !cma->bitmap || !count) {
		count_vm_event(CMA_ALLOC_FAIL);
		if (cma)
			atomic64_add(count, &cma->stats.alloc_pages_fail);
		return NULL;
	}
	might_sleep();
	trace_cma_alloc_start(cma->name, count, align);
	start = ktime_get();

	if (!cma_request_init(&req, cma->base_pfn, cma->order_per_bit, count,
			      align)) {
		ret = -EINVAL;
	} else {
		mutex_lock(&cma->alloc_mutex);
		ret = cma_alloc_locked(cma, &req, gfp, &pfn);
		mutex_unlock(&cma->alloc_mutex);
	}

	if (!ret) {
		page = pfn_to_page(pfn);
		/* Chunks of several pageblocks may carry different tags. */
		for (i = 0; i < count; i++)
			page_kasan_tag_reset(nth_page(page, i));
	}
	trace_cma_alloc_finish(cma->name, pfn, page, count, align);
	cma_account_alloc(cma, count, ret, start);
	if (ret && !no_warn)
		cma_warn_alloc_failure(cma, count, align, ret);
	return page;
}

/* ---------------------------------------------------------------------
 * Release
 */

/**
 * cma_pages_valid() - do pages lie in an area
 * @cma: the area, may be NULL
 * @pages: the first page, may be NULL
 * @count: number of pages
 *
 * A query, so it is silent: callers such as hugetlb use it to learn
 * whether pages came from CMA at all.
 *
 * Context: any context.
 * Return: true if all of [@pages, @pages + @count) lies inside @cma.
 */
bool cma_pages_valid(struct cma *cma, const struct page *pages,
		     unsigned long count)
{
	unsigned long pfn;

	if (!cma || !pages)
		return false;
	pfn = page_to_pfn(pages);
	return pfn >= cma->base_pfn && pfn - cma->base_pfn < cma->count &&
	       count <= cma->count - (pfn - cma->base_pfn);
}

static void cma_warn_bad_release(struct cma *cma, unsigned long pfn,
				 unsigned long count, unsigned long caller,
				 const char *why)
{
	pr_warn_ratelimited("%s: release of %lu pages at pfn %#lx by %pS refused: %s\n",
			    cma->name, count, pfn, (void *)caller, why);
}

/**
 * cma_release() - give back pages that cma_alloc() returned
 * @cma: the area they came from
 * @pages: the first page
 * @count: number of pages
 *
 * The range must lie in @cma, start on a chunk boundary and be allocated
 * in full. A sub-range of an allocation may be released on its own (as
 * hugetlb does with demoted gigantic pages). Pages outside @cma are not
 * its business: the call returns false quietly, since callers use that to
 * tell CMA pages from others and free such pages themselves. A range that
 * starts inside @cma but is not allocated (a double release, or one
 * running past the end of an allocation), runs past the end of @cma, or
 * does not start on a chunk boundary is refused with a warning, and
 * nothing is freed: not here, and not by the caller either, since the
 * call still returns true (its pages belong to @cma, which may have
 * handed them to someone else).
 *
 * Context: any context; does not sleep.
 * Return: true if the range starts inside @cma (freed, or refused with a
 * warning); false if it does not.
 */
bool cma_release(struct cma *cma, const struct page *pages,
		 unsigned long count)
{
	unsigned long pfn, offset, chunk_mask;
	const char *why = NULL;

	if (!cma || !pages || !cma->bitmap)
		return false;
	pfn = page_to_pfn(pages);
	if (pfn < cma->base_pfn || pfn - cma->base_pfn >= cma->count)
		return false;

	offset = pfn - cma->base_pfn;
	chunk_mask = (1UL << cma->order_per_bit) - 1;
	if (!count)
		why = "count is 0";
	else if (count > cma->count - offset)
		why = "it runs past the end of the area";
	else if (offset & chunk_mask)
		why = "it does not start on a chunk boundary";
	else if (!cma_unreserve_allocated(cma, offset >> cma->order_per_bit,
					  cma_pages_to_chunks(cma->order_per_bit, count)))
		why = "not all of it is allocated (double or partial release)";
	if (why) {
		cma_warn_bad_release(cma, pfn, count, _RET_IP_, why);
		return true;
	}
	free_contig_range(pfn, count);
	atomic64_add(count, &cma->stats.release_pages);
	trace_cma_release(cma->name, pfn, pages, count);
	return true;
}

/**
 * cma_for_each_area() - call a function for every area
 * @it: the function; a non-zero return stops the walk
 * @data: passed to @it
 *
 * Context: any context once the areas are declared; the set of areas does
 * not change after boot.
 * Return: 0, or the first non-zero value @it returned.
 */
int cma_for_each_area(int (*it)(struct cma *cma, void *data), void *data)
{
	unsigned int i;
	int ret;

	for (i = 0; i < cma_area_count; i++) {
		ret = it(&cma_areas[i], data);
		if (ret)
			return ret;
	}
	return 0;
}

#ifdef CONFIG_CMA_KUNIT_TEST
#include "cma_kunit.h"
#endif
