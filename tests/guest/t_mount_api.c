/* t_mount_api - open_tree, move_mount and mount_setattr, differential:
 * open_tree's O_PATH descriptor and its detached bind copy (recursive
 * with AT_RECURSIVE, a subdirectory's, one that outlives its source's
 * umount), attached by move_mount; move_mount of an attached mount
 * (MS_MOVE's rules: EINVAL, ELOOP), its symlink and empty-path flags,
 * MOVE_MOUNT_SET_GROUP; mount_setattr's flags (read-only: EROFS, EBUSY
 * with a writer; nosuid, nodev, noexec, the atime values, nodiratime,
 * nosymfollow), propagation, AT_RECURSIVE, a detached mount's, and its
 * size and argument checks; EPERM for a user. Each case in a private
 * mount namespace. */
#include "mount_api.h"

static int tmpfs_at(const char *rel)
{
	mkdir(P(rel), 0755);
	return mount("none", P(rel), "tmpfs", 0, "size=1m");
}

/* The optional fields of mountinfo's line for path: "shared", "master",
 * "unbindable" or "private" (no numbers). */
static const char *propagation_of(const char *path)
{
	static char out[32];
	char line[1024], dir[256];
	FILE *f = fopen("/proc/self/mountinfo", "r");
	strcpy(out, "none");
	while (f && fgets(line, sizeof line, f)) {
		if (sscanf(line, "%*d %*d %*s %*s %255s", dir) != 1 || strcmp(dir, path))
			continue;
		strcpy(out, strstr(line, " shared:") ? "shared" : strstr(line, " master:") ? "master" :
			    strstr(line, " unbindable") ? "unbindable" : "private");
	}
	if (f)
		fclose(f);
	return out;
}

static void tree_path(void)
{
	private_ns();
	CHECK_OK0("tmpfs", tmpfs_at("a"));
	mk("a/f", "x");
	int fd = open_tree_(AT_FDCWD, P("a"), 0);
	CHECK_OK("open_tree", fd);
	CHECK_EQ("O_PATH", fcntl(fd, F_GETFL), O_PATH);
	CHECK_EQ("no FD_CLOEXEC", fcntl(fd, F_GETFD), 0);
	char c;
	CHECK_ERR("read: EBADF", read(fd, &c, 1), EBADF);
	struct stat st;
	CHECK_OK0("fstatat through it", fstatat(fd, "f", &st, 0));
	CHECK_EQ("OPEN_TREE_CLOEXEC", fcntl(open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLOEXEC_), F_GETFD), FD_CLOEXEC);
	CHECK_OK("a file", open_tree_(AT_FDCWD, P("a/f"), 0));
	symlink("f", P("a/l"));
	int l = open_tree_(AT_FDCWD, P("a/l"), AT_SYMLINK_NOFOLLOW);
	CHECK_OK("a link, not followed", l);
	CHECK_OK0("is the link", fstatat(l, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
	CHECK("a symlink", S_ISLNK(st.st_mode));
	CHECK_OK("AT_EMPTY_PATH", open_tree_(fd, "", AT_EMPTY_PATH));
	CHECK_ERR("\"\" without it: ENOENT", open_tree_(fd, "", 0), ENOENT);
	CHECK_ERR("missing: ENOENT", open_tree_(AT_FDCWD, P("none"), 0), ENOENT);
	CHECK_ERR("AT_RECURSIVE alone: EINVAL", open_tree_(AT_FDCWD, P("a"), AT_RECURSIVE_), EINVAL);
	CHECK_ERR("flags 2: EINVAL", open_tree_(AT_FDCWD, P("a"), 2), EINVAL);
	CHECK_ERR("a closed dirfd: EBADF", open_tree_(99, "x", 0), EBADF);
	CHECK_ERR("a bad path: EFAULT", open_tree_(AT_FDCWD, (const char *)8, 0), EFAULT);
	close(fd);
	umount2(P("a"), MNT_DETACH);
}

static void clone_bind(void)
{
	private_ns();
	tmpfs_at("a");
	mkdir(P("b"), 0755);
	mkdir(P("c"), 0755);
	mkdir(P("a/dir"), 0755);
	mk("a/dir/f", "in dir");
	int fd = open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLONE_);
	CHECK_OK("OPEN_TREE_CLONE", fd);
	CHECK_EQ("O_PATH", fcntl(fd, F_GETFL), O_PATH);
	CHECK_STR("not in /proc/self/mounts", mount_line(P("b")), "");
	CHECK_OK0("move_mount", move_mount_(fd, "", AT_FDCWD, P("b"), MOVE_MOUNT_F_EMPTY_PATH_));
	CHECK_STR("a bind", mount_line(P("b")), "none tmpfs rw,relatime,size=1024k");
	CHECK_OK0("a file through b", mk("b/g", "via b"));
	CHECK_STR("seen in a", content("a/g"), "via b");
	close(fd);
	CHECK_STR("closed: still mounted", content("b/dir/f"), "in dir");
	int d = open_tree_(AT_FDCWD, P("a/dir"), OPEN_TREE_CLONE_);
	CHECK_OK("a subdirectory's clone", d);
	CHECK_OK0("attached", move_mount_(d, "", AT_FDCWD, P("c"), MOVE_MOUNT_F_EMPTY_PATH_));
	CHECK_STR("shows the subdirectory", content("c/f"), "in dir");
	close(d);
	umount2(P("c"), 0);
	umount2(P("b"), 0);
	umount2(P("a"), MNT_DETACH);
}

