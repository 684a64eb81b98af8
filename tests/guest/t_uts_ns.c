/* t_uts_ns - UTS namespaces as Linux 6.1's (kernel/utsname.c): root's
 * unshare(CLONE_NEWUTS) and clone(CLONE_NEWUTS) give a copy of the host
 * and domain names that sethostname, setdomainname and
 * /proc/sys/kernel/{hostname,domainname} change without touching the
 * parent's; a namespace's file keeps it after its last process, and
 * setns goes back and forth. A user gets EPERM. */
#include "check.h"
#include <sched.h>
#include <sys/utsname.h>

#define SYS_pidfd_open_ 434

static char host[65], domain[65];

/* clone(flags | SIGCHLD) whose child exits at once: the child's pid
 * (reaped) or -1 with errno. */
static long clone_ns(unsigned long flags)
{
	long c = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(0);
	if (c > 0)
		wait_for((pid_t)c);
	return c;
}

static void save_names(void)
{
	struct utsname u;
	uname(&u);
	snprintf(host, sizeof host, "%s", u.nodename);
	snprintf(domain, sizeof domain, "%s", u.domainname);
}

static const char *nodename(void)
{
	static struct utsname u;
	uname(&u);
	return u.nodename;
}

static const char *domainname(void)
{
	static struct utsname u;
	uname(&u);
	return u.domainname;
}

static const char *proc_text(const char *path)
{
	static char buf[128];
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

static void unshared_child(void)
{
	CHECK_OK0("unshare(CLONE_NEWUTS)", unshare(CLONE_NEWUTS));
	CHECK_STR("the names are a copy", nodename(), host);
	CHECK_STR("the domain too", domainname(), domain);
	CHECK_OK0("sethostname", sethostname("inner", 5));
	CHECK_OK0("setdomainname", setdomainname("inner.dom", 9));
	CHECK_STR("uname: the new host name", nodename(), "inner");
	CHECK_STR("uname: the new domain name", domainname(), "inner.dom");
	CHECK_STR("/proc/sys/kernel/hostname", proc_text("/proc/sys/kernel/hostname"), "inner\n");
	CHECK_STR("/proc/sys/kernel/domainname", proc_text("/proc/sys/kernel/domainname"), "inner.dom\n");
	CHECK_EQ("a write of /proc/sys/kernel/hostname", put_file("/proc/sys/kernel/hostname", "viaproc\n", 8), 0);
	CHECK_STR("changes uname's", nodename(), "viaproc");
	pid_t c = fork();
	if (c == 0)
		_exit(strcmp(nodename(), "viaproc") ? 1 : 0);
	CHECK_EQ("a child shares it", wait_for(c), 0);
}

static void unshared(void)
{
	save_names();
	in_child("unshared child", save_names, unshared_child);
	CHECK_STR("the parent's host name is as it was", nodename(), host);
	CHECK_STR("and its domain name", domainname(), domain);
	char line[80];
	snprintf(line, sizeof line, "%s\n", host);
	CHECK_STR("and its /proc/sys/kernel/hostname", proc_text("/proc/sys/kernel/hostname"), line);
}

static void cloned(void)
{
	save_names();
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		if (strcmp(nodename(), host) || sethostname("cloned", 6) || strcmp(nodename(), "cloned"))
			_exit(1);
		_exit(0);
	}
	CHECK("clone(CLONE_NEWUTS)", c > 0);
	CHECK_EQ("the child had a copy and changed it", wait_for(c), 0);
	CHECK_STR("not ours", nodename(), host);
}

static int fd_outer;

/* A grandchild makes a namespace and names it "kept", then exits while
 * we hold its ns file; setns takes us there and back. */
static void back_and_forth(void)
{
	save_names();
	fd_outer = open("/proc/self/ns/uts", O_RDONLY);
	int p[2], q[2];
	if (pipe(p) < 0 || pipe(q) < 0)
		return;
	pid_t g = fork();
	if (g == 0) {
		char x;
		unshare(CLONE_NEWUTS);
		sethostname("kept", 4);
		write(p[1], "r", 1);
		read(q[0], &x, 1);
		_exit(0);
	}
	char x, path[64];
	read(p[0], &x, 1);
	snprintf(path, sizeof path, "/proc/%d/ns/uts", g);
	int fd_inner = open(path, O_RDONLY);
	int pidfd = (int)syscall(SYS_pidfd_open_, g, 0);
	CHECK_OK0("setns(pidfd, CLONE_NEWUTS)", setns(pidfd, CLONE_NEWUTS));
	CHECK_STR("its names", nodename(), "kept");
	CHECK_OK0("setns back", setns(fd_outer, CLONE_NEWUTS));
	CHECK_STR("our names", nodename(), host);
	write(q[1], "x", 1);
	wait_for(g);
	CHECK_OK0("its last process gone: setns(its file)", setns(fd_inner, 0));
	CHECK_STR("the namespace lived on", nodename(), "kept");
	CHECK_OK0("sethostname there", sethostname("again", 5));
	CHECK_OK0("setns back once more", setns(fd_outer, 0));
	CHECK_STR("ours untouched", nodename(), host);
	CHECK_OK0("and there again", setns(fd_inner, 0));
	CHECK_STR("its name kept", nodename(), "again");
	CHECK_ERR("a dead process's pidfd: ESRCH", setns(pidfd, CLONE_NEWUTS), ESRCH);
}

static void user_calls(void)
{
	CHECK_ERR("a user: unshare(CLONE_NEWUTS): EPERM", unshare(CLONE_NEWUTS), EPERM);
	CHECK_ERR("a user: clone(CLONE_NEWUTS): EPERM", clone_ns(CLONE_NEWUTS), EPERM);
	CHECK_ERR("a user: sethostname: EPERM", sethostname("x", 1), EPERM);
	CHECK_ERR("a user: setns: EPERM", setns(fd_outer, CLONE_NEWUTS), EPERM);
}

static void as_user(void)
{
	fd_outer = open("/proc/self/ns/uts", O_RDONLY);
	as_uid1000(user_calls);
}

static void errors(void)
{
	CHECK_OK0("unshare(CLONE_NEWUTS)", unshare(CLONE_NEWUTS));
	CHECK_ERR("sethostname of 65 bytes: EINVAL", sethostname("0123456789012345678901234567890123456789012345678901234567890123456789", 65), EINVAL);
	CHECK_ERR("a negative length: EINVAL", sethostname("x", -1), EINVAL);
	CHECK_OK0("64 bytes", sethostname("0123456789012345678901234567890123456789012345678901234567890123", 64));
	CHECK_STR("all of them", nodename(), "0123456789012345678901234567890123456789012345678901234567890123");
	CHECK_OK0("an empty name", sethostname("", 0));
	CHECK_STR("is empty", nodename(), "");
}

int main(void)
{
	RUN(unshared);
	RUN(cloned);
	RUN(back_and_forth);
	RUN(as_user);
	RUN(errors);
	return cases_failed ? 1 : 0;
}
