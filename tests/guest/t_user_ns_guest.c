/* t_user_ns_guest - guest only: Pipit's user namespaces from the kernel's
 * side. Namespaces made by unshare and clone, nested to the limit, with
 * maps of many lines, owning UTS, IPC, mount and time namespaces, joined
 * by setns and held by their files give back every page and object when
 * the last user goes (a chain of 33 is let go of without recursion);
 * hostile writes of the map files (bad pointers, sizes) fail cleanly.
 * (The host's memory cannot be measured this way.) */
#include "check.h"
#include "kmem.h"
#include <sched.h>
#include <sys/ioctl.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif
#define NS_GET_PARENT 0xb702

static int write_proc(const char *path, const void *text, size_t n)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t w = write(fd, text, n);
	int e = errno;
	close(fd);
	return w == (ssize_t)n ? 0 : w < 0 ? -e : -1000;
}

static void map_root(void)
{
	write_proc("/proc/self/uid_map", "0 0 1", 5);
	write_proc("/proc/self/setgroups", "deny", 4);
	write_proc("/proc/self/gid_map", "0 0 1", 5);
}

/* A chain of namespaces to the limit, each mapped, the last owning new
 * UTS, IPC, mount and time namespaces. */
static int nest_all(void)
{
	int n = 0;
	while (unshare(CLONE_NEWUSER) == 0) {
		map_root();
		n++;
	}
	if (n != 33 || unshare(CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWTIME))
		return -1;
	return 0;
}

/* The parent writes a 300-line map for a child's namespace. */
static int big_map(void)
{
	static char text[4096];
	int p[2], q[2], n = 0;
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		char x;
		unshare(CLONE_NEWUSER);
		write(p[1], "u", 1);
		read(q[0], &x, 1);
		_exit(0);
	}
	char x, path[64];
	read(p[0], &x, 1);
	for (int i = 0; i < 300; i++)
		n += snprintf(text + n, sizeof text - n, "%d %d 1\n", i * 3, i * 3 + 7);
	snprintf(path, sizeof path, "/proc/%d/uid_map", c);
	int r = write_proc(path, text, n);
	snprintf(path, sizeof path, "/proc/%d/gid_map", c);
	r |= write_proc(path, text, n);
	write(q[1], "g", 1);
	close(p[0]); close(p[1]); close(q[0]); close(q[1]);
	return wait_for(c) == 0 && r == 0 ? 0 : -1;
}

static bool namespaces_work(void)
{
	bool ok = true;
	for (int i = 0; i < 5; i++) {
		pid_t c = fork();
		if (c == 0)
			_exit(nest_all() == 0 && fork() >= 0 ? 0 : 1);
		ok = wait_for(c) == 0 && ok;
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
	ok = big_map() == 0 && ok;
	/* a namespace's file outlives its task, then goes */
	pid_t c = fork();
	if (c == 0) {
		int p[2];
		pipe(p);
		pid_t d = fork();
		if (d == 0) {
			nest_all();
			write(p[1], "u", 1);
			pause();
			_exit(0);
		}
		char x, path[64];
		read(p[0], &x, 1);
		snprintf(path, sizeof path, "/proc/%d/ns/user", d);
		int fd = open(path, O_RDONLY);
		kill(d, SIGKILL);
		wait_for(d);
		int up = ioctl(fd, NS_GET_PARENT);
		_exit(fd >= 0 && up >= 0 ? 0 : 1);
	}
	ok = wait_for(c) == 0 && ok;
	/* clone with CLONE_NEWUSER, and setns into it */
	c = fork();
	if (c == 0) {
		int p[2];
		pipe(p);
		long d = syscall(SYS_clone, CLONE_NEWUSER | CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
		if (d == 0) {
			write(p[1], "u", 1);
			pause();
			_exit(0);
		}
		char x, path[64];
		read(p[0], &x, 1);
		snprintf(path, sizeof path, "/proc/%ld/ns/user", d);
		int fd = open(path, O_RDONLY);
		int r = setns(fd, CLONE_NEWUSER);
		kill((pid_t)d, SIGKILL);
		wait_for((pid_t)d);
		_exit(r == 0 ? 0 : 1);
	}
	ok = wait_for(c) == 0 && ok;
	return ok;
}

static void account(void)
{
	kmem_account("nested user namespaces and what they own, made and let go of", namespaces_work, 3,
		     "the account exactly as before");
}

/* Bad writes of the map files: nothing is taken, the map is still
 * unwritten afterwards. */
static void hostile(void)
{
	CHECK_OK0("unshare", unshare(CLONE_NEWUSER));
	CHECK_EQ("a bad pointer: EFAULT", write_proc("/proc/self/uid_map", (void *)16, 5), -EFAULT);
	CHECK_EQ("a kernel pointer: EFAULT", write_proc("/proc/self/uid_map", (void *)0xC0100000, 5), -EFAULT);
	int fd = open("/proc/self/uid_map", O_WRONLY);
	CHECK_ERR("a huge count: EINVAL", write(fd, "0 0 1", 0x7FFFFFFF), EINVAL);
	close(fd);
	CHECK_EQ("setgroups, a bad pointer: EFAULT", write_proc("/proc/self/setgroups", (void *)16, 4), -EFAULT);
	static char nuls[4000];
	CHECK_EQ("NULs: EINVAL", write_proc("/proc/self/uid_map", nuls, sizeof nuls), -EINVAL);
	CHECK_EQ("still unwritten: a good map", write_proc("/proc/self/uid_map", "0 0 1", 5), 0);
	CHECK_EQ("getuid", getuid(), 0);
}

int main(void)
{
	RUN(account);
	RUN(hostile);
	return cases_failed ? 1 : 0;
}
