/* t_socket_errors - differential test of the socket calls' error rules:
 * socket(2) families, types, protocols and type flags; ENOTSOCK and EBADF;
 * the socketcall(2) multiplexer and the direct calls; address checks
 * (lengths, families, EFAULT); bind (EADDRINUSE, ENOENT, EACCES, umask,
 * abstract names, autobind); connect refusals (ENOENT, ECONNREFUSED,
 * EPROTOTYPE, EACCES); listen/accept/shutdown/getsockopt misuse; and a
 * socket as a file (fstat, lseek, fcntl, open of a socket node).
 * AF_INET is not tested: the host has it and Pipit does not. */
#include "check.h"
#include "unix_addr.h"
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

/* socketcall(2) call numbers (<linux/net.h>, which musl does not ship). */
#define SYS_SOCKET	1
#define SYS_SOCKETPAIR	8
#define SYS_SEND	9
#define SYS_RECV	10

/* A listening stream socket bound to path, or -1. */
static int listener(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind_path(fd, path) < 0 || listen(fd, 5) < 0)
		return -1;
	return fd;
}

/* ---- cases ---- */

static void create(void)
{
	CHECK_OK("socket(AF_UNIX, SOCK_STREAM, 0)", socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_OK("socket(AF_UNIX, SOCK_DGRAM, 0)", socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK_OK("socket(AF_LOCAL, SOCK_STREAM, PF_UNIX): protocol 1 is AF_UNIX's own",
		 socket(AF_LOCAL, SOCK_STREAM, PF_UNIX));
	int fd = socket(AF_UNIX, SOCK_RAW, 0);
	CHECK_OK("SOCK_RAW is taken as SOCK_DGRAM", fd);
	int type = -1;
	socklen_t len = sizeof type;
	getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
	CHECK_EQ("SO_TYPE of a SOCK_RAW socket is SOCK_DGRAM", type, SOCK_DGRAM);
	CHECK_ERR("protocol 2 -> EPROTONOSUPPORT", socket(AF_UNIX, SOCK_STREAM, 2), EPROTONOSUPPORT);
	CHECK_ERR("protocol -1 -> EPROTONOSUPPORT", socket(AF_UNIX, SOCK_DGRAM, -1), EPROTONOSUPPORT);
	CHECK_ERR("SOCK_RDM -> ESOCKTNOSUPPORT", socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT);
	CHECK_ERR("SOCK_DCCP -> ESOCKTNOSUPPORT", socket(AF_UNIX, SOCK_DCCP, 0), ESOCKTNOSUPPORT);
	CHECK_ERR("SOCK_PACKET -> ESOCKTNOSUPPORT", socket(AF_UNIX, SOCK_PACKET, 0), ESOCKTNOSUPPORT);
	CHECK_ERR("type 0 -> ESOCKTNOSUPPORT", socket(AF_UNIX, 0, 0), ESOCKTNOSUPPORT);
	CHECK_ERR("type 11 (SOCK_MAX) -> EINVAL", socket(AF_UNIX, 11, 0), EINVAL);
	CHECK_ERR("type 15 -> EINVAL", socket(AF_UNIX, 15, 0), EINVAL);
	CHECK_ERR("protocol is checked before the type", socket(AF_UNIX, SOCK_RDM, 7), EPROTONOSUPPORT);
	CHECK_ERR("an unknown type flag -> EINVAL", socket(AF_UNIX, SOCK_STREAM | 0x100, 0), EINVAL);
	CHECK_ERR("family 200 -> EAFNOSUPPORT", socket(200, SOCK_STREAM, 0), EAFNOSUPPORT);
	CHECK_ERR("family -1 -> EAFNOSUPPORT", socket(-1, SOCK_STREAM, 0), EAFNOSUPPORT);
	CHECK_ERR("a bad type flag comes before the family", socket(200, SOCK_STREAM | 0x100, 0), EINVAL);
	CHECK_ERR("the family comes before the type", socket(200, 11, 0), EAFNOSUPPORT);
	CHECK_ERR("socketpair: family 200 -> EAFNOSUPPORT",
		  socketpair(200, SOCK_STREAM, 0, (int[2]){0}), EAFNOSUPPORT);
	CHECK_ERR("socketpair: SOCK_RDM -> ESOCKTNOSUPPORT",
		  socketpair(AF_UNIX, SOCK_RDM, 0, (int[2]){0}), ESOCKTNOSUPPORT);
	CHECK_ERR("socketpair: protocol 3 -> EPROTONOSUPPORT",
		  socketpair(AF_UNIX, SOCK_STREAM, 3, (int[2]){0}), EPROTONOSUPPORT);
	CHECK_ERR("socketpair: bad pointer -> EFAULT",
		  socketpair(AF_UNIX, SOCK_STREAM, 0, BAD), EFAULT);
	int before = dup(0);
	close(before);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, BAD);
	int after = dup(0);
	close(after);
	CHECK("socketpair EFAULT leaves no descriptors behind", before == after);
}

static void flags(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ("F_GETFL: O_RDWR", fcntl(fd, F_GETFL), O_RDWR);
	CHECK_EQ("F_GETFD: no FD_CLOEXEC", fcntl(fd, F_GETFD), 0);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK_EQ("SOCK_CLOEXEC sets FD_CLOEXEC", fcntl(fd, F_GETFD), FD_CLOEXEC);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	CHECK_EQ("SOCK_NONBLOCK sets O_NONBLOCK", fcntl(fd, F_GETFL), O_RDWR | O_NONBLOCK);
	char c;
	CHECK_ERR("so a read of an empty datagram socket -> EAGAIN", read(fd, &c, 1), EAGAIN);
	CHECK_OK0("F_SETFL 0", fcntl(fd, F_SETFL, 0));
	CHECK_EQ("O_NONBLOCK is off", fcntl(fd, F_GETFL), O_RDWR);
	CHECK_OK0("F_SETFL O_NONBLOCK", fcntl(fd, F_SETFL, O_NONBLOCK));
	CHECK_ERR("read -> EAGAIN again", read(fd, &c, 1), EAGAIN);
	int sv[2];
	CHECK_OK0("socketpair with SOCK_CLOEXEC|SOCK_NONBLOCK",
		  socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv));
	CHECK("both ends close-on-exec", fcntl(sv[0], F_GETFD) == FD_CLOEXEC && fcntl(sv[1], F_GETFD) == FD_CLOEXEC);
	CHECK("both ends non-blocking", (fcntl(sv[0], F_GETFL) & O_NONBLOCK) && (fcntl(sv[1], F_GETFL) & O_NONBLOCK));
	CHECK_ERR("socketpair: unknown flag -> EINVAL", socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0, sv), EINVAL);
}

