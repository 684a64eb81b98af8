/* t_pivot_root - pivot_root(2), differential: after a chroot into a
 * tmpfs mount (Pipit's "/", as Linux's rootfs, cannot be pivoted), a
 * mount below becomes the root, the old root shows at put_old and can be
 * unmounted lazily, the cwd moves with it; the errors in Linux's order
 * (EPERM, ENOTDIR, EBUSY, EINVAL). */
#include "check.h"
#include "mount_ns.h"
#include <sched.h>
#include <sys/mount.h>

static long pivot(const char *n, const char *o)
{
	return syscall(SYS_pivot_root, n, o);
}

/* A private tree with a tmpfs T, a tmpfs T/new with T/new/old in it,
 * and the caller chrooted into T, in its "/". */
static void setup(void)
{
	private_ns();
	mkdir(P("T"), 0755);
	mount("none", P("T"), "tmpfs", 0, NULL);
	mkdir(P("T/new"), 0755);
	mkdir(P("T/plain"), 0755);
	mkdir(P("T/plain/old"), 0755);
	close(open(P("T/file"), O_CREAT | O_WRONLY, 0644));
	mount("none", P("T/new"), "tmpfs", 0, NULL);
	mkdir(P("T/new/old"), 0755);
	mkdir(P("T/new/sub"), 0755);
	chroot(P("T"));
	chdir("/");
}

static void pivots(void)
{
	setup();
	CHECK_OK0("pivot_root(/new, /new/old)", pivot("/new", "/new/old"));
	char cwd[256];
	CHECK_STR("the cwd moved to the new root", getcwd(cwd, sizeof cwd), "/");
	struct stat st;
	CHECK_OK0("the old root's file at /old/file", stat("/old/file", &st));
	CHECK_ERR("new's mount no longer shows at /old/new", stat("/old/new/old", &st), ENOENT);
	CHECK_OK0("/sub is the new root's", stat("/sub", &st));
	CHECK_OK0("umount2(/old, MNT_DETACH)", umount2("/old", MNT_DETACH));
	CHECK_ERR("then /old/file is gone", stat("/old/file", &st), ENOENT);
}

static void errors(void)
{
	setup();
	CHECK_ERR("new_root a file: ENOTDIR", pivot("/file", "/new/old"), ENOTDIR);
	CHECK_ERR("put_old missing: ENOENT", pivot("/new", "/new/none"), ENOENT);
	CHECK_ERR("new_root the root itself: EBUSY", pivot("/", "/new/old"), EBUSY);
	CHECK_ERR("put_old in the root mount: EBUSY", pivot("/new", "/plain/old"), EBUSY);
	CHECK_ERR("new_root no mount's root: EINVAL", pivot("/new/sub", "/new/sub"), EINVAL);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		setgid(1000);
		setuid(1000);
		CHECK_ERR("as a user: EPERM first", pivot("/file", "/none"), EPERM);
		_exit(check_failed);
	}
	int st = wait_for(pid);
	CHECK("the user's checks passed", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* The mounts /proc/self/mounts lists in a chroot: those under its root,
 * named from it. */
static void mounts_in_chroot(void)
{
	setup();
	mkdir("/proc", 0555);
	CHECK_OK0("proc in the chroot", mount("proc", "/proc", "proc", 0, NULL));
	char line[512], dev[64], dir[256], type[32], all[1024] = "";
	FILE *f = fopen("/proc/self/mounts", "r");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%63s %255s %31s", dev, dir, type) == 3) {
			strcat(all, " ");
			strcat(all, dev);
			strcat(all, ":");
			strcat(all, dir);
		}
	if (f)
		fclose(f);
	CHECK_STR("/ (the chroot's mount), /new and /proc, nothing from outside", all,
		  " none:/ none:/new proc:/proc");
}

int main(void)
{
	tdir_setup("t_pivot_root");
	RUN(pivots);
	RUN(errors);
	RUN(mounts_in_chroot);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
