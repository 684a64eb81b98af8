/* t_mqueue_fs - differential test of the mqueue filesystem at /dev/mqueue:
 * the directory (1777, root's), a queue's name, mode, owner and size
 * there, its file's text (QSIZE), unlink(2) as mq_unlink, open(2) with
 * and without O_CREAT giving queue descriptors, chmod, the calls the
 * filesystem refuses (mkdir, symlink, mknod, link: EPERM) and the sticky
 * directory's rule for another user. On a host where /dev/mqueue is not
 * mounted, the test mounts it (as root), as systems do at boot. */
#include "check.h"
#include <mqueue.h>
#include <sys/mount.h>

static void unlink_all(void)
{
	mq_unlink("/t_mqf_a");
	mq_unlink("/t_mqf_b");
	mq_unlink("/t_mqf_c");
}

/* The queue names beginning with t_mqf_, sorted, space-separated. */
static const char *listing(void)
{
	static char out[256];
	char names[8][64];
	int n = 0;
	DIR *d = opendir("/dev/mqueue");
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "t_mqf_", 6) && n < 8)
			snprintf(names[n++], 64, "%.60s", e->d_name);
	if (d)
		closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char t[64];
				memcpy(t, names[i], 64);
				memcpy(names[i], names[j], 64);
				memcpy(names[j], t, 64);
			}
	out[0] = 0;
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "", names[i]);
	return out;
}

static void directory(void)
{
	struct stat st = st_of("/dev/mqueue");
	CHECK_MODE("/dev/mqueue: a sticky directory for all", st.st_mode, S_IFDIR | 01777);
	CHECK_EQ("owned by root", st.st_uid, 0);
	mqd_t a = mq_open("/t_mqf_a", O_CREAT | O_RDWR, 0640, NULL);
	mq_open("/t_mqf_b", O_CREAT | O_RDWR, 0600, NULL);
	CHECK_STR("readdir lists the queues", listing(), "t_mqf_a t_mqf_b");
	st = st_of("/dev/mqueue/t_mqf_a");
	CHECK_MODE("a queue: a regular file", st.st_mode, S_IFREG | 0640);
	CHECK_EQ("its size", st.st_size, 80);
	CHECK_EQ("its owner", st.st_uid, geteuid());
	CHECK_EQ("one link", st.st_nlink, 1);
	struct stat fst;
	fstat(a, &fst);
	CHECK("the same inode as the descriptor", fst.st_ino == st.st_ino && fst.st_dev == st.st_dev);
	char text[128];
	get_file("/dev/mqueue/t_mqf_a", text, sizeof text);
	CHECK_STR("cat: an empty queue", text, "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n");
	mq_send(a, "hello", 5, 1);
	mq_send(a, "abc", 3, 9);
	get_file("/dev/mqueue/t_mqf_a", text, sizeof text);
	CHECK_STR("cat: 8 bytes queued", text, "QSIZE:8          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n");
	CHECK_OK0("unlink(2)", unlink("/dev/mqueue/t_mqf_a"));
	CHECK_ERR("mq_open after unlink(2): ENOENT", mq_open("/t_mqf_a", O_RDWR), ENOENT);
	CHECK_STR("gone from the listing", listing(), "t_mqf_b");
	CHECK_ERR("mq_unlink after unlink(2): ENOENT", mq_unlink("/t_mqf_a"), ENOENT);
	CHECK_OK0("mq_unlink", mq_unlink("/t_mqf_b"));
	CHECK_ERR("gone for stat", stat("/dev/mqueue/t_mqf_b", &st), ENOENT);
}

