/* t_shm - differential test of System V shared memory: shmget (sizes,
 * keys, flags), lazily allocated pages (SHM_INFO shm_rss grows only when
 * a page is touched), shmat (chosen address, given address, SHM_RND,
 * SHM_RDONLY, SHM_REMAP), shmdt, attachments across fork and exec and
 * their count (shm_nattch), IPC_RMID while attached (SHM_DEST, the key
 * becomes IPC_PRIVATE, freed at the last detach), shmctl IPC_STAT,
 * IPC_SET, IPC_INFO, SHM_INFO, SHM_STAT_ANY, SHM_LOCK/SHM_UNLOCK, and the
 * permission rules for uid 1000. Identifiers, addresses and pids are
 * compared, never printed. Every segment made is removed, even after a
 * crash. The program re-executes itself for the exec case. */
#include "check.h"
#include "ipc_made.h"
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>

#define PG 4096
#define SHM_DEST_BIT   01000
#define SHM_LOCKED_BIT 02000

static char self[256];

/* Segments made by a case (ipc_made.h) are removed after it. */
static void rm_made(int id)
{
	shmctl(id, IPC_RMID, NULL);
}

static int new_seg(size_t size, int mode)
{
	int id = shmget(IPC_PRIVATE, size, IPC_CREAT | mode);
	remember(id);
	return id;
}

static int nattch(int id)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return -1;
	return (int)ds.shm_nattch;
}

/* Pages of all segments resident, from SHM_INFO; -1 on error. */
static long rss(void)
{
	struct shm_info si;
	memset(&si, 0, sizeof si);
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0)
		return -1;
	return (long)si.shm_rss;
}

static int attached(void *p)
{
	return p != (void *)-1;
}

/* An address range of n bytes that is free now (mapped, then unmapped). */
static char *free_range(size_t n)
{
	char *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	munmap(p, n);
	return p;
}

static int mid;
static volatile char *vp;

/* ---- cases ---- */

static void lazy(void)
{
	long r0 = rss();
	mid = new_seg(16 * PG, 0600);
	CHECK_OK("shmget 16 pages", mid);
	CHECK("a new segment has no resident pages", rss() == r0);
	char *p = shmat(mid, NULL, 0);
	CHECK("shmat", attached(p));
	CHECK("attaching allocates no page", rss() == r0);
	p[0] = 1;
	CHECK("touching page 0 makes one page resident", rss() == r0 + 1);
	p[5 * PG + 7] = 2;
	p[15 * PG + PG - 1] = 3;
	CHECK("touching two more: three pages", rss() == r0 + 3);
	p[1] = 4;
	CHECK("touching page 0 again: still three", rss() == r0 + 3);
	struct shm_info si;
	shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	CHECK("SHM_INFO: shm_tot counts at least the 16 pages", si.shm_tot >= 16);
	CHECK("SHM_INFO: at least one id in use", si.used_ids >= 1);
	shmdt(p);
	CHECK("detaching keeps the pages (the segment lives)", rss() == r0 + 3);
	p = shmat(mid, NULL, 0);
	CHECK("re-attached: the data is still there", attached(p) && p[0] == 1 && p[1] == 4 &&
	      p[5 * PG + 7] == 2 && p[16 * PG - 1] == 3);
	int zero = 1;
	for (int i = PG; i < 5 * PG; i++)
		zero &= p[i] == 0;
	CHECK("untouched pages read as zeros", zero);
	shmdt(p);
	shmctl(mid, IPC_RMID, NULL);
	CHECK("IPC_RMID frees the resident pages", rss() == r0);
	cleanup();
}

