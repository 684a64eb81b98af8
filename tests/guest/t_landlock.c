/* t_landlock - Landlock (landlock_create_ruleset, landlock_add_rule,
 * landlock_restrict_self), differential against Linux 6.1's ABI 2: the
 * host may have a later ABI, so only its facts ("abi>=2") are printed and
 * only ABI 2 rights are used. The calls' errors in their order; each
 * file-system right allowed beneath a rule and denied elsewhere; rights a
 * ruleset does not handle stay allowed; rules on files and on ancestors,
 * across a mount; layers stacked (at most 16); a domain inherited over
 * fork and exec, the calling thread's only; REFER's EXDEV and EACCES for
 * link and rename; no mount changes in a sandbox. 6.1-only answers are in
 * t_landlock_guest. */
#include "landlock.h"
#include "caps.h"
#include "mount_ns.h"
#include <pthread.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/mman.h>
#include <mqueue.h>
#include <sys/fanotify.h>

/* ---- the system calls' errors ---- */

/* The case's own file f, a few bytes long. */
static void mkf(void)
{
	int fd = open(P("f"), O_CREAT | O_WRONLY, 0644);
	write(fd, "data", 4);
	close(fd);
}

static void abi_version(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	CHECK("LANDLOCK_CREATE_RULESET_VERSION: abi>=2", v >= 2);
	struct landlock_ruleset_attr a = { FS_READ_FILE };
	CHECK_SYSERR("VERSION with an attr", EINVAL, SYS_landlock_create_ruleset, &a, 0,
		     LANDLOCK_CREATE_RULESET_VERSION);
	CHECK_SYSERR("VERSION with a size", EINVAL, SYS_landlock_create_ruleset, NULL, 8,
		     LANDLOCK_CREATE_RULESET_VERSION);
	CHECK_SYSERR("an unknown flag", EINVAL, SYS_landlock_create_ruleset, NULL, 0, 1u << 31);
}

static void create_errors(void)
{
	static char big[8192];
	struct landlock_ruleset_attr a = { FS_READ_FILE };
	CHECK_SYSERR("attr NULL", EFAULT, SYS_landlock_create_ruleset, NULL, 8, 0);
	CHECK_SYSERR("attr a bad pointer", EFAULT, SYS_landlock_create_ruleset, (void *)16, 8, 0);
	CHECK_SYSERR("attr a kernel address", EFAULT, SYS_landlock_create_ruleset, (void *)0xC0000000, 8, 0);
	CHECK_SYSERR("size 4: too small", EINVAL, SYS_landlock_create_ruleset, &a, 4, 0);
	CHECK_SYSERR("size 0", EINVAL, SYS_landlock_create_ruleset, &a, 0, 0);
	CHECK_SYSERR("size 7 before a bad pointer", EINVAL, SYS_landlock_create_ruleset, (void *)16, 7, 0);
	memcpy(big, &a, sizeof a);
	CHECK_SYSERR("size past a page", E2BIG, SYS_landlock_create_ruleset, big, 4097, 0);
	big[4095] = 1;
	CHECK_SYSERR("a non-zero byte at the end of a page", E2BIG, SYS_landlock_create_ruleset, big, 4096, 0);
	big[4095] = 0;
	int fd = syscall(SYS_landlock_create_ruleset, big, 4096, 0);
	CHECK("a page of zeros after the struct", fd >= 0);
	close(fd);
	fd = syscall(SYS_landlock_create_ruleset, big, 32, 0);
	CHECK("32 bytes, zeros after the struct", fd >= 0);
	close(fd);
	a.handled_access_fs = 0;
	CHECK_SYSERR("nothing handled", ENOMSG, SYS_landlock_create_ruleset, &a, sizeof a, 0);
	a.handled_access_fs = 1ull << 40;
	CHECK_SYSERR("an unknown right", EINVAL, SYS_landlock_create_ruleset, &a, sizeof a, 0);
	a.handled_access_fs = FS_ABI2_ALL;
	fd = syscall(SYS_landlock_create_ruleset, &a, sizeof a, 0);
	CHECK("every ABI 2 right handled", fd >= 0);
	CHECK_EQ("  the descriptor is close-on-exec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("  read and write", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	char link[64], buf[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	CHECK_STR("  /proc/self/fd names it", buf, "anon_inode:[landlock-ruleset]");
	CHECK_ERR("  read", read(fd, buf, 8), EINVAL);
	CHECK_ERR("  write", write(fd, buf, 8), EINVAL);
	CHECK_ERR("  lseek", lseek(fd, 0, SEEK_SET), ESPIPE);
	close(fd);
}

static void add_rule_errors(void)
{
	mkf();
	int rfd = ll_create(FS_READ_FILE | FS_READ_DIR);
	int dfd = open(tdir, O_PATH), ffd = open(P("f"), O_RDONLY), efd = eventfd(0, 0);
	int p[2], s[2];
	pipe(p);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	struct landlock_path_beneath_attr a = { FS_READ_FILE, dfd };
	CHECK_SYSERR("a flag", EINVAL, SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH, &a, 1);
	CHECK_SYSERR("  before a bad ruleset fd", EINVAL, SYS_landlock_add_rule, 999, 1, &a, 1);
	CHECK_SYSERR("a closed ruleset fd", EBADF, SYS_landlock_add_rule, 999, LANDLOCK_RULE_PATH_BENEATH, &a, 0);
	CHECK_SYSERR("a file as the ruleset", EBADFD, SYS_landlock_add_rule, ffd, LANDLOCK_RULE_PATH_BENEATH, &a, 0);
	CHECK_SYSERR("an O_PATH fd as the ruleset", EBADF, SYS_landlock_add_rule, dfd, LANDLOCK_RULE_PATH_BENEATH, &a, 0);
	CHECK_SYSERR("rule type 0", EINVAL, SYS_landlock_add_rule, rfd, 0, &a, 0);
	CHECK_SYSERR("rule type 99", EINVAL, SYS_landlock_add_rule, rfd, 99, &a, 0);
	CHECK_SYSERR("  after a bad ruleset fd", EBADF, SYS_landlock_add_rule, 999, 99, &a, 0);
	CHECK_SYSERR("attr NULL", EFAULT, SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH, NULL, 0);
	CHECK_SYSERR("attr a kernel address", EFAULT, SYS_landlock_add_rule, rfd, 1, (void *)0xC0000000, 0);
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page + 4096, 4096);
	memcpy(page + 4096 - 8, &a, 8);
	CHECK_SYSERR("attr running into an unmapped page", EFAULT, SYS_landlock_add_rule, rfd, 1, page + 4096 - 8, 0);
	a.allowed_access = 0;
	CHECK_SYSERR("no right", ENOMSG, SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH, &a, 0);
	a.parent_fd = -1;
	CHECK_SYSERR("  before a bad parent_fd", ENOMSG, SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH, &a, 0);
	a.allowed_access = FS_WRITE_FILE;
	CHECK_SYSERR("a right the ruleset does not handle", EINVAL, SYS_landlock_add_rule, rfd, 1, &a, 0);
	a.allowed_access = FS_READ_FILE | (1ull << 40);
	CHECK_SYSERR("an unknown right", EINVAL, SYS_landlock_add_rule, rfd, 1, &a, 0);
	a.allowed_access = FS_READ_FILE;
	CHECK_SYSERR("parent_fd -1", EBADF, SYS_landlock_add_rule, rfd, 1, &a, 0);
	CHECK_ERR("parent_fd the ruleset", ll_add_fd(rfd, rfd, FS_READ_FILE), EBADFD);
	CHECK_ERR("parent_fd a pipe", ll_add_fd(rfd, p[0], FS_READ_FILE), EBADFD);
	CHECK_ERR("parent_fd a socket", ll_add_fd(rfd, s[0], FS_READ_FILE), EBADFD);
	CHECK_ERR("parent_fd an eventfd", ll_add_fd(rfd, efd, FS_READ_FILE), EBADFD);
	CHECK_ERR("READ_DIR on a file", ll_add_fd(rfd, ffd, FS_READ_DIR), EINVAL);
	CHECK_OK0("READ_FILE on a file", ll_add_fd(rfd, ffd, FS_READ_FILE));
	CHECK_OK0("READ_DIR on an O_PATH directory", ll_add_fd(rfd, dfd, FS_READ_DIR));
	CHECK_OK0("  again: merged", ll_add_fd(rfd, dfd, FS_READ_FILE));
	int rd = open(tdir, O_RDONLY | O_DIRECTORY);
	CHECK_OK0("a directory opened for reading", ll_add_fd(rfd, rd, FS_READ_FILE | FS_READ_DIR));
	CHECK_OK0("/proc", ll_add_fd(rfd, open("/proc", O_PATH), FS_READ_DIR));
	CHECK_OK0("/proc/self/status", ll_add_fd(rfd, open("/proc/self/status", O_PATH), FS_READ_FILE));
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", p[0]);
	CHECK_ERR("a pipe reopened through /proc/self/fd", ll_add_fd(rfd, open(link, O_RDONLY | O_NONBLOCK),
		  FS_READ_FILE), EBADFD);
	CHECK_ERR("  an O_PATH of it", ll_add_fd(rfd, open(link, O_PATH), FS_READ_FILE), EBADFD);
	close(rfd);
}

