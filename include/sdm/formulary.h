/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file formulary.h
 * @brief The formulary: the medicines on offer, each with a side-effect profile, and the data's provenance.
 *
 * A formulary is immutable once loaded and may be shared by any number of
 * threads, with no lock. (It keeps the text of cards and records that depends
 * only on a medicine, written on first use and published atomically: what it
 * holds and what any call returns never change.) It holds a reference to its catalogue and is itself reference
 * counted. Its profiles (see profile.h) live as long as the formulary.
 */
#ifndef SDM_FORMULARY_H
#define SDM_FORMULARY_H

#include "common.h"
#include "evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The built-in formulary: 19 antipsychotics rated on the 36 side effects.
 *
 * Derived from published tables (see `data/README.md`); every rating names its
 * source or is unknown. For illustration and research only: a Trust must load
 * its own reviewed formulary. No file is read.
 * @param cat the catalogue the ratings refer to; it must equal the default
 *            catalogue (sdm_catalogue_equal()).
 * @param[out] out receives the new formulary; free it with sdm_formulary_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT, #SDM_ERR_NOT_FOUND (the catalogue
 *         lacks a side effect the data rates) or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_formulary_default(const sdm_catalogue *cat, sdm_formulary **out);

/**
 * @brief Loads a formulary from JSON text in the `sdm-formulary` format.
 *
 * The format is described by `data/schema/formulary.schema.json`. A side effect
 * the catalogue does not list is refused with #SDM_ERR_NOT_FOUND; side effects
 * the document does not rate are unknown (never none). Nothing is kept of a
 * failed load.
 * @param cat the catalogue the ratings refer to.
 * @param json the text; it need not be NUL-terminated.
 * @param len its length in bytes (at most #SDM_MAX_DOCUMENT).
 * @param[out] out receives the new formulary.
 * @return #SDM_OK, #SDM_ERR_PARSE, #SDM_ERR_SCHEMA, #SDM_ERR_NOT_FOUND,
 *         #SDM_ERR_DUPLICATE, #SDM_ERR_LIMIT, #SDM_ERR_INVALID_ARGUMENT or
 *         #SDM_ERR_NO_MEMORY; the message names the key (and line and column
 *         for #SDM_ERR_PARSE).
 */
SDM_API sdm_status sdm_formulary_load_json(const sdm_catalogue *cat, const char *json, size_t len,
                                           sdm_formulary **out);

/**
 * @brief Loads a formulary from a JSON file; errors name the file.
 * @param cat the catalogue the ratings refer to.
 * @param path the file's path.
 * @param[out] out receives the new formulary.
 * @return as sdm_formulary_load_json(), or #SDM_ERR_IO.
 */
SDM_API sdm_status sdm_formulary_load_file(const sdm_catalogue *cat, const char *path,
                                           sdm_formulary **out);

/**
 * @brief Adds a reference to a formulary.
 * @param f a formulary, or NULL.
 * @return `f`.
 */
SDM_API sdm_formulary *sdm_formulary_ref(sdm_formulary *f);

/**
 * @brief Drops a reference; the formulary is freed with the last one. NULL is ignored.
 * @param f a formulary, or NULL.
 */
SDM_API void sdm_formulary_free(sdm_formulary *f);

/**
 * @brief Number of medicines in the formulary.
 * @param f a formulary.
 * @return the count, 0 if `f` is NULL.
 */
SDM_API size_t sdm_formulary_count(const sdm_formulary *f);

/**
 * @brief A medicine by position, in the order of the document.
 * @param f a formulary.
 * @param index a position below sdm_formulary_count().
 * @return the profile (owned by `f`), or NULL if out of range.
 */
SDM_API const sdm_profile *sdm_formulary_profile(const sdm_formulary *f, size_t index);

/**
 * @brief A medicine by id.
 * @param f a formulary.
 * @param id the medicine's id, e.g. "aripiprazole".
 * @return the profile (owned by `f`), or NULL if there is none; then
 *         sdm_last_error() names the closest id.
 */
SDM_API const sdm_profile *sdm_formulary_find(const sdm_formulary *f, const char *id);

/**
 * @brief The catalogue the formulary's ratings refer to.
 * @param f a formulary.
 * @return the catalogue (borrowed: call sdm_catalogue_ref() to keep it), or NULL.
 */
SDM_API const sdm_catalogue *sdm_formulary_catalogue(const sdm_formulary *f);

