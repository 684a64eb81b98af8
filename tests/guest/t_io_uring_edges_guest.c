/* t_io_uring_edges_guest - io_uring against memory exhaustion, on Pipit
 * only (Linux charges rings and overflowed CQEs to RLIMIT_MEMLOCK and
 * the memory cgroup, the host's answers are not the guest's): rings of
 * the largest size made until the memory runs out (ENOMEM, not a panic),
 * and CQEs overflowed without end, then all given back (kmem.h). */
#include "check.h"
#include "kmem.h"
#include "uring.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#define BIG 32768
#define SETUP_CQSIZE_CLAMP (SETUP_CQSIZE | SETUP_CLAMP)

/* Largest rings until one is refused: it must be for want of memory. */
static bool rings_until_enomem(void)
{
	for (int i = 0; i < 500; i++) {
		struct params_ p;
		memset(&p, 0, sizeof p);
		p.flags = SETUP_CQSIZE_CLAMP;
		p.cq_entries = 2 * BIG;
		if (uring_setup(BIG, &p) < 0)
			return errno == ENOMEM;
	}
	return false;
}

/* NOPs never reaped: past the CQ ring they wait on the overflow list
 * until a CQE cannot be kept (counted in cq overflow) or the submission
 * itself finds no memory (EAGAIN). */
static bool overflow_until_enomem(void)
{
	struct ring r;
	if (ring_init(&r, BIG, SETUP_CQSIZE, 2 * BIG))
		return false;
	for (int i = 0; i < 2000; i++) {
		for (int k = 0; k < BIG; k++)
			ring_sqe(&r, OP_NOP, -1, k);
		long n = ring_submit(&r, BIG, 0, 0);
		if (n < 0)
			return errno == EAGAIN;
		if (R32(r.cq, r.p.cq_off.overflow))
			return true;
		if (n < BIG)
			return true;
	}
	return false;
}

static void on_alarm(int sig) { (void)sig; }

/* An OPENAT of a FIFO with no writer waits inside io_uring_enter (Pipit
 * has no io-wq, decision 60); a signal ends that wait: the CQE says
 * EINTR, never the kernel's restart codes. */
static void openat_fifo_signal(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	mkfifo(P("fifo"), 0600);
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	struct sqe_ *s = ring_sqe(&r, OP_OPENAT, AT_FDCWD, 7);
	s->addr = (uintptr_t)P("fifo");
	s->op_flags = O_RDONLY;
	alarm(1);
	CHECK_EQ("submitted", ring_submit(&r, 1, 0, 0), 1);
	struct cqe_ c = { 0, -9999, 0 };
	ring_cqe(&r, &c);
	CHECK_EQ("OPENAT interrupted: EINTR", c.res, -EINTR);
	ring_exit(&r);
}

/* Rings whose only reference is a request of their own: a POLL_ADD on
 * the ring's descriptor (or, crossed, on the other ring's), the
 * descriptors closed; the exit cancels the request, whose file going
 * releases the ring being cancelled. */
static bool self_polled_rings(void)
{
	for (int i = 0; i < 10; i++) {
		struct ring a, b;
		if (ring_init(&a, 2, 0, 0) || ring_init(&b, 2, 0, 0))
			return false;
		ring_sqe(&a, OP_POLL_ADD, a.fd, 1)->op_flags = POLLIN;
		ring_sqe(&a, OP_POLL_ADD, b.fd, 2)->op_flags = POLLIN;
		ring_sqe(&b, OP_POLL_ADD, a.fd, 3)->op_flags = POLLIN;
		if (ring_submit(&a, 2, 0, 0) != 2 || ring_submit(&b, 1, 0, 0) != 1 || ring_ready(&a))
			return false;
		ring_exit(&a);
		ring_exit(&b);
	}
	return true;
}

static void self_polled(void)
{
	kmem_account("rings held only by their own polls, left to exit", self_polled_rings, 10,
		     "the account exactly as before");
}

