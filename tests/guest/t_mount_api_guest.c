/* t_mount_api_guest - the new mount API gives back all it takes, and
 * Linux 6.1's answers the host's newer kernel no longer gives; guest
 * only. The kernel's memory account (kmem.h) is exactly as before after
 * contexts closed before and after CMD_CREATE, detached mounts closed
 * unattached (with files made in them, a file still open past the
 * close), recursive clones closed, and mounts attached then unmounted.
 * 6.1's context log: a read too small for a message takes it
 * (EMSGSIZE, then gone; 6.16 keeps it), "uid=x" is logged once. */
#include "mount_api.h"
#include "kmem.h"

static bool contexts(void)
{
	bool ok = true;
	for (int i = 0; i < 20; i++) {
		int a = fsopen_("tmpfs", 0), b = fsopen_("tmpfs", 0);
		ok &= fsconfig_(a, SET_FLAG, "foo", NULL, 0) == -1;   /* a message left in its log */
		ok &= fsconfig_(b, SET_STRING, "size", "1m", 0) == 0 && fsconfig_(b, CMD_CREATE, NULL, NULL, 0) == 0;
		close(a);
		close(b);
	}
	return ok;
}

static bool detached_mounts(void)
{
	bool ok = true;
	for (int i = 0; i < 20; i++) {
		int m = tmpfs_detached(NULL, 0);
		ok &= m >= 0 && mkdirat(m, "d", 0755) == 0;
		int f = openat(m, "d/f", O_CREAT | O_RDWR, 0644);
		ok &= f >= 0 && write(f, "data", 4) == 4;
		int g = openat(m, "g", O_CREAT | O_RDWR, 0644);
		close(m);
		ok &= write(g, "more", 4) == 4;      /* after the tree went: the file keeps its mount */
		close(g);
		close(f);
	}
	return ok;
}

static bool clones(void)
{
	bool ok = unshare(CLONE_NEWNS) == 0;
	mkdir("/tmp/mapi_guest", 0755);
	mkdir("/tmp/mapi_guest/sub", 0755);
	mkdir("/tmp/mapi_guest/b", 0755);
	ok &= mount("none", "/tmp/mapi_guest/sub", "tmpfs", 0, NULL) == 0;
	for (int i = 0; i < 20; i++) {
		int c = open_tree_(AT_FDCWD, "/tmp/mapi_guest", OPEN_TREE_CLONE_ | AT_RECURSIVE_);
		ok &= c >= 0;
		close(c);
		int d = open_tree_(AT_FDCWD, "/tmp/mapi_guest/sub", OPEN_TREE_CLONE_);
		ok &= move_mount_(d, "", AT_FDCWD, "/tmp/mapi_guest/b", MOVE_MOUNT_F_EMPTY_PATH_) == 0;
		close(d);
		ok &= umount2("/tmp/mapi_guest/b", 0) == 0;
		int m = tmpfs_detached(NULL, 0);
		ok &= move_mount_(m, "", AT_FDCWD, "/tmp/mapi_guest/b", MOVE_MOUNT_F_EMPTY_PATH_) == 0;
		close(m);
		ok &= umount2("/tmp/mapi_guest/b", 0) == 0;
		int p = fspick_(AT_FDCWD, "/tmp/mapi_guest/sub", 0);
		ok &= fsconfig_(p, SET_STRING, "size", "2m", 0) == 0 && fsconfig_(p, CMD_RECONFIGURE, NULL, NULL, 0) == 0;
		close(p);
	}
	ok &= umount2("/tmp/mapi_guest/sub", 0) == 0;
	return ok;
}

static void leaks(void)
{
	kmem_account("contexts closed before and after CMD_CREATE", contexts, 3, "the account exactly as before");
	kmem_account("detached mounts closed unattached", detached_mounts, 3, "the account exactly as before");
	kmem_account("clones, attached mounts unmounted, picks", clones, 3, "the account exactly as before");
	rm_rf("/tmp/mapi_guest");
}

static void log_61(void)
{
	int fd = fsopen_("tmpfs", 0);
	char small[8];
	CHECK_ERR("uid=x: EINVAL", fsconfig_(fd, SET_STRING, "uid", "x", 0), EINVAL);
	CHECK_STR("bad value", ctx_msg(fd), "e tmpfs: Bad value for 'uid'\n");
	CHECK_ERR("logged once", read(fd, small, sizeof small), ENODATA);
	fsconfig_(fd, SET_FLAG, "foo", NULL, 0);
	CHECK_ERR("a message too long for the buffer: EMSGSIZE", read(fd, small, sizeof small), EMSGSIZE);
	CHECK_ERR("and it is gone", read(fd, small, sizeof small), ENODATA);
}

int main(void)
{
	RUN(leaks);
	RUN(log_61);
	return cases_failed ? 1 : 0;
}