static void restrict_errors(void)
{
	mkf();
	int rfd = ll_create(FS_READ_FILE);
	int ffd = open(P("f"), O_RDONLY), pfd = open(P("f"), O_PATH);
	CHECK_SYSERR("a flag", EINVAL, SYS_landlock_restrict_self, rfd, 1u << 31);
	CHECK_SYSERR("  before a bad fd", EINVAL, SYS_landlock_restrict_self, 999, 1u << 31);
	drop_cap(CAP_SYS_ADMIN);
	CHECK_SYSERR("no no_new_privs, no CAP_SYS_ADMIN", EPERM, SYS_landlock_restrict_self, rfd, 0);
	CHECK_SYSERR("  before a bad fd", EPERM, SYS_landlock_restrict_self, 999, 0);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	CHECK_SYSERR("a closed fd", EBADF, SYS_landlock_restrict_self, 999, 0);
	CHECK_SYSERR("an O_PATH fd", EBADF, SYS_landlock_restrict_self, pfd, 0);
	CHECK_SYSERR("a file", EBADFD, SYS_landlock_restrict_self, ffd, 0);
	CHECK_OK0("with no_new_privs", syscall(SYS_landlock_restrict_self, rfd, 0));
	CHECK_EQ("  the file outside is denied", open(P("f"), O_RDONLY) < 0 ? errno : 0, EACCES);
}

static void restrict_as_admin(void)
{
	mkf();
	int rfd = ll_create(FS_READ_FILE);
	CHECK_OK0("CAP_SYS_ADMIN without no_new_privs", syscall(SYS_landlock_restrict_self, rfd, 0));
	CHECK_EQ("  no_new_privs stays off", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
	CHECK_EQ("  the file is denied", open(P("f"), O_RDONLY) < 0 ? errno : 0, EACCES);
	CHECK_OK0("  the ruleset can be enforced again", syscall(SYS_landlock_restrict_self, rfd, 0));
	ll_add(rfd, tdir, FS_READ_FILE);
	CHECK_OK0("  and a rule added after", syscall(SYS_landlock_restrict_self, rfd, 0));
	CHECK_EQ("  the earlier layers still deny", open(P("f"), O_RDONLY) < 0 ? errno : 0, EACCES);
}

static void layers_limit(void)
{
	mkf();
	int rfd = ll_create(FS_MAKE_FIFO);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	int ok = 0;
	for (int i = 0; i < 16; i++)
		ok += syscall(SYS_landlock_restrict_self, rfd, 0) == 0;
	CHECK_EQ("16 layers", ok, 16);
	CHECK_SYSERR("the 17th", E2BIG, SYS_landlock_restrict_self, rfd, 0);
	CHECK_OK("  a file still opens (MAKE_FIFO only handled)", open(P("f"), O_RDONLY));
	CHECK_ERR("  a FIFO cannot be made", mkfifo(P("fifo"), 0600), EACCES);
}

/* ---- each right ---- */

/* What the case's tree looks like: a/ (the rule's), b/ (no rule), each
 * with a file f, a directory d and, for exec, a copy of this program. */
static void tree(void)
{
	static char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n < 0 ? 0 : n] = 0;
	const char *sub[] = { "a", "b" };
	for (int i = 0; i < 2; i++) {
		char p[300];
		snprintf(p, sizeof p, "%s/%s", tdir, sub[i]);
		mkdir(p, 0755);
		snprintf(p, sizeof p, "%s/%s/d", tdir, sub[i]);
		mkdir(p, 0755);
		snprintf(p, sizeof p, "%s/%s/f", tdir, sub[i]);
		int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (write(fd, "data", 4) != 4)
			say("[FAIL] tree: %s: %s\n", p, errname(errno));
		close(fd);
		snprintf(p, sizeof p, "%s/%s/prog", tdir, sub[i]);
		int in = open(self, O_RDONLY), out = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0755);
		char buf[8192];
		while ((n = read(in, buf, sizeof buf)) > 0)
			if (write(out, buf, n) != n)
				say("[FAIL] tree: %s: %s\n", p, errname(errno));
		close(in);
		close(out);
	}
}

static int err_of(long r)
{
	return r < 0 ? errno : 0;
}

static int open_err(const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	if (fd >= 0)
		close(fd);
	return fd < 0 ? errno : 0;
}

/* Runs the copy of this program at path (it exits at once): 0, or the
 * errno of execve as the child's exit status. */
static int exec_err(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl(path, path, "--exit", (char *)NULL);
		_exit(errno);
	}
	int st = wait_for(pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int bind_err(const char *path)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	strncpy(sa.sun_path, path, sizeof sa.sun_path - 1);
	int r = bind(s, (struct sockaddr *)&sa, sizeof sa);
	int e = r < 0 ? errno : 0;
	close(s);
	return e;
}

/* A device node: denied is EACCES; allowed is anything else (the host's
 * container may refuse devices for reasons of its own). */
#define CHECK_DEV(name, path, mode) do { \
	int e_ = err_of(mknod(path, mode, makedev(1, 3))); \
	CHECK(name, e_ != EACCES); \
} while (0)

