/*
 * sdm-form - the libsdm terminal front end: walks a person through the form
 * of the paper tool, then shows the medicines that fit best, with the
 * reasons, and their information cards.
 *
 *   sdm-form [--formulary FILE]   the form, then the result
 *   sdm-form --list               the numbered side effects, and nothing else
 *
 * Every answer is one line, so the form can also be filled in from a file
 * (sdm-form < answers.txt); each answer is then printed after its question.
 *
 * Made for a terminal of 80 x 24: the side effects (36, with their groups)
 * are shown a part at a time, again before each question of steps 1 and 2,
 * so the list is never scrolled away; "m" shows the next part. "b" (back)
 * takes back the last answer, also across steps, until the result is shown.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sdm/sdm.h>

#include "textio.h"

/* How many cards are shown unless the person asks for all. */
#define FIRST_CARDS 3
/* Lines of the list shown before a question: with the question, what is
 * chosen so far, a hint and a message, it stays within 24 lines. */
#define PAGE_LINES 13
/* A line of the list: an item's number (1-based), or a group's heading. */
#define HEADING 0

enum step_end { STEP_NEXT, STEP_BACK };

struct form {
    sdm_catalogue *cat;
    sdm_formulary *formulary;
    sdm_ranking *ranking;
    struct answers in;
    size_t count;                /* side effects on the form */
    size_t order[SDM_MAX_ITEMS]; /* the number shown (1-based) - 1 -> catalogue position */
    /* The list as printed: each line an item's number or HEADING (the group of the next line's item). */
    size_t lines[2 * SDM_MAX_ITEMS];
    size_t line_count;
    size_t page_start[2 * SDM_MAX_ITEMS + 1]; /* first line of each part, then line_count */
    size_t page_count, page;
    long helpful[SDM_MAX_ITEMS]; /* the numbers ticked as helpful, in the order given (for "back") */
    size_t helpful_count;
};

static const char *label_of(const struct form *f, long number)
{
    return sdm_catalogue_label(f->cat, f->order[number - 1]);
}

static const char *ordinal(int n)
{
    static const char *const names[] = {"1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th"};
    return n >= 1 && n <= 9 ? names[n - 1] : "next";
}

/* ---- messages ----------------------------------------------------------- */

static void say(const char *text)
{
    text_wrap(text, 2, 2);
}

/* The library's messages name side effects by id ('weight_gain'); a person
 * reads the form's words instead ('Weight gain'). The message is copied
 * first: a failed look-up below replaces the library's last-error text. */
static void say_library_error(const struct form *f, const char *hint)
{
    char *msg = strdup(sdm_last_error()), *text = NULL, *p = msg;
    size_t len;
    FILE *out = open_memstream(&text, &len);
    if (!msg || !out) {
        say(sdm_last_error());
        free(msg);
        if (out)
            fclose(out);
        free(text);
        return;
    }
    while (*p) {
        char *close = *p == '\'' ? strchr(p + 1, '\'') : NULL;
        size_t index;
        if (close) {
            *close = '\0';
            if (sdm_catalogue_find(f->cat, p + 1, &index) == SDM_OK)
                fprintf(out, "'%s'", sdm_catalogue_label(f->cat, index));
            else
                fprintf(out, "'%s'", p + 1);
            p = close + 1;
        } else {
            fputc(*p++, out);
        }
    }
    fprintf(out, ". %s", hint);
    fclose(out);
    say(text);
    free(text);
    free(msg);
}

/* Explains an answer that is not a number on the form; returns 1 if it is one. */
static int check_number(const struct form *f, const char *answer, enum choice c)
{
    char msg[256];
    if (c == CHOICE_NOT_A_NUMBER)
        snprintf(msg, sizeof msg, "'%.40s' is not a number. Type a number from 1 to %zu.", answer, f->count);
    else if (c == CHOICE_OUT_OF_RANGE)
        snprintf(msg, sizeof msg, "There is no side effect %.40s on the form. Type a number from 1 to %zu.",
                 answer, f->count);
    else
        return 1;
    say(msg);
    return 0;
}

