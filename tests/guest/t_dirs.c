/* t_dirs - differential test of the name space: readdir, mkdir/rmdir,
 * rename, link, symlink/readlink, chmod/chown, access, chdir/getcwd,
 * mknod, umask, and permission checks as the ordinary user kunitz. Works
 * in /tmp/t_dirs.d; prints nothing that depends on the file system type
 * (no inode numbers, devices or readdir order). */
#include "check.h"
#include <grp.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of a directory joined by spaces; the d_type of `typeof`. */
static const char *listing(const char *dir, const char *typeof_name, int *type)
{
	static char out[2048];
	char *names[200];
	int n = 0;
	out[0] = 0;
	DIR *d = opendir(dir);
	if (!d)
		return "(opendir failed)";
	struct dirent *e;
	while ((e = readdir(d)) && n < 200) {
		names[n++] = strdup(e->d_name);
		if (typeof_name && !strcmp(e->d_name, typeof_name))
			*type = e->d_type;
	}
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);
	for (int i = 0; i < n; i++) {
		if (strlen(out) + strlen(names[i]) + 2 < sizeof out) {
			strcat(out, i ? " " : "");
			strcat(out, names[i]);
		}
		free(names[i]);
	}
	return out;
}

static void readdirs(void)
{
	int t = -1;
	mkdir(P("d"), 0755);
	mk("d/b", "");
	mk("d/a", "");
	mk("d/c", "");
	mkdir(P("d/sub"), 0755);
	CHECK_STR("readdir names", listing(P("d"), NULL, NULL), ". .. a b c sub");
	listing(P("d"), "a", &t);
	CHECK_EQ("d_type of a file", t, DT_REG);
	listing(P("d"), "sub", &t);
	CHECK_EQ("d_type of a dir", t, DT_DIR);
	listing(P("d"), ".", &t);
	CHECK_EQ("d_type of .", t, DT_DIR);
	symlink("a", P("d/ln"));
	listing(P("d"), "ln", &t);
	CHECK_EQ("d_type of a symlink", t, DT_LNK);
	unlink(P("d/ln"));

	mkdir(P("many"), 0755);
	for (int i = 0; i < 150; i++) {
		char n[64];
		snprintf(n, sizeof n, "many/file-with-a-longish-name-%03d", i);
		mk(n, "");
	}
	DIR *d = opendir(P("many"));
	int count = 0;
	while (readdir(d))
		count++;
	CHECK_EQ("readdir of 150 files (+ . ..)", count, 152);
	rewinddir(d);
	count = 0;
	while (readdir(d))
		count++;
	CHECK_EQ("rewinddir then readdir again", count, 152);
	closedir(d);
	unlink(P("d/a"));
	unlink(P("d/b"));
	unlink(P("d/c"));
	rmdir(P("d/sub"));
	CHECK_STR("emptied dir lists . and ..", listing(P("d"), NULL, NULL), ". ..");
	mk("f", "");
	errno = 0;
	CHECK("opendir on a file -> ENOTDIR", !opendir(P("f")) && errno == ENOTDIR);
	errno = 0;
	CHECK("opendir missing -> ENOENT", !opendir(P("nope")) && errno == ENOENT);
	int fd = open(P("f"), O_RDONLY);
	char buf[512];
	CHECK_SYSERR("getdents64 on a file -> ENOTDIR", ENOTDIR, SYS_getdents64, fd, buf, sizeof buf);
	CHECK_SYSERR("getdents64 bad fd -> EBADF", EBADF, SYS_getdents64, 1000, buf, sizeof buf);
	fd = open(P("d"), O_RDONLY | O_DIRECTORY);
	CHECK_SYSERR("getdents64 tiny buffer -> EINVAL", EINVAL, SYS_getdents64, fd, buf, 4);
}

