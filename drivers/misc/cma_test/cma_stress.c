// SPDX-License-Identifier: GPL-2.0
/*
 * CMA stress test: kernel threads allocate and release random sizes and
 * alignments from every CMA area at once, for a bounded time, and check
 * each allocation they get.
 *
 * /sys/kernel/debug/cma_stress/
 *
 *   run     (write) "threads=N ms=N max_pages=N held=N seed=N", any subset
 *                   in any order: start N threads (default 4) for ms
 *                   milliseconds (default 10000), each holding at most
 *                   held allocations (default 8) of 1..max_pages pages
 *                   (default 1024), alignment order 0..CONFIG_CMA_ALIGNMENT.
 *                   The write returns when the threads have released
 *                   everything and stopped.
 *   result  (read)  the last run's totals and per-area counts, as
 *                   key=value pairs (see cma_stress_result_show())
 *   free    (read)  drain the per-CPU lists, then print the free pages of
 *                   all CMA areas (what /proc/meminfo calls CmaFree)
 *   whole   (read)  allocate every free page of each area (largest
 *                   requests first, halving), then release it all again;
 *                   one line "whole <area> taken=N pages=N" each. Pages
 *                   leaked, lost or stuck unmovable are missing from taken
 *
 * Each allocation is checked: it lies inside its area, its first page
 * frame has the requested alignment, no page of it is held by another
 * allocation of the run (a bitmap per area), and a tag written into every
 * page at allocation reads back intact at release.
 *
 * Locking: cma_stress_mutex serialises runs and the reads above; during a
 * run each area's page bitmap is protected by that area's spinlock and the
 * counters are atomic.
 */

#define pr_fmt(fmt) "cma_stress: " fmt

#include <linux/bitmap.h>
#include <linux/cma.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/swap.h>
#include <linux/uaccess.h>
#include <linux/vmstat.h>

#define CMA_STRESS_MAX_AREAS	MAX_CMA_AREAS
#define CMA_STRESS_MAX_THREADS	16
#define CMA_STRESS_MAX_HELD	64
#define CMA_STRESS_MAX_MS	600000
#define CMA_STRESS_MAX_WRITE	256

/**
 * struct cma_stress_params - what one run does
 * @threads: kernel threads
 * @ms: duration in milliseconds
 * @max_pages: largest request
 * @held: allocations a thread holds at most
 * @seed: seed of the threads' random sequences
 */
struct cma_stress_params {
	unsigned int threads;
	unsigned int ms;
	unsigned int max_pages;
	unsigned int held;
	unsigned int seed;
};

/* Counters of one area, or of the whole run. */
struct cma_stress_counts {
	atomic_long_t allocs;
	atomic_long_t alloc_pages;
	atomic_long_t fails;
	atomic_long_t fail_pages;
	atomic_long_t releases;
	atomic_long_t release_pages;
};

/**
 * struct cma_stress_area - an area under test
 * @cma: the area
 * @lock: protects @pages
 * @pages: one bit per page of the area, set while a thread holds it
 * @counts: what the threads did with this area
 */
struct cma_stress_area {
	struct cma *cma;
	spinlock_t lock;	/* see @lock above */
	unsigned long *pages;
	struct cma_stress_counts counts;
};

/* Violations found by the threads; all must stay 0. */
struct cma_stress_errors {
	atomic_long_t misplaced;
	atomic_long_t misaligned;
	atomic_long_t overlaps;
	atomic_long_t corrupt;
	atomic_long_t bad_releases;
};

/* A range cma_stress_take_all() holds. */
struct cma_stress_taken {
	struct list_head node;
	struct page *page;
	unsigned long count;
};

/* An allocation a thread holds. */
struct cma_stress_hold {
	struct cma_stress_area *area;
	struct page *page;
	unsigned long count;
	u32 seq;
};

struct cma_stress_thread {
	struct task_struct *task;
	struct rnd_state rnd;
	unsigned int id;
	unsigned int nr_held;
	u32 seq;
	struct cma_stress_hold held[CMA_STRESS_MAX_HELD];
};

