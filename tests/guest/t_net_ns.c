/* t_net_ns - network namespaces as Linux 6.1's: root's unshare, clone and
 * clone3 with CLONE_NEWNET give a namespace whose lo is down and has no
 * address (connect and sendto ENETUNREACH, any address bindable until
 * the local table exists), brought up by SIOCSIFFLAGS or RTM_NEWLINK
 * (127.0.0.1/8, the local table's routes, counters of its own); ports,
 * abstract UNIX names, /proc/net and /proc/sys/net are per namespace; a
 * socket stays in the namespace it was made in (SIOCGSKNS) and keeps it;
 * setns by ns file or pidfd; NS_GET_NSTYPE. A user gets EPERM. Also
 * built against glibc (getifaddrs). */
#include "check.h"
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "netlink_abi.h"

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
#define NS_GET_NSTYPE_ 0xb703
#define SYS_pidfd_open_ 434
#define SYS_clone3_ 435
#define LO_UP 0x49                          /* IFF_UP | IFF_LOOPBACK | IFF_RUNNING */

static struct sockaddr_in sin_of(uint32_t addr, uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(addr);
	return a;
}

static int bind_to(int type, uint32_t addr, uint16_t port)
{
	int s = socket(AF_INET, type, 0);
	struct sockaddr_in a = sin_of(addr, port);
	if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
		int e = errno;
		close(s);
		errno = e;
		return -1;
	}
	return s;
}

static int connect_to(int s, uint32_t addr, uint16_t port)
{
	struct sockaddr_in a = sin_of(addr, port);
	return connect(s, (struct sockaddr *)&a, sizeof a);
}

static ssize_t send_to(int s, uint32_t addr, uint16_t port, const char *m)
{
	struct sockaddr_in a = sin_of(addr, port);
	return sendto(s, m, strlen(m), 0, (struct sockaddr *)&a, sizeof a);
}

static uint16_t port_of(int s)
{
	struct sockaddr_in a;
	socklen_t n = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &n);
	return ntohs(a.sin_port);
}

/* lo's flags by SIOCGIFFLAGS on socket s (-1 and errno on error). */
static int lo_flags_on(int s)
{
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "lo");
	return ioctl(s, SIOCGIFFLAGS, &r) < 0 ? -1 : (unsigned short)r.ifr_flags;
}

static int lo_flags(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int f = lo_flags_on(s);
	close(s);
	return f;
}

static int set_lo_flags(const char *name, int flags)
{
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, name);
	r.ifr_flags = (short)flags;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int e = ioctl(s, SIOCSIFFLAGS, &r);
	int en = errno;
	close(s);
	errno = en;
	return e;
}

static const char *lo_addr(unsigned long cmd)
{
	static char text[32];
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "lo");
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (ioctl(s, cmd, &r) < 0)
		snprintf(text, sizeof text, "errno %d", errno);
	else
		snprintf(text, sizeof text, "%s", inet_ntoa(((struct sockaddr_in *)&r.ifr_addr)->sin_addr));
	close(s);
	return text;
}

static int ifconf_len(void)
{
	struct ifreq rs[8];
	struct ifconf ic = { .ifc_len = sizeof rs, .ifc_buf = (char *)rs };
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int r = ioctl(s, SIOCGIFCONF, &ic);
	close(s);
	int n = 0;                          /* lo's entries only: the host has more devices */
	for (int i = 0; r == 0 && i < ic.ifc_len / (int)sizeof rs[0]; i++)
		n += !strcmp(rs[i].ifr_name, "lo");
	return r < 0 ? -1 : n;
}

/* /proc/net/dev's (or path's) numbers for lo: rx bytes, packets, errs,
 * drop, ..., tx bytes, packets, errs, drop, ... as a line of text. */
static const char *lo_stats(const char *path)
{
	static char buf[4096], out[256];
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	char *l = strstr(buf, " lo:");
	if (!l)
		return "no lo";
	unsigned long long v[16];
	if (sscanf(l + 4, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11],
		   &v[12], &v[13], &v[14], &v[15]) != 16)
		return "bad line";
	snprintf(out, sizeof out, "rx %llu bytes %llu packets %llu dropped, tx %llu bytes %llu packets %llu dropped",
		 v[0], v[1], v[3], v[8], v[9], v[11]);
	return out;
}

static ino_t ns_ino(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? 0 : st.st_ino;
}

static ino_t fd_ino(int fd)
{
	struct stat st;
	return fstat(fd, &st) < 0 ? 0 : st.st_ino;
}

/* ---- NETLINK_ROUTE ---- */

/* Sends one request of type with an ifinfomsg (index, flags, change) and,
 * when name is given, IFLA_IFNAME; returns the ack's error (0 or -errno),
 * or 1 when no ack came. */
static int nl_link_req(int type, int flags, int index, unsigned ifi_flags, unsigned change, const char *name)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
		struct rtattr a;
		char name[16];
	} q;
	memset(&q, 0, sizeof q);
	int len = sizeof q.h + sizeof q.i;
	if (name) {
		q.a.rta_len = sizeof q.a + strlen(name) + 1;
		q.a.rta_type = 3;           /* IFLA_IFNAME */
		strcpy(q.name, name);
		len += (q.a.rta_len + 3) & ~3;
	}
	q.h = (struct nlmsghdr){ len, type, flags, 7, 0 };
	q.i.ifi_index = index;
	q.i.ifi_flags = ifi_flags;
	q.i.ifi_change = change;
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	sendto(s, &q, len, 0, (struct sockaddr *)&k, sizeof k);
	char buf[8192];
	int r = 1;
	ssize_t n = recv(s, buf, sizeof buf, MSG_DONTWAIT);
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	if (n >= (ssize_t)sizeof *h && h->nlmsg_type == 2 /* NLMSG_ERROR */)
		r = ((struct nlmsgerr *)(h + 1))->error;
	close(s);
	return r;
}

