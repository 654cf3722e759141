/*
 * libsdm EHR example - reading request lines from a file descriptor with a
 * bound on the memory a line may take, and a way to stop a blocked read.
 * SPDX-License-Identifier: MIT
 */
#ifndef EHR_LINES_H
#define EHR_LINES_H

#include <stddef.h>

/* What line_reader_next() found. */
enum line_kind {
    LINE_END,       /* no more lines: end of input, a read error or a stop */
    LINE_KEPT,      /* a line, in *text */
    LINE_TOO_LONG,  /* a line of more than `max` bytes: read to its end, not kept */
    LINE_NO_MEMORY, /* a line that could not be kept for want of memory */
};

struct line_reader {
    int fd;       /* the input */
    int stop_fd;  /* readable when reading must stop (-1: never) */
    size_t max;   /* the most bytes a kept line may have */
    size_t at, end;
    int error;    /* errno of a failed read, or 0 */
    int stopped;  /* stop_fd became readable */
    char buf[65536];
};

void line_reader_init(struct line_reader *r, int fd, int stop_fd, size_t max);

/*
 * Reads the next line: the bytes up to a newline, or up to the end of the
 * input for a last line without one (nothing after the last newline is no
 * line). The newline and one carriage return before it ("\r\n") are not part
 * of the line. Every byte else is, NUL included: an empty line is a line.
 *
 * Returns LINE_KEPT with *text (malloc'd, NUL-terminated, for the caller to
 * free) and *len; LINE_TOO_LONG or LINE_NO_MEMORY with *text NULL and *len
 * the line's length, the line having been read to its end without being
 * held in memory; LINE_END at the end of the input, after a read error
 * (r->error) or when stop_fd became readable (r->stopped), even in the
 * middle of a line.
 */
enum line_kind line_reader_next(struct line_reader *r, char **text, size_t *len);

#endif /* EHR_LINES_H */
