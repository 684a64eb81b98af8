/* args.c - how strace shows a system call's arguments: the table
 * {name, argument kinds, result kind} for the common calls, reading the
 * tracee's memory with PTRACE_PEEKDATA, and one printer per kind. Input
 * arguments are formatted at the entry stop (execve replaces the memory
 * they live in); output arguments (a read buffer, a wait status) are left
 * as markers and formatted at the exit stop, when the result is known. */
#include "strace.h"


unsigned max_strlen = 32;


static const struct spec specs[] = {
	{"restart_syscall", "", 'd'}, {"exit", "d", '?'}, {"exit_group", "d", '?'},
	{"fork", "", 'd'}, {"vfork", "", 'd'}, {"clone", "Lpppp", 'd'},
	{"execve", "sve", 'd'}, {"read", "fBu", 'd'}, {"write", "fbu", 'd'},
	{"readv", "f]d", 'd'}, {"writev", "f[d", 'd'},
	{"pread64", "fBud", 'd'}, {"pwrite64", "fbud", 'd'},
	{"open", "sOq", 'd'}, {"openat", "asOq", 'd'}, {"creat", "so", 'd'},
	{"close", "f", 'd'}, {"dup", "f", 'd'}, {"dup2", "ff", 'd'},
	{"dup3", "ff2", 'd'}, {"pipe", "R", 'd'}, {"pipe2", "R2", 'd'},
	{"lseek", "fdw", 'd'}, {"_llseek", "fK_Jw", 'd'},
	{"waitpid", "dWX", 'd'}, {"wait4", "dWXp", 'd'},
	{"link", "ss", 'd'}, {"linkat", "asast", 'd'}, {"unlink", "s", 'd'},
	{"unlinkat", "ast", 'd'}, {"symlink", "ss", 'd'}, {"symlinkat", "sas", 'd'},
	{"readlink", "sBu", 'd'}, {"readlinkat", "asBu", 'd'},
	{"rename", "ss", 'd'}, {"renameat", "asas", 'd'}, {"renameat2", "asasu", 'd'},
	{"mkdir", "so", 'd'}, {"mkdirat", "aso", 'd'}, {"rmdir", "s", 'd'},
	{"mknod", "sox", 'd'}, {"mknodat", "asox", 'd'},
	{"chdir", "s", 'd'}, {"fchdir", "f", 'd'}, {"chroot", "s", 'd'},
	{"getcwd", "gu", 'd'}, {"umask", "o", 'o'},
	{"chmod", "so", 'd'}, {"fchmod", "fo", 'd'}, {"fchmodat", "aso", 'd'},
	{"chown32", "sdd", 'd'}, {"lchown32", "sdd", 'd'}, {"fchown32", "fdd", 'd'},
	{"chown", "sdd", 'd'}, {"lchown", "sdd", 'd'}, {"fchown", "fdd", 'd'},
	{"setxattr", "sspdx", 'd'}, {"lsetxattr", "sspdx", 'd'}, {"fsetxattr", "fspdx", 'd'},
	{"getxattr", "sspd", 'd'}, {"lgetxattr", "sspd", 'd'}, {"fgetxattr", "fspd", 'd'},
	{"listxattr", "spd", 'd'}, {"llistxattr", "spd", 'd'}, {"flistxattr", "fpd", 'd'},
	{"removexattr", "ss", 'd'}, {"lremovexattr", "ss", 'd'}, {"fremovexattr", "fs", 'd'},
	{"fchownat", "asddt", 'd'}, {"access", "sE", 'd'}, {"faccessat", "asE", 'd'},
	{"faccessat2", "asEt", 'd'}, {"truncate64", "sd", 'd'}, {"ftruncate64", "fd", 'd'},
	{"truncate", "sd", 'd'}, {"ftruncate", "fd", 'd'},
	{"stat64", "sp", 'd'}, {"lstat64", "sp", 'd'}, {"fstat64", "fp", 'd'},
	{"fstatat64", "aspt", 'd'}, {"statx", "astxp", 'd'},
	{"stat", "sp", 'd'}, {"lstat", "sp", 'd'}, {"fstat", "fp", 'd'},
	{"oldstat", "sp", 'd'}, {"oldlstat", "sp", 'd'}, {"oldfstat", "fp", 'd'},
	{"statfs", "sp", 'd'}, {"fstatfs", "fp", 'd'}, {"readdir", "fpu", 'd'},
	{"utime", "sp", 'd'}, {"utimes", "sp", 'd'}, {"futimesat", "asp", 'd'},
	{"statfs64", "sup", 'd'}, {"fstatfs64", "fup", 'd'},
	{"getdents", "fpu", 'd'}, {"getdents64", "fpu", 'd'},
	{"utimensat", "aspt", 'd'}, {"utimensat_time64", "aspt", 'd'},
	{"fcntl", "fCj", 'd'}, {"fcntl64", "fCj", 'd'}, {"ioctl", "fIp", 'd'},
	{"flock", "fr", 'd'}, {"fsync", "f", 'd'}, {"fdatasync", "f", 'd'},
	{"sync", "", 'd'}, {"sendfile64", "ffpu", 'd'},
	{"brk", "p", 'x'}, {"mmap2", "puPMfV", 'x'}, {"mmap", "p", 'x'},
	{"munmap", "pu", 'd'}, {"mprotect", "puP", 'd'}, {"madvise", "pu!", 'd'},
	{"mremap", "puuxp", 'x'},
	{"getpid", "", 'd'}, {"getppid", "", 'd'}, {"gettid", "", 'd'},
	{"getuid", "", 'd'}, {"getgid", "", 'd'}, {"geteuid", "", 'd'}, {"getegid", "", 'd'},
	{"getuid32", "", 'd'}, {"getgid32", "", 'd'}, {"geteuid32", "", 'd'},
	{"getegid32", "", 'd'}, {"setuid32", "d", 'd'}, {"setgid32", "d", 'd'},
	{"setreuid32", "dd", 'd'}, {"setregid32", "dd", 'd'},
	{"setresuid32", "ddd", 'd'}, {"setresgid32", "ddd", 'd'},
	{"getresuid32", "ppp", 'd'}, {"getresgid32", "ppp", 'd'},
	{"getgroups32", "dp", 'd'}, {"setgroups32", "dp", 'd'},
	{"setpgid", "dd", 'd'}, {"getpgid", "d", 'd'}, {"getpgrp", "", 'd'},
	{"setsid", "", 'd'}, {"getsid", "d", 'd'},
	{"kill", "dS", 'd'}, {"tkill", "dS", 'd'}, {"tgkill", "ddS", 'd'},
	{"rt_sigqueueinfo", "dSp", 'd'},
	{"rt_sigaction", "Sppu", 'd'}, {"rt_sigprocmask", "hppu", 'd'},
	{"rt_sigsuspend", "pu", 'd'}, {"rt_sigpending", "pu", 'd'},
	{"rt_sigtimedwait", "pppu", 'd'}, {"rt_sigtimedwait_time64", "pppu", 'd'},
	{"signal", "Sp", 'x'}, {"sigaction", "Spp", 'd'}, {"sigprocmask", "hpp", 'd'},
	{"sigpending", "p", 'd'}, {"sigsuspend", "ddx", 'd'}, {"sgetmask", "", 'x'},
	{"ssetmask", "x", 'x'},
	{"sigaltstack", "pp", 'd'}, {"sigreturn", "", 'd'}, {"rt_sigreturn", "", 'd'},
	{"pause", "", 'd'}, {"alarm", "u", 'd'},
	{"nanosleep", "pp", 'd'}, {"clock_nanosleep", "@dpp", 'd'},
	{"clock_nanosleep_time64", "@dpp", 'd'},
	{"time", "p", 'd'}, {"stime", "p", 'd'}, {"times", "p", 'd'}, {"gettimeofday", "pp", 'd'},
	{"clock_gettime", "@p", 'd'}, {"clock_gettime64", "@p", 'd'},
	{"clock_getres", "@p", 'd'}, {"clock_getres_time64", "@p", 'd'},
	{"setitimer", "dpp", 'd'}, {"getitimer", "dp", 'd'},
	{"poll", "pud", 'd'}, {"ppoll", "pupu", 'd'}, {"ppoll_time64", "pupu", 'd'},
	{"_newselect", "dpppp", 'd'}, {"pselect6", "dppppp", 'd'},
	{"pselect6_time64", "dppppp", 'd'},
	{"epoll_create", "d", 'd'}, {"epoll_create1", "2", 'd'}, {"epoll_ctl", "fdfp", 'd'},
	{"inotify_init", "", 'd'}, {"inotify_init1", "2", 'd'},
	{"inotify_add_watch", "fsx", 'd'}, {"inotify_rm_watch", "fd", 'd'},
	{"epoll_wait", "fpdd", 'd'}, {"epoll_pwait", "fpddpu", 'd'}, {"epoll_pwait2", "fpdppu", 'd'},
	{"uname", "p", 'd'}, {"olduname", "p", 'd'}, {"oldolduname", "p", 'd'}, {"sysinfo", "p", 'd'}, {"syslog", "dpd", 'd'},
	{"getrusage", "dp", 'd'}, {"ugetrlimit", "dp", 'd'}, {"getrlimit", "dp", 'd'},
	{"setrlimit", "dp", 'd'}, {"prlimit64", "ddpp", 'd'},
	{"set_thread_area", "p", 'd'}, {"get_thread_area", "p", 'd'},
	{"set_tid_address", "p", 'd'}, {"set_robust_list", "pu", 'd'},
	{"futex", "pddppd", 'd'}, {"futex_time64", "pddppd", 'd'},
	{"sched_yield", "", 'd'}, {"getrandom", "Bux", 'd'}, {"personality", "x", 'd'},
	{"getcpu", "ppp", 'd'}, {"membarrier", "dud", 'd'}, {"mincore", "pup", 'd'},
	{"kcmp", "ddduu", 'd'}, {"process_vm_readv", "dpupuu", 'd'}, {"process_vm_writev", "dpupuu", 'd'},
	{"add_key", "ssbud", 'd'}, {"request_key", "sssd", 'd'}, {"keyctl", "duuuu", 'd'},
	{"rt_tgsigqueueinfo", "ddSp", 'd'}, {"syncfs", "f", 'd'}, {"fadvise64", "fuuud", 'd'},
	{"fadvise64_64", "fuuuud", 'd'}, {"readahead", "fuuu", 'd'}, {"sync_file_range", "fuuuux", 'd'},
	{"sched_setscheduler", "ddp", 'd'}, {"sched_getscheduler", "d", 'd'},
	{"sched_setparam", "dp", 'd'}, {"sched_getparam", "dp", 'd'},
	{"sched_setattr", "dpu", 'd'}, {"sched_getattr", "dpuu", 'd'},
	{"sched_get_priority_max", "d", 'd'}, {"sched_get_priority_min", "d", 'd'},
	{"sched_rr_get_interval", "dp", 'd'}, {"sched_rr_get_interval_time64", "dp", 'd'},
	{"ptrace", "Qdpp", 'd'}, {"reboot", "xxxp", 'd'},
	{"socketcall", "dp", 'd'}, {"ipc", "dddppd", 'd'},
	{"socket", "FTd", 'd'}, {"socketpair", "FTdR", 'd'},
	{"bind", "fAu", 'd'}, {"connect", "fAu", 'd'}, {"listen", "fd", 'd'},
	{"accept", "fpp", 'd'}, {"accept4", "fppG", 'd'},
	{"getsockname", "fpp", 'd'}, {"getpeername", "fpp", 'd'},
	{"send", "fbum", 'd'}, {"recv", "fBum", 'd'},
	{"sendto", "fbumAu", 'd'}, {"recvfrom", "fBumpp", 'd'},
	{"sendmsg", "fpm", 'd'}, {"recvmsg", "fpm", 'd'},
	{"sendmmsg", "fpum", 'd'}, {"recvmmsg", "fpumpp", 'd'},
	{"shutdown", "fH", 'd'}, {"setsockopt", "flNpu", 'd'},
	{"getsockopt", "flNpp", 'd'},
	{"msgget", "ki", 'd'}, {"msgsnd", "dyun", 'd'}, {"msgrcv", "dYudn", 'd'},
	{"msgctl", "dcp", 'd'}, {"semget", "kdi", 'd'}, {"semop", "dzu", 'd'},
	{"semtimedop", "dzup", 'd'}, {"semctl", "ddZx", 'd'},
	{"shmget", "kui", 'd'}, {"shmat", "dpD", 'x'}, {"shmdt", "p", 'd'},
	{"shmctl", "dUp", 'd'},
};

