/* t_seccomp - seccomp(2) and prctl(PR_SET_SECCOMP), differential against
 * Linux 6.1 (the host runs it too):
 *  1. the calls' errors: unknown operations and flags, their pairs
 *     (TSYNC with NEW_LISTENER, WAIT_KILLABLE_RECV alone), EFAULT, the
 *     program's length, EACCES without no_new_privs or root;
 *     SECCOMP_GET_ACTION_AVAIL and SECCOMP_GET_NOTIF_SIZES;
 *  2. the checker: every rejection (opcodes seccomp refuses, loads out of
 *     struct seccomp_data or unaligned, jumps out, no final RET, scratch
 *     memory read before written on some path) and what it takes;
 *  3. the interpreter: the data a filter sees (nr, arch, ip, args), the
 *     ALU, jumps, scratch memory, division by zero;
 *  4. every action, the precedence of several filters, TRAP's siginfo and
 *     registers at both entries (int $0x80 and the vDSO's sysenter), ERRNO
 *     capped at 4095 and 512 not restarted, strict mode;
 *  5. inheritance over fork and exec, /proc/<pid>/status, TSYNC, the
 *     instruction limit over all filters, KILL_THREAD in a thread.
 * The listener (NEW_LISTENER) is t_seccomp_notify's; a USER_NOTIF
 * without one (ENOSYS) is tested here.
 * A re-exec of this program with "exec-child" is case 5's exec. */
#include "check.h"
#include "seccomp_defs.h"
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/auxv.h>
#include <ucontext.h>
#include <pthread.h>
#include <stddef.h>

#define LD_NR   BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET(v)  BPF_STMT(BPF_RET | BPF_K, (v))
#define ALLOW   RET(SECCOMP_RET_ALLOW)
#define LEN(f)  (sizeof (f) / sizeof (f)[0])
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))

static long seccomp3(unsigned op, unsigned flags, void *args)
{
	return syscall(SYS_seccomp, op, flags, args);
}

static long install_flags(struct sock_filter *f, unsigned short n, unsigned flags)
{
	struct sock_fprog p = { n, f };
	return seccomp3(SECCOMP_SET_MODE_FILTER, flags, &p);
}

static long install(struct sock_filter *f, unsigned short n)
{
	return install_flags(f, n, 0);
}

/* A filter that returns ret for system call nr and allows the rest. */
static long on_nr(int nr, unsigned ret)
{
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1), RET(ret), ALLOW,
	};
	return install(f, LEN(f));
}

static void no_core(void)
{
	struct rlimit r = { 0, 0 };
	setrlimit(RLIMIT_CORE, &r);
}

/* getppid by int $0x80, returning at after_int80 */
extern char after_int80[];
__attribute__((noinline)) static long int80_getppid(void)
{
	long r;
	__asm__ volatile("int $0x80\n.globl after_int80\nafter_int80:"
			 : "=a"(r) : "a"(SYS_getppid) : "memory");
	return r;
}

/* a call through the vDSO's __kernel_vsyscall (sysenter where there is
 * one), no arguments */
static long vdso_call(long nr)
{
	unsigned long fn = getauxval(AT_SYSINFO);
	long r;
	__asm__ volatile("call *%1" : "=a"(r) : "r"(fn), "0"(nr) : "memory", "ecx", "edx");
	return r;
}

/* ---- 1. the calls' errors ---- */

