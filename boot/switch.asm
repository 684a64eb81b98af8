; swtch(uint32_t *save_esp, uint32_t new_esp): the context switch.
; Saves the callee-saved registers of the running task on its kernel stack,
; stores its stack pointer in *save_esp, and resumes the task whose stack
; pointer is new_esp where it last called swtch (or at fork_child_start for
; a new task, see kernel/proc.c).

section .text.hot progbits alloc exec nowrite align=16   ; linker.ld: with the __hot C code
global swtch
swtch:
    mov eax, [esp + 4]
    mov edx, [esp + 8]
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

; A new task's first switch returns here, with its trap frame on the stack.
global fork_child_start
extern trap_return
extern fork_child_tail
fork_child_start:
    call fork_child_tail
    jmp trap_return

; enter_user(struct trapframe *tf): leave the kernel for the user context in
; tf, which lies at the top of the current task's kernel stack (first exec
; of init).
global enter_user
enter_user:
    mov esp, [esp + 4]
    jmp trap_return
