/*
 * sig_verdict.h
 *	  The verdict of one electronic signature (detached CMS today, PDF next):
 *	  integrity, document structure, trust, times, and the one fixed
 *	  precedence that turns every finding into a verdict word, an ETSI
 *	  EN 319 102-1 indication and a sub-indication.
 *
 * A verifier fills a SigVerdict in three steps:
 *
 *	  sigv_init(&v, at);                      -- validation time, all unknown
 *	  ... set the fields it knows, and for every problem it finds:
 *	  sigv_add_finding(&v, SIGW_TAMPERED, SIGS_HASH_FAILURE, "what");
 *	  ... (a PDF verifier also calls sigv_apply_structure)
 *	  sigv_finish(&v);                        -- applies the precedence, makes
 *	                                          -- every string valid UTF-8
 *
 * and releases it with sigv_free.  cms_verify.c does all of this for a CMS
 * signature; a PDF verifier calls cmsv_verify (cms_verify.h) with the bytes
 * its ByteRange covers and its structural findings, and gets a finished
 * verdict.
 *
 * The precedence (docs/reference/cms/signatures.md) is the order of SigWord:
 *
 *	  tampered > attack > malformed > revoked > expired > untrusted >
 *	  indeterminate > valid
 *
 * Every finding carries its word; the verdict word is the first in that
 * order among the findings (valid when there are none), and the indication
 * and sub-indication are those of the first finding (in the order added)
 * with that word.  Verifiers compute every finding the bytes allow, so a
 * format failure never hides a changed content or an attack: tampered
 * (the cryptographic verification FAILED) ranks first, as ETSI EN 319
 * 102-1 5.3.4 step 5 and EU DSS rank a failed cryptographic verification
 * before every result of the certificate validation, and attack (the
 * signed bytes are not what the document shows) next, since both are
 * proof that the document is not what was signed while a format failure
 * is only a reason why it could not be proven.  (EN 319 102-1 stops at a
 * format failure; the findings after it are reported here, and rank above
 * it only when they are proof of a change.)  untrusted and indeterminate
 * share a rank in the corpus manifests; when both apply the verdict says
 * untrusted, since a chain that cannot be trusted does not become
 * trustworthy by asking again later.
 *
 * Plain C with OpenSSL types nowhere: strings are malloc'd UTF-8 and belong
 * to the verdict.  No PostgreSQL header is included.
 */
#ifndef DOSSIER_SIG_VERDICT_H
#define DOSSIER_SIG_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Verdict words, in precedence order: the first that applies wins. */
typedef enum SigWord
{
	SIGW_TAMPERED = 0,			/* the signed bytes or the signature value do not verify */
	SIGW_ATTACK,				/* coverage or later changes illegitimate */
	SIGW_MALFORMED,				/* the signature cannot be read or breaks the format */
	SIGW_REVOKED,				/* the signer's chain holds a revoked certificate */
	SIGW_EXPIRED,				/* a certificate is outside its validity at validation time */
	SIGW_UNTRUSTED,				/* no trusted chain, constraints or crypto policy fail */
	SIGW_INDETERMINATE,			/* revocation status cannot be established (try later) */
	SIGW_VALID,
	SIGW_COUNT
} SigWord;

/* ETSI EN 319 102-1 main indication. */
typedef enum SigIndication
{
	SIGI_TOTAL_PASSED,
	SIGI_INDETERMINATE,
	SIGI_TOTAL_FAILED
} SigIndication;

/* Sub-indications (EN 319 102-1 clause 5.1.3) a verifier can report. */
typedef enum SigSub
{
	SIGS_NONE = 0,
	SIGS_FORMAT_FAILURE,
	SIGS_HASH_FAILURE,
	SIGS_SIG_CRYPTO_FAILURE,
	SIGS_SIG_CONSTRAINTS_FAILURE,
	SIGS_REVOKED,
	SIGS_EXPIRED,
	SIGS_NOT_YET_VALID,
	SIGS_NO_SIGNING_CERTIFICATE_FOUND,
	SIGS_NO_CERTIFICATE_CHAIN_FOUND,
	SIGS_CHAIN_CONSTRAINTS_FAILURE,
	SIGS_CRYPTO_CONSTRAINTS_FAILURE,
	SIGS_CERTIFICATE_CHAIN_GENERAL_FAILURE,
	SIGS_TRY_LATER,
	SIGS_COUNT
} SigSub;

/* How much of a PDF file a signature covers (NULL for bare CMS). */
typedef enum SigCoverage
{
	SIGC_UNKNOWN = 0,			/* not a PDF signature: SQL NULL */
	SIGC_ENTIRE_FILE,
	SIGC_ENTIRE_REVISION,
	SIGC_UNCLEAR
} SigCoverage;

/* What changed in a PDF after it was signed (NULL for bare CMS). */
typedef enum SigModLevel
{
	SIGM_UNKNOWN = 0,			/* not a PDF signature: SQL NULL */
	SIGM_NONE,
	SIGM_SIGNATURES_ONLY,
	SIGM_FORM_FILLING,
	SIGM_ANNOTATIONS,
	SIGM_OTHER
} SigModLevel;

