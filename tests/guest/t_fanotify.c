/* t_fanotify - differential test of fanotify (fanotify_init 338,
 * fanotify_mark 339): init's flags and errors (EPERM without
 * CAP_SYS_ADMIN, the 128 groups of a user), mark's errors and its 64-bit
 * mask in two words, the events of inode marks, of a directory's marks
 * on its children (FAN_EVENT_ON_CHILD, FAN_ONDIR), of filesystem and
 * mount marks (filtered to the test's directory: on the host they see
 * the whole disk), ignored masks and FAN_MARK_IGNORED_SURV_MODIFY, the
 * merging of queued events, reading (whole records, EINVAL, EAGAIN,
 * FIONREAD, poll, the event fd's flags, EMFILE losing the event),
 * permission events (FAN_OPEN_PERM, FAN_ACCESS_PERM, FAN_OPEN_EXEC_PERM
 * answered FAN_ALLOW or FAN_DENY, the answers' errors, a close allowing
 * what waits, a killed waiter) and exec's events (FAN_OPEN_EXEC, the
 * loader's reads: FAN_ACCESS and FAN_ACCESS_PERM, the close when the
 * image goes; the order of the questions exec asks). Objects are printed by
 * their name in the test's directory, pids as "self" or "child".
 * The FID reporting flags are t_fanotify_fid's. Left out, because the
 * host's kernel (6.18) answers otherwise than 6.1 or Pipit:
 * FAN_MARK_IGNORE and FAN_MARK_EVICTABLE (6.1 has them, Pipit says
 * EINVAL: decision 61),
 * FAN_PRE_ACCESS (6.14), the mount-namespace marks (6.15). */
#include "check.h"
#include <poll.h>
#include <stdint.h>
#include <sys/fanotify.h>
#include <sys/ioctl.h>
#include <sys/resource.h>

/* musl's <sys/fanotify.h> predates these (Linux's UAPI values). */
#ifndef FAN_REPORT_PIDFD
#define FAN_REPORT_PIDFD 0x80
#endif
#ifndef FAN_FS_ERROR
#define FAN_FS_ERROR 0x8000
#endif

static char **g_argv;

static const struct { uint32_t bit; const char *name; } bits[] = {
	{ FAN_ACCESS, "ACCESS" }, { FAN_MODIFY, "MODIFY" }, { FAN_CLOSE_WRITE, "CLOSE_WRITE" },
	{ FAN_CLOSE_NOWRITE, "CLOSE_NOWRITE" }, { FAN_OPEN, "OPEN" }, { FAN_OPEN_EXEC, "OPEN_EXEC" },
	{ FAN_Q_OVERFLOW, "Q_OVERFLOW" }, { FAN_OPEN_PERM, "OPEN_PERM" },
	{ FAN_ACCESS_PERM, "ACCESS_PERM" }, { FAN_OPEN_EXEC_PERM, "OPEN_EXEC_PERM" },
	{ FAN_ONDIR, "ONDIR" },
};

static long fmark(int fd, unsigned flags, uint64_t mask, int dfd, const char *path)
{
	return fanotify_mark(fd, flags, mask, dfd, path);
}

/* The event's object as a name under tdir ("." for tdir itself), "exe"
 * for this program, or "other" (another file of the host). */
static void obj_name(int fd, char *out, size_t cap)
{
	char link[64], path[512], exe[512];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	path[n < 0 ? 0 : n] = 0;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n < 0 ? 0 : n] = 0;
	size_t l = strlen(tdir);
	if (!strcmp(path, exe))
		snprintf(out, cap, "exe");
	else if (!strcmp(path, tdir))
		snprintf(out, cap, ".");
	else if (!strncmp(path, tdir, l) && path[l] == '/')
		snprintf(out, cap, "%s", path + l + 1);
	else
		snprintf(out, cap, "other");
}

static pid_t child_pid;

