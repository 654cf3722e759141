/*
 * libsdm - the engine of the acceptability analysis (SMAA-2): the random
 * numbers, the problem of one ranking, and the scenarios. Everything here is
 * deterministic for a seed on every build: integer random numbers, IEEE
 * double operations in a fixed order, no fused multiply-add (meson builds the
 * library with -ffp-contract=off; internal.h holds it for other builds) and
 * no library maths function (whose last bit could differ between libms).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "acceptability-private.h"

/* ---- random numbers --------------------------------------------------------
 * xoshiro256** 1.0 (Blackman and Vigna, public domain), seeded by splitmix64
 * as its authors recommend. */

typedef struct acc_rng {
    uint64_t s[4];
} acc_rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void rng_seed(acc_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(acc_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform on [0, 1): the top 53 bits of an output, exactly representable. */
static inline double rng_unit(acc_rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1p-53;
}

/* Uniform integers on 0..n-1 (2 <= n <= SDM_MAX_READINGS), exactly, by
 * Lemire's multiply-and-reject ("Fast random integer generation in an
 * interval", ACM TOMACS 2019) on 16 random bits: m = bits * n, the answer
 * m >> 16, unless the low half of m falls below 2^16 mod n (a chance below
 * n / 2^16), when the draw is made again from the low 16 bits of the next
 * output. */
static uint32_t redraw(acc_rng *r, uint32_t n, uint32_t m)
{
    uint32_t threshold = (0x10000u - n) % n;
    while ((m & 0xffffu) < threshold)
        m = (uint32_t)(rng_next(r) & 0xffffu) * n;
    return m;
}

static inline uint32_t below(acc_rng *r, uint64_t bits, uint32_t n)
{
    uint32_t m = (uint32_t)(bits & 0xffffu) * n;
    if ((m & 0xffffu) < n)
        m = redraw(r, n, m);
    return m >> 16;
}

/* ---- working storage --------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    void *q = sdm__calloc(need, size);
    if (!q)
        return 0;
    sdm__free(*p);
    *p = q;
    *cap = need;
    return 1;
}

static int reserve(sdm_acc_work *w, size_t meds, size_t terms, size_t k, size_t pool)
{
    (void)k; /* central holds SDM_MAX_RANK weights per medicine */
    if (meds > w->med_cap) {
        /* the per-medicine arrays, sized together */
        size_t need = meds ? meds : 1;
        void *med = NULL, *lack = NULL, *score = NULL, *group = NULL, *first = NULL, *top3 = NULL, *central = NULL;
        med = sdm__calloc(need, sizeof(size_t));
        lack = sdm__calloc(need + 3, sizeof(double)); /* read four medicines at a time, as score[] */
        score = sdm__calloc(need + 3, sizeof(double));
        group = sdm__calloc(need, sizeof(size_t));
        first = sdm__calloc(need, sizeof(double));
        top3 = sdm__calloc(need, sizeof(double));
        central = sdm__calloc(need * SDM_MAX_RANK, sizeof(double));
        if (!med || !lack || !score || !group || !first || !top3 || !central) {
            sdm__free(med), sdm__free(lack), sdm__free(score), sdm__free(group);
            sdm__free(first), sdm__free(top3), sdm__free(central);
            return 0;
        }
        sdm__free(w->problem.med), sdm__free(w->problem.lack), sdm__free(w->score), sdm__free(w->group);
        sdm__free(w->first), sdm__free(w->top3), sdm__free(w->central);
        w->problem.med = med;
        w->problem.lack = lack;
        w->score = score;
        w->group = group;
        w->first = first;
        w->top3 = top3;
        w->central = central;
        w->med_cap = need;
    }
    if ((meds + 3) * terms > w->cell_cap) {
        size_t need = (meds + 3) * terms; /* value[] has each term's medicines padded to four */
        void *cells = sdm__calloc(need, sizeof(sdm_acc_cell)), *value = sdm__calloc(need, sizeof(double));
        void *draw = sdm__calloc(need, sizeof(sdm_acc_draw)), *range = sdm__calloc(2 * need, sizeof(double));
        if (!cells || !value || !draw || !range) {
            sdm__free(cells), sdm__free(value), sdm__free(draw), sdm__free(range);
            return 0;
        }
        sdm__free(w->problem.cells), sdm__free(w->value), sdm__free(w->draw), sdm__free(w->range);
        w->problem.cells = cells;
        w->range = range;
        w->value = value;
        w->draw = draw;
        w->cell_cap = need;
    }
    return grow((void **)&w->problem.pool, &w->pool_cap, pool, sizeof(double));
}

void sdm__acc_work_destroy(sdm_acc_work *w)
{
    sdm__free(w->problem.med);
    sdm__free(w->problem.lack);
    sdm__free(w->problem.cells);
    sdm__free(w->problem.pool);
    sdm__free(w->value);
    sdm__free(w->draw);
    sdm__free(w->range);
    sdm__free(w->score);
    sdm__free(w->group);
    sdm__free(w->first);
    sdm__free(w->top3);
    sdm__free(w->central);
    memset(w, 0, sizeof *w);
}

/* ---- the problem of one ranking ---------------------------------------------- */

static size_t gcd(size_t a, size_t b)
{
    while (b) {
        size_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Whether a cell counts as its number (numeric evidence, score-cells.c):
 * then it is fixed at the plan's normalised value, whatever its readings. */
static int numeric_cell(const sdm_score_plan *plan, size_t m, size_t effect)
{
    return plan->cell && plan->cell_source[m * plan->items + effect] == SDM_TERM_NUMERIC;
}

/* How a candidate's cell on a term is drawn: the person's own reading
 * (+++), the plan's normalised number under numeric evidence (fixed: the
 * data give no interval to draw from), all four ratings when no source rates
 * it (under every unknown policy, 'mean' too), else its readings, each
 * equally likely. The readings are kept as the smallest multiset with the
 * same chances: how many give each rating, divided by their greatest common
 * divisor, in rating order (readings that all agree make a fixed cell, which
 * is not drawn; none to ++ twice each is drawn as none or ++). */
static sdm_acc_cell cell_of(sdm_acc_problem *pb, const sdm_score_plan *plan, size_t m, size_t effect, int helpful,
                            int personal)
{
    const sdm_cell *c = &plan->formulary->profiles[m].cells[effect];
    if (personal)
        return (sdm_acc_cell){(uint32_t)(4 * helpful + SDM_RATING_HIGH), 1};
    if (numeric_cell(plan, m, effect)) {
        pb->pool[pb->pool_size] = plan->cell[(m * plan->items + effect) * 2 + (size_t)helpful];
        return (sdm_acc_cell){(uint32_t)pb->pool_size++, 1};
    }
    if (c->reading_count == 0)
        return (sdm_acc_cell){(uint32_t)(4 * helpful), 4};
    size_t times[SDM_RATING_HIGH + 1] = {0}, g = 0;
    for (size_t i = 0; i < c->reading_count; i++)
        times[c->readings[i].value]++;
    for (int rating = SDM_RATING_NONE; rating <= SDM_RATING_HIGH; rating++)
        g = gcd(g, times[rating]);
    sdm_acc_cell cell = {(uint32_t)pb->pool_size, 0};
    for (int rating = SDM_RATING_NONE; rating <= SDM_RATING_HIGH; rating++)
        for (size_t n = 0; n < times[rating] / g; n++, cell.count++)
            pb->pool[pb->pool_size++] = plan->value[helpful][rating + 1];
    return cell;
}

/* Whether a candidate is left out of this ranking: an unknown rating on one
 * of its terms under SDM_UNKNOWN_EXCLUDE (a personal reading is known, and
 * so is a number under numeric evidence). */
static int excluded_by_unknown(const sdm_score_plan *plan, const sdm_profile *p, const int32_t *effects,
                               size_t terms, sdm_acc_had_fn had, const void *ctx, size_t m)
{
    if (!plan->exclude_unknown)
        return 0;
    for (size_t c = 0; c < terms; c++)
        if (p->cells[effects[c]].reading_count == 0 && !numeric_cell(plan, m, (size_t)effects[c]) &&
            !(had && had(ctx, m, (size_t)effects[c])))
            return 1;
    return 0;
}

/* ---- medicines never among the first three ----------------------------------------
 * A candidate whose score is, in every scenario, above those of three others
 * by more than any tie tolerance is never in the first three places, and it
 * changes no group of them (a group within the first three places has its
 * lowest score below the third of those others, so more than a tolerance
 * below it): its shares are exactly 0 without drawing it. The test is exact
 * in the weights: A - B is at least sum_c w_c (lowest of A's cell c - highest
 * of B's) plus, for the helpful terms, w_h sum (lowest of B's - highest of
 * A's), linear (or affine, for a fixed helpful weight) in the weights, so it
 * is above a margin on the whole ordered set when it is at each of its
 * corners (1/j, ..., 1/j, 0, ..., 0). The margin, 1e-9 of the largest
 * possible score, is far above the tie tolerance and the rounding of a score. */

static void fill_ranges(sdm_acc_work *w)
{
    const sdm_acc_problem *pb = &w->problem;
    const size_t terms = pb->k + pb->h;
    for (size_t i = 0; i < pb->count * terms; i++) {
        sdm_acc_cell cell = pb->cells[i];
        double lo = INFINITY, hi = -INFINITY;
        for (uint32_t n = 0; n < cell.count; n++) {
            double v = pb->pool[cell.at + n];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        w->range[2 * i] = lo;
        w->range[2 * i + 1] = hi;
    }
}

/* Whether candidate b's score is below a's by more than the margin in every
 * scenario. The efficacy term, the same in every scenario, adds a constant
 * to A - B (so to each corner, whose weights sum to 1). */
static int always_better(const sdm_acc_work *w, const double *lack, size_t a, size_t b, double margin)
{
    const sdm_acc_problem *pb = &w->problem;
    const size_t k = pb->k, terms = k + pb->h;
    const double *ra = &w->range[2 * a * terms], *rb = &w->range[2 * b * terms];
    const double efficacy = pb->tradeoff * (lack[a] - lack[b]);
    double helpful = 0.0; /* sum over the helpful terms of (lowest of b - highest of a) */
    for (size_t c = k; c < terms; c++)
        helpful += rb[2 * c] - ra[2 * c + 1];
    if (pb->helpful_weight >= 0.0)
        helpful *= pb->helpful_weight;  /* fixed: a constant beside the ranked terms */
    else if (k == 0)
        return helpful + efficacy > margin; /* automatic, nothing ranked: weight 1 */
    double prefix = 0.0;
    for (size_t j = 1; j <= k; j++) {
        prefix += ra[2 * (j - 1)] - rb[2 * (j - 1) + 1];
        /* automatic: the helpful terms weigh w_k, the last ranked weight */
        double corner = pb->helpful_weight >= 0.0 ? prefix / (double)j + helpful
                                                 : (prefix + (j == k ? helpful : 0.0)) / (double)j;
        if (!(corner + efficacy > margin))
            return 0;
    }
    return k > 0 || helpful + efficacy > margin;
}

/* Moves the candidates never among the first three after the others in
 * med[] (pb->never of them), keeping formulary order within each part. */
static void set_aside_the_never_placed(sdm_acc_work *w)
{
    sdm_acc_problem *pb = &w->problem;
    const size_t terms = pb->k + pb->h, count = pb->count;
    pb->never = 0;
    if (count <= 3)
        return;
    fill_ranges(w);
    double fixed = pb->helpful_weight >= 0.0 ? pb->helpful_weight : 1.0;
    double margin = 1e-9 * (1.0 + (double)pb->h * fixed + pb->tradeoff);
    size_t kept = 0;
    /* free until the scenarios: the ones set aside, and the lacks in their
     * first places (the ranges are too, while pb->lack[] is compacted) */
    size_t *never = w->group;
    double *never_lack = w->first, *lack = w->top3;
    memcpy(lack, pb->lack, count * sizeof *lack);
    for (size_t a = 0; a < count; a++) {
        size_t better = 0;
        for (size_t b = 0; b < count && better < 3; b++)
            better += b != a && always_better(w, lack, a, b, margin);
        if (better >= 3) {
            never_lack[pb->never] = lack[a];
            never[pb->never++] = pb->med[a];
            continue;
        }
        if (kept != a) {
            pb->med[kept] = pb->med[a];
            pb->lack[kept] = lack[a];
            memmove(&pb->cells[kept * terms], &pb->cells[a * terms], terms * sizeof *pb->cells);
        }
        kept++;
    }
    memcpy(&pb->med[kept], never, pb->never * sizeof *never);
    memcpy(&pb->lack[kept], never_lack, pb->never * sizeof *never_lack);
    pb->count = kept;
}

sdm_status sdm__acc_problem_make(sdm_acc_work *w, const sdm_score_plan *plan, const int32_t *effects, size_t k,
                                 size_t h, sdm_acc_had_fn had, const void *ctx)
{
    const sdm_formulary *f = plan->formulary;
    size_t terms = k + h, pool = SDM_ACC_FIXED;
    for (size_t m = 0; m < f->count; m++)
        for (size_t c = 0; c < terms; c++)
            pool += f->profiles[m].cells[effects[c]].reading_count + 1; /* + a number's value */
    if (!reserve(w, f->count, terms, k, pool))
        return sdm__fail_no_memory();
    sdm_acc_problem *pb = &w->problem;
    pb->k = k;
    pb->h = h;
    pb->helpful_weight = plan->options->helpful_weight;
    pb->tradeoff = plan->tradeoff;
    pb->count = 0;
    pb->pool_size = SDM_ACC_FIXED;
    for (int helpful = 0; helpful < 2; helpful++)
        for (int rating = SDM_RATING_NONE; rating <= SDM_RATING_HIGH; rating++)
            pb->pool[4 * helpful + rating] = plan->value[helpful][rating + 1];
    for (size_t m = 0; m < f->count; m++) {
        const sdm_profile *p = &f->profiles[m];
        if (plan->candidate[m].kind || excluded_by_unknown(plan, p, effects, terms, had, ctx, m))
            continue;
        sdm_acc_cell *row = &pb->cells[pb->count * terms];
        for (size_t c = 0; c < terms; c++) {
            size_t e = (size_t)effects[c];
            row[c] = cell_of(pb, plan, m, e, c >= k, had && had(ctx, m, e));
        }
        /* as sdm_match_run(): a medicine without efficacy data has the lack its unknown policy gives */
        pb->lack[pb->count] = plan->tradeoff > 0.0 ? plan->lack[m] : 0.0;
        pb->med[pb->count++] = m;
    }
    set_aside_the_never_placed(w);
    return SDM_OK;
}

/* ---- the scenarios ------------------------------------------------------------ */

/* 1/i for i = 1..SDM_MAX_RANK: a product by a rounded reciprocal is as
 * deterministic as a division, and faster. */
static double reciprocal[SDM_MAX_RANK + 1];

static void fill_reciprocals(void)
{
    if (reciprocal[1] == 1.0)
        return; /* filled: the same values whoever fills them, so a race is harmless */
    for (int i = SDM_MAX_RANK; i >= 1; i--)
        reciprocal[i] = 1.0 / (double)i;
}

/* A point uniform on {w1 >= ... >= wk >= 0, sum 1}: the gaps x of k - 1
 * sorted uniform numbers (a uniform point of the simplex), mapped by
 * w_i = sum_{j >= i} x_j / j, summed from j = k down. */
static void draw_weights(acc_rng *r, size_t k, double *sorted, double *w)
{
    size_t m = k - 1;
    for (size_t i = 0; i < m; i++) {
        double u = rng_unit(r);
        size_t j = i;
        for (; j > 0 && sorted[j - 1] > u; j--)
            sorted[j] = sorted[j - 1];
        sorted[j] = u;
    }
    double upper = 1.0, sum = 0.0;
    for (size_t i = k; i >= 1; i--) {
        double lower = i >= 2 ? sorted[i - 2] : 0.0;
        sum += (upper - lower) * reciprocal[i];
        w[i - 1] = sum;
        upper = lower;
    }
}

/* The medicines of a term in value[]: the count rounded up to four, so that
 * the sums below run four at a time (the padding is 0 and its scores unused). */
static size_t stride_of(size_t count)
{
    return (count + 3) & ~(size_t)3;
}

/* Lays the cells out for the scenarios: each fixed cell's value once, in
 * value[] (term-major, so that the sums below run over medicines side by
 * side), and the list of cells to draw. Returns the length of the list. */
static size_t lay_out(sdm_acc_work *wk)
{
    const sdm_acc_problem *pb = &wk->problem;
    const size_t count = pb->count, terms = pb->k + pb->h;
    size_t draws = 0;
    memset(wk->value, 0, terms * stride_of(count) * sizeof *wk->value);
    for (size_t j = 0; j < count; j++)
        for (size_t c = 0; c < terms; c++) {
            sdm_acc_cell cell = pb->cells[j * terms + c];
            uint32_t slot = (uint32_t)(c * stride_of(count) + j);
            wk->value[slot] = pb->pool[cell.at];
            if (cell.count > 1)
                wk->draw[draws++] = (sdm_acc_draw){slot, cell.at, cell.count};
        }
    return draws;
}

/* The scores of every candidate in one scenario: first each drawn cell's
 * value (in the order of the list, four from each random output), then each
 * medicine's sum as sdm__score_medicine() sums it, 0 plus each term in turn
 * (four medicines side by side, each summed in that order). */
static double score_scenario(acc_rng *r, sdm_acc_work *wk, size_t draws, const double *w, double helpful_weight)
{
    const sdm_acc_problem *pb = &wk->problem;
    const double tradeoff = pb->tradeoff, *lack = pb->lack;
    const size_t count = pb->count, k = pb->k, terms = pb->k + pb->h;
    const double *pool = pb->pool;
    double *value = wk->value, *score = wk->score;
    /* four cells from each output, its quarters lowest first (a redraw, rare,
     * takes the outputs that follow, before the next quarter is used) */
    const sdm_acc_draw *cell = wk->draw;
    size_t d = 0;
    for (; d + 4 <= draws; d += 4, cell += 4) {
        uint64_t bits = rng_next(r);
        value[cell[0].slot] = pool[cell[0].at + below(r, bits, cell[0].count)];
        value[cell[1].slot] = pool[cell[1].at + below(r, bits >> 16, cell[1].count)];
        value[cell[2].slot] = pool[cell[2].at + below(r, bits >> 32, cell[2].count)];
        value[cell[3].slot] = pool[cell[3].at + below(r, bits >> 48, cell[3].count)];
    }
    if (d < draws) {
        uint64_t bits = rng_next(r);
        for (; d < draws; d++, cell++, bits >>= 16)
            value[cell->slot] = pool[cell->at + below(r, bits, cell->count)];
    }
    /* four medicines at a time, their sums kept in registers across the terms */
    const size_t stride = stride_of(count);
    size_t j = 0;
    for (; j < count; j += 4) {
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (size_t c = 0; c < terms; c++) {
            const double weight = c < k ? w[c] : -helpful_weight;
            const double *v = &value[c * stride + j];
            s0 += weight * v[0];
            s1 += weight * v[1];
            s2 += weight * v[2];
            s3 += weight * v[3];
        }
        if (tradeoff > 0.0) { /* then + lambda * lack, as sdm__score_row() adds it */
            s0 += tradeoff * lack[j];
            s1 += tradeoff * lack[j + 1];
            s2 += tradeoff * lack[j + 2];
            s3 += tradeoff * lack[j + 3];
        }
        score[j] = s0;
        score[j + 1] = s1;
        score[j + 2] = s2;
        score[j + 3] = s3;
    }
    double lowest = INFINITY;
    for (j = 0; j < count; j++)
        lowest = score[j] < lowest ? score[j] : lowest;
    return lowest;
}

/* Credits the first three places of a scenario, group by group as
 * sdm__score_order() forms them: each group is every remaining medicine
 * within `tie` of the lowest remaining score. What remains after a group
 * whose lowest score is L is exactly what lies more than `tie` above L
 * (rounding of a subtraction is monotone), so a pass collects a group and
 * finds the lowest score of the next. */
/* The four lowest scores, lowest first, and where they are (count >= 4). */
static void four_lowest(const double *score, size_t count, double *low, size_t *at)
{
    for (int i = 0; i < 4; i++) {
        low[i] = INFINITY;
        at[i] = 0;
    }
    for (size_t j = 0; j < count; j++) {
        double s = score[j];
        if (!(s < low[3]))
            continue;
        int i = 3;
        for (; i > 0 && s < low[i - 1]; i--) {
            low[i] = low[i - 1];
            at[i] = at[i - 1];
        }
        low[i] = s;
        at[i] = j;
    }
}

static void credit_scenario(sdm_acc_work *wk, const double *w, double lowest, double tie)
{
    const sdm_acc_problem *pb = &wk->problem;
    const size_t count = pb->count, k = pb->k;
    const double *score = wk->score;
    size_t *group = wk->group;
    if (count >= 4) {
        /* The usual case, three places without a tie: each of the first
         * three is more than `tie` below the next, so the groups below are
         * {first}, {second}, {third}, and each gets a credit of exactly 1. */
        double low[4];
        size_t at[4];
        four_lowest(score, count, low, at);
        if (low[1] - low[0] > tie && low[2] - low[1] > tie && low[3] - low[2] > tie) {
            wk->first[at[0]] += 1.0;
            for (size_t c = 0; c < k; c++)
                wk->central[at[0] * k + c] += w[c];
            for (int i = 0; i < 3; i++)
                wk->top3[at[i]] += 1.0;
            return;
        }
    }
    double floor = -INFINITY; /* the lowest score of the group before: nothing within tie of it remains */
    for (size_t places = 0; places < 3 && places < count;) {
        double next = INFINITY;
        size_t t = 0;
        for (size_t j = 0; j < count; j++) {
            double s = score[j];
            if (!(s - floor > tie))
                continue;
            if (s - lowest <= tie)
                group[t++] = j;
            else if (s < next)
                next = s;
        }
        size_t covered = 3 - places < t ? 3 - places : t;
        double share = 1.0 / (double)t, top = (double)covered / (double)t;
        for (size_t g = 0; g < t; g++) {
            size_t j = group[g];
            wk->top3[j] += top;
            if (places == 0) {
                wk->first[j] += share;
                for (size_t c = 0; c < k; c++)
                    wk->central[j * k + c] += share * w[c];
            }
        }
        places += t;
        floor = lowest;
        lowest = next;
    }
}

void sdm__acc_simulate(sdm_acc_work *wk, size_t scenarios, uint64_t seed)
{
    const sdm_acc_problem *pb = &wk->problem;
    const size_t k = pb->k, h = pb->h;
    double w[SDM_MAX_RANK], sorted[SDM_MAX_RANK];
    acc_rng r;
    fill_reciprocals();
    rng_seed(&r, seed);
    size_t all = pb->count + pb->never;
    memset(wk->first, 0, all * sizeof *wk->first);
    memset(wk->top3, 0, all * sizeof *wk->top3);
    memset(wk->central, 0, all * k * sizeof *wk->central);
    if (pb->count == 0)
        return;
    size_t draws = lay_out(wk);
    for (size_t s = 0; s < scenarios; s++) {
        if (k > 0)
            draw_weights(&r, k, sorted, w);
        double helpful_weight = pb->helpful_weight >= 0.0 ? pb->helpful_weight : k > 0 ? w[k - 1] : 1.0;
        /* the tie tolerance of sdm__score_terms() for these weights (the efficacy term is one term more) */
        double scale = 0.0;
        for (size_t c = 0; c < k; c++)
            scale += w[c];
        scale += (double)h * helpful_weight;
        if (pb->tradeoff > 0.0)
            scale += pb->tradeoff;
        double tie = (double)(k + h + (pb->tradeoff > 0.0)) * (scale * 0x1p-50 + 0x1p-1072);
        double lowest = score_scenario(&r, wk, draws, w, helpful_weight);
        credit_scenario(wk, w, lowest, tie);
    }
}

size_t sdm__acc_scenarios_of(const sdm_match_options *o)
{
    return o->acceptability_scenarios ? o->acceptability_scenarios : SDM_ACCEPTABILITY_DEFAULT_SCENARIOS;
}
