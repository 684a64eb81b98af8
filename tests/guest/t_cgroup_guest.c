/* t_cgroup_guest - what the host cannot show of cgroup v2 (its cgroup2
 * hierarchy has no controller, and it is not Pipit's boot): the mount
 * on /sys/fs/cgroup, /proc/cgroups, the pids controller (pids.max,
 * pids.current, pids.events; fork fails with EAGAIN over a limit, up
 * the tree), subtree_control's rules (ENOENT, EBUSY, the no-internal-
 * process rule), cpu.stat's time, mount options, and that groups,
 * namespaces, frozen and killed tasks give back all their memory. */
#include "check.h"
#include "cgroup_util.h"
#include "kmem.h"
#include <pthread.h>
#include <sched.h>

static char root_sc[300];

static void boot(void)
{
	char mi[16384];
	ssize_t n = get_file("/proc/self/mountinfo", mi, sizeof mi - 1);
	mi[n < 0 ? 0 : n] = 0;
	CHECK("cgroup2 is mounted on /sys/fs/cgroup", strstr(mi, " / /sys/fs/cgroup rw,relatime") &&
	      strstr(mi, " - cgroup2 cgroup2 rw\n"));
	CHECK_STR("/proc/self/cgroup: the root", cg_read("/proc/self/cgroup"), "0::/\n");
	char text[256];
	n = get_file("/proc/cgroups", text, sizeof text - 1);
	text[n < 0 ? 0 : n] = 0;
	CHECK("/proc/cgroups: its header", !strncmp(text, "#subsys_name\thierarchy\tnum_cgroups\tenabled\n", 43));
	CHECK("and pids on the v2 hierarchy (0), enabled", strstr(text, "\npids\t0\t") && strstr(text, "\t1\n"));
	CHECK_STR("the root offers pids", cg_read("/sys/fs/cgroup/cgroup.controllers"), "pids\n");
	n = get_file("/proc/filesystems", text, sizeof text - 1);
	text[n < 0 ? 0 : n] = 0;
	CHECK("/proc/filesystems lists cgroup2", strstr(text, "nodev\tcgroup2\n") != NULL);
	CHECK_OK0("/proc/1/cgroup", access("/proc/1/cgroup", R_OK));
}

/* A child in the group (moved there by itself) that forks n children
 * which pause; exits with the number of forks that failed with EAGAIN
 * (the others are killed first). */