static void errors(void)
{
	struct sock_filter ok[] = { ALLOW };
	struct sock_fprog p;
	CHECK_SYSERR("unknown op", EINVAL, SYS_seccomp, 99, 0, NULL);
	CHECK_SYSERR("strict: flags", EINVAL, SYS_seccomp, SECCOMP_SET_MODE_STRICT, 1, NULL);
	CHECK_SYSERR("strict: args", EINVAL, SYS_seccomp, SECCOMP_SET_MODE_STRICT, 0, ok);
	CHECK_SYSERR("filter: unknown flag", EINVAL, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 1u << 6, NULL);
	CHECK_SYSERR("filter: flag 31", EINVAL, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 1u << 31, NULL);
	CHECK_SYSERR("TSYNC with NEW_LISTENER", EINVAL, SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_NEW_LISTENER, NULL);
	CHECK_SYSERR("WAIT_KILLABLE_RECV without NEW_LISTENER", EINVAL, SYS_seccomp,
		     SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, NULL);
	CHECK_SYSERR("filter: NULL fprog", EFAULT, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, NULL);
	CHECK_SYSERR("filter: bad fprog", EFAULT, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (void *)8);
	CHECK_SYSERR("filter: TSYNC, NULL fprog", EFAULT, SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW, NULL);
	p = (struct sock_fprog){ 0, ok };
	CHECK_SYSERR("length 0", EINVAL, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
	p = (struct sock_fprog){ BPF_MAXINSNS + 1, ok };
	CHECK_SYSERR("length 4097", EINVAL, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
	p = (struct sock_fprog){ 1, NULL };
	CHECK_SYSERR("NULL program", EINVAL, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
	p = (struct sock_fprog){ 1, (void *)8 };
	CHECK_SYSERR("bad program", EFAULT, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
	CHECK_EQ("prctl PR_GET_SECCOMP", prctl(PR_GET_SECCOMP, 0, 0, 0, 0), 0);
	CHECK_ERR("prctl PR_SET_SECCOMP 3", prctl(PR_SET_SECCOMP, 3, 0, 0, 0), EINVAL);
	CHECK_ERR("prctl PR_SET_SECCOMP 0", prctl(PR_SET_SECCOMP, 0, 0, 0, 0), EINVAL);
	CHECK_ERR("prctl filter NULL", prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0, 0, 0), EFAULT);
	CHECK_EQ("still no seccomp", prctl(PR_GET_SECCOMP, 0, 0, 0, 0), 0);
}

static void avail(void)
{
	static const unsigned acts[] = {
		SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP,
		SECCOMP_RET_ERRNO, SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
	};
	char name[64];
	for (unsigned i = 0; i < LEN(acts); i++) {
		unsigned a = acts[i];
		snprintf(name, sizeof name, "action 0x%08x available", a);
		CHECK_OK0(name, seccomp3(SECCOMP_GET_ACTION_AVAIL, 0, &a));
	}
	unsigned a = SECCOMP_RET_ERRNO | 1;
	CHECK_ERR("action with data", seccomp3(SECCOMP_GET_ACTION_AVAIL, 0, &a), EOPNOTSUPP);
	a = 0x00010000;
	CHECK_ERR("unknown action", seccomp3(SECCOMP_GET_ACTION_AVAIL, 0, &a), EOPNOTSUPP);
	a = SECCOMP_RET_ALLOW;
	CHECK_ERR("avail: flags", seccomp3(SECCOMP_GET_ACTION_AVAIL, 1, &a), EINVAL);
	CHECK_ERR("avail: NULL", seccomp3(SECCOMP_GET_ACTION_AVAIL, 0, NULL), EFAULT);
	struct seccomp_notif_sizes s;
	memset(&s, 0xff, sizeof s);
	CHECK_OK0("notif sizes", seccomp3(SECCOMP_GET_NOTIF_SIZES, 0, &s));
	CHECK_EQ("sizeof seccomp_notif", s.seccomp_notif, 80);
	CHECK_EQ("sizeof seccomp_notif_resp", s.seccomp_notif_resp, 24);
	CHECK_EQ("sizeof seccomp_data", s.seccomp_data, 64);
	CHECK_ERR("notif sizes: flags", seccomp3(SECCOMP_GET_NOTIF_SIZES, 1, &s), EINVAL);
	CHECK_ERR("notif sizes: NULL", seccomp3(SECCOMP_GET_NOTIF_SIZES, 0, NULL), EFAULT);
}

static void eacces_case(void)
{
	struct sock_filter ok[] = { ALLOW };
	struct sock_fprog p = { 0, ok };
	CHECK_ERR("uid 1000: length first", seccomp3(SECCOMP_SET_MODE_FILTER, 0, &p), EINVAL);
	p.len = 1;
	CHECK_ERR("uid 1000 without no_new_privs", seccomp3(SECCOMP_SET_MODE_FILTER, 0, &p), EACCES);
	CHECK_ERR("prctl too", prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p, 0, 0), EACCES);
	CHECK_OK0("no_new_privs", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	CHECK_OK0("then allowed", seccomp3(SECCOMP_SET_MODE_FILTER, 0, &p));
	CHECK_EQ("PR_GET_SECCOMP 2", prctl(PR_GET_SECCOMP, 0, 0, 0, 0), 2);
}

static void eacces(void)
{
	as_uid1000(eacces_case);
}

/* ---- 2. the checker ---- */

struct prog { const char *name; int err; struct sock_filter f[6]; unsigned short n; };

#define P(nm, e, n, ...) { nm, e, { __VA_ARGS__ }, n }
static const struct prog progs[] = {
	P("ld abs 64: past seccomp_data", EINVAL, 2, BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), ALLOW),
	P("ld abs 2: unaligned", EINVAL, 2, BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), ALLOW),
	P("ld abs 60: the last word", 0, 2, BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 60), ALLOW),
	P("ld half", EINVAL, 2, BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), ALLOW),
	P("ld byte", EINVAL, 2, BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), ALLOW),
	P("ld ind", EINVAL, 2, BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0), ALLOW),
	P("ldx msh", EINVAL, 2, BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), ALLOW),
	P("ancillary load", EINVAL, 2, BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL), ALLOW),
	P("ld len", 0, 2, BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), ALLOW),
	P("ldx len", 0, 2, BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), ALLOW),
	P("mod k", EINVAL, 2, BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), ALLOW),
	P("mod x", EINVAL, 2, BPF_STMT(BPF_ALU | BPF_MOD | BPF_X, 0), ALLOW),
	P("div k 0", EINVAL, 2, BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), ALLOW),
	P("div x", 0, 3, BPF_STMT(BPF_LDX | BPF_IMM, 1), BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0), ALLOW),
	P("lsh k 32", EINVAL, 2, BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), ALLOW),
	P("rsh k 31", 0, 2, BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 31), ALLOW),
	P("neg", 0, 2, BPF_STMT(BPF_ALU | BPF_NEG, 0), ALLOW),
	P("alu op 0xf0", EINVAL, 2, BPF_STMT(BPF_ALU | 0xf0 | BPF_K, 0), ALLOW),
	P("opcode 0xffff", EINVAL, 2, BPF_STMT(0xffff, 0), ALLOW),
	P("ja past the end", EINVAL, 2, BPF_STMT(BPF_JMP | BPF_JA, 1), ALLOW),
	P("ja to the last", 0, 3, BPF_STMT(BPF_JMP | BPF_JA, 1), ALLOW, ALLOW),
	P("jeq jt out", EINVAL, 2, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), ALLOW),
	P("jeq jf out", EINVAL, 2, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), ALLOW),
	P("jset x in range", 0, 3, BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 1, 0), ALLOW, ALLOW),
	P("jmp op 0xe0", EINVAL, 3, BPF_JUMP(BPF_JMP | 0xe0 | BPF_K, 0, 1, 0), ALLOW, ALLOW),
	P("no final ret", EINVAL, 2, ALLOW, BPF_STMT(BPF_LD | BPF_IMM, 0)),
	P("ret a", 0, 2, BPF_STMT(BPF_LD | BPF_IMM, SECCOMP_RET_ALLOW), BPF_STMT(BPF_RET | BPF_A, 0)),
	P("ret x", EINVAL, 2, BPF_STMT(BPF_LD | BPF_IMM, SECCOMP_RET_ALLOW), BPF_STMT(BPF_RET | BPF_X, 0)),
	P("ld mem unwritten", EINVAL, 2, BPF_STMT(BPF_LD | BPF_MEM, 0), ALLOW),
	P("ldx mem unwritten", EINVAL, 3, BPF_STMT(BPF_ST, 1), BPF_STMT(BPF_LDX | BPF_MEM, 0), ALLOW),
	P("st then ld", 0, 3, BPF_STMT(BPF_ST, 3), BPF_STMT(BPF_LD | BPF_MEM, 3), ALLOW),
	P("stx then ldx", 0, 3, BPF_STMT(BPF_STX, 15), BPF_STMT(BPF_LDX | BPF_MEM, 15), ALLOW),
	P("st 16", EINVAL, 2, BPF_STMT(BPF_ST, 16), ALLOW),
	P("ld mem 16", EINVAL, 3, BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_LD | BPF_MEM, 16), ALLOW),
	P("written on one path only", EINVAL, 5, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
	  BPF_STMT(BPF_ST, 2), BPF_STMT(BPF_LD | BPF_MEM, 2), ALLOW, ALLOW),
	P("written on both paths", 0, 6, BPF_STMT(BPF_ST, 2), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
	  BPF_STMT(BPF_ST, 4), BPF_STMT(BPF_LD | BPF_MEM, 2), ALLOW, ALLOW),
	P("tax txa", 0, 3, BPF_STMT(BPF_MISC | BPF_TAX, 0), BPF_STMT(BPF_MISC | BPF_TXA, 0), ALLOW),
	P("misc op 0x40", EINVAL, 2, BPF_STMT(BPF_MISC | 0x40, 0), ALLOW),
	P("ldx imm, ld imm", 0, 3, BPF_STMT(BPF_LDX | BPF_IMM, 5), BPF_STMT(BPF_LD | BPF_IMM, 5), ALLOW),
};

