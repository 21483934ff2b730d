// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-io: one file operation of scripts/tests/75-hostile.sh in the
 * guest, done with exactly one system call so that the kernel sees the
 * bytes of the matrix row as they are, and its result printed as
 * "ok BYTES" or "err ERRNO-NAME" (with the failing step for open).
 *
 *   hostile-io write PATH DATA   open PATH write-only, write() the whole
 *                                content of the file DATA in one call
 *   hostile-io open PATH         open PATH write-only with O_TRUNC, close
 *   hostile-io read PATH         open PATH read-only, read() once
 *   hostile-io create PATH       create PATH (O_CREAT | O_EXCL)
 *   hostile-io unlink PATH       unlink PATH
 *   hostile-io chmod-write PATH DATA
 *                                make PATH writable (chmod u+w), write as
 *                                above, then restore its mode
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int report(const char *step, long ret)
{
	if (ret < 0) {
		const char *name = strerrorname_np(errno);

		printf("err %s%s%s\n", name ? name : "?", step ? " at " : "",
		       step ? step : "");
		return 1;
	}
	printf("ok %ld\n", ret);
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || !buf) {
		perror(path);
		exit(2);
	}
	while ((r = read(fd, buf + n, cap - n)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
	}
	close(fd);
	*len = n;
	return buf;
}

static int do_write(const char *path, const char *data)
{
	size_t len;
	char *buf = slurp(data, &len);
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		return report("open", -1);
	return report(NULL, write(fd, buf, len));
}

int main(int argc, char **argv)
{
	struct stat st;
	char buf[4096];
	int fd, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: hostile-io OP PATH [DATA]\n");
		return 2;
	}
	if (!strcmp(argv[1], "write") && argc == 4)
		return do_write(argv[2], argv[3]);
	if (!strcmp(argv[1], "open")) {
		fd = open(argv[2], O_WRONLY | O_TRUNC);
		return report("open", fd < 0 ? -1 : close(fd));
	}
	if (!strcmp(argv[1], "read")) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0)
			return report("open", -1);
		return report(NULL, read(fd, buf, sizeof(buf)));
	}
	if (!strcmp(argv[1], "create")) {
		fd = open(argv[2], O_WRONLY | O_CREAT | O_EXCL, 0644);
		return report(NULL, fd < 0 ? -1 : close(fd));
	}
	if (!strcmp(argv[1], "unlink"))
		return report(NULL, unlink(argv[2]));
	if (!strcmp(argv[1], "chmod-write") && argc == 4) {
		if (stat(argv[2], &st) || chmod(argv[2], st.st_mode | S_IWUSR))
			return report("chmod", -1);
		rc = do_write(argv[2], argv[3]);
		chmod(argv[2], st.st_mode & 07777);
		return rc;
	}
	fprintf(stderr, "hostile-io: unknown operation '%s'\n", argv[1]);
	return 2;
}
