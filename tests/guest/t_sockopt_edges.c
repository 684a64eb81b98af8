/* t_sockopt_edges - SO_PEEK_OFF and SO_TIMESTAMP at their edges,
 * differential against Linux 6.1:
 *  1. SO_PEEK_OFF set, offset 0: a zero-length datagram already peeked is
 *     stepped over (__skb_try_recv_from_queue: _off || skb->peeked), on
 *     AF_UNIX datagram and UDP sockets.
 *  2. UDP with an offset: a peek whose length is exactly the rest of the
 *     datagram still says MSG_TRUNC (udp_recvmsg: copied < ulen).
 *  3. SO_TIMESTAMP_NEW on then off leaves only SOCK_TSTAMP_NEW: a datagram
 *     sent then is not stamped; stamped when received after SO_TIMESTAMP. */
#include "check.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/time.h>

#ifndef SO_PEEK_OFF
#define SO_PEEK_OFF 42
#endif
#define SO_TIMESTAMP_OLD_ 29
#define SO_TIMESTAMP_NEW_ 63

static void zero_len_peeked(int s, int t, const struct sockaddr *to, socklen_t tl)
{
	char b[8];
	int zero = 0;
	CHECK_OK0("SO_PEEK_OFF 0", setsockopt(t, SOL_SOCKET, SO_PEEK_OFF, &zero, sizeof zero));
	CHECK_EQ("send empty", sendto(s, "", 0, 0, to, tl), 0);
	CHECK_EQ("send abc", sendto(s, "abc", 3, 0, to, tl), 3);
	CHECK_EQ("peek: the empty one", recv(t, b, sizeof b, MSG_PEEK | MSG_DONTWAIT), 0);
	CHECK_EQ("peek again: the empty one, peeked, is stepped over", recv(t, b, sizeof b, MSG_PEEK | MSG_DONTWAIT), 3);
}

static void unix_zero(void)
{
	int sv[2];
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	zero_len_peeked(sv[0], sv[1], NULL, 0);
}

static int udp_self(struct sockaddr_in *a)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	socklen_t l = sizeof *a;
	memset(a, 0, sizeof *a);
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(s, (struct sockaddr *)a, sizeof *a);
	getsockname(s, (struct sockaddr *)a, &l);
	return s;
}

static void udp_zero(void)
{
	struct sockaddr_in a;
	int s = udp_self(&a);
	zero_len_peeked(s, s, (struct sockaddr *)&a, sizeof a);
}

static void udp_trunc(void)
{
	struct sockaddr_in a;
	int s = udp_self(&a), two = 2, v;
	socklen_t vl = sizeof v;
	char b[8];
	CHECK_OK0("SO_PEEK_OFF 2", setsockopt(s, SOL_SOCKET, SO_PEEK_OFF, &two, sizeof two));
	CHECK_EQ("send abcdef", sendto(s, "abcdef", 6, 0, (struct sockaddr *)&a, sizeof a), 6);
	struct iovec iov = { b, 4 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ("peek the 4 left", recvmsg(s, &m, MSG_PEEK | MSG_DONTWAIT), 4);
	CHECK_EQ("MSG_TRUNC even so", m.msg_flags & MSG_TRUNC, MSG_TRUNC);
	getsockopt(s, SOL_SOCKET, SO_PEEK_OFF, &v, &vl);
	CHECK_EQ("offset 6", v, 6);
}

static void tstamp_new_left(void)
{
	int sv[2], one = 1, zero = 0;
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK_OK0("SO_TIMESTAMP_NEW on", setsockopt(sv[1], SOL_SOCKET, SO_TIMESTAMP_NEW_, &one, sizeof one));
	CHECK_OK0("SO_TIMESTAMP_NEW off", setsockopt(sv[1], SOL_SOCKET, SO_TIMESTAMP_NEW_, &zero, sizeof zero));
	CHECK_EQ("send", send(sv[0], "x", 1, 0), 1);
	usleep(300000);
	struct timeval before;
	gettimeofday(&before, NULL);
	CHECK_OK0("SO_TIMESTAMP_OLD on", setsockopt(sv[1], SOL_SOCKET, SO_TIMESTAMP_OLD_, &one, sizeof one));
	char b[4];
	union { char c[64]; struct cmsghdr h; } ctl;
	struct iovec iov = { b, sizeof b };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.c, .msg_controllen = sizeof ctl };
	CHECK_EQ("recvmsg", recvmsg(sv[1], &m, 0), 1);
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	CHECK("a SO_TIMESTAMP_OLD message", c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMP_OLD_);
	if (c) {
		int32_t tv[2];
		memcpy(tv, CMSG_DATA(c), sizeof tv);
		long long us = (long long)tv[0] * 1000000 + tv[1];
		long long bu = (long long)before.tv_sec * 1000000 + before.tv_usec;
		CHECK("stamped at its reception (after the option), not at its sending", us >= bu - 1000);
	}
}

int main(void)
{
	RUN(unix_zero);
	RUN(udp_zero);
	RUN(udp_trunc);
	RUN(tstamp_new_left);
	return cases_failed ? 1 : 0;
}
