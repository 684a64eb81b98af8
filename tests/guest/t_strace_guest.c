/* t_strace_guest - guest only: runs /bin/strace on small commands and
 * checks the trace it writes (-o) has the expected lines: execve, open,
 * getdents64, writev and exit_group for ls; errors with their errno names;
 * -f with [pid N] prefixes; deaths by signal; the IPC and socket calls
 * decoded by name (a copy of this program in helper mode makes them); and
 * -p attaching to a running process and detaching on SIGINT; -e trace=
 * with names, classes (%ipc, %network, ...) and negation. Not
 * differential: the host has no /bin/ls of this kind, and pids, addresses
 * and ids in the trace differ from run to run, so the checks match the
 * parts of a line that are fixed. */
#include "check.h"
#include "seccomp_defs.h"
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>

#define SELF "/tests/t_strace_guest"
#define TRACE "/tmp/t_strace_guest.tr"
#define ERRS "/tmp/t_strace_guest.err"

static char trace[65536];

/* Runs strace with argv (NULL-terminated), the command's output to
 * /dev/null and strace's own messages to ERRS; returns the wait status
 * and loads TRACE into trace[]. */
static int run_strace(char *const argv[])
{
	unlink(TRACE);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		int err = open(ERRS, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(null, 1);
		dup2(err, 2);
		execv("/bin/strace", argv);
		_exit(126);
	}
	int st = wait_for(pid);
	if (get_file(TRACE, trace, sizeof trace) < 0)
		trace[0] = 0;
	return st;
}

/* Is there a line that, after an optional "[pid N] " prefix, starts with
 * start, contains mid and ends with end (end NULL: with a result > 0)? */
static int has_line(const char *start, const char *mid, const char *end)
{
	for (const char *p = trace; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[4096];
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, p, len);
		line[len] = 0;
		char *l = line;
		if (!strncmp(l, "[pid ", 5) && strstr(l, "] "))
			l = strstr(l, "] ") + 2;
		size_t ll = strlen(l), el = end ? strlen(end) : 0;
		const char *res = strstr(l, ") ");
		int ok_end = end ? ll >= el && !strcmp(l + ll - el, end)
				 : res && (res = strstr(res, "= ")) && res[2] >= '1' && res[2] <= '9';
		if (!strncmp(l, start, strlen(start)) && strstr(l, mid) && ok_end)
			return 1;
		p = nl ? nl + 1 : p + len;
	}
	return 0;
}

#define CHECK_LINE(name, start, mid, end) do { \
	if (has_line(start, mid, end)) pass(name); \
	else fail(name, "no line \"%s...%s...%s\" in the trace:\n%s", start, mid, \
		  (end) ? (end) : "= N", trace); \
} while (0)

static void ls_root(void)
{
	char *argv[] = { "strace", "-o", TRACE, "/bin/ls", "/", NULL };
	int st = run_strace(argv);
	CHECK_EXIT("ls.status", st, 0);
	CHECK_LINE("ls.execve", "execve(\"/bin/ls\", [\"/bin/ls\", \"/\"], 0x", " vars */)", "= 0");
	CHECK(  "ls.execve_first", !strncmp(trace, "execve(", 7));
	CHECK_LINE("ls.open", "open(\"/\", O_RDONLY|", "O_DIRECTORY", NULL);
	CHECK_LINE("ls.getdents64", "getdents64(", ", 0x", "= 0");
	CHECK_LINE("ls.getdents64_entries", "getdents64(", ", 0x", NULL);
	CHECK_LINE("ls.close", "close(", "", "= 0");
	CHECK_LINE("ls.writev", "writev(1, [{iov_base=\"bin", "", "");
	CHECK_LINE("ls.exit_group", "exit_group(0)", "", "= ?");
	CHECK_LINE("ls.exited", "+++ exited with 0 +++", "", "");
	const char *c = strstr(trace, "\nclose(");   /* "= " in column 40, as Linux */
	CHECK(  "ls.column", c && strlen(c) > 43 && !strncmp(c + 1 + 39, " = 0\n", 5) &&
		c[1 + 38] == ' ');
}