static void as_file(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct stat st;
	CHECK_OK0("fstat of a socket", fstat(fd, &st));
	CHECK("S_ISSOCK", S_ISSOCK(st.st_mode));
	CHECK_MODE("mode 0777", st.st_mode & 07777, 0777);
	CHECK_ERR("lseek -> ESPIPE", lseek(fd, 0, SEEK_SET), ESPIPE);
	char c = 0;
	CHECK_ERR("pread -> ESPIPE", pread(fd, &c, 1, 0), ESPIPE);
	CHECK_ERR("pwrite -> ESPIPE", pwrite(fd, &c, 1, 0), ESPIPE);
	CHECK_ERR("read of an unconnected stream socket -> EINVAL", read(fd, &c, 1), EINVAL);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("write to an unconnected stream socket -> ENOTCONN", write(fd, &c, 1), ENOTCONN);
	CHECK_EQ("read of 0 bytes -> 0", read(fd, &c, 0), 0);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR("write to an unconnected datagram socket -> ENOTCONN", write(d, &c, 1), ENOTCONN);
	CHECK_ERR("send to an unconnected datagram socket -> ENOTCONN", send(d, &c, 1, 0), ENOTCONN);

	int l = listener(P("s"));
	CHECK_OK("a listening socket", l);
	CHECK_MODE("bind made a socket node 0755 (umask 022)", st_of(P("s")).st_mode, S_IFSOCK | 0755);
	CHECK_ERR("open() of the node -> ENXIO", open(P("s"), O_RDWR), ENXIO);
	CHECK_ERR("open(O_RDONLY) of the node -> ENXIO", open(P("s"), O_RDONLY), ENXIO);
	int p = open(P("s"), O_PATH);
	CHECK_OK("open(O_PATH) of the node works", p);
	CHECK_ERR("a socket call on an O_PATH descriptor -> EBADF", listen(p, 1), EBADF);
	CHECK_ERR("read of a listening socket -> EINVAL", read(l, &c, 1), EINVAL);
	CHECK_ERR("write to a listening socket -> ENOTCONN", write(l, &c, 1), ENOTCONN);

	struct pollfd pf = { fd, POLLIN | POLLOUT, 0 };
	CHECK_EQ("poll of a new stream socket: POLLOUT|POLLHUP", poll(&pf, 1, 0), 1);
	CHECK_EQ("  revents", pf.revents, POLLOUT | POLLHUP);
	pf = (struct pollfd){ l, POLLIN | POLLOUT, 0 };
	CHECK_EQ("poll of an idle listener: nothing", poll(&pf, 1, 0), 0);
	pf = (struct pollfd){ d, POLLIN | POLLOUT, 0 };
	CHECK_EQ("poll of a new datagram socket: POLLOUT", poll(&pf, 1, 0), 1);
	CHECK_EQ("  revents", pf.revents, POLLOUT);
	int n = -1;
	CHECK_OK0("ioctl FIONREAD on an unconnected stream socket", ioctl(fd, FIONREAD, &n));
	CHECK_EQ("  0 bytes", n, 0);
	CHECK_ERR("ioctl FIONREAD on a listening socket -> EINVAL", ioctl(l, FIONREAD, &n), EINVAL);
	CHECK_OK0("ioctl FIONREAD on a datagram socket", ioctl(d, FIONREAD, &n));
	CHECK_EQ("  0 bytes", n, 0);
	CHECK_ERR("an unknown ioctl -> ENOTTY", ioctl(d, 0x5401 /* TCGETS */, &n), ENOTTY);
}

