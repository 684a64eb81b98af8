/* t_process_vm - differential test of process_vm_readv(2) and
 * process_vm_writev(2): copies between vectors of different shapes, the
 * partial transfers Linux makes (at a remote page in no area or without
 * the access, at a local buffer that faults), writes that reach the
 * other process (and none to its read-only page), and the errors in
 * Linux's order (EINVAL, EFAULT, then ESRCH and EPERM, with the early
 * answers 0 for vectors that hold no bytes). The other process is a
 * forked child, so its buffers are at the parent's addresses. */
#include "check.h"
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/uio.h>

#define PG 4096

static char *rw, *ro, *none, *hole;          /* 3 pages, 1, 1, and an unmapped page */
static int ready[2], go[2];

static bool expect_writes;

/* The hole is made last, so that no later mapping fills it. */
static void setup(void)
{
	ro = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	none = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rw = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	hole = rw + 3 * PG;
	munmap(hole, PG);
	strcpy(ro, "read-only text");
	mprotect(ro, PG, PROT_READ);
	pipe(ready);
	pipe(go);
}

/* The other process: fills rw with its pattern ('a' + page, and a
 * message at the start), says so, waits, then exits with 0 when the
 * parent's writes arrived as expected. */
static pid_t start_child(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 3; i++)
			memset(rw + i * PG, 'a' + i, PG);
		strcpy(rw, "hello from the child");
		char c = 1;
		write(ready[1], &c, 1);
		read(go[0], &c, 1);
		if (!expect_writes)
			_exit(rw[100] != 'a');
		int bad = memcmp(rw + 100, "WRITTEN", 7) != 0;
		bad |= memcmp(rw + 2 * PG - 3, "xyzuvw", 6) != 0;
		bad |= strcmp(ro, "read-only text") != 0;
		bad |= rw[3 * PG - 5] != 'P' || rw[3 * PG - 3] != 'P' || rw[3 * PG - 1] != 'Q';
		_exit(bad);
	}
	char c;
	read(ready[0], &c, 1);
	return pid;
}

static void finish_child(pid_t pid, const char *name)
{
	char c = 1;
	write(go[1], &c, 1);
	CHECK_EXIT(name, wait_for(pid), 0);
}

static long rv(pid_t pid, struct iovec *l, unsigned long ln, struct iovec *r, unsigned long rn)
{
	return process_vm_readv(pid, l, ln, r, rn, 0);
}

static long wv(pid_t pid, struct iovec *l, unsigned long ln, struct iovec *r, unsigned long rn)
{
	return process_vm_writev(pid, l, ln, r, rn, 0);
}

