/* Hostile segment registers: a selector whose descriptor changes under it
 * (set_thread_area, PTRACE_SET_THREAD_AREA) and selectors a program or its
 * tracer chooses (sigreturn, PTRACE_POKEUSER/SETREGS). The way back to user
 * mode must never fault in the kernel: a data segment register that cannot
 * be loaded becomes null, a CS or SS that cannot be loaded kills the task
 * (SIGSEGV). Selector numbers differ between Linux and Pipit, so checks
 * compare them with each other, never with numbers. */
#include "check.h"
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <ucontext.h>

struct tls_desc {                          /* struct user_desc, <asm/ldt.h> */
	unsigned entry_number, base_addr, limit;
	unsigned seg_32bit:1, contents:2, read_exec_only:1, limit_in_pages:1,
		 seg_not_present:1, useable:1;
};

/* A 4 GiB read/write data segment at 0: safe in any data register. */
static struct tls_desc flat(int entry)
{
	return (struct tls_desc){ .entry_number = entry, .limit = 0xfffff,
		.seg_32bit = 1, .limit_in_pages = 1, .useable = 1 };
}

/* What <asm/ldt.h> calls an empty descriptor: it removes the segment. */
static struct tls_desc empty(int entry)
{
	return (struct tls_desc){ .entry_number = entry, .read_exec_only = 1,
		.seg_not_present = 1 };
}

/* A fresh flat TLS slot; its selector (RPL 3), or 0. */
static unsigned tls_new(void)
{
	struct tls_desc d = flat(-1);
	if (syscall(SYS_set_thread_area, &d) < 0)
		return 0;
	return d.entry_number * 8 + 3;
}

static int entry_of(unsigned sel)
{
	return sel >> 3;
}

static void tls_free(unsigned sel)
{
	struct tls_desc d = empty(entry_of(sel));
	syscall(SYS_set_thread_area, &d);
}

/* reg_syscall(load, nr, a, b, &res): loads `load` into the segment register,
 * makes system call nr(a, b) with int $0x80, reads the register, then puts
 * the old value back before any memory access (a null DS or ES would fault).
 * Returns what the register held after the call. */
#define REG_SYSCALL(reg) \
static unsigned reg##_syscall(unsigned load, long nr, long a, long b, long *res) \
{ \
	unsigned old, now; \
	__asm__ volatile("mov %%" #reg ", %1\n\t" \
			 "mov %3, %%" #reg "\n\t" \
			 "int $0x80\n\t" \
			 "mov %%" #reg ", %0\n\t" \
			 "mov %1, %%" #reg \
			 : "=&r"(now), "=&r"(old), "+a"(nr) \
			 : "r"(load), "b"(a), "c"(b) : "memory"); \
	*res = nr; \
	return now & 0xffff; \
}
REG_SYSCALL(ds)
REG_SYSCALL(es)
REG_SYSCALL(fs)
REG_SYSCALL(gs)
REG_SYSCALL(ss)

