/* The Multiboot command line, split into words; `key=value` words are
 * looked up by cmdline_get(). The first word (the kernel's path, when the
 * boot loader passes it) is skipped if it contains a '/'. */
#include "kernel.h"

#define MAX_WORDS 32

static char raw[512];
static char buf[512];
static char *words[MAX_WORDS];
static int nwords;

void cmdline_init(const char *s)
{
    strlcpy(raw, s ? s : "", sizeof raw);
    strlcpy(buf, raw, sizeof buf);
    nwords = 0;
    for (char *p = buf; *p && nwords < MAX_WORDS;) {
        while (*p == ' ') *p++ = 0;
        if (!*p) break;
        words[nwords++] = p;
        while (*p && *p != ' ') p++;
    }
    if (nwords && strchr(words[0], '/') && !strchr(words[0], '=')) {
        for (int i = 1; i < nwords; i++) words[i - 1] = words[i];
        nwords--;
    }
}

const char *cmdline_get(const char *key)
{
    size_t n = strlen(key);
    for (int i = 0; i < nwords; i++)
        if (!strncmp(words[i], key, n) && words[i][n] == '=')
            return words[i] + n + 1;
    return NULL;
}

const char *cmdline_raw(void) { return raw; }

int cmdline_words(char ***out)
{
    *out = words;
    return nwords;
}
