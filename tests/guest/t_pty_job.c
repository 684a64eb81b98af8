/* t_pty_job - a pty slave as a session's controlling terminal (APUE ch.
 * 9 and 19): acquired by a session leader's open without O_NOCTTY or by
 * TIOCSCTTY (also through the master), /dev/tty, tty_nr; the signals the
 * line discipline sends the foreground group (^C, ^\, ^Z, TIOCSIG,
 * SIGWINCH); background reads and writes (SIGTTIN, SIGTTOU, EIO for an
 * orphaned group); tcsetpgrp's errors; TIOCNOTTY; and the hang-ups: the
 * master's close (SIGHUP and SIGCONT to the session leader) and the
 * leader's exit (SIGHUP to the foreground group). Run on the host too.
 * Each case makes its sessions in children of its own. */
#include "check.h"
#include "pty.h"

static volatile sig_atomic_t got[65];
static void count_sig(int s) { got[s]++; }
static void catch_sig(int s) { handle(s, count_sig, 0); }

static int m;                               /* the master of the case's pty */
static char name[32];                       /* its slave */

/* A fresh pty for the case: m and name; no slave open. */
static void new_pty(void)
{
	int s;
	if (pty_pair(&m, &s, O_RDWR | O_NOCTTY, name) < 0)
		say("[FAIL] pty_pair: %s\n", errname(errno));
	close(s);
}

/* Waits up to 2 s for signal sig to have come n times. */
static int await_sig(int sig, int n)
{
	for (int i = 0; i < 200 && got[sig] < n; i++)
		msleep(10);
	return got[sig];
}

/* Linux's encoding of a device number in tty_nr (new_encode_dev). */
static long encode(dev_t d)
{
	return (long)((major(d) << 8) | (minor(d) & 0xff) | ((minor(d) & ~0xffu) << 12));
}

static void leader_opens(void)
{
	int s = open(name, O_RDWR);
	CHECK_OK("a session leader opens the slave", s);
	CHECK_EQ("... TIOCGSID: it is the session's terminal now", tty_sid(s), getpid());
	CHECK_EQ("... tcgetpgrp: the leader's group is the foreground", tcgetpgrp(s), getpgrp());
	CHECK_EQ("... tcgetsid", tcgetsid(s), getpid());
	struct stat st;
	stat(name, &st);
	CHECK_EQ("... /proc/self/stat: tty_nr is the slave's", stat_tty_nr(), encode(st.st_rdev));
	int t = open("/dev/tty", O_RDWR);
	CHECK_OK("/dev/tty opens", t);
	unsigned dev = 0;
	CHECK_OK0("... TIOCGDEV", ioctl(t, TIOCGDEV, &dev));
	CHECK_EQ("... it is the slave", dev, encode(st.st_rdev));
	const char *tn = ttyname(t);
	CHECK_STR("... its ttyname is /dev/tty", tn ? tn : "", "/dev/tty");
	CHECK_EQ("... TIOCGSID through it", tty_sid(t), getpid());
	write(t, "via tty\n", 8);
	CHECK_READ("... what is written there comes out of the master", m, "via tty\r\n", 2000);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		int t2 = open("/dev/tty", O_RDWR);
		CHECK_OK("a child has it too: /dev/tty opens", t2);
		CHECK_EQ("... tcgetpgrp: the foreground is its group", tcgetpgrp(t2), getpgrp());
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the child's checks", wait_for(pid), 0);
}

/* A session leader's open without O_NOCTTY acquires the slave. */
static void ctty_by_open(void)
{
	new_pty();
	in_session(leader_opens);
}

static void leader_does_not_acquire(void)
{
	int s = open(name, O_RDWR | O_NOCTTY);
	CHECK_OK("O_NOCTTY open", s);
	CHECK_ERR("... /dev/tty is ENXIO", open("/dev/tty", O_RDWR), ENXIO);
	CHECK_ERR("... TIOCGSID is ENOTTY", ioctl(s, TIOCGSID, &(pid_t){0}), ENOTTY);
	int mm = open("/dev/ptmx", O_RDWR);
	CHECK_OK("/dev/ptmx without O_NOCTTY", mm);
	CHECK_ERR("... a master never becomes one", open("/dev/tty", O_RDWR), ENXIO);
	int w = open(name, O_WRONLY);
	CHECK_OK("a write-only open", w);
	CHECK_ERR("... does not acquire it", open("/dev/tty", O_RDWR), ENXIO);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		int s2 = open(name, O_RDWR);
		CHECK_OK("a member of the session opens the slave", s2);
		CHECK_ERR("... it leads no session: no terminal", open("/dev/tty", O_RDWR), ENXIO);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the member's checks", wait_for(pid), 0);
	CHECK_ERR("... nor for the leader", open("/dev/tty", O_RDWR), ENXIO);
}

