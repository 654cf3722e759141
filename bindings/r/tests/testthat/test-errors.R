# Every error of the R functions, with its exact message: the library's own
# (sdm_last_error()) or the binding's, as an R error of class "libsdm_error".

formulary_json <- function(medications, sources = "[]") {
  temp_file(sprintf('{"format": "sdm-formulary", "format_version": 1, "version": "1",
    "sources": %s, "medications": %s}', sources, medications))
}

test_that("errors carry the status, the message and the user's call", {
  cond <- expect_libsdm_error(sdm_match("weight_gian"), "not_found",
                           "unknown side effect 'weight_gian' (did you mean 'weight_gain'?)")
  expect_identical(conditionCall(cond), quote(sdm_match("weight_gian")))
  cond <- tryCatch(libsdm::sdm_card("olanzipine"), error = identity)
  expect_identical(conditionCall(cond), quote(libsdm::sdm_card("olanzipine")))
  expect_identical(tryCatch(sdm_match("x"), libsdm_error = function(e) e$status), -3L)
  expect_error(sdm_match("weight_gian"), "did you mean 'weight_gain'", fixed = TRUE)
  # After an error the next call works.
  expect_identical(sdm_match("weight_gain")$id[1], sdm_match("weight_gain")$id[1])
})

test_that("sdm_catalogue() errors", {
  msg <- "'file' must be one string"
  expect_libsdm_error(sdm_catalogue(1), "invalid_argument", msg)
  expect_libsdm_error(sdm_catalogue(c("a", "b")), "invalid_argument", msg)
  expect_libsdm_error(sdm_catalogue(NA_character_), "invalid_argument", msg)
  missing <- file.path(tempdir(), "no-such-catalogue.json")
  expect_libsdm_error(sdm_catalogue(missing), "io",
                   paste0(missing, ": cannot open: No such file or directory"))
  bad <- temp_file('{"format": "sdm-catalogue", ')
  expect_libsdm_error(sdm_catalogue(bad), "parse",
                   paste0(bad, ":2:0: string or '}' expected near end of file"))
  other <- temp_file('{"format": "sdm-formulary"}')
  expect_libsdm_error(sdm_catalogue(other), "schema",
                   paste0(other, ':1:12: format: expected "sdm-catalogue", found "sdm-formulary"'))
  twice <- temp_file('{"format": "sdm-catalogue", "format_version": 1, "id": "t",
    "version": "1", "groups": [{"id": "g", "label": "G"}],
    "items": [{"id": "a", "label": "A", "group": "g"}, {"id": "a", "label": "B", "group": "g"}]}')
  expect_libsdm_error(sdm_catalogue(twice), "duplicate",
                   paste0(twice, ": items[1]: the side effect id 'a' is given twice"))
})

test_that("sdm_formulary() errors", {
  expect_libsdm_error(sdm_formulary(2), "invalid_argument", "'file' must be one string")
  expect_libsdm_error(sdm_formulary(catalogue = 2), "invalid_argument",
                   "'catalogue' must be one string")
  typo <- formulary_json('[{"id": "x", "name": "X",
    "ratings": {"weight_gian": {"rating": 1, "source": "s"}}}]', '[{"key": "s", "citation": "S"}]')
  expect_libsdm_error(sdm_formulary(typo), "not_found", paste0(
    typo, ":3:17: medications[0](x).ratings: unknown side effect 'weight_gian' ",
    "(not in the catalogue 'manchester-36') (did you mean 'weight_gain'?)"))
  no_sources <- temp_file('{"format": "sdm-formulary", "format_version": 1, "version": "1",
    "medications": []}')
  expect_libsdm_error(sdm_formulary(no_sources), "schema",
                   paste0(no_sources, ": the key 'sources' is missing"))
  twice <- formulary_json('[{"id": "x", "name": "X", "ratings": {}},
                            {"id": "x", "name": "Y", "ratings": {}}]')
  expect_libsdm_error(sdm_formulary(twice), "duplicate",
                   paste0(twice, ": medications[1]: the medicine id 'x' is given twice"))
  long <- formulary_json(sprintf('[{"id": "%s", "name": "X", "ratings": {}}]', strrep("a", 70)))
  expect_libsdm_error(sdm_formulary(long), "limit",
                   paste0(long, ": medications[0].id: the id has 70 bytes, more than the limit of 64"))
  tiny <- temp_file('{"format": "sdm-catalogue", "format_version": 1, "id": "tiny",
    "version": "1", "groups": [{"id": "g", "label": "G"}],
    "items": [{"id": "a", "label": "A", "group": "g"}]}')
  expect_libsdm_error(sdm_formulary(catalogue = tiny), "invalid_argument", paste(
    "the built-in formulary rates the built-in catalogue's side effects, but the catalogue",
    "'tiny' has other ids (or another order)"))
  expect_libsdm_error(sdm_formulary(file.path(tempdir(), "none.json")), "io",
                   paste0(file.path(tempdir(), "none.json"), ": cannot open: No such file or directory"))
})

