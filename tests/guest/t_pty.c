/* t_pty - pseudo-terminals, as APUE ch. 19 uses them: /dev/ptmx and
 * /dev/pts (posix_openpt, grantpt, unlockpt, ptsname, TIOCGPTPEER), the
 * lock, bytes both ways through the line discipline in raw and canonical
 * mode (editing, echo, ^D), the modes and the window size seen from
 * either end, flushing, poll/select/epoll on both ends, O_NONBLOCK, VMIN
 * and VTIME, the end of either side (EIO, EOF and the hung-up slave),
 * packet mode, and the ioctls on the wrong end. Run on the host too;
 * pty numbers differ, so only their form is printed. Sessions, the
 * controlling terminal and signals are t_pty_job's. */
#include "check.h"
#include "pty.h"
#include "run_prog.h"
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/statfs.h>
#include <pty.h>

#define DEVPTS_SUPER_MAGIC 0x1cd1

static void open_unlock(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK_OK("posix_openpt", m);
	CHECK_EQ("the master is a terminal", isatty(m), 1);
	struct stat st;
	CHECK_OK0("fstat of the master", fstat(m, &st));
	CHECK("the master is char 5,2", S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 2);
	int lck = -1, one = 1;
	CHECK_OK0("TIOCGPTLCK", ioctl(m, TIOCGPTLCK, &lck));
	CHECK_EQ("a new pty is locked", lck, 1);
	CHECK_OK0("grantpt", grantpt(m));
	char name[64] = "", buf[64], tail;
	const char *p = ptsname(m);
	if (p)
		snprintf(name, sizeof name, "%s", p);
	int n = -1;
	CHECK("ptsname matches /dev/pts/%d", sscanf(name, "/dev/pts/%d%c", &n, &tail) == 1 && n >= 0);
	unsigned ptn = ~0u;
	CHECK_OK0("TIOCGPTN", ioctl(m, TIOCGPTN, &ptn));
	CHECK_EQ("TIOCGPTN is ptsname's number", ptn, n);
	CHECK_EQ("ptsname_r", ptsname_r(m, buf, sizeof buf), 0);
	CHECK_STR("ptsname_r says the same", buf, name);
	CHECK_EQ("ptsname_r into 5 bytes: ERANGE", ptsname_r(m, buf, 5), ERANGE);
	CHECK_ERR("the locked slave does not open", open(name, O_RDWR | O_NOCTTY), EIO);
	CHECK_ERR("TIOCGPTPEER while locked", ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY), EIO);
	CHECK_OK0("unlockpt", unlockpt(m));
	CHECK_OK0("TIOCGPTLCK again", ioctl(m, TIOCGPTLCK, &lck));
	CHECK_EQ("... it is unlocked", lck, 0);
	int s = open(name, O_RDWR | O_NOCTTY);
	CHECK_OK("the slave opens", s);
	CHECK_EQ("the slave is a terminal", isatty(s), 1);
	const char *tn = ttyname(s);
	CHECK_STR("ttyname(slave) is ptsname(master)", tn ? tn : "", name);
	struct stat ss, fs;
	CHECK_OK0("stat of the slave", stat(name, &ss));
	CHECK("the slave is char 136,N", S_ISCHR(ss.st_mode) && major(ss.st_rdev) == 136 &&
	      minor(ss.st_rdev) == (unsigned)n);
	CHECK_EQ("the slave belongs to the opener", ss.st_uid, getuid());
	CHECK("read and write for its owner, no reading by others",
	      (ss.st_mode & 0600) == 0600 && !(ss.st_mode & 0044) && !(ss.st_mode & 0111));
	CHECK_OK0("fstat of the slave", fstat(s, &fs));
	CHECK("fstat and stat agree", fs.st_dev == ss.st_dev && fs.st_ino == ss.st_ino &&
	      fs.st_rdev == ss.st_rdev);
	CHECK("the slave is on another filesystem than the master", ss.st_dev != st.st_dev);
	int s2 = open(name, O_RDWR | O_NOCTTY);
	CHECK_OK("a second open of the slave", s2);
	CHECK_OK0("TIOCSPTLCK 1 locks it again", ioctl(m, TIOCSPTLCK, &one));
	CHECK_ERR("... the slave does not open then", open(name, O_RDWR | O_NOCTTY), EIO);
	char b[8];
	write(m, "x\n", 2);
	msleep(100);
	CHECK_ERR("... and the failed open left the slave reading EIO", read(s2, b, sizeof b), EIO);
	CHECK_ERR("... and writing EIO", write(s2, "y", 1), EIO);
	struct termios t;
	CHECK_OK0("... its modes can still be read", tcgetattr(s2, &t));
	int zero = 0;
	ioctl(m, TIOCSPTLCK, &zero);
	CHECK_ERR("... also once unlocked", read(s2, b, sizeof b), EIO);
	int s3 = open(name, O_RDWR | O_NOCTTY);
	CHECK_OK("a good open", s3);
	CHECK_READ("... ends it: the line is there", s2, "x\n", 2000);
}

