/*
 * transition.c
 *	  dossier.register_dossier and dossier.transition: the only writers of
 *	  dossiers, their history and their outbox messages.
 *
 * Every change of a dossier goes through do_transition(), which, in the
 * caller's transaction:
 *
 *	 1. locks the dossier row (SELECT ... FOR NO KEY UPDATE), so two officials
 *		acting at once are serialised: the second sees the first's result
 *		(READ COMMITTED re-reads the row) or gets a serialization failure
 *		(REPEATABLE READ and above); never a lost update or a forked chain;
 *	 2. asks the one transition table (src/core/lifecycle.c) for the next
 *		status: VN101 when forbidden;
 *	 3. checks the actor's role for the action (and for internal steps, the
 *		role of the step): 42501 insufficient_privilege;
 *	 4. computes deadlines with the working-time calendar (calendar.c):
 *		due date on receipt, pause and extension or restart on supplements,
 *		a later appointment on an apology (the due date is kept);
 *	 5. writes the new dossier row, the history row chained by SHA-256
 *		(history.c) and the DVCQG outbox row, through the write guard
 *		(guard.c), and wakes outbox listeners with NOTIFY;
 *	 6. returns the new status.
 *
 * The functions are SECURITY DEFINER so that nobody needs write privileges
 * on the tables; the actor is the session's current role
 * (GetOuterUserId()), which SECURITY DEFINER does not change.  All SQL
 * below is schema-qualified, operators included, so the search path
 * cannot redirect it.  Plans are prepared once per backend and re-prepared
 * if the extension's schema is recreated.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "port/pg_bitutils.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "dossier.h"
#include "dossier_code.h"
#include "lifecycle.h"
#include "lifecycle_pg.h"

PG_FUNCTION_INFO_V1(dossier_transition);
PG_FUNCTION_INFO_V1(dossier_register);

#define OUTBOX_CHANNEL "dossier_outbox"
#define VN_TIME_ZONE "Asia/Ho_Chi_Minh"

/* Optional arguments of a transition. */
typedef struct TransitionArgs
{
	text	   *note;
	bool		has_to_step;
	int			to_step;
	bool		has_to_agency;
	Datum		to_agency;
	bool		has_new_appointment;
	TimestampTz new_appointment;
	text	   *on_behalf_of;
	bool		has_at;
	TimestampTz at;
} TransitionArgs;

/* A nullable timestamp column. */
typedef struct OptTime
{
	bool		isnull;
	TimestampTz v;
} OptTime;

/* The dossier row as do_transition reads and rewrites it. */
typedef struct DossierRow
{
	Datum		code;
	char	   *code_text;
	Datum		procedure;
	Datum		agency;
	bool		owner_is_citizen;
	Datum		owner;
	Oid			owner_type;
	int			channel;		/* 1 direct, 2 online, 3 postal */
	int			status;
	int			step;			/* 0 = NULL */
	TimestampTz registered_at;
	OptTime		received_at;
	OptTime		due_at;
	OptTime		appointment_at;
	OptTime		paused_at;
	int			supplement_requests;
	int64		supplement_usecs;
	OptTime		resolved_at;
	OptTime		returned_at;
	OptTime		stopped_at;
	OptTime		withdrawn_at;
	TimestampTz updated_at;
	int			prior_status;	/* 0 = NULL */
	int			events;
	uint8		head[HISTORY_HASH_LEN];
} DossierRow;

/* Prepared plans and the type OIDs they use; see ensure_plans(). */
static Oid	plans_nsp = InvalidOid;
static SPIPlanPtr lock_plan = NULL;
static SPIPlanPtr update_plan = NULL;
static SPIPlanPtr insert_plan = NULL;
static SPIPlanPtr event_plan = NULL;
static SPIPlanPtr outbox_plan = NULL;
static SPIPlanPtr agency_plan = NULL;
static SPIPlanPtr code_plan = NULL;
static SPIPlanPtr exists_plan = NULL;
static Oid	t_dossier_code;
static Oid	t_agency_code;
static Oid	t_procedure_code;
static Oid	t_status;
static Oid	t_action;
static Oid	t_channel;
static Oid	t_citizen_id;
static Oid	t_tax_code;
static pg_tz *vn_tz = NULL;
static Oid	dossier_relid;
static Oid	event_relid;

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