/* Opens that do not acquire: O_NOCTTY, the master, write-only, by a
 * process that leads no session. */
static void ctty_not_acquired(void)
{
	new_pty();
	in_session(leader_does_not_acquire);
}

static void leader_ioctl(void)
{
	int s = open(name, O_RDWR | O_NOCTTY);
	CHECK_OK0("TIOCSCTTY 0", ioctl(s, TIOCSCTTY, 0));
	CHECK_EQ("... TIOCGSID", tty_sid(s), getpid());
	CHECK_OK0("TIOCSCTTY again on its own terminal", ioctl(s, TIOCSCTTY, 0));
	int m2, s2;
	pty_pair(&m2, &s2, O_RDWR | O_NOCTTY, NULL);
	CHECK_ERR("TIOCSCTTY on a second pty: EPERM", ioctl(s2, TIOCSCTTY, 0), EPERM);
	CHECK_ERR("... also through its master", ioctl(m2, TIOCSCTTY, 0), EPERM);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		CHECK_ERR("TIOCSCTTY by a member: EPERM", ioctl(s2, TIOCSCTTY, 0), EPERM);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the member's check", wait_for(pid), 0);
}

static void leader_ioctl_master(void)
{
	int m2 = posix_openpt(O_RDWR | O_NOCTTY);
	unlockpt(m2);
	CHECK_OK0("TIOCSCTTY on a master", ioctl(m2, TIOCSCTTY, 0));
	CHECK_EQ("... TIOCGSID on the master: the slave is the terminal", tty_sid(m2), getpid());
	pid_t pg = -1;
	CHECK_OK0("... TIOCGPGRP on the master", ioctl(m2, TIOCGPGRP, &pg));
	CHECK_EQ("... the leader's group", pg, getpgrp());
	int t = open("/dev/tty", O_RDWR);
	CHECK_OK("... /dev/tty opens", t);
	write(t, "s", 1);
	CHECK_READ("... and is the slave", m2, "s", 2000);
	CHECK_OK0("tcsetpgrp through the master", tcsetpgrp(m2, getpgrp()));
}

/* TIOCSCTTY: on the slave, on the master (which gives the slave), and
 * its EPERMs. */
static void ctty_by_ioctl(void)
{
	new_pty();
	in_session(leader_ioctl);
	in_session(leader_ioctl_master);
}

static int sync_pipe[2], result_pipe[2];

/* Holds the slave as its terminal until told to go, then says whether
 * it still has it. */
static void first_leader(void)
{
	int s = open(name, O_RDWR);
	close(sync_pipe[0]);
	write(sync_pipe[1], "r", 1);
	char c;
	read(result_pipe[0], &c, 1);                /* the thief is done */
	report(sync_pipe[1], tty_sid(s));
	report(sync_pipe[1], open("/dev/tty", O_RDWR) < 0 ? errno : 0);
}

static void thief(void)
{
	int s = open(name, O_RDWR);
	CHECK_ERR("another session's terminal is not acquired by open", open("/dev/tty", O_RDWR), ENXIO);
	CHECK_ERR("... TIOCSCTTY 0: EPERM", ioctl(s, TIOCSCTTY, 0), EPERM);
	CHECK_OK0("... TIOCSCTTY 1 by root steals it", ioctl(s, TIOCSCTTY, 1));
	CHECK_EQ("... TIOCGSID", tty_sid(s), getpid());
	write(result_pipe[1], "d", 1);
}

static void ctty_stolen(void)
{
	new_pty();
	pipe(sync_pipe);
	pipe(result_pipe);
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		first_leader();
		_exit(0);
	}
	char c;
	read(sync_pipe[0], &c, 1);
	in_session(thief);
	close(sync_pipe[1]);
	CHECK_EQ("the first session has lost it: TIOCGSID", collect(sync_pipe[0]), -ENOTTY);
	CHECK_EQ("... /dev/tty", collect(sync_pipe[0]), ENXIO);
	wait_for(pid);
}

