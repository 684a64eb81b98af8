/* aio_abi.h - native AIO for the tests through raw system calls:
 * <linux/aio_abi.h> spelled out (musl's headers do not have it, and
 * there is no libaio) and the few wrappers t_aio, t_aio_edges and
 * t_aio_guest share. */
#ifndef AIO_ABI_H
#define AIO_ABI_H
#include "check.h"
#include <stdint.h>

struct iocb_ {
	uint64_t aio_data;
	uint32_t aio_key, aio_rw_flags;
	uint16_t aio_lio_opcode;
	int16_t aio_reqprio;
	uint32_t aio_fildes;
	uint64_t aio_buf, aio_nbytes;
	int64_t aio_offset;
	uint64_t aio_reserved2;
	uint32_t aio_flags, aio_resfd;
};
struct io_event_ { uint64_t data, obj; int64_t res, res2; };
struct aio_ring_ {
	unsigned id, nr, head, tail, magic, compat_features, incompat_features, header_length;
	struct io_event_ io_events[];
};
enum { CMD_PREAD, CMD_PWRITE, CMD_FSYNC, CMD_FDSYNC, CMD_POLL = 5, CMD_NOOP, CMD_PREADV, CMD_PWRITEV };
#define FLAG_RESFD  1
#define FLAG_IOPRIO 2
#define U(p) ((uint64_t)(uintptr_t)(p))

#ifndef __NR_io_pgetevents
#define __NR_io_pgetevents 385
#endif
#ifndef __NR_io_pgetevents_time64
#define __NR_io_pgetevents_time64 416
#endif

/* The timespec of io_getevents and io_pgetevents (385): 32-bit fields
 * (musl's struct timespec has a 64-bit tv_sec). */
struct ts32 { int32_t sec, nsec; };

__attribute__((unused))
static long setup(unsigned nr, unsigned long *ctx) { *ctx = 0; return syscall(__NR_io_setup, nr, ctx); }

__attribute__((unused))
static long submit1(unsigned long ctx, struct iocb_ *cb)
{
	struct iocb_ *l[1] = { cb };
	return syscall(__NR_io_submit, ctx, 1, l);
}

/* io_getevents with the timeout {sec, nsec} as given (negative ones too). */
__attribute__((unused))
static long getev_ts(unsigned long ctx, long min, long nr, struct io_event_ *ev, long sec, long nsec)
{
	struct ts32 ts = { sec, nsec };
	return syscall(__NR_io_getevents, ctx, min, nr, ev, &ts);
}

/* The same, with no timeout at all for a negative sec. */
__attribute__((unused))
static long getev(unsigned long ctx, long min, long nr, struct io_event_ *ev, long sec, long nsec)
{
	if (sec < 0)
		return syscall(__NR_io_getevents, ctx, min, nr, ev, NULL);
	return getev_ts(ctx, min, nr, ev, sec, nsec);
}

__attribute__((unused))
static struct iocb_ rw_cb(int op, int fd, void *buf, size_t n, long long off)
{
	struct iocb_ cb;
	memset(&cb, 0, sizeof cb);
	cb.aio_lio_opcode = op;
	cb.aio_fildes = fd;
	cb.aio_buf = U(buf);
	cb.aio_nbytes = n;
	cb.aio_offset = off;
	return cb;
}

__attribute__((unused))
static struct iocb_ poll_cb(int fd, unsigned events)
{
	struct iocb_ cb = rw_cb(CMD_POLL, fd, NULL, 0, 0);
	cb.aio_buf = events;
	return cb;
}

#endif
