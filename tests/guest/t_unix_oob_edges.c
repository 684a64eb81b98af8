/* t_unix_oob_edges - MSG_OOB on an AF_UNIX stream where the stream is
 * full or closing, differential against Linux: an urgent byte takes
 * room as any byte does (Linux queues it as a buffer of its own,
 * charged to the sender), so a send(MSG_OOB) to a full stream says
 * EAGAIN with MSG_DONTWAIT and waits without it; after shutdown(SHUT_WR)
 * it is EPIPE, and a peer that shut down reading gives EPIPE too. */
#include "check.h"
#include <poll.h>
#include <sys/socket.h>

static int sv[2];

/* Fills sv[0]'s way to sv[1] with whole sends until EAGAIN. */
static void fill(void)
{
	static char big[4096];
	while (send(sv[0], big, sizeof big, MSG_DONTWAIT) > 0)
		;
	while (send(sv[0], big, 1, MSG_DONTWAIT) > 0)
		;
}

static void on_alarm(int sig) { (void)sig; }

static void full(void)
{
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	fill();
	CHECK_ERR("full: a byte: EAGAIN", send(sv[0], "x", 1, MSG_DONTWAIT), EAGAIN);
	CHECK_ERR("full: MSG_OOB|MSG_DONTWAIT: EAGAIN", send(sv[0], "u", 1, MSG_OOB | MSG_DONTWAIT), EAGAIN);
	char c;
	CHECK_ERR("no urgent byte came", recv(sv[1], &c, 1, MSG_OOB), EINVAL);
	struct pollfd p = { sv[1], POLLPRI, 0 };
	CHECK_EQ("no POLLPRI", poll(&p, 1, 0), 0);
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	CHECK_ERR("full: MSG_OOB waits (EINTR)", send(sv[0], "u", 1, MSG_OOB), EINTR);
	CHECK_ERR("still no urgent byte", recv(sv[1], &c, 1, MSG_OOB), EINVAL);
}

static void closing(void)
{
	char c;
	signal(SIGPIPE, SIG_IGN);
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK0("shutdown(SHUT_WR)", shutdown(sv[0], SHUT_WR));
	CHECK_ERR("MSG_OOB after SHUT_WR: EPIPE", send(sv[0], "u", 1, MSG_OOB), EPIPE);
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK0("peer shutdown(SHUT_RD)", shutdown(sv[1], SHUT_RD));
	CHECK_ERR("MSG_OOB to a peer that reads no more: EPIPE", send(sv[0], "u", 1, MSG_OOB), EPIPE);
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ("send ab, b urgent", send(sv[0], "ab", 2, MSG_OOB), 2);
	close(sv[0]);
	CHECK_EQ("the urgent byte after the peer closed", recv(sv[1], &c, 1, MSG_OOB), 1);
	CHECK_EQ("it is b", c, 'b');
	CHECK_EQ("then a", recv(sv[1], &c, 1, 0), 1);
	CHECK_EQ("end of file", recv(sv[1], &c, 1, 0), 0);
}

int main(void)
{
	RUN(full);
	RUN(closing);
	return cases_failed ? 1 : 0;
}
