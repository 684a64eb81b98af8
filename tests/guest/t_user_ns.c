/* t_user_ns - user namespaces as Linux 6.1's (kernel/user_namespace.c,
 * kernel/user_idmap.c): unshare, clone and clone3 with CLONE_NEWUSER,
 * by root and by a user; the creator's full capability set there and
 * none outside; uid_map, gid_map and setgroups with their rules; the
 * ids the calls show and take once mapped; max_user_namespaces and the
 * nesting limit; setns and the NS_GET_* ioctls; namespaces of other
 * kinds owned by a new user namespace (unshare of all of them by a
 * user, sethostname there). */
#include "check.h"
#include "caps.h"
#include "uring.h"
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/fsuid.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
#include <sys/mount.h>
#include <pthread.h>
#include <sys/prctl.h>
#define NS_GET_USERNS    0xb701
#define NS_GET_PARENT    0xb702
#define NS_GET_NSTYPE    0xb703
#define NS_GET_OWNER_UID 0xb704

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif

struct clone_args_ {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static const char *text_of(const char *path)
{
	static char buf[16384];
	ssize_t n = read_all(path, buf, sizeof buf);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

/* Writes text to /proc/<pid>/<file> (pid 0: self) in one write: 0 or
 * -errno of the open or the write. */
static int write_proc(int pid, const char *file, const char *text)
{
	char path[64];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
	else
		snprintf(path, sizeof path, "/proc/self/%s", file);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t w = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	return w == (ssize_t)strlen(text) ? 0 : w < 0 ? -e : -1000;
}

static void become_dumpable_uid1000(void)
{
	become_uid1000();
	prctl(PR_SET_DUMPABLE, 1);               /* its /proc files its own again */
}

static ino_t ns_ino(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

static unsigned long long eff_caps(void)
{
	return get_sets(0).e;
}

/* As root: unshare gives a namespace with no maps, every capability,
 * the overflow ids; a map then gives them meaning. */
static void root_unshare(void)
{
	ino_t before = ns_ino("/proc/self/ns/user");
	CHECK_OK0("unshare(CLONE_NEWUSER)", unshare(CLONE_NEWUSER));
	CHECK("a new namespace", ns_ino("/proc/self/ns/user") != before);
	CHECK_EQ("getuid: the overflow id", getuid(), 65534);
	CHECK_EQ("geteuid: the overflow id", geteuid(), 65534);
	CHECK_EQ("getgid: the overflow id", getgid(), 65534);
	CHECK_EQ("every capability", eff_caps(), ALL);
	CHECK_STR("uid_map: empty", text_of("/proc/self/uid_map"), "");
	CHECK_STR("gid_map: empty", text_of("/proc/self/gid_map"), "");
	CHECK_STR("setgroups: allow", text_of("/proc/self/setgroups"), "allow\n");
	CHECK_EQ("uid_map: 0 0 1", write_proc(0, "uid_map", "0 0 1\n"), 0);
	CHECK_STR("uid_map reads back", text_of("/proc/self/uid_map"), "         0          0          1\n");
	CHECK_EQ("a second write: EPERM", write_proc(0, "uid_map", "1 1 1\n"), -EPERM);
	CHECK_EQ("getuid: 0", getuid(), 0);
	CHECK_EQ("getgid: still the overflow id", getgid(), 65534);
	CHECK_EQ("gid_map: 0 0 1 from inside, setgroups allowed: EPERM", write_proc(0, "gid_map", "0 0 1"), -EPERM);
	CHECK_EQ("setgroups: deny", write_proc(0, "setgroups", "deny"), 0);
	CHECK_EQ("gid_map: then 0 0 1", write_proc(0, "gid_map", "0 0 1"), 0);
	CHECK_EQ("getgid: 0", getgid(), 0);
	CHECK_ERR("setgroups(2): denied: EPERM", setgroups(0, NULL), EPERM);
	CHECK_ERR("setuid(1): unmapped: EINVAL", setuid(1), EINVAL);
	CHECK_ERR("setgid(1): unmapped: EINVAL", setgid(1), EINVAL);
	CHECK_ERR("setresuid(-1, 5, -1): EINVAL", setresuid(-1, 5, -1), EINVAL);
	CHECK_ERR("setreuid(3, -1): EINVAL", setreuid(3, -1), EINVAL);
	CHECK_EQ("setfsuid(7): unmapped: the old one", setfsuid(7), 0);
	CHECK_EQ("setfsgid(7): unmapped: the old one", setfsgid(7), 0);
	CHECK_OK0("setuid(0)", setuid(0));
	CHECK_OK0("setresgid(0, 0, 0)", setresgid(0, 0, 0));
}

/* The parent maps ids for a child's namespace: many at once with
 * CAP_SETUID there, setgroups still allowed. */
static void parent_maps(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		char x;
		unshare(CLONE_NEWUSER);
		write(p[1], "u", 1);
		read(q[0], &x, 1);
		say("%s child: ids %d %d\n", getuid() == 0 && getgid() == 0 ? "[PASS]" : "[FAIL]",
		    (int)getuid(), (int)getgid());
		say("%s child: setgroups(2) allowed\n", setgroups(0, NULL) == 0 ? "[PASS]" : "[FAIL]");
		gid_t g[2] = { 9, 3 };
		say("%s child: setgroups({9, 3}): unmapped 9: EINVAL\n",
		    setgroups(2, g) == -1 && errno == EINVAL ? "[PASS]" : "[FAIL]");
		g[0] = 7;
		setgroups(2, g);
		gid_t got[4];
		int n = getgroups(4, got);
		say("%s child: getgroups: %d: %d %d\n", n == 2 && got[0] == 3 && got[1] == 7 ? "[PASS]" : "[FAIL]",
		    n, (int)got[0], (int)got[1]);
		const char *st = text_of("/proc/self/status");
		const char *gl = strstr(st, "\nGroups:");
		say("%s child: status Groups\n", gl && !strncmp(gl, "\nGroups:\t3 7 \n", 14) ? "[PASS]" : "[FAIL]");
		struct stat sb;
		stat("/", &sb);
		say("%s child: / is root's\n", sb.st_uid == 0 && sb.st_gid == 0 ? "[PASS]" : "[FAIL]");
		_exit(0);
	}
	char x, path[64];
	read(p[0], &x, 1);
	CHECK_EQ("the parent writes the uid map", write_proc(c, "uid_map", "0 0 1\n5 50 10\n"), 0);
	CHECK_EQ("and the gid map", write_proc(c, "gid_map", "0 0 1\n3 3 5\n"), 0);
	snprintf(path, sizeof path, "/proc/%d/gid_map", c);
	CHECK_STR("and reads it", text_of(path), "         0          0          1\n         3          3          5\n");
	write(q[1], "g", 1);
	CHECK_EXIT("the child", wait_for(c), 0);
}

/* What the parent (initial namespace) sees of the child's namespace. */
static void parent_view(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		char x;
		unshare(CLONE_NEWUSER);
		write(p[1], "u", 1);
		read(q[0], &x, 1);
		say("%s child: getuid %d\n", getuid() == 0 ? "[PASS]" : "[FAIL]", (int)getuid());
		_exit(0);
	}
	char x, path[64];
	read(p[0], &x, 1);
	snprintf(path, sizeof path, "/proc/%d/uid_map", c);
	CHECK_STR("the child's map: empty", text_of(path), "");
	CHECK_EQ("the parent writes it", write_proc(c, "uid_map", "0 0 1\n5 50 10\n"), 0);
	CHECK_STR("and reads it", text_of(path), "         0          0          1\n         5         50         10\n");
	snprintf(path, sizeof path, "/proc/%d/setgroups", c);
	CHECK_STR("setgroups: allow", text_of(path), "allow\n");
	snprintf(path, sizeof path, "/proc/%d/ns/user", c);
	int fd = open(path, O_RDONLY);
	uid_t owner = 99;
	CHECK_OK0("NS_GET_OWNER_UID", ioctl(fd, NS_GET_OWNER_UID, &owner));
	CHECK_EQ("the owner: root", owner, 0);
	CHECK_EQ("NS_GET_NSTYPE", ioctl(fd, NS_GET_NSTYPE), CLONE_NEWUSER);
	int u = ioctl(fd, NS_GET_USERNS);
	CHECK("NS_GET_USERNS: ours", u >= 0 && ns_ino("/proc/self/ns/user") == ({ struct stat s; fstat(u, &s); s.st_ino; }));
	int pr = ioctl(fd, NS_GET_PARENT);
	CHECK("NS_GET_PARENT: ours", pr >= 0 && ns_ino("/proc/self/ns/user") == ({ struct stat s; fstat(pr, &s); s.st_ino; }));
	CHECK_ERR("ours: NS_GET_PARENT: EPERM", ioctl(u, NS_GET_PARENT), EPERM);
	CHECK_ERR("ours: NS_GET_USERNS: EPERM", ioctl(u, NS_GET_USERNS), EPERM);
	CHECK_ERR("NS_GET_OWNER_UID of a UTS namespace: EINVAL",
		  ioctl(open("/proc/self/ns/uts", O_RDONLY), NS_GET_OWNER_UID, &owner), EINVAL);
	write(q[1], "g", 1);
	CHECK_EXIT("the child", wait_for(c), 0);
	struct stat st;
	CHECK_OK0("the namespace outlives its task in its file", fstat(fd, &st));
}

/* A map's text, as map_write parses it. */
static void map_syntax_one(const char *name, const char *text, int err)
{
	pid_t c = fork();
	if (c == 0) {
		unshare(CLONE_NEWUSER);
		_exit(-write_proc(0, "uid_map", text));
	}
	int st = wait_for(c);
	CHECK_EQ(name, WIFEXITED(st) ? WEXITSTATUS(st) : -1, err);
}

static void map_syntax(void)
{
	map_syntax_one("two numbers: EINVAL", "0 0\n", EINVAL);
	map_syntax_one("words: EINVAL", "a b c\n", EINVAL);
	map_syntax_one("a count of 0: EINVAL", "0 0 0\n", EINVAL);
	map_syntax_one("first -1: EINVAL", "4294967295 0 1\n", EINVAL);
	map_syntax_one("lower -1: EINVAL", "0 4294967295 1\n", EINVAL);
	map_syntax_one("a wrapping range: EINVAL", "4294967290 0 10\n", EINVAL);
	map_syntax_one("junk after: EINVAL", "0 0 1 x\n", EINVAL);
	map_syntax_one("overlapping inside: EINVAL", "0 0 10\n5 100 10\n", EINVAL);
	map_syntax_one("overlapping below: EINVAL", "0 0 10\n100 5 10\n", EINVAL);
	map_syntax_one("an empty line: EINVAL", "0 0 1\n\n1 1 1\n", EINVAL);
	map_syntax_one("nothing: EINVAL", "", EINVAL);
	map_syntax_one("blanks around: fine", "  0\t0   1  \n", 0);
	map_syntax_one("no newline: fine", "0 0 1", 0);
	map_syntax_one("-1 ... : EINVAL", "-1 0 1\n", EINVAL);
	char big[4200];
	memset(big, ' ', sizeof big);
	memcpy(big, "0 0 1", 5);
	big[4096] = 0;
	map_syntax_one("a page: EINVAL", big, EINVAL);
	big[4095] = 0;
	map_syntax_one("a page less one: fine", big, 0);
}

/* 340 lines, the most; 341 too many; more than 5 are shown sorted. */
static void map_lines(void)
{
	static char text[8192];
	int n = 0;
	for (int i = 339; i >= 0; i--)
		n += snprintf(text + n, sizeof text - n, "%d %d 1\n", i * 2, i * 2 + 1000);
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		char x;
		unshare(CLONE_NEWUSER);
		write(p[1], "u", 1);
		read(q[0], &x, 1);
		const char *m = text_of("/proc/self/uid_map");
		int lines = 0;
		for (const char *s = m; *s; s++)
			lines += *s == '\n';
		say("%s shown: %d lines\n", lines == 340 ? "[PASS]" : "[FAIL]", lines);
		say("%s sorted, lower ids as the parent sees them: %.33s\n",
		    !strncmp(m, "         0       1000          1\n", 33) ? "[PASS]" : "[FAIL]", m);
		say("%s uid 678 is there\n", setuid(678) == 0 && getuid() == 678 ? "[PASS]" : "[FAIL]");
		_exit(0);
	}
	char x;
	read(p[0], &x, 1);
	char more[8300];
	snprintf(more, sizeof more, "%s%d %d 1\n", text, 1000, 5000);
	CHECK_EQ("341 lines: EINVAL", write_proc(c, "uid_map", more), -EINVAL);
	CHECK_EQ("340 lines", write_proc(c, "uid_map", text), 0);
	write(q[1], "g", 1);
	CHECK_EXIT("the child", wait_for(c), 0);
}

