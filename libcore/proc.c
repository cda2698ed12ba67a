/* Running commands and turning their fate into exit codes. */
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
#include "hb.h"

int hb_exec_code(int err)
{
	return err == ENOENT || err == ENOTDIR ? 127 : 126;
}

int hb_exec(char **argv)
{
	execvp(argv[0], argv);
	hb_warn("failed to run command '%s': %m", argv[0]);
	return hb_exec_code(errno);
}

int hb_wait_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int hb_waitpid(int pid, int *status, int flags)
{
	int r;

	do
		r = waitpid(pid, status, flags);
	while (r < 0 && errno == EINTR);
	return r;
}
