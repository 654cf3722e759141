# libsdm - how sure is the match: the acceptability analysis (SMAA-2, issue 14) for R.
# SPDX-License-Identifier: MIT
#
# The C glue (bindings/acceptability.i) runs the analysis and hands back the
# library's JSON, words and formulary positions; nothing of it is computed in
# R. Options go to the library as an sdm-options document with the key
# "acceptability", so that it checks the number of scenarios and the seed and
# names them in its message.

# A number of scenarios or a seed as JSON: a whole number as digits, anything
# else as R writes it, for the library to judge. A seed above 2^53 must be a
# string of digits: R's numbers cannot hold it exactly.
.sdm_acc_json_number <- function(x, what) {
  if (is.character(x) && length(x) == 1L && !is.na(x) && what == "seed")
    return(.sdm_json_string(x))
  if (!is.numeric(x) || length(x) != 1L || is.na(x))
    .sdm_invalid("'%s' must be one number%s", what, if (what == "seed") " or a string of digits" else "")
  if (what == "seed" && abs(x) > 2^53)
    .sdm_invalid("'seed' is above 2^53, more than R's numbers hold exactly: give it as a string of digits")
  if (!is.finite(x))
    .sdm_invalid("'%s' is %s: JSON, and so the library, takes only finite numbers", what, format(x))
  if (x == round(x)) sprintf("%.0f", x) else sprintf("%.17g", x)
}

# The options `o` with the acceptability analysis asked for, read again by the library.
.sdm_acc_options <- function(o, scenarios, seed) {
  value <- sprintf('"acceptability": {"scenarios": %s, "seed": %s}',
                   .sdm_acc_json_number(scenarios, "scenarios"), .sdm_acc_json_number(seed, "seed"))
  json <- sub("\\}\\s*$", paste0(", ", value, "}"), sdm_match_options_to_json(o))
  tryCatch(sdm_match_options_from_json(json), libsdm_error = function(e)
    .sdm_stop(e$status, sub("^<json>(:[0-9]+:[0-9]+)?: ", "", conditionMessage(e))))
}

# A list of JSON numbers (NULL for null) as a double vector.
.sdm_acc_numbers <- function(x) vapply(x, function(v) if (is.null(v)) NA_real_ else as.numeric(v), double(1L))

sdm_acceptability <- function(avoid = character(), helpful = character(), scenarios = 10000,
                              seed = 2026, unknown = "middle", formulary = NULL, exclude = NULL,
                              require_formulation = NULL, require_licence = NULL, severity = NULL,
                              helpful_weight = "auto", synthesis = "consensus", completed_by = NULL,
                              max_rank = NULL, catalogue = NULL, contexts = NULL, evidence = "ordinal",
                              tradeoff = 0) {
  f <- .sdm_formulary_object(formulary, catalogue)
  cat <- sdm_formulary_catalogue(f)
  r <- .sdm_ranking(cat, avoid, helpful, completed_by, max_rank)
  o <- .sdm_options(unknown = unknown, synthesis = synthesis, exclude = exclude,
                    require_formulation = require_formulation, require_licence = require_licence,
                    severity = severity, helpful_weight = helpful_weight, contexts = contexts,
                    evidence = evidence, tradeoff = if (identical(tradeoff, 0)) NULL else tradeoff)
  o <- .sdm_acc_options(o, scenarios, seed)
  .sdm_acc_object(sdm_r_acceptability(f, r, o), f, r, o)
}

# The libsdm_acceptability of the glue's list(json, text, index) (sdm_r_acceptability(),
# sdm_r_match_acceptability()) for formulary f, ranking r and options o.
.sdm_acc_object <- function(res, f, r, o) {
  doc <- sdm_r_parse_json(res$json)
  meds <- doc$medicines
  k <- as.integer(sdm_ranking_avoid_count(r))
  central <- matrix(NA_real_, length(meds), k,
                    dimnames = list(vapply(meds, `[[`, "", "id"), if (k) paste0("rank_", seq_len(k))))
  for (i in seq_along(meds))
    if (!is.null(meds[[i]]$central_weights))
      central[i, ] <- .sdm_acc_numbers(meds[[i]]$central_weights)
  drivers <- doc$drivers
  out <- list(
    medicines = data.frame(
      id = vapply(meds, `[[`, "", "id"),
      name = vapply(meds, `[[`, "", "name"),
      first = .sdm_acc_numbers(lapply(meds, `[[`, "first")),
      top3 = .sdm_acc_numbers(lapply(meds, `[[`, "top3")),
      index = res$index,
      stringsAsFactors = FALSE),
    central_weights = central,
    drivers = data.frame(
      medicine = vapply(drivers, `[[`, "", "medicine"),
      side_effect = vapply(drivers, `[[`, "", "side_effect"),
      spread = as.integer(.sdm_acc_numbers(lapply(drivers, `[[`, "spread"))),
      stringsAsFactors = FALSE),
    scenarios = as.numeric(doc$scenarios),
    seed = doc$seed,
    fragile = isTRUE(doc$fragile),
    text = res$text,
    json = res$json)
  attr(out, "options") <- sdm_match_options_to_json(o)
  attr(out, "ranking") <- sdm_ranking_to_json(r)
  class(out) <- "libsdm_acceptability"
  .sdm_provenance(out, f)
}

