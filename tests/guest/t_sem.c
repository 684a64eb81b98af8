/* t_sem - differential test of System V semaphores: semget, semop and
 * semtimedop (atomic operation arrays, wait-for-zero, IPC_NOWAIT,
 * SEM_UNDO at exit and its clearing by SETVAL/SETALL, timeouts, wake-ups
 * by a change, by IPC_RMID and by a signal), semctl (GETVAL, SETVAL,
 * GETALL, SETALL, GETPID, GETNCNT, GETZCNT, IPC_STAT, IPC_SET, IPC_RMID,
 * IPC_INFO, SEM_INFO, SEM_STAT_ANY), the limits (ERANGE, EFBIG, E2BIG) and
 * the permission rules for uid 1000. Identifiers and pids are compared,
 * never printed. Every array made is removed, even after a crash. */
#include "sem_util.h"
#include <grp.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/time.h>

static int sid;

/* ---- cases ---- */

static void basics(void)
{
	struct semid_ds ds;
	sid = new_array(3, 0600);
	CHECK_OK("semget(IPC_PRIVATE, 3)", sid);
	CHECK_EQ("new semaphores are 0", getval(sid, 0) + getval(sid, 1) + getval(sid, 2), 0);
	CHECK_OK0("SETVAL 1 = 7", setval(sid, 1, 7));
	CHECK_EQ("GETVAL 1", getval(sid, 1), 7);
	CHECK_EQ("GETVAL 0 untouched", getval(sid, 0), 0);
	CHECK_OK0("IPC_STAT", semctl(sid, 0, IPC_STAT, (union semun){ .buf = &ds }));
	CHECK_EQ("IPC_STAT: sem_nsems", ds.sem_nsems, 3);
	CHECK_MODE("IPC_STAT: mode", ds.sem_perm.mode & 0777, 0600);
	CHECK_EQ("IPC_STAT: uid", ds.sem_perm.uid, 0);
	CHECK_EQ("IPC_STAT: sem_otime 0 before any semop", ds.sem_otime, 0);
	CHECK("IPC_STAT: sem_ctime set", ds.sem_ctime != 0);
	CHECK_OK0("semop +2 on sem 2", op1(sid, 2, 2, 0));
	CHECK_EQ("GETVAL 2", getval(sid, 2), 2);
	CHECK_OK0("semop -2 on sem 2", op1(sid, 2, -2, 0));
	CHECK_EQ("GETVAL 2 back to 0", getval(sid, 2), 0);
	semctl(sid, 0, IPC_STAT, (union semun){ .buf = &ds });
	CHECK("sem_otime set by semop", ds.sem_otime != 0);
	ds.sem_perm.mode = 0640;
	CHECK_OK0("IPC_SET mode 0640", semctl(sid, 0, IPC_SET, (union semun){ .buf = &ds }));
	memset(&ds, 0, sizeof ds);
	semctl(sid, 0, IPC_STAT, (union semun){ .buf = &ds });
	CHECK_MODE("mode now 0640", ds.sem_perm.mode & 0777, 0640);
	CHECK_EQ("IPC_SET keeps nsems", ds.sem_nsems, 3);

	CHECK_ERR("semget(IPC_PRIVATE, 0) -> EINVAL", semget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL);
	CHECK_ERR("semget(IPC_PRIVATE, -1) -> EINVAL", semget(IPC_PRIVATE, -1, IPC_CREAT | 0600), EINVAL);
	CHECK_ERR("semget(IPC_PRIVATE, 70000) -> EINVAL", semget(IPC_PRIVATE, 70000, IPC_CREAT | 0600), EINVAL);
	cleanup();
}

