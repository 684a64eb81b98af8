/* t_netlink - differential test of AF_NETLINK sockets: socket's checks of
 * type and protocol, names (the process id as the first port id, a
 * negative one for the next, EADDRINUSE, rebinding), NETLINK_ROUTE's
 * answers about lo (RTM_GETLINK as a dump, by index and by name;
 * RTM_GETADDR; RTM_GETROUTE's local routes), the framing of replies
 * (NLM_F_MULTI, NLMSG_DONE in a datagram of its own, sequence numbers,
 * port ids, the sender's address), acknowledgements and NLMSG_ERROR
 * (the request echoed, NETLINK_CAP_ACK, several requests in one
 * datagram, EBUSY for a second dump), MSG_PEEK and MSG_TRUNC, options
 * (SOL_NETLINK, groups, SO_RCVBUF), a full queue (ENOBUFS), poll, and
 * datagrams between user sockets (NETLINK_USERSOCK: unicast, groups,
 * ECONNREFUSED). The host may have more devices than lo: only lo's facts
 * are printed, found by name. */
#include "check.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <net/if.h>
#include "netlink_abi.h"
#include <arpa/inet.h>

#define BUF 32768
static char rbuf[BUF];

static int nlsock(int proto)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
}

static uint32_t portid_of(int fd)
{
	struct sockaddr_nl a;
	socklen_t n = sizeof a;
	memset(&a, 0, sizeof a);
	getsockname(fd, (struct sockaddr *)&a, &n);
	return a.nl_pid;
}

/* One request: a header and plen bytes of payload, to the kernel. */
static ssize_t nl_send(int fd, int type, int flags, uint32_t seq, const void *payload, size_t plen)
{
	char buf[1024];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	memset(buf, 0, sizeof buf);
	h->nlmsg_len = NLMSG_LENGTH(plen);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(h), payload, plen);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	return sendto(fd, buf, NLMSG_ALIGN(h->nlmsg_len), 0, (struct sockaddr *)&k, sizeof k);
}

/* One datagram, waiting at most a few seconds; its length or -1. */
static ssize_t nl_recv(int fd, struct sockaddr_nl *from)
{
	struct pollfd p = { fd, POLLIN, 0 };
	if (poll(&p, 1, 5000) != 1)
		return -1;
	socklen_t n = sizeof *from;
	return recvfrom(fd, rbuf, sizeof rbuf, MSG_DONTWAIT, (struct sockaddr *)from, &n);
}

static const struct rtattr *attr(const struct nlmsghdr *h, size_t hdr, int type)
{
	int len = h->nlmsg_len - NLMSG_LENGTH(hdr);
	for (const struct rtattr *a = (const void *)((const char *)NLMSG_DATA(h) + NLMSG_ALIGN(hdr));
	     RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == type)
			return a;
	return NULL;
}

static uint32_t attr_u32(const struct nlmsghdr *h, size_t hdr, int type)
{
	const struct rtattr *a = attr(h, hdr, type);
	return a ? *(uint32_t *)RTA_DATA(a) : 0xDEADBEEF;
}

/* A dump: every datagram until NLMSG_DONE, each message handed to fn;
 * checks the framing common to all. */
static void dump(int fd, int type, int family, uint32_t seq, void (*fn)(const struct nlmsghdr *))
{
	struct rtgenmsg g = { .rtgen_family = family };
	CHECK_EQ("dump request sent", nl_send(fd, type, NLM_F_REQUEST | NLM_F_DUMP, seq, &g, sizeof g),
		 (ssize_t)NLMSG_ALIGN(NLMSG_LENGTH(sizeof g)));
	uint32_t me = portid_of(fd);
	int bad = 0, done = 0, datagrams = 0;
	while (!done && datagrams < 100) {
		struct sockaddr_nl from;
		memset(&from, 0x55, sizeof from);
		ssize_t n = nl_recv(fd, &from);
		if (n <= 0) {
			CHECK("a datagram of the dump", 0);
			return;
		}
		datagrams++;
		bad += from.nl_family != AF_NETLINK || from.nl_pid || from.nl_groups;
		for (struct nlmsghdr *h = (void *)rbuf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			bad += h->nlmsg_seq != seq || h->nlmsg_pid != me || !(h->nlmsg_flags & NLM_F_MULTI);
			if (h->nlmsg_type == NLMSG_DONE) {
				CHECK_EQ("  NLMSG_DONE's length", h->nlmsg_len, NLMSG_LENGTH(4));
				CHECK_EQ("  its value", *(int *)NLMSG_DATA(h), 0);
				CHECK_EQ("  its flags", h->nlmsg_flags, NLM_F_MULTI);
				CHECK_EQ("  alone in its datagram", (char *)h - rbuf, 0);
				done = 1;
			} else if (h->nlmsg_type == NLMSG_ERROR) {
				CHECK("no error", 0);
				done = 1;
			} else {
				fn(h);
			}
		}
	}
	CHECK_EQ("every message from the kernel, for us, of the request, multipart", bad, 0);
	CHECK("the dump ended", done);
	struct sockaddr_nl from;
	CHECK_ERR("nothing after NLMSG_DONE", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), EAGAIN);
	(void)from;
}

