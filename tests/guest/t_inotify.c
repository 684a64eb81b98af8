/* t_inotify - differential test of inotify (inotify_init 291,
 * inotify_init1 332, inotify_add_watch 292, inotify_rm_watch 293): the
 * events of each kind with their names, IN_ISDIR and the move cookies
 * (printed as "equal", never their values), the flags of add_watch
 * (IN_MASK_ADD, IN_MASK_CREATE, IN_ONLYDIR, IN_DONT_FOLLOW,
 * IN_EXCL_UNLINK, IN_ONESHOT), its errors, IN_IGNORED after rm_watch,
 * after a deletion and after a one-shot event, the merging of identical
 * events, the queue's limit (IN_Q_OVERFLOW with max_queued_events set
 * low, and put back), per-user limits, and the descriptor itself: reads
 * of whole records (EINVAL when too small), FIONREAD, O_NONBLOCK, poll,
 * the fd link. Never an inode number or a cookie's value. */
#include "check.h"
#include "knob.h"
#include <poll.h>
#include <stdint.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <utime.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/uio.h>
#include <sys/xattr.h>

#define QMAX "/proc/sys/fs/inotify/max_queued_events"
#define UINST "/proc/sys/fs/inotify/max_user_instances"
#define UWATCH "/proc/sys/fs/inotify/max_user_watches"

static const struct { uint32_t bit; const char *name; } bits[] = {
	{ IN_ACCESS, "IN_ACCESS" }, { IN_MODIFY, "IN_MODIFY" }, { IN_ATTRIB, "IN_ATTRIB" },
	{ IN_CLOSE_WRITE, "IN_CLOSE_WRITE" }, { IN_CLOSE_NOWRITE, "IN_CLOSE_NOWRITE" },
	{ IN_OPEN, "IN_OPEN" }, { IN_MOVED_FROM, "IN_MOVED_FROM" }, { IN_MOVED_TO, "IN_MOVED_TO" },
	{ IN_CREATE, "IN_CREATE" }, { IN_DELETE, "IN_DELETE" }, { IN_DELETE_SELF, "IN_DELETE_SELF" },
	{ IN_MOVE_SELF, "IN_MOVE_SELF" }, { IN_UNMOUNT, "IN_UNMOUNT" },
	{ IN_Q_OVERFLOW, "IN_Q_OVERFLOW" }, { IN_IGNORED, "IN_IGNORED" }, { IN_ISDIR, "IN_ISDIR" },
};

static uint32_t last_cookie;   /* of the last IN_MOVED_FROM */

/* One event as text: "wd=1 IN_CREATE|IN_ISDIR name=d"; a MOVED_TO says
 * whether its cookie is the last MOVED_FROM's (and not 0). */
static int fmt_event(char *out, size_t cap, const struct inotify_event *e)
{
	int n = snprintf(out, cap, "wd=%d ", e->wd);
	uint32_t m = e->mask;
	const char *sep = "";
	for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
		if (m & bits[i].bit) {
			n += snprintf(out + n, cap - n, "%s%s", sep, bits[i].name);
			m &= ~bits[i].bit;
			sep = "|";
		}
	if (m)
		n += snprintf(out + n, cap - n, "%s0x%x", sep, m);
	if (e->len) {
		bool padded = e->len % 16 == 0 && strlen(e->name) < e->len;
		n += snprintf(out + n, cap - n, " name=%s%s", e->name, padded ? "" : " (badly padded)");
	}
	if (e->mask & IN_MOVED_FROM)
		last_cookie = e->cookie;
	if (e->mask & IN_MOVED_TO)
		n += snprintf(out + n, cap - n, " cookie=%s", e->cookie && e->cookie == last_cookie ? "same" : "other");
	else if (!(e->mask & IN_MOVED_FROM) && e->cookie)
		n += snprintf(out + n, cap - n, " cookie!=0");
	return n;
}

