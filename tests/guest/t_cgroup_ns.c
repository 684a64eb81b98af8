/* t_cgroup_ns - cgroup namespaces as Linux 6.1's (kernel/cgroup/):
 * unshare(CLONE_NEWCGROUP), clone(CLONE_NEWCGROUP) and setns make a
 * task's group its "/": /proc/<pid>/cgroup is relative to the reader's
 * namespace root ("/.." for what is outside it), a cgroup2 mount made
 * inside shows that root, /proc/<pid>/ns/cgroup names the namespace
 * (NS_GET_NSTYPE), a user gets EPERM. */
#include "check.h"
#include "cgroup_util.h"
#include <sched.h>
#include <sys/ioctl.h>

#define NS_GET_NSTYPE_ _IO(0xb7, 0x3)

static char rel[320];
static int init_ns = -1;

/* The case's group and a child group "a" in it; the caller moved into
 * the case's group. */
static int setup_in_group(void)
{
	if (cg_setup())
		return -1;
	snprintf(rel, sizeof rel, "%s", cg_dir + strlen(cg_mnt));
	char a[400];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	mkdir(a, 0755);
	init_ns = open("/proc/self/ns/cgroup", O_RDONLY);
	return cg_write("cgroup.procs", "0");
}

static void unshared(void)
{
	if (setup_in_group())
		return;
	char before[64], after[64], aprocs[420], want[400];
	ssize_t n = readlink("/proc/self/ns/cgroup", before, sizeof before - 1);
	before[n < 0 ? 0 : n] = 0;
	pid_t outside = cg_sleeper();                /* born in the case's group */
	char base_procs[300];
	snprintf(base_procs, sizeof base_procs, "%s/cgroup.procs", cg_base);
	CHECK_OK0("a process moved out to the base group", cg_write_pid(base_procs, outside));
	pid_t inside = cg_sleeper();
	snprintf(aprocs, sizeof aprocs, "%s/a/cgroup.procs", cg_dir);
	CHECK_OK0("another into a", cg_write_pid(aprocs, inside));
	CHECK_OK0("unshare(CLONE_NEWCGROUP)", unshare(CLONE_NEWCGROUP));
	n = readlink("/proc/self/ns/cgroup", after, sizeof after - 1);
	after[n < 0 ? 0 : n] = 0;
	CHECK("a new namespace file", strcmp(before, after) != 0 && !strncmp(after, "cgroup:[", 8));
	int fd = open("/proc/self/ns/cgroup", O_RDONLY);
	CHECK_EQ("NS_GET_NSTYPE: CLONE_NEWCGROUP", ioctl(fd, NS_GET_NSTYPE_), CLONE_NEWCGROUP);
	close(fd);
	CHECK_STR("its own group is /", cg_path_of(0), "/");
	CHECK_STR("a child group's task: /a", cg_path_of(inside), "/a");
	CHECK_STR("a task of the group above: /..", cg_path_of(outside), "/..");
	pid_t c = fork();
	if (c == 0)
		_exit(strcmp(cg_path_of(0), "/") ? 1 : 0);
	CHECK_EQ("a child shares the namespace", wait_for(c), 0);
	CHECK_OK0("setns back to the initial one", setns(init_ns, CLONE_NEWCGROUP));
	CHECK_STR("the full path again", cg_path_of(0), rel);
	snprintf(want, sizeof want, "%s/a", rel);
	CHECK_STR("and the child's", cg_path_of(inside), want);
	kill(outside, SIGKILL);
	kill(inside, SIGKILL);
	wait_for(outside);
	wait_for(inside);
	cg_cleanup();
}

/* Moving within the namespace: the root is the case's group; a
 * mount made inside shows it as its root. */
