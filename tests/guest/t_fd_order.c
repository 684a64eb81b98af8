/* t_fd_order - differential test of the calls that make descriptors, in
 * Linux's order: pipe2 and socketpair reserve and write both numbers
 * before filling them (a bad array: EFAULT and no descriptor left;
 * socketpair says EMFILE and EFAULT before its family's errors); accept4
 * checks EBADF, its flags, EMFILE, then ENOTSOCK; recvmsg's SCM_RIGHTS
 * gives back a number it cannot write and still succeeds with MSG_CTRUNC;
 * and open(O_DIRECT) of a /proc file lets the file's own open refuse
 * first. */
#include "check.h"
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

static int lowest_free(void)
{
	int fd = dup(0);
	close(fd);
	return fd;
}

/* An int[2] where the kernel cannot write. */
static int *read_only_pair(void)
{
	int *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void pipe_and_pair_efault(void)
{
	int low = lowest_free();
	int *ro = read_only_pair();
	CHECK_ERR("pipe2 into read-only memory", pipe2(ro, 0), EFAULT);
	CHECK_EQ("no descriptor left", lowest_free(), low);
	CHECK_ERR("socketpair into read-only memory", socketpair(AF_UNIX, SOCK_STREAM, 0, ro), EFAULT);
	CHECK_EQ("none left either", lowest_free(), low);
	CHECK_ERR("socketpair AF_INET, read-only memory: EFAULT first",
		  socketpair(AF_INET, SOCK_STREAM, 0, ro), EFAULT);
	int sv[2] = { -1, -1 };
	CHECK_ERR("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
	CHECK_EQ("none left", lowest_free(), low);
	CHECK_ERR("bad flags: EINVAL first", socketpair(AF_UNIX, SOCK_STREAM | 0x10000000, 0, ro), EINVAL);
}

static void full_table(void)
{
	struct rlimit r = { 16, 16 };
	CHECK_OK0("RLIMIT_NOFILE 16", setrlimit(RLIMIT_NOFILE, &r));
	while (dup(0) >= 0)
		;
	int sv[2];
	CHECK_ERR("socketpair AF_INET, a full table: EMFILE first", socketpair(AF_INET, SOCK_STREAM, 0, sv), EMFILE);
	CHECK_ERR("accept4 of a pipe, a full table: EMFILE before ENOTSOCK", accept4(0, NULL, NULL, 0), EMFILE);
}

static void accept_order(void)
{
	int p[2];
	CHECK_OK0("pipe", pipe(p));
	CHECK_ERR("accept4 of a closed descriptor", accept4(999, NULL, NULL, 0), EBADF);
	/* (musl's accept4 retries an EINVAL as accept: the raw call) */
	CHECK_ERR("accept4 of a pipe, bad flags: EINVAL first", syscall(SYS_accept4, p[0], NULL, NULL, 1), EINVAL);
	CHECK_ERR("accept4 of a pipe", accept4(p[0], NULL, NULL, 0), ENOTSOCK);
}

/* A descriptor passed into a control buffer the kernel cannot write. */
static void scm_unwritable(void)
{
	int sv[2], p[2];
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK0("pipe", pipe(p));
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct msghdr m = { 0 };
	struct iovec iov = { "x", 1 };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cbuf;
	m.msg_controllen = sizeof cbuf;
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[0], sizeof(int));
	CHECK_EQ("sendmsg", sendmsg(sv[0], &m, 0), 1);
	int low = lowest_free();
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char b;
	struct iovec riov = { &b, 1 };
	struct msghdr rm = { 0 };
	rm.msg_iov = &riov;
	rm.msg_iovlen = 1;
	rm.msg_control = ro;
	rm.msg_controllen = CMSG_SPACE(sizeof(int));
	CHECK_EQ("recvmsg still gets the byte", recvmsg(sv[1], &rm, 0), 1);
	CHECK("with MSG_CTRUNC", rm.msg_flags & MSG_CTRUNC);
	CHECK_EQ("and no descriptor left behind", lowest_free(), low);
}

static void o_direct_proc(void)
{
	CHECK_ERR("O_DIRECT write of a read-only sysctl: EACCES first",
		  open("/proc/sys/kernel/ostype", O_WRONLY | O_DIRECT), EACCES);
	CHECK_ERR("O_DIRECT read of it", open("/proc/sys/kernel/ostype", O_RDONLY | O_DIRECT), EINVAL);
}

int main(void)
{
	RUN(pipe_and_pair_efault);
	RUN(full_table);
	RUN(accept_order);
	RUN(scm_unwritable);
	RUN(o_direct_proc);
	return cases_failed ? 1 : 0;
}
