/*
 * libsdm - a cell's readings and numeric evidence as JSON, as the card and
 * the result of a match show them.
 * SPDX-License-Identifier: MIT
 */
#include "evidence-private.h"
#include "json-values.h"

void sdm__described_jw(sdm_jsonw *w, const sdm_profile *p, size_t item, const sdm_evidence *e)
{
    sdm_strbuf *sb = sdm__jw_text_begin(w);
    if (e)
        sdm__describe_evidence(sb, e);
    else
        sdm__describe_readings(sb, p, item);
    sdm__jw_text_end(w);
}

void sdm__readings_jw(sdm_jsonw *w, const sdm_profile *p, size_t item)
{
    const sdm_cell *c = &p->cells[item];
    sdm__jw_array(w);
    for (size_t i = 0; i < c->reading_count; i++) {
        const sdm_reading *rd = &c->readings[i];
        sdm__jw_object(w);
        sdm__jw_kstring(w, "source", rd->source->key);
        sdm__jw_kstring(w, "source_label", rd->source->label);
        sdm__jw_kstring(w, "printed", rd->printed);
        sdm__jw_kint(w, "value", rd->value);
        if (rd->low != rd->value)
            sdm__jw_kint(w, "low", rd->low);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

void sdm__evidence_jw(sdm_jsonw *w, const sdm_profile *p, size_t item)
{
    const sdm_cell *c = &p->cells[item];
    sdm__jw_array(w);
    for (size_t i = 0; i < c->evidence_count; i++) {
        const sdm_evidence *e = &c->evidence[i];
        sdm__jw_object(w);
        sdm__jw_kstring(w, "source", e->source->key);
        sdm__jw_kstring(w, "outcome", e->outcome);
        sdm__jw_kstring(w, "kind", sdm_measure_id(e->measure));
        sdm__jw_kreal(w, "value", e->value);
        if (*e->unit)
            sdm__jw_kstring(w, "unit", e->unit);
        sdm__jw_kstring(w, "versus", e->versus);
        sdm__jw_kstring(w, "confidence", sdm_confidence_id(e->confidence));
        sdm__jw_key(w, "words");
        sdm__described_jw(w, p, item, e);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}
