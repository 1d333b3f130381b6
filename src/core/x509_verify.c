/*
 * x509_verify.c
 *	  Loading, inspecting and validating X.509 certificates with OpenSSL.
 *
 * See x509_verify.h.  Every OpenSSL object made here is freed here, on every
 * path; strings handed to the caller are malloc'd copies.
 */
#include "x509_verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#define CERT_HINT \
	"Pass one X.509 certificate, DER-encoded or in PEM form (-----BEGIN CERTIFICATE-----)."
#define CRL_HINT \
	"Pass one X.509 CRL, DER-encoded or in PEM form (-----BEGIN X509 CRL-----)."

struct X509vStore
{
	X509_STORE *store;			/* anchors */
	STACK_OF(X509) *pool;		/* untrusted intermediates, owned */
	STACK_OF(X509_CRL) *crls;	/* owned; given to each context whole, since
								 * the store's lookup by issuer name misses
								 * indirect CRLs */
	int			count[3];
};

/* ---- small helpers ------------------------------------------------------ */

/* strdup that tolerates NULL. */
static char *
dup_str(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Upper-case hex of n bytes, malloc'd. */
static char *
hex_str(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	char	   *s = malloc(n * 2 + 1);

	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
	{
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[n * 2] = '\0';
	return s;
}

/* True when s is well-formed UTF-8 (no overlongs, no surrogates). */
static bool
utf8_valid(const unsigned char *s)
{
	while (*s)
	{
		int			n;
		unsigned	c = *s;

		if (c < 0x80)
		{
			s++;
			continue;
		}
		else if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return false;
		for (int i = 1; i <= n; i++)
			if ((s[i] & 0xC0) != 0x80)
				return false;
		if (c == 0xE0 && s[1] < 0xA0)
			return false;
		if (c == 0xED && s[1] >= 0xA0)
			return false;
		if (c == 0xF0 && s[1] < 0x90)
			return false;
		if (c == 0xF4 && s[1] >= 0x90)
			return false;
		s += n + 1;
	}
	return true;
}

/* Print a name with the given flags into a malloc'd string. */
static char *
name_print(const X509_NAME *name, unsigned long flags)
{
	BIO		   *b = BIO_new(BIO_s_mem());
	char	   *data;
	long		n;
	char	   *s = NULL;

	if (b == NULL)
		return NULL;
	if (X509_NAME_print_ex(b, name, 0, flags) >= 0)
	{
		n = BIO_get_mem_data(b, &data);
		s = malloc(n + 1);
		if (s)
		{
			memcpy(s, data, n);
			s[n] = '\0';
		}
	}
	BIO_free(b);
	return s;
}

/* RFC 2253 form of a name, UTF-8 kept; escaped ASCII if the UTF-8 is bad. */
static char *
name_str(const X509_NAME *name)
{
	char	   *s;

	if (name == NULL)
		return strdup("");
	s = name_print(name, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	if (s && !utf8_valid((const unsigned char *) s))
	{
		free(s);
		s = name_print(name, XN_FLAG_RFC2253);
	}
	return s;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		era;
	unsigned	yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned) (y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t) doe - 719468;
}

/* Unix seconds of an ASN1_TIME; 0 if it cannot be read. */
static int64_t
asn1_time_unix(const ASN1_TIME *t)
{
	struct tm	tm;

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
		tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

/* The reason of the last OpenSSL error, or fallback; clears the queue. */
static const char *
ossl_reason(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r ? r : fallback;
}

/* True when buf looks like PEM: "-----BEGIN " in its first bytes. */
static bool
looks_like_pem(const uint8_t *buf, size_t len)
{
	size_t		scan = len < 4096 ? len : 4096;
	static const char tag[] = "-----BEGIN ";

	for (size_t i = 0; i + sizeof(tag) - 1 <= scan; i++)
		if (memcmp(buf + i, tag, sizeof(tag) - 1) == 0)
			return true;
	return false;
}

/* Size checks shared by the loaders. */
static bool
check_size(size_t len, const char *what, const char *hint, ParseError *err)
{
	if (len == 0)
		return parse_error_set(err, hint, "The %s input is empty.", what);
	if (len > X509V_MAX_INPUT)
		return parse_error_set(err, hint,
							   "The %s input has %zu bytes, more than the %d accepted.",
							   what, len, X509V_MAX_INPUT);
	return true;
}

/* ---- loading ------------------------------------------------------------ */

/* Read one certificate, PEM or DER. */
X509 *
x509v_load_cert(const uint8_t *buf, size_t len, ParseError *err)
{
	X509	   *x = NULL;

	ERR_clear_error();
	if (!check_size(len, "certificate", CERT_HINT, err))
		return NULL;
	if (looks_like_pem(buf, len))
	{
		BIO		   *b = BIO_new_mem_buf(buf, (int) len);

		if (b)
		{
			x = PEM_read_bio_X509(b, NULL, NULL, NULL);
			BIO_free(b);
		}
		if (x == NULL)
			parse_error_set(err, CERT_HINT,
							"The PEM input holds no readable certificate (%s).",
							ossl_reason("no certificate block"));
	}
	else
	{
		const unsigned char *p = buf;

		x = d2i_X509(NULL, &p, (long) len);
		if (x == NULL)
			parse_error_set(err, CERT_HINT,
							"The input is not a DER-encoded certificate (%s).",
							ossl_reason("not DER"));
		else if (p != buf + len)
		{
			parse_error_set(err, CERT_HINT,
							"The DER certificate ends at byte %zu, but the input has %zu bytes.",
							(size_t) (p - buf), len);
			X509_free(x);
			x = NULL;
		}
	}
	ERR_clear_error();
	return x;
}

/* Read one CRL, PEM or DER. */
X509_CRL *
x509v_load_crl(const uint8_t *buf, size_t len, ParseError *err)
{
	X509_CRL   *crl = NULL;

	ERR_clear_error();
	if (!check_size(len, "CRL", CRL_HINT, err))
		return NULL;
	if (looks_like_pem(buf, len))
	{
		BIO		   *b = BIO_new_mem_buf(buf, (int) len);

		if (b)
		{
			crl = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL);
			BIO_free(b);
		}
		if (crl == NULL)
			parse_error_set(err, CRL_HINT,
							"The PEM input holds no readable CRL (%s).",
							ossl_reason("no CRL block"));
	}
	else
	{
		const unsigned char *p = buf;

		crl = d2i_X509_CRL(NULL, &p, (long) len);
		if (crl == NULL)
			parse_error_set(err, CRL_HINT,
							"The input is not a DER-encoded CRL (%s).",
							ossl_reason("not DER"));
		else if (p != buf + len)
		{
			parse_error_set(err, CRL_HINT,
							"The DER CRL ends at byte %zu, but the input has %zu bytes.",
							(size_t) (p - buf), len);
			X509_CRL_free(crl);
			crl = NULL;
		}
	}
	ERR_clear_error();
	return crl;
}

/* DER of a certificate, malloc'd. */
uint8_t *
x509v_cert_der(X509 *x, size_t *len)
{
	unsigned char *tmp = NULL;
	int			n = i2d_X509(x, &tmp);
	uint8_t    *out = NULL;

	if (n > 0 && (out = malloc(n)) != NULL)
	{
		memcpy(out, tmp, n);
		*len = (size_t) n;
	}
	OPENSSL_free(tmp);
	return out;
}

/* DER of a CRL, malloc'd. */
uint8_t *
x509v_crl_der(X509_CRL *crl, size_t *len)
{
	unsigned char *tmp = NULL;
	int			n = i2d_X509_CRL(crl, &tmp);
	uint8_t    *out = NULL;

	if (n > 0 && (out = malloc(n)) != NULL)
	{
		memcpy(out, tmp, n);
		*len = (size_t) n;
	}
	OPENSSL_free(tmp);
	return out;
}

/* ---- inspection --------------------------------------------------------- */

/* Append name to a comma-separated list in buf. */
static void
list_add(char *buf, size_t size, const char *name)
{
	size_t		used = strlen(buf);

	snprintf(buf + used, size - used, "%s%s", used ? "," : "", name);
}

/* Key usage bits as names, or NULL when the extension is absent. */
static char *
key_usage_str(X509 *x)
{
	static const struct
	{
		uint32_t	bit;
		const char *name;
	}			ku[] = {
		{KU_DIGITAL_SIGNATURE, "digitalSignature"},
		{KU_NON_REPUDIATION, "nonRepudiation"},
		{KU_KEY_ENCIPHERMENT, "keyEncipherment"},
		{KU_DATA_ENCIPHERMENT, "dataEncipherment"},
		{KU_KEY_AGREEMENT, "keyAgreement"},
		{KU_KEY_CERT_SIGN, "keyCertSign"},
		{KU_CRL_SIGN, "cRLSign"},
		{KU_ENCIPHER_ONLY, "encipherOnly"},
		{KU_DECIPHER_ONLY, "decipherOnly"},
	};
	char		buf[256] = "";
	uint32_t	bits;

	if (!(X509_get_extension_flags(x) & EXFLAG_KUSAGE))
		return NULL;
	bits = X509_get_key_usage(x);
	for (size_t i = 0; i < sizeof(ku) / sizeof(ku[0]); i++)
		if (bits & ku[i].bit)
			list_add(buf, sizeof(buf), ku[i].name);
	return strdup(buf);
}

/* Extended key usage purposes, or NULL when absent. */
static char *
eku_str(X509 *x)
{
	int			crit = -1;
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, &crit, NULL);
	char		buf[1024] = "";

	if (eku == NULL)
		return NULL;
	for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++)
	{
		ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
		int			nid = OBJ_obj2nid(o);
		char		txt[128];

		if (nid != NID_undef && OBJ_nid2sn(nid))
			list_add(buf, sizeof(buf), OBJ_nid2sn(nid));
		else if (OBJ_obj2txt(txt, sizeof(txt), o, 1) > 0)
			list_add(buf, sizeof(buf), txt);
	}
	sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
	return strdup(buf);
}

