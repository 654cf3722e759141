/*
 * libsdm - allocator hooks.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Set once before use (documented in alloc.h), so plain pointers suffice. */
static sdm_malloc_fn current_malloc = malloc;
static sdm_free_fn current_free = free;

sdm_status sdm_set_alloc_funcs(sdm_malloc_fn malloc_fn, sdm_free_fn free_fn)
{
    if ((malloc_fn == NULL) != (free_fn == NULL))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "sdm_set_alloc_funcs: give both functions or neither");
    current_malloc = malloc_fn ? malloc_fn : malloc;
    current_free = free_fn ? free_fn : free;
    return SDM_OK;
}

void sdm_get_alloc_funcs(sdm_malloc_fn *malloc_fn, sdm_free_fn *free_fn)
{
    if (malloc_fn)
        *malloc_fn = current_malloc;
    if (free_fn)
        *free_fn = current_free;
}

void *sdm__malloc(size_t size)
{
    /* malloc(0) may return NULL, which callers would read as failure. */
    return current_malloc(size ? size : 1);
}

void *sdm__calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = sdm__malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void sdm__free(void *ptr)
{
    if (ptr)
        current_free(ptr);
}

void sdm_free(void *ptr)
{
    sdm__free(ptr);
}

char *sdm__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = sdm__malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

char *sdm__strdup_or_empty(const char *s)
{
    return sdm__strdup(s ? s : "");
}

void *sdm__realloc(void *ptr, size_t old_size, size_t new_size)
{
    /* The hook has no realloc, so grow by copying. */
    void *p = sdm__malloc(new_size);
    if (!p)
        return NULL;
    if (ptr)
        memcpy(p, ptr, old_size < new_size ? old_size : new_size);
    sdm__free(ptr);
    return p;
}
