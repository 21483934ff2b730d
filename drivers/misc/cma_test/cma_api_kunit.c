// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit conformance tests for the public CMA API.
 *
 * The suite "cma_api" checks the contract of <linux/cma.h> - cma_alloc(),
 * cma_release(), cma_pages_valid(), cma_get_base(), cma_get_size(),
 * cma_get_name() and cma_for_each_area() - on the live default CMA area,
 * dev_get_cma_area(NULL), the one that cma=SIZE (or CONFIG_CMA_SIZE_*)
 * reserves. It uses nothing but that API, so it runs unchanged against
 * any implementation of it, upstream's included.
 *
 * It is built in (the CMA API is not exported to modules) and runs at boot,
 * before userspace, when nobody else allocates from the default area; some
 * cases fill the whole area for a moment. Every buffer a case allocates is
 * a KUnit resource, released when the case ends even if an assertion
 * stopped it early.
 *
 * Releasing part of an allocation is allowed (hugetlb does it) and tested
 * on every implementation. Releasing pages that are not allocated (twice,
 * beyond the end of an allocation, or never) is only tested when
 * <linux/cma.h> defines CMA_RELEASE_CHECKS_ALLOCATED, which promises that
 * such a cma_release() frees nothing and returns true, so that callers
 * which free what cma_release() did not take (dma_free_contiguous(),
 * hugetlb) leave the pages alone too. Upstream 6.1 frees
 * whatever range it is given, so without that promise those cases are
 * skipped: running them would corrupt memory.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/completion.h>
#include <linux/dma-map-ops.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/vmstat.h>

/**
 * struct cma_api_ctx - the area under test
 * @cma: the default CMA area
 * @base_pfn: its first page frame
 * @end_pfn: the page frame just past its end
 * @nr_pages: its size in pages
 */
struct cma_api_ctx {
	struct cma *cma;
	unsigned long base_pfn;
	unsigned long end_pfn;
	unsigned long nr_pages;
};

/**
 * struct cma_api_buf - pages a test case allocated from the area
 * @cma: the area they came from
 * @pages: the first page
 * @pfn: its page frame number
 * @count: the number of pages
 * @held: still allocated; released by the KUnit resource if so
 * @node: in a list of the test case's buffers, if any
 */
struct cma_api_buf {
	struct cma *cma;
	struct page *pages;
	unsigned long pfn;
	unsigned long count;
	bool held;
	struct list_head node;
};

static int cma_api_test_init(struct kunit *test)
{
	struct cma *cma = dev_get_cma_area(NULL);
	struct cma_api_ctx *ctx;

	KUNIT_ASSERT_NOT_NULL_MSG(test, cma,
				  "no default CMA area: boot with cma=SIZE");
	KUNIT_ASSERT_PTR_EQ(test, cma, dma_contiguous_default_area);

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->cma = cma;
	ctx->base_pfn = PHYS_PFN(cma_get_base(cma));
	ctx->nr_pages = cma_get_size(cma) >> PAGE_SHIFT;
	ctx->end_pfn = ctx->base_pfn + ctx->nr_pages;
	KUNIT_ASSERT_GT_MSG(test, ctx->nr_pages, 0UL,
			    "the default CMA area has no pages");
	test->priv = ctx;
	return 0;
}

static int cma_api_buf_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

/* Called when the test case ends: give back what the case still holds. */
static void cma_api_buf_free(struct kunit_resource *res)
{
	struct cma_api_buf *buf = res->data;

	if (buf->held)
		cma_release(buf->cma, buf->pages, buf->count);
	kfree(buf);
}

/*
 * cma_alloc() @count pages aligned to 2^@align pages from the area under
 * test. The buffer is released when the test case ends at the latest.
 * Returns NULL if the allocation failed.
 */
static struct cma_api_buf *cma_api_alloc(struct kunit *test,
					 unsigned long count,
					 unsigned int align, bool no_warn)
{
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_buf *buf;
	struct page *pages;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	pages = cma_alloc(ctx->cma, count, align, no_warn);
	if (!pages) {
		kfree(buf);
		return NULL;
	}
	buf->cma = ctx->cma;
	buf->pages = pages;
	buf->pfn = page_to_pfn(pages);
	buf->count = count;
	buf->held = true;
	INIT_LIST_HEAD(&buf->node);

	if (!kunit_alloc_resource(test, cma_api_buf_init, cma_api_buf_free,
				  GFP_KERNEL, buf)) {
		cma_release(ctx->cma, pages, count);
		kfree(buf);
		KUNIT_ASSERT_FAILURE(test, "cannot track a CMA buffer");
	}
	return buf;
}

/* cma_release() of a whole buffer; once that succeeds it is no longer ours. */
static bool cma_api_release(struct cma_api_buf *buf)
{
	if (!buf->held || !cma_release(buf->cma, buf->pages, buf->count))
		return false;
	buf->held = false;
	return true;
}

static void cma_api_release_all(struct kunit *test, struct list_head *bufs)
{
	struct cma_api_buf *buf, *tmp;

	list_for_each_entry_safe(buf, tmp, bufs, node) {
		list_del_init(&buf->node);
		KUNIT_EXPECT_TRUE_MSG(test, cma_api_release(buf),
				      "cma_release() of %lu pages at pfn %#lx failed",
				      buf->count, buf->pfn);
	}
}

/* The buffer lies inside the area and cma_pages_valid() agrees. */
static void cma_api_expect_in_area(struct kunit *test,
				   const struct cma_api_buf *buf)
{
	struct cma_api_ctx *ctx = test->priv;

	KUNIT_EXPECT_GE_MSG(test, buf->pfn, ctx->base_pfn,
			    "%lu pages at pfn %#lx start below the area [%#lx, %#lx)",
			    buf->count, buf->pfn, ctx->base_pfn, ctx->end_pfn);
	KUNIT_EXPECT_LE_MSG(test, buf->pfn + buf->count, ctx->end_pfn,
			    "%lu pages at pfn %#lx end past the area [%#lx, %#lx)",
			    buf->count, buf->pfn, ctx->base_pfn, ctx->end_pfn);
	KUNIT_EXPECT_TRUE_MSG(test,
			      cma_pages_valid(ctx->cma, buf->pages, buf->count),
			      "cma_pages_valid() is false for %lu pages at pfn %#lx",
			      buf->count, buf->pfn);
}

