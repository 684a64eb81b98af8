/* t_xattr - differential test of the extended attribute calls (setxattr,
 * getxattr, listxattr, removexattr and their l* and f* forms) on the
 * names every Linux filesystem keeps alike: trusted.* (root only) and
 * security.*; the VFS's rules on names, sizes, flags and bad pointers.
 * user.* is left to t_xattr_guest: tmpfs refuses it before Linux 6.6, the
 * host's disk takes it. */
#include "check.h"
#include <sys/xattr.h>
#include <sys/socket.h>

/* The names of a list, sorted, joined by ',' (orders differ by fs). */
static const char *names_of(const char *list, ssize_t n)
{
	static char out[512];
	const char *v[16];
	int k = 0;
	for (ssize_t i = 0; i < n && k < 16; i += strlen(list + i) + 1)
		v[k++] = list + i;
	for (int i = 1; i < k; i++)
		for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			const char *t = v[j]; v[j] = v[j - 1]; v[j - 1] = t;
		}
	out[0] = 0;
	for (int i = 0; i < k; i++) {
		strcat(out, i ? "," : "");
		strcat(out, v[i]);
	}
	return out;
}

static void set_get(void)
{
	tdir_setup("t_xattr");
	mk("f", "data");
	char buf[64];
	CHECK_OK0("setxattr trusted.a", setxattr(P("f"), "trusted.a", "hello", 5, 0));
	CHECK_EQ("getxattr size query", getxattr(P("f"), "trusted.a", NULL, 0), 5);
	CHECK_EQ("getxattr", getxattr(P("f"), "trusted.a", buf, sizeof buf), 5);
	CHECK("value", memcmp(buf, "hello", 5) == 0);
	CHECK_ERR("getxattr small buffer", getxattr(P("f"), "trusted.a", buf, 4), ERANGE);
	CHECK_EQ("getxattr exact buffer", getxattr(P("f"), "trusted.a", buf, 5), 5);
	CHECK_EQ("getxattr huge buffer", getxattr(P("f"), "trusted.a", buf, 1 << 20), 5);
	CHECK_ERR("getxattr missing", getxattr(P("f"), "trusted.b", buf, sizeof buf), ENODATA);
	CHECK_OK0("replace value", setxattr(P("f"), "trusted.a", "xy", 2, 0));
	CHECK_EQ("new size", getxattr(P("f"), "trusted.a", buf, sizeof buf), 2);
	CHECK_OK0("empty value", setxattr(P("f"), "trusted.e", NULL, 0, 0));
	CHECK_EQ("empty value reads 0", getxattr(P("f"), "trusted.e", buf, sizeof buf), 0);
	CHECK_OK0("security.s", setxattr(P("f"), "security.s", "sec", 3, 0));
	CHECK_EQ("security.s read", getxattr(P("f"), "security.s", buf, sizeof buf), 3);
	char big[1000];
	memset(big, 'v', sizeof big);
	CHECK_OK0("1000-byte value", setxattr(P("f"), "trusted.big", big, sizeof big, 0));
	char back[1000];
	CHECK_EQ("1000 back", getxattr(P("f"), "trusted.big", back, sizeof back), 1000);
	CHECK("same bytes", memcmp(big, back, sizeof big) == 0);
}