/* The last link's operational state and queueing discipline (RTM_GETLINK). */
static char link_state[32];

static void note_link(struct nlmsghdr *h)
{
	int oper = -1;
	const char *qdisc = "?";
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(struct ifinfomsg));
	struct rtattr *a = (struct rtattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct ifinfomsg)));
	for (; len >= (int)sizeof *a && a->rta_len >= sizeof *a && a->rta_len <= len;
	     len -= (a->rta_len + 3) & ~3, a = (struct rtattr *)((char *)a + ((a->rta_len + 3) & ~3))) {
		if (a->rta_type == 16)          /* IFLA_OPERSTATE */
			oper = *((unsigned char *)(a + 1));
		if (a->rta_type == 6)           /* IFLA_QDISC */
			qdisc = (const char *)(a + 1);
	}
	snprintf(link_state, sizeof link_state, "operstate %d qdisc %s", oper, qdisc);
}

/* A dump of type for family: how many messages it gave, and the last
 * link's flags in *flags (RTM_GETLINK). */
static int nl_dump(int type, int family, unsigned *flags)
{
	struct { struct nlmsghdr h; struct rtgenmsg g; char pad[3]; } q;
	memset(&q, 0, sizeof q);
	q.h = (struct nlmsghdr){ 20, type, 0x301 /* NLM_F_REQUEST | NLM_F_DUMP */, 9, 0 };
	q.g.rtgen_family = family;
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	sendto(s, &q, 20, 0, (struct sockaddr *)&k, sizeof k);
	static char buf[32768];
	int count = 0;
	for (;;) {
		ssize_t n = recv(s, buf, sizeof buf, 0);
		if (n <= 0)
			break;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == 3 || h->nlmsg_type == 2) {   /* NLMSG_DONE, NLMSG_ERROR */
				close(s);
				return count;
			}
			count++;
			if (type == 18 && flags)
				*flags = ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_flags;
			if (type == 18)
				note_link(h);
		}
	}
	close(s);
	return count;
}

/* ---- the cases ---- */

/* A new namespace's lo: down, without an address, and what that means. */
static void fresh_namespace(void)
{
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	CHECK_EQ("lo: IFF_LOOPBACK only (down)", lo_flags(), 0x8);
	CHECK_EQ("if_nametoindex(lo)", (int)if_nametoindex("lo"), 1);
	CHECK_STR("SIOCGIFADDR: EADDRNOTAVAIL", lo_addr(SIOCGIFADDR), "errno 99");
	CHECK_STR("SIOCGIFNETMASK: EADDRNOTAVAIL", lo_addr(SIOCGIFNETMASK), "errno 99");
	CHECK_EQ("SIOCGIFCONF: no entry", ifconf_len(), 0);
	CHECK_STR("/proc/net/dev: nothing counted", lo_stats("/proc/net/dev"),
		  "rx 0 bytes 0 packets 0 dropped, tx 0 bytes 0 packets 0 dropped");
	int t = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR("TCP connect 127.0.0.1: ENETUNREACH", connect_to(t, 0x7f000001, 80), ENETUNREACH);
	CHECK_ERR("and again", connect_to(t, 0x7f000001, 80), ENETUNREACH);
	CHECK_ERR("TCP connect 0.0.0.0: ENETUNREACH", connect_to(t, 0, 80), ENETUNREACH);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_ERR("UDP connect 127.0.0.1: ENETUNREACH", connect_to(u, 0x7f000001, 80), ENETUNREACH);
	CHECK_ERR("UDP connect 0.0.0.0: ENETUNREACH", connect_to(u, 0, 80), ENETUNREACH);
	CHECK_ERR("UDP sendto 127.0.0.1: ENETUNREACH", send_to(u, 0x7f000001, 80, "x"), ENETUNREACH);
	CHECK_ERR("UDP sendto 10.0.0.1: ENETUNREACH", send_to(u, 0x0a000001, 80, "x"), ENETUNREACH);
	CHECK("but it has a port now", port_of(u) != 0);
	int b;
	CHECK("bind 127.0.0.1: any address, no local table yet", (b = bind_to(SOCK_STREAM, 0x7f000001, 0)) >= 0);
	close(b);
	CHECK("bind 10.0.0.1 too", (b = bind_to(SOCK_STREAM, 0x0a000001, 0)) >= 0);
	close(b);
	int r = bind_to(SOCK_DGRAM, 0, 0);
	CHECK_OK("listen on 0.0.0.0", listen(bind_to(SOCK_STREAM, 0, 0), 5));
	CHECK_EQ("UDP sendto 0.0.0.0: sent (lo, no route)", send_to(u, 0, port_of(r), "dropped"), 7);
	char c;
	CHECK_ERR("and dropped by lo, which is down", recv(r, &c, 1, MSG_DONTWAIT), EAGAIN);
	CHECK_STR("/proc/net/dev: a packet dropped going out", lo_stats("/proc/net/dev"),
		  "rx 0 bytes 0 packets 0 dropped, tx 0 bytes 0 packets 1 dropped");
}