static void reads(void)
{
	setup();
	pid_t pid = start_child();
	char buf[3 * PG + 16];
	memset(buf, 0, sizeof buf);
	struct iovec l = { buf, 21 }, r = { rw, 21 };
	CHECK_EQ("one segment", rv(pid, &l, 1, &r, 1), 21);
	CHECK_STR("its bytes", buf, "hello from the child");
	CHECK_STR("mine are not the child's", rw, "");
	char a[5], b[10];
	struct iovec ls[2] = { { a, 5 }, { b, 10 } };
	struct iovec rs[3] = { { rw, 3 }, { rw + 6, 4 }, { rw + PG, 8 } };
	CHECK_EQ("2 local, 3 remote", rv(pid, ls, 2, rs, 3), 15);
	CHECK("the bytes in order", !memcmp(a, "helfr", 5) && !memcmp(b, "ombbbbbbbb", 10));
	l = (struct iovec){ buf, 3 * PG };
	r = (struct iovec){ rw, 3 * PG };
	CHECK_EQ("three pages", rv(pid, &l, 1, &r, 1), 3 * PG);
	CHECK("across pages", buf[PG - 1] == 'a' && buf[PG] == 'b' && buf[3 * PG - 1] == 'c');
	l.iov_len = 10;
	CHECK_EQ("the local side is shorter", rv(pid, &l, 1, &r, 1), 10);
	l.iov_len = 3 * PG;
	r = (struct iovec){ rw, 5 };
	CHECK_EQ("the remote side is shorter", rv(pid, &l, 1, &r, 1), 5);
	r = (struct iovec){ hole - 100, 200 };
	CHECK_EQ("into a hole: up to it", rv(pid, &l, 1, &r, 1), 100);
	r = (struct iovec){ hole, 10 };
	CHECK_ERR("in the hole", rv(pid, &l, 1, &r, 1), EFAULT);
	rs[0] = (struct iovec){ rw, 10 };
	rs[1] = (struct iovec){ hole, 10 };
	rs[2] = (struct iovec){ rw, 10 };
	CHECK_EQ("the second segment faults: the first counts", rv(pid, &l, 1, rs, 3), 10);
	r = (struct iovec){ none, 10 };
	CHECK_ERR("PROT_NONE", rv(pid, &l, 1, &r, 1), EFAULT);
	r = (struct iovec){ ro, 15 };
	CHECK_EQ("read-only page", rv(pid, &l, 1, &r, 1), 15);
	CHECK_STR("its text", buf, "read-only text");
	r = (struct iovec){ rw, 20 };
	ls[0] = (struct iovec){ buf, 10 };
	ls[1] = (struct iovec){ NULL, 10 };
	CHECK_EQ("local fault in the second buffer", rv(pid, ls, 2, &r, 1), 10);
	ls[0] = (struct iovec){ ro, 10 };
	CHECK_ERR("local buffer read-only", rv(pid, ls, 1, &r, 1), EFAULT);
	ls[0] = (struct iovec){ (void *)0xc0000000, 10 };
	CHECK_ERR("local buffer in the kernel", rv(pid, ls, 1, &r, 1), EFAULT);
	char c = 0;
	l = (struct iovec){ &c, 1 };
	r = (struct iovec){ &c, 1 };
	c = 'm';
	CHECK_EQ("from myself", rv(getpid(), &l, 1, &r, 1), 1);
	finish_child(pid, "the child ends, its memory unchanged");
}

static void writes(void)
{
	expect_writes = true;
	setup();
	pid_t pid = start_child();
	struct iovec l = { "WRITTEN", 7 }, r = { rw + 100, 7 };
	CHECK_EQ("write one segment", wv(pid, &l, 1, &r, 1), 7);
	char out[16];
	struct iovec back = { out, 7 };
	CHECK_EQ("read it back", rv(pid, &back, 1, &r, 1), 7);
	CHECK("it is there", !memcmp(out, "WRITTEN", 7));
	struct iovec ls[2] = { { "xyz", 3 }, { "uvw", 3 } };
	r = (struct iovec){ rw + 2 * PG - 3, 6 };
	CHECK_EQ("across a page boundary", wv(pid, ls, 2, &r, 1), 6);
	r = (struct iovec){ ro, 5 };
	l = (struct iovec){ "WRONG", 5 };
	CHECK_ERR("to a read-only page", wv(pid, &l, 1, &r, 1), EFAULT);
	struct iovec rs[2] = { { rw + 3 * PG - 5, 5 }, { ro, 5 } };
	l = (struct iovec){ "PPPPPPPPPP", 10 };
	CHECK_EQ("then to a read-only page: the first part", wv(pid, &l, 1, rs, 2), 5);
	r = (struct iovec){ hole - 2, 4 };
	l = (struct iovec){ "QQQQ", 4 };
	CHECK_EQ("into a hole", wv(pid, &l, 1, &r, 1), 2);
	r = (struct iovec){ none, 4 };
	CHECK_ERR("to PROT_NONE", wv(pid, &l, 1, &r, 1), EFAULT);
	l = (struct iovec){ NULL, 4 };
	r = (struct iovec){ rw + 200, 4 };
	CHECK_ERR("from a bad local buffer", wv(pid, &l, 1, &r, 1), EFAULT);
	finish_child(pid, "the child saw the writes, and its read-only page unchanged");
}