static void flags(void)
{
	tdir_setup("t_xattr");
	mk("f", "");
	CHECK_ERR("REPLACE missing", setxattr(P("f"), "trusted.a", "1", 1, XATTR_REPLACE), ENODATA);
	CHECK_OK0("CREATE new", setxattr(P("f"), "trusted.a", "1", 1, XATTR_CREATE));
	CHECK_ERR("CREATE existing", setxattr(P("f"), "trusted.a", "2", 1, XATTR_CREATE), EEXIST);
	CHECK_OK0("REPLACE existing", setxattr(P("f"), "trusted.a", "3", 1, XATTR_REPLACE));
	char c = 0;
	CHECK_EQ("value 3", getxattr(P("f"), "trusted.a", &c, 1) == 1 && c == '3', 1);
	CHECK_ERR("both flags, existing", setxattr(P("f"), "trusted.a", "4", 1, XATTR_CREATE | XATTR_REPLACE), EEXIST);
	CHECK_ERR("bad flag 4", setxattr(P("f"), "trusted.a", "4", 1, 4), EINVAL);
	CHECK_ERR("bad flag -1", setxattr(P("f"), "trusted.a", "4", 1, -1), EINVAL);
	CHECK_OK0("removexattr", removexattr(P("f"), "trusted.a"));
	CHECK_ERR("removed", getxattr(P("f"), "trusted.a", &c, 1), ENODATA);
	CHECK_ERR("remove again", removexattr(P("f"), "trusted.a"), ENODATA);
}

static void names(void)
{
	tdir_setup("t_xattr");
	mk("f", "");
	char n255[256], n256[257];
	memset(n255, 'n', 255);
	memcpy(n255, "trusted.", 8);
	n255[255] = 0;
	memset(n256, 'n', 256);
	memcpy(n256, "trusted.", 8);
	n256[256] = 0;
	char c;
	CHECK_OK0("name of 255", setxattr(P("f"), n255, "x", 1, 0));
	CHECK_EQ("read name of 255", getxattr(P("f"), n255, &c, 1), 1);
	CHECK_OK0("remove name of 255", removexattr(P("f"), n255));
	CHECK_ERR("set name of 256", setxattr(P("f"), n256, "x", 1, 0), ERANGE);
	CHECK_ERR("get name of 256", getxattr(P("f"), n256, &c, 1), ERANGE);
	CHECK_ERR("remove name of 256", removexattr(P("f"), n256), ERANGE);
	CHECK_ERR("empty name", setxattr(P("f"), "", "x", 1, 0), ERANGE);
	CHECK_ERR("get empty name", getxattr(P("f"), "", &c, 1), ERANGE);
	CHECK_ERR("bare trusted.", setxattr(P("f"), "trusted.", "x", 1, 0), EINVAL);
	CHECK_ERR("get bare security.", getxattr(P("f"), "security.", &c, 1), EINVAL);
	CHECK_ERR("unknown namespace", setxattr(P("f"), "foo.bar", "x", 1, 0), EOPNOTSUPP);
	CHECK_ERR("get unknown namespace", getxattr(P("f"), "foo.bar", &c, 1), EOPNOTSUPP);
	CHECK_ERR("remove unknown namespace", removexattr(P("f"), "foo.bar"), EOPNOTSUPP);
	CHECK_ERR("no dot", setxattr(P("f"), "trusted", "x", 1, 0), EOPNOTSUPP);
	CHECK_ERR("value 65537", setxattr(P("f"), "trusted.a", n256, 65537, 0), E2BIG);
	CHECK_ERR("value -1", setxattr(P("f"), "trusted.a", n256, (size_t)-1, 0), E2BIG);
}

static void lists(void)
{
	tdir_setup("t_xattr");
	mk("f", "");
	char list[256];
	CHECK_EQ("empty list", listxattr(P("f"), list, sizeof list), 0);
	CHECK_EQ("empty list, size 0", listxattr(P("f"), NULL, 0), 0);
	setxattr(P("f"), "trusted.one", "1", 1, 0);
	setxattr(P("f"), "security.two", "2", 1, 0);
	setxattr(P("f"), "trusted.three", "3", 1, 0);
	ssize_t n = listxattr(P("f"), list, sizeof list);
	CHECK_EQ("list length", n, 12 + 13 + 14);
	CHECK_STR("names", names_of(list, n), "security.two,trusted.one,trusted.three");
	CHECK_EQ("size query", listxattr(P("f"), NULL, 0), 39);
	CHECK_ERR("list small buffer", listxattr(P("f"), list, 38), ERANGE);
	CHECK_EQ("list huge buffer", listxattr(P("f"), list, 1 << 20), 39);
	removexattr(P("f"), "trusted.one");
	n = listxattr(P("f"), list, sizeof list);
	CHECK_STR("after remove", names_of(list, n), "security.two,trusted.three");
}