static void checker(void)
{
	char name[128];
	for (unsigned i = 0; i < LEN(progs); i++) {
		struct sock_filter f[6];
		memcpy(f, progs[i].f, sizeof f);
		snprintf(name, sizeof name, "checker: %s", progs[i].name);
		if (progs[i].err)
			CHECK_ERR(name, install(f, progs[i].n), progs[i].err);
		else
			CHECK_OK0(name, install(f, progs[i].n));
	}
}

/* ---- 3. what a filter sees and computes ---- */

/* arch, the arguments' two words, args[5] */
static void data_seen(void)
{
	struct sock_filter arch[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 1, 0), RET(SECCOMP_RET_ERRNO | 1),
		ALLOW,
	};
	CHECK_OK0("arch filter", install(arch, LEN(arch)));
	CHECK(        "arch is AUDIT_ARCH_I386", getppid() > 0);
	/* getpgid(0x71234567): args[0]'s low word that, its high word 0 */
	struct sock_filter args[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpgid, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x71234567, 0, 1),
		RET(SECCOMP_RET_ERRNO | 7), ALLOW,
	};
	CHECK_OK0("args filter", install(args, LEN(args)));
	CHECK_ERR("args[0] seen", syscall(SYS_getpgid, 0x71234567), 7);
	CHECK_ERR("other args pass", syscall(SYS_getpgid, 0x71234568), ESRCH);
	/* all six: args[5] (ebp) of a call made with six arguments */
	struct sock_filter six[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(5)),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, SECCOMP_RET_ERRNO),
		BPF_STMT(BPF_RET | BPF_A, 0), ALLOW,
	};
	CHECK_OK0("args[5] filter", install(six, LEN(six)));
	CHECK_ERR("args[5] seen", syscall(SYS_getppid, 1, 2, 3, 4, 5, 33), 33);
}

