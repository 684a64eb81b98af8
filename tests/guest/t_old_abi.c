/* t_old_abi - differential test of the old i386 system calls Linux still
 * has, each called by number and compared with its modern form: signal,
 * sigaction, sigprocmask, sigpending, sigsuspend, sgetmask, ssetmask
 * (32-bit sets); stat, lstat, fstat, oldstat, oldlstat, oldfstat, statfs,
 * fstatfs (narrow structures); getdents and readdir (89); utime, utimes,
 * futimesat; olduname, oldolduname; stime (errors only: the host's clock
 * is not ours to set; t_old_abi_guest sets the guest's). */
#include "check.h"
#include <stddef.h>
#include <stdint.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/time.h>

#define BIT(sig) (1ull << ((sig) - 1))
#define RTSIG 40                        /* a real-time signal musl leaves alone */
#define BAD ((void *)8)                 /* an address nothing is mapped at */

/* i386 struct sigaction of the old call (asm/signal.h): mask before flags. */
struct old_sigaction {
	uint32_t handler, mask, flags, restorer;
};

/* rt_sigaction's view: handler, flags, restorer, 64-bit mask. */
struct k_sigaction {
	uint32_t handler, flags, restorer;
	uint64_t mask;
} __attribute__((packed));

static int rt_get(int sig, struct k_sigaction *ka)
{
	memset(ka, 0x55, sizeof *ka);
	return syscall(SYS_rt_sigaction, sig, NULL, ka, 8);
}

static uint64_t rt_blocked(void)
{
	uint64_t m = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

static void rt_setmask(uint64_t m)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

/* The flag bits a program set and Linux reports back (UAPI_SA_FLAGS less
 * SA_RESTORER, which musl adds). */
#define FLAGS(f) ((f) & (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | \
			 SA_RESTART | SA_NODEFER | SA_RESETHAND))

/* ---- signals ---- */

static volatile int hits;
static volatile uint32_t mask_in_handler;
static volatile uint64_t rt_mask_in_handler;

static void note(int sig)
{
	(void)sig;
	hits++;
	mask_in_handler = (uint32_t)syscall(SYS_sgetmask);
	rt_mask_in_handler = rt_blocked();
}

static void other(int sig)
{
	(void)sig;
}

static void sig_signal(void)
{
	struct k_sigaction ka;
	CHECK_EQ("signal: the old handler SIG_DFL", syscall(SYS_signal, SIGUSR1, note), (long)SIG_DFL);
	CHECK_EQ("signal: the old handler note", syscall(SYS_signal, SIGUSR1, note), (long)note);
	CHECK_OK0("signal: rt_sigaction reads it", rt_get(SIGUSR1, &ka));
	CHECK_EQ("signal: handler", ka.handler, (uint32_t)note);
	CHECK_EQ("signal: SA_RESETHAND|SA_NODEFER", FLAGS(ka.flags), SA_RESETHAND | SA_NODEFER);
	CHECK_EQ("signal: empty mask", ka.mask, 0);
	hits = 0;
	raise(SIGUSR1);
	CHECK_EQ("signal: the handler ran", hits, 1);
	CHECK_EQ("signal: not blocked while it ran (SA_NODEFER)", mask_in_handler & BIT(SIGUSR1), 0);
	CHECK_OK0("signal: rt_sigaction after", rt_get(SIGUSR1, &ka));
	CHECK_EQ("signal: reset to SIG_DFL", ka.handler, (uint32_t)SIG_DFL);
	CHECK_EQ("signal: SIG_IGN", syscall(SYS_signal, SIGUSR2, SIG_IGN), (long)SIG_DFL);
	CHECK_EQ("signal: SIG_IGN back", syscall(SYS_signal, SIGUSR2, SIG_DFL), (long)SIG_IGN);
	/* Ignoring a pending signal discards it. */
	rt_setmask(BIT(SIGUSR2));
	raise(SIGUSR2);
	uint32_t p = 0;
	syscall(SYS_sigpending, &p);
	CHECK_EQ("signal: SIGUSR2 pending", p & BIT(SIGUSR2), BIT(SIGUSR2));
	syscall(SYS_signal, SIGUSR2, SIG_IGN);
	syscall(SYS_sigpending, &p);
	CHECK_EQ("signal: SIG_IGN discards it", p & BIT(SIGUSR2), 0);
	rt_setmask(0);
	CHECK_SYSERR("signal: SIGKILL", EINVAL, SYS_signal, SIGKILL, note);
	CHECK_SYSERR("signal: SIGSTOP SIG_IGN", EINVAL, SYS_signal, SIGSTOP, SIG_IGN);
	CHECK_SYSERR("signal: 0", EINVAL, SYS_signal, 0, note);
	CHECK_SYSERR("signal: 65", EINVAL, SYS_signal, 65, note);
	CHECK_SYSERR("signal: -1", EINVAL, SYS_signal, -1, note);
}

