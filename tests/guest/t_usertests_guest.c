/* t_usertests_guest - ideas from xv6's usertests, as Pipit checks:
 * every system call number 0..450 called with bad pointers (kernel-half,
 * wrapping, unmapped) must end quickly in an error or a signal and leave
 * the kernel working; brk edge cases; unbounded recursion ends in SIGSEGV.
 * Guest-only: the sweep follows Pipit's set of calls and its answers to
 * garbage, and how much memory brk refuses is a policy (Linux's depends
 * on its overcommit setting). Running out of processes is
 * tests/torture/stress.c's subject, not repeated here. */
#include "check.h"
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/un.h>

enum { PG = 4096, NR_MAX = 450, FUTEX_WAIT = 0, FUTEX_WAKE = 1 };

/* ---- (a) bad pointers to every system call ---- */

/* The descriptors and objects the calls get for their other arguments,
 * made by the parent before the sweep and inherited by each child. */
enum { FD_FILE = 20, FD_SOCK, FD_PEER, FD_DIR, FD_LISTEN, FD_TTY, FD_EPOLL };
static int msq, sem, shm;
static char file_path[256], link_path[256];
static struct sockaddr_un listen_addr;

/* One way to call a system call: a letter per argument.
 *   p  a pointer the call must use: the bad address; the call must fail
 *   K  an address taken as a value (mmap, munmap, shmat, ...): the bad
 *      address; refused when it is in the kernel half
 *   A  an address kept for later or ignored (brk, set_tid_address): the
 *      bad address; any result will do
 *   v  the row's value for this position       -  zero (NULL)
 *   f  a regular file opened read-write         d  a directory
 *   k  one end of a connected stream socket     l  a listening socket
 *   t  the console (a tty)                      a  AT_FDCWD
 *   e  an epoll set with a ready item
 *   s  the file's path, y a symlink's path      q/m/h  msg queue/sem set/shm id */
struct row {
	int nr;
	const char *name;
	const char *shape;
	long v[6];
};

#define R(n, s, ...) { .nr = SYS_##n, .name = #n, .shape = s, .v = { __VA_ARGS__ } }
#define IPC_STAT64 (IPC_STAT | 0x100)      /* what musl passes: IPC_STAT | IPC_64 */

