/* t_openat2_edges - openat2(2) (fs/open.c open_how_check,
 * open_create; fs/namei.c may_step) against Linux 6.1:
 *  - RESOLVE_CACHED with O_DIRECTORY opens (6.1.y stable took the fix
 *    that tests __O_TMPFILE, not O_TMPFILE, which holds O_DIRECTORY);
 *  - O_CREAT whose last component is a magic link (/proc/self/fd/N)
 *    to another filesystem with RESOLVE_NO_XDEV: nd_jump_link's EXDEV;
 *  - a struct open_how of more than a page: E2BIG before it is read
 *    (6.1.y stable took "openat2: explicitly return -E2BIG for
 *    (usize > PAGE_SIZE)");
 *  - O_CREAT of ".." at the scope's root with RESOLVE_BENEATH: Linux's
 *    open_last_lookups walks the dots (handle_dots: EXDEV) before
 *    do_open's EISDIR;
 *  - a scoped lookup (BENEATH, IN_ROOT) from a directory above a chroot:
 *    ".." at the process's root is not a stop, only the scope's root is
 *    (nd->root is the scope). */
#include "check.h"
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define NR_OPENAT2 437
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#define RESOLVE_CACHED 0x20

struct how {
	uint64_t flags, mode, resolve;
};

static long openat2_(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve)
{
	struct how h = { flags, mode, resolve };
	return syscall(NR_OPENAT2, dirfd, path, &h, sizeof h);
}

static const char *res(long fd)
{
	if (fd < 0)
		return errname(errno);
	close((int)fd);
	return "opened";
}

static void cached_directory(void)
{
	mkdir(P("sub"), 0755);
	CHECK_STR("RESOLVE_CACHED with O_DIRECTORY",
		  res(openat2_(AT_FDCWD, P("sub"), O_RDONLY | O_DIRECTORY, 0, RESOLVE_CACHED)), "opened");
	CHECK_STR("RESOLVE_CACHED without O_DIRECTORY",
		  res(openat2_(AT_FDCWD, P("sub"), O_RDONLY, 0, RESOLVE_CACHED)), "opened");
}

static void creat_magic_xdev(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0644);
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	char name[16];
	snprintf(name, sizeof name, "%d", fd);
	CHECK_STR("NO_XDEV, a magic link to another filesystem: EXDEV",
		  res(openat2_(dir, name, O_RDWR, 0, RESOLVE_NO_XDEV)), "EXDEV");
	CHECK_STR("NO_XDEV with O_CREAT, a magic link to another filesystem: EXDEV",
		  res(openat2_(dir, name, O_RDWR | O_CREAT, 0600, RESOLVE_NO_XDEV)), "EXDEV");
	CHECK_STR("BENEATH with O_CREAT, a magic link: EXDEV",
		  res(openat2_(dir, name, O_RDWR | O_CREAT, 0600, RESOLVE_BENEATH)), "EXDEV");
	CHECK_STR("NO_MAGICLINKS with O_CREAT, a magic link: ELOOP",
		  res(openat2_(dir, name, O_RDWR | O_CREAT, 0600, RESOLVE_NO_MAGICLINKS)), "ELOOP");
	close(dir);
	close(fd);
}

/* tdir/jail is the root; tdir/marker is outside it; `top` was opened on
 * tdir before the chroot. */
static void scope_above_chroot(void)
{
	mkdir(P("jail"), 0755);
	put_file(P("marker"), "outside", 7);
	int top = open(tdir, O_RDONLY | O_DIRECTORY);
	if (chroot(P("jail")) < 0) {
		fail("chroot", "%s", errname(errno));
		return;
	}
	CHECK_STR("openat, .. at the process root stays",
		  res(openat(top, "jail/../marker", O_RDONLY)), "ENOENT");
	CHECK_STR("BENEATH, .. at the process root (not the scope's) goes up",
		  res(openat2_(top, "jail/../marker", O_RDONLY, 0, RESOLVE_BENEATH)), "opened");
	CHECK_STR("IN_ROOT, .. at the process root (not the scope's) goes up",
		  res(openat2_(top, "jail/../marker", O_RDONLY, 0, RESOLVE_IN_ROOT)), "opened");
	close(top);
}

static void creat_in_root_abs_link(void)
{
	int d = open(tdir, O_RDONLY | O_DIRECTORY);
	symlinkat("/made", d, "ln");
	CHECK_STR("IN_ROOT, O_CREAT through an absolute dangling link",
		  res(openat2_(d, "ln", O_WRONLY | O_CREAT, 0600, RESOLVE_IN_ROOT)), "opened");
	struct stat st;
	CHECK_OK0("made inside the scope", fstatat(d, "made", &st, 0));
	CHECK_STR("BENEATH, O_CREAT through an absolute dangling link: EXDEV",
		  res(openat2_(d, "ln", O_WRONLY | O_CREAT, 0600, RESOLVE_BENEATH)), "EXDEV");
	close(d);
}

static void how_size_over_page(void)
{
	static uint64_t big[1100];
	big[0] = O_RDONLY | O_DIRECTORY;
	CHECK_STR("size 4096, zeros past 24", res(syscall(NR_OPENAT2, AT_FDCWD, "/", big, 4096)), "opened");
	CHECK_STR("size 4097, zeros past 24: E2BIG", res(syscall(NR_OPENAT2, AT_FDCWD, "/", big, 4097)), "E2BIG");
	CHECK_STR("size 1 GiB: E2BIG", res(syscall(NR_OPENAT2, AT_FDCWD, "/", big, 1u << 30)), "E2BIG");
}

static void creat_dotdot_beneath(void)
{
	mkdir(P("sub"), 0755);
	int d = open(P("sub"), O_RDONLY | O_DIRECTORY);
	CHECK_STR("BENEATH, O_CREAT of .. at the scope's root: EXDEV",
		  res(openat2_(d, "..", O_WRONLY | O_CREAT, 0600, RESOLVE_BENEATH)), "EXDEV");
	CHECK_STR("BENEATH, O_CREAT of ../sub/..: EXDEV",
		  res(openat2_(d, "../sub/..", O_WRONLY | O_CREAT, 0600, RESOLVE_BENEATH)), "EXDEV");
	mkdirat(d, "x", 0755);
	CHECK_STR("BENEATH, O_CREAT of x/.. inside: EISDIR",
		  res(openat2_(d, "x/..", O_WRONLY | O_CREAT, 0600, RESOLVE_BENEATH)), "EISDIR");
	int proc = open("/proc", O_RDONLY | O_DIRECTORY);
	CHECK_STR("NO_XDEV, O_CREAT of .. out of /proc: EXDEV",
		  res(openat2_(proc, "..", O_WRONLY | O_CREAT, 0600, RESOLVE_NO_XDEV)), "EXDEV");
	close(proc);
	close(d);
}

int main(void)
{
	tdir_setup("t_openat2_edges");
	RUN(cached_directory);
	RUN(creat_magic_xdev);
	RUN(scope_above_chroot);
	RUN(creat_in_root_abs_link);
	RUN(how_size_over_page);
	RUN(creat_dotdot_beneath);
	rm_rf("/tmp/t_openat2_edges.d");
	return cases_failed ? 1 : 0;
}
