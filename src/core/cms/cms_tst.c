/*
 * cms_tst.c
 *	  Signature timestamps (RFC 3161 Appendix A, ETSI EN 319 122-1 5.3) of a
 *	  CMS SignerInfo, and the proof of existence they give (ETSI EN 319
 *	  102-1 5.5, validation process for Signatures with Time).
 *
 * Each id-aa-signatureTimeStampToken unsigned attribute value is an RFC 3161
 * TimeStampToken over the SignerInfo's signature value (the contents of its
 * OCTET STRING).  It is checked by cmsv_verify_timestamp, the same code a
 * PDF document timestamp goes through (messageImprint, token signature, TSA
 * chain and revocation at the validation time against the same store,
 * critical timeStamping EKU, ESS signing-certificate), with the signature
 * value as the one segment.  The attribute is unsigned, so anyone can add
 * one: a token that does not verify is a warning and proves nothing, never
 * a finding of the signature.
 *
 * The earliest genTime of a valid token is the best-signature-time.
 * cmst_apply_poe uses it on the signer chain's verdict at the validation
 * time: expiry and revocation that came after it no longer count (each such
 * relief is a warning naming both times), a signer certificate not yet valid
 * at it is NOT_YET_VALID.  No ASN.1 is decoded here: OpenSSL's CMS attribute
 * accessors hand over each token's DER.
 */
#include "core/cms/cms_tst.h"
#include "core/cms/cms_token.h"
#include "core/trust/x509_verify.h"
#include "core/trust/x509_util.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#define SUB_BIT(s) (1u << (s))

/* Unix seconds as "2027-01-01 00:00:00 UTC" into buf. */
static const char *
fmt_time(int64_t t, char *buf, size_t size)
{
	time_t		tt = (time_t) t;
	struct tm	tm;

	if (gmtime_r(&tt, &tm) == NULL ||
		strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, size, "%lld (Unix time)", (long long) t);
	return buf;
}

/* What gave the best-signature-time, for messages. */
static const char *
source(const SigVerdict *v)
{
	return v->timestamp_is_document ? "the document timestamp of a later revision" :
		"the signature timestamp";
}

