/*
 * libsdm - the batch's lane layout, and its fastest path: the best medicine
 * of each row of 1 to 5 columns, with a single-precision screen.
 *
 * Medicines are laid out in name order, four to a vector, one row of vectors
 * per side effect (the avoided value of each rating; the helpful value and
 * which ratings are unknown when a call needs them). batch-general.c scores
 * any row over this layout, with every option; this file makes the layout,
 * and a faster kernel for the common case.
 *
 * The screen (CPUs with AVX2 and FMA; rows of 1 to 5 columns, top 1 to 8,
 * no helpful side effects, up to 32 medicines and 64 side effects): a first
 * pass in single precision, eight medicines to a vector, finds the few that
 * could come first, or in the first `top` places (a bound on its rounding
 * error decides how near is near), and only those are scored in double
 * precision, with the operations of sdm__score_medicine() in its order, so
 * the same bits. A medicine an unknown rating leaves out of the row (unknown
 * = exclude) gets +inf in the first pass and is never a candidate. With top
 * 1, most rows have one candidate, or several with the same severities on
 * the row's side effects (an exact tie): a table of equal severities tells
 * so in five loads, and the first by name is the answer; with several places
 * the candidates' groups are settled as sdm__score_order() settles them. A row that ends early
 * (-1 after its L side effects) is scored with the weights of a row of L,
 * its missing cells reading a side effect of severity 0 with weight 0: each
 * adds +0.0, which changes no score (no score is -0.0: it starts at +0.0),
 * so the bits are still those of the L terms. Rows the screen cannot check
 * in passing (an index out of range, one twice, a value after -1, a length
 * whose weights cannot be told apart, an empty row) are handed back to
 * batch.c, which checks them exactly and scores them with batch-general.c.
 * No compiler may fuse a multiply and an add outside the screen's own pass
 * (-ffp-contract=off in meson, a pragma in internal.h for every other build,
 * and no "fma" in the target of the double code).
 *
 * The CPU's kernels are chosen once per process (have_avx2()).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch-private.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SDM_HAVE_AVX2_KERNEL 1
#endif

/* ---- the layout --------------------------------------------------------- */

/* Each candidate's place among the candidates in name order: `by_name` holds
 * the formulary's indices in name order (batch.c), so this is one pass. */
/* Whether cell (m, i) counts as unknown for the unknown policy: an unknown
 * rating, or under the plan's cells (numeric evidence) one with no number. */
static int cell_unknown(const batch_plan *p, int32_t m, size_t i)
{
    if (m < 0)
        return 0;
    if (p->scoring.cell)
        return p->scoring.cell_source[(size_t)m * p->items + i] == SDM_TERM_IMPUTED;
    return p->ratings[m][i] == SDM_RATING_UNKNOWN;
}

/* Lanes of lp->medicine: the lanes of the screen's vectors of eight, so that
 * settle_picks() may read a lane picked past the last block (padding, -1). */
#define MEDICINE_LANES(blocks) (((blocks) * SDM_LANES + SDM_FLANES - 1) / SDM_FLANES * SDM_FLANES)

static void place_lanes(sdm_lane_plan *lp, const batch_plan *p)
{
    for (size_t lane = 0; lane < MEDICINE_LANES(lp->blocks ? lp->blocks : 1); lane++)
        lp->medicine[lane] = -1;
    size_t lane = 0;
    for (size_t place = 0; place < p->meds; place++) {
        size_t m = p->by_name[place];
        if (p->candidate[m])
            lp->medicine[lane++] = (int32_t)m;
    }
}

/* The single-precision screen. A lane's single-precision score F and its
 * double score D (the exact result the call returns) differ by at most
 * 8 u S + 1e-20, where u = 2^-24 and S bounds the sum of |w_c| |s| over a
 * row: converting each weight and severity rounds once (2u per product), each
 * of the (at most five) fused multiply-adds once (u per step, on a partial
 * sum at most S), D differs from the real sum by less than 5 * 2^-53 S, and
 * what underflows or is flushed to zero below 2^-126 loses less than 1e-20 in
 * all (weights are at most 1e15). The screen of a row of L side effects is
 * tie_L + 64 u S_L + 1e-15 (tie_L: the plan's tie tolerance for rows of L),
 * and the limit low + screen, rounded to single precision, loses at most
 * u (S + screen) of it. A lane above the limit then has D - D_low > tie_L: it
 * is neither the lowest nor tied with it, so the candidates hold every lane
 * sdm_match_run() could list first. A padded cell adds 0 * 0 exactly. Values
 * above 1e15 would make the screen useless, and NaN or infinity are not
 * compared at all: then batch-general.c does every row.
 *
 * The kernels compare strictly, score < low + fscreen, with fscreen rounded
 * up from twice the screen: low + 2 screen exceeds low + screen by at least
 * 64 u S, more than ten units in the last place of any partial sum (at most
 * S), so the strict limit is above the limit of the bound and every lane
 * within it is still a candidate; and when every lane is +inf (each medicine
 * left out by an unknown rating) none is, as +inf < +inf is false.
 *
 * Unknown = exclude: an unknown cell reads +inf in the screen, so a medicine
 * with one on the row scores +inf (w * inf = inf for w > 0, and inf plus
 * anything finite stays inf) and is never a candidate; its double severities
 * (by_lane) keep their values, never read for it. This needs every weight
 * positive (0 * inf would be NaN): otherwise batch-general.c takes the call. */
#define SCREEN_LARGEST 1e15

static int screen_wanted(sdm_lane_plan *lp, const batch_plan *p, size_t k, int exclude)
{
    if (k > SDM_SCREEN_COLUMNS || p->items > 64 || lp->blocks < 1)
        return 0; /* more than 32 medicines: the wide screen (make_wide()) */
    double largest = 0.0;
    /* Without the plan's cells (the screen's case), every severity is one of
     * the rating table's five values, or 0 (padding): five to look at, not
     * every cell (most of the wide screen's plan at 2,000 medicines). */
    const double *sev = p->scoring.cell ? (const double *)lp->severity : p->scoring.value[0];
    size_t count = p->scoring.cell ? p->items * lp->blocks * SDM_LANES
                                   : sizeof p->scoring.value[0] / sizeof p->scoring.value[0][0];
    for (size_t at = 0; at < count; at++) {
        double v = fabs(sev[at]);
        if (!(v <= SCREEN_LARGEST))
            return 0;
        largest = v > largest ? v : largest;
    }
    memset(lp->len_ok, 0, sizeof lp->len_ok);
    memset(lp->fweight, 0, sizeof lp->fweight);
    memset(lp->dweight, 0, sizeof lp->dweight);
    for (size_t len = 1; len <= k; len++) {
        const sdm_score_terms *t = &p->terms[len];
        if (!t->usable)
            continue; /* such rows go to batch.c, which says why */
        double weights = 0.0;
        for (size_t c = 0; c < len; c++) {
            double w = fabs(t->weight[c]);
            if (!(w <= SCREEN_LARGEST) || (exclude && !(t->weight[c] > 0.0)))
                return 0;
            weights += w;
            lp->fweight[len][c] = (float)t->weight[c];
            lp->dweight[len][c] = t->weight[c];
        }
        double screen = t->tie + 64.0 * 0x1p-24 * weights * largest + 1e-15;
        /* doubled for the strict comparison, and rounded up, so that rounding
         * the bound to single precision never narrows it */
        lp->fscreen[len] = nextafterf((float)(2.0 * screen), INFINITY);
        lp->len_ok[len] = 1;
    }
    return 1;
}

/* For the second pass of the screen, each lane's severities together (so
 * that a lane's exact score reads one short row) and, for each lane and side
 * effect, the lanes whose severity of it is the same value, as bits: two lanes
 * that agree on a row's side effects have the same double score to the last
 * bit. Side effect `items` is the padding of a short row: 0 for every lane,
 * the same in all. */
static void make_by_lane(sdm_lane_plan *lp, const batch_plan *p)
{
    const double *sev = (const double *)lp->severity;
    size_t lanes = lp->blocks * SDM_LANES, items = p->items, all = lp->fblocks * SDM_FLANES, width = items + 1;
    for (size_t i = 0; i < items; i++) {
        /* the distinct severities of this side effect, as bits (equal bits,
         * equal values and the same scores), and the lanes that have each */
        uint64_t value[SDM_FLANES * 4];
        uint32_t lanes_with[SDM_FLANES * 4];
        size_t distinct = 0, of[SDM_FLANES * 4];
        for (size_t lane = 0; lane < lanes; lane++) {
            if (lp->medicine[lane] < 0)
                continue;
            uint64_t bits;
            memcpy(&bits, &sev[i * lanes + lane], sizeof bits);
            size_t d = 0;
            while (d < distinct && value[d] != bits)
                d++;
            if (d == distinct) {
                value[distinct] = bits;
                lanes_with[distinct++] = 0;
            }
            lanes_with[d] |= (uint32_t)1 << lane;
            of[lane] = d;
        }
        for (size_t lane = 0; lane < all; lane++) {
            int used = lane < lanes && lp->medicine[lane] >= 0;
            lp->by_lane[lane * width + i] = used ? sev[i * lanes + lane] : 0.0;
            lp->same[lane * width + i] = used ? lanes_with[of[lane]] : 0;
        }
    }
    for (size_t lane = 0; lane < all; lane++) {
        lp->by_lane[lane * width + items] = 0.0;
        lp->same[lane * width + items] = UINT32_MAX;
    }
}

/* Vectors from one side effect's to the next in the screen: a power of two,
 * so that finding a row's side effects takes a shift each. */
#define SCREEN_STRIDE(fblocks) ((fblocks) == 3 ? (size_t)4 : (size_t)(fblocks))

static sdm_status make_screen(sdm_lane_plan *lp, const batch_plan *p, int exclude)
{
    size_t fblocks = (lp->blocks * SDM_LANES + SDM_FLANES - 1) / SDM_FLANES, items = p->items, width = items + 1;
    size_t stride = SCREEN_STRIDE(fblocks), lanes = fblocks * SDM_FLANES;
    size_t vectors = (width * stride + fblocks) * sizeof(sdm_flanes);
    lp->screen_memory =
        sdm__calloc(1, 2 * sizeof(sdm_flanes) + vectors + lanes * width * (sizeof(double) + sizeof(uint32_t)));
    if (!lp->screen_memory)
        return sdm__fail_no_memory();
    uintptr_t at = ((uintptr_t)lp->screen_memory + sizeof(sdm_flanes) - 1) & ~(uintptr_t)(sizeof(sdm_flanes) - 1);
    lp->fseverity = (sdm_flanes *)at;
    lp->fstart = lp->fseverity + width * stride;
    lp->by_lane = (double *)(lp->fstart + fblocks);
    lp->same = (uint32_t *)(lp->by_lane + lanes * width);
    lp->fblocks = fblocks;
    const double *sev = (const double *)lp->severity;
    for (size_t lane = 0; lane < lanes; lane++) {
        size_t b = lane / SDM_FLANES, l = lane % SDM_FLANES;
        int used = lane < lp->blocks * SDM_LANES && lp->medicine[lane] >= 0;
        int32_t m = used ? lp->medicine[lane] : -1;
        lp->fstart[b][l] = used ? 0.0f : INFINITY;
        for (size_t i = 0; i < items; i++) /* +inf: an unknown rating that excludes (see screen_wanted()) */
            lp->fseverity[i * stride + b][l] = !used ? 0.0f
                                               : exclude && cell_unknown(p, m, i)
                                                   ? INFINITY
                                                   : (float)sev[i * lp->blocks * SDM_LANES + lane];
        lp->fseverity[items * stride + b][l] = 0.0f; /* the padding of a short row */
    }
    make_by_lane(lp, p);
    return SDM_OK;
}

/* The wide screen, for more than 32 medicines (top 1): the screen's first
 * pass over any number of vectors of eight, a side effect's vectors
 * together (fblocks apart), with a running minimum across them; then the
 * lanes under the limit, as a list (see wide_screen()). Its candidates are
 * scored exactly from the double layout itself (lp->severity, a side
 * effect's lanes together): no by_lane, and no table of equal severities
 * (its lane masks hold 32 lanes). One pass over the cells, each side
 * effect's lanes in order, and the only memory the single-precision copy
 * (fresh pages cost more than the instructions here). */