static void sig_sigaction(void)
{
	struct old_sigaction act = { (uint32_t)note, BIT(SIGUSR2) | BIT(SIGKILL), SA_RESTART, 0 }, old;
	struct k_sigaction ka;
	CHECK_OK0("sigaction: set", syscall(SYS_sigaction, SIGUSR1, &act, NULL));
	CHECK_OK0("sigaction: rt view", rt_get(SIGUSR1, &ka));
	CHECK_EQ("sigaction: rt handler", ka.handler, (uint32_t)note);
	CHECK_EQ("sigaction: rt flags", FLAGS(ka.flags), SA_RESTART);
	CHECK_EQ("sigaction: rt mask, SIGKILL dropped", ka.mask, BIT(SIGUSR2));
	memset(&old, 0x55, sizeof old);
	CHECK_OK0("sigaction: read back", syscall(SYS_sigaction, SIGUSR1, NULL, &old));
	CHECK_EQ("sigaction: old handler", old.handler, (uint32_t)note);
	CHECK_EQ("sigaction: old mask", old.mask, BIT(SIGUSR2));
	CHECK_EQ("sigaction: old flags", FLAGS(old.flags), SA_RESTART);
	/* Delivery with that mask. */
	hits = 0;
	raise(SIGUSR1);
	CHECK_EQ("sigaction: the handler ran", hits, 1);
	CHECK_EQ("sigaction: sa_mask and the signal blocked in it",
		 mask_in_handler & (BIT(SIGUSR1) | BIT(SIGUSR2)), BIT(SIGUSR1) | BIT(SIGUSR2));
	CHECK_EQ("sigaction: handler kept", (rt_get(SIGUSR1, &ka), ka.handler), (uint32_t)note);
	/* A 64-bit mask set with rt_sigaction: the old call sees its low half,
	 * and a new old action clears the high half. */
	struct k_sigaction rt = { (uint32_t)other, SA_RESTORER | SA_SIGINFO, 0,
				  BIT(SIGUSR2) | BIT(RTSIG) };
	rt.restorer = 0x1234;
	syscall(SYS_rt_sigaction, SIGUSR1, &rt, NULL, 8);
	memset(&old, 0x55, sizeof old);
	act.mask = BIT(SIGHUP);
	act.flags = 0;
	CHECK_OK0("sigaction: exchange", syscall(SYS_sigaction, SIGUSR1, &act, &old));
	CHECK_EQ("sigaction: old handler of rt", old.handler, (uint32_t)other);
	CHECK_EQ("sigaction: old mask, the low half", old.mask, BIT(SIGUSR2));
	CHECK_EQ("sigaction: old flags of rt", FLAGS(old.flags), SA_SIGINFO);
	CHECK_EQ("sigaction: old SA_RESTORER", old.flags & SA_RESTORER, SA_RESTORER);
	CHECK_EQ("sigaction: old restorer", old.restorer, 0x1234);
	CHECK_OK0("sigaction: rt view 2", rt_get(SIGUSR1, &ka));
	CHECK_EQ("sigaction: high half cleared", ka.mask, BIT(SIGHUP));
	/* SIGKILL's action may be read, not set. */
	CHECK_OK0("sigaction: read SIGKILL", syscall(SYS_sigaction, SIGKILL, NULL, &old));
	CHECK_EQ("sigaction: SIGKILL SIG_DFL", old.handler, (uint32_t)SIG_DFL);
	CHECK_SYSERR("sigaction: set SIGKILL", EINVAL, SYS_sigaction, SIGKILL, &act, NULL);
	CHECK_SYSERR("sigaction: set SIGSTOP", EINVAL, SYS_sigaction, SIGSTOP, &act, &old);
	CHECK_SYSERR("sigaction: signal 0", EINVAL, SYS_sigaction, 0, NULL, &old);
	CHECK_SYSERR("sigaction: signal 65", EINVAL, SYS_sigaction, 65, &act, NULL);
	CHECK_SYSERR("sigaction: bad act", EFAULT, SYS_sigaction, SIGUSR2, BAD, NULL);
	CHECK_SYSERR("sigaction: bad act before bad signal", EFAULT, SYS_sigaction, 0, BAD, NULL);
	CHECK_SYSERR("sigaction: bad signal before bad oact", EINVAL, SYS_sigaction, 0, NULL, BAD);
	/* A bad oact fails after the change. */
	act.handler = (uint32_t)other;
	CHECK_SYSERR("sigaction: bad oact", EFAULT, SYS_sigaction, SIGUSR2, &act, BAD);
	CHECK_EQ("sigaction: changed all the same", (rt_get(SIGUSR2, &ka), ka.handler), (uint32_t)other);
	CHECK_SYSERR("rt_sigaction: bad act before bad signal", EFAULT, SYS_rt_sigaction, 0, BAD, NULL, 8);
}

