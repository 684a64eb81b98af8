/* filter.c - which system calls strace shows: -e trace=SET (also -e
 * t=SET, --trace=SET, and -e SET alone). SET is [!]VALUE[,VALUE]...; a
 * VALUE is a call's name, "all", "none", or one of strace's classes,
 * %file %desc %ipc %network (%net) %signal %process %memory %creds
 * %clock, also spelled without the '%'. A '?' before a VALUE lets it
 * match nothing without an error. The last -e trace= wins, as in strace.
 * The classes hold the names strace's i386 table marks so (TF, TD, TI,
 * TN, TS, TP, TM, TC, TCL); the subcalls of socketcall and ipc count as
 * the calls they are, since main.c names them so. */
#include "strace.h"
#include "syscall_names.h"      /* generated from <asm/unistd_32.h> */
#include <stdlib.h>

struct call_class {
	const char *name, *calls;   /* calls: names separated by spaces */
};

static const struct call_class classes[] = {
	{ "file", "open creat link unlink execve chdir mknod chmod lchown oldstat mount umount "
	  "utime access rename mkdir rmdir acct umount2 chroot symlink oldlstat readlink uselib "
	  "swapon truncate statfs stat lstat swapoff quotactl chown getcwd truncate64 stat64 "
	  "lstat64 lchown32 chown32 pivot_root setxattr lsetxattr getxattr lgetxattr listxattr "
	  "llistxattr removexattr lremovexattr statfs64 utimes inotify_add_watch openat mkdirat "
	  "mknodat fchownat futimesat fstatat64 unlinkat renameat linkat symlinkat readlinkat "
	  "fchmodat faccessat utimensat fanotify_mark name_to_handle_at renameat2 execveat "
	  "statx utimensat_time64 open_tree move_mount fspick openat2 faccessat2 mount_setattr "
	  "fchmodat2" },
	{ "desc", "read write open close creat oldfstat lseek dup pipe ioctl fcntl dup2 select "
	  "readdir mmap ftruncate fchmod fchown fstatfs socketcall fstat fsync fchdir _llseek "
	  "getdents _newselect flock readv writev fdatasync poll pread64 pwrite64 sendfile "
	  "mmap2 ftruncate64 fstat64 fchown32 getdents64 fcntl64 readahead fsetxattr fgetxattr "
	  "flistxattr fremovexattr sendfile64 fadvise64 epoll_create epoll_ctl epoll_wait "
	  "fstatfs64 fadvise64_64 mq_open mq_timedsend mq_timedreceive mq_notify mq_getsetattr "
	  "inotify_init inotify_add_watch inotify_rm_watch openat mkdirat mknodat fchownat "
	  "futimesat fstatat64 unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat "
	  "pselect6 ppoll splice sync_file_range tee vmsplice epoll_pwait utimensat signalfd "
	  "timerfd_create eventfd fallocate timerfd_settime timerfd_gettime signalfd4 eventfd2 "
	  "epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev perf_event_open fanotify_init "
	  "fanotify_mark name_to_handle_at open_by_handle_at syncfs setns finit_module renameat2 "
	  "memfd_create bpf execveat userfaultfd copy_file_range preadv2 pwritev2 statx "
	  "timerfd_gettime64 timerfd_settime64 utimensat_time64 pselect6_time64 ppoll_time64 "
	  "mq_timedsend_time64 mq_timedreceive_time64 pidfd_send_signal io_uring_setup "
	  "io_uring_enter io_uring_register open_tree move_mount fsopen fsconfig fsmount fspick "
	  "pidfd_open close_range openat2 pidfd_getfd faccessat2 process_madvise epoll_pwait2 "
	  "mount_setattr landlock_create_ruleset landlock_add_rule landlock_restrict_self memfd_secret "
	  "fchmodat2" },
	{ "ipc", "ipc semget semctl shmget shmctl shmat shmdt msgget msgsnd msgrcv msgctl semop "
	  "semtimedop semtimedop_time64" },
	{ "network", "sendfile getpmsg putpmsg sendfile64 recvmmsg sendmmsg socket socketpair bind "
	  "connect listen accept accept4 getsockopt setsockopt getsockname getpeername send "
	  "sendto sendmsg recv recvfrom recvmsg shutdown recvmmsg_time64" },
	{ "signal", "pause kill signal sigaction sgetmask ssetmask sigsuspend sigpending sigreturn "
	  "sigprocmask rt_sigreturn rt_sigaction rt_sigprocmask rt_sigpending rt_sigtimedwait "
	  "rt_sigqueueinfo rt_sigsuspend sigaltstack tkill tgkill signalfd signalfd4 "
	  "rt_tgsigqueueinfo rt_sigtimedwait_time64 pidfd_send_signal" },
	{ "process", "exit fork waitpid execve kill wait4 clone vfork rt_sigqueueinfo tkill "
	  "exit_group waitid tgkill rt_tgsigqueueinfo execveat pidfd_send_signal clone3" },
	{ "memory", "break brk mmap munmap mprotect msync mlock munlock mlockall munlockall mremap "
	  "mmap2 mincore madvise io_setup io_destroy remap_file_pages mbind get_mempolicy "
	  "set_mempolicy migrate_pages move_pages mlock2 pkey_mprotect shmat shmdt" },
	{ "creds", "setuid getuid setgid getgid geteuid getegid setreuid setregid getgroups "
	  "setgroups setfsuid setfsgid setresuid getresuid setresgid getresgid prctl capget "
	  "capset getuid32 getgid32 geteuid32 getegid32 setreuid32 setregid32 getgroups32 "
	  "setgroups32 setresuid32 getresuid32 setresgid32 getresgid32 setuid32 setgid32 "
	  "setfsuid32 setfsgid32" },
	{ "clock", "time gettimeofday settimeofday adjtimex clock_settime clock_gettime "
	  "clock_getres clock_adjtime clock_gettime64 clock_settime64 clock_adjtime64 "
	  "clock_getres_time64" },
	{ NULL, NULL },
};

