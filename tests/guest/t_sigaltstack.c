/* t_sigaltstack - differential test of sigaltstack(2) (issue 15: the
 * alternate signal stack is per-thread state): its errors (EINVAL, ENOMEM,
 * EFAULT, EPERM on it), the state it reports (SS_DISABLE, SS_ONSTACK,
 * SS_AUTODISARM), SA_ONSTACK handlers running on it and others not, a
 * stack overflow caught there, and its inheritance: a new thread has none,
 * fork keeps it, execve clears it. The raw system call is used: musl's
 * wrapper checks some arguments itself. The program re-executes itself
 * (argv[1] = "probe") from /tests/t_sigaltstack in the guest or
 * /proc/self/exe on the host. */
#include "check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/resource.h>
#include <ucontext.h>

#define BAD ((void *)1)
#define ALT_SIZE 65536

static char self[512];
static char altbuf[ALT_SIZE] __attribute__((aligned(16)));

static long sas(const stack_t *ss, stack_t *oss)
{
	return syscall(SYS_sigaltstack, ss, oss);
}

/* Sets altbuf as the alternate stack with flags; 0 or -1. */
static long set_alt(int flags)
{
	stack_t ss = { .ss_sp = altbuf, .ss_flags = flags, .ss_size = ALT_SIZE };
	return sas(&ss, NULL);
}

static stack_t get_alt(void)
{
	stack_t o;
	memset(&o, 0x5a, sizeof o);
	if (sas(NULL, &o) < 0)
		o.ss_flags = -1;
	return o;
}

