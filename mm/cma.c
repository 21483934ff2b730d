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
 *  - cma_alloc() looks before it leaps: mm/cma_placement.c rates free,
 *    aligned candidate ranges from their pages, read without locks, for
 *    as long as reading pays for itself, and picks the one cheapest to
 *    empty, skipping ranges that hold pages which cannot move or look
 *    pinned. Only then does this file pay for isolation and migration
 *    (alloc_contig_range()). A range that still fails marks its stuck
 *    chunks so that the next choice avoids them. Attempts are bounded;
 *    one more pass follows a short back-off when busyness may have been
 *    transient.
 *  - An area may keep a run evacuated ahead of demand (mm/cma_standby.c,
 *    off by default): a request that fits there is served from it before
 *    any search, and released chunks that restore it stay evacuated.
 *
 * Locking, outermost first:
 *
 *   cma->alloc_mutex	one allocation at a time per area, held from the
 *			range search to the end of alloc_contig_range();
 *			guards the search scratch (cma->cost, cma->busy,
 *			cma->rated). The standby worker holds it while it
 *			refills; serving from the standby run does not.
 *			Areas allocate concurrently: no global lock.
 *   cma->lock		spinlock, IRQ-safe: the bitmap, cma->available and
 *			the standby run and target.
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
#include "cma_placement.h"
#include "cma_standby.h"

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
	if (cma->standby.refilling)
		cma->standby.held += chunks;
	spin_unlock_irq(&cma->lock);
}

static void cma_unreserve_chunks(struct cma *cma, unsigned long start,
				 unsigned long chunks)
{
	unsigned long flags;

	spin_lock_irqsave(&cma->lock, flags);
	bitmap_clear(cma->bitmap, start, chunks);
	cma->available += chunks;
	if (cma->standby.refilling)
		cma->standby.held -= chunks;
	spin_unlock_irqrestore(&cma->lock, flags);
}

/*
 * Clear [@start, @start + @chunks) if every bit of it is set, except the
 * chunks that join the standby run (*@join): with @may_join, the first
 * @whole chunks hold no page that anyone else references. Checking and
 * clearing under one lock hold makes a concurrent double release fail
 * rather than free twice.
 */
static bool cma_unreserve_allocated(struct cma *cma, unsigned long start,
				    unsigned long chunks, unsigned long whole,
				    bool may_join, struct cma_standby_run *join)
{
	struct cma_standby_run released = { start, whole };
	unsigned long flags;
	bool allocated;

	join->chunks = 0;
	spin_lock_irqsave(&cma->lock, flags);
	allocated = find_next_zero_bit(cma->bitmap, start + chunks, start) >=
		    start + chunks;
	if (allocated) {
		if (may_join)
			cma_standby_absorb_locked(cma, &released, join);
		bitmap_clear(cma->bitmap, start, chunks);
		bitmap_set(cma->bitmap, join->start, join->chunks);
		cma->available += chunks - join->chunks;
	}
	spin_unlock_irqrestore(&cma->lock, flags);
	return allocated;
}

/**
 * cma_available_pages() - pages of an area not allocated
 * @cma: the area
 *
 * Context: any context; takes cma->lock.
 * Return: the pages not allocated to a user (free, or held evacuated
 * by the area's standby run), counted in whole chunks.
 */