/* /dev/pts: a directory of its own filesystem with ptmx and the live
 * ptys; a slave's name goes when its master closes. */
static void devpts_dir(void)
{
	int m, s;
	char name[32];
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, name));
	struct stat st;
	CHECK("/dev/pts is a directory", stat("/dev/pts", &st) == 0 && S_ISDIR(st.st_mode));
	struct statfs sf;
	CHECK_OK0("statfs /dev/pts", statfs("/dev/pts", &sf));
	CHECK_EQ("... it is devpts", sf.f_type, DEVPTS_SUPER_MAGIC);
	CHECK("/dev/pts/ptmx is char 5,2", stat("/dev/pts/ptmx", &st) == 0 && S_ISCHR(st.st_mode) &&
	      major(st.st_rdev) == 5 && minor(st.st_rdev) == 2);
	DIR *d = opendir("/dev/pts");
	int dots = 0, ptmx = 0, mine = 0, other = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[300];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			dots++;
		else if (!strcmp(e->d_name, "ptmx"))
			ptmx += e->d_type == DT_CHR;
		else if (snprintf(path, sizeof path, "/dev/pts/%s", e->d_name) && !strcmp(path, name))
			mine += e->d_type == DT_CHR;
		else
			other += stat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 136;
	}
	if (d)
		closedir(d);
	CHECK_EQ("readdir: . and ..", dots, 2);
	CHECK_EQ("readdir: ptmx", ptmx, 1);
	CHECK_EQ("readdir: this pty", mine, 1);
	CHECK("readdir: the others are ptys", other >= 0);
	int m2 = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY);
	CHECK_OK("/dev/pts/ptmx opens a master", m2);
	unsigned n2;
	CHECK_OK0("... with a number", ioctl(m2, TIOCGPTN, &n2));
	CHECK_ERR("mkdir in /dev/pts", mkdir("/dev/pts/d", 0755), EPERM);
	CHECK_ERR("creating a file in /dev/pts", open("/dev/pts/f", O_CREAT | O_RDWR, 0644), EACCES);
	CHECK_ERR("mknod in /dev/pts", mknod("/dev/pts/n", S_IFCHR | 0600, makedev(1, 3)), EPERM);
	CHECK_ERR("unlink of a slave", unlink(name), EPERM);
	close(m);
	CHECK_ERR("the master closed: the slave's name is gone", stat(name, &st), ENOENT);
	CHECK_OK0("... its open slave still stats", fstat(s, &st));
	close(s);
	close(m2);
}

/* Raw mode: bytes pass unchanged both ways, also more than fit in the
 * buffers, with a writer that waits for room. */
static void raw_both_ways(void)
{
	int m, s;
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL));
	CHECK_OK0("cfmakeraw on the slave", set_raw(s, 1, 0));
	CHECK_EQ("master write", write(m, "hello\r\n\x03\x7f", 9), 9);
	CHECK_READ("the slave reads it unchanged", s, "hello\r\n\x03\x7f", 2000);
	CHECK_EQ("nothing is echoed", poll_for(m, POLLIN, 100), 0);
	CHECK_EQ("slave write", write(s, "a\nb", 3), 3);
	CHECK_READ("the master reads it unchanged", m, "a\nb", 2000);
	for (int dir = 0; dir < 2; dir++) {
		int w = dir ? s : m, r = dir ? m : s;
		enum { N = 50000 };
		pid_t pid = fork();
		if (pid == 0) {
			static char out[N];
			for (int i = 0; i < N; i++)
				out[i] = (char)(i * 7 + i / 251);
			_exit(write(w, out, N) == N ? 0 : 1);
		}
		static char in[N];
		ssize_t got = read_within(r, in, N, 3000);
		int same = got == N;
		for (int i = 0; same && i < N; i++)
			same = in[i] == (char)(i * 7 + i / 251);
		CHECK(dir ? "50000 bytes slave to master" : "50000 bytes master to slave", same);
		CHECK_EXIT("the writer wrote them in one call", wait_for(pid), 0);
	}
}

/* Canonical mode (a new slave's modes): lines, editing and its echo,
 * ^D, ICRNL, ONLCR on the way out. */
