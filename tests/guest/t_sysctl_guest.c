/* t_sysctl_guest - guest only (a test must never write the host's
 * /proc/sys): root changes each knob of /proc/sys/kernel and fs, the
 * behaviour changes as on Linux, and the knob is put back. Bad values are
 * EINVAL; a user writing through an fd root opened gets EPERM. */
#include "check.h"
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/utsname.h>

enum { PG = 4096 };

static const char *sys_path(const char *name)
{
	static char path[80];
	snprintf(path, sizeof path, "/proc/sys/%s", name);
	return path;
}

/* Writes text to /proc/sys/name in one write: 0, or -1 with errno. */
static int put(const char *name, const char *text)
{
	int fd = open(sys_path(name), O_WRONLY);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return w == (ssize_t)strlen(text) ? 0 : -1;
}

static const char *get(const char *name)
{
	static char text[256];
	if (get_file(sys_path(name), text, sizeof text) < 0)
		strcpy(text, "(unreadable)");
	return text;
}

static long num(const char *name) { return strtol(get(name), NULL, 10); }

static int put_num(const char *name, long v)
{
	char t[32];
	snprintf(t, sizeof t, "%ld\n", v);
	return put(name, t);
}

static int new_queue(void) { return msgget(IPC_PRIVATE, IPC_CREAT | 0666); }

static void msg_limits(void)
{
	int old = new_queue();
	CHECK_OK0("msgmnb 1000", put("kernel/msgmnb", "1000\n"));
	CHECK_STR("reads back", get("kernel/msgmnb"), "1000\n");
	int q = new_queue();
	struct msqid_ds ds;
	msgctl(q, IPC_STAT, &ds);
	CHECK_EQ("a new queue holds 1000 bytes", ds.msg_qbytes, 1000);
	msgctl(old, IPC_STAT, &ds);
	CHECK_EQ("an older one keeps 16384", ds.msg_qbytes, 16384);
	struct msginfo mi;
	msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	CHECK_EQ("IPC_INFO says 1000", mi.msgmnb, 1000);
	CHECK_OK0("msgmax 100", put("kernel/msgmax", "100"));
	struct { long type; char text[200]; } m = { 1, "x" };
	CHECK_ERR("msgsnd of 101 bytes -> EINVAL", msgsnd(q, &m, 101, IPC_NOWAIT), EINVAL);
	CHECK_OK0("msgsnd of 100 bytes", msgsnd(q, &m, 100, IPC_NOWAIT));
	msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	CHECK_EQ("IPC_INFO says msgmax 100", mi.msgmax, 100);
	CHECK_ERR("msgmax -1 -> EINVAL", put("kernel/msgmax", "-1\n"), EINVAL);
	CHECK_ERR("msgmax 2147483648 -> EINVAL", put("kernel/msgmax", "2147483648\n"), EINVAL);
	long mni = num("kernel/msgmni");
	msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	CHECK_OK0("msgmni: 2 more than in use", put_num("kernel/msgmni", mi.msgpool + 2));
	CHECK("a queue", new_queue() >= 0);
	CHECK("another", new_queue() >= 0);
	CHECK_ERR("a third -> ENOSPC", new_queue(), ENOSPC);
	CHECK_ERR("msgmni 32769 -> EINVAL", put("kernel/msgmni", "32769"), EINVAL);
	CHECK_OK0("msgmni back", put_num("kernel/msgmni", mni));
	CHECK_OK0("msgmax back", put("kernel/msgmax", "8192\n"));
	CHECK_OK0("msgmnb back", put("kernel/msgmnb", "16384\n"));
	for (int i = 0; i < 32768; i++) {        /* every queue this case made */
		struct msqid_ds d;
		int id = msgctl(i, MSG_STAT, &d);
		if (id < 0)
			break;
		msgctl(id, IPC_RMID, NULL);
	}
}

