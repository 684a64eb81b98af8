/* t_posix_shm - differential test of POSIX shared memory through musl's
 * shm_open/shm_unlink, which are open/unlink on /dev/shm: the directory
 * (1777), O_CREAT/O_EXCL, the mode, ftruncate and two processes sharing
 * the object through mmap, shm_unlink keeping it for those who have it
 * mapped, and the errors (ENOENT, EEXIST, EACCES for another user, EINVAL
 * for a name with a slash inside). */
#include "check.h"
#include <sys/mman.h>

static void unlink_all(void)
{
	shm_unlink("/t_pshm_a");
	shm_unlink("/t_pshm_b");
}

static void directory(void)
{
	struct stat st = st_of("/dev/shm");
	CHECK_MODE("/dev/shm: a sticky directory for all", st.st_mode, S_IFDIR | 01777);
	CHECK_EQ("owned by root", st.st_uid, 0);
}

static void sharing(void)
{
	umask(022);
	int fd = shm_open("/t_pshm_a", O_CREAT | O_EXCL | O_RDWR, 0660);
	CHECK_OK("shm_open O_CREAT|O_EXCL", fd);
	struct stat st;
	fstat(fd, &st);
	CHECK_MODE("mode & ~umask", st.st_mode, S_IFREG | 0640);
	CHECK_EQ("empty", st.st_size, 0);
	CHECK("close-on-exec (musl and glibc set it)", fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK_OK0("ftruncate 8192", ftruncate(fd, 8192));
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("mmap", p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	strcpy(p, "from the parent");
	pid_t pid = fork();
	if (pid == 0) {
		int fd2 = shm_open("/t_pshm_a", O_RDWR, 0);
		char *q = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
		if (q == MAP_FAILED)
			_exit(2);
		strcpy(q + 4096, "from the child");
		_exit(strcmp(q, "from the parent") ? 1 : 0);
	}
	CHECK_EXIT("the child saw the parent's bytes", wait_for(pid), 0);
	CHECK_STR("the parent sees the child's", p + 4096, "from the child");
	CHECK_ERR("O_CREAT|O_EXCL again: EEXIST", shm_open("/t_pshm_a", O_CREAT | O_EXCL | O_RDWR, 0600), EEXIST);
	CHECK_OK0("shm_unlink", shm_unlink("/t_pshm_a"));
	CHECK_ERR("gone by name: ENOENT", shm_open("/t_pshm_a", O_RDWR, 0), ENOENT);
	CHECK_STR("the mapping keeps the bytes", p, "from the parent");
	CHECK_ERR("shm_unlink again: ENOENT", shm_unlink("/t_pshm_a"), ENOENT);
}

static void as_user(void)
{
	CHECK_ERR("root's 0600 object: EACCES", shm_open("/t_pshm_b", O_RDWR, 0), EACCES);
	CHECK_ERR("unlink root's object: EPERM (sticky)", shm_unlink("/t_pshm_b"), EPERM);
}

static void errors(void)
{
	CHECK_ERR("no object: ENOENT", shm_open("/t_pshm_b", O_RDWR, 0), ENOENT);
	CHECK_ERR("slash inside: EINVAL", shm_open("/t_pshm/b", O_CREAT | O_RDWR, 0600), EINVAL);
	CHECK_OK("create", shm_open("/t_pshm_b", O_CREAT | O_RDWR, 0600));
	as_uid1000(as_user);
}

int main(void)
{
	after_case = unlink_all;
	unlink_all();
	RUN(directory);
	RUN(sharing);
	RUN(errors);
	return cases_failed != 0;
}