static const struct row rows[] = {
	/* processes and identity */
	R(execve, "ppp"), R(execve, "spp"), R(wait4, "vpvp", -1), R(waitpid, "vpv", -1),
	R(set_tid_address, "A"), R(set_thread_area, "p"), R(get_thread_area, "p"),
	R(getresuid32, "ppp"), R(getresgid32, "ppp"), R(getgroups32, "vp", 16), R(setgroups32, "vp", 1),
	R(getresuid, "ppp"), R(getresgid, "ppp"), R(getgroups, "vp", 16), R(setgroups, "vp", 1),
	/* the machine */
	R(uname, "p"), R(getrlimit, "vp", RLIMIT_NOFILE), R(ugetrlimit, "vp", RLIMIT_NOFILE),
	R(setrlimit, "vp", RLIMIT_NOFILE), R(prlimit64, "vvpp", 0, RLIMIT_NOFILE),
	R(prlimit64, "vv-p", 0, RLIMIT_NOFILE), R(sysinfo, "p"), R(syslog, "vpv", 3, 0, 16),
	R(getrandom, "pvv", 0, 16), R(olduname, "p"), R(oldolduname, "p"),
	R(getcpu, "p--"), R(getcpu, "-p-"),
	R(kcmp, "vvvvp", 1, 1, 7 /* KCMP_EPOLL_TFD */, 0),
	R(process_vm_readv, "vpvvvv", 1, 0, 1, 0, 1), R(process_vm_writev, "vpvvvv", 1, 0, 1, 0, 1),
	R(sched_setscheduler, "vvp", 0, 0), R(sched_setparam, "vp", 0), R(sched_getparam, "vp", 0),
	R(sched_setattr, "vpv", 0, 0, 0), R(sched_getattr, "vpvv", 0, 0, 56, 0),
	R(sched_rr_get_interval, "vp", 0), R(sched_rr_get_interval_time64, "vp", 0),
	/* time */
	R(time, "p"), R(gettimeofday_time32, "pp"), R(clock_gettime32, "vp", CLOCK_MONOTONIC),
	R(clock_gettime64, "vp", CLOCK_MONOTONIC), R(clock_getres_time32, "vp", CLOCK_MONOTONIC),
	R(clock_getres_time64, "vp", CLOCK_MONOTONIC), R(nanosleep, "pp"), R(nanosleep, "p-"),
	R(clock_nanosleep_time32, "vvpp", CLOCK_MONOTONIC), R(clock_nanosleep_time64, "vvpp", CLOCK_MONOTONIC),
	R(times, "p"), R(stime, "p"),
	/* memory */
	R(brk, "A"), R(mmap2, "Kvvvvv", 0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1),
	R(mmap, "p"), R(munmap, "Kv", 0, PG), R(mprotect, "Kvv", 0, PG, PROT_READ),
	R(madvise, "Kvv", 0, PG, MADV_NORMAL), R(msync, "Kvv", 0, 16, MS_SYNC),
	R(mincore, "Kvp", 0, PG),
	/* signals */
	R(rt_sigaction, "vppv", SIGUSR1, 0, 0, 8), R(rt_sigaction, "v-pv", SIGUSR1, 0, 0, 8),
	R(rt_sigprocmask, "vppv", SIG_BLOCK, 0, 0, 8), R(rt_sigprocmask, "v-pv", SIG_BLOCK, 0, 0, 8),
	R(rt_sigpending, "pv", 0, 8), R(rt_sigsuspend, "pv", 0, 8), R(setitimer, "vpp", ITIMER_REAL),
	R(getitimer, "vp", ITIMER_REAL), R(sigaction, "vp-", SIGUSR1), R(sigaction, "v-p", SIGUSR1),
	R(sigprocmask, "vp-", SIG_BLOCK), R(sigprocmask, "v-p", SIG_BLOCK), R(sigpending, "p"),
	R(rt_sigqueueinfo, "vvp", 1, SIGUSR1), R(rt_tgsigqueueinfo, "vvvp", 1, 1, SIGUSR1),
	/* pipes and poll */
	R(pipe, "p"), R(pipe2, "pv"), R(poll, "pvv", 0, 1, 0), R(ppoll, "pvppv", 0, 1, 0, 0, 8),
	R(ppoll_time64, "pvppv", 0, 1, 0, 0, 8), R(_newselect, "vpppp", 16),
	R(_newselect, "v---p", 16), R(pselect6, "vppppp", 16), R(pselect6, "v----p", 16),
	R(pselect6_time64, "vppppp", 16), R(pselect6_time64, "v----p", 16),
	R(epoll_ctl, "evkp", 0, EPOLL_CTL_ADD), R(epoll_ctl, "evkp", 0, EPOLL_CTL_MOD),
	R(epoll_wait, "epvv", 0, 0, 4, 0), R(epoll_pwait, "epvvv-", 0, 0, 4, 0),
	R(epoll_pwait, "e-vvpv", 0, 0, 4, 0, 0, 8), R(epoll_pwait2, "epv--v", 0, 0, 4, 0, 0, 8),
	R(epoll_pwait2, "e-vp-v", 0, 0, 4, 0, 0, 8),
	/* sockets */
	R(socketcall, "vp", 2), R(socketcall, "vp", 17), R(socketpair, "vvvp", AF_UNIX, SOCK_STREAM),
	R(bind, "kpv", 0, 0, 16), R(connect, "kpv", 0, 0, 16), R(accept4, "lppv"),
	R(getsockname, "kpp"), R(getpeername, "kpp"), R(sendto, "kpvvpv", 0, 0, 16, MSG_DONTWAIT, 0, 16),
	R(recvfrom, "kpvvpp", 0, 0, 16, MSG_DONTWAIT), R(sendmsg, "kpv", 0, 0, MSG_DONTWAIT),
	R(recvmsg, "kpv", 0, 0, MSG_DONTWAIT), R(setsockopt, "kvvpv", 0, SOL_SOCKET, SO_SNDBUF, 0, 4),
	R(getsockopt, "kvvpp", 0, SOL_SOCKET, SO_TYPE),
	/* System V IPC: the ipc multiplexer (call numbers of <linux/ipc.h>) and the direct calls */
	R(ipc, "vmvvp", 1, 0, 1), R(ipc, "vmvvp", 3, 0, 0, GETALL), R(ipc, "vmvvpp", 4, 0, 1),
	R(ipc, "vqvvp", 11, 0, 16, IPC_NOWAIT), R(ipc, "vqvvp", 12, 0, 16, IPC_NOWAIT),
	R(ipc, "vqvvpv", 12 | 1 << 16, 0, 16, IPC_NOWAIT), R(ipc, "vqvvp", 14, 0, IPC_STAT64),
	R(ipc, "vhvp-", 21), R(ipc, "vvvvK", 22), R(ipc, "vhvvp", 24, 0, IPC_STAT64),
	R(msgsnd, "qpvv", 0, 0, 16, IPC_NOWAIT), R(msgrcv, "qpvvv", 0, 0, 16, 0, IPC_NOWAIT),
	R(msgctl, "qvp", 0, IPC_STAT64), R(semctl, "mvvp", 0, 0, GETALL), R(semctl, "mvvp", 0, 0, SETALL),
	R(semctl, "mvvp", 0, 0, IPC_STAT64), R(semtimedop_time64, "mpvp", 0, 0, 1),
	R(shmat, "hKv"), R(shmdt, "K"), R(shmctl, "hvp", 0, IPC_STAT64),
	/* files */
	R(read, "fpv", 0, 0, 16), R(write, "fpv", 0, 0, 16), R(readv, "fpv", 0, 0, 1),
	R(writev, "fpv", 0, 0, 1), R(pread64, "fpv--", 0, 0, 16), R(pwrite64, "fpv--", 0, 0, 16),
	R(open, "pvv", 0, O_RDONLY), R(openat, "apvv", 0, 0, O_RDONLY), R(creat, "pv", 0, 0644),
	R(_llseek, "f--pv", 0, 0, 0, 0, SEEK_SET), R(stat64, "pp"), R(stat64, "sp"), R(lstat64, "pp"),
	R(lstat64, "yp"), R(fstat64, "fp"), R(fstatat64, "appv"), R(fstatat64, "aspv"),
	R(statx, "apvvp", 0, 0, 0, 0x7ff), R(statx, "asvvp", 0, 0, 0, 0x7ff), R(getdents64, "dpv", 0, 0, PG),
	R(mkdir, "pv", 0, 0755), R(mkdirat, "apv", 0, 0, 0755), R(rmdir, "p"), R(unlink, "p"),
	R(unlinkat, "apv"), R(rename, "pp"), R(rename, "sp"), R(renameat, "apap"),
	R(renameat2, "apapv"), R(link, "pp"), R(link, "sp"), R(linkat, "apapv"), R(symlink, "pp"),
	R(symlink, "sp"), R(symlinkat, "pap"), R(readlink, "ppv", 0, 0, 16), R(readlink, "ypv", 0, 0, 16),
	R(readlinkat, "appv", 0, 0, 0, 16), R(readlinkat, "aypv", 0, 0, 0, 16), R(chmod, "pv", 0, 0644),
	R(fchmodat, "apv", 0, 0, 0644), R(chown32, "pvv"), R(lchown32, "pvv"), R(chown, "pvv"), R(lchown, "pvv"),
	R(setxattr, "sp"), R(lsetxattr, "yp"), R(fsetxattr, "fp"), R(getxattr, "pp"),
	R(lgetxattr, "yp"), R(fgetxattr, "fp"), R(removexattr, "sp"),
	R(lremovexattr, "yp"), R(fremovexattr, "fp"), R(fchownat, "apvvv"),
	R(access, "pv"), R(faccessat, "apv"), R(faccessat2, "apvv"), R(chdir, "p"),
	R(getcwd, "pv", 0, PG), R(truncate, "pv"), R(truncate64, "pvv"), R(utimensat, "appv"),
	R(utimensat, "aspv"), R(utimensat_time64, "appv"), R(utimensat_time64, "aspv"),
	R(mknod, "pvv", 0, S_IFIFO | 0644), R(mknodat, "apvv", 0, 0, S_IFIFO | 0644),
	/* record locks: F_GETLK, F_SETLK, F_SETLKW (5, 6, 7) and their 64-bit forms (12, 13, 14) */
	R(fcntl, "fvp", 0, 5), R(fcntl, "fvp", 0, 6), R(fcntl, "fvp", 0, 7), R(fcntl64, "fvp", 0, 5),
	R(fcntl64, "fvp", 0, 12), R(fcntl64, "fvp", 0, 13), R(fcntl64, "fvp", 0, 14),
	R(ioctl, "kvp", 0, FIONREAD), R(ioctl, "tvp", 0, TCGETS), R(ioctl, "tvp", 0, TCSETS),
	R(ioctl, "tvp", 0, TIOCGWINSZ), R(ioctl, "tvp", 0, TIOCSWINSZ), R(ioctl, "tvp", 0, TIOCGPGRP),
	R(ioctl, "tvp", 0, TIOCSPGRP), R(statfs64, "pvp", 0, 84), R(statfs64, "svp", 0, 84),
	R(fstatfs64, "fvp", 0, 84),
	/* the old file calls */
	R(stat, "pp"), R(stat, "sp"), R(lstat, "pp"), R(lstat, "yp"), R(fstat, "fp"),
	R(oldstat, "pp"), R(oldstat, "sp"), R(oldlstat, "yp"), R(oldfstat, "fp"), R(statfs, "pp"),
	R(statfs, "sp"), R(fstatfs, "fp"), R(getdents, "dpv", 0, 0, PG), R(readdir, "dpv", 0, 0, 1),
	R(utime, "pp"), R(utime, "sp"), R(utimes, "pp"), R(utimes, "sp"), R(futimesat, "app"),
	R(futimesat, "asp"),
	/* futexes */
	R(futex, "pvvp--", 0, FUTEX_WAIT), R(futex, "pvv---", 0, FUTEX_WAIT),
	R(futex, "Avv---", 0, FUTEX_WAKE, 1), R(futex_time64, "pvvp--", 0, FUTEX_WAIT),
	R(futex_time64, "pvv---", 0, FUTEX_WAIT),
};

