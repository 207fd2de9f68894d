#ifndef CIRCLES_CLIBPQ_SHIM_H
#define CIRCLES_CLIBPQ_SHIM_H

#include <libpq-fe.h>

// PG_DIAG_* are character macros ('C', 'M', ...) that Swift cannot import;
// re-export the ones we read as constants.
static const int CIRCLES_PG_DIAG_SEVERITY = PG_DIAG_SEVERITY_NONLOCALIZED;
static const int CIRCLES_PG_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int CIRCLES_PG_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int CIRCLES_PG_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int CIRCLES_PG_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
static const int CIRCLES_PG_DIAG_SCHEMA_NAME = PG_DIAG_SCHEMA_NAME;
static const int CIRCLES_PG_DIAG_TABLE_NAME = PG_DIAG_TABLE_NAME;
static const int CIRCLES_PG_DIAG_COLUMN_NAME = PG_DIAG_COLUMN_NAME;
static const int CIRCLES_PG_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;

#endif
