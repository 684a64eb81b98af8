/* t_aio - Linux native AIO through raw system calls (musl has no libaio),
 * differential against Linux 6.1:
 *  io_setup's errors and the ring it maps (header read from user space,
 *  its size as Linux rounds it, /proc/<pid>/maps' "/[aio] (deleted)"),
 *  fs.aio-nr and fs.aio-max-nr; io_submit's checks in Linux's order,
 *  reads and writes on a file and a pipe done inside io_submit, FSYNC,
 *  IOCB_FLAG_RESFD with an eventfd, IOCB_CMD_POLL on a pipe, io_cancel,
 *  io_getevents' and io_pgetevents' checks, timeouts and signals, the
 *  ring's head moved by user space, io_destroy, fork and exit.
 * Left out: the point where io_submit says EAGAIN for a full ring, which
 * Linux's per-CPU batches of free slots make depend on the CPU count (a
 * 2-CPU host and 1-CPU Pipit differ), and the ring's device and inode
 * numbers in maps (an internal filesystem's). */
#include "aio_abi.h"
#include <poll.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/eventfd.h>
#include <stdint.h>

static long sysctl_read(const char *name)
{
	char path[64], buf[32] = "";
	snprintf(path, sizeof path, "/proc/sys/fs/%s", name);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	read(fd, buf, sizeof buf - 1);
	close(fd);
	return atol(buf);
}
static void sysctl_write(const char *name, long v)
{
	char path[64], buf[32];
	snprintf(path, sizeof path, "/proc/sys/fs/%s", name);
	int fd = open(path, O_WRONLY);
	int n = snprintf(buf, sizeof buf, "%ld\n", v);
	write(fd, buf, n);
	close(fd);
}
static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}
static int tmpfile_rw(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	return fd;
}

static void setup_errors(void)
{
	unsigned long ctx = 5;
	CHECK_SYSERR("*ctxp not 0: EINVAL", EINVAL, __NR_io_setup, 1, &ctx);
	ctx = 0;
	CHECK_SYSERR("nr 0: EINVAL", EINVAL, __NR_io_setup, 0, &ctx);
	CHECK_SYSERR("ctxp unmapped: EFAULT", EFAULT, __NR_io_setup, 1, (void *)16);
	CHECK_SYSERR("nr 0xffffffff: EINVAL (past 2^28 bytes of events)", EINVAL, __NR_io_setup, 0xffffffffu, &ctx);
	CHECK_SYSERR("nr 4194305: EINVAL", EINVAL, __NR_io_setup, 4194305, &ctx);
	CHECK_SYSERR("nr 0x80000000: doubled to 0, EAGAIN", EAGAIN, __NR_io_setup, 0x80000000u, &ctx);
	CHECK_SYSERR("nr past aio-max-nr: EAGAIN", EAGAIN, __NR_io_setup, 65537, &ctx);
	CHECK_EQ("ctx untouched", ctx, 0);
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_SYSERR("ctxp read-only: EFAULT", EFAULT, __NR_io_setup, 1, ro);
	CHECK_EQ("no context left behind", sysctl_read("aio-nr") >= 0, 1);
}

static void ring_header(void)
{
	static const unsigned nr[] = { 1, 8, 62, 63, 126, 127, 200, 1000 };
	static const unsigned ring_nr[] = { 127, 127, 127, 255, 255, 383, 511, 2047 };
	for (unsigned i = 0; i < sizeof nr / sizeof nr[0]; i++) {
		unsigned long ctx;
		char name[64];
		snprintf(name, sizeof name, "io_setup %u", nr[i]);
		CHECK_OK0(name, setup(nr[i], &ctx));
		struct aio_ring_ *r = (void *)ctx;
		snprintf(name, sizeof name, "nr %u: ring->nr %u", nr[i], ring_nr[i]);
		CHECK_EQ(name, r->nr, ring_nr[i]);
		snprintf(name, sizeof name, "nr %u: ring->id is its index", nr[i]);
		CHECK_EQ(name, r->id, i);
		if (i == 0) {
			CHECK_EQ("magic", r->magic, 0xa10a10a1u);
			CHECK_EQ("compat_features", r->compat_features, 1);
			CHECK_EQ("incompat_features", r->incompat_features, 0);
			CHECK_EQ("header_length", r->header_length, 32);
			CHECK_EQ("head", r->head, 0);
			CHECK_EQ("tail", r->tail, 0);
			CHECK_EQ("ctx page aligned", ctx & 4095, 0);
		}
	}
	unsigned long ctx;
	CHECK_OK0("io_setup 127", setup(127, &ctx));
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/maps", getpid());
	FILE *f = fopen(path, "r");
	int found = 0;
	while (f && fgets(line, sizeof line, f)) {
		unsigned long s, e;
		char perm[8];
		if (sscanf(line, "%lx-%lx %7s", &s, &e, perm) == 3 && s == ctx) {
			found = 1;
			CHECK_STR("ring mapped rw-s", perm, "rw-s");
			CHECK_EQ("ring of 3 pages", e - s, 3 * 4096);
			CHECK("named /[aio] (deleted)", strstr(line, " /[aio] (deleted)\n") != NULL);
		}
	}
	CHECK("the ring is in maps at the ctx id", found);
}

