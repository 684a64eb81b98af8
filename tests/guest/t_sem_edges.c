/* t_sem_edges - differential test of System V semaphores' edges, after
 * semop(2), semctl(2), semget(2) and LTP's semop/semctl/semget cases:
 * a sleeper's operations done by the change that lets them go on
 * (values, GETNCNT/GETZCNT and GETPID right after it, oldest sleeper
 * first, a later IPC_NOWAIT or ERANGE reported to the sleeper, the
 * sleeper's SEM_UNDO), which operation GETNCNT/GETZCNT count, errors in
 * Linux's order, the direct semctl call and the ipc(2) one, IPC_STAT's
 * zeroed words, IPC_INFO/SEM_INFO against kernel/sem. Identifiers and
 * pids are compared, never printed. */
#include "sem_util.h"
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#define IPC_64_FLAG 0x0100                     /* <linux/ipc.h>'s IPC_64 */
#define IPCOP_SEMCTL 3                         /* ipc(2)'s call numbers */
#define IPCOP_SEMTIMEDOP 4
#define NR_SEMCTL_I386 394                     /* the direct semctl on i386 */

/* A child that runs semop(ops) and exits 0 if it returned `want` (0 or
 * an errno). */
static pid_t sleeper(int id, struct sembuf *ops, int n, int want)
{
	pid_t pid = fork();
	if (pid == 0) {
		errno = 0;
		int r = semop(id, ops, n);
		_exit((r == 0 ? 0 : errno) == want ? 0 : 1);
	}
	return pid;
}

static int sid;

/* ipc(SEMCTL, id, num, cmd, &arg) and ipc(SEMTIMEDOP) with a 32-bit
 * timespec, as a program that does not go through its C library would:
 * the C libraries read or write a bad pointer themselves (their time64
 * conversions), the kernel must say EFAULT. */
static long ipc_semctl(int id, int num, int cmd, void *arg)
{
	return syscall(SYS_ipc, IPCOP_SEMCTL, id, num, cmd, &arg);
}

static long ipc_semtimedop(int id, struct sembuf *ops, unsigned n, const void *ts)
{
	return syscall(SYS_ipc, IPCOP_SEMTIMEDOP, id, n, 0, ops, ts);
}

/* ---- cases ---- */

static void woken_done(void)
{
	sid = new_array(2, 0600);
	struct sembuf dec = { 0, -1, 0 };
	pid_t pid = sleeper(sid, &dec, 1, 0);
	wait_count(ncnt, sid, 0, 1);
	op1(sid, 0, 1, 0);
	int v = getval(sid, 0), n = ncnt(sid, 0);
	CHECK_EQ("right after the +1 the sleeper's -1 is done", v, 0);
	CHECK_EQ("and it is no longer counted", n, 0);
	CHECK("GETPID names the sleeper", semctl(sid, 0, GETPID) == pid);
	CHECK_EXIT("the sleeper", wait_for(pid), 0);

	/* SETVAL does it too */
	struct sembuf dec2 = { 1, -2, 0 };
	pid = sleeper(sid, &dec2, 1, 0);
	wait_count(ncnt, sid, 1, 1);
	setval(sid, 1, 5);
	CHECK_EQ("right after SETVAL 5 the sleeper's -2 is done", getval(sid, 1), 3);
	CHECK("GETPID names the sleeper, not SETVAL's caller", semctl(sid, 1, GETPID) == pid);
	CHECK_EXIT("the sleeper", wait_for(pid), 0);
}

static void oldest_first(void)
{
	sid = new_array(1, 0600);
	struct sembuf dec = { 0, -1, 0 };
	pid_t a = sleeper(sid, &dec, 1, 0);
	wait_count(ncnt, sid, 0, 1);
	pid_t b = sleeper(sid, &dec, 1, 0);
	wait_count(ncnt, sid, 0, 2);
	op1(sid, 0, 1, 0);
	CHECK("one +1: the first sleeper's -1 is done", semctl(sid, 0, GETPID) == a);
	CHECK_EXIT("the first sleeper", wait_for(a), 0);
	CHECK("the second still sleeps", still_running(b, 50));
	CHECK_EQ("GETNCNT 1", ncnt(sid, 0), 1);
	op1(sid, 0, 1, 0);
	CHECK_EXIT("another +1: the second", wait_for(b), 0);
}

