/* t_ctty_guest - the console as a controlling terminal (issue 13): when a
 * session leader exits, its terminal is released (the foreground group
 * gets SIGHUP, the session's processes lose the terminal, the terminal
 * keeps no session), so the next session leader acquires it by open or
 * TIOCSCTTY, as init's respawned shell must. Guest-only: the host runs
 * the tests without a terminal (t_ctty checks what both can do).
 * Each session is made in a grandchild, which is no group leader. */
#include "check.h"
#include <sys/ioctl.h>
#include <termios.h>

#define TTY "/dev/ttyS0"

static volatile sig_atomic_t got_hup, got_cont;
static void on_hup(int s) { (void)s; got_hup++; }
static void on_cont(int s) { (void)s; got_cont++; }

/* The controlling terminal's session seen through TIOCGSID on fd, or
 * -errno. */
static int tty_sid(int fd)
{
	pid_t sid;
	return ioctl(fd, TIOCGSID, &sid) < 0 ? -errno : sid;
}

/* Field 7 of /proc/self/stat: tty_nr, 0 without a terminal. */
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

/* Acquires the console by opening it and exits, leaving it behind. */
static void acquire_and_exit(void)
{
	int fd = open(TTY, O_RDWR);
	CHECK_OK("the first session leader opens the console", fd);
	CHECK_EQ("... and it is its controlling terminal", tty_sid(fd), getpid());
}

static void acquire_by_open(void)
{
	int fd = open(TTY, O_RDWR);
	CHECK_OK("the next session leader opens the console", fd);
	CHECK_EQ("TIOCGSID: the console is its controlling terminal", tty_sid(fd), getpid());
	int t = open("/dev/tty", O_RDWR);
	CHECK_OK("open /dev/tty works", t);
	CHECK_EQ("write to /dev/tty", write(t, "", 0), 0);
	CHECK_EQ("/proc/self/stat tty_nr is ttyS0", stat_tty_nr(), (4 << 8) | 64);
	pid_t pg = -1;
	CHECK_OK0("TIOCGPGRP", ioctl(fd, TIOCGPGRP, &pg));
	CHECK_EQ("the foreground group is the leader's", pg, getpid());
}

/* A session leader that exits leaves the console free for the next. */
static void reacquire_open(void)
{
	in_session(acquire_and_exit);
	in_session(acquire_by_open);
}

static void acquire_by_ioctl(void)
{
	int fd = open(TTY, O_RDWR | O_NOCTTY);
	CHECK_ERR("O_NOCTTY: /dev/tty is still ENXIO", open("/dev/tty", O_RDONLY), ENXIO);
	CHECK_OK0("TIOCSCTTY 0 on a terminal without a session", ioctl(fd, TIOCSCTTY, 0));
	CHECK_EQ("TIOCGSID after TIOCSCTTY", tty_sid(fd), getpid());
	CHECK_OK0("TIOCSCTTY again on its own terminal", ioctl(fd, TIOCSCTTY, 0));
}

/* init's way: setsid, open, TIOCSCTTY, after the last leader exited. */
static void reacquire_ioctl(void)
{
	in_session(acquire_and_exit);
	in_session(acquire_by_ioctl);
}

static int ready[2], verdict[2];

/* A member of the session: catches SIGHUP and SIGCONT, says it is ready,
 * waits until its leader is gone (it is init's child then), checks what
 * it was left with and sends its number of failed checks to the test. */
static void member(int own_group)
{
	signal(SIGHUP, on_hup);
	signal(SIGCONT, on_cont);
	if (own_group)
		setpgid(0, 0);
	pid_t leader = getppid();
	close(ready[0]);
	close(ready[1]);                           /* the leader's read returns */
	while (getppid() == leader)
		msleep(10);
	msleep(20);
	const char *who = own_group ? "background member" : "foreground member";
	char name[128];
	snprintf(name, sizeof name, "%s: SIGHUP %s", who, own_group ? "not sent" : "received");
	CHECK_EQ(name, got_hup, own_group ? 0 : 1);
	snprintf(name, sizeof name, "%s: open /dev/tty is ENXIO", who);
	CHECK_ERR(name, open("/dev/tty", O_RDONLY), ENXIO);
	snprintf(name, sizeof name, "%s: tty_nr is 0", who);
	CHECK_EQ(name, stat_tty_nr(), 0);
	int fd = open(TTY, O_RDWR | O_NOCTTY);
	snprintf(name, sizeof name, "%s: TIOCGSID is ENOTTY", who);
	CHECK_EQ(name, tty_sid(fd), -ENOTTY);
	char n = (char)check_failed;
	write(verdict[1], &n, 1);
}

/* The leader: acquires the console, starts a member, exits. */
static void leader_with_member(int own_group)
{
	int fd = open(TTY, O_RDWR);
	CHECK_EQ("the leader has the console", tty_sid(fd), getpid());
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		member(own_group);
		_exit(0);
	}
	close(ready[1]);
	char c;
	read(ready[0], &c, 1);
}

static void leader_fg(void) { leader_with_member(0); }
static void leader_bg(void) { leader_with_member(1); }

/* Runs a leader with one member; the member's verdict comes back on a
 * pipe, as init reaps it. */
static void with_member(void (*leader)(void))
{
	pipe(verdict);
	in_session(leader);
	close(verdict[1]);
	char n = 1;
	if (read(verdict[0], &n, 1) != 1 || n)
		check_failed++;
	close(verdict[0]);
}

/* When its leader exits, the session loses the console: the foreground
 * group gets SIGHUP, every member loses the terminal, the console is
 * free for a new session. */