static int in_alt(const void *p)
{
	return (const char *)p >= altbuf && (const char *)p < altbuf + ALT_SIZE;
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static void errors(void)
{
	stack_t ss = { .ss_sp = altbuf, .ss_flags = 0, .ss_size = ALT_SIZE };
	CHECK_SYSERR("bad_ss_EFAULT", EFAULT, SYS_sigaltstack, BAD, NULL);
	CHECK_SYSERR("bad_oss_EFAULT", EFAULT, SYS_sigaltstack, NULL, BAD);
	ss.ss_flags = 3;
	CHECK_SYSERR("mode_3_EINVAL", EINVAL, SYS_sigaltstack, &ss, NULL);
	ss.ss_flags = 4;
	CHECK_SYSERR("mode_4_EINVAL", EINVAL, SYS_sigaltstack, &ss, NULL);
	ss.ss_flags = SS_DISABLE | SS_ONSTACK;
	CHECK_SYSERR("disable_onstack_EINVAL", EINVAL, SYS_sigaltstack, &ss, NULL);
	ss.ss_flags = 0;
	ss.ss_size = MINSIGSTKSZ - 1;
	CHECK_SYSERR("small_ENOMEM", ENOMEM, SYS_sigaltstack, &ss, NULL);
	CHECK_EQ("small_left_none", get_alt().ss_flags, SS_DISABLE);
	ss.ss_size = MINSIGSTKSZ;
	CHECK_OK0("minsigstksz_ok", sas(&ss, NULL));
	ss.ss_flags = SS_DISABLE;
	ss.ss_size = 0;
	CHECK_OK0("disable_size_0_ok", sas(&ss, NULL));
	ss.ss_flags = SS_ONSTACK;                /* accepted as 0 by Linux */
	ss.ss_size = ALT_SIZE;
	CHECK_OK0("mode_onstack_ok", sas(&ss, NULL));
	CHECK_EQ("mode_onstack_reported_0", get_alt().ss_flags, 0);
	/* a bad oss: the change is made, then EFAULT */
	ss.ss_flags = SS_DISABLE;
	CHECK_SYSERR("set_bad_oss_EFAULT", EFAULT, SYS_sigaltstack, &ss, BAD);
	CHECK_EQ("set_bad_oss_changed", get_alt().ss_flags, SS_DISABLE);
}

static void state(void)
{
	stack_t o = get_alt();
	CHECK_EQ("initial_disabled", o.ss_flags, SS_DISABLE);
	CHECK("initial_sp_0", o.ss_sp == NULL);
	CHECK_EQ("initial_size_0", o.ss_size, 0);
	CHECK_OK0("set", set_alt(0));
	o = get_alt();
	CHECK_EQ("set_flags_0", o.ss_flags, 0);
	CHECK("set_sp", o.ss_sp == altbuf);
	CHECK_EQ("set_size", o.ss_size, ALT_SIZE);
	stack_t ss = { .ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0 };
	memset(&o, 0x5a, sizeof o);
	CHECK_OK0("disable_returns_old", sas(&ss, &o));
	CHECK("old_sp", o.ss_sp == altbuf);
	CHECK_EQ("old_flags", o.ss_flags, 0);
	o = get_alt();
	CHECK_EQ("disabled_flags", o.ss_flags, SS_DISABLE);
	CHECK("disabled_sp_0", o.ss_sp == NULL);
	CHECK_EQ("disabled_size_0", o.ss_size, 0);
	CHECK_OK0("set_autodisarm", set_alt((int)SS_AUTODISARM));
	CHECK_EQ("autodisarm_reported", (unsigned)get_alt().ss_flags, SS_AUTODISARM);
}

/* What a handler saw: its local on the alternate stack, the state, EPERM. */
static volatile int h_on_alt, h_flags, h_set_err, h_disable_err, h_ran;

static void onstack_handler(int sig)
{
	char local;
	(void)sig;
	h_on_alt = in_alt(&local);
	h_flags = get_alt().ss_flags;
	stack_t ss = { .ss_sp = altbuf, .ss_flags = 0, .ss_size = ALT_SIZE };
	h_set_err = sas(&ss, NULL) < 0 ? errno : 0;
	ss.ss_flags = SS_DISABLE;
	h_disable_err = sas(&ss, NULL) < 0 ? errno : 0;
	h_ran = 1;
}

static void onstack(void)
{
	set_alt(0);
	install(SIGUSR1, onstack_handler, SA_ONSTACK);
	raise(SIGUSR1);
	CHECK_EQ("handler_ran", h_ran, 1);
	CHECK_EQ("handler_on_alt_stack", h_on_alt, 1);
	CHECK_EQ("handler_sees_SS_ONSTACK", h_flags, SS_ONSTACK);
	CHECK_EQ("change_on_it_EPERM", h_set_err, EPERM);
	CHECK_EQ("disable_on_it_EPERM", h_disable_err, EPERM);
	stack_t o = get_alt();
	CHECK_EQ("after_handler_flags_0", o.ss_flags, 0);
	CHECK("after_handler_sp", o.ss_sp == altbuf);
}

static void not_onstack(void)
{
	set_alt(0);
	install(SIGUSR1, onstack_handler, 0);
	raise(SIGUSR1);
	CHECK_EQ("handler_ran", h_ran, 1);
	CHECK_EQ("handler_not_on_alt_stack", h_on_alt, 0);
	CHECK_EQ("handler_sees_0", h_flags, 0);
	CHECK_EQ("handler_may_change_it", h_set_err, 0);
}

/* With no alternate stack, SA_ONSTACK runs on the normal stack. */
static void onstack_without_one(void)
{
	install(SIGUSR1, onstack_handler, SA_ONSTACK);
	raise(SIGUSR1);
	CHECK_EQ("handler_ran", h_ran, 1);
	CHECK_EQ("handler_not_on_alt_stack", h_on_alt, 0);
	CHECK_EQ("handler_sees_disabled", h_flags, SS_DISABLE);
}

static volatile int n_ucflags, n_ucsp, n_ucsize;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *u = uc;
	(void)si;
	onstack_handler(sig);
	n_ucflags = u->uc_stack.ss_flags;
	n_ucsp = u->uc_stack.ss_sp == altbuf;
	n_ucsize = u->uc_stack.ss_size == ALT_SIZE;
}

static void install_info(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(sig, &sa, NULL);
}

/* uc_stack holds the alternate stack as it was when the signal came. */
static void ucontext_stack(void)
{
	set_alt(0);
	install_info(SIGUSR1);
	raise(SIGUSR1);
	CHECK_EQ("on_alt_stack", h_on_alt, 1);
	CHECK_EQ("uc_stack_flags_0", n_ucflags, 0);
	CHECK_EQ("uc_stack_sp", n_ucsp, 1);
	CHECK_EQ("uc_stack_size", n_ucsize, 1);
}

