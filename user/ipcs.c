/* ipcs - list System V IPC objects, in util-linux's format.
 *
 *   ipcs [-q] [-m] [-s] [-a] [-l] [-i ID]
 *
 * -q message queues, -m shared memory segments, -s semaphore arrays, -a
 * (or none of them) all three, in that order: q, m, s, as util-linux.
 * -l prints the limits (from IPC_INFO) instead of the objects; -i ID the
 * details of one object (with exactly one of -q, -m, -s).
 *
 * The objects are read through the kernel's own interface, as util-linux
 * does without /proc: MSG_INFO (or SHM_INFO, SEM_INFO) gives the highest
 * slot in use, and MSG_STAT_ANY (SHM_STAT_ANY, SEM_STAT_ANY) each slot,
 * which lists every object whatever its permissions, like
 * /proc/sysvipc/... . Owners are names from /etc/passwd, else numbers. */
#define _GNU_SOURCE
#include <getopt.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include "util.h"

#define USAGE "[-q] [-m] [-s] [-a] [-l] [-i ID]"

#ifndef SHM_DEST
#define SHM_DEST 01000
#endif
#ifndef SHM_LOCKED
#define SHM_LOCKED 02000
#endif

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* "0x%08x %-10d owner" : the three columns every listing starts with. */
static void key_id_owner(key_t key, int id, uid_t uid)
{
	struct pw_entry pw;
	printf("0x%08x %-10d ", (unsigned)key, id);
	if (pw_find(NULL, uid, &pw))
		printf("%-10.10s", pw.name);
	else
		printf("%-10u", (unsigned)uid);
}

/* A time as util-linux shows it: ctime() without its newline, or "Not
 * set", padded to 26 columns. */
static void show_time(const char *label, time_t t)
{
	char buf[32];
	if (t) {
		snprintf(buf, sizeof buf, "%s", ctime(&t));
		buf[strcspn(buf, "\n")] = 0;
	} else {
		snprintf(buf, sizeof buf, "Not set");
	}
	printf("%s%-26.24s\n", label, buf);
}

/* ---- message queues ---- */

static void list_msg(void)
{
	struct msginfo mi;
	int max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	printf("------ Message Queues --------\n");
	printf("%-10s %-10s %-10s %-10s %-12s %-12s\n",
	       "key", "msqid", "owner", "perms", "used-bytes", "messages");
	for (int i = 0; i <= max; i++) {
		struct msqid_ds ds;
		int id = msgctl(i, MSG_STAT_ANY, &ds);
		if (id < 0)
			continue;
		key_id_owner(ds.msg_perm.__key, id, ds.msg_perm.uid);
		printf(" %-10o %-12lu %-12lu\n", ds.msg_perm.mode & 0777,
		       (unsigned long)ds.msg_cbytes, (unsigned long)ds.msg_qnum);
	}
	printf("\n");
}

static void limits_msg(void)
{
	struct msginfo mi;
	if (msgctl(0, IPC_INFO, (struct msqid_ds *)&mi) < 0)
		return;
	printf("------ Messages Limits --------\n");
	printf("max queues system wide = %d\n", mi.msgmni);
	printf("max size of message (bytes) = %d\n", mi.msgmax);
	printf("default max size of queue (bytes) = %d\n", mi.msgmnb);
	printf("\n");
}

static int detail_msg(int id)
{
	struct msqid_ds ds;
	if (msgctl(id, IPC_STAT, &ds) < 0)
		return -1;
	printf("\nMessage Queue msqid=%d\n", id);
	printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\tmode=%#o\n", (unsigned)ds.msg_perm.uid,
	       (unsigned)ds.msg_perm.gid, (unsigned)ds.msg_perm.cuid, (unsigned)ds.msg_perm.cgid,
	       (unsigned)ds.msg_perm.mode);
	printf("cbytes=%lu\tqbytes=%lu\tqnum=%lu\tlspid=%d\tlrpid=%d\n",
	       (unsigned long)ds.msg_cbytes, (unsigned long)ds.msg_qbytes,
	       (unsigned long)ds.msg_qnum, (int)ds.msg_lspid, (int)ds.msg_lrpid);
	show_time("send_time=", ds.msg_stime);
	show_time("rcv_time=", ds.msg_rtime);
	show_time("change_time=", ds.msg_ctime);
	printf("\n");
	return 0;
}

/* ---- shared memory ---- */

static void list_shm(void)
{
	struct shm_info si;
	int max = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	printf("------ Shared Memory Segments --------\n");
	printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n",
	       "key", "shmid", "owner", "perms", "bytes", "nattch", "status");
	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		int id = shmctl(i, SHM_STAT_ANY, &ds);
		if (id < 0)
			continue;
		key_id_owner(ds.shm_perm.__key, id, ds.shm_perm.uid);
		printf(" %-10o %-10lu %-10lu %-6s %-6s\n", ds.shm_perm.mode & 0777,
		       (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch,
		       (ds.shm_perm.mode & SHM_DEST) ? "dest" : " ",
		       (ds.shm_perm.mode & SHM_LOCKED) ? "locked" : " ");
	}
	printf("\n");
}

static void limits_shm(void)
{
	struct shminfo si;
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)&si) < 0)
		return;
	unsigned long long page = (unsigned long long)sysconf(_SC_PAGESIZE);
	printf("------ Shared Memory Limits --------\n");
	printf("max number of segments = %llu\n", (unsigned long long)si.shmmni);
	printf("max seg size (kbytes) = %llu\n", (unsigned long long)si.shmmax >> 10);
	printf("max total shared memory (kbytes) = %llu\n", (unsigned long long)si.shmall * page >> 10);
	printf("min seg size (bytes) = %llu\n", (unsigned long long)si.shmmin);
	printf("\n");
}