#define REG_READ(reg) \
static unsigned reg##_now(void) \
{ \
	unsigned v; \
	__asm__ volatile("mov %%" #reg ", %0" : "=r"(v)); \
	return v & 0xffff; \
}
REG_READ(ds)
REG_READ(es)
REG_READ(fs)
REG_READ(gs)
REG_READ(ss)
REG_READ(cs)

typedef unsigned (*reg_call)(unsigned, long, long, long, long *);
static const struct { const char *name; reg_call call; } regs[] = {
	{ "ds", ds_syscall }, { "es", es_syscall }, { "fs", fs_syscall },
	{ "gs", gs_syscall },
};

/* ---- set_thread_area: what Linux accepts in a TLS slot ---- */

static void tls_rules(void)
{
	unsigned sel = tls_new();
	CHECK("a flat TLS slot", sel != 0);
	int e = entry_of(sel);
	struct tls_desc d = flat(e);
	d.seg_32bit = 0;
	CHECK_SYSERR("16-bit segment -> EINVAL", EINVAL, SYS_set_thread_area, &d);
	d = flat(e);
	d.contents = 2;
	CHECK_SYSERR("code segment -> EINVAL", EINVAL, SYS_set_thread_area, &d);
	d.contents = 3;
	CHECK_SYSERR("conforming code segment -> EINVAL", EINVAL, SYS_set_thread_area, &d);
	d = flat(e);
	d.seg_not_present = 1;
	CHECK_SYSERR("not-present segment -> EINVAL", EINVAL, SYS_set_thread_area, &d);
	d = flat(-1);
	d.seg_32bit = 0;
	CHECK_SYSERR("entry -1, 16-bit -> EINVAL", EINVAL, SYS_set_thread_area, &d);
	CHECK_EQ("entry -1 not replaced", (int)d.entry_number, -1);
	d = flat(e);
	d.contents = 1;                    /* expand-down data is data */
	CHECK_OK0("expand-down data segment", syscall(SYS_set_thread_area, &d));
	d = (struct tls_desc){ .entry_number = e };
	CHECK_OK0("all-zero descriptor", syscall(SYS_set_thread_area, &d));
	struct tls_desc g = { .entry_number = e };
	CHECK_OK0("get_thread_area", syscall(SYS_get_thread_area, &g));
	struct tls_desc want = empty(e);
	CHECK("all-zero descriptor reads back empty", !memcmp(&g, &want, sizeof g));
	d = empty(e);
	CHECK_OK0("empty descriptor", syscall(SYS_set_thread_area, &d));
	d = flat(1);
	CHECK_SYSERR("entry 1 -> EINVAL", EINVAL, SYS_set_thread_area, &d);
}

/* ---- a loaded TLS selector whose descriptor changes ---- */

/* Loads the slot into each data register in turn and changes the slot
 * with d (entry filled in) during the same system call. */
static void change_loaded(const char *what, struct tls_desc d, bool stays)
{
	char name[96];
	for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
		unsigned sel = tls_new();
		d.entry_number = entry_of(sel);
		long r;
		unsigned now = regs[i].call(sel, SYS_set_thread_area, (long)&d, 0, &r);
		snprintf(name, sizeof name, "%s: %s set_thread_area", regs[i].name, what);
		CHECK_EQ(name, r, 0);
		snprintf(name, sizeof name, "%s: %s -> %s", regs[i].name, what,
			 stays ? "selector kept" : "null selector");
		CHECK(name, stays ? now == sel : (now & ~3u) == 0);
		tls_free(sel);
	}
}

static void data_regs_cleared(void)
{
	change_loaded("slot emptied", empty(0), false);
}

static void data_regs_zeroed(void)
{
	change_loaded("slot zeroed", (struct tls_desc){ 0 }, false);
}

static void data_regs_read_only(void)
{
	struct tls_desc d = flat(0);
	d.read_exec_only = 1;
	change_loaded("slot made read-only", d, true);
}

/* SS: the return to user mode must load it; a bad one is SIGSEGV. */
static void ss_change(struct tls_desc d)
{
	unsigned sel = tls_new();
	d.entry_number = entry_of(sel);
	long r;
	ss_syscall(sel, SYS_set_thread_area, (long)&d, 0, &r);
	_exit(r == 0 ? 0 : 3);
}

static void ss_emptied(void) { ss_change(empty(0)); }
static void ss_zeroed(void) { ss_change((struct tls_desc){ 0 }); }
static void ss_read_only(void) { struct tls_desc d = flat(0); d.read_exec_only = 1; ss_change(d); }
static void ss_still_flat(void) { struct tls_desc d = flat(0); d.useable = 0; ss_change(d); }

static void ss_cases(void)
{
	CHECK_SIG("ss: slot emptied -> SIGSEGV", child_status(ss_emptied), SIGSEGV);
	CHECK_SIG("ss: slot zeroed -> SIGSEGV", child_status(ss_zeroed), SIGSEGV);
	CHECK_SIG("ss: slot made read-only -> SIGSEGV", child_status(ss_read_only), SIGSEGV);
	CHECK_EXIT("ss: slot still writable -> goes on", child_status(ss_still_flat), 0);
}

/* ---- sigreturn with selectors the handler chose ---- */

static volatile int sc_reg;                /* REG_CS, ... in the ucontext */
static volatile unsigned sc_val;

