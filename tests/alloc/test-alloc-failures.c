/*
 * libsdm - allocation-failure test.
 *
 * For every public operation that allocates, fails the 1st, 2nd, ... n-th
 * allocation in turn (libsdm's own, through sdm_set_alloc_funcs(), and
 * jansson's, through json_set_alloc_funcs()) until the operation succeeds,
 * and checks after each failure that:
 *   - the status is SDM_ERR_NO_MEMORY and sdm_last_error() says "out of memory";
 *     only when the first failed allocation was jansson's inside the parser
 *     (json_loadb) of a loader may the status be SDM_ERR_PARSE instead: when
 *     jansson cannot allocate the value of a string token it reports a syntax
 *     error at that string ("invalid token", "string or '}' expected"), which
 *     libsdm cannot tell from a real one. Every other jansson failure there
 *     returns no message, which libsdm reports as SDM_ERR_NO_MEMORY;
 *   - no output was set (the out pointers still hold their sentinel) and an
 *     object changed in place (options_exclude, options_require_*) is unchanged;
 *   - nothing leaked: allocations == frees once the result, if any, is freed.
 * An operation that succeeds although an allocation failed must give the same
 * result as without the failure. Each operation runs in two modes: only the
 * n-th allocation fails ("one-shot"), and the n-th and every later one fail
 * ("persistent", a process out of memory, so cleanup runs with nothing to
 * allocate).
 *
 * The report gives per operation: its allocations in a run without failures
 * (the failure points), the points failed in one-shot mode (all but those
 * "spared", see below; above 3000 points, the built-in formulary and its JSON,
 * a sample unless --full is given), how many failures gave SDM_ERR_PARSE, and
 * the points failed in persistent mode.
 *
 * Usage: test-alloc-failures CATALOGUE.json [-v] [--full] [OPERATION...]
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sdm/sdm.h>

/* ---- the counting, failing allocator ------------------------------------- */

static size_t calls;       /* allocation calls while armed */
static size_t allocs;      /* blocks handed out (armed or not) */
static size_t frees;       /* blocks given back */
static size_t fail_at;     /* 0: never fail; n: fail the n-th armed call */
static int persistent;     /* also fail every call after the n-th */
static int armed;
static size_t injected;    /* failures injected in this run */
static int first_failed_in_jansson; /* the first injected failure was jansson's */

/* jansson 2.14's parser ignores a failed allocation when its lexer grows the
 * buffer that holds the current token (lex_save() drops the byte:
 * akheron/jansson issue #362); it then reads past the buffer, or fails
 * assert(c == d) and aborts. libsdm cannot work around that inside jansson, so
 * these allocations are never failed ("spared"). They are recognised exactly:
 * the lexer's buffer is the first 16-byte block jansson allocates in a parse
 * (when no lexer is alive); it grows by allocating twice its size and then
 * freeing the old block, and is freed when the parse ends. */
static int tracking_lexer;       /* the operation parses JSON */
static void *lexer_buf;
static size_t lexer_size;
static void *growth_buf;         /* a block that may be the lexer's next buffer */
static size_t growth_size;
static size_t spared;            /* allocations spared in this run */

static void *counted_malloc(size_t size, int from_jansson)
{
    int spare = 0;
    growth_buf = NULL;
    if (armed) {
        calls++;
        spare = from_jansson && tracking_lexer && lexer_buf && size == 2 * lexer_size;
        if (spare && fail_at && calls >= fail_at)
            spared++;
        if (!spare && fail_at && (calls == fail_at || (persistent && calls > fail_at))) {
            if (injected == 0)
                first_failed_in_jansson = from_jansson;
            injected++;
            return NULL;
        }
    }
    void *p = malloc(size ? size : 1);
    if (!p)
        return NULL;
    allocs++;
    if (armed && from_jansson && tracking_lexer && !lexer_buf && size == 16) {
        lexer_buf = p;
        lexer_size = size;
    } else if (spare) {
        growth_buf = p;
        growth_size = size;
    }
    return p;
}

static void *sdm_hook_malloc(size_t size) { return counted_malloc(size, 0); }
static void *jansson_hook_malloc(size_t size) { return counted_malloc(size, 1); }

static void hook_free(void *p)
{
    if (!p)
        return;
    if (p == lexer_buf) { /* grown (the new block was just allocated) or closed */
        lexer_buf = growth_buf;
        lexer_size = growth_size;
    }
    growth_buf = NULL;
    frees++;
    free(p);
}

static void arm(void) { armed = 1; }
static void disarm(void) { armed = 0; }

/* ---- reporting ------------------------------------------------------------ */

static int verbose;
static int problems;
static const char *current_op;
static size_t current_point;

static void problem(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s, allocation %zu (%s): ", current_op, current_point,
            persistent ? "persistent" : "one-shot");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "; last error: '%s'\n", sdm_last_error());
    va_end(ap);
    problems++;
}

#define CHECK(cond, ...) do { if (!(cond)) problem(__VA_ARGS__); } while (0)

