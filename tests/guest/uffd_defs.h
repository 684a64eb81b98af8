/* uffd_defs.h - what the userfaultfd test needs of <linux/userfaultfd.h>,
 * which the musl build does not see: the UAPI's values and layouts, as
 * there (ioctl_userfaultfd(2)). */
#ifndef UFFD_DEFS_H
#define UFFD_DEFS_H
#include <stdint.h>
#include <sys/ioctl.h>

struct uffd_msg {
	uint8_t event, reserved1;
	uint16_t reserved2;
	uint32_t reserved3;
	union {
		struct {
			uint64_t flags, address;
			union { uint32_t ptid; } feat;
		} __attribute__((packed)) pagefault;
		struct { uint64_t reserved1, reserved2, reserved3; } reserved;
	} arg;
} __attribute__((packed));

struct uffdio_api { uint64_t api, features, ioctls; };
struct uffdio_range { uint64_t start, len; };
struct uffdio_register { struct uffdio_range range; uint64_t mode, ioctls; };
struct uffdio_copy { uint64_t dst, src, len, mode; int64_t copy; };
struct uffdio_zeropage { struct uffdio_range range; uint64_t mode; int64_t zeropage; };

#define UFFD_API ((uint64_t)0xAA)
#define UFFD_USER_MODE_ONLY 1
#define UFFD_EVENT_PAGEFAULT 0x12
#define UFFD_PAGEFAULT_FLAG_WRITE (1 << 0)
#define UFFD_FEATURE_THREAD_ID (1 << 8)
#define UFFD_FEATURE_EXACT_ADDRESS (1 << 11)
#define UFFDIO_REGISTER_MODE_MISSING ((uint64_t)1 << 0)
#define UFFDIO_COPY_MODE_DONTWAKE ((uint64_t)1 << 0)
#define UFFDIO_ZEROPAGE_MODE_DONTWAKE ((uint64_t)1 << 0)

#define _UFFDIO_REGISTER 0x00
#define _UFFDIO_UNREGISTER 0x01
#define _UFFDIO_WAKE 0x02
#define _UFFDIO_COPY 0x03
#define _UFFDIO_ZEROPAGE 0x04
#define _UFFDIO_API 0x3F
#define UFFDIO 0xAA
#define UFFDIO_API _IOWR(UFFDIO, _UFFDIO_API, struct uffdio_api)
#define UFFDIO_REGISTER _IOWR(UFFDIO, _UFFDIO_REGISTER, struct uffdio_register)
#define UFFDIO_UNREGISTER _IOR(UFFDIO, _UFFDIO_UNREGISTER, struct uffdio_range)
#define UFFDIO_WAKE _IOR(UFFDIO, _UFFDIO_WAKE, struct uffdio_range)
#define UFFDIO_COPY _IOWR(UFFDIO, _UFFDIO_COPY, struct uffdio_copy)
#define UFFDIO_ZEROPAGE _IOWR(UFFDIO, _UFFDIO_ZEROPAGE, struct uffdio_zeropage)

_Static_assert(sizeof(struct uffd_msg) == 32, "a message is 32 bytes");
#endif
