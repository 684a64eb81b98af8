/* t_errors - differential sweep of bad inputs: bad descriptors (EBADF),
 * bad pointers (EFAULT, through raw system calls so libc cannot touch
 * them first), over-long paths and names (ENAMETOOLONG), file components
 * used as directories (ENOTDIR), unknown system calls (ENOSYS), ioctl on
 * a file (ENOTTY). */
#include "check.h"
#include <sys/ioctl.h>
#include <sys/uio.h>

#define KADDR ((void *)0xC0000000)
#define BAD ((void *)1)

static void bad_fd_sweep(int fd)
{
	char buf[8], n[64];
	struct stat st;
#define NAMED(what) (snprintf(n, sizeof n, "%s on fd %d -> EBADF", what, fd), n)
	CHECK_ERR(NAMED("read"), read(fd, buf, 1), EBADF);
	CHECK_ERR(NAMED("write"), write(fd, "x", 1), EBADF);
	CHECK_ERR(NAMED("close"), close(fd), EBADF);
	CHECK_ERR(NAMED("fstat"), fstat(fd, &st), EBADF);
	CHECK_SYSERR(NAMED("fstat64"), EBADF, SYS_fstat64, fd, &st);
	CHECK_ERR(NAMED("lseek"), lseek(fd, 0, SEEK_SET), EBADF);
	CHECK_ERR(NAMED("dup"), dup(fd), EBADF);
	CHECK_ERR(NAMED("fcntl F_GETFD"), fcntl(fd, F_GETFD), EBADF);
	CHECK_ERR(NAMED("fchdir"), fchdir(fd), EBADF);
	CHECK_ERR(NAMED("fchmod"), fchmod(fd, 0644), EBADF);
	CHECK_ERR(NAMED("ftruncate"), ftruncate(fd, 0), EBADF);
	CHECK_ERR(NAMED("pread"), pread(fd, buf, 1, 0), EBADF);
	CHECK_ERR(NAMED("ioctl"), ioctl(fd, TCGETS, buf), EBADF);
	CHECK_SYSERR(NAMED("getdents64"), EBADF, SYS_getdents64, fd, buf, sizeof buf);
	struct iovec v = { buf, 1 };
	CHECK_ERR(NAMED("readv"), readv(fd, &v, 1), EBADF);
#undef NAMED
}

static void bad_fds(void)
{
	bad_fd_sweep(-1);
	bad_fd_sweep(1000);
	int fd = open("/", O_RDONLY);
	close(fd);
	bad_fd_sweep(fd);
}

