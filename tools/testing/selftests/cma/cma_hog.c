// SPDX-License-Identifier: GPL-2.0
/*
 * cma_hog: fill RAM with anonymous memory so that the page allocator lends
 * out the CMA areas, then hold it and prove that migration lost nothing.
 *
 *   cma_hog [-a AVAIL_MIB] [-C CMAFREE_MIB] [-k KERNEL_MIB] [-c CHUNK_KIB]
 *
 * Maps and writes CHUNK_KIB chunks (default 256) until MemAvailable drops
 * to AVAIL_MIB (default 40), or CmaFree to CMAFREE_MIB if given,
 * remembering a checksum of each chunk, then
 * reads commands from stdin, one per line, and answers each on stdout with
 * one line of key=value pairs:
 *
 *   verify      checksum every chunk again:
 *               "hog verify=ok|bad chunks=N bad=N" (bad counts the chunks
 *               given back for headroom that were bad too)
 *   stir MIB    unmap MIB of chunks spread over all (each checked first),
 *               then fill up to AVAIL_MIB again:
 *               "hog stir=ok|bad freed=N chunks=N bad=N"
 *   fill AVAIL_MIB [CMAFREE_MIB]
 *               set new targets (no CmaFree target if 0 or missing) and
 *               fill up to them: "hog fill chunks=N" and the meminfo keys
 *   meminfo     "hog memavailable_kb= memfree_kb= cmafree_kb= cmatotal_kb="
 *   quit        verify, then exit (status 1 if a checksum differed)
 *
 * Headroom (-k): after every fill, unmap chunks whose pages all lie outside
 * the CMA areas (each checked first) until at least KERNEL_MIB of the
 * memory outside them is free (MemFree - CmaFree). The kernel's own
 * allocations cannot use CMA pages, and allocating a CMA range migrates
 * the hog's pages out of it into that memory: filled to the edge without
 * headroom, the kernel runs out of it and the OOM killer takes the hog.
 * Stopping the fill earlier is no substitute: the page allocator lends
 * CMA pages to movable allocations only while more of the free memory is
 * CMA than not, so the areas fill up only as the rest of RAM does. The
 * hog finds the frames of its pages in /proc/self/pagemap (as root) and
 * the areas in /sys/kernel/debug/cma/; it exits with status 2 if it
 * cannot.
 *
 * The first line it prints, once full, is "hog ready chunks=N kib=N" and
 * the meminfo keys. The content of every chunk is a pseudo-random sequence
 * seeded by a generation number, so a page that comes back zeroed, stale
 * or swapped with another changes the checksum.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CMA_DEBUGFS		"/sys/kernel/debug/cma"
#define MAX_AREAS		16
#define PAGEMAP_BATCH		64
/* pagemap entry: bit 63 "present", bits 0-54 the page frame number */
#define PAGEMAP_PRESENT		0x8000000000000000ULL
#define PAGEMAP_PFN_MASK	0x007fffffffffffffULL

struct chunk {
	uint32_t *mem;
	uint32_t seed;
	uint32_t sum;
};

static struct chunk *chunks;
static size_t nr_chunks, max_chunks;
static size_t chunk_words;
static uint32_t generation;
static long avail_target_kb = 40 * 1024;
static long cmafree_target_kb = -1;
static long kernelfree_target_kb = -1;

/* For -k: the CMA areas' page frames [start, end), and the pagemap. */
static struct {
	uint64_t start, end;
} areas[MAX_AREAS];
static int nr_areas;
static int pagemap_fd = -1;
static size_t page_size;
static size_t headroom_bad;

