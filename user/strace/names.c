/* names.c - the symbolic names strace prints: errno values, signals
 * and the flag words of open, mmap, the IPC calls and the socket calls.
 * Every value comes from musl's headers through the N() macro, so no
 * number is retyped here; the system-call names themselves are generated
 * from <asm/unistd_32.h> (build/gen/syscall_names.h, used by main.c). */
#include "strace.h"
#include "syscall_names.h"      /* generated: UAPI_IPC_64 from <linux/ipc.h> */

/* ---- a growing output line ---- */


__attribute__((format(printf, 2, 3)))
void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = sizeof b->buf - b->len;
	va_start(ap, fmt);
	int n = vsnprintf(b->buf + b->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n < room ? (size_t)n : room - 1;
}

void sb_puts(struct sbuf *b, const char *s)
{
	sb_printf(b, "%s", s);
}

/* ---- name tables ---- */



/* The name whose value is exactly v, or NULL. */
const char *lookup(const struct nameval *t, unsigned long v)
{
	for (; t->name; t++)
		if (t->val == v)
			return t->name;
	return NULL;
}

/* v as NAME, or as a decimal number when the table has no name for it. */
void put_name(struct sbuf *b, const struct nameval *t, long v)
{
	const char *s = lookup(t, (unsigned long)v);
	if (s)
		sb_puts(b, s);
	else
		sb_printf(b, "%ld", v);
}

/* v as A|B|C; bits without a name follow as 0x...; zero prints as zero
 * (or "0"). Entries are tried in order, so multi-bit names come first. */
void put_flags(struct sbuf *b, const struct nameval *t, unsigned long v, const char *zero)
{
	int any = 0;
	for (; t->name && v; t++) {
		if (t->val && (v & t->val) == t->val) {
			sb_printf(b, "%s%s", any ? "|" : "", t->name);
			v &= ~t->val;
			any = 1;
		}
	}
	if (v)
		sb_printf(b, "%s%#lx", any ? "|" : "", v);
	else if (!any)
		sb_puts(b, zero ? zero : "0");
}

const struct nameval errno_names[] = {
	N(EPERM), N(ENOENT), N(ESRCH), N(EINTR), N(EIO), N(ENXIO), N(E2BIG),
	N(ENOEXEC), N(EBADF), N(ECHILD), N(EAGAIN), N(ENOMEM), N(EACCES),
	N(EFAULT), N(ENOTBLK), N(EBUSY), N(EEXIST), N(EXDEV), N(ENODEV),
	N(ENOTDIR), N(EISDIR), N(EINVAL), N(ENFILE), N(EMFILE), N(ENOTTY),
	N(ETXTBSY), N(EFBIG), N(ENOSPC), N(ESPIPE), N(EROFS), N(EMLINK),
	N(EPIPE), N(EDOM), N(ERANGE), N(EDEADLK), N(ENAMETOOLONG), N(ENOLCK),
	N(ENOSYS), N(ENOTEMPTY), N(ELOOP), N(ENOMSG), N(EIDRM), N(ENOSTR),
	N(ENODATA), N(ETIME), N(ENOSR), N(EREMOTE), N(ENOLINK), N(EPROTO),
	N(EBADMSG), N(EOVERFLOW), N(EILSEQ), N(EUSERS), N(ENOTSOCK),
	N(EDESTADDRREQ), N(EMSGSIZE), N(EPROTOTYPE), N(ENOPROTOOPT),
	N(EPROTONOSUPPORT), N(ESOCKTNOSUPPORT), N(EOPNOTSUPP), N(EPFNOSUPPORT),
	N(EAFNOSUPPORT), N(EADDRINUSE), N(EADDRNOTAVAIL), N(ENETDOWN),
	N(ENETUNREACH), N(ENETRESET), N(ECONNABORTED), N(ECONNRESET),
	N(ENOBUFS), N(EISCONN), N(ENOTCONN), N(ESHUTDOWN), N(ETOOMANYREFS),
	N(ETIMEDOUT), N(ECONNREFUSED), N(EHOSTDOWN), N(EHOSTUNREACH),
	N(EALREADY), N(EINPROGRESS), N(ESTALE), N(EDQUOT), N(ECANCELED),
	N(EOWNERDEAD), N(ENOTRECOVERABLE),
	N_END,
};

