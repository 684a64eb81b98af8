/* t_mmsg - sendmmsg(2) and recvmmsg(2) on UNIX datagram and stream
 * sockets, as Linux 6.1: counts in each msg_len, MSG_WAITFORONE, the
 * timeout checked after each message (a zero one takes one), a bad entry
 * after good ones (the good ones count, the error waits in SO_ERROR), and
 * the errors before any message (ipc/socket_msg.c: sys_sendmmsg,
 * do_recvmmsg). Called by number, as the time64 variant too. */
#include "check.h"
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <stdint.h>

#define NR_RECVMMSG 337
#define NR_SENDMMSG 345
#define NR_RECVMMSG_TIME64 417

struct mmsg {                    /* i386's struct mmsghdr */
	struct msghdr hdr;
	unsigned int len;
};

static char bufs[8][32];
static struct iovec iovs[8];
static struct mmsg vec[8];

/* vec[0..n) each pointing at its own buffer of `size` bytes. */
static void setup(int n, size_t size)
{
	memset(vec, 0, sizeof vec);
	memset(bufs, 0, sizeof bufs);
	for (int i = 0; i < n; i++) {
		iovs[i] = (struct iovec){ bufs[i], size };
		vec[i].hdr.msg_iov = &iovs[i];
		vec[i].hdr.msg_iovlen = 1;
		vec[i].len = 0xdead;
	}
}

static long sendmmsg_(int fd, struct mmsg *v, unsigned n, unsigned flags)
{
	return syscall(NR_SENDMMSG, fd, v, n, flags);
}

static long recvmmsg_(int fd, struct mmsg *v, unsigned n, unsigned flags, void *tmo)
{
	return syscall(NR_RECVMMSG, fd, v, n, flags, tmo);
}

static void send_three(void)
{
	setup(3, 32);
	strcpy(bufs[0], "one");
	strcpy(bufs[1], "second");
	strcpy(bufs[2], "the third");
	for (int i = 0; i < 3; i++)
		iovs[i].iov_len = strlen(bufs[i]);
}

static void dgram_batch(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send_three();
	CHECK_EQ("sendmmsg of three", sendmmsg_(sv[0], vec, 3, 0), 3);
	CHECK_EQ("msg_len 0", vec[0].len, 3);
	CHECK_EQ("msg_len 1", vec[1].len, 6);
	CHECK_EQ("msg_len 2", vec[2].len, 9);
	setup(5, 32);
	CHECK_EQ("recvmmsg of five, non-blocking: three", recvmmsg_(sv[1], vec, 5, MSG_DONTWAIT, NULL), 3);
	CHECK_STR("first", bufs[0], "one");
	CHECK_STR("second", bufs[1], "second");
	CHECK_STR("third", bufs[2], "the third");
	CHECK_EQ("its msg_len", vec[2].len, 9);
	CHECK_EQ("the fourth's msg_len untouched", vec[3].len, 0xdead);
	CHECK_ERR("empty now, non-blocking: EAGAIN", recvmmsg_(sv[1], vec, 5, MSG_DONTWAIT, NULL), EAGAIN);
	CHECK_EQ("sendmmsg of none", sendmmsg_(sv[0], vec, 0, 0), 0);
	CHECK_EQ("recvmmsg of none", recvmmsg_(sv[1], vec, 0, MSG_DONTWAIT, NULL), 0);
	close(sv[0]);
	close(sv[1]);
}

static void wait_for_one(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send_three();
	sendmmsg_(sv[0], vec, 2, 0);
	setup(5, 32);
	CHECK_EQ("MSG_WAITFORONE: the two queued, no wait", recvmmsg_(sv[1], vec, 5, MSG_WAITFORONE, NULL), 2);
	CHECK_STR("the second", bufs[1], "second");
	send_three();
	sendmmsg_(sv[0], vec, 1, 0);
	setup(1, 2);
	CHECK_EQ("a datagram cut to 2 bytes", recvmmsg_(sv[1], vec, 1, 0, NULL), 1);
	CHECK_EQ("msg_len is what was read", vec[0].len, 2);
	CHECK_EQ("MSG_TRUNC in msg_flags", vec[0].hdr.msg_flags & MSG_TRUNC, MSG_TRUNC);
	close(sv[0]);
	close(sv[1]);
}