static void sig_sigprocmask(void)
{
	uint32_t set = BIT(SIGUSR1) | BIT(SIGKILL), old = 0x55;
	rt_setmask(BIT(RTSIG));
	CHECK_OK0("sigprocmask: SIG_BLOCK", syscall(SYS_sigprocmask, SIG_BLOCK, &set, &old));
	CHECK_EQ("sigprocmask: old is the low half", old, 0);
	CHECK_EQ("sigprocmask: rt view, SIGKILL dropped", rt_blocked(), BIT(RTSIG) | BIT(SIGUSR1));
	set = BIT(SIGUSR2);
	CHECK_OK0("sigprocmask: SIG_SETMASK", syscall(SYS_sigprocmask, SIG_SETMASK, &set, &old));
	CHECK_EQ("sigprocmask: old", old, BIT(SIGUSR1));
	CHECK_EQ("sigprocmask: SETMASK keeps the real-time half", rt_blocked(), BIT(RTSIG) | BIT(SIGUSR2));
	set = BIT(SIGUSR2) | BIT(SIGHUP);
	CHECK_OK0("sigprocmask: SIG_UNBLOCK", syscall(SYS_sigprocmask, SIG_UNBLOCK, &set, NULL));
	CHECK_EQ("sigprocmask: unblocked", rt_blocked(), BIT(RTSIG));
	CHECK_OK0("sigprocmask: only read", syscall(SYS_sigprocmask, SIG_BLOCK, NULL, &old));
	CHECK_EQ("sigprocmask: read", old, 0);
	CHECK_OK0("sigprocmask: bad how, no set", syscall(SYS_sigprocmask, 99, NULL, &old));
	CHECK_SYSERR("sigprocmask: bad how", EINVAL, SYS_sigprocmask, 99, &set, &old);
	CHECK_SYSERR("sigprocmask: bad set", EFAULT, SYS_sigprocmask, SIG_BLOCK, BAD, NULL);
	CHECK_SYSERR("sigprocmask: bad set before bad how", EFAULT, SYS_sigprocmask, 99, BAD, NULL);
	set = BIT(SIGHUP);
	CHECK_SYSERR("sigprocmask: bad oset", EFAULT, SYS_sigprocmask, SIG_BLOCK, &set, BAD);
	CHECK_EQ("sigprocmask: blocked all the same", rt_blocked(), BIT(RTSIG) | BIT(SIGHUP));
	rt_setmask(0);
}

static void sig_pending(void)
{
	rt_setmask(BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(RTSIG));
	raise(SIGUSR1);
	raise(RTSIG);
	uint32_t p = 0x55;
	uint64_t rt = 0;
	CHECK_OK0("sigpending", syscall(SYS_sigpending, &p));
	CHECK_EQ("sigpending: the low half", p, BIT(SIGUSR1));
	CHECK_OK0("rt_sigpending", syscall(SYS_rt_sigpending, &rt, 8));
	CHECK_EQ("rt_sigpending: both", rt, BIT(SIGUSR1) | BIT(RTSIG));
	CHECK_SYSERR("sigpending: bad pointer", EFAULT, SYS_sigpending, BAD);
	CHECK_SYSERR("sigpending: NULL", EFAULT, SYS_sigpending, NULL);
	signal(SIGUSR1, SIG_IGN);
	signal(RTSIG, SIG_IGN);
}

static void sig_suspend(void)
{
	struct old_sigaction act = { (uint32_t)note, 0, 0, 0 };
	syscall(SYS_sigaction, SIGUSR1, &act, NULL);
	rt_setmask(BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(RTSIG));
	raise(SIGUSR1);
	hits = 0;
	/* The third argument is the mask itself, not a pointer. */
	CHECK_SYSERR("sigsuspend: EINTR", EINTR, SYS_sigsuspend, 0, 0, BIT(SIGUSR2));
	CHECK_EQ("sigsuspend: the handler ran", hits, 1);
	CHECK_EQ("sigsuspend: its mask in the handler", rt_mask_in_handler, BIT(SIGUSR1) | BIT(SIGUSR2));
	CHECK_EQ("sigsuspend: the mask restored", rt_blocked(), BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(RTSIG));
}

static void sig_getset(void)
{
	rt_setmask(BIT(SIGUSR1) | BIT(RTSIG));
	CHECK_EQ("sgetmask: the low half", syscall(SYS_sgetmask), BIT(SIGUSR1));
	CHECK_EQ("ssetmask: the old mask", syscall(SYS_ssetmask, BIT(SIGUSR2) | BIT(SIGKILL) | BIT(SIGSTOP)),
		 BIT(SIGUSR1));
	CHECK_EQ("ssetmask: rt view, the high half cleared", rt_blocked(), BIT(SIGUSR2));
	CHECK_EQ("sgetmask: after", syscall(SYS_sgetmask), BIT(SIGUSR2));
	CHECK_EQ("ssetmask: 0", syscall(SYS_ssetmask, 0), BIT(SIGUSR2));
	CHECK_EQ("ssetmask: nothing blocked", rt_blocked(), 0);
}

/* ---- stat and statfs ---- */

/* i386 struct stat (asm/stat.h) and struct __old_kernel_stat. */
struct stat32 {
	uint32_t st_dev, st_ino;
	uint16_t st_mode, st_nlink, st_uid, st_gid;
	uint32_t st_rdev, st_size, st_blksize, st_blocks;
	uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
	uint32_t unused4, unused5;
};

struct old_stat {
	uint16_t st_dev, st_ino, st_mode, st_nlink, st_uid, st_gid, st_rdev;
	uint32_t st_size, st_atime_, st_mtime_, st_ctime_;
};

static uint16_t low_id(unsigned id)
{
	return id > 0xffff ? 65534 : id;
}

/* The fields of a 32-bit struct stat that differ from the stat64 one, or
 * "" (and the same for the old one). */
