#!/usr/bin/python3
"""driver_psycopg.py: what psycopg 3 does (test/driver/driver_params.c does
the same with libpq): server-side parameters, a Python str sent with no type
("unknown"), no search_path set by the client (docs/reference/access/access.md,
"Drivers"; issue 13 section 8).

Usage: driver_psycopg.py CONNINFO CODE AGENCY OWNER -- prints one line per
statement, "ok <first value>" or "error <SQLSTATE> <message>", for
test/tap/010_access_driver.pl."""
import sys

import psycopg


def run(conn, label, sql, params):
    """Run sql with params and print the outcome; roll back after an error."""
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            row = cur.fetchone() if cur.description else None
            value = "" if row is None or row[0] is None else str(row[0])
        conn.commit()
        print(f"{label}: ok {value}")
    except psycopg.Error as e:
        conn.rollback()
        print(f"{label}: error {e.sqlstate} {e.diag.message_primary}")


def main():
    conninfo, code, agency, owner = sys.argv[1:5]
    with psycopg.connect(conninfo) as conn:
        run(conn, "search_path", "SELECT pg_catalog.current_setting('search_path')", None)
        run(conn, "by_code", "SELECT status::text FROM dossier.dossier WHERE code = %s", (code,))
        run(conn, "by_agency", "SELECT count(*) FROM dossier.dossier WHERE agency = %s", (agency,))
        run(conn, "subtree", "SELECT count(*) FROM dossier.dossier WHERE agency <@ %s", (agency,))
        run(conn, "history", "SELECT count(*) FROM dossier.dossier_event WHERE dossier = %s", (code,))
        run(conn, "allowed", "SELECT dossier.allowed_actions(code => %s)::text", (code,))
        run(conn, "register",
            "SELECT dossier.register_dossier('9.100001', %s, owner_citizen => %s)::text", (agency, owner))
        run(conn, "transition", "SELECT dossier.transition(%s, %s)::text", (code, "request_payment"))


if __name__ == "__main__":
    main()
