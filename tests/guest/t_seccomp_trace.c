/* t_seccomp_trace - seccomp's SECCOMP_RET_TRACE with a tracer, and the
 * tracer's seccomp requests, differential against Linux 6.1:
 *  1. PTRACE_O_TRACESECCOMP: a PTRACE_EVENT_SECCOMP stop with the filter's
 *     data as the event message, orig_eax the call and eax -ENOSYS, and
 *     PTRACE_GET_SYSCALL_INFO's PTRACE_SYSCALL_INFO_SECCOMP; resumed, the
 *     call runs; skipped (orig_eax -1) it returns the eax the tracer set;
 *     changed to another call, the filters run again on it (Linux 4.8+);
 *  2. traced without the option: ENOSYS, no stop;
 *  3. with PTRACE_SYSCALL too: the entry stop, then the seccomp stop,
 *     then the exit stop;
 *  4. PTRACE_SECCOMP_GET_FILTER and _GET_METADATA (the program as given,
 *     ENOENT past the last, EINVAL without filters, the LOG flag);
 *  5. PTRACE_O_SUSPEND_SECCOMP: the filters do not apply. */
#include "check.h"
#include "seccomp_defs.h"
#include <sys/ptrace.h>
#include <sys/user.h>
#include <stddef.h>

#define LD_NR   BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET(v)  BPF_STMT(BPF_RET | BPF_K, (v))
#define LEN(f)  (sizeof (f) / sizeof (f)[0])

/* getppid: TRACE | 0x42; getuid32: ERRNO 5; the rest allowed */
static struct sock_filter prog[] = {
	LD_NR,
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1), RET(SECCOMP_RET_TRACE | 0x42),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getuid32, 0, 1), RET(SECCOMP_RET_ERRNO | 5),
	RET(SECCOMP_RET_ALLOW),
};

static int result[2];

/* The tracee: stops for its tracer, installs prog (with flags), makes
 * the call and reports what it returned (or -errno). */
static void tracee(unsigned flags)
{
	struct sock_fprog p = { LEN(prog), prog };
	ptrace(PTRACE_TRACEME, 0, 0, 0);
	raise(SIGSTOP);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &p) != 0)
		_exit(9);
	long r = syscall(SYS_getppid);
	report(result[1], r < 0 ? -errno : r);
	_exit(0);
}

static pid_t start(unsigned opts, unsigned flags)
{
	pipe(result);
	pid_t pid = fork();
	if (pid == 0)
		tracee(flags);
	int st;
	waitpid(pid, &st, 0);
	ptrace(PTRACE_SETOPTIONS, pid, 0, opts);
	ptrace(PTRACE_CONT, pid, 0, 0);
	return pid;
}

#define SECCOMP_STOP (SIGTRAP | PTRACE_EVENT_SECCOMP_ << 8)

static int next_stop(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
		return -1;
	return st >> 8;
}

