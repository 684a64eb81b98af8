/* t_inotify_copy_edges - sendfile's and copy_file_range's inotify events at
 * their edges, differential against Linux 6.1: sendfile into a named
 * FIFO (spliced) reads the source, a sendfile that fails (EAGAIN on a
 * full pipe, EINVAL for O_APPEND, EBADF) or a copy_file_range that fails
 * reports nothing, sendfile of a file into itself at another offset
 * reports both events on it. Only the source is watched while the FIFO
 * is written: 6.1 reports IN_MODIFY on a FIFO, the host's 6.18 does not
 * (it stopped notifying for pipes), so the FIFO's own events are left
 * out. */
#include "check.h"
#include <sys/inotify.h>
#include <sys/sendfile.h>

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

static void edges(void)
{
	mk("src", "0123456789");
	mk("dst", "");
	mkfifo(P("fifo"), 0644);
	int r = open(P("fifo"), O_RDONLY | O_NONBLOCK), w = open(P("fifo"), O_WRONLY | O_NONBLOCK);
	int in = inotify_init1(IN_NONBLOCK);
	int ws = inotify_add_watch(in, P("src"), IN_ACCESS | IN_MODIFY);
	int s = open(P("src"), O_RDONLY);
	CHECK_EQ("sendfile into a FIFO", sendfile(w, s, NULL, 4), 4);
	show("sendfile into a FIFO", in);
	char big[4096];
	memset(big, 'x', sizeof big);
	while (write(w, big, sizeof big) > 0)
		;
	off_t o = 0;
	CHECK_ERR("sendfile into the full FIFO", sendfile(w, s, &o, 4), EAGAIN);
	show("EAGAIN", in);
	inotify_rm_watch(in, ws);
	read(in, big, sizeof big);                 /* IN_IGNORED */
	inotify_add_watch(in, tdir, IN_ACCESS | IN_MODIFY);
	int a = open(P("dst"), O_WRONLY | O_APPEND);
	CHECK_ERR("sendfile to O_APPEND", sendfile(a, s, &o, 4), EINVAL);
	show("EINVAL", in);
	CHECK_ERR("sendfile from a file open for writing only", sendfile(w, a, &o, 4), EBADF);
	show("EBADF", in);
	loff_t x = 0, y = 0;
	CHECK_ERR("copy_file_range to O_APPEND", syscall(SYS_copy_file_range, s, &x, a, &y, 4, 0), EBADF);
	show("copy_file_range EBADF", in);
	int rw = open(P("dst"), O_RDWR);
	write(rw, "abcdefgh", 8);
	read(in, big, sizeof big);
	o = 0;
	lseek(rw, 8, SEEK_SET);
	CHECK_EQ("sendfile of a file into itself", sendfile(rw, rw, &o, 4), 4);
	show("into itself", in);
	close(r);
	close(w);
}

int main(void)
{
	tdir_setup("t_inotify_copy_edges");
	RUN(edges);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
