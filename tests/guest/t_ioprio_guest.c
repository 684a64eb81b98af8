/* t_ioprio_guest - Linux 6.1's level check for ioprio_set, guest only:
 * RT and BE take data 0-7 and NONE only 0; anything more is EINVAL.
 * Linux 6.5 split the data into a level (bits 0-2) and "hints" (bits
 * 3-12), so the host (6.18) accepts BE 8 or NONE 8 where 6.1 did not. */
#include "check.h"

enum { C_NONE, C_RT, C_BE, C_IDLE };
#define V(c, d) (C_##c << 13 | (d))

static long ios(int prio) { return syscall(SYS_ioprio_set, 1, 0, prio); }

static void levels(void)
{
	CHECK_OK0("BE 7", ios(V(BE, 7)));
	CHECK_ERR("BE 8", ios(V(BE, 8)), EINVAL);
	CHECK_ERR("BE 0x100", ios(V(BE, 0x100)), EINVAL);
	CHECK_ERR("RT 8", ios(V(RT, 8)), EINVAL);
	CHECK_ERR("RT 0x1fff", ios(V(RT, 0x1fff)), EINVAL);
	CHECK_ERR("NONE 8", ios(V(NONE, 8)), EINVAL);
	CHECK_EQ("unchanged: BE 7", syscall(SYS_ioprio_get, 1, 0), V(BE, 7));
}

int main(void)
{
	RUN(levels);
	return cases_failed ? 1 : 0;
}
