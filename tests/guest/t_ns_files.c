/* t_ns_files - the namespace files of /proc/<pid>/ns as Linux 6.1's
 * (fs/nsfs.c): each link reads "kind:[inode]" and leads to an nsfs
 * inode numbered so (the initial IPC and UTS namespaces' numbers are
 * Linux's fixed ones), the same for processes in the same namespace;
 * opened, it is what setns(2) takes (flags 0 or its kind) and answers
 * NS_GET_NSTYPE, NS_GET_USERNS, NS_GET_PARENT and NS_GET_OWNER_UID. */
#include "check.h"
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>

#define NS_GET_USERNS    0xb701
#define NS_GET_PARENT    0xb702
#define NS_GET_NSTYPE    0xb703
#define NS_GET_OWNER_UID 0xb704
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif
#define SYS_pidfd_open_ 434

static const struct { const char *name, *real; int type; } kinds[] = {
	{ "cgroup", "cgroup", CLONE_NEWCGROUP }, { "ipc", "ipc", CLONE_NEWIPC },
	{ "mnt", "mnt", CLONE_NEWNS }, { "net", "net", CLONE_NEWNET },
	{ "pid", "pid", CLONE_NEWPID }, { "pid_for_children", "pid", CLONE_NEWPID },
	{ "time", "time", CLONE_NEWTIME }, { "time_for_children", "time", CLONE_NEWTIME },
	{ "user", "user", CLONE_NEWUSER }, { "uts", "uts", CLONE_NEWUTS },
};
#define NKINDS (int)(sizeof kinds / sizeof kinds[0])

static char *ns_path(int pid, const char *name)
{
	static char p[64];
	if (pid)
		snprintf(p, sizeof p, "/proc/%d/ns/%s", pid, name);
	else
		snprintf(p, sizeof p, "/proc/self/ns/%s", name);
	return p;
}

/* stat(2) of a path (following the link), zeros when it fails. */
static struct stat ns_stat(const char *path)
{
	struct stat st;
	memset(&st, 0, sizeof st);
	stat(path, &st);
	return st;
}

/* The number in a link's text "real:[N]", or 0 when the text is not so. */
static unsigned long link_inum(const char *path, const char *real)
{
	char buf[64], pre[32];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n < 0)
		return 0;
	buf[n] = 0;
	snprintf(pre, sizeof pre, "%s:[", real);
	if (strncmp(buf, pre, strlen(pre)) || buf[n - 1] != ']')
		return 0;
	return strtoul(buf + strlen(pre), NULL, 10);
}

static void links(void)
{
	struct stat first = ns_stat(ns_path(0, "ipc"));
	for (int i = 0; i < NKINDS; i++) {
		char name[96];
		const char *p = ns_path(0, kinds[i].name);
		struct stat l, s;
		unsigned long inum = link_inum(p, kinds[i].real);
		snprintf(name, sizeof name, "%s: kind:[inode]", kinds[i].name);
		CHECK(name, inum != 0);
		snprintf(name, sizeof name, "%s: a link, 0777", kinds[i].name);
		CHECK_EQ(name, lstat(p, &l) == 0 ? (long)l.st_mode : -1L, (long)(S_IFLNK | 0777));
		snprintf(name, sizeof name, "%s: an nsfs file, 0444, root's", kinds[i].name);
		CHECK_EQ(name, stat(p, &s) == 0 ? (long)(s.st_mode + s.st_uid) : -1L, (long)(S_IFREG | 0444));
		snprintf(name, sizeof name, "%s: st_ino is the number", kinds[i].name);
		CHECK(name, s.st_ino == inum);
		snprintf(name, sizeof name, "%s: the same st_dev as ipc's", kinds[i].name);
		CHECK(name, s.st_dev == first.st_dev);
	}
	CHECK_EQ("the initial IPC namespace: Linux's fixed number",
		 link_inum(ns_path(0, "ipc"), "ipc"), 4026531839ul);
	CHECK_EQ("the initial UTS namespace: Linux's fixed number",
		 link_inum(ns_path(0, "uts"), "uts"), 4026531838ul);
	CHECK("pid_for_children is pid's", link_inum(ns_path(0, "pid"), "pid") ==
	      link_inum(ns_path(0, "pid_for_children"), "pid"));
	CHECK_EQ("a readlink too short is cut", readlink(ns_path(0, "ipc"), (char[4]){0}, 4), 4);
	CHECK_ERR("no such kind", readlink(ns_path(0, "nope"), (char[8]){0}, 8), ENOENT);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void listing(void)
{
	DIR *d = opendir("/proc/self/ns");
	char *names[32];
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 32)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, n, sizeof names[0], name_cmp);
	char all[512] = "";
	for (int i = 0; i < n; i++)
		snprintf(all + strlen(all), sizeof all - strlen(all), "%s ", names[i]);
	CHECK_STR("/proc/self/ns lists", all,
		  "cgroup ipc mnt net pid pid_for_children time time_for_children user uts ");
	CHECK_EQ("its mode", (long)st_of("/proc/self/ns").st_mode, (long)(S_IFDIR | 0511));
}

