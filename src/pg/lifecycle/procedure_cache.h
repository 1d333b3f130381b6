/*
 * procedure_cache.h
 *	  Procedures and their internal steps, cached per backend
 *	  (procedure_cache.c) for the lifecycle functions.
 */
#ifndef DOSSIER_PROCEDURE_CACHE_H
#define DOSSIER_PROCEDURE_CACHE_H

#include "postgres.h"
#include "utils/numeric.h"

#include "core/identifiers/procedure_code.h"

#define PROCEDURE_CACHE_KEY_LEN PROCEDURE_CODE_BUF_LEN

typedef struct ProcedureStep
{
	int			step;
	char	   *name;
	Oid			role;
} ProcedureStep;

typedef struct ProcedureInfo
{
	char		code[PROCEDURE_CACHE_KEY_LEN];
	Numeric		processing_time;
	char		time_unit[16];	/* working_day, working_hour, calendar_day */
	bool		restart;		/* supplement_mode = 'restart' */
	char	   *calendar;
	int			n_steps;
	ProcedureStep *steps;		/* steps[i].step == i + 1 */
} ProcedureInfo;

/* The procedure coded code (canonical text), or NULL when there is none. */
extern const ProcedureInfo *procedure_lookup(const char *code, int len);

#endif							/* DOSSIER_PROCEDURE_CACHE_H */
