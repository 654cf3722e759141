/*
 * libsdm - benchmarks (issue 15): the `ehr` case of sdm-bench (ehr.c).
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_BENCH_EHR_H
#define SDM_BENCH_EHR_H

#include <stddef.h>
#include <stdint.h>

/* An EHR request end to end: `iterations` requests timed, `rounds` rounds of
 * sdm_match_run() alone and after a request; with `callgrind`, only
 * `iterations` requests, for callgrind to count. Installs counting allocator
 * hooks: call it before any other libsdm call. */
int sdm_bench_ehr(size_t iterations, size_t rounds, uint64_t seed, int callgrind);

#endif /* SDM_BENCH_EHR_H */
