/* t_caps - capabilities, differential against Linux 6.1: capget(2) and
 * capset(2) (versions, errors, the rules of capset), prctl's
 * PR_CAPBSET_*, PR_*_SECUREBITS, PR_*_KEEPCAPS and PR_CAP_AMBIENT, what a
 * change of ids does to the sets, what an exec gives (root, a plain
 * user, ambient capabilities, set-user-id and set-group-id programs,
 * no_new_privs, AT_SECURE), /proc/<pid>/status and cap_last_cap, and
 * some of the checks that each capability now decides alone.
 * The host's root may lack capabilities a container took away (Docker's
 * bounding set has no CAP_SYS_RESOURCE): main first drops that one
 * everywhere, so both kernels start from the same sets. */
#include "caps.h"
#include <sys/prctl.h>
#include <sys/auxv.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/fsuid.h>
#include <sys/sysmacros.h>
#include <sched.h>
#include <sys/xattr.h>
#include <netinet/in.h>

static const char *self;

/* ---- capget, capset ---- */

static void cap_versions(void)
{
	struct __user_cap_header_struct h = { 0x12345678, 0 };
	CHECK_OK0("capget, an unknown version without data is a question", syscall(SYS_capget, &h, NULL));
	CHECK_EQ("the version preferred is written back", h.version, _LINUX_CAPABILITY_VERSION_3);
	struct __user_cap_data_struct d[2];
	h.version = 1;
	CHECK_SYSERR("capget, an unknown version with data", EINVAL, SYS_capget, &h, d);
	CHECK_EQ("  and the version is written back", h.version, _LINUX_CAPABILITY_VERSION_3);
	h.version = 1;
	CHECK_SYSERR("capset, an unknown version", EINVAL, SYS_capset, &h, d);
	CHECK_EQ("  written back too", h.version, _LINUX_CAPABILITY_VERSION_3);
	memset(d, 0xAA, sizeof d);
	CHECK_OK0("capget v1", capget_v(_LINUX_CAPABILITY_VERSION_1, 0, d));
	CHECK_EQ("  v1, the low 32 bits", d[0].effective, (uint32_t)BASE);
	CHECK_EQ("  v1, the second word untouched", d[1].effective, 0xAAAAAAAAu);
	CHECK_OK0("capget v2", capget_v(_LINUX_CAPABILITY_VERSION_2, 0, d));
	CHECK_EQ("  v2, the high bits", d[1].permitted, (uint32_t)(BASE >> 32));
	struct sets s = get_sets(0);
	CHECK_EQ("v3, effective", s.e, BASE);
	CHECK_EQ("v3, permitted", s.p, BASE);
	CHECK_EQ("v3, inheritable", s.i, 0);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	CHECK_SYSERR("capget, a bad data pointer", EFAULT, SYS_capget, &h, (void *)16);
	CHECK_SYSERR("capget, a bad header", EFAULT, SYS_capget, (void *)16, d);
	CHECK_SYSERR("capset, a bad header", EFAULT, SYS_capset, (void *)16, d);
	CHECK_SYSERR("capset, a bad data pointer", EFAULT, SYS_capset, &h, (void *)16);
	h.pid = -1;
	CHECK_SYSERR("capget, a negative pid", EINVAL, SYS_capget, &h, d);
}

static void cap_other_tasks(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		set_sets(B(CAP_KILL), B(CAP_KILL) | B(CAP_CHOWN), B(CAP_CHOWN));
		close(p[0]);
		write(p[1], "x", 1);
		pause();
		_exit(0);
	}
	close(p[1]);
	char c;
	read(p[0], &c, 1);
	struct sets s = get_sets(pid);
	CHECK_EQ("capget of a child, effective", s.e, B(CAP_KILL));
	CHECK_EQ("capget of a child, permitted", s.p, B(CAP_KILL) | B(CAP_CHOWN));
	CHECK_EQ("capget of a child, inheritable", s.i, B(CAP_CHOWN));
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, pid };
	struct __user_cap_data_struct d[2] = { { 0 } };
	CHECK_SYSERR("capset of another process", EPERM, SYS_capset, &h, d);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_SYSERR("capget of a reaped child", ESRCH, SYS_capget, &h, d);
	h.pid = getpid();
	CHECK_OK0("capget with one's own pid", syscall(SYS_capget, &h, d));
}

