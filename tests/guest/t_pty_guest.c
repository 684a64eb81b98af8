/* t_pty_guest - what of the pseudo-terminals only Pipit can check, its
 * devpts being mounted with fixed options (docs/decisions.md, 63): a
 * slave node's mode 620, group tty and owner (the opener, also a user's),
 * ptmx's mode 000, the mount in /proc/mounts and mountinfo, the names
 * /proc/<pid>/fd gives the two ends, the 1024 ptys at most, and that
 * every pty's memory comes back. The host's devpts has options of its
 * own; t_pty and t_pty_job check the rest on both. */
#include "check.h"
#include "pty.h"
#include "kmem.h"
#include <sys/statfs.h>
#include <sys/resource.h>

static void slave_node(void)
{
	int m, s;
	char name[32];
	struct stat st;
	CHECK_OK0("a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, name));
	CHECK_OK0("stat of the slave", stat(name, &st));
	CHECK_MODE("mode 620", st.st_mode, S_IFCHR | 0620);
	CHECK_EQ("group tty (5)", st.st_gid, 5);
	CHECK_EQ("owner root", st.st_uid, 0);
	CHECK_OK0("stat of /dev/pts/ptmx", stat("/dev/pts/ptmx", &st));
	CHECK_MODE("ptmx: mode 000", st.st_mode, S_IFCHR | 0);
	CHECK_OK0("stat of /dev/ptmx", stat("/dev/ptmx", &st));
	CHECK_MODE("/dev/ptmx: mode 666", st.st_mode, S_IFCHR | 0666);
	CHECK_OK0("stat of /dev/pts", stat("/dev/pts", &st));
	CHECK_MODE("/dev/pts: 755", st.st_mode, S_IFDIR | 0755);
	CHECK_OK0("chmod of the slave", chmod(name, 0600));
	CHECK_OK0("... takes", stat(name, &st));
	CHECK_MODE("... mode 600", st.st_mode, S_IFCHR | 0600);
}

static void user_slave(void)
{
	int m, s;
	char name[32];
	struct stat st;
	CHECK_OK0("kunitz opens a pty", pty_pair(&m, &s, O_RDWR | O_NOCTTY, name));
	CHECK_OK0("stat of the slave", stat(name, &st));
	CHECK_EQ("the slave is kunitz's", st.st_uid, 1000);
	CHECK_EQ("group tty", st.st_gid, 5);
	CHECK_ERR("/dev/pts/ptmx is root's only", open("/dev/pts/ptmx", O_RDWR), EACCES);
}

/* A user's pty is the user's. */
static void owner(void)
{
	as_uid1000(user_slave);
}

static void mounts(void)
{
	char text[4096];
	read_all("/proc/mounts", text, sizeof text);
	CHECK("/proc/mounts has devpts", strstr(text, "devpts /dev/pts devpts rw,relatime,gid=5,mode=620,ptmxmode=000 0 0\n") != NULL);
	read_all("/proc/self/mountinfo", text, sizeof text);
	CHECK("mountinfo has /dev/pts", strstr(text, " / /dev/pts rw,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=000\n") != NULL);
	read_all("/proc/filesystems", text, sizeof text);
	CHECK("filesystems lists devpts", strstr(text, "nodev\tdevpts\n") != NULL);
	struct stat st, d;
	stat("/dev/pts", &d);
	int m, s;
	pty_pair(&m, &s, O_RDWR | O_NOCTTY, NULL);
	fstat(s, &st);
	CHECK("the slave is on /dev/pts's device", st.st_dev == d.st_dev);
	struct statfs sf;
	CHECK_OK0("fstatfs of the slave", fstatfs(s, &sf));
	CHECK_EQ("... devpts", sf.f_type, 0x1cd1);
}

/* /proc/<pid>/fd: the master is /dev/ptmx, the slave /dev/pts/N, and
 * " (deleted)" once the master closed. */
static void fd_names(void)
{
	int m, s;
	char name[32], want[48];
	pty_pair(&m, &s, O_RDWR | O_NOCTTY, name);
	CHECK_STR("the master's link", fd_link(m), "/dev/ptmx");
	CHECK_STR("the slave's link", fd_link(s), name);
	close(m);
	snprintf(want, sizeof want, "%s (deleted)", name);
	CHECK_STR("the master closed: deleted", fd_link(s), want);
	char info[256], path[64];
	int m2 = posix_openpt(O_RDWR | O_NOCTTY);
	unsigned n;
	ioctl(m2, TIOCGPTN, &n);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", m2);
	read_all(path, info, sizeof info);
	snprintf(want, sizeof want, "tty-index:\t%u\n", n);
	CHECK("fdinfo of a master: tty-index", strstr(info, want) != NULL);
}

/* 1024 ptys at most: the next posix_openpt fails with EAGAIN (musl's
 * word for the kernel's ENOSPC); closing one frees its number. */
static void limit(void)
{
	static int ms[1100];
	int n = 0;
	struct rlimit rl = { 2048, 2048 };
	CHECK_OK0("room for 2048 descriptors", setrlimit(RLIMIT_NOFILE, &rl));
	while (n < 1100 && (ms[n] = open("/dev/ptmx", O_RDWR | O_NOCTTY)) >= 0)
		n++;
	CHECK_ERR("past the last: ENOSPC", open("/dev/ptmx", O_RDWR | O_NOCTTY), ENOSPC);
	CHECK("1024 at most", n <= 1024 && n > 1000);
	unsigned k;
	ioctl(ms[5], TIOCGPTN, &k);
	close(ms[5]);
	int again = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	unsigned k2 = ~0u;
	ioctl(again, TIOCGPTN, &k2);
	CHECK("a closed pty's number is the next one's", again >= 0 && k2 == k);
}

static void many_ptys(void)
{
	for (int i = 0; i < 20; i++) {
		int m, s, s2;
		char name[32], b[8];
		pty_pair(&m, &s, O_RDWR | O_NOCTTY, name);
		s2 = ioctl(m, TIOCGPTPEER, O_RDWR);
		write(m, "x\n", 2);
		read(s, b, sizeof b);
		if (i % 2)
			close(m);
		else
			close(s);
		if (fork() == 0)
			_exit(0);
		wait(NULL);
		(void)s2;
	}
	_exit(0);
}

/* Pairs opened and closed in every order give back all their memory. */
static void no_leak(void)
{
	struct kmem a, b;
	char why[512];
	pid_t pid = fork();
	if (pid == 0)
		many_ptys();
	wait_for(pid);
	CHECK_EQ("the account can be taken", kmem_take(&a), 0);
	for (int round = 0; round < 3; round++) {
		pid = fork();
		if (pid == 0)
			many_ptys();
		wait_for(pid);
	}
	kmem_take(&b);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass("ptys freed: pages and kmalloc objects as before");
	else
		fail("ptys freed: pages and kmalloc objects as before", "%s", why);
}

int main(void)
{
	RUN(slave_node);
	RUN(owner);
	RUN(mounts);
	RUN(fd_names);
	RUN(limit);
	RUN(no_leak);
	return cases_failed ? 1 : 0;
}