const struct spec *spec_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < COUNT(specs); i++)
		if (!strcmp(specs[i].name, name))
			return &specs[i];
	return NULL;
}

/* Kinds formatted at the exit stop. */
int kind_is_output(char k)
{
	return k && strchr("BgWRYJ]", k) != NULL;
}

/* ---- the tracee's memory ---- */

/* Copies up to len bytes at addr in pid into buf, a word at a time;
 * returns how many could be read. */
size_t peek_mem(pid_t pid, unsigned long addr, void *buf, size_t len)
{
	unsigned char *out = buf;
	size_t got = 0;
	while (got < len) {
		unsigned long a = addr + got, base = a & ~(sizeof(long) - 1), off = a - base;
		errno = 0;
		long w = ptrace(PTRACE_PEEKDATA, pid, (void *)base, 0);
		if (errno)
			break;
		size_t n = sizeof w - off;
		if (n > len - got)
			n = len - got;
		memcpy(out + got, (unsigned char *)&w + off, n);
		got += n;
	}
	return got;
}

int peek_long(pid_t pid, unsigned long addr, unsigned long *v)
{
	return peek_mem(pid, addr, v, sizeof *v) == sizeof *v ? 0 : -1;
}

/* Reads the string at addr (at most max bytes) into buf[max + 1]; its
 * length, or -1 if unreadable. *cut is set when no NUL came within max. */
