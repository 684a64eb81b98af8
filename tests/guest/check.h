/* check.h - shared helpers for the guest test programs in tests/guest/.
 * Every check prints one line, "[PASS] name" or "[FAIL] name: got X,
 * expected Y"; every case runs in its own child so a crash is reported and
 * the next case still runs. The output must be the same on Linux and on
 * Pipit, so PASS lines never contain values that may differ between them. */
#ifndef CHECK_H
#define CHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <grp.h>
#include <signal.h>
#include <stdbool.h>

static int check_failed;   /* failed checks in this process (one case) */
static int cases_failed;   /* failed cases, counted by the parent */

/* One formatted write(2) per call: no stdio buffer to duplicate on fork. */
__attribute__((format(printf, 1, 2), unused))
static void say(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 1)
		n = sizeof buf - 1;
	for (int off = 0; off < n; ) {
		int w = write(1, buf + off, n - off);
		if (w <= 0)
			break;
		off += w;
	}
}

__attribute__((unused))
static const char *errname(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{0, "0"}, {EPERM, "EPERM"}, {ENOENT, "ENOENT"}, {ESRCH, "ESRCH"},
		{EINTR, "EINTR"}, {EIO, "EIO"}, {ENXIO, "ENXIO"}, {E2BIG, "E2BIG"},
		{ENOEXEC, "ENOEXEC"}, {EBADF, "EBADF"}, {ECHILD, "ECHILD"},
		{EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"}, {EACCES, "EACCES"},
		{EFAULT, "EFAULT"}, {ENOTBLK, "ENOTBLK"}, {EBUSY, "EBUSY"},
		{EEXIST, "EEXIST"}, {EXDEV, "EXDEV"}, {ENODEV, "ENODEV"},
		{ENOTDIR, "ENOTDIR"}, {EISDIR, "EISDIR"}, {EINVAL, "EINVAL"},
		{ENFILE, "ENFILE"}, {EMFILE, "EMFILE"}, {ENOTTY, "ENOTTY"},
		{ETXTBSY, "ETXTBSY"}, {EFBIG, "EFBIG"}, {ENOSPC, "ENOSPC"},
		{ESPIPE, "ESPIPE"}, {EROFS, "EROFS"}, {EMLINK, "EMLINK"},
		{EPIPE, "EPIPE"}, {EDOM, "EDOM"}, {ERANGE, "ERANGE"},
		{EDEADLK, "EDEADLK"}, {ENAMETOOLONG, "ENAMETOOLONG"},
		{ENOLCK, "ENOLCK"}, {ENOSYS, "ENOSYS"}, {ENOTEMPTY, "ENOTEMPTY"},
		{ELOOP, "ELOOP"}, {ENOMSG, "ENOMSG"}, {EIDRM, "EIDRM"},
		{EOVERFLOW, "EOVERFLOW"}, {ENOTSOCK, "ENOTSOCK"},
		{EOPNOTSUPP, "EOPNOTSUPP"}, {EADDRINUSE, "EADDRINUSE"},
		{ECONNREFUSED, "ECONNREFUSED"}, {ETIMEDOUT, "ETIMEDOUT"},
		{ENOTCONN, "ENOTCONN"}, {ECONNRESET, "ECONNRESET"},
	};
	static char other[16];
	for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].e == e)
			return t[i].n;
	snprintf(other, sizeof other, "E#%d", e);
	return other;
}

__attribute__((unused))
static void pass(const char *name)
{
	say("[PASS] %s\n", name);
}

__attribute__((format(printf, 2, 3), unused))
static void fail(const char *name, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	say("[FAIL] %s: %s\n", name, buf);
	check_failed++;
}

/* Integer equality; both values are printed on failure. */
#define CHECK_EQ(name, got, exp) do { \
	long long g_ = (long long)(got), e_ = (long long)(exp); \
	if (g_ == e_) pass(name); \
	else fail(name, "got %lld, expected %lld", g_, e_); \
} while (0)

