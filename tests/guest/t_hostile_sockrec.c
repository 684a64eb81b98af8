/* t_hostile_sockrec - recursion a user can make as deep as it likes must
 * not run the kernel out of stack (issue 21, item 3), and the limits Linux
 * sets on it are Linux's:
 *  - a chain of UNIX socket pairs, each pair's queue holding both ends of
 *    the one before (SCM_RIGHTS), released by a close, by exit, or by the
 *    collector (the chain closed into a cycle); stream, datagram,
 *    seqpacket and all three mixed;
 *  - files in flight per user are bounded by RLIMIT_NOFILE (ETOOMANYREFS)
 *    for a user without privilege;
 *  - symlinks: 40 followed in a lookup, in a row or nested, the 41st is
 *    ELOOP (also for O_CREAT through dangling links);
 *  - a directory tree 1000 deep, removed while its deepest directory is
 *    still open, freed at the close; renames into a directory's own
 *    subtree. */
#include "check.h"
#include "unix_addr.h"
#include "sock_chain.h"
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/socket.h>

/* The chain released by closing its newest pair. */
static void chain_close(int type, const char *name)
{
	char n[64];
	int s[2];
	snprintf(n, sizeof n, "%s chain of %d built", name, DEPTH);
	CHECK(n, build_chain(DEPTH, type, s));
	close(s[0]);
	close(s[1]);
	snprintf(n, sizeof n, "%s chain released by close", name);
	CHECK(n, system_works(SOCK_STREAM) && system_works(SOCK_DGRAM));
}

static void chain_stream(void) { chain_close(SOCK_STREAM, "stream"); }
static void chain_dgram(void) { chain_close(SOCK_DGRAM, "dgram"); }
static void chain_seqpacket(void) { chain_close(SOCK_SEQPACKET, "seqpacket"); }
static void chain_mixed(void) { chain_close(0, "mixed"); }

/* The same released by exit (the descriptors close in fs_exit). */
static void chain_exit(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		int s[2];
		_exit(build_chain(DEPTH, 0, s) ? 0 : 1);
	}
	CHECK_EXIT("chain released by exit", wait_for(pid), 0);
	CHECK("system works after exit", system_works(SOCK_SEQPACKET));
}

/* The newest pair sent over itself: the whole chain is a cycle no
 * descriptor reaches, which only the collector frees. */
static void chain_cycle(void)
{
	int s[2];
	CHECK("cycle chain built", build_chain(DEPTH, 0, s));
	CHECK_EQ("newest pair into its own queue", send_fds(s[1], "f", 1, s, 2), 1);
	close(s[0]);
	close(s[1]);
	CHECK("cycle released", system_works(SOCK_STREAM));
	int t[2];       /* a second cycle, so that the collector runs again */
	CHECK("second cycle built", build_chain(10, SOCK_DGRAM, t));
	CHECK_EQ("second cycle closed", send_fds(t[1], "f", 1, t, 2), 1);
	close(t[0]);
	close(t[1]);
	CHECK("system works after the collector", system_works(SOCK_DGRAM));
}

/* The other way round: the oldest pair keeps its descriptors and each
 * pair's queue holds the next newer pair (the order in which a collector
 * that scans the sockets newest first learns the least per pass). */
static void chain_reverse(void)
{
	int first[2], cur[2], next[2];
	bool ok = socketpair(AF_UNIX, SOCK_STREAM, 0, first) == 0;
	memcpy(cur, first, sizeof cur);
	for (int k = 1; k < DEPTH && ok; k++) {
		ok = socketpair(AF_UNIX, chain_types[k % 3], 0, next) == 0 &&
		     send_fds(cur[1], "f", 1, next, 2) == 1;
		if (cur[0] != first[0]) {
			close(cur[0]);
			close(cur[1]);
		}
		memcpy(cur, next, sizeof cur);
	}
	close(cur[0]);
	close(cur[1]);
	CHECK("reverse chain built", ok);
	CHECK("oldest pair still works", write(first[1], "z", 1) == 1);
	close(first[0]);
	close(first[1]);
	CHECK("reverse chain released", system_works(SOCK_STREAM));
}

/* Receives from s the pair a message carries into r; true if it did. */
static bool recv_pair(int s, int r[2])
{
	union { char b[CMSG_SPACE(sizeof(int) * 2)]; struct cmsghdr align; } ctl;
	char c;
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl.b, .msg_controllen = sizeof ctl.b };
	struct cmsghdr *h;
	if (recvmsg(s, &m, MSG_DONTWAIT) != 1 || !(h = CMSG_FIRSTHDR(&m)) ||
	    h->cmsg_len != CMSG_LEN(sizeof(int) * 2))
		return false;
	memcpy(r, CMSG_DATA(h), sizeof(int) * 2);
	return true;
}