static void canonical(void)
{
	int m, s;
	char b[64];
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL));
	write(m, "abc\n", 4);
	CHECK_EQ("the slave reads one line", read(s, b, sizeof b), 4);
	CHECK_READ("the master reads the echo", m, "abc\r\n", 2000);
	write(m, "l1\nl2\n", 6);
	CHECK_EQ("two lines: the first", read(s, b, sizeof b), 3);
	CHECK_EQ("... then the second", read(s, b, sizeof b), 3);
	CHECK_READ("... echoed", m, "l1\r\nl2\r\n", 2000);
	write(m, "abcd\n", 5);
	CHECK_EQ("a line read two bytes at a time", read(s, b, 2), 2);
	CHECK_EQ("... the rest of it", read(s, b, sizeof b), 3);
	read_within(m, b, sizeof b, 200);
	write(m, "ab\x7f" "c\n", 5);
	CHECK_READ("erase", s, "ac\n", 2000);
	CHECK_READ("erase's echo", m, "ab\b \bc\r\n", 2000);
	write(m, "xyz\x15q\n", 6);
	CHECK_READ("kill", s, "q\n", 2000);
	CHECK_READ("kill's echo", m, "xyz\b \b\b \b\b \bq\r\n", 2000);
	write(m, "one two\x17x\n", 10);
	CHECK_READ("word erase", s, "one x\n", 2000);
	CHECK_READ("word erase's echo", m, "one two\b \b\b \b\b \bx\r\n", 2000);
	write(m, "\x01\n", 2);
	CHECK_READ("a control character", s, "\x01\n", 2000);
	CHECK_READ("... echoed as ^A", m, "^A\r\n", 2000);
	write(m, "r\r", 2);
	CHECK_READ("ICRNL: CR arrives as NL", s, "r\n", 2000);
	CHECK_READ("... echoed as CR NL", m, "r\r\n", 2000);
	write(m, "\x04", 1);
	CHECK_EQ("^D on an empty line: end of file", read(s, b, sizeof b), 0);
	write(m, "hi\x04", 3);
	CHECK_EQ("^D after text: the text, without a newline", read(s, b, sizeof b), 2);
	set_nonblock(s, 1);
	CHECK_ERR("... and the ^D is used up", read(s, b, sizeof b), EAGAIN);
	set_nonblock(s, 0);
	CHECK_READ("^D is not echoed", m, "hi", 2000);
	CHECK_EQ("slave write", write(s, "out\n", 4), 4);
	CHECK_READ("ONLCR: the master reads CR NL", m, "out\r\n", 2000);
	CHECK_OK0("echo off", set_lflag(s, 0, ECHO));
	write(m, "quiet\n", 6);
	CHECK_READ("... the line arrives", s, "quiet\n", 2000);
	CHECK_EQ("... without echo", poll_for(m, POLLIN, 100), 0);
	CHECK_OK0("ECHONL", set_lflag(s, ECHONL, 0));
	write(m, "nl\n", 3);
	CHECK_READ("... the line arrives", s, "nl\n", 2000);
	CHECK_READ("... only its newline is echoed", m, "\r\n", 2000);
	struct termios t;
	tcgetattr(s, &t);
	t.c_oflag &= ~ONLCR;
	tcsetattr(s, TCSANOW, &t);
	write(s, "x\n", 2);
	CHECK_READ("ONLCR off: NL stays NL", m, "x\n", 2000);
}

/* FIONREAD (TIOCINQ) and TIOCOUTQ on both ends. */
static void queue_sizes(void)
{
	int m, s, k = -1;
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL));
	write(m, "par", 3);
	msleep(100);
	CHECK_OK0("FIONREAD on the slave", ioctl(s, FIONREAD, &k));
	CHECK_EQ("... a partial line is not counted", k, 0);
	write(m, "t\n", 2);
	poll_for(s, POLLIN, 2000);
	ioctl(s, FIONREAD, &k);
	CHECK_EQ("... the whole line is", k, 5);
	write(m, "\x04", 1);
	msleep(100);
	ioctl(s, FIONREAD, &k);
	CHECK_EQ("... an end-of-file mark is not", k, 5);
	read_within(m, (char[64]){0}, 64, 200);
	write(s, "12345", 5);
	poll_for(m, POLLIN, 2000);
	msleep(50);
	CHECK_OK0("FIONREAD on the master", ioctl(m, FIONREAD, &k));
	CHECK_EQ("... the slave's output", k, 5);
	CHECK_OK0("TIOCOUTQ on the slave", ioctl(s, TIOCOUTQ, &k));
	CHECK_EQ("... nothing waits", k, 0);
	CHECK_OK0("TIOCOUTQ on the master", ioctl(m, TIOCOUTQ, &k));
	CHECK_EQ("... nothing waits there either", k, 0);
}

