/* epsrv: the server of srv (the book's section 5.6.1) as Linux servers are
 * written today: one process and one epoll set serve every client at once,
 * each connection waiting in the set until its message is there. It binds
 * /tmp/server (so cli talks to it), answers "Hello Client N, this is the
 * Server." and stays in the foreground until SIGINT or SIGTERM, which come
 * through the same set: from a signalfd, or, on a kernel without one,
 * from a pipe that the signal handler writes (the self-pipe trick). */
#include "util.h"
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>

#define SERVER "/tmp/server"
#define LISTENER ((uint64_t)-1)             /* epoll data of the listening socket */
#define SIGNALS  ((uint64_t)-2)             /* ... and of the signal descriptor */

static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	unsigned char c = (unsigned char)sig;
	int saved = errno;
	ssize_t w = write(sig_pipe[1], &c, 1);   /* full: a signal is waiting already */
	(void)w;
	errno = saved;
}

/* A descriptor that becomes readable when SIGINT or SIGTERM comes:
 * a signalfd with the two blocked, or the read end of the self-pipe. */
static int signal_source(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd >= 0 || errno != ENOSYS)
		return fd;
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return sig_pipe[0];
}

/* Which signal came (read from the signalfd or the pipe), or 0. */
static int signal_read(int fd)
{
	if (fd != sig_pipe[0]) {
		struct signalfd_siginfo si;
		return read(fd, &si, sizeof si) == sizeof si ? (int)si.ssi_signo : 0;
	}
	unsigned char c;
	return read(fd, &c, 1) == 1 ? c : 0;
}

static int watch(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		return err_errno(errno, "epoll_ctl");
	return 0;
}

/* A new connection joins the set; its message will make it readable. */
static void accept_one(int ep, int listener)
{
	int c = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (c < 0) {
		if (errno != EAGAIN)
			err_msg("accept: %s", strerror(errno));
		return;
	}
	if (watch(ep, c, EPOLLIN | EPOLLRDHUP, (uint64_t)c))
		close(c);
}

/* A client's message is there (or it hung up): answer it as srv does and
 * close the connection, which also takes it out of the set. 1 when a
 * client was served. */
static int serve(int fd)
{
	char buf[64], answer[128];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	int served = 0;
	if (n > 0) {
		buf[n] = 0;
		int len = snprintf(answer, sizeof answer, "Hello Client %s, this is the Server.", buf);
		if (write(fd, answer, len) < 0)
			err_msg("write: %s", strerror(errno));
		served = 1;
	} else if (n < 0 && errno == EAGAIN) {
		return 0;                   /* woken, but nothing yet: keep waiting */
	}
	close(fd);
	return served;
}

int main(int argc, char **argv)
{
	prog_init_bare("epsrv",
		       "Bind a stream socket to " SERVER " and answer every client (see cli) with a\n"
		       "greeting, all of them from one epoll set; SIGINT or SIGTERM ends it.\n",
		       argc, argv);
	signal(SIGPIPE, SIG_IGN);           /* a client that leaves early is no reason to die */
	int listener = unix_stream_at(SERVER, 16), sigfd = signal_source(), ep = epoll_create1(EPOLL_CLOEXEC);
	if (listener < 0 || sigfd < 0 || ep < 0)
		return err_errno(errno, "setting up");
	fcntl(listener, F_SETFL, O_NONBLOCK);  /* a connection that went away is no reason to block */
	if (watch(ep, listener, EPOLLIN, LISTENER) || watch(ep, sigfd, EPOLLIN, SIGNALS))
		return 1;
	long clients = 0;
	int sig = 0;
	while (!sig) {
		struct epoll_event ev[16];
		int n = epoll_wait(ep, ev, 16, -1);
		if (n < 0 && errno != EINTR)
			return err_errno(errno, "epoll_wait");
		for (int i = 0; i < n; i++) {
			if (ev[i].data.u64 == LISTENER)
				accept_one(ep, listener);
			else if (ev[i].data.u64 == SIGNALS)
				sig = signal_read(sigfd);
			else
				clients += serve((int)ev[i].data.u64);
		}
	}
	unlink(SERVER);
	printf("epsrv: %s, %ld clients served\n", sig == SIGINT ? "SIGINT" : "SIGTERM", clients);
	return 0;
}
