/*
 * history_chain.c
 *	  The SHA-256 chain of dossier history: canonical form of an event row,
 *	  dossier.event_canonical and dossier.verify_history.
 *
 * The canonical form and the link are src/core/lifecycle/history.c; this file turns
 * the column values of dossier.dossier_event (as Datums, in HistoryFieldId
 * order) into its text fields.  dossier.transition hashes the row it is
 * about to insert with history_hash(); verify_history re-reads the rows and
 * recomputes every link.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/typcache.h"

#include "pg/common/dossier.h"
#include "pg/lifecycle/history_chain.h"
#include "core/identifiers/citizen_id.h"
#include "core/identifiers/tax_code.h"
#include "core/lifecycle/replay.h"

PG_FUNCTION_INFO_V1(dossier_event_canonical);
PG_FUNCTION_INFO_V1(dossier_verify_history);

/* Fill out->fields from column values in HistoryFieldId order. */
void
history_fields(const Datum *values, const bool *nulls, HistoryText *out)
{
	for (int i = 0; i < HISTORY_N_FIELDS; i++)
	{
		HistoryField *f = &out->fields[i];

		f->isnull = nulls[i];
		f->data = NULL;
		f->len = 0;
		if (nulls[i])
			continue;
		switch ((HistoryFieldId) i)
		{
			case HF_DOSSIER:
			case HF_AGENCY:
			case HF_ON_BEHALF_OF:
			case HF_NOTE:
			case HF_PROCEDURE:
			case HF_REASON_CODE:
			case HF_REASON:
			case HF_IMPORT_SOURCE:
				{
					struct varlena *v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(values[i]));

					f->data = VARDATA_ANY(v);
					f->len = VARSIZE_ANY_EXHDR(v);
					break;
				}
			case HF_ACTION:
			case HF_CHANNEL:
				f->data = DatumGetCString(DirectFunctionCall1(enum_out, values[i]));
				f->len = strlen(f->data);
				break;
			case HF_ACTOR:
				f->data = NameStr(*DatumGetName(values[i]));
				f->len = strlen(f->data);
				break;
			case HF_SEQ:
				f->len = history_int_text(DatumGetInt32(values[i]), out->num[i]);
				f->data = out->num[i];
				break;
			case HF_FROM_STATUS:
			case HF_TO_STATUS:
			case HF_STEP:
				f->len = history_int_text(DatumGetInt16(values[i]), out->num[i]);
				f->data = out->num[i];
				break;
			case HF_AT:
			case HF_RECORDED_AT:
			case HF_DUE_AT:
			case HF_APPOINTMENT_AT:
				f->len = history_time_text(DatumGetTimestampTz(values[i]), out->num[i]);
				f->data = out->num[i];
				break;
			case HF_OWNER_CITIZEN:
				citizen_id_format(DatumGetInt64(values[i]), out->num[i]);
				f->data = out->num[i];
				f->len = strlen(f->data);
				break;
			case HF_OWNER_ENTERPRISE:
				tax_code_format(DatumGetInt64(values[i]), out->num[i]);
				f->data = out->num[i];
				f->len = strlen(f->data);
				break;
			case HF_SUPPLEMENT_TIME:
				{
					Interval   *iv = DatumGetIntervalP(values[i]);

					f->len = history_int_text(iv->time + iv->day * USECS_PER_DAY +
											  (int64) iv->month * DAYS_PER_MONTH * USECS_PER_DAY,
											  out->num[i]);
					f->data = out->num[i];
					break;
				}
		}
	}
}

/* The canonical form of an event, palloc'd; *len set. */
static uint8 *
canonical_bytes(const Datum *values, const bool *nulls, size_t *len)
{
	HistoryText text;
	uint8	   *buf;
	size_t		written PG_USED_FOR_ASSERTS_ONLY;

	history_fields(values, nulls, &text);
	*len = history_canonical(text.fields, NULL, 0);
	buf = palloc(*len);
	written = history_canonical(text.fields, buf, *len);
	Assert(written == *len);
	return buf;
}

