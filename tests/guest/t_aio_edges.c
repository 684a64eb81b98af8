/* t_aio_edges - native AIO where a program is unkind to it, differential
 * against Linux: io_destroy while another thread's io_submit is still
 * submitting, io_destroy waking an io_getevents, a negative timeout, a
 * chain of polls each signalling the eventfd the next one polls (Linux
 * defers an eventfd signalled from inside an eventfd's wake-up), a poll
 * on an eventfd that is also its RESFD, a finished poll's file reference
 * (gone once io_getevents has read the event), a poll left waiting at
 * exit, the polled descriptor and the RESFD closed before completion,
 * and a ring unmapped, made read-only or moved while a poll waits. */
#include "aio_abi.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <sys/time.h>
#include <stdint.h>

static struct iocb_ read_cb(int fd, void *buf, size_t n) { return rw_cb(CMD_PREAD, fd, buf, n, 0); }

/* ---- io_destroy while io_submit goes on in another thread ---- */

static unsigned long d_ctx;
static volatile int d_done;
static long d_ret;
static int d_feed;

static void *destroyer(void *arg)
{
	(void)arg;
	msleep(200);                         /* io_submit waits in the read */
	d_ret = syscall(__NR_io_destroy, d_ctx);
	d_done = 1;
	return NULL;
}
static void *feeder(void *arg)
{
	(void)arg;
	msleep(500);                         /* io_destroy has begun */
	write(d_feed, "x", 1);
	return NULL;
}

/* The first request reads an empty pipe and holds io_submit there;
 * io_destroy comes meanwhile; then the read is fed and io_submit goes on
 * to a poll that never becomes ready. Linux cancels that poll once
 * io_submit lets go of the context, and io_destroy returns. */
static void destroy_during_submit(void)
{
	int a[2], b[2];
	char buf[4];
	pipe(a);
	pipe(b);
	d_feed = a[1];
	CHECK_OK0("io_setup", setup(8, &d_ctx));
	struct iocb_ r = read_cb(a[0], buf, 1), p = poll_cb(b[0], POLLIN);
	struct iocb_ *l[2] = { &r, &p };
	pthread_t t1, t2;
	pthread_create(&t1, NULL, destroyer, NULL);
	pthread_create(&t2, NULL, feeder, NULL);
	CHECK_EQ("io_submit: both submitted", syscall(__NR_io_submit, d_ctx, 2, l), 2);
	for (int i = 0; i < 100 && !d_done; i++)
		msleep(10);
	CHECK_EQ("io_destroy returned without the poll's file being ready", d_done, 1);
	write(b[1], "y", 1);                 /* lets a stuck io_destroy go */
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	CHECK_EQ("io_destroy: 0", d_ret, 0);
	CHECK_SYSERR("the context is gone", EINVAL, __NR_io_destroy, d_ctx);
}

/* ---- io_destroy while another thread waits in io_getevents ---- */

static long g_ret;
static int g_errno;
static void *getter(void *arg)
{
	struct io_event_ ev[4];
	(void)arg;
	g_ret = syscall(__NR_io_getevents, d_ctx, 1, 4, ev, NULL);
	g_errno = errno;
	return NULL;
}

static void destroy_wakes_getevents(void)
{
	CHECK_OK0("io_setup", setup(8, &d_ctx));
	pthread_t t;
	pthread_create(&t, NULL, getter, NULL);
	msleep(200);
	CHECK_OK0("io_destroy", syscall(__NR_io_destroy, d_ctx));
	pthread_join(t, NULL);
	CHECK_EQ("io_getevents: -1", g_ret, -1);
	CHECK_STR("io_getevents: EINVAL", errname(g_errno), "EINVAL");
}

/* ---- timeouts ---- */

static void on_alarm(int sig) { (void)sig; }

/* The time is made ktime (seconds, plus nanoseconds as an unsigned
 * long) and added to now by hrtimer, whose overflow check takes a sum
 * below now for an overflow: a negative total waits for ever, as a time
 * past ktime's range does; 0 is a single look. An i386 kernel's tv_nsec
 * -1 is 2^32 - 1 ns, a 64-bit one's (compat) -1 ns: both wait longer
 * than the interval timer that ends each wait here. Left out: {1 s,
 * -1e9 ns}, one look on a 64-bit kernel, 4.3 s on i386. */