/* SIOCSIFFLAGS brings lo up: its address, routes and traffic. */
static void lo_up_by_ioctl(void)
{
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	int early = bind_to(SOCK_STREAM, 0x7f000001, 0);
	CHECK_OK0("a listener on 127.0.0.1 while lo is down", listen(early, 5));
	CHECK_ERR("SIOCSIFFLAGS on eth0: ENODEV", set_lo_flags("eth0", 0x1), ENODEV);
	CHECK_OK0("SIOCSIFFLAGS IFF_UP", set_lo_flags("lo", 0x1));
	CHECK_EQ("lo: up and running", lo_flags(), LO_UP);
	CHECK_STR("SIOCGIFADDR: 127.0.0.1", lo_addr(SIOCGIFADDR), "127.0.0.1");
	CHECK_STR("SIOCGIFNETMASK: 255.0.0.0", lo_addr(SIOCGIFNETMASK), "255.0.0.0");
	CHECK_EQ("SIOCGIFCONF: lo", ifconf_len(), 1);
	CHECK_OK0("IFF_PROMISC", set_lo_flags("lo", 0x1 | 0x100));
	CHECK_EQ("shown", lo_flags(), LO_UP | 0x100);
	CHECK_OK0("and off", set_lo_flags("lo", 0x1));
	CHECK_EQ("gone", lo_flags(), LO_UP);
	int b;
	CHECK_ERR("bind 10.0.0.1: EADDRNOTAVAIL now", bind_to(SOCK_STREAM, 0x0a000001, 0), EADDRNOTAVAIL);
	CHECK("bind 127.0.0.2", (b = bind_to(SOCK_STREAM, 0x7f000002, 0)) >= 0);
	close(b);
	int r = bind_to(SOCK_DGRAM, 0x7f000001, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_EQ("UDP sendto 127.0.0.1", send_to(u, 0x7f000001, port_of(r), "hello"), 5);
	char buf[16] = { 0 };
	CHECK_EQ("received", recv(r, buf, sizeof buf, MSG_DONTWAIT), 5);
	CHECK_STR("/proc/net/dev: one datagram each way", lo_stats("/proc/net/dev"),
		  "rx 33 bytes 1 packets 0 dropped, tx 33 bytes 1 packets 0 dropped");
	CHECK_OK0("SIOCSIFFLAGS with IFF_DEBUG (and RUNNING, ignored)", set_lo_flags("lo", 0x1 | 0x4 | 0x40));
	CHECK_EQ("lo: IFF_DEBUG kept", lo_flags(), LO_UP | 0x4);
	CHECK_OK0("SIOCSIFFLAGS 0: down", set_lo_flags("lo", 0));
	CHECK_EQ("lo: down", lo_flags(), 0x8);
	CHECK_STR("its address stays", lo_addr(SIOCGIFADDR), "127.0.0.1");
	CHECK_EQ("SIOCGIFCONF: still lo", ifconf_len(), 1);
	CHECK_EQ("UDP sendto 127.0.0.1: a route still, so sent", send_to(u, 0x7f000001, port_of(r), "x"), 1);
	CHECK_ERR("but dropped", recv(r, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK_STR("/proc/net/dev: counted as dropped", lo_stats("/proc/net/dev"),
		  "rx 33 bytes 1 packets 0 dropped, tx 33 bytes 1 packets 1 dropped");
	CHECK("bind 127.0.0.2 still", (b = bind_to(SOCK_STREAM, 0x7f000002, 0)) >= 0);
	CHECK_OK0("up again", set_lo_flags("lo", 0x1));
	CHECK_EQ("UDP again", send_to(u, 0x7f000001, port_of(r), "y"), 1);
	CHECK_EQ("received", recv(r, buf, sizeof buf, MSG_DONTWAIT), 1);
	int e = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK0("the listener from before is reached now", connect_to(e, 0x7f000001, port_of(early)));
	int l = bind_to(SOCK_STREAM, 0x7f000001, 0);
	listen(l, 5);
	int t = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK0("TCP connect", connect_to(t, 0x7f000001, port_of(l)));
	int a = accept(l, NULL, NULL);
	CHECK_EQ("and the data", write(t, "abc", 3) == 3 && read(a, buf, 3) == 3 ? 0 : -1, 0);
}

/* RTM_NEWLINK as `ip link set lo up` sends it, and what the dumps show. */
static void lo_up_by_netlink(void)
{
	unsigned flags = 0;
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	CHECK_EQ("RTM_GETLINK dump: lo", nl_dump(18, 0, &flags), 1);
	CHECK_EQ("its flags: down", flags, 0x8u);
	CHECK_STR("down (IF_OPER_DOWN), never up (noop)", link_state, "operstate 2 qdisc noop");
	CHECK_EQ("RTM_GETADDR dump (AF_INET): none", nl_dump(22, 2, NULL), 0);
	CHECK_EQ("RTM_GETROUTE dump (AF_INET): none", nl_dump(26, 2, NULL), 0);
	CHECK_EQ("RTM_NEWLINK for index 5: ENODEV", nl_link_req(16, 5, 5, 1, 1, NULL), -ENODEV);
	CHECK_EQ("RTM_NEWLINK for eth0: ENODEV", nl_link_req(16, 5, 0, 1, 1, "eth0"), -ENODEV);
	CHECK_EQ("RTM_NEWLINK lo, change IFF_UP: up", nl_link_req(16, 5 /* REQUEST|ACK */, 1, 1, 1, NULL), 0);
	CHECK_EQ("RTM_GETLINK dump", nl_dump(18, 0, &flags), 1);
	CHECK_EQ("its flags: up, running, lower up", flags, 0x10049u);
	CHECK_STR("IF_OPER_UNKNOWN, noqueue", link_state, "operstate 0 qdisc noqueue");
	CHECK_EQ("RTM_GETADDR dump: 127.0.0.1/8", nl_dump(22, 2, NULL), 1);
	CHECK_EQ("RTM_GETROUTE dump: the local table's three", nl_dump(26, 2, NULL), 3);
	CHECK_EQ("SIOCGIFFLAGS agrees", lo_flags(), LO_UP);
	CHECK_EQ("RTM_NEWLINK by name, IFF_UP changed to 0: down", nl_link_req(16, 5, 0, 0, 1, "lo"), 0);
	CHECK_EQ("RTM_GETLINK dump", nl_dump(18, 0, &flags), 1);
	CHECK_EQ("its flags: down", flags, 0x8u);
	CHECK_STR("IF_OPER_DOWN, noqueue still", link_state, "operstate 2 qdisc noqueue");
	CHECK_EQ("RTM_GETADDR dump: the address stays", nl_dump(22, 2, NULL), 1);
	CHECK_EQ("RTM_GETROUTE dump: the two local routes", nl_dump(26, 2, NULL), 2);
	CHECK_EQ("RTM_NEWLINK, ifi_change 0, flags IFF_UP: up", nl_link_req(16, 5, 1, 1, 0, NULL), 0);
	CHECK_EQ("lo is up", lo_flags(), LO_UP);
}

static void lo_up(void)
{
	if (set_lo_flags("lo", 0x1) < 0)
		fail("bringing lo up", "%s", errname(errno));
}

static void new_net_up(void)
{
	if (unshare(CLONE_NEWNET) < 0)
		fail("unshare(CLONE_NEWNET)", "%s", errname(errno));
	lo_up();
}

/* The same ports in two namespaces, and connections that stay in theirs. */
static uint16_t tcp_port, udp_port;

static void ports_inside(void)
{
	int l = bind_to(SOCK_STREAM, 0, tcp_port), u = bind_to(SOCK_DGRAM, 0, udp_port);
	CHECK("our TCP port bound here too", l >= 0);
	CHECK("our UDP port bound here too", u >= 0);
	int t = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR("connect: no listener here yet", connect_to(t, 0x7f000001, tcp_port), ECONNREFUSED);
	listen(l, 5);
	t = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK0("connect: this namespace's listener", connect_to(t, 0x7f000001, tcp_port));
	char buf[16] = { 0 };
	int a = accept(l, NULL, NULL);
	write(t, "inside", 6);
	CHECK_EQ("the data", read(a, buf, sizeof buf), 6);
	CHECK_STR("is ours", buf, "inside");
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_EQ("UDP to the port here", send_to(s, 0x7f000001, udp_port, "in"), 2);
	CHECK_EQ("received here", recv(u, buf, sizeof buf, MSG_DONTWAIT), 2);
}

static void ports(void)
{
	int l = bind_to(SOCK_STREAM, 0x7f000001, 0), u = bind_to(SOCK_DGRAM, 0x7f000001, 0);
	listen(l, 5);
	tcp_port = port_of(l);
	udp_port = port_of(u);
	in_child("inner", new_net_up, ports_inside);
	char buf[16];
	int fl = fcntl(l, F_GETFL);
	fcntl(l, F_SETFL, fl | O_NONBLOCK);
	CHECK_ERR("accept: none", accept(l, NULL, NULL), EAGAIN);
	CHECK_ERR("no datagram came to the outer port", recv(u, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	int t = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK0("the outer listener still answers here", connect_to(t, 0x7f000001, tcp_port));
}

/* Abstract names are the namespace's; path names the filesystem's. */
static void unix_inside(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, "\0t_net_ns", 9);
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 9;
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("connect to the outer abstract name: ECONNREFUSED", connect(c, (struct sockaddr *)&a, len),
		  ECONNREFUSED);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("bind the same abstract name here", bind(s, (struct sockaddr *)&a, len));
	listen(s, 5);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("and connect to it", connect(c, (struct sockaddr *)&a, len));
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR("a datagram to the outer one: ECONNREFUSED", sendto(d, "x", 1, 0, (struct sockaddr *)&a, len),
		  ECONNREFUSED);
	struct sockaddr_un p = { .sun_family = AF_UNIX };
	snprintf(p.sun_path, sizeof p.sun_path, "%s", P("path"));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("connect to the outer path name", connect(c, (struct sockaddr *)&p, sizeof p));
	char buf[8] = { 0 };
	CHECK_EQ("it answers", read(c, buf, sizeof buf), 3);
	CHECK_STR("from outside", buf, "out");
}

static void unix_names(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, "\0t_net_ns", 9);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("bind an abstract name", bind(s, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 9));
	listen(s, 5);
	struct sockaddr_un p = { .sun_family = AF_UNIX };
	snprintf(p.sun_path, sizeof p.sun_path, "%s", P("path"));
	int ps = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("bind a path name", bind(ps, (struct sockaddr *)&p, sizeof p));
	listen(ps, 5);
	pid_t c = fork();
	if (c == 0) {
		int a2 = accept(ps, NULL, NULL);
		write(a2, "out", 3);
		_exit(0);
	}
	in_child("inner", new_net_up, unix_inside);
	wait_for(c);
}

/* Netlink port ids and groups are the namespace's. */
static int nl_bound(uint32_t pid, uint32_t groups)
{
	int s = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_USERSOCK);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK, .nl_pid = pid, .nl_groups = groups };
	if (bind(s, (struct sockaddr *)&k, sizeof k) < 0) {
		int e = errno;
		close(s);
		errno = e;
		return -1;
	}
	return s;
}

static ssize_t nl_send(int s, uint32_t pid, uint32_t groups, const char *m)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK, .nl_pid = pid, .nl_groups = groups };
	return sendto(s, m, strlen(m), 0, (struct sockaddr *)&k, sizeof k);
}

