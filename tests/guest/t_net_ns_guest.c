/* t_net_ns_guest - guest only: a network namespace gives back all kernel
 * memory (kmem.h's exact account) when its last holder goes: its last
 * process, with connections left in TIME_WAIT, queued datagrams, a
 * netlink dump half read and UNIX sockets; a socket passed out of it; an
 * open ns file; a bind mount of its file, unmounted; and many made by
 * clone one after another. Also what the host cannot show: Pipit's
 * namespace numbers are never given twice. */
#include "check.h"
#include <sched.h>
#include <stddef.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include "netlink_abi.h"
#include "kmem.h"

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif

static struct sockaddr_in lo_addr(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(0x7f000001);
	return a;
}

static bool lo_up(void)
{
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "lo");
	r.ifr_flags = IFF_UP;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	bool ok = ioctl(s, SIOCSIFFLAGS, &r) == 0;
	close(s);
	return ok;
}

static int lo_flags(void)
{
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "lo");
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int f = ioctl(s, SIOCGIFFLAGS, &r) < 0 ? -1 : r.ifr_flags;
	close(s);
	return f;
}

static uint16_t port_of(int s)
{
	struct sockaddr_in a;
	socklen_t n = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &n);
	return ntohs(a.sin_port);
}

/* Traffic of every kind in a new namespace, left as it is at exit: a
 * connection the client closed first (TIME_WAIT, an orphan the namespace
 * ends), one half closed, a listener with a connection not accepted,
 * datagrams queued, a dump half read, UNIX sockets by abstract name. */
static bool traffic(void)
{
	if (unshare(CLONE_NEWNET) < 0 || !lo_up())
		return false;
	struct sockaddr_in a = lo_addr(0);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 5);
	a = lo_addr(port_of(l));
	bool ok = true;
	for (int i = 0; i < 3; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		ok = connect(c, (struct sockaddr *)&a, sizeof a) == 0 && ok;
		write(c, "data", 4);
		if (i == 0) {                   /* the client closes first: TIME_WAIT */
			int s = accept(l, NULL, NULL);
			close(c);
			char b[8];
			read(s, b, sizeof b);
			close(s);
		} else if (i == 1) {            /* half closed */
			shutdown(c, SHUT_WR);
		}                               /* i == 2: never accepted */
	}
	int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in ua = lo_addr(0);
	bind(u, (struct sockaddr *)&ua, sizeof ua);
	ua = lo_addr(port_of(u));
	for (int i = 0; i < 4; i++)
		sendto(v, "datagram", 8, 0, (struct sockaddr *)&ua, sizeof ua);
	int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct { struct nlmsghdr h; struct rtgenmsg g; char pad[3]; } q;
	memset(&q, 0, sizeof q);
	q.h = (struct nlmsghdr){ 20, 26 /* RTM_GETROUTE */, 0x301, 1, 0 };
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	sendto(nl, &q, 20, 0, (struct sockaddr *)&k, sizeof k);
	char buf[64];
	ok = recv(nl, buf, sizeof buf, MSG_TRUNC) > 0 && ok;
	struct sockaddr_un ux = { .sun_family = AF_UNIX };
	memcpy(ux.sun_path, "\0leak", 5);
	int us = socket(AF_UNIX, SOCK_DGRAM, 0), uc = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(us, (struct sockaddr *)&ux, offsetof(struct sockaddr_un, sun_path) + 5);
	ok = sendto(uc, "x", 1, 0, (struct sockaddr *)&ux, offsetof(struct sockaddr_un, sun_path) + 5) == 1 && ok;
	return ok;
}

/* A socket of a new namespace, passed to the parent, which closes it
 * after its maker has gone. */
