/* ipcs - list System V IPC objects, in util-linux's formats.
 *
 *   ipcs [-q] [-m] [-s] [-a] [-l | -u | -c | -t | -p]
 *   ipcs -q|-m|-s -i ID
 *
 * -q message queues, -m shared memory segments, -s semaphore arrays, -a
 * (or none of them) all three, in that order: q, m, s, as util-linux.
 * The output format is a table of the objects, or (the last of these
 * options wins) -l the limits (IPC_INFO), -u a summary of what is in use
 * (MSG_INFO, SHM_INFO, SEM_INFO), -c creators and owners, -t the times of
 * the last operations, -p the pids of the creator and last users. -i ID
 * gives the details of one object (with exactly one of -q, -m, -s).
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

enum kind { MSG, SHM, SEM };
enum format { LIST, LIMITS, STATUS, CREATOR, TIME, PID };

static const struct prog_help help = {
	"[-q] [-m] [-s] [-a] [-l | -u | -c | -t | -p]\n   or: ipcs -q|-m|-s -i ID",
	"Show information on System V IPC objects.\n\n"
	"Resources:\n"
	"  -q, --queues       message queues\n"
	"  -m, --shmems       shared memory segments\n"
	"  -s, --semaphores   semaphore arrays\n"
	"  -a, --all          all three (the default)\n\n"
	"Output formats:\n"
	"  -t, --time         attach, detach and change times\n"
	"  -p, --pid          creator and last operations' pids\n"
	"  -c, --creator      creator and owner\n"
	"  -l, --limits       resource limits\n"
	"  -u, --summary      status summary\n"
	"  -i, --id ID        details of the object ID\n",
	1, PH_OWN_LONG,
};

/* One object, whatever its kind. */
struct obj {
	int id;
	key_t key;
	uid_t uid, cuid;
	gid_t gid, cgid;
	unsigned mode;
	unsigned long n1, n2;   /* msg: cbytes, qnum; shm: segsz, nattch; sem: nsems */
	int pid1, pid2;         /* msg: lspid, lrpid; shm: cpid, lpid */
	time_t t[3];            /* msg: stime, rtime, ctime; shm: atime, dtime, ctime;
				 * sem: otime, ctime */
};

#define PERM_TO_OBJ(o, p) ((o)->key = (p).__key, (o)->uid = (p).uid, (o)->gid = (p).gid, \
	(o)->cuid = (p).cuid, (o)->cgid = (p).cgid, (o)->mode = (p).mode)

/* The highest slot in use (MSG_INFO, ...), or -1. */
static int max_slot(enum kind k)
{
	struct msginfo mi;
	struct shm_info si;
	struct seminfo ei;
	if (k == MSG)
		return msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	if (k == SHM)
		return shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	return semctl(0, 0, SEM_INFO, (union semun){ .__buf = &ei });
}

/* The object in slot i (the *_STAT_ANY commands) into *o; -1 if none. */
static int get_obj(enum kind k, int i, struct obj *o)
{
	struct msqid_ds m;
	struct shmid_ds s;
	struct semid_ds e;
	memset(o, 0, sizeof *o);
	if (k == MSG && (o->id = msgctl(i, MSG_STAT_ANY, &m)) >= 0) {
		PERM_TO_OBJ(o, m.msg_perm);
		o->n1 = m.msg_cbytes, o->n2 = m.msg_qnum;
		o->pid1 = m.msg_lspid, o->pid2 = m.msg_lrpid;
		o->t[0] = m.msg_stime, o->t[1] = m.msg_rtime, o->t[2] = m.msg_ctime;
	} else if (k == SHM && (o->id = shmctl(i, SHM_STAT_ANY, &s)) >= 0) {
		PERM_TO_OBJ(o, s.shm_perm);
		o->n1 = s.shm_segsz, o->n2 = s.shm_nattch;
		o->pid1 = s.shm_cpid, o->pid2 = s.shm_lpid;
		o->t[0] = s.shm_atime, o->t[1] = s.shm_dtime, o->t[2] = s.shm_ctime;
	} else if (k == SEM && (o->id = semctl(i, 0, SEM_STAT_ANY, (union semun){ .buf = &e })) >= 0) {
		PERM_TO_OBJ(o, e.sem_perm);
		o->n1 = e.sem_nsems;
		o->t[0] = e.sem_otime, o->t[1] = e.sem_ctime;
	}
	return o->id < 0 ? -1 : 0;
}

