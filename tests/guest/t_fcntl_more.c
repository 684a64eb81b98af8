/* t_fcntl_more - differential test of the rest of fcntl: pipe capacity
 * (F_GETPIPE_SZ/F_SETPIPE_SZ with Linux's rounding, limits and per-user
 * accounting, PIPE_BUF atomicity and FIONREAD at the new size), F_GETLK
 * leaving the caller's fields alone when nothing conflicts, open file
 * description locks (F_OFD_*), signal-driven I/O (O_ASYNC, F_SETOWN_EX,
 * F_SETSIG) on pipes and sockets, and lseek SEEK_DATA/SEEK_HOLE over the
 * holes of a sparse file. Waits are bounded with alarm(). */
#include "check.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/resource.h>

#define PG 4096

static int pipe_sz(int fd, long sz) { return fcntl(fd, F_SETPIPE_SZ, sz); }

static void pipe_size(void)
{
	int p[2];
	pipe(p);
	CHECK_EQ("default capacity 64 KiB", fcntl(p[0], F_GETPIPE_SZ), 16 * PG);
	CHECK_EQ("either end", fcntl(p[1], F_GETPIPE_SZ), 16 * PG);
	CHECK_EQ("5000 rounds up to 8192", pipe_sz(p[1], 5000), 2 * PG);
	CHECK_EQ("and F_GETPIPE_SZ says so", fcntl(p[0], F_GETPIPE_SZ), 2 * PG);
	CHECK_EQ("1 becomes one page", pipe_sz(p[0], 1), PG);
	CHECK_EQ("0 becomes one page", pipe_sz(p[0], 0), PG);
	CHECK_EQ("100000 rounds to a power of two: 131072", pipe_sz(p[0], 100000), 32 * PG);
	CHECK_EQ("pipe-max-size itself", pipe_sz(p[0], 1048576), 256 * PG);
	CHECK_ERR("past 2^31 -> EINVAL", pipe_sz(p[0], 0x80000001L), EINVAL);
	int fd = open(P("file"), O_RDWR | O_CREAT, 0644);
	CHECK_ERR("F_GETPIPE_SZ of a file -> EBADF", fcntl(fd, F_GETPIPE_SZ), EBADF);
	CHECK_ERR("F_SETPIPE_SZ of a file -> EBADF", pipe_sz(fd, PG), EBADF);
	mkfifo(P("fifo"), 0644);
	int ff = open(P("fifo"), O_RDWR);
	CHECK_EQ("a FIFO too", pipe_sz(ff, 3 * PG), 4 * PG);
	CHECK_EQ("a FIFO's F_GETPIPE_SZ", fcntl(ff, F_GETPIPE_SZ), 4 * PG);
}

static void pipe_busy(void)
{
	int p[2];
	char buf[3 * PG];
	memset(buf, 'x', sizeof buf);
	pipe(p);
	CHECK_EQ("three pages in", write(p[1], buf, 3 * PG), 3 * PG);
	CHECK_ERR("two pages cannot hold three buffers -> EBUSY", pipe_sz(p[1], 2 * PG), EBUSY);
	CHECK_EQ("still 64 KiB", fcntl(p[1], F_GETPIPE_SZ), 16 * PG);
	CHECK_EQ("four pages can", pipe_sz(p[1], 4 * PG), 4 * PG);
	int n = -1;
	ioctl(p[0], FIONREAD, &n);
	CHECK_EQ("FIONREAD after the resize", n, 3 * PG);
	CHECK_EQ("the data survives: read it all", read(p[0], buf, sizeof buf), 3 * PG);
	CHECK_EQ("all x", buf[0] == 'x' && buf[3 * PG - 1] == 'x', 1);
	/* a one-page pipe: what is atomic and what fits */
	CHECK_EQ("shrink to one page", pipe_sz(p[1], PG), PG);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	CHECK_EQ("PIPE_BUF bytes fit", write(p[1], buf, PG), PG);
	CHECK_ERR("then it is full", write(p[1], buf, 1), EAGAIN);
	ioctl(p[0], FIONREAD, &n);
	CHECK_EQ("FIONREAD one page", n, PG);
	read(p[0], buf, PG);
	CHECK_EQ("100 bytes", write(p[1], buf, 100), 100);
	CHECK_EQ("merge 200 more into the same buffer", write(p[1], buf, 200), 200);
	CHECK_ERR("a 4096-byte write is atomic: EAGAIN, nothing written", write(p[1], buf, PG), EAGAIN);
	ioctl(p[0], FIONREAD, &n);
	CHECK_EQ("FIONREAD 300", n, 300);
	CHECK_ERR("3796 more do not merge past the page: EAGAIN", write(p[1], buf, PG - 300 + 1), EAGAIN);
	CHECK_EQ("3796 do", write(p[1], buf, PG - 300), PG - 300);
	CHECK_ERR("a big write on a full pipe: EAGAIN", write(p[1], buf, 2 * PG), EAGAIN);
	read(p[0], buf, PG);
	CHECK_EQ("a big nonblocking write takes one page", write(p[1], buf, 2 * PG), PG);
}