/* Everything queued, without waiting, as "event; event; ...". */
static const char *drain(int fd)
{
	static char text[4096];
	char buf[4096] __attribute__((aligned(8)));
	size_t n = 0;
	text[0] = 0;
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		for (char *p = buf; p < buf + r; ) {
			struct inotify_event *e = (struct inotify_event *)p;
			if (n)
				n += snprintf(text + n, sizeof text - n, "; ");
			n += fmt_event(text + n, sizeof text - n, e);
			p += sizeof *e + e->len;
		}
	if (r < 0 && errno != EAGAIN)
		snprintf(text + n, sizeof text - n, "%sread: %s", n ? "; " : "", errname(errno));
	fcntl(fd, F_SETFL, fl);
	return text;
}

static int add(int fd, const char *path, uint32_t mask)
{
	return inotify_add_watch(fd, path, mask);
}

/* inotify_init, inotify_init1 and what the descriptor looks like. */
static void instance(void)
{
	int fd = syscall(SYS_inotify_init);
	CHECK("inotify_init", fd >= 0);
	CHECK_STR("fd link", fd_link(fd), "anon_inode:inotify");
	CHECK_EQ("F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY);
	CHECK_EQ("no cloexec", fcntl(fd, F_GETFD), 0);
	struct stat st;
	CHECK_OK0("fstat", fstat(fd, &st));
	CHECK_EQ("mode", st.st_mode, 0600);
	close(fd);
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	CHECK("init1", fd >= 0);
	CHECK_EQ("IN_CLOEXEC", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("IN_NONBLOCK", fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	char buf[64];
	CHECK_ERR("empty, nonblocking: EAGAIN", read(fd, buf, sizeof buf), EAGAIN);
	CHECK_ERR("write: EBADF (read-only)", write(fd, buf, 1), EBADF);
	CHECK_EQ("lseek moves nothing", lseek(fd, 5, SEEK_SET), 0);
	close(fd);
	CHECK_ERR("init1 bad flag", inotify_init1(1), EINVAL);
	CHECK_ERR("init1 O_RDWR", inotify_init1(O_RDWR), EINVAL);
}

/* Events in a watched directory, about its entries. */
static void dir_events(void)
{
	tdir_setup("t_inotify");
	int fd = inotify_init();
	CHECK_EQ("first wd", add(fd, tdir, IN_ALL_EVENTS), 1);
	CHECK_OK("create", mk("f", "x"));
	CHECK_STR("O_CREAT write close", drain(fd),
	          "wd=1 IN_CREATE name=f; wd=1 IN_OPEN name=f; wd=1 IN_MODIFY name=f; wd=1 IN_CLOSE_WRITE name=f");
	char c[4];
	int f = open(P("f"), O_RDONLY);
	CHECK_EQ("read", read(f, c, 4), 1);
	CHECK_EQ("read at end", read(f, c, 4), 0);
	close(f);
	CHECK_STR("open read close", drain(fd),
	          "wd=1 IN_OPEN name=f; wd=1 IN_ACCESS name=f; wd=1 IN_CLOSE_NOWRITE name=f");
	f = open(P("f"), O_WRONLY | O_TRUNC);
	close(f);
	/* Linux 6.1 truncates before IN_OPEN, 6.10 on after: either order */
	const char *t = drain(fd);
	if (!strcmp(t, "wd=1 IN_MODIFY name=f; wd=1 IN_OPEN name=f; wd=1 IN_CLOSE_WRITE name=f"))
		t = "wd=1 IN_OPEN name=f; wd=1 IN_MODIFY name=f; wd=1 IN_CLOSE_WRITE name=f";
	CHECK_STR("O_TRUNC", t, "wd=1 IN_OPEN name=f; wd=1 IN_MODIFY name=f; wd=1 IN_CLOSE_WRITE name=f");
	CHECK_OK0("chmod", chmod(P("f"), 0600));
	CHECK_OK0("chown", chown(P("f"), 1, 1));
	CHECK_OK0("utimes", utimes(P("f"), NULL));
	CHECK_OK0("truncate", truncate(P("f"), 10));
	CHECK_STR("attributes", drain(fd),
	          "wd=1 IN_ATTRIB name=f; wd=1 IN_MODIFY name=f");
	CHECK_OK0("chmod", chmod(P("f"), 0644));
	CHECK_OK0("truncate", truncate(P("f"), 10));
	CHECK_OK0("chmod", chmod(P("f"), 0600));
	CHECK_STR("not merged when not last", drain(fd),
	          "wd=1 IN_ATTRIB name=f; wd=1 IN_MODIFY name=f; wd=1 IN_ATTRIB name=f");
	CHECK_OK0("mkdir", mkdir(P("d"), 0755));
	CHECK_OK0("rename", rename(P("f"), P("d/g")));
	CHECK_OK0("rename back", rename(P("d/g"), P("g")));
	CHECK_OK0("link", link(P("g"), P("h")));
	CHECK_OK0("symlink", symlink("g", P("s")));
	CHECK_OK0("mkfifo", mkfifo(P("p"), 0644));
	CHECK_STR("namespace", drain(fd),
	          "wd=1 IN_CREATE|IN_ISDIR name=d; wd=1 IN_MOVED_FROM name=f; wd=1 IN_MOVED_TO name=g cookie=other; "
	          "wd=1 IN_CREATE name=h; wd=1 IN_CREATE name=s; wd=1 IN_CREATE name=p");
	f = open(P("d"), O_RDONLY | O_DIRECTORY);
	char dbuf[512];
	CHECK("getdents", syscall(SYS_getdents64, f, dbuf, sizeof dbuf) > 0);
	close(f);
	CHECK_STR("a subdirectory opened and read", drain(fd),
	          "wd=1 IN_OPEN|IN_ISDIR name=d; wd=1 IN_ACCESS|IN_ISDIR name=d; wd=1 IN_CLOSE_NOWRITE|IN_ISDIR name=d");
	CHECK_OK0("rename d", rename(P("d"), P("e")));
	CHECK_OK0("rmdir", rmdir(P("e")));
	CHECK_OK0("unlink", unlink(P("h")));
	CHECK_OK0("unlink", unlink(P("g")));
	CHECK_OK0("rename over", rename(P("s"), P("p")));
	CHECK_STR("removals", drain(fd),
	          "wd=1 IN_MOVED_FROM|IN_ISDIR name=d; wd=1 IN_MOVED_TO|IN_ISDIR name=e cookie=same; "
	          "wd=1 IN_DELETE|IN_ISDIR name=e; wd=1 IN_DELETE name=h; wd=1 IN_DELETE name=g; "
	          "wd=1 IN_MOVED_FROM name=s; wd=1 IN_MOVED_TO name=p cookie=same");
	close(fd);
}

/* Events on a watched file and on a watched directory itself. */
static void self_events(void)
{
	tdir_setup("t_inotify");
	mk("f", "abc");
	mkdir(P("d"), 0755);
	int fd = inotify_init();
	int wf = add(fd, P("f"), IN_ALL_EVENTS), wd = add(fd, P("d"), IN_ALL_EVENTS);
	CHECK_EQ("wd 1", wf, 1);
	CHECK_EQ("wd 2", wd, 2);
	CHECK_EQ("same inode again: same wd", add(fd, P("f"), IN_ALL_EVENTS), 1);
	int f = open(P("f"), O_RDWR);
	char c[8];
	CHECK_EQ("read", read(f, c, 2), 2);
	CHECK_EQ("read", read(f, c, 1), 1);
	CHECK_EQ("write", write(f, "x", 1), 1);
	CHECK_EQ("write", write(f, "y", 1), 1);
	CHECK_EQ("pwrite", pwrite(f, "z", 1, 0), 1);
	CHECK_OK0("ftruncate", ftruncate(f, 1));
	CHECK_OK0("fchmod", fchmod(f, 0640));
	close(f);
	CHECK_STR("a file: merged reads and writes", drain(fd),
	          "wd=1 IN_OPEN; wd=1 IN_ACCESS; wd=1 IN_MODIFY; wd=1 IN_ATTRIB; wd=1 IN_CLOSE_WRITE");
	CHECK_OK0("link", link(P("f"), P("f2")));
	CHECK_OK0("rename", rename(P("f"), P("d/f")));
	CHECK_STR("link count and move", drain(fd),
	          "wd=1 IN_ATTRIB; wd=2 IN_MOVED_TO name=f cookie=other; wd=1 IN_MOVE_SELF");
	CHECK_OK0("unlink one link", unlink(P("f2")));
	CHECK_OK0("unlink the other", unlink(P("d/f")));
	CHECK_STR("deleted", drain(fd),
	          "wd=1 IN_ATTRIB; wd=1 IN_DELETE_SELF; wd=1 IN_IGNORED; wd=2 IN_DELETE name=f");
	CHECK_ERR("rm_watch after IN_IGNORED", inotify_rm_watch(fd, 1), EINVAL);
	CHECK_OK0("chmod dir", chmod(P("d"), 0700));
	CHECK_OK0("rename dir", rename(P("d"), P("d2")));
	CHECK_OK0("rmdir", rmdir(P("d2")));
	CHECK_STR("a directory", drain(fd),
	          "wd=2 IN_ATTRIB|IN_ISDIR; wd=2 IN_MOVE_SELF; wd=2 IN_DELETE_SELF; wd=2 IN_IGNORED");
	close(fd);
}

/* The rarer makers of events: RENAME_EXCHANGE, xattrs, one time of
 * utimensat, fallocate, the vector calls, a FIFO. */
static void more_events(void)
{
	tdir_setup("t_inotify");
	mk("a", "");
	mkdir(P("b"), 0755);
	mkfifo(P("p"), 0644);
	int fd = inotify_init();
	add(fd, tdir, IN_ALL_EVENTS);
	CHECK_OK0("RENAME_EXCHANGE", syscall(SYS_renameat2, AT_FDCWD, P("a"), AT_FDCWD, P("b"), 2));
	CHECK_STR("two moves", drain(fd),
	          "wd=1 IN_MOVED_FROM name=a; wd=1 IN_MOVED_TO name=b cookie=same; "
	          "wd=1 IN_MOVED_FROM|IN_ISDIR name=b; wd=1 IN_MOVED_TO|IN_ISDIR name=a cookie=same");
	CHECK_OK0("setxattr", setxattr(P("b"), "trusted.t", "v", 1, 0));
	CHECK_OK0("removexattr", removexattr(P("b"), "trusted.t"));
	CHECK_STR("xattrs", drain(fd), "wd=1 IN_ATTRIB name=b");
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	CHECK_OK0("atime only", utimensat(AT_FDCWD, P("b"), ts, 0));
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	CHECK_OK0("mtime only", utimensat(AT_FDCWD, P("b"), ts, 0));
	CHECK_STR("one time", drain(fd), "wd=1 IN_ACCESS name=b; wd=1 IN_MODIFY name=b");
	int f = open(P("b"), O_RDWR);
	CHECK_OK0("fallocate", fallocate(f, 0, 0, 100));
	char c[4];
	struct iovec iov = { c, 4 };
	CHECK_EQ("readv", readv(f, &iov, 1), 4);
	CHECK_EQ("pwritev", pwritev(f, &iov, 1, 0), 4);
	CHECK_EQ("pread of nothing", pread(f, c, 4, 1000), 0);
	close(f);
	CHECK_STR("fallocate, readv, pwritev", drain(fd),
	          "wd=1 IN_OPEN name=b; wd=1 IN_MODIFY name=b; wd=1 IN_ACCESS name=b; wd=1 IN_MODIFY name=b; "
	          "wd=1 IN_CLOSE_WRITE name=b");
	int r = open(P("p"), O_RDONLY | O_NONBLOCK), w = open(P("p"), O_WRONLY);
	CHECK_EQ("FIFO write", write(w, "xy", 2), 2);
	CHECK_EQ("FIFO read", read(r, c, 4), 2);
	close(w);
	close(r);
	/* Linux 6.1 reports a FIFO's reads and writes, later kernels do not
	 * (pipes are FMODE_NONOTIFY there): either way */
	const char *t = drain(fd);
	if (!strcmp(t, "wd=1 IN_OPEN name=p; wd=1 IN_MODIFY name=p; wd=1 IN_ACCESS name=p; "
	               "wd=1 IN_CLOSE_WRITE name=p; wd=1 IN_CLOSE_NOWRITE name=p"))
		t = "wd=1 IN_OPEN name=p; wd=1 IN_CLOSE_WRITE name=p; wd=1 IN_CLOSE_NOWRITE name=p";
	CHECK_STR("a FIFO: two opens merged", t,
	          "wd=1 IN_OPEN name=p; wd=1 IN_CLOSE_WRITE name=p; wd=1 IN_CLOSE_NOWRITE name=p");
	close(fd);
}

/* An open file unlinked: IN_DELETE_SELF waits for the last close. */
static void delete_open(void)
{
	tdir_setup("t_inotify");
	mk("f", "abc");
	mk("g", "abc");
	int fd = inotify_init();
	add(fd, P("f"), IN_ALL_EVENTS);
	add(fd, P("g"), IN_ALL_EVENTS | IN_EXCL_UNLINK);
	int f = open(P("f"), O_RDWR), g = open(P("g"), O_RDWR);
	drain(fd);
	unlink(P("f"));
	unlink(P("g"));
	CHECK_STR("unlinked, still open", drain(fd), "wd=1 IN_ATTRIB; wd=2 IN_ATTRIB");
	write(f, "x", 1);
	write(g, "x", 1);
	CHECK_STR("IN_EXCL_UNLINK", drain(fd), "wd=1 IN_MODIFY");
	close(f);
	close(g);
	CHECK_STR("last close", drain(fd),
	          "wd=1 IN_CLOSE_WRITE; wd=1 IN_DELETE_SELF; wd=1 IN_IGNORED; wd=2 IN_DELETE_SELF; wd=2 IN_IGNORED");
	close(fd);
}

/* The flags of inotify_add_watch. */
static void watch_flags(void)
{
	tdir_setup("t_inotify");
	mk("f", "");
	symlink("f", P("s"));
	int fd = inotify_init();
	CHECK_EQ("IN_MODIFY", add(fd, P("f"), IN_MODIFY), 1);
	CHECK_EQ("replace with IN_ATTRIB", add(fd, P("f"), IN_ATTRIB), 1);
	chmod(P("f"), 0600);
	put_file(P("f"), "x", 1);
	CHECK_STR("only IN_ATTRIB", drain(fd), "wd=1 IN_ATTRIB");
	CHECK_EQ("IN_MASK_ADD", add(fd, P("f"), IN_MODIFY | IN_MASK_ADD), 1);
	chmod(P("f"), 0644);
	put_file(P("f"), "x", 1);
	CHECK_STR("both", drain(fd), "wd=1 IN_ATTRIB; wd=1 IN_MODIFY");
	CHECK_ERR("IN_MASK_CREATE on a watched inode", add(fd, P("f"), IN_MODIFY | IN_MASK_CREATE), EEXIST);
	CHECK_ERR("IN_MASK_ADD | IN_MASK_CREATE", add(fd, P("f"), IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE), EINVAL);
	CHECK_EQ("followed symlink: the file's wd", add(fd, P("s"), IN_MODIFY), 1);
	CHECK_EQ("IN_DONT_FOLLOW: the link's own", add(fd, P("s"), IN_ATTRIB | IN_DONT_FOLLOW), 2);
	CHECK_ERR("IN_ONLYDIR on a file", add(fd, P("f"), IN_MODIFY | IN_ONLYDIR), ENOTDIR);
	CHECK_EQ("IN_ONLYDIR on a dir", add(fd, tdir, IN_CREATE | IN_ONLYDIR | IN_MASK_CREATE), 3);
	CHECK_EQ("IN_ONESHOT", add(fd, P("f"), IN_OPEN | IN_ONESHOT), 1);
	int f = open(P("f"), O_RDONLY);
	close(f);
	f = open(P("f"), O_RDONLY);
	close(f);
	CHECK_STR("one shot, then IN_IGNORED", drain(fd), "wd=1 IN_OPEN; wd=1 IN_IGNORED");
	CHECK_EQ("a new watch: the next wd", add(fd, P("f"), IN_OPEN), 4);
	CHECK_OK0("rm_watch", inotify_rm_watch(fd, 4));
	CHECK_STR("rm_watch: IN_IGNORED", drain(fd), "wd=4 IN_IGNORED");
	CHECK_ERR("rm_watch again", inotify_rm_watch(fd, 4), EINVAL);
	CHECK_EQ("wds are not reused at once", add(fd, P("f"), IN_OPEN), 5);
	close(fd);
}

static void as_user_eacces(void)
{
	int fd = inotify_init();
	CHECK_ERR("EACCES: no read permission", add(fd, P("secret"), IN_MODIFY), EACCES);
	CHECK_ERR("EACCES: no search permission", add(fd, P("closed/x"), IN_MODIFY), EACCES);
	close(fd);
}

/* The errors of inotify_add_watch and inotify_rm_watch. */
static void errors(void)
{
	tdir_setup("t_inotify");
	mk("f", "");
	int fd = inotify_init(), efd = open(P("f"), O_RDONLY);
	CHECK_ERR("bad fd", add(99, P("f"), IN_MODIFY), EBADF);
	CHECK_ERR("not inotify", add(efd, P("f"), IN_MODIFY), EINVAL);
	CHECK_ERR("no events", add(fd, P("f"), 0), EINVAL);
	CHECK_ERR("only unknown bits", add(fd, P("f"), 0x00100000), EINVAL);
	CHECK_ERR("an unknown bit beside an event", add(fd, P("f"), IN_MODIFY | 0x00100000), EINVAL);
	CHECK_EQ("IN_Q_OVERFLOW", add(fd, P("f"), IN_MODIFY | IN_Q_OVERFLOW), 1);
	CHECK_EQ("IN_UNMOUNT", add(fd, P("f"), IN_UNMOUNT), 1);
	CHECK_EQ("a flag and no event", add(fd, P("f"), IN_ONESHOT), 1);
	CHECK_EQ("IN_MASK_ADD and no event", add(fd, P("f"), IN_MASK_ADD | IN_DONT_FOLLOW), 1);
	CHECK_EQ("IN_ISDIR alone", add(fd, P("f"), IN_ISDIR), 1);
	CHECK_EQ("IN_IGNORED alone", add(fd, P("f"), IN_IGNORED), 1);
	CHECK_OK0("rm_watch", inotify_rm_watch(fd, 1));
	CHECK_ERR("no such file", add(fd, P("none"), IN_MODIFY), ENOENT);
	CHECK_ERR("empty path", add(fd, "", IN_MODIFY), ENOENT);
	CHECK_ERR("bad path pointer", inotify_add_watch(fd, (char *)16, IN_MODIFY), EFAULT);
	CHECK_ERR("rm_watch bad fd", inotify_rm_watch(99, 1), EBADF);
	CHECK_ERR("rm_watch not inotify", inotify_rm_watch(efd, 1), EINVAL);
	CHECK_ERR("rm_watch removed wd", inotify_rm_watch(fd, 1), EINVAL);
	CHECK_ERR("rm_watch unknown wd", inotify_rm_watch(fd, 7), EINVAL);
	CHECK_ERR("rm_watch wd 0", inotify_rm_watch(fd, 0), EINVAL);
	CHECK_ERR("rm_watch wd -1", inotify_rm_watch(fd, -1), EINVAL);
	mk("secret", "");
	chmod(P("secret"), 0600);
	mkdir(P("closed"), 0700);
	mk("closed/x", "");
	as_uid1000(as_user_eacces);
	close(efd);
	close(fd);
}

/* read: whole records only; FIONREAD; blocking and poll. */
static void reading(void)
{
	tdir_setup("t_inotify");
	int fd = inotify_init();
	add(fd, tdir, IN_CREATE);
	int n = -1;
	CHECK_OK0("FIONREAD empty", ioctl(fd, FIONREAD, &n));
	CHECK_EQ("FIONREAD 0", n, 0);
	struct pollfd p = { fd, POLLIN, 0 };
	CHECK_EQ("poll: nothing", poll(&p, 1, 0), 0);
	mk("a", "");
	mk("abcdefghijklmnopq", "");
	CHECK_OK0("FIONREAD", ioctl(fd, FIONREAD, &n));
	CHECK_EQ("FIONREAD: two records with names", n, 16 + 16 + 16 + 32);
	CHECK_EQ("poll: POLLIN", poll(&p, 1, 0), 1);
	CHECK_EQ("revents", p.revents, POLLIN);
	char buf[256] __attribute__((aligned(8)));
	CHECK_ERR("buffer of 0", read(fd, buf, 0), EINVAL);
	CHECK_ERR("too small for the first", read(fd, buf, 31), EINVAL);
	CHECK_EQ("exactly one", read(fd, buf, 32), 32);
	CHECK_STR("its name", ((struct inotify_event *)buf)->name, "a");
	CHECK_ERR("too small for the next", read(fd, buf, 40), EINVAL);
	CHECK_EQ("the next", read(fd, buf, 256), 48);
	CHECK_STR("its name", ((struct inotify_event *)buf)->name, "abcdefghijklmnopq");
	mk("b", "");
	mk("c", "");
	CHECK_EQ("only what fits whole", read(fd, buf, 40), 32);
	CHECK_EQ("then the other", read(fd, buf, 40), 32);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		mk("late", "");
		_exit(0);
	}
	CHECK_EQ("blocking read waits", read(fd, buf, sizeof buf), 32);
	CHECK_STR("for the event", ((struct inotify_event *)buf)->name, "late");
	wait_for(pid);
	pid = fork();
	if (pid == 0) {
		msleep(100);
		mk("polled", "");
		_exit(0);
	}
	CHECK_EQ("poll waits", poll(&p, 1, 5000), 1);
	wait_for(pid);
	CHECK_STR("drain", drain(fd), "wd=1 IN_CREATE name=polled");
	int ep = epoll_create1(0);
	struct epoll_event ev = { EPOLLIN, { .fd = fd } }, out;
	CHECK_OK0("epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
	CHECK_EQ("epoll: nothing", epoll_wait(ep, &out, 1, 0), 0);
	mk("e", "");
	CHECK_EQ("epoll: ready", epoll_wait(ep, &out, 1, 0), 1);
	CHECK_EQ("epoll: EPOLLIN", out.events, EPOLLIN);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(fd, &rs);
	struct timeval tv = { 0, 0 };
	CHECK_EQ("select: ready", select(fd + 1, &rs, NULL, NULL, &tv), 1);
	drain(fd);
	CHECK_EQ("epoll: read, not ready", epoll_wait(ep, &out, 1, 0), 0);
	close(ep);
	mk("x", "");
	CHECK_ERR("EFAULT", read(fd, (char *)16, 64), EFAULT);
	close(fd);
}

/* The same event twice in a row is queued once; max_queued_events. */
static void merge_overflow(void)
{
	tdir_setup("t_inotify");
	int fd = inotify_init();
	add(fd, tdir, IN_CREATE | IN_DELETE);
	mk("a", "");
	unlink(P("a"));
	mk("a", "");
	unlink(P("a"));
	CHECK_STR("not merged across others", drain(fd),
	          "wd=1 IN_CREATE name=a; wd=1 IN_DELETE name=a; wd=1 IN_CREATE name=a; wd=1 IN_DELETE name=a");
	long old = knob_get(QMAX);
	CHECK("max_queued_events readable", old > 0);
	int fd2 = inotify_init();   /* takes the limit at creation */
	CHECK_OK0("set max_queued_events", knob_set(QMAX, 3));
	int fd3 = inotify_init();
	CHECK_OK0("put it back", knob_set(QMAX, old));
	add(fd3, tdir, IN_CREATE);
	add(fd2, tdir, IN_CREATE);
	char name[8];
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof name, "n%d", i);
		mk(name, "");
	}
	CHECK_STR("three, then IN_Q_OVERFLOW once", drain(fd3),
	          "wd=1 IN_CREATE name=n0; wd=1 IN_CREATE name=n1; wd=1 IN_CREATE name=n2; wd=-1 IN_Q_OVERFLOW");
	mk("m", "");
	CHECK_STR("room again", drain(fd3), "wd=1 IN_CREATE name=m");
	CHECK("the other instance kept all", strstr(drain(fd2), "n5") != NULL);
	close(fd);
	close(fd2);
	close(fd3);
}

static void emfile_user(void)
{
	int n = 0, fds[8];
	while (n < 8 && (fds[n] = inotify_init()) >= 0)
		n++;
	CHECK("EMFILE within max_user_instances", n <= 2 && n < 8 && errno == EMFILE);
	int fd = n ? fds[0] : -1;
	CHECK("one instance", fd >= 0);
	int w = 0;
	char name[16];
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof name, "w%d", i);
		if (add(fd, P(name), IN_MODIFY) < 0)
			break;
		w++;
	}
	CHECK("ENOSPC within max_user_watches", w <= 2 && errno == ENOSPC);
	while (n)
		close(fds[--n]);
}

