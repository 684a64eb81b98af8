/* t_proc_cwd - /proc/<pid>/cwd and /proc/<pid>/root as Linux's: links
 * whose text is the directory's path and through which a walk reaches
 * the directory itself (magic links), another process's read only with
 * ptrace read access (EACCES), a chrooted process's root seen from
 * outside (fs/proc.c: dir_link_inode). */
#include "check.h"
#include <sys/stat.h>

static char top[64];

static const char *link_text(const char *path)
{
	static char buf[256];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n < 0)
		return errname(errno);
	buf[n] = 0;
	return buf;
}

static void own(void)
{
	char cwd[256];
	chdir(top);
	getcwd(cwd, sizeof cwd);
	CHECK("cwd is getcwd", !strcmp(link_text("/proc/self/cwd"), cwd));
	CHECK_STR("root is /", link_text("/proc/self/root"), "/");
	struct stat st;
	CHECK_OK0("lstat cwd", lstat("/proc/self/cwd", &st));
	CHECK("a symbolic link", S_ISLNK(st.st_mode));
	int fd = open("/proc/self/cwd/f", O_RDONLY);
	char buf[8] = "";
	CHECK_EQ("a file through it", read(fd, buf, sizeof buf), 4);
	close(fd);
	CHECK_STR("its text", buf, "text");
	struct stat a, b;
	stat("/proc/self/cwd", &a);
	stat(top, &b);
	CHECK("stat follows it to the directory", a.st_ino == b.st_ino && S_ISDIR(a.st_mode));
	CHECK_OK0("chdir through it", chdir("/proc/self/root/tmp"));
	CHECK_STR("now /tmp", link_text("/proc/self/cwd"), "/tmp");
	char small[3];
	CHECK_EQ("readlink cuts at the size", readlink("/proc/self/cwd", small, sizeof small), 3);
	CHECK("without a NUL", !memcmp(small, "/tm", 3));
}

static void others(void)
{
	int go[2], done[2];
	pipe(go);
	pipe(done);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		chdir(top);
		chroot(top);
		write(done[1], "x", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	char c, path[64];
	read(done[0], &c, 1);
	snprintf(path, sizeof path, "/proc/%d/cwd", (int)pid);
	CHECK("a child's cwd", !strcmp(link_text(path), top));
	snprintf(path, sizeof path, "/proc/%d/root", (int)pid);
	CHECK("its root, from outside", !strcmp(link_text(path), top));
	snprintf(path, sizeof path, "/proc/%d/root/f", (int)pid);
	CHECK_EQ("a file through its root", access(path, R_OK), 0);
	pid_t peek = fork();
	if (peek == 0) {
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(2);
		snprintf(path, sizeof path, "/proc/%d/cwd", (int)pid);
		char buf[64];
		_exit(readlink(path, buf, sizeof buf) < 0 && errno == EACCES ? 0 : 1);
	}
	CHECK_EQ("a user may not read root's: EACCES", wait_for(peek), 0);
	write(go[1], "x", 1);
	wait_for(pid);
}

/* A walk through another user's magic link fails with the link's own
 * error (EACCES), not ENOENT, as Linux's get_link passes it on; lstat of
 * the link itself works, and fd/N refuses at the lookup. */
static void users_walk(void)
{
	int go[2];
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		chdir(top);
		read(go[0], &c, 1);
		_exit(0);
	}
	pid_t peek = fork();
	if (peek == 0) {
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(100);
		static const char *const names[] = { "cwd", "root", "exe", "cwd/.", "root/f", "fd/0", "ns/net" };
		for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
			char path[64], name[96];
			struct stat st;
			snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, names[i]);
			snprintf(name, sizeof name, "stat root's %s: EACCES", names[i]);
			CHECK_ERR(name, stat(path, &st), EACCES);
			snprintf(name, sizeof name, "open root's %s: EACCES", names[i]);
			CHECK_ERR(name, open(path, O_RDONLY), EACCES);
		}
		struct stat st;
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/cwd", (int)pid);
		CHECK_OK0("lstat root's cwd", lstat(path, &st));
		_exit(check_failed);
	}
	CHECK_EQ("the user's checks", wait_for(peek), 0);
	write(go[1], "x", 1);
	wait_for(pid);
}

int main(void)
{
	snprintf(top, sizeof top, "/tmp/t_proc_cwd.%d", (int)getpid());
	mkdir(top, 0755);
	char path[128];
	snprintf(path, sizeof path, "%s/f", top);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "text", 4);
	close(fd);
	RUN(own);
	RUN(others);
	RUN(users_walk);
	unlink(path);
	rmdir(top);
	return cases_failed ? 1 : 0;
}
