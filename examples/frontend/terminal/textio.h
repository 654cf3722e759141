/*
 * libsdm terminal front end - text in and out: questions answered one line
 * at a time, and text wrapped to fit a terminal of 80 columns.
 * SPDX-License-Identifier: MIT
 */
#ifndef FORM_TEXTIO_H
#define FORM_TEXTIO_H

#include <stdio.h>

/* Columns of the terminal; every line printed fits in them. */
#define TEXT_WIDTH 80

/* Prints `text` as one paragraph wrapped to TEXT_WIDTH: the first line
 * indented by `indent` spaces, the following ones by `hang`. */
void text_wrap(const char *text, int indent, int hang);

/* Prints a block of lines (a card), wrapping each long line under itself:
 * a line "  * Weight gain +" continues under "Weight", others two further in. */
void text_block(const char *text);

struct answers {
    FILE *in;
    int echo; /* print each answer: the input is not a terminal that shows it */
    int eof;
    char *line; /* the last answer read */
    size_t cap;
};

/* Starts reading answers from `in`, echoing them when `in` is not a terminal
 * (a scripted session then reads like one typed by a person). */
void answers_init(struct answers *a, FILE *in);

void answers_free(struct answers *a);

/* Prints the prompt and reads one answer with the surrounding blanks taken
 * off; at end of input the answer is "", which every question accepts. The
 * text is valid until the next call. */
const char *ask(struct answers *a, const char *prompt);

enum choice {
    CHOICE_EMPTY,        /* just Enter */
    CHOICE_OK,           /* a number from lo to hi, in *value */
    CHOICE_NOT_A_NUMBER, /* anything else than digits */
    CHOICE_OUT_OF_RANGE  /* digits, but not from lo to hi */
};

/* Reads an answer as a number from lo to hi. */
enum choice parse_choice(const char *answer, long lo, long hi, long *value);

#endif /* FORM_TEXTIO_H */