static void notsock(void)
{
	int pfd[2];
	pipe(pfd);
	int f = pfd[0];
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	char c = 0;
	int v = 0;
	struct msghdr m = { 0 };
	CHECK_ERR("bind on a pipe -> ENOTSOCK", bind(f, (struct sockaddr *)&a, sizeof a), ENOTSOCK);
	CHECK_ERR("connect -> ENOTSOCK", connect(f, (struct sockaddr *)&a, sizeof a), ENOTSOCK);
	CHECK_ERR("listen -> ENOTSOCK", listen(f, 1), ENOTSOCK);
	CHECK_ERR("accept -> ENOTSOCK", accept(f, NULL, NULL), ENOTSOCK);
	CHECK_ERR("accept4 -> ENOTSOCK", accept4(f, NULL, NULL, 0), ENOTSOCK);
	CHECK_ERR("getsockname -> ENOTSOCK", getsockname(f, (struct sockaddr *)&a, &len), ENOTSOCK);
	CHECK_ERR("getpeername -> ENOTSOCK", getpeername(f, (struct sockaddr *)&a, &len), ENOTSOCK);
	CHECK_ERR("send -> ENOTSOCK", send(f, &c, 1, 0), ENOTSOCK);
	CHECK_ERR("recv -> ENOTSOCK", recv(f, &c, 1, 0), ENOTSOCK);
	CHECK_ERR("sendto -> ENOTSOCK", sendto(f, &c, 1, 0, NULL, 0), ENOTSOCK);
	CHECK_ERR("recvfrom -> ENOTSOCK", recvfrom(f, &c, 1, 0, NULL, NULL), ENOTSOCK);
	CHECK_ERR("sendmsg -> ENOTSOCK", sendmsg(f, &m, 0), ENOTSOCK);
	CHECK_ERR("recvmsg -> ENOTSOCK", recvmsg(f, &m, 0), ENOTSOCK);
	CHECK_ERR("shutdown -> ENOTSOCK", shutdown(f, SHUT_RDWR), ENOTSOCK);
	CHECK_ERR("setsockopt -> ENOTSOCK", setsockopt(f, SOL_SOCKET, SO_SNDBUF, &v, sizeof v), ENOTSOCK);
	len = sizeof v;
	CHECK_ERR("getsockopt -> ENOTSOCK", getsockopt(f, SOL_SOCKET, SO_TYPE, &v, &len), ENOTSOCK);
	int r = open("/", O_RDONLY);
	CHECK_ERR("listen on a directory -> ENOTSOCK", listen(r, 1), ENOTSOCK);
	CHECK_ERR("listen on fd 99 -> EBADF", listen(99, 1), EBADF);
	CHECK_ERR("listen on fd -1 -> EBADF", listen(-1, 1), EBADF);
	CHECK_ERR("getsockname on fd 1000 -> EBADF", getsockname(1000, (struct sockaddr *)&a, &len), EBADF);
	CHECK_ERR("send on fd 99 -> EBADF", send(99, &c, 1, 0), EBADF);
}

