/* t_fanotify_fid_guest - what Pipit does as Linux 6.1 where the host's
 * newer kernel answers otherwise, so in the guest only: a FID group
 * cannot mark a file of a filesystem without an fsid (/proc, a pipe:
 * ENODEV; 6.8's "weak" fsids let newer kernels mark them), and
 * execveat of a descriptor with an empty path (fexecve) reports no
 * IN_OPEN (6.1's do_open_execat; 6.9 reports it), only the loader's
 * read and the close. */
#include "check.h"
#include <poll.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>

static void no_fsid(void)
{
	int fan = fanotify_init(FAN_REPORT_FID, 0);
	CHECK_ERR("/proc", fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/proc/self/status"), ENODEV);
	int p[2];
	pipe(p);
	CHECK_ERR("a pipe", fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN, p[0], NULL), ENODEV);
	CHECK_ERR("a pipe, removing", fanotify_mark(fan, FAN_MARK_REMOVE, FAN_OPEN, p[0], NULL), ENODEV);
	int legacy = fanotify_init(0, 0);
	CHECK_OK0("a pipe without fid", fanotify_mark(legacy, FAN_MARK_ADD, FAN_OPEN, p[0], NULL));
}

static void fexecve_open(void)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY), out = open(P("prog"), O_WRONLY | O_CREAT, 0755);
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	int ino = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(ino, P("prog"), IN_OPEN | IN_ACCESS | IN_CLOSE);
	int fd = open(P("prog"), O_PATH);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "prog", "--noop", NULL }, *envp[] = { NULL };
		syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
		_exit(errno);
	}
	CHECK_EQ("ran", WEXITSTATUS(wait_for(pid)), 0);
	uint32_t masks[8] = { 0 };
	n = read(ino, buf, sizeof buf);
	int k = 0;
	for (char *q = buf; n > 0 && q < buf + n && k < 8; k++) {
		struct inotify_event *e = (void *)q;
		masks[k] = e->mask;
		q += sizeof *e + e->len;
	}
	CHECK_EQ("events", k, 2);
	CHECK_EQ("the loader's read", masks[0], IN_ACCESS);
	CHECK_EQ("the close at exit", masks[1], IN_CLOSE_NOWRITE);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--noop"))
		return 0;
	tdir_setup("t_fanotify_fid_guest");
	RUN(no_fsid);
	RUN(fexecve_open);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
