/*
 * cms_read.c
 *	  Reading a CMS ContentInfo with its embedded certificates taken from a
 *	  per-process cache of parsed certificates (see cms_read.h for why).
 *
 * All decoding and encoding is OpenSSL's: the shell below is two ASN.1
 * templates (asn1t.h) whose fields OpenSSL's template decoder reads, with
 * ANY where the content is left as it is; certificates are read with
 * d2i_X509 and the CMS with d2i_CMS_ContentInfo.
 */
#include "core/cms/cms_read.h"
#include "core/trust/x509_util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/objects.h>

/* ---- the shell: ContentInfo and SignedData with ANY inside ------------- */

/* RFC 5652 5.1 ContentInfo: contentType, [0] EXPLICIT content */
typedef struct CMSR_CONTENT_INFO
{
	ASN1_OBJECT *type;
	ASN1_TYPE  *content;
} CMSR_CONTENT_INFO;

ASN1_SEQUENCE(CMSR_CONTENT_INFO) = {
	ASN1_SIMPLE(CMSR_CONTENT_INFO, type, ASN1_OBJECT),
	ASN1_EXP_OPT(CMSR_CONTENT_INFO, content, ASN1_ANY, 0)
} static_ASN1_SEQUENCE_END(CMSR_CONTENT_INFO)

/*
 * RFC 5652 5.1 SignedData, every field but the version left encoded; the
 * certificates [0] and crls [1] are IMPLICIT SETs of choices.
 */
typedef struct CMSR_SIGNED_DATA
{
	ASN1_INTEGER *version;
	STACK_OF(ASN1_TYPE) *digest_algorithms;
	ASN1_TYPE  *encap_content_info;
	STACK_OF(ASN1_TYPE) *certificates;
	STACK_OF(ASN1_TYPE) *crls;
	STACK_OF(ASN1_TYPE) *signer_infos;
} CMSR_SIGNED_DATA;

ASN1_SEQUENCE(CMSR_SIGNED_DATA) = {
	ASN1_SIMPLE(CMSR_SIGNED_DATA, version, ASN1_INTEGER),
	ASN1_SET_OF(CMSR_SIGNED_DATA, digest_algorithms, ASN1_ANY),
	ASN1_SIMPLE(CMSR_SIGNED_DATA, encap_content_info, ASN1_ANY),
	ASN1_IMP_SET_OF_OPT(CMSR_SIGNED_DATA, certificates, ASN1_ANY, 0),
	ASN1_IMP_SET_OF_OPT(CMSR_SIGNED_DATA, crls, ASN1_ANY, 1),
	ASN1_SET_OF(CMSR_SIGNED_DATA, signer_infos, ASN1_ANY)
} static_ASN1_SEQUENCE_END(CMSR_SIGNED_DATA)

/* ---- the certificate cache ---------------------------------------------- */

typedef struct CacheEntry
{
	uint8_t    *der;			/* NULL when the slot is free */
	size_t		len;
	uint64_t	key;
	X509	   *x;
} CacheEntry;

static CacheEntry cache[CMSR_CACHE_SIZE];
static int	cache_next;			/* the slot replaced next */
static CmsrStats stats;

/*
 * A lookup key: FNV-1a over the length and the last 64 bytes, which are
 * the certificate's signature and differ between any two certificates; the
 * whole DER is compared on a match, so a collision only costs a memcmp.
 */
static uint64_t
der_key(const uint8_t *der, size_t len)
{
	uint64_t	h = UINT64_C(14695981039346656037) ^ (uint64_t) len;
	size_t		from = len > 64 ? len - 64 : 0;

	for (size_t i = from; i < len; i++)
		h = (h ^ der[i]) * UINT64_C(1099511628211);
	return h;
}

/* Parse one certificate that must fill der exactly; NULL if not one. */
static X509 *
parse_cert(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509	   *x = d2i_X509(NULL, &p, (long) len);

	if (x != NULL && p != der + len)
	{
		X509_free(x);
		x = NULL;
	}
	return x;
}

