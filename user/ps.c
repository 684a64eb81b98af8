/* ps: list processes from /proc/<pid>/stat, Linux's format:
 * "pid (comm) S ppid pgrp session tty_nr ...". Columns PID, PPID, state,
 * terminal and command (from /proc/<pid>/cmdline, else comm). All
 * processes are shown; options of other ps programs are accepted. */
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

static void show(const char *pid)
{
	char stat[1024], cmd[256], tty[32], state;
	int ppid;
	unsigned tty_nr;
	if (read_proc(pid, "stat", stat, sizeof stat) <= 0)
		return;                 /* it exited meanwhile */
	char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
	if (!open_paren || !close_paren ||
	    sscanf(close_paren + 1, " %c %d %*d %*d %u", &state, &ppid, &tty_nr) != 3)
		return;
	*close_paren = 0;
	ssize_t n = read_proc(pid, "cmdline", cmd, sizeof cmd);
	if (n > 0) {
		for (ssize_t i = 0; i < n - 1; i++)
			if (cmd[i] == 0)
				cmd[i] = ' ';
	} else {
		snprintf(cmd, sizeof cmd, "[%s]", open_paren + 1);
	}
	tty_name(tty_nr, tty, sizeof tty);
	printf("%5s %5d %c %-8s %s\n", pid, ppid, state, tty, cmd);
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

static const struct prog_help help = {
	"[-aefxAl]",
	"Report a snapshot of the processes (all of them, from /proc).\n",
	1, 0,
};

int main(int argc, char **argv)
{
	struct dirent **list;
	prog_init("ps", argc, argv, &help);
	for (int i = 1; i < argc; i++)
		if (argv[i][strspn(argv[i], "-aefxAlu")]) {
			err_msg("unsupported option '%s'", argv[i]);
			usage_exit(1);
		}
	int n = scandir("/proc", &list, is_pid, by_number);
	if (n < 0) {
		err_path("/proc");
		return 1;
	}
	printf("  PID  PPID S TTY      CMD\n");
	for (int i = 0; i < n; i++) {
		show(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return fflush(stdout) != 0;
}
