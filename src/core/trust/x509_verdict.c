/*
 * x509_verdict.c
 *	  The ETSI EN 319 102-1 names, the fixed mapping of OpenSSL's findings
 *	  onto sub-indications, and the verdict's lifetime.
 *
 * See x509_verify.h.  The precedence itself is the order of X509vSub,
 * which x509v_first_sub applies.  Nothing here touches a certificate.
 */
#include "core/trust/x509_verify.h"
#include "core/trust/x509_util.h"

#include <stdlib.h>
#include <string.h>

/* ---- names -------------------------------------------------------------- */

/* Names of the sub-indications, indexed by X509vSub. */
static const char *const sub_names[X509V_SUB_COUNT] = {
	[X509V_SUB_NONE] = NULL,
	[X509V_SUB_FORMAT_FAILURE] = "FORMAT_FAILURE",
	[X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND] = "NO_CERTIFICATE_CHAIN_FOUND",
	[X509V_SUB_SIG_CRYPTO_FAILURE] = "SIG_CRYPTO_FAILURE",
	[X509V_SUB_REVOKED] = "REVOKED",
	[X509V_SUB_EXPIRED] = "EXPIRED",
	[X509V_SUB_NOT_YET_VALID] = "NOT_YET_VALID",
	[X509V_SUB_CHAIN_CONSTRAINTS_FAILURE] = "CHAIN_CONSTRAINTS_FAILURE",
	[X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE] = "CRYPTO_CONSTRAINTS_FAILURE",
	[X509V_SUB_TRY_LATER] = "TRY_LATER",
	[X509V_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE] = "CERTIFICATE_CHAIN_GENERAL_FAILURE",
};

/* "TOTAL_PASSED", "INDETERMINATE" or "TOTAL_FAILED". */
const char *
x509v_indication_name(X509vIndication ind)
{
	switch (ind)
	{
		case X509V_TOTAL_PASSED:
			return "TOTAL_PASSED";
		case X509V_INDETERMINATE:
			return "INDETERMINATE";
		case X509V_TOTAL_FAILED:
			return "TOTAL_FAILED";
	}
	return "INDETERMINATE";
}

/* Name of a sub-indication; NULL for none. */
const char *
x509v_sub_name(X509vSub sub)
{
	return sub > X509V_SUB_NONE && sub < X509V_SUB_COUNT ? sub_names[sub] : NULL;
}

/* The indication a sub-indication belongs to (EN 319 102-1, table 5). */
X509vIndication
x509v_sub_indication(X509vSub sub)
{
	switch (sub)
	{
		case X509V_SUB_NONE:
			return X509V_TOTAL_PASSED;
		case X509V_SUB_FORMAT_FAILURE:
		case X509V_SUB_SIG_CRYPTO_FAILURE:
		case X509V_SUB_REVOKED:
		case X509V_SUB_EXPIRED:
		case X509V_SUB_NOT_YET_VALID:
			return X509V_TOTAL_FAILED;
		default:
			return X509V_INDETERMINATE;
	}
}

/* The sub-indication of a set of findings: the first in precedence order. */
X509vSub
x509v_first_sub(uint32_t found)
{
	for (int s = X509V_SUB_FORMAT_FAILURE; s < X509V_SUB_COUNT; s++)
		if (found & (1u << s))
			return (X509vSub) s;
	return X509V_SUB_NONE;
}

/* The short verdict word. */
const char *
x509v_verdict_word(X509vIndication ind, X509vSub sub)
{
	if (ind == X509V_TOTAL_PASSED)
		return "valid";
	switch (sub)
	{
		case X509V_SUB_FORMAT_FAILURE:
			return "malformed";
		case X509V_SUB_REVOKED:
			return "revoked";
		case X509V_SUB_EXPIRED:
		case X509V_SUB_NOT_YET_VALID:
			return "expired";
		case X509V_SUB_TRY_LATER:
			return "indeterminate";
		default:
			return "untrusted";
	}
}

/* ---- classification ----------------------------------------------------- */

/* Classify an X509_V_ERR_* code into the sub-indication it supports. */
X509vSub
x509v_classify_error(int e)
{
	switch (e)
	{
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
		case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		case X509_V_ERR_CERT_UNTRUSTED:
		case X509_V_ERR_CERT_REJECTED:
			return X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND;
		case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
		case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
			return X509V_SUB_SIG_CRYPTO_FAILURE;
		case X509_V_ERR_CERT_REVOKED:
			return X509V_SUB_REVOKED;
		case X509_V_ERR_CERT_HAS_EXPIRED:
			return X509V_SUB_EXPIRED;
		case X509_V_ERR_CERT_NOT_YET_VALID:
			return X509V_SUB_NOT_YET_VALID;
		case X509_V_ERR_EE_KEY_TOO_SMALL:
		case X509_V_ERR_CA_KEY_TOO_SMALL:
		case X509_V_ERR_CA_MD_TOO_WEAK:
			return X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE;
		case X509_V_ERR_UNABLE_TO_GET_CRL:
		case X509_V_ERR_CRL_NOT_YET_VALID:
		case X509_V_ERR_CRL_HAS_EXPIRED:
		case X509_V_ERR_CRL_SIGNATURE_FAILURE:
		case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
		case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
		case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
		case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
		case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
		case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
		case X509_V_ERR_DIFFERENT_CRL_SCOPE:
		case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
			return X509V_SUB_TRY_LATER;
		case X509_V_ERR_OUT_OF_MEM:
		case X509_V_ERR_UNSPECIFIED:
		case X509_V_ERR_STORE_LOOKUP:
			return X509V_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE;
		default:
			return X509V_SUB_CHAIN_CONSTRAINTS_FAILURE;
	}
}

/* ---- verdicts ----------------------------------------------------------- */

/* The verdict for an unreadable certificate. */
void
x509v_verdict_malformed(X509vVerdict *out, const ParseError *err)
{
	memset(out, 0, sizeof(*out));
	out->sub = X509V_SUB_FORMAT_FAILURE;
	out->indication = X509V_TOTAL_FAILED;
	out->revocation_status = "not_checked";
	x509u_add_message(out->errors, &out->n_errors, err->detail);
}

/* Release a verdict's strings. */
void
x509v_verdict_free(X509vVerdict *v)
{
	free(v->subject);
	free(v->issuer);
	free(v->serial);
	for (int i = 0; i < v->n_chain; i++)
		free(v->chain[i]);
	free(v->chain);
	free(v->anchor);
	for (int i = 0; i < v->n_errors; i++)
		free(v->errors[i]);
	for (int i = 0; i < v->n_warnings; i++)
		free(v->warnings[i]);
	memset(v, 0, sizeof(*v));
}
