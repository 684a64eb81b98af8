/* t_fanotify_fid - differential test of fanotify's file identifiers
 * (FAN_REPORT_FID, FAN_REPORT_DIR_FID, FAN_REPORT_NAME,
 * FAN_REPORT_TARGET_FID): fanotify_init's and fanotify_mark's errors
 * for them, the directory-entry and inode events only they report
 * (FAN_CREATE, FAN_DELETE, FAN_MOVED_FROM/TO, FAN_RENAME, FAN_ATTRIB,
 * FAN_DELETE_SELF, FAN_MOVE_SELF, FAN_MODIFY of truncate) with
 * FAN_ONDIR and FAN_EVENT_ON_CHILD, the info records each flag set
 * gives (FID, DFID, DFID_NAME with "." for a directory itself, the old
 * and new DFID_NAME of a rename), merging in FID mode, reading (event
 * lengths, no fd, EINVAL for a short buffer), an unprivileged group,
 * and open_by_handle_at on a reported handle. Handles are never
 * printed: each is told by the name whose name_to_handle_at it equals
 * ("." for the test's directory), fsids are compared with statfs. */
#include "check.h"
#include <poll.h>
#include <stdint.h>
#include <sys/fanotify.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>

#ifndef FAN_RENAME
#define FAN_RENAME 0x10000000
#endif
#ifndef FAN_REPORT_TARGET_FID
#define FAN_REPORT_TARGET_FID 0x1000
#endif
#ifndef FAN_EVENT_INFO_TYPE_OLD_DFID_NAME
#define FAN_EVENT_INFO_TYPE_OLD_DFID_NAME 10
#define FAN_EVENT_INFO_TYPE_NEW_DFID_NAME 12
#endif
#ifndef FAN_MOVE_SELF
#define FAN_MOVE_SELF 0x800
#endif
#define DFID_NAME (FAN_REPORT_DIR_FID | FAN_REPORT_NAME)
#define TARGET (DFID_NAME | FAN_REPORT_FID | FAN_REPORT_TARGET_FID)

static long fmark(int fd, unsigned flags, uint64_t mask, int dfd, const char *path)
{
	return fanotify_mark(fd, flags, mask, dfd, path);
}

/* ---- handles, told by name ---- */

struct fh {
	struct file_handle h;
	unsigned char bytes[128];
};
static struct { char name[64]; struct fh fh; } known[64];
static int nknown;

/* Remembers the handle of tdir/rel ("." for tdir) under rel. */
static void reg(const char *rel)
{
	int mnt;
	struct fh *f = &known[nknown].fh;
	f->h.handle_bytes = sizeof f->bytes;
	if (name_to_handle_at(AT_FDCWD, strcmp(rel, ".") ? P(rel) : tdir, &f->h, &mnt, 0) < 0) {
		say("name_to_handle_at %s: %s\n", rel, strerror(errno));
		return;
	}
	snprintf(known[nknown++].name, sizeof known[0].name, "%s", rel);
}

static const char *who(const struct file_handle *h)
{
	for (int i = nknown - 1; i >= 0; i--)
		if (known[i].fh.h.handle_bytes == h->handle_bytes &&
		    known[i].fh.h.handle_type == h->handle_type &&
		    !memcmp(known[i].fh.h.f_handle, h->f_handle, h->handle_bytes))
			return known[i].name;
	return "?";
}

static pid_t child_pid;

/* One event: "CREATE|ONDIR DFID_NAME(.,a) FID(a)". Marks a record whose
 * fsid is not statfs's with "!fsid", an fd other than FAN_NOFD with
 * "fd", a pid neither ours nor the child's (nor 0) with "pid=other".
 * False for an event about none of the test's files (the guest's
 * console, written to by this very test, is on the marked filesystem). */
