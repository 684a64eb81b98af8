/* t_open_direct_guest - open(O_DIRECT) of a regular file, as Linux 6.1's
 * tmpfs and ramfs answer it (no direct I/O there before 6.6; the host's
 * /tmp may be a filesystem that has it, hence not differential): EINVAL
 * after the checks of the open itself and before O_TRUNC truncates; a
 * file O_CREAT made stays; nothing of the failed open is left behind (its
 * write count: the file can still be run). F_SETFL O_DIRECT: EINVAL too
 * (fs/open.c: do_open, fs/fd.c: fcntl_setfl). */
#include "check.h"
#include <sys/mman.h>

static void regular(void)
{
	int fd = open(P("f"), O_WRONLY | O_CREAT, 0644);
	CHECK_EQ("write", write(fd, "hello", 5), 5);
	close(fd);
	CHECK_ERR("O_RDONLY", open(P("f"), O_RDONLY | O_DIRECT), EINVAL);
	CHECK_ERR("O_RDWR | O_TRUNC", open(P("f"), O_RDWR | O_TRUNC | O_DIRECT), EINVAL);
	struct stat st;
	CHECK_OK0("stat", stat(P("f"), &st));
	CHECK_EQ("not truncated", st.st_size, 5);
	CHECK_ERR("O_CREAT of a new file", open(P("new"), O_WRONLY | O_CREAT | O_DIRECT, 0600), EINVAL);
	CHECK_OK0("which stays", stat(P("new"), &st));
	CHECK_MODE("with its mode", st.st_mode & 07777, 0600);
	CHECK_ERR("O_CREAT | O_EXCL of it: EEXIST first", open(P("new"), O_WRONLY | O_CREAT | O_EXCL | O_DIRECT, 0600), EEXIST);
	CHECK_ERR("a missing file: ENOENT first", open(P("none"), O_RDONLY | O_DIRECT), ENOENT);
	CHECK_ERR("O_DIRECTORY on a file: ENOTDIR first", open(P("f"), O_RDONLY | O_DIRECTORY | O_DIRECT), ENOTDIR);
	fd = open(P("f"), O_RDWR);
	CHECK_ERR("F_SETFL O_DIRECT", fcntl(fd, F_SETFL, O_DIRECT), EINVAL);
	close(fd);
}

/* A failed O_WRONLY | O_DIRECT open leaves no writer behind: the file can
 * be run (ETXTBSY otherwise), and a running program still refuses it. */
static void no_writer_left(void)
{
	int in = open("/bin/true", O_RDONLY), out = open(P("prog"), O_WRONLY | O_CREAT, 0755);
	char buf[4096];
	int n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	CHECK_ERR("O_WRONLY | O_DIRECT", open(P("prog"), O_WRONLY | O_DIRECT), EINVAL);
	pid_t pid = fork();
	if (pid == 0) {
		execl(P("prog"), "prog", (char *)NULL);
		_exit(errno == ETXTBSY ? 2 : 3);
	}
	int st = wait_for(pid);
	CHECK_EXIT("the file runs", st, 0);
}

/* A memfd reopened through /proc/self/fd with O_DIRECT: EINVAL too. */
static void memfd_reopen(void)
{
	int m = memfd_create("m", 0);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", m);
	CHECK_ERR("reopen with O_DIRECT", open(path, O_RDWR | O_DIRECT), EINVAL);
	int fd = open(path, O_RDWR);
	CHECK_OK("reopen without", fd);
}

int main(void)
{
	tdir_setup("t_open_direct_guest");
	RUN(regular);
	RUN(no_writer_left);
	RUN(memfd_reopen);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
