/* t_inet - differential test of TCP and UDP sockets on 127.0.0.1: socket,
 * bind (ports, INADDR_ANY, EADDRINUSE, SO_REUSEADDR), listen, connect
 * (ECONNREFUSED, EINPROGRESS, SO_ERROR), accept, data both ways, shutdown,
 * EOF, RST on close with unread data, EPIPE, MSG_PEEK/DONTWAIT/WAITALL/
 * TRUNC, getsockname/getpeername, poll readiness, the errors of every
 * call. Ports come from bind(port 0), so the test runs on a host whose
 * ports are in use too; printed output never shows a port number. */
#include "check.h"
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <net/if.h>

static struct sockaddr_in lo(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static uint16_t port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t n = sizeof a;
	if (getsockname(fd, (struct sockaddr *)&a, &n) < 0)
		return 0;
	return ntohs(a.sin_port);
}

/* A listening TCP socket on 127.0.0.1 and a free port; its port in *port. */
static int listener(uint16_t *port, int backlog)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = lo(0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, backlog) < 0)
		return -1;
	*port = port_of(s);
	return s;
}

static int connect_to(uint16_t port)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = lo(port);
	if (connect(c, (struct sockaddr *)&a, sizeof a) < 0) {
		close(c);
		return -1;
	}
	return c;
}

/* A connected pair: *c the client, returns the accepted end. */
static int tcp_pair(int *c)
{
	uint16_t port;
	int l = listener(&port, 5);
	*c = connect_to(port);
	int s = accept(l, NULL, NULL);
	close(l);
	return s;
}