static void cap_set_rules(void)
{
	CHECK_OK0("capset, the same sets", set_sets(BASE, BASE, 0));
	CHECK_ERR("capset, effective outside permitted", set_sets(BASE, BASE & ~B(CAP_KILL), 0), EPERM);
	CHECK_OK0("capset, permitted shrinks", set_sets(BASE & ~B(CAP_KILL), BASE & ~B(CAP_KILL), 0));
	CHECK_ERR("capset, permitted may not grow back", set_sets(BASE, BASE, 0), EPERM);
	CHECK_OK0("capset, bits above CAP_LAST_CAP are ignored", set_sets(~0ull & ~B(CAP_KILL) & ~B(CAP_SYS_RESOURCE),
			~0ull & ~B(CAP_KILL) & ~B(CAP_SYS_RESOURCE), 0));
	CHECK_EQ("  read back without them", get_sets(0).p, BASE & ~B(CAP_KILL));
	CHECK_OK0("capset, inheritable outside permitted, with CAP_SETPCAP", set_sets(BASE & ~B(CAP_KILL),
			BASE & ~B(CAP_KILL), B(CAP_KILL)));
	CHECK_ERR("capset, inheritable outside bounding", set_sets(BASE & ~B(CAP_KILL), BASE & ~B(CAP_KILL),
			B(CAP_KILL) | B(CAP_SYS_RESOURCE)), EPERM);
	unsigned long long p = BASE & ~B(CAP_KILL) & ~B(CAP_SETPCAP);
	CHECK_OK0("capset, drop CAP_SETPCAP", set_sets(p, p, B(CAP_KILL)));
	CHECK_OK0("  an inheritable bit already held stays", set_sets(p, p, B(CAP_KILL)));
	CHECK_ERR("  a new one outside permitted, EPERM", set_sets(p, p, B(CAP_KILL) | B(CAP_SETPCAP)), EPERM);
	CHECK_OK0("  one inside permitted is fine", set_sets(p, p, B(CAP_KILL) | B(CAP_CHOWN)));
	CHECK_OK0("v1 capset zeroes the high words", ({
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_1, 0 };
		struct __user_cap_data_struct d = { (uint32_t)p, (uint32_t)p, 0 };
		syscall(SYS_capset, &h, &d); }));
	CHECK_EQ("  permitted lost its high bits", get_sets(0).p, p & 0xffffffffull);
}

/* ---- prctl ---- */

static void cap_bounding(void)
{
	CHECK_EQ("PR_CAPBSET_READ of a held one", prctl(PR_CAPBSET_READ, CAP_KILL), 1);
	CHECK_EQ("PR_CAPBSET_READ of CAP_SYS_RESOURCE (dropped by main)", prctl(PR_CAPBSET_READ, CAP_SYS_RESOURCE), 0);
	CHECK_ERR("PR_CAPBSET_READ past CAP_LAST_CAP", prctl(PR_CAPBSET_READ, CAP_LAST_CAP + 1), EINVAL);
	CHECK_ERR("PR_CAPBSET_READ of -1", prctl(PR_CAPBSET_READ, -1), EINVAL);
	CHECK_ERR("PR_CAPBSET_DROP past CAP_LAST_CAP", prctl(PR_CAPBSET_DROP, CAP_LAST_CAP + 1), EINVAL);
	CHECK_OK0("PR_CAPBSET_DROP CAP_KILL", prctl(PR_CAPBSET_DROP, CAP_KILL));
	CHECK_EQ("  gone from bounding", prctl(PR_CAPBSET_READ, CAP_KILL), 0);
	CHECK_EQ("  still effective", get_sets(0).e, BASE);
	CHECK_OK0("PR_CAPBSET_DROP twice", prctl(PR_CAPBSET_DROP, CAP_KILL));
	set_sets(BASE & ~B(CAP_SETPCAP), BASE & ~B(CAP_SETPCAP), 0);
	CHECK_ERR("PR_CAPBSET_DROP without CAP_SETPCAP", prctl(PR_CAPBSET_DROP, CAP_CHOWN), EPERM);
	CHECK_ERR("  EPERM before EINVAL", prctl(PR_CAPBSET_DROP, 99), EPERM);
}

