// SPDX-License-Identifier: GPL-2.0
/*
 * CMA benchmark: timed cma_alloc() calls in memory states that userspace
 * sets up, with the numbers needed to compare two CMA implementations.
 *
 * It uses only the public CMA API (cma_alloc(), cma_release(), the area
 * getters and cma_for_each_area()), the cma_alloc_busy_retry tracepoint
 * and the PGMIGRATE_SUCCESS event counter, which every 6.1 kernel has, so
 * the same code measures upstream's CMA and any other.
 *
 * /sys/kernel/debug/cma_bench/
 *
 *   areas   (read)  one line per area: "area=NAME base=0x... pages=N"
 *   cmd     (write) one command, below; the write fails with its error
 *   result  (read)  the key=value line of the last command that succeeded
 *
 * Commands (AREA is an area name; PAGES, ALIGN as for cma_alloc()):
 *
 *   alloc AREA PAGES ALIGN
 *	One timed cma_alloc(); the range is kept. Result: "alloc area=
 *	pages= align= ok= ns= retries= attempts= migrated=": ok 1 or 0; ns
 *	the time cma_alloc() took (to succeed or to fail); retries the
 *	cma_alloc_busy_retry events it fired; attempts the
 *	alloc_contig_range() calls, retries + 1 on success and retries on
 *	failure (an attempt that ended in an error other than -EBUSY fires
 *	no event, so it cannot be counted); migrated the pages migration
 *	moved meanwhile (PGMIGRATE_SUCCESS, system-wide). Nothing reads the
 *	area's pages before the call, so that the call finds them in the
 *	caches as the workload left them.
 *   oracle AREA PAGES ALIGN
 *	Read every page of the area (the snapshot below), then make the
 *	same cma_alloc() as "alloc". Result: the fields of "alloc" after
 *	"oracle" instead of "alloc", then "fewest= windows= inuse= chosen=":
 *	windows the feasible windows before the call, fewest the fewest
 *	pages in use in any of them (-1 if none), inuse the pages in use in
 *	the whole area, chosen the pages in use before the call in the range
 *	it returned (-1 on failure). The snapshot has just brought the
 *	area's pages into the caches, so its ns is no latency: take the
 *	latencies from "alloc" and the rest from "oracle", in separate passes.
 *   release AREA
 *	Release every range "alloc" and "oracle" kept in AREA ("all": in
 *	every area).
 *   pin AREA STRIDE OFFSET
 *	Take a reference (what a pin looks like to migration) on the first
 *	LRU page at or after OFFSET in each STRIDE pages of AREA. Result:
 *	"pin area= stride= offset= segments= pinned= first= maxgap=", first
 *	the offset in the area of the first page pinned, maxgap the most
 *	pages in a row of the area that hold none of the pages pinned (both
 *	the area's size if none was): a request of more than first pages
 *	meets a pin in every window that starts below it, one of more than
 *	maxgap pages in every window.
 *   unpin
 *	Drop every reference "pin" took.
 *   drain
 *	Move pages out of the per-CPU LRU batches (lru_add_drain_all()), as
 *	a system that keeps running eventually does.
 *   balloon KEEP_MIB
 *	Allocate unmovable pages (never from CMA) until at most KEEP_MIB of
 *	the memory outside CMA is free, so that movable allocations made
 *	meanwhile fill the CMA areas. Result: "balloon keep_mib= pages=".
 *   deflate
 *	Free the pages "balloon" took.
 *   frag AREA PIECE KEEP
 *	Allocate PIECE-page ranges until AREA is full, then keep about one
 *	in KEEP of them (a fixed pseudo-random choice) and release the rest;
 *	the pieces kept stay until "unfrag". Result: "frag area= piece=
 *	pieces= kept= largest_gap=".
 *   unfrag AREA
 *	Release the pieces "frag" kept in AREA ("all": in every area).
 *   pair AREA1 AREA2 PAGES ALIGN COUNT
 *	Two kernel threads, one per area and CPU, start together; each makes
 *	COUNT allocations of PAGES pages and keeps them until both are done,
 *	then releases them. Result: "pair area1= area2= pages= align=
 *	count= ok= fail= wall_ns= ns1= ns2= retries= migrated= inuse1=
 *	inuse2=", wall_ns from the common start to the end of the last
 *	allocation, ns1 and ns2 to the end of each thread's, inuse1 and
 *	inuse2 the pages in use in each area after the release (read after,
 *	not before, for the reason given at "alloc").
 *
 * A window is a range of PAGES pages in the area, aligned to 2^ALIGN page
 * frames, that cma_alloc() could return and empty: it holds no range kept
 * here, no page pinned here, and no page in use that is not on an LRU
 * list, not mapped and without a mapping (allocated from the area by
 * someone else, e.g. the DMA atomic pool).
 * A page is in use unless it is free in the buddy allocator (a free block
 * counts for all its pages) or has no reference. Nobody else should
 * allocate from the area while the benchmark runs.
 *
 * Locking: cma_bench.lock serialises the commands and protects everything
 * in struct cma_bench; the tracepoint probe only touches atomic counters.
 */