static void multiplexer(void)
{
	long args[6] = { AF_UNIX, SOCK_STREAM, 0 };
	long fd = syscall(SYS_socketcall, SYS_SOCKET, args);
	CHECK_OK("socketcall(SYS_SOCKET)", fd);
	int type = 0;
	socklen_t len = sizeof type;
	getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
	CHECK_EQ("  made a stream socket", type, SOCK_STREAM);
	CHECK_SYSERR("socketcall(0) -> EINVAL", EINVAL, SYS_socketcall, 0, args);
	CHECK_SYSERR("socketcall(21) -> EINVAL", EINVAL, SYS_socketcall, 21, args);
	CHECK_SYSERR("socketcall(-1) -> EINVAL", EINVAL, SYS_socketcall, -1, args);
	CHECK_SYSERR("socketcall with a bad argument pointer -> EFAULT", EFAULT, SYS_socketcall, SYS_SOCKET, 16);
	long pa[6] = { AF_UNIX, SOCK_DGRAM, 0, 0 };
	int sv[2] = { -1, -1 };
	pa[3] = (long)sv;
	CHECK_EQ("socketcall(SYS_SOCKETPAIR)", syscall(SYS_socketcall, SYS_SOCKETPAIR, pa), 0);
	long sa[6] = { sv[0], (long)"ping", 4, 0 };
	CHECK_EQ("socketcall(SYS_SEND)", syscall(SYS_socketcall, SYS_SEND, sa), 4);
	char buf[8] = { 0 };
	long ra[6] = { sv[1], (long)buf, sizeof buf, 0 };
	CHECK_EQ("socketcall(SYS_RECV)", syscall(SYS_socketcall, SYS_RECV, ra), 4);
	CHECK_STR("  got the datagram", buf, "ping");
	long fd2 = syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK("the direct call socket (359)", fd2);
	CHECK_SYSERR("direct socket: EAFNOSUPPORT", EAFNOSUPPORT, SYS_socket, 200, SOCK_DGRAM, 0);
	int sv2[2];
	CHECK_EQ("the direct call socketpair", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv2), 0);
	CHECK_EQ("the direct call sendto", syscall(SYS_sendto, sv2[0], "abc", 3, 0, NULL, 0), 3);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("the direct call recvfrom", syscall(SYS_recvfrom, sv2[1], buf, sizeof buf, 0, NULL, NULL), 3);
	CHECK_STR("  got the bytes", buf, "abc");
	CHECK_EQ("the direct call shutdown", syscall(SYS_shutdown, sv2[0], SHUT_WR), 0);
	CHECK_EQ("  then EOF", read(sv2[1], buf, 1), 0);
}

