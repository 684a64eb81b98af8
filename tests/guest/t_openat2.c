/* t_openat2 - openat2(2) as Linux 6.1: struct open_how's size rules
 * (EINVAL below 24, E2BIG for unknown non-zero bytes), its strict flags
 * (EINVAL where openat ignores), and the RESOLVE_* flags on the lookup:
 * NO_SYMLINKS, NO_MAGICLINKS, NO_XDEV (into /proc and out of it),
 * BENEATH (no "..", absolute path or link out of the directory) and
 * IN_ROOT (the directory as "/"), with O_CREAT too (fs/open.c:
 * sys_openat2, open_how_check; fs/namei.c: may_step, may_follow). */
#include "check.h"
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define NR_OPENAT2 437
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#define RESOLVE_CACHED 0x20
#ifndef O_PATH
#define O_PATH 010000000
#endif
#define O_TMPFILE_BIT 020000000

struct how {
	uint64_t flags, mode, resolve;
};

static char top[64];
static int d = -1;

static long openat2_(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve)
{
	struct how h = { flags, mode, resolve };
	return syscall(NR_OPENAT2, dirfd, path, &h, sizeof h);
}

/* Opens with openat2 and reads the file's first bytes into a string:
 * its text, or the errno's name. */
static const char *open_read(int dirfd, const char *path, uint64_t resolve)
{
	static char buf[32];
	long fd = openat2_(dirfd, path, O_RDONLY, 0, resolve);
	if (fd < 0)
		return errname(errno);
	ssize_t n = read((int)fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	close((int)fd);
	return buf;
}

static void sizes(void)
{
	struct { struct how h; uint64_t more; } big = { { O_RDONLY, 0, 0 }, 0 };
	CHECK_ERR("size 0: EINVAL", syscall(NR_OPENAT2, d, "f", &big, 0), EINVAL);
	CHECK_ERR("size 23: EINVAL", syscall(NR_OPENAT2, d, "f", &big, 23), EINVAL);
	long fd = syscall(NR_OPENAT2, d, "f", &big, 24);
	CHECK("size 24 opens", fd >= 0);
	close((int)fd);
	fd = syscall(NR_OPENAT2, d, "f", &big, sizeof big);
	CHECK("size 32, zeros past 24, opens", fd >= 0);
	close((int)fd);
	big.more = 1;
	CHECK_ERR("a non-zero byte past 24: E2BIG", syscall(NR_OPENAT2, d, "f", &big, sizeof big), E2BIG);
	CHECK_ERR("how unreadable: EFAULT", syscall(NR_OPENAT2, d, "f", (void *)8, 24), EFAULT);
}

static void flags(void)
{
	CHECK_ERR("an unknown flag: EINVAL", openat2_(d, "f", 0x80000000u, 0, 0), EINVAL);
	CHECK_ERR("an upper 32-bit flag: EINVAL", openat2_(d, "f", 1ull << 40, 0, 0), EINVAL);
	CHECK_ERR("a mode without O_CREAT: EINVAL", openat2_(d, "f", O_RDONLY, 0644, 0), EINVAL);
	CHECK_ERR("S_ISUID|07777 ok, S_IFREG not: EINVAL", openat2_(d, "g", O_CREAT | O_WRONLY, S_IFREG | 0644, 0), EINVAL);
	CHECK_ERR("O_PATH with O_RDWR: EINVAL", openat2_(d, "f", O_PATH | O_RDWR, 0, 0), EINVAL);
	CHECK_ERR("O_PATH with O_APPEND: EINVAL", openat2_(d, "f", O_PATH | O_APPEND, 0, 0), EINVAL);
	long fd = openat2_(d, "f", O_PATH | O_CLOEXEC | O_NOFOLLOW, 0, 0);
	CHECK("O_PATH with O_CLOEXEC and O_NOFOLLOW", fd >= 0);
	CHECK_EQ("close-on-exec", fcntl((int)fd, F_GETFD), FD_CLOEXEC);
	close((int)fd);
	CHECK_ERR("__O_TMPFILE without O_DIRECTORY: EINVAL", openat2_(d, ".", O_TMPFILE_BIT | O_RDWR, 0600, 0), EINVAL);
	CHECK_ERR("O_TMPFILE read-only: EINVAL", openat2_(d, ".", O_TMPFILE_BIT | O_DIRECTORY, 0600, 0), EINVAL);
	CHECK_ERR("an unknown resolve flag: EINVAL", openat2_(d, "f", O_RDONLY, 0, 0x40), EINVAL);
	CHECK_ERR("BENEATH with IN_ROOT: EINVAL", openat2_(d, "f", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT), EINVAL);
	CHECK_ERR("CACHED with O_CREAT: EAGAIN", openat2_(d, "f", O_CREAT | O_RDONLY, 0600, RESOLVE_CACHED), EAGAIN);
	CHECK_ERR("CACHED with O_TRUNC: EAGAIN", openat2_(d, "f", O_TRUNC | O_WRONLY, 0, RESOLVE_CACHED), EAGAIN);
	CHECK_STR("CACHED, a file just made", open_read(d, "f", RESOLVE_CACHED), "in d");
	CHECK_ERR("bad flags before a bad path: EINVAL", openat2_(d, (char *)8, 0x80000000u, 0, 0), EINVAL);
	CHECK_ERR("a bad path: EFAULT", openat2_(d, (char *)8, O_RDONLY, 0, 0), EFAULT);
	CHECK_ERR("a bad dirfd: EBADF", openat2_(99, "f", O_RDONLY, 0, 0), EBADF);
}

static void no_symlinks(void)
{
	CHECK_STR("through a link", open_read(d, "ln", 0), "in d");
	CHECK_STR("NO_SYMLINKS: ELOOP", open_read(d, "ln", RESOLVE_NO_SYMLINKS), "ELOOP");
	CHECK_STR("NO_SYMLINKS, a link in the middle: ELOOP", open_read(d, "lndir/h", RESOLVE_NO_SYMLINKS), "ELOOP");
	CHECK_STR("without it", open_read(d, "lndir/h", 0), "in sub");
	long fd = openat2_(d, "ln", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS);
	CHECK("NO_SYMLINKS, the link itself with O_NOFOLLOW", fd >= 0);
	close((int)fd);
	CHECK_ERR("O_CREAT through a final link: ELOOP", openat2_(d, "ln", O_CREAT | O_WRONLY, 0600, RESOLVE_NO_SYMLINKS), ELOOP);
	CHECK_STR("NO_MAGICLINKS lets a plain link be", open_read(d, "ln", RESOLVE_NO_MAGICLINKS), "in d");
}

static void magic_links(void)
{
	int fd = openat(d, "f", O_RDONLY);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	CHECK_STR("a magic link", open_read(AT_FDCWD, path, 0), "in d");
	CHECK_STR("NO_MAGICLINKS: ELOOP", open_read(AT_FDCWD, path, RESOLVE_NO_MAGICLINKS), "ELOOP");
	CHECK_STR("NO_SYMLINKS: ELOOP", open_read(AT_FDCWD, path, RESOLVE_NO_SYMLINKS), "ELOOP");
	long p = openat2_(AT_FDCWD, path, O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_MAGICLINKS);
	CHECK("NO_MAGICLINKS, the link itself with O_PATH|O_NOFOLLOW", p >= 0);
	close((int)p);
	close(fd);
}

static void no_xdev(void)
{
	CHECK_STR("NO_XDEV, in one filesystem", open_read(d, "sub/h", RESOLVE_NO_XDEV), "in sub");
	CHECK_STR("NO_XDEV, into /proc: EXDEV", open_read(AT_FDCWD, "/proc/self/comm", RESOLVE_NO_XDEV), "EXDEV");
	int proc = open("/proc", O_RDONLY | O_DIRECTORY);
	CHECK_STR("NO_XDEV, within /proc", open_read(proc, "self/comm", RESOLVE_NO_XDEV), "t_openat2\n");
	CHECK_STR("NO_XDEV, out of /proc by ..: EXDEV", open_read(proc, "../proc/self/comm", RESOLVE_NO_XDEV), "EXDEV");
	close(proc);
}

static void beneath(void)
{
	CHECK_STR("BENEATH, a name", open_read(d, "f", RESOLVE_BENEATH), "in d");
	CHECK_STR("BENEATH, down and up", open_read(d, "sub/../f", RESOLVE_BENEATH), "in d");
	CHECK_STR("BENEATH, through a link", open_read(d, "ln", RESOLVE_BENEATH), "in d");
	CHECK_STR("BENEATH, .. out: EXDEV", open_read(d, "../outside", RESOLVE_BENEATH), "EXDEV");
	CHECK_STR("BENEATH, .. of the dir: EXDEV", open_read(d, "..", RESOLVE_BENEATH), "EXDEV");
	char abs[128];
	snprintf(abs, sizeof abs, "%s/d/f", top);
	CHECK_STR("BENEATH, an absolute path: EXDEV", open_read(d, abs, RESOLVE_BENEATH), "EXDEV");
	CHECK_STR("BENEATH, absolute, a bad dirfd: EXDEV first", open_read(99, abs, RESOLVE_BENEATH), "EXDEV");
	CHECK_STR("BENEATH, a link out: EXDEV", open_read(d, "up", RESOLVE_BENEATH), "EXDEV");
	CHECK_STR("BENEATH, an absolute link: EXDEV", open_read(d, "abs", RESOLVE_BENEATH), "EXDEV");
	CHECK_STR("without it, the link out", open_read(d, "up", 0), "outside");
	CHECK_ERR("BENEATH, O_CREAT out: EXDEV", openat2_(d, "../made", O_CREAT | O_WRONLY, 0600, RESOLVE_BENEATH), EXDEV);
	long fd = openat2_(d, "sub/../made", O_CREAT | O_WRONLY, 0600, RESOLVE_BENEATH);
	CHECK("BENEATH, O_CREAT within", fd >= 0);
	close((int)fd);
	CHECK_OK0("made in d", unlinkat(d, "made", 0));
}

static void in_root(void)
{
	CHECK_STR("IN_ROOT, / is the dir", open_read(d, "/f", RESOLVE_IN_ROOT), "in d");
	CHECK_STR("IN_ROOT, .. stays", open_read(d, "../../f", RESOLVE_IN_ROOT), "in d");
	CHECK_STR("IN_ROOT, a link out stays in: ENOENT", open_read(d, "up", RESOLVE_IN_ROOT), "ENOENT");
	CHECK_STR("IN_ROOT, an absolute link inside it: ENOENT", open_read(d, "abs", RESOLVE_IN_ROOT), "ENOENT");
	CHECK_STR("IN_ROOT, a link to /f", open_read(d, "rootf", RESOLVE_IN_ROOT), "in d");
	CHECK_STR("IN_ROOT, absolute, a bad dirfd: EBADF", open_read(99, "/f", RESOLVE_IN_ROOT), "EBADF");
	long fd = openat2_(d, "/made2", O_CREAT | O_WRONLY, 0600, RESOLVE_IN_ROOT);
	CHECK("IN_ROOT, O_CREAT of /made2", fd >= 0);
	close((int)fd);
	CHECK_OK0("made in d", unlinkat(d, "made2", 0));
}

static int put(const char *name, const char *text)
{
	int fd = openat(d, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int r = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	close(fd);
	return r;
}

int main(void)
{
	snprintf(top, sizeof top, "/tmp/t_openat2.%d", (int)getpid());
	char path[128];
	mkdir(top, 0755);
	snprintf(path, sizeof path, "%s/d", top);
	mkdir(path, 0755);
	d = open(path, O_RDONLY | O_DIRECTORY);
	mkdirat(d, "sub", 0755);
	put("f", "in d");
	put("sub/h", "in sub");
	snprintf(path, sizeof path, "%s/outside", top);
	int o = open(path, O_WRONLY | O_CREAT, 0644);
	write(o, "outside", 7);
	close(o);
	symlinkat("f", d, "ln");
	symlinkat("sub", d, "lndir");
	symlinkat("../outside", d, "up");
	symlinkat("/f", d, "rootf");
	snprintf(path, sizeof path, "%s/d/f", top);
	symlinkat(path, d, "abs");
	RUN(sizes);
	RUN(flags);
	RUN(no_symlinks);
	RUN(magic_links);
	RUN(no_xdev);
	RUN(beneath);
	RUN(in_root);
	const char *names[] = { "f", "sub/h", "ln", "lndir", "up", "rootf", "abs" };
	for (unsigned i = 0; i < sizeof names / sizeof *names; i++)
		unlinkat(d, names[i], 0);
	unlinkat(d, "sub", AT_REMOVEDIR);
	snprintf(path, sizeof path, "%s/outside", top);
	unlink(path);
	snprintf(path, sizeof path, "%s/d", top);
	rmdir(path);
	rmdir(top);
	return cases_failed ? 1 : 0;
}
