/* t_proc - differential test of processes: ids, fork/wait status
 * encodings, deaths by signal, orphans, execve (errors, #! scripts,
 * argv/envp/auxv, close-on-exec), sessions, credentials, vfork,
 * posix_spawn and a fork/exec/exit loop. The program re-executes itself
 * (argv[1] names a helper mode) from /tests/t_proc in the guest or
 * /proc/self/exe on the host. */
#include "check.h"
#include <grp.h>
#include <sched.h>
#include <spawn.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/utsname.h>

extern char **environ;
static char self[256];
static char *env[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb", NULL };

/* Prints s with the test directory replaced by "D", so paths compare. */
static const char *shown(const char *s)
{
	static char buf[8][512];
	static unsigned next;
	char *b = buf[next++ % 8];
	const char *pre = "/tmp/t_proc.d/";
	if (!strncmp(s, pre, strlen(pre)))
		snprintf(b, sizeof buf[0], "D/%s", s + strlen(pre));
	else
		snprintf(b, sizeof buf[0], "%s", s);
	return b;
}

/* ---- helper modes, run in a re-executed copy of this program ---- */

static int mode_argv(int argc, char **argv)
{
	int nenv = 0;
	say("  argc=%d\n", argc);
	for (int i = 0; i < argc; i++) {
		if (strlen(argv[i]) > 100)
			say("  argv[%d] has %u bytes\n", i, (unsigned)strlen(argv[i]));
		else
			say("  argv[%d]=[%s]\n", i, shown(argv[i]));
	}
	say("  argv[argc] is NULL: %d\n", argv[argc] == NULL);
	for (char **e = environ; *e; e++, nenv++)
		say("  env[%d]=[%.60s] (%u bytes)\n", nenv, *e, (unsigned)strlen(*e));
	say("  auxv: pagesz=%lu uid=%lu euid=%lu gid=%lu egid=%lu secure=%lu\n",
	    getauxval(AT_PAGESZ), getauxval(AT_UID), getauxval(AT_EUID),
	    getauxval(AT_GID), getauxval(AT_EGID), getauxval(AT_SECURE));
	say("  auxv: random=%d phdr=%d phnum>0=%d entry=%d\n", getauxval(AT_RANDOM) != 0,
	    getauxval(AT_PHDR) != 0, getauxval(AT_PHNUM) > 0, getauxval(AT_ENTRY) != 0);
	return 0;
}

static int mode_interp(int argc, char **argv)
{
	say("  interpreter argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		say("  argv[%d]=[%s]\n", i, shown(argv[i]));
	return 7;
}

static int mode_state(char **argv)
{
	char cwd[256];
	int bits = 0;
	mode_t m = umask(0);
	if (getpid() != atoi(argv[2]))
		bits |= 1;
	if (!getcwd(cwd, sizeof cwd) || strcmp(cwd, argv[3]))
		bits |= 2;
	if (m != 077)
		bits |= 4;
	if (getuid() != 1000 || geteuid() != 1000 || getgid() != 100)
		bits |= 8;
	return bits;
}

/* Started as the #! interpreter: a copy of this program named interp*. */
static int is_interp(const char *argv0)
{
	const char *b = strrchr(argv0, '/');
	return !strncmp(b ? b + 1 : argv0, "interp", 6);
}

static int helper(int argc, char **argv)
{
	if (is_interp(argv[0]))
		return mode_interp(argc, argv);
	if (argc < 2)
		return -1;
	if (!strcmp(argv[1], "exit") && argc > 2)
		return atoi(argv[2]);
	if (!strcmp(argv[1], "argv"))
		return mode_argv(argc, argv);
	if (!strcmp(argv[1], "state") && argc > 3)
		return mode_state(argv);
	if (!strcmp(argv[1], "big")) {
		int bad = argc != 202 || environ[0] != NULL;
		for (int i = 0; !bad && i < 200; i++)
			for (int j = 0; j < 500; j++)
				bad |= argv[i + 2][j] != 'a' + i % 26;
		for (int i = 0; !bad && i < 200; i++)
			bad |= argv[i + 2][500] != 0;
		return bad;
	}
	if (!strcmp(argv[1], "cloexec")) {
		int bits = 0;
		errno = 0;
		if (fcntl(3, F_GETFD) == -1 && errno == EBADF)
			bits |= 1;
		if (fcntl(4, F_GETFD) == 0)
			bits |= 2;
		return bits;
	}
	return -1;
}

/* ---- cases ---- */

static void exit_with_status(int code)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(code);
	int st = wait_for(pid);
	char n[64];
	snprintf(n, sizeof n, "exit %d: WIFEXITED and WEXITSTATUS", code);
	CHECK_EXIT(n, st, code & 255);
	snprintf(n, sizeof n, "exit %d: raw status", code);
	CHECK_EQ(n, st, (code & 255) << 8);
}

static void ids(void)
{
	CHECK("getpid > 0", getpid() > 0);
	CHECK_EQ("gettid == getpid", syscall(SYS_gettid), getpid());
	CHECK_EQ("getuid", getuid(), 0);
	CHECK_EQ("geteuid", geteuid(), 0);
	CHECK_EQ("getgid", getgid(), 0);
	CHECK_EQ("getegid", getegid(), 0);
	pid_t me = getpid();
	pid_t pid = fork();
	if (pid == 0)
		_exit(getppid() == me ? 0 : 1);
	CHECK("fork returns the child's pid", pid > 0 && pid != me);
	CHECK_EXIT("child's getppid is the parent's getpid", wait_for(pid), 0);
	pid = fork();
	if (pid == 0)
		_exit(getpid() == me ? 1 : 0);
	CHECK_EXIT("child has its own pid", wait_for(pid), 0);
}

static void wait_status(void)
{
	exit_with_status(0);
	exit_with_status(1);
	exit_with_status(42);
	exit_with_status(255);
	exit_with_status(256);
	pid_t pid = fork();
	if (pid == 0)
		syscall(SYS_exit, 3);
	int st;
	CHECK_EQ("wait4 returns the pid", wait4(pid, &st, 0, NULL), pid);
	CHECK_EXIT("SYS_exit 3", st, 3);
	pid = fork();
	if (pid == 0)
		_exit(9);
	CHECK_EQ("waitpid(-1) returns the child", waitpid(-1, &st, 0), pid);
	CHECK_EXIT("waitpid(-1) status", st, 9);
	pid = fork();
	if (pid == 0)
		_exit(4);
	CHECK_EQ("waitpid with NULL status", waitpid(pid, NULL, 0), pid);
}

static void null_write(void) { *(volatile int *)0 = 1; }
static void kernel_write(void) { *(volatile int *)0xC0000000 = 1; }
static void do_abort(void) { abort(); }
static void divide(void)
{
	__asm__ volatile("xorl %%ecx, %%ecx; movl $1, %%eax; cltd; idivl %%ecx"
			 ::: "eax", "ecx", "edx");
}
static void undefined(void) { __asm__ volatile("ud2"); }
static void privileged(void) { __asm__ volatile("hlt"); }
static void breakpoint(void) { __asm__ volatile("int3"); }

static void deaths(void)
{
	CHECK_SIG("write to NULL -> SIGSEGV", child_status(null_write), SIGSEGV);
	CHECK_SIG("write to 0xC0000000 -> SIGSEGV", child_status(kernel_write), SIGSEGV);
	CHECK_SIG("abort -> SIGABRT", child_status(do_abort), SIGABRT);
	CHECK_SIG("divide by zero -> SIGFPE", child_status(divide), SIGFPE);
	CHECK_SIG("ud2 -> SIGILL", child_status(undefined), SIGILL);
	CHECK_SIG("hlt in user mode -> SIGSEGV", child_status(privileged), SIGSEGV);
	CHECK_SIG("int3 -> SIGTRAP", child_status(breakpoint), SIGTRAP);
	pid_t pid = fork();
	if (pid == 0)
		null_write();
	int st = wait_for(pid);
	CHECK("WIFSIGNALED and not WIFEXITED", WIFSIGNALED(st) && !WIFEXITED(st));
	CHECK_EQ("status low 7 bits hold the signal", st & 0x7f, SIGSEGV);
}

static void wait_errors(void)
{
	int st;
	CHECK_ERR("waitpid(-1) without children -> ECHILD", waitpid(-1, &st, 0), ECHILD);
	CHECK_ERR("WNOHANG without children -> ECHILD", waitpid(-1, &st, WNOHANG), ECHILD);
	CHECK_ERR("waitpid(parent) -> ECHILD", waitpid(getppid(), &st, 0), ECHILD);
	CHECK_ERR("waitpid bad options -> EINVAL", waitpid(-1, &st, 0x4000000), EINVAL);
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 2000 && access(P("go"), F_OK) < 0; i++)
			msleep(5);
		_exit(3);
	}
	CHECK_EQ("WNOHANG on a running child -> 0", waitpid(pid, &st, WNOHANG), 0);
	put_file(P("go"), "", 0);
	CHECK_EQ("then a blocking wait", waitpid(pid, &st, 0), pid);
	CHECK_EXIT("its status", st, 3);
	pid = fork();
	if (pid == 0)
		_exit(5);
	pid_t r;
	for (int i = 0; i < 500 && (r = waitpid(pid, &st, WNOHANG)) == 0; i++)
		msleep(10);
	CHECK_EQ("WNOHANG reaps the child once it has exited", r, pid);
	CHECK_EXIT("with its status", st, 5);
	pid = fork();
	if (pid == 0)
		_exit(6);
	CHECK_ERR("wait4 bad status pointer -> EFAULT", wait4(pid, (int *)1, 0, NULL), EFAULT);
	CHECK_ERR("and the child was reaped anyway", waitpid(pid, &st, 0), ECHILD);
}