/* The certificate of this DER, shared from the cache (reference raised). */
static X509 *
cached_cert(const uint8_t *der, size_t len)
{
	uint64_t	key = der_key(der, len);
	CacheEntry *e;
	X509	   *x;

	for (int i = 0; i < CMSR_CACHE_SIZE; i++)
	{
		e = &cache[i];
		if (e->der != NULL && e->key == key && e->len == len &&
			memcmp(e->der, der, len) == 0)
		{
			stats.hits++;
			X509_up_ref(e->x);
			return e->x;
		}
	}
	stats.misses++;
	x = parse_cert(der, len);
	if (x == NULL || len > CMSR_CACHE_MAX_DER)
		return x;

	/* keep it, replacing the oldest slot */
	assert(cache_next >= 0 && cache_next < CMSR_CACHE_SIZE);
	e = &cache[cache_next];
	{
		uint8_t    *copy = malloc(len);

		if (copy == NULL)
			return x;			/* not cached; still usable */
		free(e->der);
		X509_free(e->x);
		memcpy(copy, der, len);
		e->der = copy;
		e->len = len;
		e->key = key;
		e->x = x;
		X509_up_ref(x);
	}
	cache_next = (cache_next + 1) % CMSR_CACHE_SIZE;
	return x;
}

/* The cache's counters since the process started. */
CmsrStats
cmsr_stats(void)
{
	return stats;
}

/* Empty the certificate cache (tests). */
void
cmsr_cache_reset(void)
{
	for (int i = 0; i < CMSR_CACHE_SIZE; i++)
	{
		free(cache[i].der);
		X509_free(cache[i].x);
		memset(&cache[i], 0, sizeof(cache[i]));
	}
	cache_next = 0;
	memset(&stats, 0, sizeof(stats));
}

/* ---- reading ------------------------------------------------------------ */

/* True when only allowed bytes follow the ContentInfo ending at end. */
static bool
check_end(const uint8_t *buf, size_t len, const uint8_t *end, bool allow_padding,
		  char *why, size_t size)
{
	bool		zeros = allow_padding;

	if (end == buf + len)
		return true;
	for (const uint8_t *q = end; zeros && q < buf + len; q++)
		zeros = *q == 0;
	if (!zeros)
		snprintf(why, size, "the CMS structure ends at byte %zu, but the input has %zu bytes",
				 (size_t) (end - buf), len);
	return zeros;
}

/* The plain way: OpenSSL's CMS reader over the input, its certificates. */
static bool
read_plain(const uint8_t *buf, size_t len, bool allow_padding,
		   CMS_ContentInfo **cms_out, STACK_OF(X509) **certs_out, char *why, size_t size)
{
	const unsigned char *p = buf;
	CMS_ContentInfo *cms;

	stats.plain_reads++;
	ERR_clear_error();
	cms = d2i_CMS_ContentInfo(NULL, &p, (long) len);
	if (cms == NULL)
	{
		snprintf(why, size, "the signature is not a DER or BER CMS ContentInfo (%s)",
				 x509u_ossl_reason("not DER or BER"));
		return false;
	}
	if (!check_end(buf, len, p, allow_padding, why, size))
	{
		CMS_ContentInfo_free(cms);
		return false;
	}
	*cms_out = cms;
	*certs_out = CMS_get1_certs(cms);
	ERR_clear_error();
	return true;
}

/*
 * The shell way: the certificates from the cache, the CMS read from the
 * SignedData without them.  False when the shell cannot be used (the
 * caller then reads the plain way), never for an error of the input.
 */
