/* t_hostile_ipc - differential test of System V IPC against hostile or
 * careless callers (issue 21, items 7 and 8, and issue 14's semop bug):
 * which error each call gives when several apply (the order of Linux's
 * checks), shmat with SHM_EXEC or SHM_REMAP, SEM_UNDO past -32768/+32767,
 * msgrcv into a bad buffer, and which operation of a semop array decides
 * IPC_NOWAIT. Permission cases run as uid 1000 on objects root made.
 * Every object made is removed, even after a crash. */
#include "check.h"
#include "ipc_made.h"
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#ifndef MSG_COPY
#define MSG_COPY 040000          /* linux/msg.h; musl does not define it */
#endif

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* ipc(2) multiplexer calls (linux/ipc.h) */
#define IPCCALL_SEMCTL     3
#define IPCCALL_SEMTIMEDOP 4

/* made[] (ipc_made.h) holds the ids; kinds[], in the same shared page
 * after it, says which call removes each. */
#define KIND_SEM 0
#define KIND_MSG 1
#define KIND_SHM 2
static int kinds_local[MADE_MAX + 1];
static int *kinds = kinds_local;

/* Removes id with the call of its kind. */
static void rm_made(int id)
{
	int kind = KIND_SEM;
	for (int i = 1; i <= made[0]; i++)
		if (made[i] == id)
			kind = kinds[i];
	if (kind == KIND_SEM)
		semctl(id, 0, IPC_RMID);
	else if (kind == KIND_MSG)
		msgctl(id, IPC_RMID, NULL);
	else
		shmctl(id, IPC_RMID, NULL);
}

static int keep(int kind, int id)
{
	remember(id);
	if (id >= 0)
		kinds[made[0]] = kind;
	return id;
}

static int new_sem(key_t key, int nsems, int flg)
{
	return keep(KIND_SEM, semget(key, nsems, flg));
}

static int new_msg(key_t key, int flg)
{
	return keep(KIND_MSG, msgget(key, flg));
}

static int new_shm(key_t key, size_t size, int flg)
{
	return keep(KIND_SHM, shmget(key, size, flg));
}

/* A fresh key from a file of this case's directory. */
static key_t new_key(int proj)
{
	put_file(P("keyfile"), "k", 1);
	return ftok(P("keyfile"), proj);
}

/* An address with nothing mapped: a page mapped and unmapped again. */
static void *hole(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4096);
	return p;
}

/* An identifier that named an object of that kind once and no longer. */
static int stale_sem(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600);
	semctl(id, 0, IPC_RMID);
	return id;
}

static int stale_msg(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	msgctl(id, IPC_RMID, NULL);
	return id;
}

static int stale_shm(void)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	shmctl(id, IPC_RMID, NULL);
	return id;
}

/* The wait status of pid, killing it if it has not ended within ms
 * milliseconds (a test must not hang on a kernel that blocks). */
static int wait_or_kill(pid_t pid, int ms)
{
	int st;
	for (int i = 0; i < ms / 10; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return st;
		msleep(10);
	}
	kill(pid, SIGKILL);
	return wait_for(pid);
}

static int setval(int id, int n, int v) { return semctl(id, n, SETVAL, (union semun){ .val = v }); }
static int getval(int id, int n) { return semctl(id, n, GETVAL); }

static int op1(int id, int num, int op, int flg)
{
	struct sembuf sb = { (unsigned short)num, (short)op, (short)flg };
	return semop(id, &sb, 1);
}

/* semtimedop through ipc(2) with a 32-bit timespec, so that an invalid one
 * reaches the kernel as it is. */
static long timedop(int id, void *sops, unsigned n, const void *ts)
{
	return syscall(SYS_ipc, IPCCALL_SEMTIMEDOP, id, n, 0, sops, ts);
}

static int sid, qid, mid;   /* the case's object, seen by its uid-1000 part */
static key_t key;

/* ---- semget, shmget, msgget ---- */