static void negative_timeout(void)
{
	unsigned long ctx;
	struct io_event_ ev[4];
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	CHECK_OK0("io_setup", setup(8, &ctx));
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("tv_sec -1: waits (EINTR)", getev_ts(ctx, 1, 4, ev, -1, 0), EINTR);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("tv_nsec -1: waits (EINTR)", getev_ts(ctx, 1, 4, ev, 0, -1), EINTR);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("1 s less 2e9 ns: waits (EINTR)", getev_ts(ctx, 1, 4, ev, 1, -2000000000), EINTR);
	setitimer(ITIMER_REAL, &it, NULL);
	struct { int64_t s, ns; } t64 = { 0, -5 };
	CHECK_ERR("io_pgetevents_time64, tv_nsec -5: waits (EINTR)",
		  syscall(416, ctx, 1, 4, ev, &t64, NULL), EINTR);
	CHECK_EQ("0: one look", getev_ts(ctx, 1, 4, ev, 0, 0), 0);
}

/* ---- eventfds and polls ---- */

#define CHAIN 300

/* Poll i waits on eventfd i and signals eventfd i + 1: one write to the
 * first finishes them all, however long the chain. */
static void resfd_chain(void)
{
	static int efd[CHAIN + 1];
	static struct iocb_ cb[CHAIN];
	static struct iocb_ *l[CHAIN];
	static struct io_event_ ev[CHAIN];
	unsigned long ctx;
	CHECK_OK0("io_setup", setup(CHAIN, &ctx));
	for (int i = 0; i <= CHAIN; i++)
		efd[i] = eventfd(0, EFD_NONBLOCK);
	CHECK("eventfds", efd[CHAIN] >= 0);
	for (int i = 0; i < CHAIN; i++) {
		cb[i] = poll_cb(efd[i], POLLIN);
		cb[i].aio_flags = FLAG_RESFD;
		cb[i].aio_resfd = efd[i + 1];
		cb[i].aio_data = i;
		l[i] = &cb[i];
	}
	CHECK_EQ("io_submit the chain", syscall(__NR_io_submit, ctx, CHAIN, l), CHAIN);
	uint64_t one = 1, got = 0;
	CHECK_EQ("write the first eventfd", write(efd[0], &one, 8), 8);
	long n = 0, r;
	while (n < CHAIN && (r = getev_ts(ctx, 1, CHAIN - n, ev + n, 2, 0)) > 0)
		n += r;
	CHECK_EQ("every poll finished", n, CHAIN);
	int bad = 0;
	for (long i = 0; i < n; i++)
		bad += ev[i].res != POLLIN;
	CHECK_EQ("each with POLLIN", bad, 0);
	CHECK_EQ("the last eventfd signalled", read(efd[CHAIN], &got, 8), 8);
	CHECK_EQ("once", got, 1);
}

/* A poll on the eventfd it signals: finished by a write, the eventfd
 * then holds the write and the signal. */
static void resfd_self(void)
{
	unsigned long ctx;
	struct io_event_ ev[4];
	int efd = eventfd(0, EFD_NONBLOCK);
	uint64_t v = 5;
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ cb = poll_cb(efd, POLLIN), cb2 = cb;
	cb.aio_flags = cb2.aio_flags = FLAG_RESFD;
	cb.aio_resfd = cb2.aio_resfd = efd;
	CHECK_EQ("io_submit", submit1(ctx, &cb), 1);
	CHECK_EQ("io_submit a second", submit1(ctx, &cb2), 1);
	CHECK_EQ("write", write(efd, &v, 8), 8);
	CHECK_EQ("two events", getev_ts(ctx, 2, 4, ev, 2, 0), 2);
	CHECK_EQ("res POLLIN", ev[0].res, POLLIN);
	CHECK_EQ("eventfd: 5 + 2", (read(efd, &v, 8), v), 7);
}