static void netlink_inside(void)
{
	int c = nl_bound(4242, 0);
	CHECK("port id 4242 is free here", c >= 0);
	int d = nl_bound(0, 0);
	CHECK_EQ("a datagram to 4242", nl_send(d, 4242, 0, "in"), 2);
	char buf[8] = { 0 };
	CHECK_EQ("reaches ours", recv(c, buf, sizeof buf, MSG_DONTWAIT), 2);
	CHECK_ERR("to group 1 (and port 0, no kernel end: ECONNREFUSED)", nl_send(d, 0, 1, "grp"), ECONNREFUSED);
	CHECK_ERR("to a port id taken only outside: ECONNREFUSED", nl_send(d, 4243, 0, "x"), ECONNREFUSED);
}

static void netlink_ports(void)
{
	int a = nl_bound(4242, 1), b = nl_bound(4243, 0);
	CHECK("bind port id 4242 (and group 1)", a >= 0 && b >= 0);
	CHECK_ERR("again here: EADDRINUSE", nl_bound(4242, 0), EADDRINUSE);
	in_child("inner", new_net_up, netlink_inside);
	char buf[8];
	CHECK_ERR("nothing came to ours, nor to its group", recv(a, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
}

/* /proc/net follows the reader, /proc/<pid>/net that process. */
static int lines_with_port(const char *path, uint16_t port)
{
	static char buf[65536];
	char key[16];
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	snprintf(key, sizeof key, ":%04X ", port);
	int count = 0;
	for (char *l = strchr(buf, '\n'); l; l = strchr(l + 1, '\n')) {
		char *end = strchr(l + 1, '\n');
		char *k = strstr(l + 1, key);
		count += k && (!end || k < end) && k - l < 30;   /* the local address's port */
	}
	return count;
}

/* /proc/net/netlink's lines for protocol proto and port id pid: how many,
 * and the last one's groups and inode. */
static int netlink_lines(const char *path, int proto, unsigned pid, unsigned *groups, unsigned long *ino)
{
	static char buf[65536];
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	int count = 0;
	for (char *l = strchr(buf, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
		char sk[32];
		int eth;
		unsigned p, g;
		int rmem, wmem, dump, locks;
		unsigned drops;
		unsigned long inode;
		if (sscanf(l + 1, "%31s %d %u %x %d %d %d %d %u %lu", sk, &eth, &p, &g, &rmem, &wmem, &dump,
			   &locks, &drops, &inode) == 10 && eth == proto && p == pid) {
			count++;
			*groups = g;
			*ino = inode;
		}
	}
	return count;
}

static int unix_lines(const char *path, const char *name)
{
	static char buf[65536];
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	int count = 0;
	for (char *k = buf; (k = strstr(k, name)); k++)
		count++;
	return count;
}

static void proc_net(void)
{
	int p[2], q[2];
	if (pipe(p) < 0 || pipe(q) < 0)
		return;
	pid_t c = fork();
	if (c == 0) {
		char x;
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		lo_up();
		int l = bind_to(SOCK_STREAM, 0x7f000001, 0), u = bind_to(SOCK_DGRAM, 0x7f000001, 0);
		listen(l, 5);
		int s = socket(AF_UNIX, SOCK_DGRAM, 0);
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		memcpy(a.sun_path, "\0t_net_ns_proc", 14);
		bind(s, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 14);
		uint16_t ports[2] = { port_of(l), port_of(u) };
		int nl = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_USERSOCK);
		struct sockaddr_nl k = { .nl_family = AF_NETLINK, .nl_pid = 4244, .nl_groups = 5 };
		bind(nl, (struct sockaddr *)&k, sizeof k);
		struct stat st;
		fstat(nl, &st);
		unsigned g = 0;
		unsigned long ino = 0;
		int ok = netlink_lines("/proc/net/netlink", NETLINK_USERSOCK, 4244, &g, &ino) == 1 &&
			 g == 5 && ino == st.st_ino &&
			 lines_with_port("/proc/net/tcp", ports[0]) == 1 &&
			 lines_with_port("/proc/net/udp", ports[1]) == 1 &&
			 unix_lines("/proc/net/unix", "@t_net_ns_proc") == 1 &&
			 unix_lines("/proc/net/unix", "\n") == 2;   /* the header and ours */
		write(p[1], ports, sizeof ports);
		write(p[1], &ok, sizeof ok);
		read(q[0], &x, 1);
		_exit(0);
	}
	uint16_t ports[2];
	int ok = 0;
	read(p[0], ports, sizeof ports);
	read(p[0], &ok, sizeof ok);
	CHECK("its /proc/net/{netlink,tcp,udp,unix} show its sockets only", ok);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/net/tcp", c);
	CHECK_EQ("/proc/<pid>/net/tcp: its listener", lines_with_port(path, ports[0]), 1);
	snprintf(path, sizeof path, "/proc/%d/net/udp", c);
	CHECK_EQ("/proc/<pid>/net/udp: its socket", lines_with_port(path, ports[1]), 1);
	snprintf(path, sizeof path, "/proc/%d/net/unix", c);
	CHECK_EQ("/proc/<pid>/net/unix: its name", unix_lines(path, "@t_net_ns_proc"), 1);
	snprintf(path, sizeof path, "/proc/%d/net/dev", c);
	CHECK_STR("/proc/<pid>/net/dev: its lo", lo_stats(path),
		  "rx 0 bytes 0 packets 0 dropped, tx 0 bytes 0 packets 0 dropped");
	CHECK_EQ("our /proc/net/unix: not its name", unix_lines("/proc/net/unix", "@t_net_ns_proc"), 0);
	unsigned g;
	unsigned long ino;
	snprintf(path, sizeof path, "/proc/%d/net/netlink", c);
	CHECK_EQ("/proc/<pid>/net/netlink: its socket", netlink_lines(path, NETLINK_USERSOCK, 4244, &g, &ino), 1);
	CHECK_EQ("our /proc/net/netlink: not its socket",
		 netlink_lines("/proc/net/netlink", NETLINK_USERSOCK, 4244, &g, &ino), 0);
	CHECK_EQ("/proc/self/net/unix: not its name", unix_lines("/proc/self/net/unix", "@t_net_ns_proc"), 0);
	char link[32] = { 0 };
	CHECK_EQ("/proc/net is a link", readlink("/proc/net", link, sizeof link - 1), 8);
	CHECK_STR("to self/net", link, "self/net");
	write(q[1], "x", 1);
	wait_for(c);
}

/* A thread that joins another namespace: /proc/net (self, the process)
 * shows the leader's, /proc/thread-self/net its own. */
static int thread_ns_fd;
static int thread_results[3];

static void *thread_main(void *arg)
{
	(void)arg;
	thread_results[0] = setns(thread_ns_fd, CLONE_NEWNET);
	thread_results[1] = unix_lines("/proc/net/unix", "@t_net_ns_thr");
	thread_results[2] = unix_lines("/proc/thread-self/net/unix", "@t_net_ns_thr");
	return NULL;
}

static void thread_net(void)
{
	int outer = open("/proc/self/ns/net", O_RDONLY);
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, "\0t_net_ns_thr", 13);
	CHECK_OK0("an abstract name here", bind(s, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 13));
	thread_ns_fd = open("/proc/self/ns/net", O_RDONLY);
	CHECK_OK0("back outside", setns(outer, CLONE_NEWNET));
	pthread_t t;
	pthread_create(&t, NULL, thread_main, NULL);
	pthread_join(t, NULL);
	CHECK_EQ("a thread's setns(CLONE_NEWNET)", thread_results[0], 0);
	CHECK_EQ("its /proc/net: the process's (the leader's): not there", thread_results[1], 0);
	CHECK_EQ("its /proc/thread-self/net: its own: there", thread_results[2], 1);
}

/* A process that has exited has no namespace left to show. */
static void zombie_net(void)
{
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	siginfo_t si;
	waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/net/dev", c);
	CHECK_ERR("/proc/<zombie>/net/dev: ENOENT", open(path, O_RDONLY), ENOENT);
	snprintf(path, sizeof path, "/proc/%d/net", c);
	struct stat st;
	CHECK_OK0("its net directory is there", stat(path, &st));
	wait_for(c);
}

/* /proc/sys/net: each namespace's own values. */
static char outer_range[64], outer_somaxconn[32];

static const char *text_of(const char *path)
{
	static char buf[4][64];
	static int next;
	char *b = buf[next++ % 4];
	ssize_t n = get_file(path, b, 63);
	b[n < 0 ? 0 : n] = 0;
	return b;
}

static void sysctls_inside(void)
{
	CHECK_STR("ip_local_port_range: the default", text_of("/proc/sys/net/ipv4/ip_local_port_range"),
		  "32768\t60999\n");
	CHECK_STR("somaxconn: the default", text_of("/proc/sys/net/core/somaxconn"), "4096\n");
	CHECK_STR("ip_unprivileged_port_start", text_of("/proc/sys/net/ipv4/ip_unprivileged_port_start"), "1024\n");
	CHECK_STR("tcp_fin_timeout", text_of("/proc/sys/net/ipv4/tcp_fin_timeout"), "60\n");
	CHECK_EQ("write ip_local_port_range", put_file("/proc/sys/net/ipv4/ip_local_port_range", "40001 40001\n", 12), 0);
	CHECK_EQ("write somaxconn", put_file("/proc/sys/net/core/somaxconn", "7\n", 2), 0);
	int s = bind_to(SOCK_DGRAM, 0, 0);
	CHECK_EQ("a port from the range", port_of(s), 40001);
	CHECK_ERR("the only one", bind_to(SOCK_DGRAM, 0, 0), EADDRINUSE);
	CHECK_STR("somaxconn here", text_of("/proc/sys/net/core/somaxconn"), "7\n");
}

static void sysctls(void)
{
	snprintf(outer_range, sizeof outer_range, "%s", text_of("/proc/sys/net/ipv4/ip_local_port_range"));
	snprintf(outer_somaxconn, sizeof outer_somaxconn, "%s", text_of("/proc/sys/net/core/somaxconn"));
	in_child("inner", new_net_up, sysctls_inside);
	CHECK_STR("ours untouched: ip_local_port_range", text_of("/proc/sys/net/ipv4/ip_local_port_range"), outer_range);
	CHECK_STR("ours untouched: somaxconn", text_of("/proc/sys/net/core/somaxconn"), outer_somaxconn);
}

/* A socket stays in its namespace; SIOCGSKNS names it; setns, NS_GET_NSTYPE. */
static void socket_namespace(void)
{
	int outer = open("/proc/self/ns/net", O_RDONLY);
	ino_t outer_ino = fd_ino(outer);
	CHECK_EQ("NS_GET_NSTYPE: CLONE_NEWNET", ioctl(outer, NS_GET_NSTYPE_), CLONE_NEWNET);
	int o = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	ino_t inner_ino = ns_ino("/proc/self/ns/net");
	CHECK("a new namespace", inner_ino && inner_ino != outer_ino);
	int s = socket(AF_INET, SOCK_DGRAM, 0), s2 = socket(AF_INET, SOCK_DGRAM, 0);
	int fd = ioctl(o, SIOCGSKNS);
	CHECK("SIOCGSKNS of a socket made before", fd >= 0);
	CHECK_EQ("names the outer namespace", fd_ino(fd) == outer_ino, 1);
	CHECK_EQ("close-on-exec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("its lo is up", lo_flags_on(o), LO_UP);
	CHECK_EQ("ours is down", lo_flags_on(s), 0x8);
	CHECK_OK0("setns(outer, CLONE_NEWNET)", setns(outer, CLONE_NEWNET));
	CHECK_EQ("back outside", ns_ino("/proc/self/ns/net") == outer_ino, 1);
	CHECK_EQ("the inner socket's lo: still down", lo_flags_on(s), 0x8);
	int in = ioctl(s, SIOCGSKNS);
	CHECK_EQ("its SIOCGSKNS: the inner namespace", fd_ino(in) == inner_ino, 1);
	CHECK_EQ("NS_GET_NSTYPE of it", ioctl(in, NS_GET_NSTYPE_), CLONE_NEWNET);
	CHECK_ERR("a UDP sendto on it: ENETUNREACH", send_to(s, 0x7f000001, 9, "x"), ENETUNREACH);
	struct sockaddr_in ten = sin_of(0x0a000001, 0);
	CHECK_OK0("bind another to 10.0.0.1: its namespace's rules", bind(s2, (struct sockaddr *)&ten, sizeof ten));
	CHECK_OK0("setns(its SIOCGSKNS file, 0)", setns(in, 0));
	CHECK_EQ("inside again", ns_ino("/proc/self/ns/net") == inner_ino, 1);
	CHECK_ERR("setns of the net file with CLONE_NEWUTS: EINVAL", setns(outer, CLONE_NEWUTS), EINVAL);
}

/* An accepted TCP socket is in its listener's namespace; the server's
 * end of a UNIX connection in the connecting socket's. */
static void accepted(void)
{
	ino_t outer_ino = ns_ino("/proc/self/ns/net");
	int l = bind_to(SOCK_STREAM, 0x7f000001, 0), t = socket(AF_INET, SOCK_STREAM, 0);
	listen(l, 5);
	struct sockaddr_un p = { .sun_family = AF_UNIX };
	snprintf(p.sun_path, sizeof p.sun_path, "%s", P("srv"));
	int ps = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(ps, (struct sockaddr *)&p, sizeof p);
	listen(ps, 5);
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	ino_t inner_ino = ns_ino("/proc/self/ns/net");
	CHECK_OK0("connect an outer socket to the outer listener", connect_to(t, 0x7f000001, port_of(l)));
	int a = accept(l, NULL, NULL);
	CHECK("accepted from inside", a >= 0);
	CHECK_EQ("in the listener's namespace", fd_ino(ioctl(a, SIOCGSKNS)) == outer_ino, 1);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("an inner UNIX socket connects to an outer path", connect(c, (struct sockaddr *)&p, sizeof p));
	int b = accept(ps, NULL, NULL);
	CHECK("accepted", b >= 0);
	CHECK_EQ("the listener is outside", fd_ino(ioctl(ps, SIOCGSKNS)) == outer_ino, 1);
	CHECK_EQ("the accepted end: the connector's namespace", fd_ino(ioctl(b, SIOCGSKNS)) == inner_ino, 1);
}

/* The namespace lives on in a socket after its last process: passed
 * over a UNIX socket, then its creator exits. */
static void socket_keeps_namespace(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		lo_up();
		int u = bind_to(SOCK_DGRAM, 0x7f000001, 5555);
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
	CHECK_EQ("the creator sent its socket and exited", wait_for(c), 0);
	char cm[CMSG_SPACE(sizeof(int))], x;
	struct iovec io = { &x, 1 };
	struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = cm, .msg_controllen = sizeof cm };
	int u = -1;
	if (recvmsg(sv[0], &m, 0) == 1 && CMSG_FIRSTHDR(&m))
		memcpy(&u, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof u);
	CHECK("received it", u >= 0);
	CHECK_EQ("its lo is still up", lo_flags_on(u), LO_UP);
	int fd = ioctl(u, SIOCGSKNS);
	CHECK("SIOCGSKNS", fd >= 0);
	CHECK("not ours", fd_ino(fd) != ns_ino("/proc/self/ns/net"));
	close(u);
	CHECK_OK0("setns into it by the file", setns(fd, CLONE_NEWNET));
	CHECK_EQ("lo up there", lo_flags(), LO_UP);
	int b = bind_to(SOCK_DGRAM, 0x7f000001, 5555);
	CHECK("its port 5555 is free again", b >= 0);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[4];
	CHECK_EQ("UDP there", send_to(s, 0x7f000001, 5555, "abc"), 3);
	CHECK_EQ("received there", recv(b, buf, sizeof buf, MSG_DONTWAIT), 3);
}

/* A bind mount of the ns file keeps the namespace after its process
 * (in a mount namespace of the case's own, private). */
static void bind_mount(void)
{
	CHECK_OK0("a mount namespace of our own", unshare(CLONE_NEWNS));
	CHECK_OK0("private", mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	const char *at = P("netns");
	close(open(at, O_CREAT | O_WRONLY, 0600));
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWNET) < 0 || set_lo_flags("lo", 0x1) < 0 ||
		    mount("/proc/self/ns/net", at, NULL, MS_BIND, NULL) < 0)
			_exit(1);
		_exit(0);
	}
	CHECK_EQ("a child made one and bound its file", wait_for(c), 0);
	CHECK("the mount shows it", ns_ino(at) != ns_ino("/proc/self/ns/net"));
	int fd = open(at, O_RDONLY);
	CHECK_EQ("NS_GET_NSTYPE of it", ioctl(fd, NS_GET_NSTYPE_), CLONE_NEWNET);
	CHECK_OK0("setns(it)", setns(fd, CLONE_NEWNET));
	CHECK_EQ("its lo: as the child left it", lo_flags(), LO_UP);
	CHECK_EQ("our /proc/self/ns/net is it", ns_ino("/proc/self/ns/net") == fd_ino(fd), 1);
	CHECK_ERR("umount while it is open: EBUSY", umount(at), EBUSY);
	close(fd);
	CHECK_OK0("umount once closed", umount(at));
}

