/* t_proc_instances_guest - guest only: procfs instances made and dropped
 * every way (mount and umount, lazy umount with files still open on
 * them, fsopen contexts created and closed, detached fsmounts closed,
 * remounts) must give back every page, every kmalloc object (kmem.h)
 * and their devices (the next instance gets the same st_dev as one made
 * before). Linux frees them too, but shows no account to compare. */
#include "mnt_util.h"
#include "mount_api.h"
#include "kmem.h"
#include <dirent.h>

#define DIRP "/tmp/t_proc_inst"

/* One round of everything; false when something failed. */
static bool instances_work(void)
{
	bool ok = true;
	for (int i = 0; i < 40 && ok; i++) {
		ok = mount("proc", DIRP, "proc", 0, i % 2 ? "hidepid=2,gid=5" : "subset=pid") == 0;
		char path[64];
		snprintf(path, sizeof path, DIRP "/%d/status", getpid());
		int root = open(DIRP, O_RDONLY | O_DIRECTORY);
		int st = open(path, O_RDONLY);
		int self = open(DIRP "/self", O_RDONLY | O_DIRECTORY);
		ok = ok && root >= 0 && st >= 0 && self >= 0;
		ok = ok && mount(NULL, DIRP, NULL, MS_REMOUNT, "hidepid=4,subset=pid") == 0;
		ok = ok && umount2(DIRP, i % 3 ? MNT_DETACH : 0) == (i % 3 ? 0 : -1);
		if (!(i % 3))
			ok = ok && umount2(DIRP, MNT_DETACH) == 0;
		char buf[256];
		ok = ok && read(st, buf, sizeof buf) > 0;
		DIR *d = fdopendir(root);
		int n = 0;
		while (d && readdir(d))
			n++;
		ok = ok && n >= 3;
		int f = openat(self, "fd/0", O_RDONLY);
		if (f >= 0)
			close(f);
		if (d)
			closedir(d);
		close(st);
		close(self);                        /* the last holder: an inode under the root */
		int fc = fsopen_("proc", 0);
		ok = ok && fc >= 0 && fsconfig_(fc, SET_STRING, "hidepid", "1", 0) == 0 &&
		     fsconfig_(fc, CMD_CREATE, NULL, NULL, 0) == 0;
		int m = i % 2 ? fsmount_(fc, 0, 0) : -1;
		if (m >= 0) {
			int g = openat(m, "self/comm", O_RDONLY);
			ok = ok && g >= 0;
			close(m);                   /* detached, then the file keeps it */
			if (g >= 0)
				close(g);
		}
		close(fc);
		ok = ok && mount("proc", DIRP, "proc", 0, "hidepid=9") == -1 && errno == EINVAL;
	}
	return ok;
}

static void account(void)
{
	mkdir(DIRP, 0755);
	CHECK_OK0("unshare", unshare(CLONE_NEWNS));
	CHECK_OK0("mount", mount("proc", DIRP, "proc", 0, NULL));
	struct stat a = st_of(DIRP);
	CHECK_OK0("umount", umount(DIRP));
	kmem_account("40 instances mounted, held open and dropped", instances_work, 3,
		     "the account exactly as before");
	CHECK_OK0("mount again", mount("proc", DIRP, "proc", 0, NULL));
	CHECK_EQ("its device is the first one's again", st_of(DIRP).st_dev, a.st_dev);
	CHECK_OK0("umount", umount(DIRP));
	rmdir(DIRP);
}

int main(void)
{
	RUN(account);
	return cases_failed ? 1 : 0;
}
