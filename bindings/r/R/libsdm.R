# libsdm - R binding: the hand-written layer over the SWIG-generated one.
# SPDX-License-Identifier: MIT
#
# The generated functions (R/swig_libsdm.R, made at build time from
# bindings/sdm.i) are named like the C functions and return external pointers
# whose C finalizers free the objects (see bindings/r/sdm_r.i). Nothing here
# frees anything by hand; R's garbage collector does. A failing C call ends
# in .sdm_stop() (called from C), so errors carry the library's own message.
#
# There is deliberately no .onUnload() unloading the DLL: the finalizers are
# in it, and objects may be collected after the namespace is unloaded.

# ---- errors ----------------------------------------------------------------

.sdm_exported <- c("sdm_catalogue", "sdm_formulary", "sdm_match", "sdm_card",
                   "sdm_match_many", "sdm_readings", "sdm_evidence", "sdm_risks",
                   "sdm_restrictions", "sdm_licences", "sdm_products", "sdm_record",
                   "sdm_record_rerun", "sdm_record_json", "sdm_record_compare", "sdm_feedback", "summary")
# R/acceptability.R's
.sdm_exported <- c(.sdm_exported, "sdm_acceptability", "sdm_acceptability_many", "sdm_match_card")

# The innermost call of an exported function, to show in the error.
.sdm_caller <- function() {
  calls <- sys.calls()
  for (cl in rev(calls)) {
    f <- cl[[1L]]
    if (is.call(f) && length(f) == 3L && as.character(f[[1L]]) %in% c("::", ":::"))
      f <- f[[3L]]
    if (is.name(f) && as.character(f) %in% .sdm_exported)
      return(cl)
  }
  NULL
}

# Signals an error of class "libsdm_error" (and "libsdm_error_<status>", the
# library's id of the status: sdm_status_id()), with the library's status. The
# C glue calls it with sdm_last_error().
.sdm_stop <- function(status, message) {
  status <- as.integer(status)
  name <- if (!is.na(status) && status < 0L) sdm_status_id(status)
  if (is.null(name))
    name <- "unknown"
  cond <- structure(
    class = c(paste0("libsdm_error_", name), "libsdm_error", "error", "condition"),
    list(message = message, call = .sdm_caller(), status = status))
  stop(cond)
}

.sdm_invalid <- function(fmt, ...) .sdm_stop(-1L, sprintf(fmt, ...))

# ---- argument checks -------------------------------------------------------

# A vector of ids: NULL is empty; no NA, no empty string.
.sdm_ids <- function(x, what) {
  if (is.null(x))
    return(character())
  if (is.factor(x))
    x <- as.character(x)
  if (!is.character(x))
    .sdm_invalid("'%s' must be a character vector of ids, not %s", what, class(x)[[1L]])
  bad <- which(is.na(x) | !nzchar(x))
  if (length(bad))
    .sdm_invalid("'%s'[%d] is %s", what, bad[[1L]], if (is.na(x[[bad[[1L]]]])) "NA" else "empty")
  enc2utf8(unname(x))
}

# One string.
.sdm_string <- function(x, what) {
  if (!is.character(x) || length(x) != 1L || is.na(x))
    .sdm_invalid("'%s' must be one string", what)
  x
}

.sdm_path <- function(x, what) {
  x <- .sdm_string(x, what)
  enc2native(path.expand(x))
}

# ---- objects ---------------------------------------------------------------

# The built-in catalogue and formulary are immutable: loaded once per session.
.sdm_cache <- new.env(parent = emptyenv())

# `what` names the argument in messages.
.sdm_catalogue_object <- function(catalogue = NULL, what = "catalogue") {
  if (is.null(catalogue)) {
    if (is.null(.sdm_cache$catalogue))
      .sdm_cache$catalogue <- sdm_catalogue_default()
    return(.sdm_cache$catalogue)
  }
  sdm_catalogue_load_file(.sdm_path(catalogue, what))
}

.sdm_formulary_object <- function(formulary = NULL, catalogue = NULL, what = "formulary") {
  if (is.null(formulary) && is.null(catalogue)) {
    if (is.null(.sdm_cache$formulary))
      .sdm_cache$formulary <- sdm_formulary_default(.sdm_catalogue_object())
    return(.sdm_cache$formulary)
  }
  cat <- .sdm_catalogue_object(catalogue)
  if (is.null(formulary))
    return(sdm_formulary_default(cat))
  sdm_formulary_load_file(cat, .sdm_path(formulary, what))
}

.sdm_or <- function(x) {
  if (length(x) < 2L) return(x)
  paste(paste(x[-length(x)], collapse = ", "), "or", x[[length(x)]])
}

# A ranking: `avoid` in rank order (rank 1 first), `helpful` ticked.
# `max_rank` NULL keeps the library's default (the form's 5).
.sdm_ranking <- function(cat, avoid, helpful, completed_by = NULL, max_rank = NULL, carer_involved = FALSE,
                         history = NULL) {
  avoid <- .sdm_ids(avoid, "avoid")
  helpful <- .sdm_ids(helpful, "helpful")
  r <- sdm_ranking_new(cat)
  if (!is.null(max_rank)) {
    if (!is.numeric(max_rank) || length(max_rank) != 1L || is.na(max_rank) ||
        max_rank != round(max_rank))
      .sdm_invalid("'max_rank' must be one whole number")
    sdm_ranking_set_max_rank(r, as.integer(max_rank))
  }
  for (i in seq_along(avoid))
    sdm_ranking_avoid(r, avoid[[i]], i)
  for (h in helpful)
    sdm_ranking_helpful(r, h)
  # The library knows who may complete the form, and suggests the closest id.
  if (!is.null(completed_by))
    sdm_ranking_set_completed_by(r, sdm_completed_by_from_id(.sdm_string(completed_by, "completed_by")))
  sdm_ranking_set_carer_involved(r, as.integer(.sdm_flag(carer_involved, "carer_involved")))
  for (h in .sdm_history(history)) {
    sdm_ranking_add_history(r, h$medicine, sdm_outcome_from_id(h$outcome), h$why)
    for (effect in h$had)
      sdm_ranking_history_had(r, h$medicine, effect)
  }
  r
}

# TRUE or FALSE.
.sdm_flag <- function(x, what) {
  if (!is.logical(x) || length(x) != 1L || is.na(x))
    .sdm_invalid("'%s' must be TRUE or FALSE", what)
  x
}

# The person's history as a list of entries list(medicine, outcome, why, had),
# from a data frame (columns medicine, and optional outcome, why and had: a
# character column of side-effect ids separated by commas, or a list column)
# or a list of lists with those names. The library checks the ids.
.sdm_history <- function(history) {
  if (is.null(history))
    return(list())
  if (is.data.frame(history))
    history <- lapply(seq_len(nrow(history)), function(i) lapply(history, function(column) column[[i]]))
  if (!is.list(history))
    .sdm_invalid("'history' must be a data frame or a list of lists (medicine, outcome, why, had)")
  lapply(seq_along(history), function(i) {
    h <- history[[i]]
    what <- sprintf("history[[%d]]", i)
    unknown <- setdiff(names(h), c("medicine", "outcome", "why", "had"))
    if (!is.list(h) || is.null(h$medicine) || length(unknown))
      .sdm_invalid("'%s' must be a list of medicine (an id), outcome, why and had%s", what,
                   if (length(unknown)) sprintf(", not '%s'", unknown[[1L]]) else "")
    outcome <- if (is.null(h$outcome) || (length(h$outcome) == 1L && is.na(h$outcome))) "unspecified"
               else .sdm_string(as.character(h$outcome), paste0(what, "$outcome"))
    why <- if (is.null(h$why) || (length(h$why) == 1L && is.na(h$why)) || identical(h$why, "")) NULL
           else enc2utf8(.sdm_string(h$why, paste0(what, "$why")))
    had <- h$had
    if (length(had) == 1L && (is.na(had) || !nzchar(had)))
      had <- NULL
    else if (length(had) == 1L && is.character(had))
      had <- trimws(strsplit(had, ",", fixed = TRUE)[[1L]])
    list(medicine = .sdm_string(as.character(h$medicine), paste0(what, "$medicine")), outcome = outcome,
         why = why, had = .sdm_ids(had, paste0(what, "$had")))
  })
}

# ---- JSON out ----------------------------------------------------------------

# A string as JSON (UTF-8; the control characters escaped, so that the
# library, not the writer, judges the text).
.sdm_json_string <- function(x) {
  x <- enc2utf8(x)
  x <- gsub("\\", "\\\\", x, fixed = TRUE)
  x <- gsub("\"", "\\\"", x, fixed = TRUE)
  codes <- utf8ToInt(x)
  if (any(codes < 32L)) {
    chars <- vapply(codes, function(c) if (c < 32L) sprintf("\\u%04x", c) else intToUtf8(c), character(1L))
    x <- paste(chars, collapse = "")
  }
  paste0("\"", x, "\"")
}

# Numbers as JSON, to the last bit ("%.17g"); JSON has no Inf or NaN.
.sdm_json_numbers <- function(x, what) {
  bad <- which(!is.finite(x))
  if (length(bad))
    .sdm_invalid("'%s'[%d] is %s: JSON, and so the library, takes only finite numbers", what, bad[[1L]],
                 format(x[[bad[[1L]]]]))
  sprintf("%.17g", x)
}