/* Bad addresses for the rows: the start of the kernel half, the kernel's
 * code, the last page, a range that wraps past 4 GiB, one that runs from
 * the guard page into the kernel half, and user space nobody mapped. */
static const uint32_t bad_ptr[] = {
	0xC0000000, 0xC0100000, 0xFFFFF000, 0xFFFFFFF8, 0xBFFFFFF0, 0x30000000,
};
/* Every argument at once, for every number; no low bits, so no flag
 * (IPC_CREAT, O_CREAT, ...) is set by accident. */
static const uint32_t bad_all[] = { 0xC0000000, 0xC0100000, 0xFFFFF000, 0x30000000 };

/* Calls that end the caller, make processes or wait for a signal
 * whatever their arguments; sigreturn takes its frame from the stack. */
static bool skipped(int nr)
{
	static const int skip[] = {
		SYS_exit, SYS_exit_group, SYS_fork, SYS_vfork, SYS_clone, 435 /* clone3 */, SYS_pause,
		SYS_sigsuspend, SYS_sigreturn, SYS_rt_sigreturn, SYS_reboot,
	};
	for (unsigned i = 0; i < sizeof skip / sizeof skip[0]; i++)
		if (skip[i] == nr)
			return true;
	return false;
}

/* Where the child is, in memory it shares with the parent: after a crash
 * or a hang the parent can say which call it was. */
