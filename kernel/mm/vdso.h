/* The vDSO (kernel/mm/vdso/, built into the kernel as vdso_image) and its
 * vvar page of time data (kernel/vdso_data.h), mapped into every process
 * at exec ([vvar] then [vdso], below the stack gap as Linux's) and kept
 * across fork. */
#ifndef VDSO_H
#define VDSO_H
#include "kernel/types.h"

struct mm;
extern const struct vm_ops vdso_vm_ops, vvar_vm_ops;

/* Copies the image into pages of its own; without sysenter (sep false)
 * __kernel_vsyscall is patched to enter by int $0x80 only. At boot. */
void vdso_init(bool sep);
#define VVAR_PAGES 2                        /* the data, and a time namespace's (vdso_data.h) */
/* Maps [vvar] and [vdso] into mm (exec) and sets mm->vdso, [vvar] for
 * current's time namespace. 0 or -ENOMEM. */
int vdso_map(struct mm *mm);
/* mm's tasks are now in time namespace ns (NULL: the initial one): its
 * [vvar] pages are dropped, to fault in again as ns's (Linux's
 * vdso_join_timens). */
struct time_namespace;
void vdso_join_timens(struct mm *mm, struct time_namespace *ns);
/* The addresses in mm's vDSO (0 when it has none). */
uint32_t vdso_vsyscall(const struct mm *mm);          /* AT_SYSINFO */
/* After the vsyscall's int $0x80: where every sysenter returns (inline:
 * the system call's entry asks at each call). */
extern const char vdso_sym_vsyscall_int80_landing_pad[];   /* an offset (absolute symbol) */
static inline uint32_t vdso_landing_pad(uint32_t vdso)
{
    return vdso ? vdso + (uint32_t)vdso_sym_vsyscall_int80_landing_pad : 0;
}
uint32_t vdso_sigreturn(const struct mm *mm, bool rt);
/* At every tick: the coarse clocks into the vvar page. */
void vdso_update(void);

#endif