/* Prepare the plans once per backend (again if schema dossier was recreated). */
static void
ensure_plans(void)
{
	Oid			nsp = get_namespace_oid("dossier", false);

	if (nsp == plans_nsp && lock_plan != NULL)
		return;
	drop_plan(&lock_plan);
	drop_plan(&update_plan);
	drop_plan(&insert_plan);
	drop_plan(&event_plan);
	drop_plan(&outbox_plan);
	drop_plan(&agency_plan);
	drop_plan(&code_plan);
	drop_plan(&exists_plan);
	plans_nsp = InvalidOid;

	t_dossier_code = dossier_type("dossier_code", nsp);
	t_agency_code = dossier_type("agency_code", nsp);
	t_procedure_code = dossier_type("procedure_code", nsp);
	t_status = dossier_type("dossier_status", nsp);
	t_action = dossier_type("dossier_action", nsp);
	t_channel = dossier_type("channel", nsp);
	t_citizen_id = dossier_type("citizen_id", nsp);
	t_tax_code = dossier_type("tax_code", nsp);
	if (vn_tz == NULL)
		vn_tz = pg_tzset(VN_TIME_ZONE);
	dossier_relid = get_relname_relid("dossier", nsp);
	event_relid = get_relname_relid("dossier_event", nsp);

	{
		Oid			types[1] = {t_dossier_code};

		lock_plan = prepare("SELECT procedure, agency, owner_citizen, owner_enterprise, "
							"channel::pg_catalog.text, status, step, registered_at, received_at, "
							"due_at, appointment_at, paused_at, supplement_requests, supplement_time, "
							"resolved_at, returned_at, stopped_at, withdrawn_at, updated_at, "
							"prior_status, events, head "
							"FROM dossier.dossier WHERE code OPERATOR(dossier.=) $1 "
							"FOR NO KEY UPDATE", 1, types);
		exists_plan = prepare("SELECT 1 FROM dossier.dossier WHERE code OPERATOR(dossier.=) $1",
							  1, types);
	}
	{
		Oid			types[18] = {t_dossier_code, t_agency_code, t_status, INT2OID,
			TIMESTAMPTZOID, TIMESTAMPTZOID, TIMESTAMPTZOID, TIMESTAMPTZOID,
			INT2OID, INTERVALOID, TIMESTAMPTZOID, TIMESTAMPTZOID, TIMESTAMPTZOID,
		TIMESTAMPTZOID, TIMESTAMPTZOID, INT4OID, BYTEAOID, t_status};

		update_plan = prepare("UPDATE dossier.dossier SET agency = $2, status = $3, step = $4, "
							  "received_at = $5, due_at = $6, appointment_at = $7, paused_at = $8, "
							  "supplement_requests = $9, supplement_time = $10, resolved_at = $11, "
							  "returned_at = $12, stopped_at = $13, withdrawn_at = $14, "
							  "updated_at = $15, events = $16, head = $17, prior_status = $18 "
							  "WHERE code OPERATOR(dossier.=) $1", 18, types);
	}
	{
		Oid			types[12] = {t_dossier_code, t_procedure_code, t_agency_code,
			t_citizen_id, t_tax_code, t_channel, t_status, TIMESTAMPTZOID,
		TIMESTAMPTZOID, INT4OID, BYTEAOID, INT2OID};

		insert_plan = prepare("INSERT INTO dossier.dossier (code, procedure, agency, receiving_agency, "
							  "owner_citizen, owner_enterprise, channel, status, registered_at, "
							  "updated_at, events, head, supplement_requests) "
							  "VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
							  12, types);
	}
	{
		Oid			types[16] = {t_dossier_code, INT4OID, t_action, t_status, t_status,
			TIMESTAMPTZOID, TIMESTAMPTZOID, NAMEOID, TEXTOID, t_agency_code, INT2OID,
		TIMESTAMPTZOID, TIMESTAMPTZOID, TEXTOID, BYTEAOID, BYTEAOID};

		event_plan = prepare("INSERT INTO dossier.dossier_event (dossier, seq, action, from_status, "
							 "to_status, at, recorded_at, actor, on_behalf_of, agency, step, due_at, "
							 "appointment_at, note, prev_hash, hash) "
							 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
							 16, types);
	}
	{
		Oid			types[5] = {t_dossier_code, INT4OID, TEXTOID, TEXTOID, TIMESTAMPTZOID};

		outbox_plan = prepare("INSERT INTO dossier.outbox (dossier, seq, idempotency_key, payload, "
							  "created_at, next_attempt_at) "
							  "VALUES ($1, $2, $3, $4::pg_catalog.jsonb, $5, $5)", 5, types);
	}
	{
		Oid			types[1] = {t_agency_code};

		agency_plan = prepare("SELECT 1 FROM dossier.agency WHERE code OPERATOR(dossier.=) $1",
							  1, types);
	}
	{
		Oid			types[2] = {t_agency_code, TIMESTAMPTZOID};

		code_plan = prepare("SELECT dossier.next_dossier_code($1, "
							"($2 AT TIME ZONE '" VN_TIME_ZONE "')::pg_catalog.date)",
							2, types);
	}
	plans_nsp = nsp;
}

/* Text output of a Datum of type typoid. */
static char *
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

/* Set a nullable timestamp. */
static inline OptTime
opt_time(TimestampTz v)
{
	OptTime		t = {false, v};

	return t;
}

