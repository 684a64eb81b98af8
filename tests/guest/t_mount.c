/* t_mount - mount(2) of new filesystems, differential against Linux 6.1:
 * tmpfs with its options (size=, nr_blocks=, nr_inodes=, mode=, uid=,
 * gid=, the generic ones in data) and what statfs and stat say of it,
 * ENOSPC when full; ramfs (no limits, unknown options ignored); proc and
 * mqueue mounted a second time; the mount flags as /proc/mounts and
 * statfs show them; the types refused; the errors of mount(2) in Linux's
 * order (EFAULT of each pointer, the target's lookup, then EPERM). All
 * inside the scratch directory (mnt_util.h). */
#include "mnt_util.h"
#include <sys/mman.h>

static void show_mountinfo(const char *name)
{
	char buf[4096];
	mountinfo_of_tdir(buf, sizeof buf);
	show_lines(name, buf);
}

static void show_mounts(const char *name)
{
	char buf[4096];
	mounts_of_tdir(buf, sizeof buf);
	show_lines(name, buf);
}

static void tmpfs_default(void)
{
	struct stat top = st_of(tdir), st;
	CHECK_OK0("mount tmpfs", tmpfs_at("a", 0, NULL));
	st = st_of(P("a"));
	CHECK("st_dev differs from the parent's", st.st_dev != top.st_dev);
	CHECK_MODE("its root's mode", st.st_mode, S_IFDIR | 01777);
	CHECK_EQ("owned by root", st.st_uid, 0);
	CHECK_EQ("group root", st.st_gid, 0);
	CHECK_EQ("two links", st.st_nlink, 2);
	struct statfs sf;
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_type TMPFS_MAGIC", sf.f_type, TMPFS_MAGIC_);
	CHECK_EQ("f_bsize", sf.f_bsize, 4096);
	CHECK_EQ("f_namelen", sf.f_namelen, 255);
	CHECK_EQ("f_flags: ST_VALID|ST_RELATIME", sf.f_flags, 0x20 | 0x1000);
	CHECK("f_blocks as f_bfree", sf.f_blocks == sf.f_bfree && sf.f_blocks > 0);
	CHECK_OK0("a file inside", mk("a/f", "hello"));
	CHECK_STR("read back", content("a/f"), "hello");
	CHECK_EQ("the file's st_dev is the mount's", st_of(P("a/f")).st_dev, st.st_dev);
	show_mounts("/proc/mounts");
	show_mountinfo("mountinfo");
	CHECK_OK0("umount", umount(P("a")));
	CHECK_EQ("the file is gone with it", st_of(P("a/f")).st_mode, 0);
	CHECK_EQ("st_dev the parent's again", st_of(P("a")).st_dev, top.st_dev);
}

