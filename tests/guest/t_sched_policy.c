/* t_sched_policy - scheduling policies: sched_setscheduler, sched_setparam,
 * sched_getscheduler, sched_getparam, sched_setattr, sched_getattr, the
 * priority ranges, sched_rr_get_interval; their errors and permissions,
 * SCHED_RESET_ON_FORK, the nice value beside them, and /proc/<pid>/stat's
 * priority, nice, rt_priority and policy. Only facts that do not depend
 * on the number of CPUs (the ordering ones are in t_sched_policy_guest). */
#include "sched_util.h"

static void ranges(void)
{
	CHECK_EQ("max FIFO", sched_get_priority_max(SCHED_FIFO), 99);
	CHECK_EQ("min FIFO", sched_get_priority_min(SCHED_FIFO), 1);
	CHECK_EQ("max RR", sched_get_priority_max(SCHED_RR), 99);
	CHECK_EQ("min RR", sched_get_priority_min(SCHED_RR), 1);
	CHECK_EQ("max OTHER", sched_get_priority_max(SCHED_OTHER), 0);
	CHECK_EQ("min OTHER", sched_get_priority_min(SCHED_OTHER), 0);
	CHECK_EQ("max BATCH", sched_get_priority_max(SCHED_BATCH), 0);
	CHECK_EQ("min IDLE", sched_get_priority_min(SCHED_IDLE), 0);
	CHECK_SYSERR("max of policy 4", EINVAL, SYS_sched_get_priority_max, 4);
	CHECK_SYSERR("max of policy 8", EINVAL, SYS_sched_get_priority_max, 8);
	CHECK_SYSERR("min of policy -1", EINVAL, SYS_sched_get_priority_min, -1);
	CHECK_SYSERR("min with the reset flag", EINVAL, SYS_sched_get_priority_min, SCHED_FIFO | RESET_ON_FORK);
}

static void defaults(void)
{
	struct sattr a;
	CHECK_EQ("policy is OTHER", getsched(0), SCHED_OTHER);
	CHECK_EQ("by pid", getsched(getpid()), SCHED_OTHER);
	CHECK_EQ("priority 0", getprio(0), 0);
	CHECK_OK0("getattr", getattr(0, &a));
	CHECK_EQ("attr size", a.size, 56);
	CHECK_EQ("attr policy", a.sched_policy, SCHED_OTHER);
	CHECK_EQ("attr flags", a.sched_flags, 0);
	CHECK_EQ("attr nice", a.sched_nice, 0);
	CHECK_EQ("attr priority", a.sched_priority, 0);
	CHECK_EQ("stat priority", stat_field(0, 18), 20);
	CHECK_EQ("stat nice", stat_field(0, 19), 0);
	CHECK_EQ("stat rt_priority", stat_field(0, 40), 0);
	CHECK_EQ("stat policy", stat_field(0, 41), 0);
}

/* A pid that names no task: a child that was waited for. */
static pid_t gone_pid(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	wait_for(pid);
	return pid;
}