/* A READ_FIXED linked behind a READ that waits on an empty pipe, its
 * buffers unregistered before it is issued: it keeps the buffer it was
 * given at submission (Linux 6.1 took the buffer then; its unregister
 * waits for the request, 6.18's does not). Pipit read the table at
 * issue, a NULL one then. */
static void fixed_buffer_unregistered(void)
{
	struct ring r;
	int p[2];
	static char one[4], buf[16];
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	pipe(p);
	int fd = open(P("fixed"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "registered", 10);
	struct iovec iov = { buf, sizeof buf };
	CHECK_OK0("REGISTER_BUFFERS", uring_register(r.fd, REG_BUFFERS, &iov, 1));
	struct sqe_ *s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = (uintptr_t)one, s->len = 1, s->flags = SQE_IO_LINK;
	s = ring_sqe(&r, OP_READ_FIXED, fd, 2);
	s->addr = (uintptr_t)buf, s->len = 10, s->off = 0;
	CHECK_EQ("submitted", ring_submit(&r, 2, 0, 0), 2);
	CHECK_OK0("UNREGISTER_BUFFERS", uring_register(r.fd, UNREG_BUFFERS, NULL, 0));
	write(p[1], "x", 1);
	struct cqe_ c = { 0, -9999, 0 };
	uring_enter(r.fd, 0, 2, ENTER_GETEVENTS, NULL, 0);
	ring_cqe(&r, &c);
	CHECK_EQ("READ: 1", c.res, 1);
	c.res = -9999;
	ring_cqe(&r, &c);
	CHECK_EQ("READ_FIXED: 10", c.res, 10);
	CHECK("into the buffer it was given", !memcmp(buf, "registered", 10));
	close(fd);
	close(p[0]);
	close(p[1]);
	ring_exit(&r);
}

/* Thousands of POLL_ADDs on one pipe, all woken by one write: each
 * completion must not walk all the others (the write's call would take
 * minutes with interrupts off); and as many cancelled by the close. */
static void many_polls(void)
{
	struct ring r;
	int p[2];
	CHECK_OK0("ring", ring_init(&r, BIG, SETUP_CQSIZE, 2 * BIG));
	pipe(p);
	for (int i = 0; i < BIG; i++)
		ring_sqe(&r, OP_POLL_ADD, p[0], i)->op_flags = POLLIN;
	struct timespec t0, t1;
	CHECK_EQ("32768 polls waiting", ring_submit(&r, BIG, 0, 0), BIG);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	write(p[1], "x", 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK_EQ("all done by the write", ring_ready(&r), BIG);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK("in less than 5 s", ms < 5000);
	R32(r.cq, r.p.cq_off.head) = R32(r.cq, r.p.cq_off.tail);
	for (int i = 0; i < BIG; i++)
		ring_sqe(&r, OP_POLL_ADD, p[0], i)->op_flags = POLLOUT | POLLPRI;
	ring_submit(&r, BIG, 0, 0);
	for (int i = 0; i < BIG; i++)
		ring_sqe(&r, OP_POLL_ADD, p[1], i)->op_flags = POLLPRI;
	CHECK_EQ("32768 more waiting", ring_submit(&r, BIG, 0, 0), BIG);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ring_exit(&r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK("cancelled by the close in less than 5 s", ms < 5000);
	close(p[0]);
	close(p[1]);
}

static void exhaustion(void)
{
	kmem_account("largest rings until ENOMEM", rings_until_enomem, 2, "the account exactly as before");
	kmem_account("CQEs overflowed until memory runs out", overflow_until_enomem, 2,
		     "the account exactly as before");
}

int main(void)
{
	tdir_setup("t_io_uring_edges_guest");
	RUN(openat_fifo_signal);
	RUN(fixed_buffer_unregistered);
	RUN(self_polled);
	RUN(many_polls);
	RUN(exhaustion);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
