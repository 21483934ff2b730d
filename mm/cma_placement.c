// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Contiguous Memory Allocator: which range cma_alloc() empties
 *
 * An area is a bitmap of chunks (2^order_per_bit pages each). A request
 * can take any run of free chunks that starts at a multiple of its
 * alignment (a "candidate"). Emptying a candidate costs what lies in it:
 * free pages nothing, pages that migration can move one copy each, pages
 * that look pinned (more references than their folio's mappings, caches
 * and a per-CPU LRU batch explain) or in flight may make
 * alloc_contig_range() fail after all that work, and reserved, poisoned
 * or gigantic hugetlb pages never move. So before paying for isolation
 * and migration, cma_alloc() rates candidates from their struct pages,
 * read without locks:
 *
 *  1. Ratings per chunk (cma_scan_chunk()): movable and suspect pages, or
 *     blocked. One read covers a whole free buddy block or folio, and a
 *     chunk inside a free buddy block already read is not read at all.
 *  2. Windows (cma_search_run()): a window of the request's size slides
 *     over each free run of the bitmap, adding the chunks entering and
 *     subtracting the chunks leaving, so each chunk is read once per
 *     search, whatever the alignment. A window that would only drop free
 *     chunks cannot be cheaper, so the next one looked at lies past the
 *     first chunk in use (cma_search_next_start()): in a mostly free area
 *     a search looks at a handful of windows, not one per chunk. Fewer
 *     suspect pages win, then fewer movable ones; the lowest among equals.
 *  3. When to stop (cma_search_enough()): at a free window; for a request
 *     smaller than a pageblock, at the first window that costs at most
 *     its own size (small buffers pack low, as with first fit); otherwise
 *     once reading no longer pays, whichever comes first:
 *
 *	read >= count + CMA_SEARCH_READS_FLOOR +
 *		CMA_READS_PER_MIGRATION * (first - best)
 *	read - read_at_best >= CMA_READS_PER_MIGRATION * best
 *
 *     where first and best are the pages in use of the first and of the
 *     cheapest window without suspect pages, and read_at_best the reads
 *     when the best was found: the reads must keep paying for themselves,
 *     and may not exceed, since the last saving, what the best window
 *     could still save. Reading one struct page costs about
 *     1/CMA_READS_PER_MIGRATION of migrating one page (measured under
 *     QEMU TCG: ~0.5 us against ~18 us; Documentation/mm/cma.rst). So a
 *     search's cost follows the request and what the area offers, not the
 *     size of the area. Windows with suspect pages do not end a search:
 *     it reads on until it finds one without, or the area ends.
 *
 * After a failed attempt the chunks that still hold pages are marked busy
 * (cma_mark_busy()) and rated blocked by the next search; before the
 * second pass, those whose pages now look free or movable are forgotten
 * (cma_recheck_busy()). Ratings last for the allocation (cma->rated): a
 * search after a failed attempt reads only the chunks it has not seen and
 * those the attempt touched; a drain makes every rating stale
 * (cma_scan_forget()). Every struct page read is counted in the scan
 * (sysfs alloc_pages_scanned).
 *
 * Locking: all of this runs under the area's alloc_mutex, which guards the
 * scratch (cma->cost, cma->busy, cma->rated). The bitmap is read a
 * stretch at a time under cma->lock (cma_run_covers()); bits cleared
 * meanwhile (by cma_release()) only hide chances, and only alloc_mutex
 * holders set bits. Pages are read
 * without locks: a folio that could move is read under a speculative
 * reference, anything else from its flags alone (see cma_page_kind()).
 */

#define pr_fmt(fmt) "cma: " fmt

#include <linux/bitmap.h>
#include <linux/hugetlb.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/pagemap.h>
#include <linux/sched.h>

#include "internal.h"
#include "cma.h"
#include "cma_placement.h"

/*
 * The bound of a search (see the top of this file): reading one struct
 * page costs about 1/32 of migrating one page here, and 2048 reads, about
 * 1 ms under TCG, is what a search may spend without finding any saving.
 */
#define CMA_READS_PER_MIGRATION	32
#define CMA_SEARCH_READS_FLOOR	2048

/* ---------------------------------------------------------------------
 * Chunks and requests: pure arithmetic, tested by mm/cma_kunit.h
 */

