// SPDX-License-Identifier: GPL-2.0
/*
 * CMA sysfs interface: /sys/kernel/mm/cma/<area>/, one value per file
 * (the latency histogram is one line of counts). The files are ABI:
 * Documentation/ABI/testing/sysfs-kernel-mm-cma describes each.
 *
 * The counters live in &struct cma_stats and are atomic: no lock here.
 * standby_pages is the one file that may be written: mm/cma_standby.c
 * takes the locks it needs.
 */

#include <linux/cma.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "cma.h"
#include "cma_standby.h"

static struct cma *cma_from_kobj(struct kobject *kobj)
{
	return container_of(kobj, struct cma_kobject, kobj)->cma;
}

static ssize_t cma_show_counter(char *buf, atomic64_t *counter)
{
	return sysfs_emit(buf, "%llu\n", (u64)atomic64_read(counter));
}

#define CMA_COUNTER_ATTR(_name, _field)					\
static ssize_t _name##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	return cma_show_counter(buf, &cma_from_kobj(kobj)->stats._field); \
}									\
static struct kobj_attribute _name##_attr = __ATTR_RO(_name)

CMA_COUNTER_ATTR(alloc_pages_success, alloc_pages_success);
CMA_COUNTER_ATTR(alloc_pages_fail, alloc_pages_fail);
CMA_COUNTER_ATTR(release_pages_success, release_pages);
CMA_COUNTER_ATTR(alloc_attempts, attempts);
CMA_COUNTER_ATTR(alloc_busy_retries, busy_retries);
CMA_COUNTER_ATTR(alloc_pages_migrated, pages_migrated);
CMA_COUNTER_ATTR(alloc_pages_scanned, pages_scanned);
CMA_COUNTER_ATTR(alloc_fail_no_space, fail[CMA_FAIL_NO_SPACE]);
CMA_COUNTER_ATTR(alloc_fail_busy, fail[CMA_FAIL_BUSY]);
CMA_COUNTER_ATTR(alloc_fail_other, fail[CMA_FAIL_OTHER]);
CMA_COUNTER_ATTR(alloc_standby_hits, standby_hits);
CMA_COUNTER_ATTR(standby_pages_migrated, standby_pages_migrated);

static ssize_t total_pages_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", cma_from_kobj(kobj)->count);
}

static struct kobj_attribute total_pages_attr = __ATTR_RO(total_pages);

static ssize_t available_pages_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", cma_available_pages(cma_from_kobj(kobj)));
}

static struct kobj_attribute available_pages_attr = __ATTR_RO(available_pages);

static ssize_t standby_pages_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n",
			  cma_standby_target_pages(cma_from_kobj(kobj)));
}

/*
 * A refused write gets one message naming the value (escaped, at most 32
 * bytes) and what was expected; the target stays as it was.
 */
static ssize_t standby_pages_store(struct kobject *kobj,
				   struct kobj_attribute *attr,
				   const char *buf, size_t len)
{
	struct cma *cma = cma_from_kobj(kobj);
	const char *why = NULL;
	unsigned long pages;
	size_t shown = len;

	if (strnlen(buf, len) != len || kstrtoul(buf, 0, &pages))
		why = "expected a page count";
	else if (!cma->count || !cma->bitmap)
		why = "the area is disabled";
	else if (pages > cma->count)
		why = "more pages than the area has";
	if (why) {
		if (shown && buf[shown - 1] == '\n')
			shown--;
		pr_warn("cma: %s: standby_pages '%*pE' refused: %s (0 to %lu)\n",
			cma->name, (int)min_t(size_t, shown, 32), buf, why,
			cma->count);
		return -EINVAL;
	}
	if (cma_standby_set_pages(cma, pages))
		return -EINVAL;
	return len;
}

static struct kobj_attribute standby_pages_attr = __ATTR_RW(standby_pages);

static ssize_t standby_ready_pages_show(struct kobject *kobj,
					struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n",
			  cma_standby_ready_pages(cma_from_kobj(kobj)));
}

static struct kobj_attribute standby_ready_pages_attr =
	__ATTR_RO(standby_ready_pages);

/* Counts of cma_alloc() calls by duration; bucket i is [2^i, 2^(i+1)) us. */
static ssize_t alloc_latency_us_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	struct cma *cma = cma_from_kobj(kobj);
	int i, len = 0;

	for (i = 0; i < CMA_LATENCY_BUCKETS; i++)
		len += sysfs_emit_at(buf, len, "%s%llu", i ? " " : "",
				     (u64)atomic64_read(&cma->stats.latency[i]));
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}

static struct kobj_attribute alloc_latency_us_attr = __ATTR_RO(alloc_latency_us);

static struct attribute *cma_attrs[] = {
	&alloc_pages_success_attr.attr,
	&alloc_pages_fail_attr.attr,
	&release_pages_success_attr.attr,
	&total_pages_attr.attr,
	&available_pages_attr.attr,
	&alloc_attempts_attr.attr,
	&alloc_busy_retries_attr.attr,
	&alloc_pages_migrated_attr.attr,
	&alloc_pages_scanned_attr.attr,
	&alloc_fail_no_space_attr.attr,
	&alloc_fail_busy_attr.attr,
	&alloc_fail_other_attr.attr,
	&alloc_latency_us_attr.attr,
	&standby_pages_attr.attr,
	&standby_ready_pages_attr.attr,
	&alloc_standby_hits_attr.attr,
	&standby_pages_migrated_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(cma);

static void cma_kobj_release(struct kobject *kobj)
{
	struct cma_kobject *cma_kobj = container_of(kobj, struct cma_kobject, kobj);

	cma_kobj->cma->cma_kobj = NULL;
	kfree(cma_kobj);
}

static struct kobj_type cma_ktype = {
	.release = cma_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = cma_groups,
};

static int __init cma_sysfs_add_one(struct cma *cma, struct kobject *root)
{
	struct cma_kobject *cma_kobj;
	int err;

	cma_kobj = kzalloc(sizeof(*cma_kobj), GFP_KERNEL);
	if (!cma_kobj)
		return -ENOMEM;
	cma_kobj->cma = cma;
	cma->cma_kobj = cma_kobj;
	err = kobject_init_and_add(&cma_kobj->kobj, &cma_ktype, root, "%s",
				   cma->name);
	if (err)
		kobject_put(&cma_kobj->kobj);
	return err;
}

static int __init cma_sysfs_init(void)
{
	struct kobject *root;
	unsigned int i;
	int err;

	root = kobject_create_and_add("cma", mm_kobj);
	if (!root)
		return -ENOMEM;
	for (i = 0; i < cma_area_count; i++) {
		err = cma_sysfs_add_one(&cma_areas[i], root);
		if (err)
			goto err_remove_areas;
	}
	return 0;

err_remove_areas:
	pr_err("cma: sysfs: cannot add area %s: %d\n", cma_areas[i].name, err);
	while (i--)
		kobject_put(&cma_areas[i].cma_kobj->kobj);
	kobject_put(root);
	return err;
}
subsys_initcall(cma_sysfs_init);
