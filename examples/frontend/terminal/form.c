/*
 * sdm-form - the libsdm terminal front end: walks a person through the form
 * of the paper tool, then shows the medicines that fit best, with the
 * reasons, and their information cards.
 *
 *   sdm-form [--formulary FILE]
 *
 * Every answer is one line, so the form can also be filled in from a file
 * (sdm-form < answers.txt); each answer is then printed after its question.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sdm/sdm.h>

#include "textio.h"

/* How many cards are shown unless the person asks for all. */
#define FIRST_CARDS 3

struct form {
    sdm_catalogue *cat;
    sdm_formulary *formulary;
    sdm_ranking *ranking;
    struct answers in;
    size_t count;                /* side effects on the form */
    size_t order[SDM_MAX_ITEMS]; /* the number shown (1-based) - 1 -> catalogue position */
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

static void show_group(struct form *f, size_t group)
{
    printf("\n%s\n", sdm_catalogue_group_label(f->cat, group));
    for (size_t i = 0; i < sdm_catalogue_count(f->cat); i++) {
        if (sdm_catalogue_item_group(f->cat, i) != group)
            continue;
        f->order[f->count++] = i;
        printf("  %2zu ", f->count);
        text_wrap(sdm_catalogue_label(f->cat, i), 0, 6);
    }
}

/* The side effects in their groups, numbered in the order shown. */
static void show_catalogue(struct form *f)
{
    printf("\nThe side effects that antipsychotic medicines can have:\n");
    f->count = 0;
    for (size_t g = 0; g < sdm_catalogue_group_count(f->cat); g++)
        show_group(f, g);
}

static void step_avoid(struct form *f)
{
    int max = sdm_ranking_max_rank(f->ranking);
    char prompt[64];
    printf("\nStep 1 of 4: what you most want to avoid\n");
    say("Which of these side effects would you most want to avoid? Choose up to five, the one you most "
        "want to avoid first: type its number and press Enter. Press Enter on an empty line when you have "
        "chosen enough.");
    for (int rank = 1; rank <= max;) {
        long n;
        snprintf(prompt, sizeof prompt, "%s%s: ", ordinal(rank), rank == 1 ? ", the one you most want to avoid" : "");
        const char *answer = ask(&f->in, prompt);
        enum choice c = parse_choice(answer, 1, (long)f->count, &n);
        if (c == CHOICE_EMPTY)
            break;
        if (!check_number(f, answer, c))
            continue;
        if (sdm_ranking_avoid(f->ranking, sdm_catalogue_id(f->cat, f->order[n - 1]), rank) != SDM_OK) {
            say_library_error(f, "Choose another one, or press Enter to finish.");
            continue;
        }
        printf("  %s: %s\n", ordinal(rank), label_of(f, n));
        rank++;
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

static void step_helpful(struct form *f)
{
    printf("\nStep 2 of 4: side effects that would help you\n");
    say("Would any of the side effects help you? For example, feeling sleepy at night if you sleep badly, "
        "or losing weight if you want to. Type the number of each one that would help, one at a time. "
        "Press Enter on an empty line when you are done, or if none would help.");
    show_commonly_helpful(f);
    for (;;) {
        long n;
        const char *answer = ask(&f->in, "Would help: ");
        enum choice c = parse_choice(answer, 1, (long)f->count, &n);
        if (c == CHOICE_EMPTY)
            return;
        if (!check_number(f, answer, c))
            continue;
        if (sdm_ranking_helpful(f->ranking, sdm_catalogue_id(f->cat, f->order[n - 1])) != SDM_OK)
            say_library_error(f, "Choose another one, or press Enter when you are done.");
        else
            printf("  helpful: %s\n", label_of(f, n));
    }
}

static void step_who(struct form *f)
{
    static const sdm_completed_by who[] = {SDM_COMPLETED_BY_SERVICE_USER, SDM_COMPLETED_BY_CARER,
                                           SDM_COMPLETED_BY_TOGETHER};
    printf("\nStep 3 of 4: who filled in the form\n");
    printf("  1  I did: I am the person who would take the medicine\n"
           "  2  A carer did\n"
           "  3  We did it together\n");
    for (;;) {
        long n;
        const char *answer = ask(&f->in, "Type 1, 2 or 3 (or press Enter to leave it out): ");
        enum choice c = parse_choice(answer, 1, 3, &n);
        if (c == CHOICE_EMPTY)
            return;
        if (c == CHOICE_OK) {
            sdm_ranking_set_completed_by(f->ranking, who[n - 1]);
            return;
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
    printf("Choosing an antipsychotic medicine together (libsdm %s)\n", sdm_version());
    text_wrap(sdm_formulary_notice(f->formulary), 0, 0);
    show_catalogue(f);
    step_avoid(f);
    step_helpful(f);
    step_who(f);
    sdm_status st = sdm_match_run(f->formulary, f->ranking, NULL, &m);
    if (st != SDM_OK)
        return fail("match", st);
    show_results(f, m);
    step_cards(f, m);
    sdm_match_free(m);
    return EXIT_SUCCESS;
}

static int parse_args(int argc, char **argv, const char **formulary_path)
{
    *formulary_path = NULL;
    if (argc == 3 && strcmp(argv[1], "--formulary") == 0)
        *formulary_path = argv[2];
    else if (argc != 1) {
        fprintf(stderr, "usage: sdm-form [--formulary FILE]\n"
                        "Fills in the form with you; answers are read one per line.\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct form form = {0};
    const char *formulary_path;
    if (parse_args(argc, argv, &formulary_path) != 0)
        return 2;
    answers_init(&form.in, stdin);
    int rc = load(&form, formulary_path);
    if (rc == EXIT_SUCCESS)
        rc = run(&form);
    answers_free(&form.in);
    sdm_ranking_free(form.ranking);
    sdm_formulary_free(form.formulary);
    sdm_catalogue_free(form.cat);
    return rc;
}
