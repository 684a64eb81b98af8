/* t_hostile_ptrace - what an ordinary user (uid 1000) may not do through
 * ptrace: write through a mapping that may not be written (a root file
 * mapped MAP_SHARED from a read-only descriptor, a segment attached
 * SHM_RDONLY), read a process that gave up root, or read a program it may
 * only execute. The files belong to root in /tmp/t_hostile_ptrace.d; the
 * tracers and tracees are uid 1000. Output is the same on Linux. */
#include "check.h"
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/user.h>

static char self[4096];                     /* this program's path */

static long word_of(const char *s)
{
	long w;
	memcpy(&w, s, sizeof w);
	return w;
}

/* A child that stops for us (PTRACE_TRACEME, SIGSTOP) and then exits
 * with body's result; returned stopped, or -1. */
static pid_t stopped_child(int (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(body ? body() : 0);
	}
	int st = wait_for(pid);
	if (st == -1 || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP) {
		fail("stopped_child", "%s", status_str(st));
		return -1;
	}
	return pid;
}

/* PEEKDATA: the word, or the errno negated when the call failed. */
static long peek(pid_t pid, const void *addr)
{
	errno = 0;
	long w = ptrace(PTRACE_PEEKDATA, pid, (void *)addr, NULL);
	return errno ? -errno : w;
}

static int poke(pid_t pid, void *addr, const char *s)
{
	return ptrace(PTRACE_POKEDATA, pid, addr, (void *)word_of(s));
}

/* Lets the stopped child run to its end: its exit code. */
static int finish(pid_t pid)
{
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	int st = wait_for(pid);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* as_uid1000, then dumpable again: setuid made the process (and its
 * children to come) not dumpable. */
static void (*user_fn)(void);

static void user_dumpable(void)
{
	prctl(PR_SET_DUMPABLE, 1);
	user_fn();
}

static void as_user(void (*fn)(void))
{
	user_fn = fn;
	as_uid1000(user_dumpable);
}

/* ---- item 4: forced writes through read-only mappings ---- */

static char *m;                             /* the mapping under test (inherited by the child) */

static char *map_file(const char *rel, int oflags, int prot, int flags)
{
	int fd = open(P(rel), oflags);
	char *p = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, prot, flags, fd, 0);
	if (fd >= 0)
		close(fd);
	if (p == MAP_FAILED)
		fail("map_file", "%s: %s", rel, errname(errno));
	return p;
}

static int sees_poke(void) { return memcmp(m, "XXXX", 4) == 0 ? 7 : 8; }

/* Maps rel (open flags, prot, MAP_ flags) and pokes "XXXX" into a traced
 * child's copy of the mapping: the errno (0: written); the child's view
 * afterwards in *seen (7 new bytes, 8 old). */
static int poke_mapping(const char *rel, int oflags, int prot, int flags, int *seen)
{
	m = map_file(rel, oflags, prot, flags);
	pid_t pid = m == MAP_FAILED ? -1 : stopped_child(sees_poke);
	if (pid < 0)
		return -1;
	CHECK_EQ("PEEKDATA reads the mapping", peek(pid, m), word_of(content(rel)));
	errno = 0;
	int r = poke(pid, m, "XXXX") ? errno : 0;
	*seen = finish(pid);
	return r;
}

static void shared_rdonly_fd_user(void)
{
	int seen;
	CHECK_EQ("POKEDATA into MAP_SHARED PROT_READ of root's file, read-only fd -> EIO",
		 poke_mapping("root", O_RDONLY, PROT_READ, MAP_SHARED, &seen), EIO);
	CHECK_EQ("the tracee still sees the old bytes", seen, 8);
}

static void shared_rdonly_fd(void)
{
	mk("root", "root's bytes");
	as_user(shared_rdonly_fd_user);
	CHECK_STR("root's file keeps its bytes", content("root"), "root's bytes");
}

