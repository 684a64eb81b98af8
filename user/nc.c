/* nc: a small netcat. It connects to HOST PORT (or with -l waits for one
 * connection on PORT) and copies standard input to the socket and the
 * socket to standard output until both ends are done; -u uses UDP
 * datagrams instead of a TCP stream. The client of inetd's services. */
#include "util.h"
#include <poll.h>
#include <stdbool.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* HOST: a dotted address or "localhost"; false when it is neither. */
static bool host_addr(const char *host, struct in_addr *a)
{
	if (!strcmp(host, "localhost"))
		host = "127.0.0.1";
	return inet_aton(host, a) != 0;
}

/* Copies both ways until the socket's end: standard input's end is passed
 * on as a shutdown (TCP) and the socket is read to its end; UDP has no
 * end, so after standard input's the answers are awaited until a second
 * passes without one. Returns the exit status. */
static int relay(int s, bool udp)
{
	struct pollfd p[2] = { { 0, POLLIN, 0 }, { s, POLLIN, 0 } };
	char buf[4096];
	for (;;) {
		int r = poll(p, 2, udp && p[0].fd < 0 ? 1000 : -1);
		if (r == 0)
			return 0;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err_msg("poll: %s", strerror(errno));
			return 1;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(s, buf, sizeof buf);
			if (n < 0 && !udp) {
				err_msg("read: %s", strerror(errno));
				return 1;
			}
			if (n == 0 && !udp)
				return 0;
			if (n > 0 && write_all(1, buf, n) < 0)
				return 1;
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(0, buf, sizeof buf);
			if (n <= 0) {
				if (!udp)
					shutdown(s, SHUT_WR);
				p[0].fd = -1;
			} else if (write_all(s, buf, n) < 0) {
				err_msg("write: %s", strerror(errno));
				return 1;
			}
		}
	}
}

/* -l: one client on port; a UDP "client" is whoever sends the first
 * datagram, which is printed. The connected socket, or -1. */
static int listen_once(int type, uint16_t port)
{
	int l = socket(AF_INET, type, 0), one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || (type == SOCK_STREAM && listen(l, 1) < 0)) {
		err_msg("port %u: %s", port, strerror(errno));
		return -1;
	}
	if (type == SOCK_STREAM) {
		int c = accept(l, NULL, NULL);
		close(l);
		return c;
	}
	char buf[4096];
	struct sockaddr_in from;
	socklen_t n = sizeof from;
	ssize_t k = recvfrom(l, buf, sizeof buf, 0, (struct sockaddr *)&from, &n);
	if (k < 0 || connect(l, (struct sockaddr *)&from, n) < 0)
		return -1;
	write_all(1, buf, k);
	return l;
}

int main(int argc, char **argv)
{
	static const struct prog_help help = {
		"[-u] HOST PORT\n   or: nc -l [-u] PORT",
		"Connect to HOST (a dotted address or localhost) at PORT, or with -l wait\n"
		"for one connection on PORT; then copy standard input to the connection\n"
		"and the connection to standard output.\n"
		"\n"
		"  -l    listen for one connection instead of connecting\n"
		"  -u    UDP datagrams instead of a TCP stream\n",
		1, 0,
	};
	prog_init("nc", argc, argv, &help);
	int listen_mode = 0, udp = 0;
	int *const flags[] = { &listen_mode, &udp };
	flag_options(argc, argv, "lu", flags, 1);
	int want = listen_mode ? 1 : 2;
	if (argc - optind < want) {
		err_msg("missing operand");
		usage_exit(1);
	}
	if (argc - optind > want) {
		err_msg("extra operand '%s'", argv[optind + want]);
		usage_exit(1);
	}
	int port = number_arg(argv[argc - 1], 1, 65535);
	int type = udp ? SOCK_DGRAM : SOCK_STREAM, s;
	if (listen_mode) {
		s = listen_once(type, (uint16_t)port);
	} else {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
		if (!host_addr(argv[optind], &a.sin_addr)) {
			err_msg("%s: unknown host", argv[optind]);
			return 1;
		}
		s = socket(AF_INET, type, 0);
		if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
			err_msg("%s %d: %s", argv[optind], port, strerror(errno));
			return 1;
		}
	}
	return s < 0 ? 1 : relay(s, udp);
}