static long peek_str(pid_t pid, unsigned long addr, char *buf, size_t max, int *cut)
{
	size_t len = 0;
	*cut = 0;
	while (len < max) {
		size_t chunk = sizeof(long) - ((addr + len) & (sizeof(long) - 1));
		if (chunk > max - len)
			chunk = max - len;
		size_t got = peek_mem(pid, addr + len, buf + len, chunk);
		void *nul = memchr(buf + len, 0, got);
		if (nul)
			return (char *)nul - buf;
		len += got;
		if (got < chunk)
			return len ? (long)len : -1;
	}
	buf[len] = 0;
	*cut = 1;
	return len;
}

/* ---- printers ---- */

/* "..." with C escapes; a non-printable byte is octal, three digits when
 * a digit follows so the escape cannot swallow it. */
static void put_quoted(struct sbuf *b, const unsigned char *s, size_t n)
{
	sb_puts(b, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		const char *esc = NULL;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		case '\v': esc = "\\v"; break;
		case '\f': esc = "\\f"; break;
		}
		if (esc)
			sb_puts(b, esc);
		else if (c >= ' ' && c < 0x7f)
			sb_printf(b, "%c", c);
		else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7')
			sb_printf(b, "\\%03o", c);
		else
			sb_printf(b, "\\%o", c);
	}
	sb_puts(b, "\"");
}