#define pr_fmt(fmt) "cma_bench: " fmt

#include <linux/cma.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/page-flags.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <trace/events/cma.h>

#define CMA_BENCH_RESULT_SIZE	512
#define CMA_BENCH_CMD_SIZE	128
#define CMA_BENCH_MAX_PINS	4096
#define CMA_BENCH_MAX_PAIR	1024

/**
 * struct cma_bench_area - an area and what the benchmark knows about it
 * @cma: the area
 * @name: its name
 * @base_pfn: its first page frame
 * @count: its size in pages
 * @retries: cma_alloc_busy_retry events seen for it
 */
struct cma_bench_area {
	struct cma *cma;
	const char *name;
	unsigned long base_pfn;
	unsigned long count;
	atomic_long_t retries;
};

/**
 * struct cma_bench_range - a range allocated and kept by the benchmark
 * @node: entry in &cma_bench.kept or &cma_bench.pieces
 * @area: the area it came from
 * @page: its first page
 * @count: its size in pages
 */
struct cma_bench_range {
	struct list_head node;
	struct cma_bench_area *area;
	struct page *page;
	unsigned long count;
};

/**
 * struct cma_bench - the benchmark's state
 * @lock: serialises commands; protects all fields below
 * @areas: the areas, in cma_for_each_area() order
 * @nr_areas: entries used in @areas
 * @kept: ranges kept by "alloc" and "oracle"
 * @pieces: ranges kept by "frag"
 * @pins: pages "pin" holds a reference on
 * @nr_pins: entries used in @pins
 * @balloon: pages "balloon" holds, linked through page->lru
 * @nr_balloon: pages on @balloon
 * @inuse: scratch, one entry per page of the largest area plus one
 * @blocked: scratch, same size as @inuse
 * @result: the text of the last result
 */
struct cma_bench {
	struct mutex lock;	/* serialises commands, protects the rest */
	struct cma_bench_area areas[MAX_CMA_AREAS];
	unsigned int nr_areas;
	struct list_head kept;
	struct list_head pieces;
	struct page **pins;
	unsigned int nr_pins;
	struct list_head balloon;
	unsigned long nr_balloon;
	u32 *inuse;
	u32 *blocked;
	char result[CMA_BENCH_RESULT_SIZE];
};

static struct cma_bench cma_bench = {
	.lock = __MUTEX_INITIALIZER(cma_bench.lock),
	.kept = LIST_HEAD_INIT(cma_bench.kept),
	.pieces = LIST_HEAD_INIT(cma_bench.pieces),
	.balloon = LIST_HEAD_INIT(cma_bench.balloon),
};

/* ---------------------------------------------------------------------
 * Counters
 */

static void cma_bench_busy_retry(void *data, const char *name,
				 unsigned long pfn, const struct page *page,
				 unsigned long count, unsigned int align)
{
	unsigned int i;

	/* Areas are only added before the probe is registered. */
	for (i = 0; i < cma_bench.nr_areas; i++) {
		if (!strcmp(name, cma_bench.areas[i].name)) {
			atomic_long_inc(&cma_bench.areas[i].retries);
			return;
		}
	}
}

