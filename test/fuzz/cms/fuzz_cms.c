/*
 * fuzz_cms.c
 *	  libFuzzer harness for the detached CMS parse and verify path
 *	  (src/core/cms/cms_verify.c) and the OCSP response reader.
 *
 * The input is the CMS blob; the signed content is fixed.  It is verified
 * against an empty store (so nothing may come out valid: a signature with no
 * anchor is never trusted), with and without padding allowed, as segments
 * and as a precomputed digest; whatever the verdict, it must be finished
 * (a word, an indication that agrees with it, a message for every finding
 * but valid, every string valid UTF-8 whatever the certificates' names
 * hold) and everything is freed, so LeakSanitizer checks the error
 * paths.  Signature timestamps (unsigned attributes of the SignerInfo,
 * cms_tst.c) are verified as tokens over the signature value: none may be
 * valid either.  The same bytes go through the OCSP response reader.  libFuzzer's
 * -rss_limit_mb and -timeout bound memory and time: indefinite-length BER
 * and absurd lengths must be refused, not followed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/cms/cms_verify.h"
#include "core/cms/sig_text.h"

static const char content[] = "dossier fuzz content";

/* Abort unless s is NULL or valid UTF-8 text. */
static void
check_text(const char *s)
{
	if (s != NULL && !sigt_utf8_valid(s, strlen(s)))
		abort();
}

/* Abort unless the verdict is finished and consistent. */
static void
check(const SigVerdict *v)
{
	check_text(v->signer_subject);
	check_text(v->signer_issuer);
	check_text(v->signer_serial);
	for (int i = 0; i < v->n_chain; i++)
		check_text(v->chain[i]);
	for (int i = 0; i < v->n_errors; i++)
		check_text(v->errors[i]);
	for (int i = 0; i < v->n_warnings; i++)
		check_text(v->warnings[i]);
	if (v->word == SIGW_VALID || v->word >= SIGW_COUNT)
		abort();
	if (v->indication != sigv_indication_of(v->word, v->sub))
		abort();
	if (v->n_findings == 0 || v->n_errors == 0)
		abort();
	/* no TSA can be trusted without an anchor either: no proof of existence */
	if (v->has_timestamp_time || v->timestamp_authority != NULL ||
		(v->timestamp_status != NULL && strcmp(v->timestamp_status, "invalid") != 0))
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static X509vStore *empty = NULL;
	CmsvSegment seg[2] = {
		{(const uint8_t *) content, 7},
		{(const uint8_t *) content + 7, sizeof(content) - 8},
	};
	CmsvInput	in;
	SigVerdict	v;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int			nid;

	if (empty == NULL && (empty = x509v_store_new()) == NULL)
		abort();

	memset(&in, 0, sizeof(in));
	in.cms = data;
	in.cms_len = size;
	in.segments = seg;
	in.n_segments = 2;
	in.at = INT64_C(1906502400);	/* 2030-06-01 */
	in.require_revocation = true;
	for (int padding = 0; padding < 2; padding++)
	{
		in.allow_padding = padding;
		if (!cmsv_verify(empty, &in, NULL, &v))
			abort();
		check(&v);
		sigv_free(&v);
	}

	/* as a PDF verifier that digests the bytes itself would */
	nid = cmsv_digest_algorithm(data, size, true);
	if (nid != NID_undef && EVP_get_digestbynid(nid) &&
		EVP_Digest(content, sizeof(content) - 1, md, &mdlen, EVP_get_digestbynid(nid), NULL))
	{
		in.segments = NULL;
		in.n_segments = 0;
		in.digest = md;
		in.digest_len = mdlen;
		in.digest_nid = nid;
		if (!cmsv_verify(empty, &in, NULL, &v))
			abort();
		check(&v);
		sigv_free(&v);
	}

	/* the OCSP reader on the same bytes */
	{
		ParseError	err;
		OCSP_RESPONSE *r = x509v_load_ocsp(data, size, &err);

		if (r == NULL)
		{
			if (err.hint == NULL || strlen(err.detail) == 0)
				abort();
		}
		else
		{
			X509vOcspInfo i;

			if (x509v_ocsp_info(r, &i) && i.n_singles < 0)
				abort();
			x509v_ocsp_info_free(&i);
			OCSP_RESPONSE_free(r);
		}
	}
	return 0;
}
