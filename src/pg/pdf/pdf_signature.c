/*
 * pdf_signature.c
 *	  SQL glue of PDF signature verification: dossier.verify_pdf (one row per
 *	  signature) and dossier.verify_pdf_summary (one row per document).
 *
 * The structure is src/core/pdf/pdf_sig.c's, the CMS src/core/cms/cms_verify.c's,
 * their combination and the document verdict src/core/pdf/pdf_verify.c's; this
 * file only converts.  The report, the verdicts and the summary are
 * malloc'd by the core and released in a PG_FINALLY block, so an ereport
 * leaks nothing.  The trust store is the per-backend cache of trust_store.c
 * (no shared state, no locking).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "core/pdf/pdf_sig.h"
#include "core/pdf/pdf_verify.h"
#include "pg/cms/signature.h"
#include "pg/trust/trust_store.h"

PG_FUNCTION_INFO_V1(verify_pdf);
PG_FUNCTION_INFO_V1(verify_pdf_summary);


/* Columns verify_pdf puts before those of dossier.signature_verdict. */
#define PDF_ROW_PREFIX 4
#define SUMMARY_NATTS 7

/* verify_pdf's own columns (82_pdf_signature.sql), in the order filled. */
static const SigColumn pdf_row_prefix[PDF_ROW_PREFIX] = {
	{"signature_number", INT4OID},
	{"field_name", TEXTOID},
	{"subfilter", TEXTOID},
	{"revision", INT4OID},
};

/* verify_pdf_summary's OUT columns, in the order filled. */
static const SigColumn summary_columns[SUMMARY_NATTS] = {
	{"signature_count", INT4OID},
	{"revision_count", INT4OID},
	{"all_passed", BOOLOID},
	{"last_covers_whole_file", BOOLOID},
	{"unsigned_trailing_bytes", INT8OID},
	{"worst_verdict", TEXTOID},
	{"findings", TEXTARRAYOID},
};

/* Whether the result descriptors were checked (once per backend each). */
static bool pdf_columns_checked = false;
static bool summary_columns_checked = false;

/* Everything one call allocates outside palloc, released together. */
typedef struct PdfRun
{
	PdfSigReport *report;
	SigVerdict *verdicts;		/* report->signature_count, malloc'd */
	int			n_verdicts;		/* how many were started */
	PdfDocSummary summary;
} PdfRun;

/* Release a run. */
static void
run_free(PdfRun *run)
{
	for (int i = 0; i < run->n_verdicts; i++)
		sigv_free(&run->verdicts[i]);
	free(run->verdicts);
	pdfv_summary_free(&run->summary);
	pdf_sig_report_free(run->report);
	memset(run, 0, sizeof(*run));
}

/*
 * Analyse and verify the PDF into *run (to be released with run_free, also
 * after an error).  A file qpdf cannot read is VN304.
 */
