/* cgroup_util.h - the cgroup tests' ground: cgroup2 mounted in a mount
 * namespace of the case's own (on the host too: nothing propagates
 * out), the caller's own group in it (cg_base), and a child group of
 * the case's own there (cg_setup), which cg_cleanup empties and removes
 * (the caller moved back first). Paths are kept in static buffers. */
#ifndef CGROUP_UTIL_H
#define CGROUP_UTIL_H
#include "mount_ns.h"
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>

static char cg_mnt[64], cg_base[256], cg_dir[320];

/* The "0::" line's path of /proc/<pid>/cgroup ("self" for pid 0), or "". */
__attribute__((unused)) static const char *cg_path_of(int pid)
{
	static char line[8192];
	char path[64], buf[8192];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/cgroup", pid);
	else
		snprintf(path, sizeof path, "/proc/self/cgroup");
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	char *p = strstr(buf, "0::");
	if (p != buf && p && p[-1] != '\n')
		p = NULL;
	line[0] = 0;
	if (p) {
		snprintf(line, sizeof line, "%s", p + 3);
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
	}
	return line;
}

/* The path of a file of cg_dir (two buffers, used in turn). */
__attribute__((unused)) static const char *cg_file(const char *name)
{
	static char bufs[2][512];
	static int k;
	k ^= 1;
	snprintf(bufs[k], sizeof bufs[k], "%s/%s", cg_dir, name);
	return bufs[k];
}

/* The text of a file under cg_dir (or an absolute path), "" on error. */
__attribute__((unused)) static const char *cg_read(const char *file)
{
	static char buf[4096];
	char path[512];
	if (file[0] == '/')
		snprintf(path, sizeof path, "%s", file);
	else
		snprintf(path, sizeof path, "%s/%s", cg_dir, file);
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

/* Writes text to a file under cg_dir (or an absolute path) in one
 * write: 0, or -1 with errno. */
__attribute__((unused)) static int cg_write(const char *file, const char *text)
{
	char path[512];
	if (file[0] == '/')
		snprintf(path, sizeof path, "%s", file);
	else
		snprintf(path, sizeof path, "%s/%s", cg_dir, file);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return w == (ssize_t)strlen(text) ? 0 : -1;
}

__attribute__((unused)) static int cg_write_pid(const char *file, int pid)
{
	char text[16];
	snprintf(text, sizeof text, "%d", pid);
	return cg_write(file, text);
}

/* Mounts cgroup2 and makes cg_dir: the case's group under its own. */
__attribute__((unused)) static int cg_setup(void)
{
	private_ns();
	snprintf(cg_mnt, sizeof cg_mnt, "/tmp/t_cgroup_mnt.%d", getpid());
	mkdir(cg_mnt, 0755);
	if (mount("none", cg_mnt, "cgroup2", 0, NULL) < 0) {
		say("[FAIL] mount cgroup2: %s\n", errname(errno));
		return -1;
	}
	const char *own = cg_path_of(0);
	snprintf(cg_base, sizeof cg_base, "%s%s", cg_mnt, strcmp(own, "/") ? own : "");
	snprintf(cg_dir, sizeof cg_dir, "%s/t_cg.%d", cg_base, getpid());
	if (mkdir(cg_dir, 0755) < 0) {
		say("[FAIL] mkdir %s: %s\n", "the case's group", errname(errno));
		return -1;
	}
	return 0;
}

/* Removes dir and the groups under it (deepest first), killing what
 * is left in them. */
__attribute__((unused)) static void cg_remove_tree(const char *dir)
{
	char path[512], procs[600];
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		cg_remove_tree(path);
	}
	if (d)
		closedir(d);
	snprintf(procs, sizeof procs, "%s/cgroup.freeze", dir);
	cg_write(procs, "0");
	snprintf(procs, sizeof procs, "%s/cgroup.kill", dir);
	cg_write(procs, "1");
	for (int i = 0; i < 200 && rmdir(dir) < 0 && errno == EBUSY; i++)
		usleep(10000);
}

__attribute__((unused)) static void cg_cleanup(void)
{
	char procs[300];
	snprintf(procs, sizeof procs, "%s/cgroup.procs", cg_base);
	cg_write_pid(procs, getpid());
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	cg_remove_tree(cg_dir);
	umount2(cg_mnt, MNT_DETACH);
	rmdir(cg_mnt);
}

/* A child that waits (pause) until killed; its pid. */
__attribute__((unused)) static pid_t cg_sleeper(void)
{
	pid_t c = fork();
	if (c == 0) {
		for (;;)
			pause();
	}
	return c;
}

/* Waits (up to ~10 s) for the file's text to be want. */
__attribute__((unused)) static bool cg_wait_text(const char *file, const char *want)
{
	for (int i = 0; i < 1000; i++) {
		if (!strcmp(cg_read(file), want))
			return true;
		usleep(10000);
	}
	return false;
}

#endif