static void sysctls(void)
{
	CHECK_EQ("aio-max-nr 65536", sysctl_read("aio-max-nr"), 65536);
	long before = sysctl_read("aio-nr");
	unsigned long a, b;
	CHECK_OK0("io_setup 100", setup(100, &a));
	CHECK_EQ("aio-nr grows by what was asked", sysctl_read("aio-nr") - before, 100);
	CHECK_OK0("io_setup 1", setup(1, &b));
	CHECK_EQ("aio-nr +1", sysctl_read("aio-nr") - before, 101);
	CHECK_OK0("io_destroy", syscall(__NR_io_destroy, a));
	CHECK_EQ("aio-nr back by 100", sysctl_read("aio-nr") - before, 1);
	long cur = sysctl_read("aio-nr");
	sysctl_write("aio-max-nr", cur + 50);
	a = 0;
	CHECK_SYSERR("over fs.aio-max-nr: EAGAIN", EAGAIN, __NR_io_setup, 51, &a);
	a = 0;
	CHECK_OK0("up to fs.aio-max-nr: fine", setup(50, &a));
	sysctl_write("aio-max-nr", 65536);
	CHECK_EQ("aio-max-nr restored", sysctl_read("aio-max-nr"), 65536);
	int fd = open("/proc/sys/fs/aio-nr", O_WRONLY);
	CHECK_EQ("aio-nr read-only", fd < 0, 1);
}