static int detail_shm(int id)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return -1;
	printf("\nShared memory Segment shmid=%d\n", id);
	printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\n", (unsigned)ds.shm_perm.uid,
	       (unsigned)ds.shm_perm.gid, (unsigned)ds.shm_perm.cuid, (unsigned)ds.shm_perm.cgid);
	printf("mode=%#o\taccess_perms=%#o\n", (unsigned)ds.shm_perm.mode,
	       (unsigned)ds.shm_perm.mode & 0777);
	printf("bytes=%lu\tlpid=%d\tcpid=%d\tnattch=%lu\n", (unsigned long)ds.shm_segsz,
	       (int)ds.shm_lpid, (int)ds.shm_cpid, (unsigned long)ds.shm_nattch);
	show_time("att_time=", ds.shm_atime);
	show_time("det_time=", ds.shm_dtime);
	show_time("change_time=", ds.shm_ctime);
	printf("\n");
	return 0;
}

/* ---- semaphores ---- */

static void list_sem(void)
{
	struct seminfo si;
	int max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	printf("------ Semaphore Arrays --------\n");
	printf("%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms", "nsems");
	for (int i = 0; i <= max; i++) {
		struct semid_ds ds;
		int id = semctl(i, 0, SEM_STAT_ANY, (union semun){ .buf = &ds });
		if (id < 0)
			continue;
		key_id_owner(ds.sem_perm.__key, id, ds.sem_perm.uid);
		printf(" %-10o %-10lu\n", ds.sem_perm.mode & 0777, (unsigned long)ds.sem_nsems);
	}
	printf("\n");
}

static void limits_sem(void)
{
	struct seminfo si;
	if (semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si }) < 0)
		return;
	printf("------ Semaphore Limits --------\n");
	printf("max number of arrays = %d\n", si.semmni);
	printf("max semaphores per array = %d\n", si.semmsl);
	printf("max semaphores system wide = %d\n", si.semmns);
	printf("max ops per semop call = %d\n", si.semopm);
	printf("semaphore max value = %d\n", si.semvmx);
	printf("\n");
}

static int detail_sem(int id)
{
	struct semid_ds ds;
	if (semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) < 0)
		return -1;
	printf("\nSemaphore Array semid=%d\n", id);
	printf("uid=%u\t gid=%u\t cuid=%u\t cgid=%u\n", (unsigned)ds.sem_perm.uid,
	       (unsigned)ds.sem_perm.gid, (unsigned)ds.sem_perm.cuid, (unsigned)ds.sem_perm.cgid);
	printf("mode=%#o, access_perms=%#o\n", (unsigned)ds.sem_perm.mode,
	       (unsigned)ds.sem_perm.mode & 0777);
	printf("nsems = %lu\n", (unsigned long)ds.sem_nsems);
	show_time("otime = ", ds.sem_otime);
	show_time("ctime = ", ds.sem_ctime);
	printf("%-10s %-10s %-10s %-10s %-10s\n", "semnum", "value", "ncount", "zcount", "pid");
	for (unsigned long i = 0; i < ds.sem_nsems; i++) {
		int val = semctl(id, (int)i, GETVAL), ncnt = semctl(id, (int)i, GETNCNT);
		int zcnt = semctl(id, (int)i, GETZCNT), pid = semctl(id, (int)i, GETPID);
		if (val < 0 || ncnt < 0 || zcnt < 0 || pid < 0)
			return -1;
		printf("%-10lu %-10d %-10d %-10d %-10d\n", i, val, ncnt, zcnt, pid);
	}
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	prog = "ipcs";
	int q = 0, m = 0, s = 0, limits = 0, have_id = 0, id = 0, c;
	static const struct option longopts[] = {
		{ "queues", no_argument, NULL, 'q' }, { "shmems", no_argument, NULL, 'm' },
		{ "semaphores", no_argument, NULL, 's' }, { "all", no_argument, NULL, 'a' },
		{ "limits", no_argument, NULL, 'l' }, { "id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	while ((c = getopt_long(argc, argv, "qmsali:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'q': q = 1; break;
		case 'm': m = 1; break;
		case 's': s = 1; break;
		case 'a': q = m = s = 1; break;
		case 'l': limits = 1; break;
		case 'i': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 0 || v > 0x7fffffff) {
				err_msg("failed to parse argument: '%s'", optarg);
				return 1;
			}
			id = (int)v;
			have_id = 1;
			break;
		}
		case 'h':
			printf("Usage: ipcs %s\n"
			       "  -q  message queues     -m  shared memory segments\n"
			       "  -s  semaphore arrays   -a  all three (the default)\n"
			       "  -l  limits             -i ID  details of one object\n", USAGE);
			return 0;
		default:
			bad_option(0, USAGE, 1);
		}
	}
	if (optind < argc)
		bad_option(0, USAGE, 1);
	if (have_id) {
		if (q + m + s != 1) {
			err_msg("when using an ID, a single resource must be specified");
			return 1;
		}
		int r = q ? detail_msg(id) : m ? detail_shm(id) : detail_sem(id);
		if (r < 0) {
			if (errno == EINVAL || errno == EIDRM)
				err_msg("id %d not found", id);
			else
				err_msg("%s failed: %s", q ? "msgctl" : m ? "shmctl" : "semctl", strerror(errno));
			return 1;
		}
		return 0;
	}
	if (!q && !m && !s)
		q = m = s = 1;
	printf("\n");                  /* util-linux: one blank line first */
	if (q)
		limits ? limits_msg() : list_msg();
	if (m)
		limits ? limits_shm() : list_shm();
	if (s)
		limits ? limits_sem() : list_sem();
	return 0;
}