/* Read and lock the dossier; VN102 when there is none. */
static void
lock_dossier(Datum code, DossierRow *row)
{
	Datum		args[1] = {code};
	HeapTuple	tup;
	TupleDesc	desc;
	bool		isnull;
	bytea	   *head;
	char	   *channel;

	if (SPI_execute_plan(lock_plan, args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "cannot read dossier.dossier");
	row->code = code;
	row->code_text = datum_text(code, t_dossier_code);
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
	row->owner_type = t_citizen_id;
	if (isnull)
	{
		row->owner = SPI_getbinval(tup, desc, 4, &isnull);
		row->owner_type = t_tax_code;
	}
	channel = SPI_getvalue(tup, desc, 5);
	row->channel = strcmp(channel, "direct") == 0 ? 1 : strcmp(channel, "online") == 0 ? 2 : 3;
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

/* Whether the session's role has the privileges of the SQL role of a lifecycle role. */
static bool
acts_as(Oid actor, int role)
{
	Oid			r = get_role_oid(lifecycle_role_name(role), true);

	return OidIsValid(r) && has_privs_of_role(actor, r);
}

/* "dossier_a, dossier_b or dossier_c": the SQL roles in mask, for messages. */
static char *
role_list(uint32 mask)
{
	StringInfoData out;
	int			left = pg_popcount32(mask);

	initStringInfo(&out);
	for (int r = 0; r < LIFECYCLE_N_ROLES; r++)
	{
		if (!(mask & (UINT32_C(1) << r)))
			continue;
		appendStringInfoString(&out, lifecycle_role_name(r));
		left--;
		if (left > 1)
			appendStringInfoString(&out, ", ");
		else if (left == 1)
			appendStringInfoString(&out, " or ");
	}
	return out.data;
}

/*
 * Check that an applicant's portal may act: the session has dossier_portal,
 * the action is one an applicant may take, and on_behalf_of is the owner.
 * Returns the owner's identifier in canonical form, to be recorded.
 */
static text *
check_applicant(Oid actor, const char *what, uint32 mask, text *on_behalf_of,
				Datum owner, Oid owner_type)
{
	Oid			infunc;
	Oid			ioparam;
	Datum		claimed;

	if (!(mask & (UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT)))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s on behalf of an applicant", what),
				 errdetail("Only staff may %s: members of %s.", what,
						   role_list(mask & ~(UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT))),
				 errhint("An applicant may supply papers, pay, ask to withdraw and receive an electronic result; leave on_behalf_of NULL when an official acts.")));
	if (!acts_as(actor, LIFECYCLE_ROLE_APPLICANT))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to act on behalf of an applicant"),
				 errdetail("Role \"%s\" is not a member of dossier_portal.",
						   GetUserNameFromId(actor, false)),
				 errhint("Only a portal's service account (a member of dossier_portal) acts on behalf of applicants; staff leave on_behalf_of NULL.")));
	getTypeInputInfo(owner_type, &infunc, &ioparam);
	claimed = OidInputFunctionCall(infunc, text_to_cstring(on_behalf_of), ioparam, -1);
	if (DatumGetInt64(claimed) != DatumGetInt64(owner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s for another owner", what),
				 errdetail("The applicant %s is not the owner of the dossier.",
						   datum_text(claimed, owner_type)),
				 errhint("A portal acts only for the owner of the dossier: pass the owner's personal ID or tax code in on_behalf_of.")));
	return cstring_to_text(datum_text(claimed, owner_type));
}

/* Check that staff may act: the session has one of the roles of mask. */
static void
check_staff(Oid actor, const char *what, uint32 mask)
{
	uint32		staff = mask & ~(UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT);

	for (int r = 0; r < LIFECYCLE_N_ROLES; r++)
		if ((staff & (UINT32_C(1) << r)) && acts_as(actor, r))
			return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s", what),
			 errdetail("Only members of %s may %s; role \"%s\" is none of them.",
					   staff ? role_list(staff) : "no staff role", what,
					   GetUserNameFromId(actor, false)),
			 acts_as(actor, LIFECYCLE_ROLE_APPLICANT) && (mask & (UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT)) ?
			 errhint("A portal acts on behalf of an applicant: pass the owner's personal ID or tax code in on_behalf_of.") :
			 errhint("Have an official who holds one of these roles act, or ask a DBA to grant the role.")));
}

/* Raise 22023 for an argument that does not apply to the action. */
static void
not_applicable(const char *arg, int action, const char *applies_to)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument %s does not apply to action %s", arg, lifecycle_action_name(action)),
			 errdetail("%s is used only by %s.", arg, applies_to),
			 errhint("Leave %s NULL for action %s.", arg, lifecycle_action_name(action))));
}

/* Check the arguments that only some actions take. */
static void
check_applicable(int action, const TransitionArgs *a)
{
	if (a->has_to_step && action != ACTION_START_PROCESSING &&
		action != ACTION_MOVE_STEP && action != ACTION_RECALL)
		not_applicable("to_step", action, "start_processing, move_step and recall");
	if (a->has_to_agency && action != ACTION_TRANSFER)
		not_applicable("to_agency", action, "transfer");
	if (a->has_new_appointment && action != ACTION_APOLOGIZE)
		not_applicable("new_appointment", action, "apologize");
	if (action == ACTION_TRANSFER && !a->has_to_agency)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("transfer needs the agency to transfer to"),
				 errdetail("Argument to_agency is NULL."),
				 errhint("Pass to_agency => the code of the agency that takes the dossier over (liên thông).")));
	if (action == ACTION_APOLOGIZE && !a->has_new_appointment)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("an apology needs a new appointment"),
				 errdetail("Argument new_appointment is NULL."),
				 errhint("Pass new_appointment => the new date promised in the apology letter (phiếu xin lỗi và hẹn lại ngày trả kết quả).")));
}

/* "2026-11-20 08:00:00+07" in Vietnam time, for messages. */
static char *
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

