// SPDX-License-Identifier: GPL-2.0
/*
 * CMA debugfs interface: /sys/kernel/debug/cma/<area>/
 *
 *   base_pfn, count, order_per_bit   the area's geometry
 *   used                             pages allocated
 *   maxchunk                         pages of the longest free range
 *   bitmap                           the allocation bitmap, as u32 words
 *   alloc                            write N: allocate N pages
 *   free                             write N: free N of the pages that
 *                                    debugfs allocated, newest first
 *
 * Names and formats are those of Linux 6.1. Unlike 6.1, alloc and free
 * refuse (-EINVAL, with a message) a count of 0, an allocation larger than
 * the area, and freeing more pages than debugfs holds; nothing changes
 * then. Debugfs is optional: a failure here never stops the boot.
 *
 * Locking: cma->mem_head_lock guards each area's list. A free write checks
 * what debugfs holds and takes it off the list in one hold of that lock,
 * so that an allocation adding a range meanwhile cannot change what is
 * freed (with chunks of several pages it would make a free release part
 * of a chunk and leave the rest handed out twice); the pages are released
 * after the lock is dropped. cma_alloc() runs without it, so areas, and
 * writers of one area, allocate through debugfs concurrently.
 */

#define pr_fmt(fmt) "cma: " fmt

#include <linux/cma.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/string_helpers.h>
#include <linux/uaccess.h>

#include "cma.h"

/* A range allocated through debugfs. */
struct cma_mem {
	struct hlist_node node;
	struct page *p;
	unsigned long n;
};