static void chain(void)
{
	sid = new_array(2, 0600);
	struct sembuf take1 = { 1, -1, 0 };
	pid_t s1 = sleeper(sid, &take1, 1, 0);
	wait_count(ncnt, sid, 1, 1);
	struct sembuf move[2] = { { 0, -1, 0 }, { 1, 1, 0 } };
	pid_t s2 = sleeper(sid, move, 2, 0);
	wait_count(ncnt, sid, 0, 1);
	op1(sid, 0, 1, 0);
	int v0 = getval(sid, 0), v1 = getval(sid, 1), n1 = ncnt(sid, 1);
	CHECK_EQ("+1 on sem 0: the mover's -1 is done", v0, 0);
	CHECK_EQ("its +1 on sem 1 let the older sleeper take it", v1, 0);
	CHECK_EQ("no one waits on sem 1", n1, 0);
	CHECK("GETPID of sem 1 is the older sleeper", semctl(sid, 1, GETPID) == s1);
	CHECK_EXIT("the older sleeper", wait_for(s1), 0);
	CHECK_EXIT("the mover", wait_for(s2), 0);
}

static void later_errors(void)
{
	sid = new_array(2, 0600);
	struct sembuf nowait[2] = { { 0, -1, 0 }, { 1, -1, IPC_NOWAIT } };
	pid_t pid = sleeper(sid, nowait, 2, EAGAIN);
	wait_count(ncnt, sid, 0, 1);
	op1(sid, 0, 1, 0);
	CHECK_EQ("a later IPC_NOWAIT op that would wait: sem 0 keeps the +1", getval(sid, 0), 1);
	CHECK_EQ("and the sleeper is gone from GETNCNT", ncnt(sid, 0), 0);
	CHECK_EXIT("the sleeper got EAGAIN", wait_for(pid), 0);

	setval(sid, 0, 0);
	setval(sid, 1, 32767);
	struct sembuf over[2] = { { 0, -1, 0 }, { 1, 1, 0 } };
	pid = sleeper(sid, over, 2, ERANGE);
	wait_count(ncnt, sid, 0, 1);
	op1(sid, 0, 1, 0);
	CHECK_EQ("a later op past SEMVMX: sem 0 keeps the +1", getval(sid, 0), 1);
	CHECK_EXIT("the sleeper got ERANGE", wait_for(pid), 0);
	CHECK_EQ("sem 1 still 32767", getval(sid, 1), 32767);
}

static void woken_undo(void)
{
	sid = new_array(1, 0600);
	struct sembuf dec = { 0, -1, SEM_UNDO };
	int p[2];
	char c;
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		int r = semop(sid, &dec, 1);
		read(p[0], &c, 1);
		_exit(r == 0 ? 0 : 1);
	}
	wait_count(ncnt, sid, 0, 1);
	op1(sid, 0, 3, 0);
	CHECK_EQ("the sleeper's SEM_UNDO -1 done for it", getval(sid, 0), 2);
	write(p[1], "x", 1);
	CHECK_EXIT("the sleeper", wait_for(pid), 0);
	CHECK_EQ("its exit undoes it: the record was the sleeper's", getval(sid, 0), 3);
}