static void bad_pointers(void)
{
	char buf[64];
	put_file(P("f"), "x", 1);
	symlink("f", P("l"));
	CHECK_SYSERR("open((char*)1) -> EFAULT", EFAULT, SYS_open, BAD, O_RDONLY);
	CHECK_SYSERR("open(kernel half) -> EFAULT", EFAULT, SYS_open, KADDR, O_RDONLY);
	CHECK_SYSERR("open(NULL) -> EFAULT", EFAULT, SYS_open, NULL, O_RDONLY);
	CHECK_SYSERR("openat(NULL) -> EFAULT", EFAULT, SYS_openat, AT_FDCWD, NULL, O_RDONLY);
	CHECK_SYSERR("stat64 bad path -> EFAULT", EFAULT, SYS_stat64, BAD, buf);
	CHECK_SYSERR("stat64 bad buffer -> EFAULT", EFAULT, SYS_stat64, "/", BAD);
	CHECK_SYSERR("stat64 kernel-half buffer -> EFAULT", EFAULT, SYS_stat64, "/", KADDR);
	CHECK_SYSERR("lstat64 NULL path -> EFAULT", EFAULT, SYS_lstat64, NULL, buf);
	CHECK_SYSERR("mkdir bad path -> EFAULT", EFAULT, SYS_mkdir, BAD, 0755);
	CHECK_SYSERR("rmdir bad path -> EFAULT", EFAULT, SYS_rmdir, KADDR);
	CHECK_SYSERR("unlink bad path -> EFAULT", EFAULT, SYS_unlink, BAD);
	CHECK_SYSERR("chdir bad path -> EFAULT", EFAULT, SYS_chdir, BAD);
	CHECK_SYSERR("chdir NULL -> EFAULT", EFAULT, SYS_chdir, NULL);
	CHECK_SYSERR("access bad path -> EFAULT", EFAULT, SYS_access, KADDR, F_OK);
	CHECK_SYSERR("chmod bad path -> EFAULT", EFAULT, SYS_chmod, BAD, 0644);
	CHECK_SYSERR("rename bad old -> EFAULT", EFAULT, SYS_rename, BAD, P("x"));
	CHECK_SYSERR("rename bad new -> EFAULT", EFAULT, SYS_rename, P("f"), BAD);
	CHECK_SYSERR("link bad path -> EFAULT", EFAULT, SYS_link, P("f"), KADDR);
	CHECK_SYSERR("symlink bad target -> EFAULT", EFAULT, SYS_symlink, BAD, P("s"));
	CHECK_SYSERR("readlink bad buffer -> EFAULT", EFAULT, SYS_readlink, P("l"), BAD, 10);
	CHECK_SYSERR("getcwd bad buffer -> EFAULT", EFAULT, SYS_getcwd, BAD, 64);
	CHECK_SYSERR("uname bad buffer -> EFAULT", EFAULT, SYS_uname, BAD);
	CHECK_SYSERR("truncate64 bad path -> EFAULT", EFAULT, SYS_truncate64, BAD, 0, 0);
	CHECK_SYSERR("statfs64 bad buffer -> EFAULT", EFAULT, SYS_statfs64, "/", 84, BAD);
	CHECK_SYSERR("utimensat bad times -> EFAULT", EFAULT, SYS_utimensat, AT_FDCWD, P("f"),
		     BAD, 0);
	CHECK_SYSERR("execve bad path -> EFAULT", EFAULT, SYS_execve, BAD, NULL, NULL);
	CHECK_SYSERR("wait4 without children, bad rusage -> ECHILD", ECHILD, SYS_wait4, -1, NULL,
		     0, BAD);
	CHECK_OK0("the files are intact", access(P("f"), F_OK));
}

