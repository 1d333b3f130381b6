/*
 * dossier_write.c
 *	  How the lifecycle's writers read and write a dossier: prepared plans,
 *	  the locked row, the history row with its hash link,
 *	  the DVCQG outbox message, and the two guarded stores (a transition's
 *	  update, a registration's insert).
 *
 * Used by transition.c and register.c only; see transition.c for the order
 * in which a transition does things.  Locking rule: the plans and type OIDs
 * are backend-local; the dossier row is locked by lock_dossier() before
 * anything is written.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "core/identifiers/agency_code.h"
#include "core/identifiers/dossier_code.h"
#include "pg/lifecycle/dossier_write.h"
#include "pg/lifecycle/guard.h"
#include "pg/lifecycle/history_chain.h"
#include "core/lifecycle/lifecycle.h"

#define OUTBOX_CHANNEL "dossier_outbox"
#define VN_TIME_ZONE "Asia/Ho_Chi_Minh"

/* Prepared plans and the type OIDs they use; see ensure_plans(). */
DossierPlans dw;

static pg_tz *vn_tz = NULL;

/* dossier.channel labels by DVCQG KenhThucHien code (1 direct, 2 online, 3 postal) */
static const char *const channel_labels[] = {NULL, "direct", "online", "postal"};

/* A type of schema dossier by name. */
static Oid
dossier_type(const char *name, Oid nsp)
{
	Oid			t = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									CStringGetDatum(name), ObjectIdGetDatum(nsp));

	if (!OidIsValid(t))
		elog(ERROR, "type dossier.%s does not exist", name);
	return t;
}

/* Prepare and keep one plan. */
static SPIPlanPtr
prepare(const char *sql, int nargs, Oid *types)
{
	SPIPlanPtr	plan = SPI_prepare(sql, nargs, types);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	return plan;
}

/* Free a kept plan, if any. */
static void
drop_plan(SPIPlanPtr *plan)
{
	if (*plan)
		SPI_freeplan(*plan);
	*plan = NULL;
}

/* Free every kept plan and forget the schema they were prepared for. */
static void
drop_plans(void)
{
	drop_plan(&dw.lock_plan);
	drop_plan(&dw.update_plan);
	drop_plan(&dw.insert_plan);
	drop_plan(&dw.event_plan);
	drop_plan(&dw.outbox_plan);
	drop_plan(&dw.agency_plan);
	drop_plan(&dw.code_plan);
	drop_plan(&dw.exists_plan);
	dw.plans_nsp = InvalidOid;
}

/* Look up the types and tables of schema nsp that the plans use. */
static void
lookup_types(Oid nsp)
{
	dw.t_dossier_code = dossier_type("dossier_code", nsp);
	dw.t_agency_code = dossier_type("agency_code", nsp);
	dw.t_procedure_code = dossier_type("procedure_code", nsp);
	dw.t_status = dossier_type("dossier_status", nsp);
	dw.t_action = dossier_type("dossier_action", nsp);
	dw.t_channel = dossier_type("channel", nsp);
	dw.t_citizen_id = dossier_type("citizen_id", nsp);
	dw.t_tax_code = dossier_type("tax_code", nsp);
	if (vn_tz == NULL)
		vn_tz = pg_tzset(VN_TIME_ZONE);
	dw.dossier_relid = get_relname_relid("dossier", nsp);
	dw.event_relid = get_relname_relid("dossier_event", nsp);
}

