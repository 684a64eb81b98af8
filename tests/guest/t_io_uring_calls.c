/* t_io_uring_calls - differential test of the io_uring opcodes that are
 * one system call each (Linux 6.1's MKDIRAT, UNLINKAT, RENAMEAT,
 * SYMLINKAT, LINKAT, OPENAT2, FALLOCATE, FADVISE, MADVISE,
 * SYNC_FILE_RANGE, EPOLL_CTL, the four xattr calls and SOCKET) and of
 * SENDMSG and RECVMSG: each does what its system call does, with the
 * call's errors in the CQE, and the SQE's fields are checked as Linux's
 * preparation checks them. (6.1's FADVISE and MADVISE refuse addr and
 * off, which later kernels take as a 64-bit length: not compared.) */
#include "check.h"
#include "uring.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <sys/mman.h>
#include <poll.h>

/* <linux/openat2.h> and <linux/fs.h>: no kernel headers for the tests. */
struct open_how { uint64_t flags, mode, resolve; };
#define RESOLVE_BENEATH 0x08
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif

static struct sqe_ *path_sqe(struct ring *r, int op, int dfd, const char *path)
{
	struct sqe_ *s = ring_sqe(r, op, dfd, 1);
	s->addr = U(path);
	return s;
}

#define RES(name, sqe_expr, exp) do { \
	struct sqe_ *s_ = (sqe_expr); \
	(void)s_; \
	CHECK_STR(name, res_name(run1(&r, s_)), exp); \
} while (0)

static void dirs(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	struct sqe_ *s;
	s = path_sqe(&r, OP_MKDIRAT, AT_FDCWD, P("d"));
	s->len = 0750;
	CHECK_STR("MKDIRAT", res_name(run1(&r, s)), "0");
	struct stat st;
	CHECK_OK0("stat", stat(P("d"), &st));
	CHECK_MODE("its mode", st.st_mode & 0777, 0750);
	s = path_sqe(&r, OP_MKDIRAT, AT_FDCWD, P("d"));
	CHECK_STR("MKDIRAT again", res_name(run1(&r, s)), "EEXIST");
	s = path_sqe(&r, OP_MKDIRAT, AT_FDCWD, P("e"));
	s->off = 1;
	CHECK_STR("MKDIRAT with off", res_name(run1(&r, s)), "EINVAL");
	s = path_sqe(&r, OP_MKDIRAT, 0, P("e"));
	s->flags = SQE_FIXED_FILE;
	CHECK_STR("MKDIRAT fixed file", res_name(run1(&r, s)), "EBADF");
	s = path_sqe(&r, OP_MKDIRAT, AT_FDCWD, NULL);
	CHECK_STR("MKDIRAT bad path", res_name(run1(&r, s)), "EFAULT");
	int dfd = open(tdir, O_RDONLY | O_DIRECTORY);
	s = path_sqe(&r, OP_MKDIRAT, dfd, "d/sub");
	s->len = 0700;
	CHECK_STR("MKDIRAT relative to a dfd", res_name(run1(&r, s)), "0");
	s = path_sqe(&r, OP_UNLINKAT, dfd, "d");
	s->op_flags = AT_REMOVEDIR;
	CHECK_STR("UNLINKAT of a full directory", res_name(run1(&r, s)), "ENOTEMPTY");
	s = path_sqe(&r, OP_UNLINKAT, dfd, "d/sub");
	CHECK_STR("UNLINKAT of a directory without AT_REMOVEDIR", res_name(run1(&r, s)), "EISDIR");
	s = path_sqe(&r, OP_UNLINKAT, dfd, "d/sub");
	s->op_flags = AT_REMOVEDIR;
	CHECK_STR("UNLINKAT AT_REMOVEDIR", res_name(run1(&r, s)), "0");
	s = path_sqe(&r, OP_UNLINKAT, dfd, "d");
	s->op_flags = AT_SYMLINK_NOFOLLOW;
	CHECK_STR("UNLINKAT unknown flag", res_name(run1(&r, s)), "EINVAL");
	s = path_sqe(&r, OP_UNLINKAT, dfd, "d");
	s->len = 1;
	CHECK_STR("UNLINKAT with len", res_name(run1(&r, s)), "EINVAL");
	s = path_sqe(&r, OP_UNLINKAT, dfd, "nothing");
	CHECK_STR("UNLINKAT missing", res_name(run1(&r, s)), "ENOENT");
	close(dfd);
	ring_exit(&r);
}

static void names(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	close(open(P("a"), O_CREAT | O_WRONLY, 0600));
	close(open(P("c"), O_CREAT | O_WRONLY, 0600));
	struct sqe_ *s;
	s = path_sqe(&r, OP_RENAMEAT, AT_FDCWD, P("a"));
	s->len = AT_FDCWD;
	s->off = U(P("b"));                     /* addr2 */
	CHECK_STR("RENAMEAT", res_name(run1(&r, s)), "0");
	CHECK_ERR("the old name is gone", access(P("a"), F_OK), ENOENT);
	s = path_sqe(&r, OP_RENAMEAT, AT_FDCWD, P("b"));
	s->len = AT_FDCWD;
	s->off = U(P("c"));
	s->op_flags = RENAME_NOREPLACE;
	CHECK_STR("RENAMEAT NOREPLACE onto a name", res_name(run1(&r, s)), "EEXIST");
	s = path_sqe(&r, OP_SYMLINKAT, AT_FDCWD, "b");
	s->off = U(P("l"));
	CHECK_STR("SYMLINKAT", res_name(run1(&r, s)), "0");
	char buf[16] = { 0 };
	CHECK_EQ("readlink", readlink(P("l"), buf, sizeof buf), 1);
	s = path_sqe(&r, OP_SYMLINKAT, AT_FDCWD, "b");
	s->off = U(P("l"));
	CHECK_STR("SYMLINKAT onto a name", res_name(run1(&r, s)), "EEXIST");
	s = path_sqe(&r, OP_SYMLINKAT, AT_FDCWD, "b");
	s->off = U(P("m"));
	s->len = 1;
	CHECK_STR("SYMLINKAT with len", res_name(run1(&r, s)), "EINVAL");
	s = path_sqe(&r, OP_LINKAT, AT_FDCWD, P("l"));
	s->len = AT_FDCWD;
	s->off = U(P("h"));
	s->op_flags = AT_SYMLINK_FOLLOW;
	CHECK_STR("LINKAT following the link", res_name(run1(&r, s)), "0");
	struct stat st;
	stat(P("b"), &st);
	CHECK_EQ("two links to b", (int)st.st_nlink, 2);
	s = path_sqe(&r, OP_LINKAT, AT_FDCWD, P("b"));
	s->len = AT_FDCWD;
	s->off = U(P("h2"));
	s->op_flags = 0x8000;
	CHECK_STR("LINKAT unknown flag", res_name(run1(&r, s)), "EINVAL");
	s = path_sqe(&r, OP_LINKAT, AT_FDCWD, P("b"));
	s->len = AT_FDCWD;
	s->off = U(P("h2"));
	s->buf_index = 1;
	CHECK_STR("LINKAT with buf_index", res_name(run1(&r, s)), "EINVAL");
	ring_exit(&r);
}

