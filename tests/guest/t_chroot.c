/* t_chroot - chroot(2) as Linux 6.1: a directory becomes "/" of the
 * caller's paths (absolute names, absolute symlinks, ".." that stays at
 * it), the cwd does not move (getcwd says "(unreachable)" while it is
 * outside), children inherit it, a descriptor opened before still
 * reaches outside, and the errors in Linux's order (lookup, EACCES, then
 * EPERM for a user). fs/open.c: sys_chroot; fs/namei.c: task_root. */
#include "check.h"
#include <sys/stat.h>
#include <sys/syscall.h>

static char top[64], root[80];

/* getcwd by number: the kernel's text, which the C library would refuse
 * when it does not start with '/'. */
static const char *raw_getcwd(void)
{
	static char buf[256];
	long n = syscall(SYS_getcwd, buf, sizeof buf);
	return n < 0 ? errname(errno) : buf;
}

static const char *read_file(const char *path)
{
	static char buf[32];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return errname(errno);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	close(fd);
	return buf;
}

static void errors(void)
{
	char path[128];
	CHECK_ERR("a bad pointer: EFAULT", chroot((char *)8), EFAULT);
	CHECK_ERR("empty: ENOENT", chroot(""), ENOENT);
	snprintf(path, sizeof path, "%s/none", top);
	CHECK_ERR("missing: ENOENT", chroot(path), ENOENT);
	snprintf(path, sizeof path, "%s/f", root);
	CHECK_ERR("a file: ENOTDIR", chroot(path), ENOTDIR);
	snprintf(path, sizeof path, "%s/f/x", root);
	CHECK_ERR("through a file: ENOTDIR", chroot(path), ENOTDIR);
	if (setgid(100) < 0 || setuid(1000) < 0) {
		fail("setuid", "%s", errname(errno));
		return;
	}
	CHECK_ERR("a user: EPERM", chroot(root), EPERM);
	snprintf(path, sizeof path, "%s/closed", top);
	CHECK_ERR("a user, a directory it may not search: EACCES first", chroot(path), EACCES);
}

static void inside(void)
{
	struct stat before, after;
	stat(root, &before);
	chdir(top);
	CHECK_OK0("chroot", chroot(root));
	char want[128];
	snprintf(want, sizeof want, "(unreachable)%s", top);
	CHECK("the cwd stays outside: (unreachable) and its path", !strcmp(raw_getcwd(), want));
	CHECK_STR("/f is inside", read_file("/f"), "inside");
	CHECK_STR("/../f too", read_file("/../f"), "inside");
	CHECK_STR("an absolute link goes to the new /", read_file("/sub/abs"), "inside");
	stat("/", &after);
	CHECK("/ is the directory", before.st_ino == after.st_ino && before.st_dev == after.st_dev);
	CHECK_OK0("chdir /", chdir("/"));
	CHECK_STR("getcwd /", raw_getcwd(), "/");
	CHECK_OK0("chdir /sub/../..", chdir("/sub/../.."));
	CHECK_STR("stays /", raw_getcwd(), "/");
	CHECK_OK0("chdir sub", chdir("sub"));
	CHECK_STR("getcwd /sub", raw_getcwd(), "/sub");
	CHECK_STR("../../../f", read_file("../../../f"), "inside");
	pid_t pid = fork();
	if (pid == 0)
		_exit(strcmp(read_file("/f"), "inside") ? 1 : 0);
	CHECK_EQ("a child has the same root", wait_for(pid), 0);
	CHECK_OK0("chroot again, relative: sub", chroot("."));
	CHECK_ERR("now /f is gone", open("/f", O_RDONLY), ENOENT);
	CHECK_STR("and /abs is sub's", read_file("/abs"), "ENOENT");
}

static void escape(void)
{
	int out = open(top, O_RDONLY | O_DIRECTORY);
	CHECK_OK0("chroot", chroot(root));
	CHECK_OK0("chdir /", chdir("/"));
	char name[64];
	snprintf(name, sizeof name, "r/f");
	int fd = openat(out, name, O_RDONLY);
	CHECK("a descriptor from before still reaches outside", fd >= 0);
	close(fd);
	CHECK_OK0("fchdir to it", fchdir(out));
	char want[128];
	snprintf(want, sizeof want, "(unreachable)%s", top);
	CHECK("getcwd: (unreachable)", !strcmp(raw_getcwd(), want));
	for (int i = 0; i < 8; i++)
		chdir("..");
	CHECK_STR("..  climbs to the old root, never meeting the new", raw_getcwd(), "(unreachable)/");
	CHECK_OK0("chroot . there", chroot("."));
	CHECK_STR("out again: the old root is /", raw_getcwd(), "/");
}

int main(void)
{
	snprintf(top, sizeof top, "/tmp/t_chroot.%d", (int)getpid());
	snprintf(root, sizeof root, "%s/r", top);
	char path[128];
	mkdir(top, 0755);
	mkdir(root, 0755);
	snprintf(path, sizeof path, "%s/sub", root);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/closed", top);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/f", root);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "inside", 6);
	close(fd);
	snprintf(path, sizeof path, "%s/sub/abs", root);
	symlink("/f", path);
	RUN(errors);
	RUN(inside);
	RUN(escape);
	unlink(path);
	snprintf(path, sizeof path, "%s/f", root);
	unlink(path);
	snprintf(path, sizeof path, "%s/sub", root);
	rmdir(path);
	snprintf(path, sizeof path, "%s/closed", top);
	rmdir(path);
	rmdir(root);
	rmdir(top);
	return cases_failed ? 1 : 0;
}
