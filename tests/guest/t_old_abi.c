/* t_old_abi - differential test of the old i386 system calls Linux still
 * has, each called by number and compared with its modern form: signal,
 * sigaction, sigprocmask, sigpending, sigsuspend, sgetmask, ssetmask
 * (32-bit sets); stat, lstat, fstat, oldstat, oldlstat, oldfstat, statfs,
 * fstatfs (narrow structures); getdents and readdir (89); utime, utimes,
 * futimesat; olduname, oldolduname; stime (errors only: the host's clock
 * is not ours to set; t_old_abi_guest sets the guest's). */
#include "check.h"
#include <stdint.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/time.h>

#define BIT(sig) (1ull << ((sig) - 1))
#define RTSIG 40                        /* a real-time signal musl leaves alone */
#define BAD ((void *)8)                 /* an address nothing is mapped at */

/* i386 struct sigaction of the old call (asm/signal.h): mask before flags. */
struct old_sigaction {
	uint32_t handler, mask, flags, restorer;
};

/* rt_sigaction's view: handler, flags, restorer, 64-bit mask. */
struct k_sigaction {
	uint32_t handler, flags, restorer;
	uint64_t mask;
} __attribute__((packed));

static int rt_get(int sig, struct k_sigaction *ka)
{
	memset(ka, 0x55, sizeof *ka);
	return syscall(SYS_rt_sigaction, sig, NULL, ka, 8);
}

static uint64_t rt_blocked(void)
{
	uint64_t m = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

static void rt_setmask(uint64_t m)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

/* The flag bits a program set and Linux reports back (UAPI_SA_FLAGS less
 * SA_RESTORER, which musl adds). */
#define FLAGS(f) ((f) & (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | \
			 SA_RESTART | SA_NODEFER | SA_RESETHAND))

/* ---- signals ---- */

static volatile int hits;
static volatile uint32_t mask_in_handler;
static volatile uint64_t rt_mask_in_handler;

static void note(int sig)
{
	(void)sig;
	hits++;
	mask_in_handler = (uint32_t)syscall(SYS_sgetmask);
	rt_mask_in_handler = rt_blocked();
}

static void other(int sig)
{
	(void)sig;
}

static void sig_signal(void)
{
	struct k_sigaction ka;
	CHECK_EQ("signal: the old handler SIG_DFL", syscall(SYS_signal, SIGUSR1, note), (long)SIG_DFL);
	CHECK_EQ("signal: the old handler note", syscall(SYS_signal, SIGUSR1, note), (long)note);
	CHECK_OK0("signal: rt_sigaction reads it", rt_get(SIGUSR1, &ka));
	CHECK_EQ("signal: handler", ka.handler, (uint32_t)note);
	CHECK_EQ("signal: SA_RESETHAND|SA_NODEFER", FLAGS(ka.flags), SA_RESETHAND | SA_NODEFER);
	CHECK_EQ("signal: empty mask", ka.mask, 0);
	hits = 0;
	raise(SIGUSR1);
	CHECK_EQ("signal: the handler ran", hits, 1);
	CHECK_EQ("signal: not blocked while it ran (SA_NODEFER)", mask_in_handler & BIT(SIGUSR1), 0);
	CHECK_OK0("signal: rt_sigaction after", rt_get(SIGUSR1, &ka));
	CHECK_EQ("signal: reset to SIG_DFL", ka.handler, (uint32_t)SIG_DFL);
	CHECK_EQ("signal: SIG_IGN", syscall(SYS_signal, SIGUSR2, SIG_IGN), (long)SIG_DFL);
	CHECK_EQ("signal: SIG_IGN back", syscall(SYS_signal, SIGUSR2, SIG_DFL), (long)SIG_IGN);
	/* Ignoring a pending signal discards it. */
	rt_setmask(BIT(SIGUSR2));
	raise(SIGUSR2);
	uint32_t p = 0;
	syscall(SYS_sigpending, &p);
	CHECK_EQ("signal: SIGUSR2 pending", p & BIT(SIGUSR2), BIT(SIGUSR2));
	syscall(SYS_signal, SIGUSR2, SIG_IGN);
	syscall(SYS_sigpending, &p);
	CHECK_EQ("signal: SIG_IGN discards it", p & BIT(SIGUSR2), 0);
	rt_setmask(0);
	CHECK_SYSERR("signal: SIGKILL", EINVAL, SYS_signal, SIGKILL, note);
	CHECK_SYSERR("signal: SIGSTOP SIG_IGN", EINVAL, SYS_signal, SIGSTOP, SIG_IGN);
	CHECK_SYSERR("signal: 0", EINVAL, SYS_signal, 0, note);
	CHECK_SYSERR("signal: 65", EINVAL, SYS_signal, 65, note);
	CHECK_SYSERR("signal: -1", EINVAL, SYS_signal, -1, note);
}