void put_ptr(struct sbuf *b, unsigned long p)
{
	if (p)
		sb_printf(b, "%#lx", p);
	else
		sb_puts(b, "NULL");
}

/* Reads len bytes at addr into buf when ok is set; returns 1 then. When
 * ok is clear, addr is NULL or the bytes cannot be read, the address is
 * shown instead and 0 returned. */
static int peek_whole(struct sbuf *b, pid_t pid, unsigned long addr, void *buf, size_t len,
		      int ok)
{
	if (ok && addr && peek_mem(pid, addr, buf, len) == len)
		return 1;
	put_ptr(b, addr);
	return 0;
}

/* The NUL-terminated string at addr, cut at max bytes ("..." follows);
 * the address if it cannot be read. */
static void put_str(struct sbuf *b, pid_t pid, unsigned long addr, size_t max)
{
	static char s[4097];
	int cut;
	long n = addr ? peek_str(pid, addr, s, max < sizeof s - 1 ? max : sizeof s - 1, &cut) : -1;
	if (n < 0) {
		put_ptr(b, addr);
		return;
	}
	put_quoted(b, (unsigned char *)s, (size_t)n);
	if (cut)
		sb_puts(b, "...");
}

/* A path: the whole string. */
static void put_path(struct sbuf *b, pid_t pid, unsigned long addr)
{
	put_str(b, pid, addr, 4096);
}

