/* t_sys_admin - system calls of the machine's administrator that a
 * ramfs kernel has little to do for, differential against Linux 6.1 on
 * tmpfs: arch_prctl's CPUID options (no CPUID faulting: ENODEV) and its
 * EINVAL for the 64-bit ones, vhangup (EPERM without privilege),
 * quotactl (the type, Q_SYNC without a device, ENOTBLK for a path that is
 * no block device), quotactl_fd (ENOSYS: tmpfs has no quota in 6.1),
 * swapon and swapoff (flags, EPERM, the path's errors, EINVAL for a file
 * without a swap signature). The ramfs stands in for the host's tmpfs:
 * the paths are under /dev/shm on both. */
#include "check.h"

#define ARCH_SET_GS 0x1001
#define ARCH_GET_FS 0x1003
#define ARCH_GET_CPUID 0x1011
#define ARCH_SET_CPUID 0x1012
#define ARCH_GET_XCOMP_SUPP 0x1021
#define ARCH_MAP_VDSO_32 0x2002
#define Q(c, t) ((c) << 8 | (t))
#define Q_SYNC 0x800001
#define Q_GETQUOTA 0x800007
#define Q_QUOTAON 0x800002
#define SYS_quotactl_fd 443

static void arch(void)
{
	CHECK_EQ("ARCH_GET_CPUID: 1", syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0), 1);
	CHECK_SYSERR("ARCH_SET_CPUID 0: ENODEV", ENODEV, SYS_arch_prctl, ARCH_SET_CPUID, 0);
	CHECK_SYSERR("ARCH_SET_CPUID 1: ENODEV", ENODEV, SYS_arch_prctl, ARCH_SET_CPUID, 1);
	CHECK_SYSERR("ARCH_SET_GS: EINVAL", EINVAL, SYS_arch_prctl, ARCH_SET_GS, 0);
	CHECK_SYSERR("ARCH_GET_FS: EINVAL", EINVAL, SYS_arch_prctl, ARCH_GET_FS, 0);
	CHECK_SYSERR("ARCH_MAP_VDSO_32: EINVAL", EINVAL, SYS_arch_prctl, ARCH_MAP_VDSO_32, 0);
	CHECK_SYSERR("0x9999: EINVAL", EINVAL, SYS_arch_prctl, 0x9999, 0);
	CHECK_SYSERR("ARCH_GET_XCOMP_SUPP to NULL: EFAULT", EFAULT, SYS_arch_prctl, ARCH_GET_XCOMP_SUPP, 0);
	unsigned long long f = 0;
	CHECK_OK0("ARCH_GET_XCOMP_SUPP", syscall(SYS_arch_prctl, ARCH_GET_XCOMP_SUPP, &f));
	CHECK_EQ("x87 and SSE among them", f & 3, 3);
}

static void hangup(void)
{
	pid_t p = fork();
	if (p == 0) {
		setsid();
		CHECK_OK0("root without a terminal: 0", syscall(SYS_vhangup));
		setresuid(1000, 1000, 1000);
		CHECK_SYSERR("a user: EPERM", EPERM, SYS_vhangup);
		_exit(check_failed);
	}
	CHECK_EXIT("vhangup", wait_for(p), 0);
}

