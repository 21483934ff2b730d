// SPDX-License-Identifier: GPL-2.0
/*
 * cma_huge: fill a CMA area with in-use 2 MiB huge pages (hugetlb pages or
 * transparent huge pages), hold them, and prove that migration lost
 * nothing.
 *
 *   cma_huge -t hugetlb|thp -a AREA [-n MIB] [-k KERNEL_MIB] [-s]
 *
 * hugetlb: grows the pool (/proc/sys/vm/nr_hugepages), to MIB at most,
 * then maps every page of it with MAP_HUGETLB | MAP_HUGE_2MB. thp: maps
 * 2 MiB-aligned chunks with MADV_HUGEPAGE, MIB at most; with -s each
 * one's PMD mapping is split (an mprotect() of its first page), leaving a
 * THP mapped by 512 PTEs, and khugepaged kept away (MADV_NOHUGEPAGE).
 * The page allocator lends CMA pages to movable allocations, both kinds
 * included, while the CMA areas have more free memory than the rest of
 * RAM, so both run low together: it fills until the memory outside the
 * areas is down to the kernel's high watermark and 2 MiB, with
 * min_free_kbytes lowered to 4 MiB meanwhile if THP raised it.
 *
 * Every 2 MiB chunk gets a pseudo-random pattern seeded by its number and
 * a checksum. Headroom (-k, default 96): then chunks with no page in AREA
 * are unmapped (each checked first), newest first, and for hugetlb the
 * pool shrunk to the pages in use, until KERNEL_MIB of the memory outside
 * the CMA areas (MemFree - CmaFree) is free: emptying a range of AREA
 * migrates its huge pages there, into whole free 2 MiB blocks.
 *
 * Once ready it prints one line of key=value pairs:
 *
 *   huge ready type= mib= chunks= huge= in_area_pages= huge_in_area=
 *        max_gap_pages= [pmd_mapped_kb=] and the meminfo keys
 *
 * huge counts the chunks backed by one huge page of the type (2 MiB of
 * contiguous, aligned frames whose head /proc/kpageflags marks KPF_HUGE or
 * KPF_THP), huge_in_area those of them inside AREA, in_area_pages the
 * chunks' 4 KiB pages inside AREA, and max_gap_pages the longest run of
 * AREA's pages that no such huge page overlaps (so every range of AREA
 * longer than that holds part of one); for thp, pmd_mapped_kb is what
 * PMDs map (AnonHugePages of /proc/self/smaps_rollup; 0 with -s). It then
 * reads commands from stdin, one per line, and answers each with one line:
 *
 *   frames   look up the frames again: "huge frames huge= in_area_pages=
 *            huge_in_area= max_gap_pages= [pmd_mapped_kb=]"
 *   verify   checksum every chunk: "huge verify=ok|bad chunks=N bad=N"
 *            (bad counts the chunks unmapped for headroom that were bad)
 *   meminfo  "huge memavailable_kb= memfree_kb= cmafree_kb= cmatotal_kb="
 *   quit     verify, unmap everything (hugetlb: empty the pool), then
 *            exit (status 1 if a checksum differed)
 *
 * It needs root (frames in /proc/self/pagemap, /proc/kpageflags) and
 * debugfs (/sys/kernel/debug/cma/AREA/{base_pfn,count}); it exits with
 * status 2 if it cannot run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT		26
#endif
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB		(21 << MAP_HUGE_SHIFT)
#endif

#define CMA_DEBUGFS		"/sys/kernel/debug/cma"
#define NR_HUGEPAGES		"/proc/sys/vm/nr_hugepages"
#define HUGE_SIZE		(2UL << 20)
#define HUGE_KB			(HUGE_SIZE >> 10)
#define PAGE_SZ			4096UL
#define HUGE_PAGES		(HUGE_SIZE / PAGE_SZ)
#define HUGE_WORDS		(HUGE_SIZE / 4)
/* pagemap entry: bit 63 "present", bits 0-54 the page frame number */
#define PAGEMAP_PRESENT		0x8000000000000000ULL
#define PAGEMAP_PFN_MASK	0x007fffffffffffffULL
/* /proc/kpageflags bits (include/uapi/linux/kernel-page-flags.h) */
#define KPF_COMPOUND_HEAD	15
#define KPF_HUGE		17
#define KPF_THP			22
#define MIN_FREE_KBYTES		"/proc/sys/vm/min_free_kbytes"
#define FILL_MIN_FREE_KB	4096

