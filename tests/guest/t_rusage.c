/* t_rusage - differential test of the counts getrusage(2) and wait4(2)
 * report besides the times: ru_minflt (pages faulted in), ru_nvcsw
 * (switches away to sleep), for the thread, the process (its ended
 * threads too), and the children waited for (their children too), and
 * /proc/self/stat's fields 11, 16 and 17 (cminflt, cutime, cstime),
 * and ru_maxrss with status's VmHWM, the most ever resident
 * (kernel/cputime.c: group_usage, cputime_reap; kernel/mm/vm.h:
 * mm_rss_add). Only lower bounds are
 * checked: the exact counts are the C library's and the kernel's own. */
#include "check.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/times.h>

#define PAGES 64

static char *touch_n(int n)
{
	char *p = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < n; i++)
		p[i * 4096] = 1;
	return p;
}

static void touch_pages(void)
{
	touch_n(PAGES);
}

/* A status line's number (kB). */
static long status_kb(const char *key)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY), n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static long usec(struct timeval tv)
{
	return tv.tv_sec * 1000000L + tv.tv_usec;
}

/* Runs in user mode until times() says `ticks` clock ticks went by. */
static void busy_ticks(int ticks)
{
	struct tms t;
	clock_t start = times(&t), u0 = t.tms_utime + t.tms_stime;
	(void)start;
	for (;;) {
		for (volatile int i = 0; i < 100000; i++)
			;
		times(&t);
		if (t.tms_utime + t.tms_stime - u0 >= ticks)
			return;
	}
}

/* Fields 10.. of /proc/self/stat as numbers (f[10] is minflt). */
static void stat_fields(unsigned long f[24])
{
	char buf[1024];
	int fd = open("/proc/self/stat", O_RDONLY), n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *p = strrchr(buf, ')') + 2;
	memset(f, 0, 24 * sizeof f[0]);
	for (int i = 3; i < 24 && p; i++) {
		f[i] = strtoul(p, NULL, 10);
		p = strchr(p, ' ');
		if (p)
			p++;
	}
}

static void self_and_thread(void)
{
	struct rusage a, b, ta, tb;
	CHECK_OK0("getrusage SELF", getrusage(RUSAGE_SELF, &a));
	CHECK_OK0("getrusage THREAD", getrusage(RUSAGE_THREAD, &ta));
	touch_pages();
	for (int i = 0; i < 3; i++)
		usleep(1000);
	getrusage(RUSAGE_SELF, &b);
	getrusage(RUSAGE_THREAD, &tb);
	CHECK("SELF ru_minflt grows by the pages touched", b.ru_minflt - a.ru_minflt >= PAGES);
	CHECK("THREAD ru_minflt too", tb.ru_minflt - ta.ru_minflt >= PAGES);
	CHECK("SELF ru_nvcsw grows by the sleeps", b.ru_nvcsw - a.ru_nvcsw >= 3);
	CHECK("THREAD ru_nvcsw too", tb.ru_nvcsw - ta.ru_nvcsw >= 3);
	CHECK("no major faults", b.ru_majflt == 0);
	CHECK_ERR("who 5", getrusage(5, &b), EINVAL);
}

static void *toucher(void *arg)
{
	(void)arg;
	touch_pages();
	usleep(1000);
	return NULL;
}

/* The counts of a thread that ended stay with its process. */
static void ended_thread(void)
{
	struct rusage a, b;
	unsigned long f0[24], f1[24];
	getrusage(RUSAGE_SELF, &a);
	stat_fields(f0);
	pthread_t t;
	pthread_create(&t, NULL, toucher, NULL);
	pthread_join(t, NULL);
	getrusage(RUSAGE_SELF, &b);
	stat_fields(f1);
	CHECK("SELF ru_minflt has the ended thread's faults", b.ru_minflt - a.ru_minflt >= PAGES);
	CHECK("SELF ru_nvcsw its sleep", b.ru_nvcsw - a.ru_nvcsw >= 1);
	CHECK("stat minflt too", f1[10] - f0[10] >= PAGES);
}