/* ---- cases ---- */

static void create(void)
{
	int fd = nlsock(NETLINK_ROUTE);
	CHECK("SOCK_RAW, NETLINK_ROUTE", fd >= 0);
	int v;
	socklen_t n = sizeof v;
	CHECK_OK0("SO_DOMAIN", getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &n));
	CHECK_EQ("  is AF_NETLINK", v, AF_NETLINK);
	CHECK_OK0("SO_TYPE", getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &n));
	CHECK_EQ("  is SOCK_RAW", v, SOCK_RAW);
	CHECK_OK0("SO_PROTOCOL", getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &n));
	CHECK_EQ("  is NETLINK_ROUTE", v, NETLINK_ROUTE);
	int d = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_USERSOCK);
	CHECK("SOCK_DGRAM, NETLINK_USERSOCK", d >= 0);
	CHECK_OK0("SO_PROTOCOL", getsockopt(d, SOL_SOCKET, SO_PROTOCOL, &v, &n));
	CHECK_EQ("  is NETLINK_USERSOCK", v, NETLINK_USERSOCK);
	CHECK_ERR("SOCK_STREAM", socket(AF_NETLINK, SOCK_STREAM, 0), ESOCKTNOSUPPORT);
	CHECK_ERR("SOCK_SEQPACKET", socket(AF_NETLINK, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);
	CHECK_ERR("protocol 32", socket(AF_NETLINK, SOCK_RAW, 32), EPROTONOSUPPORT);
	CHECK_ERR("protocol -1", socket(AF_NETLINK, SOCK_RAW, -1), EPROTONOSUPPORT);
	CHECK_ERR("NETLINK_UNUSED", socket(AF_NETLINK, SOCK_RAW, NETLINK_UNUSED), EPROTONOSUPPORT);
	CHECK_ERR("NETLINK_FIREWALL", socket(AF_NETLINK, SOCK_RAW, NETLINK_FIREWALL), EPROTONOSUPPORT);
	CHECK_ERR("listen", listen(fd, 1), EOPNOTSUPP);
	CHECK_ERR("accept", accept(fd, NULL, NULL), EOPNOTSUPP);
	CHECK_ERR("shutdown", shutdown(fd, SHUT_RDWR), EOPNOTSUPP);
	CHECK_ERR("FIONREAD is no socket ioctl", ioctl(fd, FIONREAD, &v), ENOTTY);
}

static void names(void)
{
	int a = nlsock(NETLINK_ROUTE), b = nlsock(NETLINK_ROUTE), c = nlsock(NETLINK_ROUTE);
	struct sockaddr_nl s;
	socklen_t n = sizeof s;
	memset(&s, 0x55, sizeof s);
	CHECK_OK0("getsockname before bind", getsockname(a, (struct sockaddr *)&s, &n));
	CHECK_EQ("  length", n, sizeof s);
	CHECK_EQ("  family", s.nl_family, AF_NETLINK);
	CHECK_EQ("  pad", s.nl_pad, 0);
	CHECK_EQ("  no port id yet", s.nl_pid, 0);
	CHECK_EQ("  no groups", s.nl_groups, 0);
	n = sizeof s;
	CHECK_OK0("getpeername (nothing connected)", getpeername(a, (struct sockaddr *)&s, &n));
	CHECK_EQ("  port 0", s.nl_pid, 0);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	CHECK_ERR("bind: short", bind(a, (struct sockaddr *)&k, 4), EINVAL);
	k.nl_family = AF_UNIX;
	CHECK_ERR("bind: AF_UNIX", bind(a, (struct sockaddr *)&k, sizeof k), EINVAL);
	k.nl_family = AF_NETLINK;
	CHECK_OK0("bind, port id 0", bind(a, (struct sockaddr *)&k, sizeof k));
	CHECK_EQ("  the process id is the port id", portid_of(a), (uint32_t)getpid());
	CHECK_OK0("bind again, the same", bind(a, (struct sockaddr *)&k, sizeof k) == 0 ? 1 : 0);
	k.nl_pid = getpid();
	CHECK_OK0("bind again, its port id", bind(a, (struct sockaddr *)&k, sizeof k));
	k.nl_pid = 12345;
	CHECK_ERR("bind again, another", bind(a, (struct sockaddr *)&k, sizeof k), EINVAL);
	k.nl_pid = 0;
	CHECK_OK0("a second socket, port id 0", bind(b, (struct sockaddr *)&k, sizeof k));
	CHECK("  a negative port id below -4096", (int32_t)portid_of(b) < -4096);
	k.nl_pid = getpid();
	CHECK_ERR("a third at the process id", bind(c, (struct sockaddr *)&k, sizeof k), EADDRINUSE);
	k.nl_pid = 0x7ffff000;
	CHECK_OK0("  at a free one", bind(c, (struct sockaddr *)&k, sizeof k));
	CHECK_EQ("  named so", portid_of(c), 0x7ffff000u);
	int u = nlsock(NETLINK_USERSOCK);
	k.nl_pid = getpid();
	CHECK_OK0("another protocol's sockets have their own port ids", bind(u, (struct sockaddr *)&k, sizeof k));
	close(a);
	int d = nlsock(NETLINK_ROUTE);
	CHECK_OK0("a closed socket's port id is free", bind(d, (struct sockaddr *)&k, sizeof k));
	int e = nlsock(NETLINK_ROUTE);
	struct rtgenmsg g = { AF_UNSPEC };
	CHECK_EQ("send binds", nl_send(e, NLMSG_NOOP, NLM_F_REQUEST, 1, &g, 1), 20);
	CHECK("  a port id", portid_of(e) != 0);
}

