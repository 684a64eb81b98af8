/* t_io_uring_guest - io_uring on Pipit only: the ring offsets as Linux
 * 6.1 lays them out on i386 (6.18, the host, packs them), what 6.1 does
 * and later kernels changed (EAGAIN for a READ on an O_NONBLOCK pipe,
 * EXT_ARG's pad, mmap's refusals), a forked child's waiting request
 * cancelled at its exit, provided buffers past 4 GiB, and that
 * thousands of rings and requests give back every page and object of
 * kernel memory (kmem.h). */
#include "check.h"
#include "kmem.h"
#include "uring.h"
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/uio.h>

static void offsets_61(void)
{
	struct params_ p;
	memset(&p, 0, sizeof p);
	int fd = uring_setup(4, &p);
	say("sq_off %u %u %u %u %u %u %u\n", p.sq_off.head, p.sq_off.tail, p.sq_off.ring_mask,
	    p.sq_off.ring_entries, p.sq_off.flags, p.sq_off.dropped, p.sq_off.array);
	say("cq_off %u %u %u %u %u %u %u\n", p.cq_off.head, p.cq_off.tail, p.cq_off.ring_mask,
	    p.cq_off.ring_entries, p.cq_off.overflow, p.cq_off.cqes, p.cq_off.flags);
	CHECK_EQ("features: exactly what Pipit reports", p.features, FEAT_MASK);
	CHECK_EQ("sq tail on its own cache line", p.sq_off.tail, 64);
	CHECK_EQ("array after 8 CQEs, line-aligned", p.sq_off.array, 448);
	CHECK("bad offset: EINVAL", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x20000000) == MAP_FAILED && errno == EINVAL);
	CHECK("past the allocation: EINVAL", mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, OFF_SQES) == MAP_FAILED && errno == EINVAL);
	p.flags = SETUP_SQPOLL;
	CHECK_SYSERR("SQPOLL: EINVAL (decision 60)", EINVAL, NR_setup, 4, &p);
	close(fd);
}

static void changed_after_61(void)
{
	struct ring r;
	int p[2];
	char buf[4];
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	struct sqe_ *s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = U(buf);
	s->len = 4;
	ring_submit(&r, 1, 1, ENTER_GETEVENTS);
	CHECK_EQ("O_NONBLOCK empty pipe: EAGAIN (6.1)", get1(&r).res, -EAGAIN);
	struct getevents_arg_ a = { 0, 0, 1, 0 };
	CHECK_SYSERR("EXT_ARG pad: EINVAL (6.1)", EINVAL, NR_enter, r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &a, sizeof a);
	s = ring_sqe(&r, OP_RECV, p[0], 1);
	s->flags = SQE_BUFFER_SELECT;
	s->ioprio = 2;                          /* IORING_RECV_MULTISHOT */
	s->len = 4;
	ring_submit(&r, 1, 1, ENTER_GETEVENTS);
	CHECK_EQ("multishot RECV with a length: EINVAL (6.1)", get1(&r).res, -EINVAL);
	s = ring_sqe(&r, OP_SEND_ZC, p[1], 1);
	s->flags = 64;                          /* IOSQE_CQE_SKIP_SUCCESS */
	ring_submit(&r, 1, 1, ENTER_GETEVENTS);
	CHECK_EQ("SEND_ZC with CQE_SKIP_SUCCESS: EINVAL (6.1)", get1(&r).res, -EINVAL);
	s = ring_sqe(&r, OP_SENDMSG_ZC, p[1], 1);
	s->off = 1;                             /* addr2 */
	ring_submit(&r, 1, 1, ENTER_GETEVENTS);
	CHECK_EQ("SENDMSG_ZC with addr2: EINVAL (6.1)", get1(&r).res, -EINVAL);
	s = ring_sqe(&r, OP_SEND_ZC, p[1], 1);
	s->ioprio = 4;                          /* IORING_RECVSEND_FIXED_BUF */
	s->buf_index = 3;
	ring_submit(&r, 1, 1, ENTER_GETEVENTS);
	CHECK_EQ("SEND_ZC of registered buffer 3 of none: EFAULT, one CQE (6.1)", get1(&r).res, -EFAULT);
	CHECK_EQ("no notification", ring_ready(&r), 0);
	s = ring_sqe(&r, OP_SEND_ZC, p[1], 1);
	s->addr3 = 1;
	ring_submit(&r, 1, 1, ENTER_GETEVENTS);
	CHECK_EQ("SEND_ZC with addr3: EINVAL (6.1)", get1(&r).res, -EINVAL);
	ring_exit(&r);
}