static long meminfo_kb(const char *key)
{
	char line[128];
	size_t len = strlen(key);
	long val = -1;
	FILE *f = fopen("/proc/meminfo", "r");

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

static void print_meminfo(void)
{
	printf(" memavailable_kb=%ld memfree_kb=%ld cmafree_kb=%ld cmatotal_kb=%ld",
	       meminfo_kb("MemAvailable"), meminfo_kb("MemFree"),
	       meminfo_kb("CmaFree"), meminfo_kb("CmaTotal"));
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

	for (i = 0; i < chunk_words; i++)
		sum = (sum << 5 | sum >> 27) ^ mem[i];
	return sum;
}

static int fill_chunk(struct chunk *c)
{
	uint32_t x;
	size_t i;

	c->mem = mmap(NULL, chunk_words * 4, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c->mem == MAP_FAILED)
		return -1;
	c->seed = ++generation * 2654435761u | 1;
	x = c->seed;
	for (i = 0; i < chunk_words; i++) {
		x = next_word(x);
		c->mem[i] = x;
	}
	c->sum = checksum(c->mem);
	return 0;
}

/* How many chunks to map before looking at /proc/meminfo again. */
static size_t chunks_to_target(void)
{
	long avail = meminfo_kb("MemAvailable") - avail_target_kb;
	long cma = meminfo_kb("CmaFree") - cmafree_target_kb;

	if (cmafree_target_kb >= 0 && cma < avail)
		avail = cma;
	if (avail <= 0)
		return 0;
	/* A quarter of the distance, and at least one chunk. */
	return avail / 4 / (chunk_words * 4 / 1024) + 1;
}

static void die(const char *msg)
{
	fprintf(stderr, "cma_hog: %s\n", msg);
	exit(2);
}

static int read_ull(const char *dir, const char *name,
		    unsigned long long *val)
{
	char path[512];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%llu", val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/* For -k: find the CMA areas and open the pagemap, or exit. */
static void headroom_init(void)
{
	DIR *d = opendir(CMA_DEBUGFS);
	unsigned long long base, count;
	struct dirent *e;
	char dir[300];

	if (!d)
		die("-k: cannot read " CMA_DEBUGFS);
	while ((e = readdir(d)) && nr_areas < MAX_AREAS) {
		snprintf(dir, sizeof(dir), CMA_DEBUGFS "/%s", e->d_name);
		if (e->d_name[0] == '.' || read_ull(dir, "base_pfn", &base) ||
		    read_ull(dir, "count", &count))
			continue;
		areas[nr_areas].start = base;
		areas[nr_areas].end = base + count;
		nr_areas++;
	}
	closedir(d);
	if (!nr_areas)
		die("-k: no CMA area in " CMA_DEBUGFS);
	pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	if (pagemap_fd < 0)
		die("-k: cannot open /proc/self/pagemap");
	page_size = sysconf(_SC_PAGESIZE);
}

static int pfn_in_cma(uint64_t pfn)
{
	int i;

	for (i = 0; i < nr_areas; i++)
		if (pfn >= areas[i].start && pfn < areas[i].end)
			return 1;
	return 0;
}

/* Whether every page of @c is present and outside the CMA areas. */
static int chunk_outside_cma(const struct chunk *c)
{
	size_t pages = chunk_words * 4 / page_size, i, j, n;
	off_t off = (uintptr_t)c->mem / page_size * sizeof(uint64_t);
	uint64_t ent[PAGEMAP_BATCH], pfn;
	ssize_t len;

	for (i = 0; i < pages; i += n) {
		n = pages - i < PAGEMAP_BATCH ? pages - i : PAGEMAP_BATCH;
		len = n * sizeof(uint64_t);
		if (pread(pagemap_fd, ent, len, off + i * sizeof(uint64_t)) != len)
			die("-k: cannot read /proc/self/pagemap");
		for (j = 0; j < n; j++) {
			if (!(ent[j] & PAGEMAP_PRESENT))
				return 0;
			pfn = ent[j] & PAGEMAP_PFN_MASK;
			if (!pfn)
				die("-k: /proc/self/pagemap hides page frames (not root?)");
			if (pfn_in_cma(pfn))
				return 0;
		}
	}
	return 1;
}

/*
 * With -k: unmap chunks lying outside the CMA areas, newest first, until
 * enough memory outside them is free (see the top). Return the bad ones.
 */
static size_t make_headroom(void)
{
	size_t i = nr_chunks, bad = 0;

	if (kernelfree_target_kb < 0)
		return 0;
	while (i-- > 0 && meminfo_kb("MemFree") - meminfo_kb("CmaFree") <
			  kernelfree_target_kb) {
		if (!chunk_outside_cma(&chunks[i]))
			continue;
		bad += checksum(chunks[i].mem) != chunks[i].sum;
		munmap(chunks[i].mem, chunk_words * 4);
		/* A chunk already passed over takes its place. */
		chunks[i] = chunks[--nr_chunks];
	}
	headroom_bad += bad;
	return bad;
}

/*
 * Map chunks until MemAvailable (or CmaFree) reaches its target, then
 * make the headroom. Return the bad chunks that gave it.
 */
static size_t fill(void)
{
	size_t todo;

	while ((todo = chunks_to_target())) {
		while (todo--) {
			if (nr_chunks == max_chunks) {
				size_t n = max_chunks ? 2 * max_chunks : 1024;
				struct chunk *p = realloc(chunks, n * sizeof(*p));

				if (!p)
					goto headroom;
				chunks = p;
				max_chunks = n;
			}
			if (fill_chunk(&chunks[nr_chunks]))
				goto headroom;
			nr_chunks++;
		}
	}
headroom:
	return make_headroom();
}

static size_t verify(void)
{
	size_t i, bad = headroom_bad;

	for (i = 0; i < nr_chunks; i++)
		bad += checksum(chunks[i].mem) != chunks[i].sum;
	return bad;
}

/*
 * Unmap about @mib MiB of chunks spread over all of them (checking each
 * one first), then fill up again, so that the page allocator hands out
 * the memory that came free meanwhile. Return the bad chunks.
 */
static size_t stir(long mib, size_t *freed)
{
	size_t want = mib * 1024 / (chunk_words * 4 / 1024), every, i, j;
	size_t bad = 0;

	*freed = 0;
	if (!want || !nr_chunks)
		return bad;
	every = nr_chunks / want;
	if (!every)
		every = 1;
	for (i = 0, j = 0; i < nr_chunks; i++) {
		if (*freed < want && i % every == every - 1) {
			bad += checksum(chunks[i].mem) != chunks[i].sum;
			munmap(chunks[i].mem, chunk_words * 4);
			(*freed)++;
			continue;
		}
		chunks[j++] = chunks[i];
	}
	nr_chunks = j;
	return bad + fill();
}

/* Run one line of input; return 0 for "quit". */
static int run_line(const char *line)
{
	size_t bad, freed;
	char *end;

	if (!strncmp(line, "quit", 4))
		return 0;
	if (!strncmp(line, "verify", 6)) {
		bad = verify();
		printf("hog verify=%s chunks=%zu bad=%zu\n", bad ? "bad" : "ok",
		       nr_chunks, bad);
	} else if (!strncmp(line, "stir ", 5)) {
		bad = stir(atol(line + 5), &freed);
		printf("hog stir=%s freed=%zu chunks=%zu bad=%zu\n",
		       bad ? "bad" : "ok", freed, nr_chunks, bad);
	} else if (!strncmp(line, "fill ", 5)) {
		avail_target_kb = strtol(line + 5, &end, 10) * 1024;
		cmafree_target_kb = strtol(end, &end, 10) * 1024;
		if (!cmafree_target_kb)
			cmafree_target_kb = -1;
		fill();
		printf("hog fill chunks=%zu", nr_chunks);
		print_meminfo();
		printf("\n");
	} else if (!strncmp(line, "meminfo", 7)) {
		printf("hog");
		print_meminfo();
		printf("\n");
	} else {
		printf("hog error=unknown-input\n");
	}
	return 1;
}

int main(int argc, char **argv)
{
	char line[128];
	size_t bad;
	long chunk_kib = 256;
	int opt;

	while ((opt = getopt(argc, argv, "a:C:k:c:")) != -1) {
		switch (opt) {
		case 'a':
			avail_target_kb = atol(optarg) * 1024;
			break;
		case 'C':
			cmafree_target_kb = atol(optarg) * 1024;
			break;
		case 'k':
			kernelfree_target_kb = atol(optarg) * 1024;
			break;
		case 'c':
			chunk_kib = atol(optarg);
			break;
		default:
			fprintf(stderr,
				"usage: cma_hog [-a AVAIL_MIB] [-C CMAFREE_MIB] [-k KERNEL_MIB] [-c CHUNK_KIB]\n");
			return 2;
		}
	}
	if (chunk_kib < 4 || avail_target_kb < 0) {
		fprintf(stderr, "cma_hog: bad -a or -c\n");
		return 2;
	}
	chunk_words = chunk_kib * 1024 / 4;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (kernelfree_target_kb >= 0)
		headroom_init();

	fill();
	printf("hog ready chunks=%zu kib=%zu", nr_chunks,
	       nr_chunks * chunk_words * 4 / 1024);
	print_meminfo();
	printf("\n");

	while (fgets(line, sizeof(line), stdin) && run_line(line))
		;
	bad = verify();
	printf("hog verify=%s chunks=%zu bad=%zu\n", bad ? "bad" : "ok",
	       nr_chunks, bad);
	return bad ? 1 : 0;
}
