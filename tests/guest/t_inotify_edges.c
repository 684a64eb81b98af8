/* t_inotify_edges - differential checks of
 * inotify (fs/inotify.c, fs/notify.c and the VFS hooks), each where
 * Pipit first answered otherwise than Linux 6.1:
 *   - inotify_add_watch looks at the descriptor (EBADF) before refusing
 *     IN_MASK_ADD with IN_MASK_CREATE;
 *   - INOTIFY_IOC_SETNEXTWD (CONFIG_CHECKPOINT_RESTORE, as Debian's 6.1
 *     kernel, whose TFD_IOC_SET_TICKS Pipit has) picks the next wd;
 *   - a watch refused with ENOSPC still used up its wd (Linux allocates
 *     the idr slot before it counts the watch);
 *   - the per-user limits count by the effective uid (inc_ucount with
 *     current_euid());
 *   - a write or ftruncate that clears set-user-ID reports IN_ATTRIB
 *     (notify_change's ATTR_MODE): a write IN_ATTRIB then IN_MODIFY,
 *     ftruncate one event IN_MODIFY|IN_ATTRIB;
 *   - getdents on a removed directory (ENOENT) makes no IN_ACCESS
 *     (iterate_dir skips IS_DEADDIR, fsnotify_access included);
 *   - a watch on a pipe (through /proc/self/fd) does not end when the
 *     pipe is closed: no IN_DELETE_SELF, no IN_IGNORED (a pipe inode has
 *     a link count of 1 on Linux; 6.14+ reports nothing on pipes). */
#include "check.h"
#include "knob.h"
#include <stdint.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>

#define UINST "/proc/sys/fs/inotify/max_user_instances"
#define UWATCH "/proc/sys/fs/inotify/max_user_watches"
#define IOC_SETNEXTWD 0x40044900u   /* _IOW('I', 0, __s32) */

static const struct { uint32_t bit; const char *name; } bits[] = {
	{ IN_ACCESS, "IN_ACCESS" }, { IN_MODIFY, "IN_MODIFY" }, { IN_ATTRIB, "IN_ATTRIB" },
	{ IN_CLOSE_WRITE, "IN_CLOSE_WRITE" }, { IN_CLOSE_NOWRITE, "IN_CLOSE_NOWRITE" },
	{ IN_OPEN, "IN_OPEN" }, { IN_MOVED_FROM, "IN_MOVED_FROM" }, { IN_MOVED_TO, "IN_MOVED_TO" },
	{ IN_CREATE, "IN_CREATE" }, { IN_DELETE, "IN_DELETE" }, { IN_DELETE_SELF, "IN_DELETE_SELF" },
	{ IN_MOVE_SELF, "IN_MOVE_SELF" }, { IN_UNMOUNT, "IN_UNMOUNT" },
	{ IN_Q_OVERFLOW, "IN_Q_OVERFLOW" }, { IN_IGNORED, "IN_IGNORED" }, { IN_ISDIR, "IN_ISDIR" },
};

/* Everything queued, without waiting: "wd=1 IN_X|IN_Y name=n; ...". */
static const char *drain(int fd)
{
	static char text[2048];
	char buf[2048] __attribute__((aligned(8)));
	size_t n = 0;
	text[0] = 0;
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		for (char *p = buf; p < buf + r; ) {
			struct inotify_event *e = (struct inotify_event *)p;
			n += snprintf(text + n, sizeof text - n, "%swd=%d ", n ? "; " : "", e->wd);
			const char *sep = "";
			for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
				if (e->mask & bits[i].bit) {
					n += snprintf(text + n, sizeof text - n, "%s%s", sep, bits[i].name);
					sep = "|";
				}
			if (e->len)
				n += snprintf(text + n, sizeof text - n, " name=%s", e->name);
			p += sizeof *e + e->len;
		}
	fcntl(fd, F_SETFL, fl);
	return text;
}