static void counts(void)
{
	sid = new_array(2, 0600);
	setval(sid, 0, 1);
	struct sembuf both[2] = { { 0, 0, 0 }, { 1, -1, 0 } };
	pid_t pid = sleeper(sid, both, 2, 0);
	CHECK_EQ("[=0 on a 1, -1 on a 0]: counted in GETZCNT of sem 0", wait_count(zcnt, sid, 0, 1), 1);
	CHECK_EQ("not in GETNCNT of sem 1 (only the blocking op counts)", ncnt(sid, 1), 0);
	setval(sid, 0, 0);
	CHECK_EQ("sem 0 at 0: GETZCNT of sem 0 is 0 at once", zcnt(sid, 0), 0);
	CHECK_EQ("and it is counted in GETNCNT of sem 1", ncnt(sid, 1), 1);
	setval(sid, 1, 1);
	CHECK_EQ("SETVAL 1 on sem 1: done", getval(sid, 1), 0);
	CHECK_EXIT("the sleeper", wait_for(pid), 0);

	/* several sleepers of both kinds */
	struct sembuf z = { 0, 0, 0 }, d = { 1, -1, 0 };
	setval(sid, 0, 2);
	pid_t p[4];
	p[0] = sleeper(sid, &z, 1, 0);
	p[1] = sleeper(sid, &z, 1, 0);
	p[2] = sleeper(sid, &d, 1, 0);
	p[3] = sleeper(sid, &d, 1, 0);
	CHECK_EQ("two wait for zero", wait_count(zcnt, sid, 0, 2), 2);
	CHECK_EQ("two wait to decrement", wait_count(ncnt, sid, 1, 2), 2);
	op1(sid, 0, -2, 0);
	CHECK_EQ("sem 0 at 0: no zero-waiter left", zcnt(sid, 0), 0);
	op1(sid, 1, 1, 0);
	CHECK_EQ("sem 1 +1: one decrementer left", ncnt(sid, 1), 1);
	op1(sid, 1, 1, 0);
	CHECK_EQ("another: none", ncnt(sid, 1), 0);
	int ok = 1;
	for (int i = 0; i < 4; i++)
		ok &= wait_for(p[i]) == 0;
	CHECK("all four went on", ok);
}

static void semop_errors(void)
{
	sid = new_array(2, 0600);
	struct sembuf ok = { 0, 0, 0 }, bad = { 5, 0, 0 };
	struct timespec ts = { 0, 0 }, badts = { 0, 1000000000 };
	int32_t badts32[2] = { 0, 1000000000 };
	CHECK_ERR("nsops 0x80000000 -> E2BIG", semop(sid, &ok, 0x80000000u), E2BIG);
	CHECK_ERR("E2BIG before a bad pointer", semop(sid, NULL, 501), E2BIG);
	CHECK_ERR("E2BIG before a bad id", semop(-1, &ok, 501), E2BIG);
	CHECK_ERR("nsops 0 on id -1 -> EINVAL", semop(-1, &ok, 0), EINVAL);
	CHECK_ERR("NULL operations -> EFAULT", semop(sid, NULL, 1), EFAULT);
	CHECK_ERR("EFAULT before a bad id", semop(-1, NULL, 1), EFAULT);
	CHECK_ERR("a bad id before EFBIG -> EINVAL", semop(0x7ffffff0, &bad, 1), EINVAL);
	CHECK_ERR("a bad id with SEM_UNDO -> EINVAL", semop(0x7ffffff0, &(struct sembuf){ 0, 1, SEM_UNDO }, 1), EINVAL);
	CHECK_ERR("semtimedop: a bad timeout pointer -> EFAULT", ipc_semtimedop(sid, &ok, 1, (void *)16), EFAULT);
	CHECK_ERR("a bad timeout pointer before E2BIG", ipc_semtimedop(sid, &ok, 501, (void *)16), EFAULT);
	CHECK_ERR("and before a bad id", ipc_semtimedop(-1, &ok, 0, (void *)16), EFAULT);
	CHECK_ERR("32-bit tv_nsec 1e9 -> EINVAL", ipc_semtimedop(sid, &ok, 1, badts32), EINVAL);
	CHECK_ERR("tv_nsec 1e9 -> EINVAL", semtimedop(sid, &ok, 1, &badts), EINVAL);
	CHECK_ERR("operations copied before the timeout's range", semtimedop(sid, NULL, 1, &badts), EFAULT);
	CHECK_ERR("E2BIG before the timeout's range", semtimedop(sid, &ok, 501, &badts), E2BIG);
	CHECK_ERR("an out-of-range timeout before a bad id", semtimedop(-1, &ok, 1, &badts), EINVAL);
	CHECK_ERR("EFBIG for sem_num 5 of 2", semtimedop(sid, &bad, 1, &ts), EFBIG);
	CHECK_OK0("a zero timeout that need not wait", semtimedop(sid, &ok, 1, &ts));
	struct sembuf dec = { 0, -1, IPC_NOWAIT };
	CHECK_ERR("IPC_NOWAIT with a timeout -> EAGAIN", semtimedop(sid, &dec, 1, &(struct timespec){ 5, 0 }), EAGAIN);
	struct sembuf junk = { 0, 0, (short)0x7fff };
	CHECK_OK0("unknown sem_flg bits are ignored", semop(sid, &junk, 1));
	struct sembuf up = { 1, 2, 0 }, down = { 1, -3, IPC_NOWAIT };
	CHECK_OK0("+2", semop(sid, &up, 1));
	CHECK_ERR("-3 on 2 -> EAGAIN", semop(sid, &down, 1), EAGAIN);
	CHECK_EQ("still 2", getval(sid, 1), 2);
}