/* The modes: a new slave's, the same through the master, changed through
 * it; the master keeps CS8 and CREAD; the window size. */
static void modes(void)
{
	int m, s;
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL));
	struct termios t, tm;
	CHECK_OK0("tcgetattr on the slave", tcgetattr(s, &t));
	CHECK_EQ("c_iflag: ICRNL IXON", t.c_iflag, ICRNL | IXON);
	CHECK_EQ("c_oflag: OPOST ONLCR", t.c_oflag, OPOST | ONLCR);
	CHECK_EQ("c_cflag: B38400 CS8 CREAD", t.c_cflag, B38400 | CS8 | CREAD);
	CHECK_EQ("c_lflag", t.c_lflag, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN);
	static const unsigned char cc[] = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21,
		[VEOF] = 4, [VTIME] = 0, [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26,
		[VEOL] = 0, [VREPRINT] = 18, [VDISCARD] = 15, [VWERASE] = 23, [VLNEXT] = 22, [VEOL2] = 0 };
	int same = 1;
	for (unsigned i = 0; i < sizeof cc; i++)
		same &= t.c_cc[i] == cc[i];
	CHECK("c_cc: Linux's INIT_C_CC", same);
	CHECK_EQ("38400 baud", cfgetospeed(&t), B38400);
	CHECK_OK0("tcgetattr on the master", tcgetattr(m, &tm));
	CHECK("... the slave's modes", t.c_iflag == tm.c_iflag && t.c_oflag == tm.c_oflag &&
	      t.c_cflag == tm.c_cflag && t.c_lflag == tm.c_lflag && t.c_line == tm.c_line &&
	      !memcmp(t.c_cc, tm.c_cc, 19));
	tm.c_lflag &= ~ECHO;
	CHECK_OK0("tcsetattr on the master", tcsetattr(m, TCSANOW, &tm));
	tcgetattr(s, &t);
	CHECK_EQ("... sets the slave's", t.c_lflag & ECHO, 0);
	t.c_cflag = (t.c_cflag & ~CSIZE) | CS7 | PARENB;
	tcsetattr(s, TCSANOW, &t);
	tcgetattr(s, &t);
	CHECK_EQ("CS7 PARENB: a pty keeps CS8 without parity", t.c_cflag & (CSIZE | PARENB), CS8);
	t.c_cflag &= ~CREAD;
	tcsetattr(s, TCSANOW, &t);
	tcgetattr(s, &t);
	CHECK_EQ("... and CREAD", t.c_cflag & CREAD, CREAD);
	struct winsize ws = { 1, 1, 1, 1 };
	CHECK_OK0("TIOCGWINSZ on the slave", ioctl(s, TIOCGWINSZ, &ws));
	CHECK("a new pty's window is 0x0", !ws.ws_row && !ws.ws_col && !ws.ws_xpixel && !ws.ws_ypixel);
	struct winsize w2 = { 24, 80, 640, 480 };
	CHECK_OK0("TIOCSWINSZ on the master", ioctl(m, TIOCSWINSZ, &w2));
	ioctl(s, TIOCGWINSZ, &ws);
	CHECK("... the slave sees all four fields", ws.ws_row == 24 && ws.ws_col == 80 &&
	      ws.ws_xpixel == 640 && ws.ws_ypixel == 480);
	w2.ws_row = 50;
	CHECK_OK0("TIOCSWINSZ on the slave", ioctl(s, TIOCSWINSZ, &w2));
	ioctl(m, TIOCGWINSZ, &ws);
	CHECK_EQ("... the master sees it", ws.ws_row, 50);
}