static void leader_signals(void)
{
	int s = open(name, O_RDWR);
	catch_sig(SIGINT);
	catch_sig(SIGQUIT);
	signal(SIGTTOU, SIG_IGN);
	int ready[2], done[2];
	pipe(ready);
	pipe(done);
	pid_t bg = fork();
	if (bg == 0) {
		setpgid(0, 0);
		catch_sig(SIGINT);
		write(ready[1], "r", 1);
		char c;
		read(done[0], &c, 1);
		report(ready[1], got[SIGINT]);
		_exit(0);
	}
	char c;
	read(ready[0], &c, 1);
	write(m, "\x03", 1);
	CHECK_EQ("^C: SIGINT to the foreground group", await_sig(SIGINT, 1), 1);
	CHECK_READ("... echoed as ^C", m, "^C", 2000);
	write(m, "\x1c", 1);
	CHECK_EQ("^\\: SIGQUIT", await_sig(SIGQUIT, 1), 1);
	CHECK_READ("... echoed as ^\\", m, "^\\", 2000);
	CHECK_OK0("TIOCSIG SIGINT on the master", ioctl(m, TIOCSIG, SIGINT));
	CHECK_EQ("... SIGINT", await_sig(SIGINT, 2), 2);
	CHECK_EQ("... not echoed", poll_for(m, POLLIN, 100), 0);
	write(done[1], "d", 1);
	CHECK_EQ("the background group got none of them", collect(ready[0]), 0);
	wait_for(bg);
	write(m, "ab\x03" "c\n", 5);
	await_sig(SIGINT, 3);
	CHECK_READ("^C drops the line being typed", s, "c\n", 2000);
	read_within(m, (char[32]){0}, 32, 200);
	set_lflag(s, NOFLSH, 0);
	write(m, "ab\x03" "c\n", 5);
	await_sig(SIGINT, 4);
	CHECK_READ("... not under NOFLSH", s, "abc\n", 2000);
	set_lflag(s, 0, ISIG | ECHO);
	write(m, "\x03\n", 2);
	CHECK_READ("ISIG off: ^C is a byte", s, "\x03\n", 2000);
	CHECK_EQ("... and no signal", got[SIGINT], 4);
	set_lflag(s, ISIG, 0);
	pid_t fg = fork();
	if (fg == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(fg, fg);
	CHECK_OK0("tcsetpgrp: a child's group in the foreground", tcsetpgrp(s, fg));
	write(m, "\x1a", 1);
	int st;
	pid_t r;
	do
		r = waitpid(fg, &st, WUNTRACED);
	while (r < 0 && errno == EINTR);
	CHECK("^Z stops the foreground group with SIGTSTP", r == fg && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP);
	kill(fg, SIGKILL);
	wait_for(fg);
}

/* ^C, ^\, TIOCSIG, ^Z: to the foreground group only; the flush and
 * NOFLSH; ISIG off. */
static void job_signals(void)
{
	new_pty();
	in_session(leader_signals);
}

static void leader_winch(void)
{
	int s = open(name, O_RDWR);
	catch_sig(SIGWINCH);
	struct winsize ws = { 30, 100, 0, 0 };
	CHECK_OK0("TIOCSWINSZ on the master", ioctl(m, TIOCSWINSZ, &ws));
	CHECK_EQ("... SIGWINCH to the foreground group", await_sig(SIGWINCH, 1), 1);
	ioctl(m, TIOCSWINSZ, &ws);
	msleep(100);
	CHECK_EQ("the same size again: no SIGWINCH", got[SIGWINCH], 1);
	ws.ws_xpixel = 800;
	ioctl(s, TIOCSWINSZ, &ws);
	CHECK_EQ("only the pixels changed: SIGWINCH", await_sig(SIGWINCH, 2), 2);
}

static void winch(void)
{
	new_pty();
	in_session(leader_winch);
}

static int bg_status(void (*fn)(int s), int s)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		fn(s);
		_exit(0);
	}
	setpgid(pid, pid);
	int st;
	pid_t r;
	do
		r = waitpid(pid, &st, WUNTRACED);
	while (r < 0 && errno == EINTR);
	if (r == pid && WIFSTOPPED(st)) {
		kill(pid, SIGKILL);
		wait_for(pid);
	}
	return r == pid ? st : -1;
}

