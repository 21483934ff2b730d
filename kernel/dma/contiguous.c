// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Contiguous Memory Allocator: the DMA glue
 *
 * Drivers ask for contiguous memory with dma_alloc_coherent(); dma-direct
 * and the ARM DMA code come here, and this file chooses the CMA area:
 *
 *  - the default area, for devices without one of their own: its size and
 *    placement come from "cma=" on the command line, else from the
 *    CMA_SIZE_* Kconfig options, unless a device-tree pool marked
 *    "linux,cma-default" takes its place;
 *  - one area per NUMA node, sized by "cma_pernuma=", with
 *    CONFIG_DMA_PERNUMA_CMA;
 *  - a device's own area: a reusable "shared-dma-pool" reserved-memory node
 *    that the device names in its "memory-region" property.
 *
 * The areas belong to the CMA core (<linux/cma.h>); this file only reads
 * the configuration, checks it and picks an area. Each setting it refuses
 * gets one "cma: " message that names the value, and the system boots on
 * without it. Documentation/admin-guide/mm/cma.rst is the user's guide.
 *
 * Locking and lifetime:
 *
 *  - Configuration happens in early boot, on one CPU, before the page
 *    allocator is up: the early parameters, the setup of device-tree pools
 *    (fdt_init_reserved_mem()) and dma_contiguous_reserve(), in that order.
 *    The parsed command line is __initdata.
 *  - dma_contiguous_default_area and the per-node areas are written only
 *    then, and only read afterwards: no lock.
 *  - Areas are never destroyed, so a struct cma pointer stays valid for
 *    the life of the system.
 *  - dev->cma_area is written by of_reserved_mem_device_init() and
 *    of_reserved_mem_device_release(), which a driver calls from probe and
 *    remove; the driver core keeps those apart from the driver's own DMA
 *    calls.
 *  - The allocation functions take no lock of their own: cma_alloc()
 *    serialises per area and may sleep; cma_release() does not sleep.
 */

#define pr_fmt(fmt) "cma: " fmt

#include <linux/cma.h>
#include <linux/ctype.h>
#include <linux/dma-map-ops.h>
#include <linux/initrd.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/math64.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/of_reserved_mem.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <asm/sections.h>

#ifdef CONFIG_CMA_SIZE_MBYTES
#define DMA_CMA_SIZE_MBYTES	CONFIG_CMA_SIZE_MBYTES
#else
#define DMA_CMA_SIZE_MBYTES	0
#endif

#ifdef CONFIG_CMA_SIZE_PERCENTAGE
#define DMA_CMA_SIZE_PERCENTAGE	CONFIG_CMA_SIZE_PERCENTAGE
#else
#define DMA_CMA_SIZE_PERCENTAGE	0
#endif

#define DMA_CMA_FORM	"cma=nn[KMG][@base[KMG][-limit[KMG]]]"

/*
 * The area of devices without one of their own; NULL if there is none.
 * Written in early boot only (see the top of the file).
 */
struct cma *dma_contiguous_default_area;

static void __init dma_contiguous_set_default(struct cma *cma)
{
	dma_contiguous_default_area = cma;
}

/* ---------------------------------------------------------------------
 * The command line
 */

/**
 * struct dma_cma_cmdline - what "cma=" asked for
 * @text: the value as written, for messages; NULL without "cma="
 * @valid: @text is well formed and the fields below hold it
 * @size: bytes for the default area; 0 for no default area
 * @base: lowest address of the area, or its address if @fixed; 0 for any
 * @limit: the area must end at or below it; 0 for no limit
 * @fixed: the area must start exactly at @base
 *
 * Kept as written (64 bits) until dma_contiguous_reserve() checks it
 * against the memory of the machine.
 */
struct dma_cma_cmdline {
	const char *text;
	bool valid;
	u64 size;
	u64 base;
	u64 limit;
	bool fixed;
};

static struct dma_cma_cmdline dma_cma_cmdline __initdata;

/* Say, in one line naming "cma=", why it cannot be used. */
static __printf(1, 2) void __init dma_cma_err(const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("cma=%s: %pV\n", dma_cma_cmdline.text, &vaf);
	va_end(args);
}