/* ---- fixtures (made unarmed) ----------------------------------------------- */

static char *catalogue_text;
static size_t catalogue_len;
static const char *catalogue_path;
static char small_path[] = "/tmp/sdm-alloc-formulary-XXXXXX";

/* A small formulary with every feature of the format, to exercise the loader
 * at every allocation; the built-in one is exercised by formulary_default. */
static const char small_formulary[] =
    "{\"format\": \"sdm-formulary\", \"format_version\": 1, \"id\": \"small-trust\",\n"
    " \"title\": \"A small Trust formulary for the allocation test\", \"version\": \"2026.1\",\n"
    " \"catalogue\": \"manchester-36\", \"notice\": \"For testing only; not for clinical use.\",\n"
    " \"sources\": [\n"
    "  {\"key\": \"a\", \"citation\": \"Author A, Author B. A long citation of a source that rates side effects. 2020.\",\n"
    "   \"url\": \"https://example.org/a\", \"note\": \"table 2\"},\n"
    "  {\"key\": \"b\", \"citation\": \"Source B\"}],\n"
    " \"medications\": [\n"
    "  {\"id\": \"med-one\", \"name\": \"Med One\", \"atc\": \"N05AX99\",\n"
    "   \"formulations\": [\"tablet\", \"liquid\"], \"licensed_in\": [\"UK\", \"DE\"],\n"
    "   \"ratings\": {\"weight_gain\": {\"rating\": 3, \"source\": \"a\", \"note\": \"common\"},\n"
    "               \"dry_mouth\": {\"rating\": 0, \"source\": \"b\"},\n"
    "               \"tremor\": {\"rating\": \"unknown\", \"note\": \"no source rates it\"}}},\n"
    "  {\"id\": \"med-two\", \"name\": \"Med Two\",\n"
    "   \"ratings\": {\"weight_gain\": {\"rating\": 1, \"source\": \"b\"}}}]}\n";
static char *small_json; /* the small formulary written back */

static sdm_catalogue *cat;
static sdm_formulary *form;
static sdm_ranking *ranking;      /* five ranks, two helpful, completed together */
static sdm_match_options *opts;   /* custom weights, a scale, excludes, filters */
static sdm_match_options *opts_x; /* unknown ratings exclude */
static sdm_match *match;          /* form x ranking x opts */
static sdm_match *match_x;        /* form x ranking x opts_x */
static char *ranking_json, *opts_json, *record_json, *formulary_json, *match_json;
static size_t reason_entry;       /* an entry of `match` with an unknown term */

static int32_t batch_rows[4 * 5] = {
    6, 0, 25, 10, 14,
    2, 6, -1, -1, -1,
    30, 29, 27, 26, 24,
    11, -1, -1, -1, -1,
};

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        exit(EXIT_FAILURE);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(fp);
    if (!buf)
        exit(EXIT_FAILURE);
    *len = n;
    return buf;
}

#define MUST(expr) do { \
        sdm_status st_ = (expr); \
        if (st_ != SDM_OK) { \
            fprintf(stderr, "setup: %s failed: %s\n", #expr, sdm_last_error()); \
            exit(EXIT_FAILURE); \
        } \
    } while (0)

static void make_fixtures(void)
{
    catalogue_text = read_all(catalogue_path, &catalogue_len);
    int fd = mkstemp(small_path);
    if (fd < 0 || write(fd, small_formulary, sizeof small_formulary - 1) != (ssize_t)(sizeof small_formulary - 1)) {
        perror(small_path);
        exit(EXIT_FAILURE);
    }
    close(fd);
    MUST(sdm_catalogue_default(&cat));
    MUST(sdm_formulary_default(cat, &form));

    MUST(sdm_ranking_new(cat, &ranking));
    MUST(sdm_ranking_avoid(ranking, "weight_gain", 1));
    MUST(sdm_ranking_avoid(ranking, "day_sleepiness", 2));
    MUST(sdm_ranking_avoid(ranking, "stiff_muscles", 3));
    MUST(sdm_ranking_avoid(ranking, "increased_dreaming", 4));
    MUST(sdm_ranking_avoid(ranking, "less_sex_drive", 5));
    MUST(sdm_ranking_helpful(ranking, "night_sleepiness"));
    MUST(sdm_ranking_helpful(ranking, "weight_loss"));
    MUST(sdm_ranking_set_completed_by(ranking, SDM_COMPLETED_BY_TOGETHER));

    static const double weights[] = {5, 4, 3, 2, 1};
    static const double scale[4] = {0, 1, 3, 9};
    MUST(sdm_match_options_new(&opts));
    MUST(sdm_match_options_set_custom_weights(opts, weights, 5));
    MUST(sdm_match_options_set_severity_scale(opts, scale));
    MUST(sdm_match_options_set_helpful_weight(opts, 0.5));
    MUST(sdm_match_options_exclude(opts, "clozapine", "needs blood tests the person cannot have"));
    MUST(sdm_match_options_exclude(opts, "haloperidol", NULL));
    MUST(sdm_match_options_require_formulation(opts, "tablet"));
    MUST(sdm_match_options_require_licence(opts, "UK"));

    MUST(sdm_match_options_new(&opts_x));
    MUST(sdm_match_options_set_unknown_policy(opts_x, SDM_UNKNOWN_EXCLUDE));

    MUST(sdm_match_run(form, ranking, opts, &match));
    MUST(sdm_match_run(form, ranking, opts_x, &match_x));
    MUST(sdm_ranking_to_json(ranking, &ranking_json));
    MUST(sdm_match_options_to_json(opts, &opts_json));
    MUST(sdm_record_to_json(match, "2026-01-02T03:04:05Z", &record_json));
    MUST(sdm_formulary_to_json(form, &formulary_json));
    sdm_formulary *small;
    MUST(sdm_formulary_load_json(cat, small_formulary, sizeof small_formulary - 1, &small));
    MUST(sdm_formulary_to_json(small, &small_json));
    sdm_formulary_free(small);
    MUST(sdm_match_to_json(match, &match_json));
    /* The text each medicine keeps for its card and its entries (lib/fragment.h)
     * is made by the first card or record written: made here, so that the
     * operations on `form` allocate the same each run (the *_cold ones below
     * make it, on a formulary of their own). */
    char *card;
    MUST(sdm_card_to_json(sdm_formulary_find(form, "olanzapine"), ranking, &card));
    sdm_free(card);
    for (reason_entry = 0; reason_entry + 1 < sdm_match_count(match); reason_entry++)
        if (sdm_match_unknown_count(match, reason_entry) > 0)
            break;
}