static void getall_setall(void)
{
	unsigned short v[5] = { 1, 2, 3, 4, 5 }, w[5] = { 0 };
	sid = new_array(5, 0600);
	CHECK_OK0("SETALL 1..5", semctl(sid, 0, SETALL, (union semun){ .array = v }));
	CHECK_OK0("GETALL", semctl(sid, 0, GETALL, (union semun){ .array = w }));
	CHECK("GETALL gives 1..5", !memcmp(v, w, sizeof v));
	CHECK_EQ("GETVAL 3", getval(sid, 3), 4);
	unsigned short big[5] = { 9, 9, 32768, 9, 9 };
	CHECK_ERR("SETALL with 32768 -> ERANGE", semctl(sid, 0, SETALL, (union semun){ .array = big }), ERANGE);
	semctl(sid, 0, GETALL, (union semun){ .array = w });
	CHECK("a refused SETALL changes nothing", !memcmp(v, w, sizeof v));
	unsigned short top[5] = { 32767, 0, 0, 0, 32767 };
	CHECK_OK0("SETALL with 32767", semctl(sid, 0, SETALL, (union semun){ .array = top }));
	CHECK_EQ("GETVAL 4 = 32767", getval(sid, 4), 32767);
	CHECK_ERR("GETALL to a bad pointer -> EFAULT", semctl(sid, 0, GETALL, (union semun){ .array = (void *)16 }), EFAULT);
	CHECK_ERR("SETALL from a bad pointer -> EFAULT", semctl(sid, 0, SETALL, (union semun){ .array = (void *)16 }), EFAULT);
	cleanup();
}

static void limits(void)
{
	sid = new_array(3, 0600);
	CHECK_ERR("SETVAL 32768 -> ERANGE", setval(sid, 0, 32768), ERANGE);
	CHECK_ERR("SETVAL -1 -> ERANGE", setval(sid, 0, -1), ERANGE);
	CHECK_OK0("SETVAL 32767", setval(sid, 0, 32767));
	CHECK_ERR("semop +1 past 32767 -> ERANGE", op1(sid, 0, 1, 0), ERANGE);
	CHECK_EQ("value stays 32767", getval(sid, 0), 32767);
	CHECK_ERR("semop +1 past 32767 with IPC_NOWAIT -> ERANGE", op1(sid, 0, 1, IPC_NOWAIT), ERANGE);
	struct sembuf two[2] = { { 1, 5, 0 }, { 0, 1, 0 } };
	CHECK_ERR("array whose second op overflows -> ERANGE", semop(sid, two, 2), ERANGE);
	CHECK_EQ("and its first op is not applied", getval(sid, 1), 0);
	CHECK_ERR("sem_num 3 of 3 -> EFBIG", op1(sid, 3, 1, 0), EFBIG);
	CHECK_ERR("sem_num 65535 -> EFBIG", op1(sid, 65535, 0, 0), EFBIG);
	CHECK_ERR("GETVAL of sem 3 -> EINVAL", getval(sid, 3), EINVAL);
	CHECK_ERR("SETVAL of sem -1 -> EINVAL", setval(sid, -1, 1), EINVAL);
	CHECK_ERR("GETNCNT of sem 3 -> EINVAL", ncnt(sid, 3), EINVAL);

	static struct sembuf many[501];
	for (int i = 0; i < 501; i++)
		many[i] = (struct sembuf){ 2, 0, 0 };
	CHECK_ERR("nsops 501 -> E2BIG", semop(sid, many, 501), E2BIG);
	CHECK_OK0("nsops 500 is allowed", semop(sid, many, 500));
	CHECK_ERR("nsops 0 -> EINVAL", semop(sid, many, 0), EINVAL);
	CHECK_ERR("semop from a bad pointer -> EFAULT", semop(sid, (void *)16, 1), EFAULT);
	CHECK_ERR("semop on id -1 -> EINVAL", semop(-1, many, 1), EINVAL);
	CHECK_ERR("GETVAL on id -1 -> EINVAL", getval(-1, 0), EINVAL);
	CHECK_ERR("semctl bad cmd -> EINVAL", semctl(sid, 0, 12345), EINVAL);
	cleanup();
}

