; The sysenter entry. __kernel_vsyscall (kernel/mm/vdso/vsyscall.S) comes
; here with the user's esp in ebp, the sixth argument at [ebp], interrupts
; off, and esp at the TSS (the SYSENTER ESP MSR, kernel/sysenter.c). It
; builds the trap frame int $0x80 would (kernel/trap.h) at the top of the
; task's kernel stack; sysenter_trap() fills in eip, esp and ebp, runs the
; call, and says how to leave: sysexit when the frame still returns to the
; vsyscall's landing pad unchanged, else trap_return's iret. Each load of
; ds or es ends QEMU's translation block, and each segment load is a call
; into QEMU: the common path loads none (the kernel runs on the user's ds
; and es; fs and gs keep the user's selectors, loaded again on the way out
; only when a TLS slot or the LDT changed: kernel/sysenter.c).

%include "boot/segfix.inc"

TF_ES     equ 40                        ; offsets in struct trapframe (kernel/trap.h)
TF_DS     equ 44
TF_EFLAGS equ 64

section .text.hot progbits alloc exec nowrite align=16   ; linker.ld: with the __hot C code
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
    cld                                     ; C code assumes DF clear
    test dword [esp + TF_EFLAGS], 0x44100   ; sysenter keeps TF, NT and AC: when one is
    jz sysenter_singlestep_end              ; set, clear them all (popfd ends QEMU's
    push dword 2                            ; translation block, so only then)
    popfd                                   ; (a debug trap up to here is ignored, trap.c)
sysenter_singlestep_end:
    cmp word [esp + TF_DS], 0x23            ; the kernel runs on the flat USER_DS (gdt.c):
    jne .load_ds                            ; the user's ds and es are almost always it
    cmp word [esp + TF_ES], 0x23
    je .ds_ok
.load_ds:
    mov ax, 0x23
    mov ds, ax
    mov es, ax
.ds_ok:                                     ; fs and gs stay the user's (kernel/sysenter.c)
    push esp                                ; struct trapframe *
    call sysenter_trap
    add esp, 4
    test eax, eax
    jz trap_return                          ; iret: the frame was changed
    cmp eax, 2                              ; 1: load all four selectors again, 2: none,
    popa                                    ; 3: fs and gs (kernel/sysenter.c: segs_to_load);
    je .keep_segs                           ; popa, the pops and their fix-ups keep the flags
.pop_gs:
    pop gs
.pop_fs:
    pop fs
    ja .keep_ds_es
.pop_es:
    pop es
.pop_ds:
    pop ds
    add esp, 8                              ; vector number and error code
    jmp .sysexit
.keep_ds_es:
    add esp, 16                             ; es, ds, vector number, error code
    jmp .sysexit
.keep_segs:
    add esp, 24                             ; gs, fs, es, ds, vector number, error code
.sysexit:                                   ; esp: at the frame's eip
    mov edx, [esp]                          ; sysexit goes to edx (the landing pad)
    mov ecx, [esp + 12]                     ; with esp = ecx
    push eax                                ; The user's flags, without popfd (which would
    mov eax, [esp + 12]                     ; end QEMU's translation block): sysenter_trap
    test ah, 0x04                           ; let only CF PF AF ZF SF, DF and OF differ
    jz .df_done                             ; from 0x202. DF is clear since the cld.
    std
.df_done:
    test ah, 0x08                           ; OF, set by an overflowing add (or cleared
    mov ah, al                              ; by an xor); then sahf sets the other five
    jz .of_clear                            ; from ah (mov keeps the test's ZF)
    mov al, 0x7f
    add al, 1
    jmp .of_done
.of_clear:
    xor al, al
.of_done:
    sahf
    pop eax                                 ; no instruction below changes a flag
    sti                                     ; interrupts on after the next instruction
    sysexit

; A data selector that cannot be loaded is taken as null (as trap_return).
SEGMENT_FIXUPS sysenter_singlestep_end