/*
 * The instant of the event: the caller's, which may not be in the future nor
 * before the dossier's last event (VN103); or the current time, read after
 * the dossier row is locked.  The transaction's start time would not do: a
 * transaction that started before a concurrent one committed a newer event
 * would date its own event before it.
 */
static TimestampTz
event_time(const TransitionArgs *a, const DossierRow *row, const char *code_text)
{
	TimestampTz at;
	TimestampTz now;

	if (!a->has_at)
	{
		at = GetCurrentTimestamp();
		return row && at < row->updated_at ? row->updated_at : at;
	}
	at = a->at;

	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_EVENT_TIME),
				 errmsg("event time must be finite"),
				 errdetail("The event time given is %s.", timestamptz_to_str(at)),
				 errhint("Omit the argument at to use the current time.")));
	now = GetCurrentTimestamp();
	if (at > now)
		ereport(ERROR,
				(errcode(ERRCODE_EVENT_TIME),
				 errmsg("event time %s is in the future", vn_text(at)),
				 errdetail("It is now %s; events are recorded when they happen.", vn_text(now)),
				 errhint("Omit the argument at to use the current time.")));
	if (row && at < row->updated_at)
		ereport(ERROR,
				(errcode(ERRCODE_EVENT_TIME),
				 errmsg("event time %s is before the last event of dossier %s", vn_text(at), code_text),
				 errdetail("The last event of the dossier happened at %s; history is recorded in order.",
						   vn_text(row->updated_at)),
				 errhint("Pass a time at or after the last event, or omit at to use the current time.")));
	return at;
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

/* The DVCQG payload of the dossier after an event (docs/reference/outbox.md). */
static char *
outbox_payload(const DossierRow *row, int seq, int action, TimestampTz at)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"MaHoSo\": ");
	escape_json(&buf, row->code_text);
	appendStringInfoString(&buf, ", \"MaTTHC\": ");
	escape_json(&buf, datum_text(row->procedure, t_procedure_code));
	appendStringInfoString(&buf, ", \"MaCoQuan\": ");
	escape_json(&buf, datum_text(row->agency, t_agency_code));
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
 * poll (docs/reference/outbox.md).  It is rate-limited because PostgreSQL
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
	bytea	   *prev_b;
	bytea	   *hash_b;
	Datum		ov[5];
	char		key[DOSSIER_CODE_TEXT_LEN + 64];
	int			seq = row->events + 1;

	memset(isnull, 0, sizeof(isnull));
	v[HF_DOSSIER] = row->code;
	v[HF_SEQ] = Int32GetDatum(seq);
	isnull[HF_ACTION] = action < 0;
	v[HF_ACTION] = action < 0 ? (Datum) 0 :
		DirectFunctionCall2(enum_in, CStringGetDatum(lifecycle_action_name(action)),
							ObjectIdGetDatum(t_action));
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

	history_hash(v, isnull, row->head, hash);
	prev_b = palloc(VARHDRSZ + HISTORY_HASH_LEN);
	SET_VARSIZE(prev_b, VARHDRSZ + HISTORY_HASH_LEN);
	memcpy(VARDATA(prev_b), row->head, HISTORY_HASH_LEN);
	hash_b = palloc(VARHDRSZ + HISTORY_HASH_LEN);
	SET_VARSIZE(hash_b, VARHDRSZ + HISTORY_HASH_LEN);
	memcpy(VARDATA(hash_b), hash, HISTORY_HASH_LEN);
	v[HISTORY_N_FIELDS] = PointerGetDatum(prev_b);
	v[HISTORY_N_FIELDS + 1] = PointerGetDatum(hash_b);
	for (int i = 0; i < HISTORY_N_FIELDS; i++)
		nulls[i] = isnull[i] ? 'n' : ' ';
	nulls[HISTORY_N_FIELDS] = ' ';
	nulls[HISTORY_N_FIELDS + 1] = ' ';
	guard_allow(event_relid);
	if (SPI_execute_plan(event_plan, v, nulls, false, 0) != SPI_OK_INSERT)
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
	if (SPI_execute_plan(outbox_plan, ov, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "cannot write dossier.outbox");
	wake_outbox_listeners();

	row->events = seq;
	memcpy(row->head, hash, HISTORY_HASH_LEN);
}

/* The procedure of a dossier, from the cache; VN104 when it has disappeared. */
static const ProcedureInfo *
dossier_procedure(Datum procedure)
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(procedure));
	const ProcedureInfo *p = procedure_lookup(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));

	if (p == NULL)
	{
		char	   *code = datum_text(procedure, t_procedure_code);

		ereport(ERROR,
				(errcode(ERRCODE_UNKNOWN_PROCEDURE),
				 errmsg("procedure %s does not exist", code),
				 errdetail("No row of dossier.procedure has the code %s.", code),
				 errhint("Load the procedure into dossier.procedure (with its processing time) first.")));
	}
	return p;
}

/* Check a requested step number against the procedure's steps (VN106). */
static int
checked_step(const ProcedureInfo *p, int step, const char *code_text)
{
	if (p->n_steps == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_STEP),
				 errmsg("procedure %s has no internal steps", p->code),
				 errdetail("Dossier %s cannot be moved to step %d: dossier.procedure_step has no rows for the procedure.",
						   code_text, step),
				 errhint("Leave to_step NULL, or define the steps in dossier.procedure_step.")));
	if (step < 1 || step > p->n_steps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_STEP),
				 errmsg("procedure %s has no step %d", p->code, step),
				 errdetail("The procedure has steps 1 to %d.", p->n_steps),
				 errhint("Pass a step number from dossier.procedure_step.")));
	return step;
}

