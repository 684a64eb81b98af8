/* mnt_util.h - shared by the mount tests (t_mount, t_mount_bind, t_umount):
 * a private mount namespace on the host (unshare(CLONE_NEWNS), then "/"
 * made MS_REC|MS_PRIVATE, so nothing the test mounts reaches the host's
 * tree; in Pipit unshare succeeds without a namespace), a scratch
 * directory under the test's cwd (run.py's temporary directory on the
 * host, "/" in the guest) in which every mount is made, and the lines of
 * /proc/self/mountinfo and /proc/mounts for the mounts under it, with
 * the scratch directory's path, ids and device numbers taken out. */
#ifndef MNT_UTIL_H
#define MNT_UTIL_H
#include "check.h"
#include <sched.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/vfs.h>

#ifndef MNT_DETACH
#define MNT_DETACH 2
#endif
#ifndef MNT_EXPIRE
#define MNT_EXPIRE 4
#endif
#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW 8
#endif
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#define TMPFS_MAGIC_ 0x01021994
#define RAMFS_MAGIC_ 0x858458f6
#define PROC_MAGIC_ 0x9fa0
#define MQUEUE_MAGIC_ 0x19800202

static char base[100];                      /* the scratch directory, absolute */

/* The namespace and the scratch directory `name` under the cwd; each case
 * (check.h's run_case) gets tdir = base/<case>. */
__attribute__((unused))
static void mnt_setup(const char *name)
{
	char cwd[64];
	if (unshare(CLONE_NEWNS) < 0)
		say("[FAIL] main: unshare: %s\n", errname(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		say("[FAIL] main: making / private: %s\n", errname(errno));
	if (!getcwd(cwd, sizeof cwd))
		strcpy(cwd, "/");
	if (strcmp(cwd, "/"))
		chmod(cwd, 0755);               /* the host's temporary one is 0700 */
	snprintf(base, sizeof base, "%s%s%s.d", cwd, strcmp(cwd, "/") ? "/" : "", name);
	rm_rf(base);
	mkdir(base, 0755);
	chmod(base, 0755);
	strcpy(tdir, base);
}

/* Takes down whatever a case left mounted under base, then base. */
__attribute__((unused))
static void mnt_cleanup(void)
{
	static char buf[65536];
	for (int round = 0; round < 50; round++) {
		if (read_all("/proc/self/mounts", buf, sizeof buf) < 0)
			break;
		char last[512] = "";
		for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
			char dev[256], mp[512];
			if (sscanf(l, "%255s %511s", dev, mp) == 2 && !strncmp(mp, base, strlen(base)))
				snprintf(last, sizeof last, "%s", mp);
		}
		if (!last[0])
			break;
		umount2(last, MNT_DETACH);
	}
	rm_rf(base);
}

/* path with base replaced by "$B" (the scratch directory differs). */
__attribute__((unused))
static const char *R(const char *path)
{
	static char bufs[4][512];
	static unsigned next;
	char *b = bufs[next++ % 4];
	size_t n = strlen(tdir);
	if (!strncmp(path, tdir, n) && (path[n] == '/' || !path[n]))
		snprintf(b, 512, "$T%s", path + n);
	else if (!strncmp(path, base, strlen(base)))
		snprintf(b, 512, "$B%s", path + strlen(base));
	else
		snprintf(b, 512, "%s", path);
	return b;
}

/* Takes ",inode64" (the host's 64-bit tmpfs) out of an option string. */
static void strip_inode64(char *s)
{
	char *p;
	while ((p = strstr(s, ",inode64")))
		memmove(p, p + 8, strlen(p + 8) + 1);
}

/* The /proc/self/mountinfo lines of the mounts under tdir, in order, as
 * "ROOT MOUNTPOINT OPTS [shared|master|unbindable...] - TYPE SOURCE SUPEROPTS"
 * with the mount point relative ($T), the peer groups of the optional fields
 * named A, B, ... in order of appearance, and with the parent named by its mount point (or "up" when it is
 * not under tdir); one line each into out. */
__attribute__((unused))
static void mountinfo_of_tdir(char *out, size_t size)
{
	static char buf[65536];
	struct { int id; char mp[256]; } seen[64];
	int nseen = 0, groups[26], ngroups = 0;
	size_t n = 0;
	out[0] = 0;
	if (read_all("/proc/self/mountinfo", buf, sizeof buf) < 0)
		return;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		int id, parent;
		char dev[32], root[256], mp[256], opts[256], rest[1024];
		if (sscanf(l, "%d %d %31s %255s %255s %255s %1023[^\n]", &id, &parent, dev, root, mp,
			   opts, rest) != 7)
			continue;
		size_t tl = strlen(tdir);
		if (strncmp(mp, tdir, tl) || (mp[tl] && mp[tl] != '/'))
			continue;
		const char *pname = "up";
		for (int i = 0; i < nseen; i++)
			if (seen[i].id == parent)
				pname = seen[i].mp;
		if (nseen < 64) {
			seen[nseen].id = id;
			snprintf(seen[nseen].mp, sizeof seen[0].mp, "%s", R(mp));
			nseen++;
		}
		char optional[128] = "", *dash = strstr(rest, "- ");
		for (char *p = rest; dash && p < dash;) {
			char word[64];
			int len = 0;
			if (sscanf(p, "%63s%n", word, &len) != 1 || !len)
				break;
			char *colon = strchr(word, ':');
			if (colon) {                /* the group's number: a letter, by first use */
				int g = atoi(colon + 1), k = 0;
				while (k < ngroups && groups[k] != g)
					k++;
				if (k == ngroups && ngroups < 26)
					groups[ngroups++] = g;
				colon[1] = (char)('A' + k);
				colon[2] = 0;
			}
			size_t o = strlen(optional);
			snprintf(optional + o, sizeof optional - o, " %s", word);
			p += len;
			while (*p == ' ')
				p++;
		}
		char type[64] = "", src[256] = "", sopts[512] = "";
		if (dash)
			sscanf(dash + 2, "%63s %255s %511s", type, src, sopts);
		strip_inode64(sopts);
		n += snprintf(out + n, n < size ? size - n : 0, "%s %s %s%s - %s %s %s (in %s)\n", root,
			      R(mp), opts, optional, type, src, sopts, pname);
	}
}