/* Add a formatted warning. */
static void
warn(SigVerdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warn(SigVerdict *v, const char *fmt, ...)
{
	char		msg[900];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sigv_add_warning(v, msg);
}

/*
 * Verify one token (DER of a ContentInfo) over the signature value; on a
 * valid one whose genTime is not after the validation time, keep the
 * earliest time and its TSA.  Returns whether it is valid; *oom on failure.
 */
static bool
verify_one(X509vStore *st, int number, const uint8_t *der, size_t len,
		   const CmsvSegment *sigval, const CmsvInput *in, SigVerdict *v, bool *oom)
{
	CmsvInput	tin;
	SigVerdict	tv;
	bool		valid = false;
	char		t1[64],
				t2[64];

	assert(number >= 1 && number <= CMST_MAX_TOKENS && sigval->data != NULL);
	memset(&tin, 0, sizeof(tin));
	tin.cms = der;
	tin.cms_len = len;
	tin.segments = sigval;
	tin.n_segments = 1;
	tin.at = in->at;
	tin.require_revocation = in->require_revocation;
	if (!cmsv_verify_timestamp(st, &tin, NULL, &tv))
		*oom = true;
	else if (tv.word != SIGW_VALID)
		warn(v, "signature timestamp %d (TSA %s) is not valid (%s%s%s: %s), so it proves nothing about the signature's time",
			 number, tv.signer_subject ? tv.signer_subject : "unknown",
			 sigv_word_name(tv.word), tv.sub != SIGS_NONE ? ", " : "",
			 tv.sub != SIGS_NONE ? sigv_sub_name(tv.sub) : "",
			 tv.n_errors > 0 ? tv.errors[0] : "no detail");
	else if (tv.claimed_signing_time > in->at)
		warn(v, "signature timestamp %d (TSA %s) has the genTime %s, after the validation time %s, so it proves nothing at the validation time",
			 number, tv.signer_subject ? tv.signer_subject : "unknown",
			 fmt_time(tv.claimed_signing_time, t1, sizeof(t1)), fmt_time(in->at, t2, sizeof(t2)));
	else
	{
		valid = true;
		for (int i = 0; i < tv.n_warnings; i++)
			warn(v, "signature timestamp %d: %s", number, tv.warnings[i]);
		if (!v->has_timestamp_time || tv.claimed_signing_time < v->timestamp_time)
		{
			free(v->timestamp_authority);
			v->timestamp_authority = tv.signer_subject ? strdup(tv.signer_subject) : NULL;
			if (tv.signer_subject && v->timestamp_authority == NULL)
				*oom = true;
			v->has_timestamp_time = true;
			v->timestamp_time = tv.claimed_signing_time;
		}
	}
	sigv_free(&tv);
	return valid;
}

/* Verify every signatureTimeStampToken of si. */
bool
cmst_verify_timestamps(X509vStore *st, CMS_SignerInfo *si, const CmsvInput *in, SigVerdict *v)
{
	ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
	CmsvSegment sigval;
	int			number = 0;
	bool		oom = false;
	char		t1[64],
				t2[64];

	sigval.data = sig ? ASN1_STRING_get0_data(sig) : NULL;
	sigval.len = sig ? (size_t) ASN1_STRING_length(sig) : 0;
	for (int idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
		 idx >= 0 && !oom;
		 idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, idx))
	{
		X509_ATTRIBUTE *attr = CMS_unsigned_get_attr(si, idx);
		int			n = attr ? X509_ATTRIBUTE_count(attr) : 0;

		for (int j = 0; j < n && !oom; j++)
		{
			ASN1_TYPE  *t = X509_ATTRIBUTE_get0_type(attr, j);

			if (++number > CMST_MAX_TOKENS)
				break;
			if (t == NULL || t->type != V_ASN1_SEQUENCE || t->value.sequence == NULL ||
				sigval.data == NULL)
			{
				warn(v, "signature timestamp %d is not a ContentInfo, so it proves nothing about the signature's time",
					 number);
				continue;
			}
			(void) verify_one(st, number, ASN1_STRING_get0_data(t->value.sequence),
							  (size_t) ASN1_STRING_length(t->value.sequence),
							  &sigval, in, v, &oom);
		}
	}
	ERR_clear_error();

	/* a document timestamp covering the signature counts as one of them */
	if (!oom && in->has_poe && in->poe_time <= in->at &&
		(!v->has_timestamp_time || in->poe_time < v->timestamp_time))
	{
		free(v->timestamp_authority);
		v->timestamp_authority = in->poe_authority ? strdup(in->poe_authority) : NULL;
		if (in->poe_authority && v->timestamp_authority == NULL)
			oom = true;
		v->has_timestamp_time = true;
		v->timestamp_time = in->poe_time;
		v->timestamp_is_document = true;
	}
	if (number > CMST_MAX_TOKENS)
		warn(v, "the signature has %d or more signature timestamps; only the first %d were verified",
			 number, CMST_MAX_TOKENS);
	if (number > 0 || v->has_timestamp_time)
		v->timestamp_status = v->has_timestamp_time ? "valid" : "invalid";

	/* a signer cannot honestly claim a time after the TSA saw the signature */
	if (v->has_timestamp_time && v->has_claimed_signing_time &&
		v->claimed_signing_time > v->timestamp_time)
		warn(v, "the claimed signing time %s is later than the time %s of %s: the signingTime attribute is wrong",
			 fmt_time(v->claimed_signing_time, t1, sizeof(t1)),
			 fmt_time(v->timestamp_time, t2, sizeof(t2)), source(v));
	return !oom;
}

/* Drop xv's errors that contain s (OpenSSL's text of a relieved error). */
static void
drop_errors(X509vVerdict *xv, const char *s)
{
	int			k = 0;

	for (int i = 0; i < xv->n_errors; i++)
	{
		if (strstr(xv->errors[i], s) != NULL)
			free(xv->errors[i]);
		else
			xv->errors[k++] = xv->errors[i];
	}
	for (int i = k; i < xv->n_errors; i++)
		xv->errors[i] = NULL;
	xv->n_errors = k;
}

/*
 * Whether the signer's chain was within its validity at t: a validation at
 * t, whose revocation findings do not matter (revocation is judged with
 * what is known at the validation time).  *oom on failure.
 */
static bool
chain_valid_at(X509vStore *st, X509 *signer, STACK_OF(X509) *certs, int64_t t, bool *oom)
{
	X509vOptions opts;
	X509vVerdict xt;
	bool		ok;

	memset(&opts, 0, sizeof(opts));
	opts.at = t;
	opts.require_revocation = false;
	if (!x509v_verify(st, signer, certs, &opts, &xt))
	{
		*oom = true;
		x509v_verdict_free(&xt);
		return false;
	}
	ok = (xt.found & (SUB_BIT(X509V_SUB_EXPIRED) | SUB_BIT(X509V_SUB_NOT_YET_VALID))) == 0;
	x509v_verdict_free(&xt);
	return ok;
}

