/* t_mount_prop - mount propagation, differential against Linux 6.1: a
 * mount or umount under a shared mount is repeated under its peers (binds
 * of it, copies in another mount namespace) and its slaves, never the
 * other way from a slave; private mounts see nothing; a copy slides under
 * what a slave had mounted there itself (tucking); umount is EBUSY while
 * a copy is in use, a copy with mounts on it stays; MS_REC binds and
 * MS_MOVE into a shared mount propagate their whole tree; mountinfo's
 * shared:/master: fields name the groups. All inside the scratch
 * directory (mnt_util.h). */
#include "mnt_util.h"
#include <fcntl.h>

static void show_mountinfo(const char *name)
{
	char buf[8192];
	mountinfo_of_tdir(buf, sizeof buf);
	show_lines(name, buf);
}

/* A tmpfs at rel with a file "f" holding text: the mount is named by
 * its content. */
static int tmpfs_named(const char *rel, const char *text)
{
	int r = tmpfs_at(rel, 0, "nr_inodes=40");
	if (r == 0) {
		char f[64];
		snprintf(f, sizeof f, "%.60s/f", rel);
		mk(f, text);
	}
	return r;
}

/* What rel/f holds ("-" for nothing): which mount shows there. */
static const char *who(const char *rel)
{
	char f[64];
	snprintf(f, sizeof f, "%.60s/f", rel);
	const char *s = content(f);
	return s && *s && *s != '(' ? s : "-";          /* content()'s "(unreadable)" */
}

/* a: a shared tmpfs; b: a bind of it (a peer). */
static void shared_pair(void)
{
	tmpfs_named("a", "a");
	mount(NULL, P("a"), NULL, MS_SHARED, NULL);
	mkdir(P("b"), 0755);
	mount(P("a"), P("b"), NULL, MS_BIND, NULL);
}

static void peers(void)
{
	shared_pair();
	mkdir(P("a/x"), 0755);
	CHECK_OK0("a tmpfs on a/x", tmpfs_named("a/x", "x"));
	CHECK_STR("seen at b/x", who("b/x"), "x");
	CHECK_EQ("b/x the same filesystem", st_of(P("b/x")).st_dev, st_of(P("a/x")).st_dev);
	CHECK_OK0("a tmpfs on b/y (the other way)", tmpfs_named("b/y", "y"));
	CHECK_STR("seen at a/y", who("a/y"), "y");
	show_mountinfo("two peers, two mounts each");
	CHECK_OK0("umount b/x", umount(P("b/x")));
	CHECK_STR("gone from a/x too", who("a/x"), "-");
	CHECK_OK0("umount a/y", umount(P("a/y")));
	CHECK_STR("gone from b/y too", who("b/y"), "-");
	show_mountinfo("after the umounts");
	CHECK_ERR("umount b/x again: EINVAL", umount(P("b/x")), EINVAL);
}

static void slave(void)
{
	shared_pair();
	mkdir(P("c"), 0755);
	mount(P("a"), P("c"), NULL, MS_BIND, NULL);
	CHECK_OK0("c a slave", mount(NULL, P("c"), NULL, MS_SLAVE, NULL));
	mkdir(P("d"), 0755);
	mount(P("a"), P("d"), NULL, MS_BIND, NULL);
	CHECK_OK0("d private", mount(NULL, P("d"), NULL, MS_PRIVATE, NULL));
	mkdir(P("a/y"), 0755);
	mkdir(P("a/z"), 0755);
	CHECK_OK0("a tmpfs on a/y", tmpfs_named("a/y", "y"));
	CHECK_STR("at b/y (a peer)", who("b/y"), "y");
	CHECK_STR("at c/y (a slave)", who("c/y"), "y");
	CHECK_STR("not at d/y (private)", who("d/y"), "-");
	CHECK_OK0("a tmpfs on c/z (the slave)", tmpfs_named("c/z", "z"));
	CHECK_STR("not at a/z", who("a/z"), "-");
	CHECK_STR("not at b/z", who("b/z"), "-");
	CHECK_OK0("a tmpfs on d/z (private)", tmpfs_named("d/z", "dz"));
	CHECK_STR("not at a/z either", who("a/z"), "-");
	show_mountinfo("a master, a peer, a slave, a private one");
	CHECK_OK0("umount c/y (the slave's copy)", umount(P("c/y")));
	CHECK_STR("a/y stays", who("a/y"), "y");
	CHECK_STR("b/y stays", who("b/y"), "y");
	CHECK_OK0("umount b/y", umount(P("b/y")));
	CHECK_STR("a/y gone", who("a/y"), "-");
	show_mountinfo("after the umounts");
}