struct progress {
	int row;                              /* index into rows, or -1: all arguments bad */
	uint32_t bad;
	int calls;
};
static struct progress *prog;

static long arg_of(char c, long v, uint32_t bad)
{
	switch (c) {
	case 'p': case 'K': case 'A': return (long)bad;
	case 'v': return v;
	case 'f': return FD_FILE;
	case 'k': return FD_SOCK;
	case 'd': return FD_DIR;
	case 'l': return FD_LISTEN;
	case 't': return FD_TTY;
	case 'e': return FD_EPOLL;
	case 'a': return AT_FDCWD;
	case 's': return (long)file_path;
	case 'y': return (long)link_path;
	case 'q': return msq;
	case 'm': return sem;
	case 'h': return shm;
	default: return 0;
	}
}

/* Sets up what one call needs: a child to wait for, a message, data, a
 * connection to accept, a directory read from its start. */
static void prepare(int nr, const struct row *r)
{
	if (nr == SYS_wait4 || nr == SYS_waitpid) {
		if (fork() == 0)
			_exit(0);
	} else if (nr == SYS_msgrcv || (nr == SYS_ipc && (r->v[0] & 0xffff) == 12)) {
		struct { long type; char text[16]; } m = { 1, "message" };
		msgsnd(msq, &m, sizeof m.text, IPC_NOWAIT);
	} else if (nr == SYS_recvfrom || nr == SYS_recvmsg) {
		write(FD_PEER, "0123456789abcdef", 16);
	} else if (nr == SYS_accept4) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		connect(c, (struct sockaddr *)&listen_addr, sizeof listen_addr);
	} else if (nr == SYS_getdents64) {
		lseek(FD_DIR, 0, SEEK_SET);
	}
}