static int fork_in_group(const char *procs, int n)
{
	pid_t c = fork();
	if (c == 0) {
		if (cg_write(procs, "0") < 0)
			_exit(100);
		int failed = 0;
		pid_t kids[16];
		int k = 0;
		for (int i = 0; i < n; i++) {
			pid_t g = fork();
			if (g == 0) {
				pause();
				_exit(0);
			}
			if (g < 0 && errno == EAGAIN)
				failed++;
			else if (g > 0)
				kids[k++] = g;
		}
		for (int i = 0; i < k; i++) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
		}
		_exit(failed);
	}
	int st;
	waitpid(c, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void pids(void)
{
	if (cg_setup())
		return;
	snprintf(root_sc, sizeof root_sc, "/sys/fs/cgroup/cgroup.subtree_control");
	CHECK_ERR("pids.max before the controller: none", access(cg_file("pids.max"), F_OK), ENOENT);
	CHECK_OK0("+pids at the root", cg_write(root_sc, "+pids"));
	CHECK_STR("the root's subtree_control", cg_read(root_sc), "pids\n");
	CHECK_STR("the group's controllers", cg_read("cgroup.controllers"), "pids\n");
	CHECK_STR("pids.max: max", cg_read("pids.max"), "max\n");
	CHECK_STR("pids.current: 0", cg_read("pids.current"), "0\n");
	CHECK_STR("pids.events: max 0", cg_read("pids.events"), "max 0\n");
	CHECK_MODE("pids.max's mode", st_of(cg_file("pids.max")).st_mode, S_IFREG | 0644);
	CHECK_MODE("pids.current's", st_of(cg_file("pids.current")).st_mode, S_IFREG | 0444);
	CHECK_ERR("the root has no pids.max", access("/sys/fs/cgroup/pids.max", F_OK), ENOENT);
	CHECK_OK0("pids.max 3", cg_write("pids.max", "3\n"));
	CHECK_STR("reads 3", cg_read("pids.max"), "3\n");
	CHECK_ERR("-1: EINVAL", cg_write("pids.max", "-1"), EINVAL);
	CHECK_ERR("x: EINVAL", cg_write("pids.max", "x"), EINVAL);
	CHECK_ERR("past PID_MAX_LIMIT: EINVAL", cg_write("pids.max", "32769"), EINVAL);
	CHECK_EQ("a process and two children fit, a third fork: EAGAIN", fork_in_group(cg_file("cgroup.procs"), 3), 1);
	CHECK_STR("pids.events counted it", cg_read("pids.events"), "max 1\n");
	CHECK_STR("pids.current: 0 again", cg_read("pids.current"), "0\n");
	pid_t s = cg_sleeper();
	CHECK_OK0("a sleeper in", cg_write_pid("cgroup.procs", s));
	CHECK_STR("pids.current: 1", cg_read("pids.current"), "1\n");
	CHECK_OK0("+pids in the group with a task in it (threaded controller)", cg_write("cgroup.subtree_control", "+pids"));
	char a[400], aprocs[440], amax[440];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	snprintf(aprocs, sizeof aprocs, "%s/cgroup.procs", a);
	snprintf(amax, sizeof amax, "%s/pids.max", a);
	CHECK_OK0("a child group", mkdir(a, 0755));
	CHECK_STR("with pids.max: max", cg_read(amax), "max\n");
	snprintf(a, sizeof a, "%s/a/cgroup.type", cg_dir);
	CHECK_STR("the group is a thread root now (tasks, a threaded controller)", cg_read("cgroup.type"),
		  "domain threaded\n");
	CHECK_STR("its child cannot be a domain", cg_read(a), "domain invalid\n");
	CHECK_ERR("nor take a process: EOPNOTSUPP", cg_write_pid(aprocs, s), EOPNOTSUPP);
	kill(s, SIGKILL);
	wait_for(s);
	CHECK("the sleeper gone, a domain again", cg_wait_text(a, "domain\n"));
	CHECK_EQ("its forks count against the parent's limit", fork_in_group(aprocs, 3), 1);
	CHECK_OK0("pids.max max", cg_write("pids.max", "max"));
	CHECK_OK0("pids.max 1 below", cg_write(amax, "1"));
	CHECK_EQ("and against its own", fork_in_group(aprocs, 2), 2);
	CHECK_ERR("-pids at the root while the group has it: EBUSY", cg_write(root_sc, "-pids"), EBUSY);
	CHECK_OK0("pids.max 0 below", cg_write(amax, "0"));
	char adir[400];
	snprintf(adir, sizeof adir, "%s/a", cg_dir);
	int afd = open(adir, O_RDONLY);
	struct clone_args_ { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
			     set_tid, set_tid_size, cgroup; } ca = { .flags = 0x200000000ULL, .exit_signal = SIGCHLD };
	ca.cgroup = (uint64_t)afd;
	CHECK_ERR("clone3 CLONE_INTO_CGROUP a group at its limit: EAGAIN", syscall(435, &ca, sizeof ca), EAGAIN);
	close(afd);
	cg_cleanup();
	CHECK_OK0("-pids at the root", cg_write(root_sc, "-pids"));
	CHECK_STR("none", cg_read(root_sc), "");
}

/* subtree_control's errors and the no-internal-process rule. */
static void internal(void)
{
	if (cg_setup())
		return;
	snprintf(root_sc, sizeof root_sc, "/sys/fs/cgroup/cgroup.subtree_control");
	char a[400], asc[440], aprocs[440];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	snprintf(asc, sizeof asc, "%s/cgroup.subtree_control", a);
	snprintf(aprocs, sizeof aprocs, "%s/cgroup.procs", a);
	mkdir(a, 0755);
	CHECK_ERR("+pids where the parent has none: ENOENT", cg_write("cgroup.subtree_control", "+pids"), ENOENT);
	CHECK_ERR("an unknown controller: EINVAL", cg_write("cgroup.subtree_control", "+cpuacct"), EINVAL);
	CHECK_ERR("no sign: EINVAL", cg_write("cgroup.subtree_control", "pids"), EINVAL);
	CHECK_OK0("-pids that is not there: nothing", cg_write("cgroup.subtree_control", "-pids"));
	CHECK_OK0("an empty write", cg_write("cgroup.subtree_control", "  \n"));
	CHECK_OK0("+pids at the root", cg_write(root_sc, "+pids"));
	CHECK_OK0("+pids -pids +pids: the last word wins", cg_write("cgroup.subtree_control", "+pids -pids +pids"));
	CHECK_STR("on", cg_read("cgroup.subtree_control"), "pids\n");
	pid_t s = cg_sleeper();
	CHECK_OK0("a task in the child", cg_write_pid(aprocs, s));
	pid_t t = cg_sleeper();
	CHECK_ERR("a task into the parent, which has controllers and a populated child: EBUSY",
		  cg_write_pid("cgroup.procs", t), EBUSY);
	CHECK_OK0("+pids in the child", cg_write(asc, "+pids"));
	CHECK_ERR("-pids in the parent while the child has it: EBUSY", cg_write("cgroup.subtree_control", "-pids"), EBUSY);
	CHECK_OK0("-pids in the child", cg_write(asc, "-pids"));
	CHECK_OK0("then in the parent", cg_write("cgroup.subtree_control", "-pids"));
	CHECK_OK0("now the parent takes a task", cg_write_pid("cgroup.procs", t));
	CHECK_STR("the group's type: domain", cg_read("cgroup.type"), "domain\n");
	kill(s, SIGKILL);
	kill(t, SIGKILL);
	wait_for(s);
	wait_for(t);
	cg_cleanup();
	cg_write(root_sc, "-pids");
}

static void cpu_stat(void)
{
	if (cg_setup())
		return;
	pid_t c = fork();
	if (c == 0) {
		cg_write("cgroup.procs", "0");
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		do
			clock_gettime(CLOCK_MONOTONIC, &b);
		while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 300000000L);
		_exit(0);
	}
	wait_for(c);
	unsigned long long usage = 0, user = 0, sys = 0;
	sscanf(cg_read("cpu.stat"), "usage_usec %llu\nuser_usec %llu\nsystem_usec %llu", &usage, &user, &sys);
	CHECK("usage_usec: the child's spin stays with the group", usage >= 100000 && usage < 60000000);
	CHECK("user_usec + system_usec is usage_usec (to a microsecond)", user + sys >= usage - 1 && user + sys <= usage + 1);
	CHECK("most of it user time", user > sys);
	cg_cleanup();
}