static void data_ip(void)
{
	/* getppid at after_int80 only: ERRNO 9 */
	uint32_t ip = (uint32_t)after_int80;
	struct sock_filter ipf[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ip, 0, 1),
		RET(SECCOMP_RET_ERRNO | 9), ALLOW,
	};
	CHECK_OK0("ip filter", install(ipf, LEN(ipf)));
	CHECK_EQ("int $0x80 at the label: its ip seen", int80_getppid(), -9);
	CHECK(   "elsewhere: passes", syscall(SYS_getppid) > 0);
}

static void alu_ops(void)
{
	/* for getppid: A = nr(64); A = (A * 3 + 4 - 6) / 2 = 95; A ^= 0xff (0xa0);
	 * A |= 1 (0xa1); A &= 0xf1 (0xa1); A <<= 4 (0xa10); A >>= 2 (0x284);
	 * X = 1; A <<= X (0x508); X = 33: A >>= X (0x284: the shift takes
	 * five bits); M[5] = A; A = -A; A = -A; X = M[5]; A == X ->
	 * ERRNO (A & 0xfff) = 0x284 = 644. */
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 22),
		BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 3), BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 4),
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 6), BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 2),
		BPF_STMT(BPF_ALU | BPF_XOR | BPF_K, 0xff), BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 1),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf1), BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 4),
		BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 2), BPF_STMT(BPF_LDX | BPF_IMM, 1),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0), BPF_STMT(BPF_LDX | BPF_IMM, 33),
		BPF_STMT(BPF_ALU | BPF_RSH | BPF_X, 0), BPF_STMT(BPF_ST, 5),
		BPF_STMT(BPF_ALU | BPF_NEG, 0), BPF_STMT(BPF_ALU | BPF_NEG, 0),
		BPF_STMT(BPF_LDX | BPF_MEM, 5),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 3),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfff),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
		BPF_STMT(BPF_RET | BPF_A, 0), RET(SECCOMP_RET_ERRNO | 1), ALLOW,
	};
	CHECK_OK0("alu filter", install(f, LEN(f)));
	CHECK_ERR("alu result", syscall(SYS_getppid), 644);
}

static void jumps(void)
{
	/* getpgid(a): a > 0x40000000, a >= X (0x50000000) and a & 1 ->
	 * ERRNO 3; a == X (5) -> ERRNO 4; a == 6 -> ERRNO the length of
	 * seccomp_data; else the call runs (ESRCH: no such pid) */
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpgid, 0, 13),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
		BPF_STMT(BPF_LDX | BPF_IMM, 5),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 6, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 6, 6, 0),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x40000000, 0, 8),
		BPF_STMT(BPF_LDX | BPF_IMM, 0x50000000),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 6),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 5),
		RET(SECCOMP_RET_ERRNO | 3),
		RET(SECCOMP_RET_ERRNO | 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
		BPF_STMT(BPF_RET | BPF_A, 0),
		ALLOW,
	};
	CHECK_OK0("jump filter", install(f, LEN(f)));
	CHECK_ERR("0x50000001: JGT, JGE, JSET taken", syscall(SYS_getpgid, 0x50000001), 3);
	CHECK_ERR("0x50000002: JSET not taken", syscall(SYS_getpgid, 0x50000002), ESRCH);
	CHECK_ERR("0x48000001: JGE X not taken", syscall(SYS_getpgid, 0x48000001), ESRCH);
	CHECK_ERR("0x40000000: JGT not taken", syscall(SYS_getpgid, 0x40000000), ESRCH);
	CHECK_ERR("5: JEQ X", syscall(SYS_getpgid, 5), 4);
	CHECK_ERR("6: BPF_LEN is 64", syscall(SYS_getpgid, 6), 64);
}

static void div_zero_child(void)
{
	no_core();
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 3),
		BPF_STMT(BPF_LDX | BPF_IMM, 0), BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		BPF_STMT(BPF_RET | BPF_A, 0), ALLOW,
	};
	if (install(f, LEN(f)) == 0)
		syscall(SYS_getppid);
}

static void div_zero(void)
{
	CHECK_SIG("A / 0 ends the filter with 0: KILL_THREAD", child_status(div_zero_child), SIGSYS);
}

/* ---- 4. actions ---- */

static void errno_action(void)
{
	CHECK_OK0("ERRNO 1", on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 1));
	CHECK_ERR("getppid EPERM", syscall(SYS_getppid), EPERM);
	CHECK_OK0("ERRNO 0", on_nr(SYS_getpgid, SECCOMP_RET_ERRNO | 0));
	CHECK_EQ("getpgid(-1) returns 0, not run", syscall(SYS_getpgid, -1), 0);
	CHECK_OK0("ERRNO 5000", on_nr(SYS_getsid, SECCOMP_RET_ERRNO | 5000));
	CHECK_ERR("capped at 4095", syscall(SYS_getsid, 0), 4095);
	CHECK_OK0("ERRNO 0xffff", on_nr(SYS_getuid32, SECCOMP_RET_ERRNO | 0xffff));
	CHECK_ERR("capped at 4095", syscall(SYS_getuid32), 4095);
	CHECK_OK0("ERRNO 512 (ERESTARTSYS)", on_nr(SYS_getgid32, SECCOMP_RET_ERRNO | 512));
	CHECK_ERR("not restarted without a signal", syscall(SYS_getgid32), 512);
	CHECK_EQ("by the vDSO too", vdso_call(SYS_getppid), -EPERM);
}

