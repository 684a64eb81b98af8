/* t_opath - differential test of O_PATH descriptors: they name a place in
 * the tree without opening the file (no permission on it needed, a FIFO
 * does not block, O_NOFOLLOW holds the symlink itself), and serve only
 * fstat, fstatfs, fchdir, *at() directory arguments, dup, close and
 * fcntl's F_DUPFD/F_GETFD/F_SETFD/F_GETFL; every call that does I/O or
 * changes the file gets EBADF. */
#include "check.h"
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/xattr.h>

static void allowed(void)
{
	tdir_setup("t_opath");
	mk("f", "hello");
	int fd = open(P("f"), O_PATH);
	CHECK("open O_PATH", fd >= 0);
	CHECK_EQ("F_GETFL is O_PATH", fcntl(fd, F_GETFL), O_PATH);
	CHECK_EQ("F_GETFD", fcntl(fd, F_GETFD), 0);
	CHECK_OK0("F_SETFD", fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHECK_EQ("F_GETFD cloexec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	struct stat st;
	CHECK_OK0("fstat", fstat(fd, &st));
	CHECK_EQ("size 5", st.st_size, 5);
	struct statfs sf;
	CHECK_OK0("fstatfs", fstatfs(fd, &sf));
	CHECK_OK0("fstatat AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
	int d = dup(fd);
	CHECK("dup", d > fd);
	CHECK_EQ("dup keeps O_PATH", fcntl(d, F_GETFL), O_PATH);
	int d2 = fcntl(fd, F_DUPFD_CLOEXEC, 30);
	CHECK_EQ("F_DUPFD_CLOEXEC", d2, 30);
	CHECK_OK0("close dup", close(d));
	CHECK_OK0("close", close(fd));
	int flags = O_PATH | O_CLOEXEC | O_NOFOLLOW;
	fd = open(P("f"), flags | O_RDWR | O_TRUNC | O_APPEND | O_NONBLOCK);
	CHECK_EQ("other flags dropped", fcntl(fd, F_GETFL), O_PATH | O_NOFOLLOW);
	CHECK_EQ("O_TRUNC ignored", st_of(P("f")).st_size, 5);
	CHECK_ERR("O_CREAT ignored: ENOENT", open(P("new"), O_PATH | O_CREAT, 0644), ENOENT);
	CHECK_ERR("O_PATH|O_DIRECTORY on a file", open(P("f"), O_PATH | O_DIRECTORY), ENOTDIR);
}

static void dirs(void)
{
	tdir_setup("t_opath");
	CHECK_OK0("mkdir", mkdir(P("d"), 0755));
	put_file(P("d/in"), "in", 2);
	int dfd = open(P("d"), O_PATH | O_DIRECTORY);
	CHECK("open dir O_PATH", dfd >= 0);
	int fd = openat(dfd, "in", O_RDONLY);
	CHECK("openat through O_PATH dir", fd >= 0);
	char b[4] = {0};
	CHECK_EQ("read it", read(fd, b, 4), 2);
	CHECK_OK0("mkdirat", mkdirat(dfd, "sub", 0755));
	CHECK_OK0("unlinkat", unlinkat(dfd, "sub", AT_REMOVEDIR));
	CHECK_ERR("getdents64", syscall(SYS_getdents64, dfd, b, 4), EBADF);
	int dwr = open(P("d"), O_PATH | O_WRONLY);
	CHECK("O_PATH|O_WRONLY on a directory", dwr >= 0);
	CHECK_OK0("fchdir", fchdir(dfd));
	CHECK_EQ("now inside", access("in", F_OK), 0);
	int ffd = open(P("d/in"), O_PATH);
	CHECK_ERR("fchdir to a file", fchdir(ffd), ENOTDIR);
	CHECK_ERR("openat relative to a file", openat(ffd, "x", O_RDONLY), ENOTDIR);
}

static void refused(void)
{
	tdir_setup("t_opath");
	mk("f", "hello");
	int fd = open(P("f"), O_PATH);
	char b[8];
	struct iovec iov = { b, 8 };
	CHECK_ERR("read", read(fd, b, 8), EBADF);
	CHECK_ERR("write", write(fd, b, 1), EBADF);
	CHECK_ERR("pread", pread(fd, b, 8, 0), EBADF);
	CHECK_ERR("readv", readv(fd, &iov, 1), EBADF);
	CHECK_ERR("writev", writev(fd, &iov, 1), EBADF);
	CHECK_ERR("lseek", lseek(fd, 0, SEEK_SET), EBADF);
	int n;
	CHECK_ERR("ioctl FIONREAD", ioctl(fd, FIONREAD, &n), EBADF);
	CHECK("mmap", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EBADF);
	CHECK_SYSERR("fchmod", EBADF, SYS_fchmod, fd, 0600);   /* musl retries through /proc */
	CHECK_SYSERR("fchown", EBADF, SYS_fchown32, fd, 1, 1);
	CHECK_SYSERR("fchown16", EBADF, SYS_fchown, fd, 1, 1);
	CHECK_SYSERR("fcntl unknown command", EBADF, SYS_fcntl64, fd, 12345, 0);
	CHECK_ERR("ftruncate", ftruncate(fd, 0), EBADF);
	CHECK_ERR("fsync", fsync(fd), EBADF);
	CHECK_ERR("fdatasync", fdatasync(fd), EBADF);
	CHECK_ERR("flock", flock(fd, LOCK_SH), EBADF);
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	CHECK_ERR("F_SETLK", fcntl(fd, F_SETLK, &fl), EBADF);
	CHECK_ERR("F_GETLK", fcntl(fd, F_GETLK, &fl), EBADF);
	CHECK_ERR("F_SETFL", fcntl(fd, F_SETFL, O_NONBLOCK), EBADF);
	CHECK_ERR("F_SETOWN", fcntl(fd, F_SETOWN, getpid()), EBADF);
	CHECK_ERR("F_GETOWN", fcntl(fd, F_GETOWN), EBADF);
	CHECK_ERR("fgetxattr", fgetxattr(fd, "trusted.x", b, 8), EBADF);
	CHECK_ERR("futimens", futimens(fd, NULL), EBADF);
	struct pollfd p = { fd, POLLIN, 0 };
	CHECK_EQ("poll: POLLNVAL", poll(&p, 1, 0) == 1 && p.revents == POLLNVAL, 1);
	fd_set r, w, e;
	FD_ZERO(&r);
	FD_SET(fd, &r);
	w = e = r;
	struct timeval tv = { 0, 0 };
	CHECK_EQ("select: in every set (POLLNVAL)", select(fd + 1, &r, &w, &e, &tv), 3);
	CHECK_EQ("contents kept", st_of(P("f")).st_size, 5);
}

static void special_files(void)
{
	tdir_setup("t_opath");
	CHECK_OK0("mkfifo", mkfifo(P("fifo"), 0644));
	int fd = open(P("fifo"), O_PATH);
	CHECK("FIFO O_PATH does not block", fd >= 0);
	char b[4];
	CHECK_ERR("read FIFO", read(fd, b, 1), EBADF);
	CHECK_OK0("symlink", symlink("target", P("l")));
	mk("target", "tt");
	int lfd = open(P("l"), O_PATH | O_NOFOLLOW);
	CHECK("O_PATH|O_NOFOLLOW on a link", lfd >= 0);
	struct stat st;
	CHECK_OK0("fstat link", fstat(lfd, &st));
	CHECK("it is the link", S_ISLNK(st.st_mode));
	char t[16] = {0};
	CHECK_EQ("readlinkat(fd, \"\")", readlinkat(lfd, "", t, sizeof t), 6);
	CHECK_STR("link text", t, "target");
	int ffd = open(P("l"), O_PATH);
	CHECK_OK0("fstat followed", fstat(ffd, &st));
	CHECK("followed to the file", S_ISREG(st.st_mode));
	CHECK_ERR("O_NOFOLLOW without O_PATH", open(P("l"), O_RDONLY | O_NOFOLLOW), ELOOP);
	int dn = open("/dev/null", O_PATH);
	CHECK_ERR("/dev/null O_PATH: write", write(dn, "x", 1), EBADF);
}

static void no_permission_needed(void)
{
	CHECK("0000 file opens O_PATH", open(P("secret"), O_PATH) >= 0);
	CHECK_ERR("but not for reading", open(P("secret"), O_RDONLY), EACCES);
	CHECK_ERR("a closed directory still bars the way", open(P("closed/in"), O_PATH), EACCES);
}

static void permissions(void)
{
	tdir_setup("t_opath");
	mk("secret", "s");
	chmod(P("secret"), 0);
	mkdir(P("closed"), 0700);
	mk("closed/in", "i");
	as_uid1000(no_permission_needed);
}

int main(void)
{
	RUN(allowed);
	RUN(dirs);
	RUN(refused);
	RUN(special_files);
	RUN(permissions);
	return cases_failed ? 1 : 0;
}