static void semctl_errors(void)
{
	sid = new_array(2, 0600);
	struct semid_ds ds;
	CHECK_ERR("IPC_INFO with id -1 -> EINVAL", semctl(-1, 0, IPC_INFO, (union semun){ .__buf = (void *)&ds }), EINVAL);
	void *bad = (void *)16;
	CHECK_ERR("IPC_INFO to a bad pointer -> EFAULT", ipc_semctl(0, 0, IPC_INFO | IPC_64_FLAG, bad), EFAULT);
	CHECK_ERR("SEM_INFO to a bad pointer -> EFAULT", ipc_semctl(0, 0, SEM_INFO | IPC_64_FLAG, bad), EFAULT);
	CHECK_ERR("IPC_STAT to a bad pointer -> EFAULT", ipc_semctl(sid, 0, 2 | IPC_64_FLAG, bad), EFAULT);
	CHECK_ERR("IPC_STAT of a bad id before the pointer -> EINVAL", ipc_semctl(0x7ffffff0, 0, 2 | IPC_64_FLAG, bad), EINVAL);
	struct seminfo si;
	int max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	CHECK_ERR("SEM_STAT_ANY of the highest index to a bad pointer -> EFAULT",
		  ipc_semctl(max, 0, 20 | IPC_64_FLAG, bad), EFAULT);
	CHECK_ERR("IPC_SET from a bad pointer -> EFAULT", ipc_semctl(sid, 0, IPC_SET | IPC_64_FLAG, bad), EFAULT);
	CHECK_ERR("IPC_SET: the pointer before the id", ipc_semctl(0x7ffffff0, 0, IPC_SET | IPC_64_FLAG, bad), EFAULT);
	CHECK_ERR("SETVAL 40000 of a bad id: the range first -> ERANGE", setval(0x7ffffff0, 0, 40000), ERANGE);
	CHECK_ERR("SETVAL of sem 2 of 2 -> EINVAL", setval(sid, 2, 1), EINVAL);
	CHECK_ERR("GETALL of a bad id before the pointer -> EINVAL", semctl(0x7ffffff0, 0, GETALL, (union semun){ .array = (void *)16 }), EINVAL);
	unsigned short v[2];
	CHECK_OK0("GETALL ignores semnum", semctl(sid, 99, GETALL, (union semun){ .array = v }));
	unsigned short big[2] = { 1, 40000 };
	CHECK_ERR("SETALL with 40000 -> ERANGE", semctl(sid, 0, SETALL, (union semun){ .array = big }), ERANGE);
	CHECK_ERR("SEM_STAT of an index past the highest -> EINVAL", semctl(0x7fff, 0, SEM_STAT, (union semun){ .buf = &ds }), EINVAL);
	CHECK_ERR("SEM_STAT_ANY of an index past the highest -> EINVAL", semctl(0x7fff, 0, SEM_STAT_ANY, (union semun){ .buf = &ds }), EINVAL);
	CHECK_ERR("cmd -1 -> EINVAL", semctl(sid, 0, -1), EINVAL);
	CHECK_ERR("cmd 100 -> EINVAL", semctl(sid, 0, 100), EINVAL);
	CHECK_OK0("IPC_RMID ignores semnum", semctl(sid, 77, IPC_RMID));
	CHECK_ERR("IPC_RMID again -> EINVAL", semctl(sid, 0, IPC_RMID), EINVAL);
}

