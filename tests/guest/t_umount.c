/* t_umount - umount(2) and umount2(2), differential against Linux 6.1:
 * busy mounts (a cwd, an open file or directory, a submount) are EBUSY;
 * MNT_DETACH while busy (the files go on working, the mount is gone from
 * /proc/mounts); MNT_EXPIRE's two calls, and a use in between; the
 * errors in Linux's order (flags, the lookup, EPERM, EINVAL);
 * UMOUNT_NOFOLLOW. And how the rest of the system sees a mount: getcwd
 * and pwd inside one and after "cd ..", readdir of a mount point and of
 * its parent, rmdir/rename/unlink of a mount point, rename and link
 * across mounts (EXDEV). All inside the scratch directory (mnt_util.h). */
#include "mnt_util.h"

static void show_mounts(const char *name)
{
	char buf[4096];
	mounts_of_tdir(buf, sizeof buf);
	show_lines(name, buf);
}

static void busy(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	mk("a/f", "data");
	mkdir(P("a/sub"), 0755);
	char here[256];
	getcwd(here, sizeof here);
	CHECK_OK0("chdir into it", chdir(P("a/sub")));
	CHECK_ERR("umount: EBUSY (our cwd)", umount(P("a")), EBUSY);
	chdir(here);
	int fd = open(P("a/f"), O_RDONLY);
	CHECK_ERR("umount: EBUSY (an open file)", umount(P("a")), EBUSY);
	close(fd);
	int dfd = open(P("a/sub"), O_RDONLY | O_DIRECTORY);
	CHECK_ERR("umount: EBUSY (an open directory)", umount(P("a")), EBUSY);
	close(dfd);
	int pfd = open(P("a"), O_PATH);
	CHECK_ERR("umount: EBUSY (an O_PATH of its root)", umount(P("a")), EBUSY);
	close(pfd);
	CHECK_OK0("a submount", tmpfs_at("a/sub", 0, "nr_inodes=11"));
	CHECK_ERR("umount: EBUSY (a submount)", umount(P("a")), EBUSY);
	CHECK_ERR("MNT_FORCE: EBUSY too", umount2(P("a"), MNT_FORCE), EBUSY);
	pid_t pid = fork();
	if (pid == 0) {
		chdir(P("a/sub"));
		pause();
		_exit(0);
	}
	usleep(100000);
	CHECK_ERR("the submount: EBUSY (another process's cwd)", umount(P("a/sub")), EBUSY);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_OK0("the submount after it died", umount(P("a/sub")));
	CHECK_OK0("then the mount", umount(P("a")));
	show_mounts("left");
}

/* getcwd(2) itself: musl's getcwd refuses a path that does not start
 * with '/', as "(unreachable)/..." does. */
static long raw_getcwd(char *buf, size_t size)
{
	memset(buf, 0, size);
	return syscall(SYS_getcwd, buf, size);
}

static void detach(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	CHECK_OK0("a submount", tmpfs_at("a/s", 0, "nr_inodes=11"));
	mk("a/f", "data");
	mk("a/s/g", "sub");
	struct stat mst = st_of(P("a")), top = st_of(tdir);
	int fd = open(P("a/f"), O_RDWR);
	int dfd = open(P("a"), O_RDONLY | O_DIRECTORY);
	char here[256];
	getcwd(here, sizeof here);
	chdir(P("a/s"));
	CHECK_OK0("MNT_DETACH while busy", umount2(P("a"), MNT_DETACH));
	show_mounts("mounts after");
	CHECK_EQ("a is the parent's directory again", st_of(P("a")).st_dev, top.st_dev);
	char buf[16] = "";
	CHECK_EQ("the open file still reads", pread(fd, buf, sizeof buf - 1, 0), 4);
	CHECK_EQ("and writes", pwrite(fd, "more", 4, 4), 4);
	struct stat fst;
	fstat(fd, &fst);
	CHECK_EQ("its st_dev the mount's", fst.st_dev, mst.st_dev);
	int f2 = openat(dfd, "f", O_RDONLY);
	CHECK_OK("openat from the old root", f2);
	CHECK_EQ("  reads what was written", read(f2, buf, sizeof buf - 1), 8);
	close(f2);
	CHECK_OK0("a file made in it", mkdirat(dfd, "new", 0755));
	char cwd[256];
	CHECK_OK("getcwd(2) in the detached submount", raw_getcwd(cwd, sizeof cwd));
	say("getcwd: %s\n", R(cwd));
	CHECK_STR("our cwd's file", content("a/s/g"), "(unreadable)");
	int g = open("g", O_RDONLY);
	CHECK_OK("the cwd's file by a relative path", g);
	close(g);
	CHECK_OK0("chdir .. from its root", chdir(".."));
	CHECK_OK("  getcwd(2)", raw_getcwd(cwd, sizeof cwd));
	say("getcwd after ..: %s\n", R(cwd));
	CHECK_OK0("chdir .. again", chdir(".."));
	CHECK_OK("  getcwd(2)", raw_getcwd(cwd, sizeof cwd));
	say("getcwd after .. again: %s\n", R(cwd));
	chdir(here);
	close(fd);
	close(dfd);
	CHECK_ERR("umount a again: EINVAL", umount(P("a")), EINVAL);
	show_mounts("mounts at the end");
}