/* ---- the form ----------------------------------------------------------- */

/* The side effects in the catalogue's order, which is the paper form's,
 * numbered from 1, with a heading wherever the group changes (so a group can
 * come twice, as "Body" does on the paper); then cut into parts of at most
 * PAGE_LINES lines, none ending on a heading. */
static void number_catalogue(struct form *f)
{
    size_t group = (size_t)-1;
    f->count = f->line_count = f->page_count = 0;
    for (size_t i = 0; i < sdm_catalogue_count(f->cat); i++) {
        if (sdm_catalogue_item_group(f->cat, i) != group) {
            group = sdm_catalogue_item_group(f->cat, i);
            f->lines[f->line_count++] = HEADING;
        }
        f->order[f->count++] = i;
        f->lines[f->line_count++] = f->count;
    }
    for (size_t line = 0; line < f->line_count;) {
        size_t end = line + PAGE_LINES < f->line_count ? line + PAGE_LINES : f->line_count;
        if (end < f->line_count && f->lines[end - 1] == HEADING)
            end--;
        f->page_start[f->page_count++] = line;
        line = end;
    }
    f->page_start[f->page_count] = f->line_count;
}

static void show_line(const struct form *f, size_t line)
{
    size_t number = f->lines[line];
    if (number == HEADING) {
        size_t item = f->order[f->lines[line + 1] - 1];
        printf("%s\n", sdm_catalogue_group_label(f->cat, sdm_catalogue_item_group(f->cat, item)));
        return;
    }
    printf("  %2zu ", number);
    text_wrap(label_of(f, (long)number), 0, 6);
}

/* One part of the list, with its place in the whole. */
static void show_page(const struct form *f)
{
    size_t first = f->page_start[f->page], end = f->page_start[f->page + 1];
    size_t low = f->lines[first] == HEADING ? f->lines[first + 1] : f->lines[first];
    printf("\nSide effects %zu to %zu of %zu (part %zu of %zu; m = more):\n", low, f->lines[end - 1], f->count,
           f->page + 1, f->page_count);
    if (f->lines[first] != HEADING) /* a group begun on the part before */
        printf("%s (continued)\n",
               sdm_catalogue_group_label(f->cat, sdm_catalogue_item_group(f->cat, f->order[low - 1])));
    for (size_t line = first; line < end; line++)
        show_line(f, line);
}

/* Every side effect, numbered (sdm-form --list). */
static void show_catalogue(const struct form *f)
{
    printf("The side effects that antipsychotic medicines can have:\n");
    for (size_t line = 0; line < f->line_count; line++)
        show_line(f, line);
}

/* What is chosen so far, in one paragraph, so that it need not be scrolled back to. */
static void show_chosen(const struct form *f)
{
    char text[2048];
    size_t used = 0, avoided = sdm_ranking_avoid_count(f->ranking);
    if (avoided == 0 && f->helpful_count == 0)
        return;
    used += (size_t)snprintf(text + used, sizeof text - used, "Chosen so far:");
    for (int rank = 1; rank <= (int)avoided && used < sizeof text; rank++) {
        size_t index;
        if (sdm_ranking_at(f->ranking, rank, &index) == SDM_OK)
            used += (size_t)snprintf(text + used, sizeof text - used, " %d %s;", rank,
                                     sdm_catalogue_label(f->cat, index));
    }
    for (size_t i = 0; i < f->helpful_count && used < sizeof text; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, " %s %s;", i == 0 ? "would help:" : "",
                                 label_of(f, f->helpful[i]));
    if (used < sizeof text && text[used - 1] == ';')
        text[used - 1] = '.';
    say(text);
}

/* "m" and "b", in either case, also as "more" and "back". */
static int is_command(const char *answer, const char *word)
{
    return (answer[0] == word[0] || answer[0] == word[0] - 'a' + 'A') &&
           (answer[1] == '\0' || strcasecmp(answer, word) == 0);
}

