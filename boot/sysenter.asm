; The sysenter entry. __kernel_vsyscall (kernel/mm/vdso/vsyscall.S) comes
; here with the user's esp in ebp, the sixth argument at [ebp], interrupts
; off, and esp at the TSS (the SYSENTER ESP MSR, kernel/sysenter.c). It
; builds the trap frame int $0x80 would (kernel/trap.h) at the top of the
; task's kernel stack; sysenter_trap() fills in eip, esp and ebp, runs the
; call, and says how to leave: sysexit when the frame still returns to the
; vsyscall's landing pad unchanged, else trap_return's iret.

%include "boot/segfix.inc"

section .text
extern sysenter_trap
extern trap_return
global sysenter_entry
global sysenter_singlestep_end

sysenter_entry:
    mov esp, [esp + 4]                      ; tss.esp0 (through SS: any user DS is fine)
    push dword 0x23                         ; ss: USER_DS
    push ebp                                ; esp: the vsyscall's
    pushfd                                  ; eflags (IF cleared by sysenter; set in C)
    push dword 0x1b                         ; cs: USER_CS
    push dword 0                            ; eip: the landing pad, set in C
    push dword 0                            ; error code
    push dword 128                          ; vector: a system call
    push ds
    push es
    push fs
    push gs
    pusha
    push dword 2                            ; sysenter keeps TF, NT, AC, DF: clear them
    popfd                                   ; (a debug trap up to here is ignored, trap.c)
sysenter_singlestep_end:
    mov ax, 0x10                            ; kernel data segment
    mov ds, ax
    mov es, ax
    xor ax, ax                              ; no user TLS selector in the kernel
    mov fs, ax
    mov gs, ax
    push esp                                ; struct trapframe *
    call sysenter_trap
    add esp, 4
    test eax, eax
    jz trap_return                          ; iret: the frame was changed
    popa
.pop_gs:
    pop gs
.pop_fs:
    pop fs
.pop_es:
    pop es
.pop_ds:
    pop ds
    add esp, 8                              ; vector number and error code
    mov edx, [esp]                          ; sysexit goes to edx (the landing pad)
    mov ecx, [esp + 12]                     ; with esp = ecx
    and dword [esp + 8], ~0x200
    push dword [esp + 8]
    popfd                                   ; the user's flags, interrupts still off
    sti                                     ; on after the next instruction
    sysexit

; A data selector that cannot be loaded is taken as null (as trap_return).
SEGMENT_FIXUPS sysenter_singlestep_end
