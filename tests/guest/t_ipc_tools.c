/* t_ipc_tools - Pipit's ipcmk and ipcs in util-linux's formats: ipcmk
 * -M/-Q/-S/-p ("Shared memory id: N" ..., in that order, random keys),
 * and ipcs -p, -t, -c, -u and -i ID for queues, segments and arrays: the
 * titles and column heads exactly as util-linux 2.38 prints them, and the
 * row of each object this test made, built here from IPC_STAT with
 * util-linux's column widths. Other objects on the host are left alone:
 * only our rows and the fixed lines are checked, and nothing printed
 * depends on ids, pids or times.
 *
 * Differential: the same binaries run in the guest and on the host (see
 * run_prog.h). */
#include "check.h"
#include "run_prog.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sched.h>

static struct result r;

/* Runs ipcs or ipcmk with the arguments into r. */
static void tool_argv(char *const argv[])
{
	memset(&r, 0, sizeof r);
	run(0, argv, &r);
}

#define tool(...) tool_argv((char *const[]){ __VA_ARGS__, NULL })

/* Is line (without its newline) one of the lines of r.out? */
static int has_out_line(const char *line)
{
	size_t n = strlen(line);
	for (const char *p = r.out; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !strncmp(p, line, n))
			return 1;
		p += len + (nl != NULL);
	}
	return 0;
}

#define CHECK_OUT(name, line) do { \
	const char *l_ = (line); \
	if (has_out_line(l_)) pass(name); \
	else fail(name, "no line \"%s\" in:\n%s%s", l_, r.out, r.err); \
} while (0)

/* The number after prefix in r.out, or -1. */
static int id_after(const char *prefix)
{
	const char *p = strstr(r.out, prefix);
	return p ? atoi(p + strlen(prefix)) : -1;
}

/* ctime as util-linux's -t shows it: without the weekday, 16 columns,
 * or the whole 24; "Not set" for 0. */
static const char *when(time_t t, int shorter)
{
	static char buf[4][32];
	static int k;
	char *b = buf[k++ % 4];
	snprintf(b, 32, "%s", t ? ctime(&t) + (shorter ? 4 : 0) : "Not set");
	b[shorter ? 16 : 24] = 0;
	b[strcspn(b, "\n")] = 0;
	return b;
}

static int q, m, s;     /* the objects made by ipcmk */

static void make_objects(void)
{
	tool("ipcmk", "-S", "3", "-Q");
	CHECK_EQ("ipcmk two.status", r.status, 0);
	CHECK("ipcmk two.order", !strncmp(r.out, "Message queue id: ", 18) &&
	      strstr(r.out, "\nSemaphore id: "));
	msgctl(id_after("Message queue id: "), IPC_RMID, NULL);
	semctl(id_after("Semaphore id: "), 0, IPC_RMID);
	tool("ipcmk", "-M", "1K", "-p", "640");
	CHECK_EQ("ipcmk -M.status", r.status, 0);
	m = id_after("Shared memory id: ");
	CHECK("ipcmk -M.id", m >= 0 && !strncmp(r.out, "Shared memory id: ", 18));
	tool("ipcmk", "-Q", "-p", "600");
	q = id_after("Message queue id: ");
	tool("ipcmk", "-S", "2", "-p", "0600");
	s = id_after("Semaphore id: ");
	CHECK("ipcmk ids", q >= 0 && s >= 0);
}

static void remove_objects(void)
{
	msgctl(q, IPC_RMID, NULL);
	shmctl(m, IPC_RMID, NULL);
	semctl(s, 0, IPC_RMID);
}

static void ipcmk_objects(void)
{
	struct shmid_ds sd;
	struct msqid_ds md;
	make_objects();
	CHECK_OK0("shm stat", shmctl(m, IPC_STAT, &sd));
	CHECK_EQ("shm size (1K)", sd.shm_segsz, 1024);
	CHECK_MODE("shm mode (-p 640)", sd.shm_perm.mode & 0777, 0640);
	CHECK("shm key not private", sd.shm_perm.__key != IPC_PRIVATE);
	CHECK_OK0("msg stat", msgctl(q, IPC_STAT, &md));
	CHECK_MODE("msg mode", md.msg_perm.mode & 0777, 0600);
	remove_objects();
	tool("ipcmk");
	CHECK_STR("ipcmk none", r.err, "ipcmk: bad usage\nTry 'ipcmk --help' for more information.\n");
	tool("ipcmk", "-S", "x");
	CHECK_STR("ipcmk -S x", r.err, "ipcmk: failed to parse elements: 'x'\n");
	tool("ipcmk", "-M", "x");
	CHECK_STR("ipcmk -M x", r.err, "ipcmk: failed to parse size: 'x': Invalid argument\n");
	tool("ipcmk", "-S", "0");
	CHECK_STR("ipcmk -S 0", r.err, "ipcmk: create semaphore failed: Invalid argument\n");
	CHECK_EQ("ipcmk -S 0.status", r.status, 1);
}