static sdm_status make_wide(sdm_lane_plan *lp, const batch_plan *p, int exclude)
{
    size_t lanes_used = lp->blocks * SDM_LANES, items = p->items, width = items + 1;
    size_t fblocks = (lanes_used + SDM_FLANES - 1) / SDM_FLANES, lanes = fblocks * SDM_FLANES;
    lp->screen_memory = sdm__malloc(sizeof(sdm_flanes) + (width + 1) * fblocks * sizeof(sdm_flanes));
    if (!lp->screen_memory)
        return sdm__fail_no_memory();
    uintptr_t at = ((uintptr_t)lp->screen_memory + sizeof(sdm_flanes) - 1) & ~(uintptr_t)(sizeof(sdm_flanes) - 1);
    lp->fseverity = (sdm_flanes *)at;
    lp->fstart = lp->fseverity + width * fblocks;
    lp->by_lane = NULL;
    lp->same = NULL;
    lp->fblocks = fblocks;
    lp->wide = 1;
    const double *sev = (const double *)lp->severity;
    float *fsev = (float *)lp->fseverity, *fstart = (float *)lp->fstart;
    for (size_t i = 0; i < items; i++) {
        for (size_t lane = 0; lane < lanes_used; lane++)
            fsev[i * lanes + lane] = (float)sev[i * lanes_used + lane];
        for (size_t lane = lanes_used; lane < lanes; lane++)
            fsev[i * lanes + lane] = 0.0f;
    }
    for (size_t lane = 0; lane < lanes; lane++) {
        int32_t m = lane < lanes_used ? lp->medicine[lane] : -1;
        fstart[lane] = m >= 0 ? 0.0f : INFINITY;
        fsev[items * lanes + lane] = 0.0f; /* the padding of a short row */
        for (size_t i = 0; exclude && m >= 0 && i < items; i++)
            if (cell_unknown(p, m, i)) /* +inf: an unknown rating that excludes (see screen_wanted()) */
                fsev[i * lanes + lane] = INFINITY;
    }
    return SDM_OK;
}

/* The helpful value of each cell, and which are unknown, when the call needs them. */
static sdm_status make_extra(sdm_lane_plan *lp, const batch_plan *p, int helpful, int unknown)
{
    size_t cells = p->items * (lp->blocks ? lp->blocks : 1);
    lp->extra_memory = sdm__malloc((size_t)(helpful + unknown) * cells * sizeof(sdm_lanes) + sizeof(sdm_lanes));
    if (!lp->extra_memory)
        return sdm__fail_no_memory();
    uintptr_t at = ((uintptr_t)lp->extra_memory + sizeof(sdm_lanes) - 1) & ~(uintptr_t)(sizeof(sdm_lanes) - 1);
    sdm_lanes *next = (sdm_lanes *)at;
    if (helpful) {
        lp->helpful = next;
        next += cells;
    }
    if (unknown)
        lp->unknown = (sdm_lane_mask *)next;
    for (size_t lane = 0; lane < lp->blocks * SDM_LANES; lane++) {
        int32_t m = lp->medicine[lane];
        size_t b = lane / SDM_LANES, l = lane % SDM_LANES;
        for (size_t i = 0; i < p->items; i++) {
            if (helpful)
                lp->helpful[i * lp->blocks + b][l] = m < 0 ? 0.0 : sdm__score_value(&p->scoring, (size_t)m, i, 1);
            if (unknown)
                lp->unknown[i * lp->blocks + b][l] = cell_unknown(p, m, i) ? -1 : 0;
        }
    }
    return SDM_OK;
}

static int have_avx2(void);
static int have_avx2_fma(void);

/* Whether pick_rows() can take rows keeping several places: at most 32
 * lanes (five bits for a lane's number) and no score below zero (every
 * severity and weight of the screen 0 or more), so that a score's bits,
 * read as an integer, order scores as they are ordered. Not -0 either (nor a
 * double below zero that is -0 in single precision): then every product is
 * +0 or more, and settle_picks() leaves out the first term's 0 + (see
 * exact_pos()). */
static int picks_wanted(const sdm_lane_plan *lp, const batch_plan *p, size_t k)
{
    if (lp->top < 2 || lp->fblocks > 4)
        return 0;
    size_t stride = SCREEN_STRIDE(lp->fblocks);
    for (size_t i = 0; i < p->items; i++)
        for (size_t b = 0; b < lp->fblocks; b++)
            for (size_t l = 0; l < SDM_FLANES; l++)
                if (!(lp->fseverity[i * stride + b][l] >= 0.0f) || signbit(lp->fseverity[i * stride + b][l]))
                    return 0;
    for (size_t len = 1; len <= k; len++)
        for (size_t c = 0; c < len; c++)
            if (lp->len_ok[len] && (!(lp->fweight[len][c] >= 0.0f) || signbit(lp->fweight[len][c])))
                return 0;
    return 1;
}


/* The most places a row may keep for the screen: beyond, most lanes are
 * candidates and batch-general.c is as fast. */
#define SCREEN_TOP 8

sdm_status sdm__lane_plan_make(sdm_lane_plan *lp, const batch_plan *p, size_t k, size_t h, size_t top)
{
    size_t count = 0;
    for (size_t m = 0; m < p->meds; m++)
        count += p->candidate[m];
    lp->blocks = (count + SDM_LANES - 1) / SDM_LANES;
    size_t blocks = lp->blocks ? lp->blocks : 1;
    int tradeoff = p->scoring.tradeoff > 0.0;
    lp->memory = sdm__malloc((p->items + 1 + (size_t)tradeoff) * blocks * sizeof(sdm_lanes) + sizeof(sdm_lanes));
    lp->medicine = sdm__malloc(MEDICINE_LANES(blocks) * sizeof *lp->medicine);
    if (!lp->memory || !lp->medicine)
        return sdm__fail_no_memory();
    /* vectors must be aligned to their size */
    uintptr_t at = ((uintptr_t)lp->memory + sizeof(sdm_lanes) - 1) & ~(uintptr_t)(sizeof(sdm_lanes) - 1);
    lp->severity = (sdm_lanes *)at;
    lp->start = lp->severity + p->items * lp->blocks;
    lp->lack = tradeoff ? lp->start + lp->blocks : NULL;
    place_lanes(lp, p);
    for (size_t lane = 0; lane < lp->blocks * SDM_LANES; lane++) {
        int32_t m = lp->medicine[lane];
        size_t b = lane / SDM_LANES, l = lane % SDM_LANES;
        /* Padding starts at +inf, so it is never the lowest nor near it. */
        lp->start[b][l] = m < 0 ? INFINITY : 0.0;
        if (lp->lack) /* sdm__score_row()'s product, added after the terms */
            lp->lack[b][l] = m < 0 ? 0.0 : p->scoring.tradeoff * p->scoring.lack[m];
        /* sdm__score_value(), with the ratings found once per medicine */
        const signed char *ratings = m < 0 ? NULL : p->ratings[m];
        const double *value = p->scoring.value[0];
        for (size_t i = 0; i < p->items; i++)
            lp->severity[i * lp->blocks + b][l] = m < 0              ? 0.0
                                                  : p->scoring.cell ? sdm__score_value(&p->scoring, (size_t)m, i, 0)
                                                                    : value[ratings[i] + 1];
    }
    lp->avx2 = have_avx2();
    int exclude = p->scoring.exclude_unknown;
    if (h > 0 || exclude) {
        sdm_status st = make_extra(lp, p, h > 0, exclude);
        if (st != SDM_OK)
            return st;
    }
    lp->top = top;
    /* The screen's bound is on the terms of the rating table alone: not with
     * the plan's cells (numeric evidence, the mean policy) or a trade-off. */
    int table_only = !p->scoring.cell && !tradeoff;
    if (table_only && top <= SCREEN_TOP && h == 0 && lp->avx2 && have_avx2_fma() && screen_wanted(lp, p, k, exclude))
    {
        if (lp->blocks > 8) /* more than 32 medicines: the wide screen, top 1 only */
            return top == 1 ? make_wide(lp, p, exclude) : SDM_OK;
        sdm_status st = make_screen(lp, p, exclude);
        lp->picks = st == SDM_OK && picks_wanted(lp, p, k);
        if (st == SDM_OK && top > 1 && !lp->picks)
            lp->fblocks = 0; /* scores that can be negative: batch-general.c keeps the places */
        return st;
    }
    return SDM_OK;
}

void sdm__lane_plan_dispose(sdm_lane_plan *lp)
{
    sdm__free(lp->memory);
    sdm__free(lp->medicine);
    sdm__free(lp->screen_memory);
    sdm__free(lp->extra_memory);
}

/* ---- the AVX2 screen ------------------------------------------------------ */

#ifdef SDM_HAVE_AVX2_KERNEL
/* Every CPU with AVX2 has POPCNT and BMI2 too; have_avx2() checks all three.
 * No "fma" here: the double code must not fuse. */
#define AVX2_TARGET __attribute__((target("avx2,popcnt,bmi,bmi2")))
#define AVX2 AVX2_TARGET __attribute__((always_inline)) static inline
#define SCREEN_TARGET __attribute__((target("avx2,fma,popcnt,bmi,bmi2")))
#define SCREEN SCREEN_TARGET __attribute__((always_inline)) static inline

/* A lane's score in double precision, with the operations (and so the bits)
 * of sdm_match_run(): 0 + w1 s1, then + w2 s2, ... (a padded cell adds
 * 0 * 0). This and the functions that use it are compiled without FMA in
 * their target, besides internal.h's pragma, so that no multiply and add is
 * fused here whatever flags the library is built with (the test
 * foreign-build). */
AVX2 double exact_k(size_t k, const double *w, const double *sev, const uint32_t *row)
{
    double score = 0.0 + w[0] * sev[row[0]];
#pragma GCC unroll 5
    for (size_t c = 1; c < k; c++)
        score = score + w[c] * sev[row[c]];
    return score;
}

/* exact_k() where no weight or severity has its sign bit set (see
 * picks_wanted()): the first product is then +0 or more, and 0 + it is
 * itself, to the bit; one add fewer on the chain. */
AVX2 double exact_pos(size_t k, const double *w, const double *sev, const uint32_t *row)
{
    double score = w[0] * sev[row[0]];
#pragma GCC unroll 5
    for (size_t c = 1; c < k; c++)
        score = score + w[c] * sev[row[c]];
    return score;
}

/* exact_k() over the double layout (lp->severity), where a lane's cells are
 * `lanes` apart: the same operations in the same order, so the same bits.
 * Side effect `items`, a short row's padding, reads lp->start, which follows
 * the last side effect and holds 0 for every medicine (a candidate is one). */
AVX2 double exact_wide(size_t k, const double *w, const double *sev, size_t lanes, const uint32_t *row)
{
    double score = 0.0 + w[0] * sev[row[0] * lanes];
#pragma GCC unroll 5
    for (size_t c = 1; c < k; c++)
        score = score + w[c] * sev[row[c] * lanes];
    return score;
}

/* More than one candidate: each scored exactly; the first (in name order)
 * within the tie tolerance of the lowest, and how many are. */
AVX2_TARGET static size_t resolve_candidates(const sdm_lane_plan *lp, size_t k, const double *w, double tie,
                                             const uint32_t *row, size_t width, uint32_t candidates, double *score,
                                             int32_t *tied)
{
    double exact[SDM_FLANES * 4], lowest = INFINITY;
    for (uint32_t m = candidates; m; m &= m - 1) {
        unsigned lane = (unsigned)__builtin_ctz(m);
        exact[lane] = exact_k(k, w, lp->by_lane + lane * width, row);
        lowest = exact[lane] < lowest ? exact[lane] : lowest;
    }
    return sdm__batch_first_tied(exact, candidates, lowest, tie, score, tied);
}