static void mounted_inside(void)
{
	if (setup_in_group())
		return;
	CHECK_OK0("unshare(CLONE_NEWCGROUP)", unshare(CLONE_NEWCGROUP));
	char m[80], file[160], mi[16384], want[512];
	snprintf(m, sizeof m, "/tmp/t_cgroup_ns.%d", getpid());
	mkdir(m, 0755);
	CHECK_OK0("mount cgroup2 inside", mount("none", m, "cgroup2", 0, NULL));
	snprintf(file, sizeof file, "%s/cgroup.events", m);
	CHECK_OK0("its root is a group, not the root (cgroup.events)", access(file, F_OK));
	snprintf(file, sizeof file, "%s/a", m);
	CHECK_OK0("with the child group a", access(file, F_OK));
	snprintf(file, sizeof file, "%s/cgroup.procs", m);
	char self[16];
	snprintf(self, sizeof self, "%d\n", getpid());
	CHECK_STR("its cgroup.procs lists us", cg_read(file), self);
	ssize_t n = get_file("/proc/self/mountinfo", mi, sizeof mi - 1);
	mi[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof want, " / %s rw,relatime - cgroup2 none rw\n", m);
	CHECK("mountinfo: its root is /", strstr(mi, want) != NULL);
	snprintf(want, sizeof want, " /.. %s rw,relatime - cgroup2 none rw\n", cg_mnt);
	CHECK("the mount made outside: /.. (above the namespace's root)", strstr(mi, want) != NULL);
	snprintf(file, sizeof file, "%s/a/cgroup.procs", m);
	CHECK_OK0("a move through the inner mount", cg_write(file, "0"));
	CHECK_STR("now /a", cg_path_of(0), "/a");
	snprintf(file, sizeof file, "%s/cgroup.procs", m);
	CHECK_OK0("and back", cg_write(file, "0"));
	CHECK_STR("/ again", cg_path_of(0), "/");
	CHECK_OK0("setns back to the initial namespace", setns(init_ns, CLONE_NEWCGROUP));
	n = get_file("/proc/self/mountinfo", mi, sizeof mi - 1);
	mi[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof want, " %s %s rw,relatime - cgroup2 none rw\n", rel, m);
	CHECK("from there the inner mount's root is the group's path", strstr(mi, want) != NULL);
	umount2(m, MNT_DETACH);
	rmdir(m);
	cg_cleanup();
}

/* clone(CLONE_NEWCGROUP): the child's root is the parent's group. */
static void cloned(void)
{
	if (setup_in_group())
		return;
	long c = syscall(SYS_clone, CLONE_NEWCGROUP | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(strcmp(cg_path_of(0), "/") ? 1 : 0);
	CHECK("clone(CLONE_NEWCGROUP)", c > 0);
	CHECK_EQ("the child is at / of its own", wait_for((pid_t)c), 0);
	CHECK_STR("the parent is not", cg_path_of(0), rel);
	int p[2];
	if (pipe(p) < 0)
		return;
	c = syscall(SYS_clone, CLONE_NEWCGROUP | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		char x;
		close(p[1]);
		(void)!read(p[0], &x, 1);
		_exit(0);
	}
	close(p[0]);
	int pidfd = (int)syscall(434, (pid_t)c, 0);      /* pidfd_open */
	pid_t g = fork();
	if (g == 0) {
		if (setns(pidfd, CLONE_NEWCGROUP) < 0)
			_exit(2);
		_exit(strcmp(cg_path_of(0), "/") ? 1 : 0);
	}
	CHECK_EQ("setns through a pidfd joins the child's namespace", wait_for(g), 0);
	close(p[1]);
	wait_for((pid_t)c);
	close(pidfd);
	cg_cleanup();
}

static void user_calls(void)
{
	CHECK_ERR("a user: unshare(CLONE_NEWCGROUP): EPERM", unshare(CLONE_NEWCGROUP), EPERM);
	CHECK_ERR("a user: clone(CLONE_NEWCGROUP): EPERM",
		  syscall(SYS_clone, CLONE_NEWCGROUP | SIGCHLD, 0, 0, 0, 0), EPERM);
	CHECK_ERR("a user: setns: EPERM", setns(init_ns, CLONE_NEWCGROUP), EPERM);
}

static void as_user(void)
{
	init_ns = open("/proc/self/ns/cgroup", O_RDONLY);
	as_uid1000(user_calls);
}

/* A mount made in a namespace outlives it, in the mount tree of the
 * process that made neither. */
static void mount_outlives(void)
{
	if (setup_in_group())
		return;
	char m[80], file[160], mi[16384], want[512];
	snprintf(m, sizeof m, "/tmp/t_cgroup_out.%d", getpid());
	mkdir(m, 0755);
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWCGROUP) < 0 || mount("none", m, "cgroup2", 0, NULL) < 0)
			_exit(1);
		_exit(0);
	}
	CHECK_EQ("a child mounts cgroup2 in a namespace of its own, and exits", wait_for(c), 0);
	snprintf(file, sizeof file, "%s/cgroup.events", m);
	CHECK_OK0("the mount is there, at the child's group", access(file, F_OK));
	snprintf(file, sizeof file, "%s/cgroup.procs", m);
	char self[16];
	snprintf(self, sizeof self, "%d\n", getpid());
	CHECK_STR("its cgroup.procs lists us", cg_read(file), self);
	ssize_t n = get_file("/proc/self/mountinfo", mi, sizeof mi - 1);
	mi[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof want, " %s %s rw,relatime - cgroup2 none rw\n", rel, m);
	CHECK("mountinfo: its root is the group's path", strstr(mi, want) != NULL);
	CHECK_OK0("umount", umount(m));
	rmdir(m);
	cg_cleanup();
}

int main(void)
{
	RUN(unshared);
	RUN(mounted_inside);
	RUN(cloned);
	RUN(mount_outlives);
	RUN(as_user);
	return cases_failed ? 1 : 0;
}