static void clone_recursive(void)
{
	private_ns();
	tmpfs_at("a");
	tmpfs_at("a/sub");
	mk("a/sub/f", "sub");
	mkdir(P("b"), 0755);
	mkdir(P("c"), 0755);
	int one = open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLONE_);
	int rec = open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLONE_ | AT_RECURSIVE_);
	CHECK_OK("AT_RECURSIVE", rec);
	struct stat x, y;
	fstatat(one, "sub", &x, 0);
	fstat(one, &y);
	CHECK("without it: sub is not a mount", x.st_dev == y.st_dev);
	fstatat(rec, "sub", &x, 0);
	CHECK("with it: sub is", x.st_dev != y.st_dev);
	CHECK_OK0("the copy of sub through it", fstatat(rec, "sub/f", &x, 0));
	CHECK_OK0("attached", move_mount_(rec, "", AT_FDCWD, P("b"), MOVE_MOUNT_F_EMPTY_PATH_));
	CHECK("b/sub a mount point", is_mount_point(P("b/sub")));
	CHECK_STR("listed", mount_line(P("b/sub")), "none tmpfs rw,relatime,size=1024k");
	CHECK_ERR("b busy: its sub", umount2(P("b"), 0), EBUSY);
	close(rec);
	close(one);
	CHECK_OK0("umount -l b", umount2(P("b"), MNT_DETACH));
	CHECK_STR("sub gone with it", mount_line(P("b/sub")), "");
	mount(NULL, P("a/sub"), NULL, MS_UNBINDABLE, NULL);
	CHECK_ERR("an unbindable one: EINVAL", open_tree_(AT_FDCWD, P("a/sub"), OPEN_TREE_CLONE_), EINVAL);
	int skip = open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLONE_ | AT_RECURSIVE_);
	fstatat(skip, "sub", &x, 0);
	fstat(skip, &y);
	CHECK("a recursive clone leaves it out", x.st_dev == y.st_dev);
	umount2(P("a/sub"), 0);
	umount2(P("a"), MNT_DETACH);
}

static void clone_outlives(void)
{
	private_ns();
	tmpfs_at("a");
	mk("a/f", "kept");
	mkdir(P("b"), 0755);
	int fd = open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLONE_);
	CHECK_OK0("its source unmounts", umount2(P("a"), 0));
	char buf[16] = "";
	int f = openat(fd, "f", O_RDONLY);
	CHECK_EQ("the copy still reads its files", read(f, buf, sizeof buf), 4);
	CHECK_STR("the data", buf, "kept");
	close(f);
	CHECK_OK0("and attaches", move_mount_(fd, "", AT_FDCWD, P("b"), MOVE_MOUNT_F_EMPTY_PATH_));
	CHECK_STR("there", content("b/f"), "kept");
	close(fd);
	CHECK_OK0("umount", umount2(P("b"), 0));
	int c = open_tree_(AT_FDCWD, "/", OPEN_TREE_CLONE_);
	CHECK_OK("a clone of / (not recursive)", c);
	close(c);
}