/* Write a byte pattern derived from @seed to every page of the buffer. */
static void cma_api_write(const struct cma_api_buf *buf, u8 seed)
{
	unsigned long i;

	for (i = 0; i < buf->count; i++) {
		void *addr = kmap_local_page(nth_page(buf->pages, i));

		memset(addr, (u8)(seed + i), PAGE_SIZE);
		kunmap_local(addr);
	}
}

/* The pattern cma_api_write() wrote with @seed is still there. */
static bool cma_api_intact(const struct cma_api_buf *buf, u8 seed)
{
	unsigned long i;
	bool ok = true;

	for (i = 0; i < buf->count && ok; i++) {
		void *addr = kmap_local_page(nth_page(buf->pages, i));

		ok = !memchr_inv(addr, (u8)(seed + i), PAGE_SIZE);
		kunmap_local(addr);
	}
	return ok;
}

/*
 * Allocate all the free space left in the area, in chunks of decreasing
 * size, and add the buffers to @bufs. Fails the test case if the area hands
 * out more pages than it has. Returns the number of pages allocated.
 */
static unsigned long cma_api_fill_area(struct kunit *test,
				       struct list_head *bufs)
{
	static const unsigned long chunks[] = { 256, 16, 1 };
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_buf *buf;
	unsigned long held = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(chunks); i++) {
		while ((buf = cma_api_alloc(test, chunks[i], 0, true))) {
			list_add_tail(&buf->node, bufs);
			cma_api_expect_in_area(test, buf);
			held += buf->count;
			KUNIT_ASSERT_LE_MSG(test, held, ctx->nr_pages,
					    "the area handed out more than its %lu pages",
					    ctx->nr_pages);
		}
	}
	return held;
}

/* Not even one page is left in the area. */
static void cma_api_expect_full(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	struct page *page = cma_alloc(ctx->cma, 1, 0, true);

	KUNIT_EXPECT_NULL_MSG(test, page,
			      "the area should be full, yet pfn %#lx was free",
			      page ? page_to_pfn(page) : 0UL);
	if (page)
		cma_release(ctx->cma, page, 1);
}

#ifdef CMA_RELEASE_CHECKS_ALLOCATED
/*
 * Fill the area except for a hole of @pages pages, the only free space;
 * return the (released) buffer that described the hole.
 */
static struct cma_api_buf *cma_api_fill_but_hole(struct kunit *test,
						 struct list_head *filler,
						 unsigned long pages)
{
	struct cma_api_buf *hole = cma_api_alloc(test, pages, 0, false);

	KUNIT_ASSERT_NOT_NULL(test, hole);
	cma_api_fill_area(test, filler);
	KUNIT_ASSERT_TRUE(test, cma_api_release(hole));
	return hole;
}

/* Allocate @pages pages, which must land in @hole. */
static struct cma_api_buf *cma_api_alloc_in_hole(struct kunit *test,
						 struct cma_api_buf *hole,
						 unsigned long pages)
{
	struct cma_api_buf *buf = cma_api_alloc(test, pages, 0, false);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_TRUE_MSG(test, buf->pfn >= hole->pfn &&
			      buf->pfn + buf->count <= hole->pfn + hole->count,
			      "%lu pages at pfn %#lx, yet the only free range was %lu pages at pfn %#lx",
			      pages, buf->pfn, hole->count, hole->pfn);
	return buf;
}

/*
 * After a refused release: the area has exactly @free pages left, which
 * @filler takes, so the release freed nothing. Then give @buf and @filler
 * back (not @buf if pages went missing: they may belong to others now).
 */
static void cma_api_expect_untouched(struct kunit *test,
				     struct list_head *filler,
				     struct cma_api_buf *buf,
				     unsigned long free)
{
	unsigned long refill = cma_api_fill_area(test, filler);

	KUNIT_EXPECT_EQ_MSG(test, refill, free,
			    "after the refused release, %lu pages were free, not %lu",
			    refill, free);
	if (refill == free)
		KUNIT_EXPECT_TRUE(test, cma_api_release(buf));
	else
		buf->held = false;
	cma_api_release_all(test, filler);
}
#endif

/**
 * struct cma_api_size - an allocation size to test
 * @count: pages
 * @desc: its description
 */
struct cma_api_size {
	unsigned long count;
	const char *desc;
};

static const struct cma_api_size cma_api_sizes[] = {
	{ 1, "1 page" },
	{ 5, "5 pages" },
	{ SZ_1M >> PAGE_SHIFT, "1 MiB" },
};