static void orphans(void)
{
	pid_t mid = fork();
	if (mid == 0) {
		pid_t parent = getpid();
		if (fork() == 0) {
			for (int i = 0; i < 1000 && getppid() == parent; i++)
				msleep(5);
			put_file(P("r.tmp"), getppid() != parent ? "1" : "0", 1);
			rename(P("r.tmp"), P("result"));
			_exit(0);
		}
		_exit(0);
	}
	CHECK_EXIT("middle process exits", wait_for(mid), 0);
	char buf[8] = "";
	for (int i = 0; i < 1000 && get_file(P("result"), buf, sizeof buf) < 0; i++)
		msleep(5);
	CHECK_STR("orphan's getppid changed (re-parented)", buf, "1");
	CHECK_ERR("orphan is not our child", waitpid(-1, NULL, WNOHANG), ECHILD);
}

static void put_exe(const char *rel, const char *text)
{
	put_file(P(rel), text, strlen(text));
	chmod(P(rel), 0755);
}

static int exec_errno(const char *path, char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execve(path, argv, env);
		_exit(errno);
	}
	int st = wait_for(pid);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void copy_self(const char *to)
{
	char buf[4096];
	int in = open(self, O_RDONLY), out = open(to, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
}

#define CHECK_EXEC_ERR(name, path, E) do { \
	char *av_[] = { "x", NULL }; \
	int e_ = exec_errno(path, av_); \
	if (e_ == (E)) pass(name); \
	else fail(name, "got %s, expected %s", errname(e_), errname(E)); \
} while (0)

