/*
 * x509_ocsp.c
 *	  Stored OCSP responses: reading and inspecting them, and using them as a
 *	  revocation source during path validation.
 *
 * See x509_verify.h (the API) and x509_ocsp.h (x509u_ocsp_check, which
 * x509_verify.c calls).  Everything is OpenSSL: responses are read with
 * d2i_OCSP_RESPONSE, matched with OCSP_cert_to_id, and verified with
 * OCSP_basic_verify against the store's anchors, which also applies RFC 6960
 * 4.2.2.2 (the responder is the issuer itself, or a certificate the issuer
 * signed with the id-kp-OCSPSigning extended key usage).  What OpenSSL leaves
 * to the caller is done here: the validity window of a response is checked
 * at the validation time, not at the wall clock (OCSP_check_validity only
 * knows the latter).  Every OpenSSL object made here is freed here.
 */
#include "core/trust/x509_verify.h"
#include "core/trust/x509_ocsp.h"
#include "core/trust/x509_util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

/* Allowed clock skew between a responder and the validation time, seconds. */
#define OCSP_SKEW 300
/* How long a response without nextUpdate counts as current, seconds. */
#define OCSP_NO_NEXT_UPDATE_LIFETIME 86400

/* ---- helpers ------------------------------------------------------------ */

/* The reason of the last OpenSSL error with its data, or fallback. */
static void
ossl_why(char *buf, size_t size, const char *fallback)
{
	const char *data = NULL;
	int			flags = 0;
	unsigned long e = ERR_peek_last_error_data(&data, &flags);
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	if (r && data && *data && (flags & ERR_TXT_STRING))
		snprintf(buf, size, "%s (%s)", r, data);
	else
		snprintf(buf, size, "%s", r ? r : fallback);
	ERR_clear_error();
}

/* ---- loading and inspection --------------------------------------------- */

/* Read one DER OCSPResponse whose status is successful. */
OCSP_RESPONSE *
x509v_load_ocsp(const uint8_t *buf, size_t len, ParseError *err)
{
	const unsigned char *p = buf;
	OCSP_RESPONSE *resp;
	OCSP_BASICRESP *bs;
	int			status;
	char		why[200];

	ERR_clear_error();
	if (len == 0)
		return parse_error_set(err, OCSP_HINT, "The OCSP response input is empty."), NULL;
	if (len > X509V_MAX_OCSP_INPUT)
		return parse_error_set(err, OCSP_HINT,
							   "The OCSP response input has %zu bytes, more than the %d accepted.",
							   len, X509V_MAX_OCSP_INPUT), NULL;
	resp = d2i_OCSP_RESPONSE(NULL, &p, (long) len);
	if (resp == NULL)
	{
		ossl_why(why, sizeof(why), "not DER");
		parse_error_set(err, OCSP_HINT,
						"The input is not a DER-encoded OCSP response (%s).", why);
		return NULL;
	}
	if (p != buf + len)
	{
		parse_error_set(err, OCSP_HINT,
						"The DER OCSP response ends at byte %zu, but the input has %zu bytes.",
						(size_t) (p - buf), len);
		OCSP_RESPONSE_free(resp);
		return NULL;
	}
	status = OCSP_response_status(resp);
	if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL)
	{
		parse_error_set(err, OCSP_HINT,
						"The response status is %s (%d): only a successful response carries certificate statuses.",
						OCSP_response_status_str(status), status);
		OCSP_RESPONSE_free(resp);
		return NULL;
	}
	bs = OCSP_response_get1_basic(resp);
	if (bs == NULL)
	{
		ossl_why(why, sizeof(why), "no basic response");
		parse_error_set(err, OCSP_HINT,
						"The response is not a readable basic OCSP response (%s).", why);
		OCSP_RESPONSE_free(resp);
		return NULL;
	}
	OCSP_BASICRESP_free(bs);
	ERR_clear_error();
	return resp;
}

/* DER of an OCSP response, malloc'd. */
uint8_t *
x509v_ocsp_der(OCSP_RESPONSE *resp, size_t *len)
{
	unsigned char *der = NULL;
	int			n = i2d_OCSP_RESPONSE(resp, &der);

	return x509u_der_copy(der, n, len);
}

/* "good", "revoked" or "unknown". */
static const char *
status_name(int status)
{
	switch (status)
	{
		case V_OCSP_CERTSTATUS_GOOD:
			return "good";
		case V_OCSP_CERTSTATUS_REVOKED:
			return "revoked";
		default:
			return "unknown";
	}
}