enum huge_type { TYPE_HUGETLB, TYPE_THP };

struct chunk {
	uint32_t *mem;		/* 2 MiB, aligned */
	void *map;		/* the mapping to unmap */
	size_t map_len;
	uint32_t seed;
	uint32_t sum;
	uint64_t pfn;		/* frame of the first page */
	unsigned int in_area;	/* pages inside the area */
	int huge;		/* backed by one huge page of the type */
};

static enum huge_type type;
static struct chunk *chunks;
static size_t nr_chunks, max_chunks;
static uint64_t area_start, area_end;
static int pagemap_fd = -1, kpageflags_fd = -1;
static long target_kb = -1;
static long kernelfree_target_kb = 96 * 1024;
static int split_pmd;
static size_t headroom_bad;
static unsigned long long saved_min_free;

static void die(const char *msg)
{
	fprintf(stderr, "cma_huge: %s\n", msg);
	exit(2);
}

/* The value of @key in @path, a file of "Key:   value kB" lines. */
static long proc_kb(const char *path, const char *key)
{
	char line[128];
	size_t len = strlen(key);
	long val = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, len) && line[len] == ':') {
			val = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

static long meminfo_kb(const char *key)
{
	return proc_kb("/proc/meminfo", key);
}

static long kernel_free_kb(void)
{
	return meminfo_kb("MemFree") - meminfo_kb("CmaFree");
}

static void print_meminfo(void)
{
	printf(" memavailable_kb=%ld memfree_kb=%ld cmafree_kb=%ld cmatotal_kb=%ld",
	       meminfo_kb("MemAvailable"), meminfo_kb("MemFree"),
	       meminfo_kb("CmaFree"), meminfo_kb("CmaTotal"));
}

static int read_ull(const char *path, unsigned long long *val)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%llu", val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

static int write_ul(const char *path, unsigned long val)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%lu\n", val) > 0;
	return fclose(f) || !ok ? -1 : 0;
}

static void area_init(const char *name)
{
	unsigned long long base, count;
	char path[512];

	snprintf(path, sizeof(path), CMA_DEBUGFS "/%s/base_pfn", name);
	if (read_ull(path, &base))
		die("cannot read the area's base_pfn in " CMA_DEBUGFS);
	snprintf(path, sizeof(path), CMA_DEBUGFS "/%s/count", name);
	if (read_ull(path, &count))
		die("cannot read the area's count in " CMA_DEBUGFS);
	area_start = base;
	area_end = base + count;
	pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	if (pagemap_fd < 0)
		die("cannot open /proc/self/pagemap");
	kpageflags_fd = open("/proc/kpageflags", O_RDONLY);
	if (kpageflags_fd < 0)
		die("cannot open /proc/kpageflags (not root?)");
}

/* xorshift32: the content of a chunk is this sequence from its seed. */
static uint32_t next_word(uint32_t x)
{
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static uint32_t checksum(const uint32_t *mem)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < HUGE_WORDS; i++)
		sum = (sum << 5 | sum >> 27) ^ mem[i];
	return sum;
}

static void write_pattern(struct chunk *c, uint32_t seed)
{
	uint32_t x = seed;
	size_t i;

	c->seed = seed;
	for (i = 0; i < HUGE_WORDS; i++) {
		x = next_word(x);
		c->mem[i] = x;
	}
	c->sum = checksum(c->mem);
}

static int chunk_bad(const struct chunk *c)
{
	return checksum(c->mem) != c->sum;
}

static uint64_t page_flags(uint64_t pfn)
{
	uint64_t flags;

	if (pread(kpageflags_fd, &flags, sizeof(flags),
		  pfn * sizeof(flags)) != sizeof(flags))
		die("cannot read /proc/kpageflags");
	return flags;
}

/* Whether the frames @ent are one aligned huge page of the type. */
static int frames_huge(const uint64_t *ent)
{
	uint64_t pfn = ent[0] & PAGEMAP_PFN_MASK, flags, want;
	size_t i;

	if (pfn % HUGE_PAGES)
		return 0;
	for (i = 0; i < HUGE_PAGES; i++)
		if (!(ent[i] & PAGEMAP_PRESENT) ||
		    (ent[i] & PAGEMAP_PFN_MASK) != pfn + i)
			return 0;
	flags = page_flags(pfn);
	want = 1ULL << (type == TYPE_THP ? KPF_THP : KPF_HUGE);
	return (flags & want) && (flags & 1ULL << KPF_COMPOUND_HEAD);
}

