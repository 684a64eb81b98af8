/* t_slab_guest - guest only: /proc/slabinfo, /proc/sys/vm/drop_caches and
 * the exact memory account they give (tests/guest/kmem.h): a child that
 * takes pipes, files, sockets and message queues shows while it holds them
 * and leaves nothing once it has exited. The counts differ from run to run
 * and Linux's never settle, so this runs in Pipit only. */
#include "check.h"
#include "kmem.h"
#include <sys/msg.h>
#include <sys/socket.h>

static void interface(void)
{
	char buf[64] = { 0 };
	int fd = open("/proc/slabinfo", O_RDONLY);
	CHECK("/proc/slabinfo opens for root", fd >= 0);
	if (fd >= 0) {
		CHECK("it reads", read(fd, buf, sizeof buf - 1) > 0);
		CHECK("its first line is Linux's version 2.1 header", !strncmp(buf, "slabinfo - version: 2.1\n", 24));
		close(fd);
	}
	CHECK_ERR("drop_caches is not readable, even by root", open("/proc/sys/vm/drop_caches", O_RDONLY), EACCES);
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	CHECK("drop_caches opens for writing", fd >= 0);
	CHECK_ERR("write 0 -> EINVAL", write(fd, "0", 1), EINVAL);
	CHECK_ERR("write 5 -> EINVAL", write(fd, "5\n", 2), EINVAL);
	CHECK_ERR("write x -> EINVAL", write(fd, "x", 1), EINVAL);
	CHECK_ERR("bad buffer -> EFAULT", write(fd, (void *)0xC0000000, 2), EFAULT);
	CHECK_EQ("write 3\\n -> 2", write(fd, "3\n", 2), 2);
	CHECK_EQ("write 1 -> 1", write(fd, "1", 1), 1);
	close(fd);
	fd = open("/proc/meminfo", O_RDONLY);
	char mi[4096] = { 0 };   /* Slab is line 23, as on Linux */
	CHECK("meminfo reads", fd >= 0 && read(fd, mi, sizeof mi - 1) > 0);
	CHECK("meminfo has a Slab line", strstr(mi, "\nSlab:") != NULL);
	close(fd);
}

static void unprivileged(void)
{
	CHECK_ERR("uid 1000: /proc/slabinfo -> EACCES", open("/proc/slabinfo", O_RDONLY), EACCES);
	CHECK_ERR("uid 1000: drop_caches -> EACCES", open("/proc/sys/vm/drop_caches", O_WRONLY), EACCES);
}

/* Sends fd over the socket `sock` (SCM_RIGHTS) and closes it here: it
 * lives on in flight until the socket's last close. */
static void send_and_close(int sock, int fd)
{
	char byte = 'f';
	struct iovec iov = { &byte, 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	sendmsg(sock, &mh, 0);
	close(fd);
}

/* Takes kernel objects of many kinds; with `hold`, tells the parent through
 * fd `tell` and waits on `wait_fd` before exiting. A pipe's inode, pipe and
 * ends are one allocation (ipc/pipe.c: struct pipe_bundle), freed with
 * the last of them: the pipes here end in every order (the read end first
 * at exit, the write end first, an end outliving both descriptors in a
 * socket's queue). */
static void take_objects(int tell, int wait_fd)
{
	int p[2], s[2];
	for (int i = 0; i < 60; i++) {
		if (pipe(p) == 0)
			write(p[1], "data", 4);
		if (pipe(p) == 0) {
			write(p[1], "x", 1);
			close(p[1]);
			int d = dup(p[0]);
			close(p[0]);
			close(d);
		}
		if (pipe(p) == 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0) {
			send_and_close(s[0], p[i & 1]);
			close(p[!(i & 1)]);
			close(s[0]);
			close(s[1]);
		}
		if (socketpair(AF_UNIX, i & 1 ? SOCK_DGRAM : SOCK_STREAM, 0, s) == 0)
			write(s[0], "hello", 5);
	}
	char name[64];
	snprintf(name, sizeof name, "/tmp/t_slab.%d", (int)getpid());
	mkdir(name, 0755);
	for (int i = 0; i < 20; i++) {
		char f[96];
		snprintf(f, sizeof f, "%s/f%d", name, i);
		int fd = open(f, O_CREAT | O_WRONLY, 0644);
		static char block[10000];
		write(fd, block, sizeof block);
		close(fd);
		unlink(f);
	}
	rmdir(name);
	int q = msgget(IPC_PRIVATE, 0600);
	struct { long type; char text[100]; } m = { 1, "x" };
	msgsnd(q, &m, sizeof m.text, 0);
	if (tell >= 0) {
		write(tell, "x", 1);
		char c;
		read(wait_fd, &c, 1);
	}
	msgctl(q, IPC_RMID, NULL);
	_exit(0);
}

static void account(void)
{
	struct kmem a, b, c;
	char why[256];
	memset(&c, 0, sizeof c);                   /* every page the counting touches, first */
	memset(&b, 0, sizeof b);
	CHECK_EQ("the account can be taken", kmem_take(&a), 0);
	int up[2], down[2];
	pipe(up);
	pipe(down);
	pid_t pid = fork();
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		take_objects(up[1], down[0]);
	}
	close(up[1]);
	close(down[0]);
	char ch;
	read(up[0], &ch, 1);
	kmem_take(&b);
	int held = kmem_diff(&a, &b, why, sizeof why);
	CHECK("a child holding pipes, sockets and a queue shows in the account", held > 0);
	write(down[1], "x", 1);
	wait_for(pid);
	close(up[0]);
	close(down[1]);
	kmem_take(&b);
	for (int i = 0; i < 5; i++) {               /* the same work again, five times */
		pid = fork();
		if (pid == 0)
			take_objects(-1, -1);
		wait_for(pid);
	}
	kmem_take(&c);
	if (kmem_diff(&b, &c, why, sizeof why) == 0)
		pass("five more children: pages and kmalloc objects exactly as before");
	else
		fail("five more children: pages and kmalloc objects exactly as before", "%s", why);
}

static void unprivileged_case(void) { as_uid1000(unprivileged); }

int main(void)
{
	RUN(interface);
	RUN(unprivileged_case);
	RUN(account);
	return cases_failed || check_failed ? 1 : 0;
}
