// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Contiguous Memory Allocator: standby, evacuating ahead of demand
 *
 * cma_alloc() empties a range when the driver asks, and pays then for
 * isolating and migrating whatever the page allocator lent out meanwhile.
 * Standby moves that work off the caller's path: an area may keep one run
 * of chunks evacuated ahead of demand, so the next request that fits is
 * served by bookkeeping alone. Only that run is withheld from lending.
 *
 *  - The knob: cma->standby.target chunks, set by sysfs standby_pages or
 *    the boot parameter cma_standby=<area>:<size>[,...]; 0 (the default)
 *    is off and keeps every behaviour of an area without standby.
 *  - The run (struct cma_standby_run): chunks [start, start + chunks),
 *    emptied by alloc_contig_range() and held by the area. Their bits are
 *    set in the bitmap, so searches and other users pass them by; the
 *    pages are allocated, so the page allocator's free counters (CmaFree)
 *    do not count them; cma_available_pages() does, since any request may
 *    have them. It counts standby.held: the run, chunks a refill is
 *    emptying and pieces on their way back, every chunk the standby owns,
 *    so that no moment of a refill shows as a user's allocation.
 *  - Serving (cma_standby_take()): a request whose size and alignment fit
 *    in the run gets the run's first such range. What is left on either
 *    side, the longer piece stays standby and the shorter goes back to
 *    the page allocator. No isolation, no migration, no drain.
 *  - Refilling (cma_standby_work()): a worker on the unbound workqueue
 *    gives a short run back and empties a new one of the target size with
 *    the placement search (the cheapest range), as cma_alloc() would, but
 *    with a gfp mask without direct reclaim: migration targets that would
 *    need reclaim fail the refill instead. Below the zone's low watermark
 *    it does not start. A refill that fails for a passing reason (busy
 *    pages, no memory) retries later, CMA_STANDBY_RETRIES times at most
 *    with growing delays; one that finds no free range stops until pages
 *    are released.
 *  - Releases (cma_standby_absorb_locked()): released chunks that extend a
 *    short run, or make a new one of the target size, are kept instead of
 *    freed, so the next refill may need no migration at all.
 *  - Never a failure that would not happen without standby: a request
 *    that the rest of the area cannot hold makes cma_alloc() drop the run
 *    (cma_standby_drop()) and search again. Lowering the target gives the
 *    excess back at once.
 *
 * Locking:
 *
 *   cma->alloc_mutex	held by the refill, as by cma_alloc()'s search: one
 *			of them empties ranges of an area at a time. Serving
 *			from the run does not take it, so a request that fits
 *			never waits for a refill in progress.
 *   cma->lock		the bitmap, cma->available and cma->standby.run,
 *			.held and .target. Pieces of a run are detached under it and
 *			given back after it is dropped, by whoever detached
 *			them.
 *
 * The worker only ever waits for alloc_mutex, and nothing waits for the
 * worker while holding it (the knob and cma_release() do not take it), so
 * the two cannot deadlock.
 */

#define pr_fmt(fmt) "cma: " fmt

#include <linux/cma.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <trace/events/cma.h>

#include "internal.h"
#include "cma.h"
#include "cma_placement.h"
#include "cma_standby.h"

/* Refills after a failure for a passing reason, and the first delay. */
#define CMA_STANDBY_RETRIES	6
#define CMA_STANDBY_DELAY_MS	100

/*
 * Migration targets may come from free pages only: a refill is never worth
 * reclaim, let alone the OOM killer.
 */
#define CMA_STANDBY_GFP		((GFP_KERNEL & ~__GFP_DIRECT_RECLAIM) | \
				 __GFP_NOWARN)

/* ---------------------------------------------------------------------
 * Bookkeeping on runs: pure functions, no area
 */

/**
 * cma_standby_fit() - where a request fits in a run
 * @run: the run
 * @req: the request, with its alignment
 * @at: set to the first chunk of the lowest fitting range
 *
 * Context: any context.
 * Return: true if [@at, @at + @req->chunks) lies in @run and starts at a
 * candidate of @req.
 */
