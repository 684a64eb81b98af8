/* ipcrm - remove System V IPC objects.
 *
 *   ipcrm msg|sem|shm ID...          the book's syntax: prints
 *                                    "resource deleted" for each one
 *   ipcrm [-q ID] [-s ID] [-m ID] [-Q KEY] [-S KEY] [-M KEY] [-a]
 *                                    util-linux's: -q/-s/-m remove by
 *                                    identifier, -Q/-S/-M by key (decimal,
 *                                    or hex with 0x), -a every object the
 *                                    caller may remove
 *
 * Errors name the cause as util-linux does: "ipcrm: invalid id (1153)",
 * "ipcrm: permission denied for id (1153)", "ipcrm: invalid key (0x1234)",
 * ... The exit status is 1 if anything could not be removed. */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include "util.h"

static const struct prog_help help = {
	"msg|sem|shm ID...\n"
	"   or: ipcrm [-q ID] [-s ID] [-m ID] [-Q KEY] [-S KEY] [-M KEY] [-a]",
	"Remove System V IPC objects: the book's form removes each ID of one kind;\n"
	"util-linux's removes by identifier or by key (decimal, or hex with 0x).\n\n"
	"  -q, -Q   a message queue by id, by key\n"
	"  -s, -S   a semaphore array by id, by key\n"
	"  -m, -M   a shared memory segment by id, by key\n"
	"  -a, --all   every object the caller may remove\n",
	1, PH_OWN_LONG,
};

enum kind { MSG, SEM, SHM };

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

static int rm_id(enum kind k, int id)
{
	switch (k) {
	case MSG: return msgctl(id, IPC_RMID, NULL);
	case SEM: return semctl(id, 0, IPC_RMID);
	case SHM: return shmctl(id, IPC_RMID, NULL);
	}
	return -1;
}

/* The identifier of the object with this key (0 asks for no access). */
static int id_of_key(enum kind k, key_t key)
{
	switch (k) {
	case MSG: return msgget(key, 0);
	case SEM: return semget(key, 0, 0);
	case SHM: return shmget(key, 0, 0);
	}
	return -1;
}

/* A number as util-linux reads it: decimal, 0x hex or 0 octal. */
static int parse_num(const char *s, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 0);
	if (errno || end == s || *end || v < -0x80000000LL || v > 0xffffffffLL) {
		err_msg("failed to parse argument: '%s'", s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Removes one object; what names it in messages is `what` ("id" or
 * "key") and `shown`. 0 or 1 (reported). */
static int remove_one(enum kind k, int id, const char *what, const char *shown)
{
	if (rm_id(k, id) == 0)
		return 0;
	switch (errno) {
	case EPERM:
	case EACCES:
		err_msg("permission denied for %s (%s)", what, shown);
		break;
	case EINVAL:
		err_msg("invalid %s (%s)", what, shown);
		break;
	case EIDRM:
		err_msg("already removed %s (%s)", what, shown);
		break;
	default:
		err_msg("%s (%s): %s", what, shown, strerror(errno));
	}
	return 1;
}

static int by_id(enum kind k, const char *arg)
{
	long long v;
	if (parse_num(arg, &v) < 0)
		return 1;
	char shown[24];
	snprintf(shown, sizeof shown, "%lld", v);
	return remove_one(k, (int)v, "id", shown);
}

static int by_key(enum kind k, const char *arg)
{
	long long v;
	if (parse_num(arg, &v) < 0)
		return 1;
	key_t key = (key_t)v;
	if (key == IPC_PRIVATE) {
		err_msg("illegal key (%s)", arg);
		return 1;
	}
	int id = id_of_key(k, key);
	if (id < 0) {
		if (errno == EACCES)
			err_msg("permission denied for key (%s)", arg);
		else if (errno == EIDRM)
			err_msg("already removed key (%s)", arg);
		else
			err_msg("invalid key (%s)", arg);
		return 1;
	}
	return remove_one(k, id, "key", arg);
}

/* -a: every object of every kind, as far as permissions allow; objects
 * that may not be removed are reported. */
static int remove_all(void)
{
	int bad = 0;
	struct msginfo mi;
	struct shm_info si;
	struct seminfo se;
	int max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	for (int i = 0; i <= max; i++) {
		struct msqid_ds ds;
		int id = msgctl(i, MSG_STAT_ANY, &ds);
		if (id >= 0) {
			char shown[24];
			snprintf(shown, sizeof shown, "%d", id);
			bad |= remove_one(MSG, id, "id", shown);
		}
	}
	max = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		int id = shmctl(i, SHM_STAT_ANY, &ds);
		if (id >= 0 && !(ds.shm_perm.mode & 01000)) {   /* not already SHM_DEST */
			char shown[24];
			snprintf(shown, sizeof shown, "%d", id);
			bad |= remove_one(SHM, id, "id", shown);
		}
	}
	max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &se });
	for (int i = 0; i <= max; i++) {
		struct semid_ds ds;
		int id = semctl(i, 0, SEM_STAT_ANY, (union semun){ .buf = &ds });
		if (id >= 0) {
			char shown[24];
			snprintf(shown, sizeof shown, "%d", id);
			bad |= remove_one(SEM, id, "id", shown);
		}
	}
	return bad;
}

static int kind_of_word(const char *w, enum kind *k)
{
	if (!strcmp(w, "msg")) *k = MSG;
	else if (!strcmp(w, "sem")) *k = SEM;
	else if (!strcmp(w, "shm")) *k = SHM;
	else return -1;
	return 0;
}

int main(int argc, char **argv)
{
	enum kind k;
	prog_init("ipcrm", argc, argv, &help);
	if (argc < 2) {
		err_msg("bad usage");
		usage_exit(1);
	}
	if (argv[1][0] != '-') {
		/* the book's form: ipcrm sem 1153 ... */
		if (kind_of_word(argv[1], &k) < 0) {
			err_msg("unknown argument: %s", argv[1]);
			usage_exit(1);
		}
		if (argc < 3) {
			err_msg("not enough arguments");
			usage_exit(1);
		}
		int bad = 0;
		for (int i = 2; i < argc; i++) {
			if (by_id(k, argv[i]) == 0)
				printf("resource deleted\n");
			else
				bad = 1;
		}
		return bad;
	}
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-a") || !strcmp(a, "--all")) {
			bad |= remove_all();
			continue;
		}
		if (!strncmp(a, "--", 2)) {
			err_msg("unrecognized option '%s'", a);
			usage_exit(1);
		}
		if (a[0] != '-' || strlen(a) < 2 || !strchr("qsmQSM", a[1])) {
			err_msg("unknown argument: %s", a);
			usage_exit(1);
		}
		const char *val = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
		if (!val) {
			err_msg("option requires an argument -- '%c'", a[1]);
			usage_exit(1);
		}
		char c = a[1];
		k = (c == 'q' || c == 'Q') ? MSG : (c == 's' || c == 'S') ? SEM : SHM;
		bad |= (c >= 'a') ? by_id(k, val) : by_key(k, val);
	}
	return bad;
}
