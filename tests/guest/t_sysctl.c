/* t_sysctl - the files of /proc/sys/kernel and /proc/sys/fs as Linux has
 * them: present, with Linux's modes and owner, numbers in Linux's format
 * (kernel.sem: four tab-separated), the same values IPC_INFO and uname
 * report, closed to writing by an ordinary user; and /proc/config.gz, a
 * gzip file as long as its size says. Reads only: a differential test
 * must never write the host's /proc/sys (t_sysctl_guest changes them). */
#include "check.h"
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/utsname.h>

static const char *const numbers[] = {
	"kernel/pid_max", "kernel/threads-max", "kernel/tainted", "kernel/msgmax",
	"kernel/msgmnb", "kernel/msgmni", "kernel/shmmax", "kernel/shmall", "kernel/shmmni",
	"kernel/shm_rmid_forced", "fs/pipe-max-size", "fs/pipe-user-pages-soft",
	"fs/pipe-user-pages-hard", "fs/file-max", "fs/nr_open", "fs/lease-break-time",
};
static const char *const writable[] = {
	"kernel/pid_max", "kernel/threads-max", "kernel/tainted", "kernel/hostname",
	"kernel/domainname", "kernel/msgmax", "kernel/msgmnb", "kernel/msgmni", "kernel/sem",
	"kernel/shmmax", "kernel/shmall", "kernel/shmmni", "kernel/shm_rmid_forced",
	"fs/pipe-max-size", "fs/pipe-user-pages-soft", "fs/pipe-user-pages-hard",
	"fs/file-max", "fs/nr_open", "fs/lease-break-time",
};

static const char *sys_path(const char *name)
{
	static char path[80];
	snprintf(path, sizeof path, "/proc/sys/%s", name);
	return path;
}

static const char *text_of(const char *name)
{
	static char text[256];
	if (get_file(sys_path(name), text, sizeof text) < 0)
		strcpy(text, "(unreadable)");
	return text;
}

/* Whether text is decimals separated by tabs, `count` of them, then a newline. */
static int numbers_format(const char *text, int count)
{
	for (int i = 0; i < count; i++) {
		if (*text < '0' || *text > '9')
			return 0;
		while (*text >= '0' && *text <= '9')
			text++;
		if (*text++ != (i + 1 < count ? '\t' : '\n'))
			return 0;
	}
	return *text == 0;
}

static unsigned long long number(const char *name)
{
	return strtoull(text_of(name), NULL, 10);
}

static void files(void)
{
	char what[120];
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		snprintf(what, sizeof what, "%s: one number and a newline", numbers[i]);
		CHECK(what, numbers_format(text_of(numbers[i]), 1));
	}
	CHECK("kernel/sem: four numbers, tab-separated", numbers_format(text_of("kernel/sem"), 4));
	for (size_t i = 0; i < sizeof writable / sizeof writable[0]; i++) {
		struct stat st = st_of(sys_path(writable[i]));
		snprintf(what, sizeof what, "%s: a root-owned file, mode 0644", writable[i]);
		CHECK(what, S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644 && st.st_uid == 0);
	}
	const char *ro[] = { "kernel/ostype", "kernel/osrelease" };
	for (int i = 0; i < 2; i++) {
		struct stat st = st_of(sys_path(ro[i]));
		snprintf(what, sizeof what, "%s: a root-owned file, mode 0444", ro[i]);
		CHECK(what, S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0444 && st.st_uid == 0);
		snprintf(what, sizeof what, "%s: not even root opens it for writing", ro[i]);
		CHECK_ERR(what, open(sys_path(ro[i]), O_WRONLY), EACCES);
	}
	CHECK("this process's pid is below pid_max", (unsigned long long)getpid() < number("kernel/pid_max"));
}

/* Reads a string file without its newline. */
static const char *line_of(const char *name)
{
	char *t = (char *)text_of(name);
	size_t n = strlen(t);
	if (n && t[n - 1] == '\n')
		t[n - 1] = 0;
	return t;
}