test_that("sdm_match() errors: the ranking", {
  expect_libsdm_error(sdm_match(c("weight_gain", "weight_gain")), "duplicate",
                   "'weight_gain' is already ranked 1")
  expect_libsdm_error(sdm_match("weight_gain", "weight_gain"), "conflict",
                   "'weight_gain' is ranked 1 to avoid, so it cannot also be helpful")
  expect_libsdm_error(sdm_match(helpful = c("night_sleepiness", "night_sleepiness")), "duplicate",
                   "'night_sleepiness' is already ticked as helpful")
  expect_libsdm_error(sdm_match(helpful = "weight_gian"), "not_found",
                   "unknown side effect 'weight_gian' (did you mean 'weight_gain'?)")
  expect_libsdm_error(sdm_match(c(quick_avoid, "tiredness")), "invalid_argument",
                   "rank 6 for 'tiredness' is out of range: ranks run from 1 to 5")
  expect_libsdm_error(sdm_match(quick_avoid, max_rank = 4), "invalid_argument",
                   "rank 5 for 'dry_mouth' is out of range: ranks run from 1 to 4")
  expect_libsdm_error(sdm_match(quick_avoid, max_rank = 40), "invalid_argument",
                   "the maximum rank 40 is out of range: it runs from 1 to 36")
  expect_libsdm_error(sdm_match(quick_avoid, max_rank = "x"), "invalid_argument",
                   "'max_rank' must be one whole number")
  expect_libsdm_error(sdm_match(NA), "invalid_argument",
                   "'avoid' must be a character vector of ids, not logical")
  expect_libsdm_error(sdm_match(1), "invalid_argument",
                   "'avoid' must be a character vector of ids, not numeric")
  expect_libsdm_error(sdm_match(c("weight_gain", "")), "invalid_argument", "'avoid'[2] is empty")
  expect_libsdm_error(sdm_match(helpful = NA_character_), "invalid_argument", "'helpful'[1] is NA")
  # The library knows who may complete the form, and suggests the closest id.
  expect_libsdm_error(sdm_match(quick_avoid, completed_by = "bogus"), "not_found",
                   "unknown completed_by value 'bogus' (unspecified, service_user, carer or together)")
  expect_libsdm_error(sdm_match(quick_avoid, completed_by = "carers"), "not_found",
                   "unknown completed_by value 'carers' (did you mean 'carer'?)")
  expect_libsdm_error(sdm_match(quick_avoid, completed_by = 1), "invalid_argument",
                   "'completed_by' must be one string")
})