static void openat2(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	close(open(P("f"), O_CREAT | O_WRONLY, 0600));
	struct open_how how = { .flags = O_RDWR };
	struct sqe_ *s = path_sqe(&r, OP_OPENAT2, AT_FDCWD, P("f"));
	s->off = U(&how);
	s->len = sizeof how;
	int32_t fd = run1(&r, s);
	CHECK_EQ("OPENAT2 gives a descriptor", fd >= 0, 1);
	CHECK_EQ("opened for writing", write(fd, "x", 1), 1);
	close(fd);
	s = path_sqe(&r, OP_OPENAT2, AT_FDCWD, P("f"));
	s->off = U(&how);
	s->len = 8;
	CHECK_STR("OPENAT2 short how", res_name(run1(&r, s)), "EINVAL");
	struct { struct open_how h; uint64_t extra; } big = { { .flags = O_RDONLY }, 1 };
	s = path_sqe(&r, OP_OPENAT2, AT_FDCWD, P("f"));
	s->off = U(&big);
	s->len = sizeof big;
	CHECK_STR("OPENAT2 longer how, nonzero tail", res_name(run1(&r, s)), "E2BIG");
	how.flags = 1ULL << 40;
	s = path_sqe(&r, OP_OPENAT2, AT_FDCWD, P("f"));
	s->off = U(&how);
	s->len = sizeof how;
	CHECK_STR("OPENAT2 unknown flag", res_name(run1(&r, s)), "EINVAL");
	how = (struct open_how){ .flags = O_RDONLY, .resolve = RESOLVE_BENEATH };
	int dfd = open(tdir, O_RDONLY | O_DIRECTORY);
	s = path_sqe(&r, OP_OPENAT2, dfd, "../x");
	s->off = U(&how);
	s->len = sizeof how;
	CHECK_STR("OPENAT2 RESOLVE_BENEATH upwards", res_name(run1(&r, s)), "EXDEV");
	how = (struct open_how){ .flags = O_RDONLY, .mode = 0600 };
	s = path_sqe(&r, OP_OPENAT2, AT_FDCWD, P("f"));
	s->off = U(&how);
	s->len = sizeof how;
	CHECK_STR("OPENAT2 mode without O_CREAT", res_name(run1(&r, s)), "EINVAL");
	close(dfd);
	ring_exit(&r);
}

static void file_calls(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	int fd = open(P("g"), O_CREAT | O_RDWR, 0600);
	int p[2];
	CHECK_OK0("pipe", pipe(p));
	struct sqe_ *s;
	s = ring_sqe(&r, OP_FALLOCATE, fd, 1);
	s->addr = 8192;                         /* len */
	CHECK_STR("FALLOCATE", res_name(run1(&r, s)), "0");
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("the size", (long)st.st_size, 8192);
	s = ring_sqe(&r, OP_FALLOCATE, fd, 1);
	s->addr = 4096;
	s->len = FALLOC_FL_KEEP_SIZE;
	s->off = 16384;
	CHECK_STR("FALLOCATE KEEP_SIZE", res_name(run1(&r, s)), "0");
	fstat(fd, &st);
	CHECK_EQ("the size kept", (long)st.st_size, 8192);
	s = ring_sqe(&r, OP_FALLOCATE, fd, 1);
	s->addr = 0;
	CHECK_STR("FALLOCATE len 0", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_FALLOCATE, p[1], 1);
	s->addr = 10;
	CHECK_STR("FALLOCATE on a pipe", res_name(run1(&r, s)), "ESPIPE");
	s = ring_sqe(&r, OP_FALLOCATE, fd, 1);
	s->addr = 10;
	s->op_flags = 1;
	CHECK_STR("FALLOCATE with rw_flags", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_FALLOCATE, 99, 1);
	s->addr = 10;
	CHECK_STR("FALLOCATE bad fd", res_name(run1(&r, s)), "EBADF");
	s = ring_sqe(&r, OP_FADVISE, fd, 1);
	s->op_flags = POSIX_FADV_SEQUENTIAL;
	CHECK_STR("FADVISE", res_name(run1(&r, s)), "0");
	s = ring_sqe(&r, OP_FADVISE, fd, 1);
	s->op_flags = 99;
	CHECK_STR("FADVISE bad advice", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_FADVISE, p[0], 1);
	s->op_flags = POSIX_FADV_NORMAL;
	CHECK_STR("FADVISE on a pipe", res_name(run1(&r, s)), "ESPIPE");
	s = ring_sqe(&r, OP_SYNC_FILE_RANGE, fd, 1);
	s->len = 4096;
	s->op_flags = SYNC_FILE_RANGE_WRITE;
	CHECK_STR("SYNC_FILE_RANGE", res_name(run1(&r, s)), "0");
	s = ring_sqe(&r, OP_SYNC_FILE_RANGE, fd, 1);
	s->op_flags = 0x80;
	CHECK_STR("SYNC_FILE_RANGE bad flags", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_SYNC_FILE_RANGE, p[0], 1);
	CHECK_STR("SYNC_FILE_RANGE on a pipe", res_name(run1(&r, s)), "ESPIPE");
	s = ring_sqe(&r, OP_SYNC_FILE_RANGE, fd, 1);
	s->addr = 1;
	CHECK_STR("SYNC_FILE_RANGE with addr", res_name(run1(&r, s)), "EINVAL");
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 'x';
	s = ring_sqe(&r, OP_MADVISE, -1, 1);
	s->addr = U(m);
	s->len = 8192;
	s->op_flags = MADV_DONTNEED;
	CHECK_STR("MADVISE DONTNEED", res_name(run1(&r, s)), "0");
	CHECK_EQ("the page is zero again", m[0], 0);
	s = ring_sqe(&r, OP_MADVISE, -1, 1);
	s->addr = U(m) + 1;
	s->len = 10;
	s->op_flags = MADV_NORMAL;
	CHECK_STR("MADVISE unaligned", res_name(run1(&r, s)), "EINVAL");
	ring_exit(&r);
}