static void move(void)
{
	private_ns();
	tmpfs_at("a");
	mkdir(P("a/d"), 0755);
	mkdir(P("b"), 0755);
	mk("file", "");
	symlink(P("a"), P("la"));
	symlink(P("b"), P("lb"));
	CHECK_ERR("flags 0x80: EINVAL", move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("b"), 0x80), EINVAL);
	CHECK_ERR("from \"\" without F_EMPTY_PATH: ENOENT", move_mount_(AT_FDCWD, "", AT_FDCWD, P("b"), 0), ENOENT);
	CHECK_ERR("to missing: ENOENT", move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("none"), 0), ENOENT);
	CHECK_ERR("not a mount's root: EINVAL", move_mount_(AT_FDCWD, P("a/d"), AT_FDCWD, P("b"), 0), EINVAL);
	CHECK_ERR("into itself: ELOOP", move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("a/d"), 0), ELOOP);
	CHECK_ERR("a directory onto a file: EINVAL", move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("file"), 0), EINVAL);
	CHECK_ERR("from a link, not followed: EINVAL", move_mount_(AT_FDCWD, P("la"), AT_FDCWD, P("b"), 0), EINVAL);
	CHECK_OK0("from a link with F_SYMLINKS", move_mount_(AT_FDCWD, P("la"), AT_FDCWD, P("b"), MOVE_MOUNT_F_SYMLINKS_));
	CHECK_STR("moved: b listed", mount_line(P("b")), "none tmpfs rw,relatime,size=1024k");
	CHECK_STR("a not", mount_line(P("a")), "");
	int b = open(P("b"), O_PATH);
	CHECK_OK0("by fd with F_EMPTY_PATH, to a's directory by fd", move_mount_(b, "", open(P("a"), O_PATH), "",
		  MOVE_MOUNT_F_EMPTY_PATH_ | MOVE_MOUNT_T_EMPTY_PATH_));
	CHECK_STR("back at a", mount_line(P("a")), "none tmpfs rw,relatime,size=1024k");
	CHECK_OK0("to a link with T_SYMLINKS", move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("lb"), MOVE_MOUNT_T_SYMLINKS_));
	CHECK_STR("at b", mount_line(P("b")), "none tmpfs rw,relatime,size=1024k");
	int t = open_tree_(AT_FDCWD, P("b"), 0);
	CHECK_OK0("umount -l b", umount2(P("b"), MNT_DETACH));
	CHECK_ERR("a mount no longer mounted: EINVAL", move_mount_(t, "", AT_FDCWD, P("a"), MOVE_MOUNT_F_EMPTY_PATH_), EINVAL);
	int m = tmpfs_detached(NULL, 0);
	CHECK_OK0("a detached mount attached", move_mount_(m, "", AT_FDCWD, P("a"), MOVE_MOUNT_F_EMPTY_PATH_));
	CHECK_OK0("then moved by the same fd", move_mount_(m, "", AT_FDCWD, P("b"), MOVE_MOUNT_F_EMPTY_PATH_));
	CHECK_STR("at b", mount_line(P("b")), "none tmpfs rw,relatime");
	CHECK_STR("not at a", mount_line(P("a")), "");
	close(m);
	umount2(P("b"), 0);
}