#define ALLOWED(name, e) CHECK_EQ(name " in a/: allowed", e, 0)
#define DENIED(name, e) CHECK_EQ(name " in b/: denied", e, EACCES)

/* One right handled, granted on a/ only. */
static void sandbox_one(uint64_t right)
{
	tree();
	ll_sandbox(right, P("a"), right);
}

static void right_execute(void)
{
	sandbox_one(FS_EXECUTE);
	ALLOWED("EXECUTE: execve", exec_err(P("a/prog")));
	DENIED("EXECUTE: execve", exec_err(P("b/prog")));
	CHECK_EQ("  reading b/prog is not executing", open_err(P("b/prog"), O_RDONLY), 0);
	int fa = open(P("a/prog"), O_PATH), fb = open(P("b/prog"), O_PATH);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "prog", "--exit", NULL };
		syscall(SYS_execveat, fb, "", argv, NULL, AT_EMPTY_PATH);
		int e = errno;
		syscall(SYS_execveat, fa, "", argv, NULL, AT_EMPTY_PATH);
		_exit(100 + e);
	}
	CHECK_EQ("  execveat of b/prog's descriptor, then a/prog's", WEXITSTATUS(wait_for(pid)), 0);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "prog", "--exit", NULL };
		syscall(SYS_execveat, fb, "", argv, NULL, AT_EMPTY_PATH);
		_exit(errno);
	}
	CHECK_EQ("  execveat of b/prog's descriptor", WEXITSTATUS(wait_for(pid)), EACCES);
}

static void right_exec_needs_read(void)
{
	tree();
	int rfd = ll_create(FS_EXECUTE | FS_READ_FILE);
	ll_add(rfd, P("a"), FS_EXECUTE | FS_READ_FILE);
	ll_add(rfd, P("b"), FS_EXECUTE);
	ll_enforce(rfd);
	ALLOWED("EXECUTE|READ_FILE: execve", exec_err(P("a/prog")));
	CHECK_EQ("execve of b/prog with EXECUTE but not READ_FILE", exec_err(P("b/prog")), EACCES);
}

static void right_write_file(void)
{
	sandbox_one(FS_WRITE_FILE);
	ALLOWED("WRITE_FILE: O_WRONLY", open_err(P("a/f"), O_WRONLY));
	DENIED("WRITE_FILE: O_WRONLY", open_err(P("b/f"), O_WRONLY));
	DENIED("WRITE_FILE: O_RDWR", open_err(P("b/f"), O_RDWR));
	CHECK_EQ("  O_RDONLY of b/f (not handled)", open_err(P("b/f"), O_RDONLY), 0);
	CHECK_EQ("  truncate(b/f): not a right of ABI 2", err_of(truncate(P("b/f"), 1)), 0);
	CHECK_EQ("  O_PATH of b/f", open_err(P("b/f"), O_PATH), 0);
	CHECK_EQ("  O_RDONLY of b/ itself", open_err(P("b"), O_RDONLY), 0);
}

static void right_read_file(void)
{
	sandbox_one(FS_READ_FILE);
	ALLOWED("READ_FILE: O_RDONLY", open_err(P("a/f"), O_RDONLY));
	DENIED("READ_FILE: O_RDONLY", open_err(P("b/f"), O_RDONLY));
	DENIED("READ_FILE: O_RDWR", open_err(P("b/f"), O_RDWR));
	CHECK_EQ("  O_WRONLY of b/f (not handled)", open_err(P("b/f"), O_WRONLY), 0);
	CHECK_EQ("  O_PATH of b/f", open_err(P("b/f"), O_PATH), 0);
	struct stat st;
	CHECK_EQ("  stat of b/f", err_of(stat(P("b/f"), &st)), 0);
	CHECK_EQ("  opendir of b/ (READ_DIR not handled)", open_err(P("b"), O_RDONLY | O_DIRECTORY), 0);
	CHECK_EQ("  a symlink in b/ to a/f", err_of(symlink(P("a/f"), P("b/l"))), 0);
	CHECK_EQ("  read through it: a/f's rights", open_err(P("b/l"), O_RDONLY), 0);
	CHECK_EQ("  a symlink in a/ to b/f", err_of(symlink(P("b/f"), P("a/l"))), 0);
	CHECK_EQ("  read through it: b/f's rights", open_err(P("a/l"), O_RDONLY), EACCES);
	CHECK_EQ("  O_CREAT of a new file in b/ for reading", open_err(P("b/new"), O_CREAT | O_RDONLY), EACCES);
	CHECK_EQ("    it was made all the same", access(P("b/new"), F_OK), 0);
}

static void right_read_dir(void)
{
	sandbox_one(FS_READ_DIR);
	ALLOWED("READ_DIR: opendir", open_err(P("a"), O_RDONLY | O_DIRECTORY));
	ALLOWED("READ_DIR: opendir of a subdirectory", open_err(P("a/d"), O_RDONLY));
	DENIED("READ_DIR: opendir", open_err(P("b"), O_RDONLY | O_DIRECTORY));
	DENIED("READ_DIR: opendir of a subdirectory", open_err(P("b/d"), O_RDONLY));
	CHECK_EQ("  O_PATH of b/", open_err(P("b"), O_PATH | O_DIRECTORY), 0);
	CHECK_EQ("  chdir into b/", err_of(chdir(P("b"))), 0);
	CHECK_EQ("  open(\".\") there", open_err(".", O_RDONLY), EACCES);
	CHECK_EQ("  a file of b/ (READ_FILE not handled)", open_err("f", O_RDONLY), 0);
}

static void right_remove_dir(void)
{
	sandbox_one(FS_REMOVE_DIR);
	ALLOWED("REMOVE_DIR: rmdir", err_of(rmdir(P("a/d"))));
	DENIED("REMOVE_DIR: rmdir", err_of(rmdir(P("b/d"))));
	DENIED("REMOVE_DIR: unlinkat(AT_REMOVEDIR)", err_of(unlinkat(AT_FDCWD, P("b/d"), AT_REMOVEDIR)));
	CHECK_EQ("  rmdir of a missing name: ENOENT first", err_of(rmdir(P("b/none"))), ENOENT);
	CHECK_EQ("  rmdir of a file in b/: the rule first", err_of(rmdir(P("b/f"))), EACCES);
	CHECK_EQ("  unlink of b/f (not handled)", err_of(unlink(P("b/f"))), 0);
	CHECK_EQ("  rmdir of b/ itself: its parent has no rule", err_of(rmdir(P("b"))), EACCES);
}

static void right_remove_file(void)
{
	sandbox_one(FS_REMOVE_FILE);
	ALLOWED("REMOVE_FILE: unlink", err_of(unlink(P("a/f"))));
	DENIED("REMOVE_FILE: unlink", err_of(unlink(P("b/f"))));
	CHECK_EQ("  unlink of a missing name: ENOENT first", err_of(unlink(P("b/none"))), ENOENT);
	CHECK_EQ("  unlink of a directory in b/: the rule first", err_of(unlink(P("b/d"))), EACCES);
	CHECK_EQ("  unlink(\"b/f/\")", err_of(unlink(P("b/f/"))), ENOTDIR);
	CHECK_EQ("  rmdir of b/d (not handled)", err_of(rmdir(P("b/d"))), 0);
}

