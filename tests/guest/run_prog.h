/* run_prog.h - runs Pipit's own programs from a guest test: /bin/NAME
 * (/sbin/init) in the guest, and the same binaries on the host,
 * build/user/NAME beside build/tests/, found from /proc/self/exe. Used by
 * t_utils_errors and t_ipc_tools. Include after check.h. */
#ifndef RUN_PROG_H
#define RUN_PROG_H
#include <grp.h>
#include <poll.h>

static char bindir[4200];

/* Where the programs are: ../user beside this test on the host, /bin in
 * the guest. */
__attribute__((unused))
static void find_bindir(void)
{
	char self[4096], probe[4200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n < 0 ? 0 : n] = 0;
	char *slash = strrchr(self, '/');
	if (slash) {
		*slash = 0;
		snprintf(probe, sizeof probe, "%s/../user/touch", self);
		if (access(probe, X_OK) == 0) {
			snprintf(bindir, sizeof bindir, "%s/../user", self);
			return;
		}
	}
	snprintf(bindir, sizeof bindir, "/bin");
}

struct result {
	int status;             /* exit status, or 128 + signal */
	char out[65536], err[4096];
};

/* Reads the program's stdout (o) and stderr (e) until both end. */
static void read_both(int o, int e, struct result *res)
{
	size_t no = 0, ne = 0;
	struct pollfd p[2] = { { o, POLLIN, 0 }, { e, POLLIN, 0 } };
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			char *buf = i ? res->err : res->out;
			size_t *n = i ? &ne : &no, cap = i ? sizeof res->err : sizeof res->out;
			char sink[512];
			ssize_t r = *n < cap - 1 ? read(p[i].fd, buf + *n, cap - 1 - *n)
						 : read(p[i].fd, sink, sizeof sink);
			if (r <= 0)
				p[i].fd = -1;
			else if (*n < cap - 1)
				*n += (size_t)r;
		}
	}
	res->out[no] = res->err[ne] = 0;
}

/* Runs bindir/argv[0] (/sbin/init in the guest; as uid 1000 when user)
 * with stdin /dev/null; stdout (up to 64 KiB) and stderr (4 KiB) into
 * *res. */
__attribute__((unused))
static void run(int user, char *const argv[], struct result *res)
{
	char path[4300];
	int o[2], e[2];
	snprintf(path, sizeof path, "%s/%s", bindir, argv[0]);
	if (access(path, X_OK) < 0 && !strcmp(bindir, "/bin"))     /* init */
		snprintf(path, sizeof path, "/sbin/%s", argv[0]);
	if (pipe(o) < 0 || pipe(e) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(o[1], 1);
		dup2(e[1], 2);
		if (user && (setgroups(0, NULL) < 0 || setgid(100) < 0 || setuid(1000) < 0))
			_exit(99);
		execv(path, argv);
		_exit(98);
	}
	close(o[1]);
	close(e[1]);
	read_both(o[0], e[0], res);
	close(o[0]);
	close(e[0]);
	int st = wait_for(pid);
	res->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#endif
