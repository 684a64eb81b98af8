/* t_splice_guest - what t_splice cannot compare with the host: a
 * memfd copied to a file (EXDEV: Linux keeps memfds on a mount of their
 * own; the host's /tmp is not tmpfs, so it says EXDEV for any file there
 * anyway), and the kernel's memory account
 * around splice, tee, vmsplice, sendfile and copy_file_range: the ring
 * pages they fill and the bounce page of a file-to-file copy come back. */
#define _GNU_SOURCE
#include "check.h"
#include "kmem.h"
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/socket.h>

static bool spliced(void)
{
	int a[2], b[2];
	if (pipe(a) || pipe(b))
		return false;
	int f = open("/tmp/t_splice_guest.f", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int g = open("/tmp/t_splice_guest.g", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[8192];
	memset(buf, 'x', sizeof buf);
	bool ok = write(f, buf, sizeof buf) == sizeof buf;
	loff_t off = 0;
	ok = ok && splice(f, &off, a[1], NULL, 8192, 0) == 8192;      /* file to pipe */
	ok = ok && tee(a[0], b[1], 8192, 0) == 8192;                   /* pipe to pipe, kept */
	ok = ok && splice(a[0], NULL, b[1], NULL, 4096, 0) == 4096;    /* moved */
	ok = ok && splice(b[0], NULL, g, NULL, 65536, 0) > 0;          /* pipe to file */
	struct iovec iov = { buf, 5000 };
	ok = ok && vmsplice(a[1], &iov, 1, 0) == 5000;
	lseek(f, 0, SEEK_SET);
	ok = ok && sendfile(g, f, NULL, 8192) == 8192;
	off = 0;
	ok = ok && copy_file_range(f, &off, g, NULL, 8192, 0) == 8192;
	close(a[0]); close(a[1]);                /* with bytes still in them */
	close(b[0]); close(b[1]);
	close(f); close(g);
	unlink("/tmp/t_splice_guest.f");
	unlink("/tmp/t_splice_guest.g");
	return ok;
}

static void account(void)
{
	kmem_account("splice, tee, vmsplice, sendfile, copy_file_range", spliced, 5,
		     "the kernel's memory comes back");
}

/* splice from a pipe to a full socket waits with nothing taken from the
 * pipe (decisions.md 48): a reader of the pipe meanwhile gets the bytes,
 * and the socket never does, where Linux's reader would wait on the
 * pipe's lock and the socket get them. Either way each byte goes one way
 * only. */
static void pipe_to_full_socket(void)
{
	int p[2], sv[2];
	pipe(p);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	static char fill[4096];
	memset(fill, '.', sizeof fill);
	long filled = 0, n;
	while ((n = write(sv[0], fill, sizeof fill)) > 0)
		filled += n;
	fcntl(sv[0], F_SETFL, 0);
	write(p[1], "0123456789", 10);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);                 /* the parent's is the pipe's only writer */
		_exit(splice(p[0], NULL, sv[0], NULL, 10, 0) == 0 ? 0 : 1);
	}
	wait_sleeping(pid);
	char buf[16] = "";
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	CHECK_EQ("a reader of the pipe gets the bytes", read(p[0], buf, sizeof buf), 10);
	CHECK_STR("all of them", buf, "0123456789");
	close(p[1]);
	long got = 0, digits = 0;
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	while ((n = read(sv[1], fill, sizeof fill)) > 0) {
		got += n;
		for (long i = 0; i < n; i++)
			digits += fill[i] >= '0' && fill[i] <= '9';
	}
	CHECK_EQ("the splice, woken, finds the pipe empty and ended: 0", wait_for(pid), 0);
	CHECK_EQ("the socket got only what filled it", got, filled);
	CHECK_EQ("no byte twice", digits, 0);
	close(p[0]); close(sv[0]); close(sv[1]);
}

static void memfd_is_another_fs(void)
{
	int m = memfd_create("t", 0), f = open("/tmp/t_splice_guest.n", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(m, "abc", 3);
	loff_t off = 0;
	CHECK_ERR("copy_file_range: memfd to a file, EXDEV", copy_file_range(m, &off, f, NULL, 3, 0), EXDEV);
	close(m);
	close(f);
	unlink("/tmp/t_splice_guest.n");
}

int main(void)
{
	RUN(account);
	RUN(memfd_is_another_fs);
	RUN(pipe_to_full_socket);
	return cases_failed ? 1 : 0;
}