/* A user: unshare works, only its own id may be mapped, the gid only
 * once setgroups is denied; then it is root in there. */
static void user_unshare(void)
{
	int init_user = open("/proc/self/ns/user", O_RDONLY);
	CHECK_EQ("no capabilities", eff_caps(), 0);
	CHECK_OK0("unshare(CLONE_NEWUSER) as a user", unshare(CLONE_NEWUSER));
	CHECK_EQ("every capability in it", eff_caps(), ALL);
	CHECK_EQ("uid_map: another id: EPERM", write_proc(0, "uid_map", "0 1001 1\n"), -EPERM);
	CHECK_EQ("uid_map: two ids: EPERM", write_proc(0, "uid_map", "0 1000 2\n"), -EPERM);
	CHECK_EQ("uid_map: its own: 0 1000 1", write_proc(0, "uid_map", "0 1000 1\n"), 0);
	CHECK_EQ("gid_map before deny: EPERM", write_proc(0, "gid_map", "0 100 1\n"), -EPERM);
	CHECK_EQ("setgroups: bad word: EINVAL", write_proc(0, "setgroups", "no\n"), -EINVAL);
	CHECK_EQ("setgroups: deny", write_proc(0, "setgroups", "deny\n"), 0);
	CHECK_STR("setgroups reads deny", text_of("/proc/self/setgroups"), "deny\n");
	CHECK_EQ("setgroups: allow again: EPERM", write_proc(0, "setgroups", "allow"), -EPERM);
	CHECK_EQ("gid_map: another group: EPERM", write_proc(0, "gid_map", "0 101 1\n"), -EPERM);
	CHECK_EQ("gid_map: its own", write_proc(0, "gid_map", "0 100 1\n"), 0);
	CHECK_EQ("getuid: 0", getuid(), 0);
	CHECK_EQ("getgid: 0", getgid(), 0);
	uid_t r, e, s;
	getresuid(&r, &e, &s);
	CHECK("getresuid: 0 0 0", r == 0 && e == 0 && s == 0);
	CHECK_ERR("setgroups(2) when denied: EPERM", setgroups(0, NULL), EPERM);
	CHECK_EQ("getgroups: none", getgroups(0, NULL), 0);
	CHECK_STR("uid_map seen inside", text_of("/proc/self/uid_map"), "         0       1000          1\n");
	CHECK_STR("gid_map seen inside", text_of("/proc/self/gid_map"), "         0        100          1\n");
	const char *st = text_of("/proc/self/status");
	const char *u = strstr(st, "\nUid:");
	CHECK("status: Uid 0", u && !strncmp(u, "\nUid:\t0\t0\t0\t0\n", 14));
	const char *g = strstr(st, "\nGid:");
	CHECK("status: Gid 0", g && !strncmp(g, "\nGid:\t0\t0\t0\t0\n", 14));
	struct stat sb;
	CHECK_OK0("stat /", stat("/", &sb));
	CHECK("a root-owned file: the overflow ids", sb.st_uid == 65534 && sb.st_gid == 65534);
	CHECK_ERR("setns into the initial user namespace: EPERM",
		  setns(init_user, CLONE_NEWUSER), EPERM);
	CHECK_ERR("its own: EINVAL", setns(open("/proc/self/ns/user", O_RDONLY), CLONE_NEWUSER), EINVAL);
	CHECK_ERR("kill 1 from inside: EPERM", kill(1, 0), EPERM);
	CHECK_ERR("sethostname without a UTS namespace: EPERM", sethostname("x", 1), EPERM);
}

