/* t_memfd_guest - guest only: what memfd_create and the seals do on
 * Linux 6.1 where the host (a later Linux, with hugetlbfs) differs, what
 * follows from Pipit's one ramfs, and that a memfd's memory comes back.
 * - MFD_HUGETLB: ENOSYS (6.1 without hugetlbfs); MFD_NOEXEC_SEAL,
 *   MFD_EXEC and F_SEAL_EXEC are 6.3's: EINVAL.
 * - 6.1 counts every shared mapping of a file open for writing as a
 *   writer: under F_SEAL_WRITE even a read-only one is refused (EPERM),
 *   and a read-only one made under F_SEAL_FUTURE_WRITE keeps F_SEAL_WRITE
 *   out (EBUSY). 6.7 changed both.
 * - Every ramfs regular file is a tmpfs file: /tmp's too have F_SEAL_SEAL.
 * - A memfd counts against the ramfs's size and inode limits
 *   (docs/decisions.md 47).
 * - Its pages and objects are all freed with its last descriptor and
 *   mapping (kmem.h). */
#include "check.h"
#include "knob.h"
#include "kmem.h"
#include "unix_addr.h"
#include <sys/mman.h>
#include <sys/statfs.h>

#define SIZE_KNOB "/proc/sys/fs/ramfs-size-pages"
#define INODES_KNOB "/proc/sys/fs/ramfs-nr-inodes"

static void linux61_flags(void)
{
	CHECK_ERR("MFD_HUGETLB: ENOSYS", memfd_create("h", MFD_HUGETLB), ENOSYS);
	CHECK_ERR("MFD_HUGETLB | MFD_HUGE_2MB: ENOSYS", memfd_create("h", MFD_HUGETLB | (21u << 26)), ENOSYS);
	CHECK_ERR("MFD_HUGETLB, any size: ENOSYS", memfd_create("h", MFD_HUGETLB | (63u << 26)), ENOSYS);
	CHECK_ERR("MFD_HUGETLB | MFD_ALLOW_SEALING: ENOSYS",
		  memfd_create("h", MFD_HUGETLB | MFD_ALLOW_SEALING), ENOSYS);
	CHECK_ERR("MFD_HUGETLB, bad name: EFAULT first", memfd_create(NULL, MFD_HUGETLB), EFAULT);
	CHECK_ERR("MFD_HUGETLB, unknown flag: EINVAL", memfd_create("h", MFD_HUGETLB | 0x100), EINVAL);
	CHECK_ERR("MFD_NOEXEC_SEAL (6.3): EINVAL", memfd_create("x", 0x8), EINVAL);
	CHECK_ERR("MFD_EXEC (6.3): EINVAL", memfd_create("x", 0x10), EINVAL);
	int fd = memfd_create("x", MFD_ALLOW_SEALING);
	CHECK_ERR("F_SEAL_EXEC (6.3): EINVAL", fcntl(fd, F_ADD_SEALS, 0x20), EINVAL);
	CHECK_EQ("nothing added", fcntl(fd, F_GET_SEALS), 0);
}