# A share as a percentage with one decimal.
.sdm_acc_percent <- function(x) ifelse(is.na(x), "", sprintf("%.1f %%", 100 * x))

format.libsdm_acceptability <- function(x, n = 10L, width = NULL, ...) {
  width <- .sdm_width(width)
  m <- x$medicines
  shown <- utils::head(m[m$first > 0 | m$top3 > 0, , drop = FALSE], n)
  table <- .sdm_table(list(medicine = .sdm_fit(shown$name, width - 40L),
                           first = .sdm_acc_percent(shown$first),
                           `top three` = .sdm_acc_percent(shown$top3)),
                      left = "medicine")
  rest <- nrow(m) - nrow(shown)
  c(strwrap(x$text, width = width), "", table,
    if (rest > 0L) sprintf("(%d more medicine%s, %s)", rest, if (rest == 1L) "" else "s",
                           if (any(m$first[-seq_len(nrow(shown))] > 0 | m$top3[-seq_len(nrow(shown))] > 0))
                             "print(x, n = ...) shows them" else "never among the first three"),
    "", .sdm_footer(x, width))
}

print.libsdm_acceptability <- function(x, n = 10L, width = NULL, ...) {
  writeLines(format(x, n = n, width = width, ...))
  invisible(x)
}

as.data.frame.libsdm_acceptability <- function(x, row.names = NULL, optional = FALSE, ...) {
  frame <- cbind(x$medicines, as.data.frame(x$central_weights, row.names = NULL, optional = TRUE))
  rownames(frame) <- NULL
  for (a in c("data_version", "notice", "library_version", "formulary", "options", "ranking"))
    attr(frame, a) <- attr(x, a)
  attr(frame, "scenarios") <- x$scenarios
  attr(frame, "seed") <- x$seed
  frame
}

summary.libsdm_acceptability <- function(object, ...) {
  m <- object$medicines
  structure(list(scenarios = object$scenarios, seed = object$seed, medicines = nrow(m),
                 best = if (nrow(m)) m$id[[1L]] else NA_character_,
                 first = if (nrow(m)) m$first[[1L]] else NA_real_,
                 second = if (nrow(m) > 1L) m$first[[2L]] else NA_real_,
                 fragile = object$fragile, drivers = nrow(object$drivers)),
            class = "summary.libsdm_acceptability")
}

print.summary.libsdm_acceptability <- function(x, width = NULL, ...) {
  writeLines(strwrap(c(
    sprintf("Acceptability analysis: %s scenarios, seed %s, %d medicines.", format(x$scenarios, big.mark = ","),
            format(x$seed, scientific = FALSE), x$medicines),
    sprintf("First: %s in %s of the scenarios; the next %s.%s", x$best, .sdm_acc_percent(x$first),
            .sdm_acc_percent(x$second), if (x$fragile) " Fragile: the evidence does not separate them." else ""),
    sprintf("Unknown or disputed ratings that drive it: %d.", x$drivers)), width = .sdm_width(width)))
  invisible(x)
}

# The options `o` with the analysis sdm_match(acceptability = ) asks for: NULL (none), a number of
# scenarios (seed 2026), or c(scenarios, seed) / list(scenarios, seed) (a seed above 2^53 as a string).
.sdm_match_acc_options <- function(o, acceptability) {
  if (is.null(acceptability))
    return(o)
  if (length(acceptability) == 1L)
    return(.sdm_acc_options(o, acceptability[[1L]], 2026))
  if (length(acceptability) != 2L)
    .sdm_invalid("'acceptability' must be a number of scenarios or c(scenarios, seed)")
  .sdm_acc_options(o, acceptability[[1L]], acceptability[[2L]])
}

# The analysis a match keeps (a libsdm_acceptability), or NULL when it has none.
.sdm_match_acceptability <- function(m, f) {
  res <- sdm_r_match_acceptability(m)
  if (is.null(res)) NULL else .sdm_acc_object(res, f, sdm_match_ranking(m), sdm_match_options_used(m))
}

sdm_match_card <- function(m, i = 1L) {
  if (!inherits(m, "libsdm_match"))
    .sdm_invalid("'m' must be what sdm_match() returns")
  handle <- attr(m, "match")
  n <- as.integer(sdm_match_count(handle))
  place <- if (is.character(i)) match(i, m$id) else i
  if (!length(place) || anyNA(place) || !is.numeric(place) || any(place != round(place)) ||
      any(place < 1L | place > n))
    .sdm_invalid("'i' must be places from 1 to %d or ids of ranked medicines", n)
  place <- as.integer(place)
  r <- sdm_match_ranking(handle)
  cards <- vapply(place, function(j) sdm_match_card_text(handle, j - 1L), character(1L))
  json <- lapply(place, function(j) sdm_r_parse_json(sdm_card_to_json(sdm_match_profile(handle, j - 1L), r)))
  if (length(place) > 1L)
    names(cards) <- names(json) <- m$id[place]
  .sdm_cards(cards, json)
}

