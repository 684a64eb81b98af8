"""The session tests: the shell driven over the serial console like a
person. tests/run.py (run_sessions) boots Pipit for each and plays its steps.

Add one to SESSIONS:
(result name, kernel command line, steps); a step is (text to send or
None, regex that must then appear on the serial output, searched with
re.M). Text ending in a control character (^C, ^Z, ^D, ESC) is sent
without a newline. The shell's prompt is the working directory and '# ' or
'$ '. An optional fourth element names more initrds (files beside the
standard one, unpacked after it); the session is skipped when one is missing.
"""

PROMPT = r"[#$] $"
CTRL_C, CTRL_D, CTRL_Z, ESC = "\x03", "\x04", "\x1a", "\x1b"
# busybox's sh asks the terminal where the cursor is (ESC [6n) after its prompt.
BB_PROMPT = r"# (\x1b\[6n)?$"

SESSIONS = [
    ("session.shell", "", [
        (None, PROMPT),
        ("echo hello world", r"^hello world\n"),
        ("echo abc | cat | cat | wc -c", r"^4\n"),
        ("false || echo or-ok; true && echo and-ok", r"^or-ok\nand-ok\n"),
        ("nosuchcommand", r"sh: nosuchcommand: not found"),
        ("echo status=$?", r"^status=127\n"),
        ("cd /tmp && pwd", r"^/tmp\n"),
        ("echo one > f; echo two >> f; cat < f", r"^one\ntwo\n"),
        ("for i in 1 2 3; do echo n$i; done", r"^n1\nn2\nn3\n"),
        ("ls /nonexistent 2>&1 | cat", r"ls: cannot access '/nonexistent': No such file or directory"),
        # cp and mv: SOURCE DEST, SOURCE... DIRECTORY, and the operand errors
        ("mkdir d && cp f g && cp f g d && cat g d/f d/g | wc -l", r"^6\n"),
        ("mv g h && mv h d && ls d", r"^f\s+g\s+h\n"),
        ("cp f g h 2>&1 | cat", r"cp: target 'h': No such file or directory"),
        ("mv f 2>&1 | cat", r"mv: missing destination file operand after 'f'"),
        ("cat f f | tail -3 | head -1", r"^two\n"),
        # the book's demos, and their option check
        ("msgdemo -p 2 -n 100", r"received 200 items from 2 producers, in order: yes\n"),
        ("shmdemo -p 2 -c 2 -n 100", r"200 items, sum 100010100 \(expected 100010100\): ok\n"),
        ("shmdemo -s 0 2>&1 | cat", r"shmdemo: bad number '0' \(1\.\.1024\)"),
        ("futexdemo -n 500", r"lock: counter 1000 \(expected 1000\)\nturns: 1000 of 1000 in alternation\nfutexdemo: ok\n"),
        (None, PROMPT),
    ]),
    # The book's named-pipe session: a FIFO shows as 'p' in ls -l, and data
    # written into it comes out of a reader started in the background.
    ("session.fifo", "", [
        (None, PROMPT),
        ("mkfifo /tmp/fifo && ls -l /tmp/fifo", r"^prw-r--r-- 1 root root 0 .* /tmp/fifo\n"),
        ("cat /tmp/fifo &", r"^\[1\] \d+\n"),
        ("echo through the fifo > /tmp/fifo", r"through the fifo\n"),
        ("wait; echo waited", r"waited\n"),
    ]),
    ("session.tty", "", [
        (None, PROMPT),
        ("cat", r"cat\n"),
        ("typed line", r"^typed line\ntyped line\n"),    # the tty's echo, then cat's copy
        (CTRL_D, PROMPT),
        ("cat", r"cat\n"),
        (CTRL_C, PROMPT),
        ("echo status=$?", r"^status=130\n"),
        ("ls -l /bin | more", r"--More--"),
        ("q", PROMPT),
    ]),
    # Job control: ^Z stops the foreground job, fg continues it, ^C ends it;
    # background jobs are reported; ps shows the console as the terminal.
    ("session.jobs", "", [
        (None, PROMPT),
        ("sleep 100", r"sleep 100\n"),
        (CTRL_Z, r"\[1\]\+ Stopped +sleep 100\n"),
        ("jobs", r"\[1\]\+ Stopped +sleep 100\n"),
        ("fg", r"^sleep 100\n"),
        (CTRL_C, PROMPT),
        ("echo st=$?", r"^st=130\n"),
        ("sleep 50 &", r"^\[1\] \d+\n"),
        ("kill %1; wait %1; echo status=$?", r"^status=143\n"),
        ("ps", r" ttyS0 +ps\n"),
        ("su kunitz -c id", r"^uid=1000\(kunitz\) gid=100\(users\) groups=100\(users\)\n"),
        (None, PROMPT),
    ]),
    # The book's sessions as user kunitz: log in on the console, make a FIFO
    # (ls -l shows it as kunitz's, with type p), then three semaphore
    # arrays; ipcs lists them, ipcrm sem ID says "resource deleted".
    ("session.kunitz", "login", [
        (None, r"pipit login: $"),
        ("kunitz", r"Password: $"),
        ("kunitz", r"Welcome to Pipit"),
        (None, r"~?.*\$ $"),
        ("id", r"^uid=1000\(kunitz\) gid=100\(users\) groups=100\(users\)\n"),
        ("cd; mkfifo fifo; ls -l fifo", r"^prw-r--r-- 1 kunitz users 0 .* fifo\n"),
        ("ipcmk -S 1; ipcmk -S 2; ipcmk -S 3", r"(Semaphore id: \d+\n){3}"),
        ("ipcs -s", r"------ Semaphore Arrays --------\nkey +semid +owner +perms +nsems *\n"
                    r"(0x[0-9a-f]{8} +\d+ +kunitz +644 +[123] *\n){3}"),
        ("id=$(ipcs -s | grep kunitz | head -1); set -- $id; ipcrm sem $2", r"^resource deleted\n"),
        ("ipcs -s | grep -c kunitz", r"^2\n"),
        ("ipcrm sem 999999", r"ipcrm: invalid id \(999999\)"),
    ]),
    # The book's client and server over a UNIX stream socket (section 5.6):
    # the server goes into the background, serves the clients one by one.
    ("session.sockets", "", [
        (None, PROMPT),
        ("srv", PROMPT),
        ("ls -l /tmp/server", r"^srwxr-xr-x 1 root root 0 .* /tmp/server\n"),
        ("cli; cli; cli", r"^Client received: Hello Client (\d+), this is the Server.\n"
                          r"Client received: Hello Client (\d+), this is the Server.\n"
                          r"Client received: Hello Client (\d+), this is the Server.\n"),
        ("cat /proc/net/unix", r"^Num +RefCount Protocol Flags +Type St Inode Path\n.* /tmp/server\n"),
        ("strace -o /tmp/tr ls / >/dev/null; grep -E '^(execve|open|getdents64|exit_group)' /tmp/tr",
         r"^execve\(\"/bin/ls\".* = 0\n(.*\n)*?open\(.* = \d+\n(.*\n)*?getdents64\(.* = \d+\n"
         r"(.*\n)*?exit_group\(0\) += \?\n"),
    ]),
    # The INET daemon of section 5.6 and its services over TCP and UDP on
    # loopback, with nc as the client: cat and ipcs serve the network
    # without a line of network code.
    ("session.inetd", "", [
        (None, PROMPT),
        ("inetd", PROMPT),
        ("echo hello inetd | nc 127.0.0.1 7", r"^hello inetd\n"),
        ("echo over udp | nc -u localhost 7", r"^over udp\n"),
        ("nc localhost 13 < /dev/null | wc -l", r"^1\n"),
        ("nc localhost 19 < /dev/null | head -2", r"^ !\"#\$%&'\(\)\*\+,-\./0123456789:.*\^_`abcdefg\r*\n"
                                                 r"!\"#\$%&'.*_`abcdefgh\r*\n"),
        ("ipcmk -Q >/dev/null; nc localhost 7000 < /dev/null", r"------ Message Queues --------\n"),
        ("nc localhost 9 < /dev/null", r"nc: localhost 9: Connection refused\n"),
        ("grep -c ' 0A ' /proc/net/tcp", r"^4\n"),
        ("cat /proc/net/dev | grep -c lo:", r"^1\n"),
    ]),
    # POSIX message queues from the shell (docs/13): the mq tool makes one,
    # ls -l /dev/mqueue and cat show it as Linux's mqueue filesystem does.
    ("session.mqueue", "", [
        (None, PROMPT),
        ("mq create /jobs -m 4 -s 64 -p 640; mq send /jobs -P 9 urgent; mq send /jobs backup",
         PROMPT),
        ("ls -l /dev/mqueue", r"^total 0\n-rw-r----- 1 root root 80 .* jobs\n"),
        ("cat /dev/mqueue/jobs", r"^QSIZE:12         NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n"),
        ("mq recv /jobs; rm /dev/mqueue/jobs; mq info /jobs",
         r"^9 urgent\nmq: /jobs: No such file or directory\n"),
    ]),
    # mount(8) and umount(8) (user/mount.c, umount.c) over mount(2): a tmpfs
    # with options, the list, a busy mount point, a read-only remount, a
    # bind and a lazy umount.
    ("session.mount", "", [
        (None, PROMPT),
        ("mkdir -p /mnt/t && mount -t tmpfs -o size=1m,mode=700 none /mnt/t && mount | grep /mnt/t",
         r"^none on /mnt/t type tmpfs \(rw,relatime,size=1024k,mode=700\)\n"),
        ("cd /mnt/t; umount /mnt/t; cd /; umount /mnt/t; echo $?; umount /mnt/t",
         r"^umount: /mnt/t: target is busy\.\n0\numount: /mnt/t: not mounted\.\n"),
        ("mount -t tmpfs none /mnt/t; mount -o remount,ro /mnt/t; touch /mnt/t/f",
         r"^touch: cannot touch '/mnt/t/f': Read-only file system\n"),
        ("umount /mnt/t; mount --bind /dev /mnt/t && ls /mnt/t | grep -c null; umount -l /mnt/t; "
         "ls /mnt/t | wc -l", r"^1\n0\n"),
    ]),
    # The same clients served by one process from an epoll set (user/epsrv.c):
    # started in the background, several clients at once, then SIGTERM.
    ("session.epoll", "", [
        (None, PROMPT),
        ("epsrv &", r"^\[1\] \d+\n"),
        ("sleep 1; cli", r"^Client received: Hello Client (\d+), this is the Server.\n"),
        ("(for i in 1 2 3 4 5 6; do cli & done; wait) | grep -c 'this is the Server'", r"^6\n"),
        ("cli; cli", r"^Client received: Hello Client (\d+), this is the Server.\n"
                     r"Client received: Hello Client (\d+), this is the Server.\n"),
        ("kill -TERM %1; wait", r"^epsrv: SIGTERM, 9 clients served\n"),
        ("ls /tmp/server 2>&1 | cat", r"No such file or directory"),
    ]),
    # The line editor (user/sh/edit.c): escape sequences are parsed whole
    # (an unknown one is dropped), every printable byte reaches the line;
    # ~ expands as in POSIX sh (word start, after = and : in assignments).
    ("session.tilde", "", [
        (None, PROMPT),
        ("echo a~b ~ ~/x", r"^a~b /root /root/x\n"),
        ("echo ~kunitz/f ~nosuch \"~\" '~' \\~ x~ ~\"/q\"", r"^/home/kunitz/f ~nosuch ~ ~ ~ x~ ~/q\n"),
        ("p=~/a:~/b:c~ q=~kunitz; echo $p $q", r"^/root/a:/root/b:c~ /home/kunitz\n"),
        (None, PROMPT),                # editing keys only once the editor reads them
        ("echo axc" + ESC + "[D" + ESC + "[D" + ESC + "[3~b", r"^abc\n"),
        (None, PROMPT),                # editing keys only once the editor reads them
        ("cho one" + ESC + "[He", r"^one\n"),
        (None, PROMPT),                # editing keys only once the editor reads them
        ("cho two" + ESC + "OHe", r"^two\n"),
        (None, PROMPT),                # editing keys only once the editor reads them
        ("cho three" + ESC + "[1~e" + ESC + "[4~3", r"^three3\n"),
        (None, PROMPT),                # editing keys only once the editor reads them
        ("echo a" + ESC + "[1;5Cb" + ESC + "[2~c" + ESC + "[200~d", r"^abcd\n"),
        (None, PROMPT),
    ]),
    # A line wider than the terminal (80 columns; the prompt is "/ # "): the
    # cursor moves across rows (ESC[A up, ESC[B down to the end before the
    # newline), backspace at the start of a row joins the rows.
    ("session.longline", "", [
        (None, PROMPT),
        ("echo " + "a" * 70 + "b" * 20 + (ESC + "[D") * 25 + "X",
         r"\x1b\[1?A[^\n]*X" + "a" * 5 + "b" * 20 + r"\x1b\[J\x1b\[1?A[^\n]*\x1b\[1?B[^\n]*\n"
         + "a" * 65 + "X" + "a" * 5 + "b" * 20 + r"\n"),
        (None, PROMPT),                # editing keys only once the editor reads them
        ("echo " + "c" * 75 + "dd" + (ESC + "[D") * 6 + "\x7f",
         r"\x1b\[1?A[^\n]*\n" + "c" * 74 + "dd\n"),
        (None, PROMPT),
    ]),
    # history, !! !n !-n !prefix (the expanded line is shown, then run).
    ("session.history", "", [
        (None, PROMPT),
        ("echo one", r"^one\n"),
        ("echo two", r"^two\n"),
        ("history", r"^    1  echo one\n    2  echo two\n    3  history\n"),
        ("!!", r"^history\n    1  echo one\n    2  echo two\n    3  history\n"),
        ("!1", r"^echo one\none\n"),
        ("!-3", r"^echo two\ntwo\n"),
        ("!his 2", r"^history 2\n    5  echo two\n    6  history 2\n"),
        ("echo X !! '!!' x! ! a", r"^echo X history 2 '!!' x! ! a\nX history 2 !! x! ! a\n"),
        ("echo [!x]y a${!}b", r"^\[!x\]y ab\n"),
        ("!nosuch", r"sh: !nosuch: event not found\n"),
        ("!99", r"sh: !99: event not found\n"),
        (None, PROMPT),                # editing keys only once the editor reads them
        (ESC + "[A" + ESC + "[A", r"^X history 2 !! x! ! a\n"),
        (None, PROMPT),
    ]),
    # trap: actions run between commands after the signal; -, '' and the
    # listing in re-usable form; EXIT; subshells reset caught signals.
    ("session.trap", "", [
        (None, PROMPT),
        ("trap 'echo caught USR1' USR1; trap", r"^trap -- 'echo caught USR1' USR1\n"),
        ("kill -USR1 $$; echo after", r"^caught USR1\nafter\n"),
        ("trap - USR1; trap '' SIGHUP; trap 'echo it'\\''s' int 15; trap", r"^trap -- '' HUP\n"
         r"trap -- 'echo it'\\''s' INT\ntrap -- 'echo it'\\''s' TERM\n"),
        ("trap 'echo x' NOSIG; echo st=$?", r"trap: NOSIG: invalid signal specification\nst=1\n"),
        ("trap 1 2 15; trap; echo none", r"echo none\nnone\n"),
        ("trap -l | head -2", r"^ 1\) SIGHUP\n 2\) SIGINT\n"),
        ("sh -c 'trap \"echo in-exit \\$?\" EXIT; false'; echo st=$?", r"^in-exit 1\nst=1\n"),
        ("sh -c 'trap \"echo T\" TERM; (sleep 1; echo kept) & kill $!; wait $!; echo st=$?'",
         r"^st=143\n"),
        ("sh -c 'trap \"\" TERM; (sleep 1; echo kept) & kill $!; wait $!; echo st=$?'",
         r"^kept\nst=0\n"),
        ("sh -c 'trap \"echo got INT\" INT; sleep 20; echo after'", r"sleep 20; echo after'\n"),
        (CTRL_C, r"got INT\nafter\n"),
        ("sh -c 'trap \"echo hup; exit 7\" HUP; kill -HUP $$; echo not'; echo st=$?", r"^hup\nst=7\n"),
        ("trap 'echo got USR2' USR2; (sleep 1; kill -USR2 $$) & sleep 5 & wait $!; echo wait=$?",
         r"^got USR2\nwait=140\n"),
        (None, PROMPT),
    ]),
    # Debian's busybox unmodified (tools/busybox.sh, docs/busybox.md): its
    # applets replace Pipit's in /bin, Pipit's init starts its sh. ipcs is
    # Pipit's own: Debian builds busybox without ipcs and ipcrm. vi needs the
    # ESC alone, as a person types it (busybox drops unknown ESC sequences).
    ("session.busybox", "", [
        (None, r"^BusyBox v\S+ .*built-in shell \(ash\)\n"),
        (None, BB_PROMPT),
        ("ls -l /bin/sh /bin/ls", r"^l\S+ +1 root +root +7 .* /bin/ls -> busybox\n.* /bin/sh -> busybox\n"),
        ("ls /", r"^bin +dev +etc +.*\bproc +.*\btmp\b"),
        ("echo hi | wc -c", r"^3\n"),
        ("mkfifo /tmp/f && ls -l /tmp/f", r"^prw-r--r-- +1 root +root +0 .* /tmp/f\n"),
        ("printf 'pear\\napple\\nfig\\n' | sort | grep -n p", r"^1:apple\n3:pear\n"),
        ("ps", r"^PID +USER +COMMAND\n(.*\n)*? +1 root +\S*init\n(.*\n)*? +\d+ root +\S*sh\n"),
        ("vi /tmp/v", r"- /tmp/v "),
        ("ihello from vi", r"I /tmp/v \[Modified\]"),
        (ESC, r"- /tmp/v \[Modified\]"),
        (":wq", r"'/tmp/v' \d+L, \d+C"),
        ("cat /tmp/v", r"^hello from vi\n"),
        ("ipcs", r"^-+ Message Queues -+\n"),
        (None, BB_PROMPT),
        ("zcat /proc/config.gz | grep -e CONFIG_SYSVIPC=", r"^CONFIG_SYSVIPC=y\n"),
        ("zcat /proc/config.gz | grep -e CONFIG_SMP", r"^# CONFIG_SMP is not set\n"),
        ("zcat /proc/config.gz | grep -e CONFIG_EPOLL -e CONFIG_POSIX_MQUEUE=",
         r"^CONFIG_POSIX_MQUEUE=y\nCONFIG_EPOLL=y\n"),
        ("uname -r; sysctl kernel.msgmnb", r"^6\.1\.0-pipit\nkernel\.msgmnb = 16384\n"),
        (None, BB_PROMPT),
    ], ["busybox.cpio"]),
    # rootflags= sets the ramfs's limits at boot, as tmpfs's size= and
    # nr_inodes= (issue 13); /proc/mounts shows them (a size below what
    # the initrd took is raised to it, with a message).
    ("session.rootflags", "rootflags=size=80M,nr_inodes=20000", [
        (None, PROMPT),
        ("cat /proc/mounts", r"^tmpfs / tmpfs rw,relatime,size=81920k,nr_inodes=20000 0 0\n"),
    ]),
    # busybox free and df read /proc/meminfo, sysinfo and statfs (issue 13,
    # defect 4): used, free, shared, buff/cache and available each within
    # the total (used was total - free - cached wrapped below 0); df / shows
    # the ramfs, not /proc (which had the same st_dev).
    ("session.busybox_free", "", [
        (None, BB_PROMPT),
        ("free | awk '/^Mem:/ { s = $3 <= $2 && $4 <= $2 && $5 <= $2 && $6 <= $2 && $7 <= $2; "
         "print (s ? \"sane\" : \"absurd\"), NF }'", r"^sane 7\n"),
        ("df / | tail -n 1", r"^tmpfs +\d+ +\d+ +\d+ +\d+% /\n"),
    ], ["busybox.cpio"]),
]

