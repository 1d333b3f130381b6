-- dossier upgrade script 0.1.0 -> 0.2.0, assembled by the Makefile from
-- extension/upgrade/0.1.0--0.2.0/*.sql in file-name order.  Every schema
-- change made to extension/parts/ after 0.1.0 was frozen has its part here,
-- under the same concern's name; the upgrade test (test/tap/006_upgrade.pl)
-- proves 0.1.0 + this script = a fresh 0.2.0 install.
\echo Use "ALTER EXTENSION dossier UPDATE TO '0.2.0'" to load this file. \quit