/* Switching modes with input waiting, and the flushes. */
static void mode_switches(void)
{
	int m, s;
	char b[64];
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL));
	set_lflag(s, 0, ECHO);
	write(m, "abc", 3);
	msleep(100);
	set_nonblock(s, 1);
	CHECK_ERR("a partial line is not readable", read(s, b, sizeof b), EAGAIN);
	CHECK_OK0("ICANON off", set_lflag(s, 0, ICANON));
	CHECK_EQ("... the partial line is", read(s, b, sizeof b), 3);
	write(m, "de", 2);
	msleep(100);
	CHECK_OK0("ICANON on", set_lflag(s, ICANON, 0));
	write(m, "f\n", 2);
	poll_for(s, POLLIN, 2000);
	CHECK_EQ("... the raw bytes waiting become a line of their own", read(s, b, sizeof b), 2);
	CHECK_EQ("... then the next line", read(s, b, sizeof b), 2);
	write(m, "flushed\n", 8);
	poll_for(s, POLLIN, 2000);
	CHECK_OK0("tcflush TCIFLUSH on the slave", tcflush(s, TCIFLUSH));
	CHECK_ERR("... its input is gone", read(s, b, sizeof b), EAGAIN);
	write(m, "gone\n", 5);
	poll_for(s, POLLIN, 2000);
	struct termios t;
	tcgetattr(s, &t);
	CHECK_OK0("TCSAFLUSH", tcsetattr(s, TCSAFLUSH, &t));
	CHECK_ERR("... drops the input too", read(s, b, sizeof b), EAGAIN);
	write(s, "xyz", 3);
	poll_for(m, POLLIN, 2000);
	msleep(50);
	CHECK_OK0("tcflush TCIFLUSH on the master", tcflush(m, TCIFLUSH));
	set_nonblock(m, 1);
	CHECK_ERR("... the slave's output is gone", read(m, b, sizeof b), EAGAIN);
	CHECK_ERR("tcflush 7: EINVAL", tcflush(s, 7), EINVAL);
	CHECK_OK0("tcflush TCOFLUSH", tcflush(s, TCOFLUSH));
	CHECK_OK0("tcdrain", tcdrain(s));
}

/* poll, select and epoll: the master is writable and readable when the
 * slave wrote; the slave is readable at a whole line, or at VMIN bytes. */
static void readiness(void)
{
	int m, s;
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL));
	CHECK_EQ("master: writable", poll_for(m, POLLIN | POLLOUT, 0), POLLOUT);
	CHECK_EQ("slave: writable", poll_for(s, POLLIN | POLLOUT, 0), POLLOUT);
	set_lflag(s, 0, ECHO);
	write(m, "ab", 2);
	CHECK_EQ("a partial line: the slave is not readable", poll_for(s, POLLIN, 100), 0);
	int e = epoll_create1(0);
	struct epoll_event ev = { EPOLLIN | EPOLLET, { .u32 = 7 } }, out[2];
	epoll_ctl(e, EPOLL_CTL_ADD, s, &ev);
	CHECK_EQ("epoll: nothing yet", epoll_wait(e, out, 2, 0), 0);
	write(m, "\n", 1);
	CHECK_EQ("the line done: poll says readable", poll_for(s, POLLIN, 2000), POLLIN);
	CHECK_EQ("... so does epoll", epoll_wait(e, out, 2, 2000), 1);
	CHECK("... with its data", out[0].data.u32 == 7 && out[0].events == EPOLLIN);
	write(s, "z", 1);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(m, &r);
	FD_SET(m, &w);
	struct timeval tv = { 2, 0 };
	CHECK_EQ("select: the master is readable and writable", select(m + 1, &r, &w, NULL, &tv), 2);
	char b[8];
	read(s, b, sizeof b);
	read_within(m, b, sizeof b, 100);
	set_raw(s, 3, 0);
	write(m, "12", 2);
	CHECK_EQ("raw, VMIN 3: two bytes are not readable", poll_for(s, POLLIN, 100), 0);
	write(m, "3", 1);
	CHECK_EQ("... three are", poll_for(s, POLLIN, 2000), POLLIN);
	read(s, b, sizeof b);
	set_raw(s, 3, 1);
	write(m, "1", 1);
	CHECK_EQ("raw, VMIN 3 VTIME 1: one byte is readable", poll_for(s, POLLIN, 2000), POLLIN);
}

/* O_NONBLOCK, and raw reads as VMIN and VTIME say. */
static void nonblock_vmin(void)
{
	int m, s;
	char b[64];
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY | O_NONBLOCK, NULL));
	CHECK_ERR("canonical, nothing typed: EAGAIN", read(s, b, sizeof b), EAGAIN);
	set_nonblock(m, 1);
	CHECK_ERR("the master, nothing written: EAGAIN", read(m, b, sizeof b), EAGAIN);
	set_raw(s, 5, 0);
	write(m, "12", 2);
	poll_for(s, POLLIN, 100);
	msleep(50);
	CHECK_EQ("raw VMIN 5, O_NONBLOCK: the 2 bytes there", read(s, b, sizeof b), 2);
	CHECK_ERR("raw VMIN 5, O_NONBLOCK, none: EAGAIN", read(s, b, sizeof b), EAGAIN);
	set_raw(s, 0, 0);
	CHECK_EQ("raw VMIN 0 VTIME 0, O_NONBLOCK, none: 0", read(s, b, sizeof b), 0);
	set_nonblock(s, 0);
	CHECK_EQ("... blocking: 0 too", read(s, b, sizeof b), 0);
	set_raw(s, 0, 2);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ("raw VMIN 0 VTIME 2, none: 0", read(s, b, sizeof b), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK("... after about 0.2 s", ms >= 150 && ms < 2000);
	write(m, "q", 1);
	CHECK_EQ("raw VMIN 0 VTIME 2, a byte: it", read(s, b, sizeof b), 1);
	set_raw(s, 3, 0);
	pid_t pid = fork();
	if (pid == 0) {
		write(m, "a", 1);
		msleep(150);
		write(m, "bc", 2);
		_exit(0);
	}
	CHECK_EQ("raw VMIN 3: waits for all 3", read(s, b, sizeof b), 3);
	wait_for(pid);
	set_raw(s, 5, 2);
	pid = fork();
	if (pid == 0) {
		msleep(100);
		write(m, "ab", 2);
		_exit(0);
	}
	CHECK_EQ("raw VMIN 5 VTIME 2: the 2 bytes before the gap", read(s, b, sizeof b), 2);
	wait_for(pid);
}

