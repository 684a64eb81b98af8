/* t_hostile_userns - what an unprivileged user (uid 1000) must not gain
 * from a user namespace of its own, as Linux 6.1 refuses it: the flags
 * root locked on the mounts it copies stay (mount_setattr too); what a
 * mount hides stays hidden (a non-recursive bind or open_tree clone of
 * a directory with a mount below, a new proc while /proc/sys is
 * covered); a process that is not dumpable (root that joined the user's
 * namespace with setns, a user's process that set itself so, a program
 * it may execute but not read) stays out of the namespace owner's ptrace
 * and /proc reach; root writing a user's uid_map or gid_map (a
 * descriptor the user opened) is held to the opener's rights. Each case
 * in a child; root prepares, uid 1000 attacks. */
#include "check.h"
#include "caps.h"
#include "mount_api.h"
#include <sched.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <sys/socket.h>

/* Writes text to /proc/self/<file> in one write: 0 or -errno. */
static int write_self(const char *file, const char *text)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/%s", file);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t w = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	return w == (ssize_t)strlen(text) ? 0 : w < 0 ? -e : -1000;
}

/* The text of a small file ("" when unreadable), in a static buffer. */
static const char *content_of(const char *path)
{
	static char buf[256];
	ssize_t n = read_all(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

/* Root of a new user namespace mapping uid and gid alone (as 0). */
static void map_self(uid_t uid, gid_t gid)
{
	char m[32];
	snprintf(m, sizeof m, "0 %d 1", (int)uid);
	write_self("uid_map", m);
	write_self("setgroups", "deny");
	snprintf(m, sizeof m, "0 %d 1", (int)gid);
	write_self("gid_map", m);
}

static void become_dumpable_uid1000(void)
{
	become_uid1000();
	prctl(PR_SET_DUMPABLE, 1);
}

/* uid 1000's own user and mount namespaces, or a failure. */
static bool user_mount_ns(void)
{
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS)) {
		fail("unshare(USER|NS)", "%s", errname(errno));
		return false;
	}
	map_self(1000, 100);
	return true;
}

/* ---- locked mount flags and mount_setattr ---- */

static void setattr_user(void)
{
	if (!user_mount_ns())
		return;
	struct mount_attr_ a = { .attr_clr = ATTR_RDONLY };
	CHECK_ERR("mount_setattr clearing a locked read-only: EPERM",
		  mount_setattr_(AT_FDCWD, P("top/ro"), 0, &a, sizeof a), EPERM);
	CHECK_ERR("so the file stays read-only: EROFS", open(P("top/ro/f"), O_WRONLY), EROFS);
	a.attr_clr = ATTR_NOSUID;
	CHECK_ERR("clearing a locked nosuid: EPERM", mount_setattr_(AT_FDCWD, P("top/ro"), 0, &a, sizeof a), EPERM);
	a.attr_clr = ATTR_NODEV;
	CHECK_ERR("clearing a locked nodev: EPERM", mount_setattr_(AT_FDCWD, P("top/ro"), 0, &a, sizeof a), EPERM);
	a.attr_clr = ATTR_RDONLY;
	CHECK_ERR("AT_RECURSIVE from above it: EPERM",
		  mount_setattr_(AT_FDCWD, P("top"), AT_RECURSIVE_, &a, sizeof a), EPERM);
	CHECK_ERR("the file still read-only: EROFS", open(P("top/ro/f"), O_WRONLY), EROFS);
	a.attr_clr = ATTR__ATIME;
	a.attr_set = ATTR_NOATIME;
	CHECK_ERR("changing locked atime flags: EPERM",
		  mount_setattr_(AT_FDCWD, P("top/ro"), 0, &a, sizeof a), EPERM);
	struct mount_attr_ s = { .attr_set = ATTR_NOEXEC };
	CHECK_OK0("setting a flag is fine", mount_setattr_(AT_FDCWD, P("top/ro"), 0, &s, sizeof s));
	s = (struct mount_attr_){ .attr_clr = ATTR_NOEXEC };
	CHECK_OK0("and clearing it again (not locked)", mount_setattr_(AT_FDCWD, P("top/ro"), 0, &s, sizeof s));
	int fd = open_tree_(AT_FDCWD, P("top/ro"), OPEN_TREE_CLONE_);
	CHECK_OK("a detached copy of it", fd);
	a = (struct mount_attr_){ .attr_clr = ATTR_RDONLY };
	CHECK_ERR("the copy's locks stay: EPERM", mount_setattr_(fd, "", AT_EMPTY_PATH, &a, sizeof a), EPERM);
	close(fd);
}

