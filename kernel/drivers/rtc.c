/* The CMOS real-time clock: read once at boot for the wall-clock time. */
#include "kernel/kernel.h"
#include "kernel/x86.h"

static uint8_t cmos(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static int bcd(int v, bool is_bcd) { return is_bcd ? (v & 15) + (v >> 4) * 10 : v; }

/* Reads the clock twice until two reads agree (an update may be in flight). */
void rtc_read(int *year, int *mon, int *day, int *hour, int *min, int *sec)
{
    uint8_t r[6], p[6];
    do {
        while (cmos(0x0A) & 0x80)
            ;
        const uint8_t regs[6] = { 0x09, 0x08, 0x07, 0x04, 0x02, 0x00 };
        for (int i = 0; i < 6; i++) p[i] = cmos(regs[i]);
        while (cmos(0x0A) & 0x80)
            ;
        for (int i = 0; i < 6; i++) r[i] = cmos(regs[i]);
    } while (memcmp(r, p, 6));
    uint8_t b = cmos(0x0B);
    bool is_bcd = !(b & 0x04);
    int h = bcd(r[3] & 0x7F, is_bcd);
    if (!(b & 0x02) && (r[3] & 0x80))
        h = (h % 12) + 12;                 /* 12-hour clock, PM */
    *year = 2000 + bcd(r[0], is_bcd);
    *mon = bcd(r[1], is_bcd);
    *day = bcd(r[2], is_bcd);
    *hour = h;
    *min = bcd(r[4], is_bcd);
    *sec = bcd(r[5], is_bcd);
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t rtc_epoch(void)
{
    int y, mo, d, h, mi, s;
    rtc_read(&y, &mo, &d, &h, &mi, &s);
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}
