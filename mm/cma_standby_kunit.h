/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the CMA standby bookkeeping, as pure functions: where a
 * request fits in a run, what serving it leaves, which released chunks a
 * run keeps, and trimming to a lower target. Included at the end of
 * mm/cma_standby.c; no live area is needed.
 */

#ifndef _MM_CMA_STANDBY_KUNIT_H
#define _MM_CMA_STANDBY_KUNIT_H

#include <kunit/test.h>

/* A request of @pages pages aligned to 2^@align, in an area at @base. */
static struct cma_request cma_test_req(unsigned long base, unsigned long pages,
				       unsigned int align)
{
	struct cma_request req;

	cma_request_init(&req, base, 0, pages, align);
	return req;
}

struct cma_fit_case {
	unsigned long run_start, run_chunks;
	unsigned long base, pages;
	unsigned int align;
	bool fits;
	unsigned long at;
};

static const struct cma_fit_case cma_fit_cases[] = {
	/* exact fit, unaligned request */
	{ 10, 16, 0, 16, 0, true, 10 },
	/* too long for the run */
	{ 10, 16, 0, 17, 0, false, 0 },
	/* aligned: first multiple of 8 at or after 10 is 16 */
	{ 10, 16, 0, 8, 3, true, 16 },
	/* aligned but the aligned start leaves too little */
	{ 10, 16, 0, 16, 3, false, 0 },
	/* the area base shifts the alignment: pfn 0x104 + 4 = 0x108 */
	{ 0, 16, 0x104, 8, 3, true, 4 },
	/* empty run */
	{ 0, 0, 0, 1, 0, false, 0 },
	/* a run at the end of a large area */
	{ ULONG_MAX - 32, 32, 0, 16, 4, true, ULONG_MAX - 31 },
};

static void cma_test_standby_fit(struct kunit *test)
{
	const struct cma_fit_case *c;
	struct cma_standby_run run;
	struct cma_request req;
	unsigned long at;
	int i;

	for (i = 0; i < ARRAY_SIZE(cma_fit_cases); i++) {
		c = &cma_fit_cases[i];
		run.start = c->run_start;
		run.chunks = c->run_chunks;
		req = cma_test_req(c->base, c->pages, c->align);
		at = 0;
		KUNIT_EXPECT_EQ_MSG(test, cma_standby_fit(&run, &req, &at),
				    c->fits, "case %d", i);
		if (c->fits)
			KUNIT_EXPECT_EQ_MSG(test, at, c->at, "case %d", i);
	}
}

static void cma_test_standby_carve(struct kunit *test)
{
	struct cma_standby_run run = { 100, 64 }, back;

	/* From the start: the tail stays, nothing goes back. */
	cma_standby_carve(&run, 100, 16, &back);
	KUNIT_EXPECT_EQ(test, run.start, 116UL);
	KUNIT_EXPECT_EQ(test, run.chunks, 48UL);
	KUNIT_EXPECT_EQ(test, back.chunks, 0UL);

	/* In the middle, longer tail: the head goes back. */
	cma_standby_carve(&run, 120, 8, &back);
	KUNIT_EXPECT_EQ(test, run.start, 128UL);
	KUNIT_EXPECT_EQ(test, run.chunks, 36UL);
	KUNIT_EXPECT_EQ(test, back.start, 116UL);
	KUNIT_EXPECT_EQ(test, back.chunks, 4UL);

	/* Near the end, longer head: the tail goes back. */
	cma_standby_carve(&run, 160, 2, &back);
	KUNIT_EXPECT_EQ(test, run.start, 128UL);
	KUNIT_EXPECT_EQ(test, run.chunks, 32UL);
	KUNIT_EXPECT_EQ(test, back.start, 162UL);
	KUNIT_EXPECT_EQ(test, back.chunks, 2UL);

	/* All of it: nothing left, nothing back. */
	cma_standby_carve(&run, 128, 32, &back);
	KUNIT_EXPECT_EQ(test, run.chunks, 0UL);
	KUNIT_EXPECT_EQ(test, back.chunks, 0UL);
}

struct cma_join_case {
	unsigned long run_start, run_chunks;
	unsigned long target;
	unsigned long rel_start, rel_chunks;
	unsigned long join_start, join_chunks;
};