static void epoll_ctl_op(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	int ep = epoll_create1(0), efd = eventfd(1, 0);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 42 };
	struct sqe_ *s;
	s = ring_sqe(&r, OP_EPOLL_CTL, ep, 1);
	s->len = EPOLL_CTL_ADD;
	s->off = efd;
	s->addr = U(&ev);
	CHECK_STR("EPOLL_CTL ADD", res_name(run1(&r, s)), "0");
	struct epoll_event out;
	CHECK_EQ("epoll_wait sees it", epoll_wait(ep, &out, 1, 0), 1);
	CHECK_EQ("its data", (int)out.data.u64, 42);
	s = ring_sqe(&r, OP_EPOLL_CTL, ep, 1);
	s->len = EPOLL_CTL_ADD;
	s->off = efd;
	s->addr = U(&ev);
	CHECK_STR("EPOLL_CTL ADD again", res_name(run1(&r, s)), "EEXIST");
	s = ring_sqe(&r, OP_EPOLL_CTL, ep, 1);
	s->len = EPOLL_CTL_MOD;
	s->off = efd;
	s->addr = 16;
	CHECK_STR("EPOLL_CTL MOD bad event", res_name(run1(&r, s)), "EFAULT");
	s = ring_sqe(&r, OP_EPOLL_CTL, ep, 1);
	s->len = EPOLL_CTL_DEL;
	s->off = efd;
	CHECK_STR("EPOLL_CTL DEL (no event read)", res_name(run1(&r, s)), "0");
	s = ring_sqe(&r, OP_EPOLL_CTL, ep, 1);
	s->len = EPOLL_CTL_DEL;
	s->off = efd;
	CHECK_STR("EPOLL_CTL DEL again", res_name(run1(&r, s)), "ENOENT");
	s = ring_sqe(&r, OP_EPOLL_CTL, efd, 1);
	s->len = EPOLL_CTL_ADD;
	s->off = ep;
	s->addr = U(&ev);
	CHECK_STR("EPOLL_CTL on a non-epoll", res_name(run1(&r, s)), "EINVAL");
	ring_exit(&r);
}

static void xattrs(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	int fd = open(P("x"), O_CREAT | O_RDWR, 0600);
	if (fsetxattr(fd, "trusted.probe", "1", 1, 0) && errno == EOPNOTSUPP) {
		say("[PASS] trusted xattrs not here: skipped\n");
		return;
	}
	struct sqe_ *s;
	s = ring_sqe(&r, OP_FSETXATTR, fd, 1);
	s->addr = U("trusted.a");
	s->off = U("hello");
	s->len = 5;
	CHECK_STR("FSETXATTR", res_name(run1(&r, s)), "0");
	char buf[16] = { 0 };
	CHECK_EQ("fgetxattr sees it", fgetxattr(fd, "trusted.a", buf, sizeof buf), 5);
	s = ring_sqe(&r, OP_FSETXATTR, fd, 1);
	s->addr = U("trusted.a");
	s->off = U("x");
	s->len = 1;
	s->op_flags = XATTR_CREATE;
	CHECK_STR("FSETXATTR CREATE on a name", res_name(run1(&r, s)), "EEXIST");
	s = ring_sqe(&r, OP_FSETXATTR, fd, 1);
	s->addr = U("");
	CHECK_STR("FSETXATTR empty name", res_name(run1(&r, s)), "ERANGE");
	s = ring_sqe(&r, OP_FSETXATTR, fd, 1);
	s->addr = U("trusted.a");
	s->op_flags = 4;
	CHECK_STR("FSETXATTR bad flags", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_FSETXATTR, 0, 1);
	s->addr = U("trusted.a");
	s->flags = SQE_FIXED_FILE;
	CHECK_STR("FSETXATTR fixed file", res_name(run1(&r, s)), "EBADF");
	memset(buf, 0, sizeof buf);
	s = ring_sqe(&r, OP_FGETXATTR, fd, 1);
	s->addr = U("trusted.a");
	s->off = U(buf);
	s->len = sizeof buf;
	CHECK_STR("FGETXATTR", res_name(run1(&r, s)), "5");
	CHECK_STR("its value", buf, "hello");
	s = ring_sqe(&r, OP_FGETXATTR, fd, 1);
	s->addr = U("trusted.a");
	s->off = U(buf);
	s->len = 2;
	CHECK_STR("FGETXATTR small buffer", res_name(run1(&r, s)), "ERANGE");
	s = ring_sqe(&r, OP_FGETXATTR, fd, 1);
	s->addr = U("trusted.none");
	s->off = U(buf);
	s->len = sizeof buf;
	CHECK_EQ("FGETXATTR missing: ENODATA", run1(&r, s), -ENODATA);
	s = ring_sqe(&r, OP_FGETXATTR, fd, 1);
	s->addr = U("trusted.a");
	s->op_flags = 1;
	CHECK_STR("FGETXATTR with flags", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_SETXATTR, -1, 1);
	s->addr = U("trusted.b");
	s->off = U("by path");
	s->len = 7;
	s->addr3 = U(P("x"));
	CHECK_STR("SETXATTR", res_name(run1(&r, s)), "0");
	memset(buf, 0, sizeof buf);
	s = ring_sqe(&r, OP_GETXATTR, -1, 1);
	s->addr = U("trusted.b");
	s->off = U(buf);
	s->len = sizeof buf;
	s->addr3 = U(P("x"));
	CHECK_STR("GETXATTR", res_name(run1(&r, s)), "7");
	CHECK_STR("its value", buf, "by path");
	s = ring_sqe(&r, OP_GETXATTR, -1, 1);
	s->addr = U("trusted.b");
	s->off = U(buf);
	s->len = sizeof buf;
	s->addr3 = U(P("nothing"));
	CHECK_STR("GETXATTR missing file", res_name(run1(&r, s)), "ENOENT");
	ring_exit(&r);
}