static void submit_errors(void)
{
	unsigned long ctx;
	char buf[16];
	int fd = tmpfile_rw(), p[2], efd = eventfd(0, 0);
	pipe(p);
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ cb = rw_cb(CMD_PREAD, fd, buf, 4, 0), *l[2] = { &cb, &cb };
	CHECK_SYSERR("ctx 0: EINVAL", EINVAL, __NR_io_submit, 0, 1, l);
	CHECK_SYSERR("ctx not a context: EINVAL", EINVAL, __NR_io_submit, ctx + 4096 * 8, 1, l);
	CHECK_SYSERR("nr < 0: EINVAL", EINVAL, __NR_io_submit, ctx, -1, l);
	CHECK_EQ("nr 0: 0", syscall(__NR_io_submit, ctx, 0, l), 0);
	CHECK_SYSERR("iocbpp unmapped: EFAULT", EFAULT, __NR_io_submit, ctx, 1, (void *)16);
	struct iocb_ *bad[1] = { (void *)16 };
	CHECK_SYSERR("iocb unmapped: EFAULT", EFAULT, __NR_io_submit, ctx, 1, bad);
	struct iocb_ c;
#define TRY(name, E, ...) do { c = cb; __VA_ARGS__; CHECK_SYSERR(name, E, __NR_io_submit, ctx, 1, (struct iocb_ *[]){ &c }); } while (0)
	TRY("aio_reserved2: EINVAL", EINVAL, c.aio_reserved2 = 1);
	/* Left out: aio_buf or aio_nbytes past 32 bits and a length of 2^31
	 * or more (EINVAL on a 32-bit kernel), and a buffer at 0xc0000000
	 * (EFAULT there): a 64-bit host takes them as a 32-bit program's
	 * valid values and fails the transfer in the event instead. */
	TRY("reserved2 before EBADF", EINVAL, c.aio_reserved2 = 1; c.aio_fildes = 999);
	TRY("bad fd: EBADF", EBADF, c.aio_fildes = 999);
	TRY("RESFD closed: EBADF", EBADF, c.aio_flags = FLAG_RESFD; c.aio_resfd = 999);
	TRY("RESFD not an eventfd: EINVAL", EINVAL, c.aio_flags = FLAG_RESFD; c.aio_resfd = fd);
	TRY("EBADF before a bad RESFD", EBADF, c.aio_fildes = 999; c.aio_flags = FLAG_RESFD; c.aio_resfd = fd);
	TRY("opcode NOOP: EINVAL", EINVAL, c.aio_lio_opcode = CMD_NOOP);
	TRY("opcode 4: EINVAL", EINVAL, c.aio_lio_opcode = 4);
	TRY("opcode 99: EINVAL", EINVAL, c.aio_lio_opcode = 99);
	TRY("unknown RWF_ flag: EOPNOTSUPP", EOPNOTSUPP, c.aio_rw_flags = 0x1000);
	TRY("IOPRIO class 4: EINVAL", EINVAL, c.aio_flags = FLAG_IOPRIO; c.aio_reqprio = 4 << 13);
	TRY("IOPRIO class 0 with data: EINVAL", EINVAL, c.aio_flags = FLAG_IOPRIO; c.aio_reqprio = 1);
	TRY("RWF_ checked before the access mode", EOPNOTSUPP, c.aio_rw_flags = 0x1000; c.aio_fildes = p[1]);
	TRY("PREAD on a write-only fd: EBADF", EBADF, c.aio_fildes = p[1]);
	TRY("PWRITE on a read-only fd: EBADF", EBADF, c.aio_lio_opcode = CMD_PWRITE; c.aio_fildes = p[0]);
	TRY("PREADV vector unmapped: EFAULT", EFAULT, c.aio_lio_opcode = CMD_PREADV; c.aio_buf = 16; c.aio_nbytes = 1);
	TRY("PREADV 1025 segments: EINVAL", EINVAL, c.aio_lio_opcode = CMD_PREADV; c.aio_nbytes = 1025);
	TRY("negative offset: EINVAL", EINVAL, c.aio_offset = -1);
	TRY("negative offset on a pipe too: EINVAL", EINVAL, c.aio_fildes = p[0]; c.aio_offset = -1);
	TRY("FSYNC with a length: EINVAL", EINVAL, c.aio_lio_opcode = CMD_FSYNC);
	TRY("FSYNC of a pipe: EINVAL", EINVAL, c.aio_lio_opcode = CMD_FSYNC; c.aio_fildes = p[0];
	    c.aio_buf = c.aio_nbytes = 0);
	TRY("POLL events past 16 bits: EINVAL", EINVAL, c = poll_cb(p[0], 0x10001));
	TRY("POLL with a length: EINVAL", EINVAL, c = poll_cb(p[0], POLLIN); c.aio_nbytes = 1);
	TRY("POLL with an offset: EINVAL", EINVAL, c = poll_cb(p[0], POLLIN); c.aio_offset = 1);
	TRY("POLL with rw flags: EINVAL", EINVAL, c = poll_cb(p[0], POLLIN); c.aio_rw_flags = 1);
	struct iocb_ bad2 = cb;
	bad2.aio_fildes = 999;
	struct iocb_ *two[2] = { &cb, &bad2 };
	CHECK_EQ("second fails: 1 submitted", syscall(__NR_io_submit, ctx, 2, two), 1);
	two[0] = &bad2;
	CHECK_SYSERR("first fails: its error", EBADF, __NR_io_submit, ctx, 2, two);
	struct iocb_ *one_bad[2] = { &cb, (void *)16 };
	CHECK_EQ("second unmapped: 1 submitted", syscall(__NR_io_submit, ctx, 2, one_bad), 1);
	c = cb;
	c.aio_key = 77;
	CHECK_EQ("submit", submit1(ctx, &c), 1);
	CHECK_EQ("aio_key cleared", c.aio_key, 0);
	c = cb;
	c.aio_flags = FLAG_IOPRIO;
	c.aio_reqprio = (2 << 13) | 7;
	CHECK_EQ("IOPRIO best effort 7: fine", submit1(ctx, &c), 1);
	c.aio_flags = FLAG_RESFD;
	c.aio_resfd = efd;
	CHECK_EQ("RESFD eventfd: fine", submit1(ctx, &c), 1);
	c = rw_cb(CMD_FDSYNC, fd, NULL, 0, 0);
	CHECK_EQ("FDSYNC of a file: fine", submit1(ctx, &c), 1);
	struct io_event_ ev[8];
	CHECK_EQ("6 events", getev(ctx, 6, 8, ev, 1, 0), 6);
}

