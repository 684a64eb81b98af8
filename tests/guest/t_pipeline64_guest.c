/* t_pipeline64_guest - guest only (issue 4, "How it is checked"): a
 * four-stage pipeline of guest programs moves 64 MiB with a matching
 * checksum, and afterwards every page is back. The pipeline is
 * t_pipeline's own (`/tests/t_pipeline run 64 4`: three copy stages and a
 * checksum stage, exit 0 when the checksum matches). Pipit reports its
 * free page count in sysinfo().freeram (mem_unit 4096); one warm-up run
 * first lets the kernel's caches settle, then the count must return
 * exactly to its value before the measured run. Counts are printed only on
 * failure. */
#include "check.h"
#include "kmem.h"

static long procs(void)
{
	struct sysinfo si;
	return sysinfo(&si) < 0 ? -1 : si.procs;
}

/* Runs t_pipeline's pipeline of k stages over mib MiB; its wait status. */
static int pipeline(const char *mib, const char *k)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "t_pipeline", "run", (char *)mib, (char *)k, NULL };
		char *envp[] = { "PATH=/bin:/usr/bin", NULL };
		execve("/tests/t_pipeline", argv, envp);
		_exit(127);
	}
	return pid < 0 ? -1 : wait_for(pid);
}

static void check_pages(const char *name, long before)
{
	long after = free_pages();
	if (after == before)
		pass(name);
	else
		fail(name, "free pages %ld before, %ld after (%+ld)", before, after, after - before);
}

static void pipeline64(void)
{
	/* warm-up: both shapes once, so caches sized by the number of
	 * processes and pipes alive at once have grown */
	CHECK_EXIT("warm_up_64MiB_4_stages", pipeline("64", "4"), 0);
	CHECK_EXIT("warm_up_2MiB_12_stages", pipeline("2", "12"), 0);
	long before = free_pages(), nprocs = procs();
	CHECK_EXIT("pipeline_64MiB_4_stages_checksum", pipeline("64", "4"), 0);
	check_pages("pipeline_64MiB_no_pages_leaked", before);
	CHECK_EQ("pipeline_64MiB_no_process_left", procs(), nprocs);
	int bad = 0;
	for (int i = 0; i < 3; i++)
		bad += pipeline("2", "12") != 0;
	CHECK_EQ("pipeline_2MiB_12_stages_3_times_checksum", bad, 0);
	check_pages("pipeline_12_stages_no_pages_leaked", before);
}

int main(void)
{
	RUN(pipeline64);
	return cases_failed ? 1 : 0;
}