static void members_lose_tty(void)
{
	with_member(leader_fg);
	with_member(leader_bg);
	in_session(acquire_by_open);
}

/* A child of a session leader, in its foreground group: after the
 * leader gave up the console it got SIGHUP and SIGCONT; it makes a
 * session of its own and acquires the console that no session holds. */
static void after_notty(int go)
{
	char c;
	read(go, &c, 1);                           /* EOF: TIOCNOTTY is done */
	msleep(20);
	CHECK_EQ("TIOCNOTTY: the foreground group got SIGHUP", got_hup, 1);
	CHECK_EQ("TIOCNOTTY: ... and SIGCONT", got_cont, 1);
	CHECK_ERR("TIOCNOTTY: the member lost the terminal", open("/dev/tty", O_RDONLY), ENXIO);
	CHECK_OK("a member makes a new session", setsid());
	int fd = open(TTY, O_RDWR);
	CHECK_EQ("... and acquires the released console", tty_sid(fd), getpid());
}

static void leader_notty(void)
{
	int fd = open(TTY, O_RDWR), go[2];
	signal(SIGHUP, SIG_IGN);
	signal(SIGCONT, SIG_IGN);
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		signal(SIGHUP, on_hup);
		signal(SIGCONT, on_cont);
		close(go[1]);
		after_notty(go[0]);
		_exit(check_failed ? 1 : 0);
	}
	close(go[0]);
	msleep(50);                                /* the member has its handlers */
	CHECK_ERR("TIOCNOTTY on a non-terminal", ioctl(open("/dev/null", O_RDONLY), TIOCNOTTY), ENOTTY);
	CHECK_OK0("TIOCNOTTY by the session leader", ioctl(fd, TIOCNOTTY));
	CHECK_ERR("TIOCNOTTY again: no terminal", ioctl(fd, TIOCNOTTY), ENOTTY);
	CHECK_ERR("the leader lost /dev/tty", open("/dev/tty", O_RDONLY), ENXIO);
	close(go[1]);
	CHECK_EXIT("the member's checks", wait_for(pid), 0);
}

/* TIOCNOTTY by the leader releases the console at once. */
static void notty(void)
{
	in_session(leader_notty);
}

/* A second session, while the first holds the console. */
static void second_session(void)
{
	int fd = open(TTY, O_RDWR);
	CHECK_ERR("open does not take a held console", open("/dev/tty", O_RDONLY), ENXIO);
	CHECK_ERR("TIOCSCTTY 0: held by another session", ioctl(fd, TIOCSCTTY, 0), EPERM);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		CHECK_ERR("TIOCSCTTY by a non-leader", ioctl(fd, TIOCSCTTY, 1), EPERM);
		setsid();
		setgid(100);
		setuid(1000);
		CHECK_ERR("TIOCSCTTY 1 as uid 1000", ioctl(fd, TIOCSCTTY, 1), EPERM);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the children's checks", wait_for(pid), 0);
	CHECK_OK0("TIOCSCTTY 1 as root steals it", ioctl(fd, TIOCSCTTY, 1));
	CHECK_EQ("TIOCGSID after stealing", tty_sid(fd), getpid());
}

static void holder(void)
{
	int fd = open(TTY, O_RDWR);
	CHECK_EQ("the first session holds the console", tty_sid(fd), getpid());
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		in_session(second_session);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the second session's checks", wait_for(pid), 0);
	CHECK_ERR("the first session lost it", open("/dev/tty", O_RDONLY), ENXIO);
}

/* Root may take a terminal another session holds (TIOCSCTTY 1). */
static void steal(void)
{
	in_session(holder);
}

/* `t_ctty_guest --steal`, for the session test of init's respawn: a
 * daemon takes the console from the shell's session (TIOCSCTTY 1) and
 * holds it for 30 seconds; init must take it back for the next shell. */
static int steal_console(void)
{
	int p[2];
	char c;
	pipe(p);
	if (fork() != 0) {
		close(p[1]);
		read(p[0], &c, 1);                     /* EOF: the daemon is done */
		return 0;
	}
	setsid();
	int fd = open(TTY, O_RDWR | O_NOCTTY);
	if (ioctl(fd, TIOCSCTTY, 1) == 0)
		say("console stolen\n");
	close(fd);
	close(p[0]);
	close(p[1]);
	sleep(30);
	return 0;
}

/* `t_ctty_guest --nbraw`, for the session test of the console's raw
 * reads: with VMIN 5 and O_NONBLOCK, a read returns the bytes typed so
 * far (fewer than 5) at once, as Linux's n_tty does, instead of waiting
 * for 5. */
static int nonblock_raw(void)
{
	struct termios old, t;
	char b[16];
	tcgetattr(0, &old);
	t = old;
	cfmakeraw(&t);
	t.c_cc[VMIN] = 5;
	t.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &t);
	say("type 3 bytes\r\n");
	sleep(2);
	int fl = fcntl(0, F_GETFL);
	fcntl(0, F_SETFL, fl | O_NONBLOCK);
	ssize_t n = read(0, b, sizeof b);
	ssize_t again = read(0, b, sizeof b);
	int e = errno;
	fcntl(0, F_SETFL, fl);
	tcsetattr(0, TCSANOW, &old);
	say("read %zd bytes at once, then %s\n", n, again < 0 ? errname(e) : "more");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--steal"))
		return steal_console();
	if (argc > 1 && !strcmp(argv[1], "--nbraw"))
		return nonblock_raw();
	RUN(reacquire_open);
	RUN(reacquire_ioctl);
	RUN(members_lose_tty);
	RUN(notty);
	RUN(steal);
	return cases_failed ? 1 : 0;
}