/* The rows are done in chunks, in two passes: the screen of every row of the
 * chunk, then the answer of every row. Done row by row, the long chain from
 * the scores to the candidates to the exact score left the processor waiting;
 * in two passes the rows of each pass are independent and overlap. */
#define SCREEN_CHUNK 256
/* With several places, chunks of fewer rows: screen_by_length() then keeps
 * `top` answers a row on the stack (a chunk of rows that end early with
 * fewer rows of each length is dearer; several places are dearer anyway). */
#define PICK_CHUNK 64

/* A chunk's rows as the screen read them: each row's length (the kernel's
 * number of columns; 0: handed back to batch.c) and its candidates. */
typedef struct screened {
    uint32_t candidates[SCREEN_CHUNK];
    uint8_t len[SCREEN_CHUNK];
    /* with lp->picks: the lanes pick_rows() picked, in order */
    uint8_t pick[SCREEN_CHUNK][SCREEN_TOP];
} screened;

/* The second pass: the answer of each screened row. Usually every candidate
 * has the first one's severities on the row's side effects (one candidate, or
 * an exact tie), and then the first one, in name order, is the answer, and
 * every candidate ties with it (no other lane can: see screen_wanted()). */
AVX2 void settle(const sdm_lane_plan *lp, const batch_plan *p, size_t k, const int32_t *rankings,
                 const screened *sc, size_t n, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                 const uint8_t *of, size_t stride)
{
    /* held in registers: the stores below could otherwise be taken to change them */
    const size_t width = p->items + 1;
    const double *by_lane = lp->by_lane;
    const uint32_t *same_as = lp->same;
    const int32_t *medicine = lp->medicine;
    double full[SDM_SCREEN_COLUMNS]; /* a full row's weights */
    for (size_t c = 0; c < k; c++)
        full[c] = lp->dweight[k][c];
    for (size_t r = 0; r < n; r++) {
        uint32_t near = sc->candidates[r];
        const size_t len = sc->len[r];
        const size_t to = of ? of[r] : r; /* where its answer goes */
        if (__builtin_expect(!len, 0))
            continue; /* handed back to batch.c */
        if (__builtin_expect(!near, 0)) { /* every medicine left out by an unknown rating */
            sdm__batch_no_result(best, scores, ranks, tied, to, to + 1);
            continue;
        }
        if (ranks)
            ranks[to] = 1;
        const uint32_t *row = (const uint32_t *)&rankings[to * stride];
        size_t lane = (size_t)__builtin_ctz(near);
        /* one candidate (most full rows): nothing to compare it with; a short
         * row (the first k of `stride`) often has several, and is checked
         * whatever their number (a branch on it would be taken at random) */
        uint32_t agree = near;
        if (__builtin_expect(stride != k || (near & (near - 1)), 0)) {
            const uint32_t *same = same_as + lane * width;
            for (size_t c = 0; c < k; c++)
                agree &= same[row[c]];
        }
        double exact;
        if (__builtin_expect(near & ~agree, 0)) {
            int32_t ties;
            lane = resolve_candidates(lp, k, full, p->terms[k].tie, row, width, near, &exact, &ties);
            if (tied)
                tied[to] = ties;
        } else {
            exact = exact_k(k, full, by_lane + lane * width, row);
            if (tied)
                tied[to] = __builtin_popcount(near);
        }
        best[to] = medicine[lane];
        scores[to] = exact;
    }
}

/* One row that keeps several places, from its candidates: each scored
 * exactly, in lane order (name order), and sorted by score, stably (an
 * insertion sort of a few); a group of sdm__score_order() is then a run of
 * the sorted candidates within the tie tolerance of its first, listed in
 * lane order (no other lane can be in a group up to place `top`: see
 * screen_wanted()). */
AVX2 void settle_candidates(const sdm_lane_plan *lp, const batch_plan *p, size_t k, const uint32_t *row, size_t len,
                            uint32_t candidates, size_t top, int32_t *best, double *scores, int32_t *ranks,
                            int32_t *tied)
{
    const size_t width = p->items + 1;
    const double *w = lp->dweight[len];
    const double tie = p->terms[len].tie;
    double exact[SDM_FLANES * 4];
    uint32_t lane_of[SDM_FLANES * 4];
    size_t count = 0;
    for (uint32_t m = candidates; m; m &= m - 1) {
        uint32_t lane = (uint32_t)__builtin_ctz(m);
        double e = exact_k(k, w, lp->by_lane + lane * width, row);
        size_t j = count++;
        for (; j > 0 && exact[j - 1] > e; j--) {
            exact[j] = exact[j - 1];
            lane_of[j] = lane_of[j - 1];
        }
        exact[j] = e;
        lane_of[j] = lane;
    }
    size_t place = 0;
    while (place < top && place < count) {
        size_t end = place + 1;
        while (end < count && exact[end] - exact[place] <= tie) /* sdm__score_tied() */
            end++;
        for (size_t i = place + 1; i < end; i++) { /* a tie: its lanes in lane order */
            double e = exact[i];
            uint32_t lane = lane_of[i];
            size_t j = i;
            for (; j > place && lane_of[j - 1] > lane; j--) {
                exact[j] = exact[j - 1];
                lane_of[j] = lane_of[j - 1];
            }
            exact[j] = e;
            lane_of[j] = lane;
        }
        const size_t first = place;
        for (; place < end && place < top; place++) {
            best[place] = lp->medicine[lane_of[place]];
            scores[place] = exact[place];
            if (ranks)
                ranks[place] = (int32_t)(first + 1);
            if (tied)
                tied[place] = (int32_t)(end - first);
        }
    }
    sdm__batch_no_result(best, scores, ranks, tied, place, top);
}

/* settle() for each number of columns, with and without the counts of ties
 * and ranks (the call that does not ask for them does not count them): each
 * a function of its own, so that each keeps its loop in registers. (Several
 * places are settle_picks()'s.) */
#define SETTLE(K)                                                                                             \
    AVX2_TARGET __attribute__((noinline)) static void settle_plain_##K(                                       \
        const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, const screened *sc, size_t n,   \
        int32_t *best, double *scores)                                                                        \
    {                                                                                                         \
        settle(lp, p, K, rankings, sc, n, best, scores, NULL, NULL, NULL, K);                                 \
    }                                                                                                         \
    AVX2_TARGET __attribute__((noinline)) static void settle_counted_##K(                                     \
        const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, const screened *sc, size_t n,   \
        int32_t *best, double *scores, int32_t *ranks, int32_t *tied)                                         \
    {                                                                                                         \
        settle(lp, p, K, rankings, sc, n, best, scores, ranks, tied, NULL, K);                                \
    }                                                                                                         \
    AVX2_TARGET static void settle_##K(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings,  \
                                       const screened *sc, size_t n, int32_t *best, double *scores,            \
                                       int32_t *ranks, int32_t *tied)                                          \
    {                                                                                                         \
        if (tied || ranks)                                                                                    \
            settle_counted_##K(lp, p, rankings, sc, n, best, scores, ranks, tied);                            \
        else                                                                                                  \
            settle_plain_##K(lp, p, rankings, sc, n, best, scores);                                           \
    }                                                                                                         \
    /* after pass_of_K_FB(): the rows `of`, each answer in its row's place */                                \
    AVX2_TARGET __attribute__((noinline)) static void settle_of_##K(                                          \
        const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, const screened *sc, size_t n,   \
        int32_t *best, double *scores, int32_t *ranks, int32_t *tied, const uint8_t *of, size_t stride)       \
    {                                                                                                         \
        if (!of) /* always a list here: the row's place is read from it without a test */                   \
            __builtin_unreachable();                                                                          \
        if (tied || ranks)                                                                                    \
            settle(lp, p, K, rankings, sc, n, best, scores, ranks, tied, of, stride);                         \
        else if (stride == K) /* full length: one candidate is not compared (see settle()) */                \
            settle(lp, p, K, rankings, sc, n, best, scores, NULL, NULL, of, K);                               \
        else                                                                                                  \
            settle(lp, p, K, rankings, sc, n, best, scores, NULL, NULL, of, stride);                          \
    }
SETTLE(1)
SETTLE(2)
SETTLE(3)
SETTLE(4)
SETTLE(5)

/* Reads a row of k columns for the screen: its side effects, padded with
 * `items`; its length L (0 when it is not one the screen can take: L
 * distinct side effects of the catalogue, then -1 to the end, and a length
 * whose weights can be told apart). */
SCREEN size_t screen_read(const sdm_lane_plan *lp, size_t k, const int32_t *cells, uint32_t items, uint64_t outside,
                          uint32_t *row)
{
    unsigned missing = 0;
    for (size_t c = 0; c < k; c++)
        missing |= (unsigned)(cells[c] == -1) << c;
    unsigned len = (unsigned)__builtin_ctz(missing | 1u << k);
    uint64_t bits = 0;
    uint32_t high = 0;
    for (size_t c = 0; c < k; c++) {
        uint32_t v = (uint32_t)cells[c];
        int in = c < len;
        row[c] = in ? v : items;
        high |= in ? v : 0;
        bits |= in ? (uint64_t)1 << (v & 63) : 0;
    }
    unsigned all = (1u << k) - 1, tail = all & ~((1u << len) - 1);
    int ok = missing == tail && (high >> 6) == 0 && (bits & outside) == 0 &&
             (unsigned)__builtin_popcountll(bits) == len && lp->len_ok[len];
    return ok ? len : 0;
}

/* The last index of a catalogue of `items` (at most 64 for the screen) in
 * every lane, for plain_full(). */
SCREEN __m256i last_index(uint32_t items)
{
    return _mm256_set1_epi32((int)items - 1);
}

/* Whether a row is k different side effects, all below 64 and in the
 * catalogue (`last`: its last index in every lane, see last_index()): the
 * usual row, checked in a few vector instructions. Its k cells in one vector
 * (a masked load reads nothing past them); each in the catalogue when its
 * unsigned minimum with the last index is itself (-1 and other negatives
 * are huge unsigned); all different when no cell equals the cell one or two
 * places on, cyclically among the k (every pair of up to five cells is one
 * or two places apart that way; the lanes past k map to themselves and are
 * not looked at). A bit a side effect and a count of them took twice as
 * many instructions, in a chain. */
SCREEN int plain_full(size_t k, const uint32_t *row, __m256i last)
{
    _Static_assert(SDM_SCREEN_COLUMNS <= 5, "every pair of cells is one or two places apart, cyclically");
    static const int32_t turn[SDM_SCREEN_COLUMNS + 1][2][8] = {
        {{0, 1, 2, 3, 4, 5, 6, 7}, {0, 1, 2, 3, 4, 5, 6, 7}},
        {{0, 1, 2, 3, 4, 5, 6, 7}, {0, 1, 2, 3, 4, 5, 6, 7}},
        {{1, 0, 2, 3, 4, 5, 6, 7}, {1, 0, 2, 3, 4, 5, 6, 7}},
        {{1, 2, 0, 3, 4, 5, 6, 7}, {1, 2, 0, 3, 4, 5, 6, 7}},
        {{1, 2, 3, 0, 4, 5, 6, 7}, {2, 3, 0, 1, 4, 5, 6, 7}},
        {{1, 2, 3, 4, 0, 5, 6, 7}, {2, 3, 4, 0, 1, 5, 6, 7}},
    };
    const unsigned wanted = (1u << k) - 1;
    const __m256i columns = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)k), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    __m256i cells = _mm256_maskload_epi32((const int *)row, columns);
    __m256i in = _mm256_cmpeq_epi32(_mm256_min_epu32(cells, last), cells);
    __m256i same = _mm256_cmpeq_epi32(cells, _mm256_permutevar8x32_epi32(cells, _mm256_loadu_si256((const __m256i *)turn[k][0])));
    if (k >= 4)
        same = _mm256_or_si256(same, _mm256_cmpeq_epi32(cells, _mm256_permutevar8x32_epi32(cells, _mm256_loadu_si256((const __m256i *)turn[k][1]))));
    if (k == 1)
        same = _mm256_setzero_si256();
    unsigned good = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_andnot_si256(same, in)));
    return (good & wanted) == wanted;
}