static void set_sc_reg(int sig, siginfo_t *si, void *ucv)
{
	(void)sig; (void)si;
	ucontext_t *uc = ucv;
	uc->uc_mcontext.gregs[sc_reg] = sc_val;
}

static void on_usr1(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = set_sc_reg;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
}

/* The handler of a self-sent SIGUSR1 puts sc_val into sc_reg; returns what
 * the register `call` watches held afterwards. */
static unsigned after_sigreturn(reg_call call, int reg, unsigned val)
{
	on_usr1();
	sc_reg = reg;
	sc_val = val;
	long r;
	unsigned cur = call == ds_syscall ? ds_now() : call == es_syscall ? es_now() :
		       call == fs_syscall ? fs_now() : call == gs_syscall ? gs_now() : ss_now();
	return call(cur, SYS_kill, getpid(), SIGUSR1, &r);
}

/* A plain handler (sigreturn, not rt_sigreturn): its struct sigcontext
 * follows the signal number on the stack (the old i386 convention). */
static void plain_set_cs(int sig)
{
	(void)sig;                          /* at frame + 8; the context after it */
	volatile struct sigcontext *sc = (void *)((char *)__builtin_frame_address(0) + 12);
	sc->cs = sc->ds;
}

static void sr_plain_cs_data(void)
{
	handle(SIGUSR1, plain_set_cs, 0);
	raise(SIGUSR1);
}

static void sr_cs_data(void) { after_sigreturn(ds_syscall, REG_CS, ds_now()); }
static void sr_cs_null(void) { after_sigreturn(ds_syscall, REG_CS, 0); }
static void sr_cs_rpl0(void) { after_sigreturn(ds_syscall, REG_CS, cs_now() & ~3u); }
static void sr_ss_code(void) { after_sigreturn(ds_syscall, REG_SS, cs_now()); }
static void sr_ss_null(void) { after_sigreturn(ds_syscall, REG_SS, 0); }
static void sr_ss_beyond(void) { after_sigreturn(ds_syscall, REG_SS, 0xfff8); }

/* A selector with TI set names the LDT, which no process here has: the
 * CPU must not find one either (out of reset its LDT is at address 0). */
#define LDT_SEL (0x742f)
static void sr_cs_ldt(void) { after_sigreturn(ds_syscall, REG_CS, LDT_SEL); }
static void sr_ss_ldt(void) { after_sigreturn(ds_syscall, REG_SS, LDT_SEL); }

static void sr_ss_tls(void)
{
	unsigned sel = tls_new();
	_exit(after_sigreturn(ss_syscall, REG_SS, sel) == sel ? 0 : 4);
}

static void sigreturn_cs_ss(void)
{
	CHECK_SIG("sigreturn: CS a data segment -> SIGSEGV", child_status(sr_cs_data), SIGSEGV);
	CHECK_SIG("plain sigreturn: CS a data segment -> SIGSEGV", child_status(sr_plain_cs_data), SIGSEGV);
	CHECK_SIG("sigreturn: CS null -> SIGSEGV", child_status(sr_cs_null), SIGSEGV);
	CHECK_EXIT("sigreturn: CS with RPL 0 gets RPL 3", child_status(sr_cs_rpl0), 0);
	CHECK_SIG("sigreturn: SS the code segment -> SIGSEGV", child_status(sr_ss_code), SIGSEGV);
	CHECK_SIG("sigreturn: SS null -> SIGSEGV", child_status(sr_ss_null), SIGSEGV);
	CHECK_SIG("sigreturn: SS past the GDT -> SIGSEGV", child_status(sr_ss_beyond), SIGSEGV);
	CHECK_EXIT("sigreturn: SS a TLS data segment is kept", child_status(sr_ss_tls), 0);
	CHECK_SIG("sigreturn: CS in an LDT -> SIGSEGV", child_status(sr_cs_ldt), SIGSEGV);
	CHECK_SIG("sigreturn: SS in an LDT -> SIGSEGV", child_status(sr_ss_ldt), SIGSEGV);
}