static void right_make_char(void)
{
	sandbox_one(FS_MAKE_CHAR);
	CHECK_DEV("MAKE_CHAR: mknod in a/: not EACCES", P("a/c"), S_IFCHR | 0600);
	DENIED("MAKE_CHAR: mknod", err_of(mknod(P("b/c"), S_IFCHR | 0600, makedev(1, 3))));
	CHECK_EQ("  a FIFO in b/ (not handled)", err_of(mkfifo(P("b/p"), 0600)), 0);
	CHECK_EQ("  EEXIST before the rule", err_of(mknod(P("b/f"), S_IFCHR | 0600, makedev(1, 3))), EEXIST);
}

static void right_make_block(void)
{
	sandbox_one(FS_MAKE_BLOCK);
	CHECK_DEV("MAKE_BLOCK: mknod in a/: not EACCES", P("a/c"), S_IFBLK | 0600);
	DENIED("MAKE_BLOCK: mknod", err_of(mknod(P("b/c"), S_IFBLK | 0600, makedev(7, 0))));
}

static void right_make_dir(void)
{
	sandbox_one(FS_MAKE_DIR);
	ALLOWED("MAKE_DIR: mkdir", err_of(mkdir(P("a/n"), 0755)));
	ALLOWED("MAKE_DIR: mkdir deeper", err_of(mkdir(P("a/n/m"), 0755)));
	DENIED("MAKE_DIR: mkdir", err_of(mkdir(P("b/n"), 0755)));
	CHECK_EQ("  mkdir of an existing name: EEXIST first", err_of(mkdir(P("b/d"), 0755)), EEXIST);
	CHECK_EQ("  a file in b/ (not handled)", open_err(P("b/new"), O_CREAT | O_WRONLY), 0);
}

static void right_make_reg(void)
{
	sandbox_one(FS_MAKE_REG);
	ALLOWED("MAKE_REG: O_CREAT", open_err(P("a/n"), O_CREAT | O_WRONLY));
	ALLOWED("MAKE_REG: mknod S_IFREG", err_of(mknod(P("a/m"), S_IFREG | 0600, 0)));
	ALLOWED("MAKE_REG: mknod of mode 0", err_of(mknod(P("a/z"), 0600, 0)));
	DENIED("MAKE_REG: O_CREAT", open_err(P("b/n"), O_CREAT | O_WRONLY));
	DENIED("MAKE_REG: creat", err_of(creat(P("b/n"), 0600)));
	DENIED("MAKE_REG: mknod S_IFREG", err_of(mknod(P("b/m"), S_IFREG | 0600, 0)));
	CHECK_EQ("  O_CREAT of an existing file", open_err(P("b/f"), O_CREAT | O_WRONLY), 0);
	CHECK_EQ("  O_CREAT|O_EXCL of an existing file", open_err(P("b/f"), O_CREAT | O_EXCL | O_WRONLY), EEXIST);
	CHECK_EQ("  mkdir in b/ (not handled)", err_of(mkdir(P("b/n"), 0755)), 0);
}

static void right_make_sock(void)
{
	sandbox_one(FS_MAKE_SOCK);
	ALLOWED("MAKE_SOCK: bind", bind_err(P("a/s")));
	ALLOWED("MAKE_SOCK: mknod S_IFSOCK", err_of(mknod(P("a/t"), S_IFSOCK | 0600, 0)));
	DENIED("MAKE_SOCK: bind", bind_err(P("b/s")));
	DENIED("MAKE_SOCK: mknod S_IFSOCK", err_of(mknod(P("b/t"), S_IFSOCK | 0600, 0)));
	CHECK_EQ("  bind to an existing name: EADDRINUSE first", bind_err(P("b/f")), EADDRINUSE);
}

static void right_make_fifo(void)
{
	sandbox_one(FS_MAKE_FIFO);
	ALLOWED("MAKE_FIFO: mkfifo", err_of(mkfifo(P("a/p"), 0600)));
	DENIED("MAKE_FIFO: mkfifo", err_of(mkfifo(P("b/p"), 0600)));
	DENIED("MAKE_FIFO: mknodat", err_of(mknodat(AT_FDCWD, P("b/p"), S_IFIFO | 0600, 0)));
}

static void right_make_sym(void)
{
	sandbox_one(FS_MAKE_SYM);
	ALLOWED("MAKE_SYM: symlink", err_of(symlink("f", P("a/l"))));
	DENIED("MAKE_SYM: symlink", err_of(symlink("f", P("b/l"))));
	DENIED("MAKE_SYM: symlinkat", err_of(symlinkat("f", AT_FDCWD, P("b/l"))));
	CHECK_EQ("  a FIFO in b/ (not handled)", err_of(mkfifo(P("b/p"), 0600)), 0);
}

/* ---- rules and layers ---- */

static void rule_on_file(void)
{
	tree();
	int rfd = ll_create(FS_READ_FILE | FS_WRITE_FILE);
	ll_add(rfd, P("a/f"), FS_READ_FILE);
	ll_enforce(rfd);
	CHECK_EQ("a rule on a/f: read it", open_err(P("a/f"), O_RDONLY), 0);
	CHECK_EQ("  write it", open_err(P("a/f"), O_WRONLY), EACCES);
	CHECK_EQ("  another file of a/", open_err(P("a/prog"), O_RDONLY), EACCES);
}

static void hard_link_paths(void)
{
	tree();
	link(P("b/f"), P("a/hl"));
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	CHECK_EQ("a file with names in a/ and b/: through a/", open_err(P("a/hl"), O_RDONLY), 0);
	CHECK_EQ("  through b/", open_err(P("b/f"), O_RDONLY), EACCES);
	CHECK_EQ("  through a/ again", open_err(P("a/hl"), O_RDONLY), 0);
}

static void rule_on_ancestor(void)
{
	tree();
	int rfd = ll_create(FS_READ_FILE | FS_READ_DIR);
	ll_add(rfd, tdir, FS_READ_DIR);
	ll_add(rfd, P("a"), FS_READ_FILE);
	ll_enforce(rfd);
	CHECK_EQ("READ_DIR on the tree: opendir b/d", open_err(P("b/d"), O_RDONLY), 0);
	CHECK_EQ("READ_FILE on a/: a/f", open_err(P("a/f"), O_RDONLY), 0);
	CHECK_EQ("  b/f", open_err(P("b/f"), O_RDONLY), EACCES);
	CHECK_EQ("  a/../b/f", open_err(P("a/../b/f"), O_RDONLY), EACCES);
	CHECK_EQ("  b/../a/f", open_err(P("b/../a/f"), O_RDONLY), 0);
	CHECK_EQ("  /, outside the tree", open_err("/", O_RDONLY), EACCES);
	CHECK_EQ("  a file moved in from b/ (REFER denied)", err_of(rename(P("b/f"), P("a/g"))), EXDEV);
}