static void dirs(void)
{
	CHECK_OK0("mkdir", mkdir(P("d"), 0777));
	CHECK_ERR("mkdir existing -> EEXIST", mkdir(P("d"), 0777), EEXIST);
	mk("f", "");
	CHECK_ERR("mkdir over a file -> EEXIST", mkdir(P("f"), 0777), EEXIST);
	CHECK_ERR("mkdir in missing dir -> ENOENT", mkdir(P("no/x"), 0777), ENOENT);
	CHECK_ERR("mkdir through a file -> ENOTDIR", mkdir(P("f/x"), 0777), ENOTDIR);
	CHECK_OK0("mkdir with trailing slash", mkdir(P("d2/"), 0777));
	mkdir(P("d/x"), 0777);
	CHECK_ERR("rmdir non-empty -> ENOTEMPTY", rmdir(P("d")), ENOTEMPTY);
	CHECK_ERR("rmdir d/. -> EINVAL", rmdir(P("d/.")), EINVAL);
	CHECK_ERR("rmdir d/x/.. -> ENOTEMPTY", rmdir(P("d/x/..")), ENOTEMPTY);
	CHECK_OK0("rmdir empty", rmdir(P("d/x")));
	CHECK_OK0("rmdir now empty", rmdir(P("d")));
	CHECK_ERR("rmdir missing -> ENOENT", rmdir(P("d")), ENOENT);
	CHECK_ERR("rmdir a file -> ENOTDIR", rmdir(P("f")), ENOTDIR);
	CHECK_ERR("unlink a dir -> EISDIR", unlink(P("d2")), EISDIR);
	CHECK_ERR("unlink missing -> ENOENT", unlink(P("nope")), ENOENT);
	CHECK_ERR("unlink file/ -> ENOTDIR", unlink(P("f/")), ENOTDIR);
	CHECK_OK0("unlink file", unlink(P("f")));
	CHECK_ERR("file gone", access(P("f"), F_OK), ENOENT);
	mkdir(P("gone"), 0777);
	int fd = open(P("gone"), O_RDONLY | O_DIRECTORY);
	CHECK_OK0("rmdir an open directory", rmdir(P("gone")));
	char buf[256];
	CHECK_ERR("getdents64 of it -> ENOENT", syscall(SYS_getdents64, fd, buf, sizeof buf), ENOENT);
	CHECK_ERR("a name made in it -> ENOENT", mkdirat(fd, "x", 0777), ENOENT);
	close(fd);
}