/* out = SHA-256(prev || canonical(values)). */
void
history_hash(const Datum *values, const bool *nulls,
			 const uint8 prev[HISTORY_HASH_LEN], uint8 out[HISTORY_HASH_LEN])
{
	size_t		len;
	uint8	   *canon = canonical_bytes(values, nulls, &len);

	if (!history_link(prev, canon, len, out))
		elog(ERROR, "SHA-256 failed in OpenSSL");
	pfree(canon);
}

/* dossier.event_canonical(dossier.dossier_event) -> bytea */
Datum
dossier_event_canonical(PG_FUNCTION_ARGS)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(0);
	Datum		values[HISTORY_N_FIELDS];
	bool		nulls[HISTORY_N_FIELDS];
	size_t		len;
	uint8	   *canon;
	bytea	   *result;

	for (int i = 0; i < HISTORY_N_FIELDS; i++)
		values[i] = GetAttributeByName(row, history_field_name(i), &nulls[i]);
	canon = canonical_bytes(values, nulls, &len);
	result = palloc(VARHDRSZ + len);
	SET_VARSIZE(result, VARHDRSZ + len);
	memcpy(VARDATA(result), canon, len);
	PG_RETURN_BYTEA_P(result);
}

/* The fields of the registration event and of the last event that the row keeps. */
static const HistoryFieldId first_fields[] = {HF_PROCEDURE, HF_OWNER_CITIZEN,
HF_OWNER_ENTERPRISE, HF_CHANNEL, HF_AGENCY};
static const HistoryFieldId last_fields[] = {HF_AGENCY, HF_STEP, HF_DUE_AT,
HF_APPOINTMENT_AT, HF_SUPPLEMENT_TIME};

/* State of the dossier being verified. */
typedef struct ChainCheck
{
	int			events;			/* event rows seen */
	int			last_status;
	uint8		prev[HISTORY_HASH_LEN];
	bool		ok;
	int			broken_seq;
	char	   *problem;
	LifecycleReplay replay;		/* what the events say the row holds */
	char	   *first[HISTORY_N_FIELDS];	/* texts of the registration event */
	char	   *last[HISTORY_N_FIELDS]; /* texts of the last event */
} ChainCheck;

/* A field's canonical text, palloc'd, or NULL. */
static char *
field_text(const HistoryField *f)
{
	return f->isnull ? NULL : pnstrdup(f->data, f->len);
}

/* Record the first problem of a chain. */
static void
chain_break(ChainCheck *c, int seq, char *problem)
{
	if (!c->ok)
		return;
	c->ok = false;
	c->broken_seq = seq;
	c->problem = problem;
}

/* Add one event to the replay of the row, keeping the texts the row must repeat. */
static void
replay_event(ChainCheck *c, const Datum *values, const bool *nulls)
{
	HistoryText text;
	int			action = -1;

	history_fields(values, nulls, &text);
	if (!nulls[HF_ACTION])
		action = lifecycle_action_from_name(text.fields[HF_ACTION].data);
	lifecycle_replay_event(&c->replay, action,
						   nulls[HF_FROM_STATUS] ? STATUS_NONE : DatumGetInt16(values[HF_FROM_STATUS]),
						   nulls[HF_TO_STATUS] ? STATUS_NONE : DatumGetInt16(values[HF_TO_STATUS]),
						   DatumGetTimestampTz(values[HF_AT]));
	if (c->events == 1)
		for (size_t i = 0; i < lengthof(first_fields); i++)
			c->first[first_fields[i]] = field_text(&text.fields[first_fields[i]]);
	for (size_t i = 0; i < lengthof(last_fields); i++)
		c->last[last_fields[i]] = field_text(&text.fields[last_fields[i]]);
}

