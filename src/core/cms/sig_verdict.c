/*
 * sig_verdict.c
 *	  The signature verdict: findings, the fixed precedence, the names.
 *
 * See sig_verdict.h.  Nothing here parses anything: verifiers record what
 * they found and sigv_finish derives the verdict word, indication and
 * sub-indication, always the same way.
 */
#include "core/cms/sig_verdict.h"
#include "core/cms/sig_text.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Names of the verdict words, indexed by SigWord. */
static const char *const word_names[SIGW_COUNT] = {
	[SIGW_TAMPERED] = "tampered",
	[SIGW_ATTACK] = "attack",
	[SIGW_MALFORMED] = "malformed",
	[SIGW_REVOKED] = "revoked",
	[SIGW_EXPIRED] = "expired",
	[SIGW_UNTRUSTED] = "untrusted",
	[SIGW_INDETERMINATE] = "indeterminate",
	[SIGW_VALID] = "valid",
};

/* Names of the sub-indications, indexed by SigSub. */
static const char *const sub_names[SIGS_COUNT] = {
	[SIGS_NONE] = NULL,
	[SIGS_FORMAT_FAILURE] = "FORMAT_FAILURE",
	[SIGS_HASH_FAILURE] = "HASH_FAILURE",
	[SIGS_SIG_CRYPTO_FAILURE] = "SIG_CRYPTO_FAILURE",
	[SIGS_SIG_CONSTRAINTS_FAILURE] = "SIG_CONSTRAINTS_FAILURE",
	[SIGS_REVOKED] = "REVOKED",
	[SIGS_EXPIRED] = "EXPIRED",
	[SIGS_NOT_YET_VALID] = "NOT_YET_VALID",
	[SIGS_NO_SIGNING_CERTIFICATE_FOUND] = "NO_SIGNING_CERTIFICATE_FOUND",
	[SIGS_NO_CERTIFICATE_CHAIN_FOUND] = "NO_CERTIFICATE_CHAIN_FOUND",
	[SIGS_CHAIN_CONSTRAINTS_FAILURE] = "CHAIN_CONSTRAINTS_FAILURE",
	[SIGS_CRYPTO_CONSTRAINTS_FAILURE] = "CRYPTO_CONSTRAINTS_FAILURE",
	[SIGS_CERTIFICATE_CHAIN_GENERAL_FAILURE] = "CERTIFICATE_CHAIN_GENERAL_FAILURE",
	[SIGS_TRY_LATER] = "TRY_LATER",
};

/* Append a message to a list unless it is already there or the list is full. */
static void
add_message(char **list, int *n, const char *msg)
{
	char	   *s;

	assert(list != NULL && *n >= 0 && *n <= SIGV_MAX_MESSAGES);
	if (msg == NULL)
		return;
	for (int i = 0; i < *n; i++)
		if (strcmp(list[i], msg) == 0)
			return;
	/* always text: a name or a certificate's string may not be UTF-8 */
	if (*n < SIGV_MAX_MESSAGES && (s = sigt_utf8_escape(msg, strlen(msg))) != NULL)
		list[(*n)++] = s;
}

/* Start a verdict. */
void
sigv_init(SigVerdict *v, int64_t at)
{
	memset(v, 0, sizeof(*v));
	v->digest_matches = SIGV_UNKNOWN;
	v->signature_value_ok = SIGV_UNKNOWN;
	v->key_usage_ok = SIGV_UNKNOWN;
	v->revocation_status = "not_checked";
	v->validation_time = at;
	v->word = SIGW_VALID;
	v->indication = SIGI_TOTAL_PASSED;
	v->sub = SIGS_NONE;
}

/* Record a finding. */
void
sigv_add_finding(SigVerdict *v, SigWord word, SigSub sub, const char *msg)
{
	if (word < 0 || word >= SIGW_VALID)
		return;					/* "valid" is the absence of findings */
	if (sub < 0 || sub >= SIGS_COUNT)
		sub = SIGS_NONE;
	assert(v->n_findings >= 0 && v->n_findings <= SIGV_MAX_FINDINGS);
	if (v->n_findings < SIGV_MAX_FINDINGS)
	{
		v->findings[v->n_findings].word = word;
		v->findings[v->n_findings].sub = sub;
		v->n_findings++;
	}
	else
	{
		/* full: keep the list's best entry so the precedence still holds */
		for (int i = 0; i < v->n_findings; i++)
			if (word < v->findings[i].word)
			{
				v->findings[i].word = word;
				v->findings[i].sub = sub;
				break;
			}
	}
	add_message(v->errors, &v->n_errors, msg);
}

/* Record a warning. */
void
sigv_add_warning(SigVerdict *v, const char *msg)
{
	add_message(v->warnings, &v->n_warnings, msg);
}

