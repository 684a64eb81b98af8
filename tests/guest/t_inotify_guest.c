/* t_inotify_guest - what t_inotify cannot compare with the host: the
 * kernel's memory account around inotify (an instance closed with
 * watches and thousands of unread events, a watched file deleted, a
 * process exiting with its instance), a queue bounded by
 * max_queued_events, the fdinfo lines (inode numbers differ), and a
 * watch on a /proc file (kept, never fires). */
#include "check.h"
#include "kmem.h"
#include "knob.h"
#include <sys/inotify.h>
#include <sys/ioctl.h>

#define QMAX "/proc/sys/fs/inotify/max_queued_events"
#define D "/tmp/t_inotify_guest.d"

static bool watched(void)
{
	mkdir(D, 0755);
	int fd = inotify_init1(IN_NONBLOCK), one = inotify_init();
	bool ok = fd >= 0 && one >= 0;
	ok = ok && inotify_add_watch(fd, D, IN_ALL_EVENTS) == 1;
	ok = ok && inotify_add_watch(one, D, IN_CREATE | IN_ONESHOT) == 1;
	int f = open(D "/f", O_RDWR | O_CREAT, 0644);
	ok = ok && inotify_add_watch(fd, D "/f", IN_ALL_EVENTS) == 2;
	for (int i = 0; i < 2000; i++)          /* alternate: nothing merges */
		ok = ok && write(f, "x", 1) == 1 && pread(f, (char[1]){0}, 1, 0) == 1;
	close(f);
	unlink(D "/f");                          /* DELETE_SELF, the watch goes */
	ok = ok && inotify_add_watch(fd, "/proc/self/status", IN_ALL_EVENTS) == 3;
	pid_t pid = fork();
	if (pid == 0) {
		int k = inotify_init();
		inotify_add_watch(k, D, IN_ALL_EVENTS);
		close(open(D "/g", O_RDWR | O_CREAT, 0644));
		_exit(0);                        /* with its instance and its events */
	}
	wait_for(pid);
	unlink(D "/g");
	close(one);
	close(fd);                               /* with its watches and its queue */
	rmdir(D);
	return ok;
}

static void account(void)
{
	kmem_account("instances, watches, events", watched, 5, "the kernel's memory comes back");
}

static void bounded(void)
{
	long old = knob_get(QMAX);
	CHECK_OK0("max_queued_events 100", knob_set(QMAX, 100));
	int fd = inotify_init1(IN_NONBLOCK);
	knob_set(QMAX, old);
	mkdir(D, 0755);
	inotify_add_watch(fd, D, IN_MODIFY | IN_ACCESS);
	int f = open(D "/f", O_RDWR | O_CREAT, 0644);
	for (int i = 0; i < 5000; i++) {
		write(f, "x", 1);
		pread(f, (char[1]){0}, 1, 0);
	}
	int n = 0;
	ioctl(fd, FIONREAD, &n);
	CHECK_EQ("100 events and the overflow", n, 100 * 32 + 16);
	char buf[8192] __attribute__((aligned(8)));
	int got = 0, total = 0;
	ssize_t r;
	struct inotify_event *last = NULL;
	while ((r = read(fd, buf, sizeof buf)) > 0) {
		total += r;
		for (char *p = buf; p < buf + r; p += sizeof *last + last->len, got++)
			last = (struct inotify_event *)p;
	}
	CHECK_EQ("101 read", got, 101);
	CHECK_EQ("bytes", total, 100 * 32 + 16);
	CHECK_EQ("the last is IN_Q_OVERFLOW", last ? last->mask : 0, IN_Q_OVERFLOW);
	CHECK_EQ("with wd -1", last ? last->wd : 0, -1);
	close(f);
	unlink(D "/f");
	rmdir(D);
	close(fd);
}

static void fdinfo(void)
{
	mkdir(D, 0755);
	int fd = inotify_init();
	inotify_add_watch(fd, D, IN_CREATE | IN_DELETE);
	close(open(D "/f", O_RDWR | O_CREAT, 0644));
	inotify_add_watch(fd, D "/f", IN_MODIFY | IN_ONESHOT | IN_EXCL_UNLINK);
	struct stat sd, sf;
	stat(D, &sd);
	stat(D "/f", &sf);
	char path[64], text[1024], want[512];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	get_file(path, text, sizeof text);
	unsigned fi = (unsigned)sf.st_ino, di = (unsigned)sd.st_ino;
	snprintf(want, sizeof want,
	         "inotify wd:2 ino:%x sdev:1 mask:84000002 ignored_mask:0 fhandle-bytes:c fhandle-type:1 "
	         "f_handle:00000000%02x%02x%02x%02x00000000\n"
	         "inotify wd:1 ino:%x sdev:1 mask:300 ignored_mask:0 fhandle-bytes:c fhandle-type:1 "
	         "f_handle:00000000%02x%02x%02x%02x00000000\n",
	         fi, fi & 0xff, (fi >> 8) & 0xff, (fi >> 16) & 0xff, fi >> 24,
	         di, di & 0xff, (di >> 8) & 0xff, (di >> 16) & 0xff, di >> 24);
	char *lines = strstr(text, "inotify ");
	CHECK_STR("the watches, newest first", lines ? lines : text, want);
	close(fd);
	unlink(D "/f");
	rmdir(D);
}

int main(void)
{
	RUN(account);
	RUN(bounded);
	RUN(fdinfo);
	return cases_failed ? 1 : 0;
}
