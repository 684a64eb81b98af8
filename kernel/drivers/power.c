/* Leaving QEMU: isa-debug-exit (port 0xf4) makes QEMU exit with status
 * (v << 1) | 1, so 1 means success to the test harness and 3 failure.
 * Without that device we try the ACPI power-off of QEMU's PIIX4 and halt. */
#include "kernel/kernel.h"
#include "kernel/x86.h"

void profile_report(void);

void qemu_exit(int status)
{
    profile_report();                     /* kernel/profile.c, with profile=1 */
    cli();
    outb(0xF4, status ? 1 : 0);
    outw(0x604, 0x2000);                  /* QEMU i440fx ACPI power-off */
    for (;;)
        hlt();
}