static void expire(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	CHECK_ERR("MNT_EXPIRE: EAGAIN, marked", umount2(P("a"), MNT_EXPIRE), EAGAIN);
	CHECK_ERR("MNT_EXPIRE|MNT_DETACH: EINVAL", umount2(P("a"), MNT_EXPIRE | MNT_DETACH), EINVAL);
	CHECK_ERR("MNT_EXPIRE|MNT_FORCE: EINVAL", umount2(P("a"), MNT_EXPIRE | MNT_FORCE), EINVAL);
	CHECK_OK0("MNT_EXPIRE again: unmounted", umount2(P("a"), MNT_EXPIRE));
	CHECK("gone", !mounted_on(P("a")));
	CHECK_OK0("a tmpfs", tmpfs_at("b", 0, "nr_inodes=10"));
	CHECK_ERR("MNT_EXPIRE: EAGAIN", umount2(P("b"), MNT_EXPIRE), EAGAIN);
	struct stat st;
	CHECK_OK0("a stat of a file in it", stat(P("b/."), &st));
	CHECK_ERR("MNT_EXPIRE: EAGAIN again (it was used)", umount2(P("b"), MNT_EXPIRE), EAGAIN);
	int fd = open(P("b/f"), O_CREAT | O_RDWR, 0644);
	CHECK_ERR("MNT_EXPIRE with an open file: EBUSY", umount2(P("b"), MNT_EXPIRE), EBUSY);
	close(fd);
	CHECK_ERR("MNT_EXPIRE after the close: EAGAIN", umount2(P("b"), MNT_EXPIRE), EAGAIN);
	CHECK_OK0("and then gone", umount2(P("b"), MNT_EXPIRE));
	CHECK_OK0("a tmpfs", tmpfs_at("c", 0, "nr_inodes=10"));
	CHECK_OK0("with a submount", tmpfs_at("c/s", 0, "nr_inodes=10"));
	CHECK_ERR("MNT_EXPIRE with a submount: EBUSY", umount2(P("c"), MNT_EXPIRE), EBUSY);
	CHECK_ERR("MNT_EXPIRE of the submount: EAGAIN", umount2(P("c/s"), MNT_EXPIRE), EAGAIN);
	CHECK_OK0("plain umount of a marked one", umount(P("c/s")));
	CHECK_ERR("MNT_EXPIRE of c: EAGAIN", umount2(P("c"), MNT_EXPIRE), EAGAIN);
	CHECK_OK0("umount c", umount(P("c")));
	show_mounts("left");
}