static void raw_calls(void)
{
	sid = new_array(3, 0640);
	unsigned char buf[80];
	memset(buf, 0xa5, sizeof buf);
	CHECK_OK0("ipc(SEMCTL, IPC_STAT|IPC_64)", ipc_semctl(sid, 0, 2 | IPC_64_FLAG, buf));
	/* struct semid64_ds on i386: ipc64_perm (36 bytes: mode at 20, seq at
	 * 24, pads at 22, 26, 28, 32), otime, otime_high, ctime, ctime_high,
	 * nsems, two unused words: 64 bytes. */
	static const int zero_words[] = { 28, 32, 40, 48, 56, 60 };
	int zeros = 1;
	for (unsigned i = 0; i < sizeof zero_words / sizeof zero_words[0]; i++)
		zeros &= !memcmp(buf + zero_words[i], "\0\0\0\0", 4);
	zeros &= buf[22] == 0 && buf[23] == 0 && buf[26] == 0 && buf[27] == 0;
	CHECK("the padding, the unused words and the *_high words are 0", zeros);
	CHECK_EQ("mode", *(unsigned short *)(buf + 20), 0640);
	CHECK_EQ("sem_nsems", *(unsigned *)(buf + 52), 3);
	CHECK_EQ("sem_otime 0", *(unsigned *)(buf + 36), 0);
	CHECK_EQ("64 bytes written, no more", buf[64], 0xa5);
	CHECK_ERR("ipc(SEMCTL) with a NULL argument pointer -> EINVAL",
		  syscall(SYS_ipc, IPCOP_SEMCTL, sid, 0, GETVAL, NULL), EINVAL);
	CHECK_ERR("ipc(SEMCTL) with a bad argument pointer -> EFAULT",
		  syscall(SYS_ipc, IPCOP_SEMCTL, sid, 0, GETVAL, (void *)16), EFAULT);
	CHECK_EQ("ipc(SEMCTL, GETVAL|IPC_64)", ipc_semctl(sid, 0, GETVAL | IPC_64_FLAG, NULL), 0);
	memset(buf, 0xa5, sizeof buf);
	CHECK_OK0("direct semctl IPC_STAT (2: no IPC_64 there)", syscall(NR_SEMCTL_I386, sid, 0, 2, buf));
	CHECK_EQ("direct semctl: sem_nsems", *(unsigned *)(buf + 52), 3);
	CHECK_EQ("direct semctl: 64 bytes", buf[64], 0xa5);
	CHECK_EQ("direct semctl SETVAL takes the value itself", syscall(NR_SEMCTL_I386, sid, 1, SETVAL, 9), 0);
	CHECK_EQ("GETVAL 9", getval(sid, 1), 9);
}

static void info_fields(void)
{
	char text[128];
	unsigned msl = 0, mns = 0, opm = 0, mni = 0;
	if (get_file("/proc/sys/kernel/sem", text, sizeof text) > 0)
		sscanf(text, "%u %u %u %u", &msl, &mns, &opm, &mni);
	struct seminfo si;
	memset(&si, 0x5a, sizeof si);
	int max = semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si });
	CHECK("IPC_INFO returns an index >= 0", max >= 0);
	CHECK("semmsl, semmns, semopm, semmni are kernel/sem's",
	      (unsigned)si.semmsl == msl && (unsigned)si.semmns == mns && (unsigned)si.semopm == opm &&
	      (unsigned)si.semmni == mni);
	CHECK_EQ("semvmx SEMVMX", si.semvmx, 32767);
	CHECK_EQ("semaem SEMAEM", si.semaem, 32767);
	CHECK_EQ("semusz SEMUSZ", si.semusz, 20);
	CHECK_EQ("semume SEMUME", si.semume, 500);
	CHECK_EQ("semmnu SEMMNU", si.semmnu, 32000 * 32000);
	CHECK_EQ("semmap SEMMAP", si.semmap, 32000 * 32000);
	sid = new_array(7, 0600);
	memset(&si, 0x5a, sizeof si);
	max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	CHECK("SEM_INFO: semusz counts arrays", si.semusz >= 1);
	CHECK("SEM_INFO: semaem counts semaphores", si.semaem >= 7);
	CHECK("SEM_INFO: the limits as IPC_INFO's",
	      (unsigned)si.semmsl == msl && (unsigned)si.semopm == opm && si.semvmx == 32767 &&
	      si.semume == 500 && si.semmap == 32000 * 32000);
	struct semid_ds ds;
	CHECK("SEM_STAT_ANY of the index SEM_INFO returns", semctl(max, 0, SEM_STAT_ANY, (union semun){ .buf = &ds }) >= 0);
	int used = 0, found = 0;
	for (int i = 0; i <= max; i++) {
		int id = semctl(i, 0, SEM_STAT_ANY, (union semun){ .buf = &ds });
		used += id >= 0;
		found += id == sid && ds.sem_nsems == 7;
	}
	CHECK("indexes up to it hold the array", found == 1);
	CHECK("and as many arrays as semusz, about", used >= 1);
}