static void user_unshare_as(void) { in_child("uid 1000", become_dumpable_uid1000, user_unshare); }

/* A user's unshare of user, UTS, IPC, mount namespaces together. */
static void user_unshare_all(void)
{
	int init_uts = open("/proc/self/ns/uts", O_RDONLY);
	CHECK_OK0("unshare(USER|UTS|IPC|NS) as a user",
		  unshare(CLONE_NEWUSER | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS));
	CHECK_OK0("sethostname in its UTS namespace", sethostname("inside", 6));
	int fd = open("/proc/self/ns/uts", O_RDONLY);
	int u = ioctl(fd, NS_GET_USERNS);
	struct stat a, b;
	fstat(u, &a);
	stat("/proc/self/ns/user", &b);
	CHECK("NS_GET_USERNS of the UTS namespace: the new user namespace", u >= 0 && a.st_ino == b.st_ino);
	CHECK_ERR("setns back to the initial UTS namespace: EPERM",
		  setns(init_uts, CLONE_NEWUTS), EPERM);
	CHECK_OK0("setns into its own UTS namespace again", setns(fd, CLONE_NEWUTS));
	struct { long type; char c; } m = { 1, 'x' };
	int q = msgget(IPC_PRIVATE, 0);
	CHECK_OK0("a queue of mode 0 in its IPC namespace: CAP_IPC_OWNER there", msgsnd(q, &m, 1, IPC_NOWAIT));
}