static void sizes(void)
{
	struct shmid_ds ds;
	mid = new_seg(5000, 0640);
	CHECK_OK("shmget 5000 bytes", mid);
	char *where = free_range(3 * PG);
	CHECK_OK0("IPC_STAT", shmctl(mid, IPC_STAT, &ds));
	CHECK_EQ("IPC_STAT: shm_segsz is exact", ds.shm_segsz, 5000);
	CHECK_MODE("IPC_STAT: mode", ds.shm_perm.mode, 0640);
	CHECK_EQ("IPC_STAT: nattch 0", ds.shm_nattch, 0);
	CHECK("IPC_STAT: shm_cpid is me", ds.shm_cpid == getpid());
	CHECK_EQ("IPC_STAT: shm_lpid 0", ds.shm_lpid, 0);
	CHECK_EQ("IPC_STAT: shm_atime 0", ds.shm_atime, 0);
	CHECK_EQ("IPC_STAT: shm_dtime 0", ds.shm_dtime, 0);
	CHECK("IPC_STAT: shm_ctime set", ds.shm_ctime != 0);
	char *p = shmat(mid, where, 0);
	CHECK("attached", attached(p));
	p[5000] = 'x';                          /* same page: usable */
	p[2 * PG - 1] = 'y';
	CHECK("bytes past the size in its last page are usable", p[5000] == 'x');
	shmctl(mid, IPC_STAT, &ds);
	CHECK_EQ("nattch 1", ds.shm_nattch, 1);
	CHECK("shm_lpid is me", ds.shm_lpid == getpid());
	CHECK("shm_atime set", ds.shm_atime != 0);
	char *after = p + 2 * PG;
	pid_t pid = fork();
	if (pid == 0) {
		*(volatile char *)after = 1;
		_exit(0);
	}
	CHECK_SIG("the page after the segment is not mapped -> SIGSEGV", wait_for(pid), SIGSEGV);
	CHECK_OK0("shmdt", shmdt(p));
	shmctl(mid, IPC_STAT, &ds);
	CHECK("shm_dtime set", ds.shm_dtime != 0);
	vp = p;
	pid = fork();
	if (pid == 0) {
		vp[0] = 1;
		_exit(0);
	}
	CHECK_SIG("access after shmdt -> SIGSEGV", wait_for(pid), SIGSEGV);
	ds.shm_perm.mode = 0600;
	CHECK_OK0("IPC_SET mode 0600", shmctl(mid, IPC_SET, &ds));
	memset(&ds, 0, sizeof ds);
	shmctl(mid, IPC_STAT, &ds);
	CHECK_MODE("mode now 0600", ds.shm_perm.mode, 0600);
	CHECK_EQ("IPC_SET keeps the size", ds.shm_segsz, 5000);
	CHECK_ERR("shmget(IPC_PRIVATE, 0) -> EINVAL", shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL);
	cleanup();
}

static void across_fork(void)
{
	mid = new_seg(3 * PG, 0600);
	char *p = shmat(mid, NULL, 0);
	strcpy(p, "parent wrote");
	pid_t pid = fork();
	if (pid == 0) {
		int ok = !strcmp(p, "parent wrote") && nattch(mid) == 2;
		strcpy(p + PG, "child wrote");
		char *q = shmat(mid, NULL, 0);   /* a second attachment */
		ok &= attached(q) && q != p && !strcmp(q, "parent wrote") && nattch(mid) == 3;
		strcpy(q + 2 * PG, "via second");
		shmdt(q);
		ok &= nattch(mid) == 2;
		_exit(ok ? 0 : 1);
	}
	CHECK_EXIT("child sees the parent's data, nattch 2, 3 with its own shmat", wait_for(pid), 0);
	CHECK_STR("parent sees the child's write", p + PG, "child wrote");
	CHECK_STR("and the write through its second attachment", p + 2 * PG, "via second");
	CHECK_EQ("after the child's exit nattch is 1", nattch(mid), 1);
	struct shmid_ds ds;
	shmctl(mid, IPC_STAT, &ds);
	CHECK("shm_lpid is the child (its exit detached last)", ds.shm_lpid == pid);

	/* shared, not copied on write, in both directions and after fork */
	int fds[2];
	char c;
	pipe(fds);
	pid = fork();
	if (pid == 0) {
		read(fds[0], &c, 1);
		_exit(p[100] == 42 ? 0 : 1);
	}
	p[100] = 42;
	write(fds[1], "x", 1);
	CHECK_EXIT("a write after fork is seen by the child", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		shmdt(p);
		_exit(nattch(mid) == 1 ? 0 : 1);
	}
	CHECK_EXIT("shmdt in the child leaves only the parent's", wait_for(pid), 0);
	CHECK_EQ("nattch 1", nattch(mid), 1);
	shmdt(p);
	CHECK_EQ("nattch 0", nattch(mid), 0);
	cleanup();
}

