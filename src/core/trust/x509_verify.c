/*
 * x509_verify.c
 *	  Path validation: X509_verify_cert with CRL checks and the crypto
 *	  policy, its findings turned into one ETSI indication.
 *
 * See x509_verify.h.  Loading and inspection are in x509_load.c, the store in
 * x509_store.c, names and classification in x509_verdict.c, DSA parameter
 * inheritance of one key in x509_dsa.c.  Every OpenSSL
 * object made here is freed here, on every path; strings handed to the
 * caller are malloc'd copies.
 */
#include "core/trust/x509_verify.h"
#include "core/trust/x509_dsa.h"
#include "core/trust/x509_ocsp.h"
#include "core/trust/x509_util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

/* ---- policies and reasons ------------------------------------------------ */

/* True when s is a dotted OID that OpenSSL can use as a policy. */
bool
x509v_valid_oid(const char *s)
{
	ASN1_OBJECT *o;

	for (const char *c = s; *c; c++)
		if (!((*c >= '0' && *c <= '9') || *c == '.'))
			return false;
	o = OBJ_txt2obj(s, 1);
	ERR_clear_error();
	if (o == NULL)
		return false;
	ASN1_OBJECT_free(o);
	return true;
}

/* ---- crypto policy ------------------------------------------------------ */

/* True when a digest (NID) is no longer accepted at `at`. */
bool
x509v_digest_too_weak(int md_nid, int64_t at)
{
	if (md_nid == NID_md2 || md_nid == NID_md4 || md_nid == NID_md5)
		return true;
	if (md_nid == NID_sha1)
		return at >= X509V_SUNSET_SHA1;
	return false;
}

/* ---- validation --------------------------------------------------------- */

/* Source, time and reason of one revocation. */
typedef struct RevEntry
{
	const char *source;			/* "crl" or "ocsp"; NULL while none */
	bool		has_time;
	int64_t		time;
	const char *reason;
} RevEntry;

typedef struct VerifyState
{
	X509vVerdict *out;
	const X509vOptions *opts;
	unsigned	found;			/* bit per X509vSub */
	uint32_t	revoked_depths; /* bit per depth (capped at 31) */
	uint32_t	crl_problem_depths; /* depths whose CRL could not be used */
	RevEntry	crl_entry[32];	/* time and reason of each depth's CRL entry */
	RevEntry	revocation;		/* the lowest revoked depth's, set by
								 * resolve_revocation */
	bool		rev_unknown;	/* a revocation status below the anchor is
								 * unknown */
	const char *leaf_source;	/* what decided the leaf's status */
	char	   *revoked_msg[32];	/* the message for each revoked depth */
	char	   *crl_msg[32][4]; /* CRL problems below the anchor, per depth */
	const X509vSubstitutes *subs;	/* see x509v_make_substitutes */
} VerifyState;

#define DEPTH_BIT(d) (1u << ((d) < 0 ? 0 : (d) > 31 ? 31 : (d)))

/* "depth N (subject): what" for a certificate of the chain. */
static void
describe(char *buf, size_t size, int depth, X509 *cert, const char *what)
{
	char	   *subj = cert ? x509u_name_str(X509_get_subject_name(cert)) : NULL;

	snprintf(buf, size, "certificate %d (%s): %s", depth,
			 subj ? subj : "unknown", what);
	free(subj);
}

/* Record revocation time and reason of cert from the CRL being checked. */
static void
record_revocation(X509_STORE_CTX *ctx, X509 *cert, RevEntry *out)
{
	X509_CRL   *crl = X509_STORE_CTX_get0_current_crl(ctx);
	X509_REVOKED *rev = NULL;

	if (crl && cert && X509_CRL_get0_by_cert(crl, &rev, cert) > 0 && rev)
	{
		int			crit = -1;
		ASN1_ENUMERATED *r = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, &crit, NULL);

		out->reason = "unspecified";	/* no reasonCode extension */
		out->has_time = true;
		out->time = x509u_asn1_time_unix(X509_REVOKED_get0_revocationDate(rev));
		if (r)
		{
			out->reason = x509u_reason_name(ASN1_ENUMERATED_get(r));
			ASN1_ENUMERATED_free(r);
		}
	}
	ERR_clear_error();
}