/* The same, printed in octal (file modes). */
#define CHECK_MODE(name, got, exp) do { \
	unsigned long g_ = (unsigned long)(got), e_ = (unsigned long)(exp); \
	if (g_ == e_) pass(name); \
	else fail(name, "got 0%lo, expected 0%lo", g_, e_); \
} while (0)

/* A truth value; the expression text is printed on failure. */
#define CHECK(name, cond) do { \
	if (cond) pass(name); \
	else fail(name, "got false, expected %s", #cond); \
} while (0)

#define CHECK_STR(name, got, exp) do { \
	const char *g_ = (got), *e_ = (exp); \
	if (g_ && strcmp(g_, e_) == 0) pass(name); \
	else fail(name, "got \"%s\", expected \"%s\"", g_ ? g_ : "(null)", e_); \
} while (0)

/* A call that must fail with -1 and errno E. */
#define CHECK_ERR(name, call, E) do { \
	errno = 0; \
	long r_ = (long)(call); \
	int en_ = errno; \
	if (r_ == -1 && en_ == (E)) pass(name); \
	else fail(name, "got %ld (%s), expected -1 (%s)", r_, \
		  r_ == -1 ? errname(en_) : "no error", errname(E)); \
} while (0)

/* A call that must succeed (return >= 0, or exactly 0 for CHECK_OK0). */
#define CHECK_OK(name, call) do { \
	errno = 0; \
	long r_ = (long)(call); \
	int en_ = errno; \
	if (r_ >= 0) pass(name); \
	else fail(name, "got %ld (%s), expected success", r_, errname(en_)); \
} while (0)

#define CHECK_OK0(name, call) do { \
	errno = 0; \
	long r_ = (long)(call); \
	int en_ = errno; \
	if (r_ == 0) pass(name); \
	else fail(name, "got %ld (%s), expected 0", r_, \
		  r_ == -1 ? errname(en_) : "no error"); \
} while (0)

/* A raw system call that must return -E (syscall() gives -1 and errno). */
#define CHECK_SYSERR(name, E, ...) CHECK_ERR(name, syscall(__VA_ARGS__), E)

/* Waits for pid, retrying on EINTR; returns the status or -1. */
__attribute__((unused))
static int wait_for(pid_t pid)
{
	int st;
	pid_t r;
	do
		r = waitpid(pid, &st, 0);
	while (r < 0 && errno == EINTR);
	return r == pid ? st : -1;
}

/* "exit N", "sig N" or "wait failed": a status in words, for messages. */
__attribute__((unused))
static const char *status_str(int st)
{
	static char buf[32];
	if (st == -1)
		snprintf(buf, sizeof buf, "wait failed");
	else if (WIFEXITED(st))
		snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof buf, "sig %d", WTERMSIG(st));
	else
		snprintf(buf, sizeof buf, "status 0x%x", st);
	return buf;
}

/* Removes path and everything under it (lstat, so links are not followed). */
__attribute__((unused))
static void rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char sub[4096];
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			rm_rf(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* The test's own directory, /tmp/<test>.d, made fresh by tdir_setup; P()
 * names a path inside it (eight rotating buffers, so a call may use
 * several). */
static char tdir[128];

__attribute__((unused))
static void tdir_setup(const char *test)
{
	snprintf(tdir, sizeof tdir, "/tmp/%s.d", test);
	rm_rf(tdir);
	mkdir(tdir, 0755);
	chmod(tdir, 0755);
}

__attribute__((unused))
static const char *P(const char *rel)
{
	static char bufs[8][256];
	static unsigned next;
	char *b = bufs[next++ % 8];
	snprintf(b, sizeof bufs[0], "%s/%s", tdir, rel);
	return b;
}

/* Whether case name is selected: every case, unless CHECK_ONLY is a
 * comma-separated list of names (make test ONLY=guest:t_sem/name+name). */
static int case_selected(const char *name)
{
	const char *only = getenv("CHECK_ONLY");
	size_t n = strlen(name);
	if (!only || !*only)
		return 1;
	for (const char *p = only; *p; ) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, name, n))
			return 1;
		p += len + (end != NULL);
	}
	return 0;
}

