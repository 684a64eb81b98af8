/* t_pipeline64_guest - guest only (issue 4, "How it is checked"): a
 * four-stage pipeline of guest programs moves 64 MiB with a matching
 * checksum, and afterwards every page is back. The pipeline is
 * t_pipeline's own (`/tests/t_pipeline run 64 4`: three copy stages and a
 * checksum stage, exit 0 when the checksum matches). The kernel's exact
 * memory account (kmem.h: the pages outside kmalloc's buckets and the
 * objects in each bucket, after drop_caches) must come back to what it
 * was before the measured runs; one warm-up run of each shape first. The
 * free page count alone is not exact: a kmalloc bucket page may be given
 * back or taken again (placement, which depends on the tests that ran
 * earlier in the boot), and kmem.h keeps the measuring process's own
 * stack from growing between accounts. Counts are printed only on
 * failure. */
#include "check.h"
#include "kmem.h"
#include <sys/sysinfo.h>

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

static void check_pages(const char *name, const struct kmem *before)
{
	static struct kmem after;
	char why[256];
	if (kmem_take(&after) < 0)
		fail(name, "no kernel memory account");
	else if (kmem_diff(before, &after, why, sizeof why))
		fail(name, "%s", why);
	else
		pass(name);
}

static void pipeline64(void)
{
	/* warm-up: both shapes once, so caches sized by the number of
	 * processes and pipes alive at once have grown */
	CHECK_EXIT("warm_up_64MiB_4_stages", pipeline("64", "4"), 0);
	CHECK_EXIT("warm_up_2MiB_12_stages", pipeline("2", "12"), 0);
	static struct kmem before;
	long nprocs = procs();
	CHECK_EQ("kmem_account", kmem_take(&before), 0);
	CHECK_EXIT("pipeline_64MiB_4_stages_checksum", pipeline("64", "4"), 0);
	check_pages("pipeline_64MiB_no_pages_leaked", &before);
	CHECK_EQ("pipeline_64MiB_no_process_left", procs(), nprocs);
	int bad = 0;
	for (int i = 0; i < 3; i++)
		bad += pipeline("2", "12") != 0;
	CHECK_EQ("pipeline_2MiB_12_stages_3_times_checksum", bad, 0);
	check_pages("pipeline_12_stages_no_pages_leaked", &before);
}

int main(void)
{
	RUN(pipeline64);
	return cases_failed ? 1 : 0;
}