/*
 * This context validates, for its parent, the path of the issuer of an
 * indirect CRL (OpenSSL's check_crl_path), and checking the revocation of
 * that issuer's own certificate it took that very CRL, which covers it, as
 * PKITS 4.14.30 does.  OpenSSL then wants the path of the CRL's issuer, does
 * not validate CRL paths from within a CRL path, and reports
 * X509_V_ERR_CRL_PATH_VALIDATION_ERROR.  But that path is the one this
 * context is validating: nothing is missing.  OpenSSL goes on to verify the
 * CRL's signature with the certificate's key and to look the certificate up
 * in it, and a failure there still fails the CRL issuer's path.
 */
static bool
crl_covers_own_issuer(X509_STORE_CTX *ctx)
{
	X509_STORE_CTX *parent = X509_STORE_CTX_get0_parent_ctx(ctx);
	X509	   *target = X509_STORE_CTX_get0_cert(ctx);
	X509_CRL   *crl = X509_STORE_CTX_get0_current_crl(ctx);
	X509	   *crl_issuer = X509_STORE_CTX_get0_current_issuer(ctx);

	return parent != NULL && target != NULL && crl != NULL && crl_issuer != NULL &&
		X509_STORE_CTX_get_error_depth(ctx) == 0 &&
		X509_STORE_CTX_get_current_cert(ctx) == target &&
		X509_cmp(crl_issuer, target) == 0 &&
	/* the CRL and the issuer whose path the parent asked for */
		X509_STORE_CTX_get0_current_crl(parent) == crl &&
		X509_STORE_CTX_get0_current_issuer(parent) == target;
}

/* OpenSSL verify callback: record every finding and carry on. */
static int
verify_cb(int ok, X509_STORE_CTX *ctx)
{
	VerifyState *vs = X509_STORE_CTX_get_app_data(ctx);
	int			e,
				depth;
	X509vSub	sub;
	X509	   *cur;
	char		msg[600];

	if (ok)
		return ok;
	e = X509_STORE_CTX_get_error(ctx);
	if (e == X509_V_ERR_CRL_PATH_VALIDATION_ERROR && crl_covers_own_issuer(ctx))
		return 1;
	if (vs == NULL)
		return ok;			/* a CRL issuer's path: any finding fails it */
	/* a copy with inherited DSA parameters: the original's signature counts */
	if (e == X509_V_ERR_CERT_SIGNATURE_FAILURE && x509v_verify_original(ctx, vs->subs))
		return 1;
	depth = X509_STORE_CTX_get_error_depth(ctx);
	cur = X509_STORE_CTX_get_current_cert(ctx);
	sub = x509v_classify_error(e);
	describe(msg, sizeof(msg), depth, cur, X509_verify_cert_error_string(e));

	if (sub == X509V_SUB_TRY_LATER)
	{
		STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
		int			n = chain ? sk_X509_num(chain) : 0;
		bool		at_anchor = n > 0 && depth == n - 1 &&
			X509_STORE_CTX_get_num_untrusted(ctx) < n;
		int			bit = depth < 0 ? 0 : depth > 31 ? 31 : depth;

		vs->crl_problem_depths |= DEPTH_BIT(depth);
		/* an anchor is trusted as is */
		if (at_anchor)
		{
			x509u_add_message(vs->out->warnings, &vs->out->n_warnings, msg);
			return 1;
		}
		/* decided at the end, once the OCSP responses have been consulted */
		for (int i = 0; i < 4; i++)
		{
			if (vs->crl_msg[bit][i] && strcmp(vs->crl_msg[bit][i], msg) == 0)
				break;
			if (vs->crl_msg[bit][i] == NULL)
			{
				vs->crl_msg[bit][i] = strdup(msg);
				break;
			}
		}
		return 1;
	}
	if (sub == X509V_SUB_REVOKED)
	{
		/* counted at the end, once it is known whether that CRL was usable */
		int			bit = depth < 0 ? 0 : depth > 31 ? 31 : depth;

		if (vs->revoked_msg[bit] == NULL)
		{
			vs->revoked_msg[bit] = strdup(msg);
			record_revocation(ctx, cur, &vs->crl_entry[bit]);
			vs->revoked_depths |= DEPTH_BIT(depth);
		}
		return 1;
	}
	vs->found |= 1u << sub;
	x509u_add_message(vs->out->errors, &vs->out->n_errors, msg);
	return 1;
}

