/* knob.h - a number in a /proc/sys file (a "knob"), read and written
 * as the tests that change a limit and put it back need. */
#ifndef KNOB_H
#define KNOB_H

/* The knob's value, or -1 when it cannot be read. */
__attribute__((unused))
static long knob_get(const char *path)
{
	char b[32] = { 0 };
	int fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, b, sizeof b - 1) <= 0)
		return -1;
	close(fd);
	return atol(b);
}

/* Writes v to a knob: 0, or -errno. */
__attribute__((unused))
static int knob_set(const char *path, long v)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%ld\n", v), fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	int r = write(fd, b, n) == n ? 0 : -errno;
	close(fd);
	return r;
}

#endif