/* Prepare the plans that read, lock, update and insert dossier rows. */
static void
prepare_dossier_plans(void)
{
	{
		Oid			types[1] = {dw.t_dossier_code};

		dw.lock_plan = prepare("SELECT procedure, agency, owner_citizen, owner_enterprise, "
							"channel::pg_catalog.text, status, step, registered_at, received_at, "
							"due_at, appointment_at, paused_at, supplement_requests, supplement_time, "
							"resolved_at, returned_at, stopped_at, withdrawn_at, updated_at, "
							"prior_status, events, head "
							"FROM dossier.dossier WHERE code OPERATOR(dossier.=) $1 "
							"FOR NO KEY UPDATE", 1, types);
		dw.exists_plan = prepare("SELECT 1 FROM dossier.dossier WHERE code OPERATOR(dossier.=) $1",
							  1, types);
	}
	{
		Oid			types[18] = {dw.t_dossier_code, dw.t_agency_code, dw.t_status, INT2OID,
			TIMESTAMPTZOID, TIMESTAMPTZOID, TIMESTAMPTZOID, TIMESTAMPTZOID,
			INT2OID, INTERVALOID, TIMESTAMPTZOID, TIMESTAMPTZOID, TIMESTAMPTZOID,
		TIMESTAMPTZOID, TIMESTAMPTZOID, INT4OID, BYTEAOID, dw.t_status};

		dw.update_plan = prepare("UPDATE dossier.dossier SET agency = $2, status = $3, step = $4, "
							  "received_at = $5, due_at = $6, appointment_at = $7, paused_at = $8, "
							  "supplement_requests = $9, supplement_time = $10, resolved_at = $11, "
							  "returned_at = $12, stopped_at = $13, withdrawn_at = $14, "
							  "updated_at = $15, events = $16, head = $17, prior_status = $18 "
							  "WHERE code OPERATOR(dossier.=) $1", 18, types);
	}
	{
		Oid			types[12] = {dw.t_dossier_code, dw.t_procedure_code, dw.t_agency_code,
			dw.t_citizen_id, dw.t_tax_code, dw.t_channel, dw.t_status, TIMESTAMPTZOID,
		TIMESTAMPTZOID, INT4OID, BYTEAOID, INT2OID};

		dw.insert_plan = prepare("INSERT INTO dossier.dossier (code, procedure, agency, receiving_agency, "
							  "owner_citizen, owner_enterprise, channel, status, registered_at, "
							  "updated_at, events, head, supplement_requests) "
							  "VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
							  12, types);
	}
}

/* Prepare the plans that write events and outbox rows and read agencies and codes. */
static void
prepare_event_plans(void)
{
	{
		Oid			types[HISTORY_N_FIELDS + 2] = {dw.t_dossier_code, INT4OID, dw.t_action,
			dw.t_status, dw.t_status, TIMESTAMPTZOID, TIMESTAMPTZOID, NAMEOID, TEXTOID,
			dw.t_agency_code, INT2OID, TIMESTAMPTZOID, TIMESTAMPTZOID, TEXTOID,
			dw.t_procedure_code, dw.t_citizen_id, dw.t_tax_code, dw.t_channel, INTERVALOID,
		TEXTOID, TEXTOID, TEXTOID, BYTEAOID, BYTEAOID};

		dw.event_plan = prepare("INSERT INTO dossier.dossier_event (dossier, seq, action, from_status, "
							 "to_status, at, recorded_at, actor, on_behalf_of, agency, step, due_at, "
							 "appointment_at, note, procedure, owner_citizen, owner_enterprise, channel, "
							 "supplement_time, reason_code, reason, import_source, prev_hash, hash) "
							 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
							 "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
							 HISTORY_N_FIELDS + 2, types);
	}
	{
		Oid			types[5] = {dw.t_dossier_code, INT4OID, TEXTOID, TEXTOID, TIMESTAMPTZOID};

		dw.outbox_plan = prepare("INSERT INTO dossier.outbox (dossier, seq, idempotency_key, payload, "
							  "created_at, next_attempt_at) "
							  "VALUES ($1, $2, $3, $4::pg_catalog.jsonb, $5, $5)", 5, types);
	}
	{
		Oid			types[2] = {dw.t_action, TEXTOID};

		dw.reason_plan = prepare("SELECT 1 FROM dossier.transition_reason "
							  "WHERE action OPERATOR(pg_catalog.=) $1 AND code OPERATOR(pg_catalog.=) $2",
							  2, types);
	}
	{
		Oid			types[1] = {dw.t_dossier_code};

		/* the counter never hands out a code used already (record.c) */
		dw.reserve_plan = prepare("INSERT INTO dossier.dossier_code_counter (agency, day, last_value) "
							   "SELECT dossier.agency($1), dossier.reception_date($1), dossier.sequence($1) "
							   "WHERE dossier.sequence($1) IS NOT NULL "
							   "ON CONFLICT (agency, day) DO UPDATE SET last_value = "
							   "GREATEST(dossier.dossier_code_counter.last_value, EXCLUDED.last_value)",
							   1, types);
	}
	{
		Oid			types[1] = {dw.t_agency_code};

		dw.agency_plan = prepare("SELECT 1 FROM dossier.agency WHERE code OPERATOR(dossier.=) $1",
							  1, types);
	}
	{
		Oid			types[2] = {dw.t_agency_code, TIMESTAMPTZOID};

		dw.code_plan = prepare("SELECT dossier.next_dossier_code($1, "
							"($2 AT TIME ZONE '" VN_TIME_ZONE "')::pg_catalog.date)",
							2, types);
	}
}

