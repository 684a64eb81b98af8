/* uring.h - io_uring for the tests through raw system calls: the UAPI
 * structures of <linux/io_uring.h> (Linux 6.1) spelled out, since user
 * programs are built without kernel headers, and a small ring helper
 * (no liburing). */
#ifndef URING_H
#define URING_H
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_setup 425
#define NR_enter 426
#define NR_register 427

struct sqe_ {
	uint8_t opcode, flags;
	uint16_t ioprio;
	int32_t fd;
	uint64_t off, addr;
	uint32_t len, op_flags;
	uint64_t user_data;
	uint16_t buf_index, personality;
	int32_t file_index;
	uint64_t addr3, pad2;
};
struct cqe_ { uint64_t user_data; int32_t res; uint32_t flags; };
struct sq_off_ { uint32_t head, tail, ring_mask, ring_entries, flags, dropped, array, resv1; uint64_t resv2; };
struct cq_off_ { uint32_t head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1; uint64_t resv2; };
struct params_ {
	uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd, resv[3];
	struct sq_off_ sq_off;
	struct cq_off_ cq_off;
};
struct getevents_arg_ { uint64_t sigmask; uint32_t sigmask_sz, pad; uint64_t ts; };
struct kts_ { int64_t sec; long long nsec; };

enum { OP_NOP, OP_READV, OP_WRITEV, OP_FSYNC, OP_READ_FIXED, OP_WRITE_FIXED, OP_POLL_ADD,
       OP_POLL_REMOVE, OP_SYNC_FILE_RANGE, OP_SENDMSG, OP_RECVMSG, OP_TIMEOUT, OP_TIMEOUT_REMOVE,
       OP_ACCEPT, OP_ASYNC_CANCEL, OP_LINK_TIMEOUT, OP_CONNECT, OP_FALLOCATE, OP_OPENAT, OP_CLOSE,
       OP_FILES_UPDATE, OP_STATX, OP_READ, OP_WRITE, OP_FADVISE, OP_MADVISE, OP_SEND, OP_RECV,
       OP_OPENAT2, OP_EPOLL_CTL, OP_SPLICE, OP_PROVIDE_BUFFERS, OP_REMOVE_BUFFERS, OP_TEE,
       OP_SHUTDOWN, OP_RENAMEAT, OP_UNLINKAT, OP_MKDIRAT, OP_SYMLINKAT, OP_LINKAT, OP_MSG_RING,
       OP_FSETXATTR, OP_SETXATTR, OP_FGETXATTR, OP_GETXATTR, OP_SOCKET, OP_URING_CMD, OP_SEND_ZC,
       OP_SENDMSG_ZC };
#define SQE_FIXED_FILE 1
#define SQE_IO_DRAIN   2
#define SQE_IO_LINK    4
#define SQE_IO_HARDLINK 8
#define SQE_ASYNC      16
#define SQE_BUFFER_SELECT 32
#define CQE_F_BUFFER 1
#define REG_PBUF_RING 22
#define UNREG_PBUF_RING 23
#define FILE_INDEX_ALLOC 0xffffffffu
#define SETUP_SQPOLL   2
#define SETUP_CQSIZE   8
#define SETUP_CLAMP    16
#define SETUP_SUBMIT_ALL 128
#define ENTER_GETEVENTS 1
#define ENTER_EXT_ARG   8
#define OFF_SQ_RING 0ULL
#define OFF_CQ_RING 0x8000000ULL
#define OFF_SQES    0x10000000ULL
#define SQ_CQ_OVERFLOW 2
#define CQE_F_MORE 2
#define POLL_ADD_MULTI 1
#define TIMEOUT_ABS 1
#define REG_BUFFERS 0
#define UNREG_BUFFERS 1
#define REG_FILES 2
#define UNREG_FILES 3
#define REG_EVENTFD 4
#define UNREG_EVENTFD 5
#define REG_EVENTFD_ASYNC 7
#define REG_PROBE 8
/* The features Pipit reports, which Linux 6.1 and later all have. */
#define FEAT_MASK 0x17f

struct ring {
	int fd;
	struct params_ p;
	char *sq, *cq;
	struct sqe_ *sqes;
	size_t sq_len, sqes_len;
	uint32_t sq_tail;
};
#define R32(base, off) (*(volatile uint32_t *)((base) + (off)))

static long uring_setup(unsigned entries, struct params_ *p) { return syscall(NR_setup, entries, p); }
static long uring_enter(int fd, unsigned n, unsigned min, unsigned flags, void *sig, size_t sz)
{
	return syscall(NR_enter, fd, n, min, flags, sig, sz);
}
__attribute__((unused))
static long uring_register(int fd, unsigned op, void *arg, unsigned n) { return syscall(NR_register, fd, op, arg, n); }

/* Sets up and maps a ring (the rings once, SINGLE_MMAP); 0 or -1. */
__attribute__((unused))
static int ring_init(struct ring *r, unsigned entries, unsigned flags, unsigned cq)
{
	memset(r, 0, sizeof *r);
	r->p.flags = flags;
	r->p.cq_entries = cq;
	r->fd = uring_setup(entries, &r->p);
	if (r->fd < 0)
		return -1;
	size_t sq = r->p.sq_off.array + r->p.sq_entries * 4;
	size_t cqs = r->p.cq_off.cqes + r->p.cq_entries * sizeof(struct cqe_);
	r->sq_len = sq > cqs ? sq : cqs;
	r->sq = mmap(NULL, r->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, OFF_SQ_RING);
	r->cq = r->sq;
	r->sqes_len = r->p.sq_entries * sizeof(struct sqe_);
	r->sqes = mmap(NULL, r->sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, OFF_SQES);
	if (r->sq == MAP_FAILED || r->sqes == MAP_FAILED)
		return -1;
	r->sq_tail = R32(r->sq, r->p.sq_off.tail);
	return 0;
}