static void fork_cancel(void)
{
	struct ring r;
	int p[2];
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		char b[4];
		struct sqe_ *s = ring_sqe(&r, OP_READ, p[0], 3);
		s->addr = U(b);
		s->len = 4;
		ring_submit(&r, 1, 0, 0);
		_exit(0);
	}
	wait_for(pid);
	r.sq_tail++;
	CHECK_EQ("the child's waiting READ ended with its mm", get1(&r).res, -ECANCELED);
	write(p[1], "abcd", 4);
	char b[4];
	CHECK_EQ("the bytes stay in the pipe", read(p[0], b, 4), 4);
	ring_exit(&r);
}

/* A ring with every kind of request left behind: a waiting poll, a
 * waiting read, a timeout, overflowed CQEs, registered files, buffers
 * and an eventfd; then closed (or left to exit). */
static bool ring_work(void)
{
	static char buf[64];
	for (int i = 0; i < 20; i++) {
		struct ring r;
		int p[2];
		if (ring_init(&r, 1, 0, 0) || pipe(p))
			return false;
		int efd = eventfd(0, 0);
		struct iovec iov = { buf, sizeof buf };
		if (uring_register(r.fd, REG_FILES, p, 2) || uring_register(r.fd, REG_BUFFERS, &iov, 1) ||
		    uring_register(r.fd, REG_EVENTFD, &efd, 1))
			return false;
		ring_sqe(&r, OP_POLL_ADD, p[0], 1)->op_flags = POLLIN;
		ring_submit(&r, 1, 0, 0);
		struct sqe_ *s = ring_sqe(&r, OP_READ, 0, 2);
		s->flags = SQE_FIXED_FILE;
		s->addr = U(buf);
		s->len = 8;
		ring_submit(&r, 1, 0, 0);
		struct kts_ ts = { 100, 0 };
		s = ring_sqe(&r, OP_TIMEOUT, -1, 3);
		s->addr = U(&ts);
		s->len = 1;
		ring_submit(&r, 1, 0, 0);
		for (int k = 0; k < 4; k++) {
			ring_sqe(&r, OP_NOP, -1, 4);
			ring_submit(&r, 1, 0, 0);
		}
		close(p[0]);
		close(p[1]);
		close(efd);
		if (i % 2)
			ring_exit(&r);
	}
	return true;
}

/* A drained chain of hard-linked requests held behind a waiting poll
 * on a pipe, its ring then closed (or left to exit): the cancelled head
 * hands its hard link on, which must be cancelled too. */
static bool drained_hardlinks(void)
{
	for (int i = 0; i < 20; i++) {
		struct ring r;
		int p[2];
		if (ring_init(&r, 4, 0, 0) || pipe(p))
			return false;
		ring_sqe(&r, OP_POLL_ADD, p[0], 1)->op_flags = POLLIN;
		ring_sqe(&r, OP_NOP, -1, 2)->flags = SQE_IO_DRAIN | SQE_IO_HARDLINK;
		ring_sqe(&r, OP_READ, p[0], 3)->len = 0;
		if (ring_submit(&r, 3, 0, 0) != 3 || ring_ready(&r))
			return false;
		close(p[0]);
		close(p[1]);
		if (i % 2)
			ring_exit(&r);
	}
	return true;
}

/* Rings left with provided buffers (a list and a mapped ring), an armed
 * LINK_TIMEOUT behind a waiting read, and a file another ring passed
 * into a slot (MSG_RING): closed, or left to exit. */
