/* t_io_uring_edges - io_uring requests whose user memory or descriptor
 * changes while they wait, differential against Linux: a READV's iovec
 * unmapped after submission (Linux copied it), a RECV and an ACCEPT whose
 * descriptor was closed or given to another socket (Linux holds the file
 * it found at issue), and a waiting request's ring closed with a drained
 * hard-linked chain behind it. */
#include "check.h"
#include "uring.h"
#include <poll.h>
#include <time.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

/* The next CQE, waiting for it with a 2 s deadline (none: res -9999). */
static struct cqe_ get1_2s(struct ring *r)
{
	struct cqe_ c = { 0, -9999, 0 };
	if (ring_cqe(r, &c)) {
		struct kts_ ts = { 2, 0 };
		struct getevents_arg_ a = { 0, 0, 0, U(&ts) };
		uring_enter(r->fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &a, sizeof a);
		ring_cqe(r, &c);
	}
	return c;
}

/* READV on an empty pipe waits; its iovec's page is then unmapped. */
static void readv_iovec_unmapped(void)
{
	struct ring r;
	int p[2];
	static char buf[8];
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	pipe(p);
	struct iovec *iov = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	iov[0] = (struct iovec){ buf, 8 };
	struct sqe_ *s = ring_sqe(&r, OP_READV, p[0], 1);
	s->addr = U(iov);
	s->len = 1;
	CHECK_EQ("READV submitted", ring_submit(&r, 1, 0, 0), 1);
	CHECK_EQ("it waits", ring_ready(&r), 0);
	munmap(iov, 4096);
	write(p[1], "abcd", 4);
	struct cqe_ c = get1_2s(&r);
	CHECK_EQ("READV: 4 (the iovec was copied at submission)", c.res, 4);
	CHECK_STR("the bytes", buf, "abcd");
	close(p[0]);
	close(p[1]);
	ring_exit(&r);
}

/* RECV on a socket waits; its descriptor is closed (or made another
 * socket's) before the data comes. */
static void recv_fd_changed(int other)
{
	struct ring r;
	int sv[2], sv2[2];
	char buf[8] = "";
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv2);
	struct sqe_ *s = ring_sqe(&r, OP_RECV, sv[0], 2);
	s->addr = U(buf);
	s->len = sizeof buf;
	CHECK_EQ("RECV submitted", ring_submit(&r, 1, 0, 0), 1);
	CHECK_EQ("it waits", ring_ready(&r), 0);
	if (other)
		dup2(sv2[0], sv[0]);
	else
		close(sv[0]);
	write(sv[1], "xyz", 3);
	struct cqe_ c = get1_2s(&r);
	CHECK_EQ("RECV: 3 from the socket it was given", c.res, 3);
	CHECK_STR("the bytes", buf, "xyz");
	close(sv[0]);
	close(sv[1]);
	close(sv2[0]);
	close(sv2[1]);
	ring_exit(&r);
}

static void recv_fd_closed(void) { recv_fd_changed(0); }
static void recv_fd_reused(void) { recv_fd_changed(1); }

static int listener(const char *name)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, name, strlen(name) < sizeof a.sun_path ? strlen(name) + 1 : 0);
	unlink(name);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4))
		return -1;
	return s;
}

static int connect_to(const char *name)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, name, strlen(name) < sizeof a.sun_path ? strlen(name) + 1 : 0);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	return connect(s, (struct sockaddr *)&a, sizeof a) ? -1 : s;
}

/* ACCEPT on a listening socket waits; its descriptor then names another
 * listening socket, a blocking one with nobody connecting. */
static void accept_fd_reused(void)
{
	struct ring r;
	char a[128], b[128];
	snprintf(a, sizeof a, "%s", P("la"));
	snprintf(b, sizeof b, "%s", P("lb"));
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	int la = listener(a), lb = listener(b);
	CHECK("listeners", la >= 0 && lb >= 0);
	ring_sqe(&r, OP_ACCEPT, la, 3);
	CHECK_EQ("ACCEPT submitted", ring_submit(&r, 1, 0, 0), 1);
	CHECK_EQ("it waits", ring_ready(&r), 0);
	dup2(lb, la);
	int c = connect_to(a);
	CHECK("connected to the first", c >= 0);
	struct cqe_ e = get1_2s(&r);
	CHECK("ACCEPT: a new descriptor", e.res >= 0);
	CHECK_EQ("the other listener stays blocking", fcntl(la, F_GETFL) & O_NONBLOCK, 0);
	if (e.res >= 0) {
		write(c, "q", 1);
		char x = 0;
		CHECK_EQ("connected to the one accepted", read(e.res, &x, 1), 1);
		close(e.res);
	}
	close(c);
	close(la);
	close(lb);
	unlink(a);
	unlink(b);
	ring_exit(&r);
}