static void do_write(void)
{
	vp[0] = 'w';
}

static void rdonly(void)
{
	mid = new_seg(PG, 0600);
	char *w = shmat(mid, NULL, 0);
	strcpy(w, "data");
	char *r = shmat(mid, NULL, SHM_RDONLY);
	CHECK("SHM_RDONLY attach", attached(r));
	CHECK_STR("reads through it", r, "data");
	strcpy(w, "changed");
	CHECK_STR("and sees later writes", r, "changed");
	vp = r;
	CHECK_SIG("writing through SHM_RDONLY -> SIGSEGV", child_status(do_write), SIGSEGV);
	CHECK_STR("nothing was written", r, "changed");
	CHECK_ERR("mprotect(PROT_WRITE) of it -> EACCES", mprotect(r, PG, PROT_READ | PROT_WRITE), EACCES);
	CHECK_EQ("nattch 2", nattch(mid), 2);
	shmdt(r);
	shmdt(w);
	cleanup();
}

static void rmid_attached(void)
{
	struct shmid_ds ds;
	put_file(P("keyfile"), "k", 1);
	key_t key = ftok(P("keyfile"), 'r');
	mid = shmget(key, 2 * PG, IPC_CREAT | IPC_EXCL | 0600);
	remember(mid);
	char *p = shmat(mid, NULL, 0);
	strcpy(p, "before");
	CHECK_OK0("IPC_RMID while attached", shmctl(mid, IPC_RMID, NULL));
	CHECK_STR("still readable", p, "before");
	strcpy(p + PG, "after");
	CHECK_STR("still writable", p + PG, "after");
	CHECK_OK0("IPC_STAT still works", shmctl(mid, IPC_STAT, &ds));
	CHECK_EQ("the key is now IPC_PRIVATE", ds.shm_perm.__key, IPC_PRIVATE);
	CHECK_MODE("mode has SHM_DEST", ds.shm_perm.mode, 0600 | SHM_DEST_BIT);
	CHECK_EQ("nattch 1", ds.shm_nattch, 1);
	CHECK_ERR("shmget(key, 0, 0) no longer finds it -> ENOENT", shmget(key, 0, 0), ENOENT);
	int other = shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600);
	remember(other);
	CHECK("the key can be used for a new segment", other >= 0 && other != mid);
	shmctl(other, IPC_RMID, NULL);

	int gate[2];
	pipe(gate);
	pid_t pid = fork();
	if (pid == 0) {
		char g;
		close(gate[1]);
		read(gate[0], &g, 1);     /* end of file: the parent has written and detached */
		_exit(!strcmp(p + PG, "after") && !strcmp(p, "parent left") ? 0 : 1);
	}
	close(gate[0]);
	CHECK_EQ("a fork adds an attachment to a removed segment", nattch(mid), 2);
	strcpy(p, "parent left");
	CHECK_OK0("parent detaches", shmdt(p));
	CHECK_EQ("the child keeps it alive", nattch(mid), 1);
	close(gate[1]);
	CHECK_EXIT("the child still reads it", wait_for(pid), 0);
	CHECK_ERR("freed at the last detach: IPC_STAT -> EINVAL", shmctl(mid, IPC_STAT, &ds), EINVAL);
	CHECK_ERR("shmat -> EINVAL", (long)shmat(mid, NULL, 0), EINVAL);

	/* removed while attached, last detach by shmdt */
	mid = new_seg(PG, 0600);
	p = shmat(mid, NULL, 0);
	shmctl(mid, IPC_RMID, NULL);
	CHECK_OK0("RMID twice while attached", shmctl(mid, IPC_RMID, NULL));
	shmdt(p);
	CHECK_ERR("gone after shmdt", nattch(mid), EINVAL);
	cleanup();
}

