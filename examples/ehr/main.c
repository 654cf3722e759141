/*
 * sdm-ehr - the libsdm EHR example: the prescribing module of an electronic
 * health record, as a small server. It loads the Trust's formulary once,
 * then answers consultation requests (JSON Lines on standard input) with
 * the ranked options, the excluded medicines, the information cards and the
 * decision record to store (JSON Lines on standard output, in request
 * order), on several threads that share the one loaded formulary.
 *
 *   sdm-ehr --config trust-config.json [--threads N] < requests.jsonl
 *
 * Every line gets exactly one response, in order: a bad request (an empty
 * line, one that is not JSON, one over the size limit) gets an error
 * response and the server goes on serving. If the output fails, sdm-ehr says
 * on standard error how many responses it wrote, and exits with status 1.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sdm/sdm.h>

#include "consultation.h"
#include "pipeline.h"
#include "trust.h"

#define MAX_THREADS 64

static const char usage[] =
    "usage: sdm-ehr --config FILE [--threads N]\n"
    "Reads consultation requests, one JSON object per line, on standard input\n"
    "and writes one JSON response per line, in request order, on standard output.\n"
    "Every line is answered, a bad one with an error; a line may have 1 MiB.\n"
    "  --config FILE  the Trust's configuration (formulary, withdrawn medicines)\n"
    "  --threads N    worker threads, 1 to 64 (default 4)\n";

struct args {
    const char *config;
    unsigned threads;
};

static int parse_threads(const char *text, unsigned *threads)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || n < 1 || n > MAX_THREADS)
        return -1;
    *threads = (unsigned)n;
    return 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
    *a = (struct args){.threads = 4};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            a->config = argv[++i];
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            if (parse_threads(argv[++i], &a->threads) != 0) {
                fprintf(stderr, "sdm-ehr: --threads takes a number from 1 to %d, not '%s'\n", MAX_THREADS,
                        argv[i]);
                return -1;
            }
        } else {
            fprintf(stderr, "sdm-ehr: unexpected argument '%s'\n", argv[i]);
            return -1;
        }
    }
    if (!a->config)
        fprintf(stderr, "sdm-ehr: --config is required\n");
    return a->config ? 0 : -1;
}

/* Says what went wrong, and exactly which requests were answered: the
 * responses written are those of the first `written` lines, each complete;
 * a line after them may hold part of the next response. */
static void report(const struct pipeline_result *r)
{
    const char *plural = r->written == 1 ? "" : "s";
    if (r->start_error)
        fprintf(stderr, "sdm-ehr: could not start the threads\n");
    if (r->write_error)
        fprintf(stderr,
                "sdm-ehr: could not write the response to request %zu: %s; %zu response%s written "
                "(to requests 1 to %zu), no more\n",
                r->written + 1, strerror(r->write_error), r->written, plural, r->written);
    else if (r->read_error)
        fprintf(stderr, "sdm-ehr: could not read the requests after request %zu: %s; %zu response%s written\n",
                r->read, strerror(r->read_error), r->written, plural);
}

int main(int argc, char **argv)
{
    struct args args;
    struct trust trust;
    char err[1024];

    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(usage, stdout);
        return EXIT_SUCCESS;
    }
    if (parse_args(argc, argv, &args) != 0) {
        fputs(usage, stderr);
        return 2;
    }
    /* A closed standard input or output would be taken by the next file or
     * pipe opened (the formulary, the pipeline's own pipe), and requests
     * read from it, or responses written to it. */
    for (int fd = STDIN_FILENO; fd <= STDOUT_FILENO; fd++) {
        if (fcntl(fd, F_GETFD) == -1) {
            fprintf(stderr, "sdm-ehr: standard %s is closed\n", fd == STDIN_FILENO ? "input" : "output");
            return EXIT_FAILURE;
        }
    }
    if (trust_load(&trust, args.config, err, sizeof err) != 0) {
        fprintf(stderr, "sdm-ehr: %s: %s\n", args.config, err);
        return EXIT_FAILURE;
    }
    /* jansson seeds its hash function on first use; doing it here, before any
     * worker starts, keeps that one-time step out of the threads. */
    json_object_seed(0);
    fprintf(stderr, "sdm-ehr: formulary '%s' version %s: %zu medicines, %zu withdrawn; %u threads\n",
            sdm_formulary_name(trust.formulary), sdm_formulary_version(trust.formulary),
            sdm_formulary_count(trust.formulary), trust.withdrawn_count, args.threads);

    /* A client that stops reading must not kill the server in the middle of
     * a response without a word: a failed write is reported instead. */
    signal(SIGPIPE, SIG_IGN);
    struct pipeline_config config = {.threads = args.threads, .max_line = CONSULTATION_MAX_REQUEST,
                                     .handler = consultation_respond, .ctx = &trust};
    struct pipeline_result result;
    int rc = pipeline_run(STDIN_FILENO, stdout, &config, &result);
    report(&result);
    trust_free(&trust);
    return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
