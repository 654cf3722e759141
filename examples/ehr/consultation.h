/*
 * libsdm EHR example - one consultation: a JSON request in, a JSON response out.
 * SPDX-License-Identifier: MIT
 */
#ifndef EHR_CONSULTATION_H
#define EHR_CONSULTATION_H

#include <stddef.h>

/*
 * Answers one request (see README: "EHR prescribing module") for the Trust
 * given as `trust` (a const struct trust *). Returns the response as one line
 * of compact JSON, to free with free(); NULL only when out of memory. Safe to
 * call from several threads at once on one Trust.
 */
char *consultation_respond(const char *request, size_t len, void *trust);

#endif /* EHR_CONSULTATION_H */