static void sigreturn_data(void)
{
	char name[96];
	unsigned sel = tls_new();
	static const int greg[] = { REG_DS, REG_ES, REG_FS, REG_GS };
	for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
		unsigned v = after_sigreturn(regs[i].call, greg[i], sel);
		snprintf(name, sizeof name, "sigreturn: %s a TLS selector is kept", regs[i].name);
		CHECK(name, v == sel);
		v = after_sigreturn(regs[i].call, greg[i], 0xfff8);
		snprintf(name, sizeof name, "sigreturn: %s past the GDT -> null", regs[i].name);
		CHECK(name, (v & ~3u) == 0);
		v = after_sigreturn(regs[i].call, greg[i], LDT_SEL);
		snprintf(name, sizeof name, "sigreturn: %s in an LDT -> null", regs[i].name);
		CHECK(name, (v & ~3u) == 0);
		v = after_sigreturn(regs[i].call, greg[i], 0);
		snprintf(name, sizeof name, "sigreturn: %s null stays null", regs[i].name);
		CHECK(name, (v & ~3u) == 0);
		struct tls_desc d = empty(entry_of(sel));
		long r;
		syscall(SYS_set_thread_area, &d);
		v = after_sigreturn(regs[i].call, greg[i], sel);
		snprintf(name, sizeof name, "sigreturn: %s an emptied TLS slot -> null", regs[i].name);
		CHECK(name, (v & ~3u) == 0);
		d = flat(entry_of(sel));
		r = syscall(SYS_set_thread_area, &d);
		(void)r;
	}
}

/* ---- ptrace: a tracer writes the selectors ---- */

#define UOFF(r) offsetof(struct user_regs_struct, r)

/* A child stopped for us by SIGSTOP under PTRACE_TRACEME; its pid. */
static pid_t stopped_tracee(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK("tracee stopped", st != -1 && WIFSTOPPED(st));
	return pid;
}

static long peek_user(pid_t pid, size_t off)
{
	return ptrace(PTRACE_PEEKUSER, pid, (void *)off, 0);
}

static long poke_user(pid_t pid, size_t off, long v)
{
	return ptrace(PTRACE_POKEUSER, pid, (void *)off, (void *)v);
}

/* Pokes v into the register at off and lets the tracee run free: its end. */
static int poke_and_run(size_t off, long v)
{
	pid_t pid = stopped_tracee();
	long r = poke_user(pid, off, v);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	int st = wait_for(pid);
	return r == 0 ? st : -1;
}

static void ptrace_rejects(void)
{
	pid_t pid = stopped_tracee();
	long ds = peek_user(pid, UOFF(xds)), cs = peek_user(pid, UOFF(xcs));
	CHECK_ERR("POKEUSER ds with RPL 0 -> EIO", poke_user(pid, UOFF(xds), ds & ~3), EIO);
	CHECK_ERR("POKEUSER es with RPL 1 -> EIO", poke_user(pid, UOFF(xes), (ds & ~3) | 1), EIO);
	CHECK_ERR("POKEUSER fs with RPL 2 -> EIO", poke_user(pid, UOFF(xfs), (ds & ~3) | 2), EIO);
	CHECK_ERR("POKEUSER gs with RPL 0 -> EIO", poke_user(pid, UOFF(xgs), 0x10), EIO);
	CHECK_ERR("POKEUSER cs null -> EIO", poke_user(pid, UOFF(xcs), 0), EIO);
	CHECK_ERR("POKEUSER cs with RPL 0 -> EIO", poke_user(pid, UOFF(xcs), cs & ~3), EIO);
	CHECK_ERR("POKEUSER ss null -> EIO", poke_user(pid, UOFF(xss), 0), EIO);
	CHECK_EQ("ds unchanged", peek_user(pid, UOFF(xds)), ds);
	CHECK_EQ("cs unchanged", peek_user(pid, UOFF(xcs)), cs);
	CHECK_OK0("POKEUSER es past the GDT", poke_user(pid, UOFF(xes), 0xfffb));
	CHECK_EQ("PEEKUSER es gives it back", peek_user(pid, UOFF(xes)), 0xfffb);
	CHECK_OK0("POKEUSER fs null", poke_user(pid, UOFF(xfs), 0));
	CHECK_EQ("PEEKUSER fs null", peek_user(pid, UOFF(xfs)), 0);
	CHECK_OK0("POKEUSER gs, high bits set", poke_user(pid, UOFF(xgs), 0x10000 | ds));
	CHECK_EQ("PEEKUSER gs: 16 bits", peek_user(pid, UOFF(xgs)), ds);
	struct user_regs_struct r;
	ptrace(PTRACE_GETREGS, pid, 0, &r);
	long ebx = r.ebx;
	r.ebx ^= 0x5a5a;
	r.xcs = 0;
	CHECK_ERR("SETREGS with cs null -> EIO", ptrace(PTRACE_SETREGS, pid, 0, &r), EIO);
	CHECK_EQ("SETREGS set the registers before cs", peek_user(pid, UOFF(ebx)), ebx ^ 0x5a5a);
	CHECK_EQ("SETREGS left cs", peek_user(pid, UOFF(xcs)), cs);
	kill(pid, SIGKILL);
	wait_for(pid);
}