static void rule_on_root(void)
{
	tree();
	int rfd = ll_create(FS_READ_FILE | FS_READ_DIR);
	ll_add(rfd, "/", FS_READ_FILE | FS_READ_DIR);
	ll_enforce(rfd);
	CHECK_EQ("a rule on /: a/f", open_err(P("a/f"), O_RDONLY), 0);
	CHECK_EQ("  /proc/self/status", open_err("/proc/self/status", O_RDONLY), 0);
	CHECK_EQ("  /proc/self", open_err("/proc/self", O_RDONLY), 0);
	CHECK_EQ("  /dev/null", open_err("/dev/null", O_RDONLY), 0);
	int fd = open(P("a/f"), O_RDONLY);
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	CHECK_EQ("  a file reopened through /proc/self/fd", open_err(link, O_RDONLY), 0);
}

static void fd_opened_before(void)
{
	tree();
	int fd = open(P("b/f"), O_RDONLY), dfd = open(P("b"), O_RDONLY | O_DIRECTORY);
	ll_sandbox(FS_READ_FILE | FS_WRITE_FILE, P("a"), FS_READ_FILE);
	char buf[4];
	CHECK_EQ("a file opened before the sandbox still reads", read(fd, buf, 4), 4);
	CHECK_EQ("  openat from a directory opened before", openat(dfd, "f", O_RDONLY) < 0 ? errno : 0, EACCES);
	int ofd = open(P("a/f"), O_PATH);
	CHECK_EQ("an O_PATH of a/f", ofd >= 0, 1);
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", ofd);
	CHECK_EQ("  reopened for writing through /proc/self/fd", open_err(link, O_WRONLY), EACCES);
}

/* A flag bit of the kernel's own (0x4000000, FMODE_NONOTIFY: what a
 * fanotify listener's event files are opened with) is not the caller's
 * to pass: open drops it, and the sandbox and the file's mode still hold. */
static void kernel_flag_bit(void)
{
	tree();
	chmod(P("a/f"), 0600);
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	CHECK_EQ("O_RDONLY|0x4000000 of b/f in a sandbox", open_err(P("b/f"), O_RDONLY | 0x4000000), EACCES);
	int fd = open(P("a/f"), O_RDONLY | 0x4000000);
	CHECK_EQ("  of a/f", fd >= 0, 1);
	CHECK_EQ("  F_GETFL does not show it", (fcntl(fd, F_GETFL) & 0x4000000) != 0, 0);
	CHECK_EQ("  setuid(65534)", setuid(65534), 0);
	CHECK_EQ("  a/f (0600, root's) as nobody, with the bit",
		 open_err(P("a/f"), O_RDONLY | 0x4000000), EACCES);
}

/* A fanotify listener's event descriptors are opened in the listener's
 * sandbox (Linux's security_file_open of dentry_open): a file it may not
 * read is no event descriptor but read's EACCES. */
static void fanotify_event_fd(void)
{
	tree();
	int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	CHECK("fanotify_init", fan >= 0);
	CHECK_OK0("a mark on b/f", fanotify_mark(fan, FAN_MARK_ADD, FAN_CLOSE_WRITE, AT_FDCWD, P("b/f")));
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	int fd = open(P("b/f"), O_WRONLY);
	CHECK("b/f opened for writing (not handled)", fd >= 0);
	close(fd);
	char buf[256];
	CHECK_ERR("the event's descriptor of b/f: read is EACCES", read(fan, buf, sizeof buf), EACCES);
}

/* What no path leads to is not checked: pipes, memfds (Linux's
 * SB_NOUSER filesystems), reopened through /proc/self/fd. */
static void nameless_files(void)
{
	int p[2];
	pipe(p);
	int m = memfd_create("m", 0);
	int sm = syscall(447, 0);                 /* memfd_secret */
	ll_sandbox(FS_READ_FILE | FS_WRITE_FILE, NULL, 0);
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", p[0]);
	CHECK_EQ("a pipe reopened in a sandbox", open_err(link, O_RDONLY | O_NONBLOCK), 0);
	snprintf(link, sizeof link, "/proc/self/fd/%d", m);
	CHECK_EQ("a memfd reopened in a sandbox", open_err(link, O_RDWR), 0);
	CHECK_EQ("a rule on a memfd", err_of(ll_add_fd(ll_create(FS_READ_FILE), m, FS_READ_FILE)), EBADFD);
	CHECK_EQ("a namespace file (nsfs)", open_err("/proc/self/ns/uts", O_RDONLY), 0);
	snprintf(link, sizeof link, "/proc/self/fd/%d", sm);
	CHECK_EQ("memfd_secret's file: its own ENXIO, not the sandbox's EACCES", open_err(link, O_RDWR), ENXIO);
	CHECK_EQ("a rule on it", err_of(ll_add_fd(ll_create(FS_READ_FILE), sm, FS_READ_FILE)), EBADFD);
}

/* mq_open opens through the kernel's own mqueue mount: a walk up from a
 * queue stops at its root, which a rule on /dev/mqueue names. */
static void mqueue_open(void)
{
	mq_unlink("/t_landlock");
	mq_unlink("/t_landlock2");
	mqd_t q = mq_open("/t_landlock", O_CREAT | O_RDWR, 0600, NULL);
	CHECK("a queue made before the sandbox", q >= 0);
	mq_close(q);
	pid_t pid = fork();
	if (pid == 0) {
		ll_sandbox(FS_READ_FILE | FS_WRITE_FILE, "/", FS_READ_FILE | FS_WRITE_FILE);
		int e1 = mq_open("/t_landlock", O_RDWR) < 0 ? errno : 0;
		int e2 = mq_open("/t_landlock", O_WRONLY | O_CREAT | O_EXCL, 0600, NULL) < 0 ? errno : 0;
		int e3 = mq_open("/t_landlock2", O_RDONLY | O_CREAT, 0600, NULL) < 0 ? errno : 0;
		_exit(e1 == EACCES && e2 == EEXIST && e3 == EACCES ? 0 : 1);
	}
	CHECK_EQ("mq_open in a sandbox with a rule on /: EACCES (EEXIST first)", WEXITSTATUS(wait_for(pid)), 0);
	CHECK_EQ("  the queue O_CREAT asked for was made", mq_unlink("/t_landlock2") < 0 ? errno : 0, 0);
	pid = fork();
	if (pid == 0) {
		ll_sandbox(FS_READ_FILE | FS_WRITE_FILE, NULL, 0);
		_exit(mq_unlink("/t_landlock") < 0 ? errno : 0);
	}
	CHECK_EQ("mq_unlink in a sandbox (no right asked)", WEXITSTATUS(wait_for(pid)), 0);
}

static void layers_stacked(void)
{
	tree();
	ll_sandbox(FS_READ_FILE, tdir, FS_READ_FILE);
	CHECK_EQ("layer 1 (the tree): a/f", open_err(P("a/f"), O_RDONLY), 0);
	CHECK_EQ("  b/f", open_err(P("b/f"), O_RDONLY), 0);
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	CHECK_EQ("layer 2 (a/): a/f", open_err(P("a/f"), O_RDONLY), 0);
	CHECK_EQ("  b/f: layer 2 denies", open_err(P("b/f"), O_RDONLY), EACCES);
	ll_sandbox(FS_WRITE_FILE, tdir, FS_WRITE_FILE);
	CHECK_EQ("layer 3 (writes on the tree): a/f for writing", open_err(P("a/f"), O_WRONLY), 0);
	CHECK_EQ("  a/f for reading and writing", open_err(P("a/f"), O_RDWR), 0);
	CHECK_EQ("  /dev/null for writing", open_err("/dev/null", O_WRONLY), EACCES);
	CHECK_EQ("  b/f for writing", open_err(P("b/f"), O_WRONLY), 0);
	CHECK_EQ("  b/f for reading and writing", open_err(P("b/f"), O_RDWR), EACCES);
}