static void cma_api_size_desc(const struct cma_api_size *size, char *desc)
{
	strscpy(desc, size->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cma_api_size, cma_api_sizes, cma_api_size_desc);

/* The getters describe a sane, page-aligned area that exists in memory. */
static void cma_api_getters(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	phys_addr_t base = cma_get_base(ctx->cma);
	unsigned long size = cma_get_size(ctx->cma);
	const char *name = cma_get_name(ctx->cma);

	KUNIT_ASSERT_NOT_NULL(test, name);
	KUNIT_EXPECT_GT(test, strnlen(name, CMA_MAX_NAME), (size_t)0);
	KUNIT_EXPECT_LT_MSG(test, strnlen(name, CMA_MAX_NAME),
			    (size_t)CMA_MAX_NAME, "name not terminated");

	KUNIT_EXPECT_TRUE_MSG(test, PAGE_ALIGNED(base), "base %pa", &base);
	KUNIT_EXPECT_TRUE_MSG(test, PAGE_ALIGNED(size), "size %#lx", size);
	KUNIT_EXPECT_GT_MSG(test, base + size - 1, base,
			    "base %pa + size %#lx wraps around", &base, size);
#ifdef CMA_MIN_ALIGNMENT_BYTES
	KUNIT_EXPECT_TRUE_MSG(test, IS_ALIGNED(base | size,
					       CMA_MIN_ALIGNMENT_BYTES),
			      "base %pa, size %#lx: not aligned to %#lx",
			      &base, size, (unsigned long)CMA_MIN_ALIGNMENT_BYTES);
#endif
	KUNIT_EXPECT_TRUE(test, pfn_valid(ctx->base_pfn));
	KUNIT_EXPECT_TRUE(test, pfn_valid(ctx->end_pfn - 1));

	/* The getters are stable. */
	KUNIT_EXPECT_EQ(test, cma_get_base(ctx->cma), base);
	KUNIT_EXPECT_EQ(test, cma_get_size(ctx->cma), size);
	KUNIT_EXPECT_PTR_EQ(test, cma_get_name(ctx->cma), name);
	kunit_info(test, "area %s: base %pa, size %lu KiB\n", name, &base,
		   size / SZ_1K);
}

/*
 * Allocate, check the pages are ours and usable, release; the same size can
 * then be allocated again.
 */
static void cma_api_alloc_release(struct kunit *test)
{
	const struct cma_api_size *size = test->param_value;
	struct cma_api_buf *buf, *again;

	buf = cma_api_alloc(test, size->count, 0, false);
	KUNIT_ASSERT_NOT_NULL_MSG(test, buf, "cma_alloc(%lu pages) failed",
				  size->count);
	cma_api_expect_in_area(test, buf);
	cma_api_write(buf, 0x5a);
	KUNIT_EXPECT_TRUE_MSG(test, cma_api_intact(buf, 0x5a),
			      "the pages do not keep what was written to them");
	KUNIT_EXPECT_TRUE_MSG(test, cma_api_release(buf),
			      "cma_release() of a fresh allocation returned false");

	again = cma_api_alloc(test, size->count, 0, false);
	KUNIT_ASSERT_NOT_NULL_MSG(test, again,
				  "cma_alloc(%lu pages) failed after a release",
				  size->count);
	cma_api_expect_in_area(test, again);
	KUNIT_EXPECT_TRUE(test, cma_api_release(again));
}

/*
 * With the rest of the area allocated, a released range is the only free
 * space: allocating its size again must return exactly that range, and the
 * area is then full again.
 */
static void cma_api_reuse_released_range(struct kunit *test)
{
	const struct cma_api_size *size = test->param_value;
	struct cma_api_buf *buf, *again;
	LIST_HEAD(filler);

	buf = cma_api_alloc(test, size->count, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	cma_api_fill_area(test, &filler);

	KUNIT_ASSERT_TRUE(test, cma_api_release(buf));
	again = cma_api_alloc(test, size->count, 0, false);
	KUNIT_ASSERT_NOT_NULL_MSG(test, again,
				  "the released %lu pages at pfn %#lx cannot be allocated again",
				  buf->count, buf->pfn);
	KUNIT_EXPECT_EQ_MSG(test, again->pfn, buf->pfn,
			    "the only free range was %lu pages at pfn %#lx",
			    buf->count, buf->pfn);
	cma_api_expect_full(test);

	KUNIT_EXPECT_TRUE(test, cma_api_release(again));
	cma_api_release_all(test, &filler);
}

static const unsigned int cma_api_orders[] = {
	0, 1, 4, 8,
#ifdef CONFIG_CMA_ALIGNMENT
	CONFIG_CMA_ALIGNMENT,
#endif
};

static bool cma_api_order_seen(const unsigned int *order)
{
	const unsigned int *p;

	for (p = cma_api_orders; p < order; p++)
		if (*p == *order)
			return true;
	return false;
}

/* Each distinct order of cma_api_orders[], in order. */
static const void *cma_api_order_gen_params(const void *prev, char *desc)
{
	const unsigned int *order = prev ? (const unsigned int *)prev + 1 :
					   cma_api_orders;

	for (; order < cma_api_orders + ARRAY_SIZE(cma_api_orders); order++) {
		if (cma_api_order_seen(order))
			continue;
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "order %u", *order);
		return order;
	}
	return NULL;
}

/*
 * Allocations with align = ORDER start on a multiple of 2^ORDER pages, also
 * when the free space does not start on one (a 1-page allocation skews it).
 */
static void cma_api_alignment(struct kunit *test)
{
	const unsigned int order = *(const unsigned int *)test->param_value;
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_buf *skew, *buf[2];
	int i;

	if ((1UL << order) > ctx->nr_pages)
		kunit_skip(test, "order %u is larger than the %lu-page area",
			   order, ctx->nr_pages);

	skew = cma_api_alloc(test, 1, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, skew);
	for (i = 0; i < ARRAY_SIZE(buf); i++) {
		buf[i] = cma_api_alloc(test, 3, order, false);
		KUNIT_ASSERT_NOT_NULL_MSG(test, buf[i],
					  "cma_alloc(3 pages, align %u) failed",
					  order);
		cma_api_expect_in_area(test, buf[i]);
		KUNIT_EXPECT_EQ_MSG(test, buf[i]->pfn & ((1UL << order) - 1), 0UL,
				    "pfn %#lx is not a multiple of %lu",
				    buf[i]->pfn, 1UL << order);
	}
	for (i = 0; i < ARRAY_SIZE(buf); i++)
		KUNIT_EXPECT_TRUE(test, cma_api_release(buf[i]));
	KUNIT_EXPECT_TRUE(test, cma_api_release(skew));
}

/* Live allocations never share a page, and each keeps its own contents. */
static void cma_api_no_overlap(struct kunit *test)
{
	static const unsigned long counts[] = { 1, 3, 16, 5, 64, 2, 256, 7, 1, 128 };
	struct cma_api_buf *buf[ARRAY_SIZE(counts)];
	int i, j;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		buf[i] = cma_api_alloc(test, counts[i], 0, false);
		KUNIT_ASSERT_NOT_NULL_MSG(test, buf[i],
					  "allocation %d (%lu pages) failed",
					  i, counts[i]);
		cma_api_expect_in_area(test, buf[i]);
		cma_api_write(buf[i], 17 * i);
	}

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		for (j = i + 1; j < ARRAY_SIZE(counts); j++)
			KUNIT_EXPECT_TRUE_MSG(test,
					      buf[i]->pfn + buf[i]->count <= buf[j]->pfn ||
					      buf[j]->pfn + buf[j]->count <= buf[i]->pfn,
					      "[%#lx, +%lu) overlaps [%#lx, +%lu)",
					      buf[i]->pfn, buf[i]->count,
					      buf[j]->pfn, buf[j]->count);
		KUNIT_EXPECT_TRUE_MSG(test, cma_api_intact(buf[i], 17 * i),
				      "allocation %d was overwritten", i);
	}

	/* Release in an order unlike the allocation order. */
	for (i = 1; i < ARRAY_SIZE(counts); i += 2)
		KUNIT_EXPECT_TRUE(test, cma_api_release(buf[i]));
	for (i = 0; i < ARRAY_SIZE(counts); i += 2)
		KUNIT_EXPECT_TRUE(test, cma_api_release(buf[i]));
}