static void user_unshare_all_as(void) { as_uid1000(user_unshare_all); }

/* A user's network namespace, owned by its new user namespace: it brings
 * lo up (CAP_NET_ADMIN there), and its sockets talk over it; the
 * initial namespace's lo is not its to change. */
static void user_net(void)
{
	int s0 = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	ioctl(s0, SIOCGIFFLAGS, &ifr);
	CHECK_ERR("outside: SIOCSIFFLAGS on lo, EPERM", ioctl(s0, SIOCSIFFLAGS, &ifr), EPERM);
	CHECK_OK0("unshare(USER|NET) as a user", unshare(CLONE_NEWUSER | CLONE_NEWNET));
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	CHECK_OK0("SIOCGIFFLAGS", ioctl(s, SIOCGIFFLAGS, &ifr));
	CHECK("its lo is down", !(ifr.ifr_flags & IFF_UP));
	ifr.ifr_flags |= IFF_UP;
	CHECK_OK0("SIOCSIFFLAGS up in its own namespace", ioctl(s, SIOCSIFFLAGS, &ifr));
	CHECK_ERR("the first socket is still the initial namespace's: EPERM", ioctl(s0, SIOCSIFFLAGS, &ifr), EPERM);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	CHECK_OK0("bind 127.0.0.1", bind(s, (struct sockaddr *)&a, sizeof a));
	getsockname(s, (struct sockaddr *)&a, &len);
	CHECK_EQ("a datagram to itself over its lo", sendto(s, "hi", 2, 0, (struct sockaddr *)&a, sizeof a), 2);
	char buf[4];
	CHECK_EQ("received", recv(s, buf, sizeof buf, 0), 2);
	int fd = open("/proc/self/ns/net", O_RDONLY);
	int u = ioctl(fd, NS_GET_USERNS);
	struct stat x, y;
	fstat(u, &x);
	stat("/proc/self/ns/user", &y);
	CHECK("NS_GET_USERNS of the network namespace: the new user namespace", u >= 0 && x.st_ino == y.st_ino);
	CHECK_ERR("SIOCGSKNS of the initial namespace's socket: EPERM", ioctl(s0, SIOCGSKNS), EPERM);
}

static void user_net_as(void) { in_child("uid 1000", become_dumpable_uid1000, user_net); }

/* A user's pid namespace, owned by its new user namespace: its first
 * child is pid 1 there and may mount a proc of it (unshare -Urpf
 * --mount-proc), which shows that namespace's tasks. */
static void user_pid(void)
{
	CHECK_ERR("outside: unshare(CLONE_NEWPID), EPERM", unshare(CLONE_NEWPID), EPERM);
	CHECK_OK0("unshare(USER|PID|NS) as a user", unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS));
	pid_t c = fork();
	if (c == 0) {
		if (getpid() != 1)
			_exit(10);
		if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL))
			_exit(11);
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
			_exit(12);
		char buf[16] = { 0 };
		if (readlink("/proc/self", buf, sizeof buf - 1) < 0 || strcmp(buf, "1"))
			_exit(13);
		if (access("/proc/2", F_OK) == 0)
			_exit(14);
		pid_t g = fork();
		if (g == 0)
			_exit(getppid() == 1 ? 0 : 1);
		int st;
		waitpid(g, &st, 0);
		_exit(g == 2 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 15);
	}
	CHECK_EXIT("pid 1 there mounts its proc, sees itself as 1, its child as 2", wait_for(c), 0);
}

static void user_pid_as(void) { in_child("uid 1000", become_dumpable_uid1000, user_pid); }

/* A user's time namespace, owned by its new user namespace: it sets the
 * offsets (CAP_SYS_TIME there). */
