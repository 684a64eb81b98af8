/* t_proc_instances - procfs as Linux makes it since 5.8, differential
 * against Linux 6.1: each mount of proc is an instance of its own (its
 * own st_dev) with its own options, hidepid= (0/off, 1/noaccess,
 * 2/invisible, 4/ptraceable), gid= (exempt from hidepid) and
 * subset=pid, shown in /proc/mounts and mountinfo; a remount (mount(2)
 * or fspick/fsconfig) changes one instance; what a process of uid 1000
 * sees of a root process under each hidepid; subset=pid's listing; the
 * options refused (EINVAL, and fsconfig's messages); an instance kept
 * alive by an open file after its umount. All in a private mount
 * namespace, under the scratch directory (mnt_util.h). */
#include "mnt_util.h"
#include "mount_api.h"
#include <dirent.h>
#include <sys/sysmacros.h>

static void show_mounts(const char *name)
{
	char buf[4096];
	mounts_of_tdir(buf, sizeof buf);
	show_lines(name, buf);
}

static void show_mountinfo(const char *name)
{
	char buf[4096];
	mountinfo_of_tdir(buf, sizeof buf);
	show_lines(name, buf);
}

static int proc_at(const char *rel, const char *opts)
{
	mkdir(P(rel), 0755);
	return mount("proc", P(rel), "proc", 0, opts);
}

static char *PP(const char *rel, const char *fmt, int n)
{
	static char bufs[4][400];
	static unsigned next;
	char *b = bufs[next++ % 4], sub[64];
	snprintf(sub, sizeof sub, fmt, n);
	snprintf(b, 400, "%s/%s", P(rel), sub);
	return b;
}

/* Whether directory path lists name (-1: cannot be read). */
static int lists(const char *path, const char *name)
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	int found = 0;
	while ((e = readdir(d)))
		if (!strcmp(e->d_name, name))
			found = 1;
	closedir(d);
	return found;
}

static int lists_pid(const char *path, int pid)
{
	char name[16];
	snprintf(name, sizeof name, "%d", pid);
	return lists(path, name);
}

/* The errno of stat(path), 0 when it works. */
static int stat_err(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? errno : 0;
}

static int open_err(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void instances(void)
{
	CHECK_OK0("mount proc on a", proc_at("a", NULL));
	CHECK_OK0("mount proc on b", proc_at("b", NULL));
	struct stat a = st_of(P("a")), b = st_of(P("b")), boot = st_of("/proc");
	CHECK("a's st_dev is not b's", a.st_dev != b.st_dev);
	CHECK("a's st_dev is not /proc's", a.st_dev != boot.st_dev);
	CHECK("b's st_dev is not /proc's", b.st_dev != boot.st_dev);
	CHECK_EQ("a/self/status on a's device", st_of(PP("a", "%d/status", getpid())).st_dev, a.st_dev);
	CHECK_EQ("a/sys/kernel on a's device", st_of(PP("a", "sys/kernel", 0)).st_dev, a.st_dev);
	CHECK_EQ("a's major is 0", major(a.st_dev), 0);
	CHECK_EQ("a/.. is the scratch directory", st_of(PP("a", "..", 0)).st_ino, st_of(tdir).st_ino);
	struct statfs sf;
	CHECK_OK0("statfs of b", statfs(P("b"), &sf));
	CHECK_EQ("  f_type PROC_SUPER_MAGIC", sf.f_type, PROC_MAGIC_);
	CHECK_OK0("a bind of a", mount(P("a"), P("b"), NULL, MS_BIND, NULL));
	CHECK_EQ("  shows a's instance", st_of(P("b")).st_dev, a.st_dev);
	show_mounts("/proc/mounts");
	show_mountinfo("mountinfo");
}

static void options_shown(void)
{
	static const char *const opts[] = {
		"hidepid=0", "hidepid=off", "hidepid=1", "hidepid=noaccess", "hidepid=2",
		"hidepid=invisible", "hidepid=4", "hidepid=ptraceable", "gid=0", "gid=1000",
		"subset=pid", "subset=", "hidepid=2,gid=27,subset=pid", "subset=pid,hidepid=1,gid=5",
		"hidepid=0x2", "hidepid=04", "gid=010", "hidepid=1,hidepid=0", "ro,hidepid=2",
		"nosuid,noexec,hidepid=2",
	};
	for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
		char rel[16];
		snprintf(rel, sizeof rel, "m%zu", i);
		int r = proc_at(rel, opts[i]);
		say("mount -o %s: %s\n", opts[i], r ? errname(errno) : "ok");
	}
	show_mounts("/proc/mounts");
	show_mountinfo("mountinfo");
}

