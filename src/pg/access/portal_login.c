/*
 * portal_login.c
 *	  dossier.portal_login(assertion): verify a portal assertion and put its
 *	  subject in force for the current transaction; dossier.portal_key_check,
 *	  the check of a key row (docs/reference/access/portal.md).
 *
 * The order of the checks, each refusal its own SQLSTATE (VN420-VN433), the
 * message never quoting the token or a claim it carries:
 *
 *	 1. the caller is a portal (a member of dossier_portal): 42501;
 *	 2. no assertion is in force yet in this transaction: VN432;
 *	 3. the token's form, header and claims (core assertion_parse): VN420,
 *		VN421 for alg none or any algorithm but EdDSA and ES256;
 *	 4. its kid names a row of dossier.portal_key in force now: VN422;
 *	 5. the signature, with that key, whose algorithm must be the token's
 *		(assertion_verify_signature): VN421, VN423;
 *	 6. issuer (the key's), audience (dossier.portal_audience, by default
 *		the database's name), times against the server's clock with
 *		dossier.portal_clock_skew, lifetime at most
 *		dossier.portal_assertion_max_lifetime (assertion_check_claims):
 *		VN424-VN428;
 *	 7. sub is a personal ID or a tax code: VN430;
 *	 8. the transaction can write (25006 otherwise) and the jti was never
 *		spent: it is recorded in dossier.portal_assertion_used with
 *		INSERT ... ON CONFLICT DO NOTHING, so of two sessions presenting one
 *		jti the second waits for the first and is refused (VN429) if it
 *		commits; a rolled-back transaction leaves the jti unspent.  Up to two
 *		rows that expired are purged on the way (SKIP LOCKED, so logins never
 *		wait for each other's purge).
 *
 * Then portal_session.c keeps the subject until the transaction ends.
 * SECURITY DEFINER (the portal has no privilege on the tables it reads and
 * writes here); the actor is the session's role, GetOuterUserId().  Plans
 * are prepared once per backend and again if the schema is recreated.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/dbcommands.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "pg/access/portal.h"
#include "core/access/assertion.h"
#include "core/identifiers/citizen_id.h"
#include "core/identifiers/tax_code.h"

PG_FUNCTION_INFO_V1(dossier_portal_login);
PG_FUNCTION_INFO_V1(dossier_portal_key_check);

/* How many expired jti rows one login purges at most. */
#define PURGE_PER_LOGIN 2

/* Plans kept across calls, for the schema they were prepared in. */
static struct
{
	Oid			nsp;
	SPIPlanPtr	key;
	SPIPlanPtr	spend;
	SPIPlanPtr	purge;
} plans;

/* Prepare and keep one plan. */
static SPIPlanPtr
keep_plan(const char *sql, int nargs, Oid *types)
{
	SPIPlanPtr	p = SPI_prepare(sql, nargs, types);

	if (p == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(p) != 0)
		elog(ERROR, "SPI_keepplan failed");
	return p;
}

/* Prepare the plans unless they are ready for the current schema. */
static void
ensure_portal_plans(void)
{
	Oid			nsp = get_namespace_oid("dossier", false);
	Oid			key_types[1] = {TEXTOID};
	Oid			spend_types[4] = {TEXTOID, TEXTOID, TEXTOID, TIMESTAMPTZOID};
	Oid			purge_types[1] = {TIMESTAMPTZOID};

	if (nsp == plans.nsp && plans.key != NULL)
		return;
	if (plans.key)
		SPI_freeplan(plans.key);
	if (plans.spend)
		SPI_freeplan(plans.spend);
	if (plans.purge)
		SPI_freeplan(plans.purge);
	memset(&plans, 0, sizeof(plans));
	plans.key = keep_plan("SELECT k.issuer, k.algorithm, k.public_key, k.valid_from, k.valid_until "
						  "FROM dossier.portal_key k WHERE k.kid OPERATOR(pg_catalog.=) $1",
						  1, key_types);
	plans.spend = keep_plan("INSERT INTO dossier.portal_assertion_used (issuer, jti, kid, used_at, expires_at) "
							"VALUES ($1, $2, $3, pg_catalog.now(), $4) ON CONFLICT DO NOTHING",
							4, spend_types);
	plans.purge = keep_plan("DELETE FROM dossier.portal_assertion_used u "
							"WHERE u.ctid OPERATOR(pg_catalog.=) ANY (ARRAY("
							"SELECT x.ctid FROM dossier.portal_assertion_used x "
							"WHERE x.expires_at OPERATOR(pg_catalog.<) $1 "
							"ORDER BY x.expires_at LIMIT " CppAsString2(PURGE_PER_LOGIN)
							" FOR UPDATE SKIP LOCKED))",
							1, purge_types);
	plans.nsp = nsp;
}