/* Check one event row (columns in HistoryFieldId order, then prev_hash, hash). */
static void
chain_event(ChainCheck *c, HeapTuple tup, TupleDesc desc)
{
	Datum		values[HISTORY_N_FIELDS];
	bool		nulls[HISTORY_N_FIELDS];
	bool		isnull;
	bytea	   *prev;
	bytea	   *hash;
	uint8		want[HISTORY_HASH_LEN];
	int			seq;

	for (int i = 0; i < HISTORY_N_FIELDS; i++)
		values[i] = SPI_getbinval(tup, desc, i + 1, &nulls[i]);
	prev = DatumGetByteaPP(SPI_getbinval(tup, desc, HISTORY_N_FIELDS + 1, &isnull));
	hash = DatumGetByteaPP(SPI_getbinval(tup, desc, HISTORY_N_FIELDS + 2, &isnull));
	seq = DatumGetInt32(values[HF_SEQ]);
	c->events++;
	c->last_status = nulls[HF_TO_STATUS] ? 0 : DatumGetInt16(values[HF_TO_STATUS]);
	replay_event(c, values, nulls);
	if (!c->ok)
		return;
	if (seq != c->events)
	{
		chain_break(c, c->events, psprintf("event %d is missing (the next event is %d)", c->events, seq));
		return;
	}
	if (VARSIZE_ANY_EXHDR(prev) != HISTORY_HASH_LEN ||
		memcmp(VARDATA_ANY(prev), c->prev, HISTORY_HASH_LEN) != 0)
	{
		chain_break(c, seq, seq == 1 ?
					pstrdup("event 1: prev_hash is not 32 zero bytes") :
					psprintf("event %d: prev_hash is not the hash of event %d", seq, seq - 1));
		return;
	}
	history_hash(values, nulls, c->prev, want);
	if (VARSIZE_ANY_EXHDR(hash) != HISTORY_HASH_LEN ||
		memcmp(VARDATA_ANY(hash), want, HISTORY_HASH_LEN) != 0)
	{
		chain_break(c, seq, psprintf("event %d: hash does not match the event's content", seq));
		return;
	}
	memcpy(c->prev, want, HISTORY_HASH_LEN);
}

/* Whether two canonical texts (NULL for NULL) differ. */
static bool
texts_differ(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0);
}

/* A time for a message: the canonical text, or NULL. */
static const char *
opt_time_text(bool isnull, TimestampTz t)
{
	return isnull ? "NULL" : DatumGetCString(DirectFunctionCall1(timestamptz_out,
																 TimestampTzGetDatum(t)));
}

/* Columns of the dossier row (dossier query order) */
enum
{
	DR_CODE = 1, DR_EVENTS, DR_HEAD, DR_STATUS, DR_PROCEDURE, DR_OWNER_CITIZEN,
	DR_OWNER_ENTERPRISE, DR_CHANNEL, DR_RECEIVING_AGENCY, DR_AGENCY, DR_STEP,
	DR_DUE_AT, DR_APPOINTMENT_AT, DR_SUPPLEMENT_TIME, DR_REGISTERED_AT,
	DR_UPDATED_AT, DR_PRIOR_STATUS, DR_SUPPLEMENT_REQUESTS, DR_PAUSED_AT,
	DR_RECEIVED_AT, DR_STOPPED_AT, DR_WITHDRAWN_AT, DR_RESOLVED_AT, DR_RETURNED_AT
};

static const char dossier_columns[] =
	"code, events, head, status, procedure, owner_citizen, owner_enterprise, channel, "
	"receiving_agency, agency, step, due_at, appointment_at, supplement_time, "
	"registered_at, updated_at, prior_status, supplement_requests, paused_at, "
	"received_at, stopped_at, withdrawn_at, resolved_at, returned_at";

