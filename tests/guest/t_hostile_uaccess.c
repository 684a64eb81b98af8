/* t_hostile_uaccess - differential test: the kernel honours a mapping's
 * protection when it touches user memory for a system call (a page the
 * program touched and then made PROT_NONE is EFAULT to read, a PROT_READ
 * page EFAULT to write; PROT_WRITE-only and PROT_EXEC-only pages are
 * readable on x86), mmap below vm.mmap_min_addr (EPERM for an ordinary
 * user), MAP_FIXED_NOREPLACE, and the range checks of munmap, mprotect,
 * madvise and mmap. Only cases where a 64-bit host running this i386
 * program agrees with i386 Linux are here (t_hostile_mmap_guest has the
 * rest). */
#include "check.h"
#include <poll.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/select.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/utsname.h>

enum { PG = 4096 };

/* A page filled with 'x' (so present), then given prot. */
static char *page(int prot)
{
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fail("mmap", "%s", errname(errno));
		_exit(1);
	}
	memset(p, 'x', PG);
	if (mprotect(p, PG, prot) < 0)
		fail("mprotect", "%s", errname(errno));
	return p;
}

/* Reading from a touched PROT_NONE buffer: files, pipes, vectors. */
static void none_write(void)
{
	char *none = page(PROT_NONE);
	int p[2];
	CHECK_OK0("pipe", pipe(p));
	CHECK_ERR("write from PROT_NONE", write(p[1], none, 16), EFAULT);
	struct iovec iov[2] = { { "ab", 2 }, { none, 16 } };
	CHECK_ERR("writev from PROT_NONE", writev(p[1], iov + 1, 1), EFAULT);
	struct iovec *viov = (struct iovec *)none;
	CHECK_ERR("writev with the vector in PROT_NONE", writev(p[1], viov, 1), EFAULT);
	int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_ERR("pwrite from PROT_NONE", pwrite(fd, none, 16, 0), EFAULT);
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("file still empty", st.st_size, 0);
	CHECK_ERR("pipe(PROT_NONE) gives nothing back", pipe((int *)none), EFAULT);
	CHECK(".. and the pipe is still empty", fcntl(p[0], F_SETFL, O_NONBLOCK) == 0 &&
	      read(p[0], &st, 1) < 0 && errno == EAGAIN);
	CHECK_OK0("back to read-write", mprotect(none, PG, PROT_READ | PROT_WRITE));
	CHECK_EQ("contents kept", none[100], 'x');
	CHECK_EQ("write now works", write(p[1], none, 16), 16);
	close(fd);
	unlink("f");
}

/* Writing into a read-only or PROT_NONE buffer. */
static void readonly_read(void)
{
	char *ro = page(PROT_READ), *none = page(PROT_NONE);
	int p[2];
	pipe(p);
	write(p[1], "0123456789abcdef", 16);
	CHECK_ERR("read into PROT_READ", read(p[0], ro, 16), EFAULT);
	CHECK_ERR("read into PROT_NONE", read(p[0], none, 16), EFAULT);
	struct stat st;
	/* libc converts struct stat itself: the calls, raw */
	CHECK_SYSERR("stat64 into PROT_READ", EFAULT, SYS_stat64, "/", ro);
	CHECK_SYSERR("fstat64 into PROT_NONE", EFAULT, SYS_fstat64, 0, none);
	CHECK_SYSERR("stat64 of a PROT_NONE path", EFAULT, SYS_stat64, none, &st);
	CHECK_ERR("pipe into PROT_READ", pipe((int *)ro), EFAULT);
	CHECK_ERR("pipe2 into PROT_READ", pipe2((int *)ro, 0), EFAULT);
	CHECK_ERR("uname into PROT_READ", uname((struct utsname *)ro), EFAULT);
	CHECK_ERR("uname into PROT_NONE", uname((struct utsname *)none), EFAULT);
	CHECK_SYSERR("getcwd into PROT_READ", EFAULT, SYS_getcwd, ro, 100);
	CHECK_SYSERR("clock_gettime into PROT_READ", EFAULT, SYS_clock_gettime32, CLOCK_REALTIME, ro);
	CHECK_SYSERR("clock_gettime into PROT_NONE", EFAULT, SYS_clock_gettime32, CLOCK_REALTIME, none);
}

