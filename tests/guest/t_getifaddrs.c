/* t_getifaddrs - differential test of the C library's interface calls
 * over AF_NETLINK (musl's getifaddrs and if_nameindex ask NETLINK_ROUTE
 * for RTM_GETLINK and RTM_GETADDR dumps; glibc's too, and this test is
 * also built against glibc): lo's link entry (AF_PACKET: its index, type,
 * flags, hardware addresses, counters) and its IPv4 address with the
 * netmask, if_nameindex's lo, if_nametoindex and if_indextoname. The
 * host may have more devices: only lo is printed. */
#include "check.h"
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netpacket/packet.h>
#include <sys/socket.h>

static void lo_entries(void)
{
	struct ifaddrs *list;
	CHECK_OK0("getifaddrs", getifaddrs(&list));
	int packet = 0, inet = 0;
	for (struct ifaddrs *i = list; i; i = i->ifa_next) {
		if (strcmp(i->ifa_name, "lo") || !i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_PACKET) {
			struct sockaddr_ll *ll = (struct sockaddr_ll *)i->ifa_addr;
			packet++;
			say("lo AF_PACKET flags %#x ifindex %d hatype %d halen %d\n", i->ifa_flags,
			    ll->sll_ifindex, ll->sll_hatype, ll->sll_halen);
			CHECK("  counters", i->ifa_data != NULL);
			if (i->ifa_data) {
				uint32_t *st = i->ifa_data;   /* struct rtnl_link_stats: rx, tx packets */
				CHECK("  as many received as sent", st[0] == st[1]);
			}
		} else if (i->ifa_addr->sa_family == AF_INET) {
			char a[32], m[32] = "none";
			inet++;
			inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, a, sizeof a);
			if (i->ifa_netmask)
				inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, m, sizeof m);
			say("lo AF_INET flags %#x address %s netmask %s\n", i->ifa_flags, a, m);
		}
	}
	CHECK_EQ("one AF_PACKET entry for lo", packet, 1);
	CHECK_EQ("one AF_INET entry for lo", inet, 1);
	freeifaddrs(list);
}

static void nameindex(void)
{
	struct if_nameindex *ni = if_nameindex();
	CHECK("if_nameindex", ni != NULL);
	int lo = 0, n = 0;
	for (struct if_nameindex *p = ni; p && p->if_index; p++, n++)
		lo += !strcmp(p->if_name, "lo") && p->if_index == 1;
	CHECK_EQ("  lo is 1, once", lo, 1);
	CHECK("  some devices", n >= 1);
	if_freenameindex(ni);
	CHECK_EQ("if_nametoindex(lo)", if_nametoindex("lo"), 1);
	errno = 0;
	CHECK_EQ("if_nametoindex(nosuch0)", if_nametoindex("nosuch0"), 0);
	CHECK_EQ("  ENODEV", errno, ENODEV);
	char name[IF_NAMESIZE] = "";
	CHECK("if_indextoname(1)", if_indextoname(1, name) != NULL);
	CHECK_STR("  lo", name, "lo");
}

int main(void)
{
	RUN(lo_entries);
	RUN(nameindex);
	return cases_failed ? 1 : 0;
}
