/* t_hostile_mount_guest - mounts against a hostile root (decision 66):
 * an open that sleeps (a FIFO waiting for its writer) keeps its mount
 * busy, as Linux's path reference does, so the mount cannot be freed
 * under it; a lazily unmounted tree (a cwd, or a file reached through
 * /proc/self/fd) takes no mount, bind or move (EINVAL, Linux's
 * check_mnt) and goes when its last user does; thousands of nested
 * mounts are made, copied into a namespace and taken down in bounded
 * time; a deep tree in a tmpfs goes at umount without recursion; a
 * mount's data may end at the edge of an unmapped page; and mount,
 * fill, umount loops give back every page and kmalloc object. Guest
 * only: the kernel's memory account (kmem.h) is Pipit's. */
#include "check.h"
#include "kmem.h"
#include <sched.h>
#include <sys/mount.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/inotify.h>

/* Work done in a child, with the kernel's memory account taken around
 * it: 0 when the child passed and every page and object came back. */
static void no_leak(const char *what, void (*work)(void))
{
	struct kmem a, b;
	char why[256];
	memset(&b, 0, sizeof b);
	int ra = kmem_take(&a);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		work();
		_exit(check_failed ? 1 : 0);
	}
	int st = wait_for(pid);
	kmem_take(&b);
	CHECK_EQ("the account can be taken", ra, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fail(what, "work failed: %s", status_str(st));
		return;
	}
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass(what);
	else
		fail(what, "%s", why);
}

/* Removes what a case's work made in the root filesystem (its mount
 * points and files), so that the account compares only the kernel's. */
static void tidy(const char *const *names)
{
	for (; *names; names++)
		rm_rf(P(*names));
}

/* The work once, unmeasured: what grows for good the first time (the
 * table of mount ids) grows here. */