/* Apply the crypto policy at the validation time to every certificate. */
static void
check_crypto(STACK_OF(X509) *chain, bool anchored, VerifyState *vs)
{
	int64_t		at = vs->opts->at;

	int			n = sk_X509_num(chain);

	for (int i = 0; i < n; i++)
	{
		X509	   *x = sk_X509_value(chain, i);
		EVP_PKEY   *pk = X509_get0_pubkey(x);
		int			mdnid = NID_undef;
		char		what[200],
					msg[600];

		if (pk)
		{
			int			id = EVP_PKEY_get_base_id(pk);
			int			bits = EVP_PKEY_get_bits(pk);

			if ((id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS || id == EVP_PKEY_DSA) &&
				bits < 2048 && at >= X509V_SUNSET_SMALL_KEYS)
			{
				snprintf(what, sizeof(what),
						 "%s key of %d bits is too weak, the policy requires at least 2048",
						 OBJ_nid2sn(id), bits);
				describe(msg, sizeof(msg), i, x, what);
				vs->found |= 1u << X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE;
				x509u_add_message(vs->out->errors, &vs->out->n_errors, msg);
			}
		}
		/* the anchor's own signature is not relied upon */
		if (anchored && i == n - 1)
			continue;
		if (X509_get_signature_info(x, &mdnid, NULL, NULL, NULL) &&
			x509v_digest_too_weak(mdnid, at))
		{
			snprintf(what, sizeof(what), "signed with %s, which the policy no longer accepts",
					 OBJ_nid2sn(mdnid));
			describe(msg, sizeof(msg), i, x, what);
			vs->found |= 1u << X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE;
			x509u_add_message(vs->out->errors, &vs->out->n_errors, msg);
		}
	}
	ERR_clear_error();
}

/* Set time, flags and policies on the context's parameters. */
static bool
set_params(X509_STORE_CTX *ctx, const X509vOptions *opts, VerifyState *vs)
{
	X509_VERIFY_PARAM *p = X509_STORE_CTX_get0_param(ctx);
	unsigned long flags = X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL |
		X509_V_FLAG_EXTENDED_CRL_SUPPORT | X509_V_FLAG_USE_DELTAS |
		X509_V_FLAG_POLICY_CHECK | X509_V_FLAG_PARTIAL_CHAIN;

	if (opts->explicit_policy)
		flags |= X509_V_FLAG_EXPLICIT_POLICY;
	if (opts->inhibit_policy_mapping)
		flags |= X509_V_FLAG_INHIBIT_MAP;
	if (opts->inhibit_any_policy)
		flags |= X509_V_FLAG_INHIBIT_ANY;
	X509_VERIFY_PARAM_set_time(p, (time_t) opts->at);
	X509_VERIFY_PARAM_set_flags(p, flags);
	/* RFC 5280's default user-initial-policy-set is {anyPolicy}; OpenSSL's is empty */
	{
		static const char *const any_policy[] = {"2.5.29.32.0"};
		const char *const *policies = opts->n_policies > 0 ? opts->policies : any_policy;
		int			n_policies = opts->n_policies > 0 ? opts->n_policies : 1;
		STACK_OF(ASN1_OBJECT) *pol = sk_ASN1_OBJECT_new_null();
		bool		good = pol != NULL;

		for (int i = 0; good && i < n_policies; i++)
		{
			ASN1_OBJECT *o = OBJ_txt2obj(policies[i], 1);

			if (o == NULL || !sk_ASN1_OBJECT_push(pol, o))
			{
				char		msg[300];

				ASN1_OBJECT_free(o);
				snprintf(msg, sizeof(msg), "policy \"%.200s\" is not an OID",
						 policies[i]);
				x509u_add_message(vs->out->errors, &vs->out->n_errors, msg);
				vs->found |= 1u << X509V_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE;
				good = false;
			}
		}
		if (good)
			X509_VERIFY_PARAM_set1_policies(p, pol);	/* copies */
		sk_ASN1_OBJECT_pop_free(pol, ASN1_OBJECT_free);
		ERR_clear_error();
		return good;
	}
}