/*
 * Parse a number at *@p as memparse() reads it (decimal, 0x hex or 0
 * octal, then an optional K, M, G, T, P or E), but fail on a missing
 * number and on values beyond 64 bits. Advance *@p past the number.
 * Return 0, -EINVAL or -ERANGE.
 */
static int __init dma_cma_parse_number(char **p, u64 *val)
{
	static const char units[] = "KMGTPE";
	const char *unit;
	char digits[24];
	unsigned int shift;
	size_t len;
	int ret;

	if ((*p)[0] == '0' && tolower((*p)[1]) == 'x')
		len = 2 + strspn(*p + 2, "0123456789abcdefABCDEF");
	else
		len = strspn(*p, "0123456789");
	if (!len)
		return -EINVAL;
	if (len >= sizeof(digits))
		return -ERANGE;
	memcpy(digits, *p, len);
	digits[len] = '\0';
	ret = kstrtoull(digits, 0, val);
	if (ret)
		return ret;

	/* *@p moves only past a number that fits, units included. */
	unit = (*p)[len] ? strchr(units, toupper((*p)[len])) : NULL;
	if (unit) {
		shift = 10 * (unit - units + 1);
		if (*val > U64_MAX >> shift)
			return -ERANGE;
		*val <<= shift;
		len++;
	}
	*p += len;
	return 0;
}

/* Parse the field @what of "cma=" at *@p into @val; explain a failure. */
static int __init dma_cma_parse_field(char **p, const char *what, u64 *val)
{
	int ret = dma_cma_parse_number(p, val);

	if (ret == -ERANGE)
		dma_cma_err("%s \"%s\" does not fit in 64 bits; expected " DMA_CMA_FORM,
			    what, *p);
	else if (ret)
		dma_cma_err("\"%s\" is not a %s; expected " DMA_CMA_FORM,
			    *p, what);
	return ret;
}

/* The field @what of "cma=" is followed by @rest, which is not allowed. */
static int __init dma_cma_parse_junk(const char *rest, const char *what)
{
	dma_cma_err("unexpected \"%s\" after the %s; expected " DMA_CMA_FORM,
		    rest, what);
	return -EINVAL;
}

/* Parse the value of "cma=" into dma_cma_cmdline; explain a failure. */
static int __init dma_cma_parse(char *p)
{
	struct dma_cma_cmdline *c = &dma_cma_cmdline;

	if (dma_cma_parse_field(&p, "size", &c->size))
		return -EINVAL;
	if (!*p)
		return 0;
	if (*p != '@')
		return dma_cma_parse_junk(p, "size");
	p++;
	if (dma_cma_parse_field(&p, "base address", &c->base))
		return -EINVAL;
	if (!*p) {
		c->fixed = true;
		return 0;
	}
	if (*p != '-')
		return dma_cma_parse_junk(p, "base address");
	p++;
	if (dma_cma_parse_field(&p, "limit address", &c->limit))
		return -EINVAL;
	if (*p)
		return dma_cma_parse_junk(p, "limit address");
	if (c->limit <= c->base) {
		dma_cma_err("limit %#llx is not above base %#llx; expected base < limit",
			    c->limit, c->base);
		return -EINVAL;
	}
	c->fixed = c->limit - c->base == c->size;
	return 0;
}

static int __init early_cma(char *p)
{
	struct dma_cma_cmdline *c = &dma_cma_cmdline;

	/* The last "cma=" counts. */
	memset(c, 0, sizeof(*c));
	c->text = p ?: "";
	if (p)
		c->valid = !dma_cma_parse(p);
	else
		dma_cma_err("no value; expected " DMA_CMA_FORM);
	/* 0: the message says it all; no "Malformed early option". */
	return 0;
}
early_param("cma", early_cma);

/* ---------------------------------------------------------------------
 * The default area
 */

static phys_addr_t __init dma_cma_percent_size(void)
{
	u64 pages = PHYS_PFN(memblock_phys_mem_size());

	return (phys_addr_t)div_u64(pages * DMA_CMA_SIZE_PERCENTAGE, 100)
		<< PAGE_SHIFT;
}