/**
 * cma_pages_to_chunks() - chunks needed to hold some pages
 * @order_per_bit: the area's chunk order
 * @pages: the pages
 *
 * Context: any context.
 * Return: @pages rounded up to whole chunks of 2^@order_per_bit pages.
 */
unsigned long cma_pages_to_chunks(unsigned int order_per_bit,
				  unsigned long pages)
{
	unsigned long mask = (1UL << order_per_bit) - 1;

	return (pages >> order_per_bit) + !!(pages & mask);
}

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

/**
 * cma_request_init() - describe a request in chunks
 * @req: filled in
 * @base_pfn: first page frame of the area
 * @order_per_bit: the area's chunk order
 * @count: pages asked for
 * @align: alignment asked for, as a page order
 *
 * The area's base need not be aligned to 2^@align: @req->offset shifts
 * the candidates so that their page frame numbers are.
 *
 * Context: any context.
 * Return: false if @align is too large to express.
 */
bool cma_request_init(struct cma_request *req, unsigned long base_pfn,
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

/* Is @a cheaper than @b? Fewer suspect pages first, then fewer in use. */
static bool cma_window_cheaper(const struct cma_window *a,
			       const struct cma_window *b)
{
	if (a->suspect != b->suspect)
		return a->suspect < b->suspect;
	return a->movable < b->movable;
}

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

/* @pages page copies, in struct page reads. */
static unsigned long cma_reads_for(unsigned long pages)
{
	return min(pages, ULONG_MAX / 4 / CMA_READS_PER_MIGRATION) *
	       CMA_READS_PER_MIGRATION;
}

/*
 * Time to stop searching (see the top of this file): the range is
 * perfect; or, once it has no suspect pages, reading on no longer pays:
 * the reads exceed what they have saved so far plus the request's size
 * and a floor, or the reads since the best range was found exceed what
 * the best range could still save.
 */
static bool cma_search_enough(const struct cma_search *s)
{
	unsigned long saved;

	if (cma_search_perfect(s))
		return true;
	if (!s->found || s->best.suspect)
		return false;
	if (s->read - s->read_at_best >= cma_reads_for(s->best.movable))
		return true;
	saved = s->first_movable - s->best.movable;
	return s->read >= s->req->count + CMA_SEARCH_READS_FLOOR +
			  cma_reads_for(saved);
}

/* Record the window at @w->start as a candidate. */
static void cma_search_consider(struct cma_search *s,
				const struct cma_window *w)
{
	if (w->suspect)
		s->suspect_min = min(s->suspect_min, w->suspect + w->movable);
	else if (s->first_movable == ULONG_MAX)
		s->first_movable = w->movable;
	if (!s->found || cma_window_cheaper(w, &s->best)) {
		s->best = *w;
		s->found = true;
		s->read_at_best = s->read;
	}
}

/**
 * cma_chunk_looks_pinned() - did the last search see suspect pages here?
 * @cma: the area
 * @i: a chunk the last search of @cma rated
 *
 * Context: alloc_mutex held.
 * Return: true if chunk @i holds pages that look pinned or in flight.
 */
bool cma_chunk_looks_pinned(const struct cma *cma, unsigned long i)
{
	return !(cma->cost[i] & CMA_COST_BLOCKED) &&
	       cma_cost_suspect(cma->cost[i]);
}

/**
 * cma_search_suspects_matter() - would a drain change the choice?
 * @s: a finished search
 *
 * Pages that look pinned are often pages still in a per-CPU LRU batch.
 * Draining the batches is worth its cost only if the search would choose
 * better were its suspect pages ordinary ones.
 *
 * Context: any context.
 * Return: true if a range with suspect pages could beat @s->best.
 */
bool cma_search_suspects_matter(const struct cma_search *s)
{
	if (!s->found)
		return s->suspect_min != ULONG_MAX;
	return s->best.suspect ||
	       s->suspect_min < s->best.suspect + s->best.movable;
}

/*
 * The next start worth a look after the window at @p, which ends at @hi:
 * a window that only drops chunks costing nothing from the left costs at
 * least as much as the one at @p, so it cannot beat the best. The next
 * candidate lies past the first chunk of the window that costs something.
 */
static unsigned long cma_search_next_start(const struct cma_search *s,
					   unsigned long p, unsigned long hi)
{
	unsigned long i = p;

	while (i < hi && !s->cost[i])
		i++;
	return max(p + s->req->step, cma_request_first_start(s->req, i + 1));
}

/* The first stretch of the bitmap read for the end of a free run. */
#define CMA_RUN_HORIZON_MIN	256UL

/*
 * The end of a free run, found a stretch at a time: a lent-out area is one
 * long free run, and looking for its end in one go would read the whole
 * bitmap for a search that stops at its first window.
 */
struct cma_run_end {
	const unsigned long *bitmap;
	unsigned long nbits;
	spinlock_t *lock;	/* the area's: guards each read of @bitmap */
	unsigned long end;	/* first chunk not known to be free */
	unsigned long horizon;	/* bits to read next */
	bool hard;		/* @end is allocated, or the area's end */
};

/*
 * Is chunk @to - 1 in the run? Reads on, twice as far each time, until
 * the run is known to reach it or to end before it.
 */
static bool cma_run_covers(struct cma_run_end *r, unsigned long to)
{
	unsigned long limit;

	while (to > r->end && !r->hard) {
		limit = r->nbits - r->end > r->horizon ? r->end + r->horizon :
							 r->nbits;
		spin_lock_irq(r->lock);
		r->end = find_next_bit(r->bitmap, limit, r->end);
		spin_unlock_irq(r->lock);
		r->hard = r->end < limit || limit == r->nbits;
		r->horizon = min(r->horizon * 2, r->nbits);
	}
	return to <= r->end;
}

/*
 * Slide a window of req->chunks chunks over the free run that starts at
 * @rs and ends where @run finds, stopping at candidate starts only. The
 * sums cover the chunks [lo, hi); each chunk is added once and removed
 * once, so a run costs O(its length) whatever the alignment. A blocked
 * chunk at i rules out every window holding it: the next start tried is
 * the first one after i.
 */
static void cma_search_run(struct cma_search *s, unsigned long rs,
			   struct cma_run_end *run)
{
	const struct cma_request *req = s->req;
	unsigned long n = req->chunks, lo, hi, i, p, blocked_end = 0;
	struct cma_window w = { 0 };

	p = cma_request_first_start(req, rs);
	lo = p;
	hi = p;
	while (p >= rs && p + n > p && cma_run_covers(run, p + n)) {
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
			s->read += s->fill(s->fill_ctx, hi, p + n);
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
		cma_search_consider(s, &w);
		if (cma_search_enough(s))
			return;
		p = cma_search_next_start(s, p, hi);
		cond_resched();
	}
}

/**
 * cma_search() - find the range to empty
 * @s: the search; @s->req, @s->cost, @s->fill and @s->suspect_blocks set
 * @bitmap: the area's allocation bitmap
 * @nbits: bits in @bitmap
 * @lock: guards each read of @bitmap
 *
 * The cheapest candidate over the free runs of @bitmap, lowest first
 * among equals, read until cma_search_enough() (the top of this file).
 * The caller serialises with whoever sets bits; bits cleared meanwhile
 * only hide opportunities.
 *
 * Context: process context, alloc_mutex held; may sleep.
 * Return: true if @s->best holds a feasible range.
 */
bool cma_search(struct cma_search *s, const unsigned long *bitmap,
		unsigned long nbits, spinlock_t *lock)
{
	struct cma_run_end run;
	unsigned long rs, re = 0;

	s->found = false;
	s->candidates = 0;
	s->suspect_min = ULONG_MAX;
	s->read = 0;
	s->read_at_best = 0;
	s->first_movable = ULONG_MAX;
	while (re < nbits && !cma_search_enough(s)) {
		spin_lock_irq(lock);
		rs = find_next_zero_bit(bitmap, nbits, re);
		spin_unlock_irq(lock);
		run = (struct cma_run_end){
			.bitmap = bitmap, .nbits = nbits, .lock = lock,
			.end = rs, .hard = rs == nbits,
			.horizon = max(2 * s->req->chunks, CMA_RUN_HORIZON_MIN),
		};
		cma_search_run(s, rs, &run);
		if (!run.hard)
			break;	/* it stopped early, or the starts overflowed */
		re = run.end;
		cond_resched();
	}
	return s->found;
}

/* ---------------------------------------------------------------------
 * Reading pages without locks
 */

/*
 * The references that @folio's owners explain: one per mapping of a
 * page, one per page held by the page cache or swap cache, one for
 * private data, and the caller's.
 */
static long cma_folio_refs_explained(struct folio *folio)
{
	long refs = folio_mapcount(folio) + 1;

	if (folio_mapping(folio))
		refs += folio_nr_pages(folio);
	if (folio_has_private(folio))
		refs++;
	return refs;
}

/*
 * What migration would make of @folio, which the caller holds a reference
 * to (so it is neither freed nor split meanwhile). Any reference beyond
 * those cma_folio_refs_explained() counts, across the whole folio, is a
 * pin or an operation in flight. A folio that is mapped or cached but on
 * no LRU list is one just added to a per-CPU LRU batch (or isolated by
 * someone else for a moment), which holds one reference more:
 * alloc_contig_range() drains the batches before it migrates, so such a
 * folio moves like any other, and the search need not drain for it.
 */
static enum cma_page_kind cma_folio_kind(struct folio *folio)
{
	long refs;

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
	if (__folio_test_movable(folio))
		return CMA_PAGE_MOVABLE;
	refs = cma_folio_refs_explained(folio);
	if (!folio_test_lru(folio)) {
		if (!folio_mapped(folio) && !folio_mapping(folio))
			return CMA_PAGE_SUSPECT;	/* in flight */
		refs++;				/* the batch's */
	}
	return folio_ref_count(folio) > refs ? CMA_PAGE_SUSPECT :
					       CMA_PAGE_MOVABLE;
}

/*
 * Folios that migration could move, and so are worth a closer look: on an
 * LRU list or on the way to one (mapped, or in a page cache), non-LRU
 * movable, or hugetlb. Read without a reference.
 */
static bool cma_folio_may_move(struct folio *folio)
{
	return folio_test_lru(folio) || __folio_test_movable(folio) ||
	       folio_test_hugetlb(folio) || folio_mapped(folio) ||
	       folio_mapping(folio);
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

/* The pfn after chunk @i (the last chunk may be cut short by the area). */
static unsigned long cma_chunk_end_pfn(const struct cma *cma, unsigned long i)
{
	return min(cma_chunk_pfn(cma, i + 1), cma->base_pfn + cma->count);
}

/* Read the struct page at @pfn, counting the read. */
static enum cma_page_kind cma_scan_read(struct cma_scan *sc, unsigned long pfn,
					unsigned long *nr_pages)
{
	sc->read++;
	return cma_page_kind(pfn_to_page(pfn), nr_pages);
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
			sc->run_kind = cma_scan_read(sc, pfn, &nr);
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

/*
 * Chunks from @from (below @to) that this allocation has rated already:
 * their ratings stand, except that a chunk marked busy since is blocked.
 * The next read starts afresh.
 */
static unsigned long cma_scan_rated_chunks(struct cma_scan *sc,
					   unsigned long from, unsigned long to)
{
	struct cma *cma = sc->cma;
	unsigned long end = find_next_zero_bit(cma->rated, to, from), i;

	if (end == from)
		return 0;
	for (i = find_next_bit(cma->busy, end, from); i < end;
	     i = find_next_bit(cma->busy, end, i + 1))
		cma->cost[i] = CMA_COST_BLOCKED;
	sc->run_end = 0;
	return end - from;
}

/**
 * cma_scan_fill() - rate chunks from their pages
 * @ctx: the &struct cma_scan of the allocation
 * @from: first chunk to rate
 * @to: chunk after the last
 *
 * The &cma_search.fill of cma_alloc(): writes the ratings of chunks
 * [@from, @to) into the area's cost scratch. Reading on from where the
 * last call stopped continues the scan (a buddy block or folio read
 * there still counts); reading below starts afresh. A chunk rated since
 * the allocation's last cma_scan_forget() is not read again: the searches
 * after a failed attempt cost only what they have not seen.
 *
 * Context: process context, alloc_mutex held; may sleep.
 * Return: the struct pages read.
 */
unsigned long cma_scan_fill(void *ctx, unsigned long from, unsigned long to)
{
	struct cma_scan *sc = ctx;
	u32 *cost = sc->cma->cost;
	unsigned long n, read = sc->read;

	if (from < sc->next)
		sc->run_end = 0;
	sc->next = to;
	while (from < to) {
		n = cma_scan_rated_chunks(sc, from, to);
		if (n) {
			from += n;
			continue;
		}
		n = cma_scan_free_chunks(sc, from, to);
		if (n) {
			memset(cost + from, 0, n * sizeof(*cost));
			bitmap_set(sc->cma->rated, from, n);
			from += n;
			continue;
		}
		cost[from] = cma_scan_chunk(sc, from);
		__set_bit(from, sc->cma->rated);
		if (sc->mark_suspects && cma_cost_suspect(cost[from]))
			__set_bit(from, sc->cma->busy);
		from++;
		cond_resched();
	}
	return sc->read - read;
}

/**
 * cma_mark_busy() - mark the chunks a failed attempt left in use
 * @sc: the scan of the allocation (its area, its read count)
 * @start: first chunk of the range attempted
 * @chunks: its length
 *
 * Chunks of the range with pages still in use are marked busy, so that
 * the next search avoids them; the others are rated afresh.
 *
 * Context: process context, alloc_mutex held; may sleep.
 */
void cma_mark_busy(struct cma_scan *sc, unsigned long start,
		   unsigned long chunks)
{
	struct cma *cma = sc->cma;
	unsigned long i, pfn, end, nr;

	for (i = start; i < start + chunks; i++) {
		__clear_bit(i, cma->rated);
		end = cma_chunk_end_pfn(cma, i);
		for (pfn = cma_chunk_pfn(cma, i); pfn < end; pfn += nr) {
			if (cma_scan_read(sc, pfn, &nr) != CMA_PAGE_FREE) {
				__set_bit(i, cma->busy);
				break;
			}
		}
		cond_resched();
	}
}

/**
 * cma_recheck_busy() - forget busy marks that no longer hold
 * @sc: the scan of the allocation (its area, its read count)
 *
 * Before another pass: the busy marks of chunks whose pages now look free
 * or movable go, those of chunks that still hold a page that looks pinned
 * or cannot move stay.
 *
 * Context: process context, alloc_mutex held; may sleep.
 */
void cma_recheck_busy(struct cma_scan *sc)
{
	struct cma *cma = sc->cma;
	unsigned long i, pfn, end, nr, nbits = cma_bitmap_maxno(cma);
	enum cma_page_kind kind;
	bool stuck;

	for_each_set_bit(i, cma->busy, nbits) {
		pfn = cma_chunk_pfn(cma, i);
		end = cma_chunk_end_pfn(cma, i);
		stuck = false;
		for (; pfn < end && !stuck; pfn += nr) {
			kind = cma_scan_read(sc, pfn, &nr);
			stuck = kind == CMA_PAGE_SUSPECT || kind == CMA_PAGE_BLOCKED;
		}
		if (!stuck) {
			__clear_bit(i, cma->busy);
			__clear_bit(i, cma->rated);
		}
		cond_resched();
	}
}

/**
 * cma_scan_forget() - rate every chunk afresh
 * @sc: the scan of the allocation
 *
 * At the start of an allocation and after a drain, when any rating may
 * have changed.
 *
 * Context: process context, alloc_mutex held.
 */
void cma_scan_forget(struct cma_scan *sc)
{
	bitmap_zero(sc->cma->rated, cma_bitmap_maxno(sc->cma));
	sc->next = 0;
	sc->run_end = 0;
}

/**
 * cma_scan_forget_busy() - drop every busy mark, and the ratings under them
 * @sc: the scan of the allocation
 *
 * Context: process context, alloc_mutex held.
 */
void cma_scan_forget_busy(struct cma_scan *sc)
{
	struct cma *cma = sc->cma;
	unsigned long i, nbits = cma_bitmap_maxno(cma);

	for_each_set_bit(i, cma->busy, nbits)
		__clear_bit(i, cma->rated);
	bitmap_zero(cma->busy, nbits);
}

#ifdef CONFIG_CMA_KUNIT_TEST
#include "cma_kunit.h"
#endif