/* "id owner": the id in width columns, the owner's name (cut to 10) or uid. */
static void id_owner(int width, const struct obj *o)
{
	struct pw_entry pw;
	printf("%-*d ", width, o->id);
	if (pw_find(NULL, o->uid, &pw))
		printf("%-10.10s", pw.name);
	else
		printf("%-10u", (unsigned)o->uid);
}

/* A time for -t: ctime without the weekday, cut to 16 columns (short), or
 * all 24; "Not set" for 0. */
static void put_time(const char *fmt, time_t t, int shorter)
{
	char buf[32] = "Not set";
	if (t)
		snprintf(buf, sizeof buf, "%s", ctime(&t) + (shorter ? 4 : 0));
	printf(fmt, buf);
}

static void row_list(enum kind k, const struct obj *o)
{
	printf("0x%08x ", (unsigned)o->key);
	id_owner(10, o);
	if (k == MSG)
		printf(" %-10o %-12lu %-12lu\n", o->mode & 0777, o->n1, o->n2);
	else if (k == SHM)
		printf(" %-10o %-10lu %-10lu %-6s %-6s\n", o->mode & 0777, o->n1, o->n2,
		       (o->mode & SHM_DEST) ? "dest" : " ", (o->mode & SHM_LOCKED) ? "locked" : " ");
	else
		printf(" %-10o %-10lu\n", o->mode & 0777, o->n1);
}

static void row_time(enum kind k, const struct obj *o)
{
	id_owner(k == SHM ? 10 : 8, o);
	if (k == SEM) {
		put_time("  %-26.24s", o->t[0], 0);
		put_time(" %-26.24s\n", o->t[1], 0);
		return;
	}
	put_time(" %-20.16s", o->t[0], 1);
	put_time(" %-20.16s", o->t[1], 1);
	put_time(" %-20.16s\n", o->t[2], 1);
}

static void row_pid(enum kind k, const struct obj *o)
{
	if (k == SEM)           /* util-linux: semaphores have no pid table */
		return;
	id_owner(k == SHM ? 10 : 8, o);
	if (k == MSG)
		printf("  %5d     %5d\n", o->pid1, o->pid2);
	else
		printf(" %-10d %-10d\n", o->pid1, o->pid2);
}

/* -c: "id perms cuid cgid uid gid", names where /etc knows them. */
static void row_creator(const struct obj *o)
{
	char b[4][64];
	printf("%-10d %-10o %-10s %-10s %-10s %-10s\n", o->id, o->mode & 0777,
	       user_name(o->cuid, b[0]), group_name(o->cgid, b[1]),
	       user_name(o->uid, b[2]), group_name(o->gid, b[3]));
}

/* The title and column heads of a table; 0, or -1 for no table (the pids
 * of semaphores). */
static int table_head(enum kind k, enum format f)
{
	static const char *const what[3][6] = {
		{ "Message Queues", "", "", "Message Queues Creators/Owners",
		  "Message Queues Send/Recv/Change Times", "Message Queues PIDs" },
		{ "Shared Memory Segments", "", "", "Shared Memory Segment Creators/Owners",
		  "Shared Memory Attach/Detach/Change Times", "Shared Memory Creator/Last-op PIDs" },
		{ "Semaphore Arrays", "", "", "Semaphore Arrays Creators/Owners",
		  "Semaphore Operation/Change Times", NULL },
	};
	static const char *const idname[3] = { "msqid", "shmid", "semid" };
	const char *id = idname[k];
	if (!what[k][f])
		return -1;
	printf("------ %s --------\n", what[k][f]);
	if (f == LIST && k == MSG)
		printf("%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", id, "owner", "perms",
		       "used-bytes", "messages");
	else if (f == LIST && k == SHM)
		printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", id, "owner", "perms",
		       "bytes", "nattch", "status");
	else if (f == LIST)
		printf("%-10s %-10s %-10s %-10s %-10s\n", "key", id, "owner", "perms", "nsems");
	else if (f == CREATOR)
		printf("%-10s %-10s %-10s %-10s %-10s %-10s\n", id, "perms", "cuid", "cgid", "uid", "gid");
	else if (f == PID)
		printf("%-10s %-10s %-10s %-10s\n", id, "owner", k == MSG ? "lspid" : "cpid",
		       k == MSG ? "lrpid" : "lpid");
	else if (k == SEM)
		printf("%-8s %-10s %-26.24s %-26.24s\n", id, "owner", "last-op", "last-changed");
	else if (k == MSG)
		printf("%-8s %-10s %-20s %-20s %-20s\n", id, "owner", "send", "recv", "change");
	else
		printf("%-10s %-10s %-20s %-20s %-20s\n", id, "owner", "attached", "detached", "changed");
	return 0;
}