static void errors(void)
{
	struct sched_param p = { 0 };
	pid_t gone = gone_pid();
	CHECK_SYSERR("set: pid -1", EINVAL, SYS_sched_setscheduler, -1, SCHED_OTHER, &p);
	CHECK_SYSERR("set: NULL param", EINVAL, SYS_sched_setscheduler, 0, SCHED_OTHER, NULL);
	CHECK_SYSERR("set: policy -1", EINVAL, SYS_sched_setscheduler, 0, -1, &p);
	CHECK_SYSERR("set: policy 4", EINVAL, SYS_sched_setscheduler, 0, 4, &p);
	CHECK_SYSERR("set: policy 8", EINVAL, SYS_sched_setscheduler, 0, 8, &p);
	CHECK_SYSERR("set: bad param", EFAULT, SYS_sched_setscheduler, 0, SCHED_OTHER, (void *)1);
	CHECK_SYSERR("set: bad param before ESRCH", EFAULT, SYS_sched_setscheduler, gone, SCHED_OTHER, (void *)1);
	CHECK_SYSERR("set: no such pid", ESRCH, SYS_sched_setscheduler, gone, SCHED_OTHER, &p);
	CHECK_SYSERR("set: ESRCH before EINVAL policy", ESRCH, SYS_sched_setscheduler, gone, 8, &p);
	CHECK_ERR("FIFO 0", setsched(0, SCHED_FIFO, 0), EINVAL);
	CHECK_ERR("FIFO 100", setsched(0, SCHED_FIFO, 100), EINVAL);
	CHECK_ERR("RR -1", setsched(0, SCHED_RR, -1), EINVAL);
	CHECK_ERR("OTHER 1", setsched(0, SCHED_OTHER, 1), EINVAL);
	CHECK_ERR("IDLE 1", setsched(0, SCHED_IDLE, 1), EINVAL);
	CHECK_ERR("setparam 5 on OTHER", setparam(0, 5), EINVAL);
	CHECK_SYSERR("setparam: NULL", EINVAL, SYS_sched_setparam, 0, NULL);
	CHECK_SYSERR("setparam: pid -1", EINVAL, SYS_sched_setparam, -1, &p);
	CHECK_SYSERR("setparam: no such pid", ESRCH, SYS_sched_setparam, gone, &p);
	CHECK_SYSERR("get: pid -1", EINVAL, SYS_sched_getscheduler, -1);
	CHECK_SYSERR("get: no such pid", ESRCH, SYS_sched_getscheduler, gone);
	CHECK_SYSERR("getparam: NULL", EINVAL, SYS_sched_getparam, 0, NULL);
	CHECK_SYSERR("getparam: pid -1", EINVAL, SYS_sched_getparam, -1, &p);
	CHECK_SYSERR("getparam: no such pid", ESRCH, SYS_sched_getparam, gone, &p);
	CHECK_SYSERR("getparam: bad pointer", EFAULT, SYS_sched_getparam, 0, (void *)1);
	CHECK_SYSERR("rr interval: pid -1", EINVAL, SYS_sched_rr_get_interval, -1, &p);
	CHECK_SYSERR("rr interval: no such pid", ESRCH, SYS_sched_rr_get_interval, gone, &p);
	CHECK_SYSERR("rr interval: bad pointer", EFAULT, SYS_sched_rr_get_interval, 0, (void *)1);
#ifdef SYS_sched_rr_get_interval_time64
	CHECK_SYSERR("rr interval64: bad pointer", EFAULT, SYS_sched_rr_get_interval_time64, 0, (void *)1);
	CHECK_SYSERR("rr interval64: no such pid", ESRCH, SYS_sched_rr_get_interval_time64, gone, &p);
#endif
	CHECK_EQ("still OTHER", getsched(0), SCHED_OTHER);
}

/* The interval sched_rr_get_interval reports for pid, in ms (-1: error). */
static long rr_ms(pid_t pid, bool time64)
{
	if (time64) {
#ifdef SYS_sched_rr_get_interval_time64
		int64_t ts[2];
		if (syscall(SYS_sched_rr_get_interval_time64, pid, ts) < 0)
			return -1;
		return ts[0] * 1000 + ts[1] / 1000000;
#endif
	}
	int32_t ts[2];
	if (syscall(SYS_sched_rr_get_interval, pid, ts) < 0)
		return -1;
	return ts[0] * 1000L + ts[1] / 1000000;
}

