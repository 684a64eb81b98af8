/* ps: list processes from /proc/<pid>/stat, Linux's format:
 * "pid (comm) S ppid pgrp session tty_nr ...". Columns PID, PPID, state,
 * terminal and command (from /proc/<pid>/cmdline, else comm). All
 * processes are shown unless -p PID[,PID...] picks some; options of other
 * ps programs are accepted. -L (or -T) shows one line per thread, from
 * /proc/<pid>/task/<tid>/stat, in procps's columns PID LWP (SPID) TTY
 * TIME CMD. */
#include "util.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>

/* Linux's dev_t encoding in tty_nr: major in bits 8-19, minor in 0-7
 * and 20-31. Names as in /dev. */
static void tty_name(unsigned nr, char *buf, size_t size)
{
	unsigned maj = (nr >> 8) & 0xfff, min = (nr & 0xff) | ((nr >> 12) & 0xfff00);
	if (nr == 0)
		snprintf(buf, size, "?");
	else if (maj == 4 && min >= 64)
		snprintf(buf, size, "ttyS%u", min - 64);
	else if (maj == 4)
		snprintf(buf, size, "tty%u", min);
	else if (maj == 5 && min == 1)
		snprintf(buf, size, "console");
	else if (maj == 5 && min == 0)
		snprintf(buf, size, "tty");
	else if (maj >= 136 && maj <= 143)
		snprintf(buf, size, "pts/%u", (maj - 136) * 256 + min);
	else
		snprintf(buf, size, "%u:%u", maj, min);
}

/* Read a small /proc file whole; returns its length or -1. */
static ssize_t read_proc(const char *pid, const char *what, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%s/%s", pid, what);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t total = 0, r;
	while ((size_t)total < size - 1 && (r = read_retry(fd, buf + total, size - 1 - (size_t)total)) > 0)
		total += r;
	close(fd);
	buf[total] = 0;
	return total;
}

/* The fields of one stat line ps uses; 0 when the line is unreadable. */
struct stat_line {
	char comm[64], state;
	int ppid;
	unsigned tty_nr;
	unsigned long cpu_ticks;        /* utime + stime */
};

static int parse_stat(char *stat, struct stat_line *st)
{
	unsigned long utime, stime;
	char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
	if (!open_paren || !close_paren ||
	    sscanf(close_paren + 1, " %c %d %*d %*d %u %*d %*u %*u %*u %*u %*u %lu %lu",
		   &st->state, &st->ppid, &st->tty_nr, &utime, &stime) != 5)
		return 0;
	*close_paren = 0;
	snprintf(st->comm, sizeof st->comm, "%s", open_paren + 1);
	st->cpu_ticks = utime + stime;
	return 1;
}

/* One line of -L/-T for thread tid of pid: PID LWP TTY TIME CMD, with
 * TIME as procps prints it ([DD-]HH:MM:SS) and CMD the thread's comm.
 * As procps, the leader's line (tid == pid) has the whole group's time:
 * it is read from /proc/<pid>/stat. */
static void show_thread(const char *pid, const char *tid)
{
	char what[64], stat[1024], tty[32];
	struct stat_line st;
	if (strcmp(tid, pid))
		snprintf(what, sizeof what, "task/%s/stat", tid);
	else
		snprintf(what, sizeof what, "stat");
	if (read_proc(pid, what, stat, sizeof stat) <= 0 || !parse_stat(stat, &st))
		return;                 /* it exited meanwhile */
	long hz = sysconf(_SC_CLK_TCK);
	unsigned long secs = st.cpu_ticks / (unsigned long)(hz > 0 ? hz : 100);
	char days[16] = "";
	if (secs >= 86400)
		snprintf(days, sizeof days, "%lu-", secs / 86400);
	tty_name(st.tty_nr, tty, sizeof tty);
	printf("%5s %5s %-8s %s%02lu:%02lu:%02lu %s\n", pid, tid, tty, days,
	       secs / 3600 % 24, secs / 60 % 60, secs % 60, st.comm);
}

