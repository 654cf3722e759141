/*
 * libsdm - readings, numeric evidence and synthesis, shared by the loader,
 * the card and the explanations. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_EVIDENCE_H
#define SDM_LIB_EVIDENCE_H

#include "formulary-private.h"
#include "ids.h"
#include "strbuf.h"

/* Makes the cell's rating under every rule, its spread and the reading that
 * gives the default rating, from its readings (format2: "Synthesis rules"). */
SDM_HIDDEN void sdm__cell_synthesise(sdm_profile *p, size_t item);
/* Frees what a cell owns. */
SDM_HIDDEN void sdm__cell_destroy(sdm_cell *c);

/* "none to ++: Maudsley none, UpToDate +, S3 ++" (see sdm_profile_describe_readings()). */
SDM_HIDDEN void sdm__describe_readings(sdm_strbuf *sb, const sdm_profile *p, size_t item);
/* "in trials (Huhn 2019), weight: on average 2.8 kg more than with placebo; high confidence". */
SDM_HIDDEN void sdm__describe_evidence(sdm_strbuf *sb, const sdm_evidence *e);

/* The id tables of the evidence enums, for the loader's messages. */
SDM_HIDDEN const sdm_id_table *sdm__reliability_table(void);
SDM_HIDDEN const sdm_id_table *sdm__measure_table(void);
SDM_HIDDEN const sdm_id_table *sdm__confidence_table(void);

#endif /* SDM_LIB_EVIDENCE_H */
