/* t_fdinfo - differential test of the lines /proc/<pid>/fdinfo/<fd> adds
 * after the generic ones for the files that have their own (Linux's
 * f_op->show_fdinfo): an eventfd's counter (padded hex) and number, an
 * epoll's items (descriptor, events, data, the watched file's position,
 * inode and device, in Linux's spacing; the order of one file's
 * descriptors; what a oneshot item keeps once it fired), a signalfd's
 * mask (without SIGKILL and SIGSTOP), a timerfd's clock, ticks, settime
 * flags, time left and interval (a periodic timer that fired is moved on
 * only by read and gettime), a pidfd's pid (-1 once reaped), a UNIX
 * socket's files in flight (scm_fds, a listener's counting those of the
 * connections not yet accepted), and nothing for pipes, files, memfds,
 * devices, INET sockets and message queues. Only what Linux 6.1 and the
 * host's later kernel agree on is compared: eventfd-id, ino, the device,
 * pids are checked against fstat and getpid, never printed; the lines
 * 6.1 does not have (eventfd-semaphore, NSpid) are not looked for. */
#include "check.h"
#include "fdinfo.h"
#include "unix_addr.h"
#include <mqueue.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/timerfd.h>
#include <netinet/in.h>

#define SYS_pidfd_open_ 434
#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#define SIGBIT(s) (1ull << ((s) - 1))

/* ---- eventfd ---- */

static void eventfd_lines(void)
{
	int fd = eventfd(5, 0);
	const char *own = fdinfo_own(fd);
	CHECK("eventfd: its lines follow ino:", !strncmp(own, "eventfd-count: ", 15));
	CHECK_STR("eventfd: the count in hex, padded with spaces to 16 places",
		  line_of(own, "eventfd-count:"), "eventfd-count:                5");
	uint64_t v = 0x123456789abcull;
	write(fd, &v, sizeof v);
	CHECK_STR("eventfd: after a write of 0x123456789abc",
		  line_of(fdinfo_own(fd), "eventfd-count:"), "eventfd-count:     123456789ac1");
	read(fd, &v, sizeof v);
	CHECK_STR("eventfd: after the read, 0", line_of(fdinfo_own(fd), "eventfd-count:"),
		  "eventfd-count:                0");
	v = 0xfffffffffffffffeull;
	write(fd, &v, sizeof v);
	CHECK_STR("eventfd: the ceiling fills the 16 places",
		  line_of(fdinfo_own(fd), "eventfd-count:"), "eventfd-count: fffffffffffffffe");

	const char *id = line_of(fdinfo_own(fd), "eventfd-id: ");
	char *end = NULL;
	long a = id ? strtol(id + 12, &end, 10) : -1;
	CHECK("eventfd: eventfd-id: a number from 0", id && end != id + 12 && !*end && a >= 0);
	int other = eventfd(0, EFD_SEMAPHORE);
	id = line_of(fdinfo_own(other), "eventfd-id: ");
	long b = id ? strtol(id + 12, NULL, 10) : -1;
	CHECK("eventfd: another eventfd has another number", b >= 0 && b != a);
	CHECK_STR("eventfd: EFD_SEMAPHORE's count is shown the same",
		  line_of(fdinfo_own(other), "eventfd-count:"), "eventfd-count:                0");
	int dup = fcntl(fd, F_DUPFD, 10);
	id = line_of(fdinfo_own(dup), "eventfd-id: ");
	CHECK("eventfd: a dup shows the same number", id && strtol(id + 12, NULL, 10) == a);
}

/* The lock lines come first, then the file's own. */
static void after_locks(void)
{
	int fd = eventfd(3, 0);
	CHECK_OK0("flock on an eventfd", flock(fd, LOCK_EX));
	const char *all = fdinfo_all(fd);
	CHECK("the text starts with pos:", !strncmp(all, "pos:\t", 5));
	const char *lock = strstr(all, "\nlock:\t"), *count = strstr(all, "\neventfd-count:");
	CHECK("a lock line, then eventfd-count:", lock && count && lock < count);
}

/* ---- epoll ---- */