static void cap_securebits(void)
{
	CHECK_EQ("PR_GET_SECUREBITS starts at 0", prctl(PR_GET_SECUREBITS), 0);
	CHECK_EQ("PR_GET_KEEPCAPS 0", prctl(PR_GET_KEEPCAPS), 0);
	CHECK_OK0("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1));
	CHECK_EQ("  it is SECBIT_KEEP_CAPS", prctl(PR_GET_SECUREBITS), SECBIT_KEEP_CAPS);
	CHECK_ERR("PR_SET_KEEPCAPS 2", prctl(PR_SET_KEEPCAPS, 2), EINVAL);
	/* bit 13: unknown to both (6.14 gave meanings to bits 8-11) */
	CHECK_ERR("PR_SET_SECUREBITS, an unknown bit", prctl(PR_SET_SECUREBITS, 1 << 13), EPERM);
	CHECK_OK0("PR_SET_SECUREBITS, NOROOT and KEEP_CAPS_LOCKED",
		  prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_KEEP_CAPS_LOCKED));
	CHECK_EQ("  read back", prctl(PR_GET_SECUREBITS), SECBIT_NOROOT | SECBIT_KEEP_CAPS_LOCKED);
	CHECK_ERR("PR_SET_KEEPCAPS when locked", prctl(PR_SET_KEEPCAPS, 1), EPERM);
	CHECK_ERR("PR_SET_SECUREBITS, a lock taken off", prctl(PR_SET_SECUREBITS, SECBIT_NOROOT), EPERM);
	CHECK_ERR("PR_SET_SECUREBITS, a locked bit changed",
		  prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_KEEP_CAPS_LOCKED | SECBIT_KEEP_CAPS), EPERM);
	CHECK_OK0("PR_SET_SECUREBITS, an unlocked bit changed",
		  prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS_LOCKED));
	set_sets(BASE & ~B(CAP_SETPCAP), BASE & ~B(CAP_SETPCAP), 0);
	CHECK_ERR("PR_SET_SECUREBITS without CAP_SETPCAP", prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS_LOCKED), EPERM);
	pid_t pid = fork();
	if (pid == 0)
		_exit(prctl(PR_GET_SECUREBITS));
	CHECK_EXIT("a child inherits the securebits", wait_for(pid), SECBIT_KEEP_CAPS_LOCKED);
}

static void cap_ambient(void)
{
	int nb = CAP_NET_BIND_SERVICE;
	CHECK_EQ("ambient, IS_SET 0", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, nb, 0, 0), 0);
	CHECK_ERR("ambient, RAISE without inheritable", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, nb, 0, 0), EPERM);
	CHECK_ERR("ambient, a bad capability", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 64, 0, 0), EINVAL);
	CHECK_ERR("ambient, arg4 set", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, nb, 1, 0), EINVAL);
	CHECK_ERR("ambient, an unknown op", prctl(PR_CAP_AMBIENT, 9, nb, 0, 0), EINVAL);
	CHECK_ERR("ambient, CLEAR_ALL with an argument", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 1, 0, 0), EINVAL);
	set_sets(BASE, BASE, B(nb) | B(CAP_KILL));
	CHECK_OK0("ambient, RAISE", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, nb, 0, 0));
	CHECK_OK0("ambient, RAISE CAP_KILL", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_KILL, 0, 0));
	CHECK_EQ("ambient, IS_SET 1", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, nb, 0, 0), 1);
	CHECK_OK0("ambient, LOWER", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, nb, 0, 0));
	CHECK_EQ("  gone", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, nb, 0, 0), 0);
	CHECK_OK0("capset dropping CAP_KILL from inheritable", set_sets(BASE, BASE, B(nb)));
	CHECK_EQ("  takes it out of ambient", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_KILL, 0, 0), 0);
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, nb, 0, 0);
	CHECK_OK0("ambient, CLEAR_ALL", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0));
	CHECK_EQ("  gone", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, nb, 0, 0), 0);
	prctl(PR_SET_SECUREBITS, SECBIT_NO_CAP_AMBIENT_RAISE);
	CHECK_ERR("ambient, RAISE under SECBIT_NO_CAP_AMBIENT_RAISE",
		  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, nb, 0, 0), EPERM);
}

/* ---- changes of ids ---- */

static void cap_setuid(void)
{
	CHECK_OK0("setuid(1000) as root", setuid(1000));
	struct sets s = get_sets(0);
	CHECK_EQ("  clears effective", s.e, 0);
	CHECK_EQ("  clears permitted", s.p, 0);
	CHECK_ERR("  and setuid(0) is refused", setuid(0), EPERM);
}