/* Look up the frames of @c: its first, its pages in the area, huge. */
static void chunk_frames(struct chunk *c)
{
	uint64_t ent[HUGE_PAGES], pfn;
	off_t off = (uintptr_t)c->mem / PAGE_SZ * sizeof(uint64_t);
	size_t i;

	if (pread(pagemap_fd, ent, sizeof(ent), off) != sizeof(ent))
		die("cannot read /proc/self/pagemap");
	c->in_area = 0;
	for (i = 0; i < HUGE_PAGES; i++) {
		if (!(ent[i] & PAGEMAP_PRESENT))
			continue;
		pfn = ent[i] & PAGEMAP_PFN_MASK;
		if (!pfn)
			die("/proc/self/pagemap hides page frames (not root?)");
		c->in_area += pfn >= area_start && pfn < area_end;
	}
	c->pfn = ent[0] & PAGEMAP_PFN_MASK;
	c->huge = frames_huge(ent);
}

static struct chunk *new_chunk(void)
{
	if (nr_chunks == max_chunks) {
		size_t n = max_chunks ? 2 * max_chunks : 256;
		struct chunk *p = realloc(chunks, n * sizeof(*p));

		if (!p)
			die("out of memory");
		chunks = p;
		max_chunks = n;
	}
	memset(&chunks[nr_chunks], 0, sizeof(chunks[0]));
	return &chunks[nr_chunks];
}

static uint32_t chunk_seed(void)
{
	return (nr_chunks + 1) * 2654435761u | 1;
}

/*
 * Grow the hugetlb pool by up to @want pages; return the pages it grew
 * by. A larger pool needs free 2 MiB blocks, the kernel gives up quietly
 * when there are none.
 */
static unsigned long grow_pool(unsigned long want)
{
	unsigned long long before, after;

	if (read_ull(NR_HUGEPAGES, &before))
		die("cannot read " NR_HUGEPAGES);
	if (write_ul(NR_HUGEPAGES, before + want) ||
	    read_ull(NR_HUGEPAGES, &after))
		die("cannot write " NR_HUGEPAGES);
	return after > before ? after - before : 0;
}

/*
 * Enabling THP raises min_free_kbytes (to about 22 MiB with 512 MiB of
 * RAM) to keep free 2 MiB blocks around. Filling to that watermark would
 * leave the CMA areas about as much free memory as the rest of RAM: the
 * page allocator takes from both alike. Lower it to FILL_MIN_FREE_KB for
 * the fill (never raise it); make_headroom() frees far more than the old
 * value before it is put back.
 */
static void lower_min_free(void)
{
	if (read_ull(MIN_FREE_KBYTES, &saved_min_free))
		die("cannot read " MIN_FREE_KBYTES);
	if (saved_min_free > FILL_MIN_FREE_KB &&
	    write_ul(MIN_FREE_KBYTES, FILL_MIN_FREE_KB))
		die("cannot write " MIN_FREE_KBYTES);
}

static void restore_min_free(void)
{
	if (saved_min_free > FILL_MIN_FREE_KB &&
	    write_ul(MIN_FREE_KBYTES, saved_min_free))
		die("cannot write " MIN_FREE_KBYTES);
}

/*
 * Free memory outside the CMA areas to leave when filling, in kB: the
 * kernel's own allocations cannot use CMA pages, and below its high
 * watermark (1.5 times min_free_kbytes) the OOM killer is near.
 */
static long kernel_floor_kb(void)
{
	unsigned long long min_free;

	if (read_ull(MIN_FREE_KBYTES, &min_free))
		die("cannot read " MIN_FREE_KBYTES);
	return min_free * 3 / 2 + HUGE_KB;
}

/*
 * The huge pages that filling may still add at once, given @have of them.
 * The page allocator takes them from the CMA areas while these have more
 * free memory than the rest of RAM, so both run low together. Near the
 * floor add one at a time, while the areas have room: each may come from
 * either.
 */
