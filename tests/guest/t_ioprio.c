/* t_ioprio - ioprio_get and ioprio_set, differential against Linux 6.1:
 * the value's checks (classes, levels, RT for root only), the three
 * kinds of `who`, the raw value of one task (0 until set) against the
 * effective one of a group or user (from nice and policy when unset),
 * the owner rule, inheritance at fork (not of NONE), CLONE_IO sharing,
 * kcmp(KCMP_IO), exited tasks. Levels of 8 and more for RT and BE are
 * left to t_ioprio_guest: Linux 6.5 made those bits "hints" and the host
 * accepts them where 6.1 says EINVAL. */
#include "check.h"
#include <sched.h>
#include <sys/resource.h>

/* <linux/ioprio.h>'s values (the musl build has no kernel headers) */
#define WP 1                              /* IOPRIO_WHO_PROCESS */
#define WG 2                              /* IOPRIO_WHO_PGRP */
#define WU 3                              /* IOPRIO_WHO_USER */
enum { C_NONE, C_RT, C_BE, C_IDLE };
#define V(c, d) (C_##c << 13 | (d))
#define KCMP_IO_ 5

static long iog(int which, int who) { return syscall(SYS_ioprio_get, which, who); }
static long ios(int which, int who, int prio) { return syscall(SYS_ioprio_set, which, who, prio); }

/* A child that sleeps until killed, in process group pgid when > 0. */
static pid_t sleeper(int pgid)
{
	pid_t p = fork();
	if (p == 0) {
		if (pgid > 0)
			setpgid(0, pgid);
		for (;;)
			pause();
	}
	return p;
}

static void reap(pid_t p)
{
	kill(p, SIGKILL);
	wait_for(p);
}

static void fresh(void)
{
	CHECK_EQ("a task that never set one reads 0", iog(WP, 0), 0);
	CHECK_EQ("by its pid too", iog(WP, getpid()), 0);
	CHECK_OK0("set BE 3", ios(WP, 0, V(BE, 3)));
	CHECK_EQ("reads BE 3", iog(WP, 0), V(BE, 3));
	CHECK_OK0("set NONE 0", ios(WP, 0, 0));
	CHECK_EQ("reads 0 again", iog(WP, 0), 0);
}

static void values(void)
{
	for (int l = 0; l < 8; l++) {
		char n[64];
		snprintf(n, sizeof n, "BE level %d", l);
		CHECK_OK0(n, ios(WP, 0, V(BE, l)));
		CHECK_EQ(n, iog(WP, 0), V(BE, l));
		snprintf(n, sizeof n, "RT level %d (root)", l);
		CHECK_OK0(n, ios(WP, 0, V(RT, l)));
		CHECK_EQ(n, iog(WP, 0), V(RT, l));
	}
	CHECK_OK0("IDLE 0", ios(WP, 0, V(IDLE, 0)));
	CHECK_EQ("reads IDLE 0", iog(WP, 0), V(IDLE, 0));
	CHECK_OK0("IDLE takes any data", ios(WP, 0, V(IDLE, 0x1fff)));
	CHECK_EQ("and keeps it", iog(WP, 0), V(IDLE, 0x1fff));
	CHECK_ERR("NONE with data 1", ios(WP, 0, 1), EINVAL);
	CHECK_ERR("NONE with data 7", ios(WP, 0, 7), EINVAL);
	for (int c = 4; c < 8; c++) {
		char n[64];
		snprintf(n, sizeof n, "class %d", c);
		CHECK_ERR(n, ios(WP, 0, c << 13), EINVAL);
	}
	CHECK_ERR("-1 (class 7)", ios(WP, 0, -1), EINVAL);
	CHECK_EQ("unchanged by the refusals", iog(WP, 0), V(IDLE, 0x1fff));
	CHECK_OK0("bits above 16 are ignored", ios(WP, 0, 0x10000 | V(BE, 2)));
	CHECK_EQ("kept in 16 bits", iog(WP, 0), V(BE, 2));
}

static void which_who(void)
{
	CHECK_ERR("get which 0", iog(0, 0), EINVAL);
	CHECK_ERR("get which 4", iog(4, 0), EINVAL);
	CHECK_ERR("set which 0", ios(0, 0, V(BE, 1)), EINVAL);
	CHECK_ERR("set which 4", ios(4, 0, V(BE, 1)), EINVAL);
	CHECK_ERR("the value is checked before which", ios(4, 0, V(BE, 1) | 5 << 13), EINVAL);
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	wait_for(gone);
	CHECK_ERR("get: a pid no one has", iog(WP, gone), ESRCH);
	CHECK_ERR("set: a pid no one has", ios(WP, gone, V(BE, 1)), ESRCH);
	CHECK_ERR("get: pid -1", iog(WP, -1), ESRCH);
	CHECK_ERR("get: a group no one is in", iog(WG, gone), ESRCH);
	CHECK_ERR("set: a group no one is in", ios(WG, gone, V(BE, 1)), ESRCH);
	CHECK_ERR("get: group -1", iog(WG, -1), ESRCH);
	CHECK_ERR("get: a uid no task has", iog(WU, 54321), ESRCH);
	CHECK_ERR("set: a uid no task has", ios(WU, 54321, V(BE, 1)), ESRCH);
	CHECK_ERR("get: uid -1", iog(WU, -1), ESRCH);
	CHECK_ERR("set: uid -1", ios(WU, -1, V(BE, 1)), ESRCH);
}

