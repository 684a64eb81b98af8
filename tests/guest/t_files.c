/* t_files - differential test of file I/O: open flags, read/write/seek,
 * readv/writev, pread/pwrite, stat, descriptors (dup, fcntl), bad
 * pointers, unlinked-while-open and large files, truncate, utimensat,
 * statfs. Works in /tmp/t_files.d; prints nothing that depends on the
 * file system type (no blocks, devices, inode numbers). t_dirs covers
 * names: directories, links, permissions. */
#include "check.h"
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/un.h>

static void open_flags(void)
{
	struct stat st;
	int fd = open(P("f"), O_CREAT | O_WRONLY, 0644);
	CHECK_OK("open O_CREAT", fd);
	CHECK_EQ("write 5 bytes", write(fd, "hello", 5), 5);
	close(fd);
	CHECK_ERR("O_CREAT|O_EXCL on existing -> EEXIST",
		  open(P("f"), O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_ERR("open missing -> ENOENT", open(P("nope"), O_RDONLY), ENOENT);
	fd = open(P("f"), O_WRONLY | O_TRUNC);
	fstat(fd, &st);
	CHECK_EQ("O_TRUNC empties the file", st.st_size, 0);
	close(fd);
	mk("g", "abc");
	fd = open(P("g"), O_RDONLY | O_TRUNC);
	fstat(fd, &st);
	CHECK_EQ("O_RDONLY|O_TRUNC truncates too", st.st_size, 0);
	close(fd);
	mk("a", "ab");
	fd = open(P("a"), O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	write(fd, "cd", 2);
	CHECK_EQ("O_APPEND write moves offset to end", lseek(fd, 0, SEEK_CUR), 4);
	close(fd);
	CHECK_STR("O_APPEND content", content("a"), "abcd");
	CHECK_ERR("O_DIRECTORY on a file -> ENOTDIR",
		  open(P("f"), O_RDONLY | O_DIRECTORY), ENOTDIR);
	fd = open(tdir, O_RDONLY | O_DIRECTORY);
	CHECK_OK("O_DIRECTORY on a directory", fd);
	char c;
	CHECK_ERR("read on a directory -> EISDIR", read(fd, &c, 1), EISDIR);
	close(fd);
	CHECK_ERR("open dir O_WRONLY -> EISDIR", open(tdir, O_WRONLY), EISDIR);
	CHECK_ERR("open dir O_RDWR -> EISDIR", open(tdir, O_RDWR), EISDIR);
	CHECK_ERR("open dir O_CREAT -> EISDIR", open(tdir, O_CREAT | O_RDONLY, 0644), EISDIR);
	CHECK_ERR("file/ -> ENOTDIR", open(P("f/"), O_RDONLY), ENOTDIR);
	CHECK_ERR("O_CREAT new/ -> EISDIR", open(P("new/"), O_CREAT | O_WRONLY, 0644), EISDIR);
	CHECK_ERR("O_CREAT in missing dir -> ENOENT",
		  open(P("nodir/x"), O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK_ERR("O_CREAT through a file -> ENOTDIR",
		  open(P("f/x"), O_CREAT | O_WRONLY, 0644), ENOTDIR);

	fd = open(P("f"), O_RDONLY | O_CLOEXEC);
	CHECK_EQ("O_CLOEXEC sets FD_CLOEXEC", fcntl(fd, F_GETFD), FD_CLOEXEC);
	int fd2 = open(P("f"), O_RDONLY);
	CHECK_EQ("no O_CLOEXEC -> F_GETFD 0", fcntl(fd2, F_GETFD), 0);
	close(fd2);
	close(fd);
	fd2 = open(P("f"), O_RDONLY);
	CHECK_EQ("open returns the lowest free fd", fd2, fd);
	close(fd2);
	fd = open(P("f"), O_RDWR | O_NONBLOCK);
	CHECK_MODE("F_GETFL O_RDWR|O_NONBLOCK (+O_LARGEFILE)", fcntl(fd, F_GETFL),
		   O_RDWR | O_NONBLOCK | O_LARGEFILE);
	close(fd);
	fd = open(P("h"), O_CREAT | O_EXCL | O_TRUNC | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
	CHECK_MODE("F_GETFL drops O_CREAT/O_EXCL/O_TRUNC/O_CLOEXEC", fcntl(fd, F_GETFL),
		   O_WRONLY | O_APPEND | O_LARGEFILE);
	close(fd);

	int dfd = open(tdir, O_RDONLY | O_DIRECTORY);
	fd = openat(dfd, "at", O_CREAT | O_WRONLY, 0600);
	CHECK_OK("openat O_CREAT relative to dirfd", fd);
	close(fd);
	CHECK_OK0("openat created the file in dirfd", access(P("at"), F_OK));
	fd = open(P("f"), O_RDONLY);
	CHECK_ERR("openat with a file as dirfd -> ENOTDIR", openat(fd, "x", O_RDONLY), ENOTDIR);
	CHECK_ERR("openat bad dirfd -> EBADF", openat(1000, "x", O_RDONLY), EBADF);
	CHECK_OK("openat absolute path ignores dirfd", openat(1000, P("f"), O_RDONLY));
	chdir(tdir);
	CHECK_OK("openat AT_FDCWD relative", openat(AT_FDCWD, "f", O_RDONLY));
}

static void rw_seek(void)
{
	char buf[64];
	int fd = open(P("s"), O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK_EQ("write 10", write(fd, "0123456789", 10), 10);
	CHECK_EQ("offset after write", lseek(fd, 0, SEEK_CUR), 10);
	CHECK_EQ("SEEK_SET 2", lseek(fd, 2, SEEK_SET), 2);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("read 3", read(fd, buf, 3), 3);
	CHECK_STR("read 3 bytes at 2", buf, "234");
	CHECK_EQ("SEEK_CUR +1", lseek(fd, 1, SEEK_CUR), 6);
	CHECK_EQ("SEEK_END -3", lseek(fd, -3, SEEK_END), 7);
	CHECK_ERR("SEEK_SET -1 -> EINVAL", lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR("SEEK_CUR before 0 -> EINVAL", lseek(fd, -100, SEEK_CUR), EINVAL);
	CHECK_ERR("whence 7 -> EINVAL", lseek(fd, 0, 7), EINVAL);
	CHECK_EQ("offset kept after failed lseek", lseek(fd, 0, SEEK_CUR), 7);
	lseek(fd, 0, SEEK_END);
	CHECK_EQ("read at end of file -> 0", read(fd, buf, 5), 0);
	CHECK_EQ("read of 0 bytes -> 0", read(fd, buf, 0), 0);
	CHECK_EQ("write of 0 bytes -> 0", write(fd, buf, 0), 0);
	CHECK_EQ("seek past end", lseek(fd, 20, SEEK_SET), 20);
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("seek alone does not grow", st.st_size, 10);
	write(fd, "X", 1);
	fstat(fd, &st);
	CHECK_EQ("write past end grows", st.st_size, 21);
	memset(buf, 0x55, sizeof buf);
	CHECK_EQ("pread whole file", pread(fd, buf, sizeof buf, 0), 21);
	int zeros = 0;
	for (int i = 10; i < 20; i++)
		zeros += buf[i] == 0;
	CHECK_EQ("hole reads as zeros", zeros, 10);
	CHECK_EQ("byte after hole", buf[20], 'X');

	lseek(fd, 1, SEEK_SET);
	CHECK_EQ("pwrite 2 at 3", pwrite(fd, "ZZ", 2, 3), 2);
	CHECK_EQ("pwrite keeps offset", lseek(fd, 0, SEEK_CUR), 1);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("pread 2 at 3", pread(fd, buf, 2, 3), 2);
	CHECK_STR("pread sees pwrite", buf, "ZZ");
	CHECK_EQ("pread keeps offset", lseek(fd, 0, SEEK_CUR), 1);
	CHECK_ERR("pread negative offset -> EINVAL", pread(fd, buf, 2, -1), EINVAL);
	CHECK_EQ("pread at end -> 0", pread(fd, buf, 2, 100), 0);
	close(fd);

	fd = open(P("v"), O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct iovec w[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
	CHECK_EQ("writev 3 vectors", writev(fd, w, 3), 5);
	char x[3] = "", y[10] = "";
	struct iovec r[2] = { { x, 2 }, { y, 10 } };
	lseek(fd, 0, SEEK_SET);
	CHECK_EQ("readv 2 vectors", readv(fd, r, 2), 5);
	CHECK_STR("readv first vector", x, "ab");
	CHECK_STR("readv second vector", y, "cde");
	CHECK_ERR("readv iovcnt -1 -> EINVAL", readv(fd, r, -1), EINVAL);
	CHECK_EQ("readv iovcnt 0 -> 0", readv(fd, r, 0), 0);
	close(fd);

	fd = open(P("v"), O_WRONLY | O_APPEND);
	CHECK_EQ("pwrite on O_APPEND", pwrite(fd, "Q", 1, 0), 1);
	close(fd);
	CHECK_STR("pwrite on O_APPEND appends (Linux)", content("v"), "abcdeQ");
	fd = open(P("v"), O_WRONLY);
	CHECK_ERR("read on O_WRONLY -> EBADF", read(fd, buf, 1), EBADF);
	close(fd);
	fd = open(P("v"), O_RDONLY);
	CHECK_ERR("write on O_RDONLY -> EBADF", write(fd, "a", 1), EBADF);
	close(fd);
}

static void stats(void)
{
	struct stat st, st2;
	mk("f", "hello");
	CHECK_OK0("stat file", stat(P("f"), &st));
	CHECK_MODE("file mode", st.st_mode, S_IFREG | 0644);
	CHECK_EQ("file size", st.st_size, 5);
	CHECK_EQ("file nlink", st.st_nlink, 1);
	CHECK_EQ("file uid", st.st_uid, 0);
	CHECK_EQ("file gid", st.st_gid, 0);
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("fstat", fstat(fd, &st2));
	CHECK("fstat and stat give the same inode",
	      st.st_ino == st2.st_ino && st.st_dev == st2.st_dev && st2.st_size == 5);
	close(fd);
	time_t now = time(NULL);
	CHECK("mtime and ctime are now", labs((long)(st.st_mtime - now)) <= 2 &&
	      labs((long)(st.st_ctime - now)) <= 2);
	struct timespec old[2] = { { 1000, 0 }, { 1000, 0 } };
	utimensat(AT_FDCWD, P("f"), old, 0);
	fd = open(P("f"), O_WRONLY);
	write(fd, "x", 1);
	close(fd);
	stat(P("f"), &st);
	CHECK("write updates mtime", labs((long)(st.st_mtime - now)) <= 2);

	mkdir(P("d"), 0777);
	st = st_of(P("d"));
	CHECK_MODE("dir mode", st.st_mode, S_IFDIR | 0755);
	CHECK_EQ("new dir nlink", st.st_nlink, 2);
	mkdir(P("d/e"), 0777);
	CHECK_EQ("dir nlink with a subdir", st_of(P("d")).st_nlink, 3);
	rmdir(P("d/e"));
	CHECK_EQ("dir nlink after rmdir", st_of(P("d")).st_nlink, 2);

	symlink("f", P("l"));
	CHECK_OK0("lstat symlink", lstat(P("l"), &st));
	CHECK_MODE("symlink mode", st.st_mode, S_IFLNK | 0777);
	CHECK_EQ("symlink size is target length", st.st_size, 1);
	CHECK_OK0("stat follows symlink", stat(P("l"), &st));
	CHECK_MODE("followed mode", st.st_mode, S_IFREG | 0644);
	int dfd = open(tdir, O_RDONLY | O_DIRECTORY);
	CHECK_OK0("fstatat AT_SYMLINK_NOFOLLOW", fstatat(dfd, "l", &st, AT_SYMLINK_NOFOLLOW));
	CHECK_MODE("fstatat mode", st.st_mode, S_IFLNK | 0777);
	CHECK_ERR("stat missing -> ENOENT", stat(P("missing"), &st), ENOENT);
	CHECK_ERR("stat empty path -> ENOENT", stat("", &st), ENOENT);
	CHECK_OK0("stat /dev/null", stat("/dev/null", &st));
	CHECK("/dev/null is char 1,3", S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 &&
	      minor(st.st_rdev) == 3);
	CHECK_OK0("stat /dev/zero", stat("/dev/zero", &st));
	CHECK("/dev/zero is char 1,5", S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 &&
	      minor(st.st_rdev) == 5);
}

static void truncates(void)
{
	char buf[32];
	struct stat st;
	mk("f", "abc");
	CHECK_OK0("truncate grow", truncate(P("f"), 10));
	CHECK_EQ("grown size", st_of(P("f")).st_size, 10);
	int fd = open(P("f"), O_RDWR);
	memset(buf, 0x55, sizeof buf);
	read(fd, buf, sizeof buf);
	CHECK("grown bytes are zero", !memcmp(buf, "abc\0\0\0\0\0\0\0", 10));
	CHECK_OK0("truncate shrink", truncate(P("f"), 1));
	CHECK_OK0("ftruncate regrow", ftruncate(fd, 3));
	memset(buf, 0x55, sizeof buf);
	CHECK_EQ("pread regrown", pread(fd, buf, sizeof buf, 0), 3);
	CHECK("old data gone after shrink+grow", !memcmp(buf, "a\0\0", 3));
	lseek(fd, 8, SEEK_SET);
	ftruncate(fd, 2);
	CHECK_EQ("ftruncate keeps the offset", lseek(fd, 0, SEEK_CUR), 8);
	fstat(fd, &st);
	CHECK_EQ("ftruncate size", st.st_size, 2);
	CHECK_ERR("truncate negative -> EINVAL", truncate(P("f"), -1), EINVAL);
	CHECK_ERR("ftruncate negative -> EINVAL", ftruncate(fd, -1), EINVAL);
	CHECK_ERR("truncate dir -> EISDIR", truncate(tdir, 0), EISDIR);
	CHECK_ERR("truncate missing -> ENOENT", truncate(P("nope"), 0), ENOENT);
	close(fd);
	fd = open(P("f"), O_RDONLY);
	CHECK_ERR("ftruncate on O_RDONLY -> EINVAL", ftruncate(fd, 0), EINVAL);
	CHECK_ERR("ftruncate bad fd -> EBADF", ftruncate(1000, 0), EBADF);
}

static void utimes_case(void)
{
	struct stat st;
	mk("f", "");
	struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500000000 } };
	CHECK_OK0("utimensat", utimensat(AT_FDCWD, P("f"), ts, 0));
	stat(P("f"), &st);
	CHECK_EQ("atime set", st.st_atim.tv_sec, 1000000000);
	CHECK_EQ("mtime set", st.st_mtim.tv_sec, 1234567890);
	CHECK_EQ("mtime nsec set", st.st_mtim.tv_nsec, 500000000);
	time_t now = time(NULL);
	CHECK("ctime is now", labs((long)(st.st_ctime - now)) <= 2);
	struct timespec om[2] = { { 0, UTIME_OMIT }, { 1500000000, 0 } };
	utimensat(AT_FDCWD, P("f"), om, 0);
	stat(P("f"), &st);
	CHECK("UTIME_OMIT keeps atime", st.st_atim.tv_sec == 1000000000 &&
	      st.st_mtim.tv_sec == 1500000000);
	struct timespec nw[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	utimensat(AT_FDCWD, P("f"), nw, 0);
	stat(P("f"), &st);
	CHECK("UTIME_NOW sets now", labs((long)(st.st_mtime - now)) <= 2 &&
	      st.st_atim.tv_sec == 1000000000);
	utimensat(AT_FDCWD, P("f"), ts, 0);
	CHECK_OK0("utimensat NULL", utimensat(AT_FDCWD, P("f"), NULL, 0));
	stat(P("f"), &st);
	CHECK("NULL sets both to now", labs((long)(st.st_mtime - now)) <= 2 &&
	      labs((long)(st.st_atime - now)) <= 2);
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("futimens", futimens(fd, ts));
	CHECK_EQ("futimens mtime", st_of(P("f")).st_mtim.tv_sec, 1234567890);
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	CHECK_ERR("tv_nsec 1e9 -> EINVAL", utimensat(AT_FDCWD, P("f"), bad, 0), EINVAL);
	CHECK_ERR("utimensat missing -> ENOENT", utimensat(AT_FDCWD, P("nope"), ts, 0), ENOENT);
	mk("t", "");
	utimensat(AT_FDCWD, P("t"), om, 0);
	symlink("t", P("l"));
	CHECK_OK0("utimensat AT_SYMLINK_NOFOLLOW",
		  utimensat(AT_FDCWD, P("l"), ts, AT_SYMLINK_NOFOLLOW));
	CHECK("link changed, target not", st_of(P("l")).st_mtim.tv_sec == 1234567890 &&
	      st_of(P("t")).st_mtim.tv_sec == 1500000000);
}

static void descriptors(void)
{
	char buf[16];
	mk("f", "0123456789");
	mk("g", "gggg");
	int fd = open(P("f"), O_RDWR);
	int a = dup(fd);
	CHECK_OK("dup", a);
	close(a);
	CHECK_EQ("dup takes the lowest free fd", dup(fd), a);
	lseek(fd, 3, SEEK_SET);
	CHECK_EQ("dup shares the offset", lseek(a, 0, SEEK_CUR), 3);
	int c = open(P("f"), O_RDONLY | O_CLOEXEC);
	CHECK_EQ("dup clears FD_CLOEXEC", fcntl(dup(c), F_GETFD), 0);
	CHECK_EQ("dup2 same fd", dup2(fd, fd), fd);
	CHECK_EQ("dup2 to 50", dup2(c, 50), 50);
	CHECK_EQ("dup2 clears FD_CLOEXEC", fcntl(50, F_GETFD), 0);
	int g = open(P("g"), O_RDONLY);
	dup2(g, 50);
	memset(buf, 0, sizeof buf);
	read(50, buf, 4);
	CHECK_STR("dup2 replaces an open fd", buf, "gggg");
	CHECK_SYSERR("raw dup3 same fd -> EINVAL", EINVAL, SYS_dup3, fd, fd, 0);
	CHECK_EQ("dup3 O_CLOEXEC", dup3(fd, 51, O_CLOEXEC), 51);
	CHECK_EQ("dup3 sets FD_CLOEXEC", fcntl(51, F_GETFD), FD_CLOEXEC);
	CHECK_SYSERR("raw dup3 bad flags -> EINVAL", EINVAL, SYS_dup3, fd, 52, 0x40);
	CHECK_ERR("dup2 bad old -> EBADF", dup2(1000, 52), EBADF);
	CHECK_ERR("dup2 new -1 -> EBADF", dup2(fd, -1), EBADF);
	CHECK_ERR("dup2 new INT_MAX -> EBADF", dup2(fd, 0x7fffffff), EBADF);
	CHECK_EQ("F_DUPFD lowest >= 100", fcntl(fd, F_DUPFD, 100), 100);
	CHECK_EQ("F_DUPFD next", fcntl(fd, F_DUPFD, 100), 101);
	close(100);
	CHECK_EQ("F_DUPFD reuses", fcntl(fd, F_DUPFD, 100), 100);
	CHECK_EQ("F_DUPFD_CLOEXEC", fcntl(fd, F_DUPFD_CLOEXEC, 110), 110);
	CHECK_EQ("F_DUPFD_CLOEXEC flag", fcntl(110, F_GETFD), FD_CLOEXEC);
	CHECK_ERR("F_DUPFD -1 -> EINVAL", fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR("F_DUPFD INT_MAX -> EINVAL", fcntl(fd, F_DUPFD, 0x7fffffff), EINVAL);
	CHECK_OK0("F_SETFD", fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHECK_EQ("F_GETFD after F_SETFD", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("F_SETFD is per fd", fcntl(a, F_GETFD), 0);
	CHECK_OK0("F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND));
	lseek(fd, 0, SEEK_SET);
	write(fd, "A", 1);
	CHECK_STR("write after F_SETFL O_APPEND appends", content("f"), "0123456789A");
	CHECK("F_GETFL shows O_APPEND", fcntl(fd, F_GETFL) & O_APPEND);
	CHECK("F_SETFL flags shared with dup", fcntl(a, F_GETFL) & O_APPEND);
	fcntl(fd, F_SETFL, O_WRONLY | O_NONBLOCK);
	CHECK_EQ("F_SETFL cannot change access mode", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK("F_SETFL O_NONBLOCK", fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK("F_SETFL replaced O_APPEND", !(fcntl(fd, F_GETFL) & O_APPEND));
	close(g);
	CHECK_ERR("F_GETFD closed fd -> EBADF", fcntl(g, F_GETFD), EBADF);
	CHECK_ERR("close twice -> EBADF", close(g), EBADF);
	CHECK_ERR("fcntl bad cmd -> EINVAL", fcntl(fd, 9999), EINVAL);

	int r = open(P("f"), O_RDWR);
	CHECK_ERR("read into (void*)1 -> EFAULT", read(r, (void *)1, 10), EFAULT);
	CHECK_EQ("failed read keeps offset", lseek(r, 0, SEEK_CUR), 0);
	CHECK_ERR("write from 0xC0000000 -> EFAULT", write(r, (void *)0xC0000000, 10), EFAULT);
	CHECK_ERR("pread into 0xC0001000 -> EFAULT", pread(r, (void *)0xC0001000, 4, 0), EFAULT);
	struct iovec bad = { (void *)1, 4 };
	CHECK_ERR("readv bad buffer -> EFAULT", readv(r, &bad, 1), EFAULT);
	CHECK_ERR("readv bad iov array -> EFAULT", readv(r, (struct iovec *)1, 1), EFAULT);
	CHECK_SYSERR("fstat64 bad buffer -> EFAULT", EFAULT, SYS_fstat64, r, (void *)1);
	CHECK_STR("file unharmed", content("f"), "0123456789A");
	int z = open("/dev/zero", O_RDONLY);
	CHECK_ERR("read /dev/zero into NULL -> EFAULT", read(z, NULL, 4), EFAULT);
	CHECK_ERR("ioctl TCGETS on a file -> ENOTTY", ioctl(r, TCGETS, buf), ENOTTY);
}

static void unlinked_open(void)
{
	char buf[16] = "";
	struct stat st;
	mk("f", "still");
	int fd = open(P("f"), O_RDWR);
	CHECK_OK0("unlink open file", unlink(P("f")));
	CHECK_ERR("name is gone", stat(P("f"), &st), ENOENT);
	fstat(fd, &st);
	CHECK_EQ("fstat nlink 0", st.st_nlink, 0);
	CHECK_EQ("read after unlink", read(fd, buf, sizeof buf), 5);
	CHECK_STR("data after unlink", buf, "still");
	CHECK_EQ("write after unlink", write(fd, "here", 4), 4);
	memset(buf, 0, sizeof buf);
	pread(fd, buf, sizeof buf, 0);
	CHECK_STR("reread after unlink", buf, "stillhere");
	mk("f", "new");
	CHECK_STR("new file under the old name", content("f"), "new");
}

static unsigned char pattern(unsigned i)
{
	return (unsigned char)(i * 31 + i / 1000 + 7);
}

static void large(void)
{
	enum { SIZE = 300 * 1024 };
	static unsigned char buf[5000];
	unsigned long want = 0, got = 0, n = 0;
	int fd = open(P("big"), O_CREAT | O_RDWR | O_TRUNC, 0644);
	int ok = 1;
	for (unsigned off = 0; off < SIZE; ) {
		unsigned len = SIZE - off < 997 ? SIZE - off : 997;
		for (unsigned i = 0; i < len; i++)
			buf[i] = pattern(off + i);
		ok &= write(fd, buf, len) == (ssize_t)len;
		off += len;
	}
	CHECK("300 KiB written in 997-byte chunks", ok);
	CHECK_EQ("size", st_of(P("big")).st_size, SIZE);
	for (unsigned i = 0; i < SIZE; i++)
		want = (want * 33 + pattern(i)) % 1000000007;
	lseek(fd, 0, SEEK_SET);
	ssize_t r;
	while ((r = read(fd, buf, 4093)) > 0)
		for (ssize_t i = 0; i < r; i++, n++)
			got = (got * 33 + buf[i]) % 1000000007;
	CHECK_EQ("bytes read back", n, SIZE);
	CHECK_EQ("checksum read back in 4093-byte chunks", got, want);
	pread(fd, buf, 10, 200003);
	ok = 1;
	for (int i = 0; i < 10; i++)
		ok &= buf[i] == pattern(200003 + i);
	CHECK("pread in the middle", ok);
	close(fd);
}

static void statfss(void)
{
	struct statfs s;
	CHECK_OK0("statfs /", statfs("/", &s));
	CHECK_EQ("f_namelen", s.f_namelen, 255);
	int fd = open("/", O_RDONLY | O_DIRECTORY);
	CHECK_OK0("fstatfs", fstatfs(fd, &s));
	CHECK_ERR("statfs missing -> ENOENT", statfs(P("nope"), &s), ENOENT);
	sync();
	pass("sync returns");
}

/* O_DIRECT where Linux has no direct I/O (the host's and 6.1's devices,
 * FIFOs, directories, /proc): EINVAL after the file's own open, so a FIFO
 * opened for reading waits for its writer first, and a socket says ENXIO
 * (it cannot be opened at all). O_PATH ignores the flag. Regular files
 * differ (the host's /tmp may do direct I/O): t_open_direct_guest. */
static void o_direct(void)
{
	CHECK_ERR("/dev/null", open("/dev/null", O_RDWR | O_DIRECT), EINVAL);
	CHECK_ERR("a directory", open(tdir, O_RDONLY | O_DIRECT), EINVAL);
	CHECK_ERR("/proc/self/stat", open("/proc/self/stat", O_RDONLY | O_DIRECT), EINVAL);
	CHECK_OK0("mkfifo", mkfifo(P("fifo"), 0600));
	CHECK_ERR("a FIFO, O_NONBLOCK reader", open(P("fifo"), O_RDONLY | O_NONBLOCK | O_DIRECT), EINVAL);
	CHECK_ERR("a FIFO, O_NONBLOCK writer: no reader first", open(P("fifo"), O_WRONLY | O_NONBLOCK | O_DIRECT), ENXIO);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(P("fifo"), O_RDONLY | O_DIRECT);
		_exit(fd < 0 && errno == EINVAL ? 0 : 1);
	}
	int w = open(P("fifo"), O_WRONLY);
	CHECK_OK("the writer the reader waited for", w);
	int st = wait_for(pid);
	CHECK("then the reader's open fails with EINVAL", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("no reader left", write(w, "x", 1), EPIPE);
	close(w);
	int fd = open("/dev/null", O_PATH | O_DIRECT);
	CHECK_OK("O_PATH ignores O_DIRECT", fd);
	CHECK_EQ("F_GETFL without it", fcntl(fd, F_GETFL) & O_DIRECT, 0);
	close(fd);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof a.sun_path, "%s", P("sock"));
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("bind", bind(s, (struct sockaddr *)&a, sizeof a));
	CHECK_ERR("a socket: ENXIO", open(P("sock"), O_RDWR | O_DIRECT), ENXIO);
	close(s);
}

int main(void)
{
	umask(022);
	tdir_setup("t_files");
	RUN(open_flags);
	RUN(rw_seek);
	RUN(stats);
	RUN(truncates);
	RUN(utimes_case);
	RUN(descriptors);
	RUN(unlinked_open);
	RUN(large);
	RUN(statfss);
	RUN(o_direct);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
