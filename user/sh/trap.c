/*
 * trap.c: signal names (for kill and trap) and the trap builtin, as POSIX
 * specifies it. A caught signal only sets a flag in the handler; the
 * shell runs the action between commands (traps_run, after each command
 * run() finishes), keeping $?. The EXIT trap runs in sh_exit. A forked
 * child (sh_fork) resets caught signals to their default action and keeps
 * ignored ones; signals are blocked across the fork so that one meant for
 * the child meets the reset dispositions.
 */
#include "sh.h"

static const struct { const char *name; int sig; } signames[] = {
	{"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL},
	{"TRAP", SIGTRAP}, {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE},
	{"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
	{"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"STKFLT", SIGSTKFLT},
	{"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},
	{"TTIN", SIGTTIN}, {"TTOU", SIGTTOU}, {"URG", SIGURG}, {"XCPU", SIGXCPU},
	{"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH},
	{"IO", SIGIO}, {"PWR", SIGPWR}, {"SYS", SIGSYS},
};
#define NSIGNAMES (sizeof signames / sizeof signames[0])

/* A signal number from a number or a name (any case, SIG prefix optional); -1 if none. */
int sig_from_name(const char *s)
{
	if (is_number(s))
		return atoi(s);
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < NSIGNAMES; i++)
		if (!strcasecmp(s, signames[i].name))
			return signames[i].sig;
	return -1;
}

/* The name of sig without "SIG", or NULL. */
const char *sig_name(int sig)
{
	for (size_t i = 0; i < NSIGNAMES; i++)
		if (signames[i].sig == sig)
			return signames[i].name;
	return NULL;
}

/* kill -l and trap -l: " 1) SIGHUP" one a line. */
void sig_list(int fd)
{
	for (size_t i = 0; i < NSIGNAMES; i++)
		fdprintf(fd, "%2d) SIG%s\n", signames[i].sig, signames[i].name);
}

/* ---- the traps ---- */

#define NTRAP 65                /* 0 is EXIT, 1..64 the signals */

static char *trap_cmd[NTRAP];   /* NULL: default; "": ignored; else the action */
static char *parent_cmd[NTRAP]; /* in a subshell: the parent's, for "$(trap)" */
static int show_parent;         /* no trap changed yet in this subshell */
static volatile sig_atomic_t trap_pending[NTRAP], any_pending;
static unsigned char ignored_at_entry[NTRAP];
static int in_trap;

static void trap_catch(int sig)
{
	trap_pending[sig] = 1;
	any_pending = 1;
}

/*
 * Note which signals were ignored when the shell started: a
 * non-interactive shell may neither trap nor reset them (POSIX).
 * Call before the shell changes any disposition itself.
 */
void traps_init(void)
{
	for (int s = 1; s < NTRAP; s++) {
		struct sigaction old;
		ignored_at_entry[s] = !interactive && sigaction(s, NULL, &old) == 0 &&
				      old.sa_handler == SIG_IGN;
	}
}

/* 1 if the user set a trap (an action or '') on sig. */
static int trap_is_set(int sig)
{
	return sig >= 0 && sig < NTRAP && trap_cmd[sig] != NULL;
}

/* 1 if sig is ignored by trap '' SIG. */
int trap_ignored(int sig)
{
	return trap_is_set(sig) && !*trap_cmd[sig];
}

/* 1 if sig came and its trap action is waiting to run. */
int trap_will_run(int sig)
{
	return trap_pending[sig] && trap_cmd[sig] && *trap_cmd[sig];
}

/* A caught signal whose action has not run yet (0: none, or a trap action is running). */
int trap_pending_sig(void)
{
	for (int s = 1; any_pending && !in_trap && s < NTRAP; s++)
		if (trap_pending[s])
			return s;
	return 0;
}

/* The disposition a signal has without a trap: the shell's own. */
static void (*shell_default(int s))(int)
{
	int own = s == SIGINT || s == SIGQUIT || s == SIGTSTP || s == SIGTTIN || s == SIGTTOU;
	return interactive && own ? SIG_IGN : SIG_DFL;
}

/* trap ACTION s, with ACTION "-" to reset. */
static void trap_set(int s, const char *action)
{
	if (show_parent) {
		for (int k = 0; k < NTRAP; k++) {
			free(parent_cmd[k]);
			parent_cmd[k] = NULL;
		}
		show_parent = 0;
	}
	if (s > 0 && ignored_at_entry[s])
		return;                 /* silently, as POSIX allows */
	free(trap_cmd[s]);
	trap_cmd[s] = strcmp(action, "-") ? xstrdup(action) : NULL;
	if (s == 0)
		return;
	trap_pending[s] = 0;
	struct sigaction sa = {0};
	sigfillset(&sa.sa_mask);
	sa.sa_handler = !trap_cmd[s] ? shell_default(s) : *trap_cmd[s] ? trap_catch : SIG_IGN;
	sigaction(s, &sa, NULL);        /* fails for KILL and STOP: kept, as bash */
}

/*
 * Run the actions of the signals that arrived since the last call, in
 * signal order; $? is kept. Not while a trap action runs (its signals
 * wait). May run any shell code, and so may not return (exit).
 */
void traps_run(void)
{
	if (!any_pending || in_trap)
		return;
	any_pending = 0;
	in_trap = 1;
	for (int s = 1; s < NTRAP; s++) {
		if (!trap_pending[s])
			continue;
		trap_pending[s] = 0;
		if (trap_cmd[s] && *trap_cmd[s]) {
			int st = last_status;
			char *cmd = xstrdup(trap_cmd[s]);     /* the action may change it */
			run_string(cmd, "trap");
			free(cmd);
			last_status = st;
		}
	}
	in_trap = 0;
}

/* The shell is leaving with status: run the EXIT trap, once. */
void traps_exit(int status)
{
	char *cmd = trap_cmd[0];
	if (!cmd)
		return;
	trap_cmd[0] = NULL;
	last_status = status;
	run_string(cmd, "EXIT");
	free(cmd);
}

/* In a new subshell: caught signals back to default, ignored ones stay. */
static void traps_reset_child(void)
{
	for (int s = 0; s < NTRAP; s++) {
		free(parent_cmd[s]);
		parent_cmd[s] = trap_cmd[s];
		trap_pending[s] = 0;
		if (trap_cmd[s] && *trap_cmd[s]) {
			trap_cmd[s] = NULL;
			if (s)
				signal(s, SIG_DFL);
		} else if (trap_cmd[s]) {
			trap_cmd[s] = xstrdup("");
		}
	}
	show_parent = 1;
	any_pending = in_trap = 0;
}

/*
 * fork() for the shell: all signals are blocked across it, and the child
 * resets its traps before they are unblocked, so that a signal sent to
 * the child at once finds the child's dispositions. Returns as fork().
 */
pid_t sh_fork(void)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t pid = fork();
	if (pid == 0)
		traps_reset_child();
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

/* A trap condition: EXIT or 0, or a signal; -1 if it is neither. */
static int trap_condition(const char *s)
{
	if (!strcasecmp(s, "EXIT") || !strcasecmp(s, "SIGEXIT"))
		return 0;
	int sig = sig_from_name(s);
	return sig < NTRAP ? sig : -1;
}

/* List the traps on the conditions in names (all if n == 0) as trap commands. */
static int trap_print(char **names, int n)
{
	char **cmds = show_parent ? parent_cmd : trap_cmd;
	for (int s = 0; s < NTRAP; s++) {
		int want = n == 0;
		for (int i = 0; i < n; i++)
			want |= trap_condition(names[i]) == s;
		if (!want || !cmds[s])
			continue;
		struct buf b = {0};
		char num[16];
		snprintf(num, sizeof num, "%d", s);
		buf_adds(&b, "trap -- ");
		print_quoted(&b, cmds[s]);
		buf_addc(&b, ' ');
		buf_adds(&b, s == 0 ? "EXIT" : sig_name(s) ? sig_name(s) : num);
		fdprintf(1, "%s\n", b.s);
		free(b.s);
	}
	return 0;
}

/*
 * trap [-lp] [[ACTION] CONDITION...]: ACTION "-" (or a first operand that
 * is a number, or none with one condition) resets, "" ignores, else the
 * commands to run. Without operands, list the traps as commands that set
 * them again.
 */
int bi_trap(int argc, char **argv)
{
	int i = 1, st = 0;
	if (i < argc && !strcmp(argv[i], "-l")) {
		sig_list(1);
		return 0;
	}
	if (i < argc && !strcmp(argv[i], "-p"))
		return trap_print(argv + i + 1, argc - i - 1);
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i == argc)
		return trap_print(NULL, 0);
	const char *action = argv[i];
	if (argc - i == 1 || is_number(action))
		action = "-";
	else
		i++;
	for (; i < argc; i++) {
		int s = trap_condition(argv[i]);
		if (s < 0) {
			errmsg("trap: %s: invalid signal specification", argv[i]);
			st = 1;
			continue;
		}
		trap_set(s, action);
	}
	return st;
}
