/* t_mount_bind - mount(2) on mounts that exist, differential against
 * Linux 6.1: bind mounts (MS_BIND) of directories and files, MS_REC with
 * submounts, unbindable sources; MS_REMOUNT of a tmpfs (its size, ro/rw,
 * EBUSY with a writer, the atime flags kept) and MS_BIND|MS_REMOUNT of
 * one mount; MS_MOVE; the propagation types (MS_SHARED, MS_PRIVATE,
 * MS_SLAVE, MS_UNBINDABLE) as mountinfo shows them. All inside the
 * scratch directory (mnt_util.h). */
#include "mnt_util.h"

/* open and close: 0 or -1 (errno). */
static int opened(const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static void show_mountinfo(const char *name)
{
	char buf[4096];
	mountinfo_of_tdir(buf, sizeof buf);
	show_lines(name, buf);
}

static void bind_dir(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("src", 0, "nr_inodes=20"));
	mkdir(P("src/sub"), 0755);
	mk("src/sub/f", "sub");
	mk("src/f", "top");
	mkdir(P("dst"), 0755);
	mkdir(P("dst2"), 0755);
	CHECK_OK0("bind src on dst", mount(P("src"), P("dst"), NULL, MS_BIND, NULL));
	CHECK_STR("its file seen", content("dst/f"), "top");
	CHECK_EQ("the same st_dev", st_of(P("dst")).st_dev, st_of(P("src")).st_dev);
	CHECK_EQ("the same inode", st_of(P("dst")).st_ino, st_of(P("src")).st_ino);
	CHECK_OK0("a file made through dst", mk("dst/g", "new"));
	CHECK_STR("seen in src", content("src/g"), "new");
	CHECK_OK0("bind a subdirectory", mount(P("src/sub"), P("dst2"), "ignored", MS_BIND, "ignored"));
	CHECK_STR("its file", content("dst2/f"), "sub");
	CHECK_OK0("bind dst on itself", mount(P("dst"), P("dst"), NULL, MS_BIND, NULL));
	CHECK_ERR("bind with no source: EINVAL", mount(NULL, P("dst"), NULL, MS_BIND, NULL), EINVAL);
	CHECK_ERR("bind with an empty source: EINVAL", mount("", P("dst"), NULL, MS_BIND, NULL), EINVAL);
	CHECK_ERR("bind of a missing source: ENOENT", mount(P("nothere"), P("dst"), NULL, MS_BIND, NULL),
		  ENOENT);
	CHECK_ERR("bind on a missing target: ENOENT", mount(P("src"), P("nothere"), NULL, MS_BIND, NULL),
		  ENOENT);
	show_mountinfo("mountinfo");
	CHECK_OK0("umount src", umount(P("src")));
	CHECK_STR("dst still shows the filesystem", content("dst/f"), "top");
	CHECK_OK0("umount dst (the bind on itself)", umount(P("dst")));
	CHECK_OK0("umount dst", umount(P("dst")));
	CHECK_OK0("umount dst2", umount(P("dst2")));
	CHECK_EQ("nothing left", st_of(P("dst2/f")).st_mode, 0);
}

static void bind_file(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("src", 0, "nr_inodes=20"));
	mk("src/f", "source");
	mk("target", "target");
	mkdir(P("dir"), 0755);
	CHECK_OK0("bind a file on a file", mount(P("src/f"), P("target"), NULL, MS_BIND, NULL));
	CHECK_STR("its content", content("target"), "source");
	CHECK_EQ("the source's inode", st_of(P("target")).st_ino, st_of(P("src/f")).st_ino);
	CHECK_ERR("a file on a directory: ENOTDIR", mount(P("src/f"), P("dir"), NULL, MS_BIND, NULL), ENOTDIR);
	CHECK_ERR("a directory on a file: ENOTDIR", mount(P("src"), P("target"), NULL, MS_BIND, NULL), ENOTDIR);
	CHECK_ERR("unlink the file mount point: EBUSY", unlink(P("target")), EBUSY);
	CHECK_ERR("rename a directory over it: ENOTDIR", rename(P("dir"), P("target")), ENOTDIR);
	show_mountinfo("mountinfo");
	CHECK_OK0("umount the file", umount(P("target")));
	CHECK_STR("the file's own content", content("target"), "target");
}