static void free_fixtures(void)
{
    sdm_free(match_json);
    sdm_free(formulary_json);
    sdm_free(record_json);
    sdm_free(opts_json);
    sdm_free(ranking_json);
    sdm_match_free(match_x);
    sdm_match_free(match);
    sdm_match_options_free(opts_x);
    sdm_match_options_free(opts);
    sdm_ranking_free(ranking);
    sdm_formulary_free(form);
    sdm_catalogue_free(cat);
    sdm_free(small_json);
    unlink(small_path);
    free(catalogue_text);
}

/* ---- the operations ---------------------------------------------------------
 * Each runs one public call armed and returns its status. On failure it checks
 * that no output was set; on success it checks the result and frees it. */

/* Sentinels: pointers that no call may write over on failure. */
static char sentinel_storage[8];
#define SENTINEL ((void *)sentinel_storage)

/* The result of an operation that succeeded although allocations failed must
 * be the normal one; `what` is a text form of it. */
static void check_same_text(const char *got, const char *want, const char *what)
{
    CHECK(got && want && strcmp(got, want) == 0, "%s differs from the result without failures", what);
    if (verbose && got && want && strcmp(got, want) != 0)
        fprintf(stderr, "--- got:\n%s\n--- wanted:\n%s\n", got, want);
}

static sdm_status text_result(sdm_status st, char *text, const char *want)
{
    if (st != SDM_OK) {
        CHECK(text == SENTINEL, "the out pointer was set on failure");
        return st;
    }
    if (want)
        check_same_text(text, want, "the text");
    sdm_free(text);
    return st;
}

static sdm_status op_catalogue_default(void)
{
    sdm_catalogue *c = SENTINEL;
    arm();
    sdm_status st = sdm_catalogue_default(&c);
    disarm();
    if (st != SDM_OK) {
        CHECK(c == SENTINEL, "the out pointer was set on failure");
        return st;
    }
    CHECK(sdm_catalogue_equal(c, cat) && sdm_catalogue_group_count(c) == sdm_catalogue_group_count(cat),
          "the catalogue differs");
    sdm_catalogue_free(c);
    return st;
}

static sdm_status check_catalogue(sdm_status st, sdm_catalogue *c)
{
    if (st != SDM_OK) {
        CHECK(c == SENTINEL, "the out pointer was set on failure");
        return st;
    }
    CHECK(sdm_catalogue_equal(c, cat) && strcmp(sdm_catalogue_version(c), sdm_catalogue_version(cat)) == 0,
          "the catalogue differs");
    sdm_catalogue_free(c);
    return st;
}

static sdm_status op_catalogue_load_json(void)
{
    sdm_catalogue *c = SENTINEL;
    arm();
    sdm_status st = sdm_catalogue_load_json(catalogue_text, catalogue_len, &c);
    disarm();
    return check_catalogue(st, c);
}

static sdm_status op_catalogue_load_file(void)
{
    sdm_catalogue *c = SENTINEL;
    arm();
    sdm_status st = sdm_catalogue_load_file(catalogue_path, &c);
    disarm();
    return check_catalogue(st, c);
}