static void tmpfs_options(void)
{
	CHECK_OK0("size=1m,nr_inodes=10,mode=700,uid=1000,gid=2000",
		  tmpfs_at("a", 0, "size=1m,nr_inodes=10,mode=700,uid=1000,gid=2000"));
	struct stat st = st_of(P("a"));
	CHECK_MODE("root mode", st.st_mode, S_IFDIR | 0700);
	CHECK_EQ("root uid", st.st_uid, 1000);
	CHECK_EQ("root gid", st.st_gid, 2000);
	struct statfs sf;
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_blocks", sf.f_blocks, 256);
	CHECK_EQ("f_bfree", sf.f_bfree, 256);
	CHECK_EQ("f_bavail", sf.f_bavail, 256);
	CHECK_EQ("f_files", sf.f_files, 10);
	CHECK_EQ("f_ffree", sf.f_ffree, 9);
	show_mountinfo("mountinfo");

	CHECK_OK0("nr_blocks=16,nr_inodes=0", tmpfs_at("b", 0, "nr_blocks=16,nr_inodes=0"));
	CHECK_OK0("statfs", statfs(P("b"), &sf));
	CHECK_EQ("f_blocks", sf.f_blocks, 16);
	CHECK_EQ("f_files (no limit)", sf.f_files, 0);
	CHECK_EQ("f_ffree (no limit)", sf.f_ffree, 0);
	CHECK_OK0("size=0: no limit", tmpfs_at("c", 0, "size=0"));
	CHECK_OK0("statfs", statfs(P("c"), &sf));
	CHECK_EQ("f_blocks (no limit)", sf.f_blocks, 0);
	CHECK_OK0("size=5000: rounded up to pages", tmpfs_at("d", 0, "size=5000"));
	CHECK_OK0("statfs", statfs(P("d"), &sf));
	CHECK_EQ("f_blocks", sf.f_blocks, 2);
	CHECK_OK0("size=2m,size=1k: the last one counts", tmpfs_at("e", 0, "size=2m,size=1k"));
	CHECK_OK0("statfs", statfs(P("e"), &sf));
	CHECK_EQ("f_blocks", sf.f_blocks, 1);
	CHECK_OK0("size=10%", tmpfs_at("f", 0, "size=10%"));
	CHECK_OK0("statfs", statfs(P("f"), &sf));
	CHECK("  some blocks", sf.f_blocks > 0);
	CHECK_OK0("umount it (its size is the machine's)", umount(P("f")));
	CHECK_OK0("mode=01777,uid=0x10,gid=010", tmpfs_at("g", 0, "mode=01777,uid=0x10,gid=010"));
	st = st_of(P("g"));
	CHECK_MODE("root mode", st.st_mode, S_IFDIR | 01777);
	CHECK_EQ("uid=0x10 is 16", st.st_uid, 16);
	CHECK_EQ("gid=010 is 8", st.st_gid, 8);
	CHECK_OK0("empty options and commas", tmpfs_at("h", 0, ",,nr_inodes=5,"));
	CHECK_OK0("statfs", statfs(P("h"), &sf));
	CHECK_EQ("f_files", sf.f_files, 5);
	CHECK_OK0("ro,sync,dirsync in data", tmpfs_at("i", 0, "nr_inodes=5,ro,dirsync,sync"));
	CHECK_ERR("  read-only: O_CREAT", open(P("i/x"), O_CREAT | O_WRONLY, 0644), EROFS);
	CHECK_OK0("statfs", statfs(P("i"), &sf));
	CHECK_EQ("f_flags: ST_VALID|ST_RELATIME|ST_RDONLY|ST_SYNCHRONOUS", sf.f_flags, 0x1031);
	CHECK_OK0("MS_RDONLY, rw in data", tmpfs_at("j", MS_RDONLY, "nr_inodes=5,rw"));
	CHECK_ERR("  the mount is read-only", open(P("j/x"), O_CREAT | O_WRONLY, 0644), EROFS);
	show_mounts("/proc/mounts");
	show_mountinfo("mountinfo");
}

static void tmpfs_bad_options(void)
{
	static const char *const bad[] = {
		"bogus", "size=abc", "size=", "size=1q", "nr_inodes=10%", "nr_inodes=x",
		"nr_blocks=1%", "mode=0x1ff", "mode=8", "mode=", "uid=abc", "gid=1x",
		"uid=-1", "size", "mode", "uid=4294967295", "size=1m,bogus",
	};
	mkdir(P("a"), 0755);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[64];
		snprintf(name, sizeof name, "\"%s\"", bad[i]);
		CHECK_ERR(name, mount("tmpfs", P("a"), "tmpfs", 0, bad[i]), EINVAL);
	}
	CHECK("nothing was mounted", !mounted_on(P("a")));
	static const char *const fine[] = { "uid=4294967294", "mode=7777", "gid=0", "nr_inodes=1k" };
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		char name[64];
		snprintf(name, sizeof name, "\"%s\"", fine[i]);
		CHECK_OK0(name, mount("tmpfs", P("a"), "tmpfs", 0, fine[i]));
	}
	show_mountinfo("mountinfo");
}

