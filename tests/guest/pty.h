/* pty.h - what the pseudo-terminal tests (t_pty, t_pty_job) share:
 * opening a pair, reading what arrives within a time limit (Linux moves
 * a pty's bytes to the other side in a worker, a moment after the write;
 * Pipit at once), the modes, and bytes made printable for messages. */
#ifndef PTY_H
#define PTY_H
#include <poll.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

/* A new master (O_RDWR | O_NOCTTY, unlocked) in *m and its slave, opened
 * with sflags (O_RDWR and more), in *s; the slave's path in name (32
 * bytes) when name is not NULL. 0, or -1 with errno. */
__attribute__((unused))
static int pty_pair(int *m, int *s, int sflags, char *name)
{
	char path[32];
	*m = posix_openpt(O_RDWR | O_NOCTTY);
	if (*m < 0)
		return -1;
	if (grantpt(*m) < 0 || unlockpt(*m) < 0 || ptsname_r(*m, path, sizeof path) != 0)
		return -1;
	if (name)
		strcpy(name, path);
	*s = open(path, sflags);
	return *s < 0 ? -1 : 0;
}

/* POLLIN (or what else is asked) on fd within ms milliseconds: the
 * revents, 0 when nothing came. */
__attribute__((unused))
static int poll_for(int fd, short events, int ms)
{
	struct pollfd p = { fd, events, 0 };
	int r = poll(&p, 1, ms);
	return r > 0 ? p.revents : r;
}

/* Reads up to n bytes from fd, as many reads as it takes, until n have
 * come or none came for ms milliseconds: the count, or -1 with errno when
 * the first read failed. */
__attribute__((unused))
static ssize_t read_within(int fd, void *buf, size_t n, int ms)
{
	size_t got = 0;
	while (got < n) {
		if (!(poll_for(fd, POLLIN, ms) & (POLLIN | POLLHUP | POLLERR)))
			break;
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			continue;
		if (r <= 0) {
			if (got == 0)
				return r;
			break;
		}
		got += r;
	}
	return got;
}

/* Bytes as a C string literal would show them ("a\r\n^C"), for
 * messages; a ring of four static buffers. */
__attribute__((unused))
static const char *shown(const void *data, ssize_t n)
{
	static char bufs[4][512];
	static unsigned next;
	char *b = bufs[next++ % 4], *p = b;
	const unsigned char *d = data;
	if (n < 0)
		return strcpy(b, "(error)");
	for (ssize_t i = 0; i < n && p < b + sizeof bufs[0] - 8; i++) {
		unsigned c = d[i];
		if (c == '\n')
			p += sprintf(p, "\\n");
		else if (c == '\r')
			p += sprintf(p, "\\r");
		else if (c == '\b')
			p += sprintf(p, "\\b");
		else if (c < 32 || c >= 127)
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = (char)c;
	}
	*p = 0;
	return b;
}

/* What comes out of fd within ms (up to cap bytes) must be exactly exp. */
#define CHECK_READ(name, fd, exp, ms) do { \
	char rb_[512]; \
	size_t el_ = sizeof(exp) - 1; \
	ssize_t rn_ = read_within((fd), rb_, el_ ? el_ : 1, (ms)); \
	if (el_ == 0 && rn_ <= 0) rn_ = 0; \
	if (rn_ == (ssize_t)el_ && !memcmp(rb_, (exp), el_)) pass(name); \
	else fail(name, "got \"%s\" (%zd), expected \"%s\"", shown(rb_, rn_), rn_, shown((exp), el_)); \
} while (0)

/* Sets the terminal on fd raw (cfmakeraw) with VMIN min and VTIME time. */
__attribute__((unused))
static int set_raw(int fd, int min, int time)
{
	struct termios t;
	if (tcgetattr(fd, &t) < 0)
		return -1;
	cfmakeraw(&t);
	t.c_cc[VMIN] = min;
	t.c_cc[VTIME] = time;
	return tcsetattr(fd, TCSANOW, &t);
}

/* Changes the local modes of fd: on are set, off cleared. */
__attribute__((unused))
static int set_lflag(int fd, tcflag_t on, tcflag_t off)
{
	struct termios t;
	if (tcgetattr(fd, &t) < 0)
		return -1;
	t.c_lflag = (t.c_lflag | on) & ~off;
	return tcsetattr(fd, TCSANOW, &t);
}

__attribute__((unused))
static void set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

/* Field 7 of /proc/self/stat: tty_nr, 0 without a terminal. */
__attribute__((unused))
static long stat_tty_nr(void)
{
	char buf[512];
	if (get_file("/proc/self/stat", buf, sizeof buf) < 0)
		return -1;
	char *p = strrchr(buf, ')');
	long f[5];
	if (!p || sscanf(p + 2, "%*c %ld %ld %ld %ld", &f[0], &f[1], &f[2], &f[3]) != 4)
		return -2;
	return f[3];
}

/* The controlling terminal's session seen through TIOCGSID on fd, or
 * -errno. */
__attribute__((unused))
static int tty_sid(int fd)
{
	pid_t sid;
	return ioctl(fd, TIOCGSID, &sid) < 0 ? -errno : sid;
}

#endif
