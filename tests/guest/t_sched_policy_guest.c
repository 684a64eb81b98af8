/* t_sched_policy_guest - what the scheduling policies do on Pipit's one
 * CPU (the host has several, where these orders do not hold): a FIFO
 * task is not preempted by a normal one, a higher FIFO task that wakes
 * preempts a lower one, RR tasks of one priority take turns and FIFO
 * ones do not, sched_yield sends a FIFO task behind its equals, the
 * real-time throttle lets a normal task run beside a FIFO busy loop,
 * SCHED_IDLE runs only when no normal task can. Also what the host's
 * root cannot show (RLIMIT_RTPRIO and RLIMIT_NICE above 0), the
 * throttle's sysctls, SCHED_DEADLINE's absence and the slice Pipit
 * reports for SCHED_OTHER. Every busy loop ends by itself after some
 * seconds, so a broken scheduler fails here rather than hang. */
#include "sched_util.h"

/* Real-time time is counted per period of kernel.sched_rt_period_us
 * (1 s), starting at the first real-time tick after the last period
 * ended: after a second without one, a case has a whole period's 950 ms
 * to itself. */
static void fresh_period(void)
{
	msleep(1100);
}

static void spin_ms(long ms)
{
	long end = now_ms() + ms;
	while (now_ms() < end)
		;
}

/* A normal task does not run while a FIFO task spins. */
static void fifo_not_preempted(void)
{
	volatile long *sh = shared_page();
	fresh_period();
	pid_t c = fork();
	if (c == 0) {
		sh[1] = 1;
		long end = now_ms() + 10000;
		while (!sh[0] && now_ms() < end)
			sh[2]++;
		_exit(0);
	}
	while (!sh[1])
		sched_yield();                   /* the child is in its loop */
	CHECK_OK0("FIFO 10", setsched(0, SCHED_FIFO, 10));
	long before = sh[2];
	spin_ms(300);
	long after = sh[2];
	CHECK("normal task did not run during 300 ms", after == before);
	CHECK_OK0("OTHER again", setsched(0, SCHED_OTHER, 0));
	sh[0] = 1;
	CHECK_EXIT("child", wait_for(c), 0);
}

/* A FIFO 20 task woken by a FIFO 10 one runs before the waker's call
 * returns; one of equal priority does not. */
static void wakeup(int child_prio, long expect_child_seq)
{
	volatile long *sh = shared_page();
	int fd[2];
	pipe(fd);
	pid_t c = fork();
	if (c == 0) {
		char ch;
		setsched(0, SCHED_FIFO, child_prio);
		read(fd[0], &ch, 1);
		sh[1] = ++sh[0];
		_exit(0);
	}
	wait_sleeping(c);
	CHECK_OK0("waker FIFO 10", setsched(0, SCHED_FIFO, 10));
	write(fd[1], "x", 1);
	sh[2] = ++sh[0];
	CHECK_OK0("waker OTHER", setsched(0, SCHED_OTHER, 0));
	wait_for(c);
	CHECK_EQ("woken task's turn", sh[1], expect_child_seq);
	CHECK_EQ("waker's turn", sh[2], 3 - expect_child_seq);
}

static void higher_wakeup_preempts(void)
{
	wakeup(20, 1);
}

static void equal_wakeup_waits(void)
{
	wakeup(10, 2);
}

/* A FIFO task that lowers its priority below a waiting one gives way. */
static void lowering_gives_way(void)
{
	volatile long *sh = shared_page();
	CHECK_OK0("FIFO 20", setsched(0, SCHED_FIFO, 20));
	pid_t c = fork();                        /* FIFO 20 too, queued behind */
	if (c == 0) {
		sh[1] = ++sh[0];
		_exit(0);
	}
	CHECK_OK0("child to 10", setparam(c, 10));
	CHECK_EQ("child has not run", sh[0], 0);
	CHECK_OK0("self to 5", setparam(0, 5));
	sh[2] = ++sh[0];
	CHECK_OK0("OTHER", setsched(0, SCHED_OTHER, 0));
	wait_for(c);
	CHECK_EQ("child ran first", sh[1], 1);
	CHECK_EQ("then the parent", sh[2], 2);
}

/* Two children, made policy/10 while they sleep, started together;
 * each runs body(sh, its index). Returns when both ended. */
static void two_children(int policy, volatile long *sh, void (*body)(volatile long *, int))
{
	int go[2];
	pipe(go);
	pid_t k[2];
	for (int i = 0; i < 2; i++) {
		k[i] = fork();
		if (k[i] == 0) {
			char ch;
			read(go[0], &ch, 1);
			body(sh, i);
			_exit(0);
		}
		wait_sleeping(k[i]);
	}
	for (int i = 0; i < 2; i++)
		if (setsched(k[i], policy, 10) < 0)
			say("[FAIL] setsched child: %s\n", errname(errno));
	write(go[1], "xx", 2);
	for (int i = 0; i < 2; i++)
		wait_for(k[i]);
}

