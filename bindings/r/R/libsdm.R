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

# The status names, by -status (include/sdm/common.h).
.sdm_status_names <- c("invalid_argument", "no_memory", "not_found", "duplicate",
                       "conflict", "parse", "schema", "io", "limit")

.sdm_exported <- c("sdm_catalogue", "sdm_formulary", "sdm_match", "sdm_card",
                   "sdm_match_many")

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

# Signals an error of class "libsdm_error" (and "libsdm_error_<status>"), with the
# library's status. The C glue calls it with sdm_last_error().
.sdm_stop <- function(status, message) {
  status <- as.integer(status)
  name <- if (!is.na(status) && status < 0L && -status <= length(.sdm_status_names))
    .sdm_status_names[[-status]] else "unknown"
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

.sdm_completed_by_ids <- function() {
  ids <- character()
  while (!is.null(id <- sdm_completed_by_id(length(ids))))
    ids <- c(ids, id)
  ids
}

.sdm_unknown_policy_ids <- function() {
  ids <- character()
  while (!is.null(id <- sdm_unknown_policy_id(length(ids))))
    ids <- c(ids, id)
  ids
}

.sdm_or <- function(x) {
  if (length(x) < 2L) return(x)
  paste(paste(x[-length(x)], collapse = ", "), "or", x[[length(x)]])
}

# A ranking: `avoid` in rank order (rank 1 first), `helpful` ticked.
# `max_rank` NULL keeps the library's default (the form's 5).
.sdm_ranking <- function(cat, avoid, helpful, completed_by = NULL, max_rank = NULL) {
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
  if (!is.null(completed_by)) {
    completed_by <- .sdm_string(completed_by, "completed_by")
    ids <- .sdm_completed_by_ids()
    who <- match(completed_by, ids)
    if (is.na(who))
      .sdm_stop(-3L, sprintf("unknown value '%s' for who completed the form (%s)",
                             completed_by, .sdm_or(ids)))
    sdm_ranking_set_completed_by(r, who - 1L)
  }
  r
}

# Match options from the arguments of sdm_match() and sdm_match_many().
.sdm_options <- function(scheme = "roc", unknown = "middle", exclude = NULL,
                         require_formulation = NULL, require_licence = NULL,
                         weights = NULL, severity = NULL, helpful_weight = NULL,
                         scheme_given = TRUE) {
  o <- sdm_match_options_new()
  scheme <- .sdm_string(scheme, "scheme")
  if (!is.null(weights)) {
    if (!is.numeric(weights) || !length(weights))
      .sdm_invalid("'weights' must be a numeric vector, one weight per rank")
    if (scheme_given && scheme != "custom")
      .sdm_invalid("'weights' are given, so 'scheme' must be \"custom\", not \"%s\"", scheme)
    sdm_match_options_set_custom_weights(o, as.numeric(weights))
  } else {
    if (scheme == "custom")
      .sdm_invalid("the scheme \"custom\" needs 'weights', one weight per rank")
    sdm_match_options_set_scheme(o, sdm_weight_scheme_from_id(scheme))
  }
  if (!is.null(severity)) {
    if (!is.numeric(severity) || length(severity) != 4L)
      .sdm_invalid("'severity' must be four numbers: the values of none, +, ++ and +++")
    sdm_match_options_set_severity_scale(o, as.numeric(severity))
  }
  unknown <- .sdm_string(unknown, "unknown")
  policies <- .sdm_unknown_policy_ids()
  policy <- match(unknown, policies)
  if (is.na(policy))
    .sdm_stop(-3L, sprintf("unknown policy '%s' for unknown ratings (%s)", unknown,
                           .sdm_or(policies)))
  sdm_match_options_set_unknown_policy(o, policy - 1L)
  if (!is.null(helpful_weight) && !identical(helpful_weight, "auto")) {
    # (The C API's SDM_HELPFUL_WEIGHT_AUTO is -1: refuse every negative here.)
    if (!is.numeric(helpful_weight) || length(helpful_weight) != 1L ||
        !is.finite(helpful_weight) || helpful_weight < 0)
      .sdm_invalid("'helpful_weight' must be one number, 0 or more, or \"auto\"")
    sdm_match_options_set_helpful_weight(o, as.numeric(helpful_weight))
  }
  if (!is.null(exclude)) {
    # c(olanzapine = "weight gain last time"): the name is the id, the value
    # the reason; an unnamed element is an id (the library's default reason).
    values <- .sdm_ids(exclude, "exclude")
    ids <- names(exclude)
    if (is.null(ids))
      ids <- character(length(values))
    for (i in seq_along(values)) {
      if (!is.na(ids[[i]]) && nzchar(ids[[i]]))
        sdm_match_options_exclude(o, enc2utf8(ids[[i]]), values[[i]])
      else
        sdm_match_options_exclude(o, values[[i]], NULL)
    }
  }
  for (x in .sdm_ids(require_formulation, "require_formulation"))
    sdm_match_options_require_formulation(o, x)
  for (x in .sdm_ids(require_licence, "require_licence"))
    sdm_match_options_require_licence(o, x)
  o
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

sdm_formulary <- function(file = NULL, catalogue = NULL) {
  f <- .sdm_formulary_object(file, catalogue, "file")
  cat <- sdm_formulary_catalogue(f)
  items <- sdm_catalogue_count(cat)
  effect_ids <- .sdm_chr(items, function(i) sdm_catalogue_id(cat, i))
  .sdm_check_columns(effect_ids, c("id", "name", "atc", "formulations", "licences"), "formulary")
  profiles <- lapply(seq_len(sdm_formulary_count(f)) - 1L,
                     function(i) sdm_formulary_profile(f, i))
  out <- .sdm_profile_frame(profiles)
  out$atc <- vapply(profiles, sdm_profile_atc, character(1L))
  sources <- matrix(NA_character_, length(profiles), items,
                    dimnames = list(out$id, effect_ids))
  for (j in seq_len(items)) {
    out[[effect_ids[[j]]]] <- .sdm_rating(
      vapply(profiles, function(p) sdm_profile_rating(p, j - 1L), integer(1L)))
    sources[, j] <- vapply(profiles, function(p) {
      s <- sdm_profile_rating_source(p, j - 1L)
      if (is.null(s)) NA_character_ else s
    }, character(1L))
  }
  out$formulations <- vapply(profiles, .sdm_tags, character(1L),
                             sdm_profile_formulation_count, sdm_profile_formulation)
  out$licences <- vapply(profiles, .sdm_tags, character(1L),
                         sdm_profile_licence_count, sdm_profile_licence)
  attr(out, "title") <- sdm_formulary_title(f)
  attr(out, "rating_source") <- sources
  .sdm_provenance(out, f)
}

sdm_match <- function(avoid = character(), helpful = character(), scheme = "roc",
                      unknown = "middle", formulary = NULL, exclude = NULL,
                      require_formulation = NULL, require_licence = NULL,
                      completed_by = NULL, weights = NULL, severity = NULL,
                      helpful_weight = "auto", max_rank = NULL, catalogue = NULL) {
  f <- .sdm_formulary_object(formulary, catalogue)
  cat <- sdm_formulary_catalogue(f)
  r <- .sdm_ranking(cat, avoid, helpful, completed_by, max_rank)
  o <- .sdm_options(scheme, unknown, exclude, require_formulation, require_licence,
                    weights, severity, helpful_weight, scheme_given = !missing(scheme))
  m <- sdm_match_run(f, r, o)

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
  kinds <- c("request", "formulation", "licence", "unknown_rating", "restriction")
  ex_profiles <- lapply(seq_len(excluded) - 1L, function(i) sdm_match_excluded_profile(m, i))
  ex <- .sdm_profile_frame(ex_profiles)
  ex$kind <- kinds[.sdm_int(excluded, function(i) sdm_match_excluded_kind(m, i))]
  ex$reason <- .sdm_chr(excluded, function(i) sdm_match_excluded_reason(m, i))

  attr(out, "excluded") <- ex
  attr(out, "terms") <- data.frame(
    id = term_ids,
    label = vapply(effect, function(e) sdm_catalogue_label(cat, e), character(1L)),
    rank = replace(term_rank, term_rank == 0L, NA_integer_),
    helpful = term_rank == 0L,
    weight = .sdm_dbl(terms, function(t) sdm_match_term_weight(m, t)),
    stringsAsFactors = FALSE)
  attr(out, "data_version") <- sdm_match_data_version(m)
  attr(out, "notice") <- sdm_formulary_notice(f)
  attr(out, "completed_by") <- sdm_completed_by_id(sdm_ranking_completed_by(r))
  attr(out, "record") <- sdm_record_to_json(m, NULL)
  attr(out, "options") <- sdm_match_options_to_json(sdm_match_options_used(m))
  attr(out, "ranked") <- n
  .sdm_provenance(structure(out, class = c("libsdm_match", "data.frame")), f)
}

# ---- provenance and printing ----------------------------------------------

# What every result says about where it comes from (besides its own
# attributes): the library, the formulary and its sources.
.sdm_provenance <- function(x, f) {
  n_sources <- sdm_formulary_source_count(f)
  attr(x, "library_version") <- sdm_version()
  attr(x, "formulary") <- sdm_formulary_name(f)
  attr(x, "data_version") <- sdm_formulary_version(f)
  attr(x, "notice") <- sdm_formulary_notice(f)
  attr(x, "sources") <- data.frame(
    key = .sdm_chr(n_sources, function(i) sdm_formulary_source_key(f, i)),
    citation = .sdm_chr(n_sources, function(i) sdm_formulary_source_citation(f, i)),
    url = .sdm_chr(n_sources, function(i) sdm_formulary_source_url(f, i)),
    stringsAsFactors = FALSE)
  x
}

.sdm_provenance_names <- c("excluded", "terms", "data_version", "notice", "completed_by", "record",
                           "options", "ranked", "library_version", "formulary", "sources")

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
    for (i in seq_len(nrow(x)))
      lines <- c(lines, strwrap(sprintf("%d. %s: %s", x$rank[[i]], x$name[[i]], x$reason[[i]]),
                                width = width, exdent = 4L))
  }
  ex <- attr(x, "excluded")
  if (!is.null(ex) && nrow(ex))
    lines <- c(lines, strwrap(paste0("Left out: ", paste(sprintf("%s (%s)", ex$name, ex$reason),
                                                         collapse = "; ")), width = width, exdent = 2L))
  c(lines, .sdm_footer(x, width),
    if (!reasons && nrow(x)) "The reason for each place: print(x, reasons = TRUE)")
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
  c(sprintf("The best %d %s for each of %d %s", top, if (top == 1L) "medicine" else "medicines",
            rows, if (rows == 1L) "ranking" else "rankings"),
    if (nrow(shown))
      .sdm_table(list(ranking = .sdm_fit(as.character(shown$ranking), 20L), place = shown$place,
                      medication = .sdm_fit(ifelse(is.na(shown$medication), "-", shown$medication), 30L),
                      score = ifelse(is.na(shown$score), "-", formatC(shown$score, format = "f", digits = 3L))),
                 left = "medication"),
    if (nrow(frame) > nrow(shown))
      sprintf("... and %d more rows: as.data.frame(x) has them all", nrow(frame) - nrow(shown)),
    .sdm_footer(x, width))
}