/* The size of the default area that Kconfig chose; 0 for none. */
static phys_addr_t __init dma_cma_config_size(void)
{
	phys_addr_t mbytes = (phys_addr_t)DMA_CMA_SIZE_MBYTES * SZ_1M;

	if (IS_ENABLED(CONFIG_CMA_SIZE_SEL_PERCENTAGE))
		return dma_cma_percent_size();
	if (IS_ENABLED(CONFIG_CMA_SIZE_SEL_MIN))
		return min(mbytes, dma_cma_percent_size());
	if (IS_ENABLED(CONFIG_CMA_SIZE_SEL_MAX))
		return max(mbytes, dma_cma_percent_size());
	return mbytes;
}

/* Make [@base, @limit) a new area and the default one. */
static int __init dma_cma_reserve_default(phys_addr_t size, phys_addr_t base,
					  phys_addr_t limit, bool fixed)
{
	struct cma *cma;
	int ret;

	ret = dma_contiguous_reserve_area(size, base, limit, &cma, fixed);
	if (!ret)
		dma_contiguous_set_default(cma);
	return ret;
}

/* The end of the range "cma=" allows, within memory and @arch_limit. */
static u64 __init dma_cma_cmdline_limit(phys_addr_t arch_limit)
{
	u64 limit = min_not_zero(dma_cma_cmdline.limit, (u64)arch_limit);

	return min_not_zero(limit, (u64)memblock_end_of_DRAM());
}

static bool __init dma_cma_cmdline_fits_memory(void)
{
	u64 mem = memblock_phys_mem_size();

	if (dma_cma_cmdline.size <= mem)
		return true;
	dma_cma_err("size %#llx is larger than all memory (%llu MiB); expected a smaller size",
		    dma_cma_cmdline.size, mem >> 20);
	return false;
}

/* A fixed area: aligned, and all of it memory. */
static bool __init dma_cma_cmdline_fixed_ok(void)
{
	const struct dma_cma_cmdline *c = &dma_cma_cmdline;
	phys_addr_t start = memblock_start_of_DRAM();
	phys_addr_t end = memblock_end_of_DRAM();
	u64 area_end = c->base + c->size;

	if (!IS_ALIGNED(c->base | c->size, CMA_MIN_ALIGNMENT_BYTES)) {
		dma_cma_err("a fixed area needs base %#llx and size %#llx to be multiples of %#lx, the CMA area alignment",
			    c->base, c->size, CMA_MIN_ALIGNMENT_BYTES);
		return false;
	}
	if (c->base < start || area_end > end || area_end < c->base ||
	    !memblock_is_region_memory(c->base, c->size)) {
		dma_cma_err("[%#llx-%#llx) is not memory; expected a range within the memory [%pa-%pa)",
			    c->base, area_end, &start, &end);
		return false;
	}
	return true;
}

/* An area within a range: the range holds memory and the size fits. */
static bool __init dma_cma_cmdline_range_ok(phys_addr_t arch_limit)
{
	const struct dma_cma_cmdline *c = &dma_cma_cmdline;
	u64 align = CMA_MIN_ALIGNMENT_BYTES;
	phys_addr_t start = memblock_start_of_DRAM();
	phys_addr_t end = memblock_end_of_DRAM();
	u64 lo, hi, size;

	if (c->base >= end || (c->limit && c->limit <= start)) {
		dma_cma_err("[%#llx-%#llx) holds no memory; expected a range that overlaps the memory [%pa-%pa)",
			    c->base, c->limit, &start, &end);
		return false;
	}
	lo = ALIGN(max_t(u64, c->base, start), align);
	hi = ALIGN_DOWN(dma_cma_cmdline_limit(arch_limit), align);
	size = ALIGN(c->size, align);
	if (hi <= lo || size > hi - lo) {
		dma_cma_err("size %#llx does not fit in [%#llx-%#llx) (rounded to the CMA area alignment %#llx); expected a smaller size or a wider range",
			    size, lo, hi, align);
		return false;
	}
	if (size != c->size)
		pr_info("cma=%s: size rounded up to %#llx, a multiple of the CMA area alignment\n",
			c->text, size);
	return true;
}

/* Reserve the default area as "cma=" says; 0 if done or not wanted. */
static int __init dma_cma_reserve_cmdline(phys_addr_t arch_limit)
{
	const struct dma_cma_cmdline *c = &dma_cma_cmdline;

	if (!c->size) {
		pr_info("cma=%s: no default area\n", c->text);
		return 0;
	}
	if (!dma_cma_cmdline_fits_memory())
		return -EINVAL;
	if (c->fixed ? !dma_cma_cmdline_fixed_ok() :
		       !dma_cma_cmdline_range_ok(arch_limit))
		return -EINVAL;

	return dma_cma_reserve_default(c->size, c->base,
				       dma_cma_cmdline_limit(arch_limit), c->fixed);
}

