/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file sdm.h
 * @brief The umbrella header: include this one.
 */
#ifndef SDM_SDM_H
#define SDM_SDM_H

#include "common.h"
#include "error.h"
#include "alloc.h"
#include "catalogue.h"
#include "formulary.h"
#include "profile.h"
#include "evidence.h"
#include "efficacy.h"
#include "numeric.h"
#include "risk.h"
#include "restriction.h"
#include "licence.h"
#include "product.h"
#include "ranking.h"
#include "history.h"
#include "options.h"
#include "match.h"
#include "card.h"
#include "record.h"
#include "feedback.h"
#include "batch.h"
#include "acceptability.h"

#endif /* SDM_SDM_H */
