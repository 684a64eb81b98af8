/* t_fadvise - differential test of the advice and write-back calls on
 * open files: fadvise64_64 (posix_fadvise) and the older fadvise64,
 * readahead, sync_file_range and syncfs, on a regular file, a directory,
 * a pipe, a FIFO, a socket and /dev/null: which errno, in which order.
 * The 64-bit arguments go as i386 passes them, (lo, hi) pairs. */
#include "check.h"
#include <sys/socket.h>

#define LO(x) ((unsigned long)((unsigned long long)(x) & 0xffffffffu))
#define HI(x) ((unsigned long)((unsigned long long)(x) >> 32))

static long fadv64(int fd, long long off, long long len, int advice)
{
	return syscall(SYS_fadvise64_64, fd, LO(off), HI(off), LO(len), HI(len), advice);
}

static long fadv(int fd, long long off, unsigned len, int advice)
{
	return syscall(SYS_fadvise64, fd, LO(off), HI(off), len, advice);
}

static long rdahead(int fd, long long off, unsigned count)
{
	return syscall(SYS_readahead, fd, LO(off), HI(off), count);
}

static long sfr(int fd, long long off, long long n, unsigned flags)
{
	return syscall(SYS_sync_file_range, fd, LO(off), HI(off), LO(n), HI(n), flags);
}

static int file_fd(int flags)
{
	return open(P("f"), flags | O_CREAT, 0644);
}

static void fadvise_file(void)
{
	int fd = file_fd(O_RDWR);
	CHECK("write", write(fd, "0123456789", 10) == 10);
	static const char *names[] = { "NORMAL", "RANDOM", "SEQUENTIAL", "WILLNEED", "DONTNEED", "NOREUSE" };
	char name[64];
	for (int a = 0; a <= 5; a++) {
		snprintf(name, sizeof name, "fadvise64_64 %s", names[a]);
		CHECK_OK0(name, fadv64(fd, 0, 0, a));
	}
	CHECK_ERR("advice 6", fadv64(fd, 0, 0, 6), EINVAL);
	CHECK_ERR("advice 7", fadv64(fd, 0, 0, 7), EINVAL);
	CHECK_ERR("advice -1", fadv64(fd, 0, 0, -1), EINVAL);
	CHECK_ERR("negative len", fadv64(fd, 0, -1, POSIX_FADV_NORMAL), EINVAL);
	CHECK_OK0("negative offset taken", fadv64(fd, -4096, 4096, POSIX_FADV_WILLNEED));
	CHECK_OK0("huge len", fadv64(fd, 0, 0x7fffffffffffffffLL, POSIX_FADV_DONTNEED));
	CHECK_OK0("past the end", fadv64(fd, 1LL << 40, 100, POSIX_FADV_WILLNEED));
	CHECK_EQ("posix_fadvise", posix_fadvise(fd, 0, 10, POSIX_FADV_SEQUENTIAL), 0);
	CHECK_EQ("posix_fadvise, negative len", posix_fadvise(fd, 0, -5, POSIX_FADV_SEQUENTIAL), EINVAL);
	CHECK_EQ("posix_fadvise, bad advice", posix_fadvise(fd, 0, 10, 99), EINVAL);
	CHECK_OK0("fadvise64", fadv(fd, 0, 10, POSIX_FADV_RANDOM));
	CHECK_OK0("fadvise64, len 0xffffffff is not negative", fadv(fd, 0, 0xffffffffu, POSIX_FADV_RANDOM));
	CHECK_ERR("fadvise64, bad advice", fadv(fd, 0, 10, 8), EINVAL);
	close(fd);
	fd = file_fd(O_WRONLY);
	CHECK_OK0("write-only file", fadv64(fd, 0, 0, POSIX_FADV_WILLNEED));
	close(fd);
	CHECK_ERR("closed fd", fadv64(fd, 0, 0, POSIX_FADV_NORMAL), EBADF);
	CHECK_ERR("fd -1, bad advice", fadv64(-1, 0, 0, 99), EBADF);
	fd = open(P("f"), O_PATH);
	CHECK_ERR("O_PATH", fadv64(fd, 0, 0, POSIX_FADV_NORMAL), EBADF);
	close(fd);
}

static void fadvise_others(void)
{
	int p[2], s[2];
	CHECK_OK0("pipe", pipe(p));
	CHECK_ERR("pipe", fadv64(p[0], 0, 0, POSIX_FADV_NORMAL), ESPIPE);
	CHECK_ERR("pipe, bad advice", fadv64(p[1], 0, 0, 99), ESPIPE);
	CHECK_ERR("pipe, negative len", fadv64(p[1], 0, -1, 0), ESPIPE);
	CHECK_ERR("pipe, fadvise64", fadv(p[0], 0, 1, 0), ESPIPE);
	CHECK_OK0("mkfifo", mkfifo(P("fifo"), 0644));
	int ff = open(P("fifo"), O_RDWR);
	CHECK_ERR("FIFO", fadv64(ff, 0, 0, POSIX_FADV_NORMAL), ESPIPE);
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, s));
	CHECK_OK0("a socket takes advice", fadv64(s[0], 0, 0, POSIX_FADV_NORMAL));
	CHECK_ERR("a socket, bad advice", fadv64(s[0], 0, 0, 99), EINVAL);
	int d = open(P("."), O_RDONLY | O_DIRECTORY);
	CHECK_OK0("a directory", fadv64(d, 0, 0, POSIX_FADV_DONTNEED));
	int n = open("/dev/null", O_RDWR);
	CHECK_OK0("/dev/null", fadv64(n, 0, 0, POSIX_FADV_WILLNEED));
}