static void sockets(void)
{
	CHECK_ERR("family 99", socket(99, SOCK_STREAM, 0), EAFNOSUPPORT);
	CHECK_ERR("TCP with UDP protocol", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT);
	CHECK_ERR("UDP with TCP protocol", socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
	CHECK_ERR("seqpacket", socket(AF_INET, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);
	CHECK_ERR("bad flags", socket(AF_INET, SOCK_STREAM | 0x1000, 0), EINVAL);
	int sv[2];
	CHECK_ERR("socketpair", socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
	int t = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	CHECK("tcp socket", t >= 0);
	CHECK_EQ("nonblock", fcntl(t, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	CHECK_EQ("cloexec", fcntl(t, F_GETFD), FD_CLOEXEC);
	int v;
	socklen_t n = sizeof v;
	CHECK_OK0("SO_TYPE", getsockopt(t, SOL_SOCKET, SO_TYPE, &v, &n));
	CHECK_EQ("SO_TYPE stream", v, SOCK_STREAM);
	getsockopt(t, SOL_SOCKET, SO_DOMAIN, &v, &n);
	CHECK_EQ("SO_DOMAIN", v, AF_INET);
	getsockopt(t, SOL_SOCKET, SO_PROTOCOL, &v, &n);
	CHECK_EQ("SO_PROTOCOL", v, IPPROTO_TCP);
	getsockopt(t, IPPROTO_IP, IP_TTL, &v, &n);
	CHECK_EQ("IP_TTL default", v, 64);
	v = 1;
	CHECK_OK0("TCP_NODELAY", setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v));
	v = 0;
	getsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, &n);
	CHECK_EQ("TCP_NODELAY read back", v, 1);
	v = 0;
	CHECK_ERR("IP_TTL 0", setsockopt(t, IPPROTO_IP, IP_TTL, &v, sizeof v), EINVAL);
	CHECK_ERR("unknown TCP option", setsockopt(t, IPPROTO_TCP, 9999, &v, sizeof v), ENOPROTOOPT);
	struct pollfd p = { t, POLLIN | POLLOUT, 0 };
	CHECK_EQ("poll of a new socket", poll(&p, 1, 0), 1);
	CHECK_EQ("POLLOUT|POLLHUP", p.revents, POLLOUT | POLLHUP);
	close(t);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	getsockopt(u, SOL_SOCKET, SO_PROTOCOL, &v, &n);
	CHECK_EQ("udp SO_PROTOCOL", v, IPPROTO_UDP);
	CHECK_ERR("UDP has no TCP options", setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v), ENOPROTOOPT);
	close(u);
}

static void binds(void)
{
	int a = socket(AF_INET, SOCK_STREAM, 0), b = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in x = lo(0);
	CHECK_ERR("short address", bind(a, (struct sockaddr *)&x, 8), EINVAL);
	x.sin_family = AF_UNIX;
	CHECK_ERR("wrong family", bind(a, (struct sockaddr *)&x, sizeof x), EAFNOSUPPORT);
	x = lo(0);
	x.sin_addr.s_addr = inet_addr("10.1.2.3");
	CHECK_ERR("not our address", bind(a, (struct sockaddr *)&x, sizeof x), EADDRNOTAVAIL);
	x = lo(0);
	CHECK_OK0("bind port 0", bind(a, (struct sockaddr *)&x, sizeof x));
	uint16_t port = port_of(a);
	CHECK("ephemeral port", port >= 1024);
	CHECK_ERR("bind twice", bind(a, (struct sockaddr *)&x, sizeof x), EINVAL);
	x = lo(port);
	CHECK_ERR("port in use", bind(b, (struct sockaddr *)&x, sizeof x), EADDRINUSE);
	x.sin_addr.s_addr = htonl(INADDR_ANY);
	CHECK_ERR("port in use, wildcard", bind(b, (struct sockaddr *)&x, sizeof x), EADDRINUSE);
	int one = 1;
	setsockopt(a, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	x = lo(port);
	CHECK_OK0("SO_REUSEADDR on both", bind(b, (struct sockaddr *)&x, sizeof x));
	CHECK_OK0("one may listen", listen(a, 1));
	CHECK_ERR("not the other", listen(b, 1), EADDRINUSE);
	close(a);
	close(b);
	/* UDP: the same rules for a second bind. */
	int u = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
	x = lo(0);
	bind(u, (struct sockaddr *)&x, sizeof x);
	x = lo(port_of(u));
	CHECK_ERR("udp port in use", bind(w, (struct sockaddr *)&x, sizeof x), EADDRINUSE);
	close(u);
	close(w);
	if (geteuid() != 0) {
		int p = socket(AF_INET, SOCK_STREAM, 0);
		x = lo(80);
		CHECK_ERR("port 80 is root's", bind(p, (struct sockaddr *)&x, sizeof x), EACCES);
		close(p);
	} else {
		pass("port 80 is root's");
	}
}

static void connects(void)
{
	uint16_t port;
	int l = listener(&port, 5);
	close(l);                                  /* the port is free again: nobody listens */
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = lo(port);
	CHECK_ERR("refused", connect(c, (struct sockaddr *)&a, sizeof a), ECONNREFUSED);
	close(c);
	c = socket(AF_INET, SOCK_STREAM, 0);
	a = lo(port);
	CHECK_ERR("short address", connect(c, (struct sockaddr *)&a, 4), EINVAL);
	a.sin_family = AF_UNIX;
	CHECK_ERR("wrong family", connect(c, (struct sockaddr *)&a, sizeof a), EAFNOSUPPORT);
	close(c);
	/* Non-blocking: EINPROGRESS, then the answer in SO_ERROR. */
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	a = lo(port);
	CHECK_ERR("non-blocking refused: in progress", connect(c, (struct sockaddr *)&a, sizeof a), EINPROGRESS);
	struct pollfd p = { c, POLLOUT, 0 };
	poll(&p, 1, 1000);
	int err = 0;
	socklen_t n = sizeof err;
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &n);
	CHECK_EQ("SO_ERROR says refused", err, ECONNREFUSED);
	close(c);
	/* ... or the next connect says it, and the one after tries again. */
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_ERR("non-blocking refused, again: in progress", connect(c, (struct sockaddr *)&a, sizeof a), EINPROGRESS);
	p.fd = c;
	poll(&p, 1, 1000);
	CHECK_ERR("the next connect: refused", connect(c, (struct sockaddr *)&a, sizeof a), ECONNREFUSED);
	CHECK_ERR("the one after: a new attempt", connect(c, (struct sockaddr *)&a, sizeof a), EINPROGRESS);
	poll(&p, 1, 1000);
	err = 0;
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &n);
	CHECK_EQ("whose SO_ERROR says refused", err, ECONNREFUSED);
	close(c);
	l = listener(&port, 5);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	a = lo(port);
	CHECK_ERR("non-blocking: in progress", connect(c, (struct sockaddr *)&a, sizeof a), EINPROGRESS);
	p = (struct pollfd){ c, POLLOUT, 0 };
	CHECK_EQ("writable when connected", poll(&p, 1, 1000), 1);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &n);
	CHECK_EQ("SO_ERROR 0", err, 0);
	CHECK_OK0("connect again: done", connect(c, (struct sockaddr *)&a, sizeof a));
	CHECK_ERR("connect a third time", connect(c, (struct sockaddr *)&a, sizeof a), EISCONN);
	struct sockaddr_in peer;
	n = sizeof peer;
	CHECK_OK0("getpeername", getpeername(c, (struct sockaddr *)&peer, &n));
	CHECK("peer is the listener", peer.sin_port == htons(port) && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	struct sockaddr_in from;
	n = sizeof from;
	int s = accept(l, (struct sockaddr *)&from, &n);
	CHECK("accepted", s >= 0);
	CHECK_EQ("accept's address length", n, sizeof from);
	CHECK("accept names the client", from.sin_port == htons(port_of(c)));
	n = sizeof peer;
	getsockname(s, (struct sockaddr *)&peer, &n);
	CHECK("accepted socket's own port", peer.sin_port == htons(port));
	int fresh = socket(AF_INET, SOCK_STREAM, 0);
	n = sizeof peer;
	CHECK_ERR("getpeername unconnected", getpeername(fresh, (struct sockaddr *)&peer, &n), ENOTCONN);
	CHECK_ERR("accept on unlistened", accept(fresh, NULL, NULL), EINVAL);
	CHECK_ERR("listen on connected", listen(c, 1), EINVAL);
	fcntl(l, F_SETFL, O_NONBLOCK);
	CHECK_ERR("accept nothing waiting", accept(l, NULL, NULL), EAGAIN);
	close(fresh);
	close(s);
	close(c);
	close(l);
}

static void data(void)
{
	int c, s = tcp_pair(&c);
	char buf[100];
	CHECK_EQ("send", send(c, "hello", 5, 0), 5);
	CHECK_EQ("FIONREAD", ({ int k = 0; ioctl(s, FIONREAD, &k); k; }), 5);
	CHECK_EQ("peek", recv(s, buf, sizeof buf, MSG_PEEK), 5);
	CHECK_EQ("recv", recv(s, buf, sizeof buf, 0), 5);
	CHECK("bytes", !memcmp(buf, "hello", 5));
	CHECK_ERR("nothing: EAGAIN", recv(s, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ("other way", write(s, "ab", 2), 2);
	CHECK_EQ("read", read(c, buf, 10), 2);
	send(c, "123456", 6, 0);
	CHECK_EQ("MSG_TRUNC discards", recv(s, NULL, 3, MSG_TRUNC), 3);
	CHECK_EQ("the rest", recv(s, buf, sizeof buf, 0), 3);
	CHECK("rest bytes", !memcmp(buf, "456", 3));
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 10; i++) {
			usleep(1000);
			send(c, "x", 1, 0);
		}
		_exit(0);
	}
	CHECK_EQ("MSG_WAITALL", recv(s, buf, 10, MSG_WAITALL), 10);
	wait_for(pid);
	/* A big transfer through small windows: every byte in order. */
	static char big[300000], got[300000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7 + i / 251);
	pid = fork();
	if (pid == 0) {
		size_t off = 0;
		while (off < sizeof big) {
			ssize_t k = write(c, big + off, sizeof big - off);
			if (k <= 0)
				_exit(1);
			off += k;
		}
		_exit(0);
	}
	size_t off = 0;
	while (off < sizeof got) {
		ssize_t k = read(s, got + off, sizeof got - off);
		if (k <= 0)
			break;
		off += k;
	}
	CHECK_EXIT("writer done", wait_for(pid), 0);
	CHECK_EQ("all bytes", off, sizeof big);
	CHECK("in order", !memcmp(big, got, sizeof big));
	close(c);
	close(s);
}

static void endings(void)
{
	int c, s = tcp_pair(&c);
	char buf[16];
	CHECK_OK0("shutdown write", shutdown(c, SHUT_WR));
	CHECK_EQ("EOF", read(s, buf, sizeof buf), 0);
	struct pollfd p = { s, POLLIN | POLLRDHUP, 0 };
	poll(&p, 1, 0);
	CHECK_EQ("POLLIN|POLLRDHUP at EOF", p.revents, POLLIN | POLLRDHUP);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("send after shutdown", send(c, "x", 1, 0), EPIPE);
	CHECK_EQ("half open: still reads", (write(s, "late", 4), read(c, buf, sizeof buf)), 4);
	CHECK_ERR("shutdown bad how", shutdown(c, 7), EINVAL);
	close(s);
	CHECK_EQ("EOF both ways", read(c, buf, sizeof buf), 0);
	close(c);
	/* Close with unread data: a reset. */
	s = tcp_pair(&c);
	send(c, "unread", 6, 0);
	usleep(1000);
	close(s);
	CHECK_ERR("reset", recv(c, buf, sizeof buf, 0), ECONNRESET);
	CHECK_ERR("then EPIPE", send(c, "x", 1, 0), EPIPE);
	close(c);
	/* The peer process dies: EOF. */
	s = tcp_pair(&c);
	pid_t pid = fork();
	if (pid == 0) {
		close(s);
		pause();
	}
	close(c);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_EQ("EOF after the peer died", read(s, buf, sizeof buf), 0);
	close(s);
	int fresh = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR("recv unconnected", recv(fresh, buf, 1, 0), ENOTCONN);
	CHECK_ERR("send unconnected", send(fresh, "x", 1, 0), EPIPE);
	CHECK_ERR("shutdown unconnected", shutdown(fresh, SHUT_RD), ENOTCONN);
	close(fresh);
}

static volatile int urgs;
static void on_urg(int sig) { (void)sig; urgs++; }

static void urgent(void)
{
	int c, s = tcp_pair(&c);
	char buf[16] = { 0 };
	signal(SIGURG, on_urg);
	fcntl(s, F_SETOWN, getpid());
	CHECK_ERR("no urgent byte yet", recv(s, buf, 1, MSG_OOB | MSG_DONTWAIT), EINVAL);
	CHECK_EQ("send with MSG_OOB", send(c, "abc", 3, MSG_OOB), 3);
	usleep(1000);
	struct pollfd p = { s, POLLPRI | POLLIN, 0 };
	poll(&p, 1, 100);
	CHECK_EQ("POLLPRI", p.revents & POLLPRI, POLLPRI);
	CHECK_EQ("SIGURG to the owner", urgs, 1);
	CHECK_EQ("the urgent byte", recv(s, buf, 1, MSG_OOB), 1);
	CHECK_EQ("is the last one", buf[0], 'c');
	CHECK_ERR("only once", recv(s, buf, 1, MSG_OOB), EINVAL);
	CHECK_EQ("the stream without it", recv(s, buf, sizeof buf, 0), 2);
	CHECK("ab", !memcmp(buf, "ab", 2));
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_OOBINLINE, &one, sizeof one);
	send(c, "xy", 2, MSG_OOB);
	usleep(1000);
	CHECK_EQ("inline: in the stream", recv(s, buf, sizeof buf, 0), 2);
	CHECK_ERR("inline: not apart", recv(s, buf, 1, MSG_OOB), EINVAL);
	close(c);
	close(s);
}

