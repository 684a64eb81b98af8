/* t_uid16 - differential test of the 16-bit uid/gid calls of i386 (getuid
 * 24, setuid 23, chown 182, getgroups 80, ...): 0xffff is -1, only the
 * low 16 bits of an argument count, an id above 65535 reads as 65534; and
 * of setfsuid/setfsgid (the fs ids follow the effective ids, decide file
 * access and the owner of new files, and setfs*id returns the old one). */
#include "check.h"
#include <sys/prctl.h>

#define S16(nr, ...) syscall(nr, __VA_ARGS__)

static void getters(void)
{
	CHECK_EQ("getuid16 root", syscall(SYS_getuid), 0);
	CHECK_OK0("setresgid32 70001 2 3", syscall(SYS_setresgid32, 70001, 2, 3));
	CHECK_EQ("getgid16 overflow", syscall(SYS_getgid), 65534);
	CHECK_EQ("getegid16", syscall(SYS_getegid), 2);
	unsigned short r = 9, e = 9, s = 9;
	CHECK_OK0("getresgid16", syscall(SYS_getresgid, &r, &e, &s));
	CHECK_EQ("getresgid16 r", r, 65534);
	CHECK_EQ("getresgid16 e", e, 2);
	CHECK_EQ("getresgid16 s", s, 3);
	CHECK_OK0("setresuid32 1000 70000 2000", syscall(SYS_setresuid32, 1000, 70000, 2000));
	CHECK_EQ("getuid16", syscall(SYS_getuid), 1000);
	CHECK_EQ("geteuid16 overflow", syscall(SYS_geteuid), 65534);
	CHECK_EQ("geteuid32", syscall(SYS_geteuid32), 70000);
	CHECK_OK0("getresuid16", syscall(SYS_getresuid, &r, &e, &s));
	CHECK_EQ("getresuid16 r", r, 1000);
	CHECK_EQ("getresuid16 e", e, 65534);
	CHECK_EQ("getresuid16 s", s, 2000);
	CHECK_SYSERR("getresuid16 bad pointer", EFAULT, SYS_getresuid, (void *)1, &e, &s);
	CHECK_SYSERR("getresgid16 bad third", EFAULT, SYS_getresgid, &r, &e, (void *)0xc0000000);
}

static void setters(void)
{
	CHECK_OK0("setuid16 0x10005 is 5", syscall(SYS_setresuid, 0x10005, 0xffff, 0xffff));
	CHECK_EQ("ruid 5", syscall(SYS_getuid32), 5);
	CHECK_EQ("euid kept", syscall(SYS_geteuid32), 0);
	CHECK_OK0("setreuid16 -1 1000", syscall(SYS_setreuid, 0xffff, 1000));
	CHECK_EQ("euid 1000", syscall(SYS_geteuid32), 1000);
	CHECK_EQ("ruid still 5", syscall(SYS_getuid32), 5);
	CHECK_SYSERR("setuid16 7 not allowed", EPERM, SYS_setuid, 7);
	CHECK_OK0("setuid16 5 (the real id)", syscall(SYS_setuid, 5));
	CHECK_EQ("euid 5", syscall(SYS_geteuid), 5);
}

static void group_setters(void)
{
	CHECK_OK0("setregid16 0x10000+40 -1", syscall(SYS_setregid, 0x10028, 0xffff));
	CHECK_EQ("rgid 40", syscall(SYS_getgid32), 40);
	CHECK_EQ("egid kept 0", syscall(SYS_getegid32), 0);
	CHECK_OK0("setgid16 41", syscall(SYS_setgid, 41));
	CHECK_EQ("getgid16 41", syscall(SYS_getgid), 41);
	CHECK_OK0("setresgid16 -1 -1 -1", syscall(SYS_setresgid, 0xffff, 0xffff, 0xffff));
	unsigned short r, e, s;
	CHECK_OK0("getresgid16", syscall(SYS_getresgid, &r, &e, &s));
	CHECK("41 41 41", r == 41 && e == 41 && s == 41);
	CHECK_OK0("setuid16 1000", syscall(SYS_setuid, 1000));
	CHECK_SYSERR("setgid16 0 as user", EPERM, SYS_setgid, 0);
	CHECK_SYSERR("setresgid16 0 as user", EPERM, SYS_setresgid, 0xffff, 0, 0xffff);
}