/* Pages migrated successfully since boot, summed over the CPUs. */
static unsigned long cma_bench_migrated(void)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(vm_event_states, cpu).event[PGMIGRATE_SUCCESS];
	return sum;
}

/* ---------------------------------------------------------------------
 * Windows and the cheapest one
 */

static void cma_bench_mark(const struct cma_bench_area *a, u32 *blocked,
			   struct page *page, unsigned long count)
{
	unsigned long pfn = page_to_pfn(page), i;

	for (i = 0; i < count; i++, pfn++)
		if (pfn >= a->base_pfn && pfn - a->base_pfn < a->count)
			blocked[pfn - a->base_pfn + 1] = 1;
}

/*
 * In use, but not on an LRU list, not mapped and without a mapping (which
 * movable pages outside the LRU lists have): allocated from the area by
 * someone else (e.g. the DMA atomic pool), so no window may hold it.
 */
static bool cma_bench_unmovable(struct page *page)
{
	return !PageLRU(page) && !page_mapped(page) &&
	       !READ_ONCE(page->mapping);
}

/*
 * Read the pages of @a without locks (a snapshot) into two prefix sums
 * over its pages: inuse[i] counts the pages in use among the first i,
 * blocked[i] those that no window may hold (pinned here, in a range kept
 * here, or unmovable).
 */
static void cma_bench_scan(const struct cma_bench_area *a, u32 *inuse,
			   u32 *blocked)
{
	struct cma_bench_range *r;
	unsigned long i = 0, end, order;
	struct page *page;

	memset(inuse, 0, (a->count + 1) * sizeof(*inuse));
	memset(blocked, 0, (a->count + 1) * sizeof(*blocked));
	for (i = 0; i < cma_bench.nr_pins; i++)
		cma_bench_mark(a, blocked, cma_bench.pins[i], 1);
	list_for_each_entry(r, &cma_bench.kept, node)
		if (r->area == a)
			cma_bench_mark(a, blocked, r->page, r->count);
	list_for_each_entry(r, &cma_bench.pieces, node)
		if (r->area == a)
			cma_bench_mark(a, blocked, r->page, r->count);

	i = 0;
	while (i < a->count) {
		page = pfn_to_page(a->base_pfn + i);
		if (PageBuddy(page)) {
			/* A free block: skip all of its pages. */
			order = READ_ONCE(page_private(page));
			end = order < MAX_ORDER ? i + (1UL << order) : i + 1;
			i = min(end, a->count);
			continue;
		}
		if (page_count(page)) {
			inuse[i + 1] = 1;
			if (cma_bench_unmovable(page))
				blocked[i + 1] = 1;
		}
		i++;
	}
	for (i = 0; i < a->count; i++) {
		inuse[i + 1] += inuse[i];
		blocked[i + 1] += blocked[i];
	}
}

/**
 * cma_bench_fewest() - the cheapest window a request could have had
 * @a: the area
 * @pages: pages asked for
 * @align: alignment asked for, as an order
 * @windows: set to the number of feasible windows
 * @inuse: set to the pages in use in the whole area
 *
 * Context: cma_bench.lock held.
 * Return: the fewest pages in use in any feasible window, -1 if none.
 */
static long cma_bench_fewest(const struct cma_bench_area *a,
			     unsigned long pages, unsigned int align,
			     unsigned long *windows, unsigned long *inuse)
{
	u32 *use = cma_bench.inuse, *blk = cma_bench.blocked;
	unsigned long step, s, best = ULONG_MAX;

	cma_bench_scan(a, use, blk);
	*inuse = use[a->count];
	*windows = 0;
	if (align >= BITS_PER_LONG - 1)
		return -1;
	step = 1UL << align;
	for (s = ALIGN(a->base_pfn, step) - a->base_pfn;
	     s < a->count && pages <= a->count - s; s += step) {
		if (blk[s + pages] != blk[s])
			continue;
		(*windows)++;
		best = min_t(unsigned long, best, use[s + pages] - use[s]);
	}
	return *windows ? (long)best : -1;
}

/* ---------------------------------------------------------------------
 * Commands
 */