static void set_group(void)
{
	private_ns();
	tmpfs_at("a");
	mkdir(P("a/d"), 0755);
	mkdir(P("b"), 0755);
	mkdir(P("c"), 0755);
	mount(P("a"), P("b"), NULL, MS_BIND, NULL);
	mount(P("a/d"), P("c"), NULL, MS_BIND, NULL);
	CHECK_ERR("from a private mount: EINVAL",
		  move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("b"), MOVE_MOUNT_SET_GROUP_), EINVAL);
	mount(NULL, P("a"), NULL, MS_SHARED, NULL);
	CHECK_ERR("to a subdirectory: EINVAL",
		  move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("b/d"), MOVE_MOUNT_SET_GROUP_), EINVAL);
	CHECK_OK0("SET_GROUP", move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("b"), MOVE_MOUNT_SET_GROUP_));
	CHECK_STR("b shared", propagation_of(P("b")), "shared");
	CHECK_ERR("to a shared one: EINVAL",
		  move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("b"), MOVE_MOUNT_SET_GROUP_), EINVAL);
	CHECK_OK0("to a bind of a subdirectory", move_mount_(AT_FDCWD, P("a"), AT_FDCWD, P("c"), MOVE_MOUNT_SET_GROUP_));
	CHECK_STR("c shared", propagation_of(P("c")), "shared");
	CHECK_ERR("from c to b (a root below b's): EINVAL",
		  move_mount_(AT_FDCWD, P("c"), AT_FDCWD, P("b"), MOVE_MOUNT_SET_GROUP_), EINVAL);
	mount(NULL, P("c"), NULL, MS_PRIVATE, NULL);
	mount(NULL, P("b"), NULL, MS_PRIVATE, NULL);
	mount(NULL, P("a"), NULL, MS_PRIVATE, NULL);
	umount2(P("c"), 0);
	umount2(P("b"), 0);
	umount2(P("a"), MNT_DETACH);
}

static long setattr(const char *path, unsigned flags, uint64_t set, uint64_t clr, uint64_t prop)
{
	struct mount_attr_ a = { set, clr, prop, 0 };
	return mount_setattr_(AT_FDCWD, path, flags, &a, sizeof a);
}

static void setattr_flags(void)
{
	private_ns();
	tmpfs_at("a");
	mkdir(P("a/d"), 0755);
	mk("a/f", "x");
	CHECK_OK0("RDONLY", setattr(P("a"), 0, ATTR_RDONLY, 0, 0));
	CHECK_STR("shown ro", mount_line(P("a")), "none tmpfs ro,relatime,size=1024k");
	CHECK_ERR("a write: EROFS", open(P("a/f"), O_WRONLY), EROFS);
	CHECK_ERR("mkdir: EROFS", mkdir(P("a/n"), 0755), EROFS);
	CHECK_OK0("cleared", setattr(P("a"), 0, 0, ATTR_RDONLY, 0));
	int w = open(P("a/f"), O_WRONLY);
	CHECK_OK("writable again", w);
	CHECK_ERR("RDONLY with a writer: EBUSY", setattr(P("a"), 0, ATTR_RDONLY, 0, 0), EBUSY);
	close(w);
	CHECK_OK0("nosuid, nodev, noexec, nodiratime, nosymfollow",
		  setattr(P("a"), 0, ATTR_NOSUID | ATTR_NODEV | ATTR_NOEXEC | ATTR_NODIRATIME | ATTR_NOSYMFOLLOW, 0, 0));
	CHECK_STR("shown", mount_line(P("a")),
		  "none tmpfs rw,nosuid,nodev,noexec,nodiratime,relatime,nosymfollow,size=1024k");
	CHECK_OK0("noatime (all of __ATIME cleared)", setattr(P("a"), 0, ATTR_NOATIME, ATTR__ATIME, 0));
	CHECK_STR("noatime", mount_line(P("a")),
		  "none tmpfs rw,nosuid,nodev,noexec,noatime,nodiratime,nosymfollow,size=1024k");
	CHECK_OK0("strictatime", setattr(P("a"), 0, ATTR_STRICTATIME, ATTR__ATIME, 0));
	CHECK_STR("neither", mount_line(P("a")), "none tmpfs rw,nosuid,nodev,noexec,nodiratime,nosymfollow,size=1024k");
	CHECK_OK0("relatime, the rest cleared",
		  setattr(P("a"), 0, 0, ATTR__ATIME | ATTR_NOSUID | ATTR_NODEV | ATTR_NOEXEC | ATTR_NODIRATIME | ATTR_NOSYMFOLLOW, 0));
	CHECK_STR("as made", mount_line(P("a")), "none tmpfs rw,relatime,size=1024k");
	CHECK_ERR("noatime without clearing __ATIME: EINVAL", setattr(P("a"), 0, ATTR_NOATIME, 0, 0), EINVAL);
	CHECK_ERR("part of __ATIME cleared: EINVAL", setattr(P("a"), 0, 0, ATTR_NOATIME, 0), EINVAL);
	CHECK_ERR("atime 0x30: EINVAL", setattr(P("a"), 0, 0x30, ATTR__ATIME, 0), EINVAL);
	CHECK_ERR("attr 0x400: EINVAL", setattr(P("a"), 0, 0x400, 0, 0), EINVAL);
	CHECK_ERR("clear 0x400: EINVAL", setattr(P("a"), 0, 0, 0x400, 0), EINVAL);
	CHECK_ERR("not a mount's root: EINVAL", setattr(P("a/d"), 0, ATTR_RDONLY, 0, 0), EINVAL);
	CHECK_ERR("missing: ENOENT", setattr(P("none"), 0, ATTR_RDONLY, 0, 0), ENOENT);
	CHECK_OK0("nothing to do: 0, without a lookup", setattr(P("none"), 0, 0, 0, 0));
	CHECK_ERR("flags 1: EINVAL", setattr(P("a"), 1, ATTR_RDONLY, 0, 0), EINVAL);
	struct mount_attr_ id = { ATTR_IDMAP, 0, 0, 99 };
	CHECK_ERR("IDMAP of a closed fd: EBADF", mount_setattr_(AT_FDCWD, P("a"), 0, &id, sizeof id), EBADF);
	id.userns_fd = open("/", O_RDONLY);
	CHECK_ERR("IDMAP of a directory: EINVAL", mount_setattr_(AT_FDCWD, P("a"), 0, &id, sizeof id), EINVAL);
	struct mount_attr_ clr = { 0, ATTR_IDMAP, 0, 0 };
	CHECK_ERR("IDMAP cleared: EINVAL", mount_setattr_(AT_FDCWD, P("a"), 0, &clr, sizeof clr), EINVAL);
	umount2(P("a"), MNT_DETACH);
}