static void groups16(void)
{
	unsigned short in[3] = { 7, 5, 0x2345 }, out[4] = { 0 };
	CHECK_OK0("setgroups16 3", syscall(SYS_setgroups, 3, in));
	CHECK_EQ("getgroups16 count", syscall(SYS_getgroups, 0, NULL), 3);
	CHECK_EQ("getgroups16", syscall(SYS_getgroups, 4, out), 3);
	CHECK("sorted 5 7 0x2345", out[0] == 5 && out[1] == 7 && out[2] == 0x2345);
	CHECK_SYSERR("getgroups16 too small", EINVAL, SYS_getgroups, 2, out);
	CHECK_SYSERR("getgroups16 -1", EINVAL, SYS_getgroups, -1, out);
	CHECK_SYSERR("getgroups16 EFAULT", EFAULT, SYS_getgroups, 3, (void *)1);
	unsigned short bad[2] = { 3, 0xffff };
	CHECK_SYSERR("setgroups16 0xffff", EINVAL, SYS_setgroups, 2, bad);
	CHECK_EQ("list kept", syscall(SYS_getgroups, 0, NULL), 3);
	CHECK_SYSERR("setgroups16 -1", EINVAL, SYS_setgroups, -1, in);
	CHECK_SYSERR("setgroups16 65537", EINVAL, SYS_setgroups, 65537, in);
	CHECK_SYSERR("setgroups16 EFAULT", EFAULT, SYS_setgroups, 2, (void *)1);
	unsigned big[2] = { 70000, 9 };
	CHECK_OK0("setgroups32 70000 9", syscall(SYS_setgroups32, 2, big));
	CHECK_EQ("getgroups16 2", syscall(SYS_getgroups, 4, out), 2);
	CHECK("9 and overflow", out[0] == 9 && out[1] == 65534);
	unsigned neg[1] = { 0xffffffffu };
	CHECK_SYSERR("setgroups32 -1 gid", EINVAL, SYS_setgroups32, 1, neg);
	CHECK_OK0("setuid 1000", syscall(SYS_setuid32, 1000));
	CHECK_SYSERR("setgroups16 as user", EPERM, SYS_setgroups, 1, in);
	CHECK_SYSERR("setgroups16 -1 as user", EPERM, SYS_setgroups, -1, in);
}

static void chown16(void)
{
	tdir_setup("t_uid16");
	mk("f", "x");
	CHECK_OK0("chown16 -1 1234", syscall(SYS_chown, P("f"), 0xffff, 1234));
	struct stat st = st_of(P("f"));
	CHECK("uid 0 gid 1234", st.st_uid == 0 && st.st_gid == 1234);
	CHECK_OK0("chown16 0x10007 -1", syscall(SYS_chown, P("f"), 0x10007, 0xffff));
	st = st_of(P("f"));
	CHECK("uid 7 gid 1234", st.st_uid == 7 && st.st_gid == 1234);
	CHECK_OK0("symlink", symlink("f", P("l")));
	CHECK_OK0("lchown16 8 9", syscall(SYS_lchown, P("l"), 8, 9));
	st = st_of(P("l"));
	CHECK("link is 8 9", st.st_uid == 8 && st.st_gid == 9);
	st = st_of(P("f"));
	CHECK("target still 7", st.st_uid == 7);
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("fchown16 -1 -1", syscall(SYS_fchown, fd, 0xffff, 0xffff));
	CHECK_OK0("fchown16 11 12", syscall(SYS_fchown, fd, 11, 12));
	st = st_of(P("f"));
	CHECK("uid 11 gid 12", st.st_uid == 11 && st.st_gid == 12);
	CHECK_SYSERR("fchown16 bad fd", EBADF, SYS_fchown, 99, 1, 1);
	CHECK_SYSERR("chown16 missing", ENOENT, SYS_chown, P("nope"), 1, 1);
	CHECK_SYSERR("chown16 EFAULT", EFAULT, SYS_chown, (void *)1, 1, 1);
	CHECK_OK0("setuid 1000", syscall(SYS_setuid32, 1000));
	CHECK_SYSERR("chown16 as user", EPERM, SYS_chown, P("f"), 1000, 0xffff);
}

