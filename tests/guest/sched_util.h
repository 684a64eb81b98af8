/* sched_util.h - the scheduling-policy calls, raw (musl's
 * sched_setscheduler and friends answer ENOSYS by design), and
 * /proc/<pid>/stat's scheduling fields, for t_sched_policy*.c. */
#ifndef SCHED_UTIL_H
#define SCHED_UTIL_H
#include "check.h"
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#ifndef SCHED_BATCH
#define SCHED_BATCH 3
#endif
#ifndef SCHED_IDLE
#define SCHED_IDLE 5
#endif
#define SCHED_DEADLINE_ 6
#define RESET_ON_FORK 0x40000000
#define FLAG_RESET_ON_FORK 0x01ULL
#define FLAG_KEEP_POLICY 0x08ULL
#define FLAG_KEEP_PARAMS 0x10ULL

/* struct sched_attr, as <linux/sched/types.h> lays it out (56 bytes). */
struct sattr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

__attribute__((unused))
static long setsched(pid_t pid, int policy, int prio)
{
	struct sched_param p = { .sched_priority = prio };
	return syscall(SYS_sched_setscheduler, pid, policy, &p);
}

__attribute__((unused))
static long setparam(pid_t pid, int prio)
{
	struct sched_param p = { .sched_priority = prio };
	return syscall(SYS_sched_setparam, pid, &p);
}

__attribute__((unused))
static long getsched(pid_t pid)
{
	return syscall(SYS_sched_getscheduler, pid);
}

/* sched_getparam's priority, or -100 - errno. */
__attribute__((unused))
static int getprio(pid_t pid)
{
	struct sched_param p = { .sched_priority = -1 };
	if (syscall(SYS_sched_getparam, pid, &p) < 0)
		return -100 - errno;
	return p.sched_priority;
}

__attribute__((unused))
static long setattr(pid_t pid, struct sattr *a)
{
	return syscall(SYS_sched_setattr, pid, a, 0);
}

__attribute__((unused))
static long getattr(pid_t pid, struct sattr *a)
{
	memset(a, 0, sizeof *a);
	return syscall(SYS_sched_getattr, pid, a, sizeof *a, 0);
}

/* Field n (1-based, as man 5 proc counts) of /proc/<pid>/stat, 0 for
 * the caller; -9999 when it cannot be read. */
__attribute__((unused))
static long stat_field(pid_t pid, int n)
{
	char path[64], buf[1024];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/self/stat");
	if (get_file(path, buf, sizeof buf) <= 0)
		return -9999;
	char *p = strrchr(buf, ')');
	if (!p)
		return -9999;
	p += 2;                                  /* field 3 */
	for (int f = 3; f < n; f++) {
		p = strchr(p, ' ');
		if (!p)
			return -9999;
		p++;
	}
	return strtol(p, NULL, 10);
}

/* Memory the case's children share with it. */
__attribute__((unused))
static void *shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Monotonic milliseconds. */
__attribute__((unused))
static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