static void timeouts(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send_three();
	sendmmsg_(sv[0], vec, 3, 0);
	int32_t zero[2] = { 0, 0 };          /* 337's old_timespec32 */
	setup(5, 32);
	CHECK_EQ("a zero timeout takes one", recvmmsg_(sv[1], vec, 5, 0, zero), 1);
	CHECK("and leaves it zero", zero[0] == 0 && zero[1] == 0);
	int32_t ten[2] = { 10, 0 };
	setup(2, 32);
	CHECK_EQ("ten seconds, two asked: two", recvmmsg_(sv[1], vec, 2, 0, ten), 2);
	CHECK("time left written back", ten[0] <= 10 && ten[0] >= 5 && ten[1] >= 0 && ten[1] < 1000000000 &&
	      (ten[0] < 10 || ten[1] == 0));
	int32_t bad[2] = { 0, 1000000000 };
	CHECK_ERR("tv_nsec 1e9: EINVAL", recvmmsg_(sv[1], vec, 2, MSG_DONTWAIT, bad), EINVAL);
	bad[0] = -1;
	bad[1] = 0;
	CHECK_ERR("negative: EINVAL", recvmmsg_(sv[1], vec, 2, MSG_DONTWAIT, bad), EINVAL);
	CHECK_ERR("timeout unreadable: EFAULT", recvmmsg_(sv[1], vec, 2, MSG_DONTWAIT, (void *)8), EFAULT);
	bad[0] = 0;
	bad[1] = 1000000000;
	CHECK_ERR("bad timeout before bad fd: EINVAL", recvmmsg_(-1, vec, 2, 0, bad), EINVAL);
	long long b64[2] = { 0, 1000000000 };
	CHECK_ERR("time64 tv_nsec 1e9: EINVAL", syscall(NR_RECVMMSG_TIME64, sv[1], vec, 2, MSG_DONTWAIT, b64), EINVAL);
	long long t64[2] = { 0, 0 };
	send_three();
	sendmmsg_(sv[0], vec, 2, 0);
	setup(5, 32);
	CHECK_EQ("recvmmsg_time64, zero: one", syscall(NR_RECVMMSG_TIME64, sv[1], vec, 5, 0, t64), 1);
	CHECK_STR("it is the first", bufs[0], "one");
	close(sv[0]);
	close(sv[1]);
}

static void bad_entries(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send_three();
	iovs[1].iov_base = (void *)8;
	CHECK_EQ("sendmmsg with the second unreadable: one sent", sendmmsg_(sv[0], vec, 3, 0), 1);
	CHECK_EQ("its msg_len", vec[0].len, 3);
	CHECK_EQ("the second's untouched", vec[1].len, 0xdead);
	send_three();
	iovs[0].iov_base = (void *)8;
	CHECK_ERR("the first unreadable: EFAULT", sendmmsg_(sv[0], vec, 3, 0), EFAULT);
	CHECK_ERR("vec itself unreadable: EFAULT", sendmmsg_(sv[0], (void *)8, 3, 0), EFAULT);
	send_three();
	sendmmsg_(sv[0], vec, 3, 0);
	setup(3, 32);
	iovs[1].iov_base = (void *)8;
	CHECK_EQ("recvmmsg, the second buffer bad: one", recvmmsg_(sv[1], vec, 3, MSG_DONTWAIT, NULL), 1);
	int err = 0;
	socklen_t l = sizeof err;
	getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &err, &l);
	CHECK_STR("the error waits in SO_ERROR", errname(err), "EFAULT");
	close(sv[0]);
	close(sv[1]);
}

static void errors(void)
{
	int p[2];
	pipe(p);
	setup(1, 32);
	CHECK_ERR("sendmmsg on a bad fd: EBADF", sendmmsg_(-1, vec, 1, 0), EBADF);
	CHECK_ERR("recvmmsg on a bad fd: EBADF", recvmmsg_(99, vec, 1, 0, NULL), EBADF);
	CHECK_ERR("sendmmsg on a pipe: ENOTSOCK", sendmmsg_(p[1], vec, 1, 0), ENOTSOCK);
	CHECK_ERR("recvmmsg on a pipe: ENOTSOCK", recvmmsg_(p[0], vec, 1, 0, NULL), ENOTSOCK);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("sendmmsg unconnected stream: ENOTCONN", sendmmsg_(s, vec, 1, 0), ENOTCONN);
	CHECK_ERR("recvmmsg unconnected stream: EINVAL", recvmmsg_(s, vec, 1, 0, NULL), EINVAL);
	close(s);
}

static void stream_pieces(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	send_three();
	CHECK_EQ("sendmmsg on a stream", sendmmsg_(sv[0], vec, 3, 0), 3);
	setup(2, 4);
	CHECK_EQ("recvmmsg of two 4-byte pieces", recvmmsg_(sv[1], vec, 2, MSG_DONTWAIT, NULL), 2);
	CHECK_EQ("first piece", vec[0].len, 4);
	CHECK_EQ("second piece", vec[1].len, 4);
	CHECK("the bytes run on", !memcmp(bufs[0], "ones", 4) && !memcmp(bufs[1], "econ", 4));
	close(sv[0]);
	setup(4, 32);
	CHECK_EQ("then the rest and EOF (0 bytes counts as one)", recvmmsg_(sv[1], vec, 4, MSG_DONTWAIT, NULL), 4);
	CHECK_EQ("the rest", vec[0].len, 10);
	CHECK_EQ("EOF", vec[1].len, 0);
	close(sv[1]);
}

int main(void)
{
	RUN(dgram_batch);
	RUN(wait_for_one);
	RUN(timeouts);
	RUN(bad_entries);
	RUN(errors);
	RUN(stream_pieces);
	return cases_failed ? 1 : 0;
}