/* clone and clone3 with CLONE_NEWNET; setns by pidfd. */
static void cloned(void)
{
	ino_t ours = ns_ino("/proc/self/ns/net");
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(ns_ino("/proc/self/ns/net") != ours && lo_flags() == 0x8 ? 0 : 1);
	CHECK("clone(CLONE_NEWNET)", c > 0);
	CHECK_EQ("the child: a new namespace, lo down", wait_for(c), 0);
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls; } a;
	memset(&a, 0, sizeof a);
	a.flags = CLONE_NEWNET;
	a.exit_signal = SIGCHLD;
	c = (pid_t)syscall(SYS_clone3_, &a, sizeof a);
	if (c == 0)
		_exit(ns_ino("/proc/self/ns/net") != ours && lo_flags() == 0x8 ? 0 : 1);
	CHECK("clone3(CLONE_NEWNET)", c > 0);
	CHECK_EQ("the child: a new namespace, lo down", wait_for(c), 0);
	int p[2], q[2];
	if (pipe(p) < 0 || pipe(q) < 0)
		return;
	c = fork();
	if (c == 0) {
		char x;
		unshare(CLONE_NEWNET);
		write(p[1], "r", 1);
		read(q[0], &x, 1);
		_exit(0);
	}
	char x, path[64];
	read(p[0], &x, 1);
	snprintf(path, sizeof path, "/proc/%d/ns/net", c);
	ino_t its = ns_ino(path);
	int pidfd = (int)syscall(SYS_pidfd_open_, c, 0);
	CHECK_OK0("setns(pidfd, CLONE_NEWNET)", setns(pidfd, CLONE_NEWNET));
	CHECK_EQ("in its namespace", ns_ino("/proc/self/ns/net") == its, 1);
	CHECK_EQ("lo down here", lo_flags(), 0x8);
	write(q[1], "x", 1);
	wait_for(c);
	CHECK_ERR("its pidfd once it is gone: ESRCH", setns(pidfd, CLONE_NEWNET), ESRCH);
}