/* inotify_add_watch(2): EBADF comes before the IN_MASK_ADD|IN_MASK_CREATE
 * EINVAL (fs/notify/inotify/inotify_user.c: fdget, then the flags). */
static void ebadf_first(void)
{
	tdir_setup("t_inotify_edges");
	mk("f", "");
	CHECK_ERR("bad fd with IN_MASK_ADD|IN_MASK_CREATE: EBADF",
	          inotify_add_watch(99, P("f"), IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE), EBADF);
	int fd = inotify_init();
	CHECK_ERR("good fd with IN_MASK_ADD|IN_MASK_CREATE: EINVAL",
	          inotify_add_watch(fd, P("f"), IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE), EINVAL);
	close(fd);
}

/* INOTIFY_IOC_SETNEXTWD: the next watch gets that wd; 0 is EINVAL. */
static void setnextwd(void)
{
	tdir_setup("t_inotify_edges");
	mk("f", "");
	mk("g", "");
	int fd = inotify_init();
	CHECK_OK0("SETNEXTWD 7", ioctl(fd, IOC_SETNEXTWD, 7));
	CHECK_EQ("the next wd is 7", inotify_add_watch(fd, P("f"), IN_MODIFY), 7);
	CHECK_EQ("then 8", inotify_add_watch(fd, P("g"), IN_MODIFY), 8);
	CHECK_ERR("SETNEXTWD 0: EINVAL", ioctl(fd, IOC_SETNEXTWD, 0), EINVAL);
	close(fd);
}

static void enospc_user(void)
{
	int fd = inotify_init();
	CHECK_EQ("first watch: wd 1", inotify_add_watch(fd, P("a"), IN_MODIFY), 1);
	CHECK_ERR("second: ENOSPC", inotify_add_watch(fd, P("b"), IN_MODIFY), ENOSPC);
	CHECK_OK0("rm_watch 1", inotify_rm_watch(fd, 1));
	CHECK_EQ("the refused watch used up wd 2: the next is 3",
	         inotify_add_watch(fd, P("b"), IN_MODIFY), 3);
	close(fd);
}

/* A watch refused for max_user_watches still took its wd. */
static void enospc_wd(void)
{
	tdir_setup("t_inotify_edges");
	mk("a", "");
	mk("b", "");
	long ow = knob_get(UWATCH);
	CHECK_OK0("max_user_watches 1", knob_set(UWATCH, 1));
	as_uid1000(enospc_user);
	CHECK_OK0("max_user_watches back", knob_set(UWATCH, ow));
}

static void full_user(void)
{
	int fd;
	CHECK_ERR("uid 1000 has used its 2 (as euid): EMFILE", (fd = inotify_init()), EMFILE);
	if (fd >= 0)
		close(fd);
}

/* max_user_instances counts by effective uid: two instances made with
 * real uid 0 and effective uid 1000 are uid 1000's. */
static void euid_counts(void)
{
	long oi = knob_get(UINST);
	int sync[2];
	if (pipe(sync) < 0)
		return;
	pid_t holder = fork();
	if (holder == 0) {
		close(sync[0]);
		if (setresuid(0, 1000, 0) < 0)
			_exit(2);
		int a = inotify_init(), b = inotify_init();
		char ok = a >= 0 && b >= 0;
		if (write(sync[1], &ok, 1) != 1)
			_exit(3);
		pause();
		_exit(0);
	}
	close(sync[1]);
	char ok = 0;
	if (read(sync[0], &ok, 1) != 1)
		ok = 0;
	CHECK("two instances as euid 1000", ok);
	CHECK_OK0("max_user_instances 2", knob_set(UINST, 2));
	as_uid1000(full_user);
	CHECK_OK0("max_user_instances back", knob_set(UINST, oi));
	kill(holder, SIGKILL);
	wait_for(holder);
}

static void user_writes(void)
{
	int fd = open(P("s"), O_WRONLY);
	CHECK_EQ("write by its owner", write(fd, "x", 1), 1);
	close(fd);
}

