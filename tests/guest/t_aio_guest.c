/* t_aio_guest - native AIO gives back all it takes, guest only (the
 * kernel's memory account, kmem.h): a thousand contexts set up and
 * destroyed or left to exit, polls left waiting at io_destroy and at
 * exit (with RESFDs, on pipes whose other end another process holds),
 * rings unmapped, moved or left to a forked child, requests done and
 * read. */
#include "aio_abi.h"
#include "kmem.h"
#include <poll.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <stdint.h>

static int peer[2];                          /* a pipe the measuring process holds too */


static long submit_polls(unsigned long ctx, int fd, int efd, int n)
{
	static struct iocb_ cb[64];
	static struct iocb_ *l[64];
	for (int i = 0; i < n; i++) {
		memset(&cb[i], 0, sizeof cb[i]);
		cb[i].aio_lio_opcode = 5;
		cb[i].aio_fildes = fd;
		cb[i].aio_buf = POLLIN;
		cb[i].aio_flags = efd >= 0;
		cb[i].aio_resfd = efd;
		l[i] = &cb[i];
	}
	return syscall(__NR_io_submit, ctx, n, l);
}

/* A thousand contexts, each with waiting polls: half destroyed, one in
 * four unmapped first, the rest left to exit. */
static bool many_contexts(void)
{
	bool ok = true;
	int efd = eventfd(0, EFD_NONBLOCK);
	for (int i = 0; i < 1000 && ok; i++) {
		unsigned long ctx;
		ok = setup(8, &ctx) == 0 && submit_polls(ctx, peer[0], i % 2 ? efd : -1, 4) == 4;
		if (i % 4 == 1)
			munmap((void *)ctx, 4096);
		else if (i % 2 == 0)
			ok = ok && syscall(__NR_io_destroy, ctx) == 0;
		if (i % 100 == 99) {         /* not too many rings mapped at once */
			if (fork() == 0)
				_exit(0);
			wait(NULL);
		}
	}
	return ok;
}

/* Thousands of requests done and read, a few polls finished by a write
 * and read, a ring moved, a fork that shares the ring, exit. */
static bool many_requests(void)
{
	unsigned long ctx;
	struct io_event_ ev[64];
	char buf[8];
	int p[2], efd = eventfd(0, EFD_NONBLOCK);
	bool ok = pipe(p) == 0 && setup(64, &ctx) == 0;
	for (int i = 0; i < 100 && ok; i++) {
		static struct iocb_ cb[32];
		static struct iocb_ *l[32];
		for (int k = 0; k < 32; k++) {
			memset(&cb[k], 0, sizeof cb[k]);
			cb[k].aio_lio_opcode = k % 2 ? 1 : 0;    /* PWRITE, then PREAD */
			cb[k].aio_fildes = k % 2 ? p[1] : p[0];
			cb[k].aio_buf = (uintptr_t)buf;
			cb[k].aio_nbytes = 1;
			cb[k].aio_flags = 1;
			cb[k].aio_resfd = efd;
			l[k % 2 ? k / 2 : 16 + k / 2] = &cb[k];   /* the writes first */
		}
		ok = syscall(__NR_io_submit, ctx, 32, l) == 32 &&
		     syscall(__NR_io_getevents, ctx, 32, 64, ev, NULL) == 32;
		ok = ok && submit_polls(ctx, p[0], efd, 2) == 2 && write(p[1], "x", 1) == 1 &&
		     syscall(__NR_io_getevents, ctx, 2, 64, ev, NULL) == 2 && read(p[0], buf, 1) == 1;
	}
	ok = ok && submit_polls(ctx, peer[0], efd, 8) == 8;
	void *to = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok = ok && mremap((void *)ctx, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, to) == to;
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	return ok && wait_for(pid) == 0;
}

static void account(void)
{
	pipe(peer);
	kmem_account("1000 contexts with polls, destroyed, unmapped or left to exit", many_contexts, 3,
		     "the account exactly as before");
	kmem_account("3200 requests, 200 polls, a moved ring, a fork", many_requests, 3,
		     "the account exactly as before");
	char nr[16] = "";
	get_file("/proc/sys/fs/aio-nr", nr, sizeof nr);
	CHECK_STR("fs.aio-nr back to 0", nr, "0\n");
}

int main(void)
{
	RUN(account);
	return cases_failed ? 1 : 0;
}