/*
 * Close an open supplement pause at instant at: the paused working time is
 * added to supplement_time, and the due date is extended by it, or
 * restarted from at when restart (the procedure's mode, for a received
 * supplement).  An appointment that was the due date follows it; a later
 * one (an apology) is kept if still later.
 */
static void
close_pause(DossierRow *row, const ProcedureInfo *p, TimestampTz at, bool restart)
{
	int64		paused;
	TimestampTz due;

	if (row->paused_at.isnull)
		return;
	paused = calendar_between_usecs(p->calendar, row->paused_at.v, at);
	row->supplement_usecs += paused;
	if (restart)
		due = calendar_add_amount(p->calendar, at, p->processing_time, p->time_unit);
	else if (!row->due_at.isnull)
		due = calendar_add_usecs(p->calendar, row->due_at.v, paused);
	else
		due = 0;
	if (!row->due_at.isnull || restart)
	{
		if (row->appointment_at.isnull || row->appointment_at.v == row->due_at.v ||
			row->appointment_at.v < due)
			row->appointment_at = opt_time(due);
		row->due_at = opt_time(due);
	}
	row->paused_at.isnull = true;
}

/*
 * Apply action to the locked dossier row and write everything; returns the
 * new status.  Runs inside the caller's SPI connection.
 */
