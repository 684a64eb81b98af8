/* The names uname(2) reports (kernel/sys.c): sethostname, setdomainname
 * and /proc/sys/kernel/{hostname,domainname} change them. */
#ifndef KERNEL_UTSNAME_H
#define KERNEL_UTSNAME_H
#include <linux/utsname.h>

/* The Linux version whose interface Pipit follows (docs/decisions.md). */
#define LINUX_COMPAT_RELEASE "6.1.0-pipit"

extern struct new_utsname init_utsname;

#endif