static void sig_sigaction(void)
{
	struct old_sigaction act = { (uint32_t)note, BIT(SIGUSR2) | BIT(SIGKILL), SA_RESTART, 0 }, old;
	struct k_sigaction ka;
	CHECK_OK0("sigaction: set", syscall(SYS_sigaction, SIGUSR1, &act, NULL));
	CHECK_OK0("sigaction: rt view", rt_get(SIGUSR1, &ka));
	CHECK_EQ("sigaction: rt handler", ka.handler, (uint32_t)note);
	CHECK_EQ("sigaction: rt flags", FLAGS(ka.flags), SA_RESTART);
	CHECK_EQ("sigaction: rt mask, SIGKILL dropped", ka.mask, BIT(SIGUSR2));
	memset(&old, 0x55, sizeof old);
	CHECK_OK0("sigaction: read back", syscall(SYS_sigaction, SIGUSR1, NULL, &old));
	CHECK_EQ("sigaction: old handler", old.handler, (uint32_t)note);
	CHECK_EQ("sigaction: old mask", old.mask, BIT(SIGUSR2));
	CHECK_EQ("sigaction: old flags", FLAGS(old.flags), SA_RESTART);
	/* Delivery with that mask. */
	hits = 0;
	raise(SIGUSR1);
	CHECK_EQ("sigaction: the handler ran", hits, 1);
	CHECK_EQ("sigaction: sa_mask and the signal blocked in it",
		 mask_in_handler & (BIT(SIGUSR1) | BIT(SIGUSR2)), BIT(SIGUSR1) | BIT(SIGUSR2));
	CHECK_EQ("sigaction: handler kept", (rt_get(SIGUSR1, &ka), ka.handler), (uint32_t)note);
	/* A 64-bit mask set with rt_sigaction: the old call sees its low half,
	 * and a new old action clears the high half. */
	struct k_sigaction rt = { (uint32_t)other, SA_RESTORER | SA_SIGINFO, 0,
				  BIT(SIGUSR2) | BIT(RTSIG) };
	rt.restorer = 0x1234;
	syscall(SYS_rt_sigaction, SIGUSR1, &rt, NULL, 8);
	memset(&old, 0x55, sizeof old);
	act.mask = BIT(SIGHUP);
	act.flags = 0;
	CHECK_OK0("sigaction: exchange", syscall(SYS_sigaction, SIGUSR1, &act, &old));
	CHECK_EQ("sigaction: old handler of rt", old.handler, (uint32_t)other);
	CHECK_EQ("sigaction: old mask, the low half", old.mask, BIT(SIGUSR2));
	CHECK_EQ("sigaction: old flags of rt", FLAGS(old.flags), SA_SIGINFO);
	CHECK_EQ("sigaction: old SA_RESTORER", old.flags & SA_RESTORER, SA_RESTORER);
	CHECK_EQ("sigaction: old restorer", old.restorer, 0x1234);
	CHECK_OK0("sigaction: rt view 2", rt_get(SIGUSR1, &ka));
	CHECK_EQ("sigaction: high half cleared", ka.mask, BIT(SIGHUP));
	/* SIGKILL's action may be read, not set. */
	CHECK_OK0("sigaction: read SIGKILL", syscall(SYS_sigaction, SIGKILL, NULL, &old));
	CHECK_EQ("sigaction: SIGKILL SIG_DFL", old.handler, (uint32_t)SIG_DFL);
	CHECK_SYSERR("sigaction: set SIGKILL", EINVAL, SYS_sigaction, SIGKILL, &act, NULL);
	CHECK_SYSERR("sigaction: set SIGSTOP", EINVAL, SYS_sigaction, SIGSTOP, &act, &old);
	CHECK_SYSERR("sigaction: signal 0", EINVAL, SYS_sigaction, 0, NULL, &old);
	CHECK_SYSERR("sigaction: signal 65", EINVAL, SYS_sigaction, 65, &act, NULL);
	CHECK_SYSERR("sigaction: bad act", EFAULT, SYS_sigaction, SIGUSR2, BAD, NULL);
	CHECK_SYSERR("sigaction: bad act before bad signal", EFAULT, SYS_sigaction, 0, BAD, NULL);
	CHECK_SYSERR("sigaction: bad signal before bad oact", EINVAL, SYS_sigaction, 0, NULL, BAD);
	/* A bad oact fails after the change. */
	act.handler = (uint32_t)other;
	CHECK_SYSERR("sigaction: bad oact", EFAULT, SYS_sigaction, SIGUSR2, &act, BAD);
	CHECK_EQ("sigaction: changed all the same", (rt_get(SIGUSR2, &ka), ka.handler), (uint32_t)other);
	CHECK_SYSERR("rt_sigaction: bad act before bad signal", EFAULT, SYS_rt_sigaction, 0, BAD, NULL, 8);
}