/* Runs fn as uid 4242 in a child (an ordinary user with no pipes of its
 * own); returns its exit status. */
static int as_user(void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(100) || setuid(4242))
			_exit(99);
		fn();
		_exit(check_failed ? 1 : 0);
	}
	return wait_for(pid);
}

static void user_limits(void)
{
	int p[2], q[2];
	pipe(p);
	CHECK_ERR("past pipe-max-size -> EPERM", pipe_sz(p[0], 1048577), EPERM);
	CHECK_EQ("pipe-max-size itself", pipe_sz(p[0], 1048576), 256 * PG);
	CHECK_EQ("back down", pipe_sz(p[0], PG), PG);
	close(p[0]);
	close(p[1]);
	/* the soft limit (pipe-user-pages-soft 16384 pages): 64 pipes of 256 pages */
	int made = 0, err = 0;
	for (int i = 0; i < 64; i++) {
		if (pipe(p))
			break;
		if (pipe_sz(p[0], 1048576) < 0) {
			err = errno;
			break;
		}
		made++;
	}
	CHECK_EQ("64 pipes of 1 MiB reach the soft limit", made, 64);
	CHECK_EQ("no error before", err, 0);
	CHECK_OK0("past the soft limit pipe() still works", pipe(q));
	CHECK_EQ("but the new pipe has two pages", fcntl(q[0], F_GETPIPE_SZ), 2 * PG);
	CHECK_ERR("growing it -> EPERM", pipe_sz(q[0], 4 * PG), EPERM);
	CHECK_EQ("shrinking is always allowed", pipe_sz(q[0], PG), PG);
	CHECK_EQ("and the same size is fine", pipe_sz(q[0], PG), PG);
	close(p[0]);
	close(p[1]);
	CHECK_EQ("closing a big pipe gives its pages back: grow again", pipe_sz(q[0], 16 * PG), 16 * PG);
}

static void user_pipes(void)
{
	struct rlimit rl = { 512, 512 };
	setrlimit(RLIMIT_NOFILE, &rl);
	CHECK_EXIT("an ordinary user's limits", as_user(user_limits), 0);
}

/* F_GETLK that finds no conflict changes l_type only. */
static void getlk_fields(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0644);
	write(fd, "0123456789", 10);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = -3, .l_len = 2, .l_pid = 12345 };
	CHECK_OK0("F_GETLK with nothing held", fcntl(fd, F_GETLK, &fl));
	CHECK_EQ("l_type F_UNLCK", fl.l_type, F_UNLCK);
	CHECK_EQ("l_pid left as passed", fl.l_pid, 12345);
	CHECK_EQ("l_whence left as passed", fl.l_whence, SEEK_CUR);
	CHECK_EQ("l_start left as passed", fl.l_start, -3);
	CHECK_EQ("l_len left as passed", fl.l_len, 2);
	struct flock fo = { .l_type = F_RDLCK, .l_whence = SEEK_END, .l_start = 0, .l_len = 0, .l_pid = 0 };
	CHECK_OK0("F_OFD_GETLK with nothing held", fcntl(fd, F_OFD_GETLK, &fo));
	CHECK_EQ("F_OFD_GETLK: l_type F_UNLCK", fo.l_type, F_UNLCK);
	CHECK_EQ("F_OFD_GETLK: l_whence left", fo.l_whence, SEEK_END);
}

