/* t_sys_misc - differential test of small process calls: getcpu (that it
 * answers, not which CPU: the host has several), membarrier's commands
 * and registration rules (fork keeps them, exec does not) (the RSEQ pair and the query's exact answer are
 * t_sys_misc_guest's: no rseq in Pipit), personality (kept by fork and
 * exec, flags cleared by a set-user-id exec, /proc/<pid>/personality)
 * and rt_tgsigqueueinfo. The program re-executes itself with argv[1]
 * "pers" to print the personality an exec left. */
#include "check.h"
#include <sched.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>

/* <linux/membarrier.h>'s commands (no Linux headers beside musl's). */
enum {
	MEMBARRIER_CMD_QUERY = 0,
	MEMBARRIER_CMD_GLOBAL = 1 << 0,
	MEMBARRIER_CMD_GLOBAL_EXPEDITED = 1 << 1,
	MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED = 1 << 2,
	MEMBARRIER_CMD_PRIVATE_EXPEDITED = 1 << 3,
	MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 1 << 4,
	MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE = 1 << 5,
	MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE = 1 << 6,
	MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ = 1 << 7,
	MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ = 1 << 8,
	MEMBARRIER_CMD_FLAG_CPU = 1 << 0,
};

/* ---- getcpu ---- */

static void getcpu_basics(void)
{
	unsigned cpu = 12345, node = 12345;
	CHECK_OK0("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
	CHECK("cpu is online", cpu < (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
	CHECK("node was written", node != 12345);
	CHECK_OK0("getcpu with NULLs", syscall(SYS_getcpu, NULL, NULL, NULL));
	CHECK_OK0("getcpu, cpu only", syscall(SYS_getcpu, &cpu, NULL, NULL));
	CHECK("sched_getcpu", sched_getcpu() >= 0);
}

static void getcpu_faults(void)
{
	CHECK_SYSERR("bad cpu pointer", EFAULT, SYS_getcpu, (void *)1, NULL, NULL);
	CHECK_SYSERR("kernel node pointer", EFAULT, SYS_getcpu, NULL, (void *)0xc0000000, NULL);
	unsigned node = 12345;
	CHECK_SYSERR("bad cpu, good node", EFAULT, SYS_getcpu, (void *)1, &node, NULL);
	CHECK("node written all the same", node != 12345);
}

/* ---- membarrier ---- */

static char self[512];                       /* this program (/proc/self/exe) */

#define MB(cmd, flags) syscall(SYS_membarrier, (cmd), (flags), 0)
#define MB_PORTABLE (MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED | \
	MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED | \
	MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE | \
	MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE)

static void membarrier_query(void)
{
	long mask = MB(MEMBARRIER_CMD_QUERY, 0);
	CHECK_EQ("query: the commands every x86 has", mask & MB_PORTABLE, MB_PORTABLE);
	CHECK_SYSERR("query with flags", EINVAL, SYS_membarrier, MEMBARRIER_CMD_QUERY, 1, 0);
	CHECK_SYSERR("unknown command", EINVAL, SYS_membarrier, 1 << 20, 0, 0);
	CHECK_SYSERR("negative command", EINVAL, SYS_membarrier, -1, 0, 0);
	CHECK_SYSERR("flags before the command", EINVAL, SYS_membarrier, 1 << 20, 2, 0);
	CHECK_SYSERR("FLAG_CPU on a plain command", EINVAL, SYS_membarrier,
		     MEMBARRIER_CMD_PRIVATE_EXPEDITED, MEMBARRIER_CMD_FLAG_CPU, 0);
}

static void membarrier_registration(void)
{
	CHECK_OK0("global", MB(MEMBARRIER_CMD_GLOBAL, 0));
	CHECK_OK0("global expedited, unregistered", MB(MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0));
	CHECK_SYSERR("private expedited before registering", EPERM, SYS_membarrier,
		     MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
	CHECK_SYSERR("sync-core before registering", EPERM, SYS_membarrier,
		     MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0);
	CHECK_OK0("register private expedited", MB(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0));
	CHECK_OK0("private expedited", MB(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0));
	CHECK_SYSERR("sync-core still unregistered", EPERM, SYS_membarrier,
		     MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0);
	CHECK_OK0("register sync-core", MB(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0));
	CHECK_OK0("sync-core", MB(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0));
	CHECK_OK0("register global expedited", MB(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0));
	pid_t pid = fork();
	if (pid == 0)                        /* a copy of the address space, registration and all */
		_exit(MB(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0) == 0 ? 0 : 1);
	CHECK_EXIT("a forked child keeps the registration", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {                      /* a new address space: none */
		execl(self, "t_sys_misc", "mb", (char *)NULL);
		_exit(99);
	}
	CHECK_EXIT("exec ends it", wait_for(pid), 0);
	CHECK_OK0("the parent stays registered", MB(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0));
}

/* ---- personality ---- */

/* Runs this program again (path) in "pers" mode; its exit status. */
static int exec_pers(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl(path, "t_sys_misc", "pers", (char *)NULL);
		_exit(99);
	}
	return wait_for(pid);
}

static void personality_basics(void)
{
	CHECK_EQ("query: PER_LINUX", syscall(SYS_personality, 0xffffffffUL), 0);
	CHECK_EQ("set returns the old one", syscall(SYS_personality, PER_BSD | ADDR_NO_RANDOMIZE), 0);
	CHECK_EQ("query: the new one", syscall(SYS_personality, 0xffffffffUL), PER_BSD | ADDR_NO_RANDOMIZE);
	CHECK_EQ("glibc-style query", personality(0xffffffff), PER_BSD | ADDR_NO_RANDOMIZE);
	char buf[64];
	CHECK("/proc/self/personality readable", get_file("/proc/self/personality", buf, sizeof buf) > 0);
	CHECK_STR("/proc/self/personality", buf, "00040006\n");
	pid_t pid = fork();
	if (pid == 0)
		_exit(syscall(SYS_personality, 0xffffffffUL) == (PER_BSD | ADDR_NO_RANDOMIZE) ? 0 : 1);
	CHECK_EXIT("fork inherits it", wait_for(pid), 0);
	CHECK_EQ("any value is taken", syscall(SYS_personality, 0x7fff1234), PER_BSD | ADDR_NO_RANDOMIZE);
	CHECK_EQ("and given back", syscall(SYS_personality, 0xfffffff0UL), 0x7fff1234);
	/* An old value in the errno range reads as an error, on Linux too. */
	CHECK_SYSERR("0xfffffff0 reads as -16", EBUSY, SYS_personality, 0);
	CHECK_EQ("then 0 again", syscall(SYS_personality, 0xffffffffUL), 0);
}

static void personality_exec(void)
{
	syscall(SYS_personality, ADDR_NO_RANDOMIZE | READ_IMPLIES_EXEC | UNAME26);
	CHECK_EXIT("exec keeps the flags", exec_pers(self), 0x46);
	int in = open(self, O_RDONLY), out = open(P("suid"), O_WRONLY | O_CREAT | O_TRUNC, 0755);
	char buf[8192];
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, n) != n)
			break;
	close(in);
	close(out);
	CHECK_OK0("chmod 04755", chmod(P("suid"), 04755));
	CHECK_EXIT("a set-user-id exec clears PER_CLEAR_ON_SETID", exec_pers(P("suid")), 0x2);
	syscall(SYS_personality, ADDR_NO_RANDOMIZE | READ_IMPLIES_EXEC | UNAME26);
	CHECK_OK0("chmod 02755", chmod(P("suid"), 02755));
	CHECK_EXIT("so does a set-group-id one", exec_pers(P("suid")), 0x2);
	CHECK_OK0("chmod 02745", chmod(P("suid"), 02745));
	CHECK_EXIT("set-group-id without group execute: kept", exec_pers(P("suid")), 0x46);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	CHECK_OK0("chmod 04755 again", chmod(P("suid"), 04755));
	CHECK_EXIT("no_new_privs: set-id bits ignored, flags kept", exec_pers(P("suid")), 0x46);
}

/* The "pers" mode: the flags (not the domain: an x86-64 host keeps it at
 * exec, Linux i386 resets it) as the exit status, in units of 0x10000. */
static int pers_mode(void)
{
	long p = syscall(SYS_personality, 0xffffffffUL);
	return (int)((p & ~PER_MASK) >> 16);
}

/* ---- rt_tgsigqueueinfo ---- */

static volatile sig_atomic_t got_code, got_value, got_pid;

static void on_info(int sig, siginfo_t *si, void *ctx)
{
	(void)sig; (void)ctx;
	got_code = si->si_code;
	got_value = si->si_value.sival_int;
	got_pid = si->si_pid;
}

static long tgsq(pid_t tgid, pid_t tid, int sig, int code)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = sig;
	si.si_code = code;
	si.si_pid = 4242;
	si.si_uid = getuid();
	si.si_value.sival_int = 77;
	return syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &si);
}

