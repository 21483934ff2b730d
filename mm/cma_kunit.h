/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the CMA placement helpers, as pure functions: request
 * arithmetic, chunk ratings, and the range search on synthetic bitmaps
 * and cost arrays, and page ratings of pages of its own. Included at the
 * end of mm/cma_placement.c so the static helpers can be reached; no live
 * area is needed.
 */

#ifndef _MM_CMA_KUNIT_H
#define _MM_CMA_KUNIT_H

#include <kunit/test.h>
#include <linux/ctype.h>
#include <linux/spinlock.h>

/* Stands in for an area's bitmap lock. */
static DEFINE_SPINLOCK(cma_test_lock);

/* cma_pages_to_chunks() */

struct cma_chunks_case {
	unsigned int order_per_bit;
	unsigned long pages;
	unsigned long chunks;
};

static const struct cma_chunks_case cma_chunks_cases[] = {
	{ 0, 0, 0 }, { 0, 1, 1 }, { 0, 4096, 4096 },
	{ 2, 1, 1 }, { 2, 4, 1 }, { 2, 5, 2 }, { 2, 8, 2 },
	{ 9, 511, 1 }, { 9, 512, 1 }, { 9, 513, 2 },
	{ 0, ULONG_MAX, ULONG_MAX }, { 1, ULONG_MAX, ULONG_MAX / 2 + 1 },
};

static void cma_test_pages_to_chunks(struct kunit *test)
{
	const struct cma_chunks_case *c;
	int i;

	for (i = 0; i < ARRAY_SIZE(cma_chunks_cases); i++) {
		c = &cma_chunks_cases[i];
		KUNIT_EXPECT_EQ_MSG(test, cma_pages_to_chunks(c->order_per_bit, c->pages),
				    c->chunks, "order_per_bit %u, %lu pages",
				    c->order_per_bit, c->pages);
	}
}

/* cma_request_init() and cma_request_first_start() */

struct cma_request_case {
	unsigned long base_pfn;
	unsigned int order_per_bit;
	unsigned long count;
	unsigned int align;
	unsigned long chunks, step, offset;
	unsigned long from, first;	/* first start at or after @from */
};

static const struct cma_request_case cma_request_cases[] = {
	/* no alignment: every chunk is a start */
	{ 0x50000, 0, 1, 0, 1, 1, 0, 7, 7 },
	/* align 8 on an aligned base */
	{ 0x50000, 0, 300, 8, 300, 256, 0, 1, 256 },
	{ 0x50000, 0, 300, 8, 300, 256, 0, 256, 256 },
	/* base not aligned to the order: starts shift to aligned pfns */
	{ 0x50003, 0, 4, 2, 4, 4, 3, 0, 1 },
	{ 0x50003, 0, 4, 2, 4, 4, 3, 2, 5 },
	{ 0x50400, 0, 16, 12, 16, 4096, 1024, 0, 3072 },
	/* align below order_per_bit: every chunk is aligned enough */
	{ 0x50000, 2, 5, 1, 2, 1, 0, 3, 3 },
	/* align above order_per_bit: step in chunks */
	{ 0x50000, 2, 16, 4, 4, 4, 0, 1, 4 },
	{ 0x50004, 2, 16, 4, 4, 4, 1, 0, 3 },
};

static void cma_test_request(struct kunit *test)
{
	const struct cma_request_case *c;
	struct cma_request req;
	unsigned long pfn;
	int i;

	for (i = 0; i < ARRAY_SIZE(cma_request_cases); i++) {
		c = &cma_request_cases[i];
		KUNIT_ASSERT_TRUE(test, cma_request_init(&req, c->base_pfn,
							 c->order_per_bit,
							 c->count, c->align));
		KUNIT_EXPECT_EQ_MSG(test, req.chunks, c->chunks, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, req.step, c->step, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, req.offset, c->offset, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, cma_request_first_start(&req, c->from),
				    c->first, "case %d", i);
		/* The first start maps to an aligned page frame. */
		pfn = c->base_pfn + (c->first << c->order_per_bit);
		if (c->align >= c->order_per_bit)
			KUNIT_EXPECT_EQ_MSG(test, pfn & ((1UL << c->align) - 1), 0UL,
					    "case %d: pfn %#lx", i, pfn);
	}
}