static key_t key;

static void user_stat(void)
{
	struct semid_ds ds;
	int max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = (void *)&ds });
	int stat_ok = 0, any_ok = 0, denied = 0;
	for (int i = 0; i <= max; i++) {
		errno = 0;
		int id = semctl(i, 0, SEM_STAT, (union semun){ .buf = &ds });
		stat_ok += id == sid;
		denied += id == -1 && errno == EACCES;
		any_ok += semctl(i, 0, SEM_STAT_ANY, (union semun){ .buf = &ds }) == sid;
	}
	CHECK("uid 1000: SEM_STAT of a 0600 array of root's -> EACCES", stat_ok == 0 && denied >= 1);
	CHECK("uid 1000: SEM_STAT_ANY reads it", any_ok == 1);
	CHECK_ERR("uid 1000: EFBIG before EACCES", op1(sid, 9, 1, 0), EFBIG);
	CHECK_ERR("uid 1000: SEM_UNDO on it -> EACCES", op1(sid, 0, 1, SEM_UNDO), EACCES);
	CHECK_ERR("uid 1000: semget(key, 3, 0) -> EINVAL before EACCES", semget(key, 3, 0), EINVAL);
	CHECK_ERR("uid 1000: semget(key, 1, 0400) -> EACCES", semget(key, 1, 0400), EACCES);
}

static void semget_edges(void)
{
	put_file(P("keyfile"), "k", 1);
	key = ftok(P("keyfile"), 'e');
	CHECK_ERR("semget(new key, 0, IPC_CREAT) -> EINVAL", semget(key, 0, IPC_CREAT | 0600), EINVAL);
	CHECK_ERR("semget(new key, 1, 0) -> ENOENT", semget(key, 1, 0600), ENOENT);
	CHECK_ERR("semget(new key, -1, 0): nsems first -> EINVAL", semget(key, -1, 0600), EINVAL);
	sid = semget(key, 2, IPC_CREAT | IPC_EXCL | 0777 | 01000 | 02000);
	remember(sid);
	CHECK_OK("semget(key, 2, IPC_CREAT|IPC_EXCL|07777)", sid);
	struct semid_ds ds;
	semctl(sid, 0, IPC_STAT, (union semun){ .buf = &ds });
	CHECK_MODE("only the permission bits are kept", ds.sem_perm.mode, 0777);
	CHECK_ERR("semget(key, -1, 0) of an existing array -> EINVAL", semget(key, -1, 0), EINVAL);
	CHECK("semget(key, 2, IPC_CREAT) finds it", semget(key, 2, IPC_CREAT | 0600) == sid);
	CHECK_ERR("semget(key, 3, IPC_CREAT) -> EINVAL", semget(key, 3, IPC_CREAT | 0600), EINVAL);
	CHECK_ERR("semget(key, 3, IPC_CREAT|IPC_EXCL): EEXIST first", semget(key, 3, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
	int a = new_array(1, 0600), b = new_array(1, 0600);
	CHECK("two IPC_PRIVATE arrays differ", a >= 0 && b >= 0 && a != b);
	ds.sem_perm.mode = 0600;
	semctl(sid, 0, IPC_SET, (union semun){ .buf = &ds });
	as_uid1000(user_stat);
}

int main(void)
{
	umask(022);
	tdir_setup("t_sem_edges");
	made_setup(rm_made);
	RUN(woken_done);
	RUN(oldest_first);
	RUN(chain);
	RUN(later_errors);
	RUN(woken_undo);
	RUN(counts);
	RUN(semop_errors);
	RUN(semctl_errors);
	RUN(raw_calls);
	RUN(info_fields);
	RUN(semget_edges);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
