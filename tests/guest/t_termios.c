/* t_termios - the older and newer layouts of a terminal's modes, on a
 * pty, differential: termio (TCGETA, TCSETA, TCSETAW, TCSETAF: 16-bit
 * flags over the modes kept, 8 control characters), termios2 (TCGETS2,
 * TCSETS2...: the rates in numbers, BOTHER), the rates that the Bnnn
 * codes of TCSETS name (CBAUD, CIBAUD), the flushing variants, EFAULT;
 * and TIOCSTI (a byte pushed as input: root, or the caller's own
 * controlling terminal, else EPERM). The structures are the kernel's
 * (asm/termbits.h), declared here to stay clear of the C library's. */
#include "check.h"
#include "pty.h"
#include <sys/ioctl.h>

struct k_termios {
	unsigned c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line, c_cc[19];
};
struct k_termios2 {
	unsigned c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line, c_cc[19];
	unsigned c_ispeed, c_ospeed;
};
struct k_termio {
	unsigned short c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line, c_cc[8];
};

#define K_TCGETS 0x5401
#define K_TCSETS 0x5402
#define K_TCGETA 0x5405
#define K_TCSETA 0x5406
#define K_TCSETAW 0x5407
#define K_TCSETAF 0x5408
#define K_TCGETS2 _IOR('T', 0x2A, struct k_termios2)
#define K_TCSETS2 _IOW('T', 0x2B, struct k_termios2)
#define K_TCSETSW2 _IOW('T', 0x2C, struct k_termios2)
#define K_TCSETSF2 _IOW('T', 0x2D, struct k_termios2)
#define K_TIOCSTI 0x5412
#define K_CBAUD 0x100f
#define K_CBAUDEX 0x1000
#define K_BOTHER 0x1000
#define K_CIBAUD 0x100f0000
#define K_IBSHIFT 16
#define K_B9600 0xd
#define K_B38400 0xf
#define K_B57600 0x1001
#define K_B4000000 0x100f
#define K_CRTSCTS 0x80000000u
#define K_EXTPROC 0x10000

static void show_rates(const char *what, int fd)
{
	struct k_termios2 t;
	memset(&t, 0, sizeof t);
	int r = ioctl(fd, K_TCGETS2, &t);
	say("%s: %s cbaud %#x cibaud %#x ispeed %u ospeed %u\n", what, r ? errname(errno) : "ok",
	    t.c_cflag & K_CBAUD, (t.c_cflag & K_CIBAUD) >> K_IBSHIFT, t.c_ispeed, t.c_ospeed);
}

/* TCSETS2 of fd's modes with cflag's rate bits and the rates given. */
static int set2(int fd, unsigned long cmd, unsigned codes, unsigned ispeed, unsigned ospeed)
{
	struct k_termios2 t;
	if (ioctl(fd, K_TCGETS2, &t))
		return -1;
	t.c_cflag = (t.c_cflag & ~(K_CBAUD | K_CIBAUD)) | codes;
	t.c_ispeed = ispeed;
	t.c_ospeed = ospeed;
	return ioctl(fd, cmd, &t);
}

/* TCSETS (the old layout) with cflag's rate bits. */
static int set1(int fd, unsigned codes)
{
	struct k_termios t;
	if (ioctl(fd, K_TCGETS, &t))
		return -1;
	t.c_cflag = (t.c_cflag & ~(K_CBAUD | K_CIBAUD)) | codes;
	return ioctl(fd, K_TCSETS, &t);
}

static void rates(void)
{
	int m, s;
	if (pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL))
		return;
	show_rates("a new slave", s);
	show_rates("its master (the slave's modes)", m);
	CHECK_OK0("TCSETS2 BOTHER 12345", set2(s, K_TCSETS2, K_BOTHER, 0, 12345));
	show_rates("BOTHER, no input code", s);
	CHECK_OK0("TCSETS2 BOTHER both ways", set2(s, K_TCSETS2, K_BOTHER | (K_BOTHER << K_IBSHIFT), 777, 12345));
	show_rates("BOTHER both ways", s);
	CHECK_OK0("TCSETS with BOTHER keeps the rate", set1(s, K_BOTHER));
	show_rates("after TCSETS", s);
	CHECK_OK0("TCSETS B9600", set1(s, K_B9600));
	show_rates("B9600", s);
	CHECK_OK0("TCSETS B57600, input B9600", set1(s, K_B57600 | (K_B9600 << K_IBSHIFT)));
	show_rates("B57600 in B9600", s);
	CHECK_OK0("TCSETSW2 B4000000 (the rate numbers ignored)", set2(s, K_TCSETSW2, K_B4000000, 1, 2));
	show_rates("B4000000", s);
	CHECK_OK0("TCSETS2 through the master", set2(m, K_TCSETS2, K_B38400, 0, 0));
	show_rates("set through the master", s);
	CHECK_ERR("TCGETS2 to a bad pointer: EFAULT", ioctl(s, K_TCGETS2, (void *)1), EFAULT);
	CHECK_ERR("TCSETS2 from a bad pointer: EFAULT", ioctl(s, K_TCSETS2, (void *)1), EFAULT);
	int fd = open("/dev/null", O_RDWR);
	struct k_termios2 t;
	CHECK_ERR("TCGETS2 on /dev/null: ENOTTY", ioctl(fd, K_TCGETS2, &t), ENOTTY);
	close(fd);
	close(s);
	close(m);
}

