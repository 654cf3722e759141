/*
 * libsdm EHR example - what a Trust's server loads once at start-up and
 * shares, read-only, between all the threads that serve consultations.
 * SPDX-License-Identifier: MIT
 */
#ifndef EHR_TRUST_H
#define EHR_TRUST_H

#include <stddef.h>

#include <sdm/sdm.h>

/* The reason every response gives for a medicine the Trust has withdrawn. */
#define TRUST_WITHDRAWN_REASON "withdrawn by the Trust"

struct trust {
    sdm_catalogue *catalogue;
    sdm_formulary *formulary;
    char **withdrawn; /* medicine ids, each in the formulary */
    size_t withdrawn_count;
};

/*
 * Loads the Trust's configuration (trust-config.json) and the formulary it
 * names (a path relative to the configuration file). On failure writes why
 * into `err` and returns -1, with nothing left to free.
 */
int trust_load(struct trust *t, const char *config_path, char *err, size_t errlen);

void trust_free(struct trust *t);

#endif /* EHR_TRUST_H */