static void sem_limits(void)
{
	char old[80];
	strcpy(old, get("kernel/sem"));
	CHECK_OK0("sem 5 8 3 128", put("kernel/sem", "5 8\t3 128\n"));
	CHECK_STR("reads back tab-separated", get("kernel/sem"), "5\t8\t3\t128\n");
	struct seminfo si;
	semctl(0, 0, IPC_INFO, &si);
	CHECK("IPC_INFO says so", si.semmsl == 5 && si.semmns == 8 && si.semopm == 3 && si.semmni == 128);
	CHECK_ERR("an array of 6 -> EINVAL", semget(IPC_PRIVATE, 6, 0600), EINVAL);
	int a = semget(IPC_PRIVATE, 5, 0600);
	CHECK("an array of 5", a >= 0);
	CHECK_ERR("5 more semaphores pass SEMMNS -> ENOSPC", semget(IPC_PRIVATE, 5, 0600), ENOSPC);
	int b = semget(IPC_PRIVATE, 3, 0600);
	CHECK("3 more fit", b >= 0);
	struct sembuf ops[4] = { { 0, 1, 0 }, { 1, 1, 0 }, { 2, 1, 0 }, { 3, 1, 0 } };
	CHECK_ERR("4 operations pass SEMOPM -> E2BIG", semop(a, ops, 4), E2BIG);
	CHECK_OK0("3 do not", semop(a, ops, 3));
	CHECK_ERR("SEMMNI 40000 -> EINVAL", put("kernel/sem", "6 8 3 40000"), EINVAL);
	CHECK_STR("the rest stays written, SEMMNI does not (Linux)", get("kernel/sem"), "6\t8\t3\t128\n");
	CHECK_ERR("a word -> EINVAL", put("kernel/sem", "1 x"), EINVAL);
	CHECK_OK0("only the first", put("kernel/sem", "7\n"));
	CHECK_STR("changes only the first", get("kernel/sem"), "7\t8\t3\t128\n");
	semctl(a, 0, IPC_RMID);
	semctl(b, 0, IPC_RMID);
	CHECK_OK0("sem 250 500 3 1", put("kernel/sem", "250 500 3 1"));
	a = semget(IPC_PRIVATE, 1, 0600);
	CHECK_ERR("a second array passes SEMMNI -> ENOSPC", semget(IPC_PRIVATE, 1, 0600), ENOSPC);
	semctl(a, 0, IPC_RMID);
	CHECK_OK0("sem back", put("kernel/sem", old));
	CHECK_STR("as it was", get("kernel/sem"), old);
}

static void shm_limits(void)
{
	CHECK_OK0("shmmax 8192", put("kernel/shmmax", "8192\n"));
	CHECK_ERR("a segment of 8193 -> EINVAL", shmget(IPC_PRIVATE, 8193, 0600), EINVAL);
	int s = shmget(IPC_PRIVATE, 8192, 0600);
	CHECK("8192 fits", s >= 0);
	shmctl(s, IPC_RMID, NULL);
	struct shminfo hi;
	shmctl(0, IPC_INFO, (struct shmid_ds *)&hi);
	CHECK_EQ("IPC_INFO says 8192", hi.shmmax, 8192);
	CHECK_OK0("shmmax back", put("kernel/shmmax", "67108864"));
	struct shm_info use;
	shmctl(0, SHM_INFO, (struct shmid_ds *)&use);
	CHECK_OK0("shmall: 2 pages more than in use", put_num("kernel/shmall", (long)use.shm_tot + 2));
	CHECK_ERR("3 pages more -> ENOSPC", shmget(IPC_PRIVATE, 2 * PG + 1, 0600), ENOSPC);
	s = shmget(IPC_PRIVATE, 2 * PG, 0600);
	CHECK("2 pages fit", s >= 0);
	CHECK_ERR("then 1 byte more -> ENOSPC", shmget(IPC_PRIVATE, 1, 0600), ENOSPC);
	shmctl(s, IPC_RMID, NULL);
	CHECK_OK0("shmall back", put("kernel/shmall", "4278190079\n"));
	long mni = num("kernel/shmmni");
	CHECK_OK0("shmmni: one more than in use", put_num("kernel/shmmni", use.used_ids + 1));
	s = shmget(IPC_PRIVATE, PG, 0600);
	CHECK("one more segment", s >= 0);
	CHECK_ERR("and no other -> ENOSPC", shmget(IPC_PRIVATE, PG, 0600), ENOSPC);
	shmctl(s, IPC_RMID, NULL);
	CHECK_ERR("shmmni 32769 -> EINVAL", put("kernel/shmmni", "32769\n"), EINVAL);
	CHECK_OK0("shmmni back", put_num("kernel/shmmni", mni));
}