static int ofd(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

static void ofd_basics(void)
{
	int a = open(P("f"), O_RDWR | O_CREAT, 0644);
	int b = open(P("f"), O_RDWR);
	int r = open(P("f"), O_RDONLY);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 10, .l_pid = 1 };
	CHECK_ERR("F_OFD_SETLK with l_pid != 0 -> EINVAL", fcntl(a, F_OFD_SETLK, &fl), EINVAL);
	CHECK_ERR("F_OFD_GETLK with l_pid != 0 -> EINVAL", fcntl(a, F_OFD_GETLK, &fl), EINVAL);
	CHECK_ERR("F_OFD_SETLK F_WRLCK on a read-only open -> EBADF", ofd(r, F_OFD_SETLK, F_WRLCK, 0, 1), EBADF);
	CHECK_ERR("the old fcntl (55) has no OFD locks on i386 -> EINVAL",
		  syscall(SYS_fcntl, a, F_OFD_SETLK, &fl), EINVAL);
	CHECK_OK0("OFD write lock 0-9 on a", ofd(a, F_OFD_SETLK, F_WRLCK, 0, 10));
	CHECK_ERR("another open in the same process conflicts", ofd(b, F_OFD_SETLK, F_WRLCK, 5, 10), EAGAIN);
	CHECK_ERR("a POSIX lock of the same process conflicts", ofd(b, F_SETLK, F_RDLCK, 0, 1), EAGAIN);
	CHECK_OK0("past it is free", ofd(b, F_OFD_SETLK, F_RDLCK, 10, 10));
	struct flock g = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	CHECK_OK0("F_OFD_GETLK through b", fcntl(b, F_OFD_GETLK, &g));
	CHECK_EQ("reports the write lock", g.l_type, F_WRLCK);
	CHECK_EQ("its start", g.l_start, 0);
	CHECK_EQ("its length", g.l_len, 10);
	CHECK_EQ("l_pid -1 for an OFD lock", g.l_pid, -1);
	struct flock h = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	CHECK_OK0("F_GETLK (POSIX) sees it too", fcntl(b, F_GETLK, &h));
	CHECK_EQ("F_GETLK: l_pid -1", h.l_pid, -1);
	int d = dup(a);
	CHECK_OK0("a dup shares the owner: extend the lock", ofd(d, F_OFD_SETLK, F_WRLCK, 0, 5));
	close(d);
	close(b);
	CHECK_ERR("closing other descriptors keeps a's lock", ofd(r, F_OFD_SETLK, F_RDLCK, 0, 1), EAGAIN);
	pid_t pid = fork();
	if (pid == 0)
		_exit(ofd(a, F_OFD_SETLK, F_RDLCK, 0, 10) == 0 ? 0 : 1);
	CHECK_EXIT("a forked child shares the description: converts it", wait_for(pid), 0);
	CHECK_OK0("so now it is shared: a read lock through r", ofd(r, F_OFD_SETLK, F_RDLCK, 0, 1));
	CHECK_ERR("but no write lock past a's read lock (b)", (b = open(P("f"), O_RDWR), ofd(b, F_OFD_SETLK, F_WRLCK, 0, 1)), EAGAIN);
	close(a);
	close(r);
	CHECK_OK0("the last close of a and r released theirs", ofd(b, F_OFD_SETLK, F_WRLCK, 0, 0));
	CHECK_OK0("OFD unlock of a part", ofd(b, F_OFD_SETLK, F_UNLCK, 5, 5));
	a = open(P("f"), O_RDWR);
	CHECK_OK0("the part is free", ofd(a, F_OFD_SETLK, F_WRLCK, 5, 5));
	CHECK_ERR("and the rest is not", ofd(a, F_OFD_SETLK, F_WRLCK, 4, 1), EAGAIN);
}

static void on_alarm(int s) { (void)s; }