static void bind_rec(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("src", 0, "nr_inodes=20"));
	CHECK_OK0("one on it", tmpfs_at("src/s", 0, "nr_inodes=21"));
	mk("src/s/f", "sub");
	CHECK_OK0("one on that", tmpfs_at("src/s/t", 0, "nr_inodes=22"));
	mk("src/s/t/f", "subsub");
	mkdir(P("src/u"), 0755);
	CHECK_OK0("an unbindable one", tmpfs_at("src/u", 0, "nr_inodes=23"));
	CHECK_OK0("  made unbindable", mount(NULL, P("src/u"), NULL, MS_UNBINDABLE, NULL));
	mk("src/u/f", "unbindable");
	mkdir(P("plain"), 0755);
	mkdir(P("rec"), 0755);
	CHECK_OK0("bind without MS_REC", mount(P("src"), P("plain"), NULL, MS_BIND, NULL));
	CHECK_EQ("no submount", st_of(P("plain/s/f")).st_mode, 0);
	CHECK_OK0("bind with MS_REC", mount(P("src"), P("rec"), NULL, MS_BIND | MS_REC, NULL));
	CHECK_STR("the submount", content("rec/s/f"), "sub");
	CHECK_STR("and its submount", content("rec/s/t/f"), "subsub");
	CHECK_EQ("not the unbindable one", st_of(P("rec/u/f")).st_mode, 0);
	CHECK_ERR("bind of the unbindable: EINVAL", mount(P("src/u"), P("plain"), NULL, MS_BIND, NULL), EINVAL);
	CHECK_ERR("  with MS_REC: EINVAL", mount(P("src/u"), P("plain"), NULL, MS_BIND | MS_REC, NULL), EINVAL);
	CHECK_OK0("a directory in the unbindable one", mkdir(P("src/u/d"), 0755));
	CHECK_ERR("bind of a directory in it: EINVAL", mount(P("src/u/d"), P("plain"), NULL, MS_BIND, NULL),
		  EINVAL);
	CHECK_OK0("a recursive bind of a subtree", mount(P("src/s"), P("plain"), NULL, MS_BIND | MS_REC, NULL));
	CHECK_STR("its submount", content("plain/t/f"), "subsub");
	mkdir(P("src/s/x"), 0755);
	CHECK_OK0("a recursive bind into itself", mount(P("src/s"), P("src/s/x"), NULL, MS_BIND | MS_REC, NULL));
	CHECK_STR("the submount copied once", content("src/s/x/t/f"), "subsub");
	CHECK_EQ("not the copy itself: x in it is empty", st_of(P("src/s/x/x")).st_mode & S_IFMT, S_IFDIR);
	CHECK_EQ("  (no t in it)", st_of(P("src/s/x/x/t")).st_mode, 0);
	show_mountinfo("mountinfo");
}

static void bind_flags(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("src", MS_NOSUID, "nr_inodes=20"));
	mkdir(P("dst"), 0755);
	mkdir(P("dst2"), 0755);
	CHECK_OK0("bind with MS_RDONLY|MS_NOEXEC", mount(P("src"), P("dst"), NULL, MS_BIND | MS_RDONLY | MS_NOEXEC,
							  NULL));
	CHECK_OK0("  ignored: writable", opened(P("dst/f"), O_CREAT | O_WRONLY));
	CHECK_OK0("MS_BIND|MS_REMOUNT|MS_RDONLY of dst", mount(NULL, P("dst"), NULL, MS_BIND | MS_REMOUNT | MS_RDONLY,
							     NULL));
	CHECK_ERR("dst: open for writing EROFS", open(P("dst/f"), O_WRONLY), EROFS);
	CHECK_ERR("dst: O_CREAT EROFS", open(P("dst/g"), O_CREAT | O_WRONLY, 0644), EROFS);
	CHECK_OK0("src: still writable", opened(P("src/f"), O_WRONLY));
	struct statfs sf;
	CHECK_OK0("statfs dst", statfs(P("dst"), &sf));
	CHECK_EQ("  ST_RDONLY|ST_RELATIME|ST_VALID: the remount dropped nosuid", sf.f_flags, 0x1021);
	CHECK_OK0("statfs src", statfs(P("src"), &sf));
	CHECK_EQ("  ST_NOSUID|ST_RELATIME|ST_VALID", sf.f_flags, 0x1022);
	CHECK_OK0("bind the read-only one", mount(P("dst"), P("dst2"), NULL, MS_BIND, NULL));
	CHECK_ERR("  read-only too", open(P("dst2/f"), O_WRONLY), EROFS);
	show_mountinfo("mountinfo");
	CHECK_OK0("MS_BIND|MS_REMOUNT of dst: rw again", mount(NULL, P("dst"), NULL, MS_BIND | MS_REMOUNT, NULL));
	int fd = open(P("dst/f"), O_WRONLY);
	CHECK_OK("  writable", fd);
	CHECK_ERR("read-only with a writer: EBUSY",
		  mount(NULL, P("dst"), NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL), EBUSY);
	CHECK_OK0("the other mount can", mount(NULL, P("src"), NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL));
	close(fd);
	CHECK_OK0("after the close", mount(NULL, P("dst"), NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL));
	CHECK_OK0("MS_BIND|MS_REMOUNT|MS_NOEXEC|MS_NOATIME",
		  mount(NULL, P("src"), NULL, MS_BIND | MS_REMOUNT | MS_NOEXEC | MS_NOATIME, NULL));
	CHECK_OK0("MS_BIND|MS_REMOUNT takes no data", mount("x", P("dst2"), "y", MS_BIND | MS_REMOUNT, "bogus"));
	mkdir(P("src/sub"), 0755);
	CHECK_ERR("not a mount's root: EINVAL", mount(NULL, P("src/sub"), NULL, MS_BIND | MS_REMOUNT, NULL), EINVAL);
	CHECK_ERR("MS_REMOUNT there: EINVAL", mount(NULL, P("src/sub"), NULL, MS_REMOUNT, NULL), EINVAL);
	CHECK_ERR("a missing one: ENOENT", mount(NULL, P("nothere"), NULL, MS_BIND | MS_REMOUNT, NULL), ENOENT);
	show_mountinfo("mountinfo");
}