/* System V IPC with a PROT_NONE message or sembuf array. */
static void none_ipc(void)
{
	char *none = page(PROT_NONE), *ro = page(PROT_READ);
	int q = msgget(IPC_PRIVATE, 0600);
	CHECK_ERR("msgsnd from PROT_NONE", msgsnd(q, none, 8, IPC_NOWAIT), EFAULT);
	struct { long type; char text[8]; } m = { 1, "hello" };
	CHECK_OK0("msgsnd", msgsnd(q, &m, 8, IPC_NOWAIT));
	CHECK_ERR("msgrcv into PROT_READ", msgrcv(q, ro, 8, 0, IPC_NOWAIT), EFAULT);
	msgsnd(q, &m, 8, IPC_NOWAIT);   /* Linux dropped the first one */
	CHECK_ERR("msgrcv into PROT_NONE", msgrcv(q, none, 8, 0, IPC_NOWAIT), EFAULT);
	msgctl(q, IPC_RMID, NULL);
	int s = semget(IPC_PRIVATE, 1, 0600);
	CHECK_ERR("semop with PROT_NONE sops", semop(s, (struct sembuf *)none, 1), EFAULT);
	semctl(s, 0, IPC_RMID);
}

/* Sockets: data, message headers, options. */
static void none_socket(void)
{
	char *none = page(PROT_NONE), *ro = page(PROT_READ);
	int sv[2], dg[2];
	CHECK_OK0("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK0("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, dg));
	CHECK_ERR("send from PROT_NONE (stream)", send(sv[0], none, 16, 0), EFAULT);
	CHECK_ERR("sendto from PROT_NONE (dgram)", sendto(dg[0], none, 16, 0, NULL, 0), EFAULT);
	struct iovec iov = { none, 16 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_ERR("sendmsg with PROT_NONE data", sendmsg(dg[0], &mh, 0), EFAULT);
	CHECK_ERR("sendmsg with PROT_NONE header", sendmsg(dg[0], (struct msghdr *)none, 0), EFAULT);
	CHECK_EQ("send", send(dg[1], "data", 4, 0), 4);
	CHECK_ERR("recvfrom into PROT_READ", recvfrom(dg[0], ro, 16, 0, NULL, NULL), EFAULT);
	CHECK_ERR("setsockopt from PROT_NONE", setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, none, 4), EFAULT);
	socklen_t len = 4;
	CHECK_ERR("getsockopt into PROT_READ", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, ro, &len), EFAULT);
	CHECK_ERR("getsockopt with PROT_NONE length", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &len,
	          (socklen_t *)none), EFAULT);
}

/* poll, select, nanosleep, signals, exec, open, futex. */
static void none_misc(void)
{
	char *none = page(PROT_NONE), *ro = page(PROT_READ);
	CHECK_ERR("poll of a PROT_NONE array", poll((struct pollfd *)none, 1, 0), EFAULT);
	struct pollfd *rp = (struct pollfd *)ro;
	CHECK_ERR("poll of a PROT_READ array", poll(rp, 1, 0), EFAULT);
	struct timeval zero = { 0, 0 };
	CHECK_ERR("select with PROT_NONE sets", select(1, (fd_set *)none, NULL, NULL, &zero), EFAULT);
	CHECK_ERR("nanosleep from PROT_NONE", syscall(SYS_nanosleep, none, NULL), EFAULT);
	CHECK_ERR("rt_sigaction from PROT_NONE", syscall(SYS_rt_sigaction, SIGUSR1, none, NULL, 8), EFAULT);
	struct sigaction sa = { .sa_handler = SIG_IGN };
	CHECK_ERR("rt_sigaction old into PROT_READ", syscall(SYS_rt_sigaction, SIGUSR1, &sa, ro, 8), EFAULT);
	CHECK_ERR("rt_sigprocmask from PROT_NONE", syscall(SYS_rt_sigprocmask, SIG_BLOCK, none, NULL, 8), EFAULT);
	char *argv[] = { "x", NULL };
	CHECK_ERR("execve of a PROT_NONE path", execve(none, argv, argv + 1), EFAULT);
	CHECK_ERR("execve with a PROT_NONE argv", execve("/bin/true", (char **)none, argv + 1), EFAULT);
	CHECK_ERR("open of a PROT_NONE path", open(none, O_RDONLY), EFAULT);
	struct timespec ts = { 0, 1000000 };
	CHECK_ERR("futex wait on a PROT_NONE word", syscall(SYS_futex, none, 0 /* FUTEX_WAIT */, 0x78787878, &ts),
	          EFAULT);
}

/* Untouched PROT_NONE pages too; write-only and exec-only pages are
 * readable (by the program and by the kernel), not writable when exec-only. */