static void ofd_wait(void)
{
	int a = open(P("f"), O_RDWR | O_CREAT, 0644);
	int b = open(P("f"), O_RDWR);
	int p[2];
	pipe(p);
	CHECK_OK0("lock on a", ofd(a, F_OFD_SETLK, F_WRLCK, 0, 100));
	pid_t pid = fork();
	if (pid == 0) {
		close(a);
		write(p[1], "w", 1);
		alarm(5);
		int r = ofd(b, F_OFD_SETLKW, F_WRLCK, 50, 10);
		_exit(r == 0 ? 0 : 1);
	}
	char c;
	read(p[0], &c, 1);
	usleep(100000);
	CHECK_EQ("the child waits", waitpid(pid, NULL, WNOHANG), 0);
	CHECK_OK0("unlock 40-69", ofd(a, F_OFD_SETLK, F_UNLCK, 40, 30));
	CHECK_EXIT("F_OFD_SETLKW got its lock", wait_for(pid), 0);
	CHECK_ERR("the child's exit did not release b's lock (b is still open here)",
		  ofd(a, F_OFD_SETLK, F_WRLCK, 55, 1), EAGAIN);
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	CHECK_ERR("F_OFD_SETLKW interrupted -> EINTR", ofd(a, F_OFD_SETLKW, F_WRLCK, 50, 1), EINTR);
}

static volatile int sigio_count, last_fd, last_band, last_code, last_sig;

static void on_sigio(int s, siginfo_t *si, void *ctx)
{
	(void)ctx;
	sigio_count++;
	last_sig = s;
	last_fd = si->si_fd;
	last_band = (int)si->si_band;
	last_code = si->si_code;
}

static void catch(int sig)
{
	struct sigaction sa = { .sa_sigaction = on_sigio, .sa_flags = SA_SIGINFO };
	sigaction(sig, &sa, NULL);
}

static void owner(void)
{
	int p[2];
	pipe(p);
	struct f_owner_ex o = { 99, 99 };
	CHECK_OK0("F_GETOWN_EX of a new file", fcntl(p[0], F_GETOWN_EX, &o));
	CHECK_EQ("type F_OWNER_TID (0)", o.type, F_OWNER_TID);
	CHECK_EQ("pid 0", o.pid, 0);
	CHECK_EQ("F_GETOWN 0", fcntl(p[0], F_GETOWN), 0);
	CHECK_OK0("F_SETOWN me", fcntl(p[0], F_SETOWN, getpid()));
	CHECK_EQ("F_GETOWN is me", fcntl(p[0], F_GETOWN) == getpid(), 1);
	fcntl(p[0], F_GETOWN_EX, &o);
	CHECK_EQ("F_GETOWN_EX: F_OWNER_PID", o.type, F_OWNER_PID);
	CHECK_EQ("F_GETOWN_EX: my pid", o.pid == getpid(), 1);
	setpgid(0, 0);
	CHECK_OK0("F_SETOWN -pgrp", fcntl(p[0], F_SETOWN, -getpgrp()));
	CHECK_EQ("F_GETOWN -pgrp", fcntl(p[0], F_GETOWN) == -getpgrp(), 1);
	fcntl(p[0], F_GETOWN_EX, &o);
	CHECK_EQ("F_GETOWN_EX: F_OWNER_PGRP", o.type, F_OWNER_PGRP);
	CHECK_EQ("F_GETOWN_EX: the group, positive", o.pid == getpgrp(), 1);
	o.type = F_OWNER_TID;
	o.pid = getpid();
	CHECK_OK0("F_SETOWN_EX F_OWNER_TID", fcntl(p[0], F_SETOWN_EX, &o));
	CHECK_EQ("F_GETOWN of a thread owner", fcntl(p[0], F_GETOWN) == getpid(), 1);
	o.type = 7;
	CHECK_ERR("F_SETOWN_EX bad type -> EINVAL", fcntl(p[0], F_SETOWN_EX, &o), EINVAL);
	o.type = F_OWNER_PID;
	o.pid = 0x3ffffff0;
	CHECK_ERR("F_SETOWN_EX no such process -> ESRCH", fcntl(p[0], F_SETOWN_EX, &o), ESRCH);
	CHECK_ERR("F_SETOWN no such process -> ESRCH", fcntl(p[0], F_SETOWN, 0x3ffffff0), ESRCH);
	CHECK_ERR("F_SETOWN_EX bad pointer -> EFAULT", fcntl(p[0], F_SETOWN_EX, (void *)8), EFAULT);
	CHECK_EQ("F_GETSIG 0 by default", fcntl(p[0], F_GETSIG), 0);
	CHECK_OK0("F_SETSIG SIGRTMIN+2", fcntl(p[0], F_SETSIG, SIGRTMIN + 2));
	CHECK_EQ("F_GETSIG", fcntl(p[0], F_GETSIG), SIGRTMIN + 2);
	CHECK_ERR("F_SETSIG 65 -> EINVAL", fcntl(p[0], F_SETSIG, 65), EINVAL);
	CHECK_ERR("F_SETSIG -1 -> EINVAL", fcntl(p[0], F_SETSIG, -1), EINVAL);
	CHECK_OK0("F_SETFL O_ASYNC", fcntl(p[0], F_SETFL, O_ASYNC));
	CHECK_EQ("F_GETFL shows O_ASYNC", fcntl(p[0], F_GETFL) & O_ASYNC, O_ASYNC);
	CHECK_OK0("F_SETFL 0", fcntl(p[0], F_SETFL, 0));
	CHECK_EQ("and clears it", fcntl(p[0], F_GETFL) & O_ASYNC, 0);
}