static void cma_test_request_rejects_huge_align(struct kunit *test)
{
	struct cma_request req;

	KUNIT_EXPECT_FALSE(test, cma_request_init(&req, 0, 0, 1, BITS_PER_LONG - 1));
	KUNIT_EXPECT_FALSE(test, cma_request_init(&req, 0, 0, 1, UINT_MAX));
	KUNIT_EXPECT_TRUE(test, cma_request_init(&req, 0, 0, 1, BITS_PER_LONG - 2));
}

/* Chunk ratings */

static void cma_test_cost_pack(struct kunit *test)
{
	u32 c;

	c = cma_cost_pack(3, 2, false);
	KUNIT_EXPECT_EQ(test, cma_cost_movable(c), 3UL);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(c), 2UL);
	KUNIT_EXPECT_FALSE(test, c & CMA_COST_BLOCKED);

	/* A chunk of hugetlb_cma (order_per_bit 9) rates exactly. */
	c = cma_cost_pack(512, 512, false);
	KUNIT_EXPECT_EQ(test, cma_cost_movable(c), 512UL);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(c), 512UL);

	/* Larger counts saturate instead of spilling into other fields. */
	c = cma_cost_pack(1UL << 24, 1UL << 24, false);
	KUNIT_EXPECT_EQ(test, cma_cost_movable(c), CMA_COST_MOVABLE_MAX);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(c), CMA_COST_SUSPECT_MAX);
	KUNIT_EXPECT_FALSE(test, c & CMA_COST_BLOCKED);

	c = cma_cost_pack(1, 1, true);
	KUNIT_EXPECT_TRUE(test, c & CMA_COST_BLOCKED);
	KUNIT_EXPECT_EQ(test, cma_cost_movable(c), 0UL);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(c), 0UL);
}

static void cma_test_window_order(struct kunit *test)
{
	struct cma_window free = { 0, 0, 0 }, busy = { 0, 0, 500 };
	struct cma_window pinned = { 0, 1, 0 };

	KUNIT_EXPECT_TRUE(test, cma_window_cheaper(&free, &busy));
	/* One page that may be pinned outweighs any number of movable ones. */
	KUNIT_EXPECT_TRUE(test, cma_window_cheaper(&busy, &pinned));
	KUNIT_EXPECT_FALSE(test, cma_window_cheaper(&pinned, &busy));
	KUNIT_EXPECT_FALSE(test, cma_window_cheaper(&busy, &busy));
}

/*
 * The search on a synthetic area of up to 64 chunks, described by two
 * strings of one character per chunk:
 *   map:   'x' allocated, '.' free
 *   costs: '0'..'9' movable pages, 's' one suspect page, 'B' blocked
 */
struct cma_search_case {
	const char *name;
	const char *map;
	const char *costs;
	unsigned long chunks, step, offset, slack;
	bool suspect_blocks;
	bool found;
	unsigned long start;
	unsigned long candidates;	/* ULONG_MAX: don't check */
};

static const struct cma_search_case cma_search_cases[] = {
	{ "idle area: first fit", "........", "00000000",
	  3, 1, 0, 0, false, true, 0, 1 },
	{ "all allocated", "xxxxxxxx", "00000000",
	  1, 1, 0, 0, false, false, 0, 0 },
	{ "run too short", "..x..x..", "00000000",
	  3, 1, 0, 0, false, false, 0, 0 },
	{ "cheapest range, not first fit", "........", "10010000",
	  3, 1, 0, 0, false, true, 4, ULONG_MAX },
	{ "ties go to the lowest start", "........", "10101010",
	  2, 1, 0, 0, false, true, 0, ULONG_MAX },
	{ "fewest suspects before fewest in use", "........", "s0009999",
	  4, 1, 0, 0, false, true, 1, ULONG_MAX },
	{ "suspect chunks block when asked", "......", "s00s00",
	  2, 1, 0, 0, true, true, 1, ULONG_MAX },
	{ "a blocked chunk rules out every range holding it", "......", "00B000",
	  3, 1, 0, 0, false, true, 3, ULONG_MAX },
	{ "blocked everywhere", "......", "0B0B0B",
	  2, 1, 0, 0, false, false, 0, ULONG_MAX },
	{ "alignment: starts on the step", "........", "50000000",
	  2, 4, 0, 0, false, true, 4, ULONG_MAX },
	{ "alignment with an offset", "........", "00000000",
	  2, 4, 1, 0, false, true, 3, 1 },
	{ "allocated chunks split the runs", "..x.....", "00099000",
	  2, 1, 0, 0, false, true, 0, 1 },
	{ "a free run after an allocated one", "xx..x...", "00000000",
	  3, 1, 0, 0, false, true, 5, 1 },
	{ "best in a later run", "...x...", "111x001",
	  3, 1, 0, 0, false, true, 4, ULONG_MAX },
	{ "small request: first range within its slack", "........", "11000000",
	  2, 1, 0, 2, false, true, 0, 1 },
	{ "small request: a dearer first range is passed over", "........", "21100000",
	  2, 1, 0, 2, false, true, 1, 2 },
	{ "slack does not excuse suspects", "........", "s0000000",
	  2, 1, 0, 2, false, true, 1, 2 },
	{ "ranges that only drop free chunks are not looked at",
	  "................", "0000000100000000",
	  8, 1, 0, 0, false, true, 8, 2 },
	{ "nor are they with an alignment", "................", "0010000000000000",
	  4, 2, 0, 0, false, true, 4, 2 },
};