static void rw_file(void)
{
	unsigned long ctx;
	int fd = tmpfile_rw();
	char rd[16] = "", a[4] = "", b[8] = "";
	CHECK_OK0("io_setup", setup(4, &ctx));
	struct iocb_ w = rw_cb(CMD_PWRITE, fd, "hello world", 11, 0);
	w.aio_data = 0x1122334455667788ull;
	CHECK_EQ("PWRITE submitted", submit1(ctx, &w), 1);
	struct io_event_ ev[4];
	CHECK_EQ("one event", getev(ctx, 1, 4, ev, 1, 0), 1);
	CHECK_EQ("data back", ev[0].data, 0x1122334455667788ull);
	CHECK_EQ("obj is the iocb", ev[0].obj, U(&w));
	CHECK_EQ("res 11", ev[0].res, 11);
	CHECK_EQ("res2 0", ev[0].res2, 0);
	CHECK_EQ("file offset untouched", lseek(fd, 0, SEEK_CUR), 0);
	struct iocb_ r = rw_cb(CMD_PREAD, fd, rd, 5, 6);
	CHECK_EQ("PREAD submitted", submit1(ctx, &r), 1);
	CHECK_EQ("event", getev(ctx, 1, 4, ev, 1, 0), 1);
	CHECK_EQ("res 5", ev[0].res, 5);
	CHECK_STR("read 'world'", rd, "world");
	struct iovec iov[2] = { { a, 3 }, { b, 5 } };
	struct iocb_ rv = rw_cb(CMD_PREADV, fd, iov, 2, 2);
	struct iocb_ past = rw_cb(CMD_PREAD, fd, rd, 5, 100);
	struct iocb_ *l[2] = { &rv, &past };
	CHECK_EQ("PREADV and a read past the end", syscall(__NR_io_submit, ctx, 2, l), 2);
	CHECK_EQ("two events", getev(ctx, 2, 4, ev, 1, 0), 2);
	CHECK_EQ("PREADV res 8", ev[0].res, 8);
	CHECK("PREADV bytes", !memcmp(a, "llo", 3) && !memcmp(b, " worl", 5));
	CHECK_EQ("past the end: 0", ev[1].res, 0);
	struct iovec wv[2] = { { "AB", 2 }, { "CD", 2 } };
	struct iocb_ pw = rw_cb(CMD_PWRITEV, fd, wv, 2, 0);
	CHECK_EQ("PWRITEV", submit1(ctx, &pw), 1);
	CHECK_EQ("event", getev(ctx, 1, 1, ev, 1, 0), 1);
	CHECK_EQ("PWRITEV res 4", ev[0].res, 4);
	int afd = open(P("f"), O_WRONLY | O_APPEND);
	struct iocb_ ap = rw_cb(CMD_PWRITE, afd, "!", 1, 0);
	CHECK_EQ("O_APPEND write", submit1(ctx, &ap), 1);
	getev(ctx, 1, 1, ev, 1, 0);
	struct iocb_ ap2 = rw_cb(CMD_PWRITE, fd, "?", 1, 0);
	ap2.aio_rw_flags = 0x10;          /* RWF_APPEND */
	CHECK_EQ("RWF_APPEND write", submit1(ctx, &ap2), 1);
	getev(ctx, 1, 1, ev, 1, 0);
	char all[32] = "";
	CHECK_EQ("file", pread(fd, all, sizeof all, 0), 13);
	CHECK_STR("contents", all, "ABCDo world!?");
	struct iocb_ fs = rw_cb(CMD_FSYNC, fd, NULL, 0, 0);
	fs.aio_data = 9;
	CHECK_EQ("FSYNC", submit1(ctx, &fs), 1);
	CHECK_EQ("event", getev(ctx, 1, 1, ev, 1, 0), 1);
	CHECK_EQ("FSYNC res 0", ev[0].res, 0);
	struct iocb_ fault = rw_cb(CMD_PREAD, fd, (void *)4096, 4, 0);
	CHECK_EQ("PREAD to an unmapped buffer is submitted", submit1(ctx, &fault), 1);
	CHECK_EQ("event", getev(ctx, 1, 1, ev, 1, 0), 1);
	CHECK_EQ("its res -EFAULT", ev[0].res, -EFAULT);
}

static void ring_user(void)
{
	unsigned long ctx;
	int fd = tmpfile_rw();
	char buf[4];
	CHECK_OK0("io_setup", setup(4, &ctx));
	struct aio_ring_ *ring = (void *)ctx;
	struct iocb_ cb[3];
	struct io_event_ ev[40];
	for (int i = 0; i < 3; i++) {
		cb[i] = rw_cb(CMD_PREAD, fd, buf, 4, 0);
		cb[i].aio_data = 100 + i;
		CHECK_EQ("submit", submit1(ctx, &cb[i]), 1);
	}
	CHECK_EQ("tail 3", ring->tail, 3);
	CHECK_EQ("head 0", ring->head, 0);
	CHECK_EQ("event 0 in the ring", ring->io_events[0].data, 100);
	CHECK_EQ("event 2 in the ring", ring->io_events[2].data, 102);
	CHECK_EQ("event 2's obj", ring->io_events[2].obj, U(&cb[2]));
	ring->head = 2;                          /* as libaio does */
	CHECK_EQ("io_getevents sees the rest", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("the third", ev[0].data, 102);
	CHECK_EQ("head moved to 3", ring->head, 3);
	CHECK_EQ("nothing left", getev(ctx, 0, 4, ev, 0, 0), 0);
	/* around the ring: 127 slots */
	int total = 0;
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 40; i++)
			total += submit1(ctx, &cb[0]) == 1;
		total -= getev(ctx, 40, 40, ev, 1, 0) == 40 ? 0 : 1000;
	}
	CHECK_EQ("200 requests around the ring", total, 200);
	CHECK_EQ("head and tail wrapped", ring->head, (3 + 200) % 127);
	CHECK_EQ("tail", ring->tail, ring->head);
	ring->head = 1000;                       /* taken modulo nr */
	CHECK_EQ("a wild head is clamped", getev(ctx, 0, 4, ev, 0, 0) >= 0, 1);
	ring->id = 7;
	CHECK_SYSERR("ring id scribbled on: EINVAL", EINVAL, __NR_io_getevents, ctx, 0, 1, ev, NULL);
	ring->id = 0;
	CHECK_EQ("id restored: found again", getev(ctx, 0, 4, ev, 0, 0) >= 0, 1);
}