test_that("sdm_match() errors: the options", {
  # The library reads the options from an sdm-options document: its
  # vocabularies, suggestions and checks apply, and its message names the key
  # as that document does (its elements counted from 1, as R counts).
  expect_libsdm_error(sdm_match(quick_avoid, scheme = "bogus"), "schema",
    "scheme: unknown weighting scheme 'bogus' (roc, rank_sum, reciprocal, equal, lexicographic or custom)")
  expect_libsdm_error(sdm_match(quick_avoid, scheme = c("roc", "equal")), "invalid_argument",
                   "'scheme' must be one string")
  expect_libsdm_error(sdm_match(quick_avoid, scheme = "custom"), "invalid_argument",
                   "scheme: the custom scheme needs weights: call sdm_match_options_set_custom_weights()")
  expect_libsdm_error(sdm_match(quick_avoid, weights = c(1, 1), scheme = "roc"), "schema", paste(
    "'weights' are custom weights, but 'scheme' is 'roc': give the scheme 'custom' (or leave it out)",
    "with weights, or no weights"))
  expect_libsdm_error(sdm_match(quick_avoid, weights = c(1, 1)), "invalid_argument",
                   "the custom weights cover 2 ranks, but the ranking has 5")
  expect_libsdm_error(sdm_match(quick_avoid, weights = -1), "invalid_argument",
                   paste("weights: the custom weight of rank 1 is -1: weights must be finite and not",
                         "negative, at most 1e+300"))
  expect_libsdm_error(sdm_match(quick_avoid, weights = rep(0, 5)), "invalid_argument",
                   "weights: the custom weights are all 0")
  expect_libsdm_error(sdm_match(quick_avoid, weights = rep(1, 37)), "schema",
                   "'weights' needs 1 to 36 numbers, found 37")
  expect_libsdm_error(sdm_match(quick_avoid, weights = c(1, NaN)), "invalid_argument",
                   "'weights'[2] is NaN: JSON, and so the library, takes only finite numbers")
  msg <- "'weights' must be a numeric vector, one weight per rank"
  expect_libsdm_error(sdm_match(quick_avoid, weights = "a"), "invalid_argument", msg)
  expect_libsdm_error(sdm_match(quick_avoid, weights = numeric()), "invalid_argument", msg)
  expect_libsdm_error(sdm_match(quick_avoid, severity = c(0, 1, 2)), "schema",
                   "'severity_scale' needs 4 numbers, found 3")
  expect_libsdm_error(sdm_match(quick_avoid, severity = letters[1:4]), "invalid_argument",
                   "'severity' must be four numbers: the values of none, +, ++ and +++")
  expect_libsdm_error(sdm_match(quick_avoid, severity = c(0, 2, 1, 3)), "invalid_argument",
                   "severity_scale: the severity scale must increase: rating 1 is 2, rating 2 is 1")
  expect_libsdm_error(sdm_match(quick_avoid, unknown = "bogus"), "schema",
                   "unknown: unknown policy for unknown ratings 'bogus' (middle, worst, exclude or mean)")
  expect_libsdm_error(sdm_match(quick_avoid, unknown = NA), "invalid_argument",
                   "'unknown' must be one string")
  expect_libsdm_error(sdm_match(quick_avoid, synthesis = "median"), "schema",
                   "synthesis: unknown synthesis rule 'median' (consensus, highest or precedence)")
  expect_libsdm_error(sdm_match(quick_avoid, synthesis = "highst"), "schema",
                   "synthesis: unknown synthesis rule 'highst' (did you mean 'highest'?)")
  expect_libsdm_error(sdm_match(quick_avoid, helpful_weight = -1), "schema", paste(
    "'helpful_weight' is -1: a weight is not negative (write \"auto\" for the weight of the lowest rank)"))
  msg <- "'helpful_weight' must be one number or \"auto\""
  expect_libsdm_error(sdm_match(quick_avoid, helpful_weight = "x"), "invalid_argument", msg)
  expect_libsdm_error(sdm_match(quick_avoid, helpful_weight = NA_real_), "invalid_argument", msg)
  expect_libsdm_error(sdm_match(quick_avoid, helpful_weight = Inf), "invalid_argument",
                   "'helpful_weight'[1] is Inf: JSON, and so the library, takes only finite numbers")
  expect_libsdm_error(sdm_match(quick_avoid, exclude = "olanzipine"), "not_found",
    "the medicine to exclude 'olanzipine' is not in the formulary (did you mean 'olanzapine'?)")
  expect_libsdm_error(sdm_match(quick_avoid, exclude = c("olanzapine", olanzapine = "why")),
                   "duplicate", "exclude[2]: 'olanzapine' is already excluded")
  expect_libsdm_error(sdm_match(quick_avoid, exclude = c(olanzapine = "two\nlines")), "schema", paste(
    "exclude[1].reason: the text holds a control character or a line break (U+000A) at byte 3"))
  expect_libsdm_error(sdm_match(quick_avoid, require_formulation = c("tablet", "tablet")),
                   "duplicate", "require_formulations[2]: the formulation 'tablet' is already required")
  expect_libsdm_error(sdm_match(quick_avoid, require_formulation = "injection"), "not_found", paste(
    "require_formulations[1]: unknown formulation 'injection' (did you mean 'short_acting_injection'",
    "or 'long_acting_injection'?)"))
  expect_libsdm_error(sdm_match(quick_avoid, require_licence = c("UK", "UK")),
                   "duplicate", "require_licences[2]: the licence country 'UK' is already required")
  expect_libsdm_error(sdm_match(quick_avoid, require_licence = "GB"), "not_found", paste(
    "require_licences[1]: unknown licence country 'GB' (did you mean 'UK'? the formats write the",
    "United Kingdom as UK)"))
  expect_libsdm_error(sdm_match(quick_avoid, require_formulation = 3), "invalid_argument",
                   "'require_formulation' must be a character vector of ids, not numeric")
  expect_libsdm_error(sdm_match(quick_avoid, require_licence = NA_character_), "invalid_argument",
                   "'require_licence'[1] is NA")
  expect_libsdm_error(sdm_match(quick_avoid, exclude = 1), "invalid_argument",
                   "'exclude' must be a character vector of ids, not numeric")
})