/* A chain received back link by link from the newest pair: every pair
 * still works (none was freed while it was reachable). */
static void chain_receive(void)
{
	int s[2], r[2];
	char c = 0;
	CHECK("chain to receive built", build_chain(50, 0, s));
	bool ok = true;
	for (int k = 49; k >= 0 && ok; k--) {
		ok = k == 0 || recv_pair(s[0], r);
		ok = ok && write(s[1], "z", 1) == 1 && read(s[0], &c, 1) == 1 && c == 'z';
		close(s[0]);
		close(s[1]);
		memcpy(s, r, sizeof s);
	}
	CHECK("every pair of the chain received works", ok);
}

/* ---- files in flight per user ---- */

/* Sends messages carrying `per` copies of fd over sock until a send
 * fails; how many worked (at most max), errno kept. */
static int fill(int sock, int fd, int per, int max)
{
	int fds[200], n = 0;
	for (int i = 0; i < per; i++)
		fds[i] = fd;
	while (n < max) {
		union { char b[CMSG_SPACE(sizeof(int) * 200)]; struct cmsghdr align; } ctl;
		struct iovec iov = { "f", 1 };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = ctl.b, .msg_controllen = CMSG_SPACE(sizeof(int) * per) };
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * per);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * per);
		if (sendmsg(sock, &m, MSG_DONTWAIT) != 1)
			break;
		n++;
	}
	return n;
}

/* Receives one message from s and closes the descriptors it carried;
 * how many there were, or -1. */
static int drain_one(int s)
{
	union { char b[CMSG_SPACE(sizeof(int) * 200)]; struct cmsghdr align; } ctl;
	char c;
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl.b, .msg_controllen = sizeof ctl.b };
	if (recvmsg(s, &m, MSG_DONTWAIT) != 1)
		return -1;
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	if (!h)
		return 0;
	int n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	for (int i = 0; i < n; i++)
		close(((int *)CMSG_DATA(h))[i]);
	return n;
}

static int user_type;

/* As uid 1000 with RLIMIT_NOFILE 256: a send is refused once more than
 * 256 files are in flight (the message that crosses the limit still
 * goes); a receive makes room again; another process of the user is
 * refused too; the descriptors still open are not what counts. */
static void inflight_user(void)
{
	char n[80];
	const char *t = user_type == SOCK_STREAM ? "stream" : user_type == SOCK_DGRAM ? "dgram" : "seqpacket";
	int per = user_type == SOCK_STREAM ? 8 : 100;
	int s[2], p[2];
	if (socketpair(AF_UNIX, user_type, 0, s) < 0 || pipe(p) < 0)
		return fail("socketpair", "%s", errname(errno));
	errno = 0;
	snprintf(n, sizeof n, "%s: sends of %d files before the limit", t, per);
	CHECK_EQ(n, fill(s[1], p[0], per, 100), 256 / per + 1);
	snprintf(n, sizeof n, "%s: then ETOOMANYREFS", t);
	CHECK_EQ(n, errno, ETOOMANYREFS);
	snprintf(n, sizeof n, "%s: a file-less send still goes", t);
	CHECK_EQ(n, send(s[1], "g", 1, MSG_DONTWAIT), 1);
	pid_t pid = fork();
	if (pid == 0) {
		errno = 0;
		_exit(fill(s[1], p[1], 1, 1) == 0 && errno == ETOOMANYREFS ? 0 : 1);
	}
	snprintf(n, sizeof n, "%s: another process of the user is refused", t);
	CHECK_EXIT(n, wait_for(pid), 0);
	snprintf(n, sizeof n, "%s: one message received", t);
	CHECK_EQ(n, drain_one(s[0]), per);
	snprintf(n, sizeof n, "%s: room for one more send", t);
	CHECK_EQ(n, fill(s[1], p[0], per, 100), 1);
	close(s[0]);
	close(s[1]);
	int u[2];
	snprintf(n, sizeof n, "%s: all freed at the close", t);
	CHECK(n, socketpair(AF_UNIX, SOCK_STREAM, 0, u) == 0 && fill(u[1], p[0], 8, 10) == 10);
}

static void as_user(int type)
{
	struct rlimit rl = { 256, 256 };
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		fail("setrlimit", "%s", errname(errno));
	user_type = type;
	as_uid1000(inflight_user);
}

static void inflight_stream(void) { as_user(SOCK_STREAM); }
static void inflight_dgram(void) { as_user(SOCK_DGRAM); }
static void inflight_seqpacket(void) { as_user(SOCK_SEQPACKET); }

