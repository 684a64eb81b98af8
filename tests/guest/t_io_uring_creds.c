/* t_io_uring_creds - whose credentials and descriptors a request uses,
 * differential against Linux: a request that another task completes (a
 * link behind a POLL_ADD, a drained request) still runs as its
 * submitter (Linux runs it in the submitter's task): its ids, its
 * Landlock domain, its descriptor table; and registered personalities
 * (IORING_REGISTER_PERSONALITY, sqe->personality) with their errors.
 * (A ring cannot be passed with SCM_RIGHTS: the other process inherits
 * it by fork.) */
#include "check.h"
#include "uring.h"
#include "landlock.h"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#define REG_PERSONALITY 9
#define UNREG_PERSONALITY 10

/* Waits for min CQEs, 5 s at most. */
static void wait_cqes(int ringfd, unsigned min)
{
	struct kts_ ts = { 5, 0 };
	struct getevents_arg_ a = { 0, 0, 0, U(&ts) };
	uring_enter(ringfd, 0, min, ENTER_GETEVENTS | ENTER_EXT_ARG, &a, sizeof a);
}

/* A file only uid `owner` may open (mode 0600): its path. */
static const char *private_file(const char *name, uid_t owner)
{
	const char *p = P(name);
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	close(fd);
	chown(p, owner, owner);
	chmod(p, 0600);
	chmod(tdir, 0755);
	return p;
}

/* Queues POLL_ADD(POLLIN) on rfd, then an OPENAT of path (flags: the
 * SQE's link or drain) with user_data 2. */
static void queue_poll_open(struct ring *r, int rfd, const char *path, int openflags)
{
	struct sqe_ *pl = ring_sqe(r, OP_POLL_ADD, rfd, 1);
	pl->op_flags = POLLIN;
	pl->flags = openflags & SQE_IO_LINK;
	struct sqe_ *s = ring_sqe(r, OP_OPENAT, AT_FDCWD, 2);
	s->addr = U(path);
	s->op_flags = O_RDONLY;
	s->flags = openflags & SQE_IO_DRAIN;
}

/* The OPENAT's CQE among what is there: its result. */
static int open_result(struct ring *r)
{
	struct cqe_ c;
	int res = -9999;
	while (!ring_cqe(r, &c))
		if (c.user_data == 2)
			res = c.res;
	return res;
}

/* Process A (uid 1000) submits a POLL_ADD and a drained OPENAT of a file
 * only it may open; process B (uid 2000, the ring inherited) makes the
 * poll complete and enters the ring: the open is A's, in A's table. */
static void drain_other_process(void)
{
	const char *path = private_file("a_only", 1000);
	int p[2];
	pipe(p);
	CHECK_OK0("A: uid 1000 (saved 0, for B)", setresuid(1000, 1000, 0));
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	queue_poll_open(&r, p[0], path, SQE_IO_DRAIN);
	CHECK_EQ("2 submitted", ring_submit(&r, 2, 0, 0), 2);
	pid_t b = fork();
	if (b == 0) {
		if (setresuid(-1, 0, -1) || setresuid(2000, 2000, 2000))
			_exit(3);
		write(p[1], "x", 1);
		wait_cqes(r.fd, 1);
		_exit(0);
	}
	int st;
	waitpid(b, &st, 0);
	CHECK_EXIT("B", st, 0);
	wait_cqes(r.fd, 2);
	int fd = open_result(&r);
	CHECK("the open succeeded (as A)", fd >= 0);
	struct stat a, f;
	stat(path, &a);
	CHECK("in A's table: the file", fd >= 0 && fstat(fd, &f) == 0 && f.st_ino == a.st_ino);
	ring_exit(&r);
}

struct completer { struct ring *r; int wfd; int how; int res; };

/* Another thread of the submitter's process, with other credentials of
 * its own (how 0: uid 2000; 1: a Landlock domain without READ_FILE),
 * makes the poll complete and waits for both CQEs. */
