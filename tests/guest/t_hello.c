/* t_hello - the smallest differential test: an unmodified static musl
 * program with stdio. If this one fails, look at exec and the console. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv, char **envp)
{
	int n = 0;
	while (envp[n])
		n++;
	const char *name = strrchr(argv[0], '/');
	name = name ? name + 1 : argv[0];
	printf("hello from %s\n", name);
	printf("getpid() > 0: %d\n", getpid() > 0);
	printf("argc: %d\n", argc);
	printf("envp is NULL-terminated and is environ: %d\n", envp[n] == NULL && envp == environ);
	fflush(stdout);                 /* the same order on a pipe and a tty */
	fprintf(stderr, "stderr works too\n");
	return 0;
}