/*
 * Reserve the default area of the size Kconfig chose, unless a device-tree
 * pool is the default area already. @instead_of_cmdline: "cma=" was given
 * and not used; say what happens instead.
 */
static void __init dma_cma_reserve_config(phys_addr_t limit,
					  bool instead_of_cmdline)
{
	const char *text = dma_cma_cmdline.text;
	phys_addr_t size;

	if (dma_contiguous_default_area) {
		if (instead_of_cmdline)
			pr_notice("cma=%s not used; the default area is the device-tree pool %s\n",
				  text, cma_get_name(dma_contiguous_default_area));
		return;
	}
	size = dma_cma_config_size();
	if (instead_of_cmdline)
		pr_notice("cma=%s not used; the default area has the configured size instead: %lu MiB\n",
			  text, (unsigned long)(size >> 20));
	if (size)
		dma_cma_reserve_default(size, 0, limit, false);
}

/**
 * dma_contiguous_reserve() - reserve the default contiguous memory area
 * @limit: end of the memory the area may use (exclusive); 0 for no limit
 *
 * Reserves the default area as "cma=" on the command line asks, or with
 * the size the CMA_SIZE_* Kconfig options select if there is no "cma=",
 * or if it cannot be used (one message says why). Does nothing if a
 * device-tree pool marked "linux,cma-default" is the default area, or for
 * "cma=0". Architecture code calls it once memblock knows the memory and
 * the early reservations (device tree included) are made.
 *
 * Context: early boot, memblock still in charge; single-threaded.
 * Return: nothing; each failure is logged.
 */
void __init dma_contiguous_reserve(phys_addr_t limit)
{
	bool given = dma_cma_cmdline.text;

	if (given && dma_cma_cmdline.valid && !dma_cma_reserve_cmdline(limit))
		return;
	dma_cma_reserve_config(limit, given);
}

/**
 * dma_contiguous_early_fixup() - let the architecture prepare a new area
 * @base: physical address of the area
 * @size: its size in bytes
 *
 * Called once for each area this file creates, right after it is reserved.
 * Architectures that must map CMA memory differently override this weak
 * default, which does nothing (ARM remaps lowmem areas with pages).
 *
 * Context: early boot, memblock still in charge.
 * Return: nothing.
 */
void __weak __init dma_contiguous_early_fixup(phys_addr_t base,
					      unsigned long size)
{
}

/**
 * dma_contiguous_reserve_area() - reserve a contiguous memory area
 * @size: size of the area in bytes
 * @base: address of the area if @fixed; else the lowest address it may
 *	start at (0 for any)
 * @limit: end of the memory the area may use; 0 for no limit
 * @res_cma: set to the new area
 * @fixed: place the area exactly at @base
 *
 * Declares an area named "reserved" with the CMA core and gives it to
 * dma_contiguous_early_fixup(). Used for the default area and by board
 * code that reserves areas of its own.
 *
 * Context: early boot, memblock still in charge.
 * Return: 0, or the CMA core's negative error code; the core says why.
 */
int __init dma_contiguous_reserve_area(phys_addr_t size, phys_addr_t base,
				       phys_addr_t limit, struct cma **res_cma,
				       bool fixed)
{
	int ret;

	ret = cma_declare_contiguous(base, size, limit, 0, 0, fixed, "reserved",
				     res_cma);
	if (ret)
		return ret;
	dma_contiguous_early_fixup(cma_get_base(*res_cma),
				   cma_get_size(*res_cma));
	return 0;
}

/* ---------------------------------------------------------------------
 * Per-node areas
 */

#ifdef CONFIG_DMA_PERNUMA_CMA

static struct cma *dma_contiguous_pernuma_area[MAX_NUMNODES];
static phys_addr_t pernuma_size_bytes __initdata;

static int __init early_cma_pernuma(char *p)
{
	char *end = p;
	u64 size;

	pernuma_size_bytes = 0;
	if (!p || dma_cma_parse_number(&end, &size) || *end ||
	    size > PHYS_ADDR_MAX) {
		pr_err("cma_pernuma=%s: expected cma_pernuma=nn[KMG]; no per-node areas\n",
		       p ?: "");
		return 0;
	}
	pernuma_size_bytes = size;
	return 0;
}
early_param("cma_pernuma", early_cma_pernuma);