static void setattr_size(void)
{
	private_ns();
	tmpfs_at("a");
	char big[64] = { 0 };
	struct mount_attr_ *a = (struct mount_attr_ *)big;
	a->attr_set = ATTR_NOSUID;
	CHECK_ERR("size 31: EINVAL", mount_setattr_(AT_FDCWD, P("a"), 0, a, 31), EINVAL);
	CHECK_ERR("size 0: EINVAL", mount_setattr_(AT_FDCWD, P("a"), 0, a, 0), EINVAL);
	CHECK_ERR("size 4097: E2BIG", mount_setattr_(AT_FDCWD, P("a"), 0, a, 4097), E2BIG);
	CHECK_OK0("size 40, zeros after", mount_setattr_(AT_FDCWD, P("a"), 0, a, 40));
	big[39] = 1;
	CHECK_ERR("size 40, a nonzero byte after: E2BIG", mount_setattr_(AT_FDCWD, P("a"), 0, a, 40), E2BIG);
	CHECK_ERR("bad pointer: EFAULT", mount_setattr_(AT_FDCWD, P("a"), 0, (void *)8, 32), EFAULT);
	CHECK_ERR("flags first: EINVAL", mount_setattr_(AT_FDCWD, P("a"), 1, a, 4097), EINVAL);
	umount2(P("a"), MNT_DETACH);
}