static void cma_test_search_case(struct kunit *test,
				 const struct cma_search_case *c)
{
	unsigned long nbits = strlen(c->map), i;
	struct cma_request req = {
		.chunks = c->chunks, .step = c->step, .offset = c->offset,
		.slack = c->slack,
	};
	struct cma_search s = { .req = &req, .suspect_blocks = c->suspect_blocks };
	unsigned long *bitmap;
	u32 *cost;
	bool found;

	bitmap = kunit_kzalloc(test, BITS_TO_LONGS(nbits) * sizeof(long), GFP_KERNEL);
	cost = kunit_kcalloc(test, nbits, sizeof(*cost), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bitmap);
	KUNIT_ASSERT_NOT_NULL(test, cost);
	for (i = 0; i < nbits; i++) {
		if (c->map[i] == 'x')
			__set_bit(i, bitmap);
		if (c->costs[i] == 'B')
			cost[i] = CMA_COST_BLOCKED;
		else if (c->costs[i] == 's')
			cost[i] = cma_cost_pack(0, 1, false);
		else if (isdigit(c->costs[i]))
			cost[i] = cma_cost_pack(c->costs[i] - '0', 0, false);
	}
	s.cost = cost;

	found = cma_search(&s, bitmap, nbits, &cma_test_lock);
	KUNIT_EXPECT_EQ_MSG(test, found, c->found, "%s", c->name);
	if (found && c->found)
		KUNIT_EXPECT_EQ_MSG(test, s.best.start, c->start, "%s", c->name);
	if (c->candidates != ULONG_MAX)
		KUNIT_EXPECT_EQ_MSG(test, s.candidates, c->candidates, "%s", c->name);
}

static void cma_test_search(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(cma_search_cases); i++)
		cma_test_search_case(test, &cma_search_cases[i]);
}

/* The sliding sums must equal sums computed from scratch for every start. */
static void cma_test_search_matches_brute_force(struct kunit *test)
{
	static const unsigned long nbits = 48;
	unsigned long i, p, n, step, offset, sum, best_sum, best_start;
	struct cma_request req;
	struct cma_search s;
	unsigned long *bitmap;
	u32 *cost;
	u32 seed = 12345;

	bitmap = kunit_kzalloc(test, BITS_TO_LONGS(nbits) * sizeof(long), GFP_KERNEL);
	cost = kunit_kcalloc(test, nbits, sizeof(*cost), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bitmap);
	KUNIT_ASSERT_NOT_NULL(test, cost);

	for (n = 1; n <= 9; n++) {
		for (step = 1; step <= 8; step <<= 1) {
			for (offset = 0; offset < step; offset++) {
				for (i = 0; i < nbits; i++) {
					seed = seed * 1103515245 + 12345;
					cost[i] = cma_cost_pack((seed >> 16) % 4, 0, false);
				}
				req = (struct cma_request){
					.chunks = n, .step = step, .offset = offset,
				};
				s = (struct cma_search){ .req = &req, .cost = cost };
				best_sum = ULONG_MAX;
				best_start = 0;
				for (p = (step - offset) % step; p + n <= nbits; p += step) {
					for (sum = 0, i = p; i < p + n; i++)
						sum += cma_cost_movable(cost[i]);
					if (sum < best_sum) {
						best_sum = sum;
						best_start = p;
					}
				}
				KUNIT_ASSERT_TRUE(test, cma_search(&s, bitmap, nbits,
								   &cma_test_lock));
				KUNIT_EXPECT_EQ_MSG(test, s.best.start, best_start,
						    "n %lu step %lu offset %lu", n, step, offset);
				KUNIT_EXPECT_EQ_MSG(test, s.best.movable, best_sum,
						    "n %lu step %lu offset %lu", n, step, offset);
			}
		}
	}
}

