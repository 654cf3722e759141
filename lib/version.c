/*
 * libsdm - the library's version.
 * SPDX-License-Identifier: MIT
 */
#include "internal.h"

const char *sdm_version(void)
{
    return SDM_VERSION_STRING;
}
