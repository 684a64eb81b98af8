/* The PS/2 keyboard (IRQ 1, scan code set 1, US layout): key presses become
 * bytes for the console tty, arrows and friends become the ANSI escape
 * sequences a terminal sends (ESC [ A ...). */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/trap.h"
#include "kernel/drivers/tty.h"

static const char normal[128] = {
    0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 127,
    '\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r',
    0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
    0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0, '*',
    0, ' ',
};
static const char shifted[128] = {
    0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 127,
    '\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r',
    0, 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
    0, '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0, '*',
    0, ' ',
};

static bool shift, ctrl, caps, extended;

static void send(const char *s)
{
    while (*s)
        tty_receive(&console_tty, *s++);
}

/* Keys after the 0xE0 prefix: the cursor block. */
static void extended_key(uint8_t sc)
{
    switch (sc) {
    case 0x48: send("\033[A"); break;        /* up */
    case 0x50: send("\033[B"); break;        /* down */
    case 0x4D: send("\033[C"); break;        /* right */
    case 0x4B: send("\033[D"); break;        /* left */
    case 0x47: send("\033[H"); break;        /* home */
    case 0x4F: send("\033[F"); break;        /* end */
    case 0x53: send("\033[3~"); break;       /* delete */
    case 0x1C: tty_receive(&console_tty, '\r'); break;   /* keypad enter */
    }
}

void keyboard_irq(void)
{
    while (inb(0x64) & 1) {
        uint8_t sc = inb(0x60);
        if (sc == 0xE0) { extended = true; continue; }
        bool release = sc & 0x80;
        sc &= 0x7F;
        if (sc == 0x2A || sc == 0x36) { shift = !release; extended = false; continue; }
        if (sc == 0x1D) { ctrl = !release; extended = false; continue; }
        if (release) { extended = false; continue; }
        if (extended) { extended = false; extended_key(sc); continue; }
        if (sc == 0x3A) { caps = !caps; continue; }
        char c = (shift ? shifted : normal)[sc];
        if (!c)
            continue;
        if (caps && c >= 'a' && c <= 'z') c -= 32;
        else if (caps && c >= 'A' && c <= 'Z' && shift) c += 32;
        if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\\' || c == '['))
            c = (char)((c & 0x1F));
        tty_receive(&console_tty, c);
    }
}

void keyboard_init(void)
{
    while (inb(0x64) & 1)
        inb(0x60);                           /* drop anything left from the BIOS */
    pic_unmask(IRQ_KBD);
}