/* The group's and the user's answers are what their I/O gets: a task
 * that set nothing counts with its nice value and policy. */
static void effective(void)
{
	setpgid(0, 0);
	CHECK_EQ("group of one, nice 0: BE 4", iog(WG, 0), V(BE, 4));
	CHECK_EQ("by its pgid", iog(WG, getpgrp()), V(BE, 4));
	CHECK_EQ("its own value still 0", iog(WP, 0), 0);
	setpriority(PRIO_PROCESS, 0, 7);
	CHECK_EQ("nice 7: BE 5", iog(WG, 0), V(BE, 5));
	setpriority(PRIO_PROCESS, 0, 19);
	CHECK_EQ("nice 19: BE 7", iog(WG, 0), V(BE, 7));
	setpriority(PRIO_PROCESS, 0, -20);
	CHECK_EQ("nice -20: BE 0", iog(WG, 0), V(BE, 0));
	setpriority(PRIO_PROCESS, 0, 0);
	struct sched_param sp = { 0 };
	CHECK_OK0("SCHED_IDLE", syscall(SYS_sched_setscheduler, 0, SCHED_IDLE, &sp));
	CHECK_EQ("SCHED_IDLE: class IDLE", iog(WG, 0), V(IDLE, 4));
	sp.sched_priority = 10;
	CHECK_OK0("SCHED_FIFO", syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp));
	CHECK_EQ("SCHED_FIFO: class RT", iog(WG, 0), V(RT, 4));
	sp.sched_priority = 0;
	syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
	CHECK_OK0("set IDLE 1", ios(WP, 0, V(IDLE, 1)));
	CHECK_EQ("a set value wins over nice", iog(WG, 0), V(IDLE, 1));
	CHECK_OK0("back to NONE", ios(WP, 0, 0));
	pid_t a = sleeper(0), b = sleeper(0);
	CHECK_OK0("a: BE 6", ios(WP, a, V(BE, 6)));
	CHECK_EQ("the group's best: BE 4 (b and the caller, unset)", iog(WG, 0), V(BE, 4));
	CHECK_OK0("b: BE 2", ios(WP, b, V(BE, 2)));
	CHECK_EQ("the group's best: BE 2", iog(WG, 0), V(BE, 2));
	CHECK_OK0("a: RT 7", ios(WP, a, V(RT, 7)));
	CHECK_EQ("RT beats BE", iog(WG, 0), V(RT, 7));
	CHECK_OK0("set the whole group: BE 1", ios(WG, 0, V(BE, 1)));
	CHECK_EQ("a has it", iog(WP, a), V(BE, 1));
	CHECK_EQ("b has it", iog(WP, b), V(BE, 1));
	CHECK_EQ("and the caller", iog(WP, 0), V(BE, 1));
	reap(a);
	reap(b);
}

static void inherit(void)
{
	CHECK_OK0("set BE 5", ios(WP, 0, V(BE, 5)));
	pid_t p = fork();
	if (p == 0)
		_exit(iog(WP, 0) == V(BE, 5) ? 0 : 1);
	CHECK_EXIT("a fork inherits BE 5", wait_for(p), 0);
	CHECK_OK0("set IDLE 3", ios(WP, 0, V(IDLE, 3)));
	p = fork();
	if (p == 0)
		_exit(iog(WP, 0) == V(IDLE, 3) ? 0 : 1);
	CHECK_EXIT("and IDLE 3", wait_for(p), 0);
	CHECK_OK0("set NONE", ios(WP, 0, 0));
	p = fork();
	if (p == 0)
		_exit(iog(WP, 0) == 0 ? 0 : 1);
	CHECK_EXIT("NONE is not inherited (0)", wait_for(p), 0);
	p = fork();
	if (p == 0) {
		ios(WP, 0, V(BE, 1));
		_exit(0);
	}
	wait_for(p);
	CHECK_EQ("a child's change stays its own", iog(WP, 0), 0);
}

/* clone(CLONE_IO) shares the context: a change in the child is the
 * parent's too; kcmp sees one object. */