static void errors(void)
{
	char *argv[] = { "strace", "-o", TRACE, "/bin/ls", "/nope", NULL };
	int st = run_strace(argv);
	CHECK_EXIT("nope.status", st, 2);
	CHECK_LINE("nope.enoent", "", "\"/nope\"", " = -1 ENOENT (No such file or directory)");
	CHECK_LINE("nope.exited", "+++ exited with 2 +++", "", "");
	char *argv2[] = { "strace", "-o", TRACE, "/no/such/program", NULL };
	CHECK_EXIT("missing.status", run_strace(argv2), 1);
}

static void follow_forks(void)
{
	char *argv[] = { "strace", "-f", "-o", TRACE, "/bin/sh", "-c", "/bin/true; /bin/false", NULL };
	int st = run_strace(argv);
	CHECK_EXIT("fork.status", st, 1);
	CHECK_LINE("fork.exec_true", "execve(\"/bin/true\", [\"/bin/true\"]", "", "= 0");
	CHECK(  "fork.prefix", strstr(trace, "[pid ") != NULL);
	CHECK_LINE("fork.child_exited", "+++ exited with 0 +++", "", "");
	CHECK_LINE("fork.wait4", "wait4(", "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]", "");
	CHECK_LINE("fork.exited", "+++ exited with 1 +++", "", "");
}

static void killed(void)
{
	char *argv[] = { "strace", "-o", TRACE, SELF, "segv", NULL };
	int st = run_strace(argv);
	CHECK_EXIT("segv.status", st, 128 + SIGSEGV);
	CHECK_LINE("segv.signal", "--- SIGSEGV ---", "", "");
	CHECK_LINE("segv.killed", "+++ killed by SIGSEGV", "", "+++");
}

static void ipc_calls(void)
{
	char *argv[] = { "strace", "-s", "8", "-o", TRACE, SELF, "ipc", NULL };
	int st = run_strace(argv);
	CHECK_EXIT("ipc.status", st, 0);
	CHECK_LINE("ipc.write", "write(1, \"hi\\n\", 3)", "", "= 3");
	CHECK_LINE("ipc.write_cut", "write(1, \"01234567\"..., 12)", "", "= 12");
	CHECK_LINE("ipc.open_enoent", "open(\"/nope\", O_RDONLY|O_LARGEFILE)", "",
		   "= -1 ENOENT (No such file or directory)");
	CHECK_LINE("ipc.open_creat", "open(\"/tmp/t_strace_guest.f\", O_WRONLY|O_CREAT|O_EXCL", ", 0640)", "");
	CHECK_LINE("ipc.mmap2", "mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0)",
		   "", "");
	CHECK_LINE("ipc.msgget", "msgget(IPC_PRIVATE, IPC_CREAT|IPC_EXCL|0600)", "", "");
	CHECK_LINE("ipc.msgsnd", "msgsnd(", ", {mtype=1, mtext=\"hello\"}, 5, IPC_NOWAIT)", "= 0");
	CHECK_LINE("ipc.msgrcv", "msgrcv(", ", {mtype=1, mtext=\"hello\"}, 16, 0, IPC_NOWAIT|MSG_NOERROR)", "= 5");
	CHECK_LINE("ipc.msgrcv_enomsg", "msgrcv(", ", 16, 0, IPC_NOWAIT)",
		   "= -1 ENOMSG (No message of desired type)");
	CHECK_LINE("ipc.msgctl", "msgctl(", ", IPC_64|IPC_RMID, NULL)", "= 0");
	CHECK_LINE("ipc.semget", "semget(IPC_PRIVATE, 1, IPC_CREAT|0600)", "", "");
	CHECK_LINE("ipc.semop", "semop(", ", [{sem_num=0, sem_op=1, sem_flg=IPC_NOWAIT|SEM_UNDO}], 1)", "= 0");
	CHECK_LINE("ipc.semctl", "semctl(", ", 0, IPC_64|IPC_RMID", "= 0");
	CHECK_LINE("ipc.shmget", "shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600)", "", "");
	CHECK_LINE("ipc.shmat", "shmat(", ", NULL, SHM_RDONLY) ", "");
	CHECK_LINE("ipc.shmat_addr", "shmat(", "= 0x", "");
	CHECK_LINE("ipc.shmdt", "shmdt(0x", "", "= 0");
	CHECK_LINE("ipc.socket", "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0)", "", "");
	CHECK_LINE("ipc.sendto", "sendto(", ", \"x\", 1, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0)", "");
	CHECK_LINE("ipc.kill", "kill(", ", SIGUSR1)", "= 0");
	CHECK_LINE("ipc.signal", "--- SIGUSR1 ---", "", "");
	CHECK_LINE("ipc.exited", "+++ exited with 0 +++", "", "");
}

