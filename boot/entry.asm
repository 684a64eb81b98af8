; Multiboot 1 header and the kernel's first instructions.
; The boot loader jumps to _start in protected mode with paging off; we build
; a page directory that maps physical memory both at 0 and at 0xC0000000
; (4 MiB pages), turn paging on, move to the higher half and call kmain().
; Until the jump, this code runs at its physical (= link) address.

MB_MAGIC    equ 0x1BADB002
MB_FLAGS    equ (1 << 0) | (1 << 1)        ; page-align modules, memory map
KERNEL_VMA  equ 0xC0000000
DIRECT_PDES equ 224                        ; 896 MiB of physical memory mapped

section .multiboot
align 4
    dd MB_MAGIC
    dd MB_FLAGS
    dd -(MB_MAGIC + MB_FLAGS)

section .bss
align 4096
global boot_pgdir
boot_pgdir:   resb 4096
global boot_stack_top
boot_stack:   resb 16384
boot_stack_top:

section .text.boot                          ; linked at its load address
global start
start:
    mov ecx, eax                           ; keep the Multiboot magic
    ; Fill the boot page directory with 4 MiB pages.
    mov edi, boot_pgdir - KERNEL_VMA
    mov eax, 0x83                          ; present, writable, 4 MiB page
    mov [edi], eax                         ; identity map of the first 4 MiB
    lea edi, [edi + 768 * 4]
    mov edx, DIRECT_PDES
.fill:
    mov [edi], eax
    add eax, 0x400000
    add edi, 4
    dec edx
    jnz .fill

    mov eax, cr4
    or eax, 0x10                           ; CR4.PSE: 4 MiB pages
    mov cr4, eax
    mov eax, boot_pgdir - KERNEL_VMA
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80010000                     ; CR0.PG | CR0.WP
    mov cr0, eax
    mov eax, higher_half
    jmp eax

section .text
higher_half:
    mov esp, boot_stack_top
    xor ebp, ebp                           ; ends the backtrace
    push ebx                               ; Multiboot info (physical)
    push ecx                               ; Multiboot magic
    extern kmain
    call kmain
.hang:
    cli
    hlt
    jmp .hang