static void __init dma_cma_reserve_node(int nid)
{
	char name[CMA_MAX_NAME];

	snprintf(name, sizeof(name), "pernuma%d", nid);
	if (cma_declare_contiguous_nid(0, pernuma_size_bytes, 0, 0, 0, false,
				       name, &dma_contiguous_pernuma_area[nid],
				       nid))
		pr_warn("%s: no area on node %d; its devices use the default area\n",
			name, nid);
}

/**
 * dma_pernuma_cma_reserve() - reserve one contiguous area per NUMA node
 *
 * Reserves an area named "pernuma<node>" of the "cma_pernuma=" size on
 * each online node; without "cma_pernuma=", none.
 *
 * Context: early boot, memblock still in charge; single-threaded.
 * Return: nothing; a node without an area is logged.
 */
void __init dma_pernuma_cma_reserve(void)
{
	int nid;

	if (!pernuma_size_bytes)
		return;
	for_each_online_node(nid)
		dma_cma_reserve_node(nid);
}

static struct cma *dma_cma_node_area(struct device *dev, gfp_t gfp)
{
	int nid = dev_to_node(dev);

	/* The zone modifiers ask for low memory, which a node may not have. */
	if (nid == NUMA_NO_NODE || (gfp & (GFP_DMA | GFP_DMA32)))
		return NULL;
	return dma_contiguous_pernuma_area[nid];
}

static struct cma *dma_cma_page_node_area(struct page *page)
{
	return dma_contiguous_pernuma_area[page_to_nid(page)];
}

#else /* !CONFIG_DMA_PERNUMA_CMA */

static struct cma *dma_cma_node_area(struct device *dev, gfp_t gfp)
{
	return NULL;
}

static struct cma *dma_cma_page_node_area(struct page *page)
{
	return NULL;
}

#endif /* CONFIG_DMA_PERNUMA_CMA */

/* ---------------------------------------------------------------------
 * Allocation
 */

/**
 * dma_alloc_from_contiguous() - allocate pages from a device's area
 * @dev: the device; NULL for the default area
 * @count: number of pages
 * @align: alignment as a page order, capped at CONFIG_CMA_ALIGNMENT
 * @no_warn: do not log a failure
 *
 * Allocates from the device's own area if it has one, else from the
 * default area.
 *
 * Context: process context; may sleep.
 * Return: the first of @count contiguous pages, or NULL if there is no
 * area, @count is 0, or the area cannot provide them.
 */
struct page *dma_alloc_from_contiguous(struct device *dev, size_t count,
				       unsigned int align, bool no_warn)
{
	struct cma *cma = dev_get_cma_area(dev);

	if (!cma || !count)
		return NULL;
	align = min_t(unsigned int, align, CONFIG_CMA_ALIGNMENT);
	return cma_alloc(cma, count, align, no_warn);
}

/**
 * dma_release_from_contiguous() - release pages from a device's area
 * @dev: the device the pages were allocated for
 * @pages: the first page, as dma_alloc_from_contiguous() returned it
 * @count: number of pages
 *
 * Context: does not sleep; any context dma_free_coherent() allows.
 * Return: true if the pages belong to the device's area: released, or
 * refused with a warning (a double or partial release) and left alone;
 * false otherwise (the caller still owns them).
 */
bool dma_release_from_contiguous(struct device *dev, struct page *pages,
				 int count)
{
	struct cma *cma = dev_get_cma_area(dev);

	if (!cma || count <= 0)
		return false;
	return cma_release(cma, pages, count);
}

/* @size bytes from @cma, aligned to their order up to CONFIG_CMA_ALIGNMENT. */
static struct page *dma_cma_alloc(struct cma *cma, size_t size, gfp_t gfp)
{
	unsigned int align = min_t(unsigned int, get_order(size),
				   CONFIG_CMA_ALIGNMENT);

	if (!cma)
		return NULL;
	return cma_alloc(cma, PAGE_ALIGN(size) >> PAGE_SHIFT, align,
			 gfp & __GFP_NOWARN);
}

