/* t_fcntl_lock - differential test of POSIX record locks through fcntl:
 * F_SETLK conflicts (EAGAIN), F_GETLK reports (type, start, len, pid),
 * range splitting and merging, l_whence SEEK_CUR/SEEK_END and negative
 * lengths, release on ANY close of the file by the owner and at exit, no
 * inheritance across fork, F_SETLKW waits and wake-ups, EDEADLK between
 * two processes, EINTR, EBADF/EINVAL, the 32-bit F_SETLK/F_GETLK variants,
 * and lock files made with O_CREAT|O_EXCL. Other processes report through
 * their exit status or a pipe; pids are compared, never printed. */
#include "check.h"
#include <signal.h>

static const char *path;
static int fd;

static int open_file(void)
{
	path = P("data");
	char buf[500];
	memset(buf, '.', sizeof buf);
	put_file(path, buf, sizeof buf);
	return open(path, O_RDWR);
}

static int lk(int f, int cmd, short type, short whence, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };
	return fcntl(f, cmd, &fl);
}

/* What another process sees: F_GETLK for (type, start, len) from a child,
 * sent back through a pipe. */
struct seen {
	int r, err;
	short type, whence;
	long long start, len;
	int pid_is_me;          /* l_pid equals the asker's parent (us) */
};

static struct seen other_getlk(short type, off_t start, off_t len)
{
	struct seen s = { .r = -2 };
	int p[2];
	pipe(p);
	pid_t me = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len, .l_pid = 12345 };
		errno = 0;
		s.r = fcntl(f, F_GETLK, &fl);
		s.err = errno;
		s.type = fl.l_type;
		s.whence = fl.l_whence;
		s.start = fl.l_start;
		s.len = fl.l_len;
		s.pid_is_me = fl.l_pid == me;
		write(p[1], &s, sizeof s);
		_exit(0);
	}
	read(p[0], &s, sizeof s);
	wait_for(pid);
	close(p[0]);
	close(p[1]);
	return s;
}

/* Another process tries F_SETLK (type, start, len): 0 or its errno. */
static int other_setlk(short type, off_t start, off_t len)
{
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		_exit(lk(f, F_SETLK, type, SEEK_SET, start, len) == 0 ? 0 : errno);
	}
	int st = wait_for(pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 200;
}

#define CHECK_SEEN(name, s, t, st, ln) do { \
	struct seen s_ = (s); \
	CHECK_EQ(name ": F_GETLK succeeded", s_.r, 0); \
	CHECK_EQ(name ": l_type", s_.type, t); \
	CHECK_EQ(name ": l_whence", s_.whence, SEEK_SET); \
	CHECK_EQ(name ": l_start", s_.start, st); \
	CHECK_EQ(name ": l_len", s_.len, ln); \
	CHECK(name ": l_pid is the holder", s_.pid_is_me); \
} while (0)

/* ---- cases ---- */

static void conflicts(void)
{
	fd = open_file();
	CHECK_OK0("F_WRLCK 0-99", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100));
	CHECK_EQ("another process: F_WRLCK 50-60 -> EAGAIN", other_setlk(F_WRLCK, 50, 11), EAGAIN);
	CHECK_EQ("another process: F_RDLCK 99 -> EAGAIN", other_setlk(F_RDLCK, 99, 1), EAGAIN);
	CHECK_EQ("another process: F_WRLCK 100-109 is free", other_setlk(F_WRLCK, 100, 10), 0);
	CHECK_EQ("another process: whole file -> EAGAIN", other_setlk(F_RDLCK, 0, 0), EAGAIN);
	CHECK_OK0("F_RDLCK 200-299", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 200, 100));
	CHECK_EQ("another process: F_RDLCK 250 shares", other_setlk(F_RDLCK, 250, 10), 0);
	CHECK_EQ("another process: F_WRLCK 250 -> EAGAIN", other_setlk(F_WRLCK, 250, 10), EAGAIN);
	CHECK_OK0("the owner may re-lock its own range", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 50, 10));
	CHECK_OK0("F_UNLCK 0-99", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 100));
	CHECK_EQ("another process: F_WRLCK 0-99 now", other_setlk(F_WRLCK, 0, 100), 0);
	CHECK_OK0("locking past the end of the file is allowed", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10000, 5));
	CHECK_EQ("and conflicts there", other_setlk(F_WRLCK, 10002, 1), EAGAIN);
}