static void user_writes_knob(void)
{
	CHECK_EQ("a user may not write them", knob_set(QMAX, 5), -EACCES);
}

/* The per-user limits, as the user kunitz (root's own are the host's). */
static void limits(void)
{
	tdir_setup("t_inotify");
	char name[16];
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof name, "w%d", i);
		mk(name, "");
	}
	long oi = knob_get(UINST), ow = knob_get(UWATCH);
	CHECK("limits readable", oi > 0 && ow > 0);
	knob_set(UINST, 2);
	knob_set(UWATCH, 2);
	as_uid1000(emfile_user);
	CHECK_OK0("max_user_instances back", knob_set(UINST, oi));
	CHECK_OK0("max_user_watches back", knob_set(UWATCH, ow));
	as_uid1000(user_writes_knob);
}

/* Closing an instance with watches and queued events; the watched file
 * removed after. Nothing is left behind (the guest checks the memory). */
static void close_with_watches(void)
{
	tdir_setup("t_inotify");
	mk("f", "");
	int fd = inotify_init();
	add(fd, P("f"), IN_ALL_EVENTS);
	add(fd, tdir, IN_ALL_EVENTS);
	put_file(P("f"), "abc", 3);
	close(fd);
	CHECK_OK0("unlink after close", unlink(P("f")));
	fd = inotify_init();
	add(fd, tdir, IN_ALL_EVENTS);
	pid_t pid = fork();
	if (pid == 0) {
		int k = inotify_init();
		add(k, tdir, IN_ALL_EVENTS);
		mk("g", "");
		_exit(0);              /* exits with its instance */
	}
	wait_for(pid);
	CHECK_STR("the parent's instance saw it", drain(fd),
	          "wd=1 IN_CREATE name=g; wd=1 IN_OPEN name=g; wd=1 IN_CLOSE_WRITE name=g");
	close(fd);
}

int main(void)
{
	RUN(instance);
	RUN(dir_events);
	RUN(self_events);
	RUN(more_events);
	RUN(delete_open);
	RUN(watch_flags);
	RUN(errors);
	RUN(reading);
	RUN(merge_overflow);
	RUN(limits);
	RUN(close_with_watches);
	return cases_failed ? 1 : 0;
}