# ---- the population form ------------------------------------------------------

sdm_acceptability_many <- function(rankings, helpful = NULL, scenarios = 10000, seed = 2026,
                                   unknown = "middle", formulary = NULL, exclude = NULL,
                                   require_formulation = NULL, require_licence = NULL, severity = NULL,
                                   helpful_weight = "auto", synthesis = "consensus", catalogue = NULL,
                                   contexts = NULL, evidence = "ordinal", tradeoff = 0) {
  f <- .sdm_formulary_object(formulary, catalogue)
  rankings <- .sdm_batch_matrix(rankings, "rankings", NULL)
  if (ncol(rankings) < 1L)
    .sdm_invalid("'rankings' has no columns: give at least rank 1")
  if (!is.null(helpful))
    helpful <- .sdm_batch_matrix(helpful, "helpful", nrow(rankings))
  given <- list(rankings = rankings, helpful = helpful)
  # Checked in R's terms first (1-based rows and columns, ids), then 0-based for the library.
  .sdm_check_rankings(given, f)
  cat <- sdm_formulary_catalogue(f)
  ids <- .sdm_chr(sdm_catalogue_count(cat), function(i) sdm_catalogue_id(cat, i))
  zero_based <- function(x) {
    if (is.null(x)) return(NULL)
    index <- if (is.character(x)) match(x, ids) else x
    matrix(as.integer(index) - 1L, nrow(x), ncol(x))
  }
  o <- .sdm_options(unknown = unknown, synthesis = synthesis, exclude = exclude,
                    require_formulation = require_formulation, require_licence = require_licence,
                    severity = severity, helpful_weight = helpful_weight, contexts = contexts,
                    evidence = evidence, tradeoff = if (identical(tradeoff, 0)) NULL else tradeoff)
  o <- .sdm_acc_options(o, scenarios, seed)
  res <- sdm_r_acceptability_many(f, o, zero_based(rankings), zero_based(helpful))
  meds <- .sdm_chr(sdm_formulary_count(f), function(i) sdm_profile_id(sdm_formulary_profile(f, i)))
  dimnames(res$first) <- dimnames(res$top3) <- list(rownames(rankings), meds)
  options <- sdm_match_options_to_json(o)
  seed_used <- sdm_r_parse_json(options)$acceptability$seed
  res$scenarios <- as.numeric(sdm_match_options_acceptability_scenarios(o))
  res$seed <- seed_used
  attr(res, "options") <- options
  class(res) <- "libsdm_acceptability_many"
  .sdm_provenance(res, f)
}

format.libsdm_acceptability_many <- function(x, n = 6L, width = NULL, ...) {
  width <- .sdm_width(width)
  rows <- nrow(x$first)
  shown <- seq_len(min(n, rows))
  best <- vapply(shown, function(i) {
    share <- x$first[i, ]
    if (all(is.na(share))) return("(no side effect: no result)")
    j <- which.max(share)
    sprintf("%s %s", colnames(x$first)[[j]], .sdm_acc_percent(share[[j]]))
  }, "")
  labels <- if (is.null(rownames(x$first))) as.character(shown) else rownames(x$first)[shown]
  c(strwrap(sprintf("Acceptability of %d ranking%s (%s scenarios each, seed %s): the medicine first most often",
                    rows, if (rows == 1L) "" else "s", format(x$scenarios, big.mark = ","),
                    format(x$seed, scientific = FALSE)), width = width),
    .sdm_table(list(ranking = labels, first = .sdm_fit(best, width - 12L)), left = c("ranking", "first")),
    if (rows > length(shown)) sprintf("(%d more)", rows - length(shown)),
    "", .sdm_footer(x, width))
}

print.libsdm_acceptability_many <- function(x, n = 6L, width = NULL, ...) {
  writeLines(format(x, n = n, width = width, ...))
  invisible(x)
}

as.data.frame.libsdm_acceptability_many <- function(x, row.names = NULL, optional = FALSE, ...) {
  cells <- which(!is.na(x$first), arr.ind = TRUE)
  cells <- cells[order(cells[, 1L], cells[, 2L]), , drop = FALSE]
  frame <- data.frame(ranking = as.integer(cells[, 1L]), medicine = colnames(x$first)[cells[, 2L]],
                      first = x$first[cells], top3 = x$top3[cells], stringsAsFactors = FALSE)
  for (a in c("data_version", "notice", "library_version", "formulary", "options"))
    attr(frame, a) <- attr(x, a)
  attr(frame, "scenarios") <- x$scenarios
  attr(frame, "seed") <- x$seed
  frame
}