static DEFINE_MUTEX(cma_stress_mutex);
static struct cma_stress_params cma_stress_params;
static struct cma_stress_area cma_stress_areas[CMA_STRESS_MAX_AREAS];
static unsigned int cma_stress_nr_areas;
static struct cma_stress_errors cma_stress_errors;
static unsigned long cma_stress_ops;
static unsigned long cma_stress_elapsed_ms;
static bool cma_stress_ran;

/* The tag written into page @i of an allocation. */
static u32 cma_stress_tag(const struct cma_stress_thread *t, u32 seq,
			  unsigned long pfn)
{
	return (u32)pfn ^ (seq << 8) ^ t->id;
}

static void cma_stress_write_tags(const struct cma_stress_thread *t,
				  const struct cma_stress_hold *h)
{
	unsigned long i, pfn = page_to_pfn(h->page);
	u32 *p;

	for (i = 0; i < h->count; i++) {
		p = kmap_local_page(nth_page(h->page, i));
		p[0] = cma_stress_tag(t, h->seq, pfn + i);
		p[PAGE_SIZE / sizeof(u32) - 1] = ~p[0];
		kunmap_local(p);
	}
}

static bool cma_stress_tags_intact(const struct cma_stress_thread *t,
				   const struct cma_stress_hold *h)
{
	unsigned long i, pfn = page_to_pfn(h->page);
	bool ok = true;
	u32 *p;

	for (i = 0; i < h->count && ok; i++) {
		p = kmap_local_page(nth_page(h->page, i));
		ok = p[0] == cma_stress_tag(t, h->seq, pfn + i) &&
		     p[PAGE_SIZE / sizeof(u32) - 1] == ~p[0];
		kunmap_local(p);
	}
	return ok;
}

/* Mark the pages of @h held; false if another allocation held one. */
static bool cma_stress_claim(const struct cma_stress_hold *h)
{
	struct cma_stress_area *a = h->area;
	unsigned long first = page_to_pfn(h->page) -
			      PFN_DOWN(cma_get_base(a->cma));
	unsigned long i, flags;
	bool ok = true;

	spin_lock_irqsave(&a->lock, flags);
	for (i = 0; i < h->count; i++)
		if (__test_and_set_bit(first + i, a->pages))
			ok = false;
	spin_unlock_irqrestore(&a->lock, flags);
	return ok;
}

static void cma_stress_unclaim(const struct cma_stress_hold *h)
{
	struct cma_stress_area *a = h->area;
	unsigned long first = page_to_pfn(h->page) -
			      PFN_DOWN(cma_get_base(a->cma));
	unsigned long flags;

	spin_lock_irqsave(&a->lock, flags);
	bitmap_clear(a->pages, first, h->count);
	spin_unlock_irqrestore(&a->lock, flags);
}

/* A request size from 1 to max_pages, small ones more likely. */
static unsigned long cma_stress_pick_count(struct cma_stress_thread *t,
					   unsigned long area_pages)
{
	unsigned long max = min_t(unsigned long, cma_stress_params.max_pages,
				  area_pages);
	unsigned int order = prandom_u32_state(&t->rnd) % (ilog2(max) + 1);

	return 1 + prandom_u32_state(&t->rnd) % (1UL << order);
}

static void cma_stress_alloc_one(struct cma_stress_thread *t)
{
	struct cma_stress_hold *h = &t->held[t->nr_held];
	struct cma_stress_area *a;
	unsigned int align;

	a = &cma_stress_areas[prandom_u32_state(&t->rnd) % cma_stress_nr_areas];
	h->area = a;
	h->count = cma_stress_pick_count(t, cma_get_size(a->cma) >> PAGE_SHIFT);
	align = prandom_u32_state(&t->rnd) % (CONFIG_CMA_ALIGNMENT + 1);
	h->page = cma_alloc(a->cma, h->count, align, true);
	if (!h->page) {
		atomic_long_inc(&a->counts.fails);
		atomic_long_add(h->count, &a->counts.fail_pages);
		return;
	}
	atomic_long_inc(&a->counts.allocs);
	atomic_long_add(h->count, &a->counts.alloc_pages);
	if (!cma_pages_valid(a->cma, h->page, h->count)) {
		/* Not ours to touch: count it and drop it. */
		atomic_long_inc(&cma_stress_errors.misplaced);
		return;
	}
	if (page_to_pfn(h->page) & ((1UL << align) - 1))
		atomic_long_inc(&cma_stress_errors.misaligned);
	if (!cma_stress_claim(h))
		atomic_long_inc(&cma_stress_errors.overlaps);
	h->seq = ++t->seq;
	cma_stress_write_tags(t, h);
	t->nr_held++;
}