static void async_pipe(void)
{
	int p[2];
	char buf[PG];
	pipe(p);
	catch(SIGIO);
	fcntl(p[0], F_SETOWN, getpid());
	write(p[1], "a", 1);
	CHECK_EQ("no O_ASYNC: no SIGIO", sigio_count, 0);
	fcntl(p[0], F_SETFL, O_ASYNC);
	write(p[1], "b", 1);
	CHECK_EQ("O_ASYNC: input raises SIGIO", sigio_count, 1);
	CHECK_EQ("the signal is SIGIO", last_sig, SIGIO);
	fcntl(p[0], F_SETFL, 0);
	write(p[1], "c", 1);
	CHECK_EQ("O_ASYNC off: none", sigio_count, 1);
	read(p[0], buf, sizeof buf);
	/* F_SETSIG: a queued real-time signal with si_fd and si_band */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fcntl(p[0], F_SETSIG, SIGRTMIN + 1);
	fcntl(p[0], F_SETFL, O_ASYNC);
	write(p[1], "d", 1);
	siginfo_t si;
	struct timespec ts = { 2, 0 };
	CHECK_EQ("F_SETSIG: that signal comes", sigtimedwait(&set, &si, &ts), SIGRTMIN + 1);
	CHECK_EQ("si_code POLL_IN", si.si_code, POLL_IN);
	CHECK_EQ("si_fd the read end", si.si_fd, p[0]);
	CHECK_EQ("si_band POLLIN|POLLRDNORM", si.si_band, POLLIN | POLLRDNORM);
	/* the write end: room after a full pipe */
	fcntl(p[1], F_SETPIPE_SZ, PG);
	read(p[0], buf, sizeof buf);
	fcntl(p[0], F_SETFL, 0);
	write(p[1], buf, PG);
	catch(SIGIO);
	sigio_count = 0;
	fcntl(p[1], F_SETOWN, getpid());
	fcntl(p[1], F_SETFL, O_ASYNC);
	read(p[0], buf, PG);
	CHECK_EQ("output possible: SIGIO to the write end's owner", sigio_count >= 1, 1);
}

static void async_child(void)
{
	int p[2], ready[2];
	pipe(p);
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		catch(SIGIO);
		close(p[1]);
		fcntl(p[0], F_SETOWN, getpid());
		fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK);
		write(ready[1], "r", 1);
		alarm(5);
		while (!sigio_count)
			pause();
		char c = 0;
		_exit(read(p[0], &c, 1) == 1 && c == 'z' && last_sig == SIGIO ? 0 : 1);
	}
	char r;
	read(ready[0], &r, 1);                   /* the child owns the read end, O_ASYNC set */
	close(ready[0]);
	close(ready[1]);
	write(p[1], "z", 1);
	CHECK_EXIT("the owner, another process, gets SIGIO", wait_for(pid), 0);
}

