/* t_fsopen - filesystem contexts, differential: fsopen's descriptor
 * ("anon_inode:[fscontext]", read back for the messages Linux logs:
 * "e tmpfs: Unknown parameter 'x'", "Bad value", "Multiple sources",
 * ENODATA when none, EMSGSIZE, eight kept), fsconfig's argument checks
 * and phases (EBUSY after CMD_CREATE, after a failure), fsmount's
 * detached mount (an O_PATH descriptor, a dirfd, attached by
 * move_mount with the options /proc/self/mounts shows), fspick's
 * reconfiguration (size=, ro with a writer: EBUSY), and EPERM for a
 * user. Each case in a private mount namespace. */
#include "mount_api.h"
#include <sys/statfs.h>

static void fsopen_fd(void)
{
	char link[64], buf[128];
	int fd = fsopen_("tmpfs", 0);
	CHECK_OK("fsopen tmpfs", fd);
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	long n = readlink(link, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	CHECK_STR("its link", buf, "anon_inode:[fscontext]");
	CHECK_EQ("read-write", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK_EQ("no FD_CLOEXEC", fcntl(fd, F_GETFD), 0);
	CHECK_ERR("no message: ENODATA", read(fd, buf, sizeof buf), ENODATA);
	CHECK_ERR("write: EINVAL", write(fd, "x", 1), EINVAL);
	int c = fsopen_("tmpfs", FSOPEN_CLOEXEC_);
	CHECK_EQ("FSOPEN_CLOEXEC", fcntl(c, F_GETFD), FD_CLOEXEC);
	CHECK_ERR("unknown type: ENODEV", fsopen_("nosuchfs", 0), ENODEV);
	CHECK_ERR("flags 2: EINVAL", fsopen_("tmpfs", 2), EINVAL);
	CHECK_ERR("bad name: EFAULT", fsopen_((const char *)8, 0), EFAULT);
	CHECK_OK("ramfs", fsopen_("ramfs", 0));
	CHECK_OK("proc", fsopen_("proc", 0));
	CHECK_OK("mqueue", fsopen_("mqueue", 0));
}

static void fsconfig_args(void)
{
	int fd = fsopen_("tmpfs", 0), dir = open("/", O_RDONLY), path = open("/", O_PATH);
	CHECK_ERR("fd -1: EINVAL", fsconfig_(-1, SET_FLAG, "ro", NULL, 0), EINVAL);
	CHECK_ERR("closed fd: EBADF", fsconfig_(99, SET_FLAG, "ro", NULL, 0), EBADF);
	CHECK_ERR("a directory: EINVAL", fsconfig_(dir, SET_FLAG, "ro", NULL, 0), EINVAL);
	CHECK_ERR("an O_PATH fd: EBADF", fsconfig_(path, SET_FLAG, "ro", NULL, 0), EBADF);
	CHECK_ERR("command 99: EOPNOTSUPP", fsconfig_(fd, 99, NULL, NULL, 0), EOPNOTSUPP);
	CHECK_ERR("command 99 on a closed fd: EOPNOTSUPP", fsconfig_(99, 99, NULL, NULL, 0), EOPNOTSUPP);
	CHECK_ERR("SET_FLAG with a value: EINVAL", fsconfig_(fd, SET_FLAG, "ro", "x", 0), EINVAL);
	CHECK_ERR("SET_FLAG with aux: EINVAL", fsconfig_(fd, SET_FLAG, "ro", NULL, 1), EINVAL);
	CHECK_ERR("SET_FLAG without a key: EINVAL", fsconfig_(fd, SET_FLAG, NULL, NULL, 0), EINVAL);
	CHECK_ERR("SET_STRING without a value: EINVAL", fsconfig_(fd, SET_STRING, "size", NULL, 0), EINVAL);
	CHECK_ERR("SET_BINARY of 0 bytes: EINVAL", fsconfig_(fd, SET_BINARY, "size", "x", 0), EINVAL);
	CHECK_ERR("SET_PATH at fd -5: EINVAL", fsconfig_(fd, SET_PATH, "size", "/", -5), EINVAL);
	CHECK_ERR("SET_FD with a value: EINVAL", fsconfig_(fd, SET_FD, "size", "x", 0), EINVAL);
	CHECK_ERR("CMD_CREATE with a key: EINVAL", fsconfig_(fd, CMD_CREATE, "size", NULL, 0), EINVAL);
	CHECK_ERR("bad key: EFAULT", fsconfig_(fd, SET_FLAG, (const char *)8, NULL, 0), EFAULT);
	CHECK_ERR("bad value: EFAULT", fsconfig_(fd, SET_STRING, "size", (const char *)8, 0), EFAULT);
	char longkey[300];
	memset(longkey, 'k', sizeof longkey - 1);
	longkey[sizeof longkey - 1] = 0;
	CHECK_ERR("a key of 299 bytes: EINVAL", fsconfig_(fd, SET_FLAG, longkey, NULL, 0), EINVAL);
	CHECK_ERR("SET_FD of a closed fd: EBADF", fsconfig_(fd, SET_FD, "size", NULL, 99), EBADF);
	CHECK_ERR("SET_PATH of \"\": ENOENT", fsconfig_(fd, SET_PATH, "size", "", AT_FDCWD), ENOENT);
	CHECK_ERR("nothing logged: ENODATA", read(fd, longkey, sizeof longkey), ENODATA);
	CHECK_OK0("still usable: size=1m", fsconfig_(fd, SET_STRING, "size", "1m", 0));
	CHECK_OK0("and created", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0));
}

static void fsconfig_messages(void)
{
	int fd = fsopen_("tmpfs", 0);
	char small[8];
	CHECK_ERR("unknown parameter: EINVAL", fsconfig_(fd, SET_FLAG, "foo", NULL, 0), EINVAL);
	CHECK_STR("its message", ctx_msg(fd), "e tmpfs: Unknown parameter 'foo'\n");
	CHECK_ERR("read once: ENODATA", read(fd, small, sizeof small), ENODATA);
	CHECK_ERR("nosuid is the mount's: EINVAL", fsconfig_(fd, SET_FLAG, "nosuid", NULL, 0), EINVAL);
	CHECK_STR("its message", ctx_msg(fd), "e tmpfs: Unknown parameter 'nosuid'\n");
	CHECK_ERR("size=abc: EINVAL", fsconfig_(fd, SET_STRING, "size", "abc", 0), EINVAL);
	CHECK_STR("bad value", ctx_msg(fd), "e tmpfs: Bad value for 'size'\n");
	CHECK_ERR("size as a flag: EINVAL", fsconfig_(fd, SET_FLAG, "size", NULL, 0), EINVAL);
	CHECK_STR("bad value", ctx_msg(fd), "e tmpfs: Bad value for 'size'\n");
	CHECK_ERR("size as binary: EINVAL", fsconfig_(fd, SET_BINARY, "size", "1m", 2), EINVAL);
	CHECK_STR("bad value", ctx_msg(fd), "e tmpfs: Bad value for 'size'\n");
	CHECK_ERR("mode=9: EINVAL", fsconfig_(fd, SET_STRING, "mode", "9", 0), EINVAL);
	CHECK_STR("bad value", ctx_msg(fd), "e tmpfs: Bad value for 'mode'\n");
	CHECK_ERR("size=\"\": EINVAL", fsconfig_(fd, SET_STRING, "size", "", 0), EINVAL);
	CHECK_STR("bad value", ctx_msg(fd), "e tmpfs: Bad value for 'size'\n");
	CHECK_ERR("unknown with a path: EINVAL", fsconfig_(fd, SET_PATH, "foo", "/", AT_FDCWD), EINVAL);
	CHECK_STR("unknown", ctx_msg(fd), "e tmpfs: Unknown parameter 'foo'\n");
	CHECK_ERR("unknown with an fd: EINVAL", fsconfig_(fd, SET_FD, "foo", NULL, 0), EINVAL);
	CHECK_STR("unknown", ctx_msg(fd), "e tmpfs: Unknown parameter 'foo'\n");
	CHECK_OK0("source", fsconfig_(fd, SET_STRING, "source", "one", 0));
	CHECK_ERR("a second source: EINVAL", fsconfig_(fd, SET_STRING, "source", "two", 0), EINVAL);
	CHECK_STR("multiple sources", ctx_msg(fd), "e Multiple sources\n");
	CHECK_ERR("a binary source: EINVAL", fsconfig_(fd, SET_BINARY, "source", "x", 1), EINVAL);
	CHECK_STR("non-string source", ctx_msg(fd), "e Non-string source\n");
	CHECK_OK0("ro as a string: the flag", fsconfig_(fd, SET_STRING, "ro", "x", 0));
	CHECK_OK0("rw as binary: the flag", fsconfig_(fd, SET_BINARY, "rw", "x", 1));
	CHECK_OK0("sync", fsconfig_(fd, SET_FLAG, "sync", NULL, 0));
	CHECK_ERR("nothing more: ENODATA", read(fd, small, sizeof small), ENODATA);
	char key[8];
	for (int i = 0; i < 9; i++) {
		snprintf(key, sizeof key, "k%d", i);
		fsconfig_(fd, SET_FLAG, key, NULL, 0);
	}
	CHECK_STR("nine messages: the first is lost", ctx_msg(fd), "e tmpfs: Unknown parameter 'k1'\n");
	for (int i = 2; i < 8; i++)
		ctx_msg(fd);
	CHECK_STR("the last is k8", ctx_msg(fd), "e tmpfs: Unknown parameter 'k8'\n");
	CHECK_ERR("then none", read(fd, small, sizeof small), ENODATA);
	int r = fsopen_("ramfs", 0), p = fsopen_("proc", 0), q = fsopen_("mqueue", 0);
	CHECK_OK0("ramfs ignores foo", fsconfig_(r, SET_FLAG, "foo", NULL, 0));
	CHECK_ERR("silently", read(r, small, sizeof small), ENODATA);
	CHECK_ERR("ramfs: mode=x: EINVAL", fsconfig_(r, SET_STRING, "mode", "x", 0), EINVAL);
	CHECK_STR("bad value", ctx_msg(r), "e ramfs: Bad value for 'mode'\n");
	CHECK_ERR("proc: foo: EINVAL", fsconfig_(p, SET_FLAG, "foo", NULL, 0), EINVAL);
	CHECK_STR("proc's message", ctx_msg(p), "e proc: Unknown parameter 'foo'\n");
	CHECK_ERR("mqueue: foo: EINVAL", fsconfig_(q, SET_FLAG, "foo", NULL, 0), EINVAL);
	CHECK_STR("mqueue's message", ctx_msg(q), "e mqueue: Unknown parameter 'foo'\n");
}

static void phases(void)
{
	int fd = fsopen_("tmpfs", 0), dir = open("/", O_RDONLY);
	CHECK_ERR("fsmount before CMD_CREATE: EINVAL", fsmount_(fd, 0, 0), EINVAL);
	CHECK_ERR("RECONFIGURE of a new one: EBUSY", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0), EBUSY);
	CHECK_OK0("size=1m", fsconfig_(fd, SET_STRING, "size", "1m", 0));
	CHECK_OK0("CMD_CREATE", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0));
	CHECK_ERR("a parameter after it: EBUSY", fsconfig_(fd, SET_STRING, "size", "2m", 0), EBUSY);
	CHECK_ERR("an unknown one too", fsconfig_(fd, SET_FLAG, "foo", NULL, 0), EBUSY);
	CHECK_ERR("CMD_CREATE again: EBUSY", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0), EBUSY);
	CHECK_ERR("RECONFIGURE: EBUSY", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0), EBUSY);
	CHECK_ERR("fsmount flags 2: EINVAL", fsmount_(fd, 2, 0), EINVAL);
	CHECK_ERR("attr 0x30 (no atime value): EINVAL", fsmount_(fd, 0, 0x30), EINVAL);
	CHECK_ERR("attr 0x40: EINVAL", fsmount_(fd, 0, 0x40), EINVAL);
	CHECK_ERR("attr 0x100: EINVAL", fsmount_(fd, 0, 0x100), EINVAL);
	CHECK_ERR("attr IDMAP: EINVAL", fsmount_(fd, 0, ATTR_IDMAP), EINVAL);
	CHECK_ERR("fsmount of a closed fd: EBADF", fsmount_(99, 0, 0), EBADF);
	CHECK_ERR("fsmount of a directory: EINVAL", fsmount_(dir, 0, 0), EINVAL);
	int m = fsmount_(fd, FSMOUNT_CLOEXEC_, ATTR_NOSUID);
	CHECK_OK("fsmount", m);
	CHECK_EQ("FSMOUNT_CLOEXEC", fcntl(m, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("an O_PATH descriptor", fcntl(m, F_GETFL), O_PATH);
	CHECK_ERR("fsmount again: EBUSY", fsmount_(fd, 0, 0), EBUSY);
	CHECK_ERR("CMD_CREATE after it: EBUSY", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0), EBUSY);
	CHECK_OK0("then a parameter: reconfiguring", fsconfig_(fd, SET_STRING, "size", "2m", 0));
	CHECK_OK0("RECONFIGURE", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0));
	struct statfs s;
	CHECK_OK0("fstatfs of the mount", fstatfs(m, &s));
	CHECK_EQ("2m now", s.f_blocks * s.f_bsize, 2 << 20);
	CHECK_OK0("RECONFIGURE again, nothing to change", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0));
	int f = fsopen_("tmpfs", 0);
	fsconfig_(f, SET_STRING, "size", "1m", 0);
	fsconfig_(f, CMD_CREATE, NULL, NULL, 0);
	int fm = fsmount_(f, 0, 0);
	int w = openat(fm, "f", O_CREAT | O_WRONLY, 0644);
	CHECK_EQ("a file on it", write(w, "x", 1), 1);
	CHECK_OK0("ro", fsconfig_(f, SET_FLAG, "ro", NULL, 0));
	CHECK_ERR("RECONFIGURE ro with a writer: EBUSY", fsconfig_(f, CMD_RECONFIGURE, NULL, NULL, 0), EBUSY);
	CHECK_ERR("failed: EBUSY for all", fsconfig_(f, SET_FLAG, "rw", NULL, 0), EBUSY);
	CHECK_ERR("and RECONFIGURE", fsconfig_(f, CMD_RECONFIGURE, NULL, NULL, 0), EBUSY);
	CHECK_EQ("still writable", write(w, "y", 1), 1);
}