/*
 * Structural findings of a PDF verifier, handed to sigv_apply_structure.
 * byte_range is the signature dictionary's /ByteRange as read (pairs of
 * offset and length); attack, when set, adds an SIGW_ATTACK finding with
 * attack_reason as its message (e.g. "the signature covers bytes 0-100 of
 * 5000, and the rest changes the displayed content"); malformed, when set,
 * adds a SIGW_MALFORMED FORMAT_FAILURE finding with malformed_reason (the
 * structure breaks the format, but the CMS can still be checked).
 */
#define SIGV_MAX_BYTE_RANGE 16

typedef struct SigStructure
{
	int64_t		byte_range[SIGV_MAX_BYTE_RANGE];
	int			n_byte_range;
	SigCoverage coverage;
	SigModLevel modification_level;
	int			docmdp_permission;	/* 1, 2 or 3; 0 when no DocMDP (SQL NULL) */
	int			docmdp_respected;	/* 1 yes, 0 no, -1 not applicable (NULL) */
	bool		attack;
	const char *attack_reason;
	bool		malformed;
	const char *malformed_reason;
} SigStructure;

#define SIGV_MAX_MESSAGES 32
#define SIGV_MAX_FINDINGS 32

typedef struct SigFinding
{
	SigWord		word;
	SigSub		sub;
} SigFinding;

/* Tri-state for fields SQL shows as boolean or NULL. */
#define SIGV_UNKNOWN (-1)

typedef struct SigVerdict
{
	/* integrity: 1 true, 0 false, SIGV_UNKNOWN when not established */
	int			digest_matches;
	int			signature_value_ok;

	/* PDF structure: has_structure false for bare CMS (all NULL) */
	bool		has_structure;
	SigStructure structure;

	/* trust */
	char	   *signer_subject;	/* RFC 2253 */
	char	   *signer_issuer;
	char	   *signer_serial;	/* upper-case hex */
	uint8_t    *signer_certificate; /* DER */
	size_t		signer_certificate_len;
	char	  **chain;			/* subjects, signer first, anchor last */
	int			n_chain;
	char	   *anchor;
	int			key_usage_ok;	/* 1, 0, SIGV_UNKNOWN */
	const char *certificate_time_status;	/* "valid", "expired",
											 * "not_yet_valid", NULL */
	const char *revocation_status;	/* "good", "revoked", "unknown",
									 * "not_checked" */
	const char *revocation_source;	/* "crl", "ocsp", NULL */
	bool		has_revocation_time;
	int64_t		revocation_time;
	const char *revocation_reason;

	/* times, Unix seconds */
	bool		has_claimed_signing_time;
	int64_t		claimed_signing_time;	/* signingTime attribute: claimed only;
										 * a timestamp token's genTime */
	int64_t		validation_time;

	/*
	 * Signature timestamps (id-aa-signatureTimeStampToken unsigned
	 * attributes, cms_tst.c): timestamp_status is NULL without any, "valid"
	 * when at least one verifies, else "invalid"; timestamp_time is the
	 * genTime of the earliest valid one (the best-signature-time of ETSI
	 * EN 319 102-1 5.5) and timestamp_authority its TSA's subject.  For a
	 * PDF signature, a valid document timestamp of a later revision that
	 * covers it counts as a valid signature timestamp.
	 */
	const char *timestamp_status;
	bool		has_timestamp_time;
	int64_t		timestamp_time;
	char	   *timestamp_authority;	/* RFC 2253 */
	bool		timestamp_is_document;	/* the time is a PDF document
										 * timestamp's (CmsvInput.has_poe) */

	char	   *warnings[SIGV_MAX_MESSAGES];
	int			n_warnings;
	char	   *errors[SIGV_MAX_MESSAGES];
	int			n_errors;

	SigFinding	findings[SIGV_MAX_FINDINGS];
	int			n_findings;

	/* set by sigv_finish */
	SigWord		word;
	SigIndication indication;
	SigSub		sub;
} SigVerdict;

/* Start a verdict: validation time at, everything unknown, no finding. */
extern void sigv_init(SigVerdict *v, int64_t at);

/* Record a finding (msg goes to errors; NULL for none). */
extern void sigv_add_finding(SigVerdict *v, SigWord word, SigSub sub, const char *msg);

/* Record a warning: something that does not change the verdict. */
extern void sigv_add_warning(SigVerdict *v, const char *msg);

/* Copy a PDF verifier's structural findings in (an attack is a finding). */
extern void sigv_apply_structure(SigVerdict *v, const SigStructure *s);

/* Apply the precedence: set word, indication and sub from the findings. */
extern void sigv_finish(SigVerdict *v);

/* The word that wins between two: the precedence as a function. */
extern SigWord sigv_worse(SigWord a, SigWord b);

/* Release the verdict's strings. */
extern void sigv_free(SigVerdict *v);

/* Names: "tampered", "TOTAL_FAILED", "HASH_FAILURE" (NULL for none),
 * "entire_file" and "form_filling" (NULL for unknown). */
extern const char *sigv_word_name(SigWord w);
extern const char *sigv_indication_name(SigIndication i);
extern const char *sigv_sub_name(SigSub s);
extern const char *sigv_coverage_name(SigCoverage c);
extern const char *sigv_modification_name(SigModLevel m);

/* The indication a (word, sub-indication) finding implies. */
extern SigIndication sigv_indication_of(SigWord w, SigSub s);

#endif							/* DOSSIER_SIG_VERDICT_H */