static void setattr_tree(void)
{
	private_ns();
	tmpfs_at("a");
	tmpfs_at("a/sub");
	CHECK_OK0("RDONLY on a alone", setattr(P("a"), 0, ATTR_RDONLY, 0, 0));
	CHECK_STR("sub stays rw", mount_line(P("a/sub")), "none tmpfs rw,relatime,size=1024k");
	CHECK_OK0("AT_RECURSIVE", setattr(P("a"), AT_RECURSIVE_, ATTR_NOEXEC, ATTR_RDONLY, 0));
	CHECK_STR("a", mount_line(P("a")), "none tmpfs rw,noexec,relatime,size=1024k");
	CHECK_STR("sub too", mount_line(P("a/sub")), "none tmpfs rw,noexec,relatime,size=1024k");
	int w = open(P("a/sub/f"), O_CREAT | O_WRONLY, 0644);
	CHECK_ERR("recursive RDONLY with a writer below: EBUSY", setattr(P("a"), AT_RECURSIVE_, ATTR_RDONLY, 0, 0), EBUSY);
	CHECK_STR("nothing changed", mount_line(P("a")), "none tmpfs rw,noexec,relatime,size=1024k");
	close(w);
	CHECK_OK0("shared, recursively", setattr(P("a"), AT_RECURSIVE_, 0, 0, MS_SHARED));
	CHECK_STR("a shared", propagation_of(P("a")), "shared");
	CHECK_STR("sub shared", propagation_of(P("a/sub")), "shared");
	CHECK_OK0("private, a alone", setattr(P("a"), 0, 0, 0, MS_PRIVATE));
	CHECK_STR("a private", propagation_of(P("a")), "private");
	CHECK_STR("sub still shared", propagation_of(P("a/sub")), "shared");
	CHECK_OK0("unbindable", setattr(P("a/sub"), 0, 0, 0, MS_UNBINDABLE));
	CHECK_STR("sub unbindable", propagation_of(P("a/sub")), "unbindable");
	CHECK_ERR("two types: EINVAL", setattr(P("a"), 0, 0, 0, MS_SHARED | MS_PRIVATE), EINVAL);
	CHECK_ERR("MS_BIND: EINVAL", setattr(P("a"), 0, 0, 0, MS_BIND), EINVAL);
	int m = tmpfs_detached(NULL, 0);
	struct mount_attr_ ro = { ATTR_RDONLY | ATTR_NODEV, 0, 0, 0 };
	CHECK_OK0("a detached mount's, by AT_EMPTY_PATH", mount_setattr_(m, "", AT_EMPTY_PATH, &ro, sizeof ro));
	CHECK_ERR("then EROFS through it", openat(m, "x", O_CREAT | O_WRONLY, 0644), EROFS);
	mkdir(P("b"), 0755);
	move_mount_(m, "", AT_FDCWD, P("b"), MOVE_MOUNT_F_EMPTY_PATH_);
	CHECK_STR("kept when attached", mount_line(P("b")), "none tmpfs ro,nodev,relatime");
	close(m);
	umount2(P("b"), 0);
	umount2(P("a/sub"), 0);
	umount2(P("a"), MNT_DETACH);
}

static void user(void)
{
	private_ns();
	tmpfs_at("a");
	mkdir(P("b"), 0755);
	int fd = open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLONE_);
	become_user();
	CHECK_ERR("open_tree CLONE: EPERM", open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLONE_), EPERM);
	CHECK_ERR("bad flags first: EINVAL", open_tree_(AT_FDCWD, P("a"), OPEN_TREE_CLONE_ | 2), EINVAL);
	CHECK_OK("open_tree without it", open_tree_(AT_FDCWD, P("a"), 0));
	CHECK_ERR("move_mount: EPERM", move_mount_(fd, "", AT_FDCWD, P("b"), MOVE_MOUNT_F_EMPTY_PATH_), EPERM);
	CHECK_ERR("move_mount with bad flags: EPERM first", move_mount_(fd, "", AT_FDCWD, P("b"), 0x80), EPERM);
	CHECK_ERR("mount_setattr: EPERM", setattr(P("a"), 0, ATTR_RDONLY, 0, 0), EPERM);
	struct mount_attr_ a = { 0 };
	CHECK_ERR("its size checks first", mount_setattr_(AT_FDCWD, P("a"), 0, &a, 31), EINVAL);
}

int main(void)
{
	tdir_setup("t_mount_api");
	RUN(tree_path);
	RUN(clone_bind);
	RUN(clone_recursive);
	RUN(clone_outlives);
	RUN(move);
	RUN(set_group);
	RUN(setattr_flags);
	RUN(setattr_size);
	RUN(setattr_tree);
	RUN(user);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