static void counts(void)
{
	struct shmid_ds ds;
	mid = new_seg(PG, 0600);
	char *a = shmat(mid, NULL, 0);
	char *b = shmat(mid, NULL, 0);
	CHECK("two attachments in one process", attached(a) && attached(b) && a != b);
	CHECK_EQ("nattch 2", nattch(mid), 2);
	int fds[2], back[2];
	char c;
	pipe(fds);
	pipe(back);
	pid_t pid = fork();
	if (pid == 0) {
		write(back[1], "x", 1);
		read(fds[0], &c, 1);
		_exit(0);
	}
	read(back[0], &c, 1);
	CHECK_EQ("fork: nattch 4", nattch(mid), 4);
	write(fds[1], "x", 1);
	wait_for(pid);
	CHECK_EQ("child exit: nattch 2", nattch(mid), 2);
	shmctl(mid, IPC_STAT, &ds);
	CHECK("shm_lpid: the exiting child", ds.shm_lpid == pid);
	CHECK("shm_cpid: me", ds.shm_cpid == getpid());
	CHECK_OK0("shmdt one", shmdt(a));
	CHECK_EQ("nattch 1", nattch(mid), 1);
	shmctl(mid, IPC_STAT, &ds);
	CHECK("shm_lpid: me", ds.shm_lpid == getpid());
	pid = fork();
	if (pid == 0) {
		*(volatile char *)b = 1;
		abort();
	}
	wait_for(pid);
	CHECK_EQ("a child killed by a signal detaches too", nattch(mid), 1);
	CHECK_OK0("shmdt the other", shmdt(b));
	CHECK_EQ("nattch 0", nattch(mid), 0);
	cleanup();
}

static int exec_child(const char *arg)
{
	int id = atoi(arg);
	return nattch(id);
}

static void exec_detaches(void)
{
	mid = new_seg(PG, 0600);
	char *p = shmat(mid, NULL, 0);
	CHECK("attached", attached(p));
	char arg[32];
	snprintf(arg, sizeof arg, "%d", mid);
	pid_t pid = fork();
	if (pid == 0) {
		char *q = shmat(mid, NULL, 0);   /* child: 2 (inherited + own) */
		(void)q;
		execl(self, "t_shm", "exec-child", arg, (char *)NULL);
		_exit(99);
	}
	CHECK_EXIT("after exec only the parent's attachment is left (child sees 1)", wait_for(pid), 1);
	CHECK_EQ("and still 1 after it exits", nattch(mid), 1);
	shmdt(p);
	cleanup();
}

static void addresses(void)
{
	mid = new_seg(2 * PG, 0600);
	char *want = free_range(4 * PG);
	char *p = shmat(mid, want, 0);
	CHECK("shmat at a given page-aligned address returns it", p == want);
	strcpy(p, "here");
	CHECK_ERR("shmat over an existing attachment -> EINVAL", (long)shmat(mid, want + PG, 0), EINVAL);
	char *q = shmat(mid, want + PG, SHM_REMAP);
	CHECK("SHM_REMAP replaces the mapping there", q == want + PG);
	CHECK_STR("and shows the segment", q, "here");
	shmdt(q);
	shmdt(p);                                /* its first page may be left */
	munmap(want, 4 * PG);
	CHECK_ERR("unaligned address without SHM_RND -> EINVAL", (long)shmat(mid, want + 100, 0), EINVAL);
	p = shmat(mid, want + 100, SHM_RND);
	CHECK("SHM_RND rounds down to SHMLBA", p == want);
	CHECK_STR("same data", p, "here");
	CHECK_ERR("shmdt of an unaligned address -> EINVAL", shmdt(p + 100), EINVAL);
	CHECK_ERR("shmdt of the second page -> EINVAL", shmdt(p + PG), EINVAL);
	CHECK_OK0("shmdt", shmdt(p));
	CHECK_ERR("shmdt again -> EINVAL", shmdt(p), EINVAL);
	char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR("shmdt of an mmap'ed page -> EINVAL", shmdt(m), EINVAL);
	CHECK_ERR("shmdt of a heap address -> EINVAL", shmdt(malloc(10)), EINVAL);
	CHECK_ERR("shmdt(NULL) -> EINVAL", shmdt(NULL), EINVAL);
	CHECK_ERR("shmat over an mmap'ed page -> EINVAL", (long)shmat(mid, m, 0), EINVAL);
	munmap(m, PG);
	CHECK_EQ("nattch 0", nattch(mid), 0);
	CHECK_ERR("shmat(-1) -> EINVAL", (long)shmat(-1, NULL, 0), EINVAL);
	CHECK_ERR("shmat at an address past the top -> ENOMEM", (long)shmat(mid, (void *)0xFFFFF000u, 0), ENOMEM);
	cleanup();
}