static int
do_transition(Datum code, int action, TransitionArgs *a)
{
	DossierRow	row;
	Oid			actor = GetOuterUserId();
	const ProcedureInfo *p;
	uint32		mask = lifecycle_action_roles(action);
	int			from;
	int			next;
	TimestampTz at;
	char		what[64];

	check_applicable(action, a);
	lock_dossier(code, &row);
	from = row.status;
	next = lifecycle_next_from(from, action, row.prior_status);
	if (next == STATUS_NONE)
		report_illegal_transition(from, action, row.code_text);
	p = dossier_procedure(row.procedure);

	/* who may act */
	snprintf(what, sizeof(what), "%s dossier", lifecycle_action_name(action));
	if (a->on_behalf_of != NULL)
		a->on_behalf_of = check_applicant(actor, what, mask, a->on_behalf_of,
										  row.owner, row.owner_type);
	else if (action == ACTION_MOVE_STEP && p->n_steps > 0 && row.step > 0)
	{
		const ProcedureStep *s = &p->steps[row.step - 1];

		if (!has_privs_of_role(actor, s->role))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to complete step %d \"%s\" of dossier %s",
							s->step, s->name, row.code_text),
					 errdetail("Step %d of procedure %s is completed by members of %s; role \"%s\" is not one.",
							   s->step, p->code, GetUserNameFromId(s->role, false),
							   GetUserNameFromId(actor, false)),
					 errhint("Have an official holding the step's role act; dossier.procedure_step lists the roles.")));
	}
	else if (action == ACTION_RESOLVE && p->n_steps > 0)
	{
		const ProcedureStep *last = &p->steps[p->n_steps - 1];

		if (row.step != p->n_steps)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_STEP),
					 errmsg("dossier %s is not at the last step of its processing", row.code_text),
					 errdetail("The dossier is at step %d of %d; processing finishes after step %d \"%s\".",
							   row.step, p->n_steps, last->step, last->name),
					 errhint("Move the dossier through its remaining steps with action move_step first.")));
		if (!has_privs_of_role(actor, last->role))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to resolve dossier %s", row.code_text),
					 errdetail("The last step \"%s\" of procedure %s is completed by members of %s; role \"%s\" is not one.",
							   last->name, p->code, GetUserNameFromId(last->role, false),
							   GetUserNameFromId(actor, false)),
					 errhint("Have an official holding the last step's role resolve the dossier.")));
	}
	else
		check_staff(actor, what, mask);

	at = event_time(a, &row, row.code_text);

	/* leaving a supplement request closes the pause */
	if (from == STATUS_SUPPLEMENT_REQUESTED && next != STATUS_SUPPLEMENT_REQUESTED)
		close_pause(&row, p, at, action == ACTION_SUPPLEMENT_RECEIVED && p->restart);

	switch ((LifecycleAction) action)
	{
		case ACTION_RECEIVE:
			row.received_at = opt_time(at);
			row.due_at = opt_time(calendar_add_amount(p->calendar, at, p->processing_time,
													  p->time_unit));
			row.appointment_at = row.due_at;
			break;
		case ACTION_REFUSE:
		case ACTION_STOP:
			if (row.stopped_at.isnull)
				row.stopped_at = opt_time(at);
			break;
		case ACTION_START_PROCESSING:
		case ACTION_RECALL:
			row.step = a->has_to_step ? checked_step(p, a->to_step, row.code_text) :
				(p->n_steps > 0 ? 1 : 0);
			break;
		case ACTION_MOVE_STEP:
			{
				int			to;

				if (p->n_steps == 0)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_STEP),
							 errmsg("procedure %s has no internal steps", p->code),
							 errdetail("Dossier %s has nowhere to move: dossier.procedure_step has no rows for the procedure.",
									   row.code_text),
							 errhint("Resolve the dossier when processing is done, or define the steps in dossier.procedure_step.")));
				if (a->has_to_step)
					to = checked_step(p, a->to_step, row.code_text);
				else if (row.step >= p->n_steps)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_STEP),
							 errmsg("dossier %s is at the last step of its processing", row.code_text),
							 errdetail("Step %d \"%s\" is the last of procedure %s.",
									   row.step, p->steps[row.step - 1].name, p->code),
							 errhint("Use action resolve to finish processing, or pass to_step to go back to an earlier step.")));
				else
					to = row.step + 1;
				if (to == row.step)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_STEP),
							 errmsg("dossier %s is already at step %d", row.code_text, to),
							 errdetail("Moving to the current step would record nothing."),
							 errhint("Pass another to_step, or leave it NULL to move to the next step.")));
				row.step = to;
				break;
			}
		case ACTION_REQUEST_SUPPLEMENT:
			row.paused_at = opt_time(at);
			if (row.supplement_requests < PG_INT16_MAX)
				row.supplement_requests++;
			break;
		case ACTION_REQUEST_WITHDRAWAL:
			if (!row.received_at.isnull && row.withdrawn_at.isnull)
				row.withdrawn_at = opt_time(at);
			break;
		case ACTION_RESOLVE:
			if (row.resolved_at.isnull)
				row.resolved_at = opt_time(at);
			break;
		case ACTION_RETURN_RESULT:
			row.returned_at = opt_time(at);
			break;
		case ACTION_TRANSFER:
			{
				Datum		args[1] = {a->to_agency};
				char	   *to = datum_text(a->to_agency, t_agency_code);

				if (SPI_execute_plan(agency_plan, args, NULL, true, 1) != SPI_OK_SELECT)
					elog(ERROR, "cannot read dossier.agency");
				if (SPI_processed == 0)
					ereport(ERROR,
							(errcode(ERRCODE_UNKNOWN_AGENCY),
							 errmsg("agency %s does not exist", to),
							 errdetail("No row of dossier.agency has the code %s.", to),
							 errhint("Load the agency into dossier.agency first.")));
				if (strcmp(to, datum_text(row.agency, t_agency_code)) == 0)
					ereport(ERROR,
							(errcode(ERRCODE_SAME_AGENCY),
							 errmsg("dossier %s is already with agency %s", row.code_text, to),
							 errdetail("A transfer (liên thông) moves a dossier to another agency."),
							 errhint("Pass the code of the agency that takes the dossier over.")));
				row.agency = a->to_agency;
				break;
			}
		case ACTION_APOLOGIZE:
			if (row.appointment_at.isnull)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_APPOINTMENT),
						 errmsg("dossier %s has no appointment to postpone", row.code_text),
						 errdetail("The dossier was never received, so no receipt slip fixed a date for the result."),
						 errhint("An apology letter postpones the date of a received dossier.")));
			if (TIMESTAMP_NOT_FINITE(a->new_appointment))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_APPOINTMENT),
						 errmsg("new appointment must be finite"),
						 errdetail("The new appointment given is %s.", timestamptz_to_str(a->new_appointment)),
						 errhint("An apology letter names the date the result will be ready.")));
			if (a->new_appointment <= row.appointment_at.v || a->new_appointment <= at)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_APPOINTMENT),
						 errmsg("new appointment %s is not later than the current one", vn_text(a->new_appointment)),
						 errdetail("The current appointment of dossier %s is %s and the apology is dated %s.",
								   row.code_text, vn_text(row.appointment_at.v), vn_text(at)),
						 errhint("An apology promises a later date than both.")));
			row.appointment_at = opt_time(a->new_appointment);
			break;
		case ACTION_SUPPLEMENT_RECEIVED:
		case ACTION_REQUEST_PAYMENT:
		case ACTION_PAID:
			break;
	}
	if (next != STATUS_PROCESSING)
		row.step = 0;
	if (next != from)
		row.prior_status = from;
	row.status = next;
	row.updated_at = at;

	PG_TRY();
	{
		Datum		v[18];
		char		n[18];
		Interval	supp;

		write_event(&row, action, from, at, a, actor);
		memset(n, ' ', sizeof(n));
		memset(&supp, 0, sizeof(supp));
		supp.time = row.supplement_usecs;
		v[0] = row.code;
		v[1] = row.agency;
		v[2] = Int16GetDatum(row.status);
		v[3] = Int16GetDatum(row.step);
		n[3] = row.step == 0 ? 'n' : ' ';
		v[4] = opt_datum(row.received_at, &n[4]);
		v[5] = opt_datum(row.due_at, &n[5]);
		v[6] = opt_datum(row.appointment_at, &n[6]);
		v[7] = opt_datum(row.paused_at, &n[7]);
		v[8] = Int16GetDatum(row.supplement_requests);
		v[9] = IntervalPGetDatum(&supp);
		v[10] = opt_datum(row.resolved_at, &n[10]);
		v[11] = opt_datum(row.returned_at, &n[11]);
		v[12] = opt_datum(row.stopped_at, &n[12]);
		v[13] = opt_datum(row.withdrawn_at, &n[13]);
		v[14] = TimestampTzGetDatum(row.updated_at);
		v[15] = Int32GetDatum(row.events);
		{
			bytea	   *h = palloc(VARHDRSZ + HISTORY_HASH_LEN);

			SET_VARSIZE(h, VARHDRSZ + HISTORY_HASH_LEN);
			memcpy(VARDATA(h), row.head, HISTORY_HASH_LEN);
			v[16] = PointerGetDatum(h);
		}
		v[17] = Int16GetDatum(row.prior_status);
		n[17] = row.prior_status == 0 ? 'n' : ' ';
		guard_allow(dossier_relid);
		if (SPI_execute_plan(update_plan, v, n, false, 0) != SPI_OK_UPDATE || SPI_processed != 1)
			elog(ERROR, "cannot update dossier %s", row.code_text);
	}
	PG_FINALLY();
	{
		guard_close();
	}
	PG_END_TRY();
	return next;
}