static void round_trips(void)
{
	CHECK_OK0("set FIFO 10", setsched(0, SCHED_FIFO, 10));
	CHECK_EQ("is FIFO", getsched(0), SCHED_FIFO);
	CHECK_EQ("priority 10", getprio(0), 10);
	CHECK_EQ("FIFO interval", rr_ms(0, false), 0);
	CHECK_EQ("stat priority FIFO 10", stat_field(0, 18), -11);
	CHECK_EQ("stat rt_priority 10", stat_field(0, 40), 10);
	CHECK_EQ("stat policy FIFO", stat_field(0, 41), SCHED_FIFO);
	CHECK_OK0("setparam 20", setparam(0, 20));
	CHECK_EQ("priority 20", getprio(0), 20);
	CHECK_EQ("still FIFO", getsched(0), SCHED_FIFO);
	CHECK_ERR("setparam 0 on FIFO", setparam(0, 0), EINVAL);
	CHECK_OK0("set RR 99", setsched(0, SCHED_RR, 99));
	CHECK_EQ("is RR", getsched(0), SCHED_RR);
	CHECK_EQ("priority 99", getprio(0), 99);
	CHECK_EQ("RR interval 100 ms", rr_ms(0, false), 100);
	CHECK_EQ("RR interval 100 ms (time64)", rr_ms(0, true), 100);
	CHECK_EQ("stat priority RR 99", stat_field(0, 18), -100);
	CHECK_EQ("stat policy RR", stat_field(0, 41), SCHED_RR);
	CHECK_OK0("set BATCH", setsched(0, SCHED_BATCH, 0));
	CHECK_EQ("is BATCH", getsched(0), SCHED_BATCH);
	CHECK_EQ("priority 0 again", getprio(0), 0);
	CHECK_EQ("stat rt_priority 0", stat_field(0, 40), 0);
	CHECK_EQ("stat policy BATCH", stat_field(0, 41), SCHED_BATCH);
	CHECK_OK0("set IDLE", setsched(0, SCHED_IDLE, 0));
	CHECK_EQ("is IDLE", getsched(0), SCHED_IDLE);
	CHECK_EQ("stat priority IDLE", stat_field(0, 18), 20);
	CHECK_EQ("stat policy IDLE", stat_field(0, 41), SCHED_IDLE);
	CHECK_OK0("back to OTHER", setsched(0, SCHED_OTHER, 0));
	CHECK_EQ("is OTHER", getsched(0), SCHED_OTHER);
	/* another process, by pid */
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK_OK0("child to RR 7", setsched(pid, SCHED_RR, 7));
	CHECK_EQ("child is RR", getsched(pid), SCHED_RR);
	CHECK_EQ("child priority 7", getprio(pid), 7);
	CHECK_EQ("child RR interval", rr_ms(pid, false), 100);
	CHECK_EQ("child stat rt_priority", stat_field(pid, 40), 7);
	CHECK_EQ("I am still OTHER", getsched(0), SCHED_OTHER);
	kill(pid, SIGKILL);
	wait_for(pid);
}

/* nice is kept for a real-time task, unused, and shown again after. */
static void nice_and_rt(void)
{
	CHECK_OK0("nice 5", setpriority(PRIO_PROCESS, 0, 5));
	CHECK_OK0("FIFO 3", setsched(0, SCHED_FIFO, 3));
	CHECK_EQ("getpriority still 5", getpriority(PRIO_PROCESS, 0), 5);
	CHECK_EQ("stat nice 5", stat_field(0, 19), 5);
	CHECK_EQ("stat priority -4", stat_field(0, 18), -4);
	struct sattr a;
	CHECK_OK0("getattr", getattr(0, &a));
	CHECK_EQ("attr nice of FIFO is 0", a.sched_nice, 0);
	CHECK_EQ("attr priority 3", a.sched_priority, 3);
	CHECK_OK0("setpriority on FIFO", setpriority(PRIO_PROCESS, 0, 7));
	CHECK_EQ("getpriority 7", getpriority(PRIO_PROCESS, 0), 7);
	CHECK_OK0("back to OTHER", setsched(0, SCHED_OTHER, 0));
	CHECK_EQ("nice 7 kept", getpriority(PRIO_PROCESS, 0), 7);
	CHECK_EQ("stat priority 27", stat_field(0, 18), 27);
	CHECK_OK0("IDLE", setsched(0, SCHED_IDLE, 0));
	CHECK_EQ("IDLE keeps nice", getpriority(PRIO_PROCESS, 0), 7);
	CHECK_OK0("getattr IDLE", getattr(0, &a));
	CHECK_EQ("attr nice of IDLE", a.sched_nice, 7);
	CHECK_EQ("stat priority IDLE 27", stat_field(0, 18), 27);
}

/* What a child of the caller starts with: policy | flag, priority, nice. */
static void child_sched(long *policy, int *prio, int *nice)
{
	int fd[2];
	if (pipe(fd) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		long v[3] = { getsched(0), getprio(0), getpriority(PRIO_PROCESS, 0) };
		write(fd[1], v, sizeof v);
		_exit(0);
	}
	long v[3] = { -1, -1, -1 };
	read(fd[0], v, sizeof v);
	wait_for(pid);
	close(fd[0]);
	close(fd[1]);
	*policy = v[0];
	*prio = (int)v[1];
	*nice = (int)v[2];
}