/* A slave that is shared too, with a peer of its own: a mount on the
 * master reaches both; one on the slave reaches its peer only. */
static void slave_shared(void)
{
	shared_pair();
	mkdir(P("c"), 0755);
	mount(P("a"), P("c"), NULL, MS_BIND, NULL);
	mount(NULL, P("c"), NULL, MS_SLAVE, NULL);
	CHECK_OK0("c shared too", mount(NULL, P("c"), NULL, MS_SHARED, NULL));
	mkdir(P("e"), 0755);
	CHECK_OK0("e a bind of c", mount(P("c"), P("e"), NULL, MS_BIND, NULL));
	mkdir(P("a/q"), 0755);
	mkdir(P("a/r"), 0755);
	CHECK_OK0("a tmpfs on a/q", tmpfs_named("a/q", "q"));
	CHECK_STR("at c/q", who("c/q"), "q");
	CHECK_STR("at e/q", who("e/q"), "q");
	CHECK_OK0("a tmpfs on c/r", tmpfs_named("c/r", "r"));
	CHECK_STR("at e/r", who("e/r"), "r");
	CHECK_STR("not at a/r", who("a/r"), "-");
	CHECK_STR("not at b/r", who("b/r"), "-");
	show_mountinfo("master, slave group of two");
	CHECK_OK0("a tmpfs on e/q (on the copy)", tmpfs_named("e/q", "eq"));
	CHECK_STR("at c/q, over the copy", who("c/q"), "eq");
	CHECK_STR("a/q keeps its own", who("a/q"), "q");
	show_mountinfo("a mount on a copy");
	CHECK_OK0("lazy umount of a/q", umount2(P("a/q"), MNT_DETACH));
	show_mountinfo("a/q taken down");
}

/* A slave's own mount where its master then mounts: the copy goes under it. */
static void tucked(void)
{
	shared_pair();
	mkdir(P("c"), 0755);
	mount(P("a"), P("c"), NULL, MS_BIND, NULL);
	mount(NULL, P("c"), NULL, MS_SLAVE, NULL);
	mkdir(P("a/w"), 0755);
	CHECK_OK0("c's own tmpfs on c/w", tmpfs_named("c/w", "own"));
	CHECK_OK0("a tmpfs on a/w", tmpfs_named("a/w", "w"));
	CHECK_STR("a/w", who("a/w"), "w");
	CHECK_STR("c/w still c's own", who("c/w"), "own");
	show_mountinfo("the copy under c's own mount");
	CHECK_OK0("umount c/w", umount(P("c/w")));
	CHECK_STR("now c/w shows the copy", who("c/w"), "w");
	CHECK_OK0("c's own again on c/w", tmpfs_named("c/w", "own2"));
	CHECK_OK0("umount a/w", umount(P("a/w")));
	CHECK_STR("c/w: its own mount took the copy's place", who("c/w"), "own2");
	show_mountinfo("the topper in the copy's place");
}

