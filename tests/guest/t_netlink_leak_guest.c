/* t_netlink_leak_guest - guest only: netlink sockets closed in every
 * state give back all kernel memory (kmem.h's exact account): with
 * replies and a dump half read still queued, overrun (ENOBUFS), with
 * datagrams from another socket queued, a sender asleep on a full queue
 * whose reader closes it, and a socket an mq_notify SIGEV_THREAD
 * registration holds when the queue goes; and random datagrams to the
 * kernel (a fuzzer's: random lengths, types, flags, attributes; as root,
 * so changes are asked for too, in a network namespace of its own) leave
 * it answering as before. Guest
 * only: on the host, root's random RTM_NEW* could change the machine. */
#include "check.h"
#include <mqueue.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "netlink_abi.h"
#include "kmem.h"

static void req(int fd, int type, int flags)
{
	struct { struct nlmsghdr h; struct rtgenmsg g; char pad[3]; } r;
	memset(&r, 0, sizeof r);
	r.h = (struct nlmsghdr){ 17, type, flags, 1, 0 };
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	sendto(fd, &r, 20, 0, (struct sockaddr *)&k, sizeof k);
}

static bool route_work(void)
{
	char buf[8192];
	int a = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	req(a, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP);   /* half read */
	bool ok = recv(a, buf, sizeof buf, 0) > 0;
	req(a, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK);
	req(a, 1000, NLM_F_REQUEST);
	int b = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), v = 1;
	setsockopt(b, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	for (int i = 0; i < 50; i++)                           /* overrun */
		req(b, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK);
	req(b, RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP);
	close(a);
	return ok;                                              /* b closes at exit */
}

static bool user_work(void)
{
	int a = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_USERSOCK);
	int b = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_USERSOCK), v = 1;
	struct sockaddr_nl k = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	bind(a, (struct sockaddr *)&k, sizeof k);
	setsockopt(a, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	socklen_t n = sizeof k;
	getsockname(a, (struct sockaddr *)&k, &n);
	k.nl_groups = 0;
	char buf[256] = { 0 };
	int sent = 0;
	while (sendto(b, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&k, sizeof k) > 0)
		sent++;
	k.nl_groups = 1;
	sendto(b, buf, 10, MSG_DONTWAIT, (struct sockaddr *)&k, sizeof k);
	pid_t pid = fork();
	if (pid == 0) {                                         /* asleep on a's full queue */
		close(a);                                       /* (the parent's close is the last) */
		k.nl_groups = 0;
		_exit(sendto(b, buf, sizeof buf, 0, (struct sockaddr *)&k, sizeof k) < 0 && errno == ECONNREFUSED ? 0 : 1);
	}
	usleep(100000);
	close(a);
	int st = 0;
	waitpid(pid, &st, 0);
	return sent > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static bool mq_work(void)
{
	struct mq_attr at = { .mq_maxmsg = 2, .mq_msgsize = 8 };
	mqd_t q = mq_open("/t_nl_leak", O_CREAT | O_RDWR, 0600, &at);
	mq_unlink("/t_nl_leak");
	int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	char cookie[32] = { 0 };
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_signo = nl;
	ev.sigev_value.sival_ptr = cookie;
	bool ok = syscall(SYS_mq_notify, q, &ev) == 0;
	close(nl);                                               /* the registration holds it */
	int q2 = dup(q);
	pid_t pid = fork();
	if (pid == 0)                                           /* another process keeps the queue */
		_exit(0);
	waitpid(pid, NULL, 0);
	(void)q2;
	return ok;                                              /* the queue goes at exit */
}

static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8;
}

static bool random_work(void)
{
	unshare(CLONE_NEWNET);          /* what a random RTM_NEWLINK changes is its own lo's */
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, NETLINK_ROUTE);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	static char buf[4096], in[8192];
	for (int i = 0; i < 400; i++) {
		int len = rnd() % 300;
		for (int j = 0; j < len; j++)
			buf[j] = (char)rnd();
		struct nlmsghdr *h = (void *)buf;
		if (len >= 16 && (rnd() & 1)) {
			h->nlmsg_len = (rnd() & 3) ? (uint32_t)len - (rnd() % 8) : rnd();
			h->nlmsg_type = (rnd() & 1) ? 16 + rnd() % 100 : rnd() % 20;
			h->nlmsg_flags |= NLM_F_REQUEST;
		}
		sendto(fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&k, sizeof k);
		while (rnd() % 4 && recv(fd, in, rnd() % sizeof in, MSG_DONTWAIT | (rnd() % 2 ? MSG_PEEK : 0)) >= 0)
			;
	}
	struct { struct nlmsghdr h; struct rtgenmsg g; char pad[3]; } r;
	memset(&r, 0, sizeof r);
	r.h = (struct nlmsghdr){ 17, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 777, 0 };
	while (recv(fd, in, sizeof in, MSG_DONTWAIT) >= 0 || errno == ENOBUFS)
		;
	sendto(fd, &r, 20, 0, (struct sockaddr *)&k, sizeof k);
	ssize_t n;
	do
		n = recv(fd, in, sizeof in, MSG_DONTWAIT);
	while (n > 0 && ((struct nlmsghdr *)in)->nlmsg_seq != 777);
	return n == 36;
}

static void leaks(void)
{
	kmem_account("NETLINK_ROUTE sockets with replies, dumps and overruns", route_work, 10, "kernel memory as before");
	kmem_account("NETLINK_USERSOCK queues and a sleeping sender", user_work, 10, "kernel memory as before");
	kmem_account("a socket held by mq_notify", mq_work, 10, "kernel memory as before");
	kmem_account("random datagrams to the kernel", random_work, 5, "kernel memory as before");
}

int main(void)
{
	RUN(leaks);
	return cases_failed ? 1 : 0;
}