static int cma_debugfs_ulong_get(void *data, u64 *val)
{
	*val = *(unsigned long *)data;
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(cma_ulong_fops, cma_debugfs_ulong_get, NULL, "%llu\n");

static int cma_debugfs_uint_get(void *data, u64 *val)
{
	*val = *(unsigned int *)data;
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(cma_uint_fops, cma_debugfs_uint_get, NULL, "%llu\n");

static int cma_used_get(void *data, u64 *val)
{
	struct cma *cma = data;

	*val = cma->count - cma_available_pages(cma);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(cma_used_fops, cma_used_get, NULL, "%llu\n");

static int cma_maxchunk_get(void *data, u64 *val)
{
	*val = cma_largest_free_pages(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(cma_maxchunk_fops, cma_maxchunk_get, NULL, "%llu\n");

static void cma_mem_push(struct cma *cma, struct cma_mem *mem)
{
	spin_lock(&cma->mem_head_lock);
	hlist_add_head(&mem->node, &cma->mem_head);
	spin_unlock(&cma->mem_head_lock);
}

/*
 * Pages debugfs holds in @cma, newest first, up to @want: whole ranges,
 * and whole chunks of the range that @want ends in. mem_head_lock held.
 */
static unsigned long cma_mem_freeable(struct cma *cma, unsigned long want)
{
	unsigned long held = 0, chunk = 1UL << cma->order_per_bit;
	struct cma_mem *mem;

	hlist_for_each_entry(mem, &cma->mem_head, node) {
		if (held >= want)
			break;
		if (held + mem->n > want) {
			held += round_down(want - held, chunk);
			break;
		}
		held += mem->n;
	}
	return held;
}

/*
 * Take @count pages that cma_mem_freeable() vouched for off the list,
 * newest first: whole ranges move to @taken, the first pages of a range
 * that @count ends inside go to @part. mem_head_lock held.
 */
static void cma_mem_take(struct cma *cma, unsigned long count,
			 struct hlist_head *taken, struct cma_mem *part)
{
	struct cma_mem *mem;

	while (count) {
		mem = hlist_entry(cma->mem_head.first, struct cma_mem, node);
		if (mem->n <= count) {
			hlist_del(&mem->node);
			hlist_add_head(&mem->node, taken);
			count -= mem->n;
			continue;
		}
		part->p = mem->p;
		part->n = count;
		mem->p = nth_page(mem->p, count);
		mem->n -= count;
		return;
	}
}

static void cma_mem_release(struct cma *cma, struct hlist_head *taken,
			    struct cma_mem *part)
{
	struct hlist_node *tmp;
	struct cma_mem *mem;

	hlist_for_each_entry_safe(mem, tmp, taken, node) {
		cma_release(cma, mem->p, mem->n);
		kfree(mem);
	}
	if (part->n)
		cma_release(cma, part->p, part->n);
	kfree(part);
}

static int cma_free_pages(struct cma *cma, unsigned long val)
{
	unsigned long held;
	struct cma_mem *part;
	HLIST_HEAD(taken);

	part = kzalloc(sizeof(*part), GFP_KERNEL);
	if (!part)
		return -ENOMEM;
	spin_lock(&cma->mem_head_lock);
	held = cma_mem_freeable(cma, val);
	if (val && val <= cma->count && held == val)
		cma_mem_take(cma, val, &taken, part);
	else
		held = cma_mem_freeable(cma, ULONG_MAX);
	spin_unlock(&cma->mem_head_lock);

	if (hlist_empty(&taken) && !part->n) {
		pr_err("%s: debugfs free %lu: expected 1 to the %lu pages debugfs allocated (in whole %lu-page chunks)\n",
		       cma->name, val, held, 1UL << cma->order_per_bit);
		kfree(part);
		return -EINVAL;
	}
	cma_mem_release(cma, &taken, part);
	return 0;
}

static int cma_alloc_pages(struct cma *cma, unsigned long val)
{
	struct cma_mem *mem;
	int ret = 0;

	if (!val || val > cma->count) {
		pr_err("%s: debugfs alloc %lu: expected 1 to %lu pages\n",
		       cma->name, val, cma->count);
		return -EINVAL;
	}
	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;

	mem->p = cma_alloc(cma, val, 0, false);
	if (mem->p) {
		mem->n = val;
		cma_mem_push(cma, mem);
	} else {
		kfree(mem);
		ret = -ENOMEM;
	}
	return ret;
}

#define CMA_DEBUGFS_COUNT_MAX	32	/* bytes of a count written, NUL included */

/*
 * Parse a page count written to "alloc" or "free" and pass it to @op. A
 * value that is not a plain non-negative number (blanks around it aside)
 * is refused with one message naming it; its bytes other than printable
 * ASCII are escaped there, so that the message stays one line. A NUL byte
 * in the value is refused too: kstrtoul() would not see what follows it.
 */
static ssize_t cma_debugfs_write_count(struct file *file,
				       const char __user *ubuf, size_t len,
				       int (*op)(struct cma *cma, unsigned long val))
{
	char buf[CMA_DEBUGFS_COUNT_MAX], shown[4 * CMA_DEBUGFS_COUNT_MAX];
	struct cma *cma = file->private_data;
	unsigned long val;
	bool has_nul;
	size_t n;
	char *s;
	int ret;

	if (len >= sizeof(buf)) {
		pr_err("%s: debugfs %pD: a write of %zu bytes: expected a page count\n",
		       cma->name, file, len);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	has_nul = strnlen(buf, len) != len;
	s = has_nul ? buf : strim(buf);
	if (has_nul || kstrtoul(s, 0, &val)) {
		n = string_escape_mem(s, has_nul ? len : strlen(s), shown,
				      sizeof(shown) - 1, ESCAPE_ANY | ESCAPE_NAP,
				      NULL);
		shown[min(n, sizeof(shown) - 1)] = '\0';
		pr_err("%s: debugfs %pD: '%s' is not a page count\n",
		       cma->name, file, shown);
		return -EINVAL;
	}
	ret = op(cma, val);
	return ret ? ret : len;
}

static ssize_t cma_alloc_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	return cma_debugfs_write_count(file, ubuf, len, cma_alloc_pages);
}

static ssize_t cma_free_write(struct file *file, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	return cma_debugfs_write_count(file, ubuf, len, cma_free_pages);
}

static const struct file_operations cma_alloc_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cma_alloc_write,
	.llseek = no_llseek,
};

static const struct file_operations cma_free_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cma_free_write,
	.llseek = no_llseek,
};

static void cma_debugfs_add_one(struct cma *cma, struct dentry *root)
{
	struct dentry *dir = debugfs_create_dir(cma->name, root);

	debugfs_create_file("alloc", 0200, dir, cma, &cma_alloc_fops);
	debugfs_create_file("free", 0200, dir, cma, &cma_free_fops);
	debugfs_create_file("base_pfn", 0444, dir, &cma->base_pfn,
			    &cma_ulong_fops);
	debugfs_create_file("count", 0444, dir, &cma->count, &cma_ulong_fops);
	debugfs_create_file("order_per_bit", 0444, dir, &cma->order_per_bit,
			    &cma_uint_fops);
	debugfs_create_file("used", 0444, dir, cma, &cma_used_fops);
	debugfs_create_file("maxchunk", 0444, dir, cma, &cma_maxchunk_fops);

	if (!cma->bitmap)
		return;
	cma->dfs_bitmap.array = (u32 *)cma->bitmap;
	cma->dfs_bitmap.n_elements = DIV_ROUND_UP(cma_bitmap_maxno(cma),
						  BITS_PER_BYTE * sizeof(u32));
	debugfs_create_u32_array("bitmap", 0444, dir, &cma->dfs_bitmap);
}

static int __init cma_debugfs_init(void)
{
	struct dentry *root = debugfs_create_dir("cma", NULL);
	unsigned int i;

	for (i = 0; i < cma_area_count; i++)
		cma_debugfs_add_one(&cma_areas[i], root);
	return 0;
}
late_initcall(cma_debugfs_init);