/* A tracee stopped inside reg_syscall(kill SIGSTOP): it exits with 0 if
 * the register then holds `want`, with 6 if it holds something else. */
static pid_t tracee_in(reg_call call, unsigned want)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		long r;
		unsigned cur = call == ds_syscall ? ds_now() : call == es_syscall ? es_now() :
			       call == fs_syscall ? fs_now() : gs_now();
		unsigned now = call(cur, SYS_kill, getpid(), SIGSTOP, &r);
		_exit(now == want || (want == 0 && now == 3) ? 0 : 6);
	}
	wait_for(pid);
	return pid;
}

/* A data register poked to v: the tracee finds `want` in it. */
static void poke_data_reg(unsigned i, const char *what, long v, unsigned want)
{
	static const size_t off[] = { UOFF(xds), UOFF(xes), UOFF(xfs), UOFF(xgs) };
	char name[96];
	pid_t pid = tracee_in(regs[i].call, want);
	snprintf(name, sizeof name, "POKEUSER %s %s", regs[i].name, what);
	CHECK_OK0(name, poke_user(pid, off[i], v));
	ptrace(PTRACE_CONT, pid, 0, 0);
	snprintf(name, sizeof name, "POKEUSER %s %s: the tracee sees %s", regs[i].name, what,
		 want ? "it" : "null");
	CHECK_EXIT(name, wait_for(pid), 0);
}

static void ptrace_bad_selectors(void)
{
	pid_t pid = stopped_tracee();
	long ds = peek_user(pid, UOFF(xds));
	kill(pid, SIGKILL);
	wait_for(pid);
	unsigned sel = tls_new();
	for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
		poke_data_reg(i, "past the GDT", 0xfffb, 0);
		poke_data_reg(i, "a TLS selector", sel, sel);
		poke_data_reg(i, "null", 0, 0);
	}
	CHECK_SIG("POKEUSER cs a data segment -> SIGSEGV", poke_and_run(UOFF(xcs), ds), SIGSEGV);
	CHECK_SIG("POKEUSER cs past the GDT -> SIGSEGV", poke_and_run(UOFF(xcs), 0xfffb), SIGSEGV);
	CHECK_SIG("POKEUSER ss null RPL 3 -> SIGSEGV", poke_and_run(UOFF(xss), 3), SIGSEGV);
	CHECK_SIG("POKEUSER ss past the GDT -> SIGSEGV", poke_and_run(UOFF(xss), 0xfffb), SIGSEGV);
	CHECK_EXIT("POKEUSER ss a TLS data segment -> goes on", poke_and_run(UOFF(xss), sel), 0);
}

/* The tracer empties the TLS slot the stopped tracee holds in a data
 * register: the tracee resumes with that register null. */