static void warm(const char *what, void (*work)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		work();
		_exit(check_failed ? 1 : 0);
	}
	int st = wait_for(pid);
	CHECK(what, WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* The state letter of /proc/<pid>/stat, or 0. */
static char task_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (get_file(path, buf, sizeof buf) <= 0)
		return 0;
	char *p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

/* A reader opening a FIFO sleeps in open until a writer comes: the
 * mount it walked through is busy all that time (EBUSY), and after a
 * lazy umount the open completes in the detached mount, which goes with
 * the reader's file. */
static void fifo_open_work(void)
{
	mkdir(P("a"), 0755);
	mkdir(P("b"), 0755);
	CHECK_OK0("tmpfs at a", mount("none", P("a"), "tmpfs", 0, NULL));
	CHECK_OK0("a bound at b", mount(P("a"), P("b"), NULL, MS_BIND, NULL));
	CHECK_OK0("mkfifo a/f", mkfifo(P("a/f"), 0644));
	int go[2];
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		close(go[0]);
		write(go[1], "x", 1);
		int fd = open(P("a/f"), O_RDONLY);    /* sleeps for the writer */
		char c = 0;
		_exit(fd >= 0 && read(fd, &c, 1) == 1 && c == 'y' ? 0 : 1);
	}
	close(go[1]);
	char c;
	read(go[0], &c, 1);
	for (int i = 0; i < 100000 && task_state(pid) != 'S'; i++)
		sched_yield();
	CHECK_ERR("umount of a while an open sleeps in it: EBUSY", umount(P("a")), EBUSY);
	CHECK_OK0("umount -l of a", umount2(P("a"), MNT_DETACH));
	int w = open(P("b/f"), O_WRONLY);        /* through the other mount: wakes the reader */
	CHECK("the writer opens through b", w >= 0);
	CHECK_EQ("writes", write(w, "y", 1), 1);
	int st = wait_for(pid);
	CHECK("the reader's open completed and read", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(w);
	CHECK_OK0("umount b", umount(P("b")));
	tidy((const char *const[]){ "a", "b", NULL });
}

static void fifo_open_holds_mount(void)
{
	no_leak("the FIFO's mounts and filesystem went back", fifo_open_work);
}

/* A cwd in a lazily unmounted tree: no mount is made, bound or moved
 * there (Linux's check_mnt: EINVAL); getcwd says "(unreachable)". */
static void detached_work(void)
{
	mkdir(P("a"), 0755);
	mkdir(P("s"), 0755);
	mkdir(P("m"), 0755);
	CHECK_OK0("tmpfs at a", mount("none", P("a"), "tmpfs", 0, NULL));
	CHECK_OK0("tmpfs at m", mount("none", P("m"), "tmpfs", 0, NULL));
	mkdir(P("a/d"), 0755);
	mkdir(P("a/d/e"), 0755);
	CHECK_OK0("chdir a/d", chdir(P("a/d")));
	CHECK_OK0("umount -l a", umount2(P("a"), MNT_DETACH));
	char cwd[256] = "";
	syscall(SYS_getcwd, cwd, sizeof cwd);     /* (musl's getcwd says ENOENT for it) */
	CHECK_STR("getcwd: unreachable", cwd, "(unreachable)/d");
	CHECK_ERR("a tmpfs on the detached cwd: EINVAL", mount("none", "e", "tmpfs", 0, NULL), EINVAL);
	CHECK_ERR("a bind onto it: EINVAL", mount(P("s"), "e", NULL, MS_BIND, NULL), EINVAL);
	CHECK_ERR("a bind of it: EINVAL", mount("e", P("s"), NULL, MS_BIND, NULL), EINVAL);
	CHECK_ERR("a move into it: EINVAL", mount(P("m"), "e", NULL, MS_MOVE, NULL), EINVAL);
	CHECK_ERR("a remount of it: EINVAL", mount(NULL, ".", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
		  EINVAL);
	CHECK_ERR("its umount: EINVAL", umount("."), EINVAL);
	CHECK_OK0("chdir /", chdir("/"));
	CHECK_OK0("umount m", umount(P("m")));
	tidy((const char *const[]){ "a", "s", "m", NULL });
}

static void detached_tree_refuses(void)
{
	no_leak("the detached tree went with the cwd", detached_work);
}

/* The same through /proc/self/fd: a file in a detached tree reached by
 * its magic link is in the detached mount, not in the tree. */
static void magic_work(void)
{
	mkdir(P("a"), 0755);
	mkdir(P("b"), 0755);
	char link[64];
	CHECK_OK0("tmpfs at b", mount("none", P("b"), "tmpfs", 0, NULL));
	put_file(P("b/f"), "in b", 4);
	int fd = open(P("b/f"), O_RDONLY);
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	int fd2 = open(link, O_RDWR | O_CREAT, 0644);
	CHECK("O_CREAT through /proc/self/fd/N opens the file", fd2 >= 0);
	close(fd);
	CHECK_ERR("which keeps b busy: EBUSY", umount(P("b")), EBUSY);
	close(fd2);
	CHECK_OK0("umount b once it is closed", umount(P("b")));

	CHECK_OK0("tmpfs at a", mount("none", P("a"), "tmpfs", 0, NULL));
	put_file(P("a/f"), "in a", 4);
	mkdir(P("a/d"), 0755);
	put_file(P("g"), "g", 1);
	fd = open(P("a/f"), O_RDONLY);
	CHECK_OK0("chdir a/d", chdir(P("a/d")));
	CHECK_OK0("umount -l a", umount2(P("a"), MNT_DETACH));
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	CHECK_ERR("a bind onto /proc/self/fd/N of a detached file: EINVAL",
		  mount(P("g"), link, NULL, MS_BIND, NULL), EINVAL);
	CHECK_ERR("a bind of it: EINVAL", mount(link, P("g"), NULL, MS_BIND, NULL), EINVAL);
	CHECK_ERR("a tmpfs on /proc/self/cwd, detached: EINVAL",
		  mount("none", "/proc/self/cwd", "tmpfs", 0, NULL), EINVAL);
	CHECK_OK0("chdir /", chdir("/"));
	close(fd);
	tidy((const char *const[]){ "a", "b", "g", NULL });
}

static void magic_link_into_detached(void)
{
	no_leak("nothing stays of the detached tree", magic_work);
}

#define NESTED 3000

/* NESTED bind mounts of s, each on the "n" of the one before: made,
 * copied into a new namespace (which goes at exit), taken down by one
 * lazy umount. Each step must stay near linear in the number of mounts
 * (the kernel is not preemptible: no quadratic work per call). */
static void nested_work(void)
{
	mkdir(P("s"), 0755);
	mkdir(P("s/n"), 0755);
	mkdir(P("t"), 0755);
	mkdir(P("t/n"), 0755);
	CHECK_OK0("chdir t", chdir(P("t")));
	int made = 0;
	for (int i = 0; i < NESTED; i++) {
		if (mount(P("s"), "n", NULL, MS_BIND, NULL) || chdir("n"))
			break;
		made++;
	}
	CHECK_EQ("nested binds made", made, NESTED);
	CHECK_OK0("chdir /", chdir("/"));
	pid_t pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWNS) ? 1 : 0);   /* a copy of them all, gone at exit */
	int st = wait_for(pid);
	CHECK("a namespace with them all made and gone", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_OK0("umount -l of the first", umount2(P("t/n"), MNT_DETACH));
	struct stat a, b;
	CHECK("t/n is s's no more", stat(P("t/n"), &a) == 0 && stat(P("s/n"), &b) == 0 && a.st_ino != b.st_ino);
	tidy((const char *const[]){ "s", "t", NULL });
}

static void nested_mounts(void)
{
	warm("nested mounts: warm (the table of mount ids grows)", nested_work);
	no_leak("nested mounts: all given back", nested_work);
}

/* A shared tmpfs with a peer, bound recursively into itself seven
 * times: each bind propagates to the peer, and the mounts triple (2,916
 * at the end, as Linux makes them: t_mount_prop); copied into a
 * namespace, then all taken down by one lazy umount, which propagates
 * to the peer's tree. Bounded time, every page and object back. */
static void propagated_work(void)
{
	mkdir(P("a"), 0755);
	mkdir(P("b"), 0755);
	CHECK_OK0("a tmpfs", mount("tmpfs", P("a"), "tmpfs", 0, "nr_inodes=100"));
	CHECK_OK0("shared", mount(NULL, P("a"), NULL, MS_SHARED, NULL));
	CHECK_OK0("a peer", mount(P("a"), P("b"), NULL, MS_BIND, NULL));
	mkdir(P("a/s"), 0755);
	int made = 0;
	for (int i = 0; i < 7; i++)
		made += mount(P("a"), P("a/s"), NULL, MS_BIND | MS_REC, NULL) == 0;
	CHECK_EQ("seven rbinds", made, 7);
	pid_t pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWNS) ? 1 : 0);
	int st = wait_for(pid);
	CHECK("a namespace with them all made and gone", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_OK0("umount -l of a/s", umount2(P("a/s"), MNT_DETACH));
	CHECK_ERR("b/s went with it", umount2(P("b/s"), MNT_DETACH), EINVAL);
	int rounds = 0;                     /* (lazy umounts move toppers down: a few rounds) */
	while (rounds < 20 && (!umount2(P("a"), MNT_DETACH) | !umount2(P("b"), MNT_DETACH)))
		rounds++;
	CHECK("all taken down in a few lazy umounts", rounds < 20);
	tidy((const char *const[]){ "a", "b", NULL });
}

