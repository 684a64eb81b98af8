/* t_xattr_guest - extended attributes where Pipit's tmpfs (Linux 6.1's)
 * and the host's disk differ: user.* is EOPNOTSUPP on tmpfs before 6.6
 * (after the permission checks), a value may be 64 KiB, there are no
 * POSIX ACLs; and the attributes go with their inode (no leak). */
#include "check.h"
#include "kmem.h"
#include <sys/xattr.h>

static void user_namespace(void)
{
	tdir_setup("t_xattr_guest");
	mk("f", "");
	char c;
	CHECK_ERR("user.x on a file", setxattr(P("f"), "user.x", "x", 1, 0), EOPNOTSUPP);
	CHECK_ERR("get user.x", getxattr(P("f"), "user.x", &c, 1), EOPNOTSUPP);
	CHECK_ERR("remove user.x", removexattr(P("f"), "user.x"), EOPNOTSUPP);
	CHECK_OK0("symlink", symlink("f", P("l")));
	CHECK_ERR("user.x on a symlink: EPERM first", lsetxattr(P("l"), "user.x", "x", 1, 0), EPERM);
	CHECK_ERR("get user.x on a symlink: ENODATA", lgetxattr(P("l"), "user.x", &c, 1), ENODATA);
	CHECK_ERR("system.posix_acl_access", setxattr(P("f"), "system.posix_acl_access", "x", 1, 0), EOPNOTSUPP);
	CHECK_EQ("nothing listed", listxattr(P("f"), NULL, 0), 0);
}

static void user_namespace_as_user(void)
{
	char c;
	CHECK_ERR("user.x on a 0644 root file: EACCES", setxattr(P("f"), "user.x", "x", 1, 0), EACCES);
	CHECK_ERR("get user.x on a 0600 root file: EACCES", getxattr(P("g"), "user.x", &c, 1), EACCES);
	CHECK_ERR("get user.x on a 0644 root file", getxattr(P("f"), "user.x", &c, 1), EOPNOTSUPP);
}

static void user_namespace_perm(void)
{
	tdir_setup("t_xattr_guest");
	mk("f", "");
	mk("g", "");
	chmod(P("g"), 0600);
	as_uid1000(user_namespace_as_user);
}

static void big_values(void)
{
	tdir_setup("t_xattr_guest");
	mk("f", "");
	static char v[65536], back[65536];
	memset(v, 'q', sizeof v);
	CHECK_OK0("value of 65536", setxattr(P("f"), "trusted.big", v, sizeof v, 0));
	CHECK_EQ("read 65536", getxattr(P("f"), "trusted.big", back, sizeof back), 65536);
	CHECK("same", memcmp(v, back, sizeof v) == 0);
	CHECK_ERR("buffer of 65535", getxattr(P("f"), "trusted.big", back, 65535), ERANGE);
	CHECK_EQ("security.big too", setxattr(P("f"), "security.big", v, sizeof v, 0), 0);
}

static bool xattr_work(void)
{
	static char v[3000];
	const char *path = "/tmp/t_xattr_guest.leak";
	if (put_file(path, "x", 1))
		return false;
	char name[32];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "trusted.n%d", i);
		if (setxattr(path, name, v, sizeof v, 0))
			return false;
	}
	if (setxattr(path, "trusted.n3", v, 10, XATTR_REPLACE) || removexattr(path, "trusted.n4"))
		return false;
	int fd = open(path, O_RDONLY);
	unlink(path);
	bool ok = fsetxattr(fd, "security.late", v, 100, 0) == 0;
	close(fd);                               /* the inode and its attributes go */
	return ok;
}

static void freed_with_inode(void)
{
	kmem_account("xattrs on an unlinked file", xattr_work, 30, "all freed");
}

int main(void)
{
	RUN(user_namespace);
	RUN(user_namespace_perm);
	RUN(big_values);
	RUN(freed_with_inode);
	return cases_failed ? 1 : 0;
}