static void user_time_ns(void)
{
	CHECK_EQ("outside: EPERM", write_proc(0, "timens_offsets", "monotonic 100 0\n"), -EPERM);
	CHECK_OK0("unshare(USER|TIME) as a user", unshare(CLONE_NEWUSER | CLONE_NEWTIME));
	CHECK_EQ("its offsets", write_proc(0, "timens_offsets", "monotonic 100 0\n"), 0);
	pid_t c = fork();
	if (c == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		_exit(ts.tv_sec >= 100 ? 0 : 1);
	}
	CHECK_EXIT("a child's clock has them", wait_for(c), 0);
}

static void user_time_ns_as(void) { in_child("uid 1000", become_dumpable_uid1000, user_time_ns); }

/* A user without a user namespace may not. */
static void user_plain(void)
{
	CHECK_ERR("unshare(CLONE_NEWUTS) alone: EPERM", unshare(CLONE_NEWUTS), EPERM);
}

static void user_plain_as(void) { as_uid1000(user_plain); }

/* clone and clone3: the child is in a new one, the parent keeps its. */
static void by_clone(void)
{
	ino_t mine = ns_ino("/proc/self/ns/user");
	unsigned long long caps = eff_caps();
	long c = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(ns_ino("/proc/self/ns/user") != mine && getuid() == 65534 && eff_caps() == ALL ? 0 : 1);
	CHECK("clone(CLONE_NEWUSER)", c > 0);
	CHECK_EXIT("the child: a new namespace, every capability", wait_for((pid_t)c), 0);
	CHECK("the parent's capabilities are as they were", eff_caps() == caps);
	CHECK_SYSERR("CLONE_NEWUSER|CLONE_FS: EINVAL", EINVAL, SYS_clone, CLONE_NEWUSER | CLONE_FS | SIGCHLD, 0, 0, 0, 0);
	CHECK_SYSERR("CLONE_NEWUSER|CLONE_THREAD: EINVAL", EINVAL, SYS_clone,
		     CLONE_NEWUSER | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0, 0, 0, 0);
	struct clone_args_ a = { .flags = CLONE_NEWUSER | CLONE_NEWUTS, .exit_signal = SIGCHLD };
	c = syscall(435, &a, sizeof a);
	if (c == 0)
		_exit(ns_ino("/proc/self/ns/user") != mine && sethostname("c3", 2) == 0 ? 0 : 1);
	CHECK("clone3(CLONE_NEWUSER|CLONE_NEWUTS)", c > 0);
	CHECK_EXIT("the child may set its host name", wait_for((pid_t)c), 0);
}

static void by_clone_user(void)
{
	long c = syscall(SYS_clone, CLONE_NEWUSER | CLONE_NEWIPC | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(eff_caps() == ALL ? 0 : 1);
	CHECK("a user's clone(CLONE_NEWUSER|CLONE_NEWIPC)", c > 0);
	CHECK_EXIT("the child", wait_for((pid_t)c), 0);
	CHECK_SYSERR("a user's clone(CLONE_NEWIPC): EPERM", EPERM, SYS_clone, CLONE_NEWIPC | SIGCHLD, 0, 0, 0, 0);
}

static void by_clone_as(void) { as_uid1000(by_clone_user); }

/* In a namespace we just made: root there is who we were outside. */
static void map_self(uid_t uid, gid_t gid)
{
	char m[32];
	snprintf(m, sizeof m, "0 %d 1", (int)uid);
	write_proc(0, "uid_map", m);
	write_proc(0, "setgroups", "deny");
	snprintf(m, sizeof m, "0 %d 1", (int)gid);
	write_proc(0, "gid_map", m);
}

/* max_user_namespaces: its own in each namespace, counted up the tree;
 * an unmapped creator: EPERM, after the count. */
static void limits(void)
{
	CHECK_ERR("the initial namespace's, without CAP_SYS_RESOURCE: read-only (EACCES)",
		  open("/proc/sys/user/max_user_namespaces", O_WRONLY), EACCES);
	unshare(CLONE_NEWUSER);
	CHECK_STR("a new namespace's max_user_namespaces", text_of("/proc/sys/user/max_user_namespaces"),
		  "2147483647\n");
	CHECK_EQ("set to 0", write_proc(0, "../sys/user/max_user_namespaces", "0\n"), 0);
	CHECK_ERR("unshare: ENOSPC", unshare(CLONE_NEWUSER), ENOSPC);
	CHECK_SYSERR("clone: ENOSPC", ENOSPC, SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	CHECK_EQ("set to 1", write_proc(0, "../sys/user/max_user_namespaces", "1"), 0);
	CHECK_EQ("-1: EINVAL", write_proc(0, "../sys/user/max_user_namespaces", "-1"), -EINVAL);
	CHECK_ERR("its creator is unmapped: EPERM", unshare(CLONE_NEWUSER), EPERM);
	map_self(0, 0);
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWUSER))
			_exit(1);
		map_self(0, 0);
		_exit(unshare(CLONE_NEWUSER) == -1 && errno == ENOSPC ? 0 : 2);
	}
	CHECK_EXIT("one below, not two", wait_for(c), 0);
}

/* 32 levels below the initial namespace and one more; then ENOSPC. */
static void nesting(void)
{
	int n = 0;
	while (n < 100 && unshare(CLONE_NEWUSER) == 0) {
		map_self(0, 0);
		n++;
	}
	CHECK_EQ("nested namespaces", n, 33);
	CHECK_EQ("then ENOSPC", errno, ENOSPC);
}

static void *sleeper(void *arg)
{
	(void)arg;
	sleep(5);
	return NULL;
}