static void atomic_ops(void)
{
	sid = new_array(3, 0600);
	setval(sid, 0, 1);
	struct sembuf both[2] = { { 0, -1, IPC_NOWAIT }, { 1, -1, IPC_NOWAIT } };
	CHECK_ERR("[-1 on 1, -1 on 0] IPC_NOWAIT -> EAGAIN", semop(sid, both, 2), EAGAIN);
	CHECK_EQ("the possible op was not applied (sem 0 still 1)", getval(sid, 0), 1);
	CHECK_EQ("sem 1 still 0", getval(sid, 1), 0);

	struct sembuf wait2[2] = { { 0, -1, 0 }, { 1, -1, 0 } };
	pid_t pid = fork();
	if (pid == 0)
		_exit(semop(sid, wait2, 2) == 0 ? 0 : 1);
	CHECK_EQ("the blocked op is counted in GETNCNT of sem 1", wait_count(ncnt, sid, 1, 1), 1);
	CHECK_EQ("sleeping semop applied nothing: sem 0 still 1", getval(sid, 0), 1);
	CHECK_EQ("GETNCNT of sem 0 is 0 (it could go on)", ncnt(sid, 0), 0);
	CHECK_OK0("someone else may take sem 0 meanwhile", op1(sid, 0, -1, IPC_NOWAIT));
	CHECK_OK0("and give it back", op1(sid, 0, 1, 0));
	CHECK_OK0("SETVAL sem 1 = 1", setval(sid, 1, 1));
	CHECK_EXIT("the sleeper completed", wait_for(pid), 0);
	CHECK_EQ("both decremented: sem 0", getval(sid, 0), 0);
	CHECK_EQ("both decremented: sem 1", getval(sid, 1), 0);
	CHECK_EQ("GETNCNT back to 0", ncnt(sid, 1), 0);

	/* the same semaphore twice in one array */
	setval(sid, 2, 1);
	struct sembuf twice[2] = { { 2, -1, IPC_NOWAIT }, { 2, -1, IPC_NOWAIT } };
	CHECK_ERR("-1 twice on a 1 -> EAGAIN", semop(sid, twice, 2), EAGAIN);
	CHECK_EQ("value still 1", getval(sid, 2), 1);
	struct sembuf updown[2] = { { 2, -1, 0 }, { 2, 3, 0 } };
	CHECK_OK0("-1 then +3 on one semaphore", semop(sid, updown, 2));
	CHECK_EQ("value 3", getval(sid, 2), 3);
	struct sembuf upfirst[2] = { { 1, 2, 0 }, { 1, -2, 0 } };
	CHECK_OK0("+2 then -2 on a 0 completes (in order)", semop(sid, upfirst, 2));
	CHECK_EQ("value 0", getval(sid, 1), 0);
	cleanup();
}

static void nowait(void)
{
	sid = new_array(2, 0600);
	CHECK_ERR("-1 on 0 with IPC_NOWAIT -> EAGAIN", op1(sid, 0, -1, IPC_NOWAIT), EAGAIN);
	setval(sid, 1, 3);
	CHECK_ERR("wait-for-zero on 3 with IPC_NOWAIT -> EAGAIN", op1(sid, 1, 0, IPC_NOWAIT), EAGAIN);
	CHECK_OK0("wait-for-zero on 0 succeeds at once", op1(sid, 0, 0, 0));
	CHECK_OK0("-3 on 3 succeeds", op1(sid, 1, -3, IPC_NOWAIT));
	CHECK_ERR("then -1 -> EAGAIN", op1(sid, 1, -1, IPC_NOWAIT), EAGAIN);
	cleanup();
}

