/* t_mount_guest - what the mount tests cannot compare with the host:
 * mounting and unmounting tmpfs instances with files in them (plain,
 * bound, lazily detached with a file open) gives back every page and
 * every kmalloc object (kmem.h); umount("/") remounts the root
 * read-only as Linux's do_umount_root (on the host it would do that to
 * the host's root filesystem), and MNT_DETACH of "/" is EINVAL (decision
 * 67). Pipit only, as root. */
#include "check.h"
#include "kmem.h"
#include <sys/mount.h>

#define DIR_ "/tmp/t_mount_guest.d"

/* One round: a tmpfs with files and a submount, a bind of it, all gone. */
static bool cycle(void)
{
	char big[8192];
	memset(big, 'x', sizeof big);
	bool ok = mount("t", DIR_ "/a", "tmpfs", 0, "size=1m,nr_inodes=50") == 0;
	ok = ok && mkdir(DIR_ "/a/d", 0755) == 0;
	ok = ok && put_file(DIR_ "/a/d/f", big, sizeof big) == 0;
	ok = ok && link(DIR_ "/a/d/f", DIR_ "/a/g") == 0;
	ok = ok && symlink("d/f", DIR_ "/a/l") == 0;
	ok = ok && mount("s", DIR_ "/a/d", "ramfs", 0, NULL) == 0;
	ok = ok && put_file(DIR_ "/a/d/h", big, 100) == 0;
	ok = ok && mount(DIR_ "/a", DIR_ "/b", NULL, MS_BIND | MS_REC, NULL) == 0;
	ok = ok && mount(NULL, DIR_ "/a", NULL, MS_SHARED, NULL) == 0;
	int fd = open(DIR_ "/b/g", O_RDONLY);
	ok = ok && fd >= 0;
	ok = ok && umount2(DIR_ "/b", MNT_DETACH) == 0;
	char c;
	ok = ok && read(fd, &c, 1) == 1;
	close(fd);
	ok = ok && umount(DIR_ "/a/d") == 0 && umount(DIR_ "/a") == 0;
	return ok;
}

static bool ten_cycles(void)
{
	bool ok = true;
	for (int i = 0; i < 10; i++)
		ok = cycle() && ok;
	return ok;
}

static void no_leak(void)
{
	mkdir(DIR_ "/a", 0755);
	mkdir(DIR_ "/b", 0755);
	kmem_account("200 mounts with files, binds, a lazy umount", ten_cycles, 20,
		     "pages and kmalloc objects as before");
	char buf[8192];
	read_all("/proc/self/mounts", buf, sizeof buf);
	CHECK("none left in /proc/mounts", !strstr(buf, DIR_));
}

static void umount_root(void)
{
	CHECK_ERR("umount2(\"/\", MNT_DETACH): EINVAL", umount2("/", MNT_DETACH), EINVAL);
	int fd = open(DIR_ "/w", O_CREAT | O_WRONLY, 0644);
	CHECK_ERR("umount(\"/\") with a file open for writing: EBUSY", umount("/"), EBUSY);
	close(fd);
	CHECK_OK0("umount(\"/\"): the root remounted read-only", umount("/"));
	CHECK_ERR("  open for writing: EROFS", open(DIR_ "/w", O_WRONLY), EROFS);
	char buf[8192];
	read_all("/proc/self/mounts", buf, sizeof buf);
	CHECK("  /proc/mounts says ro", strstr(buf, " / tmpfs ro,") != NULL);
	CHECK_OK0("umount(\"/\") again: still 0", umount("/"));
	CHECK_OK0("MS_REMOUNT: rw again", mount(NULL, "/", NULL, MS_REMOUNT, NULL));
	fd = open(DIR_ "/w", O_WRONLY);
	CHECK_OK("  writable", fd);
	close(fd);
	CHECK_ERR("MNT_EXPIRE of the root: EINVAL", umount2("/", MNT_EXPIRE), EINVAL);
}

int main(void)
{
	rm_rf(DIR_);
	mkdir(DIR_, 0755);
	RUN(no_leak);
	RUN(umount_root);
	mount(NULL, "/", NULL, MS_REMOUNT, NULL);   /* whatever happened */
	rm_rf(DIR_);
	return cases_failed ? 1 : 0;
}
