/* t_utimes_order - differential test of utimensat(2)'s order of
 * checks (Linux 5.9 on, do_utimes_path / do_utimes_fd): the path is
 * looked up, or the descriptor found, before the nanoseconds are
 * checked (vfs_utimes), so a missing file is ENOENT and a bad
 * descriptor EBADF even with a bad tv_nsec; flags still come first. */
#include "check.h"

static void order(void)
{
	struct timespec bad[2] = { { 0, 2000000000 }, { 0, 0 } };
	CHECK_ERR("missing path, bad nsec", utimensat(AT_FDCWD, "/nonexistent/x", bad, 0), ENOENT);
	CHECK_ERR("bad fd, bad nsec", syscall(SYS_utimensat, 999, NULL, bad, 0), EBADF);
	CHECK_ERR("existing path, bad nsec", utimensat(AT_FDCWD, "/", bad, 0), EINVAL);
	CHECK_ERR("bad flags, missing path, bad nsec", utimensat(AT_FDCWD, "/nonexistent/x", bad, 0x200), EINVAL);
	CHECK_ERR("fd with flags, bad nsec", syscall(SYS_utimensat, 999, NULL, bad, AT_SYMLINK_NOFOLLOW), EINVAL);
}

int main(void)
{
	RUN(order);
	return cases_failed ? 1 : 0;
}