static void cma_stress_release_one(struct cma_stress_thread *t,
				   unsigned int i)
{
	struct cma_stress_hold *h = &t->held[i];
	struct cma_stress_area *a = h->area;

	if (!cma_stress_tags_intact(t, h))
		atomic_long_inc(&cma_stress_errors.corrupt);
	cma_stress_unclaim(h);
	if (cma_release(a->cma, h->page, h->count)) {
		atomic_long_inc(&a->counts.releases);
		atomic_long_add(h->count, &a->counts.release_pages);
	} else {
		atomic_long_inc(&cma_stress_errors.bad_releases);
	}
	t->held[i] = t->held[--t->nr_held];
}

static int cma_stress_threadfn(void *data)
{
	struct cma_stress_thread *t = data;
	unsigned long ops = 0;
	bool release;

	while (!kthread_should_stop()) {
		release = t->nr_held == cma_stress_params.held ||
			  (t->nr_held && prandom_u32_state(&t->rnd) % 2);
		if (release)
			cma_stress_release_one(t, prandom_u32_state(&t->rnd) %
						  t->nr_held);
		else
			cma_stress_alloc_one(t);
		ops++;
		cond_resched();
	}
	while (t->nr_held)
		cma_stress_release_one(t, t->nr_held - 1);
	return ops;
}

static int cma_stress_add_area(struct cma *cma, void *unused)
{
	struct cma_stress_area *a;
	unsigned long pages = cma_get_size(cma) >> PAGE_SHIFT;

	if (!pages || cma_stress_nr_areas == CMA_STRESS_MAX_AREAS)
		return 0;
	a = &cma_stress_areas[cma_stress_nr_areas];
	memset(a, 0, sizeof(*a));
	a->pages = bitmap_zalloc(pages, GFP_KERNEL);
	if (!a->pages)
		return -ENOMEM;
	a->cma = cma;
	spin_lock_init(&a->lock);
	cma_stress_nr_areas++;
	return 0;
}

static void cma_stress_free_areas(void)
{
	while (cma_stress_nr_areas)
		bitmap_free(cma_stress_areas[--cma_stress_nr_areas].pages);
}

/* Collect the enabled areas, with fresh counters. */
static int cma_stress_prepare(void)
{
	int ret;

	cma_stress_free_areas();
	memset(&cma_stress_errors, 0, sizeof(cma_stress_errors));
	ret = cma_for_each_area(cma_stress_add_area, NULL);
	if (!ret && !cma_stress_nr_areas)
		ret = -ENODEV;
	if (ret)
		cma_stress_free_areas();
	return ret;
}

static void cma_stress_stop_threads(struct cma_stress_thread *threads,
				    unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		cma_stress_ops += kthread_stop(threads[i].task);
		put_task_struct(threads[i].task);
	}
}

static int cma_stress_start_threads(struct cma_stress_thread *threads)
{
	const struct cma_stress_params *p = &cma_stress_params;
	struct cma_stress_thread *t;
	unsigned int i;

	for (i = 0; i < p->threads; i++) {
		t = &threads[i];
		t->id = i;
		prandom_seed_state(&t->rnd, ((u64)p->seed << 8) + i);
		t->task = kthread_create(cma_stress_threadfn, t,
					 "cma_stress/%u", i);
		if (IS_ERR(t->task))
			goto err_stop;
		get_task_struct(t->task);
		wake_up_process(t->task);
	}
	return 0;

err_stop:
	cma_stress_stop_threads(threads, i);
	return PTR_ERR(t->task);
}