/* The line Linux prints for an item, from what fstat says of fd's file. */
static const char *item_line(int tfd, unsigned events, unsigned long long data, long long pos, int fd)
{
	static char bufs[4][256];
	static unsigned next;
	char *b = bufs[next++ % 4];
	struct stat st;
	fstat(fd, &st);
	unsigned kdev = (major(st.st_dev) << 20) | minor(st.st_dev);   /* the kernel's dev_t */
	snprintf(b, sizeof bufs[0], "tfd: %8d events: %8x data: %16llx  pos:%lli ino:%llx sdev:%x\n", tfd,
		 events, data, pos, (unsigned long long)st.st_ino, kdev);
	return b;
}

static int ctl(int ep, int op, int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	return epoll_ctl(ep, op, fd, &ev);
}

static void epoll_items(void)
{
	int p[2];
	pipe(p);
	dup2(p[0], 20);
	dup2(p[1], 21);
	close(p[0]);
	close(p[1]);
	int ep = epoll_create1(0);
	CHECK_STR("epoll: an empty set adds nothing", fdinfo_own(ep), "");
	ctl(ep, EPOLL_CTL_ADD, 20, EPOLLIN, 0x1122334455667788ull);
	CHECK_STR("epoll: one item: tfd, events (EPOLLERR|EPOLLHUP added), data, pos, ino, sdev",
		  fdinfo_own(ep), item_line(20, 0x19, 0x1122334455667788ull, 0, 20));
	ctl(ep, EPOLL_CTL_ADD, 21, EPOLLOUT | EPOLLET, 7);
	const char *own = fdinfo_own(ep);
	CHECK_EQ("epoll: two items, two lines", lines_in(own), 2);
	CHECK("epoll: the first item's line is unchanged",
	      strstr(own, item_line(20, 0x19, 0x1122334455667788ull, 0, 20)) != NULL);
	CHECK("epoll: EPOLLET shows as 0x80000000", strstr(own, item_line(21, 0x8000001c, 7, 0, 21)) != NULL);
	ctl(ep, EPOLL_CTL_MOD, 20, EPOLLIN | EPOLLRDHUP, 0);
	own = fdinfo_own(ep);
	CHECK("epoll: EPOLL_CTL_MOD shows the new events and data",
	      strstr(own, item_line(20, 0x2019, 0, 0, 20)) != NULL);
	ctl(ep, EPOLL_CTL_DEL, 21, 0, 0);
	CHECK_STR("epoll: EPOLL_CTL_DEL takes the line away", fdinfo_own(ep), item_line(20, 0x2019, 0, 0, 20));
	int ex = epoll_create1(0);
	ctl(ex, EPOLL_CTL_ADD, 20, EPOLLIN | EPOLLEXCLUSIVE, 1);
	CHECK_STR("epoll: EPOLLEXCLUSIVE is kept in events", fdinfo_own(ex),
		  item_line(20, 0x10000019, 1, 0, 20));
}

/* A oneshot item that fired keeps only epoll's own bits until re-armed. */
static void epoll_oneshot(void)
{
	int p[2];
	pipe(p);
	int ep = epoll_create1(0);
	ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLONESHOT, 5);
	CHECK_STR("oneshot: armed", fdinfo_own(ep), item_line(p[0], 0x40000019, 5, 0, p[0]));
	write(p[1], "x", 1);
	struct epoll_event out;
	CHECK_EQ("oneshot: it fires", epoll_wait(ep, &out, 1, 1000), 1);
	CHECK_STR("oneshot: fired: events 40000000", fdinfo_own(ep), item_line(p[0], 0x40000000, 5, 0, p[0]));
	ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT | EPOLLET, 6);
	CHECK_STR("oneshot: EPOLL_CTL_MOD re-arms it", fdinfo_own(ep),
		  item_line(p[0], 0xc0000019, 6, 0, p[0]));
}

/* Items of one file are listed by descriptor, whatever the order they
 * came in; an item stays, with its number, while its file is open. */