/* When set, runs in the parent after every case selected (ipc_made.h:
 * removes what the case made, even when it crashed). */
static void (*after_case)(void);

/* Runs fn in a child; the child fails (exit 1) if any check failed. */
__attribute__((unused))
static void run_case(const char *name, void (*fn)(void))
{
	if (!case_selected(name))
		return;
	pid_t pid = fork();
	if (pid < 0) {
		say("[FAIL] %s: fork: %s\n", name, errname(errno));
		cases_failed++;
		return;
	}
	if (pid == 0) {
		check_failed = 0;
		if (tdir[0]) {   /* each case gets a fresh tdir/<case> */
			size_t l = strlen(tdir);
			snprintf(tdir + l, sizeof tdir - l, "/%s", name);
			mkdir(tdir, 0755);
			chmod(tdir, 0755);
		}
		fn();
		_exit(check_failed ? 1 : 0);
	}
	int st = wait_for(pid);
	if (after_case)
		after_case();
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return;
	cases_failed++;
	if (st != -1 && WIFSIGNALED(st))
		say("[FAIL] %s: crashed sig=%d\n", name, WTERMSIG(st));
	else if (!(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 1))
		say("[FAIL] %s: %s\n", name, status_str(st));
}

#define RUN(fn) run_case(#fn, fn)

/* Forks a child that runs fn and _exits 0; returns its wait status. For
 * "this must crash" checks. */
__attribute__((unused))
static int child_status(void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	return pid < 0 ? -1 : wait_for(pid);
}

#define CHECK_SIG(name, st, sig) do { \
	int s_ = (st); \
	if (s_ != -1 && WIFSIGNALED(s_) && WTERMSIG(s_) == (sig)) pass(name); \
	else fail(name, "got %s, expected sig %d", status_str(s_), (sig)); \
} while (0)

#define CHECK_EXIT(name, st, code) do { \
	int s_ = (st); \
	if (s_ != -1 && WIFEXITED(s_) && WEXITSTATUS(s_) == (code)) pass(name); \
	else fail(name, "got %s, expected exit %d", status_str(s_), (code)); \
} while (0)

/* Writes a whole file (created 0644 unless it exists); 0 or -1. */
__attribute__((unused))
static int put_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, data, len);
	close(fd);
	return w == (ssize_t)len ? 0 : -1;
}

/* Reads until n bytes or end of file, going on after EINTR; the count,
 * or -1 on an error. */
__attribute__((unused))
static ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += r;
	}
	return got;
}

/* Up to cap-1 bytes of a file as a string: one read, or (whole) reads
 * to its end; the length or -1. */
static ssize_t file_string(const char *path, char *buf, size_t cap, bool whole)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = whole ? read_full(fd, buf, cap - 1) : read(fd, buf, cap - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	return n;
}

/* A file as a string, from one read; the length or -1. */
__attribute__((unused))
static ssize_t get_file(const char *path, char *buf, size_t cap)
{
	return file_string(path, buf, cap, false);
}

/* A whole file as a string, read to its end (a /proc file gives a page or
 * so per read, where get_file reads once); the length or -1. */
__attribute__((unused))
static ssize_t read_all(const char *path, char *buf, size_t cap)
{
	return file_string(path, buf, cap, true);
}

/* Small file helpers: mk writes tdir/rel, st_of lstats (st_mode 0 when
 * missing), content reads tdir/rel as a string. */
__attribute__((unused))
static int mk(const char *rel, const char *data)
{
	return put_file(P(rel), data, strlen(data));
}

__attribute__((unused))
static struct stat st_of(const char *path)
{
	struct stat st;
	memset(&st, 0xff, sizeof st);
	if (lstat(path, &st) < 0)
		st.st_mode = 0;
	return st;
}