static void bg_read(int s) { char c; read(s, &c, 1); _exit(9); }
static void bg_read_ign(int s) { char c; signal(SIGTTIN, SIG_IGN); errno = 0; _exit(read(s, &c, 1) < 0 && errno == EIO ? 3 : 4); }
static void bg_write(int s) { _exit(write(s, "bg\n", 3) == 3 ? 3 : 4); }
static void bg_write_ign(int s) { signal(SIGTTOU, SIG_IGN); _exit(write(s, "ig\n", 3) == 3 ? 3 : 4); }
static void bg_tcsetattr(int s) { struct termios t; tcgetattr(s, &t); tcsetattr(s, TCSANOW, &t); _exit(9); }
static void bg_tcsetattr_blocked(int s)
{
	struct termios t;
	mask(SIG_BLOCK, SIGTTOU);
	tcgetattr(s, &t);
	_exit(tcsetattr(s, TCSANOW, &t) == 0 ? 3 : 4);
}
static void bg_tcsetpgrp(int s) { _exit(tcsetpgrp(s, getpgrp()) < 0 ? 4 : 9); }

/* A member of an orphaned group (its parent gone to init) reads: EIO,
 * no stop. */
static void orphan_read(int s)
{
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		while (getppid() == parent)
			msleep(10);
		msleep(50);
		char c;
		errno = 0;
		report(result_pipe[1], read(s, &c, 1) < 0 ? errno : 0);
		_exit(0);
	}
	_exit(3);
}

static void leader_background(void)
{
	int s = open(name, O_RDWR);
	int st = bg_status(bg_read, s);
	CHECK("a background read stops with SIGTTIN", WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN);
	CHECK_EXIT("... SIGTTIN ignored: EIO", bg_status(bg_read_ign, s), 3);
	CHECK_EXIT("a background write without TOSTOP goes out", bg_status(bg_write, s), 3);
	CHECK_READ("... to the master", m, "bg\r\n", 2000);
	set_lflag(s, TOSTOP, 0);
	st = bg_status(bg_write, s);
	CHECK("under TOSTOP it stops with SIGTTOU", WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU);
	CHECK_EXIT("... SIGTTOU ignored: it goes out", bg_status(bg_write_ign, s), 3);
	CHECK_READ("... to the master", m, "ig\r\n", 2000);
	st = bg_status(bg_tcsetattr, s);
	CHECK("tcsetattr from the background stops with SIGTTOU", WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU);
	CHECK_EXIT("... SIGTTOU blocked: it works", bg_status(bg_tcsetattr_blocked, s), 3);
	st = bg_status(bg_tcsetpgrp, s);
	CHECK("tcsetpgrp from the background stops with SIGTTOU", WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU);
	pipe(result_pipe);
	CHECK_EXIT("an orphaned group's member", bg_status(orphan_read, s), 3);
	close(result_pipe[1]);
	CHECK_EQ("... reads EIO instead of stopping", collect(result_pipe[0]), EIO);
}

/* Background processes: SIGTTIN, SIGTTOU, their ignored and blocked
 * forms, an orphaned group. */
static void background(void)
{
	new_pty();
	in_session(leader_background);
}

static void leader_tcsetpgrp(void)
{
	int s = open(name, O_RDWR);
	CHECK_ERR("tcsetpgrp -1: EINVAL", tcsetpgrp(s, -1), EINVAL);
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	wait_for(dead);
	CHECK_ERR("a group that does not exist: ESRCH", tcsetpgrp(s, dead), ESRCH);
	/* a group of a session of its own (the group we were started in may
	 * lie outside our pid namespace on a container host) */
	int go[2];
	pipe(go);
	pid_t other = fork();
	if (other == 0) {
		char c;
		close(go[1]);
		setsid();
		read(go[0], &c, 1);
		_exit(0);
	}
	close(go[0]);
	while (getsid(other) == getsid(0))
		usleep(1000);
	CHECK_ERR("a group of another session: EPERM", tcsetpgrp(s, other), EPERM);
	close(go[1]);
	wait_for(other);
	int m2, s2;
	pty_pair(&m2, &s2, O_RDWR | O_NOCTTY, NULL);
	CHECK_ERR("a terminal that is not ours: ENOTTY", tcsetpgrp(s2, getpgrp()), ENOTTY);
	CHECK_ERR("... nor through its master", tcsetpgrp(m2, getpgrp()), ENOTTY);
	CHECK_ERR("tcgetpgrp of it: ENOTTY", tcgetpgrp(s2), ENOTTY);
	CHECK_EQ("tcgetpgrp of its master: 0, no group", tcgetpgrp(m2), 0);
}