/* Root mounts a tmpfs with a file anyone may write, then makes the
 * mount read-only, nosuid, nodev; a user's copy of the tree may not
 * undo that. */
static void setattr_locked(void)
{
	private_ns();
	mkdir(P("top"), 0777);
	CHECK_OK0("tmpfs", mount("none", P("top"), "tmpfs", 0, "size=64k"));
	chmod(P("top"), 0777);
	mkdir(P("top/ro"), 0777);
	CHECK_OK0("tmpfs", mount("none", P("top/ro"), "tmpfs", 0, "size=64k"));
	chmod(P("top/ro"), 0777);
	int fd = open(P("top/ro/f"), O_CREAT | O_WRONLY, 0666);
	fchmod(fd, 0666);
	close(fd);
	CHECK_OK0("remount,bind read-only, nosuid, nodev",
		  mount(NULL, P("top/ro"), NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL));
	in_child("uid 1000", become_dumpable_uid1000, setattr_user);
	umount2(P("top/ro"), MNT_DETACH);
	umount2(P("top"), MNT_DETACH);
}

/* ---- what a mount hides ---- */

static void hidden_user(void)
{
	if (!user_mount_ns())
		return;
	CHECK_ERR("a bind of a directory with a locked mount below: EINVAL",
		  mount(P("d"), P("m"), NULL, MS_BIND, NULL), EINVAL);
	CHECK_ERR("so the hidden file stays hidden", access(P("m/sub/secret"), F_OK), ENOENT);
	CHECK_ERR("open_tree clone of it too: EINVAL", open_tree_(AT_FDCWD, P("d"), OPEN_TREE_CLONE_), EINVAL);
	CHECK_OK0("a recursive bind is fine", mount(P("d"), P("m"), NULL, MS_BIND | MS_REC, NULL));
	CHECK_ERR("and shows the mount, not what it hides", access(P("m/sub/secret"), F_OK), ENOENT);
	CHECK_OK0("umount -l", umount2(P("m"), MNT_DETACH));
	int fd = open_tree_(AT_FDCWD, P("d"), OPEN_TREE_CLONE_ | AT_RECURSIVE_);
	CHECK_OK("a recursive open_tree clone is fine", fd);
	CHECK_ERR("and shows the mount", faccessat(fd, "sub/secret", F_OK, 0), ENOENT);
	close(fd);
	CHECK_OK0("a bind of a directory beside it is fine", mount(P("d/other"), P("m"), NULL, MS_BIND, NULL));
	umount2(P("m"), MNT_DETACH);
}

/* Root hides d/sub/secret under a tmpfs on d/sub. */
static void hidden(void)
{
	private_ns();
	mkdir(P("d"), 0777);
	mkdir(P("m"), 0777);
	mkdir(P("d/sub"), 0777);
	mkdir(P("d/other"), 0777);
	chmod(P("d"), 0777);
	chmod(P("m"), 0777);
	chmod(P("d/sub"), 0777);
	mk("d/sub/secret", "hidden");
	chmod(P("d/sub/secret"), 0644);
	CHECK_OK0("a tmpfs over d/sub", mount("none", P("d/sub"), "tmpfs", 0, "size=64k"));
	chmod(P("d/sub"), 0777);
	in_child("uid 1000", become_dumpable_uid1000, hidden_user);
	umount2(P("d/sub"), MNT_DETACH);
}

/* ---- ptrace and /proc of what is not dumpable ---- */

static pid_t victim;

/* What uid 1000 (no capabilities, the namespace's owner) may do to the
 * victim: signal it (CAP_KILL in its namespace), not read or trace it. */