static void ptrace_thread_area(void)
{
	char name[96];
	for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
		unsigned sel = tls_new();
		pid_t pid = fork();
		if (pid == 0) {
			ptrace(PTRACE_TRACEME, 0, 0, 0);
			long r;
			unsigned now = regs[i].call(sel, SYS_kill, getpid(), SIGSTOP, &r);
			_exit((now & ~3u) == 0 ? 0 : 5);
		}
		wait_for(pid);
		struct tls_desc d = empty(0);
		snprintf(name, sizeof name, "%s: PTRACE_SET_THREAD_AREA", regs[i].name);
		CHECK_OK0(name, ptrace(PTRACE_SET_THREAD_AREA, pid, (void *)(long)entry_of(sel), &d));
		struct tls_desc g = { 0 };
		ptrace(PTRACE_GET_THREAD_AREA, pid, (void *)(long)entry_of(sel), &g);
		snprintf(name, sizeof name, "%s: PTRACE_GET_THREAD_AREA sees it empty", regs[i].name);
		CHECK(name, g.seg_not_present && g.entry_number == (unsigned)entry_of(sel));
		ptrace(PTRACE_CONT, pid, 0, 0);
		snprintf(name, sizeof name, "%s: tracee resumes with a null selector", regs[i].name);
		CHECK_EXIT(name, wait_for(pid), 0);
		tls_free(sel);
	}
	unsigned sel = tls_new();
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		long r;
		ss_syscall(sel, SYS_kill, getpid(), SIGSTOP, &r);
		_exit(0);
	}
	wait_for(pid);
	struct tls_desc d = empty(0);
	CHECK_OK0("ss: PTRACE_SET_THREAD_AREA", ptrace(PTRACE_SET_THREAD_AREA, pid,
						       (void *)(long)entry_of(sel), &d));
	ptrace(PTRACE_DETACH, pid, 0, 0);
	CHECK_SIG("ss: the tracee's return -> SIGSEGV", wait_for(pid), SIGSEGV);
	tls_free(sel);
	d = flat(0);
	pid = stopped_tracee();
	CHECK_ERR("PTRACE_SET_THREAD_AREA entry 1 -> EINVAL",
		  ptrace(PTRACE_SET_THREAD_AREA, pid, (void *)1, &d), EINVAL);
	CHECK_ERR("PTRACE_SET_THREAD_AREA entry -1 -> EIO",
		  ptrace(PTRACE_SET_THREAD_AREA, pid, (void *)-1, &d), EIO);
	kill(pid, SIGKILL);
	wait_for(pid);
}

/* clone(CLONE_SETTLS) takes the descriptor set_thread_area would, and
 * fails the whole clone for one it would refuse. */
static long clone_tls(struct tls_desc *d)
{
	long pid = syscall(SYS_clone, CLONE_SETTLS | SIGCHLD, 0, 0, d, 0);
	if (pid == 0) {
		struct tls_desc g = { .entry_number = d->entry_number };
		syscall(SYS_get_thread_area, &g);
		_exit(g.limit == 0x12345 ? 0 : 9);
	}
	return pid;
}

static void clone_settls(void)
{
	unsigned sel = tls_new();
	struct tls_desc d = flat(entry_of(sel));
	d.seg_32bit = 0;
	CHECK_ERR("clone, 16-bit TLS -> EINVAL", clone_tls(&d), EINVAL);
	d = flat(entry_of(sel));
	d.contents = 2;
	CHECK_ERR("clone, code segment TLS -> EINVAL", clone_tls(&d), EINVAL);
	d = flat(-1);
	CHECK_ERR("clone, TLS entry -1 -> EINVAL", clone_tls(&d), EINVAL);
	d = flat(1);
	CHECK_ERR("clone, TLS entry 1 -> EINVAL", clone_tls(&d), EINVAL);
	CHECK_ERR("clone, TLS at a bad address -> EFAULT", clone_tls((struct tls_desc *)8), EFAULT);
	d = flat(entry_of(sel));
	d.limit = 0x12345;
	long pid = clone_tls(&d);
	CHECK("clone with a good TLS", pid > 0);
	CHECK_EXIT("the child has it", wait_for(pid), 0);
	struct tls_desc g = { .entry_number = entry_of(sel) };
	syscall(SYS_get_thread_area, &g);
	CHECK("the parent's slot is untouched", g.limit == 0xfffff);
}

int main(void)
{
	RUN(tls_rules);
	RUN(data_regs_cleared);
	RUN(data_regs_zeroed);
	RUN(data_regs_read_only);
	RUN(ss_cases);
	RUN(clone_settls);
	RUN(sigreturn_cs_ss);
	RUN(sigreturn_data);
	RUN(ptrace_rejects);
	RUN(ptrace_bad_selectors);
	RUN(ptrace_thread_area);
	say("%s\n", cases_failed ? "FAILED" : "all cases passed");
	return cases_failed != 0;
}