static void *complete_it(void *arg)
{
	struct completer *c = arg;
	if (c->how == 0) {
		c->res = syscall(SYS_setresuid32, 2000, 2000, 2000);   /* this thread only */
	} else {
		uint64_t handled = LANDLOCK_ACCESS_FS_READ_FILE;
		int rfd = syscall(SYS_landlock_create_ruleset, &handled, sizeof handled, 0);
		c->res = rfd < 0 ? -1 : syscall(SYS_landlock_restrict_self, rfd, 0);
	}
	write(c->wfd, "x", 1);
	wait_cqes(c->r->fd, 2);
	return NULL;
}

static void link_other_thread(int how)
{
	const char *path = private_file("root_only", 1000);
	int p[2];
	pipe(p);
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	queue_poll_open(&r, p[0], path, SQE_IO_LINK);
	CHECK_EQ("2 submitted", ring_submit(&r, 2, 0, 0), 2);
	struct completer c = { &r, p[1], how, -1 };
	pthread_t th;
	pthread_create(&th, NULL, complete_it, &c);
	pthread_join(th, NULL);
	CHECK_EQ("the thread changed its own credentials", c.res, 0);
	wait_cqes(r.fd, 2);
	int fd = open_result(&r);
	CHECK("the open succeeded (as the submitter)", fd >= 0);
	CHECK("in the process's table", fd >= 0 && fcntl(fd, F_GETFD) == 0);
	ring_exit(&r);
}
static void link_thread_uid(void) { link_other_thread(0); }
static void link_thread_landlock(void) { link_other_thread(1); }

/* A task sharing the memory but not the descriptor table (CLONE_VM
 * without CLONE_FILES) completes a linked OPENAT: the descriptor is in
 * the submitter's table, not in the completer's. */
static struct ring vm_ring;
static int vm_wfd, vm_res = -9999, vm_in_mine = -1;
static int vm_completer(void *arg)
{
	(void)arg;
	write(vm_wfd, "x", 1);
	wait_cqes(vm_ring.fd, 2);
	vm_res = open_result(&vm_ring);
	vm_in_mine = vm_res >= 0 && fcntl(vm_res, F_GETFD) >= 0;
	return 0;
}

static void link_other_table(void)
{
	const char *path = private_file("tbl", 1000);
	int p[2];
	pipe(p);
	vm_wfd = p[1];
	CHECK_OK0("ring", ring_init(&vm_ring, 8, 0, 0));
	queue_poll_open(&vm_ring, p[0], path, SQE_IO_LINK);
	CHECK_EQ("2 submitted", ring_submit(&vm_ring, 2, 0, 0), 2);
	char *stack = malloc(65536);
	pid_t c = clone(vm_completer, stack + 65536, CLONE_VM | SIGCHLD, NULL);
	int st;
	CHECK_EQ("the completer", waitpid(c, &st, 0), c);
	CHECK_EXIT("  exited", st, 0);
	CHECK("the open succeeded", vm_res >= 0);
	CHECK_EQ("not in the completer's table", vm_in_mine, 0);
	CHECK("in the submitter's", vm_res >= 0 && fcntl(vm_res, F_GETFD) == 0);
}

/* IORING_(UN)REGISTER_PERSONALITY's checks: arguments are EINVAL, ids
 * are given cyclically from 1, an unknown id is EINVAL. */
