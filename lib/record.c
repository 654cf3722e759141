/*
 * libsdm - the decision record: writing it, and re-opening it later.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "match-private.h"
#include "text.h"
#include "json-values.h"

sdm_status sdm_record_to_json(const sdm_match *m, const char *timestamp, char **out)
{
    if (!m || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_record_to_json: %s is NULL",
                         !m ? "the match" : "the out pointer");
    if (timestamp && strlen(timestamp) > SDM_MAX_STRING)
        return sdm__fail(SDM_ERR_LIMIT, "the timestamp is longer than %d bytes", SDM_MAX_STRING);
    char why[96];
    if (timestamp && sdm__text_problem(timestamp, 1, why, sizeof why))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the timestamp %s", why);
    const sdm_formulary *f = m->formulary;
    int bad = 0;
    json_t *root = json_object();
    json_t *data = json_object();
    sdm__jset(root, "format", json_string("sdm-record"), &bad);
    sdm__jset(root, "format_version", json_integer(1), &bad);
    if (timestamp)
        sdm__jset(root, "timestamp", json_string(timestamp), &bad);
    sdm__jset(root, "library_version", json_string(SDM_VERSION_STRING), &bad);
    sdm__jset(root, "data_version", json_string(f->version), &bad);
    sdm__jset(data, "id", json_string(f->name), &bad);
    sdm__jset(data, "title", json_string(f->title), &bad);
    sdm__jset(data, "version", json_string(f->version), &bad);
    sdm__jset(data, "catalogue", json_string(f->catalogue->name), &bad);
    sdm__jset(data, "catalogue_version", json_string(f->catalogue->version), &bad);
    sdm__jset(root, "formulary", data, &bad);
    sdm__jset(root, "notice", json_string(f->notice), &bad);
    sdm__jset(root, "completed_by", json_string(sdm_completed_by_id(m->ranking->completed_by)), &bad);
    sdm__jset(root, "ranking", sdm__ranking_to_value(m->ranking, &bad), &bad);
    sdm__jset(root, "options", sdm__options_to_value(m->options, &bad), &bad);
    sdm__jset(root, "result", sdm__match_to_value(m, &bad), &bad);
    return sdm__json_dump(root, bad, out);
}

static sdm_status read_record(const sdm_catalogue *cat, const sdm_json_doc *doc, sdm_ranking **ranking,
                              sdm_match_options **options, char **data_version)
{
    static const char *const keys[] = {"format", "format_version", "timestamp", "library_version",
                                       "data_version", "formulary", "notice", "completed_by", "ranking",
                                       "options", "result", NULL};
    const char *version;
    json_t *ranking_value = json_object_get(doc->root, "ranking");
    json_t *options_value = json_object_get(doc->root, "options");
    sdm_status st = sdm__json_check_format(doc, "sdm-record");
    if (st == SDM_OK)
        st = sdm__json_check_object(doc, doc->root, "", keys);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "data_version", 1, &version);
    if (st == SDM_OK && !ranking_value)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "", "the key 'ranking' is missing");
    if (st == SDM_OK && !options_value)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "", "the key 'options' is missing");
    if (st == SDM_OK)
        st = sdm__ranking_from_value(cat, doc, ranking_value, "ranking", ranking);
    if (st == SDM_OK && (st = sdm__options_from_value(doc, options_value, "options", options)) != SDM_OK)
        sdm_ranking_free(*ranking);
    if (st == SDM_OK && !(*data_version = sdm__strdup(version))) {
        sdm_ranking_free(*ranking);
        sdm_match_options_free(*options);
        st = sdm__fail_no_memory();
    }
    return st;
}

sdm_status sdm_record_load_json(const sdm_catalogue *cat, const char *json, size_t len, sdm_ranking **ranking,
                                sdm_match_options **options, char **data_version)
{
    if (!cat)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_record_load_json: the catalogue is NULL");
    sdm_json_doc doc;
    sdm_status st = sdm__json_parse(&doc, "<json>", json, len);
    if (st != SDM_OK)
        return st;
    sdm_ranking *r = NULL;
    sdm_match_options *o = NULL;
    char *version = NULL;
    st = read_record(cat, &doc, &r, &o, &version);
    json_decref(doc.root);
    if (st != SDM_OK)
        return st;
    /* Hand over only what was asked for; the rest is freed. */
    if (ranking)
        *ranking = r;
    else
        sdm_ranking_free(r);
    if (options)
        *options = o;
    else
        sdm_match_options_free(o);
    if (data_version)
        *data_version = version;
    else
        sdm__free(version);
    return SDM_OK;
}