.sdm_json_array <- function(items) paste0("[", paste(items, collapse = ", "), "]")

# Match options from the arguments of sdm_match() and sdm_match_many(), read by
# the library from an sdm-options document: its vocabularies, suggestions and
# checks apply (an unknown scheme, policy, synthesis rule, formulation or
# country; weights that contradict the scheme). Only what R's types decide is
# checked here. An option left NULL is not in the document (the library's
# default).
.sdm_options <- function(scheme = NULL, unknown = NULL, synthesis = NULL, exclude = NULL,
                         require_formulation = NULL, require_licence = NULL,
                         weights = NULL, severity = NULL, helpful_weight = NULL,
                         contexts = NULL, detained = FALSE, limits = NULL, revisit = NULL,
                         evidence = NULL, tradeoff = NULL) {
  keys <- c('"format": "sdm-options"', '"format_version": 1')
  for (key in c("scheme", "unknown", "synthesis", "evidence")) {
    value <- get(key)
    if (!is.null(value))
      keys <- c(keys, sprintf('"%s": %s', key, .sdm_json_string(.sdm_string(value, key))))
  }
  if (!is.null(weights)) {
    if (!is.numeric(weights) || !length(weights))
      .sdm_invalid("'weights' must be a numeric vector, one weight per rank")
    keys <- c(keys, paste0('"weights": ', .sdm_json_array(.sdm_json_numbers(weights, "weights"))))
  }
  if (!is.null(severity)) {
    if (!is.numeric(severity))
      .sdm_invalid("'severity' must be four numbers: the values of none, +, ++ and +++")
    keys <- c(keys, paste0('"severity_scale": ', .sdm_json_array(.sdm_json_numbers(severity, "severity"))))
  }
  if (!is.null(helpful_weight)) {
    if (!identical(helpful_weight, "auto") &&
        (!is.numeric(helpful_weight) || length(helpful_weight) != 1L || is.na(helpful_weight)))
      .sdm_invalid("'helpful_weight' must be one number or \"auto\"")
    keys <- c(keys, paste0('"helpful_weight": ', if (is.character(helpful_weight)) '"auto"'
                           else .sdm_json_numbers(helpful_weight, "helpful_weight")))
  }
  if (!is.null(exclude)) {
    # c(olanzapine = "weight gain last time"): the name is the id, the value
    # the reason; an unnamed element is an id (the library's default reason).
    values <- .sdm_ids(exclude, "exclude")
    ids <- names(exclude)
    if (is.null(ids))
      ids <- character(length(values))
    keys <- c(keys, paste0('"exclude": ', .sdm_json_array(ifelse(
      !is.na(ids) & nzchar(ids),
      sprintf('{"id": %s, "reason": %s}', vapply(ids, .sdm_json_string, ""),
              vapply(values, .sdm_json_string, "")),
      vapply(values, .sdm_json_string, "")))))
  }
  for (key in c("require_formulation", "require_licence")) {
    values <- .sdm_ids(get(key), key)
    if (length(values))
      keys <- c(keys, sprintf('"%ss": %s', key, .sdm_json_array(vapply(values, .sdm_json_string, ""))))
  }
  contexts <- .sdm_ids(contexts, "contexts")
  if (length(contexts))
    keys <- c(keys, paste0('"contexts": ', .sdm_json_array(vapply(contexts, .sdm_json_string, ""))))
  if (.sdm_flag(detained, "detained"))
    keys <- c(keys, '"detained": true')
  for (key in c("limits", "revisit")) {
    value <- get(key)
    if (!is.null(value))
      keys <- c(keys, sprintf('"%s": %s', key, .sdm_json_string(.sdm_string(value, key))))
  }
  if (!is.null(tradeoff)) {
    if (!is.numeric(tradeoff) || length(tradeoff) != 1L || is.na(tradeoff))
      .sdm_invalid("'tradeoff' must be one number (0 by default: side effects alone)")
    keys <- c(keys, paste0('"tradeoff": ', .sdm_json_numbers(tradeoff, "tradeoff")))
  }
  json <- paste0("{", paste(keys, collapse = ", "), "}")
  # The library's message names the key as the document does, e.g.
  # "require_formulations[0]: unknown formulation 'tablets' (did you mean
  # 'tablet'?)"; the "<json>: " of a document the caller never wrote goes, and
  # an element is counted from 1, as R counts ("exclude[2]: ...").
  tryCatch(sdm_match_options_from_json(json), libsdm_error = function(e) {
    message <- sub("^<json>(:[0-9]+:[0-9]+)?: ", "", conditionMessage(e))
    element <- regmatches(message, regexec("^([a-z_]+)\\[([0-9]+)\\]", message))[[1L]]
    if (length(element))
      message <- paste0(element[[2L]], "[", as.integer(element[[3L]]) + 1L, "]",
                        substring(message, nchar(element[[1L]]) + 1L))
    .sdm_stop(e$status, message)
  })
}

# ---- tables ----------------------------------------------------------------

.sdm_chr <- function(n, f) vapply(seq_len(n) - 1L, f, character(1L))
.sdm_int <- function(n, f) vapply(seq_len(n) - 1L, f, integer(1L))
.sdm_dbl <- function(n, f) vapply(seq_len(n) - 1L, f, double(1L))

.sdm_rating <- function(x) {
  x[x < 0L] <- NA_integer_
  x
}

.sdm_profile_frame <- function(profiles) {
  data.frame(
    id = vapply(profiles, sdm_profile_id, character(1L)),
    name = vapply(profiles, sdm_profile_name, character(1L)),
    stringsAsFactors = FALSE)
}

# Side-effect ids become column names: they must not take a fixed one.
.sdm_check_columns <- function(ids, fixed, table) {
  clash <- intersect(ids, fixed)
  if (length(clash))
    .sdm_invalid("the side effect id '%s' is also the name of a column of the %s table",
                 clash[[1L]], table)
}

.sdm_tags <- function(p, count, get) {
  paste(.sdm_chr(count(p), function(i) get(p, i)), collapse = ", ")
}

# ---- exported --------------------------------------------------------------

sdm_catalogue <- function(file = NULL) {
  cat <- .sdm_catalogue_object(file, "file")
  n <- sdm_catalogue_count(cat)
  groups <- sdm_catalogue_group_count(cat)
  group_ids <- .sdm_chr(groups, function(g) sdm_catalogue_group_id(cat, g))
  group_labels <- .sdm_chr(groups, function(g) sdm_catalogue_group_label(cat, g))
  group <- .sdm_int(n, function(i) sdm_catalogue_item_group(cat, i)) + 1L
  out <- data.frame(
    index = seq_len(n),
    id = .sdm_chr(n, function(i) sdm_catalogue_id(cat, i)),
    label = .sdm_chr(n, function(i) sdm_catalogue_label(cat, i)),
    group = group_ids[group],
    group_label = group_labels[group],
    dimension = .sdm_chr(n, function(i) sdm_catalogue_dimension(cat, i)),
    commonly_helpful = .sdm_int(n, function(i) sdm_catalogue_commonly_helpful(cat, i)) == 1L,
    stringsAsFactors = FALSE)
  attr(out, "catalogue") <- sdm_catalogue_name(cat)
  attr(out, "title") <- sdm_catalogue_title(cat)
  attr(out, "data_version") <- sdm_catalogue_version(cat)
  attr(out, "citation") <- sdm_catalogue_citation(cat)
  out
}

sdm_formulary <- function(file = NULL, catalogue = NULL, synthesis = "consensus") {
  f <- .sdm_formulary_object(file, catalogue, "file")
  rule <- sdm_synthesis_from_id(.sdm_string(synthesis, "synthesis"))
  cat <- sdm_formulary_catalogue(f)
  items <- sdm_catalogue_count(cat)
  effect_ids <- .sdm_chr(items, function(i) sdm_catalogue_id(cat, i))
  .sdm_check_columns(effect_ids, c("id", "name", "atc", "formulations", "licences"), "formulary")
  profiles <- .sdm_profiles(f)
  out <- .sdm_profile_frame(profiles)
  out$atc <- vapply(profiles, sdm_profile_atc, character(1L))
  sources <- spread <- matrix(NA, length(profiles), items, dimnames = list(out$id, effect_ids))
  storage.mode(sources) <- "character"
  storage.mode(spread) <- "integer"
  for (j in seq_len(items)) {
    out[[effect_ids[[j]]]] <- .sdm_rating(
      vapply(profiles, function(p) sdm_profile_rating_by(p, j - 1L, rule), integer(1L)))
    sources[, j] <- vapply(profiles, function(p) {
      s <- sdm_profile_rating_source(p, j - 1L)
      if (is.null(s)) NA_character_ else s
    }, character(1L))
    spread[, j] <- .sdm_rating(vapply(profiles, function(p) sdm_profile_spread(p, j - 1L), integer(1L)))
  }
  out$formulations <- vapply(profiles, .sdm_tags, character(1L),
                             sdm_profile_formulation_count, sdm_profile_formulation)
  out$licences <- vapply(profiles, .sdm_tags, character(1L),
                         sdm_profile_licence_count, sdm_profile_licence)
  attr(out, "title") <- sdm_formulary_title(f)
  attr(out, "synthesis") <- sdm_synthesis_id(rule)
  attr(out, "rating_source") <- sources
  attr(out, "spread") <- spread
  .sdm_provenance(out, f)
}