/* Read the optional arguments at the given positions (-1: the function has none). */
static void
read_args(FunctionCallInfo fcinfo, TransitionArgs *a, int note_arg, int step_arg,
		  int agency_arg, int appt_arg, int behalf_arg, int at_arg)
{
	memset(a, 0, sizeof(*a));
	if (note_arg >= 0 && !PG_ARGISNULL(note_arg))
		a->note = PG_GETARG_TEXT_PP(note_arg);
	if (step_arg >= 0 && !PG_ARGISNULL(step_arg))
	{
		a->has_to_step = true;
		a->to_step = PG_GETARG_INT32(step_arg);
	}
	if (agency_arg >= 0 && !PG_ARGISNULL(agency_arg))
	{
		a->has_to_agency = true;
		a->to_agency = PG_GETARG_DATUM(agency_arg);
	}
	if (appt_arg >= 0 && !PG_ARGISNULL(appt_arg))
	{
		a->has_new_appointment = true;
		a->new_appointment = PG_GETARG_TIMESTAMPTZ(appt_arg);
	}
	if (behalf_arg >= 0 && !PG_ARGISNULL(behalf_arg))
		a->on_behalf_of = PG_GETARG_TEXT_PP(behalf_arg);
	if (at_arg >= 0 && !PG_ARGISNULL(at_arg))
	{
		a->has_at = true;
		a->at = PG_GETARG_TIMESTAMPTZ(at_arg);
	}
}

/* Raise 22004 for a required argument that is NULL. */
static void
require_arg(FunctionCallInfo fcinfo, int arg, const char *name, const char *hint)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument %s must not be null", name),
				 errdetail("Argument %s is NULL.", name),
				 errhint("%s", hint)));
}

/*
 * dossier.transition(code, action, note, to_step, to_agency,
 *					  new_appointment, on_behalf_of, at) -> dossier_status
 */
Datum
dossier_transition(PG_FUNCTION_ARGS)
{
	TransitionArgs a;
	int			action;
	int			next;

	require_arg(fcinfo, 0, "code", "Pass the code of the dossier, as printed on the receipt slip.");
	require_arg(fcinfo, 1, "action", "Pass one of the actions of dossier.dossier_action; dossier.transition_table lists the legal ones.");
	action = action_of_datum(PG_GETARG_DATUM(1));
	read_args(fcinfo, &a, 2, 3, 4, 5, 6, 7);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ensure_plans();
	next = do_transition(PG_GETARG_DATUM(0), action, &a);
	SPI_finish();
	PG_RETURN_INT16((int16) next);
}

/*
 * dossier.register_dossier(procedure, agency, owner_citizen, owner_enterprise,
 *		channel, on_behalf_of, at, code, note, receive) -> dossier_code
 */