enum cma_api_bad_alloc {
	CMA_API_AREA_PLUS_ONE,
	CMA_API_TWICE_THE_AREA,
	CMA_API_ZERO_PAGES,
	CMA_API_NULL_AREA,
	CMA_API_ULONG_MAX_PAGES,
	CMA_API_HALF_ULONG_PAGES,
	CMA_API_ALIGN_BEYOND_AREA,
	CMA_API_ALIGN_BITS_MINUS_ONE,
	CMA_API_ALIGN_BITS,
	CMA_API_ALIGN_UINT_MAX,
};

/**
 * struct cma_api_bad_request - a cma_alloc() that must return NULL
 * @what: the request
 * @desc: its description
 * @checked: only an implementation that checks its arguments survives it
 *	(upstream 6.1 shifts by the alignment unchecked)
 */
struct cma_api_bad_request {
	enum cma_api_bad_alloc what;
	const char *desc;
	bool checked;
};

static const struct cma_api_bad_request cma_api_bad_requests[] = {
	{ CMA_API_AREA_PLUS_ONE, "one page more than the area" },
	{ CMA_API_TWICE_THE_AREA, "twice the area" },
	{ CMA_API_ZERO_PAGES, "0 pages" },
	{ CMA_API_NULL_AREA, "NULL area" },
	{ CMA_API_ULONG_MAX_PAGES, "ULONG_MAX pages" },
	{ CMA_API_HALF_ULONG_PAGES, "ULONG_MAX / 2 + 1 pages" },
	{ CMA_API_ALIGN_BEYOND_AREA, "alignment beyond the area" },
	{ CMA_API_ALIGN_BITS_MINUS_ONE, "alignment BITS_PER_LONG - 1" },
	{ CMA_API_ALIGN_BITS, "alignment BITS_PER_LONG", true },
	{ CMA_API_ALIGN_UINT_MAX, "alignment UINT_MAX", true },
};