/* len bytes of data: the first max_strlen of them, "..." if more. */
static void put_data(struct sbuf *b, pid_t pid, unsigned long addr, unsigned long len)
{
	unsigned char s[4096];
	size_t want = len < max_strlen ? len : max_strlen;
	if (want > sizeof s)
		want = sizeof s;
	if (!peek_whole(b, pid, addr, s, want, 1))
		return;
	put_quoted(b, s, want);
	if (len > want)
		sb_puts(b, "...");
}

/* execve's argv: ["ls", "/"], each string cut at max_strlen. */
static void put_argv(struct sbuf *b, pid_t pid, unsigned long addr)
{
	unsigned long p;
	if (!peek_whole(b, pid, addr, &p, sizeof p, 1))
		return;
	sb_puts(b, "[");
	for (int i = 0; ; i++) {
		if (peek_long(pid, addr + i * sizeof p, &p) < 0 || !p)
			break;
		if (i == 32) {
			sb_puts(b, ", ...");
			break;
		}
		if (i)
			sb_puts(b, ", ");
		put_str(b, pid, p, max_strlen);
	}
	sb_puts(b, "]");
}

/* execve's envp: its address and how many strings it holds. */
static void put_envp(struct sbuf *b, pid_t pid, unsigned long addr)
{
	unsigned long p;
	int n = 0;
	put_ptr(b, addr);
	if (!addr)
		return;
	while (n < 100000 && peek_long(pid, addr + n * sizeof p, &p) == 0 && p)
		n++;
	sb_printf(b, " /* %d var%s */", n, n == 1 ? "" : "s");
}

/* {sa_family=AF_UNIX, sun_path="/tmp/server"}; other families by name only. */
static void put_sockaddr(struct sbuf *b, pid_t pid, unsigned long addr, unsigned long len)
{
	struct sockaddr_un sun;
	size_t fam = sizeof sun.sun_family;
	memset(&sun, 0, sizeof sun);
	if (len > sizeof sun)
		len = sizeof sun;
	if (!peek_whole(b, pid, addr, &sun, len, len >= fam))
		return;
	sb_puts(b, "{sa_family=");
	put_name(b, address_families, sun.sun_family);
	if (sun.sun_family == AF_UNIX && len > fam) {
		size_t n = len - fam;
		int abstract = sun.sun_path[0] == 0;
		const char *p = sun.sun_path + abstract;
		n -= abstract;
		if (!abstract)
			n = strnlen(p, n);
		sb_printf(b, ", sun_path=%s", abstract ? "@" : "");
		put_quoted(b, (const unsigned char *)p, n);
	} else if (sun.sun_family != AF_UNIX) {
		sb_puts(b, ", ...");
	}
	sb_puts(b, "}");
}

