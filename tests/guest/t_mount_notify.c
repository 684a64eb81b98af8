/* t_mount_notify - what inotify says when a filesystem goes, differential:
 * at the umount of a tmpfs each watch on its files and directories is
 * told IN_UNMOUNT (whatever its mask asked for) then IN_IGNORED, and
 * nothing else; a watch elsewhere hears nothing. A lazy umount says it
 * only when the last user lets go; a bind's umount says nothing while the
 * filesystem is still mounted elsewhere. */
#include "check.h"
#include "mount_ns.h"
#include <poll.h>
#include <sched.h>
#include <sys/inotify.h>
#include <sys/mount.h>


/* The events waiting on fd, as "wd:NAME..." words per event, for the
 * watch descriptors a (the file) and b (the directory). */
static const char *events(int fd, int a, int b)
{
	static char out[512];
	char buf[4096];
	out[0] = 0;
	struct pollfd p = { fd, POLLIN, 0 };
	while (poll(&p, 1, 0) == 1) {
		ssize_t n = read(fd, buf, sizeof buf);
		for (ssize_t off = 0; n > 0 && off < n;) {
			struct inotify_event *e = (struct inotify_event *)(buf + off);
			const char *who = e->wd == a ? "file" : e->wd == b ? "dir" : "other";
			char one[64];
			snprintf(one, sizeof one, "%s%s:%s%s%s%s", out[0] ? " " : "", who,
				 e->mask & IN_UNMOUNT ? "UNMOUNT" : "",
				 e->mask & IN_IGNORED ? "IGNORED" : "",
				 e->mask & IN_ISDIR ? "|ISDIR" : "",
				 e->mask & ~(IN_UNMOUNT | IN_IGNORED | IN_ISDIR) ? "+other" : "");
			strncat(out, one, sizeof out - strlen(out) - 1);
			off += sizeof *e + e->len;
		}
	}
	return out;
}

static void umount_tells(void)
{
	private_ns();
	mkdir(P("m"), 0755);
	mkdir(P("o"), 0755);
	CHECK_OK0("tmpfs", mount("none", P("m"), "tmpfs", 0, NULL));
	close(open(P("m/f"), O_CREAT | O_WRONLY, 0644));
	int fd = inotify_init1(IN_NONBLOCK);
	int a = inotify_add_watch(fd, P("m/f"), IN_MODIFY);
	int b = inotify_add_watch(fd, P("m"), IN_CREATE);
	int c = inotify_add_watch(fd, P("o"), IN_ALL_EVENTS);
	CHECK("three watches", a > 0 && b > 0 && c > 0);
	CHECK_OK0("umount", umount(P("m")));
	const char *e = events(fd, a, b);
	CHECK("the file's watch: IN_UNMOUNT then IN_IGNORED", strstr(e, "file:UNMOUNT file:IGNORED") != NULL);
	CHECK("the directory's: the same, IN_ISDIR with the first",
	      strstr(e, "dir:UNMOUNT|ISDIR dir:IGNORED") != NULL);
	CHECK("nothing else", !strstr(e, "other"));
	CHECK_ERR("the watches are gone", inotify_rm_watch(fd, a), EINVAL);
	close(fd);
}

static void lazy_and_bind(void)
{
	private_ns();
	mkdir(P("m"), 0755);
	mkdir(P("b"), 0755);
	CHECK_OK0("tmpfs", mount("none", P("m"), "tmpfs", 0, NULL));
	close(open(P("m/f"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK0("bind", mount(P("m"), P("b"), NULL, MS_BIND, NULL));
	int fd = inotify_init1(IN_NONBLOCK);
	int a = inotify_add_watch(fd, P("m/f"), IN_MODIFY);
	CHECK_OK0("umount the bind", umount(P("b")));
	CHECK_STR("nothing while mounted elsewhere", events(fd, a, -1), "");
	int keep = open(P("m/f"), O_RDONLY);
	CHECK_OK0("lazy umount while a file is open", umount2(P("m"), MNT_DETACH));
	CHECK_STR("nothing while it is in use", events(fd, a, -1), "");
	close(keep);
	CHECK_STR("told at the last close", events(fd, a, -1), "file:UNMOUNT file:IGNORED");
	close(fd);
}

int main(void)
{
	tdir_setup("t_mount_notify");
	RUN(umount_tells);
	RUN(lazy_and_bind);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
