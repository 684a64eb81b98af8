/* t_fhandle - name_to_handle_at(2) and open_by_handle_at(2), differential
 * against Linux 6.1's tmpfs: run under /dev/shm (tmpfs on the host, the
 * ramfs in the guest) so both make tmpfs's handles (type 1, 12 bytes).
 * The errors of both calls in Linux's order, EOVERFLOW's size hint, the
 * mount id (fdinfo's mnt_id), filesystems without handles, a handle that
 * outlives a rename and an unlink while the file is open, and goes stale
 * after; directories, symlinks, O_PATH, permissions. The handle's words
 * differ (tmpfs puts a random generation first) and are not printed. */
#include "caps.h"
#include <stdint.h>

#define MAX_HANDLE_SZ 128
struct fh {
	unsigned int handle_bytes;
	int handle_type;
	unsigned char f_handle[MAX_HANDLE_SZ];
};

static long n2h(int dirfd, const char *path, struct fh *h, int *mnt, int flags)
{
	return syscall(SYS_name_to_handle_at, dirfd, path, h, mnt, flags);
}

static long obh(int mfd, struct fh *h, int flags)
{
	return syscall(SYS_open_by_handle_at, mfd, h, flags);
}

static struct fh handle_of(const char *path, int flags)
{
	struct fh h = { .handle_bytes = MAX_HANDLE_SZ };
	int mnt;
	if (n2h(AT_FDCWD, path, &h, &mnt, flags) < 0)
		say("[FAIL] name_to_handle_at %s: %s\n", path, errname(errno));
	return h;
}

/* fdinfo's mnt_id of fd. */
static int fd_mnt_id(int fd)
{
	char p[64], buf[512];
	snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd);
	read_all(p, buf, sizeof buf);
	char *m = strstr(buf, "mnt_id:");
	return m ? atoi(m + 7) : -1;
}

static void n2h_errors(void)
{
	mk("f", "hello");
	struct fh h = { .handle_bytes = MAX_HANDLE_SZ };
	int mnt = -1;
	CHECK_SYSERR("name_to_handle_at, unknown flags", EINVAL, SYS_name_to_handle_at, AT_FDCWD, P("f"), &h, &mnt, 0x4000);
	CHECK_SYSERR("  a missing name", ENOENT, SYS_name_to_handle_at, AT_FDCWD, P("none"), &h, &mnt, 0);
	CHECK_SYSERR("  an empty name", ENOENT, SYS_name_to_handle_at, AT_FDCWD, "", &h, &mnt, 0);
	CHECK_SYSERR("  a bad handle pointer", EFAULT, SYS_name_to_handle_at, AT_FDCWD, P("f"), (void *)16, &mnt, 0);
	CHECK_SYSERR("  a bad mount id pointer", EFAULT, SYS_name_to_handle_at, AT_FDCWD, P("f"), &h, (void *)16, 0);
	h.handle_bytes = MAX_HANDLE_SZ + 1;
	CHECK_SYSERR("  handle_bytes over MAX_HANDLE_SZ", EINVAL, SYS_name_to_handle_at, AT_FDCWD, P("f"), &h, &mnt, 0);
	CHECK_SYSERR("  /proc has no handles", EOPNOTSUPP, SYS_name_to_handle_at, AT_FDCWD, "/proc/self/status", &h, &mnt, 0);
	int p[2];
	pipe(p);
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", p[0]);
	h.handle_bytes = MAX_HANDLE_SZ;
	CHECK_SYSERR("  nor has a pipe", EOPNOTSUPP, SYS_name_to_handle_at, AT_FDCWD, link, &h, &mnt, AT_SYMLINK_FOLLOW);
	h.handle_bytes = 0;
	mnt = -1;
	CHECK_SYSERR("  handle_bytes 0", EOVERFLOW, SYS_name_to_handle_at, AT_FDCWD, P("f"), &h, &mnt, 0);
	CHECK_EQ("    handle_bytes says what it needs", h.handle_bytes, 12);
	CHECK_EQ("    the type is FILEID_INVALID", h.handle_type, 255);
	int fd = open(P("f"), O_RDONLY);
	CHECK_EQ("    the mount id is written too", mnt, fd_mnt_id(fd));
	h.handle_bytes = 11;
	CHECK_SYSERR("  handle_bytes 11", EOVERFLOW, SYS_name_to_handle_at, AT_FDCWD, P("f"), &h, &mnt, 0);
	h.handle_bytes = 12;
	mnt = -1;
	CHECK_OK0("  handle_bytes 12", n2h(AT_FDCWD, P("f"), &h, &mnt, 0));
	CHECK_EQ("    type 1", h.handle_type, 1);
	CHECK_EQ("    12 bytes", h.handle_bytes, 12);
	CHECK_EQ("    the mount id", mnt, fd_mnt_id(fd));
	h.handle_bytes = MAX_HANDLE_SZ;
	CHECK_OK0("AT_EMPTY_PATH on a descriptor", n2h(fd, "", &h, &mnt, AT_EMPTY_PATH));
	CHECK_EQ("  12 bytes", h.handle_bytes, 12);
}

