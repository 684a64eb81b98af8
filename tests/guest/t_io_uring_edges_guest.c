/* t_io_uring_edges_guest - io_uring against memory exhaustion, on Pipit
 * only (Linux charges rings and overflowed CQEs to RLIMIT_MEMLOCK and
 * the memory cgroup, the host's answers are not the guest's): rings of
 * the largest size made until the memory runs out (ENOMEM, not a panic),
 * and CQEs overflowed without end, then all given back (kmem.h). */
#include "check.h"
#include "kmem.h"
#include "uring.h"
#include <errno.h>

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

static void exhaustion(void)
{
	kmem_account("largest rings until ENOMEM", rings_until_enomem, 2, "the account exactly as before");
	kmem_account("CQEs overflowed until memory runs out", overflow_until_enomem, 2,
		     "the account exactly as before");
}

int main(void)
{
	tdir_setup("t_io_uring_edges_guest");
	RUN(exhaustion);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
