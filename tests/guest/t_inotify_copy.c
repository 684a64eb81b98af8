/* t_inotify_copy - the inotify events of the calls that copy between
 * files inside the kernel, differential against Linux 6.1: sendfile and
 * copy_file_range report IN_ACCESS on the source and IN_MODIFY on the
 * destination, once per call that moved bytes, none for a call that
 * moved nothing. (splice and tee report nothing on 6.1; Linux 6.4 added
 * events to them, so the host would differ: not tested.) */
#include "check.h"
#include <sys/inotify.h>
#include <sys/sendfile.h>

/* The events waiting on fd, one line: mask and name of each. */
static void show(const char *what, int fd)
{
	char buf[4096], line[1024] = "";
	ssize_t n = read(fd, buf, sizeof buf);
	for (char *p = buf; n > 0 && p < buf + n; ) {
		struct inotify_event *e = (struct inotify_event *)p;
		size_t l = strlen(line);
		snprintf(line + l, sizeof line - l, " %#x:%s", e->mask, e->len ? e->name : "-");
		p += sizeof *e + e->len;
	}
	say("%s:%s\n", what, n > 0 ? line : " none");
}

static void copies(void)
{
	mk("src", "0123456789");
	mk("dst", "");
	int in = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(in, tdir, IN_ACCESS | IN_MODIFY);
	int s = open(P("src"), O_RDONLY), d = open(P("dst"), O_WRONLY);
	CHECK_EQ("sendfile moves 4 bytes", sendfile(d, s, NULL, 4), 4);
	show("sendfile", in);
	off_t o = 10;
	CHECK_EQ("sendfile at the end moves nothing", sendfile(d, s, &o, 4), 0);
	show("sendfile of nothing", in);
	loff_t a = 0, b = 0;
	CHECK_EQ("copy_file_range moves 6 bytes", syscall(SYS_copy_file_range, s, &a, d, &b, 6, 0), 6);
	show("copy_file_range", in);
	a = 10;
	CHECK_EQ("copy_file_range at the end moves nothing", syscall(SYS_copy_file_range, s, &a, d, &b, 6, 0), 0);
	show("copy_file_range of nothing", in);
	int w = inotify_add_watch(in, P("src"), IN_ACCESS);
	CHECK("a watch on the source itself", w > 0);
	a = 0;
	syscall(SYS_copy_file_range, s, &a, d, &b, 2, 0);
	show("with the file's own watch too", in);
}

int main(void)
{
	tdir_setup("t_inotify_copy");
	RUN(copies);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