/* Raise the error of a refused assertion: fault's SQLSTATE, err's detail and hint. */
static void
report_fault(AssertionFault fault, const ParseError *err)
{
	int			code;
	const char *msg;

	switch (fault)
	{
		case ASSERTION_MALFORMED:
			code = ERRCODE_ASSERTION_MALFORMED;
			msg = "malformed portal assertion";
			break;
		case ASSERTION_ALGORITHM:
			code = ERRCODE_ASSERTION_ALGORITHM;
			msg = "portal assertion algorithm not accepted";
			break;
		case ASSERTION_SIGNATURE:
			code = ERRCODE_ASSERTION_SIGNATURE;
			msg = "portal assertion signature does not verify";
			break;
		case ASSERTION_ISSUER:
			code = ERRCODE_ASSERTION_ISSUER;
			msg = "portal assertion from another issuer";
			break;
		case ASSERTION_AUDIENCE:
			code = ERRCODE_ASSERTION_AUDIENCE;
			msg = "portal assertion for another audience";
			break;
		case ASSERTION_EXPIRED:
			code = ERRCODE_ASSERTION_EXPIRED;
			msg = "portal assertion expired";
			break;
		case ASSERTION_NOT_YET_VALID:
			code = ERRCODE_ASSERTION_NOT_YET_VALID;
			msg = "portal assertion not yet valid";
			break;
		case ASSERTION_LIFETIME:
			code = ERRCODE_ASSERTION_LIFETIME;
			msg = "portal assertion lifetime not accepted";
			break;
		default:
			elog(ERROR, "unexpected assertion fault %d", (int) fault);
	}
	Assert(err->hint != NULL);
	ereport(ERROR,
			(errcode(code),
			 errmsg("%s", msg),
			 errdetail("%s", err->detail),
			 errhint("%s", err->hint)));
}

/* Raise 42501 unless actor is a member of dossier_portal (or a superuser). */
static void
check_portal_role(Oid actor)
{
	Oid			portal = get_role_oid("dossier_portal", true);

	if (OidIsValid(portal) && has_privs_of_role(actor, portal))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to present a portal assertion"),
			 errdetail("Role \"%s\" is not a member of dossier_portal.", GetUserNameFromId(actor, false)),
			 errhint("Only a portal's service account presents the assertions of the applicants it serves.")));
}

/* The key row of dossier.portal_key a token names. */
typedef struct KeyRow
{
	char	   *issuer;
	AssertionAlg alg;
	char	   *pem;
} KeyRow;

/* The text of a timestamp, for messages. */
static const char *
ts_text(TimestampTz t)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(t)));
}