static void cap_keepcaps(void)
{
	set_sets(BASE, BASE, B(CAP_CHOWN));
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0);
	prctl(PR_SET_KEEPCAPS, 1);
	CHECK_OK0("setresuid(1000, 1000, 1000) with keepcaps", setresuid(1000, 1000, 1000));
	struct sets s = get_sets(0);
	CHECK_EQ("  effective cleared", s.e, 0);
	CHECK_EQ("  permitted kept", s.p, BASE);
	CHECK_EQ("  inheritable kept", s.i, B(CAP_CHOWN));
	CHECK_EQ("  ambient cleared", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0), 0);
	CHECK_OK0("capset, effective back from permitted", set_sets(B(CAP_SETUID), BASE, 0));
	CHECK_OK0("  and CAP_SETUID lets it be root again", setuid(0));
	CHECK_EQ("  euid 0 again fills effective from permitted", get_sets(0).e, BASE);
}

static void cap_seteuid(void)
{
	CHECK_OK0("seteuid(1000)", seteuid(1000));
	struct sets s = get_sets(0);
	CHECK_EQ("  clears effective", s.e, 0);
	CHECK_EQ("  keeps permitted", s.p, BASE);
	CHECK_ERR("  no CAP_CHOWN", chown("/", 0, 0), EPERM);
	CHECK_OK0("seteuid(0)", seteuid(0));
	CHECK_EQ("  effective = permitted again", get_sets(0).e, BASE);
}

#define FS_CAPS (B(CAP_CHOWN) | B(CAP_DAC_OVERRIDE) | B(CAP_DAC_READ_SEARCH) | B(CAP_FOWNER) | \
		 B(CAP_FSETID) | B(CAP_LINUX_IMMUTABLE) | B(CAP_MKNOD) | B(CAP_MAC_OVERRIDE))

static void cap_setfsuid(void)
{
	setfsuid(1000);
	struct sets s = get_sets(0);
	CHECK_EQ("setfsuid(1000), the file capabilities leave effective", s.e, BASE & ~FS_CAPS);
	CHECK_EQ("  permitted kept", s.p, BASE);
	set_sets(BASE & ~B(CAP_MKNOD), BASE, 0);
	setfsuid(0);
	CHECK_EQ("setfsuid(0), they come back (even one dropped by hand)", get_sets(0).e, BASE);
	set_sets(BASE & ~B(CAP_KILL), BASE, 0);
	setfsuid(1000);
	CHECK_OK0("setresuid(0,0,0) with fsuid 1000", setresuid(0, 0, 0));
	CHECK_EQ("  does not raise the file ones again", get_sets(0).e, BASE & ~FS_CAPS & ~B(CAP_KILL));
	prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP);
	setresuid(1000, 1000, 1000);
	s = get_sets(0);
	CHECK_EQ("SECBIT_NO_SETUID_FIXUP, setresuid(1000...) keeps permitted", s.p, BASE);
}

/* ---- the checks ---- */