static void open_calls(void)
{
	umask(022);
	int fd = open("/dev/mqueue/t_mqf_c", O_CREAT | O_RDWR, 0666);
	CHECK_OK("open(2) with O_CREAT makes a queue", fd);
	struct mq_attr a;
	CHECK_OK0("it is a queue", mq_getattr(fd, &a));
	CHECK_EQ("default maxmsg", a.mq_maxmsg, 10);
	CHECK_EQ("default msgsize", a.mq_msgsize, 8192);
	CHECK_OK0("send through it", mq_send(fd, "xyz", 3, 4));
	CHECK_MODE("mode & ~umask", st_of("/dev/mqueue/t_mqf_c").st_mode, S_IFREG | 0644);
	int r = open("/dev/mqueue/t_mqf_c", O_RDONLY);
	char buf[8192];
	unsigned prio;
	CHECK_EQ("open(2) of an existing queue: receive", mq_receive(r, buf, sizeof buf, &prio), 3);
	CHECK_EQ("its prio", prio, 4);
	CHECK_ERR("mq_send on O_RDONLY: EBADF", mq_send(r, "x", 1, 0), EBADF);
	CHECK_EQ("no close-on-exec from open(2)", fcntl(r, F_GETFD), 0);
	CHECK_ERR("write(2): EINVAL", write(fd, "x", 1), EINVAL);
	CHECK_ERR("O_CREAT|O_EXCL: EEXIST", open("/dev/mqueue/t_mqf_c", O_CREAT | O_EXCL | O_RDWR, 0600), EEXIST);
	CHECK_ERR("mkdir: EPERM", mkdir("/dev/mqueue/t_mqf_d", 0700), EPERM);
	CHECK_ERR("symlink: EPERM", symlink("x", "/dev/mqueue/t_mqf_d"), EPERM);
	CHECK_ERR("mknod FIFO: EPERM", mknod("/dev/mqueue/t_mqf_d", S_IFIFO | 0600, 0), EPERM);
	CHECK_ERR("link: EPERM", link("/dev/mqueue/t_mqf_c", "/dev/mqueue/t_mqf_d"), EPERM);
	CHECK_ERR("rename inside: EPERM", rename("/dev/mqueue/t_mqf_c", "/dev/mqueue/t_mqf_d"), EPERM);
	CHECK_ERR("rename out: EXDEV", rename("/dev/mqueue/t_mqf_c", "/tmp/t_mqf_d"), EXDEV);
	close(open("/tmp/t_mqf_x", O_CREAT | O_RDWR, 0600));
	CHECK_ERR("rename in: EXDEV", rename("/tmp/t_mqf_x", "/dev/mqueue/t_mqf_d"), EXDEV);
	CHECK_ERR("link in: EXDEV", link("/tmp/t_mqf_x", "/dev/mqueue/t_mqf_d"), EXDEV);
	CHECK_ERR("link out: EXDEV", link("/dev/mqueue/t_mqf_c", "/tmp/t_mqf_d"), EXDEV);
	unlink("/tmp/t_mqf_x");
	CHECK_OK0("truncate", truncate("/dev/mqueue/t_mqf_c", 0));
	CHECK_EQ("size 0", st_of("/dev/mqueue/t_mqf_c").st_size, 0);
	CHECK_OK0("the queue is as it was", mq_getattr(fd, &a));
	CHECK_EQ("maxmsg kept", a.mq_maxmsg, 10);
	CHECK_OK0("chmod", chmod("/dev/mqueue/t_mqf_c", 0666));
	CHECK_MODE("mode changed", st_of("/dev/mqueue/t_mqf_c").st_mode, S_IFREG | 0666);
}

static void as_user(void)
{
	CHECK_OK("a 0666 queue opens for writing", mq_open("/t_mqf_c", O_WRONLY));
	CHECK_ERR("root's 0600 queue by open(2): EACCES", open("/dev/mqueue/t_mqf_a", O_RDONLY), EACCES);
	CHECK_ERR("unlink(2) of root's queue: sticky, EPERM", unlink("/dev/mqueue/t_mqf_c"), EPERM);
	CHECK_OK("a user makes a queue there", open("/dev/mqueue/t_mqf_b", O_CREAT | O_RDWR, 0600));
	CHECK_EQ("the user's", st_of("/dev/mqueue/t_mqf_b").st_uid, 1000);
}

static void users(void)
{
	mq_open("/t_mqf_a", O_CREAT | O_RDWR, 0600, NULL);
	mq_open("/t_mqf_c", O_CREAT | O_RDWR, 0666, NULL);
	chmod("/dev/mqueue/t_mqf_c", 0666);
	as_uid1000(as_user);
	CHECK_OK0("root removes the user's", unlink("/dev/mqueue/t_mqf_b"));
}

int main(void)
{
	struct stat st;
	if (stat("/dev/mqueue", &st) < 0) {     /* a host that has not mounted it */
		mkdir("/dev/mqueue", 01777);
		mount("mqueue", "/dev/mqueue", "mqueue", 0, NULL);
	}
	after_case = unlink_all;
	unlink_all();
	RUN(directory);
	RUN(open_calls);
	RUN(users);
	return cases_failed != 0;
}