/* msgsnd/msgrcv's struct msgbuf: {mtype=1, mtext="..."}. */
static void put_msgbuf(struct sbuf *b, pid_t pid, unsigned long addr, unsigned long len)
{
	unsigned long type;
	if (!peek_whole(b, pid, addr, &type, sizeof type, 1))
		return;
	sb_printf(b, "{mtype=%ld, mtext=", (long)type);
	put_data(b, pid, addr + sizeof type, len);
	sb_puts(b, "}");
}

/* An array of n elements of size bytes at addr: [e0, e1, ...], the
 * first 8 of them, each read into elem and shown by put(b, pid, elem,
 * ctx); the address when n is 0 or the first cannot be read. */
static void put_array(struct sbuf *b, pid_t pid, unsigned long addr, unsigned long n,
		      void *elem, size_t size,
		      void (*put)(struct sbuf *, pid_t, const void *, void *), void *ctx)
{
	if (!peek_whole(b, pid, addr, elem, size, n != 0))
		return;
	sb_puts(b, "[");
	for (unsigned long i = 0; i < n; i++) {
		if (i == 8) {
			sb_puts(b, ", ...");
			break;
		}
		if (peek_mem(pid, addr + i * size, elem, size) != size)
			break;
		if (i)
			sb_puts(b, ", ");
		put(b, pid, elem, ctx);
	}
	sb_puts(b, "]");
}

/* One struct sembuf: {sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}. */
static void put_sembuf(struct sbuf *b, pid_t pid, const void *elem, void *ctx)
{
	const struct sembuf *sb = elem;
	(void)pid, (void)ctx;
	sb_printf(b, "{sem_num=%u, sem_op=%d, sem_flg=", sb->sem_num, sb->sem_op);
	put_flags(b, sem_flags, (unsigned short)sb->sem_flg, NULL);
	sb_puts(b, "}");
}

/* semop's array: [{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}, ...]. */
static void put_sembufs(struct sbuf *b, pid_t pid, unsigned long addr, unsigned long n)
{
	struct sembuf sb;
	put_array(b, pid, addr, n, &sb, sizeof sb, put_sembuf, NULL);
}

/* One struct iovec, {iov_base="...", iov_len=N}, its data cut at what is
 * left of *ctx (the bytes still to show), which it lessens. */
static void put_iov(struct sbuf *b, pid_t pid, const void *elem, void *ctx)
{
	const unsigned long *iov = elem;
	unsigned long *total = ctx;
	unsigned long len = iov[1] < *total ? iov[1] : *total;
	*total -= len;
	sb_puts(b, "{iov_base=");
	put_data(b, pid, iov[0], len);
	sb_printf(b, ", iov_len=%lu}", iov[1]);
}

/* readv/writev's array: [{iov_base="...", iov_len=N}, ...]; at most
 * total bytes of data are shown (a read fills only what it returned). */
static void put_iovec(struct sbuf *b, pid_t pid, unsigned long addr, unsigned long n,
		      unsigned long total)
{
	unsigned long iov[2];
	put_array(b, pid, addr, n, iov, sizeof iov, put_iov, &total);
}

/* A wait status as Linux strace shows it: [{WIFEXITED(s) && ...}]. */
static void put_wstatus(struct sbuf *b, pid_t pid, unsigned long addr)
{
	int s;
	if (!peek_whole(b, pid, addr, &s, sizeof s, 1))
		return;
	sb_puts(b, "[{");
	if (WIFEXITED(s))
		sb_printf(b, "WIFEXITED(s) && WEXITSTATUS(s) == %d", WEXITSTATUS(s));
	else if (WIFSIGNALED(s))
		sb_printf(b, "WIFSIGNALED(s) && WTERMSIG(s) == %s%s", signame(WTERMSIG(s)),
			  WCOREDUMP(s) ? " && WCOREDUMP(s)" : "");
	else if (WIFSTOPPED(s))
		sb_printf(b, "WIFSTOPPED(s) && WSTOPSIG(s) == %s", signame(WSTOPSIG(s) & 0x7f));
	else if (WIFCONTINUED(s))
		sb_puts(b, "WIFCONTINUED(s)");
	else
		sb_printf(b, "%#x", s);
	sb_puts(b, "}");
	if (WIFSTOPPED(s) && (s >> 16))
		sb_printf(b, "|%d << 16", s >> 16);
	sb_puts(b, "]");
}

