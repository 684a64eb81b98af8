/* sleep: pause for the sum of the arguments, each a number of seconds
 * (decimals allowed) with an optional suffix s, m, h or d. */
#include "util.h"
#include <time.h>

static const struct prog_help help = {
	"NUMBER[SUFFIX]...",
	"Pause for NUMBER seconds, which need not be an integer; SUFFIX may be\n"
	"s for seconds (the default), m for minutes, h for hours or d for days.\n"
	"Given several arguments, pause for the sum of their values.\n",
	1, 0,
};

int main(int argc, char **argv)
{
	double total = 0;
	prog_init("sleep", argc, argv, &help);
	if (argc < 2) {
		err_msg("missing operand");
		usage_exit(1);
	}
	for (int i = 1; i < argc; i++) {
		char *end;
		double v = strtod(argv[i], &end);
		const char *units = "smhd";
		static const double scale[] = { 1, 60, 3600, 86400 };
		const char *u = *end ? strchr(units, *end) : units;
		if (end == argv[i] || !u || !*u || (*end && end[1]) || !(v >= 0)) {
			err_msg("invalid time interval '%s'", argv[i]);
			usage_exit(1);
		}
		total += v * scale[u - units];
	}
	if (total > 2e9)
		total = 2e9;
	struct timespec ts = { (time_t)total, (long)((total - (double)(time_t)total) * 1e9) };
	/* A signal that is caught (and ignored) must not cut the sleep short. */
	while (nanosleep(&ts, &ts) < 0)
		if (errno != EINTR) {
			err_msg("%s", strerror(errno));
			return 1;
		}
	return 0;
}