static key_t key;

static void user_denied(void)
{
	struct shmid_ds ds;
	CHECK_ERR("uid 1000: shmget(key, 0, 0400) on 0600 -> EACCES", shmget(key, 0, 0400), EACCES);
	CHECK("uid 1000: shmget(key, 0, 0) -> the id", shmget(key, 0, 0) == mid);
	CHECK_ERR("uid 1000: shmat -> EACCES", (long)shmat(mid, NULL, 0), EACCES);
	CHECK_ERR("uid 1000: shmat SHM_RDONLY -> EACCES", (long)shmat(mid, NULL, SHM_RDONLY), EACCES);
	CHECK_ERR("uid 1000: IPC_STAT -> EACCES", shmctl(mid, IPC_STAT, &ds), EACCES);
	memset(&ds, 0, sizeof ds);
	ds.shm_perm.mode = 0666;
	CHECK_ERR("uid 1000: IPC_SET -> EPERM", shmctl(mid, IPC_SET, &ds), EPERM);
	CHECK_ERR("uid 1000: IPC_RMID -> EPERM", shmctl(mid, IPC_RMID, NULL), EPERM);
}

static void user_readonly(void)
{
	CHECK_ERR("uid 1000: shmat read-write on 0644 -> EACCES", (long)shmat(mid, NULL, 0), EACCES);
	char *p = shmat(mid, NULL, SHM_RDONLY);
	CHECK("uid 1000: shmat SHM_RDONLY on 0644", attached(p));
	CHECK_STR("uid 1000: reads the data", attached(p) ? p : "", "root's");
	CHECK_EQ("uid 1000: IPC_STAT with read permission (nattch 3)", nattch(mid), 3);
	CHECK_ERR("uid 1000: mprotect(PROT_WRITE) of the SHM_RDONLY attachment -> EACCES",
		  mprotect(p, PG, PROT_READ | PROT_WRITE), EACCES);
	vp = p;
	CHECK_SIG("uid 1000: writing to it -> SIGSEGV", child_status(do_write), SIGSEGV);
	CHECK_STR("uid 1000: the data is unchanged", attached(p) ? p : "", "root's");
	shmdt(p);
}

static void user_own(void)
{
	int id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	char *p = shmat(id, NULL, 0);
	CHECK("uid 1000 makes and attaches a segment", id >= 0 && attached(p));
	CHECK_OK0("and removes it", shmctl(id, IPC_RMID, NULL));
	shmdt(p);
}

static void perms(void)
{
	struct shmid_ds ds;
	put_file(P("keyfile"), "k", 1);
	key = ftok(P("keyfile"), 'h');
	mid = shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600);
	remember(mid);
	CHECK_OK("shmget(key, IPC_CREAT|IPC_EXCL|0600)", mid);
	as_uid1000(user_denied);
	shmctl(mid, IPC_STAT, &ds);
	ds.shm_perm.mode = 0644;
	shmctl(mid, IPC_SET, &ds);
	char *p = shmat(mid, NULL, 0);
	strcpy(p, "root's");
	as_uid1000(user_readonly);
	shmdt(p);
	as_uid1000(user_own);
	cleanup();
}

