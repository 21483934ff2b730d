// SPDX-License-Identifier: GPL-2.0
/*
 * The CMA debugfs and sysfs interfaces of one area, as userspace sees them:
 *
 *  - every file is there, with the right permissions and format;
 *  - allocating and freeing through debugfs moves "used", the sysfs
 *    available_pages and the counters consistently;
 *  - debugfs and sysfs agree, and so do /proc/meminfo and /proc/vmstat;
 *  - the tracepoints keep the fields of Linux 6.1 and fire;
 *  - bad writes to alloc and free are refused and change nothing;
 *  - standby (standby_pages): refusals, a run evacuated and held, a request
 *    served from it and refilled, the run shrunk and turned off.
 *
 * usage: cma_abi [AREA]   (default: the first area in debugfs)
 *
 * Files that Linux 6.1 does not have (release_pages_success and later) are
 * skipped where absent, so the test runs on the unmodified kernel too.
 * Exits 4 (skip) if the kernel has no CMA debugfs or sysfs directory.
 * Needs a quiet area: nothing else may allocate from it meanwhile.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kselftest.h"

#define DEBUGFS_CMA	"/sys/kernel/debug/cma"
#define TRACEFS_CMA	"/sys/kernel/tracing/events/cma"
#define SYSFS_CMA	"/sys/kernel/mm/cma"
#define LATENCY_BUCKETS	24

static char dbg[512], sys[512];

static bool path_of(char *buf, size_t len, const char *dir, const char *file)
{
	return snprintf(buf, len, "%s/%s", dir, file) < (int)len;
}

static bool exists(const char *dir, const char *file)
{
	char path[512];

	return path_of(path, sizeof(path), dir, file) && access(path, F_OK) == 0;
}

/* Read a file into @buf; return the bytes read, or -1. */
static ssize_t read_file(const char *dir, const char *file, char *buf,
			 size_t len)
{
	char path[512];
	ssize_t n;
	int fd;

	if (!path_of(path, sizeof(path), dir, file))
		return -1;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* A file holding one unsigned decimal number and a newline. */
static bool read_number(const char *dir, const char *file,
			unsigned long long *val)
{
	char buf[64], *end;

	if (read_file(dir, file, buf, sizeof(buf)) <= 0 || buf[0] < '0' ||
	    buf[0] > '9')
		return false;
	errno = 0;
	*val = strtoull(buf, &end, 10);
	return !errno && strcmp(end, "\n") == 0;
}

static unsigned long long number(const char *dir, const char *file)
{
	unsigned long long val = 0;

	if (!read_number(dir, file, &val))
		ksft_print_msg("%s/%s: no value\n", dir, file);
	return val;
}

/* Write @text to the file @path; return 0 or a negative errno. */
static int write_file(const char *path, const char *text)
{
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* Write @text to a debugfs file of the area. */
static int write_text(const char *file, const char *text)
{
	char path[512];

	if (!path_of(path, sizeof(path), dbg, file))
		return -ENAMETOOLONG;
	return write_file(path, text);
}

static int write_count(const char *file, unsigned long long n)
{
	char text[32];

	snprintf(text, sizeof(text), "%llu", n);
	return write_text(file, text);
}

static void check_mode(const char *dir, const char *file, mode_t want)
{
	char path[512];
	struct stat st;

	if (!path_of(path, sizeof(path), dir, file) || stat(path, &st)) {
		ksft_test_result_fail("%s exists\n", path);
		return;
	}
	ksft_test_result((st.st_mode & 0777) == want,
			 "%s has mode %o (saw %o)\n", path, want,
			 st.st_mode & 0777);
}

static void check_number_format(const char *dir, const char *file)
{
	unsigned long long val;

	ksft_test_result(read_number(dir, file, &val),
			 "%s/%s holds one decimal number\n", dir, file);
}

/* sysfs files of later kernels: checked where present, else skipped. */
static const char * const sysfs_optional[] = {
	"release_pages_success", "total_pages", "available_pages",
	"alloc_attempts", "alloc_busy_retries", "alloc_pages_migrated",
	"alloc_pages_scanned", "alloc_fail_no_space", "alloc_fail_busy", "alloc_fail_other",
	"standby_ready_pages", "alloc_standby_hits", "standby_pages_migrated",
};

/* Write @text to a sysfs file of the area. */
static int write_sys(const char *file, const char *text)
{
	char path[512];

	if (!path_of(path, sizeof(path), sys, file))
		return -ENAMETOOLONG;
	return write_file(path, text);
}

static int write_count_sys(const char *file, unsigned long long n)
{
	char text[32];

	snprintf(text, sizeof(text), "%llu", n);
	return write_sys(file, text);
}

static void test_files(void)
{
	static const char * const numbers[] = {
		"base_pfn", "count", "order_per_bit", "used", "maxchunk",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(numbers); i++) {
		check_mode(dbg, numbers[i], 0444);
		check_number_format(dbg, numbers[i]);
	}
	check_mode(dbg, "bitmap", 0444);
	check_mode(dbg, "alloc", 0200);
	check_mode(dbg, "free", 0200);

	check_mode(sys, "alloc_pages_success", 0444);
	check_number_format(sys, "alloc_pages_success");
	check_mode(sys, "alloc_pages_fail", 0444);
	check_number_format(sys, "alloc_pages_fail");
	for (i = 0; i < ARRAY_SIZE(sysfs_optional); i++) {
		if (!exists(sys, sysfs_optional[i])) {
			ksft_test_result_skip("%s/%s: not in this kernel\n",
					      sys, sysfs_optional[i]);
			continue;
		}
		check_mode(sys, sysfs_optional[i], 0444);
		check_number_format(sys, sysfs_optional[i]);
	}
}

/* alloc_latency_us: LATENCY_BUCKETS counts on one line; their sum. */
static bool latency_sum(unsigned long long *sum)
{
	char buf[1024], *p = buf, *end;
	unsigned int n = 0;

	if (read_file(sys, "alloc_latency_us", buf, sizeof(buf)) <= 0)
		return false;
	*sum = 0;
	while (*p && *p != '\n') {
		*sum += strtoull(p, &end, 10);
		if (end == p)
			return false;
		n++;
		p = end;
		if (*p == ' ')
			p++;
	}
	return n == LATENCY_BUCKETS && strcmp(p, "\n") == 0;
}

static void test_latency_format(void)
{
	unsigned long long sum;

	if (!exists(sys, "alloc_latency_us")) {
		ksft_test_result_skip("alloc_latency_us: not in this kernel\n");
		return;
	}
	check_mode(sys, "alloc_latency_us", 0444);
	ksft_test_result(latency_sum(&sum),
			 "alloc_latency_us holds %d counts on one line\n",
			 LATENCY_BUCKETS);
}

/* Set bits of the debugfs bitmap, in pages. */
static bool bitmap_pages(unsigned long long *pages)
{
	static char buf[1 << 16];
	unsigned long long bits = 0, opb = number(dbg, "order_per_bit");
	char *p = buf, *end;
	unsigned long word;

	if (read_file(dbg, "bitmap", buf, sizeof(buf)) <= 0)
		return false;
	while (*p && *p != '\n') {
		word = strtoul(p, &end, 10);
		if (end == p)
			return false;
		bits += __builtin_popcountl(word);
		p = end;
		while (*p == ' ')
			p++;
	}
	*pages = bits << opb;
	return true;
}

static void test_agreement(void)
{
	unsigned long long count = number(dbg, "count");
	unsigned long long used = number(dbg, "used");
	unsigned long long pages;

	ksft_test_result(bitmap_pages(&pages) && pages == used,
			 "debugfs bitmap agrees with used (%llu pages)\n", used);
	ksft_test_result(number(dbg, "maxchunk") <= count - used,
			 "maxchunk is at most the free pages\n");
	if (!exists(sys, "total_pages") || !exists(sys, "available_pages")) {
		ksft_test_result_skip("sysfs total/available_pages: not in this kernel\n");
		return;
	}
	ksft_test_result(number(sys, "total_pages") == count,
			 "sysfs total_pages equals debugfs count\n");
	ksft_test_result(number(sys, "available_pages") == count - used,
			 "sysfs available_pages equals count - used\n");
}

struct snapshot {
	unsigned long long used, success, fail, release, available, attempts;
	unsigned long long calls;
};

static void snap(struct snapshot *s)
{
	s->used = number(dbg, "used");
	s->success = number(sys, "alloc_pages_success");
	s->fail = number(sys, "alloc_pages_fail");
	s->release = exists(sys, "release_pages_success") ?
		     number(sys, "release_pages_success") : 0;
	s->available = exists(sys, "available_pages") ?
		       number(sys, "available_pages") : 0;
	s->attempts = exists(sys, "alloc_attempts") ?
		      number(sys, "alloc_attempts") : 0;
	if (!latency_sum(&s->calls))
		s->calls = 0;
}

static void test_alloc_free_moves_counters(void)
{
	const unsigned long long n = 16;
	bool extended = exists(sys, "alloc_attempts");
	struct snapshot a, b, c;
	int err;

	snap(&a);
	err = write_count("alloc", n);
	snap(&b);
	ksft_test_result(!err, "debugfs alloc %llu succeeds (errno %d)\n", n, err);
	ksft_test_result(b.used == a.used + n, "alloc raises used by %llu\n", n);
	ksft_test_result(b.success == a.success + n,
			 "alloc raises alloc_pages_success by %llu\n", n);
	if (extended) {
		ksft_test_result(b.available == a.available - n,
				 "alloc lowers available_pages by %llu\n", n);
		ksft_test_result(b.attempts >= a.attempts + 1,
				 "alloc counts at least one attempt\n");
		ksft_test_result(b.calls == a.calls + 1,
				 "alloc adds one call to alloc_latency_us\n");
	} else {
		ksft_test_result_skip("%s: not in this kernel\n",
				      "available_pages, alloc_attempts, alloc_latency_us");
	}

	err = write_count("free", n);
	snap(&c);
	ksft_test_result(!err, "debugfs free %llu succeeds (errno %d)\n", n, err);
	ksft_test_result(c.used == a.used, "free brings used back\n");
	if (exists(sys, "release_pages_success"))
		ksft_test_result(c.release == b.release + n,
				 "free raises release_pages_success by %llu\n", n);
	else
		ksft_test_result_skip("release_pages_success: not in this kernel\n");
}

/*
 * "free" gives back the newest allocations first: exactly the newest one,
 * then a count that ends inside an older one.
 */
static void test_free_newest_first(void)
{
	unsigned long long used = number(dbg, "used");
	int err;

	err = write_count("alloc", 8) || write_count("alloc", 16);
	ksft_test_result(!err, "debugfs alloc 8 then 16 succeeds\n");
	if (err)
		return;
	err = write_count("free", 16);
	ksft_test_result(!err && number(dbg, "used") == used + 8,
			 "free 16 gives back exactly the newest allocation (errno %d)\n",
			 err);
	err = write_count("alloc", 16);
	if (!err)
		err = write_count("free", 20);
	ksft_test_result(!err && number(dbg, "used") == used + 4,
			 "free 20 gives back the newest and part of the older one (errno %d)\n",
			 err);
	err = write_count("free", 4);
	ksft_test_result(!err && number(dbg, "used") == used,
			 "free 4 gives back the rest (errno %d)\n", err);
}

/* Each bad write must fail and leave "used" as it was. */
static void check_refused(const char *file, const char *text, const char *why)
{
	unsigned long long before = number(dbg, "used");
	int err = write_text(file, text);

	ksft_test_result(err && number(dbg, "used") == before,
			 "%s '%s' (%s) is refused (errno %d) and changes nothing\n",
			 file, text, why, err);
}

static void test_bad_writes(void)
{
	unsigned long long count = number(dbg, "count");
	char text[32];

	check_refused("alloc", "0", "zero");
	check_refused("alloc", "-1", "negative");
	check_refused("alloc", "abc", "not a number");
	snprintf(text, sizeof(text), "%llu", count + 1);
	check_refused("alloc", text, "larger than the area");
	check_refused("free", "abc", "not a number");
	check_refused("free", "-1", "negative");

	/* 6.1 frees what debugfs holds and reports success. */
	if (!exists(sys, "alloc_attempts")) {
		ksft_test_result_skip("free of more than debugfs holds: accepted by this kernel\n");
		return;
	}
	if (write_count("alloc", 4)) {
		ksft_test_result_fail("alloc 4 pages to free too many of\n");
		return;
	}
	check_refused("free", "5", "more than debugfs allocated");
	check_refused("free", "0", "zero");
	ksft_test_result(!write_count("free", 4), "free the 4 pages\n");
}

/* A request larger than the free pages fails for lack of space. */
static void test_failure_reason(void)
{
	unsigned long long free_pages, before;

	if (!exists(sys, "alloc_fail_no_space")) {
		ksft_test_result_skip("alloc_fail_no_space: not in this kernel\n");
		return;
	}
	free_pages = number(dbg, "count") - number(dbg, "used");
	before = number(sys, "alloc_fail_no_space");
	ksft_test_result(write_count("alloc", free_pages + 1) == -ENOMEM,
			 "alloc of %llu pages, one more than free, fails with ENOMEM\n",
			 free_pages + 1);
	ksft_test_result(number(sys, "alloc_fail_no_space") == before + 1,
			 "the failure counts in alloc_fail_no_space\n");
}

/* The value of "key" in a "key value" (vmstat) or "key: value kB" file. */
static long long proc_value(const char *file, const char *key)
{
	size_t len = strlen(key);
	long long val = -1;
	char line[256];
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) &&
		    (line[len] == ' ' || line[len] == ':')) {
			val = strtoll(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return val;
}

/* An allocation shows in CmaFree and in the vmstat success counter. */
static void test_meminfo_vmstat(void)
{
	const long long n = 1024, kb = n * 4;
	long long free0, free1, ok0, ok1;

	free0 = proc_value("/proc/meminfo", "CmaFree");
	ok0 = proc_value("/proc/vmstat", "cma_alloc_success");
	if (write_count("alloc", n)) {
		ksft_test_result_fail("alloc %lld pages for meminfo/vmstat\n", n);
		return;
	}
	free1 = proc_value("/proc/meminfo", "CmaFree");
	ok1 = proc_value("/proc/vmstat", "cma_alloc_success");
	write_count("free", n);
	/* Pages lent out may move out of the area: allow some slack. */
	ksft_test_result(free0 - free1 >= kb * 9 / 10 && free0 - free1 <= kb + 1024,
			 "CmaFree drops by about %lld kB (saw %lld)\n", kb,
			 free0 - free1);
	ksft_test_result(ok1 == ok0 + 1, "vmstat cma_alloc_success rises by 1\n");
}

/* A tracepoint's format file has each of @fields. */
static bool event_has_fields(const char *event, const char * const *fields)
{
	char dir[128], buf[4096], want[64];

	snprintf(dir, sizeof(dir), "%s/%s", TRACEFS_CMA, event);
	if (read_file(dir, "format", buf, sizeof(buf)) <= 0)
		return false;
	for (; *fields; fields++) {
		snprintf(want, sizeof(want), " %s;", *fields);
		if (!strstr(buf, want))
			return false;
	}
	return true;
}

static void test_tracepoints(void)
{
	static const char * const alloc[] = { "pfn", "page", "count", "align", NULL };
	static const char * const start[] = { "count", "align", NULL };
	static const char * const release[] = { "pfn", "page", "count", NULL };
	char buf[8192];

	if (access(TRACEFS_CMA, F_OK)) {
		ksft_test_result_skip("%s: tracefs not mounted or no events\n", TRACEFS_CMA);
		return;
	}
	ksft_test_result(event_has_fields("cma_alloc_start", start),
			 "cma_alloc_start has the 6.1 fields\n");
	ksft_test_result(event_has_fields("cma_alloc_finish", alloc),
			 "cma_alloc_finish has the 6.1 fields\n");
	ksft_test_result(event_has_fields("cma_alloc_busy_retry", alloc),
			 "cma_alloc_busy_retry has the 6.1 fields\n");
	ksft_test_result(event_has_fields("cma_release", release),
			 "cma_release has the 6.1 fields\n");

	if (write_file("/sys/kernel/tracing/trace", "") ||
	    write_file(TRACEFS_CMA "/enable", "1")) {
		ksft_test_result_fail("enable the cma events\n");
		return;
	}
	write_count("alloc", 8);
	write_count("free", 8);
	write_file(TRACEFS_CMA "/enable", "0");
	if (read_file("/sys/kernel/tracing", "trace", buf, sizeof(buf)) <= 0)
		buf[0] = '\0';
	ksft_test_result(strstr(buf, "cma_alloc_start: name=") &&
			 strstr(buf, "count=8 align=0") &&
			 strstr(buf, "cma_alloc_finish: name=") &&
			 strstr(buf, "cma_release: name="),
			 "an alloc and a free fire cma_alloc_start, cma_alloc_finish and cma_release\n");
}

static bool find_area(const char *want, char *name, size_t len)
{
	struct dirent *de;
	DIR *d;

	if (want) {
		snprintf(name, len, "%s", want);
		return true;
	}
	d = opendir(DEBUGFS_CMA);
	if (!d)
		return false;
	name[0] = '\0';
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(name, len, "%s", de->d_name);
			break;
		}
	closedir(d);
	return name[0];
}

/* Wait up to 10 s for standby_ready_pages to reach @want. */
static bool standby_ready(unsigned long long want)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (number(sys, "standby_ready_pages") == want)
			return true;
		usleep(50000);
	}
	return false;
}

