/*
 * libsdm EHR example - reading request lines with a bound on memory.
 *
 * A line is read through a fixed buffer and kept only while it is within
 * its limit: the rest of an over-long line is read and dropped, so eight
 * lines of 100 MB cost no more memory than eight short ones. Each read waits
 * in poll() on the input and on a "stop" descriptor, so that a server whose
 * output has failed can stop reading at once instead of waiting for a
 * client that may never send another byte.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "lines.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void line_reader_init(struct line_reader *r, int fd, int stop_fd, size_t max)
{
    r->fd = fd;
    r->stop_fd = stop_fd;
    r->max = max;
    r->at = r->end = 0;
    r->error = r->stopped = 0;
}

/* Fills the buffer: 1 with bytes to read, 0 at the end of the input, -1 on
 * a read error or a stop. */
static int refill(struct line_reader *r)
{
    for (;;) {
        struct pollfd fds[2] = {{.fd = r->fd, .events = POLLIN}, {.fd = r->stop_fd, .events = POLLIN}};
        if (poll(fds, r->stop_fd >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            r->error = errno;
            return -1;
        }
        if (r->stop_fd >= 0 && fds[1].revents) {
            r->stopped = 1;
            return -1;
        }
        ssize_t n = read(r->fd, r->buf, sizeof r->buf);
        if (n > 0) {
            r->at = 0;
            r->end = (size_t)n;
            return 1;
        }
        if (n == 0)
            return 0;
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
            r->error = errno;
            return -1;
        }
    }
}

/* The line being read. Up to max + 1 bytes are kept, so that a line of
 * exactly `max` bytes ended by "\r\n" is still kept once its "\r" is gone. */
struct line {
    char *text;
    size_t len, cap;
    size_t total;  /* bytes of the line so far, kept or not */
    char last;     /* the last of them */
    int dropped;   /* the line is not kept (too long, or no memory) */
    int no_memory; /* ... because a byte could not be kept */
};

static void drop(struct line *l, int no_memory)
{
    free(l->text);
    l->text = NULL;
    l->dropped = 1;
    l->no_memory |= no_memory;
}

static void keep(struct line *l, const char *bytes, size_t n, size_t max)
{
    l->total += n;
    if (n)
        l->last = bytes[n - 1];
    if (l->dropped)
        return;
    if (l->total > max + 1) {
        drop(l, 0);
        return;
    }
    if (l->len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 256;
        while (cap < l->len + n + 1)
            cap *= 2;
        if (cap > max + 2) /* max + 1 bytes and the NUL */
            cap = max + 2;
        char *bigger = realloc(l->text, cap);
        if (!bigger) {
            drop(l, 1);
            return;
        }
        l->text = bigger;
        l->cap = cap;
    }
    memcpy(l->text + l->len, bytes, n);
    l->len += n;
    l->text[l->len] = '\0';
}

enum line_kind line_reader_next(struct line_reader *r, char **text, size_t *len)
{
    struct line l = {0};
    int ended = 0, got = 1;
    *text = NULL;
    *len = 0;
    while (!ended) {
        if (r->at == r->end && (got = refill(r)) <= 0)
            break;
        const char *start = r->buf + r->at;
        const char *newline = memchr(start, '\n', r->end - r->at);
        size_t n = newline ? (size_t)(newline - start) : r->end - r->at;
        keep(&l, start, n, r->max);
        r->at += n + (newline != NULL);
        ended = newline != NULL;
    }
    if (got < 0 || (!ended && l.total == 0)) {
        free(l.text);
        return LINE_END;
    }
    if (l.total > 0 && l.last == '\r') { /* "\r\n" ends a line as "\n" does */
        l.total--;
        if (l.text)
            l.text[--l.len] = '\0';
    }
    *len = l.total;
    if (l.text && l.total <= r->max) {
        *text = l.text;
        return LINE_KEPT;
    }
    free(l.text);
    return l.no_memory && l.total <= r->max ? LINE_NO_MEMORY : LINE_TOO_LONG;
}
