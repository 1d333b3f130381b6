/*
 * bench/qpdf_floor.c
 *	  The least a verifier built on qpdf must spend on a signed PDF before
 *	  any cryptography: read the file from memory, follow the catalog's
 *	  /AcroForm /Fields (and /Kids) to every signature field's /V, have qpdf
 *	  parse that dictionary (its /ByteRange and /Contents), and release the
 *	  document.  bench/verify_pdf.sh prints it next to the hashing+crypto
 *	  floor, so the part of verify_pdf that is qpdf's own parsing is visible.
 *
 *	  cc -O2 -o qpdf_floor bench/qpdf_floor.c -lqpdf
 *	  qpdf_floor FILE ITER ROUNDS    prints the median ms per document
 *
 * It walks nothing else (no pages, no orphan signature dictionaries, no
 * DocMDP), so it is a lower bound of what dossier.verify_pdf does with
 * qpdf, not a second implementation of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <qpdf/qpdf-c.h>

/* Fields visited at most, and their nesting depth. */
#define MAX_FIELDS 4096
#define MAX_DEPTH 32

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Parse the /V of field f and of its kids; returns the signatures seen. */
static int
visit(qpdf_data q, qpdf_oh f, int depth, int *budget)
{
	qpdf_oh		v,
				kids;
	int			found = 0;

	if (depth > MAX_DEPTH || --*budget < 0 || !qpdf_oh_is_dictionary(q, f))
		return 0;
	v = qpdf_oh_get_key(q, f, "/V");
	if (qpdf_oh_is_dictionary(q, v) && qpdf_oh_has_key(q, v, "/ByteRange"))
		found++;
	kids = qpdf_oh_get_key(q, f, "/Kids");
	if (qpdf_oh_is_array(q, kids))
	{
		int			n = qpdf_oh_get_array_n_items(q, kids);

		for (int i = 0; i < n; i++)
			found += visit(q, qpdf_oh_get_array_item(q, kids, i), depth + 1, budget);
	}
	return found;
}

/* One document: open, reach every signature dictionary, close. */
static int
one(const char *buf, size_t len)
{
	qpdf_data	q = qpdf_init();
	int			found = -1;

	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if ((qpdf_read_memory(q, "bench", buf, (unsigned long long) len, NULL) & QPDF_ERRORS) == 0)
	{
		qpdf_oh		root = qpdf_get_root(q);
		qpdf_oh		af = qpdf_oh_is_dictionary(q, root) ? qpdf_oh_get_key(q, root, "/AcroForm") : 0;
		qpdf_oh		fields = af && qpdf_oh_is_dictionary(q, af) ? qpdf_oh_get_key(q, af, "/Fields") : 0;
		int			budget = MAX_FIELDS;

		found = 0;
		if (fields && qpdf_oh_is_array(q, fields))
		{
			int			n = qpdf_oh_get_array_n_items(q, fields);

			for (int i = 0; i < n; i++)
				found += visit(q, qpdf_oh_get_array_item(q, fields, i), 0, &budget);
		}
	}
	while (qpdf_more_warnings(q))
		qpdf_next_warning(q);
	qpdf_cleanup(&q);
	return found;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	FILE	   *f;
	char	   *buf;
	long		len;
	int			iter,
				rounds;
	double	   *ms;

	if (argc != 4 || (iter = atoi(argv[2])) <= 0 || (rounds = atoi(argv[3])) <= 0)
	{
		fprintf(stderr, "usage: %s FILE ITER ROUNDS\n", argv[0]);
		return 2;
	}
	if ((f = fopen(argv[1], "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
		(len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
		(buf = malloc((size_t) len + 1)) == NULL ||
		fread(buf, 1, (size_t) len, f) != (size_t) len)
	{
		perror(argv[1]);
		return 1;
	}
	fclose(f);
	if (one(buf, (size_t) len) < 1)
	{
		fprintf(stderr, "%s: no signature dictionary found\n", argv[1]);
		return 1;
	}
	ms = calloc((size_t) rounds, sizeof(double));
	for (int r = 0; r < rounds; r++)
	{
		double		t0 = now_ms();

		for (int i = 0; i < iter; i++)
			one(buf, (size_t) len);
		ms[r] = (now_ms() - t0) / iter;
	}
	qsort(ms, (size_t) rounds, sizeof(double), cmp_double);
	printf("%.4f\n", rounds % 2 ? ms[rounds / 2] : (ms[rounds / 2 - 1] + ms[rounds / 2]) / 2);
	free(ms);
	free(buf);
	return 0;
}
