/* fdinfo.h - what t_fdinfo and t_fdinfo_guest share: the text of
 * /proc/self/fdinfo/<fd>, the part of it that is the file's own (after
 * the generic pos/flags/mnt_id/ino lines and any lock lines: what Linux's
 * f_op->show_fdinfo adds), and one line of a text by its start. */
#ifndef FDINFO_H
#define FDINFO_H

#include <stdio.h>
#include <string.h>

static char fdinfo_text[1 << 15];

/* The whole of /proc/self/fdinfo/<fd> ("" when it cannot be read). */
__attribute__((unused))
static const char *fdinfo_all(int fd)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	if (read_all(path, fdinfo_text, sizeof fdinfo_text) < 0)
		fdinfo_text[0] = 0;
	return fdinfo_text;
}

/* What follows the "ino:" line and the "lock:" lines of fd's fdinfo. */
__attribute__((unused))
static const char *fdinfo_own(int fd)
{
	const char *p = strstr(fdinfo_all(fd), "\nino:\t");
	if (!p || !(p = strchr(p + 1, '\n')))
		return "";
	for (p++; !strncmp(p, "lock:\t", 6); ) {
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : p + strlen(p);
	}
	return p;
}

/* The line of text that starts with key, without its newline, in a
 * static buffer (one of four, so a check may use several); NULL when
 * there is none. */
__attribute__((unused))
static const char *line_of(const char *text, const char *key)
{
	static char bufs[4][512];
	static unsigned next;
	size_t k = strlen(key);
	for (const char *l = text; l && *l; ) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		if (len >= k && !strncmp(l, key, k)) {
			char *b = bufs[next++ % 4];
			snprintf(b, sizeof bufs[0], "%.*s", (int)len, l);
			return b;
		}
		l = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* The number of lines of text. */
__attribute__((unused))
static int lines_in(const char *text)
{
	int n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

#endif