static void sig_sigprocmask(void)
{
	uint32_t set = BIT(SIGUSR1) | BIT(SIGKILL), old = 0x55;
	rt_setmask(BIT(RTSIG));
	CHECK_OK0("sigprocmask: SIG_BLOCK", syscall(SYS_sigprocmask, SIG_BLOCK, &set, &old));
	CHECK_EQ("sigprocmask: old is the low half", old, 0);
	CHECK_EQ("sigprocmask: rt view, SIGKILL dropped", rt_blocked(), BIT(RTSIG) | BIT(SIGUSR1));
	set = BIT(SIGUSR2);
	CHECK_OK0("sigprocmask: SIG_SETMASK", syscall(SYS_sigprocmask, SIG_SETMASK, &set, &old));
	CHECK_EQ("sigprocmask: old", old, BIT(SIGUSR1));
	CHECK_EQ("sigprocmask: SETMASK keeps the real-time half", rt_blocked(), BIT(RTSIG) | BIT(SIGUSR2));
	set = BIT(SIGUSR2) | BIT(SIGHUP);
	CHECK_OK0("sigprocmask: SIG_UNBLOCK", syscall(SYS_sigprocmask, SIG_UNBLOCK, &set, NULL));
	CHECK_EQ("sigprocmask: unblocked", rt_blocked(), BIT(RTSIG));
	CHECK_OK0("sigprocmask: only read", syscall(SYS_sigprocmask, SIG_BLOCK, NULL, &old));
	CHECK_EQ("sigprocmask: read", old, 0);
	CHECK_OK0("sigprocmask: bad how, no set", syscall(SYS_sigprocmask, 99, NULL, &old));
	CHECK_SYSERR("sigprocmask: bad how", EINVAL, SYS_sigprocmask, 99, &set, &old);
	CHECK_SYSERR("sigprocmask: bad set", EFAULT, SYS_sigprocmask, SIG_BLOCK, BAD, NULL);
	CHECK_SYSERR("sigprocmask: bad set before bad how", EFAULT, SYS_sigprocmask, 99, BAD, NULL);
	set = BIT(SIGHUP);
	CHECK_SYSERR("sigprocmask: bad oset", EFAULT, SYS_sigprocmask, SIG_BLOCK, &set, BAD);
	CHECK_EQ("sigprocmask: blocked all the same", rt_blocked(), BIT(RTSIG) | BIT(SIGHUP));
	rt_setmask(0);
}

static void sig_pending(void)
{
	rt_setmask(BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(RTSIG));
	raise(SIGUSR1);
	raise(RTSIG);
	uint32_t p = 0x55;
	uint64_t rt = 0;
	CHECK_OK0("sigpending", syscall(SYS_sigpending, &p));
	CHECK_EQ("sigpending: the low half", p, BIT(SIGUSR1));
	CHECK_OK0("rt_sigpending", syscall(SYS_rt_sigpending, &rt, 8));
	CHECK_EQ("rt_sigpending: both", rt, BIT(SIGUSR1) | BIT(RTSIG));
	CHECK_SYSERR("sigpending: bad pointer", EFAULT, SYS_sigpending, BAD);
	CHECK_SYSERR("sigpending: NULL", EFAULT, SYS_sigpending, NULL);
	signal(SIGUSR1, SIG_IGN);
	signal(RTSIG, SIG_IGN);
}

static void sig_suspend(void)
{
	struct old_sigaction act = { (uint32_t)note, 0, 0, 0 };
	syscall(SYS_sigaction, SIGUSR1, &act, NULL);
	rt_setmask(BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(RTSIG));
	raise(SIGUSR1);
	hits = 0;
	/* The third argument is the mask itself, not a pointer. */
	CHECK_SYSERR("sigsuspend: EINTR", EINTR, SYS_sigsuspend, 0, 0, BIT(SIGUSR2));
	CHECK_EQ("sigsuspend: the handler ran", hits, 1);
	CHECK_EQ("sigsuspend: its mask in the handler", rt_mask_in_handler, BIT(SIGUSR1) | BIT(SIGUSR2));
	CHECK_EQ("sigsuspend: the mask restored", rt_blocked(), BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(RTSIG));
}

static void sig_getset(void)
{
	rt_setmask(BIT(SIGUSR1) | BIT(RTSIG));
	CHECK_EQ("sgetmask: the low half", syscall(SYS_sgetmask), BIT(SIGUSR1));
	CHECK_EQ("ssetmask: the old mask", syscall(SYS_ssetmask, BIT(SIGUSR2) | BIT(SIGKILL) | BIT(SIGSTOP)),
		 BIT(SIGUSR1));
	CHECK_EQ("ssetmask: rt view, the high half cleared", rt_blocked(), BIT(SIGUSR2));
	CHECK_EQ("sgetmask: after", syscall(SYS_sgetmask), BIT(SIGUSR2));
	CHECK_EQ("ssetmask: 0", syscall(SYS_ssetmask, 0), BIT(SIGUSR2));
	CHECK_EQ("ssetmask: nothing blocked", rt_blocked(), 0);
}

int main(void)
{
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	rt_setmask(0);
	tdir_setup("t_old_abi");
	RUN(sig_signal);
	RUN(sig_sigaction);
	RUN(sig_sigprocmask);
	RUN(sig_pending);
	RUN(sig_suspend);
	RUN(sig_getset);
	return cases_failed ? 1 : 0;
}