static void check_standby_refused(const char *text, const char *why)
{
	int err = write_sys("standby_pages", text);

	ksft_test_result(err == -EINVAL && number(sys, "standby_pages") == 0,
			 "standby_pages '%s' (%s) refused, value kept (errno %d)\n",
			 text, why, -err);
}

/*
 * The standby knob: refusals; a run of N pages evacuated and held, counted
 * as available and not as used; a request of N pages served from it
 * (alloc_standby_hits) and the run refilled; shrinking and turning it off
 * give pages back at once.
 */
static void test_standby(void)
{
	unsigned long long count = number(dbg, "count");
	unsigned long long used = number(dbg, "used");
	unsigned long long n = 64, hits, pages;
	char text[32];

	if (!exists(sys, "standby_pages")) {
		ksft_test_result_skip("standby_pages: not in this kernel\n");
		return;
	}
	check_mode(sys, "standby_pages", 0644);
	check_standby_refused("lots", "not a number");
	check_standby_refused("-1", "negative");
	snprintf(text, sizeof(text), "%llu", count + 1);
	check_standby_refused(text, "more than the area");

	ksft_test_result(!write_count_sys("standby_pages", n) &&
			 number(sys, "standby_pages") == n,
			 "standby_pages %llu accepted\n", n);
	ksft_test_result(standby_ready(n), "standby run of %llu pages ready\n", n);
	ksft_test_result(number(dbg, "used") == used &&
			 number(sys, "available_pages") == count - used,
			 "the run counts as available, not as used\n");
	ksft_test_result(bitmap_pages(&pages) && pages == used + n,
			 "the run is reserved in the bitmap\n");

	hits = number(sys, "alloc_standby_hits");
	ksft_test_result(!write_count("alloc", n) &&
			 number(sys, "alloc_standby_hits") == hits + 1 &&
			 number(dbg, "used") == used + n,
			 "alloc %llu served from the run\n", n);
	ksft_test_result(standby_ready(n), "the run is refilled\n");
	ksft_test_result(!write_count("free", n) && number(dbg, "used") == used,
			 "free %llu\n", n);

	ksft_test_result(!write_count_sys("standby_pages", n / 4) &&
			 number(sys, "standby_ready_pages") <= n / 4,
			 "shrinking gives the excess back at once\n");
	ksft_test_result(!write_count_sys("standby_pages", 0) &&
			 number(sys, "standby_ready_pages") == 0 &&
			 bitmap_pages(&pages) && pages == used,
			 "standby off gives the run back\n");
}

int main(int argc, char **argv)
{
	char area[256];

	ksft_print_header();
	if (!find_area(argc > 1 ? argv[1] : NULL, area, sizeof(area)))
		ksft_exit_skip("no CMA area in %s (debugfs mounted? CONFIG_CMA_DEBUGFS?)\n",
			       DEBUGFS_CMA);
	snprintf(dbg, sizeof(dbg), "%s/%s", DEBUGFS_CMA, area);
	snprintf(sys, sizeof(sys), "%s/%s", SYSFS_CMA, area);
	if (access(dbg, F_OK) || access(sys, F_OK))
		ksft_exit_skip("area %s lacks %s or %s (CONFIG_CMA_DEBUGFS, CONFIG_CMA_SYSFS?)\n",
			       area, dbg, sys);
	ksft_print_msg("area %s: %llu pages\n", area, number(dbg, "count"));

	test_files();
	test_latency_format();
	test_agreement();
	test_alloc_free_moves_counters();
	test_free_newest_first();
	test_bad_writes();
	test_failure_reason();
	test_meminfo_vmstat();
	test_tracepoints();
	test_standby();
	test_agreement();

	/* The number of results depends on the kernel: plan at the end. */
	ksft_set_plan(ksft_test_num());
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
}