static bool fmt(const struct fanotify_event_metadata *m, char *out, size_t cap)
{
	static const struct { uint64_t bit; const char *name; } bits[] = {
		{ FAN_ACCESS, "ACCESS" }, { FAN_MODIFY, "MODIFY" }, { FAN_ATTRIB, "ATTRIB" },
		{ FAN_CLOSE_WRITE, "CLOSE_WRITE" }, { FAN_CLOSE_NOWRITE, "CLOSE_NOWRITE" },
		{ FAN_OPEN, "OPEN" }, { FAN_MOVED_FROM, "MOVED_FROM" }, { FAN_MOVED_TO, "MOVED_TO" },
		{ FAN_CREATE, "CREATE" }, { FAN_DELETE, "DELETE" }, { FAN_DELETE_SELF, "DELETE_SELF" },
		{ FAN_MOVE_SELF, "MOVE_SELF" }, { FAN_OPEN_EXEC, "OPEN_EXEC" },
		{ FAN_Q_OVERFLOW, "Q_OVERFLOW" }, { FAN_RENAME, "RENAME" }, { FAN_ONDIR, "ONDIR" },
	};
	static const char *types[] = { [1] = "FID", [2] = "DFID_NAME", [3] = "DFID",
				       [10] = "OLD_DFID_NAME", [12] = "NEW_DFID_NAME" };
	struct statfs sf;
	statfs(tdir, &sf);
	size_t n = 0;
	const char *sep = "";
	uint64_t mask = m->mask;
	for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
		if (mask & bits[i].bit) {
			n += snprintf(out + n, cap - n, "%s%s", sep, bits[i].name);
			mask &= ~bits[i].bit;
			sep = "|";
		}
	if (mask)
		n += snprintf(out + n, cap - n, "%s0x%llx", sep, (unsigned long long)mask);
	const char *p = (const char *)m + m->metadata_len, *end = (const char *)m + m->event_len;
	int records = 0, ours = 0;
	while (p < end) {
		const struct fanotify_event_info_fid *fid = (const void *)p;
		const struct file_handle *h = (const void *)fid->handle;
		unsigned t = fid->hdr.info_type;
		const char *tn = t < sizeof types / sizeof types[0] && types[t] ? types[t] : "TYPE?";
		n += snprintf(out + n, cap - n, " %s(%s", tn, who(h));
		records++;
		ours += strcmp(who(h), "?") != 0;
		if (t == 2 || t == 10 || t == 12)
			n += snprintf(out + n, cap - n, ",%s", (const char *)h->f_handle + h->handle_bytes);
		n += snprintf(out + n, cap - n, ")%s", memcmp(&fid->fsid, &sf.f_fsid, sizeof sf.f_fsid) ? "!fsid" : "");
		if (fid->hdr.len < sizeof *fid || fid->hdr.len % 4)
			break;
		p += fid->hdr.len;
	}
	if (m->fd != FAN_NOFD)
		n += snprintf(out + n, cap - n, " fd");
	if (m->pid != getpid() && m->pid != child_pid && m->pid != 0)
		n += snprintf(out + n, cap - n, " pid=other");
	else if (m->pid == 0)
		n += snprintf(out + n, cap - n, " pid=0");
	else if (m->pid == child_pid)
		n += snprintf(out + n, cap - n, " pid=child");
	return !records || ours;
}

/* What is queued, "; "-joined, without waiting; other processes' events
 * (a filesystem mark on the host hears them) are left out. */
static void drain(int fan, char *out, size_t cap)
{
	char buf[8192];
	size_t n = 0;
	out[0] = 0;
	for (;;) {
		struct pollfd p = { fan, POLLIN, 0 };
		if (poll(&p, 1, 0) != 1)
			break;
		ssize_t len = read(fan, buf, sizeof buf);
		if (len <= 0)
			break;
		struct fanotify_event_metadata *m = (void *)buf;
		for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
			char e[1024];
			if (!fmt(m, e, sizeof e) || strstr(e, "pid=other"))
				continue;
			n += snprintf(out + n, cap - n, "%s%s", n ? "; " : "", e);
		}
	}
}

#define EXPECT(name, fan, exp) do { \
	char got_[4096]; drain(fan, got_, sizeof got_); CHECK_STR(name, got_, exp); } while (0)