static void nothing(void) { }

/* With nsdelegate, in a namespace rooted at the case's group: its own
 * cgroup.freeze is the parent's to write (EPERM), cgroup.procs is its,
 * and a group outside the namespace cannot be reached (ENOENT). */
static void ns_root_writes(void)
{
	if (cg_setup())
		return;
	char a[400], aprocs[420], base_procs[300];
	snprintf(a, sizeof a, "%s/a", cg_dir);
	snprintf(aprocs, sizeof aprocs, "%s/cgroup.procs", a);
	snprintf(base_procs, sizeof base_procs, "%s/cgroup.procs", cg_base);
	mkdir(a, 0755);
	CHECK_OK0("nsdelegate again (cg_setup's mount cleared it)",
		  mount(NULL, cg_mnt, NULL, MS_REMOUNT, "nsdelegate"));
	cg_write("cgroup.procs", "0");
	int init_ns = open("/proc/self/ns/cgroup", O_RDONLY);
	CHECK_OK0("unshare(CLONE_NEWCGROUP) in the group", unshare(CLONE_NEWCGROUP));
	CHECK_ERR("the root's cgroup.freeze: EPERM", cg_write("cgroup.freeze", "1"), EPERM);
	CHECK_ERR("its cgroup.max.depth: EPERM", cg_write("cgroup.max.depth", "3"), EPERM);
	CHECK_OK0("a move into a child (cgroup.procs is delegated)", cg_write(aprocs, "0"));
	CHECK_OK0("the child's cgroup.freeze is ours", cg_write(cg_file("a/cgroup.freeze"), "0"));
	CHECK_ERR("a move out of the namespace: ENOENT", cg_write(base_procs, "0"), ENOENT);
	CHECK_OK0("back to the root of the namespace", cg_write("cgroup.procs", "0"));
	CHECK_OK0("setns to the initial namespace", setns(init_ns, CLONE_NEWCGROUP));
	cg_cleanup();
}

/* mount options: nsdelegate shown, unknown ones refused; a mount
 * without them in the initial namespace clears them, as Linux's. */