/* Fill *info for x. */
bool
x509v_cert_info(X509 *x, X509vCertInfo *info)
{
	const ASN1_INTEGER *sn = X509_get0_serialNumber(x);
	BIGNUM	   *bn = sn ? ASN1_INTEGER_to_BN(sn, NULL) : NULL;
	EVP_PKEY   *pk = X509_get0_pubkey(x);
	int			nid;
	int			crit = -1;
	BASIC_CONSTRAINTS *bc;
	const ASN1_OCTET_STRING *ski,
			   *aki;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char		txt[128];

	memset(info, 0, sizeof(*info));
	info->subject = name_str(X509_get_subject_name(x));
	info->issuer = name_str(X509_get_issuer_name(x));
	if (bn)
	{
		char	   *h = BN_bn2hex(bn);

		info->serial = dup_str(h);
		OPENSSL_free(h);
		BN_free(bn);
	}
	else
		info->serial = strdup("");
	info->not_before = asn1_time_unix(X509_get0_notBefore(x));
	info->not_after = asn1_time_unix(X509_get0_notAfter(x));

	if (pk)
	{
		nid = EVP_PKEY_get_base_id(pk);
		info->key_algorithm = dup_str(nid != NID_undef && OBJ_nid2sn(nid) ?
									  OBJ_nid2sn(nid) : EVP_PKEY_get0_type_name(pk));
		info->key_bits = EVP_PKEY_get_bits(pk);
	}
	else
	{
		ASN1_OBJECT *alg = NULL;
		X509_PUBKEY *xpk = X509_get_X509_PUBKEY(x);

		ERR_clear_error();
		if (xpk && X509_PUBKEY_get0_param(&alg, NULL, NULL, NULL, xpk) && alg &&
			OBJ_obj2txt(txt, sizeof(txt), alg, 0) > 0)
			info->key_algorithm = strdup(txt);
		else
			info->key_algorithm = strdup("unknown");
		info->key_bits = 0;
	}
	if (info->key_algorithm == NULL)
		info->key_algorithm = strdup("unknown");

	nid = X509_get_signature_nid(x);
	if (nid != NID_undef && OBJ_nid2ln(nid))
		info->signature_algorithm = strdup(OBJ_nid2ln(nid));
	else
	{
		const X509_ALGOR *sa = NULL;
		const ASN1_OBJECT *o = NULL;

		X509_get0_signature(NULL, &sa, x);
		if (sa)
			X509_ALGOR_get0(&o, NULL, NULL, sa);
		if (o && OBJ_obj2txt(txt, sizeof(txt), o, 1) > 0)
			info->signature_algorithm = strdup(txt);
		else
			info->signature_algorithm = strdup("unknown");
	}

	info->key_usage = key_usage_str(x);
	info->extended_key_usage = eku_str(x);

	info->is_ca = -1;
	info->path_len = -1;
	bc = X509_get_ext_d2i(x, NID_basic_constraints, &crit, NULL);
	if (bc)
	{
		info->is_ca = bc->ca ? 1 : 0;
		if (bc->pathlen)
		{
			long		pl = ASN1_INTEGER_get(bc->pathlen);

			info->path_len = pl >= 0 && pl <= 10000 ? (int) pl : -1;
		}
		BASIC_CONSTRAINTS_free(bc);
	}
	ski = X509_get0_subject_key_id(x);
	if (ski)
		info->ski = hex_str(ASN1_STRING_get0_data(ski), ASN1_STRING_length(ski));
	aki = X509_get0_authority_key_id(x);
	if (aki)
		info->aki = hex_str(ASN1_STRING_get0_data(aki), ASN1_STRING_length(aki));
	if (X509_digest(x, EVP_sha256(), md, &mdlen))
		info->sha256 = hex_str(md, mdlen);
	info->self_issued = X509_NAME_cmp(X509_get_subject_name(x),
									  X509_get_issuer_name(x)) == 0;
	ERR_clear_error();
	return info->subject && info->issuer && info->serial && info->key_algorithm &&
		info->signature_algorithm && info->sha256;
}

