/* t_fd_reopen - differential test of opening /proc/self/fd/N again, the
 * "magic" links: an anonymous pipe opens again as a new end of the same
 * pipe, in the mode asked for, without waiting for a partner or failing
 * with ENXIO as a FIFO would (ipc/fifo.c); a socket or an anonymous
 * inode (eventfd, epoll) cannot be opened (ENXIO), but O_PATH can; a
 * closed descriptor is ENOENT; /dev/stdin and friends are the links to
 * them that udev makes (fs/super.c). */
#include "check.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

static int reopen(int fd, int flags)
{
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	return open(p, flags);
}

static void pipe_ends(void)
{
	int p[2];
	CHECK_OK0("pipe", pipe(p));
	int r = reopen(p[0], O_RDONLY), w = reopen(p[1], O_WRONLY), w2 = reopen(p[0], O_WRONLY);
	CHECK_OK("the read end again", r);
	CHECK_OK("the write end again", w);
	CHECK_OK("the read end opened for writing", w2);
	CHECK_EQ("its access mode", fcntl(w2, F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_EQ("write through the first", write(p[1], "a", 1), 1);
	CHECK_EQ("write through the new end", write(w, "b", 1), 1);
	CHECK_EQ("write through the other", write(w2, "c", 1), 1);
	char buf[8];
	CHECK_EQ("read them all through the new read end", read(r, buf, sizeof buf), 3);
	CHECK("in order", !memcmp(buf, "abc", 3));
	int rw = reopen(p[1], O_RDWR);
	CHECK_OK("O_RDWR", rw);
	CHECK_EQ("write and read through it", write(rw, "d", 1) == 1 && read(rw, buf, 1) == 1 && buf[0] == 'd', 1);
	close(p[1]); close(w); close(w2); close(rw);
	CHECK_EQ("no writer left: end of file", read(r, buf, 1), 0);
	CHECK_EQ("and on the first read end", read(p[0], buf, 1), 0);
}

/* A FIFO's open rules do not apply: no ENXIO without a reader, no wait
 * without a writer. */
static void no_partner_rules(void)
{
	int p[2];
	CHECK_OK0("pipe", pipe(p));
	close(p[0]);
	int w = reopen(p[1], O_WRONLY | O_NONBLOCK);
	CHECK_OK("O_WRONLY | O_NONBLOCK without a reader", w);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("whose write finds no reader", write(w, "x", 1), EPIPE);
	int q[2];
	CHECK_OK0("pipe", pipe(q));
	close(q[1]);
	int r = reopen(q[0], O_RDONLY);
	CHECK_OK("O_RDONLY without a writer does not wait", r);
	char c;
	CHECK_EQ("end of file", read(r, &c, 1), 0);
}

static void not_openable(void)
{
	int e = eventfd(0, 0), s = socket(AF_UNIX, SOCK_STREAM, 0), ep = epoll_create1(0);
	CHECK_ERR("an eventfd", reopen(e, O_RDWR), ENXIO);
	CHECK_ERR("a socket", reopen(s, O_RDWR), ENXIO);
	CHECK_ERR("an epoll", reopen(ep, O_RDONLY), ENXIO);
	CHECK_ERR("a socket with O_DIRECT: ENXIO first", reopen(s, O_RDWR | O_DIRECT), ENXIO);
	int o = reopen(s, O_PATH);
	CHECK_OK("O_PATH of a socket", o);
	struct stat a, b;
	CHECK("the same socket", !fstat(o, &a) && !fstat(s, &b) && a.st_ino == b.st_ino);
	int fd = dup(0);
	close(fd);
	CHECK_ERR("a closed descriptor", reopen(fd, O_RDONLY), ENOENT);
}

/* `cat /dev/stdin` when the standard input is a pipe. */
static void dev_stdin(void)
{
	char t[64];
	CHECK_EQ("/dev/stdin", (int)readlink("/dev/stdin", t, sizeof t), 15);
	CHECK_EQ("/dev/fd", (int)readlink("/dev/fd", t, sizeof t), 13);
	int p[2];
	CHECK_OK0("pipe", pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		int fd = open("/dev/stdin", O_RDONLY);
		char buf[8] = { 0 };
		_exit(fd >= 0 && read(fd, buf, sizeof buf) == 3 && !memcmp(buf, "hi\n", 3) ? 0 : 1);
	}
	close(p[0]);
	CHECK_EQ("write", write(p[1], "hi\n", 3), 3);
	close(p[1]);
	int st = wait_for(pid);
	CHECK_EXIT("the child read it through /dev/stdin", st, 0);
	int fd = open("/dev/fd/1", O_WRONLY);
	CHECK_OK("/dev/fd/1", fd);
}

int main(void)
{
	RUN(pipe_ends);
	RUN(no_partner_rules);
	RUN(not_openable);
	RUN(dev_stdin);
	return cases_failed ? 1 : 0;
}