static void getlk(void)
{
	fd = open_file();
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 90);
	CHECK_SEEN("write lock 10-99", other_getlk(F_RDLCK, 0, 0), F_WRLCK, 10, 90);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 300, 0);
	CHECK_SEEN("read lock 300-EOF (len 0)", other_getlk(F_WRLCK, 0, 0), F_RDLCK, 300, 0);
	struct seen s = other_getlk(F_RDLCK, 0, 0);
	CHECK_EQ("a read lock does not block F_RDLCK: F_UNLCK", s.type, F_UNLCK);
	CHECK_EQ("and l_start is left as asked", s.start, 0);
	s = other_getlk(F_WRLCK, 100, 50);
	CHECK_EQ("no lock on 100-149: F_UNLCK", s.type, F_UNLCK);
	CHECK_EQ("l_start left as asked (100)", s.start, 100);
	CHECK_EQ("l_len left as asked (50)", s.len, 50);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	CHECK_OK0("the owner's own F_GETLK", fcntl(fd, F_GETLK, &fl));
	CHECK_EQ("its own locks never conflict: F_UNLCK", fl.l_type, F_UNLCK);
	s = other_getlk(F_UNLCK, 0, 0);
	CHECK_EQ("F_GETLK with F_UNLCK -> EINVAL", s.r == -1 ? s.err : 0, EINVAL);
}

static void split(void)
{
	fd = open_file();
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100);
	CHECK_OK0("F_UNLCK 40-59 inside 0-99", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20));
	CHECK_SEEN("left piece", other_getlk(F_WRLCK, 0, 50), F_WRLCK, 0, 40);
	CHECK_SEEN("right piece", other_getlk(F_WRLCK, 45, 100), F_WRLCK, 60, 40);
	CHECK_SEEN("whole file: the lowest piece first", other_getlk(F_WRLCK, 0, 0), F_WRLCK, 0, 40);
	CHECK_EQ("the hole 40-59 is free", other_getlk(F_WRLCK, 40, 20).type, F_UNLCK);
	CHECK_EQ("another process locks the hole", other_setlk(F_WRLCK, 40, 20), 0);
	CHECK_EQ("but not 39-40", other_setlk(F_WRLCK, 39, 2), EAGAIN);
	CHECK_EQ("nor 59-60", other_setlk(F_WRLCK, 59, 2), EAGAIN);

	/* a read lock in the middle of a write lock splits it in three */
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 200, 100);
	CHECK_OK0("F_RDLCK 240-259 inside F_WRLCK 200-299", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 240, 20));
	CHECK_EQ("another reader shares 240-259", other_setlk(F_RDLCK, 240, 20), 0);
	CHECK_EQ("but not 239", other_setlk(F_RDLCK, 239, 1), EAGAIN);
	CHECK_SEEN("write part after it", other_getlk(F_RDLCK, 250, 100), F_WRLCK, 260, 40);
	CHECK_SEEN("the read part for a writer", other_getlk(F_WRLCK, 245, 5), F_RDLCK, 240, 20);

	/* unlocking the start and end of a lock trims it */
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 100, 100);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 50, 60);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 190, 50);
	CHECK_SEEN("trimmed at both ends: 110-189", other_getlk(F_WRLCK, 0, 0), F_WRLCK, 110, 80);
}

static void merge(void)
{
	fd = open_file();
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 20, 10);
	CHECK_SEEN("two locks: the first", other_getlk(F_WRLCK, 0, 15), F_WRLCK, 0, 10);
	CHECK_OK0("lock 10-19 between them", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10));
	CHECK_SEEN("merged into 0-29", other_getlk(F_WRLCK, 0, 0), F_WRLCK, 0, 30);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 25, 20);
	CHECK_SEEN("an overlapping lock extends it: 0-44", other_getlk(F_WRLCK, 5, 1), F_WRLCK, 0, 45);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 45, 5);
	CHECK_SEEN("an adjacent lock extends it: 0-49", other_getlk(F_WRLCK, 5, 1), F_WRLCK, 0, 50);
	lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 50, 10);
	CHECK_SEEN("a different type next to it does not merge", other_getlk(F_WRLCK, 5, 1), F_WRLCK, 0, 50);
	CHECK_OK0("unlock 5-14", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 5, 10));
	CHECK_SEEN("left 0-4", other_getlk(F_WRLCK, 0, 10), F_WRLCK, 0, 5);
	CHECK_SEEN("right 15-49", other_getlk(F_WRLCK, 10, 10), F_WRLCK, 15, 35);
	CHECK_OK0("F_WRLCK 0-0 (len 0: to EOF) swallows everything", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0));
	CHECK_SEEN("one lock 0-EOF", other_getlk(F_RDLCK, 1000, 1), F_WRLCK, 0, 0);
	CHECK_OK0("unlock all", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	CHECK_EQ("nothing left", other_getlk(F_WRLCK, 0, 0).type, F_UNLCK);
}