/* Root (CAP_SYS_RESOURCE) is not limited. */
static void inflight_root(void)
{
	struct rlimit rl = { 256, 256 };
	setrlimit(RLIMIT_NOFILE, &rl);
	int s[2];
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, s));
	CHECK_EQ("root sends past the limit", fill(s[1], s[0], 8, 40), 40);
	close(s[0]);
	close(s[1]);
}

/* ---- symlinks ---- */

/* Links dir/name1 .. dir/name<n> (dir: "" or ending in '/'): each to the
 * next, the last to `end`; with `nest`, each body is "<next>/." so that
 * the next is met mid-path. */
static void make_links_in(const char *dir, const char *name, int n, const char *end, bool nest)
{
	char from[64], to[80];
	for (int i = 1; i <= n; i++) {
		snprintf(from, sizeof from, "%s%s%d", dir, name, i);
		if (i == n)
			snprintf(to, sizeof to, "%s", end);
		else
			snprintf(to, sizeof to, nest ? "%s%d/." : "%s%d", name, i + 1);
		if (symlink(to, P(from)) < 0)
			fail("symlink", "%s: %s", from, errname(errno));
	}
}

static void make_links(const char *name, int n, const char *end, bool nest)
{
	make_links_in("", name, n, end, nest);
}

static int open_close(const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	if (fd >= 0)
		close(fd);
	return fd < 0 ? -1 : 0;
}

static void links_in_a_row(void)
{
	CHECK_OK0("file", mk("f", "x"));
	make_links("a", 40, "f", false);
	make_links("b", 41, "f", false);
	CHECK_OK0("40 links in a row", open_close(P("a1"), O_RDONLY));
	CHECK_ERR("41 links in a row", open(P("b1"), O_RDONLY), ELOOP);
	CHECK_ERR("41 links, stat", stat(P("b1"), &(struct stat){0}), ELOOP);
	CHECK_OK0("41 links, lstat", lstat(P("b1"), &(struct stat){0}));
	CHECK_ERR("41 links with O_NOFOLLOW", open(P("b1"), O_RDONLY | O_NOFOLLOW), ELOOP);
}

static void links_nested(void)
{
	CHECK_OK0("dir", mkdir(P("d"), 0755));
	CHECK_OK0("file in dir", mk("d/f", "y"));
	make_links("n", 40, "d", true);
	make_links("m", 41, "d", true);
	CHECK_OK0("40 links nested", open_close(P("n1"), O_RDONLY | O_DIRECTORY));
	CHECK_STR("40 links nested, a file below", content("n1/f"), "y");
	CHECK_ERR("41 links nested", open(P("m1"), O_RDONLY | O_DIRECTORY), ELOOP);
	CHECK_ERR("41 links nested, a file below", open(P("m1/f"), O_RDONLY), ELOOP);
	CHECK_ERR("41 links nested, mkdir below", mkdir(P("m1/new"), 0755), ELOOP);
	CHECK_OK0("20 nested + 20 in a row", symlink("n21", P("x20")));
	make_links("r", 19, "x20", false);
	CHECK_OK0("19 in a row + 1 + 20 nested", open_close(P("r1"), O_RDONLY | O_DIRECTORY));
	make_links("q", 20, "x20", false);
	CHECK_ERR("20 in a row + 1 + 20 nested", open(P("q1"), O_RDONLY), ELOOP);
}

/* O_CREAT through dangling links creates the last target, within the
 * same budget. */
static void links_creat(void)
{
	make_links("c", 40, "new40", false);
	make_links("e", 41, "new41", false);
	CHECK_OK0("O_CREAT through 40 links", open_close(P("c1"), O_WRONLY | O_CREAT));
	CHECK_STR("the target made", content("new40"), "");
	CHECK_ERR("O_CREAT through 41 links", open(P("e1"), O_WRONLY | O_CREAT, 0644), ELOOP);
	CHECK_EQ("no target made", st_of(P("new41")).st_mode, 0);
	CHECK_OK0("dir", mkdir(P("d"), 0755));
	make_links("k", 40, "d", true);
	CHECK_OK0("O_CREAT below 40 nested links", open_close(P("k1/made"), O_WRONLY | O_CREAT));
	CHECK("made", S_ISREG(st_of(P("d/made")).st_mode));
	make_links("j", 41, "d", true);
	CHECK_ERR("O_CREAT below 41 nested links", open(P("j1/made2"), O_WRONLY | O_CREAT, 0644), ELOOP);
	make_links_in("d/", "z", 19, "zz19", false);
	make_links_in("d/", "y", 20, "yy20", false);
	CHECK_OK0("21 nested, then 19 to create", open_close(P("k20/z1"), O_WRONLY | O_CREAT));
	CHECK("made at the end", S_ISREG(st_of(P("d/zz19")).st_mode));
	CHECK_ERR("21 nested, then 20 to create", open(P("k20/y1"), O_WRONLY | O_CREAT, 0644), ELOOP);
}