/* The lowest in every lane: halves, then pairs, then neighbours. */
SCREEN __m256 screen_lowest(__m256 low)
{
    low = _mm256_min_ps(low, _mm256_permute2f128_ps(low, low, 1));
    low = _mm256_min_ps(low, _mm256_permute_ps(low, 0x4e));
    return _mm256_min_ps(low, _mm256_permute_ps(low, 0xb1));
}

/* The candidates of one row (top 1): its scores in single precision with
 * the weights w (FB vectors of eight lanes: start, then w_c s_c for each
 * column by fused multiply-adds), and the lanes less than the row's screen
 * above the lowest score, as bits. (Several places are pick_rows()'s.) */
SCREEN uint32_t screen_row(const __m256 *sev, const __m256 *start, size_t stride, size_t k, size_t fb,
                           const __m256 *w, const uint32_t *row, float screen)
{
    const __m256 *col[SDM_SCREEN_COLUMNS];
    for (size_t c = 0; c < k; c++)
        col[c] = sev + row[c] * stride;
    __m256 score[4], low = _mm256_setzero_ps();
    for (size_t b = 0; b < fb; b++) {
        __m256 acc = _mm256_fmadd_ps(w[0], col[0][b], start[b]);
        for (size_t c = 1; c < k; c++)
            acc = _mm256_fmadd_ps(w[c], col[c][b], acc);
        score[b] = acc;
        low = b ? _mm256_min_ps(low, acc) : acc;
    }
    __m256 limit = _mm256_add_ps(screen_lowest(low), _mm256_set1_ps(screen));
    uint32_t near = 0;
    for (size_t b = 0; b < fb; b++)
        near |= (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(score[b], limit, _CMP_LT_OQ)) << (SDM_FLANES * b);
    return near;
}

/* The first pass over rows of K columns, in single precision (eight lanes to
 * a vector, FB vectors): each row's candidates (see screen_wanted()); a row
 * the screen cannot take (not K different side effects of the catalogue, or
 * a length whose weights it cannot tell apart) gets none and its place in
 * `odd`. Row r is rankings[r * K], or with a list `of` (screen_by_length()'s
 * rows of length K) the first K cells of rankings[of[r] * stride]: never a
 * -1 among them (a chunk with one goes by length). */
SCREEN size_t first_pass(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n,
                         screened *sc, uint32_t *odd, const size_t K, const size_t FB, const uint8_t *of,
                         size_t stride)
{
    const __m256 *sev = (const __m256 *)lp->fseverity, *start = (const __m256 *)lp->fstart;
    const __m256i last = last_index(p->items);
    const size_t screen_stride = SCREEN_STRIDE(FB);
    const int full_ok = lp->len_ok[K];
    const float full_screen = lp->fscreen[K];
    __m256 full[SDM_SCREEN_COLUMNS]; /* the weights of a full row, in registers */
    for (size_t c = 0; c < K; c++)
        full[c] = _mm256_broadcast_ss(&lp->fweight[K][c]);
    size_t odds = 0;
    for (size_t r = 0; r < n; r++) {
        const uint32_t *row = (const uint32_t *)(of ? &rankings[of[r] * stride] : &rankings[r * K]);
        if (__builtin_expect(full_ok && plain_full(K, row, last), 1)) {
            sc->len[r] = (uint8_t)K;
            sc->candidates[r] = screen_row(sev, start, screen_stride, K, FB, full, row, full_screen);
        } else {
            sc->len[r] = 0;
            odd[odds++] = (uint32_t)r;
        }
    }
    return odds;
}

#define AVX2_SCREEN(K, FB)                                                                                    \
    SCREEN_TARGET __attribute__((noinline)) static size_t pass_##K##_##FB(                                    \
        const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n, screened *sc,         \
        uint32_t *odd)                                                                                        \
    {                                                                                                         \
        return first_pass(lp, p, rankings, n, sc, odd, K, FB, NULL, K);                                       \
    }                                                                                                         \
    SCREEN_TARGET __attribute__((noinline)) static size_t pass_of_##K##_##FB(                                 \
        const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n, screened *sc,         \
        uint32_t *odd, const uint8_t *of, size_t stride)                                                      \
    {                                                                                                         \
        if (!of) /* always a list here, as in settle_of_K() */                                               \
            __builtin_unreachable();                                                                          \
        if (stride == K) /* the rows of full length: the row's place by a shift, not a multiply */          \
            return first_pass(lp, p, rankings, n, sc, odd, K, FB, of, K);                                     \
        return first_pass(lp, p, rankings, n, sc, odd, K, FB, of, stride);                                    \
    }

#define AVX2_SCREENS(K) AVX2_SCREEN(K, 1) AVX2_SCREEN(K, 2) AVX2_SCREEN(K, 3) AVX2_SCREEN(K, 4)
AVX2_SCREENS(1)
AVX2_SCREENS(2)
AVX2_SCREENS(3)
AVX2_SCREENS(4)
AVX2_SCREENS(5)

/* ---- the wide screen: more than 32 medicines, top 1 ----------------------- */

/* The most vectors of eight a wide screen has, rounded up to a multiple of
 * four (its limit is compared four vectors at a time). */
#define WIDE_VECTORS (((SDM_MAX_MEDICATIONS + SDM_FLANES - 1) / SDM_FLANES + 3) / 4 * 4)

/* One row of the wide screen: its single-precision scores (+inf after the
 * last vector, to a multiple of four: set once per call), then its
 * candidates as the groups of four vectors that hold some (`at`: the first
 * lane of the group) and their lanes in the group (`bits`), in lane order;
 * a short row's side effects, padded. */
typedef struct wide_scratch {
    __m256 score[WIDE_VECTORS];
    uint32_t at[WIDE_VECTORS / 4];
    uint32_t bits[WIDE_VECTORS / 4];
    uint32_t row[SDM_SCREEN_COLUMNS];
} wide_scratch;

/* The candidates of one row of k columns over every vector of the wide
 * screen: its scores as screen_row() makes them (start, then w_c s_c by
 * fused multiply-adds, so the bound of screen_wanted() holds as it is), the
 * lowest of them all (two running minima, for two chains), and the lanes
 * less than fscreen above it. Returns how many groups of four vectors hold
 * candidates;
 * *len is the row's length (0: a row batch.c must check, see screen_read())
 * and *row its side effects (padded when short). */
SCREEN size_t wide_screen(const sdm_lane_plan *lp, size_t k, const int32_t *cells, uint32_t items, uint64_t outside,
                          wide_scratch *ws, size_t *len, const uint32_t **row)
{
    const __m256 *sev = (const __m256 *)lp->fseverity, *start = (const __m256 *)lp->fstart;
    const size_t fb = lp->fblocks;
    const __m256 inf = _mm256_set1_ps(INFINITY);
    size_t l = k;
    const uint32_t *r = (const uint32_t *)cells;
    if (__builtin_expect(!(lp->len_ok[k] && plain_full(k, r, last_index(items))), 0)) {
        l = screen_read(lp, k, cells, items, outside, ws->row);
        r = ws->row;
    }
    *len = l;
    *row = r;
    if (!l)
        return 0;
    __m256 w[SDM_SCREEN_COLUMNS];
    const __m256 *col[SDM_SCREEN_COLUMNS];
    for (size_t c = 0; c < k; c++) {
        w[c] = _mm256_broadcast_ss(&lp->fweight[l][c]);
        col[c] = sev + r[c] * fb;
    }
    __m256 low0 = inf, low1 = inf, *score = ws->score;
    size_t b = 0;
    for (; b + 2 <= fb; b += 2) {
        __m256 a0 = _mm256_fmadd_ps(w[0], col[0][b], start[b]);
        __m256 a1 = _mm256_fmadd_ps(w[0], col[0][b + 1], start[b + 1]);
        for (size_t c = 1; c < k; c++) {
            a0 = _mm256_fmadd_ps(w[c], col[c][b], a0);
            a1 = _mm256_fmadd_ps(w[c], col[c][b + 1], a1);
        }
        score[b] = a0;
        score[b + 1] = a1;
        low0 = _mm256_min_ps(low0, a0);
        low1 = _mm256_min_ps(low1, a1);
    }
    if (b < fb) {
        __m256 a0 = _mm256_fmadd_ps(w[0], col[0][b], start[b]);
        for (size_t c = 1; c < k; c++)
            a0 = _mm256_fmadd_ps(w[c], col[c][b], a0);
        score[b] = a0;
        low0 = _mm256_min_ps(low0, a0);
    }
    const __m256 limit = _mm256_add_ps(screen_lowest(_mm256_min_ps(low0, low1)), _mm256_set1_ps(lp->fscreen[l]));
    size_t hits = 0;
    for (b = 0; b < fb; b += 4) {
        __m256 n0 = _mm256_cmp_ps(score[b], limit, _CMP_LT_OQ), n1 = _mm256_cmp_ps(score[b + 1], limit, _CMP_LT_OQ);
        __m256 n2 = _mm256_cmp_ps(score[b + 2], limit, _CMP_LT_OQ), n3 = _mm256_cmp_ps(score[b + 3], limit, _CMP_LT_OQ);
        if (!_mm256_movemask_ps(_mm256_or_ps(_mm256_or_ps(n0, n1), _mm256_or_ps(n2, n3))))
            continue;
        ws->at[hits] = (uint32_t)(b * SDM_FLANES);
        ws->bits[hits++] = (uint32_t)_mm256_movemask_ps(n0) | (uint32_t)_mm256_movemask_ps(n1) << 8 |
                           (uint32_t)_mm256_movemask_ps(n2) << 16 | (uint32_t)_mm256_movemask_ps(n3) << 24;
    }
    return hits;
}

/* The answers of rows of k columns by the wide screen: the one candidate's
 * exact score (most rows), or every candidate scored exactly, the first in
 * lane (name) order within the tie tolerance of the lowest, and how many
 * are (resolve_candidates() over a list). Rows it cannot take go to `odd`. */
/* Several candidates of the wide screen (`hits` groups of lanes): each
 * scored exactly, once (the first WIDE_KEPT kept; any after them scored
 * again, the same bits), and the first in lane (name) order within the tie
 * tolerance of the lowest, with how many are: resolve_candidates() over a
 * list. */
#define WIDE_KEPT 64
AVX2 size_t wide_resolve(size_t k, const double *w, double tie, const double *sev, size_t lanes, const uint32_t *row,
                         const uint32_t *at, const uint32_t *bits, size_t hits, double *score, int32_t *tied)
{
    double exact[WIDE_KEPT], lowest = INFINITY;
    size_t count = 0;
    *score = NAN; /* never left so: the lowest is within the tolerance of itself */
    for (size_t h = 0; h < hits; h++)
        for (uint32_t m = bits[h]; m; m &= m - 1) {
            double e = exact_wide(k, w, sev + at[h] + (size_t)__builtin_ctz(m), lanes, row);
            if (count < WIDE_KEPT)
                exact[count] = e;
            count++;
            lowest = e < lowest ? e : lowest;
        }
    size_t first = 0, i = 0;
    int32_t near = 0;
    for (size_t h = 0; h < hits; h++)
        for (uint32_t m = bits[h]; m; m &= m - 1, i++) {
            size_t lane = at[h] + (size_t)__builtin_ctz(m);
            double e = i < WIDE_KEPT ? exact[i] : exact_wide(k, w, sev + lane, lanes, row);
            if (e - lowest <= tie) { /* sdm__score_tied() */
                if (!near) {
                    first = lane;
                    *score = e;
                }
                near++;
            }
        }
    *tied = near;
    return first;
}

