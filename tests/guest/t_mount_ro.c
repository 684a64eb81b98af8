/* t_mount_ro - what a mount's flags forbid, differential: a tmpfs made
 * read-only (MS_REMOUNT|MS_RDONLY) refuses every change with EROFS in
 * Linux's order (EEXIST and the lookup's errors first, ENOENT after),
 * a read-only bind mount refuses through itself only, a ro remount
 * waits for writers (EBUSY); noexec refuses exec (EACCES), PROT_EXEC
 * mappings (EPERM) and mprotect to exec (EACCES); nosuid runs a
 * set-user-id program without its owner; nodev refuses to open devices;
 * noatime and strictatime; nosymfollow; statfs's f_flags and the flags
 * /proc/mounts shows. Each case works in a private mount namespace on
 * the host (Pipit has one tree: the case unmounts what it made). */
#include "check.h"
#include "mount_ns.h"
#include <sched.h>
#include <sys/mount.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <sys/time.h>

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#define ST_NOSYMFOLLOW_ 0x2000

static char self_exe[256];


/* A fresh tmpfs at P(dir) with options opts and flags. */
static int tmpfs_at(const char *dir, unsigned long flags, const char *opts)
{
	mkdir(P(dir), 0755);
	return mount("none", P(dir), "tmpfs", flags, opts);
}

static void put_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, text, strlen(text));
	close(fd);
}

/* The flags /proc/mounts shows for the mount at path (first field set). */
static const char *mounts_flags(const char *path)
{
	static char line[512], opts[256];
	FILE *f = fopen("/proc/self/mounts", "r");
	opts[0] = 0;
	while (f && fgets(line, sizeof line, f)) {
		char dev[128], dir[256], type[32];
		if (sscanf(line, "%127s %255s %31s %255s", dev, dir, type, opts) == 4 && !strcmp(dir, path))
			break;
		opts[0] = 0;
	}
	if (f)
		fclose(f);
	/* the mount's flags only: the filesystem's own options are not ours */
	static const char *const keep[] = { "rw", "ro", "nosuid", "nodev", "noexec", "noatime",
		"nodiratime", "relatime", "nosymfollow", "sync", "dirsync", "lazytime" };
	char out[256] = "";
	for (char *tok = strtok(opts, ","); tok; tok = strtok(NULL, ","))
		for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
			if (!strcmp(tok, keep[i])) {
				if (out[0])
					strcat(out, ",");
				strcat(out, tok);
			}
	strcpy(opts, out);
	return opts;
}

static long statfs_flags(const char *path)
{
	struct statfs s;
	return statfs(path, &s) ? -1 : (long)s.f_flags;
}