static void whence(void)
{
	fd = open_file();
	lseek(fd, 100, SEEK_SET);
	CHECK_OK0("SEEK_CUR -10, len 20 at offset 100", lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, -10, 20));
	CHECK_SEEN("SEEK_CUR: 90-109", other_getlk(F_WRLCK, 0, 0), F_WRLCK, 90, 20);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	CHECK_OK0("SEEK_END -100, len 0 (size 500)", lk(fd, F_SETLK, F_WRLCK, SEEK_END, -100, 0));
	CHECK_SEEN("SEEK_END: 400-EOF", other_getlk(F_WRLCK, 0, 0), F_WRLCK, 400, 0);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	CHECK_OK0("SEEK_END +10 len 5", lk(fd, F_SETLK, F_WRLCK, SEEK_END, 10, 5));
	CHECK_SEEN("beyond the end: 510-514", other_getlk(F_WRLCK, 0, 0), F_WRLCK, 510, 5);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	CHECK_OK0("start 50, len -10", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 50, -10));
	CHECK_SEEN("negative length: 40-49", other_getlk(F_WRLCK, 0, 0), F_WRLCK, 40, 10);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	CHECK_ERR("a start before 0 -> EINVAL", lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, -200, 10), EINVAL);
	CHECK_ERR("start 5 len -10 -> EINVAL", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, -10), EINVAL);
	CHECK_ERR("l_whence 7 -> EINVAL", lk(fd, F_SETLK, F_WRLCK, 7, 0, 10), EINVAL);
	lseek(fd, 30, SEEK_SET);
	CHECK_OK0("SEEK_CUR unlock", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100) | lk(fd, F_SETLK, F_UNLCK, SEEK_CUR, 0, 10));
	CHECK_SEEN("SEEK_CUR unlock of 30-39 leaves 0-29", other_getlk(F_WRLCK, 0, 35), F_WRLCK, 0, 30);
}

static void close_releases(void)
{
	fd = open_file();
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
	int other = open(path, O_RDONLY);
	CHECK_EQ("locked", other_setlk(F_WRLCK, 0, 10), EAGAIN);
	close(other);
	CHECK_EQ("closing ANOTHER descriptor of the file releases the lock", other_setlk(F_WRLCK, 0, 10), 0);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
	int d = dup(fd);
	close(d);
	CHECK_EQ("so does closing a dup", other_setlk(F_WRLCK, 0, 10), 0);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
	put_file(P("unrelated"), "x", 1);
	close(open(P("unrelated"), O_RDONLY));
	CHECK_EQ("closing another file does not", other_setlk(F_WRLCK, 0, 10), EAGAIN);
	d = dup(fd);
	dup2(d, 100);
	close(d);
	CHECK_EQ("dup2 over nothing + close of the source releases too", other_setlk(F_WRLCK, 0, 10), 0);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd);
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("a child closing its inherited fd does not release ours", other_setlk(F_WRLCK, 0, 10), EAGAIN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	wait_for(pid);
	CHECK_EQ("nor does a child's exit", other_setlk(F_WRLCK, 0, 10), EAGAIN);
}

static void exit_and_fork(void)
{
	fd = open_file();
	int a[2], b[2];
	char c;
	pipe(a);
	pipe(b);
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		lk(f, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
		write(a[1], "x", 1);
		read(b[0], &c, 1);
		_exit(0);
	}
	read(a[0], &c, 1);
	CHECK_ERR("a child's lock conflicts", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10), EAGAIN);
	write(b[1], "x", 1);
	wait_for(pid);
	CHECK_OK0("its exit released it", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	pid = fork();
	if (pid == 0) {
		int r = lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
		_exit(r == -1 && errno == EAGAIN ? 0 : 1);
	}
	CHECK_EXIT("locks are not inherited: the child conflicts with the parent", wait_for(pid), 0);
	int ready[2];
	pipe(ready);
	pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		lk(f, F_SETLK, F_WRLCK, SEEK_SET, 100, 10);
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	char r;
	read(ready[0], &r, 1);                        /* it has taken its lock */
	close(ready[0]);
	close(ready[1]);
	CHECK_EQ("a child holds 100-109", other_setlk(F_WRLCK, 100, 10), EAGAIN);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_EQ("released when it is killed", other_setlk(F_WRLCK, 100, 10), 0);
}

