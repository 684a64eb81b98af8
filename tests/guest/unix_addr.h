/* unix_addr.h - what the UNIX socket tests share: a sockaddr_un for a path
 * (and its length, the path's NUL included), bind_path and connect_path,
 * BAD, a pointer that gives EFAULT, hidden from gcc so that it cannot see
 * the call is bad, send_fds, a send with descriptors (SCM_RIGHTS), and
 * revents, a poll that does not wait. */
#ifndef UNIX_ADDR_H
#define UNIX_ADDR_H

#include <stddef.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
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

/* bind or connect (op) fd to the name path; op's result. */
static int at_path(int fd, const char *path, int (*op)(int, const struct sockaddr *, socklen_t))
{
	socklen_t len;
	struct sockaddr_un a = addr_of(path, &len);
	return op(fd, (struct sockaddr *)&a, len);
}

__attribute__((unused))
static int bind_path(int fd, const char *path) { return at_path(fd, path, bind); }

__attribute__((unused))
static int connect_path(int fd, const char *path) { return at_path(fd, path, connect); }

/* The events of fd now (poll without waiting), or -1. */
__attribute__((unused))
static short revents(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };
	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

/* Sends len bytes of data with the n descriptors in fds (none: n == 0,
 * at most 300). sendmsg's result. */
__attribute__((unused))
static ssize_t send_fds(int sock, const void *data, size_t len, const int *fds, int n)
{
	union { char b[CMSG_SPACE(sizeof(int) * 300)]; struct cmsghdr align; } ctl;
	struct iovec iov = { (void *)data, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (n) {
		memset(&ctl, 0, sizeof ctl);
		m.msg_control = ctl.b;
		m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	return sendmsg(sock, &m, 0);
}

#endif