static void tmpfs_full(void)
{
	CHECK_OK0("size=64k,nr_inodes=4", tmpfs_at("a", 0, "size=64k,nr_inodes=4"));
	char page[4096];
	memset(page, 'x', sizeof page);
	int fd = open(P("a/big"), O_CREAT | O_WRONLY, 0644);
	int pages = 0;
	while (pages < 100 && write(fd, page, sizeof page) == (ssize_t)sizeof page)
		pages++;
	CHECK_EQ("pages written", pages, 16);
	CHECK_ERR("then ENOSPC", write(fd, page, sizeof page), ENOSPC);
	struct statfs sf;
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_bfree", sf.f_bfree, 0);
	CHECK_EQ("f_ffree", sf.f_ffree, 2);
	CHECK_OK0("ftruncate to 0", ftruncate(fd, 0));
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_bfree back", sf.f_bfree, 16);
	close(fd);
	int files = 0;
	for (int i = 0; i < 10; i++) {
		char rel[32];
		snprintf(rel, sizeof rel, "a/f%d", i);
		int f = open(P(rel), O_CREAT | O_WRONLY, 0644);
		if (f < 0) {
			CHECK_EQ("the next file: ENOSPC", errno, ENOSPC);
			break;
		}
		close(f);
		files++;
	}
	CHECK_EQ("files made besides big", files, 2);
	CHECK_ERR("mkdir: ENOSPC", mkdir(P("a/d"), 0755), ENOSPC);
	CHECK_ERR("symlink: ENOSPC", symlink("x", P("a/l")), ENOSPC);
	CHECK_ERR("a hard link takes an inode too: ENOSPC", link(P("a/f0"), P("a/f0b")), ENOSPC);
	CHECK_OK0("unlink", unlink(P("a/f0")));
	CHECK_OK0("a hard link now", link(P("a/f1"), P("a/f1b")));
	CHECK_OK0("unlink both names", unlink(P("a/f1")) | unlink(P("a/f1b")));
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_ffree", sf.f_ffree, 2);
	CHECK_OK0("mkdir now", mkdir(P("a/d"), 0755));
}

static void ramfs_mount(void)
{
	struct stat top = st_of(tdir);
	CHECK_OK0("mount ramfs", mount("none", (mkdir(P("a"), 0755), P("a")), "ramfs", 0, NULL));
	struct stat st = st_of(P("a"));
	CHECK("st_dev differs from the parent's", st.st_dev != top.st_dev);
	CHECK_MODE("its root's mode", st.st_mode, S_IFDIR | 0755);
	struct statfs sf;
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_type RAMFS_MAGIC", sf.f_type, RAMFS_MAGIC_);
	CHECK_EQ("f_blocks 0", sf.f_blocks, 0);
	CHECK_EQ("f_files 0", sf.f_files, 0);
	CHECK_EQ("f_bsize", sf.f_bsize, 4096);
	CHECK_EQ("f_namelen", sf.f_namelen, 255);
	CHECK_OK0("a file", mk("a/f", "x"));
	CHECK_OK0("unknown options ignored", mount("r", (mkdir(P("b"), 0755), P("b")), "ramfs", 0,
						   "size=1k,bogus,nr_inodes=1,mode=0700"));
	CHECK_MODE("but mode= is taken", st_of(P("b")).st_mode, S_IFDIR | 0700);
	char page[4096] = { 0 };
	int fd = open(P("b/f"), O_CREAT | O_WRONLY, 0644);
	CHECK_EQ("size=1k does not limit it", write(fd, page, sizeof page) + write(fd, page, sizeof page), 8192);
	close(fd);
	CHECK_OK0("nor nr_inodes=1", mk("b/g", "x"));
	CHECK_ERR("a bad mode= still EINVAL", mount("r", P("b"), "ramfs", 0, "mode=9"), EINVAL);
	show_mounts("/proc/mounts");
	show_mountinfo("mountinfo");
}