static void mount_it(void)
{
	private_ns();
	mkdir(P("m"), 0755);
	int fd = fsopen_("tmpfs", 0);
	fsconfig_(fd, SET_STRING, "source", "mysrc", 0);
	fsconfig_(fd, SET_STRING, "size", "1m", 0);
	fsconfig_(fd, SET_STRING, "mode", "0710", 0);
	CHECK_OK0("CMD_CREATE", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0));
	int m = fsmount_(fd, 0, ATTR_NODEV | ATTR_NOEXEC | ATTR_NOATIME);
	CHECK_OK("fsmount", m);
	CHECK_STR("not in /proc/self/mounts", mount_line(P("m")), "");
	struct stat st;
	CHECK_OK0("fstat", fstat(m, &st));
	CHECK_MODE("its root's mode", st.st_mode, S_IFDIR | 0710);
	CHECK_OK0("move_mount", move_mount_(m, "", AT_FDCWD, P("m"), MOVE_MOUNT_F_EMPTY_PATH_));
	CHECK_STR("/proc/self/mounts", mount_line(P("m")), "mysrc tmpfs rw,nodev,noexec,noatime,size=1024k,mode=710");
	CHECK("a mount point", is_mount_point(P("m")));
	CHECK_OK0("a file in it", mk("m/f", "data"));
	CHECK_ERR("moved again onto itself: ELOOP",
		  move_mount_(m, "", AT_FDCWD, P("m"), MOVE_MOUNT_F_EMPTY_PATH_), ELOOP);
	CHECK_ERR("umount while its fd is open: EBUSY", umount2(P("m"), 0), EBUSY);
	close(m);
	CHECK_STR("closed: still mounted", content("m/f"), "data");
	CHECK_OK0("umount", umount2(P("m"), 0));
	int r = fsopen_("tmpfs", 0);
	fsconfig_(r, SET_FLAG, "ro", NULL, 0);
	fsconfig_(r, CMD_CREATE, NULL, NULL, 0);
	int rm = fsmount_(r, 0, 0);
	CHECK_ERR("a read-only instance: EROFS", openat(rm, "x", O_CREAT | O_WRONLY, 0644), EROFS);
	CHECK_OK0("moved", move_mount_(rm, "", AT_FDCWD, P("m"), MOVE_MOUNT_F_EMPTY_PATH_));
	CHECK_STR("shown ro, relatime", mount_line(P("m")), "none tmpfs ro,relatime");
	close(rm);
	umount2(P("m"), MNT_DETACH);
}