bool cma_standby_fit(const struct cma_standby_run *run,
		     const struct cma_request *req, unsigned long *at)
{
	unsigned long start;

	if (!req->chunks || req->chunks > run->chunks)
		return false;
	start = ALIGN(run->start + req->offset, req->step) - req->offset;
	if (start - run->start > run->chunks - req->chunks)
		return false;
	*at = start;
	return true;
}

/**
 * cma_standby_carve() - take a range out of a run
 * @run: the run; keeps the longer of the pieces left on either side
 * @at: first chunk taken, inside @run
 * @chunks: chunks taken, inside @run
 * @back: set to the shorter piece, to give back (may be empty)
 *
 * Context: any context.
 * Return: nothing.
 */
void cma_standby_carve(struct cma_standby_run *run, unsigned long at,
		       unsigned long chunks, struct cma_standby_run *back)
{
	struct cma_standby_run head = { run->start, at - run->start };
	struct cma_standby_run tail = {
		at + chunks, run->start + run->chunks - at - chunks
	};

	if (tail.chunks >= head.chunks) {
		*run = tail;
		*back = head;
	} else {
		*run = head;
		*back = tail;
	}
}

/**
 * cma_standby_join() - the part of released chunks that a run keeps
 * @run: the run now
 * @want: the standby as a request: its target size and alignment
 * @released: the chunks released
 * @join: set to the part to keep (empty: none)
 *
 * A run shorter than the target keeps released chunks that extend it, up
 * to the target; an empty run keeps the lowest range of the target's size
 * and alignment in @released. Anything else is not worth holding: a short
 * run that is not extended is given back by the next refill anyway.
 *
 * Context: any context.
 * Return: nothing.
 */
void cma_standby_join(const struct cma_standby_run *run,
		      const struct cma_request *want,
		      const struct cma_standby_run *released,
		      struct cma_standby_run *join)
{
	unsigned long short_by, n, at;

	join->start = 0;
	join->chunks = 0;
	if (want->chunks <= run->chunks || !released->chunks)
		return;
	short_by = want->chunks - run->chunks;
	if (!run->chunks) {
		if (cma_standby_fit(released, want, &at)) {
			join->start = at;
			join->chunks = want->chunks;
		}
		return;
	}
	n = min(released->chunks, short_by);
	if (released->start + released->chunks == run->start) {
		join->start = run->start - n;
		join->chunks = n;
	} else if (released->start == run->start + run->chunks) {
		join->start = released->start;
		join->chunks = n;
	}
}

/**
 * cma_standby_trim() - cut a run down to a target
 * @run: the run; keeps its first @target chunks at most
 * @target: chunks to keep
 * @back: set to the chunks cut off (may be empty)
 *
 * Context: any context.
 * Return: nothing.
 */
void cma_standby_trim(struct cma_standby_run *run, unsigned long target,
		      struct cma_standby_run *back)
{
	back->start = run->start + min(run->chunks, target);
	back->chunks = run->chunks > target ? run->chunks - target : 0;
	run->chunks -= back->chunks;
}

/* ---------------------------------------------------------------------
 * The area's run
 */

/* The standby as a request: its target size, aligned as a DMA buffer. */
static void cma_standby_request(struct cma *cma, unsigned long chunks,
				struct cma_request *req)
{
	unsigned long pages = chunks << cma->order_per_bit;
	unsigned int align = min_t(unsigned int, get_order(pages << PAGE_SHIFT),
				   CMA_STANDBY_MAX_ALIGN);

	cma_request_init(req, cma->base_pfn, cma->order_per_bit, pages, align);
}

/* Give detached chunks back: pages to the page allocator, then the bits. */
static void cma_standby_give_back(struct cma *cma,
				  const struct cma_standby_run *back)
{
	unsigned long flags;

	if (!back->chunks)
		return;
	free_contig_range(cma_chunk_pfn(cma, back->start),
			  back->chunks << cma->order_per_bit);
	spin_lock_irqsave(&cma->lock, flags);
	bitmap_clear(cma->bitmap, back->start, back->chunks);
	cma->available += back->chunks;
	cma->standby.held -= back->chunks;
	spin_unlock_irqrestore(&cma->lock, flags);
}

/* Does the run fall short of the target? */
static bool cma_standby_short(struct cma *cma)
{
	return READ_ONCE(cma->standby.run.chunks) <
	       READ_ONCE(cma->standby.target);
}