static void addresses(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a;
	socklen_t len;
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	strcpy(a.sun_path, P("x"));
	CHECK_ERR("bind: length 0 -> EINVAL", bind(fd, (struct sockaddr *)&a, 0), EINVAL);
	CHECK_ERR("bind: length 1 -> EINVAL", bind(fd, (struct sockaddr *)&a, 1), EINVAL);
	CHECK_ERR("bind: length 111 -> EINVAL", bind(fd, (struct sockaddr *)&a, 111), EINVAL);
	CHECK_ERR("bind: length -1 -> EINVAL", bind(fd, (struct sockaddr *)&a, -1), EINVAL);
	CHECK_ERR("bind: bad pointer -> EFAULT", bind(fd, BAD, sizeof a), EFAULT);
	a.sun_family = AF_INET;
	CHECK_ERR("bind: family AF_INET -> EINVAL", bind(fd, (struct sockaddr *)&a, sizeof a), EINVAL);
	CHECK_ERR("connect: family AF_INET -> EINVAL", connect(fd, (struct sockaddr *)&a, sizeof a), EINVAL);
	a.sun_family = AF_UNIX;
	CHECK_ERR("connect: length 2 -> EINVAL", connect(fd, (struct sockaddr *)&a, 2), EINVAL);
	CHECK_ERR("connect: length 200 -> EINVAL", connect(fd, (struct sockaddr *)&a, 200), EINVAL);
	CHECK_ERR("connect: bad pointer -> EFAULT", connect(fd, BAD, sizeof a), EFAULT);

	len = sizeof a;
	memset(&a, 0x55, sizeof a);
	CHECK_OK0("getsockname of an unbound socket", getsockname(fd, (struct sockaddr *)&a, &len));
	CHECK_EQ("  length 2", len, 2);
	CHECK_EQ("  family AF_UNIX", a.sun_family, AF_UNIX);
	CHECK_ERR("getsockname: bad length pointer -> EFAULT", getsockname(fd, (struct sockaddr *)&a, BAD), EFAULT);
	len = sizeof a;
	CHECK_ERR("getsockname: bad address pointer -> EFAULT", getsockname(fd, BAD, &len), EFAULT);
	len = (socklen_t)-1;
	CHECK_ERR("getsockname: negative length -> EINVAL", getsockname(fd, (struct sockaddr *)&a, &len), EINVAL);
	len = sizeof a;
	CHECK_ERR("getpeername of an unconnected socket -> ENOTCONN", getpeername(fd, (struct sockaddr *)&a, &len), ENOTCONN);

	/* a name without its NUL, given by length */
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, P("nonul"), strlen(P("nonul")));
	size_t plen = strlen(P("nonul"));
	CHECK_OK0("bind with the length of the name without its NUL",
		  bind(fd, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + plen));
	len = sizeof a;
	memset(&a, 0x55, sizeof a);
	getsockname(fd, (struct sockaddr *)&a, &len);
	CHECK_EQ("getsockname: length counts the NUL", len, offsetof(struct sockaddr_un, sun_path) + plen + 1);
	CHECK_STR("getsockname: the path", a.sun_path, P("nonul"));
	CHECK_MODE("the node exists", st_of(P("nonul")).st_mode & S_IFMT, S_IFSOCK);
	len = 4;
	memset(&a, 0x55, sizeof a);
	getsockname(fd, (struct sockaddr *)&a, &len);
	CHECK_EQ("a short buffer: the full length is reported", len, offsetof(struct sockaddr_un, sun_path) + plen + 1);
	CHECK("  and only 4 bytes are written", a.sun_path[2] == 0x55 && a.sun_path[0] == '/');
	CHECK_ERR("bind twice -> EINVAL", bind_path(fd, P("again")), EINVAL);
	CHECK_EQ("  and made no node", st_of(P("again")).st_mode, 0);
}