static void unhandled_allowed(void)
{
	tree();
	ll_sandbox(FS_REMOVE_FILE, NULL, 0);
	CHECK_EQ("no rule, REMOVE_FILE handled: unlink", err_of(unlink(P("a/f"))), EACCES);
	CHECK_EQ("  read", open_err(P("b/f"), O_RDONLY), 0);
	CHECK_EQ("  write", open_err(P("b/f"), O_WRONLY), 0);
	CHECK_EQ("  mkdir", err_of(mkdir(P("b/n"), 0700)), 0);
	CHECK_EQ("  rmdir", err_of(rmdir(P("b/n"))), 0);
	CHECK_EQ("  execve", exec_err(P("a/prog")), 0);
}

/* ---- inheritance ---- */

static void inherit_fork(void)
{
	tree();
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	pid_t pid = fork();
	if (pid == 0)
		_exit(open_err(P("b/f"), O_RDONLY) == EACCES && open_err(P("a/f"), O_RDONLY) == 0 ? 0 : 1);
	CHECK_EQ("a child of fork has the domain", WEXITSTATUS(wait_for(pid)), 0);
}

static int probe_main(const char *path)
{
	return open_err(path, O_RDONLY);
}

static void inherit_exec(void)
{
	tree();
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	pid_t pid = fork();
	if (pid == 0) {
		execl(P("a/prog"), "prog", "--probe", P("b/f"), (char *)NULL);
		_exit(99);
	}
	CHECK_EQ("after execve: b/f", WEXITSTATUS(wait_for(pid)), EACCES);
	pid = fork();
	if (pid == 0) {
		execl(P("a/prog"), "prog", "--probe", P("a/f"), (char *)NULL);
		_exit(99);
	}
	CHECK_EQ("after execve: a/f", WEXITSTATUS(wait_for(pid)), 0);
}

static void *thread_restrict(void *arg)
{
	(void)arg;
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	return (void *)(long)open_err(P("b/f"), O_RDONLY);
}

static void thread_only(void)
{
	tree();
	pthread_t t;
	void *res;
	pthread_create(&t, NULL, thread_restrict, NULL);
	pthread_join(t, &res);
	CHECK_EQ("the thread that enforced it: b/f", (long)res, EACCES);
	CHECK_EQ("the other thread: b/f", open_err(P("b/f"), O_RDONLY), 0);
}

/* ---- link and rename: REFER ---- */

#define REFER_SET (FS_MAKE_REG | FS_REMOVE_FILE | FS_MAKE_DIR | FS_REMOVE_DIR | FS_REFER | FS_READ_FILE)

static void refer_same_dir(void)
{
	tree();
	int rfd = ll_create(REFER_SET);
	ll_add(rfd, P("a"), FS_MAKE_REG | FS_REMOVE_FILE);
	ll_add(rfd, P("b"), FS_MAKE_REG);
	ll_enforce(rfd);
	CHECK_EQ("rename in a/ (MAKE_REG, REMOVE_FILE; no REFER)", err_of(rename(P("a/f"), P("a/g"))), 0);
	CHECK_EQ("rename in b/ without REMOVE_FILE", err_of(rename(P("b/f"), P("b/g"))), EACCES);
	CHECK_EQ("link in b/ (MAKE_REG)", err_of(link(P("b/f"), P("b/h"))), 0);
	CHECK_EQ("link in a/", err_of(link(P("a/g"), P("a/h"))), 0);
	CHECK_EQ("rename onto a/h in a/", err_of(rename(P("a/g"), P("a/h"))), 0);
	CHECK_EQ("rename of a directory in a/ (no MAKE_DIR)", err_of(rename(P("a/d"), P("a/e"))), EACCES);
}

static void refer_denied(void)
{
	tree();
	int rfd = ll_create(REFER_SET);
	ll_add(rfd, tdir, FS_MAKE_REG | FS_REMOVE_FILE | FS_MAKE_DIR | FS_REMOVE_DIR);
	ll_enforce(rfd);
	CHECK_EQ("rename a/f to b/g without REFER", err_of(rename(P("a/f"), P("b/g"))), EXDEV);
	CHECK_EQ("link a/f to b/g without REFER", err_of(link(P("a/f"), P("b/g"))), EXDEV);
	CHECK_EQ("rename of a directory without REFER", err_of(rename(P("a/d"), P("b/e"))), EXDEV);
	CHECK_EQ("rename to a missing directory: ENOENT first", err_of(rename(P("a/f"), P("x/g"))), ENOENT);
	CHECK_EQ("rename in a/ still works", err_of(rename(P("a/f"), P("a/g"))), 0);
}

static void refer_abi1(void)
{
	tree();
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	CHECK_EQ("ABI 1 ruleset: rename b/f to b/d/f (no rule there)", err_of(rename(P("b/f"), P("b/d/f"))), EXDEV);
	CHECK_EQ("  rename a/f to a/d/f (a rule, but REFER is never given unhandled)",
		 err_of(rename(P("a/f"), P("a/d/f"))), EXDEV);
	CHECK_EQ("  rename in b/", err_of(rename(P("b/prog"), P("b/p2"))), 0);
}

static void refer_allowed(void)
{
	tree();
	int rfd = ll_create(REFER_SET);
	ll_add(rfd, tdir, FS_MAKE_REG | FS_REMOVE_FILE | FS_MAKE_DIR | FS_REMOVE_DIR | FS_REFER);
	ll_add(rfd, P("a"), FS_READ_FILE);
	ll_enforce(rfd);
	CHECK_EQ("rename a/f to b/g: it loses READ_FILE, allowed", err_of(rename(P("a/f"), P("b/g"))), 0);
	CHECK_EQ("  b/g is unreadable now", open_err(P("b/g"), O_RDONLY), EACCES);
	CHECK_EQ("rename b/g to a/f: it would gain READ_FILE", err_of(rename(P("b/g"), P("a/f"))), EXDEV);
	CHECK_EQ("link b/prog to a/q: the same", err_of(link(P("b/prog"), P("a/q"))), EXDEV);
	CHECK_EQ("link a/prog to b/q", err_of(link(P("a/prog"), P("b/q"))), 0);
	CHECK_EQ("rename a/d to b/e (a directory)", err_of(rename(P("a/d"), P("b/e"))), 0);
	CHECK_EQ("rename b/e back to a/d", err_of(rename(P("b/e"), P("a/d"))), EXDEV);
	CHECK_EQ("RENAME_EXCHANGE a/prog with b/prog", err_of(syscall(SYS_renameat2, AT_FDCWD, P("a/prog"),
		 AT_FDCWD, P("b/prog"), 2)), EXDEV);
	CHECK_EQ("rename b/prog to b/d/prog (no gain)", err_of(rename(P("b/prog"), P("b/d/prog"))), 0);
}

