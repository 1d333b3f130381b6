/*
 * cms_read.h
 *	  Reading a CMS ContentInfo (RFC 5652) with its embedded certificates
 *	  taken from a per-process cache of parsed certificates.
 *
 * Why: with OpenSSL 3.0, decoding a certificate's public key goes through
 * the provider decoders, which cost about 0.15 ms per certificate; a signed
 * PDF carries its signer's chain in the CMS, the same two or three
 * certificates for every document a signer signs, and decoding them again
 * each time was a third of the cost of verifying a 100 KB PDF.
 *
 * cmsr_read reads the ContentInfo and the SignedData with OpenSSL's ASN.1
 * templates (a shell whose fields are ANY, so no key is decoded), looks up
 * every certificate of the certificates field by its exact DER in a small
 * cache (parsing it with d2i_X509 when absent), and hands OpenSSL's CMS
 * reader the same SignedData without that field.  The CMS it returns is
 * what d2i_CMS_ContentInfo would return, minus the certificates, which come
 * back in their own stack in their order.  Anything the shell cannot take
 * as is (not signedData, a certificate choice other than a plain
 * certificate, one that does not parse, BER the shell rejects) goes the
 * plain way: d2i_CMS_ContentInfo over the input and CMS_get1_certs, so the
 * errors and the verdicts are exactly those of OpenSSL's reader.
 *
 *	  CMS_ContentInfo *cms;
 *	  STACK_OF(X509) *certs;              -- may be NULL: no certificates
 *	  char why[300];
 *
 *	  if (!cmsr_read(buf, len, allow_padding, &cms, &certs, why, sizeof(why)))
 *		  ... malformed: why ...
 *	  ...
 *	  sk_X509_pop_free(certs, X509_free);
 *	  CMS_ContentInfo_free(cms);
 *
 * The cache holds CMSR_CACHE_SIZE certificates of at most CMSR_CACHE_MAX_DER
 * bytes each, replaced round-robin; an X509 from it is shared (its reference
 * count raised), and nothing here changes one.  It is per process and not
 * thread-safe: a PostgreSQL backend, a test or a fuzzer is one thread.  No
 * PostgreSQL header is included.
 */
#ifndef DOSSIER_CMS_READ_H
#define DOSSIER_CMS_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/cms.h>
#include <openssl/x509.h>

/* Certificates the cache holds, and the largest it keeps (bytes of DER). */
#define CMSR_CACHE_SIZE 64
#define CMSR_CACHE_MAX_DER (16 * 1024)

/*
 * Read one ContentInfo from buf.  Trailing zero bytes are accepted when
 * allow_padding (a PDF /Contents is padded), anything else after it is an
 * error.  On success *cms is set and *certs holds the embedded certificates
 * (NULL when there are none); on failure both are NULL and why says what is
 * wrong.
 */
extern bool cmsr_read(const uint8_t *buf, size_t len, bool allow_padding,
					  CMS_ContentInfo **cms, STACK_OF(X509) **certs,
					  char *why, size_t size);

/* Counters of the certificate cache, for tests. */
typedef struct CmsrStats
{
	uint64_t	hits;			/* certificates found in the cache */
	uint64_t	misses;			/* certificates parsed with d2i_X509 */
	uint64_t	plain_reads;	/* inputs read the plain way */
} CmsrStats;

extern CmsrStats cmsr_stats(void);

/* Empty the cache (tests; memory is otherwise bounded by its size). */
extern void cmsr_cache_reset(void);

#endif							/* DOSSIER_CMS_READ_H */