static void private_rdonly_user(void)
{
	int seen;
	CHECK_EQ("POKEDATA into MAP_PRIVATE PROT_READ of root's file works",
		 poke_mapping("root", O_RDONLY, PROT_READ, MAP_PRIVATE, &seen), 0);
	CHECK_EQ("the tracee sees the new bytes (its own copy)", seen, 7);
	CHECK("the tracer's own private mapping keeps the old bytes", memcmp(m, "root", 4) == 0);
}

static void private_rdonly(void)
{
	mk("root", "root's bytes");
	as_user(private_rdonly_user);
	CHECK_STR("root's file keeps its bytes (copy on write)", content("root"), "root's bytes");
}

/* The user's own file, opened for writing: a shared mapping without
 * PROT_WRITE is still not written by force (Linux refuses since 4.x);
 * with PROT_WRITE the poke goes to the file; mprotect'd to read-only, no
 * longer. */
static void shared_rdwr_fd_user(void)
{
	int seen;
	CHECK_EQ("POKEDATA into MAP_SHARED PROT_READ of an O_RDWR fd -> EIO",
		 poke_mapping("mine", O_RDWR, PROT_READ, MAP_SHARED, &seen), EIO);
	CHECK_STR("the file keeps its bytes", content("mine"), "user's bytes");
	CHECK_EQ("POKEDATA into MAP_SHARED PROT_READ|PROT_WRITE works",
		 poke_mapping("mine", O_RDWR, PROT_READ | PROT_WRITE, MAP_SHARED, &seen), 0);
	CHECK_EQ("the tracee sees the new bytes", seen, 7);
	CHECK_STR("the file has the new bytes", content("mine"), "XXXX's bytes");
	m = map_file("mine", O_RDWR, PROT_READ | PROT_WRITE, MAP_SHARED);
	CHECK_OK0("mprotect PROT_READ", mprotect(m, 4096, PROT_READ));
	pid_t pid = stopped_child(NULL);
	CHECK_ERR("POKEDATA after mprotect PROT_READ -> EIO", poke(pid, m, "YYYY"), EIO);
	finish(pid);
	CHECK_STR("the file keeps its bytes again", content("mine"), "XXXX's bytes");
}

static void shared_rdwr_fd(void)
{
	mk("mine", "user's bytes");
	chown(P("mine"), 1000, 100);
	as_user(shared_rdwr_fd_user);
}

static void shared_anon_user(void)
{
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid = stopped_child(sees_poke);
	CHECK_EQ("PEEKDATA reads shared anonymous PROT_READ memory", peek(pid, m), 0);
	CHECK_ERR("POKEDATA into shared anonymous PROT_READ memory -> EIO", poke(pid, m, "XXXX"), EIO);
	CHECK_EQ("the tracee still sees zeros", finish(pid), 8);
}

static void shared_anon(void)
{
	as_user(shared_anon_user);
}

/* A forced access honours what the mapping may ever allow, not its
 * current protection: PROT_NONE private memory is read and written (a
 * copy), as Linux's FOLL_FORCE does; a PROT_NONE shared page is read but
 * not written. */
static void prot_none_user(void)
{
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memcpy(m, "mine", 4);
	mprotect(m, 4096, PROT_NONE);
	pid_t pid = stopped_child(NULL);
	CHECK_EQ("PEEKDATA reads private PROT_NONE memory", peek(pid, m), word_of("mine"));
	CHECK_OK0("POKEDATA into private PROT_NONE memory works", poke(pid, m, "XXXX"));
	CHECK_EQ("PEEKDATA sees the new bytes", peek(pid, m), word_of("XXXX"));
	finish(pid);
	m = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid = stopped_child(NULL);
	CHECK_EQ("PEEKDATA reads untouched PROT_NONE memory: zeros", peek(pid, m), 0);
	CHECK_OK0("POKEDATA into untouched PROT_NONE memory works", poke(pid, m + 8, "XXXX"));
	CHECK_EQ("PEEKDATA sees the new bytes", peek(pid, m + 8), word_of("XXXX"));
	finish(pid);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memcpy(m, "mine", 4);
	mprotect(m, 4096, PROT_NONE);
	pid = stopped_child(NULL);
	CHECK_EQ("PEEKDATA reads shared PROT_NONE memory", peek(pid, m), word_of("mine"));
	CHECK_ERR("POKEDATA into shared PROT_NONE memory -> EIO", poke(pid, m, "XXXX"), EIO);
	finish(pid);
}

