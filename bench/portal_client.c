/*
 * portal_client.c
 *	  The client of bench/portal.sh: a portal that signs applicants in and
 *	  reads their dossiers, timing every statement (libpq, prepared
 *	  statements, one connection, one transaction per applicant).
 *
 *	  portal_client PORTAL_CONNINFO OWNER_CONNINFO KEY.pem KID AUDIENCE DOSSIERS OWNERS ITERATIONS
 *
 * Dossier i (1 <= i <= DOSSIERS) is G01-261101-<1000000 + i>, owned by the
 * citizen 048090<(i - 1) % OWNERS, 6 digits>, as bench/portal.sh builds
 * them.  Each iteration picks a dossier at random (a fixed seed), mints two
 * Ed25519 assertions for its owner with the private key (before the clock
 * starts: the identity side's work), then times, one after the other so
 * that all see the same load:
 *
 *	 on the portal's connection (a member of dossier_portal):
 *	   BEGIN; portal_login($1); my_dossiers(); COMMIT
 *	   BEGIN; portal_login($1); my_dossier($2);
 *	   SELECT status, appointment_at FROM dossier.dossier WHERE code = $2; COMMIT
 *	 on the table owner's connection, no assertion, no row-level security
 *	 (the floor): the same list as plain SQL by owner_citizen, and the same
 *	 lookup by code
 *
 * and prints, per measured step, the latency percentiles in microseconds
 * as "step n p50 p95 p99 max".  Operators are written OPERATOR(dossier.=):
 * the client sets no search_path.  Asserts nothing; exits non-zero if a
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

#define MAX_STEPS 9

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
	PGconn	   *portal,
			   *owner;
	FILE	   *f;
	EVP_PKEY   *key;
	long		dossiers,
				owners;
	int			iterations;
	unsigned	seed = 42;

	if (argc != 9)
	{
		fprintf(stderr, "usage: portal_client PORTAL_CONNINFO OWNER_CONNINFO KEY.pem KID AUDIENCE DOSSIERS OWNERS ITERATIONS\n");
		return 2;
	}
	dossiers = atol(argv[6]);
	owners = atol(argv[7]);
	iterations = atoi(argv[8]);
	if ((f = fopen(argv[3], "r")) == NULL || (key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL)
	{
		fprintf(stderr, "portal_client: cannot read the private key %s\n", argv[3]);
		return 1;
	}
	fclose(f);
	portal = PQconnectdb(argv[1]);
	if (PQstatus(portal) != CONNECTION_OK)
		die(portal, "connect as the portal");
	owner = PQconnectdb(argv[2]);
	if (PQstatus(owner) != CONNECTION_OK)
		die(owner, "connect as the table owner");

	prepare(portal, "begin", "BEGIN", 0);
	prepare(portal, "commit", "COMMIT", 0);
	prepare(portal, "login", "SELECT dossier.portal_login($1)", 1);
	prepare(portal, "list", "SELECT * FROM dossier.my_dossiers()", 0);
	prepare(portal, "lookup", "SELECT status, appointment_at, timeliness FROM dossier.my_dossier($1)", 1);
	prepare(portal, "rls", "SELECT status, appointment_at FROM dossier.dossier WHERE code OPERATOR(dossier.=) $1::dossier.dossier_code", 1);
	prepare(owner, "rls", "SELECT status, appointment_at FROM dossier.dossier WHERE code OPERATOR(dossier.=) $1::dossier.dossier_code", 1);
	prepare(owner, "plain_list", "SELECT d.code, d.procedure, d.status, d.registered_at, d.appointment_at "
			"FROM dossier.dossier d WHERE d.owner_citizen OPERATOR(dossier.=) $1::dossier.citizen_id "
			"ORDER BY d.registered_at DESC, d.code", 1);

	step_names[0] = "floor:plain_owner_list";
	step_names[1] = "floor:plain_status";
	step_names[2] = "list:transaction";
	step_names[3] = "list:begin+login";
	step_names[4] = "list:my_dossiers";
	step_names[5] = "lookup:transaction";
	step_names[6] = "lookup:begin+login";
	step_names[7] = "lookup:my_dossier";
	step_names[8] = "lookup:select_under_rls";
	n_steps = 9;
	for (int s = 0; s < n_steps; s++)
		samples[s] = malloc(sizeof(double) * (size_t) iterations);

	for (int i = 0; i < iterations; i++)
	{
		long		d = 1 + (long) (rand_r(&seed) % dossiers);
		long		o = (d - 1) % owners;
		char		code[32],
					sub[24],
					token1[2048],
					token2[2048];
		const char *p[1];
		double		t0,
					t1,
					t2,
					t3,
					t4;

		snprintf(code, sizeof(code), "G01-261101-%ld", 1000000 + d);
		snprintf(sub, sizeof(sub), "048090%06ld", o);
		mint(key, argv[4], argv[5], sub, token1);
		mint(key, argv[4], argv[5], sub, token2);

		/* the floor */
		p[0] = sub;
		t0 = now_us();
		run(owner, "plain_list", 1, p);
		t1 = now_us();
		p[0] = code;
		run(owner, "rls", 1, p);
		t2 = now_us();
		record(0, i, t1 - t0);
		record(1, i, t2 - t1);

		/* the list, signed in */
		t0 = now_us();
		run(portal, "begin", 0, NULL);
		p[0] = token1;
		run(portal, "login", 1, p);
		t1 = now_us();
		run(portal, "list", 0, NULL);
		t2 = now_us();
		run(portal, "commit", 0, NULL);
		t3 = now_us();
		record(2, i, t3 - t0);
		record(3, i, t1 - t0);
		record(4, i, t2 - t1);

		/* the lookup, signed in */
		t0 = now_us();
		run(portal, "begin", 0, NULL);
		p[0] = token2;
		run(portal, "login", 1, p);
		t1 = now_us();
		p[0] = code;
		run(portal, "lookup", 1, p);
		t2 = now_us();
		run(portal, "rls", 1, p);
		t3 = now_us();
		run(portal, "commit", 0, NULL);
		t4 = now_us();
		record(5, i, (t2 - t0) + (t4 - t3));
		record(6, i, t1 - t0);
		record(7, i, t2 - t1);
		record(8, i, t3 - t2);
	}
	report(iterations);
	PQfinish(portal);
	PQfinish(owner);
	EVP_PKEY_free(key);
	return 0;
}