static void epoll_one_file(void)
{
	int p[2];
	pipe(p);
	dup2(p[0], 30);
	dup2(p[0], 31);
	close(p[0]);
	int ep = epoll_create1(0);
	ctl(ep, EPOLL_CTL_ADD, 31, EPOLLIN, 31);
	ctl(ep, EPOLL_CTL_ADD, 30, EPOLLIN, 30);
	char want[512];
	snprintf(want, sizeof want, "%s", item_line(30, 0x19, 30, 0, 30));
	snprintf(want + strlen(want), sizeof want - strlen(want), "%s", item_line(31, 0x19, 31, 0, 31));
	CHECK_STR("one file: its items by descriptor", fdinfo_own(ep), want);
	close(31);
	CHECK_STR("one file: descriptor 31 closed, another open: the item stays", fdinfo_own(ep), want);
	close(30);
	CHECK_STR("one file: the file's last close takes its items away", fdinfo_own(ep), "");
}

/* A set whose text is more than Pipit's /proc first makes room for
 * (16 KiB; Pipit's RLIMIT_NOFILE is 256): every line, one file's in
 * descriptor order, added in reverse. */
static void epoll_big(void)
{
	static char want[1 << 15];
	int p[2];
	pipe(p);
	int ep = epoll_create1(0);
	int bad = 0, err = 0;
	for (int fd = 255; fd >= 16 && !bad; fd--)
		if (dup2(p[0], fd) != fd || ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, fd) != 0)
			bad = fd, err = errno;
	if (!bad)
		pass("big set: 240 descriptors of one pipe added");
	else
		fail("big set: 240 descriptors of one pipe added", "descriptor %d: %s", bad, errname(err));
	size_t n = 0;
	for (int fd = 16; fd <= 255; fd++)
		n += snprintf(want + n, sizeof want - n, "%s", item_line(fd, 0x19, fd, 0, fd));
	const char *own = fdinfo_own(ep);
	CHECK_EQ("big set: 240 lines", lines_in(own), 240);
	CHECK("big set: each line, by descriptor", !strcmp(own, want));
}

/* pos is the watched file's: a message queue's after a read of its text;
 * an epoll watching an epoll. */
static void epoll_pos(void)
{
	mq_unlink("/t_fdinfo");
	mqd_t q = mq_open("/t_fdinfo", O_CREAT | O_RDWR, 0600, NULL);
	mq_unlink("/t_fdinfo");
	char b[10];
	CHECK_EQ("a message queue's text: 10 bytes read", read(q, b, sizeof b), 10);
	int ep = epoll_create1(0);
	ctl(ep, EPOLL_CTL_ADD, q, EPOLLIN, 0);
	CHECK_STR("pos: the watched file's position", fdinfo_own(ep), item_line(q, 0x19, 0, 10, q));
	CHECK_STR("a message queue adds nothing of its own", fdinfo_own(q), "");
	int outer = epoll_create1(0);
	ctl(outer, EPOLL_CTL_ADD, ep, EPOLLIN, 0xabcdef);
	CHECK_STR("an epoll in an epoll", fdinfo_own(outer), item_line(ep, 0x19, 0xabcdef, 0, ep));
}

/* ---- signalfd ---- */

static long sfd(int fd, uint64_t mask)
{
	return syscall(SYS_signalfd4, fd, &mask, 8, 0);
}

static void signalfd_mask(void)
{
	uint64_t m = SIGBIT(SIGUSR1) | SIGBIT(SIGTERM) | SIGBIT(SIGKILL) | SIGBIT(SIGSTOP) | SIGBIT(40) |
		     SIGBIT(64);
	int fd = (int)sfd(-1, m);
	CHECK_STR("signalfd: the mask in 16 hex digits, without SIGKILL and SIGSTOP", fdinfo_own(fd),
		  "sigmask:\t8000008000004200\n");
	sfd(fd, SIGBIT(SIGINT));
	CHECK_STR("signalfd: a new mask given to the same descriptor", fdinfo_own(fd),
		  "sigmask:\t0000000000000002\n");
	sfd(fd, SIGBIT(SIGKILL));
	CHECK_STR("signalfd: only SIGKILL: empty", fdinfo_own(fd), "sigmask:\t0000000000000000\n");
}

/* ---- timerfd ---- */

static void settime(int fd, int flags, long long vs, long vn, long long is, long in)
{
	struct itimerspec t = { { is, in }, { vs, vn } };
	timerfd_settime(fd, flags, &t, NULL);
}

