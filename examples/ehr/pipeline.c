/*
 * libsdm EHR example - a line-oriented request pipeline: the calling thread
 * reads requests, worker threads answer them, a writer thread prints the
 * answers in request order.
 *
 * The requests live in a ring of slots. A request's slot is only reused
 * once its response has been written, so a worker may read its request and
 * fill in its response without holding the lock.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"

/* How far reading may run ahead of writing, per worker: enough to keep every
 * worker busy while a slow request holds up the output, and a bound on memory
 * when a client sends faster than we answer. */
#define SLOTS_PER_WORKER 16
/* And in bytes of requests waiting: with 64 workers and lines of up to 1 MiB
 * the slots alone would allow a GiB. */
#define QUEUED_BYTES (64u * 1024u * 1024u)

/* Written when the handler runs out of memory: a response that needs none. */
static const char no_memory_response[] =
    "{\"status\":\"error\",\"error\":{\"status\":\"SDM_ERR_NO_MEMORY\","
    "\"where\":\"server\",\"message\":\"out of memory\"}}";

struct slot {
    char *request; /* NULL for a line that was not kept */
    size_t len;
    int kept;      /* the line is in `request` */
    int no_memory; /* the line could not be kept for want of memory */
    char *response;
    int done;
};

struct pipeline {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* broadcast on every change of the counters below */
    struct slot *slots;
    size_t nslots;
    size_t queued;       /* requests read */
    size_t started;      /* requests handed to a worker */
    size_t written;      /* responses dealt with by the writer */
    size_t answered;     /* responses written in full */
    size_t queued_bytes; /* bytes of the requests not yet written */
    int eof;             /* no more requests will be queued */
    int failed;          /* the output failed: everyone stops */
    int write_error;     /* its errno */
    int stop[2];         /* a pipe: the writer wakes the reader when the output fails */
    const struct pipeline_config *config;
    FILE *out;
};

static struct slot *slot_of(struct pipeline *p, size_t seq)
{
    return &p->slots[seq % p->nslots];
}

static void signal_change(struct pipeline *p)
{
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

static int ring_full(const struct pipeline *p, size_t len)
{
    size_t waiting = p->queued - p->written;
    return waiting >= p->nslots || (waiting > 0 && p->queued_bytes + len > QUEUED_BYTES);
}

/* Takes ownership of `s.request` (freed here if the output has failed).
 * Blocks while the ring is full. */
static int enqueue(struct pipeline *p, struct slot s)
{
    pthread_mutex_lock(&p->lock);
    size_t bytes = s.request ? s.len : 0; /* a line not kept holds nothing */
    while (ring_full(p, bytes) && !p->failed)
        pthread_cond_wait(&p->changed, &p->lock);
    if (p->failed) {
        pthread_mutex_unlock(&p->lock);
        free(s.request);
        return -1;
    }
    *slot_of(p, p->queued) = s;
    p->queued++;
    p->queued_bytes += bytes;
    signal_change(p);
    return 0;
}

static char *answer(const struct pipeline *p, const struct slot *s)
{
    if (s->no_memory)
        return NULL;
    return p->config->handler(s->kept ? s->request : NULL, s->len, p->config->ctx);
}

static void *worker_main(void *arg)
{
    struct pipeline *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->started == p->queued && !p->eof && !p->failed)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->started == p->queued || p->failed) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        struct slot *s = slot_of(p, p->started++);
        pthread_mutex_unlock(&p->lock);

        char *response = answer(p, s);

        pthread_mutex_lock(&p->lock);
        s->response = response;
        s->done = 1;
        signal_change(p);
    }
}

/* Returns 0, or the errno of the failure. */
static int write_line(FILE *out, const char *text)
{
    errno = 0;
    if (fputs(text ? text : no_memory_response, out) >= 0 && putc('\n', out) != EOF && fflush(out) == 0)
        return 0;
    return errno ? errno : EIO;
}