static void sockets(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	struct sqe_ *s;
	s = ring_sqe(&r, OP_SOCKET, AF_UNIX, 1);
	s->off = SOCK_STREAM | SOCK_CLOEXEC;
	int32_t fd = run1(&r, s);
	CHECK_EQ("SOCKET gives a descriptor", fd >= 0, 1);
	int type = 0;
	socklen_t len = sizeof type;
	getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
	CHECK_EQ("a stream socket", type, SOCK_STREAM);
	CHECK_EQ("close-on-exec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	s = ring_sqe(&r, OP_SOCKET, AF_UNIX, 1);
	s->off = 99;
	CHECK_STR("SOCKET bad type", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_SOCKET, AF_UNIX, 1);
	s->off = SOCK_STREAM | 0x100000;
	CHECK_STR("SOCKET bad flag", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_SOCKET, 1234, 1);
	s->off = SOCK_STREAM;
	CHECK_EQ("SOCKET bad family: EAFNOSUPPORT", run1(&r, s), -EAFNOSUPPORT);
	s = ring_sqe(&r, OP_SOCKET, AF_UNIX, 1);
	s->off = SOCK_STREAM;
	s->addr = 1;
	CHECK_STR("SOCKET with addr", res_name(run1(&r, s)), "EINVAL");
	ring_exit(&r);
}

static void msgs(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	int sv[2];
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	struct sqe_ *s = ring_sqe(&r, OP_SENDMSG, sv[0], 1);
	s->addr = U(&mh);
	CHECK_STR("SENDMSG", res_name(run1(&r, s)), "5");
	char a[3] = { 0 }, b[8] = { 0 };
	struct iovec riov[2] = { { a, 2 }, { b, 7 } };
	struct msghdr rh = { .msg_iov = riov, .msg_iovlen = 2 };
	s = ring_sqe(&r, OP_RECVMSG, sv[1], 1);
	s->addr = U(&rh);
	CHECK_STR("RECVMSG", res_name(run1(&r, s)), "5");
	CHECK_STR("first part", a, "ab");
	CHECK_STR("second part", b, "cde");
	/* A RECVMSG with nothing there waits for the data. */
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	s = ring_sqe(&r, OP_RECVMSG, sv[1], 7);
	s->addr = U(&rh);
	ring_submit(&r, 1, 0, 0);
	CHECK_EQ("no CQE yet", ring_ready(&r), 0);
	CHECK_EQ("write to the peer", write(sv[0], "xyz", 3), 3);
	struct cqe_ c = get1(&r);
	CHECK_EQ("then the RECVMSG completes", c.res, 3);
	CHECK_EQ("its user_data", (int)c.user_data, 7);
	CHECK_STR("the data", a, "xy");
	/* A descriptor passed with SCM_RIGHTS. */
	int p[2];
	pipe(p);
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } cm;
	memset(&cm, 0, sizeof cm);
	mh.msg_control = cm.buf;
	mh.msg_controllen = sizeof cm.buf;
	struct cmsghdr *ch = CMSG_FIRSTHDR(&mh);
	ch->cmsg_level = SOL_SOCKET;
	ch->cmsg_type = SCM_RIGHTS;
	ch->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(ch), &p[1], sizeof(int));
	mh.msg_iovlen = 1;
	s = ring_sqe(&r, OP_SENDMSG, sv[0], 1);
	s->addr = U(&mh);
	CHECK_STR("SENDMSG with SCM_RIGHTS", res_name(run1(&r, s)), "2");
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } rcm;
	memset(&rcm, 0, sizeof rcm);
	rh.msg_control = rcm.buf;
	rh.msg_controllen = sizeof rcm.buf;
	s = ring_sqe(&r, OP_RECVMSG, sv[1], 1);
	s->addr = U(&rh);
	CHECK_STR("RECVMSG with a descriptor", res_name(run1(&r, s)), "2");
	int got = -1;
	memcpy(&got, CMSG_DATA(CMSG_FIRSTHDR(&rh)), sizeof got);
	CHECK_EQ("the descriptor works", write(got, "!", 1), 1);
	s = ring_sqe(&r, OP_SENDMSG, sv[0], 1);
	s->addr = U(&mh);
	s->file_index = 1;
	CHECK_STR("SENDMSG with file_index", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_RECVMSG, sv[1], 1);
	s->addr = U(&rh);
	s->ioprio = 2;                          /* IORING_RECV_MULTISHOT without buffers */
	CHECK_STR("RECVMSG multishot without buffers", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_SENDMSG, p[0], 1);
	s->addr = U(&mh);
	CHECK_STR("SENDMSG on a pipe", res_name(run1(&r, s)), "ENOTSOCK");
	close(sv[1]);
	s = ring_sqe(&r, OP_SENDMSG, sv[0], 1);
	mh.msg_control = NULL;
	mh.msg_controllen = 0;
	s->addr = U(&mh);
	CHECK_STR("SENDMSG to a closed peer: EPIPE, no signal", res_name(run1(&r, s)), "EPIPE");
	ring_exit(&r);
}

#define REG_FILES_UPDATE 6
#define MSG_DATA 0
#define MSG_SEND_FD 1

static void files_update(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	int p[2];
	pipe(p);
	int fds[4] = { -1, -1, -1, -1 };
	struct sqe_ *s;
	int upd[2] = { p[0], p[1] };
	s = ring_sqe(&r, OP_FILES_UPDATE, -1, 1);
	s->addr = U(upd);
	s->len = 2;
	CHECK_STR("FILES_UPDATE without a table", res_name(run1(&r, s)), "ENXIO");
	struct { uint32_t offset, resv; uint64_t fds; } up = { 0, 0, U(upd) };
	CHECK_SYSERR("REGISTER_FILES_UPDATE without a table", ENXIO, NR_register, r.fd, REG_FILES_UPDATE, &up, 2);
	CHECK_OK0("REGISTER_FILES", uring_register(r.fd, REG_FILES, fds, 4));
	up.offset = 1;
	CHECK_EQ("REGISTER_FILES_UPDATE", uring_register(r.fd, REG_FILES_UPDATE, &up, 2), 2);
	/* slot 2 is the pipe's write end: a fixed-file WRITE through it */
	s = ring_sqe(&r, OP_WRITE, 2, 1);
	s->flags = SQE_FIXED_FILE;
	s->addr = U("hi");
	s->len = 2;
	CHECK_STR("WRITE through the updated slot", res_name(run1(&r, s)), "2");
	char buf[4] = { 0 };
	CHECK_EQ("read", read(p[0], buf, 3), 2);
	up.offset = 3;
	CHECK_SYSERR("REGISTER_FILES_UPDATE past the table", EINVAL, NR_register, r.fd, REG_FILES_UPDATE, &up, 2);
	up.offset = 0;
	up.resv = 1;
	CHECK_SYSERR("REGISTER_FILES_UPDATE resv", EINVAL, NR_register, r.fd, REG_FILES_UPDATE, &up, 1);
	up.resv = 0;
	CHECK_SYSERR("REGISTER_FILES_UPDATE nr 0", EINVAL, NR_register, r.fd, REG_FILES_UPDATE, &up, 0);
	int skip[2] = { -2, -1 };
	s = ring_sqe(&r, OP_FILES_UPDATE, -1, 1);
	s->addr = U(skip);
	s->len = 2;
	s->off = 1;
	CHECK_STR("FILES_UPDATE skip and clear", res_name(run1(&r, s)), "2");
	s = ring_sqe(&r, OP_WRITE, 2, 1);
	s->flags = SQE_FIXED_FILE;
	s->addr = U("hi");
	s->len = 2;
	CHECK_STR("the cleared slot", res_name(run1(&r, s)), "EBADF");
	s = ring_sqe(&r, OP_READ, 1, 1);
	s->flags = SQE_FIXED_FILE;
	s->addr = U(buf);
	s->len = 1;
	write(p[1], "z", 1);
	CHECK_STR("the skipped slot kept", res_name(run1(&r, s)), "1");
	int alloc[2] = { p[1], p[0] };
	s = ring_sqe(&r, OP_FILES_UPDATE, -1, 1);
	s->addr = U(alloc);
	s->len = 2;
	s->off = FILE_INDEX_ALLOC;
	CHECK_STR("FILES_UPDATE INDEX_ALLOC", res_name(run1(&r, s)), "2");
	CHECK_EQ("the slots written back", alloc[0] != alloc[1] && alloc[0] >= 0 && alloc[0] < 4 && alloc[1] >= 0 && alloc[1] < 4, 1);
	int bad[1] = { 99 };
	s = ring_sqe(&r, OP_FILES_UPDATE, -1, 1);
	s->addr = U(bad);
	s->len = 1;
	CHECK_STR("FILES_UPDATE bad descriptor", res_name(run1(&r, s)), "EBADF");
	int self[1] = { r.fd };
	s = ring_sqe(&r, OP_FILES_UPDATE, -1, 1);
	s->addr = U(self);
	s->len = 1;
	CHECK_STR("FILES_UPDATE with a ring", res_name(run1(&r, s)), "EBADF");
	s = ring_sqe(&r, OP_FILES_UPDATE, -1, 1);
	s->addr = U(bad);
	s->len = 0;
	CHECK_STR("FILES_UPDATE len 0", res_name(run1(&r, s)), "EINVAL");
	int full[3] = { p[0], p[0], p[0] };
	s = ring_sqe(&r, OP_FILES_UPDATE, -1, 1);
	s->addr = U(full);
	s->len = 3;
	s->off = FILE_INDEX_ALLOC;
	CHECK_STR("FILES_UPDATE INDEX_ALLOC until full", res_name(run1(&r, s)), "1");
	s = ring_sqe(&r, OP_FILES_UPDATE, -1, 1);
	s->addr = U(full);
	s->len = 1;
	s->off = FILE_INDEX_ALLOC;
	CHECK_STR("FILES_UPDATE INDEX_ALLOC, no room", res_name(run1(&r, s)), "ENFILE");
	ring_exit(&r);
}