/*
 * A free run longer than the stretch of bitmap read at once: windows
 * across the stretches are seen, and a window across an allocated chunk
 * found late is not.
 */
static void cma_test_search_long_run(struct kunit *test)
{
	static const unsigned long nbits = 1024;
	struct cma_request req = { .chunks = 8, .step = 1 };
	struct cma_search s = { .req = &req };
	unsigned long *bitmap, i;
	u32 *cost;

	bitmap = kunit_kzalloc(test, BITS_TO_LONGS(nbits) * sizeof(long), GFP_KERNEL);
	cost = kunit_kcalloc(test, nbits, sizeof(*cost), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bitmap);
	KUNIT_ASSERT_NOT_NULL(test, cost);
	s.cost = cost;
	for (i = 0; i < nbits; i++)
		cost[i] = cma_cost_pack(i < CMA_RUN_HORIZON_MIN - 4 ||
					i >= CMA_RUN_HORIZON_MIN + 4, 0, false);
	KUNIT_ASSERT_TRUE(test, cma_search(&s, bitmap, nbits, &cma_test_lock));
	KUNIT_EXPECT_EQ(test, s.best.start, CMA_RUN_HORIZON_MIN - 4);
	KUNIT_EXPECT_EQ(test, s.best.movable, 0UL);

	/* Free chunks 596-608 except 600, allocated. */
	for (i = 0; i < nbits; i++)
		cost[i] = cma_cost_pack(i < 596 || i > 608, 0, false);
	__set_bit(600, bitmap);
	KUNIT_ASSERT_TRUE(test, cma_search(&s, bitmap, nbits, &cma_test_lock));
	KUNIT_EXPECT_EQ(test, s.best.start, 601UL);
	KUNIT_EXPECT_EQ(test, s.best.movable, 0UL);
}

/* Stands in for cma_scan_fill(): one struct page read per chunk. */
static unsigned long cma_test_fill(void *ctx, unsigned long from,
				   unsigned long to)
{
	return to - from;
}

/*
 * A 4096-page request in a 32768-page area, one page in use per chunk
 * except where @cheap_from..@cheap_to is free and @suspect_to chunks from
 * the start look pinned: the search's reads and its choice.
 */
static void cma_test_bound_case(struct kunit *test, unsigned long cheap_from,
				unsigned long cheap_to, unsigned long suspect_to,
				unsigned long max_read, unsigned long start)
{
	static const unsigned long nbits = 32768;
	struct cma_request req;
	struct cma_search s = { .req = &req, .fill = cma_test_fill };
	unsigned long *bitmap, i;
	u32 *cost;

	bitmap = kunit_kzalloc(test, BITS_TO_LONGS(nbits) * sizeof(long), GFP_KERNEL);
	cost = kunit_kcalloc(test, nbits, sizeof(*cost), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bitmap);
	KUNIT_ASSERT_NOT_NULL(test, cost);
	KUNIT_ASSERT_TRUE(test, cma_request_init(&req, 0, 0, 4096, 0));
	/* "Free" chunks of a range that reaches the end: one in 64 in use. */
	for (i = 0; i < nbits; i++)
		cost[i] = cma_cost_pack(i < cheap_from || i >= cheap_to ||
					(cheap_to == nbits && !(i % 64)),
					i < suspect_to, false);
	s.cost = cost;
	KUNIT_ASSERT_TRUE(test, cma_search(&s, bitmap, nbits, &cma_test_lock));
	KUNIT_EXPECT_LE_MSG(test, s.read, max_read, "cheap %lu-%lu suspect %lu",
			    cheap_from, cheap_to, suspect_to);
	KUNIT_EXPECT_EQ_MSG(test, s.best.start, start, "cheap %lu-%lu suspect %lu",
			    cheap_from, cheap_to, suspect_to);
}

/*
 * The search reads only as much as pays for itself: in an area where every
 * range costs the same it stops after the request's size and the floor,
 * however large the area, even if a free range lies beyond; a range that
 * gets cheaper step by step from within the floor is followed to its free
 * end; ranges that look pinned do not stop it.
 */