static const char *stat32_diff(const struct stat32 *o, const struct stat *s)
{
	static char d[256];
	d[0] = 0;
#define D(f, ok) if (!(ok)) strcat(d, " " f)
	D("dev", o->st_dev == (uint32_t)s->st_dev);
	D("ino", o->st_ino == s->st_ino);
	D("mode", o->st_mode == s->st_mode);
	D("nlink", o->st_nlink == s->st_nlink);
	D("uid", o->st_uid == low_id(s->st_uid));
	D("gid", o->st_gid == low_id(s->st_gid));
	D("rdev", o->st_rdev == (uint32_t)s->st_rdev);
	D("size", o->st_size == s->st_size);
	D("blksize", o->st_blksize == (uint32_t)s->st_blksize);
	D("blocks", o->st_blocks == s->st_blocks);
	D("atime", o->st_atime_ == s->st_atim.tv_sec && (long)o->st_atime_nsec == s->st_atim.tv_nsec);
	D("mtime", o->st_mtime_ == s->st_mtim.tv_sec && (long)o->st_mtime_nsec == s->st_mtim.tv_nsec);
	D("ctime", o->st_ctime_ == s->st_ctim.tv_sec && (long)o->st_ctime_nsec == s->st_ctim.tv_nsec);
	D("padding", !o->unused4 && !o->unused5);
	return d;
}

static const char *old_stat_diff(const struct old_stat *o, const struct stat *s)
{
	static char d[256];
	d[0] = 0;
	D("dev", o->st_dev == (uint16_t)(major(s->st_dev) << 8 | minor(s->st_dev)));
	D("ino", o->st_ino == s->st_ino);
	D("mode", o->st_mode == s->st_mode);
	D("nlink", o->st_nlink == s->st_nlink);
	D("uid", o->st_uid == low_id(s->st_uid));
	D("gid", o->st_gid == low_id(s->st_gid));
	D("rdev", o->st_rdev == (uint16_t)(major(s->st_rdev) << 8 | minor(s->st_rdev)));
	D("size", o->st_size == s->st_size);
	D("times", o->st_atime_ == s->st_atim.tv_sec && o->st_mtime_ == s->st_mtim.tv_sec &&
		   o->st_ctime_ == s->st_ctim.tv_sec);
#undef D
	return d;
}

/* diff is "" when the fields agree: one line, "NAME: fields". */
#define CHECK_SAME(name, diff) do { \
	const char *d_ = (diff); \
	char n_[128]; \
	snprintf(n_, sizeof n_, "%s: fields", (name)); \
	if (!*d_) pass(n_); \
	else fail(n_, "differ in%s", d_); \
} while (0)

/* stat (106) or lstat (107) of path against lstat/stat from the C library. */
static void stat_path(const char *name, long nr, const char *path)
{
	struct stat s;
	struct stat32 o;
	memset(&o, 0x55, sizeof o);
	int r = nr == SYS_lstat ? lstat(path, &s) : stat(path, &s);
	CHECK_OK0(name, r == 0 ? syscall(nr, path, &o) : -1);
	CHECK_SAME(name, stat32_diff(&o, &s));
}

/* The old stat's answer for a file whose stat64 is s: an inode number
 * past 65535 (the host's disk) is EOVERFLOW, else the fields match. One
 * line either way, so the host's and the guest's outputs agree. */
static void old_stat_check(const char *name, long k, int err, const struct old_stat *o,
			   const struct stat *s)
{
	if (s->st_ino > 0xffff) {
		if (k == -1 && err == EOVERFLOW)
			pass(name);
		else
			fail(name, "got %ld (%s), expected EOVERFLOW", k, errname(err));
	} else if (k != 0)
		fail(name, "got %ld (%s), expected 0", k, errname(err));
	else if (*old_stat_diff(o, s))
		fail(name, "differs in%s", old_stat_diff(o, s));
	else
		pass(name);
}

/* The old stat (18) or lstat (84) of path. */
static void oldstat_path(const char *name, long nr, const char *path)
{
	struct stat s;
	struct old_stat o;
	memset(&o, 0x55, sizeof o);
	int r = nr == SYS_oldlstat ? lstat(path, &s) : stat(path, &s);
	errno = 0;
	long k = r == 0 ? syscall(nr, path, &o) : -2;
	old_stat_check(name, k, errno, &o, &s);
}