static void tcsetpgrp_errors(void)
{
	new_pty();
	in_session(leader_tcsetpgrp);
}

/* A member that waits for go and reports: SIGHUP x100 + SIGCONT x10 +
 * 1 when /dev/tty is ENXIO. */
static pid_t member(int own_group, int ready, int go[2], int res)
{
	pid_t pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (own_group)
			setpgid(0, 0);
		catch_sig(SIGHUP);
		catch_sig(SIGCONT);
		write(ready, "r", 1);
		char c;
		while (read(go[0], &c, 1) < 0 && errno == EINTR)
			;
		msleep(50);
		errno = 0;
		int t = open("/dev/tty", O_RDWR);
		report(res, got[SIGHUP] * 100 + got[SIGCONT] * 10 + (t < 0 && errno == ENXIO));
		_exit(0);
	}
	if (own_group)
		setpgid(pid, pid);
	return pid;
}

static void leader_notty(void)
{
	int s = open(name, O_RDWR), ready[2], go[2], res[2];
	pipe(ready);
	pipe(go);
	pipe(res);
	catch_sig(SIGHUP);
	catch_sig(SIGCONT);
	pid_t f = member(0, ready[1], go, res[1]), b = member(1, ready[1], go, res[1]);
	char c[2];
	read_full(ready[0], c, 2);
	pid_t n = fork();
	if (n == 0) {
		check_failed = 0;
		CHECK_OK0("TIOCNOTTY by a member", ioctl(s, TIOCNOTTY));
		CHECK_ERR("... it has no terminal", open("/dev/tty", O_RDWR), ENXIO);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the member's checks", wait_for(n), 0);
	msleep(50);
	CHECK_EQ("... no signal for anyone", got[SIGHUP] + got[SIGCONT], 0);
	CHECK_EQ("... the leader keeps its terminal", tty_sid(s), getpid());
	CHECK_OK0("TIOCNOTTY by the leader", ioctl(s, TIOCNOTTY));
	CHECK_EQ("... SIGHUP to the foreground group (itself too)", await_sig(SIGHUP, 1), 1);
	CHECK_EQ("... and SIGCONT", await_sig(SIGCONT, 1), 1);
	CHECK_ERR("... it has no terminal", open("/dev/tty", O_RDWR), ENXIO);
	CHECK_ERR("... TIOCGSID: ENOTTY", ioctl(s, TIOCGSID, &(pid_t){0}), ENOTTY);
	close(go[1]);
	long rf = collect(res[0]), rb = collect(res[0]);
	wait_for(f);
	wait_for(b);
	CHECK("a foreground member: SIGHUP, SIGCONT, no terminal", rf == 111 || rb == 111);
	CHECK("a background member: no signal, no terminal", rf == 1 || rb == 1);
}

static void leader_acquires(void)
{
	int s = open(name, O_RDWR);
	CHECK_EQ("the next session leader acquires the terminal", tty_sid(s), getpid());
}

/* TIOCNOTTY by a member and by the leader; the terminal is free then. */
static void notty(void)
{
	new_pty();
	in_session(leader_notty);
	in_session(leader_acquires);
}

/* The master closes: the session leader gets SIGHUP and SIGCONT, its
 * members nothing; all lose the terminal; the slave is hung up. */
static void master_close_hup(void)
{
	new_pty();
	int ready[2], go[2], res[2];
	pipe(ready);
	pipe(go);
	pipe(res);
	pid_t l = fork();
	if (l == 0) {
		setsid();
		close(m);
		close(go[1]);
		int s = open(name, O_RDWR);
		pid_t f = member(0, ready[1], go, res[1]), b = member(1, ready[1], go, res[1]);
		catch_sig(SIGHUP);
		catch_sig(SIGCONT);
		write(ready[1], "r", 1);
		char c;
		while (read(go[0], &c, 1) < 0 && errno == EINTR)
			;
		msleep(50);
		errno = 0;
		int t = open("/dev/tty", O_RDWR);
		int v = got[SIGHUP] * 100 + got[SIGCONT] * 10 + (t < 0 && errno == ENXIO);
		report(res[1], v + (read(s, &c, 1) == 0 ? 1000 : 0));
		wait_for(f);
		wait_for(b);
		_exit(0);
	}
	close(ready[1]);
	close(res[1]);
	close(go[0]);
	char c[3];
	read_full(ready[0], c, 3);
	close(m);
	msleep(200);
	close(go[1]);
	long r[3] = { collect(res[0]), collect(res[0]), collect(res[0]) };
	wait_for(l);
	int leader = 0, plain = 0;
	for (int i = 0; i < 3; i++) {
		leader += r[i] == 1111;
		plain += r[i] == 1;
	}
	CHECK_EQ("the leader: SIGHUP and SIGCONT, no terminal, its read sees end of file", leader, 1);
	CHECK_EQ("its members: no signal, no terminal", plain, 2);
}

/* The session leader exits: its terminal's foreground group gets SIGHUP
 * (no SIGCONT), everyone loses the terminal, and it is free for the
 * next session. */
static void leader_exit(void)
{
	new_pty();
	int ready[2], go[2], res[2];
	pipe(ready);
	pipe(go);
	pipe(res);
	pid_t l = fork();
	if (l == 0) {
		setsid();
		close(go[1]);
		signal(SIGTTOU, SIG_IGN);
		int s = open(name, O_RDWR);
		pid_t f = member(1, ready[1], go, res[1]);
		member(0, ready[1], go, res[1]);
		tcsetpgrp(s, f);
		char c[2];
		read_full(ready[0], c, 2);
		_exit(0);
	}
	close(ready[1]);
	close(res[1]);
	close(go[0]);
	wait_for(l);
	msleep(200);
	close(go[1]);
	long r[2] = { collect(res[0]), collect(res[0]) };
	CHECK("the foreground group: SIGHUP, no SIGCONT, no terminal", r[0] == 101 || r[1] == 101);
	CHECK("the background group: nothing, no terminal", r[0] == 1 || r[1] == 1);
	in_session(leader_acquires);
}

/* O_ASYNC on a terminal file with no owner makes the terminal's
 * foreground group its owner, or the caller's process when it has none;
 * an owner F_SETOWN named stays (Linux's __tty_fasync). */
static void leader_async(void)
{
	int s = open(name, O_RDWR);             /* our controlling terminal now */
	CHECK_EQ("no owner at first", fcntl(s, F_GETOWN), 0);
	CHECK_OK0("O_ASYNC", fcntl(s, F_SETFL, O_ASYNC));
	CHECK_EQ("F_GETOWN: the foreground group", fcntl(s, F_GETOWN), -getpgrp());
	CHECK_OK0("F_SETOWN to a process", fcntl(s, F_SETOWN, getppid()));
	CHECK_OK0("O_ASYNC off", fcntl(s, F_SETFL, 0));
	CHECK_OK0("and on again", fcntl(s, F_SETFL, O_ASYNC));
	CHECK_EQ("... keeps that owner", fcntl(s, F_GETOWN), getppid());
	int m2, s2;
	pty_pair(&m2, &s2, O_RDWR | O_NOCTTY, NULL);
	CHECK_OK0("another terminal's O_ASYNC", fcntl(s2, F_SETFL, O_ASYNC));
	CHECK_EQ("with no foreground group: our process", fcntl(s2, F_GETOWN), getpid());
}

static void async_owner(void)
{
	new_pty();
	in_session(leader_async);
}

int main(void)
{
	RUN(ctty_by_open);
	RUN(ctty_not_acquired);
	RUN(ctty_by_ioctl);
	RUN(ctty_stolen);
	RUN(job_signals);
	RUN(winch);
	RUN(background);
	RUN(tcsetpgrp_errors);
	RUN(notty);
	RUN(master_close_hup);
	RUN(leader_exit);
	RUN(async_owner);
	return cases_failed ? 1 : 0;
}