static void detached(void)
{
	private_ns();
	int m = tmpfs_detached(NULL, 0);
	CHECK_OK("fsmount", m);
	int f = openat(m, "f", O_CREAT | O_RDWR, 0644);
	CHECK_OK("openat through it", f);
	CHECK_EQ("write", write(f, "hello", 5), 5);
	CHECK_OK0("mkdirat", mkdirat(m, "d", 0755));
	struct stat a, b;
	fstat(m, &a);
	fstatat(m, "d", &b, 0);
	CHECK("its filesystem", a.st_dev == b.st_dev);
	int d = openat(m, "d", O_RDONLY | O_DIRECTORY);
	CHECK_OK("a directory in it", d);
	CHECK_OK0("\"..\" at its root stays", fstatat(m, "../..", &b, 0));
	CHECK("at its root", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	close(m);
	char buf[8] = "";
	CHECK_EQ("closed: the open file still reads", pread(f, buf, 5, 0), 5);
	CHECK_STR("its data", buf, "hello");
	CHECK_OK("and the directory", fstatat(d, ".", &b, 0));
}

static void pick(void)
{
	private_ns();
	mkdir(P("m"), 0755);
	mkdir(P("m2"), 0755);
	CHECK_OK0("tmpfs", mount("none", P("m"), "tmpfs", 0, "size=1m"));
	mkdir(P("m/d"), 0755);
	symlink(P("m"), P("link"));
	CHECK_ERR("a directory in it: EINVAL", fspick_(AT_FDCWD, P("m/d"), 0), EINVAL);
	CHECK_ERR("flags 0x10: EINVAL", fspick_(AT_FDCWD, P("m"), 0x10), EINVAL);
	CHECK_ERR("missing: ENOENT", fspick_(AT_FDCWD, P("none"), 0), ENOENT);
	CHECK_ERR("\"\" without FSPICK_EMPTY_PATH: ENOENT", fspick_(AT_FDCWD, "", 0), ENOENT);
	CHECK_ERR("a link, not followed: EINVAL", fspick_(AT_FDCWD, P("link"), FSPICK_SYMLINK_NOFOLLOW_), EINVAL);
	int fd = fspick_(AT_FDCWD, P("link"), FSPICK_CLOEXEC_);
	CHECK_OK("fspick through a link", fd);
	CHECK_EQ("FSPICK_CLOEXEC", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_ERR("CMD_CREATE: EBUSY", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0), EBUSY);
	CHECK_OK0("size=2m", fsconfig_(fd, SET_STRING, "size", "2m", 0));
	CHECK_ERR("foo: EINVAL", fsconfig_(fd, SET_FLAG, "foo", NULL, 0), EINVAL);
	CHECK_OK0("RECONFIGURE", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0));
	CHECK_STR("/proc/self/mounts", mount_line(P("m")), "none tmpfs rw,relatime,size=2048k");
	CHECK_OK0("ro", fsconfig_(fd, SET_FLAG, "ro", NULL, 0));
	CHECK_OK0("RECONFIGURE ro", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0));
	CHECK_STR("ro now", mount_line(P("m")), "none tmpfs ro,relatime,size=2048k");
	CHECK_ERR("a file: EROFS", mk("m/f", "x"), EROFS);
	CHECK_OK0("rw", fsconfig_(fd, SET_FLAG, "rw", NULL, 0));
	CHECK_OK0("RECONFIGURE rw", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0));
	CHECK_OK0("a file", mk("m/f", "x"));
	CHECK_OK0("dirsync", fsconfig_(fd, SET_FLAG, "dirsync", NULL, 0));
	CHECK_ERR("RECONFIGURE dirsync: EINVAL", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0), EINVAL);
	CHECK_ERR("then EBUSY", fsconfig_(fd, SET_FLAG, "rw", NULL, 0), EBUSY);
	int m = open(P("m"), O_PATH);
	int fd2 = fspick_(m, "", FSPICK_EMPTY_PATH_);
	CHECK_OK("FSPICK_EMPTY_PATH", fd2);
	int w = open(P("m/f"), O_WRONLY);
	char pages[8192] = { 0 };
	CHECK_EQ("two pages in it", write(w, pages, sizeof pages), (long)sizeof pages);
	close(w);
	CHECK_OK0("size=4k", fsconfig_(fd2, SET_STRING, "size", "4k", 0));
	CHECK_ERR("RECONFIGURE below what is used: EINVAL", fsconfig_(fd2, CMD_RECONFIGURE, NULL, NULL, 0), EINVAL);
	int fd3 = fspick_(m, "", FSPICK_EMPTY_PATH_);
	CHECK_OK0("size=8k", fsconfig_(fd3, SET_STRING, "size", "8k", 0));
	CHECK_OK0("RECONFIGURE to what is used", fsconfig_(fd3, CMD_RECONFIGURE, NULL, NULL, 0));
	CHECK_STR("8k", mount_line(P("m")), "none tmpfs rw,relatime,size=8k");
	umount2(P("m"), MNT_DETACH);
}

static void user(void)
{
	int fd = fsopen_("tmpfs", 0);
	become_user();
	CHECK_ERR("fsopen: EPERM", fsopen_("tmpfs", 0), EPERM);
	CHECK_ERR("fsopen with bad flags: EPERM first", fsopen_("tmpfs", 2), EPERM);
	CHECK_ERR("fspick: EPERM", fspick_(AT_FDCWD, "/", 0), EPERM);
	CHECK_ERR("fsmount: EPERM", fsmount_(fd, 0, 0), EPERM);
	CHECK_OK0("fsconfig of root's context: a parameter", fsconfig_(fd, SET_STRING, "size", "1m", 0));
	CHECK_ERR("CMD_CREATE: EPERM", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0), EPERM);
}

int main(void)
{
	tdir_setup("t_fsopen");
	RUN(fsopen_fd);
	RUN(fsconfig_args);
	RUN(fsconfig_messages);
	RUN(phases);
	RUN(mount_it);
	RUN(detached);
	RUN(pick);
	RUN(user);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