static void stat_calls(void)
{
	struct stat s;
	struct stat32 o;
	struct old_stat os;
	mk("f", "hello");
	mkdir(P("dir"), 0750);
	symlink("f", P("ln"));
	mkfifo(P("fifo"), 0600);
	stat_path("stat file", SYS_stat, P("f"));
	stat_path("stat dir", SYS_stat, P("dir"));
	stat_path("stat through a link", SYS_stat, P("ln"));
	stat_path("lstat link", SYS_lstat, P("ln"));
	stat_path("lstat fifo", SYS_lstat, P("fifo"));
	stat_path("stat /dev/null", SYS_stat, "/dev/null");
	stat_path("stat /", SYS_stat, "/");
	oldstat_path("oldstat file", SYS_oldstat, P("f"));
	oldstat_path("oldstat through a link", SYS_oldstat, P("ln"));
	oldstat_path("oldlstat link", SYS_oldlstat, P("ln"));
	oldstat_path("oldstat /dev/null", SYS_oldstat, "/dev/null");
	oldstat_path("oldstat /", SYS_oldstat, "/");
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("fstat", syscall(SYS_fstat, fd, &o));
	fstat(fd, &s);
	CHECK_SAME("fstat", stat32_diff(&o, &s));
	errno = 0;
	long k = syscall(SYS_oldfstat, fd, &os);
	old_stat_check("oldfstat", k, errno, &os, &s);
	int pfd = open(P("f"), O_PATH);
	CHECK_OK0("fstat of O_PATH", syscall(SYS_fstat, pfd, &o));
	CHECK_EQ("fstat of O_PATH: size", o.st_size, 5);
	/* Ids past 65535 show as the overflow id. */
	chown(P("f"), 70000, 70001);
	stat_path("stat: ids past 16 bits", SYS_stat, P("f"));
	syscall(SYS_stat, P("f"), &o);
	CHECK_EQ("stat: uid 65534", o.st_uid, 65534);
	CHECK_EQ("stat: gid 65534", o.st_gid, 65534);
	oldstat_path("oldstat: ids past 16 bits", SYS_oldstat, P("f"));
	/* A size past 2 GiB does not fit. */
	CHECK_OK0("ftruncate 3 GiB", ftruncate(fd = open(P("big"), O_RDWR | O_CREAT, 0644), 3ll << 30));
	CHECK_SYSERR("stat: 3 GiB", EOVERFLOW, SYS_stat, P("big"), &o);
	CHECK_SYSERR("fstat: 3 GiB", EOVERFLOW, SYS_fstat, fd, &o);
	CHECK_OK0("stat: 2 GiB - 1", ftruncate(fd, (2ll << 30) - 1) ?: syscall(SYS_stat, P("big"), &o));
	CHECK_EQ("stat: 2 GiB - 1 size", o.st_size, 0x7fffffff);
	CHECK_SYSERR("stat: 2 GiB", EOVERFLOW, SYS_lstat, (ftruncate(fd, 2ll << 30), P("big")), &o);
	/* Errors. */
	CHECK_SYSERR("stat: ENOENT", ENOENT, SYS_stat, P("none"), &o);
	CHECK_SYSERR("stat: ENOTDIR", ENOTDIR, SYS_stat, P("f/x"), &o);
	CHECK_SYSERR("stat: bad path", EFAULT, SYS_stat, BAD, &o);
	CHECK_SYSERR("stat: bad buffer", EFAULT, SYS_stat, P("f"), BAD);
	CHECK_SYSERR("lstat: bad buffer", EFAULT, SYS_lstat, P("ln"), BAD);
	CHECK_SYSERR("stat: ENOENT before bad buffer", ENOENT, SYS_stat, P("none"), BAD);
	CHECK_SYSERR("lstat: empty path", ENOENT, SYS_lstat, "", &o);
	CHECK_SYSERR("fstat: EBADF", EBADF, SYS_fstat, -1, &o);
	CHECK_SYSERR("fstat: EBADF 999", EBADF, SYS_fstat, 999, &o);
	CHECK_SYSERR("fstat: bad buffer", EFAULT, SYS_fstat, 0, BAD);
	CHECK_SYSERR("oldstat: ENOENT", ENOENT, SYS_oldstat, P("none"), &os);
	CHECK_SYSERR("oldstat: bad path", EFAULT, SYS_oldstat, BAD, &os);
	CHECK_SYSERR("oldlstat: ENOTDIR", ENOTDIR, SYS_oldlstat, P("f/x"), &os);
	CHECK_SYSERR("oldfstat: EBADF", EBADF, SYS_oldfstat, -1, &os);
}

/* i386 struct statfs (asm/statfs.h): 32-bit words. */
struct statfs32 {
	uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};

/* The fields that do not move while others use the disk. */
static const char *statfs_diff(const struct statfs32 *o, const struct statfs *s)
{
	static char d[256];
	d[0] = 0;
#define D(f, ok) if (!(ok)) strcat(d, " " f)
	D("type", o->f_type == (uint32_t)s->f_type);
	D("bsize", o->f_bsize == s->f_bsize);
	D("blocks", o->f_blocks == s->f_blocks);
	D("bfree", o->f_bfree <= o->f_blocks && o->f_bavail <= o->f_bfree);
	D("files", o->f_files == s->f_files);
	D("fsid", !memcmp(o->f_fsid, &s->f_fsid, 8));
	D("namelen", o->f_namelen == s->f_namelen);
	D("frsize", o->f_frsize == s->f_frsize);
	D("flags", o->f_flags == s->f_flags);
	D("spare", !o->f_spare[0] && !o->f_spare[1] && !o->f_spare[2] && !o->f_spare[3]);
#undef D
	return d;
}

static void statfs_calls(void)
{
	struct statfs s;
	struct statfs32 o;
	mk("f", "x");
	const char *paths[] = { tdir, "/proc", "/dev/null", P("f") };
	const char *names[] = { "statfs tdir", "statfs /proc", "statfs /dev/null", "statfs file" };
	for (int i = 0; i < 4; i++) {
		const char *name = names[i];
		memset(&o, 0x55, sizeof o);
		CHECK_OK0(name, statfs(paths[i], &s) ?: syscall(SYS_statfs, paths[i], &o));
		CHECK_SAME(name, statfs_diff(&o, &s));
	}
	int fd = open("/proc", O_RDONLY | O_DIRECTORY);
	memset(&o, 0x55, sizeof o);
	CHECK_OK0("fstatfs /proc", fstatfs(fd, &s) ?: syscall(SYS_fstatfs, fd, &o));
	CHECK_SAME("fstatfs /proc", statfs_diff(&o, &s));
	CHECK_EQ("fstatfs /proc: PROC_SUPER_MAGIC", o.f_type, 0x9fa0);
	fd = open(P("f"), O_PATH);
	CHECK_OK0("fstatfs O_PATH", syscall(SYS_fstatfs, fd, &o));
	CHECK_SYSERR("statfs: ENOENT", ENOENT, SYS_statfs, P("none"), &o);
	CHECK_SYSERR("statfs: ENOTDIR", ENOTDIR, SYS_statfs, P("f/"), &o);
	CHECK_SYSERR("statfs: bad path", EFAULT, SYS_statfs, BAD, &o);
	CHECK_SYSERR("statfs: bad buffer", EFAULT, SYS_statfs, P("f"), BAD);
	CHECK_SYSERR("fstatfs: EBADF", EBADF, SYS_fstatfs, -1, &o);
	CHECK_SYSERR("fstatfs: bad buffer", EFAULT, SYS_fstatfs, fd, BAD);
}