/* Whether a row's call must fail with this bad address. */
static bool must_fail(const struct row *r, uint32_t bad)
{
	return strchr(r->shape, 'p') || (strchr(r->shape, 'K') && bad >= 0xC0000000u);
}

/* The child for one number: its rows with each bad address, then all
 * arguments bad; then the kernel must still answer. Exit 0 when all went
 * as it should (failures are printed here). */
static void sweep_child(int nr)
{
	signal(SIGALRM, SIG_DFL);
	pid_t me = getpid();
	int bad_results = 0;
	for (int i = 0; i < (int)(sizeof rows / sizeof rows[0]); i++) {
		const struct row *r = &rows[i];
		if (r->nr != nr)
			continue;
		for (unsigned j = 0; j < sizeof bad_ptr / sizeof bad_ptr[0]; j++) {
			long a[6] = { 0 };
			for (int k = 0; r->shape[k] && k < 6; k++)
				a[k] = arg_of(r->shape[k], r->v[k], bad_ptr[j]);
			prepare(nr, r);
			*prog = (struct progress){ i, bad_ptr[j], prog->calls + 1 };
			alarm(2);
			long res = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
			if (res != -1 && must_fail(r, bad_ptr[j])) {
				say("[FAIL] bad pointers: %s \"%s\" with %#x returned %ld, expected an error\n",
				    r->name, r->shape, bad_ptr[j], res);
				bad_results++;
			}
		}
	}
	for (unsigned j = 0; j < sizeof bad_all / sizeof bad_all[0]; j++) {
		uint32_t b = bad_all[j];
		*prog = (struct progress){ -1, b, prog->calls + 1 };
		alarm(2);
		syscall(nr, b, b, b, b, b, b);
	}
	alarm(0);
	int p[2];
	char c = 0;
	bool alive = syscall(SYS_getpid) == me && pipe(p) == 0 && write(p[1], "x", 1) == 1 &&
		     read(p[0], &c, 1) == 1 && c == 'x';
	if (!alive)
		say("[FAIL] bad pointers: after number %d getpid/pipe/write/read do not work\n", nr);
	_exit(bad_results || !alive ? 1 : 0);
}

static volatile sig_atomic_t watchdog_fired;
static void on_watchdog(int sig) { (void)sig; watchdog_fired = 1; }

/* Describes the call the child was in, from its progress record. */
static const char *where(int nr)
{
	static char buf[128];
	if (prog->row < 0)
		snprintf(buf, sizeof buf, "number %d with all arguments %#x", nr, prog->bad);
	else
		snprintf(buf, sizeof buf, "%s \"%s\" with %#x", rows[prog->row].name, rows[prog->row].shape,
			 prog->bad);
	return buf;
}