/* Read the key kid names, in force at now; VN422 when there is none. */
static void
read_key(const char *kid, TimestampTz now, KeyRow *k)
{
	Datum		arg = CStringGetTextDatum(kid);
	HeapTuple	tup;
	TupleDesc	desc;
	bool		isnull;
	Datum		from,
				until;
	bool		until_null;
	char	   *alg;

	if (SPI_execute_plan(plans.key, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading dossier.portal_key failed");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ASSERTION_UNKNOWN_KEY),
				 errmsg("portal assertion signed with an unknown key"),
				 errdetail("No row of dossier.portal_key has the kid \"%s\".", kid),
				 errhint("A DBA registers the identity side's public keys in dossier.portal_key; ask for the new key to be registered before the identity side uses it.")));
	tup = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	from = SPI_getbinval(tup, desc, 4, &isnull);
	Assert(!isnull);
	until = SPI_getbinval(tup, desc, 5, &until_null);
	if (DatumGetTimestampTz(from) > now)
		ereport(ERROR,
				(errcode(ERRCODE_ASSERTION_UNKNOWN_KEY),
				 errmsg("portal assertion signed with a key not yet in force"),
				 errdetail("Key \"%s\" of dossier.portal_key is valid from %s.", kid, ts_text(DatumGetTimestampTz(from))),
				 errhint("The identity side must not sign with a key before the DBA's valid_from.")));
	if (!until_null && DatumGetTimestampTz(until) <= now)
		ereport(ERROR,
				(errcode(ERRCODE_ASSERTION_UNKNOWN_KEY),
				 errmsg("portal assertion signed with a retired key"),
				 errdetail("Key \"%s\" of dossier.portal_key was valid until %s.", kid, ts_text(DatumGetTimestampTz(until))),
				 errhint("The identity side must sign with its current key; a DBA registers it in dossier.portal_key.")));
	k->issuer = SPI_getvalue(tup, desc, 1);
	alg = SPI_getvalue(tup, desc, 2);
	k->pem = SPI_getvalue(tup, desc, 3);
	k->alg = assertion_alg_of(alg);
	if (k->issuer == NULL || k->pem == NULL || k->alg == 0)
		elog(ERROR, "row \"%s\" of dossier.portal_key is not valid", kid);
}

/* The public key of a row (from the core's cache); VN433 when it does not fit. */
static EVP_PKEY *
key_of(const char *kid, const char *pem, AssertionAlg alg)
{
	ParseError	err;
	EVP_PKEY   *key = assertion_key(pem, strlen(pem), alg, &err);

	if (key == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PORTAL_KEY),
				 errmsg("key \"%s\" of dossier.portal_key is not a public key of %s", kid, assertion_alg_name(alg)),
				 errdetail("%s", err.detail),
				 errhint("%s", err.hint)));
	return key;
}

/*
 * Read the subject: a 12-digit personal ID (số định danh cá nhân) or a tax
 * code (mã số thuế); VN430 when it is neither.  Sets *citizen, *value and
 * the canonical text (room for 16 bytes).
 */
static void
read_subject(const char *sub, bool *citizen, int64 *value, char *text)
{
	size_t		len = strlen(sub);
	bool		digits12 = len == CITIZEN_ID_DIGITS && strspn(sub, "0123456789") == len;
	ParseError	err;
	int64_t		v;

	StaticAssertStmt(CITIZEN_ID_TEXT_LEN <= 16 && TAX_CODE_TEXT_LEN <= 16,
					 "a subject's canonical text fits 16 bytes");
	*citizen = digits12;
	if (digits12 ? citizen_id_parse(sub, len, &v, &err) : tax_code_parse(sub, len, &v, &err))
	{
		*value = v;
		if (digits12)
			citizen_id_format(v, text);
		else
			tax_code_format(v, text);
		return;
	}
	ereport(ERROR,
			(errcode(ERRCODE_ASSERTION_SUBJECT),
			 errmsg("portal assertion subject is not a personal ID or a tax code"),
			 errdetail("Read as a %s, the subject is refused. %s", digits12 ? "personal ID" : "tax code", err.detail),
			 errhint("The identity side puts in sub the 12-digit personal identification number of a citizen or the tax code of an organisation.")));
}

/* Record the jti as spent (VN429 if it was) and purge expired ones. */
static void
spend(const Assertion *a, TimestampTz now)
{
	Datum		args[4];
	Datum		purge_before;

	if (XactReadOnly)
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("cannot accept a portal assertion in a read-only transaction"),
				 errdetail("An assertion is spent by recording its jti, so that it cannot be presented again; that is a write."),
				 errhint("Present the assertion in a read-write transaction on the primary server.")));
	args[0] = CStringGetTextDatum(a->iss);
	args[1] = CStringGetTextDatum(a->jti);
	args[2] = CStringGetTextDatum(a->kid);
	args[3] = TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) a->exp));
	if (SPI_execute_plan(plans.spend, args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "recording a portal assertion failed");
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ASSERTION_REPLAYED),
				 errmsg("portal assertion already used"),
				 errdetail("An assertion with this jti from this issuer was presented in a transaction that committed."),
				 errhint("Each assertion is good for one transaction: ask the identity side for a new one.")));
	/* a jti that expired before now - skew can no longer be presented */
	purge_before = TimestampTzGetDatum(now - (int64) dossier_portal_clock_skew * USECS_PER_SEC);
	if (SPI_execute_plan(plans.purge, &purge_before, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "purging spent portal assertions failed");
}