static void remount_tmpfs(void)
{
	CHECK_OK0("a tmpfs, noatime,nosuid,dirsync", tmpfs_at("a", MS_NOATIME | MS_NOSUID | MS_DIRSYNC,
								"size=64k,nr_inodes=10,mode=700"));
	struct statfs sf;
	CHECK_OK0("remount size=128k", mount(NULL, P("a"), NULL, MS_REMOUNT, "size=128k"));
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_blocks", sf.f_blocks, 32);
	CHECK_EQ("f_files kept", sf.f_files, 10);
	show_mountinfo("mountinfo after size=128k (atime kept, nosuid gone, dirsync kept)");
	char page[4096] = { 0 };
	int fd = open(P("a/f"), O_CREAT | O_WRONLY, 0644);
	for (int i = 0; i < 8; i++)
		write(fd, page, sizeof page);
	CHECK_ERR("size below use: EINVAL", mount(NULL, P("a"), NULL, MS_REMOUNT, "size=16k"), EINVAL);
	CHECK_OK0("size at use", mount(NULL, P("a"), NULL, MS_REMOUNT, "size=32k"));
	CHECK_ERR("nr_inodes below use: EINVAL", mount(NULL, P("a"), NULL, MS_REMOUNT, "nr_inodes=1"), EINVAL);
	CHECK_ERR("a bad option: EINVAL", mount(NULL, P("a"), NULL, MS_REMOUNT, "bogus"), EINVAL);
	CHECK_ERR("a bad size: EINVAL", mount(NULL, P("a"), NULL, MS_REMOUNT, "size=x"), EINVAL);
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_blocks still", sf.f_blocks, 8);
	CHECK_ERR("ro with a writer: EBUSY", mount(NULL, P("a"), NULL, MS_REMOUNT | MS_RDONLY, NULL), EBUSY);
	CHECK_ERR("ro in data with a writer: EBUSY", mount(NULL, P("a"), NULL, MS_REMOUNT, "ro"), EBUSY);
	close(fd);
	CHECK_OK0("ro after the close", mount(NULL, P("a"), NULL, MS_REMOUNT | MS_RDONLY, NULL));
	CHECK_ERR("  open for writing: EROFS", open(P("a/f"), O_WRONLY), EROFS);
	CHECK_OK0("  for reading: fine", opened(P("a/f"), O_RDONLY));
	show_mountinfo("mountinfo ro");
	CHECK_OK0("rw again, strictatime, mode=755,uid=5", mount(NULL, P("a"), NULL, MS_REMOUNT | MS_STRICTATIME,
								"mode=755,uid=5"));
	CHECK_OK0("  writable", opened(P("a/f"), O_WRONLY));
	struct stat st = st_of(P("a"));
	say("root mode after remount mode=755: 0%o, uid %d\n", st.st_mode, (int)st.st_uid);
	show_mountinfo("mountinfo rw");
	CHECK_OK0("ro in data", mount(NULL, P("a"), NULL, MS_REMOUNT, "ro"));
	CHECK_ERR("  read-only", open(P("a/f"), O_WRONLY), EROFS);
	show_mountinfo("mountinfo after ro in data (the mount rw)");
	CHECK_OK0("rw, size=0: no limit", mount(NULL, P("a"), NULL, MS_REMOUNT, "size=0"));
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_blocks", sf.f_blocks, 0);
	CHECK_ERR("then a size: cannot limit it again", mount(NULL, P("a"), NULL, MS_REMOUNT, "size=1m"), EINVAL);
	CHECK_OK0("nr_inodes=0", mount(NULL, P("a"), NULL, MS_REMOUNT, "nr_inodes=0"));
	CHECK_ERR("then nr_inodes: EINVAL", mount(NULL, P("a"), NULL, MS_REMOUNT, "nr_inodes=100"), EINVAL);
	CHECK_ERR("dirsync in data: EINVAL", mount(NULL, P("a"), NULL, MS_REMOUNT, "dirsync"), EINVAL);
	CHECK_OK0("MS_DIRSYNC: ignored", mount(NULL, P("a"), NULL, MS_REMOUNT | MS_DIRSYNC, NULL));
	CHECK_OK0("sync, lazytime", mount(NULL, P("a"), NULL, MS_REMOUNT | MS_SYNCHRONOUS | MS_LAZYTIME, NULL));
	show_mountinfo("mountinfo");
	CHECK_OK0("MS_REMOUNT ignores type and source", mount("x", P("a"), "nosuchfs", MS_REMOUNT, NULL));
	CHECK_ERR("MS_REMOUNT of a non-mount: EINVAL", mount(NULL, tdir, NULL, MS_REMOUNT, NULL), EINVAL);
	mkdir(P("r"), 0755);
	CHECK_OK0("a ramfs", mount("r", P("r"), "ramfs", 0, NULL));
	CHECK_OK0("remount it with unknown options", mount(NULL, P("r"), NULL, MS_REMOUNT, "size=1m,bogus"));
	CHECK_OK0("remount it mode=700", mount(NULL, P("r"), NULL, MS_REMOUNT, "mode=700"));
	st = st_of(P("r"));
	say("ramfs root mode after remount mode=700: 0%o\n", st.st_mode);
	show_mountinfo("mountinfo");
}

