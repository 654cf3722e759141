/*
 * libsdm - text that people read: what a loaded label, name or reason may
 * hold. Not installed.
 *
 * Every writer of the library (card text, explanations, JSON, records) puts
 * labels and names from loaded data next to its own words, so a name that
 * holds a line break could forge a line of a card, and a bidirectional
 * override could make "+++" read as "+". Text is therefore checked where it
 * enters (loading a document, setting a reason), once, and every writer can
 * trust it: valid UTF-8, no control characters (C0, DEL, C1), no line or
 * paragraph separators, no bidirectional controls, and not blank.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_TEXT_H
#define SDM_LIB_TEXT_H

#include "internal.h"

/* 0 when `s` may be shown to people; otherwise 1, with why not in `why`
 * ("holds a control character (U+000A) at byte 12"). A blank text (empty, or
 * only spaces) is refused unless `blank_ok`. */
SDM_HIDDEN int sdm__text_problem(const char *s, int blank_ok, char *why, size_t size);

/* Whether `s` is an ISO 8601 calendar date: "2023-04-25" (with `full`), or
 * also "2023" or "2023-04" (as much of a date as a source gives); the day must
 * be one the month has. */
SDM_HIDDEN int sdm__iso_date(const char *s, int full);

#endif /* SDM_LIB_TEXT_H */