static void link_of_lo(const struct nlmsghdr *h)
{
	if (h->nlmsg_type != RTM_NEWLINK) {
		CHECK("RTM_NEWLINK", 0);
		return;
	}
	const struct rtattr *name = attr(h, sizeof(struct ifinfomsg), IFLA_IFNAME);
	if (!name || strcmp(RTA_DATA(name), "lo"))
		return;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	say("lo: family %d type %d index %d flags %#x change %#x\n", ifi->ifi_family, ifi->ifi_type,
	    ifi->ifi_index, ifi->ifi_flags, ifi->ifi_change);
	say("  mtu %u txqlen %u min_mtu %u max_mtu %u\n", attr_u32(h, sizeof *ifi, IFLA_MTU),
	    attr_u32(h, sizeof *ifi, IFLA_TXQLEN), attr_u32(h, sizeof *ifi, IFLA_MIN_MTU),
	    attr_u32(h, sizeof *ifi, IFLA_MAX_MTU));
	const struct rtattr *op = attr(h, sizeof *ifi, IFLA_OPERSTATE);
	say("  operstate %d\n", op ? *(uint8_t *)RTA_DATA(op) : -1);
	for (int t = IFLA_ADDRESS; t <= IFLA_BROADCAST; t++) {
		const struct rtattr *a = attr(h, sizeof *ifi, t);
		char hex[64] = "";
		for (int i = 0; a && i < (int)RTA_PAYLOAD(a) && i < 16; i++)
			sprintf(hex + 2 * i, "%02x", ((uint8_t *)RTA_DATA(a))[i]);
		say("  %s %s\n", t == IFLA_ADDRESS ? "address" : "broadcast", a ? hex : "none");
	}
	const struct rtattr *q = attr(h, sizeof *ifi, IFLA_QDISC);
	say("  qdisc %s\n", q ? (char *)RTA_DATA(q) : "none");
	const struct rtattr *s64 = attr(h, sizeof *ifi, IFLA_STATS64);
	CHECK("  IFLA_STATS64 of 24 counters or more", s64 && RTA_PAYLOAD(s64) >= 24 * 8);
	const struct rtattr *s32 = attr(h, sizeof *ifi, IFLA_STATS);
	CHECK("  IFLA_STATS of 23 counters or more", s32 && RTA_PAYLOAD(s32) >= 23 * 4);
	if (s64 && s32) {
		struct rtnl_link_stats64 *st = RTA_DATA(s64);
		CHECK("  as many received as sent", st->rx_packets == st->tx_packets);
	}
}

static void getlink_dump(void)
{
	int fd = nlsock(NETLINK_ROUTE);
	dump(fd, RTM_GETLINK, AF_UNSPEC, 42, link_of_lo);
	dump(fd, RTM_GETLINK, AF_PACKET, 43, link_of_lo);
}