static void refer_eacces(void)
{
	tree();
	int rfd = ll_create(REFER_SET);
	ll_add(rfd, P("a"), FS_MAKE_REG | FS_REMOVE_FILE | FS_REFER);
	ll_add(rfd, P("b"), FS_REFER | FS_REMOVE_FILE);
	ll_enforce(rfd);
	CHECK_EQ("rename a/f to b/g: b/ lacks MAKE_REG", err_of(rename(P("a/f"), P("b/g"))), EACCES);
	CHECK_EQ("rename b/f to a/g: both have REFER", err_of(rename(P("b/f"), P("a/g"))), 0);
	CHECK_EQ("link a/g to b/h: b/ lacks MAKE_REG", err_of(link(P("a/g"), P("b/h"))), EACCES);
	CHECK_EQ("RENAME_EXCHANGE a/g with b/prog", err_of(syscall(SYS_renameat2, AT_FDCWD, P("a/g"),
		 AT_FDCWD, P("b/prog"), 2)), EACCES);
}

/* Rules on what moves travel with it; two layers must both agree. */
static void refer_child_rules(void)
{
	tree();
	mkdir(P("b/d/e"), 0755);
	int rfd = ll_create(REFER_SET | FS_READ_DIR);
	ll_add(rfd, tdir, FS_MAKE_REG | FS_REMOVE_FILE | FS_MAKE_DIR | FS_REMOVE_DIR | FS_REFER);
	ll_add(rfd, P("a"), FS_READ_FILE | FS_READ_DIR);
	ll_add(rfd, P("b/d"), FS_READ_FILE);
	ll_enforce(rfd);
	CHECK_EQ("rename b/d (READ_FILE of its own) into a/ (READ_FILE, READ_DIR)",
		 err_of(rename(P("b/d"), P("a/d2"))), EXDEV);
	CHECK_EQ("rename b/d/e (under b/d's rule) to a/e: gains READ_DIR", err_of(rename(P("b/d/e"), P("a/e"))), EXDEV);
	CHECK_EQ("rename a/d to b/d/x: loses READ_DIR", err_of(rename(P("a/d"), P("b/d/x"))), 0);
	CHECK_EQ("rename b/f to a/f2: gains READ_FILE", err_of(rename(P("b/f"), P("a/f2"))), EXDEV);
	CHECK_EQ("rename b/f to b/d/f2: gains READ_FILE", err_of(rename(P("b/f"), P("b/d/f2"))), EXDEV);
	CHECK_EQ("rename b/d/x back to a/d: gains nothing for a file right", err_of(rename(P("b/d/x"), P("a/d"))), EXDEV);
	CHECK_EQ("RENAME_EXCHANGE of a/f and b/d/e", err_of(syscall(SYS_renameat2, AT_FDCWD, P("a/f"),
		 AT_FDCWD, P("b/d/e"), 2)), EXDEV);
	CHECK_EQ("RENAME_EXCHANGE of a/prog and a/f (one directory)", err_of(syscall(SYS_renameat2, AT_FDCWD,
		 P("a/prog"), AT_FDCWD, P("a/f"), 2)), 0);
	CHECK_EQ("RENAME_EXCHANGE of b/d and a/prog (b/d would gain READ_DIR)",
		 err_of(syscall(SYS_renameat2, AT_FDCWD, P("b/d"), AT_FDCWD, P("a/prog"), 2)), EXDEV);
}

static void refer_two_layers(void)
{
	tree();
	ll_sandbox(REFER_SET, tdir, FS_MAKE_REG | FS_REMOVE_FILE | FS_MAKE_DIR | FS_REMOVE_DIR | FS_REFER | FS_READ_FILE);
	CHECK_EQ("one layer granting all: a/f to b/g", err_of(rename(P("a/f"), P("b/g"))), 0);
	int rfd = ll_create(FS_REFER | FS_MAKE_REG | FS_REMOVE_FILE);
	ll_add(rfd, P("a"), FS_REFER | FS_MAKE_REG | FS_REMOVE_FILE);
	ll_add(rfd, P("b"), FS_MAKE_REG | FS_REMOVE_FILE);
	ll_enforce(rfd);
	CHECK_EQ("a second layer without REFER on b/: b/g to a/f", err_of(rename(P("b/g"), P("a/f"))), EXDEV);
	CHECK_EQ("  a/prog to b/prog2", err_of(rename(P("a/prog"), P("b/prog2"))), EXDEV);
	CHECK_EQ("  within b/", err_of(rename(P("b/g"), P("b/h"))), 0);
	CHECK_EQ("  into a/d from a/", err_of(rename(P("a/prog"), P("a/d/prog"))), 0);
	CHECK_EQ("  a/d/prog to the tree's top (no rule of layer 2)", err_of(rename(P("a/d/prog"), P("p"))), EACCES);
}

/* ---- ptrace: a sandbox reaches only its own domain and those under it ---- */

/* A child that waits on pipe p and then exits; returns its pid. */
static pid_t waiting_child(int p[2])
{
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	return pid;
}

static int attach_err(pid_t pid)
{
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0)
		return errno;
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return 0;
}

static void ptrace_scope(void)
{
	int p1[2], p2[2];
	pid_t older = waiting_child(p1);
	ll_sandbox(FS_READ_FILE, NULL, 0);
	pid_t younger = waiting_child(p2);
	CHECK_EQ("a sandbox seizes a child forked before it (no domain)", attach_err(older), EPERM);
	CHECK_EQ("  a child forked after it (its domain)", attach_err(younger), 0);
	close(p1[1]);
	close(p2[1]);
	wait_for(older);
	wait_for(younger);
	int p3[2];
	pipe(p3);
	pid_t deeper = fork();
	if (deeper == 0) {
		close(p3[0]);
		ll_sandbox(FS_READ_FILE, NULL, 0);
		write(p3[1], "x", 1);
		pause();
		_exit(0);
	}
	char c;
	close(p3[1]);
	read(p3[0], &c, 1);
	CHECK_EQ("  a child with a layer more", attach_err(deeper), 0);
	kill(deeper, SIGKILL);
	wait_for(deeper);
}

/* /proc/<pid>'s ptrace-checked links (exe, cwd) are the sandbox's for
 * its domain only (Linux's ptrace_may_access asks the LSM in every
 * mode). (Not maps: the host's Linux, later than 6.1, lets it be read.) */
static void proc_scope(void)
{
	int p1[2], p2[2];
	pid_t older = waiting_child(p1);
	ll_sandbox(FS_WRITE_FILE, NULL, 0);
	pid_t younger = waiting_child(p2);
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/exe", (int)older);
	CHECK_EQ("the exe link of a child forked before the sandbox: EACCES",
		 err_of(readlink(path, buf, sizeof buf)), EACCES);
	snprintf(path, sizeof path, "/proc/%d/cwd", (int)older);
	CHECK_EQ("  its cwd link: EACCES", err_of(readlink(path, buf, sizeof buf)), EACCES);
	snprintf(path, sizeof path, "/proc/%d/exe", (int)younger);
	CHECK("the exe link of a child forked after it", readlink(path, buf, sizeof buf) > 0);
	CHECK("its own", readlink("/proc/self/exe", buf, sizeof buf) > 0);
	close(p1[1]);
	close(p2[1]);
	wait_for(older);
	wait_for(younger);
}