static void wait_zero(void)
{
	sid = new_array(1, 0600);
	setval(sid, 0, 2);
	pid_t pid = fork();
	if (pid == 0)
		_exit(op1(sid, 0, 0, 0) == 0 ? 0 : 1);
	CHECK_EQ("the zero-waiter is counted in GETZCNT", wait_count(zcnt, sid, 0, 1), 1);
	CHECK_EQ("and not in GETNCNT", ncnt(sid, 0), 0);
	op1(sid, 0, -1, 0);
	CHECK("at 1 it still sleeps", still_running(pid, 100));
	op1(sid, 0, -1, 0);
	CHECK_EXIT("at 0 it wakes", wait_for(pid), 0);
	CHECK_EQ("GETZCNT back to 0", zcnt(sid, 0), 0);

	/* several zero-waiters wake together */
	setval(sid, 0, 1);
	pid_t p[3];
	for (int i = 0; i < 3; i++)
		if ((p[i] = fork()) == 0)
			_exit(op1(sid, 0, 0, 0) == 0 ? 0 : 1);
	CHECK_EQ("GETZCNT 3", wait_count(zcnt, sid, 0, 3), 3);
	setval(sid, 0, 0);
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		int st = wait_for(p[i]);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CHECK("SETVAL 0 wakes all three", ok);
	cleanup();
}

static void fairness(void)
{
	sid = new_array(1, 0600);
	pid_t big = fork();
	if (big == 0)
		_exit(op1(sid, 0, -2, 0) == 0 ? 0 : 1);
	wait_count(ncnt, sid, 0, 1);
	pid_t small = fork();
	if (small == 0)
		_exit(op1(sid, 0, -1, 0) == 0 ? 0 : 1);
	CHECK_EQ("two waiters in GETNCNT", wait_count(ncnt, sid, 0, 2), 2);
	op1(sid, 0, 1, 0);
	CHECK_EXIT("+1: the -1 waiter goes on though the -2 waiter came first", wait_for(small), 0);
	CHECK("the -2 waiter still sleeps", still_running(big, 50));
	CHECK_EQ("GETNCNT 1", ncnt(sid, 0), 1);
	op1(sid, 0, 2, 0);
	CHECK_EXIT("+2: the -2 waiter goes on", wait_for(big), 0);
	CHECK_EQ("value 0", getval(sid, 0), 0);

	/* SETALL wakes a sleeper too */
	pid_t w = fork();
	if (w == 0)
		_exit(op1(sid, 0, -5, 0) == 0 ? 0 : 1);
	wait_count(ncnt, sid, 0, 1);
	unsigned short v = 5;
	semctl(sid, 0, SETALL, (union semun){ .array = &v });
	CHECK_EXIT("SETALL wakes a waiter that can now go on", wait_for(w), 0);
	cleanup();
}