static void renames(void)
{
	struct stat a, b;
	mk("a", "A");
	mk("b", "B");
	CHECK_OK0("rename over existing file", rename(P("a"), P("b")));
	CHECK_STR("target has the source's data", content("b"), "A");
	CHECK_ERR("source is gone", access(P("a"), F_OK), ENOENT);
	CHECK_ERR("rename missing -> ENOENT", rename(P("a"), P("c")), ENOENT);
	CHECK_OK0("rename to itself", rename(P("b"), P("b")));
	CHECK_OK0("still there", access(P("b"), F_OK));
	link(P("b"), P("c"));
	CHECK_OK0("rename between hard links of one inode", rename(P("b"), P("c")));
	CHECK("both names remain (Linux)", access(P("b"), F_OK) == 0 && access(P("c"), F_OK) == 0);
	CHECK_EQ("nlink still 2", st_of(P("c")).st_nlink, 2);

	mkdir(P("d"), 0755);
	mkdir(P("d/sub"), 0755);
	CHECK_ERR("dir into its own subdir -> EINVAL", rename(P("d"), P("d/sub/x")), EINVAL);
	CHECK_ERR("dir into itself -> EINVAL", rename(P("d"), P("d/x")), EINVAL);
	CHECK_ERR("file over dir -> EISDIR", rename(P("b"), P("d")), EISDIR);
	CHECK_ERR("dir over file -> ENOTDIR", rename(P("d"), P("b")), ENOTDIR);
	mkdir(P("full"), 0755);
	mk("full/x", "");
	CHECK_ERR("dir over non-empty dir -> ENOTEMPTY", rename(P("d"), P("full")), ENOTEMPTY);
	mkdir(P("empty"), 0755);
	CHECK_OK0("dir over empty dir", rename(P("d"), P("empty")));
	CHECK_ERR("old dir name gone", access(P("d"), F_OK), ENOENT);
	CHECK_OK0("subdir moved along", access(P("empty/sub"), F_OK));
	CHECK_ERR("file/ as source -> ENOTDIR", rename(P("b/"), P("q")), ENOTDIR);

	mkdir(P("x"), 0755);
	mkdir(P("y"), 0755);
	mkdir(P("x/m"), 0755);
	CHECK_OK0("move dir to another parent", rename(P("x/m"), P("y/m")));
	stat(P("y/m/.."), &a);
	stat(P("y"), &b);
	CHECK("moved dir's .. is its new parent", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	CHECK_EQ("old parent nlink drops", st_of(P("x")).st_nlink, 2);
	CHECK_EQ("new parent nlink grows", st_of(P("y")).st_nlink, 3);
	int dfd = open(tdir, O_RDONLY | O_DIRECTORY);
	CHECK_OK0("renameat", renameat(dfd, "c", dfd, "c2"));
	CHECK_STR("renameat result", content("c2"), "A");
}

static void links(void)
{
	mk("f", "one");
	CHECK_OK0("link", link(P("f"), P("g")));
	CHECK_EQ("nlink 2", st_of(P("f")).st_nlink, 2);
	int fd = open(P("g"), O_WRONLY | O_APPEND);
	write(fd, "two", 3);
	close(fd);
	CHECK_STR("write through one name is seen by the other", content("f"), "onetwo");
	CHECK_OK0("unlink first name", unlink(P("f")));
	CHECK_EQ("nlink back to 1", st_of(P("g")).st_nlink, 1);
	CHECK_STR("data kept", content("g"), "onetwo");
	mkdir(P("d"), 0755);
	CHECK_ERR("link to a dir -> EPERM", link(P("d"), P("dl")), EPERM);
	mk("h", "");
	CHECK_ERR("link to existing name -> EEXIST", link(P("g"), P("h")), EEXIST);
	CHECK_ERR("link missing -> ENOENT", link(P("nope"), P("x")), ENOENT);
	symlink("g", P("sl"));
	CHECK_OK0("link to a symlink", link(P("sl"), P("sl2")));
	CHECK("link() does not follow the symlink", S_ISLNK(st_of(P("sl2")).st_mode));
	int dfd = open(tdir, O_RDONLY | O_DIRECTORY);
	CHECK_OK0("linkat", linkat(dfd, "g", dfd, "g2", 0));
	CHECK_EQ("nlink after linkat", st_of(P("g")).st_nlink, 2);
}

static void symlinks(void)
{
	char buf[64];
	mk("f", "data");
	CHECK_OK0("symlink", symlink("f", P("l")));
	memset(buf, 'x', sizeof buf);
	CHECK_EQ("readlink length", readlink(P("l"), buf, sizeof buf), 1);
	CHECK_EQ("readlink adds no NUL", buf[1], 'x');
	symlink("abcdef", P("long"));
	memset(buf, 0, sizeof buf);
	CHECK_EQ("readlink small buffer truncates", readlink(P("long"), buf, 2), 2);
	CHECK_STR("truncated target", buf, "ab");
	CHECK_ERR("readlink regular file -> EINVAL", readlink(P("f"), buf, sizeof buf), EINVAL);
	CHECK_ERR("readlink missing -> ENOENT", readlink(P("nope"), buf, sizeof buf), ENOENT);
	CHECK_STR("open through symlink", content("l"), "data");
	symlink("nowhere", P("dang"));
	struct stat st;
	CHECK_ERR("stat dangling -> ENOENT", stat(P("dang"), &st), ENOENT);
	CHECK_OK0("lstat dangling", lstat(P("dang"), &st));
	CHECK_ERR("O_CREAT|O_EXCL on symlink -> EEXIST",
		  open(P("dang"), O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_OK("O_CREAT through dangling symlink", open(P("dang"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK0("it created the target", access(P("nowhere"), F_OK));
	symlink("loop2", P("loop1"));
	symlink("loop1", P("loop2"));
	CHECK_ERR("symlink loop -> ELOOP", stat(P("loop1"), &st), ELOOP);
	CHECK_ERR("open loop -> ELOOP", open(P("loop1"), O_RDONLY), ELOOP);
	CHECK_ERR("O_NOFOLLOW on symlink -> ELOOP", open(P("l"), O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR("symlink over existing -> EEXIST", symlink("x", P("f")), EEXIST);
	CHECK_ERR("symlink empty target -> ENOENT", symlink("", P("empty")), ENOENT);
	mkdir(P("p"), 0755);
	mkdir(P("p/q"), 0755);
	mk("p/marker", "physical");
	mk("marker", "lexical");
	symlink("p/q", P("lq"));
	CHECK_STR("dir symlink then .. is physical", content("lq/../marker"), "physical");
	symlink(P("f"), P("abs"));
	CHECK_STR("absolute symlink", content("abs"), "data");
	CHECK_OK0("unlink symlink", unlink(P("l")));
	CHECK_OK0("target survives", access(P("f"), F_OK));
	int dfd = open(tdir, O_RDONLY | O_DIRECTORY);
	CHECK_OK0("symlinkat", symlinkat("f", dfd, "l2"));
	memset(buf, 0, sizeof buf);
	CHECK_EQ("readlinkat", readlinkat(dfd, "l2", buf, sizeof buf), 1);
	for (int i = 0; i < 45; i++) {     /* a chain of 45 links: over 40 */
		char n[16], t[16];
		snprintf(n, sizeof n, "c%d", i);
		snprintf(t, sizeof t, i ? "c%d" : "f", i - 1);
		symlinkat(t, dfd, n);
	}
	CHECK_STR("chain of 40 symlinks resolves", content("c39"), "data");
	CHECK_ERR("chain of 41 symlinks -> ELOOP", stat(P("c40"), &st), ELOOP);
}

static void modes(void)
{
	mk("f", "");
	CHECK_OK0("chmod", chmod(P("f"), 0600));
	CHECK_MODE("chmod result", st_of(P("f")).st_mode, S_IFREG | 0600);
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("fchmod", fchmod(fd, 0640));
	CHECK_MODE("fchmod result", st_of(P("f")).st_mode, S_IFREG | 0640);
	chmod(P("f"), 07777);
	CHECK_MODE("chmod 07777 as root", st_of(P("f")).st_mode, S_IFREG | 07777);
	chmod(P("f"), S_IFDIR | 0644);
	CHECK_MODE("chmod ignores type bits", st_of(P("f")).st_mode, S_IFREG | 0644);
	CHECK_ERR("chmod missing -> ENOENT", chmod(P("nope"), 0644), ENOENT);
	CHECK_OK0("chown", chown(P("f"), 1000, 100));
	struct stat st = st_of(P("f"));
	CHECK("chown result 1000:100", st.st_uid == 1000 && st.st_gid == 100);
	chown(P("f"), -1, 0);
	st = st_of(P("f"));
	CHECK("chown -1 keeps the uid", st.st_uid == 1000 && st.st_gid == 0);
	CHECK_OK0("fchown", fchown(fd, 0, 0));
	CHECK_EQ("fchown result", st_of(P("f")).st_uid, 0);
	chmod(P("f"), 04755);
	chown(P("f"), 0, 0);
	CHECK_MODE("chown clears setuid even for root", st_of(P("f")).st_mode, S_IFREG | 0755);
	chmod(P("f"), 02755);
	chown(P("f"), 0, 0);
	CHECK_MODE("chown clears setgid+group-exec", st_of(P("f")).st_mode, S_IFREG | 0755);
	symlink("f", P("l"));
	CHECK_OK0("lchown", lchown(P("l"), 1000, 100));
	CHECK_EQ("lchown changes the link", st_of(P("l")).st_uid, 1000);
	CHECK_EQ("lchown leaves the target", st_of(P("f")).st_uid, 0);
	mkdir(P("d"), 0700);
	chmod(P("d"), 01777);
	CHECK_MODE("sticky dir mode", st_of(P("d")).st_mode, S_IFDIR | 01777);
}

static void access_cwd(void)
{
	char buf[256], want[256];
	mk("f", "");
	CHECK_OK0("access F_OK", access(P("f"), F_OK));
	CHECK_ERR("access missing -> ENOENT", access(P("nope"), F_OK), ENOENT);
	chmod(P("f"), 0444);
	CHECK_OK0("root W_OK on 0444", access(P("f"), W_OK));
	chmod(P("f"), 0000);
	CHECK_OK0("root R_OK on 0000", access(P("f"), R_OK));
	chmod(P("f"), 0644);
	CHECK_ERR("root X_OK on 0644 -> EACCES", access(P("f"), X_OK), EACCES);
	chmod(P("f"), 0001);
	CHECK_OK0("root X_OK with any x bit", access(P("f"), X_OK));
	mkdir(P("d"), 0755);
	chmod(P("d"), 0);
	CHECK_OK0("root X_OK on 0000 dir", access(P("d"), X_OK));
	CHECK_ERR("access bad mode -> EINVAL", access(P("f"), 0100), EINVAL);

	CHECK_OK0("chdir", chdir(tdir));
	CHECK_STR("getcwd", getcwd(buf, sizeof buf), tdir);
	CHECK_EQ("raw getcwd returns length+1", syscall(SYS_getcwd, buf, sizeof buf),
		 (long)strlen(tdir) + 1);
	CHECK_ERR("getcwd small buffer -> ERANGE", getcwd(buf, 2) ? 0 : -1, ERANGE);
	CHECK_SYSERR("raw getcwd size 0 -> ERANGE", ERANGE, SYS_getcwd, buf, 0);
	mkdir("sub", 0755);
	CHECK_OK0("relative chdir", chdir("sub"));
	CHECK_STR("getcwd after relative chdir", getcwd(buf, sizeof buf), P("sub"));
	CHECK_OK("relative open", open("../f", O_RDONLY));
	chdir("..");
	CHECK_STR("chdir ..", getcwd(buf, sizeof buf), tdir);
	int fd = open(P("sub"), O_RDONLY | O_DIRECTORY);
	chdir("/");
	CHECK_OK0("fchdir", fchdir(fd));
	CHECK_STR("getcwd after fchdir", getcwd(buf, sizeof buf), P("sub"));
	fd = open(P("f"), O_RDONLY);
	CHECK_ERR("fchdir to a file -> ENOTDIR", fchdir(fd), ENOTDIR);
	CHECK_ERR("chdir to a file -> ENOTDIR", chdir(P("f")), ENOTDIR);
	CHECK_ERR("chdir missing -> ENOENT", chdir(P("nope")), ENOENT);
	symlink("sub", P("ls"));
	chdir(P("ls"));
	CHECK_STR("getcwd through a symlink is physical", getcwd(buf, sizeof buf), P("sub"));
	mkdir(P("gone"), 0755);
	chdir(P("gone"));
	rmdir(P("gone"));
	CHECK_SYSERR("getcwd of removed dir -> ENOENT", ENOENT, SYS_getcwd, buf, sizeof buf);
	CHECK_ERR("create in removed cwd -> ENOENT", open("x", O_CREAT | O_WRONLY, 0644), ENOENT);
	chdir("/");
	strcpy(want, "/");
	CHECK_STR("getcwd at /", getcwd(buf, sizeof buf), want);
}

static void mknods(void)
{
	char buf[8];
	CHECK_OK0("mknod S_IFREG", mknod(P("reg"), S_IFREG | 0600, 0));
	CHECK_MODE("mknod regular mode", st_of(P("reg")).st_mode, S_IFREG | 0600);
	CHECK_OK0("mknod type 0 makes a regular file", mknod(P("reg0"), 0644, 0));
	CHECK_MODE("type 0 mode", st_of(P("reg0")).st_mode, S_IFREG | 0644);
	CHECK_OK0("mknod char 1,3", mknod(P("null"), S_IFCHR | 0666, makedev(1, 3)));
	struct stat st = st_of(P("null"));
	CHECK_MODE("char dev mode (umask)", st.st_mode, S_IFCHR | 0644);
	CHECK("rdev 1,3", major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
	CHECK_EQ("char dev size", st.st_size, 0);
	int fd = open(P("null"), O_RDWR);
	CHECK_OK("open the node", fd);
	CHECK_EQ("write to null node", write(fd, "hello", 5), 5);
	CHECK_EQ("read from null node", read(fd, buf, sizeof buf), 0);
	close(fd);
	mknod(P("zero"), S_IFCHR | 0666, makedev(1, 5));
	fd = open(P("zero"), O_RDONLY);
	memset(buf, 0xff, sizeof buf);
	CHECK_EQ("read from zero node", read(fd, buf, sizeof buf), (long)sizeof buf);
	CHECK("zero node gives zeros", !memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
	CHECK_ERR("mknod S_IFDIR -> EPERM", mknod(P("dir"), S_IFDIR | 0755, 0), EPERM);
	CHECK_ERR("mknod existing -> EEXIST", mknod(P("reg"), S_IFREG | 0600, 0), EEXIST);
}

static void umasks(void)
{
	CHECK_MODE("umask returns the old mask", umask(027), 022);
	close(open(P("f"), O_CREAT | O_WRONLY, 0666));
	CHECK_MODE("file created under 027", st_of(P("f")).st_mode, S_IFREG | 0640);
	mkdir(P("d"), 0777);
	CHECK_MODE("dir created under 027", st_of(P("d")).st_mode, S_IFDIR | 0750);
	CHECK_MODE("umask 0", umask(0), 027);
	close(open(P("g"), O_CREAT | O_WRONLY, 0777));
	CHECK_MODE("file created under 0", st_of(P("g")).st_mode, S_IFREG | 0777);
	close(open(P("g"), O_CREAT | O_WRONLY, 0600));
	CHECK_MODE("O_CREAT on existing keeps the mode", st_of(P("g")).st_mode, S_IFREG | 0777);
	umask(022);
}

static void as_kunitz(void)
{
	char buf[64];
	setgroups(0, NULL);
	if (setgid(100) || setuid(1000)) {
		fail("become kunitz", "%s", errname(errno));
		return;
	}
	CHECK_ERR("write root's 0644 file -> EACCES", open(P("ro"), O_WRONLY), EACCES);
	CHECK_OK("read root's 0644 file", open(P("ro"), O_RDONLY));
	CHECK_ERR("read root's 0600 file -> EACCES", open(P("priv"), O_RDONLY), EACCES);
	CHECK_ERR("access W_OK -> EACCES", access(P("ro"), W_OK), EACCES);
	CHECK_OK0("access R_OK", access(P("ro"), R_OK));
	CHECK_ERR("truncate root's file -> EACCES", truncate(P("ro"), 0), EACCES);
	struct stat st;
	CHECK_ERR("lookup in a 0700 dir -> EACCES", stat(P("closed/file"), &st), EACCES);
	CHECK_STR("list a dir without x", listing(P("nox"), NULL, NULL), ". .. file");
	CHECK_ERR("lookup in a dir without x -> EACCES", stat(P("nox/file"), &st), EACCES);
	CHECK_ERR("create in root's 0755 dir -> EACCES",
		  open(P("new"), O_CREAT | O_WRONLY, 0644), EACCES);
	CHECK_ERR("mkdir in root's 0755 dir -> EACCES", mkdir(P("newd"), 0755), EACCES);
	int fd = open(P("open/mine"), O_CREAT | O_WRONLY, 0644);
	CHECK_OK("create in a 0777 dir", fd);
	fstat(fd, &st);
	CHECK("new file owned by 1000:100", st.st_uid == 1000 && st.st_gid == 100);
	CHECK_OK0("chown own file to own ids", fchown(fd, 1000, 100));
	CHECK_ERR("chown own file to root -> EPERM", fchown(fd, 0, 0), EPERM);
	CHECK_ERR("chmod root's file -> EPERM", chmod(P("ro"), 0666), EPERM);
	CHECK_ERR("utimensat NULL without write -> EACCES",
		  utimensat(AT_FDCWD, P("ro"), NULL, 0), EACCES);
	struct timespec ts[2] = { { 1, 0 }, { 1, 0 } };
	CHECK_ERR("utimensat times, not owner -> EPERM",
		  utimensat(AT_FDCWD, P("ro"), ts, 0), EPERM);
	CHECK_ERR("unlink root's file in sticky dir -> EPERM", unlink(P("sticky/rootf")), EPERM);
	CHECK_ERR("rename root's file in sticky dir -> EPERM",
		  rename(P("sticky/rootf"), P("sticky/x")), EPERM);
	close(open(P("sticky/mine"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK0("unlink own file in sticky dir", unlink(P("sticky/mine")));
	CHECK_ERR("mknod char dev as user -> EPERM",
		  mknod(P("open/dev"), S_IFCHR | 0600, makedev(1, 3)), EPERM);
	CHECK_OK0("getcwd still works", getcwd(buf, sizeof buf) ? 0 : -1);
}

static void perms(void)
{
	mk("ro", "data");
	mk("priv", "secret");
	chmod(P("priv"), 0600);
	mkdir(P("closed"), 0700);
	mk("closed/file", "");
	mkdir(P("nox"), 0755);
	mk("nox/file", "");
	chmod(P("nox"), 0744);
	mkdir(P("open"), 0755);
	chmod(P("open"), 0777);
	mkdir(P("sticky"), 0755);
	chmod(P("sticky"), 01777);
	mk("sticky/rootf", "");
	chmod(P("sticky/rootf"), 0666);
	int st = child_status(as_kunitz);
	CHECK_EXIT("checks as kunitz", st, 0);
}

int main(void)
{
	umask(022);
	tdir_setup("t_dirs");
	RUN(readdirs);
	RUN(dirs);
	RUN(renames);
	RUN(links);
	RUN(symlinks);
	RUN(modes);
	RUN(access_cwd);
	RUN(mknods);
	RUN(umasks);
	RUN(perms);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
