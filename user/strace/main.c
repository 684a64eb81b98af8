/* strace - prints the system calls of a program (the book's section 5.4).
 *   strace [-f] [-e EXPR] [-o FILE] [-s N] CMD ARGS...   run CMD under trace
 *   strace [-f] [-e EXPR] [-o FILE] [-s N] -p PID...     attach to running processes
 * The tracer stops the tracee at every system call's entry and exit
 * (PTRACE_SYSCALL), reads the registers (PTRACE_GETREGS: orig_eax is the
 * call, ebx..ebp the arguments, eax the result at exit) and the memory the
 * arguments point to (PTRACE_PEEKDATA), and prints one line per call when
 * it returns: name(args) = result. Argument decoding is in args.c,
 * the names it prints in names.c; -e trace=SET chooses the calls shown
 * (filter.c). */
#include "strace.h"
#include "syscall_names.h"      /* generated from <asm/unistd_32.h> */
#include <getopt.h>
#include <stdlib.h>
#include <sys/user.h>
#include "util.h"

#define MAX_TRACEES 64

enum {
	T_INSYSCALL = 1,    /* between the entry and the exit stop */
	T_STARTUP = 2,      /* its first stop (a SIGSTOP) is still to come */
	T_HIDE = 4,         /* the launched child before its execve: not shown */
	T_ATTACHED = 8,     /* attached with -p: detached, not killed, at the end */
	T_DETACHING = 16,   /* a SIGSTOP was sent to detach it at the next stop */
	T_UNTRACED = 32,    /* the call it is in is not shown (-e trace=) */
};

/* One traced process and the call it is in. */
struct tcb {
	pid_t pid;
	int flags;
	const char *name;           /* the call, after socketcall/ipc are unpacked */
	const struct spec *spec;    /* NULL: unknown, six raw arguments */
	unsigned long a[6];
	unsigned long raddr;        /* ipc(SHMAT): where the address is returned */
	char text[4096];            /* arguments formatted at entry; \1 + digit marks an output */
};

static struct tcb tcbs[MAX_TRACEES];
static int ntcbs;
static int outfd = 2;
static int follow;
static unsigned options;
static volatile sig_atomic_t interrupted;
static struct sbuf line;

static struct tcb *tcb_find(pid_t pid)
{
	for (int i = 0; i < MAX_TRACEES; i++)
		if (tcbs[i].pid == pid)
			return &tcbs[i];
	return NULL;
}

static struct tcb *tcb_add(pid_t pid, int flags)
{
	struct tcb *t = tcb_find(pid);
	if (t)
		return t;
	t = tcb_find(0);
	if (!t) {
		fprintf(stderr, "strace: too many processes, %d not traced\n", pid);
		return NULL;
	}
	memset(t, 0, sizeof *t);
	t->pid = pid;
	t->flags = flags;
	ntcbs++;
	return t;
}

static void tcb_drop(struct tcb *t)
{
	t->pid = 0;
	ntcbs--;
}

/* Starts a line: "[pid N] " while more than one process is traced. */
static void line_start(struct tcb *t)
{
	line.len = 0;
	if (ntcbs > 1)
		sb_printf(&line, "[pid %5d] ", t->pid);
}