static void get_user(void)
{
	CHECK_ERR("uid 1000: semget(key, more nsems, 0600) on 0600 -> EINVAL",
		  semget(key, 3, 0600), EINVAL);
	CHECK_ERR("uid 1000: semget(key, fewer nsems, 0600) -> EACCES", semget(key, 1, 0600), EACCES);
	CHECK_ERR("uid 1000: semget(key, -1) -> EINVAL", semget(key, -1, 0), EINVAL);
	CHECK_ERR("uid 1000: semget(key, -1, IPC_CREAT|IPC_EXCL) -> EINVAL",
		  semget(key, -1, IPC_CREAT | IPC_EXCL | 0600), EINVAL);
	CHECK_ERR("uid 1000: semget(key, more, IPC_CREAT|IPC_EXCL) -> EEXIST",
		  semget(key, 3, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
	CHECK_ERR("uid 1000: shmget(key, larger, 0600) on 0600 -> EINVAL",
		  shmget(key, 8192, 0600), EINVAL);
	CHECK_ERR("uid 1000: shmget(key, smaller, 0600) -> EACCES", shmget(key, 100, 0600), EACCES);
	CHECK_ERR("uid 1000: shmget(key, larger, IPC_CREAT|IPC_EXCL) -> EEXIST",
		  shmget(key, 8192, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
	CHECK_ERR("uid 1000: shmget(key, 0, 0600) -> EACCES", shmget(key, 0, 0600), EACCES);
	CHECK_ERR("uid 1000: msgget(key, 0600) -> EACCES", msgget(key, 0600), EACCES);
}

static void get_order(void)
{
	key = new_key('g');
	CHECK_OK("semget(key, 2, IPC_CREAT|0600)", new_sem(key, 2, IPC_CREAT | 0600));
	CHECK_OK("shmget(key, 4096, IPC_CREAT|0600)", new_shm(key, 4096, IPC_CREAT | 0600));
	CHECK_OK("msgget(key, IPC_CREAT|0600)", new_msg(key, IPC_CREAT | 0600));
	as_uid1000(get_user);
	CHECK_ERR("shmget(key, larger, IPC_CREAT) -> EINVAL", shmget(key, 8192, IPC_CREAT | 0600), EINVAL);
	CHECK_ERR("semget(key, more, IPC_CREAT) -> EINVAL", semget(key, 3, IPC_CREAT | 0600), EINVAL);
	CHECK_ERR("semget(unused key, -1) -> EINVAL", semget(new_key('h'), -1, 0), EINVAL);
	CHECK_ERR("shmget(unused key, 0) -> ENOENT", shmget(new_key('h'), 0, 0600), ENOENT);
	CHECK_ERR("shmget(IPC_PRIVATE, 0) -> EINVAL", shmget(IPC_PRIVATE, 0, 0600), EINVAL);
	CHECK_ERR("semget(IPC_PRIVATE, 0) -> EINVAL", semget(IPC_PRIVATE, 0, 0600), EINVAL);
	cleanup();
}

/* ---- semop, semtimedop ---- */

static void semop_user(void)
{
	struct sembuf far = { 5, -1, IPC_NOWAIT };
	CHECK_ERR("uid 1000: semnum out of range + no permission -> EFBIG", semop(sid, &far, 1), EFBIG);
	struct sembuf dec = { 0, -1, IPC_NOWAIT };
	int32_t bad_ts[2] = { 0, 2000000000 };
	CHECK_ERR("uid 1000: invalid timeout + no permission -> EINVAL", timedop(sid, &dec, 1, bad_ts), EINVAL);
	CHECK_ERR("uid 1000: no permission -> EACCES", semop(sid, &dec, 1), EACCES);
}

static void semop_order(void)
{
	static struct sembuf many[501];
	struct sembuf dec = { 0, -1, IPC_NOWAIT }, far = { 5, -1, IPC_NOWAIT };
	int32_t bad_ts[2] = { 0, 2000000000 }, ok_ts[2] = { 0, 1000 };
	sid = new_sem(IPC_PRIVATE, 2, 0600);
	CHECK_ERR("semop id -1, 501 ops -> E2BIG", semop(-1, many, 501), E2BIG);
	CHECK_ERR("semop bad sops, 501 ops -> E2BIG", semop(sid, hole(), 501), E2BIG);
	CHECK_ERR("semop 0 ops, bad sops -> EINVAL", semop(sid, hole(), 0), EINVAL);
	CHECK_ERR("semop id -1, bad sops -> EFAULT", semop(-1, hole(), 1), EFAULT);
	CHECK_ERR("semop stale id, bad sops -> EFAULT", semop(stale_sem(), hole(), 1), EFAULT);
	CHECK_ERR("semop stale id, semnum out of range -> EINVAL", semop(stale_sem(), &far, 1), EINVAL);
	CHECK_ERR("semtimedop invalid timeout, 501 ops -> E2BIG", timedop(sid, many, 501, bad_ts), E2BIG);
	CHECK_ERR("semtimedop invalid timeout, bad sops -> EFAULT", timedop(sid, hole(), 1, bad_ts), EFAULT);
	CHECK_ERR("semtimedop invalid timeout, semnum out of range -> EINVAL",
		  timedop(sid, &far, 1, bad_ts), EINVAL);
	CHECK_ERR("semtimedop invalid timeout, stale id -> EINVAL", timedop(stale_sem(), &dec, 1, bad_ts), EINVAL);
	CHECK_ERR("semtimedop bad timeout pointer, 501 ops -> EFAULT", timedop(sid, many, 501, hole()), EFAULT);
	CHECK_ERR("semtimedop valid timeout, IPC_NOWAIT -> EAGAIN", timedop(sid, &dec, 1, ok_ts), EAGAIN);
	as_uid1000(semop_user);
	cleanup();
}

/* ERANGE before EAGAIN or the other way round: the first operation that
 * cannot go on decides. */
static void semop_first_failure(void)
{
	sid = new_sem(IPC_PRIVATE, 2, 0600);
	setval(sid, 1, 32767);
	struct sembuf a[2] = { { 1, 1, 0 }, { 0, -1, IPC_NOWAIT } };
	CHECK_ERR("{sem1 += 1 past SEMVMX, sem0 -= 1 NOWAIT} -> ERANGE", semop(sid, a, 2), ERANGE);
	struct sembuf b[2] = { { 0, -1, IPC_NOWAIT }, { 1, 1, 0 } };
	CHECK_ERR("{sem0 -= 1 NOWAIT, sem1 += 1 past SEMVMX} -> EAGAIN", semop(sid, b, 2), EAGAIN);
	CHECK_EQ("nothing applied", getval(sid, 0) + getval(sid, 1), 32767);
	cleanup();
}

/* SEM_UNDO: the adjustment must stay in -32768..32767 (ERANGE). */
static void undo_range(void)
{
	sid = new_sem(IPC_PRIVATE, 1, 0600);
	CHECK_OK0("+32767 with SEM_UNDO", op1(sid, 0, 32767, SEM_UNDO));
	CHECK_OK0("-32767 without", op1(sid, 0, -32767, 0));
	CHECK_OK0("+1 with SEM_UNDO: adjustment -32768", op1(sid, 0, 1, SEM_UNDO));
	CHECK_ERR("+1 with SEM_UNDO: adjustment -32769 -> ERANGE", op1(sid, 0, 1, SEM_UNDO), ERANGE);
	CHECK_EQ("the value is unchanged", getval(sid, 0), 1);
	CHECK_OK0("+1 without SEM_UNDO still works", op1(sid, 0, 1, 0));
	struct sembuf two[2] = { { 0, -1, SEM_UNDO }, { 0, 2, SEM_UNDO } };
	CHECK_ERR("{-1, +2} with SEM_UNDO: the second passes -32768 -> ERANGE", semop(sid, two, 2), ERANGE);
	CHECK_EQ("the value is unchanged after the failed pair", getval(sid, 0), 2);
	CHECK_OK0("-1 with SEM_UNDO: adjustment back to -32767", op1(sid, 0, -1, SEM_UNDO));

	int up = new_sem(IPC_PRIVATE, 1, 0600);
	CHECK_OK0("other array: +32767 without SEM_UNDO", op1(up, 0, 32767, 0));
	CHECK_OK0("-32767 with SEM_UNDO: adjustment 32767", op1(up, 0, -32767, SEM_UNDO));
	CHECK_OK0("+5 without", op1(up, 0, 5, 0));
	CHECK_ERR("-1 with SEM_UNDO: adjustment 32768 -> ERANGE", op1(up, 0, -1, SEM_UNDO), ERANGE);
	CHECK_EQ("the value is unchanged", getval(up, 0), 5);
	cleanup();
}

/* At exit the undo of a child that hit the limit is the last good one. */
static void undo_exit(void)
{
	sid = new_sem(IPC_PRIVATE, 1, 0600);
	setval(sid, 0, 100);
	pid_t pid = fork();
	if (pid == 0) {
		op1(sid, 0, 32767 - 100, SEM_UNDO);    /* adjustment -32667 */
		op1(sid, 0, -32767, 0);                /* value 0 */
		op1(sid, 0, 101, SEM_UNDO);            /* adjustment -32768 */
		op1(sid, 0, 1, SEM_UNDO);              /* ERANGE */
		_exit(getval(sid, 0) == 101 ? 0 : 1);
	}
	CHECK_EXIT("child's operations", wait_for(pid), 0);
	CHECK_EQ("its undo at exit clamps to 0", getval(sid, 0), 0);
	cleanup();
}

/* Issue 14: IPC_NOWAIT is the blocking operation's own flag, not that of
 * the first operation on the same semaphore. */
static void nowait_of_blocker(void)
{
	sid = new_sem(IPC_PRIVATE, 1, 0600);
	handle(SIGALRM, on_signal, 0);
	alarm(2);
	struct sembuf a[2] = { { 0, 1, 0 }, { 0, -5, IPC_NOWAIT } };
	CHECK_ERR("{+1, -5 NOWAIT} on 0 -> EAGAIN at once", semop(sid, a, 2), EAGAIN);
	alarm(0);
	CHECK_EQ("the +1 was not kept", getval(sid, 0), 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct sembuf b[2] = { { 0, 1, IPC_NOWAIT }, { 0, -5, 0 } };
		_exit(semop(sid, b, 2) == 0 ? 0 : 1);
	}
	CHECK("{+1 NOWAIT, -5} on 0 sleeps", still_running(pid, 300));
	int n = -1;
	for (int i = 0; i < 300 && (n = semctl(sid, 0, GETNCNT)) != 1; i++)
		msleep(10);
	CHECK_EQ("GETNCNT counts it", n, 1);
	CHECK_OK0("SETVAL 4", setval(sid, 0, 4));
	CHECK_EXIT("then completes", wait_or_kill(pid, 3000), 0);
	CHECK_EQ("value 4 + 1 - 5", getval(sid, 0), 0);
	cleanup();
}

/* A sleeper woken by a change that now blocks on an IPC_NOWAIT operation
 * gives up with EAGAIN. */
static void nowait_after_wakeup(void)
{
	sid = new_sem(IPC_PRIVATE, 2, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		struct sembuf b[2] = { { 0, -1, 0 }, { 1, -1, IPC_NOWAIT } };
		errno = 0;
		int r = semop(sid, b, 2);
		_exit(r == -1 && errno == EAGAIN ? 0 : 1);
	}
	int n = -1;
	for (int i = 0; i < 300 && (n = semctl(sid, 0, GETNCNT)) != 1; i++)
		msleep(10);
	CHECK_EQ("{sem0 -= 1, sem1 -= 1 NOWAIT} sleeps on sem 0", n, 1);
	CHECK_OK0("SETVAL sem 0 = 1", setval(sid, 0, 1));
	CHECK_EXIT("woken, it fails on sem 1 with EAGAIN", wait_or_kill(pid, 3000), 0);
	CHECK_EQ("sem 0 keeps its 1", getval(sid, 0), 1);
	cleanup();
}

/* ---- semctl ---- */

static void semctl_user(void)
{
	struct semid_ds ds;
	unsigned short v[2] = { 1, 1 };
	CHECK_ERR("uid 1000: SETVAL 40000, no write permission -> ERANGE", setval(sid, 0, 40000), ERANGE);
	CHECK_ERR("uid 1000: SETVAL -1, no write permission -> ERANGE", setval(sid, 0, -1), ERANGE);
	CHECK_ERR("uid 1000: SETVAL bad semnum, no write permission -> EINVAL", setval(sid, 7, 1), EINVAL);
	CHECK_ERR("uid 1000: SETVAL -> EACCES", setval(sid, 0, 1), EACCES);
	CHECK_ERR("uid 1000: GETVAL bad semnum, no read permission -> EACCES", getval(sid, 7), EACCES);
	CHECK_ERR("uid 1000: GETNCNT bad semnum, no read permission -> EACCES",
		  semctl(sid, -1, GETNCNT), EACCES);
	CHECK_ERR("uid 1000: GETALL bad buffer -> EACCES", semctl(sid, 0, GETALL, hole()), EACCES);
	CHECK_ERR("uid 1000: SETALL bad buffer -> EACCES", semctl(sid, 0, SETALL, hole()), EACCES);
	CHECK_ERR("uid 1000: SETALL -> EACCES", semctl(sid, 0, SETALL, (union semun){ .array = v }), EACCES);
	CHECK_ERR("uid 1000: IPC_STAT bad buffer -> EACCES", semctl(sid, 0, IPC_STAT, hole()), EACCES);
	CHECK_ERR("uid 1000: IPC_SET bad buffer -> EFAULT", semctl(sid, 0, IPC_SET, hole()), EFAULT);
	memset(&ds, 0, sizeof ds);
	ds.sem_perm.uid = -1;
	CHECK_ERR("uid 1000: IPC_SET uid -1 -> EPERM", semctl(sid, 0, IPC_SET, (union semun){ .buf = &ds }), EPERM);
	CHECK_ERR("uid 1000: SEM_STAT -> EACCES", semctl(sid & 0x7FFF, 0, SEM_STAT, &ds), EACCES);
}

static void semctl_order(void)
{
	struct semid_ds ds;
	unsigned short big[2] = { 1, 40000 };
	sid = new_sem(IPC_PRIVATE, 2, 0600);
	as_uid1000(semctl_user);
	CHECK_ERR("SETVAL 40000 on a stale id -> ERANGE", setval(stale_sem(), 0, 40000), ERANGE);
	CHECK_ERR("SETVAL 40000 on id -1 -> EINVAL", setval(-1, 0, 40000), EINVAL);
	CHECK_ERR("SETVAL 40000 bad semnum -> ERANGE", setval(sid, 9, 40000), ERANGE);
	CHECK_ERR("GETVAL bad semnum -> EINVAL", getval(sid, 2), EINVAL);
	CHECK_ERR("SETALL with 40000 -> ERANGE", semctl(sid, 0, SETALL, (union semun){ .array = big }), ERANGE);
	CHECK_ERR("SETALL bad buffer -> EFAULT", semctl(sid, 0, SETALL, hole()), EFAULT);
	CHECK_ERR("IPC_SET bad buffer, stale id -> EFAULT", semctl(stale_sem(), 0, IPC_SET, hole()), EFAULT);
	CHECK_ERR("IPC_STAT bad buffer, stale id -> EINVAL", semctl(stale_sem(), 0, IPC_STAT, hole()), EINVAL);
	CHECK_ERR("IPC_INFO id -1 -> EINVAL", semctl(-1, 0, IPC_INFO, &ds), EINVAL);
	CHECK_ERR("command 99 -> EINVAL", semctl(sid, 0, 99), EINVAL);
	CHECK_ERR("command 99, stale id -> EINVAL", semctl(stale_sem(), 0, 99), EINVAL);
	memset(&ds, 0, sizeof ds);
	ds.sem_perm.uid = -1;
	ds.sem_perm.mode = 0666;
	CHECK_ERR("IPC_SET uid -1 -> EINVAL", semctl(sid, 0, IPC_SET, (union semun){ .buf = &ds }), EINVAL);
	ds.sem_perm.uid = 0;
	ds.sem_perm.gid = -1;
	CHECK_ERR("IPC_SET gid -1 -> EINVAL", semctl(sid, 0, IPC_SET, (union semun){ .buf = &ds }), EINVAL);
	CHECK_OK0("IPC_STAT", semctl(sid, 0, IPC_STAT, (union semun){ .buf = &ds }));
	CHECK_MODE("the mode is unchanged", ds.sem_perm.mode & 0777, 0600);
	CHECK_ERR("ipc(SEMCTL) with no argument pointer -> EINVAL",
		  syscall(SYS_ipc, IPCCALL_SEMCTL, sid, 0, IPC_RMID, NULL), EINVAL);
	CHECK_EQ("and the array is still there", getval(sid, 0), 0);
	cleanup();
}

/* ---- msgsnd, msgrcv, msgctl ---- */

struct small { long mtype; char mtext[16]; };

/* Where a message of type 1 can be read from memory but its text cannot:
 * the mtype is the last word of a page whose successor is a hole. */
static void *type_then_hole(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	*(long *)(p + 4096 - sizeof(long)) = 1;
	return p + 4096 - sizeof(long);
}

static void msg_user(void)
{
	struct small m = { 0, "x" };
	CHECK_ERR("uid 1000: msgsnd type 0, no permission -> EINVAL", msgsnd(qid, &m, 1, IPC_NOWAIT), EINVAL);
	CHECK_ERR("uid 1000: msgsnd text unreadable, no permission -> EFAULT",
		  msgsnd(qid, type_then_hole(), 4, IPC_NOWAIT), EFAULT);
	m.mtype = 1;
	CHECK_ERR("uid 1000: msgsnd -> EACCES", msgsnd(qid, &m, 1, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: msgrcv bad buffer -> EACCES", msgrcv(qid, hole(), 16, 0, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: msgrcv size -1 -> EINVAL", msgrcv(qid, &m, (size_t)-1, 0, IPC_NOWAIT), EINVAL);
	CHECK_ERR("uid 1000: msgrcv MSG_COPY without IPC_NOWAIT -> EINVAL", msgrcv(qid, &m, 16, 0, MSG_COPY), EINVAL);
	CHECK_ERR("uid 1000: msgsnd to a full queue, IPC_NOWAIT -> EACCES", msgsnd(qid, &m, 16, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: IPC_STAT bad buffer -> EACCES", msgctl(qid, IPC_STAT, hole()), EACCES);
	CHECK_ERR("uid 1000: IPC_SET bad buffer -> EFAULT", msgctl(qid, IPC_SET, hole()), EFAULT);
	struct msqid_ds ds;
	memset(&ds, 0, sizeof ds);
	ds.msg_perm.uid = -1;
	ds.msg_qbytes = 100;
	CHECK_ERR("uid 1000: IPC_SET uid -1 -> EPERM", msgctl(qid, IPC_SET, &ds), EPERM);
}

static void msg_owner_user(void)
{
	struct msqid_ds ds;
	memset(&ds, 0, sizeof ds);
	ds.msg_perm.uid = -1;
	ds.msg_qbytes = 1 << 20;
	CHECK_ERR("uid 1000 owner: IPC_SET qbytes 1 MiB, uid -1 -> EPERM", msgctl(qid, IPC_SET, &ds), EPERM);
	ds.msg_qbytes = 100;
	CHECK_ERR("uid 1000 owner: IPC_SET uid -1 -> EINVAL", msgctl(qid, IPC_SET, &ds), EINVAL);
}

static void msg_order(void)
{
	struct small m = { 1, "hello" };
	struct msqid_ds ds;
	qid = new_msg(IPC_PRIVATE, 0600);
	CHECK_ERR("msgsnd bad pointer, size 1 MiB -> EFAULT", msgsnd(qid, hole(), 1 << 20, 0), EFAULT);
	CHECK_ERR("msgsnd bad pointer, id -1 -> EFAULT", msgsnd(-1, hole(), 1, 0), EFAULT);
	CHECK_ERR("msgsnd size 1 MiB, stale id -> EINVAL", msgsnd(stale_msg(), &m, 1 << 20, 0), EINVAL);
	CHECK_ERR("msgsnd text unreadable, stale id -> EFAULT",
		  msgsnd(stale_msg(), type_then_hole(), 4, 0), EFAULT);
	CHECK_ERR("msgrcv size -1, stale id -> EINVAL", msgrcv(stale_msg(), &m, (size_t)-1, 0, 0), EINVAL);
	CHECK_ERR("msgctl IPC_SET bad buffer, stale id -> EFAULT", msgctl(stale_msg(), IPC_SET, hole()), EFAULT);
	CHECK_ERR("msgctl IPC_STAT bad buffer, stale id -> EINVAL", msgctl(stale_msg(), IPC_STAT, hole()), EINVAL);
	CHECK_ERR("msgctl command 99 -> EINVAL", msgctl(qid, 99, &ds), EINVAL);
	CHECK_ERR("msgctl IPC_INFO id -1 -> EINVAL", msgctl(-1, IPC_INFO, &ds), EINVAL);
	CHECK_OK0("msgsnd", msgsnd(qid, &m, 6, 0));
	CHECK_ERR("msgrcv too small into a bad buffer -> E2BIG", msgrcv(qid, hole(), 2, 0, IPC_NOWAIT), E2BIG);
	msgctl(qid, IPC_STAT, &ds);
	ds.msg_qbytes = 6;
	CHECK_OK0("IPC_SET qbytes 6: the queue is full", msgctl(qid, IPC_SET, &ds));
	as_uid1000(msg_user);
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("the message is still queued", ds.msg_qnum, 1);
	ds.msg_perm.uid = 1000;
	CHECK_OK0("IPC_SET uid 1000", msgctl(qid, IPC_SET, &ds));
	as_uid1000(msg_owner_user);
	cleanup();
}

/* msgrcv into a buffer it cannot write: the message is taken and lost. */
static void msgrcv_fault(void)
{
	struct small m = { 1, "hello" };
	struct msqid_ds ds;
	qid = new_msg(IPC_PRIVATE, 0600);
	msgsnd(qid, &m, 6, 0);
	msgsnd(qid, &m, 6, 0);
	CHECK_ERR("msgrcv into a hole -> EFAULT", msgrcv(qid, hole(), 16, 0, IPC_NOWAIT), EFAULT);
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("the message is gone", ds.msg_qnum, 1);
	CHECK_EQ("and its bytes", ds.msg_cbytes, 6);
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	CHECK_ERR("msgrcv: type fits, text in a hole -> EFAULT",
		  msgrcv(qid, p + 4096 - sizeof(long), 16, 0, IPC_NOWAIT), EFAULT);
	CHECK_EQ("the type was written", *(long *)(p + 4096 - sizeof(long)), 1);
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("the second is gone too", ds.msg_qnum, 0);
	CHECK_ERR("nothing left -> ENOMSG", msgrcv(qid, &m, 16, 0, IPC_NOWAIT), ENOMSG);
	cleanup();
}

/* MSG_COPY (with IPC_NOWAIT) copies the n-th message and leaves it; a
 * type of LONG_MIN takes the lowest type. */
static void msg_copy(void)
{
	struct small m = { 5, "hello" }, got;
	struct msqid_ds ds;
	qid = new_msg(IPC_PRIVATE, 0600);
	msgsnd(qid, &m, 6, 0);
	m.mtype = 3;
	strcpy(m.mtext, "three");
	msgsnd(qid, &m, 6, 0);
	memset(&got, 0, sizeof got);
	CHECK_EQ("MSG_COPY|IPC_NOWAIT 1 -> 6 bytes", msgrcv(qid, &got, 16, 1, MSG_COPY | IPC_NOWAIT), 6);
	CHECK_EQ("of the second message", got.mtype, 3);
	CHECK_STR("its text", got.mtext, "three");
	CHECK_ERR("MSG_COPY 2 of 2 -> ENOMSG", msgrcv(qid, &got, 16, 2, MSG_COPY | IPC_NOWAIT), ENOMSG);
	CHECK_ERR("MSG_COPY -1 -> ENOMSG", msgrcv(qid, &got, 16, -1, MSG_COPY | IPC_NOWAIT), ENOMSG);
	CHECK_ERR("MSG_COPY without IPC_NOWAIT -> EINVAL", msgrcv(qid, &got, 16, 0, MSG_COPY), EINVAL);
	CHECK_ERR("MSG_COPY|MSG_EXCEPT -> EINVAL",
		  msgrcv(qid, &got, 16, 0, MSG_COPY | MSG_EXCEPT | IPC_NOWAIT), EINVAL);
	CHECK_ERR("MSG_COPY, stale id, no IPC_NOWAIT -> EINVAL", msgrcv(stale_msg(), &got, 16, 0, MSG_COPY), EINVAL);
	CHECK_ERR("MSG_COPY into 2 bytes -> E2BIG", msgrcv(qid, &got, 2, 0, MSG_COPY | IPC_NOWAIT), E2BIG);
	CHECK_ERR("MSG_COPY|MSG_NOERROR into 2 bytes -> EINVAL",
		  msgrcv(qid, &got, 2, 0, MSG_COPY | MSG_NOERROR | IPC_NOWAIT), EINVAL);
	CHECK_ERR("MSG_COPY into a hole -> EFAULT", msgrcv(qid, hole(), 16, 0, MSG_COPY | IPC_NOWAIT), EFAULT);
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("both messages stay", ds.msg_qnum, 2);
	memset(&got, 0, sizeof got);
	CHECK_EQ("msgrcv type LONG_MIN -> 6 bytes", msgrcv(qid, &got, 16, (long)INT32_MIN, IPC_NOWAIT), 6);
	CHECK_EQ("of the lowest type", got.mtype, 3);
	cleanup();
}

/* A blocked receiver or sender whose permission is taken away while it
 * sleeps (IPC_SET) wakes with EACCES. */
static void msg_revoked_user(void)
{
	struct small m;
	errno = 0;
	long r = msgrcv(qid, &m, 16, 0, 0);
	_exit(r == -1 && errno == EACCES ? 0 : 1);
}

static void msg_revoked(void)
{
	struct msqid_ds ds;
	qid = new_msg(IPC_PRIVATE, 0666);
	pid_t pid = fork();
	if (pid == 0) {
		setgroups(0, NULL);
		if (setgid(100) == 0 && setuid(1000) == 0)
			msg_revoked_user();
		_exit(2);
	}
	CHECK("uid 1000: msgrcv on an empty queue sleeps", still_running(pid, 300));
	msgctl(qid, IPC_STAT, &ds);
	ds.msg_perm.mode = 0600;
	CHECK_OK0("IPC_SET mode 0600", msgctl(qid, IPC_SET, &ds));
	CHECK_EXIT("it wakes with EACCES", wait_or_kill(pid, 3000), 0);
	cleanup();
}

/* ---- shmat, shmdt, shmctl ---- */

static void shm_user(void)
{
	void *p;
	CHECK_ERR("uid 1000: shmat SHM_EXEC on 0666 -> EACCES", (long)shmat(mid, NULL, SHM_EXEC), EACCES);
	CHECK_ERR("uid 1000: shmat SHM_EXEC|SHM_RDONLY on 0666 -> EACCES",
		  (long)shmat(mid, NULL, SHM_EXEC | SHM_RDONLY), EACCES);
	p = shmat(mid, NULL, 0);
	CHECK("uid 1000: shmat read-write on 0666", p != (void *)-1);
	shmdt(p);
	CHECK_ERR("uid 1000: shmat NULL with SHM_REMAP, no permission -> EINVAL",
		  (long)shmat(sid, NULL, SHM_REMAP), EINVAL);
	CHECK_ERR("uid 1000: shmat unaligned, no permission -> EINVAL",
		  (long)shmat(sid, (void *)0x40000123, 0), EINVAL);
	CHECK_ERR("uid 1000: shmat, no permission -> EACCES", (long)shmat(sid, NULL, 0), EACCES);
	void *area = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR("uid 1000: shmat over a mapping, no permission -> EACCES", (long)shmat(sid, area, 0), EACCES);
	CHECK_ERR("uid 1000: IPC_STAT bad buffer -> EACCES", shmctl(sid, IPC_STAT, hole()), EACCES);
	CHECK_ERR("uid 1000: IPC_SET bad buffer -> EFAULT", shmctl(sid, IPC_SET, hole()), EFAULT);
	CHECK_ERR("uid 1000: SHM_LOCK -> EPERM", shmctl(sid, SHM_LOCK, NULL), EPERM);
	CHECK_ERR("uid 1000: IPC_RMID -> EPERM", shmctl(sid, IPC_RMID, NULL), EPERM);
}

static void shm_exec_user(void)
{
	void *p = shmat(mid, NULL, SHM_EXEC);
	CHECK("uid 1000: shmat SHM_EXEC on 0777", p != (void *)-1);
	shmdt(p);
	p = shmat(mid, NULL, SHM_EXEC | SHM_RDONLY);
	CHECK("uid 1000: shmat SHM_EXEC|SHM_RDONLY on 0777", p != (void *)-1);
	shmdt(p);
}

static void shm_exec(void)
{
	struct shmid_ds ds;
	mid = new_shm(IPC_PRIVATE, 4096, 0666);
	sid = new_shm(IPC_PRIVATE, 4096, 0600);
	as_uid1000(shm_user);
	shmctl(mid, IPC_STAT, &ds);
	ds.shm_perm.mode = 0777;
	shmctl(mid, IPC_SET, &ds);
	as_uid1000(shm_exec_user);
	void *p = shmat(mid, NULL, SHM_EXEC);
	CHECK("root: shmat SHM_EXEC on 0600", p != (void *)-1);
	shmdt(p);
	cleanup();
}

static void shm_order(void)
{
	struct shmid_ds ds;
	mid = new_shm(IPC_PRIVATE, 4096, 0600);
	CHECK_ERR("shmat NULL with SHM_REMAP -> EINVAL", (long)shmat(mid, NULL, SHM_REMAP), EINVAL);
	CHECK_ERR("shmat NULL with SHM_REMAP, stale id -> EINVAL",
		  (long)shmat(stale_shm(), NULL, SHM_REMAP), EINVAL);
	CHECK_ERR("shmat 0x123 with SHM_RND|SHM_REMAP (rounds to 0) -> EINVAL",
		  (long)shmat(mid, (void *)0x123, SHM_RND | SHM_REMAP), EINVAL);
	char *area = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR("shmat over a mapping -> EINVAL", (long)shmat(mid, area, 0), EINVAL);
	CHECK_ERR("shmat over a mapping, SHM_RND -> EINVAL", (long)shmat(mid, area + 5, SHM_RND), EINVAL);
	char *p = shmat(mid, area + 5, SHM_RND | SHM_REMAP);
	CHECK("shmat over a mapping, SHM_RND|SHM_REMAP -> that address", p == area);
	CHECK_ERR("shmdt unaligned -> EINVAL", shmdt(area + 1), EINVAL);
	CHECK_ERR("shmdt of the mapping after it -> EINVAL", shmdt(area + 4096), EINVAL);
	CHECK_OK0("shmdt", shmdt(p));
	CHECK_ERR("shmdt again -> EINVAL", shmdt(p), EINVAL);
	CHECK_ERR("shmctl IPC_SET bad buffer, stale id -> EFAULT", shmctl(stale_shm(), IPC_SET, hole()), EFAULT);
	CHECK_ERR("shmctl IPC_STAT bad buffer, stale id -> EINVAL", shmctl(stale_shm(), IPC_STAT, hole()), EINVAL);
	CHECK_ERR("shmctl command -1 -> EINVAL", shmctl(mid, -1, &ds), EINVAL);
	CHECK_ERR("shmctl command 99 -> EINVAL", shmctl(mid, 99, &ds), EINVAL);
	memset(&ds, 0, sizeof ds);
	ds.shm_perm.gid = -1;
	CHECK_ERR("shmctl IPC_SET gid -1 -> EINVAL", shmctl(mid, IPC_SET, &ds), EINVAL);
	cleanup();
}

int main(void)
{
	umask(022);
	tdir_setup("t_hostile_ipc");
	made_setup(rm_made);
	if (made != made_local)
		kinds = made + MADE_MAX + 1;         /* in the same shared page */
	RUN(get_order);
	RUN(semop_order);
	RUN(semop_first_failure);
	RUN(undo_range);
	RUN(undo_exit);
	RUN(nowait_of_blocker);
	RUN(nowait_after_wakeup);
	RUN(semctl_order);
	RUN(msg_order);
	RUN(msgrcv_fault);
	RUN(msg_copy);
	RUN(msg_revoked);
	RUN(shm_exec);
	RUN(shm_order);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