/**
 * cma_standby_kick() - have the worker refill the run if it is short
 * @cma: the area
 *
 * Context: any context.
 * Return: nothing.
 */
void cma_standby_kick(struct cma *cma)
{
	if (cma_standby_short(cma))
		mod_delayed_work(system_unbound_wq, &cma->standby.work, 0);
}

/**
 * cma_standby_take() - serve a request from the run
 * @cma: the area
 * @req: the request
 * @pfn: set to the first page of the range served
 *
 * The pages come as from alloc_contig_range(), a reference each. Pages of
 * the last chunk beyond the request go back to the page allocator, as
 * cma_alloc() never takes them.
 *
 * Context: process context; takes cma->lock.
 * Return: true if the request was served.
 */
bool cma_standby_take(struct cma *cma, const struct cma_request *req,
		      unsigned long *pfn)
{
	struct cma_standby_run back;
	unsigned long at, end, flags;
	bool hit;

	if (!READ_ONCE(cma->standby.run.chunks))
		return false;
	spin_lock_irqsave(&cma->lock, flags);
	hit = cma_standby_fit(&cma->standby.run, req, &at);
	if (hit) {
		cma_standby_carve(&cma->standby.run, at, req->chunks, &back);
		cma->standby.held -= req->chunks;
	}
	spin_unlock_irqrestore(&cma->lock, flags);
	if (!hit)
		return false;

	cma_standby_give_back(cma, &back);
	*pfn = cma_chunk_pfn(cma, at);
	end = cma_chunk_pfn(cma, at + req->chunks);
	if (end > *pfn + req->count)
		free_contig_range(*pfn + req->count, end - *pfn - req->count);
	atomic64_inc(&cma->stats.standby_hits);
	cma_standby_kick(cma);
	return true;
}

/**
 * cma_standby_drop() - give the whole run back
 * @cma: the area
 *
 * For a request that the rest of the area cannot hold: standby must not
 * make an allocation fail.
 *
 * Context: process context; takes cma->lock.
 * Return: true if there was a run to give back.
 */
bool cma_standby_drop(struct cma *cma)
{
	struct cma_standby_run back;
	unsigned long flags;

	spin_lock_irqsave(&cma->lock, flags);
	back = cma->standby.run;
	cma->standby.run.chunks = 0;
	spin_unlock_irqrestore(&cma->lock, flags);
	cma_standby_give_back(cma, &back);
	return back.chunks;
}

/**
 * cma_standby_absorb_locked() - keep released chunks as standby
 * @cma: the area
 * @released: whole chunks released, still set in the bitmap
 * @join: set to the chunks kept (empty: none); their bits stay set
 *
 * The caller has checked that every page of @released is held by nobody
 * else, and clears and frees what is not kept.
 *
 * Context: cma->lock held.
 * Return: nothing.
 */
void cma_standby_absorb_locked(struct cma *cma,
			       const struct cma_standby_run *released,
			       struct cma_standby_run *join)
{
	struct cma_standby_run *run = &cma->standby.run;
	struct cma_request want;

	lockdep_assert_held(&cma->lock);
	cma_standby_request(cma, cma->standby.target, &want);
	cma_standby_join(run, &want, released, join);
	if (!join->chunks)
		return;
	if (!run->chunks || join->start < run->start)
		run->start = join->start;
	run->chunks += join->chunks;
	cma->standby.held += join->chunks;
}

/**
 * cma_standby_wants() - might released pages join the run
 * @cma: the area
 *
 * Context: any context; racy, a hint for cma_release().
 * Return: true if the run is short of its target.
 */
bool cma_standby_wants(struct cma *cma)
{
	return cma_standby_short(cma);
}

/* ---------------------------------------------------------------------
 * Refilling
 */

/* Is the zone of the area too low on free memory for a refill? */
static bool cma_standby_pressure(struct cma *cma)
{
	struct zone *zone = page_zone(pfn_to_page(cma->base_pfn));

	/* No ALLOC_CMA: the area's own free pages do not count. */
	return !zone_watermark_ok(zone, 0, low_wmark_pages(zone),
				  zone_idx(zone), 0);
}

