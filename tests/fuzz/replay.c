/* SPDX-License-Identifier: 0BSD */
/* main() for a fuzz harness built without libFuzzer (`make test`,
 * tests/fuzz.test): each FILE, or each file in each DIRECTORY, through
 * LLVMFuzzerTestOneInput once, as libFuzzer runs one input.  A failure is
 * the harness's abort() or a sanitizer's report and exit; "N inputs"
 * on stdout when every one passed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

static int one(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;
	uint8_t *buf;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		perror(path);
		exit(2);
	}
	/* exactly as long as the input: ASan sees a read past it */
	buf = malloc(n ? n : 1);
	if (fread(buf, 1, n, f) != (size_t)n) {
		perror(path);
		exit(2);
	}
	fclose(f);
	if (getenv("HB_FUZZ_VERBOSE"))
		fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 1;
}

int main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		struct dirent **list;
		int k, m;

		if (stat(argv[i], &st)) {
			perror(argv[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			n += one(argv[i]);
			continue;
		}
		m = scandir(argv[i], &list, NULL, alphasort);
		for (k = 0; k < m; k++) {
			char path[4096];

			snprintf(path, sizeof(path), "%s/%s", argv[i], list[k]->d_name);
			if (!stat(path, &st) && S_ISREG(st.st_mode))
				n += one(path);
			free(list[k]);
		}
		free(list);
	}
	printf("%d inputs\n", n);
	return 0;
}