test_that("sdm_match() errors: the data", {
  expect_libsdm_error(sdm_match(quick_avoid, formulary = 1), "invalid_argument",
                   "'formulary' must be one string")
  none <- file.path(tempdir(), "none.json")
  expect_libsdm_error(sdm_match(quick_avoid, formulary = none), "io",
                   paste0(none, ": cannot open: No such file or directory"))
  expect_libsdm_error(sdm_match(quick_avoid, catalogue = none), "io",
                   paste0(none, ": cannot open: No such file or directory"))
})

test_that("a side effect id that is also a column name is refused", {
  cat <- temp_file('{"format": "sdm-catalogue", "format_version": 1, "id": "odd",
    "version": "1", "groups": [{"id": "g", "label": "G"}],
    "items": [{"id": "score", "label": "S", "group": "g"}, {"id": "atc", "label": "A", "group": "g"}]}')
  form <- formulary_json('[{"id": "x", "name": "X", "ratings": {}}]')
  expect_libsdm_error(sdm_formulary(form, catalogue = cat), "invalid_argument",
    "the side effect id 'atc' is also the name of a column of the formulary table")
  expect_libsdm_error(sdm_match("score", formulary = form, catalogue = cat), "invalid_argument",
    "the side effect id 'score' is also the name of a column of the match table")
})

test_that("sdm_card() errors", {
  expect_libsdm_error(sdm_card("olanzipine"), "not_found",
                   "the medicine 'olanzipine' is not in the formulary (did you mean 'olanzapine'?)")
  expect_libsdm_error(sdm_card(c("olanzapine", "olanzipine")), "not_found",
                   "the medicine 'olanzipine' is not in the formulary (did you mean 'olanzapine'?)")
  expect_libsdm_error(sdm_card(character()), "invalid_argument",
                   "'id' must name at least one medicine")
  expect_libsdm_error(sdm_card(NA_character_), "invalid_argument", "'id'[1] is NA")
  expect_libsdm_error(sdm_card("olanzapine", avoid = "weight_gian"), "not_found",
                   "unknown side effect 'weight_gian' (did you mean 'weight_gain'?)")
  expect_libsdm_error(sdm_card("olanzapine", avoid = "weight_gain", helpful = "weight_gain"),
                   "conflict", "'weight_gain' is ranked 1 to avoid, so it cannot also be helpful")
  expect_libsdm_error(sdm_card("olanzapine", formulary = file.path(tempdir(), "none.json")), "io",
                   paste0(file.path(tempdir(), "none.json"), ": cannot open: No such file or directory"))
})