static void nofollow(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	symlink(P("a"), P("link"));
	symlink("a", P("rlink"));
	CHECK_ERR("UMOUNT_NOFOLLOW on a symlink: EINVAL", umount2(P("link"), UMOUNT_NOFOLLOW), EINVAL);
	CHECK("still mounted", mounted_on(P("a")));
	CHECK_OK0("without it, through the link", umount2(P("rlink"), 0));
	CHECK("gone", !mounted_on(P("a")));
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	CHECK_OK0("UMOUNT_NOFOLLOW on the directory", umount2(P("a"), UMOUNT_NOFOLLOW));
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	mkdir(P("a/sub"), 0755);
	CHECK_OK0("umount a/sub/..", umount(P("a/sub/..")));
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	CHECK_OK0("umount a/.", umount(P("a/.")));
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	CHECK_OK0("umount a/", umount(P("a/")));
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	char here[256];
	getcwd(here, sizeof here);
	chdir(tdir);
	CHECK_OK0("umount by a relative path", umount("a"));
	chdir(here);
}

static void errors(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	mkdir(P("a/sub"), 0755);
	mk("file", "x");
	symlink("loop1", P("loop2"));
	symlink("loop2", P("loop1"));
	char name[400];
	snprintf(name, sizeof name, "%s/", tdir);
	memset(name + strlen(name), 'n', 256);
	name[strlen(tdir) + 257] = 0;
	CHECK_ERR("an unknown flag: EINVAL", umount2(P("a"), 0x10), EINVAL);
	CHECK_ERR("an unknown flag, bad pointer: EINVAL", umount2((char *)1, 0x10), EINVAL);
	CHECK_ERR("a negative flag: EINVAL", umount2(P("a"), -1), EINVAL);
	CHECK_ERR("bad pointer: EFAULT", umount((char *)1), EFAULT);
	CHECK_ERR("missing: ENOENT", umount(P("nothere")), ENOENT);
	CHECK_ERR("empty: ENOENT", umount(""), ENOENT);
	CHECK_ERR("under a file: ENOTDIR", umount(P("file/x")), ENOTDIR);
	CHECK_ERR("a long name: ENAMETOOLONG", umount(name), ENAMETOOLONG);
	CHECK_ERR("a loop: ELOOP", umount(P("loop1")), ELOOP);
	CHECK_ERR("not a mount point: EINVAL", umount(P("file")), EINVAL);
	CHECK_ERR("a directory in a mount: EINVAL", umount(P("a/sub")), EINVAL);
	CHECK_ERR("the scratch directory: EINVAL", umount(tdir), EINVAL);
	CHECK("still mounted", mounted_on(P("a")));
}

static void user_umount(void)
{
	CHECK_ERR("as a user: EPERM", umount(P("a")), EPERM);
	CHECK_ERR("as a user, MNT_DETACH: EPERM", umount2(P("a"), MNT_DETACH), EPERM);
	CHECK_ERR("as a user, MNT_EXPIRE: EPERM", umount2(P("a"), MNT_EXPIRE), EPERM);
	CHECK_ERR("as a user, missing: ENOENT", umount(P("nothere")), ENOENT);
	CHECK_ERR("as a user, bad pointer: EFAULT", umount((char *)1), EFAULT);
	CHECK_ERR("as a user, not a mount: EPERM", umount(P("file")), EPERM);
	CHECK_ERR("as a user, unknown flag: EINVAL", umount2(P("a"), 0x10), EINVAL);
	CHECK_ERR("as a user, search denied: EACCES", umount(P("closed/x")), EACCES);
}

static void as_user_case(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	mk("file", "x");
	mkdir(P("closed"), 0700);
	mkdir(P("closed/x"), 0700);
	CHECK_EXIT("the user's checks", as_user(user_umount), 0);
	CHECK("still mounted", mounted_on(P("a")));
}