/* One event as text: "OPEN|ACCESS f pid=self"; its fd is closed. */
static void fmt_event(const struct fanotify_event_metadata *m, char *out, size_t cap)
{
	int n = 0;
	const char *sep = "";
	uint32_t mask = m->mask;
	for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
		if (mask & bits[i].bit) {
			n += snprintf(out + n, cap - n, "%s%s", sep, bits[i].name);
			mask &= ~bits[i].bit;
			sep = "|";
		}
	if (mask)
		n += snprintf(out + n, cap - n, "%s0x%x", sep, mask);
	char name[256] = "nofd";
	if (m->fd >= 0) {
		obj_name(m->fd, name, sizeof name);
		close(m->fd);
	}
	const char *who = m->pid == getpid() ? "self" : m->pid == child_pid ? "child" :
			  m->pid == 0 ? "0" : "other";
	snprintf(out + n, cap - n, " %s pid=%s", name, who);
}

/* Reads what is queued (without waiting) and prints the events whose
 * object is in tdir, joined by "; ". */
static void drain(int fan, char *out, size_t cap)
{
	char buf[4096];
	int n = 0;
	out[0] = 0;
	for (;;) {
		struct pollfd p = { fan, POLLIN, 0 };
		if (poll(&p, 1, 0) != 1)
			break;
		ssize_t len = read(fan, buf, sizeof buf);
		if (len <= 0)
			break;
		struct fanotify_event_metadata *m = (void *)buf;
		for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
			char e[600];
			fmt_event(m, e, sizeof e);
			if (strstr(e, " other pid=") || strstr(e, "pid=other"))
				continue;
			n += snprintf(out + n, cap - n, "%s%s", n ? "; " : "", e);
		}
	}
}

#define EXPECT_EVENTS(name, fan, exp) do { \
	char _got[2048]; drain(fan, _got, sizeof _got); CHECK_STR(name, _got, exp); } while (0)

static void touch_read(const char *rel)
{
	char c;
	int fd = open(P(rel), O_RDONLY);
	if (read(fd, &c, 1) < 0)
		perror("read");
	close(fd);
}