print.libsdm_batch <- function(x, n = 6L, width = NULL, ...) {
  cat(format(x, n = n, width = width), sep = "\n")
  invisible(x)
}

# One row per ranking and place, best first: ranking (the row number, or
# the row name of the rankings), place, medication (NA where fewer were
# ranked) and score; the provenance as attributes.
as.data.frame.libsdm_batch <- function(x, row.names = NULL, optional = FALSE, ...) {
  rows <- nrow(x$best)
  top <- ncol(x$best)
  names <- rownames(x$best)
  out <- data.frame(ranking = rep(if (is.null(names)) seq_len(rows) else names, each = top),
                    place = rep(seq_len(top), times = rows),
                    medication = as.vector(t(unclass(x$best))),
                    score = as.vector(t(x$score)),
                    stringsAsFactors = FALSE)
  for (a in c("data_version", "notice", "options", "library_version", "formulary", "sources"))
    attr(out, a) <- attr(x, a)
  out
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
  cards <- vapply(id, function(x) {
    p <- sdm_formulary_find(f, x)
    if (is.null(p))
      .sdm_stop(-3L, sdm_last_error())
    sdm_card_text(p, r)
  }, character(1L), USE.NAMES = length(id) > 1L)
  class(cards) <- c("libsdm_card", "character")
  cards
}

