/* umount: detach the mounts at each TARGET, as util-linux's umount: -l
 * lazily (MNT_DETACH: gone from the tree at once, freed when no longer
 * used), -f by force (MNT_FORCE). */
#include "util.h"
#include <sys/mount.h>

static const struct prog_help help = {
	"[-l] [-f] TARGET...",
	"Unmount the filesystems mounted at each TARGET.\n\n"
	"  -l   lazily: detach now, clean up when it is no longer busy\n"
	"  -f   force (as Linux, no different for the filesystems Pipit has)\n",
	32, 0,
};

int main(int argc, char **argv)
{
	int lazy = 0, force = 0, status = 0;
	prog_init("umount", argc, argv, &help);
	flag_options(argc, argv, "lf", (int *const[]){ &lazy, &force }, 32);
	if (optind >= argc) {
		err_msg("bad usage");
		usage_exit(32);
	}
	for (int i = optind; i < argc; i++) {
		if (umount2(argv[i], (lazy ? MNT_DETACH : 0) | (force ? MNT_FORCE : 0)) == 0)
			continue;
		status = 32;
		if (errno == EBUSY)
			err_msg("%s: target is busy.", argv[i]);
		else if (errno == EINVAL)
			err_msg("%s: not mounted.", argv[i]);
		else if (errno == EPERM)
			err_msg("%s: must be superuser to unmount.", argv[i]);
		else
			err_errno(errno, "%s", argv[i]);
	}
	return status;
}