static int group(unsigned flags)
{
	return fanotify_init(flags | FAN_NONBLOCK, O_RDONLY);
}

/* The mask fdinfo shows for fd's first mark. */
static unsigned fdinfo_mask(int fd)
{
	char path[64], buf[2048];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	int f = open(path, O_RDONLY);
	ssize_t n = read(f, buf, sizeof buf - 1);
	close(f);
	buf[n < 0 ? 0 : n] = 0;
	char *m = strstr(buf, " mask:");
	return m ? strtoul(m + 6, NULL, 16) : 0;
}

/* ---- cases ---- */

static void init_errors(void)
{
	CHECK_SYSERR("name without dir_fid", EINVAL, SYS_fanotify_init, FAN_REPORT_NAME, 0);
	CHECK_SYSERR("fid|name", EINVAL, SYS_fanotify_init, FAN_REPORT_FID | FAN_REPORT_NAME, 0);
	CHECK_SYSERR("target without fid", EINVAL, SYS_fanotify_init, DFID_NAME | FAN_REPORT_TARGET_FID, 0);
	CHECK_SYSERR("target without name", EINVAL, SYS_fanotify_init,
		     FAN_REPORT_FID | FAN_REPORT_DIR_FID | FAN_REPORT_TARGET_FID, 0);
	CHECK_SYSERR("fid with class content", EINVAL, SYS_fanotify_init, FAN_REPORT_FID | FAN_CLASS_CONTENT, 0);
	static const unsigned ok[] = { FAN_REPORT_FID, FAN_REPORT_DIR_FID, DFID_NAME,
				       FAN_REPORT_FID | FAN_REPORT_DIR_FID, DFID_NAME | FAN_REPORT_FID,
				       TARGET, FAN_REPORT_FID | FAN_REPORT_TID };
	for (unsigned i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int fd = fanotify_init(ok[i], O_RDONLY);
		char name[64], path[64], buf[256] = "";
		snprintf(name, sizeof name, "init 0x%x", ok[i]);
		CHECK(name, fd >= 0);
		snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
		int f = open(path, O_RDONLY);
		read(f, buf, sizeof buf - 1);
		close(f);
		char *fl = strstr(buf, "fanotify flags:");
		snprintf(name, sizeof name, "fdinfo flags 0x%x", ok[i]);
		CHECK_EQ(name, fl ? strtoul(fl + 15, NULL, 16) : 0, ok[i]);
		close(fd);
	}
}

