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

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* How far reading may run ahead of writing, per worker: enough to keep every
 * worker busy while a slow request holds up the output, and a bound on memory
 * when a client sends faster than we answer. */
#define SLOTS_PER_WORKER 16

/* Written when the handler runs out of memory: a response that needs none. */
static const char no_memory_response[] =
    "{\"status\":\"error\",\"error\":{\"status\":\"SDM_ERR_NO_MEMORY\","
    "\"where\":\"server\",\"message\":\"out of memory\"}}";

struct slot {
    char *request;
    size_t len;
    char *response;
    int done;
};

struct pipeline {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* broadcast on every change of the counters below */
    struct slot *slots;
    size_t nslots;
    size_t queued;  /* requests read */
    size_t started; /* requests handed to a worker */
    size_t written; /* responses written */
    int eof;        /* no more requests will be queued */
    int failed;     /* the output failed: everyone stops */
    pipeline_handler handler;
    void *ctx;
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

/* Takes ownership of `line`. Blocks while the ring is full. */
static int enqueue(struct pipeline *p, char *line, size_t len)
{
    pthread_mutex_lock(&p->lock);
    while (p->queued - p->written >= p->nslots && !p->failed)
        pthread_cond_wait(&p->changed, &p->lock);
    if (p->failed) {
        pthread_mutex_unlock(&p->lock);
        free(line);
        return -1;
    }
    *slot_of(p, p->queued) = (struct slot){.request = line, .len = len};
    p->queued++;
    signal_change(p);
    return 0;
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

        char *response = p->handler(s->request, s->len, p->ctx);

        pthread_mutex_lock(&p->lock);
        s->response = response;
        s->done = 1;
        signal_change(p);
    }
}

static int write_line(FILE *out, const char *text)
{
    return fputs(text ? text : no_memory_response, out) >= 0 && putc('\n', out) != EOF &&
           fflush(out) == 0;
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

        int ok = write_line(p->out, s->response);
        free(s->request);
        free(s->response);

        pthread_mutex_lock(&p->lock);
        p->written++;
        if (!ok)
            p->failed = 1;
        signal_change(p);
    }
}

/* A line of only white space is no request: skipping it lets a person type
 * requests by hand with blank lines between them. */
static int is_blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

static void read_requests(struct pipeline *p, FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (is_blank(line))
            continue;
        if (enqueue(p, line, (size_t)n) != 0)
            break;
        line = NULL; /* the slot owns it now */
        cap = 0;
    }
    free(line);
    pthread_mutex_lock(&p->lock);
    p->eof = 1;
    signal_change(p);
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

int pipeline_run(FILE *in, FILE *out, unsigned threads, pipeline_handler handler, void *ctx)
{
    struct pipeline p = {.handler = handler, .ctx = ctx, .out = out};
    unsigned workers = threads ? threads : 1;
    p.nslots = (size_t)workers * SLOTS_PER_WORKER;
    p.slots = calloc(p.nslots, sizeof *p.slots);
    pthread_t *tids = calloc((size_t)workers + 1, sizeof *tids);
    if (!p.slots || !tids) {
        free(p.slots);
        free(tids);
        return -1;
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);

    size_t started = start_threads(&p, tids, workers);
    if (started == (size_t)workers + 1) {
        read_requests(&p, in);
    } else {
        pthread_mutex_lock(&p.lock);
        p.failed = p.eof = 1;
        signal_change(&p);
    }
    for (size_t i = 0; i < started; i++)
        pthread_join(tids[i], NULL);

    int rc = (started == (size_t)workers + 1 && !p.failed) ? 0 : -1;
    drain(&p);
    pthread_cond_destroy(&p.changed);
    pthread_mutex_destroy(&p.lock);
    free(tids);
    free(p.slots);
    return rc;
}