/* TIOCGPTPEER and openpty: the slave without its name. */
static void peer(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), p[2];
	unlockpt(m);
	int s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK_OK("TIOCGPTPEER", s);
	CHECK_EQ("... O_CLOEXEC", fcntl(s, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("... O_RDWR", fcntl(s, F_GETFL) & O_ACCMODE, O_RDWR);
	char name[64] = "";
	ptsname_r(m, name, sizeof name);
	const char *tn = ttyname(s);
	CHECK_STR("ttyname of the peer is ptsname", tn ? tn : "", name);
	struct stat a, b;
	stat(name, &a);
	fstat(s, &b);
	CHECK("... the same inode", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	write(m, "p\n", 2);
	CHECK_READ("data through it", s, "p\n", 2000);
	int r = ioctl(m, TIOCGPTPEER, O_RDONLY | O_NOCTTY);
	CHECK_OK("TIOCGPTPEER O_RDONLY", r);
	CHECK_ERR("... cannot write", write(r, "x", 1), EBADF);
	CHECK_ERR("TIOCGPTPEER on the slave: EIO", ioctl(s, TIOCGPTPEER, O_RDWR), EIO);
	pipe(p);
	CHECK_ERR("TIOCGPTPEER on a pipe: ENOTTY", ioctl(p[0], TIOCGPTPEER, O_RDWR), ENOTTY);
	int om, os;
	char oname[64];
	CHECK_OK0("openpty", openpty(&om, &os, oname, NULL, NULL));
	ptsname_r(om, name, sizeof name);
	CHECK_STR("... its name is the master's ptsname", oname, name);
	write(os, "o", 1);
	CHECK_READ("... data through it", om, "o", 2000);
	struct winsize ws = { 10, 20, 0, 0 }, got;
	int am, as;
	CHECK_OK0("openpty with a window size", openpty(&am, &as, NULL, NULL, &ws));
	ioctl(am, TIOCGWINSZ, &got);
	CHECK("... the master sees it", got.ws_row == 10 && got.ws_col == 20);
}

/* The ioctls on the wrong end, and what a pty is not. */
static void wrong_end(void)
{
	int m, s, p[2], x = 0, null = open("/dev/null", O_RDWR);
	pipe(p);
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL));
	unsigned n;
	CHECK_ERR("TIOCGPTN on the slave", ioctl(s, TIOCGPTN, &n), ENOTTY);
	CHECK_ERR("TIOCSPTLCK on the slave", ioctl(s, TIOCSPTLCK, &x), ENOTTY);
	CHECK_ERR("TIOCGPTLCK on the slave", ioctl(s, TIOCGPTLCK, &x), ENOTTY);
	CHECK_ERR("TIOCPKT on the slave", ioctl(s, TIOCPKT, &x), ENOTTY);
	CHECK_ERR("TIOCGPKT on the slave", ioctl(s, TIOCGPKT, &x), ENOTTY);
	CHECK_ERR("TIOCSIG on the slave", ioctl(s, TIOCSIG, SIGINT), ENOTTY);
	CHECK_ERR("TIOCGPTN on a pipe", ioctl(p[0], TIOCGPTN, &n), ENOTTY);
	CHECK_ERR("TIOCSPTLCK on /dev/null", ioctl(null, TIOCSPTLCK, &x), ENOTTY);
	errno = 0;
	CHECK("ptsname(slave) fails with ENOTTY", ptsname(s) == NULL && errno == ENOTTY);
	errno = 0;
	CHECK("ptsname(pipe) fails with ENOTTY", ptsname(p[0]) == NULL && errno == ENOTTY);
	CHECK("unlockpt(pipe) fails", unlockpt(p[0]) < 0);
	CHECK_ERR("TIOCSIG 0 on the master", ioctl(m, TIOCSIG, 0), EINVAL);
	CHECK_ERR("TIOCSIG SIGKILL on the master", ioctl(m, TIOCSIG, SIGKILL), EINVAL);
	CHECK_OK0("TIOCSIG SIGINT without a foreground group", ioctl(m, TIOCSIG, SIGINT));
	CHECK_ERR("TIOCCONS on the master", ioctl(m, TIOCCONS), EINVAL);
	CHECK_ERR("TIOCNOTTY on the master", ioctl(m, TIOCNOTTY), ENOTTY);
	CHECK_ERR("TIOCGSID on the master, no session", ioctl(m, TIOCGSID, &x), ENOTTY);
	x = -1;
	CHECK_OK0("TIOCGPGRP on the master", ioctl(m, TIOCGPGRP, &x));
	CHECK_EQ("... no foreground group: 0", x, 0);
	CHECK_ERR("TIOCGPGRP on a slave that is not ours", ioctl(s, TIOCGPGRP, &x), ENOTTY);
	CHECK_ERR("TIOCGSID on a slave that is not ours", ioctl(s, TIOCGSID, &x), ENOTTY);
	CHECK_ERR("an unknown ioctl on the master", ioctl(m, _IO('T', 0x7f)), ENOTTY);
	CHECK_ERR("an unknown ioctl on the slave", ioctl(s, _IO('T', 0x7f)), ENOTTY);
	CHECK_ERR("lseek on the master", lseek(m, 0, SEEK_SET), ESPIPE);
	CHECK_ERR("lseek on the slave", lseek(s, 0, SEEK_CUR), ESPIPE);
	char b[4];
	CHECK_ERR("pread on the slave", pread(s, b, 1, 0), ESPIPE);
	CHECK_EQ("read of 0 bytes on the master", read(m, b, 0), 0);
}