static void next_page(struct form *f)
{
    f->page = (f->page + 1) % f->page_count;
}

/* Takes back the side effect ranked last; returns 0 if none is. */
static int take_back_avoid(struct form *f)
{
    int rank = (int)sdm_ranking_avoid_count(f->ranking);
    size_t index;
    if (rank == 0 || sdm_ranking_at(f->ranking, rank, &index) != SDM_OK)
        return 0;
    printf("  Taken back: %s (%s).\n", sdm_catalogue_label(f->cat, index), ordinal(rank));
    sdm_ranking_remove(f->ranking, sdm_catalogue_id(f->cat, index));
    return 1;
}

static enum step_end step_avoid(struct form *f)
{
    int max = sdm_ranking_max_rank(f->ranking);
    char prompt[64];
    printf("\nStep 1 of 4: what you most want to avoid\n");
    say("Which of these side effects would you most want to avoid? Choose up to five, the one you most "
        "want to avoid first: type its number and press Enter. Press Enter on an empty line when you have "
        "chosen enough.");
    /* Back here from step 2: the answer that ended this step is taken back (the fifth choice). */
    if ((int)sdm_ranking_avoid_count(f->ranking) >= max)
        take_back_avoid(f);
    for (;;) {
        int rank = (int)sdm_ranking_avoid_count(f->ranking) + 1;
        long n;
        if (rank > max)
            return STEP_NEXT;
        show_page(f);
        show_chosen(f);
        say("A number; m: more of the list; b: take back the last answer; Enter: done.");
        snprintf(prompt, sizeof prompt, "%s%s: ", ordinal(rank), rank == 1 ? ", the one you most want to avoid" : "");
        const char *answer = ask(&f->in, prompt);
        if (is_command(answer, "more")) {
            next_page(f);
            continue;
        }
        if (is_command(answer, "back")) {
            if (!take_back_avoid(f))
                say("There is no answer to take back yet.");
            continue;
        }
        enum choice c = parse_choice(answer, 1, (long)f->count, &n);
        if (c == CHOICE_EMPTY)
            return STEP_NEXT;
        if (!check_number(f, answer, c))
            continue;
        if (sdm_ranking_avoid(f->ranking, sdm_catalogue_id(f->cat, f->order[n - 1]), rank) != SDM_OK) {
            say_library_error(f, "Choose another one, or press Enter to finish.");
            continue;
        }
        printf("  %s: %s\n", ordinal(rank), label_of(f, n));
    }
}

static void show_commonly_helpful(const struct form *f)
{
    char text[1024] = "People often find these helpful:";
    size_t used = strlen(text);
    for (size_t n = 1; n <= f->count && used < sizeof text; n++)
        if (sdm_catalogue_commonly_helpful(f->cat, f->order[n - 1]))
            used += (size_t)snprintf(text + used, sizeof text - used, " %zu (%s);", n, label_of(f, (long)n));
    if (used < sizeof text && text[used - 1] == ';') {
        text[used - 1] = '.';
        say(text);
    }
}

static enum step_end step_helpful(struct form *f)
{
    printf("\nStep 2 of 4: side effects that would help you\n");
    say("Would any of the side effects help you? For example, feeling sleepy at night if you sleep badly, "
        "or losing weight if you want to. Type the number of each one that would help, one at a time. "
        "Press Enter on an empty line when you are done, or if none would help.");
    show_commonly_helpful(f);
    f->page = 0;
    for (;;) {
        long n;
        show_page(f);
        show_chosen(f);
        say("A number; m: more of the list; b: take back the last answer; Enter: done.");
        const char *answer = ask(&f->in, "Would help: ");
        if (is_command(answer, "more")) {
            next_page(f);
            continue;
        }
        if (is_command(answer, "back")) {
            if (f->helpful_count == 0)
                return STEP_BACK;
            long last = f->helpful[--f->helpful_count];
            sdm_ranking_remove(f->ranking, sdm_catalogue_id(f->cat, f->order[last - 1]));
            printf("  Taken back: %s (would help).\n", label_of(f, last));
            continue;
        }
        enum choice c = parse_choice(answer, 1, (long)f->count, &n);
        if (c == CHOICE_EMPTY)
            return STEP_NEXT;
        if (!check_number(f, answer, c))
            continue;
        if (sdm_ranking_helpful(f->ranking, sdm_catalogue_id(f->cat, f->order[n - 1])) != SDM_OK) {
            say_library_error(f, "Choose another one, or press Enter when you are done.");
        } else {
            f->helpful[f->helpful_count++] = n;
            printf("  helpful: %s\n", label_of(f, n));
        }
    }
}