static void prot_none(void)
{
	as_user(prot_none_user);
}

static int shm_id;

static void shm_user(void)
{
	m = shmat(shm_id, NULL, SHM_RDONLY);
	CHECK("shmat SHM_RDONLY of root's 0644 segment", m != (char *)-1);
	pid_t pid = stopped_child(sees_poke);
	CHECK_EQ("PEEKDATA reads the segment", peek(pid, m), word_of("root"));
	CHECK_ERR("POKEDATA into a SHM_RDONLY attachment -> EIO", poke(pid, m, "XXXX"), EIO);
	CHECK_EQ("the tracee still sees the old bytes", finish(pid), 8);
	shmdt(m);
}

static void shm_rdonly(void)
{
	shm_id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0644);
	char *seg = shmat(shm_id, NULL, 0);
	strcpy(seg, "root's segment");
	as_user(shm_user);
	CHECK_STR("root's segment keeps its bytes", seg, "root's segment");
	shmdt(seg);
	shmctl(shm_id, IPC_RMID, NULL);
}

/* A writable attachment is written (the control for the case above). */
static void shm_rw_user(void)
{
	m = shmat(shm_id, NULL, 0);
	pid_t pid = stopped_child(sees_poke);
	CHECK_OK0("POKEDATA into a read-write attachment works", poke(pid, m, "XXXX"));
	CHECK_EQ("the tracee sees the new bytes", finish(pid), 7);
	shmdt(m);
}

static void shm_rw(void)
{
	shm_id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0666);
	char *seg = shmat(shm_id, NULL, 0);
	strcpy(seg, "root's segment");
	as_user(shm_rw_user);
	CHECK_STR("the segment has the new bytes", seg, "XXXX's segment");
	shmdt(seg);
	shmctl(shm_id, IPC_RMID, NULL);
}

/* ---- item 5: dumpable after a change of credentials ---- */

struct drop {
	const char *name;
	int (*call)(void);
	int dumpable;                       /* PR_GET_DUMPABLE afterwards (suid_dumpable 0) */
};

static int d_setresuid(void) { return setresuid(1000, 1000, 1000); }
static int d_setuid(void) { return setuid(1000); }
static int d_setreuid(void) { return setreuid(1000, 1000); }
static int d_seteuid(void) { return seteuid(1000); }
static int d_setresgid(void) { return setresgid(100, 100, 100); }
static int d_setgid(void) { return setgid(100); }
static int d_setregid(void) { return setregid(100, 100); }
static int d_setegid(void) { return setegid(100); }
static int d_real_only(void) { return setresuid(1000, -1, -1); }
static int d_saved_only(void) { return setresuid(-1, -1, 1000); }
static int d_same(void) { return setresuid(0, 0, 0) | setuid(0) | setgid(0); }
static int d_groups(void) { gid_t g = 100; return setgroups(1, &g); }

static int d_back_to_root(void)
{
	if (seteuid(1000) < 0 || prctl(PR_SET_DUMPABLE, 1) < 0)
		return -1;
	return seteuid(0);
}