/* Fill one X509vOcspSingle; false when out of memory. */
static bool
single_info(OCSP_SINGLERESP *single, X509vOcspSingle *s)
{
	const OCSP_CERTID *cid = OCSP_SINGLERESP_get0_id(single);
	ASN1_OCTET_STRING *nh = NULL,
			   *kh = NULL;
	ASN1_OBJECT *alg = NULL;
	ASN1_INTEGER *sn = NULL;
	ASN1_GENERALIZEDTIME *rev = NULL,
			   *thisupd = NULL,
			   *nextupd = NULL;
	int			reason = -1;
	int			status;
	char		txt[80];

	OCSP_id_get0_info(&nh, &alg, &kh, &sn, (OCSP_CERTID *) cid);
	s->serial = x509u_serial_hex(sn);
	if (alg && OBJ_obj2nid(alg) != NID_undef)
		s->hash_algorithm = strdup(OBJ_nid2sn(OBJ_obj2nid(alg)));
	else if (alg && OBJ_obj2txt(txt, sizeof(txt), alg, 1) > 0)
		s->hash_algorithm = strdup(txt);
	else
		s->hash_algorithm = strdup("unknown");
	s->issuer_name_hash = nh ? x509u_hex(ASN1_STRING_get0_data(nh), ASN1_STRING_length(nh)) : strdup("");
	s->issuer_key_hash = kh ? x509u_hex(ASN1_STRING_get0_data(kh), ASN1_STRING_length(kh)) : strdup("");
	status = OCSP_single_get0_status(single, &reason, &rev, &thisupd, &nextupd);
	s->status = status_name(status);
	s->this_update = x509u_asn1_time_unix(thisupd);
	s->has_next_update = nextupd != NULL;
	s->next_update = nextupd ? x509u_asn1_time_unix(nextupd) : 0;
	if (status == V_OCSP_CERTSTATUS_REVOKED)
	{
		s->revocation_time = x509u_asn1_time_unix(rev);
		s->revocation_reason = x509u_reason_name(reason);
	}
	return s->serial && s->hash_algorithm && s->issuer_name_hash && s->issuer_key_hash;
}

/* Fill *info for a successful response. */
bool
x509v_ocsp_info(OCSP_RESPONSE *resp, X509vOcspInfo *info)
{
	OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
	const ASN1_OCTET_STRING *keyhash = NULL;
	const X509_NAME *name = NULL;
	const X509_ALGOR *sigalg;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	unsigned char *der = NULL;
	int			derlen;
	bool		ok = true;

	memset(info, 0, sizeof(*info));
	if (bs == NULL)
	{
		ERR_clear_error();
		return false;
	}
	if (OCSP_resp_get0_id(bs, &keyhash, &name))
	{
		if (name)
			info->responder_id = x509u_name_str(name);
		else if (keyhash)
		{
			char	   *h = x509u_hex(ASN1_STRING_get0_data(keyhash), ASN1_STRING_length(keyhash));

			if (h && (info->responder_id = malloc(strlen(h) + 5)) != NULL)
				sprintf(info->responder_id, "key:%s", h);
			free(h);
		}
	}
	if (info->responder_id == NULL)
		info->responder_id = strdup("");
	info->produced_at = x509u_asn1_time_unix(OCSP_resp_get0_produced_at(bs));
	sigalg = OCSP_resp_get0_tbs_sigalg(bs);
	{
		const ASN1_OBJECT *o = NULL;
		char		txt[128];

		if (sigalg)
			X509_ALGOR_get0(&o, NULL, NULL, sigalg);
		if (o && OBJ_obj2nid(o) != NID_undef)
			info->signature_algorithm = strdup(OBJ_nid2ln(OBJ_obj2nid(o)));
		else if (o && OBJ_obj2txt(txt, sizeof(txt), o, 1) > 0)
			info->signature_algorithm = strdup(txt);
		else
			info->signature_algorithm = strdup("unknown");
	}
	info->n_certs = sk_X509_num(OCSP_resp_get0_certs(bs));
	if (info->n_certs < 0)
		info->n_certs = 0;
	info->n_singles = OCSP_resp_count(bs);
	if (info->n_singles < 0)
		info->n_singles = 0;
	if (info->n_singles > 0)
	{
		info->singles = calloc(info->n_singles, sizeof(X509vOcspSingle));
		if (info->singles == NULL)
		{
			info->n_singles = 0;
			ok = false;
		}
		for (int i = 0; ok && i < info->n_singles; i++)
			ok = single_info(OCSP_resp_get0(bs, i), &info->singles[i]);
	}
	derlen = i2d_OCSP_RESPONSE(resp, &der);
	if (derlen > 0 && EVP_Digest(der, derlen, md, &mdlen, EVP_sha256(), NULL))
		info->sha256 = x509u_hex(md, mdlen);
	OPENSSL_free(der);
	OCSP_BASICRESP_free(bs);
	ERR_clear_error();
	return ok && info->responder_id && info->signature_algorithm && info->sha256;
}

