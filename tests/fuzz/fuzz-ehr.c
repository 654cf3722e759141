/*
 * libsdm - fuzz target: one request line of the EHR example
 * (examples/ehr/consultation.c: consultation_respond()), as sdm-ehr would
 * read it from a client, against the example Trust (its formulary of ten
 * medicines, chlorpromazine withdrawn). The handler does no I/O, so the
 * target calls it on the input as it is: any bytes, NUL and invalid UTF-8
 * included.
 *
 * Whatever the line, the response must be one line of JSON (a JSON object,
 * no newline, so that it cannot split into two responses) and:
 *  - "status" is "ok" or "error";
 *  - "id" is the request's own "id" when the request is a JSON object with
 *    a string or integer "id", and null or absent otherwise;
 *  - an error names a known status with its description, where it was found
 *    and a message that is not empty (the JSON parse shows it is UTF-8);
 *    a line with a NUL byte, an empty line and a line over the limit are
 *    refused with their own status;
 *  - an answer ranks or excludes each of the formulary's medicines exactly
 *    once, each exclusion with a reason, the withdrawn medicine among them;
 *    it has a card for each ranked medicine, in order, and a decision record
 *    that re-opens.
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>

#include "consultation.h"
#include "fuzz.h"
#include "trust.h"

#ifndef FUZZ_EHR_CONFIG
#error "FUZZ_EHR_CONFIG must name examples/ehr/trust-config.json"
#endif

static const struct trust *fuzz_trust(void)
{
    static struct trust trust;
    static int loaded;
    if (!loaded) {
        char err[512];
        if (trust_load(&trust, FUZZ_EHR_CONFIG, err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s\n", FUZZ_EHR_CONFIG, err);
            abort();
        }
        json_object_seed(1); /* the same hash order in every run */
        loaded = 1;
    }
    return &trust;
}

static const char *const status_names[] = {"SDM_ERR_INVALID_ARGUMENT", "SDM_ERR_NO_MEMORY", "SDM_ERR_NOT_FOUND",
                                           "SDM_ERR_DUPLICATE", "SDM_ERR_CONFLICT", "SDM_ERR_PARSE",
                                           "SDM_ERR_SCHEMA", "SDM_ERR_IO", "SDM_ERR_LIMIT"};

/* The response to `request` (len bytes) as JSON, after the checks every
 * response must pass. */
static json_t *respond(const char *request, size_t len)
{
    char *line = consultation_respond(request, len, (void *)fuzz_trust());
    FUZZ_CHECK(line != NULL);
    FUZZ_CHECK(strchr(line, '\n') == NULL && strchr(line, '\r') == NULL);
    json_error_t jerr;
    json_t *resp = json_loads(line, JSON_REJECT_DUPLICATES, &jerr);
    if (!resp)
        fprintf(stderr, "not JSON (%s): %.300s\n", jerr.text, line);
    FUZZ_CHECK(json_is_object(resp));
    free(line);
    return resp;
}

static const char *error_status(json_t *resp)
{
    json_t *err = json_object_get(resp, "error");
    FUZZ_CHECK(json_is_object(err) && json_object_size(err) == 4);
    const char *status = json_string_value(json_object_get(err, "status"));
    const char *description = json_string_value(json_object_get(err, "description"));
    const char *where = json_string_value(json_object_get(err, "where"));
    const char *message = json_string_value(json_object_get(err, "message"));
    FUZZ_CHECK(status && description && where && message);
    size_t known = 0;
    while (known < sizeof status_names / sizeof *status_names && strcmp(status, status_names[known]) != 0)
        known++;
    FUZZ_CHECK(known < sizeof status_names / sizeof *status_names);
    FUZZ_CHECK(strcmp(description, sdm_strerror((sdm_status)(-1 - (int)known))) == 0);
    FUZZ_CHECK(where[0] != '\0' && message[0] != '\0');
    FUZZ_CHECK(strcmp(status, "SDM_ERR_NO_MEMORY") != 0); /* nothing runs out of memory here */
    return status;
}

