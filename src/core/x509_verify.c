/*
 * x509_verify.c
 *	  Path validation: X509_verify_cert with CRL checks and the crypto
 *	  policy, its findings turned into one ETSI indication.
 *
 * See x509_verify.h.  Loading and inspection are in x509_load.c, the store in
 * x509_store.c, names and classification in x509_verdict.c.  Every OpenSSL
 * object made here is freed here, on every path; strings handed to the
 * caller are malloc'd copies.
 */
#include "x509_util.h"

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

/* RFC 5280 reason code name. */
static const char *
reason_name(long code)
{
	static const char *const names[] = {
		"unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
		"superseded", "cessationOfOperation", "certificateHold", NULL,
		"removeFromCRL", "privilegeWithdrawn", "aACompromise"
	};

	if (code >= 0 && code < (long) (sizeof(names) / sizeof(names[0])) && names[code])
		return names[code];
	return "unspecified";
}

/* ---- validation --------------------------------------------------------- */

typedef struct VerifyState
{
	X509vVerdict *out;
	const X509vOptions *opts;
	unsigned	found;			/* bit per X509vSub */
	bool		rev_unknown;	/* a revocation problem below the anchor */
	uint32_t	revoked_depths; /* bit per depth (capped at 31) */
	uint32_t	crl_problem_depths; /* depths whose CRL could not be used */
	X509vVerdict revocation;	/* time and reason of the first revocation */
	char	   *revoked_msg[32];	/* the message for each revoked depth */
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
record_revocation(X509_STORE_CTX *ctx, X509 *cert, X509vVerdict *out)
{
	X509_CRL   *crl = X509_STORE_CTX_get0_current_crl(ctx);
	X509_REVOKED *rev = NULL;

	if (crl && cert && X509_CRL_get0_by_cert(crl, &rev, cert) > 0 && rev)
	{
		int			crit = -1;
		ASN1_ENUMERATED *r = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, &crit, NULL);

		out->revocation_reason = "unspecified";	/* no reasonCode extension */
		out->has_revocation_time = true;
		out->revocation_time = x509u_asn1_time_unix(X509_REVOKED_get0_revocationDate(rev));
		if (r)
		{
			out->revocation_reason = reason_name(ASN1_ENUMERATED_get(r));
			ASN1_ENUMERATED_free(r);
		}
	}
	ERR_clear_error();
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

	if (ok || vs == NULL)
		return ok;
	e = X509_STORE_CTX_get_error(ctx);
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

		if (!at_anchor)
			vs->rev_unknown = true;
		vs->crl_problem_depths |= DEPTH_BIT(depth);
		/* an anchor is trusted as is; soft-fail mode only warns */
		if (at_anchor || !vs->opts->require_revocation)
		{
			x509u_add_message(vs->out->warnings, &vs->out->n_warnings, msg);
			return 1;
		}
	}
	if (sub == X509V_SUB_REVOKED)
	{
		/* counted at the end, once it is known whether that CRL was usable */
		int			bit = depth < 0 ? 0 : depth > 31 ? 31 : depth;

		if (vs->revoked_msg[bit] == NULL)
		{
			vs->revoked_msg[bit] = strdup(msg);
			if (vs->revoked_depths == 0)
				record_revocation(ctx, cur, &vs->revocation);
			vs->revoked_depths |= DEPTH_BIT(depth);
		}
		return 1;
	}
	vs->found |= 1u << sub;
	x509u_add_message(vs->out->errors, &vs->out->n_errors, msg);
	return 1;
}

/* Apply the crypto policy to every certificate of the chain. */
static void
check_crypto(STACK_OF(X509) *chain, bool anchored, VerifyState *vs)
{
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
				bits < 2048)
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
			(mdnid == NID_md2 || mdnid == NID_md4 || mdnid == NID_md5 ||
			 mdnid == NID_sha1))
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

