/* t_ipc_ns - IPC namespaces as Linux 6.1's (ipc/namespace.c): root's
 * unshare(CLONE_NEWIPC) and clone(CLONE_NEWIPC) give a set of System V
 * message queues, semaphore sets and shared memory segments of its own
 * (ids from the start, keys free again, its own /proc/sys/kernel limits
 * and /proc/sysvipc), and its own POSIX message queues (mq_open, and a
 * mount of "mqueue" made there). An ns file keeps a namespace; its
 * last user gone, its objects go (an attached segment stays until
 * detached). setns goes back and forth; a user gets EPERM. */
#include "check.h"
#include <sched.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include "mount_ns.h"

#define KEY_MSG 0x7e57a001
#define KEY_SEM 0x7e57a002
#define KEY_SHM 0x7e57a003
#define MQ_NAME "/t_ipc_ns_q"
#define MQ_NAME2 "/t_ipc_ns_r"

/* Removes what a case may have left in our namespace under the test's
 * keys and names. */
static void purge(void)
{
	int id;
	if ((id = msgget(KEY_MSG, 0)) >= 0)
		msgctl(id, IPC_RMID, NULL);
	if ((id = semget(KEY_SEM, 0, 0)) >= 0)
		semctl(id, 0, IPC_RMID);
	if ((id = shmget(KEY_SHM, 0, 0)) >= 0)
		shmctl(id, IPC_RMID, NULL);
	mq_unlink(MQ_NAME);
	mq_unlink(MQ_NAME2);
}

static void nothing(void)
{
}

