/* t_acct - acct(2), BSD process accounting, differential against Linux 6.1
 * (CONFIG_BSD_PROCESS_ACCT_V3): who may turn it on (CAP_SYS_PACCT, before
 * any other check), the errors of the file named, then the records
 * (struct acct_v3, acct(5)) of processes that end: version, flags (AFORK,
 * ASU, AXSIG), exit status, ids, parent, terminal, command name, and
 * times that make sense; none once it is off; a second file replaces
 * the first. Records of other processes (the host's own) are skipped:
 * only our children's pids are looked at. */
#include "caps.h"
#include <sys/prctl.h>

struct acct_v3 {
	char ac_flag, ac_version;
	uint16_t ac_tty;
	uint32_t ac_exitcode, ac_uid, ac_gid, ac_pid, ac_ppid, ac_btime;
	float ac_etime;
	uint16_t ac_utime, ac_stime, ac_mem, ac_io, ac_rw, ac_minflt, ac_majflt, ac_swaps;
	char ac_comm[16];
};
#define AFORK 0x01
#define ASU 0x02
#define ACORE 0x08
#define AXSIG 0x10

static void acct_errors(void)
{
	CHECK_OK0("acct(NULL) while off", syscall(SYS_acct, NULL));
	CHECK_SYSERR("acct of a bad pointer", EFAULT, SYS_acct, (void *)16);
	CHECK_SYSERR("acct of an empty name", ENOENT, SYS_acct, "");
	CHECK_SYSERR("acct of a missing file", ENOENT, SYS_acct, P("none"));
	CHECK_SYSERR("acct of a directory", EISDIR, SYS_acct, tdir);
	CHECK_SYSERR("acct of /dev/null (not a regular file)", EACCES, SYS_acct, "/dev/null");
	mk("ro", "");
	chmod(P("ro"), 0444);
	drop_cap(CAP_DAC_OVERRIDE);
	CHECK_SYSERR("acct of a read-only file without CAP_DAC_OVERRIDE", EACCES, SYS_acct, P("ro"));
	drop_cap(CAP_SYS_PACCT);
	CHECK_SYSERR("acct without CAP_SYS_PACCT", EPERM, SYS_acct, P("ro"));
	CHECK_SYSERR("  EPERM before EFAULT", EPERM, SYS_acct, (void *)16);
	CHECK_SYSERR("  and to turn it off", EPERM, SYS_acct, NULL);
}

static void not_root(void)
{
	CHECK_SYSERR("acct as uid 1000", EPERM, SYS_acct, NULL);
}

static void acct_nonroot(void)
{
	as_uid1000(not_root);
}

/* acct(5)'s comp_t: 13 bits of mantissa, 3 of base-8 exponent. */
static unsigned long comp(uint16_t v)
{
	return (unsigned long)(v & 0x1FFF) << (3 * (v >> 13));
}

/* The record of pid in file path, printed without what differs between
 * kernels (times only as "sane"). */
static void show(const char *path, const char *what, pid_t pid, time_t t0)
{
	int fd = open(path, O_RDONLY);
	struct acct_v3 a;
	int found = 0;
	while (read(fd, &a, sizeof a) == (ssize_t)sizeof a) {
		if ((pid_t)a.ac_pid != pid)
			continue;
		found++;
		char comm[17];
		memcpy(comm, a.ac_comm, 16);
		comm[16] = 0;
		bool sane = a.ac_btime + 1 >= (uint32_t)t0 && a.ac_btime <= (uint32_t)time(NULL) &&
			    a.ac_etime >= 0 && a.ac_etime < 100 * 60 && comp(a.ac_utime) < 100 * 60 &&
			    comp(a.ac_stime) < 100 * 60;
		say("%s: version %d flags %s%s%s%s exit %#x uid %u gid %u parent %s tty %u comm \"%s\" times %s\n",
		    what, a.ac_version, a.ac_flag & AFORK ? "F" : "-", a.ac_flag & ASU ? "S" : "-",
		    a.ac_flag & ACORE ? "C" : "-", a.ac_flag & AXSIG ? "X" : "-", a.ac_exitcode,
		    a.ac_uid, a.ac_gid, (pid_t)a.ac_ppid == getpid() ? "us" : "other", a.ac_tty, comm,
		    sane ? "sane" : "odd");
	}
	close(fd);
	if (found != 1)
		say("[FAIL] %s: %d records\n", what, found);
}

static pid_t child(void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		setsid();                        /* no terminal: ac_tty 0 on both */
		fn();
		_exit(0);
	}
	wait_for(pid);
	return pid;
}

static void exit7(void) { _exit(7); }
static void killed(void) { kill(getpid(), SIGKILL); }
static void uses_cap(void) { setuid(0); _exit(1); }
static void as_user(void) { setgid(100); setuid(1000); _exit(2); }
static void renamed(void) { prctl(PR_SET_NAME, "renamed-child"); _exit(0); }
static void runs_true(void)
{
	execl("/bin/true", "true", (char *)NULL);
	_exit(99);
}
static void threads_exit(void) { syscall(SYS_exit_group, 3); }

static void acct_records(void)
{
	time_t t0 = time(NULL);
	const char *f = P("pacct");
	mk("pacct", "");
	CHECK_OK0("acct(file) as root", syscall(SYS_acct, f));
	pid_t p1 = child(exit7), p2 = child(killed), p3 = child(uses_cap), p4 = child(as_user),
	      p5 = child(renamed), p6 = child(runs_true), p7 = child(threads_exit);
	const char *g = P("pacct2");
	mk("pacct2", "");
	CHECK_OK0("acct(another file)", syscall(SYS_acct, g));
	pid_t p8 = child(exit7);
	CHECK_OK0("acct(NULL)", syscall(SYS_acct, NULL));
	struct stat before = st_of(g);
	pid_t p9 = child(exit7);
	CHECK_EQ("  no record once off", st_of(g).st_size, before.st_size);
	CHECK_EQ("records are whole", st_of(f).st_size % sizeof(struct acct_v3), 0);
	show(f, "_exit(7)", p1, t0);
	show(f, "SIGKILL", p2, t0);
	show(f, "setuid(0) by root", p3, t0);
	show(f, "uid 1000", p4, t0);
	show(f, "PR_SET_NAME", p5, t0);
	show(f, "exec of /bin/true", p6, t0);
	show(f, "exit_group(3)", p7, t0);
	show(g, "into the second file", p8, t0);
	int fd = open(f, O_RDONLY);
	struct acct_v3 a;
	bool in_first = false;
	while (read(fd, &a, sizeof a) == (ssize_t)sizeof a)
		in_first |= (pid_t)a.ac_pid == p8 || (pid_t)a.ac_pid == p9;
	close(fd);
	CHECK("the first file has no later record", !in_first);
}

int main(void)
{
	tdir_setup("t_acct");
	RUN(acct_errors);
	RUN(acct_nonroot);
	RUN(acct_records);
	syscall(SYS_acct, NULL);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
