/* <linux/if.h> (through <linux/icmp.h>) includes <sys/socket.h> for user
 * programs, for the generic struct sockaddr of struct ifreq; the kernel
 * has no libc, so this header gives just that (see the Makefile). */
#ifndef SHIM_SYS_SOCKET_H
#define SHIM_SYS_SOCKET_H
typedef unsigned short sa_family_t;
struct sockaddr {
    sa_family_t sa_family;
    char sa_data[14];
};
#endif