/* A child in the caller's namespaces sees the same inodes; after
 * unshare(CLONE_NEWIPC) its ipc file differs, and its own child shares it. */
static void same_ns(void)
{
	int p[2], q[2];
	if (pipe(p) < 0 || pipe(q) < 0)
		return;
	pid_t c = fork();
	if (c == 0) {
		char x;
		read(q[0], &x, 1);
		unshare(CLONE_NEWIPC);
		write(p[1], "u", 1);
		read(q[0], &x, 1);
		_exit(0);
	}
	unsigned long mine = ns_stat(ns_path(0, "ipc")).st_ino;
	CHECK("a child: the same ipc inode", ns_stat(ns_path(c, "ipc")).st_ino == mine);
	CHECK("and the same uts inode", ns_stat(ns_path(c, "uts")).st_ino == ns_stat(ns_path(0, "uts")).st_ino);
	char x;
	write(q[1], "g", 1);
	read(p[0], &x, 1);
	unsigned long its = ns_stat(ns_path(c, "ipc")).st_ino;
	CHECK("after unshare(CLONE_NEWIPC): another", its != mine && its != 0);
	CHECK("its link's number too", link_inum(ns_path(c, "ipc"), "ipc") == its);
	CHECK("its uts stays ours", ns_stat(ns_path(c, "uts")).st_ino == ns_stat(ns_path(0, "uts")).st_ino);
	write(q[1], "g", 1);
	wait_for(c);
	CHECK_ERR("a reaped process: no ns files", readlink(ns_path(c, "ipc"), (char[8]){0}, 8), ENOENT);
}

static void ioctls(void)
{
	for (int i = 0; i < NKINDS; i++) {
		char name[96];
		int fd = open(ns_path(0, kinds[i].name), O_RDONLY);
		snprintf(name, sizeof name, "%s: opens", kinds[i].name);
		CHECK(name, fd >= 0);
		snprintf(name, sizeof name, "%s: NS_GET_NSTYPE", kinds[i].name);
		CHECK_EQ(name, ioctl(fd, NS_GET_NSTYPE), kinds[i].type);
		bool hier = kinds[i].type == CLONE_NEWPID || kinds[i].type == CLONE_NEWUSER;
		snprintf(name, sizeof name, "%s: NS_GET_PARENT", kinds[i].name);
		CHECK_ERR(name, ioctl(fd, NS_GET_PARENT), hier ? EPERM : EINVAL);
		unsigned uid = 77;
		snprintf(name, sizeof name, "%s: NS_GET_OWNER_UID", kinds[i].name);
		if (kinds[i].type == CLONE_NEWUSER) {
			CHECK_EQ(name, ioctl(fd, NS_GET_OWNER_UID, &uid) == 0 ? (long)uid : -1L, 0L);
			CHECK_ERR("user: NS_GET_USERNS", ioctl(fd, NS_GET_USERNS), EPERM);
		} else {
			CHECK_ERR(name, ioctl(fd, NS_GET_OWNER_UID, &uid), EINVAL);
			int u = ioctl(fd, NS_GET_USERNS);
			struct stat us;
			snprintf(name, sizeof name, "%s: NS_GET_USERNS: our user namespace", kinds[i].name);
			CHECK(name, u >= 0 && fstat(u, &us) == 0 && us.st_ino == ns_stat(ns_path(0, "user")).st_ino);
			snprintf(name, sizeof name, "%s: close-on-exec, read-only", kinds[i].name);
			CHECK_EQ(name, (fcntl(u, F_GETFD) << 8) | (fcntl(u, F_GETFL) & O_ACCMODE),
				 FD_CLOEXEC << 8 | O_RDONLY);
			close(u);
		}
		snprintf(name, sizeof name, "%s: another ioctl: ENOTTY", kinds[i].name);
		CHECK_ERR(name, ioctl(fd, 0x1234), ENOTTY);
		snprintf(name, sizeof name, "%s: read: EINVAL", kinds[i].name);
		CHECK_ERR(name, read(fd, (char[4]){0}, 4), EINVAL);
		close(fd);
	}
	CHECK_ERR("NS_GET_NSTYPE on a pipe: ENOTTY", ioctl(0, NS_GET_NSTYPE), ENOTTY);
}