static void fork_inherits(void)
{
	long pol;
	int prio, nice;
	CHECK_OK0("FIFO 12", setsched(0, SCHED_FIFO, 12));
	child_sched(&pol, &prio, &nice);
	CHECK_EQ("child FIFO", pol, SCHED_FIFO);
	CHECK_EQ("child priority 12", prio, 12);
	CHECK_OK0("BATCH", setsched(0, SCHED_BATCH, 0));
	CHECK_OK0("nice 4", setpriority(PRIO_PROCESS, 0, 4));
	child_sched(&pol, &prio, &nice);
	CHECK_EQ("child BATCH", pol, SCHED_BATCH);
	CHECK_EQ("child nice 4", nice, 4);
}

static void reset_on_fork(void)
{
	long pol;
	int prio, nice;
	struct sattr a;
	CHECK_OK0("nice 3", setpriority(PRIO_PROCESS, 0, 3));
	CHECK_OK0("FIFO 12 | RESET_ON_FORK", setsched(0, SCHED_FIFO | RESET_ON_FORK, 12));
	CHECK_EQ("get shows the flag", getsched(0), SCHED_FIFO | RESET_ON_FORK);
	CHECK_EQ("stat policy without it", stat_field(0, 41), SCHED_FIFO);
	CHECK_OK0("getattr", getattr(0, &a));
	CHECK_EQ("attr flags", a.sched_flags, FLAG_RESET_ON_FORK);
	CHECK_EQ("attr policy", a.sched_policy, SCHED_FIFO);
	child_sched(&pol, &prio, &nice);
	CHECK_EQ("RT child: OTHER, no flag", pol, SCHED_OTHER);
	CHECK_EQ("RT child: priority 0", prio, 0);
	CHECK_EQ("RT child: nice 0", nice, 0);
	CHECK_OK0("setparam keeps the flag", setparam(0, 13));
	CHECK_EQ("flag still there", getsched(0), SCHED_FIFO | RESET_ON_FORK);
	CHECK_OK0("FIFO without the flag (root)", setsched(0, SCHED_FIFO, 13));
	CHECK_EQ("flag gone", getsched(0), SCHED_FIFO);
	CHECK_OK0("BATCH | RESET_ON_FORK", setsched(0, SCHED_BATCH | RESET_ON_FORK, 0));
	CHECK_OK0("nice -5", setpriority(PRIO_PROCESS, 0, -5));
	child_sched(&pol, &prio, &nice);
	CHECK_EQ("BATCH child keeps BATCH", pol, SCHED_BATCH);
	CHECK_EQ("negative nice reset", nice, 0);
	CHECK_OK0("nice 6", setpriority(PRIO_PROCESS, 0, 6));
	child_sched(&pol, &prio, &nice);
	CHECK_EQ("positive nice kept", nice, 6);
	CHECK_OK0("IDLE | RESET_ON_FORK", setsched(0, SCHED_IDLE | RESET_ON_FORK, 0));
	child_sched(&pol, &prio, &nice);
	CHECK_EQ("IDLE child keeps IDLE", pol, SCHED_IDLE);
	CHECK_ERR("reset flag with a bad policy", setsched(0, 8 | RESET_ON_FORK, 0), EINVAL);
}

