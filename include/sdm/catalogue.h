/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file catalogue.h
 * @brief The side-effect catalogue: the items of the form, with stable ids, labels and groups.
 *
 * A catalogue is immutable once loaded and may be shared by any number of
 * threads. It is reference counted: sdm_catalogue_free() drops one reference,
 * and formularies and rankings made from a catalogue hold their own, so the
 * objects may be freed in any order.
 */
#ifndef SDM_CATALOGUE_H
#define SDM_CATALOGUE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The built-in catalogue: the 36 side effects of the Manchester form.
 *
 * The data is compiled into the library; no file is read. Ids are a public
 * contract (see `data/catalogue.json`).
 * @param[out] out receives a new catalogue; free it with sdm_catalogue_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT (out is NULL) or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_catalogue_default(sdm_catalogue **out);

/**
 * @brief Loads a catalogue from JSON text in the `sdm-catalogue` format.
 *
 * The format is described by `data/schema/catalogue.schema.json`. Nothing is
 * kept of a failed load.
 * @param json the text; it need not be NUL-terminated.
 * @param len  its length in bytes (at most #SDM_MAX_DOCUMENT).
 * @param[out] out receives the new catalogue.
 * @return #SDM_OK; #SDM_ERR_PARSE with line and column, #SDM_ERR_SCHEMA or
 *         #SDM_ERR_DUPLICATE naming the key, #SDM_ERR_LIMIT, #SDM_ERR_INVALID_ARGUMENT
 *         or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_catalogue_load_json(const char *json, size_t len, sdm_catalogue **out);

/**
 * @brief Loads a catalogue from a JSON file; errors name the file.
 * @param path the file's path.
 * @param[out] out receives the new catalogue.
 * @return as sdm_catalogue_load_json(), or #SDM_ERR_IO if the file cannot be read.
 */
SDM_API sdm_status sdm_catalogue_load_file(const char *path, sdm_catalogue **out);

/**
 * @brief Adds a reference to a catalogue.
 * @param cat a catalogue, or NULL.
 * @return `cat`.
 */
SDM_API sdm_catalogue *sdm_catalogue_ref(sdm_catalogue *cat);

/**
 * @brief Drops a reference; the catalogue is freed with the last one. NULL is ignored.
 * @param cat a catalogue, or NULL.
 */
SDM_API void sdm_catalogue_free(sdm_catalogue *cat);

/**
 * @brief Number of side effects (items) in the catalogue.
 * @param cat a catalogue.
 * @return the count, 0 if `cat` is NULL.
 */
SDM_API size_t sdm_catalogue_count(const sdm_catalogue *cat);

/**
 * @brief Finds a side effect by id.
 * @param cat a catalogue.
 * @param id the side effect's id, e.g. "weight_gain".
 * @param[out] index receives its position, 0 to sdm_catalogue_count() - 1.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (the message suggests the closest id),
 *         or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_catalogue_find(const sdm_catalogue *cat, const char *id, size_t *index);

/**
 * @brief The stable id of a side effect.
 * @param cat a catalogue.
 * @param index a position below sdm_catalogue_count().
 * @return the id, or NULL if `index` is out of range.
 */
SDM_API const char *sdm_catalogue_id(const sdm_catalogue *cat, size_t index);

/**
 * @brief The side effect in the person's own words, as the form prints it.
 * @param cat a catalogue.
 * @param index a position below sdm_catalogue_count().
 * @return the label, or NULL if `index` is out of range.
 */
SDM_API const char *sdm_catalogue_label(const sdm_catalogue *cat, size_t index);

/**
 * @brief The clinical dimension a side effect takes its default rating from.
 * @param cat a catalogue.
 * @param index a position below sdm_catalogue_count().
 * @return e.g. "sedation"; "" when the catalogue gives none; NULL if out of range.
 */
SDM_API const char *sdm_catalogue_dimension(const sdm_catalogue *cat, size_t index);

/**
 * @brief Whether the form gives this side effect as an example of a helpful one.
 * @param cat a catalogue.
 * @param index a position below sdm_catalogue_count().
 * @return 1 if so, 0 if not or out of range.
 */
SDM_API int sdm_catalogue_commonly_helpful(const sdm_catalogue *cat, size_t index);

/**
 * @brief The group a side effect belongs to, as an index into the groups.
 * @param cat a catalogue.
 * @param index a position below sdm_catalogue_count().
 * @return the group's index, or (size_t)-1 if out of range.
 */
SDM_API size_t sdm_catalogue_item_group(const sdm_catalogue *cat, size_t index);

/**
 * @brief Number of groups (sleep, weight, movement, ...), in order of first use.
 * @param cat a catalogue.
 * @return the count, 0 if `cat` is NULL.
 */
SDM_API size_t sdm_catalogue_group_count(const sdm_catalogue *cat);

/**
 * @brief The id of a group, e.g. "sleep".
 * @param cat a catalogue.
 * @param group a group index below sdm_catalogue_group_count().
 * @return the id, or NULL if out of range.
 */
SDM_API const char *sdm_catalogue_group_id(const sdm_catalogue *cat, size_t group);

/**
 * @brief The display label of a group, e.g. "Sleep".
 * @param cat a catalogue.
 * @param group a group index below sdm_catalogue_group_count().
 * @return the label, or NULL if out of range.
 */
SDM_API const char *sdm_catalogue_group_label(const sdm_catalogue *cat, size_t group);

/**
 * @brief The catalogue's own id, e.g. "manchester-36".
 * @param cat a catalogue.
 * @return the id, or NULL if `cat` is NULL.
 */
SDM_API const char *sdm_catalogue_name(const sdm_catalogue *cat);

/**
 * @brief The catalogue's title ("" when none was given).
 * @param cat a catalogue.
 * @return the title, or NULL if `cat` is NULL.
 */
SDM_API const char *sdm_catalogue_title(const sdm_catalogue *cat);

/**
 * @brief The version of the catalogue's data, e.g. "2026.11".
 * @param cat a catalogue.
 * @return the version, or NULL if `cat` is NULL.
 */
SDM_API const char *sdm_catalogue_version(const sdm_catalogue *cat);

/**
 * @brief The citation of the form the catalogue comes from ("" when none was given).
 * @param cat a catalogue.
 * @return the citation, or NULL if `cat` is NULL.
 */
SDM_API const char *sdm_catalogue_citation(const sdm_catalogue *cat);

/**
 * @brief Whether two catalogues have the same items (same ids in the same order).
 *
 * Rankings and formularies made from equal catalogues may be used together.
 * @param a a catalogue.
 * @param b another.
 * @return 1 if equal, 0 if not or if either is NULL.
 */
SDM_API int sdm_catalogue_equal(const sdm_catalogue *a, const sdm_catalogue *b);

#ifdef __cplusplus
}
#endif

#endif /* SDM_CATALOGUE_H */