/* A single reply to a get, then (with NLM_F_ACK) the acknowledgement. */
static void getlink_one(void)
{
	int fd = nlsock(NETLINK_ROUTE);
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 1 };
	struct sockaddr_nl from;
	CHECK_EQ("RTM_GETLINK of index 1", nl_send(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 5, &ifi, sizeof ifi), 32);
	ssize_t n = nl_recv(fd, &from);
	struct nlmsghdr *h = (void *)rbuf;
	CHECK("  one message", n > 0 && NLMSG_OK(h, n) && (ssize_t)NLMSG_ALIGN(h->nlmsg_len) == n);
	CHECK_EQ("  RTM_NEWLINK", h->nlmsg_type, RTM_NEWLINK);
	CHECK_EQ("  no flags", h->nlmsg_flags, 0);
	CHECK_EQ("  its sequence number", h->nlmsg_seq, 5);
	CHECK_EQ("  our port id", h->nlmsg_pid, portid_of(fd));
	link_of_lo(h);
	n = nl_recv(fd, &from);
	CHECK_EQ("  then the ack", n, 36);
	struct nlmsgerr *e = NLMSG_DATA(h);
	CHECK_EQ("  NLMSG_ERROR", h->nlmsg_type, NLMSG_ERROR);
	CHECK_EQ("  0", e->error, 0);
	CHECK_EQ("  NLM_F_CAPPED", h->nlmsg_flags, NLM_F_CAPPED);

	/* by name */
	char req[64] = { 0 };
	struct ifinfomsg *r = (void *)req;
	struct rtattr *a = (void *)(req + NLMSG_ALIGN(sizeof *r));
	a->rta_type = IFLA_IFNAME;
	a->rta_len = RTA_LENGTH(3);
	strcpy(RTA_DATA(a), "lo");
	CHECK_EQ("RTM_GETLINK of the name lo", nl_send(fd, RTM_GETLINK, NLM_F_REQUEST, 6, req, sizeof *r + RTA_SPACE(3)), 40);
	n = nl_recv(fd, &from);
	CHECK_EQ("  RTM_NEWLINK", h->nlmsg_type, RTM_NEWLINK);
	CHECK_EQ("  index 1", ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index, 1);
	strcpy(RTA_DATA(a), "zz");
	CHECK_EQ("RTM_GETLINK of the name zz", nl_send(fd, RTM_GETLINK, NLM_F_REQUEST, 7, req, sizeof *r + RTA_SPACE(3)), 40);
	n = nl_recv(fd, &from);
	CHECK_EQ("  NLMSG_ERROR with the request", n, 16 + 4 + 40);
	CHECK_EQ("  ENODEV", e->error, -ENODEV);
	CHECK_EQ("  the request's header", e->msg.nlmsg_len, 40);
	CHECK_EQ("  no flags", h->nlmsg_flags, 0);
	CHECK_EQ("  the request's body", memcmp((char *)(e + 1), req, 24), 0);
	ifi.ifi_index = 0x7fff0000;
	nl_send(fd, RTM_GETLINK, NLM_F_REQUEST, 8, &ifi, sizeof ifi);
	n = nl_recv(fd, &from);
	CHECK_EQ("an index with no device", e->error, -ENODEV);
	ifi.ifi_index = 0;
	nl_send(fd, RTM_GETLINK, NLM_F_REQUEST, 9, &ifi, sizeof ifi);
	n = nl_recv(fd, &from);
	CHECK_EQ("no index and no name", e->error, -EINVAL);
	CHECK_ERR("  nothing more", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), EAGAIN);
}

static void addr_of_lo(const struct nlmsghdr *h)
{
	if (h->nlmsg_type != RTM_NEWADDR) {
		CHECK("RTM_NEWADDR", 0);
		return;
	}
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	if (ifa->ifa_index != 1 || ifa->ifa_family != AF_INET)
		return;
	char a[32] = "none", l[32] = "none";
	const struct rtattr *x = attr(h, sizeof *ifa, IFA_ADDRESS), *y = attr(h, sizeof *ifa, IFA_LOCAL);
	const struct rtattr *lab = attr(h, sizeof *ifa, IFA_LABEL), *ci = attr(h, sizeof *ifa, IFA_CACHEINFO);
	if (x)
		inet_ntop(AF_INET, RTA_DATA(x), a, sizeof a);
	if (y)
		inet_ntop(AF_INET, RTA_DATA(y), l, sizeof l);
	say("lo inet: prefixlen %d flags %#x scope %d address %s local %s label %s ifa_flags %#x\n",
	    ifa->ifa_prefixlen, ifa->ifa_flags, ifa->ifa_scope, a, l, lab ? (char *)RTA_DATA(lab) : "none",
	    attr_u32(h, sizeof *ifa, IFA_FLAGS));
	CHECK("  IFA_CACHEINFO: forever", ci && ((struct ifa_cacheinfo *)RTA_DATA(ci))->ifa_valid == 0xFFFFFFFF &&
	      ((struct ifa_cacheinfo *)RTA_DATA(ci))->ifa_prefered == 0xFFFFFFFF);
	CHECK("  no IFA_BROADCAST", !attr(h, sizeof *ifa, IFA_BROADCAST));
}

static void getaddr(void)
{
	int fd = nlsock(NETLINK_ROUTE);
	dump(fd, RTM_GETADDR, AF_INET, 1, addr_of_lo);
	dump(fd, RTM_GETADDR, AF_UNSPEC, 2, addr_of_lo);
}

static void route_of_lo(const struct nlmsghdr *h)
{
	if (h->nlmsg_type != RTM_NEWROUTE) {
		CHECK("RTM_NEWROUTE", 0);
		return;
	}
	const struct rtmsg *r = NLMSG_DATA(h);
	if (r->rtm_family != AF_INET || r->rtm_table != RT_TABLE_LOCAL || attr_u32(h, sizeof *r, RTA_OIF) != 1)
		return;
	char d[32] = "none", s[32] = "none";
	const struct rtattr *x = attr(h, sizeof *r, RTA_DST), *y = attr(h, sizeof *r, RTA_PREFSRC);
	if (x)
		inet_ntop(AF_INET, RTA_DATA(x), d, sizeof d);
	if (y)
		inet_ntop(AF_INET, RTA_DATA(y), s, sizeof s);
	if (strncmp(d, "127.", 4))
		return;
	say("route: %s/%d type %d scope %d protocol %d table %u src %s flags %#x\n", d, r->rtm_dst_len,
	    r->rtm_type, r->rtm_scope, r->rtm_protocol, attr_u32(h, sizeof *r, RTA_TABLE), s, r->rtm_flags);
}

static void getroute(void)
{
	int fd = nlsock(NETLINK_ROUTE);
	struct rtmsg r = { .rtm_family = AF_INET };
	dump(fd, RTM_GETROUTE, AF_INET, 3, route_of_lo);
	(void)r;
}