/* The id of a segment made by a child that then exits. */
static int orphan(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		int id = shmget(IPC_PRIVATE, PG, 0600);
		write(p[1], &id, sizeof id);
		_exit(0);
	}
	int id = -1;
	read(p[0], &id, sizeof id);
	wait_for(pid);
	close(p[0]);
	close(p[1]);
	return id;
}

static int exists(int id)
{
	struct shmid_ds ds;
	return shmctl(id, IPC_STAT, &ds) == 0;
}

static void rmid_forced(void)
{
	int kept = orphan();
	CHECK("without shm_rmid_forced a child's segment outlives it", exists(kept));
	CHECK_ERR("shm_rmid_forced 2 -> EINVAL", put("kernel/shm_rmid_forced", "2"), EINVAL);
	CHECK_OK0("shm_rmid_forced 1", put("kernel/shm_rmid_forced", "1\n"));
	CHECK("removes the orphan at once", !exists(kept));
	int gone = orphan();
	CHECK("a child's unattached segment goes when it exits", gone >= 0 && !exists(gone));
	int mine = shmget(IPC_PRIVATE, PG, 0600);
	char *at = shmat(mine, NULL, 0);
	CHECK("root's own segment stays while attached", at != (void *)-1 && exists(mine));
	shmdt(at);
	CHECK("and goes with the last detach", !exists(mine));
	CHECK_OK0("shm_rmid_forced back to 0", put("kernel/shm_rmid_forced", "0\n"));
	int alive = shmget(IPC_PRIVATE, PG, 0600);
	at = shmat(alive, NULL, 0);
	shmdt(at);
	CHECK("with 0 a detached segment stays", exists(alive));
	shmctl(alive, IPC_RMID, NULL);
}

static void pid_limit(void)
{
	CHECK_ERR("pid_max 300 -> EINVAL", put("kernel/pid_max", "300"), EINVAL);
	CHECK_ERR("pid_max 32769 -> EINVAL", put("kernel/pid_max", "32769\n"), EINVAL);
	CHECK_ERR("pid_max abc -> EINVAL", put("kernel/pid_max", "abc"), EINVAL);
	pid_t first = fork();
	if (first == 0)
		_exit(0);
	wait_for(first);
	int max = first + 20 < 301 ? 301 : first + 20;
	CHECK_OK0("pid_max 20 above the last pid", put_num("kernel/pid_max", max));
	int below = 1, since_wrap = 0, wrapped_ok = 1, last = first;
	for (int i = 0; i < 400 && since_wrap < 20; i++) {   /* until 20 past a wrap */
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0)
			break;
		wait_for(pid);
		below &= pid < max;
		if (pid <= last) {
			since_wrap = since_wrap ? since_wrap : 1;
			wrapped_ok &= pid >= 300;
		}
		since_wrap += since_wrap > 0;
		last = pid;
	}
	CHECK("every pid below pid_max", below);
	CHECK("they wrapped, to 300 or more", since_wrap && wrapped_ok);
	CHECK_OK0("pid_max back", put("kernel/pid_max", "32768"));
}

static void threads_limit(void)
{
	CHECK_ERR("threads-max 0 -> EINVAL", put("kernel/threads-max", "0"), EINVAL);
	long old = num("kernel/threads-max");
	CHECK_OK0("threads-max 1", put("kernel/threads-max", "1"));
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK_EQ("fork, even root's -> EAGAIN", pid < 0 ? errno : 0, EAGAIN);
	if (pid > 0)
		wait_for(pid);
	CHECK_OK0("threads-max back", put_num("kernel/threads-max", old));
}

