/* sock_chain.h - what t_hostile_sockrec and its _guest twin share: a
 * chain of UNIX socket pairs, each pair's queue holding both ends of the
 * pair before it (SCM_RIGHTS), DEPTH long; and system_works, a check that
 * new sockets still carry data. */
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

/* A new socketpair of `type` carries a byte both ways. */
__attribute__((unused))
static bool system_works(int type)
{
	int s[2];
	char c = 0, d = 0;
	if (socketpair(AF_UNIX, type, 0, s) < 0)
		return false;
	bool ok = write(s[0], "x", 1) == 1 && read(s[1], &c, 1) == 1 && c == 'x' &&
		  write(s[1], "y", 1) == 1 && read(s[0], &d, 1) == 1 && d == 'y';
	close(s[0]);
	close(s[1]);
	return ok;
}

#endif
