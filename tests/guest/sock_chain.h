/* sock_chain.h - what t_hostile_sockrec, its _guest twin and
 * t_scm_gc_guest share: a chain of UNIX socket pairs, each pair's queue
 * holding both ends of the pair before it (SCM_RIGHTS), DEPTH long; and
 * talks and system_works, checks that sockets still carry data. */
#ifndef SOCK_CHAIN_H
#define SOCK_CHAIN_H

#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>
#include "unix_addr.h"

#define DEPTH 1000

static const int chain_types[3] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };

/* Builds `n` pairs of `type` (0: the three types in turn), pair k's queue
 * holding both ends of pair k-1, whose descriptors are then closed: only
 * the newest pair (in s) has descriptors. true when every step worked. */
__attribute__((unused))
static bool build_chain(int n, int type, int s[2])
{
	int prev[2] = { -1, -1 };
	for (int k = 0; k < n; k++) {
		if (socketpair(AF_UNIX, type ? type : chain_types[k % 3], 0, s) < 0)
			return false;
		if (k > 0) {
			if (send_fds(s[1], "f", 1, prev, 2) != 1)
				return false;
			close(prev[0]);
			close(prev[1]);
		}
		prev[0] = s[0];
		prev[1] = s[1];
	}
	return true;
}

/* a and b (connected) carry a byte both ways. */
__attribute__((unused))
static bool talks(int a, int b)
{
	char c = 0, d = 0;
	return write(a, "x", 1) == 1 && read(b, &c, 1) == 1 && c == 'x' &&
	       write(b, "y", 1) == 1 && read(a, &d, 1) == 1 && d == 'y';
}

/* A new socketpair of `type` still works. */
__attribute__((unused))
static bool system_works(int type)
{
	int s[2];
	if (socketpair(AF_UNIX, type, 0, s) < 0)
		return false;
	bool ok = talks(s[0], s[1]);
	close(s[0]);
	close(s[1]);
	return ok;
}

#endif