/* Pages of [@pfn, @pfn + @count) not free in the page allocator, racily. */
static unsigned long cma_standby_pages_in_use(unsigned long pfn,
					      unsigned long count)
{
	unsigned long end = pfn + count, in_use = 0;
	struct page *page;

	while (pfn < end) {
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			pfn += 1UL << min_t(unsigned long,
					    buddy_order_unsafe(page), MAX_ORDER - 1);
			continue;
		}
		in_use++;
		pfn++;
	}
	return in_use;
}

/*
 * Add a piece emptied by cma_standby_extend() to the run, if the run still
 * ends where the piece starts (serving may have moved it meanwhile) or is
 * empty; otherwise give the piece back.
 */
static void cma_standby_add_piece(struct cma *cma,
				  const struct cma_standby_run *piece)
{
	struct cma_standby_run *run = &cma->standby.run, back = { 0, 0 };
	unsigned long flags;
	bool added = true;

	spin_lock_irqsave(&cma->lock, flags);
	if (!run->chunks)
		*run = *piece;
	else if (run->start + run->chunks == piece->start)
		run->chunks += piece->chunks;
	else
		added = false;
	/* The target may have been lowered meanwhile. */
	if (added)
		cma_standby_trim(run, cma->standby.target, &back);
	spin_unlock_irqrestore(&cma->lock, flags);
	if (!added)
		cma_standby_give_back(cma, piece);
	cma_standby_give_back(cma, &back);
}

/*
 * A run cut short by serving keeps its place: empty the free chunks right
 * after it, up to the target, rather than give it back and start over.
 * alloc_mutex held. Return 0, or -EBUSY if there is no such piece or it
 * would not empty.
 */
static int cma_standby_extend(struct cma *cma, long *migrated)
{
	struct cma_standby_run piece;
	unsigned long flags, pfn, pages;
	bool free = false;
	int ret;

	spin_lock_irqsave(&cma->lock, flags);
	piece.start = cma->standby.run.start + cma->standby.run.chunks;
	piece.chunks = cma->standby.target > cma->standby.run.chunks ?
		       cma->standby.target - cma->standby.run.chunks : 0;
	if (cma->standby.run.chunks && piece.chunks &&
	    piece.start + piece.chunks <= cma_bitmap_maxno(cma) &&
	    find_next_bit(cma->bitmap, piece.start + piece.chunks,
			  piece.start) >= piece.start + piece.chunks) {
		bitmap_set(cma->bitmap, piece.start, piece.chunks);
		cma->available -= piece.chunks;
		cma->standby.held += piece.chunks;
		free = true;
	}
	spin_unlock_irqrestore(&cma->lock, flags);
	if (!free)
		return -EBUSY;

	pfn = cma_chunk_pfn(cma, piece.start);
	pages = piece.chunks << cma->order_per_bit;
	*migrated = cma_standby_pages_in_use(pfn, pages);
	atomic64_inc(&cma->stats.attempts);
	ret = alloc_contig_range(pfn, pfn + pages, MIGRATE_CMA,
				 CMA_STANDBY_GFP);
	if (ret) {
		spin_lock_irqsave(&cma->lock, flags);
		bitmap_clear(cma->bitmap, piece.start, piece.chunks);
		cma->available += piece.chunks;
		cma->standby.held -= piece.chunks;
		spin_unlock_irqrestore(&cma->lock, flags);
		return ret;
	}
	cma_standby_add_piece(cma, &piece);
	return 0;
}

/*
 * Fill the run up to its target, alloc_mutex held: extend it in place if
 * it can be, else give it back and allocate a new one as cma_alloc() does,
 * with the pages that migrated counted as the standby's. Return 0 or the
 * error of the allocation.
 */