static void line_end(void)
{
	sb_puts(&line, "\n");
	for (size_t off = 0; off < line.len; ) {
		ssize_t w = write(outfd, line.buf + off, line.len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}

/* ---- entry: what is called, with which arguments ---- */

static const char *table_name(const char *const *t, size_t n, unsigned long i)
{
	return i < n ? t[i] : NULL;
}

/* socketcall(call, args): the arguments are an array in the tracee. */
static void unpack_socketcall(struct tcb *t)
{
	const char *name = table_name(socketcall_names, COUNT(socketcall_names), t->a[0]);
	const struct spec *s = spec_find(name);
	unsigned long v[6] = {0};
	if (!s)
		return;
	size_t n = strlen(s->args);
	if (peek_mem(t->pid, t->a[1], v, n * sizeof v[0]) != n * sizeof v[0])
		return;
	t->name = name;
	t->spec = s;
	memcpy(t->a, v, sizeof v);
}

/* ipc(call, first, second, third, ptr, fifth): each subcall's arguments
 * are put back in the order of the direct call of the same name. */
static void unpack_ipc(struct tcb *t)
{
	unsigned long call = t->a[0] & 0xffff, version = t->a[0] >> 16;
	unsigned long first = t->a[1], second = t->a[2], third = t->a[3];
	unsigned long ptr = t->a[4], fifth = t->a[5];
	const char *name = table_name(ipccall_names, COUNT(ipccall_names), call);
	const struct spec *s = spec_find(name);
	unsigned long v[6] = {0};
	if (!s)
		return;
	if (!strcmp(name, "semop"))
		v[0] = first, v[1] = ptr, v[2] = second;
	else if (!strcmp(name, "semtimedop"))
		v[0] = first, v[1] = ptr, v[2] = second, v[3] = fifth;
	else if (!strcmp(name, "semget") || !strcmp(name, "shmget"))
		v[0] = first, v[1] = second, v[2] = third;
	else if (!strcmp(name, "semctl")) {
		v[0] = first, v[1] = second, v[2] = third;
		if (ptr)                 /* the union semun is passed by address */
			peek_long(t->pid, ptr, &v[3]);
	} else if (!strcmp(name, "msgsnd"))
		v[0] = first, v[1] = ptr, v[2] = second, v[3] = third;
	else if (!strcmp(name, "msgrcv")) {
		v[0] = first, v[2] = second, v[4] = third;
		if (version == 0) {      /* struct ipc_kludge { msgp, msgtyp } */
			unsigned long k[2] = {0, 0};
			peek_mem(t->pid, ptr, k, sizeof k);
			v[1] = k[0], v[3] = k[1];
		} else {
			v[1] = ptr, v[3] = fifth;
		}
	} else if (!strcmp(name, "msgget"))
		v[0] = first, v[1] = second;
	else if (!strcmp(name, "msgctl") || !strcmp(name, "shmctl"))
		v[0] = first, v[1] = second, v[2] = ptr;
	else if (!strcmp(name, "shmat")) {
		v[0] = first, v[1] = ptr, v[2] = second;
		t->raddr = third;
	} else if (!strcmp(name, "shmdt"))
		v[0] = ptr;
	else
		return;
	t->name = name;
	t->spec = s;
	memcpy(t->a, v, sizeof v);
}

static void syscall_entry(struct tcb *t, const struct user_regs_struct *r)
{
	unsigned long nr = (unsigned long)r->orig_eax;
	struct sbuf *b = &line;
	t->name = table_name(syscall_names, COUNT(syscall_names), nr);
	t->spec = spec_find(t->name);
	t->raddr = 0;
	t->a[0] = r->ebx, t->a[1] = r->ecx, t->a[2] = r->edx;
	t->a[3] = r->esi, t->a[4] = r->edi, t->a[5] = r->ebp;
	if (t->name && !strcmp(t->name, "socketcall"))
		unpack_socketcall(t);
	else if (t->name && !strcmp(t->name, "ipc"))
		unpack_ipc(t);
	if ((t->flags & T_HIDE) && t->name && !strcmp(t->name, "execve"))
		t->flags &= ~T_HIDE;
	t->flags &= ~T_UNTRACED;
	if (!filter_traced(t->name))
		t->flags |= T_UNTRACED;

	b->len = 0;
	if (t->name)
		sb_puts(b, t->name);
	else
		sb_printf(b, "syscall_%lu", nr);
	sb_puts(b, "(");
	if (!t->spec) {
		for (int i = 0; i < 6; i++)
			sb_printf(b, "%s%#lx", i ? ", " : "", t->a[i]);
	} else {
		const char *k = t->spec->args;
		for (int i = 0, shown = 0; k[i]; i++) {
			if (!arg_shown(k[i], t->a, i))
				continue;
			if (shown++)
				sb_puts(b, ", ");
			if (kind_is_output(k[i]))
				sb_printf(b, "\1%c", '0' + i);
			else
				put_arg_in(b, t->pid, k[i], t->a, i);
		}
	}
	sb_puts(b, ")");
	size_t n = b->len < sizeof t->text - 1 ? b->len : sizeof t->text - 1;
	memcpy(t->text, b->buf, n);
	t->text[n] = 0;
}

/* ---- exit: the line ---- */

/* Prints "call(args) = result"; has_ret 0 prints "= ?" (the process ended
 * inside the call: exit_group, or killed). */
static void syscall_print(struct tcb *t, int has_ret, long ret)
{
	line_start(t);
	for (const char *p = t->text; *p; p++) {
		if (*p == '\1' && p[1]) {
			int i = *++p - '0';
			if (has_ret)
				put_arg_out(&line, t->pid, t->spec->args[i], t->a, i, ret);
			else
				put_ptr(&line, t->a[i]);
		} else {
			sb_printf(&line, "%c", *p);
		}
	}
	size_t col = line.len;
	sb_printf(&line, "%*s= ", col < 39 ? (int)(39 - col) + 1 : 1, "");
	if (!has_ret) {
		sb_puts(&line, "?");
	} else {
		if (t->raddr && ret == 0) {   /* ipc(SHMAT) returns the address through memory */
			unsigned long addr;
			if (peek_long(t->pid, t->raddr, &addr) == 0)
				ret = (long)addr;
		}
		put_result(&line, t->spec ? t->spec->ret : 'd', ret);
	}
	line_end();
}

static void syscall_stop(struct tcb *t)
{
	struct user_regs_struct r;
	if (ptrace(PTRACE_GETREGS, t->pid, 0, &r) < 0) {
		fprintf(stderr, "strace: PTRACE_GETREGS %d: %s\n", t->pid, strerror(errno));
		return;
	}
	if (!(t->flags & T_INSYSCALL)) {
		t->flags |= T_INSYSCALL;
		syscall_entry(t, &r);
	} else {
		t->flags &= ~T_INSYSCALL;
		if (!(t->flags & (T_HIDE | T_UNTRACED)))
			syscall_print(t, 1, r.eax);
	}
}

/* ---- the tracing loop ---- */

static void message(struct tcb *t, const char *fmt, const char *arg)
{
	if (t->flags & T_HIDE)
		return;
	line_start(t);
	sb_printf(&line, fmt, arg);
	line_end();
}

/* The process ended: finish its call, say how it ended, forget it. */
static void tracee_gone(struct tcb *t, int status)
{
	if (t->flags & T_INSYSCALL && !(t->flags & (T_HIDE | T_UNTRACED)))
		syscall_print(t, 0, 0);
	if (WIFEXITED(status)) {
		char n[16];
		snprintf(n, sizeof n, "%d", WEXITSTATUS(status));
		message(t, "+++ exited with %s +++", n);
	} else {
		message(t, WCOREDUMP(status) ? "+++ killed by %s (core dumped) +++" :
			"+++ killed by %s +++", signame(WTERMSIG(status)));
	}
	tcb_drop(t);
}

static void resume(struct tcb *t, int request, int sig)
{
	if (ptrace(request, t->pid, 0, (void *)(long)sig) < 0 && errno != ESRCH)
		fprintf(stderr, "strace: ptrace(%d, %d): %s\n", request, t->pid, strerror(errno));
}

static void detach(struct tcb *t, int sig)
{
	ptrace(PTRACE_DETACH, t->pid, 0, (void *)(long)sig);
	fprintf(stderr, "strace: Process %d detached\n", t->pid);
	tcb_drop(t);
}

/* A fork, vfork or clone event: the new process is traced already; it
 * starts with a SIGSTOP that is not shown. */
static void fork_event(struct tcb *t)
{
	unsigned long child;
	if (ptrace(PTRACE_GETEVENTMSG, t->pid, 0, &child) < 0 || tcb_find((pid_t)child))
		return;
	if (tcb_add((pid_t)child, T_STARTUP))
		fprintf(stderr, "strace: Process %lu attached\n", child);
}

/* A stop that is neither a system call nor an event: a signal on its way
 * to the tracee. It is shown and delivered, except the SIGSTOP that every
 * new tracee starts with. */
static void signal_stop(struct tcb *t, int sig)
{
	if ((t->flags & T_STARTUP) && sig == SIGSTOP) {
		t->flags &= ~T_STARTUP;
		if (ptrace(PTRACE_SETOPTIONS, t->pid, 0, (void *)(long)options) < 0)
			fprintf(stderr, "strace: PTRACE_SETOPTIONS %d: %s\n", t->pid, strerror(errno));
		resume(t, PTRACE_SYSCALL, 0);
		return;
	}
	if ((t->flags & T_DETACHING) && sig == SIGSTOP) {
		detach(t, 0);
		return;
	}
	message(t, "--- %s ---", signame(sig));
	resume(t, (t->flags & T_DETACHING) ? PTRACE_CONT : PTRACE_SYSCALL, sig);
}

/* -p and SIGINT: leave every tracee running. One stopped for us now is let
 * go at once; a running one gets a SIGSTOP and goes at that stop. */
static void detach_all(void)
{
	for (int i = 0; i < MAX_TRACEES; i++) {
		struct tcb *t = &tcbs[i];
		if (!t->pid || (t->flags & T_DETACHING))
			continue;
		if (ptrace(PTRACE_DETACH, t->pid, 0, 0) == 0) {
			fprintf(stderr, "strace: Process %d detached\n", t->pid);
			tcb_drop(t);
		} else {
			t->flags |= T_DETACHING;
			kill(t->pid, SIGSTOP);
		}
	}
}

/* Waits for and handles stops until no tracee is left; returns the exit
 * status of main_pid (the launched command), as strace's own. */
static int trace_loop(pid_t main_pid)
{
	int main_status = 0;
	while (ntcbs > 0) {
		int status;
		if (interrupted == 1) {
			interrupted = 2;
			detach_all();
			continue;
		}
		pid_t pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				fprintf(stderr, "strace: wait: %s\n", strerror(errno));
			break;
		}
		struct tcb *t = tcb_find(pid);
		if (!t) {           /* a new child's first stop before its parent's event */
			if (!WIFSTOPPED(status) || !follow || !(t = tcb_add(pid, T_STARTUP)))
				continue;
			fprintf(stderr, "strace: Process %d attached\n", pid);
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (pid == main_pid)
				main_status = WIFEXITED(status) ? WEXITSTATUS(status)
								: 128 + WTERMSIG(status);
			tracee_gone(t, status);
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		int sig = WSTOPSIG(status), event = status >> 16;
		if (sig == (SIGTRAP | 0x80)) {
			syscall_stop(t);
			resume(t, (t->flags & T_DETACHING) ? PTRACE_CONT : PTRACE_SYSCALL, 0);
		} else if (event) {
			if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
			    event == PTRACE_EVENT_CLONE)
				fork_event(t);
			resume(t, (t->flags & T_DETACHING) ? PTRACE_CONT : PTRACE_SYSCALL, 0);
		} else {
			signal_stop(t, sig);
		}
	}
	return main_status;
}

/* ---- start ---- */

/* CMD as execvp would find it: itself with a '/', else the first
 * executable file of that name in $PATH. */
static const char *find_program(const char *cmd)
{
	static char path[4096];
	struct stat st;
	if (strchr(cmd, '/'))
		return cmd;
	const char *dirs = getenv("PATH");
	if (!dirs || !*dirs)
		dirs = "/bin:/usr/bin";
	for (const char *p = dirs; ; ) {
		const char *end = strchrnul(p, ':');
		int n = (int)(end - p);
		snprintf(path, sizeof path, "%.*s/%s", n, n ? p : ".", cmd);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0)
			return path;
		if (!*end)
			break;
		p = end + 1;
	}
	return NULL;
}