static int cma_stress_run(void)
{
	struct cma_stress_thread *threads;
	unsigned long start;
	int ret;

	ret = cma_stress_prepare();
	if (ret)
		return ret;
	threads = kcalloc(cma_stress_params.threads, sizeof(*threads),
			  GFP_KERNEL);
	if (!threads)
		return -ENOMEM;
	cma_stress_ops = 0;
	start = jiffies;
	ret = cma_stress_start_threads(threads);
	if (!ret) {
		msleep_interruptible(cma_stress_params.ms);
		cma_stress_stop_threads(threads, cma_stress_params.threads);
	}
	cma_stress_elapsed_ms = jiffies_to_msecs(jiffies - start);
	cma_stress_ran = !ret;
	kfree(threads);
	return ret;
}

/* Parse "key=value" words into @p; one message naming a bad word. */
static int cma_stress_parse(char *buf, struct cma_stress_params *p)
{
	static const struct {
		const char *key;
		size_t offset;
		unsigned int min, max;
	} keys[] = {
		{ "threads", offsetof(struct cma_stress_params, threads), 1,
		  CMA_STRESS_MAX_THREADS },
		{ "ms", offsetof(struct cma_stress_params, ms), 1,
		  CMA_STRESS_MAX_MS },
		{ "max_pages", offsetof(struct cma_stress_params, max_pages), 1,
		  UINT_MAX },
		{ "held", offsetof(struct cma_stress_params, held), 1,
		  CMA_STRESS_MAX_HELD },
		{ "seed", offsetof(struct cma_stress_params, seed), 0,
		  UINT_MAX },
	};
	char *word, *val;
	unsigned int i, v;

	while ((word = strsep(&buf, " \t\n"))) {
		if (!*word)
			continue;
		val = strchr(word, '=');
		if (val)
			*val++ = '\0';
		for (i = 0; i < ARRAY_SIZE(keys); i++)
			if (!strcmp(word, keys[i].key))
				break;
		if (!val || i == ARRAY_SIZE(keys) || kstrtouint(val, 0, &v) ||
		    v < keys[i].min || v > keys[i].max) {
			pr_err("run: bad word '%s%s%s': expected threads=1..%u ms=1..%u max_pages=1.. held=1..%u seed=N\n",
			       word, val ? "=" : "", val ?: "",
			       CMA_STRESS_MAX_THREADS, CMA_STRESS_MAX_MS,
			       CMA_STRESS_MAX_HELD);
			return -EINVAL;
		}
		*(unsigned int *)((char *)p + keys[i].offset) = v;
	}
	return 0;
}

static ssize_t cma_stress_run_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct cma_stress_params p = {
		.threads = 4, .ms = 10000, .max_pages = 1024, .held = 8,
	};
	char *buf;
	int ret;

	if (len > CMA_STRESS_MAX_WRITE) {
		pr_err("run: %zu bytes written: expected at most %u\n", len,
		       CMA_STRESS_MAX_WRITE);
		return -EINVAL;
	}
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = cma_stress_parse(buf, &p);
	kfree(buf);
	if (ret)
		return ret;

	mutex_lock(&cma_stress_mutex);
	cma_stress_params = p;
	ret = cma_stress_run();
	mutex_unlock(&cma_stress_mutex);
	return ret ?: len;
}

static void cma_stress_show_counts(struct seq_file *s,
				   struct cma_stress_counts *c)
{
	seq_printf(s, "allocs=%ld alloc_pages=%ld fails=%ld fail_pages=%ld releases=%ld release_pages=%ld",
		   atomic_long_read(&c->allocs),
		   atomic_long_read(&c->alloc_pages),
		   atomic_long_read(&c->fails),
		   atomic_long_read(&c->fail_pages),
		   atomic_long_read(&c->releases),
		   atomic_long_read(&c->release_pages));
}

/*
 * First line: the run's parameters, duration, operations and the
 * violations (all must be 0); then one line per area with its counts.
 */