static void cma_test_search_bound(struct kunit *test)
{
	unsigned long floor = 4096 + CMA_SEARCH_READS_FLOOR;

	/* Uniform: the first range, after count + floor reads. */
	cma_test_bound_case(test, 0, 0, 0, floor, 0);
	/* A free range near: found, nothing read past it. */
	cma_test_bound_case(test, 1000, 5096, 0, 5096, 1000);
	/* Savings begin within the floor, each step saves a page: followed. */
	cma_test_bound_case(test, 6000, 10096, 0, 10096, 6000);
	/* The trade-off: a free range past the floor is not seen. */
	cma_test_bound_case(test, 9000, 13096, 0, floor, 0);
	/*
	 * Cheaper step by step to 64 pages in use at 3000, no cheaper after:
	 * the saving would pay for the whole area, but once the best could
	 * save no more than the reads since it was found, the search stops
	 * (at the next range looked at: up to 64 chunks on, past the next one
	 * in use, as ranges that only drop free chunks are skipped).
	 */
	cma_test_bound_case(test, 3000, 32768, 0,
			    4096 + 3000 + 64 * CMA_READS_PER_MIGRATION + 64,
			    3000);
	/* Pinned pages up to 20000: read on to the first clean range. */
	cma_test_bound_case(test, 0, 0, 20000, 20000 + floor, 20000);
}

/* Small requests may migrate up to their size to stay packed low. */
static void cma_test_request_slack(struct kunit *test)
{
	struct cma_request req;

	KUNIT_ASSERT_TRUE(test, cma_request_init(&req, 0, 0, 16, 0));
	KUNIT_EXPECT_EQ(test, req.slack, 16UL);
	KUNIT_ASSERT_TRUE(test, cma_request_init(&req, 0, 0,
						 pageblock_nr_pages - 1, 0));
	KUNIT_EXPECT_EQ(test, req.slack, pageblock_nr_pages - 1);
	KUNIT_ASSERT_TRUE(test, cma_request_init(&req, 0, 0,
						 pageblock_nr_pages, 0));
	KUNIT_EXPECT_EQ(test, req.slack, 0UL);
}

/* Page ratings, read from real pages */

/*
 * A compound page of kernel memory outside any area, rated from its head
 * and from a tail: in use, on no LRU list and not movable, so it looks in
 * flight, one page at a time; no reference is taken (a range that
 * cma_release() is freeing looks just like this, and free_contig_range()
 * must find its reference counts untouched).
 */
static void cma_test_page_kind_kernel_page(struct kunit *test)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	unsigned long nr;
	int refs;

	KUNIT_ASSERT_NOT_NULL(test, head);
	refs = page_count(head);
	KUNIT_EXPECT_EQ(test, cma_page_kind(head, &nr), CMA_PAGE_SUSPECT);
	KUNIT_EXPECT_EQ(test, nr, 1UL);
	KUNIT_EXPECT_EQ(test, cma_page_kind(head + 1, &nr), CMA_PAGE_SUSPECT);
	KUNIT_EXPECT_EQ(test, nr, 1UL);
	KUNIT_EXPECT_EQ(test, page_count(head), refs);
	__free_pages(head, 2);
}

/*
 * Chunk ratings: every page of a chunk is counted, and the pages the last
 * read covered are remembered across chunks.
 */
static void cma_test_scan_counts_pages(struct kunit *test)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	struct cma fake = { .order_per_bit = 1, .count = 4 };
	struct cma_scan sc = { .cma = &fake };
	unsigned long busy = 0;
	u32 c;

	KUNIT_ASSERT_NOT_NULL(test, head);
	fake.base_pfn = page_to_pfn(head);
	fake.busy = &busy;
	c = cma_scan_chunk(&sc, 0);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(c), 2UL);
	KUNIT_EXPECT_EQ(test, sc.run_end, fake.base_pfn + 2);
	c = cma_scan_chunk(&sc, 1);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(c), 2UL);
	KUNIT_EXPECT_EQ(test, cma_cost_movable(c), 0UL);
	KUNIT_EXPECT_EQ(test, sc.run_end, fake.base_pfn + 4);
	__free_pages(head, 2);
}

/*
 * Ratings last for the allocation: a second fill of the same chunks reads
 * nothing, a chunk marked busy meanwhile comes back blocked, and after
 * cma_scan_forget() the pages are read again.
 */