__attribute__((unused))
static const char *content(const char *rel)
{
	static char buf[256];
	if (get_file(P(rel), buf, sizeof buf) < 0)
		strcpy(buf, "(unreadable)");
	return buf;
}

/* Sleeps ms milliseconds. */
__attribute__((unused))
static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Waits until the task whose stat file is path sleeps in a system call
 * (state S), for at most about 20 s: a signal or wake-up sent then
 * arrives during the wait. */
__attribute__((unused))
static void wait_sleeping_path(const char *path)
{
	char buf[512];
	for (int i = 0; i < 2000; i++) {
		if (get_file(path, buf, sizeof buf) > 0) {
			char *p = strrchr(buf, ')');
			if (p && p[1] == ' ' && p[2] == 'S')
				return;
		}
		msleep(10);
	}
}

/* The same for process (or thread) pid: /proc/<pid>/stat. */
__attribute__((unused))
static void wait_sleeping(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	wait_sleeping_path(path);
}

/* The target of /proc/self/fd/<fd> ("" when it has none), in a static
 * buffer. */
__attribute__((unused))
static const char *fd_link(int fd)
{
	static char buf[256];
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}


/* Runs fn in a child after prepare (a failure of which prepare reports);
 * the child's failed checks count here, as do its crashes (reported as
 * "<who> <status>"). */
__attribute__((unused))
static void in_child(const char *who, void (*prepare)(void), void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		prepare();
		fn();
		_exit(check_failed ? 1 : 0);
	}
	int st = wait_for(pid);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (!(WIFEXITED(st) && WEXITSTATUS(st) == 1))
			say("[FAIL] %s %s\n", who, status_str(st));
		check_failed++;
	}
}

static void become_uid1000(void)
{
	setgroups(0, NULL);
	if (setgid(100) < 0 || setuid(1000) < 0)
		say("[FAIL] as_uid1000: cannot become uid 1000\n");
}

static void become_session_leader(void)
{
	if (setsid() < 0)
		say("[FAIL] setsid: %s\n", errname(errno));
}

/* Runs fn in a child as kunitz (uid 1000, gid 100, no other groups). */
__attribute__((unused)) static void as_uid1000(void (*fn)(void))
{
	in_child("as_uid1000: child", become_uid1000, fn);
}

/* Runs fn in a child that leads a session of its own (no terminal). */
__attribute__((unused)) static void in_session(void (*fn)(void))
{
	in_child("session child:", become_session_leader, fn);
}

/* Signal helpers: sig's handler is fn with sa_flags flags (sigaction's
 * result); how (SIG_BLOCK, SIG_UNBLOCK) applied to sig alone. */
__attribute__((unused))
static int handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

__attribute__((unused))
static void mask(int how, int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

/* A number from a child to its parent through a pipe (the result
 * channel): report writes it (or exits 99), collect reads it (-12345 when
 * none came). */
__attribute__((unused))
static void report(int fd, long v)
{
	if (write(fd, &v, sizeof v) != sizeof v)
		_exit(99);
}

__attribute__((unused))
static long collect(int fd)
{
	long v;
	return read_full(fd, &v, sizeof v) == sizeof v ? v : -12345;
}

/* Children that block: still_running says pid has not ended after ms
 * milliseconds; kick sends sig until pid ends (the first may come before
 * it sleeps), SIGKILL after 5 s, and returns its wait status; on_signal is
 * a handler that only interrupts. */
__attribute__((unused))
static int still_running(pid_t pid, int ms)
{
	msleep(ms);
	return waitpid(pid, NULL, WNOHANG) == 0;
}

__attribute__((unused))
static int kick(pid_t pid, int sig)
{
	int st;
	for (int i = 0; i < 100; i++) {
		kill(pid, sig);
		msleep(50);
		if (waitpid(pid, &st, WNOHANG) == pid)
			return st;
	}
	kill(pid, SIGKILL);
	return wait_for(pid);
}

__attribute__((unused))
static void on_signal(int sig)
{
	(void)sig;
}

#endif