static bool
read_shell(CMSR_CONTENT_INFO *ci, CMS_ContentInfo **cms_out, STACK_OF(X509) **certs_out)
{
	const unsigned char *p;
	CMSR_SIGNED_DATA *sd = NULL;
	STACK_OF(X509) *certs = NULL;
	unsigned char *sd_der = NULL;
	unsigned char *ci_der = NULL;
	CMS_ContentInfo *cms = NULL;
	int			n,
				sd_len,
				ci_len;
	ASN1_STRING *seq;

	if (OBJ_obj2nid(ci->type) != NID_pkcs7_signed || ci->content == NULL ||
		ci->content->type != V_ASN1_SEQUENCE)
		return false;
	seq = ci->content->value.sequence;
	p = ASN1_STRING_get0_data(seq);
	sd = (CMSR_SIGNED_DATA *) ASN1_item_d2i(NULL, &p, ASN1_STRING_length(seq),
											ASN1_ITEM_rptr(CMSR_SIGNED_DATA));
	if (sd == NULL || p != ASN1_STRING_get0_data(seq) + ASN1_STRING_length(seq))
		goto fail;
	n = sd->certificates ? sk_ASN1_TYPE_num(sd->certificates) : 0;
	if (n <= 0)
		goto fail;				/* nothing to save */
	certs = sk_X509_new_reserve(NULL, n);
	if (certs == NULL)
		goto fail;
	for (int i = 0; i < n; i++)
	{
		ASN1_TYPE  *t = sk_ASN1_TYPE_value(sd->certificates, i);
		X509	   *x;

		/* a plain certificate is a SEQUENCE; other choices go the plain way */
		if (t->type != V_ASN1_SEQUENCE)
			goto fail;
		x = cached_cert(ASN1_STRING_get0_data(t->value.sequence),
						(size_t) ASN1_STRING_length(t->value.sequence));
		if (x == NULL)
			goto fail;
		sk_X509_push(certs, x);
	}

	/* the same SignedData without its certificates, in the same ContentInfo */
	sk_ASN1_TYPE_pop_free(sd->certificates, ASN1_TYPE_free);
	sd->certificates = NULL;
	sd_len = ASN1_item_i2d((ASN1_VALUE *) sd, &sd_der, ASN1_ITEM_rptr(CMSR_SIGNED_DATA));
	if (sd_len <= 0 || !ASN1_STRING_set(seq, sd_der, sd_len))
		goto fail;
	ci_len = ASN1_item_i2d((ASN1_VALUE *) ci, &ci_der, ASN1_ITEM_rptr(CMSR_CONTENT_INFO));
	if (ci_len <= 0)
		goto fail;
	p = ci_der;
	cms = d2i_CMS_ContentInfo(NULL, &p, ci_len);
	if (cms == NULL || p != ci_der + ci_len)
		goto fail;

	OPENSSL_free(sd_der);
	OPENSSL_free(ci_der);
	ASN1_item_free((ASN1_VALUE *) sd, ASN1_ITEM_rptr(CMSR_SIGNED_DATA));
	*cms_out = cms;
	*certs_out = certs;
	return true;

fail:
	CMS_ContentInfo_free(cms);
	OPENSSL_free(sd_der);
	OPENSSL_free(ci_der);
	sk_X509_pop_free(certs, X509_free);
	ASN1_item_free((ASN1_VALUE *) sd, ASN1_ITEM_rptr(CMSR_SIGNED_DATA));
	ERR_clear_error();
	return false;
}

/* Read one ContentInfo and its certificates; see cms_read.h. */
bool
cmsr_read(const uint8_t *buf, size_t len, bool allow_padding,
		  CMS_ContentInfo **cms_out, STACK_OF(X509) **certs_out,
		  char *why, size_t size)
{
	const unsigned char *p = buf;
	CMSR_CONTENT_INFO *ci;
	bool		done = false;

	*cms_out = NULL;
	*certs_out = NULL;
	ERR_clear_error();
	if (len > (size_t) INT32_MAX)
	{
		snprintf(why, size, "the signature has %zu bytes, too many to read", len);
		return false;
	}
	ci = (CMSR_CONTENT_INFO *) ASN1_item_d2i(NULL, &p, (long) len,
											 ASN1_ITEM_rptr(CMSR_CONTENT_INFO));
	if (ci != NULL)
	{
		/* trailing bytes: the plain way says what is wrong, in its words */
		if (check_end(buf, len, p, allow_padding, why, size))
			done = read_shell(ci, cms_out, certs_out);
		ASN1_item_free((ASN1_VALUE *) ci, ASN1_ITEM_rptr(CMSR_CONTENT_INFO));
	}
	ERR_clear_error();
	if (done)
		return true;
	return read_plain(buf, len, allow_padding, cms_out, certs_out, why, size);
}