static void spy(void)
{
	char path[64];
	char buf[64];
	snprintf(path, sizeof path, "/proc/%d/pagemap", (int)victim);
	CHECK_ERR("open /proc/<pid>/pagemap: EACCES", open(path, O_RDONLY), EACCES);
	snprintf(path, sizeof path, "/proc/%d/exe", (int)victim);
	CHECK_ERR("readlink /proc/<pid>/exe: EACCES", readlink(path, buf, sizeof buf), EACCES);
	snprintf(path, sizeof path, "/proc/%d/cwd", (int)victim);
	CHECK_ERR("readlink /proc/<pid>/cwd: EACCES", readlink(path, buf, sizeof buf), EACCES);
	CHECK_ERR("PTRACE_ATTACH: EPERM", ptrace(PTRACE_ATTACH, victim, 0, 0), EPERM);
	CHECK_ERR("PTRACE_SEIZE: EPERM", ptrace(PTRACE_SEIZE, victim, 0, 0), EPERM);
	CHECK_OK0("kill(0): its owner may signal it", kill(victim, 0));
}

/* A user's namespace that root then joins with setns: root's process,
 * no longer dumpable (Linux's commit_creds: its capabilities are no
 * subset of what it had), stays out of the owner's reach. */
static void joined_root(void)
{
	int up[2], hold[2], joined[2];
	char x;
	pipe(up);
	pipe(hold);
	pipe(joined);
	pid_t a = fork();
	if (a == 0) {
		become_dumpable_uid1000();
		close(hold[1]);
		if (unshare(CLONE_NEWUSER) == 0)
			map_self(1000, 100);
		write(up[1], "u", 1);
		read(hold[0], &x, 1);
		_exit(0);
	}
	read(up[0], &x, 1);
	victim = fork();
	if (victim == 0) {
		char path[64];
		close(hold[1]);
		snprintf(path, sizeof path, "/proc/%d/ns/user", (int)a);
		int fd = open(path, O_RDONLY);
		write(joined[1], fd >= 0 && setns(fd, CLONE_NEWUSER) == 0 ? "j" : "n", 1);
		read(hold[0], &x, 1);
		_exit(0);
	}
	read(joined[0], &x, 1);
	CHECK_EQ("root joined the user's namespace", x, 'j');
	in_child("uid 1000", become_dumpable_uid1000, spy);
	close(hold[1]);
	CHECK_EXIT("root's process", wait_for(victim), 0);
	CHECK_EXIT("the namespace's creator", wait_for(a), 0);
}

/* A user's process that made itself not dumpable (as ssh-agent does)
 * and then a user namespace (as a sandbox does): its owner, the same
 * user outside, still may not read or trace it. */
static void undumpable_unshare(void)
{
	int up[2], hold[2];
	char x;
	pipe(up);
	pipe(hold);
	victim = fork();
	if (victim == 0) {
		become_uid1000();
		prctl(PR_SET_DUMPABLE, 0);
		close(hold[1]);
		if (unshare(CLONE_NEWUSER) == 0)
			map_self(1000, 100);
		write(up[1], "u", 1);
		read(hold[0], &x, 1);
		_exit(0);
	}
	read(up[0], &x, 1);
	in_child("uid 1000", become_dumpable_uid1000, spy);
	close(hold[1]);
	CHECK_EXIT("the victim", wait_for(victim), 0);
}

/* Inside its namespace, root (uid 1000 outside) runs a program it may
 * execute but not read (root's, 0711); its CAP_SYS_PTRACE there does
 * not reach the process, whose memory belongs to the namespace that
 * maps the program's owner (Linux's would_dump: the initial one). */
static void xonly_user(void)
{
	if (unshare(CLONE_NEWUSER)) {
		fail("unshare(CLONE_NEWUSER)", "%s", errname(errno));
		return;
	}
	map_self(1000, 100);
	int hold[2];
	pipe(hold);
	victim = fork();
	if (victim == 0) {
		dup2(hold[0], 0);
		close(hold[1]);
		execl(P("xonly"), "xonly", "hold", (char *)NULL);
		_exit(127);
	}
	close(hold[0]);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)victim);
	for (int i = 0; i < 2000 && strcmp(content_of(path), "xonly\n"); i++)
		msleep(10);
	CHECK_STR("it runs the program", content_of(path), "xonly\n");
	spy();
	close(hold[1]);
	CHECK_EXIT("the program", wait_for(victim), 0);
}

