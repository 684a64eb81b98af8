/* t_hostile_userns_guest - a user's namespaces leave nothing behind
 * (Pipit only: the kernel's memory account, kmem.h): a user namespace
 * with its maps, a uid_map descriptor open at exit (its
 * opener's reference), a program exec'd inside (its memory's namespace,
 * mm->user_ns), a root that joins it, mounts and a detached tree in its
 * mount namespace, a proc of its own pid namespace; and map files
 * written in odd ways. */
#include "check.h"
#include "kmem.h"
#include "mount_api.h"
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static const char *self_path;

static int write_self(const char *file, const char *text, size_t n)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/%s", file);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t w = write(fd, text, n);
	int e = errno;
	close(fd);
	return w == (ssize_t)n ? 0 : w < 0 ? -e : -1000;
}

static bool map_self(uid_t uid, gid_t gid)
{
	char m[32];
	snprintf(m, sizeof m, "0 %d 1", (int)uid);
	bool ok = write_self("uid_map", m, strlen(m)) == 0;
	ok = write_self("setgroups", "deny", 4) == 0 && ok;
	snprintf(m, sizeof m, "0 %d 1", (int)gid);
	return write_self("gid_map", m, strlen(m)) == 0 && ok;
}

/* Everything at once, as uid 1000, in a child; root joins its
 * namespace meanwhile. */
#define STEP(c) do { if (!(c)) { say("[INFO] user_life: line %d fails: %s\n", __LINE__, errname(errno)); ok = false; } } while (0)

static bool user_life(void)
{
	int up[2], hold[2];
	pipe(up);
	pipe(hold);
	pid_t u = fork();
	if (u == 0) {
		setgroups(0, NULL);
		if (setgid(100) || setuid(1000))
			_exit(20);
		prctl(PR_SET_DUMPABLE, 1);
		close(hold[1]);
		bool ok = true;
		STEP(unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC) == 0);
		int keep = open("/proc/self/uid_map", O_WRONLY);   /* open at exit */
		STEP(keep >= 0);
		STEP(map_self(1000, 100));
		STEP(mount("none", "/tmp", "tmpfs", 0, "size=64k") == 0);
		int t = open_tree_(AT_FDCWD, "/tmp", OPEN_TREE_CLONE_ | AT_RECURSIVE_);   /* left to exit */
		STEP(t >= 0);
		pid_t c = fork();
		if (c == 0) {                    /* pid 1: its proc, then a program */
			if (mount("proc", "/proc", "proc", 0, NULL))
				_exit(21);
			execl(self_path, "t_hostile_userns_guest", "exit", (char *)NULL);
			_exit(22);
		}
		int st = wait_for(c);
		STEP(c > 0 && st == 0);
		if (st)
			say("[INFO] user_life: pid 1 %s\n", status_str(st));
		write(up[1], ok ? "y" : "n", 1);
		char x;
		read(hold[0], &x, 1);
		_exit(ok ? 0 : 1);
	}
	char x = 'n';
	read(up[0], &x, 1);
	bool ok = x == 'y';
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/user", (int)u);
	pid_t r = fork();
	if (r == 0) {
		int fd = open(path, O_RDONLY);
		_exit(fd >= 0 && setns(fd, CLONE_NEWUSER) == 0 ? 0 : 1);
	}
	ok = wait_for(r) == 0 && ok;
	close(hold[1]);
	ok = wait_for(u) == 0 && ok;
	close(up[0]);
	close(up[1]);
	close(hold[0]);
	return ok;
}

static void leaks(void)
{
	kmem_account("a user's namespaces, maps, mounts, a program and a joiner", user_life, 4,
		     "every page and object given back");
}

/* Odd writes of a map: NULs, a page less one of blanks, many lines, in
 * pieces; each answered, the kernel unhurt. */
static void odd_maps(void)
{
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWUSER))
			_exit(10);
		static char big[4095];
		memset(big, ' ', sizeof big);
		int bad = 0;
		bad += write_self("uid_map", big, sizeof big) != -EINVAL;
		bad += write_self("uid_map", "0 0 1\0\n5 5 5", 13) != 0;  /* the text ends at its NUL */
		bad += write_self("gid_map", "0 0 4294967295", 14) != -EPERM;   /* no CAP_SETGID outside */
		bad += write_self("setgroups", "deny", 4) != 0;
		bad += write_self("gid_map", "0 0 1", 5) != 0;
		bad += write_self("gid_map", "1 1 1", 5) != -EPERM;             /* written once */
		_exit(bad);
	}
	CHECK_EXIT("blanks, NULs, a range not its own, a second write", wait_for(c), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exit"))
		return 0;
	self_path = "/proc/self/exe";
	static char exe[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		self_path = exe;
	}
	RUN(leaks);
	RUN(odd_maps);
	return cases_failed ? 1 : 0;
}
