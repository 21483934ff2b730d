/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cma

#if !defined(_TRACE_CMA_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_CMA_H

#include <linux/types.h>
#include <linux/tracepoint.h>

/*
 * The fields and output of cma_alloc_start, cma_alloc_finish,
 * cma_alloc_busy_retry and cma_release are those of Linux 6.1, so tools
 * written for them keep working. cma_alloc_window is new: the range the
 * search picked for an attempt and what it expected to find there; so is
 * cma_standby_refill: a run the standby worker emptied ahead of demand
 * (or failed to: err), the pages it migrated and the time it took.
 */

DECLARE_EVENT_CLASS(cma_alloc_class,

	TP_PROTO(const char *name, unsigned long pfn, const struct page *page,
		 unsigned long count, unsigned int align),

	TP_ARGS(name, pfn, page, count, align),

	TP_STRUCT__entry(
		__string(name, name)
		__field(unsigned long, pfn)
		__field(const struct page *, page)
		__field(unsigned long, count)
		__field(unsigned int, align)
	),

	TP_fast_assign(
		__assign_str(name, name);
		__entry->pfn = pfn;
		__entry->page = page;
		__entry->count = count;
		__entry->align = align;
	),

	TP_printk("name=%s pfn=0x%lx page=%p count=%lu align=%u",
		  __get_str(name), __entry->pfn, __entry->page,
		  __entry->count, __entry->align)
);

TRACE_EVENT(cma_release,

	TP_PROTO(const char *name, unsigned long pfn, const struct page *page,
		 unsigned long count),

	TP_ARGS(name, pfn, page, count),

	TP_STRUCT__entry(
		__string(name, name)
		__field(unsigned long, pfn)
		__field(const struct page *, page)
		__field(unsigned long, count)
	),

	TP_fast_assign(
		__assign_str(name, name);
		__entry->pfn = pfn;
		__entry->page = page;
		__entry->count = count;
	),

	TP_printk("name=%s pfn=0x%lx page=%p count=%lu",
		  __get_str(name), __entry->pfn, __entry->page, __entry->count)
);

TRACE_EVENT(cma_alloc_start,

	TP_PROTO(const char *name, unsigned long count, unsigned int align),

	TP_ARGS(name, count, align),

	TP_STRUCT__entry(
		__string(name, name)
		__field(unsigned long, count)
		__field(unsigned int, align)
	),

	TP_fast_assign(
		__assign_str(name, name);
		__entry->count = count;
		__entry->align = align;
	),

	TP_printk("name=%s count=%lu align=%u",
		  __get_str(name), __entry->count, __entry->align)
);

DEFINE_EVENT(cma_alloc_class, cma_alloc_finish,

	TP_PROTO(const char *name, unsigned long pfn, const struct page *page,
		 unsigned long count, unsigned int align),

	TP_ARGS(name, pfn, page, count, align)
);

DEFINE_EVENT(cma_alloc_class, cma_alloc_busy_retry,

	TP_PROTO(const char *name, unsigned long pfn, const struct page *page,
		 unsigned long count, unsigned int align),

	TP_ARGS(name, pfn, page, count, align)
);

TRACE_EVENT(cma_alloc_window,

	TP_PROTO(const char *name, unsigned long pfn, unsigned long count,
		 unsigned long in_use, unsigned long suspect),

	TP_ARGS(name, pfn, count, in_use, suspect),

	TP_STRUCT__entry(
		__string(name, name)
		__field(unsigned long, pfn)
		__field(unsigned long, count)
		__field(unsigned long, in_use)
		__field(unsigned long, suspect)
	),

	TP_fast_assign(
		__assign_str(name, name);
		__entry->pfn = pfn;
		__entry->count = count;
		__entry->in_use = in_use;
		__entry->suspect = suspect;
	),

	TP_printk("name=%s pfn=0x%lx count=%lu in_use=%lu suspect=%lu",
		  __get_str(name), __entry->pfn, __entry->count,
		  __entry->in_use, __entry->suspect)
);

TRACE_EVENT(cma_standby_refill,

	TP_PROTO(const char *name, unsigned long pfn, unsigned long count,
		 long migrated, s64 us, int err),

	TP_ARGS(name, pfn, count, migrated, us, err),

	TP_STRUCT__entry(
		__string(name, name)
		__field(unsigned long, pfn)
		__field(unsigned long, count)
		__field(long, migrated)
		__field(s64, us)
		__field(int, err)
	),

	TP_fast_assign(
		__assign_str(name, name);
		__entry->pfn = pfn;
		__entry->count = count;
		__entry->migrated = migrated;
		__entry->us = us;
		__entry->err = err;
	),

	TP_printk("name=%s pfn=0x%lx count=%lu migrated=%ld us=%lld err=%d",
		  __get_str(name), __entry->pfn, __entry->count,
		  __entry->migrated, __entry->us, __entry->err)
);

#endif /* _TRACE_CMA_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