AVX2 size_t wide_rows(const sdm_lane_plan *lp, const batch_plan *p, size_t k,
                      size_t (*screen)(const sdm_lane_plan *, const int32_t *, uint32_t, uint64_t, wide_scratch *,
                                       size_t *, const uint32_t **),
                      const int32_t *rankings, size_t n, int32_t *best, double *scores, int32_t *ranks,
                      int32_t *tied, uint32_t *odd)
{
    wide_scratch ws;
    for (size_t b = lp->fblocks; b % 4; b++) /* never candidates */
        ws.score[b] = _mm256_set1_ps(INFINITY);
    const uint32_t items = (uint32_t)p->items;
    const uint64_t outside = p->items == 64 ? 0 : ~(uint64_t)0 << p->items;
    const double *sev = (const double *)lp->severity;
    const size_t lanes = lp->blocks * SDM_LANES;
    size_t odds = 0;
    for (size_t r = 0; r < n; r++) {
        size_t len;
        const uint32_t *row;
        size_t hits = screen(lp, &rankings[r * k], items, outside, &ws, &len, &row);
        if (!len) {
            odd[odds++] = (uint32_t)r;
            continue;
        }
        if (!hits) { /* every medicine left out by an unknown rating */
            sdm__batch_no_result(best, scores, ranks, tied, r, r + 1);
            continue;
        }
        const double *w = lp->dweight[len];
        size_t lane = ws.at[0] + (size_t)__builtin_ctz(ws.bits[0]);
        double exact;
        int32_t count = 1;
        if (__builtin_expect(hits == 1 && !(ws.bits[0] & (ws.bits[0] - 1)), 1))
            exact = exact_wide(k, w, sev + lane, lanes, row);
        else
            lane = wide_resolve(k, w, p->terms[len].tie, sev, lanes, row, ws.at, ws.bits, hits, &exact, &count);
        best[r] = lp->medicine[lane];
        if (scores)
            scores[r] = exact;
        if (ranks)
            ranks[r] = 1;
        if (tied)
            tied[r] = count;
    }
    return odds;
}

/* wide_screen() and wide_rows() for each number of columns: the screen in
 * its own function with FMA in its target, the exact scores without. */
#define WIDE(K)                                                                                               \
    SCREEN_TARGET __attribute__((noinline)) static size_t wide_screen_##K(                                    \
        const sdm_lane_plan *lp, const int32_t *cells, uint32_t items, uint64_t outside, wide_scratch *ws,     \
        size_t *len, const uint32_t **row)                                                                    \
    {                                                                                                         \
        return wide_screen(lp, K, cells, items, outside, ws, len, row);                                       \
    }                                                                                                         \
    AVX2_TARGET __attribute__((noinline)) static size_t wide_rows_##K(                                        \
        const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n, int32_t *best,        \
        double *scores, int32_t *ranks, int32_t *tied, uint32_t *odd)                                         \
    {                                                                                                         \
        return wide_rows(lp, p, K, wide_screen_##K, rankings, n, best, scores, ranks, tied, odd);             \
    }
WIDE(1)
WIDE(2)
WIDE(3)
WIDE(4)
WIDE(5)

typedef size_t pass_fn(const sdm_lane_plan *, const batch_plan *, const int32_t *, size_t, screened *, uint32_t *);
typedef void settle_fn(const sdm_lane_plan *, const batch_plan *, const int32_t *, const screened *, size_t,
                       int32_t *, double *, int32_t *, int32_t *);
/* the same over a list of rows of a chunk (top 1), see first_pass() */
typedef size_t pass_of_fn(const sdm_lane_plan *, const batch_plan *, const int32_t *, size_t, screened *, uint32_t *,
                          const uint8_t *, size_t);
typedef void settle_of_fn(const sdm_lane_plan *, const batch_plan *, const int32_t *, const screened *, size_t,
                          int32_t *, double *, int32_t *, int32_t *, const uint8_t *, size_t);

/* ---- several places: the first `top` lanes picked in the first pass -------- */

/* The three lowest keys of each lane across the FB vectors, in order (all
 * ones, above every key, where a lane has fewer): a sorting network down the
 * lanes. */
SCREEN void lowest_down(const __m256i *key, size_t FB, __m256i *low)
{
    const __m256i none = _mm256_set1_epi32(-1);
    if (FB == 1) {
        low[0] = key[0];
        low[1] = low[2] = none;
        return;
    }
    const __m256i x1 = _mm256_min_epu32(key[0], key[1]), x2 = _mm256_max_epu32(key[0], key[1]);
    if (FB == 2) {
        low[0] = x1;
        low[1] = x2;
        low[2] = none;
    } else if (FB == 3) {
        const __m256i above = _mm256_max_epu32(x1, key[2]);
        low[0] = _mm256_min_epu32(x1, key[2]);
        low[1] = _mm256_min_epu32(x2, above);
        low[2] = _mm256_max_epu32(x2, above);
    } else { /* two sorted pairs merged, the fourth dropped */
        const __m256i y1 = _mm256_min_epu32(key[2], key[3]), y2 = _mm256_max_epu32(key[2], key[3]);
        low[0] = _mm256_min_epu32(x1, y1);
        low[1] = _mm256_min_epu32(_mm256_max_epu32(x1, y1), _mm256_min_epu32(x2, y2));
        low[2] = _mm256_min_epu32(_mm256_max_epu32(x2, y1), _mm256_max_epu32(x1, y2));
    }
}

/* One row's single-precision scores (start, then w_c s_c by fused
 * multiply-adds, as screen_row()) and keys (see pick_rows()) over FB
 * vectors. A column's vectors are read at byte offsets from the screen's
 * start: the row's cell times the bytes of a side effect (a shift), with
 * no address of its own to add. */
SCREEN void pick_scores(const __m256 *sev, const __m256 *start, const __m256 *w, const __m256i *lane_of,
                        const uint32_t *row, size_t K, size_t FB, __m256 *score, __m256i *key)
{
    const __m256i high = _mm256_set1_epi32(~31);
    const size_t bytes = SCREEN_STRIDE(FB) * sizeof(__m256);
    const char *base = (const char *)sev;
    size_t at[SDM_SCREEN_COLUMNS];
    for (size_t c = 0; c < K; c++)
        at[c] = row[c] * bytes;
    for (size_t b = 0; b < FB; b++) {
        __m256 acc = _mm256_fmadd_ps(w[0], *(const __m256 *)(base + at[0] + b * sizeof(__m256)), start[b]);
        for (size_t c = 1; c < K; c++)
            acc = _mm256_fmadd_ps(w[c], *(const __m256 *)(base + at[c] + b * sizeof(__m256)), acc);
        score[b] = acc;
        key[b] = _mm256_or_si256(_mm256_and_si256(_mm256_castps_si256(acc), high), lane_of[b]);
    }
}

/* The candidates of a row: its lanes whose score is under `limit`, as bits. */
SCREEN uint32_t pick_near(const __m256 *score, size_t FB, __m256 limit)
{
    uint32_t near = 0;
    for (size_t b = 0; b < FB; b++)
        near |= (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(score[b], limit, _CMP_LT_OQ)) << (SDM_FLANES * b);
    return near;
}

/* B + the screen, from the last key picked (in every lane): B is that key
 * with its five bits set; a NaN (+inf with the five bits set) is +inf
 * (min_ps returns its second operand then). */
SCREEN __m256 pick_limit(__m256i last_key, __m256 screen)
{
    const __m256 bound = _mm256_min_ps(_mm256_castsi256_ps(_mm256_or_si256(last_key, _mm256_set1_epi32(31))),
                                       _mm256_set1_ps(INFINITY));
    return _mm256_add_ps(bound, screen);
}

/* The lowest `top` (2 or 3) keys of the union of a and b, two lists of
 * keys sorted down the levels (a[0] < a[1] < a[2] in every lane, as
 * lowest_down() leaves them), sorted the same way: the g-th lowest is the
 * lowest, over the ways of taking g + 1 keys from the fronts of the two
 * lists, of the highest key taken. */
SCREEN void merge_lowest(const __m256i *a, const __m256i *b, size_t top, __m256i *c)
{
    c[0] = _mm256_min_epu32(a[0], b[0]);
    c[1] = _mm256_min_epu32(_mm256_min_epu32(a[1], b[1]), _mm256_max_epu32(a[0], b[0]));
    if (top == 3)
        c[2] = _mm256_min_epu32(_mm256_min_epu32(a[2], b[2]),
                                _mm256_min_epu32(_mm256_max_epu32(a[1], b[0]), _mm256_max_epu32(a[0], b[1])));
}

/* The lowest `top` keys (2 or 3) of each half of a and b together, two lists
 * sorted down the levels: merge_lowest() of the two, then of neighbouring
 * pairs of lanes, then of neighbouring lanes. Every lane of a half of
 * `lowest` then holds that half's lowest keys, in order; no lane crosses a
 * half, and the keys of a step are made side by side (taking the lowest key
 * `top` times, each waiting for the one before, was a longer chain: top 3
 * took about 4 % more time so on an AMD Zen 5, even with two pairs of rows
 * alternating to hide it). */
SCREEN void lowest_of_halves(const __m256i *a, const __m256i *b, size_t top, __m256i *lowest)
{
    __m256i two[3], near[3];
    merge_lowest(a, b, top, two);
    for (size_t d = 0; d < top; d++)
        near[d] = _mm256_shuffle_epi32(two[d], 0x4e);
    merge_lowest(two, near, top, lowest);
    for (size_t d = 0; d < top; d++)
        near[d] = _mm256_shuffle_epi32(lowest[d], 0xb1);
    merge_lowest(lowest, near, top, two);
    for (size_t d = 0; d < top; d++)
        lowest[d] = two[d];
}

/* The lanes of lowest_of_halves()'s keys as bytes: the low half's in bytes
 * 0-3 of the vector, the high half's in bytes 16-19 (key g in byte g; byte
 * 3 repeats key 0 and is not read). */
SCREEN __m256i picked_lanes(const __m256i *lowest, size_t top)
{
    __m256i picked = _mm256_blend_epi32(lowest[0], lowest[1], 0x22);
    if (top == 3)
        picked = _mm256_blend_epi32(picked, lowest[2], 0x44);
    return _mm256_shuffle_epi8(_mm256_and_si256(picked, _mm256_set1_epi32(31)),
                               _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 4,
                                                8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
}

/* A pair of rows' first `top` lanes (top 2 or 3), from their keys; key[0]
 * is row A's, key[1] row B's. Each row's keys are sorted down the lanes
 * (lowest_down()) and its lanes 0-3 and 4-7 put in two vectors, row A in
 * the low half of each and row B in the high half, so that one
 * lowest_of_halves() does both rows. Row A's lanes in pick[0], B's in
 * pick[1] (four bytes each, as pick_rows() stores them), and their limits
 * (see pick_limit()) in the halves of the vector returned. */
SCREEN __m256 pick_pair(__m256i (*key)[4], size_t FB, size_t top, __m256 screen, uint8_t (*pick)[SCREEN_TOP])
{
    __m256i low[2][3], x[3], y[3], lowest[3];
    for (size_t q = 0; q < 2; q++)
        lowest_down(key[q], FB, low[q]);
    for (size_t d = 0; d < top; d++) {
        x[d] = _mm256_permute2x128_si256(low[0][d], low[1][d], 0x20);
        y[d] = _mm256_permute2x128_si256(low[0][d], low[1][d], 0x31);
    }
    lowest_of_halves(x, y, top, lowest);
    const __m256i bytes = picked_lanes(lowest, top);
    _mm_storeu_si32(pick[0], _mm256_castsi256_si128(bytes));
    _mm_storeu_si32(pick[1], _mm256_extracti128_si256(bytes, 1));
    return pick_limit(lowest[top - 1], screen);
}

/* One row's first `top` lanes alone (a row without a partner: the last of
 * an odd number, or one next to a row for batch.c), as pick_pair() finds
 * them, its lanes 0-3 and 4-7 in the two halves: returns its candidates. */
SCREEN uint32_t pick_one(const __m256i *key, const __m256 *score, size_t FB, size_t top, __m256 screen,
                         uint8_t *pick)
{
    __m256i low[3], other[3], lowest[3];
    lowest_down(key, FB, low);
    for (size_t d = 0; d < top; d++)
        other[d] = _mm256_permute2x128_si256(low[d], low[d], 1);
    lowest_of_halves(low, other, top, lowest);
    _mm_storeu_si32(pick, _mm256_castsi256_si128(picked_lanes(lowest, top)));
    return pick_near(score, FB, pick_limit(lowest[top - 1], screen));
}

/* Rows r and r + 1 of a chunk (both plain_full(), `row` the first), as a
 * pair (see pick_pair()): their picks, lengths and candidates in sc. */
SCREEN void pick_two(const __m256 *sev, const __m256 *start, const __m256 *w, const __m256i *lane_of,
                     const uint32_t *row, size_t K, size_t FB, size_t top, __m256 screen, screened *sc, size_t r)
{
    __m256 scores[2][4];
    __m256i keys[2][4];
    for (size_t j = 0; j < 2; j++)
        pick_scores(sev, start, w, lane_of, row + j * K, K, FB, scores[j], keys[j]);
    const __m256 limits = pick_pair(keys, FB, top, screen, &sc->pick[r]);
    /* row A's limit in the low half, row B's in the high one */
    sc->len[r] = sc->len[r + 1] = (uint8_t)K;
    sc->candidates[r] = pick_near(scores[0], FB, _mm256_permute2f128_ps(limits, limits, 0x00));
    sc->candidates[r + 1] = pick_near(scores[1], FB, _mm256_permute2f128_ps(limits, limits, 0x11));
}

/* With several places (lp->picks, see picks_wanted()), the first pass picks
 * the row's `top` lowest lanes itself: each lane's single-precision score, as
 * an integer (scores are never negative here, so integers order them as
 * floats do), with its lane number in the low five bits, is a key no other
 * lane shares; the lowest key across the vectors (a horizontal minimum),
 * taken `top` times, each time set to the largest key, gives `top` lanes in
 * order of score, equal scores in lane order (name order). With top 2 or 3
 * the keys are first sorted down the lanes (lowest_down()), and the rows go
 * two at a time, their lowest keys merged (pick_pair()); a row alone takes
 * the lowest key of one vector `top` times, the lane that had it taking its
 * next key (pick_one()). The five bits
 * change a score by less than 32 units in the last place: the keys only
 * choose the lanes; what follows uses the scores. Then the candidates: every
 * lane less than the screen above B, B at least the score of every lane
 * picked (the last key with its five bits set; +inf when a lane picked is
 * +inf). By the bound of screen_wanted(), a lane not a candidate has an exact
 * score more than the tie tolerance above every lane picked: it is in no
 * group of sdm__score_order() up to place `top`. */
/* Row r of a chunk alone (a row without a partner, or any row with more
 * than three places): its picks, length and candidates in sc, or, when it
 * is not plain_full(), length 0 and its place in `odd`. Returns the number
 * of rows in `odd`. */
SCREEN size_t pick_alone(const __m256 *sev, const __m256 *start, const __m256 *w, const __m256i *lane_of,
                         const uint32_t *row, size_t K, size_t FB, size_t top, __m256 screen, int plain, screened *sc,
                         size_t r, uint32_t *odd, size_t odds)
{
    if (!plain) {
        sc->len[r] = 0; /* the chunk has no -1: a row for batch.c to check */
        odd[odds++] = (uint32_t)r;
        return odds;
    }
    __m256 score[4];
    __m256i key[4];
    sc->len[r] = (uint8_t)K;
    pick_scores(sev, start, w, lane_of, row, K, FB, score, key);
    if (top <= 3) {
        sc->candidates[r] = pick_one(key, score, FB, top, screen, sc->pick[r]);
        return odds;
    }
    uint32_t lowest = 0;
    for (size_t g = 0;; g++) { /* more than three places */
        __m256i low = key[0];
        for (size_t b = 1; b < FB; b++)
            low = _mm256_min_epu32(low, key[b]);
        low = _mm256_min_epu32(low, _mm256_permute2x128_si256(low, low, 1));
        low = _mm256_min_epu32(low, _mm256_shuffle_epi32(low, 0x4e));
        low = _mm256_min_epu32(low, _mm256_shuffle_epi32(low, 0xb1));
        lowest = (uint32_t)_mm256_cvtsi256_si32(low);
        sc->pick[r][g] = (uint8_t)(lowest & 31);
        if (g + 1 == top)
            break;
        for (size_t b = 0; b < FB; b++) /* all ones: the largest key, never the lowest again */
            key[b] = _mm256_or_si256(key[b], _mm256_cmpeq_epi32(key[b], low));
    }
    sc->candidates[r] = pick_near(score, FB, pick_limit(_mm256_set1_epi32((int)lowest), screen));
    return odds;
}

SCREEN size_t pick_rows(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n,
                        screened *sc, uint32_t *odd, const size_t K, const size_t FB, const size_t top)
{
    const __m256 *sev = (const __m256 *)lp->fseverity, *start = (const __m256 *)lp->fstart;
    const __m256i last = last_index(p->items);
    const int full_ok = lp->len_ok[K];
    const __m256 screen = _mm256_set1_ps(lp->fscreen[K]);
    __m256 w[SDM_SCREEN_COLUMNS];
    for (size_t c = 0; c < K; c++)
        w[c] = _mm256_broadcast_ss(&lp->fweight[K][c]);
    __m256i lane_of[4];
    for (size_t b = 0; b < FB; b++)
        lane_of[b] = _mm256_add_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int)(8 * b)));
    size_t odds = 0;
    for (size_t r = 0; r < n;) { /* two rows at a time, or one alone */
        const uint32_t *row = (const uint32_t *)&rankings[r * K];
        const int plain = full_ok && plain_full(K, row, last);
        if (__builtin_expect(top <= 3 && r + 1 < n && (plain & plain_full(K, row + K, last)), 1)) {
            pick_two(sev, start, w, lane_of, row, K, FB, top, screen, sc, r);
            r += 2;
            continue;
        }
        /* one place in the code for a row alone: each copy of it is a
         * copy of every kernel's branches for the tests to reach */
        odds = pick_alone(sev, start, w, lane_of, row, K, FB, top, screen, plain, sc, r, odd, odds);
        r++;
    }
    return odds;
}