static void cap_checks(void)
{
	int fd = open(P("secret"), O_CREAT | O_WRONLY, 0);
	close(fd);
	chown(P("secret"), 1234, 1234);
	set_sets(BASE & ~B(CAP_DAC_OVERRIDE), BASE, 0);
	CHECK_OK("CAP_DAC_READ_SEARCH alone, reads a 0000 file", fd = open(P("secret"), O_RDONLY));
	close(fd);
	CHECK_ERR("  but may not write it", open(P("secret"), O_WRONLY), EACCES);
	set_sets(BASE & ~B(CAP_DAC_READ_SEARCH), BASE, 0);
	CHECK_OK("CAP_DAC_OVERRIDE alone, writes it", fd = open(P("secret"), O_RDWR));
	close(fd);
	CHECK_ERR("  but does not execute a file with no x bit", access(P("secret"), X_OK), EACCES);
	set_sets(BASE & ~B(CAP_DAC_READ_SEARCH) & ~B(CAP_DAC_OVERRIDE), BASE, 0);
	CHECK_ERR("neither, no read", open(P("secret"), O_RDONLY), EACCES);
	set_sets(BASE & ~B(CAP_FOWNER), BASE, 0);
	CHECK_ERR("no CAP_FOWNER, chmod of another's file", chmod(P("secret"), 0644), EPERM);
	set_sets(BASE & ~B(CAP_CHOWN), BASE, 0);
	CHECK_ERR("no CAP_CHOWN, chown", chown(P("secret"), 0, 0), EPERM);
	set_sets(BASE & ~B(CAP_FSETID), BASE, 0);
	chmod(P("secret"), 02755);
	CHECK_MODE("no CAP_FSETID, chmod g+s of a group not ours drops it", st_of(P("secret")).st_mode & 07777, 0755);
	set_sets(BASE & ~B(CAP_MKNOD), BASE, 0);
	CHECK_ERR("no CAP_MKNOD, a character device", mknod(P("dev"), S_IFCHR | 0600, makedev(1, 3)), EPERM);
	CHECK_OK0("  a FIFO is fine", mknod(P("fifo"), S_IFIFO | 0600, 0));
	set_sets(BASE & ~B(CAP_SYS_CHROOT), BASE, 0);
	CHECK_ERR("no CAP_SYS_CHROOT, chroot", chroot("/"), EPERM);
	set_sets(BASE & ~B(CAP_SYS_ADMIN), BASE, 0);
	CHECK_ERR("no CAP_SYS_ADMIN, sethostname", sethostname("x", 1), EPERM);
	set_sets(BASE & ~B(CAP_SETUID), BASE, 0);
	CHECK_ERR("no CAP_SETUID, setuid(1000)", setuid(1000), EPERM);
	set_sets(BASE & ~B(CAP_SETGID), BASE, 0);
	CHECK_ERR("no CAP_SETGID, setgroups", setgroups(0, NULL), EPERM);
	set_sets(BASE & ~B(CAP_NET_BIND_SERVICE), BASE, 0);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(81), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	CHECK_ERR("no CAP_NET_BIND_SERVICE, bind to port 81", bind(s, (struct sockaddr *)&a, sizeof a), EACCES);
	close(s);
	set_sets(BASE & ~B(CAP_NET_RAW), BASE, 0);
	CHECK_ERR("no CAP_NET_RAW, a raw socket", socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), EPERM);
	set_sets(BASE & ~B(CAP_IPC_OWNER), BASE, 0);
	int q = msgget(IPC_PRIVATE, 0);
	struct msqid_ds ds;
	CHECK_ERR("no CAP_IPC_OWNER, IPC_STAT of a 0000 queue", msgctl(q, IPC_STAT, &ds), EACCES);
	set_sets(BASE, BASE, 0);
	CHECK_OK0("  with it, it may", msgctl(q, IPC_STAT, &ds));
	msgctl(q, IPC_RMID, NULL);
}

static void cap_kill(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setresuid(1234, 1234, 1234);
		pause();
		_exit(0);
	}
	while (get_sets(pid).p)                 /* until the child has its ids */
		sched_yield();
	set_sets(BASE & ~B(CAP_KILL), BASE, 0);
	CHECK_ERR("no CAP_KILL, kill another user's process", kill(pid, SIGKILL), EPERM);
	set_sets(BASE, BASE, 0);
	CHECK_OK0("  with it, it may", kill(pid, SIGKILL));
	wait_for(pid);
}

/* ---- exec ---- */

/* Runs self with "report WHO" after prep, in a child; waits. */
static void exec_report(const char *who, void (*prep)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		prep();
		execl(self, self, "report", who, (char *)NULL);
		say("[FAIL] %s: exec: %s\n", who, errname(errno));
		_exit(1);
	}
	CHECK_EXIT(who, wait_for(pid), 0);
}

static void prep_root(void) { }
static void prep_bset(void) { prctl(PR_CAPBSET_DROP, CAP_KILL); set_sets(B(CAP_CHOWN), B(CAP_CHOWN), 0); }
static void prep_inh(void) { set_sets(0, 0, B(CAP_CHOWN)); }
static void prep_user(void) { setresuid(1000, 1000, 1000); }
static void prep_euid(void) { setresuid(0, 1000, 0); }
static void prep_ambient(void)
{
	prctl(PR_SET_KEEPCAPS, 1);
	setresuid(1000, 1000, 1000);
	set_sets(B(CAP_NET_BIND_SERVICE), B(CAP_NET_BIND_SERVICE) | B(CAP_KILL), B(CAP_NET_BIND_SERVICE));
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0, 0);
}
static void prep_noroot(void) { prctl(PR_SET_SECUREBITS, SECBIT_NOROOT); }

static void cap_exec(void)
{
	exec_report("exec by root", prep_root);
	exec_report("exec by root with CAP_KILL out of bounding", prep_bset);
	exec_report("exec by root with inheritable only", prep_inh);
	exec_report("exec by uid 1000", prep_user);
	exec_report("exec by root with euid 1000", prep_euid);
	exec_report("exec with an ambient capability", prep_ambient);
	exec_report("exec by root under SECBIT_NOROOT", prep_noroot);
}