static const struct drop drops[] = {
	{ "setresuid(1000, 1000, 1000)", d_setresuid, 0 },
	{ "setuid(1000)", d_setuid, 0 },
	{ "setreuid(1000, 1000)", d_setreuid, 0 },
	{ "seteuid(1000)", d_seteuid, 0 },
	{ "setresgid(100, 100, 100)", d_setresgid, 0 },
	{ "setgid(100)", d_setgid, 0 },
	{ "setregid(100, 100)", d_setregid, 0 },
	{ "setegid(100)", d_setegid, 0 },
	{ "seteuid(0) back from 1000", d_back_to_root, 0 },
	{ "setresuid(1000, -1, -1): the real uid only", d_real_only, 1 },
	{ "setresuid(-1, -1, 1000): the saved uid only", d_saved_only, 1 },
	{ "setresuid(0, 0, 0), setuid(0), setgid(0): no change", d_same, 1 },
	{ "setgroups", d_groups, 1 },
};

/* Each change of ids in a child of root: dumpable afterwards, and the
 * parent-death signal (Linux clears both when euid or egid change). */
static void cred_drops(void)
{
	for (unsigned i = 0; i < sizeof drops / sizeof drops[0]; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			char name[160];
			int sig = -1;
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			snprintf(name, sizeof name, "%s succeeds", drops[i].name);
			CHECK_OK0(name, drops[i].call());
			snprintf(name, sizeof name, "%s: PR_GET_DUMPABLE", drops[i].name);
			CHECK_EQ(name, prctl(PR_GET_DUMPABLE), drops[i].dumpable);
			prctl(PR_GET_PDEATHSIG, &sig);
			snprintf(name, sizeof name, "%s: pdeath signal", drops[i].name);
			CHECK_EQ(name, sig, drops[i].dumpable ? SIGUSR1 : 0);
			_exit(check_failed ? 1 : 0);
		}
		if (wait_for(pid) != 0)
			check_failed++;
	}
}

static pid_t victim;                        /* root that dropped to uid 1000 */

static void attach_victim(void)
{
	CHECK_ERR("uid 1000: PTRACE_ATTACH to a process that dropped root -> EPERM",
		  ptrace(PTRACE_ATTACH, victim, NULL, NULL), EPERM);
	if (check_failed)
		kill(victim, SIGKILL);          /* it would stay stopped: do not hang */
}

static void attach_victim_dumpable(void)
{
	CHECK_OK0("uid 1000: once it sets PR_SET_DUMPABLE 1, PTRACE_ATTACH works",
		  ptrace(PTRACE_ATTACH, victim, NULL, NULL));
}

/* A root process keeps a secret, drops to uid 1000 with setresuid and
 * waits; uid 1000 may not attach until it declares itself dumpable. */
static void dropped_root(void)
{
	int up[2], down[2];
	pipe(up);
	pipe(down);
	victim = fork();
	if (victim == 0) {
		static volatile char secret[64];
		char c;
		strcpy((char *)secret, "root's secret");
		setresgid(100, 100, 100);
		setresuid(1000, 1000, 1000);
		write(up[1], "x", 1);
		read(down[0], &c, 1);
		prctl(PR_SET_DUMPABLE, 1);
		write(up[1], "y", 1);
		pause();
		_exit(0);
	}
	char c;
	close(up[1]);
	close(down[0]);
	read(up[0], &c, 1);
	as_uid1000(attach_victim);
	write(down[1], "x", 1);
	read(up[0], &c, 1);
	as_uid1000(attach_victim_dumpable);
	kill(victim, SIGKILL);
	wait_for(victim);
}

/* ---- item 5: a traced program that may not be read ---- */

static int copy_self(const char *rel, mode_t mode)
{
	char buf[8192];
	int in = open(self, O_RDONLY), out = open(P(rel), O_WRONLY | O_CREAT | O_TRUNC, 0700);
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, n) != n)
			break;
	close(in);
	close(out);
	return in < 0 || out < 0 ? -1 : chmod(P(rel), mode);
}

/* TRACEME, exec tdir/rel (this program, idle): stopped at the exec. */
static pid_t traced_exec(const char *rel)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execl(P(rel), rel, "--idle", (char *)NULL);
		_exit(127);
	}
	int st = wait_for(pid);
	CHECK("the traced exec stops with SIGTRAP", st != -1 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	return pid;
}