static void clone_io(void)
{
	CHECK_OK0("set BE 3", ios(WP, 0, V(BE, 3)));
	pid_t p = syscall(SYS_clone, CLONE_IO | SIGCHLD, 0, 0, 0, 0);
	if (p == 0) {
		syscall(SYS_ioprio_set, WP, 0, V(BE, 6));
		pause();
		_exit(0);
	}
	usleep(100000);
	CHECK_EQ("the CLONE_IO child's change is the parent's", iog(WP, 0), V(BE, 6));
	CHECK_EQ("kcmp KCMP_IO: the same", syscall(SYS_kcmp, getpid(), p, KCMP_IO_, 0, 0), 0);
	reap(p);
	CHECK_EQ("still BE 6 after it exits", iog(WP, 0), V(BE, 6));
	p = fork();
	if (p == 0) {
		pause();
		_exit(0);
	}
	CHECK("kcmp KCMP_IO: a fork's copy differs", syscall(SYS_kcmp, getpid(), p, KCMP_IO_, 0, 0) > 0);
	reap(p);
	p = fork();
	if (p == 0) {
		ios(WP, 0, 0);
		pid_t q = fork();
		if (q == 0) {
			pause();
			_exit(0);
		}
		/* both have a context (NONE is not copied: the child has none) */
		long r = syscall(SYS_kcmp, getpid(), q, KCMP_IO_, 0, 0);
		kill(q, SIGKILL);
		_exit(r > 0 ? 0 : 1);
	}
	CHECK_EXIT("kcmp KCMP_IO: NONE's child has none", wait_for(p), 0);
}

/* The owner rule: a task's real uid must be the caller's real or
 * effective uid, unless the caller is root. RT is root's. */
static void owners(void)
{
	pid_t root_task = getpid();
	pid_t a = fork();
	if (a == 0) {
		setresuid(4321, 4321, 4321);
		for (;;)
			pause();
	}
	usleep(50000);
	CHECK_OK0("root sets another user's task", ios(WP, a, V(BE, 3)));
	pid_t p = fork();
	if (p == 0) {
		setresuid(4321, 4321, 4321);
		CHECK_ERR("a user sets root's task", ios(WP, root_task, V(BE, 1)), EPERM);
		CHECK_ERR("a user asks for RT", ios(WP, 0, V(RT, 1)), EPERM);
		CHECK_ERR("RT is refused before which is looked at", ios(9, 0, V(RT, 1)), EPERM);
		CHECK_OK0("a user sets its own IDLE", ios(WP, 0, V(IDLE, 0)));
		CHECK_OK0("and BE 0", ios(WP, 0, V(BE, 0)));
		CHECK_OK0("its other task", ios(WP, a, V(BE, 6)));
		CHECK_EQ("which reads BE 6", iog(WP, a), V(BE, 6));
		CHECK_EQ("get: root's task is readable", iog(WP, root_task), 0);
		CHECK_EQ("get user 0 is its own uid: best BE 0", iog(WU, 0), V(BE, 0));
		CHECK_EQ("get user 4321 the same", iog(WU, 4321), V(BE, 0));
		CHECK_ERR("set user 0 names root's tasks", ios(WU, 0, V(BE, 2)), EPERM);
		CHECK_OK0("set user 4321", ios(WU, 4321, V(BE, 2)));
		CHECK_EQ("a has it", iog(WP, a), V(BE, 2));
		CHECK_EQ("user 4321 reads BE 2", iog(WU, 4321), V(BE, 2));
		CHECK_OK0("NONE again", ios(WP, 0, 0));
		CHECK_EQ("unset counts with its nice (BE 4): the best is BE 2", iog(WU, 4321), V(BE, 2));
		_exit(check_failed);
	}
	CHECK_EXIT("as uid 4321", wait_for(p), 0);
	p = fork();
	if (p == 0) {
		setresuid(5000, 4321, 0);
		CHECK_OK0("an effective uid that is the task's real one", ios(WP, a, V(BE, 7)));
		CHECK_ERR("a saved uid 0 is not enough", ios(WP, root_task, V(BE, 7)), EPERM);
		_exit(check_failed);
	}
	CHECK_EXIT("as uid 5000, euid 4321", wait_for(p), 0);
	CHECK_EQ("a reads BE 7", iog(WP, a), V(BE, 7));
	p = fork();
	if (p == 0) {
		setresuid(4321, 5000, 5000);
		CHECK_OK0("a real uid that is the task's real one", ios(WP, a, V(BE, 5)));
		_exit(check_failed);
	}
	CHECK_EXIT("as uid 4321, euid 5000", wait_for(p), 0);
	reap(a);
}

/* An exited task that is not yet reaped: its context went at exit. */
static void zombie(void)
{
	pid_t p = fork();
	if (p == 0) {
		ios(WP, 0, V(BE, 1));
		_exit(0);
	}
	usleep(100000);
	CHECK_EQ("a zombie reads 0", iog(WP, p), 0);
	CHECK_OK0("setting a zombie succeeds", ios(WP, p, V(BE, 2)));
	CHECK_EQ("and changes nothing", iog(WP, p), 0);
	wait_for(p);
}

int main(void)
{
	RUN(fresh);
	RUN(values);
	RUN(which_who);
	RUN(effective);
	RUN(inherit);
	RUN(clone_io);
	RUN(owners);
	RUN(zombie);
	return cases_failed ? 1 : 0;
}
