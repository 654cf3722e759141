/*
 * libsdm - rank weights and rating severities.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>

#include "options-private.h"

double sdm__severity(const sdm_match_options *o, int rating)
{
    return (o->scale[rating] - o->scale[0]) / (o->scale[3] - o->scale[0]);
}

double sdm__unknown_value(const sdm_match_options *o, int helpful)
{
    if (o->unknown == SDM_UNKNOWN_WORST)
        return helpful ? 0.0 : 1.0; /* the worst case: no benefit, or the most burden */
    return 0.5;                     /* the middle of [0, 1], whatever the scale */
}

/* The smallest gap between two different values a term can take; the
 * lexicographic base must make one such gap outweigh everything after it. */
static double smallest_gap(const sdm_match_options *o)
{
    double values[5];
    for (int r = 0; r < 4; r++)
        values[r] = sdm__severity(o, r);
    values[4] = 0.5;
    double gap = 1.0;
    for (int a = 0; a < 5; a++)
        for (int b = 0; b < 5; b++) {
            double d = values[a] - values[b];
            if (d > 1e-12 && d < gap)
                gap = d;
        }
    return gap;
}

static void lexicographic(const sdm_match_options *o, int k, size_t helpful_count, double *w)
{
    /* With w_i = B^-(i-1), what ranks i+1..k and the helpful terms (weighing
     * as rank k) can add up to is below (1 + h) / (B - 1) of w_i; a base of
     * 2 (1 + h) / gap + 1 keeps that under half the smallest gap at rank i. */
    double base = 2.0 * (1.0 + (double)helpful_count) / smallest_gap(o) + 1.0;
    double w_i = 1.0;
    for (int i = 0; i < k; i++, w_i /= base)
        w[i] = w_i;
}

static void normalise(double *w, int k)
{
    double sum = 0.0;
    for (int i = 0; i < k; i++)
        sum += w[i];
    for (int i = 0; i < k; i++)
        w[i] /= sum;
}

sdm_status sdm__rank_weights(const sdm_match_options *o, int k, size_t helpful_count, double *w)
{
    if (k < 1 || k > SDM_MAX_RANK)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "k = %d is out of range: it runs from 1 to %d", k, SDM_MAX_RANK);
    switch (o->scheme) {
    case SDM_WEIGHTS_ROC:
        for (int i = 1; i <= k; i++) {
            double sum = 0.0;
            for (int j = i; j <= k; j++)
                sum += 1.0 / j;
            w[i - 1] = sum / k;
        }
        return SDM_OK;
    case SDM_WEIGHTS_RANK_SUM:
        for (int i = 1; i <= k; i++)
            w[i - 1] = 2.0 * (k + 1 - i) / ((double)k * (k + 1));
        return SDM_OK;
    case SDM_WEIGHTS_RECIPROCAL:
        for (int i = 1; i <= k; i++)
            w[i - 1] = 1.0 / i;
        normalise(w, k);
        return SDM_OK;
    case SDM_WEIGHTS_EQUAL:
        for (int i = 0; i < k; i++)
            w[i] = 1.0 / k;
        return SDM_OK;
    case SDM_WEIGHTS_LEXICOGRAPHIC:
        lexicographic(o, k, helpful_count, w);
        normalise(w, k);
        return SDM_OK;
    case SDM_WEIGHTS_CUSTOM:
        if ((size_t)k > o->custom_count)
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                             "the custom weights cover %zu ranks, but the ranking has %d", o->custom_count, k);
        for (int i = 0; i < k; i++)
            w[i] = o->custom[i];
        return SDM_OK;
    }
    return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "unknown weighting scheme %d", (int)o->scheme);
}

sdm_status sdm_match_options_weights(const sdm_match_options *opts, int k, double *weights)
{
    if (!weights)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_weights: the weights pointer is NULL");
    return sdm__rank_weights(opts ? opts : sdm__options_default(), k, 0, weights);
}

double sdm_match_options_severity(const sdm_match_options *opts, int rating)
{
    if (rating < SDM_RATING_NONE || rating > SDM_RATING_HIGH)
        return -1.0;
    return sdm__severity(opts ? opts : sdm__options_default(), rating);
}