static sdm_status check_formulary(sdm_status st, sdm_formulary *f, const char *want)
{
    if (st != SDM_OK) {
        CHECK(f == SENTINEL, "the out pointer was set on failure");
        return st;
    }
    char *text = NULL;
    if (sdm_formulary_to_json(f, &text) == SDM_OK)
        check_same_text(text, want, "the formulary");
    else
        problem("sdm_formulary_to_json failed unarmed");
    sdm_free(text);
    sdm_formulary_free(f);
    return st;
}

static sdm_status op_formulary_default(void)
{
    sdm_formulary *f = SENTINEL;
    arm();
    sdm_status st = sdm_formulary_default(cat, &f);
    disarm();
    return check_formulary(st, f, formulary_json);
}

static sdm_status op_formulary_load_json(void)
{
    sdm_formulary *f = SENTINEL;
    arm();
    sdm_status st = sdm_formulary_load_json(cat, small_formulary, sizeof small_formulary - 1, &f);
    disarm();
    return check_formulary(st, f, small_json);
}

static sdm_status op_formulary_load_file(void)
{
    sdm_formulary *f = SENTINEL;
    arm();
    sdm_status st = sdm_formulary_load_file(cat, small_path, &f);
    disarm();
    return check_formulary(st, f, small_json);
}

static sdm_status op_formulary_to_json(void)
{
    char *text = SENTINEL;
    arm();
    sdm_status st = sdm_formulary_to_json(form, &text);
    disarm();
    return text_result(st, text, formulary_json);
}

static sdm_status check_ranking(sdm_status st, sdm_ranking *r, const char *want)
{
    if (st != SDM_OK) {
        CHECK(r == SENTINEL, "the out pointer was set on failure");
        return st;
    }
    if (want) {
        char *text = NULL;
        if (sdm_ranking_to_json(r, &text) == SDM_OK)
            check_same_text(text, want, "the ranking");
        else
            problem("sdm_ranking_to_json failed unarmed");
        sdm_free(text);
    }
    sdm_ranking_free(r);
    return st;
}

static sdm_status op_ranking_new(void)
{
    sdm_ranking *r = SENTINEL;
    arm();
    sdm_status st = sdm_ranking_new(cat, &r);
    disarm();
    if (st == SDM_OK)
        CHECK(sdm_ranking_avoid_count(r) == 0 && sdm_ranking_max_rank(r) == SDM_DEFAULT_MAX_RANK,
              "the new ranking is not empty");
    return check_ranking(st, r, NULL);
}

static sdm_status op_ranking_copy(void)
{
    sdm_ranking *r = SENTINEL;
    arm();
    sdm_status st = sdm_ranking_copy(ranking, &r);
    disarm();
    return check_ranking(st, r, ranking_json);
}

/* Editing a ranking allocates nothing; this shows it (0 failure points). */
static sdm_status op_ranking_edit(void)
{
    sdm_ranking *r;
    MUST(sdm_ranking_new(cat, &r));
    arm();
    sdm_status st = sdm_ranking_avoid(r, "weight_gain", 1);
    if (st == SDM_OK)
        st = sdm_ranking_helpful(r, "night_sleepiness");
    if (st == SDM_OK)
        st = sdm_ranking_remove(r, "weight_gain");
    if (st == SDM_OK)
        st = sdm_ranking_set_max_rank(r, 7);
    if (st == SDM_OK)
        st = sdm_ranking_validate(r);
    disarm();
    sdm_ranking_free(r);
    return st;
}

static sdm_status op_ranking_to_json(void)
{
    char *text = SENTINEL;
    arm();
    sdm_status st = sdm_ranking_to_json(ranking, &text);
    disarm();
    return text_result(st, text, ranking_json);
}

static sdm_status op_ranking_from_json(void)
{
    sdm_ranking *r = SENTINEL;
    arm();
    sdm_status st = sdm_ranking_from_json(cat, ranking_json, strlen(ranking_json), &r);
    disarm();
    return check_ranking(st, r, ranking_json);
}

static char *options_text(const sdm_match_options *o)
{
    char *text = NULL;
    if (sdm_match_options_to_json(o, &text) != SDM_OK)
        problem("sdm_match_options_to_json failed unarmed");
    return text;
}

static sdm_status check_options(sdm_status st, sdm_match_options *o, const char *want)
{
    if (st != SDM_OK) {
        CHECK(o == SENTINEL, "the out pointer was set on failure");
        return st;
    }
    char *text = options_text(o);
    if (want)
        check_same_text(text, want, "the options");
    sdm_free(text);
    sdm_match_options_free(o);
    return st;
}

static sdm_status op_options_new(void)
{
    sdm_match_options *o = SENTINEL;
    arm();
    sdm_status st = sdm_match_options_new(&o);
    disarm();
    return check_options(st, o, NULL);
}

static sdm_status op_options_copy(void)
{
    sdm_match_options *o = SENTINEL;
    arm();
    sdm_status st = sdm_match_options_copy(opts, &o);
    disarm();
    return check_options(st, o, opts_json);
}