static void propagated_mounts(void)
{
	warm("propagated mounts: warm", propagated_work);
	no_leak("propagated mounts: all given back", propagated_work);
}

#define DEEP 3000

/* A tmpfs with a directory DEEP levels down, the deepest open and
 * watched: umount -l, then the last close takes the tree down, and
 * the inotify watch lets the deepest go last. */
static void deep_work(void)
{
	mkdir(P("a"), 0755);
	CHECK_OK0("tmpfs at a", mount("none", P("a"), "tmpfs", 0, NULL));
	int dfd = open(P("a"), O_RDONLY | O_DIRECTORY), made = 0;
	for (int i = 0; i < DEEP; i++) {
		if (mkdirat(dfd, "d", 0755))
			break;
		int nfd = openat(dfd, "d", O_RDONLY | O_DIRECTORY);
		close(dfd);
		if ((dfd = nfd) < 0)
			break;
		made++;
	}
	CHECK_EQ("deep directories made", made, DEEP);
	int in = inotify_init1(0);
	fchdir(dfd);
	CHECK("a watch on the deepest", inotify_add_watch(in, ".", IN_ALL_EVENTS) >= 0);
	chdir("/");
	CHECK_OK0("umount -l a", umount2(P("a"), MNT_DETACH));
	CHECK_OK0("the last close", close(dfd));
	close(in);
	tidy((const char *const[]){ "a", NULL });
}