unsigned long cma_available_pages(struct cma *cma)
{
	unsigned long flags, chunks;

	spin_lock_irqsave(&cma->lock, flags);
	/* The standby's chunks are evacuated for users, not allocated. */
	chunks = cma->available + cma->standby.held;
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

	cma_standby_init(cma);
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

	for (i = 0; i < cma_area_count; i++) {
		cma_activate_area(&cma_areas[i]);
		cma_standby_boot(&cma_areas[i]);
	}
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

/* Suspect chunks of a window that cma_probe_suspects() empties first. */
#define CMA_PROBE_MAX_CHUNKS	4

/*
 * Before emptying a window with pages that look pinned, empty only the
 * first chunks that hold such pages: a real pin fails there, in a fraction
 * of the time, instead of after the rest of the window has been migrated
 * for nothing. What a probe emptied goes back to the page allocator (the
 * chunks stay reserved in the bitmap) and is taken again with the window.
 */
static int cma_probe_suspects(struct cma *cma, const struct cma_request *req,
			      const struct cma_window *w, gfp_t gfp)
{
	unsigned long i, pfn, end, probed = 0;
	int ret;

	for (i = w->start; i < w->start + req->chunks; i++) {
		if (!cma_chunk_looks_pinned(cma, i))
			continue;
		if (probed++ == CMA_PROBE_MAX_CHUNKS)
			break;
		pfn = cma_chunk_pfn(cma, i);
		end = min(cma_chunk_pfn(cma, i + 1), cma->base_pfn + cma->count);
		ret = alloc_contig_range(pfn, end, MIGRATE_CMA, gfp);
		if (ret)
			return ret;
		free_contig_range(pfn, end - pfn);
	}
	return 0;
}

/*
 * Reserve the chunks of @w, empty them with alloc_contig_range() (a window
 * with suspect pages: after cma_probe_suspects()) and keep them, or give
 * them back on failure.
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
	else if (w->suspect && cma_probe_suspects(cma, req, w, gfp))
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
 * Pages just faulted in rate as movable while a per-CPU batch adds them to
 * an LRU list, but a page held for a moment by another batch (activation,
 * rotation) looks pinned: the first time a range holding such pages would
 * have been the better choice, the search drains the batches and looks
 * again. What
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
			cma_scan_forget(sc);
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
		cma_mark_busy(sc, s->best.start, s->req->chunks);
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
	cma->rated = bitmap_zalloc(nbits, gfp);
	if (!cma->rated)
		goto free_busy;
	cma->cost = kvcalloc(nbits, sizeof(*cma->cost), gfp);
	if (!cma->cost)
		goto free_rated;
	return 0;

free_rated:
	bitmap_free(cma->rated);
	cma->rated = NULL;
free_busy:
	bitmap_free(cma->busy);
	cma->busy = NULL;
	return -ENOMEM;
}

/*
 * The passes of one allocation (see cma_alloc_pass()). Return 0 and the
 * first pfn, -ENOSPC when no free range of that size and alignment
 * exists, -EBUSY when every range held pages that would not move, or
 * another error of alloc_contig_range().
 */
static int cma_alloc_passes(struct cma *cma, struct cma_search *s,
			    struct cma_scan *sc, gfp_t gfp, unsigned long *pfn)
{
	unsigned int tried = 0;
	bool drained = false;
	int ret;

	bitmap_zero(cma->busy, cma_bitmap_maxno(cma));
	cma_scan_forget(sc);
	ret = cma_alloc_pass(cma, s, sc, &drained, 0, gfp, pfn, &tried);
	if (ret != -EBUSY)
		return ret;

	/*
	 * Second pass: pins and in-flight pages may have gone meanwhile.
	 * Chunks that still look pinned stay blocked; a range whose pages
	 * look pinned only now gets one attempt. No drain: the first pass
	 * drained already, or its attempts did (alloc_contig_range()
	 * drains the LRU batches and the per-CPU free lists itself).
	 */
	usleep_range(CMA_BACKOFF_MIN_US, CMA_BACKOFF_MAX_US);
	cma_recheck_busy(sc);
	drained = true;
	s->suspect_blocks = false;
	sc->mark_suspects = false;
	ret = cma_alloc_pass(cma, s, sc, &drained, CMA_RISKY_ATTEMPTS, gfp,
			     pfn, &tried);
	if (ret != -EBUSY || tried)
		return ret;

	/*
	 * Every range looked pinned, and none was tried. Looks can be wrong
	 * (a reference held for a moment, a kind of page the rating does
	 * not know), and 6.1 would have tried: try the range with the fewest
	 * such pages once rather than give up untried.
	 */
	cma_scan_forget_busy(sc);
	return cma_alloc_pass(cma, s, sc, &drained, 1, gfp, pfn, &tried);
}

/*
 * Allocate @req from @cma, alloc_mutex held: cma_alloc_passes(), and
 * the struct pages read for it counted in the area's statistics. Also
 * what a standby refill (mm/cma_standby.c) runs.
 */
int cma_alloc_locked(struct cma *cma, const struct cma_request *req,
		     gfp_t gfp, unsigned long *pfn)
{
	struct cma_scan sc = { .cma = cma };
	struct cma_search s = {
		.req = req,
		.fill = cma_scan_fill,
		.fill_ctx = &sc,
	};
	int ret;

	/* Racy, but only releases raise it meanwhile: a cheap early out. */
	if (req->chunks > READ_ONCE(cma->available))
		return -ENOSPC;
	/* Once per area, and worth reclaim even for a standby refill. */
	ret = cma_get_scratch(cma, GFP_KERNEL | (gfp & __GFP_NOWARN));
	if (ret)
		return ret;
	s.cost = cma->cost;
	ret = cma_alloc_passes(cma, &s, &sc, gfp, pfn);
	atomic64_add(sc.read, &cma->stats.pages_scanned);
	return ret;
}

/*
 * Allocate @req, alloc_mutex held: from the standby run if a refill filled
 * it while we waited, else from the rest of the area, else with the run
 * given back, as an allocation must not fail for standby's sake.
 */
static int cma_alloc_mutexed(struct cma *cma, const struct cma_request *req,
			     gfp_t gfp, unsigned long *pfn)
{
	int ret;

	if (cma_standby_take(cma, req, pfn))
		return 0;
	ret = cma_alloc_locked(cma, req, gfp, pfn);
	if ((ret == -ENOSPC || ret == -EBUSY) && cma_standby_drop(cma))
		ret = cma_alloc_locked(cma, req, gfp, pfn);
	return ret;
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
 * Serves the request from the area's standby run if it fits there (no
 * migration; mm/cma_standby.c). Otherwise picks the free range of @cma
 * that is cheapest to empty (see the top of this file), migrates the
 * pages in use out of it, and returns it. The
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
	} else if (cma_standby_take(cma, &req, &pfn)) {
		ret = 0;
	} else {
		mutex_lock(&cma->alloc_mutex);
		ret = cma_alloc_mutexed(cma, &req, gfp, &pfn);
		mutex_unlock(&cma->alloc_mutex);
		cma_standby_kick(cma);
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

/*
 * Does nobody but the releaser hold the pages (one reference each)? Only
 * such pages may stay evacuated as standby instead of being freed.
 */
static bool cma_pages_only_ours(unsigned long pfn, unsigned long count)
{
	unsigned long i;

	for (i = 0; i < count; i++)
		if (page_count(pfn_to_page(pfn + i)) != 1)
			return false;
	return true;
}

/* Free [@pfn, @pfn + @count) but the chunks @keep, which lie inside. */
static void cma_free_except(struct cma *cma, unsigned long pfn,
			    unsigned long count,
			    const struct cma_standby_run *keep)
{
	unsigned long from, to;

	if (!keep->chunks) {
		free_contig_range(pfn, count);
		return;
	}
	from = cma_chunk_pfn(cma, keep->start);
	to = cma_chunk_pfn(cma, keep->start + keep->chunks);
	if (from > pfn)
		free_contig_range(pfn, from - pfn);
	if (pfn + count > to)
		free_contig_range(to, pfn + count - to);
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
 * handed them to someone else). Released chunks that restore the area's
 * standby run (mm/cma_standby.c) stay evacuated instead of being freed.
 *
 * Context: any context; does not sleep.
 * Return: true if the range starts inside @cma (freed, or refused with a
 * warning); false if it does not.
 */
bool cma_release(struct cma *cma, const struct page *pages,
		 unsigned long count)
{
	struct cma_standby_run join;
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
					  cma_pages_to_chunks(cma->order_per_bit, count),
					  count >> cma->order_per_bit,
					  cma_standby_wants(cma) &&
					  cma_pages_only_ours(pfn, count),
					  &join))
		why = "not all of it is allocated (double or partial release)";
	if (why) {
		cma_warn_bad_release(cma, pfn, count, _RET_IP_, why);
		return true;
	}
	cma_free_except(cma, pfn, count, &join);
	atomic64_add(count, &cma->stats.release_pages);
	trace_cma_release(cma->name, pfn, pages, count);
	cma_standby_kick(cma);
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

