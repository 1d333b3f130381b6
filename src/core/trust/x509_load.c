/*
 * x509_load.c
 *	  Reading certificates and CRLs from PEM or DER, writing them back as
 *	  DER, and inspecting them (the fields inspect_certificate shows).
 *
 * See x509_verify.h.  Every OpenSSL object made here is freed here, on every
 * path; strings handed to the caller are malloc'd copies.
 */
#include "core/trust/x509_verify.h"
#include "core/trust/x509_util.h"

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

/* ---- small helpers ------------------------------------------------------ */

/* strdup that tolerates NULL. */
static char *
dup_str(const char *s)
{
	return s ? strdup(s) : NULL;
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

/*
 * Read one certificate or, when is_crl, one CRL, PEM or DER; NULL and *err
 * filled when unreadable.  The two differ only in OpenSSL's typed readers.
 */
static void *
load_pem_or_der(bool is_crl, const uint8_t *buf, size_t len, ParseError *err)
{
	const char *what = is_crl ? "CRL" : "certificate";
	const char *hint = is_crl ? CRL_HINT : CERT_HINT;
	void	   *obj = NULL;
	char		fallback[40];

	ERR_clear_error();
	if (!check_size(len, what, hint, err))
		return NULL;
	if (looks_like_pem(buf, len))
	{
		BIO		   *b = BIO_new_mem_buf(buf, (int) len);

		if (b)
		{
			obj = is_crl ? (void *) PEM_read_bio_X509_CRL(b, NULL, NULL, NULL) :
				(void *) PEM_read_bio_X509(b, NULL, NULL, NULL);
			BIO_free(b);
		}
		if (obj == NULL)
		{
			snprintf(fallback, sizeof(fallback), "no %s block", what);
			parse_error_set(err, hint, "The PEM input holds no readable %s (%s).",
							what, x509u_ossl_reason(fallback));
		}
	}
	else
	{
		const unsigned char *p = buf;

		obj = is_crl ? (void *) d2i_X509_CRL(NULL, &p, (long) len) :
			(void *) d2i_X509(NULL, &p, (long) len);
		if (obj == NULL)
			parse_error_set(err, hint, "The input is not a DER-encoded %s (%s).",
							what, x509u_ossl_reason("not DER"));
		else if (p != buf + len)
		{
			parse_error_set(err, hint,
							"The DER %s ends at byte %zu, but the input has %zu bytes.",
							what, (size_t) (p - buf), len);
			if (is_crl)
				X509_CRL_free(obj);
			else
				X509_free(obj);
			obj = NULL;
		}
	}
	ERR_clear_error();
	return obj;
}

/* Read one certificate, PEM or DER. */
X509 *
x509v_load_cert(const uint8_t *buf, size_t len, ParseError *err)
{
	return load_pem_or_der(false, buf, len, err);
}

/* Read one CRL, PEM or DER. */
X509_CRL *
x509v_load_crl(const uint8_t *buf, size_t len, ParseError *err)
{
	return load_pem_or_der(true, buf, len, err);
}

/* DER of a certificate, malloc'd. */
uint8_t *
x509v_cert_der(X509 *x, size_t *len)
{
	unsigned char *der = NULL;
	int			n = i2d_X509(x, &der);

	return x509u_der_copy(der, n, len);
}

/* DER of a CRL, malloc'd. */
uint8_t *
x509v_crl_der(X509_CRL *crl, size_t *len)
{
	unsigned char *der = NULL;
	int			n = i2d_X509_CRL(crl, &der);

	return x509u_der_copy(der, n, len);
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
	info->subject = x509u_name_str(X509_get_subject_name(x));
	info->issuer = x509u_name_str(X509_get_issuer_name(x));
	info->serial = x509u_serial_hex(X509_get0_serialNumber(x));
	info->not_before = x509u_asn1_time_unix(X509_get0_notBefore(x));
	info->not_after = x509u_asn1_time_unix(X509_get0_notAfter(x));

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
		info->ski = x509u_hex(ASN1_STRING_get0_data(ski), ASN1_STRING_length(ski));
	aki = X509_get0_authority_key_id(x);
	if (aki)
		info->aki = x509u_hex(ASN1_STRING_get0_data(aki), ASN1_STRING_length(aki));
	if (X509_digest(x, EVP_sha256(), md, &mdlen))
		info->sha256 = x509u_hex(md, mdlen);
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
	info->issuer = x509u_name_str(X509_CRL_get_issuer(crl));
	info->this_update = x509u_asn1_time_unix(X509_CRL_get0_lastUpdate(crl));
	info->has_next_update = nu != NULL;
	info->next_update = nu ? x509u_asn1_time_unix(nu) : 0;
	info->revoked_count = rev ? sk_X509_REVOKED_num(rev) : 0;
	if (X509_CRL_digest(crl, EVP_sha256(), md, &mdlen))
		info->sha256 = x509u_hex(md, mdlen);
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
