// SPDX-License-Identifier: GPL-2.0
/*
 * Provocations for the kernel's own checkers: each write makes one of them
 * complain on purpose, so that a test suite can prove it notices what that
 * checker reports. Test-only: the writes damage the running kernel's state.
 *
 * /sys/kernel/debug/cma_provoke/ (write-only files)
 *
 *   lockdep       "1": take cma_provoke_lock_a then cma_provoke_lock_b,
 *                 release both, then take them in the other order. One
 *                 thread cannot deadlock on that, but lockdep reports
 *                 "possible circular locking dependency detected" and then
 *                 turns itself off until the next boot. -EOPNOTSUPP without
 *                 CONFIG_PROVE_LOCKING, or once lock debugging is off.
 *   leak          N, 1..64: kmalloc() N objects of 128 bytes and forget
 *                 them, in a kernel thread that exits afterwards, so that
 *                 no stale pointer to them stays on a stack that kmemleak
 *                 scans. A kmemleak scan once they are older than its
 *                 minimum age (5 s) reports them.
 *   atomic_sleep  "1": call might_sleep() with a spinlock held, for
 *                 "BUG: sleeping function called from invalid context"
 *                 (at most one a second). -EOPNOTSUPP without
 *                 CONFIG_DEBUG_ATOMIC_SLEEP.
 *
 * A value out of range is refused with -EINVAL and one message naming it.
 *
 * Locking: cma_provoke_mutex serialises the lockdep provocation, so that
 * two writers cannot really deadlock on the inverted pair under it (lockdep
 * reports the inversion all the same); the pair and cma_provoke_spinlock
 * guard nothing, they are only taken.
 */

#define pr_fmt(fmt) "cma_provoke: " fmt

#include <linux/completion.h>
#include <linux/debug_locks.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define CMA_PROVOKE_MAX_WRITE	16
#define CMA_PROVOKE_LEAK_MAX	64
#define CMA_PROVOKE_LEAK_SIZE	128

static DEFINE_MUTEX(cma_provoke_mutex);
static DEFINE_MUTEX(cma_provoke_lock_a);
static DEFINE_MUTEX(cma_provoke_lock_b);
static DEFINE_SPINLOCK(cma_provoke_spinlock);

/**
 * struct cma_provoke_leak - the work of one write to "leak"
 * @count: objects to leak
 * @ret: 0, or -ENOMEM when an allocation failed
 * @done: completed by the thread when it has allocated them
 */
struct cma_provoke_leak {
	unsigned int count;
	int ret;
	struct completion done;
};

/*
 * Read the value written to file @name into @val: a number from 1 to @max.
 * Anything else gets one message naming it and -EINVAL.
 */