static void cma_test_scan_reuses_ratings(struct kunit *test)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	struct cma fake = { .order_per_bit = 1, .count = 4 };
	struct cma_scan sc = { .cma = &fake };
	unsigned long busy = 0, rated = 0;
	u32 cost[2] = { 0 };

	KUNIT_ASSERT_NOT_NULL(test, head);
	fake.base_pfn = page_to_pfn(head);
	fake.busy = &busy;
	fake.rated = &rated;
	fake.cost = cost;
	cma_scan_forget(&sc);
	/* Kernel pages, suspect: one read each. */
	KUNIT_EXPECT_EQ(test, cma_scan_fill(&sc, 0, 2), 4UL);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(cost[1]), 2UL);
	KUNIT_EXPECT_EQ(test, cma_scan_fill(&sc, 0, 2), 0UL);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(cost[1]), 2UL);
	__set_bit(1, &busy);
	KUNIT_EXPECT_EQ(test, cma_scan_fill(&sc, 0, 2), 0UL);
	KUNIT_EXPECT_EQ(test, cost[1], CMA_COST_BLOCKED);
	/* Only the chunk that was busy is read again. */
	cma_scan_forget_busy(&sc);
	KUNIT_EXPECT_EQ(test, busy, 0UL);
	KUNIT_EXPECT_EQ(test, cma_scan_fill(&sc, 0, 2), 2UL);
	KUNIT_EXPECT_EQ(test, cma_cost_suspect(cost[1]), 2UL);
	cma_scan_forget(&sc);
	KUNIT_EXPECT_EQ(test, cma_scan_fill(&sc, 0, 2), 4UL);
	KUNIT_EXPECT_EQ(test, sc.read, 10UL);
	__free_pages(head, 2);
}

/*
 * The search scratch exists exactly for the areas that allocated: an area
 * that no cma_alloc() reached (a reserve, a hugetlb area not yet used)
 * costs its bitmap only. Runs on the areas of the booted system, and says
 * how many were never allocated from (scripts/tests/50-kunit.sh boots
 * with one).
 */
static void cma_test_scratch_on_first_use(struct kunit *test)
{
	const struct cma_stats *st;
	unsigned int i, r, unused = 0;
	bool called;

	for (i = 0; i < cma_area_count; i++) {
		st = &cma_areas[i].stats;
		if (!cma_areas[i].bitmap)
			continue;
		if (atomic64_read(&st->attempts)) {
			KUNIT_EXPECT_NOT_NULL_MSG(test, cma_areas[i].cost, "%s",
						  cma_areas[i].name);
			KUNIT_EXPECT_NOT_NULL_MSG(test, cma_areas[i].busy, "%s",
						  cma_areas[i].name);
			KUNIT_EXPECT_NOT_NULL_MSG(test, cma_areas[i].rated, "%s",
						  cma_areas[i].name);
			continue;
		}
		/* A failed call may or may not have got as far as the search. */
		called = atomic64_read(&st->alloc_pages_success);
		for (r = 0; r < NR_CMA_FAIL_REASONS; r++)
			called |= !!atomic64_read(&st->fail[r]);
		if (called)
			continue;
		KUNIT_EXPECT_NULL_MSG(test, cma_areas[i].cost, "%s",
				      cma_areas[i].name);
		KUNIT_EXPECT_NULL_MSG(test, cma_areas[i].busy, "%s",
				      cma_areas[i].name);
		KUNIT_EXPECT_NULL_MSG(test, cma_areas[i].rated, "%s",
				      cma_areas[i].name);
		unused++;
	}
	kunit_info(test, "areas never allocated from: %u\n", unused);
}

static struct kunit_case cma_placement_cases[] = {
	KUNIT_CASE(cma_test_pages_to_chunks),
	KUNIT_CASE(cma_test_request),
	KUNIT_CASE(cma_test_request_rejects_huge_align),
	KUNIT_CASE(cma_test_request_slack),
	KUNIT_CASE(cma_test_cost_pack),
	KUNIT_CASE(cma_test_window_order),
	KUNIT_CASE(cma_test_search),
	KUNIT_CASE(cma_test_search_matches_brute_force),
	KUNIT_CASE(cma_test_search_long_run),
	KUNIT_CASE(cma_test_search_bound),
	KUNIT_CASE(cma_test_page_kind_kernel_page),
	KUNIT_CASE(cma_test_scan_reuses_ratings),
	KUNIT_CASE(cma_test_scan_counts_pages),
	KUNIT_CASE(cma_test_scratch_on_first_use),
	{}
};

static struct kunit_suite cma_placement_suite = {
	.name = "cma_placement",
	.test_cases = cma_placement_cases,
};

kunit_test_suite(cma_placement_suite);

#endif /* _MM_CMA_KUNIT_H */