static void exec_errors(void)
{
	char head[128];
	CHECK_EXEC_ERR("exec missing -> ENOENT", P("missing"), ENOENT);
	CHECK_EXEC_ERR("exec a directory -> EACCES", tdir, EACCES);
	put_file(P("text"), "hello world\n", 12);
	CHECK_EXEC_ERR("exec without x bit -> EACCES", P("text"), EACCES);
	chmod(P("text"), 0755);
	CHECK_EXEC_ERR("exec text without #! -> ENOEXEC", P("text"), ENOEXEC);
	put_file(P("empty"), "", 0);
	chmod(P("empty"), 0755);
	CHECK_EXEC_ERR("exec empty file -> ENOEXEC", P("empty"), ENOEXEC);
	put_file(P("bogus"), "\x7f" "ELFxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 64);
	chmod(P("bogus"), 0755);
	CHECK_EXEC_ERR("exec bogus ELF -> ENOEXEC", P("bogus"), ENOEXEC);
	int fd = open(self, O_RDONLY);
	read(fd, head, sizeof head);
	close(fd);
	put_file(P("trunc"), head, 100);
	chmod(P("trunc"), 0755);
	CHECK_EXEC_ERR("exec ELF cut at 100 bytes -> ENOEXEC", P("trunc"), ENOEXEC);
	put_file(P("hdr"), head, 40);
	chmod(P("hdr"), 0755);
	CHECK_EXEC_ERR("exec ELF cut inside the header -> ENOEXEC", P("hdr"), ENOEXEC);
	put_exe("noint", "#!/tmp/t_proc.d/none\n");
	CHECK_EXEC_ERR("#! interpreter missing -> ENOENT", P("noint"), ENOENT);
	CHECK_EXEC_ERR("exec through a file -> ENOTDIR", P("text/x"), ENOTDIR);
	CHECK_EXEC_ERR("exec name without slash: no PATH search -> ENOENT", "t_proc", ENOENT);
	pid_t pid = fork();
	if (pid == 0) {
		syscall(SYS_execve, self, (char **)1, env);
		_exit(errno);
	}
	CHECK_EXIT("exec bad argv pointer -> EFAULT", wait_for(pid), EFAULT);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_execve, (char *)1, (char *[]){ "x", NULL }, env);
		_exit(errno);
	}
	CHECK_EXIT("exec bad path pointer -> EFAULT", wait_for(pid), EFAULT);
}