/* Release the strings of *info. */
void
x509v_ocsp_info_free(X509vOcspInfo *info)
{
	free(info->responder_id);
	free(info->signature_algorithm);
	free(info->sha256);
	for (int i = 0; i < info->n_singles; i++)
	{
		free(info->singles[i].serial);
		free(info->singles[i].hash_algorithm);
		free(info->singles[i].issuer_name_hash);
		free(info->singles[i].issuer_key_hash);
	}
	free(info->singles);
	memset(info, 0, sizeof(*info));
}

/* ---- revocation checking ------------------------------------------------ */

/* Record why a matching response cannot be used (the first reason wins). */
static void
unusable(X509uOcspResult *out, const char *msg)
{
	if (out->msg[0] == '\0')
		snprintf(out->msg, sizeof(out->msg), "%s", msg);
}

/* Verify a basic response at `at`: signature, responder chain, delegation. */
static bool
verify_response(X509vStore *st, OCSP_BASICRESP *bs, STACK_OF(X509) *untrusted,
				int64_t at, char *why, size_t size)
{
	/*
	 * OCSP_basic_verify builds the responder's chain with the store's own
	 * parameters; the store is this backend's alone and every path
	 * validation sets its own time, so setting the store's time here is safe.
	 */
	X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(st->store), (time_t) at);
	ERR_clear_error();
	if (OCSP_basic_verify(bs, untrusted, st->store, 0) > 0)
	{
		ERR_clear_error();
		return true;
	}
	ossl_why(why, size, "the response does not verify");
	return false;
}

/* How one SingleResponse's CertID relates to the certificate looked up. */
typedef enum SingleMatch
{
	SINGLE_OTHER,				/* another certificate (or no CertID to compare) */
	SINGLE_UNUSABLE,			/* names the certificate, but cannot be used */
	SINGLE_MATCH				/* names the certificate and its issuer */
} SingleMatch;

/* What the usable SingleResponses naming the certificate said so far. */
typedef struct OcspTally
{
	bool		good;
	bool		revoked;
	bool		matched;
} OcspTally;

/* Compare a SingleResponse's CertID with cert's; a reason in out when unusable. */
static SingleMatch
match_cert_id(OCSP_SINGLERESP *single, const ASN1_INTEGER *serial, X509 *cert,
			  X509 *issuer, X509uOcspResult *out)
{
	ASN1_OCTET_STRING *nh = NULL,
			   *kh = NULL,
			   *mnh = NULL,
			   *mkh = NULL;
	ASN1_OBJECT *alg = NULL;
	ASN1_INTEGER *sn = NULL;
	const EVP_MD *md;
	OCSP_CERTID *mine;
	bool		name_ok,
				key_ok;

	OCSP_id_get0_info(&nh, &alg, &kh, &sn, (OCSP_CERTID *) OCSP_SINGLERESP_get0_id(single));
	if (sn == NULL || serial == NULL || ASN1_INTEGER_cmp(sn, serial) != 0)
		return SINGLE_OTHER;
	md = alg ? EVP_get_digestbyobj(alg) : NULL;
	if (md == NULL)
	{
		unusable(out, "an OCSP response for the certificate's serial number uses an unknown hash algorithm");
		return SINGLE_UNUSABLE;
	}
	mine = OCSP_cert_to_id(md, cert, issuer);
	if (mine == NULL)
	{
		ERR_clear_error();
		return SINGLE_OTHER;
	}
	OCSP_id_get0_info(&mnh, NULL, &mkh, NULL, mine);
	name_ok = nh && mnh && ASN1_OCTET_STRING_cmp(nh, mnh) == 0;
	key_ok = kh && mkh && ASN1_OCTET_STRING_cmp(kh, mkh) == 0;
	OCSP_CERTID_free(mine);
	if (!name_ok && !key_ok)
		return SINGLE_OTHER;	/* another CA's certificate with that serial */
	if (!name_ok)
	{
		unusable(out, "the OCSP response for this serial number has an issuer name hash that does not match the issuer");
		return SINGLE_UNUSABLE;
	}
	if (!key_ok)
	{
		unusable(out, "the OCSP response for this serial number has an issuer key hash that does not match the issuer");
		return SINGLE_UNUSABLE;
	}
	return SINGLE_MATCH;
}