static void msg_ring(void)
{
	struct ring a, b;
	CHECK_OK0("ring a", ring_init(&a, 8, 0, 0));
	CHECK_OK0("ring b", ring_init(&b, 8, 0, 0));
	struct sqe_ *s;
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_DATA;
	s->len = 1234;
	s->off = 77;
	CHECK_STR("MSG_RING DATA", res_name(run1(&a, s)), "0");
	struct cqe_ c = get1(&b);
	CHECK_EQ("the other ring's CQE: res", c.res, 1234);
	CHECK_EQ("its user_data", (int)c.user_data, 77);
	s = ring_sqe(&a, OP_MSG_RING, a.fd, 1);
	s->addr = MSG_DATA;
	s->len = 5;
	s->off = 9;
	ring_submit(&a, 1, 2, ENTER_GETEVENTS);
	struct cqe_ c1 = get1(&a), c2 = get1(&a);
	CHECK_EQ("MSG_RING DATA to itself: two CQEs", (c1.user_data == 9 && c1.res == 5 && c2.user_data == 1 && c2.res == 0) ||
		 (c2.user_data == 9 && c2.res == 5 && c1.user_data == 1 && c1.res == 0), 1);
	int p[2];
	pipe(p);
	s = ring_sqe(&a, OP_MSG_RING, p[0], 1);
	s->addr = MSG_DATA;
	CHECK_EQ("MSG_RING to a pipe: EBADFD", run1(&a, s), -EBADFD);
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = 7;
	CHECK_STR("MSG_RING bad command", res_name(run1(&a, s)), "EINVAL");
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_DATA;
	s->file_index = 1;
	CHECK_STR("MSG_RING DATA with file_index", res_name(run1(&a, s)), "EINVAL");
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_DATA;
	s->op_flags = 8;
	CHECK_STR("MSG_RING bad flags", res_name(run1(&a, s)), "EINVAL");
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_DATA;
	s->buf_index = 1;
	CHECK_STR("MSG_RING with buf_index", res_name(run1(&a, s)), "EINVAL");
	/* SEND_FD: a's slot 0 into b's slot 2 */
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_SEND_FD;
	s->file_index = 3;
	CHECK_STR("MSG_RING SEND_FD without a table", res_name(run1(&a, s)), "EBADF");
	int fa[1] = { p[1] }, fb[3] = { -1, -1, -1 };
	CHECK_OK0("a's files", uring_register(a.fd, REG_FILES, fa, 1));
	CHECK_STR("MSG_RING SEND_FD, no table there", (s = ring_sqe(&a, OP_MSG_RING, b.fd, 1), s->addr = MSG_SEND_FD, s->file_index = 3, res_name(run1(&a, s))), "ENXIO");
	CHECK_OK0("b's files", uring_register(b.fd, REG_FILES, fb, 3));
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_SEND_FD;
	s->file_index = 3;
	s->off = 55;
	CHECK_STR("MSG_RING SEND_FD", res_name(run1(&a, s)), "0");
	c = get1(&b);
	CHECK_EQ("b's CQE", (int)c.user_data == 55 && c.res == 0, 1);
	s = ring_sqe(&b, OP_WRITE, 2, 1);
	s->flags = SQE_FIXED_FILE;
	s->addr = U("ok");
	s->len = 2;
	CHECK_STR("b writes through the slot", res_name(run1(&b, s)), "2");
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_SEND_FD;
	s->file_index = FILE_INDEX_ALLOC;
	s->off = 56;
	s->op_flags = 1;                        /* CQE_SKIP */
	CHECK_STR("MSG_RING SEND_FD INDEX_ALLOC, CQE_SKIP", res_name(run1(&a, s)), "0");
	CHECK_EQ("nothing posted to b", ring_ready(&b), 0);
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_SEND_FD;
	s->file_index = 9;
	CHECK_STR("MSG_RING SEND_FD past b's table", res_name(run1(&a, s)), "EINVAL");
	s = ring_sqe(&a, OP_MSG_RING, b.fd, 1);
	s->addr = MSG_SEND_FD;
	s->addr3 = 5;
	s->file_index = 1;
	CHECK_STR("MSG_RING SEND_FD bad source slot", res_name(run1(&a, s)), "EBADF");
	s = ring_sqe(&a, OP_MSG_RING, a.fd, 1);
	s->addr = MSG_SEND_FD;
	s->file_index = 1;
	CHECK_STR("MSG_RING SEND_FD to itself", res_name(run1(&a, s)), "EINVAL");
	ring_exit(&a);
	ring_exit(&b);
}

static void uring_cmd(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	int p[2];
	pipe(p);
	struct sqe_ *s = ring_sqe(&r, OP_URING_CMD, p[0], 1);
	CHECK_STR("URING_CMD on a pipe", res_name(run1(&r, s)), "EOPNOTSUPP");
	s = ring_sqe(&r, OP_URING_CMD, 99, 1);
	CHECK_STR("URING_CMD bad descriptor", res_name(run1(&r, s)), "EBADF");
	s = ring_sqe(&r, OP_URING_CMD, p[0], 1);
	s->op_flags = 2;
	CHECK_STR("URING_CMD unknown flag", res_name(run1(&r, s)), "EINVAL");
	/* (IORING_URING_CMD_FIXED without buffers: 6.1 says EFAULT at
	 * preparation, later kernels look when the command runs.) */
	ring_exit(&r);
}

static struct sqe_ *lt_sqe(struct ring *r, uint64_t data, struct kts_ *ts)
{
	struct sqe_ *s = ring_sqe(r, OP_LINK_TIMEOUT, -1, data);
	s->addr = U(ts);
	s->len = 1;
	return s;
}

#define RESULT(name, got, exp) CHECK_STR(name, res_name(got), exp)