/* setns into a namespace below ours, and the checks. */
static void set_ns(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		char x;
		unshare(CLONE_NEWUSER);
		write(p[1], "u", 1);
		read(q[0], &x, 1);
		_exit(0);
	}
	char x, path[64];
	read(p[0], &x, 1);
	snprintf(path, sizeof path, "/proc/%d/ns/user", c);
	int fd = open(path, O_RDONLY);
	int mine = open("/proc/self/ns/user", O_RDONLY);
	CHECK_ERR("setns(own user namespace): EINVAL", setns(mine, CLONE_NEWUSER), EINVAL);
	CHECK_ERR("setns(user ns, CLONE_NEWUTS): EINVAL", setns(fd, CLONE_NEWUTS), EINVAL);
	pid_t d = fork();
	if (d == 0) {
		if (setns(fd, CLONE_NEWUSER))
			_exit(1);
		if (getuid() != 65534 || eff_caps() != ALL)
			_exit(2);
		_exit(setns(mine, CLONE_NEWUSER) == -1 && errno == EPERM ? 0 : 3);
	}
	CHECK_EXIT("root joins it, then may not come back", wait_for(d), 0);
	d = fork();
	if (d == 0) {
		become_uid1000();
		_exit(setns(fd, CLONE_NEWUSER) == -1 && errno == EPERM ? 0 : 1);
	}
	CHECK_EXIT("a user may not join root's: EPERM", wait_for(d), 0);
	d = fork();
	if (d == 0) {
		if (syscall(SYS_clone, CLONE_FS | SIGCHLD, 0, 0, 0, 0) == 0) {
			sleep(2);
			_exit(0);
		}
		_exit(setns(fd, CLONE_NEWUSER) == -1 && errno == EINVAL ? 0 : 1);
	}
	CHECK_EXIT("a shared cwd: EINVAL", wait_for(d), 0);
	d = fork();
	if (d == 0) {
		pthread_t th;
		pthread_create(&th, NULL, sleeper, NULL);
		_exit(setns(fd, CLONE_NEWUSER) == -1 && errno == EINVAL &&
		      unshare(CLONE_NEWUSER) == -1 && errno == EINVAL ? 0 : 1);
	}
	CHECK_EXIT("a threaded caller: setns and unshare EINVAL", wait_for(d), 0);
	int pfd = syscall(434, c, 0);
	d = fork();
	if (d == 0)
		_exit(setns(pfd, CLONE_NEWUSER | CLONE_NEWUTS) == 0 && getuid() == 65534 ? 0 : 1);
	CHECK_EXIT("setns(pidfd, CLONE_NEWUSER|CLONE_NEWUTS)", wait_for(d), 0);
	int self = syscall(434, getpid(), 0);
	d = fork();
	if (d == 0)
		_exit(setns(self, CLONE_NEWUSER) == -1 ? errno : 0);
	CHECK_EXIT("setns(own pidfd, CLONE_NEWUSER): EINVAL", wait_for(d), EINVAL);
	write(q[1], "g", 1);
	wait_for(c);
}

static volatile int got_uid = -2;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	(void)sig; (void)ctx;
	got_uid = (int)si->si_uid;
}

/* SCM_CREDENTIALS with uid and gid (pid: ours) over a socket pair: the
 * sendmsg result, and what the other end got in *out. */
static long send_creds(int sv[2], uid_t uid, gid_t gid, struct ucred *out)
{
	struct ucred c = { getpid(), uid, gid };
	char cbuf[CMSG_SPACE(sizeof c)], byte = 'x';
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_CREDENTIALS;
	h->cmsg_len = CMSG_LEN(sizeof c);
	memcpy(CMSG_DATA(h), &c, sizeof c);
	long r = sendmsg(sv[0], &m, 0);
	if (r < 0)
		return r;
	memset(cbuf, 0, sizeof cbuf);
	m.msg_controllen = sizeof cbuf;
	recvmsg(sv[1], &m, 0);
	h = CMSG_FIRSTHDR(&m);
	if (h && h->cmsg_type == SCM_CREDENTIALS)
		memcpy(out, CMSG_DATA(h), sizeof *out);
	return r;
}

/* Ids at the boundary, for uid 1000 (gid 100) as root of a namespace
 * that maps only those: files, chown, System V IPC, sockets, signals. */