static void quota(void)
{
	int fd = open(P("f"), O_CREAT | O_RDWR, 0644);
	CHECK_SYSERR("type 3: EINVAL", EINVAL, SYS_quotactl, Q(Q_GETQUOTA, 3), tdir, 0, 0);
	CHECK_SYSERR("type 3 without a device: EINVAL", EINVAL, SYS_quotactl, Q(Q_SYNC, 3), 0, 0, 0);
	CHECK_OK0("Q_SYNC without a device", syscall(SYS_quotactl, Q(Q_SYNC, 0), 0, 0, 0));
	CHECK_SYSERR("Q_GETQUOTA without a device: ENODEV", ENODEV, SYS_quotactl, Q(Q_GETQUOTA, 0), 0, 0, 0);
	CHECK_SYSERR("a directory: ENOTBLK", ENOTBLK, SYS_quotactl, Q(Q_GETQUOTA, 0), tdir, 0, 0);
	CHECK_SYSERR("a file: ENOTBLK", ENOTBLK, SYS_quotactl, Q(Q_GETQUOTA, 0), P("f"), 0, 0);
	CHECK_SYSERR("/dev/null: ENOTBLK", ENOTBLK, SYS_quotactl, Q(Q_GETQUOTA, 1), "/dev/null", 0, 0);
	CHECK_SYSERR("Q_QUOTAON: ENOTBLK", ENOTBLK, SYS_quotactl, Q(Q_QUOTAON, 0), tdir, 0, P("f"));
	CHECK_SYSERR("an unknown command: ENOTBLK", ENOTBLK, SYS_quotactl, Q(0x12345, 0), tdir, 0, 0);
	CHECK_SYSERR("no such path: ENOENT", ENOENT, SYS_quotactl, Q(Q_GETQUOTA, 0), P("none"), 0, 0);
	CHECK_SYSERR("an empty path: ENOENT", ENOENT, SYS_quotactl, Q(Q_GETQUOTA, 0), "", 0, 0);
	CHECK_SYSERR("a bad pointer: EFAULT", EFAULT, SYS_quotactl, Q(Q_GETQUOTA, 0), (char *)1, 0, 0);
	CHECK_SYSERR("quotactl_fd: bad fd EBADF", EBADF, SYS_quotactl_fd, 99, Q(Q_SYNC, 0), 0, 0);
	CHECK_SYSERR("quotactl_fd: type 3 EINVAL", EINVAL, SYS_quotactl_fd, fd, Q(Q_SYNC, 3), 0, 0);
	CHECK_SYSERR("quotactl_fd on tmpfs: ENOSYS", ENOSYS, SYS_quotactl_fd, fd, Q(Q_GETQUOTA, 0), 0, 0);
}

static void swap(void)
{
	close(open(P("f"), O_CREAT | O_RDWR, 0644));
	put_file(P("g"), "not a swap area", 15);
	mkdir(P("d"), 0755);
	CHECK_SYSERR("swapon: unknown flags EINVAL", EINVAL, SYS_swapon, P("f"), 0x80000);
	CHECK_SYSERR("swapon: every flag, no signature: EINVAL", EINVAL, SYS_swapon, P("f"), 0x7ffff);
	CHECK_SYSERR("swapon: an empty file EINVAL", EINVAL, SYS_swapon, P("f"), 0);
	CHECK_SYSERR("swapon: text, no signature EINVAL", EINVAL, SYS_swapon, P("g"), 0);
	CHECK_SYSERR("swapon: /dev/null EINVAL", EINVAL, SYS_swapon, "/dev/null", 0);
	CHECK_SYSERR("swapon: a directory EISDIR", EISDIR, SYS_swapon, P("d"), 0);
	CHECK_SYSERR("swapon: no such file ENOENT", ENOENT, SYS_swapon, P("none"), 0);
	CHECK_SYSERR("swapon: empty path ENOENT", ENOENT, SYS_swapon, "", 0);
	CHECK_SYSERR("swapon: bad pointer EFAULT", EFAULT, SYS_swapon, (char *)1, 0);
	CHECK_SYSERR("swapoff: not a swap file EINVAL", EINVAL, SYS_swapoff, P("g"));
	CHECK_SYSERR("swapoff: a directory EISDIR", EISDIR, SYS_swapoff, P("d"));
	CHECK_SYSERR("swapoff: no such file ENOENT", ENOENT, SYS_swapoff, P("none"));
	pid_t p = fork();
	if (p == 0) {
		setresuid(1000, 1000, 1000);
		CHECK_SYSERR("swapon as a user: EPERM", EPERM, SYS_swapon, P("none"), 0);
		CHECK_SYSERR("flags come first: EINVAL", EINVAL, SYS_swapon, P("none"), 0x80000);
		CHECK_SYSERR("swapoff as a user: EPERM", EPERM, SYS_swapoff, P("none"));
		_exit(check_failed);
	}
	CHECK_EXIT("as a user", wait_for(p), 0);
}

int main(void)
{
	mkdir("/dev/shm", 01777);
	snprintf(tdir, sizeof tdir, "/dev/shm/t_sys_admin.d");
	rm_rf(tdir);
	mkdir(tdir, 0755);
	RUN(arch);
	RUN(hangup);
	RUN(quota);
	RUN(swap);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