static int user_outer;

static void user_calls(void)
{
	CHECK_ERR("unshare(CLONE_NEWNET): EPERM", unshare(CLONE_NEWNET), EPERM);
	CHECK_ERR("clone(CLONE_NEWNET): EPERM", syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0), EPERM);
	CHECK_ERR("setns(net file): EPERM", setns(user_outer, CLONE_NEWNET), EPERM);
	CHECK_ERR("SIOCSIFFLAGS: EPERM", set_lo_flags("lo", 0x1), EPERM);
	CHECK_ERR("SIOCSIFFLAGS on a device not there: EPERM first", set_lo_flags("eth9", 0x1), EPERM);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_ERR("SIOCGSKNS: EPERM", ioctl(s, SIOCGSKNS), EPERM);
	CHECK_EQ("RTM_NEWLINK: EPERM", nl_link_req(16, 5, 1, 1, 1, NULL), -EPERM);
	CHECK_EQ("SIOCGIFFLAGS works", lo_flags(), 0x8);
}

static void as_user(void)
{
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	user_outer = open("/proc/self/ns/net", O_RDONLY);
	as_uid1000(user_calls);
}

/* The C library's getifaddrs over NETLINK_ROUTE: lo's link only, then
 * its address too (the host's IPv6 entries are not counted). */