static void undo(void)
{
	sid = new_array(2, 0600);
	setval(sid, 0, 5);
	pid_t pid = fork();
	if (pid == 0) {
		op1(sid, 0, -2, SEM_UNDO);
		op1(sid, 0, 3, SEM_UNDO);
		op1(sid, 1, 4, SEM_UNDO);
		op1(sid, 1, 1, 0);                 /* no undo for this one */
		_exit(getval(sid, 0) == 6 && getval(sid, 1) == 5 ? 0 : 1);
	}
	CHECK_EXIT("child saw its operations", wait_for(pid), 0);
	CHECK_EQ("SEM_UNDO at exit: sem 0 back to 5", getval(sid, 0), 5);
	CHECK_EQ("SEM_UNDO at exit: sem 1 keeps the op without undo", getval(sid, 1), 1);
	CHECK("GETPID after exit is the child (undo counts as an op)", semctl(sid, 0, GETPID) == pid);

	/* a lock held with SEM_UNDO is released when its holder dies */
	setval(sid, 0, 1);
	pid = fork();
	if (pid == 0) {
		op1(sid, 0, -1, SEM_UNDO);
		pause();
		_exit(0);
	}
	CHECK_EQ("holder took the semaphore", (msleep(100), wait_count(getval, sid, 0, 0)), 0);
	pid_t waiter = fork();
	if (waiter == 0)
		_exit(op1(sid, 0, -1, 0) == 0 ? 0 : 1);
	CHECK_EQ("a waiter sleeps", wait_count(ncnt, sid, 0, 1), 1);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_EXIT("killing the holder wakes the waiter", wait_for(waiter), 0);

	/* undo is clamped at 0: the adjustment cannot make a value negative */
	setval(sid, 0, 0);
	int pfd[2], qfd[2];
	char c;
	pipe(pfd);
	pipe(qfd);
	pid = fork();
	if (pid == 0) {
		op1(sid, 0, 3, SEM_UNDO);          /* adj -3 */
		write(pfd[1], "x", 1);
		read(qfd[0], &c, 1);
		_exit(0);
	}
	read(pfd[0], &c, 1);
	op1(sid, 0, -2, 0);                        /* value 1 */
	write(qfd[1], "x", 1);
	wait_for(pid);
	CHECK_EQ("undo -3 on 1 is clamped to 0", getval(sid, 0), 0);

	/* SETVAL clears the undo of that semaphore, SETALL of all */
	pid = fork();
	if (pid == 0) {
		op1(sid, 0, 2, SEM_UNDO);
		op1(sid, 1, 2, SEM_UNDO);
		write(pfd[1], "x", 1);
		read(qfd[0], &c, 1);
		_exit(0);
	}
	read(pfd[0], &c, 1);
	setval(sid, 0, 10);
	write(qfd[1], "x", 1);
	wait_for(pid);
	CHECK_EQ("SETVAL cleared the undo of sem 0", getval(sid, 0), 10);
	CHECK_EQ("sem 1 was undone", getval(sid, 1), 1);
	pid = fork();
	if (pid == 0) {
		op1(sid, 0, 2, SEM_UNDO);
		op1(sid, 1, 2, SEM_UNDO);
		write(pfd[1], "x", 1);
		read(qfd[0], &c, 1);
		_exit(0);
	}
	read(pfd[0], &c, 1);
	unsigned short v[2] = { 20, 30 };
	semctl(sid, 0, SETALL, (union semun){ .array = v });
	write(qfd[1], "x", 1);
	wait_for(pid);
	CHECK_EQ("SETALL cleared the undo: sem 0", getval(sid, 0), 20);
	CHECK_EQ("SETALL cleared the undo: sem 1", getval(sid, 1), 30);

	/* undo records are not inherited by fork */
	pid = fork();
	if (pid == 0) {
		op1(sid, 0, 1, SEM_UNDO);          /* 21, adj -1 in this child */
		pid_t g = fork();
		if (g == 0)
			_exit(0);
		wait_for(g);
		int ok = getval(sid, 0) == 21;     /* the grandchild undid nothing */
		_exit(ok ? 0 : 1);
	}
	CHECK_EXIT("a forked child does not inherit undo adjustments", wait_for(pid), 0);
	CHECK_EQ("the child's own undo ran: sem 0 back to 20", getval(sid, 0), 20);

	/* an array removed before exit: the undo is dropped quietly */
	int other = new_array(1, 0600);
	pid = fork();
	if (pid == 0) {
		op1(other, 0, 1, SEM_UNDO);
		write(pfd[1], "x", 1);
		read(qfd[0], &c, 1);
		_exit(0);
	}
	read(pfd[0], &c, 1);
	semctl(other, 0, IPC_RMID);
	write(qfd[1], "x", 1);
	CHECK_EXIT("exit with undo for a removed array is fine", wait_for(pid), 0);
	cleanup();
}