static struct cma_bench_area *cma_bench_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < cma_bench.nr_areas; i++)
		if (!strcmp(name, cma_bench.areas[i].name))
			return &cma_bench.areas[i];
	return NULL;
}

static int cma_bench_keep(struct cma_bench_area *a, struct page *page,
			  unsigned long count, struct list_head *list)
{
	struct cma_bench_range *r;

	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r) {
		cma_release(a->cma, page, count);
		return -ENOMEM;
	}
	r->area = a;
	r->page = page;
	r->count = count;
	list_add_tail(&r->node, list);
	return 0;
}

static void cma_bench_release_range(struct cma_bench_range *r)
{
	list_del(&r->node);
	if (!cma_release(r->area->cma, r->page, r->count))
		pr_err("%s: release of %lu pages at pfn %#lx refused\n",
		       r->area->name, r->count, page_to_pfn(r->page));
	kfree(r);
}

/**
 * struct cma_bench_call - one timed cma_alloc() and what it cost
 * @page: what cma_alloc() returned
 * @ns: the time it took
 * @retries: the cma_alloc_busy_retry events it fired
 * @migrated: the pages migrated meanwhile
 */
struct cma_bench_call {
	struct page *page;
	u64 ns;
	unsigned long retries;
	unsigned long migrated;
};

/*
 * Time one cma_alloc() and print its result fields after @cmd; return the
 * length printed, for the caller to add fields and the newline.
 */
static int cma_bench_call(struct cma_bench_area *a, const char *cmd,
			  unsigned long pages, unsigned int align,
			  struct cma_bench_call *c)
{
	unsigned long retries, migrated;
	u64 t0;

	retries = atomic_long_read(&a->retries);
	migrated = cma_bench_migrated();
	t0 = ktime_get_ns();
	c->page = cma_alloc(a->cma, pages, align, true);
	c->ns = ktime_get_ns() - t0;
	c->migrated = cma_bench_migrated() - migrated;
	c->retries = atomic_long_read(&a->retries) - retries;

	return scnprintf(cma_bench.result, sizeof(cma_bench.result),
			 "%s area=%s pages=%lu align=%u ok=%d ns=%llu retries=%lu attempts=%lu migrated=%lu",
			 cmd, a->name, pages, align, !!c->page, c->ns,
			 c->retries, c->retries + !!c->page, c->migrated);
}

static int cma_bench_alloc(struct cma_bench_area *a, unsigned long pages,
			   unsigned int align)
{
	struct cma_bench_call c;
	int len;

	len = cma_bench_call(a, "alloc", pages, align, &c);
	scnprintf(cma_bench.result + len, sizeof(cma_bench.result) - len, "\n");
	return c.page ? cma_bench_keep(a, c.page, pages, &cma_bench.kept) : 0;
}

static int cma_bench_oracle(struct cma_bench_area *a, unsigned long pages,
			    unsigned int align)
{
	unsigned long windows, inuse, start;
	struct cma_bench_call c;
	long fewest, chosen = -1;
	int len;

	fewest = cma_bench_fewest(a, pages, align, &windows, &inuse);
	len = cma_bench_call(a, "oracle", pages, align, &c);
	if (c.page) {
		/* What the snapshot taken before said of the range chosen. */
		start = page_to_pfn(c.page) - a->base_pfn;
		if (start < a->count && pages <= a->count - start)
			chosen = cma_bench.inuse[start + pages] -
				 cma_bench.inuse[start];
	}
	scnprintf(cma_bench.result + len, sizeof(cma_bench.result) - len,
		  " fewest=%ld windows=%lu inuse=%lu chosen=%ld\n",
		  fewest, windows, inuse, chosen);
	return c.page ? cma_bench_keep(a, c.page, pages, &cma_bench.kept) : 0;
}

/* Release the ranges on @list from @a (NULL: from every area). */
static void cma_bench_release(struct list_head *list,
			      struct cma_bench_area *a, const char *cmd)
{
	struct cma_bench_range *r, *next;

	list_for_each_entry_safe(r, next, list, node)
		if (!a || r->area == a)
			cma_bench_release_range(r);
	scnprintf(cma_bench.result, sizeof(cma_bench.result),
		  "%s area=%s\n", cmd, a ? a->name : "all");
}

