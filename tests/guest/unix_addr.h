/* unix_addr.h - what the UNIX socket tests share: a sockaddr_un for a path
 * (and its length, the path's NUL included) and BAD, a pointer that gives
 * EFAULT, hidden from gcc so that it cannot see the call is bad. */
#ifndef UNIX_ADDR_H
#define UNIX_ADDR_H

#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

static void *volatile bad_ptr = (void *)8;   /* EFAULT; opaque to gcc */
#define BAD ((void *)bad_ptr)

__attribute__((unused))
static struct sockaddr_un addr_of(const char *path, socklen_t *len)
{
	struct sockaddr_un a;
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	strncpy(a.sun_path, path, sizeof a.sun_path - 1);
	*len = offsetof(struct sockaddr_un, sun_path) + strlen(a.sun_path) + 1;
	return a;
}

#endif