static void unreadable_user(void)
{
	long text = *(volatile long *)(void *)peek;  /* the same program: the same text */
	pid_t pid = traced_exec("prog0711");
	CHECK_EQ("PEEKTEXT of a 0711 program -> EIO", peek(pid, (void *)peek), -EIO);
	CHECK_ERR("POKETEXT into a 0711 program -> EIO",
		  ptrace(PTRACE_POKETEXT, pid, (void *)peek, (void *)0), EIO);
	struct user_regs_struct r;
	CHECK_OK0("GETREGS still works", ptrace(PTRACE_GETREGS, pid, NULL, &r));
	CHECK_EQ("the 0711 program runs on", finish(pid), 0);
	pid = traced_exec("prog0755");
	CHECK_EQ("PEEKTEXT of a 0755 program reads its text", peek(pid, (void *)peek), text);
	CHECK_EQ("the 0755 program runs on", finish(pid), 0);
}

static void unreadable_program(void)
{
	CHECK_OK0("copy to a 0711 file", copy_self("prog0711", 0711));
	CHECK_OK0("copy to a 0755 file", copy_self("prog0755", 0755));
	as_uid1000(unreadable_user);
}

static volatile long secret_word = 0x5ec2e7;

static int go_undumpable(void)
{
	prctl(PR_SET_DUMPABLE, 0);
	raise(SIGSTOP);
	return 0;
}

/* The tracee stops being dumpable after the attach: every read is
 * checked again, so the tracer is refused (not root: no CAP_SYS_PTRACE). */
static void undumpable_tracee_user(void)
{
	pid_t pid = stopped_child(go_undumpable);
	CHECK_EQ("PEEKDATA of a dumpable tracee works", peek(pid, (void *)&secret_word), secret_word);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	int st = wait_for(pid);
	CHECK("the tracee stops again, not dumpable", st != -1 && WIFSTOPPED(st));
	CHECK_EQ("uid 1000: PEEKDATA of a tracee no longer dumpable -> EIO",
		 peek(pid, (void *)&secret_word), -EIO);
	CHECK_ERR("uid 1000: POKEDATA into it -> EIO", poke(pid, (void *)&secret_word, "XXXX"), EIO);
	CHECK_EQ("it runs on", finish(pid), 0);
}

static void undumpable_tracee(void)
{
	as_user(undumpable_tracee_user);
	/* Root has CAP_SYS_PTRACE: it still reads. */
	pid_t pid = stopped_child(go_undumpable);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	wait_for(pid);
	CHECK_EQ("root: PEEKDATA of a tracee that is not dumpable works",
		 peek(pid, (void *)&secret_word), secret_word);
	finish(pid);
}

/* The capability is the one of whoever made the link: a child that was
 * root at PTRACE_TRACEME lets its parent read it after the parent gave
 * up root (Linux records the credentials at the link). */
static void traceme_cred(void)
{
	pid_t pid = stopped_child(go_undumpable);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	wait_for(pid);
	CHECK_OK0("the tracer drops to uid 1000", setresuid(1000, 1000, 1000));
	CHECK_EQ("PEEKDATA with the link made by root still works",
		 peek(pid, (void *)&secret_word), secret_word);
	finish(pid);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--idle") == 0)
		return 0;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		snprintf(self, sizeof self, "%s", argv[0]);
	else
		self[n] = 0;
	umask(022);
	tdir_setup("t_hostile_ptrace");
	RUN(shared_rdonly_fd);
	RUN(private_rdonly);
	RUN(shared_rdwr_fd);
	RUN(shared_anon);
	RUN(prot_none);
	RUN(shm_rdonly);
	RUN(shm_rw);
	RUN(cred_drops);
	RUN(dropped_root);
	RUN(unreadable_program);
	RUN(undumpable_tracee);
	RUN(traceme_cred);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