/* A TIMEOUT, an OPENAT and a STATX linked behind a READ that waits on
 * an empty pipe: their timespec and paths are unmapped after submission
 * (Linux 6.1 copied them at preparation). */
static void linked_args_unmapped(void)
{
	struct ring r;
	int p[2];
	static char b1[4], b2[4], b3[4];
	static char stx[256];
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	pipe(p);
	int fd = open(P("f"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	close(fd);
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct kts_ *ts = (struct kts_ *)m;
	ts->sec = 0;
	ts->nsec = 1000000;
	strcpy(m + 64, P("f"));
	struct sqe_ *s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = U(b1), s->len = 1, s->flags = SQE_IO_LINK;
	s = ring_sqe(&r, OP_TIMEOUT, -1, 2);
	s->addr = U(ts), s->len = 1, s->flags = SQE_IO_HARDLINK;
	s = ring_sqe(&r, OP_READ, p[0], 3);
	s->addr = U(b2), s->len = 1, s->flags = SQE_IO_LINK;
	s = ring_sqe(&r, OP_OPENAT, AT_FDCWD, 4);
	s->addr = U(m + 64), s->op_flags = O_RDONLY, s->flags = SQE_IO_LINK;
	s = ring_sqe(&r, OP_READ, p[0], 5);
	s->addr = U(b3), s->len = 1, s->flags = SQE_IO_LINK;
	s = ring_sqe(&r, OP_STATX, AT_FDCWD, 6);
	s->addr = U(m + 64), s->len = 0x7ff, s->off = U(stx);
	CHECK_EQ("6 submitted", ring_submit(&r, 6, 0, 0), 6);
	CHECK_EQ("they wait", ring_ready(&r), 0);
	munmap(m, 4096);
	write(p[1], "abc", 3);
	for (int i = 1; i <= 6; i++) {
		struct cqe_ c = get1_2s(&r);
		CHECK_EQ("in order", c.user_data, i);
		if (i == 2)
			CHECK_EQ("TIMEOUT: ETIME", c.res, -ETIME);
		else if (i == 4)
			CHECK("OPENAT: a descriptor", c.res >= 0);
		else
			CHECK_EQ(i == 6 ? "STATX: 0" : "READ: 1", c.res, i == 6 ? 0 : 1);
	}
	close(p[0]);
	close(p[1]);
	ring_exit(&r);
}

/* A ring cannot be its own registered file (EBADF) nor its own eventfd
 * (EINVAL: not an eventfd). */
static void register_self(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	errno = 0;
	CHECK_EQ("REGISTER_FILES of the ring: -1", uring_register(r.fd, REG_FILES, &r.fd, 1), -1);
	CHECK_EQ("errno: EBADF", errno, EBADF);
	errno = 0;
	CHECK_EQ("REGISTER_EVENTFD of the ring: -1", uring_register(r.fd, REG_EVENTFD, &r.fd, 1), -1);
	CHECK_EQ("errno: EINVAL", errno, EINVAL);
	ring_exit(&r);
}

/* A ring's descriptor cannot be sent with SCM_RIGHTS (EINVAL, Linux
 * since 6.7 and in 6.1's stable updates): a ring holding a socket whose
 * queue holds the ring would be a cycle no collector sees. The
 * descriptors before it are checked first (EBADF). */
static int send_fds(int sock, const int *fds, int n)
{
	char c = 'x';
	struct iovec iov = { &c, 1 };
	union { struct cmsghdr h; char b[CMSG_SPACE(4 * sizeof(int))]; } u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b,
			    .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(h), fds, n * sizeof(int));
	return sendmsg(sock, &m, 0);
}

static void ring_over_scm(void)
{
	struct ring r;
	int sv[2];
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	errno = 0;
	CHECK_EQ("SCM_RIGHTS of a ring: -1", send_fds(sv[0], &r.fd, 1), -1);
	CHECK_EQ("errno: EINVAL", errno, EINVAL);
	int two[2] = { 0, r.fd };
	errno = 0;
	CHECK_EQ("after another descriptor: -1", send_fds(sv[0], two, 2), -1);
	CHECK_EQ("errno: EINVAL", errno, EINVAL);
	int bad[2] = { 999, r.fd };
	errno = 0;
	CHECK_EQ("after a closed descriptor: -1", send_fds(sv[0], bad, 2), -1);
	CHECK_EQ("errno: EBADF first", errno, EBADF);
	CHECK_EQ("nothing was sent", recv(sv[1], (char[4]){ 0 }, 4, MSG_DONTWAIT), -1);
	CHECK_EQ("SCM_RIGHTS of another descriptor: 1", send_fds(sv[0], &sv[1], 1), 1);
	close(sv[0]);
	close(sv[1]);
	ring_exit(&r);
}

/* io_uring_register's argument checks in Linux's order: a NULL array
 * for files or buffers is EFAULT before any count or state; a buffer
 * with a base and no length is EFAULT. */
static void register_args(void)
{
	struct ring r;
	static char buf[4096] __attribute__((aligned(4096)));
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	CHECK_SYSERR("REGISTER_FILES NULL, 0: EFAULT", EFAULT, NR_register, r.fd, REG_FILES, NULL, 0);
	CHECK_SYSERR("REGISTER_FILES NULL, 2: EFAULT", EFAULT, NR_register, r.fd, REG_FILES, NULL, 2);
	CHECK_SYSERR("REGISTER_BUFFERS NULL, 0: EFAULT", EFAULT, NR_register, r.fd, REG_BUFFERS, NULL, 0);
	CHECK_SYSERR("REGISTER_BUFFERS NULL, 2: EFAULT", EFAULT, NR_register, r.fd, REG_BUFFERS, NULL, 2);
	struct iovec iov[2] = { { buf, 0 }, { buf, 16 } };
	CHECK_SYSERR("a buffer of length 0: EFAULT", EFAULT, NR_register, r.fd, REG_BUFFERS, iov, 2);
	iov[0] = (struct iovec){ NULL, 0 };
	CHECK_OK0("an empty slot and a buffer", uring_register(r.fd, REG_BUFFERS, iov, 2));
	CHECK_SYSERR("REGISTER_BUFFERS NULL when registered: EFAULT", EFAULT, NR_register, r.fd, REG_BUFFERS, NULL, 1);
	ring_exit(&r);
}

/* The rings' mappings cannot grow (Linux's VM_DONTEXPAND: EFAULT);
 * they may shrink. */
static void ring_mremap(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, r.fd, OFF_SQ_RING);
	CHECK("mmap one page of the rings", m != MAP_FAILED);
	errno = 0;
	CHECK("mremap to 2 pages in place: fails", mremap(m, 4096, 8192, 0) == MAP_FAILED);
	CHECK_EQ("errno: EFAULT", errno, EFAULT);
	errno = 0;
	CHECK("mremap to 16 pages, moving: fails", mremap(m, 4096, 16 * 4096, MREMAP_MAYMOVE) == MAP_FAILED);
	CHECK_EQ("errno: EFAULT", errno, EFAULT);
	char *s = mmap(NULL, r.sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED, r.fd, OFF_SQES);
	errno = 0;
	CHECK("the SQEs' mapping: fails", mremap(s, r.sqes_len, 8 * 4096, MREMAP_MAYMOVE) == MAP_FAILED);
	CHECK_EQ("errno: EFAULT", errno, EFAULT);
	CHECK("the same size: works", mremap(m, 4096, 4096, 0) == m);
	CHECK_EQ("still the ring", R32(m, r.p.sq_off.ring_entries), 4);
	munmap(m, 4096);
	munmap(s, r.sqes_len);
	ring_exit(&r);
}