/* it_value's seconds and nanoseconds; -1 when the line is not there. */
static long long it_value(int fd, long long *ns)
{
	unsigned long long s, n;
	const char *l = line_of(fdinfo_own(fd), "it_value: ");
	if (!l || sscanf(l, "it_value: (%llu, %llu)", &s, &n) != 2)
		return -1;
	*ns = (long long)n;
	return (long long)s;
}

static void timerfd_lines(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	CHECK_STR("timerfd: a new one", fdinfo_own(fd),
		  "clockid: 1\nticks: 0\nsettime flags: 00\nit_value: (0, 0)\nit_interval: (0, 0)\n");
	settime(fd, 0, 100, 0, 2, 500000000);
	const char *own = fdinfo_own(fd);
	CHECK_STR("armed: clockid", line_of(own, "clockid:"), "clockid: 1");
	CHECK_STR("armed: ticks", line_of(own, "ticks:"), "ticks: 0");
	CHECK_STR("armed: settime flags", line_of(own, "settime flags:"), "settime flags: 00");
	CHECK_STR("armed: it_interval", line_of(own, "it_interval:"), "it_interval: (2, 500000000)");
	long long ns, s = it_value(fd, &ns);
	CHECK("armed: it_value is the time left, in (99, 100] s",
	      (s == 99 && ns >= 0 && ns < 1000000000) || (s == 100 && ns == 0));
	const char *head = "clockid: 1\nticks: 0\nsettime flags: 00\nit_value: (";
	CHECK("armed: five lines in this order", !strncmp(own, head, strlen(head)) && lines_in(own) == 5 &&
	      strstr(own, ")\nit_interval: (2, 500000000)\n"));

	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);       /* past when the call comes */
	settime(fd, TFD_TIMER_ABSTIME, now.tv_sec, now.tv_nsec ? now.tv_nsec : 1, 0, 0);
	own = fdinfo_own(fd);
	CHECK_STR("absolute, in the past: settime flags 01", line_of(own, "settime flags:"), "settime flags: 01");
	CHECK_STR("absolute, in the past: it fired, 1 tick", line_of(own, "ticks:"), "ticks: 1");
	CHECK_STR("absolute, in the past: nothing left", line_of(own, "it_value:"), "it_value: (0, 0)");
	settime(fd, 0, 0, 0, 3, 0);
	own = fdinfo_own(fd);
	CHECK_STR("disarmed: flags 00 again", line_of(own, "settime flags:"), "settime flags: 00");
	CHECK_STR("disarmed: ticks forgotten", line_of(own, "ticks:"), "ticks: 0");
	CHECK_STR("disarmed: it_value (0, 0)", line_of(own, "it_value:"), "it_value: (0, 0)");
	CHECK_STR("disarmed: the interval given is kept", line_of(own, "it_interval:"), "it_interval: (3, 0)");

	int rt = timerfd_create(CLOCK_REALTIME, 0);
	clock_gettime(CLOCK_REALTIME, &now);
	settime(rt, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, now.tv_sec + 50, now.tv_nsec, 0, 0);
	own = fdinfo_own(rt);
	CHECK_STR("realtime: clockid 0", line_of(own, "clockid:"), "clockid: 0");
	CHECK_STR("realtime: ABSTIME|CANCEL_ON_SET: 03", line_of(own, "settime flags:"), "settime flags: 03");
	s = it_value(rt, &ns);
	CHECK("realtime, absolute: it_value is the time left, in (49, 50] s",
	      (s == 49 && ns >= 0 && ns < 1000000000) || (s == 50 && ns == 0));
	int bt = timerfd_create(CLOCK_BOOTTIME, 0);
	settime(bt, TFD_TIMER_CANCEL_ON_SET, 0, 0, 0, 0);
	CHECK_STR("boottime: clockid 7", line_of(fdinfo_own(bt), "clockid:"), "clockid: 7");
	CHECK_STR("CANCEL_ON_SET alone, on another clock: 02", line_of(fdinfo_own(bt), "settime flags:"),
		  "settime flags: 02");
}