/* The length and first two path bytes of fd's name, checked. */
static void gl_probe(int fd)
{
	struct sockaddr_un got;
	socklen_t gl = sizeof got;
	memset(&got, 0x55, sizeof got);
	getsockname(fd, (struct sockaddr *)&got, &gl);
	CHECK_EQ("  its length is 3", gl, 3);
	CHECK("  and its name is one NUL", got.sun_path[0] == 0 && (unsigned char)got.sun_path[1] == 0x55);
}

static void binding(void)
{
	int a = socket(AF_UNIX, SOCK_STREAM, 0), b = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK0("bind", bind_path(a, P("s")));
	CHECK_ERR("bind of a second socket to the same path -> EADDRINUSE", bind_path(b, P("s")), EADDRINUSE);
	mk("file", "x");
	CHECK_ERR("bind over a regular file -> EADDRINUSE", bind_path(b, P("file")), EADDRINUSE);
	CHECK_ERR("bind in a missing directory -> ENOENT", bind_path(b, P("nodir/s")), ENOENT);
	CHECK_ERR("bind under a file -> ENOTDIR", bind_path(b, P("file/s")), ENOTDIR);
	umask(077);
	CHECK_OK0("bind with umask 077", bind_path(b, P("private")));
	CHECK_MODE("  node mode 0700", st_of(P("private")).st_mode, S_IFSOCK | 0700);
	umask(022);
	unlink(P("s"));
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("after unlink, the path can be bound again", bind_path(c, P("s")));

	/* abstract names: no node, unique while bound */
	struct sockaddr_un x = { AF_UNIX, "" };
	memcpy(x.sun_path, "\0pipit-abstract-t", 17);
	socklen_t xl = offsetof(struct sockaddr_un, sun_path) + 17;
	int d = socket(AF_UNIX, SOCK_STREAM, 0), e = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK0("bind an abstract name", bind(d, (struct sockaddr *)&x, xl));
	int d2 = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("the same abstract name again -> EADDRINUSE", bind(d2, (struct sockaddr *)&x, xl), EADDRINUSE);
	CHECK_OK0("a longer abstract name is another name", bind(d2, (struct sockaddr *)&x, xl + 1));
	CHECK_OK0("abstract names are per socket type", bind(e, (struct sockaddr *)&x, xl));
	int g = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK0("an empty path is the abstract name \"\\0\"", bind_path(g, ""));
	gl_probe(g);
	struct sockaddr_un got;
	socklen_t gl = sizeof got;
	getsockname(d, (struct sockaddr *)&got, &gl);
	CHECK_EQ("getsockname: the abstract length as given", gl, xl);
	CHECK("  the name with its leading NUL", memcmp(got.sun_path, x.sun_path, 17) == 0);
	close(d);
	d = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("the name is free after close", bind(d, (struct sockaddr *)&x, xl));

	/* autobind: length 2 */
	int f = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK0("bind with only the family: autobind", bind(f, (struct sockaddr *)&x, 2));
	gl = sizeof got;
	getsockname(f, (struct sockaddr *)&got, &gl);
	CHECK_EQ("  an abstract name of 5 hex digits", gl, offsetof(struct sockaddr_un, sun_path) + 6);
	CHECK("  starting with NUL", got.sun_path[0] == 0);
}