static bool newer_work(void)
{
	static char buf[8][16];
	for (int i = 0; i < 20; i++) {
		struct ring r, o;
		int p[2], none[2] = { -1, -1 };
		if (ring_init(&r, 8, 0, 0) || ring_init(&o, 4, 0, 0) || pipe(p))
			return false;
		struct sqe_ *s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 8, 1);
		s->addr = U(buf);
		s->len = 16;
		s->buf_index = 1;
		void *br = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct { uint64_t ring_addr; uint32_t entries; uint16_t bgid, pad; uint64_t resv[3]; } reg = { U(br), 8, 2, 0, { 0 } };
		if (uring_register(r.fd, 22, &reg, 1) || uring_register(r.fd, REG_FILES, none, 2) ||
		    uring_register(o.fd, REG_FILES, p, 1))
			return false;
		char b[4];
		s = ring_sqe(&r, OP_READ, p[0], 2);
		s->addr = U(b);
		s->len = 4;
		s->flags = SQE_IO_LINK;
		struct kts_ ts = { 100, 0 };
		s = ring_sqe(&r, OP_LINK_TIMEOUT, -1, 3);
		s->addr = U(&ts);
		s->len = 1;
		s = ring_sqe(&o, 40, r.fd, 4);         /* MSG_RING: o's slot 0 into r's slot 1 */
		s->addr = 1;
		s->file_index = 1;
		if (ring_submit(&r, 3, 0, 0) != 3 || ring_submit(&o, 1, 1, ENTER_GETEVENTS) != 1 ||
		    get1(&o).res != 0)
			return false;
		ring_exit(&o);
		munmap(br, 4096);
		close(p[0]);
		close(p[1]);
		if (i % 2)
			ring_exit(&r);
	}
	return true;
}

/* Buffers that end past 4 GiB: EOVERFLOW on i386 (a 64-bit host has room). */
static void provide_overflow(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	struct sqe_ *s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 2, 1);
	s->addr = 0xfffff000u;
	s->len = 0x1000;
	ring_submit(&r, 1, 1, ENTER_GETEVENTS);
	CHECK_EQ("PROVIDE_BUFFERS past 4 GiB: EOVERFLOW", get1(&r).res, -EOVERFLOW);
	ring_exit(&r);
}

/* TIMEOUT_REMOVE with IORING_LINK_TIMEOUT_UPDATE finds the armed
 * LINK_TIMEOUT of a waiting READ (6.1's ltimeout_list) and restarts it. */
static void link_timeout_update(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	int p[2];
	pipe(p);
	struct kts_ slow = { 10, 0 }, quick = { 0, 10 * 1000 * 1000 };
	int32_t res[9];
	struct sqe_ *s;
	/* a linked timeout's time */
	char buf[4];
	s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = U(buf);
	s->len = 1;
	s->flags = SQE_IO_LINK;
	s = ring_sqe(&r, OP_LINK_TIMEOUT, -1, 2);
	s->addr = U(&slow);
	s->len = 1;
	ring_submit(&r, 2, 0, 0);
	s = ring_sqe(&r, OP_TIMEOUT_REMOVE, -1, 3);
	s->addr = 2;
	s->op_flags = 16;                 /* IORING_LINK_TIMEOUT_UPDATE */
	s->off = U(&quick);
	collect_cqes(&r, 1, 3, res);
	CHECK_STR("updating the LINK_TIMEOUT", res_name(res[3]), "0");
	CHECK_STR("which fires soon", res_name(res[2]), "ETIME");
	CHECK_STR("the READ it timed", res_name(res[1]), "ECANCELED");
	ring_exit(&r);
}

static void leaks(void)
{
	kmem_account("20 rings with provided buffers, link timeouts and passed files", newer_work, 10,
		     "the account exactly as before");
	kmem_account("20 rings with waiting requests, closed or left", ring_work, 10, "the account exactly as before");
	kmem_account("20 rings closed with a drained hard-linked chain", drained_hardlinks, 10,
		     "the account exactly as before");
}

int main(void)
{
	tdir_setup("t_io_uring_guest");
	RUN(offsets_61);
	RUN(changed_after_61);
	RUN(fork_cancel);
	RUN(provide_overflow);
	RUN(link_timeout_update);
	RUN(leaks);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
