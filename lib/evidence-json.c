/*
 * libsdm - a cell's readings and numeric evidence as JSON, as the card and
 * the result of a match show them.
 * SPDX-License-Identifier: MIT
 */
#include "evidence-private.h"
#include "json-values.h"

/* Text built by a describe function as a JSON string. */
json_t *sdm__described_json(const sdm_profile *p, size_t item, const sdm_evidence *e, int *bad)
{
    sdm_strbuf sb = SDM_STRBUF_INIT;
    char *text = NULL;
    if (e)
        sdm__describe_evidence(&sb, e);
    else
        sdm__describe_readings(&sb, p, item);
    if (sdm__strbuf_finish(&sb, &text) != SDM_OK) {
        *bad = 1;
        return NULL;
    }
    json_t *value = json_string(text);
    sdm__free(text);
    return value;
}

json_t *sdm__readings_json(const sdm_profile *p, size_t item, int *bad)
{
    const sdm_cell *c = &p->cells[item];
    json_t *arr = json_array();
    for (size_t i = 0; i < c->reading_count; i++) {
        const sdm_reading *rd = &c->readings[i];
        json_t *obj = json_object();
        sdm__jset(obj, "source", json_string(rd->source->key), bad);
        sdm__jset(obj, "source_label", json_string(rd->source->label), bad);
        sdm__jset(obj, "printed", json_string(rd->printed), bad);
        sdm__jset(obj, "value", json_integer(rd->value), bad);
        if (rd->low != rd->value)
            sdm__jset(obj, "low", json_integer(rd->low), bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

json_t *sdm__evidence_json(const sdm_profile *p, size_t item, int *bad)
{
    const sdm_cell *c = &p->cells[item];
    json_t *arr = json_array();
    for (size_t i = 0; i < c->evidence_count; i++) {
        const sdm_evidence *e = &c->evidence[i];
        json_t *obj = json_object();
        sdm__jset(obj, "source", json_string(e->source->key), bad);
        sdm__jset(obj, "outcome", json_string(e->outcome), bad);
        sdm__jset(obj, "kind", json_string(sdm_measure_id(e->measure)), bad);
        sdm__jset(obj, "value", json_real(e->value), bad);
        if (*e->unit)
            sdm__jset(obj, "unit", json_string(e->unit), bad);
        sdm__jset(obj, "versus", json_string(e->versus), bad);
        sdm__jset(obj, "confidence", json_string(sdm_confidence_id(e->confidence)), bad);
        sdm__jset(obj, "words", sdm__described_json(p, item, e, bad), bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}
