/*
 * libsdm - status texts and the thread-local last error.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "ids.h"
#include "internal.h"

/* Fixed size, so that reporting an out-of-memory failure never allocates. */
#define SDM_ERROR_TEXT 1024

static _Thread_local char last_error[SDM_ERROR_TEXT];

const char *sdm_strerror(sdm_status status)
{
    switch (status) {
    case SDM_OK: return "success";
    case SDM_ERR_INVALID_ARGUMENT: return "invalid argument";
    case SDM_ERR_NO_MEMORY: return "out of memory";
    case SDM_ERR_NOT_FOUND: return "not found";
    case SDM_ERR_DUPLICATE: return "given twice";
    case SDM_ERR_CONFLICT: return "both avoided and helpful";
    case SDM_ERR_PARSE: return "not well-formed JSON";
    case SDM_ERR_SCHEMA: return "not a valid document";
    case SDM_ERR_IO: return "input/output error";
    case SDM_ERR_LIMIT: return "over a size limit";
    }
    return "unknown status";
}

/* From SDM_ERR_LIMIT (-9) up to SDM_OK (0). */
static const char *const status_ids[] = {"limit", "io", "schema", "parse", "conflict", "duplicate",
                                         "not_found", "no_memory", "invalid_argument", "ok"};
static const sdm_id_table statuses = SDM_ID_TABLE("status", SDM_ERR_LIMIT, status_ids);

const char *sdm_status_id(sdm_status status)
{
    return sdm__id_of(&statuses, (int)status);
}

const char *sdm_last_error(void)
{
    return last_error;
}

void sdm_clear_error(void)
{
    last_error[0] = '\0';
}

sdm_status sdm__vfail(sdm_status status, const char *fmt, va_list ap)
{
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    return status;
}

sdm_status sdm__fail(sdm_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sdm__vfail(status, fmt, ap);
    va_end(ap);
    return status;
}

sdm_status sdm__fail_no_memory(void)
{
    return sdm__fail(SDM_ERR_NO_MEMORY, "out of memory");
}

sdm_status sdm__fail_prefix(sdm_status status, const char *prefix)
{
    char previous[SDM_ERROR_TEXT];
    memcpy(previous, last_error, sizeof previous);
    snprintf(last_error, sizeof last_error, "%s%s", prefix, previous);
    return status;
}