/* A one-shot timer that fired: 1 tick, nothing left. A periodic one that
 * fired is not moved on by fdinfo: 1 tick and (0, 0) until a gettime or
 * read counts the intervals it missed. */
static void timerfd_fired(void)
{
	int one = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	int per = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	settime(one, 0, 0, 1000000, 0, 0);
	settime(per, 0, 0, 1000000, 0, 10000000);
	msleep(60);
	const char *own = fdinfo_own(one);
	CHECK_STR("one-shot fired: ticks 1", line_of(own, "ticks:"), "ticks: 1");
	CHECK_STR("one-shot fired: it_value (0, 0)", line_of(own, "it_value:"), "it_value: (0, 0)");
	uint64_t n = 0;
	read(one, &n, sizeof n);
	CHECK_STR("one-shot read: ticks 0", line_of(fdinfo_own(one), "ticks:"), "ticks: 0");
	own = fdinfo_own(per);
	CHECK_STR("periodic, 5 intervals late: still 1 tick", line_of(own, "ticks:"), "ticks: 1");
	CHECK_STR("periodic, late: it_value (0, 0), not moved on", line_of(own, "it_value:"), "it_value: (0, 0)");
	CHECK_STR("periodic: it_interval", line_of(own, "it_interval:"), "it_interval: (0, 10000000)");
	struct itimerspec cur;
	timerfd_gettime(per, &cur);
	const char *t = line_of(fdinfo_own(per), "ticks: ");
	CHECK("periodic: after gettime the missed intervals are counted", t && strtoull(t + 7, NULL, 10) >= 5);
	long long ns, s = it_value(per, &ns);
	for (int i = 0; i < 20 && !(s == 0 && ns > 0 && ns <= 10000000); i++) {
		timerfd_gettime(per, &cur);          /* a slow machine may pass the next expiry */
		s = it_value(per, &ns);              /* between the two: look again */
	}
	CHECK("periodic: after gettime it_value is the next expiry's", s == 0 && ns > 0 && ns <= 10000000);
	read(per, &n, sizeof n);
	int zero = 0;
	for (int i = 0; i < 20 && !zero; i++) {
		const char *l = line_of(fdinfo_own(per), "ticks:");
		zero = l && !strcmp(l, "ticks: 0");
		if (!zero)
			read(per, &n, sizeof n);             /* (an expiry between the read and the look) */
	}
	CHECK("periodic: a read takes the ticks", zero);
}

/* ---- pidfd ---- */

static long pid_line(int pfd)
{
	const char *own = fdinfo_own(pfd);
	const char *l = line_of(own, "Pid:\t");
	return strncmp(own, "Pid:\t", 5) ? -100 : l ? strtol(l + 5, NULL, 10) : -100;
}

static void pidfd_pid(void)
{
	int self = (int)syscall(SYS_pidfd_open_, getpid(), 0);
	CHECK_EQ("pidfd: Pid: first, the process's pid", pid_line(self), getpid());
	int go[2];
	pipe(go);
	pid_t c = fork();
	if (c == 0) {
		char x;
		close(go[1]);
		read(go[0], &x, 1);
		_exit(3);
	}
	close(go[0]);
	int pfd = (int)syscall(SYS_pidfd_open_, c, 0);
	CHECK_EQ("pidfd: a running child's pid", pid_line(pfd), c);
	close(go[1]);
	siginfo_t si;
	CHECK_OK0("waitid(P_PIDFD, WNOWAIT)", waitid(P_PIDFD, pfd, &si, WEXITED | WNOWAIT));
	CHECK_EQ("pidfd: a zombie still has its pid", pid_line(pfd), c);
	wait_for(c);
	CHECK_STR("pidfd: reaped: Pid: -1", line_of(fdinfo_own(pfd), "Pid:"), "Pid:\t-1");
}

/* ---- UNIX sockets ---- */

static const char *scm(int fd)
{
	return fdinfo_own(fd);
}

static void recv_drop(int fd, int flags, bool with_control)
{
	char buf[64];
	union { char b[CMSG_SPACE(sizeof(int) * 8)]; struct cmsghdr align; } c;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = with_control ? c.b : NULL,
			    .msg_controllen = with_control ? sizeof c.b : 0 };
	if (recvmsg(fd, &m, flags) < 0)
		return;
	for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
		if (h->cmsg_type == SCM_RIGHTS)
			for (unsigned i = 0; i < (h->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++)
				close(((int *)CMSG_DATA(h))[i]);
}

