/* t_cgroup - control groups v2 as Linux 6.1's (kernel/cgroup/): the
 * cgroup2 filesystem mounted in a case's own mount namespace, a group
 * made under the caller's own with mkdir and removed with rmdir (EBUSY
 * with tasks or children), its core files' text, modes and errnos,
 * moving processes through cgroup.procs (and cgroup.threads), the
 * limits cgroup.max.*, the freezer (cgroup.freeze: a frozen task takes
 * no signal but SIGKILL, cgroup.events says so to poll and inotify),
 * cgroup.kill, and clone3's CLONE_INTO_CGROUP. The host has no
 * controller in its cgroup2 hierarchy: the pids controller is
 * t_cgroup_guest's. */
#include "check.h"
#include "cgroup_util.h"
#include "mount_api.h"
#include <dirent.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/statfs.h>
#include <sched.h>

#define CGROUP2_SUPER_MAGIC 0x63677270
/* <linux/sched.h>'s, which neither libc's headers offer. */
struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		 set_tid, set_tid_size, cgroup;
};
#define CLONE_INTO_CGROUP 0x200000000ULL
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

static bool listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;
	while (d && (e = readdir(d)))
		if (!strcmp(e->d_name, name))
			found = true;
	if (d)
		closedir(d);
	return found;
}

static const char *const core_files[] = {
	"cgroup.controllers", "cgroup.events", "cgroup.freeze", "cgroup.kill", "cgroup.max.depth",
	"cgroup.max.descendants", "cgroup.procs", "cgroup.stat", "cgroup.subtree_control",
	"cgroup.threads", "cgroup.type", "cpu.stat",
};
static const unsigned core_modes[] = { 0444, 0444, 0644, 0200, 0644, 0644, 0644, 0444, 0644, 0644, 0644, 0444 };

static void files(void)
{
	if (cg_setup())
		return;
	struct statfs sf;
	CHECK_OK0("statfs of the mount", statfs(cg_mnt, &sf));
	CHECK_EQ("f_type is CGROUP2_SUPER_MAGIC", sf.f_type, CGROUP2_SUPER_MAGIC);
	char mi[16384], want[128];
	ssize_t n = get_file("/proc/self/mountinfo", mi, sizeof mi - 1);
	mi[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof want, " %s rw,relatime - cgroup2 none rw\n", cg_mnt);
	CHECK("mountinfo shows the mount", strstr(mi, want) != NULL);
	char path[512];
	for (size_t i = 0; i < sizeof core_files / sizeof *core_files; i++) {
		snprintf(path, sizeof path, "%s/%s", cg_dir, core_files[i]);
		struct stat st = st_of(path);
		char name[96];
		snprintf(name, sizeof name, "the group has %s", core_files[i]);
		CHECK(name, listed(cg_dir, core_files[i]));
		snprintf(name, sizeof name, "%s: mode", core_files[i]);
		CHECK_MODE(name, st.st_mode, S_IFREG | core_modes[i]);
		snprintf(name, sizeof name, "%s: one link, size 0, root's", core_files[i]);
		CHECK(name, st.st_nlink == 1 && st.st_size == 0 && st.st_uid == 0);
	}
	struct stat st = st_of(cg_dir);
	CHECK_MODE("the group's directory: mkdir's mode", st.st_mode, S_IFDIR | 0755);
	CHECK_EQ("two links", st.st_nlink, 2);
	CHECK_EQ("the same device as the mount", st.st_dev, st_of(cg_mnt).st_dev);
	if (!strcmp(cg_path_of(0), "/")) {
		CHECK("the root has no cgroup.events", !listed(cg_mnt, "cgroup.events"));
		CHECK("nor cgroup.freeze", !listed(cg_mnt, "cgroup.freeze"));
		CHECK("nor cgroup.type", !listed(cg_mnt, "cgroup.type"));
		CHECK("nor cgroup.kill", !listed(cg_mnt, "cgroup.kill"));
		CHECK("but cgroup.procs", listed(cg_mnt, "cgroup.procs"));
		CHECK_MODE("the root directory is 0555", st_of(cg_mnt).st_mode, S_IFDIR | 0555);
	}
	CHECK_STR("cgroup.type", cg_read("cgroup.type"), "domain\n");
	CHECK_STR("cgroup.events", cg_read("cgroup.events"), "populated 0\nfrozen 0\n");
	CHECK_STR("cgroup.freeze", cg_read("cgroup.freeze"), "0\n");
	CHECK_STR("cgroup.max.depth", cg_read("cgroup.max.depth"), "max\n");
	CHECK_STR("cgroup.max.descendants", cg_read("cgroup.max.descendants"), "max\n");
	CHECK_STR("cgroup.procs: empty", cg_read("cgroup.procs"), "");
	CHECK_STR("cgroup.threads: empty", cg_read("cgroup.threads"), "");
	CHECK_STR("cgroup.subtree_control: none", cg_read("cgroup.subtree_control"), "");
	CHECK("cgroup.stat: nr_descendants 0", !strncmp(cg_read("cgroup.stat"), "nr_descendants 0\n", 17));
	CHECK("cpu.stat: usage_usec 0", !strncmp(cg_read("cpu.stat"), "usage_usec 0\nuser_usec 0\nsystem_usec 0\n", 39));
	char c;
	int fd = open(cg_file("cgroup.kill"), O_RDONLY);
	CHECK("root opens cgroup.kill for reading", fd >= 0);
	CHECK_ERR("a read of it: EINVAL", read(fd, &c, 1), EINVAL);
	close(fd);
	CHECK_ERR("a write of cgroup.controllers: EINVAL", cg_write("cgroup.controllers", "x"), EINVAL);
	CHECK_ERR("of cgroup.events: EINVAL", cg_write("cgroup.events", "x"), EINVAL);
	CHECK_ERR("of cgroup.stat: EINVAL", cg_write("cgroup.stat", "x"), EINVAL);
	cg_cleanup();
}

