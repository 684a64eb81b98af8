/* t_fd_reserve - differential test: a system call that may sleep before
 * it has a file (open of a FIFO, accept) takes its descriptor first, as
 * Linux's get_unused_fd_flags: while it sleeps another thread's open gets
 * the next number, dup2 onto the held one fails with EBUSY, close and
 * fcntl see no file there, F_DUPFD steps over it; when the call ends the
 * descriptor is the one it held, or, when it fails, free again
 * (fs/fd.c: fd_alloc, fd_install_at, fd_unreserve). dup2 and dup3 are
 * called through syscall(): the C library's retry them while EBUSY. */
#include "check.h"
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/select.h>

struct sleeper {
	const char *path;   /* a FIFO to open for reading, or NULL: accept on lfd */
	int lfd;
	volatile int tid;
	int ret, err;
};

static void *sleeper_run(void *arg)
{
	struct sleeper *s = arg;
	s->tid = (int)syscall(SYS_gettid);
	int r = s->path ? open(s->path, O_RDONLY) : accept(s->lfd, NULL, NULL);
	s->err = r < 0 ? errno : 0;
	s->ret = r;
	return NULL;
}

/* The state letter of thread tid in /proc/self/task/<tid>/stat. */
static char thread_state(int tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	int n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

static int lowest_free(void);

/* Starts the sleeper and waits until it sleeps in its call holding
 * descriptor `held` (asleep, and the lowest free number is no longer
 * `held`: a sleep elsewhere, before the call, does not count). */
static bool start_sleeper(pthread_t *t, struct sleeper *s, int held)
{
	if (pthread_create(t, NULL, sleeper_run, s))
		return false;
	for (int i = 0; i < 100000; i++) {
		if (s->tid && thread_state(s->tid) == 'S' && lowest_free() != held)
			return true;
		sched_yield();
	}
	return false;
}

/* The lowest free descriptor now. */
static int lowest_free(void)
{
	int fd = dup(0);
	close(fd);
	return fd;
}

/* What the other threads see of a descriptor held by a sleeping call. */
static void check_held(int held)
{
	int other = open("/dev/null", O_RDONLY);
	CHECK_EQ("another open gets the next number", other, held + 1);
	CHECK_ERR("dup2 onto the held one", syscall(SYS_dup2, 0, held), EBUSY);
	CHECK_ERR("dup3 onto the held one", syscall(SYS_dup3, 0, held, O_CLOEXEC), EBUSY);
	CHECK_ERR("close of the held one", close(held), EBADF);
	CHECK_ERR("fcntl F_GETFD of the held one", fcntl(held, F_GETFD), EBADF);
	int d = fcntl(0, F_DUPFD, held);
	CHECK_EQ("F_DUPFD steps over it", d, held + 2);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(held, &rs);
	struct timeval tv = { 0, 0 };
	CHECK("select on it: not EBADF", select(held + 1, &rs, NULL, NULL, &tv) >= 0);
	close(d);
	close(other);
}

/* A FIFO in the case's directory and a thread asleep opening it for
 * reading: the number that thread holds. */
static int fifo_sleeper(pthread_t *t, struct sleeper *s)
{
	s->path = P("fifo");
	CHECK_OK0("mkfifo", mkfifo(s->path, 0600));
	int held = lowest_free();
	CHECK("the reader sleeps in open", start_sleeper(t, s, held));
	return held;
}

static void fifo_open(void)
{
	struct sleeper s = { 0 };
	pthread_t t;
	int held = fifo_sleeper(&t, &s);
	const char *fifo = s.path;
	check_held(held);
	int w = open(fifo, O_WRONLY);
	CHECK_EQ("the writer gets the number after it", w, held + 1);
	pthread_join(t, NULL);
	CHECK_EQ("the reader's open ends with the held number", s.ret, held);
	CHECK_EQ("errno", s.err, 0);
	CHECK_EQ("a byte through it", write(w, "x", 1), 1);
	char c = 0;
	CHECK_EQ("read", read(s.ret, &c, 1), 1);
	CHECK_EQ("the byte", c, 'x');
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* An open that fails after sleeping gives its descriptor back. */
static void fifo_open_interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };   /* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	struct sleeper s = { 0 };
	pthread_t t;
	int held = fifo_sleeper(&t, &s);
	CHECK_ERR("dup2 onto the held one", syscall(SYS_dup2, 0, held), EBUSY);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	CHECK_EQ("the open fails", s.ret, -1);
	CHECK_EQ("with EINTR", s.err, EINTR);
	CHECK_EQ("the number is free again", lowest_free(), held);
	CHECK_EQ("dup2 onto it now", dup2(0, held), held);
}

static void accept_sleeps(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof a.sun_path, "%s", P("sock"));
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("bind", bind(l, (struct sockaddr *)&a, sizeof a));
	CHECK_OK0("listen", listen(l, 1));
	int held = lowest_free();
	struct sleeper s = { .lfd = l };
	pthread_t t;
	CHECK("accept sleeps", start_sleeper(&t, &s, held));
	check_held(held);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ("the client socket gets the number after it", c, held + 1);
	CHECK_OK0("connect", connect(c, (struct sockaddr *)&a, sizeof a));
	pthread_join(t, NULL);
	CHECK_EQ("accept ends with the held number", s.ret, held);
	CHECK_EQ("a byte through it", write(c, "y", 1), 1);
	char ch = 0;
	CHECK_EQ("read", read(s.ret, &ch, 1), 1);
	CHECK_EQ("the byte", ch, 'y');
}

/* A fork while a thread holds a descriptor: the child has no such
 * descriptor, and its own dup2 onto that number works. */
static void fork_while_held(void)
{
	struct sleeper s = { 0 };
	pthread_t t;
	int held = fifo_sleeper(&t, &s);
	const char *fifo = s.path;
	pid_t pid = fork();
	if (pid == 0) {
		int ok = lowest_free() == held && dup2(0, held) == held;
		_exit(ok ? 0 : 1);
	}
	int st = wait_for(pid);
	CHECK("the child's table has the number free", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_ERR("still held in the parent", syscall(SYS_dup2, 0, held), EBUSY);
	int w = open(fifo, O_WRONLY);
	pthread_join(t, NULL);
	CHECK_EQ("the reader's open ends with the held number", s.ret, held);
	close(w);
}

int main(void)
{
	tdir_setup("t_fd_reserve");
	RUN(fifo_open);
	RUN(fifo_open_interrupted);
	RUN(accept_sleeps);
	RUN(fork_while_held);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