#define PICK_PASS(K, FB)                                                                                      \
    SCREEN_TARGET __attribute__((noinline)) static size_t pick_##K##_##FB(                                    \
        const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n, screened *sc,         \
        uint32_t *odd)                                                                                        \
    {                                                                                                         \
        if (lp->top == 3)                                                                                     \
            return pick_rows(lp, p, rankings, n, sc, odd, K, FB, 3);                                          \
        if (lp->top == 2)                                                                                     \
            return pick_rows(lp, p, rankings, n, sc, odd, K, FB, 2);                                          \
        if (lp->top <= 3) /* 1 never comes here (picks_wanted()): the code for 2 and 3 left out */            \
            __builtin_unreachable();                                                                          \
        return pick_rows(lp, p, rankings, n, sc, odd, K, FB, lp->top);                                        \
    }
#define PICK_PASSES(K) PICK_PASS(K, 1) PICK_PASS(K, 2) PICK_PASS(K, 3) PICK_PASS(K, 4)
PICK_PASSES(1)
PICK_PASSES(2)
PICK_PASSES(3)
PICK_PASSES(4)
PICK_PASSES(5)

/* The second pass after pick_rows(): each lane picked scored exactly, in the
 * order picked. When every exact score is the one before it (then the lanes
 * must be in lane order) or more than the tie tolerance above it, and every
 * other candidate has the last lane's severities on the row's side effects
 * (the same exact score, and a later lane: its key was higher), the groups
 * of sdm__score_order() are the runs of equal scores, listed as picked, the
 * last one with those other candidates after it; otherwise
 * settle_candidates() scores every candidate. */
AVX2_TARGET __attribute__((noinline)) static void settle_candidates_call(
    const sdm_lane_plan *lp, const batch_plan *p, size_t k, const uint32_t *row, uint32_t candidates, size_t top,
    int32_t *best, double *scores, int32_t *ranks, int32_t *tied)
{
    settle_candidates(lp, p, k, row, k, candidates, top, best, scores, ranks, tied);
}

/* Whether the places picked are out of the order of sdm__score_tied() (not
 * 0), each after the one before it: a new group (more than the tie tolerance
 * above it) or the same score in lane order. (Two or three places: in the
 * vector unit, settle_few().) */
AVX2 uint32_t picks_out_of_order(const double *exact, const size_t *pick, size_t top, double tie)
{
    uint32_t wrong = 0;
    for (size_t g = 1; g < top; g++)
        wrong |= !(((exact[g] == exact[g - 1]) & (pick[g] > pick[g - 1])) | (exact[g] - exact[g - 1] > tie));
    return wrong;
}

/* A row's ranks and counts of ties (either may be NULL) from its picks'
 * exact scores in the order picked (checked by picks_out_of_order()): a
 * run of equal scores is a group, its rank its first place + 1; the last
 * run has the row's other candidates (`others`) too. */
AVX2 void picks_counted(const double *exact, size_t top, uint32_t others, int32_t *ranks, int32_t *tied)
{
    if (ranks) {
        size_t first = 0;
#pragma GCC unroll 8
        for (size_t g = 0; g < top; g++) {
            first = g && exact[g] != exact[g - 1] ? g : first;
            ranks[g] = (int32_t)(first + 1);
        }
    }
    if (tied) { /* each run's size: from its first place to its last */
        size_t last = top - 1;
        int32_t size[SCREEN_TOP];
        for (size_t g = top; g-- > 0;) {
            last = g + 1 < top && exact[g + 1] != exact[g] ? g : last;
            size[g] = (int32_t)(last - g) + (last + 1 == top ? __builtin_popcount(others) : 0);
        }
        for (size_t g = 1; g < top; g++) /* from the run's end back to its first place */
            size[g] = exact[g] == exact[g - 1] ? size[g - 1] : size[g];
        for (size_t g = 0; g < top; g++)
            tied[g] = size[g] + 1;
    }
}

/* The rows of a chunk (bits of `redo`) whose picks did not pass the checks:
 * settle_candidates() scores every candidate of each. */
AVX2 void picks_redo(const sdm_lane_plan *lp, const batch_plan *p, size_t k, const int32_t *rankings,
                     const screened *sc, uint64_t redo, size_t top, int32_t *best, double *scores, int32_t *ranks,
                     int32_t *tied)
{
    for (; redo; redo &= redo - 1) {
        const size_t r = (size_t)__builtin_ctzll(redo), at = r * top;
        settle_candidates_call(lp, p, k, (const uint32_t *)&rankings[r * k], sc->candidates[r], top, &best[at],
                               &scores[at], ranks ? &ranks[at] : NULL, tied ? &tied[at] : NULL);
    }
}