static int cma_stress_result_show(struct seq_file *s, void *unused)
{
	struct cma_stress_errors *e = &cma_stress_errors;
	const struct cma_stress_params *p = &cma_stress_params;
	unsigned int i;

	mutex_lock(&cma_stress_mutex);
	if (!cma_stress_ran) {
		seq_puts(s, "no run\n");
		goto out;
	}
	seq_printf(s, "threads=%u ms=%u max_pages=%u held=%u seed=%u elapsed_ms=%lu ops=%lu areas=%u misplaced=%ld misaligned=%ld overlaps=%ld corrupt=%ld bad_releases=%ld\n",
		   p->threads, p->ms, p->max_pages, p->held, p->seed,
		   cma_stress_elapsed_ms, cma_stress_ops, cma_stress_nr_areas,
		   atomic_long_read(&e->misplaced),
		   atomic_long_read(&e->misaligned),
		   atomic_long_read(&e->overlaps),
		   atomic_long_read(&e->corrupt),
		   atomic_long_read(&e->bad_releases));
	for (i = 0; i < cma_stress_nr_areas; i++) {
		seq_printf(s, "area=%s ", cma_get_name(cma_stress_areas[i].cma));
		cma_stress_show_counts(s, &cma_stress_areas[i].counts);
		seq_putc(s, '\n');
	}
out:
	mutex_unlock(&cma_stress_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cma_stress_result);

static int cma_stress_free_show(struct seq_file *s, void *unused)
{
	lru_add_drain_all();
	drain_all_pages(NULL);
	seq_printf(s, "%lu\n", global_zone_page_state(NR_FREE_CMA_PAGES));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cma_stress_free);

/* Largest first, allocate until no request of even one page succeeds. */
static unsigned long cma_stress_take_all(struct cma *cma, struct list_head *taken)
{
	unsigned long size = cma_get_size(cma) >> PAGE_SHIFT, total = 0;
	struct cma_stress_taken *t;

	while (size) {
		t = kmalloc(sizeof(*t), GFP_KERNEL);
		if (!t)
			break;
		t->page = cma_alloc(cma, size, 0, true);
		if (!t->page) {
			kfree(t);
			size /= 2;
			continue;
		}
		t->count = size;
		list_add(&t->node, taken);
		total += size;
	}
	return total;
}

static void cma_stress_give_back(struct cma *cma, struct list_head *taken)
{
	struct cma_stress_taken *t, *next;

	list_for_each_entry_safe(t, next, taken, node) {
		cma_release(cma, t->page, t->count);
		list_del(&t->node);
		kfree(t);
	}
}

static int cma_stress_whole_one(struct cma *cma, void *data)
{
	struct seq_file *s = data;
	LIST_HEAD(taken);
	unsigned long total;

	if (!cma_get_size(cma))
		return 0;
	total = cma_stress_take_all(cma, &taken);
	cma_stress_give_back(cma, &taken);
	seq_printf(s, "whole %s taken=%lu pages=%lu\n", cma_get_name(cma),
		   total, cma_get_size(cma) >> PAGE_SHIFT);
	return 0;
}

static int cma_stress_whole_show(struct seq_file *s, void *unused)
{
	mutex_lock(&cma_stress_mutex);
	cma_for_each_area(cma_stress_whole_one, s);
	mutex_unlock(&cma_stress_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cma_stress_whole);

static const struct file_operations cma_stress_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cma_stress_run_write,
	.llseek = noop_llseek,
};

static int __init cma_stress_init(void)
{
	struct dentry *dir = debugfs_create_dir("cma_stress", NULL);

	debugfs_create_file("run", 0200, dir, NULL, &cma_stress_run_fops);
	debugfs_create_file("result", 0444, dir, NULL, &cma_stress_result_fops);
	debugfs_create_file("free", 0444, dir, NULL, &cma_stress_free_fops);
	debugfs_create_file("whole", 0444, dir, NULL, &cma_stress_whole_fops);
	return 0;
}
late_initcall(cma_stress_init);

MODULE_DESCRIPTION("Stress test of the Contiguous Memory Allocator");
MODULE_LICENSE("GPL");
