/* <linux/shm.h> includes <unistd.h> for user programs; the kernel needs
 * nothing from it, so this empty header stands in (see the Makefile). */