/* The RESFD closed before the poll finishes: the request holds it. */
static void resfd_closed(void)
{
	unsigned long ctx;
	struct io_event_ ev[4];
	int p[2], efd = eventfd(0, 0);
	pipe(p);
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ cb = poll_cb(p[0], POLLIN);
	cb.aio_flags = FLAG_RESFD;
	cb.aio_resfd = efd;
	CHECK_EQ("io_submit", submit1(ctx, &cb), 1);
	close(efd);
	CHECK_EQ("the eventfd's number is free", eventfd(0, EFD_NONBLOCK), efd);
	write(p[1], "x", 1);
	CHECK_EQ("the event", getev_ts(ctx, 1, 4, ev, 2, 0), 1);
	CHECK_EQ("res: the pipe's key", ev[0].res, POLLIN | POLLRDNORM);
	uint64_t v = 0;
	CHECK_ERR("the new eventfd was not signalled", read(efd, &v, 8), EAGAIN);
}

/* The polled descriptor closed: the request keeps the file; once its
 * event is read, the file goes, and a writer of the pipe sees EPIPE. */
static void polled_fd_closed(void)
{
	unsigned long ctx;
	struct io_event_ ev[4];
	int p[2];
	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ cb = poll_cb(p[0], POLLIN);
	CHECK_EQ("io_submit", submit1(ctx, &cb), 1);
	close(p[0]);
	CHECK_EQ("write: the poll holds the reader", write(p[1], "x", 1), 1);
	CHECK_EQ("the event", getev_ts(ctx, 1, 4, ev, 2, 0), 1);
	CHECK_EQ("res: the pipe's key", ev[0].res, POLLIN | POLLRDNORM);
	CHECK_ERR("then no reader: EPIPE", write(p[1], "x", 1), EPIPE);
}

/* A poll on a pipe end left waiting at exit: the exit cancels it and
 * the end is closed (the writer, in another process, sees EPIPE). */
static void exit_with_poll(void)
{
	int p[2], sync[2];
	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	pipe(sync);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned long ctx;
		close(p[1]);
		setup(8, &ctx);
		struct iocb_ cb = poll_cb(p[0], POLLIN);
		long r = submit1(ctx, &cb);
		close(p[0]);
		write(sync[1], &r, sizeof r);
		_exit(0);
	}
	close(p[0]);
	long r = 0;
	read(sync[0], &r, sizeof r);
	CHECK_EQ("child submitted the poll", r, 1);
	CHECK_EQ("child exited", wait_for(pid), 0);
	CHECK_ERR("no reader left: EPIPE", write(p[1], "x", 1), EPIPE);
}

/* ---- the ring taken away ---- */

/* The ring unmapped, made read-only, or moved while a poll waits: the
 * poll still finishes (into the kernel's pages); the id finds nothing. */
static void ring_gone(void)
{
	unsigned long ctx;
	struct io_event_ ev[4];
	int p[2];
	pipe(p);
	CHECK_OK0("io_setup", setup(8, &ctx));
	struct iocb_ cb = poll_cb(p[0], POLLIN);
	CHECK_EQ("io_submit", submit1(ctx, &cb), 1);
	CHECK_OK0("mprotect PROT_NONE", mprotect((void *)ctx, 4096, PROT_NONE));
	CHECK_SYSERR("io_getevents: EINVAL", EINVAL, __NR_io_getevents, ctx, 0, 4, ev, NULL);
	CHECK_OK0("mprotect back", mprotect((void *)ctx, 4096, PROT_READ | PROT_WRITE));
	CHECK_OK0("munmap", munmap((void *)ctx, 4096));
	CHECK_EQ("write the pipe", write(p[1], "x", 1), 1);
	CHECK_SYSERR("io_getevents: EINVAL", EINVAL, __NR_io_getevents, ctx, 0, 4, ev, NULL);
	CHECK_SYSERR("io_destroy: EINVAL", EINVAL, __NR_io_destroy, ctx);
	unsigned long c2;
	CHECK_OK0("io_setup", setup(8, &c2));
	CHECK_EQ("io_submit", submit1(c2, &cb), 1);
	void *moved = mremap((void *)c2, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED,
			     mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	CHECK("mremap", moved != MAP_FAILED);
	CHECK_SYSERR("the old id: EINVAL", EINVAL, __NR_io_getevents, c2, 0, 4, ev, NULL);
}

int main(void)
{
	RUN(destroy_during_submit);
	RUN(destroy_wakes_getevents);
	RUN(negative_timeout);
	RUN(resfd_chain);
	RUN(resfd_self);
	RUN(resfd_closed);
	RUN(polled_fd_closed);
	RUN(exit_with_poll);
	RUN(ring_gone);
	return cases_failed ? 1 : 0;
}