/* A change in place: on failure the options must be as before. */
static sdm_status options_change(sdm_status (*change)(sdm_match_options *))
{
    sdm_match_options *o;
    MUST(sdm_match_options_copy(opts, &o));
    char *before = options_text(o);
    arm();
    sdm_status st = change(o);
    disarm();
    char *after = options_text(o);
    if (st != SDM_OK)
        check_same_text(after, before, "the options after a failed change");
    else
        CHECK(after && before && strcmp(after, before) != 0, "the change did nothing");
    sdm_free(before);
    sdm_free(after);
    sdm_match_options_free(o);
    return st;
}

static sdm_status exclude_one(sdm_match_options *o)
{
    return sdm_match_options_exclude(o, "olanzapine", "weight gain before");
}

static sdm_status exclude_no_reason(sdm_match_options *o)
{
    return sdm_match_options_exclude(o, "quetiapine", NULL);
}

static sdm_status require_formulation(sdm_match_options *o)
{
    return sdm_match_options_require_formulation(o, "long_acting_injection");
}

static sdm_status require_licence(sdm_match_options *o)
{
    return sdm_match_options_require_licence(o, "DE");
}

static sdm_status op_options_exclude(void) { return options_change(exclude_one); }
static sdm_status op_options_exclude_no_reason(void) { return options_change(exclude_no_reason); }
static sdm_status op_options_require_formulation(void) { return options_change(require_formulation); }
static sdm_status op_options_require_licence(void) { return options_change(require_licence); }

static sdm_status op_options_to_json(void)
{
    char *text = SENTINEL;
    arm();
    sdm_status st = sdm_match_options_to_json(opts, &text);
    disarm();
    return text_result(st, text, opts_json);
}

static sdm_status op_options_from_json(void)
{
    sdm_match_options *o = SENTINEL;
    arm();
    sdm_status st = sdm_match_options_from_json(opts_json, strlen(opts_json), &o);
    disarm();
    return check_options(st, o, opts_json);
}

static sdm_status check_match(sdm_status st, sdm_match *m, const sdm_match *want)
{
    if (st != SDM_OK) {
        CHECK(m == SENTINEL, "the out pointer was set on failure");
        return st;
    }
    CHECK(sdm_match_count(m) + sdm_match_excluded_count(m) == sdm_formulary_count(form),
          "a medicine is neither ranked nor excluded");
    CHECK(sdm_match_count(m) == sdm_match_count(want) && sdm_match_excluded_count(m) == sdm_match_excluded_count(want),
          "the match differs");
    for (size_t i = 0; i < sdm_match_count(m) && i < sdm_match_count(want); i++)
        CHECK(sdm_match_profile(m, i) == sdm_match_profile(want, i) && sdm_match_rank(m, i) == sdm_match_rank(want, i),
              "entry %zu differs", i);
    for (size_t i = 0; i < sdm_match_excluded_count(m) && i < sdm_match_excluded_count(want); i++)
        CHECK(sdm_match_excluded_reason(m, i) && strcmp(sdm_match_excluded_reason(m, i),
                                                        sdm_match_excluded_reason(want, i)) == 0,
              "excluded %zu differs", i);
    sdm_match_free(m);
    return st;
}

static sdm_status op_match_run(void)
{
    sdm_match *m = SENTINEL;
    arm();
    sdm_status st = sdm_match_run(form, ranking, opts, &m);
    disarm();
    return check_match(st, m, match);
}

static sdm_status op_match_run_exclude_unknown(void)
{
    sdm_match *m = SENTINEL;
    arm();
    sdm_status st = sdm_match_run(form, ranking, opts_x, &m);
    disarm();
    return check_match(st, m, match_x);
}

static sdm_status op_match_reason(void)
{
    char *want = NULL;
    MUST(sdm_match_reason(match, reason_entry, &want));
    char *text = SENTINEL;
    arm();
    sdm_status st = sdm_match_reason(match, reason_entry, &text);
    disarm();
    st = text_result(st, text, want);
    sdm_free(want);
    return st;
}

static sdm_status op_match_to_json(void)
{
    char *text = SENTINEL;
    arm();
    sdm_status st = sdm_match_to_json(match, &text);
    disarm();
    return text_result(st, text, match_json);
}

static const sdm_profile *card_profile(void)
{
    return sdm_formulary_find(form, "olanzapine");
}

static sdm_status op_card_text(void)
{
    char *want = NULL;
    MUST(sdm_card_text(card_profile(), ranking, &want));
    char *text = SENTINEL;
    arm();
    sdm_status st = sdm_card_text(card_profile(), ranking, &text);
    disarm();
    st = text_result(st, text, want);
    sdm_free(want);
    return st;
}

static sdm_status op_card_format(void)
{
    char want[8192], buf[8192];
    size_t want_len = 0, needed = (size_t)-1;
    MUST(sdm_card_format(card_profile(), ranking, want, sizeof want, &want_len));
    memcpy(buf, "untouched", 10);
    arm();
    sdm_status st = sdm_card_format(card_profile(), ranking, buf, sizeof buf, &needed);
    disarm();
    if (st != SDM_OK) {
        CHECK(needed == (size_t)-1, "*needed was set on failure");
        return st;
    }
    CHECK(needed == want_len && strcmp(buf, want) == 0, "the card differs");
    return st;
}