/* A reference on @page if it is an LRU page, as a pin would hold. */
static bool cma_bench_pin_page(struct page *page)
{
	if (!PageLRU(page) || PageCompound(page))
		return false;
	if (!get_page_unless_zero(page))
		return false;
	if (PageLRU(page) && !PageCompound(page))
		return true;
	put_page(page);
	return false;
}

/*
 * Pin the first LRU page of @a from offset @from up to @end; return its
 * offset, @end if none could be pinned.
 */
static unsigned long cma_bench_pin_one(struct cma_bench_area *a,
				       unsigned long from, unsigned long end)
{
	struct page *page;
	unsigned long i;

	for (i = from; i < end; i++) {
		if (cma_bench.nr_pins == CMA_BENCH_MAX_PINS)
			break;
		page = pfn_to_page(a->base_pfn + i);
		if (cma_bench_pin_page(page)) {
			cma_bench.pins[cma_bench.nr_pins++] = page;
			return i;
		}
	}
	return end;
}

static int cma_bench_pin(struct cma_bench_area *a, unsigned long stride,
			 unsigned long offset)
{
	unsigned long seg, end, at, segments = 0, pinned = 0;
	unsigned long first = a->count, maxgap = 0, next = 0;

	if (!stride || offset >= stride)
		return -EINVAL;
	if (!cma_bench.pins) {
		cma_bench.pins = kvcalloc(CMA_BENCH_MAX_PINS,
					  sizeof(*cma_bench.pins), GFP_KERNEL);
		if (!cma_bench.pins)
			return -ENOMEM;
	}
	for (seg = 0; seg < a->count; seg += stride) {
		segments++;
		end = min(seg + stride, a->count);
		at = cma_bench_pin_one(a, seg + offset, end);
		if (at == end)
			continue;
		if (!pinned++)
			first = at;
		/* The pages between the last pin and this one hold none. */
		maxgap = max(maxgap, at - next);
		next = at + 1;
	}
	maxgap = max(maxgap, a->count - next);
	scnprintf(cma_bench.result, sizeof(cma_bench.result),
		  "pin area=%s stride=%lu offset=%lu segments=%lu pinned=%lu first=%lu maxgap=%lu\n",
		  a->name, stride, offset, segments, pinned, first, maxgap);
	return 0;
}

static void cma_bench_unpin(void)
{
	unsigned int pinned = cma_bench.nr_pins;

	while (cma_bench.nr_pins)
		put_page(cma_bench.pins[--cma_bench.nr_pins]);
	scnprintf(cma_bench.result, sizeof(cma_bench.result),
		  "unpin pinned=%u\n", pinned);
}

static long cma_bench_free_outside_cma(void)
{
	return (long)global_zone_page_state(NR_FREE_PAGES) -
	       (long)global_zone_page_state(NR_FREE_CMA_PAGES);
}

static void cma_bench_balloon(unsigned long keep_mib)
{
	long keep = keep_mib << (20 - PAGE_SHIFT);
	unsigned long added = 0;
	struct page *page;

	while (cma_bench_free_outside_cma() > keep) {
		page = alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN);
		if (!page)
			break;
		list_add(&page->lru, &cma_bench.balloon);
		cma_bench.nr_balloon++;
		added++;
		cond_resched();
	}
	scnprintf(cma_bench.result, sizeof(cma_bench.result),
		  "balloon keep_mib=%lu pages=%lu\n", keep_mib, added);
}

static void cma_bench_deflate(void)
{
	unsigned long pages = cma_bench.nr_balloon;
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &cma_bench.balloon, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	cma_bench.nr_balloon = 0;
	scnprintf(cma_bench.result, sizeof(cma_bench.result),
		  "deflate pages=%lu\n", pages);
}

/* The next number of a fixed pseudo-random sequence (an LCG). */
static u32 cma_bench_next(u32 *state)
{
	*state = *state * 1664525 + 1013904223;
	return *state >> 16;
}