static bool passed_socket(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWNET) < 0 || !lo_up())
			_exit(1);
		int u = socket(AF_INET, SOCK_DGRAM, 0);
		char cm[CMSG_SPACE(sizeof(int))];
		struct iovec io = { "s", 1 };
		struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = cm, .msg_controllen = sizeof cm };
		struct cmsghdr *h = CMSG_FIRSTHDR(&m);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(h), &u, sizeof u);
		_exit(sendmsg(sv[1], &m, 0) == 1 ? 0 : 1);
	}
	bool ok = wait_for(c) == 0;
	char cm[CMSG_SPACE(sizeof(int))], x;
	struct iovec io = { &x, 1 };
	struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = cm, .msg_controllen = sizeof cm };
	int u = -1;
	if (recvmsg(sv[0], &m, 0) == 1 && CMSG_FIRSTHDR(&m))
		memcpy(&u, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof u);
	int ns = ioctl(u, SIOCGSKNS);
	ok = ok && u >= 0 && ns >= 0;
	close(u);
	ok = setns(ns, CLONE_NEWNET) == 0 && lo_flags() == 0x49 && ok;   /* the file held it */
	return ok;
}

/* An open ns file holds the namespace after its process went. */
static bool held_by_file(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		lo_up();
		write(p[1], "r", 1);
		for (;;)
			pause();                /* the parent kills it */
	}
	char x, path[64];
	read(p[0], &x, 1);
	snprintf(path, sizeof path, "/proc/%d/ns/net", c);
	int fd = open(path, O_RDONLY);
	kill(c, SIGKILL);
	wait_for(c);
	close(p[0]);
	close(p[1]);
	return fd >= 0 && setns(fd, 0) == 0 && lo_flags() == 0x49;
}

/* A bind mount of the file holds it; unmounted, it goes. */
static bool held_by_mount(void)
{
	const char *at = "/tmp/t_net_ns_guest.mnt";
	int f = open(at, O_CREAT | O_WRONLY, 0600);
	close(f);
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWNET) < 0 || !lo_up() ||
		    mount("/proc/self/ns/net", at, NULL, MS_BIND, NULL) < 0)
			_exit(1);
		_exit(0);
	}
	bool ok = wait_for(c) == 0;
	c = fork();
	if (c == 0) {
		int fd = open(at, O_RDONLY);
		_exit(fd >= 0 && setns(fd, CLONE_NEWNET) == 0 && lo_flags() == 0x49 ? 0 : 1);
	}
	ok = wait_for(c) == 0 && ok;
	ok = umount(at) == 0 && ok;
	unlink(at);
	return ok;
}

/* Many namespaces one after another. */
static bool many(void)
{
	bool ok = true;
	for (int i = 0; i < 20; i++) {
		pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
		if (c == 0)
			_exit(lo_up() && socket(AF_INET, SOCK_STREAM, 0) >= 0 ? 0 : 1);
		ok = c > 0 && wait_for(c) == 0 && ok;
	}
	return ok;
}

static void leaks(void)
{
	kmem_account("a namespace with traffic of every kind, its process gone", traffic, 5,
		     "kernel memory as before");
	kmem_account("a namespace held by a socket passed out of it", passed_socket, 5, "kernel memory as before");
	kmem_account("a namespace held by an open ns file", held_by_file, 5, "kernel memory as before");
	kmem_account("a namespace held by a bind mount", held_by_mount, 5, "kernel memory as before");
	kmem_account("twenty namespaces by clone", many, 3, "kernel memory as before");
}

/* Linux reuses a freed namespace's number; Pipit never does
 * (docs/decisions.md 70). */
static void numbers(void)
{
	struct stat a, b;
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(0);
	wait_for(c);
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	stat("/proc/self/ns/net", &a);
	CHECK_OK0("and again", unshare(CLONE_NEWNET));
	stat("/proc/self/ns/net", &b);
	CHECK("a number past the one before", b.st_ino > a.st_ino);
	CHECK_EQ("on nsfs's device", (int)b.st_dev, (int)makedev(0, 4));
}

int main(void)
{
	RUN(leaks);
	RUN(numbers);
	return cases_failed ? 1 : 0;
}