static void link_timeout(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 16, 0, 0));
	struct kts_ quick = { 0, 10 * 1000 * 1000 }, slow = { 5, 0 };
	int32_t res[9];
	int p[2];
	pipe(p);
	char buf[8];
	struct sqe_ *s;

	lt_sqe(&r, 1, &quick);
	collect_cqes(&r, 1, 1, res);
	RESULT("LINK_TIMEOUT alone", res[1], "EINVAL");

	ring_sqe(&r, OP_NOP, -1, 1)->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &quick);
	collect_cqes(&r, 2, 2, res);
	RESULT("a NOP that completes at once", res[1], "0");
	RESULT("its timeout is cancelled", res[2], "ECANCELED");

	s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = U(buf);
	s->len = sizeof buf;
	s->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &quick);
	collect_cqes(&r, 2, 2, res);
	RESULT("a READ of an empty pipe, timed out", res[1], "ECANCELED");
	RESULT("the timeout fired", res[2], "ETIME");

	s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = U(buf);
	s->len = sizeof buf;
	s->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &slow);
	ring_submit(&r, 2, 0, 0);
	CHECK_EQ("write", write(p[1], "abc", 3), 3);
	collect_cqes(&r, 0, 2, res);
	RESULT("a READ that gets its data in time", res[1], "3");
	RESULT("its timeout is cancelled", res[2], "ECANCELED");

	s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = U(buf);
	s->len = sizeof buf;
	s->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &quick)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_NOP, -1, 3);
	collect_cqes(&r, 3, 3, res);
	RESULT("READ, LINK_TIMEOUT, NOP: the READ", res[1], "ECANCELED");
	RESULT("the timeout", res[2], "ETIME");
	RESULT("the NOP after them", res[3], "ECANCELED");

	ring_sqe(&r, OP_NOP, -1, 1)->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &quick)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_NOP, -1, 3);
	collect_cqes(&r, 3, 3, res);
	RESULT("NOP, LINK_TIMEOUT, NOP: the first", res[1], "0");
	RESULT("the timeout", res[2], "ECANCELED");
	RESULT("the NOP after them runs", res[3], "0");

	s = ring_sqe(&r, OP_POLL_ADD, p[0], 1);
	s->op_flags = POLLIN;
	s->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &quick);
	collect_cqes(&r, 2, 2, res);
	RESULT("a POLL_ADD, timed out", res[1], "ECANCELED");
	RESULT("the timeout fired", res[2], "ETIME");

	s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = U(buf);
	s->len = sizeof buf;
	s->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &slow);
	ring_submit(&r, 2, 0, 0);
	ring_sqe(&r, OP_ASYNC_CANCEL, -1, 3)->addr = 1;
	collect_cqes(&r, 1, 3, res);
	RESULT("a READ cancelled by ASYNC_CANCEL", res[1], "ECANCELED");
	RESULT("its timeout then", res[2], "ECANCELED");
	RESULT("the ASYNC_CANCEL", res[3], "0");

	ring_sqe(&r, OP_NOP, -1, 1)->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &quick)->flags = SQE_IO_LINK;
	lt_sqe(&r, 3, &quick);
	collect_cqes(&r, 3, 3, res);
	RESULT("NOP, two LINK_TIMEOUTs: the NOP", res[1], "ECANCELED");
	RESULT("the first timeout", res[2], "ECANCELED");
	RESULT("the second", res[3], "EINVAL");

	ring_sqe(&r, OP_NOP, -1, 1)->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &quick)->off = 1;
	collect_cqes(&r, 2, 2, res);
	RESULT("a LINK_TIMEOUT with a count: the NOP", res[1], "ECANCELED");
	RESULT("the timeout", res[2], "EINVAL");

	ring_sqe(&r, OP_NOP, -1, 1)->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, NULL);
	collect_cqes(&r, 2, 2, res);
	RESULT("a LINK_TIMEOUT's bad timespec: the NOP", res[1], "ECANCELED");
	RESULT("the timeout", res[2], "EFAULT");

	ring_sqe(&r, OP_NOP, -1, 1)->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &quick)->len = 2;
	collect_cqes(&r, 2, 2, res);
	RESULT("a LINK_TIMEOUT with len 2: the NOP", res[1], "ECANCELED");
	RESULT("the timeout", res[2], "EINVAL");
	ring_exit(&r);
}

/* A ring closed while a LINK_TIMEOUT is armed: both requests go. */
static void link_timeout_close(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	struct kts_ slow = { 5, 0 };
	int p[2];
	pipe(p);
	char buf[8];
	struct sqe_ *s = ring_sqe(&r, OP_READ, p[0], 1);
	s->addr = U(buf);
	s->len = sizeof buf;
	s->flags = SQE_IO_LINK;
	lt_sqe(&r, 2, &slow);
	CHECK_EQ("submitted", ring_submit(&r, 2, 0, 0), 2);
	ring_exit(&r);
	CHECK_EQ("the pipe still works", write(p[1], "x", 1), 1);
}