/* The first column of the row that holds what its events do not say, or NULL. */
static char *
row_differs(ChainCheck *c, HeapTuple drow, TupleDesc ddesc)
{
	static const struct
	{
		int			col;
		HistoryFieldId field;
		bool		from_first;
	}			texts[] = {
		{DR_PROCEDURE, HF_PROCEDURE, true}, {DR_OWNER_CITIZEN, HF_OWNER_CITIZEN, true},
		{DR_OWNER_ENTERPRISE, HF_OWNER_ENTERPRISE, true}, {DR_CHANNEL, HF_CHANNEL, true},
		{DR_RECEIVING_AGENCY, HF_AGENCY, true}, {DR_AGENCY, HF_AGENCY, false},
		{DR_STEP, HF_STEP, false}, {DR_DUE_AT, HF_DUE_AT, false},
		{DR_APPOINTMENT_AT, HF_APPOINTMENT_AT, false},
		{DR_SUPPLEMENT_TIME, HF_SUPPLEMENT_TIME, false},
	};
	static const struct
	{
		int			col;
		int			milestone;	/* -1: registered_at, -2: updated_at, -3: paused_at */
	}			times[] = {
		{DR_REGISTERED_AT, -1}, {DR_UPDATED_AT, -2}, {DR_PAUSED_AT, -3},
		{DR_RECEIVED_AT, LIFECYCLE_MILESTONE_RECEIVED}, {DR_STOPPED_AT, LIFECYCLE_MILESTONE_STOPPED},
		{DR_WITHDRAWN_AT, LIFECYCLE_MILESTONE_WITHDRAWN},
		{DR_RESOLVED_AT, LIFECYCLE_MILESTONE_RESOLVED}, {DR_RETURNED_AT, LIFECYCLE_MILESTONE_RETURNED},
	};
	const LifecycleReplay *r = &c->replay;
	Datum		values[HISTORY_N_FIELDS];
	bool		nulls[HISTORY_N_FIELDS];
	HistoryText text;
	bool		isnull;
	int			n;

	/* the row's columns as event fields, to compare their canonical texts */
	for (size_t i = 0; i < lengthof(texts); i++)
	{
		memset(nulls, true, sizeof(nulls));
		values[texts[i].field] = SPI_getbinval(drow, ddesc, texts[i].col, &nulls[texts[i].field]);
		history_fields(values, nulls, &text);
		if (texts_differ(field_text(&text.fields[texts[i].field]),
						 texts[i].from_first ? c->first[texts[i].field] : c->last[texts[i].field]))
			return psprintf("the dossier row's %s is not what its history says",
							SPI_fname(ddesc, texts[i].col));
	}
	for (size_t i = 0; i < lengthof(times); i++)
	{
		TimestampTz t = DatumGetTimestampTz(SPI_getbinval(drow, ddesc, times[i].col, &isnull));
		ReplayTime	want;

		if (times[i].milestone == -1 || times[i].milestone == -2)
		{
			want.isnull = false;
			want.v = times[i].milestone == -1 ? r->registered_at : r->updated_at;
		}
		else
			want = times[i].milestone == -3 ? r->paused_at : r->milestone_at[times[i].milestone];
		if (isnull != want.isnull || (!isnull && t != want.v))
			return psprintf("the dossier row's %s is %s, its history says %s",
							SPI_fname(ddesc, times[i].col), opt_time_text(isnull, t),
							opt_time_text(want.isnull, want.v));
	}
	n = DatumGetInt16(SPI_getbinval(drow, ddesc, DR_PRIOR_STATUS, &isnull));
	if ((isnull ? STATUS_NONE : n) != r->prior_status)
		return pstrdup("the dossier row's prior_status is not what its history says");
	n = DatumGetInt16(SPI_getbinval(drow, ddesc, DR_SUPPLEMENT_REQUESTS, &isnull));
	if (n != r->supplement_requests)
		return psprintf("the dossier row counts %d supplement requests, its history %d",
						n, r->supplement_requests);
	return NULL;
}