/* A table of every object of kind k in format f. */
static void table(enum kind k, enum format f)
{
	struct obj o;
	int max = max_slot(k);
	if (table_head(k, f) < 0)
		return;
	for (int i = 0; i <= max; i++) {
		if (get_obj(k, i, &o) < 0)
			continue;
		if (f == LIST)
			row_list(k, &o);
		else if (f == TIME)
			row_time(k, &o);
		else if (f == PID)
			row_pid(k, &o);
		else
			row_creator(&o);
	}
}

/* -u: what is in use, from MSG_INFO, SHM_INFO, SEM_INFO. */
static void status(enum kind k)
{
	struct msginfo mi;
	struct shm_info si;
	struct seminfo ei;
	if (k == MSG && msgctl(0, MSG_INFO, (struct msqid_ds *)&mi) >= 0) {
		printf("------ Messages Status --------\n");
		printf("allocated queues = %d\nused headers = %d\nused space = %d bytes\n",
		       mi.msgpool, mi.msgmap, mi.msgtql);
	} else if (k == SHM && shmctl(0, SHM_INFO, (struct shmid_ds *)&si) >= 0) {
		printf("------ Shared Memory Status --------\n");
		printf("segments allocated %d\npages allocated %lu\npages resident  %lu\n"
		       "pages swapped   %lu\nSwap performance: %lu attempts\t %lu successes\n",
		       si.used_ids, (unsigned long)si.shm_tot, (unsigned long)si.shm_rss,
		       (unsigned long)si.shm_swp, (unsigned long)si.swap_attempts,
		       (unsigned long)si.swap_successes);
	} else if (k == SEM && semctl(0, 0, SEM_INFO, (union semun){ .__buf = &ei }) >= 0) {
		printf("------ Semaphore Status --------\n");
		printf("used arrays = %d\nallocated semaphores = %d\n", ei.semusz, ei.semaem);
	}
}

/* ---- limits (-l) ---- */

static void limits_msg(void)
{
	struct msginfo mi;
	if (msgctl(0, IPC_INFO, (struct msqid_ds *)&mi) < 0)
		return;
	printf("------ Messages Limits --------\n");
	printf("max queues system wide = %d\n", mi.msgmni);
	printf("max size of message (bytes) = %d\n", mi.msgmax);
	printf("default max size of queue (bytes) = %d\n", mi.msgmnb);
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
}

/* ---- one object (-i) ---- */

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

/* An object's owners, "uid=U<sep>gid=G<sep>cuid=C<sep>cgid=D" (no
 * newline), as util-linux's ipcs -i spaces them for each kind. */
static void show_owners(const struct ipc_perm *p, const char *sep)
{
	printf("uid=%u%sgid=%u%scuid=%u%scgid=%u", (unsigned)p->uid, sep, (unsigned)p->gid, sep,
	       (unsigned)p->cuid, sep, (unsigned)p->cgid);
}

/* The times of a message queue or a segment: the last two operations,
 * the last change, then a blank line. */
static void show_times(const char *first, time_t t1, const char *second, time_t t2,
		       time_t change)
{
	show_time(first, t1);
	show_time(second, t2);
	show_time("change_time=", change);
	printf("\n");
}

static int detail_msg(int id)
{
	struct msqid_ds ds;
	if (msgctl(id, IPC_STAT, &ds) < 0)
		return -1;
	printf("\nMessage Queue msqid=%d\n", id);
	show_owners(&ds.msg_perm, "\t");
	printf("\tmode=%#o\n", (unsigned)ds.msg_perm.mode);
	printf("cbytes=%lu\tqbytes=%lu\tqnum=%lu\tlspid=%d\tlrpid=%d\n",
	       (unsigned long)ds.msg_cbytes, (unsigned long)ds.msg_qbytes,
	       (unsigned long)ds.msg_qnum, (int)ds.msg_lspid, (int)ds.msg_lrpid);
	show_times("send_time=", ds.msg_stime, "rcv_time=", ds.msg_rtime, ds.msg_ctime);
	return 0;
}

