/* t_memfd - differential test of memfd_create(2) and file seals (fcntl
 * F_ADD_SEALS, F_GET_SEALS): the new file (mode 0777 whatever the umask,
 * no link, O_RDWR|O_LARGEFILE, its /proc/self/fd and maps name), the
 * flags and the errors of the call; reads, writes and shared mappings,
 * across fork and over a UNIX socket (SCM_RIGHTS, mapped by the
 * receiver); /proc/self/fd reopening the same file; every seal and what
 * it refuses (write, pwrite, writev, splice, O_APPEND, mmap, mprotect, ftruncate,
 * O_TRUNC, fallocate), with errno; the seals of other files; fallocate.
 * What Linux 6.1 and the host (a later Linux) do differently is in
 * t_memfd_guest. Inode numbers and addresses are compared, not printed. */
#include "check.h"
#include "unix_addr.h"
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>

#ifndef FALLOC_FL_ZERO_RANGE
#define FALLOC_FL_ZERO_RANGE 0x10
#endif
#define SEAL_UNKNOWN 0x40                   /* no seal on any Linux yet (0x20 is 6.3's F_SEAL_EXEC) */

static int memfd(const char *name, unsigned flags)
{
	return memfd_create(name, flags);
}

/* readlink of /proc/self/fd/fd into buf ("" on error). */
static const char *link_of(int fd, char *buf, size_t size)
{
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(p, buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

/* The same file opened again through /proc/self/fd/fd. */
static int reopen(int fd, int flags)
{
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	return open(p, flags);
}

static off_t size_of(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? st.st_size : -1;
}

static void create(void)
{
	umask(077);
	int fd = memfd("hello", 0);
	CHECK_OK("memfd_create", fd);
	struct stat st;
	CHECK_OK0("fstat", fstat(fd, &st));
	CHECK_MODE("mode 0777 whatever the umask", st.st_mode, S_IFREG | 0777);
	CHECK_EQ("no link", st.st_nlink, 0);
	CHECK_EQ("empty", st.st_size, 0);
	CHECK_EQ("no blocks", st.st_blocks, 0);
	CHECK("owned by the caller", st.st_uid == getuid() && st.st_gid == getgid());
	CHECK_EQ("F_GETFL: O_RDWR|O_LARGEFILE", fcntl(fd, F_GETFL), O_RDWR | O_LARGEFILE);
	CHECK_EQ("not close-on-exec", fcntl(fd, F_GETFD), 0);
	char buf[512];
	CHECK_STR("/proc/self/fd link", link_of(fd, buf, sizeof buf), "/memfd:hello (deleted)");
	int c = memfd("c", MFD_CLOEXEC);
	CHECK_EQ("MFD_CLOEXEC", fcntl(c, F_GETFD), FD_CLOEXEC);
	CHECK("the lowest free descriptor", c == fd + 1);
	close(c);
	int e = memfd("", 0);
	CHECK_STR("an empty name", link_of(e, buf, sizeof buf), "/memfd: (deleted)");
	int s = memfd("a/b c", 0);
	CHECK_STR("any bytes in a name", link_of(s, buf, sizeof buf), "/memfd:a/b c (deleted)");
	struct stat st2;
	fstat(s, &st2);
	CHECK("each its own inode", st2.st_ino != st.st_ino);
	char name[300];
	memset(name, 'n', sizeof name);
	name[249] = 0;
	int l = memfd(name, 0);
	CHECK_OK("a name of 249 bytes", l);
	CHECK_EQ("its link: 249 + 17 bytes", strlen(link_of(l, buf, sizeof buf)), 249 + 17);
	name[249] = 'n';
	name[250] = 0;
	CHECK_ERR("250 bytes: EINVAL", memfd(name, 0), EINVAL);
}

static void flags_errors(void)
{
	CHECK_ERR("an unknown flag: EINVAL", memfd("x", 0x100), EINVAL);
	CHECK_ERR("the top bit: EINVAL", memfd("x", 0x80000000u), EINVAL);
	CHECK_ERR("a huge page size without MFD_HUGETLB: EINVAL", memfd("x", 21u << 26), EINVAL);
	CHECK_ERR("NULL name: EFAULT", memfd(NULL, 0), EFAULT);
	CHECK_ERR("a bad pointer: EFAULT", memfd((const char *)BAD, 0), EFAULT);
	CHECK_ERR("a bad pointer and a bad flag: EINVAL first", memfd((const char *)BAD, 0x100), EINVAL);
	/* A name that runs into an unmapped page: EFAULT before its end,
	 * EINVAL when 250 bytes with no NUL came first. */
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	memset(p, 'z', 4096);
	CHECK_ERR("a name into an unmapped page: EFAULT", memfd(p + 4096 - 10, 0), EFAULT);
	CHECK_ERR("250 bytes then an unmapped page: EINVAL", memfd(p + 4096 - 250, 0), EINVAL);
	struct rlimit rl = { 3, 3 };
	setrlimit(RLIMIT_NOFILE, &rl);
	CHECK_ERR("no descriptor left: EMFILE", memfd("x", 0), EMFILE);
	CHECK_ERR("EINVAL before EMFILE", memfd("x", 0x100), EINVAL);
}

static void read_write(void)
{
	int fd = memfd("rw", 0);
	CHECK_EQ("write", write(fd, "hello, memfd", 12), 12);
	CHECK_EQ("size", size_of(fd), 12);
	char buf[32] = "";
	CHECK_EQ("pread", pread(fd, buf, sizeof buf, 0), 12);
	CHECK_STR("the bytes", buf, "hello, memfd");
	CHECK_EQ("lseek SEEK_END", lseek(fd, 0, SEEK_END), 12);
	CHECK_OK0("ftruncate 8192", ftruncate(fd, 8192));
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("size 8192", st.st_size, 8192);
	CHECK_EQ("one page of blocks", st.st_blocks, 8);
	CHECK_EQ("st_blksize", st.st_blksize, 4096);
	CHECK_EQ("pwrite at 5000", pwrite(fd, "x", 1, 5000), 1);
	fstat(fd, &st);
	CHECK_EQ("two pages of blocks", st.st_blocks, 16);
	CHECK_EQ("a hole reads as zeros", pread(fd, buf, 4, 4096) == 4 && !buf[0] && !buf[3], 1);
}

static void mmap_share(void)
{
	int fd = memfd("map", 0);
	ftruncate(fd, 8192);
	char *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *b = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("two shared mappings", a != MAP_FAILED && b != MAP_FAILED && a != b);
	if (a == MAP_FAILED || b == MAP_FAILED)
		return;
	strcpy(a + 4096, "through a");
	CHECK_STR("seen through b", b + 4096, "through a");
	char buf[16] = "";
	pread(fd, buf, 9, 4096);
	CHECK_STR("and by read", buf, "through a");
	pwrite(fd, "by pwrite", 10, 100);
	CHECK_STR("a write shows in the mapping", a + 100, "by pwrite");
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	strcpy(p, "private");
	CHECK("a private copy stays private", a[0] == 0 && pread(fd, buf, 1, 0) == 1 && buf[0] == 0);
	close(fd);
	strcpy(a, "after close");
	CHECK_STR("the mapping keeps the file", b, "after close");
}

static void fork_share(void)
{
	int fd = memfd("fork", 0);
	ftruncate(fd, 4096);
	char *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (a == MAP_FAILED) {
		fail("mmap", "%s", errname(errno));
		return;
	}
	strcpy(a, "from the parent");
	pid_t pid = fork();
	if (pid == 0) {
		int ok = !strcmp(a, "from the parent");
		strcpy(a + 100, "from the child's mapping");
		pwrite(fd, "from the child's fd", 20, 200);
		_exit(ok ? 0 : 1);
	}
	CHECK_EXIT("the child saw the parent's bytes", wait_for(pid), 0);
	CHECK_STR("the parent sees the child's mapping", a + 100, "from the child's mapping");
	CHECK_STR("and its write", a + 200, "from the child's fd");
}

/* One descriptor received from sock with its message; -1 when none. */
static int recv_fd(int sock, char *buf, size_t len)
{
	union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
			    .msg_controllen = sizeof ctl.b };
	memset(buf, 0, len);
	if (recvmsg(sock, &m, 0) < 0)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

/* The receiver of scm_rights: maps the first memfd and answers through
 * it, then checks the sealed one it gets next. */
static void receiver(int sock)
{
	char msg[16], buf[512];
	int fd = recv_fd(sock, msg, sizeof msg);
	CHECK("child: received a descriptor", fd >= 0);
	CHECK_STR("child: its name", link_of(fd, buf, sizeof buf), "/memfd:scm (deleted)");
	CHECK_EQ("child: its size", size_of(fd), 8192);
	CHECK_EQ("child: no seals yet", fcntl(fd, F_GET_SEALS), 0);
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("child: mmap MAP_SHARED", p != MAP_FAILED);
	if (p == MAP_FAILED)
		_exit(1);
	CHECK_STR("child: the sender's bytes", p, "request");
	strcpy(p + 4096, "answer");
	write(sock, "a", 1);
	munmap(p, 8192);
	close(fd);

	fd = recv_fd(sock, msg, sizeof msg);
	CHECK("child: the sealed one", fd >= 0);
	CHECK_EQ("child: its seals", fcntl(fd, F_GET_SEALS),
		 F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE);
	CHECK_ERR("child: write: EPERM", write(fd, "x", 1), EPERM);
	CHECK_ERR("child: shrink: EPERM", ftruncate(fd, 0), EPERM);
	CHECK_ERR("child: grow: EPERM", ftruncate(fd, 1 << 20), EPERM);
	CHECK_ERR("child: a writable shared mapping: EPERM",
		  mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM);
	CHECK_ERR("child: no seal can be taken off or added: EPERM", fcntl(fd, F_ADD_SEALS, 0), EPERM);
	p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	CHECK("child: a read-only shared mapping", p != MAP_FAILED);
	if (p == MAP_FAILED)
		_exit(1);
	CHECK_ERR("child: which cannot be made writable: EACCES", mprotect(p, 8192, PROT_READ | PROT_WRITE), EACCES);
	write(sock, "b", 1);
	read(sock, msg, 1);
	CHECK_STR("child: sees what the sender writes still", p, "updated");
	_exit(check_failed ? 1 : 0);
}

static void scm_rights(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		receiver(sv[1]);
	}
	close(sv[1]);
	int fd = memfd("scm", MFD_ALLOW_SEALING);
	ftruncate(fd, 8192);
	char *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (a == MAP_FAILED) {
		fail("mmap", "%s", errname(errno));
		return;
	}
	strcpy(a, "request");
	/* Each send wakes the child, which prints: the send's line waits
	 * until the child has answered (and sleeps again, or has ended). */
	ssize_t sent = send_fds(sv[0], "m", 1, &fd, 1);
	if (sent != 1)
		kill(pid, SIGKILL);          /* it would wait for the descriptor forever */
	char c = 0;
	int answered = read(sv[0], &c, 1) == 1 && c == 'a';
	CHECK_EQ("send it", sent, 1);
	CHECK_EQ("the child answered", answered, 1);
	CHECK_STR("through the shared pages", a + 4096, "answer");
	CHECK_OK0("seal it, keeping our writable mapping",
		  fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL));
	sent = send_fds(sv[0], "s", 1, &fd, 1);
	if (sent != 1)
		kill(pid, SIGKILL);
	int checked = read(sv[0], &c, 1) == 1 && c == 'b';
	CHECK_EQ("send it again", sent, 1);
	CHECK_EQ("the child checked", checked, 1);
	strcpy(a, "updated");
	write(sv[0], "c", 1);
	CHECK_EXIT("the child passed", wait_for(pid), 0);
}