#define MAX_VALUES 64

/* The selection: everything (the default), or the names and classes
 * listed, or (negated) all but those. */
static int trace_all = 1, negated;
static const char *names[MAX_VALUES];
static const struct call_class *picked[MAX_VALUES];
static int nnames, npicked;

/* Is word one of the space-separated names in list? */
static int in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; *p; ) {
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, word, n))
			return 1;
		p += len + (p[len] == ' ');
	}
	return 0;
}

static int in_table(const char *const *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (t[i] && !strcmp(t[i], name))
			return 1;
	return 0;
}

/* A call strace knows by this name (a system call or a subcall). */
static int known_call(const char *name)
{
	return in_table(syscall_names, COUNT(syscall_names), name) ||
	       in_table(socketcall_names, COUNT(socketcall_names), name) ||
	       in_table(ipccall_names, COUNT(ipccall_names), name);
}

static const struct call_class *find_class(const char *name)
{
	if (!strcmp(name, "net"))
		name = "network";
	for (const struct call_class *c = classes; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* One VALUE of the set; 0, or -1 when it names nothing (and no '?'). */
static int add_value(char *v)
{
	int quiet = *v == '?';
	const struct call_class *c;
	v += quiet;
	if (!strcmp(v, "all")) {
		trace_all = 1;
	} else if (!strcmp(v, "none")) {
		trace_all = 0;
	} else if ((c = find_class(v + (*v == '%')))) {
		if (npicked < MAX_VALUES)
			picked[npicked++] = c;
	} else if (*v != '%' && known_call(v)) {
		if (nnames < MAX_VALUES)
			names[nnames++] = v;
	} else if (!quiet) {
		return -1;
	}
	return 0;
}

/* The argument of -e: "trace=SET", "t=SET" or SET alone. Exits with
 * strace's message for a name that is no call. */
void filter_parse(const char *arg)
{
	char *set = strdup(!strncmp(arg, "trace=", 6) ? arg + 6 : !strncmp(arg, "t=", 2) ? arg + 2 : arg);
	char *save = NULL, *v;
	if (!set)
		exit(1);
	trace_all = nnames = npicked = 0;
	negated = *set == '!';
	if (!set[negated]) {
		fprintf(stderr, "strace: invalid system call '%s'\n", set + negated);
		exit(1);
	}
	for (v = strtok_r(set + negated, ",", &save); v; v = strtok_r(NULL, ",", &save))
		if (add_value(v) < 0) {
			fprintf(stderr, "strace: invalid system call '%s'\n", v);
			exit(1);
		}
}

/* Is the call name (NULL: a number strace has no name for) shown? */
int filter_traced(const char *name)
{
	int in = trace_all;
	for (int i = 0; !in && name && i < nnames; i++)
		in = !strcmp(names[i], name);
	for (int i = 0; !in && name && i < npicked; i++)
		in = in_list(picked[i]->calls, name);
	return in != negated;
}