/* Copy a PDF verifier's structural findings in. */
void
sigv_apply_structure(SigVerdict *v, const SigStructure *s)
{
	if (s == NULL)
		return;
	v->has_structure = true;
	v->structure = *s;
	v->structure.attack_reason = NULL;	/* not owned; kept in errors below */
	v->structure.malformed_reason = NULL;
	if (v->structure.n_byte_range < 0)
		v->structure.n_byte_range = 0;
	if (v->structure.n_byte_range > SIGV_MAX_BYTE_RANGE)
		v->structure.n_byte_range = SIGV_MAX_BYTE_RANGE;
	if (s->attack)
		sigv_add_finding(v, SIGW_ATTACK, SIGS_SIG_CONSTRAINTS_FAILURE,
						 s->attack_reason ? s->attack_reason :
						 "the signature does not cover what the document shows");
	if (s->malformed)
		sigv_add_finding(v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 s->malformed_reason ? s->malformed_reason :
						 "the signature's structure breaks the format");
}

/* The word that wins between two. */
SigWord
sigv_worse(SigWord a, SigWord b)
{
	return a < b ? a : b;
}

/* The indication a finding implies (EN 319 102-1 table 5 and the house rules). */
SigIndication
sigv_indication_of(SigWord w, SigSub s)
{
	switch (w)
	{
		case SIGW_VALID:
			return SIGI_TOTAL_PASSED;
		case SIGW_MALFORMED:
		case SIGW_TAMPERED:
		case SIGW_ATTACK:
		case SIGW_REVOKED:
		case SIGW_EXPIRED:
			return SIGI_TOTAL_FAILED;
		case SIGW_UNTRUSTED:
			/* a certificate of the chain whose signature does not verify */
			return s == SIGS_SIG_CRYPTO_FAILURE ? SIGI_TOTAL_FAILED : SIGI_INDETERMINATE;
		default:
			return SIGI_INDETERMINATE;
	}
}

/*
 * Make every string of v valid UTF-8 (sig_text.h): the names of
 * certificates come from the signature, whatever their encoding.
 */
static void
make_text(SigVerdict *v)
{
	sigt_utf8_fix(&v->signer_subject);
	sigt_utf8_fix(&v->signer_issuer);
	sigt_utf8_fix(&v->signer_serial);
	sigt_utf8_fix(&v->anchor);
	sigt_utf8_fix(&v->timestamp_authority);
	/* an entry lost to a failed allocation leaves the chain */
	for (int i = 0, k = 0, n = v->n_chain; i < n; i++)
	{
		if (sigt_utf8_fix(&v->chain[i]) && v->chain[i] != NULL)
			v->chain[k++] = v->chain[i];
		else
			v->n_chain--;
	}
}

/* Apply the precedence; every string of v is valid UTF-8 after it. */
void
sigv_finish(SigVerdict *v)
{
	SigWord		best = SIGW_VALID;

	make_text(v);

	for (int i = 0; i < v->n_findings; i++)
		best = sigv_worse(best, v->findings[i].word);
	v->word = best;
	v->sub = SIGS_NONE;
	for (int i = 0; i < v->n_findings; i++)
		if (v->findings[i].word == best)
		{
			v->sub = v->findings[i].sub;
			break;
		}
	v->indication = sigv_indication_of(v->word, v->sub);
}

/* Release the verdict's strings. */
void
sigv_free(SigVerdict *v)
{
	free(v->signer_subject);
	free(v->signer_issuer);
	free(v->signer_serial);
	free(v->signer_certificate);
	for (int i = 0; i < v->n_chain; i++)
		free(v->chain[i]);
	free(v->chain);
	free(v->anchor);
	free(v->timestamp_authority);
	for (int i = 0; i < v->n_warnings; i++)
		free(v->warnings[i]);
	for (int i = 0; i < v->n_errors; i++)
		free(v->errors[i]);
	memset(v, 0, sizeof(*v));
}

/* "malformed", ..., "valid". */
const char *
sigv_word_name(SigWord w)
{
	return w >= 0 && w < SIGW_COUNT ? word_names[w] : "indeterminate";
}

/* "TOTAL_PASSED", "INDETERMINATE" or "TOTAL_FAILED". */
const char *
sigv_indication_name(SigIndication i)
{
	switch (i)
	{
		case SIGI_TOTAL_PASSED:
			return "TOTAL_PASSED";
		case SIGI_TOTAL_FAILED:
			return "TOTAL_FAILED";
		default:
			return "INDETERMINATE";
	}
}

/* Name of a sub-indication; NULL for none. */
const char *
sigv_sub_name(SigSub s)
{
	return s > SIGS_NONE && s < SIGS_COUNT ? sub_names[s] : NULL;
}

/* The dossier.signature_coverage label; NULL for unknown. */
const char *
sigv_coverage_name(SigCoverage c)
{
	switch (c)
	{
		case SIGC_ENTIRE_FILE:
			return "entire_file";
		case SIGC_ENTIRE_REVISION:
			return "entire_revision";
		case SIGC_UNCLEAR:
			return "unclear";
		default:
			return NULL;
	}
}

/* The dossier.modification_level label; NULL for unknown. */
const char *
sigv_modification_name(SigModLevel m)
{
	switch (m)
	{
		case SIGM_NONE:
			return "none";
		case SIGM_SIGNATURES_ONLY:
			return "signatures_only";
		case SIGM_FORM_FILLING:
			return "form_filling";
		case SIGM_ANNOTATIONS:
			return "annotations";
		case SIGM_OTHER:
			return "other";
		default:
			return NULL;
	}
}