/* Runs the sweep for one number; true when it went as it should. */
static bool sweep_one(int nr)
{
	*prog = (struct progress){ -2, 0, 0 };
	pid_t pid = fork();
	if (pid == 0)
		sweep_child(nr);
	if (pid < 0) {
		say("[FAIL] bad pointers: fork: %s\n", errname(errno));
		return false;
	}
	watchdog_fired = 0;
	alarm(10);                           /* the child's own alarm may have been replaced */
	int st;
	pid_t r;
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR && !watchdog_fired)
		;
	alarm(0);
	if (r != pid) {
		kill(pid, SIGKILL);
		wait_for(pid);
		say("[FAIL] bad pointers: hung in %s\n", where(nr));
		return false;
	}
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM) {
		say("[FAIL] bad pointers: hung (2 s) in %s\n", where(nr));
		return false;
	}
	/* A signal is a fine end for garbage in every argument (munmap of
	 * everything, say), not for a row: a bad pointer is an EFAULT. */
	if (WIFSIGNALED(st) && prog->row >= 0) {
		say("[FAIL] bad pointers: killed by signal %d in %s\n", WTERMSIG(st), where(nr));
		return false;
	}
	return WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void make_objects(void)
{
	snprintf(file_path, sizeof file_path, "%s", P("file"));
	snprintf(link_path, sizeof link_path, "%s", P("link"));
	char junk[PG];
	memset(junk, 'j', sizeof junk);
	put_file(file_path, junk, sizeof junk);
	symlink("file", link_path);
	dup2(open(file_path, O_RDWR), FD_FILE);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	dup2(sv[0], FD_SOCK);
	dup2(sv[1], FD_PEER);
	dup2(open(tdir, O_RDONLY | O_DIRECTORY), FD_DIR);
	listen_addr.sun_family = AF_UNIX;
	snprintf(listen_addr.sun_path, sizeof listen_addr.sun_path, "%s", P("listen"));
	int l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	bind(l, (struct sockaddr *)&listen_addr, sizeof listen_addr);
	listen(l, 64);
	dup2(l, FD_LISTEN);
	dup2(open("/dev/console", O_RDWR | O_NOCTTY), FD_TTY);
	dup2(epoll_create1(0), FD_EPOLL);
	epoll_ctl(FD_EPOLL, EPOLL_CTL_ADD, FD_SOCK, &(struct epoll_event){ EPOLLOUT, { 0 } });
	msq = msgget(IPC_PRIVATE, 0600);
	sem = semget(IPC_PRIVATE, 2, 0600);
	shm = shmget(IPC_PRIVATE, PG, 0600);
	setgroups(1, (gid_t[]){ 100 });      /* getgroups has something to copy */
	struct stat st;
	if (fstat(FD_FILE, &st) < 0 || fstat(FD_SOCK, &st) < 0 || fstat(FD_DIR, &st) < 0 ||
	    fstat(FD_LISTEN, &st) < 0 || !isatty(FD_TTY) || msq < 0 || sem < 0 || shm < 0)
		fail("bad pointers", "cannot make the sweep's descriptors and IPC objects");
}

static void bad_pointer_sweep(void)
{
	prog = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	make_objects();
	struct sigaction sa = { .sa_handler = on_watchdog };   /* no SA_RESTART: waitpid returns */
	sigaction(SIGALRM, &sa, NULL);
	int failed = 0, calls = 0;
	for (int nr = 0; nr <= NR_MAX; nr++) {
		if (skipped(nr))
			continue;
		failed += !sweep_one(nr);
		calls += prog->calls;
	}
	msgctl(msq, IPC_RMID, NULL);
	semctl(sem, 0, IPC_RMID);
	shmctl(shm, IPC_RMID, NULL);
	bool alive = getpid() > 0 && write(FD_FILE, "x", 1) == 1;
	if (!failed && alive && calls > 1000)
		pass("bad pointers to system calls 0..450: errors or signals, no hang, kernel alive");
	else
		fail("bad pointers to system calls 0..450", "%d numbers failed, %d calls made%s", failed, calls,
		     alive ? "" : ", getpid/write broken afterwards");
}

/* ---- (b) brk and sbrk at the edges ---- */

/* sbrk as glibc has it (musl's sbrk takes only 0): moves the break by inc,
 * returning the old break, or (void *)-1 and ENOMEM. */
static void *xsbrk(intptr_t inc)
{
	uintptr_t cur = syscall(SYS_brk, 0);
	if (inc && (uintptr_t)syscall(SYS_brk, cur + inc) != cur + inc) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)cur;
}

static bool all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static char *touch_at;
static void touch(void) { *(volatile char *)touch_at = 1; }