static enum step_end step_who(struct form *f)
{
    static const sdm_completed_by who[] = {SDM_COMPLETED_BY_SERVICE_USER, SDM_COMPLETED_BY_CARER,
                                           SDM_COMPLETED_BY_TOGETHER};
    printf("\nStep 3 of 4: who filled in the form\n");
    printf("  1  I did: I am the person who would take the medicine\n"
           "  2  A carer did\n"
           "  3  We did it together\n");
    say("b takes you back to the side effects that would help you.");
    for (;;) {
        long n;
        const char *answer = ask(&f->in, "Type 1, 2 or 3 (or press Enter to leave it out): ");
        if (is_command(answer, "back"))
            return STEP_BACK;
        enum choice c = parse_choice(answer, 1, 3, &n);
        if (c == CHOICE_EMPTY)
            return STEP_NEXT;
        if (c == CHOICE_OK) {
            sdm_ranking_set_completed_by(f->ranking, who[n - 1]);
            return STEP_NEXT;
        }
        say(c == CHOICE_NOT_A_NUMBER ? "That is not a number. Type 1, 2 or 3." : "Type 1, 2 or 3.");
    }
}

/* ---- the results -------------------------------------------------------- */

static void show_ranked(const sdm_match *m)
{
    for (size_t i = 0; i < sdm_match_count(m); i++) {
        char *reason = NULL;
        printf("\n%2d. %s (score %.3f)\n", sdm_match_rank(m, i), sdm_profile_name(sdm_match_profile(m, i)),
               sdm_match_score(m, i));
        if (sdm_match_reason(m, i, &reason) == SDM_OK)
            text_wrap(reason, 4, 4);
        sdm_free(reason);
    }
}

static void show_excluded(const sdm_match *m)
{
    if (sdm_match_excluded_count(m) == 0)
        return;
    printf("\nNot in the list:\n");
    for (size_t i = 0; i < sdm_match_excluded_count(m); i++) {
        char line[512];
        snprintf(line, sizeof line, "%s: %s", sdm_profile_name(sdm_match_excluded_profile(m, i)),
                 sdm_match_excluded_reason(m, i));
        text_wrap(line, 4, 6);
    }
}

static void show_results(const struct form *f, const sdm_match *m)
{
    printf("\nStep 4 of 4: the medicines, best fit first\n");
    if (sdm_ranking_avoid_count(f->ranking) == 0 && sdm_ranking_helpful_count(f->ranking) == 0)
        say("You did not choose any side effects, so every medicine comes out the same.");
    say("Each medicine is followed by the reason for its place: how marked it is for each side effect you "
        "chose (0 none, + uncommon or mild, ++ commoner or moderately severe, +++ common or more severe). "
        "A lower score is a better fit; medicines with the same score share a place.");
    show_ranked(m);
    show_excluded(m);
}

static void show_card(const struct form *f, const sdm_profile *p)
{
    char *card = NULL;
    printf("\n%.*s\n", TEXT_WIDTH, "--------------------------------------------------------------------------------");
    if (sdm_card_text(p, f->ranking, &card) == SDM_OK)
        text_block(card);
    sdm_free(card);
}