print.libsdm_card <- function(x, ...) {
  # Each card ends with a newline; a blank line between cards.
  cat(paste(unclass(x), collapse = "\n"))
  invisible(x)
}

sdm_match_many <- function(rankings, top = 1L, scheme = "roc", unknown = "middle",
                           formulary = NULL, exclude = NULL, require_formulation = NULL,
                           require_licence = NULL, weights = NULL, severity = NULL,
                           catalogue = NULL) {
  f <- .sdm_formulary_object(formulary, catalogue)
  if (is.data.frame(rankings))
    rankings <- as.matrix(rankings)
  if (is.factor(rankings))
    rankings <- as.character(rankings)
  if (!(is.numeric(rankings) || is.character(rankings) ||
        (is.logical(rankings) && all(is.na(rankings)))))
    .sdm_invalid("'rankings' must be a matrix of catalogue indices or side-effect ids, not %s",
                 class(rankings)[[1L]])
  if (is.null(dim(rankings)))
    rankings <- matrix(rankings, nrow = 1L)
  if (length(dim(rankings)) != 2L)
    .sdm_invalid("'rankings' must be a matrix with one ranking per row")
  if (ncol(rankings) < 1L)
    .sdm_invalid("'rankings' has no columns: give at least rank 1")
  if (!is.numeric(top) || length(top) != 1L || is.na(top) || top < 1 || top != round(top))
    .sdm_invalid("'top' must be one whole number, at least 1")

  # The C glue converts the matrix (1-based, NA ending a ranking) and
  # sdm_match_batch() checks every row. Only when either finds something
  # wrong does R look at the rankings, to name the cell in R's terms.
  given <- rankings
  if (is.character(rankings)) {
    cat <- sdm_formulary_catalogue(f)
    ids <- .sdm_chr(sdm_catalogue_count(cat), function(i) sdm_catalogue_id(cat, i))
    rankings <- matrix(match(rankings, ids), nrow(given), ncol(given), dimnames = dimnames(given))
    if (anyNA(rankings) && any(is.na(rankings) & !is.na(given)))
      .sdm_check_rankings(given, f)
  } else if (is.logical(rankings)) {
    storage.mode(rankings) <- "integer"
  }
  recheck <- function(e) {
    .sdm_check_rankings(given, f)
    stop(e)
  }
  scheme_given <- !missing(scheme)
  o <- tryCatch(.sdm_options(scheme, unknown, exclude, require_formulation, require_licence,
                             weights, severity, NULL, scheme_given = scheme_given),
                libsdm_error = recheck)
  res <- tryCatch(sdm_r_match_many(f, o, rankings, as.integer(top)), libsdm_error = recheck)
  if (is.null(res)) {
    .sdm_check_rankings(given, f)
    .sdm_invalid("'rankings' must hold whole numbers from 1, NA only at the end of a ranking")
  }
  attr(res, "options") <- sdm_match_options_to_json(o)
  class(res) <- "libsdm_batch"
  .sdm_provenance(res, f)
}