static sdm_status op_card_to_json(void)
{
    char *want = NULL;
    MUST(sdm_card_to_json(card_profile(), ranking, &want));
    char *text = SENTINEL;
    arm();
    sdm_status st = sdm_card_to_json(card_profile(), ranking, &text);
    disarm();
    st = text_result(st, text, want);
    sdm_free(want);
    return st;
}

static sdm_status op_record_to_json(void)
{
    char *text = SENTINEL;
    arm();
    sdm_status st = sdm_record_to_json(match, "2026-01-02T03:04:05Z", &text);
    disarm();
    return text_result(st, text, record_json);
}

/* The card and the record on a formulary of their own, fresh each run (made
 * and freed unarmed): the text they keep per medicine is made armed, and a
 * failure there must leave the same text, written directly, or a reported
 * failure; never other bytes. */
static sdm_status op_card_to_json_cold(void)
{
    sdm_formulary *fresh;
    char *want = NULL, *text = SENTINEL;
    MUST(sdm_card_to_json(card_profile(), ranking, &want));
    MUST(sdm_formulary_default(cat, &fresh));
    arm();
    sdm_status st = sdm_card_to_json(sdm_formulary_find(fresh, "olanzapine"), ranking, &text);
    disarm();
    st = text_result(st, text, want);
    sdm_formulary_free(fresh);
    sdm_free(want);
    return st;
}

static sdm_status op_record_to_json_cold(void)
{
    sdm_formulary *fresh;
    sdm_match *m;
    char *text = SENTINEL;
    MUST(sdm_formulary_default(cat, &fresh));
    MUST(sdm_match_run(fresh, ranking, opts, &m));
    arm();
    sdm_status st = sdm_record_to_json(m, "2026-01-02T03:04:05Z", &text);
    disarm();
    st = text_result(st, text, record_json);
    sdm_match_free(m);
    sdm_formulary_free(fresh);
    return st;
}

static sdm_status op_record_load_json(void)
{
    sdm_ranking *r = SENTINEL;
    sdm_match_options *o = SENTINEL;
    char *version = SENTINEL;
    arm();
    sdm_status st = sdm_record_load_json(cat, record_json, strlen(record_json), &r, &o, &version);
    disarm();
    if (st != SDM_OK) {
        CHECK(r == SENTINEL && o == SENTINEL && version == SENTINEL, "an output was set on failure");
        return st;
    }
    CHECK(strcmp(version, sdm_formulary_version(form)) == 0, "the data version differs");
    sdm_free(version);
    check_ranking(SDM_OK, r, ranking_json);
    return check_options(SDM_OK, o, opts_json);
}

static sdm_status batch(const sdm_match_options *o, size_t top)
{
    int32_t want[4 * 3], best[4 * 3];
    double want_scores[4 * 3], scores[4 * 3];
    MUST(sdm_match_batch(form, o, batch_rows, 4, 5, top, want, want_scores));
    arm();
    sdm_status st = sdm_match_batch(form, o, batch_rows, 4, 5, top, best, scores);
    disarm();
    if (st == SDM_OK)
        CHECK(memcmp(best, want, 4 * top * sizeof *best) == 0, "the batch result differs");
    return st;
}

static sdm_status op_batch_top1(void) { return batch(NULL, 1); }

/* 4096 rows of five: the batch's screen where the CPU has it, and (below)
 * its table of pairs with the screen ruled out. */
static sdm_status op_batch_large(void)
{
    enum { ROWS = 4096, K = 5 };
    static int32_t rows[ROWS * K], want[ROWS], best[ROWS];
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < K; c++)
            rows[r * K + c] = (r + 7 * c) % 36;
    MUST(sdm_match_batch(form, NULL, rows, ROWS, K, 1, want, NULL));
    arm();
    sdm_status st = sdm_match_batch(form, NULL, rows, ROWS, K, 1, best, NULL);
    disarm();
    if (st == SDM_OK)
        CHECK(memcmp(best, want, sizeof best) == 0, "the batch result differs");
    return st;
}
static sdm_status op_batch_pairs(void)
{
    setenv("SDM_NO_SCREEN", "1", 1);
    sdm_status st = op_batch_large();
    unsetenv("SDM_NO_SCREEN");
    return st;
}
static sdm_status op_batch_top3(void) { return batch(opts, 3); }

/* sdm_match_batch_ext() with helpful side effects (the general path) and
 * with the counts of ties (the vectorised path when top is 1). */