static void move(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", MS_NOEXEC, "nr_inodes=10"));
	mk("a/f", "moved");
	CHECK_OK0("one on it", tmpfs_at("a/s", 0, "nr_inodes=11"));
	mk("a/s/f", "sub");
	mkdir(P("b"), 0755);
	mk("file", "x");
	CHECK_OK0("MS_MOVE a to b", mount(P("a"), P("b"), NULL, MS_MOVE, NULL));
	CHECK_STR("b has its file", content("b/f"), "moved");
	CHECK_STR("and its submount", content("b/s/f"), "sub");
	CHECK("a is a plain directory", !mounted_on(P("a")));
	show_mountinfo("mountinfo");
	mkdir(P("b/in"), 0755);
	CHECK_ERR("into itself: ELOOP", mount(P("b"), P("b/in"), NULL, MS_MOVE, NULL), ELOOP);
	CHECK_ERR("into its submount: ELOOP", mount(P("b"), P("b/s"), NULL, MS_MOVE, NULL), ELOOP);
	CHECK_ERR("not a mount's root: EINVAL", mount(P("b/in"), P("a"), NULL, MS_MOVE, NULL), EINVAL);
	CHECK_ERR("a plain directory: EINVAL", mount(P("a"), P("b/in"), NULL, MS_MOVE, NULL), EINVAL);
	CHECK_ERR("onto a file: EINVAL", mount(P("b"), P("file"), NULL, MS_MOVE, NULL), EINVAL);
	CHECK_ERR("no source: EINVAL", mount(NULL, P("a"), NULL, MS_MOVE, NULL), EINVAL);
	CHECK_ERR("a missing source: ENOENT", mount(P("nothere"), P("a"), NULL, MS_MOVE, NULL), ENOENT);
	CHECK_OK0("the submount out", mount(P("b/s"), P("a"), NULL, MS_MOVE, NULL));
	CHECK_STR("  there", content("a/f"), "sub");
	CHECK_ERR("onto itself: ELOOP", mount(P("a"), P("a"), NULL, MS_MOVE, NULL), ELOOP);
	CHECK_STR("  still there", content("a/f"), "sub");
	CHECK_OK0("MS_MOVE with other flags ignores them", mount(P("a"), P("b/in"), "x", MS_MOVE | MS_RDONLY, "bogus"));
	CHECK_OK0("  writable", opened(P("b/in/g"), O_CREAT | O_WRONLY));
	CHECK_OK0("make b shared", mount(NULL, P("b"), NULL, MS_SHARED, NULL));
	CHECK_ERR("moving out of a shared parent: EINVAL", mount(P("b/in"), P("a"), NULL, MS_MOVE, NULL), EINVAL);
	show_mountinfo("mountinfo");
}