/* Runs "strace -e EXPR -o TRACE SELF ipc": the helper's calls, filtered. */
static int run_filtered(const char *expr)
{
	char *argv[] = { "strace", "-e", (char *)expr, "-o", TRACE, SELF, "ipc", NULL };
	return run_strace(argv);
}

/* Is there a line for a call named name? */
#define CALLED(name) has_line(name "(", "", "")
#define CHECK_CALLS(tag, name, want) do { \
	if (CALLED(name) == (want)) pass(tag); \
	else fail(tag, "%s %s in the trace:\n%s", name, (want) ? "missing" : "present", trace); \
} while (0)

static void filter_ipc(void)
{
	CHECK_EXIT("ipc.status", run_filtered("trace=%ipc"), 0);
	CHECK_CALLS("ipc.msgget", "msgget", 1);
	CHECK_CALLS("ipc.semop", "semop", 1);
	CHECK_CALLS("ipc.shmat", "shmat", 1);
	CHECK_CALLS("ipc.no_write", "write", 0);
	CHECK_CALLS("ipc.no_execve", "execve", 0);
	CHECK_CALLS("ipc.no_socket", "socket", 0);
	CHECK_CALLS("ipc.no_mmap2", "mmap2", 0);
	CHECK_LINE("ipc.signal_shown", "--- SIGUSR1 ---", "", "");
	CHECK_LINE("ipc.exited", "+++ exited with 0 +++", "", "");
	CHECK_EXIT("ipc_word.status", run_filtered("trace=ipc"), 0);
	CHECK_CALLS("ipc_word.msgctl", "msgctl", 1);
	CHECK_CALLS("ipc_word.no_write", "write", 0);
}

static void filter_names(void)
{
	CHECK_EXIT("names.status", run_filtered("trace=write,semop"), 0);
	CHECK_CALLS("names.write", "write", 1);
	CHECK_CALLS("names.semop", "semop", 1);
	CHECK_CALLS("names.no_msgget", "msgget", 0);
	CHECK_CALLS("names.no_open", "open", 0);
	CHECK_EXIT("short.status", run_filtered("msgsnd"), 0);
	CHECK_CALLS("short.msgsnd", "msgsnd", 1);
	CHECK_CALLS("short.no_msgrcv", "msgrcv", 0);
	CHECK_EXIT("t.status", run_filtered("t=shmdt"), 0);
	CHECK_CALLS("t.shmdt", "shmdt", 1);
	CHECK_CALLS("t.no_shmat", "shmat", 0);
}

static void filter_negated(void)
{
	CHECK_EXIT("not.status", run_filtered("trace=!%ipc,%memory"), 0);
	CHECK_CALLS("not.write", "write", 1);
	CHECK_CALLS("not.socket", "socket", 1);
	CHECK_CALLS("not.execve", "execve", 1);
	CHECK_CALLS("not.no_msgget", "msgget", 0);
	CHECK_CALLS("not.no_mmap2", "mmap2", 0);
	CHECK_CALLS("not.no_shmdt", "shmdt", 0);
	CHECK_EXIT("none.status", run_filtered("trace=none"), 0);
	CHECK(  "none.only_ends", !strncmp(trace, "--- SIGUSR1 ---", 15));
	CHECK_EXIT("not_all.status", run_filtered("!all"), 0);
	CHECK_CALLS("not_all.no_write", "write", 0);
}