static void user_truncates(void)
{
	int fd = open(P("s"), O_WRONLY);
	CHECK_OK0("ftruncate by its owner", ftruncate(fd, 0));
	close(fd);
}

/* A write or ftruncate by a user without CAP_FSETID clears S_ISUID: its
 * IN_ATTRIB (notify_change with ATTR_MODE), alone before the write's
 * IN_MODIFY, in the same event as ftruncate's. */
static void suid_cleared(void)
{
	tdir_setup("t_inotify_edges");
	mk("s", "");
	chown(P("s"), 1000, 100);
	chmod(P("s"), 04755);
	int fd = inotify_init();
	inotify_add_watch(fd, P("s"), IN_MODIFY | IN_ATTRIB);
	as_uid1000(user_writes);
	CHECK_MODE("write cleared S_ISUID", st_of(P("s")).st_mode & 07777, 0755);
	CHECK_STR("write: IN_ATTRIB, then IN_MODIFY", drain(fd), "wd=1 IN_ATTRIB; wd=1 IN_MODIFY");
	chmod(P("s"), 04755);
	drain(fd);
	as_uid1000(user_truncates);
	CHECK_MODE("ftruncate cleared S_ISUID", st_of(P("s")).st_mode & 07777, 0755);
	CHECK_STR("ftruncate: one IN_MODIFY|IN_ATTRIB", drain(fd), "wd=1 IN_MODIFY|IN_ATTRIB");
	close(fd);
}

/* getdents on an open directory that was removed: ENOENT, and no
 * IN_ACCESS (Linux's iterate_dir does nothing for a dead directory). */
static void dead_dir_getdents(void)
{
	tdir_setup("t_inotify_edges");
	mkdir(P("d"), 0755);
	int dfd = open(P("d"), O_RDONLY | O_DIRECTORY);
	int fd = inotify_init();
	inotify_add_watch(fd, P("d"), IN_ACCESS | IN_DELETE_SELF);
	CHECK_OK0("rmdir", rmdir(P("d")));
	CHECK_STR("nothing yet (the directory is open)", drain(fd), "");
	char buf[512];
	CHECK_ERR("getdents64: ENOENT", syscall(SYS_getdents64, dfd, buf, sizeof buf), ENOENT);
	CHECK_STR("getdents of a dead directory: no IN_ACCESS", drain(fd), "");
	close(dfd);
	CHECK_STR("its last close: IN_DELETE_SELF, IN_IGNORED", drain(fd),
	          "wd=1 IN_DELETE_SELF; wd=1 IN_IGNORED");
	close(fd);
}

/* A watch on a pipe's inode lives on after both ends close: Linux 6.1
 * queues their close events only (6.14+ none at all); no IN_DELETE_SELF
 * or IN_IGNORED either way. */
static void pipe_watch(void)
{
	int p[2];
	if (pipe(p) < 0)
		return;
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
	int fd = inotify_init();
	CHECK_EQ("watch the pipe", inotify_add_watch(fd, path, IN_ALL_EVENTS), 1);
	close(p[0]);
	close(p[1]);
	const char *ev = drain(fd);
	CHECK("no IN_DELETE_SELF or IN_IGNORED after the pipe's close",
	      !strstr(ev, "IN_DELETE_SELF") && !strstr(ev, "IN_IGNORED"));
	if (strstr(ev, "IN_DELETE_SELF") || strstr(ev, "IN_IGNORED"))
		say("  (events: %s)\n", ev);
	CHECK_OK0("the watch is still there: rm_watch", inotify_rm_watch(fd, 1));
	close(fd);
}

int main(void)
{
	RUN(ebadf_first);
	RUN(setnextwd);
	RUN(enospc_wd);
	RUN(euid_counts);
	RUN(suid_cleared);
	RUN(dead_dir_getdents);
	RUN(pipe_watch);
	return cases_failed ? 1 : 0;
}