/* Forks the command: the child asks to be traced, stops itself so the
 * options can be set before it runs, and execs. */
static pid_t launch(char **argv)
{
	const char *path = find_program(argv[0]);
	if (!path) {
		fprintf(stderr, "strace: Can't stat '%s': %s\n", argv[0], strerror(ENOENT));
		exit(1);
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("strace: fork");
		exit(1);
	}
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0) {
			perror("strace: PTRACE_TRACEME");
			_exit(1);
		}
		raise(SIGSTOP);
		execv(path, argv);
		fprintf(stderr, "strace: exec %s: %s\n", path, strerror(errno));
		_exit(1);
	}
	tcb_add(pid, T_STARTUP | T_HIDE);
	return pid;
}

static void on_interrupt(int sig)
{
	(void)sig;
	if (!interrupted)
		interrupted = 1;
}

static const struct prog_help help = {
	"[-f] [-e EXPR] [-o FILE] [-s STRSIZE] CMD [ARGS...]\n"
	"   or: strace [-f] [-e EXPR] [-o FILE] [-s STRSIZE] -p PID...",
	"Trace the system calls of CMD (or of the processes PID) and the signals\n"
	"they get: one line per call, name(arguments) = result.\n\n"
	"  -e trace=[!]SET   show only the calls in SET (a comma list of names and\n"
	"                    classes: %file %desc %ipc %network %signal %process\n"
	"                    %memory %creds %clock, all, none); -e SET is the same\n"
	"  -f                follow the children made by fork, vfork and clone\n"
	"  -o FILE           write the trace to FILE, not to standard error\n"
	"  -p PID            attach to the running process PID (repeatable)\n"
	"  -s STRSIZE        show at most STRSIZE bytes of a string (32)\n",
	1, PH_OPTS_FIRST | PH_OWN_LONG,
};