static void attr_sizes(void)
{
	struct { struct sattr a; char more[16]; } big;
	struct sattr a;
	memset(&a, 0, sizeof a);
	a.size = 0;                              /* VER0 */
	a.sched_policy = SCHED_BATCH;
	CHECK_OK0("size 0 means 48", setattr(0, &a));
	CHECK_EQ("BATCH", getsched(0), SCHED_BATCH);
	a.size = 47;
	CHECK_ERR("size 47", setattr(0, &a), E2BIG);
	CHECK_EQ("size written back", a.size, 56);
	a.size = 4097;
	CHECK_ERR("size above a page", setattr(0, &a), E2BIG);
	CHECK_EQ("size written back again", a.size, 56);
	memset(&big, 0, sizeof big);
	big.a.size = sizeof big;
	big.a.sched_policy = SCHED_OTHER;
	big.more[3] = 1;
	CHECK_ERR("unknown bytes set", setattr(0, &big.a), E2BIG);
	CHECK_EQ("size written back, big", big.a.size, 56);
	big.more[3] = 0;
	big.a.size = sizeof big;
	CHECK_OK0("unknown bytes zero", setattr(0, &big.a));
	CHECK_EQ("OTHER", getsched(0), SCHED_OTHER);
	a.size = 48;
	a.sched_policy = SCHED_OTHER;
	CHECK_SYSERR("flags argument", EINVAL, SYS_sched_setattr, 0, &a, 1);
	CHECK_SYSERR("NULL attr", EINVAL, SYS_sched_setattr, 0, NULL, 0);
	CHECK_SYSERR("pid -1", EINVAL, SYS_sched_setattr, -1, &a, 0);
	CHECK_SYSERR("bad pointer", EFAULT, SYS_sched_setattr, 0, (void *)1, 0);
	CHECK_SYSERR("no such pid", ESRCH, SYS_sched_setattr, gone_pid(), &a, 0);
	a.sched_policy = (uint32_t)-1;
	CHECK_ERR("policy -1", setattr(0, &a), EINVAL);
	a.sched_policy = 8;
	CHECK_ERR("policy 8", setattr(0, &a), EINVAL);
	a.sched_policy = SCHED_OTHER;
	a.sched_flags = 1ULL << 40;
	CHECK_ERR("unknown flag", setattr(0, &a), EINVAL);
	/* sched_getattr */
	struct sattr g;
	CHECK_SYSERR("get: size 47", EINVAL, SYS_sched_getattr, 0, &g, 47, 0);
	CHECK_SYSERR("get: size 4097", EINVAL, SYS_sched_getattr, 0, &g, 4097, 0);
	CHECK_SYSERR("get: flags", EINVAL, SYS_sched_getattr, 0, &g, sizeof g, 1);
	CHECK_SYSERR("get: NULL", EINVAL, SYS_sched_getattr, 0, NULL, sizeof g, 0);
	CHECK_SYSERR("get: pid -1", EINVAL, SYS_sched_getattr, -1, &g, sizeof g, 0);
	CHECK_SYSERR("get: no such pid", ESRCH, SYS_sched_getattr, gone_pid(), &g, sizeof g, 0);
	CHECK_SYSERR("get: bad pointer", EFAULT, SYS_sched_getattr, 0, (void *)1, sizeof g, 0);
	memset(&g, 0x55, sizeof g);
	CHECK_OK0("get 48", syscall(SYS_sched_getattr, 0, &g, 48, 0));
	CHECK_EQ("size 48", g.size, 48);
	CHECK_EQ("the rest untouched", g.sched_util_min, 0x55555555);
	memset(&big, 0x55, sizeof big);
	CHECK_OK0("get 72", syscall(SYS_sched_getattr, 0, &big.a, sizeof big, 0));
	CHECK_EQ("size 56", big.a.size, 56);
}

