// SPDX-License-Identifier: GPL-2.0
/*
 * CMA test device: allocates coherent DMA buffers on request and checks
 * that they come from the device's contiguous memory area.
 *
 * Each device bound to "linux,cma-test" gets a debugfs directory
 * /sys/kernel/debug/cma_test/<device>/ with:
 *
 *   area     (read)  name, base and size of the CMA area the device
 *                    allocates from: its own "memory-region" if the node
 *                    has one, otherwise the default area
 *   alloc    (write) a size in bytes (K/M/G suffixes accepted): one
 *                    dma_alloc_coherent() of that size; the buffer is
 *                    filled with a pattern and read back
 *   free     (write) a buffer id: dma_free_coherent() of that buffer
 *   buffers  (read)  one line per held buffer:
 *                    "<id> <size> <phys> <in-area: yes|no> <pattern: ok|bad>"
 *
 * Locking: each device's buffer list and id counter are protected by that
 * device's mutex; debugfs handlers take it, remove() frees everything after
 * the debugfs directory is gone.
 */

#define pr_fmt(fmt) "cma_test: " fmt

#include <linux/cma.h>
#include <linux/debugfs.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

/* The largest buffer one write may ask for. */
#define CMA_TEST_MAX_SIZE	SZ_256M

/**
 * struct cma_test_buf - one coherent buffer held for userspace
 * @node: entry in &cma_test_dev.bufs
 * @id: number userspace uses to free it
 * @size: size in bytes
 * @cpu: kernel virtual address
 * @dma: DMA address
 * @in_area: the physical range lies inside the device's CMA area
 * @pattern_ok: the pattern written at allocation read back intact
 */
struct cma_test_buf {
	struct list_head node;
	unsigned int id;
	size_t size;
	void *cpu;
	dma_addr_t dma;
	bool in_area;
	bool pattern_ok;
};

/**
 * struct cma_test_dev - per-device state
 * @dev: the platform device
 * @dir: its debugfs directory
 * @lock: protects @bufs and @next_id
 * @bufs: buffers held, oldest first
 * @next_id: id of the next buffer
 * @own_region: the device has bound its own "memory-region" (released on
 *	remove); a CMA area only if that region is one (dev->cma_area)
 */
struct cma_test_dev {
	struct device *dev;
	struct dentry *dir;
	struct mutex lock;	/* protects bufs and next_id */
	struct list_head bufs;
	unsigned int next_id;
	bool own_region;
};

static struct dentry *cma_test_root;

static bool cma_test_range_in_area(struct device *dev, phys_addr_t phys,
				   size_t size)
{
	struct cma *cma = dev_get_cma_area(dev);
	phys_addr_t base;

	if (!cma)
		return false;
	base = cma_get_base(cma);
	return phys >= base && phys - base + size <= cma_get_size(cma);
}

static u32 cma_test_pattern(const struct cma_test_buf *buf, size_t i)
{
	return (u32)(buf->dma + i * sizeof(u32)) ^ 0x5a5aa5a5;
}

static bool cma_test_fill_and_verify(struct cma_test_buf *buf)
{
	u32 *word = buf->cpu;
	size_t i, n = buf->size / sizeof(u32);

	for (i = 0; i < n; i++)
		word[i] = cma_test_pattern(buf, i);
	for (i = 0; i < n; i++)
		if (word[i] != cma_test_pattern(buf, i))
			return false;
	return true;
}

static int cma_test_alloc(struct cma_test_dev *td, size_t size)
{
	struct cma_test_buf *buf;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf->size = size;
	buf->cpu = dma_alloc_coherent(td->dev, size, &buf->dma, GFP_KERNEL);
	if (!buf->cpu) {
		kfree(buf);
		dev_info(td->dev, "allocation of %zu bytes failed\n", size);
		return -ENOMEM;
	}
	buf->in_area = cma_test_range_in_area(td->dev,
					      dma_to_phys(td->dev, buf->dma),
					      size);
	buf->pattern_ok = cma_test_fill_and_verify(buf);

	mutex_lock(&td->lock);
	buf->id = td->next_id++;
	list_add_tail(&buf->node, &td->bufs);
	mutex_unlock(&td->lock);
	return 0;
}

static void cma_test_free_buf(struct cma_test_dev *td, struct cma_test_buf *buf)
{
	dma_free_coherent(td->dev, buf->size, buf->cpu, buf->dma);
	kfree(buf);
}

static int cma_test_free(struct cma_test_dev *td, unsigned int id)
{
	struct cma_test_buf *buf, *found = NULL;

	mutex_lock(&td->lock);
	list_for_each_entry(buf, &td->bufs, node) {
		if (buf->id == id) {
			found = buf;
			list_del(&buf->node);
			break;
		}
	}
	mutex_unlock(&td->lock);
	if (!found)
		return -ENOENT;
	cma_test_free_buf(td, found);
	return 0;
}

static ssize_t cma_test_alloc_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct cma_test_dev *td = file->private_data;
	unsigned long long size;
	char kbuf[32], *end;
	int ret;

	if (len >= sizeof(kbuf))
		return -EINVAL;
	if (copy_from_user(kbuf, ubuf, len))
		return -EFAULT;
	kbuf[len] = '\0';
	size = memparse(strim(kbuf), &end);
	if (*end || !size || size > CMA_TEST_MAX_SIZE) {
		dev_err(td->dev, "alloc: '%s' is not a size from 1 to %u bytes\n",
			strim(kbuf), CMA_TEST_MAX_SIZE);
		return -EINVAL;
	}
	ret = cma_test_alloc(td, size);
	return ret ? ret : len;
}