/* True when thisUpdate/nextUpdate of a SingleResponse cover `at`; else a reason in out. */
static bool
single_current(ASN1_GENERALIZEDTIME *thisupd, ASN1_GENERALIZEDTIME *nextupd,
			   int64_t at, X509uOcspResult *out)
{
	int64_t		tu = x509u_asn1_time_unix(thisupd);
	char		msg[400];

	if (tu > at + OCSP_SKEW)
	{
		snprintf(msg, sizeof(msg),
				 "the OCSP response's thisUpdate (Unix time %lld) is after the validation time",
				 (long long) tu);
		unusable(out, msg);
		return false;
	}
	if (nextupd && at > x509u_asn1_time_unix(nextupd) + OCSP_SKEW)
	{
		snprintf(msg, sizeof(msg),
				 "the OCSP response is stale: its nextUpdate (Unix time %lld) is before the validation time",
				 (long long) x509u_asn1_time_unix(nextupd));
		unusable(out, msg);
		return false;
	}
	if (nextupd == NULL && at > tu + OCSP_NO_NEXT_UPDATE_LIFETIME)
	{
		unusable(out, "the OCSP response has no nextUpdate and is more than a day older than the validation time");
		return false;
	}
	return true;
}

/* Count what a verified, current SingleResponse says (the first revocation is kept). */
static void
tally_status(int status, int reason, ASN1_GENERALIZEDTIME *rev,
			 X509uOcspResult *out, OcspTally *t)
{
	if (status == V_OCSP_CERTSTATUS_GOOD)
		t->good = true;
	else if (status == V_OCSP_CERTSTATUS_REVOKED)
	{
		if (!t->revoked)
		{
			out->revocation_time = x509u_asn1_time_unix(rev);
			out->revocation_reason = x509u_reason_name(reason);
		}
		t->revoked = true;
	}
	else
		unusable(out, "the OCSP responder does not know the certificate (status unknown)");
}

/* Use the SingleResponses of one basic response that name cert; verify it once, if needed. */
static void
check_response(X509vStore *st, OCSP_BASICRESP *bs, X509 *cert, X509 *issuer,
			   STACK_OF(X509) *untrusted, int64_t at, X509uOcspResult *out,
			   OcspTally *t)
{
	const ASN1_INTEGER *serial = X509_get0_serialNumber(cert);
	int			verified = -1;	/* not yet tried */
	char		why[300] = "";

	for (int i = 0; i < OCSP_resp_count(bs); i++)
	{
		OCSP_SINGLERESP *single = OCSP_resp_get0(bs, i);
		SingleMatch m = match_cert_id(single, serial, cert, issuer, out);
		ASN1_GENERALIZEDTIME *rev = NULL,
				   *thisupd = NULL,
				   *nextupd = NULL;
		int			reason = -1,
					status;
		char		msg[400];

		if (m == SINGLE_OTHER)
			continue;
		t->matched = true;
		if (m == SINGLE_UNUSABLE)
			continue;
		if (verified < 0)
			verified = verify_response(st, bs, untrusted, at, why, sizeof(why));
		if (!verified)
		{
			snprintf(msg, sizeof(msg), "the OCSP response cannot be verified: %s", why);
			unusable(out, msg);
			continue;
		}
		status = OCSP_single_get0_status(single, &reason, &rev, &thisupd, &nextupd);
		if (single_current(thisupd, nextupd, at, out))
			tally_status(status, reason, rev, out, t);
	}
}

/* Look cert up in the stored OCSP responses. */
void
x509u_ocsp_check(X509vStore *st, X509 *cert, X509 *issuer,
				 STACK_OF(X509) *untrusted, int64_t at, X509uOcspResult *out)
{
	OcspTally	t = {false, false, false};

	assert(st != NULL && cert != NULL && issuer != NULL && out != NULL);
	memset(out, 0, sizeof(*out));
	out->status = X509U_OCSP_NONE;
	for (int r = 0; r < st->n_ocsp; r++)
		check_response(st, st->ocsp[r], cert, issuer, untrusted, at, out, &t);
	ERR_clear_error();
	if (t.revoked)
		out->status = X509U_OCSP_REVOKED;
	else if (t.good)
		out->status = X509U_OCSP_GOOD;
	else if (t.matched)
		out->status = X509U_OCSP_UNUSABLE;
}