/* Moving processes: cgroup.procs and cgroup.threads, /proc/<pid>/cgroup,
 * cgroup.events' populated, rmdir's EBUSY, the errnos of a write. */
/* cgroup.procs in a pid namespace: the numbers are the reader's (the
 * namespace's init writes "1" for itself and reads "1"; outside, the
 * same process reads as its pid there); a pid the writer's namespace
 * does not have is ESRCH. */
static void pid_ns_procs(void)
{
	if (cg_setup())
		return;
	int go[2], done[2];
	if (pipe(go) || pipe(done) || unshare(CLONE_NEWPID)) {
		fail("setup", "%s", errname(errno));
		return;
	}
	char outer[16];
	snprintf(outer, sizeof outer, "%d", getpid());
	pid_t c = fork();
	if (c == 0) {
		close(done[1]);
		int bad = 0;
		bad |= getpid() != 1;
		bad |= cg_write("cgroup.procs", "1") != 0;
		bad |= strcmp(cg_read("cgroup.procs"), "1\n") != 0;
		bad |= cg_write("cgroup.procs", outer) != -1 || errno != ESRCH;
		char b = 'x';
		write(go[1], &b, 1);
		read(done[0], &b, 1);
		_exit(bad);
	}
	char b, want[32];
	read(go[0], &b, 1);
	snprintf(want, sizeof want, "%d\n", c);
	CHECK_STR("outside, the namespace's init reads as its pid here", cg_read("cgroup.procs"), want);
	close(done[1]);
	CHECK_EQ("inside: pid 1 moves itself by its number there and reads 1; an outside pid is ESRCH",
		 wait_for(c), 0);
}