static void step_cards(struct form *f, const sdm_match *m)
{
    size_t count = sdm_match_count(m), show = count < FIRST_CARDS ? count : FIRST_CARDS;
    char all[80];
    if (count == 0)
        return;
    snprintf(all, sizeof all, "  2  the cards of all %zu medicines\n", count);
    printf("\nInformation cards: every side effect of a medicine, most marked first.\n"
           "  1  the cards of the first %zu\n%s  3  no cards\n", show, all);
    for (;;) {
        long n = 1;
        const char *answer = ask(&f->in, "Type 1, 2 or 3 (Enter = 1): ");
        enum choice c = parse_choice(answer, 1, 3, &n);
        if (c == CHOICE_EMPTY || c == CHOICE_OK) {
            size_t upto = n == 2 ? count : n == 3 ? 0 : show;
            for (size_t i = 0; i < upto; i++)
                show_card(f, sdm_match_profile(m, i));
            return;
        }
        say(c == CHOICE_NOT_A_NUMBER ? "That is not a number. Type 1, 2 or 3." : "Type 1, 2 or 3.");
    }
}

/* ---- start and end ------------------------------------------------------ */

static int fail(const char *what, sdm_status st)
{
    fprintf(stderr, "sdm-form: %s: %s: %s\n", what, sdm_strerror(st), sdm_last_error());
    return EXIT_FAILURE;
}

static int load(struct form *f, const char *formulary_path)
{
    sdm_status st;
    if ((st = sdm_catalogue_default(&f->cat)) != SDM_OK)
        return fail("catalogue", st);
    st = formulary_path ? sdm_formulary_load_file(f->cat, formulary_path, &f->formulary)
                        : sdm_formulary_default(f->cat, &f->formulary);
    if (st != SDM_OK)
        return fail("formulary", st);
    if ((st = sdm_ranking_new(f->cat, &f->ranking)) != SDM_OK)
        return fail("ranking", st);
    return EXIT_SUCCESS;
}

static int run(struct form *f)
{
    sdm_match *m = NULL;
    static enum step_end (*const steps[])(struct form *) = {step_avoid, step_helpful, step_who};
    const size_t step_count = sizeof steps / sizeof steps[0];
    printf("Choosing an antipsychotic medicine together (libsdm %s)\n", sdm_version());
    text_wrap(sdm_formulary_notice(f->formulary), 0, 0);
    for (size_t step = 0; step < step_count;) {
        if (steps[step](f) == STEP_NEXT)
            step++;
        else if (step > 0)
            step--;
    }
    sdm_status st = sdm_match_run(f->formulary, f->ranking, NULL, &m);
    if (st != SDM_OK)
        return fail("match", st);
    show_results(f, m);
    step_cards(f, m);
    sdm_match_free(m);
    return EXIT_SUCCESS;
}

static int parse_args(int argc, char **argv, const char **formulary_path, int *list_only)
{
    *formulary_path = NULL;
    *list_only = argc == 2 && strcmp(argv[1], "--list") == 0;
    if (argc == 3 && strcmp(argv[1], "--formulary") == 0)
        *formulary_path = argv[2];
    else if (argc != 1 && !*list_only) {
        fprintf(stderr, "usage: sdm-form [--formulary FILE]\n"
                        "       sdm-form --list\n"
                        "Fills in the form with you; answers are read one per line.\n"
                        "--list prints the numbered side effects of the form.\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct form form = {0};
    const char *formulary_path;
    int list_only;
    if (parse_args(argc, argv, &formulary_path, &list_only) != 0)
        return 2;
    answers_init(&form.in, stdin);
    int rc = load(&form, formulary_path);
    if (rc == EXIT_SUCCESS) {
        number_catalogue(&form);
        if (list_only)
            show_catalogue(&form);
        else
            rc = run(&form);
    }
    answers_free(&form.in);
    sdm_ranking_free(form.ranking);
    sdm_formulary_free(form.formulary);
    sdm_catalogue_free(form.cat);
    return rc;
}