static void init_flags(void)
{
	CHECK_SYSERR("init bad flag", EINVAL, SYS_fanotify_init, 0x80000000u, O_RDONLY);
	CHECK_SYSERR("init class 0xc", EINVAL, SYS_fanotify_init, 0xc, O_RDONLY);
	CHECK_SYSERR("init pidfd|tid", EINVAL, SYS_fanotify_init, FAN_REPORT_PIDFD | FAN_REPORT_TID, 0);
	CHECK_SYSERR("init accmode 3", EINVAL, SYS_fanotify_init, 0, 3);
	CHECK_SYSERR("init O_CREAT", EINVAL, SYS_fanotify_init, 0, O_CREAT);
	CHECK_SYSERR("init O_TRUNC", EINVAL, SYS_fanotify_init, 0, O_TRUNC);
	int fd = fanotify_init(FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY);
	CHECK("init cloexec|nonblock", fd >= 0);
	CHECK_EQ("fd cloexec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("fd flags", fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR | O_NONBLOCK);
	char link[64], path[64] = "";
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	path[n < 0 ? 0 : n] = 0;
	CHECK_STR("fd link", path, "anon_inode:[fanotify]");
	close(fd);
	fd = fanotify_init(FAN_CLASS_PRE_CONTENT | FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS |
			   FAN_REPORT_TID, O_RDWR | O_LARGEFILE | O_NOATIME | O_APPEND);
	CHECK("init all legacy flags", fd >= 0);
	CHECK_EQ("plain fd flags", fcntl(fd, F_GETFD), 0);
	close(fd);
	/* The groups of one user: 128 (fewer on a host already running some). */
	int fds[200], k = 0;
	while (k < 200 && (fds[k] = fanotify_init(0, O_RDONLY)) >= 0)
		k++;
	CHECK_EQ("129th group", k < 200 ? errno : 0, EMFILE);
	CHECK("groups limit near 128", k > 100 && k <= 128);
	while (k--)
		close(fds[k]);
	CHECK_OK("init after closing", fanotify_init(0, O_RDONLY));
}

static void unprivileged(void)
{
	if (setgid(65534) || setuid(65534))
		perror("setuid");
	CHECK_SYSERR("unprivileged notif", EPERM, SYS_fanotify_init, 0, O_RDONLY);
	CHECK_SYSERR("unprivileged content", EPERM, SYS_fanotify_init, FAN_CLASS_CONTENT, O_RDONLY);
	CHECK_SYSERR("unprivileged fid+queue", EPERM, SYS_fanotify_init,
		     FAN_REPORT_FID | FAN_UNLIMITED_QUEUE, O_RDONLY);
}

static void mark_errors(void)
{
	mk("f", "x");
	mkdir(P("d"), 0755);
	int fan = fanotify_init(0, O_RDONLY);
	int pfd[2];
	pipe(pfd);
	CHECK_ERR("mask above 32 bits", fmark(fan, FAN_MARK_ADD, 1ull << 32, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("unknown flag", fmark(fan, FAN_MARK_ADD | 0x80000000u, FAN_OPEN, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("no command", fmark(fan, 0, FAN_OPEN, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("add|remove", fmark(fan, FAN_MARK_ADD | FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("add no mask", fmark(fan, FAN_MARK_ADD, 0, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("flush|dont_follow", fmark(fan, FAN_MARK_FLUSH | FAN_MARK_DONT_FOLLOW, 0, AT_FDCWD, NULL), EINVAL);
	CHECK_ERR("bad event bit", fmark(fan, FAN_MARK_ADD, 0x2000, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("bad fd before mask", fmark(-1, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, P("f")), EBADF);
	CHECK_ERR("not fanotify", fmark(pfd[0], FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("perm on notif group", fmark(fan, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("create without fid", fmark(fan, FAN_MARK_ADD, FAN_CREATE, AT_FDCWD, P("d")), EINVAL);
	CHECK_ERR("attrib without fid", fmark(fan, FAN_MARK_ADD, FAN_ATTRIB, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("fs_error on inode", fmark(fan, FAN_MARK_ADD, FAN_FS_ERROR, AT_FDCWD, P("f")), EINVAL);
	CHECK_ERR("no such path", fmark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, P("nope")), ENOENT);
	CHECK_ERR("onlydir on file", fmark(fan, FAN_MARK_ADD | FAN_MARK_ONLYDIR, FAN_OPEN, AT_FDCWD, P("f")), ENOTDIR);
	int ffd = open(P("f"), O_RDONLY);
	CHECK_ERR("onlydir on file fd", fmark(fan, FAN_MARK_ADD | FAN_MARK_ONLYDIR, FAN_OPEN, ffd, NULL), ENOTDIR);
	CHECK_ERR("null path, AT_FDCWD", fmark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, NULL), EBADF);
	CHECK_ERR("remove no mark", fmark(fan, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("f")), ENOENT);
	CHECK_OK0("mark by fd", fmark(fan, FAN_MARK_ADD, FAN_OPEN, ffd, NULL));
	CHECK_OK0("onlydir dir", fmark(fan, FAN_MARK_ADD | FAN_MARK_ONLYDIR, FAN_OPEN | FAN_ONDIR, AT_FDCWD, P("d")));
	CHECK_OK0("remove part", fmark(fan, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("d")));
	CHECK_OK0("remove rest", fmark(fan, FAN_MARK_REMOVE, FAN_ONDIR, AT_FDCWD, P("d")));
	CHECK_ERR("mark gone", fmark(fan, FAN_MARK_REMOVE, FAN_ONDIR, AT_FDCWD, P("d")), ENOENT);
	CHECK_OK0("flush inode marks", fmark(fan, FAN_MARK_FLUSH, 0, AT_FDCWD, NULL));
	CHECK_ERR("flushed", fmark(fan, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("f")), ENOENT);
	CHECK_OK0("child flag on a file", fmark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD, AT_FDCWD, P("f")));
	CHECK_OK0("mark removed by its events", fmark(fan, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("f")));
	CHECK_ERR("no child flag kept", fmark(fan, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("f")), ENOENT);
	int content = fanotify_init(FAN_CLASS_CONTENT, O_RDONLY);
	CHECK_ERR("perm on /proc", fmark(content, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, "/proc/self/status"), EINVAL);
	CHECK_OK0("perm on file", fmark(content, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, P("f")));
	struct fanotify_response r = { 0, 3 };
	CHECK_ERR("bad response", write(content, &r, sizeof r), EINVAL);
	r.response = FAN_ALLOW | FAN_AUDIT;
	CHECK_ERR("audit not enabled", write(content, &r, sizeof r), EINVAL);
	r.response = FAN_ALLOW;
	r.fd = -1;
	CHECK_ERR("negative fd", write(content, &r, sizeof r), EINVAL);
	r.fd = 0;
	CHECK_ERR("no such event", write(content, &r, sizeof r), ENOENT);
	CHECK_ERR("short response", write(content, &r, 4), EINVAL);
}

static void inode_events(void)
{
	mk("f", "hello");
	int fan = fanotify_init(FAN_NONBLOCK, O_RDONLY);
	CHECK_OK0("mark", fmark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_ACCESS | FAN_MODIFY | FAN_CLOSE,
				AT_FDCWD, P("f")));
	int fd = open(P("f"), O_RDWR);
	char c;
	write(fd, "x", 1);
	pread(fd, &c, 1, 0);
	close(fd);
	EXPECT_EVENTS("merged", fan, "ACCESS|MODIFY|CLOSE_WRITE|OPEN f pid=self");
	fd = open(P("f"), O_RDONLY);
	EXPECT_EVENTS("open", fan, "OPEN f pid=self");
	read(fd, &c, 1);
	EXPECT_EVENTS("read", fan, "ACCESS f pid=self");
	close(fd);
	EXPECT_EVENTS("close", fan, "CLOSE_NOWRITE f pid=self");
	EXPECT_EVENTS("event fds tell nothing", fan, "");
	child_pid = fork();
	if (child_pid == 0) {
		touch_read("f");
		_exit(0);
	}
	wait_for(child_pid);
	EXPECT_EVENTS("child's", fan, "ACCESS|CLOSE_NOWRITE|OPEN f pid=child");
	CHECK_OK0("remove access", fmark(fan, FAN_MARK_REMOVE, FAN_ACCESS | FAN_CLOSE, AT_FDCWD, P("f")));
	touch_read("f");
	EXPECT_EVENTS("open only", fan, "OPEN f pid=self");
	mkfifo(P("fifo"), 0644);
	CHECK_OK0("mark fifo", fmark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, P("fifo")));
	close(open(P("fifo"), O_RDWR));
	EXPECT_EVENTS("no event on a fifo", fan, "");
}

static void dir_events(void)
{
	mk("a", "a");
	mkdir(P("sub"), 0755);
	int fan = fanotify_init(FAN_NONBLOCK, O_RDONLY);
	CHECK_OK0("dir mark", fmark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, tdir));
	touch_read("a");
	close(open(tdir, O_RDONLY | O_DIRECTORY));
	EXPECT_EVENTS("no child, no dir", fan, "");
	CHECK_OK0("on child", fmark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD, AT_FDCWD, tdir));
	touch_read("a");
	close(open(P("sub"), O_RDONLY | O_DIRECTORY));
	EXPECT_EVENTS("child file", fan, "OPEN a pid=self");
	CHECK_OK0("ondir", fmark(fan, FAN_MARK_ADD, FAN_ONDIR, AT_FDCWD, tdir));
	close(open(P("sub"), O_RDONLY | O_DIRECTORY));
	close(open(tdir, O_RDONLY | O_DIRECTORY));
	EXPECT_EVENTS("subdir and dir", fan, "OPEN sub pid=self; OPEN . pid=self");
	mk("sub/deep", "d");
	touch_read("sub/deep");
	EXPECT_EVENTS("grandchild", fan, "");
	CHECK_OK0("access on dir", fmark(fan, FAN_MARK_ADD, FAN_ACCESS, AT_FDCWD, P("sub")));
	int dfd = open(P("sub"), O_RDONLY | O_DIRECTORY);
	char buf[512];
	syscall(SYS_getdents64, dfd, buf, sizeof buf);
	close(dfd);
	EXPECT_EVENTS("getdents without ondir", fan, "OPEN sub pid=self");
}

static void ignored(void)
{
	mk("loud", "l");
	mk("quiet", "q");
	int fan = fanotify_init(FAN_NONBLOCK, O_RDONLY);
	fmark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE | FAN_EVENT_ON_CHILD, AT_FDCWD, tdir);
	CHECK_OK0("ignore open", fmark(fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK, FAN_OPEN, AT_FDCWD, P("quiet")));
	touch_read("loud");
	touch_read("quiet");
	EXPECT_EVENTS("ignored", fan, "CLOSE_NOWRITE|OPEN loud pid=self; CLOSE_NOWRITE quiet pid=self");
	int fd = open(P("quiet"), O_WRONLY);
	write(fd, "Q", 1);
	close(fd);
	touch_read("quiet");
	EXPECT_EVENTS("modify ends it", fan, "CLOSE_WRITE|CLOSE_NOWRITE|OPEN quiet pid=self");
	CHECK_OK0("ignore surviving", fmark(fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK |
					 FAN_MARK_IGNORED_SURV_MODIFY, FAN_OPEN, AT_FDCWD, P("quiet")));
	fd = open(P("quiet"), O_WRONLY);
	write(fd, "Q", 1);
	close(fd);
	touch_read("quiet");
	EXPECT_EVENTS("survives modify", fan, "CLOSE_WRITE|CLOSE_NOWRITE quiet pid=self");
	CHECK_OK0("unignore", fmark(fan, FAN_MARK_REMOVE | FAN_MARK_IGNORED_MASK, FAN_OPEN, AT_FDCWD, P("quiet")));
	CHECK_ERR("mark gone with its mask", fmark(fan, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("quiet")), ENOENT);
	touch_read("quiet");
	EXPECT_EVENTS("heard again", fan, "CLOSE_NOWRITE|OPEN quiet pid=self");
	/* An ignored mask on a directory holds for itself (old API). */
	fmark(fan, FAN_MARK_ADD, FAN_ONDIR, AT_FDCWD, tdir);
	fmark(fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY, FAN_OPEN, AT_FDCWD, tdir);
	close(open(tdir, O_RDONLY | O_DIRECTORY));
	touch_read("loud");
	EXPECT_EVENTS("dir's ignore", fan, "CLOSE_NOWRITE . pid=self; CLOSE_NOWRITE loud pid=self");
}

static void fs_marks(void)
{
	int fan = fanotify_init(FAN_NONBLOCK, O_RDONLY);
	CHECK_OK0("filesystem mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_CLOSE_WRITE, AT_FDCWD, tdir));
	mk("new", "n");
	EXPECT_EVENTS("filesystem", fan, "CLOSE_WRITE new pid=self");
	CHECK_OK0("ignore on inode", fmark(fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK |
					FAN_MARK_IGNORED_SURV_MODIFY, FAN_CLOSE_WRITE, AT_FDCWD, P("new")));
	mk("new", "n2");
	mk("second", "o");
	EXPECT_EVENTS("inode ignore beats fs mark", fan, "CLOSE_WRITE second pid=self");
	CHECK_OK0("flush fs", fmark(fan, FAN_MARK_FLUSH | FAN_MARK_FILESYSTEM, 0, AT_FDCWD, NULL));
	mk("second", "o2");
	EXPECT_EVENTS("nothing after flush", fan, "");
	CHECK_OK0("mount mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_CLOSE_WRITE, AT_FDCWD, tdir));
	mk("third", "t");
	EXPECT_EVENTS("mount", fan, "CLOSE_WRITE third pid=self");
	CHECK_OK0("remove mount", fmark(fan, FAN_MARK_REMOVE | FAN_MARK_MOUNT, FAN_CLOSE_WRITE, AT_FDCWD, tdir));
	CHECK_ERR("mount mark gone", fmark(fan, FAN_MARK_REMOVE | FAN_MARK_MOUNT, FAN_CLOSE_WRITE, AT_FDCWD, tdir), ENOENT);
}

static void reading(void)
{
	mk("f", "data");
	int fan = fanotify_init(0, O_RDONLY | O_CLOEXEC);
	fmark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, P("f"));
	int n = -1;
	CHECK_OK0("fionread empty", ioctl(fan, FIONREAD, &n));
	CHECK_EQ("fionread 0", n, 0);
	fcntl(fan, F_SETFL, O_NONBLOCK);
	char buf[256];
	CHECK_ERR("empty nonblock", read(fan, buf, sizeof buf), EAGAIN);
	CHECK_ERR("small buffer, empty", read(fan, buf, 8), EAGAIN);
	struct pollfd p = { fan, POLLIN, 0 };
	CHECK_EQ("poll empty", poll(&p, 1, 0), 0);
	close(open(P("f"), O_RDONLY));
	child_pid = fork();
	if (child_pid == 0) {
		close(open(P("f"), O_RDONLY));
		_exit(0);
	}
	wait_for(child_pid);
	CHECK_OK0("fionread", ioctl(fan, FIONREAD, &n));
	CHECK_EQ("two events", n, 2 * (int)sizeof(struct fanotify_event_metadata));
	CHECK_EQ("poll", poll(&p, 1, 0), 1);
	CHECK_EQ("pollin", p.revents, POLLIN);
	CHECK_ERR("small buffer", read(fan, buf, sizeof(struct fanotify_event_metadata) - 1), EINVAL);
	CHECK_EQ("read one", read(fan, buf, sizeof(struct fanotify_event_metadata) + 10),
		 (long)sizeof(struct fanotify_event_metadata));
	struct fanotify_event_metadata *m = (void *)buf;
	CHECK_EQ("event_len", m->event_len, sizeof *m);
	CHECK_EQ("vers", m->vers, FANOTIFY_METADATA_VERSION);
	CHECK_EQ("metadata_len", m->metadata_len, sizeof *m);
	CHECK_EQ("event fd cloexec", fcntl(m->fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("event fd rdonly", fcntl(m->fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	char c;
	CHECK_EQ("event fd reads", read(m->fd, &c, 1), 1);
	close(m->fd);
	/* No descriptor left for the next event: it is lost. */
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	int lowest = dup(0);
	close(lowest);
	struct rlimit low = { lowest, rl.rlim_max };
	setrlimit(RLIMIT_NOFILE, &low);
	CHECK_ERR("emfile", read(fan, buf, sizeof buf), EMFILE);
	setrlimit(RLIMIT_NOFILE, &rl);
	CHECK_OK0("fionread after", ioctl(fan, FIONREAD, &n));
	CHECK_EQ("event lost", n, 0);
	/* A blocking read waits for the event. */
	fcntl(fan, F_SETFL, 0);
	child_pid = fork();
	if (child_pid == 0) {
		usleep(100000);
		close(open(P("f"), O_RDONLY));
		_exit(0);
	}
	ssize_t len = read(fan, buf, sizeof buf);
	CHECK_EQ("blocking read", len, (long)sizeof *m);
	char e[600];
	fmt_event(m, e, sizeof e);
	CHECK_STR("waited for", e, "OPEN f pid=child");
	wait_for(child_pid);
}

/* The child opens (or reads, or runs) f; its result, or -errno. */
static int listener = -1;   /* the group: closed in the children */

static void perm_child(const char *what)
{
	child_pid = fork();
	if (child_pid)
		return;
	close(listener);
	int r;
	if (!strcmp(what, "open")) {
		r = open(P("f"), O_RDONLY);
	} else if (!strcmp(what, "read")) {
		char c;
		int fd = open(P("f"), O_RDONLY);
		r = read(fd, &c, 1);
	} else {
		char *argv[] = { g_argv[0], "--noop", NULL };
		r = execv("/proc/self/exe", argv);
	}
	_exit(r >= 0 ? 0 : errno);
}

/* Reads one permission event, prints it, and answers it. */
static void answer(int fan, const char *name, const char *exp, uint32_t response)
{
	struct fanotify_event_metadata m;
	ssize_t n = read(fan, &m, sizeof m);
	CHECK_EQ(name, n, (long)sizeof m);
	int fd = m.fd;
	m.fd = dup(fd);
	char e[600];
	fmt_event(&m, e, sizeof e);
	CHECK_STR(name, e, exp);
	struct fanotify_response r = { fd, response };
	CHECK_EQ("answered", write(fan, &r, sizeof r), (long)sizeof r);
	close(fd);
}

static void permission(void)
{
	mk("f", "data");
	int fan = listener = fanotify_init(FAN_CLASS_CONTENT, O_RDONLY);
	CHECK_OK0("open_perm", fmark(fan, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, P("f")));
	perm_child("open");
	answer(fan, "open asked", "OPEN_PERM f pid=child", FAN_DENY);
	CHECK_EQ("denied", WEXITSTATUS(wait_for(child_pid)), EPERM);
	perm_child("open");
	answer(fan, "open asked again", "OPEN_PERM f pid=child", FAN_ALLOW);
	CHECK_EQ("allowed", WEXITSTATUS(wait_for(child_pid)), 0);
	fmark(fan, FAN_MARK_REMOVE, FAN_OPEN_PERM, AT_FDCWD, P("f"));
	CHECK_OK0("access_perm", fmark(fan, FAN_MARK_ADD, FAN_ACCESS_PERM, AT_FDCWD, P("f")));
	perm_child("read");
	answer(fan, "read asked", "ACCESS_PERM f pid=child", FAN_DENY);
	CHECK_EQ("read denied", WEXITSTATUS(wait_for(child_pid)), EPERM);
	/* A killed waiter: its unread event goes. */
	perm_child("read");
	struct pollfd p = { fan, POLLIN, 0 };
	CHECK_EQ("question queued", poll(&p, 1, 5000), 1);
	kill(child_pid, SIGKILL);
	CHECK("killed", WIFSIGNALED(wait_for(child_pid)));
	int n = -1;
	ioctl(fan, FIONREAD, &n);
	CHECK_EQ("its event gone", n, 0);
	/* Closing the group allows what waits. */
	perm_child("read");
	CHECK_EQ("question queued 2", poll(&p, 1, 5000), 1);
	close(fan);
	CHECK_EQ("allowed by close", WEXITSTATUS(wait_for(child_pid)), 0);
}

static void exec_events(void)
{
	int fan = listener = fanotify_init(FAN_CLASS_PRE_CONTENT | FAN_NONBLOCK, O_RDONLY);
	CHECK_OK0("open_exec", fmark(fan, FAN_MARK_ADD, FAN_OPEN_EXEC, AT_FDCWD, "/proc/self/exe"));
	perm_child("exec");
	CHECK_EQ("exec ran", WEXITSTATUS(wait_for(child_pid)), 0);
	EXPECT_EVENTS("exec", fan, "OPEN_EXEC exe pid=child");
	CHECK_OK0("open_exec_perm", fmark(fan, FAN_MARK_ADD, FAN_OPEN_EXEC_PERM, AT_FDCWD, "/proc/self/exe"));
	fcntl(fan, F_SETFL, 0);
	perm_child("exec");
	answer(fan, "exec asked", "OPEN_EXEC_PERM exe pid=child", FAN_DENY);
	CHECK_EQ("exec denied", WEXITSTATUS(wait_for(child_pid)), EPERM);
	fmark(fan, FAN_MARK_FLUSH, 0, AT_FDCWD, NULL);
}

/* A copy of this program as tdir/prog. */
static void copy_self(void)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(P("prog"), O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, n) != n)
			break;
	close(in);
	close(out);
}

/* Runs tdir/prog with arg in child_pid, its stdin and stdout the pipes
 * given (or the test's own when NULL). */
static void run_prog(const char *arg, int *to, int *from)
{
	child_pid = fork();
	if (child_pid)
		return;
	close(listener);
	if (to) {
		dup2(to[0], 0);
		dup2(from[1], 1);
	}
	char *argv[] = { "prog", (char *)arg, NULL };
	execv(P("prog"), argv);
	_exit(errno);
}

/* The exec's open, its reads of the program, and the close when the
 * image goes; the loader's read asks FAN_ACCESS_PERM. */
static void exec_reads(void)
{
	copy_self();
	int fan = listener = fanotify_init(FAN_NONBLOCK, O_RDONLY);
	CHECK_OK0("mark the program", fmark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_OPEN_EXEC | FAN_ACCESS |
					    FAN_CLOSE_NOWRITE, AT_FDCWD, P("prog")));
	int to[2], from[2];
	if (pipe(to) || pipe(from))
		perror("pipe");
	run_prog("--hold", to, from);
	char c = 0;
	CHECK_EQ("it runs", read(from[0], &c, 1), 1);
	EXPECT_EVENTS("opened and read", fan, "ACCESS|OPEN|OPEN_EXEC prog pid=child");
	write(to[1], "g", 1);
	CHECK_EQ("it exits", WEXITSTATUS(wait_for(child_pid)), 0);
	EXPECT_EVENTS("closed with its image", fan, "CLOSE_NOWRITE prog pid=child");
	close(fan);
	fan = listener = fanotify_init(FAN_CLASS_CONTENT, O_RDONLY);
	CHECK_OK0("access_perm", fmark(fan, FAN_MARK_ADD, FAN_ACCESS_PERM, AT_FDCWD, P("prog")));
	run_prog("--noop", NULL, NULL);
	answer(fan, "the loader's read asked", "ACCESS_PERM prog pid=child", FAN_DENY);
	CHECK_EQ("exec denied by the read", WEXITSTATUS(wait_for(child_pid)), EPERM);
	CHECK_OK0("every exec question", fmark(fan, FAN_MARK_ADD, FAN_OPEN_EXEC_PERM | FAN_OPEN_PERM,
					       AT_FDCWD, P("prog")));
	run_prog("--noop", NULL, NULL);
	/* The questions in order, each kind once (how often the loader
	 * reads is Linux's detail). */
	char order[1024] = "";
	int st = -1;
	while (waitpid(child_pid, &st, WNOHANG) == 0) {
		struct pollfd p = { fan, POLLIN, 0 };
		if (poll(&p, 1, 100) != 1)
			continue;
		struct fanotify_event_metadata m;
		if (read(fan, &m, sizeof m) != sizeof m)
			break;
		char e[300];
		int fd = m.fd;
		m.fd = dup(fd);
		fmt_event(&m, e, sizeof e);
		*strchr(e, ' ') = 0;
		if (!strstr(order, e))
			snprintf(order + strlen(order), sizeof order - strlen(order), "%s%s", *order ? " " : "", e);
		struct fanotify_response r = { fd, FAN_ALLOW };
		write(fan, &r, sizeof r);
		close(fd);
	}
	CHECK_STR("asked in Linux's order", order, "OPEN_EXEC_PERM OPEN_PERM ACCESS_PERM");
	CHECK("ran", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--noop"))
		return 0;
	if (argc > 1 && !strcmp(argv[1], "--hold")) {
		char c;
		write(1, "r", 1);
		return read(0, &c, 1) == 1 ? 0 : 1;
	}
	g_argv = argv;
	tdir_setup("t_fanotify");
	RUN(init_flags);
	RUN(unprivileged);
	RUN(mark_errors);
	RUN(inode_events);
	RUN(dir_events);
	RUN(ignored);
	RUN(fs_marks);
	RUN(reading);
	RUN(permission);
	RUN(exec_events);
	RUN(exec_reads);
	rm_rf("/tmp/t_fanotify.d");
	return cases_failed ? 1 : 0;
}