/* A copy of this program owned by uid (gid) with mode. */
static void setid_copy(const char *path, int uid, int gid, int mode)
{
	int in = open(self, O_RDONLY), out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0700);
	char buf[8192];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	chown(path, uid, gid);
	chmod(path, mode);
}

static const char *setid_path;
static void prep_2000(void) { setgroups(0, NULL); setresgid(2000, 2000, 2000); setresuid(2000, 2000, 2000); }
static void prep_2000_nnp(void) { prep_2000(); prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }

static void exec_setid(const char *who, void (*prep)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		prep();
		execl(setid_path, setid_path, "report", who, (char *)NULL);
		say("[FAIL] %s: exec: %s\n", who, errname(errno));
		_exit(1);
	}
	CHECK_EXIT(who, wait_for(pid), 0);
}

static void cap_setid_exec(void)
{
	chmod(tdir, 0755);
	setid_path = P("setuid-root");
	setid_copy(setid_path, 0, 0, 04755);
	exec_setid("set-user-id root program run by uid 2000", prep_2000);
	exec_setid("the same under no_new_privs", prep_2000_nnp);
	setid_path = P("setuid-1000");
	setid_copy(setid_path, 1000, 1000, 06755);
	exec_setid("set-user-id and set-group-id 1000 program run by uid 2000", prep_2000);
	exec_setid("set-user-id 1000 program run by root", prep_root);
	setid_path = P("setgid-noexec");
	setid_copy(setid_path, 1000, 1000, 02745);
	exec_setid("set-group-id without group execute", prep_2000);
}

/* ---- file capabilities ---- */

static struct vfs_ns_cap_data fcap(uint32_t magic, uint64_t p, uint64_t i, uint32_t rootid)
{
	struct vfs_ns_cap_data v = { magic, { { (uint32_t)p, (uint32_t)i }, { (uint32_t)(p >> 32), (uint32_t)(i >> 32) } }, rootid };
	return v;
}

static void cap_fcaps_xattr(void)
{
	const char *f = P("file");
	close(open(f, O_CREAT | O_WRONLY, 0755));
	struct vfs_ns_cap_data v = fcap(VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE, B(CAP_KILL), 0, 0), r;
	CHECK_ERR("setxattr, a v2 header of a v3 size", setxattr(f, XCAPS, &v, 24, 0), EINVAL);
	CHECK_ERR("setxattr, a size of no revision", setxattr(f, XCAPS, &v, 16, 0), EINVAL);
	struct vfs_ns_cap_data v1 = fcap(VFS_CAP_REVISION_1, B(CAP_KILL), 0, 0);
	CHECK_ERR("setxattr, revision 1", setxattr(f, XCAPS, &v1, 12, 0), EINVAL);
	CHECK_OK0("setxattr, v2", setxattr(f, XCAPS, &v, 20, 0));
	memset(&r, 0, sizeof r);
	CHECK_EQ("getxattr, v2 as written", getxattr(f, XCAPS, &r, sizeof r), 20);
	CHECK(" same bytes", !memcmp(&r, &v, 20));
	CHECK_ERR("getxattr, a short buffer", getxattr(f, XCAPS, &r, 8), ERANGE);
	v = fcap(VFS_CAP_REVISION_3 | VFS_CAP_FLAGS_EFFECTIVE, B(CAP_CHOWN), B(CAP_KILL), 0);
	CHECK_OK0("setxattr, v3 with root id 0", setxattr(f, XCAPS, &v, 24, 0));
	memset(&r, 0, sizeof r);
	CHECK_EQ("getxattr, read back as v2", getxattr(f, XCAPS, &r, sizeof r), 20);
	CHECK_EQ(" magic", r.magic_etc, VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE);
	CHECK_EQ(" permitted", r.data[0].permitted, B(CAP_CHOWN));
	CHECK_EQ(" inheritable", r.data[0].inheritable, B(CAP_KILL));
	CHECK_EQ("getxattr size only", getxattr(f, XCAPS, NULL, 0), 20);
	v = fcap(VFS_CAP_REVISION_3, B(CAP_CHOWN), 0, 1000);
	CHECK_OK0("setxattr, v3 with root id 1000", setxattr(f, XCAPS, &v, 24, 0));
	memset(&r, 0, sizeof r);
	CHECK_EQ("getxattr, read back as v3", getxattr(f, XCAPS, &r, sizeof r), 24);
	CHECK_EQ(" root id", r.rootid, 1000);
	v.rootid = 0xFFFFFFFFu;
	CHECK_ERR("setxattr, v3 with root id -1", setxattr(f, XCAPS, &v, 24, 0), EINVAL);
	set_sets(BASE & ~B(CAP_SETFCAP), BASE, 0);
	v = fcap(VFS_CAP_REVISION_2, B(CAP_KILL), 0, 0);
	CHECK_ERR("setxattr without CAP_SETFCAP", setxattr(f, XCAPS, &v, 20, 0), EPERM);
	CHECK_ERR(" with a bad size, EINVAL first", setxattr(f, XCAPS, &v, 21, 0), EINVAL);
	CHECK_ERR("removexattr without CAP_SETFCAP", removexattr(f, XCAPS), EPERM);
	set_sets(BASE & ~B(CAP_SYS_ADMIN), BASE, 0);
	CHECK_OK0("setxattr without CAP_SYS_ADMIN (only CAP_SETFCAP matters)", setxattr(f, XCAPS, &v, 20, 0));
	CHECK_OK0("removexattr", removexattr(f, XCAPS));
	CHECK_ERR(" gone", getxattr(f, XCAPS, &r, sizeof r), ENODATA);
}