static void brk_edges(void)
{
	char *start = xsbrk(0);
	CHECK_ERR("sbrk(2 GiB - 1) -> ENOMEM", xsbrk(INTPTR_MAX), ENOMEM);
	CHECK_EQ("the break is unchanged after sbrk(2 GiB - 1)", (long)xsbrk(0), (long)start);
	struct sysinfo si;
	sysinfo(&si);
	CHECK_ERR("sbrk(more than all memory) -> ENOMEM", xsbrk((intptr_t)(si.totalram + 16) * si.mem_unit),
		  ENOMEM);
	CHECK_ERR("sbrk(-2 GiB) -> ENOMEM", xsbrk(INTPTR_MIN), ENOMEM);
	CHECK_EQ("the break is unchanged after sbrk(-2 GiB)", (long)xsbrk(0), (long)start);
	CHECK_EQ("brk into the kernel half is refused", syscall(SYS_brk, 0xC0000000), (long)start);
	CHECK_EQ("brk to 0xFFFFF000 is refused", syscall(SYS_brk, 0xFFFFF000), (long)start);
	/* Rounded up to a page this is 0: taken for a shrink, it would unmap
	 * the program. */
	CHECK_EQ("brk to 0xFFFFFFF8 is refused", syscall(SYS_brk, 0xFFFFFFF8), (long)start);
	CHECK_EQ("brk below the start of the heap is refused", syscall(SYS_brk, 0x1000), (long)start);

	/* The heap's first page: where the break may go back to. */
	char *base = (char *)(((uintptr_t)start + PG - 1) & ~(uintptr_t)(PG - 1));
	CHECK("sbrk(64 KiB) grows", xsbrk(base + 16 * PG - start) == start);
	CHECK("new memory reads as zero", all_zero(base, 16 * PG));
	memset(base, 0xa5, 16 * PG);
	CHECK("sbrk(-48 KiB) shrinks", xsbrk(-12 * PG) == base + 16 * PG);
	touch_at = base + 4 * PG;
	CHECK_SIG("released memory faults when touched", child_status(touch), SIGSEGV);
	touch_at = base + 15 * PG + 100;
	CHECK_SIG("released memory faults up to the old break", child_status(touch), SIGSEGV);
	CHECK_EQ("memory below the break keeps its data", (unsigned char)base[4 * PG - 1], 0xa5);
	CHECK("sbrk(48 KiB) grows again", xsbrk(12 * PG) == base + 4 * PG);
	CHECK("re-grown memory reads as zero", all_zero(base + 4 * PG, 12 * PG));

	/* A mapping just above the break: brk must not run over it. */
	char *above = mmap(base + 32 * PG, PG, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("mmap a page above the break", above == base + 32 * PG);
	above[0] = 'm';
	CHECK_EQ("brk over a mapping is refused", syscall(SYS_brk, base + 40 * PG), (long)(base + 16 * PG));
	CHECK_EQ("the mapping keeps its data", above[0], 'm');
	CHECK_EQ("brk up to the mapping is fine", syscall(SYS_brk, base + 32 * PG), (long)(base + 32 * PG));
	CHECK_ERR("sbrk below the start of the heap -> ENOMEM", xsbrk(-(intptr_t)(64 * PG)), ENOMEM);
	CHECK_EQ("brk back to the start", syscall(SYS_brk, start), (long)start);
	touch_at = base + 8 * PG;
	CHECK_SIG("the whole heap is gone", child_status(touch), SIGSEGV);
}

/* ---- (c) unbounded recursion ---- */

static volatile int never = -1;              /* a way out the compiler cannot rule out */

static int recurse(int n)
{
	volatile char frame[512];
	frame[0] = (char)n;
	if (n == never)
		return 0;
	return recurse(n + 1) + frame[0];
}

static void recurse_forever(void) { recurse(0); }

static long free_pages(void)
{
	struct sysinfo si;
	sysinfo(&si);
	return (long)si.freeram;
}

static void deep_recursion(void)
{
	CHECK_SIG("unbounded recursion -> SIGSEGV", child_status(recurse_forever), SIGSEGV);
	long before = free_pages();
	CHECK_SIG("again -> SIGSEGV", child_status(recurse_forever), SIGSEGV);
	long after = free_pages();
	if (after >= before - 8)
		pass("its 8 MiB of stack came back");
	else
		fail("its 8 MiB of stack came back", "%ld pages free before, %ld after", before, after);
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	CHECK_EXIT("the parent can fork again", wait_for(pid), 3);
}

int main(void)
{
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	tdir_setup("t_usertests_guest");
	RUN(bad_pointer_sweep);
	RUN(brk_edges);
	RUN(deep_recursion);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
