/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the Contiguous Memory Allocator: the area structure and what
 * mm/cma.c shares with its debugfs (cma_debug.c) and sysfs (cma_sysfs.c)
 * files. Locking rules are at the top of mm/cma.c.
 */
#ifndef __MM_CMA_H__
#define __MM_CMA_H__

#include <linux/atomic.h>
#include <linux/cma.h>
#include <linux/debugfs.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

/* Why an allocation failed, as counted in &cma_stats.fail. */
enum cma_fail_reason {
	CMA_FAIL_NO_SPACE,	/* no free range of that size and alignment */
	CMA_FAIL_BUSY,		/* every candidate held pages that would not move */
	CMA_FAIL_OTHER,		/* bad request, fatal signal, out of memory */
	NR_CMA_FAIL_REASONS
};

/* Allocation latency histogram: bucket i counts [2^i, 2^(i+1)) us. */
#define CMA_LATENCY_BUCKETS	24

/**
 * struct cma_stats - what an area has done; all counters only grow
 * @alloc_pages_success: pages handed out by cma_alloc()
 * @alloc_pages_fail: pages of cma_alloc() requests that failed
 * @release_pages: pages taken back by cma_release()
 * @attempts: alloc_contig_range() calls on behalf of cma_alloc()
 * @busy_retries: those of @attempts that failed with -EBUSY
 * @pages_migrated: in-use pages found in the ranges that were emptied
 *	successfully (moved away, or freed while CMA worked)
 * @pages_scanned: struct pages that cma_alloc() and standby refills read to
 *	choose ranges
 * @standby_hits: cma_alloc() calls served from the standby run
 * @standby_pages_migrated: in-use pages that standby refills moved away
 * @fail: failed cma_alloc() calls, by &enum cma_fail_reason
 * @latency: cma_alloc() calls by duration, log2 microsecond buckets
 *
 * Atomic, so readers need no lock and writers don't contend on one; 64-bit
 * on every architecture (as 6.1's page counts), since a 32-bit page count
 * wraps after 16 TiB: hours of camera frames.
 */
struct cma_stats {
	atomic64_t alloc_pages_success;
	atomic64_t alloc_pages_fail;
	atomic64_t release_pages;
	atomic64_t attempts;
	atomic64_t busy_retries;
	atomic64_t pages_migrated;
	atomic64_t pages_scanned;
	atomic64_t standby_hits;
	atomic64_t standby_pages_migrated;
	atomic64_t fail[NR_CMA_FAIL_REASONS];
	atomic64_t latency[CMA_LATENCY_BUCKETS];
};

/* Alignment of a standby run: a DMA buffer of its size, capped. */
#ifdef CONFIG_CMA_ALIGNMENT
#define CMA_STANDBY_MAX_ALIGN	CONFIG_CMA_ALIGNMENT
#else
#define CMA_STANDBY_MAX_ALIGN	8
#endif

/**
 * struct cma_standby_run - chunks [@start, @start + @chunks) of an area
 * @start: first chunk
 * @chunks: number of chunks; 0: an empty run (@start means nothing)
 */
struct cma_standby_run {
	unsigned long start;
	unsigned long chunks;
};

/**
 * struct cma_standby - a run kept evacuated ahead of demand
 *	(mm/cma_standby.c)
 * @target: chunks the run should hold; 0: standby off. Under cma->lock.
 * @run: the chunks held now, evacuated; set in the bitmap. Under
 *	cma->lock.
 * @held: chunks the standby owns: @run, chunks being emptied by a refill,
 *	and pieces detached to be given back; set in the bitmap and counted
 *	as available, since they are allocated to no user. Under cma->lock.
 * @refilling: a refill holds alloc_mutex: the chunks it reserves are the
 *	standby's (@held). Under alloc_mutex.
 * @work: the refill worker
 * @retries: refills in a row that failed for a passing reason; written by
 *	the worker, reset by the knob
 */
struct cma_standby {
	unsigned long target;
	struct cma_standby_run run;
	unsigned long held;
	bool refilling;
	struct delayed_work work;
	unsigned int retries;
};

struct cma_kobject {
	struct kobject kobj;
	struct cma *cma;
};

/**
 * struct cma - a contiguous memory area
 * @base_pfn: first page frame
 * @count: pages in the area; 0 when it is disabled
 * @order_per_bit: each bitmap bit (a "chunk") covers 2^order_per_bit pages
 * @name: shown in debugfs, sysfs, traces and messages
 * @reserve_pages_on_error: keep the pages reserved if activation fails
 * @lock: protects @bitmap and @available; never held across a call into
 *	the page allocator
 * @bitmap: one bit per chunk, set while the chunk is allocated
 * @available: clear bits in @bitmap
 * @alloc_mutex: serialises cma_alloc() on this area, from the search for
 *	a range to the end of alloc_contig_range(); protects @cost, @busy
 *	and @rated
 * @cost: scratch for the range search, one entry per chunk (see mm/cma.c);
 *	allocated by the first cma_alloc(), so that areas never allocated
 *	from (a reserve, a large hugetlb area not yet used) cost only @bitmap
 * @busy: scratch for the range search: chunks whose pages stayed in use
 *	after an attempt of the current allocation; allocated with @cost
 * @rated: scratch for the range search: chunks whose entry in @cost the
 *	current allocation has read and may reuse; allocated with @cost
 * @standby: the run kept evacuated, see &struct cma_standby
 * @stats: counters, see &struct cma_stats
 * @mem_head: debugfs: ranges allocated through debugfs; @mem_head_lock
 * @mem_head_lock: debugfs: protects @mem_head
 * @dfs_bitmap: debugfs: @bitmap as an array of u32
 * @cma_kobj: sysfs: the area's directory
 */
struct cma {
	unsigned long base_pfn;
	unsigned long count;
	unsigned int order_per_bit;
	char name[CMA_MAX_NAME];
	bool reserve_pages_on_error;

	spinlock_t lock;		/* see @lock above */
	unsigned long *bitmap;
	unsigned long available;

	struct mutex alloc_mutex;	/* see @alloc_mutex above */
	u32 *cost;
	unsigned long *busy;
	unsigned long *rated;

	struct cma_standby standby;
	struct cma_stats stats;
#ifdef CONFIG_CMA_DEBUGFS
	struct hlist_head mem_head;
	spinlock_t mem_head_lock;	/* see @mem_head_lock above */
	struct debugfs_u32_array dfs_bitmap;
#endif
#ifdef CONFIG_CMA_SYSFS
	struct cma_kobject *cma_kobj;
#endif
};

extern struct cma cma_areas[MAX_CMA_AREAS];
extern unsigned int cma_area_count;

/* Bits in the bitmap of @cma. */
static inline unsigned long cma_bitmap_maxno(const struct cma *cma)
{
	return cma->count >> cma->order_per_bit;
}

struct cma_request;

unsigned long cma_available_pages(struct cma *cma);
int cma_alloc_locked(struct cma *cma, const struct cma_request *req,
		     gfp_t gfp, unsigned long *pfn);
unsigned long cma_largest_free_pages(struct cma *cma);

#endif
