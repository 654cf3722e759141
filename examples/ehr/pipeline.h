/*
 * libsdm EHR example - a line-oriented request pipeline: one reader, N
 * workers, one writer, responses in request order.
 * SPDX-License-Identifier: MIT
 */
#ifndef EHR_PIPELINE_H
#define EHR_PIPELINE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Turns one request line (without its newline) into one response line
 * (without a newline), allocated with malloc. Called from several threads at
 * once, so it must only read shared state. NULL means "out of memory".
 */
typedef char *(*pipeline_handler)(const char *request, size_t len, void *ctx);

/*
 * Reads `in` line by line until end of file, hands each non-empty line to
 * `handler` on one of `threads` worker threads, and writes the responses to
 * `out`, one per line and in the order of the requests, flushing each one so
 * that a client waiting for an answer gets it at once.
 * Returns 0, or -1 if a thread could not be started or `out` failed.
 */
int pipeline_run(FILE *in, FILE *out, unsigned threads, pipeline_handler handler, void *ctx);

#endif /* EHR_PIPELINE_H */