static void proc_mqueue_again(void)
{
	mkdir(P("p"), 0755);
	CHECK_OK0("mount proc", mount("proc", P("p"), "proc", 0, NULL));
	struct statfs sf;
	CHECK_OK0("statfs", statfs(P("p"), &sf));
	CHECK_EQ("f_type PROC_SUPER_MAGIC", sf.f_type, PROC_MAGIC_);
	char path[300], buf[64];
	snprintf(path, sizeof path, "%s/self/comm", P("p"));
	CHECK("its self/comm readable", get_file(path, buf, sizeof buf) > 0);
	CHECK_OK0("proc on it again (a new instance in Linux)", mount("proc", P("p"), "proc", 0, NULL));
	mkdir(P("q"), 0755);
	mkdir(P("q2"), 0755);
	CHECK_OK0("mount mqueue", mount("mqueue", P("q"), "mqueue", 0, NULL));
	CHECK_OK0("and again elsewhere", mount("mq2", P("q2"), "mqueue", 0, NULL));
	CHECK_EQ("one filesystem: the same st_dev", st_of(P("q")).st_dev, st_of(P("q2")).st_dev);
	CHECK_OK0("statfs", statfs(P("q"), &sf));
	CHECK_EQ("f_type MQUEUE_MAGIC", sf.f_type, MQUEUE_MAGIC_);
	CHECK_ERR("mqueue on it again: EBUSY", mount("mqueue", P("q"), "mqueue", 0, NULL), EBUSY);
	CHECK_OK0("tmpfs on tmpfs: stacked", tmpfs_at("t", 0, "nr_inodes=3"));
	struct stat a = st_of(P("t"));
	CHECK_OK0("a second tmpfs on it", mount("t2", P("t"), "tmpfs", 0, "nr_inodes=4"));
	CHECK("the top one is seen", st_of(P("t")).st_dev != a.st_dev);
	CHECK_OK0("proc on the tmpfs", mount("proc", P("t"), "proc", 0, NULL));
	CHECK_OK0("mqueue on the proc", mount("mqueue", P("t"), "mqueue", 0, NULL));
	CHECK_ERR("mqueue on that mqueue: EBUSY", mount("mqueue", P("t"), "mqueue", 0, NULL), EBUSY);
	CHECK_EQ("  the mqueue is seen there", st_of(P("t")).st_dev, st_of(P("q")).st_dev);
	show_mounts("/proc/mounts");
	show_mountinfo("mountinfo");
	CHECK_OK0("umount the mqueue", umount(P("t")));
	CHECK_OK0("umount the proc", umount(P("t")));
	CHECK_OK0("umount the second tmpfs", umount(P("t")));
	CHECK_EQ("the first one is seen again", st_of(P("t")).st_dev, a.st_dev);
}

static void types(void)
{
	mkdir(P("a"), 0755);
	CHECK_ERR("unknown type: ENODEV", mount("x", P("a"), "nosuchfs", 0, NULL), ENODEV);
	CHECK_ERR("empty type: ENODEV", mount("x", P("a"), "", 0, NULL), ENODEV);
	CHECK_ERR("NULL type: EINVAL", mount("x", P("a"), NULL, 0, NULL), EINVAL);
	CHECK_ERR("sockfs: EINVAL", mount("x", P("a"), "sockfs", 0, NULL), EINVAL);
	CHECK_ERR("pipefs: EINVAL", mount("x", P("a"), "pipefs", 0, NULL), EINVAL);
	CHECK_ERR("unknown type, missing target: ENOENT",
		  mount("x", P("nothere"), "nosuchfs", 0, NULL), ENOENT);
	CHECK_OK0("NULL source for tmpfs", mount(NULL, P("a"), "tmpfs", 0, "nr_inodes=5"));
	CHECK_OK0("empty source for tmpfs", mount("", P("a"), "tmpfs", 0, "nr_inodes=6"));
	CHECK_OK0("MS_MGC_VAL in the top bits", mount("m", P("a"), "tmpfs", MS_MGC_VAL, "nr_inodes=7"));
	CHECK_ERR("MS_NOUSER: EINVAL", mount("x", P("a"), "tmpfs", MS_NOUSER, NULL), EINVAL);
	CHECK_ERR("MS_NOUSER, missing target: ENOENT",
		  mount("x", P("nothere"), "tmpfs", MS_NOUSER, NULL), ENOENT);
	show_mounts("/proc/mounts");
}