static void show(const char *pid)
{
	char stat[1024], cmd[256], tty[32];
	struct stat_line st;
	if (read_proc(pid, "stat", stat, sizeof stat) <= 0 || !parse_stat(stat, &st))
		return;                 /* it exited meanwhile */
	ssize_t n = read_proc(pid, "cmdline", cmd, sizeof cmd);
	if (n > 0) {
		for (ssize_t i = 0; i < n - 1; i++)
			if (cmd[i] == 0)
				cmd[i] = ' ';
	} else {
		snprintf(cmd, sizeof cmd, "[%s]", st.comm);
	}
	tty_name(st.tty_nr, tty, sizeof tty);
	printf("%5s %5d %c %-8s %s\n", pid, st.ppid, st.state, tty, cmd);
}

static int by_number(const struct dirent **a, const struct dirent **b)
{
	long x = atol((*a)->d_name), y = atol((*b)->d_name);
	return (x > y) - (x < y);
}

static int is_pid(const struct dirent *d)
{
	return isdigit((unsigned char)d->d_name[0]) &&
		strspn(d->d_name, "0123456789") == strlen(d->d_name);
}

/* All threads of pid, in the order of their ids. */
static void show_threads(const char *pid)
{
	struct dirent **list;
	char path[64];
	snprintf(path, sizeof path, "/proc/%s/task", pid);
	int n = scandir(path, &list, is_pid, by_number);
	if (n < 0)
		return;                 /* it exited meanwhile */
	for (int i = 0; i < n; i++) {
		show_thread(pid, list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

static const struct prog_help help = {
	"[-aefxAlLT] [-p PID[,PID...]]",
	"Report a snapshot of the processes (all of them, from /proc).\n"
	"  -L, -T   one line per thread (LWP or SPID: the thread's id)\n"
	"  -p PIDS  only these processes\n",
	1, 0,
};

static int threads;             /* 'L' or 'T' when one line per thread */
static const char *pids;        /* -p's list, or NULL for all */

/* Whether pid is in -p's comma- or space-separated list. */
static int selected(const char *pid)
{
	if (!pids)
		return 1;
	size_t len = strlen(pid);
	for (const char *p = pids; *p; ) {
		size_t n = strcspn(p, ", ");
		if (n == len && !strncmp(p, pid, n))
			return 1;
		p += n;
		p += strspn(p, ", ");
	}
	return 0;
}

/* Options: letters of -aefxAlu are accepted and ignored, -L/-T pick the
 * thread format, -p takes a list (in the same word or the next). */
static void parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t ok = strspn(a, "-aefxAluLT");
		if (strchr(a, 'L') && strchr(a, 'L') < a + ok)
			threads = 'L';
		else if (strchr(a, 'T') && strchr(a, 'T') < a + ok)
			threads = 'T';
		if (a[0] == '-' && a[ok] == 'p') {
			pids = a[ok + 1] ? a + ok + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!pids || !isdigit((unsigned char)pids[0])) {
				err_msg("list of process IDs must follow -p");
				usage_exit(1);
			}
		} else if (a[ok]) {
			err_msg("unsupported option '%s'", a);
			usage_exit(1);
		}
	}
}

int main(int argc, char **argv)
{
	struct dirent **list;
	prog_init("ps", argc, argv, &help);
	parse_args(argc, argv);
	int n = scandir("/proc", &list, is_pid, by_number);
	if (n < 0) {
		err_path("/proc");
		return 1;
	}
	if (threads)
		printf("  PID %s TTY          TIME CMD\n", threads == 'L' ? "  LWP" : " SPID");
	else
		printf("  PID  PPID S TTY      CMD\n");
	int shown = 0;
	for (int i = 0; i < n; i++) {
		if (selected(list[i]->d_name)) {
			if (threads)
				show_threads(list[i]->d_name);
			else
				show(list[i]->d_name);
			shown++;
		}
		free(list[i]);
	}
	free(list);
	if (fflush(stdout) != 0)
		return 1;
	return pids && !shown;          /* procps: 1 when -p found nothing */
}