static void filter_classes(void)
{
	CHECK_EXIT("net.status", run_filtered("trace=%network"), 0);
	CHECK_CALLS("net.socket", "socket", 1);
	CHECK_CALLS("net.socketpair", "socketpair", 1);
	CHECK_CALLS("net.no_close", "close", 0);
	CHECK_EXIT("signal.status", run_filtered("trace=signal"), 0);
	CHECK_CALLS("signal.kill", "kill", 1);
	CHECK_CALLS("signal.rt_sigaction", "rt_sigaction", 1);
	CHECK_CALLS("signal.no_write", "write", 0);
	CHECK_EXIT("process.status", run_filtered("trace=%process"), 0);
	CHECK_CALLS("process.execve", "execve", 1);
	CHECK_CALLS("process.kill", "kill", 1);
	CHECK_LINE("process.exit_group", "exit_group(0)", "", "= ?");
	CHECK_CALLS("process.no_rt_sigaction", "rt_sigaction", 0);
	CHECK_EXIT("file.status", run_filtered("trace=%file"), 0);
	CHECK_CALLS("file.open", "open", 1);
	CHECK_CALLS("file.unlink", "unlink", 1);
	CHECK_CALLS("file.no_write", "write", 0);
	CHECK_CALLS("file.no_close", "close", 0);
	CHECK_EXIT("desc.status", run_filtered("trace=%desc"), 0);
	CHECK_CALLS("desc.write", "write", 1);
	CHECK_CALLS("desc.close", "close", 1);
	CHECK_CALLS("desc.no_unlink", "unlink", 0);
	CHECK_EXIT("memory.status", run_filtered("trace=%memory"), 0);
	CHECK_CALLS("memory.mmap2", "mmap2", 1);
	CHECK_CALLS("memory.shmat", "shmat", 1);
	CHECK_CALLS("memory.no_shmget", "shmget", 0);
}

static void filter_errors(void)
{
	char errs[512];
	CHECK_EXIT("bad.status", run_filtered("trace=nosuchcall"), 1);
	get_file(ERRS, errs, sizeof errs);
	CHECK_STR("bad.message", errs, "strace: invalid system call 'nosuchcall'\n");
	CHECK_EXIT("bad_class.status", run_filtered("trace=%nosuch"), 1);
	CHECK_EXIT("empty.status", run_filtered("trace="), 1);
	CHECK_EXIT("quiet.status", run_filtered("trace=?nosuchcall,write"), 0);
	CHECK_CALLS("quiet.write", "write", 1);
}

/* -p: attach to a running child that sleeps and writes; ^C (SIGINT) makes
 * strace detach and the child runs on to its normal end. */