static void setlkw(void)
{
	fd = open_file();
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		int r = lk(f, F_SETLKW, F_WRLCK, SEEK_SET, 5, 10);
		_exit(r == 0 ? 0 : 1);
	}
	CHECK("F_SETLKW waits", still_running(pid, 200));
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 3);
	CHECK("unlocking a part that does not matter does not help", still_running(pid, 100));
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	CHECK_EXIT("F_SETLKW gets the lock after the unlock", wait_for(pid), 0);

	/* a reader waiting behind a writer; woken by close */
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0);
	pid = fork();
	if (pid == 0) {
		close(fd);
		int f = open(path, O_RDONLY);
		int r = lk(f, F_SETLKW, F_RDLCK, SEEK_SET, 0, 0);
		_exit(r == 0 ? 0 : 1);
	}
	CHECK("F_SETLKW F_RDLCK waits behind F_WRLCK", still_running(pid, 200));
	close(fd);
	CHECK_EXIT("the owner's close wakes it", wait_for(pid), 0);

	/* EINTR */
	fd = open(path, O_RDWR);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		errno = 0;
		int r = lk(f, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
		_exit(r == -1 && errno == EINTR ? 0 : 1);
	}
	msleep(100);
	CHECK_EXIT("a signal interrupts F_SETLKW -> EINTR", kick(pid, SIGUSR1), 0);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		int r = lk(f, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
		_exit(r == 0 ? 0 : 1);
	}
	msleep(100);
	kill(pid, SIGUSR1);
	CHECK("with SA_RESTART it goes back to waiting", still_running(pid, 200));
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	CHECK_EXIT("and gets the lock after the unlock", wait_for(pid), 0);
}

static void deadlock(void)
{
	fd = open_file();
	int a[2], b[2];
	char c;
	pipe(a);
	pipe(b);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);          /* we hold A */
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		lk(f, F_SETLK, F_WRLCK, SEEK_SET, 10, 10);  /* it holds B */
		write(a[1], "x", 1);
		int r = lk(f, F_SETLKW, F_WRLCK, SEEK_SET, 0, 10);   /* waits for A */
		_exit(r == 0 ? 0 : 1);
	}
	read(a[0], &c, 1);
	wait_sleeping(pid);                                  /* it is asleep now */
	CHECK("the child waits for our lock", still_running(pid, 0));
	CHECK_ERR("F_SETLKW on its lock would deadlock -> EDEADLK",
		  lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 10, 10), EDEADLK);
	CHECK_ERR("F_SETLK on it -> EAGAIN (no deadlock check)",
		  lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10), EAGAIN);
	CHECK_OK0("F_SETLKW on a free range is fine", lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 30, 10));
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 10);
	CHECK_EXIT("unlocking A lets the child go on", wait_for(pid), 0);
	(void)b;
}