static void getevents_errors(void)
{
	unsigned long ctx;
	int fd = tmpfile_rw();
	char buf[4];
	struct io_event_ ev[4];
	CHECK_OK0("io_setup", setup(4, &ctx));
	CHECK_SYSERR("ctx 0: EINVAL", EINVAL, __NR_io_getevents, 0, 0, 1, ev, NULL);
	CHECK_SYSERR("min_nr > nr: EINVAL", EINVAL, __NR_io_getevents, ctx, 2, 1, ev, NULL);
	CHECK_SYSERR("min_nr < 0: EINVAL", EINVAL, __NR_io_getevents, ctx, -1, 1, ev, NULL);
	CHECK_SYSERR("timeout unmapped: EFAULT", EFAULT, __NR_io_getevents, ctx, 0, 1, ev, (void *)16);
	CHECK_EQ("nothing, min_nr 0: 0", getev(ctx, 0, 4, ev, -1, 0), 0);
	CHECK_EQ("nr 0: 0", getev(ctx, 0, 0, ev, -1, 0), 0);
	struct iocb_ cb = rw_cb(CMD_PREAD, fd, buf, 4, 0);
	submit1(ctx, &cb);
	CHECK_SYSERR("events unmapped: EFAULT", EFAULT, __NR_io_getevents, ctx, 1, 1, (void *)16, NULL);
	CHECK_EQ("the event stayed", getev(ctx, 1, 4, ev, 1, 0), 1);
	long long t0 = now_ms();
	CHECK_EQ("timeout 0: at once", getev(ctx, 1, 4, ev, 0, 0), 0);
	CHECK_EQ("50 ms timeout: 0", getev(ctx, 1, 4, ev, 0, 50000000), 0);
	long long dt = now_ms() - t0;
	CHECK("waited about 50 ms", dt >= 40 && dt < 2000);
	struct { int64_t s, ns; } t64 = { 0, 30000000 };
	CHECK_EQ("io_pgetevents_time64 timeout: 0",
		 syscall(__NR_io_pgetevents_time64, ctx, 1, 4, ev, &t64, NULL), 0);
	struct ts32 t32 = { 0, 30000000 };
	CHECK_EQ("io_pgetevents timeout: 0", syscall(__NR_io_pgetevents, ctx, 1, 4, ev, &t32, NULL), 0);
	CHECK_SYSERR("pgetevents timeout unmapped: EFAULT", EFAULT, __NR_io_pgetevents, ctx, 1, 4, ev, (void *)16, NULL);
	CHECK_SYSERR("pgetevents sigset unmapped: EFAULT", EFAULT, __NR_io_pgetevents, ctx, 1, 4, ev, &t32, (void *)16);
	sigset_t m;
	sigemptyset(&m);
	struct { void *mask; size_t size; } s = { &m, 7 };
	CHECK_SYSERR("sigsetsize 7: EINVAL", EINVAL, __NR_io_pgetevents, ctx, 1, 4, ev, &t32, &s);
	s.size = 8;
	CHECK_SYSERR("sigsetsize checked before the ctx", EINVAL, __NR_io_pgetevents, 0, 1, 4, ev, &t32, &(struct { void *m; size_t z; }){ &m, 4 });
	s.mask = (void *)16;
	CHECK_SYSERR("sigmask unmapped: EFAULT", EFAULT, __NR_io_pgetevents, ctx, 1, 4, ev, &t32, &s);
	s.mask = NULL;
	s.size = 3;
	CHECK_EQ("no mask: size not looked at", syscall(__NR_io_pgetevents, ctx, 0, 4, ev, &t32, &s), 0);
}

static volatile int got_sig;
static void on_sig(int sig) { (void)sig; got_sig++; }

