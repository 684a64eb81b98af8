/* The Multiboot command line, split into words; `key=value` words are
 * looked up by cmdline_get(). Double quotes group spaces into a word, as
 * Linux allows ("init=/bin/sh -c \"ls /\""... is one word per quote pair).
 * The first word (the kernel's path, when the boot loader passes it) is
 * skipped if it contains a '/'. */
#include "kernel/kernel.h"

#define MAX_WORDS 128

static char raw[2048];                       /* COMMAND_LINE_SIZE on x86 */
static char buf[2048];
static char *words[MAX_WORDS];
static int nwords;

void cmdline_init(const char *s)
{
    strlcpy(raw, s ? s : "", sizeof raw);
    strlcpy(buf, raw, sizeof buf);
    nwords = 0;
    char *out = buf;
    for (const char *p = raw; *p && nwords < MAX_WORDS;) {
        while (*p == ' ') p++;
        if (!*p) break;
        words[nwords++] = out;
        bool quoted = false;
        for (; *p && (quoted || *p != ' '); p++) {
            if (*p == '"') quoted = !quoted;
            else *out++ = *p;
        }
        *out++ = 0;
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