/* Check the dossier row against the end of its chain and against its replay. */
static void
chain_end(ChainCheck *c, HeapTuple drow, TupleDesc ddesc)
{
	bool		isnull;
	int			events = DatumGetInt32(SPI_getbinval(drow, ddesc, DR_EVENTS, &isnull));
	bytea	   *head = DatumGetByteaPP(SPI_getbinval(drow, ddesc, DR_HEAD, &isnull));
	int			status = DatumGetInt16(SPI_getbinval(drow, ddesc, DR_STATUS, &isnull));
	char	   *problem;

	if (c->events == 0)
		chain_break(c, 1, pstrdup("the dossier has no history"));
	else if (events != c->events)
		chain_break(c, Min(events, c->events) + 1,
					psprintf("the dossier row counts %d events, the history has %d", events, c->events));
	else if (VARSIZE_ANY_EXHDR(head) != HISTORY_HASH_LEN ||
			 memcmp(VARDATA_ANY(head), c->prev, HISTORY_HASH_LEN) != 0)
		chain_break(c, c->events, psprintf("the dossier row's head is not the hash of event %d", c->events));
	else if (status != c->last_status)
		chain_break(c, c->events,
					psprintf("the dossier row's status is %d, event %d left it in %d",
							 status, c->events, c->last_status));
	else if (c->ok && (problem = row_differs(c, drow, ddesc)) != NULL)
		chain_break(c, c->events, problem);
}

/* Emit one result row. */
static void
emit(ReturnSetInfo *rsinfo, Datum code, ChainCheck *c)
{
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	values[0] = code;
	values[1] = Int32GetDatum(c->events);
	values[2] = BoolGetDatum(c->ok);
	values[3] = Int32GetDatum(c->broken_seq);
	nulls[3] = c->ok;
	values[4] = c->ok ? (Datum) 0 : CStringGetTextDatum(c->problem);
	nulls[4] = c->ok;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* A fresh chain state. */
static void
chain_start(ChainCheck *c)
{
	memset(c, 0, sizeof(*c));
	c->ok = true;
	lifecycle_replay_start(&c->replay);
}

#define FETCH_BATCH 1000

/* One of the two cursors of verify_history and its current batch of rows. */
typedef struct RowStream
{
	Portal		cursor;
	SPITupleTable *batch;		/* NULL before the first fetch */
	uint64		i;				/* current row of batch */
	uint64		n;				/* rows in batch; 0 at the end */
} RowStream;

/* Fetch the next batch of s when there is none yet or it is used up. */
static void
stream_fill(RowStream *s)
{
	if (s->batch != NULL && s->i < s->n)
		return;
	if (s->batch)
		SPI_freetuptable(s->batch);
	SPI_cursor_fetch(s->cursor, true, FETCH_BATCH);
	s->batch = SPI_tuptable;
	s->n = SPI_processed;
	s->i = 0;
}

/* Step s to its next row, fetching the next batch when needed. */
static void
stream_next(RowStream *s)
{
	Assert(s->i < s->n);
	s->i++;
	stream_fill(s);
}

/* The dossier code (first column) of the current row of s. */
static Datum
stream_code(const RowStream *s)
{
	bool		isnull;

	Assert(s->i < s->n);
	return SPI_getbinval(s->batch->vals[s->i], s->batch->tupdesc, 1, &isnull);
}

/* Whether s has a current row whose dossier is code. */
static bool
stream_at(const RowStream *s, TypeCacheEntry *tce, Datum code)
{
	return s->n > 0 &&
		DatumGetInt32(FunctionCall2Coll(&tce->cmp_proc_finfo, InvalidOid, code,
										stream_code(s))) == 0;
}

/* The event columns in HistoryFieldId order, comma-separated, palloc'd. */
static char *
event_columns(void)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < HISTORY_N_FIELDS; i++)
		appendStringInfo(&buf, "%s%s", i ? ", " : "", history_field_name(i));
	return buf.data;
}

/*
 * Open the cursor of the dossier rows (ds) and of their events (es), in the
 * same order: for the one dossier code, or for all when code is NULL.
 */
static void
open_streams(Datum code, bool one, Oid code_type, RowStream *ds, RowStream *es)
{
	Datum		arg[1] = {one ? code : (Datum) 0};
	Oid			argtype[1] = {code_type};

	memset(ds, 0, sizeof(*ds));
	memset(es, 0, sizeof(*es));
	ds->cursor = SPI_cursor_open_with_args(NULL,
										   psprintf(one ?
													"SELECT %s FROM dossier.dossier "
													"WHERE code OPERATOR(dossier.=) $1" :
													"SELECT %s FROM dossier.dossier "
													"WHERE $1 IS NULL ORDER BY code USING OPERATOR(dossier.<)",
													dossier_columns),
										   1, argtype, arg, one ? NULL : "n", true, 0);
	es->cursor = SPI_cursor_open_with_args(NULL,
										   psprintf(one ?
													"SELECT %s, prev_hash, hash FROM dossier.dossier_event "
													"WHERE dossier OPERATOR(dossier.=) $1 ORDER BY seq" :
													"SELECT %s, prev_hash, hash FROM dossier.dossier_event "
													"WHERE $1 IS NULL ORDER BY dossier USING OPERATOR(dossier.<), seq",
													event_columns()),
										   1, argtype, arg, one ? NULL : "n", true, 0);
}