static void signals(void)
{
	unsigned long ctx;
	struct io_event_ ev[4];
	CHECK_OK0("io_setup", setup(4, &ctx));
	struct sigaction sa = { .sa_handler = on_sig, .sa_flags = SA_RESTART };
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_SYSERR("io_getevents interrupted: EINTR, even with SA_RESTART", EINTR,
		     __NR_io_getevents, ctx, 1, 4, ev, &(struct ts32){ 5, 0 });
	CHECK_EQ("handler ran", got_sig, 1);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_SYSERR("no timeout, interrupted: EINTR", EINTR, __NR_io_getevents, ctx, 1, 4, ev, NULL);
	sigset_t block, none, cur;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &block, NULL);
	got_sig = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	struct { void *mask; size_t size; } s = { &none, 8 };
	CHECK_SYSERR("io_pgetevents unblocks SIGALRM: EINTR", EINTR, __NR_io_pgetevents, ctx, 1, 4, ev,
		     &(struct ts32){ 5, 0 }, &s);
	CHECK_EQ("handler ran under the call's mask", got_sig, 1);
	sigprocmask(SIG_SETMASK, NULL, &cur);
	CHECK_EQ("mask restored", sigismember(&cur, SIGALRM), 1);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_EQ("io_getevents under the blocked signal: times out",
		 getev(ctx, 1, 4, ev, 0, 200000000), 0);
	CHECK_EQ("signal still pending", (sigpending(&cur), sigismember(&cur, SIGALRM)), 1);
}

static void resfd(void)
{
	unsigned long ctx;
	int fd = tmpfile_rw(), efd = eventfd(0, EFD_NONBLOCK), p[2];
	pipe(p);
	uint64_t v = 0;
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ w = rw_cb(CMD_PWRITE, fd, "x", 1, 0);
	w.aio_flags = FLAG_RESFD;
	w.aio_resfd = efd;
	struct iocb_ *l[3] = { &w, &w, &w };
	CHECK_EQ("3 writes with RESFD", syscall(__NR_io_submit, ctx, 3, l), 3);
	CHECK_EQ("eventfd read", read(efd, &v, 8), 8);
	CHECK_EQ("counted 3", v, 3);
	struct iocb_ pc = poll_cb(p[0], POLLIN);
	pc.aio_flags = FLAG_RESFD;
	pc.aio_resfd = efd;
	CHECK_EQ("POLL with RESFD", submit1(ctx, &pc), 1);
	CHECK_ERR("eventfd empty while it waits", read(efd, &v, 8), EAGAIN);
	write(p[1], "a", 1);
	struct pollfd ef = { efd, POLLIN, 0 };
	CHECK_EQ("eventfd signalled by the poll's end", poll(&ef, 1, 1000), 1);   /* Linux may do it from a worker */
	CHECK_EQ("eventfd read", read(efd, &v, 8), 8);
	CHECK_EQ("by 1", v, 1);
	struct iocb_ pc2 = pc;
	CHECK_EQ("POLL on the now-ready pipe", submit1(ctx, &pc2), 1);
	CHECK_EQ("signalled", poll(&ef, 1, 1000), 1);
	CHECK_EQ("eventfd read", read(efd, &v, 8), 8);
	struct pollfd pf = { efd, POLLIN, 0 };
	struct iocb_ pc3 = poll_cb(p[0], POLLPRI);
	pc3.aio_flags = FLAG_RESFD;
	pc3.aio_resfd = efd;
	char c;
	read(p[0], &c, 1);
	CHECK_EQ("a POLL that waits", submit1(ctx, &pc3), 1);
	CHECK_EQ("eventfd not ready", poll(&pf, 1, 0), 0);
	CHECK_OK0("io_destroy with it waiting", syscall(__NR_io_destroy, ctx));
	CHECK_EQ("the cancelled poll signalled the eventfd", poll(&pf, 1, 1000), 1);
}