/* Move the CRL messages of depth d to the errors or the warnings. */
static void
flush_crl_messages(VerifyState *vs, int d, bool as_errors, const char *suffix)
{
	assert(d >= 0 && d < 32);
	for (int i = 0; i < 4 && vs->crl_msg[d][i]; i++)
	{
		char		msg[800];

		snprintf(msg, sizeof(msg), "%s%s", vs->crl_msg[d][i], suffix);
		if (as_errors)
			x509u_add_message(vs->out->errors, &vs->out->n_errors, msg);
		else
			x509u_add_message(vs->out->warnings, &vs->out->n_warnings, msg);
	}
}

/* Who may have signed an OCSP response: the pool, the input, the chain; NULL when none can apply. */
static STACK_OF(X509) *
ocsp_signers(X509vStore *st, STACK_OF(X509) *chain, int n, bool anchored,
			 STACK_OF(X509) *untrusted)
{
	STACK_OF(X509) *certs;

	if (!anchored || n <= 1 || st->n_ocsp <= 0)
		return NULL;
	certs = sk_X509_dup(untrusted);
	for (int i = 0; certs && i < n; i++)
		if (!sk_X509_push(certs, sk_X509_value(chain, i)))
			break;
	return certs;
}

/* Depth d is revoked by a usable CRL: a REVOKED error. */
static void
revoked_by_crl(VerifyState *vs, int d)
{
	X509vVerdict *out = vs->out;

	if (vs->revocation.source == NULL)
	{
		/* the lowest revoked depth reports source, time and reason */
		vs->revocation = vs->crl_entry[d];
		vs->revocation.source = "crl";
	}
	vs->found |= 1u << X509V_SUB_REVOKED;
	x509u_add_message(out->errors, &out->n_errors,
					  vs->revoked_msg[d] ? vs->revoked_msg[d] : "revoked");
	flush_crl_messages(vs, d, false, "");
}

/* Certificate x at depth d is revoked by a usable OCSP response: a REVOKED error. */
static void
revoked_by_ocsp(VerifyState *vs, int d, X509 *x, const X509uOcspResult *oc)
{
	X509vVerdict *out = vs->out;
	uint32_t	bit = 1u << d;
	char		msg[800];

	describe(msg, sizeof(msg), d, x, "certificate revoked (OCSP)");
	vs->found |= 1u << X509V_SUB_REVOKED;
	x509u_add_message(out->errors, &out->n_errors, msg);
	if (vs->revocation.source == NULL)
	{
		vs->revocation.source = "ocsp";
		vs->revocation.has_time = true;
		vs->revocation.time = oc->revocation_time;
		vs->revocation.reason = oc->revocation_reason;
	}
	vs->revoked_depths |= bit;
	vs->crl_problem_depths &= ~bit;
	flush_crl_messages(vs, d, false, "");
}

/* Depth d's entry is in a CRL that cannot be used: TRY_LATER unless OCSP says good or revocation is optional. */
static void
unusable_crl_entry(VerifyState *vs, int d, bool ocsp_good, bool require_revocation)
{
	X509vVerdict *out = vs->out;
	char		msg[800];

	/* an entry in a CRL that cannot be used says nothing reliable */
	snprintf(msg, sizeof(msg), "%s, but in a CRL that cannot be used",
			 vs->revoked_msg[d] ? vs->revoked_msg[d] : "revoked");
	vs->revoked_depths &= ~(1u << d);
	if (!ocsp_good && require_revocation)
	{
		vs->found |= 1u << X509V_SUB_TRY_LATER;
		x509u_add_message(out->errors, &out->n_errors, msg);
	}
	else
		x509u_add_message(out->warnings, &out->n_warnings, msg);
}