AVX2 void settle_picks(const sdm_lane_plan *lp, const batch_plan *p, size_t k, const int32_t *rankings,
                       const screened *sc, size_t n, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                       const size_t top)
{
    const size_t width = p->items + 1;
    const double tie = p->terms[k].tie;
    /* each lane's severities, equal severities and medicine, by its number:
     * on the stack, one load each, where an address took a multiply and the
     * registers of the layout (the loop needs every register it has) */
    const double *sev_of[SDM_FLANES * 4];
    const uint32_t *same_of[SDM_FLANES * 4];
    int32_t medicine[SDM_FLANES * 4];
    for (size_t lane = 0; lane < lp->fblocks * SDM_FLANES; lane++) {
        sev_of[lane] = lp->by_lane + lane * width;
        same_of[lane] = lp->same + lane * width;
        medicine[lane] = lp->medicine[lane];
    }
    double full[SDM_SCREEN_COLUMNS];
    for (size_t c = 0; c < k; c++)
        full[c] = lp->dweight[k][c];
    /* the rows settle_candidates() does, after the loop: no call in it, so
     * that the weights and the row stay in registers (a call clobbers them) */
    _Static_assert(PICK_CHUNK <= 64, "a row of a chunk of several places is a bit of redo");
    /* Two loops: the exact scores (written as the answer's scores) and the
     * other candidates of each row, then the checks and the rest of each
     * answer. In one loop, each row's long chain (its picks, their
     * severities, five products and four adds) filled the scheduler before
     * the next row's loads could start. */
    uint32_t others[PICK_CHUNK]; /* each row's other candidates (with the last lane picked) */
    uint32_t unlike[PICK_CHUNK]; /* not 0: a lane picked at +inf, or another candidate unlike the last */
    for (size_t r = 0; r < n; r++) {
        if (!sc->len[r])
            continue; /* handed back to batch.c */
        /* read before the stores below, which could otherwise be taken to change them */
        uint32_t cells[SDM_SCREEN_COLUMNS];
        for (size_t c = 0; c < k; c++)
            cells[c] = (uint32_t)rankings[r * k + c];
        const uint32_t near = sc->candidates[r];
        uint32_t chosen = 0;
        for (size_t g = 0; g < top; g++) {
            const size_t lane = sc->pick[r][g];
            scores[r * top + g] = exact_pos(k, full, sev_of[lane], cells);
            chosen |= (uint32_t)1 << lane;
        }
        const uint32_t extra = near & ~chosen;
        uint32_t agree = extra; /* whether or not there are any: a branch here would go either way at random */
        const uint32_t *same = same_of[sc->pick[r][top - 1]];
        for (size_t c = 0; c < k; c++)
            agree &= same[cells[c]];
        others[r] = extra;
        unlike[r] = (chosen & ~near) | (extra & ~agree);
    }
    uint64_t redo = 0; /* a bit a row (PICK_CHUNK rows at most) */
    for (size_t r = 0; r < n; r++) {
        if (!sc->len[r])
            continue;
        const size_t at = r * top;
        size_t pick[SCREEN_TOP];
        double exact[SCREEN_TOP];
        for (size_t g = 0; g < top; g++) {
            pick[g] = sc->pick[r][g];
            exact[g] = scores[at + g];
        }
        /* written whatever it says: settle_candidates() writes a row it redoes again */
        redo |= (uint64_t)((unlike[r] | picks_out_of_order(exact, pick, top, tie)) != 0) << r;
        for (size_t g = 0; g < top; g++)
            best[at + g] = medicine[pick[g]];
        if (ranks || tied)
            picks_counted(exact, top, others[r], ranks ? &ranks[at] : NULL, tied ? &tied[at] : NULL);
    }
    picks_redo(lp, p, k, rankings, sc, redo, top, best, scores, ranks, tied);
}

/* The rows of a chunk whose byte in `flag` (PICK_CHUNK of them) is not 0,
 * as bits. */
AVX2 uint64_t rows_flagged(const uint8_t *flag)
{
    const __m256i zero = _mm256_setzero_si256();
    const uint32_t low = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_load_si256((const __m256i *)flag), zero));
    const uint32_t high = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_load_si256((const __m256i *)&flag[32]), zero));
    return ~((uint64_t)high << 32 | low);
}

/* settle_picks() for two or three places (lp->top, see pick_rows()): the
 * picks' exact scores computed together, a lane of one vector each, and
 * the rest of each row's answer in the vector unit too. Lane g of `pick`
 * holds the lane picked g-th (the lanes past `top` repeat the first, so
 * that every lane reads a lane that exists and adds no lane to `chosen`); a
 * gather of column c reads each lane's severity of the row's side effect c
 * (by_lane, at lane x width + side effect), and the lanes are multiplied
 * by the broadcast weight and added in exact_pos()'s order, each lane with
 * its own operations: the same bits as exact_pos() (no FMA in this target).
 * The checks are settle_picks()'s: the pairs (g, g + 1) side by side for
 * picks_out_of_order(), the chosen lanes as bits by a shift a lane. */
AVX2 void settle_few(const sdm_lane_plan *lp, const batch_plan *p, size_t k, const int32_t *rankings,
                     const screened *sc, size_t n, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                     const size_t top)
{
    const size_t width = p->items + 1;
    const int32_t *medicine = lp->medicine;
    /* each lane's severities and equal severities, by its number (see settle_picks()) */
    const uint32_t *same_of[SDM_FLANES * 4];
    const double *sev_of[SDM_FLANES * 4];
    for (size_t lane = 0; lane < lp->fblocks * SDM_FLANES; lane++) {
        same_of[lane] = lp->same + lane * width;
        sev_of[lane] = lp->by_lane + lane * width;
    }
    __m256d w[SDM_SCREEN_COLUMNS];
    for (size_t c = 0; c < k; c++)
        w[c] = _mm256_set1_pd(lp->dweight[k][c]);
    const __m256d tie = _mm256_set1_pd(p->terms[k].tie);
    const __m128i one = _mm_set1_epi32(1);
    const unsigned pairs = (1u << (top - 1)) - 1; /* the pairs compared: (0, 1) to (top - 2, top - 1) */
    /* a byte a row: not 0 for a row settle_candidates() redoes (a bit a row,
     * set with a shift and an or, took four instructions a row) */
    _Static_assert(PICK_CHUNK == 64, "a chunk's flags are two vectors");
    uint8_t redo_row[PICK_CHUNK] __attribute__((aligned(32))) = {0};
    for (size_t r = 0; r < n; r++) {
        if (!sc->len[r])
            continue; /* handed back to batch.c */
        const size_t at = r * top;
        uint32_t cells[SDM_SCREEN_COLUMNS];
        for (size_t c = 0; c < k; c++)
            cells[c] = (uint32_t)rankings[r * k + c];
        __m128i pick = _mm_cvtepu8_epi32(_mm_loadu_si32(sc->pick[r]));
        if (top == 2)
            pick = _mm_shuffle_epi32(pick, _MM_SHUFFLE(0, 0, 1, 0));
        else if (top == 3)
            pick = _mm_shuffle_epi32(pick, _MM_SHUFFLE(0, 2, 1, 0));
        /* lanes 0 and 1 in the low half, lane 2 (three places) in the high half */
        const double *s0 = sev_of[sc->pick[r][0]], *s1 = sev_of[sc->pick[r][1]], *s2 = sev_of[sc->pick[r][top - 1]];
        __m256d exact = _mm256_setzero_pd();
        for (size_t c = 0; c < k; c++) {
            const __m128d two = _mm_loadh_pd(_mm_load_sd(s0 + cells[c]), s1 + cells[c]);
            const __m256d sev = top == 2 ? _mm256_zextpd128_pd256(two)
                                         : _mm256_insertf128_pd(_mm256_castpd128_pd256(two), _mm_load_sd(s2 + cells[c]), 1);
            const __m256d term = _mm256_mul_pd(w[c], sev);
            exact = c ? _mm256_add_pd(exact, term) : term;
        }
        /* two stores, not a masked one (which AMD's processors make slow): the
         * pair of places 0 and 1, then place 2's with three places */
        _mm_storeu_pd(&scores[at], _mm256_castpd256_pd128(exact));
        if (top == 3)
            _mm_store_sd(&scores[at + 2], _mm256_extractf128_pd(exact, 1));
        for (size_t g = 0; g < top; g++)
            best[at + g] = medicine[sc->pick[r][g]];
        /* the lanes picked, as bits */
        __m128i bit = _mm_sllv_epi32(one, pick);
        bit = _mm_or_si128(bit, _mm_shuffle_epi32(bit, _MM_SHUFFLE(1, 0, 3, 2)));
        bit = _mm_or_si128(bit, _mm_shuffle_epi32(bit, _MM_SHUFFLE(2, 3, 0, 1)));
        const uint32_t chosen = (uint32_t)_mm_cvtsi128_si32(bit);
        const uint32_t near = sc->candidates[r], extra = near & ~chosen;
        const uint32_t *same = same_of[sc->pick[r][top - 1]];
        uint32_t agree = extra;
        for (size_t c = 0; c < k; c++)
            agree &= same[cells[c]];
        const uint32_t unlike = (chosen & ~near) | (extra & ~agree);
        /* picks_out_of_order(): pair g in lane g */
        const __m256d after = _mm256_permute4x64_pd(exact, _MM_SHUFFLE(3, 3, 2, 1));
        const __m256d apart = _mm256_cmp_pd(_mm256_sub_pd(after, exact), tie, _CMP_GT_OQ);
        const __m256d equal = _mm256_cmp_pd(after, exact, _CMP_EQ_OQ);
        const __m128i later = _mm_cmpgt_epi32(_mm_shuffle_epi32(pick, _MM_SHUFFLE(3, 3, 2, 1)), pick);
        const __m256d ascending = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(later));
        const unsigned in_order = (unsigned)_mm256_movemask_pd(_mm256_or_pd(apart, _mm256_and_pd(equal, ascending)));
        /* written whatever it says: settle_candidates() writes a row it redoes again */
        redo_row[r] = (unlike | (~in_order & pairs)) != 0;
        if (ranks || tied) {
            double e[4];
            _mm256_storeu_pd(e, exact);
            picks_counted(e, top, extra, ranks ? &ranks[at] : NULL, tied ? &tied[at] : NULL);
        }
    }
    picks_redo(lp, p, k, rankings, sc, rows_flagged(redo_row), top, best, scores, ranks, tied);
}

#define SETTLE_PICKS(K)                                                                                       \
    AVX2_TARGET __attribute__((noinline)) static void settle_picks_##K(                                       \
        const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, const screened *sc, size_t n,   \
        int32_t *best, double *scores, int32_t *ranks, int32_t *tied)                                         \
    {                                                                                                         \
        const int counted = ranks || tied;                                                                 \
        if (lp->top == 2 && counted)                                                                          \
            settle_few(lp, p, K, rankings, sc, n, best, scores, ranks, tied, 2);                              \
        else if (lp->top == 2)                                                                                \
            settle_few(lp, p, K, rankings, sc, n, best, scores, NULL, NULL, 2);                               \
        else if (lp->top == 3 && counted)                                                                     \
            settle_few(lp, p, K, rankings, sc, n, best, scores, ranks, tied, 3);                              \
        else if (lp->top == 3)                                                                                \
            settle_few(lp, p, K, rankings, sc, n, best, scores, NULL, NULL, 3);                               \
        else                                                                                                  \
            settle_picks(lp, p, K, rankings, sc, n, best, scores, ranks, tied, lp->top);                      \
    }
SETTLE_PICKS(1)
SETTLE_PICKS(2)
SETTLE_PICKS(3)
SETTLE_PICKS(4)
SETTLE_PICKS(5)

/* ---- rows that end early: each length on its own ------------------------- */

/* Whether any of a chunk's `count` cells is negative (-1: a row that ends
 * early; anything else: a row for batch.c to check, which the kernels of
 * each length hand back as well): the sign bits of all the cells or-ed
 * together, 32 cells a step. */
SCREEN_TARGET static int chunk_has_short(const int32_t *cells, size_t count)
{
    __m256i any[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                      _mm256_setzero_si256()};
    size_t at = 0;
    for (; at + 32 <= count; at += 32)
        for (size_t v = 0; v < 4; v++)
            any[v] = _mm256_or_si256(any[v], _mm256_loadu_si256((const __m256i *)&cells[at + 8 * v]));
    int32_t tail = 0;
    for (; at < count; at++)
        tail |= cells[at];
    __m256i all = _mm256_or_si256(_mm256_or_si256(any[0], any[1]), _mm256_or_si256(any[2], any[3]));
    return tail < 0 || _mm256_movemask_ps(_mm256_castsi256_ps(all)) != 0;
}

/* The rows `of` (rows of k columns) as rows of their first `len`. */
AVX2 void gather_rows(int32_t *cells, const int32_t *rankings, const uint8_t *of, size_t rows, size_t k, size_t len)
{
    for (size_t j = 0; j < rows; j++)
        for (size_t c = 0; c < len; c++)
            cells[j * len + c] = rankings[of[j] * k + c];
}