static void linux61_mappings(void)
{
	int fd = memfd_create("w", MFD_ALLOW_SEALING);
	ftruncate(fd, 4096);
	CHECK_OK0("F_SEAL_WRITE", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	CHECK_ERR("then mmap shared read-only: EPERM", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0), EPERM);
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	int ro = open(p, O_RDONLY);
	CHECK("of a read-only open: allowed", mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 0) != MAP_FAILED);

	int f = memfd_create("fw", MFD_ALLOW_SEALING);
	ftruncate(f, 4096);
	fcntl(f, F_ADD_SEALS, F_SEAL_FUTURE_WRITE);
	char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, f, 0);
	CHECK("F_SEAL_FUTURE_WRITE, mmap shared read-only", r != MAP_FAILED);
	CHECK_ERR("keeps F_SEAL_WRITE out: EBUSY", fcntl(f, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
	munmap(r, 4096);
	CHECK_OK0("unmapped: F_SEAL_WRITE", fcntl(f, F_ADD_SEALS, F_SEAL_WRITE));
}

static void ramfs_files(void)
{
	int fd = open("/tmp/t_memfd_guest", O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK_EQ("a /tmp file: F_SEAL_SEAL, as tmpfs", fcntl(fd, F_GET_SEALS), F_SEAL_SEAL);
	CHECK_ERR("F_ADD_SEALS: EPERM", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EPERM);
	unlink("/tmp/t_memfd_guest");
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK_ERR("a directory: EINVAL", fcntl(dir, F_GET_SEALS), EINVAL);
	int proc = open("/proc/self/status", O_RDONLY);
	CHECK_ERR("a /proc file: EINVAL", fcntl(proc, F_GET_SEALS), EINVAL);
	int m = memfd_create("l", 0);
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", m);
	CHECK_ERR("linkat of a memfd: ENOENT (no link left)",
		  linkat(AT_FDCWD, p, AT_FDCWD, "/tmp/t_memfd_link", AT_SYMLINK_FOLLOW), ENOENT);
}

/* A memfd's pages and its inode count against the ramfs's limits, set
 * just above (or at) what is in use, and restored after. */
static void limits(void)
{
	long size = knob_get(SIZE_KNOB), inodes = knob_get(INODES_KNOB);
	struct statfs s;
	statfs("/", &s);
	CHECK_OK0("inode limit at what is in use", knob_set(INODES_KNOB, (long)(s.f_files - s.f_ffree)));
	CHECK_ERR("memfd_create: ENOSPC", memfd_create("full", 0), ENOSPC);
	knob_set(INODES_KNOB, inodes);
	int fd = memfd_create("lim", 0);
	CHECK_OK("with room again", fd);
	statfs("/", &s);
	long lim = (long)(s.f_blocks - s.f_bfree) + 2;
	CHECK_OK0("size limit: two pages more than in use", knob_set(SIZE_KNOB, lim));
	static char data[3 * 4096];
	CHECK_EQ("three pages: a short write", write(fd, data, sizeof data), 2 * 4096);
	CHECK_ERR("then ENOSPC", write(fd, data, 1), ENOSPC);
	CHECK_ERR("fallocate of a page more: ENOSPC", fallocate(fd, 0, 0, 3 * 4096), ENOSPC);
	CHECK_OK0("of the two it has: 0 (tmpfs refuses only a range larger than the whole limit)",
		  fallocate(fd, 0, 0, 2 * 4096));
	CHECK_ERR("a range larger than the whole limit: ENOSPC",
		  fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (lim + 1) * 4096LL), ENOSPC);
	CHECK_OK0("punch one out", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096));
	CHECK_OK0("then fallocate it", fallocate(fd, 0, 0, 4096));
	CHECK_ERR("full again: ENOSPC", pwrite(fd, data, 4096, 4096 * 2), ENOSPC);
	close(fd);
	knob_set(SIZE_KNOB, size);
}

/* Memfds made, written, mapped, shared with a child and over a socket,
 * sealed, then let go: every page and object must come back. */
static bool memfd_work(void)
{
	bool ok = true;
	for (int i = 0; i < 10; i++) {
		int fd = memfd_create("leak", MFD_ALLOW_SEALING | (i % 2 ? MFD_CLOEXEC : 0));
		ok = ok && fd >= 0 && ftruncate(fd, 3 * 4096) == 0;
		char *a = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		ok = ok && a != MAP_FAILED;
		if (a == MAP_FAILED)
			break;
		memset(a, 'x', 3 * 4096);
		ok = ok && fallocate(fd, 0, 0, 5 * 4096) == 0;
		int sv[2];
		socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
		send_fds(sv[0], "m", 1, &fd, 1);   /* in flight when the socket goes */
		pid_t pid = fork();
		if (pid == 0)
			_exit(a[4096] == 'x' && pwrite(fd, "y", 1, 0) == 1 ? 0 : 1);
		ok = ok && wait_for(pid) == 0 && a[0] == 'y';
		munmap(a, 4096);
		ok = ok && fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE | F_SEAL_SEAL) == 0;
		close(sv[0]);
		close(sv[1]);
		close(fd);                           /* the rest of the mapping keeps it */
		ok = ok && a[8192] == 'x';
		munmap(a + 4096, 2 * 4096);
	}
	return ok;
}

static void no_leak(void)
{
	kmem_account("memfds written, mapped, forked, sent", memfd_work, 3, "every page and object comes back");
}

/* MADV_REMOVE on a mapping that is not shared and writable: EACCES in
 * Linux 6.1 (its madvise_remove asks VM_SHARED | VM_WRITE; 6.7 on asks
 * only a descriptor open for writing, and the host may say otherwise). */
static void madv_remove_6_1(void)
{
	int fd = memfd_create("rm", 0);
	ftruncate(fd, 4096);
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK_ERR("MADV_REMOVE, a read-only shared mapping: EACCES", madvise(ro, 4096, MADV_REMOVE), EACCES);
	char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK_ERR("MADV_REMOVE, a private file mapping: EACCES", madvise(priv, 4096, MADV_REMOVE), EACCES);
	munmap(ro, 4096);
	munmap(priv, 4096);
	close(fd);
}

int main(void)
{
	RUN(linux61_flags);
	RUN(linux61_mappings);
	RUN(ramfs_files);
	RUN(limits);
	RUN(no_leak);
	RUN(madv_remove_6_1);
	return cases_failed ? 1 : 0;
}