/* An OCSP response names x at depth d but cannot be used: TRY_LATER unless a usable CRL decided. */
static void
unusable_ocsp(VerifyState *vs, int d, X509 *x, const char *why, bool crl_problem)
{
	X509vVerdict *out = vs->out;
	char		msg[800];

	describe(msg, sizeof(msg), d, x, why);
	if (crl_problem)
	{
		vs->found |= 1u << X509V_SUB_TRY_LATER;
		vs->rev_unknown = true;
		x509u_add_message(out->errors, &out->n_errors, msg);
		flush_crl_messages(vs, d, true, "");
	}
	else
	{
		/* a usable CRL decided; the response is only reported */
		x509u_add_message(out->warnings, &out->n_warnings, msg);
		if (d == 0)
			vs->leaf_source = "crl";
	}
}

/* No OCSP answer for depth d: the CRLs decide, or leave the status unknown below the anchor. */
static void
crl_decides(VerifyState *vs, int d, bool crl_problem, bool below_anchor,
			bool require_revocation)
{
	if (crl_problem && below_anchor)
	{
		vs->rev_unknown = true;
		if (require_revocation)
			vs->found |= 1u << X509V_SUB_TRY_LATER;
		flush_crl_messages(vs, d, require_revocation, "");
	}
	else if (d == 0 && below_anchor)
		vs->leaf_source = "crl";
}

/* Decide and record the revocation status of the certificate at depth d. */
static void
resolve_depth(X509vStore *st, STACK_OF(X509) *chain, int n, bool anchored,
			  STACK_OF(X509) *certs, const X509vOptions *opts,
			  VerifyState *vs, int d)
{
	uint32_t	bit = 1u << d;
	bool		crl_problem = (vs->crl_problem_depths & bit) != 0;
	bool		crl_revoked = (vs->revoked_depths & bit) != 0;
	bool		below_anchor = d < n - 1 || (!anchored && d < n);
	X509uOcspResult oc;

	memset(&oc, 0, sizeof(oc));
	oc.status = X509U_OCSP_NONE;
	if (certs && d < n - 1)
		x509u_ocsp_check(st, sk_X509_value(chain, d), sk_X509_value(chain, d + 1),
						 certs, opts->at, &oc);

	if (crl_revoked && !crl_problem)
	{
		revoked_by_crl(vs, d);
		return;
	}
	if (oc.status == X509U_OCSP_REVOKED)
	{
		revoked_by_ocsp(vs, d, sk_X509_value(chain, d), &oc);
		return;
	}
	if (crl_revoked)
		unusable_crl_entry(vs, d, oc.status == X509U_OCSP_GOOD, opts->require_revocation);
	if (oc.status == X509U_OCSP_GOOD)
	{
		flush_crl_messages(vs, d, false, "; the OCSP response says good");
		if (d == 0)
			vs->leaf_source = "ocsp";
	}
	else if (oc.status == X509U_OCSP_UNUSABLE)
		unusable_ocsp(vs, d, sk_X509_value(chain, d), oc.msg, crl_problem);
	else
		crl_decides(vs, d, crl_problem, below_anchor, opts->require_revocation);
}

/*
 * Decide the revocation status of every certificate of the chain from what
 * the CRLs said (recorded by verify_cb) and what the stored OCSP responses
 * say, and record the findings.  Per certificate: a usable source that says
 * revoked wins; else a usable source that says good; else the status is
 * unknown.  A missing source is TRY_LATER only when revocation is required;
 * an OCSP response that names the certificate but cannot be relied on (bad
 * signature, unauthorised responder, stale, mismatched CertID) is TRY_LATER
 * in both modes, since a response that was stored for this very certificate
 * and does not verify is not an absence of information but a warning sign.
 */