static void propagation(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	mkdir(P("a/sub"), 0755);
	mkdir(P("b"), 0755);
	mkdir(P("c"), 0755);
	CHECK_OK0("MS_SHARED", mount(NULL, P("a"), NULL, MS_SHARED, NULL));
	CHECK_OK0("MS_SHARED again", mount("x", P("a"), "y", MS_SHARED, "z"));
	CHECK_OK0("bind it: a peer", mount(P("a"), P("b"), NULL, MS_BIND, NULL));
	CHECK_OK0("and another", mount(P("a"), P("c"), NULL, MS_BIND, NULL));
	show_mountinfo("shared");
	CHECK_OK0("c MS_SLAVE", mount(NULL, P("c"), NULL, MS_SLAVE, NULL));
	show_mountinfo("c a slave");
	CHECK_OK0("b MS_PRIVATE", mount(NULL, P("b"), NULL, MS_PRIVATE, NULL));
	CHECK_OK0("b MS_UNBINDABLE", mount(NULL, P("b"), NULL, MS_UNBINDABLE, NULL));
	show_mountinfo("b unbindable");
	CHECK_OK0("b MS_SLAVE (no master: private)", mount(NULL, P("b"), NULL, MS_SLAVE, NULL));
	CHECK_ERR("b MS_SHARED|MS_NOSUID: EINVAL", mount(NULL, P("b"), NULL, MS_SHARED | MS_NOSUID, NULL), EINVAL);
	CHECK_OK0("c MS_SHARED: a slave and shared", mount(NULL, P("c"), NULL, MS_SHARED, NULL));
	show_mountinfo("c shared and a slave");
	CHECK_ERR("two types: EINVAL", mount(NULL, P("a"), NULL, MS_SHARED | MS_PRIVATE, NULL), EINVAL);
	CHECK_ERR("with MS_RDONLY: EINVAL", mount(NULL, P("a"), NULL, MS_SHARED | MS_RDONLY, NULL), EINVAL);
	CHECK_ERR("with MS_MOVE: EINVAL", mount(NULL, P("a"), NULL, MS_PRIVATE | MS_MOVE, NULL), EINVAL);
	CHECK_ERR("not a mount's root: EINVAL", mount(NULL, P("a/sub"), NULL, MS_PRIVATE, NULL), EINVAL);
	CHECK_ERR("missing: ENOENT", mount(NULL, P("nothere"), NULL, MS_PRIVATE, NULL), ENOENT);
	CHECK_OK0("MS_PRIVATE|MS_REC|MS_SILENT", mount(NULL, P("a"), NULL, MS_PRIVATE | MS_REC | MS_SILENT, NULL));
	CHECK_OK0("a submount", tmpfs_at("a/sub", 0, "nr_inodes=11"));
	CHECK_OK0("MS_SHARED|MS_REC of a", mount(NULL, P("a"), NULL, MS_SHARED | MS_REC, NULL));
	show_mountinfo("a and its submount shared");
	CHECK_OK0("a new mount under a shared one", tmpfs_at("a/new", 0, "nr_inodes=12"));
	CHECK_OK0("a bind under a shared one", mount(P("c"), (mkdir(P("a/bnd"), 0755), P("a/bnd")), NULL, MS_BIND, NULL));
	show_mountinfo("new mounts under shared ones");
	CHECK_OK0("MS_UNBINDABLE|MS_REC of a", mount(NULL, P("a"), NULL, MS_UNBINDABLE | MS_REC, NULL));
	show_mountinfo("all unbindable");
}

int main(void)
{
	mnt_setup("t_mount_bind");
	RUN(bind_dir);
	RUN(bind_file);
	RUN(bind_rec);
	RUN(bind_flags);
	RUN(remount_tmpfs);
	RUN(move);
	RUN(propagation);
	mnt_cleanup();
	return cases_failed ? 1 : 0;
}