static void busy(void)
{
	shared_pair();
	mkdir(P("a/x"), 0755);
	tmpfs_named("a/x", "x");
	int fd = open(P("b/x/f"), O_RDONLY);
	CHECK("a file open in the copy", fd >= 0);
	CHECK_ERR("umount a/x: EBUSY (the copy is in use)", umount(P("a/x")), EBUSY);
	CHECK_STR("a/x still there", who("a/x"), "x");
	CHECK_OK0("lazy umount of a/x", umount2(P("a/x"), MNT_DETACH));
	CHECK_STR("gone from a/x", who("a/x"), "-");
	CHECK_STR("gone from b/x", who("b/x"), "-");
	char buf[8] = "";
	CHECK_EQ("the open file still reads", read(fd, buf, sizeof buf), 1);
	close(fd);
	/* A copy with something mounted on it stays. */
	mkdir(P("c"), 0755);
	mount(P("a"), P("c"), NULL, MS_BIND, NULL);
	mount(NULL, P("c"), NULL, MS_SLAVE, NULL);
	CHECK_OK0("a tmpfs on a/x again", tmpfs_named("a/x", "x2"));
	mkdir(P("c/x/sub"), 0755);
	CHECK_OK0("a tmpfs on c/x/sub", tmpfs_named("c/x/sub", "sub"));
	CHECK_OK0("umount a/x", umount(P("a/x")));
	CHECK_STR("b/x gone", who("b/x"), "-");
	CHECK_STR("c/x stays (a mount on it)", who("c/x"), "x2");
	show_mountinfo("the copy that stays");
}

static void rec_and_move(void)
{
	shared_pair();
	CHECK_OK0("a tmpfs s", tmpfs_named("s", "s"));
	mkdir(P("s/t"), 0755);
	CHECK_OK0("and one on it", tmpfs_named("s/t", "t"));
	mkdir(P("a/r"), 0755);
	CHECK_OK0("MS_BIND|MS_REC of s on a/r", mount(P("s"), P("a/r"), NULL, MS_BIND | MS_REC, NULL));
	CHECK_STR("b/r", who("b/r"), "s");
	CHECK_STR("b/r/t", who("b/r/t"), "t");
	CHECK_OK0("a tmpfs m", tmpfs_named("m", "m"));
	mkdir(P("m/n"), 0755);
	tmpfs_named("m/n", "n");
	mkdir(P("a/mv"), 0755);
	CHECK_OK0("MS_MOVE of m to a/mv", mount(P("m"), P("a/mv"), NULL, MS_MOVE, NULL));
	CHECK_STR("b/mv", who("b/mv"), "m");
	CHECK_STR("b/mv/n", who("b/mv/n"), "n");
	show_mountinfo("a tree bound and a tree moved");
	CHECK_OK0("lazy umount of b/r", umount2(P("b/r"), MNT_DETACH));
	CHECK_STR("a/r gone", who("a/r"), "-");
	CHECK_STR("a/r/t gone", who("a/r/t"), "-");
	CHECK_STR("s/t stays", who("s/t"), "t");
	show_mountinfo("after a lazy umount of a tree");
}

static void file_mount(void)
{
	shared_pair();
	mk("file", "outside");
	mk("a/g", "g");
	CHECK_OK0("bind a file on a/g", mount(P("file"), P("a/g"), NULL, MS_BIND, NULL));
	CHECK_STR("b/g shows it", content("b/g"), "outside");
	CHECK_OK0("umount b/g", umount(P("b/g")));
	CHECK_STR("a/g its own again", content("a/g"), "g");
}

/* A copy of the tree in a new mount namespace: its shared mounts are
 * peers of the originals, both ways. */