static void flags(void)
{
	CHECK_OK0("nosuid,nodev,noexec,noatime", tmpfs_at("a", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME,
							  "nr_inodes=8"));
	CHECK_OK0("strictatime,nodiratime", tmpfs_at("b", MS_STRICTATIME | MS_NODIRATIME, "nr_inodes=8"));
	CHECK_OK0("noatime and strictatime", tmpfs_at("c", MS_NOATIME | MS_STRICTATIME, "nr_inodes=8"));
	CHECK_OK0("relatime", tmpfs_at("d", MS_RELATIME, "nr_inodes=8"));
	CHECK_OK0("rdonly,sync,dirsync,lazytime,nosymfollow",
		  tmpfs_at("e", MS_RDONLY | MS_SYNCHRONOUS | MS_DIRSYNC | MS_LAZYTIME | MS_NOSYMFOLLOW,
			   "nr_inodes=8"));
	CHECK_OK0("MS_SILENT, MS_VERBOSE", tmpfs_at("f", MS_SILENT | 0x8000, "nr_inodes=8"));
	CHECK_OK0("MS_REC alone: a new mount", tmpfs_at("g", MS_REC, "nr_inodes=8"));
	const char *rels[] = { "a", "b", "c", "d", "e", "f", "g" };
	for (int i = 0; i < 7; i++) {
		struct statfs sf;
		char name[64];
		snprintf(name, sizeof name, "statfs f_flags of %s", rels[i]);
		if (statfs(P(rels[i]), &sf) < 0)
			fail(name, "statfs: %s", errname(errno));
		else
			say("%s: 0x%lx\n", name, (unsigned long)sf.f_flags);
	}
	CHECK_ERR("read-only: open for writing", open(P("e/x"), O_CREAT | O_WRONLY, 0644), EROFS);
	show_mounts("/proc/mounts");
	show_mountinfo("mountinfo");
}

/* mount(2)'s pointers: each one bad, then with other errors. */
static void efault(void)
{
	char *bad = (char *)1;
	mkdir(P("a"), 0755);
	CHECK_ERR("bad target", mount("x", bad, "tmpfs", 0, NULL), EFAULT);
	CHECK_ERR("bad type", mount("x", P("a"), bad, 0, NULL), EFAULT);
	CHECK_ERR("bad source", mount(bad, P("a"), "tmpfs", 0, NULL), EFAULT);
	CHECK_ERR("bad data", mount("x", P("a"), "tmpfs", 0, bad), EFAULT);
	CHECK_ERR("bad type, missing target", mount("x", P("nothere"), bad, 0, NULL), EFAULT);
	CHECK_ERR("bad data, missing target", mount("x", P("nothere"), "tmpfs", 0, bad), EFAULT);
	CHECK_ERR("bad source, remount (unused)", mount(bad, P("a"), NULL, MS_REMOUNT, NULL), EFAULT);
	CHECK_ERR("bad type, bind (unused)", mount(P("a"), P("a"), bad, MS_BIND, NULL), EFAULT);
	/* Options that end where the page does: copied as far as they can be. */
	char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(pg + 4096, 4096);
	strcpy(pg + 4096 - 12, "nr_inodes=3");
	CHECK_OK0("data at the end of a page", mount("x", P("a"), "tmpfs", 0, pg + 4096 - 12));
	struct statfs sf;
	CHECK_OK0("statfs", statfs(P("a"), &sf));
	CHECK_EQ("f_files", sf.f_files, 3);
	memcpy(pg + 4096 - 5, "size=", 5);
	CHECK_ERR("unterminated at the end of a page", mount("x", P("a"), "tmpfs", 0, pg + 4096 - 5), EINVAL);
	strcpy(pg + 4096 - 6, "tmpfs");
	CHECK_OK0("a type at the end of a page", mount("x", P("a"), pg + 4096 - 6, 0, NULL));
	memcpy(pg + 4096 - 5, "tmpfs", 5);
	CHECK_ERR("an unterminated type", mount("x", P("a"), pg + 4096 - 5, 0, NULL), EFAULT);
	char *long_str = malloc(5000);
	memset(long_str, 'a', 4999);
	long_str[4999] = 0;
	CHECK_ERR("a type longer than PATH_MAX", mount("x", P("a"), long_str, 0, NULL), EINVAL);
	CHECK_ERR("a source longer than PATH_MAX", mount(long_str, P("a"), "tmpfs", 0, NULL), EINVAL);
	CHECK_ERR("a target longer than PATH_MAX", mount("x", long_str, "tmpfs", 0, NULL), ENAMETOOLONG);
	long_str[4000] = 0;
	CHECK_ERR("a 4000-byte type", mount("x", P("a"), long_str, 0, NULL), ENODEV);
	memset(long_str, 'a', 4096);
	long_str[4096] = 0;
	CHECK_ERR("a type of PATH_MAX bytes", mount("x", P("a"), long_str, 0, NULL), EINVAL);
	long_str[4095] = 0;
	CHECK_ERR("a type of PATH_MAX-1 bytes", mount("x", P("a"), long_str, 0, NULL), ENODEV);
}