/* Prepare the plans once per backend (again if schema dossier was recreated). */
void
ensure_plans(void)
{
	Oid			nsp = get_namespace_oid("dossier", false);

	if (nsp == dw.plans_nsp && dw.lock_plan != NULL)
		return;
	drop_plans();
	lookup_types(nsp);
	prepare_dossier_plans();
	prepare_event_plans();
	dw.plans_nsp = nsp;
	Assert(dw.lock_plan && dw.update_plan && dw.insert_plan && dw.event_plan &&
		   dw.outbox_plan && dw.agency_plan && dw.code_plan && dw.exists_plan);
}

/* Text output of a Datum of type typoid. */
char *
datum_text(Datum d, Oid typoid)
{
	Oid			out;
	bool		varlena;

	getTypeOutputInfo(typoid, &out, &varlena);
	return OidOutputFunctionCall(out, d);
}

/* A nullable timestamp column of an SPI row. */
static OptTime
get_opt_time(HeapTuple tup, TupleDesc desc, int col)
{
	OptTime		t;
	Datum		d = SPI_getbinval(tup, desc, col, &t.isnull);

	t.v = t.isnull ? 0 : DatumGetTimestampTz(d);
	return t;
}

/* Read and lock the dossier; VN102 when there is none. */
void
lock_dossier(Datum code, DossierRow *row)
{
	Datum		args[1] = {code};
	HeapTuple	tup;
	TupleDesc	desc;
	bool		isnull;
	bytea	   *head;
	char	   *channel;

	if (SPI_execute_plan(dw.lock_plan, args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "cannot read dossier.dossier");
	row->code = code;
	row->code_text = datum_text(code, dw.t_dossier_code);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_UNKNOWN_DOSSIER),
				 errmsg("dossier %s does not exist", row->code_text),
				 errdetail("No row of dossier.dossier has the code %s.", row->code_text),
				 errhint("Check the code on the receipt slip; a dossier exists once dossier.register_dossier has registered it.")));
	tup = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	row->procedure = SPI_getbinval(tup, desc, 1, &isnull);
	row->agency = SPI_getbinval(tup, desc, 2, &isnull);
	row->owner = SPI_getbinval(tup, desc, 3, &isnull);
	row->owner_is_citizen = !isnull;
	row->owner_type = dw.t_citizen_id;
	if (isnull)
	{
		row->owner = SPI_getbinval(tup, desc, 4, &isnull);
		row->owner_type = dw.t_tax_code;
	}
	channel = SPI_getvalue(tup, desc, 5);
	row->channel = channel_code(channel);
	row->status = DatumGetInt16(SPI_getbinval(tup, desc, 6, &isnull));
	row->step = DatumGetInt16(SPI_getbinval(tup, desc, 7, &isnull));
	if (isnull)
		row->step = 0;
	row->registered_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 8, &isnull));
	row->received_at = get_opt_time(tup, desc, 9);
	row->due_at = get_opt_time(tup, desc, 10);
	row->appointment_at = get_opt_time(tup, desc, 11);
	row->paused_at = get_opt_time(tup, desc, 12);
	row->supplement_requests = DatumGetInt16(SPI_getbinval(tup, desc, 13, &isnull));
	row->supplement_usecs = DatumGetIntervalP(SPI_getbinval(tup, desc, 14, &isnull))->time;
	row->resolved_at = get_opt_time(tup, desc, 15);
	row->returned_at = get_opt_time(tup, desc, 16);
	row->stopped_at = get_opt_time(tup, desc, 17);
	row->withdrawn_at = get_opt_time(tup, desc, 18);
	row->updated_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 19, &isnull));
	row->prior_status = DatumGetInt16(SPI_getbinval(tup, desc, 20, &isnull));
	if (isnull)
		row->prior_status = 0;
	row->events = DatumGetInt32(SPI_getbinval(tup, desc, 21, &isnull));
	head = DatumGetByteaPP(SPI_getbinval(tup, desc, 22, &isnull));
	if (VARSIZE_ANY_EXHDR(head) != HISTORY_HASH_LEN)
		elog(ERROR, "head of dossier %s is not a SHA-256 hash", row->code_text);
	memcpy(row->head, VARDATA_ANY(head), HISTORY_HASH_LEN);
}


