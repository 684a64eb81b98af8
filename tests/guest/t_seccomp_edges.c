/* t_seccomp_edges - seccomp's corners, differential against Linux 6.1
 * (the host runs it too):
 *  1. a tracer's SIGKILL at a system-call-entry stop: the call does not
 *     run, and no filter is asked (the tracee dies of SIGKILL, not of a
 *     KILL_PROCESS filter's SIGSYS);
 *  2. what a filter sees through the vDSO's sysenter: the int $0x80
 *     landing pad as instruction_pointer (and SIGSYS's si_call_addr),
 *     the sixth argument read from the user stack;
 *  3. the multiplexers: socketcall and ipc are filtered on their own
 *     numbers (102, 117), the operation in args[0];
 *  4. a call restarted after a stop goes back in as restart_syscall,
 *     which the filters see (and may refuse).
 * Left out: TSYNC beside a group leader that has exited while its
 * threads go on (Linux 6.18 syncs past it; whether 6.1, which releases
 * the leader's filters only when it is reaped, refuses is not shown
 * by the host).
 * Core dumps are off in every child that dies of SIGSYS. */
#include "check.h"
#include "seccomp_defs.h"
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/auxv.h>
#include <sys/user.h>
#include <sys/socket.h>
#include <sys/msg.h>
#include <pthread.h>
#include <stddef.h>
#include <time.h>

#define LD_NR   BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET(v)  BPF_STMT(BPF_RET | BPF_K, (v))
#define ALLOW   RET(SECCOMP_RET_ALLOW)
#define LEN(f)  (sizeof (f) / sizeof (f)[0])
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))

static long install(struct sock_filter *f, unsigned short n, unsigned flags)
{
	struct sock_fprog p = { n, f };
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &p);
}

/* A filter that returns ret for system call nr and allows the rest. */
static long on_nr(int nr, unsigned ret)
{
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1), RET(ret), ALLOW,
	};
	return install(f, LEN(f), 0);
}

static void no_core(void)
{
	struct rlimit r = { 0, 0 };
	setrlimit(RLIMIT_CORE, &r);
}

/* ---- 1. SIGKILL at the entry stop ---- */

static int kpipe[2];
static int kill_with_filter;

/* The tracee: stops for its tracer, then writes one byte to the pipe. */
static void entry_tracee(void)
{
	no_core();
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (kill_with_filter && on_nr(SYS_write, SECCOMP_RET_KILL_PROCESS) != 0)
		_exit(3);
	ptrace(PTRACE_TRACEME, 0, 0, 0);
	raise(SIGSTOP);
	syscall(SYS_write, kpipe[1], "x", 1);
	_exit(0);
}

/* Runs the tracee to the entry of its write, kills it there; its wait
 * status, and whether the byte got written. */
static void kill_at_entry(int *status, int *written)
{
	int st;
	char c;
	pipe(kpipe);
	fcntl(kpipe[0], F_SETFL, O_NONBLOCK);
	pid_t pid = fork();
	if (pid == 0)
		entry_tracee();
	waitpid(pid, &st, 0);                    /* its SIGSTOP */
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD);
	for (;;) {                               /* to the write's entry */
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
		if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
			break;
		long nr = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user_regs_struct, orig_eax), 0);
		if (nr == SYS_write)
			break;
		ptrace(PTRACE_SYSCALL, pid, 0, 0);   /* past the exit stop */
		waitpid(pid, &st, 0);
	}
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	*written = read(kpipe[0], &c, 1) == 1;
	close(kpipe[0]);
	close(kpipe[1]);
}

static void entry_kill(void)
{
	int st, written;
	kill_at_entry(&st, &written);
	CHECK_SIG("killed at the entry stop: SIGKILL", st, SIGKILL);
	CHECK_EQ("the call did not run", written, 0);
	kill_with_filter = 1;
	kill_at_entry(&st, &written);
	CHECK_SIG("with a KILL_PROCESS filter: still SIGKILL (no filter asked)", st, SIGKILL);
	CHECK_EQ("with a filter: the call did not run", written, 0);
}

/* ---- 2. through the vDSO ---- */

/* Where a call through __kernel_vsyscall comes back: after its int $0x80
 * (Linux's int80_landing_pad, which sysenter's return address is). */
static unsigned long landing_pad(void)
{
	const unsigned char *p = (const unsigned char *)getauxval(AT_SYSINFO);
	for (int i = 0; p && i < 64; i++)
		if (p[i] == 0xcd && p[i + 1] == 0x80)
			return (unsigned long)(p + i + 2);
	return 0;
}

/* a call through __kernel_vsyscall with six arguments: the registers
 * loaded from vc6 (its address fixed: the binary is static) */
struct { long fn, nr, a[6]; } vc6;