static void msg_rows(void)
{
	struct msqid_ds d;
	char line[256];
	msgctl(q, IPC_STAT, &d);
	tool("ipcs", "-q", "-p");
	CHECK_OUT("-q -p title", "------ Message Queues PIDs --------");
	CHECK_OUT("-q -p head", "msqid      owner      lspid      lrpid     ");
	snprintf(line, sizeof line, "%-8d %-10.10s  %5d     %5d", q, "root", 0, 0);
	CHECK_OUT("-q -p row", line);
	tool("ipcs", "-q", "-t");
	CHECK_OUT("-q -t title", "------ Message Queues Send/Recv/Change Times --------");
	CHECK_OUT("-q -t head", "msqid    owner      send                 recv                 change              ");
	snprintf(line, sizeof line, "%-8d %-10.10s %-20.16s %-20.16s %-20.16s", q, "root", "Not set",
		 "Not set", when(d.msg_ctime, 1));
	CHECK_OUT("-q -t row", line);
	tool("ipcs", "-q", "-c");
	CHECK_OUT("-q -c title", "------ Message Queues Creators/Owners --------");
	CHECK_OUT("-q -c head", "msqid      perms      cuid       cgid       uid        gid       ");
	snprintf(line, sizeof line, "%-10d %-10o %-10s %-10s %-10s %-10s", q, 0600, "root", "root",
		 "root", "root");
	CHECK_OUT("-q -c row", line);
}

static void shm_rows(void)
{
	struct shmid_ds d;
	char line[256];
	shmctl(m, IPC_STAT, &d);
	tool("ipcs", "-m", "-p");
	CHECK_OUT("-m -p title", "------ Shared Memory Creator/Last-op PIDs --------");
	CHECK_OUT("-m -p head", "shmid      owner      cpid       lpid      ");
	snprintf(line, sizeof line, "%-10d %-10.10s %-10d %-10d", m, "root", (int)d.shm_cpid, 0);
	CHECK_OUT("-m -p row", line);
	tool("ipcs", "-m", "-t");
	CHECK_OUT("-m -t title", "------ Shared Memory Attach/Detach/Change Times --------");
	CHECK_OUT("-m -t head", "shmid      owner      attached             detached             changed             ");
	snprintf(line, sizeof line, "%-10d %-10.10s %-20.16s %-20.16s %-20.16s", m, "root", "Not set",
		 "Not set", when(d.shm_ctime, 1));
	CHECK_OUT("-m -t row", line);
	tool("ipcs", "-m", "-c");
	CHECK_OUT("-m -c title", "------ Shared Memory Segment Creators/Owners --------");
	snprintf(line, sizeof line, "%-10d %-10o %-10s %-10s %-10s %-10s", m, 0640, "root", "root",
		 "root", "root");
	CHECK_OUT("-m -c row", line);
}

static void sem_rows(void)
{
	struct semid_ds d;
	char line[256];
	semctl(s, 0, IPC_STAT, &d);
	tool("ipcs", "-s", "-p");
	CHECK_STR("-s -p (no table)", r.out, "\n\n");
	tool("ipcs", "-s", "-t");
	CHECK_OUT("-s -t title", "------ Semaphore Operation/Change Times --------");
	CHECK_OUT("-s -t head", "semid    owner      last-op                    last-changed              ");
	snprintf(line, sizeof line, "%-8d %-10.10s  %-26.24s %-26.24s", s, "root", "Not set",
		 when(d.sem_ctime, 0));
	CHECK_OUT("-s -t row", line);
	tool("ipcs", "-s", "-c");
	CHECK_OUT("-s -c title", "------ Semaphore Arrays Creators/Owners --------");
	snprintf(line, sizeof line, "%-10d %-10o %-10s %-10s %-10s %-10s", s, 0600, "root", "root",
		 "root", "root");
	CHECK_OUT("-s -c row", line);
}

