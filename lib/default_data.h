/*
 * libsdm - the built-in data, generated at build time from the JSON files in data/ by
 * lib/embed.py, so that the defaults read no file. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_DEFAULT_DATA_H
#define SDM_DEFAULT_DATA_H

#include <stddef.h>

#include "internal.h"

SDM_HIDDEN extern const char sdm__default_catalogue_json[];
SDM_HIDDEN extern const size_t sdm__default_catalogue_json_len;
SDM_HIDDEN extern const char sdm__default_formulary_json[];
SDM_HIDDEN extern const size_t sdm__default_formulary_json_len;

#endif /* SDM_DEFAULT_DATA_H */