/* A medicine's position in the formulary, marking it seen. */
static void see(const sdm_formulary *f, json_t *entry, unsigned char *seen)
{
    const sdm_profile *p = sdm_formulary_find(f, json_string_value(json_object_get(entry, "id")));
    FUZZ_CHECK(p != NULL);
    size_t at = fuzz_profile_index(f, p);
    FUZZ_CHECK(!seen[at]);
    seen[at] = 1;
}

static void check_answer(json_t *resp)
{
    const struct trust *t = fuzz_trust();
    const sdm_formulary *f = t->formulary;
    json_t *ranked = json_object_get(resp, "ranked"), *excluded = json_object_get(resp, "excluded");
    json_t *cards = json_object_get(resp, "cards"), *record = json_object_get(resp, "record");
    FUZZ_CHECK(json_is_array(ranked) && json_is_array(excluded) && json_is_array(cards) && json_is_object(record));
    size_t count = sdm_formulary_count(f);
    FUZZ_CHECK(json_array_size(ranked) + json_array_size(excluded) == count);
    unsigned char seen[SDM_MAX_MEDICATIONS] = {0};
    size_t i;
    json_t *entry;
    json_array_foreach(ranked, i, entry) {
        see(f, entry, seen);
        json_t *card = json_array_get(cards, i);
        FUZZ_CHECK(json_equal(json_object_get(card, "id"), json_object_get(entry, "id")));
    }
    FUZZ_CHECK(json_array_size(cards) == json_array_size(ranked));
    int withdrawn_listed = 0;
    json_array_foreach(excluded, i, entry) {
        see(f, entry, seen);
        const char *reason = json_string_value(json_object_get(entry, "reason"));
        FUZZ_CHECK(reason && reason[strspn(reason, " \t\r\n")] != '\0');
        for (size_t w = 0; w < t->withdrawn_count; w++)
            withdrawn_listed += strcmp(json_string_value(json_object_get(entry, "id")), t->withdrawn[w]) == 0;
    }
    FUZZ_CHECK(withdrawn_listed == (int)t->withdrawn_count);

    /* The record the EHR would store re-opens. */
    char *text = json_dumps(record, JSON_COMPACT);
    FUZZ_CHECK(text != NULL);
    FUZZ_OK(sdm_record_load_json(t->catalogue, text, strlen(text), NULL, NULL, NULL));
    free(text);
}

/* The "id" the response must echo: the request's, when it is a JSON object
 * with a string or integer "id"; NULL otherwise. */
static json_t *request_id(const uint8_t *data, size_t size, json_t **request)
{
    *request = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    json_t *id = json_object_get(*request, "id");
    return json_is_string(id) || json_is_integer(id) ? id : NULL;
}

/* An empty line, or one of spaces, tabs and carriage returns only. */
static int blank(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r')
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A line over the limit is refused from its length alone, without the
     * text, as the pipeline hands it over. */
    json_t *resp = respond(NULL, CONSULTATION_MAX_REQUEST + 1 + (size ? data[0] : 0));
    FUZZ_CHECK(strcmp(error_status(resp), "SDM_ERR_LIMIT") == 0);
    json_decref(resp);

    /* The line itself, in a copy of exactly its size (no NUL after it). */
    char *line = malloc(size ? size : 1);
    FUZZ_CHECK(line != NULL);
    memcpy(line, data, size);
    resp = respond(line, size);
    free(line);

    const char *status = json_string_value(json_object_get(resp, "status"));
    FUZZ_CHECK(status && (strcmp(status, "ok") == 0 || strcmp(status, "error") == 0));
    json_t *request = NULL, *id = request_id(data, size, &request);
    int nul = memchr(data, '\0', size) != NULL;
    if (nul || blank(data, size))
        id = NULL; /* refused before it is parsed */
    json_t *echoed = json_object_get(resp, "id");
    FUZZ_CHECK(id ? json_equal(echoed, id) : (echoed == NULL || json_is_null(echoed)));
    if (strcmp(status, "ok") == 0) {
        FUZZ_CHECK(!nul && json_is_object(request));
        check_answer(resp);
    } else if (nul || blank(data, size)) {
        FUZZ_CHECK(strcmp(error_status(resp), "SDM_ERR_PARSE") == 0);
    } else {
        error_status(resp);
    }
    json_decref(request);
    json_decref(resp);
    return 0;
}
