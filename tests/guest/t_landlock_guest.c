/* t_landlock_guest - what Pipit answers as Linux 6.1 and the host, a
 * later kernel, does not (ABI 2 exactly: no TRUNCATE, no network rules,
 * no restrict_self flags, an attr of 8 bytes), and what only Pipit can
 * show: the rules' inodes and rulesets are freed when the last ruleset
 * and domain holding them go, removed files included (kmem.h); deep
 * trees and many rules neither overflow nor hang. */
#include "landlock.h"
#include "kmem.h"
#include <sys/mount.h>

static void abi_exactly_2(void)
{
	CHECK_EQ("LANDLOCK_CREATE_RULESET_VERSION is 2",
		 syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION), 2);
	CHECK_ERR("handling TRUNCATE (ABI 3)", ll_create(LANDLOCK_ACCESS_FS_TRUNCATE), EINVAL);
	CHECK_ERR("handling IOCTL_DEV (ABI 5)", ll_create(1ull << 15), EINVAL);
	uint64_t attr[3] = { FS_READ_FILE, 1, 0 };
	CHECK_SYSERR("handled_access_net (ABI 4): a non-zero tail", E2BIG,
		     SYS_landlock_create_ruleset, attr, 16, 0);
	attr[1] = 0;
	attr[2] = 1;
	CHECK_SYSERR("scoped (ABI 6): a non-zero tail", E2BIG, SYS_landlock_create_ruleset, attr, 24, 0);
	CHECK_SYSERR("the errata flag (later kernels)", EINVAL, SYS_landlock_create_ruleset, NULL, 0, 2);
	int rfd = ll_create(FS_READ_FILE);
	struct { uint64_t allowed; uint64_t port; } net = { 1, 80 };
	CHECK_SYSERR("LANDLOCK_RULE_NET_PORT (ABI 4)", EINVAL, SYS_landlock_add_rule, rfd, 2, &net, 0);
	CHECK_ERR("a TRUNCATE rule", ll_add_fd(rfd, open("/", O_PATH), LANDLOCK_ACCESS_FS_TRUNCATE), EINVAL);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	CHECK_SYSERR("restrict_self's log flags (later kernels)", EINVAL, SYS_landlock_restrict_self, rfd, 1);
	CHECK_SYSERR("  and fd -1 with them", EINVAL, SYS_landlock_restrict_self, -1, 2);
}

/* Rules on directories and files that are then removed, a domain with
 * them inherited by a child and enforced across exec; all of it gone with
 * the tasks and the descriptor, and a tmpfs unmounted under a rule. */
static void sandbox_child(int round)
{
	char p[300];
	int rfd = ll_create(FS_ABI2_ALL);
	for (int i = 0; i < 40; i++) {
		snprintf(p, sizeof p, "%s/d%d.%d", tdir, round, i);
		mkdir(p, 0755);
		ll_add(rfd, p, FS_READ_FILE | FS_READ_DIR);
		rmdir(p);
		snprintf(p, sizeof p, "%s/f%d.%d", tdir, round, i);
		close(open(p, O_CREAT | O_WRONLY, 0644));
		ll_add(rfd, p, FS_READ_FILE);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/m%d", tdir, round);   /* a rule on an unmounted tmpfs */
	mkdir(p, 0755);
	if (mount("tmpfs", p, "tmpfs", 0, NULL) < 0)
		say("[FAIL] mount: %s\n", errname(errno));
	snprintf(p, sizeof p, "%s/m%d/x", tdir, round);
	mkdir(p, 0755);
	ll_add(rfd, p, FS_READ_DIR);
	snprintf(p, sizeof p, "%s/m%d", tdir, round);
	if (umount(p) < 0)
		say("[FAIL] umount with a rule in it: %s\n", errname(errno));
	rmdir(p);
	ll_add(rfd, "/", FS_ABI2_ALL);
	int keep = dup(rfd);
	ll_enforce(rfd);
	ll_enforce(keep);                       /* two layers: rules with two levels */
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(1);
	}
	wait_for(pid);
	_exit(0);
}

static void rules_freed(void)
{
	struct kmem a, b;
	char why[256];
	pid_t pid = fork();
	if (pid == 0)
		sandbox_child(0);
	wait_for(pid);
	CHECK_EQ("the account can be taken", kmem_take(&a), 0);
	for (int round = 1; round < 4; round++) {
		pid = fork();
		if (pid == 0)
			sandbox_child(round);
		CHECK_EQ("  a sandboxed child ran", WEXITSTATUS(wait_for(pid)), 0);
	}
	kmem_take(&b);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass("rulesets, domains and removed files' inodes freed: pages and kmalloc objects as before");
	else
		fail("rulesets, domains and removed files' inodes freed: pages and kmalloc objects as before",
		     "%s", why);
}

/* A rule keeps a removed directory's inode (as Linux's object does) but
 * no name comes back; a new directory of the same name has no rule. */
static void removed_rule_target(void)
{
	mkdir(P("gone"), 0755);
	int rfd = ll_create(FS_READ_DIR);
	ll_add(rfd, P("gone"), FS_READ_DIR);
	rmdir(P("gone"));
	mkdir(P("gone"), 0755);
	ll_enforce(rfd);
	int fd = open(P("gone"), O_RDONLY | O_DIRECTORY);
	CHECK_EQ("a new directory where a ruled one was removed", fd < 0 ? errno : 0, EACCES);
}

static void deep_tree(void)
{
	if (chdir(tdir) < 0)
		say("[FAIL] chdir: %s\n", errname(errno));
	int rfd = ll_create(FS_READ_FILE);
	for (int i = 0; i < 300; i++) {          /* a rule on a side directory of each */
		mkdir("x", 0755);
		mkdir("y", 0755);
		ll_add(rfd, "y", FS_READ_FILE);
		if (chdir("x") < 0)
			break;
	}
	close(open("f", O_CREAT | O_WRONLY, 0644));
	ll_enforce(rfd);
	CHECK_EQ("300 directories below nothing but side rules: denied", open("f", O_RDONLY) < 0 ? errno : 0,
		 EACCES);
	rfd = ll_create(FS_READ_FILE);
	ll_add(rfd, tdir, FS_READ_FILE);
	ll_enforce(rfd);
	CHECK_EQ("  a second layer does not lift the first", open("f", O_RDONLY) < 0 ? errno : 0, EACCES);
}

static void deep_allowed(void)
{
	if (chdir(tdir) < 0)
		say("[FAIL] chdir: %s\n", errname(errno));
	for (int i = 0; i < 300; i++) {
		mkdir("x", 0755);
		if (chdir("x") < 0)
			break;
	}
	close(open("f", O_CREAT | O_WRONLY, 0644));
	ll_sandbox(FS_READ_FILE, tdir, FS_READ_FILE);
	CHECK_EQ("300 directories below the rule: a file opens", open("f", O_RDONLY) >= 0, 1);
}

int main(void)
{
	tdir_setup("t_landlock_guest");
	RUN(abi_exactly_2);
	RUN(rules_freed);
	RUN(removed_rule_target);
	RUN(deep_tree);
	RUN(deep_allowed);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