static void attr_values(void)
{
	struct sattr a, g;
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.sched_policy = SCHED_OTHER;
	a.sched_nice = 5;
	CHECK_OK0("OTHER nice 5", setattr(0, &a));
	CHECK_EQ("getpriority 5", getpriority(PRIO_PROCESS, 0), 5);
	CHECK_OK0("getattr", getattr(0, &g));
	CHECK_EQ("attr nice 5", g.sched_nice, 5);
	a.sched_nice = 100;
	CHECK_OK0("nice 100", setattr(0, &a));
	CHECK_EQ("clamped to 19", getpriority(PRIO_PROCESS, 0), 19);
	a.sched_nice = -100;
	CHECK_OK0("nice -100 (root)", setattr(0, &a));
	CHECK_EQ("clamped to -20", getpriority(PRIO_PROCESS, 0), -20);
	a.sched_policy = SCHED_FIFO;
	a.sched_priority = 40;
	a.sched_nice = 3;
	CHECK_OK0("FIFO 40", setattr(0, &a));
	CHECK_EQ("nice not set for FIFO", getpriority(PRIO_PROCESS, 0), -20);
	CHECK_OK0("getattr FIFO", getattr(0, &g));
	CHECK_EQ("attr policy FIFO", g.sched_policy, SCHED_FIFO);
	CHECK_EQ("attr priority 40", g.sched_priority, 40);
	a.sched_flags = FLAG_KEEP_POLICY;
	a.sched_priority = 41;
	CHECK_OK0("KEEP_POLICY, priority 41", setattr(0, &a));
	CHECK_EQ("priority 41", getprio(0), 41);
	a.sched_flags = FLAG_KEEP_PARAMS | FLAG_RESET_ON_FORK;   /* changes the flag only */
	a.sched_policy = SCHED_RR;
	a.sched_priority = 0;
	CHECK_OK0("KEEP_PARAMS, RR", setattr(0, &a));
	CHECK_EQ("still FIFO, with the flag", getsched(0), SCHED_FIFO | RESET_ON_FORK);
	CHECK_EQ("priority kept 41", getprio(0), 41);
	a.sched_flags = FLAG_KEEP_PARAMS;
	a.sched_policy = 8;
	CHECK_ERR("KEEP_PARAMS checks the policy", setattr(0, &a), EINVAL);
	a.sched_flags = FLAG_RESET_ON_FORK;
	a.sched_policy = SCHED_OTHER;
	a.sched_nice = 2;
	CHECK_OK0("OTHER with the flag", setattr(0, &a));
	CHECK_EQ("flag via getscheduler", getsched(0), SCHED_OTHER | RESET_ON_FORK);
	CHECK_EQ("nice 2", getpriority(PRIO_PROCESS, 0), 2);
	a.sched_flags = FLAG_KEEP_POLICY;        /* keeps the flag too */
	a.sched_nice = 1;
	CHECK_OK0("KEEP_POLICY on OTHER", setattr(0, &a));
	CHECK_EQ("flag kept", getsched(0), SCHED_OTHER | RESET_ON_FORK);
	CHECK_EQ("nice 1", getpriority(PRIO_PROCESS, 0), 1);
	a.sched_flags = FLAG_KEEP_POLICY;
	a.sched_priority = 5;
	CHECK_ERR("priority for OTHER", setattr(0, &a), EINVAL);
	a.sched_flags = FLAG_RESET_ON_FORK;
	a.sched_priority = 0;
	a.sched_policy = SCHED_IDLE;
	a.sched_nice = 10;
	CHECK_OK0("IDLE, nice 10", setattr(0, &a));
	CHECK_EQ("nice not set for IDLE", getpriority(PRIO_PROCESS, 0), 1);
	a.sched_policy = SCHED_BATCH;
	CHECK_OK0("BATCH, nice 10", setattr(0, &a));
	CHECK_EQ("nice set for BATCH", getpriority(PRIO_PROCESS, 0), 10);
}

/* ---- as uid 1000 ---- */

static void set_limits(int rtprio, int nice)
{
	struct rlimit r = { rtprio, rtprio }, n = { nice, nice };
	if (setrlimit(RLIMIT_RTPRIO, &r) < 0 || setrlimit(RLIMIT_NICE, &n) < 0)
		say("[FAIL] setrlimit: %s\n", errname(errno));
}