static void termio(void)
{
	int m, s;
	if (pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL))
		return;
	struct k_termio o;
	struct k_termios t;
	memset(&o, 0xaa, sizeof o);
	CHECK_OK0("TCGETA", ioctl(s, K_TCGETA, &o));
	say("termio: iflag %#x oflag %#x cflag %#x lflag %#x line %d cc %d %d %d %d %d %d %d %d\n", o.c_iflag,
	    o.c_oflag, o.c_cflag, o.c_lflag, o.c_line, o.c_cc[0], o.c_cc[1], o.c_cc[2], o.c_cc[3], o.c_cc[4],
	    o.c_cc[5], o.c_cc[6], o.c_cc[7]);
	CHECK_OK0("TCGETS", ioctl(s, K_TCGETS, &t));
	t.c_cflag |= K_CRTSCTS;
	t.c_lflag |= K_EXTPROC;
	t.c_cc[10] = 1;                     /* VSUSP, past termio's 8 */
	CHECK_OK0("TCSETS with high flag bits", ioctl(s, K_TCSETS, &t));
	CHECK_OK0("TCGETA", ioctl(s, K_TCGETA, &o));
	say("termio's cflag %#x lflag %#x\n", o.c_cflag, o.c_lflag);
	o.c_lflag = 0;                      /* raw, no echo */
	o.c_cc[0] = 5;                      /* VINTR */
	CHECK_OK0("TCSETA", ioctl(s, K_TCSETA, &o));
	CHECK_OK0("TCGETS", ioctl(s, K_TCGETS, &t));
	say("after TCSETA: cflag %#x lflag %#x intr %d susp %d\n", t.c_cflag, t.c_lflag, t.c_cc[0], t.c_cc[10]);
	show_rates("rates after TCSETA", s);
	CHECK_EQ("bytes from the master", write(m, "abc", 3), 3);
	char buf[8];
	poll_for(s, POLLIN, 2000);
	CHECK_OK0("TCSETAW keeps the input", ioctl(s, K_TCSETAW, &o));
	CHECK_EQ("still three to read", read_within(s, buf, 3, 2000), 3);
	CHECK_EQ("bytes from the master again", write(m, "def", 3), 3);
	poll_for(s, POLLIN, 2000);
	CHECK_OK0("TCSETAF flushes them", ioctl(s, K_TCSETAF, &o));
	CHECK_EQ("nothing to read", read_within(s, buf, 3, 300), 0);
	CHECK_EQ("and again", write(m, "ghi", 3), 3);
	poll_for(s, POLLIN, 2000);
	struct k_termios2 t2;
	ioctl(s, K_TCGETS2, &t2);
	CHECK_OK0("TCSETSF2 flushes too", ioctl(s, K_TCSETSF2, &t2));
	CHECK_EQ("nothing to read", read_within(s, buf, 3, 300), 0);
	CHECK_ERR("TCGETA to a bad pointer: EFAULT", ioctl(s, K_TCGETA, (void *)1), EFAULT);
	CHECK_ERR("TCSETA from a bad pointer: EFAULT", ioctl(s, K_TCSETA, (void *)1), EFAULT);
	close(s);
	close(m);
}

/* The slave in raw mode, without echo. */
static void raw_slave(int s)
{
	struct k_termios t;
	ioctl(s, K_TCGETS, &t);
	t.c_lflag = 0;
	t.c_iflag = 0;
	t.c_oflag = 0;
	ioctl(s, K_TCSETS, &t);
}

static void tiocsti(void)
{
	int m, s;
	if (pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL))
		return;
	raw_slave(s);
	char c = 'x', buf[8] = "";
	CHECK_OK0("TIOCSTI on the slave (root)", ioctl(s, K_TIOCSTI, &c));
	CHECK_EQ("the slave reads it", read_within(s, buf, 1, 2000), 1);
	CHECK_EQ("x", buf[0], 'x');
	c = 'y';
	CHECK_OK0("TIOCSTI on the master (root)", ioctl(m, K_TIOCSTI, &c));
	CHECK_EQ("the master reads it", read_within(m, buf, 1, 2000), 1);
	CHECK_EQ("y", buf[0], 'y');
	CHECK_ERR("TIOCSTI from a bad pointer: EFAULT", ioctl(s, K_TIOCSTI, (void *)1), EFAULT);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		if (setsid() < 0 || ioctl(s, TIOCSCTTY, 0) < 0 || setgid(1000) || setuid(1000))
			_exit(9);
		char d = 'z';
		CHECK_OK0("a user's own controlling terminal", ioctl(s, K_TIOCSTI, &d));
		CHECK_ERR("a user on the master: EPERM", ioctl(m, K_TIOCSTI, &d), EPERM);
		CHECK_ERR("EPERM before EFAULT", ioctl(m, K_TIOCSTI, (void *)1), EPERM);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EQ("the user's child", wait_for(pid), 0);
	CHECK_EQ("the slave reads z", read_within(s, buf, 1, 2000), 1);
	CHECK_EQ("z", buf[0], 'z');
	close(s);
	close(m);
}

int main(void)
{
	RUN(rates);
	RUN(termio);
	RUN(tiocsti);
	return cases_failed ? 1 : 0;
}