# The checks of sdm_match_many()'s rankings, in R: called only when the C
# glue or the library has refused them, to signal the first problem in R's
# terms (1-based rows and columns, side effects by id); returns if it finds none.
.sdm_check_rankings <- function(rankings, f) {
  cat <- sdm_formulary_catalogue(f)
  items <- sdm_catalogue_count(cat)
  n <- nrow(rankings)
  k <- ncol(rankings)
  # The first offending cell, in reading order.
  first <- function(cells) cells[order(cells[, 1L], cells[, 2L])[[1L]], ]
  at <- function(cell) sprintf("rankings[%d, %d]", cell[[1L]], cell[[2L]])
  ids <- .sdm_chr(items, function(i) sdm_catalogue_id(cat, i))

  if (is.character(rankings)) {
    index <- matrix(match(rankings, ids), n, k)
    bad <- which(is.na(index) & !is.na(rankings), arr.ind = TRUE)
    if (nrow(bad)) {
      cell <- first(bad)
      tryCatch(sdm_catalogue_find(cat, enc2utf8(rankings[cell[[1L]], cell[[2L]]])),
               libsdm_error = function(e)
                 .sdm_stop(e$status, paste0(at(cell), ": ", conditionMessage(e))))
    }
    rankings <- index
  } else {
    bad <- which(!is.na(rankings) &
                   (rankings < 1 | rankings > items | rankings != round(rankings)),
                 arr.ind = TRUE)
    if (nrow(bad)) {
      cell <- first(bad)
      .sdm_invalid("%s: side effect index %s is out of range (1..%d)", at(cell),
                   format(rankings[cell[[1L]], cell[[2L]]]), items)
    }
  }
  storage.mode(rankings) <- "integer"

  # NA only at the end of a ranking, and no side effect twice in one.
  if (k > 1L && n > 0L) {
    absent <- is.na(rankings)
    gap <- which(absent[, -k, drop = FALSE] & !absent[, -1L, drop = FALSE], arr.ind = TRUE)
    if (nrow(gap)) {
      cell <- first(gap)
      .sdm_invalid("%s is NA but rank %d is given: NA may only end a ranking",
                   at(cell), cell[[2L]] + 1L)
    }
    twice <- NULL
    for (j in 2L:k) for (i in seq_len(j - 1L)) {
      rows <- which(!absent[, j] & rankings[, j] == rankings[, i])
      if (length(rows))
        twice <- rbind(twice, cbind(rows, i, j))
    }
    if (!is.null(twice)) {
      cell <- twice[order(twice[, 1L], twice[, 3L], twice[, 2L])[[1L]], ]
      .sdm_stop(-4L, sprintf("rankings[%d, ]: '%s' is given twice (columns %d and %d)",
                             cell[[1L]], ids[[rankings[cell[[1L]], cell[[3L]]]]],
                             cell[[2L]], cell[[3L]]))
    }
  }
  invisible(NULL)
}