static void bad_options(void)
{
	static const char *const opts[] = {
		"hidepid=3", "hidepid=5", "hidepid=-1", "hidepid=foo", "hidepid", "hidepid=",
		"hidepid=2x", "gid=abc", "gid", "gid=", "gid=-1", "subset=sys", "subset=pid,,",
		"subset", "foo=1", "foo", "size=1m", "mode=755", "hidepid=invisible2",
		"hidepid=Invisible",
	};
	for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
		char rel[16];
		snprintf(rel, sizeof rel, "m%zu", i);
		int r = proc_at(rel, opts[i]);
		say("mount -o %s: %s\n", opts[i], r ? errname(errno) : "ok");
	}
	show_mounts("/proc/mounts (none)");
}

/* fsconfig's checks and messages for proc's parameters. */
static void fsconfig_params(void)
{
	static const struct { unsigned cmd; const char *key, *value; } p[] = {
		{ SET_STRING, "hidepid", "2" }, { SET_STRING, "hidepid", "invisible" },
		{ SET_STRING, "hidepid", "3" }, { SET_STRING, "hidepid", "bogus" },
		{ SET_STRING, "hidepid", "" }, { SET_FLAG, "hidepid", NULL },
		{ SET_STRING, "gid", "12" }, { SET_STRING, "gid", "x" }, { SET_FLAG, "gid", NULL },
		{ SET_STRING, "subset", "pid" }, { SET_STRING, "subset", "net" },
		{ SET_FLAG, "subset", NULL }, { SET_STRING, "subset", "" },
		{ SET_STRING, "bogus", "1" }, { SET_FLAG, "bogus", NULL },
		/* a value with commas is proc's own to judge: subset= is a list */
		{ SET_STRING, "subset", "pid,pid" }, { SET_STRING, "subset", "pid," },
		{ SET_STRING, "subset", "," }, { SET_STRING, "subset", "pid,,pid" },
		{ SET_STRING, "subset", "x,pid" }, { SET_STRING, "subset", "pid,net" },
		{ SET_STRING, "hidepid", "2," }, { SET_STRING, "gid", "5," },
	};
	for (size_t i = 0; i < sizeof p / sizeof *p; i++) {
		int fd = fsopen_("proc", 0);
		if (fd < 0) {
			CHECK_OK("fsopen proc", fd);
			return;
		}
		long r = fsconfig_(fd, p[i].cmd, p[i].key, p[i].value, 0);
		int e = errno;
		say("%s %s=%s: %s", p[i].cmd == SET_FLAG ? "flag" : "string", p[i].key,
		    p[i].value ? p[i].value : "", r ? errname(e) : "ok");
		say(" [%s]\n", strtok((char *)ctx_msg(fd), "\n") ?: "");
		close(fd);
	}
	/* a whole instance through the new API */
	int fd = fsopen_("proc", 0);
	CHECK_OK0("hidepid=2", fsconfig_(fd, SET_STRING, "hidepid", "2", 0));
	CHECK_OK0("gid=7", fsconfig_(fd, SET_STRING, "gid", "7", 0));
	CHECK_OK0("subset=pid,pid", fsconfig_(fd, SET_STRING, "subset", "pid,pid", 0));
	CHECK_OK0("create", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0));
	int m = fsmount_(fd, 0, 0);
	CHECK_OK("fsmount", m);
	mkdir(P("n"), 0755);
	CHECK_OK0("move_mount", move_mount_(m, "", AT_FDCWD, P("n"), MOVE_MOUNT_F_EMPTY_PATH_));
	show_mounts("/proc/mounts");
	close(m);
	close(fd);
	/* tmpfs and ramfs refuse a comma in any value */
	static const struct { const char *fs, *key, *value; } c[] = {
		{ "tmpfs", "mode", "0755,1" }, { "tmpfs", "size", "1M," }, { "tmpfs", "uid", "0,0" },
		{ "ramfs", "mode", "0755,1" }, { "ramfs", "mode", "0755," },
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		if ((fd = fsopen_(c[i].fs, 0)) < 0)
			continue;
		long r = fsconfig_(fd, SET_STRING, c[i].key, c[i].value, 0);
		int e = errno;
		say("%s %s=%s: %s", c[i].fs, c[i].key, c[i].value, r ? errname(e) : "ok");
		say(" [%s]\n", strtok((char *)ctx_msg(fd), "\n") ?: "");
		close(fd);
	}
}