static bool dma_cma_release(struct cma *cma, struct page *page,
			    unsigned long count)
{
	return cma && cma_release(cma, page, count);
}

/**
 * dma_alloc_contiguous() - allocate contiguous memory for dma-direct
 * @dev: the device
 * @size: size in bytes
 * @gfp: allocation flags
 *
 * Tries the device's own area if it has one, and nothing else. Otherwise,
 * for more than one page, the area of the device's NUMA node (with
 * CONFIG_DMA_PERNUMA_CMA), then the default area. A single page never
 * comes from a shared area: any page is contiguous, and keeping them out
 * spares the areas fragmentation.
 *
 * Context: any context, but memory comes only if @gfp allows blocking
 * (CMA may sleep to migrate pages); otherwise NULL at once.
 * Return: the first page, or NULL; the caller then uses the page allocator.
 */
struct page *dma_alloc_contiguous(struct device *dev, size_t size, gfp_t gfp)
{
	struct page *page;

	if (!size || !gfpflags_allow_blocking(gfp))
		return NULL;
	if (dev->cma_area)
		return dma_cma_alloc(dev->cma_area, size, gfp);
	if (size <= PAGE_SIZE)
		return NULL;

	page = dma_cma_alloc(dma_cma_node_area(dev, gfp), size, gfp);
	if (page)
		return page;
	return dma_cma_alloc(dma_contiguous_default_area, size, gfp);
}

/**
 * dma_free_contiguous() - free memory from dma_alloc_contiguous()
 * @dev: the device the memory was allocated for
 * @page: its first page
 * @size: its size in bytes
 *
 * Gives the pages back to the area they came from; pages from no area go
 * back to the page allocator, as dma-direct falls back to it.
 *
 * Context: does not sleep; any context dma_free_coherent() allows.
 * Return: nothing; @page is always freed.
 */
void dma_free_contiguous(struct device *dev, struct page *page, size_t size)
{
	unsigned long count = PAGE_ALIGN(size) >> PAGE_SHIFT;

	if (dev->cma_area) {
		if (dma_cma_release(dev->cma_area, page, count))
			return;
	} else {
		if (dma_cma_release(dma_cma_page_node_area(page), page, count) ||
		    dma_cma_release(dma_contiguous_default_area, page, count))
			return;
	}
	__free_pages(page, get_order(size));
}

/* ---------------------------------------------------------------------
 * Device-tree pools: reusable "shared-dma-pool" reserved-memory nodes
 */

#ifdef CONFIG_OF_RESERVED_MEM

static int rmem_cma_device_init(struct reserved_mem *rmem, struct device *dev)
{
	dev->cma_area = rmem->priv;
	return 0;
}

static void rmem_cma_device_release(struct reserved_mem *rmem,
				    struct device *dev)
{
	dev->cma_area = NULL;
}

static const struct reserved_mem_ops rmem_cma_ops = {
	.device_init	= rmem_cma_device_init,
	.device_release	= rmem_cma_device_release,
};

static bool __init rmem_cma_has(struct reserved_mem *rmem, const char *prop)
{
	return of_get_flat_dt_prop(rmem->fdt_node, prop, NULL);
}

static int __init rmem_cma_count_pool(struct cma *cma, void *count)
{
	if (cma != dma_contiguous_default_area)
		(*(unsigned int *)count)++;
	return 0;
}

/* Areas other than the default one: CONFIG_CMA_AREAS of them fit. */
static unsigned int __init rmem_cma_pool_count(void)
{
	unsigned int count = 0;

	cma_for_each_area(rmem_cma_count_pool, &count);
	return count;
}

/*
 * Give back the memory of a refused "no-map" pool that was allocated for
 * it ("size", no "reg"). On failure fdt_init_reserved_mem() only clears
 * the no-map flag of such a pool, which would leave its memory reserved
 * for nothing; no other handler takes a reusable pool.
 */
static void __init rmem_cma_free_nomap(struct reserved_mem *rmem)
{
	if (!rmem_cma_has(rmem, "reg"))
		memblock_phys_free(rmem->base, rmem->size);
}