static void run_and_check(const char *name, const char *path, char *const argv[],
			  char *const envp[], int code)
{
	pid_t pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		_exit(100 + errno);
	}
	CHECK_EXIT(name, wait_for(pid), code);
}

static void exec_script(void)
{
	copy_self(P("interp"));
	symlink("interp", P("interp2"));
	put_exe("script", "#!/tmp/t_proc.d/exec_script/interp interp-arg\necho hi\n");
	run_and_check("#! with one argument", P("script"), (char *[]){ "script", "x", NULL }, env, 7);
	put_exe("script2", "#!/tmp/t_proc.d/exec_script/interp2\n");
	run_and_check("#! without argument, symlinked interpreter", P("script2"),
		      (char *[]){ "anything", NULL }, env, 7);
	put_exe("script3", "#!  \t/tmp/t_proc.d/exec_script/interp  a  b \t\n");
	run_and_check("#! rest of the line is one argument", P("script3"),
		      (char *[]){ "s3", "y", "z", NULL }, env, 7);
	chmod(P("script"), 0644);
	char *av[] = { "x", NULL };
	int e = exec_errno(P("script"), av);
	CHECK_EQ("script without x -> EACCES", e, EACCES);
}

static void exec_env(void)
{
	char *av[] = { "name0", "argv", "a b", "", "last", NULL };
	char *ev[] = { "X=1", "EMPTY=", "noequals", NULL };
	run_and_check("exec argv/envp/auxv", self, av, ev, 0);
	static char big[200][501];
	char *bav[203];
	bav[0] = "b";
	bav[1] = "big";
	for (int i = 0; i < 200; i++) {
		memset(big[i], 'a' + i % 26, 500);
		big[i][500] = 0;
		bav[i + 2] = big[i];
	}
	bav[202] = NULL;
	char *nev[] = { NULL };
	run_and_check("exec with 100 KB of arguments and no environment", self, bav, nev, 0);
	char cwd[256];
	pid_t pid = fork();
	if (pid == 0) {
		char pidbuf[16];
		chdir(tdir);
		umask(077);
		setgroups(0, NULL);
		setgid(100);
		setuid(1000);
		snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
		getcwd(cwd, sizeof cwd);
		execve(self, (char *[]){ "s", "state", pidbuf, cwd, NULL }, env);
		_exit(100 + errno);
	}
	CHECK_EXIT("exec keeps pid, cwd, umask, ids", wait_for(pid), 0);
}

