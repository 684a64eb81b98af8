/* landlock.h - Landlock for the guest tests (t_landlock, t_landlock_guest):
 * the UAPI of Linux 6.1 (ABI 2), raw system calls, and helpers to build
 * a ruleset, add a rule on a path and enforce it. */
#ifndef LANDLOCK_TEST_H
#define LANDLOCK_TEST_H
#include "check.h"
#include <stdint.h>
#include <sys/prctl.h>

/* <linux/landlock.h> of Linux 6.1 (the tests are built without the
 * kernel's headers). */
struct landlock_ruleset_attr { uint64_t handled_access_fs; };
struct landlock_path_beneath_attr { uint64_t allowed_access; int32_t parent_fd; } __attribute__((packed));
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#define LANDLOCK_RULE_PATH_BENEATH 1
#define LANDLOCK_ACCESS_FS_EXECUTE     (1ULL << 0)
#define LANDLOCK_ACCESS_FS_WRITE_FILE  (1ULL << 1)
#define LANDLOCK_ACCESS_FS_READ_FILE   (1ULL << 2)
#define LANDLOCK_ACCESS_FS_READ_DIR    (1ULL << 3)
#define LANDLOCK_ACCESS_FS_REMOVE_DIR  (1ULL << 4)
#define LANDLOCK_ACCESS_FS_REMOVE_FILE (1ULL << 5)
#define LANDLOCK_ACCESS_FS_MAKE_CHAR   (1ULL << 6)
#define LANDLOCK_ACCESS_FS_MAKE_DIR    (1ULL << 7)
#define LANDLOCK_ACCESS_FS_MAKE_REG    (1ULL << 8)
#define LANDLOCK_ACCESS_FS_MAKE_SOCK   (1ULL << 9)
#define LANDLOCK_ACCESS_FS_MAKE_FIFO   (1ULL << 10)
#define LANDLOCK_ACCESS_FS_MAKE_BLOCK  (1ULL << 11)
#define LANDLOCK_ACCESS_FS_MAKE_SYM    (1ULL << 12)
#define LANDLOCK_ACCESS_FS_REFER       (1ULL << 13)
#define LANDLOCK_ACCESS_FS_TRUNCATE    (1ULL << 14)   /* ABI 3: Linux 6.2 */

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

#define FS_EXECUTE     LANDLOCK_ACCESS_FS_EXECUTE
#define FS_WRITE_FILE  LANDLOCK_ACCESS_FS_WRITE_FILE
#define FS_READ_FILE   LANDLOCK_ACCESS_FS_READ_FILE
#define FS_READ_DIR    LANDLOCK_ACCESS_FS_READ_DIR
#define FS_REMOVE_DIR  LANDLOCK_ACCESS_FS_REMOVE_DIR
#define FS_REMOVE_FILE LANDLOCK_ACCESS_FS_REMOVE_FILE
#define FS_MAKE_CHAR   LANDLOCK_ACCESS_FS_MAKE_CHAR
#define FS_MAKE_DIR    LANDLOCK_ACCESS_FS_MAKE_DIR
#define FS_MAKE_REG    LANDLOCK_ACCESS_FS_MAKE_REG
#define FS_MAKE_SOCK   LANDLOCK_ACCESS_FS_MAKE_SOCK
#define FS_MAKE_FIFO   LANDLOCK_ACCESS_FS_MAKE_FIFO
#define FS_MAKE_BLOCK  LANDLOCK_ACCESS_FS_MAKE_BLOCK
#define FS_MAKE_SYM    LANDLOCK_ACCESS_FS_MAKE_SYM
#define FS_REFER       LANDLOCK_ACCESS_FS_REFER
#define FS_ABI2_ALL    ((FS_REFER << 1) - 1)

__attribute__((unused))
static int ll_create(uint64_t handled)
{
	struct landlock_ruleset_attr a = { .handled_access_fs = handled };
	return syscall(SYS_landlock_create_ruleset, &a, sizeof a, 0);
}

__attribute__((unused))
static long ll_add_fd(int rfd, int fd, uint64_t access)
{
	struct landlock_path_beneath_attr a = { .allowed_access = access, .parent_fd = fd };
	return syscall(SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH, &a, 0);
}

/* A rule granting access beneath path (opened O_PATH); says FAIL if it
 * cannot be added. */
__attribute__((unused))
static void ll_add(int rfd, const char *path, uint64_t access)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0 || ll_add_fd(rfd, fd, access) < 0)
		say("[FAIL] rule on %s: %s\n", path, errname(errno));
	if (fd >= 0)
		close(fd);
}

/* no_new_privs, then the ruleset enforced on the calling thread; closed. */
__attribute__((unused))
static void ll_enforce(int rfd)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (syscall(SYS_landlock_restrict_self, rfd, 0) < 0)
		say("[FAIL] restrict_self: %s\n", errname(errno));
	close(rfd);
}

/* One ruleset handling `handled`, a rule granting `access` on path
 * (NULL: none), enforced. */
__attribute__((unused))
static void ll_sandbox(uint64_t handled, const char *path, uint64_t access)
{
	int rfd = ll_create(handled);
	if (rfd < 0)
		say("[FAIL] create_ruleset: %s\n", errname(errno));
	if (path)
		ll_add(rfd, path, access);
	ll_enforce(rfd);
}

#endif