static pid_t root_pid;                      /* the case's process: root */

/* As uid 1000 (gid 1000): what a mount of each hidepid shows of a root
 * process and of the caller. */
static void user_view(void)
{
	static const char *const rels[] = { "h0", "h1", "h2", "h4", "h2g", "h4g", "h1g" };
	for (size_t i = 0; i < sizeof rels / sizeof *rels; i++) {
		const char *r = rels[i];
		say("%s: lists root's %d, stat %s, stat status %s, open status %s, open dir %s,"
		    " task/<pid> %s, readlink exe %s\n", r, lists_pid(P(r), root_pid),
		    errname(stat_err(PP(r, "%d", root_pid))),
		    errname(stat_err(PP(r, "%d/status", root_pid))),
		    errname(open_err(PP(r, "%d/status", root_pid))),
		    errname(open_err(PP(r, "%d", root_pid))),
		    errname(stat_err(PP(r, "%d/task", root_pid))),
		    errname(stat_err(PP(r, "%d/exe", root_pid))));
		say("%s: lists own %d, open own status %s, self/status %s, thread-self/status %s,"
		    " meminfo %s\n", r, lists_pid(P(r), getpid()),
		    errname(open_err(PP(r, "%d/status", getpid()))),
		    errname(open_err(PP(r, "self/status", 0))),
		    errname(open_err(PP(r, "thread-self/status", 0))),
		    errname(open_err(PP(r, "meminfo", 0))));
	}
}

static void hidepid_view(void)
{
	root_pid = getpid();
	CHECK_OK0("hidepid=0", proc_at("h0", "hidepid=0"));
	CHECK_OK0("hidepid=1", proc_at("h1", "hidepid=1"));
	CHECK_OK0("hidepid=2", proc_at("h2", "hidepid=2"));
	CHECK_OK0("hidepid=4", proc_at("h4", "hidepid=4"));
	CHECK_OK0("hidepid=2,gid=1000", proc_at("h2g", "hidepid=2,gid=1000"));
	CHECK_OK0("hidepid=4,gid=1000", proc_at("h4g", "hidepid=4,gid=1000"));
	CHECK_OK0("hidepid=1,gid=1000", proc_at("h1g", "hidepid=1,gid=1000"));
	CHECK_EXIT("the user's view", as_user(user_view), 0);
	/* root (CAP_SYS_PTRACE) sees everything */
	pid_t c = fork();
	if (c == 0) {
		setgid(1000);
		setuid(1000);
		pause();
		_exit(0);
	}
	usleep(100000);
	CHECK_EQ("root lists the user's process on hidepid=2", lists_pid(P("h2"), c), 1);
	CHECK_EQ("and on hidepid=4", lists_pid(P("h4"), c), 1);
	CHECK_OK0("and opens its status", open_err(PP("h2", "%d/status", c)));
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
}