static void tgsigqueueinfo(void)
{
	struct sigaction sa = { .sa_sigaction = on_info, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR1, &sa, NULL);
	pid_t me = getpid();
	CHECK_OK0("to myself, SI_QUEUE", tgsq(me, me, SIGUSR1, SI_QUEUE));
	CHECK_EQ("si_code arrived", got_code, SI_QUEUE);
	CHECK_EQ("si_value arrived", got_value, 77);
	CHECK_EQ("si_pid as written", got_pid, 4242);
	CHECK_OK0("to myself, si_code >= 0 allowed", tgsq(me, me, SIGUSR1, 0));
	CHECK_OK0("signal 0: a probe", tgsq(me, me, 0, SI_QUEUE));
	CHECK_ERR("tgid 0", tgsq(0, me, SIGUSR1, SI_QUEUE), EINVAL);
	CHECK_ERR("tid 0", tgsq(me, 0, SIGUSR1, SI_QUEUE), EINVAL);
	CHECK_ERR("negative tid", tgsq(me, -5, SIGUSR1, SI_QUEUE), EINVAL);
	CHECK_SYSERR("bad siginfo pointer first", EFAULT, SYS_rt_tgsigqueueinfo, 0, me, SIGUSR1, (void *)1);
	CHECK_ERR("bad signal", tgsq(me, me, 65, SI_QUEUE), EINVAL);
	CHECK_ERR("wrong tgid", tgsq(1, me, SIGUSR1, SI_QUEUE), ESRCH);
	CHECK_ERR("no such thread, bad signal", tgsq(me, 999999, 65, SI_QUEUE), ESRCH);
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK_ERR("SI_TKILL to another", tgsq(pid, pid, SIGUSR1, SI_TKILL), EPERM);
	CHECK_ERR("SI_USER to another", tgsq(pid, pid, SIGUSR1, SI_USER), EPERM);
	CHECK_ERR("si_code 1 to another", tgsq(pid, pid, SIGUSR1, 1), EPERM);
	CHECK_ERR("EPERM before ESRCH", tgsq(1, pid, SIGUSR1, SI_USER), EPERM);
	CHECK_OK0("SI_QUEUE to another", tgsq(pid, pid, SIGKILL, SI_QUEUE));
	CHECK_SIG("it was killed", wait_for(pid), SIGKILL);
}

static void tgsigqueueinfo_perm_child(void)
{
	CHECK_ERR("to init as kunitz", tgsq(1, 1, SIGUSR1, SI_QUEUE), EPERM);
}

static void tgsigqueueinfo_perm(void)
{
	as_uid1000(tgsigqueueinfo_perm_child);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "pers"))
		return pers_mode();
	if (argc > 1 && !strcmp(argv[1], "mb"))      /* after an exec: unregistered */
		return MB(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0) == -1 && errno == EPERM ? 0 : 1;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = 0;
	tdir_setup("t_sys_misc");
	RUN(getcpu_basics);
	RUN(getcpu_faults);
	RUN(membarrier_query);
	RUN(membarrier_registration);
	RUN(personality_basics);
	RUN(personality_exec);
	RUN(tgsigqueueinfo);
	RUN(tgsigqueueinfo_perm);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