/* Whether @rmem's properties make a CMA pool; explain if not. */
static int __init rmem_cma_check_props(struct reserved_mem *rmem)
{
	if (!rmem_cma_has(rmem, "reusable")) {
		if (IS_ENABLED(CONFIG_DMA_DECLARE_COHERENT))
			pr_info("%s: not a CMA pool: no \"reusable\" property (add it for one); left to the coherent DMA pool code\n",
				rmem->name);
		else
			pr_err("%s: not a CMA pool: no \"reusable\" property; expected \"reusable\" for a CMA pool\n",
			       rmem->name);
		return -EINVAL;
	}
	if (rmem_cma_has(rmem, "no-map")) {
		pr_err("%s: \"reusable\" and \"no-map\" exclude each other: a CMA pool must stay mapped to be lent out; pool not created\n",
		       rmem->name);
		rmem_cma_free_nomap(rmem);
		return -EINVAL;
	}
	return 0;
}

/* A range of memory, and the area found to overlap it. */
struct rmem_cma_range {
	phys_addr_t base;
	phys_addr_t end;
	struct cma *area;
};

static bool __init rmem_cma_ranges_overlap(phys_addr_t base, phys_addr_t end,
					   const struct rmem_cma_range *r)
{
	return base < r->end && r->base < end;
}

static int __init rmem_cma_find_overlap(struct cma *cma, void *data)
{
	struct rmem_cma_range *r = data;
	phys_addr_t base = cma_get_base(cma);

	if (!rmem_cma_ranges_overlap(base, base + cma_get_size(cma), r))
		return 0;
	r->area = cma;
	return 1;
}

/*
 * Whether the "reg" pool @rmem overlaps memory in use: the kernel image,
 * the initrd or another area; say what it overlaps. Such a pool must not
 * become an area, and its memory must stay reserved: if the setup failed,
 * fdt_init_reserved_mem() would free all of the range, the part of it that
 * the kernel, the initrd or the other area holds included.
 */
static bool __init rmem_cma_overlaps(struct reserved_mem *rmem)
{
	struct rmem_cma_range r = {
		.base = rmem->base,
		.end = rmem->base + rmem->size,
	};
	const char *what = NULL;

	if (r.end < r.base) {
		pr_err("%s: base %pa size %pa: expected a range below the end of the physical address space; pool not created, its memory stays reserved\n",
		       rmem->name, &rmem->base, &rmem->size);
		return true;
	}
	if (rmem_cma_ranges_overlap(__pa_symbol(_text), __pa_symbol(_end), &r))
		what = "the kernel image";
#ifdef CONFIG_BLK_DEV_INITRD
	else if (phys_initrd_size &&
		 rmem_cma_ranges_overlap(phys_initrd_start,
					 phys_initrd_start + phys_initrd_size, &r))
		what = "the initrd";
#endif
	else if (cma_for_each_area(rmem_cma_find_overlap, &r))
		what = cma_get_name(r.area);
	if (!what)
		return false;
	pr_err("%s: [%pa-%pa) overlaps %s%s; pool not created, its memory stays reserved\n",
	       rmem->name, &r.base, &r.end, r.area ? "the CMA area " : "", what);
	return true;
}

/*
 * Whether the "reg" of @rmem is what the device tree says: the reserved
 * memory code cuts addresses to phys_addr_t, which would put a pool above
 * 4 GiB of a kernel without 64-bit physical addresses in low memory.
 */
static bool __init rmem_cma_reg_fits(struct reserved_mem *rmem)
{
	int cells = dt_root_addr_cells + dt_root_size_cells;
	const __be32 *prop;
	u64 base, size;
	int len;

	prop = of_get_flat_dt_prop(rmem->fdt_node, "reg", &len);
	if (!prop || len < cells * (int)sizeof(__be32))
		return true;
	base = of_read_number(prop, dt_root_addr_cells);
	size = of_read_number(prop + dt_root_addr_cells, dt_root_size_cells);
	if (base == rmem->base && size == rmem->size)
		return true;
	pr_err("%s: reg [%#llx + %#llx] does not fit in the physical addresses of this kernel; pool not created\n",
	       rmem->name, base, size);
	return false;
}

static int __init rmem_cma_same_name(struct cma *cma, void *data)
{
	return !strcmp(cma_get_name(cma), data);
}

/*
 * Whether @rmem's name, as an area keeps it, is free: not that of another
 * area, nor "reserved", the default area's, unless @rmem is the default
 * area. Two areas of one name would share a sysfs and a debugfs directory.
 */
