/* t_inet_leak_guest - guest only: TCP connections ended every way (both
 * sides closing in either order, a reset from unread data, SO_LINGER 0,
 * half-open ones whose process dies, a listener closed with connections
 * not yet accepted) and UDP sockets with datagrams still queued must give
 * back all kernel memory (kmem.h's exact account). TIME_WAIT keeps an
 * end for a minute: first the test sees those ends in /proc/net/tcp, then
 * it sets net.ipv4.tcp_max_tw_buckets to 0 so they end at once. */
#include "check.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include "kmem.h"

static struct sockaddr_in lo_addr(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int listener(uint16_t *port)
{
	struct sockaddr_in a = lo_addr(0);
	socklen_t n = sizeof a;
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 8) ||
	    getsockname(l, (struct sockaddr *)&a, &n))
		return -1;
	*port = ntohs(a.sin_port);
	return l;
}

static int connect_to(uint16_t port)
{
	struct sockaddr_in a = lo_addr(port);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	return connect(c, (struct sockaddr *)&a, sizeof a) ? -1 : c;
}

/* TIME_WAIT ends in /proc/net/tcp (state 06). */
static int time_waits(void)
{
	FILE *f = fopen("/proc/net/tcp", "r");
	char line[256];
	int n = 0;
	while (f && fgets(line, sizeof line, f))
		n += strstr(line, " 06 ") != NULL;
	if (f)
		fclose(f);
	return n;
}

static void set_tw_buckets(const char *v)
{
	int fd = open("/proc/sys/net/ipv4/tcp_max_tw_buckets", O_WRONLY);
	write(fd, v, strlen(v));
	close(fd);
}

/* One round: connections ended in every way. */
static bool tcp_work(void)
{
	uint16_t port;
	int l = listener(&port), ok = l >= 0;
	char buf[64];
	for (int way = 0; ok && way < 5; way++) {
		int c = connect_to(port), s = accept(l, NULL, NULL);
		ok &= c >= 0 && s >= 0;
		ok &= write(c, "data", 4) == 4 && read(s, buf, sizeof buf) == 4;
		switch (way) {
		case 0: close(c); close(s); break;                 /* client first: its TIME_WAIT */
		case 1: close(s); close(c); break;                 /* server first */
		case 2: write(c, "x", 1); close(s); close(c); break;   /* unread: reset */
		case 3: {                                            /* SO_LINGER 0: reset */
			struct linger lg = { 1, 0 };
			setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
			close(c);
			close(s);
			break;
		}
		default: {                                           /* half closed, then killed */
			shutdown(c, SHUT_WR);
			pid_t pid = fork();
			if (pid == 0)
				pause();
			close(c);
			close(s);
			kill(pid, SIGKILL);
			wait_for(pid);
			break;
		}
		}
	}
	connect_to(port);                          /* never accepted */
	connect_to(port);
	close(l);
	return ok;
}

static bool udp_work(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in x = lo_addr(0);
	socklen_t n = sizeof x;
	bind(a, (struct sockaddr *)&x, sizeof x);
	getsockname(a, (struct sockaddr *)&x, &n);
	bool ok = true;
	for (int i = 0; i < 20; i++)
		ok &= sendto(b, "datagram", 8, 0, (struct sockaddr *)&x, sizeof x) == 8;
	return ok;                                 /* the process ends with them queued */
}

static void timewait(void)
{
	int c, s;
	uint16_t port;
	int l = listener(&port);
	c = connect_to(port);
	s = accept(l, NULL, NULL);
	int before = time_waits();
	close(c);
	close(s);
	CHECK_EQ("the side that closed first waits", time_waits(), before + 1);
	close(l);
}

static void leaks(void)
{
	set_tw_buckets("0");
	kmem_account("TCP connections ended every way", tcp_work, 20, "kernel memory as before");
	kmem_account("UDP sockets with datagrams queued", udp_work, 20, "kernel memory as before");
	set_tw_buckets("4096");
}

int main(void)
{
	RUN(timewait);
	RUN(leaks);
	return cases_failed ? 1 : 0;
}
