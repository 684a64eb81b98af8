/* The parts of the Multiboot 1 information structure that Pipit reads. */
#ifndef MULTIBOOT_H
#define MULTIBOOT_H
#include "kernel/types.h"

#define MB_BOOT_MAGIC   0x2BADB002
#define MB_INFO_MEM     (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS    (1u << 3)
#define MB_INFO_MMAP    (1u << 6)

struct multiboot_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct multiboot_mmap {
    uint32_t size;
    uint64_t addr, len;
    uint32_t type;                          /* 1 = usable RAM */
} __attribute__((packed));

struct multiboot_module {
    uint32_t mod_start, mod_end, string, reserved;
} __attribute__((packed));

#endif