static long fill_todo(size_t have)
{
	long kfree = kernel_free_kb(), floor = kernel_floor_kb(), room;

	if (kfree < floor)
		return 0;
	room = (kfree - floor) / HUGE_KB;
	if (!room && meminfo_kb("CmaFree") >= (long)HUGE_KB)
		room = 1;
	if (target_kb >= 0 && (long)(target_kb / HUGE_KB - have) < room)
		room = target_kb / HUGE_KB - have;
	return room < 16 ? room : 16;
}

/* Map one hugetlb page and write it; 0 if there was none in the pool. */
static int map_hugetlb_chunk(void)
{
	struct chunk *c = new_chunk();

	c->map = mmap(NULL, HUGE_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB,
		      -1, 0);
	if (c->map == MAP_FAILED)
		return 0;
	c->map_len = HUGE_SIZE;
	c->mem = c->map;
	write_pattern(c, chunk_seed());
	nr_chunks++;
	return 1;
}

static void fill_hugetlb(void)
{
	unsigned long long pool;
	long todo;

	if (write_ul(NR_HUGEPAGES, 0))
		die("cannot write " NR_HUGEPAGES " (no hugetlbfs?)");
	pool = 0;
	while ((todo = fill_todo(pool)) > 0) {
		unsigned long got = grow_pool(todo);

		if (!got)
			break;
		pool += got;
	}
	while (nr_chunks < pool && map_hugetlb_chunk())
		;
}

