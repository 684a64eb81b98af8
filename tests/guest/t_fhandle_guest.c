/* t_fhandle_guest - open_by_handle_at(2) gives back every inode reference
 * and object, in the guest only (kmem.h): handles of files, directories,
 * symlinks, FIFOs and memfds opened and closed many times, with every
 * flag that fails after the inode is found (O_CREAT | O_EXCL, ELOOP,
 * EISDIR, ENOTDIR, ENXIO, EACCES as a user with the capability), and a
 * file unlinked while open by handle goes stale once the last of those
 * opens is closed (a reference left behind would keep it). */
#include "check.h"
#include "kmem.h"
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MAX_HANDLE_SZ 128
struct fh {
	unsigned int handle_bytes;
	int handle_type;
	unsigned char f_handle[MAX_HANDLE_SZ];
};

static struct fh handle_of(int dirfd, const char *path, int flags)
{
	struct fh h = { .handle_bytes = MAX_HANDLE_SZ };
	int mnt;
	syscall(SYS_name_to_handle_at, dirfd, path, &h, &mnt, flags);
	return h;
}

static long obh(int mfd, struct fh *h, int flags)
{
	return syscall(SYS_open_by_handle_at, mfd, h, flags);
}

static bool opens(void)
{
	bool ok = true;
	mk("f", "data");
	mkdir(P("d"), 0755);
	symlink("f", P("l"));
	mkfifo(P("p"), 0644);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", P("s"));
	bind(s, (struct sockaddr *)&sa, sizeof sa);
	int mfd = syscall(SYS_memfd_create, "m", 0);
	struct fh hf = handle_of(AT_FDCWD, P("f"), 0), hd = handle_of(AT_FDCWD, P("d"), 0),
		  hl = handle_of(AT_FDCWD, P("l"), 0), hp = handle_of(AT_FDCWD, P("p"), 0),
		  hs = handle_of(AT_FDCWD, P("s"), 0), hm = handle_of(mfd, "", AT_EMPTY_PATH);
	for (int i = 0; i < 100; i++) {
		int fds[] = { obh(AT_FDCWD, &hf, O_RDWR), obh(AT_FDCWD, &hd, O_RDONLY),
			      obh(AT_FDCWD, &hl, O_PATH), obh(AT_FDCWD, &hp, O_RDONLY | O_NONBLOCK),
			      obh(AT_FDCWD, &hs, O_PATH), obh(mfd, &hm, O_RDWR) };
		for (unsigned j = 0; j < sizeof fds / sizeof fds[0]; j++) {
			ok = ok && fds[j] >= 0;
			close(fds[j]);
		}
		ok = ok && obh(AT_FDCWD, &hf, O_RDONLY | O_CREAT | O_EXCL) < 0 && errno == EEXIST;
		ok = ok && obh(AT_FDCWD, &hl, O_RDONLY) < 0 && errno == ELOOP;
		ok = ok && obh(AT_FDCWD, &hd, O_WRONLY) < 0 && errno == EISDIR;
		ok = ok && obh(AT_FDCWD, &hf, O_DIRECTORY) < 0 && errno == ENOTDIR;
		ok = ok && obh(AT_FDCWD, &hs, O_RDONLY) < 0 && errno == ENXIO;
		ok = ok && obh(AT_FDCWD, &hp, O_WRONLY | O_NONBLOCK) < 0 && errno == ENXIO;
		ok = ok && obh(AT_FDCWD, &hm, O_RDONLY) < 0 && errno == ESTALE;
	}
	close(s);
	close(mfd);
	unlink(P("f"));
	rmdir(P("d"));
	unlink(P("l"));
	unlink(P("p"));
	unlink(P("s"));
	ok = ok && obh(AT_FDCWD, &hf, O_RDONLY) < 0 && errno == ESTALE;
	ok = ok && obh(AT_FDCWD, &hd, O_RDONLY) < 0 && errno == ESTALE;
	return ok;
}

static void leaks(void)
{
	kmem_account("handles of every kind opened and refused 100 times", opens, 3,
		     "the account exactly as before");
}

static void stale_after_last_close(void)
{
	mk("g", "data");
	struct fh h = handle_of(AT_FDCWD, P("g"), 0);
	int fds[20];
	for (int i = 0; i < 20; i++)
		fds[i] = obh(AT_FDCWD, &h, O_RDONLY);
	unlink(P("g"));
	int again = obh(AT_FDCWD, &h, O_RDONLY);
	CHECK("unlinked, open 20 times: the handle still opens it", again >= 0);
	close(again);
	for (int i = 0; i < 20; i++)
		close(fds[i]);
	CHECK_ERR("stale once the last is closed", obh(AT_FDCWD, &h, O_RDONLY), ESTALE);
}

int main(void)
{
	snprintf(tdir, sizeof tdir, "/dev/shm/t_fhandle_guest.d");
	rm_rf(tdir);
	mkdir(tdir, 0755);
	chdir(tdir);
	RUN(leaks);
	RUN(stale_after_last_close);
	chdir("/");
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
