/* t_sigreturn_eax - differential test: a sigreturn gives back the
 * context a handler left, eax too, even when eax holds one of the
 * kernel's restart codes (-512 .. -516): Linux's restore_sigcontext sets
 * orig_eax to -1, so the way back to user mode restarts nothing. The
 * handler here runs on the way back from kill(2) made with int $0x80
 * and writes the code into the saved eax; the call must return it. */
#include "check.h"
#include <ucontext.h>
#include <sys/ucontext.h>

static volatile long new_eax;

static void handler(int sig, siginfo_t *si, void *uc_)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = uc_;
	uc->uc_mcontext.gregs[REG_EAX] = new_eax;
}

static long kill_self_int80(void)
{
	long r;
	long pid = getpid();
	__asm__ volatile("int $0x80" : "=a"(r) : "a"((long)SYS_kill), "b"(pid), "c"((long)SIGUSR1) : "memory");
	return r;
}

static void one(long code)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	new_eax = code;
	long r = kill_self_int80();
	char name[64];
	snprintf(name, sizeof name, "eax %ld comes back after sigreturn", code);
	CHECK_EQ(name, r, code);
}

static void erestartsys(void) { one(-512); }
static void erestartnointr(void) { one(-513); }
static void erestartnohand(void) { one(-514); }
static void erestart_restartblock(void) { one(-516); }
static void plain(void) { one(-4); }

int main(void)
{
	RUN(plain);
	RUN(erestartsys);
	RUN(erestartnointr);
	RUN(erestartnohand);
	RUN(erestart_restartblock);
	return cases_failed ? 1 : 0;
}