static void options(void)
{
	private_ns();
	char m[64], mi[16384];
	snprintf(m, sizeof m, "/tmp/t_cgroup_opt.%d", getpid());
	mkdir(m, 0755);
	CHECK_ERR("an unknown option: EINVAL", mount("none", m, "cgroup2", 0, "bogus"), EINVAL);
	CHECK_OK0("nsdelegate", mount("none", m, "cgroup2", 0, "nsdelegate"));
	ssize_t n = get_file("/proc/self/mountinfo", mi, sizeof mi - 1);
	mi[n < 0 ? 0 : n] = 0;
	CHECK("mountinfo shows it", strstr(mi, "- cgroup2 none rw,nsdelegate\n") != NULL);
	CHECK("on every mount (one hierarchy)", strstr(mi, "- cgroup2 cgroup2 rw,nsdelegate\n") != NULL);
	in_child("nsdelegate: a namespace's root", nothing, ns_root_writes);
	umount(m);
	CHECK_OK0("a mount without it", mount("none", m, "cgroup2", 0, NULL));
	n = get_file("/proc/self/mountinfo", mi, sizeof mi - 1);
	mi[n < 0 ? 0 : n] = 0;
	CHECK("clears it", strstr(mi, "nsdelegate") == NULL);
	umount(m);
	rmdir(m);
}

/* ---- memory given back ---- */

static bool group_life(void)
{
	if (cg_setup())
		return false;
	pid_t c = cg_sleeper();
	bool ok = cg_write_pid("cgroup.procs", c) == 0;
	ok = cg_write("cgroup.freeze", "1") == 0 && ok;
	ok = cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n") && ok;
	int fd = open(cg_file("cgroup.events"), O_RDONLY);
	kill(c, SIGKILL);                        /* it dies frozen */
	ok = wait_for(c) == SIGKILL && ok;
	char sub[400];
	snprintf(sub, sizeof sub, "%s/sub", cg_dir);
	ok = mkdir(sub, 0755) == 0 && ok;
	int dfd = open(sub, O_RDONLY);
	ok = rmdir(sub) == 0 && ok;              /* removed with a descriptor open on it */
	struct clone_args_ { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
			     set_tid, set_tid_size, cgroup; } ca = { .flags = 0x200000000ULL, .exit_signal = SIGCHLD };
	int gfd = open(cg_dir, O_RDONLY);
	ca.cgroup = (uint64_t)gfd;
	long k = syscall(435, &ca, sizeof ca);
	if (k == 0)
		_exit(0);                        /* born frozen: after the thaw */
	ok = k > 0 && cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n") && ok;
	ok = cg_write("cgroup.freeze", "0") == 0 && ok;
	ok = k > 0 && wait_for((pid_t)k) == 0 && ok;
	close(gfd);
	ok = unshare(CLONE_NEWCGROUP) == 0 && ok;
	const char *inner = "/tmp/t_cgroup_leak";  /* one for all rounds, made in the first */
	mkdir(inner, 0755);
	ok = mount("none", inner, "cgroup2", 0, NULL) == 0 && ok;   /* left for exit to take down */
	cg_cleanup();
	char buf[8];
	ok = read(fd, buf, sizeof buf) < 0 && errno == ENODEV && ok;
	close(fd);
	close(dfd);
	return ok;
}

static void leaks(void)
{
	kmem_account("a group made, frozen with a task killed in it, removed", group_life, 5,
		     "every page and object given back");
}