/* The master closes: the slave is hung up (reads see end of file, writes
 * and ioctls EIO, poll all of it), a reader asleep then gets EIO, and
 * its name is gone. */
static void master_closes(void)
{
	int m, s;
	char name[32], b[16];
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, name));
	write(m, "pending\n", 8);
	poll_for(s, POLLIN, 2000);
	close(m);
	CHECK_EQ("slave read after the master closed: end of file", read(s, b, sizeof b), 0);
	CHECK_EQ("... the input waiting is gone, again 0", read(s, b, sizeof b), 0);
	CHECK_ERR("slave write: EIO", write(s, "x", 1), EIO);
	struct termios t;
	CHECK_ERR("tcgetattr: EIO", tcgetattr(s, &t), EIO);
	pid_t pg = getpgrp();
	CHECK_ERR("TIOCSPGRP: ENOTTY", ioctl(s, TIOCSPGRP, &pg), ENOTTY);
	CHECK_EQ("poll: everything", poll_for(s, POLLIN | POLLOUT | POLLPRI, 0),
		 POLLIN | POLLOUT | POLLERR | POLLHUP);
	CHECK_ERR("the name is gone", open(name, O_RDWR | O_NOCTTY), ENOENT);
	CHECK_OK0("close", close(s));
	CHECK_OK0("another pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, name));
	pid_t pid = fork();
	if (pid == 0) {
		close(m);
		errno = 0;
		ssize_t r = read(s, b, sizeof b);
		_exit(r == -1 && errno == EIO ? 0 : r < 0 ? 2 : 3);
	}
	wait_sleeping(pid);
	close(m);
	CHECK_EXIT("a slave reader asleep gets EIO", wait_for(pid), 0);
}

/* The slave closes: the master reads what is left, then EIO; it polls
 * POLLHUP; writes still go in; a new open of the slave ends the EIO. */
static void slave_closes(void)
{
	int m, s;
	char name[32], b[16];
	m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
	unlockpt(m);
	ptsname_r(m, name, sizeof name);
	CHECK_ERR("master read before the slave opened: EAGAIN", read(m, b, sizeof b), EAGAIN);
	CHECK_EQ("... poll: writable only", poll_for(m, POLLIN | POLLOUT, 0), POLLOUT);
	s = open(name, O_RDWR | O_NOCTTY);
	write(s, "bye\n", 4);
	close(s);
	poll_for(m, POLLIN, 2000);
	msleep(50);
	CHECK_READ("the master reads what the slave wrote", m, "bye\r\n", 2000);
	CHECK_ERR("... then EIO", read(m, b, sizeof b), EIO);
	CHECK_EQ("poll: POLLHUP", poll_for(m, POLLIN | POLLOUT, 0), POLLOUT | POLLHUP);
	CHECK_EQ("a master write still goes in", write(m, "w", 1), 1);
	msleep(100);
	CHECK_READ("... and is echoed", m, "w", 2000);
	s = open(name, O_RDWR | O_NOCTTY);
	CHECK_OK("the slave opens again", s);
	CHECK_ERR("... the master reads EAGAIN again", read(m, b, sizeof b), EAGAIN);
	set_nonblock(s, 1);
	CHECK_ERR("... the new slave: the old partial line is not readable", read(s, b, sizeof b), EAGAIN);
	set_nonblock(m, 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(s);
		errno = 0;
		ssize_t r = read(m, b, sizeof b);
		_exit(r == -1 && errno == EIO ? 0 : r < 0 ? 2 : 3);
	}
	wait_sleeping(pid);
	close(s);
	CHECK_EXIT("a master reader asleep gets EIO", wait_for(pid), 0);
}