static void ptrace_upwards(void)
{
	int p[2];
	pipe(p);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		ll_sandbox(FS_READ_FILE, NULL, 0);
		_exit(attach_err(parent));
	}
	CHECK_EQ("a sandboxed child seizes its parent (no domain)", WEXITSTATUS(wait_for(pid)), EPERM);
	pid = fork();
	if (pid == 0) {
		ll_sandbox(FS_READ_FILE, NULL, 0);
		write(p[1], "x", 1);
		pause();
		_exit(0);
	}
	char c;
	read(p[0], &c, 1);
	CHECK_EQ("the parent (no domain) seizes its sandboxed child", attach_err(pid), 0);
	kill(pid, SIGKILL);
	wait_for(pid);
}

static void ptrace_traceme(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(p[0], &c, 1);
		int e = ptrace(PTRACE_TRACEME, 0, 0, 0) < 0 ? errno : 0;
		write(q[1], &e, sizeof e);
		_exit(0);
	}
	ll_sandbox(FS_READ_FILE, NULL, 0);
	write(p[1], "x", 1);
	int e = -1;
	read(q[0], &e, sizeof e);
	CHECK_EQ("PTRACE_TRACEME under a parent sandboxed after the fork", e, EPERM);
	wait_for(pid);
	pid = fork();
	if (pid == 0) {
		ll_sandbox(FS_READ_FILE, NULL, 0);
		_exit(ptrace(PTRACE_TRACEME, 0, 0, 0) < 0 ? errno : 0);
	}
	CHECK_EQ("PTRACE_TRACEME of a child with a layer more", WEXITSTATUS(wait_for(pid)), 0);
}

/* ---- mounts ---- */

static void across_mount(void)
{
	tree();
	private_ns();
	int before = open(P("a"), O_PATH);
	if (mount("tmpfs", P("a"), "tmpfs", 0, NULL) < 0) {
		say("[FAIL] mount tmpfs: %s\n", errname(errno));
		return;
	}
	int fd = open(P("a/f"), O_CREAT | O_WRONLY, 0644);
	close(fd);
	int rfd = ll_create(FS_READ_FILE);
	ll_add_fd(rfd, before, FS_READ_FILE);
	ll_add(rfd, P("b"), FS_READ_FILE);
	ll_enforce(rfd);
	CHECK_EQ("a rule on the covered directory: not on the mount's files", open_err(P("a/f"), O_RDONLY), EACCES);
	CHECK_EQ("mount in a sandbox", err_of(mount("tmpfs", P("b/d"), "tmpfs", 0, NULL)), EPERM);
	CHECK_EQ("umount in a sandbox", err_of(umount(P("a"))), EPERM);
	CHECK_EQ("a remount in a sandbox", err_of(mount(NULL, P("a"), NULL, MS_REMOUNT | MS_RDONLY, NULL)), EPERM);
	CHECK_EQ("a bind in a sandbox", err_of(mount(P("b"), P("b/d"), NULL, MS_BIND, NULL)), EPERM);
	CHECK_EQ("move_mount in a sandbox", err_of(syscall(429, AT_FDCWD, P("a"), AT_FDCWD, P("b/d"), 0)), EPERM);
	CHECK_EQ("pivot_root in a sandbox", err_of(syscall(SYS_pivot_root, P("a"), P("a"))), EPERM);
	CHECK_EQ("umount of what is no mount: EINVAL first", err_of(umount(P("b"))), EINVAL);
}

static void across_mount_up(void)
{
	tree();
	private_ns();
	if (mount("tmpfs", P("a"), "tmpfs", 0, NULL) < 0) {
		say("[FAIL] mount tmpfs: %s\n", errname(errno));
		return;
	}
	mkdir(P("a/x"), 0755);
	int fd = open(P("a/x/f"), O_CREAT | O_WRONLY, 0644);
	close(fd);
	ll_sandbox(FS_READ_FILE | FS_MAKE_REG, tdir, FS_READ_FILE | FS_MAKE_REG);
	CHECK_EQ("a rule above a mount: a file in it", open_err(P("a/x/f"), O_RDONLY), 0);
	CHECK_EQ("  a new file in it", open_err(P("a/x/g"), O_CREAT | O_WRONLY), 0);
	CHECK_EQ("  a file outside the rule", open_err("/proc/self/status", O_RDONLY), EACCES);
	umount(P("a"));
}

static void bind_mount(void)
{
	tree();
	private_ns();
	if (mount(P("a"), P("b/d"), NULL, MS_BIND, NULL) < 0) {
		say("[FAIL] bind mount: %s\n", errname(errno));
		return;
	}
	ll_sandbox(FS_READ_FILE, P("a"), FS_READ_FILE);
	CHECK_EQ("a rule on a/: its file through a bind of it in b/d", open_err(P("b/d/f"), O_RDONLY), 0);
	CHECK_EQ("  b/f beside the bind", open_err(P("b/f"), O_RDONLY), EACCES);
}

/* After each case: its directory goes, with the copies of this program
 * its tree has (two per case would fill a small RAM filesystem). */
static void remove_case_dirs(void)
{
	DIR *d = opendir(tdir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[512];
		snprintf(sub, sizeof sub, "%s/%s", tdir, e->d_name);
		rm_rf(sub);
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--exit"))
		return 0;
	if (argc > 2 && !strcmp(argv[1], "--probe"))
		return probe_main(argv[2]);
	caps_same_start();
	tdir_setup("t_landlock");
	after_case = remove_case_dirs;
	RUN(abi_version);
	RUN(create_errors);
	RUN(add_rule_errors);
	RUN(restrict_errors);
	RUN(restrict_as_admin);
	RUN(layers_limit);
	RUN(right_execute);
	RUN(right_exec_needs_read);
	RUN(right_write_file);
	RUN(right_read_file);
	RUN(right_read_dir);
	RUN(right_remove_dir);
	RUN(right_remove_file);
	RUN(right_make_char);
	RUN(right_make_block);
	RUN(right_make_dir);
	RUN(right_make_reg);
	RUN(right_make_sock);
	RUN(right_make_fifo);
	RUN(right_make_sym);
	RUN(rule_on_file);
	RUN(hard_link_paths);
	RUN(rule_on_ancestor);
	RUN(rule_on_root);
	RUN(fd_opened_before);
	RUN(nameless_files);
	RUN(kernel_flag_bit);
	RUN(fanotify_event_fd);
	RUN(mqueue_open);
	RUN(layers_stacked);
	RUN(unhandled_allowed);
	RUN(inherit_fork);
	RUN(inherit_exec);
	RUN(thread_only);
	RUN(refer_same_dir);
	RUN(refer_denied);
	RUN(refer_abi1);
	RUN(refer_allowed);
	RUN(refer_eacces);
	RUN(refer_child_rules);
	RUN(refer_two_layers);
	RUN(ptrace_scope);
	RUN(ptrace_upwards);
	RUN(proc_scope);
	RUN(ptrace_traceme);
	RUN(across_mount);
	RUN(across_mount_up);
	RUN(bind_mount);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