static void names(void)
{
	struct utsname u;
	CHECK_OK0("hostname testhost", put("kernel/hostname", "testhost\nignored"));
	uname(&u);
	CHECK_STR("uname's nodename", u.nodename, "testhost");
	CHECK_OK0("sethostname abc", sethostname("abcdef", 3));
	CHECK_STR("the file", get("kernel/hostname"), "abc\n");
	char l[100];
	memset(l, 'h', sizeof l);
	l[99] = 0;
	CHECK_OK0("a 99-byte name", put("kernel/hostname", l));
	CHECK_EQ("is cut at 64", strlen(get("kernel/hostname")), 65);
	CHECK_OK0("domainname example", put("kernel/domainname", "example"));
	uname(&u);
	CHECK_STR("uname's domainname", u.domainname, "example");
	CHECK_OK0("setdomainname back", setdomainname("(none)", 6));
	CHECK_OK0("sethostname back", sethostname("pipit", 5));
	CHECK_STR("uname -r is Linux's version", (uname(&u), u.release), "6.1.0-pipit");
	CHECK("uname -v names Pipit", strstr(u.version, "Pipit") != NULL);
}

static void fs_knobs(void)
{
	CHECK_OK0("pipe-max-size 5000", put("fs/pipe-max-size", "5000"));
	CHECK_STR("rounds to a power of two pages", get("fs/pipe-max-size"), "8192\n");
	CHECK_OK0("pipe-max-size 0", put("fs/pipe-max-size", "0"));
	CHECK_STR("is one page", get("fs/pipe-max-size"), "4096\n");
	CHECK_ERR("pipe-max-size 2147483649 -> EINVAL", put("fs/pipe-max-size", "2147483649"), EINVAL);
	CHECK_OK0("pipe-max-size back", put("fs/pipe-max-size", "1048576\n"));
	CHECK_ERR("nr_open 31 -> EINVAL", put("fs/nr_open", "31"), EINVAL);
	CHECK_OK0("nr_open 4096", put("fs/nr_open", "4096"));
	struct rlimit rl = { 100, 5000 };
	CHECK_ERR("RLIMIT_NOFILE past it -> EPERM", setrlimit(RLIMIT_NOFILE, &rl), EPERM);
	CHECK_OK0("nr_open back", put("fs/nr_open", "1048576"));
	CHECK_OK0("lease-break-time 10", put("fs/lease-break-time", "10"));
	CHECK_STR("reads back", get("fs/lease-break-time"), "10\n");
	CHECK_OK0("lease-break-time back", put("fs/lease-break-time", "45"));
	long fm = num("fs/file-max");
	CHECK("file-max at least Linux's 8192", fm >= 8192);
	CHECK_OK0("file-max written", put_num("fs/file-max", fm + 1));
	CHECK_EQ("reads back", num("fs/file-max"), fm + 1);
	CHECK_OK0("file-max back", put_num("fs/file-max", fm));
	CHECK_STR("tainted 0", get("kernel/tainted"), "0\n");
}

static int wfd = -1;
static void user_writes(void)
{
	CHECK_ERR("uid 1000 writing an fd root opened -> EPERM", write(wfd, "100\n", 4), EPERM);
}

static void user_fd(void)
{
	wfd = open(sys_path("kernel/msgmax"), O_WRONLY);
	as_uid1000(user_writes);
	close(wfd);
	CHECK_STR("msgmax unchanged", get("kernel/msgmax"), "8192\n");
}

int main(void)
{
	RUN(msg_limits);
	RUN(sem_limits);
	RUN(shm_limits);
	RUN(rmid_forced);
	RUN(pid_limit);
	RUN(threads_limit);
	RUN(names);
	RUN(fs_knobs);
	RUN(user_fd);
	return cases_failed || check_failed ? 1 : 0;
}