static void refusals(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("connect to a missing path -> ENOENT", connect_path(s, P("none")), ENOENT);
	CHECK_ERR("connect to a missing directory -> ENOENT", connect_path(s, P("none/x")), ENOENT);
	mk("file", "x");
	CHECK_ERR("connect to a regular file -> ECONNREFUSED", connect_path(s, P("file")), ECONNREFUSED);
	CHECK_ERR("connect under a file -> ENOTDIR", connect_path(s, P("file/x")), ENOTDIR);
	CHECK_OK0("mknod S_IFSOCK", mknod(P("node"), S_IFSOCK | 0777, 0));
	CHECK_ERR("connect to a node nobody bound -> ECONNREFUSED", connect_path(s, P("node")), ECONNREFUSED);
	int b = socket(AF_UNIX, SOCK_STREAM, 0);
	bind_path(b, P("bound"));
	CHECK_ERR("connect to a bound socket that does not listen -> ECONNREFUSED", connect_path(s, P("bound")), ECONNREFUSED);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind_path(d, P("dgram"));
	CHECK_ERR("stream connect to a datagram socket -> EPROTOTYPE", connect_path(s, P("dgram")), EPROTOTYPE);
	int l = listener(P("l"));
	int s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR("datagram connect to a stream listener -> EPROTOTYPE", connect_path(s2, P("l")), EPROTOTYPE);
	close(l);
	CHECK_ERR("connect after the listener closed -> ECONNREFUSED", connect_path(s, P("l")), ECONNREFUSED);
	struct sockaddr_un x = { AF_UNIX, "" };
	memcpy(x.sun_path, "\0pipit-nobody", 13);
	CHECK_ERR("connect to an unbound abstract name -> ECONNREFUSED",
		  connect(s, (struct sockaddr *)&x, offsetof(struct sockaddr_un, sun_path) + 13), ECONNREFUSED);
	char c = 1;
	CHECK_ERR("sendto a missing path -> ENOENT", sendto(s2, &c, 1, 0, (struct sockaddr *)&(struct sockaddr_un){ AF_UNIX, "/nonexistent/x" }, sizeof(struct sockaddr_un)), ENOENT);
}

/* As uid 1000: the node's write permission decides who may connect. */
static void perm_user(void)
{
	char c = 1;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("uid 1000: connect to a 0755 root socket -> EACCES", connect_path(s, P("l")), EACCES);
	CHECK_ERR("uid 1000: connect to a 0777 socket in a 0700 directory -> EACCES",
		  connect_path(s, P("priv/l")), EACCES);
	CHECK_OK0("uid 1000: connect to a 0777 socket", connect_path(s, P("open")));
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	socklen_t len;
	struct sockaddr_un a = addr_of(P("d"), &len);
	CHECK_ERR("uid 1000: sendto a 0755 root datagram socket -> EACCES",
		  sendto(d, &c, 1, 0, (struct sockaddr *)&a, len), EACCES);
	CHECK_ERR("uid 1000: bind in a root 0755 directory -> EACCES", bind_path(d, P("mine")), EACCES);
}

static void permissions(void)
{
	int l = listener(P("l"));
	int o = listener(P("open"));
	chmod(P("open"), 0777);
	mkdir(P("priv"), 0700);
	int pl = listener(P("priv/l"));
	chmod(P("priv/l"), 0777);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind_path(d, P("d"));
	CHECK("set up", l >= 0 && o >= 0 && pl >= 0 && d >= 0);
	as_uid1000(perm_user);
}