/* The kernel's restart codes are not in the UAPI headers (they never reach
 * user space except through a tracer), so they are written out here. */
const struct restart_name restart_names[] = {
	{ 512, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ 513, "ERESTARTNOINTR", "To be restarted" },
	{ 514, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ 516, "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	{ 0, NULL, NULL },
};

static const struct nameval signal_names[] = {
	N(SIGHUP), N(SIGINT), N(SIGQUIT), N(SIGILL), N(SIGTRAP), N(SIGABRT),
	N(SIGBUS), N(SIGFPE), N(SIGKILL), N(SIGUSR1), N(SIGSEGV), N(SIGUSR2),
	N(SIGPIPE), N(SIGALRM), N(SIGTERM), N(SIGSTKFLT), N(SIGCHLD),
	N(SIGCONT), N(SIGSTOP), N(SIGTSTP), N(SIGTTIN), N(SIGTTOU), N(SIGURG),
	N(SIGXCPU), N(SIGXFSZ), N(SIGVTALRM), N(SIGPROF), N(SIGWINCH),
	N(SIGIO), N(SIGPWR), N(SIGSYS),
	N_END,
};

/* "SIGSEGV", or the number for a signal without a name (0 prints "0"). */
const char *signame(int sig)
{
	static char other[16];
	const char *s = lookup(signal_names, (unsigned long)sig);
	if (s)
		return s;
	snprintf(other, sizeof other, "%d", sig);
	return other;
}

/* open(2) flags other than the access mode. O_SYNC and O_TMPFILE include
 * other bits, so they come before O_DSYNC and O_DIRECTORY. */
const struct nameval open_flags[] = {
	N(O_CREAT), N(O_EXCL), N(O_NOCTTY), N(O_TRUNC), N(O_APPEND),
	N(O_NONBLOCK), N(O_SYNC), N(O_DSYNC), N(O_ASYNC), N(O_DIRECT),
	N(O_LARGEFILE), N(O_TMPFILE), N(O_DIRECTORY), N(O_NOFOLLOW),
	N(O_NOATIME), N(O_CLOEXEC), N(O_PATH),
	N_END,
};

static const struct nameval open_modes[] = {
	N(O_RDONLY), N(O_WRONLY), N(O_RDWR),
	N_END,
};

/* v's bits under mask as one name from names, then the other bits as
 * flags (nothing more when there are none): O_RDONLY|O_CREAT. */
static void put_name_flags(struct sbuf *b, const struct nameval *names, unsigned long mask,
			   const struct nameval *flags, unsigned long v)
{
	put_name(b, names, (long)(v & mask));
	v &= ~mask;
	if (v) {
		sb_puts(b, "|");
		put_flags(b, flags, v, NULL);
	}
}

/* O_RDONLY|O_CREAT|...: the access mode is a number, the rest are bits. */
void put_open_flags(struct sbuf *b, unsigned long v)
{
	put_name_flags(b, open_modes, O_ACCMODE, open_flags, v);
}

static const struct nameval file_types[] = {
	N(S_IFREG), N(S_IFDIR), N(S_IFCHR), N(S_IFBLK), N(S_IFIFO),
	N(S_IFLNK), N(S_IFSOCK),
	N_END,
};

/* A mode: S_IFIFO|0644, or 0644 (0 for no bits). */
void put_mode(struct sbuf *b, unsigned long v)
{
	const char *type = lookup(file_types, v & S_IFMT);
	if (type) {
		sb_printf(b, "%s|", type);
		v &= ~(unsigned long)S_IFMT;
	}
	sb_printf(b, "%#lo", v);
}

const struct nameval prot_flags[] = {
	N(PROT_READ), N(PROT_WRITE), N(PROT_EXEC), N(PROT_GROWSDOWN), N(PROT_GROWSUP),
	N_END,
};

static const struct nameval map_types[] = {
	N(MAP_SHARED), N(MAP_PRIVATE), N(MAP_SHARED_VALIDATE),
	N_END,
};

static const struct nameval map_flags[] = {
	N(MAP_FIXED), N(MAP_ANONYMOUS), N(MAP_32BIT), N(MAP_GROWSDOWN),
	N(MAP_DENYWRITE), N(MAP_EXECUTABLE), N(MAP_LOCKED), N(MAP_NORESERVE),
	N(MAP_POPULATE), N(MAP_NONBLOCK), N(MAP_STACK), N(MAP_HUGETLB),
	N(MAP_SYNC), N(MAP_FIXED_NOREPLACE),
	N_END,
};

void put_map_flags(struct sbuf *b, unsigned long v)
{
	put_name_flags(b, map_types, MAP_TYPE, map_flags, v);
}

const struct nameval madvise_advice[] = {
	N(MADV_NORMAL), N(MADV_RANDOM), N(MADV_SEQUENTIAL), N(MADV_WILLNEED),
	N(MADV_DONTNEED), N(MADV_FREE), N(MADV_REMOVE), N(MADV_DONTFORK),
	N(MADV_DOFORK), N(MADV_MERGEABLE), N(MADV_UNMERGEABLE),
	N(MADV_HUGEPAGE), N(MADV_NOHUGEPAGE), N(MADV_DONTDUMP), N(MADV_DODUMP),
	N_END,
};

/* ---- System V IPC ---- */

static const struct nameval ipc_flags[] = {
	N(IPC_CREAT), N(IPC_EXCL), N(IPC_NOWAIT), N(SHM_HUGETLB),
	N_END,
};

/* IPC_CREAT|IPC_EXCL|0600: the flag bits by name, the permissions in octal. */
void put_ipc_flags(struct sbuf *b, unsigned long v)
{
	unsigned long mode = v & 0777;
	v &= ~0777ul;
	if (v) {
		put_flags(b, ipc_flags, v, NULL);
		if (mode)
			sb_printf(b, "|%#lo", mode);
	} else {
		sb_printf(b, "%#lo", mode);
	}
}

const struct nameval msg_flags_ipc[] = {
	N(IPC_NOWAIT), N(MSG_NOERROR), N(MSG_EXCEPT),
	N_END,
};

const struct nameval sem_flags[] = {
	N(IPC_NOWAIT), N(SEM_UNDO),
	N_END,
};

const struct nameval shm_flags[] = {
	N(SHM_RDONLY), N(SHM_RND), N(SHM_REMAP), N(SHM_EXEC),
	N_END,
};

/* musl's *_STAT values carry IPC_64; the tables hold them without it and
 * the printer says IPC_64| separately, as the call passes it. */
#define NC(x) { (unsigned long)(x) & ~(unsigned long)UAPI_IPC_64, #x }

const struct nameval msgctl_cmds[] = {
	NC(IPC_RMID), NC(IPC_SET), NC(IPC_STAT), NC(IPC_INFO), NC(MSG_STAT),
	NC(MSG_INFO), NC(MSG_STAT_ANY),
	N_END,
};

const struct nameval semctl_cmds[] = {
	NC(IPC_RMID), NC(IPC_SET), NC(IPC_STAT), NC(IPC_INFO), NC(GETPID),
	NC(GETVAL), NC(GETALL), NC(GETNCNT), NC(GETZCNT), NC(SETVAL),
	NC(SETALL), NC(SEM_STAT), NC(SEM_INFO), NC(SEM_STAT_ANY),
	N_END,
};

const struct nameval shmctl_cmds[] = {
	NC(IPC_RMID), NC(IPC_SET), NC(IPC_STAT), NC(IPC_INFO), NC(SHM_LOCK),
	NC(SHM_UNLOCK), NC(SHM_STAT), NC(SHM_INFO), NC(SHM_STAT_ANY),
	N_END,
};

void put_ipc_cmd(struct sbuf *b, const struct nameval *t, unsigned long v)
{
	if (v & UAPI_IPC_64) {
		sb_puts(b, "IPC_64|");
		v &= ~(unsigned long)UAPI_IPC_64;
	}
	put_name(b, t, (long)v);
}

/* ---- sockets ---- */

const struct nameval address_families[] = {
	N(AF_UNSPEC), N(AF_UNIX), N(AF_INET), N(AF_INET6), N(AF_NETLINK),
	N(AF_PACKET),
	N_END,
};

static const struct nameval socket_types[] = {
	N(SOCK_STREAM), N(SOCK_DGRAM), N(SOCK_RAW), N(SOCK_RDM),
	N(SOCK_SEQPACKET), N(SOCK_PACKET),
	N_END,
};

const struct nameval socket_type_flags[] = {
	N(SOCK_CLOEXEC), N(SOCK_NONBLOCK),
	N_END,
};

/* SOCK_STREAM|SOCK_CLOEXEC: the type in the low bits, then the flags. */
void put_socket_type(struct sbuf *b, unsigned long v)
{
	put_name_flags(b, socket_types, ~(unsigned long)(SOCK_CLOEXEC | SOCK_NONBLOCK),
		       socket_type_flags, v);
}

const struct nameval msg_flags[] = {
	N(MSG_OOB), N(MSG_PEEK), N(MSG_DONTROUTE), N(MSG_CTRUNC), N(MSG_PROXY),
	N(MSG_TRUNC), N(MSG_DONTWAIT), N(MSG_EOR), N(MSG_WAITALL), N(MSG_FIN),
	N(MSG_SYN), N(MSG_CONFIRM), N(MSG_RST), N(MSG_ERRQUEUE),
	N(MSG_NOSIGNAL), N(MSG_MORE), N(MSG_WAITFORONE), N(MSG_FASTOPEN),
	N(MSG_CMSG_CLOEXEC),
	N_END,
};

const struct nameval socket_levels[] = {
	N(SOL_SOCKET),
	N_END,
};

const struct nameval socket_options[] = {
	N(SO_DEBUG), N(SO_REUSEADDR), N(SO_TYPE), N(SO_ERROR), N(SO_DONTROUTE),
	N(SO_BROADCAST), N(SO_SNDBUF), N(SO_RCVBUF), N(SO_KEEPALIVE),
	N(SO_OOBINLINE), N(SO_LINGER), N(SO_PASSCRED), N(SO_PEERCRED),
	N(SO_RCVLOWAT), N(SO_SNDLOWAT), N(SO_RCVTIMEO), N(SO_SNDTIMEO),
	N(SO_ACCEPTCONN), N(SO_SNDBUFFORCE), N(SO_RCVBUFFORCE),
	N(SO_PROTOCOL), N(SO_DOMAIN),
	N_END,
};

const struct nameval shutdown_hows[] = {
	N(SHUT_RD), N(SHUT_WR), N(SHUT_RDWR),
	N_END,
};

/* ---- the rest ---- */

const struct nameval seek_whences[] = {
	N(SEEK_SET), N(SEEK_CUR), N(SEEK_END), N(SEEK_DATA), N(SEEK_HOLE),
	N_END,
};

const struct nameval fcntl_cmds[] = {
	N(F_DUPFD), N(F_GETFD), N(F_SETFD), N(F_GETFL), N(F_SETFL), N(F_GETLK),
	N(F_SETLK), N(F_SETLKW), N(F_SETOWN), N(F_GETOWN), N(F_DUPFD_CLOEXEC),
	N(F_OFD_GETLK), N(F_OFD_SETLK), N(F_OFD_SETLKW),
	N_END,
};

const struct nameval fd_flags[] = {
	N(FD_CLOEXEC),
	N_END,
};

const struct nameval ioctl_requests[] = {
	N(TCGETS), N(TCSETS), N(TCSETSW), N(TCSETSF), N(TIOCGWINSZ),
	N(TIOCSWINSZ), N(TIOCGPGRP), N(TIOCSPGRP), N(TIOCSCTTY), N(TIOCNOTTY),
	N(FIONREAD), N(FIONBIO), N(TCFLSH), N(TCXONC), N(TIOCGSID),
	N(TIOCGPTN), N(TIOCSPTLCK), N(TIOCGPTLCK), N(TIOCGPTPEER), N(TIOCPKT),
	N(TIOCGPKT), N(TIOCSIG), N(TIOCOUTQ), N(TIOCGDEV), N(TIOCEXCL), N(TIOCNXCL),
	N_END,
};

const struct nameval wait_options[] = {
	N(WNOHANG), N(WUNTRACED), N(WCONTINUED), N(__WNOTHREAD), N(__WALL),
	N(__WCLONE),
	N_END,
};

const struct nameval access_modes[] = {
	N(R_OK), N(W_OK), N(X_OK),
	N_END,
};

const struct nameval at_flags[] = {
	N(AT_SYMLINK_NOFOLLOW), N(AT_REMOVEDIR), N(AT_SYMLINK_FOLLOW),
	N(AT_NO_AUTOMOUNT), N(AT_EMPTY_PATH),
	N_END,
};

const struct nameval sigprocmask_hows[] = {
	N(SIG_BLOCK), N(SIG_UNBLOCK), N(SIG_SETMASK),
	N_END,
};

static const struct nameval clone_flags[] = {
	N(CLONE_VM), N(CLONE_FS), N(CLONE_FILES), N(CLONE_SIGHAND),
	N(CLONE_PIDFD), N(CLONE_PTRACE), N(CLONE_VFORK), N(CLONE_PARENT),
	N(CLONE_THREAD), N(CLONE_NEWNS), N(CLONE_SYSVSEM), N(CLONE_SETTLS),
	N(CLONE_PARENT_SETTID), N(CLONE_CHILD_CLEARTID), N(CLONE_DETACHED),
	N(CLONE_UNTRACED), N(CLONE_CHILD_SETTID),
	N_END,
};

/* CLONE_VM|...|SIGCHLD: the low byte is the exit signal. */
void put_clone_flags(struct sbuf *b, unsigned long v)
{
	unsigned long sig = v & CSIGNAL;
	v &= ~(unsigned long)CSIGNAL;
	if (v)
		put_flags(b, clone_flags, v, NULL);
	if (sig)
		sb_printf(b, "%s%s", v ? "|" : "", signame((int)sig));
	else if (!v)
		sb_puts(b, "0");
}

const struct nameval clock_ids[] = {
	N(CLOCK_REALTIME), N(CLOCK_MONOTONIC), N(CLOCK_PROCESS_CPUTIME_ID),
	N(CLOCK_THREAD_CPUTIME_ID), N(CLOCK_MONOTONIC_RAW), N(CLOCK_REALTIME_COARSE),
	N(CLOCK_MONOTONIC_COARSE), N(CLOCK_BOOTTIME), N(CLOCK_TAI),
	N_END,
};

const struct nameval flock_ops[] = {
	N(LOCK_SH), N(LOCK_EX), N(LOCK_NB), N(LOCK_UN),
	N_END,
};

const struct nameval ptrace_requests[] = {
	N(PTRACE_TRACEME), N(PTRACE_PEEKTEXT), N(PTRACE_PEEKDATA),
	N(PTRACE_PEEKUSER), N(PTRACE_POKETEXT), N(PTRACE_POKEDATA),
	N(PTRACE_POKEUSER), N(PTRACE_CONT), N(PTRACE_KILL),
	N(PTRACE_SINGLESTEP), N(PTRACE_GETREGS), N(PTRACE_SETREGS),
	N(PTRACE_GETFPREGS), N(PTRACE_SETFPREGS), N(PTRACE_ATTACH),
	N(PTRACE_DETACH), N(PTRACE_GETFPXREGS), N(PTRACE_SYSCALL),
	N(PTRACE_SETOPTIONS), N(PTRACE_GETEVENTMSG), N(PTRACE_GETSIGINFO),
	N(PTRACE_SEIZE), N(PTRACE_INTERRUPT), N(PTRACE_LISTEN),
	N_END,
};