static void pair_case(const char *name, int type)
{
	char what[128];
	int s[2], p[2];
	socketpair(AF_UNIX, type, 0, s);
	pipe(p);
	snprintf(what, sizeof what, "%s: none in flight", name);
	CHECK_STR(what, scm(s[1]), "scm_fds: 0\n");
	send_fds(s[0], "ab", 2, p, 2);
	send_fds(s[0], "c", 1, p, 1);
	snprintf(what, sizeof what, "%s: 3 sent in 2 messages wait at the receiver", name);
	CHECK_STR(what, scm(s[1]), "scm_fds: 3\n");
	snprintf(what, sizeof what, "%s: the sender has none", name);
	CHECK_STR(what, scm(s[0]), "scm_fds: 0\n");
	recv_drop(s[1], MSG_PEEK, true);
	snprintf(what, sizeof what, "%s: MSG_PEEK leaves them", name);
	CHECK_STR(what, scm(s[1]), "scm_fds: 3\n");
	recv_drop(s[1], 0, true);
	snprintf(what, sizeof what, "%s: the first message received", name);
	CHECK_STR(what, scm(s[1]), "scm_fds: 1\n");
	recv_drop(s[1], 0, false);
	snprintf(what, sizeof what, "%s: the second received without room: dropped", name);
	CHECK_STR(what, scm(s[1]), "scm_fds: 0\n");
}

static void unix_pairs(void)
{
	pair_case("stream", SOCK_STREAM);
	pair_case("dgram", SOCK_DGRAM);
	pair_case("seqpacket", SOCK_SEQPACKET);
}

static void unix_listener(void)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_STR("an unconnected socket: scm_fds: 0", scm(l), "scm_fds: 0\n");
	bind_path(l, P("sock"));
	listen(l, 5);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect_path(c, P("sock"));
	int p[2];
	pipe(p);
	send_fds(c, "x", 1, p, 1);
	CHECK_STR("listener: counts the files sent to a connection not accepted", scm(l), "scm_fds: 1\n");
	CHECK_STR("listener: the client has none", scm(c), "scm_fds: 0\n");
	int a = accept(l, NULL, NULL);
	CHECK_STR("listener: accepted, the files are not the listener's", scm(l), "scm_fds: 0\n");
	CHECK_STR("listener: but the accepted socket's", scm(a), "scm_fds: 1\n");
}

/* ---- files with nothing of their own ---- */

static void nothing_more(void)
{
	int p[2];
	pipe(p);
	CHECK_STR("a pipe's read end: nothing after ino:", fdinfo_own(p[0]), "");
	CHECK_STR("a pipe's write end: nothing", fdinfo_own(p[1]), "");
	int f = open(P("file"), O_RDWR | O_CREAT, 0600);
	CHECK_STR("a regular file: nothing", fdinfo_own(f), "");
	flock(f, LOCK_SH);
	CHECK_STR("a regular file with a lock: nothing after the lock line", fdinfo_own(f), "");
	int m = (int)syscall(SYS_memfd_create, "t_fdinfo", 0);
	CHECK_STR("a memfd: nothing", fdinfo_own(m), "");
	int n = open("/dev/null", O_RDONLY);
	CHECK_STR("/dev/null: nothing", fdinfo_own(n), "");
	int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_STR("a TCP socket: nothing", fdinfo_own(t), "");
	CHECK_STR("a UDP socket: nothing", fdinfo_own(u), "");
}

int main(void)
{
	tdir_setup("t_fdinfo");
	RUN(eventfd_lines);
	RUN(after_locks);
	RUN(epoll_items);
	RUN(epoll_oneshot);
	RUN(epoll_one_file);
	RUN(epoll_big);
	RUN(epoll_pos);
	RUN(signalfd_mask);
	RUN(timerfd_lines);
	RUN(timerfd_fired);
	RUN(pidfd_pid);
	RUN(unix_pairs);
	RUN(unix_listener);
	RUN(nothing_more);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