static void boundary(void)
{
	int outer = open(".", O_RDONLY);
	(void)outer;
	int pre[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, pre);   /* its peer credentials: from outside */
	CHECK_OK0("unshare", unshare(CLONE_NEWUSER));
	map_self(1000, 100);
	int fd = open("mine", O_CREAT | O_WRONLY, 0644);
	CHECK("a file made inside", fd >= 0);
	struct stat sb;
	fstat(fd, &sb);
	CHECK("is root's inside", sb.st_uid == 0 && sb.st_gid == 0);
	CHECK_ERR("chown to an unmapped uid: EINVAL", fchown(fd, 5, -1), EINVAL);
	CHECK_ERR("chown to an unmapped gid: EINVAL", fchown(fd, -1, 5), EINVAL);
	CHECK_OK0("chown to itself", fchown(fd, 0, 0));
	CHECK_ERR("chown of a file outside: EPERM", chown("..", 0, 0), EPERM);
	CHECK_ERR("chmod of a file outside: EPERM", chmod("..", 0777), EPERM);
	int q = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	CHECK_OK0("msgctl(IPC_STAT)", msgctl(q, IPC_STAT, &ds));
	CHECK("its ipc_perm: uid 0, cuid 0, gid 0", ds.msg_perm.uid == 0 && ds.msg_perm.cuid == 0 &&
						    ds.msg_perm.gid == 0 && ds.msg_perm.cgid == 0);
	ds.msg_perm.uid = 5;
	CHECK_ERR("IPC_SET of an unmapped uid: EINVAL", msgctl(q, IPC_SET, &ds), EINVAL);
	msgctl(q, IPC_RMID, NULL);
	struct { long type; char c; } msg = { 1, 'x' };
	q = msgget(IPC_PRIVATE, 0);
	CHECK_ERR("a queue of mode 0 in the initial IPC namespace: EACCES", msgsnd(q, &msg, 1, IPC_NOWAIT), EACCES);
	msgctl(q, IPC_RMID, NULL);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct ucred pc;
	socklen_t l = sizeof pc;
	getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &pc, &l);
	CHECK("SO_PEERCRED: 0 0", pc.uid == 0 && pc.gid == 0);
	l = sizeof pc;
	getsockopt(pre[0], SOL_SOCKET, SO_PEERCRED, &pc, &l);
	CHECK("SO_PEERCRED of a peer from before: still 0 0 (the same ids)", pc.uid == 0 && pc.gid == 0);
	int on = 1;
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	struct ucred got = { 0, 77, 77 };
	CHECK_EQ("SCM_CREDENTIALS 0 0", send_creds(sv, 0, 0, &got), 1);
	CHECK("received as 0 0", got.uid == 0 && got.gid == 0);
	CHECK_ERR("SCM_CREDENTIALS of an unmapped uid: EINVAL", send_creds(sv, 5, 0, &got), EINVAL);
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("si_uid of our own kill: 0", got_uid, 0);
	close(fd);
}

static void boundary_outside(void)
{
	mkdir("u", 0777);
	chmod("u", 0777);
	chdir("u");
	in_child("uid 1000", become_dumpable_uid1000, boundary);
	struct stat sb;
	CHECK_OK0("outside: stat", stat("mine", &sb));
	CHECK("outside: uid 1000, gid 100", sb.st_uid == 1000 && sb.st_gid == 100);
}

/* A signal from outside: si_uid as the receiver's namespace sees it. */
static void signal_in(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
		sigaction(SIGUSR1, &sa, NULL);
		unshare(CLONE_NEWUSER);
		map_self(1000, 100);
		write(p[1], "u", 1);
		while (got_uid == -2)
			pause();
		_exit(got_uid == 0 ? 0 : 10 + got_uid);
	}
	char x;
	read(p[0], &x, 1);
	kill(c, SIGUSR1);
	CHECK_EXIT("uid 1000's kill: si_uid 0 inside", wait_for(c), 0);
	c = fork();
	if (c == 0) {
		struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
		sigaction(SIGUSR1, &sa, NULL);
		unshare(CLONE_NEWUSER);
		write(p[1], "u", 1);
		while (got_uid == -2)
			pause();
		_exit(got_uid == 65534 ? 0 : 1);
	}
	read(p[0], &x, 1);
	kill(c, SIGUSR1);
	CHECK_EXIT("unmapped: the overflow id", wait_for(c), 0);
}

static void signal_in_as(void) { in_child("uid 1000", become_dumpable_uid1000, signal_in); }

/* Mounts in a mount namespace a user's user namespace owns: the types
 * Linux allows there, the copied mounts locked. */
static void user_mounts(void)
{
	CHECK_OK0("unshare(USER|NS) as a user", unshare(CLONE_NEWUSER | CLONE_NEWNS));
	map_self(1000, 100);
	CHECK_OK0("mount tmpfs", mount("none", "m", "tmpfs", 0, NULL));
	CHECK_OK0("a file in it", put_file("m/f", "x", 1));
	CHECK_OK0("umount it", umount("m"));
	CHECK_OK0("mount ramfs", mount("none", "m", "ramfs", MS_NOSUID, NULL));
	CHECK_OK0("remount,bind without nosuid: its own, fine", mount(NULL, "m", NULL, MS_REMOUNT | MS_BIND, NULL));
	CHECK_OK0("umount it", umount("m"));
	CHECK_ERR("mount proc: EPERM (no pid namespace of its own)", mount("proc", "m", "proc", 0, NULL), EPERM);
	CHECK_ERR("umount of a copied mount: EINVAL", umount("locked"), EINVAL);
	CHECK_ERR("umount2(MNT_DETACH) too", umount2("locked", MNT_DETACH), EINVAL);
	CHECK_ERR("remount,bind dropping its nosuid: EPERM",
		  mount(NULL, "locked", NULL, MS_REMOUNT | MS_BIND | MS_NODEV, NULL), EPERM);
	CHECK_OK0("remount,bind keeping it", mount(NULL, "locked", NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_RDONLY, NULL));
	CHECK_OK0("and back to rw (read-only was not locked)",
		  mount(NULL, "locked", NULL, MS_REMOUNT | MS_BIND | MS_NOSUID, NULL));
	CHECK_ERR("MS_MOVE of it: EINVAL", mount("locked", "m", NULL, MS_MOVE, NULL), EINVAL);
	CHECK_OK0("a recursive bind of it", mount("locked", "m", NULL, MS_BIND | MS_REC, NULL));
	CHECK_OK0("and the bind may go", umount("m"));
	CHECK_ERR("umount of / : EINVAL", umount("/"), EINVAL);
}