static void names(void)
{
	static char path[6000];
	struct stat st;
	memset(path, 'a', 5000);
	path[0] = '/';
	path[5000] = 0;
	CHECK_ERR("path of 5000 bytes -> ENAMETOOLONG", stat(path, &st), ENAMETOOLONG);
	path[4096] = 0;
	CHECK_ERR("path of 4096 bytes (no room for NUL) -> ENAMETOOLONG", stat(path, &st),
		  ENAMETOOLONG);
	CHECK_ERR("open of a 4096-byte path -> ENAMETOOLONG", open(path, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR("mkdir of a 4096-byte path -> ENAMETOOLONG", mkdir(path, 0755), ENAMETOOLONG);
	for (int i = 0; i < 4095; i += 2)
		path[i] = '/', path[i + 1] = '.';
	path[4095] = 0;
	path[4094] = '/';
	CHECK_OK0("path of 4095 bytes is fine", stat(path, &st));
	snprintf(path, sizeof path, "%s/", tdir);
	size_t l = strlen(path);
	memset(path + l, 'n', 256);
	path[l + 256] = 0;
	CHECK_ERR("name of 256 bytes -> ENAMETOOLONG", stat(path, &st), ENAMETOOLONG);
	CHECK_ERR("create a 256-byte name -> ENAMETOOLONG",
		  open(path, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	CHECK_ERR("mkdir a 256-byte name -> ENAMETOOLONG", mkdir(path, 0755), ENAMETOOLONG);
	path[l + 255] = 0;
	CHECK_ERR("name of 255 bytes: just ENOENT", stat(path, &st), ENOENT);
	int fd = open(path, O_CREAT | O_WRONLY, 0644);
	CHECK_OK("create a 255-byte name", fd);
	close(fd);
	CHECK_OK0("and find it", stat(path, &st));
	CHECK_OK0("unlink it", unlink(path));

	put_file(P("f"), "x", 1);
	CHECK_ERR("file as a directory -> ENOTDIR", stat(P("f/x"), &st), ENOTDIR);
	CHECK_ERR("file as a directory, deeper -> ENOTDIR", stat(P("f/x/y"), &st), ENOTDIR);
	CHECK_ERR("open file/. -> ENOTDIR", open(P("f/."), O_RDONLY), ENOTDIR);
	CHECK_ERR("missing dir in the middle -> ENOENT", stat(P("no/x"), &st), ENOENT);
	CHECK_ERR("empty path -> ENOENT", open("", O_RDONLY), ENOENT);
	CHECK_ERR("chdir empty path -> ENOENT", chdir(""), ENOENT);
	CHECK_OK0("//tmp///. is fine", stat("//tmp///.", &st));
	CHECK_OK0("/.. is /", stat("/..", &st));
}

static void unknown_syscalls(void)
{
	CHECK_ERR("syscall 500 -> ENOSYS", syscall(500), ENOSYS);
	CHECK_ERR("syscall 1000 -> ENOSYS", syscall(1000), ENOSYS);
	CHECK_ERR("syscall -1 -> ENOSYS", syscall(-1), ENOSYS);
	CHECK("the process survives", getpid() > 0);
}

static void ioctls(void)
{
	char buf[64];
	put_file(P("f"), "x", 1);
	int fd = open(P("f"), O_RDONLY);
	CHECK_ERR("ioctl TCGETS on a file -> ENOTTY", ioctl(fd, TCGETS, buf), ENOTTY);
	CHECK_ERR("ioctl TIOCGWINSZ on a file -> ENOTTY", ioctl(fd, TIOCGWINSZ, buf), ENOTTY);
	CHECK_EQ("isatty on a file", isatty(fd), 0);
	CHECK_EQ("isatty sets ENOTTY", errno, ENOTTY);
	int dfd = open("/", O_RDONLY);
	CHECK_ERR("ioctl TCGETS on a directory -> ENOTTY", ioctl(dfd, TCGETS, buf), ENOTTY);
	int nfd = open("/dev/null", O_RDWR);
	CHECK_ERR("ioctl TCGETS on /dev/null -> ENOTTY", ioctl(nfd, TCGETS, buf), ENOTTY);
}

static void misc_errors(void)
{
	char buf[8];
	put_file(P("f"), "x", 1);
	int fd = open(P("f"), O_RDONLY);
	CHECK_ERR("write to O_RDONLY -> EBADF", write(fd, "x", 1), EBADF);
	CHECK_ERR("open a dir with access mode 3 -> EISDIR", open("/", 3), EISDIR);
	CHECK_ERR("lseek bad whence -> EINVAL", lseek(fd, 0, 99), EINVAL);
	CHECK_EQ("read of 0 bytes into a bad pointer -> 0", read(fd, BAD, 0), 0);
	CHECK_EQ("write of 0 bytes from a bad pointer -> 0", write(1, BAD, 0), 0);
	CHECK_ERR("waitpid with no children -> ECHILD", waitpid(-1, NULL, 0), ECHILD);
	CHECK_ERR("readlink on / -> EINVAL", readlink("/", buf, sizeof buf), EINVAL);
	CHECK_ERR("rmdir / -> EBUSY", rmdir("/"), EBUSY);
	CHECK_ERR("rmdir /proc, a mount point -> EBUSY", rmdir("/proc"), EBUSY);
	CHECK_ERR("rename /proc, a mount point -> EBUSY", rename("/proc", "/proc.renamed"), EBUSY);
	mkdir(P("d"), 0755);
	CHECK_ERR("rename a directory onto /proc -> EBUSY", rename(P("d"), "/proc"), EBUSY);
	CHECK_ERR("unlink /proc -> EISDIR", unlink("/proc"), EISDIR);
	put_file(P("plain"), "x", 1);
	CHECK_ERR("rename /proc onto a file: ENOTDIR before EBUSY", rename("/proc", P("plain")), ENOTDIR);
	CHECK_ERR("rename into /proc: EXDEV", rename("/proc", "/proc/x"), EXDEV);
	CHECK_ERR("EXDEV before the name is looked up", rename(P("missing"), "/proc/x"), EXDEV);
	CHECK_EQ("/proc is still there", access("/proc/self/stat", R_OK), 0);
	CHECK_ERR("mkdir / -> EEXIST", mkdir("/", 0755), EEXIST);
	CHECK_ERR("link into a missing dir -> ENOENT", link(P("f"), P("no/f")), ENOENT);
	CHECK_ERR("dup2 to -1 -> EBADF", dup2(fd, -1), EBADF);
}

int main(void)
{
	umask(022);
	tdir_setup("t_errors");
	RUN(bad_fds);
	RUN(bad_pointers);
	RUN(names);
	RUN(unknown_syscalls);
	RUN(ioctls);
	RUN(misc_errors);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
