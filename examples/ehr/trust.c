/*
 * libsdm EHR example - the Trust's configuration: which formulary to load
 * and which of its medicines the Trust has withdrawn.
 *
 * A withdrawn medicine stays in the formulary file, and every consultation
 * lists it as excluded with the reason "withdrawn by the Trust". The
 * formulary is the reviewed clinical document and changes rarely; withdrawing
 * a medicine is an operational decision that must not need a new review of
 * the data, and a person (or an auditor re-opening a decision record) should
 * see that the medicine exists but was not offered, and why.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "trust.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* The formulary's path is relative to the configuration file, so that the
 * configuration and the formulary can be moved together. */
static char *resolve_path(const char *config_path, const char *path)
{
    const char *slash = strrchr(config_path, '/');
    if (path[0] == '/' || !slash)
        return strdup(path);
    size_t dirlen = (size_t)(slash - config_path) + 1;
    char *full = malloc(dirlen + strlen(path) + 1);
    if (full) {
        memcpy(full, config_path, dirlen);
        strcpy(full + dirlen, path);
    }
    return full;
}

static int load_formulary(struct trust *t, const char *config_path, const char *path, char *err,
                          size_t errlen)
{
    char *full = resolve_path(config_path, path);
    if (!full)
        return fail(err, errlen, "out of memory");
    sdm_status st = sdm_catalogue_default(&t->catalogue);
    if (st == SDM_OK)
        st = sdm_formulary_load_file(t->catalogue, full, &t->formulary);
    free(full);
    if (st != SDM_OK)
        return fail(err, errlen, "%s: %s", sdm_strerror(st), sdm_last_error());
    return 0;
}

static int add_withdrawn(struct trust *t, size_t i, json_t *id, char *err, size_t errlen)
{
    if (!json_is_string(id))
        return fail(err, errlen, "withdrawn[%zu] is not a medicine id", i);
    if (!sdm_formulary_find(t->formulary, json_string_value(id)))
        return fail(err, errlen, "withdrawn[%zu]: %s", i, sdm_last_error());
    t->withdrawn[i] = strdup(json_string_value(id));
    if (!t->withdrawn[i])
        return fail(err, errlen, "out of memory");
    t->withdrawn_count = i + 1;
    return 0;
}

/* Every withdrawn id must be in the formulary: a typo would otherwise offer
 * the medicine the Trust meant to withdraw. */
static int load_withdrawn(struct trust *t, json_t *list, char *err, size_t errlen)
{
    if (!list)
        return 0;
    if (!json_is_array(list))
        return fail(err, errlen, "\"withdrawn\" must be an array of medicine ids");
    t->withdrawn = calloc(json_array_size(list) + 1, sizeof *t->withdrawn);
    if (!t->withdrawn)
        return fail(err, errlen, "out of memory");
    for (size_t i = 0; i < json_array_size(list); i++)
        if (add_withdrawn(t, i, json_array_get(list, i), err, errlen) != 0)
            return -1;
    return 0;
}

static int check_keys(json_t *config, char *err, size_t errlen)
{
    const char *key;
    json_t *value;
    json_object_foreach(config, key, value) {
        if (strcmp(key, "formulary") != 0 && strcmp(key, "withdrawn") != 0)
            return fail(err, errlen, "unknown key '%s' (expected formulary, withdrawn)", key);
    }
    return 0;
}

static int apply_config(struct trust *t, const char *config_path, json_t *config, char *err,
                        size_t errlen)
{
    if (!json_is_object(config))
        return fail(err, errlen, "the configuration must be a JSON object");
    if (check_keys(config, err, errlen) != 0)
        return -1;
    const char *path = json_string_value(json_object_get(config, "formulary"));
    if (!path)
        return fail(err, errlen, "\"formulary\" (the path of the Trust's formulary) is missing");
    if (load_formulary(t, config_path, path, err, errlen) != 0)
        return -1;
    return load_withdrawn(t, json_object_get(config, "withdrawn"), err, errlen);
}

int trust_load(struct trust *t, const char *config_path, char *err, size_t errlen)
{
    json_error_t jerr;
    *t = (struct trust){0};
    json_t *config = json_load_file(config_path, JSON_REJECT_DUPLICATES, &jerr);
    if (!config)
        return fail(err, errlen, "%s:%d:%d: %s", config_path, jerr.line, jerr.column, jerr.text);
    int rc = apply_config(t, config_path, config, err, errlen);
    json_decref(config);
    if (rc != 0)
        trust_free(t);
    return rc;
}

void trust_free(struct trust *t)
{
    for (size_t i = 0; i < t->withdrawn_count; i++)
        free(t->withdrawn[i]);
    free(t->withdrawn);
    sdm_formulary_free(t->formulary);
    sdm_catalogue_free(t->catalogue);
    *t = (struct trust){0};
}
