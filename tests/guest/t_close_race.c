/* t_close_race - differential test: a thread closes a descriptor another
 * thread of the process is blocked on. As Linux, the call in progress
 * keeps the open file (fdget): the blocked read or receive completes with
 * the data that comes afterwards, and only new calls on the descriptor
 * see EBADF. Before Pipit held its files for the length of a call, the
 * close freed the pipe under the sleeper. */
#include "check.h"
#include <pthread.h>
#include <sys/socket.h>

struct blocked {
	int fd;
	char buf[8];
	ssize_t got;
	int err;
};

static volatile pid_t blocked_tid;        /* the thread's id, once it runs */

static void *reader(void *arg)
{
	struct blocked *b = arg;
	blocked_tid = syscall(SYS_gettid);
	b->got = read(b->fd, b->buf, sizeof b->buf);
	b->err = b->got < 0 ? errno : 0;
	return NULL;
}

static void *receiver(void *arg)
{
	struct blocked *b = arg;
	blocked_tid = syscall(SYS_gettid);
	b->got = recv(b->fd, b->buf, sizeof b->buf, 0);
	b->err = b->got < 0 ? errno : 0;
	return NULL;
}

static void close_under(const char *what, void *(*fn)(void *), int rfd, int wfd)
{
	char name[96];
	struct blocked b = { .fd = rfd };
	pthread_t t;
	blocked_tid = 0;
	pthread_create(&t, NULL, fn, &b);
	while (!blocked_tid)
		usleep(1000);
	snprintf(name, sizeof name, "/proc/self/task/%d/stat", (int)blocked_tid);
	wait_sleeping_path(name);                 /* it is asleep in the call */
	snprintf(name, sizeof name, "%s: close while another thread waits", what);
	CHECK_OK0(name, close(rfd));
	snprintf(name, sizeof name, "%s: a new call sees EBADF", what);
	CHECK_ERR(name, read(rfd, b.buf, 1), EBADF);
	snprintf(name, sizeof name, "%s: the writer still has a reader", what);
	CHECK_EQ(name, write(wfd, "x", 1), 1);
	pthread_join(t, NULL);
	snprintf(name, sizeof name, "%s: the blocked call gets the byte", what);
	CHECK(name, b.got == 1 && b.buf[0] == 'x');
	close(wfd);
}

static void pipe_read(void)
{
	int p[2];
	pipe(p);
	close_under("pipe", reader, p[0], p[1]);
}

static void socket_recv(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	close_under("unix stream", receiver, sv[0], sv[1]);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(pipe_read);
	RUN(socket_recv);
	return cases_failed ? 1 : 0;
}
