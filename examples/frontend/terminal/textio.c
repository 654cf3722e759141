/*
 * libsdm terminal front end - text in and out.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "textio.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put_spaces(int n)
{
    printf("%*s", n, "");
}

/* How many bytes of a word fit in `room` columns without cutting a UTF-8
 * character in two (at least one character, so that wrapping always moves on). */
static size_t fitting_bytes(const char *word, size_t len, int room)
{
    size_t n = room > 0 ? (size_t)room : 1;
    if (n >= len)
        return len;
    while (n > 1 && ((unsigned char)word[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Words are counted in bytes: a label with accents then wraps a little early,
 * never late, so no line is ever wider than the terminal. */
void text_wrap(const char *text, int indent, int hang)
{
    int col = indent, start = indent;
    put_spaces(indent);
    for (const char *p = text; *p;) {
        p += strspn(p, " ");
        size_t len = strcspn(p, " ");
        if (len == 0)
            break;
        if (col > start && col + 1 + (int)len > TEXT_WIDTH) {
            printf("\n%*s", hang, "");
            col = start = hang;
        }
        if (col > start) {
            putchar(' ');
            col++;
        }
        while (col + (int)len > TEXT_WIDTH) { /* a word longer than a line */
            size_t n = fitting_bytes(p, len, TEXT_WIDTH - col);
            printf("%.*s\n%*s", (int)n, p, hang, "");
            p += n;
            len -= n;
            col = start = hang;
        }
        fwrite(p, 1, len, stdout);
        col += (int)len;
        p += len;
    }
    putchar('\n');
}

void text_block(const char *text)
{
    while (*text) {
        size_t len = strcspn(text, "\n");
        char *line = strndup(text, len);
        if (!line)
            return;
        int lead = (int)strspn(line, " ");
        if (line[lead] == '\0')
            putchar('\n');
        else
            text_wrap(line + lead, lead, lead + 2);
        free(line);
        text += len + (text[len] == '\n');
    }
}

void answers_init(struct answers *a, FILE *in)
{
    *a = (struct answers){.in = in, .echo = !isatty(fileno(in))};
}

void answers_free(struct answers *a)
{
    free(a->line);
    a->line = NULL;
}

static char *trim(char *s)
{
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

const char *ask(struct answers *a, const char *prompt)
{
    fputs(prompt, stdout);
    fflush(stdout);
    if (a->eof || getline(&a->line, &a->cap, a->in) < 0) {
        a->eof = 1;
        putchar('\n');
        return "";
    }
    char *answer = trim(a->line);
    if (a->echo)
        printf("%s\n", answer);
    return answer;
}

enum choice parse_choice(const char *answer, long lo, long hi, long *value)
{
    char *end;
    if (*answer == '\0')
        return CHOICE_EMPTY;
    if (!isdigit((unsigned char)answer[answer[0] == '-' || answer[0] == '+']))
        return CHOICE_NOT_A_NUMBER;
    errno = 0;
    long n = strtol(answer, &end, 10);
    if (*end != '\0')
        return CHOICE_NOT_A_NUMBER;
    if (errno == ERANGE || n < lo || n > hi)
        return CHOICE_OUT_OF_RANGE;
    *value = n;
    return CHOICE_OK;
}