/* The longest run of @a's pages that a window may hold. */
static unsigned long cma_bench_largest_gap(const struct cma_bench_area *a)
{
	u32 *blk = cma_bench.blocked;
	unsigned long i, run = 0, best = 0;

	cma_bench_scan(a, cma_bench.inuse, blk);
	for (i = 0; i < a->count; i++) {
		run = blk[i + 1] == blk[i] ? run + 1 : 0;
		best = max(best, run);
	}
	return best;
}

static int cma_bench_frag(struct cma_bench_area *a, unsigned long piece,
			  unsigned int keep)
{
	unsigned long pieces = 0, kept = 0;
	struct cma_bench_range *r, *next;
	struct page *page;
	u32 seed = 1;
	LIST_HEAD(all);
	int ret = 0;

	if (!piece || !keep)
		return -EINVAL;
	while ((page = cma_alloc(a->cma, piece, 0, true))) {
		ret = cma_bench_keep(a, page, piece, &all);
		if (ret)
			break;
		pieces++;
	}
	list_for_each_entry_safe(r, next, &all, node) {
		if (ret || cma_bench_next(&seed) % keep) {
			cma_bench_release_range(r);
		} else {
			list_move_tail(&r->node, &cma_bench.pieces);
			kept++;
		}
	}
	if (ret)
		return ret;
	scnprintf(cma_bench.result, sizeof(cma_bench.result),
		  "frag area=%s piece=%lu pieces=%lu kept=%lu largest_gap=%lu\n",
		  a->name, piece, pieces, kept, cma_bench_largest_gap(a));
	return 0;
}

/**
 * struct cma_bench_worker - one thread of the "pair" command
 * @area: the area it allocates from
 * @pages: pages per allocation
 * @align: alignment, as an order
 * @count: allocations to make
 * @held: the pages allocated, NULL for a failure
 * @ok: allocations that succeeded
 * @start: completed to start both threads at once
 * @done: completed by the thread when it has finished
 * @end_ns: ktime_get_ns() after its last allocation
 */
struct cma_bench_worker {
	struct cma_bench_area *area;
	unsigned long pages;
	unsigned int align;
	unsigned int count;
	struct page **held;
	unsigned int ok;
	struct completion *start;
	struct completion done;
	u64 end_ns;
};

static int cma_bench_worker_fn(void *data)
{
	struct cma_bench_worker *w = data;
	unsigned int i;

	wait_for_completion(w->start);
	for (i = 0; i < w->count; i++) {
		w->held[i] = cma_alloc(w->area->cma, w->pages, w->align, true);
		w->ok += !!w->held[i];
	}
	w->end_ns = ktime_get_ns();
	complete(&w->done);
	return 0;
}

static void cma_bench_worker_release(struct cma_bench_worker *w)
{
	unsigned int i;

	for (i = 0; i < w->count; i++)
		if (w->held[i])
			cma_release(w->area->cma, w->held[i], w->pages);
}

static int cma_bench_pair_start(struct cma_bench_worker *w, int cpu)
{
	struct task_struct *t;

	t = kthread_create(cma_bench_worker_fn, w, "cma_bench/%d", cpu);
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, cpu);
	wake_up_process(t);
	return 0;
}

