/* t_scm_gc_guest - guest only: the garbage collector of files in flight.
 * A UNIX socket whose every reference sits in receive queues (SCM_RIGHTS)
 * and that no descriptor can reach any more is garbage: a socket sent
 * over itself, two pairs holding each other's ends, a pipe end caught in
 * such a cycle. Each kind of work runs in a child five times and the
 * kernel's memory account (tests/guest/kmem.h) must come out exactly as
 * before. Files still reachable (a chain whose end has a descriptor, a
 * socket passed and then received) must not be freed: they still work
 * once received. Linux collects at other moments, so this is Pipit only. */
#include "check.h"
#include "kmem.h"
#include "unix_addr.h"
#include "sock_chain.h"
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* Receives one byte and up to 4 descriptors into fds; how many, or -1. */
static int recv_fds(int sock, int *fds)
{
	union { char b[CMSG_SPACE(sizeof(int) * 4)]; struct cmsghdr align; } ctl;
	char c;
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl.b, .msg_controllen = sizeof ctl.b };
	memset(&ctl, 0, sizeof ctl);
	if (recvmsg(sock, &m, MSG_DONTWAIT) != 1)
		return -1;
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	if (!h || h->cmsg_type != SCM_RIGHTS)
		return 0;
	int n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	memcpy(fds, CMSG_DATA(h), n * sizeof(int));
	return n;
}

/* A socket of `type` sent over itself, both ends then closed: garbage. */
static bool self_loop(int type)
{
	int s[2];
	if (socketpair(AF_UNIX, type, 0, s) < 0)
		return false;
	bool ok = send_fds(s[1], "f", 1, &s[0], 1) == 1;      /* into s[0]'s own queue */
	close(s[0]);
	close(s[1]);
	return ok;
}

static bool self_stream(void) { return self_loop(SOCK_STREAM) && system_works(SOCK_STREAM); }
static bool self_dgram(void) { return self_loop(SOCK_DGRAM) && system_works(SOCK_DGRAM); }
static bool self_seqpacket(void) { return self_loop(SOCK_SEQPACKET) && system_works(SOCK_SEQPACKET); }

/* Two pairs, each holding both ends of the other: a cycle of 2. */
static bool cycle2(void)
{
	int p[2], q[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, q) < 0)
		return false;
	bool ok = send_fds(p[1], "f", 1, q, 2) == 1 && send_fds(q[1], "f", 1, p, 2) == 1;
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	return ok && system_works(SOCK_STREAM);
}

/* A pipe's write end and a socket, both in that socket's queue: the pipe
 * goes with the cycle, so its read end then sees end of file. */
static bool pipe_in_cycle(void)
{
	int s[2], p[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) < 0 || pipe(p) < 0)
		return false;
	int fds[2] = { s[0], p[1] };
	bool ok = send_fds(s[1], "f", 1, fds, 2) == 1;
	close(p[1]);
	close(s[0]);
	close(s[1]);
	char c;
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	ok = ok && read(p[0], &c, 1) == 0;          /* no writer is left */
	close(p[0]);
	return ok && system_works(SOCK_DGRAM);
}

#define CHAIN 24

/* Pair i's ends sit in pair i+1's queue; only the last pair has
 * descriptors. Garbage made meanwhile runs the collector, which must free
 * nothing of the chain: received back link by link, every pair works. */
static bool chain(void)
{
	int s[CHAIN][2];
	bool ok = true;
	for (int i = 0; i < CHAIN && ok; i++) {
		ok = socketpair(AF_UNIX, i & 1 ? SOCK_DGRAM : SOCK_STREAM, 0, s[i]) == 0;
		if (ok && i > 0) {
			ok = send_fds(s[i][1], "f", 1, s[i - 1], 2) == 1;
			close(s[i - 1][0]);
			close(s[i - 1][1]);
			ok = ok && self_loop(SOCK_STREAM);
		}
	}
	if (!ok)
		return false;
	for (int i = CHAIN - 1; i >= 0 && ok; i--) {
		int fds[4];
		if (i > 0) {
			ok = recv_fds(s[i][0], fds) == 2 && self_loop(SOCK_DGRAM);
			if (ok) {
				s[i - 1][0] = fds[0];
				s[i - 1][1] = fds[1];
			}
		}
		ok = ok && talks(s[i][0], s[i][1]);
		close(s[i][0]);
		close(s[i][1]);
	}
	return ok && system_works(SOCK_STREAM);
}

/* A socket passed over another pair, its own descriptor closed, then
 * received after the collector has run: it still works. And a socket in
 * its own queue while its descriptor is open, received back likewise. */
static bool received_later(void)
{
	int p[2], q[2], fds[4] = { -1, -1, -1, -1 };
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, q) < 0)
		return false;
	bool ok = send_fds(p[1], "f", 1, &q[0], 1) == 1;
	close(q[0]);
	ok = ok && self_loop(SOCK_STREAM) && recv_fds(p[0], fds) == 1 && talks(fds[0], q[1]);
	if (ok)
		close(fds[0]);
	ok = ok && send_fds(p[1], "f", 1, &p[0], 1) == 1 && self_loop(SOCK_DGRAM) &&
	     recv_fds(p[0], fds) == 1;
	close(p[0]);
	ok = ok && self_loop(SOCK_DGRAM) && talks(fds[0], p[1]);
	close(fds[0]);
	close(p[1]);
	close(q[1]);
	return ok && system_works(SOCK_SEQPACKET);
}

/* The work once to warm up, then five times more: each time it works, and
 * the account after the five is exactly as before them; then new sockets
 * still work. */
static void account(const char *what, bool (*work)(void))
{
	kmem_account(what, work, 5, "five more times, the account exactly as before");
	char name[160];
	snprintf(name, sizeof name, "%s: sockets still work after", what);
	CHECK(name, system_works(SOCK_STREAM) && system_works(SOCK_DGRAM));
}

static void self_stream_case(void) { account("stream socket sent over itself", self_stream); }
static void self_dgram_case(void) { account("datagram socket sent over itself", self_dgram); }
static void self_seqpacket_case(void) { account("seqpacket socket sent over itself", self_seqpacket); }
static void cycle2_case(void) { account("two pairs holding each other", cycle2); }
static void pipe_case(void) { account("a pipe end inside a cycle", pipe_in_cycle); }
static void chain_case(void) { account("a chain received back", chain); }
static void received_case(void) { account("a socket received after a collection", received_later); }

int main(void)
{
	RUN(self_stream_case);
	RUN(self_dgram_case);
	RUN(self_seqpacket_case);
	RUN(cycle2_case);
	RUN(pipe_case);
	RUN(chain_case);
	RUN(received_case);
	return cases_failed || check_failed ? 1 : 0;
}
