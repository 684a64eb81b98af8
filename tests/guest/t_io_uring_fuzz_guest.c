/* t_io_uring_fuzz_guest - random SQEs of every opcode at a ring: each
 * field drawn from values that are valid, off by one, or hostile (bad
 * descriptors, the ring's own, NULL, kernel and unmapped addresses, huge
 * lengths, every flag bit), submitted in random batches and chains, the
 * ring then closed with whatever still waits. The kernel must neither
 * panic nor hang, and each identical round must give back every page and
 * object it took (kmem.h); each round must see its requests complete,
 * some with a result, or the fuzz would test nothing. Paths are relative, in a scratch
 * directory each round makes and removes. */
#include "check.h"
#include "kmem.h"
#include "uring.h"
#include <sys/socket.h>
#include <sys/mman.h>

static uint64_t rng;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}
static uint32_t pick(const uint32_t *v, size_t n) { return v[rnd() % n]; }
#define PICK(a) pick(a, sizeof a / sizeof a[0])

static char scratch[4096];                 /* buffers, paths, structures the SQEs point at */

/* One round: a ring, pipes and sockets, 200 random SQEs, the ring closed. */
static bool round_of(uint64_t seed)
{
	rng = seed;
	char dir[160];
	snprintf(dir, sizeof dir, "%s/r", tdir);
	mkdir(dir, 0700);
	if (chdir(dir))
		return false;
	struct ring r;
	int good = 0, cqes = 0;                 /* CQEs, those with a result: the fuzz reaches the opcodes */
	unsigned queued = 0;
	if (ring_init(&r, 16, 0, 0))
		return false;
	int p[2], sv[2];
	if (pipe(p) || socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return false;
	close(open("f", O_CREAT | O_RDWR, 0600));
	int f = open("f", O_RDWR);
	memset(scratch, 0, sizeof scratch);
	strcpy(scratch, "f");                   /* a path at the start */
	strcpy(scratch + 64, "g");
	uint32_t regs[2] = { (uint32_t)p[0], (uint32_t)-1 };
	if (rnd() % 2)
		uring_register(r.fd, REG_FILES, regs, 2);
	struct iovec riov = { scratch + 1024, 512 };
	if (rnd() % 2)
		uring_register(r.fd, REG_BUFFERS, &riov, 1);
	const uint32_t fds[] = { (uint32_t)p[0], (uint32_t)p[1], (uint32_t)sv[0], (uint32_t)sv[1], (uint32_t)f,
				 (uint32_t)r.fd, (uint32_t)-1, (uint32_t)AT_FDCWD, 99, 0x7fffffff };
	const uint32_t addrs[] = { 0, 16, (uint32_t)(uintptr_t)scratch, (uint32_t)(uintptr_t)scratch + 64,
				   (uint32_t)(uintptr_t)scratch + 1024, (uint32_t)(uintptr_t)scratch + 4090,
				   0xC0000000u, 0xFFFFF000u, 1, 12345 };
	const uint32_t lens[] = { 0, 1, 2, 8, 16, 24, 512, 4096, 65536, 0x7fffffff, 0xffffffffu };
	const uint32_t nums[] = { 0, 1, 2, 3, 4, 7, 8, 16, 64, 0x100, 0x8000, 0x80000000u, 0xffffffffu };
	for (int i = 0; i < 200; i++) {
		struct sqe_ *s = ring_sqe(&r, (int)(rnd() % 52), (int)PICK(fds), rnd() % 100);
		if (rnd() % 2) {                    /* plausible: most fields 0, pointers good */
			const uint32_t good_addrs[] = { (uint32_t)(uintptr_t)scratch,
							(uint32_t)(uintptr_t)scratch + 64,
							(uint32_t)(uintptr_t)scratch + 1024 };
			const uint32_t small[] = { 0, 1, 2, 8, 16, 24, 64 };
			s->addr = PICK(good_addrs);
			s->len = PICK(small);
			s->off = rnd() % 2 ? 0 : (uint64_t)-1;
			s->op_flags = rnd() % 4 ? 0 : PICK(small);
		} else {                            /* hostile */
			s->flags = (uint8_t)(rnd() % 4 == 0 ? rnd() : 0);
			if (rnd() % 8)
				s->flags &= (uint8_t)~SQE_IO_DRAIN;   /* (rarely: a drain behind a long wait stops the rest) */
			s->ioprio = (uint16_t)(rnd() % 4 == 0 ? PICK(nums) : 0);
			s->addr = rnd() % 8 == 0 ? (uint64_t)PICK(nums) << 32 | PICK(addrs) : PICK(addrs);
			s->off = rnd() % 3 == 0 ? (uint64_t)(int64_t)(int32_t)PICK(nums) : PICK(addrs);
			s->len = PICK(lens);
			s->op_flags = rnd() % 2 ? PICK(nums) : 0;
			s->buf_index = (uint16_t)(rnd() % 3 == 0 ? PICK(nums) : 0);
			s->personality = (uint16_t)(rnd() % 10 == 0 ? PICK(nums) : 0);
			s->file_index = (int32_t)(rnd() % 4 == 0 ? PICK(nums) : 0);
			s->addr3 = rnd() % 6 == 0 ? PICK(addrs) : 0;
		}
		if (++queued >= 8 || rnd() % 4 == 0 || i == 199) {   /* (never more than the ring holds) */
			struct kts_ zero = { 0, 0 };
			struct getevents_arg_ a = { 0, 0, 0, U(&zero) };
			ring_submit(&r, rnd() % 8 ? queued : rnd() % 20, 0, 0);
			queued = 0;
			r.sq_tail = R32(r.sq, r.p.sq_off.head);   /* what was not taken is dropped */
			uring_enter(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &a, sizeof a);
			struct cqe_ c;
			while (ring_cqe(&r, &c) == 0)
				good += c.res >= 0, cqes++;
		}
	}
	ring_exit(&r);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
	close(f);
	if (chdir(tdir))
		return false;
	rm_rf(dir);
	return good >= 1 && cqes >= 16;
}

static uint64_t seed_now;
static bool one_round(void) { return round_of(seed_now); }

static void fuzz(void)
{
	char name[64];
	for (uint64_t seed = 1; seed <= 12; seed++) {
		seed_now = seed * 0x9E3779B97F4A7C15ull;
		snprintf(name, sizeof name, "random SQEs, seed %u", (unsigned)seed);
		kmem_account(name, one_round, 2, "the account exactly as before");
	}
}

int main(void)
{
	tdir_setup("t_io_uring_fuzz_guest");
	RUN(fuzz);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