static void kill_child(void)
{
	no_core();
	if (on_nr(SYS_getppid, SECCOMP_RET_KILL_PROCESS) == 0)
		syscall(SYS_getppid);
}

static void kill_thread_child(void)
{
	no_core();
	if (on_nr(SYS_getppid, SECCOMP_RET_KILL_THREAD) == 0)
		syscall(SYS_getppid);
}

static void kill_unknown_child(void)
{
	no_core();
	if (on_nr(SYS_getppid, 0x00010000) == 0)
		syscall(SYS_getppid);
}

static void kill_blocked_child(void)
{
	no_core();
	signal(SIGSYS, SIG_IGN);
	if (on_nr(SYS_getppid, SECCOMP_RET_KILL_PROCESS) == 0)
		syscall(SYS_getppid);
}

static void kills(void)
{
	CHECK_SIG("KILL_PROCESS: SIGSYS", child_status(kill_child), SIGSYS);
	CHECK_SIG("KILL_THREAD, one thread: SIGSYS", child_status(kill_thread_child), SIGSYS);
	CHECK_SIG("an unknown action kills", child_status(kill_unknown_child), SIGSYS);
	CHECK_SIG("SIGSYS ignored: still", child_status(kill_blocked_child), SIGSYS);
}

static int tid_pipe[2];

static void *thread_getppid(void *arg)
{
	(void)arg;
	long tid = syscall(SYS_gettid);
	write(tid_pipe[1], &tid, sizeof tid);
	syscall(SYS_getppid);
	write(tid_pipe[1], &tid, sizeof tid);
	return NULL;
}

/* KILL_THREAD in a process of two threads: that thread alone ends (its
 * /proc/self/task entry goes), the process goes on */
static void kill_one_thread(void)
{
	pthread_t t;
	long tid = 0;
	char path[64];
	pipe(tid_pipe);
	CHECK_OK0("KILL_THREAD", on_nr(SYS_getppid, SECCOMP_RET_KILL_THREAD));
	CHECK_OK0("thread", pthread_create(&t, NULL, thread_getppid, NULL));
	read(tid_pipe[0], &tid, sizeof tid);
	snprintf(path, sizeof path, "/proc/self/task/%ld", tid);
	int i;
	for (i = 0; i < 500 && access(path, F_OK) == 0; i++)
		msleep(10);
	CHECK("the thread ended", access(path, F_OK) < 0);
	close(tid_pipe[1]);
	CHECK_EQ("without going on", read(tid_pipe[0], &tid, sizeof tid), 0);
	CHECK_EQ("the process goes on", write(1, "", 0), 0);
}

static volatile siginfo_t trap_si;
static volatile long trap_eax, trap_hits;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	memcpy((void *)&trap_si, si, sizeof *si);
	trap_eax = ((ucontext_t *)uc)->uc_mcontext.gregs[REG_EAX];
	trap_hits++;
}

static void trap(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
	CHECK_OK0("TRAP 0x1234", on_nr(SYS_getppid, SECCOMP_RET_TRAP | 0x1234));
	long r = int80_getppid();
	CHECK_EQ("one SIGSYS", trap_hits, 1);
	CHECK_EQ("the call returns its number", r, SYS_getppid);
	CHECK_EQ("handler's eax: the number", trap_eax, SYS_getppid);
	CHECK_EQ("si_signo", trap_si.si_signo, SIGSYS);
	CHECK_EQ("si_code SYS_SECCOMP", trap_si.si_code, SYS_SECCOMP_CODE);
	CHECK_EQ("si_errno: the data", trap_si.si_errno, 0x1234);
	CHECK("si_call_addr: after int $0x80", trap_si.si_call_addr == (void *)after_int80);
	CHECK_EQ("si_syscall", trap_si.si_syscall, SYS_getppid);
	CHECK_EQ("si_arch", trap_si.si_arch, AUDIT_ARCH_I386);
	/* through the vDSO: the same, at its landing pad */
	r = vdso_call(SYS_getppid);
	CHECK_EQ("vDSO: SIGSYS", trap_hits, 2);
	CHECK_EQ("vDSO: returns the number", r, SYS_getppid);
	unsigned long vdso = getauxval(AT_SYSINFO_EHDR);
	unsigned long ca = (unsigned long)trap_si.si_call_addr;
	CHECK("vDSO: si_call_addr in the vDSO", ca > vdso && ca < vdso + 0x4000);
}

static void trap_blocked_child(void)
{
	no_core();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
	mask(SIG_BLOCK, SIGSYS);
	if (on_nr(SYS_getppid, SECCOMP_RET_TRAP) == 0)
		syscall(SYS_getppid);
}

