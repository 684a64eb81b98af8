/* t_coredump_guest - the core file's name from kernel.core_pattern and
 * kernel.core_uses_pid. Guest-only: it sets the knobs (root), which the
 * host must keep. */
#include "check.h"
#include <sys/resource.h>

static void knob(const char *path, const char *v)
{
	put_file(path, v, strlen(v));
}

/* A child in tdir that dies by SIGQUIT with RLIMIT_CORE unlimited. */
static pid_t crash_child(int *status)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
		setrlimit(RLIMIT_CORE, &r);
		if (chdir(tdir) < 0)
			_exit(99);
		kill(getpid(), SIGQUIT);
		_exit(98);
	}
	*status = wait_for(pid);
	return pid;
}

static void names(void)
{
	tdir_setup("t_coredump_guest");
	int st;
	char want[96], got[96];
	knob("/proc/sys/kernel/core_uses_pid", "1");
	pid_t pid = crash_child(&st);
	snprintf(want, sizeof want, "core.%d", pid);
	CHECK("core_uses_pid 1: core.PID", WCOREDUMP(st) && access(P(want), F_OK) == 0);
	knob("/proc/sys/kernel/core_pattern", "c-%e-%s-%u-%%-%p");
	pid = crash_child(&st);
	snprintf(want, sizeof want, "c-t_coredump_gues-%d-0-%%-%d", SIGQUIT, pid);
	CHECK("%e %s %u %% %p, and no second pid", WCOREDUMP(st) && access(P(want), F_OK) == 0);
	get_file("/proc/sys/kernel/core_pattern", got, sizeof got);
	CHECK_STR("reads back", got, "c-%e-%s-%u-%%-%p\n");
	char pat[160];
	snprintf(pat, sizeof pat, "%s/sub/%%p", tdir);
	knob("/proc/sys/kernel/core_pattern", pat);
	mkdir(P("sub"), 0755);
	pid = crash_child(&st);
	snprintf(want, sizeof want, "sub/%d", pid);
	CHECK("an absolute pattern", WCOREDUMP(st) && access(P(want), F_OK) == 0);
	knob("/proc/sys/kernel/core_pattern", "|/bin/cat");
	crash_child(&st);
	CHECK("a pipe: no core, no bit", WIFSIGNALED(st) && !WCOREDUMP(st));
	knob("/proc/sys/kernel/core_pattern", "core");
	knob("/proc/sys/kernel/core_uses_pid", "0");
	get_file("/proc/sys/kernel/core_uses_pid", got, sizeof got);
	CHECK_STR("core_uses_pid back to 0", got, "0\n");
	rm_rf(tdir);
}

static void user_write(void)
{
	CHECK_ERR("user: core_pattern", open("/proc/sys/kernel/core_pattern", O_WRONLY), EACCES);
}

static void permissions(void) { as_uid1000(user_write); }

int main(void)
{
	RUN(names);
	RUN(permissions);
	return cases_failed ? 1 : 0;
}
