/* t_unshare_guest - unshare(2)'s namespaces on Pipit, as a Linux 6.1 built
 * with every namespace kind of Linux 6.1 (docs/decisions.md 49, 70, 79,
 * 80, 81, 82): mount, UTS, IPC, time, network, pid and cgroup
 * namespaces may be unshared by root (EPERM for others; t_uts_ns,
 * t_ipc_ns, t_time_ns, t_net_ns, t_pid_ns and t_cgroup_ns show them;
 * user namespaces: t_user_ns). (The host has them: guest only.) */
#include "check.h"
#include <sched.h>
#include <sys/syscall.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif

static long unshare_(unsigned long flags)
{
	return syscall(SYS_unshare, flags);
}

static void as_root(void)
{
	CHECK_OK0("CLONE_NEWNS", unshare_(CLONE_NEWNS));
	CHECK_OK0("CLONE_NEWUTS|CLONE_NEWNET", unshare_(CLONE_NEWUTS | CLONE_NEWNET));
	CHECK_OK0("CLONE_NEWIPC|CLONE_NEWPID (t_pid_ns)", unshare_(CLONE_NEWIPC | CLONE_NEWPID));
	CHECK_OK0("CLONE_NEWNET", unshare_(CLONE_NEWNET));
	CHECK_ERR("CLONE_NEWPID again, no child in it yet: EINVAL", unshare_(CLONE_NEWPID), EINVAL);
	CHECK_OK0("CLONE_NEWCGROUP", unshare_(CLONE_NEWCGROUP));
	CHECK_OK0("CLONE_NEWTIME", unshare_(CLONE_NEWTIME));
}

static void as_user(void)
{
	if (setgid(100) < 0 || setuid(1000) < 0) {
		fail("setuid", "%s", errname(errno));
		return;
	}
	CHECK_ERR("CLONE_NEWNS: EPERM", unshare_(CLONE_NEWNS), EPERM);
	CHECK_ERR("CLONE_NEWUTS: EPERM first", unshare_(CLONE_NEWUTS), EPERM);
}

int main(void)
{
	RUN(as_root);
	RUN(as_user);
	return cases_failed ? 1 : 0;
}