static int cma_standby_refill(struct cma *cma)
{
	struct cma_standby_run old, fresh, back;
	struct cma_request req;
	unsigned long target, pfn = 0, flags;
	long migrated = 0;
	ktime_t start = ktime_get();
	int ret;

	lockdep_assert_held(&cma->alloc_mutex);
	if (!cma_standby_short(cma))
		return 0;
	ret = cma_standby_extend(cma, &migrated);
	if (!ret) {
		atomic64_add(migrated, &cma->stats.standby_pages_migrated);
		trace_cma_standby_refill(cma->name,
					 cma_chunk_pfn(cma, cma->standby.run.start),
					 cma_standby_ready_pages(cma), migrated,
					 ktime_us_delta(ktime_get(), start), 0);
		return 0;
	}

	spin_lock_irqsave(&cma->lock, flags);
	target = cma->standby.target;
	old = cma->standby.run;
	if (old.chunks < target)
		cma->standby.run.chunks = 0;
	spin_unlock_irqrestore(&cma->lock, flags);
	if (old.chunks >= target)
		return 0;
	cma_standby_give_back(cma, &old);

	cma_standby_request(cma, target, &req);
	migrated = atomic64_read(&cma->stats.pages_migrated);
	cma->standby.refilling = true;
	ret = cma_alloc_locked(cma, &req, CMA_STANDBY_GFP, &pfn);
	cma->standby.refilling = false;
	migrated = (long)atomic64_read(&cma->stats.pages_migrated) - migrated;
	atomic64_sub(migrated, &cma->stats.pages_migrated);
	atomic64_add(migrated, &cma->stats.standby_pages_migrated);
	trace_cma_standby_refill(cma->name, pfn, req.count, migrated,
				 ktime_us_delta(ktime_get(), start), ret);
	if (ret)
		return ret;

	fresh.start = (pfn - cma->base_pfn) >> cma->order_per_bit;
	fresh.chunks = req.chunks;
	spin_lock_irqsave(&cma->lock, flags);
	/* A release may have restored a run meanwhile: keep the longer. */
	if (cma->standby.run.chunks < fresh.chunks)
		swap(cma->standby.run, fresh);
	/* The target may have been lowered meanwhile. */
	cma_standby_trim(&cma->standby.run, cma->standby.target, &back);
	spin_unlock_irqrestore(&cma->lock, flags);
	cma_standby_give_back(cma, &fresh);
	cma_standby_give_back(cma, &back);
	return 0;
}

static void cma_standby_work(struct work_struct *work)
{
	struct cma_standby *sb = container_of(to_delayed_work(work),
					      struct cma_standby, work);
	struct cma *cma = container_of(sb, struct cma, standby);
	int ret;

	if (!cma_standby_short(cma))
		return;
	if (cma_standby_pressure(cma)) {
		ret = -ENOMEM;
	} else {
		mutex_lock(&cma->alloc_mutex);
		ret = cma_standby_refill(cma);
		mutex_unlock(&cma->alloc_mutex);
	}
	if (!ret || ret == -ENOSPC) {
		/* Done, or no free range: a release kicks the next refill. */
		sb->retries = 0;
		return;
	}
	if (sb->retries < CMA_STANDBY_RETRIES)
		queue_delayed_work(system_unbound_wq, &sb->work,
				   msecs_to_jiffies(CMA_STANDBY_DELAY_MS <<
						    sb->retries++));
}

/* ---------------------------------------------------------------------
 * The knob
 */

/**
 * cma_standby_set_pages() - set the size of the run kept evacuated
 * @cma: the area
 * @pages: the largest request to serve without migration; 0: off
 *
 * A lower target gives the excess back before returning; a higher one
 * has the worker refill.
 *
 * Context: process context; takes cma->lock.
 * Return: 0, or -EINVAL if @pages exceeds the area or the area is
 * disabled (nothing changed).
 */
int cma_standby_set_pages(struct cma *cma, unsigned long pages)
{
	struct cma_standby_run back;
	unsigned long flags;

	if (!cma->count || !cma->bitmap || pages > cma->count)
		return -EINVAL;
	spin_lock_irqsave(&cma->lock, flags);
	cma->standby.target = cma_pages_to_chunks(cma->order_per_bit, pages);
	cma_standby_trim(&cma->standby.run, cma->standby.target, &back);
	spin_unlock_irqrestore(&cma->lock, flags);
	cma_standby_give_back(cma, &back);
	cma->standby.retries = 0;
	cma_standby_kick(cma);
	return 0;
}

/**
 * cma_standby_target_pages() - the size of the run kept evacuated
 * @cma: the area
 *
 * Context: any context.
 * Return: the target in pages; 0 when standby is off.
 */