static void
run_verify(PdfRun *run, bytea *pdf, TimestampTz at, bool require_revocation)
{
	const uint8_t *data = (const uint8_t *) VARDATA_ANY(pdf);
	size_t		len = VARSIZE_ANY_EXHDR(pdf);
	ParseError	err;
	X509vStore *st;
	int64		t = (int64) timestamptz_to_time_t(at);

	memset(&err, 0, sizeof(err));
	run->report = pdf_sig_analyze(data, len, &err);
	if (run->report == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_MALFORMED_PDF),
				 errmsg("invalid PDF"),
				 errdetail("%s", err.detail),
				 errhint("%s", err.hint ? err.hint : "Pass the bytes of a PDF file.")));
	st = trust_store_get();
	if (run->report->signature_count > 0)
	{
		run->verdicts = calloc(run->report->signature_count, sizeof(SigVerdict));
		if (run->verdicts == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	/* calloc'd: a verdict not reached yet is released as empty */
	run->n_verdicts = run->report->signature_count;
	if (run->n_verdicts > 0 &&
		!pdfv_verify_document(st, data, len, run->report, t, require_revocation, run->verdicts))
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	Assert(run->n_verdicts == 0 || run->verdicts != NULL);
	if (!pdfv_summarize(run->report, run->verdicts, &run->summary))
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
}

/*
 * verify_pdf(pdf bytea, at timestamptz, require_revocation boolean)
 * RETURNS TABLE (signature_number, field_name, subfilter, revision, and the
 * columns of dossier.signature_verdict), in revision order.
 */
Datum
verify_pdf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TimestampTz at;
	bool		require_revocation;
	PdfRun		run;

	at = signature_validation_time(fcinfo, 1);
	require_revocation = PG_ARGISNULL(2) ? true : PG_GETARG_BOOL(2);
	InitMaterializedSRF(fcinfo, 0);
	if (rsinfo->setDesc->natts != PDF_ROW_PREFIX + VERDICT_NATTS)
		elog(ERROR, "verify_pdf returns %d columns, expected %d",
			 rsinfo->setDesc->natts, PDF_ROW_PREFIX + VERDICT_NATTS);
	if (!pdf_columns_checked)
	{
		signature_check_columns(rsinfo->setDesc, 0, pdf_row_prefix, PDF_ROW_PREFIX,
								"dossier.verify_pdf");
		signature_check_verdict_columns(rsinfo->setDesc, PDF_ROW_PREFIX, "dossier.verify_pdf");
		pdf_columns_checked = true;
	}
	if (PG_ARGISNULL(0))
		return (Datum) 0;

	memset(&run, 0, sizeof(run));
	PG_TRY();
	{
		run_verify(&run, PG_GETARG_BYTEA_PP(0), at, require_revocation);
		Assert(run.n_verdicts == run.report->signature_count);
		for (int i = 0; i < run.report->signature_count; i++)
		{
			const PdfSignature *s = &run.report->signatures[i];
			Datum		v[PDF_ROW_PREFIX + VERDICT_NATTS];
			bool		n[PDF_ROW_PREFIX + VERDICT_NATTS];

			v[0] = Int32GetDatum(i + 1);
			n[0] = false;
			v[1] = trust_utf8_text(s->field_name, &n[1]);
			v[2] = trust_utf8_text(s->subfilter, &n[2]);
			v[3] = Int32GetDatum(s->revision);
			n[3] = s->revision == 0;
			signature_verdict_values(rsinfo->setDesc, PDF_ROW_PREFIX, &run.verdicts[i],
									 at, v, n);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, n);
		}
	}
	PG_FINALLY();
	{
		run_free(&run);
	}
	PG_END_TRY();
	return (Datum) 0;
}

/*
 * verify_pdf_summary(pdf bytea, at timestamptz, require_revocation boolean)
 * RETURNS record (signature_count, revision_count, all_passed,
 * last_covers_whole_file, unsigned_trailing_bytes, worst_verdict, findings).
 */
Datum
verify_pdf_summary(PG_FUNCTION_ARGS)
{
	TimestampTz at;
	bool		require_revocation;
	TupleDesc	td;
	PdfRun		run;
	HeapTuple	volatile tup = NULL;

	at = signature_validation_time(fcinfo, 1);
	require_revocation = PG_ARGISNULL(2) ? true : PG_GETARG_BOOL(2);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a record called in a context that cannot accept it");
	td = BlessTupleDesc(td);
	if (td->natts != SUMMARY_NATTS)
		elog(ERROR, "verify_pdf_summary returns %d columns, expected %d",
			 td->natts, SUMMARY_NATTS);
	if (!summary_columns_checked)
	{
		signature_check_columns(td, 0, summary_columns, SUMMARY_NATTS,
								"dossier.verify_pdf_summary");
		summary_columns_checked = true;
	}

	memset(&run, 0, sizeof(run));
	PG_TRY();
	{
		const PdfDocSummary *d;
		Datum		v[SUMMARY_NATTS];
		bool		n[SUMMARY_NATTS] = {0};

		run_verify(&run, PG_GETARG_BYTEA_PP(0), at, require_revocation);
		d = &run.summary;
		Assert(d->signature_count == run.report->signature_count);
		v[0] = Int32GetDatum(d->signature_count);
		v[1] = Int32GetDatum(d->revision_count);
		v[2] = BoolGetDatum(d->all_passed);
		v[3] = BoolGetDatum(d->last_covers_file);
		v[4] = Int64GetDatum((int64) d->unsigned_trailing_bytes);
		v[5] = d->has_worst ? CStringGetTextDatum(sigv_word_name(d->worst)) : (Datum) 0;
		n[5] = !d->has_worst;
		v[6] = trust_text_array(d->findings, d->n_findings);
		tup = heap_form_tuple(td, v, n);
	}
	PG_FINALLY();
	{
		run_free(&run);
	}
	PG_END_TRY();
	PG_RETURN_DATUM(HeapTupleGetDatum(tup));
}