test_that("sdm_match_many() errors", {
  expect_libsdm_error(sdm_match_many(list(1, 2)), "invalid_argument",
                   "'rankings' must be a matrix of catalogue indices or side-effect ids, not list")
  expect_libsdm_error(sdm_match_many(array(1, c(1, 1, 1))), "invalid_argument",
                   "'rankings' must be a matrix with one ranking per row")
  expect_libsdm_error(sdm_match_many(matrix(integer(), 1, 0)), "invalid_argument",
                   "'rankings' has no columns: give at least rank 1")
  expect_libsdm_error(sdm_match_many(matrix(c(1, 0), 1)), "invalid_argument",
                   "rankings[1, 2]: side effect index 0 is out of range (1..36)")
  expect_libsdm_error(sdm_match_many(rbind(c(1, 2), c(37, 3))), "invalid_argument",
                   "rankings[2, 1]: side effect index 37 is out of range (1..36)")
  expect_libsdm_error(sdm_match_many(matrix(c(1, 1.5), 1)), "invalid_argument",
                   "rankings[1, 2]: side effect index 1.5 is out of range (1..36)")
  expect_libsdm_error(sdm_match_many(matrix(c("weight_gain", "weight_gian"), 1)), "not_found",
    "rankings[1, 2]: unknown side effect 'weight_gian' (did you mean 'weight_gain'?)")
  expect_libsdm_error(sdm_match_many(rbind(c(1, 2, 3), c(1, NA, 3))), "invalid_argument",
                   "rankings[2, 2] is NA but rank 3 is given: NA may only end a ranking")
  expect_libsdm_error(sdm_match_many(rbind(c(1, 2, 3), c(4, 5, 4))), "duplicate",
                   "rankings[2, ]: 'tiredness' is given twice (columns 1 and 3)")
  expect_libsdm_error(sdm_match_many(matrix(c("weight_gain", "dry_mouth", "weight_gain"), 1)),
                   "duplicate", "rankings[1, ]: 'weight_gain' is given twice (columns 1 and 3)")
  expect_libsdm_error(sdm_match_many(matrix(c(1:36, NA), 1)), "invalid_argument",
                   "sdm_match_batch_ext: k = 37; it must be 1 to 36")
  msg <- "'top' must be one whole number, at least 1"
  expect_libsdm_error(sdm_match_many(1:3, top = 0), "invalid_argument", msg)
  expect_libsdm_error(sdm_match_many(1:3, top = NA), "invalid_argument", msg)
  expect_libsdm_error(sdm_match_many(1:3, top = 1.5), "invalid_argument", msg)
  expect_libsdm_error(sdm_match_many(1:3, exclude = "olanzipine"), "not_found",
    "the medicine to exclude 'olanzipine' is not in the formulary (did you mean 'olanzapine'?)")
  expect_libsdm_error(sdm_match_many(1:3, unknown = "bogus"), "schema",
                   "unknown: unknown policy for unknown ratings 'bogus' (middle, worst, exclude or mean)")
  expect_libsdm_error(sdm_match_many(1:3, scheme = "bogus"), "schema",
    "scheme: unknown weighting scheme 'bogus' (roc, rank_sum, reciprocal, equal, lexicographic or custom)")
  # The library checks custom weights row by row; the glue numbers the rows from 1, as R does.
  expect_libsdm_error(sdm_match_many(1:3, weights = 1), "invalid_argument",
                   "row 1: the custom weights cover 1 ranks, but the ranking has 3")
  expect_libsdm_error(sdm_match_many(rbind(c(1L, NA, NA), 1:3), weights = 1), "invalid_argument",
                   "row 2: the custom weights cover 1 ranks, but the ranking has 3")

  # The helpful side effects of each row, checked as the rankings are.
  expect_libsdm_error(sdm_match_many(1:3, helpful = 3), "conflict", paste(
    "rankings[1, ] and helpful[1, ]: 'night_sleepiness' is both ranked (column 3) and helpful (column 1)"))
  expect_libsdm_error(sdm_match_many(rbind(1:2, 3:4), helpful = rbind(5, 6, 7)), "invalid_argument",
                   "'helpful' has 3 rows, but there are 2 rankings")
  expect_libsdm_error(sdm_match_many(1:3, helpful = c(NA, 4)), "invalid_argument",
                   "helpful[1, 1] is NA but column 2 is given: NA may only end a row")
  expect_libsdm_error(sdm_match_many(1:3, helpful = 40), "invalid_argument",
                   "helpful[1, 1]: side effect index 40 is out of range (1..36)")
  expect_libsdm_error(sdm_match_many(1:3, helpful = "weight_gian"), "not_found",
                   "helpful[1, 1]: unknown side effect 'weight_gian' (did you mean 'weight_gain'?)")
  expect_libsdm_error(sdm_match_many(1:3, helpful = c(8, 8)), "duplicate",
                   "helpful[1, ]: 'weight_loss' is given twice (columns 1 and 2)")
  expect_libsdm_error(sdm_match_many(1:3, helpful = list(1)), "invalid_argument",
                   "'helpful' must be a matrix of catalogue indices or side-effect ids, not list")
})