static void errors(void)
{
	char buf[16];
	pid_t me = getpid();
	struct iovec l = { buf, 8 }, r = { buf, 8 }, zl = { buf, 0 };
	CHECK_ERR("flags", process_vm_readv(me, &l, 1, &r, 1, 1), EINVAL);
	CHECK_ERR("flags first", process_vm_readv(999999, &l, 0, &r, 0, 1), EINVAL);
	CHECK_ERR("liovcnt 1025", process_vm_readv(me, &l, 1025, &r, 1, 0), EINVAL);
	CHECK_ERR("riovcnt 1025", process_vm_readv(me, &l, 1, &r, 1025, 0), EINVAL);
	CHECK_ERR("liovcnt huge", process_vm_writev(me, &l, 0x80000000ul, &r, 1, 0), EINVAL);
	CHECK_EQ("no local bytes: 0 before the rest", process_vm_readv(999999, &zl, 1, &r, 1025, 0), 0);
	CHECK_EQ("liovcnt 0", process_vm_readv(999999, NULL, 0, NULL, 1, 0), 0);
	CHECK_EQ("riovcnt 0: 0 before the pid", process_vm_readv(999999, &l, 1, NULL, 0, 0), 0);
	struct iovec zr = { NULL, 0 };
	CHECK_EQ("no remote bytes", process_vm_readv(999999, &l, 1, &zr, 1, 0), 0);
	CHECK_ERR("bad lvec", process_vm_readv(me, (void *)1, 1, &r, 1, 0), EFAULT);
	CHECK_ERR("bad rvec", process_vm_readv(me, &l, 1, (void *)1, 1, 0), EFAULT);
	struct iovec neg = { buf, (size_t)-1 };
	CHECK_ERR("negative local length", process_vm_readv(me, &neg, 1, &r, 1, 0), EINVAL);
	CHECK_ERR("negative remote length", process_vm_readv(me, &l, 1, &neg, 1, 0), EINVAL);
	CHECK_ERR("bad rvec before the pid", process_vm_readv(999999, &l, 1, (void *)1, 1, 0), EFAULT);
	CHECK_ERR("no such process", process_vm_readv(999999, &l, 1, &r, 1, 0), ESRCH);
	CHECK_ERR("pid 0", process_vm_readv(0, &l, 1, &r, 1, 0), ESRCH);
	pid_t z = fork();
	if (z == 0)
		_exit(0);
	siginfo_t si;
	waitid(P_PID, z, &si, WEXITED | WNOWAIT);
	CHECK_ERR("a zombie", process_vm_readv(z, &l, 1, &r, 1, 0), ESRCH);
	wait_for(z);
}

static void as_user_child(void)
{
	char buf[8] = "abc", out[8];
	struct iovec l = { out, 4 }, r = { buf, 4 };
	CHECK_ERR("kunitz: init", process_vm_readv(1, &l, 1, &r, 1, 0), EPERM);
	CHECK_ERR("kunitz: parent (root)", process_vm_writev(getppid(), &l, 1, &r, 1, 0), EPERM);
	CHECK_ERR("kunitz: ESRCH before EPERM", process_vm_readv(999999, &l, 1, &r, 1, 0), ESRCH);
	CHECK_EQ("kunitz: itself", process_vm_readv(getpid(), &l, 1, &r, 1, 0), 4);
	prctl(PR_SET_DUMPABLE, 1);               /* the change of uid made it 0 */
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK_EQ("kunitz: its own child", process_vm_readv(pid, &l, 1, &r, 1, 0), 4);
	kill(pid, SIGKILL);
	wait_for(pid);
}

static void as_user(void)
{
	as_uid1000(as_user_child);
}

int main(void)
{
	RUN(reads);
	RUN(writes);
	RUN(errors);
	RUN(as_user);
	return cases_failed ? 1 : 0;
}