static void other_prots(void)
{
	int p[2];
	pipe(p);
	char *fresh = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR("write from untouched PROT_NONE", write(p[1], fresh, 16), EFAULT);
	char *wo = mmap(NULL, PG, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_EQ("write from untouched PROT_WRITE", write(p[1], wo, 16), 16);
	CHECK_EQ("the program reads PROT_WRITE", ((volatile char *)wo)[8], 0);
	wo[9] = 'w';
	CHECK_EQ("write from touched PROT_WRITE", write(p[1], wo, 16), 16);
	CHECK_EQ("read into PROT_WRITE", read(p[0], wo, 16), 16);
	char *xo = mmap(NULL, PG, PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_EQ("write from PROT_EXEC", write(p[1], xo, 16), 16);
	CHECK_ERR("read into PROT_EXEC", read(p[0], xo, 16), EFAULT);
}

/* A buffer whose first page is readable and second PROT_NONE. */
static void straddle(void)
{
	char *two = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(two, 'y', 2 * PG);
	mprotect(two + PG, PG, PROT_NONE);
	int fd = open("/", O_RDONLY);
	CHECK_ERR("open of a path running into PROT_NONE", open(two + PG - 4, O_RDONLY), EFAULT);
	strcpy(two + PG - 2, "/");
	CHECK_OK("a path that ends before it", fd = open(two + PG - 2, O_RDONLY));
	close(fd);
	int q = msgget(IPC_PRIVATE, 0600);
	*(long *)(two + PG - 8) = 1;
	CHECK_ERR("msgsnd running into PROT_NONE", msgsnd(q, two + PG - 8, 8, IPC_NOWAIT), EFAULT);
	CHECK_ERR("nothing was queued", msgrcv(q, two, 8, 0, IPC_NOWAIT), ENOMSG);
	msgctl(q, IPC_RMID, NULL);
}

/* mmap below vm.mmap_min_addr, for an ordinary user. */
static void low_user(void)
{
	char text[32] = "";
	CHECK("read mmap_min_addr", get_file("/proc/sys/vm/mmap_min_addr", text, sizeof text) > 0);
	unsigned long min = strtoul(text, NULL, 10);
	CHECK("mmap_min_addr is at least a page", min >= PG && min % PG == 0);
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	/* raw calls: musl turns EPERM for address 0 without MAP_FIXED into ENOMEM */
	CHECK_SYSERR("MAP_FIXED at 0 is EPERM", EPERM, SYS_mmap2, 0, PG, PROT_READ, flags | MAP_FIXED, -1, 0);
	CHECK_SYSERR("MAP_FIXED_NOREPLACE at 0 is EPERM", EPERM, SYS_mmap2, 0, PG, PROT_READ,
		     flags | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK_SYSERR("MAP_FIXED just below the minimum is EPERM", EPERM, SYS_mmap2, min - PG, PG, PROT_READ,
		     flags | MAP_FIXED, -1, 0);
	CHECK("MAP_FIXED at the minimum works",
	      mmap((void *)min, PG, PROT_READ, flags | MAP_FIXED, -1, 0) == (void *)min);
	char *p = mmap((void *)PG, PG, PROT_READ, flags, -1, 0);
	CHECK("a hint below it lands above it", p != MAP_FAILED && (uintptr_t)p >= 65536);
	CHECK_ERR("writing mmap_min_addr", open("/proc/sys/vm/mmap_min_addr", O_WRONLY), EACCES);
	CHECK_ERR("writing max_map_count", open("/proc/sys/vm/max_map_count", O_WRONLY), EACCES);
}

static void min_addr(void)
{
	as_uid1000(low_user);
	char text[32] = "";
	CHECK("max_map_count readable", get_file("/proc/sys/vm/max_map_count", text, sizeof text) > 0);
	CHECK_STR("max_map_count is Linux's default", text, "65530\n");
}

static void fixed_noreplace(void)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, flags, -1, 0);
	p[PG] = 'k';
	CHECK_ERR("MAP_FIXED_NOREPLACE over a mapping", mmap(p + PG, PG, PROT_READ, flags | MAP_FIXED_NOREPLACE, -1, 0),
	          EEXIST);
	CHECK_EQ("the mapping is kept", p[PG], 'k');
	CHECK_ERR("MAP_FIXED_NOREPLACE over part of one",
	          mmap(p - PG, 2 * PG, PROT_READ, flags | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
	munmap(p + 2 * PG, PG);
	CHECK("MAP_FIXED_NOREPLACE into a hole",
	      mmap(p + 2 * PG, PG, PROT_READ, flags | MAP_FIXED_NOREPLACE, -1, 0) == p + 2 * PG);
	CHECK_ERR("MAP_FIXED_NOREPLACE unaligned", mmap(p + 1, PG, PROT_READ, flags | MAP_FIXED_NOREPLACE, -1, 0),
	          EINVAL);
	CHECK_ERR("MAP_FIXED unaligned", mmap(p + 1, PG, PROT_READ, flags | MAP_FIXED, -1, 0), EINVAL);
	munmap(p, PG);
	char *h = mmap(p + 5, PG, PROT_READ, flags, -1, 0);
	CHECK("an unaligned hint is rounded down", h == p);
}

/* Lengths near 4 GiB, empty ranges, bad arguments: raw system calls,
 * since libc rounds some of them itself. */
static void ranges(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'm';
	CHECK_SYSERR("munmap 4 GiB - 4095", EINVAL, SYS_munmap, p, 0xFFFFF001u);
	CHECK_SYSERR("munmap 4 GiB - 1", EINVAL, SYS_munmap, p, 0xFFFFFFFFu);
	CHECK_SYSERR("munmap 4 GiB - 4096", EINVAL, SYS_munmap, p, 0xFFFFF000u);
	CHECK_SYSERR("munmap 0 bytes", EINVAL, SYS_munmap, p, 0);
	CHECK_SYSERR("munmap unaligned", EINVAL, SYS_munmap, p + 1, PG);
	CHECK_EQ("still mapped", p[0], 'm');
	CHECK_OK0("mprotect of nothing with bad prot", syscall(SYS_mprotect, p, 0, 0x1000));
	CHECK_SYSERR("mprotect bad prot", EINVAL, SYS_mprotect, p, PG, 0x1000);
	CHECK_SYSERR("mprotect unaligned", EINVAL, SYS_mprotect, p + 1, PG, PROT_READ);
	CHECK_SYSERR("mprotect GROWSDOWN on a heap page", EINVAL, SYS_mprotect, p, PG, PROT_READ | PROT_GROWSDOWN);
	CHECK_SYSERR("mprotect GROWSUP", EINVAL, SYS_mprotect, p, PG, PROT_READ | PROT_GROWSUP);
	CHECK_SYSERR("mprotect both grows", EINVAL, SYS_mprotect, p, PG, PROT_READ | PROT_GROWSUP | PROT_GROWSDOWN);
	CHECK_SYSERR("madvise unknown advice", EINVAL, SYS_madvise, p, PG, 999);
	CHECK_SYSERR("madvise unknown advice, nothing", EINVAL, SYS_madvise, p, 0, 999);
	CHECK_OK0("madvise normal", syscall(SYS_madvise, p, PG, MADV_NORMAL));
	CHECK_SYSERR("mmap 4 GiB - 4095", ENOMEM, SYS_mmap2, 0, 0xFFFFF001u, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_SYSERR("mmap 0 bytes", EINVAL, SYS_mmap2, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_SYSERR("mmap 0 bytes, bad fd", EBADF, SYS_mmap2, 0, 0, PROT_READ, MAP_PRIVATE, 99, 0);
	CHECK("mmap with unknown prot bits", mmap(NULL, PG, PROT_READ | 0x1000, MAP_PRIVATE | MAP_ANONYMOUS,
	      -1, 0) != MAP_FAILED);
	CHECK_SYSERR("anonymous MAP_SHARED_VALIDATE", EINVAL, SYS_mmap2, 0, PG, PROT_READ,
		     MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0);
	int fds[2];
	pipe(fds);
	CHECK_SYSERR("mmap of a pipe's write end", EACCES, SYS_mmap2, 0, PG, PROT_READ, MAP_PRIVATE, fds[1], 0);
	CHECK_SYSERR("mmap of a pipe's read end", ENODEV, SYS_mmap2, 0, PG, PROT_READ, MAP_PRIVATE, fds[0], 0);
}

int main(void)
{
	tdir_setup("t_hostile_uaccess");
	chdir(tdir);
	RUN(none_write);
	RUN(readonly_read);
	RUN(none_ipc);
	RUN(none_socket);
	RUN(none_misc);
	RUN(other_prots);
	RUN(straddle);
	RUN(min_addr);
	RUN(fixed_noreplace);
	RUN(ranges);
	chdir("/");
	rm_rf("/tmp/t_hostile_uaccess.d");
	return cases_failed ? 1 : 0;
}