static void mark_errors(void)
{
	mk("f", "x");
	mkdir(P("d"), 0755);
	int fan = group(FAN_REPORT_FID), dn = group(DFID_NAME), tg = group(TARGET);
	CHECK_ERR("create, no fid", fmark(group(0), FAN_MARK_ADD, FAN_CREATE, AT_FDCWD, P("d")), EINVAL);
	CHECK_ERR("create on a mount mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_CREATE, AT_FDCWD, tdir), EINVAL);
	CHECK_ERR("delete_self on a mount mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_DELETE_SELF, AT_FDCWD, tdir), EINVAL);
	CHECK_OK0("open on a mount mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN, AT_FDCWD, tdir));
	CHECK_OK0("create on a filesystem mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_CREATE, AT_FDCWD, tdir));
	CHECK_ERR("rename without name", fmark(fan, FAN_MARK_ADD, FAN_RENAME, AT_FDCWD, P("d")), EINVAL);
	CHECK_OK0("rename with name", fmark(dn, FAN_MARK_ADD, FAN_RENAME, AT_FDCWD, P("d")));
	CHECK_ERR("rename on a file", fmark(dn, FAN_MARK_ADD, FAN_RENAME, AT_FDCWD, P("f")), ENOTDIR);
	CHECK_OK0("create on a file, old api", fmark(fan, FAN_MARK_ADD, FAN_CREATE | FAN_ONDIR, AT_FDCWD, P("f")));
	CHECK_ERR("create on a file, target_fid", fmark(tg, FAN_MARK_ADD, FAN_CREATE, AT_FDCWD, P("f")), ENOTDIR);
	CHECK_ERR("ondir on a file, target_fid", fmark(tg, FAN_MARK_ADD, FAN_OPEN | FAN_ONDIR, AT_FDCWD, P("f")), ENOTDIR);
	CHECK_OK0("attrib on a file, target_fid", fmark(tg, FAN_MARK_ADD, FAN_ATTRIB, AT_FDCWD, P("f")));
	/* (A FID mark on /proc or a pipe is ENODEV on 6.1, allowed by 6.18:
	 * t_fanotify_fid_guest.) */
	int m = group(FAN_REPORT_DIR_FID);
	CHECK_OK0("dir_fid: mark a file", fmark(m, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, P("f")));
	CHECK_EQ("its mask asks for the parent", fdinfo_mask(m), FAN_OPEN | FAN_EVENT_ON_CHILD);
	CHECK_OK0("removed", fmark(m, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("f")));
	CHECK_ERR("gone with it", fmark(m, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("f")), ENOENT);
	CHECK_OK0("dir_fid: mark a directory", fmark(m, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, P("d")));
	CHECK_EQ("as asked", fdinfo_mask(m), FAN_OPEN);
	close(m);
	m = group(FAN_REPORT_FID);
	CHECK_OK0("fid: mark a file", fmark(m, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, P("f")));
	CHECK_EQ("as asked too", fdinfo_mask(m), FAN_OPEN);
}

/* FAN_REPORT_FID alone: a directory's entry events carry its fid, and
 * merge while they differ only by name; mkdir's do not merge with
 * creat's. Events on a file carry the file's. */
static void fid_only(void)
{
	reg(".");
	int fan = group(FAN_REPORT_FID);
	CHECK_OK0("mark the directory", fmark(fan, FAN_MARK_ADD, FAN_CREATE | FAN_DELETE | FAN_MOVE | FAN_ONDIR |
					      FAN_OPEN | FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD, AT_FDCWD, tdir));
	mk("a", "1");
	reg("a");
	mk("b", "2");
	reg("b");
	mkdir(P("sub"), 0755);
	reg("sub");
	unlink(P("a"));
	rename(P("b"), P("c"));
	EXPECT("merged by directory", fan,
	       "MOVED_FROM|MOVED_TO|CREATE|DELETE FID(.); CLOSE_WRITE|OPEN FID(a); CLOSE_WRITE|OPEN FID(b); "
	       "CREATE|ONDIR FID(.)");
	close(open(P("sub"), O_RDONLY | O_DIRECTORY));
	close(open(tdir, O_RDONLY | O_DIRECTORY));
	EXPECT("directories, ondir", fan, "OPEN|ONDIR FID(sub); OPEN|ONDIR FID(.)");
	rmdir(P("sub"));
	EXPECT("rmdir", fan, "DELETE|ONDIR FID(.)");
	int fd = open(P("c"), O_RDONLY);
	struct fanotify_event_metadata md;
	char buf[256];
	CHECK_ERR("no room for the record", read(fan, buf, sizeof md + 4), EINVAL);
	int n = -1;
	ioctl(fan, FIONREAD, &n);
	CHECK_EQ("fionread counts metadata", n, (int)sizeof md);
	ssize_t len = read(fan, buf, sizeof buf);
	struct fanotify_event_metadata *m = (void *)buf;
	CHECK_EQ("one event", len, m->event_len);
	CHECK_EQ("event_len", m->event_len, sizeof md + sizeof(struct fanotify_event_info_fid) +
		 sizeof(struct file_handle) + known[nknown - 2].fh.h.handle_bytes);
	CHECK_EQ("no fd", m->fd, FAN_NOFD);
	struct fanotify_event_info_fid *fid = (void *)(buf + sizeof md);
	CHECK_EQ("info len", fid->hdr.len, m->event_len - sizeof md);
	int mfd = open(tdir, O_RDONLY | O_DIRECTORY);
	int rfd = open_by_handle_at(mfd, (struct file_handle *)fid->handle, O_RDONLY);
	CHECK("open_by_handle_at", rfd >= 0);
	char c = 0;
	CHECK_EQ("reads the file", read(rfd, &c, 1), 1);
	CHECK_EQ("its byte", c, '2');
	close(rfd);
	close(fd);
}

/* FAN_REPORT_DFID_NAME: the directory and the entry's name; a
 * directory's own events say "."; only events with equal names merge. */
static void dfid_name(void)
{
	reg(".");
	int fan = group(DFID_NAME);
	CHECK_OK0("mark", fmark(fan, FAN_MARK_ADD, FAN_CREATE | FAN_DELETE | FAN_MOVE | FAN_ONDIR | FAN_OPEN |
				FAN_CLOSE_WRITE | FAN_ATTRIB | FAN_MODIFY | FAN_EVENT_ON_CHILD, AT_FDCWD, tdir));
	mk("a", "1");
	mk("b", "2");
	EXPECT("by name", fan, "MODIFY|CLOSE_WRITE|OPEN|CREATE DFID_NAME(.,a); "
	       "MODIFY|CLOSE_WRITE|OPEN|CREATE DFID_NAME(.,b)");
	chmod(P("a"), 0600);
	truncate(P("b"), 0);
	rename(P("a"), P("c"));
	mkdir(P("sub"), 0755);
	reg("sub");
	close(open(tdir, O_RDONLY | O_DIRECTORY));
	close(open(P("sub"), O_RDONLY | O_DIRECTORY));
	EXPECT("attrib, truncate, rename, mkdir, the dir itself", fan,
	       "ATTRIB|MOVED_FROM DFID_NAME(.,a); MODIFY DFID_NAME(.,b); "
	       "MOVED_TO DFID_NAME(.,c); CREATE|ONDIR DFID_NAME(.,sub); OPEN|ONDIR DFID_NAME(.,.); "
	       "OPEN|ONDIR DFID_NAME(sub,.)");
	mk("sub/deep", "d");
	unlink(P("sub/deep"));
	unlink(P("c"));
	rmdir(P("sub"));
	EXPECT("not the grandchild; unlink, rmdir", fan,
	       "DELETE DFID_NAME(.,c); DELETE|ONDIR DFID_NAME(.,sub)");
	/* FAN_REPORT_DIR_FID without names; with FAN_REPORT_FID too. */
	int d = group(FAN_REPORT_DIR_FID), df = group(FAN_REPORT_DIR_FID | FAN_REPORT_FID);
	mk("f", "x");
	reg("f");
	for (int i = 0; i < 2; i++)
		fmark(i ? df : d, FAN_MARK_ADD, FAN_OPEN | FAN_CREATE | FAN_ONDIR | FAN_EVENT_ON_CHILD, AT_FDCWD, tdir);
	close(open(P("f"), O_RDONLY));
	close(open(tdir, O_RDONLY | O_DIRECTORY));
	mk("g", "y");
	reg("g");
	/* (A non-dir's event gives its parent as FID without FAN_REPORT_FID,
	 * DFID once merged with an entry's event: the type follows the mask.) */
	EXPECT("dir_fid", d, "OPEN|CREATE DFID(.); OPEN|ONDIR DFID(.)");
	EXPECT("dir_fid|fid", df, "OPEN DFID(.) FID(f); OPEN|ONDIR DFID(.); CREATE DFID(.); OPEN DFID(.) FID(g)");
}

/* FAN_REPORT_DFID_NAME_TARGET, and the events of a file's own mark. */
static void target(void)
{
	reg(".");
	int fan = group(TARGET);
	CHECK_OK0("mark", fmark(fan, FAN_MARK_ADD, FAN_CREATE | FAN_DELETE | FAN_MOVE | FAN_ONDIR | FAN_OPEN,
				AT_FDCWD, tdir));
	int fd = open(P("a"), O_CREAT | O_WRONLY, 0644);
	reg("a");
	close(fd);
	mkdir(P("sub"), 0755);
	reg("sub");
	rename(P("a"), P("sub/b"));
	close(open(tdir, O_RDONLY | O_DIRECTORY));
	EXPECT("the child's fid too", fan,
	       "MOVED_FROM|CREATE DFID_NAME(.,a) FID(a); CREATE|ONDIR DFID_NAME(.,sub) FID(sub); "
	       "OPEN|ONDIR DFID_NAME(.,.)");
	int self = group(TARGET), dfid = group(FAN_REPORT_DIR_FID), fid = group(FAN_REPORT_FID);
	int all[3] = { self, dfid, fid };
	for (int i = 0; i < 3; i++)
		CHECK_OK0("mark the file", fmark(all[i], FAN_MARK_ADD, FAN_ATTRIB | FAN_MOVE_SELF | FAN_DELETE_SELF |
						 FAN_OPEN, AT_FDCWD, P("sub/b")));
	chmod(P("sub/b"), 0600);
	EXPECT("attrib, with its parent", self, "ATTRIB DFID_NAME(sub,b) FID(a)");
	EXPECT("dir_fid: the parent", dfid, "ATTRIB FID(sub)");
	EXPECT("fid: the file", fid, "ATTRIB FID(a)");
	rename(P("sub/b"), P("c"));
	EXPECT("move_self: no parent", self, "MOVE_SELF FID(a)");
	EXPECT("dir_fid: no move_self", dfid, "");
	EXPECT("fid: move_self", fid, "MOVE_SELF FID(a)");
	int keep = open(P("c"), O_RDONLY);
	EXPECT("open", self, "OPEN DFID_NAME(.,c) FID(a)");
	EXPECT("open, dir_fid", dfid, "OPEN FID(.)");
	unlink(P("c"));
	EXPECT("link count", self, "ATTRIB FID(a)");
	EXPECT("link count, dir_fid", dfid, "");
	close(keep);
	EXPECT("delete_self at the last close", self, "DELETE_SELF FID(a)");
	EXPECT("the directory's", fan, "MOVED_TO|DELETE DFID_NAME(.,c) FID(a)");
	EXPECT("fid: all merged", fid, "ATTRIB|OPEN|DELETE_SELF FID(a)");
	CHECK_ERR("the marks went with it", fmark(fid, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, P("c")), ENOENT);
	rmdir(P("sub"));
	EXPECT("rmdir, target", fan, "DELETE|ONDIR DFID_NAME(.,sub) FID(sub)");
}

/* FAN_RENAME: the old and the new directory and name, as each mark
 * asked; a filesystem mark hears both. */
static void renames(void)
{
	mkdir(P("d1"), 0755);
	mkdir(P("d2"), 0755);
	reg("d1");
	reg("d2");
	mk("d1/x", "x");
	reg("d1/x");
	int both = group(DFID_NAME), from = group(DFID_NAME), to = group(DFID_NAME), t = group(TARGET);
	int fs = group(DFID_NAME);
	fmark(both, FAN_MARK_ADD, FAN_RENAME, AT_FDCWD, P("d1"));
	fmark(both, FAN_MARK_ADD, FAN_RENAME, AT_FDCWD, P("d2"));
	fmark(from, FAN_MARK_ADD, FAN_RENAME | FAN_MOVED_FROM, AT_FDCWD, P("d1"));
	fmark(to, FAN_MARK_ADD, FAN_RENAME, AT_FDCWD, P("d2"));
	fmark(t, FAN_MARK_ADD, FAN_RENAME | FAN_ONDIR, AT_FDCWD, P("d1"));
	CHECK_OK0("filesystem rename", fmark(fs, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_RENAME, AT_FDCWD, tdir));
	rename(P("d1/x"), P("d2/y"));
	EXPECT("both marked", both, "RENAME OLD_DFID_NAME(d1,x) NEW_DFID_NAME(d2,y)");
	EXPECT("the old one marked", from, "RENAME OLD_DFID_NAME(d1,x); MOVED_FROM DFID_NAME(d1,x)");
	EXPECT("the new one marked", to, "RENAME NEW_DFID_NAME(d2,y)");
	EXPECT("target", t, "RENAME OLD_DFID_NAME(d1,x) FID(d1/x)");
	EXPECT("filesystem", fs, "RENAME OLD_DFID_NAME(d1,x) NEW_DFID_NAME(d2,y)");
	rename(P("d2/y"), P("d1/z"));
	rename(P("d1/z"), P("d2/y"));
	EXPECT("renames do not merge", to, "RENAME OLD_DFID_NAME(d2,y); RENAME NEW_DFID_NAME(d2,y)");
	EXPECT("in, then out", t, "RENAME NEW_DFID_NAME(d1,z) FID(d1/x); RENAME OLD_DFID_NAME(d1,z) FID(d1/x)");
	mkdir(P("d1/s"), 0755);
	reg("d1/s");
	rename(P("d1/s"), P("d1/t"));
	EXPECT("a directory, within one", t, "RENAME|ONDIR OLD_DFID_NAME(d1,s) NEW_DFID_NAME(d1,t) FID(d1/s)");
}

/* A filesystem mark hears the directory-entry, inode and path events of
 * every file with the parent and name. */
static void filesystem(void)
{
	reg(".");
	int fan = group(DFID_NAME | FAN_REPORT_FID);
	CHECK_OK0("filesystem mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_CREATE | FAN_DELETE |
					   FAN_CLOSE_WRITE | FAN_MODIFY | FAN_ATTRIB | FAN_DELETE_SELF | FAN_ONDIR,
					   AT_FDCWD, tdir));
	CHECK_EQ("its mask asks for parents", fdinfo_mask(fan) & FAN_EVENT_ON_CHILD, FAN_EVENT_ON_CHILD);
	mk("f", "abc");
	reg("f");
	truncate(P("f"), 1);
	chmod(P("f"), 0600);
	EXPECT("create, write, truncate, chmod", fan,
	       "CREATE DFID_NAME(.,f); MODIFY|ATTRIB|CLOSE_WRITE DFID_NAME(.,f) FID(f)");
	unlink(P("f"));
	EXPECT("unlink", fan, "ATTRIB|DELETE_SELF FID(f); DELETE DFID_NAME(.,f)");
	int leg = group(0);
	CHECK_OK0("no fid: modify", fmark(leg, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_MODIFY, AT_FDCWD, tdir));
	mk("g", "abc");
	drain(leg, (char[512]){0}, 512);
	truncate(P("g"), 1);
	EXPECT("truncate tells no fd group", leg, "");
}

/* A user without CAP_SYS_ADMIN may make a FID group and mark what it
 * may read; other processes' pids read as 0. */
static void unprivileged(void)
{
	mk("f", "x");
	chmod(tdir, 0777);
	reg(".");
	reg("f");
	if (setgid(65534) || setuid(65534))
		perror("setuid");
	CHECK_SYSERR("no fid", EPERM, SYS_fanotify_init, 0, 0);
	int fan = group(DFID_NAME);
	CHECK("fid group", fan >= 0);
	CHECK_ERR("no filesystem mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_OPEN, AT_FDCWD, tdir), EPERM);
	CHECK_ERR("no mount mark", fmark(fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN, AT_FDCWD, tdir), EPERM);
	CHECK_OK0("inode mark", fmark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_CREATE | FAN_EVENT_ON_CHILD, AT_FDCWD, tdir));
	close(open(P("f"), O_RDONLY));
	child_pid = fork();
	if (child_pid == 0) {
		mk("g", "y");
		_exit(0);
	}
	wait_for(child_pid);
	EXPECT("own pid, others' 0", fan, "OPEN DFID_NAME(.,f); OPEN|CREATE DFID_NAME(.,g) pid=0");
}

int main(void)
{
	tdir_setup("t_fanotify_fid");
	RUN(init_errors);
	RUN(mark_errors);
	RUN(fid_only);
	RUN(dfid_name);
	RUN(target);
	RUN(renames);
	RUN(filesystem);
	RUN(unprivileged);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