static int cma_bench_pair(struct cma_bench_area *a1, struct cma_bench_area *a2,
			  unsigned long pages, unsigned int align,
			  unsigned int count)
{
	struct cma_bench_worker w[2] = {
		{ .area = a1, .pages = pages, .align = align, .count = count },
		{ .area = a2, .pages = pages, .align = align, .count = count },
	};
	unsigned long retries, migrated, inuse1, inuse2;
	DECLARE_COMPLETION_ONSTACK(start);
	int cpu[2], i, ret = 0;
	u64 t0;

	if (a1 == a2 || !count || count > CMA_BENCH_MAX_PAIR)
		return -EINVAL;
	cpu[0] = cpumask_first(cpu_online_mask);
	cpu[1] = cpumask_next(cpu[0], cpu_online_mask);
	if (cpu[1] >= nr_cpu_ids)
		return -ENODEV;
	for (i = 0; i < 2; i++) {
		w[i].start = &start;
		init_completion(&w[i].done);
		w[i].held = kcalloc(count, sizeof(*w[i].held), GFP_KERNEL);
		if (!w[i].held) {
			ret = -ENOMEM;
			goto free_held;
		}
	}
	for (i = 0; i < 2; i++) {
		ret = cma_bench_pair_start(&w[i], cpu[i]);
		if (ret)
			break;
	}
	retries = atomic_long_read(&a1->retries) +
		  atomic_long_read(&a2->retries);
	migrated = cma_bench_migrated();
	t0 = ktime_get_ns();
	complete_all(&start);
	/* A thread that could not be created has nothing to wait for. */
	while (i--)
		wait_for_completion(&w[i].done);
	migrated = cma_bench_migrated() - migrated;
	retries = atomic_long_read(&a1->retries) +
		  atomic_long_read(&a2->retries) - retries;
	cma_bench_worker_release(&w[0]);
	cma_bench_worker_release(&w[1]);
	if (ret)
		goto free_held;

	cma_bench_scan(a1, cma_bench.inuse, cma_bench.blocked);
	inuse1 = cma_bench.inuse[a1->count];
	cma_bench_scan(a2, cma_bench.inuse, cma_bench.blocked);
	inuse2 = cma_bench.inuse[a2->count];
	scnprintf(cma_bench.result, sizeof(cma_bench.result),
		  "pair area1=%s area2=%s pages=%lu align=%u count=%u ok=%u fail=%u wall_ns=%llu ns1=%llu ns2=%llu retries=%lu migrated=%lu inuse1=%lu inuse2=%lu\n",
		  a1->name, a2->name, pages, align, count, w[0].ok + w[1].ok,
		  2 * count - w[0].ok - w[1].ok,
		  max(w[0].end_ns, w[1].end_ns) - t0, w[0].end_ns - t0,
		  w[1].end_ns - t0, retries, migrated, inuse1, inuse2);
free_held:
	kfree(w[0].held);
	kfree(w[1].held);
	return ret;
}

/* Split @line into at most @max words; return how many there were. */
static int cma_bench_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *word;

	while ((word = strsep(&line, " \t\n"))) {
		if (!*word)
			continue;
		if (argc == max)
			return max + 1;
		argv[argc++] = word;
	}
	return argc;
}

static int cma_bench_run(int argc, char **argv)
{
	struct cma_bench_area *a = NULL, *a2;
	unsigned long n1, n2;
	unsigned int align;

	if (argc == 1 && !strcmp(argv[0], "unpin")) {
		cma_bench_unpin();
		return 0;
	}
	if (argc == 1 && !strcmp(argv[0], "drain")) {
		lru_add_drain_all();
		scnprintf(cma_bench.result, sizeof(cma_bench.result), "drain\n");
		return 0;
	}
	if (argc == 1 && !strcmp(argv[0], "deflate")) {
		cma_bench_deflate();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[0], "balloon")) {
		if (kstrtoul(argv[1], 0, &n1))
			return -EINVAL;
		cma_bench_balloon(n1);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[0], "release") ||
			  !strcmp(argv[0], "unfrag"))) {
		if (strcmp(argv[1], "all")) {
			a = cma_bench_find(argv[1]);
			if (!a)
				return -ENODEV;
		}
		cma_bench_release(argv[0][0] == 'r' ? &cma_bench.kept :
				  &cma_bench.pieces, a, argv[0]);
		return 0;
	}
	if (argc < 4)
		return -EINVAL;
	a = cma_bench_find(argv[1]);
	if (!a)
		return -ENODEV;
	if (!strcmp(argv[0], "pair") && argc == 6) {
		a2 = cma_bench_find(argv[2]);
		if (!a2)
			return -ENODEV;
		if (kstrtoul(argv[3], 0, &n1) || kstrtouint(argv[4], 0, &align) ||
		    kstrtoul(argv[5], 0, &n2) || n2 > UINT_MAX)
			return -EINVAL;
		return cma_bench_pair(a, a2, n1, align, n2);
	}
	if (argc != 4 || kstrtoul(argv[2], 0, &n1) || kstrtoul(argv[3], 0, &n2))
		return -EINVAL;
	if (!strcmp(argv[0], "alloc") || !strcmp(argv[0], "oracle")) {
		if (!n1 || n1 > a->count || n2 >= BITS_PER_LONG - 1)
			return -EINVAL;
		return argv[0][0] == 'a' ? cma_bench_alloc(a, n1, n2) :
					   cma_bench_oracle(a, n1, n2);
	}
	if (!strcmp(argv[0], "pin"))
		return cma_bench_pin(a, n1, n2);
	if (!strcmp(argv[0], "frag"))
		return n2 > UINT_MAX ? -EINVAL : cma_bench_frag(a, n1, n2);
	return -EINVAL;
}