static void lookup_errors(void)
{
	mk("file", "x");
	symlink("loop1", P("loop2"));
	symlink("loop2", P("loop1"));
	symlink("a", P("link"));
	mkdir(P("a"), 0755);
	char name[400];
	snprintf(name, sizeof name, "%s/", tdir);
	memset(name + strlen(name), 'n', 256);
	name[strlen(tdir) + 257] = 0;
	CHECK_ERR("missing target: ENOENT", mount("x", P("nothere"), "tmpfs", 0, NULL), ENOENT);
	CHECK_ERR("missing parent: ENOENT", mount("x", P("no/there"), "tmpfs", 0, NULL), ENOENT);
	CHECK_ERR("empty target: ENOENT", mount("x", "", "tmpfs", 0, NULL), ENOENT);
	CHECK_ERR("under a file: ENOTDIR", mount("x", P("file/x"), "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR("a file with a slash: ENOTDIR", mount("x", P("file/"), "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR("tmpfs on a file: ENOTDIR", mount("x", P("file"), "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR("a long name: ENAMETOOLONG", mount("x", name, "tmpfs", 0, NULL), ENAMETOOLONG);
	CHECK_ERR("a symlink loop: ELOOP", mount("x", P("loop1"), "tmpfs", 0, NULL), ELOOP);
	CHECK_OK0("through a symlink", mount("x", P("link"), "tmpfs", 0, "nr_inodes=9"));
	CHECK("mounted on what it names", mounted_on(P("a")));
	CHECK("the link itself is still a link", S_ISLNK(st_of(P("link")).st_mode));
	show_mounts("/proc/mounts");
}

static void user_errors(void)
{
	char *bad = (char *)1;
	CHECK_ERR("as a user: EPERM", mount("x", P("a"), "tmpfs", 0, NULL), EPERM);
	CHECK_ERR("as a user, missing target: ENOENT", mount("x", P("nothere"), "tmpfs", 0, NULL), ENOENT);
	CHECK_ERR("as a user, under a file: ENOTDIR", mount("x", P("file/x"), "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR("as a user, bad type: EFAULT", mount("x", P("a"), bad, 0, NULL), EFAULT);
	CHECK_ERR("as a user, unknown type: EPERM", mount("x", P("a"), "nosuchfs", 0, NULL), EPERM);
	CHECK_ERR("as a user, NULL type: EPERM", mount("x", P("a"), NULL, 0, NULL), EPERM);
	CHECK_ERR("as a user, MS_NOUSER: EINVAL", mount("x", P("a"), "tmpfs", MS_NOUSER, NULL), EINVAL);
	CHECK_ERR("as a user, bad options: EPERM", mount("x", P("a"), "tmpfs", 0, "bogus"), EPERM);
	CHECK_ERR("as a user, bind: EPERM", mount(P("a"), P("b"), NULL, MS_BIND, NULL), EPERM);
	CHECK_ERR("as a user, remount: EPERM", mount(NULL, P("m"), NULL, MS_REMOUNT, NULL), EPERM);
	CHECK_ERR("as a user, private: EPERM", mount(NULL, P("m"), NULL, MS_PRIVATE, NULL), EPERM);
	CHECK_ERR("as a user, move: EPERM", mount(P("m"), P("b"), NULL, MS_MOVE, NULL), EPERM);
	CHECK_ERR("as a user, search denied: EACCES", mount("x", P("closed/a"), "tmpfs", 0, NULL), EACCES);
}

static void as_nonroot(void)
{
	mkdir(P("a"), 0755);
	mkdir(P("b"), 0755);
	mk("file", "x");
	mkdir(P("closed"), 0700);
	mkdir(P("closed/a"), 0700);
	tmpfs_at("m", 0, "nr_inodes=5");
	CHECK_EXIT("the user's checks", as_user(user_errors), 0);
	CHECK("nothing mounted on a", !mounted_on(P("a")));
}

int main(void)
{
	mnt_setup("t_mount");
	RUN(tmpfs_default);
	RUN(tmpfs_options);
	RUN(tmpfs_bad_options);
	RUN(tmpfs_full);
	RUN(ramfs_mount);
	RUN(proc_mqueue_again);
	RUN(types);
	RUN(flags);
	RUN(efault);
	RUN(lookup_errors);
	RUN(as_nonroot);
	mnt_cleanup();
	return cases_failed ? 1 : 0;
}