static void cloexec(void)
{
	put_file(P("f"), "x", 1);
	int fd = open(P("f"), O_RDONLY);
	dup2(fd, 3);
	fcntl(3, F_SETFD, FD_CLOEXEC);
	dup2(fd, 4);
	if (fd != 3 && fd != 4)
		close(fd);
	run_and_check("exec closes FD_CLOEXEC fds only", self,
		      (char *[]){ "c", "cloexec", NULL }, env, 3);
}

static void sessions(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		pid_t me = getpid();
		CHECK_EQ("setsid returns the pid", setsid(), me);
		CHECK_EQ("getsid(0)", getsid(0), me);
		CHECK_EQ("getpgid(0)", getpgid(0), me);
		CHECK_EQ("getpgrp", getpgrp(), me);
		CHECK_ERR("setsid again -> EPERM", setsid(), EPERM);
		CHECK_ERR("setpgid of a session leader -> EPERM", setpgid(0, 0), EPERM);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("session checks in a child", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 2000 && access(P("go"), F_OK) < 0; i++)
			msleep(5);
		_exit(getpgid(0) == getpid() ? 0 : 1);
	}
	CHECK_OK0("parent setpgid(child, child)", setpgid(pid, pid));
	CHECK_EQ("getpgid(child)", getpgid(pid), pid);
	CHECK_EQ("child in our session", getsid(pid), getsid(0));
	put_file(P("go"), "", 0);
	CHECK_EXIT("child sees its new group", wait_for(pid), 0);
	CHECK_ERR("getpgid(dead pid) -> ESRCH", getpgid(pid), ESRCH);
	CHECK_ERR("getsid(dead pid) -> ESRCH", getsid(pid), ESRCH);
	CHECK_ERR("setpgid(dead pid) -> ESRCH", setpgid(pid, 0), ESRCH);
	CHECK_ERR("setpgid negative pgid -> EINVAL", setpgid(0, -1), EINVAL);
	CHECK_ERR("setpgid to a missing group -> EPERM", setpgid(0, pid), EPERM);
	CHECK_OK0("setpgid(0, 0)", setpgid(0, 0));
	CHECK_EQ("now a group leader", getpgrp(), getpid());
}

static void as_user(void)
{
	CHECK_OK0("setgid(100) as root", setgid(100));
	CHECK("getgid/getegid 100", getgid() == 100 && getegid() == 100);
	CHECK_OK0("setuid(1000) as root", setuid(1000));
	CHECK("getuid/geteuid 1000", getuid() == 1000 && geteuid() == 1000);
	CHECK_ERR("setuid(0) -> EPERM", setuid(0), EPERM);
	CHECK_ERR("setgid(0) -> EPERM", setgid(0), EPERM);
	CHECK_OK0("setuid to itself", setuid(1000));
}