static void trap_ignored_child(void)
{
	no_core();
	signal(SIGSYS, SIG_IGN);
	if (on_nr(SYS_getppid, SECCOMP_RET_TRAP) == 0)
		syscall(SYS_getppid);
}

static void trap_forced(void)
{
	CHECK_SIG("TRAP, SIGSYS blocked: dies of it", child_status(trap_blocked_child), SIGSYS);
	CHECK_SIG("TRAP, SIGSYS ignored: dies of it", child_status(trap_ignored_child), SIGSYS);
}

static void others(void)
{
	CHECK_OK0("TRACE", on_nr(SYS_getppid, SECCOMP_RET_TRACE | 5));
	CHECK_ERR("TRACE without a tracer: ENOSYS", syscall(SYS_getppid), ENOSYS);
	CHECK_OK0("USER_NOTIF", on_nr(SYS_getpgid, SECCOMP_RET_USER_NOTIF));
	CHECK_ERR("USER_NOTIF without a listener: ENOSYS", syscall(SYS_getpgid, 0), ENOSYS);
	/* getsid(0) is 0 where the session began outside our pid namespace
	 * (a container's host): compare with the answer before the filter. */
	long sid = syscall(SYS_getsid, 0);
	CHECK_OK0("LOG", on_nr(SYS_getsid, SECCOMP_RET_LOG));
	CHECK(    "LOG runs the call", syscall(SYS_getsid, 0) == sid && sid >= 0);
	CHECK_OK0("ALLOW", on_nr(SYS_getpid, SECCOMP_RET_ALLOW));
	CHECK(    "ALLOW runs it", syscall(SYS_getpid) > 0);
}

static void precedence(void)
{
	CHECK_OK0("ERRNO 1", on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 1));
	CHECK_OK0("ERRNO 2", on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 2));
	CHECK_ERR("two ERRNOs: the newest's data", syscall(SYS_getppid), 2);
	CHECK_OK0("TRACE", on_nr(SYS_getppid, SECCOMP_RET_TRACE));
	CHECK_OK0("LOG", on_nr(SYS_getppid, SECCOMP_RET_LOG));
	CHECK_ERR("ERRNO beats TRACE and LOG", syscall(SYS_getppid), 2);
	CHECK_OK0("TRACE on getpgid", on_nr(SYS_getpgid, SECCOMP_RET_TRACE));
	CHECK_OK0("USER_NOTIF on getpgid", on_nr(SYS_getpgid, SECCOMP_RET_USER_NOTIF));
	CHECK_ERR("USER_NOTIF beats TRACE (ENOSYS either way)", syscall(SYS_getpgid, 0), ENOSYS);
	CHECK_OK0("TRAP", on_nr(SYS_getppid, SECCOMP_RET_TRAP));
	signal(SIGSYS, on_signal);
	CHECK_EQ("TRAP beats ERRNO", syscall(SYS_getppid), SYS_getppid);
}

static void precedence_kill_child(void)
{
	no_core();
	on_nr(SYS_getppid, SECCOMP_RET_KILL_PROCESS);
	on_nr(SYS_getppid, SECCOMP_RET_ALLOW);
	on_nr(SYS_getppid, SECCOMP_RET_TRAP);
	syscall(SYS_getppid);
}

static void precedence_kill(void)
{
	CHECK_SIG("KILL_PROCESS beats all, even older", child_status(precedence_kill_child), SIGSYS);
}

static void strict_child(void)
{
	char c;
	int p[2];
	pipe(p);
	write(p[1], "x", 1);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 0, NULL) != 0)
		_exit(9);
	if (read(p[0], &c, 1) != 1 || write(p[1], "y", 1) != 1)
		syscall(SYS_exit, 8);
	syscall(SYS_exit, 3);
}

static void strict_getpid_child(void)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) != 0)
		_exit(9);
	syscall(SYS_getpid);
	syscall(SYS_exit, 0);
}

static void strict_exit_group_child(void)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) != 0)
		_exit(9);
	syscall(SYS_exit_group, 0);
}

static void strict_rt_sigreturn_child(void)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) != 0)
		_exit(9);
	syscall(SYS_rt_sigreturn);
	syscall(SYS_exit, 0);
}

static void strict_prctl_child(void)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) != 0)
		_exit(9);
	prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	syscall(SYS_exit, 0);
}

static void strict(void)
{
	CHECK_EXIT("strict: read, write and exit", child_status(strict_child), 3);
	CHECK_SIG("strict: getpid is SIGKILL", child_status(strict_getpid_child), SIGKILL);
	CHECK_SIG("strict: exit_group too", child_status(strict_exit_group_child), SIGKILL);
	CHECK_SIG("strict: rt_sigreturn too (i386 allows sigreturn)", child_status(strict_rt_sigreturn_child), SIGKILL);
	CHECK_SIG("strict: PR_GET_SECCOMP too", child_status(strict_prctl_child), SIGKILL);
	CHECK_OK0("filter", on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 1));
	CHECK_ERR("then strict: EINVAL", seccomp3(SECCOMP_SET_MODE_STRICT, 0, NULL), EINVAL);
	CHECK_ERR("by prctl too", prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0), EINVAL);
	CHECK_EQ("still filter mode", prctl(PR_GET_SECCOMP, 0, 0, 0, 0), 2);
}