static void readahead_cases(void)
{
	int fd = file_fd(O_RDWR);
	CHECK("write", write(fd, "0123456789", 10) == 10);
	CHECK_OK0("read-write file", rdahead(fd, 0, 10));
	CHECK_OK0("count 0", rdahead(fd, 0, 0));
	CHECK_OK0("past the end", rdahead(fd, 1LL << 33, 4096));
	CHECK_OK0("huge count", rdahead(fd, 0, 0xffffffffu));
	close(fd);
	fd = file_fd(O_WRONLY);
	CHECK_ERR("write-only", rdahead(fd, 0, 10), EBADF);
	close(fd);
	CHECK_ERR("closed fd", rdahead(fd, 0, 10), EBADF);
	fd = open(P("f"), O_PATH);
	CHECK_ERR("O_PATH", rdahead(fd, 0, 10), EBADF);
	int p[2], s[2];
	pipe(p);
	CHECK_ERR("pipe", rdahead(p[0], 0, 10), EINVAL);
	CHECK_ERR("pipe's write end", rdahead(p[1], 0, 10), EBADF);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	CHECK_ERR("socket", rdahead(s[0], 0, 10), EINVAL);
	int d = open(P("."), O_RDONLY | O_DIRECTORY);
	CHECK_ERR("directory", rdahead(d, 0, 10), EINVAL);
	int n = open("/dev/null", O_RDONLY);
	CHECK_ERR("/dev/null", rdahead(n, 0, 10), EINVAL);
}

static void sync_file_range_cases(void)
{
	int fd = file_fd(O_RDWR);
	CHECK("write", write(fd, "0123456789", 10) == 10);
	char name[64];
	for (unsigned f = 0; f <= 7; f++) {
		snprintf(name, sizeof name, "flags %u", f);
		CHECK_OK0(name, sfr(fd, 0, 10, f));
	}
	CHECK_ERR("flags 8", sfr(fd, 0, 10, 8), EINVAL);
	CHECK_ERR("flags ~0", sfr(fd, 0, 10, ~0u), EINVAL);
	CHECK_ERR("negative offset", sfr(fd, -1, 10, 0), EINVAL);
	CHECK_ERR("negative nbytes, end below 0", sfr(fd, 5, -10, 0), EINVAL);
	CHECK_ERR("negative nbytes, end before offset", sfr(fd, 20, -10, 0), EINVAL);
	CHECK_ERR("end wraps", sfr(fd, 0x7fffffffffffff00LL, 0x200, 0), EINVAL);
	CHECK_OK0("nbytes 0: to the end", sfr(fd, 4, 0, SYNC_FILE_RANGE_WRITE));
	CHECK_OK0("past the end of the file", sfr(fd, 1 << 20, 4096, SYNC_FILE_RANGE_WRITE));
	close(fd);
	fd = file_fd(O_RDONLY);
	CHECK_OK0("read-only file", sfr(fd, 0, 10, SYNC_FILE_RANGE_WRITE));
	close(fd);
	CHECK_ERR("closed fd", sfr(fd, 0, 10, 0), EBADF);
	CHECK_ERR("closed fd, bad flags", sfr(fd, 0, 10, 99), EBADF);
	fd = open(P("f"), O_PATH);
	CHECK_ERR("O_PATH", sfr(fd, 0, 10, 0), EBADF);
	int p[2], s[2];
	pipe(p);
	CHECK_ERR("pipe", sfr(p[0], 0, 10, 0), ESPIPE);
	CHECK_ERR("pipe, bad flags first", sfr(p[0], 0, 10, 8), EINVAL);
	CHECK_ERR("pipe, negative offset first", sfr(p[1], -1, 10, 0), EINVAL);
	mkfifo(P("fifo"), 0644);
	int ff = open(P("fifo"), O_RDWR);
	CHECK_ERR("FIFO", sfr(ff, 0, 10, 0), ESPIPE);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	CHECK_ERR("socket", sfr(s[0], 0, 10, 0), ESPIPE);
	int n = open("/dev/null", O_RDWR);
	CHECK_ERR("/dev/null", sfr(n, 0, 10, 0), ESPIPE);
	int d = open(P("."), O_RDONLY | O_DIRECTORY);
	CHECK_OK0("directory", sfr(d, 0, 10, SYNC_FILE_RANGE_WAIT_AFTER));
	CHECK_OK0("sync_file_range (musl)", sync_file_range(d, 0, 0, 0));
}

static void syncfs_cases(void)
{
	int fd = file_fd(O_RDWR);
	CHECK_OK0("syncfs", syncfs(fd));
	close(fd);
	CHECK_ERR("closed fd", syncfs(fd), EBADF);
	CHECK_ERR("fd -1", syncfs(-1), EBADF);
	fd = open(P("f"), O_PATH);
	CHECK_ERR("O_PATH", syncfs(fd), EBADF);
	int p[2];
	pipe(p);
	CHECK_OK0("pipe", syncfs(p[1]));
	int d = open(P("."), O_RDONLY | O_DIRECTORY);
	CHECK_OK0("directory", syncfs(d));
}

int main(void)
{
	tdir_setup("t_fadvise");
	RUN(fadvise_file);
	RUN(fadvise_others);
	RUN(readahead_cases);
	RUN(sync_file_range_cases);
	RUN(syncfs_cases);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