__attribute__((unused))
static void ring_exit(struct ring *r)
{
	munmap(r->sq, r->sq_len);
	munmap(r->sqes, r->sqes_len);
	close(r->fd);
}

/* The next SQE, zeroed, queued at the tail (published by ring_submit). */
__attribute__((unused))
static struct sqe_ *ring_sqe(struct ring *r, int op, int fd, uint64_t data)
{
	uint32_t i = r->sq_tail & (r->p.sq_entries - 1);
	struct sqe_ *s = &r->sqes[i];
	memset(s, 0, sizeof *s);
	s->opcode = op;
	s->fd = fd;
	s->user_data = data;
	((uint32_t *)(r->sq + r->p.sq_off.array))[i] = i;
	r->sq_tail++;
	return s;
}

__attribute__((unused))
static long ring_submit(struct ring *r, unsigned n, unsigned min, unsigned flags)
{
	__atomic_store_n((uint32_t *)(r->sq + r->p.sq_off.tail), r->sq_tail, __ATOMIC_RELEASE);
	return uring_enter(r->fd, n, min, flags, NULL, 0);
}

__attribute__((unused))
static unsigned ring_ready(struct ring *r)
{
	return R32(r->cq, r->p.cq_off.tail) - R32(r->cq, r->p.cq_off.head);
}

/* Takes the next CQE (0) or says there is none (-1). */
__attribute__((unused))
static int ring_cqe(struct ring *r, struct cqe_ *out)
{
	uint32_t head = R32(r->cq, r->p.cq_off.head);
	if (head == __atomic_load_n((uint32_t *)(r->cq + r->p.cq_off.tail), __ATOMIC_ACQUIRE))
		return -1;
	*out = ((struct cqe_ *)(r->cq + r->p.cq_off.cqes))[head & (r->p.cq_entries - 1)];
	__atomic_store_n((uint32_t *)(r->cq + r->p.cq_off.head), head + 1, __ATOMIC_RELEASE);
	return 0;
}

#define U(p) ((uint64_t)(uintptr_t)(p))

/* The next CQE, waiting for one if none is there (none even then: res
 * -9999). */
__attribute__((unused))
static struct cqe_ get1(struct ring *r)
{
	struct cqe_ c = { 0, -9999, 0 };
	if (ring_cqe(r, &c))
		uring_enter(r->fd, 0, 1, ENTER_GETEVENTS, NULL, 0), ring_cqe(r, &c);
	return c;
}

/* ---- for the opcode tests (check.h first): results as words ---- */
#ifdef CHECK_H
/* One SQE, submitted alone: its CQE's result. */
__attribute__((unused))
static int32_t run1(struct ring *r, struct sqe_ *s)
{
	(void)s;
	ring_submit(r, 1, 1, ENTER_GETEVENTS);
	return get1(r).res;
}

__attribute__((unused))
static const char *res_name(int32_t res)
{
	static char buf[32];
	if (res >= 0) {
		snprintf(buf, sizeof buf, "%d", res);
		return buf;
	}
	switch (-res) {                         /* the ones check.h does not name */
	case ECANCELED: return "ECANCELED";
	case ETIME:     return "ETIME";
	case ENOBUFS:   return "ENOBUFS";
	}
	return errname(-res);
}

/* Submits what is queued and collects n CQEs (5 s at most): each one's
 * result by user_data 1..8 (-9999: none came). */
__attribute__((unused))
static void collect_cqes(struct ring *r, unsigned submit, unsigned n, int32_t res[9])
{
	for (int i = 0; i < 9; i++)
		res[i] = -9999;
	ring_submit(r, submit, 0, 0);
	struct kts_ ts = { 5, 0 };
	struct getevents_arg_ a = { 0, 0, 0, U(&ts) };
	for (unsigned got = 0; got < n; ) {
		struct cqe_ c;
		if (ring_cqe(r, &c)) {
			if (uring_enter(r->fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &a, sizeof a) < 0 && errno == ETIME)
				break;
			continue;
		}
		if (c.user_data >= 1 && c.user_data <= 8)
			res[c.user_data] = c.res;
		got++;
	}
}

/* A CQE's result, the buffer it names and whether more come ("5 bid 10",
 * "3 more", "ENOBUFS"). */
__attribute__((unused))
static const char *with_buf(struct cqe_ c)
{
	static char out[48];
	snprintf(out, sizeof out, "%s", res_name(c.res));
	if (c.flags & CQE_F_BUFFER)
		snprintf(out + strlen(out), sizeof out - strlen(out), " bid %u", c.flags >> 16);
	if (c.flags & CQE_F_MORE)
		snprintf(out + strlen(out), sizeof out - strlen(out), " more");
	return out;
}

__attribute__((unused))
static struct cqe_ submit1(struct ring *r)
{
	ring_submit(r, 1, 1, ENTER_GETEVENTS);
	return get1(r);
}

__attribute__((unused))
static struct sqe_ *select_read(struct ring *r, int op, int fd, unsigned len, unsigned bgid)
{
	struct sqe_ *s = ring_sqe(r, op, fd, 1);
	s->flags = SQE_BUFFER_SELECT;
	s->len = len;
	s->buf_index = bgid;                    /* buf_group */
	return s;
}

#endif

#endif