/* Runs pwd (the program) in dir: its output, with tdir as $T. */
static const char *pwd_in(const char *dir)
{
	static char out[512];
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		if (chdir(dir) < 0)
			_exit(2);
		execl("/bin/pwd", "pwd", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	ssize_t n = read_full(p[0], out, sizeof out - 1);
	close(p[0]);
	wait_for(pid);
	out[n > 0 ? n : 0] = 0;
	char *nl = strchr(out, '\n');
	if (nl)
		*nl = 0;
	snprintf(out, sizeof out, "%s", R(out));
	return out;
}

static void paths(void)
{
	mkdir(P("a"), 0755);
	mkdir(P("a/under"), 0755);
	struct stat covered = st_of(P("a"));
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	mkdir(P("a/d"), 0755);
	mkdir(P("a/d/e"), 0755);
	mk("a/f", "x");
	CHECK_OK0("a second tmpfs in it", tmpfs_at("a/d/e", 0, "nr_inodes=10"));
	mkdir(P("a/d/e/g"), 0755);
	char here[256], cwd[256];
	getcwd(here, sizeof here);
	CHECK_OK0("chdir a/d/e/g", chdir(P("a/d/e/g")));
	say("getcwd: %s\n", R(getcwd(cwd, sizeof cwd)));
	chdir("..");
	say("after ..: %s\n", R(getcwd(cwd, sizeof cwd)));
	chdir("..");
	say("after .. (up out of the mount): %s\n", R(getcwd(cwd, sizeof cwd)));
	chdir("../..");
	say("after ../..: %s\n", R(getcwd(cwd, sizeof cwd)));
	chdir(here);
	say("pwd in a/d/e/g: %s\n", pwd_in(P("a/d/e/g")));
	say("pwd in a/d/e: %s\n", pwd_in(P("a/d/e")));
	say("pwd in a/d/e/g/../..: %s\n", pwd_in(P("a/d/e/g/../..")));
	CHECK_EQ("a/d/e/.. is a/d", st_of(P("a/d/e/..")).st_ino, st_of(P("a/d")).st_ino);
	CHECK_EQ("a/.. is the scratch directory", st_of(P("a/..")).st_ino, st_of(tdir).st_ino);
	CHECK_EQ("a/../a is the mount", st_of(P("a/../a")).st_dev, st_of(P("a/f")).st_dev);

	DIR *d = opendir(P("a"));
	int n = 0, under = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		n++;
		under += !strcmp(e->d_name, "under");
	}
	closedir(d);
	CHECK_EQ("readdir of the mount point: the mounted root's 4 entries", n, 4);
	CHECK_EQ("  not the covered directory's", under, 0);
	d = opendir(tdir);
	ino_t ino = 0;
	while (d && (e = readdir(d)))
		if (!strcmp(e->d_name, "a"))
			ino = e->d_ino;
	closedir(d);
	CHECK("readdir of the parent: d_ino of a is the covered directory's", ino == covered.st_ino);
	CHECK("  not the mounted root's", ino != st_of(P("a")).st_ino);
}

static void dir_ops(void)
{
	CHECK_OK0("a tmpfs", tmpfs_at("a", 0, "nr_inodes=10"));
	CHECK_OK0("another", tmpfs_at("b", 0, "nr_inodes=10"));
	mk("a/f", "x");
	mkdir(P("a/d"), 0755);
	mkdir(P("x"), 0755);
	mkdir(P("c"), 0755);
	CHECK_OK0("a bind of a", mount(P("a"), P("c"), NULL, MS_BIND, NULL));
	CHECK_ERR("rmdir of a mount point: EBUSY", rmdir(P("a")), EBUSY);
	CHECK_ERR("rename of a mount point: EBUSY", rename(P("a"), P("y")), EBUSY);
	CHECK_ERR("rename over a mount point: EBUSY", rename(P("x"), P("a")), EBUSY);
	CHECK_ERR("rename across mounts: EXDEV", rename(P("a/f"), P("b/f")), EXDEV);
	CHECK_ERR("link across mounts: EXDEV", link(P("a/f"), P("b/f")), EXDEV);
	CHECK_ERR("rename out of a mount: EXDEV", rename(P("a/f"), P("x/f")), EXDEV);
	CHECK_OK0("rename inside one", rename(P("a/f"), P("a/d/f")));
	CHECK_OK0("link inside one", link(P("a/d/f"), P("a/g")));
	CHECK_OK0("mkdir on the mount's root", mkdir(P("a/new"), 0755));
	CHECK_ERR("rmdir a/. : EINVAL", rmdir(P("a/.")), EINVAL);
	CHECK("the mount point is still there", mounted_on(P("a")));
}

int main(void)
{
	mnt_setup("t_umount");
	RUN(busy);
	RUN(detach);
	RUN(expire);
	RUN(nofollow);
	RUN(errors);
	RUN(as_user_case);
	RUN(paths);
	RUN(dir_ops);
	mnt_cleanup();
	return cases_failed ? 1 : 0;
}