static const struct cma_join_case cma_join_cases[] = {
	/* run full: keep nothing */
	{ 64, 16, 16, 80, 16, 0, 0 },
	/* released right after a short run: extend up to the target */
	{ 64, 8, 16, 72, 16, 72, 8 },
	/* released right before a short run */
	{ 64, 8, 16, 60, 4, 60, 4 },
	/* released apart from a short run: nothing */
	{ 64, 8, 16, 100, 16, 0, 0 },
	/* no run: an aligned range of the target size (16: 16-aligned) */
	{ 0, 0, 16, 40, 32, 48, 16 },
	/* no run, released too short */
	{ 0, 0, 16, 40, 15, 0, 0 },
	/* no run, long enough but no aligned fit */
	{ 0, 0, 16, 40, 20, 0, 0 },
	/* standby off */
	{ 0, 0, 0, 40, 20, 0, 0 },
};

static void cma_test_standby_join(struct kunit *test)
{
	const struct cma_join_case *c;
	struct cma_standby_run run, rel, join;
	struct cma_request want;
	int i;

	for (i = 0; i < ARRAY_SIZE(cma_join_cases); i++) {
		c = &cma_join_cases[i];
		run.start = c->run_start;
		run.chunks = c->run_chunks;
		rel.start = c->rel_start;
		rel.chunks = c->rel_chunks;
		want = cma_test_req(0, c->target, ilog2(c->target ?: 1));
		cma_standby_join(&run, &want, &rel, &join);
		KUNIT_EXPECT_EQ_MSG(test, join.chunks, c->join_chunks,
				    "case %d", i);
		if (c->join_chunks)
			KUNIT_EXPECT_EQ_MSG(test, join.start, c->join_start,
					    "case %d", i);
	}
}

static void cma_test_standby_trim(struct kunit *test)
{
	struct cma_standby_run run = { 32, 64 }, back;

	cma_standby_trim(&run, 64, &back);
	KUNIT_EXPECT_EQ(test, run.chunks, 64UL);
	KUNIT_EXPECT_EQ(test, back.chunks, 0UL);

	cma_standby_trim(&run, 16, &back);
	KUNIT_EXPECT_EQ(test, run.start, 32UL);
	KUNIT_EXPECT_EQ(test, run.chunks, 16UL);
	KUNIT_EXPECT_EQ(test, back.start, 48UL);
	KUNIT_EXPECT_EQ(test, back.chunks, 48UL);

	cma_standby_trim(&run, 0, &back);
	KUNIT_EXPECT_EQ(test, run.chunks, 0UL);
	KUNIT_EXPECT_EQ(test, back.start, 32UL);
	KUNIT_EXPECT_EQ(test, back.chunks, 16UL);
}

/* Serving then releasing gives the run back as it was. */
static void cma_test_standby_serve_release(struct kunit *test)
{
	struct cma_standby_run run = { 256, 256 }, back, rel, join;
	struct cma_request req = cma_test_req(0, 64, 6);
	struct cma_request want = cma_test_req(0, 256, 8);
	unsigned long at;

	KUNIT_ASSERT_TRUE(test, cma_standby_fit(&run, &req, &at));
	KUNIT_EXPECT_EQ(test, at, 256UL);
	cma_standby_carve(&run, at, req.chunks, &back);
	KUNIT_EXPECT_EQ(test, back.chunks, 0UL);
	rel.start = at;
	rel.chunks = req.chunks;
	cma_standby_join(&run, &want, &rel, &join);
	KUNIT_EXPECT_EQ(test, join.start, 256UL);
	KUNIT_EXPECT_EQ(test, join.chunks, 64UL);
}

static struct kunit_case cma_standby_cases[] = {
	KUNIT_CASE(cma_test_standby_fit),
	KUNIT_CASE(cma_test_standby_carve),
	KUNIT_CASE(cma_test_standby_join),
	KUNIT_CASE(cma_test_standby_trim),
	KUNIT_CASE(cma_test_standby_serve_release),
	{}
};

static struct kunit_suite cma_standby_suite = {
	.name = "cma_standby",
	.test_cases = cma_standby_cases,
};

kunit_test_suite(cma_standby_suite);

#endif /* _MM_CMA_STANDBY_KUNIT_H */
