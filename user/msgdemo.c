/* msgdemo - producers and a consumer talking through a System V message
 * queue (the book's section 5.5.2).
 *
 *   msgdemo [-p PRODUCERS] [-n ITEMS] [-v]
 *
 * The parent makes a private queue and forks PRODUCERS children. Producer
 * i sends ITEMS messages of type i+1, each carrying its number and a
 * sequence number, then a last message of type DONE_TYPE. The parent is
 * the consumer: it takes the messages in arrival order (msgtyp 0) and
 * checks that every producer's items arrive complete and in order. When
 * the queue is full (msg_qbytes) a producer sleeps in msgsnd until the
 * consumer makes room: watch it with `ipcs -q` from another terminal.
 * -v prints every message. The queue is removed at the end (and on ^C). */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include "util.h"

static const struct prog_help help = {
	"[-p PRODUCERS] [-n ITEMS] [-v]",
	"PRODUCERS processes send ITEMS messages each through a System V message\n"
	"queue to one consumer, which checks that all arrive, in order.\n\n"
	"  -p PRODUCERS   the number of producers (3)\n"
	"  -n ITEMS       messages per producer (1000)\n"
	"  -v             print every message\n"
	"  -h             this help\n",
	1, 0,
};
#define DONE_TYPE 1000
#define MAXPROD 64

struct item {
	long mtype;             /* producer number + 1, or DONE_TYPE */
	int producer;
	int seq;
	char text[48];
};

static int qid = -1;

static void on_interrupt(int sig)
{
	(void)sig;
	if (qid >= 0)
		msgctl(qid, IPC_RMID, NULL);
	_exit(130);
}

static void producer(int me, int items)
{
	struct item m;
	for (int seq = 0; seq < items; seq++) {
		m.mtype = me + 1;
		m.producer = me;
		m.seq = seq;
		snprintf(m.text, sizeof m.text, "item %d from producer %d", seq, me);
		while (msgsnd(qid, &m, sizeof m - sizeof m.mtype, 0) < 0) {
			if (errno != EINTR) {
				err_msg("producer %d: msgsnd: %s", me, strerror(errno));
				_exit(1);
			}
		}
	}
	m.mtype = DONE_TYPE;
	m.producer = me;
	m.seq = items;
	snprintf(m.text, sizeof m.text, "producer %d done", me);
	msgsnd(qid, &m, sizeof m - sizeof m.mtype, 0);
	_exit(0);
}

int main(int argc, char **argv)
{
	int nprod = 3, items = 1000, verbose = 0, c;
	prog_init("msgdemo", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "p:n:vh")) != -1) {
		switch (c) {
		case 'p': nprod = number_arg(optarg, 1, MAXPROD); break;
		case 'n': items = number_arg(optarg, 0, 10000000); break;
		case 'v': verbose = 1; break;
		case 'h': printf("Usage: msgdemo %s\n%s", help.usage, help.text); return 0;
		default: bad_option(strchr("pn", optopt) ? 0 : optopt, 1);
		}
	}
	qid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (qid < 0) {
		err_msg("msgget: %s", strerror(errno));
		return 1;
	}
	signal(SIGINT, on_interrupt);
	signal(SIGTERM, on_interrupt);
	printf("queue %d: %d producers, %d items each\n", qid, nprod, items);
	fflush(stdout);
	pid_t pids[MAXPROD];
	for (int i = 0; i < nprod; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			producer(i, items);
		if (pids[i] < 0) {
			err_msg("fork: %s", strerror(errno));
			nprod = i;
			break;
		}
	}

	/* the consumer */
	int next[MAXPROD] = { 0 }, done = 0, bad = 0;
	long total = 0;
	struct item m;
	while (done < nprod) {
		ssize_t n = msgrcv(qid, &m, sizeof m - sizeof m.mtype, 0, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_msg("msgrcv: %s", strerror(errno));
			bad = 1;
			break;
		}
		if (verbose)
			printf("type %4ld: %s\n", m.mtype, m.text);
		if (m.mtype == DONE_TYPE) {
			done++;
			if (next[m.producer] != items) {
				printf("producer %d: only %d of %d items arrived\n", m.producer, next[m.producer], items);
				bad = 1;
			}
			continue;
		}
		if (m.seq != next[m.producer]) {
			printf("producer %d: item %d arrived, expected %d\n", m.producer, m.seq, next[m.producer]);
			bad = 1;
		}
		next[m.producer] = m.seq + 1;
		total++;
	}
	for (int i = 0; i < nprod; i++) {
		int st;
		waitpid(pids[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad = 1;
	}
	struct msqid_ds ds;
	if (msgctl(qid, IPC_STAT, &ds) == 0 && ds.msg_qnum != 0) {
		printf("%lu messages left in the queue\n", (unsigned long)ds.msg_qnum);
		bad = 1;
	}
	msgctl(qid, IPC_RMID, NULL);
	printf("consumer received %ld items from %d producers, in order: %s\n",
	       total, nprod, bad ? "NO" : "yes");
	return bad;
}
