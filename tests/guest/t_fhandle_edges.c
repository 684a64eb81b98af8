/* t_fhandle_edges - open_by_handle_at(2) at its edges, differential against
 * Linux 6.1's tmpfs (run under /dev/shm, as t_fhandle): a bad mount fd is
 * seen only after the handle is read (EFAULT, EINVAL first); a handle is
 * decoded in the mount fd's filesystem, so a pipe, a socket, an eventfd
 * or a memfd as mount fd finds nothing of /dev/shm's, and a memfd's
 * handle opens only through a memfd; a directory removed while open
 * opens and reads as removed; FIFOs and sockets through a handle open as
 * by name; O_TRUNC truncates. */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/eventfd.h>

#define MAX_HANDLE_SZ 128
struct fh {
	unsigned int handle_bytes;
	int handle_type;
	unsigned char f_handle[MAX_HANDLE_SZ];
};

static long n2h(int dirfd, const char *path, struct fh *h, int flags)
{
	int mnt;
	h->handle_bytes = MAX_HANDLE_SZ;
	return syscall(SYS_name_to_handle_at, dirfd, path, h, &mnt, flags);
}

static long obh(int mfd, struct fh *h, int flags)
{
	return syscall(SYS_open_by_handle_at, mfd, h, flags);
}

static void order(void)
{
	struct fh bad = { .handle_bytes = 0 };
	CHECK_SYSERR("a bad mount fd and handle_bytes 0: EINVAL first", EINVAL, SYS_open_by_handle_at, 999, &bad, O_RDONLY);
	CHECK_SYSERR("a bad mount fd and a bad handle: EFAULT first", EFAULT, SYS_open_by_handle_at, 999, (void *)16, O_RDONLY);
	bad.handle_bytes = 129;
	CHECK_SYSERR("-1 and handle_bytes 129: EINVAL first", EINVAL, SYS_open_by_handle_at, -1, &bad, O_RDONLY);
	struct fh h;
	mk("f", "data");
	n2h(AT_FDCWD, P("f"), &h, 0);
	CHECK_SYSERR("a good handle, a bad mount fd: EBADF", EBADF, SYS_open_by_handle_at, 999, &h, O_RDONLY);
}

static void mount_fds(void)
{
	struct fh h;
	mk("f", "data");
	CHECK_OK0("a file's handle", n2h(AT_FDCWD, P("f"), &h, 0));
	int p[2], sv[2];
	pipe(p);
	CHECK_ERR("a pipe as mount fd", obh(p[0], &h, O_RDONLY), ESTALE);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_ERR("a socket as mount fd", obh(sv[0], &h, O_RDONLY), ESTALE);
	int efd = eventfd(0, 0);
	CHECK_ERR("an eventfd as mount fd", obh(efd, &h, O_RDONLY), ESTALE);
	int mfd = syscall(SYS_memfd_create, "m", 0);
	CHECK_ERR("a memfd as mount fd", obh(mfd, &h, O_RDONLY), ESTALE);
	struct fh hm;
	CHECK_OK0("a memfd's handle", n2h(mfd, "", &hm, AT_EMPTY_PATH));
	CHECK_ERR("  does not open in /dev/shm", obh(AT_FDCWD, &hm, O_RDONLY), ESTALE);
	int dfd = open(tdir, O_RDONLY);
	CHECK_ERR("  nor with a directory there as mount fd", obh(dfd, &hm, O_RDONLY), ESTALE);
	int fd = obh(mfd, &hm, O_RDWR);
	struct stat a, b;
	fstat(mfd, &a);
	CHECK("  but through the memfd itself", fd >= 0 && fstat(fd, &b) == 0 && a.st_ino == b.st_ino);
	close(fd);
}

static void removed_dir(void)
{
	mkdir(P("d"), 0755);
	struct fh h;
	CHECK_OK0("a directory's handle", n2h(AT_FDCWD, P("d"), &h, 0));
	int keep = open(P("d"), O_RDONLY | O_DIRECTORY);
	rmdir(P("d"));
	int fd = obh(AT_FDCWD, &h, O_RDONLY | O_DIRECTORY);
	CHECK("removed while open: the handle opens it", fd >= 0);
	char buf[512];
	CHECK_SYSERR("  and it reads as removed", ENOENT, SYS_getdents64, fd, buf, sizeof buf);
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("  no links", st.st_nlink, 0);
	close(fd);
	close(keep);
	CHECK_ERR("stale once closed", obh(AT_FDCWD, &h, O_RDONLY), ESTALE);
}

static void kinds(void)
{
	struct fh h;
	mkfifo(P("fifo"), 0644);
	CHECK_OK0("a FIFO's handle", n2h(AT_FDCWD, P("fifo"), &h, 0));
	int fd = obh(AT_FDCWD, &h, O_RDONLY | O_NONBLOCK);
	CHECK("  O_RDONLY | O_NONBLOCK opens with no writer", fd >= 0);
	int w = obh(AT_FDCWD, &h, O_WRONLY | O_NONBLOCK);
	CHECK("  then O_WRONLY | O_NONBLOCK too", w >= 0);
	CHECK_EQ("  the same pipe", write(w, "x", 1) == 1 && read(fd, &h, 1) == 1, 1);
	close(fd);
	close(w);
	n2h(AT_FDCWD, P("fifo"), &h, 0);
	CHECK_ERR("  O_WRONLY | O_NONBLOCK with no reader", obh(AT_FDCWD, &h, O_WRONLY | O_NONBLOCK), ENXIO);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", P("sock"));
	bind(s, (struct sockaddr *)&sa, sizeof sa);
	CHECK_OK0("a bound socket's handle", n2h(AT_FDCWD, P("sock"), &h, 0));
	CHECK_ERR("  does not open", obh(AT_FDCWD, &h, O_RDONLY), ENXIO);
	CHECK_OK("  but O_PATH does", obh(AT_FDCWD, &h, O_PATH));
	mk("t", "12345");
	n2h(AT_FDCWD, P("t"), &h, 0);
	fd = obh(AT_FDCWD, &h, O_WRONLY | O_TRUNC);
	CHECK("O_TRUNC through a handle", fd >= 0);
	CHECK_EQ("  truncates", st_of(P("t")).st_size, 0);
	fd = obh(AT_FDCWD, &h, O_RDONLY | O_CREAT);
	CHECK("O_CREAT without O_EXCL opens it", fd >= 0);
	CHECK_OK("O_NOFOLLOW on a file opens it", obh(AT_FDCWD, &h, O_RDONLY | O_NOFOLLOW));
	symlink("t", P("l"));
	n2h(AT_FDCWD, P("l"), &h, 0);
	CHECK_ERR("a symlink's handle with O_NOFOLLOW", obh(AT_FDCWD, &h, O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR("  O_PATH | O_DIRECTORY", obh(AT_FDCWD, &h, O_PATH | O_DIRECTORY), ENOTDIR);
	n2h(AT_FDCWD, "/dev/shm", &h, 0);
	fd = obh(AT_FDCWD, &h, O_RDONLY | O_DIRECTORY);
	struct stat a, b;
	stat("/dev/shm", &a);
	CHECK("/dev/shm's own handle", fd >= 0 && fstat(fd, &b) == 0 && a.st_ino == b.st_ino);
}

int main(void)
{
	snprintf(tdir, sizeof tdir, "/dev/shm/t_fhandle_edges.d");
	rm_rf(tdir);
	mkdir(tdir, 0755);
	chdir(tdir);
	RUN(order);
	RUN(mount_fds);
	RUN(removed_dir);
	RUN(kinds);
	chdir("/");
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