static void readonly_remount(void)
{
	private_ns();
	CHECK_OK0("tmpfs", tmpfs_at("m", 0, "size=1m"));
	mkdir(P("m/d"), 0755);
	mkdir(P("m/full"), 0755);
	put_text(P("m/full/x"), "x");
	put_text(P("m/f"), "data");
	symlink("f", P("m/l"));
	mkfifo(P("m/fifo"), 0666);
	setxattr(P("m/f"), "trusted.a", "1", 1, 0);
	int wfd = open(P("m/f"), O_WRONLY);
	CHECK_ERR("ro remount with a writer: EBUSY",
		  mount(NULL, P("m"), NULL, MS_REMOUNT | MS_RDONLY, NULL), EBUSY);
	close(wfd);
	CHECK_OK0("ro remount", mount(NULL, P("m"), NULL, MS_REMOUNT | MS_RDONLY, NULL));
	CHECK_STR("/proc/mounts: ro", mounts_flags(P("m")), "ro,relatime");
	CHECK("statfs: ST_RDONLY", (statfs_flags(P("m")) & ST_RDONLY) != 0);
	CHECK_OK("open O_RDONLY", open(P("m/f"), O_RDONLY));
	CHECK_ERR("open O_WRONLY: EROFS", open(P("m/f"), O_WRONLY), EROFS);
	CHECK_ERR("open O_RDWR: EROFS", open(P("m/f"), O_RDWR), EROFS);
	CHECK_ERR("open O_RDONLY|O_TRUNC: EROFS", open(P("m/f"), O_RDONLY | O_TRUNC), EROFS);
	CHECK_ERR("O_CREAT of a new file: EROFS", open(P("m/new"), O_WRONLY | O_CREAT, 0644), EROFS);
	CHECK_OK("O_CREAT of one there, read-only: opens", open(P("m/f"), O_RDONLY | O_CREAT, 0644));
	CHECK_ERR("O_CREAT|O_EXCL of one there: EEXIST", open(P("m/f"), O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_OK("a FIFO opens for writing", open(P("m/fifo"), O_RDWR));
	CHECK_ERR("mkdir: EROFS", mkdir(P("m/nd"), 0755), EROFS);
	CHECK_ERR("mkdir of one there: EEXIST first", mkdir(P("m/d"), 0755), EEXIST);
	CHECK_ERR("mkdir where the parent is missing: ENOENT", mkdir(P("m/no/nd"), 0755), ENOENT);
	CHECK_ERR("mknod: EROFS", mknod(P("m/n"), S_IFIFO | 0644, 0), EROFS);
	CHECK_ERR("symlink: EROFS", symlink("f", P("m/l2")), EROFS);
	CHECK_ERR("link: EROFS", link(P("m/f"), P("m/f2")), EROFS);
	CHECK_ERR("unlink: EROFS", unlink(P("m/f")), EROFS);
	CHECK_ERR("unlink of a missing name: EROFS before ENOENT", unlink(P("m/none")), EROFS);
	CHECK_ERR("rmdir: EROFS", rmdir(P("m/d")), EROFS);
	CHECK_ERR("rmdir of a missing name: EROFS", rmdir(P("m/none")), EROFS);
	CHECK_ERR("rmdir of a full one: EROFS", rmdir(P("m/full")), EROFS);
	CHECK_ERR("rename: EROFS", rename(P("m/f"), P("m/g")), EROFS);
	CHECK_ERR("truncate: EROFS", truncate(P("m/f"), 0), EROFS);
	CHECK_ERR("truncate of a directory: EISDIR first", truncate(P("m/d"), 0), EISDIR);
	CHECK_ERR("chmod: EROFS", chmod(P("m/f"), 0600), EROFS);
	CHECK_ERR("chown: EROFS", chown(P("m/f"), 1, 1), EROFS);
	CHECK_ERR("lchown of the link: EROFS", lchown(P("m/l"), 1, 1), EROFS);
	CHECK_ERR("utimes: EROFS", utimes(P("m/f"), NULL), EROFS);
	struct timespec bad[2] = { { 0, 2000000000 }, { 0, 0 } };
	CHECK_ERR("utimensat with a bad time: EINVAL first", utimensat(AT_FDCWD, P("m/f"), bad, 0), EINVAL);
	CHECK_ERR("setxattr: EROFS", setxattr(P("m/f"), "trusted.b", "1", 1, 0), EROFS);
	CHECK_ERR("removexattr: EROFS", removexattr(P("m/f"), "trusted.a"), EROFS);
	char v[4];
	CHECK_EQ("getxattr works", getxattr(P("m/f"), "trusted.a", v, sizeof v), 1);
	int rfd = open(P("m/f"), O_RDONLY);
	CHECK_ERR("fchmod: EROFS", fchmod(rfd, 0600), EROFS);
	CHECK_ERR("fchown: EROFS", fchown(rfd, 1, 1), EROFS);
	CHECK_ERR("futimens: EROFS", futimens(rfd, NULL), EROFS);
	CHECK_ERR("fsetxattr: EROFS", fsetxattr(rfd, "trusted.c", "1", 1, 0), EROFS);
	close(rfd);
	CHECK_ERR("access W_OK: EROFS", access(P("m/f"), W_OK), EROFS);
	CHECK_ERR("access W_OK of a directory: EROFS", access(P("m/d"), W_OK), EROFS);
	CHECK_OK0("access W_OK of the FIFO", access(P("m/fifo"), W_OK));
	CHECK_OK0("access R_OK", access(P("m/f"), R_OK));
	CHECK_OK0("rw remount", mount(NULL, P("m"), NULL, MS_REMOUNT, NULL));
	CHECK_OK("writes again", open(P("m/f"), O_WRONLY));
	CHECK_STR("/proc/mounts: rw", mounts_flags(P("m")), "rw,relatime");
	umount2(P("m"), MNT_DETACH);
}

/* MS_BIND|MS_REMOUNT|MS_RDONLY: one mount of the filesystem read-only. */
static void readonly_bind(void)
{
	private_ns();
	CHECK_OK0("tmpfs", tmpfs_at("m", 0, NULL));
	put_text(P("m/f"), "data");
	mkdir(P("b"), 0755);
	CHECK_OK0("bind", mount(P("m"), P("b"), NULL, MS_BIND | MS_RDONLY, NULL));
	int wfd = open(P("b/f"), O_WRONLY);
	CHECK("the bind ignored MS_RDONLY", wfd >= 0);
	CHECK_ERR("bind ro with a writer through it: EBUSY",
		  mount(NULL, P("b"), NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL), EBUSY);
	close(wfd);
	wfd = open(P("m/f"), O_WRONLY);
	CHECK_OK0("bind ro with a writer through the other mount",
		  mount(NULL, P("b"), NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL));
	close(wfd);
	CHECK_ERR("write through the ro bind: EROFS", open(P("b/f"), O_WRONLY), EROFS);
	CHECK_OK("write through the other", open(P("m/f"), O_WRONLY));
	CHECK_ERR("create through the ro bind: EROFS", mkdir(P("b/d"), 0755), EROFS);
	CHECK_OK0("create through the other", mkdir(P("m/d"), 0755));
	CHECK_ERR("access W_OK through the ro bind: EROFS", access(P("b/f"), W_OK), EROFS);
	CHECK_OK0("access W_OK through the other", access(P("m/f"), W_OK));
	CHECK("statfs of the bind: ST_RDONLY", (statfs_flags(P("b")) & ST_RDONLY) != 0);
	CHECK("statfs of the other: not", (statfs_flags(P("m")) & ST_RDONLY) == 0);
	CHECK_STR("/proc/mounts of the bind: ro", mounts_flags(P("b")), "ro,relatime");
	CHECK_ERR("link into the ro bind: EROFS before EXDEV", link(P("m/f"), P("b/g")), EROFS);
	CHECK_ERR("link out of it: EXDEV", link(P("b/f"), P("m/h")), EXDEV);
	CHECK_ERR("rename across the two mounts: EXDEV", rename(P("m/f"), P("b/g")), EXDEV);
	CHECK_ERR("rename across, to a bad name: EXDEV first", rename(P("m/f"), P("b/..")), EXDEV);
	CHECK_OK0("rename within one", rename(P("m/f"), P("m/g")));
	CHECK_OK0("bind rw again", mount(NULL, P("b"), NULL, MS_BIND | MS_REMOUNT, NULL));
	CHECK_OK("writes through it", open(P("b/g"), O_WRONLY));
	umount2(P("b"), MNT_DETACH);
	umount2(P("m"), MNT_DETACH);
}

/* Copies this program to path, mode mode. */
static int copy_self(const char *path, mode_t mode)
{
	int in = open(self_exe, O_RDONLY), out = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	char buf[8192];
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	return chmod(path, mode);
}

/* Runs path as "path euid" in a child as uid 1000: its effective uid, or
 * -errno of the exec. */
static long run_euid(const char *path)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		if (setgid(1000) || setuid(1000))
			_exit(2);
		execl(path, path, "euid", (char *)NULL);
		printf("%d\n", -errno);
		fflush(stdout);
		_exit(1);
	}
	close(p[1]);
	char buf[32] = { 0 };
	read(p[0], buf, sizeof buf - 1);
	close(p[0]);
	wait_for(pid);
	return atol(buf);
}