# The profiles of a formulary, in its order.
.sdm_profiles <- function(f) lapply(seq_len(sdm_formulary_count(f)) - 1L, function(i) sdm_formulary_profile(f, i))

# A data frame of `columns` (a named list of column types) from a list of rows
# (each a list of values in that order); empty with the right types.
.sdm_rows_frame <- function(rows, columns) {
  out <- lapply(seq_along(columns), function(j) {
    values <- lapply(rows, `[[`, j)
    values <- lapply(values, function(v) if (is.null(v)) NA else v)
    as(unlist(values, use.names = FALSE) %||% vector(columns[[j]]), columns[[j]])
  })
  names(out) <- names(columns)
  as.data.frame(out, stringsAsFactors = FALSE, optional = TRUE)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

.sdm_reliability <- function(r) sdm_reliability_id(r)

sdm_readings <- function(formulary = NULL, catalogue = NULL, synthesis = "consensus") {
  f <- .sdm_formulary_object(formulary, catalogue)
  rule <- sdm_synthesis_from_id(.sdm_string(synthesis, "synthesis"))
  cat <- sdm_formulary_catalogue(f)
  items <- seq_len(sdm_catalogue_count(cat)) - 1L
  effect_ids <- vapply(items, function(i) sdm_catalogue_id(cat, i), character(1L))
  labels <- vapply(items, function(i) sdm_catalogue_label(cat, i), character(1L))
  rows <- list()
  for (p in .sdm_profiles(f)) {
    id <- sdm_profile_id(p)
    name <- sdm_profile_name(p)
    for (e in items) {
      rating <- .sdm_rating(sdm_profile_rating_by(p, e, rule))
      spread <- .sdm_rating(sdm_profile_spread(p, e))
      head <- list(id, name, effect_ids[[e + 1L]], labels[[e + 1L]], rating, spread)
      count <- sdm_profile_reading_count(p, e)
      if (count == 0L)   # unknown: one row, never dropped
        rows[[length(rows) + 1L]] <- c(head, list(NA, NA, NA, NA, NA))
      for (i in seq_len(count) - 1L) {
        r <- sdm_profile_reading(p, e, i)
        rows[[length(rows) + 1L]] <- c(head, list(sdm_reading_source(r), sdm_reading_printed(r),
                                                  sdm_reading_value(r), sdm_reading_low(r), sdm_reading_note(r)))
      }
    }
  }
  out <- .sdm_rows_frame(rows, list(medication = "character", name = "character", effect = "character",
                                    label = "character", rating = "integer", spread = "integer",
                                    source = "character", printed = "character", value = "integer",
                                    low = "integer", note = "character"))
  attr(out, "synthesis") <- sdm_synthesis_id(rule)
  .sdm_provenance(out, f)
}

sdm_evidence <- function(formulary = NULL, catalogue = NULL) {
  f <- .sdm_formulary_object(formulary, catalogue)
  cat <- sdm_formulary_catalogue(f)
  rows <- list()
  for (p in .sdm_profiles(f))
    for (e in seq_len(sdm_catalogue_count(cat)) - 1L)
      for (i in seq_len(sdm_profile_evidence_count(p, e)) - 1L) {
        x <- sdm_profile_evidence(p, e, i)
        rows[[length(rows) + 1L]] <- list(
          sdm_profile_id(p), sdm_profile_name(p), sdm_catalogue_id(cat, e), sdm_catalogue_label(cat, e),
          sdm_evidence_source(x), sdm_evidence_outcome(x), sdm_measure_id(sdm_evidence_measure(x)),
          sdm_evidence_value(x), sdm_evidence_unit(x), sdm_evidence_versus(x),
          sdm_confidence_id(sdm_evidence_confidence(x)), sdm_evidence_note(x), sdm_evidence_describe(x))
      }
  out <- .sdm_rows_frame(rows, list(medication = "character", name = "character", effect = "character",
                                    label = "character", source = "character", outcome = "character",
                                    kind = "character", value = "numeric", unit = "character",
                                    versus = "character", confidence = "character", note = "character",
                                    words = "character"))
  .sdm_provenance(out, f)
}

# One row per entry of each medicine: count(p) entries, get(p, i) one, fields(x) its values.
.sdm_entries <- function(f, count, get, fields, columns) {
  rows <- list()
  for (p in .sdm_profiles(f))
    for (i in seq_len(count(p)) - 1L)
      rows[[length(rows) + 1L]] <- c(list(sdm_profile_id(p), sdm_profile_name(p)), fields(get(p, i)))
  .sdm_provenance(.sdm_rows_frame(rows, c(list(medication = "character", name = "character"), columns)), f)
}

sdm_risks <- function(formulary = NULL, catalogue = NULL) {
  f <- .sdm_formulary_object(formulary, catalogue)
  fields <- function(r) list(sdm_risk_id(r), sdm_risk_name(r), sdm_risk_words(r), sdm_risk_frequency(r),
                             sdm_risk_formulation(r), sdm_risk_source(r),
                             .sdm_reliability(sdm_risk_reliability(r)), sdm_risk_document(r),
                             sdm_risk_is_class(r) == 1L)
  .sdm_entries(f, sdm_profile_risk_count, sdm_profile_risk, fields,
               list(risk = "character", risk_name = "character", words = "character", frequency = "character",
                    formulation = "character", source = "character", reliability = "character",
                    document = "character", is_class = "logical"))
}

sdm_restrictions <- function(formulary = NULL, catalogue = NULL) {
  f <- .sdm_formulary_object(formulary, catalogue)
  fields <- function(r) {
    context <- sdm_restriction_context(r)
    list(context, sdm_context_id_words(context) %||% "", sdm_restriction_requirement(r),
         sdm_restriction_country(r), sdm_restriction_formulation(r), sdm_restriction_source(r),
         .sdm_reliability(sdm_restriction_reliability(r)), sdm_restriction_document(r))
  }
  .sdm_entries(f, sdm_profile_restriction_count, sdm_profile_restriction, fields,
               list(context = "character", context_words = "character", requirement = "character",
                    country = "character", formulation = "character", source = "character",
                    reliability = "character", document = "character"))
}

sdm_licences <- function(formulary = NULL, catalogue = NULL) {
  f <- .sdm_formulary_object(formulary, catalogue)
  fields <- function(l) list(sdm_licence_country(l), sdm_licence_status_id(sdm_licence_get_status(l)),
                             sdm_licence_date(l), sdm_licence_note(l), sdm_licence_source(l),
                             .sdm_reliability(sdm_licence_reliability(l)), sdm_licence_document(l))
  .sdm_entries(f, sdm_profile_licence_detail_count, sdm_profile_licence_detail, fields,
               list(country = "character", status = "character", date = "character", note = "character",
                    source = "character", reliability = "character", document = "character"))
}

sdm_products <- function(formulary = NULL, catalogue = NULL) {
  f <- .sdm_formulary_object(formulary, catalogue)
  fields <- function(x) list(sdm_product_formulation(x), sdm_product_name(x), sdm_product_interval(x),
                             sdm_product_country(x), sdm_product_note(x), sdm_product_source(x),
                             .sdm_reliability(sdm_product_reliability(x)), sdm_product_document(x))
  .sdm_entries(f, sdm_profile_product_count, sdm_profile_product, fields,
               list(formulation = "character", product = "character", interval = "character",
                    country = "character", note = "character", source = "character",
                    reliability = "character", document = "character"))
}

sdm_match <- function(avoid = character(), helpful = character(), scheme = "roc",
                      unknown = "middle", formulary = NULL, exclude = NULL,
                      require_formulation = NULL, require_licence = NULL,
                      completed_by = NULL, weights = NULL, severity = NULL,
                      helpful_weight = "auto", max_rank = NULL, catalogue = NULL,
                      synthesis = "consensus", contexts = NULL, detained = FALSE, limits = NULL,
                      revisit = NULL, carer_involved = FALSE, history = NULL,
                      evidence = "ordinal", tradeoff = 0, acceptability = NULL) {
  f <- .sdm_formulary_object(formulary, catalogue)
  cat <- sdm_formulary_catalogue(f)
  r <- .sdm_ranking(cat, avoid, helpful, completed_by, max_rank, carer_involved, history)
  # The default scheme is not written beside custom weights (the library would
  # see a contradiction); a scheme given with them is, and the library judges it.
  o <- .sdm_options(if (missing(scheme) && !is.null(weights)) NULL else scheme, unknown, synthesis, exclude,
                    require_formulation, require_licence, weights, severity, helpful_weight,
                    contexts, detained, limits, revisit, evidence, if (identical(tradeoff, 0)) NULL else tradeoff)
  o <- .sdm_match_acc_options(o, acceptability)
  .sdm_match_frame(sdm_match_run(f, r, o), f)
}

# A match as the classed data frame sdm_match() returns.
.sdm_match_frame <- function(m, f) {
  cat <- sdm_formulary_catalogue(f)
  r <- sdm_match_ranking(m)
  n <- sdm_match_count(m)
  profiles <- lapply(seq_len(n) - 1L, function(i) sdm_match_profile(m, i))
  out <- .sdm_profile_frame(profiles)
  out$rank <- .sdm_int(n, function(i) sdm_match_rank(m, i))
  out$score <- .sdm_dbl(n, function(i) sdm_match_score(m, i))
  out$unknown_count <- .sdm_int(n, function(i) sdm_match_unknown_count(m, i))
  out$reason <- .sdm_chr(n, function(i) sdm_match_reason(m, i))

  terms <- sdm_match_term_count(m)
  effect <- .sdm_int(terms, function(t) sdm_match_term_effect(m, t))
  term_ids <- vapply(effect, function(e) sdm_catalogue_id(cat, e), character(1L))
  term_rank <- .sdm_int(terms, function(t) sdm_match_term_rank(m, t))
  .sdm_check_columns(term_ids, names(out), "match")
  for (t in seq_len(terms))
    out[[term_ids[[t]]]] <- .sdm_rating(.sdm_int(n, function(i) sdm_match_rating(m, i, t - 1L)))

  excluded <- sdm_match_excluded_count(m)
  ex_profiles <- lapply(seq_len(excluded) - 1L, function(i) sdm_match_excluded_profile(m, i))
  ex <- .sdm_profile_frame(ex_profiles)
  ex$kind <- .sdm_chr(excluded, function(i) sdm_exclusion_id(sdm_match_excluded_kind(m, i)))
  ex$reason <- .sdm_chr(excluded, function(i) sdm_match_excluded_reason(m, i))

  # Where the sources of each medicine's ratings on the person's side effects
  # disagree (two steps or more apart): one row per medicine and side effect.
  disagree <- list()
  for (i in seq_len(n)) for (t in seq_len(terms)) {
    p <- profiles[[i]]
    if (sdm_profile_spread(p, effect[[t]]) >= sdm_r_disagreement_spread())
      disagree[[length(disagree) + 1L]] <- list(sdm_profile_id(p), term_ids[[t]],
                                                sdm_profile_spread(p, effect[[t]]),
                                                sdm_profile_describe_readings(p, effect[[t]]))
  }

  attr(out, "excluded") <- ex
  attr(out, "terms") <- data.frame(
    id = term_ids,
    label = vapply(effect, function(e) sdm_catalogue_label(cat, e), character(1L)),
    rank = replace(term_rank, term_rank == 0L, NA_integer_),
    helpful = term_rank == 0L,
    weight = .sdm_dbl(terms, function(t) sdm_match_term_weight(m, t)),
    stringsAsFactors = FALSE)
  attr(out, "disagreements") <- .sdm_rows_frame(disagree, list(id = "character", effect = "character",
                                                               spread = "integer", readings = "character"))
  # How well each ranked medicine works, in words beside its fit (and what a
  # trade-off weight added): never scored away, never assumed average.
  attr(out, "efficacy") <- data.frame(id = out$id, efficacy = .sdm_chr(n, function(i) sdm_match_efficacy_text(m, i)),
                                      stringsAsFactors = FALSE)
  attr(out, "data_version") <- sdm_match_data_version(m)
  attr(out, "notice") <- sdm_formulary_notice(f)
  attr(out, "completed_by") <- sdm_completed_by_id(sdm_ranking_completed_by(r))
  attr(out, "record") <- sdm_record_to_json(m, NULL)
  attr(out, "options") <- sdm_match_options_to_json(sdm_match_options_used(m))
  attr(out, "synthesis") <- sdm_synthesis_id(sdm_match_options_synthesis(sdm_match_options_used(m)))
  attr(out, "ranked") <- n
  # How sure the match is (what the reasons and sdm_match_card() say in words), or NULL.
  attr(out, "acceptability") <- .sdm_match_acceptability(m, f)
  .sdm_decision_attributes(out, m)
}

# What the result says of the decision, read from its JSON: the context, the
# person's history and their own readings, the serious risks and requirements
# of each ranked medicine; and the match itself, for sdm_record_json().
.sdm_decision_attributes <- function(out, m) {
  doc <- sdm_r_parse_json(sdm_match_to_json(m))
  context <- doc$context
  attr(out, "context") <- list(completed_by = context$completed_by, carer_involved = context$carer_involved,
                               contexts = as.character(unlist(context$holds)), detained = context$detained,
                               limits = context$limits %||% NA_character_,
                               revisit = context$revisit %||% NA_character_)
  history <- personal <- risks <- requirements <- list()
  for (e in doc$ranked) {
    if (!is.null(e$history))
      history[[length(history) + 1L]] <- list(e$id, e$name, e$history$outcome, e$history$why %||% NA_character_)
    for (rating in e$ratings)
      if (isTRUE(rating$personal))
        personal[[length(personal) + 1L]] <- list(e$id, rating$effect)
    for (risk in e$serious_risks)
      risks[[length(risks) + 1L]] <- list(e$id, risk)
    for (q in e$requirements)
      requirements[[length(requirements) + 1L]] <- list(e$id, q$context, q$requirement,
                                                        q$country %||% NA_character_,
                                                        q$formulation %||% NA_character_)
  }
  attr(out, "history") <- .sdm_rows_frame(history, list(id = "character", name = "character",
                                                         outcome = "character", why = "character"))
  attr(out, "personal") <- .sdm_rows_frame(personal, list(id = "character", effect = "character"))
  attr(out, "serious_risks") <- .sdm_rows_frame(risks, list(id = "character", risk = "character"))
  attr(out, "requirements") <- .sdm_rows_frame(requirements, list(id = "character", context = "character",
                                                                  requirement = "character",
                                                                  country = "character",
                                                                  formulation = "character"))
  attr(out, "match") <- m
  .sdm_provenance(structure(out, class = c("libsdm_match", "data.frame")), sdm_match_formulary(m))
}

# ---- provenance and printing ----------------------------------------------

# What every result says about where it comes from (besides its own
# attributes): the library, the formulary and its sources.
.sdm_provenance <- function(x, f) {
  facts <- .sdm_formulary_facts(f)
  for (a in c("library_version", "formulary", "data_version", "notice", "sources"))
    attr(x, a) <- facts[[a]]
  x
}

# The provenance of a formulary (and, when asked, its medicines: id, name), as
# .sdm_provenance() and sdm_match_many() attach them. Read from the library
# once for the default formulary, which lives as long as the package and is
# never changed (the SWIG calls cost about 4 ms a result, more than matching
# ten thousand rankings); for any other formulary, each time.
.sdm_formulary_facts <- function(f, medicines = FALSE) {
  default <- .sdm_cache$formulary
  if (is.null(default) || !identical(f, default))
    return(.sdm_read_facts(f, medicines))
  if (is.null(.sdm_cache$facts))
    .sdm_cache$facts <- .sdm_read_facts(f, TRUE)
  .sdm_cache$facts
}

.sdm_read_facts <- function(f, medicines) {
  n_sources <- sdm_formulary_source_count(f)
  sources <- data.frame(
    key = .sdm_chr(n_sources, function(i) sdm_formulary_source_key(f, i)),
    citation = .sdm_chr(n_sources, function(i) sdm_formulary_source_citation(f, i)),
    url = .sdm_chr(n_sources, function(i) sdm_formulary_source_url(f, i)),
    label = .sdm_chr(n_sources, function(i) sdm_formulary_source_label(f, i)),
    note = .sdm_chr(n_sources, function(i) sdm_formulary_source_note(f, i)),
    edition = .sdm_chr(n_sources, function(i) sdm_formulary_source_edition(f, i)),
    reliability = .sdm_chr(n_sources, function(i) sdm_reliability_id(sdm_formulary_source_reliability(f, i))),
    decides = .sdm_int(n_sources, function(i) sdm_formulary_source_decides(f, i)) == 1L,
    stringsAsFactors = FALSE)
  list(library_version = sdm_version(), formulary = sdm_formulary_name(f),
       data_version = sdm_formulary_version(f), notice = sdm_formulary_notice(f), sources = sources,
       medicines = if (medicines) .sdm_profile_frame(.sdm_profiles(f)))
}

.sdm_provenance_names <- c("excluded", "terms", "disagreements", "data_version", "notice", "completed_by",
                           "record", "options", "synthesis", "ranked", "library_version", "formulary",
                           "sources", "context", "history", "personal", "serious_risks", "requirements",
                           "match")

# The data version and the notice, wrapped to `width`.
.sdm_footer <- function(x, width) {
  c(strwrap(sprintf("Data version %s (libsdm %s). %s", attr(x, "data_version"),
                    attr(x, "library_version"), attr(x, "notice")), width = width))
}

# Text cut to `width` display columns, "..." marking a cut.
.sdm_fit <- function(x, width) {
  long <- nchar(x, type = "width") > width
  x[long] <- paste0(strtrim(x[long], width - 3L), "...")
  x
}

# A plain-text table: one string per line, the header first; each column
# padded to its widest cell (display width), numbers to the right.
.sdm_table <- function(columns, left = character()) {
  cells <- lapply(names(columns), function(h) {
    v <- c(h, as.character(columns[[h]]))
    format(v, width = max(nchar(v, type = "width")), justify = if (h %in% left) "left" else "right")
  })
  do.call(paste, c(cells, sep = "  "))
}

.sdm_width <- function(width) {
  width <- if (is.null(width)) getOption("width", 80L) else width
  max(40L, min(as.integer(width), 80L))
}

# Rows keep the class and the provenance (head(m) prints as a match);
# choosing columns gives a plain data frame.
`[.libsdm_match` <- function(x, ...) {
  out <- NextMethod()
  if (!is.data.frame(out))
    return(out)
  if (!all(c("rank", "name", "score", "unknown_count", "reason") %in% names(out)))
    return(as.data.frame(structure(out, class = "data.frame")))
  for (a in .sdm_provenance_names)
    attr(out, a) <- attr(x, a)
  class(out) <- class(x)
  out
}

format.libsdm_match <- function(x, reasons = FALSE, width = NULL, ...) {
  width <- .sdm_width(width)
  terms <- attr(x, "terms")
  avoided <- if (is.null(terms)) 0L else sum(!terms$helpful)
  helpful <- if (is.null(terms)) 0L else sum(terms$helpful)
  ranked <- attr(x, "ranked")
  ranked <- if (is.null(ranked)) nrow(x) else ranked
  title <- sprintf("%s%d %s ranked for %d side %s to avoid and %d helpful",
                   if (nrow(x) < ranked) sprintf("%d of the ", nrow(x)) else "", ranked,
                   if (ranked == 1L) "medicine" else "medicines", avoided,
                   if (avoided == 1L) "effect" else "effects", helpful)
  lines <- c(title, if (nrow(x))
    .sdm_table(list(rank = x$rank, medicine = .sdm_fit(x$name, 30L),
                    score = formatC(x$score, format = "f", digits = 3L), unknown = x$unknown_count),
               left = "medicine"))
  if (reasons) {
    # The library's reason already says where the sources disagree.
    for (i in seq_len(nrow(x)))
      lines <- c(lines, strwrap(sprintf("%d. %s: %s", x$rank[[i]], x$name[[i]], x$reason[[i]]),
                                width = width, exdent = 4L))
  }
  ex <- attr(x, "excluded")
  if (!is.null(ex) && nrow(ex))
    lines <- c(lines, strwrap(paste0("Left out: ", paste(sprintf("%s (%s)", ex$name, ex$reason),
                                                         collapse = "; ")), width = width, exdent = 2L))
  c(lines, .sdm_decision_lines(x, reasons, width), .sdm_footer(x, width),
    if (!reasons && nrow(x)) "The reason for each place: print(x, reasons = TRUE)")
}

.sdm_outcome_words <- c(helped = "it helped", did_not_help = "it did not help", stopped = "it was stopped",
                        unspecified = "how it went not said")

# The decision's context, the person's history and the requirements of the
# medicines shown, for format(): each wrapped to `width`.
.sdm_decision_lines <- function(x, reasons, width) {
  wrap <- function(text) strwrap(text, width = width, exdent = 2L)
  context <- attr(x, "context")
  lines <- character()
  if (!is.null(context)) {
    if (isTRUE(context$detained))
      lines <- c(lines, wrap(paste("Detained. The limits of choice:", context$limits)))
    if (length(context$contexts))
      lines <- c(lines, wrap(paste("What holds:", paste(vapply(context$contexts, function(id)
        sdm_context_id_words(id) %||% id, ""), collapse = "; "))))
    if (isTRUE(context$carer_involved))
      lines <- c(lines, "A carer took part in the decision.")
    if (!is.na(context$revisit))
      lines <- c(lines, sprintf("Revisit the decision on %s.", context$revisit))
  }
  history <- attr(x, "history")
  if (!is.null(history) && nrow(history))
    lines <- c(lines, wrap(paste0("Tried before: ", paste(sprintf(
      "%s (%s%s)", history$name, .sdm_outcome_words[history$outcome],
      ifelse(is.na(history$why), "", paste0(": ", history$why))), collapse = "; "))))
  requirements <- attr(x, "requirements")
  shown <- if (is.null(requirements)) requirements else requirements[requirements$id %in% x$id, , drop = FALSE]
  if (!is.null(shown) && nrow(shown)) {
    names <- x$name[match(unique(shown$id), x$id)]
    if (reasons)
      for (i in seq_len(nrow(shown)))
        lines <- c(lines, strwrap(sprintf("%s requires%s: %s", x$name[match(shown$id[[i]], x$id)],
                                          if (is.na(shown$country[[i]])) "" else
                                            paste0(" (", shown$country[[i]], ")"),
                                          shown$requirement[[i]]), width = width, exdent = 4L))
    else
      lines <- c(lines, wrap(sprintf("%s %s requirements where given: print(x, reasons = TRUE)",
                                     paste(names, collapse = ", "), if (length(names) == 1L) "has" else "have")))
  }
  lines
}

# What a match comes to: how many ranked and left out (by kind), the best
# (all tied for first), the unknown ratings, where sources disagree, the
# person's own readings and history, and the decision's context.
summary.libsdm_match <- function(object, ...) {
  ex <- attr(object, "excluded")
  kinds <- if (is.null(ex)) character() else ex$kind
  out <- list(ranked = nrow(object),
              excluded = table(factor(kinds, levels = unique(kinds))),
              best = object$name[object$rank == min(object$rank)],
              unknown = sum(object$unknown_count),
              disagreements = if (is.null(attr(object, "disagreements"))) 0L else nrow(attr(object, "disagreements")),
              personal = if (is.null(attr(object, "personal"))) 0L else nrow(attr(object, "personal")),
              tried = if (is.null(attr(object, "history"))) 0L else nrow(attr(object, "history")),
              context = attr(object, "context"),
              synthesis = attr(object, "synthesis"),
              data_version = attr(object, "data_version"),
              library_version = attr(object, "library_version"),
              notice = attr(object, "notice"))
  if (!nrow(object))
    out$best <- character()
  structure(out, class = "summary.libsdm_match")
}

print.summary.libsdm_match <- function(x, width = NULL, ...) {
  width <- .sdm_width(width)
  wrap <- function(text) strwrap(text, width = width, exdent = 2L)
  plural <- function(n, one, many) sprintf("%d %s", n, if (n == 1L) one else many)
  left_out <- if (length(x$excluded)) paste0(" (", paste(sprintf("%s %d", names(x$excluded), x$excluded),
                                                          collapse = ", "), ")") else ""
  context <- x$context
  cat(c(sprintf("%s ranked, %s left out%s", plural(x$ranked, "medicine", "medicines"),
                sum(x$excluded), left_out),
        wrap(sprintf("Best: %s%s", if (length(x$best)) paste(x$best, collapse = ", ") else "none",
                     if (length(x$best) > 1L) sprintf(" (%d tied)", length(x$best)) else "")),
        wrap(sprintf("Unknown ratings: %d; where sources disagree: %d; the person's own readings: %d; tried before: %d",
                     x$unknown, x$disagreements, x$personal, x$tried)),
        if (!is.null(context))
          wrap(sprintf("Completed by: %s; a carer took part: %s; contexts that hold: %s; detained: %s; revisit: %s",
                       context$completed_by, if (isTRUE(context$carer_involved)) "yes" else "no",
                       if (length(context$contexts)) paste(context$contexts, collapse = ", ") else "none",
                       if (isTRUE(context$detained)) "yes" else "no",
                       if (is.na(context$revisit)) "not set" else context$revisit)),
        wrap(sprintf("Synthesis: %s. Data version %s (libsdm %s). %s", x$synthesis, x$data_version,
                     x$library_version, x$notice))), sep = "\n")
  invisible(x)
}

print.libsdm_match <- function(x, reasons = FALSE, width = NULL, ...) {
  cat(format(x, reasons = reasons, width = width), sep = "\n")
  invisible(x)
}

as.data.frame.libsdm_match <- function(x, ...) {
  class(x) <- "data.frame"
  x
}

format.libsdm_batch <- function(x, n = 6L, width = NULL, ...) {
  width <- .sdm_width(width)
  rows <- nrow(x$best)
  top <- ncol(x$best)
  frame <- as.data.frame(x)
  shown <- frame[seq_len(min(n * top, nrow(frame))), , drop = FALSE]
  tied_first <- sum(x$tied[, 1L] > 1L, na.rm = TRUE)
  c(sprintf("The best %d %s for each of %d %s", top, if (top == 1L) "medicine" else "medicines",
            rows, if (rows == 1L) "ranking" else "rankings"),
    if (nrow(shown))
      .sdm_table(list(ranking = .sdm_fit(as.character(shown$ranking), 20L), place = shown$place,
                      medication = .sdm_fit(ifelse(is.na(shown$medication), "-", shown$medication), 30L),
                      score = ifelse(is.na(shown$score), "-", formatC(shown$score, format = "f", digits = 3L)),
                      rank = ifelse(is.na(shown$rank), "-", shown$rank),
                      tied = ifelse(is.na(shown$tied), "-", shown$tied)),
                 left = "medication"),
    if (nrow(frame) > nrow(shown))
      sprintf("... and %d more rows: as.data.frame(x) has them all", nrow(frame) - nrow(shown)),
    if (tied_first)
      strwrap(sprintf(paste("%d of the %d %s a tie for first place (tied > 1): the best shown is only",
                            "the first by name; summary(x) shares the credit."), tied_first, rows,
                      if (tied_first == 1L) "rankings has" else "rankings have"),
              width = width),
    .sdm_footer(x, width))
}

print.libsdm_batch <- function(x, n = 6L, width = NULL, ...) {
  cat(format(x, n = n, width = width), sep = "\n")
  invisible(x)
}

# One row per ranking and place, best first: ranking (the row number, or
# the row name of the rankings), place, medication (NA where fewer were
# ranked), score, rank (tie-aware) and tied (how many share that rank); the
# provenance as attributes.
as.data.frame.libsdm_batch <- function(x, row.names = NULL, optional = FALSE, ...) {
  rows <- nrow(x$best)
  top <- ncol(x$best)
  names <- rownames(x$best)
  out <- data.frame(ranking = rep(if (is.null(names)) seq_len(rows) else names, each = top),
                    place = rep(seq_len(top), times = rows),
                    medication = as.vector(t(unclass(x$best))),
                    score = as.vector(t(x$score)),
                    rank = as.vector(t(x$rank)),
                    tied = as.vector(t(x$tied)),
                    stringsAsFactors = FALSE)
  for (a in c("data_version", "notice", "options", "synthesis", "library_version", "formulary", "sources"))
    attr(out, a) <- attr(x, a)
  out
}

# Who comes first, with the credit of a tie shared: each ranking gives 1 to
# its best medicine, or 1/t to each of the t medicines tied for first place.
summary.libsdm_batch <- function(object, ...) {
  f <- attr(object, "medicines")
  tied <- object$tied[, 1L]
  result <- !is.na(tied)
  widest <- if (any(result)) max(tied[result]) else 0L
  if (widest > ncol(object$best)) {
    row <- which(result & tied == widest)[[1L]]
    .sdm_invalid(paste("ranking %d has %d medicines tied for first place, more than top = %d: match",
                       "with top = %d or more to share the credit"), row, widest, ncol(object$best), widest)
  }
  first <- !is.na(object$rank) & object$rank == 1L
  credit <- tapply(rep(1 / tied, ncol(object$best))[first], factor(unclass(object$best)[first], levels = f$id),
                   sum, default = 0)
  out <- data.frame(medication = f$id, name = f$name, first = as.vector(credit),
                    share = as.vector(credit) / sum(result), stringsAsFactors = FALSE)
  attr(out, "rankings") <- sum(result)
  attr(out, "no_result") <- sum(!result)
  attr(out, "tied_first") <- sum(tied[result] > 1L)
  for (a in c("data_version", "notice", "options", "synthesis", "library_version", "formulary", "sources"))
    attr(out, a) <- attr(object, a)
  structure(out, class = c("libsdm_first_places", "data.frame"))
}

print.libsdm_first_places <- function(x, n = 10L, width = NULL, ...) {
  width <- .sdm_width(width)
  shown <- x[order(-x$first, x$name), , drop = FALSE][seq_len(min(n, nrow(x))), , drop = FALSE]
  cat(c(sprintf("First places over %d %s (a tie for first shares the credit: 1/t each)",
                attr(x, "rankings"), if (attr(x, "rankings") == 1L) "ranking" else "rankings"),
        .sdm_table(list(medicine = .sdm_fit(shown$name, 30L),
                        first = formatC(shown$first, format = "f", digits = 2L),
                        share = sprintf("%.1f%%", 100 * shown$share)), left = "medicine"),
        strwrap(sprintf("%d %s a tie for first place; %d %s no result (no side effect).",
                        attr(x, "tied_first"), if (attr(x, "tied_first") == 1L) "ranking has" else "rankings have",
                        attr(x, "no_result"), if (attr(x, "no_result") == 1L) "ranking has" else "rankings have"),
                width = width),
        .sdm_footer(x, width)), sep = "\n")
  invisible(x)
}

sdm_card <- function(id, avoid = character(), helpful = character(), formulary = NULL,
                     max_rank = NULL, catalogue = NULL) {
  id <- .sdm_ids(id, "id")
  if (!length(id))
    .sdm_invalid("'id' must name at least one medicine")
  f <- .sdm_formulary_object(formulary, catalogue)
  avoid <- .sdm_ids(avoid, "avoid")
  helpful <- .sdm_ids(helpful, "helpful")
  r <- if (length(avoid) || length(helpful))
    .sdm_ranking(sdm_formulary_catalogue(f), avoid, helpful, NULL, max_rank)
  profiles <- lapply(id, function(x) {
    p <- sdm_formulary_find(f, x)
    if (is.null(p))
      .sdm_stop(-3L, sdm_last_error())
    p
  })
  cards <- vapply(profiles, function(p) sdm_card_text(p, r), character(1L))
  json <- lapply(profiles, function(p) sdm_r_parse_json(sdm_card_to_json(p, r)))
  if (length(id) > 1L)
    names(cards) <- names(json) <- id
  .sdm_cards(cards, json)
}

# Cards: the text of each (a character vector) with the card JSON of each,
# parsed, as the attribute "json".
.sdm_cards <- function(text, json) structure(text, json = json, class = c("libsdm_card", "character"))

`[.libsdm_card` <- function(x, i) {
  json <- attr(x, "json")
  names(json) <- names(x)
  keep <- seq_along(x)[i]
  .sdm_cards(unclass(x)[i], json[keep])
}

# One line of a card wrapped to `width` columns: the continuation indented
# under the text of a bullet ("  * "), a word longer than the line cut.
.sdm_wrap_line <- function(line, width) {
  if (nchar(line, type = "width") <= width)
    return(line)
  lead <- regmatches(line, regexpr("^ *(\\* )?", line))
  room <- max(20L, width - nchar(lead))
  wrapped <- strwrap(substring(line, nchar(lead) + 1L), width = room + 1L)
  wrapped <- unlist(lapply(wrapped, function(w) {
    if (nchar(w, type = "width") <= room)
      return(w)
    starts <- seq(1L, nchar(w), by = room)
    substring(w, starts, pmin(starts + room - 1L, nchar(w)))
  }))
  paste0(c(lead, rep(strrep(" ", nchar(lead)), length(wrapped) - 1L)), wrapped)
}

# Each card's text with its lines wrapped to `width` (at most 80) columns.
format.libsdm_card <- function(x, width = NULL, ...) {
  width <- .sdm_width(width)
  out <- vapply(unclass(x), function(card) {
    lines <- strsplit(card, "\n", fixed = TRUE)[[1L]]
    paste0(paste(unlist(lapply(lines, .sdm_wrap_line, width)), collapse = "\n"), "\n")
  }, character(1L))
  names(out) <- names(x)
  out
}

print.libsdm_card <- function(x, width = NULL, ...) {
  # Each card ends with a newline; a blank line between cards.
  cat(paste(format(x, width = width), collapse = "\n"))
  invisible(x)
}

# One row per card and side effect: the medicine, the side effect, its rating
# (NA when no source rates it: unknown is not none), its mark, how far its
# sources' readings lie apart, and the person's rank or helpful side effect.
as.data.frame.libsdm_card <- function(x, row.names = NULL, optional = FALSE, ...) {
  rows <- list()
  for (card in attr(x, "json"))
    for (item in c(card$items, card$rated_none, card$not_known)) {
      rating <- if (is.numeric(item$rating)) item$rating else NA_integer_
      rows[[length(rows) + 1L]] <- list(card$id, card$name, item$effect, item$label, rating, item$mark,
                                        item$spread, item$your_rank, isTRUE(item$helpful_for_you))
    }
  out <- .sdm_rows_frame(rows, list(medication = "character", name = "character", effect = "character",
                                    label = "character", rating = "integer", mark = "character",
                                    spread = "integer", your_rank = "integer", helpful = "logical"))
  json <- attr(x, "json")
  if (length(json)) {
    attr(out, "data_version") <- json[[1L]]$data_version
    attr(out, "notice") <- json[[1L]]$notice
  }
  out
}

# What each card holds, one row per card: side effects rated, +++, rated
# none, not known; serious risks, restrictions; where it is licensed.
summary.libsdm_card <- function(object, ...) {
  json <- attr(object, "json")
  count <- function(f) vapply(json, f, integer(1L))
  out <- data.frame(
    id = vapply(json, function(j) j$id, ""),
    name = vapply(json, function(j) j$name, ""),
    rated = count(function(j) length(j$items) + length(j$rated_none)),
    marked = count(function(j) sum(vapply(j$items, function(i) identical(i$mark, "+++"), logical(1L)))),
    none = count(function(j) length(j$rated_none)),
    unknown = count(function(j) length(j$not_known)),
    serious_risks = count(function(j) length(j$serious_risks)),
    restrictions = count(function(j) length(j$restrictions)),
    licensed_in = vapply(json, function(j) paste(unlist(j$licensed_in), collapse = ", "), ""),
    stringsAsFactors = FALSE)
  rownames(out) <- NULL
  attr(out, "data_version") <- if (length(json)) json[[1L]]$data_version
  structure(out, class = c("summary.libsdm_card", "data.frame"))
}

print.summary.libsdm_card <- function(x, ...) {
  cat(c(.sdm_table(list(medicine = .sdm_fit(x$name, 24L), rated = x$rated, "+++" = x$marked, none = x$none,
                        unknown = x$unknown, risks = x$serious_risks, restricted = x$restrictions,
                        licensed = .sdm_fit(x$licensed_in, 12L)), left = c("medicine", "licensed")),
        sprintf("Data version %s. The serious risks are never part of the ranking.", attr(x, "data_version"))),
      sep = "\n")
  invisible(x)
}

sdm_match_many <- function(rankings, top = 1L, scheme = "roc", unknown = "middle",
                           formulary = NULL, exclude = NULL, require_formulation = NULL,
                           require_licence = NULL, weights = NULL, severity = NULL,
                           catalogue = NULL, helpful = NULL, helpful_weight = "auto",
                           synthesis = "consensus", contexts = NULL, evidence = "ordinal") {
  f <- .sdm_formulary_object(formulary, catalogue)
  rankings <- .sdm_batch_matrix(rankings, "rankings", NULL)
  if (ncol(rankings) < 1L)
    .sdm_invalid("'rankings' has no columns: give at least rank 1")
  if (!is.null(helpful))
    helpful <- .sdm_batch_matrix(helpful, "helpful", nrow(rankings))
  if (!is.numeric(top) || length(top) != 1L || is.na(top) || top < 1 || top != round(top))
    .sdm_invalid("'top' must be one whole number, at least 1")

  # The C glue converts the matrices (1-based, NA ending a row) and
  # sdm_match_batch_ext() checks every row. Only when either finds something
  # wrong does R look at them, to name the cell in R's terms.
  given <- list(rankings = rankings, helpful = helpful)
  ids <- NULL
  as_indices <- function(x) {
    if (is.null(x) || !is.character(x))
      return(if (is.logical(x)) `storage.mode<-`(x, "integer") else x)
    if (is.null(ids)) {
      cat <- sdm_formulary_catalogue(f)
      ids <<- .sdm_chr(sdm_catalogue_count(cat), function(i) sdm_catalogue_id(cat, i))
    }
    index <- matrix(match(x, ids), nrow(x), ncol(x), dimnames = dimnames(x))
    if (any(is.na(index) & !is.na(x)))
      .sdm_check_rankings(given, f)
    index
  }
  recheck <- function(e) {
    .sdm_check_rankings(given, f)
    stop(e)
  }
  o <- tryCatch(.sdm_batch_options(list(if (missing(scheme) && !is.null(weights)) NULL else scheme, unknown,
                                        synthesis, exclude, require_formulation, require_licence, weights,
                                        severity, helpful_weight, contexts, evidence = evidence)),
                libsdm_error = recheck)
  res <- tryCatch(sdm_r_match_many(f, o$options, as_indices(rankings), as_indices(helpful), as.integer(top)),
                  libsdm_error = recheck)
  if (is.null(res)) {
    .sdm_check_rankings(given, f)
    .sdm_invalid("'rankings' must hold whole numbers from 1, NA only at the end of a ranking")
  }
  attr(res, "options") <- o$json
  attr(res, "synthesis") <- o$synthesis
  attr(res, "medicines") <- .sdm_formulary_facts(f, medicines = TRUE)$medicines
  class(res) <- "libsdm_batch"
  .sdm_provenance(res, f)
}

# sdm_match_many()'s options from the arguments of .sdm_options() (`args`, a
# list), with their document and synthesis rule: list(args, options, json,
# synthesis). Those of the last arguments are kept and given again for the
# same arguments, as a run of batches usually has: building and reading the
# document took about 0.3 ms a call when R's caches were cold (after a
# collection), 4 % of the batch of a million rankings. An options object is
# never changed once made, so the batches may share it.
.sdm_batch_options <- function(args) {
  last <- .sdm_cache$batch_options
  if (!is.null(last) && identical(last$args, args))
    return(last)
  o <- do.call(.sdm_options, args)
  .sdm_cache$batch_options <- list(args = args, options = o, json = sdm_match_options_to_json(o),
                                   synthesis = sdm_synthesis_id(sdm_match_options_synthesis(o)))
}

# sdm_match_many()'s rankings or helpful side effects as a matrix (a vector is
# one row, or for `helpful`, the same side effects for every ranking).
.sdm_batch_matrix <- function(x, what, rows) {
  if (is.data.frame(x))
    x <- as.matrix(x)
  if (is.factor(x))
    x <- as.character(x)
  if (!(is.numeric(x) || is.character(x) || (is.logical(x) && all(is.na(x)))))
    .sdm_invalid("'%s' must be a matrix of catalogue indices or side-effect ids, not %s", what, class(x)[[1L]])
  if (is.null(dim(x)))
    x <- matrix(x, nrow = if (is.null(rows)) 1L else rows, ncol = length(x), byrow = TRUE)
  if (length(dim(x)) != 2L)
    .sdm_invalid("'%s' must be a matrix with one ranking per row", what)
  if (!is.null(rows) && nrow(x) != rows)
    .sdm_invalid("'%s' has %d rows, but there are %d rankings", what, nrow(x), rows)
  x
}

# The checks of sdm_match_many()'s rankings and helpful side effects, in R:
# called only when the C glue or the library has refused them, to signal the
# first problem in R's terms (1-based rows and columns, side effects by id);
# returns if it finds none. `given` is list(rankings = , helpful = ).
.sdm_check_rankings <- function(given, f) {
  cat <- sdm_formulary_catalogue(f)
  ids <- .sdm_chr(sdm_catalogue_count(cat), function(i) sdm_catalogue_id(cat, i))
  rankings <- .sdm_check_matrix(given$rankings, "rankings", ids, cat)
  if (is.null(given$helpful))
    return(invisible(NULL))
  helpful <- .sdm_check_matrix(given$helpful, "helpful", ids, cat)
  # A side effect both ranked and helpful in one row.
  both <- NULL
  for (j in seq_len(ncol(rankings))) for (h in seq_len(ncol(helpful))) {
    rows <- which(!is.na(rankings[, j]) & rankings[, j] == helpful[, h])
    if (length(rows))
      both <- rbind(both, cbind(rows, j, h))
  }
  if (!is.null(both)) {
    cell <- both[order(both[, 1L], both[, 2L], both[, 3L])[[1L]], ]
    .sdm_stop(-5L, sprintf("rankings[%d, ] and helpful[%d, ]: '%s' is both ranked (column %d) and helpful (column %d)",
                           cell[[1L]], cell[[1L]], ids[[rankings[cell[[1L]], cell[[2L]]]]], cell[[2L]], cell[[3L]]))
  }
  invisible(NULL)
}

# One matrix of sdm_match_many(), checked cell by cell; returns its indices.
.sdm_check_matrix <- function(x, what, ids, cat) {
  items <- length(ids)
  n <- nrow(x)
  k <- ncol(x)
  # The first offending cell, in reading order.
  first <- function(cells) cells[order(cells[, 1L], cells[, 2L])[[1L]], ]
  at <- function(cell) sprintf("%s[%d, %d]", what, cell[[1L]], cell[[2L]])

  if (is.character(x)) {
    index <- matrix(match(x, ids), n, k)
    bad <- which(is.na(index) & !is.na(x), arr.ind = TRUE)
    if (nrow(bad)) {
      cell <- first(bad)
      tryCatch(sdm_catalogue_find(cat, enc2utf8(x[cell[[1L]], cell[[2L]]])),
               libsdm_error = function(e)
                 .sdm_stop(e$status, paste0(at(cell), ": ", conditionMessage(e))))
    }
    x <- index
  } else {
    bad <- which(!is.na(x) & (x < 1 | x > items | x != round(x)), arr.ind = TRUE)
    if (nrow(bad)) {
      cell <- first(bad)
      .sdm_invalid("%s: side effect index %s is out of range (1..%d)", at(cell),
                   format(x[cell[[1L]], cell[[2L]]]), items)
    }
  }
  storage.mode(x) <- "integer"

  # NA only at the end of a row, and no side effect twice in one.
  if (k > 1L && n > 0L) {
    absent <- is.na(x)
    gap <- which(absent[, -k, drop = FALSE] & !absent[, -1L, drop = FALSE], arr.ind = TRUE)
    if (nrow(gap)) {
      cell <- first(gap)
      if (what == "rankings")
        .sdm_invalid("%s is NA but rank %d is given: NA may only end a ranking", at(cell), cell[[2L]] + 1L)
      .sdm_invalid("%s is NA but column %d is given: NA may only end a row", at(cell), cell[[2L]] + 1L)
    }
    twice <- NULL
    for (j in 2L:k) for (i in seq_len(j - 1L)) {
      rows <- which(!absent[, j] & x[, j] == x[, i])
      if (length(rows))
        twice <- rbind(twice, cbind(rows, i, j))
    }
    if (!is.null(twice)) {
      cell <- twice[order(twice[, 1L], twice[, 3L], twice[, 2L])[[1L]], ]
      .sdm_stop(-4L, sprintf("%s[%d, ]: '%s' is given twice (columns %d and %d)", what,
                             cell[[1L]], ids[[x[cell[[1L]], cell[[3L]]]]], cell[[2L]], cell[[3L]]))
    }
  }
  x
}

# ---- decision records --------------------------------------------------------

sdm_record <- function(json, catalogue = NULL) {
  json <- .sdm_string(json, "json")
  cat <- .sdm_catalogue_object(catalogue)
  rec <- sdm_record_from_json(cat, enc2utf8(json))
  r <- sdm_record_ranking(rec)
  avoid <- character()
  for (rank in seq_len(sdm_ranking_avoid_count(r)))
    avoid[[rank]] <- sdm_catalogue_id(cat, sdm_ranking_at(r, rank))
  n <- sdm_record_ranked_count(rec) + sdm_record_excluded_count(rec)
  entries <- data.frame(
    id = .sdm_chr(n, function(i) sdm_record_entry_id(rec, i)),
    name = .sdm_chr(n, function(i) sdm_record_entry_name(rec, i)),
    rank = .sdm_int(n, function(i) sdm_record_entry_rank(rec, i)),
    score = .sdm_dbl(n, function(i) sdm_record_entry_score(rec, i)),
    reason = vapply(seq_len(n) - 1L, function(i) sdm_record_entry_reason(rec, i) %||% NA_character_, ""),
    stringsAsFactors = FALSE)
  entries$rank[entries$rank == 0L] <- NA_integer_
  structure(list(
    avoid = avoid,
    helpful = .sdm_chr(sdm_ranking_helpful_count(r), function(i) sdm_catalogue_id(cat, sdm_ranking_helpful_at(r, i))),
    completed_by = sdm_completed_by_id(sdm_ranking_completed_by(r)),
    carer_involved = sdm_ranking_carer_involved(r) == 1L,
    history = .sdm_history_frame(r, cat),
    context = .sdm_record_context(rec),
    feedback = .sdm_feedback_object(sdm_record_feedback(rec)),
    options = sdm_match_options_to_json(sdm_record_options(rec)),
    data_version = sdm_record_data_version(rec),
    library_version = sdm_record_library_version(rec),
    timestamp = if (nzchar(sdm_record_timestamp(rec))) sdm_record_timestamp(rec) else NA_character_,
    formulary = sdm_record_formulary_id(rec),
    ranked = entries[!is.na(entries$rank), , drop = FALSE],
    excluded = entries[is.na(entries$rank), c("id", "name", "reason"), drop = FALSE]),
    class = "libsdm_record", pointer = rec)
}

print.libsdm_record <- function(x, width = NULL, ...) {
  width <- .sdm_width(width)
  cat(c(sprintf("Decision record%s: data version %s, libsdm %s", if (is.na(x$timestamp)) "" else
                  paste(" of", x$timestamp), x$data_version, x$library_version),
        strwrap(sprintf("Avoid: %s; helpful: %s; completed by: %s",
                        if (length(x$avoid)) paste(x$avoid, collapse = ", ") else "none",
                        if (length(x$helpful)) paste(x$helpful, collapse = ", ") else "none",
                        x$completed_by), width = width, exdent = 2L),
        sprintf("%d ranked, best: %s; %d left out", nrow(x$ranked),
                if (nrow(x$ranked)) paste(x$ranked$name[x$ranked$rank == 1L], collapse = ", ") else "none",
                nrow(x$excluded)),
        if (!is.null(x$history) && nrow(x$history))
          strwrap(paste0("Tried before: ", paste(sprintf("%s (%s)", x$history$medicine,
                                                         .sdm_outcome_words[x$history$outcome]),
                                                 collapse = "; ")), width = width, exdent = 2L),
        if (isTRUE(x$context$detained))
          strwrap(paste("Detained. The limits of choice:", x$context$limits), width = width, exdent = 2L),
        if (!is.null(x$feedback))
          sprintf("Feedback: %s, score %.1f of 100", x$feedback$instrument, x$feedback$score)), sep = "\n")
  invisible(x)
}

# The history of a ranking: one row per medicine tried (medicine, outcome,
# why, had: the side effects the person had on it, separated by commas).
.sdm_history_frame <- function(r, cat) {
  n <- sdm_ranking_history_count(r)
  effects <- seq_len(sdm_catalogue_count(cat)) - 1L
  data.frame(
    medicine = .sdm_chr(n, function(i) sdm_ranking_history_medication(r, i)),
    outcome = .sdm_chr(n, function(i) sdm_outcome_id(sdm_ranking_history_outcome(r, i))),
    why = .sdm_chr(n, function(i) { why <- sdm_ranking_history_why(r, i); if (nzchar(why)) why else NA_character_ }),
    had = .sdm_chr(n, function(i) paste(vapply(effects[vapply(effects, function(e)
      sdm_ranking_history_had_effect(r, i, e) == 1L, logical(1L))], function(e) sdm_catalogue_id(cat, e), ""),
      collapse = ", ")),
    stringsAsFactors = FALSE)
}

.sdm_record_context <- function(rec) {
  r <- sdm_record_ranking(rec)
  o <- sdm_record_options(rec)
  revisit <- sdm_match_options_revisit(o)
  list(completed_by = sdm_completed_by_id(sdm_ranking_completed_by(r)),
       carer_involved = sdm_ranking_carer_involved(r) == 1L,
       contexts = .sdm_chr(sdm_match_options_context_count(o), function(i) sdm_match_options_context(o, i)),
       detained = sdm_match_options_detained(o) == 1L,
       limits = sdm_match_options_limits(o) %||% NA_character_,
       revisit = if (nzchar(revisit)) revisit else NA_character_)
}

# ---- feedback on how shared the decision was ---------------------------------

# The instruments by their JSON ids, from the library ("collaborate", "sdm_q9").
.sdm_instruments <- function() {
  instruments <- 1:2
  names(instruments) <- vapply(instruments, function(i) sdm_instrument_id(i), character(1L))
  instruments
}

sdm_feedback <- function(instrument, items, version = NULL) {
  instruments <- .sdm_instruments()
  instrument <- .sdm_string(instrument, "instrument")
  if (!instrument %in% names(instruments))
    .sdm_invalid("unknown instrument '%s': give %s", instrument, .sdm_or(names(instruments)))
  if (!is.numeric(items) || anyNA(items) || any(items != round(items)))
    .sdm_invalid("'items' must be whole numbers, the item scores in the instrument's order")
  if (!is.null(version))
    version <- enc2utf8(.sdm_string(version, "version"))
  .sdm_feedback_object(sdm_feedback_new(instruments[[instrument]], version, as.integer(items)))
}

# An R object of feedback (its fields, and the C object as "pointer"), or NULL.
.sdm_feedback_object <- function(fb) {
  if (is.null(fb))
    return(NULL)
  version <- sdm_feedback_version(fb)
  structure(list(instrument = sdm_instrument_id(sdm_feedback_instrument(fb)),
                 version = if (nzchar(version)) version else NA_character_,
                 items = .sdm_int(sdm_feedback_item_count(fb), function(i) sdm_feedback_item(fb, i)),
                 score = sdm_feedback_score(fb),
                 top_score = sdm_feedback_top_score(fb) == 1L),
            class = "libsdm_feedback", pointer = fb)
}

print.libsdm_feedback <- function(x, ...) {
  cat(sprintf("%s%s: items %s; score %.1f of 100%s\n", x$instrument,
              if (is.na(x$version)) "" else paste0(" (", x$version, ")"), paste(x$items, collapse = ", "),
              x$score, if (x$instrument == "collaborate") if (x$top_score) ", top score" else ", not the top score"
              else ""))
  invisible(x)
}

sdm_record_json <- function(match, timestamp = NULL, feedback = NULL) {
  if (!inherits(match, "libsdm_match") || is.null(attr(match, "match")))
    .sdm_invalid("'match' must be what sdm_match() returns, not %s", class(match)[[1L]])
  if (!is.null(timestamp))
    timestamp <- enc2utf8(.sdm_string(timestamp, "timestamp"))
  if (is.null(feedback))
    return(sdm_record_to_json(attr(match, "match"), timestamp))
  if (!inherits(feedback, "libsdm_feedback"))
    .sdm_invalid("'feedback' must be what sdm_feedback() returns, not %s", class(feedback)[[1L]])
  sdm_record_to_json_with_feedback(attr(match, "match"), timestamp, attr(feedback, "pointer"))
}

sdm_record_compare <- function(then, now) {
  for (what in c("then", "now"))
    if (!inherits(get(what), "libsdm_record"))
      .sdm_invalid("'%s' must be what sdm_record() returns, not %s", what, class(get(what))[[1L]])
  out <- sdm_r_parse_json(sdm_r_record_compare(attr(then, "pointer"), attr(now, "pointer")))
  structure(out, class = "libsdm_comparison")
}

print.libsdm_comparison <- function(x, width = NULL, ...) {
  width <- .sdm_width(width)
  cat(c(sprintf("Decision records compared: %s and %s", x$then$timestamp %||% "undated",
                x$now$timestamp %||% "undated"),
        strwrap(x$summary, width = width)), sep = "\n")
  invisible(x)
}

sdm_record_rerun <- function(record, formulary = NULL, catalogue = NULL) {
  if (!inherits(record, "libsdm_record"))
    .sdm_invalid("'record' must be what sdm_record() returns, not %s", class(record)[[1L]])
  f <- .sdm_formulary_object(formulary, catalogue)
  res <- sdm_r_record_rerun(attr(record, "pointer"), f)
  changes <- res$changes
  medicines <- function(list, columns) .sdm_rows_frame(lapply(list, function(e) unname(e[names(columns)])),
                                                       columns)
  changes$removed <- medicines(changes$removed, list(id = "character", name = "character"))
  changes$added <- medicines(changes$added, list(id = "character", name = "character", rank_now = "integer"))
  changes$moved <- medicines(changes$moved, list(id = "character", name = "character", rank_then = "integer",
                                                 rank_now = "integer"))
  changes$excluded_now <- medicines(changes$excluded_now, list(id = "character", name = "character",
                                                               rank_then = "integer", reason = "character"))
  changes$ranked_now <- medicines(changes$ranked_now, list(id = "character", name = "character",
                                                           rank_now = "integer"))
  changes$exclusions_dropped <- as.character(unlist(changes$exclusions_dropped))
  m <- .sdm_match_frame(res$match, f)
  attr(m, "changes") <- changes
  m
}