static void poll_pipe(void)
{
	unsigned long ctx;
	int p[2], fd = tmpfile_rw();
	pipe(p);
	struct io_event_ ev[4];
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ pc = poll_cb(p[0], POLLIN);
	pc.aio_data = 42;
	CHECK_EQ("POLL on an empty pipe", submit1(ctx, &pc), 1);
	CHECK_EQ("nothing yet", getev(ctx, 0, 4, ev, 0, 0), 0);
	write(p[1], "a", 1);
	CHECK_EQ("the write completes it", getev(ctx, 1, 4, ev, 1, 0), 1);
	CHECK_EQ("data", ev[0].data, 42);
	CHECK_EQ("res: the write's wake-up key, POLLIN|POLLRDNORM", ev[0].res, POLLIN | POLLRDNORM);
	CHECK_EQ("POLL on the ready pipe", submit1(ctx, &pc), 1);
	CHECK_EQ("event at once", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("res: what the pipe has of the events, POLLIN", ev[0].res, POLLIN);
	struct iocb_ po = poll_cb(p[1], POLLOUT);
	CHECK_EQ("POLLOUT on the write end", submit1(ctx, &po), 1);
	CHECK_EQ("at once", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("res POLLOUT", ev[0].res, POLLOUT);
	struct iocb_ pf = poll_cb(fd, POLLIN | POLLOUT);
	CHECK_EQ("POLL on a regular file", submit1(ctx, &pf), 1);
	CHECK_EQ("at once", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("res POLLIN|POLLOUT", ev[0].res, POLLIN | POLLOUT);
	struct iocb_ pp = poll_cb(fd, POLLPRI);
	CHECK_SYSERR("POLLPRI on a regular file: no queue, EINVAL", EINVAL, __NR_io_submit, ctx, 1,
		     (struct iocb_ *[]){ &pp });
	char c;
	read(p[0], &c, 1);
	CHECK_EQ("POLL waits again", submit1(ctx, &pc), 1);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		write(p[1], "b", 1);
		_exit(0);
	}
	long long t0 = now_ms();
	CHECK_EQ("io_getevents sleeps until the child writes", getev(ctx, 1, 4, ev, 5, 0), 1);
	CHECK("after the write", now_ms() - t0 >= 30);
	wait_for(pid);
	read(p[0], &c, 1);
	CHECK_EQ("POLL again", submit1(ctx, &pc), 1);
	close(p[1]);
	CHECK_EQ("the writer's close completes it", getev(ctx, 1, 4, ev, 1, 0), 1);
	CHECK_EQ("res POLLHUP", ev[0].res, POLLHUP);
}

static void cancel(void)
{
	unsigned long ctx;
	int p[2], fd = tmpfile_rw();
	char buf[4];
	pipe(p);
	struct io_event_ ev[4], res;
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ pc = poll_cb(p[0], POLLIN);
	pc.aio_data = 5;
	CHECK_EQ("POLL waits", submit1(ctx, &pc), 1);
	pc.aio_key = 1;
	CHECK_SYSERR("aio_key not 0: EINVAL", EINVAL, __NR_io_cancel, ctx, &pc, &res);
	pc.aio_key = 0;
	CHECK_SYSERR("iocb unmapped: EFAULT", EFAULT, __NR_io_cancel, ctx, (void *)16, &res);
	CHECK_SYSERR("ctx 0: EINVAL", EINVAL, __NR_io_cancel, 0, &pc, &res);
	struct iocb_ other = pc;
	CHECK_SYSERR("an iocb never submitted: EINVAL", EINVAL, __NR_io_cancel, ctx, &other, &res);
	CHECK_SYSERR("cancel the poll: EINPROGRESS", EINPROGRESS, __NR_io_cancel, ctx, &pc, &res);
	CHECK_EQ("its event comes", getev(ctx, 1, 4, ev, 1, 0), 1);
	CHECK_EQ("data", ev[0].data, 5);
	CHECK_EQ("res 0", ev[0].res, 0);
	CHECK_SYSERR("cancel again: EINVAL", EINVAL, __NR_io_cancel, ctx, &pc, &res);
	struct iocb_ r = rw_cb(CMD_PREAD, fd, buf, 4, 0);
	submit1(ctx, &r);
	CHECK_SYSERR("a finished read: EINVAL", EINVAL, __NR_io_cancel, ctx, &r, &res);
	write(p[1], "a", 1);
	CHECK_EQ("the pipe's write found no poll", getev(ctx, 1, 4, ev, 0, 100000000), 1);
	CHECK_EQ("only the read's event", ev[0].obj, U(&r));
}

static void pipe_rw(void)
{
	unsigned long ctx;
	int p[2];
	char buf[8] = "";
	pipe(p);
	struct io_event_ ev[4];
	CHECK_OK0("io_setup", setup(8, &ctx));
	write(p[1], "abc", 3);
	struct iocb_ r = rw_cb(CMD_PREAD, p[0], buf, 8, 12345);
	CHECK_EQ("PREAD on a pipe with data (offset ignored)", submit1(ctx, &r), 1);
	CHECK_EQ("event", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("res 3", ev[0].res, 3);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(100000);
		write(p[1], "xy", 2);
		_exit(0);
	}
	long long t0 = now_ms();
	CHECK_EQ("PREAD on an empty pipe waits inside io_submit", submit1(ctx, &r), 1);
	CHECK("io_submit returned after the write", now_ms() - t0 >= 50);
	CHECK_EQ("its event is there", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("res 2", ev[0].res, 2);
	wait_for(pid);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	CHECK_EQ("O_NONBLOCK empty pipe: submitted", submit1(ctx, &r), 1);
	CHECK_EQ("event", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("res -EAGAIN", ev[0].res, -EAGAIN);
	fcntl(p[0], F_SETFL, 0);
	struct sigaction sa = { .sa_handler = on_sig, .sa_flags = SA_RESTART };
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_EQ("a signal ends the wait: still submitted", submit1(ctx, &r), 1);
	CHECK_EQ("event", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("res -EINTR (no restart)", ev[0].res, -EINTR);
	struct iocb_ w = rw_cb(CMD_PWRITE, p[1], "hi", 2, 0);
	CHECK_EQ("PWRITE to a pipe", submit1(ctx, &w), 1);
	CHECK_EQ("event", getev(ctx, 0, 4, ev, 0, 0), 1);
	CHECK_EQ("res 2", ev[0].res, 2);
	CHECK_EQ("the bytes", read(p[0], buf, 8), 2);
}

static void destroy(void)
{
	unsigned long ctx;
	int fd = tmpfile_rw();
	char buf[4];
	struct io_event_ ev[4];
	long before = sysctl_read("aio-nr");
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ r = rw_cb(CMD_PREAD, fd, buf, 4, 0);
	CHECK_SYSERR("io_destroy 0: EINVAL", EINVAL, __NR_io_destroy, 0);
	CHECK_SYSERR("io_destroy of a wild id: EINVAL", EINVAL, __NR_io_destroy, ctx + 1);
	CHECK_OK0("io_destroy", syscall(__NR_io_destroy, ctx));
	CHECK_EQ("aio-nr back", sysctl_read("aio-nr"), before);
	CHECK_SYSERR("io_destroy again: EINVAL", EINVAL, __NR_io_destroy, ctx);
	CHECK_SYSERR("io_submit: EINVAL", EINVAL, __NR_io_submit, ctx, 1, (struct iocb_ *[]){ &r });
	CHECK_SYSERR("io_getevents: EINVAL", EINVAL, __NR_io_getevents, ctx, 0, 1, ev, NULL);
	CHECK_EQ("ring unmapped", msync((void *)ctx, 4096, 0) == -1 && errno == ENOMEM, 1);
	CHECK_OK0("io_setup", setup(8, &ctx));
	CHECK_OK0("munmap the ring", munmap((void *)ctx, 4096));
	CHECK_SYSERR("then the id finds nothing: EINVAL", EINVAL, __NR_io_destroy, ctx);
}

static void forked(void)
{
	unsigned long ctx;
	int fd = tmpfile_rw();
	char buf[4];
	struct io_event_ ev[4];
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ r = rw_cb(CMD_PREAD, fd, buf, 4, 0);
	long before = sysctl_read("aio-nr");
	pid_t pid = fork();
	if (pid == 0) {
		CHECK_SYSERR("child: io_submit EINVAL", EINVAL, __NR_io_submit, ctx, 1, (struct iocb_ *[]){ &r });
		CHECK_SYSERR("child: io_getevents EINVAL", EINVAL, __NR_io_getevents, ctx, 0, 1, ev, NULL);
		CHECK_SYSERR("child: io_destroy EINVAL", EINVAL, __NR_io_destroy, ctx);
		CHECK_EQ("child: the ring is still mapped (shared)", ((struct aio_ring_ *)ctx)->magic, 0xa10a10a1u);
		unsigned long c2;
		CHECK_OK0("child: io_setup", setup(16, &c2));
		CHECK_EQ("child: its own table, index 0", ((struct aio_ring_ *)c2)->id, 0);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EQ("child's checks", wait_for(pid), 0);
	CHECK_EQ("child's context went with its exit", sysctl_read("aio-nr"), before);
	CHECK_EQ("parent's context works", submit1(ctx, &r), 1);
	CHECK_EQ("event", getev(ctx, 1, 1, ev, 1, 0), 1);
	pid = fork();
	if (pid == 0) {
		unsigned long c3;
		setup(100, &c3);
		execl("/proc/self/exe", "t_aio", "--nothing", (char *)NULL);
		_exit(2);
	}
	wait_for(pid);
	CHECK_EQ("exec dropped the context", sysctl_read("aio-nr"), before);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--nothing"))
		return 0;
	tdir_setup("t_aio");
	RUN(setup_errors);
	RUN(ring_header);
	RUN(sysctls);
	RUN(submit_errors);
	RUN(rw_file);
	RUN(ring_user);
	RUN(getevents_errors);
	RUN(signals);
	RUN(resfd);
	RUN(poll_pipe);
	RUN(cancel);
	RUN(pipe_rw);
	RUN(destroy);
	RUN(forked);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
