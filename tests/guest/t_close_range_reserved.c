/* t_close_range_reserved - close_range(2) (fs/fd.c
 * sys_close_range) against Linux 6.1: CLOSE_RANGE_CLOEXEC sets the
 * close-on-exec bits of the whole range (__range_cloexec's bitmap_set),
 * a descriptor reserved by an open still sleeping included; the open's
 * fd_install leaves the bit alone (get_unused_fd_flags set it before), so
 * that open's descriptor comes out close-on-exec (fs/fd.c:
 * fd_install_at keeps a bit close_range set). */
#include "check.h"
#include <sched.h>
#include <sys/syscall.h>

#define NR_CLOSE_RANGE 436
#define CLOSE_RANGE_CLOEXEC 4

static char state_of(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] ? p[2] : '?';
}

static void cloexec_reserved(void)
{
	if (mkfifo(P("fifo"), 0600) < 0) {
		fail("mkfifo", "%s", errname(errno));
		return;
	}
	const char *fifo = P("fifo");
	long pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		int fd = open(fifo, O_RDONLY);     /* sleeps with its descriptor reserved */
		_exit(fd < 0 ? 100 : fcntl(fd, F_GETFD));
	}
	for (int i = 0; i < 100000 && state_of(pid) != 'S'; i++)
		sched_yield();
	CHECK_OK0("close_range(3, ~0, CLOEXEC)", syscall(NR_CLOSE_RANGE, 3, ~0U, CLOSE_RANGE_CLOEXEC));
	int w = open(fifo, O_WRONLY);
	int st = wait_for(pid);
	CHECK_EQ("the open that slept: its descriptor close-on-exec", WIFEXITED(st) ? WEXITSTATUS(st) : -1, FD_CLOEXEC);
	close(w);
}

int main(void)
{
	tdir_setup("t_close_range_reserved");
	RUN(cloexec_reserved);
	rm_rf("/tmp/t_close_range_reserved.d");
	return cases_failed ? 1 : 0;
}