/* TIOCPKT: the master reads a status byte before data, or a status
 * alone when the slave flushed or changed its flow control. */
static void packet_mode(void)
{
	int m, s, one = 1, zero = 0, k = -1;
	unsigned char b[16];
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL));
	CHECK_OK0("TIOCPKT 1", ioctl(m, TIOCPKT, &one));
	CHECK_OK0("TIOCGPKT", ioctl(m, TIOCGPKT, &k));
	CHECK_EQ("... packet mode is on", k, 1);
	write(s, "hi", 2);
	CHECK_READ("data comes after TIOCPKT_DATA", m, "\0hi", 2000);
	tcflush(s, TCIFLUSH);
	CHECK_EQ("the slave flushes its input: POLLPRI", poll_for(m, POLLIN | POLLPRI, 2000), POLLIN | POLLPRI);
	CHECK_EQ("... one byte", read(m, b, sizeof b), 1);
	CHECK_EQ("... TIOCPKT_FLUSHREAD", b[0], TIOCPKT_FLUSHREAD);
	tcflush(s, TCOFLUSH);
	CHECK_EQ("the slave flushes its output: one byte", read_within(m, b, sizeof b, 2000), 1);
	CHECK_EQ("... TIOCPKT_FLUSHWRITE", b[0], TIOCPKT_FLUSHWRITE);
	struct termios t;
	tcgetattr(s, &t);
	t.c_iflag &= ~IXON;
	tcsetattr(s, TCSANOW, &t);
	CHECK_EQ("IXON off: one byte", read_within(m, b, sizeof b, 2000), 1);
	CHECK_EQ("... TIOCPKT_NOSTOP", b[0], TIOCPKT_NOSTOP);
	t.c_iflag |= IXON;
	tcsetattr(s, TCSANOW, &t);
	CHECK_EQ("IXON on: one byte", read_within(m, b, sizeof b, 2000), 1);
	CHECK_EQ("... TIOCPKT_DOSTOP", b[0], TIOCPKT_DOSTOP);
	CHECK_OK0("TIOCPKT 0", ioctl(m, TIOCPKT, &zero));
	write(s, "x", 1);
	CHECK_READ("... data alone again", m, "x", 2000);
}

/* The tty program names the terminal on its standard input. */
static void tty_program(void)
{
	int m, s, o[2];
	char name[32], out[64] = "";
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, name));
	find_bindir();
	char path[4300];
	snprintf(path, sizeof path, "%s/tty", bindir);
	pipe(o);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(s, 0);
		dup2(o[1], 1);
		execl(path, "tty", (char *)NULL);
		_exit(127);
	}
	close(o[1]);
	read_full(o[0], out, sizeof out - 1);
	CHECK_EXIT("tty in a pty: status 0", wait_for(pid), 0);
	strcat(name, "\n");
	CHECK_STR("... it prints the slave's name", out, name);
	static struct result r;
	char *argv[] = { "tty", NULL }, *quiet[] = { "tty", "-s", NULL };
	run(0, argv, &r);
	CHECK("tty on /dev/null: \"not a tty\", status 1", r.status == 1 && !strcmp(r.out, "not a tty\n"));
	run(0, quiet, &r);
	CHECK("tty -s: nothing, status 1", r.status == 1 && !r.out[0] && !r.err[0]);
}

int main(void)
{
	RUN(open_unlock);
	RUN(devpts_dir);
	RUN(raw_both_ways);
	RUN(canonical);
	RUN(queue_sizes);
	RUN(modes);
	RUN(mode_switches);
	RUN(readiness);
	RUN(nonblock_vmin);
	RUN(peer);
	RUN(wrong_end);
	RUN(master_closes);
	RUN(slave_closes);
	RUN(packet_mode);
	RUN(tty_program);
	return cases_failed ? 1 : 0;
}