static void attach(void)
{
	pid_t child = fork();
	if (child == 0) {
		int null = open("/dev/null", O_WRONLY);
		for (int i = 0; i < 50; i++) {
			msleep(20);
			write(null, "x", 1);
		}
		_exit(7);
	}
	char pid[16];
	snprintf(pid, sizeof pid, "%d", child);
	char *argv[] = { "strace", "-o", TRACE, "-p", pid, NULL };
	unlink(TRACE);
	pid_t tracer = fork();
	if (tracer == 0) {
		int err = open(ERRS, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(err, 2);
		execv("/bin/strace", argv);
		_exit(126);
	}
	alarm(20);                  /* a tracee left stopped must not hang the test */
	char errs[512], want[64];
	snprintf(want, sizeof want, "strace: Process %d attached\n", child);
	for (int i = 0; i < 100; i++) {     /* strace has its SIGINT handler then */
		get_file(ERRS, errs, sizeof errs);
		if (strstr(errs, want))
			break;
		msleep(20);
	}
	msleep(100);
	kill(tracer, SIGINT);
	CHECK_EXIT("attach.strace_status", wait_for(tracer), 0);
	CHECK_EXIT("attach.child_status", wait_for(child), 7);
	alarm(0);
	get_file(TRACE, trace, sizeof trace);
	CHECK_LINE("attach.write", "write(3, \"x\", 1)", "", "= 1");
	get_file(ERRS, errs, sizeof errs);
	CHECK(  "attach.attached", strstr(errs, want) != NULL);
	snprintf(want, sizeof want, "strace: Process %d detached\n", child);
	CHECK(  "attach.detached", strstr(errs, want) != NULL);
}

/* ---- helper modes, traced ---- */

static void on_usr1(int sig)
{
	(void)sig;
}

static int mode_ipc(void)
{
	struct { long type; char text[16]; } m = { 1, "hello" };
	write(1, "hi\n", 3);
	write(1, "0123456789\n\n", 12);
	open("/nope", O_RDONLY);
	unlink("/tmp/t_strace_guest.f");
	close(open("/tmp/t_strace_guest.f", O_WRONLY | O_CREAT | O_EXCL, 0640));
	unlink("/tmp/t_strace_guest.f");
	mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int q = msgget(IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600);
	msgsnd(q, &m, 5, IPC_NOWAIT);
	msgrcv(q, &m, 16, 0, IPC_NOWAIT | MSG_NOERROR);
	msgrcv(q, &m, 16, 0, IPC_NOWAIT);
	msgctl(q, IPC_RMID, NULL);
	int s = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	struct sembuf op = { 0, 1, SEM_UNDO | IPC_NOWAIT };
	semop(s, &op, 1);
	semctl(s, 0, IPC_RMID);
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *p = shmat(id, NULL, SHM_RDONLY);
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	close(fd);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	send(sv[0], "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL);
	signal(SIGUSR1, on_usr1);
	kill(getpid(), SIGUSR1);
	return 0;
}

/* The kernel's restart codes as results, made by a seccomp filter that
 * fails getppid with errno 513, getpgrp with 512, getuid32 with 514 and
 * getgid32 with 516 (SECCOMP_RET_ERRNO sets eax to -data). */
static int mode_restart(void)
{
	static const int nr[] = { SYS_getppid, SYS_getpgrp, SYS_getuid32, SYS_getgid32 };
	static const unsigned err[] = { 513, 512, 514, 516 };
	struct sock_filter f[2 + 2 * 4];
	int n = 0;
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (int i = 0; i < 4; i++) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr[i], 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err[i]);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { (unsigned short)n, f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return 3;
	for (int i = 0; i < 4; i++)
		syscall(nr[i]);
	return 0;
}

static void restart_codes(void)
{
	char *argv[] = { "strace", "-o", TRACE, SELF, "restart", NULL };
	CHECK_EXIT("restart.status", run_strace(argv), 0);
	CHECK_LINE("restart.513", "getppid()", "", " = ? ERESTARTNOINTR (To be restarted)");
	CHECK_LINE("restart.512", "getpgrp()", "", " = ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
	CHECK_LINE("restart.514", "getuid32()", "", " = ? ERESTARTNOHAND (To be restarted if no handler)");
	CHECK_LINE("restart.516", "getgid32()", "", " = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "restart"))
		return mode_restart();
	if (argc > 1 && !strcmp(argv[1], "ipc"))
		return mode_ipc();
	if (argc > 1 && !strcmp(argv[1], "segv")) {
		__asm__ volatile("movl $1, 0" ::: "memory");   /* a store to page 0 */
		return 0;
	}
	RUN(ls_root);
	RUN(errors);
	RUN(follow_forks);
	RUN(killed);
	RUN(ipc_calls);
	RUN(attach);
	RUN(filter_ipc);
	RUN(filter_names);
	RUN(filter_negated);
	RUN(filter_classes);
	RUN(filter_errors);
	RUN(restart_codes);
	unlink(TRACE);
	unlink(ERRS);
	return cases_failed ? 1 : 0;
}