/* The audience this database answers to: the setting, or the database's name. */
static const char *
audience(void)
{
	if (dossier_portal_audience != NULL && dossier_portal_audience[0] != '\0')
		return dossier_portal_audience;
	return get_database_name(MyDatabaseId);
}

/*
 * dossier.portal_login(assertion text) -> text: verify the assertion and
 * make its subject the applicant of this transaction; returns the subject
 * in canonical form.
 */
Datum
dossier_portal_login(PG_FUNCTION_ARGS)
{
	Oid			actor = GetOuterUserId();
	text	   *t;
	Assertion	a;
	ParseError	err;
	AssertionFault f;
	AssertionRules rules;
	KeyRow		k;
	TimestampTz now = GetCurrentTimestamp();
	bool		citizen;
	int64		value;
	char		subject[16];

	check_portal_role(actor);
	if (portal_session_active())
		ereport(ERROR,
				(errcode(ERRCODE_PORTAL_SIGNED_IN),
				 errmsg("a portal assertion is already in force in this transaction"),
				 errdetail("One transaction acts for one applicant."),
				 errhint("End the transaction and present the next applicant's assertion in a new one.")));
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_ASSERTION_MALFORMED),
				 errmsg("malformed portal assertion"),
				 errdetail("The assertion is NULL."),
				 errhint("Pass the compact JWS the identity provider issued when the applicant signed in.")));
	t = PG_GETARG_TEXT_PP(0);
	f = assertion_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &a, &err);
	if (f != ASSERTION_OK)
		report_fault(f, &err);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ensure_portal_plans();
	read_key(a.kid, now, &k);
	f = assertion_verify_signature(&a, VARDATA_ANY(t), key_of(a.kid, k.pem, k.alg), k.alg, &err);
	if (f != ASSERTION_OK)
		report_fault(f, &err);
	rules.issuer = k.issuer;
	rules.audience = audience();
	rules.now = (int64) timestamptz_to_time_t(now);
	rules.skew = dossier_portal_clock_skew;
	rules.max_lifetime = dossier_portal_max_lifetime;
	f = assertion_check_claims(&a, &rules, &err);
	if (f != ASSERTION_OK)
		report_fault(f, &err);
	read_subject(a.sub, &citizen, &value, subject);
	spend(&a, now);
	SPI_finish();

	portal_session_start(actor, citizen, value, subject);
	PG_RETURN_TEXT_P(cstring_to_text(subject));
}

/*
 * dossier.portal_key_check(algorithm text, public_key text) -> boolean: true
 * when the PEM text is a public key of the algorithm; VN433 otherwise (the
 * CHECK constraint of dossier.portal_key).
 */
Datum
dossier_portal_key_check(PG_FUNCTION_ARGS)
{
	char	   *alg_name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	text	   *pem = PG_GETARG_TEXT_PP(1);
	AssertionAlg alg = assertion_alg_of(alg_name);
	ParseError	err;

	if (alg == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PORTAL_KEY),
				 errmsg("portal key algorithm \"%s\" is not accepted", alg_name),
				 errdetail("Portal assertions are signed with EdDSA (Ed25519) or ES256 (ECDSA P-256)."),
				 errhint("Set algorithm to 'EdDSA' or 'ES256'.")));
	if (assertion_key(VARDATA_ANY(pem), VARSIZE_ANY_EXHDR(pem), alg, &err) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PORTAL_KEY),
				 errmsg("not a public key of %s", alg_name),
				 errdetail("%s", err.detail),
				 errhint("%s", err.hint)));
	PG_RETURN_BOOL(true);
}