/* Many threads frozen at once, then killed while frozen. */
static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void frozen_threads(void)
{
	if (cg_setup())
		return;
	pid_t c = fork();
	if (c == 0) {
		pthread_t t;
		for (int i = 0; i < 4; i++)
			pthread_create(&t, NULL, spin, NULL);
		for (;;)
			pause();
	}
	usleep(100000);
	CHECK_OK0("a process of five threads in", cg_write_pid("cgroup.procs", c));
	CHECK_OK0("freeze", cg_write("cgroup.freeze", "1"));
	CHECK("frozen: every thread", cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n"));
	char *p = (char *)cg_read("cgroup.threads");
	int n = 0;
	for (; *p; p++)
		n += *p == '\n';
	CHECK_EQ("cgroup.threads lists five", n, 5);
	CHECK_OK0("cgroup.kill while frozen", cg_write("cgroup.kill", "1"));
	CHECK_EQ("the process dies of SIGKILL", wait_for(c), SIGKILL);
	CHECK("the group empties", cg_wait_text("cgroup.events", "populated 0\nfrozen 1\n"));
	cg_cleanup();
}

/* A tree as deep as a user likes: 1500 groups nested, a task at the
 * bottom, the top frozen and thawed, its path in /proc, all removed. */
static void deep(void)
{
	if (cg_setup())
		return;
	int depth = 1500, made = 0;
	int top = open(".", O_RDONLY);
	if (chdir(cg_dir) < 0)
		return;
	while (made < depth && mkdir("a", 0755) == 0 && chdir("a") == 0)
		made++;
	CHECK_EQ("1500 nested groups", made, depth);
	pid_t c = cg_sleeper();
	CHECK_OK0("a task at the bottom", cg_write_pid("/proc/self/cwd/cgroup.procs", c));
	const char *path = cg_path_of(c);
	CHECK_EQ("/proc/<pid>/cgroup: the whole path", (long)strlen(path), (long)strlen(cg_dir) - (long)strlen(cg_mnt) + 2 * depth);
	CHECK_OK0("freeze the top", cg_write("cgroup.freeze", "1"));
	CHECK("the top is frozen", cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n"));
	CHECK_OK0("thaw", cg_write("cgroup.freeze", "0"));
	kill(c, SIGKILL);
	wait_for(c);
	int removed = 0;
	while (made-- > 0 && chdir("..") == 0 && rmdir("a") == 0)
		removed++;
	CHECK_EQ("all removed", removed, depth);
	if (fchdir(top) == 0)
		close(top);
	cg_cleanup();
}

/* cgroup.kill spares init, as Linux's (SIGNAL_UNKILLABLE). */
static void kill_spares_init(void)
{
	if (cg_setup())
		return;
	char base_procs[300];
	snprintf(base_procs, sizeof base_procs, "%s/cgroup.procs", cg_base);
	pid_t c = cg_sleeper();
	CHECK_OK0("init into the group", cg_write("cgroup.procs", "1"));
	CHECK_OK0("a sleeper too", cg_write_pid("cgroup.procs", c));
	CHECK_OK0("cgroup.kill", cg_write("cgroup.kill", "1"));
	CHECK_EQ("the sleeper died", wait_for(c), SIGKILL);
	usleep(100000);
	CHECK_STR("init lives on, in the group", cg_path_of(1), cg_dir + strlen(cg_mnt));
	CHECK_OK0("init back", cg_write(base_procs, "1"));
	cg_cleanup();
}

/* Races: one process makes and removes a group over and over while
 * another keeps moving itself into it and out, reading its files, and
 * forking into it with CLONE_INTO_CGROUP. Whatever each call answers,
 * the kernel stays whole and gives everything back. */
static bool churn(void)
{
	if (cg_setup())
		return false;
	char x[400], xprocs[420], xevents[420], base_procs[340];
	snprintf(x, sizeof x, "%s/x", cg_dir);
	snprintf(xprocs, sizeof xprocs, "%s/cgroup.procs", x);
	snprintf(xevents, sizeof xevents, "%s/cgroup.events", x);
	snprintf(base_procs, sizeof base_procs, "%s/cgroup.procs", cg_dir);
	cg_write("cgroup.procs", "0");
	pid_t mover = fork();
	if (mover == 0) {
		struct clone_args_ { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size,
				     tls, set_tid, set_tid_size, cgroup; } ca = { .flags = 0x200000000ULL,
										 .exit_signal = SIGCHLD };
		for (int i = 0; i < 150; i++) {
			cg_write(xprocs, "0");
			cg_read(xevents);
			int fd = open(x, O_RDONLY);
			ca.cgroup = (uint64_t)fd;
			long k = fd < 0 ? -1 : syscall(435, &ca, sizeof ca);
			if (k == 0)
				_exit(0);
			if (k > 0)
				waitpid((pid_t)k, NULL, 0);
			close(fd);
			cg_write(base_procs, "0");
			sched_yield();
		}
		_exit(0);
	}
	for (int i = 0; i < 150; i++) {
		mkdir(x, 0755);
		sched_yield();
		rmdir(x);
	}
	bool ok = wait_for(mover) == 0;
	for (int i = 0; i < 100 && rmdir(x) < 0 && errno == EBUSY; i++)
		usleep(10000);
	ok = access(x, F_OK) < 0 && ok;
	cg_cleanup();
	return ok;
}

static void races(void)
{
	kmem_account("mkdir and rmdir racing moves, reads and CLONE_INTO_CGROUP", churn, 3,
		     "every page and object given back");
}

int main(void)
{
	RUN(boot);
	RUN(pids);
	RUN(internal);
	RUN(cpu_stat);
	RUN(options);
	RUN(frozen_threads);
	RUN(deep);
	RUN(kill_spares_init);
	RUN(leaks);
	RUN(races);
	return cases_failed ? 1 : 0;
}