static void count_ifaddrs(int *packet, int *inet, unsigned *flags)
{
	struct ifaddrs *list;
	*packet = *inet = 0;
	if (getifaddrs(&list) < 0) {
		fail("getifaddrs", "%s", errname(errno));
		return;
	}
	for (struct ifaddrs *i = list; i; i = i->ifa_next) {
		if (!i->ifa_addr || strcmp(i->ifa_name, "lo"))
			continue;
		*packet += i->ifa_addr->sa_family == AF_PACKET;
		*inet += i->ifa_addr->sa_family == AF_INET;
		if (i->ifa_addr->sa_family == AF_PACKET)
			*flags = i->ifa_flags;
	}
	freeifaddrs(list);
}

static void getifaddrs_lo(void)
{
	int packet, inet;
	unsigned flags = 0;
	CHECK_OK0("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
	count_ifaddrs(&packet, &inet, &flags);
	CHECK_EQ("getifaddrs: lo's link", packet, 1);
	CHECK_EQ("no IPv4 address", inet, 0);
	CHECK_EQ("lo's flags: down", flags, 0x8u);
	lo_up();
	count_ifaddrs(&packet, &inet, &flags);
	CHECK_EQ("up: lo's link", packet, 1);
	CHECK_EQ("and 127.0.0.1", inet, 1);
	CHECK_EQ("lo's flags: up", flags, 0x10049u);
}

int main(void)
{
	tdir_setup("t_net_ns");
	RUN(fresh_namespace);
	RUN(lo_up_by_ioctl);
	RUN(lo_up_by_netlink);
	RUN(ports);
	RUN(unix_names);
	RUN(netlink_ports);
	RUN(proc_net);
	RUN(thread_net);
	RUN(zombie_net);
	RUN(sysctls);
	RUN(socket_namespace);
	RUN(socket_keeps_namespace);
	RUN(accepted);
	RUN(bind_mount);
	RUN(cloned);
	RUN(as_user);
	RUN(getifaddrs_lo);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