static void stop_reading(struct pipeline *p)
{
    /* The pipe holds far more than the one byte ever written to it. */
    ssize_t n = write(p->stop[1], "x", 1);
    (void)n;
}

static void *writer_main(void *arg)
{
    struct pipeline *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (!(p->written < p->queued && slot_of(p, p->written)->done) &&
               !(p->eof && p->written == p->queued) && !p->failed)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->written == p->queued || p->failed) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        struct slot *s = slot_of(p, p->written);
        pthread_mutex_unlock(&p->lock);

        int error = write_line(p->out, s->response);
        size_t bytes = s->request ? s->len : 0;
        free(s->request);
        free(s->response);
        s->request = s->response = NULL;

        pthread_mutex_lock(&p->lock);
        p->written++;
        p->queued_bytes -= bytes;
        if (error) {
            p->failed = 1;
            p->write_error = error;
            stop_reading(p);
        } else {
            p->answered++;
        }
        signal_change(p);
    }
}

/* Returns the errno of a failed read, or 0. */
static int read_requests(struct pipeline *p, int in)
{
    struct line_reader *reader = malloc(sizeof *reader); /* 64 KiB of buffer */
    enum line_kind kind;
    struct slot s;
    if (reader)
        line_reader_init(reader, in, p->stop[0], p->config->max_line);
    while (reader && (kind = line_reader_next(reader, &s.request, &s.len)) != LINE_END) {
        s.kept = kind == LINE_KEPT;
        s.no_memory = kind == LINE_NO_MEMORY;
        s.response = NULL;
        s.done = 0;
        if (enqueue(p, s) != 0)
            break;
    }
    pthread_mutex_lock(&p->lock);
    p->eof = 1;
    signal_change(p);
    int error = reader ? reader->error : ENOMEM;
    free(reader);
    return error;
}

/* Frees what a failed run left in the ring. */
static void drain(struct pipeline *p)
{
    for (size_t seq = p->written; seq < p->queued; seq++) {
        free(slot_of(p, seq)->request);
        free(slot_of(p, seq)->response);
    }
}

static size_t start_threads(struct pipeline *p, pthread_t *tids, unsigned workers)
{
    size_t started = 0;
    if (pthread_create(&tids[started], NULL, writer_main, p) != 0)
        return 0;
    for (started = 1; started <= workers; started++)
        if (pthread_create(&tids[started], NULL, worker_main, p) != 0)
            break;
    return started;
}

int pipeline_run(int in, FILE *out, const struct pipeline_config *config, struct pipeline_result *result)
{
    struct pipeline p = {.config = config, .out = out, .stop = {-1, -1}};
    unsigned workers = config->threads ? config->threads : 1;
    *result = (struct pipeline_result){0};
    p.nslots = (size_t)workers * SLOTS_PER_WORKER;
    p.slots = calloc(p.nslots, sizeof *p.slots);
    pthread_t *tids = calloc((size_t)workers + 1, sizeof *tids);
    if (!p.slots || !tids || pipe(p.stop) != 0) {
        free(p.slots);
        free(tids);
        result->start_error = 1;
        return -1;
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);

    size_t started = start_threads(&p, tids, workers);
    if (started == (size_t)workers + 1) {
        result->read_error = read_requests(&p, in);
    } else {
        result->start_error = 1;
        pthread_mutex_lock(&p.lock);
        p.failed = p.eof = 1;
        signal_change(&p);
    }
    for (size_t i = 0; i < started; i++)
        pthread_join(tids[i], NULL);

    result->read = p.queued;
    result->written = p.answered;
    result->write_error = p.write_error;
    drain(&p);
    pthread_cond_destroy(&p.changed);
    pthread_mutex_destroy(&p.lock);
    close(p.stop[0]);
    close(p.stop[1]);
    free(tids);
    free(p.slots);
    return result->start_error || result->read_error || result->write_error ? -1 : 0;
}
