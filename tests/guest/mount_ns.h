/* mount_ns.h - the mount tests' first step: a mount namespace of the
 * case's own with every mount private, so that on the host nothing the
 * case mounts propagates out of it (and the case still unmounts what
 * it made). */
#ifndef MOUNT_NS_H
#define MOUNT_NS_H
#include <sched.h>
#include <sys/mount.h>

static inline void private_ns(void)
{
	unshare(CLONE_NEWNS);
	mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

#endif