/* sh[0]: entries in the log sh[2..]; sh[1]: 1 + who logged last. */
static void log_turn(volatile long *sh, int me)
{
	if (sh[1] != me + 1 && sh[0] < 16) {
		sh[1] = me + 1;
		sh[2 + sh[0]] = me;
		sh[0]++;
	}
}

static void take_turns(volatile long *sh, int me)
{
	long end = now_ms() + 5000;
	while (sh[0] < 4 && now_ms() < end)
		log_turn(sh, me);
}

/* RR tasks of one priority take turns, 100 ms each, without blocking. */
static void rr_turns(void)
{
	volatile long *sh = shared_page();
	fresh_period();
	two_children(SCHED_RR, sh, take_turns);
	CHECK("four turns at least", sh[0] >= 4);   /* (a fifth: one preempted between test and log) */
	CHECK("they alternate", sh[2] != sh[3] && sh[3] != sh[4] && sh[4] != sh[5]);
}

static void spin_300(volatile long *sh, int me)
{
	long end = now_ms() + 300;
	while (now_ms() < end)
		log_turn(sh, me);
}

/* FIFO tasks of one priority do not: the first runs to its end. */
static void fifo_no_turns(void)
{
	volatile long *sh = shared_page();
	fresh_period();
	two_children(SCHED_FIFO, sh, spin_300);
	CHECK_EQ("one turn each", sh[0], 2);
}

static void yield_turns(volatile long *sh, int me)
{
	for (int i = 0; i < 3; i++) {
		if (sh[0] < 16)
			sh[2 + sh[0]++] = me;
		sched_yield();
	}
}

/* sched_yield sends a FIFO task behind its equals. */
static void fifo_yield(void)
{
	volatile long *sh = shared_page();
	two_children(SCHED_FIFO, sh, yield_turns);
	CHECK_EQ("six entries", sh[0], 6);
	bool alternate = true;
	for (int i = 0; i + 1 < 6; i++)
		alternate &= sh[2 + i] != sh[3 + i];
	CHECK("yield alternates", alternate);
	/* alone in its priority, the yielder goes on */
	CHECK_OK0("FIFO 30", setsched(0, SCHED_FIFO, 30));
	pid_t c = fork();                        /* FIFO 30 too, then lowered */
	if (c == 0) {
		sh[1] = 99;
		_exit(0);
	}
	setparam(c, 29);
	sh[1] = 0;
	sched_yield();
	CHECK_EQ("lower one did not run", sh[1], 0);
	setsched(0, SCHED_OTHER, 0);
	wait_for(c);
}

/* A FIFO busy loop is throttled after 950 ms of a period: a normal task
 * it kept off the CPU runs then, and can tell it to stop. */
static void throttle(void)
{
	volatile long *sh = shared_page();
	fresh_period();
	pid_t c = fork();
	if (c == 0) {
		setsched(0, SCHED_FIFO, 10);
		long end = now_ms() + 10000;
		while (!sh[0] && now_ms() < end)
			;
		_exit(sh[0] ? 0 : 1);
	}
	long t0 = now_ms();
	msleep(50);                              /* the child spins from here */
	long waited = now_ms() - t0;
	sh[0] = 1;
	CHECK("kept waiting by the FIFO loop", waited >= 500);
	CHECK("but not for its 10 s", waited < 5000);
	CHECK_EXIT("FIFO loop stopped by the normal task", wait_for(c), 0);
}

/* A SCHED_IDLE task runs when nothing else can, not while a normal task
 * spins; a normal task that wakes takes the CPU from it. */
static void sched_idle(void)
{
	volatile long *sh = shared_page();
	pid_t c = fork();
	if (c == 0) {
		setsched(0, SCHED_IDLE, 0);
		sh[1] = 1;
		long end = now_ms() + 10000;
		while (!sh[0] && now_ms() < end)
			sh[2]++;
		_exit(0);
	}
	pid_t d = fork();
	if (d == 0) {
		while (!sh[1])
			msleep(10);                  /* the SCHED_IDLE task runs meanwhile */
		long before = sh[2];
		spin_ms(300);
		sh[3] = sh[2] - before;
		sh[0] = 1;
		_exit(0);
	}
	wait_for(d);
	wait_for(c);
	CHECK("SCHED_IDLE task ran while the others slept", sh[2] > 0);
	CHECK_EQ("not while a normal task spun", sh[3], 0);
}

static void set_limits(int rtprio, int nice)
{
	struct rlimit r = { rtprio, rtprio }, n = { nice, nice };
	if (setrlimit(RLIMIT_RTPRIO, &r) < 0 || setrlimit(RLIMIT_NICE, &n) < 0)
		say("[FAIL] setrlimit: %s\n", errname(errno));
}