/* Proof of existence at the best-signature-time, applied to xv. */
bool
cmst_apply_poe(X509vStore *st, X509 *signer, STACK_OF(X509) *certs, const CmsvInput *in,
			   X509vVerdict *xv, SigVerdict *v)
{
	int64_t		best = v->timestamp_time;
	int64_t		nb,
				na;
	uint32_t	relieved = 0;
	bool		oom = false;
	char		t1[64],
				t2[64],
				t3[64];

	if (!v->has_timestamp_time)
		return true;
	nb = x509u_asn1_time_unix(X509_get0_notBefore(signer));
	na = x509u_asn1_time_unix(X509_get0_notAfter(signer));

	/* EN 319 102-1 5.5.4: a signature older than its certificate fails */
	if (best < nb)
	{
		char		msg[600];

		snprintf(msg, sizeof(msg),
				 "%s proves the signature existed at %s, before the signer certificate's notBefore %s",
				 source(v), fmt_time(best, t1, sizeof(t1)), fmt_time(nb, t2, sizeof(t2)));
		sigv_add_finding(v, SIGW_EXPIRED, SIGS_NOT_YET_VALID, msg);
		return true;
	}

	if (xv->found & SUB_BIT(X509V_SUB_EXPIRED))
	{
		if (chain_valid_at(st, signer, certs, best, &oom))
		{
			relieved |= SUB_BIT(X509V_SUB_EXPIRED);
			drop_errors(xv, X509_verify_cert_error_string(X509_V_ERR_CERT_HAS_EXPIRED));
			if (na < in->at)
				warn(v, "the signer certificate expired at %s, before the validation time %s, but %s proves the signature existed at %s, while its chain was valid: the expiry does not count (ETSI EN 319 102-1 5.5)",
					 fmt_time(na, t1, sizeof(t1)), fmt_time(in->at, t2, sizeof(t2)), source(v),
					 fmt_time(best, t3, sizeof(t3)));
			else
				warn(v, "a certificate of the signer's chain expired before the validation time %s, but %s proves the signature existed at %s, while the chain was valid: the expiry does not count (ETSI EN 319 102-1 5.5)",
					 fmt_time(in->at, t1, sizeof(t1)), source(v), fmt_time(best, t2, sizeof(t2)));
		}
		else if (!oom)
			warn(v, "the time %s of %s is outside the validity of the signer's chain, so it does not prove the signature was made before the expiry",
				 fmt_time(best, t1, sizeof(t1)), source(v));
	}

	if (xv->found & SUB_BIT(X509V_SUB_REVOKED))
	{
		bool		one = xv->revoked_depths != 0 &&
			(xv->revoked_depths & (xv->revoked_depths - 1)) == 0;

		if (one && xv->has_revocation_time && best < xv->revocation_time)
		{
			relieved |= SUB_BIT(X509V_SUB_REVOKED);
			drop_errors(xv, X509_verify_cert_error_string(X509_V_ERR_CERT_REVOKED));
			warn(v, "%s was revoked at %s%s%s, after the time %s of %s, which proves the signature existed before: the revocation does not count (ETSI EN 319 102-1 5.5)",
				 xv->revoked_depths == 1 ? "the signer certificate" : "a CA certificate of the signer's chain",
				 fmt_time(xv->revocation_time, t1, sizeof(t1)),
				 xv->revocation_reason ? ", reason " : "",
				 xv->revocation_reason ? xv->revocation_reason : "",
				 fmt_time(best, t2, sizeof(t2)), source(v));
		}
		else if (one && xv->has_revocation_time)
			warn(v, "the time %s of %s is not before the revocation at %s, so the revocation counts",
				 fmt_time(best, t1, sizeof(t1)), source(v),
				 fmt_time(xv->revocation_time, t2, sizeof(t2)));
		else
			warn(v, "more than one certificate of the signer's chain is revoked, or the revocation time is not known, so %s cannot set the revocation aside",
				 source(v));
	}

	if (relieved)
	{
		xv->found &= ~relieved;
		xv->sub = x509v_first_sub(xv->found);
		xv->indication = x509v_sub_indication(xv->sub);
	}
	ERR_clear_error();
	return !oom;
}