static void proc_fd(void)
{
	int fd = memfd("proc", MFD_ALLOW_SEALING);
	write(fd, "0123456789", 10);
	struct stat st, st2;
	fstat(fd, &st);
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	CHECK_OK0("stat through /proc/self/fd", stat(p, &st2));
	CHECK("the same inode", st2.st_ino == st.st_ino && st2.st_dev == st.st_dev);
	CHECK_MODE("its mode", st2.st_mode, S_IFREG | 0777);
	CHECK_EQ("its links", st2.st_nlink, 0);
	int again = reopen(fd, O_RDWR);
	CHECK_OK("open it again O_RDWR", again);
	fstat(again, &st2);
	CHECK("again the same inode", st2.st_ino == st.st_ino);
	CHECK_EQ("a position of its own", lseek(again, 0, SEEK_CUR), 0);
	char buf[16] = "";
	CHECK_EQ("reads the bytes", read(again, buf, sizeof buf), 10);
	CHECK_EQ("writes into the same file", pwrite(again, "AB", 2, 0) == 2 && pread(fd, buf, 2, 0) == 2 &&
		 buf[0] == 'A', 1);
	CHECK_EQ("F_GETFL of the new open", fcntl(again, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK_OK0("seal through one", fcntl(again, F_ADD_SEALS, F_SEAL_GROW));
	CHECK_EQ("seen through the other", fcntl(fd, F_GET_SEALS), F_SEAL_GROW);
	int d = dup(fd);
	CHECK_EQ("and through a dup", fcntl(d, F_GET_SEALS), F_SEAL_GROW);
	CHECK_ERR("O_NOFOLLOW: ELOOP", open(p, O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR("a path under it: ENOTDIR", open(strcat(p, "/x"), O_RDONLY), ENOTDIR);
	char link[512];
	CHECK_STR("the new descriptor's link", link_of(again, link, sizeof link), "/memfd:proc (deleted)");
}

static void maps(void)
{
	int fd = memfd("mapname", 0);
	ftruncate(fd, 4096);
	char *a = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	char text[8192], want[64];
	ssize_t n = read_all("/proc/self/maps", text, sizeof text);
	text[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof want, "%08lx-", (unsigned long)a);
	char *line = strstr(text, want);
	char *nl = line ? strchr(line, '\n') : NULL;
	if (nl)
		*nl = 0;
	CHECK("the mapping is listed", line != NULL);
	CHECK("shared, read-only", line && strstr(line, " r--s 00000000 "));
	CHECK("with Linux's name", line && nl && nl - line > 24 && !strcmp(nl - 24, "/memfd:mapname (deleted)"));
}

static void seals_basic(void)
{
	int fd = memfd("noseal", 0);
	CHECK_EQ("without MFD_ALLOW_SEALING: F_SEAL_SEAL", fcntl(fd, F_GET_SEALS), F_SEAL_SEAL);
	CHECK_ERR("so F_ADD_SEALS: EPERM", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM);
	CHECK_ERR("even of nothing", fcntl(fd, F_ADD_SEALS, 0), EPERM);
	CHECK_ERR("unknown bits: EINVAL first", fcntl(fd, F_ADD_SEALS, SEAL_UNKNOWN), EINVAL);
	fd = memfd("seal", MFD_ALLOW_SEALING);
	CHECK_EQ("MFD_ALLOW_SEALING: no seals", fcntl(fd, F_GET_SEALS), 0);
	CHECK_OK0("add none", fcntl(fd, F_ADD_SEALS, 0));
	CHECK_ERR("unknown bits: EINVAL", fcntl(fd, F_ADD_SEALS, SEAL_UNKNOWN | F_SEAL_GROW), EINVAL);
	CHECK_EQ("nothing added", fcntl(fd, F_GET_SEALS), 0);
	int ro = reopen(fd, O_RDONLY);
	CHECK_ERR("read-only: EPERM", fcntl(ro, F_ADD_SEALS, F_SEAL_GROW), EPERM);
	CHECK_ERR("read-only before unknown bits: EPERM", fcntl(ro, F_ADD_SEALS, SEAL_UNKNOWN), EPERM);
	CHECK_EQ("F_GET_SEALS read-only", fcntl(ro, F_GET_SEALS), 0);
	CHECK_OK0("F_SEAL_SHRINK | F_SEAL_GROW", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW));
	CHECK_EQ("both", fcntl(fd, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW);
	CHECK_OK0("again: no change", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	CHECK_OK0("F_SEAL_SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	CHECK_EQ("all three", fcntl(ro, F_GET_SEALS), F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW);
	CHECK_ERR("sealed: EPERM", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EPERM);
	CHECK_ERR("sealed, unknown bits: EINVAL", fcntl(fd, F_ADD_SEALS, SEAL_UNKNOWN), EINVAL);
	CHECK_EQ("through fcntl (not fcntl64)", syscall(SYS_fcntl, fd, F_GET_SEALS),
		 F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW);
	CHECK_ERR("a bad descriptor: EBADF", fcntl(99, F_GET_SEALS), EBADF);
}

/* Files that are no memfd: a tmpfs file (/dev/shm) has F_SEAL_SEAL, the
 * rest has no seals at all. */
static void seals_other_files(void)
{
	int fd = open("/dev/shm/t_memfd", O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK_EQ("a tmpfs file: F_SEAL_SEAL", fcntl(fd, F_GET_SEALS), F_SEAL_SEAL);
	CHECK_ERR("F_ADD_SEALS: EPERM", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM);
	CHECK_ERR("unknown bits: EINVAL", fcntl(fd, F_ADD_SEALS, SEAL_UNKNOWN), EINVAL);
	int ro = open("/dev/shm/t_memfd", O_RDONLY);
	CHECK_EQ("read-only, F_GET_SEALS", fcntl(ro, F_GET_SEALS), F_SEAL_SEAL);
	CHECK_ERR("read-only, F_ADD_SEALS: EPERM", fcntl(ro, F_ADD_SEALS, 0), EPERM);
	unlink("/dev/shm/t_memfd");
	int dir = open("/dev/shm", O_RDONLY | O_DIRECTORY);
	CHECK_ERR("a directory: EINVAL", fcntl(dir, F_GET_SEALS), EINVAL);
	int p[2];
	pipe(p);
	CHECK_ERR("a pipe: EINVAL", fcntl(p[1], F_GET_SEALS), EINVAL);
	CHECK_ERR("its write end, F_ADD_SEALS: EINVAL", fcntl(p[1], F_ADD_SEALS, F_SEAL_GROW), EINVAL);
	CHECK_ERR("its read end, F_ADD_SEALS: EPERM", fcntl(p[0], F_ADD_SEALS, F_SEAL_GROW), EPERM);
	int null = open("/dev/null", O_RDWR);
	CHECK_ERR("/dev/null: EINVAL", fcntl(null, F_GET_SEALS), EINVAL);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("a socket: EINVAL", fcntl(s, F_ADD_SEALS, F_SEAL_GROW), EINVAL);
	int path = open("/dev/shm", O_PATH);
	CHECK_ERR("O_PATH: EBADF", fcntl(path, F_GET_SEALS), EBADF);
	int m = memfd("opath", MFD_ALLOW_SEALING);
	int mp = reopen(m, O_PATH);
	CHECK_ERR("a memfd through O_PATH: EBADF", fcntl(mp, F_GET_SEALS), EBADF);
}

static void seal_write(void)
{
	int fd = memfd("w", MFD_ALLOW_SEALING);
	write(fd, "abcdefgh", 8);
	ftruncate(fd, 8192);
	char *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK_ERR("a writable shared mapping: EBUSY", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
	CHECK_OK0("made read-only", mprotect(a, 8192, PROT_READ));
	CHECK_ERR("still EBUSY: it may write again", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
	CHECK_ERR("EBUSY adds nothing", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW), EBUSY);
	CHECK_EQ("no seal came of it", fcntl(fd, F_GET_SEALS), 0);
	munmap(a + 4096, 4096);
	CHECK_ERR("half of it: EBUSY", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
	munmap(a, 4096);
	int ro = reopen(fd, O_RDONLY);
	char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 0);
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("a shared mapping of a read-only open, a private one", r != MAP_FAILED && p != MAP_FAILED);
	if (r == MAP_FAILED || p == MAP_FAILED)
		return;
	CHECK_OK0("F_SEAL_WRITE beside them", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	CHECK_EQ("F_GET_SEALS", fcntl(fd, F_GET_SEALS), F_SEAL_WRITE);
	CHECK_ERR("write: EPERM", write(fd, "x", 1), EPERM);
	CHECK_ERR("pwrite: EPERM", pwrite(fd, "x", 1, 0), EPERM);
	struct iovec iov[2] = { { "x", 1 }, { "y", 1 } };
	CHECK_ERR("writev: EPERM", writev(fd, iov, 2), EPERM);
	CHECK_EQ("a write of nothing: 0", write(fd, "", 0), 0);
	int pp[2];
	pipe(pp);
	write(pp[1], "spliced", 7);
	loff_t off = 0;
	CHECK_ERR("splice from a pipe: EPERM", splice(pp[0], NULL, fd, &off, 7, 0), EPERM);
	int d = dup(fd), again = reopen(fd, O_WRONLY);
	CHECK_ERR("through a dup: EPERM", write(d, "x", 1), EPERM);
	CHECK_ERR("through another open: EPERM", write(again, "x", 1), EPERM);
	CHECK_ERR("mmap shared writable: EPERM",
		  mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM);
	CHECK_ERR("mprotect of the read-only open's mapping: EACCES",
		  mprotect(r, 4096, PROT_READ | PROT_WRITE), EACCES);
	char *p2 = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("a new private mapping", p2 != MAP_FAILED);
	p[0] = 'P';
	if (p2 != MAP_FAILED)
		p2[1] = 'Q';
	char buf[9] = "";
	pread(fd, buf, 8, 0);
	CHECK_STR("private copies leave the file alone", buf, "abcdefgh");
	CHECK_STR("as the shared mapping shows", r, "abcdefgh");
	CHECK_OK0("ftruncate may still shrink", ftruncate(fd, 4096));
	CHECK_OK0("and grow", ftruncate(fd, 12288));
	CHECK_OK0("fallocate may allocate", fallocate(fd, 0, 0, 16384));
	CHECK_EQ("and grow it", size_of(fd), 16384);
	CHECK_ERR("but not punch a hole: EPERM",
		  fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096), EPERM);
	pread(fd, buf, 8, 0);
	CHECK_STR("the bytes stay", buf, "abcdefgh");
}

static void future_write(void)
{
	int fd = memfd("fw", MFD_ALLOW_SEALING);
	ftruncate(fd, 4096);
	char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK_OK0("F_SEAL_FUTURE_WRITE beside a writable mapping", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	CHECK_EQ("F_GET_SEALS", fcntl(fd, F_GET_SEALS), F_SEAL_FUTURE_WRITE);
	strcpy(w, "still writable");
	char buf[16] = "";
	pread(fd, buf, 14, 0);
	CHECK_STR("the old mapping writes on", buf, "still writable");
	CHECK_ERR("write: EPERM", write(fd, "x", 1), EPERM);
	CHECK_ERR("pwrite: EPERM", pwrite(fd, "x", 1, 0), EPERM);
	CHECK_ERR("mmap shared writable: EPERM", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM);
	char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK("mmap shared read-only", r != MAP_FAILED);
	if (r != MAP_FAILED) {
		CHECK_STR("sees the bytes", r, "still writable");
		CHECK_ERR("mprotect it writable: EACCES", mprotect(r, 4096, PROT_READ | PROT_WRITE), EACCES);
	}
	CHECK_OK0("the old mapping: mprotect read-only", mprotect(w, 4096, PROT_READ));
	CHECK_OK0("and writable again", mprotect(w, 4096, PROT_READ | PROT_WRITE));
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("mmap private writable", p != MAP_FAILED);
	CHECK_ERR("punch a hole: EPERM", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 10), EPERM);
	CHECK_OK0("ftruncate grows", ftruncate(fd, 8192));
	CHECK_ERR("F_SEAL_WRITE while it is mapped: EBUSY", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
}

static void grow_shrink(void)
{
	int fd = memfd("gs", MFD_ALLOW_SEALING);
	write(fd, "abcdefgh", 8);
	CHECK_OK0("F_SEAL_GROW", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	CHECK_EQ("a write inside", pwrite(fd, "xy", 2, 6), 2);
	CHECK_ERR("a write past the end: EPERM", pwrite(fd, "xyz", 3, 6), EPERM);
	CHECK_ERR("write at the end: EPERM", write(fd, "z", 1), EPERM);
	CHECK_EQ("a write of nothing past it: 0", pwrite(fd, "", 0, 100), 0);
	int app = reopen(fd, O_WRONLY | O_APPEND);
	CHECK_ERR("O_APPEND: EPERM", write(app, "z", 1), EPERM);
	CHECK_OK0("ftruncate to the same size", ftruncate(fd, 8));
	CHECK_ERR("ftruncate up: EPERM", ftruncate(fd, 9), EPERM);
	CHECK_OK0("fallocate inside", fallocate(fd, 0, 0, 8));
	CHECK_ERR("fallocate past the end: EPERM", fallocate(fd, 0, 4, 5), EPERM);
	CHECK_ERR("even with FALLOC_FL_KEEP_SIZE", fallocate(fd, FALLOC_FL_KEEP_SIZE, 4, 5), EPERM);
	CHECK_OK0("ftruncate down", ftruncate(fd, 4));
	CHECK_EQ("size 4", size_of(fd), 4);

	/* A write over several pages goes as far as the last page that ends
	 * inside the file. */
	int big = memfd("big", MFD_ALLOW_SEALING);
	ftruncate(big, 5000);
	fcntl(big, F_ADD_SEALS, F_SEAL_GROW);
	static char data[8000];
	memset(data, 'd', sizeof data);
	CHECK_EQ("8000 bytes into 5000: the first page", pwrite(big, data, sizeof data, 0), 4096);
	CHECK_EQ("from inside the first page: up to its end", pwrite(big, data, sizeof data, 100), 3996);
	CHECK_ERR("from inside the last page: EPERM", pwrite(big, data, 1000, 4500), EPERM);
	CHECK_EQ("the size stays", size_of(big), 5000);

	int sh = memfd("shrink", MFD_ALLOW_SEALING);
	write(sh, "abcdefgh", 8);
	CHECK_OK0("F_SEAL_SHRINK", fcntl(sh, F_ADD_SEALS, F_SEAL_SHRINK));
	CHECK_ERR("ftruncate down: EPERM", ftruncate(sh, 4), EPERM);
	CHECK_ERR("to nothing: EPERM", ftruncate(sh, 0), EPERM);
	CHECK_ERR("open O_TRUNC: EPERM", reopen(sh, O_RDWR | O_TRUNC), EPERM);
	CHECK_OK0("ftruncate up", ftruncate(sh, 100));
	CHECK_EQ("a write past the end", pwrite(sh, "z", 1, 200), 1);
	CHECK_EQ("size 201", size_of(sh), 201);
	int empty = memfd("empty", MFD_ALLOW_SEALING);
	fcntl(empty, F_ADD_SEALS, F_SEAL_SHRINK);
	CHECK_OK("O_TRUNC of an empty file shrinks nothing", reopen(empty, O_RDWR | O_TRUNC));
}

static void falloc(void)
{
	int fd = memfd("fa", 0);
	CHECK_OK0("fallocate 10000", fallocate(fd, 0, 0, 10000));
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("the size", st.st_size, 10000);
	CHECK_EQ("three pages", st.st_blocks, 24);
	CHECK_OK0("FALLOC_FL_KEEP_SIZE past the end", fallocate(fd, FALLOC_FL_KEEP_SIZE, 12288, 4096));
	fstat(fd, &st);
	CHECK_EQ("the size stays", st.st_size, 10000);
	CHECK_EQ("a fourth page", st.st_blocks, 32);
	static char x[8192], buf[8192];
	memset(x, 'x', sizeof x);
	pwrite(fd, x, sizeof x, 0);
	CHECK_OK0("punch a hole", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 4900));
	pread(fd, buf, sizeof buf, 0);
	CHECK("zeros in it, the bytes around it", buf[99] == 'x' && buf[100] == 0 && buf[4999] == 0 && buf[5000] == 'x');
	CHECK_OK0("punch whole pages", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 16384));
	fstat(fd, &st);
	CHECK_EQ("they go", st.st_blocks, 0);
	CHECK_EQ("the size stays", st.st_size, 10000);
	CHECK_ERR("length 0: EINVAL", fallocate(fd, 0, 0, 0), EINVAL);
	CHECK_ERR("offset -1: EINVAL", fallocate(fd, 0, -1, 10), EINVAL);
	CHECK_ERR("PUNCH_HOLE without KEEP_SIZE: EOPNOTSUPP", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP);
	CHECK_ERR("ZERO_RANGE on tmpfs: EOPNOTSUPP", fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 10), EOPNOTSUPP);
	CHECK_ERR("an unknown mode: EOPNOTSUPP", fallocate(fd, 0x100, 0, 10), EOPNOTSUPP);
	CHECK_ERR("past 2^63: EFBIG", fallocate(fd, 0, 0x7fffffffffffff00ll, 0x1000), EFBIG);
	int ro = reopen(fd, O_RDONLY);
	CHECK_ERR("read-only: EBADF", fallocate(ro, 0, 0, 10), EBADF);
	int p[2];
	pipe(p);
	CHECK_ERR("a pipe: ESPIPE", fallocate(p[1], 0, 0, 10), ESPIPE);
	int null = open("/dev/null", O_RDWR);
	CHECK_ERR("/dev/null: ENODEV", fallocate(null, 0, 0, 10), ENODEV);
	CHECK_ERR("a bad descriptor: EBADF", fallocate(99, 0, 0, 10), EBADF);
}

/* MADV_REMOVE: a hole punched through a shared writable mapping, in the
 * memfd (and in shared anonymous memory); refused for private anonymous
 * memory, and by F_SEAL_FUTURE_WRITE. */
static void madv_remove(void)
{
	int fd = memfd_create("rm", MFD_ALLOW_SEALING);
	ftruncate(fd, 3 * 4096);
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(p, 'x', 3 * 4096);
	CHECK_OK0("MADV_REMOVE of the middle page", madvise(p + 4096, 4096, MADV_REMOVE));
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("the size stays", st.st_size, 3 * 4096);
	CHECK_EQ("two pages are left", st.st_blocks, 2 * 4096 / 512);
	char c = '?';
	pread(fd, &c, 1, 4096 + 10);
	CHECK("the file reads a hole there", c == 0 && p[4096 + 10] == 0);
	CHECK("the pages around keep their bytes", p[0] == 'x' && p[2 * 4096] == 'x');
	/* (a read-only or private mapping: t_memfd_guest, 6.1 differs from later) */
	fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE);
	CHECK_ERR("under F_SEAL_FUTURE_WRITE: EPERM", madvise(p, 4096, MADV_REMOVE), EPERM);
	munmap(p, 3 * 4096);
	close(fd);

	char *anon = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(anon, 'y', 2 * 4096);
	CHECK_OK0("shared anonymous memory", madvise(anon, 4096, MADV_REMOVE));
	CHECK("reads zeros there, the rest kept", anon[0] == 0 && anon[4096] == 'y');
	munmap(anon, 2 * 4096);
	char *pa = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR("private anonymous memory: EINVAL", madvise(pa, 4096, MADV_REMOVE), EINVAL);
	munmap(pa, 4096);
}

int main(void)
{
	RUN(create);
	RUN(flags_errors);
	RUN(read_write);
	RUN(mmap_share);
	RUN(fork_share);
	RUN(scm_rights);
	RUN(proc_fd);
	RUN(maps);
	RUN(seals_basic);
	RUN(seals_other_files);
	RUN(seal_write);
	RUN(future_write);
	RUN(grow_shrink);
	RUN(falloc);
	RUN(madv_remove);
	return cases_failed != 0;
}