static void getpid_case(void)
{
	sid = new_array(2, 0600);
	CHECK_EQ("GETPID of a new array is 0", semctl(sid, 0, GETPID), 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(op1(sid, 1, 1, 0) == 0 ? 0 : 1);
	wait_for(pid);
	CHECK("GETPID of sem 1 is the child", semctl(sid, 1, GETPID) == pid);
	CHECK_EQ("GETPID of sem 0 still 0", semctl(sid, 0, GETPID), 0);
	setval(sid, 1, 4);
	CHECK("SETVAL makes GETPID the caller", semctl(sid, 1, GETPID) == getpid());
	op1(sid, 0, 0, 0);
	CHECK("a wait-for-zero op sets GETPID too", semctl(sid, 0, GETPID) == getpid());
	CHECK_ERR("a failed op does not: -1 on 0", op1(sid, 0, -1, IPC_NOWAIT), EAGAIN);
	cleanup();
}

static void timed(void)
{
	sid = new_array(1, 0600);
	struct timespec ts = { 0, 200 * 1000000 };
	struct sembuf sb = { 0, -1, 0 };
	struct timeval a, b;
	gettimeofday(&a, NULL);
	CHECK_ERR("semtimedop 200 ms on 0 -> EAGAIN", semtimedop(sid, &sb, 1, &ts), EAGAIN);
	gettimeofday(&b, NULL);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_usec - a.tv_usec) / 1000;
	CHECK("it waited about 200 ms", ms >= 150 && ms < 3000);
	CHECK_EQ("and is no longer counted", ncnt(sid, 0), 0);
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR("semtimedop with a zero timeout -> EAGAIN", semtimedop(sid, &sb, 1, &ts), EAGAIN);
	ts = (struct timespec){ 0, 2000000000 };
	CHECK_ERR("tv_nsec 2e9 -> EINVAL", semtimedop(sid, &sb, 1, &ts), EINVAL);
	ts = (struct timespec){ -1, 0 };
	CHECK_ERR("tv_sec -1 -> EINVAL", semtimedop(sid, &sb, 1, &ts), EINVAL);
	ts = (struct timespec){ 5, 0 };
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		op1(sid, 0, 1, 0);
		_exit(0);
	}
	CHECK_OK0("semtimedop 5 s woken by +1 in time", semtimedop(sid, &sb, 1, &ts));
	wait_for(pid);
	setval(sid, 0, 1);
	CHECK_OK0("semtimedop that can go on at once", semtimedop(sid, &sb, 1, &ts));
	CHECK_OK0("semtimedop with a NULL timeout is semop", (setval(sid, 0, 1), semtimedop(sid, &sb, 1, NULL)));
	cleanup();
}

static void rmid_wakes(void)
{
	sid = new_array(2, 0600);
	setval(sid, 1, 1);
	pid_t a = fork();
	if (a == 0) {
		errno = 0;
		int r = op1(sid, 0, -1, 0);
		_exit(r == -1 && errno == EIDRM ? 0 : 1);
	}
	pid_t b = fork();
	if (b == 0) {
		errno = 0;
		int r = op1(sid, 1, 0, 0);
		_exit(r == -1 && errno == EIDRM ? 0 : 1);
	}
	pid_t c = fork();
	if (c == 0) {
		struct timespec ts = { 30, 0 };
		struct sembuf sb = { 0, -1, 0 };
		errno = 0;
		int r = semtimedop(sid, &sb, 1, &ts);
		_exit(r == -1 && errno == EIDRM ? 0 : 1);
	}
	wait_count(ncnt, sid, 0, 2);
	CHECK_EQ("waiters asleep (GETZCNT of sem 1)", wait_count(zcnt, sid, 1, 1), 1);
	CHECK_OK0("IPC_RMID", semctl(sid, 0, IPC_RMID));
	CHECK_EXIT("a blocked decrement gets EIDRM", wait_for(a), 0);
	CHECK_EXIT("a blocked wait-for-zero gets EIDRM", wait_for(b), 0);
	CHECK_EXIT("a blocked semtimedop gets EIDRM", wait_for(c), 0);
	CHECK_ERR("GETVAL after IPC_RMID -> EINVAL", getval(sid, 0), EINVAL);
	CHECK_ERR("semop after IPC_RMID -> EINVAL", op1(sid, 0, 1, 0), EINVAL);
	cleanup();
}