static struct nlmsghdr *H = (struct nlmsghdr *)rbuf;
#define E ((struct nlmsgerr *)NLMSG_DATA(H))

static void acks(void)
{
	int fd = nlsock(NETLINK_ROUTE);
	struct sockaddr_nl from;
	struct rtgenmsg g = { AF_UNSPEC };
	CHECK_EQ("NLMSG_NOOP with NLM_F_ACK", nl_send(fd, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 11, &g, 1), 20);
	CHECK_EQ("  an ack", nl_recv(fd, &from), 36);
	CHECK_EQ("  NLMSG_ERROR", H->nlmsg_type, NLMSG_ERROR);
	CHECK_EQ("  its length", H->nlmsg_len, 36);
	CHECK_EQ("  error 0", E->error, 0);
	CHECK_EQ("  NLM_F_CAPPED", H->nlmsg_flags, NLM_F_CAPPED);
	CHECK_EQ("  seq", H->nlmsg_seq, 11);
	CHECK_EQ("  pid", H->nlmsg_pid, portid_of(fd));
	CHECK_EQ("  the request's header: length", E->msg.nlmsg_len, 17);
	CHECK_EQ("  type", E->msg.nlmsg_type, NLMSG_NOOP);
	CHECK_EQ("  flags", E->msg.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_EQ("  seq", E->msg.nlmsg_seq, 11);
	CHECK_EQ("  from the kernel", from.nl_pid, 0);
	CHECK_EQ("NLMSG_NOOP without NLM_F_ACK", nl_send(fd, NLMSG_NOOP, NLM_F_REQUEST, 12, &g, 1), 20);
	CHECK_EQ("RTM_GETLINK without NLM_F_REQUEST", nl_send(fd, RTM_GETLINK, NLM_F_DUMP, 12, &g, 1), 20);
	CHECK_ERR("  no answer", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ("  but an ack if asked", nl_send(fd, RTM_GETLINK, NLM_F_ACK, 13, &g, 1), 20);
	CHECK_EQ("  (36 bytes)", nl_recv(fd, &from), 36);
	CHECK_EQ("  error 0", E->error, 0);
	CHECK_EQ("an unknown type", nl_send(fd, 1000, NLM_F_REQUEST, 14, &g, 1), 20);
	CHECK_EQ("  NLMSG_ERROR with the request", nl_recv(fd, &from), 16 + 4 + 20);
	CHECK_EQ("  EOPNOTSUPP", E->error, -EOPNOTSUPP);
	CHECK_EQ("  no flags", H->nlmsg_flags, 0);
	CHECK_EQ("  its length", H->nlmsg_len, 40);
	CHECK_EQ("a get with no family byte", nl_send(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 15, &g, 0), 16);
	CHECK_EQ("  is acknowledged, 0", nl_recv(fd, &from), 36);
	CHECK_EQ("  0", E->error, 0);
	int one = 1;
	CHECK_OK0("NETLINK_CAP_ACK", setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one));
	nl_send(fd, 1000, NLM_F_REQUEST, 16, &g, 1);
	CHECK_EQ("  an error without the request", nl_recv(fd, &from), 36);
	CHECK_EQ("  EOPNOTSUPP", E->error, -EOPNOTSUPP);
	CHECK_EQ("  NLM_F_CAPPED", H->nlmsg_flags, NLM_F_CAPPED);

	CHECK_OK0("NETLINK_EXT_ACK", setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one));
	nl_send(fd, RTM_GETLINK, NLM_F_REQUEST, 17, &g, 1);
	ssize_t n = nl_recv(fd, &from);
	CHECK_EQ("  a get link with a short header: EINVAL", E->error, -EINVAL);
	CHECK_EQ("  NLM_F_CAPPED | NLM_F_ACK_TLVS", H->nlmsg_flags, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	CHECK_EQ("  the length", H->nlmsg_len, (uint32_t)n);
	const struct rtattr *t = (const void *)(rbuf + 36);
	CHECK_EQ("  NLMSGERR_ATTR_MSG", n > 40 ? t->rta_type : 0, NLMSGERR_ATTR_MSG);
	CHECK_STR("  its text", n > 40 ? (char *)RTA_DATA(t) : "", "Invalid header for get link");
	nl_send(fd, 1000, NLM_F_REQUEST, 18, &g, 1);
	CHECK_EQ("  an error without text", nl_recv(fd, &from), 36);
	CHECK_EQ("  NLM_F_CAPPED only", H->nlmsg_flags, NLM_F_CAPPED);
	int zero = 0;
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &zero, sizeof zero);
	nl_send(fd, RTM_GETLINK, NLM_F_REQUEST, 19, &g, 1);
	n = nl_recv(fd, &from);
	CHECK_EQ("  uncapped: the request, then the text", n, 36 + 4 + 4 + 28);
	CHECK_EQ("  NLM_F_ACK_TLVS", H->nlmsg_flags, NLM_F_ACK_TLVS);
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);

	/* several requests in one datagram, and bytes too few for another */
	char buf[128] = { 0 };
	struct nlmsghdr *a = (void *)buf, *b = (void *)(buf + 20);
	*a = (struct nlmsghdr){ 17, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 21, 0 };
	*b = (struct nlmsghdr){ 17, 1000, NLM_F_REQUEST, 22, 0 };
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	CHECK_EQ("two requests and 12 bytes in one datagram", sendto(fd, buf, 52, 0, (struct sockaddr *)&k, sizeof k), 52);
	CHECK_EQ("  the first's ack", nl_recv(fd, &from), 36);
	CHECK_EQ("  seq 21", H->nlmsg_seq, 21);
	CHECK_EQ("  the second's error", nl_recv(fd, &from), 36);
	CHECK_EQ("  seq 22", H->nlmsg_seq, 22);
	CHECK_EQ("  EOPNOTSUPP", E->error, -EOPNOTSUPP);
	CHECK_ERR("  nothing more", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), EAGAIN);
	*b = (struct nlmsghdr){ 200, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 23, 0 };
	CHECK_EQ("a message longer than the datagram", sendto(fd, buf, 52, 0, (struct sockaddr *)&k, sizeof k), 52);
	CHECK_EQ("  only the first is answered", nl_recv(fd, &from), 36);
	CHECK_ERR("  nothing more", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), EAGAIN);

	/* two dumps at once */
	*a = (struct nlmsghdr){ 17, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 31, 0 };
	*b = (struct nlmsghdr){ 17, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 32, 0 };
	CHECK_EQ("two dump requests in one datagram", sendto(fd, buf, 40, 0, (struct sockaddr *)&k, sizeof k), 40);
	int busy = 0, done = 0;
	for (int i = 0; i < 50 && !done; i++) {
		ssize_t n = nl_recv(fd, &from);
		if (n <= 0)
			break;
		for (struct nlmsghdr *h = (void *)rbuf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq == 32)
				busy = ((struct nlmsgerr *)NLMSG_DATA(h))->error == -EBUSY;
			if (h->nlmsg_type == NLMSG_DONE)
				done = h->nlmsg_seq;
		}
	}
	CHECK("  the second: EBUSY", busy);
	CHECK_EQ("  the first ends", done, 31);
	CHECK_ERR("  nothing more", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), EAGAIN);
}

