/* t_memfd_secret - differential test of memfd_secret(2): its flags, the
 * file it gives (a nameless 0600 regular file open O_RDWR|O_LARGEFILE,
 * "/secretmem (deleted)" in /proc/self/fd, that cannot be read, written,
 * seeked or opened again), its size (set once by ftruncate), its
 * mappings (shared only, never executable, locked: VmLck and
 * RLIMIT_MEMLOCK, which mlock and munlock leave alone; a page past the
 * end is SIGBUS), what fork shares, and that no other way reaches the
 * memory (process_vm_readv: EFAULT). */
#include "check.h"
#include "caps.h"
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/vfs.h>
#include <sys/ptrace.h>

#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447                 /* musl 1.2.3 does not name it */
#endif

static int secret(unsigned flags)
{
	return syscall(SYS_memfd_secret, flags);
}

/* VmLck of /proc/self/status in kB, or -1. */
static long vm_lck(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	char *p = strstr(buf, "VmLck:");
	return p ? strtol(p + 6, NULL, 10) : -1;
}

/* The maps line (range and name) and the smaps VmFlags line of the
 * mapping at p, into line and flags. */
static void proc_lines(void *p, char *line, char *flags)
{
	char head[32], buf[512];
	snprintf(head, sizeof head, "%08lx-", (unsigned long)p);
	line[0] = flags[0] = 0;
	FILE *f = fopen("/proc/self/smaps", "r");
	bool in = false;
	while (f && fgets(buf, sizeof buf, f)) {
		if (!strncmp(buf, head, strlen(head))) {
			in = true;
			char *name = strchr(buf, '/');
			snprintf(line, 128, "%.17s %.4s %s", buf, buf + 18, name ? name : "(none)\n");
		} else if (in && !strncmp(buf, "VmFlags:", 8)) {
			strcpy(flags, buf);
			break;
		}
	}
	if (f)
		fclose(f);
}

static void *map(int fd, size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags, fd, 0);
}

static void flags(void)
{
	CHECK_SYSERR("flags 1", EINVAL, SYS_memfd_secret, 1);
	CHECK_SYSERR("O_NONBLOCK", EINVAL, SYS_memfd_secret, O_NONBLOCK);
	CHECK_SYSERR("O_RDWR", EINVAL, SYS_memfd_secret, O_RDWR);
	CHECK_SYSERR("high bit", EINVAL, SYS_memfd_secret, 0x80000000u);
	int fd = secret(0);
	CHECK("flags 0: a descriptor", fd >= 0);
	CHECK_EQ("not close-on-exec", fcntl(fd, F_GETFD), 0);
	CHECK_EQ("O_RDWR|O_LARGEFILE", fcntl(fd, F_GETFL), O_RDWR | O_LARGEFILE);
	int fd2 = secret(O_CLOEXEC);
	CHECK_EQ("O_CLOEXEC: close-on-exec", fcntl(fd2, F_GETFD), FD_CLOEXEC);
	close(fd);
	close(fd2);
	struct rlimit rl = { 3, 3 };
	setrlimit(RLIMIT_NOFILE, &rl);
	CHECK_SYSERR("no descriptor left: EMFILE", EMFILE, SYS_memfd_secret, 0);
	CHECK_SYSERR("but flags first", EINVAL, SYS_memfd_secret, 2);
}

static void the_file(void)
{
	int fd = secret(0);
	struct stat st;
	CHECK_OK0("fstat", fstat(fd, &st));
	CHECK_MODE("a regular file, 0600", st.st_mode, S_IFREG | 0600);
	CHECK_EQ("size 0", st.st_size, 0);
	CHECK_EQ("one link", st.st_nlink, 1);
	CHECK_EQ("blocks 0", st.st_blocks, 0);
	CHECK_EQ("blksize", st.st_blksize, 4096);
	CHECK("owned by the caller", st.st_uid == geteuid() && st.st_gid == getegid());
	CHECK_STR("/proc/self/fd", fd_link(fd), "/secretmem (deleted)");
	struct statfs sf;
	CHECK_OK0("fstatfs", fstatfs(fd, &sf));
	CHECK_EQ("SECRETMEM_MAGIC", sf.f_type, 0x5345434d);
	char path[64], c;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	CHECK_ERR("no open through /proc", open(path, O_RDWR), ENXIO);
	CHECK_ERR("nor O_RDONLY", open(path, O_RDONLY), ENXIO);
	CHECK_ERR("read", read(fd, &c, 1), EINVAL);
	CHECK_ERR("read 0 bytes", read(fd, &c, 0), EINVAL);
	CHECK_ERR("write", write(fd, "x", 1), EINVAL);
	CHECK_ERR("write 0 bytes", write(fd, "x", 0), EINVAL);
	CHECK_ERR("pread", pread(fd, &c, 1, 0), ESPIPE);
	CHECK_ERR("lseek", lseek(fd, 0, SEEK_SET), ESPIPE);
	CHECK_ERR("lseek SEEK_END", lseek(fd, 0, SEEK_END), ESPIPE);
}