static void async_socket(void)
{
	int sv[2];
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	catch(SIGIO);
	CHECK_OK0("F_SETOWN on a socket", fcntl(sv[0], F_SETOWN, getpid()));
	CHECK_OK0("O_ASYNC on a socket", fcntl(sv[0], F_SETFL, O_ASYNC));
	write(sv[1], "x", 1);
	CHECK_EQ("data arrives: SIGIO", sigio_count >= 1, 1);
	int dg[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, dg);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 3);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fcntl(dg[0], F_SETOWN, getpid());
	fcntl(dg[0], F_SETSIG, SIGRTMIN + 3);
	fcntl(dg[0], F_SETFL, O_ASYNC);
	send(dg[1], "y", 1, 0);
	siginfo_t si;
	struct timespec ts = { 2, 0 };
	CHECK_EQ("a datagram: the F_SETSIG signal", sigtimedwait(&set, &si, &ts), SIGRTMIN + 3);
	CHECK_EQ("si_fd the socket", si.si_fd, dg[0]);
	CHECK_EQ("si_code POLL_IN", si.si_code, POLL_IN);
}

static void seek_holes(void)
{
	int fd = open(P("sparse"), O_RDWR | O_CREAT, 0644);
	CHECK_ERR("SEEK_DATA of an empty file -> ENXIO", lseek(fd, 0, SEEK_DATA), ENXIO);
	pwrite(fd, "0123456789", 10, 0);
	pwrite(fd, "0123456789", 10, 3 * PG + 5);
	CHECK_EQ("SEEK_DATA 0", lseek(fd, 0, SEEK_DATA), 0);
	CHECK_EQ("SEEK_HOLE 0: the first hole at page 1", lseek(fd, 0, SEEK_HOLE), PG);
	CHECK_EQ("SEEK_HOLE 5000 is 5000", lseek(fd, 5000, SEEK_HOLE), 5000);
	CHECK_EQ("SEEK_DATA 5000: page 3", lseek(fd, 5000, SEEK_DATA), 3 * PG);
	CHECK_EQ("the position moved", lseek(fd, 0, SEEK_CUR), 3 * PG);
	CHECK_EQ("SEEK_DATA inside data", lseek(fd, 3 * PG + 7, SEEK_DATA), 3 * PG + 7);
	CHECK_EQ("SEEK_HOLE in the last page: the end", lseek(fd, 3 * PG, SEEK_HOLE), 3 * PG + 15);
	CHECK_ERR("SEEK_DATA at the end -> ENXIO", lseek(fd, 3 * PG + 15, SEEK_DATA), ENXIO);
	CHECK_ERR("SEEK_HOLE at the end -> ENXIO", lseek(fd, 3 * PG + 15, SEEK_HOLE), ENXIO);
	CHECK_ERR("SEEK_DATA negative -> ENXIO", lseek(fd, -1, SEEK_DATA), ENXIO);
	ftruncate(fd, 10 * PG);
	CHECK_EQ("grown by ftruncate: the hole starts after page 3", lseek(fd, 3 * PG + 20, SEEK_HOLE), 4 * PG);
	CHECK_ERR("no data after it -> ENXIO", lseek(fd, 4 * PG, SEEK_DATA), ENXIO);
	CHECK_EQ("SEEK_HOLE in the tail hole", lseek(fd, 6 * PG + 1, SEEK_HOLE), 6 * PG + 1);
	pwrite(fd, "x", 1, 9 * PG);
	CHECK_EQ("data in the last page", lseek(fd, 4 * PG, SEEK_DATA), 9 * PG);
	CHECK_EQ("and the hole at its end", lseek(fd, 9 * PG, SEEK_HOLE), 10 * PG);
	ftruncate(fd, PG / 2);
	CHECK_EQ("shrunk: SEEK_HOLE is the new end", lseek(fd, 0, SEEK_HOLE), PG / 2);
}

int main(void)
{
	umask(022);
	signal(SIGPIPE, SIG_IGN);
	tdir_setup("t_fcntl_more");
	RUN(pipe_size);
	RUN(pipe_busy);
	RUN(user_pipes);
	RUN(getlk_fields);
	RUN(ofd_basics);
	RUN(ofd_wait);
	RUN(owner);
	RUN(async_pipe);
	RUN(async_child);
	RUN(async_socket);
	RUN(seek_holes);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