Datum
dossier_register(PG_FUNCTION_ARGS)
{
	Oid			actor = GetOuterUserId();
	TransitionArgs a;
	DossierRow	row;
	Datum		code;
	char	   *channel;
	TimestampTz at;
	bool		receive = !PG_ARGISNULL(9) && PG_GETARG_BOOL(9);
	MemoryContext caller_cxt;

	require_arg(fcinfo, 0, "procedure", "Pass the code of the procedure (mã TTHC) the dossier is filed for.");
	require_arg(fcinfo, 1, "agency", "Pass the code of the receiving agency.");
	require_arg(fcinfo, 4, "channel", "Pass direct, online or postal.");
	if (PG_ARGISNULL(2) == PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OWNER),
				 errmsg("a dossier has exactly one owner"),
				 errdetail(PG_ARGISNULL(2) ? "Both owner_citizen and owner_enterprise are NULL." :
						   "Both owner_citizen and owner_enterprise are given."),
				 errhint("Pass owner_citizen (personal ID) for a person or owner_enterprise (tax code) for an organisation.")));
	read_args(fcinfo, &a, 8, -1, -1, -1, 5, 6);
	channel = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(4)));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ensure_plans();

	memset(&row, 0, sizeof(row));
	row.owner_is_citizen = !PG_ARGISNULL(2);
	row.owner = row.owner_is_citizen ? PG_GETARG_DATUM(2) : PG_GETARG_DATUM(3);
	row.owner_type = row.owner_is_citizen ? t_citizen_id : t_tax_code;
	{
		uint32		mask = lifecycle_register_roles();

		if (a.on_behalf_of != NULL)
		{
			a.on_behalf_of = check_applicant(actor, "register a dossier", mask, a.on_behalf_of,
											 row.owner, row.owner_type);
			if (strcmp(channel, "online") != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("a portal registers only online dossiers"),
						 errdetail("The channel given is %s.", channel),
						 errhint("Pass channel => 'online'; dossiers handed in at the desk or by post are registered by a desk officer.")));
		}
		else
			check_staff(actor, "register a dossier", mask);
		if (receive && !acts_as(actor, LIFECYCLE_ROLE_DESK_OFFICER))
			check_staff(actor, "receive dossier", lifecycle_action_roles(ACTION_RECEIVE));
	}

	/* procedure and agency must exist */
	row.procedure = PG_GETARG_DATUM(0);
	(void) dossier_procedure(row.procedure);
	row.agency = PG_GETARG_DATUM(1);
	{
		Datum		args[1] = {row.agency};

		if (SPI_execute_plan(agency_plan, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "cannot read dossier.agency");
		if (SPI_processed == 0)
		{
			char	   *ag = datum_text(row.agency, t_agency_code);

			ereport(ERROR,
					(errcode(ERRCODE_UNKNOWN_AGENCY),
					 errmsg("agency %s does not exist", ag),
					 errdetail("No row of dossier.agency has the code %s.", ag),
					 errhint("Load the agency into dossier.agency first.")));
		}
	}
	at = event_time(&a, NULL, NULL);

	/* the code: given, or the next of the agency for the day */
	if (!PG_ARGISNULL(7))
	{
		Datum		args[1];

		code = PG_GETARG_DATUM(7);
		args[0] = code;
		/* not read-only: see a dossier an earlier call of this statement made */
		if (SPI_execute_plan(exists_plan, args, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "cannot read dossier.dossier");
		if (SPI_processed > 0)
		{
			char	   *c = datum_text(code, t_dossier_code);

			ereport(ERROR,
					(errcode(ERRCODE_DOSSIER_EXISTS),
					 errmsg("dossier %s already exists", c),
					 errdetail("A dossier code is given to one dossier only."),
					 errhint("Omit code to allocate the next one with dossier.next_dossier_code.")));
		}
	}
	else
	{
		Datum		args[2] = {row.agency, TimestampTzGetDatum(at)};
		bool		isnull;

		if (SPI_execute_plan(code_plan, args, NULL, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "cannot allocate a dossier code");
		code = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		code = datumCopy(code, false, -1);
	}

	row.code = code;
	row.code_text = datum_text(code, t_dossier_code);
	row.channel = strcmp(channel, "direct") == 0 ? 1 : strcmp(channel, "online") == 0 ? 2 : 3;
	row.status = STATUS_REGISTERED;
	row.registered_at = at;
	row.received_at.isnull = row.due_at.isnull = row.appointment_at.isnull = true;
	row.paused_at.isnull = row.resolved_at.isnull = row.returned_at.isnull = true;
	row.stopped_at.isnull = row.withdrawn_at.isnull = true;
	row.updated_at = at;
	memset(row.head, 0, HISTORY_HASH_LEN);

	caller_cxt = CurrentMemoryContext;
	PG_TRY();
	{
		Datum		v[12];
		char		n[12];
		bytea	   *h;

		write_event(&row, -1, 0, at, &a, actor);
		memset(n, ' ', sizeof(n));
		h = palloc(VARHDRSZ + HISTORY_HASH_LEN);
		SET_VARSIZE(h, VARHDRSZ + HISTORY_HASH_LEN);
		memcpy(VARDATA(h), row.head, HISTORY_HASH_LEN);
		v[0] = row.code;
		v[1] = row.procedure;
		v[2] = row.agency;
		v[3] = row.owner_is_citizen ? row.owner : (Datum) 0;
		n[3] = row.owner_is_citizen ? ' ' : 'n';
		v[4] = row.owner_is_citizen ? (Datum) 0 : row.owner;
		n[4] = row.owner_is_citizen ? 'n' : ' ';
		v[5] = PG_GETARG_DATUM(4);
		v[6] = Int16GetDatum(STATUS_REGISTERED);
		v[7] = TimestampTzGetDatum(at);
		v[8] = TimestampTzGetDatum(at);
		v[9] = Int32GetDatum(row.events);
		v[10] = PointerGetDatum(h);
		v[11] = Int16GetDatum(0);
		guard_allow(dossier_relid);
		if (SPI_execute_plan(insert_plan, v, n, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "cannot insert dossier %s", row.code_text);
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
				 errmsg("dossier %s already exists", row.code_text),
				 errdetail("Another session registered a dossier with this code at the same time."),
				 errhint("Omit code to allocate the next one with dossier.next_dossier_code.")));
	}
	PG_END_TRY();
	guard_close();

	if (receive)
	{
		TransitionArgs r;

		memset(&r, 0, sizeof(r));
		r.has_at = true;
		r.at = at;
		do_transition(code, ACTION_RECEIVE, &r);
	}
	code = SPI_datumTransfer(code, false, -1);
	SPI_finish();
	PG_RETURN_DATUM(code);
}
