/*
 * portal_client.c
 *	  The client of bench/portal.sh: a portal that signs applicants in and
 *	  reads their dossiers, timing every statement (libpq, prepared
 *	  statements, one connection, one transaction per applicant).
 *
 *	  portal_client CONNINFO KEY.pem KID AUDIENCE DOSSIERS OWNERS ITERATIONS MODE
 *
 * Dossier i (1 <= i <= DOSSIERS) is G01-261101-<1000000 + i>, owned by the
 * citizen 048090<(i - 1) % OWNERS, 6 digits>, as bench/portal.sh builds
 * them.  Each iteration picks a dossier at random (a fixed seed), mints an
 * Ed25519 assertion for its owner with the private key (before the clock
 * starts: the identity side's work), then, timed:
 *
 *	 MODE list:    BEGIN; portal_login($1); my_dossiers(); COMMIT
 *	 MODE status:  BEGIN; portal_login($1); my_dossier($2);
 *				   SELECT status, appointment_at FROM dossier.dossier WHERE code = $2; COMMIT
 *				   (operators written OPERATOR(dossier.=): the client sets no search_path)
 *	 MODE plain:   as the table owner, no assertion, no row-level security:
 *				   SELECT ... FROM dossier.dossier WHERE owner_citizen = $1 (the list)
 *				   and WHERE code = $2 (the status): the floor
 *
 * and prints, per measured step, the latency percentiles in microseconds
 * as "step n p50 p95 p99 max".  Asserts nothing; exits non-zero if a
 * statement fails.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#define MAX_STEPS 6

static const char *step_names[MAX_STEPS];
static double *samples[MAX_STEPS];
static int	n_steps;

/* Microseconds on the monotonic clock. */
static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Exit with the connection's error. */
static void
die(PGconn *conn, const char *what)
{
	fprintf(stderr, "portal_client: %s: %s", what, PQerrorMessage(conn));
	exit(1);
}

/* Run a prepared statement; exit unless it returns tuples or a command ok. */
static void
run(PGconn *conn, const char *stmt, int n, const char *const *params)
{
	PGresult   *r = PQexecPrepared(conn, stmt, n, params, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK)
	{
		fprintf(stderr, "portal_client: %s: %s", stmt, PQresultErrorMessage(r));
		exit(1);
	}
	PQclear(r);
}

/* Prepare a statement. */
static void
prepare(PGconn *conn, const char *name, const char *sql, int n)
{
	PGresult   *r = PQprepare(conn, name, sql, n, NULL);

	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		die(conn, name);
	PQclear(r);
}

/* base64url of in[0..n) without padding into out. */
static void
b64url(const unsigned char *in, size_t n, char *out)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t		o = 0;

	for (size_t i = 0; i < n; i += 3)
	{
		uint32_t	v = (uint32_t) in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t) in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = abc[(v >> 6) & 63];
		if (i + 2 < n)
			out[o++] = abc[v & 63];
	}
	out[o] = '\0';
}

/* An Ed25519 assertion for sub, valid for five minutes from now, into out. */
static void
mint(EVP_PKEY *key, const char *kid, const char *aud, const char *sub, char *out)
{
	char		header[128],
				claims[512],
				b[1024];
	unsigned char jti[16],
				sig[64];
	char		jti_hex[33];
	size_t		siglen = sizeof(sig);
	size_t		n;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	long long	t = (long long) time(NULL);

	RAND_bytes(jti, sizeof(jti));
	for (int i = 0; i < 16; i++)
		sprintf(jti_hex + 2 * i, "%02x", jti[i]);
	snprintf(header, sizeof(header), "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"%s\"}", kid);
	snprintf(claims, sizeof(claims),
			 "{\"iss\":\"https://sso.example.vn\",\"sub\":\"%s\",\"aud\":\"%s\",\"iat\":%lld,\"exp\":%lld,\"jti\":\"%s\"}",
			 sub, aud, t, t + 300, jti_hex);
	b64url((unsigned char *) header, strlen(header), out);
	n = strlen(out);
	out[n++] = '.';
	b64url((unsigned char *) claims, strlen(claims), out + n);
	n = strlen(out);
	if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) != 1 ||
		EVP_DigestSign(ctx, sig, &siglen, (unsigned char *) out, n) != 1)
	{
		fprintf(stderr, "portal_client: signing failed\n");
		exit(1);
	}
	EVP_MD_CTX_free(ctx);
	b64url(sig, siglen, b);
	sprintf(out + n, ".%s", b);
}

/* Record sample v of step s at iteration i. */
static void
record(int s, int i, double v)
{
	samples[s][i] = v;
}

/* Ascending order of doubles. */
static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