static ssize_t cma_bench_cmd_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	char line[CMA_BENCH_CMD_SIZE], *argv[6];
	int argc, ret;

	if (len >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, len))
		return -EFAULT;
	line[len] = '\0';
	argc = cma_bench_split(line, argv, ARRAY_SIZE(argv));
	if (!argc || argc > ARRAY_SIZE(argv))
		return -EINVAL;

	mutex_lock(&cma_bench.lock);
	ret = cma_bench_run(argc, argv);
	mutex_unlock(&cma_bench.lock);
	return ret ? ret : len;
}

static ssize_t cma_bench_result_read(struct file *file, char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&cma_bench.lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, cma_bench.result,
				      strlen(cma_bench.result));
	mutex_unlock(&cma_bench.lock);
	return ret;
}

static int cma_bench_areas_show(struct seq_file *s, void *unused)
{
	unsigned int i;

	for (i = 0; i < cma_bench.nr_areas; i++)
		seq_printf(s, "area=%s base=%#llx pages=%lu\n",
			   cma_bench.areas[i].name,
			   (unsigned long long)cma_get_base(cma_bench.areas[i].cma),
			   cma_bench.areas[i].count);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cma_bench_areas);

static const struct file_operations cma_bench_cmd_fops = {
	.open = simple_open,
	.write = cma_bench_cmd_write,
	.llseek = no_llseek,
};

static const struct file_operations cma_bench_result_fops = {
	.open = simple_open,
	.read = cma_bench_result_read,
	.llseek = default_llseek,
};

/* ---------------------------------------------------------------------
 * Setup
 */

static int cma_bench_add_area(struct cma *cma, void *data)
{
	struct cma_bench_area *a;

	if (!cma_get_size(cma) || cma_bench.nr_areas == MAX_CMA_AREAS)
		return 0;
	a = &cma_bench.areas[cma_bench.nr_areas++];
	a->cma = cma;
	a->name = cma_get_name(cma);
	a->base_pfn = PHYS_PFN(cma_get_base(cma));
	a->count = cma_get_size(cma) >> PAGE_SHIFT;
	atomic_long_set(&a->retries, 0);
	return 0;
}

static int __init cma_bench_init(void)
{
	unsigned long largest = 0;
	struct dentry *dir;
	unsigned int i;
	int ret;

	cma_for_each_area(cma_bench_add_area, NULL);
	if (!cma_bench.nr_areas)
		return 0;
	for (i = 0; i < cma_bench.nr_areas; i++)
		largest = max(largest, cma_bench.areas[i].count);
	cma_bench.inuse = vmalloc_array(largest + 1, sizeof(u32));
	cma_bench.blocked = vmalloc_array(largest + 1, sizeof(u32));
	if (!cma_bench.inuse || !cma_bench.blocked) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = register_trace_cma_alloc_busy_retry(cma_bench_busy_retry, NULL);
	if (ret) {
		pr_err("cannot register the cma_alloc_busy_retry probe: %d\n",
		       ret);
		goto err_free;
	}
	dir = debugfs_create_dir("cma_bench", NULL);
	debugfs_create_file("areas", 0444, dir, NULL, &cma_bench_areas_fops);
	debugfs_create_file("cmd", 0200, dir, NULL, &cma_bench_cmd_fops);
	debugfs_create_file("result", 0444, dir, NULL, &cma_bench_result_fops);
	return 0;

err_free:
	vfree(cma_bench.blocked);
	vfree(cma_bench.inuse);
	return ret;
}
late_initcall(cma_bench_init);