/* pipe's and socketpair's two descriptors: [3, 4]. */
static void put_fdpair(struct sbuf *b, pid_t pid, unsigned long addr)
{
	int fd[2];
	if (peek_whole(b, pid, addr, fd, sizeof fd, 1))
		sb_printf(b, "[%d, %d]", fd[0], fd[1]);
}

static void put_fd(struct sbuf *b, long fd, int dirfd)
{
	if (dirfd && (int)fd == AT_FDCWD)
		sb_puts(b, "AT_FDCWD");
	else
		sb_printf(b, "%d", (int)fd);
}

/* An input argument: a[i] of kind k. */
void put_arg_in(struct sbuf *b, pid_t pid, char k, const unsigned long *a, int i)
{
	unsigned long v = a[i], next = i < 5 ? a[i + 1] : 0;
	switch (k) {
	case 'd': sb_printf(b, "%ld", (long)v); break;
	case 'u': sb_printf(b, "%lu", v); break;
	case 'x': sb_printf(b, "%#lx", v); break;
	case 'f': put_fd(b, (long)v, 0); break;
	case 'a': put_fd(b, (long)v, 1); break;
	case 's': put_path(b, pid, v); break;
	case 'b': put_data(b, pid, v, next); break;
	case 'o': case 'q': put_mode(b, v); break;
	case 'O': put_open_flags(b, v); break;
	case '2': put_flags(b, open_flags, v, NULL); break;
	case 'P': put_flags(b, prot_flags, v, "PROT_NONE"); break;
	case 'M': put_map_flags(b, v); break;
	case 'V': sb_printf(b, v ? "%#llx" : "%llu", (unsigned long long)v * (unsigned)getpagesize()); break;
	case 'S': sb_puts(b, signame((int)v)); break;
	case 'v': put_argv(b, pid, v); break;
	case 'e': put_envp(b, pid, v); break;
	case 'k':
		if (v == IPC_PRIVATE)
			sb_puts(b, "IPC_PRIVATE");
		else
			sb_printf(b, "%#lx", v);
		break;
	case 'i': put_ipc_flags(b, v); break;
	case 'c': put_ipc_cmd(b, msgctl_cmds, v); break;
	case 'Z': put_ipc_cmd(b, semctl_cmds, v); break;
	case 'U': put_ipc_cmd(b, shmctl_cmds, v); break;
	case 'n': put_flags(b, msg_flags_ipc, v, NULL); break;
	case 'D': put_flags(b, shm_flags, v, NULL); break;
	case 'y': put_msgbuf(b, pid, v, next); break;
	case 'z': put_sembufs(b, pid, v, next); break;
	case 'F': put_name(b, address_families, (long)v); break;
	case 'T': put_socket_type(b, v); break;
	case 'G': put_flags(b, socket_type_flags, v, NULL); break;
	case 'A': put_sockaddr(b, pid, v, next); break;
	case 'm': put_flags(b, msg_flags, v, NULL); break;
	case 'l': put_name(b, socket_levels, (long)v); break;
	case 'N': put_name(b, socket_options, (long)v); break;
	case 'H': put_name(b, shutdown_hows, (long)v); break;
	case 'w': put_name(b, seek_whences, (long)v); break;
	case 'C': put_name(b, fcntl_cmds, (long)v); break;
	case 'j':
		if (a[i - 1] == F_SETFL)
			put_open_flags(b, v);
		else if (a[i - 1] == F_SETFD)
			put_flags(b, fd_flags, v, NULL);
		else if (a[i - 1] == F_GETLK || a[i - 1] == F_SETLK || a[i - 1] == F_SETLKW ||
			 a[i - 1] == F_OFD_GETLK || a[i - 1] == F_OFD_SETLK || a[i - 1] == F_OFD_SETLKW)
			put_ptr(b, v);
		else
			sb_printf(b, "%ld", (long)v);
		break;
	case 'I': {
		const char *s = lookup(ioctl_requests, v);
		if (s)
			sb_puts(b, s);
		else
			sb_printf(b, "%#lx", v);
		break;
	}
	case 'X': put_flags(b, wait_options, v, NULL); break;
	case 'h': put_name(b, sigprocmask_hows, (long)v); break;
	case 'E': put_flags(b, access_modes, v, "F_OK"); break;
	case 't': put_flags(b, at_flags, v, NULL); break;
	case 'L': sb_puts(b, "flags="); put_clone_flags(b, v); break;
	case 'Q': put_name(b, ptrace_requests, (long)v); break;
	case 'r': put_flags(b, flock_ops, v, NULL); break;
	case '[': put_iovec(b, pid, v, next, (unsigned long)-1); break;
	case 'K': sb_printf(b, "%lld", (long long)((unsigned long long)v << 32 | next)); break;
	case '@': put_name(b, clock_ids, (long)v); break;
	case '!': put_name(b, madvise_advice, (long)v); break;
	default: put_ptr(b, v); break;
	}
}