static void peek_trunc(void)
{
	int fd = nlsock(NETLINK_ROUTE);
	struct rtgenmsg g = { AF_UNSPEC };
	struct sockaddr_nl from;
	socklen_t fl = sizeof from;
	nl_send(fd, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 1, &g, 1);
	char small[10];
	CHECK_EQ("MSG_PEEK", recv(fd, rbuf, sizeof rbuf, MSG_PEEK), 36);
	CHECK_EQ("MSG_PEEK | MSG_TRUNC into 10 bytes", recv(fd, small, sizeof small, MSG_PEEK | MSG_TRUNC), 36);
	struct iovec iov = { small, sizeof small };
	struct msghdr m = { .msg_name = &from, .msg_namelen = fl, .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ("recvmsg into 10 bytes", recvmsg(fd, &m, 0), 10);
	CHECK_EQ("  MSG_TRUNC", m.msg_flags, MSG_TRUNC);
	CHECK_EQ("  the source's length", m.msg_namelen, sizeof from);
	CHECK_ERR("  the rest is gone", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), EAGAIN);
	CHECK_ERR("MSG_OOB", recv(fd, rbuf, sizeof rbuf, MSG_OOB | MSG_DONTWAIT), EOPNOTSUPP);
	CHECK_ERR("send MSG_OOB", send(fd, rbuf, 20, MSG_OOB), EOPNOTSUPP);
	struct sockaddr_nl k = { .nl_family = AF_INET };
	CHECK_ERR("sendto: AF_INET", sendto(fd, rbuf, 20, 0, (struct sockaddr *)&k, sizeof k), EINVAL);
	k.nl_family = AF_NETLINK;
	CHECK_ERR("sendto: short", sendto(fd, rbuf, 20, 0, (struct sockaddr *)&k, 8), EINVAL);
	int v = 4096;
	CHECK_OK0("SO_SNDBUF 4096", setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
	static char big[9000];
	CHECK_ERR("a datagram past SO_SNDBUF - 32", send(fd, big, 8192 - 31, 0), EMSGSIZE);
	CHECK_EQ("  one of SO_SNDBUF - 32", send(fd, big, 8192 - 32, 0), 8192 - 32);
	CHECK_ERR("  (zeros: no message)", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ("write is a send", write(fd, big, 20), 20);
}

static void options(void)
{
	int fd = nlsock(NETLINK_ROUTE), v = 1;
	socklen_t n = sizeof v;
	int opts[] = { NETLINK_EXT_ACK, NETLINK_CAP_ACK, NETLINK_GET_STRICT_CHK, NETLINK_NO_ENOBUFS,
		       NETLINK_PKTINFO, NETLINK_BROADCAST_ERROR };
	for (unsigned i = 0; i < sizeof opts / sizeof opts[0]; i++) {
		v = 7;
		n = sizeof v;
		CHECK_OK0("getsockopt", getsockopt(fd, SOL_NETLINK, opts[i], &v, &n));
		CHECK_EQ("  off", v, 0);
		v = 5;
		CHECK_OK0("setsockopt 5", setsockopt(fd, SOL_NETLINK, opts[i], &v, sizeof v));
		CHECK_OK0("getsockopt", getsockopt(fd, SOL_NETLINK, opts[i], &v, &n));
		CHECK_EQ("  1", v, 1);
		CHECK_EQ("  4 bytes", n, 4);
		CHECK_OK0("setsockopt, 2 bytes: off", setsockopt(fd, SOL_NETLINK, opts[i], &v, 2));
		CHECK_OK0("getsockopt", getsockopt(fd, SOL_NETLINK, opts[i], &v, &n));
		CHECK_EQ("  0", v, 0);
	}
	n = 2;
	CHECK_ERR("getsockopt into 2 bytes", getsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &v, &n), EINVAL);
	n = sizeof v;
	CHECK_ERR("NETLINK_RX_RING", setsockopt(fd, SOL_NETLINK, NETLINK_RX_RING, &v, sizeof v), ENOPROTOOPT);
	CHECK_ERR("option 99", setsockopt(fd, SOL_NETLINK, 99, &v, sizeof v), ENOPROTOOPT);
	CHECK_ERR("option 99 get", getsockopt(fd, SOL_NETLINK, 99, &v, &n), ENOPROTOOPT);
	CHECK_ERR("SOL_IP", setsockopt(fd, SOL_IP, 1, &v, sizeof v), ENOPROTOOPT);
	uint32_t words[4] = { 0 };
	n = sizeof words;
	CHECK_OK0("NETLINK_LIST_MEMBERSHIPS, none asked for", getsockopt(fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, words, &n));
	CHECK_EQ("  no length", n, 0);
	v = RTNLGRP_LINK;
	CHECK_OK0("NETLINK_ADD_MEMBERSHIP RTNLGRP_LINK", setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &v, sizeof v));
	v = RTNLGRP_IPV4_IFADDR;
	CHECK_OK0("  RTNLGRP_IPV4_IFADDR", setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &v, sizeof v));
	v = 0;
	CHECK_ERR("  group 0", setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &v, sizeof v), EINVAL);
	v = 1000;
	CHECK_ERR("  group 1000", setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &v, sizeof v), EINVAL);
	n = sizeof words;
	CHECK_OK0("NETLINK_LIST_MEMBERSHIPS", getsockopt(fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, words, &n));
	CHECK("  a length", n >= 4 && n % 4 == 0);
	CHECK_EQ("  the groups", words[0], (1u << (RTNLGRP_LINK - 1)) | (1u << (RTNLGRP_IPV4_IFADDR - 1)));
	struct sockaddr_nl s;
	socklen_t sl = sizeof s;
	getsockname(fd, (struct sockaddr *)&s, &sl);
	CHECK_EQ("  getsockname shows them", s.nl_groups, (1u << (RTNLGRP_LINK - 1)) | (1u << (RTNLGRP_IPV4_IFADDR - 1)));
	v = RTNLGRP_LINK;
	CHECK_OK0("NETLINK_DROP_MEMBERSHIP", setsockopt(fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &v, sizeof v));
	struct sockaddr_nl k = { .nl_family = AF_NETLINK, .nl_groups = 1 << (RTNLGRP_NEIGH - 1) };
	CHECK_OK0("bind with groups (replaces the first 32)", bind(fd, (struct sockaddr *)&k, sizeof k));
	n = sizeof words;
	getsockopt(fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, words, &n);
	CHECK_EQ("  the groups", words[0], 1u << (RTNLGRP_NEIGH - 1));
	v = 1;
	n = sizeof v;
	CHECK_OK0("SO_RCVBUF 4096", setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 4096 }, sizeof v));
	CHECK_OK0("  read back", getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &n));
	CHECK_EQ("  doubled", v, 8192);
}

