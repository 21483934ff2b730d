// SPDX-License-Identifier: GPL-2.0
/*
 * cma_heap: allocate buffers from a CMA dma-buf heap and prove they work.
 *
 *   cma_heap HEAP MIB [COUNT]
 *
 * Allocates COUNT (default 1) buffers of MIB MiB each from
 * /dev/dma_heap/HEAP, maps each one, checks that it arrived zeroed (the
 * CMA heap clears every buffer, page by page through kmap(), so this also
 * proves that highmem pages were reachable), writes a pattern and reads it
 * back. With all buffers held it reads the debugfs "used" count of the
 * CMA area of the same name, then frees them and reads it again. Prints
 * one line:
 *
 *   heap ok buffers=N mib=M used_held=P used_after=Q
 *
 * or "heap error=WHAT ..." and exits 1; then, either way, one line per
 * allocation attempted, with the time the allocation ioctl took (the
 * heap's cma_alloc() and its clearing of the buffer):
 *
 *   heap buffer=I ok=0|1 ns=T
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-heap.h>

#define MAX_BUFFERS	64

struct buffer {
	int fd;
	uint32_t *map;
	size_t len;
	long long ns;
	int ok;
};

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int fail(const char *what, int err)
{
	printf("heap error=%s errno=%d (%s)\n", what, err, strerror(err));
	return 1;
}

/* Pages of the CMA area @heap in use, or -1 if debugfs does not say. */
static long area_used(const char *heap)
{
	char path[256];
	long used = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/cma/%s/used", heap);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &used) != 1)
		used = -1;
	fclose(f);
	return used;
}

static int alloc_buffer(int heap_fd, size_t len, struct buffer *b)
{
	struct dma_heap_allocation_data data = {
		.len = len,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	long long t0 = now_ns();
	int ret = ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &data);

	b->ns = now_ns() - t0;
	b->ok = ret == 0;
	if (ret < 0)
		return fail("alloc", errno);
	b->fd = data.fd;
	b->len = len;
	b->map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd, 0);
	if (b->map == MAP_FAILED)
		return fail("mmap", errno);
	return 0;
}

/* Zeroed on arrival; then a pattern written and read back. */
static int check_buffer(struct buffer *b, uint32_t seed)
{
	size_t i, n = b->len / sizeof(uint32_t);

	for (i = 0; i < n; i++)
		if (b->map[i])
			return fail("not-zeroed", EINVAL);
	for (i = 0; i < n; i++)
		b->map[i] = seed ^ (uint32_t)(i * 2654435761u);
	for (i = 0; i < n; i++)
		if (b->map[i] != (seed ^ (uint32_t)(i * 2654435761u)))
			return fail("pattern", EIO);
	return 0;
}

static void free_buffer(struct buffer *b)
{
	munmap(b->map, b->len);
	close(b->fd);
}

int main(int argc, char **argv)
{
	struct buffer bufs[MAX_BUFFERS];
	long used_held, used_after;
	int heap_fd, i, count = 1, rc = 0, made = 0, tried = 0;
	char path[256];
	size_t len;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: cma_heap HEAP MIB [COUNT]\n");
		return 2;
	}
	len = strtoul(argv[2], NULL, 0) << 20;
	if (argc == 4)
		count = atoi(argv[3]);
	if (!len || count < 1 || count > MAX_BUFFERS) {
		fprintf(stderr, "cma_heap: MIB > 0 and 1 <= COUNT <= %d\n", MAX_BUFFERS);
		return 2;
	}
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", argv[1]);
	heap_fd = open(path, O_RDWR | O_CLOEXEC);
	if (heap_fd < 0)
		return fail("open-heap", errno);

	for (i = 0; i < count && !rc; i++) {
		tried++;
		rc = alloc_buffer(heap_fd, len, &bufs[i]);
		if (!rc) {
			made++;
			rc = check_buffer(&bufs[i], 0x9e3779b9u * (i + 1));
		}
	}
	used_held = area_used(argv[1]);
	for (i = 0; i < made; i++)
		free_buffer(&bufs[i]);
	close(heap_fd);
	used_after = area_used(argv[1]);
	if (!rc)
		printf("heap ok buffers=%d mib=%zu used_held=%ld used_after=%ld\n",
		       made, len >> 20, used_held, used_after);
	for (i = 0; i < tried; i++)
		printf("heap buffer=%d ok=%d ns=%lld\n", i, bufs[i].ok, bufs[i].ns);
	return rc ? 1 : 0;
}