static ssize_t cma_test_free_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	struct cma_test_dev *td = file->private_data;
	unsigned int id;
	int ret;

	ret = kstrtouint_from_user(ubuf, len, 0, &id);
	if (ret) {
		dev_err(td->dev, "free: expected a buffer id\n");
		return ret;
	}
	ret = cma_test_free(td, id);
	if (ret)
		dev_err(td->dev, "free: no buffer with id %u\n", id);
	return ret ? ret : len;
}

static int cma_test_buffers_show(struct seq_file *s, void *unused)
{
	struct cma_test_dev *td = s->private;
	struct cma_test_buf *buf;

	mutex_lock(&td->lock);
	list_for_each_entry(buf, &td->bufs, node)
		seq_printf(s, "%u %zu %pa %s %s\n", buf->id, buf->size,
			   &(phys_addr_t){ dma_to_phys(td->dev, buf->dma) },
			   buf->in_area ? "yes" : "no",
			   buf->pattern_ok ? "ok" : "bad");
	mutex_unlock(&td->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cma_test_buffers);

static int cma_test_area_show(struct seq_file *s, void *unused)
{
	struct cma_test_dev *td = s->private;
	struct cma *cma = dev_get_cma_area(td->dev);
	phys_addr_t base;

	if (!cma) {
		seq_puts(s, "none\n");
		return 0;
	}
	base = cma_get_base(cma);
	seq_printf(s, "%s %pa %lu %s\n", cma_get_name(cma), &base,
		   cma_get_size(cma), td->dev->cma_area ? "device" : "default");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cma_test_area);

static const struct file_operations cma_test_alloc_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cma_test_alloc_write,
	.llseek = no_llseek,
};

static const struct file_operations cma_test_free_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cma_test_free_write,
	.llseek = no_llseek,
};

static void cma_test_create_files(struct cma_test_dev *td)
{
	td->dir = debugfs_create_dir(dev_name(td->dev), cma_test_root);
	debugfs_create_file("area", 0444, td->dir, td, &cma_test_area_fops);
	debugfs_create_file("alloc", 0200, td->dir, td, &cma_test_alloc_fops);
	debugfs_create_file("free", 0200, td->dir, td, &cma_test_free_fops);
	debugfs_create_file("buffers", 0444, td->dir, td,
			    &cma_test_buffers_fops);
}

static int cma_test_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct cma_test_dev *td;
	int ret;

	td = devm_kzalloc(dev, sizeof(*td), GFP_KERNEL);
	if (!td)
		return -ENOMEM;
	td->dev = dev;
	mutex_init(&td->lock);
	INIT_LIST_HEAD(&td->bufs);

	ret = of_reserved_mem_device_init(dev);
	if (ret && ret != -ENODEV)
		return dev_err_probe(dev, ret, "cannot bind memory-region\n");
	td->own_region = !ret;

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret) {
		dev_err(dev, "no usable 32-bit DMA mask: %d\n", ret);
		goto err_release_region;
	}

	platform_set_drvdata(pdev, td);
	cma_test_create_files(td);
	/* A region that is not a CMA area leaves the device on the default. */
	dev_info(dev, "allocating from %s CMA area %s\n",
		 dev->cma_area ? "its own" : "the default",
		 dev_get_cma_area(dev) ? cma_get_name(dev_get_cma_area(dev)) :
					 "(none)");
	return 0;

err_release_region:
	if (td->own_region)
		of_reserved_mem_device_release(dev);
	return ret;
}

static int cma_test_remove(struct platform_device *pdev)
{
	struct cma_test_dev *td = platform_get_drvdata(pdev);
	struct cma_test_buf *buf, *next;

	debugfs_remove(td->dir);
	list_for_each_entry_safe(buf, next, &td->bufs, node) {
		list_del(&buf->node);
		cma_test_free_buf(td, buf);
	}
	if (td->own_region)
		of_reserved_mem_device_release(&pdev->dev);
	return 0;
}

static const struct of_device_id cma_test_of_match[] = {
	{ .compatible = "linux,cma-test" },
	{ }
};
MODULE_DEVICE_TABLE(of, cma_test_of_match);

static struct platform_driver cma_test_driver = {
	.probe = cma_test_probe,
	.remove = cma_test_remove,
	.driver = {
		.name = "cma_test",
		.of_match_table = cma_test_of_match,
	},
};

static int __init cma_test_init(void)
{
	int ret;

	cma_test_root = debugfs_create_dir("cma_test", NULL);
	ret = platform_driver_register(&cma_test_driver);
	if (ret)
		debugfs_remove(cma_test_root);
	return ret;
}
module_init(cma_test_init);

static void __exit cma_test_exit(void)
{
	platform_driver_unregister(&cma_test_driver);
	debugfs_remove(cma_test_root);
}
module_exit(cma_test_exit);

MODULE_DESCRIPTION("Test device for the Contiguous Memory Allocator");
MODULE_LICENSE("GPL");