static void usage(void)
{
	err_msg("must have PROG [ARGS] or -p PID");
	usage_exit(1);
}

/* The options; the processes to attach to into attach[] (*nattach). */
static void parse_args(int argc, char **argv, pid_t *attach, int *nattach, const char **outfile)
{
	static const struct option longopts[] = {
		{ "trace", required_argument, NULL, 'T' }, { NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+e:fho:p:s:", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': filter_parse(optarg); break;
		case 'T': filter_parse(optarg); break;
		case 'f': follow = 1; break;
		case 'o': *outfile = optarg; break;
		case 's': max_strlen = (unsigned)atoi(optarg); break;
		case 'h': printf("Usage: strace %s\n%s", help.usage, help.text); exit(0);
		case 'p':
			if (*nattach < MAX_TRACEES && atoi(optarg) > 0)
				attach[(*nattach)++] = atoi(optarg);
			else
				usage();
			break;
		default: bad_option(strchr("eops", optopt) ? 0 : optopt, 1);
		}
	}
	if ((optind == argc) == (*nattach == 0))
		usage();
}

int main(int argc, char **argv)
{
	pid_t attach[MAX_TRACEES];
	int nattach = 0;
	const char *outfile = NULL;
	prog_init("strace", argc, argv, &help);
	parse_args(argc, argv, attach, &nattach, &outfile);
	if (outfile) {
		outfd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (outfd < 0) {
			fprintf(stderr, "strace: %s: %s\n", outfile, strerror(errno));
			return 1;
		}
	}
	options = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC;
	if (follow)
		options |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	pid_t main_pid = 0;
	if (nattach) {
		/* no SA_RESTART: ^C must interrupt the wait to detach */
		sa.sa_handler = on_interrupt;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		for (int i = 0; i < nattach; i++) {
			if (ptrace(PTRACE_ATTACH, attach[i], 0, 0) < 0) {
				fprintf(stderr, "strace: attach: ptrace(PTRACE_ATTACH, %d): %s\n",
					attach[i], strerror(errno));
				continue;
			}
			tcb_add(attach[i], T_STARTUP | T_ATTACHED);
			fprintf(stderr, "strace: Process %d attached\n", attach[i]);
		}
		if (!ntcbs)
			return 1;
	} else {
		options |= PTRACE_O_EXITKILL;
		main_pid = launch(argv + optind);
		/* the terminal's ^C and ^\ reach the tracee, which shows them */
		sa.sa_handler = SIG_IGN;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGQUIT, &sa, NULL);
	}
	return trace_loop(main_pid);
}