/**
 * @brief The version of the formulary's data, e.g. "2026.12"; every result repeats it.
 * @param f a formulary.
 * @return the version, or NULL if `f` is NULL.
 */
SDM_API const char *sdm_formulary_version(const sdm_formulary *f);

/**
 * @brief The formulary's own id ("" when none was given).
 * @param f a formulary.
 * @return the id, or NULL if `f` is NULL.
 */
SDM_API const char *sdm_formulary_name(const sdm_formulary *f);

/**
 * @brief The formulary's title ("" when none was given).
 * @param f a formulary.
 * @return the title, or NULL if `f` is NULL.
 */
SDM_API const char *sdm_formulary_title(const sdm_formulary *f);

/**
 * @brief The notice that goes with the data, e.g. that it is for illustration only ("" when none).
 * @param f a formulary.
 * @return the notice, or NULL if `f` is NULL.
 */
SDM_API const char *sdm_formulary_notice(const sdm_formulary *f);

/**
 * @brief Number of sources the formulary cites.
 * @param f a formulary.
 * @return the count, 0 if `f` is NULL.
 */
SDM_API size_t sdm_formulary_source_count(const sdm_formulary *f);

/**
 * @brief The key of a source, e.g. "maudsley", as ratings name it.
 * @param f a formulary.
 * @param index a position below sdm_formulary_source_count().
 * @return the key, or NULL if out of range.
 */
SDM_API const char *sdm_formulary_source_key(const sdm_formulary *f, size_t index);

/**
 * @brief The full citation of a source.
 * @param f a formulary.
 * @param index a position below sdm_formulary_source_count().
 * @return the citation, or NULL if out of range.
 */
SDM_API const char *sdm_formulary_source_citation(const sdm_formulary *f, size_t index);

/**
 * @brief The address of a source ("" when none was given).
 * @param f a formulary.
 * @param index a position below sdm_formulary_source_count().
 * @return the URL, or NULL if out of range.
 */
SDM_API const char *sdm_formulary_source_url(const sdm_formulary *f, size_t index);

/**
 * @brief A short name of a source for people, e.g. "Maudsley" (the key when the formulary gives none).
 * @param f a formulary.
 * @param index a position below sdm_formulary_source_count().
 * @return the name, or NULL if out of range.
 */
SDM_API const char *sdm_formulary_source_label(const sdm_formulary *f, size_t index);

/**
 * @brief A note on a source, e.g. its known caveats ("" when none was given).
 * @param f a formulary.
 * @param index a position below sdm_formulary_source_count().
 * @return the note, or NULL if out of range.
 */
SDM_API const char *sdm_formulary_source_note(const sdm_formulary *f, size_t index);

/**
 * @brief The edition, release, date or commit of a source as used ("" when none was given).
 * @param f a formulary.
 * @param index a position below sdm_formulary_source_count().
 * @return the edition, or NULL if out of range.
 */
SDM_API const char *sdm_formulary_source_edition(const sdm_formulary *f, size_t index);

/**
 * @brief How far a source can be relied on, as the formulary states it.
 * @param f a formulary.
 * @param index a position below sdm_formulary_source_count().
 * @return the reliability; #SDM_RELIABILITY_UNSTATED for a format-1 formulary or an index out of range.
 */
SDM_API sdm_reliability sdm_formulary_source_reliability(const sdm_formulary *f, size_t index);

/**
 * @brief Whether a source decides: where it reads a cell, its reading is the
 *        rating under every synthesis rule (the paper's own card; a Trust's reviewed rating).
 * @param f a formulary.
 * @param index a position below sdm_formulary_source_count().
 * @return 1 or 0 (0 if out of range).
 */
SDM_API int sdm_formulary_source_decides(const sdm_formulary *f, size_t index);

/**
 * @brief The version of the `sdm-formulary` format the formulary was loaded from (1 or 2).
 * @param f a formulary.
 * @return the version, or 0 if `f` is NULL.
 */
SDM_API int sdm_formulary_format_version(const sdm_formulary *f);

/**
 * @brief Writes the formulary as JSON in the `sdm-formulary` format, version 2
 *        (a format-1 formulary's cells become one reading each).
 *
 * Loading the text again with the same catalogue gives an equal formulary.
 * @param f a formulary.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_formulary_to_json(const sdm_formulary *f, char **out);

#ifdef __cplusplus
}
#endif

#endif /* SDM_FORMULARY_H */