static void links_and_fds(void)
{
	tdir_setup("t_xattr");
	mk("f", "");
	CHECK_OK0("symlink", symlink("f", P("l")));
	char c;
	CHECK_OK0("setxattr through link", setxattr(P("l"), "trusted.t", "T", 1, 0));
	CHECK_EQ("target has it", getxattr(P("f"), "trusted.t", &c, 1), 1);
	CHECK_ERR("link itself has not", lgetxattr(P("l"), "trusted.t", &c, 1), ENODATA);
	CHECK_OK0("lsetxattr on link", lsetxattr(P("l"), "trusted.l", "L", 1, 0));
	CHECK_EQ("lgetxattr", lgetxattr(P("l"), "trusted.l", &c, 1), 1);
	CHECK_ERR("not on target", getxattr(P("f"), "trusted.l", &c, 1), ENODATA);
	char list[64];
	CHECK_STR("llistxattr", names_of(list, llistxattr(P("l"), list, sizeof list)), "trusted.l");
	CHECK_OK0("lremovexattr", lremovexattr(P("l"), "trusted.l"));
	CHECK_EQ("link list empty", llistxattr(P("l"), list, sizeof list), 0);
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("fsetxattr on read-only fd", fsetxattr(fd, "trusted.f", "F", 1, 0));
	CHECK_EQ("fgetxattr", fgetxattr(fd, "trusted.f", &c, 1), 1);
	CHECK_STR("flistxattr", names_of(list, flistxattr(fd, list, sizeof list)), "trusted.f,trusted.t");
	CHECK_OK0("fremovexattr", fremovexattr(fd, "trusted.f"));
	CHECK_ERR("fgetxattr bad fd", fgetxattr(99, "trusted.f", &c, 1), EBADF);
	CHECK_ERR("fsetxattr bad fd", fsetxattr(-1, "trusted.f", "F", 1, 0), EBADF);
	CHECK_ERR("flistxattr bad fd", flistxattr(99, list, 1), EBADF);
	CHECK_ERR("fremovexattr bad fd", fremovexattr(99, "trusted.f"), EBADF);
	int pfd = open(P("f"), O_PATH);
	CHECK_ERR("fgetxattr O_PATH", fgetxattr(pfd, "trusted.t", &c, 1), EBADF);
	CHECK_ERR("fsetxattr O_PATH", fsetxattr(pfd, "trusted.t", "x", 1, 0), EBADF);
	CHECK_ERR("missing path", getxattr(P("nope"), "trusted.t", &c, 1), ENOENT);
	CHECK_ERR("missing path, setxattr", setxattr(P("nope"), "trusted.t", "x", 1, 0), ENOENT);
	CHECK_ERR("path through a file", listxattr(P("f/x"), list, 1), ENOTDIR);
	int p[2];
	CHECK_OK0("pipe", pipe(p));
	CHECK_ERR("pipe: fsetxattr", fsetxattr(p[0], "trusted.x", "x", 1, 0), EOPNOTSUPP);
	CHECK_ERR("pipe: fgetxattr", fgetxattr(p[0], "trusted.x", &c, 1), EOPNOTSUPP);
	CHECK_EQ("pipe: flistxattr", flistxattr(p[0], list, sizeof list), 0);
	CHECK_ERR("proc: getxattr", getxattr("/proc/self/status", "trusted.x", &c, 1), EOPNOTSUPP);
	CHECK_ERR("proc: setxattr", setxattr("/proc/self/status", "trusted.x", "x", 1, 0), EOPNOTSUPP);
}

