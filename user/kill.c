/* kill: send a signal to processes. kill [-s SIG | -SIG | -NUM] PID...;
 * kill -l lists the signal names, kill -l N names signal N. The default
 * signal is TERM. A negative PID names a process group. */
#include "util.h"
#include <ctype.h>
#include <signal.h>
#include <strings.h>

static const struct { int num; const char *name; } sigs[] = {
	{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" }, { SIGILL, "ILL" },
	{ SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" }, { SIGBUS, "BUS" }, { SIGFPE, "FPE" },
	{ SIGKILL, "KILL" }, { SIGUSR1, "USR1" }, { SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" }, { SIGALRM, "ALRM" }, { SIGTERM, "TERM" }, { SIGSTKFLT, "STKFLT" },
	{ SIGCHLD, "CHLD" }, { SIGCONT, "CONT" }, { SIGSTOP, "STOP" }, { SIGTSTP, "TSTP" },
	{ SIGTTIN, "TTIN" }, { SIGTTOU, "TTOU" }, { SIGURG, "URG" }, { SIGXCPU, "XCPU" },
	{ SIGXFSZ, "XFSZ" }, { SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGWINCH, "WINCH" },
	{ SIGPOLL, "POLL" }, { SIGPWR, "PWR" }, { SIGSYS, "SYS" },
};
#define NSIGS ((int)(sizeof sigs / sizeof sigs[0]))

/* "TERM", "SIGTERM", "term" or "15" -> 15; -1 when unknown. */
static int sig_number(const char *s)
{
	if (isdigit((unsigned char)*s)) {
		char *end;
		long v = strtol(s, &end, 10);
		return (*end || v < 0 || v >= _NSIG) ? -1 : (int)v;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 0; i < NSIGS; i++)
		if (!strcasecmp(s, sigs[i].name))
			return sigs[i].num;
	return -1;
}

static const char *sig_name(int num)
{
	for (int i = 0; i < NSIGS; i++)
		if (sigs[i].num == num)
			return sigs[i].name;
	return NULL;
}

static int list(const char *arg)
{
	if (!arg) {
		for (int i = 0; i < NSIGS; i++)
			printf("%s%c", sigs[i].name, i + 1 < NSIGS ? ' ' : '\n');
		return 0;
	}
	int n = isdigit((unsigned char)*arg) ? atoi(arg) : sig_number(arg);
	if (n < 0) {
		err_msg("unknown signal: %s", arg);
		return 1;
	}
	if (isdigit((unsigned char)*arg)) {
		if (n > 128)            /* an exit status: 128 + signal */
			n -= 128;
		if (!sig_name(n)) {
			err_msg("unknown signal: %s", arg);
			return 1;
		}
		puts(sig_name(n));
	} else {
		printf("%d\n", n);
	}
	return 0;
}

static const struct prog_help help = {
	"[-s SIGNAL | -SIGNAL] PID...\n   or: kill -l [SIGNAL]",
	"Send a signal (TERM by default) to each process PID; a negative PID\n"
	"names a process group.\n\n"
	"  -s SIGNAL, -SIGNAL   the signal, by name (HUP, SIGHUP) or number\n"
	"  -l [SIGNAL]          list the signal names, or name one signal\n",
	1, PH_OPTS_FIRST,
};

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0;
	prog_init("kill", argc, argv, &help);
	if (argc > 1 && !strcmp(argv[1], "-l"))
		return list(argv[2]);
	if (argc > 2 && !strcmp(argv[1], "-s")) {
		sig = sig_number(argv[2]);
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && isalnum((unsigned char)argv[1][1])) {
		sig = sig_number(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		err_msg("unknown signal: %s", argv[i - 1] + (i == 2));
		usage_exit(1);
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc)
		usage_exit(1);
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			err_msg("%s: arguments must be process or job IDs", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			err_msg("(%ld): %s", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