static void keys_and_ids(void)
{
	put_file(P("keyfile"), "k", 1);
	key_t k = ftok(P("keyfile"), 'H');
	int id = shmget(k, 3 * PG, IPC_CREAT | 0644);
	remember(id);
	CHECK_OK("shmget(key, 3 pages, IPC_CREAT)", id);
	CHECK("again: same id", shmget(k, 3 * PG, IPC_CREAT | 0644) == id);
	CHECK("a smaller size is fine", shmget(k, PG, 0) == id);
	CHECK("size 0 finds it", shmget(k, 0, 0) == id);
	CHECK_ERR("a larger size than the segment -> EINVAL", shmget(k, 3 * PG + 1, 0), EINVAL);
	CHECK_ERR("a larger size with IPC_CREAT -> EINVAL", shmget(k, 4 * PG, IPC_CREAT | 0644), EINVAL);
	CHECK_ERR("IPC_CREAT|IPC_EXCL -> EEXIST", shmget(k, PG, IPC_CREAT | IPC_EXCL | 0644), EEXIST);
	CHECK_ERR("another key without IPC_CREAT -> ENOENT", shmget(ftok(P("keyfile"), 'I'), PG, 0), ENOENT);
	CHECK_ERR("size 0 with IPC_CREAT for a new key -> EINVAL", shmget(ftok(P("keyfile"), 'I'), 0, IPC_CREAT | 0644), EINVAL);
	CHECK_OK0("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	CHECK_ERR("IPC_RMID again -> EINVAL", shmctl(id, IPC_RMID, NULL), EINVAL);
	int id2 = shmget(k, PG, IPC_CREAT | 0644);
	remember(id2);
	CHECK("the re-created segment has a new id", id2 >= 0 && id2 != id);
	CHECK_ERR("the old id -> EINVAL", (long)shmat(id, NULL, 0), EINVAL);
	CHECK_ERR("shmctl(-1, IPC_STAT) -> EINVAL", nattch(-1), EINVAL);
	CHECK_ERR("shmctl bad cmd -> EINVAL", shmctl(id2, 12345, NULL), EINVAL);
	cleanup();
}

static void info(void)
{
	struct shminfo si;
	memset(&si, 0, sizeof si);
	int max = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
	CHECK("IPC_INFO returns the highest index (>= 0)", max >= 0);
	CHECK_EQ("IPC_INFO: shmmin", si.shmmin, 1);
	CHECK("IPC_INFO: shmmax >= 1 MiB", si.shmmax >= (1ul << 20));
	CHECK("IPC_INFO: shmmni > 0", si.shmmni > 0);
	mid = new_seg(PG, 0600);
	max = shmctl(0, SHM_INFO, (struct shmid_ds *)&(struct shm_info){ 0 });
	int found = 0;
	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		int id = shmctl(i, SHM_STAT_ANY, &ds);
		if (id == mid)
			found += ds.shm_segsz == PG && ds.shm_perm.mode == 0600;
	}
	CHECK("SHM_STAT_ANY over 0..max finds the segment", found == 1);
	found = 0;
	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		found += shmctl(i, SHM_STAT, &ds) == mid;
	}
	CHECK("SHM_STAT finds it too", found == 1);
	struct shmid_ds ds;
	CHECK_OK0("SHM_LOCK", shmctl(mid, SHM_LOCK, NULL));
	shmctl(mid, IPC_STAT, &ds);
	CHECK_MODE("mode has SHM_LOCKED", ds.shm_perm.mode, 0600 | SHM_LOCKED_BIT);
	CHECK_OK0("SHM_UNLOCK", shmctl(mid, SHM_UNLOCK, NULL));
	shmctl(mid, IPC_STAT, &ds);
	CHECK_MODE("SHM_LOCKED cleared", ds.shm_perm.mode, 0600);
	cleanup();
}

/* /proc/sysvipc/shm lists every segment, however long the text (120
 * lines are more than 16 KiB; Pipit holds 128 segments at most). */