/* DVCQG KenhThucHien of a channel label: 1 direct, 2 online, 3 postal. */
int
channel_code(const char *label)
{
	for (int c = 1; c < (int) lengthof(channel_labels); c++)
		if (strcmp(label, channel_labels[c]) == 0)
			return c;
	elog(ERROR, "unknown channel \"%s\"", label);
}

/* A bytea holding a SHA-256 hash. */
static bytea *
hash_bytea(const uint8 hash[HISTORY_HASH_LEN])
{
	bytea	   *b = palloc(VARHDRSZ + HISTORY_HASH_LEN);

	SET_VARSIZE(b, VARHDRSZ + HISTORY_HASH_LEN);
	memcpy(VARDATA(b), hash, HISTORY_HASH_LEN);
	return b;
}

/* "2026-11-20 08:00:00+07" in Vietnam time, for messages. */
char *
vn_text(TimestampTz t)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	if (TIMESTAMP_NOT_FINITE(t) || timestamp2tm(t, &tz, &tm, &fsec, NULL, vn_tz) != 0)
		return pstrdup(timestamptz_to_str(t));
	return psprintf("%04d-%02d-%02d %02d:%02d:%02d+07",
					tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Raise sqlstate unless t, the argument named what, is finite. */
void
require_finite(TimestampTz t, int sqlstate, const char *what, const char *hint)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("%s must be finite", what),
				 errdetail("The %s given is %s.", what, timestamptz_to_str(t)),
				 errhint("%s", hint)));
}

/*
 * Whether the one-argument existence plan finds a row for key; table names
 * what it reads, for the "cannot happen" error.
 */
bool
plan_finds(SPIPlanPtr plan, Datum key, bool read_only, const char *table)
{
	Datum		args[1] = {key};

	if (SPI_execute_plan(plan, args, NULL, read_only, 1) != SPI_OK_SELECT)
		elog(ERROR, "cannot read %s", table);
	return SPI_processed > 0;
}

/* The text of agency, which must be a row of dossier.agency (VN107). */
char *
check_agency_exists(Datum agency)
{
	char	   *code = datum_text(agency, dw.t_agency_code);

	if (!plan_finds(dw.agency_plan, agency, true, "dossier.agency"))
		ereport(ERROR,
				(errcode(ERRCODE_UNKNOWN_AGENCY),
				 errmsg("agency %s does not exist", code),
				 errdetail("No row of dossier.agency has the code %s.", code),
				 errhint("Load the agency into dossier.agency first.")));
	return code;
}