static int cma_provoke_get_value(const char *name, const char __user *ubuf,
				 size_t len, unsigned int max,
				 unsigned int *val)
{
	char buf[CMA_PROVOKE_MAX_WRITE + 1];
	char *s;

	if (len > CMA_PROVOKE_MAX_WRITE) {
		pr_warn("%s: %zu bytes written: expected %s%u\n", name, len,
			max > 1 ? "1.." : "", max);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	s = strim(buf);
	if (kstrtouint(s, 0, val) || *val < 1 || *val > max) {
		pr_warn("%s: bad value '%s': expected %s%u\n", name, s,
			max > 1 ? "1.." : "", max);
		return -EINVAL;
	}
	return 0;
}

static void cma_provoke_inversion(void)
{
	mutex_lock(&cma_provoke_mutex);

	mutex_lock(&cma_provoke_lock_a);
	mutex_lock(&cma_provoke_lock_b);
	mutex_unlock(&cma_provoke_lock_b);
	mutex_unlock(&cma_provoke_lock_a);

	/* Lockdep knows a -> b now; this is where it reports b -> a. */
	mutex_lock(&cma_provoke_lock_b);
	mutex_lock(&cma_provoke_lock_a);
	mutex_unlock(&cma_provoke_lock_a);
	mutex_unlock(&cma_provoke_lock_b);

	mutex_unlock(&cma_provoke_mutex);
}

static ssize_t cma_provoke_lockdep_write(struct file *file,
					 const char __user *ubuf, size_t len,
					 loff_t *ppos)
{
	unsigned int val;
	int ret;

	ret = cma_provoke_get_value("lockdep", ubuf, len, 1, &val);
	if (ret)
		return ret;
	if (!IS_ENABLED(CONFIG_PROVE_LOCKING)) {
		pr_warn("lockdep: needs CONFIG_PROVE_LOCKING=y, which this kernel lacks\n");
		return -EOPNOTSUPP;
	}
	if (!debug_locks) {
		pr_warn("lockdep: lock debugging is off (after an earlier report?), so lockdep would report nothing\n");
		return -EOPNOTSUPP;
	}
	cma_provoke_inversion();
	return len;
}

static int cma_provoke_leak_fn(void *data)
{
	struct cma_provoke_leak *leak = data;
	unsigned int i;

	for (i = 0; i < leak->count; i++) {
		if (!kmalloc(CMA_PROVOKE_LEAK_SIZE, GFP_KERNEL)) {
			leak->ret = -ENOMEM;
			break;
		}
	}
	complete(&leak->done);
	return 0;
}

static ssize_t cma_provoke_leak_write(struct file *file,
				      const char __user *ubuf, size_t len,
				      loff_t *ppos)
{
	struct cma_provoke_leak leak = { .ret = 0 };
	struct task_struct *task;
	int ret;

	ret = cma_provoke_get_value("leak", ubuf, len, CMA_PROVOKE_LEAK_MAX,
				    &leak.count);
	if (ret)
		return ret;
	init_completion(&leak.done);
	/* The thread must not touch @leak after completing @leak.done. */
	task = kthread_run(cma_provoke_leak_fn, &leak, "cma_provoke_leak");
	if (IS_ERR(task))
		return PTR_ERR(task);
	wait_for_completion(&leak.done);
	return leak.ret ?: len;
}

static ssize_t cma_provoke_atomic_sleep_write(struct file *file,
					      const char __user *ubuf,
					      size_t len, loff_t *ppos)
{
	unsigned int val;
	int ret;

	ret = cma_provoke_get_value("atomic_sleep", ubuf, len, 1, &val);
	if (ret)
		return ret;
	if (!IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP)) {
		pr_warn("atomic_sleep: needs CONFIG_DEBUG_ATOMIC_SLEEP=y, which this kernel lacks\n");
		return -EOPNOTSUPP;
	}
	spin_lock(&cma_provoke_spinlock);
	might_sleep();
	spin_unlock(&cma_provoke_spinlock);
	return len;
}

static const struct file_operations cma_provoke_lockdep_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cma_provoke_lockdep_write,
	.llseek = noop_llseek,
};

static const struct file_operations cma_provoke_leak_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cma_provoke_leak_write,
	.llseek = noop_llseek,
};

static const struct file_operations cma_provoke_atomic_sleep_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cma_provoke_atomic_sleep_write,
	.llseek = noop_llseek,
};

static int __init cma_provoke_init(void)
{
	struct dentry *dir = debugfs_create_dir("cma_provoke", NULL);

	debugfs_create_file("lockdep", 0200, dir, NULL,
			    &cma_provoke_lockdep_fops);
	debugfs_create_file("leak", 0200, dir, NULL, &cma_provoke_leak_fops);
	debugfs_create_file("atomic_sleep", 0200, dir, NULL,
			    &cma_provoke_atomic_sleep_fops);
	return 0;
}
late_initcall(cma_provoke_init);

MODULE_DESCRIPTION("Provocations for lockdep, kmemleak and atomic-sleep checks");
MODULE_LICENSE("GPL");
