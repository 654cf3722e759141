/*
 * libsdm - a decision record re-opened: its private layout. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_RECORD_H
#define SDM_LIB_RECORD_H

#include "internal.h"

/* One medicine of the record's own result: ranked (rank >= 1) or excluded. */
typedef struct sdm_record_entry {
    char *id;
    char *name;
    int rank;             /* 0 for an excluded medicine */
    double score;         /* NaN for an excluded medicine */
    sdm_exclusion kind;   /* 0 for a ranked medicine */
    char *reason;         /* NULL for a ranked medicine */
    signed char *ratings; /* a ranked medicine's rating of each term (the terms' order), else NULL */
} sdm_record_entry;

struct sdm_feedback {
    sdm_instrument instrument;
    char *version;        /* "" when not given */
    size_t count;
    int items[9];
};

struct sdm_record {
    sdm_ranking *ranking;
    sdm_match_options *options;
    char *data_version;
    char *library_version;
    char *timestamp;      /* "" when the record has none */
    char *formulary_id;
    char *notice;
    size_t term_count;    /* the result's terms: the ranking's ranked, then helpful, side effects */
    size_t *terms;
    size_t ranked_count;
    size_t excluded_count;
    sdm_record_entry *entries; /* the ranked ones in order, then the excluded ones */
    sdm_feedback *feedback;    /* NULL when the record holds none */
};

/* feedback.c: the instrument of an id, failing with SDM_ERR_NOT_FOUND and the closest one. */
SDM_HIDDEN sdm_status sdm__instrument_from_id(const char *id, sdm_instrument *instrument);

/* record.c: an empty record (to free with sdm_record_free()), or NULL. */
SDM_HIDDEN sdm_record *sdm__record_new(void);

/* record-json.c: the `sdm-record-changes` document between a record and a
 * match of its ranking on today's formulary; `asked` are the record's own
 * options (the match's may have dropped exclusions of removed medicines). */
SDM_HIDDEN sdm_status sdm__record_changes_json(const sdm_record *rec, const sdm_match *m,
                                               const sdm_match_options *asked, char **out);

#endif /* SDM_LIB_RECORD_H */