/* A link to itself, and two links to each other. */
static void links_loop(void)
{
	CHECK_OK0("self link", symlink("self", P("self")));
	CHECK_ERR("self link opened", open(P("self"), O_RDONLY), ELOOP);
	CHECK_ERR("self link mid-path", open(P("self/x"), O_RDONLY), ELOOP);
	CHECK_ERR("self link created", open(P("self"), O_WRONLY | O_CREAT, 0644), ELOOP);
	CHECK_OK0("ping", symlink("pong/x", P("ping")));
	CHECK_OK0("pong", symlink("ping/x", P("pong")));
	CHECK_ERR("ping-pong", open(P("ping"), O_RDONLY), ELOOP);
	CHECK_ERR("ping-pong, mkdir", mkdir(P("ping/y"), 0755), ELOOP);
}

/* ---- directory trees ---- */

/* DEPTH directories "t/d/d/.../d"; the deepest stays open while the
 * whole tree is removed from below, and is freed at the close. */
static void deep_tree(void)
{
	CHECK_OK0("chdir", chdir(tdir));
	bool ok = true;
	for (int i = 0; i < DEPTH && ok; i++)
		ok = mkdir("d", 0755) == 0 && chdir("d") == 0;
	CHECK("tree made", ok);
	int fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK("deepest open", fd >= 0);
	for (int i = 0; i < DEPTH && ok; i++)
		ok = chdir("..") == 0 && rmdir("d") == 0;
	CHECK("tree removed from below", ok);
	CHECK_ERR("no file in the removed one", openat(fd, "x", O_WRONLY | O_CREAT, 0644), ENOENT);
	close(fd);
	CHECK("top empty", st_of(P("d")).st_mode == 0);
	CHECK_OK0("a new directory", mkdir(P("again"), 0755));
}

/* The same, held by the working directory of a process that exits. */
static void deep_tree_cwd(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		bool ok = chdir(tdir) == 0;
		for (int i = 0; i < DEPTH && ok; i++)
			ok = mkdir("d", 0755) == 0 && chdir("d") == 0;
		char path[8 * 1024];
		int len = snprintf(path, sizeof path, "%s", tdir);
		for (int i = 0; i < DEPTH; i++)
			len += snprintf(path + len, sizeof path - len, "/d");
		for (int i = 0; i < DEPTH && ok; i++) {
			ok = rmdir(path) == 0;
			path[strlen(path) - 2] = 0;
		}
		_exit(ok ? 0 : 1);
	}
	CHECK_EXIT("tree removed by absolute paths, then exit", wait_for(pid), 0);
	CHECK("top empty", st_of(P("d")).st_mode == 0);
}

/* rename into the directory's own subtree is EINVAL; onto an ancestor
 * (not empty) ENOTEMPTY. */
static void rename_loops(void)
{
	CHECK_OK0("chdir", chdir(tdir));
	bool ok = true;
	char path[4096] = "a";
	for (int i = 0; i < 100 && ok; i++) {
		ok = mkdir(path, 0755) == 0;
		strcat(path, "/a");
	}
	CHECK("tree of 100", ok);
	path[strlen(path) - 2] = 0;
	CHECK_ERR("top into its deepest", rename("a", strcat(strdup(path), "/x")), EINVAL);
	CHECK_ERR("top onto its deepest", rename("a", path), EINVAL);
	CHECK_ERR("a/a into itself", rename("a/a", "a/a/b"), EINVAL);
	CHECK_ERR("deepest onto the top", rename(path, "a"), ENOTEMPTY);
	CHECK_ERR("exchange with its deepest", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, path, 2), EINVAL);
	CHECK_OK0("deepest out", rename(path, "out"));
	CHECK_OK0("and back", rename("out", path));
}

int main(void)
{
	tdir_setup("t_hostile_sockrec");
	RUN(chain_stream);
	RUN(chain_dgram);
	RUN(chain_seqpacket);
	RUN(chain_mixed);
	RUN(chain_exit);
	RUN(chain_cycle);
	RUN(chain_receive);
	RUN(chain_reverse);
	RUN(inflight_stream);
	RUN(inflight_dgram);
	RUN(inflight_seqpacket);
	RUN(inflight_root);
	RUN(links_in_a_row);
	RUN(links_nested);
	RUN(links_creat);
	RUN(links_loop);
	RUN(deep_tree);
	RUN(deep_tree_cwd);
	RUN(rename_loops);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