static void noexec_nosuid(void)
{
	private_ns();
	chmod(tdir, 0755);
	CHECK_OK0("tmpfs noexec", tmpfs_at("x", MS_NOEXEC, "mode=755"));
	CHECK_OK0("tmpfs nosuid", tmpfs_at("s", MS_NOSUID, "mode=755"));
	CHECK_OK0("tmpfs plain", tmpfs_at("p", 0, "mode=755"));
	CHECK_STR("/proc/mounts: noexec", mounts_flags(P("x")), "rw,noexec,relatime");
	CHECK_STR("/proc/mounts: nosuid", mounts_flags(P("s")), "rw,nosuid,relatime");
	CHECK("statfs: ST_NOEXEC", (statfs_flags(P("x")) & ST_NOEXEC) != 0);
	CHECK("statfs: ST_NOSUID", (statfs_flags(P("s")) & ST_NOSUID) != 0);
	copy_self(P("x/prog"), 04755);
	copy_self(P("s/prog"), 04755);
	copy_self(P("p/prog"), 04755);
	CHECK_EQ("exec on noexec: EACCES", run_euid(P("x/prog")), -EACCES);
	CHECK_EQ("a set-user-id program on nosuid: no new euid", run_euid(P("s/prog")), 1000);
	CHECK_EQ("the same on a plain mount: euid 0", run_euid(P("p/prog")), 0);
	CHECK_ERR("access X_OK on noexec: EACCES", access(P("x/prog"), X_OK), EACCES);
	CHECK_OK0("access R_OK on noexec", access(P("x/prog"), R_OK));
	int fd = open(P("x/prog"), O_RDONLY);
	CHECK_ERR("mmap PROT_EXEC on noexec: EPERM",
		  (long)mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0), EPERM);
	void *a = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK("mmap PROT_READ on noexec", a != MAP_FAILED);
	CHECK_ERR("mprotect it PROT_EXEC: EACCES", mprotect(a, 4096, PROT_READ | PROT_EXEC), EACCES);
	close(fd);
	fd = open(P("p/prog"), O_RDONLY);
	CHECK("mmap PROT_EXEC on a plain mount",
	      mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0) != MAP_FAILED);
	close(fd);
	umount2(P("x"), MNT_DETACH);
	umount2(P("s"), MNT_DETACH);
	umount2(P("p"), MNT_DETACH);
}