static void procs(void)
{
	if (cg_setup())
		return;
	char rel[320], want[400];
	snprintf(rel, sizeof rel, "%s", cg_dir + strlen(cg_mnt));
	pid_t c = cg_sleeper();
	CHECK_OK0("write a pid to cgroup.procs", cg_write_pid("cgroup.procs", c));
	snprintf(want, sizeof want, "%d\n", c);
	CHECK_STR("cgroup.procs lists it", cg_read("cgroup.procs"), want);
	CHECK_STR("cgroup.threads too", cg_read("cgroup.threads"), want);
	CHECK_STR("/proc/<pid>/cgroup names the group", cg_path_of(c), rel);
	CHECK_STR("cgroup.events: populated", cg_read("cgroup.events"), "populated 1\nfrozen 0\n");
	CHECK_ERR("rmdir while it is there: EBUSY", rmdir(cg_dir), EBUSY);
	CHECK_OK0("the same pid again", cg_write_pid("cgroup.procs", c));
	CHECK_OK0("a pid with a newline", cg_write("cgroup.procs", want));
	CHECK_OK0("pid 0 is the writer", cg_write("cgroup.procs", "0"));
	CHECK_STR("now in the group", cg_path_of(0), rel);
	pid_t g = fork();
	if (g == 0)
		_exit(strcmp(cg_path_of(0), rel) ? 1 : 0);
	CHECK_EQ("a child of fork starts in its parent's group", wait_for(g), 0);
	char base_procs[300];
	snprintf(base_procs, sizeof base_procs, "%s/cgroup.procs", cg_base);
	CHECK_OK0("back to the base group", cg_write_pid(base_procs, getpid()));
	CHECK_ERR("garbage: EINVAL", cg_write("cgroup.procs", "abc"), EINVAL);
	CHECK_ERR("a negative pid: EINVAL", cg_write("cgroup.procs", "-1"), EINVAL);
	CHECK_ERR("an empty write: EINVAL", cg_write("cgroup.procs", " "), EINVAL);
	CHECK_ERR("no such process: ESRCH", cg_write("cgroup.procs", "99999999"), ESRCH);
	CHECK_ERR("a pid past int: EINVAL", cg_write("cgroup.procs", "99999999999"), EINVAL);
	CHECK_ERR("a thread of another group to cgroup.threads: EOPNOTSUPP",
		  cg_write_pid("cgroup.threads", getpid()), EOPNOTSUPP);
	CHECK_OK0("one already here: nothing to do", cg_write_pid("cgroup.threads", c));
	pid_t d = cg_sleeper(), e = cg_sleeper();
	CHECK_OK0("the newer of two more first", cg_write_pid("cgroup.procs", e));
	CHECK_OK0("then the older", cg_write_pid("cgroup.procs", d));
	char order[64];
	snprintf(order, sizeof order, "%d\n%d\n%d\n", c, e, d);
	CHECK_STR("cgroup.procs lists them in the order they came", cg_read("cgroup.procs"), order);
	kill(d, SIGKILL);
	kill(e, SIGKILL);
	wait_for(d);
	wait_for(e);
	kill(c, SIGKILL);
	wait_for(c);
	CHECK("after its end: not populated", cg_wait_text("cgroup.events", "populated 0\nfrozen 0\n"));
	CHECK_STR("cgroup.procs empty", cg_read("cgroup.procs"), "");
	int fd = open(cg_file("cgroup.procs"), O_RDWR);
	int rc = -1;
	for (int i = 0; i < 500 && (rc = rmdir(cg_dir)) < 0 && errno == EBUSY; i++)
		usleep(10000);
	CHECK_EQ("rmdir of the empty group", rc, 0);
	CHECK_ERR("it is gone", access(cg_dir, F_OK), ENOENT);
	char buf[16];
	CHECK_ERR("a file open in it reads ENODEV", read(fd, buf, sizeof buf), ENODEV);
	CHECK_ERR("and writes ENODEV", write(fd, "0", 1), ENODEV);
	close(fd);
	cg_cleanup();
}