static void overrun(void)
{
	int fd = nlsock(NETLINK_ROUTE), v = 1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	struct rtgenmsg g = { AF_UNSPEC };
	for (int i = 0; i < 200; i++)
		nl_send(fd, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, i, &g, 1);
	struct pollfd p = { fd, POLLIN, 0 };
	CHECK_EQ("poll: POLLERR", poll(&p, 1, 0), 1);
	CHECK_EQ("  and POLLIN", p.revents, POLLIN | POLLERR);
	CHECK_ERR("the first read: ENOBUFS", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), ENOBUFS);
	int acks = 0;
	while (recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT) == 36)
		acks++;
	CHECK("  then some acks, not all", acks > 0 && acks < 200);
	CHECK_EQ("  the last read", errno, EAGAIN);
	nl_send(fd, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 300, &g, 1);
	CHECK_EQ("once read empty, acks come again", recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT), 36);
	CHECK_OK0("NETLINK_NO_ENOBUFS", setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &v, sizeof v));
	for (int i = 0; i < 200; i++)
		nl_send(fd, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, i, &g, 1);
	acks = 0;
	while (recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT) == 36)
		acks++;
	CHECK("  some acks, not all, no error", acks > 0 && acks < 200 && errno == EAGAIN);
}

static void polling(void)
{
	int fd = nlsock(NETLINK_ROUTE);
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
	CHECK_EQ("poll: writable", poll(&p, 1, 0), 1);
	CHECK_EQ("  POLLOUT", p.revents, POLLOUT);
	struct rtgenmsg g = { AF_UNSPEC };
	nl_send(fd, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 1, &g, 1);
	CHECK_EQ("after a dump request", poll(&p, 1, 0), 1);
	CHECK_EQ("  POLLIN | POLLOUT", p.revents, POLLIN | POLLOUT);
	if (fork() == 0) {
		/* a reader that sleeps until an ack comes */
		char b[64];
		_exit(recv(fd, b, sizeof b, 0) > 0 ? 0 : 1);
	}
	int st;
	wait(&st);
	CHECK_EQ("a blocking read", WIFEXITED(st) && WEXITSTATUS(st) == 0, 1);
}