/* A timespec's tv_nsec is a long on i386: the high word of its 64-bit
 * field is not read (Linux's get_timespec64), for a TIMEOUT as for
 * GETEVENTS' EXT_ARG deadline. */
static void timespec_high_word(void)
{
	struct ring r;
	struct timespec t0, t1;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	struct kts_ ts = { 0, (1LL << 32) | 1000 };
	struct sqe_ *s = ring_sqe(&r, OP_TIMEOUT, -1, 1);
	s->addr = U(&ts), s->len = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ("TIMEOUT of 1 us (and a high word)", ring_submit(&r, 1, 0, 0), 1);
	struct cqe_ c = get1_2s(&r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK_EQ("ETIME", c.res, -ETIME);
	CHECK("within a second", t1.tv_sec - t0.tv_sec < 2);
	struct kts_ w = { 0, (1LL << 32) | 1000000 };
	struct getevents_arg_ a = { 0, 0, 0, U(&w) };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	CHECK_EQ("GETEVENTS for 1 ms (and a high word): -1",
		 uring_enter(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &a, sizeof a), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK_EQ("errno: ETIME", errno, ETIME);
	CHECK("within a second", t1.tv_sec - t0.tv_sec < 2);
	ring_exit(&r);
}

/* A RECV on a stream socket whose only pending byte is an urgent one
 * (MSG_OOB): poll says readable, a recv finds nothing (EAGAIN). Linux
 * then blocks the request in io-wq until data comes; it must not spin. */
static void recv_oob_only(void)
{
	struct ring r;
	int sv[2];
	char buf[8] = "";
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_EQ("send an urgent byte", send(sv[1], "!", 1, MSG_OOB), 1);
	struct sqe_ *s = ring_sqe(&r, OP_RECV, sv[0], 9);
	s->addr = U(buf), s->len = sizeof buf;
	CHECK_EQ("RECV submitted", ring_submit(&r, 1, 0, 0), 1);
	struct kts_ ts = { 0, 200000000 };
	struct getevents_arg_ a = { 0, 0, 0, U(&ts) };
	errno = 0;
	CHECK_EQ("no CQE in 200 ms: -1", uring_enter(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &a, sizeof a), -1);
	CHECK_EQ("errno: ETIME", errno, ETIME);
	CHECK_EQ("then data", write(sv[1], "yz", 2), 2);
	struct cqe_ c = get1_2s(&r);
	CHECK_EQ("RECV: 2", c.res, 2);
	CHECK_STR("the data", buf, "yz");
	close(sv[0]);
	close(sv[1]);
	ring_exit(&r);
}

/* A mapping of the rings has the access it was asked for: PROT_NONE
 * faults on a read, PROT_READ on a write (SIGSEGV), and mprotect can
 * open it. */
static int prot_fd;
static volatile char *prot_m;
static void read_none(void)
{
	prot_m = mmap(NULL, 4096, PROT_NONE, MAP_SHARED, prot_fd, OFF_SQ_RING);
	if (prot_m != MAP_FAILED)
		(void)prot_m[264];
}
static void write_ro(void)
{
	prot_m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, prot_fd, OFF_SQ_RING);
	if (prot_m != MAP_FAILED)
		prot_m[1000] = 1;
}
static void ring_prot(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	prot_fd = r.fd;
	CHECK_SIG("PROT_NONE read: SIGSEGV", child_status(read_none), SIGSEGV);
	CHECK_SIG("PROT_READ write: SIGSEGV", child_status(write_ro), SIGSEGV);
	char *m = mmap(NULL, 4096, PROT_NONE, MAP_SHARED, r.fd, OFF_SQ_RING);
	CHECK_OK0("mprotect PROT_READ", mprotect(m, 4096, PROT_READ));
	CHECK_EQ("then readable", R32(m, r.p.sq_off.ring_entries), 4);
	munmap(m, 4096);
	ring_exit(&r);
}

/* Prints the CQEs there are (at most 8) after a GETEVENTS of none. */
static void show_cqes(const char *what, struct ring *r)
{
	struct cqe_ c;
	char name[128];
	uring_enter(r->fd, 0, 0, ENTER_GETEVENTS, NULL, 0);
	for (int i = 0; i < 8 && !ring_cqe(r, &c); i++) {
		snprintf(name, sizeof name, "%s: CQE %d user_data %llu res %d flags %u", what, i,
			 (unsigned long long)c.user_data, c.res, c.flags);
		pass(name);
	}
	snprintf(name, sizeof name, "%s: no more", what);
	CHECK_EQ(name, ring_ready(r), 0);
}

/* A multishot POLL_ADD woken by a ring's own posting (its ring, another
 * ring polling it back, or the eventfd the ring signals) would post,
 * wake itself and post again for ever: Linux marks those wake-ups
 * (EPOLL_URING_WAKE) and the poll ends after one CQE, without
 * IORING_CQE_F_MORE. */
static void multishot_self_wake(void)
{
	struct ring r, b;
	struct sqe_ *s;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	s = ring_sqe(&r, OP_POLL_ADD, r.fd, 1);
	s->op_flags = POLLIN, s->len = POLL_ADD_MULTI;
	ring_sqe(&r, OP_NOP, -1, 2);
	CHECK_EQ("poll on its own ring, then a NOP", ring_submit(&r, 2, 0, 0), 2);
	show_cqes("own ring", &r);
	ring_exit(&r);

	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	CHECK_OK0("ring b", ring_init(&b, 4, 0, 0));
	s = ring_sqe(&r, OP_POLL_ADD, b.fd, 3);
	s->op_flags = POLLIN, s->len = POLL_ADD_MULTI;
	CHECK_EQ("a polls b", ring_submit(&r, 1, 0, 0), 1);
	s = ring_sqe(&b, OP_POLL_ADD, r.fd, 4);
	s->op_flags = POLLIN, s->len = POLL_ADD_MULTI;
	CHECK_EQ("b polls a", ring_submit(&b, 1, 0, 0), 1);
	ring_sqe(&r, OP_NOP, -1, 5);
	CHECK_EQ("a NOP on a", ring_submit(&r, 1, 0, 0), 1);
	show_cqes("ring a", &r);
	show_cqes("ring b", &b);
	ring_exit(&r);
	ring_exit(&b);

	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	int efd = eventfd(0, EFD_NONBLOCK);
	CHECK_OK0("REGISTER_EVENTFD", uring_register(r.fd, REG_EVENTFD, &efd, 1));
	s = ring_sqe(&r, OP_POLL_ADD, efd, 6);
	s->op_flags = POLLIN, s->len = POLL_ADD_MULTI;
	ring_sqe(&r, OP_NOP, -1, 7);
	CHECK_EQ("poll on its eventfd, then a NOP", ring_submit(&r, 2, 0, 0), 2);
	show_cqes("eventfd", &r);
	close(efd);
	ring_exit(&r);
}

/* statx(2) itself, which now shares do_statx with io_uring's STATX. */
static void statx_call(void)
{
	static char stx[256];
	int fd = open(P("g"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "12345", 5);
	CHECK_EQ("statx of a path: 0", syscall(SYS_statx, AT_FDCWD, P("g"), 0, 0x7ff, stx), 0);
	CHECK_EQ("errno: its size", *(uint64_t *)(stx + 40), 5);
	CHECK_EQ("statx \"\" AT_EMPTY_PATH: 0", syscall(SYS_statx, fd, "", AT_EMPTY_PATH, 0x7ff, stx), 0);
	CHECK_SYSERR("statx \"\": ENOENT", ENOENT, SYS_statx, fd, "", 0, 0x7ff, stx);
	CHECK_SYSERR("statx bad path: EFAULT", EFAULT, SYS_statx, AT_FDCWD, (void *)8, 0, 0x7ff, stx);
	CHECK_SYSERR("statx bad flags: EINVAL", EINVAL, SYS_statx, AT_FDCWD, P("g"), 0x40000000, 0x7ff, stx);
	CHECK_SYSERR("statx missing: ENOENT", ENOENT, SYS_statx, AT_FDCWD, P("nope"), 0, 0x7ff, stx);
	close(fd);
}

int main(void)
{
	tdir_setup("t_io_uring_edges");
	RUN(readv_iovec_unmapped);
	RUN(recv_fd_closed);
	RUN(recv_fd_reused);
	RUN(accept_fd_reused);
	RUN(linked_args_unmapped);
	RUN(register_self);
	RUN(statx_call);
	RUN(ring_over_scm);
	RUN(register_args);
	RUN(ring_mremap);
	RUN(multishot_self_wake);
	RUN(ring_prot);
	RUN(timespec_high_word);
	RUN(recv_oob_only);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