/* An open ns file: /proc/self/fd names it as the link does; fstatfs says
 * nsfs; the thread's directory has the same links. */
static void open_file(void)
{
	int fd = open(ns_path(0, "uts"), O_RDONLY);
	char want[64], path[64];
	ssize_t n = readlink(ns_path(0, "uts"), want, sizeof want - 1);
	want[n < 0 ? 0 : n] = 0;
	CHECK_STR("/proc/self/fd/N: uts:[inode]", fd_link(fd), want);
	struct statfs sf;
	CHECK_EQ("fstatfs: NSFS_MAGIC", fstatfs(fd, &sf) == 0 ? (long)sf.f_type : -1L, 0x6e736673L);
	snprintf(path, sizeof path, "/proc/self/task/%d/ns/uts", getpid());
	CHECK("/proc/self/task/<tid>/ns/uts: the same", ns_stat(path).st_ino == ns_stat(ns_path(0, "uts")).st_ino);
	CHECK_ERR("O_DIRECTORY: ENOTDIR", open(ns_path(0, "ipc"), O_RDONLY | O_DIRECTORY), ENOTDIR);
}

static void setns_errors(void)
{
	int ipc = open(ns_path(0, "ipc"), O_RDONLY), uts = open(ns_path(0, "uts"), O_RDONLY);
	int file = open("/proc/self/stat", O_RDONLY);
	CHECK_ERR("a bad descriptor: EBADF", setns(-1, 0), EBADF);
	CHECK_ERR("a descriptor that is no namespace: EINVAL", setns(file, 0), EINVAL);
	CHECK_ERR("the wrong kind: EINVAL", setns(ipc, CLONE_NEWUTS), EINVAL);
	CHECK_ERR("two kinds for a file: EINVAL", setns(ipc, CLONE_NEWIPC | CLONE_NEWUTS), EINVAL);
	CHECK_OK0("flags 0: the file's kind", setns(ipc, 0));
	CHECK_OK0("its own kind", setns(uts, CLONE_NEWUTS));
	CHECK_OK0("the mount namespace", setns(open(ns_path(0, "mnt"), O_RDONLY), CLONE_NEWNS));
	CHECK_OK0("the net namespace one is in", setns(open(ns_path(0, "net"), O_RDONLY), 0));
	CHECK_OK0("the pid namespace one is in", setns(open(ns_path(0, "pid"), O_RDONLY), 0));
	CHECK_OK0("the cgroup namespace one is in", setns(open(ns_path(0, "cgroup"), O_RDONLY), 0));
	CHECK_OK0("the time namespace one is in", setns(open(ns_path(0, "time"), O_RDONLY), 0));
	int self = (int)syscall(SYS_pidfd_open_, getpid(), 0);
	CHECK_ERR("a pidfd, flags 0: EINVAL", setns(self, 0), EINVAL);
	CHECK_OK0("a pidfd: mount, UTS and IPC", setns(self, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC));
	CHECK_ERR("a pidfd: an unknown flag", setns(self, CLONE_NEWUTS | CLONE_VM), EINVAL);
}

static int ipc_fd, uts_fd, parent_pid;

static void setns_user(void)
{
	CHECK_ERR("a user: setns(ipc): EPERM", setns(ipc_fd, 0), EPERM);
	CHECK_ERR("a user: setns(uts): EPERM", setns(uts_fd, CLONE_NEWUTS), EPERM);
	CHECK_ERR("root's process: readlink EACCES", readlink(ns_path(parent_pid, "ipc"), (char[8]){0}, 8), EACCES);
	CHECK_ERR("and open EACCES", open(ns_path(parent_pid, "ipc"), O_RDONLY), EACCES);
	CHECK("its own: readable", link_inum(ns_path(0, "ipc"), "ipc") != 0);
}

static void as_user(void)
{
	ipc_fd = open(ns_path(0, "ipc"), O_RDONLY);
	uts_fd = open(ns_path(0, "uts"), O_RDONLY);
	parent_pid = getpid();
	as_uid1000(setns_user);
}

int main(void)
{
	RUN(links);
	RUN(listing);
	RUN(same_ns);
	RUN(ioctls);
	RUN(open_file);
	RUN(setns_errors);
	RUN(as_user);
	return cases_failed ? 1 : 0;
}