/* epoll on TCP and UDP: a listener is readable with a connection
 * waiting, a connection readable with data and at EOF (EPOLLRDHUP),
 * writable; a UDP socket readable with a datagram. */
static void readiness(void)
{
	uint16_t port;
	int l = listener(&port, 5), ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = l }, out[4];
	epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
	CHECK_EQ("listener: nothing yet", epoll_wait(ep, out, 4, 0), 0);
	int c = connect_to(port);
	usleep(1000);
	CHECK_EQ("listener: a connection waits", epoll_wait(ep, out, 4, 100), 1);
	CHECK("listener: EPOLLIN", out[0].data.fd == l && out[0].events == EPOLLIN);
	int s = accept(l, NULL, NULL);
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.fd = s };
	epoll_ctl(ep, EPOLL_CTL_DEL, l, NULL);
	epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
	CHECK_EQ("connection: writable", epoll_wait(ep, out, 4, 100), 1);
	CHECK_EQ("connection: EPOLLOUT only", out[0].events, EPOLLOUT);
	send(c, "d", 1, 0);
	usleep(1000);
	epoll_wait(ep, out, 4, 100);
	CHECK_EQ("data: EPOLLIN|EPOLLOUT", out[0].events, EPOLLIN | EPOLLOUT);
	char b;
	recv(s, &b, 1, 0);
	shutdown(c, SHUT_WR);
	usleep(1000);
	epoll_wait(ep, out, 4, 100);
	CHECK_EQ("peer's FIN: EPOLLIN|EPOLLOUT|EPOLLRDHUP", out[0].events, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
	close(ep);
	close(s);
	close(c);
	close(l);
	int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in x = lo(0);
	bind(u, (struct sockaddr *)&x, sizeof x);
	x = lo(port_of(u));
	ep = epoll_create1(0);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = u };
	epoll_ctl(ep, EPOLL_CTL_ADD, u, &ev);
	CHECK_EQ("udp: nothing yet", epoll_wait(ep, out, 4, 0), 0);
	sendto(v, "d", 1, 0, (struct sockaddr *)&x, sizeof x);
	CHECK_EQ("udp: a datagram", epoll_wait(ep, out, 4, 100), 1);
	close(ep);
	close(u);
	close(v);
}