static void across_namespaces(void)
{
	shared_pair();
	mkdir(P("a/ns"), 0755);
	mkdir(P("a/back"), 0755);
	int go[2], done[2];
	if (pipe(go) < 0 || pipe(done) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		if (unshare(CLONE_NEWNS) < 0)
			_exit(1);
		tmpfs_named("a/ns", "from the child");
		if (write(done[1], "x", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(strcmp(who("b/back"), "from the parent") ? 3 : 0);
	}
	char c;
	CHECK_EQ("the child mounted", read(done[0], &c, 1), 1);
	CHECK_STR("its mount seen here", who("a/ns"), "from the child");
	CHECK_STR("and at b/ns", who("b/ns"), "from the child");
	CHECK_OK0("a mount here", tmpfs_named("a/back", "from the parent"));
	CHECK_EQ("write", write(go[1], "x", 1), 1);
	CHECK_EQ("the child saw it at its b/back", wait_for(pid), 0);
	CHECK_OK0("umount a/ns here", umount(P("a/ns")));
	CHECK_STR("gone at b/ns", who("b/ns"), "-");
}

static void unbindable_and_private(void)
{
	shared_pair();
	mkdir(P("a/u"), 0755);
	CHECK_OK0("a tmpfs on a/u", tmpfs_named("a/u", "u"));
	CHECK_OK0("b/u (the copy) private", mount(NULL, P("b/u"), NULL, MS_PRIVATE, NULL));
	mkdir(P("a/u/v"), 0755);
	CHECK_OK0("a tmpfs on a/u/v", tmpfs_named("a/u/v", "v"));
	CHECK_STR("not at b/u/v", who("b/u/v"), "-");
	CHECK_OK0("umount a/u", umount2(P("a/u/v"), 0));
	CHECK_OK0("b private now", mount(NULL, P("b"), NULL, MS_PRIVATE, NULL));
	mkdir(P("a/p"), 0755);
	CHECK_OK0("a tmpfs on a/p", tmpfs_named("a/p", "p"));
	CHECK_STR("not at b/p", who("b/p"), "-");
	show_mountinfo("a peer made private");
}

/* Mounts under tdir in mountinfo. */
static int mounts_here(void)
{
	static char buf[65536];
	int n = 0;
	mountinfo_of_tdir(buf, sizeof buf);
	for (char *p = buf; (p = strchr(p, '\n')); p++)
		n++;
	return n;
}

/* A shared tree bound into itself again and again doubles each time;
 * many peers each get their copy. */
static void doubling(void)
{
	shared_pair();
	mkdir(P("a/s"), 0755);
	for (int i = 0; i < 4; i++) {
		CHECK_OK0("an rbind of a into a/s", mount(P("a"), P("a/s"), NULL, MS_BIND | MS_REC, NULL));
		say("mounts: %d\n", mounts_here());
		if (i == 0)
			show_mountinfo("after the rbind");
	}
	CHECK_OK0("lazy umount of a", umount2(P("a"), MNT_DETACH));
	say("mounts: %d\n", mounts_here());
	show_mountinfo("what is left");
	umount2(P("b/s"), MNT_DETACH);
	say("mounts: %d\n", mounts_here());
	for (int i = 0; i < 40; i++) {
		char d[32];
		snprintf(d, sizeof d, "p%d", i);
		mkdir(P(d), 0755);
		mount(P("b"), P(d), NULL, MS_BIND, NULL);
	}
	mkdir(P("b/x"), 0755);
	CHECK_OK0("a mount on b/x", tmpfs_named("b/x", "x"));
	CHECK_STR("at p39/x", who("p39/x"), "x");
	say("mounts: %d\n", mounts_here());
	CHECK_OK0("umount p7/x", umount(P("p7/x")));
	CHECK_STR("gone at p39/x", who("p39/x"), "-");
	say("mounts: %d\n", mounts_here());
}

/* The same trees taken down another way: a lazy umount of the tree
 * bound in, then a's own mount, then whatever each lazy umount of a and
 * b leaves (copies tucked on the roots take their places). */
static void tripling_down(void)
{
	for (int n = 1; n <= 2; n++) {          /* (decision 67: not deeper) */
		char a[16], b[16], as[16];
		snprintf(a, sizeof a, "a%d", n);
		snprintf(b, sizeof b, "b%d", n);
		snprintf(as, sizeof as, "a%d/s", n);
		tmpfs_named(a, "a");
		mount(NULL, P(a), NULL, MS_SHARED, NULL);
		mkdir(P(b), 0755);
		mount(P(a), P(b), NULL, MS_BIND, NULL);
		mkdir(P(as), 0755);
		for (int i = 0; i < n; i++)
			mount(P(a), P(as), NULL, MS_BIND | MS_REC, NULL);
		say("%d rbinds: %d mounts\n", n, mounts_here());
		CHECK_OK0("lazy umount of a/s", umount2(P(as), MNT_DETACH));
		say("  then %d\n", mounts_here());
		int r = umount(P(a));
		say("  umount a: %s, %d\n", r ? errname(errno) : "0", mounts_here());
		for (int round = 0; round < 4; round++) {
			int ra = umount2(P(a), MNT_DETACH), rb = umount2(P(b), MNT_DETACH);
			say("  lazy a: %s, lazy b: %s, %d\n", ra ? errname(errno) : "0", rb ? errname(errno) : "0",
			    mounts_here());
		}
	}
}

/* The mounts of our namespace (mountinfo's lines). */
static int mounts_in_ns(void)
{
	static char buf[1 << 16];
	int n = 0;
	if (read_all("/proc/self/mountinfo", buf, sizeof buf) < 0)
		return -1;
	for (char *p = buf; (p = strchr(p, '\n')); p++)
		n++;
	return n;
}

static void set_mount_max(long v)
{
	char b[32];
	int fd = open("/proc/sys/fs/mount-max", O_WRONLY);
	snprintf(b, sizeof b, "%ld\n", v);
	if (fd < 0 || write(fd, b, strlen(b)) < 0)
		say("[FAIL] setting fs.mount-max: %s\n", errname(errno));
	if (fd >= 0)
		close(fd);
}

/* The smallest fs.mount-max above n at which mount_fn succeeds (it
 * makes nothing when it fails), or -1. */
static int room_needed(int n, int (*mount_fn)(void))
{
	for (int k = 0; k < 10; k++) {
		set_mount_max(n + k);
		if (mount_fn() == 0)
			return k;
		if (errno != ENOSPC)
			return -1;
	}
	return -1;
}

static int mount_d(void) { return tmpfs_named("d", "d"); }
static int mount_ax(void) { return tmpfs_named("a/x", "x"); }

/* fs.mount-max counts the copies propagation would make: a mount that
 * would pass it with its copies is ENOSPC, and none is made. (The host
 * may count mounts its mountinfo does not show, outside the container's
 * root: the room each mount needs is printed against a plain mount's.) */
static void mount_max(void)
{
	char old[32] = "";
	int fd = open("/proc/sys/fs/mount-max", O_RDONLY);
	CHECK("fs.mount-max readable", fd >= 0 && read(fd, old, sizeof old - 1) > 0);
	close(fd);
	shared_pair();
	mkdir(P("c"), 0755);
	mount(P("a"), P("c"), NULL, MS_BIND, NULL);          /* three peers */
	mkdir(P("a/x"), 0755);
	int n = mounts_in_ns();
	int plain = room_needed(n, mount_d);
	CHECK("a plain mount made", plain >= 0);
	umount(P("d"));
	int n2 = mounts_in_ns();
	set_mount_max(n2 + plain + 1);
	CHECK_ERR("a mount with two copies, two short: ENOSPC", mount_ax(), ENOSPC);
	CHECK_STR("no copy at b/x", who("b/x"), "-");
	CHECK_EQ("as many mounts as before", mounts_in_ns(), n2);
	say("room a mount with two copies needs, past a plain one's: %d\n", room_needed(n2, mount_ax) - plain);
	CHECK_STR("c/x", who("c/x"), "x");
	CHECK_ERR("then a plain mount: ENOSPC", mount_d(), ENOSPC);
	set_mount_max(atol(old));
	CHECK_ERR("fs.mount-max 0: EINVAL", (fd = open("/proc/sys/fs/mount-max", O_WRONLY)) >= 0 ?
		  (int)write(fd, "0\n", 2) : -1, EINVAL);
	close(fd);
	CHECK_OK0("umount a/x", umount(P("a/x")));
}

int main(void)
{
	mnt_setup("t_mount_prop");
	RUN(peers);
	RUN(slave);
	RUN(slave_shared);
	RUN(tucked);
	RUN(busy);
	RUN(rec_and_move);
	RUN(file_mount);
	RUN(across_namespaces);
	RUN(unbindable_and_private);
	RUN(doubling);
	RUN(tripling_down);
	char max[32] = "";                  /* (put back whatever the case does) */
	read_all("/proc/sys/fs/mount-max", max, sizeof max);
	RUN(mount_max);
	set_mount_max(atol(max));
	mnt_cleanup();
	return cases_failed ? 1 : 0;
}