/* Validate leaf. */
bool
x509v_verify(X509vStore *st, X509 *leaf, STACK_OF(X509) *extra,
			 const X509vOptions *opts, X509vVerdict *out)
{
	X509_STORE_CTX *ctx = NULL;
	STACK_OF(X509) *untrusted = NULL;
	VerifyState vs;
	X509vCertInfo info;
	bool		anchored = false;
	bool		ok = false;
	int			rc;

	memset(out, 0, sizeof(*out));
	memset(&vs, 0, sizeof(vs));
	vs.out = out;
	vs.opts = opts;
	out->revocation_status = "not_checked";
	ERR_clear_error();

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
	{
		uint32_t	ku = X509_get_key_usage(leaf);

		out->key_usage_ok = !(X509_get_extension_flags(leaf) & EXFLAG_KUSAGE) ||
			(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
		if (!out->key_usage_ok)
			x509u_add_message(out->warnings, &out->n_warnings,
						"the certificate's key usage allows neither digitalSignature nor nonRepudiation");
	}

	untrusted = sk_X509_new_null();
	ctx = X509_STORE_CTX_new();
	if (untrusted == NULL || ctx == NULL)
		goto done;
	for (int i = 0; i < sk_X509_num(st->pool); i++)
		if (!sk_X509_push(untrusted, sk_X509_value(st->pool, i)))
			goto done;
	for (int i = 0; extra && i < sk_X509_num(extra); i++)
		if (!sk_X509_push(untrusted, sk_X509_value(extra, i)))
			goto done;
	if (!X509_STORE_CTX_init(ctx, st->store, leaf, untrusted))
		goto done;
	X509_STORE_CTX_set0_crls(ctx, st->crls);	/* borrowed, not freed by ctx */
	X509_STORE_CTX_set_app_data(ctx, &vs);
	X509_STORE_CTX_set_verify_cb(ctx, verify_cb);

	if (set_params(ctx, opts, &vs))
	{
		STACK_OF(X509) *chain;

		rc = X509_verify_cert(ctx);
		if (rc <= 0 && vs.found == 0)
		{
			/* failed without telling the callback: keep what OpenSSL said */
			int			e = X509_STORE_CTX_get_error(ctx);

			vs.found |= 1u << X509V_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE;
			x509u_add_message(out->errors, &out->n_errors,
						e ? X509_verify_cert_error_string(e) : "path validation failed");
		}
		chain = X509_STORE_CTX_get0_chain(ctx);
		if (chain && sk_X509_num(chain) > 0)
		{
			int			n = sk_X509_num(chain);

			anchored = !(vs.found & (1u << X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND)) &&
				X509_STORE_CTX_get_num_untrusted(ctx) < n;
			out->chain = calloc(n, sizeof(char *));
			if (out->chain == NULL)
				goto done;
			for (int i = 0; i < n; i++)
			{
				out->chain[i] = x509u_name_str(X509_get_subject_name(sk_X509_value(chain, i)));
				if (out->chain[i] == NULL)
					goto done;
				out->n_chain = i + 1;
			}
			if (anchored)
				out->anchor = strdup(out->chain[n - 1]);
			check_crypto(chain, anchored, &vs);
		}
	}

	/*
	 * A revocation entry counts only if the CRL that holds it was usable: a
	 * CRL with an unknown critical extension, a bad signature or the wrong
	 * scope says nothing reliable, so its entries make the status unknown.
	 */
	for (int d = 0; d < 32; d++)
	{
		char		msg[700];

		if (!(vs.revoked_depths & (1u << d)))
			continue;
		if (vs.crl_problem_depths & (1u << d))
		{
			snprintf(msg, sizeof(msg), "%s, but in a CRL that cannot be used",
					 vs.revoked_msg[d] ? vs.revoked_msg[d] : "revoked");
			vs.revoked_depths &= ~(1u << d);
			if (opts->require_revocation)
			{
				vs.found |= 1u << X509V_SUB_TRY_LATER;
				x509u_add_message(out->errors, &out->n_errors, msg);
			}
			else
				x509u_add_message(out->warnings, &out->n_warnings, msg);
		}
		else
		{
			vs.found |= 1u << X509V_SUB_REVOKED;
			x509u_add_message(out->errors, &out->n_errors,
						vs.revoked_msg[d] ? vs.revoked_msg[d] : "revoked");
		}
	}

	/* the fixed precedence: the first finding in enum order wins */
	out->sub = X509V_SUB_NONE;
	for (int s = X509V_SUB_FORMAT_FAILURE; s < X509V_SUB_COUNT; s++)
		if (vs.found & (1u << s))
		{
			out->sub = (X509vSub) s;
			break;
		}
	out->indication = x509v_sub_indication(out->sub);

	if (vs.revoked_depths)
	{
		out->revocation_status = "revoked";
		out->revocation_source = "crl";
		out->has_revocation_time = vs.revocation.has_revocation_time;
		out->revocation_time = vs.revocation.revocation_time;
		out->revocation_reason = vs.revocation.revocation_reason;
	}
	else if (!anchored)
		out->revocation_status = "not_checked";
	else if (vs.rev_unknown)
		out->revocation_status = "unknown";
	else
	{
		out->revocation_status = "good";
		out->revocation_source = "crl";
	}
	ok = true;

done:
	for (int d = 0; d < 32; d++)
		free(vs.revoked_msg[d]);
	X509_STORE_CTX_free(ctx);
	sk_X509_free(untrusted);	/* the certificates belong to st and extra */
	ERR_clear_error();
	return ok;
}
