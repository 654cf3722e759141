/*
 * libsdm EHR example - one consultation: a JSON request in, a JSON response out.
 * SPDX-License-Identifier: MIT
 */
#ifndef EHR_CONSULTATION_H
#define EHR_CONSULTATION_H

#include <stddef.h>

/*
 * The longest request line, in bytes without its end of line: a request
 * holds a ranking of up to 36 side effects and a few options, some kilobytes;
 * a longer line is refused (SDM_ERR_LIMIT) without being read into memory.
 */
#define CONSULTATION_MAX_REQUEST (1024u * 1024u)

/*
 * Answers one request line (see README: "EHR prescribing module") for the
 * Trust given as `trust` (a const struct trust *): `len` bytes at `request`,
 * which need not end with a NUL, and may hold one (then refused). A line
 * over CONSULTATION_MAX_REQUEST bytes is refused from its length alone;
 * `request` may then be NULL. Every line gets an answer, an empty one an
 * error. Does no I/O. Returns the response as one line of compact JSON, to
 * free with free(); NULL only when out of memory. Safe to call from several
 * threads at once on one Trust.
 */
char *consultation_respond(const char *request, size_t len, void *trust);

#endif /* EHR_CONSULTATION_H */