/* yyyyMMddHHmmss in Vietnam time, the DVCQG date format. */
static void
append_dvcqg_time(StringInfo buf, const char *key, OptTime t)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	appendStringInfo(buf, ", \"%s\": ", key);
	if (t.isnull || TIMESTAMP_NOT_FINITE(t.v) ||
		timestamp2tm(t.v, &tz, &tm, &fsec, NULL, vn_tz) != 0)
	{
		appendStringInfoString(buf, "null");
		return;
	}
	appendStringInfo(buf, "\"%04d%02d%02d%02d%02d%02d\"",
					 tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * MaCoQuan: the agency in the form DVCQG and MaHoSo use, the legacy
 * LLL.KK.JJ.MXX form; the modern form when the agency has no legacy form
 * that names exactly it (deeper than 4 levels, a 3-character group at level
 * 2 or 3, a padded level-4 group).  make_dossier_code follows the same rule,
 * so the agency that registered a dossier is spelt alike in both fields.
 */
static void
append_agency_for_dvcqg(StringInfo buf, Datum agency)
{
	char	   *modern = datum_text(agency, dw.t_agency_code);
	char		legacy[AGENCY_CODE_LEGACY_TEXT_LEN];
	bool		exact = false;

	if (!agency_code_legacy_form(modern, strlen(modern), legacy, &exact, NULL))
		exact = false;
	escape_json(buf, exact ? legacy : modern);
}

/* The DVCQG payload of the dossier after an event (docs/reference/lifecycle/outbox.md). */
static char *
outbox_payload(const DossierRow *row, int seq, int action, TimestampTz at)
{
	StringInfoData buf;

	Assert(action >= -1 && action < LIFECYCLE_N_ACTIONS);
	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"MaHoSo\": ");
	escape_json(&buf, row->code_text);
	appendStringInfoString(&buf, ", \"MaTTHC\": ");
	escape_json(&buf, datum_text(row->procedure, dw.t_procedure_code));
	appendStringInfoString(&buf, ", \"MaCoQuan\": ");
	append_agency_for_dvcqg(&buf, row->agency);
	appendStringInfo(&buf, ", \"KenhThucHien\": %d, \"TrangThaiHoSo\": %d", row->channel, row->status);
	append_dvcqg_time(&buf, "NgayNopHoSo", opt_time(row->registered_at));
	append_dvcqg_time(&buf, "NgayTiepNhan", row->received_at);
	append_dvcqg_time(&buf, "NgayHenTra", row->appointment_at);
	append_dvcqg_time(&buf, "HanXuLy", row->due_at);
	{
		OptTime		ended = row->resolved_at;

		if (ended.isnull)
			ended = row->returned_at;
		if (ended.isnull)
			ended = row->stopped_at;
		if (ended.isnull)
			ended = row->withdrawn_at;
		append_dvcqg_time(&buf, "NgayKetThucXuLy", ended);
	}
	append_dvcqg_time(&buf, "NgayTra", row->returned_at);
	append_dvcqg_time(&buf, "ThoiDiemCapNhat", opt_time(at));
	appendStringInfo(&buf, ", \"SuKien\": %d, \"HanhDong\": ", seq);
	if (action < 0)
		appendStringInfoString(&buf, "\"register\"");
	else
		escape_json(&buf, lifecycle_action_name(action));
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

/*
 * NOTIFY dossier_outbox, at most once per dossier.outbox_notify_interval
 * milliseconds per backend.  NOTIFY is only a wake-up call: consumers also
 * poll (docs/reference/lifecycle/outbox.md).  It is rate-limited because PostgreSQL
 * serialises the commits of all transactions that sent a notification (a
 * database-wide lock held until after commit), which would cap the
 * throughput of transitions at one commit at a time.
 */
static void
wake_outbox_listeners(void)
{
	static TimestampTz last = 0;
	TimestampTz now;

	if (dossier_outbox_notify_interval < 0)
		return;
	now = GetCurrentTimestamp();
	if (dossier_outbox_notify_interval > 0 && last != 0 &&
		now - last < (int64) dossier_outbox_notify_interval * 1000 && now >= last)
		return;
	last = now;
	Async_Notify(OUTBOX_CHANNEL, NULL);
}

/* Datum of a nullable timestamp for SPI; sets *null ('n' or ' '). */
static Datum
opt_datum(OptTime t, char *null)
{
	*null = t.isnull ? 'n' : ' ';
	return t.isnull ? (Datum) 0 : TimestampTzGetDatum(t.v);
}

/* An interval of usecs microseconds (supplement time), palloc'd. */
static Interval *
usecs_interval(int64 usecs)
{
	Interval   *i = palloc0(sizeof(Interval));

	i->time = usecs;
	return i;
}

/*
 * The facts of the registration event that never change afterwards: the
 * procedure, the owner and the channel (NULL in every later event).
 */
static void
registration_facts(const DossierRow *row, bool registration, Datum *v, bool *isnull)
{
	isnull[HF_PROCEDURE] = isnull[HF_CHANNEL] = !registration;
	isnull[HF_OWNER_CITIZEN] = !registration || !row->owner_is_citizen;
	isnull[HF_OWNER_ENTERPRISE] = !registration || row->owner_is_citizen;
	v[HF_PROCEDURE] = row->procedure;
	v[HF_OWNER_CITIZEN] = v[HF_OWNER_ENTERPRISE] = row->owner;
	v[HF_CHANNEL] = (Datum) 0;
	if (registration)
	{
		Assert(row->channel >= 1 && row->channel < (int) lengthof(channel_labels));
		v[HF_CHANNEL] = DirectFunctionCall2(enum_in, CStringGetDatum(channel_labels[row->channel]),
											ObjectIdGetDatum(dw.t_channel));
	}
}

/*
 * Append the history row and the outbox row of event seq of row (already in
 * its new state), through the guard; row->head becomes the new hash.
 */
static void
write_event(DossierRow *row, int action, int from_status, TimestampTz at,
			const TransitionArgs *a, Oid actor)
{
	Datum		v[HISTORY_N_FIELDS + 2];
	bool		isnull[HISTORY_N_FIELDS];
	char		nulls[HISTORY_N_FIELDS + 2];
	uint8		hash[HISTORY_HASH_LEN];
	Datum		ov[5];
	char		key[DOSSIER_CODE_TEXT_LEN + 64];
	int			seq = row->events + 1;

	/* the row is already in its new state: a status the plan gave */
	Assert(lifecycle_status_valid(row->status));
	Assert(action >= -1 && action < LIFECYCLE_N_ACTIONS);
	Assert(seq >= 1 && (from_status == 0) == (action < 0));
	StaticAssertStmt(HF_IMPORT_SOURCE == HISTORY_N_FIELDS - 1,
					 "the event plan lists every field of the canonical form");
	memset(isnull, 0, sizeof(isnull));
	v[HF_DOSSIER] = row->code;
	v[HF_SEQ] = Int32GetDatum(seq);
	isnull[HF_ACTION] = action < 0;
	v[HF_ACTION] = action < 0 ? (Datum) 0 :
		DirectFunctionCall2(enum_in, CStringGetDatum(lifecycle_action_name(action)),
							ObjectIdGetDatum(dw.t_action));
	isnull[HF_FROM_STATUS] = from_status == 0;
	v[HF_FROM_STATUS] = Int16GetDatum(from_status);
	v[HF_TO_STATUS] = Int16GetDatum(row->status);
	v[HF_AT] = TimestampTzGetDatum(at);
	v[HF_RECORDED_AT] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	v[HF_ACTOR] = DirectFunctionCall1(namein, CStringGetDatum(GetUserNameFromId(actor, false)));
	isnull[HF_ON_BEHALF_OF] = a->on_behalf_of == NULL;
	v[HF_ON_BEHALF_OF] = PointerGetDatum(a->on_behalf_of);
	v[HF_AGENCY] = row->agency;
	isnull[HF_STEP] = row->step == 0;
	v[HF_STEP] = Int16GetDatum(row->step);
	isnull[HF_DUE_AT] = row->due_at.isnull;
	v[HF_DUE_AT] = TimestampTzGetDatum(row->due_at.v);
	isnull[HF_APPOINTMENT_AT] = row->appointment_at.isnull;
	v[HF_APPOINTMENT_AT] = TimestampTzGetDatum(row->appointment_at.v);
	isnull[HF_NOTE] = a->note == NULL;
	v[HF_NOTE] = PointerGetDatum(a->note);
	registration_facts(row, action < 0, v, isnull);
	v[HF_SUPPLEMENT_TIME] = IntervalPGetDatum(usecs_interval(row->supplement_usecs));
	isnull[HF_REASON_CODE] = a->reason_code == NULL;
	v[HF_REASON_CODE] = PointerGetDatum(a->reason_code);
	isnull[HF_REASON] = a->reason == NULL;
	v[HF_REASON] = PointerGetDatum(a->reason);
	isnull[HF_IMPORT_SOURCE] = a->import_source == NULL;
	v[HF_IMPORT_SOURCE] = PointerGetDatum(a->import_source);

	history_hash(v, isnull, row->head, hash);
	v[HISTORY_N_FIELDS] = PointerGetDatum(hash_bytea(row->head));
	v[HISTORY_N_FIELDS + 1] = PointerGetDatum(hash_bytea(hash));
	for (int i = 0; i < HISTORY_N_FIELDS; i++)
		nulls[i] = isnull[i] ? 'n' : ' ';
	nulls[HISTORY_N_FIELDS] = ' ';
	nulls[HISTORY_N_FIELDS + 1] = ' ';
	guard_allow(dw.event_relid);
	if (SPI_execute_plan(dw.event_plan, v, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "cannot write dossier.dossier_event");
	guard_allow(InvalidOid);

	snprintf(key, sizeof(key), "%s:%d:%02x%02x%02x%02x%02x%02x%02x%02x",
			 row->code_text, seq, hash[0], hash[1], hash[2], hash[3],
			 hash[4], hash[5], hash[6], hash[7]);
	ov[0] = row->code;
	ov[1] = Int32GetDatum(seq);
	ov[2] = CStringGetTextDatum(key);
	ov[3] = CStringGetTextDatum(outbox_payload(row, seq, action, at));
	ov[4] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	if (SPI_execute_plan(dw.outbox_plan, ov, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "cannot write dossier.outbox");
	wake_outbox_listeners();

	row->events = seq;
	memcpy(row->head, hash, HISTORY_HASH_LEN);
}


/* UPDATE the dossier row to its new state (inside the guard window). */
static void
update_row(const DossierRow *row)
{
	Datum		v[18];
	char		n[18];
	Interval	supp;

	Assert(row->step >= 0 && row->supplement_usecs >= 0);
	memset(n, ' ', sizeof(n));
	memset(&supp, 0, sizeof(supp));
	supp.time = row->supplement_usecs;
	v[0] = row->code;
	v[1] = row->agency;
	v[2] = Int16GetDatum(row->status);
	v[3] = Int16GetDatum(row->step);
	n[3] = row->step == 0 ? 'n' : ' ';
	v[4] = opt_datum(row->received_at, &n[4]);
	v[5] = opt_datum(row->due_at, &n[5]);
	v[6] = opt_datum(row->appointment_at, &n[6]);
	v[7] = opt_datum(row->paused_at, &n[7]);
	v[8] = Int16GetDatum(row->supplement_requests);
	v[9] = IntervalPGetDatum(&supp);
	v[10] = opt_datum(row->resolved_at, &n[10]);
	v[11] = opt_datum(row->returned_at, &n[11]);
	v[12] = opt_datum(row->stopped_at, &n[12]);
	v[13] = opt_datum(row->withdrawn_at, &n[13]);
	v[14] = TimestampTzGetDatum(row->updated_at);
	v[15] = Int32GetDatum(row->events);
	v[16] = PointerGetDatum(hash_bytea(row->head));
	v[17] = Int16GetDatum(row->prior_status);
	n[17] = row->prior_status == 0 ? 'n' : ' ';
	guard_allow(dw.dossier_relid);
	if (SPI_execute_plan(dw.update_plan, v, n, false, 0) != SPI_OK_UPDATE || SPI_processed != 1)
		elog(ERROR, "cannot update dossier %s", row->code_text);
}

/* INSERT a newly registered dossier row (inside the guard window). */
static void
insert_row(const DossierRow *row, Datum channel)
{
	Datum		v[12];
	char		n[12];

	/* the registration event is written first: it is event 1 */
	Assert(row->status == STATUS_REGISTERED && row->events == 1);
	memset(n, ' ', sizeof(n));
	v[0] = row->code;
	v[1] = row->procedure;
	v[2] = row->agency;
	v[3] = row->owner_is_citizen ? row->owner : (Datum) 0;
	n[3] = row->owner_is_citizen ? ' ' : 'n';
	v[4] = row->owner_is_citizen ? (Datum) 0 : row->owner;
	n[4] = row->owner_is_citizen ? 'n' : ' ';
	v[5] = channel;
	v[6] = Int16GetDatum(row->status);
	v[7] = TimestampTzGetDatum(row->registered_at);
	v[8] = TimestampTzGetDatum(row->updated_at);
	v[9] = Int32GetDatum(row->events);
	v[10] = PointerGetDatum(hash_bytea(row->head));
	v[11] = Int16GetDatum(0);
	guard_allow(dw.dossier_relid);
	if (SPI_execute_plan(dw.insert_plan, v, n, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "cannot insert dossier %s", row->code_text);
}

/*
 * Write the history row and outbox message of the event that brought row
 * (already in its new state) from status from, then the row itself, each
 * statement through the guard.
 */
void
store_transition(DossierRow *row, int action, int from, TimestampTz at,
				 const TransitionArgs *a, Oid actor)
{
	PG_TRY();
	{
		write_event(row, action, from, at, a, actor);
		update_row(row);
	}
	PG_CATCH();
	{
		guard_close();
		PG_RE_THROW();
	}
	PG_END_TRY();
	guard_close();
}

/*
 * Write the registration event of row and insert the row, through the
 * guard; a concurrent registration of the same code is VN112.
 */
void
store_registration(DossierRow *row, Datum channel, TimestampTz at,
				   const TransitionArgs *a, Oid actor)
{
	MemoryContext caller_cxt = CurrentMemoryContext;

	PG_TRY();
	{
		write_event(row, -1, 0, at, a, actor);
		insert_row(row, channel);
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		guard_close();
		MemoryContextSwitchTo(caller_cxt);
		edata = CopyErrorData();
		if (edata->sqlerrcode != ERRCODE_UNIQUE_VIOLATION)
		{
			FreeErrorData(edata);
			PG_RE_THROW();
		}
		/* a concurrent registration of the same code committed first */
		FlushErrorState();
		ereport(ERROR,
				(errcode(ERRCODE_DOSSIER_EXISTS),
				 errmsg("dossier %s already exists", row->code_text),
				 errdetail("Another session registered a dossier with this code at the same time."),
				 errhint("Omit code to allocate the next one with dossier.next_dossier_code.")));
	}
	PG_END_TRY();
	guard_close();
}