static sdm_status batch_ext(const int32_t *helpful, size_t h, size_t top)
{
    int32_t want[4 * 2], best[4 * 2], want_ranks[4 * 2], ranks[4 * 2], want_tied[4 * 2], tied[4 * 2];
    double scores[4 * 2];
    MUST(sdm_match_batch_ext(form, NULL, batch_rows, 4, 5, helpful, h, top, want, scores, want_ranks, want_tied));
    arm();
    sdm_status st = sdm_match_batch_ext(form, NULL, batch_rows, 4, 5, helpful, h, top, best, scores, ranks, tied);
    disarm();
    if (st == SDM_OK)
        CHECK(memcmp(best, want, 4 * top * sizeof *best) == 0 && memcmp(ranks, want_ranks, 4 * top * sizeof *ranks) == 0 &&
                  memcmp(tied, want_tied, 4 * top * sizeof *tied) == 0,
              "the batch result differs");
    return st;
}
static sdm_status op_batch_ext_helpful(void)
{
    static const int32_t helpful[4 * 2] = {1, -1, 3, 5, -1, -1, 0, 2};
    return batch_ext(helpful, 2, 2);
}
/* top 1, row 0's cells all given: the screen of rows with helpful side
 * effects (batch-helpful.c) where the CPU has it, its layout allocated */
static sdm_status op_batch_ext_helpful_top1(void)
{
    static const int32_t helpful[4 * 2] = {1, 3, 3, 5, -1, -1, 0, 2};
    return batch_ext(helpful, 2, 1);
}
static sdm_status op_batch_ext_tied(void) { return batch_ext(NULL, 0, 1); }
static sdm_status op_batch_exclude_unknown(void) { return batch(opts_x, 1); }

/* ---- the driver -------------------------------------------------------------- */

typedef struct operation {
    const char *name;
    sdm_status (*run)(void);
    int parses; /* parses JSON: a jansson failure may read as SDM_ERR_PARSE */
} operation;

static const operation operations[] = {
    {"catalogue_default", op_catalogue_default, 1},
    {"catalogue_load_json", op_catalogue_load_json, 1},
    {"catalogue_load_file", op_catalogue_load_file, 1},
    {"formulary_default", op_formulary_default, 1},
    {"formulary_load_json (small)", op_formulary_load_json, 1},
    {"formulary_load_file (small)", op_formulary_load_file, 1},
    {"formulary_to_json", op_formulary_to_json, 0},
    {"ranking_new", op_ranking_new, 0},
    {"ranking_copy", op_ranking_copy, 0},
    {"ranking_avoid/helpful/remove/set_max_rank/validate", op_ranking_edit, 0},
    {"ranking_to_json", op_ranking_to_json, 0},
    {"ranking_from_json", op_ranking_from_json, 1},
    {"options_new", op_options_new, 0},
    {"options_copy", op_options_copy, 0},
    {"options_exclude", op_options_exclude, 0},
    {"options_exclude (no reason)", op_options_exclude_no_reason, 0},
    {"options_require_formulation", op_options_require_formulation, 0},
    {"options_require_licence", op_options_require_licence, 0},
    {"options_to_json", op_options_to_json, 0},
    {"options_from_json", op_options_from_json, 1},
    {"match_run", op_match_run, 0},
    {"match_run (unknown excludes)", op_match_run_exclude_unknown, 0},
    {"match_reason", op_match_reason, 0},
    {"match_to_json", op_match_to_json, 0},
    {"card_text", op_card_text, 0},
    {"card_format", op_card_format, 0},
    {"card_to_json", op_card_to_json, 0},
    {"record_to_json", op_record_to_json, 0},
    {"card_to_json (text per medicine made)", op_card_to_json_cold, 0},
    {"record_to_json (text per medicine made)", op_record_to_json_cold, 0},
    {"record_load_json", op_record_load_json, 1},
    {"match_batch (top 1)", op_batch_top1, 0},
    {"match_batch (4096 rows of five)", op_batch_large, 0},
    {"match_batch (4096 rows of five, no screen)", op_batch_pairs, 0},
    {"match_batch (top 3, filters)", op_batch_top3, 0},
    {"match_batch_ext (helpful, top 2)", op_batch_ext_helpful, 0},
    {"match_batch_ext (helpful, top 1)", op_batch_ext_helpful_top1, 0},
    {"match_batch_ext (ranks and ties, top 1)", op_batch_ext_tied, 0},
    {"match_batch (unknown excludes)", op_batch_exclude_unknown, 0},
};

/* Whether to run failure point n of N. All of them with --full; otherwise,
 * above 3000 points (the built-in formulary, whose parse is the bulk, and its
 * JSON), the first and last 100 and about 300 evenly spread in between (every
 * 31st or sparser: the formulary of data 2026.12 has some 40,000 points, and
 * each run parses it again), so that the test takes seconds, and well under
 * meson's timeout under AddressSanitizer too. The stride is odd, so that it
 * falls on every kind of allocation of a repeating pattern over the runs. */
static int full;

static int chosen(size_t n, size_t count)
{
    size_t stride = count / 300 > 31 ? (count / 300) | 1 : 31;
    return full || count <= 3000 || n <= 100 || n + 100 > count || n % stride == 0;
}

