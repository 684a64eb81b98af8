/* t_mount_ns - mount namespaces, differential: unshare(CLONE_NEWNS) and
 * clone(CLONE_NEWNS) give a copy of the tree that changes apart from the
 * creator's (a mount or umount in one is not seen in the other, each
 * /proc/self/mounts lists its own), setns(pidfd, CLONE_NEWNS) joins
 * another's tree at its "/", the errors (EPERM for a user, EINVAL with
 * CLONE_FS), and a mount point busy in one tree is not in a copy. The
 * case's own namespace is made private first, so that on the host
 * nothing propagates (t_mount_prop is about propagation). */
#include "check.h"
#include "mount_ns.h"
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>


/* Whether /proc/self/mounts lists a mount at path. */
static int listed(const char *path)
{
	char line[512], dev[128], dir[256];
	int found = 0;
	FILE *f = fopen("/proc/self/mounts", "r");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%127s %255s", dev, dir) == 2 && !strcmp(dir, path))
			found = 1;
	if (f)
		fclose(f);
	return found;
}

/* Whether path is on a filesystem other than its parent directory's. */
static int mounted(const char *path)
{
	struct stat a, b;
	char up[300];
	snprintf(up, sizeof up, "%s/..", path);
	return stat(path, &a) == 0 && stat(up, &b) == 0 && a.st_dev != b.st_dev;
}

/* Runs fn in a child, with a pipe to wait on: the child writes a byte
 * when done with its part; the parent reads it. */
static int sync_fd[2], back_fd[2];
static void child_says(void) { write(sync_fd[1], "x", 1); }
static void parent_waits(void) { char c; read(sync_fd[0], &c, 1); }
static void parent_says(void) { write(back_fd[1], "x", 1); }
static void child_waits(void) { char c; read(back_fd[0], &c, 1); }

static void unshared(void)
{
	private_ns();
	mkdir(P("a"), 0755);
	mkdir(P("b"), 0755);
	CHECK_OK0("tmpfs at a", mount("none", P("a"), "tmpfs", 0, NULL));
	pipe(sync_fd);
	pipe(back_fd);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		CHECK_OK0("child: unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
		CHECK("child: a is in its copy", mounted(P("a")) && listed(P("a")));
		CHECK_OK0("child: umount a", umount(P("a")));
		CHECK_OK0("child: tmpfs at b", mount("none", P("b"), "tmpfs", 0, NULL));
		CHECK("child: b listed", listed(P("b")));
		child_says();
		child_waits();
		_exit(check_failed);
	}
	parent_waits();
	CHECK("parent: a still mounted", mounted(P("a")) && listed(P("a")));
	CHECK("parent: b is not", !mounted(P("b")) && !listed(P("b")));
	CHECK_OK0("parent: a file in a", close(open(P("a/f"), O_CREAT | O_WRONLY, 0644)));
	parent_says();
	int st = wait_for(pid);
	CHECK("child's checks passed", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_OK0("parent: umount a", umount(P("a")));
}

static int clone_child(void *arg)
{
	(void)arg;
	check_failed = 0;
	CHECK("clone child: a is in its copy", mounted(P("a")));
	CHECK_OK0("clone child: umount a", umount(P("a")));
	CHECK("clone child: a is gone for it", !mounted(P("a")));
	return check_failed;
}

static void cloned(void)
{
	private_ns();
	mkdir(P("a"), 0755);
	CHECK_OK0("tmpfs at a", mount("none", P("a"), "tmpfs", 0, NULL));
	static char stack[65536];
	pid_t pid = clone(clone_child, stack + sizeof stack, CLONE_NEWNS | SIGCHLD, NULL);
	CHECK("clone(CLONE_NEWNS)", pid > 0);
	int st = wait_for(pid);
	CHECK("its checks passed", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK("a still mounted here", mounted(P("a")));
	CHECK_ERR("CLONE_NEWNS with CLONE_FS: EINVAL",
		  clone(clone_child, stack + sizeof stack, CLONE_NEWNS | CLONE_FS | SIGCHLD, NULL), EINVAL);
	umount2(P("a"), MNT_DETACH);
}

/* A cwd inside a mount keeps it busy in its own tree only. */
static void busy(void)
{
	private_ns();
	mkdir(P("a"), 0755);
	CHECK_OK0("tmpfs at a", mount("none", P("a"), "tmpfs", 0, NULL));
	pipe(sync_fd);
	pipe(back_fd);
	pid_t pid = fork();
	if (pid == 0) {
		chdir(P("a"));
		child_says();
		child_waits();
		_exit(0);
	}
	parent_waits();
	CHECK_ERR("a child's cwd keeps a busy", umount(P("a")), EBUSY);
	pid_t p2 = fork();
	if (p2 == 0) {
		check_failed = 0;
		unshare(CLONE_NEWNS);
		CHECK_OK0("in a copy made after, it is not", umount(P("a")));
		_exit(check_failed);
	}
	int st = wait_for(p2);
	CHECK("the copy's checks passed", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	parent_says();
	wait_for(pid);
	CHECK_OK0("free once the child left", umount(P("a")));
}

static void joined(void)
{
	private_ns();
	mkdir(P("c"), 0755);
	pipe(sync_fd);
	pipe(back_fd);
	pid_t pid = fork();
	if (pid == 0) {
		unshare(CLONE_NEWNS);
		mount("none", P("c"), "tmpfs", 0, NULL);
		child_says();
		child_waits();
		_exit(0);
	}
	parent_waits();
	CHECK("c not mounted here", !mounted(P("c")));
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	CHECK("pidfd", pfd >= 0);
	char cwd[256];
	CHECK_OK0("setns(pidfd, CLONE_NEWNS)", setns(pfd, CLONE_NEWNS));
	CHECK("now c is mounted", mounted(P("c")) && listed(P("c")));
	CHECK_STR("and the cwd is /", getcwd(cwd, sizeof cwd), "/");
	parent_says();
	wait_for(pid);
	CHECK("still, after the child left", mounted(P("c")));
	umount2(P("c"), MNT_DETACH);
}

static void as_user(void)
{
	setgid(1000);
	setuid(1000);
	static char stack[16384];
	CHECK_ERR("unshare(CLONE_NEWNS) as a user: EPERM", unshare(CLONE_NEWNS), EPERM);
	CHECK_ERR("clone(CLONE_NEWNS) as a user: EPERM",
		  clone(clone_child, stack + sizeof stack, CLONE_NEWNS | SIGCHLD, NULL), EPERM);
}

int main(void)
{
	tdir_setup("t_mount_ns");
	RUN(unshared);
	RUN(cloned);
	RUN(busy);
	RUN(joined);
	RUN(as_user);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
