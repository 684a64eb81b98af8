/* trace: runs a command under the kernel's event trace and prints the
 * trace, as `trace-cmd record` + `report` would: it picks the events
 * (-e, subsystems or events, comma-separated), empties the buffer, traces
 * only the command and the processes it starts, and prints
 * /sys/kernel/tracing/trace when the command has ended (to -o FILE, or to
 * standard output between "# trace begins" and "# trace ends"). Root only. */
#include "util.h"
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <sys/wait.h>

#define TRACING "/sys/kernel/tracing/"

/* Writes text to the tracing file name (O_TRUNC starts it afresh). */
static int put(const char *name, const char *text, bool trunc)
{
	char path[128];
	snprintf(path, sizeof path, TRACING "%s", name);
	int fd = open(path, O_WRONLY | (trunc ? O_TRUNC : 0));
	if (fd < 0 || (*text && write(fd, text, strlen(text)) < 0)) {
		err_msg("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* -e's list: "ipc,sched" means "ipc:*" and "sched:*"; full names pass. */
static int set_events(char *list)
{
	if (put("set_event", "", true) < 0)
		return -1;
	for (char *w = strtok(list, ","); w; w = strtok(NULL, ",")) {
		char one[96];
		snprintf(one, sizeof one, strchr(w, ':') ? "%s" : "%s:*", w);
		if (put("set_event", one, false) < 0)
			return -1;
	}
	return 0;
}

/* Runs argv with tracing on for it and its children only; its status. */
static int run_traced(char **argv)
{
	int go[2];
	if (pipe(go) < 0)
		return err_errno(errno, "pipe");
	pid_t pid = fork();
	if (pid == 0) {                     /* waits until its pid is the filter */
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(126);
		close(go[0]);
		execvp(argv[0], argv);
		err_msg("%s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	close(go[0]);
	char pidtext[16];
	snprintf(pidtext, sizeof pidtext, "%d", (int)pid);
	if (put("set_event_pid", pidtext, true) < 0 || put("trace", "", true) < 0 ||
	    put("tracing_on", "1", false) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1;
	}
	write(go[1], "g", 1);
	close(go[1]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	put("tracing_on", "0", false);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	static const struct prog_help help = {
		"[-e EVENTS] [-o FILE] [--] COMMAND [ARG]...",
		"Run COMMAND under the kernel's event trace (/sys/kernel/tracing) and print\n"
		"the events of it and the processes it starts, in ftrace's format.\n"
		"\n"
		"  -e EVENTS   comma-separated subsystems (ipc, sched, signal, raw_syscalls)\n"
		"              or events (sched:sched_switch); default ipc,sched,signal\n"
		"  -o FILE     write the trace to FILE instead of standard output\n",
		1, PH_OPTS_FIRST,
	};
	prog_init("trace", argc, argv, &help);
	char *events = NULL, *out = NULL;
	int c;
	opterr = 0;
	while ((c = getopt(argc, argv, "+e:o:")) != -1) {
		if (c == 'e')
			events = optarg;
		else if (c == 'o')
			out = optarg;
		else
			bad_option(optopt, 1);
	}
	if (optind == argc) {
		err_msg("missing command");
		usage_exit(1);
	}
	char defaults[] = "ipc,sched,signal";
	if (set_events(events ? events : defaults) < 0)
		return 1;
	int status = run_traced(argv + optind);
	int in = open(TRACING "trace", O_RDONLY);
	int fd = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644) : 1;
	if (in < 0 || fd < 0)
		return err_errno(errno, "%s", in < 0 ? TRACING "trace" : out);
	if (!out)
		printf("# trace begins\n");
	fflush(stdout);
	copy_fd(in, fd);
	if (!out)
		printf("# trace ends\n");
	return status;
}