static void provided_buffers(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	static char bufs[4][8];
	int p[2];
	pipe(p);
	struct sqe_ *s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 4, 1);
	s->addr = U(bufs);
	s->len = 8;
	s->buf_index = 7;
	s->off = 10;
	CHECK_STR("PROVIDE_BUFFERS", res_name(run1(&r, s)), "0");
	write(p[1], "hello", 5);
	select_read(&r, OP_READ, p[0], 0, 7);
	CHECK_STR("READ with a provided buffer", with_buf(submit1(&r)), "5 bid 10");
	CHECK_EQ("the data is in it", memcmp(bufs[0], "hello", 5), 0);
	write(p[1], "0123456789", 10);
	select_read(&r, OP_READ, p[0], 3, 7);
	CHECK_STR("READ of 3 bytes", with_buf(submit1(&r)), "3 bid 11");
	select_read(&r, OP_READ, p[0], 100, 7);
	CHECK_STR("READ of more than a buffer holds", with_buf(submit1(&r)), "7 bid 12");
	CHECK_EQ("in the third buffer", memcmp(bufs[2], "3456789", 7), 0);
	select_read(&r, OP_READ, p[0], 0, 7);
	ring_submit(&r, 1, 0, 0);
	CHECK_EQ("a READ that waits: no CQE", ring_ready(&r), 0);
	write(p[1], "w", 1);
	CHECK_STR("then the buffer it took when the data came", with_buf(get1(&r)), "1 bid 13");
	select_read(&r, OP_READ, p[0], 0, 7);
	CHECK_STR("no buffer left", with_buf(submit1(&r)), "ENOBUFS");
	select_read(&r, OP_READ, p[0], 0, 8);
	CHECK_STR("a group never provided", with_buf(submit1(&r)), "ENOBUFS");
	s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 2, 1);
	s->addr = U(bufs);
	s->len = 8;
	s->buf_index = 7;
	s->off = 20;
	CHECK_STR("PROVIDE_BUFFERS again", res_name(run1(&r, s)), "0");
	s = ring_sqe(&r, OP_REMOVE_BUFFERS, 5, 1);
	s->buf_index = 7;
	CHECK_STR("REMOVE_BUFFERS: how many went", res_name(run1(&r, s)), "2");
	s = ring_sqe(&r, OP_REMOVE_BUFFERS, 5, 1);
	s->buf_index = 9;
	CHECK_STR("REMOVE_BUFFERS of no group", res_name(run1(&r, s)), "ENOENT");
	s = ring_sqe(&r, OP_REMOVE_BUFFERS, 0, 1);
	s->buf_index = 7;
	CHECK_STR("REMOVE_BUFFERS of 0", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 0, 1);
	s->addr = U(bufs);
	s->len = 8;
	CHECK_STR("PROVIDE_BUFFERS of 0", res_name(run1(&r, s)), "E2BIG");
	s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 1, 1);
	s->addr = U(bufs);
	s->len = 8;
	s->off = 70000;
	CHECK_STR("PROVIDE_BUFFERS bid past 16 bits", res_name(run1(&r, s)), "E2BIG");
	s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 1, 1);
	s->addr = U(bufs);
	s->len = 8;
	s->op_flags = 1;
	CHECK_STR("PROVIDE_BUFFERS with rw_flags", res_name(run1(&r, s)), "EINVAL");
	/* (Buffers past 4 GiB: EOVERFLOW on i386, room on a 64-bit host.) */
	s = select_read(&r, OP_WRITE, p[1], 1, 7);
	CHECK_STR("WRITE with BUFFER_SELECT", with_buf(submit1(&r)), "EOPNOTSUPP");
	s = select_read(&r, OP_READ_FIXED, p[0], 1, 7);
	CHECK_STR("READ_FIXED with BUFFER_SELECT", with_buf(submit1(&r)), "EOPNOTSUPP");
	struct iovec two[2] = { { bufs[0], 4 }, { bufs[1], 4 } };
	s = select_read(&r, OP_READV, p[0], 2, 7);
	s->addr = U(two);
	CHECK_STR("READV with two iovecs and BUFFER_SELECT", with_buf(submit1(&r)), "EINVAL");
	/* READV with one iovec, RECV, and EOF */
	s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 4, 1);
	s->addr = U(bufs);
	s->len = 8;
	s->buf_index = 3;
	CHECK_STR("PROVIDE_BUFFERS to group 3", res_name(run1(&r, s)), "0");
	write(p[1], "abcdef", 6);
	struct iovec one = { NULL, 4 };
	s = select_read(&r, OP_READV, p[0], 1, 3);
	s->addr = U(&one);
	CHECK_STR("READV of one iovec's length", with_buf(submit1(&r)), "4 bid 0");
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "sock", 4);
	select_read(&r, OP_RECV, sv[1], 0, 3);
	CHECK_STR("RECV with a provided buffer", with_buf(submit1(&r)), "4 bid 1");
	select_read(&r, OP_RECV, sv[1], 0, 3);
	ring_submit(&r, 1, 0, 0);
	close(sv[0]);
	CHECK_STR("RECV at the end: 0, its buffer given back", with_buf(get1(&r)), "0");
	select_read(&r, OP_RECV, sv[0], 0, 3);
	CHECK_STR("RECV on a closed descriptor", with_buf(submit1(&r)), "EBADF");
	select_read(&r, OP_RECV, p[0], 0, 3);
	CHECK_STR("RECV on a pipe", with_buf(submit1(&r)), "ENOTSOCK");
	close(p[1]);
	select_read(&r, OP_READ, p[0], 0, 3);
	CHECK_STR("READ past the pipe's end", with_buf(submit1(&r)), "2 bid 2");
	select_read(&r, OP_READ, p[0], 0, 3);
	CHECK_STR("READ at the end: 0, its buffer used", with_buf(submit1(&r)), "0 bid 3");
	select_read(&r, OP_READ, p[0], 0, 3);
	CHECK_STR("READ at the end again, no buffer left", with_buf(submit1(&r)), "ENOBUFS");
	ring_exit(&r);
}

static void pbuf_ring(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	struct bufent { uint64_t addr; uint32_t len; uint16_t bid, resv; };
	struct bufent *br = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	static char data[2][16];
	struct { uint64_t ring_addr; uint32_t ring_entries; uint16_t bgid, pad; uint64_t resv[3]; } reg = { U(br), 4, 5, 0, { 0, 0, 0 } };
	CHECK_OK0("REGISTER_PBUF_RING", uring_register(r.fd, REG_PBUF_RING, &reg, 1));
	CHECK_SYSERR("the same group again", EEXIST, NR_register, r.fd, REG_PBUF_RING, &reg, 1);
	reg.bgid = 6;
	CHECK_SYSERR("nr_args 2", EINVAL, NR_register, r.fd, REG_PBUF_RING, &reg, 2);
	reg.ring_entries = 3;
	CHECK_SYSERR("3 entries", EINVAL, NR_register, r.fd, REG_PBUF_RING, &reg, 1);
	reg.ring_entries = 4;
	reg.ring_addr = U(br) + 8;
	CHECK_SYSERR("not page aligned", EINVAL, NR_register, r.fd, REG_PBUF_RING, &reg, 1);
	reg.ring_addr = 0;
	CHECK_SYSERR("no address", EFAULT, NR_register, r.fd, REG_PBUF_RING, &reg, 1);
	reg.ring_addr = U(br);
	reg.resv[1] = 1;
	CHECK_SYSERR("resv set", EINVAL, NR_register, r.fd, REG_PBUF_RING, &reg, 1);
	reg.resv[1] = 0;
	br[0].addr = U(data[0]);
	br[0].len = 16;
	br[0].bid = 100;
	br[1].addr = U(data[1]);
	br[1].len = 16;
	br[1].bid = 101;
	__atomic_store_n((uint16_t *)((char *)br + 14), 2, __ATOMIC_RELEASE);   /* the tail */
	int p[2];
	pipe(p);
	write(p[1], "ring!", 5);
	select_read(&r, OP_READ, p[0], 0, 5);
	CHECK_STR("READ from a ring's buffer", with_buf(submit1(&r)), "5 bid 100");
	CHECK_EQ("the data", memcmp(data[0], "ring!", 5), 0);
	write(p[1], "x", 1);
	select_read(&r, OP_READ, p[0], 0, 5);
	CHECK_STR("the next entry", with_buf(submit1(&r)), "1 bid 101");
	write(p[1], "y", 1);
	select_read(&r, OP_READ, p[0], 0, 5);
	CHECK_STR("the ring is empty", with_buf(submit1(&r)), "ENOBUFS");
	struct sqe_ *s = ring_sqe(&r, OP_PROVIDE_BUFFERS, 1, 1);
	s->addr = U(data);
	s->len = 8;
	s->buf_index = 5;
	CHECK_STR("PROVIDE_BUFFERS to a ring group", res_name(run1(&r, s)), "EINVAL");
	s = ring_sqe(&r, OP_REMOVE_BUFFERS, 1, 1);
	s->buf_index = 5;
	CHECK_STR("REMOVE_BUFFERS of a ring group", res_name(run1(&r, s)), "EINVAL");
	reg.bgid = 5;
	CHECK_OK0("UNREGISTER_PBUF_RING", uring_register(r.fd, UNREG_PBUF_RING, &reg, 1));
	CHECK_SYSERR("UNREGISTER_PBUF_RING again", ENOENT, NR_register, r.fd, UNREG_PBUF_RING, &reg, 1);
	ring_exit(&r);
}

#define SPLICE_F_NONBLOCK 2
#define SPLICE_F_FD_IN_FIXED 0x80000000u