static void nodev(void)
{
	private_ns();
	CHECK_OK0("tmpfs nodev", tmpfs_at("n", MS_NODEV, NULL));
	CHECK_OK0("tmpfs plain", tmpfs_at("p", 0, NULL));
	CHECK_STR("/proc/mounts: nodev", mounts_flags(P("n")), "rw,nodev,relatime");
	CHECK_OK0("mknod /dev/null's twin on nodev", mknod(P("n/null"), S_IFCHR | 0666, makedev(1, 3)));
	CHECK_OK0("and on a plain mount", mknod(P("p/null"), S_IFCHR | 0666, makedev(1, 3)));
	CHECK_ERR("open on nodev: EACCES", open(P("n/null"), O_RDONLY), EACCES);
	CHECK_ERR("open O_PATH on nodev: allowed", open(P("n/null"), O_PATH) < 0 ? -1 : (errno = EPERM, -1), EPERM);
	CHECK_OK("open on a plain mount", open(P("p/null"), O_WRONLY));
	umount2(P("n"), MNT_DETACH);
	umount2(P("p"), MNT_DETACH);
}

/* A mapping keeps its file's mount busy, as the file it came from; one
 * of a file open for writing, shared or private, is a writer a remount
 * read-only waits for. */
static void mappings(void)
{
	private_ns();
	CHECK_OK0("tmpfs", tmpfs_at("m", 0, NULL));
	put_text(P("m/f"), "data");
	int fd = open(P("m/f"), O_RDWR);
	void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	fd = open(P("m/f"), O_RDONLY);
	void *a = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	CHECK("mapped", a != MAP_FAILED && w != MAP_FAILED);
	CHECK_ERR("ro remount under a mapping of a file open for writing: EBUSY",
		  mount(NULL, P("m"), NULL, MS_REMOUNT | MS_RDONLY, NULL), EBUSY);
	munmap(w, 4096);
	CHECK_OK0("ro remount once it is gone", mount(NULL, P("m"), NULL, MS_REMOUNT | MS_RDONLY, NULL));
	CHECK_ERR("umount under a private mapping: EBUSY", umount(P("m")), EBUSY);
	munmap(a, 4096);
	CHECK_OK0("umount once it is gone", umount(P("m")));
}