/* ---- getdents and readdir ---- */

struct ent {
	char name[256];
	uint64_t ino;
	int64_t off;
	unsigned type;
};

static struct ent ents[16];
static int nents;

/* The directory's entries through getdents64, from its start. */
static void read64(int fd)
{
	char buf[4096];
	nents = 0;
	lseek(fd, 0, SEEK_SET);
	long n;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		for (long at = 0; at < n && nents < 16; nents++) {
			struct dirent *d = (struct dirent *)(buf + at);
			snprintf(ents[nents].name, 256, "%s", d->d_name);
			ents[nents].ino = d->d_ino;
			ents[nents].off = d->d_off;
			ents[nents].type = d->d_type;
			at += d->d_reclen;
		}
	lseek(fd, 0, SEEK_SET);
}

/* getdents(2)'s struct linux_dirent: d_type is the record's last byte. */
struct linux_dirent {
	uint32_t d_ino, d_off;
	uint16_t d_reclen;
	char d_name[];
} __attribute__((packed));

static int make_dir(void)
{
	static char longname[201];
	memset(longname, 'n', 200);
	mkdir(P("d"), 0755);
	put_file(P("d/a"), "a", 1);
	mkdir(P("d/sub"), 0755);
	symlink("a", P("d/ln"));
	mkfifo(P("d/fifo"), 0600);
	char path[512];
	snprintf(path, sizeof path, "%s/%s", P("d"), longname);
	put_file(path, "", 0);
	return open(P("d"), O_RDONLY | O_DIRECTORY);
}

static void getdents_calls(void)
{
	int fd = make_dir();
	read64(fd);
	CHECK_EQ("getdents64: 7 entries", nents, 7);
	char buf[4096];
	long n = syscall(SYS_getdents, fd, buf, sizeof buf);
	CHECK("getdents: some bytes", n > 0);
	int i = 0, bad = 0;
	for (long at = 0; at < n; i++) {
		struct linux_dirent *d = (struct linux_dirent *)(buf + at);
		size_t len = strlen(d->d_name);
		unsigned want = (offsetof(struct linux_dirent, d_name) + len + 2 + 3) & ~3u;
		if (i >= nents || strcmp(d->d_name, ents[i].name) || d->d_ino != ents[i].ino ||
		    d->d_off != (uint32_t)ents[i].off || buf[at + d->d_reclen - 1] != (char)ents[i].type ||
		    d->d_reclen != want)
			bad++;
		at += d->d_reclen;
	}
	CHECK_EQ("getdents: as many entries as getdents64", i, nents);
	CHECK_EQ("getdents: names, inodes, offsets, types and lengths agree", bad, 0);
	CHECK_EQ("getdents: at the end", syscall(SYS_getdents, fd, buf, sizeof buf), 0);
	CHECK_EQ("getdents: last d_off is the offset", (uint32_t)ents[nents - 1].off,
		 (uint32_t)lseek(fd, 0, SEEK_CUR));
	/* One entry at a time: a buffer the size of the first record. */
	lseek(fd, 0, SEEK_SET);
	unsigned first = (offsetof(struct linux_dirent, d_name) + strlen(ents[0].name) + 2 + 3) & ~3u;
	CHECK_EQ("getdents: one record fits", syscall(SYS_getdents, fd, buf, first), first);
	CHECK_STR("getdents: the first", ((struct linux_dirent *)buf)->d_name, ents[0].name);
	CHECK_SYSERR("getdents: too small for one", EINVAL, SYS_getdents, fd, buf, 12);
	CHECK_SYSERR("getdents: count 0", EINVAL, SYS_getdents, fd, buf, 0);
	CHECK("getdents: the second next", syscall(SYS_getdents, fd, buf, sizeof buf) > 0 &&
	      !strcmp(((struct linux_dirent *)buf)->d_name, ents[1].name));
	/* A d_off can be sought to. */
	lseek(fd, ents[2].off, SEEK_SET);
	CHECK("getdents: from the second's d_off, the third", syscall(SYS_getdents, fd, buf, sizeof buf) > 0 &&
	      !strcmp(((struct linux_dirent *)buf)->d_name, ents[3].name));
	lseek(fd, 0, SEEK_SET);
	CHECK_SYSERR("getdents: EBADF", EBADF, SYS_getdents, -1, buf, sizeof buf);
	CHECK_SYSERR("getdents: ENOTDIR", ENOTDIR, SYS_getdents, open(P("d/a"), O_RDONLY), buf, sizeof buf);
	CHECK_SYSERR("getdents: O_PATH", EBADF, SYS_getdents, open(P("d"), O_PATH), buf, sizeof buf);
	CHECK_SYSERR("getdents: bad buffer", EFAULT, SYS_getdents, fd, BAD, sizeof buf);
}

