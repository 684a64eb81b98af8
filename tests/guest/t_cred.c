/* t_cred - differential test of the rules for changing ids: setresuid,
 * setreuid and setuid, and their group twins, for an ordinary process
 * (it may only move between its real, effective and saved ids) and for
 * root (anything). Each case starts as root and sets the ids it needs. */
#include "check.h"
#include <sys/prctl.h>

/* The three ids as one number, r*1000000 + e*1000 + s (ids below 1000 are
 * offsets from 1000, so 1000/1001/1002 read as 0/1/2: 1002); gids3 the
 * same from 100. */
static long uids3(void)
{
	uid_t r, e, s;
	if (getresuid(&r, &e, &s) < 0)
		return -1;
	return ((long)r - 1000) * 1000000L + ((long)e - 1000) * 1000L + ((long)s - 1000);
}

static long gids3(void)
{
	gid_t r, e, s;
	if (getresgid(&r, &e, &s) < 0)
		return -1;
	return ((long)r - 100) * 1000000L + ((long)e - 100) * 1000L + ((long)s - 100);
}

/* Ordinary uids 1000, 1001, 1002 (real, effective, saved). */
static void become_3_uids(void)
{
	setgroups(0, NULL);
	if (setresuid(1000, 1001, 1002) < 0)
		say("[FAIL] become_3_uids: setresuid\n");
}

/* Root in the user ids, ordinary gids 100, 101, 102; then uid 1000. */
static void become_3_gids(void)
{
	setgroups(0, NULL);
	if (setresgid(100, 101, 102) < 0 || setresuid(1000, 1000, 1000) < 0)
		say("[FAIL] become_3_gids: setres[ug]id\n");
}

static void resuid(void)
{
	become_3_uids();
	CHECK_EQ("setresuid as root sets all three", uids3(), 1002);
	CHECK_ERR("setresuid to a fourth id: EPERM", setresuid(1003, -1, -1), EPERM);
	CHECK_ERR("setresuid root: EPERM", setresuid(-1, 0, -1), EPERM);
	CHECK_EQ("a refused setresuid changes nothing", uids3(), 1002);
	CHECK_OK0("setresuid rotates the three", setresuid(1002, 1000, 1001));
	CHECK_EQ("rotated", uids3(), 2000001);
	CHECK_OK0("setresuid -1 -1 -1", setresuid(-1, -1, -1));
	CHECK_EQ("unchanged by -1", uids3(), 2000001);
}

static void reuid(void)
{
	become_3_uids();
	CHECK_OK0("setreuid(-1, saved)", setreuid(-1, 1002));
	CHECK_EQ("a new effective id off the real one moves the saved id", uids3(), 2002);
	CHECK_OK0("setreuid(-1, real)", setreuid(-1, 1000));
	CHECK_EQ("back to the real id: the saved id stays", uids3(), 2);
	CHECK_ERR("setreuid real to the saved id: EPERM", setreuid(1002, -1), EPERM);
	CHECK_OK0("setreuid(real, effective) swapped", setreuid(1000, 1000));
	CHECK_EQ("setting the real id moves the saved id", uids3(), 0);
	CHECK_ERR("setreuid to a new id: EPERM", setreuid(-1, 1005), EPERM);
}

static void one_uid(void)
{
	become_3_uids();
	CHECK_OK0("setuid(real) as a user", setuid(1000));
	CHECK_EQ("only the effective id moves", uids3(), 2);
	CHECK_OK0("setuid(saved) as a user", setuid(1002));
	CHECK_EQ("to the saved one", uids3(), 2002);
	CHECK_ERR("setuid(other) as a user: EPERM", setuid(1001), EPERM);
}

static void one_uid_root(void)
{
	setgroups(0, NULL);
	CHECK_OK0("setuid as root", setuid(1001));
	CHECK_EQ("root's setuid sets all three", uids3(), 1001001);
	CHECK_ERR("and root is gone", setuid(0), EPERM);
}

static void resgid(void)
{
	become_3_gids();
	CHECK_EQ("setresgid as root sets all three", gids3(), 1002);
	CHECK_ERR("setresgid to a fourth id: EPERM", setresgid(103, -1, -1), EPERM);
	CHECK_OK0("setresgid rotates the three", setresgid(102, 100, 101));
	CHECK_EQ("rotated", gids3(), 2000001);
}

static void regid(void)
{
	become_3_gids();
	CHECK_OK0("setregid(-1, saved)", setregid(-1, 102));
	CHECK_EQ("a new effective gid off the real one moves the saved gid", gids3(), 2002);
	CHECK_ERR("setregid real to a gid it lost: EPERM", setregid(101, -1), EPERM);
	CHECK_OK0("setregid(real, -1)", setregid(100, -1));
	CHECK_EQ("setting the real gid moves the saved gid", gids3(), 2002);
}

static void one_gid(void)
{
	become_3_gids();
	CHECK_OK0("setgid(real) as a user", setgid(100));
	CHECK_EQ("only the effective gid moves", gids3(), 2);
	CHECK_ERR("setgid(other) as a user: EPERM", setgid(101), EPERM);
	CHECK_EQ("the user ids stay", uids3(), 0);
}

/* A change of the effective id makes the process not dumpable and clears
 * the parent-death signal; a change to the same id does not. */
static void dumpable(void)
{
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	CHECK_OK0("setresuid to the same ids", setresuid(0, 0, 0));
	CHECK_EQ("still dumpable", prctl(PR_GET_DUMPABLE), 1);
	CHECK_OK0("setresgid(-1, 100, -1)", setresgid(-1, 100, -1));
	CHECK_EQ("a new effective gid: not dumpable", prctl(PR_GET_DUMPABLE), 0);
	int sig = -1;
	prctl(PR_GET_PDEATHSIG, &sig);
	CHECK_EQ("and no parent-death signal", sig, 0);
}

int main(void)
{
	RUN(resuid);
	RUN(reuid);
	RUN(one_uid);
	RUN(one_uid_root);
	RUN(resgid);
	RUN(regid);
	RUN(one_gid);
	RUN(dumpable);
	return cases_failed ? 1 : 0;
}