static void obh_errors(void)
{
	mk("f", "hello");
	struct fh h = handle_of(P("f"), 0), bad;
	CHECK_SYSERR("open_by_handle_at, a bad mount fd", EBADF, SYS_open_by_handle_at, 999, &h, O_RDONLY);
	int opath = open(tdir, O_PATH);
	CHECK_SYSERR("  an O_PATH mount fd", EBADF, SYS_open_by_handle_at, opath, &h, O_RDONLY);
	CHECK_SYSERR("  a bad handle pointer", EFAULT, SYS_open_by_handle_at, AT_FDCWD, (void *)16, O_RDONLY);
	bad = h;
	bad.handle_bytes = 0;
	CHECK_SYSERR("  handle_bytes 0", EINVAL, SYS_open_by_handle_at, AT_FDCWD, &bad, O_RDONLY);
	bad.handle_bytes = MAX_HANDLE_SZ + 1;
	CHECK_SYSERR("  handle_bytes 129", EINVAL, SYS_open_by_handle_at, AT_FDCWD, &bad, O_RDONLY);
	bad = h;
	bad.handle_type = 2;
	CHECK_OK("  another type: tmpfs never looks at it", obh(AT_FDCWD, &bad, O_RDONLY));
	bad = h;
	bad.handle_bytes = 8;
	CHECK_SYSERR("  too short", ESTALE, SYS_open_by_handle_at, AT_FDCWD, &bad, O_RDONLY);
	bad = h;
	bad.f_handle[4] ^= 0x55;
	bad.f_handle[5] ^= 0x55;
	CHECK_SYSERR("  an inode that is not there", ESTALE, SYS_open_by_handle_at, AT_FDCWD, &bad, O_RDONLY);
	int fd = obh(AT_FDCWD, &h, O_RDONLY);
	char buf[8] = "";
	CHECK_EQ("  the handle opens the file", read(fd, buf, sizeof buf), 5);
	CHECK_STR("  its bytes", buf, "hello");
	close(fd);
	CHECK_OK("  with a directory fd as mount fd", fd = obh(open(tdir, O_RDONLY), &h, O_RDONLY));
	CHECK_ERR("  O_CREAT | O_EXCL", obh(AT_FDCWD, &h, O_RDONLY | O_CREAT | O_EXCL), EEXIST);
	CHECK_ERR("  O_DIRECTORY on a file", obh(AT_FDCWD, &h, O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR("  a mount fd on /proc: decoded there", obh(open("/proc/self/status", O_RDONLY), &h, O_RDONLY), ESTALE);
	/* 6.12 lets CAP_SYS_ADMIN in the mount's namespace open handles
	 * too (with permission checks), and asks the mount fd first: drop
	 * both, and leave EPERM-before-EBADF (6.1's order) out. */
	drop_cap(CAP_DAC_READ_SEARCH);
	drop_cap(CAP_SYS_ADMIN);
	CHECK_ERR("  without CAP_DAC_READ_SEARCH", obh(AT_FDCWD, &h, O_RDONLY), EPERM);
}

static void obh_life(void)
{
	mk("f", "hello");
	struct fh h = handle_of(P("f"), 0);
	rename(P("f"), P("g"));
	int fd = obh(AT_FDCWD, &h, O_RDONLY);
	CHECK("a handle outlives a rename", fd >= 0);
	close(fd);
	int keep = open(P("g"), O_RDONLY);
	unlink(P("g"));
	fd = obh(AT_FDCWD, &h, O_RDWR);
	CHECK("and an unlink while the file is open", fd >= 0);
	CHECK_EQ("  writes reach it", write(fd, "HE", 2), 2);
	char buf[8] = "";
	pread(keep, buf, 5, 0);
	CHECK_STR("  the same file", buf, "HEllo");
	close(fd);
	close(keep);
	CHECK_ERR("stale once closed", obh(AT_FDCWD, &h, O_RDONLY), ESTALE);
}

static void obh_kinds(void)
{
	mkdir(P("d"), 0755);
	mk("d/x", "");
	symlink("d/x", P("l"));
	struct fh hd = handle_of(P("d"), 0), hl = handle_of(P("l"), 0), hf = handle_of(P("l"), AT_SYMLINK_FOLLOW);
	int fd = obh(AT_FDCWD, &hd, O_RDONLY | O_DIRECTORY);
	struct stat a, b;
	fstat(fd, &a);
	stat(P("d"), &b);
	CHECK("a directory's handle opens the directory", fd >= 0 && a.st_ino == b.st_ino);
	CHECK_ERR("  O_WRONLY on it", obh(AT_FDCWD, &hd, O_WRONLY), EISDIR);
	CHECK_ERR("  O_CREAT on it", obh(AT_FDCWD, &hd, O_RDONLY | O_CREAT), EISDIR);
	CHECK_ERR("a symlink's handle: O_RDONLY", obh(AT_FDCWD, &hl, O_RDONLY), ELOOP);
	fd = obh(AT_FDCWD, &hl, O_PATH);
	CHECK("  O_PATH opens the link itself", fd >= 0 && fstat(fd, &a) == 0 && S_ISLNK(a.st_mode));
	fd = obh(AT_FDCWD, &hf, O_RDONLY);
	stat(P("d/x"), &b);
	CHECK("AT_SYMLINK_FOLLOW: the target's handle", fd >= 0 && fstat(fd, &a) == 0 && a.st_ino == b.st_ino);
	mk("secret", "s");
	chmod(P("secret"), 0);
	struct fh hs = handle_of(P("secret"), 0);
	drop_cap(CAP_DAC_OVERRIDE);
	CHECK_OK("a 0000 file with CAP_DAC_READ_SEARCH: read", obh(AT_FDCWD, &hs, O_RDONLY));
	CHECK_ERR("  but not write", obh(AT_FDCWD, &hs, O_WRONLY), EACCES);
}

int main(void)
{
	snprintf(tdir, sizeof tdir, "/dev/shm/t_fhandle.d");
	rm_rf(tdir);
	mkdir(tdir, 0755);
	chdir(tdir);                             /* AT_FDCWD's mount is /dev/shm's */
	RUN(n2h_errors);
	RUN(obh_errors);
	RUN(obh_life);
	RUN(obh_kinds);
	chdir("/");
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