static void size_once(void)
{
	int fd = secret(0);
	CHECK_OK0("ftruncate 8192", ftruncate(fd, 8192));
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("size 8192", st.st_size, 8192);
	CHECK_ERR("the same size again", ftruncate(fd, 8192), EINVAL);
	CHECK_ERR("larger", ftruncate(fd, 16384), EINVAL);
	CHECK_ERR("back to 0", ftruncate(fd, 0), EINVAL);
	CHECK_ERR("negative", ftruncate(fd, -1), EINVAL);
	int fd2 = secret(0);
	CHECK_OK0("a size 0 file: ftruncate 0", ftruncate(fd2, 0));
	CHECK_OK0("then a real size", ftruncate(fd2, 4096));
	CHECK_ERR("fallocate", fallocate(fd2, 0, 0, 4096), EOPNOTSUPP);
}

static char *sigbus_at;
static void touch_it(void) { *(volatile char *)sigbus_at = 1; }

static void mappings(void)
{
	int fd = secret(0);
	CHECK("MAP_PRIVATE", map(fd, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE) == MAP_FAILED && errno == EINVAL);
	CHECK("PROT_EXEC shared: EPERM", map(fd, 4096, PROT_READ | PROT_EXEC, MAP_SHARED) == MAP_FAILED && errno == EPERM);
	CHECK("PROT_EXEC private: EPERM first", map(fd, 4096, PROT_EXEC, MAP_PRIVATE) == MAP_FAILED && errno == EPERM);
	char *early = map(fd, 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	CHECK("shared before any size", early != MAP_FAILED);
	sigbus_at = early;
	CHECK_SIG("a page past the end: SIGBUS", child_status(touch_it), SIGBUS);
	ftruncate(fd, 8192);
	char *p = map(fd, 8192, PROT_READ | PROT_WRITE, MAP_SHARED);
	CHECK("shared, read-write", p != MAP_FAILED);
	CHECK_EQ("zero at first", p[0] + p[4096], 0);
	strcpy(p, "secret");
	CHECK_STR("the early mapping sees it", early, "secret");
	char line[128], vmflags[256], want[128];
	proc_lines(p, line, vmflags);
	snprintf(want, sizeof want, "%08lx-%08lx rw-s /secretmem (deleted)\n", (unsigned long)p, (unsigned long)p + 8192);
	CHECK_STR("maps: shared, its name", line, want);
	CHECK_STR("smaps: locked, not dumped, never executable", vmflags, "VmFlags: rd wr sh mr mw ms lo dd \n");
	CHECK_EQ("mprotect PROT_EXEC: EACCES", mprotect(p, 4096, PROT_READ | PROT_EXEC) == -1 ? errno : 0, EACCES);
	CHECK_OK0("mprotect read-only", mprotect(p, 4096, PROT_READ));
	sigbus_at = p;
	CHECK_SIG("then a write faults", child_status(touch_it), SIGSEGV);
	char *big = map(fd, 16384, PROT_READ | PROT_WRITE, MAP_SHARED);
	sigbus_at = big + 8192;
	CHECK_SIG("a mapping longer than the file: SIGBUS past it", child_status(touch_it), SIGBUS);
	close(fd);
	CHECK_STR("the mappings outlive the descriptor", early, "secret");
	CHECK_OK0("munmap", munmap(p, 8192));
	CHECK_STR("the other one still has it", early, "secret");
}

static void locked(void)
{
	int fd = secret(0);
	ftruncate(fd, 1 << 20);
	long before = vm_lck();
	char *p = map(fd, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	CHECK_EQ("VmLck: three pages more, untouched", vm_lck() - before, 12);
	CHECK_OK0("munlock", munlock(p, 3 * 4096));
	CHECK_EQ("munlock leaves it locked", vm_lck() - before, 12);
	CHECK_ERR("mlock: its pages cannot be brought in, ENOMEM", mlock(p, 4096), ENOMEM);
	CHECK_EQ("mlock does not count it twice", vm_lck() - before, 12);
	CHECK_ERR("mlock2 MLOCK_ONFAULT too", syscall(SYS_mlock2, p, 4096, 1), ENOMEM);
	CHECK_OK0("munlockall", munlockall());
	CHECK_EQ("munlockall leaves it locked", vm_lck() - before, 12);
	CHECK_ERR("MADV_COLD: locked, EINVAL", madvise(p, 4096, MADV_COLD), EINVAL);
	CHECK_ERR("MADV_PAGEOUT", madvise(p, 4096, MADV_PAGEOUT), EINVAL);
	CHECK_ERR("MADV_DONTNEED", madvise(p, 4096, MADV_DONTNEED), EINVAL);
	CHECK_OK0("MADV_WILLNEED", madvise(p, 4096, MADV_WILLNEED));
	CHECK_OK0("munmap one page", munmap(p, 4096));
	CHECK_EQ("VmLck: two pages left", vm_lck() - before, 8);
}

static void memlock_limit_child(void)
{
	int fd = secret(0);
	ftruncate(fd, 1 << 20);
	struct rlimit rl = { 2 * 4096, 2 * 4096 };
	CHECK_OK0("RLIMIT_MEMLOCK two pages", setrlimit(RLIMIT_MEMLOCK, &rl));
	long before = vm_lck();
	char *p = map(fd, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	CHECK("two pages fit", p != MAP_FAILED);
	CHECK("a third: EAGAIN", map(fd, 4096, PROT_READ, MAP_SHARED) == MAP_FAILED && errno == EAGAIN);
	CHECK_EQ("nothing counted for it", vm_lck() - before, 8);
	munmap(p, 4096);
	CHECK("after a munmap, one more fits", map(fd, 4096, PROT_READ, MAP_SHARED) != MAP_FAILED);
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_MEMLOCK, &rl);
	CHECK("RLIMIT_MEMLOCK 0: EAGAIN", map(fd, 4096, PROT_READ, MAP_SHARED) == MAP_FAILED && errno == EAGAIN);
	CHECK("MAP_PRIVATE still EINVAL first", map(fd, 4096, PROT_READ, MAP_PRIVATE) == MAP_FAILED && errno == EINVAL);
}

static void no_ipc_lock(void)
{
	drop_cap(CAP_IPC_LOCK);
}

static void memlock_limit(void)
{
	in_child("memlock child", no_ipc_lock, memlock_limit_child);
	as_uid1000(memlock_limit_child);
}

static void fork_shares(void)
{
	int fd = secret(0);
	ftruncate(fd, 4096);
	char *p = map(fd, 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	long before = vm_lck();
	strcpy(p, "parent");
	pid_t pid = fork();
	if (pid == 0) {
		int ok = !strcmp(p, "parent") && vm_lck() == before - 4;
		strcpy(p, "child");
		_exit(ok ? 0 : 1);
	}
	CHECK_EXIT("the child sees it, not locked there", wait_for(pid), 0);
	CHECK_STR("the parent sees the child's write", p, "child");
	CHECK_EQ("still locked here", vm_lck(), before);
}

static void others_cannot_reach(void)
{
	int fd = secret(0);
	ftruncate(fd, 4096);
	char *p = map(fd, 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	strcpy(p, "hidden");
	char buf[8];
	struct iovec local = { buf, sizeof buf }, remote = { p, sizeof buf };
	CHECK_ERR("process_vm_readv: EFAULT", syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0), EFAULT);
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK_ERR("ptrace PEEKDATA in a traced child's copy: EIO", ptrace(PTRACE_PEEKDATA, pid, p, NULL), EIO);
	errno = 0;
	ptrace(PTRACE_PEEKDATA, pid, &local, NULL);
	CHECK_EQ("PEEKDATA elsewhere", errno, 0);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_EQ("write(2) from it works", write(open("/dev/null", O_WRONLY), p, 6), 6);
	int pfd[2];
	pipe(pfd);
	CHECK_EQ("into a pipe", write(pfd[1], p, 7), 7);
	CHECK_EQ("and back into it", read(pfd[0], p + 8, 7), 7);
	CHECK_STR("the copy", p + 8, "hidden");
}

int main(void)
{
	caps_same_start();
	RUN(flags);
	RUN(the_file);
	RUN(size_once);
	RUN(mappings);
	RUN(locked);
	RUN(memlock_limit);
	RUN(fork_shares);
	RUN(others_cannot_reach);
	return cases_failed ? 1 : 0;
}