unsigned long cma_standby_target_pages(struct cma *cma)
{
	return READ_ONCE(cma->standby.target) << cma->order_per_bit;
}

/**
 * cma_standby_ready_pages() - pages evacuated and held now
 * @cma: the area
 *
 * Context: any context.
 * Return: the pages of the run.
 */
unsigned long cma_standby_ready_pages(struct cma *cma)
{
	return READ_ONCE(cma->standby.run.chunks) << cma->order_per_bit;
}

/**
 * cma_standby_init() - set up an area's standby, off
 * @cma: the area
 *
 * Context: early boot, when the area is activated.
 * Return: nothing.
 */
void cma_standby_init(struct cma *cma)
{
	INIT_DELAYED_WORK(&cma->standby.work, cma_standby_work);
}

/* ---------------------------------------------------------------------
 * cma_standby=<area>:<size>[,<area>:<size>...]
 */

struct cma_standby_param {
	char name[CMA_MAX_NAME];
	unsigned long long size;
	bool used;
};

static struct cma_standby_param cma_standby_params[MAX_CMA_AREAS] __initdata;
static unsigned int cma_standby_nparams __initdata;

static int __init cma_standby_parse_one(char *item)
{
	struct cma_standby_param *p;
	char *colon = strrchr(item, ':'), *end;

	if (!colon || colon == item || colon - item >= CMA_MAX_NAME) {
		pr_err("cma_standby=: \"%s\" ignored: expected <area>:<size>\n",
		       item);
		return -EINVAL;
	}
	if (cma_standby_nparams == ARRAY_SIZE(cma_standby_params)) {
		pr_err("cma_standby=: \"%s\" ignored: expected at most %d areas\n",
		       item, MAX_CMA_AREAS);
		return -EINVAL;
	}
	p = &cma_standby_params[cma_standby_nparams];
	p->size = memparse(colon + 1, &end);
	if (end == colon + 1 || *end) {
		pr_err("cma_standby=: \"%s\" ignored: expected a size such as 16M after the colon\n",
		       item);
		return -EINVAL;
	}
	memcpy(p->name, item, colon - item);
	p->name[colon - item] = '\0';
	cma_standby_nparams++;
	return 0;
}

static int __init cma_standby_setup(char *str)
{
	char *item;

	while ((item = strsep(&str, ",")))
		if (*item)
			cma_standby_parse_one(item);
	return 0;
}
early_param("cma_standby", cma_standby_setup);

/*
 * Take an area's run right after activation, before anything has been lent
 * out of it: the first run costs no migration. Unknown areas are named
 * once every area is active (cma_standby_check_params()).
 */
void __init cma_standby_boot(struct cma *cma)
{
	struct cma_standby_param *p;
	unsigned long pages;
	unsigned int i;
	int ret;

	for (i = 0; i < cma_standby_nparams; i++) {
		p = &cma_standby_params[i];
		if (strcmp(p->name, cma->name))
			continue;
		p->used = true;
		pages = p->size >> PAGE_SHIFT;
		if (p->size > (u64)cma->count << PAGE_SHIFT || !cma->count) {
			pr_err("cma_standby=: %llu bytes for %s ignored: expected at most the area's %llu bytes\n",
			       p->size, p->name,
			       (unsigned long long)cma->count << PAGE_SHIFT);
			continue;
		}
		cma_standby_set_pages(cma, pages);
		mutex_lock(&cma->alloc_mutex);
		ret = cma_standby_refill(cma);
		mutex_unlock(&cma->alloc_mutex);
		if (ret)
			pr_warn("%s: standby of %lu pages not taken at boot (%d): the worker retries\n",
				cma->name, pages, ret);
	}
}

static int __init cma_standby_check_params(void)
{
	unsigned int i;

	for (i = 0; i < cma_standby_nparams; i++)
		if (!cma_standby_params[i].used)
			pr_err("cma_standby=: \"%s\" ignored: no CMA area of that name\n",
			       cma_standby_params[i].name);
	return 0;
}
late_initcall(cma_standby_check_params);

#if IS_ENABLED(CONFIG_CMA_KUNIT_TEST)
#include "cma_standby_kunit.h"
#endif