static void cap_fcaps_killed(void)
{
	const char *f = P("file");
	struct vfs_ns_cap_data v = fcap(VFS_CAP_REVISION_2, B(CAP_KILL), 0, 0), r;
	int fd = open(f, O_CREAT | O_RDWR, 0755);
	setxattr(f, XCAPS, &v, 20, 0);
	CHECK_EQ("a write of 0 bytes keeps file capabilities", (write(fd, "", 0), getxattr(f, XCAPS, &r, sizeof r)), 20);
	write(fd, "x", 1);
	CHECK_ERR("a write by root takes them", getxattr(f, XCAPS, &r, sizeof r), ENODATA);
	setxattr(f, XCAPS, &v, 20, 0);
	ftruncate(fd, 0);
	CHECK_ERR("ftruncate takes them", getxattr(f, XCAPS, &r, sizeof r), ENODATA);
	setxattr(f, XCAPS, &v, 20, 0);
	chown(f, -1, -1);
	CHECK_ERR("chown(-1, -1) takes them", getxattr(f, XCAPS, &r, sizeof r), ENODATA);
	setxattr(f, XCAPS, &v, 20, 0);
	chmod(f, 0700);
	CHECK_EQ("chmod keeps them", getxattr(f, XCAPS, &r, sizeof r), 20);
	close(fd);
	mkdir(P("dir"), 0755);
	CHECK_OK0("setxattr on a directory", setxattr(P("dir"), XCAPS, &v, 20, 0));
	chown(P("dir"), 1000, 1000);
	CHECK_EQ("chown of a directory keeps them", getxattr(P("dir"), XCAPS, &r, sizeof r), 20);
}

static void fcap_file(const char *path, uint32_t magic, uint64_t p, uint64_t i, uint32_t rootid)
{
	setid_copy(path, 0, 0, 0755);
	struct vfs_ns_cap_data v = fcap(magic, p, i, rootid);
	if (setxattr(path, XCAPS, &v, (magic & VFS_CAP_REVISION_3) == VFS_CAP_REVISION_3 ? 24 : 20, 0) < 0)
		say("[FAIL] setxattr %s: %s\n", path, errname(errno));
}

static void prep_2000_inh(void)
{
	prctl(PR_SET_KEEPCAPS, 1);
	prep_2000();
	set_sets(0, B(CAP_CHOWN) | B(CAP_NET_BIND_SERVICE), B(CAP_CHOWN) | B(CAP_NET_BIND_SERVICE));
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0, 0);
}