/* An output argument, once the call returned ret; its address when the
 * call failed. */
void put_arg_out(struct sbuf *b, pid_t pid, char k, const unsigned long *a, int i, long ret)
{
	unsigned long v = a[i];
	if (ret < 0 && ret > -4096) {
		put_ptr(b, v);
		return;
	}
	switch (k) {
	case 'B': put_data(b, pid, v, (unsigned long)ret); break;
	case 'Y': put_msgbuf(b, pid, v, (unsigned long)ret); break;
	case 'g': put_path(b, pid, v); break;
	case 'R': put_fdpair(b, pid, v); break;
	case ']': put_iovec(b, pid, v, a[i + 1], (unsigned long)ret); break;
	case 'J': {
		long long off;
		if (peek_mem(pid, v, &off, sizeof off) == sizeof off)
			sb_printf(b, "[%lld]", off);
		else
			put_ptr(b, v);
		break;
	}
	case 'W':
		if (ret == 0)
			put_ptr(b, v);      /* WNOHANG and nothing to report */
		else
			put_wstatus(b, pid, v);
		break;
	default: put_ptr(b, v); break;
	}
}

/* Whether argument i of kind k is shown at all (open's mode only with
 * O_CREAT or O_TMPFILE, fcntl's third argument only where it means one). */
int arg_shown(char k, const unsigned long *a, int i)
{
	if (k == 'q')
		return (a[i - 1] & O_CREAT) || (a[i - 1] & O_TMPFILE) == O_TMPFILE;
	if (k == '_')
		return 0;
	if (k == 'j')
		return a[i - 1] != F_GETFD && a[i - 1] != F_GETFL && a[i - 1] != F_GETOWN;
	return 1;
}

/* The result: "3", "0x...", or "-1 ENOENT (No such file or directory)". */
void put_result(struct sbuf *b, char kind, long ret)
{
	if (ret < 0 && ret > -4096) {
		int e = (int)-ret;
		for (const struct restart_name *r = restart_names; r->name; r++)
			if (r->val == e) {
				sb_printf(b, "? %s (%s)", r->name, r->text);
				return;
			}
		const char *name = lookup(errno_names, (unsigned long)e);
		if (name)
			sb_printf(b, "-1 %s (%s)", name, strerror(e));
		else
			sb_printf(b, "-1 E#%d (%s)", e, strerror(e));
		return;
	}
	switch (kind) {
	case 'x': sb_printf(b, "%#lx", (unsigned long)ret); break;
	case 'o': sb_printf(b, "%#lo", (unsigned long)ret); break;
	default: sb_printf(b, "%ld", ret); break;
	}
}