static void tables(void)
{
	make_objects();
	msg_rows();
	shm_rows();
	sem_rows();
	remove_objects();
}

/* -u: the three status blocks, with numbers where util-linux has them. */
static void summary(void)
{
	static const char *const prefixes[] = {
		"------ Messages Status --------\nallocated queues = ", "\nused headers = ",
		"\nused space = ", " bytes\n\n------ Shared Memory Status --------\nsegments allocated ",
		"\npages allocated ", "\npages resident  ", "\npages swapped   ",
		"\nSwap performance: ", " attempts\t ", " successes\n\n------ Semaphore Status --------\n"
		"used arrays = ", "\nallocated semaphores = ", "\n\n",
	};
	tool("ipcs", "-u");
	const char *p = r.out;
	int ok = *p++ == '\n';
	for (size_t i = 0; ok && i < sizeof prefixes / sizeof prefixes[0]; i++) {
		ok = !strncmp(p, prefixes[i], strlen(prefixes[i]));
		p += strlen(prefixes[i]);
		while (ok && *p >= '0' && *p <= '9')
			p++;
	}
	if (ok && !*p)
		pass("-u format");
	else
		fail("-u format", "got:\n%s", r.out);
	tool("ipcs", "-p", "-u");
	CHECK("-p -u: the last wins", !strncmp(r.out, "\n------ Messages Status", 22));
}

/* In a new IPC namespace ipcs shows that namespace's objects only: none,
 * then the one queue made there. */
static void namespace(void)
{
	CHECK_OK0("unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
	tool("ipcs", "-u");
	CHECK("-u: no queue", strstr(r.out, "allocated queues = 0\n") != NULL);
	CHECK("-u: no segment", strstr(r.out, "segments allocated 0\n") != NULL);
	CHECK("-u: no array", strstr(r.out, "used arrays = 0\n") != NULL);
	int q = msgget(0x7e57b001, IPC_CREAT | 0640);
	tool("ipcs", "-u");
	CHECK("-u: one queue", strstr(r.out, "allocated queues = 1\n") != NULL);
	tool("ipcs", "-q");
	CHECK_STR("-q: its row alone", r.out,
		  "\n------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n"
		  "0x7e57b001 0          root       640        0            0           \n\n");
	msgctl(q, IPC_RMID, NULL);
}

/* -i ID: util-linux's detail blocks. */
static void details(void)
{
	struct msqid_ds d;
	char id[16], line[256];
	make_objects();
	msgctl(q, IPC_STAT, &d);
	snprintf(id, sizeof id, "%d", q);
	tool("ipcs", "-q", "-i", id);
	snprintf(line, sizeof line, "Message Queue msqid=%d", q);
	CHECK_OUT("-q -i title", line);
	CHECK_OUT("-q -i perms", "uid=0\tgid=0\tcuid=0\tcgid=0\tmode=0600");
	snprintf(line, sizeof line, "cbytes=0\tqbytes=%lu\tqnum=0\tlspid=0\tlrpid=0",
		 (unsigned long)d.msg_qbytes);
	CHECK_OUT("-q -i counts", line);
	CHECK_OUT("-q -i send_time", "send_time=Not set                   ");
	snprintf(id, sizeof id, "%d", s);
	tool("ipcs", "-s", "-i", id);
	CHECK_OUT("-s -i mode", "mode=0600, access_perms=0600");
	CHECK_OUT("-s -i nsems", "nsems = 2");
	CHECK_OUT("-s -i head", "semnum     value      ncount     zcount     pid       ");
	CHECK_OUT("-s -i sem 1", "1          0          0          0          0         ");
	remove_objects();
	snprintf(id, sizeof id, "%d", q);
	tool("ipcs", "-q", "-i", id);
	snprintf(line, sizeof line, "ipcs: id %d not found\n", q);
	CHECK("-i removed", !strcmp(r.err, line) && r.status == 0);
	tool("ipcs", "-i", "5");
	CHECK_STR("-i without kind", r.err, "ipcs: when using an ID, a single resource must be specified\n");
	tool("ipcs", "-q", "-i", "x");
	CHECK_STR("-i x", r.err, "ipcs: failed to parse id argument: 'x'\n");
}

int main(void)
{
	find_bindir();
	RUN(ipcmk_objects);
	RUN(tables);
	RUN(summary);
	RUN(details);
	RUN(namespace);
	return cases_failed != 0;
}