static void
resolve_revocation(X509vStore *st, STACK_OF(X509) *chain, bool anchored,
				   STACK_OF(X509) *untrusted, const X509vOptions *opts,
				   VerifyState *vs)
{
	int			n = chain ? sk_X509_num(chain) : 0;
	STACK_OF(X509) *certs;

	/* an anchored path has its anchor at the end */
	assert(!anchored || n > 0);
	certs = ocsp_signers(st, chain, n, anchored, untrusted);
	for (int d = 0; d < 32; d++)
		resolve_depth(st, chain, n, anchored, certs, opts, vs, d);
	sk_X509_free(certs);		/* the certificates belong to others */
}

/* The leaf's names and whether its key usage lets it sign; false when out of memory. */
static bool
describe_leaf(X509 *leaf, X509vVerdict *out)
{
	X509vCertInfo info;
	uint32_t	ku;

	if (!x509v_cert_info(leaf, &info))
	{
		x509v_cert_info_free(&info);
		return false;
	}
	out->subject = info.subject;
	out->issuer = info.issuer;
	out->serial = info.serial;
	info.subject = info.issuer = info.serial = NULL;
	x509v_cert_info_free(&info);

	ku = X509_get_key_usage(leaf);
	out->key_usage_ok = !(X509_get_extension_flags(leaf) & EXFLAG_KUSAGE) ||
		(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
	if (!out->key_usage_ok)
		x509u_add_message(out->warnings, &out->n_warnings,
						  "the certificate's key usage allows neither digitalSignature nor nonRepudiation");
	return true;
}

/* The store's pool then extra, borrowed, as one stack; NULL when out of memory. */
static STACK_OF(X509) *
untrusted_certs(X509vStore *st, STACK_OF(X509) *extra)
{
	STACK_OF(X509) *untrusted = sk_X509_new_null();

	for (int i = 0; untrusted && i < sk_X509_num(st->pool); i++)
		if (!sk_X509_push(untrusted, sk_X509_value(st->pool, i)))
			goto fail;
	for (int i = 0; untrusted && extra && i < sk_X509_num(extra); i++)
		if (!sk_X509_push(untrusted, sk_X509_value(extra, i)))
			goto fail;
	return untrusted;

fail:
	sk_X509_free(untrusted);
	return NULL;
}

/*
 * Put the copies with inherited DSA parameters in place of *leaf and of the
 * untrusted certificates when the path needs them (x509_dsa.h); false when
 * out of memory.
 */
static bool
substitute_dsa_keys(X509vStore *st, X509 **leaf, STACK_OF(X509) *untrusted,
					const X509vOptions *opts, X509vSubstitutes *subs, VerifyState *vs)
{
	if (!x509v_needs_substitutes(*leaf, untrusted))
		return true;
	if (!x509v_make_substitutes(st, *leaf, untrusted, opts, subs))
		return false;
	for (int i = 0; i < sk_X509_num(untrusted); i++)
		(void) sk_X509_set(untrusted, i, x509v_substitute(subs, sk_X509_value(untrusted, i)));
	*leaf = x509v_substitute(subs, *leaf);
	vs->subs = subs;
	return true;
}

/*
 * Run X509_verify_cert on the prepared context and record the path it
 * built: the subjects into out->chain, the anchor, the crypto policy.
 * *chain is the context's path (or NULL), *anchored whether it ends at an
 * anchor.  False when out of memory.
 */
static bool
validate_path(X509_STORE_CTX *ctx, VerifyState *vs, STACK_OF(X509) **chain, bool *anchored)
{
	X509vVerdict *out = vs->out;
	int			n;

	*chain = NULL;
	*anchored = false;
	if (!set_params(ctx, vs->opts, vs))
		return true;
	if (X509_verify_cert(ctx) <= 0 && vs->found == 0)
	{
		/* failed without telling the callback: keep what OpenSSL said */
		int			e = X509_STORE_CTX_get_error(ctx);

		vs->found |= 1u << X509V_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE;
		x509u_add_message(out->errors, &out->n_errors,
						  e ? X509_verify_cert_error_string(e) : "path validation failed");
	}
	*chain = X509_STORE_CTX_get0_chain(ctx);
	n = *chain ? sk_X509_num(*chain) : 0;
	if (n <= 0)
		return true;
	*anchored = !(vs->found & (1u << X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND)) &&
		X509_STORE_CTX_get_num_untrusted(ctx) < n;
	out->chain = calloc(n, sizeof(char *));
	if (out->chain == NULL)
		return false;
	for (int i = 0; i < n; i++)
	{
		out->chain[i] = x509u_name_str(X509_get_subject_name(sk_X509_value(*chain, i)));
		if (out->chain[i] == NULL)
			return false;
		out->n_chain = i + 1;
	}
	assert(out->n_chain == n);
	if (*anchored)
		out->anchor = strdup(out->chain[n - 1]);
	check_crypto(*chain, *anchored, vs);
	return true;
}

/* The verdict's indication, findings and revocation status from vs. */
static void
conclude(const VerifyState *vs, bool anchored, X509vVerdict *out)
{
	/* the fixed precedence: the first finding in enum order wins */
	out->sub = x509v_first_sub(vs->found);
	assert(out->sub < X509V_SUB_COUNT);
	/* a revoked depth is always a REVOKED finding */
	assert(vs->revoked_depths == 0 || (vs->found & (1u << X509V_SUB_REVOKED)) != 0);
	out->indication = x509v_sub_indication(out->sub);
	out->found = vs->found;
	out->revoked_depths = vs->revoked_depths;

	if (vs->revoked_depths)
	{
		out->revocation_status = "revoked";
		out->revocation_source = vs->revocation.source;
		out->has_revocation_time = vs->revocation.has_time;
		out->revocation_time = vs->revocation.time;
		out->revocation_reason = vs->revocation.reason;
	}
	else if (!anchored)
		out->revocation_status = "not_checked";
	else if (vs->rev_unknown)
		out->revocation_status = "unknown";
	else
	{
		out->revocation_status = "good";
		out->revocation_source = vs->leaf_source;
	}
}

/* Release the messages the callback kept. */
static void
free_state(VerifyState *vs)
{
	for (int d = 0; d < 32; d++)
	{
		free(vs->revoked_msg[d]);
		for (int i = 0; i < 4; i++)
			free(vs->crl_msg[d][i]);
	}
}

/* Validate leaf. */
bool
x509v_verify(X509vStore *st, X509 *leaf, STACK_OF(X509) *extra,
			 const X509vOptions *opts, X509vVerdict *out)
{
	X509_STORE_CTX *ctx = NULL;
	STACK_OF(X509) *untrusted = NULL;
	STACK_OF(X509) *chain = NULL;
	VerifyState vs;
	X509vSubstitutes subs;
	bool		anchored = false;
	bool		ok = false;

	assert(st != NULL && leaf != NULL && opts != NULL && out != NULL);
	memset(out, 0, sizeof(*out));
	memset(&vs, 0, sizeof(vs));
	memset(&subs, 0, sizeof(subs));
	vs.out = out;
	vs.opts = opts;
	out->revocation_status = "not_checked";
	ERR_clear_error();

	if (!describe_leaf(leaf, out))
		return false;
	untrusted = untrusted_certs(st, extra);
	ctx = X509_STORE_CTX_new();
	if (untrusted == NULL || ctx == NULL ||
		!substitute_dsa_keys(st, &leaf, untrusted, opts, &subs, &vs) ||
		!X509_STORE_CTX_init(ctx, st->store, leaf, untrusted))
		goto done;
	X509_STORE_CTX_set0_crls(ctx, st->crls);	/* borrowed, not freed by ctx */
	X509_STORE_CTX_set_app_data(ctx, &vs);
	X509_STORE_CTX_set_verify_cb(ctx, verify_cb);

	if (!validate_path(ctx, &vs, &chain, &anchored))
		goto done;
	resolve_revocation(st, chain, anchored, untrusted, opts, &vs);
	conclude(&vs, anchored, out);
	ok = true;

done:
	free_state(&vs);
	X509_STORE_CTX_free(ctx);
	sk_X509_free(untrusted);	/* the certificates belong to st and extra */
	for (int i = 0; i < subs.n; i++)
		X509_free(subs.copy[i]);
	ERR_clear_error();
	return ok;
}