static void cap_fcaps_exec(void)
{
	chmod(tdir, 0755);
	setid_path = P("fcap-eff");
	fcap_file(setid_path, VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE, B(CAP_KILL) | B(CAP_SYS_TIME), 0, 0);
	exec_setid("file capabilities with the effective bit, by uid 2000", prep_2000);
	exec_setid(" the same under no_new_privs", prep_2000_nnp);
	exec_setid(" the same by root", prep_root);
	setid_path = P("fcap-noeff");
	fcap_file(setid_path, VFS_CAP_REVISION_2, B(CAP_KILL), B(CAP_CHOWN), 0);
	exec_setid("file capabilities without the effective bit, by uid 2000", prep_2000);
	exec_setid(" by uid 2000 with inheritable and ambient ones", prep_2000_inh);
	setid_path = P("fcap-v3-root0");
	fcap_file(setid_path, VFS_CAP_REVISION_3 | VFS_CAP_FLAGS_EFFECTIVE, B(CAP_KILL), 0, 0);
	exec_setid("v3 file capabilities of root id 0", prep_2000);
	setid_path = P("fcap-v3-root1000");
	fcap_file(setid_path, VFS_CAP_REVISION_3 | VFS_CAP_FLAGS_EFFECTIVE, B(CAP_KILL), 0, 1000);
	exec_setid("v3 file capabilities of root id 1000 count for nothing", prep_2000);
	setid_path = P("fcap-suid");
	fcap_file(setid_path, VFS_CAP_REVISION_2, B(CAP_KILL), 0, 0);
	chmod(setid_path, 04755);
	exec_setid("a set-user-id-root program with file capabilities, by uid 2000", prep_2000);
}

static void cap_fcaps_eperm(void)
{
	fcap_file(P("needs-kill"), VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE, B(CAP_KILL), 0, 0);
	fcap_file(P("empty"), VFS_CAP_REVISION_2, 0, 0, 0);
	setxattr(P("empty"), XCAPS, "", 0, 0);
	prctl(PR_CAPBSET_DROP, CAP_KILL);
	prep_2000();
	char *argv[] = { "x", "report", "never", NULL };
	CHECK_ERR("exec of an effective file whose capability bounding lacks", execv(P("needs-kill"), argv), EPERM);
	CHECK_ERR("exec of an empty security.capability", execv(P("empty"), argv), EINVAL);
}

/* ---- /proc ---- */

static void cap_proc(void)
{
	char buf[64];
	CHECK_STR("cap_last_cap", (file_string("/proc/sys/kernel/cap_last_cap", buf, sizeof buf, true), buf), "40\n");
	prctl(PR_CAPBSET_DROP, CAP_SETFCAP);
	set_sets(B(CAP_KILL), B(CAP_KILL) | B(CAP_CHOWN), B(CAP_CHOWN));
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0);
	static char st[4096], want[256];
	snprintf(want, sizeof want, "CapInh:\t0000000000000001\nCapPrm:\t0000000000000021\n"
		 "CapEff:\t0000000000000020\nCapBnd:\t%016llx\nCapAmb:\t0000000000000001\n",
		 BASE & ~B(CAP_SETFCAP));
	read_all("/proc/self/status", st, sizeof st);
	char *c = strstr(st, "CapInh:");
	char *end = c ? strstr(c, "NoNewPrivs") : NULL;
	if (end)
		*end = 0;
	CHECK_STR("/proc/self/status", c ? c : "", want);
}

/* The exec'd program: its ids, sets, AT_SECURE, and whether it may use
 * what it has, as one line. */
static int exec_report_main(const char *who)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	struct sets c = get_sets(0);
	say("%s: uids %d %d %d gids %d %d %d secure %lu eff %llx prm %llx inh %llx amb %d%d keep %d dumpable %d\n",
	    who, r, e, s, gr, ge, gs, getauxval(AT_SECURE), c.e, c.p, c.i,
	    (int)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_BIND_SERVICE, 0, 0),
	    (int)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0),
	    (int)prctl(PR_GET_KEEPCAPS), (int)prctl(PR_GET_DUMPABLE));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "report"))
		return exec_report_main(argv[2]);
	self = "/proc/self/exe";
	static char exe[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		self = exe;
	}
	caps_same_start();
	tdir_setup("t_caps");
	RUN(cap_versions);
	RUN(cap_other_tasks);
	RUN(cap_set_rules);
	RUN(cap_bounding);
	RUN(cap_securebits);
	RUN(cap_ambient);
	RUN(cap_setuid);
	RUN(cap_keepcaps);
	RUN(cap_seteuid);
	RUN(cap_setfsuid);
	RUN(cap_checks);
	RUN(cap_kill);
	RUN(cap_exec);
	RUN(cap_setid_exec);
	RUN(cap_fcaps_xattr);
	RUN(cap_fcaps_killed);
	RUN(cap_fcaps_exec);
	RUN(cap_fcaps_eperm);
	RUN(cap_proc);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