static int __init rmem_cma_check_name(struct reserved_mem *rmem,
				      bool make_default)
{
	char name[CMA_MAX_NAME];

	strscpy(name, rmem->name, sizeof(name));
	if (cma_for_each_area(rmem_cma_same_name, name) ||
	    (!make_default && !strcmp(name, "reserved"))) {
		pr_err("%s: the area name \"%s\" is taken (%s; names are cut to %d characters); pool not created\n",
		       rmem->name, name,
		       strcmp(name, "reserved") ? "by another pool" : "by the default area",
		       CMA_MAX_NAME - 1);
		return -EEXIST;
	}
	return 0;
}

/* Whether @rmem can be a new area (the default one if @make_default). */
static int __init rmem_cma_check_area(struct reserved_mem *rmem,
				      bool make_default)
{
	if (!rmem->size || !IS_ALIGNED(rmem->base | rmem->size,
				       CMA_MIN_ALIGNMENT_BYTES)) {
		pr_err("%s: base %pa size %pa: expected a non-zero size and both multiples of %#lx, the CMA area alignment; pool not created\n",
		       rmem->name, &rmem->base, &rmem->size,
		       CMA_MIN_ALIGNMENT_BYTES);
		return -EINVAL;
	}
	if (!memblock_is_region_memory(rmem->base, rmem->size)) {
		pr_err("%s: [%pa + %pa] is not all memory; pool not created\n",
		       rmem->name, &rmem->base, &rmem->size);
		return -EINVAL;
	}
	/* One slot of MAX_CMA_AREAS stays free for the default area. */
	if (!make_default && rmem_cma_pool_count() >= CONFIG_CMA_AREAS) {
		pr_err("%s: all %d CMA areas besides the default one are in use (CONFIG_CMA_AREAS); pool not created\n",
		       rmem->name, CONFIG_CMA_AREAS);
		return -ENOSPC;
	}
	return 0;
}

/* Whether "cma=" on the command line takes the place of the pool @rmem. */
static bool __init rmem_cma_overridden(struct reserved_mem *rmem)
{
	if (!dma_cma_cmdline.valid)
		return false;
	pr_notice("%s: linux,cma-default pool not used: cma=%s on the command line overrides it\n",
		  rmem->name, dma_cma_cmdline.text);
	return true;
}

/* Whether the "linux,cma-default" pool @rmem can be the default area. */
static bool __init rmem_cma_may_be_default(struct reserved_mem *rmem)
{
	if (!dma_contiguous_default_area)
		return true;
	pr_warn("%s: linux,cma-default ignored: %s is the default area already\n",
		rmem->name, cma_get_name(dma_contiguous_default_area));
	return false;
}

static int __init rmem_cma_setup(struct reserved_mem *rmem)
{
	bool is_default = rmem_cma_has(rmem, "linux,cma-default");
	bool make_default;
	struct cma *cma;
	int ret;

	ret = rmem_cma_check_props(rmem);
	if (ret)
		return ret;
	/* 0 keeps the memory reserved (no area: devices cannot bind it). */
	if (rmem_cma_has(rmem, "reg") && rmem_cma_overlaps(rmem))
		return 0;
	if (!rmem_cma_reg_fits(rmem))
		return -EINVAL;
	if (is_default && rmem_cma_overridden(rmem))
		return -EBUSY;
	make_default = is_default && rmem_cma_may_be_default(rmem);
	ret = rmem_cma_check_area(rmem, make_default);
	if (ret)
		return ret;
	ret = rmem_cma_check_name(rmem, make_default);
	if (ret)
		return ret;

	/* Checked above; the core explains anything else. */
	ret = cma_init_reserved_mem(rmem->base, rmem->size, 0, rmem->name, &cma);
	if (ret)
		return ret;
	dma_contiguous_early_fixup(rmem->base, rmem->size);
	if (make_default)
		dma_contiguous_set_default(cma);
	rmem->ops = &rmem_cma_ops;
	rmem->priv = cma;

	pr_info("%s: CMA pool of %lu MiB at %pa%s\n", rmem->name,
		(unsigned long)(rmem->size >> 20), &rmem->base,
		make_default ? ", the default area" : "");
	return 0;
}

RESERVEDMEM_OF_DECLARE(cma, "shared-dma-pool", rmem_cma_setup);

#endif /* CONFIG_OF_RESERVED_MEM */