/* Map a 2 MiB-aligned chunk for a THP and write it. */
static int map_thp_chunk(void)
{
	struct chunk *c = new_chunk();
	uintptr_t p;

	c->map_len = 2 * HUGE_SIZE;
	c->map = mmap(NULL, c->map_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c->map == MAP_FAILED)
		return 0;
	p = ((uintptr_t)c->map + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
	c->mem = (uint32_t *)p;
	if (madvise(c->mem, HUGE_SIZE, MADV_HUGEPAGE))
		die("madvise(MADV_HUGEPAGE) failed (no THP?)");
	write_pattern(c, chunk_seed());
	/*
	 * Split the PMD mapping, not the page: 512 PTEs map the THP. Then
	 * keep khugepaged from collapsing them into a new PMD-mapped THP.
	 */
	if (split_pmd && (mprotect(c->mem, PAGE_SZ, PROT_READ) ||
			  mprotect(c->mem, PAGE_SZ, PROT_READ | PROT_WRITE) ||
			  madvise(c->mem, HUGE_SIZE, MADV_NOHUGEPAGE)))
		die("cannot split a PMD mapping");
	nr_chunks++;
	return 1;
}

static void fill_thp(void)
{
	long todo;

	while ((todo = fill_todo(nr_chunks)) > 0)
		while (todo--)
			if (!map_thp_chunk())
				return;
}

static void unmap_chunk(size_t i)
{
	headroom_bad += chunk_bad(&chunks[i]);
	munmap(chunks[i].map, chunks[i].map_len);
	/* A chunk already passed over takes its place. */
	chunks[i] = chunks[--nr_chunks];
}

/*
 * Unmap chunks with no page in the area, newest first, @n at most, from
 * before @*i down; return how many.
 */
static long unmap_outside(size_t *i, long n)
{
	long done = 0;

	while (done < n && *i > 0) {
		--*i;
		chunk_frames(&chunks[*i]);
		if (chunks[*i].in_area)
			continue;
		unmap_chunk(*i);
		done++;
	}
	return done;
}

/*
 * Free memory outside the CMA areas until KERNEL_MIB of it is free. The
 * hugetlb pages unmapped go back to the pool; shrinking it to the pages
 * in use gives them to the page allocator.
 */
static void make_headroom(void)
{
	size_t i = nr_chunks;
	long need;

	while ((need = kernelfree_target_kb - kernel_free_kb()) > 0) {
		if (!unmap_outside(&i, (need + HUGE_KB - 1) / HUGE_KB))
			break;
		if (type == TYPE_HUGETLB && write_ul(NR_HUGEPAGES, nr_chunks))
			die("cannot write " NR_HUGEPAGES);
	}
}

static int cmp_pfn(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The longest run of the area's pages that no huge page overlaps. */
static uint64_t max_gap(const uint64_t *pfns, size_t n)
{
	uint64_t gap = 0, at = area_start;
	size_t i;

	for (i = 0; i < n; i++) {
		if (pfns[i] > at && pfns[i] - at > gap)
			gap = pfns[i] - at;
		if (pfns[i] + HUGE_PAGES > at)
			at = pfns[i] + HUGE_PAGES;
	}
	if (area_end > at && area_end - at > gap)
		gap = area_end - at;
	return gap;
}

/* Look up every chunk's frames and print what they are. */
static void print_frames(void)
{
	uint64_t *pfns = calloc(nr_chunks + 1, sizeof(*pfns));
	size_t i, huge = 0, in_area = 0, n = 0;
	struct chunk *c;

	if (!pfns)
		die("out of memory");
	for (i = 0; i < nr_chunks; i++) {
		c = &chunks[i];
		chunk_frames(c);
		huge += c->huge;
		in_area += c->in_area;
		if (c->huge && c->in_area)
			pfns[n++] = c->pfn;
	}
	qsort(pfns, n, sizeof(*pfns), cmp_pfn);
	printf(" huge=%zu in_area_pages=%zu huge_in_area=%zu max_gap_pages=%llu",
	       huge, in_area, n, (unsigned long long)max_gap(pfns, n));
	if (type == TYPE_THP)
		printf(" pmd_mapped_kb=%ld",
		       proc_kb("/proc/self/smaps_rollup", "AnonHugePages"));
	free(pfns);
}

static size_t verify(void)
{
	size_t i, bad = headroom_bad;

	for (i = 0; i < nr_chunks; i++)
		bad += chunk_bad(&chunks[i]);
	return bad;
}

static size_t print_verify(void)
{
	size_t bad = verify();

	printf("huge verify=%s chunks=%zu bad=%zu\n", bad ? "bad" : "ok",
	       nr_chunks, bad);
	return bad;
}

/* Run one line of input; return 0 for "quit". */
static int run_line(const char *line)
{
	if (!strncmp(line, "quit", 4))
		return 0;
	if (!strncmp(line, "verify", 6)) {
		print_verify();
	} else if (!strncmp(line, "frames", 6)) {
		printf("huge frames");
		print_frames();
		printf("\n");
	} else if (!strncmp(line, "meminfo", 7)) {
		printf("huge");
		print_meminfo();
		printf("\n");
	} else {
		printf("huge error=unknown-input\n");
	}
	return 1;
}

/* Unmap every chunk; give hugetlb's pool back to the page allocator. */
static void release(void)
{
	while (nr_chunks) {
		nr_chunks--;
		munmap(chunks[nr_chunks].map, chunks[nr_chunks].map_len);
	}
	if (type == TYPE_HUGETLB)
		write_ul(NR_HUGEPAGES, 0);
}

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: cma_huge -t hugetlb|thp -a AREA [-n MIB] [-k KERNEL_MIB] [-s]\n");
	exit(2);
}

static void parse_args(int argc, char **argv, const char **area)
{
	const char *t = NULL;
	int opt;

	while ((opt = getopt(argc, argv, "t:a:n:k:s")) != -1) {
		switch (opt) {
		case 't':
			t = optarg;
			break;
		case 'a':
			*area = optarg;
			break;
		case 'n':
			target_kb = atol(optarg) * 1024;
			break;
		case 'k':
			kernelfree_target_kb = atol(optarg) * 1024;
			break;
		case 's':
			split_pmd = 1;
			break;
		default:
			bad_usage();
		}
	}
	if (!t || !*area || optind != argc)
		bad_usage();
	if (!strcmp(t, "hugetlb"))
		type = TYPE_HUGETLB;
	else if (!strcmp(t, "thp"))
		type = TYPE_THP;
	else
		bad_usage();
}

int main(int argc, char **argv)
{
	const char *area = NULL;
	char line[128];
	size_t bad;

	parse_args(argc, argv, &area);
	setvbuf(stdout, NULL, _IOLBF, 0);
	area_init(area);
	lower_min_free();
	if (type == TYPE_HUGETLB)
		fill_hugetlb();
	else
		fill_thp();
	make_headroom();
	restore_min_free();

	printf("huge ready type=%s mib=%zu chunks=%zu",
	       type == TYPE_HUGETLB ? "hugetlb" : "thp", nr_chunks * 2,
	       nr_chunks);
	print_frames();
	print_meminfo();
	printf("\n");

	while (fgets(line, sizeof(line), stdin) && run_line(line))
		;
	bad = print_verify();
	release();
	return bad ? 1 : 0;
}