static void proc_lists_all(void)
{
	int ids[120], n = 0;
	for (int i = 0; i < 120; i++)
		if ((ids[i] = new_seg(PG, 0600)) >= 0)
			n++;
	CHECK_EQ("120 segments made", n, 120);
	static char text[1 << 20];
	int fd = open("/proc/sysvipc/shm", O_RDONLY);
	size_t len = 0;
	for (ssize_t r; fd >= 0 && len < sizeof text - 1 && (r = read(fd, text + len, sizeof text - 1 - len)) > 0;)
		len += (size_t)r;
	if (fd >= 0)
		close(fd);
	text[len] = 0;
	int listed = 0;
	for (char *line = strchr(text, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		long key;
		int id;
		if (sscanf(line + 1, "%ld %d", &key, &id) == 2)
			for (int i = 0; i < 120; i++)
				listed += ids[i] == id;
	}
	CHECK_EQ("/proc/sysvipc/shm lists all 120", listed, 120);
}

/* remap_file_pages (deprecated; Linux emulates it with a new mapping):
 * pages of the segment at other offsets, and Linux's EINVAL rules. */
static void remap_pages(void)
{
	int id = new_seg(4 * PG, 0600);
	char *p = shmat(id, NULL, 0);
	if (!attached(p))
		return fail("shmat", "failed");
	for (int i = 0; i < 4; i++)
		p[i * PG] = 'A' + i;
	CHECK_OK0("page 0 shows page 3", syscall(SYS_remap_file_pages, p, PG, 0, 3, 0));
	CHECK_EQ("... its data", p[0], 'D');
	CHECK_OK0("pages 1-2 show pages 0-1 (unaligned start and size round down)",
		  syscall(SYS_remap_file_pages, p + PG + 5, 2 * PG + 7, 0, 0, MAP_NONBLOCK));
	CHECK_EQ("page 1", p[PG], 'A');
	CHECK_EQ("page 2", p[2 * PG], 'B');
	p[PG] = 'a';
	CHECK_OK0("back in order", syscall(SYS_remap_file_pages, p, 4 * PG, 0, 0, 0));
	CHECK_EQ("a write went to the segment's page 0", p[0], 'a');
	CHECK_EQ("page 3 untouched", p[3 * PG], 'D');
	CHECK_OK0("other flags are ignored", syscall(SYS_remap_file_pages, p, PG, 0, 1, MAP_FIXED | MAP_PRIVATE));
	CHECK_EQ("... and it remapped", p[0], 'B');
	CHECK_SYSERR("prot -> EINVAL", EINVAL, SYS_remap_file_pages, p, PG, PROT_READ, 0, 0);
	CHECK_SYSERR("size 0 -> EINVAL", EINVAL, SYS_remap_file_pages, p, 0, 0, 0, 0);
	CHECK_SYSERR("size under a page -> EINVAL", EINVAL, SYS_remap_file_pages, p, 100, 0, 0, 0);
	CHECK_SYSERR("past the attachment -> EINVAL", EINVAL, SYS_remap_file_pages, p, 5 * PG, 0, 0, 0);
	char *q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_SYSERR("private memory -> EINVAL", EINVAL, SYS_remap_file_pages, q, PG, 0, 0, 0);
	munmap(q, PG);
	CHECK_SYSERR("unmapped -> EINVAL", EINVAL, SYS_remap_file_pages, q, PG, 0, 0, 0);
	char *s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = 'x';
	s[PG] = 'y';
	CHECK_OK0("shared anonymous memory too", syscall(SYS_remap_file_pages, s, PG, 0, 1, 0));
	CHECK_EQ("... shows its page 1", s[0], 'y');
	munmap(s, 2 * PG);
	shmdt(p);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exec-child"))
		return exec_child(argv[2]);
	if (access("/tests/t_shm", X_OK) == 0) {
		strcpy(self, "/tests/t_shm");
	} else {
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = 0;
	}
	umask(022);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	tdir_setup("t_shm");
	made_setup(rm_made);
	RUN(lazy);
	RUN(sizes);
	RUN(across_fork);
	RUN(rdonly);
	RUN(rmid_attached);
	RUN(counts);
	RUN(exec_detaches);
	RUN(addresses);
	RUN(perms);
	RUN(keys_and_ids);
	RUN(info);
	RUN(proc_lists_all);
	RUN(remap_pages);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