static void mounts(void)
{
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		fail("private mount namespace", "%s", errname(errno));
		return;
	}
	mkdir("u", 0777);
	chmod("u", 0777);
	chdir("u");
	mkdir("m", 0777);
	mkdir("locked", 0777);
	CHECK_OK0("root mounts a ramfs, nosuid", mount("none", "locked", "ramfs", MS_NOSUID, NULL));
	chmod("locked", 0777);
	in_child("uid 1000", become_dumpable_uid1000, user_mounts);
	CHECK_OK0("outside it goes", umount("locked"));
}

/* A user and the namespace its child made: it may read the child's
 * namespace files (its owner holds CAP_SYS_PTRACE there), join it,
 * signal what runs there under other ids only as its owner. */
static void owner_rights(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		char x;
		unshare(CLONE_NEWUSER);
		map_self(1000, 100);
		write(p[1], "u", 1);
		read(q[0], &x, 1);
		_exit(0);
	}
	char x, path[64];
	read(p[0], &x, 1);
	snprintf(path, sizeof path, "/proc/%d/ns/user", c);
	int fd = open(path, O_RDONLY);
	CHECK("the owner opens the child's /proc/<pid>/ns/user", fd >= 0);
	snprintf(path, sizeof path, "/proc/%d/ns/uts", c);
	CHECK("and another of its links", ns_ino(path) != 0);
	pid_t d = fork();
	if (d == 0)
		_exit(setns(fd, CLONE_NEWUSER) == 0 && getuid() == 0 && eff_caps() == ALL ? 0 : 1);
	CHECK_EXIT("the owner joins it: root there", wait_for(d), 0);
	write(q[1], "g", 1);
	CHECK_EXIT("the child", wait_for(c), 0);
	CHECK_ERR("chroot(\".\") as a user: EPERM", chroot("."), EPERM);
	CHECK_OK0("unshare", unshare(CLONE_NEWUSER));
	map_self(1000, 100);
	CHECK_OK0("chroot(\".\") as root of a user namespace", chroot("."));
	CHECK_ERR("then no more user namespaces: EPERM", unshare(CLONE_NEWUSER), EPERM);
}

static void owner_rights_as(void) { in_child("uid 1000", become_dumpable_uid1000, owner_rights); }

/* An io_uring personality registered inside a user namespace carries
 * its capabilities there, not outside: used by its parent (uid 1000,
 * no capabilities) it cannot open root's private file. */
static void uring_personality(void)
{
	int fd = open("secret", O_CREAT | O_WRONLY, 0600);
	close(fd);
	struct ring r;
	if (ring_init(&r, 8, 0, 0)) {
		fail("ring", "%s", errname(errno));
		return;
	}
	pid_t c = fork();
	if (c == 0) {
		become_dumpable_uid1000();
		if (unshare(CLONE_NEWUSER))
			_exit(2);
		_exit(uring_register(r.fd, 9, NULL, 0) == 1 ? 0 : 1);
	}
	CHECK_EXIT("a personality registered in a user namespace", wait_for(c), 0);
	c = fork();
	if (c == 0) {
		become_dumpable_uid1000();
		struct sqe_ *q = ring_sqe(&r, OP_OPENAT, AT_FDCWD, 7);
		q->addr = U("secret");
		q->op_flags = O_RDONLY;
		q->personality = 1;
		ring_submit(&r, 1, 1, ENTER_GETEVENTS);
		struct cqe_ e = get1(&r);
		_exit(e.res == -EACCES ? 0 : e.res >= 0 ? 1 : 2);
	}
	CHECK_EXIT("used outside it: root's file stays closed (EACCES)", wait_for(c), 0);
	ring_exit(&r);
}

/* exec in a namespace: its root keeps every capability, another id
 * none. */
static void exec_caps(void)
{
	pid_t c = fork();
	if (c == 0) {
		unshare(CLONE_NEWUSER);
		execl("/proc/self/exe", "t_user_ns", "caps", (char *)0);
		_exit(9);
	}
	CHECK_EXIT("unmapped: exec drops every capability", wait_for(c), 0);
	c = fork();
	if (c == 0) {
		uid_t me = geteuid();
		unshare(CLONE_NEWUSER);
		char m[32];
		snprintf(m, sizeof m, "0 %d 1", (int)me);
		write_proc(0, "uid_map", m);
		execl("/proc/self/exe", "t_user_ns", "root", (char *)0);
		_exit(9);
	}
	CHECK_EXIT("its root: exec keeps them", wait_for(c), 0);
}

static void exec_caps_as(void) { in_child("uid 1000", become_dumpable_uid1000, exec_caps); }

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "caps"))
		return get_sets(0).e == 0 && get_sets(0).p == 0 ? 0 : 1;
	if (argc > 1 && !strcmp(argv[1], "root"))
		return get_sets(0).e == ALL && getuid() == 0 ? 0 : 1;
	caps_same_start();
	tdir_setup("t_user_ns");
	chdir(tdir);
	RUN(root_unshare);
	RUN(parent_view);
	RUN(parent_maps);
	RUN(map_syntax);
	RUN(map_lines);
	RUN(user_unshare_as);
	RUN(user_unshare_all_as);
	RUN(user_plain_as);
	RUN(user_time_ns_as);
	RUN(user_net_as);
	RUN(user_pid_as);
	RUN(by_clone);
	RUN(by_clone_as);
	RUN(limits);
	RUN(nesting);
	RUN(set_ns);
	RUN(exec_caps_as);
	RUN(boundary_outside);
	RUN(signal_in_as);
	RUN(mounts);
	RUN(owner_rights_as);
	RUN(uring_personality);
	return cases_failed ? 1 : 0;
}