/* ---- 5. inheritance, /proc, TSYNC, limits ---- */

/* The Seccomp and Seccomp_filters lines of a status file, one string. */
static const char *seccomp_lines(const char *path)
{
	static char out[128];
	char buf[4096];
	out[0] = 0;
	if (read_all(path, buf, sizeof buf) < 0)
		return "unreadable";
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		if (!strncmp(l, "Seccomp", 7) || !strncmp(l, "NoNewPrivs", 10)) {
			strcat(out, l);
			strcat(out, ";");
		}
	return out;
}

static void status(void)
{
	CHECK_STR("none", seccomp_lines("/proc/self/status"), "NoNewPrivs:\t0;Seccomp:\t0;Seccomp_filters:\t0;");
	CHECK_OK0("a filter", on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 1));
	CHECK_STR("one", seccomp_lines("/proc/self/status"), "NoNewPrivs:\t0;Seccomp:\t2;Seccomp_filters:\t1;");
	struct sock_filter ok[] = { ALLOW };
	struct sock_fprog p = { 1, ok };
	CHECK_OK0("by prctl", prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p, 0, 0));
	CHECK_STR("two", seccomp_lines("/proc/self/status"), "NoNewPrivs:\t0;Seccomp:\t2;Seccomp_filters:\t2;");
}

static void status_strict(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
		read(p[0], &c, 1);
		syscall(SYS_exit, 0);
	}
	wait_sleeping(pid);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	CHECK_STR("strict", seccomp_lines(path), "NoNewPrivs:\t0;Seccomp:\t1;Seccomp_filters:\t0;");
	write(p[1], "x", 1);
	CHECK_EXIT("strict child exits", wait_for(pid), 0);
}

static void fork_child(void)
{
	CHECK_ERR("child: ERRNO 3", syscall(SYS_getppid), 3);
	CHECK_STR("child's status", seccomp_lines("/proc/self/status"), "NoNewPrivs:\t0;Seccomp:\t2;Seccomp_filters:\t1;");
	CHECK_OK0("child: one more", on_nr(SYS_getpgid, SECCOMP_RET_ERRNO | 4));
	CHECK_ERR("child: its own", syscall(SYS_getpgid, 0), 4);
}

static void nothing(void)
{
}

static void inherit(void)
{
	CHECK_OK0("filter", on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 3));
	in_child("fork child", nothing, fork_child);
	CHECK(     "the child's own filter is not the parent's", syscall(SYS_getpgid, 0) >= 0);
	CHECK_STR("parent's status", seccomp_lines("/proc/self/status"), "NoNewPrivs:\t0;Seccomp:\t2;Seccomp_filters:\t1;");
	char self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n < 0 ? 0 : n] = 0;
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { self, "exec-child", NULL };
		execv(self, argv);
		_exit(127);
	}
	CHECK_EXIT("exec: kept", wait_for(pid), 0);
}

static int exec_child(void)
{
	check_failed = 0;
	CHECK_ERR("after exec: ERRNO 3", syscall(SYS_getppid), 3);
	CHECK_STR("after exec: status", seccomp_lines("/proc/self/status"), "NoNewPrivs:\t0;Seccomp:\t2;Seccomp_filters:\t1;");
	return check_failed ? 1 : 0;
}

static void nnp_child(void)
{
	CHECK_OK0("filter as uid 1000 with no_new_privs", on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 6));
	CHECK_ERR("applies", syscall(SYS_getppid), 6);
	CHECK_STR("status", seccomp_lines("/proc/self/status"), "NoNewPrivs:\t1;Seccomp:\t2;Seccomp_filters:\t1;");
}

static void nnp(void)
{
	CHECK_OK0("no_new_privs", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	as_uid1000(nnp_child);
}

static void insn_limit(void)
{
	static struct sock_filter big[BPF_MAXINSNS];
	for (int i = 0; i < BPF_MAXINSNS - 1; i++)
		big[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i);
	big[BPF_MAXINSNS - 1] = (struct sock_filter)ALLOW;
	char name[64];
	/* Linux counts the eBPF it translates a program into: 3 of prologue,
	 * 1 per load, 2 for RET K: 4100 here, 4104 once an older filter;
	 * 4100 + 6 * 4104 = 28724 fits, 4100 + 7 * 4104 = 32828 does not */
	for (int i = 0; i < 7; i++) {
		snprintf(name, sizeof name, "4096 instructions, filter %d", i + 1);
		CHECK_OK0(name, install(big, BPF_MAXINSNS));
	}
	CHECK_ERR("the eighth: over 32768 (ENOMEM)", install(big, BPF_MAXINSNS), ENOMEM);
	/* 7 * 4104 + 4037 + 4 = 32769; 4036 + 4 makes 32768 */
	CHECK_ERR("4037 more: 32769", install(big + 59, BPF_MAXINSNS - 59), ENOMEM);
	CHECK_OK0("4036 more: 32768", install(big + 60, BPF_MAXINSNS - 60));
	CHECK_ERR("then even 1", install(big + BPF_MAXINSNS - 1, 1), ENOMEM);
}

/* a filter of jumps first: a JSET whose true target is next and a JEQ
 * with neither next take a JA each, a JGT against a constant above 2^31
 * a move first: 3 + 1 + 2 + 2 + 2 + 3 * 2 + 1 = 17 eBPF instructions for
 * 8; then 7 of 4100: 21 + 7 * 4104 = 28749, room for 4019 more */
static void insn_limit_jumps(void)
{
	static struct sock_filter big[BPF_MAXINSNS];
	for (int i = 0; i < BPF_MAXINSNS - 1; i++)
		big[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i);
	big[BPF_MAXINSNS - 1] = (struct sock_filter)ALLOW;
	struct sock_filter j[] = {
		LD_NR,
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 1, 2),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x80000000, 0, 1),
		ALLOW, ALLOW, ALLOW,
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	CHECK_OK0("the jumps", install(j, LEN(j)));
	for (int i = 0; i < 7; i++)
		install(big, BPF_MAXINSNS);
	CHECK_ERR("4016 more: 32769", install(big + 80, BPF_MAXINSNS - 80), ENOMEM);
	CHECK_OK0("4015 more: 32768", install(big + 81, BPF_MAXINSNS - 81));
}