static void finish(pid_t pid)
{
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

struct syscall_info {                        /* struct ptrace_syscall_info, i386 */
	uint8_t op, pad[3];
	uint32_t arch;
	uint64_t ip, sp;
	uint64_t nr, args[6];
	uint32_t ret_data;
};

static void event(void)
{
	pid_t pid = start(PTRACE_O_TRACESECCOMP_, 0);
	CHECK_EQ("a PTRACE_EVENT_SECCOMP stop", next_stop(pid), SECCOMP_STOP);
	unsigned long msg = 0;
	ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
	CHECK_EQ("its message: the data", msg, 0x42);
	struct user_regs_struct r;
	ptrace(PTRACE_GETREGS, pid, 0, &r);
	CHECK_EQ("orig_eax: the call", r.orig_eax, SYS_getppid);
	CHECK_EQ("eax: -ENOSYS", r.eax, -ENOSYS);
	struct syscall_info si;
	memset(&si, 0xff, sizeof si);
	long n = ptrace(PTRACE_GET_SYSCALL_INFO_, pid, sizeof si, &si);
	CHECK_EQ("syscall info: size", n, offsetof(struct syscall_info, ret_data) + 4);
	CHECK_EQ("op SECCOMP", si.op, PTRACE_SYSCALL_INFO_SECCOMP_);
	CHECK_EQ("arch", si.arch, AUDIT_ARCH_I386);
	CHECK_EQ("nr", si.nr, SYS_getppid);
	CHECK_EQ("ret_data", si.ret_data, 0x42);
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EQ("resumed: the call runs", collect(result[0]), getpid());
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

static void skip(void)
{
	pid_t pid = start(PTRACE_O_TRACESECCOMP_, 0);
	CHECK_EQ("stop", next_stop(pid), SECCOMP_STOP);
	struct user_regs_struct r;
	ptrace(PTRACE_GETREGS, pid, 0, &r);
	r.orig_eax = -1;
	r.eax = 77;
	CHECK_OK0("orig_eax -1", ptrace(PTRACE_SETREGS, pid, 0, &r));
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EQ("skipped: the eax set", collect(result[0]), 77);
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

static void skip_default(void)
{
	pid_t pid = start(PTRACE_O_TRACESECCOMP_, 0);
	CHECK_EQ("stop", next_stop(pid), SECCOMP_STOP);
	ptrace(PTRACE_POKEUSER, pid, offsetof(struct user_regs_struct, orig_eax), -1);
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EQ("skipped, eax untouched: ENOSYS", collect(result[0]), -ENOSYS);
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

static void changed(void)
{
	pid_t pid = start(PTRACE_O_TRACESECCOMP_, 0);
	CHECK_EQ("stop", next_stop(pid), SECCOMP_STOP);
	ptrace(PTRACE_POKEUSER, pid, offsetof(struct user_regs_struct, orig_eax), SYS_getuid32);
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EQ("changed to getuid32: the filters again (ERRNO 5)", collect(result[0]), -5);
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

static void changed_allowed(void)
{
	pid_t pid = start(PTRACE_O_TRACESECCOMP_, 0);
	CHECK_EQ("stop", next_stop(pid), SECCOMP_STOP);
	ptrace(PTRACE_POKEUSER, pid, offsetof(struct user_regs_struct, orig_eax), SYS_getpid);
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EQ("changed to getpid: it runs", collect(result[0]), pid);
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

static void no_option(void)
{
	pid_t pid = start(0, 0);
	CHECK_EQ("no stop: ENOSYS", collect(result[0]), -ENOSYS);
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

static void with_syscall_stops(void)
{
	pid_t pid = start(PTRACE_O_TRACESECCOMP_ | PTRACE_O_TRACESYSGOOD, 0);
	/* the tracee runs to its getppid: the seccomp stop comes first as no
	 * PTRACE_SYSCALL was asked yet; then the entry and exit stops of the
	 * next call, none for getppid's exit since PTRACE_CONT */
	CHECK_EQ("seccomp stop", next_stop(pid), SECCOMP_STOP);
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	CHECK_EQ("then getppid's exit stop", next_stop(pid), SIGTRAP | 0x80);
	struct user_regs_struct r;
	ptrace(PTRACE_GETREGS, pid, 0, &r);
	CHECK_EQ("its orig_eax", r.orig_eax, SYS_getppid);
	CHECK_EQ("its result", r.eax, getpid());
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EQ("result", collect(result[0]), getpid());
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

/* PTRACE_SYSCALL from the start: entry stop, seccomp stop, exit stop */
static void tracee_sys(void)
{
	struct sock_fprog p = { LEN(prog), prog };
	ptrace(PTRACE_TRACEME, 0, 0, 0);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p) != 0)
		_exit(9);
	raise(SIGSTOP);
	long r = syscall(SYS_getppid);
	report(result[1], r < 0 ? -errno : r);
	_exit(0);
}

static void order(void)
{
	pipe(result);
	pid_t pid = fork();
	if (pid == 0)
		tracee_sys();
	CHECK_EQ("SIGSTOP", next_stop(pid), SIGSTOP);
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESECCOMP_ | PTRACE_O_TRACESYSGOOD);
	struct user_regs_struct r;
	int s;
	/* through raise's own calls to the getppid entry */
	do {
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
		s = next_stop(pid);
		ptrace(PTRACE_GETREGS, pid, 0, &r);
	} while (s == (SIGTRAP | 0x80) && r.orig_eax != SYS_getppid);
	CHECK_EQ("entry stop first", s, SIGTRAP | 0x80);
	CHECK_EQ("entry eax", r.eax, -ENOSYS);
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	CHECK_EQ("then the seccomp stop", next_stop(pid), SECCOMP_STOP);
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	CHECK_EQ("then the exit stop", next_stop(pid), SIGTRAP | 0x80);
	ptrace(PTRACE_GETREGS, pid, 0, &r);
	CHECK_EQ("its result", r.eax, getpid());
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EQ("result", collect(result[0]), getpid());
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

static void get_filter(void)
{
	pid_t pid = start(PTRACE_O_TRACESECCOMP_, SECCOMP_FILTER_FLAG_LOG);
	CHECK_EQ("stop", next_stop(pid), SECCOMP_STOP);
	CHECK_EQ("GET_FILTER 0, no buffer: its length", ptrace(PTRACE_SECCOMP_GET_FILTER_, pid, 0, NULL), LEN(prog));
	struct sock_filter got[16];
	memset(got, 0, sizeof got);
	CHECK_EQ("GET_FILTER 0", ptrace(PTRACE_SECCOMP_GET_FILTER_, pid, 0, got), LEN(prog));
	CHECK("the program as given", !memcmp(got, prog, sizeof prog));
	CHECK_ERR("GET_FILTER 1: ENOENT", ptrace(PTRACE_SECCOMP_GET_FILTER_, pid, 1, got), ENOENT);
	CHECK_ERR("GET_FILTER: bad buffer", ptrace(PTRACE_SECCOMP_GET_FILTER_, pid, 0, 8), EFAULT);
	struct seccomp_metadata md = { 0, 99 };
	CHECK_EQ("GET_METADATA", ptrace(PTRACE_SECCOMP_GET_METADATA_, pid, sizeof md, &md), sizeof md);
	CHECK_EQ("flags: LOG", md.flags, SECCOMP_FILTER_FLAG_LOG);
	md.filter_off = 1;
	CHECK_ERR("GET_METADATA 1: ENOENT", ptrace(PTRACE_SECCOMP_GET_METADATA_, pid, sizeof md, &md), ENOENT);
	CHECK_ERR("GET_METADATA size 4: EINVAL", ptrace(PTRACE_SECCOMP_GET_METADATA_, pid, 4, &md), EINVAL);
	finish(pid);
	collect(result[0]);
}

static void get_filter_none(void)
{
	pipe(result);
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		_exit(0);
	}
	CHECK_EQ("stop", next_stop(pid), SIGSTOP);
	CHECK_ERR("no filters: EINVAL", ptrace(PTRACE_SECCOMP_GET_FILTER_, pid, 0, NULL), EINVAL);
	struct seccomp_metadata md = { 0, 0 };
	CHECK_ERR("metadata too", ptrace(PTRACE_SECCOMP_GET_METADATA_, pid, sizeof md, &md), EINVAL);
	finish(pid);
}

static void suspend(void)
{
	pid_t pid = start(PTRACE_O_TRACESECCOMP_ | PTRACE_O_SUSPEND_SECCOMP_, 0);
	CHECK_EQ("suspended: no stop, the call runs", collect(result[0]), getpid());
	CHECK_EXIT("tracee exits", wait_for(pid), 0);
}

static void suspend_refused(void)
{
	struct sock_filter allow[] = { RET(SECCOMP_RET_ALLOW) };
	struct sock_fprog p = { 1, allow };
	pipe(result);
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		_exit(0);
	}
	CHECK_EQ("stop", next_stop(pid), SIGSTOP);
	CHECK_OK0("the tracer filters itself", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p));
	CHECK_ERR("then SUSPEND_SECCOMP: EPERM", ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_SUSPEND_SECCOMP_), EPERM);
	CHECK_ERR("and GET_FILTER: EACCES", ptrace(PTRACE_SECCOMP_GET_FILTER_, pid, 0, NULL), EACCES);
	finish(pid);
}

int main(void)
{
	RUN(event);
	RUN(skip);
	RUN(skip_default);
	RUN(changed);
	RUN(changed_allowed);
	RUN(no_option);
	RUN(with_syscall_stops);
	RUN(order);
	RUN(get_filter);
	RUN(get_filter_none);
	RUN(suspend);
	RUN(suspend_refused);
	return cases_failed ? 1 : 0;
}
