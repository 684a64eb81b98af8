/* t_mmsg_time64 - recvmmsg_time64 (ipc/socket_msg.c:
 * recvmmsg_common) against Linux 6.1:
 *  - a timeout of 2^40 s: Linux's poll_select_set_timeout adds it with
 *    timespec64_add_safe (saturating), so the deadline is far and every
 *    message queued is taken; sec * 1e9 must not wrap to a past deadline;
 *  - a __kernel_timespec whose tv_nsec has its upper 32 bits set: Linux's
 *    get_timespec64 drops them on a 32-bit call (native i386: "In 32-bit
 *    mode, this drops the padding"; compat: masked), so 2^32 + 5 ns is 5 ns,
 *    not EINVAL. (kernel/time.c get_user_timespec, shared by every
 *    _time64 call, keeps them.) */
#include "check.h"
#include <sys/socket.h>
#include <sys/syscall.h>
#include <stdint.h>

#define NR_RECVMMSG 337
#define NR_RECVMMSG_TIME64 417

struct mmsg {
	struct msghdr hdr;
	unsigned int len;
};

struct ts64 {
	int64_t sec, nsec;
};

static char bufs[4][32];
static struct iovec iovs[4];
static struct mmsg vec[4];

static void setup(void)
{
	memset(vec, 0, sizeof vec);
	for (int i = 0; i < 4; i++) {
		iovs[i] = (struct iovec){ bufs[i], sizeof bufs[i] };
		vec[i].hdr.msg_iov = &iovs[i];
		vec[i].hdr.msg_iovlen = 1;
	}
}

static long take(int64_t sec, int64_t nsec)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		return -2;
	for (int i = 0; i < 3; i++)
		send(sv[0], "abc", 3, 0);
	setup();
	struct ts64 t = { sec, nsec };
	errno = 0;
	long n = syscall(NR_RECVMMSG_TIME64, sv[1], vec, 3, MSG_DONTWAIT, &t);
	close(sv[0]);
	close(sv[1]);
	return n < 0 ? -errno : n;
}

static void huge_timeout(void)
{
	CHECK_EQ("time64, a timeout of 100 s: all three", take(100, 0), 3);
	CHECK_EQ("time64, a timeout of 2^40 s: all three", take(1LL << 40, 0), 3);
	CHECK_EQ("time64, a timeout of 2^62 s: all three", take(1LL << 62, 0), 3);
}

static void nsec_padding(void)
{
	CHECK_EQ("time64, tv_nsec 2^32 + 5: the padding dropped", take(100, (1LL << 32) + 5), 3);
	CHECK_EQ("time64, tv_nsec 1e9 (low word): EINVAL", take(100, 1000000000), -EINVAL);
	CHECK_EQ("time64, tv_nsec -1 (low word 0xffffffff): EINVAL", take(100, 0xffffffffLL), -EINVAL);
}

int main(void)
{
	RUN(huge_timeout);
	RUN(nsec_padding);
	return cases_failed ? 1 : 0;
}