/* A chunk with rows that end early (-1 after L side effects), one length at
 * a time: the rows sorted by length (an index list for each, in row order,
 * the length read from a table of which cells are -1), each length's rows
 * screened and settled by the kernels of L columns: with one place, read in
 * place through the list (the first L of k cells) and answered in place
 * (pass_of_K_FB(), settle_of_K()); with several, copied together as rows
 * of L columns, their answers put back in row order. Row by row, a short
 * row took the long chain from its length to its weights, and branches on
 * its length and its number of candidates that went either way at random;
 * here every row of a kernel has the same length, and a short row's
 * candidates are always compared (settle()). A row of L side effects then -1 has the terms of a row of those L
 * (the plan's terms[L], as sdm_match_run() makes them), so the same bits.
 * The rows the screen cannot take (empty, a value after -1, and those the
 * kernel of L hands back) are listed in `odd` in row order, so that batch.c
 * names the first bad row, as before. */
SCREEN_TARGET static size_t screen_by_length(pass_fn *const *pass_of_len, settle_fn *const *settle_of_len,
                                           pass_of_fn *const *pass_at_len, settle_of_fn *const *settle_at_len,
                                           const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings,
                                           size_t n, size_t k, int32_t *best, double *scores, int32_t *ranks,
                                           int32_t *tied, uint32_t *odd, screened *sc)
{
    /* list[0]: the rows to hand back (no side effect, or one after a -1) */
    uint8_t list[SDM_SCREEN_COLUMNS + 1][SCREEN_CHUNK];
    size_t count[SDM_SCREEN_COLUMNS + 1], odds = 0;
    const unsigned all = (1u << k) - 1;
    /* the length of a row by which of its cells are -1: L when they are the
     * cells after the first L, 0 otherwise */
    uint8_t length_of[1u << SDM_SCREEN_COLUMNS] = {0};
    for (unsigned len = 1; len <= k; len++)
        length_of[all & ~((1u << len) - 1)] = (uint8_t)len;
    const __m256i minus = _mm256_set1_epi32(-1);
    /* The counts of each length as we go, in one register: nine bits each
     * (a chunk has at most 256 rows). Kept in count[], each row's store
     * waited for the one before of its length, through memory. */
    _Static_assert(SCREEN_CHUNK < 512 && 9 * (SDM_SCREEN_COLUMNS + 1) <= 64, "the counts fit in one word");
    uint64_t counts = 0;
    for (size_t r = 0; r < n; r++) {
        /* the row's k cells and the next ones, not looked at (the copy has
         * SDM_SCREEN_SLACK set cells after its last row): a masked load took
         * longer on AMD's cores */
        __m256i cells_of_row = _mm256_loadu_si256((const __m256i *)&rankings[r * k]);
        unsigned missing = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(cells_of_row, minus))) & all;
        const size_t len = length_of[missing];
        const unsigned shift = 9 * (unsigned)len;
        list[len][(counts >> shift) & 511] = (uint8_t)r;
        counts += (uint64_t)1 << shift;
    }
    for (size_t len = 0; len <= k; len++)
        count[len] = (counts >> (9 * len)) & 511;
    for (size_t i = 0; i < count[0]; i++)
        odd[odds++] = list[0][i];
    const size_t top = lp->top;
    /* several places (PICK_CHUNK rows at most): the rows of a length and their answers */
    int32_t cells[PICK_CHUNK * SDM_SCREEN_COLUMNS];
    int32_t lbest[PICK_CHUNK * SCREEN_TOP], lranks[PICK_CHUNK * SCREEN_TOP], ltied[PICK_CHUNK * SCREEN_TOP];
    double lscores[PICK_CHUNK * SCREEN_TOP];
    uint32_t lodd[SCREEN_CHUNK];
    for (size_t len = 1; len <= k; len++) {
        const size_t rows = count[len];
        const uint8_t *of = list[len];
        if (!rows)
            continue;
        if (pass_at_len) { /* top 1: the rows read and answered in place */
            size_t here = pass_at_len[len](lp, p, rankings, rows, sc, lodd, of, k);
            for (size_t i = 0; i < here; i++)
                odd[odds++] = of[lodd[i]];
            settle_at_len[len](lp, p, rankings, sc, rows, best, scores, ranks, tied, of, k);
            continue;
        }
        switch (len) { /* a copy of a known length each, not a call of memcpy() */
        case 1: gather_rows(cells, rankings, of, rows, k, 1); break;
        case 2: gather_rows(cells, rankings, of, rows, k, 2); break;
        case 3: gather_rows(cells, rankings, of, rows, k, 3); break;
        case 4: gather_rows(cells, rankings, of, rows, k, 4); break;
        default: gather_rows(cells, rankings, of, rows, k, 5); break;
        }
        size_t here = pass_of_len[len](lp, p, cells, rows, sc, lodd);
        for (size_t i = 0; i < here; i++)
            odd[odds++] = of[lodd[i]];
        settle_of_len[len](lp, p, cells, sc, rows, lbest, lscores, ranks ? lranks : NULL, tied ? ltied : NULL);
        if (top == 1 && !ranks && !tied) {
            for (size_t j = 0; j < rows; j++)
                if (sc->len[j]) { /* else handed back */
                    best[of[j]] = lbest[j];
                    scores[of[j]] = lscores[j];
                }
            continue;
        }
        for (size_t j = 0; j < rows; j++) {
            if (!sc->len[j])
                continue; /* handed back */
            const size_t to = of[j] * top, from = j * top;
            for (size_t place = 0; place < top; place++) {
                best[to + place] = lbest[from + place];
                scores[to + place] = lscores[from + place];
                if (ranks)
                    ranks[to + place] = lranks[from + place];
                if (tied)
                    tied[to + place] = ltied[from + place];
            }
        }
    }
    for (size_t i = 1; i < odds; i++) /* row order (an insertion sort: such rows are few) */
        for (size_t j = i; j > 0 && odd[j - 1] > odd[j]; j--) {
            uint32_t t = odd[j];
            odd[j] = odd[j - 1];
            odd[j - 1] = t;
        }
    return odds;
}

/* The kernels NAME_K_FB, indexed [K][FB]. */
#define BY_FB(name, K) {NULL, name##_##K##_1, name##_##K##_2, name##_##K##_3, name##_##K##_4}
#define BY_K_AND_FB(name) \
    {{NULL}, BY_FB(name, 1), BY_FB(name, 2), BY_FB(name, 3), BY_FB(name, 4), BY_FB(name, 5)}

size_t sdm__screen_rows(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n, size_t k,
                        int32_t *best, double *scores, int32_t *ranks, int32_t *tied, uint32_t *odd)
{
    /* [k][fblocks], top 1 (several places: picks) */
    static pass_fn *const passes[SDM_SCREEN_COLUMNS + 1][5] = BY_K_AND_FB(pass);
    static settle_fn *const settles[SDM_SCREEN_COLUMNS + 1] = {NULL, settle_1, settle_2, settle_3, settle_4, settle_5};
    static pass_of_fn *const passes_of[SDM_SCREEN_COLUMNS + 1][5] = BY_K_AND_FB(pass_of);
    static settle_of_fn *const settles_of[SDM_SCREEN_COLUMNS + 1] = {NULL,         settle_of_1, settle_of_2,
                                                                    settle_of_3, settle_of_4, settle_of_5};
    static pass_fn *const picks[SDM_SCREEN_COLUMNS + 1][5] = BY_K_AND_FB(pick);
    static settle_fn *const settle_picked[SDM_SCREEN_COLUMNS + 1] = {NULL,           settle_picks_1, settle_picks_2,
                                                                    settle_picks_3, settle_picks_4, settle_picks_5};
    typedef size_t wide_fn(const sdm_lane_plan *, const batch_plan *, const int32_t *, size_t, int32_t *, double *,
                           int32_t *, int32_t *, uint32_t *);
    static wide_fn *const wides[SDM_SCREEN_COLUMNS + 1] = {NULL, wide_rows_1, wide_rows_2, wide_rows_3, wide_rows_4,
                                                           wide_rows_5};
    if (lp->wide) /* top 1 */
        return wides[k](lp, p, rankings, n, best, scores, ranks, tied, odd);
    screened sc;
    _Static_assert(PICK_CHUNK * SCREEN_TOP >= SCREEN_CHUNK, "the scores nobody asked for fit in unused[]");
    double unused[PICK_CHUNK * SCREEN_TOP];
    const size_t chunk = lp->picks ? PICK_CHUNK : SCREEN_CHUNK;
    const size_t top = lp->top;
    pass_fn *const(*pass_of)[5] = lp->picks ? picks : passes;
    settle_fn *const *settle_of = lp->picks ? settle_picked : settles;
    size_t odds = 0;
    for (size_t first = 0; first < n; first += chunk) {
        size_t rows = n - first < chunk ? n - first : chunk;
        if (chunk_has_short(&rankings[first * k], rows * k)) {
            pass_fn *pass_of_len[SDM_SCREEN_COLUMNS + 1] = {NULL};
            pass_of_fn *pass_at_len[SDM_SCREEN_COLUMNS + 1] = {NULL};
            for (size_t len = 1; len <= k; len++) {
                pass_of_len[len] = pass_of[len][lp->fblocks];
                pass_at_len[len] = passes_of[len][lp->fblocks];
            }
            size_t here = screen_by_length(pass_of_len, settle_of, lp->picks ? NULL : pass_at_len, settles_of, lp, p, &rankings[first * k], rows, k,
                                           &best[first * top], scores ? &scores[first * top] : unused,
                                           ranks ? &ranks[first * top] : NULL, tied ? &tied[first * top] : NULL,
                                           odd + odds, &sc);
            for (size_t i = 0; i < here; i++)
                odd[odds + i] += (uint32_t)first;
            odds += here;
            continue;
        }
        size_t here = pass_of[k][lp->fblocks](lp, p, &rankings[first * k], rows, &sc, odd + odds);
        for (size_t i = 0; i < here; i++)
            odd[odds + i] += (uint32_t)first;
        odds += here;
        settle_of[k](lp, p, &rankings[first * k], &sc, rows, &best[first * top], scores ? &scores[first * top] : unused,
                   ranks ? &ranks[first * top] : NULL, tied ? &tied[first * top] : NULL);
    }
    return odds;
}

/* Whether the environment variable `name` is set to something other than
 * "" or "0": the switches that rule a kernel out. */
static int switched_off(const char *name)
{
    const char *off = getenv(name);
    return off && *off && strcmp(off, "0") != 0;
}

/* What the CPU (and the environment) allow, read once per process: -1 until
 * then. Threads that race here compute the same value. */
static int cpu_avx2 = -1, cpu_screen = -1;

/* SDM_NO_AVX2 in the environment forces the portable kernel: the tests run
 * both, and it rules the AVX2 kernels out when chasing a difference. */
static int have_avx2(void)
{
    int have = __atomic_load_n(&cpu_avx2, __ATOMIC_RELAXED);
    if (have < 0) {
        have = !switched_off("SDM_NO_AVX2") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
               __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
        __atomic_store_n(&cpu_avx2, have, __ATOMIC_RELAXED);
    }
    return have;
}

/* The screen needs fused multiply-add as well (every AVX2 CPU of note has
 * it). SDM_NO_SCREEN in the environment rules it out, leaving the double
 * kernels of batch-general.c: the tests run those too. */
static int have_avx2_fma(void)
{
    int have = __atomic_load_n(&cpu_screen, __ATOMIC_RELAXED);
    if (have < 0) {
        have = !switched_off("SDM_NO_SCREEN") && have_avx2() && __builtin_cpu_supports("fma");
        __atomic_store_n(&cpu_screen, have, __ATOMIC_RELAXED);
    }
    return have;
}
#else
static int have_avx2(void)
{
    return 0;
}

static int have_avx2_fma(void)
{
    return 0;
}

size_t sdm__screen_rows(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n, size_t k,
                        int32_t *best, double *scores, int32_t *ranks, int32_t *tied, uint32_t *odd)
{
    (void)lp, (void)p, (void)rankings, (void)k, (void)best, (void)scores, (void)ranks, (void)tied;
    for (size_t r = 0; r < n; r++) /* never called: no screen is made without AVX2 */
        odd[r] = (uint32_t)r;
    return n;
}
#endif

int sdm__screen_allowed(void)
{
    return have_avx2_fma();
}