/* readdir(2)'s struct old_linux_dirent. */
struct old_linux_dirent {
	uint32_t d_ino, d_offset;
	uint16_t d_namlen;
	char d_name[256];
} __attribute__((packed));

static void readdir_calls(void)
{
	int fd = make_dir();
	read64(fd);
	struct old_linux_dirent d;
	int i = 0, bad = 0, offs = 0;
	long r;
	for (;;) {
		off_t before = lseek(fd, 0, SEEK_CUR);
		memset(&d, 0x55, sizeof d);
		if ((r = syscall(SYS_readdir, fd, &d, 1)) != 1)
			break;
		if (i >= nents || strcmp(d.d_name, ents[i].name) || d.d_ino != ents[i].ino ||
		    d.d_namlen != strlen(ents[i].name))
			bad++;
		if (i > 0 && d.d_offset != (uint32_t)before)
			offs++;                 /* ext4 gives "." its hash, read at 0 */
		i++;
	}
	CHECK_EQ("readdir: the end is 0", r, 0);
	CHECK_EQ("readdir: one entry a call, as many as getdents64", i, nents);
	CHECK_EQ("readdir: names, inodes and lengths agree", bad, 0);
	CHECK_EQ("readdir: d_offset is where it was read (after the first)", offs, 0);
	CHECK_EQ("readdir: again the end", syscall(SYS_readdir, fd, &d, 1), 0);
	lseek(fd, 0, SEEK_SET);
	CHECK_EQ("readdir: count is not looked at", syscall(SYS_readdir, fd, &d, 0), 1);
	CHECK_SYSERR("readdir: bad buffer", EFAULT, SYS_readdir, fd, BAD, 1);
	CHECK_EQ("readdir: the entry stays for the next call",
		 (syscall(SYS_readdir, fd, &d, 1), strcmp(d.d_name, ents[1].name)), 0);
	CHECK_SYSERR("readdir: EBADF", EBADF, SYS_readdir, -1, &d, 1);
	CHECK_SYSERR("readdir: ENOTDIR", ENOTDIR, SYS_readdir, open(P("d/a"), O_RDONLY), &d, 1);
}

/* ---- utime, utimes, futimesat ---- */

static struct stat st_at(const char *rel)
{
	struct stat s;
	memset(&s, 0, sizeof s);
	stat(P(rel), &s);
	return s;
}

static void utime_calls(void)
{
	mk("f", "x");
	int32_t ub[2] = { 1000, 2000 };
	CHECK_OK0("utime", syscall(SYS_utime, P("f"), ub));
	struct stat s = st_at("f");
	CHECK("utime: atime 1000.0", s.st_atim.tv_sec == 1000 && s.st_atim.tv_nsec == 0);
	CHECK("utime: mtime 2000.0", s.st_mtim.tv_sec == 2000 && s.st_mtim.tv_nsec == 0);
	time_t t0 = time(NULL);
	CHECK_OK0("utime NULL", syscall(SYS_utime, P("f"), NULL));
	s = st_at("f");
	CHECK("utime NULL: now", s.st_mtim.tv_sec >= t0 - 1 && s.st_mtim.tv_sec <= time(NULL) + 1 &&
	      s.st_atim.tv_sec == s.st_mtim.tv_sec);
	int32_t tv[4] = { 3000, 500, 4000, 999999 };
	CHECK_OK0("utimes", syscall(SYS_utimes, P("f"), tv));
	s = st_at("f");
	CHECK("utimes: atime 3000.0005", s.st_atim.tv_sec == 3000 && s.st_atim.tv_nsec == 500000);
	CHECK("utimes: mtime 4000.999999", s.st_mtim.tv_sec == 4000 && s.st_mtim.tv_nsec == 999999000);
	int32_t neg[4] = { -5, 0, 5, 0 };
	CHECK_OK0("utimes: before 1970", syscall(SYS_utimes, P("f"), neg));
	CHECK_EQ("utimes: atime -5", st_at("f").st_atim.tv_sec, -5);
	int32_t big[4] = { 1, 1000000, 2, 0 }, minus[4] = { 1, 0, 2, -1 },
		now[4] = { 1, (1 << 30) - 1, 2, (1 << 30) - 2 };
	CHECK_SYSERR("utimes: usec 1000000", EINVAL, SYS_utimes, P("f"), big);
	CHECK_SYSERR("utimes: usec -1", EINVAL, SYS_utimes, P("f"), minus);
	CHECK_SYSERR("utimes: UTIME_NOW is no usec", EINVAL, SYS_utimes, P("f"), now);
	CHECK_SYSERR("utimes: EINVAL before ENOENT", EINVAL, SYS_utimes, P("none"), big);
	CHECK_SYSERR("utimes: bad times", EFAULT, SYS_utimes, P("f"), BAD);
	CHECK_SYSERR("utimes: ENOENT", ENOENT, SYS_utimes, P("none"), tv);
	CHECK_SYSERR("utime: bad times", EFAULT, SYS_utime, P("f"), BAD);
	CHECK_SYSERR("utime: bad path", EFAULT, SYS_utime, BAD, ub);
	CHECK_SYSERR("utime: ENOENT", ENOENT, SYS_utime, P("none"), NULL);
	/* futimesat: relative to a directory, or (no path) the file itself. */
	int dfd = open(tdir, O_RDONLY | O_DIRECTORY), fd = open(P("f"), O_RDONLY);
	int32_t tv2[4] = { 5000, 0, 6000, 1 };
	CHECK_OK0("futimesat", syscall(SYS_futimesat, dfd, "f", tv2));
	CHECK("futimesat: mtime 6000.000001", st_at("f").st_mtim.tv_sec == 6000 &&
	      st_at("f").st_mtim.tv_nsec == 1000);
	tv2[2] = 7000;
	CHECK_OK0("futimesat: fd, NULL path", syscall(SYS_futimesat, fd, NULL, tv2));
	CHECK_EQ("futimesat: fd's mtime 7000", st_at("f").st_mtim.tv_sec, 7000);
	CHECK_OK0("futimesat: absolute path, bad dirfd", syscall(SYS_futimesat, -7, P("f"), NULL));
	CHECK_SYSERR("futimesat: AT_FDCWD, NULL path", EFAULT, SYS_futimesat, AT_FDCWD, NULL, tv2);
	CHECK_SYSERR("futimesat: bad dirfd", EBADF, SYS_futimesat, -7, "f", tv2);
	CHECK_SYSERR("futimesat: a file as dirfd", ENOTDIR, SYS_futimesat, fd, "f", tv2);
	CHECK_SYSERR("futimesat: usec", EINVAL, SYS_futimesat, dfd, "f", big);
}

