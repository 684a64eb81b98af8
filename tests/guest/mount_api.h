/* mount_api.h - the new mount API for the guest tests (musl has no
 * wrappers): fsopen, fsconfig, fsmount, fspick, open_tree, move_mount,
 * mount_setattr by number, their constants as <linux/mount.h> has
 * them, and the /proc/self/mounts line of a mount. */
#ifndef MOUNT_API_H
#define MOUNT_API_H
#include "check.h"
#include "mount_ns.h"
#include <stdint.h>
#include <sched.h>
#include <sys/mount.h>

#define NR_open_tree 428
#define NR_move_mount 429
#define NR_fsopen 430
#define NR_fsconfig 431
#define NR_fsmount 432
#define NR_fspick 433
#define NR_mount_setattr 442

#define OPEN_TREE_CLONE_ 1
#define OPEN_TREE_CLOEXEC_ O_CLOEXEC
#define AT_RECURSIVE_ 0x8000
#define MOVE_MOUNT_F_SYMLINKS_ 0x01
#define MOVE_MOUNT_F_EMPTY_PATH_ 0x04
#define MOVE_MOUNT_T_SYMLINKS_ 0x10
#define MOVE_MOUNT_T_EMPTY_PATH_ 0x40
#define MOVE_MOUNT_SET_GROUP_ 0x100
#define FSOPEN_CLOEXEC_ 1
#define FSPICK_CLOEXEC_ 1
#define FSPICK_SYMLINK_NOFOLLOW_ 2
#define FSPICK_EMPTY_PATH_ 8
#define FSMOUNT_CLOEXEC_ 1
enum { SET_FLAG, SET_STRING, SET_BINARY, SET_PATH, SET_PATH_EMPTY, SET_FD, CMD_CREATE,
       CMD_RECONFIGURE };
#define ATTR_RDONLY 0x01
#define ATTR_NOSUID 0x02
#define ATTR_NODEV 0x04
#define ATTR_NOEXEC 0x08
#define ATTR__ATIME 0x70
#define ATTR_NOATIME 0x10
#define ATTR_STRICTATIME 0x20
#define ATTR_NODIRATIME 0x80
#define ATTR_IDMAP 0x100000
#define ATTR_NOSYMFOLLOW 0x200000

struct mount_attr_ { uint64_t attr_set, attr_clr, propagation, userns_fd; };

static inline long fsopen_(const char *name, unsigned flags)
{ return syscall(NR_fsopen, name, flags); }
static inline long fsconfig_(int fd, unsigned cmd, const char *key, const void *value, int aux)
{ return syscall(NR_fsconfig, fd, cmd, key, value, aux); }
static inline long fsmount_(int fd, unsigned flags, unsigned attr)
{ return syscall(NR_fsmount, fd, flags, attr); }
static inline long fspick_(int dfd, const char *path, unsigned flags)
{ return syscall(NR_fspick, dfd, path, flags); }
static inline long open_tree_(int dfd, const char *path, unsigned flags)
{ return syscall(NR_open_tree, dfd, path, flags); }
static inline long move_mount_(int fdfd, const char *from, int tdfd, const char *to, unsigned flags)
{ return syscall(NR_move_mount, fdfd, from, tdfd, to, flags); }
static inline long mount_setattr_(int dfd, const char *path, unsigned flags, void *attr, size_t size)
{ return syscall(NR_mount_setattr, dfd, path, flags, attr, size); }


/* A created tmpfs context with options "k=v" pairs (NULL-ended), or -1. */
static inline int tmpfs_ctx(const char *const *opts)
{
	int fd = fsopen_("tmpfs", 0);
	for (; fd >= 0 && opts && *opts; opts += 2)
		if (fsconfig_(fd, SET_STRING, opts[0], opts[1], 0))
			return -1;
	return fd >= 0 && fsconfig_(fd, CMD_CREATE, NULL, NULL, 0) == 0 ? fd : -1;
}

/* A detached tmpfs mount's descriptor (attr: MOUNT_ATTR_*), or -1. */
static inline int tmpfs_detached(const char *const *opts, unsigned attr)
{
	int fc = tmpfs_ctx(opts);
	int m = fc < 0 ? -1 : fsmount_(fc, 0, attr);
	if (fc >= 0)
		close(fc);
	return m;
}

/* "<source> <type> <options>" of the mount at path in /proc/self/mounts
 * (the last one there), without the host's inode64; "" when none. */
static inline const char *mount_line(const char *path)
{
	static char out[512];
	char line[512], dev[128], dir[256], type[32], opts[256];
	FILE *f = fopen("/proc/self/mounts", "r");
	out[0] = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%127s %255s %31s %255s", dev, dir, type, opts) == 4 && !strcmp(dir, path)) {
			char *p = strstr(opts, ",inode64");
			if (p)
				memmove(p, p + 8, strlen(p + 8) + 1);
			snprintf(out, sizeof out, "%s %s %s", dev, type, opts);
		}
	if (f)
		fclose(f);
	return out;
}

/* Whether path is on a filesystem other than its parent directory's. */
static inline int is_mount_point(const char *path)
{
	struct stat a, b;
	char up[300];
	snprintf(up, sizeof up, "%s/..", path);
	return stat(path, &a) == 0 && stat(up, &b) == 0 && a.st_dev != b.st_dev;
}

/* The next message of a context ("" and errno set when none). */
static inline const char *ctx_msg(int fd)
{
	static char buf[256];
	long n = read(fd, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

static inline void become_user(void)
{
	syscall(SYS_setresgid32, 1000, 1000, 1000);
	syscall(SYS_setresuid32, 1000, 1000, 1000);
}

#endif
