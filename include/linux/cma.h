/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __CMA_H__
#define __CMA_H__

#include <linux/init.h>
#include <linux/types.h>
#include <linux/numa.h>

/*
 * The Contiguous Memory Allocator keeps areas of physical memory that the
 * page allocator lends out for movable pages and that are emptied again,
 * by migration, when a contiguous range is allocated from them.
 * Documentation/mm/cma.rst describes the design.
 */

/* The default area plus CONFIG_CMA_AREAS areas of their own. */
#ifdef CONFIG_CMA_AREAS
#define MAX_CMA_AREAS	(1 + CONFIG_CMA_AREAS)
#endif

#define CMA_MAX_NAME 64

/*
 * An area is made of whole pageblocks: the page allocator keeps one
 * migrate type per pageblock, and only MIGRATE_CMA pageblocks are lent out
 * to movable allocations alone.
 */
#define CMA_MIN_ALIGNMENT_PAGES pageblock_nr_pages
#define CMA_MIN_ALIGNMENT_BYTES (PAGE_SIZE * CMA_MIN_ALIGNMENT_PAGES)

/*
 * cma_release() refuses, with a warning, a range of an area that is not
 * allocated in full (released twice, never allocated, or running past the
 * end of an allocation) instead of freeing it, and still returns true:
 * the pages are the area's, so the caller must not free them either. A
 * sub-range of a live allocation may still be released on its own.
 */
#define CMA_RELEASE_CHECKS_ALLOCATED

struct cma;

extern unsigned long totalcma_pages;

phys_addr_t cma_get_base(const struct cma *cma);
unsigned long cma_get_size(const struct cma *cma);
const char *cma_get_name(const struct cma *cma);

int __init cma_declare_contiguous_nid(phys_addr_t base, phys_addr_t size,
				      phys_addr_t limit, phys_addr_t alignment,
				      unsigned int order_per_bit, bool fixed,
				      const char *name, struct cma **res_cma,
				      int nid);

static inline int __init cma_declare_contiguous(phys_addr_t base,
						phys_addr_t size,
						phys_addr_t limit,
						phys_addr_t alignment,
						unsigned int order_per_bit,
						bool fixed, const char *name,
						struct cma **res_cma)
{
	return cma_declare_contiguous_nid(base, size, limit, alignment,
					  order_per_bit, fixed, name, res_cma,
					  NUMA_NO_NODE);
}

int cma_init_reserved_mem(phys_addr_t base, phys_addr_t size,
			  unsigned int order_per_bit, const char *name,
			  struct cma **res_cma);
struct page *cma_alloc(struct cma *cma, unsigned long count,
		       unsigned int align, bool no_warn);
bool cma_pages_valid(struct cma *cma, const struct page *pages,
		     unsigned long count);
bool cma_release(struct cma *cma, const struct page *pages,
		 unsigned long count);

int cma_for_each_area(int (*it)(struct cma *cma, void *data), void *data);

void cma_reserve_pages_on_error(struct cma *cma);
#endif
