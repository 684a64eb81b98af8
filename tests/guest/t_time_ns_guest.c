/* t_time_ns_guest - guest only: Pipit's time namespaces from the inside.
 * A task in a namespace reads its clocks through the vDSO without system
 * calls (its namespace's vvar page, kernel/mm/vdso.c), monotonic as
 * ever; its [vvar] is two pages; and namespaces made, entered, joined
 * by setns and left give back every page and object (the last user frees
 * a namespace and its page). */
#include "check.h"
#include "kmem.h"
#include <sched.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif

static int enter_ns(void)
{
	static const char text[] = "monotonic 3000 0\nboottime 7000 0\n";
	int fd;
	if (unshare(CLONE_NEWTIME) < 0 || (fd = open("/proc/self/timens_offsets", O_WRONLY)) < 0 ||
	    write(fd, text, sizeof text - 1) != sizeof text - 1)
		return -1;
	close(fd);
	fd = open("/proc/self/ns/time_for_children", O_RDONLY);
	int r = setns(fd, CLONE_NEWTIME);
	close(fd);
	return r;
}

static void vdso_in_namespace(void)
{
	CHECK_OK0("a namespace with offsets, joined", enter_ns());
	struct timespec ts, prev = { 0, 0 }, boot;
	struct timeval tv;
	int backwards = 0;
	unsigned long before = syscalls_so_far();
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		backwards += ts.tv_sec < prev.tv_sec || (ts.tv_sec == prev.tv_sec && ts.tv_nsec < prev.tv_nsec);
		prev = ts;
		clock_gettime(CLOCK_BOOTTIME, &boot);
		gettimeofday(&tv, NULL);
	}
	unsigned long made = syscalls_so_far() - before;
	CHECK("3000 clock reads, fewer than 20 system calls", made < 20);
	CHECK_EQ("CLOCK_MONOTONIC never goes back", backwards, 0);
	CHECK("the offsets are there", ts.tv_sec >= 3000 && boot.tv_sec >= 7000 && boot.tv_sec - ts.tv_sec >= 3999);
	char line[256];
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo = 0, hi = 0;
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, "[vvar]"))
			sscanf(line, "%lx-%lx", &lo, &hi);
	if (f)
		fclose(f);
	CHECK_EQ("[vvar] is two pages", (long)(hi - lo), 8192L);
	pid_t c = fork();
	if (c == 0) {
		volatile const int *data = (const int *)(lo + 4096);
		_exit(*data == 12345 ? 3 : 2);   /* the clock data, after the namespace's page */
	}
	CHECK_EXIT("in a namespace, the second page is the clock data", wait_for(c), 2);
	CHECK_OK0("back to the initial namespace", setns(open("/proc/1/ns/time", O_RDONLY), CLONE_NEWTIME));
	c = fork();
	if (c == 0) {
		volatile const int *data = (const int *)(lo + 4096);
		_exit(*data);
	}
	CHECK_SIG("in the initial one it is empty: SIGBUS", wait_for(c), SIGBUS);
}

static bool namespaces_work(void)
{
	bool ok = true;
	for (int i = 0; i < 50; i++) {
		pid_t c = fork();
		if (c == 0)
			_exit(enter_ns() == 0 && fork() >= 0 ? 0 : 1);
		ok = wait_for(c) == 0 && ok;
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
	return ok;
}

static void account(void)
{
	kmem_account("50 time namespaces made, entered and left", namespaces_work, 3,
		     "the account exactly as before");
}

int main(void)
{
	RUN(vdso_in_namespace);
	RUN(account);
	return cases_failed ? 1 : 0;
}