/* The non-numeric names of a directory, sorted. */
static void show_names(const char *name, const char *path)
{
	char names[64][260];
	int n = 0;
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if ((e->d_name[0] < '0' || e->d_name[0] > '9') && n < 64)
			snprintf(names[n++], 260, "%s", e->d_name);
	if (d)
		closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char t[260];
				strcpy(t, names[i]);
				strcpy(names[i], names[j]);
				strcpy(names[j], t);
			}
	say("%s:", name);
	for (int i = 0; i < n; i++)
		say(" %s", names[i]);
	say("\n");
}

static void subset_pid(void)
{
	CHECK_OK0("subset=pid", proc_at("s", "subset=pid"));
	show_names("the names", P("s"));
	CHECK_EQ("lists this process", lists_pid(P("s"), getpid()), 1);
	CHECK_EQ("meminfo ENOENT", open_err(PP("s", "meminfo", 0)), ENOENT);
	CHECK_EQ("sys ENOENT", stat_err(PP("s", "sys", 0)), ENOENT);
	CHECK_EQ("mounts ENOENT", stat_err(PP("s", "mounts", 0)), ENOENT);
	CHECK_EQ("stat ENOENT", stat_err(PP("s", "stat", 0)), ENOENT);
	CHECK_OK0("self/status", open_err(PP("s", "self/status", 0)));
	CHECK_OK0("thread-self/comm", open_err(PP("s", "thread-self/comm", 0)));
	CHECK_OK0("<pid>/mounts", open_err(PP("s", "%d/mounts", getpid())));
	CHECK_OK0("<pid>/net is there", stat_err(PP("s", "%d/fd", getpid())));
	CHECK_ERR("a missing pid ENOENT", stat(PP("s", "%d", 999999), &(struct stat){ 0 }), ENOENT);
	CHECK_OK0("the boot /proc still has its meminfo", open_err("/proc/meminfo"));
}

static void remount_opts(void)
{
	CHECK_OK0("a: hidepid=2", proc_at("a", "hidepid=2"));
	CHECK_OK0("b: hidepid=2", proc_at("b", "hidepid=2"));
	show_mounts("before");
	CHECK_OK0("remount a hidepid=0", mount(NULL, P("a"), NULL, MS_REMOUNT, "hidepid=0"));
	show_mounts("a hidepid=0");
	CHECK_OK0("remount a gid=5", mount(NULL, P("a"), NULL, MS_REMOUNT, "gid=5"));
	show_mounts("a gid=5 (hidepid kept)");
	CHECK_OK0("remount a without data", mount(NULL, P("a"), NULL, MS_REMOUNT, NULL));
	show_mounts("nothing changed");
	CHECK_ERR("remount a hidepid=3", mount(NULL, P("a"), NULL, MS_REMOUNT, "gid=6,hidepid=3"), EINVAL);
	CHECK_ERR("remount a bogus", mount(NULL, P("a"), NULL, MS_REMOUNT, "bogus"), EINVAL);
	show_mounts("after the refused ones");
	CHECK_OK0("remount b subset=pid,hidepid=4", mount(NULL, P("b"), NULL, MS_REMOUNT, "subset=pid,hidepid=4"));
	show_mounts("b subset=pid");
	say("b lists meminfo: %d\n", lists(P("b"), "meminfo"));
	say("b/meminfo: %s\n", errname(open_err(PP("b", "meminfo", 0))));
	CHECK_OK0("remount b ro", mount(NULL, P("b"), NULL, MS_REMOUNT | MS_RDONLY, "hidepid=1"));
	show_mounts("b ro,hidepid=1");
	int fd = fspick_(AT_FDCWD, P("a"), 0);
	CHECK_OK("fspick a", fd);
	CHECK_OK0("hidepid=ptraceable", fsconfig_(fd, SET_STRING, "hidepid", "ptraceable", 0));
	CHECK_OK0("subset=pid", fsconfig_(fd, SET_STRING, "subset", "pid", 0));
	CHECK_OK0("reconfigure", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0));
	show_mounts("a reconfigured");
	CHECK_OK0("gid=0", fsconfig_(fd, SET_STRING, "gid", "0", 0));
	CHECK_OK0("reconfigure again", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0));
	show_mounts("a gid=0");
	CHECK_ERR("hidepid=9", fsconfig_(fd, SET_STRING, "hidepid", "9", 0), EINVAL);
	close(fd);
	mkdir(P("c"), 0755);
	CHECK_OK0("a bind of b", mount(P("b"), P("c"), NULL, MS_BIND, NULL));
	CHECK_OK0("remount the bind hidepid=0", mount(NULL, P("c"), NULL, MS_REMOUNT, "hidepid=0"));
	show_mounts("b and its bind change together");
}

