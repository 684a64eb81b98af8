/* t_io_uring_creds_guest - guest only: what an io_uring request keeps of
 * its submitter (credentials, personalities, the descriptor table) goes
 * with it: every id of personalities taken (EBUSY after 65535, a freed
 * one given again), and rings closed or processes gone with requests
 * waiting that hold personalities and tables give back all kernel
 * memory (kmem.h's exact account). Guest only: the account is Pipit's. */
#include "check.h"
#include "uring.h"
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "kmem.h"

#define REG_PERSONALITY 9
#define UNREG_PERSONALITY 10

/* Every id taken: the 65536th is EBUSY; a freed one is given again. */
static void personalities_full(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	long n = 0, last = 0;
	while ((last = uring_register(r.fd, REG_PERSONALITY, NULL, 0)) > 0)
		n++;
	CHECK_EQ("65535 ids", n, 65535);
	CHECK_EQ("then EBUSY", errno, EBUSY);
	CHECK_OK0("UNREGISTER 7", uring_register(r.fd, UNREG_PERSONALITY, NULL, 7));
	CHECK_EQ("the next: 7", uring_register(r.fd, REG_PERSONALITY, NULL, 0), 7);
	ring_exit(&r);
}

static int cvm_wfd;
static struct ring *cvm_ring;
/* A CLONE_VM task with its own table submits a waiting chain and exits. */
static int cvm_submitter(void *arg)
{
	(void)arg;
	struct sqe_ *s = ring_sqe(cvm_ring, OP_POLL_ADD, cvm_wfd, 1);
	s->op_flags = POLLIN;
	s->flags = SQE_IO_LINK;
	s = ring_sqe(cvm_ring, OP_OPENAT, AT_FDCWD, 2);
	s->addr = U("/");
	s->personality = 1;
	return ring_submit(cvm_ring, 2, 0, 0) == 2 ? 0 : 1;
}

/* Personalities registered, requests waiting that hold them, chains
 * behind them, a drained one, a CLONE_VM task's request holding its own
 * table: all left for the exit to take down. */
static bool waiting_work(void)
{
	struct ring r;
	int p[2];
	if (ring_init(&r, 64, 0, 0) || pipe(p))
		return false;
	for (int i = 0; i < 20; i++)
		if (uring_register(r.fd, REG_PERSONALITY, NULL, 0) != i + 1)
			return false;
	uring_register(r.fd, UNREG_PERSONALITY, NULL, 3);
	for (int i = 0; i < 8; i++) {
		struct sqe_ *s = ring_sqe(&r, OP_POLL_ADD, p[0], 10 + i);
		s->op_flags = POLLIN;
		s->flags = SQE_IO_LINK;
		s->personality = 1 + i;
		s = ring_sqe(&r, OP_OPENAT, AT_FDCWD, 20 + i);
		s->addr = U("/");
		s->personality = 10;
	}
	ring_sqe(&r, OP_NOP, -1, 30)->flags = SQE_IO_DRAIN;
	if (ring_submit(&r, 17, 0, 0) != 17)
		return false;
	cvm_ring = &r;
	cvm_wfd = p[0];
	char *stack = malloc(65536);
	pid_t c = clone(cvm_submitter, stack + 65536, CLONE_VM | SIGCHLD, NULL);
	int st;
	if (waitpid(c, &st, 0) != c || st != 0)
		return false;
	return true;                        /* all goes at exit */
}

/* The same, the chains run by another thread, the ring closed first. */
static void *runner(void *arg)
{
	int *p = arg;
	write(p[1], "x", 1);
	return NULL;
}

static bool completed_work(void)
{
	struct ring r;
	int p[2];
	if (ring_init(&r, 16, 0, 0) || pipe(p))
		return false;
	uring_register(r.fd, REG_PERSONALITY, NULL, 0);
	for (int i = 0; i < 4; i++) {
		struct sqe_ *s = ring_sqe(&r, OP_POLL_ADD, p[0], 10 + i);
		s->op_flags = POLLIN;
		s->flags = SQE_IO_LINK;
		s = ring_sqe(&r, OP_OPENAT, AT_FDCWD, 20 + i);
		s->addr = U("/");
		s->personality = 1;
	}
	if (ring_submit(&r, 8, 0, 0) != 8)
		return false;
	pthread_t th;
	pthread_create(&th, NULL, runner, p);
	pthread_join(th, NULL);
	struct kts_ ts = { 5, 0 };
	struct getevents_arg_ a = { 0, 0, 0, U(&ts) };
	uring_enter(r.fd, 0, 8, ENTER_GETEVENTS | ENTER_EXT_ARG, &a, sizeof a);
	bool ok = ring_ready(&r) == 8;
	ring_exit(&r);
	return ok;
}

#define CHAIN 400

static struct ring chain[CHAIN];
static int chain_at, chain_pipe;

/* A CLONE_VM task with a table of its own: a poll that never ends on
 * its ring, which holds the table (and so the previous ring's file in
 * it); then it lets go of its own copy of its ring and exits. */
static int chain_link(void *arg)
{
	(void)arg;
	struct ring *r = &chain[chain_at];
	struct sqe_ *s = ring_sqe(r, OP_POLL_ADD, chain_pipe, 1);
	s->op_flags = POLLIN;
	if (ring_submit(r, 1, 0, 0) != 1)
		return 1;
	close(r->fd);
	return 0;
}

/* CHAIN rings, each held only by the descriptor table that a waiting
 * request of the next one holds: closing the last takes them all down,
 * one inside the other's release, which must not cost kernel stack for
 * each (the kernel stack is 8 KiB). In a child: its exit ends it too. */
static bool chain_work(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		int p[2];
		char *stack = malloc(16384);
		if (pipe(p) || !stack)
			_exit(2);
		chain_pipe = p[0];
		for (chain_at = 0; chain_at < CHAIN; chain_at++) {
			if (ring_init(&chain[chain_at], 2, 0, 0))
				_exit(3);
			pid_t c = clone(chain_link, stack + 16384, CLONE_VM | SIGCHLD, NULL);
			int st;
			if (c < 0 || waitpid(c, &st, 0) != c || st != 0)
				_exit(4);
			if (chain_at > 0)
				close(chain[chain_at - 1].fd);
		}
		close(chain[CHAIN - 1].fd);     /* the whole chain goes here */
		_exit(0);
	}
	return wait_for(pid) == 0;
}

static void nested_rings(void)
{
	kmem_account("400 rings, each held by the next one's request, closed", chain_work, 1,
		     "kernel memory as before");
}

static void leaks(void)
{
	kmem_account("requests waiting with personalities and tables at exit", waiting_work, 10,
		     "kernel memory as before");
	kmem_account("chains completed as their submitter, the ring closed", completed_work, 10,
		     "kernel memory as before");
}

int main(void)
{
	RUN(personalities_full);
	RUN(nested_rings);
	RUN(leaks);
	return cases_failed ? 1 : 0;
}