static void cma_api_bad_request_desc(const struct cma_api_bad_request *req,
				     char *desc)
{
	strscpy(desc, req->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cma_api_bad_request, cma_api_bad_requests,
		  cma_api_bad_request_desc);

/* The CMA_ALLOC_FAIL event count (cma_alloc_fail in /proc/vmstat). */
static unsigned long cma_api_alloc_fail_events(struct kunit *test)
{
#ifdef CONFIG_VM_EVENT_COUNTERS
	unsigned long *events;

	events = kunit_kcalloc(test, NR_VM_EVENT_ITEMS, sizeof(*events),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, events);
	all_vm_events(events);
	return events[CMA_ALLOC_FAIL];
#else
	return 0;
#endif
}

/*
 * Requests that cannot be met return NULL (quietly: no_warn), and each
 * counts as one failed allocation in /proc/vmstat, as in 6.1: a NULL area
 * included.
 */
static void cma_api_alloc_rejects(struct kunit *test)
{
	const struct cma_api_bad_request *req = test->param_value;
	struct cma_api_ctx *ctx = test->priv;
	struct cma *cma = ctx->cma;
	unsigned long count = 1;
	unsigned int align = 0;
	unsigned long fails;
	struct page *page;

#ifndef CMA_RELEASE_CHECKS_ALLOCATED
	if (req->checked)
		kunit_skip(test, "upstream 6.1 does not check the alignment");
#endif
	switch (req->what) {
	case CMA_API_AREA_PLUS_ONE:
		count = ctx->nr_pages + 1;
		break;
	case CMA_API_TWICE_THE_AREA:
		count = 2 * ctx->nr_pages;
		break;
	case CMA_API_ZERO_PAGES:
		count = 0;
		break;
	case CMA_API_NULL_AREA:
		cma = NULL;
		break;
	case CMA_API_ULONG_MAX_PAGES:
		count = ULONG_MAX;
		break;
	case CMA_API_HALF_ULONG_PAGES:
		count = ULONG_MAX / 2 + 1;
		break;
	case CMA_API_ALIGN_BEYOND_AREA:
		/* No multiple of 2^align pages but 0 lies below the area's end. */
		align = ilog2(ctx->end_pfn) + 1;
		break;
	case CMA_API_ALIGN_BITS_MINUS_ONE:
		align = BITS_PER_LONG - 1;
		break;
	case CMA_API_ALIGN_BITS:
		align = BITS_PER_LONG;
		break;
	case CMA_API_ALIGN_UINT_MAX:
		align = UINT_MAX;
		break;
	}

	fails = cma_api_alloc_fail_events(test);
	page = cma_alloc(cma, count, align, true);
	KUNIT_EXPECT_NULL_MSG(test, page,
			      "cma_alloc(%s, %lu pages, align %u) returned pfn %#lx",
			      cma ? cma_get_name(cma) : "NULL", count, align,
			      page ? page_to_pfn(page) : 0UL);
	if (IS_ENABLED(CONFIG_VM_EVENT_COUNTERS))
		KUNIT_EXPECT_EQ_MSG(test, cma_api_alloc_fail_events(test) - fails, 1UL,
				    "cma_alloc_fail events counted for cma_alloc(%s, %lu pages, align %u)",
				    cma ? cma_get_name(cma) : "NULL", count, align);
	if (page)
		cma_release(cma, page, count);
}

/* A page of the buddy allocator, never part of the area. */
static void cma_api_reject_buddy_page(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long pfn;
	bool released;

	KUNIT_ASSERT_NOT_NULL(test, page);
	pfn = page_to_pfn(page);
	if (pfn >= ctx->base_pfn && pfn < ctx->end_pfn) {
		__free_page(page);
		KUNIT_FAIL(test, "alloc_page(GFP_KERNEL) returned pfn %#lx of the CMA area",
			   pfn);
		return;
	}

	KUNIT_EXPECT_FALSE_MSG(test, cma_pages_valid(ctx->cma, page, 1),
			       "pfn %#lx", pfn);
	released = cma_release(ctx->cma, page, 1);
	KUNIT_EXPECT_FALSE_MSG(test, released, "pfn %#lx", pfn);
	if (!released)
		__free_page(page);
}

/* The page frames just below and just above the area, where they exist. */
static void cma_api_reject_neighbours(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	unsigned int tested = 0;
	struct page *page;

	if (ctx->base_pfn && pfn_valid(ctx->base_pfn - 1)) {
		page = pfn_to_page(ctx->base_pfn - 1);
		KUNIT_EXPECT_FALSE(test, cma_pages_valid(ctx->cma, page, 1));
		KUNIT_EXPECT_FALSE_MSG(test, cma_release(ctx->cma, page, 1),
				       "the page below the area");
		/* Two pages, the second of them the area's first. */
		KUNIT_EXPECT_FALSE(test, cma_pages_valid(ctx->cma, page, 2));
		KUNIT_EXPECT_FALSE_MSG(test, cma_release(ctx->cma, page, 2),
				       "two pages straddling the start of the area");
		tested++;
	}
	if (pfn_valid(ctx->end_pfn)) {
		page = pfn_to_page(ctx->end_pfn);
		KUNIT_EXPECT_FALSE(test, cma_pages_valid(ctx->cma, page, 1));
		KUNIT_EXPECT_FALSE_MSG(test, cma_release(ctx->cma, page, 1),
				       "the page above the area");
		tested++;
	}
	KUNIT_EXPECT_GT_MSG(test, tested, 0U,
			    "no page frame next to the area [%#lx, %#lx)",
			    ctx->base_pfn, ctx->end_pfn);
}

static void cma_api_reject_null_pages(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;

	KUNIT_EXPECT_FALSE(test, cma_pages_valid(ctx->cma, NULL, 1));
	KUNIT_EXPECT_FALSE(test, cma_release(ctx->cma, NULL, 1));
}

/* Pages of the area, but handed to cma_release() with no area. */
static void cma_api_reject_null_area(struct kunit *test)
{
	struct cma_api_buf *buf = cma_api_alloc(test, 1, 0, false);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_FALSE(test, cma_pages_valid(NULL, buf->pages, 1));
	KUNIT_EXPECT_FALSE(test, cma_release(NULL, buf->pages, 1));
	KUNIT_EXPECT_TRUE_MSG(test, cma_api_release(buf),
			      "the pages are still ours to release");
}

static int cma_api_find_other(struct cma *cma, void *data)
{
	struct cma **other = data;

	if (cma == dev_get_cma_area(NULL))
		return 0;
	*other = cma;
	return 1;
}

/* An area other than the default one, or NULL if there is none. */
static struct cma *cma_api_other_area(void)
{
	struct cma *other = NULL;

	cma_for_each_area(cma_api_find_other, &other);
	return other;
}

/* A page of another area, released to the default one. */
static void cma_api_reject_other_area(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	struct cma *other = cma_api_other_area();
	struct page *page;
	bool released;

	KUNIT_ASSERT_NOT_NULL(test, other);
	page = cma_alloc(other, 1, 0, false);
	KUNIT_ASSERT_NOT_NULL_MSG(test, page, "cma_alloc(%s, 1 page) failed",
				  cma_get_name(other));
	KUNIT_EXPECT_FALSE(test, cma_pages_valid(ctx->cma, page, 1));
	released = cma_release(ctx->cma, page, 1);
	KUNIT_EXPECT_FALSE_MSG(test, released,
			       "pfn %#lx of area %s released to area %s",
			       page_to_pfn(page), cma_get_name(other),
			       cma_get_name(ctx->cma));
	if (!released)
		KUNIT_EXPECT_TRUE_MSG(test, cma_release(other, page, 1),
				      "the page is still its own area's to release");
}

/**
 * struct cma_api_bad_release - pages that are not the area's to release
 * @run: checks that cma_pages_valid() and cma_release() reject them
 * @desc: what they are
 * @other_area: needs a second area; the case exists only if there is one
 */
struct cma_api_bad_release {
	void (*run)(struct kunit *test);
	const char *desc;
	bool other_area;
};

static const struct cma_api_bad_release cma_api_bad_releases[] = {
	{ cma_api_reject_buddy_page, "page from alloc_page()" },
	{ cma_api_reject_neighbours, "pages next to the area" },
	{ cma_api_reject_null_pages, "NULL pages" },
	{ cma_api_reject_null_area, "NULL area" },
	{ cma_api_reject_other_area, "pages of another area", true },
};

/* Each entry of cma_api_bad_releases[] that this system can run. */
static const void *cma_api_bad_release_gen_params(const void *prev, char *desc)
{
	const struct cma_api_bad_release *bad = prev ?
		(const struct cma_api_bad_release *)prev + 1 :
		cma_api_bad_releases;

	for (; bad < cma_api_bad_releases + ARRAY_SIZE(cma_api_bad_releases);
	     bad++) {
		if (bad->other_area && !cma_api_other_area())
			continue;
		strscpy(desc, bad->desc, KUNIT_PARAM_DESC_SIZE);
		return bad;
	}
	return NULL;
}

/* Pages outside the area: cma_pages_valid() and cma_release() are false. */
static void cma_api_release_rejects(struct kunit *test)
{
	const struct cma_api_bad_release *bad = test->param_value;

	bad->run(test);
}

/*
 * A sub-range of an allocation can be released on its own, as hugetlb does
 * with the pages it demotes from a gigantic page it got from CMA: pages 1..2
 * of 4 first (they are then free and can be allocated again), then pages 0
 * and 3. The 4 pages are then one free range again.
 */
static void cma_api_release_subrange(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_buf *buf, *mid, *again;
	LIST_HEAD(filler);
	bool released;

	buf = cma_api_alloc(test, 4, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	cma_api_fill_area(test, &filler);

	released = cma_release(ctx->cma, nth_page(buf->pages, 1), 2);
	KUNIT_EXPECT_TRUE_MSG(test, released,
			      "cma_release() of pages 1..2 of 4 at pfn %#lx",
			      buf->pfn);
	if (!released) {
		KUNIT_EXPECT_TRUE(test, cma_api_release(buf));
		cma_api_release_all(test, &filler);
		return;
	}
	buf->held = false;	/* now released piece by piece */

	mid = cma_api_alloc(test, 2, 0, false);
	KUNIT_EXPECT_NOT_NULL_MSG(test, mid, "the released pages 1..2 cannot be allocated again");
	if (mid) {
		KUNIT_EXPECT_EQ(test, mid->pfn, buf->pfn + 1);
		KUNIT_EXPECT_TRUE(test, cma_api_release(mid));
	}
	KUNIT_EXPECT_TRUE_MSG(test, cma_release(ctx->cma, buf->pages, 1),
			      "cma_release() of page 0 of 4");
	KUNIT_EXPECT_TRUE_MSG(test,
			      cma_release(ctx->cma, nth_page(buf->pages, 3), 1),
			      "cma_release() of page 3 of 4");

	again = cma_api_alloc(test, 4, 0, false);
	KUNIT_ASSERT_NOT_NULL_MSG(test, again,
				  "the 4 pages released piecewise cannot be allocated again");
	KUNIT_EXPECT_EQ(test, again->pfn, buf->pfn);
	cma_api_expect_full(test);

	KUNIT_EXPECT_TRUE(test, cma_api_release(again));
	cma_api_release_all(test, &filler);
}

#define CMA_API_NO_RELEASE_CHECKS \
	"upstream 6.1 does not check that released pages are allocated"

enum cma_api_misuse {
	CMA_API_RELEASE_ZERO,
	CMA_API_RELEASE_PAST_AREA,
	CMA_API_RELEASE_ULONG_MAX,
	CMA_API_RELEASE_STRADDLE,
};

/**
 * struct cma_api_bad_count - a cma_release() of pages of the area that
 *	must be refused
 * @what: the release
 * @desc: its description
 */
struct cma_api_bad_count {
	enum cma_api_misuse what;
	const char *desc;
};

static const struct cma_api_bad_count cma_api_bad_counts[] = {
	{ CMA_API_RELEASE_ZERO, "0 pages" },
	{ CMA_API_RELEASE_PAST_AREA, "past the end of the area" },
	{ CMA_API_RELEASE_ULONG_MAX, "ULONG_MAX pages" },
	{ CMA_API_RELEASE_STRADDLE, "from inside to past an allocation" },
};

static void cma_api_bad_count_desc(const struct cma_api_bad_count *bad,
				   char *desc)
{
	strscpy(desc, bad->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cma_api_bad_count, cma_api_bad_counts,
		  cma_api_bad_count_desc);

#ifdef CMA_RELEASE_CHECKS_ALLOCATED
/*
 * The last page of the full area, released with a count of 2: the range
 * runs past the end of the area. The area stays full.
 */
static void cma_api_release_past_area(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	struct page *last = pfn_to_page(ctx->end_pfn - 1);
	LIST_HEAD(filler);

	cma_api_fill_area(test, &filler);
	KUNIT_EXPECT_TRUE_MSG(test, cma_release(ctx->cma, last, 2),
			      "cma_release() of 2 pages at pfn %#lx, the last of the area",
			      ctx->end_pfn - 1);
	cma_api_expect_full(test);
	cma_api_release_all(test, &filler);
}

/*
 * 8 pages, half of them allocated and half free: the 8 pages allocated in
 * a 16-page hole, released from their middle on. Nothing is freed: exactly
 * the 8 free pages of the hole are left.
 */
static void cma_api_release_straddle(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_buf *hole, *buf;
	unsigned long start;
	LIST_HEAD(filler);

	hole = cma_api_fill_but_hole(test, &filler, 16);
	buf = cma_api_alloc_in_hole(test, hole, 8);

	/* Four pages of the allocation and four free pages next to it. */
	start = buf->pfn + 12 <= hole->pfn + 16 ? buf->pfn + 4 : buf->pfn - 4;
	KUNIT_EXPECT_TRUE_MSG(test,
			      cma_release(ctx->cma, pfn_to_page(start), 8),
			      "cma_release() of 8 pages at pfn %#lx, of which only 4 are allocated",
			      start);

	cma_api_expect_untouched(test, &filler, buf, 8);
}
#endif

/*
 * cma_release() with a count that does not fit: refused with a warning,
 * nothing freed.
 */
static void cma_api_release_misuse(struct kunit *test)
{
#ifdef CMA_RELEASE_CHECKS_ALLOCATED
	const struct cma_api_bad_count *bad = test->param_value;
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_buf *buf;
	unsigned long count;

	switch (bad->what) {
	case CMA_API_RELEASE_PAST_AREA:
		cma_api_release_past_area(test);
		return;
	case CMA_API_RELEASE_STRADDLE:
		cma_api_release_straddle(test);
		return;
	case CMA_API_RELEASE_ZERO:
		count = 0;
		break;
	case CMA_API_RELEASE_ULONG_MAX:
	default:
		count = ULONG_MAX;
		break;
	}
	buf = cma_api_alloc(test, 1, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_TRUE_MSG(test, cma_release(ctx->cma, buf->pages, count),
			      "cma_release() of %lu pages at pfn %#lx",
			      count, buf->pfn);
	KUNIT_EXPECT_TRUE_MSG(test, cma_api_release(buf),
			      "the page is still allocated and ours to release");
#else
	kunit_skip(test, CMA_API_NO_RELEASE_CHECKS);
#endif
}

/*
 * Releasing a range twice: the second cma_release() is refused (true, so
 * that the caller keeps its hands off too), frees nothing, and the range
 * can be allocated again.
 */
static void cma_api_double_release(struct kunit *test)
{
#ifdef CMA_RELEASE_CHECKS_ALLOCATED
	struct cma_api_buf *buf, *again;
	LIST_HEAD(filler);

	buf = cma_api_alloc(test, 8, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	cma_api_fill_area(test, &filler);

	KUNIT_ASSERT_TRUE(test, cma_api_release(buf));
	KUNIT_EXPECT_TRUE_MSG(test, cma_release(buf->cma, buf->pages, buf->count),
			      "second cma_release() of 8 pages at pfn %#lx",
			      buf->pfn);

	again = cma_api_alloc(test, buf->count, 0, false);
	KUNIT_ASSERT_NOT_NULL_MSG(test, again,
				  "the range released twice cannot be allocated again");
	KUNIT_EXPECT_EQ(test, again->pfn, buf->pfn);
	cma_api_expect_full(test);

	KUNIT_EXPECT_TRUE(test, cma_api_release(again));
	cma_api_release_all(test, &filler);
#else
	kunit_skip(test, CMA_API_NO_RELEASE_CHECKS);
#endif
}

/*
 * A release that covers an allocation and free pages next to it is refused
 * and frees nothing: the allocation keeps its pages and releases in full later.
 */
static void cma_api_release_beyond_allocation(struct kunit *test)
{
#ifdef CMA_RELEASE_CHECKS_ALLOCATED
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_buf *hole, *buf;
	LIST_HEAD(filler);

	/* Leave an 8-page hole as the only free space, put 4 pages in it. */
	hole = cma_api_fill_but_hole(test, &filler, 8);
	buf = cma_api_alloc_in_hole(test, hole, 4);

	KUNIT_EXPECT_TRUE_MSG(test, cma_release(ctx->cma, hole->pages, 8),
			      "cma_release() of 8 pages at pfn %#lx, of which only the 4 at pfn %#lx are allocated",
			      hole->pfn, buf->pfn);

	/* Exactly the 4 free pages of the hole are left. */
	cma_api_expect_untouched(test, &filler, buf, 4);
#else
	kunit_skip(test, CMA_API_NO_RELEASE_CHECKS);
#endif
}

/*
 * Releasing a free range of the area that was never allocated as such (the
 * middle of a released allocation) is refused, and the area stays intact.
 */
static void cma_api_release_unallocated(struct kunit *test)
{
#ifdef CMA_RELEASE_CHECKS_ALLOCATED
	struct cma_api_buf *buf, *again;
	LIST_HEAD(filler);

	buf = cma_api_alloc(test, 16, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	cma_api_fill_area(test, &filler);
	KUNIT_ASSERT_TRUE(test, cma_api_release(buf));

	KUNIT_EXPECT_TRUE_MSG(test,
			      cma_release(buf->cma, nth_page(buf->pages, 4), 4),
			       "cma_release() of free pages at pfn %#lx",
			       buf->pfn + 4);

	again = cma_api_alloc(test, buf->count, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_EXPECT_EQ(test, again->pfn, buf->pfn);
	cma_api_expect_full(test);

	KUNIT_EXPECT_TRUE(test, cma_api_release(again));
	cma_api_release_all(test, &filler);
#else
	kunit_skip(test, CMA_API_NO_RELEASE_CHECKS);
#endif
}

/*
 * cma_release() from atomic context, as dma_free_coherent() callers may:
 * with a spinlock held and interrupts off, and from a softirq (a timer
 * callback). A debug kernel (DEBUG_ATOMIC_SLEEP, lockdep) reports any
 * sleep or lock-order problem there; the pages come back either way.
 */
static DEFINE_SPINLOCK(cma_api_atomic_lock);

struct cma_api_softirq_release {
	struct timer_list timer;
	struct cma_api_buf *buf;
	bool released;
	bool in_softirq;
	struct completion done;
};

static void cma_api_softirq_release_fn(struct timer_list *t)
{
	struct cma_api_softirq_release *r = from_timer(r, t, timer);

	r->in_softirq = in_softirq();
	r->released = cma_api_release(r->buf);
	complete(&r->done);
}

static void cma_api_release_atomic(struct kunit *test)
{
	struct cma_api_softirq_release r = { };
	struct cma_api_buf *buf;
	unsigned long flags;
	bool released;

	buf = cma_api_alloc(test, 4, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	spin_lock_irqsave(&cma_api_atomic_lock, flags);
	released = cma_api_release(buf);
	spin_unlock_irqrestore(&cma_api_atomic_lock, flags);
	KUNIT_EXPECT_TRUE_MSG(test, released,
			      "cma_release() with a spinlock held and IRQs off");

	r.buf = cma_api_alloc(test, 4, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, r.buf);
	init_completion(&r.done);
	timer_setup_on_stack(&r.timer, cma_api_softirq_release_fn, 0);
	mod_timer(&r.timer, jiffies + 1);
	wait_for_completion(&r.done);
	del_timer_sync(&r.timer);
	destroy_timer_on_stack(&r.timer);
	KUNIT_EXPECT_TRUE_MSG(test, r.in_softirq, "the timer ran in a softirq");
	KUNIT_EXPECT_TRUE_MSG(test, r.released, "cma_release() from a softirq");
}

/**
 * struct cma_api_walk - state of a cma_for_each_area() walk
 * @test: the test case
 * @target: the area to look for
 * @calls: callbacks so far
 * @found: times @target was visited
 * @found_at: the callback number that visited @target
 * @stop_at_target: return @stop_ret on visiting @target
 * @stop_after: return @stop_ret from this callback number (0: never)
 * @stop_ret: the non-zero value that stops the walk
 */
struct cma_api_walk {
	struct kunit *test;
	struct cma *target;
	unsigned int calls;
	unsigned int found;
	unsigned int found_at;
	bool stop_at_target;
	unsigned int stop_after;
	int stop_ret;
};

static int cma_api_walk_fn(struct cma *cma, void *data)
{
	struct cma_api_walk *walk = data;

	walk->calls++;
	KUNIT_EXPECT_NOT_NULL(walk->test, cma);
	if (!cma)
		return 0;
	KUNIT_EXPECT_NOT_NULL(walk->test, cma_get_name(cma));
	if (cma == walk->target) {
		walk->found++;
		walk->found_at = walk->calls;
		if (walk->stop_at_target)
			return walk->stop_ret;
	}
	if (walk->calls == walk->stop_after)
		return walk->stop_ret;
	return 0;
}

/* A full walk visits the default area exactly once and returns 0. */
static void cma_api_walk_finds_default(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_walk walk = { .test = test, .target = ctx->cma };

	KUNIT_EXPECT_EQ(test, cma_for_each_area(cma_api_walk_fn, &walk), 0);
	KUNIT_EXPECT_EQ_MSG(test, walk.found, 1U,
			    "the default area %s was visited %u times",
			    cma_get_name(ctx->cma), walk.found);
#ifdef MAX_CMA_AREAS
	KUNIT_EXPECT_LE(test, walk.calls, (unsigned int)MAX_CMA_AREAS);
#endif
}

/*
 * A callback's non-zero return value stops the walk and is its result: at
 * the default area, and at the first area.
 */
static void cma_api_walk_stops_early(struct kunit *test)
{
	struct cma_api_ctx *ctx = test->priv;
	struct cma_api_walk full = { .test = test, .target = ctx->cma };
	struct cma_api_walk at_target = {
		.test = test, .target = ctx->cma,
		.stop_at_target = true, .stop_ret = 42,
	};
	struct cma_api_walk at_first = {
		.test = test, .stop_after = 1, .stop_ret = -ECANCELED,
	};

	KUNIT_ASSERT_EQ(test, cma_for_each_area(cma_api_walk_fn, &full), 0);
	KUNIT_ASSERT_EQ(test, full.found, 1U);

	KUNIT_EXPECT_EQ(test, cma_for_each_area(cma_api_walk_fn, &at_target), 42);
	KUNIT_EXPECT_EQ_MSG(test, at_target.calls, full.found_at,
			    "the walk went on after the callback returned 42");
	KUNIT_EXPECT_EQ(test, at_target.found, 1U);

	KUNIT_EXPECT_EQ(test, cma_for_each_area(cma_api_walk_fn, &at_first),
			-ECANCELED);
	KUNIT_EXPECT_EQ_MSG(test, at_first.calls, 1U,
			    "the walk went on after the callback returned -ECANCELED");
}

static struct kunit_case cma_api_test_cases[] = {
	KUNIT_CASE(cma_api_getters),
	KUNIT_CASE_PARAM(cma_api_alloc_release, cma_api_size_gen_params),
	KUNIT_CASE_PARAM(cma_api_reuse_released_range, cma_api_size_gen_params),
	KUNIT_CASE_PARAM(cma_api_alignment, cma_api_order_gen_params),
	KUNIT_CASE(cma_api_no_overlap),
	KUNIT_CASE_PARAM(cma_api_alloc_rejects, cma_api_bad_request_gen_params),
	KUNIT_CASE_PARAM(cma_api_release_rejects, cma_api_bad_release_gen_params),
	KUNIT_CASE(cma_api_release_subrange),
	KUNIT_CASE(cma_api_double_release),
	KUNIT_CASE(cma_api_release_beyond_allocation),
	KUNIT_CASE(cma_api_release_unallocated),
	KUNIT_CASE_PARAM(cma_api_release_misuse, cma_api_bad_count_gen_params),
	KUNIT_CASE(cma_api_release_atomic),
	KUNIT_CASE(cma_api_walk_finds_default),
	KUNIT_CASE(cma_api_walk_stops_early),
	{}
};

static struct kunit_suite cma_api_test_suite = {
	.name = "cma_api",
	.init = cma_api_test_init,
	.test_cases = cma_api_test_cases,
};

kunit_test_suite(cma_api_test_suite);

MODULE_DESCRIPTION("KUnit conformance tests for the CMA API");
MODULE_LICENSE("GPL");