static void other_types(void)
{
	tdir_setup("t_xattr");
	char c;
	CHECK_OK0("mkfifo", mkfifo(P("fifo"), 0644));
	CHECK_OK0("fifo: trusted", setxattr(P("fifo"), "trusted.x", "x", 1, 0));
	CHECK_EQ("fifo: read", getxattr(P("fifo"), "trusted.x", &c, 1), 1);
	CHECK_OK0("mkdir", mkdir(P("d"), 0755));
	CHECK_OK0("dir: security", setxattr(P("d"), "security.x", "x", 1, 0));
	CHECK_EQ("dir: read", getxattr(P("d"), "security.x", &c, 1), 1);
}

static void faults(void)
{
	tdir_setup("t_xattr");
	mk("f", "");
	setxattr(P("f"), "trusted.a", "abc", 3, 0);
	char buf[8];
	CHECK_ERR("bad path", setxattr((char *)1, "trusted.a", "x", 1, 0), EFAULT);
	CHECK_ERR("bad name", setxattr(P("f"), (char *)1, "x", 1, 0), EFAULT);
	CHECK_ERR("bad value", setxattr(P("f"), "trusted.a", (char *)1, 1, 0), EFAULT);
	CHECK_OK0("bad value, size 0 is fine", setxattr(P("f"), "trusted.z", (char *)1, 0, 0));
	CHECK_ERR("get bad name", getxattr(P("f"), (char *)1, buf, 8), EFAULT);
	CHECK_ERR("get bad buffer", getxattr(P("f"), "trusted.a", (char *)1, 8), EFAULT);
	CHECK_ERR("get missing, bad buffer", getxattr(P("f"), "trusted.q", (char *)1, 8), ENODATA);
	CHECK_ERR("list bad buffer", listxattr(P("f"), (char *)1, 64), EFAULT);
	CHECK_ERR("remove bad name", removexattr(P("f"), (char *)0xc0000000), EFAULT);
	CHECK_EQ("value kept", getxattr(P("f"), "trusted.a", buf, 8), 3);
}

static void user_rules(void)
{
	char c, list[128];
	CHECK_ERR("user: get trusted", getxattr(P("f"), "trusted.t", &c, 1), ENODATA);
	CHECK_ERR("user: get trusted missing", getxattr(P("f"), "trusted.q", &c, 1), ENODATA);
	CHECK_ERR("user: set trusted", setxattr(P("f"), "trusted.t", "x", 1, 0), EPERM);
	CHECK_ERR("user: remove trusted", removexattr(P("f"), "trusted.t"), EPERM);
	CHECK_EQ("user: get security", getxattr(P("f"), "security.s", &c, 1), 1);
	CHECK_ERR("user: set security", setxattr(P("f"), "security.s", "y", 1, 0), EPERM);
	CHECK_ERR("user: new security", setxattr(P("f"), "security.n", "y", 1, 0), EPERM);
	CHECK_ERR("user: remove security", removexattr(P("f"), "security.s"), EPERM);
	ssize_t n = listxattr(P("f"), list, sizeof list);
	CHECK_STR("user: trusted hidden", names_of(list, n), "security.s");
	CHECK_ERR("user: unknown namespace on a 0644 root file", setxattr(P("f"), "foo.x", "x", 1, 0), EACCES);
	CHECK_ERR("user: read unknown namespace on a 0600 file", getxattr(P("g"), "foo.x", &c, 1), EACCES);
}

static void as_user(void)
{
	tdir_setup("t_xattr");
	mk("f", "");
	mk("g", "");
	chmod(P("g"), 0600);
	setxattr(P("f"), "trusted.t", "t", 1, 0);
	setxattr(P("f"), "security.s", "s", 1, 0);
	as_uid1000(user_rules);
}

int main(void)
{
	RUN(set_get);
	RUN(flags);
	RUN(names);
	RUN(lists);
	RUN(links_and_fds);
	RUN(other_types);
	RUN(faults);
	RUN(as_user);
	return cases_failed ? 1 : 0;
}