/* mkdir and rmdir in the tree: nested groups, ".." links, names. */
static void tree(void)
{
	if (cg_setup())
		return;
	char a[400], b[400];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	snprintf(b, sizeof b, "%s/a/b", cg_dir);
	CHECK_OK0("mkdir a", mkdir(a, 0700));
	CHECK_MODE("its mode as mkdir asked", st_of(a).st_mode, S_IFDIR | 0700);
	CHECK_EQ("the parent has three links", st_of(cg_dir).st_nlink, 3);
	CHECK_OK0("mkdir a/b", mkdir(b, 0755));
	CHECK("cgroup.stat: nr_descendants 2", !strncmp(cg_read("cgroup.stat"), "nr_descendants 2\n", 17));
	CHECK_ERR("mkdir of an existing name: EEXIST", mkdir(a, 0755), EEXIST);
	CHECK_ERR("mkdir named like a file: EEXIST", mkdir(cg_file("cgroup.procs"), 0755), EEXIST);
	CHECK_ERR("a newline in the name: EINVAL", mkdir(cg_file("x\ny"), 0755), EINVAL);
	CHECK_ERR("rmdir of a group with a child: EBUSY", rmdir(a), EBUSY);
	CHECK_ERR("creat in a group: EACCES", open(cg_file("new"), O_CREAT | O_WRONLY, 0644), EACCES);
	CHECK_ERR("mknod: EPERM", mknod(cg_file("fifo"), S_IFIFO | 0644, 0), EPERM);
	CHECK_ERR("symlink: EPERM", symlink("x", cg_file("link")), EPERM);
	CHECK_ERR("unlink of a file: EPERM", unlink(cg_file("cgroup.procs")), EPERM);
	CHECK_ERR("rmdir of a file: ENOTDIR", rmdir(cg_file("cgroup.procs")), ENOTDIR);
	CHECK_ERR("rename of a group: EPERM", rename(a, cg_file("c")), EPERM);
	CHECK_ERR("link: EPERM", link(cg_file("cgroup.procs"), cg_file("p2")), EPERM);
	char dot[420];
	snprintf(dot, sizeof dot, "%s/.", b);
	CHECK_ERR("rmdir of a/b/.: EINVAL", rmdir(dot), EINVAL);
	snprintf(dot, sizeof dot, "%s/..", b);
	CHECK_ERR("rmdir of a/b/..: ENOTEMPTY", rmdir(dot), ENOTEMPTY);
	CHECK_OK0("rmdir a/b", rmdir(b));
	CHECK_OK0("rmdir a", rmdir(a));
	CHECK_EQ("the parent has two links again", st_of(cg_dir).st_nlink, 2);
	CHECK("cgroup.stat: nr_descendants 0", !strncmp(cg_read("cgroup.stat"), "nr_descendants 0\n", 17));
	char big[5000];
	memset(big, ' ', sizeof big - 1);
	big[sizeof big - 1] = 0;
	CHECK_ERR("a write of more than a page: E2BIG", cg_write("cgroup.procs", big), E2BIG);
	cg_cleanup();
}

/* cgroup.max.descendants and cgroup.max.depth. */
static void limits(void)
{
	if (cg_setup())
		return;
	char a[400], b[400];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	snprintf(b, sizeof b, "%s/b", cg_dir);
	CHECK_OK0("max.descendants 1", cg_write("cgroup.max.descendants", "1"));
	CHECK_STR("reads 1", cg_read("cgroup.max.descendants"), "1\n");
	CHECK_OK0("one child", mkdir(a, 0755));
	CHECK_ERR("a second: EAGAIN", mkdir(b, 0755), EAGAIN);
	CHECK_OK0("max again", cg_write("cgroup.max.descendants", "max\n"));
	CHECK_STR("reads max", cg_read("cgroup.max.descendants"), "max\n");
	CHECK_OK0("max.depth 1", cg_write("cgroup.max.depth", "1"));
	char ab[400];
	snprintf(ab, sizeof ab, "%s/a/x", cg_dir);
	CHECK_ERR("a grandchild: EAGAIN", mkdir(ab, 0755), EAGAIN);
	CHECK_OK0("a second child now", mkdir(b, 0755));
	CHECK_OK0("max.depth 0x10 (any base)", cg_write("cgroup.max.depth", "0x10"));
	CHECK_STR("reads 16", cg_read("cgroup.max.depth"), "16\n");
	CHECK_ERR("-1: ERANGE", cg_write("cgroup.max.depth", "-1"), ERANGE);
	CHECK_ERR("garbage: EINVAL", cg_write("cgroup.max.depth", "lots"), EINVAL);
	CHECK_ERR("past int: ERANGE", cg_write("cgroup.max.descendants", "4294967296"), ERANGE);
	CHECK_OK0("a grandchild now", mkdir(ab, 0755));
	cg_cleanup();
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int s) { (void)s; got_usr1 = 1; }

/* A child that writes a byte to fd for each SIGUSR1 it handles, which
 * it takes only in sigsuspend (so none is lost between a check and a
 * sleep); "r" first, once the handler is in place. */
static pid_t usr1_child(int fd)
{
	pid_t c = fork();
	if (c == 0) {
		sigset_t usr1, none;
		sigemptyset(&usr1);
		sigemptyset(&none);
		sigaddset(&usr1, SIGUSR1);
		sigprocmask(SIG_BLOCK, &usr1, NULL);
		signal(SIGUSR1, on_usr1);
		if (write(fd, "r", 1) < 0)
			_exit(1);
		for (;;) {
			sigsuspend(&none);
			if (got_usr1) {
				got_usr1 = 0;
				if (write(fd, "u", 1) < 0)
					_exit(1);
			}
		}
	}
	return c;
}