static void errors(void)
{
	fd = open_file();
	int ro = open(path, O_RDONLY), wo = open(path, O_WRONLY);
	CHECK_ERR("F_WRLCK on an O_RDONLY fd -> EBADF", lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), EBADF);
	CHECK_ERR("F_SETLKW F_WRLCK on O_RDONLY -> EBADF", lk(ro, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1), EBADF);
	CHECK_ERR("F_RDLCK on an O_WRONLY fd -> EBADF", lk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1), EBADF);
	CHECK_OK0("F_RDLCK on O_RDONLY", lk(ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	CHECK_OK0("F_WRLCK on O_WRONLY", lk(wo, F_SETLK, F_WRLCK, SEEK_SET, 5, 1));
	CHECK_OK0("F_UNLCK on O_RDONLY", lk(ro, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	CHECK_OK0("F_GETLK F_WRLCK on O_RDONLY is allowed", fcntl(ro, F_GETLK, &fl));
	CHECK_ERR("l_type 9 -> EINVAL", lk(fd, F_SETLK, 9, SEEK_SET, 0, 1), EINVAL);
	CHECK_ERR("F_SETLK on a closed fd -> EBADF", lk(99, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), EBADF);
	CHECK_ERR("F_SETLK with a bad pointer -> EFAULT", fcntl(fd, F_SETLK, (void *)16), EFAULT);
	close(ro);
	close(wo);
}

/* The old 32-bit struct flock of i386 (F_GETLK 5, F_SETLK 6, F_SETLKW 7),
 * next to the flock64 commands musl uses. */
struct flock32 {
	short l_type, l_whence;
	int l_start, l_len, l_pid;
};

static void old_abi(void)
{
	fd = open_file();
	struct flock32 f = { F_WRLCK, SEEK_SET, 20, 10, 0 };
	CHECK_OK0("fcntl64(F_SETLK=6, struct flock)", syscall(SYS_fcntl64, fd, 6, &f));
	CHECK_SEEN("seen through flock64", other_getlk(F_WRLCK, 0, 0), F_WRLCK, 20, 10);
	pid_t pid = fork();
	if (pid == 0) {
		int g = open(path, O_RDWR);
		struct flock32 q = { F_RDLCK, SEEK_SET, 0, 0, 0 };
		if (syscall(SYS_fcntl64, g, 5, &q) != 0)
			_exit(1);
		_exit(q.l_type == F_WRLCK && q.l_start == 20 && q.l_len == 10 && q.l_pid == getppid() ? 0 : 2);
	}
	CHECK_EXIT("F_GETLK=5 reports it in struct flock", wait_for(pid), 0);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	CHECK_OK0("a lock at 3 GiB through flock64", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 3LL << 30, 10));
	pid = fork();
	if (pid == 0) {
		int g = open(path, O_RDWR);
		struct flock32 q = { F_RDLCK, SEEK_SET, 0, 0, 0 };
		errno = 0;
		long r = syscall(SYS_fcntl64, g, 5, &q);
		_exit(r == -1 && errno == EOVERFLOW ? 0 : 1);
	}
	CHECK_EXIT("F_GETLK=5 of it -> EOVERFLOW", wait_for(pid), 0);
}

static void lockfiles(void)
{
	const char *lock = P("LCK..ttyS0");
	int l = open(lock, O_WRONLY | O_CREAT | O_EXCL, 0444);
	CHECK_OK("O_CREAT|O_EXCL makes the lock file", l);
	close(l);
	CHECK_ERR("a second O_CREAT|O_EXCL -> EEXIST", open(lock, O_WRONLY | O_CREAT | O_EXCL, 0444), EEXIST);
	pid_t pid = fork();
	if (pid == 0) {
		int r = open(lock, O_RDONLY | O_CREAT | O_EXCL, 0444);
		_exit(r == -1 && errno == EEXIST ? 0 : 1);
	}
	CHECK_EXIT("another process gets EEXIST too", wait_for(pid), 0);
	CHECK_OK0("unlock: unlink", unlink(lock));
	l = open(lock, O_WRONLY | O_CREAT | O_EXCL, 0444);
	CHECK_OK("then it can be made again", l);
	close(l);
	unlink(lock);

	/* eight processes race for it: exactly one wins */
	int p[2];
	pipe(p);
	pid_t kids[8];
	for (int i = 0; i < 8; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			int f = open(lock, O_WRONLY | O_CREAT | O_EXCL, 0444);
			if (f >= 0)
				write(p[1], "w", 1);
			_exit(f >= 0 ? 0 : errno == EEXIST ? 1 : 2);
		}
	}
	int won = 0, lost = 0;
	for (int i = 0; i < 8; i++) {
		int st = wait_for(kids[i]);
		won += WIFEXITED(st) && WEXITSTATUS(st) == 0;
		lost += WIFEXITED(st) && WEXITSTATUS(st) == 1;
	}
	CHECK_EQ("one winner", won, 1);
	CHECK_EQ("seven EEXIST", lost, 7);
	CHECK_ERR("O_CREAT|O_EXCL through a symlink -> EEXIST",
		  (symlink(P("nowhere"), P("link")), open(P("link"), O_WRONLY | O_CREAT | O_EXCL, 0644)), EEXIST);
	CHECK_ERR("and the target was not made", access(P("nowhere"), F_OK), ENOENT);
}

int main(void)
{
	umask(022);
	tdir_setup("t_fcntl_lock");
	RUN(conflicts);
	RUN(getlk);
	RUN(split);
	RUN(merge);
	RUN(whence);
	RUN(close_releases);
	RUN(exit_and_fork);
	RUN(setlkw);
	RUN(deadlock);
	RUN(errors);
	RUN(old_abi);
	RUN(lockfiles);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
