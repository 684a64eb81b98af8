/* t_process_vm_cow - differential test of process_vm_writev(2) and
 * process_vm_readv(2) on pages a fork shares: a write into a child's
 * copy-on-write page reaches the child only; a write into the child's
 * private file mapping does not reach the file, a shared one does; a
 * read of a page the child never touched gives zeros; a remote vector
 * that crosses into a hole gives the part before it. */
#include "check.h"
#include <sys/mman.h>
#include <sys/uio.h>

#define PG 4096

static int pipefd[2], back[2];

static void wait_byte(int fd)
{
	char c;
	if (read(fd, &c, 1) != 1)
		_exit(9);
}

static void cow(void)
{
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'a', 2 * PG);
	int fd = open(P("f"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[PG];
	memset(page, 'f', PG);
	write(fd, page, PG);
	write(fd, page, PG);
	char *fp = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *fs = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	char *ro = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	(void)fp[0];
	pipe(pipefd);
	pipe(back);
	pid_t pid = fork();
	if (pid == 0) {
		wait_byte(pipefd[0]);
		char r[5] = { p[10], p[PG + 10], fp[10], fs[10], 0 };
		write(back[1], r, 4);
		_exit(0);
	}
	char buf[16] = "XYZW";
	struct iovec l = { buf, 4 }, r = { p + 8, 4 };
	CHECK_EQ("write into a cow page", process_vm_writev(pid, &l, 1, &r, 1, 0), 4);
	CHECK_EQ("the parent's copy is untouched", p[10], 'a');
	r.iov_base = fp + 8;
	CHECK_EQ("write into a private file mapping", process_vm_writev(pid, &l, 1, &r, 1, 0), 4);
	r.iov_base = fs + 8;
	CHECK_EQ("write into a shared file mapping", process_vm_writev(pid, &l, 1, &r, 1, 0), 4);
	r.iov_base = ro;
	CHECK_ERR("write into a read-only page", process_vm_writev(pid, &l, 1, &r, 1, 0), EFAULT);
	char rd[8] = "zzzzzzz";
	struct iovec lr = { rd, 4 }, rr = { p + 2 * PG, 4 };
	CHECK_EQ("read of an untouched page", process_vm_readv(pid, &lr, 1, &rr, 1, 0), 4);
	CHECK(" it is zeros", rd[0] == 0 && rd[3] == 0);
	char big[2 * PG];
	struct iovec lb = { big, sizeof big }, rb = { p + 3 * PG - 100, 2 * PG };
	munmap(p + 3 * PG, PG);
	CHECK_EQ("read up to a hole", process_vm_readv(pid, &lb, 1, &rb, 1, 0), 100);
	write(pipefd[1], "x", 1);
	char got[5] = { 0 };
	CHECK_EQ("child answers", read(back[0], got, 4), 4);
	CHECK_STR("child sees its writes (anon, its other page, private file, shared file)", got, "ZaZZ");
	wait_for(pid);
	char f[PG * 2];
	pread(fd, f, sizeof f, 0);
	CHECK_EQ("the file under the private mapping is untouched", f[10], 'f');
	CHECK_EQ("the file under the shared mapping has it", f[PG + 10], 'Z');
	CHECK_EQ("our shared mapping has it", fs[10], 'Z');
	CHECK_EQ("our private mapping is untouched", fp[10], 'f');
}

int main(void)
{
	tdir_setup("t_process_vm_cow");
	RUN(cow);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