/* Print the percentiles of each step. */
static void
report(int n)
{
	for (int s = 0; s < n_steps; s++)
	{
		double	   *v = samples[s];

		qsort(v, (size_t) n, sizeof(double), cmp_double);
		printf("%s %d %.0f %.0f %.0f %.0f\n", step_names[s], n,
			   v[n / 2], v[(int) (n * 0.95)], v[(int) (n * 0.99)], v[n - 1]);
	}
}

int
main(int argc, char **argv)
{
	PGconn	   *conn;
	FILE	   *f;
	EVP_PKEY   *key;
	long		dossiers,
				owners;
	int			iterations;
	const char *mode;
	unsigned	seed = 42;

	if (argc != 9)
	{
		fprintf(stderr, "usage: portal_client CONNINFO KEY.pem KID AUDIENCE DOSSIERS OWNERS ITERATIONS list|status|plain\n");
		return 2;
	}
	dossiers = atol(argv[5]);
	owners = atol(argv[6]);
	iterations = atoi(argv[7]);
	mode = argv[8];
	if ((f = fopen(argv[2], "r")) == NULL || (key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL)
	{
		fprintf(stderr, "portal_client: cannot read the private key %s\n", argv[2]);
		return 1;
	}
	fclose(f);
	conn = PQconnectdb(argv[1]);
	if (PQstatus(conn) != CONNECTION_OK)
		die(conn, "connect");

	prepare(conn, "begin", "BEGIN", 0);
	prepare(conn, "commit", "COMMIT", 0);
	prepare(conn, "login", "SELECT dossier.portal_login($1)", 1);
	prepare(conn, "list", "SELECT * FROM dossier.my_dossiers()", 0);
	prepare(conn, "lookup", "SELECT status, appointment_at, timeliness FROM dossier.my_dossier($1)", 1);
	prepare(conn, "rls", "SELECT status, appointment_at FROM dossier.dossier WHERE code OPERATOR(dossier.=) $1::dossier.dossier_code", 1);
	prepare(conn, "plain_list", "SELECT d.code, d.procedure, d.status, d.registered_at, d.appointment_at "
			"FROM dossier.dossier d WHERE d.owner_citizen OPERATOR(dossier.=) $1::dossier.citizen_id "
			"ORDER BY d.registered_at DESC, d.code", 1);

	if (strcmp(mode, "list") == 0)
	{
		step_names[0] = "transaction(login+list)";
		step_names[1] = "begin+login";
		step_names[2] = "my_dossiers";
		n_steps = 3;
	}
	else if (strcmp(mode, "status") == 0)
	{
		step_names[0] = "transaction(login+lookup)";
		step_names[1] = "begin+login";
		step_names[2] = "my_dossier";
		step_names[3] = "select_under_rls";
		n_steps = 4;
	}
	else
	{
		step_names[0] = "plain_owner_list";
		step_names[1] = "plain_status";
		n_steps = 2;
	}
	for (int s = 0; s < n_steps; s++)
		samples[s] = malloc(sizeof(double) * (size_t) iterations);

	for (int i = 0; i < iterations; i++)
	{
		long		d = 1 + (long) (rand_r(&seed) % dossiers);
		long		o = (d - 1) % owners;
		char		code[32],
					sub[24],
					token[2048];
		const char *p[1];
		double		t0,
					t1,
					t2,
					t3;

		snprintf(code, sizeof(code), "G01-261101-%ld", 1000000 + d);
		snprintf(sub, sizeof(sub), "048090%06ld", o);
		if (strcmp(mode, "plain") == 0)
		{
			p[0] = sub;
			t0 = now_us();
			run(conn, "plain_list", 1, p);
			t1 = now_us();
			p[0] = code;
			run(conn, "rls", 1, p);
			t2 = now_us();
			record(0, i, t1 - t0);
			record(1, i, t2 - t1);
			continue;
		}
		mint(key, argv[3], argv[4], sub, token);
		t0 = now_us();
		run(conn, "begin", 0, NULL);
		p[0] = token;
		run(conn, "login", 1, p);
		t1 = now_us();
		if (strcmp(mode, "list") == 0)
		{
			run(conn, "list", 0, NULL);
			t2 = now_us();
			run(conn, "commit", 0, NULL);
			t3 = now_us();
			record(0, i, t3 - t0);
			record(1, i, t1 - t0);
			record(2, i, t2 - t1);
		}
		else
		{
			p[0] = code;
			run(conn, "lookup", 1, p);
			t2 = now_us();
			run(conn, "rls", 1, p);
			t3 = now_us();
			run(conn, "commit", 0, NULL);
			record(0, i, (t2 - t0) + (now_us() - t3));
			record(1, i, t1 - t0);
			record(2, i, t2 - t1);
			record(3, i, t3 - t2);
		}
	}
	report(iterations);
	PQfinish(conn);
	EVP_PKEY_free(key);
	return 0;
}