static void eintr(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sid = new_array(1, 0600);
	for (int restart = 0; restart < 2; restart++) {
		sa.sa_flags = restart ? SA_RESTART : 0;
		sigaction(SIGUSR1, &sa, NULL);
		pid_t pid = fork();
		if (pid == 0) {
			errno = 0;
			int r = op1(sid, 0, -1, 0);
			_exit(r == -1 && errno == EINTR ? 0 : 1);
		}
		wait_count(ncnt, sid, 0, 1);
		CHECK_EXIT(restart ? "semop + SA_RESTART handler -> EINTR (never restarted)"
			   : "semop + signal -> EINTR", kick(pid, SIGUSR1), 0);
		CHECK_EQ("the interrupted waiter is no longer counted", ncnt(sid, 0), 0);
	}
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts = { 30, 0 };
		struct sembuf sb = { 0, -1, 0 };
		errno = 0;
		int r = semtimedop(sid, &sb, 1, &ts);
		_exit(r == -1 && errno == EINTR ? 0 : 1);
	}
	wait_count(ncnt, sid, 0, 1);
	CHECK_EXIT("semtimedop + signal -> EINTR", kick(pid, SIGUSR1), 0);
	cleanup();
}

static key_t key;

static void user_denied(void)
{
	struct semid_ds ds;
	unsigned short v[2];
	CHECK_ERR("uid 1000: semget(key, 0, 0400) on 0600 -> EACCES", semget(key, 0, 0400), EACCES);
	CHECK("uid 1000: semget(key, 0, 0) -> the id", semget(key, 0, 0) == sid);
	CHECK_ERR("uid 1000: semop -> EACCES", op1(sid, 0, 1, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: wait-for-zero -> EACCES", op1(sid, 0, 0, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: GETVAL -> EACCES", getval(sid, 0), EACCES);
	CHECK_ERR("uid 1000: GETALL -> EACCES", semctl(sid, 0, GETALL, (union semun){ .array = v }), EACCES);
	CHECK_ERR("uid 1000: GETNCNT -> EACCES", ncnt(sid, 0), EACCES);
	CHECK_ERR("uid 1000: GETPID -> EACCES", semctl(sid, 0, GETPID), EACCES);
	CHECK_ERR("uid 1000: SETVAL -> EACCES", setval(sid, 0, 1), EACCES);
	CHECK_ERR("uid 1000: IPC_STAT -> EACCES", semctl(sid, 0, IPC_STAT, (union semun){ .buf = &ds }), EACCES);
	memset(&ds, 0, sizeof ds);
	ds.sem_perm.mode = 0666;
	CHECK_ERR("uid 1000: IPC_SET -> EPERM", semctl(sid, 0, IPC_SET, (union semun){ .buf = &ds }), EPERM);
	CHECK_ERR("uid 1000: IPC_RMID -> EPERM", semctl(sid, 0, IPC_RMID), EPERM);
}

static void user_readonly(void)
{
	CHECK_EQ("uid 1000: GETVAL with other-read", getval(sid, 0), 0);
	CHECK_OK0("uid 1000: wait-for-zero needs only read", op1(sid, 0, 0, IPC_NOWAIT));
	CHECK_ERR("uid 1000: semop -1 without write -> EACCES", op1(sid, 0, -1, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: SETVAL without write -> EACCES", setval(sid, 0, 3), EACCES);
	CHECK_ERR("uid 1000: semget(key, 0, 0600) -> EACCES", semget(key, 0, 0600), EACCES);
}

static void user_own(void)
{
	int id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	CHECK_OK("uid 1000 makes an array", id);
	CHECK_OK0("and uses it", op1(id, 0, 1, 0));
	CHECK_OK0("and removes it", semctl(id, 0, IPC_RMID));
}

static void perms(void)
{
	struct semid_ds ds;
	put_file(P("keyfile"), "k", 1);
	key = ftok(P("keyfile"), 's');
	sid = semget(key, 2, IPC_CREAT | IPC_EXCL | 0600);
	remember(sid);
	CHECK_OK("semget(key, 2, IPC_CREAT|IPC_EXCL|0600)", sid);
	as_uid1000(user_denied);
	semctl(sid, 0, IPC_STAT, (union semun){ .buf = &ds });
	ds.sem_perm.mode = 0604;
	semctl(sid, 0, IPC_SET, (union semun){ .buf = &ds });
	as_uid1000(user_readonly);
	as_uid1000(user_own);
	cleanup();
}

static void keys_and_ids(void)
{
	put_file(P("keyfile"), "k", 1);
	key_t k = ftok(P("keyfile"), 'S');
	int id = semget(k, 4, IPC_CREAT | 0644);
	remember(id);
	CHECK_OK("semget(key, 4, IPC_CREAT)", id);
	CHECK("semget(key, 4, IPC_CREAT) again: same id", semget(k, 4, IPC_CREAT | 0644) == id);
	CHECK("semget(key, 2, 0): fewer is fine", semget(k, 2, 0) == id);
	CHECK("semget(key, 0, 0): any size", semget(k, 0, 0) == id);
	CHECK_ERR("semget(key, 5, 0): more than it has -> EINVAL", semget(k, 5, 0), EINVAL);
	CHECK_ERR("semget(key, 4, IPC_CREAT|IPC_EXCL) -> EEXIST", semget(k, 4, IPC_CREAT | IPC_EXCL | 0644), EEXIST);
	CHECK_ERR("semget(other key, 1, 0) -> ENOENT", semget(ftok(P("keyfile"), 'T'), 1, 0), ENOENT);
	CHECK_OK0("IPC_RMID", semctl(id, 0, IPC_RMID));
	CHECK_ERR("semget(key, 0, 0) after IPC_RMID -> ENOENT", semget(k, 0, 0), ENOENT);
	CHECK_ERR("IPC_RMID again -> EINVAL", semctl(id, 0, IPC_RMID), EINVAL);
	int id2 = semget(k, 4, IPC_CREAT | 0644);
	remember(id2);
	CHECK("the re-created array has a new id", id2 >= 0 && id2 != id);
	CHECK_ERR("the old id -> EINVAL", getval(id, 0), EINVAL);
	cleanup();
}

static void info(void)
{
	struct seminfo si;
	memset(&si, 0, sizeof si);
	int max = semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si });
	CHECK("IPC_INFO returns the highest index (>= 0)", max >= 0);
	CHECK_EQ("IPC_INFO: semvmx", si.semvmx, 32767);
	CHECK_EQ("IPC_INFO: semopm", si.semopm, 500);
	CHECK("IPC_INFO: semmsl >= 250", si.semmsl >= 250);
	CHECK("IPC_INFO: semmni > 0", si.semmni > 0);
	sid = new_array(3, 0600);
	memset(&si, 0, sizeof si);
	max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	CHECK("SEM_INFO: at least one array (semusz)", si.semusz >= 1);
	CHECK("SEM_INFO: at least 3 semaphores (semaem)", si.semaem >= 3);
	int found = 0;
	for (int i = 0; i <= max; i++) {
		struct semid_ds ds;
		int id = semctl(i, 0, SEM_STAT_ANY, (union semun){ .buf = &ds });
		if (id == sid)
			found += ds.sem_nsems == 3 && (ds.sem_perm.mode & 0777) == 0600;
	}
	CHECK("SEM_STAT_ANY over 0..max finds the array", found == 1);
	found = 0;
	for (int i = 0; i <= max; i++) {
		struct semid_ds ds;
		found += semctl(i, 0, SEM_STAT, (union semun){ .buf = &ds }) == sid;
	}
	CHECK("SEM_STAT finds it too", found == 1);
	cleanup();
}

int main(void)
{
	umask(022);
	tdir_setup("t_sem");
	made_setup(rm_made);
	RUN(basics);
	RUN(getall_setall);
	RUN(limits);
	RUN(atomic_ops);
	RUN(nowait);
	RUN(wait_zero);
	RUN(fairness);
	RUN(undo);
	RUN(getpid_case);
	RUN(timed);
	RUN(rmid_wakes);
	RUN(eintr);
	RUN(perms);
	RUN(keys_and_ids);
	RUN(info);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