static void deep_tree_umount(void)
{
	no_leak("a deep tmpfs went at umount", deep_work);
}

/* mount(2)'s data ending at the last byte of a page with nothing mapped
 * after it: what can be read is taken (Linux's copy_mount_options). */
static void data_at_page_edge(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + pg, pg);
	char *opt = m + pg - 7;
	memcpy(opt, "size=1m", 7);                /* no NUL: the page ends there */
	mkdir(P("a"), 0755);
	CHECK_OK0("mount with data at the page's edge", mount("none", P("a"), "tmpfs", 0, opt));
	struct statfs s;
	CHECK("size=1m taken", statfs(P("a"), &s) == 0 && s.f_blocks * s.f_bsize == 1 << 20);
	CHECK_OK0("umount", umount(P("a")));
	CHECK_ERR("data on no page at all: EFAULT", mount("none", P("a"), "tmpfs", 0, m + pg), EFAULT);
}

/* Rounds of mount, fill (files, a directory tree, a write-mapped file),
 * umount: every page, inode, mount, super_block and device number back. */
static void fill_work(void)
{
	mkdir(P("a"), 0755);
	char buf[8192];
	memset(buf, 'z', sizeof buf);
	for (int round = 0; round < 20; round++) {
		if (mount("none", P("a"), "tmpfs", 0, "size=2m")) {
			fail("mount", "round %d: %s", round, errname(errno));
			return;
		}
		for (int i = 0; i < 8; i++) {
			char name[64];
			snprintf(name, sizeof name, "a/f%d", i);
			put_file(P(name), buf, sizeof buf);
			snprintf(name, sizeof name, "a/d%d", i);
			mkdir(P(name), 0755);
			snprintf(name, sizeof name, "a/d%d/x", i);
			put_file(P(name), buf, 100);
		}
		int fd = open(P("a/f0"), O_RDWR);
		char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		CHECK_ERR("umount while a mapping holds a file: EBUSY", umount(P("a")), EBUSY);
		CHECK_ERR("a remount read-only while it may write: EBUSY",
			  mount(NULL, P("a"), NULL, MS_REMOUNT | MS_RDONLY, NULL), EBUSY);
		p[0] = 'q';
		munmap(p, 8192);
		fd = open(P("a/f1"), O_RDWR | O_DIRECT);   /* fails after its checks */
		if (fd >= 0)
			close(fd);
		if (umount(P("a"))) {
			fail("umount", "round %d: %s", round, errname(errno));
			return;
		}
	}
	pass("20 rounds of mount, fill, umount");
	tidy((const char *const[]){ "a", NULL });
}

static void mount_fill_umount(void)
{
	warm("mount, fill, umount: warm", fill_work);
	no_leak("mount, fill, umount: every page and object back", fill_work);
}

int main(void)
{
	tdir_setup("t_hostile_mount_guest");
	RUN(fifo_open_holds_mount);
	RUN(detached_tree_refuses);
	RUN(magic_link_into_detached);
	RUN(nested_mounts);
	RUN(propagated_mounts);
	RUN(deep_tree_umount);
	RUN(data_at_page_edge);
	RUN(mount_fill_umount);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