static void personality_args(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	int x = 0;
	CHECK_SYSERR("REGISTER with an argument: EINVAL", EINVAL, NR_register, r.fd, REG_PERSONALITY, &x, 0);
	CHECK_SYSERR("REGISTER with a count: EINVAL", EINVAL, NR_register, r.fd, REG_PERSONALITY, NULL, 1);
	CHECK_EQ("first id: 1", uring_register(r.fd, REG_PERSONALITY, NULL, 0), 1);
	CHECK_EQ("second id: 2", uring_register(r.fd, REG_PERSONALITY, NULL, 0), 2);
	CHECK_SYSERR("UNREGISTER with an argument: EINVAL", EINVAL, NR_register, r.fd, UNREG_PERSONALITY, &x, 1);
	CHECK_SYSERR("UNREGISTER of 0: EINVAL", EINVAL, NR_register, r.fd, UNREG_PERSONALITY, NULL, 0);
	CHECK_SYSERR("UNREGISTER of 7: EINVAL", EINVAL, NR_register, r.fd, UNREG_PERSONALITY, NULL, 7);
	CHECK_EQ("UNREGISTER of 1: 0", uring_register(r.fd, UNREG_PERSONALITY, NULL, 1), 0);
	CHECK_SYSERR("UNREGISTER of 1 again: EINVAL", EINVAL, NR_register, r.fd, UNREG_PERSONALITY, NULL, 1);
	CHECK_EQ("next id: 3 (cyclic)", uring_register(r.fd, REG_PERSONALITY, NULL, 0), 3);
	/* an SQE naming an unknown one: EINVAL in its CQE, the submission ends there */
	ring_sqe(&r, OP_NOP, -1, 10)->personality = 1;
	ring_sqe(&r, OP_NOP, -1, 11);
	CHECK_EQ("submitted: 1", ring_submit(&r, 2, 1, ENTER_GETEVENTS), 1);
	struct cqe_ c = get1(&r);
	CHECK_EQ("CQE of personality 1: EINVAL", c.res, -EINVAL);
	ring_sqe(&r, OP_NOP, -1, 12)->personality = 2;
	CHECK_EQ("the rest and a known one: 2", ring_submit(&r, 2, 2, ENTER_GETEVENTS), 2);
	CHECK_EQ("NOP: 0", get1(&r).res, 0);
	CHECK_EQ("NOP of personality 2: 0", get1(&r).res, 0);
	ring_exit(&r);
}

/* A personality registered while the euid was 1000 opens as 1000; the
 * same SQE without it opens as root. */
static void personality_open(void)
{
	const char *mine = private_file("p_mine", 1000), *other = private_file("p_other", 2000);
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	CHECK_OK0("euid 1000", setresuid(-1, 1000, 0));
	int id = uring_register(r.fd, REG_PERSONALITY, NULL, 0);
	CHECK_OK0("euid 0 again", setresuid(-1, 0, 0));
	CHECK_EQ("id 1", id, 1);
	const char *paths[3] = { mine, other, other };
	for (int i = 0; i < 3; i++) {
		struct sqe_ *s = ring_sqe(&r, OP_OPENAT, AT_FDCWD, 20 + i);
		s->addr = U(paths[i]);
		s->op_flags = O_RDONLY;
		s->personality = i < 2 ? id : 0;
	}
	CHECK_EQ("3 submitted", ring_submit(&r, 3, 3, ENTER_GETEVENTS), 3);
	int res[3] = { -9999, -9999, -9999 };
	struct cqe_ c;
	while (!ring_cqe(&r, &c))
		if (c.user_data >= 20 && c.user_data < 23)
			res[c.user_data - 20] = c.res;
	CHECK("as 1000: its own file opens", res[0] >= 0);
	CHECK_EQ("as 1000: another's is EACCES", res[1], -EACCES);
	CHECK("without the personality: root's", res[2] >= 0);
	ring_exit(&r);
}

/* A process exits with a request waiting: its descriptors still close
 * at its exit (the request's hold on its table goes with the request). */
static void exit_with_request(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		struct ring r;
		close(q[0]);
		if (ring_init(&r, 4, 0, 0))
			_exit(3);
		ring_sqe(&r, OP_POLL_ADD, p[0], 1)->op_flags = POLLIN;
		ring_sqe(&r, OP_READ, p[0], 2)->len = 0;
		_exit(ring_submit(&r, 2, 0, 0) == 2 ? 0 : 4);
	}
	close(q[1]);
	int st;
	waitpid(c, &st, 0);
	CHECK_EXIT("the child", st, 0);
	struct pollfd pf = { q[0], POLLIN, 0 };
	CHECK_EQ("its end of the pipe was closed: EOF", poll(&pf, 1, 5000), 1);
	CHECK_EQ("read: 0", read(q[0], (char[4]){ 0 }, 4), 0);
}

int main(void)
{
	tdir_setup("t_io_uring_creds");
	RUN(personality_args);
	RUN(personality_open);
	RUN(link_thread_uid);
	RUN(link_thread_landlock);
	RUN(link_other_table);
	RUN(drain_other_process);
	RUN(exit_with_request);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