/* The /proc/self/mounts lines under tdir, with the mount point relative. */
__attribute__((unused))
static void mounts_of_tdir(char *out, size_t size)
{
	static char buf[65536];
	size_t n = 0;
	out[0] = 0;
	if (read_all("/proc/self/mounts", buf, sizeof buf) < 0)
		return;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		char src[256], mp[256], type[64], opts[512];
		if (sscanf(l, "%255s %255s %63s %511s", src, mp, type, opts) != 4)
			continue;
		size_t tl = strlen(tdir);
		if (strncmp(mp, tdir, tl) || (mp[tl] && mp[tl] != '/'))
			continue;
		strip_inode64(opts);
		n += snprintf(out + n, n < size ? size - n : 0, "%s %s %s %s\n", src, R(mp), type, opts);
	}
}

/* Prints a multi-line string as "name: line" lines, then a PASS (the
 * differential comparison is the check). */
__attribute__((unused))
static void show_lines(const char *name, const char *text)
{
	char copy[8192];
	snprintf(copy, sizeof copy, "%s", text);
	say("%s:\n", name);
	if (!copy[0])
		say("  (none)\n");
	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n"))
		say("  %s\n", l);
}

/* Whether path's st_dev differs from its parent's: a new filesystem is
 * mounted there (a bind of the same one is not seen). */
__attribute__((unused))
static bool mounted_on(const char *path)
{
	char up[512];
	struct stat a, b;
	snprintf(up, sizeof up, "%s/..", path);
	if (stat(path, &a) < 0 || stat(up, &b) < 0)
		return false;
	return a.st_dev != b.st_dev;
}

/* A tmpfs mounted at rel (under tdir), with options; mount(2)'s result. */
__attribute__((unused))
static int tmpfs_at(const char *rel, unsigned long flags, const char *opts)
{
	mkdir(P(rel), 0755);
	return mount("tmpfs", P(rel), "tmpfs", flags, opts);
}

/* Runs fn in a child after setuid(1000) (no capabilities); its status. */
__attribute__((unused))
static int as_user(void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(1000) < 0 || setuid(1000) < 0)
			_exit(99);
		check_failed = 0;
		fn();
		_exit(check_failed ? 1 : 0);
	}
	return wait_for(pid);
}

#endif