static void kept_open(void)
{
	CHECK_OK0("mount", proc_at("a", "hidepid=2"));
	struct stat st = st_of(P("a"));
	int dir = open(P("a"), O_RDONLY | O_DIRECTORY);
	int status = open(PP("a", "self/status", 0), O_RDONLY);
	CHECK_OK("open a", dir);
	CHECK_OK("open a/self/status", status);
	CHECK_ERR("umount: EBUSY", umount(P("a")), EBUSY);
	CHECK_OK0("umount2 MNT_DETACH", umount2(P("a"), MNT_DETACH));
	struct stat fst;
	CHECK_OK0("fstat the root", fstat(dir, &fst));
	CHECK_EQ("  its st_dev", fst.st_dev, st.st_dev);
	char buf[64];
	CHECK("status still reads", read(status, buf, sizeof buf) > 0);
	int f = openat(dir, "self/comm", O_RDONLY);
	CHECK_OK("openat self/comm through the detached root", f);
	CHECK("  reads", f >= 0 && read(f, buf, sizeof buf) > 0);
	CHECK_OK0("fstatat sys/kernel", fstatat(dir, "sys/kernel", &fst, 0));
	CHECK_OK0("fstatat .. stays at the root", fstatat(dir, "..", &fst, 0));
	CHECK_EQ("  the root's device", fst.st_dev, st.st_dev);
	CHECK_EQ("  same device", fst.st_dev, st.st_dev);
	close(f);
	close(status);
	DIR *d = fdopendir(dir);
	int n = 0;
	while (d && readdir(d))
		n++;
	CHECK("readdir of it", n > 4);
	if (d)
		closedir(d);
	CHECK_OK0("mounted again", proc_at("a", NULL));
	show_mounts("/proc/mounts");
}

/* A reaped process's directory, held open: its walk is ESRCH (Linux's
 * proc_pid_permission finds no task). */
static void reaped(void)
{
	CHECK_OK0("mount", proc_at("a", "hidepid=2"));
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	int d = open(PP("a", "%d", c), O_RDONLY | O_DIRECTORY);
	int e = open(PP("a", "%d/task", c), O_RDONLY | O_DIRECTORY);
	CHECK_OK("open its directory", d);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	CHECK_ERR("openat status after the reap", openat(d, "status", O_RDONLY), ESRCH);
	CHECK_ERR("openat task/<pid>", openat(d, "task", O_RDONLY), ESRCH);
	CHECK_ERR("its task directory's entry", openat(e, "1", O_RDONLY), ESRCH);
	close(d);
	close(e);
}

int main(void)
{
	mnt_setup("t_proc_instances");
	RUN(instances);
	RUN(options_shown);
	RUN(bad_options);
	RUN(fsconfig_params);
	RUN(hidepid_view);
	RUN(subset_pid);
	RUN(remount_opts);
	RUN(kept_open);
	RUN(reaped);
	mnt_cleanup();
	return cases_failed ? 1 : 0;
}
