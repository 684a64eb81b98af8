/* t_sched_edges - differential checks of the
 * scheduling-policy calls (kernel/sched_syscalls.c):
 *   - sched_setattr with SCHED_FLAG_SUGOV (0x10000000, outside
 *     SCHED_FLAG_ALL) passes Linux's first flag check and is refused
 *     (EINVAL) only after the permission checks: a user who may not
 *     have the policy gets EPERM first;
 *   - the calls on a zombie (not yet reaped) find it. */
#include "sched_util.h"

#define FLAG_SUGOV 0x10000000ULL

static void user_sugov(void)
{
	struct sattr a = { .size = 48, .sched_policy = SCHED_FIFO, .sched_priority = 1,
	                   .sched_flags = FLAG_SUGOV };
	CHECK_ERR("user, no RLIMIT_RTPRIO, FIFO with SUGOV: EPERM first", setattr(0, &a), EPERM);
	struct sattr b = { .size = 48, .sched_policy = SCHED_OTHER, .sched_flags = FLAG_SUGOV };
	CHECK_ERR("user, OTHER with SUGOV: EINVAL", setattr(0, &b), EINVAL);
}

static void sugov_order(void)
{
	struct rlimit r = { 0, 0 };
	setrlimit(RLIMIT_RTPRIO, &r);
	as_uid1000(user_sugov);
	struct sattr a = { .size = 48, .sched_policy = SCHED_OTHER, .sched_flags = FLAG_SUGOV };
	CHECK_ERR("root, SUGOV: EINVAL", setattr(0, &a), EINVAL);
}

/* A zombie is still found: its policy read and set. */
static void zombie(void)
{
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)c);
	for (int i = 0; i < 500; i++) {          /* until it is a zombie */
		char buf[256];
		if (get_file(path, buf, sizeof buf) > 0 && strstr(buf, ") Z "))
			break;
		msleep(10);
	}
	CHECK_EQ("getscheduler of a zombie", getsched(c), SCHED_OTHER);
	CHECK_EQ("getparam of a zombie", getprio(c), 0);
	long r = setsched(c, SCHED_FIFO, 3);
	CHECK_EQ("setscheduler of a zombie", r, 0);
	CHECK_EQ("its policy after", getsched(c), r == 0 ? SCHED_FIFO : SCHED_OTHER);
	CHECK_EQ("stat field 41 (policy)", stat_field(c, 41), r == 0 ? SCHED_FIFO : SCHED_OTHER);
	CHECK_EQ("reaped", waitpid(c, NULL, 0), c);
	CHECK_ERR("after reaping: ESRCH", getsched(c), ESRCH);
}

int main(void)
{
	RUN(sugov_order);
	RUN(zombie);
	return cases_failed ? 1 : 0;
}