/* Release the strings of *info. */
void
x509v_cert_info_free(X509vCertInfo *info)
{
	free(info->subject);
	free(info->issuer);
	free(info->serial);
	free(info->key_algorithm);
	free(info->signature_algorithm);
	free(info->key_usage);
	free(info->extended_key_usage);
	free(info->ski);
	free(info->aki);
	free(info->sha256);
	memset(info, 0, sizeof(*info));
}

/* Fill *info for a CRL. */
bool
x509v_crl_info(X509_CRL *crl, X509vCrlInfo *info)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	const ASN1_TIME *nu = X509_CRL_get0_nextUpdate(crl);
	STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(crl);

	memset(info, 0, sizeof(*info));
	info->issuer = name_str(X509_CRL_get_issuer(crl));
	info->this_update = asn1_time_unix(X509_CRL_get0_lastUpdate(crl));
	info->has_next_update = nu != NULL;
	info->next_update = nu ? asn1_time_unix(nu) : 0;
	info->revoked_count = rev ? sk_X509_REVOKED_num(rev) : 0;
	if (X509_CRL_digest(crl, EVP_sha256(), md, &mdlen))
		info->sha256 = hex_str(md, mdlen);
	ERR_clear_error();
	return info->issuer && info->sha256;
}

/* Release the strings of *info. */
void
x509v_crl_info_free(X509vCrlInfo *info)
{
	free(info->issuer);
	free(info->sha256);
	memset(info, 0, sizeof(*info));
}