# Issue 13: the terminal outlives the first shell. `exit` (or ^D) ends the
# session; init starts a new shell, which must again have the console as
# its controlling terminal: ps shows ttyS0, ^C and ^Z reach the foreground
# job, /dev/tty opens.
SESSIONS += [
    ("session.respawn", "", [
        (None, PROMPT),
        ("exit", PROMPT),
        ("ps", r" ttyS0 +ps\n"),
        ("sleep 10", r"sleep 10\n"),
        (CTRL_C, PROMPT),
        ("echo st=$?", r"^st=130\n"),
        ("echo hi > /dev/tty", r"^hi\n"),
        ("sleep 100", r"sleep 100\n"),
        (CTRL_Z, r"\[1\]\+ Stopped +sleep 100\n"),
        ("kill -9 %1; wait; echo done", r"^done\n"),
        (CTRL_D, PROMPT),
        ("ps", r" ttyS0 +ps\n"),
        ("echo hi again > /dev/tty", r"^hi again\n"),
    ]),
    # Logging out returns to the login prompt, and the next login gets a
    # working terminal again.
    ("session.relogin", "login", [
        (None, r"pipit login: $"),
        ("kunitz", r"Password: $"),
        ("kunitz", r"Welcome to Pipit"),
        (None, r"\$ $"),
        ("exit", r"pipit login: $"),
        ("root", r"Password: $"),
        ("root", r"Welcome to Pipit"),
        (None, PROMPT),
        ("ps", r" ttyS0 +ps\n"),
        ("sleep 10", r"sleep 10\n"),
        (CTRL_C, PROMPT),
        ("echo st=$?", r"^st=130\n"),
        ("echo hi > /dev/tty", r"^hi\n"),
        (CTRL_D, r"pipit login: $"),
    ]),
]

# init takes the console back for the next shell even when a daemon holds
# it (it was stolen with TIOCSCTTY 1 while the first shell ran).
SESSIONS += [
    ("session.respawn-stolen", "", [
        (None, PROMPT),
        ("/tests/t_ctty_guest --steal", r"^console stolen\n"),
        ("ps", r" \? +ps\n"),
        ("exit", PROMPT),
        ("ps", r" ttyS0 +ps\n"),
        ("sleep 10", r"sleep 10\n"),
        (CTRL_C, PROMPT),
        ("echo st=$?", r"^st=130\n"),
    ]),
]

# The console in raw mode with VMIN 5: a non-blocking read returns the 3
# bytes typed at once, then EAGAIN (it used to wait for all 5).
SESSIONS += [
    ("session.nonblock-raw", "", [
        (None, PROMPT),
        ("/tests/t_ctty_guest --nbraw", r"type 3 bytes\r?\n"),
        ("ab", r"^read 3 bytes at once, then EAGAIN\n"),
        ("echo ok", r"^ok\n"),
    ]),
]
