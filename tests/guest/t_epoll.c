/* t_epoll - differential test of epoll (issue 17 item 1): epoll_create,
 * epoll_create1, epoll_ctl and epoll_wait with every errno of the man
 * pages, level-triggered, edge-triggered and oneshot readiness on pipes,
 * FIFOs and UNIX sockets, the interest list keyed by open file and
 * descriptor (dup, close, fork), and timeouts. Nesting, the signal masks
 * of epoll_pwait/epoll_pwait2 and the limits are in t_epoll_nest.c. */
#include "check.h"
#include "epoll_util.h"

static void create(void)
{
	CHECK_SYSERR("epoll_create(0)", EINVAL, SYS_epoll_create, 0);
	CHECK_SYSERR("epoll_create(-1)", EINVAL, SYS_epoll_create, -1);
	int e = syscall(SYS_epoll_create, 1);
	CHECK("epoll_create(1)", e >= 0);
	CHECK_EQ("no close-on-exec", fcntl(e, F_GETFD), 0);
	CHECK_EQ("O_RDWR", fcntl(e, F_GETFL) & O_ACCMODE, O_RDWR);
	close(e);
	CHECK("epoll_create(100000)", (e = epoll_create(100000)) >= 0);
	close(e);
	e = epoll_create1(EPOLL_CLOEXEC);
	CHECK_EQ("EPOLL_CLOEXEC", fcntl(e, F_GETFD), FD_CLOEXEC);
	CHECK_ERR("epoll_create1(1)", epoll_create1(1), EINVAL);
	CHECK_ERR("epoll_create1(O_NONBLOCK)", epoll_create1(O_NONBLOCK), EINVAL);
	CHECK_ERR("epoll_create1(-1)", epoll_create1(-1), EINVAL);
	char c;
	CHECK_ERR("read of an epoll", read(e, &c, 1), EINVAL);
	CHECK_ERR("write to an epoll", write(e, &c, 1), EINVAL);
	CHECK_EQ("lseek of an epoll", lseek(e, 0, SEEK_CUR), 0);
	char path[64], link[64] = "";
	snprintf(path, sizeof path, "/proc/self/fd/%d", e);
	CHECK_EQ("readlink", readlink(path, link, sizeof link - 1), 22);
	CHECK_STR("an anonymous inode", link, "anon_inode:[eventpoll]");
	struct stat st;
	CHECK_OK0("fstat", fstat(e, &st));
	CHECK_MODE("mode 0600, no type", st.st_mode, 0600);
	close(e);
}