/* As kunitz: explicit times need the owner, "now" write permission. */
static void utime_not_owner(void)
{
	int32_t ub[2] = { 1, 2 }, tv[4] = { 1, 0, 2, 0 };
	CHECK_SYSERR("utime: not the owner", EPERM, SYS_utime, P("root"), ub);
	CHECK_SYSERR("utimes: not the owner", EPERM, SYS_utimes, P("root"), tv);
	CHECK_SYSERR("utime NULL: cannot write", EACCES, SYS_utime, P("root"), NULL);
	CHECK_SYSERR("utimes NULL: cannot write", EACCES, SYS_utimes, P("root"), NULL);
	CHECK_OK0("utime NULL: may write", syscall(SYS_utime, P("open"), NULL));
	CHECK_SYSERR("futimesat: not the owner", EPERM, SYS_futimesat, AT_FDCWD, P("open"), tv);
}

static void utime_perms(void)
{
	mk("root", "x");
	mk("open", "x");
	chmod(P("open"), 0666);
	as_uid1000(utime_not_owner);
}

/* ---- the machine: olduname, oldolduname, stime ---- */

struct oldold_utsname {
	char f[5][9];
};

struct old_utsname {
	char f[5][65];
};

static void uname_calls(void)
{
	struct utsname u;
	struct old_utsname o;
	struct oldold_utsname oo;
	uname(&u);
	const char *nf[5] = { u.sysname, u.nodename, u.release, u.version, u.machine };
	memset(&o, 0x55, sizeof o);
	CHECK_OK0("olduname", syscall(SYS_olduname, &o));
	int same = 1;
	for (int i = 0; i < 5; i++)
		same &= !memcmp(o.f[i], nf[i], 65);
	CHECK("olduname: uname's five fields", same);
	memset(&oo, 0x55, sizeof oo);
	CHECK_OK0("oldolduname", syscall(SYS_oldolduname, &oo));
	same = 1;
	for (int i = 0; i < 5; i++)
		same &= !strncmp(oo.f[i], nf[i], 8) && oo.f[i][8] == 0;
	CHECK("oldolduname: 8 bytes of each and a NUL", same);
	CHECK_SYSERR("olduname: NULL", EFAULT, SYS_olduname, NULL);
	CHECK_SYSERR("olduname: bad pointer", EFAULT, SYS_olduname, BAD);
	CHECK_SYSERR("oldolduname: NULL", EFAULT, SYS_oldolduname, NULL);
	CHECK_SYSERR("oldolduname: kernel address", EFAULT, SYS_oldolduname, (void *)0xc0000000);
}

static void stime_as_user(void)
{
	int32_t t = (int32_t)time(NULL);
	CHECK_SYSERR("stime: not root", EPERM, SYS_stime, &t);
	CHECK_SYSERR("stime: bad pointer before the permission", EFAULT, SYS_stime, BAD);
}

/* Only errors here: the host's clock is not the test's to set. */
static void stime_calls(void)
{
	CHECK_SYSERR("stime: bad pointer", EFAULT, SYS_stime, BAD);
	CHECK_SYSERR("stime: NULL", EFAULT, SYS_stime, NULL);
	as_uid1000(stime_as_user);
}

int main(void)
{
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	rt_setmask(0);
	tdir_setup("t_old_abi");
	RUN(sig_signal);
	RUN(sig_sigaction);
	RUN(sig_sigprocmask);
	RUN(sig_pending);
	RUN(sig_suspend);
	RUN(sig_getset);
	RUN(stat_calls);
	RUN(statfs_calls);
	RUN(getdents_calls);
	RUN(readdir_calls);
	RUN(utime_calls);
	RUN(utime_perms);
	RUN(uname_calls);
	RUN(stime_calls);
	return cases_failed ? 1 : 0;
}