/* The loopback interface as the SIOCGIF* ioctls show it. */
static void interfaces(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "lo");
	CHECK_OK0("SIOCGIFFLAGS lo", ioctl(s, SIOCGIFFLAGS, &r));
	CHECK_EQ("lo is up, loopback, running", r.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING),
		 IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
	CHECK_OK0("SIOCGIFADDR lo", ioctl(s, SIOCGIFADDR, &r));
	CHECK("127.0.0.1", ((struct sockaddr_in *)&r.ifr_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	CHECK_OK0("SIOCGIFNETMASK lo", ioctl(s, SIOCGIFNETMASK, &r));
	CHECK("/8", ((struct sockaddr_in *)&r.ifr_netmask)->sin_addr.s_addr == htonl(0xFF000000));
	CHECK_OK0("SIOCGIFMTU lo", ioctl(s, SIOCGIFMTU, &r));
	CHECK_EQ("mtu", r.ifr_mtu, 65536);
	strcpy(r.ifr_name, "nosuch0");
	CHECK_ERR("no such interface", ioctl(s, SIOCGIFFLAGS, &r), ENODEV);
	struct ifreq all[16];
	struct ifconf ic = { .ifc_len = sizeof all, .ifc_req = all };
	CHECK_OK0("SIOCGIFCONF", ioctl(s, SIOCGIFCONF, &ic));
	int lo = 0;
	for (int i = 0; i < ic.ifc_len / (int)sizeof all[0]; i++)
		lo += !strcmp(all[i].ifr_name, "lo");
	CHECK_EQ("lo listed once", lo, 1);
	close(s);
}

static void udp(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in x = lo(0);
	bind(a, (struct sockaddr *)&x, sizeof x);
	struct sockaddr_in to = lo(port_of(a));
	char buf[100];
	CHECK_ERR("send unconnected", send(b, "x", 1, 0), EDESTADDRREQ);
	CHECK_EQ("sendto", sendto(b, "datagram", 8, 0, (struct sockaddr *)&to, sizeof to), 8);
	CHECK("sender got a port", port_of(b) != 0);
	struct sockaddr_in from;
	socklen_t n = sizeof from;
	CHECK_EQ("recvfrom", recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &n), 8);
	CHECK("from the sender", from.sin_port == htons(port_of(b)) && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	sendto(b, "0123456789", 10, 0, (struct sockaddr *)&to, sizeof to);
	CHECK_EQ("FIONREAD is the datagram", ({ int k = 0; ioctl(a, FIONREAD, &k); k; }), 10);
	CHECK_EQ("cut, MSG_TRUNC gives the length", recv(a, buf, 4, MSG_TRUNC), 10);
	CHECK_ERR("the datagram is gone", recv(a, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	sendto(b, "0123456789", 10, 0, (struct sockaddr *)&to, sizeof to);
	struct iovec iov = { buf, 4 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ("recvmsg cut", recvmsg(a, &m, 0), 4);
	CHECK_EQ("MSG_TRUNC flag", m.msg_flags & MSG_TRUNC, MSG_TRUNC);
	CHECK_OK0("connect", connect(b, (struct sockaddr *)&to, sizeof to));
	CHECK_EQ("send connected", send(b, "c", 1, 0), 1);
	CHECK_EQ("received", recv(a, buf, sizeof buf, 0), 1);
	close(a);                                  /* nobody at that port any more */
	CHECK_EQ("send to a closed port", send(b, "y", 1, 0), 1);
	CHECK_ERR("refused afterwards", recv(b, buf, sizeof buf, MSG_DONTWAIT), ECONNREFUSED);
	CHECK_ERR("once", recv(b, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	to.sin_port = 0;
	CHECK_ERR("sendto port 0", sendto(b, "z", 1, 0, (struct sockaddr *)&to, sizeof to), EINVAL);
	static char huge[70000];
	to = lo(9);
	CHECK_ERR("too big", sendto(b, huge, sizeof huge, 0, (struct sockaddr *)&to, sizeof to), EMSGSIZE);
	struct sockaddr_in un = { .sin_family = AF_UNSPEC };
	CHECK_OK0("disconnect", connect(b, (struct sockaddr *)&un, sizeof un));
	CHECK_ERR("no peer now", send(b, "x", 1, 0), EDESTADDRREQ);
	CHECK_ERR("UDP listen", listen(b, 1), EOPNOTSUPP);
	close(b);
}

int main(void)
{
	RUN(sockets);
	RUN(binds);
	RUN(connects);
	RUN(data);
	RUN(endings);
	RUN(urgent);
	RUN(readiness);
	RUN(interfaces);
	RUN(udp);
	return cases_failed ? 1 : 0;
}