static int tpipe[2], tback[2];

static void *tsync_thread(void *arg)
{
	char c;
	long v;
	if (arg)                                 /* install a filter of its own first */
		on_nr(SYS_getsid, SECCOMP_RET_ERRNO | 8);
	v = syscall(SYS_gettid);
	write(tback[1], &v, sizeof v);
	read(tpipe[0], &c, 1);                   /* the main thread has filtered */
	v = syscall(SYS_getppid) < 0 ? errno : 0;
	write(tback[1], &v, sizeof v);
	return NULL;
}

static void tsync(void)
{
	pthread_t t;
	long tid, v;
	pipe(tpipe);
	pipe(tback);
	CHECK_OK0("thread", pthread_create(&t, NULL, tsync_thread, NULL));
	read(tback[0], &tid, sizeof tid);
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1), RET(SECCOMP_RET_ERRNO | 5), ALLOW,
	};
	CHECK_OK0("TSYNC", install_flags(f, LEN(f), SECCOMP_FILTER_FLAG_TSYNC));
	write(tpipe[1], "x", 1);
	read(tback[0], &v, sizeof v);
	CHECK_EQ("the other thread has it", v, 5);
	pthread_join(t, NULL);
}

static void tsync_fail(void)
{
	pthread_t t;
	long tid, v;
	pipe(tpipe);
	pipe(tback);
	CHECK_OK0("thread with a filter of its own", pthread_create(&t, NULL, tsync_thread, (void *)1));
	read(tback[0], &tid, sizeof tid);
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1), RET(SECCOMP_RET_ERRNO | 5), ALLOW,
	};
	CHECK_EQ("TSYNC: the thread's id", install_flags(f, LEN(f), SECCOMP_FILTER_FLAG_TSYNC), tid);
	CHECK_ERR("TSYNC_ESRCH: ESRCH", install_flags(f, LEN(f), SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_TSYNC_ESRCH), ESRCH);
	CHECK_EQ("no filter here", prctl(PR_GET_SECCOMP, 0, 0, 0, 0), 0);
	write(tpipe[1], "x", 1);
	read(tback[0], &v, sizeof v);
	CHECK_EQ("nor there", v, 0);
	pthread_join(t, NULL);
}

/* a read interrupted by a handled signal (SA_RESTART) goes again, and
 * passes the filters again */
static void restart(void)
{
	int p[2];
	char c = 0;
	pipe(p);
	handle(SIGUSR1, on_signal, SA_RESTART);
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_read, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1), RET(SECCOMP_RET_ERRNO | 11), ALLOW,
	};
	CHECK_OK0("filter on read", install(f, LEN(f)));
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		msleep(200);
		kill(parent, SIGUSR1);
		msleep(200);
		write(p[1], "z", 1);
		_exit(0);
	}
	CHECK_EQ("read restarted after the handler", read(p[0], &c, 1), 1);
	CHECK_EQ("its byte", c, 'z');
	CHECK_ERR("a read of 2 is refused", read(p[0], &c, 2), EAGAIN);
	wait_for(pid);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-child"))
		return exec_child();
	RUN(errors);
	RUN(avail);
	RUN(eacces);
	RUN(checker);
	RUN(data_seen);
	RUN(data_ip);
	RUN(alu_ops);
	RUN(jumps);
	RUN(div_zero);
	RUN(errno_action);
	RUN(kills);
	RUN(kill_one_thread);
	RUN(trap);
	RUN(trap_forced);
	RUN(others);
	RUN(precedence);
	RUN(precedence_kill);
	RUN(strict);
	RUN(status);
	RUN(status_strict);
	RUN(inherit);
	RUN(nnp);
	RUN(insn_limit);
	RUN(insn_limit_jumps);
	RUN(tsync);
	RUN(tsync_fail);
	RUN(restart);
	return cases_failed ? 1 : 0;
}