static void uts(void)
{
	struct utsname u;
	CHECK_OK0("uname", uname(&u));
	CHECK_STR("ostype is uname's sysname", line_of("kernel/ostype"), u.sysname);
	CHECK_STR("osrelease is uname's release", line_of("kernel/osrelease"), u.release);
	CHECK_STR("hostname is uname's nodename", line_of("kernel/hostname"), u.nodename);
	CHECK_STR("domainname is uname's domainname", line_of("kernel/domainname"), u.domainname);
	CHECK_ERR("sethostname of 65 bytes -> EINVAL", sethostname("0123456789012345678901234567890123456789012345678901234567890123X", 65), EINVAL);
	CHECK_ERR("setdomainname of -1 bytes -> EINVAL", syscall(SYS_setdomainname, "x", -1), EINVAL);
}

/* The limits IPC_INFO reports are the files' (shmall as the 32-bit
 * structure holds it, shmmax cut to INT_MAX as a 64-bit Linux does). */
static void ipc_info(void)
{
	struct msginfo mi;
	CHECK("msgctl IPC_INFO", msgctl(0, IPC_INFO, (struct msqid_ds *)&mi) >= 0);
	CHECK_EQ("msgmax", (unsigned long long)mi.msgmax, number("kernel/msgmax"));
	CHECK_EQ("msgmnb", (unsigned long long)mi.msgmnb, number("kernel/msgmnb"));
	CHECK_EQ("msgmni", (unsigned long long)mi.msgmni, number("kernel/msgmni"));
	struct seminfo si;
	CHECK("semctl IPC_INFO", semctl(0, 0, IPC_INFO, &si) >= 0);
	char sem[80];
	snprintf(sem, sizeof sem, "%d\t%d\t%d\t%d\n", si.semmsl, si.semmns, si.semopm, si.semmni);
	CHECK_STR("kernel/sem is SEMMSL SEMMNS SEMOPM SEMMNI", text_of("kernel/sem"), sem);
	struct shminfo hi;
	CHECK("shmctl IPC_INFO", shmctl(0, IPC_INFO, (struct shmid_ds *)&hi) >= 0);
	unsigned long long max = number("kernel/shmmax");
	CHECK_EQ("shmmax", (unsigned long long)hi.shmmax, max > INT32_MAX ? INT32_MAX : max);
	CHECK_EQ("shmall", (uint32_t)hi.shmall, (uint32_t)number("kernel/shmall"));
	CHECK_EQ("shmmni", (unsigned long long)hi.shmmni, number("kernel/shmmni"));
	int q = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	CHECK_OK0("a new queue", msgctl(q, IPC_STAT, &ds));
	CHECK_EQ("holds msgmnb bytes", (unsigned long long)ds.msg_qbytes, number("kernel/msgmnb"));
	msgctl(q, IPC_RMID, NULL);
}

static void user(void)
{
	char what[120];
	for (size_t i = 0; i < sizeof writable / sizeof writable[0]; i++) {
		snprintf(what, sizeof what, "uid 1000 opening %s for writing -> EACCES", writable[i]);
		CHECK_ERR(what, open(sys_path(writable[i]), O_WRONLY), EACCES);
	}
	CHECK("uid 1000 reads kernel/sem", numbers_format(text_of("kernel/sem"), 4));
	CHECK_ERR("uid 1000: sethostname -> EPERM", sethostname("x", 1), EPERM);
	CHECK_ERR("uid 1000: setdomainname -> EPERM", setdomainname("x", 1), EPERM);
}

static void user_case(void) { as_uid1000(user); }

/* /proc/config.gz: mode 0444, a gzip (deflate) stream exactly as long as
 * stat says. */
static void config_gz(void)
{
	struct stat st = st_of("/proc/config.gz");
	CHECK("a file, mode 0444", S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0444);
	static unsigned char buf[1 << 17];
	int fd = open("/proc/config.gz", O_RDONLY);
	ssize_t n = 0, r;
	while (fd >= 0 && (r = read(fd, buf + n, sizeof buf - n)) > 0)
		n += r;
	close(fd);
	CHECK("starts with gzip's magic and deflate", n > 18 && buf[0] == 0x1f && buf[1] == 0x8b && buf[2] == 8);
	CHECK("as long as its size", n == st.st_size);
	uint32_t isize = n > 18 ? buf[n - 4] | buf[n - 3] << 8 | buf[n - 2] << 16 | (uint32_t)buf[n - 1] << 24 : 0;
	CHECK("holds a longer text", isize > (uint32_t)n);
}

int main(void)
{
	RUN(files);
	RUN(uts);
	RUN(ipc_info);
	RUN(user_case);
	RUN(config_gz);
	return cases_failed || check_failed ? 1 : 0;
}