static unsigned long long ns_ino(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

static int lines_of(const char *path)
{
	char buf[4096];
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	int k = 0;
	for (ssize_t i = 0; i < n; i++)
		k += buf[i] == '\n';
	return k;
}

struct msgb { long type; char text[8]; };

static void in_new_ns(void)
{
	CHECK_OK0("unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
	CHECK_ERR("our queue's key: not here", msgget(KEY_MSG, 0), ENOENT);
	CHECK_ERR("our array's key: not here", semget(KEY_SEM, 0, 0), ENOENT);
	CHECK_ERR("our segment's key: not here", shmget(KEY_SHM, 0, 0), ENOENT);
	CHECK_EQ("/proc/sysvipc/msg: the heading only", lines_of("/proc/sysvipc/msg"), 1);
	CHECK_EQ("/proc/sysvipc/sem: the heading only", lines_of("/proc/sysvipc/sem"), 1);
	CHECK_EQ("/proc/sysvipc/shm: the heading only", lines_of("/proc/sysvipc/shm"), 1);
	struct msginfo mi;
	CHECK_EQ("MSG_INFO: no queue", msgctl(0, MSG_INFO, (struct msqid_ds *)&mi) == 0 ? mi.msgpool : -1, 0);
	int q = msgget(KEY_MSG, IPC_CREAT | 0600);
	CHECK_EQ("the key again: a new queue, the first id", q, 0);
	CHECK_EQ("a private one: the next", msgget(IPC_PRIVATE, 0600), 1);
	struct msqid_ds ds;
	CHECK_EQ("empty", msgctl(q, IPC_STAT, &ds) == 0 ? (long)ds.msg_qnum : -1L, 0L);
	CHECK_EQ("MSG_INFO: two queues", msgctl(0, MSG_INFO, (struct msqid_ds *)&mi) >= 0 ? mi.msgpool : -1, 2);
	CHECK_EQ("/proc/sysvipc/msg shows them", lines_of("/proc/sysvipc/msg"), 3);
	int s = semget(KEY_SEM, 3, IPC_CREAT | 0600);
	CHECK_EQ("a semaphore set: the first id", s, 0);
	CHECK_EQ("its value", semctl(s, 0, GETVAL), 0);
	struct seminfo si;
	CHECK_EQ("SEM_INFO: one set", semctl(0, 0, SEM_INFO, &si) >= 0 ? si.semusz : -1, 1);
	int m = shmget(KEY_SHM, 8192, IPC_CREAT | 0600);
	CHECK_EQ("a segment of another size: the first id", m, 0);
	struct shmid_ds sd;
	CHECK_EQ("its size", shmctl(m, IPC_STAT, &sd) == 0 ? (long)sd.shm_segsz : -1L, 8192L);
	CHECK_EQ("/proc/sysvipc/shm shows it", lines_of("/proc/sysvipc/shm"), 2);
	CHECK_ERR("our queue's id: not here", msgsnd(123456, &(struct msgb){ 1, "x" }, 1, IPC_NOWAIT), EINVAL);
}

/* Our objects (and a message) stay ours; a new namespace has none of
 * them and may use their keys. */
static void isolation(void)
{
	purge();
	int q = msgget(KEY_MSG, IPC_CREAT | 0600), s = semget(KEY_SEM, 1, IPC_CREAT | 0600);
	int m = shmget(KEY_SHM, 4096, IPC_CREAT | 0600);
	msgsnd(q, &(struct msgb){ 1, "ours" }, 5, 0);
	semctl(s, 0, SETVAL, 7);
	in_child("new namespace", nothing, in_new_ns);
	struct msqid_ds ds;
	struct shmid_ds sd;
	CHECK_EQ("our queue: its message", msgctl(q, IPC_STAT, &ds) == 0 ? (long)ds.msg_qnum : -1L, 1L);
	CHECK_EQ("our key: our queue", msgget(KEY_MSG, 0), q);
	CHECK_EQ("our array: its value", semctl(s, 0, GETVAL), 7);
	CHECK_EQ("our segment: its size", shmctl(m, IPC_STAT, &sd) == 0 ? (long)sd.shm_segsz : -1L, 4096L);
	purge();
}

static void cloned(void)
{
	purge();
	int q = msgget(KEY_MSG, IPC_CREAT | 0600);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWIPC | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(msgget(KEY_MSG, 0) == -1 && errno == ENOENT && msgget(KEY_MSG, IPC_CREAT | 0600) == 0 ? 0 : 1);
	CHECK_EQ("clone(CLONE_NEWIPC): a child with none of ours", wait_for(c), 0);
	CHECK_EQ("our queue is ours", msgget(KEY_MSG, 0), q);
	errno = 0;
	long r = syscall(SYS_clone, CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	CHECK_EQ("with CLONE_SYSVSEM: EINVAL", r == -1 ? errno : 0, EINVAL);
	purge();
}

static void limits_child(void)
{
	CHECK_OK0("unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
	char buf[128];
	CHECK_STR("kernel.msgmax: the default", (get_file("/proc/sys/kernel/msgmax", buf, sizeof buf), buf), "8192\n");
	CHECK_STR("kernel.msgmnb: the default", (get_file("/proc/sys/kernel/msgmnb", buf, sizeof buf), buf), "16384\n");
	CHECK_EQ("kernel.msgmax written", put_file("/proc/sys/kernel/msgmax", "100\n", 4), 0);
	CHECK_ERR("a message past it: EINVAL", msgsnd(msgget(IPC_PRIVATE, 0600), &(struct msgb){ 1, "x" }, 101, 0), EINVAL);
	CHECK_EQ("kernel.msg_next_id written", put_file("/proc/sys/kernel/msg_next_id", "7\n", 2), 0);
	CHECK_EQ("the next queue gets it", msgget(IPC_PRIVATE, 0600), 7);
	CHECK_EQ("kernel.shmmax written", put_file("/proc/sys/kernel/shmmax", "4096\n", 5), 0);
	CHECK_ERR("a larger segment: EINVAL", shmget(IPC_PRIVATE, 8192, 0600), EINVAL);
	CHECK_EQ("fs/mqueue/msg_max written", put_file("/proc/sys/fs/mqueue/msg_max", "5\n", 2), 0);
}

/* The limits are each namespace's: a new one has the defaults, and what
 * it writes stays in it. */
static void limits(void)
{
	char before[5][64], after[64];
	const char *files[5] = { "/proc/sys/kernel/msgmax", "/proc/sys/kernel/msg_next_id",
				 "/proc/sys/kernel/shmmax", "/proc/sys/fs/mqueue/msg_max", "/proc/sys/kernel/sem" };
	for (int i = 0; i < 5; i++)
		get_file(files[i], before[i], sizeof before[i]);
	in_child("limits", nothing, limits_child);
	for (int i = 0; i < 5; i++) {
		char name[96];
		memset(after, 0, sizeof after);
		get_file(files[i], after, sizeof after);
		snprintf(name, sizeof name, "ours: %s unchanged", files[i]);
		CHECK_STR(name, after, before[i]);
	}
}

static void mqueue_child(void)
{
	CHECK_OK0("unshare(CLONE_NEWIPC | CLONE_NEWNS)", unshare(CLONE_NEWIPC | CLONE_NEWNS));
	mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	CHECK_ERR("our queue: not here", mq_open(MQ_NAME, O_RDONLY), ENOENT);
	mqd_t q = mq_open(MQ_NAME, O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
	CHECK("the name again: a new queue", q >= 0);
	CHECK_OK0("a message in it", mq_send(q, "new", 3, 1));
	CHECK("/dev/mqueue, mounted before: the old namespace's",
	      access("/dev/mqueue/t_ipc_ns_r", F_OK) == 0);
	CHECK_OK0("a mount of mqueue", mount("mqueue", "/dev/mqueue", "mqueue", 0, NULL));
	CHECK("shows this namespace's queue", access("/dev/mqueue/t_ipc_ns_q", F_OK) == 0);
	CHECK_ERR("and not the other's", access("/dev/mqueue/t_ipc_ns_r", F_OK), ENOENT);
	char buf[128];
	ssize_t n = get_file("/dev/mqueue/t_ipc_ns_q", buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	CHECK("its file: QSIZE:3", strncmp(buf, "QSIZE:3 ", 8) == 0);
	CHECK_OK0("open(O_CREAT) there makes a queue here", close(open("/dev/mqueue/made", O_CREAT | O_RDWR, 0600)));
	mqd_t r = mq_open("/made", O_RDONLY);
	CHECK("mq_open finds it", r >= 0);
	CHECK_OK0("mq_unlink", mq_unlink(MQ_NAME));
	CHECK_ERR("gone from the mount", access("/dev/mqueue/t_ipc_ns_q", F_OK), ENOENT);
}

static void mqueue(void)
{
	purge();
	mqd_t q = mq_open(MQ_NAME, O_CREAT | O_RDWR, 0600, NULL);
	mqd_t r = mq_open(MQ_NAME2, O_CREAT | O_RDWR, 0600, NULL);
	in_child("mqueue", nothing, mqueue_child);
	struct mq_attr a;
	CHECK_EQ("our queue: still empty", mq_getattr(q, &a) == 0 ? a.mq_curmsgs : -1, 0);
	CHECK("still named", mq_open(MQ_NAME, O_RDONLY) >= 0);
	CHECK_ERR("theirs is not here", mq_open("/made", O_RDONLY), ENOENT);
	mq_close(r);
	purge();
}

/* setns with an ns file or a pidfd: there and back. */
static void back_and_forth(void)
{
	purge();
	int ours = open("/proc/self/ns/ipc", O_RDONLY);
	int q = msgget(KEY_MSG, IPC_CREAT | 0600);
	int p[2], w[2];
	if (pipe(p) < 0 || pipe(w) < 0)
		return;
	pid_t g = fork();
	if (g == 0) {
		char x;
		unshare(CLONE_NEWIPC);
		msgget(KEY_SEM, IPC_CREAT | 0600);
		write(p[1], "r", 1);
		read(w[0], &x, 1);
		_exit(0);
	}
	char x, path[64];
	read(p[0], &x, 1);
	snprintf(path, sizeof path, "/proc/%d/ns/ipc", g);
	int theirs = open(path, O_RDONLY);
	int pidfd = (int)syscall(434, g, 0);
	CHECK_OK0("setns(pidfd, CLONE_NEWIPC)", setns(pidfd, CLONE_NEWIPC));
	CHECK_EQ("their queue", msgget(KEY_SEM, 0), 0);
	CHECK_ERR("not ours", msgget(KEY_MSG, 0), ENOENT);
	CHECK_OK0("setns(our file)", setns(ours, CLONE_NEWIPC));
	CHECK_EQ("ours again", msgget(KEY_MSG, 0), q);
	write(w[1], "x", 1);
	wait_for(g);
	CHECK_OK0("their last process gone: setns(their file)", setns(theirs, 0));
	CHECK_EQ("the file kept the namespace and its queue", msgget(KEY_SEM, 0), 0);
	CHECK_OK0("and back", setns(ours, 0));
	purge();
}

/* A segment attached in a namespace that has no process left stays
 * until detached. */
static void attached_stays(void)
{
	CHECK_OK0("unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
	int m = shmget(KEY_SHM, 4096, IPC_CREAT | 0600);
	char *a = shmat(m, NULL, 0);
	CHECK("attached", a != (char *)-1);
	strcpy(a, "kept");
	CHECK_OK0("another namespace: this one has no process now", unshare(CLONE_NEWIPC));
	CHECK_ERR("its key is not here", shmget(KEY_SHM, 0, 0), ENOENT);
	CHECK_STR("the segment is still there", a, "kept");
	strcpy(a, "written");
	CHECK_STR("and writable", a, "written");
	CHECK_OK0("shmdt", shmdt(a));
}

/* Its last user gone, a namespace's objects go: its POSIX queue gives
 * back the RLIMIT_MSGQUEUE bytes it was charged (soon: Linux frees a
 * namespace from a work queue). */
static void destroyed(void)
{
	purge();
	struct mq_attr at = { .mq_maxmsg = 8, .mq_msgsize = 1024 };
	struct rlimit rl = { 9000, 9000 };
	CHECK_OK0("RLIMIT_MSGQUEUE: room for one queue", setrlimit(RLIMIT_MSGQUEUE, &rl));
	CHECK_OK0("charged to uid 1000, still root", setresuid(1000, 0, 0));
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWIPC) < 0)
			_exit(2);
		_exit(mq_open(MQ_NAME, O_CREAT | O_RDWR, 0600, &at) >= 0 ? 0 : 10 + errno);
	}
	CHECK_EQ("a child's namespace made a queue", wait_for(c), 0);
	mqd_t q = -1;
	for (int i = 0; i < 100 && q < 0; i++) {
		q = mq_open(MQ_NAME2, O_CREAT | O_RDWR, 0600, &at);
		if (q < 0)
			msleep(50);
	}
	CHECK("its namespace gone, its bytes are free again", q >= 0);
	CHECK_ERR("and room for one only", mq_open(MQ_NAME, O_CREAT | O_RDWR, 0600, &at), EMFILE);
	purge();
}

/* unshare(CLONE_NEWIPC) and setns to an IPC namespace let go of the
 * undo list first: its adjustments are applied in the old namespace. */
static void undo_applied(void)
{
	purge();
	int s = semget(KEY_SEM, 1, IPC_CREAT | 0600);
	int ours = open("/proc/self/ns/ipc", O_RDONLY);
	pid_t c = fork();
	if (c == 0) {
		struct sembuf up = { 0, 2, SEM_UNDO };
		semop(s, &up, 1);
		if (unshare(CLONE_NEWIPC) < 0)
			_exit(2);
		if (setns(ours, CLONE_NEWIPC) < 0 || semctl(s, 0, GETVAL) != 0)
			_exit(3);
		semop(s, &up, 1);
		pause();
		_exit(0);
	}
	for (int i = 0; i < 200 && semctl(s, 0, GETVAL) != 2; i++)
		msleep(10);
	CHECK_EQ("an undo taken after setns back", semctl(s, 0, GETVAL), 2);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/ipc", c);
	CHECK("the child is in our namespace", ns_ino(path) == ns_ino("/proc/self/ns/ipc"));
	kill(c, SIGKILL);
	wait_for(c);
	CHECK_EQ("applied at its exit", semctl(s, 0, GETVAL), 0);
	c = fork();
	if (c == 0) {
		struct sembuf up = { 0, 5, SEM_UNDO };
		semop(s, &up, 1);
		_exit(unshare(CLONE_NEWIPC) == 0 && semctl(s, 0, GETVAL) == -1 ? 0 : 1);
	}
	CHECK_EQ("unshare: the array is out of reach", wait_for(c), 0);
	CHECK_EQ("the undo was applied here", semctl(s, 0, GETVAL), 0);
	purge();
}

/* A mount of a namespace's mqueue instance outlives the namespace: its
 * queues stay visible there, and a new one cannot be made (EACCES, soon
 * after the last process: Linux frees a namespace from a work queue). */
static void mount_outlives(void)
{
	private_ns();
	mkdir("/tmp/t_ipc_ns_mq", 0755);
	pid_t c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWIPC) < 0 || mount("mqueue", "/tmp/t_ipc_ns_mq", "mqueue", 0, NULL) < 0)
			_exit(2);
		_exit(mq_open("/left", O_CREAT | O_RDWR, 0600, NULL) >= 0 ? 0 : 3);
	}
	CHECK_EQ("a namespace mounted its instance and made a queue", wait_for(c), 0);
	CHECK_OK0("its queue is still there", access("/tmp/t_ipc_ns_mq/left", F_OK));
	int fd = -1;
	for (int i = 0; i < 200; i++) {
		fd = open("/tmp/t_ipc_ns_mq/new", O_CREAT | O_RDWR, 0600);
		if (fd < 0 && errno == EACCES)
			break;
		if (fd >= 0) {
			close(fd);
			unlink("/tmp/t_ipc_ns_mq/new");
		}
		msleep(25);
	}
	CHECK_EQ("a new queue there: EACCES", fd < 0 ? errno : 0, EACCES);
	CHECK_OK0("unlink of the old one", unlink("/tmp/t_ipc_ns_mq/left"));
	CHECK_OK0("umount", umount("/tmp/t_ipc_ns_mq"));
	rmdir("/tmp/t_ipc_ns_mq");
}

static int ours_fd;

static void user_calls(void)
{
	CHECK_ERR("a user: unshare(CLONE_NEWIPC): EPERM", unshare(CLONE_NEWIPC), EPERM);
	long c = syscall(SYS_clone, CLONE_NEWIPC | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(0);
	CHECK_EQ("a user: clone(CLONE_NEWIPC): EPERM", c == -1 ? errno : 0, EPERM);
	CHECK_ERR("a user: setns: EPERM", setns(ours_fd, 0), EPERM);
}

static void as_user(void)
{
	ours_fd = open("/proc/self/ns/ipc", O_RDONLY);
	as_uid1000(user_calls);
}

int main(void)
{
	RUN(isolation);
	RUN(cloned);
	RUN(limits);
	RUN(mqueue);
	RUN(back_and_forth);
	RUN(attached_stays);
	RUN(destroyed);
	RUN(undo_applied);
	RUN(mount_outlives);
	RUN(as_user);
	return cases_failed ? 1 : 0;
}