static long atime_after_read(const char *path)
{
	struct timespec t[2] = { { 1000, 0 }, { UTIME_OMIT, 0 } };
	utimensat(AT_FDCWD, path, t, 0);        /* far older than mtime */
	char c;
	int fd = open(path, O_RDONLY);
	read(fd, &c, 1);
	close(fd);
	struct stat st;
	stat(path, &st);
	return (long)st.st_atime;
}

static void atime(void)
{
	private_ns();
	CHECK_OK0("tmpfs", tmpfs_at("r", 0, NULL));
	CHECK_OK0("tmpfs noatime", tmpfs_at("n", MS_NOATIME, NULL));
	CHECK_OK0("tmpfs strictatime", tmpfs_at("s", MS_STRICTATIME, NULL));
	CHECK_STR("/proc/mounts: noatime", mounts_flags(P("n")), "rw,noatime");
	CHECK_STR("/proc/mounts: strictatime", mounts_flags(P("s")), "rw");
	CHECK("statfs: ST_NOATIME", (statfs_flags(P("n")) & ST_NOATIME) != 0);
	CHECK("statfs: ST_RELATIME by default", (statfs_flags(P("r")) & ST_RELATIME) != 0);
	put_text(P("r/f"), "x");
	put_text(P("n/f"), "x");
	put_text(P("s/f"), "x");
	CHECK("relatime: an old atime moves", atime_after_read(P("r/f")) != 1000);
	CHECK_EQ("noatime: it stays", atime_after_read(P("n/f")), 1000);
	CHECK("strictatime: it moves", atime_after_read(P("s/f")) != 1000);
	CHECK_OK0("remount keeps noatime", mount(NULL, P("n"), NULL, MS_REMOUNT, NULL));
	CHECK_STR("/proc/mounts after it", mounts_flags(P("n")), "rw,noatime");
	CHECK_OK0("remount with MS_RELATIME", mount(NULL, P("n"), NULL, MS_REMOUNT | MS_RELATIME, NULL));
	CHECK_STR("/proc/mounts: relatime", mounts_flags(P("n")), "rw,relatime");
	umount2(P("r"), MNT_DETACH);
	umount2(P("n"), MNT_DETACH);
	umount2(P("s"), MNT_DETACH);
}

static void nosymfollow(void)
{
	private_ns();
	CHECK_OK0("tmpfs nosymfollow", tmpfs_at("n", MS_NOSYMFOLLOW, NULL));
	CHECK_STR("/proc/mounts: nosymfollow", mounts_flags(P("n")), "rw,relatime,nosymfollow");
	CHECK("statfs: ST_NOSYMFOLLOW", (statfs_flags(P("n")) & ST_NOSYMFOLLOW_) != 0);
	put_text(P("n/f"), "x");
	mkdir(P("n/d"), 0755);
	CHECK_OK0("symlink in it", symlink("f", P("n/l")));
	CHECK_OK0("symlink to a directory", symlink("d", P("n/dl")));
	char buf[16] = { 0 };
	CHECK_EQ("readlink works", readlink(P("n/l"), buf, sizeof buf), 1);
	CHECK_ERR("open through it: ELOOP", open(P("n/l"), O_RDONLY), ELOOP);
	CHECK_ERR("a path through it: ELOOP", open(P("n/dl/x"), O_RDONLY | O_CREAT, 0644), ELOOP);
	CHECK_ERR("O_CREAT through it: ELOOP", open(P("n/l"), O_WRONLY | O_CREAT, 0644), ELOOP);
	struct stat st;
	CHECK_OK0("lstat of it", lstat(P("n/l"), &st));
	CHECK_OK0("a link elsewhere to it", symlink(P("n/f"), P("out")));
	CHECK_OK("is followed (it is not on the mount)", open(P("out"), O_RDONLY));
	umount2(P("n"), MNT_DETACH);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "euid")) {
		printf("%d\n", (int)geteuid());
		return 0;
	}
	readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	tdir_setup("t_mount_ro");
	RUN(readonly_remount);
	RUN(readonly_bind);
	RUN(noexec_nosuid);
	RUN(nodev);
	RUN(mappings);
	RUN(atime);
	RUN(nosymfollow);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
