/* login - asks for a user name and password on the terminal, checks them
 * against /etc/passwd and /etc/shadow (crypt(3) hashes), then becomes that
 * user (groups from /etc/group, gid, uid, home directory, environment) and
 * runs the user's shell as a login shell. `login NAME` skips the name
 * prompt. Root's password is "root", kunitz's is "kunitz" (see README). */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sha512_crypt.h"
#include "util.h"

/* Reads one line from the terminal into buf, without echo if secret. */
static int read_line(const char *prompt, char *buf, size_t size, int secret)
{
    struct termios old, t;
    int tty = tcgetattr(0, &old) == 0;
    fputs(prompt, stdout);
    fflush(stdout);
    if (secret && tty) {
        t = old;
        t.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(0, TCSANOW, &t);
    }
    size_t n = 0;
    char c;
    int r;
    while ((r = (int)read(0, &c, 1)) == 1 && c != '\n')
        if (n + 1 < size)
            buf[n++] = c;
    buf[n] = 0;
    if (secret && tty) {
        tcsetattr(0, TCSANOW, &old);
        fputs("\n", stdout);
    }
    return r == 1 || n ? 0 : -1;             /* -1: end of input */
}

/* Whether `pass` is the password of pw (shadow entry first). */
static int password_ok(struct passwd *pw, const char *pass)
{
    const char *hash = pw->pw_passwd;
    struct spwd *sp = getspnam(pw->pw_name);
    if (sp)
        hash = sp->sp_pwdp;
    if (!hash || !*hash)
        return 1;                            /* no password */
    if (!strcmp(hash, "x") || hash[0] == '!' || hash[0] == '*')
        return 0;
    const char *h = sha512_crypt(pass, hash);
    return h && !strcmp(h, hash);
}

static void become(struct passwd *pw)
{
    if (initgroups(pw->pw_name, pw->pw_gid) || setgid(pw->pw_gid) || setuid(pw->pw_uid)) {
        perror("login: cannot change identity");
        exit(1);
    }
    if (chdir(pw->pw_dir) < 0)
        chdir("/");
    const char *shell = pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh";
    clearenv();
    setenv("HOME", pw->pw_dir, 1);
    setenv("USER", pw->pw_name, 1);
    setenv("LOGNAME", pw->pw_name, 1);
    setenv("SHELL", shell, 1);
    setenv("PATH", pw->pw_uid ? "/bin:/usr/bin" : "/bin:/sbin:/usr/bin", 1);
    setenv("TERM", "vt100", 1);
    FILE *motd = fopen("/etc/motd", "r");
    if (motd) {
        char line[256];
        while (fgets(line, sizeof line, motd))
            fputs(line, stdout);
        fclose(motd);
    }
    fflush(stdout);
    const char *base = strrchr(shell, '/') ? strrchr(shell, '/') + 1 : shell;
    char argv0[64];
    snprintf(argv0, sizeof argv0, "-%s", base);   /* a login shell */
    execl(shell, argv0, (char *)NULL);
    fprintf(stderr, "login: %s: %s\n", shell, strerror(errno));
    exit(1);
}

static const struct prog_help help = {
    "[NAME]",
    "Ask for a user name (unless NAME is given) and password, then start a\n"
    "login shell as that user.\n",
    1, PH_OPTS_FIRST,
};

int main(int argc, char **argv)
{
    char name[64], pass[128];
    prog_init("login", argc, argv, &help);
    if (argc > 2) {
        err_msg("extra operand '%s'", argv[2]);
        usage_exit(1);
    }
    for (int tries = 0; tries < 3; tries++) {
        if (argc == 2 && tries == 0) {
            snprintf(name, sizeof name, "%s", argv[1]);
        } else if (read_line("pipit login: ", name, sizeof name, 0) < 0) {
            return 1;
        }
        if (!name[0]) {
            tries--;
            continue;
        }
        if (read_line("Password: ", pass, sizeof pass, 1) < 0)
            return 1;
        struct passwd *pw = getpwnam(name);
        if (pw && password_ok(pw, pass))
            become(pw);
        sleep(1);
        printf("Login incorrect\n");
    }
    return 1;
}