static void fsuid(void)
{
	tdir_setup("t_uid16");
	CHECK_OK0("root file 0600", put_file(P("secret"), "s", 1) || chmod(P("secret"), 0600));
	CHECK_OK0("dir 0777", chmod(tdir, 0777));
	CHECK_EQ("setfsuid32 1000 returns 0", syscall(SYS_setfsuid32, 1000), 0);
	CHECK_EQ("setfsuid32 -1 returns 1000", syscall(SYS_setfsuid32, -1), 1000);
	CHECK_EQ("euid still 0", geteuid(), 0);
	CHECK_EQ("not dumpable after setfsuid", prctl(PR_GET_DUMPABLE), 0);
	CHECK_ERR("open 0600 as fsuid 1000", open(P("secret"), O_RDONLY), EACCES);
	CHECK_EQ("setfsgid32 77 returns 0", syscall(SYS_setfsgid32, 77), 0);
	char st_text[2048];
	get_file("/proc/self/status", st_text, sizeof st_text);
	CHECK("/proc/self/status Uid shows the fsuid", strstr(st_text, "Uid:\t0\t0\t0\t1000\n") != NULL);
	CHECK("/proc/self/status Gid shows the fsgid", strstr(st_text, "Gid:\t0\t0\t0\t77\n") != NULL);
	CHECK_OK0("create as fsuid", put_file(P("mine"), "m", 1));
	struct stat st = st_of(P("mine"));
	CHECK("owner 1000:77", st.st_uid == 1000 && st.st_gid == 77);
	CHECK_EQ("access uses real ids", access(P("secret"), R_OK), 0);
	CHECK_EQ("setfsuid16 0 returns 1000", syscall(SYS_setfsuid, 0), 1000);
	int fd = open(P("secret"), O_RDONLY);
	CHECK("open as fsuid 0", fd >= 0);
	CHECK_EQ("setfsuid32 70000 returns 0", syscall(SYS_setfsuid32, 70000), 0);
	CHECK_EQ("setfsuid16 -1 returns full 70000", syscall(SYS_setfsuid, 0xffff), 70000);
	CHECK_OK0("setresuid -1 2000 -1", syscall(SYS_setresuid32, -1, 2000, -1));
	CHECK_EQ("fsuid follows euid", syscall(SYS_setfsuid32, -1), 2000);
	CHECK_OK0("setreuid -1 0", syscall(SYS_setreuid32, -1, 0));
	CHECK_EQ("fsuid 0 again", syscall(SYS_setfsuid32, -1), 0);
	CHECK_OK0("setresuid 3000 3001 3002", syscall(SYS_setresuid32, 3000, 3001, 3002));
	CHECK_EQ("user setfsuid 5 refused, returns 3001", syscall(SYS_setfsuid32, 5), 3001);
	CHECK_EQ("still 3001", syscall(SYS_setfsuid32, -1), 3001);
	CHECK_EQ("user setfsuid 3002 (saved)", syscall(SYS_setfsuid32, 3002), 3001);
	CHECK_EQ("now 3002", syscall(SYS_setfsuid32, 3000), 3002);
	CHECK_EQ("now 3000", syscall(SYS_setfsuid32, -1), 3000);
	CHECK_OK0("setuid 3002 (saved)", syscall(SYS_setuid32, 3002));
	CHECK_EQ("setuid moves fsuid", syscall(SYS_setfsuid32, -1), 3002);
	CHECK_EQ("setfsgid16 -1 returns 77", syscall(SYS_setfsgid, 0xffff), 77);
	CHECK_EQ("user setfsgid 5 refused", syscall(SYS_setfsgid32, 5), 77);
	CHECK_OK0("setregid -1 0", syscall(SYS_setregid32, -1, 0));
	CHECK_EQ("fsgid follows egid", syscall(SYS_setfsgid32, -1), 0);
}

int main(void)
{
	RUN(getters);
	RUN(setters);
	RUN(group_setters);
	RUN(groups16);
	RUN(chown16);
	RUN(fsuid);
	return cases_failed ? 1 : 0;
}
