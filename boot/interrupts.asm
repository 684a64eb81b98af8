; Interrupt, exception and system-call entry stubs.
; Every vector pushes (error code, vector number) so that all of them build
; the same struct trapframe (kernel/trap.h) and call trap(tf).

%include "boot/segfix.inc"

section .text

%macro ISR_NOERR 1
global isr%1
isr%1:
    push dword 0
    push dword %1
    jmp trap_common
%endmacro

%macro ISR_ERR 1
global isr%1
isr%1:
    push dword %1
    jmp trap_common
%endmacro

; CPU exceptions: 8, 10-14, 17, 21 push an error code themselves.
%assign i 0
%rep 32
  %if i == 8 || (i >= 10 && i <= 14) || i == 17 || i == 21
    ISR_ERR %[i]
  %else
    ISR_NOERR %[i]
  %endif
  %assign i i+1
%endrep

; PIC interrupts, remapped to 32..47.
%assign i 32
%rep 16
    ISR_NOERR %[i]
  %assign i i+1
%endrep

ISR_NOERR 128                               ; int $0x80, the Linux system call
ISR_NOERR 236                               ; the local APIC timer (kernel/drivers/apic.c)
ISR_NOERR 255                               ; the local APIC's spurious interrupt

; Table of stub addresses for idt_init().
section .rodata
global isr_table
isr_table:
%assign i 0
%rep 48
    dd isr%[i]
  %assign i i+1
%endrep

section .text.hot progbits alloc exec nowrite align=16   ; linker.ld: with the __hot C code
extern trap
trap_common:
    push ds
    push es
    push fs
    push gs
    pusha
    cld                                     ; C code assumes DF clear; a user may set it
    mov ax, 0x23                            ; ds and es: the flat USER_DS, as
    mov ds, ax                              ; Linux (gdt.c), so a sysenter needs no load
    mov es, ax
    xor ax, ax                              ; no user TLS selector may linger in
    mov fs, ax                              ; the kernel: another task's GDT
    mov gs, ax                              ; slots are loaded at each switch
    push esp                                ; struct trapframe *
    call trap
    add esp, 4
global trap_return
global trap_iret
trap_return:
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
.iret:
    iret                                    ; a fault here: bad_iret() in trap.c

SEGMENT_FIXUPS trap_return               ; boot/segfix.inc

trap_iret equ trap_return.iret