static void misuse(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR("listen on an unbound stream socket -> EINVAL", listen(s, 1), EINVAL);
	bind_path(d, P("d"));
	CHECK_ERR("listen on a datagram socket -> EOPNOTSUPP", listen(d, 1), EOPNOTSUPP);
	CHECK_ERR("accept on a datagram socket -> EOPNOTSUPP", accept(d, NULL, NULL), EOPNOTSUPP);
	CHECK_ERR("accept on a socket that does not listen -> EINVAL", accept(s, NULL, NULL), EINVAL);
	int l = listener(P("l"));
	CHECK_OK0("listen again changes the backlog", listen(l, 10));
	CHECK_SYSERR("accept4 with an unknown flag -> EINVAL", EINVAL, SYS_accept4, l, NULL, NULL, 0x100);
	fcntl(l, F_SETFL, O_NONBLOCK);
	CHECK_ERR("non-blocking accept with nothing queued -> EAGAIN", accept(l, NULL, NULL), EAGAIN);
	socklen_t bad = (socklen_t)-1;
	struct sockaddr_un a;
	CHECK_ERR("accept with a negative length: the empty queue comes first", accept(l, (struct sockaddr *)&a, &bad), EAGAIN);
	CHECK_ERR("connect a listening socket -> EINVAL", connect_path(l, P("l")), EINVAL);
	CHECK_ERR("shutdown how=3 -> EINVAL", shutdown(s, 3), EINVAL);
	CHECK_ERR("shutdown how=-1 -> EINVAL", shutdown(s, -1), EINVAL);
	CHECK_OK0("shutdown of an unconnected socket", shutdown(s, SHUT_RDWR));

	int v = 0;
	socklen_t len = sizeof v;
	CHECK_ERR("getsockopt: unknown option -> ENOPROTOOPT", getsockopt(s, SOL_SOCKET, 9999, &v, &len), ENOPROTOOPT);
	CHECK_ERR("getsockopt: level IPPROTO_TCP -> EOPNOTSUPP", getsockopt(s, 6, 1, &v, &len), EOPNOTSUPP);
	len = (socklen_t)-1;
	CHECK_ERR("getsockopt: negative length -> EINVAL", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len), EINVAL);
	CHECK_ERR("getsockopt: bad length pointer -> EFAULT", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, BAD), EFAULT);
	len = sizeof v;
	CHECK_ERR("getsockopt: bad value pointer -> EFAULT", getsockopt(s, SOL_SOCKET, SO_TYPE, BAD, &len), EFAULT);
	len = 2;
	v = 0x55555555;
	CHECK_OK0("getsockopt SO_TYPE into 2 bytes", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	CHECK_EQ("  2 bytes written", v, 0x55550000 | SOCK_STREAM);
	CHECK_EQ("  length 2", len, 2);
	v = 1;
	CHECK_ERR("setsockopt: 2-byte value -> EINVAL", setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, 2), EINVAL);
	CHECK_ERR("setsockopt: unknown option -> ENOPROTOOPT", setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v), ENOPROTOOPT);
	CHECK_ERR("setsockopt: level IPPROTO_TCP -> EOPNOTSUPP", setsockopt(s, 6, 1, &v, sizeof v), EOPNOTSUPP);
	CHECK_ERR("setsockopt: bad value pointer -> EFAULT", setsockopt(s, SOL_SOCKET, SO_SNDBUF, BAD, 4), EFAULT);
	CHECK_ERR("setsockopt SO_TYPE -> ENOPROTOOPT", setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof v), ENOPROTOOPT);
	char c = 0;
	CHECK_ERR("datagram send with MSG_OOB -> EOPNOTSUPP", send(d, &c, 1, MSG_OOB), EOPNOTSUPP);
	struct msghdr m = { 0 };
	CHECK_ERR("sendmsg: bad msghdr pointer -> EFAULT", sendmsg(d, BAD, 0), EFAULT);
	m.msg_iovlen = 2000;
	CHECK_ERR("sendmsg: 2000 iovecs -> EMSGSIZE", sendmsg(d, &m, 0), EMSGSIZE);
	CHECK_ERR("recvmsg: 2000 iovecs -> EMSGSIZE", recvmsg(d, &m, MSG_DONTWAIT), EMSGSIZE);
	m.msg_iovlen = 1;
	m.msg_iov = BAD;
	CHECK_ERR("sendmsg: bad iovec pointer -> EFAULT", sendmsg(d, &m, 0), EFAULT);
}

int main(void)
{
	umask(022);
	signal(SIGPIPE, SIG_IGN);
	tdir_setup("t_socket_errors");
	RUN(create);
	RUN(flags);
	RUN(as_file);
	RUN(notsock);
	RUN(multiplexer);
	RUN(addresses);
	RUN(binding);
	RUN(refusals);
	RUN(permissions);
	RUN(misuse);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