static int detail_shm(int id)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return -1;
	printf("\nShared memory Segment shmid=%d\n", id);
	show_owners(&ds.shm_perm, "\t");
	printf("\nmode=%#o\taccess_perms=%#o\n", (unsigned)ds.shm_perm.mode,
	       (unsigned)ds.shm_perm.mode & 0777);
	printf("bytes=%lu\tlpid=%d\tcpid=%d\tnattch=%lu\n", (unsigned long)ds.shm_segsz,
	       (int)ds.shm_lpid, (int)ds.shm_cpid, (unsigned long)ds.shm_nattch);
	show_times("att_time=", ds.shm_atime, "det_time=", ds.shm_dtime, ds.shm_ctime);
	return 0;
}

static int detail_sem(int id)
{
	struct semid_ds ds;
	if (semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) < 0)
		return -1;
	printf("\nSemaphore Array semid=%d\n", id);
	show_owners(&ds.sem_perm, "\t ");
	printf("\nmode=%#o, access_perms=%#o\n", (unsigned)ds.sem_perm.mode,
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

/* -i ID: the details of one object; "id N not found" is not an error
 * (status 0), as util-linux. */
static int detail(enum kind k, int id)
{
	int r = k == MSG ? detail_msg(id) : k == SHM ? detail_shm(id) : detail_sem(id);
	if (r == 0)
		return 0;
	if (errno == EINVAL || errno == EIDRM) {
		err_msg("id %d not found", id);
		return 0;
	}
	return err_errno(errno, "%s failed", k == MSG ? "msgctl" : k == SHM ? "shmctl" : "semctl");
}

/* The options into want[] (the kinds), *f and *id (-1: no -i). Operands
 * are ignored, as util-linux does. */
static void parse_args(int argc, char **argv, int want[3], enum format *f, long *id)
{
	static const struct option longopts[] = {
		{ "queues", no_argument, NULL, 'q' }, { "shmems", no_argument, NULL, 'm' },
		{ "semaphores", no_argument, NULL, 's' }, { "all", no_argument, NULL, 'a' },
		{ "limits", no_argument, NULL, 'l' }, { "summary", no_argument, NULL, 'u' },
		{ "creator", no_argument, NULL, 'c' }, { "time", no_argument, NULL, 't' },
		{ "pid", no_argument, NULL, 'p' }, { "id", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	static const char formats[] = "lucpt";
	static const enum format fmt[] = { LIMITS, STATUS, CREATOR, PID, TIME };
	int c;
	char *end;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "qmsaluctpi:", longopts, NULL)) != -1) {
		if (c == '?')
			bad_option(optopt == 'i' ? 0 : optopt, 1);
		if (c == 'q' || c == 'a')
			want[MSG] = 1;
		if (c == 'm' || c == 'a')
			want[SHM] = 1;
		if (c == 's' || c == 'a')
			want[SEM] = 1;
		if (strchr(formats, c))
			*f = fmt[strchr(formats, c) - formats];
		if (c == 'i') {
			errno = 0;
			*id = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || *id < 0 || *id > 0x7fffffff) {
				err_msg("failed to parse id argument: '%s'", optarg);
				exit(1);
			}
		}
	}
}

int main(int argc, char **argv)
{
	int want[3] = { 0, 0, 0 };
	enum format f = LIST;
	long id = -1;
	prog_init("ipcs", argc, argv, &help);
	parse_args(argc, argv, want, &f, &id);
	if (id >= 0) {
		if (want[MSG] + want[SHM] + want[SEM] != 1) {
			err_msg("when using an ID, a single resource must be specified");
			return 1;
		}
		return detail(want[MSG] ? MSG : want[SHM] ? SHM : SEM, (int)id);
	}
	if (!want[MSG] && !want[SHM] && !want[SEM])
		want[MSG] = want[SHM] = want[SEM] = 1;
	printf("\n");                  /* util-linux: one blank line first */
	for (enum kind k = MSG; k <= SEM; k++) {
		if (!want[k])
			continue;
		if (f == LIMITS)
			k == MSG ? limits_msg() : k == SHM ? limits_shm() : limits_sem();
		else if (f == STATUS)
			status(k);
		else
			table(k, f);
		printf("\n");
	}
	return 0;
}