/* ---- the store ---------------------------------------------------------- */

/* An empty store. */
X509vStore *
x509v_store_new(void)
{
	X509vStore *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->store = X509_STORE_new();
	st->pool = sk_X509_new_null();
	st->crls = sk_X509_CRL_new_null();
	if (st->store == NULL || st->pool == NULL || st->crls == NULL)
	{
		x509v_store_free(st);
		return NULL;
	}
	return st;
}

/* Add one anchor, intermediate or CRL. */
bool
x509v_store_add(X509vStore *st, X509vKind kind, const uint8_t *buf, size_t len,
				ParseError *err)
{
	if (kind == X509V_CRL)
	{
		X509_CRL   *crl = x509v_load_crl(buf, len, err);

		if (crl == NULL)
			return false;
		if (!sk_X509_CRL_push(st->crls, crl))
		{
			X509_CRL_free(crl);
			return parse_error_set(err, CRL_HINT, "Out of memory.");
		}
	}
	else
	{
		X509	   *x = x509v_load_cert(buf, len, err);

		if (x == NULL)
			return false;
		if (kind == X509V_ANCHOR)
		{
			X509_STORE_add_cert(st->store, x);	/* duplicates are ignored */
			X509_free(x);
		}
		else if (!sk_X509_push(st->pool, x))
		{
			X509_free(x);
			return parse_error_set(err, CERT_HINT, "Out of memory.");
		}
	}
	ERR_clear_error();
	st->count[kind]++;
	return true;
}

