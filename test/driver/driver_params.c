/*
 * driver_params.c
 *	  What an ordinary driver does, with libpq: the extended query protocol,
 *	  parameters sent as text with no type (paramTypes = NULL, so the server
 *	  sees "unknown"), and no search_path set by the client
 *	  (docs/reference/access/access.md, "Drivers"; issue 13 section 8).
 *
 * Usage: driver_params CONNINFO CODE AGENCY OWNER
 *	 CONNINFO  how to connect, as the login role under test
 *	 CODE      a dossier code that role sees; AGENCY its agency
 *	 OWNER     a personal ID to register a dossier for at AGENCY
 *
 * Prints one line per statement: "ok <first value>" or "error <SQLSTATE>
 * <message>", for test/tap/010_access_driver.pl to compare.  Exits 0 when
 * it could connect, whatever the statements did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libpq-fe.h"

/* Run sql with the untyped text parameters and print the outcome. */
static void
run(PGconn *conn, const char *label, const char *sql, int n, const char *const *params)
{
	PGresult   *res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		printf("%s: ok %s\n", label,
			   PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? PQgetvalue(res, 0, 0) : "");
	else
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

		printf("%s: error %s %s\n", label, state ? state : "?????", msg ? msg : "");
	}
	PQclear(res);
}

int
main(int argc, char **argv)
{
	PGconn	   *conn;

	if (argc != 5)
	{
		fprintf(stderr, "usage: %s CONNINFO CODE AGENCY OWNER\n", argv[0]);
		return 2;
	}
	conn = PQconnectdb(argv[1]);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		fprintf(stderr, "cannot connect: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return 1;
	}
	{
		const char *code[] = {argv[2]};
		const char *agency[] = {argv[3]};
		const char *reg[] = {argv[3], argv[4]};
		const char *act[] = {argv[2], "request_payment"};

		run(conn, "search_path", "SELECT pg_catalog.current_setting('search_path')", 0, NULL);
		run(conn, "by_code", "SELECT status::text FROM dossier.dossier WHERE code = $1", 1, code);
		run(conn, "by_agency", "SELECT count(*) FROM dossier.dossier WHERE agency = $1", 1, agency);
		run(conn, "subtree", "SELECT count(*) FROM dossier.dossier WHERE agency <@ $1", 1, agency);
		run(conn, "history", "SELECT count(*) FROM dossier.dossier_event WHERE dossier = $1", 1, code);
		run(conn, "allowed", "SELECT dossier.allowed_actions(code => $1)::text", 1, code);
		run(conn, "register",
			"SELECT dossier.register_dossier('9.100001', $1, owner_citizen => $2)::text", 2, reg);
		run(conn, "transition", "SELECT dossier.transition($1, $2)::text", 2, act);
	}
	PQfinish(conn);
	return 0;
}
