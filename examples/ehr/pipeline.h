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
 * Turns one request line (without its end of line) into one response line
 * (without a newline), allocated with malloc. `request` may hold NUL bytes
 * (`len` counts them); it is NULL when the line was longer than the
 * pipeline's `max_line`, which then gives `len` as the line's length only,
 * for the handler to refuse it. Called from several threads at once, so it
 * must only read shared state. NULL means "out of memory".
 */
typedef char *(*pipeline_handler)(const char *request, size_t len, void *ctx);

struct pipeline_config {
    unsigned threads;         /* worker threads, at least 1 */
    size_t max_line;          /* the longest line kept, in bytes */
    pipeline_handler handler;
    void *ctx;                /* the handler's */
};

/* What a run did, for its report. */
struct pipeline_result {
    size_t read;        /* lines read */
    size_t written;     /* responses written in full: those of the first `written` lines */
    int read_error;     /* errno of a failed read of the input, or 0 */
    int write_error;    /* errno of a failed write of the output, or 0 */
    int start_error;    /* the threads could not be started */
};

/*
 * Reads the file descriptor `in` line by line until its end, hands every
 * line (an empty one too) to the handler on one of the worker threads, and
 * writes the responses to `out`, one per line and in the order of the
 * requests, flushing each one so that a client waiting for an answer gets
 * it at once. Memory is bounded: a line over `max_line` bytes is read to
 * its end without being kept, and reading waits while 16 requests per
 * worker, or 64 MiB of them, wait for their answers.
 *
 * When the output fails, reading stops at once (even if the input stays
 * open), the requests read are not answered, and `result` says how many
 * responses were written. Returns 0, or -1 if the output or the input failed
 * or the threads could not be started.
 */
int pipeline_run(int in, FILE *out, const struct pipeline_config *config, struct pipeline_result *result);

#endif /* EHR_PIPELINE_H */