/* How many objects of a kind were added. */
int
x509v_store_count(const X509vStore *st, X509vKind kind)
{
	return st->count[kind];
}

/* Free a store and everything in it. */
void
x509v_store_free(X509vStore *st)
{
	if (st == NULL)
		return;
	X509_STORE_free(st->store);
	sk_X509_pop_free(st->pool, X509_free);
	sk_X509_CRL_pop_free(st->crls, X509_CRL_free);
	free(st);
}

/* ---- names -------------------------------------------------------------- */

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

/* Append a message to a list unless it is already there or the list is full. */
static void
add_message(char **list, int *n, const char *msg)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(list[i], msg) == 0)
			return;
	if (*n < X509V_MAX_MESSAGES)
	{
		char	   *s = strdup(msg);

		if (s)
			list[(*n)++] = s;
	}
}

/* "depth N (subject): what" for a certificate of the chain. */
static void
describe(char *buf, size_t size, int depth, X509 *cert, const char *what)
{
	char	   *subj = cert ? name_str(X509_get_subject_name(cert)) : NULL;

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
		out->revocation_time = asn1_time_unix(X509_REVOKED_get0_revocationDate(rev));
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
			add_message(vs->out->warnings, &vs->out->n_warnings, msg);
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
	add_message(vs->out->errors, &vs->out->n_errors, msg);
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
				add_message(vs->out->errors, &vs->out->n_errors, msg);
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
			add_message(vs->out->errors, &vs->out->n_errors, msg);
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
				add_message(vs->out->errors, &vs->out->n_errors, msg);
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
			add_message(out->warnings, &out->n_warnings,
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
			add_message(out->errors, &out->n_errors,
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
				out->chain[i] = name_str(X509_get_subject_name(sk_X509_value(chain, i)));
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
				add_message(out->errors, &out->n_errors, msg);
			}
			else
				add_message(out->warnings, &out->n_warnings, msg);
		}
		else
		{
			vs.found |= 1u << X509V_SUB_REVOKED;
			add_message(out->errors, &out->n_errors,
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

/* The verdict for an unreadable certificate. */
void
x509v_verdict_malformed(X509vVerdict *out, const ParseError *err)
{
	memset(out, 0, sizeof(*out));
	out->sub = X509V_SUB_FORMAT_FAILURE;
	out->indication = X509V_TOTAL_FAILED;
	out->revocation_status = "not_checked";
	add_message(out->errors, &out->n_errors, err->detail);
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