static void misc(void)
{
	struct utsname u;
	CHECK_OK0("uname", uname(&u));
	CHECK("sysname, release, machine non-empty", u.sysname[0] && u.release[0] && u.machine[0]);
	CHECK_EQ("umask returns the previous mask", umask(077), 022);
	CHECK_EQ("and again", umask(022), 077);
	struct rlimit rl;
	CHECK_OK0("getrlimit RLIMIT_NOFILE", getrlimit(RLIMIT_NOFILE, &rl));
	CHECK("RLIMIT_NOFILE cur > 0", rl.rlim_cur > 0 && rl.rlim_cur <= rl.rlim_max);
	CHECK_OK0("getrlimit RLIMIT_STACK", getrlimit(RLIMIT_STACK, &rl));
	CHECK_ERR("getrlimit bad resource -> EINVAL", getrlimit(1000, &rl), EINVAL);
	CHECK_EQ("sched_yield", sched_yield(), 0);
	CHECK_EXIT("creds as kunitz", child_status(as_user), 0);
}

static void vforks(void)
{
	pid_t pid = vfork();
	if (pid == 0)
		_exit(5);
	CHECK("vfork returns a pid", pid > 0);
	CHECK_EXIT("vfork child status", wait_for(pid), 5);
	pid = vfork();
	if (pid == 0) {
		execve(self, (char *[]){ "v", "exit", "6", NULL }, env);
		_exit(100);
	}
	CHECK_EXIT("vfork + exec", wait_for(pid), 6);
}

static void spawns(void)
{
	pid_t pid;
	char *av[] = { "sp", "exit", "9", NULL };
	CHECK_EQ("posix_spawn", posix_spawn(&pid, self, NULL, NULL, av, env), 0);
	CHECK_EXIT("spawned status", wait_for(pid), 9);
	CHECK_EQ("posix_spawn missing -> ENOENT", posix_spawn(&pid, P("nope"), NULL, NULL, av, env),
		 ENOENT);
	CHECK_ERR("nothing left to wait for", waitpid(-1, NULL, 0), ECHILD);
}

static void exec_loop(void)
{
	int bad = 0, first_bad = -1, bad_st = 0;
	for (int i = 0; i < 200; i++) {
		char code[8];
		snprintf(code, sizeof code, "%d", i);
		pid_t pid = fork();
		if (pid == 0) {
			execve(self, (char *[]){ "loop", "exit", code, NULL }, env);
			_exit(255);
		}
		int st = wait_for(pid);
		if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != i) {
			if (!bad++) {
				first_bad = i;
				bad_st = st;
			}
		}
	}
	if (!bad)
		pass("200 fork/exec/exit return their codes");
	else
		fail("200 fork/exec/exit return their codes", "%d wrong, first #%d: %s",
		     bad, first_bad, status_str(bad_st));
}

static void many_children(void)
{
	pid_t pids[30];
	int seen[30] = { 0 }, ok = 1;
	for (int i = 0; i < 30; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			for (volatile int j = 0; j < 100000 * (i % 5); j++)
				;
			_exit(i);
		}
	}
	for (int n = 0; n < 30; n++) {
		int st;
		pid_t p = wait(&st);
		int i = 0;
		while (i < 30 && pids[i] != p)
			i++;
		if (i == 30 || !WIFEXITED(st) || WEXITSTATUS(st) != i || seen[i]++)
			ok = 0;
	}
	CHECK("30 concurrent children reaped with wait()", ok);
	CHECK_ERR("then ECHILD", wait(NULL), ECHILD);
}

int main(int argc, char **argv)
{
	if (argc > 1 || (argc == 1 && is_interp(argv[0]))) {
		int r = helper(argc, argv);
		if (r >= 0)
			return r;
		say("t_proc: unknown mode\n");
		return 2;
	}
	if (access("/tests/t_proc", X_OK) == 0) {
		strcpy(self, "/tests/t_proc");
	} else {
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = 0;
	}
	umask(022);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });   /* no core files */
	tdir_setup("t_proc");
	RUN(ids);
	RUN(wait_status);
	RUN(deaths);
	RUN(wait_errors);
	RUN(orphans);
	RUN(exec_errors);
	RUN(exec_script);
	RUN(exec_env);
	RUN(cloexec);
	RUN(sessions);
	RUN(misc);
	RUN(vforks);
	RUN(spawns);
	RUN(exec_loop);
	RUN(many_children);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