static void user_no_rtprio(void)
{
	struct sattr a;
	CHECK_ERR("user: FIFO 1", setsched(0, SCHED_FIFO, 1), EPERM);
	CHECK_ERR("user: RR 1", setsched(0, SCHED_RR, 1), EPERM);
	CHECK_ERR("user: bad priority is EINVAL first", setsched(0, SCHED_FIFO, 100), EINVAL);
	CHECK_ERR("user: parent's (root's)", setsched(getppid(), SCHED_OTHER, 0), EPERM);
	CHECK_ERR("user: parent's setparam", setparam(getppid(), 0), EPERM);
	CHECK_EQ("user: may read root's", getsched(getppid()), SCHED_OTHER);
	CHECK_OK0("user: BATCH", setsched(0, SCHED_BATCH, 0));
	CHECK_OK0("user: OTHER", setsched(0, SCHED_OTHER, 0));
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.sched_nice = -1;
	CHECK_ERR("user: nice -1 by setattr", setattr(0, &a), EPERM);
	a.sched_nice = 4;
	CHECK_OK0("user: nice 4 by setattr", setattr(0, &a));
	a.sched_nice = 2;
	CHECK_ERR("user: back to nice 2", setattr(0, &a), EPERM);
	CHECK_OK0("user: OTHER | RESET_ON_FORK", setsched(0, SCHED_OTHER | RESET_ON_FORK, 0));
	CHECK_ERR("user: may not clear the flag", setsched(0, SCHED_OTHER, 0), EPERM);
	CHECK_OK0("user: setparam keeps it", setparam(0, 0));
	CHECK_OK0("user: IDLE with the flag", setsched(0, SCHED_IDLE | RESET_ON_FORK, 0));
	CHECK_ERR("user: IDLE to OTHER needs RLIMIT_NICE", setsched(0, SCHED_OTHER | RESET_ON_FORK, 0), EPERM);
	CHECK_ERR("user: IDLE to BATCH too", setsched(0, SCHED_BATCH | RESET_ON_FORK, 0), EPERM);
	CHECK_OK0("user: IDLE to IDLE", setsched(0, SCHED_IDLE | RESET_ON_FORK, 0));
}

/* A real-time task whose user has RLIMIT_RTPRIO 0 (root made it FIFO
 * 10) may lower its priority, not raise it, and may leave the class but
 * not come back. (A limit above 0: t_sched_policy_guest, the host's root
 * cannot raise it.) */
static void user_lowers_rt(void)
{
	CHECK_EQ("user: FIFO 10 from root", getprio(0), 10);
	CHECK_OK0("user: lower to 5", setparam(0, 5));
	CHECK_ERR("user: raise to 6", setparam(0, 6), EPERM);
	CHECK_OK0("user: same priority", setsched(0, SCHED_FIFO, 5));
	CHECK_ERR("user: to RR", setsched(0, SCHED_RR, 5), EPERM);
	CHECK_OK0("user: back to OTHER", setsched(0, SCHED_OTHER, 0));
	CHECK_ERR("user: and not again", setsched(0, SCHED_FIFO, 1), EPERM);
}

static void root_fifo_then_user(void)
{
	if (setsched(0, SCHED_FIFO, 10) < 0)
		say("[FAIL] root: FIFO 10: %s\n", errname(errno));
	become_uid1000();
}

static void permissions(void)
{
	set_limits(0, 0);
	as_uid1000(user_no_rtprio);
	in_child("rt child", root_fifo_then_user, user_lowers_rt);
}

/* Another user's real-time task may be lowered by root. */
static void root_over_user(void)
{
	int fd[2];
	pipe(fd);
	pid_t pid = fork();
	if (pid == 0) {
		become_uid1000();
		write(fd[1], "x", 1);
		pause();
		_exit(0);
	}
	char c;
	read(fd[0], &c, 1);
	CHECK_OK0("root sets a user's task FIFO 15", setsched(pid, SCHED_FIFO, 15));
	CHECK_EQ("user's FIFO 15", getprio(pid), 15);
	CHECK_OK0("root sets it to OTHER", setsched(pid, SCHED_OTHER, 0));
	CHECK_EQ("it is OTHER", getsched(pid), SCHED_OTHER);
	kill(pid, SIGKILL);
	wait_for(pid);
}

static void sysctls(void)
{
	char buf[64] = "";
	CHECK(".../sched_rt_period_us", get_file("/proc/sys/kernel/sched_rt_period_us", buf, sizeof buf) > 0);
	CHECK_STR("period 1 s", buf, "1000000\n");
	CHECK(".../sched_rt_runtime_us", get_file("/proc/sys/kernel/sched_rt_runtime_us", buf, sizeof buf) > 0);
	CHECK_STR("runtime 0.95 s", buf, "950000\n");
}

int main(void)
{
	RUN(ranges);
	RUN(defaults);
	RUN(errors);
	RUN(round_trips);
	RUN(nice_and_rt);
	RUN(fork_inherits);
	RUN(reset_on_fork);
	RUN(attr_sizes);
	RUN(attr_values);
	RUN(permissions);
	RUN(root_over_user);
	RUN(sysctls);
	return cases_failed ? 1 : 0;
}