/* A SPLICE (or TEE) SQE: from in to out, offsets by value (-1: none). */
static struct sqe_ *splice_sqe(struct ring *r, int op, int in, int64_t off_in, int out, int64_t off_out,
			       unsigned len, unsigned flags)
{
	struct sqe_ *s = ring_sqe(r, op, out, 1);
	s->addr = (uint64_t)off_in;            /* splice_off_in */
	s->off = (uint64_t)off_out;
	s->len = len;
	s->op_flags = flags;                    /* splice_flags */
	s->file_index = in;                     /* splice_fd_in */
	return s;
}

static void splice_tee(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 8, 0, 0));
	int a[2], b[2];
	pipe(a);
	pipe(b);
	char buf[16] = { 0 };
	write(a[1], "hello", 5);
	CHECK_STR("SPLICE pipe to pipe", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, a[0], -1, b[1], -1, 5, 0))), "5");
	CHECK_EQ("the data moved", read(b[0], buf, sizeof buf), 5);
	int f = open(P("s"), O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(f, "0123456789", 10);
	lseek(f, 0, SEEK_SET);
	CHECK_STR("SPLICE from a file at offset 2", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, f, 2, b[1], -1, 4, 0))), "4");
	memset(buf, 0, sizeof buf);
	read(b[0], buf, sizeof buf);
	CHECK_STR("its bytes", buf, "2345");
	CHECK_EQ("the file's position stays", (int)lseek(f, 0, SEEK_CUR), 0);
	CHECK_STR("SPLICE from a file at its position", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, f, -1, b[1], -1, 3, 0))), "3");
	CHECK_EQ("the position moved", (int)lseek(f, 0, SEEK_CUR), 3);
	read(b[0], buf, sizeof buf);
	write(a[1], "XY", 2);
	CHECK_STR("SPLICE pipe to file at offset 8", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, a[0], -1, f, 8, 2, 0))), "2");
	memset(buf, 0, sizeof buf);
	pread(f, buf, 10, 0);
	CHECK_STR("the file", buf, "01234567XY");
	CHECK_STR("an offset with a pipe", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, a[0], 0, b[1], -1, 1, 0))), "ESPIPE");
	CHECK_STR("SPLICE_F_NONBLOCK on an empty pipe", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, a[0], -1, b[1], -1, 3, SPLICE_F_NONBLOCK))), "EAGAIN");
	CHECK_STR("unknown flag", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, a[0], -1, b[1], -1, 3, 0x100))), "EINVAL");
	CHECK_STR("a bad source", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, 99, -1, b[1], -1, 3, 0))), "EBADF");
	CHECK_STR("a bad destination", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, a[0], -1, 99, -1, 3, 0))), "EBADF");
	CHECK_STR("length 0", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, a[0], -1, b[1], -1, 0, 0))), "0");
	CHECK_STR("neither end a pipe", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, f, 0, f, 0, 3, 0))), "EINVAL");
	/* A SPLICE from an empty pipe waits for its data. */
	splice_sqe(&r, OP_SPLICE, a[0], -1, b[1], -1, 3, 0)->user_data = 7;
	ring_submit(&r, 1, 0, 0);
	CHECK_EQ("no CQE while the pipe is empty", ring_ready(&r), 0);
	write(a[1], "xyz", 3);
	struct cqe_ c = get1(&r);
	CHECK_EQ("then it moves the data", c.res == 3 && c.user_data == 7, 1);
	memset(buf, 0, sizeof buf);
	read(b[0], buf, sizeof buf);
	CHECK_STR("which came through", buf, "xyz");
	/* TEE */
	write(a[1], "tee!", 4);
	CHECK_STR("TEE", res_name(run1(&r, splice_sqe(&r, OP_TEE, a[0], 0, b[1], 0, 4, 0))), "4");
	memset(buf, 0, sizeof buf);
	CHECK_EQ("the copy", read(b[0], buf, sizeof buf), 4);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("the source keeps its data", read(a[0], buf, sizeof buf), 4);
	CHECK_STR("TEE with an offset", res_name(run1(&r, splice_sqe(&r, OP_TEE, a[0], 0, b[1], -1, 4, 0))), "EINVAL");
	CHECK_STR("TEE from a file", res_name(run1(&r, splice_sqe(&r, OP_TEE, f, 0, b[1], 0, 4, 0))), "EINVAL");
	/* The source a registered file */
	int regs[1] = { a[0] };
	CHECK_OK0("REGISTER_FILES", uring_register(r.fd, REG_FILES, regs, 1));
	write(a[1], "fix", 3);
	CHECK_STR("SPLICE_F_FD_IN_FIXED", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, 0, -1, b[1], -1, 3, SPLICE_F_FD_IN_FIXED))), "3");
	CHECK_STR("SPLICE_F_FD_IN_FIXED, slot 5 of 1", res_name(run1(&r, splice_sqe(&r, OP_SPLICE, 5, -1, b[1], -1, 3, SPLICE_F_FD_IN_FIXED))), "EBADF");
	ring_exit(&r);
}

static void probe_calls(void)
{
	struct ring r;
	CHECK_OK0("ring", ring_init(&r, 4, 0, 0));
	struct { uint8_t last, len; uint16_t resv; uint32_t resv2[3]; struct { uint8_t op, resv; uint16_t flags; uint32_t resv2; } ops[64]; } pr;
	memset(&pr, 0, sizeof pr);
	CHECK_OK0("PROBE", uring_register(r.fd, REG_PROBE, &pr, 64));
	static const int ops[] = { OP_SENDMSG, OP_RECVMSG, OP_SYNC_FILE_RANGE, OP_FALLOCATE, OP_FADVISE,
				   OP_MADVISE, OP_OPENAT2, OP_EPOLL_CTL, OP_RENAMEAT, OP_UNLINKAT, OP_MKDIRAT,
				   OP_SYMLINKAT, OP_LINKAT, OP_FSETXATTR, OP_SETXATTR, OP_FGETXATTR,
				   OP_GETXATTR, OP_SOCKET, OP_FILES_UPDATE, OP_MSG_RING, OP_URING_CMD,
				   OP_LINK_TIMEOUT, OP_PROVIDE_BUFFERS, OP_REMOVE_BUFFERS, OP_SPLICE, OP_TEE };
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		char name[32];
		snprintf(name, sizeof name, "op %d supported", ops[i]);
		CHECK_EQ(name, pr.ops[ops[i]].flags & 1, 1);
	}
	ring_exit(&r);
}

int main(void)
{
	umask(022);
	tdir_setup("t_io_uring_calls");
	RUN(dirs);
	RUN(names);
	RUN(openat2);
	RUN(file_calls);
	RUN(epoll_ctl_op);
	RUN(xattrs);
	RUN(sockets);
	RUN(msgs);
	RUN(files_update);
	RUN(msg_ring);
	RUN(uring_cmd);
	RUN(link_timeout);
	RUN(link_timeout_close);
	RUN(provided_buffers);
	RUN(pbuf_ring);
	RUN(splice_tee);
	RUN(probe_calls);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