static void user_rtprio_10(void)
{
	CHECK_OK0("user: FIFO 5", setsched(0, SCHED_FIFO, 5));
	CHECK_OK0("user: FIFO 10", setparam(0, 10));
	CHECK_ERR("user: FIFO 11", setparam(0, 11), EPERM);
	CHECK_ERR("user: RR 11", setsched(0, SCHED_RR, 11), EPERM);
	CHECK_OK0("user: RR 3", setsched(0, SCHED_RR, 3));
	struct rlimit r = { 0, 0 };
	CHECK_OK0("user: RLIMIT_RTPRIO 0", setrlimit(RLIMIT_RTPRIO, &r));
	CHECK_OK0("user: lower to 2", setparam(0, 2));
	CHECK_ERR("user: raise to 3", setparam(0, 3), EPERM);
	CHECK_ERR("user: other RT policy", setsched(0, SCHED_FIFO, 1), EPERM);
	CHECK_OK0("user: back to OTHER", setsched(0, SCHED_OTHER, 0));
}

static void user_nice_limit(void)
{
	CHECK_OK0("user: IDLE", setsched(0, SCHED_IDLE, 0));
	CHECK_OK0("user: IDLE to OTHER with RLIMIT_NICE 20", setsched(0, SCHED_OTHER, 0));
	struct sattr a;
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.sched_nice = 0;
	CHECK_OK0("user: nice 0 (limit 20)", setattr(0, &a));
	a.sched_nice = -1;
	CHECK_ERR("user: nice -1 (limit 20)", setattr(0, &a), EPERM);
}

static void rlimits(void)
{
	set_limits(10, 0);
	as_uid1000(user_rtprio_10);
	set_limits(0, 20);
	as_uid1000(user_nice_limit);
}

/* Pipit has no SCHED_DEADLINE: EINVAL, as a Linux that does not know it. */
static void no_deadline(void)
{
	CHECK_SYSERR("max", EINVAL, SYS_sched_get_priority_max, SCHED_DEADLINE_);
	CHECK_SYSERR("min", EINVAL, SYS_sched_get_priority_min, SCHED_DEADLINE_);
	CHECK_ERR("setscheduler", setsched(0, SCHED_DEADLINE_, 0), EINVAL);
	struct sattr a;
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.sched_policy = SCHED_DEADLINE_;
	a.sched_runtime = 10000000;
	a.sched_deadline = a.sched_period = 30000000;
	CHECK_ERR("setattr", setattr(0, &a), EINVAL);
	a.sched_policy = SCHED_OTHER;
	a.sched_flags = 0x20;                    /* SCHED_FLAG_UTIL_CLAMP_MIN */
	CHECK_ERR("no utilization clamps", setattr(0, &a), EOPNOTSUPP);
}

/* What sched_rr_get_interval says of a normal task: the round robin's
 * 50 ms slice. */
static void other_interval(void)
{
	int32_t ts[2];
	CHECK_OK0("rr interval", syscall(SYS_sched_rr_get_interval, 0, ts));
	CHECK_EQ("50 ms", ts[0] * 1000L + ts[1] / 1000000, 50);
}

static int write_sysctl(const char *name, const char *v)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/sys/kernel/%s", name);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	int r = write(fd, v, strlen(v));
	int e = errno;
	close(fd);
	errno = e;
	return r < 0 ? -1 : 0;
}

static void user_writes(void)
{
	CHECK_ERR("user may not write", write_sysctl("sched_rt_runtime_us", "1000"), EACCES);
}

static void sysctl_writes(void)
{
	char buf[64] = "";
	CHECK_ERR("runtime above the period", write_sysctl("sched_rt_runtime_us", "1000001"), EINVAL);
	CHECK_ERR("runtime -2", write_sysctl("sched_rt_runtime_us", "-2"), EINVAL);
	CHECK_ERR("runtime a word", write_sysctl("sched_rt_runtime_us", "abc"), EINVAL);
	CHECK_ERR("period 0", write_sysctl("sched_rt_period_us", "0"), EINVAL);
	CHECK_ERR("period -1", write_sysctl("sched_rt_period_us", "-1"), EINVAL);
	CHECK_ERR("period below the runtime", write_sysctl("sched_rt_period_us", "900000"), EINVAL);
	CHECK_OK0("runtime -1", write_sysctl("sched_rt_runtime_us", "-1\n"));
	get_file("/proc/sys/kernel/sched_rt_runtime_us", buf, sizeof buf);
	CHECK_STR("reads -1", buf, "-1\n");
	CHECK_OK0("period 2 s with no limit", write_sysctl("sched_rt_period_us", "2000000"));
	CHECK_OK0("period back", write_sysctl("sched_rt_period_us", "1000000"));
	CHECK_OK0("runtime back", write_sysctl("sched_rt_runtime_us", "950000"));
	get_file("/proc/sys/kernel/sched_rt_runtime_us", buf, sizeof buf);
	CHECK_STR("reads 950000", buf, "950000\n");
	as_uid1000(user_writes);
}

int main(void)
{
	RUN(fifo_not_preempted);
	RUN(higher_wakeup_preempts);
	RUN(equal_wakeup_waits);
	RUN(lowering_gives_way);
	RUN(rr_turns);
	RUN(fifo_no_turns);
	RUN(fifo_yield);
	RUN(throttle);
	RUN(sched_idle);
	RUN(rlimits);
	RUN(no_deadline);
	RUN(other_interval);
	RUN(sysctl_writes);
	return cases_failed ? 1 : 0;
}