typedef struct tally {
    size_t points;   /* allocations of a run without failures */
    size_t runs;     /* failure points exercised */
    size_t spared;   /* runs whose allocation n was jansson's lexer buffer */
    size_t as_parse; /* runs that gave SDM_ERR_PARSE */
} tally;

static void reset_run(size_t n)
{
    current_point = n;
    calls = allocs = frees = injected = spared = 0;
    first_failed_in_jansson = 0;
    lexer_buf = growth_buf = NULL;
    fail_at = n;
    sdm_clear_error();
}

/* Runs an operation failing allocation 1, 2, ... in turn (in one mode). */
static void exercise(const operation *op, int mode, tally *t)
{
    persistent = mode;
    current_op = op->name;
    tracking_lexer = op->parses;

    reset_run(0); /* first, count */
    sdm_status st = op->run();
    CHECK(st == SDM_OK, "fails without an injected failure: %d (%s)", (int)st, sdm_strerror(st));
    CHECK(allocs == frees, "%zu blocks allocated, %zu freed: %zu leaked", allocs, frees, allocs - frees);
    size_t count = calls;
    memset(t, 0, sizeof *t);
    t->points = count;

    for (size_t n = 1; n <= count + 1; n++) {
        if (n <= count && !chosen(n, count))
            continue;
        reset_run(n);
        st = op->run();
        fail_at = 0;
        CHECK(allocs == frees, "%zu blocks allocated, %zu freed: %zu leaked", allocs, frees, allocs - frees);
        if (n == count + 1) {
            CHECK(st == SDM_OK && injected == 0 && calls == count,
                  "the run is not repeatable: %zu allocations, then %zu", count, calls);
            break;
        }
        CHECK(calls >= n, "the run is not repeatable: %zu allocations, then %zu", count, calls);
        if (injected == 0) {
            t->spared++;  /* allocation n was the lexer's: not failed */
            CHECK(st == SDM_OK, "failed without an injected failure: %d (%s)", (int)st, sdm_strerror(st));
            continue;
        }
        t->runs++;
        if (st == SDM_OK) {
            /* the result was checked against the normal one by op->run() */
            if (verbose)
                fprintf(stderr, "note: %s succeeded although allocation %zu failed\n", op->name, n);
            continue;
        }
        if (st == SDM_ERR_PARSE && op->parses && first_failed_in_jansson) {
            t->as_parse++;
            continue;
        }
        CHECK(st == SDM_ERR_NO_MEMORY, "status %d (%s) instead of SDM_ERR_NO_MEMORY", (int)st, sdm_strerror(st));
        CHECK(strstr(sdm_last_error(), "out of memory") != NULL, "the message does not say 'out of memory'");
    }
}

int main(int argc, char **argv)
{
    int first_name = 2;
    if (argc < 2) {
        fprintf(stderr, "usage: %s CATALOGUE.json [-v] [--full] [OPERATION...]\n", argv[0]);
        return EXIT_FAILURE;
    }
    catalogue_path = argv[1];
    for (; first_name < argc && argv[first_name][0] == '-'; first_name++) {
        if (strcmp(argv[first_name], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[first_name], "--full") == 0)
            full = 1;
    }
    /* Set once, before any other call, as alloc.h requires. */
    if (sdm_set_alloc_funcs(sdm_hook_malloc, hook_free) != SDM_OK)
        return EXIT_FAILURE;
    json_set_alloc_funcs(jansson_hook_malloc, hook_free);

    make_fixtures();
    size_t baseline_allocs = allocs, baseline_frees = frees;

    printf("%-44s %7s %7s %7s %7s %7s\n", "operation", "allocs", "failed", "spared", "PARSE", "failed");
    printf("%-44s %7s %7s %7s %7s %7s\n", "", "", "1-shot", "", "", "persist");
    size_t total = 0, total_runs = 0;
    for (size_t i = 0; i < sizeof operations / sizeof operations[0]; i++) {
        const operation *op = &operations[i];
        int wanted = argc <= first_name;
        for (int a = first_name; a < argc; a++)
            wanted |= strcmp(argv[a], op->name) == 0;
        if (!wanted)
            continue;
        tally one, all;
        exercise(op, 0, &one);
        exercise(op, 1, &all);
        printf("%-44s %7zu %7zu %7zu %7zu %7zu\n", op->name, one.points, one.runs, one.spared,
               one.as_parse + all.as_parse, all.runs);
        total += one.points;
        total_runs += one.runs + all.runs;
    }
    printf("%-44s %7zu %7s %7s %7s %7s\n", "total allocations", total, "", "", "", "");
    printf("failure points exercised (both modes): %zu%s\n", total_runs,
           full ? "" : " (above 3000 points sampled; --full for all)");

    allocs = baseline_allocs;
    frees = baseline_frees;
    free_fixtures();
    if (allocs != frees) {
        fprintf(stderr, "FAIL the fixtures leaked %zu blocks\n", allocs - frees);
        problems++;
    }
    if (problems) {
        fprintf(stderr, "%d problem(s)\n", problems);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