/*
 * Events whose dossier row is missing: skip them all and report them as one
 * broken chain of their dossier code.  Allocates in the current context.
 */
static void
verify_orphan(ReturnSetInfo *rsinfo, TypeCacheEntry *tce, RowStream *es,
			  MemoryContext caller)
{
	ChainCheck	c;
	Datum		orphan = datumCopy(stream_code(es), false, -1);

	chain_start(&c);
	while (stream_at(es, tce, orphan))
	{
		c.events++;
		stream_next(es);
	}
	chain_break(&c, 1, pstrdup("the history has no dossier row"));
	MemoryContextSwitchTo(caller);
	emit(rsinfo, orphan, &c);
}

/*
 * Check the chain of the current dossier row of ds against its events, if
 * any are current in es (has_events), and emit its result row.
 */
static void
verify_dossier(ReturnSetInfo *rsinfo, TypeCacheEntry *tce, RowStream *ds,
			   RowStream *es, bool has_events, MemoryContext caller)
{
	ChainCheck	c;
	Datum		dcode = stream_code(ds);

	chain_start(&c);
	if (has_events)
	{
		while (stream_at(es, tce, dcode))
		{
			chain_event(&c, es->batch->vals[es->i], es->batch->tupdesc);
			stream_next(es);
		}
	}
	chain_end(&c, ds->batch->vals[ds->i], ds->batch->tupdesc);
	MemoryContextSwitchTo(caller);
	emit(rsinfo, dcode, &c);
}

/*
 * dossier.verify_history(code DEFAULT NULL): one row per dossier (or for the
 * one given), in code order, with the first broken link.  Dossier rows and
 * event rows are read with two cursors in the same order and merged.
 */
Datum
dossier_verify_history(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bool		one = !PG_ARGISNULL(0);
	Oid			code_type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	TypeCacheEntry *tce;
	RowStream	ds;
	RowStream	es;
	MemoryContext percall;
	MemoryContext caller;

	InitMaterializedSRF(fcinfo, 0);
	tce = lookup_type_cache(code_type, TYPECACHE_CMP_PROC_FINFO);
	if (!OidIsValid(tce->cmp_proc_finfo.fn_oid))
		elog(ERROR, "dossier_code has no btree comparison");
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	open_streams(one ? PG_GETARG_DATUM(0) : (Datum) 0, one, code_type, &ds, &es);
	percall = AllocSetContextCreate(CurrentMemoryContext, "verify_history row",
									ALLOCSET_DEFAULT_SIZES);
	for (;;)
	{
		int			cmp;

		stream_fill(&ds);
		stream_fill(&es);
		if (ds.n == 0 && es.n == 0)
			break;
		if (ds.n == 0)
			cmp = 1;
		else if (es.n == 0)
			cmp = -1;
		else
			cmp = DatumGetInt32(FunctionCall2Coll(&tce->cmp_proc_finfo, InvalidOid,
												  stream_code(&ds), stream_code(&es)));
		caller = MemoryContextSwitchTo(percall);
		if (cmp > 0)
			verify_orphan(rsinfo, tce, &es, caller);
		else
		{
			verify_dossier(rsinfo, tce, &ds, &es, cmp == 0, caller);
			ds.i++;
		}
		MemoryContextReset(percall);
	}
	SPI_cursor_close(ds.cursor);
	SPI_cursor_close(es.cursor);
	SPI_finish();
	return (Datum) 0;
}