/* One byte from fd within 10 s: 1, or 0. */
static int read_byte(int fd)
{
	struct pollfd pf = { .fd = fd, .events = POLLIN };
	char b;
	return poll(&pf, 1, 10000) == 1 && read(fd, &b, 1) == 1;
}

static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] ? p[2] : '?';
}

/* cgroup.freeze: the tasks stop in the freezer, cgroup.events says
 * "frozen 1" (to poll too), a signal waits until the thaw, SIGKILL
 * does not. */
static void freeze(void)
{
	if (cg_setup())
		return;
	int p[2];
	if (pipe(p) < 0)
		return;
	pid_t c = usr1_child(p[1]);
	close(p[1]);
	CHECK_EQ("the child is ready", read_byte(p[0]), 1);
	CHECK_OK0("into the group", cg_write_pid("cgroup.procs", c));
	int ev = open(cg_file("cgroup.events"), O_RDONLY);
	char buf[64];
	CHECK("cgroup.events read once", read(ev, buf, sizeof buf) > 0);
	struct pollfd pf = { .fd = ev, .events = POLLPRI };
	CHECK_EQ("poll: nothing new yet", poll(&pf, 1, 0), 0);
	CHECK_OK0("freeze", cg_write("cgroup.freeze", "1"));
	CHECK_STR("cgroup.freeze reads 1", cg_read("cgroup.freeze"), "1\n");
	CHECK("cgroup.events: frozen 1", cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n"));
	CHECK_EQ("poll: POLLPRI", poll(&pf, 1, 5000), 1);
	CHECK_EQ("with POLLERR", pf.revents, POLLPRI | POLLERR);
	CHECK_EQ("the task sleeps (S)", proc_state(c), 'S');
	kill(c, SIGUSR1);
	usleep(200000);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	CHECK_ERR("its handler does not run while frozen", read(p[0], buf, 1), EAGAIN);
	kill(c, SIGCONT);
	usleep(100000);
	CHECK_STR("SIGCONT does not thaw it", cg_read("cgroup.events"), "populated 1\nfrozen 1\n");
	CHECK_OK0("thaw", cg_write("cgroup.freeze", "0"));
	fcntl(p[0], F_SETFL, 0);
	CHECK_EQ("the handler runs after the thaw", read_byte(p[0]), 1);
	CHECK_STR("cgroup.events: frozen 0", cg_read("cgroup.events"), "populated 1\nfrozen 0\n");
	CHECK_ERR("freeze 2: ERANGE", cg_write("cgroup.freeze", "2"), ERANGE);
	CHECK_ERR("freeze x: EINVAL", cg_write("cgroup.freeze", "x"), EINVAL);
	CHECK_OK0("freeze again", cg_write("cgroup.freeze", "1"));
	CHECK("frozen again", cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n"));
	kill(c, SIGKILL);
	CHECK_EQ("SIGKILL ends a frozen task", wait_for(c), SIGKILL);
	CHECK("an empty frozen group stays frozen", cg_wait_text("cgroup.events", "populated 0\nfrozen 1\n"));
	pid_t d = fork();
	if (d == 0) {
		if (cg_write("cgroup.procs", "0") < 0)
			_exit(2);
		_exit(0);                    /* frozen on the way out of write */
	}
	CHECK("a task that moves itself in freezes too", cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n"));
	CHECK_OK0("thaw", cg_write("cgroup.freeze", "0"));
	CHECK_EQ("it runs on and exits", wait_for(d), 0);
	close(ev);
	cg_cleanup();
}

/* inotify sees cgroup.events change (IN_MODIFY). */
static void events_inotify(void)
{
	if (cg_setup())
		return;
	int in = inotify_init1(IN_NONBLOCK);
	CHECK("a watch on cgroup.events", inotify_add_watch(in, cg_file("cgroup.events"), IN_MODIFY) >= 0);
	pid_t c = cg_sleeper();
	CHECK_OK0("a task in", cg_write_pid("cgroup.procs", c));
	struct pollfd pf = { .fd = in, .events = POLLIN };
	CHECK_EQ("IN_MODIFY comes", poll(&pf, 1, 5000), 1);
	char buf[256];
	ssize_t n = read(in, buf, sizeof buf);
	struct inotify_event *e = (struct inotify_event *)buf;
	CHECK("an IN_MODIFY event", n >= (ssize_t)sizeof *e && (e->mask & IN_MODIFY));
	int in2 = inotify_init1(IN_NONBLOCK);
	CHECK("a watch on the group's directory", inotify_add_watch(in2, cg_dir, IN_MODIFY) >= 0);
	kill(c, SIGKILL);
	wait_for(c);
	pf.fd = in2;
	CHECK_EQ("the directory's watch hears it too", poll(&pf, 1, 5000), 1);
	n = read(in2, buf, sizeof buf);
	CHECK("IN_MODIFY, named cgroup.events", n >= (ssize_t)sizeof *e && (e->mask & IN_MODIFY) &&
	      e->len && !strcmp(e->name, "cgroup.events"));
	close(in2);
	kill(c, SIGKILL);
	wait_for(c);
	close(in);
	cg_cleanup();
}

/* cgroup.kill: SIGKILL to every task in the group and below. */
static void kill_group(void)
{
	if (cg_setup())
		return;
	char a[400], aprocs[420];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	snprintf(aprocs, sizeof aprocs, "%s/cgroup.procs", a);
	mkdir(a, 0755);
	pid_t c1 = cg_sleeper(), c2 = cg_sleeper();
	CHECK_OK0("one task in the group", cg_write_pid("cgroup.procs", c1));
	CHECK_OK0("one in a child group", cg_write_pid(aprocs, c2));
	CHECK_ERR("kill 0: ERANGE", cg_write("cgroup.kill", "0"), ERANGE);
	CHECK_ERR("kill x: EINVAL", cg_write("cgroup.kill", "x"), EINVAL);
	CHECK_OK0("kill 1", cg_write("cgroup.kill", "1"));
	CHECK_EQ("the first died of SIGKILL", wait_for(c1), SIGKILL);
	CHECK_EQ("the second too", wait_for(c2), SIGKILL);
	CHECK_OK0("kill of an empty group", cg_write("cgroup.kill", "1"));
	cg_cleanup();
}

static long clone3_into(int fd, uint64_t extra)
{
	struct clone_args a = { .flags = CLONE_INTO_CGROUP | extra, .exit_signal = SIGCHLD, .cgroup = (uint64_t)fd };
	return syscall(SYS_clone3, &a, sizeof a);
}

/* clone3 with CLONE_INTO_CGROUP: the child is born in the group. */
static void clone_into(void)
{
	if (cg_setup())
		return;
	char rel[320];
	snprintf(rel, sizeof rel, "%s", cg_dir + strlen(cg_mnt));
	int fd = open(cg_dir, O_RDONLY | O_DIRECTORY);
	long c = clone3_into(fd, 0);
	if (c == 0)
		_exit(strcmp(cg_path_of(0), rel) ? 1 : 0);
	CHECK("clone3 into the group", c > 0);
	CHECK_EQ("the child was born there", wait_for((pid_t)c), 0);
	CHECK_STR("its parent was not moved", strchr(cg_path_of(0) + 1, '/') ? "moved" : "", "");
	int pfd = open(cg_dir, O_PATH);
	c = clone3_into(pfd, 0);
	if (c == 0)
		_exit(strcmp(cg_path_of(0), rel) ? 1 : 0);
	CHECK("an O_PATH descriptor does too", c > 0 && wait_for((pid_t)c) == 0);
	int ffd = open(cg_file("cgroup.procs"), O_RDONLY);
	CHECK_ERR("a descriptor of cgroup.procs: EBADF", clone3_into(ffd, 0), EBADF);
	int tfd = open("/tmp", O_RDONLY);
	CHECK_ERR("a directory of another filesystem: EBADF", clone3_into(tfd, 0), EBADF);
	CHECK_ERR("a closed descriptor: EBADF", clone3_into(999, 0), EBADF);
	CHECK_ERR("a negative one: EINVAL", clone3_into(-1, 0), EINVAL);
	CHECK_OK0("the group removed", rmdir(cg_dir));
	CHECK_ERR("a removed group: ENOENT", clone3_into(fd, 0), ENOENT);
	close(fd);
	close(pfd);
	close(ffd);
	close(tfd);
	cg_cleanup();
}

/* cgroup.type: a group made threaded, its child "domain invalid", the
 * parent "domain threaded"; cgroup.procs of a threaded group cannot be
 * read. */
static void threaded(void)
{
	if (cg_setup())
		return;
	char a[400], t[420], u[440];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	snprintf(t, sizeof t, "%s/a/cgroup.type", cg_dir);
	mkdir(a, 0755);
	CHECK_ERR("cgroup.type takes only \"threaded\"", cg_write(t, "domain"), EINVAL);
	CHECK_OK0("threaded", cg_write(t, "threaded\n"));
	CHECK_STR("reads threaded", cg_read(t), "threaded\n");
	CHECK_OK0("threaded again: nothing to do", cg_write(t, "threaded"));
	CHECK_STR("the parent: domain threaded", cg_read("cgroup.type"), "domain threaded\n");
	snprintf(u, sizeof u, "%s/a/cgroup.procs", cg_dir);
	int fd = open(u, O_RDONLY);
	char buf[8];
	CHECK_ERR("cgroup.procs of a threaded group: EOPNOTSUPP", read(fd, buf, sizeof buf), EOPNOTSUPP);
	close(fd);
	snprintf(u, sizeof u, "%s/a/x", cg_dir);
	CHECK_OK0("a child of a threaded group", mkdir(u, 0755));
	snprintf(t, sizeof t, "%s/a/x/cgroup.type", cg_dir);
	CHECK_STR("is domain invalid", cg_read(t), "domain invalid\n");
	snprintf(u, sizeof u, "%s/a/x/cgroup.procs", cg_dir);
	CHECK_ERR("a task into it: EOPNOTSUPP", cg_write(u, "0"), EOPNOTSUPP);
	snprintf(u, sizeof u, "%s/a/x", cg_dir);
	int xfd = open(u, O_RDONLY);
	CHECK_ERR("clone3 into it: EOPNOTSUPP", clone3_into(xfd, 0), EOPNOTSUPP);
	close(xfd);
	snprintf(u, sizeof u, "%s/a/x/cgroup.procs", cg_dir);
	CHECK_OK0("made threaded", cg_write(t, "threaded"));
	pid_t c = cg_sleeper();
	CHECK_OK0("a process into the threaded one", cg_write_pid(u, c));
	char want[16];
	snprintf(want, sizeof want, "%d\n", c);
	CHECK_STR("the domain's cgroup.procs lists it", cg_read("cgroup.procs"), want);
	kill(c, SIGKILL);
	wait_for(c);
	cg_cleanup();
}

/* Delegation: a user who owns a group's directory and cgroup.procs
 * makes groups in it and moves tasks between them, but not out of it. */
static pid_t deleg_sleeper;

static void deleg_user(void)
{
	char sub[400], subprocs[420], base_procs[300], rootgrp[400];
	snprintf(sub, sizeof sub, "%s/sub", cg_dir);
	snprintf(subprocs, sizeof subprocs, "%s/cgroup.procs", sub);
	snprintf(base_procs, sizeof base_procs, "%s/cgroup.procs", cg_base);
	snprintf(rootgrp, sizeof rootgrp, "%s/r/cgroup.procs", cg_dir);
	CHECK_OK0("a user makes a group in its own", mkdir(sub, 0755));
	CHECK_EQ("owned by the user", st_of(subprocs).st_uid, 1000);
	CHECK_OK0("moves itself into it", cg_write(subprocs, "0"));
	CHECK_OK0("and root's process too (cgroup v2 asks no euid)", cg_write_pid(subprocs, deleg_sleeper));
	CHECK_OK0("and back", cg_write_pid("cgroup.procs", deleg_sleeper));
	CHECK_OK0("and back (the common ancestor's cgroup.procs is its own)", cg_write("cgroup.procs", "0"));
	CHECK_ERR("not out of the delegated group: EACCES", cg_write(base_procs, "0"), EACCES);
	CHECK_ERR("not into root's group: EACCES", cg_write(rootgrp, "0"), EACCES);
	CHECK_ERR("no group in root's: EACCES", mkdir(cg_file("r/x"), 0755), EACCES);
	CHECK_OK0("freezes its own group", cg_write(cg_file("sub/cgroup.freeze"), "0"));
	int rfd = open(cg_file("r"), O_RDONLY);
	CHECK_ERR("clone3 into root's group: EACCES", clone3_into(rfd, 0), EACCES);
	close(rfd);
	CHECK_OK0("removes it", rmdir(sub));
}

static void delegation(void)
{
	if (cg_setup())
		return;
	char r[400];
	snprintf(r, sizeof r, "%s/r", cg_dir);
	mkdir(r, 0755);
	CHECK_OK0("chown the group to a user", chown(cg_dir, 1000, 100));
	CHECK_OK0("and its cgroup.procs", chown(cg_file("cgroup.procs"), 1000, 100));
	CHECK_OK0("root moves itself in", cg_write("cgroup.procs", "0"));
	deleg_sleeper = cg_sleeper();
	as_uid1000(deleg_user);
	kill(deleg_sleeper, SIGKILL);
	wait_for(deleg_sleeper);
	cg_cleanup();
}

/* The new mount API: fsopen("cgroup2"), its parameters, fsmount. */
static void fsopen_cgroup2(void)
{
	private_ns();
	char m[64], file[128];
	snprintf(m, sizeof m, "/tmp/t_cgroup_fs.%d", getpid());
	mkdir(m, 0755);
	int fc = (int)fsopen_("cgroup2", 0);
	CHECK("fsopen(\"cgroup2\")", fc >= 0);
	CHECK_ERR("an unknown parameter: EINVAL", fsconfig_(fc, SET_FLAG, "bogus", NULL, 0), EINVAL);
	CHECK_ERR("a value for a flag: EINVAL", fsconfig_(fc, SET_STRING, "nsdelegate", "1", 0), EINVAL);
	CHECK_OK0("a source", fsconfig_(fc, SET_STRING, "source", "cg", 0));
	CHECK_OK0("FSCONFIG_CMD_CREATE", fsconfig_(fc, CMD_CREATE, NULL, NULL, 0));
	int mfd = (int)fsmount_(fc, 0, 0);
	CHECK("fsmount", mfd >= 0);
	CHECK_OK0("move_mount onto a directory", move_mount_(mfd, "", AT_FDCWD, m, MOVE_MOUNT_F_EMPTY_PATH_));
	snprintf(file, sizeof file, "%s/cgroup.procs", m);
	CHECK_OK0("the hierarchy is there", access(file, F_OK));
	char mi[16384], want[128];
	ssize_t n = get_file("/proc/self/mountinfo", mi, sizeof mi - 1);
	mi[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof want, " %s rw,relatime - cgroup2 cg rw\n", m);
	CHECK("mountinfo shows it", strstr(mi, want) != NULL);
	umount2(m, MNT_DETACH);
	rmdir(m);
	close(mfd);
	close(fc);
}

/* A zombie whose group was removed: /proc/<pid>/cgroup says so. */
static void deleted(void)
{
	if (cg_setup())
		return;
	char a[400], aprocs[420], want[440];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	snprintf(aprocs, sizeof aprocs, "%s/cgroup.procs", a);
	mkdir(a, 0755);
	pid_t c = cg_sleeper();
	CHECK_OK0("a task into a", cg_write_pid(aprocs, c));
	kill(c, SIGKILL);
	char stat_path[64];
	snprintf(stat_path, sizeof stat_path, "/proc/%d/stat", c);
	for (int i = 0; i < 500 && proc_state(c) != 'Z'; i++)
		usleep(10000);
	CHECK_EQ("it is a zombie", proc_state(c), 'Z');
	int rc = -1;
	for (int i = 0; i < 500 && (rc = rmdir(a)) < 0 && errno == EBUSY; i++)
		usleep(10000);
	CHECK_EQ("its group removed before it is reaped", rc, 0);
	snprintf(want, sizeof want, "%s/a (deleted)", cg_dir + strlen(cg_mnt));
	CHECK_STR("/proc/<pid>/cgroup: (deleted)", cg_path_of(c), want);
	wait_for(c);
	cg_cleanup();
}

int main(void)
{
	RUN(files);
	RUN(procs);
	RUN(pid_ns_procs);
	RUN(tree);
	RUN(limits);
	RUN(freeze);
	RUN(events_inotify);
	RUN(kill_group);
	RUN(clone_into);
	RUN(threaded);
	RUN(delegation);
	RUN(fsopen_cgroup2);
	RUN(deleted);
	return cases_failed ? 1 : 0;
}