static void children(void)
{
	unsigned long f0[24], f1[24];
	stat_fields(f0);
	CHECK("no children's faults yet", f0[11] == 0 && f0[16] == 0 && f0[17] == 0);
	pid_t pid = fork();
	if (pid == 0) {
		touch_pages();
		for (int i = 0; i < 3; i++)
			usleep(1000);
		busy_ticks(3);
		_exit(0);
	}
	int st;
	struct rusage ru, ch;
	CHECK_EQ("wait4", wait4(pid, &st, 0, &ru), pid);
	CHECK("wait4 ru_minflt", ru.ru_minflt >= PAGES);
	CHECK("wait4 ru_nvcsw", ru.ru_nvcsw >= 3);
	CHECK("wait4 times: 3 ticks at least", usec(ru.ru_utime) + usec(ru.ru_stime) >= 25000);
	CHECK_OK0("getrusage CHILDREN", getrusage(RUSAGE_CHILDREN, &ch));
	CHECK("CHILDREN ru_minflt", ch.ru_minflt >= PAGES);
	CHECK("CHILDREN ru_nvcsw", ch.ru_nvcsw >= 3);
	CHECK("CHILDREN times", usec(ch.ru_utime) + usec(ch.ru_stime) >= 25000);
	stat_fields(f1);
	CHECK("stat 11 cminflt", f1[11] >= PAGES);
	CHECK("stat 16+17 cutime+cstime: 3 ticks at least", f1[16] + f1[17] >= 2);
}

/* A child's rusage holds what its own children it waited for used. */
static void grandchildren(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			touch_pages();
			touch_pages();
			_exit(0);
		}
		waitpid(g, NULL, 0);
		_exit(0);
	}
	struct rusage ru;
	int st;
	CHECK_EQ("wait4", wait4(pid, &st, 0, &ru), pid);
	CHECK("wait4 ru_minflt has the grandchild's", ru.ru_minflt >= 2 * PAGES);
}

/* ru_maxrss (KiB) is the most memory ever resident: it does not go down
 * when pages go, and a parent learns the most of any child it waited
 * for, grandchildren included; status's VmHWM says the same. */
static void maxrss(void)
{
	char *p = touch_n(1024);
	struct rusage a, b;
	CHECK_OK0("getrusage", getrusage(RUSAGE_SELF, &a));
	CHECK("ru_maxrss holds the 4 MiB touched", a.ru_maxrss >= 4096);
	CHECK("VmHWM too", status_kb("VmHWM:") >= 4096);
	munmap(p, 1024 * 4096);
	getrusage(RUSAGE_SELF, &b);
	CHECK("it stays after munmap", b.ru_maxrss >= a.ru_maxrss);
	CHECK("VmHWM stays above VmRSS", status_kb("VmHWM:") - status_kb("VmRSS:") >= 4000);
	pid_t pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			touch_n(3072);
			_exit(0);
		}
		waitpid(g, NULL, 0);
		_exit(0);
	}
	int st;
	struct rusage ru, ch;
	CHECK_EQ("wait4", wait4(pid, &st, 0, &ru), pid);
	CHECK("wait4 ru_maxrss: the grandchild's 12 MiB", ru.ru_maxrss >= 12288);
	getrusage(RUSAGE_CHILDREN, &ch);
	CHECK("CHILDREN ru_maxrss", ch.ru_maxrss >= 12288);
	getrusage(RUSAGE_SELF, &b);
	CHECK("SELF is not the children's", b.ru_maxrss < 12288);
}

/* The report of a stop carries the child's usage so far. */
static void stop_report(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		touch_pages();
		raise(SIGSTOP);
		_exit(0);
	}
	int st;
	struct rusage ru;
	CHECK_EQ("wait4 WUNTRACED", wait4(pid, &st, WUNTRACED, &ru), pid);
	CHECK("stopped", WIFSTOPPED(st));
	CHECK("its ru_minflt", ru.ru_minflt >= PAGES);
	kill(pid, SIGCONT);
	CHECK_EQ("reaped", wait4(pid, &st, 0, &ru), pid);
}

int main(void)
{
	RUN(self_and_thread);
	RUN(ended_thread);
	RUN(children);
	RUN(grandchildren);
	RUN(maxrss);
	RUN(stop_report);
	return cases_failed ? 1 : 0;
}