/* NETLINK_USERSOCK: no kernel end; processes talk to each other. */
static void usersock(void)
{
	int a = nlsock(NETLINK_USERSOCK), b = nlsock(NETLINK_USERSOCK), c = nlsock(NETLINK_USERSOCK);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	bind(a, (struct sockaddr *)&k, sizeof k);
	bind(b, (struct sockaddr *)&k, sizeof k);
	k.nl_groups = 1 << 2;
	CHECK_OK0("c joins group 3 with bind", bind(c, (struct sockaddr *)&k, sizeof k));
	k.nl_groups = 0;
	k.nl_pid = portid_of(b);
	CHECK_EQ("a -> b", sendto(a, "hello", 5, 0, (struct sockaddr *)&k, sizeof k), 5);
	struct sockaddr_nl from;
	socklen_t fl = sizeof from;
	char buf[64] = { 0 };
	CHECK_EQ("b reads", recvfrom(b, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &fl), 5);
	CHECK_STR("  the data", buf, "hello");
	CHECK_EQ("  from a", from.nl_pid, portid_of(a));
	CHECK_EQ("  no group", from.nl_groups, 0);
	k.nl_pid = 0;
	CHECK_ERR("to port 0: no kernel end", sendto(a, "x", 1, 0, (struct sockaddr *)&k, sizeof k), ECONNREFUSED);
	k.nl_pid = 0x7ffffff0;
	CHECK_ERR("to a port nobody has", sendto(a, "x", 1, 0, (struct sockaddr *)&k, sizeof k), ECONNREFUSED);
	k.nl_pid = portid_of(b);
	k.nl_groups = 1 << 2;
	CHECK_EQ("to b and group 3", sendto(a, "grp", 3, 0, (struct sockaddr *)&k, sizeof k), 3);
	fl = sizeof from;
	CHECK_EQ("  c reads", recvfrom(c, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &fl), 3);
	CHECK_EQ("  the group", from.nl_groups, 1 << 2);
	CHECK_EQ("  b reads", recvfrom(b, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &fl), 3);
	CHECK_EQ("  the group", from.nl_groups, 1 << 2);
	k.nl_pid = 0;
	CHECK_ERR("to group 3 only: port 0 refuses", sendto(a, "g2", 2, 0, (struct sockaddr *)&k, sizeof k), ECONNREFUSED);
	CHECK_EQ("  c got it all the same", recv(c, buf, sizeof buf, MSG_DONTWAIT), 2);
	k.nl_groups = 0;
	k.nl_pid = portid_of(a);
	CHECK_OK0("b connects to a", connect(b, (struct sockaddr *)&k, sizeof k));
	CHECK_EQ("  send to a", send(b, "con", 3, 0), 3);
	CHECK_EQ("  a reads", recv(a, buf, sizeof buf, MSG_DONTWAIT), 3);
	k.nl_pid = portid_of(b);
	CHECK_ERR("c -> b, connected to a: refused", sendto(c, "x", 1, 0, (struct sockaddr *)&k, sizeof k), ECONNREFUSED);
	fl = sizeof from;
	CHECK_OK0("getpeername", getpeername(b, (struct sockaddr *)&from, &fl));
	CHECK_EQ("  a", from.nl_pid, portid_of(a));
	int v = 1;
	setsockopt(a, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	int sent = 0;
	while (sent < 1000 && send(b, buf, 64, MSG_DONTWAIT) == 64)
		sent++;
	CHECK("a full queue: EAGAIN", sent > 0 && sent < 1000 && errno == EAGAIN);
	CHECK_ERR("  and no ENOBUFS for a", recv(a, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT) < 0 ? -1 : (errno = EAGAIN, -1), EAGAIN);
	close(a);
	CHECK_ERR("a closed: refused", send(b, buf, 1, MSG_DONTWAIT), ECONNREFUSED);
}

int main(void)
{
	RUN(create);
	RUN(names);
	RUN(getlink_dump);
	RUN(getlink_one);
	RUN(getaddr);
	RUN(getroute);
	RUN(acks);
	RUN(peek_trunc);
	RUN(options);
	RUN(overrun);
	RUN(polling);
	RUN(usersock);
	return cases_failed ? 1 : 0;
}