static void xonly(void)
{
	char buf[4096];
	int in = open("/proc/self/exe", O_RDONLY), out = open(P("xonly"), O_CREAT | O_WRONLY | O_TRUNC, 0711);
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	chmod(P("xonly"), 0711);
	as_uid1000(xonly_user);
}

/* ---- uid_map: the opener's rights, not only the writer's ---- */

/* Sends fd over sock (fd < 0: the byte alone): 0 or -1. */
static int send_fd(int sock, int fd)
{
	char x = 'f', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &x, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (fd >= 0) {
		m.msg_control = cbuf;
		m.msg_controllen = sizeof cbuf;
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char x, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &x, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	if (recvmsg(sock, &m, 0) != 1)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	int fd = -1;
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

/* A user opens its new namespace's uid_map and gid_map and hands them to
 * root (a set-user-id program's stderr, say); what root writes there is
 * checked against the opener too (Linux's file_ns_capable): the user
 * does not get the whole id range, root's files stay root's. */
static void opener_maps(void)
{
	int sv[2], hold[2];
	char x;
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(hold);
	mk("secret", "root's");
	chmod(P("secret"), 0600);
	pid_t c = fork();
	if (c == 0) {
		become_dumpable_uid1000();
		close(hold[1]);
		int ok = unshare(CLONE_NEWUSER) == 0;
		int u = open("/proc/self/uid_map", O_WRONLY), g = open("/proc/self/gid_map", O_WRONLY);
		send_fd(sv[1], ok ? u : -1);
		send_fd(sv[1], ok ? g : -1);
		read(hold[0], &x, 1);
		int leaked = setresuid(0, 0, 0) == 0 && open(P("secret"), O_RDONLY) >= 0;
		_exit(leaked ? 3 : 0);
	}
	int u = recv_fd(sv[0]), g = recv_fd(sv[0]);
	CHECK("the user's uid_map", u >= 0);
	CHECK("and gid_map", g >= 0);
	const char *all = "0 0 4294967295\n";
	CHECK_ERR("root writes the whole range in the user's uid_map: EPERM", write(u, all, strlen(all)), EPERM);
	CHECK_ERR("and gid_map: EPERM", write(g, all, strlen(all)), EPERM);
	const char *one = "0 0 1\n";
	CHECK_ERR("root's id alone: EPERM", write(u, one, strlen(one)), EPERM);
	const char *mine = "0 1000 1\n";
	CHECK_EQ("the opener's own id: fine", write(u, mine, strlen(mine)), (ssize_t)strlen(mine));
	close(u);
	close(g);
	close(hold[1]);
	CHECK_EXIT("the user cannot read root's file", wait_for(c), 0);
}

/* ---- a proc of one's own may not show what /proc hides ---- */

static void proc_user(void)
{
	if (unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS)) {
		fail("unshare(USER|PID|NS)", "%s", errname(errno));
		return;
	}
	map_self(1000, 100);
	pid_t c = fork();
	if (c == 0) {
		int r = mount("proc", P("p"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
		int e = errno;
		if (r == 0)
			_exit(access(P("p/sys/kernel/hostname"), F_OK) == 0 ? 3 : 4);
		_exit(e == EPERM ? 0 : 5);
	}
	CHECK_EXIT("pid 1 mounts a proc while /proc/sys is covered: EPERM", wait_for(c), 0);
}

/* Root covers /proc/sys (as a container manager does); a user's new
 * pid namespace may not mount a proc that shows it (Linux's
 * mount_too_revealing). */
static void proc_hidden(void)
{
	private_ns();
	mkdir(P("p"), 0777);
	chmod(P("p"), 0777);
	CHECK_OK0("a tmpfs over /proc/sys", mount("none", "/proc/sys", "tmpfs", 0, "size=16k"));
	in_child("uid 1000", become_dumpable_uid1000, proc_user);
	umount2("/proc/sys", MNT_DETACH);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "hold")) {
		char c;
		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	caps_same_start();
	tdir_setup("t_hostile_userns");
	chmod(tdir, 0777);
	RUN(setattr_locked);
	RUN(hidden);
	RUN(joined_root);
	RUN(undumpable_unshare);
	RUN(xonly);
	RUN(opener_maps);
	RUN(proc_hidden);
	return cases_failed ? 1 : 0;
}