/* SS_AUTODISARM: none while the handler runs on it; back after return. */
static void autodisarm(void)
{
	set_alt((int)SS_AUTODISARM);
	install_info(SIGUSR1);
	raise(SIGUSR1);
	CHECK_EQ("on_alt_stack", h_on_alt, 1);
	CHECK_EQ("disarmed_inside", h_flags, SS_DISABLE);
	CHECK_EQ("change_inside_ok", h_set_err, 0);
	CHECK_EQ("uc_stack_flags", (unsigned)n_ucflags, SS_AUTODISARM);
	CHECK_EQ("uc_stack_sp", n_ucsp, 1);
	stack_t o = get_alt();
	CHECK_EQ("restored_flags", (unsigned)o.ss_flags, SS_AUTODISARM);
	CHECK("restored_sp", o.ss_sp == altbuf);
	CHECK_EQ("restored_size", o.ss_size, ALT_SIZE);
}

static volatile int stop_recursion;

static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	if (stop_recursion)
		return 0;
	return recurse(n + 1) + pad[0];
}

static void segv_exit7(int sig)
{
	char local;
	(void)sig;
	_exit(in_alt(&local) ? 7 : 8);
}

/* In a child: the alternate stack (or none) and infinite recursion. */
static int overflow_status(int with_alt)
{
	pid_t pid = fork();
	if (pid == 0) {
		alarm(20);
		struct rlimit r;
		getrlimit(RLIMIT_STACK, &r);
		if (r.rlim_cur == RLIM_INFINITY || r.rlim_cur > (8u << 20)) {
			r.rlim_cur = 8u << 20;
			setrlimit(RLIMIT_STACK, &r);
		}
		if (with_alt)
			set_alt(0);
		install(SIGSEGV, segv_exit7, SA_ONSTACK);
		recurse(0);
		_exit(0);
	}
	return wait_for(pid);
}

static void overflow(void)
{
	int st = overflow_status(1);
	CHECK("caught_on_alt_stack_exit_7", WIFEXITED(st) && WEXITSTATUS(st) == 7);
	st = overflow_status(0);
	CHECK("no_alt_stack_killed_SIGSEGV", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
}

static void *thread_probe(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)get_alt().ss_flags;
}

static void new_thread(void)
{
	set_alt(0);
	pthread_t t;
	void *res = NULL;
	CHECK_OK0("pthread_create", pthread_create(&t, NULL, thread_probe, NULL));
	pthread_join(t, &res);
	CHECK_EQ("thread_has_none", (intptr_t)res, SS_DISABLE);
	CHECK_EQ("main_keeps_it", get_alt().ss_flags, 0);
}

static void fork_keeps(void)
{
	set_alt(0);
	pid_t pid = fork();
	if (pid == 0) {
		stack_t o = get_alt();
		_exit(o.ss_flags == 0 && o.ss_sp == altbuf && o.ss_size == ALT_SIZE ? 0 : 1);
	}
	int st = wait_for(pid);
	CHECK("child_has_it", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void exec_clears(void)
{
	set_alt(0);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { self, "probe", NULL };
		execv(self, argv);
		_exit(3);
	}
	int st = wait_for(pid);
	CHECK("execve_clears_it", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "probe"))
		return get_alt().ss_flags == SS_DISABLE && get_alt().ss_size == 0 ? 0 : 1;
	if (access("/tests/t_sigaltstack", X_OK) == 0) {
		strcpy(self, "/tests/t_sigaltstack");
	} else {
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = 0;
	}
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	signal(SIGUSR1, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	RUN(errors);
	RUN(state);
	RUN(onstack);
	RUN(not_onstack);
	RUN(onstack_without_one);
	RUN(ucontext_stack);
	RUN(autodisarm);
	RUN(overflow);
	RUN(new_thread);
	RUN(fork_keeps);
	RUN(exec_clears);
	return cases_failed ? 1 : 0;
}