static void ctl_errors(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	struct epoll_event ev = { EPOLLIN, { .u64 = 1 } };
	CHECK_ERR("bad epfd", epoll_ctl(99, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	CHECK_ERR("bad fd", epoll_ctl(e, EPOLL_CTL_ADD, 99, &ev), EBADF);
	CHECK_ERR("negative fd", epoll_ctl(e, EPOLL_CTL_ADD, -1, &ev), EBADF);
	CHECK_ERR("epfd not an epoll", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &ev), EINVAL);
	CHECK_ERR("epoll in itself", epoll_ctl(e, EPOLL_CTL_ADD, e, &ev), EINVAL);
	int self = dup(e);
	CHECK_ERR("in itself through a dup", epoll_ctl(e, EPOLL_CTL_ADD, self, &ev), EINVAL);
	close(self);
	tdir_setup("epoll");
	int r = open(P("f"), O_CREAT | O_RDWR, 0600), d = open(P("."), O_RDONLY);
	CHECK_ERR("regular file", epoll_ctl(e, EPOLL_CTL_ADD, r, &ev), EPERM);
	CHECK_ERR("directory", epoll_ctl(e, EPOLL_CTL_ADD, d, &ev), EPERM);
	CHECK_ERR("regular file, not an epoll", epoll_ctl(p[0], EPOLL_CTL_ADD, r, &ev), EPERM);
	int op = open(".", O_PATH);
	CHECK_ERR("an O_PATH descriptor", epoll_ctl(e, EPOLL_CTL_ADD, op, &ev), EBADF);
	CHECK_ERR("an O_PATH epfd", epoll_ctl(op, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	close(op);
	int n = open("/dev/null", O_RDWR);
	CHECK_ERR("/dev/null", epoll_ctl(e, EPOLL_CTL_ADD, n, &ev), EPERM);
	CHECK_ERR("MOD before ADD", epoll_ctl(e, EPOLL_CTL_MOD, p[0], &ev), ENOENT);
	CHECK_ERR("DEL before ADD", epoll_ctl(e, EPOLL_CTL_DEL, p[0], &ev), ENOENT);
	CHECK_OK0("ADD", epoll_ctl(e, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_ERR("ADD twice", epoll_ctl(e, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	CHECK_ERR("bad op", epoll_ctl(e, 0, p[0], &ev), EINVAL);
	CHECK_ERR("op 4", epoll_ctl(e, 4, p[0], &ev), EINVAL);
	CHECK_ERR("bad op, bad fd", epoll_ctl(e, 7, 99, &ev), EBADF);
	CHECK_ERR("ADD, bad event pointer", epoll_ctl(e, EPOLL_CTL_ADD, p[1], (void *)8), EFAULT);
	CHECK_ERR("MOD, bad event pointer", epoll_ctl(e, EPOLL_CTL_MOD, p[0], (void *)8), EFAULT);
	CHECK_ERR("bad op, bad pointer", epoll_ctl(e, 9, p[0], (void *)8), EFAULT);
	CHECK_ERR("EFAULT before EBADF", epoll_ctl(99, EPOLL_CTL_ADD, 98, NULL), EFAULT);
	CHECK_OK0("DEL with a NULL event", epoll_ctl(e, EPOLL_CTL_DEL, p[0], NULL));
	CHECK_ERR("DEL again", epoll_ctl(e, EPOLL_CTL_DEL, p[0], NULL), ENOENT);
	CHECK_OK0("ADD of no events", epoll_ctl(e, EPOLL_CTL_ADD, p[1], &(struct epoll_event){ 0, { 0 } }));
	CHECK_OK0("ADD of every flag", epoll_ctl(e, EPOLL_CTL_ADD, p[0],
		  &(struct epoll_event){ ~0u & ~EPOLLEXCLUSIVE, { 0 } }));
	close(r); close(d); close(n);
	close(p[0]); close(p[1]); close(e);
}

static void exclusive_rules(void)
{
	int e = epoll_create1(0), e2 = epoll_create1(0), p[2];
	pipe(p);
	struct epoll_event ev = { EPOLLIN | EPOLLEXCLUSIVE, { 0 } };
	CHECK_ERR("EXCLUSIVE with MOD", epoll_ctl(e, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	CHECK_ERR("EXCLUSIVE with ONESHOT", epoll_ctl(e, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDHUP;
	CHECK_ERR("EXCLUSIVE with RDHUP", epoll_ctl(e, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLPRI;
	CHECK_ERR("EXCLUSIVE with PRI", epoll_ctl(e, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK_ERR("EXCLUSIVE on an epoll", epoll_ctl(e, EPOLL_CTL_ADD, e2, &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLET | EPOLLWAKEUP | EPOLLEXCLUSIVE;
	CHECK_OK0("EXCLUSIVE with its allowed bits", epoll_ctl(e, EPOLL_CTL_ADD, p[0], &ev));
	ev.events = EPOLLIN;
	CHECK_ERR("MOD of an EXCLUSIVE item", epoll_ctl(e, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	CHECK_OK0("DEL of an EXCLUSIVE item", epoll_ctl(e, EPOLL_CTL_DEL, p[0], NULL));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK_OK0("two EXCLUSIVE watchers", epoll_ctl(e, EPOLL_CTL_ADD, p[0], &ev) |
		  epoll_ctl(e2, EPOLL_CTL_ADD, p[0], &ev));
	write(p[1], "x", 1);
	CHECK_STR("first sees it", wait_str(e, 0), "1:0x1/0");
	CHECK_STR("second sees it", wait_str(e2, 0), "1:0x1/0");
	close(p[0]); close(p[1]); close(e); close(e2);
}

static void wait_errors(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	struct epoll_event out[2];
	CHECK_ERR("maxevents 0", epoll_wait(e, out, 0, 0), EINVAL);
	CHECK_ERR("maxevents -1", epoll_wait(e, out, -1, 0), EINVAL);
	CHECK_ERR("maxevents too large", epoll_wait(e, out, INT_MAX / 12 + 1, 0), EINVAL);
	CHECK_ERR("bad epfd", epoll_wait(99, out, 1, 0), EBADF);
	CHECK_ERR("not an epoll", epoll_wait(p[0], out, 1, 0), EINVAL);
	CHECK_EQ("NULL events, nothing ready", epoll_wait(e, NULL, 1, 0), 0);
	struct epoll_event ev = { EPOLLOUT, { .u64 = 5 } };
	epoll_ctl(e, EPOLL_CTL_ADD, p[1], &ev);
	CHECK_ERR("NULL events, one ready", epoll_wait(e, NULL, 1, 0), EFAULT);
	CHECK_ERR("bad events pointer", epoll_wait(e, (void *)8, 1, -1), EFAULT);
	CHECK_STR("still ready after EFAULT", wait_str(e, 0), "1:0x4/5");
	CHECK_ERR("epoll_pwait sigsetsize 4", epoll_pwait_raw(e, out, 1, 0, &(uint64_t){ 0 }, 4), EINVAL);
	CHECK_EQ("epoll_pwait NULL mask, any size", epoll_pwait_raw(e, out, 1, 0, NULL, 3), 1);
	CHECK_ERR("epoll_pwait bad mask", epoll_pwait_raw(e, out, 1, 0, (void *)8, 8), EFAULT);
	CHECK_ERR("mask checked before epfd", epoll_pwait_raw(99, out, 1, 0, (void *)8, 8), EFAULT);
	struct kts { int64_t s, ns; } ts = { 0, 1000000000 };
	CHECK_ERR("epoll_pwait2 nsec 1e9", epoll_pwait2_raw(e, out, 1, &ts, NULL, 8), EINVAL);
	ts.s = -1; ts.ns = 0;
	CHECK_ERR("epoll_pwait2 negative", epoll_pwait2_raw(e, out, 1, &ts, NULL, 8), EINVAL);
	CHECK_ERR("epoll_pwait2 bad timeout", epoll_pwait2_raw(e, out, 1, (void *)8, NULL, 8), EFAULT);
	CHECK_ERR("timeout checked before epfd", epoll_pwait2_raw(99, out, 1, (void *)8, NULL, 8), EFAULT);
	ts.s = 0;
	CHECK_EQ("epoll_pwait2 zero timeout", epoll_pwait2_raw(e, out, 1, &ts, NULL, 8), 1);
	CHECK_EQ("epoll_pwait2 NULL timeout, ready", epoll_pwait2_raw(e, out, 2, NULL, NULL, 8), 1);
	close(p[0]); close(p[1]); close(e);
}

/* Level-triggered: reported on every wait while the condition holds. */
static void level(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	CHECK_OK0("ADD", epoll_add(e, p[0], EPOLLIN, 7));
	CHECK_STR("empty pipe", wait_str(e, 0), "0");
	write(p[1], "ab", 2);
	CHECK_STR("readable", wait_str(e, 0), "1:0x1/7");
	CHECK_STR("still readable", wait_str(e, 0), "1:0x1/7");
	char c;
	read(p[0], &c, 1);
	CHECK_STR("one byte left", wait_str(e, 0), "1:0x1/7");
	read(p[0], &c, 1);
	CHECK_STR("drained", wait_str(e, 0), "0");
	CHECK_OK0("MOD to OUT", epoll_mod(e, p[0], EPOLLOUT, 8));
	write(p[1], "a", 1);
	CHECK_STR("read end never writable", wait_str(e, 0), "0");
	CHECK_OK0("MOD to IN, new data", epoll_mod(e, p[0], EPOLLIN | EPOLLOUT, 9));
	CHECK_STR("new data word", wait_str(e, 0), "1:0x1/9");
	CHECK_OK0("ADD write end", epoll_add(e, p[1], EPOLLOUT, 10));
	CHECK_STR("both, in order of readiness", wait_str(e, 0), "2:0x1/9,0x4/10");
	CHECK_OK0("DEL", epoll_ctl(e, EPOLL_CTL_DEL, p[0], NULL));
	CHECK_STR("only the write end", wait_str(e, 0), "1:0x4/10");
	close(p[0]); close(p[1]); close(e);
}

/* maxevents smaller than the ready list: the rest come next time, and a
 * level-triggered item goes to the back of the line. */
static void round_robin(void)
{
	int e = epoll_create1(0), p[3][2];
	for (int i = 0; i < 3; i++) {
		pipe(p[i]);
		write(p[i][1], "x", 1);
		epoll_add(e, p[i][0], EPOLLIN, i);
	}
	CHECK_STR("first", wait_n(e, 1, 0), "1:0x1/0");
	CHECK_STR("second", wait_n(e, 1, 0), "1:0x1/1");
	CHECK_STR("third", wait_n(e, 1, 0), "1:0x1/2");
	CHECK_STR("first again", wait_n(e, 1, 0), "1:0x1/0");
	CHECK_STR("two", wait_n(e, 2, 0), "2:0x1/1,0x1/2");
	CHECK_STR("all", wait_n(e, 8, 0), "3:0x1/0,0x1/1,0x1/2");
	char c;
	read(p[1][0], &c, 1);
	CHECK_STR("one drained", wait_n(e, 8, 0), "2:0x1/0,0x1/2");
	for (int i = 0; i < 3; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
	close(e);
}

/* Edge-triggered: once per wake-up of the file's queue. */
static void edge(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	write(p[1], "a", 1);
	CHECK_OK0("ADD ET, ready", epoll_add(e, p[0], EPOLLIN | EPOLLET, 1));
	CHECK_STR("reported once", wait_str(e, 0), "1:0x1/1");
	CHECK_STR("not again", wait_str(e, 0), "0");
	write(p[1], "b", 1);
	CHECK_STR("new data: again", wait_str(e, 0), "1:0x1/1");
	CHECK_STR("then not", wait_str(e, 0), "0");
	char buf[4];
	read(p[0], buf, 1);
	CHECK_STR("a read is no edge for IN", wait_str(e, 0), "0");
	CHECK_OK0("MOD re-polls", epoll_mod(e, p[0], EPOLLIN | EPOLLET, 2));
	CHECK_STR("MOD reports the level", wait_str(e, 0), "1:0x1/2");
	CHECK_STR("once", wait_str(e, 0), "0");
	close(p[1]);
	CHECK_STR("writer gone", wait_str(e, 0), "1:0x11/2");
	CHECK_STR("and once", wait_str(e, 0), "0");
	close(p[0]);
	pipe(p);
	CHECK_OK0("ET on a write end", epoll_add(e, p[1], EPOLLOUT | EPOLLET, 3));
	CHECK_STR("writable once", wait_str(e, 0), "1:0x4/3");
	write(p[1], "x", 1);
	read(p[0], buf, 1);
	CHECK_STR("a read of a pipe that was not full: no edge", wait_str(e, 0), "0");
	static char page[4096];
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	int pages = 0;
	while (write(p[1], page, sizeof page) == sizeof page)
		pages++;
	CHECK_EQ("filled: 16 pages", pages, 16);
	CHECK_STR("full: nothing", wait_str(e, 0), "0");
	read(p[0], page, 100);
	CHECK_STR("part of a buffer read: still full", wait_str(e, 0), "0");
	read(p[0], page, sizeof page - 100);
	CHECK_STR("a buffer freed: the edge", wait_str(e, 0), "1:0x4/3");
	CHECK_STR("once", wait_str(e, 0), "0");
	close(p[0]); close(p[1]); close(e);
}

static void oneshot(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	CHECK_OK0("ADD ONESHOT", epoll_add(e, p[0], EPOLLIN | EPOLLONESHOT, 3));
	write(p[1], "a", 1);
	CHECK_STR("reported", wait_str(e, 0), "1:0x1/3");
	CHECK_STR("disarmed", wait_str(e, 0), "0");
	write(p[1], "b", 1);
	CHECK_STR("disarmed, new data", wait_str(e, 0), "0");
	close(p[1]);
	CHECK_STR("disarmed, hang-up", wait_str(e, 0), "0");
	CHECK_ERR("still there: ADD fails", epoll_add(e, p[0], EPOLLIN, 0), EEXIST);
	CHECK_OK0("MOD re-arms", epoll_mod(e, p[0], EPOLLIN | EPOLLONESHOT, 4));
	CHECK_STR("reported again", wait_str(e, 0), "1:0x11/4");
	CHECK_STR("disarmed again", wait_str(e, 0), "0");
	close(p[0]); close(e);
}

/* Pipe and FIFO conditions, and ERR/HUP reported though not asked for. */
static void pipe_states(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	epoll_add(e, p[1], EPOLLOUT | EPOLLIN, 1);
	CHECK_STR("write end writable", wait_str(e, 0), "1:0x4/1");
	close(p[0]);
	CHECK_STR("no reader: ERR", wait_str(e, 0), "1:0xc/1");
	CHECK_OK0("MOD to nothing", epoll_mod(e, p[1], 0, 2));
	CHECK_STR("ERR is always reported", wait_str(e, 0), "1:0x8/2");
	close(p[1]);
	pipe(p);
	epoll_add(e, p[0], 0, 3);
	CHECK_STR("reader, no events asked", wait_str(e, 0), "0");
	close(p[1]);
	CHECK_STR("HUP is always reported", wait_str(e, 0), "1:0x10/3");
	close(p[0]);
	tdir_setup("epoll_fifo");
	mkfifo(P("f"), 0600);
	int rw = open(P("f"), O_RDWR);
	epoll_add(e, rw, EPOLLIN | EPOLLOUT, 4);
	CHECK_STR("FIFO O_RDWR", wait_str(e, 0), "1:0x4/4");
	write(rw, "z", 1);
	CHECK_STR("FIFO with data", wait_str(e, 0), "1:0x5/4");
	int r = open(P("f"), O_RDONLY | O_NONBLOCK);
	epoll_add(e, r, EPOLLIN | EPOLLRDHUP, 5);
	CHECK_STR("second reader", wait_str(e, 0), "2:0x5/4,0x1/5");
	close(e); close(rw); close(r);
}

/* A sleeping epoll_wait is woken by another process's write. */
static void wakeup(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	epoll_add(e, p[0], EPOLLIN, 11);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		write(p[1], "x", 1);
		_exit(0);
	}
	CHECK_STR("woken with -1", wait_str(e, -1), "1:0x1/11");
	CHECK_EXIT("writer", wait_for(pid), 0);
	char c;
	read(p[0], &c, 1);
	pid = fork();
	if (pid == 0) {
		msleep(100);
		write(p[1], "y", 1);
		_exit(0);
	}
	CHECK_STR("woken within a timeout", wait_str(e, 5000), "1:0x1/11");
	wait_for(pid);
	close(p[0]); close(p[1]); close(e);
}

static void timeouts(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	epoll_add(e, p[0], EPOLLIN, 0);
	long t = now_ms();
	CHECK_STR("timeout 0", wait_str(e, 0), "0");
	CHECK("timeout 0 does not wait", now_ms() - t < 50);
	t = now_ms();
	CHECK_STR("timeout 60 ms", wait_str(e, 60), "0");
	long d = now_ms() - t;
	CHECK("waited 60 ms or more", d >= 60);
	CHECK("not much more", d < 1000);
	struct epoll_event out;
	struct { int64_t s, ns; } ts = { 0, 50000000 };
	t = now_ms();
	CHECK_EQ("epoll_pwait2 50 ms", epoll_pwait2_raw(e, &out, 1, &ts, NULL, 8), 0);
	CHECK("waited 50 ms or more", now_ms() - t >= 50);
	t = now_ms();
	CHECK_EQ("epoll_pwait 30 ms", epoll_pwait(e, &out, 1, 30, NULL), 0);
	CHECK("waited 30 ms or more", now_ms() - t >= 30);
	close(p[0]); close(p[1]); close(e);
}

/* Two processes wait on one epoll set with a 400 ms timeout; one event
 * comes, for a ONESHOT item. One waiter gets it; the other, woken or not,
 * finds nothing and must still end at its timeout, not sleep on without
 * one. Each child exits 1 (the event), 0 (none, after 400 ms or more) or 2. */
static void timeout_after_wakeup(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	epoll_add(e, p[0], EPOLLIN | EPOLLONESHOT, 7);
	pid_t pid[2];
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			struct epoll_event out;
			long t = now_ms();
			int n = epoll_wait(e, &out, 1, 400);
			long d = now_ms() - t;
			_exit(n == 1 ? 1 : n == 0 && d >= 400 ? 0 : 2);
		}
	}
	usleep(100000);                              /* both asleep, most likely */
	write(p[1], "x", 1);
	int got[3] = { 0, 0, 0 };
	for (int i = 0; i < 2; i++) {
		int st = wait_for(pid[i]);
		int c = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
		got[c > 2 ? 2 : c]++;
	}
	CHECK_EQ("one waiter gets the event", got[1], 1);
	CHECK_EQ("the other ends at its timeout", got[0], 1);
	close(p[0]); close(p[1]); close(e);
}

/* The interest list is keyed by (file, fd): a closed descriptor whose file
 * lives on in a dup keeps reporting; the last close removes it. */
static void close_dup(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	epoll_add(e, p[0], EPOLLIN, 21);
	int d = dup(p[0]);
	close(p[0]);
	write(p[1], "x", 1);
	CHECK_STR("closed fd, file open elsewhere", wait_str(e, 0), "1:0x1/21");
	CHECK_ERR("DEL through the closed fd", epoll_ctl(e, EPOLL_CTL_DEL, p[0], NULL), EBADF);
	CHECK_ERR("DEL through the dup: other key", epoll_ctl(e, EPOLL_CTL_DEL, d, NULL), ENOENT);
	CHECK_OK0("the dup is a second item", epoll_add(e, d, EPOLLIN, 22));
	CHECK_STR("two items, one file", wait_str(e, 0), "2:0x1/21,0x1/22");
	int again = dup2(d, p[0]);
	CHECK_EQ("same number again", again, p[0]);
	CHECK_ERR("same file and fd: EEXIST", epoll_add(e, p[0], EPOLLIN, 23), EEXIST);
	CHECK_OK0("MOD through it", epoll_mod(e, p[0], EPOLLIN, 24));
	CHECK_STR("data changed", wait_str(e, 0), "2:0x1/24,0x1/22");
	close(p[0]);
	close(d);
	CHECK_STR("last close: gone", wait_str(e, 0), "0");
	int q[2];
	pipe(q);
	CHECK_EQ("fd reused", q[0], p[0]);
	CHECK_OK0("ADD of a new file on the old number", epoll_add(e, q[0], EPOLLIN, 25));
	write(q[1], "x", 1);
	CHECK_STR("new file", wait_str(e, 0), "1:0x1/25");
	close(q[0]); close(q[1]); close(p[1]); close(e);
}

static void fork_share(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	epoll_add(e, p[0], EPOLLIN, 31);
	pid_t pid = fork();
	if (pid == 0) {
		epoll_add(e, p[1], EPOLLOUT, 32);   /* the set is shared */
		close(p[0]);
		_exit(0);
	}
	wait_for(pid);
	write(p[1], "x", 1);
	CHECK_STR("the child's ADD shows", wait_str(e, 0), "2:0x4/32,0x1/31");
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		_exit(0);
	}
	wait_for(pid);
	CHECK_STR("no reader left", wait_str(e, 0), "1:0xc/32");
	close(p[1]);
	CHECK_STR("all closed", wait_str(e, 0), "0");
	close(e);
}

/* Closing the epoll with items, and closing watched files first. */
static void close_orders(void)
{
	int p[2], e = epoll_create1(0), e2 = epoll_create1(0);
	pipe(p);
	epoll_add(e, p[0], EPOLLIN, 1);
	epoll_add(e2, p[0], EPOLLIN, 2);
	epoll_add(e2, p[1], EPOLLOUT, 3);
	close(e);
	write(p[1], "x", 1);
	CHECK_STR("the other epoll goes on", wait_str(e2, 0), "2:0x4/3,0x1/2");
	close(p[1]);
	CHECK_STR("write end gone", wait_str(e2, 0), "1:0x11/2");
	close(p[0]);
	CHECK_STR("all gone", wait_str(e2, 0), "0");
	close(e2);
}

int main(void)
{
	RUN(create);
	RUN(ctl_errors);
	RUN(exclusive_rules);
	RUN(wait_errors);
	RUN(level);
	RUN(round_robin);
	RUN(edge);
	RUN(oneshot);
	RUN(pipe_states);
	RUN(wakeup);
	RUN(timeouts);
	RUN(timeout_after_wakeup);
	RUN(close_dup);
	RUN(fork_share);
	RUN(close_orders);
	return cases_failed ? 1 : 0;
}