static long vdso_call6(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;
	vc6.fn = (long)getauxval(AT_SYSINFO);
	vc6.nr = nr;
	vc6.a[0] = a; vc6.a[1] = b; vc6.a[2] = c; vc6.a[3] = d; vc6.a[4] = e; vc6.a[5] = f;
	__asm__ volatile("push %%ebp\n\tpush %%ebx\n\tpush %%esi\n\tpush %%edi\n\t"
			 "mov vc6+8, %%ebx\n\tmov vc6+12, %%ecx\n\tmov vc6+16, %%edx\n\t"
			 "mov vc6+20, %%esi\n\tmov vc6+24, %%edi\n\tmov vc6+28, %%ebp\n\t"
			 "mov vc6+4, %%eax\n\tcall *vc6\n\t"
			 "pop %%edi\n\tpop %%esi\n\tpop %%ebx\n\tpop %%ebp"
			 : "=a"(r) : : "memory", "ecx", "edx");
	return r;
}

static volatile unsigned long call_addr;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	call_addr = (unsigned long)si->si_call_addr;
}

static void vdso_entry(void)
{
	unsigned long pad = landing_pad();
	CHECK("the vDSO has an int $0x80", pad != 0);
	struct sock_filter ipf[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)pad, 0, 1),
		RET(SECCOMP_RET_ERRNO | 21), ALLOW,
	};
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	CHECK_OK0("ip filter", install(ipf, LEN(ipf), 0));
	CHECK_EQ("vDSO: the landing pad is the ip seen", vdso_call6(SYS_getppid, 0, 0, 0, 0, 0, 0), -21);
	struct sock_filter six[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpgid, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(5)),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, SECCOMP_RET_ERRNO),
		BPF_STMT(BPF_RET | BPF_A, 0), ALLOW,
	};
	CHECK_OK0("args[5] filter", install(six, LEN(six), 0));
	CHECK_EQ("vDSO: args[5] seen", vdso_call6(SYS_getpgid, 0, 1, 2, 3, 4, 44), -44);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
	CHECK_OK0("TRAP filter", on_nr(SYS_getsid, SECCOMP_RET_TRAP));
	vdso_call6(SYS_getsid, 0, 0, 0, 0, 0, 0);
	CHECK("vDSO: si_call_addr is the landing pad", call_addr == pad);
}

/* ---- 3. the multiplexers ---- */

static void multiplexers(void)
{
	/* socketcall: ERRNO 30 when args[0] is SYS_SOCKET (1) */
	struct sock_filter sc[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socketcall, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
		RET(SECCOMP_RET_ERRNO | 30), ALLOW,
	};
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	CHECK_OK0("socketcall filter", install(sc, LEN(sc), 0));
	unsigned long sargs[3] = { AF_UNIX, SOCK_STREAM, 0 };
	CHECK_SYSERR("socketcall(SOCKET): filtered on 102", 30, SYS_socketcall, 1, sargs);
	long fd = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	CHECK("socket (359) is not socketcall", fd >= 0);
	unsigned long pargs[3] = { (unsigned long)-1, 0, 0 };
	CHECK_SYSERR("socketcall(GETPEERNAME) passes", EBADF, SYS_socketcall, 7, pargs);
	/* ipc: ERRNO 31 for every call of it */
	CHECK_OK0("ipc filter", on_nr(SYS_ipc, SECCOMP_RET_ERRNO | 31));
	CHECK_SYSERR("ipc(MSGGET): filtered on 117", 31, SYS_ipc, 13, IPC_PRIVATE, 0600, 0, 0, 0);
	long id = syscall(SYS_msgget, IPC_PRIVATE, 0600);
	CHECK("msgget (399) is not ipc", id >= 0);
	if (id >= 0)
		msgctl((int)id, IPC_RMID, NULL);
}

/* ---- 4. restart_syscall ---- */

/* A nanosleep stopped and continued goes on as restart_syscall; a
 * filter that refuses restart_syscall (ERRNO 40) ends it. */
static void restart_child(void)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (on_nr(SYS_restart_syscall, SECCOMP_RET_ERRNO | 40) != 0)
		_exit(2);
	struct { long sec, nsec; } ts = { 0, 400 * 1000 * 1000 };   /* the old timespec of 162 */
	long r = syscall(SYS_nanosleep, &ts, NULL);
	if (!(r < 0 && errno == 40))
		say("nanosleep: %ld %s\n", r, errname(errno));
	_exit(r < 0 && errno == 40 ? 0 : 1);
}

static void restart_block(void)
{
	pid_t pid = fork();
	if (pid == 0)
		restart_child();
	msleep(100);
	kill(pid, SIGSTOP);
	msleep(50);
	kill(pid, SIGCONT);
	CHECK_EXIT("nanosleep restarted as restart_syscall: the filter's errno", wait_for(pid), 0);
}

int main(void)
{
	RUN(entry_kill);
	RUN(vdso_entry);
	RUN(multiplexers);
	RUN(restart_block);
	return cases_failed ? 1 : 0;
}
