# The acceptability analysis (issue 14): sdm_acceptability() and sdm_acceptability_many()
# against the C library's pinned values (tests/unit/test-acceptability.c).

# tests/unit/test-acceptability.c pins the quick-start person's shares for 10,000 scenarios and seed
# 2026 (the defaults) with %a; R must give the very same doubles (R reads C's hexadecimal floating
# point exactly). Copied here, and compared with that file when the sources are at hand (meson test
# sets SDM_SOURCE_ROOT; R CMD check runs without them).
pinned <- function() data.frame(
  id = c("sulpiride", "cariprazine", "brexpiprazole", "aripiprazole",
      "amisulpride", "asenapine", "ziprasidone", "lurasidone",
      "iloperidone", "trifluoperazine", "chlorpromazine", "flupentixol",
      "haloperidol", "olanzapine", "paliperidone", "quetiapine",
      "risperidone", "zuclopenthixol"),
  first = as.numeric(c("0x1.12474538ef34dp-2", "0x1.00a60647d1086p-2", "0x1.f22d0e5604189p-3",
      "0x1.7a92a30553261p-3", "0x1.6b2dbd194237fp-5", "0x1.f212d77318fc5p-9",
      "0x1.f671529a485ccp-10", "0x1.b4e81b4e81b4fp-10", "0x1.a36e2eb1c432dp-10",
      "0x1.a36e2eb1c432dp-14", "0x0p+0", "0x0p+0",
      "0x0p+0", "0x0p+0", "0x0p+0",
      "0x0p+0", "0x0p+0", "0x0p+0")),
  top3 = as.numeric(c("0x1.a1d5acb6f4652p-1", "0x1.d66cf41f212d7p-2", "0x1.ddfc733bf0298p-2",
      "0x1.3ec33e1f67152p-1", "0x1.8e861363427ddp-2", "0x1.b020c49ba5e35p-5",
      "0x1.a9c779a6b50b3p-4", "0x1.ef57ca7a9b5ffp-5", "0x1.9652bd3c36113p-6",
      "0x1.0624dd2f1a9fcp-8", "0x0p+0", "0x0p+0",
      "0x0p+0", "0x0p+0", "0x0p+0",
      "0x0p+0", "0x0p+0", "0x0p+0")),
  stringsAsFactors = FALSE)

test_that("the pinned values are those of the C test", {
  root <- Sys.getenv("SDM_SOURCE_ROOT")
  skip_if(!nzchar(root), "the sources are not at hand")
  text <- paste(readLines(file.path(root, "tests", "unit", "test-acceptability.c")), collapse = "\n")
  body <- substring(text, regexpr("default_data_pinned_for_the_default_seed", text, fixed = TRUE))
  body <- substring(body, 1L, regexpr("};", body, fixed = TRUE))
  pattern <- '\\{"([a-z]+)", (0x[0-9a-fp.+-]+), (0x[0-9a-fp.+-]+)\\}'
  parts <- regmatches(body, gregexpr(pattern, body))[[1L]]
  parts <- regmatches(parts, regexec(pattern, parts))
  from_c <- data.frame(id = vapply(parts, `[[`, "", 2L), first = as.numeric(vapply(parts, `[[`, "", 3L)),
                       top3 = as.numeric(vapply(parts, `[[`, "", 4L)), stringsAsFactors = FALSE)
  expect_identical(from_c, pinned())
})

test_that("the quick-start person's shares are the C test's pinned values, bit for bit", {
  p <- pinned()
  expect_identical(nrow(p), 18L)
  # Written out too: sulpiride first in 2678.5 of 10,000 scenarios.
  expect_identical(p$id[[1L]], "sulpiride")
  expect_identical(p$first[[1L]], 0.26785)
  expect_identical(p$first[[2L]], as.numeric("0x1.00a60647d1086p-2"))
  a <- sdm_acceptability(quick_avoid, quick_helpful)
  expect_s3_class(a, "libsdm_acceptability")
  expect_identical(a$scenarios, 10000)
  expect_identical(as.numeric(a$seed), 2026)
  expect_identical(a$medicines$id, p$id)
  expect_identical(a$medicines$first, p$first)
  expect_identical(a$medicines$top3, p$top3)
  expect_true(a$fragile)  # 26.8 % against 25.1 %
})

test_that("the same seed gives the same numbers, another seed others", {
  a <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 2000, seed = 77)
  b <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 2000, seed = "77")
  c <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 2000, seed = 78)
  expect_identical(a$medicines, b$medicines)
  expect_false(identical(a$medicines$first, c$medicines[match(a$medicines$id, c$medicines$id), "first"]))
})

test_that("shares sum to one and to three; the medicines are those sdm_match() ranks", {
  a <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 3000, seed = 5)
  expect_equal(sum(a$medicines$first), 1, tolerance = 1e-12)
  expect_equal(sum(a$medicines$top3), 3, tolerance = 1e-12)
  expect_setequal(a$medicines$id, sdm_match(quick_avoid, quick_helpful)$id)
  expect_false("clozapine" %in% a$medicines$id)
  w <- a$central_weights
  expect_identical(dim(w), c(18L, 5L))
  ever <- a$medicines$first > 0
  expect_equal(unname(rowSums(w[ever, , drop = FALSE])), rep(1, sum(ever)), tolerance = 1e-12)
  expect_true(all(is.na(w[!ever, ])))
  expect_false(is.unsorted(rev(a$medicines$first)))
})

test_that("a dominant medicine is first in every scenario", {
  # As the C test dominant_medicine_is_always_first: A weight gain 0/1, tremor 0; B 2/3 and 0/1; C 2
  # and 3. With w1 >= w2, A scores at most w1, B at least 2 w1: A is first in all 10,000 scenarios.
  cell <- function(...) {
    v <- c(...)
    sprintf('{"readings": [%s]}', paste(sprintf('{"source": "%s", "printed": "%d", "value": %d}',
                                                c("x", "y")[seq_along(v)], v, v), collapse = ", "))
  }
  med <- function(id, wg, tr) sprintf('{"id": "%s", "name": "%s", "ratings": {"weight_gain": %s, "tremor": %s}}',
                                      id, id, wg, tr)
  path <- temp_file(paste0(
    '{"format": "sdm-formulary", "format_version": 2, "version": "acc", "catalogue": "manchester-36",',
    ' "sources": [{"key": "x", "label": "X", "citation": "x", "reliability": "peer_reviewed"},',
    ' {"key": "y", "label": "Y", "citation": "y", "reliability": "peer_reviewed"}], "medications": [',
    med("A", cell(0, 1), cell(0)), ", ", med("B", cell(2, 3), cell(0, 1)), ", ", med("C", cell(2), cell(3)),
    "]}"))
  a <- sdm_acceptability(c("weight_gain", "tremor"), formulary = path)
  expect_identical(a$medicines$id, c("A", "B", "C"))
  expect_identical(a$medicines$first, c(1, 0, 0))
  expect_identical(a$medicines$top3, c(1, 1, 1))
  expect_false(a$fragile)
  expect_identical(nrow(a$drivers), 0L)
  expect_match(a$text, "^A is the best fit for you in every plausible reading")
})

test_that("the words and the JSON are the library's", {
  a <- sdm_acceptability(quick_avoid, quick_helpful)
  expect_match(a$text, "^No medicine clearly comes first: Sulpiride is first in 27 %")
  expect_match(a$text, "(10,000 readings drawn, seed 2026)", fixed = TRUE)
  expect_identical(a$drivers$medicine[[1L]], "sulpiride")
  expect_identical(a$drivers$side_effect[[1L]], "less_sex_drive")
  expect_identical(a$drivers$spread[[1L]], NA_integer_)  # no source rates it
  expect_match(a$json, '"seed": 2026', fixed = TRUE)
})

test_that("print, format, summary and as.data.frame", {
  a <- sdm_acceptability(quick_avoid, quick_helpful)
  lines <- format(a)
  expect_true(all(nchar(lines, type = "width") <= 80L))
  expect_true("Sulpiride        26.8 %     81.6 %" %in% lines)
  expect_true("(8 more medicines, never among the first three)" %in% lines)
  expect_true(any(grepl("^Data version 2026", lines)))
  expect_output(print(a), "Sulpiride        26.8 %", fixed = TRUE)
  expect_true(all(nchar(capture.output(print(summary(a))), type = "width") <= 80L))
  expect_output(print(summary(a)), "First: sulpiride in 26.8 % of the scenarios; the next 25.1 %.", fixed = TRUE)
  d <- as.data.frame(a)
  expect_identical(names(d), c("id", "name", "first", "top3", "index", paste0("rank_", 1:5)))
  expect_identical(d$first, a$medicines$first)
  expect_identical(attr(d, "seed"), a$seed)
  expect_identical(attr(d, "data_version"), "2026.12")
  expect_match(attr(d, "notice"), "illustration and research")
})

test_that("seeds above 2^53 are strings of digits", {
  big <- "18446744073709551615"
  a <- sdm_acceptability(quick_avoid, scenarios = 200, seed = big)
  expect_identical(a$seed, big)
  expect_match(a$json, sprintf('"seed": "%s"', big), fixed = TRUE)
  expect_libsdm_error(sdm_acceptability(quick_avoid, seed = 2^60), "invalid_argument",
                      "'seed' is above 2^53, more than R's numbers hold exactly: give it as a string of digits")
})

test_that("bad input is refused with the library's message", {
  seed_message <- "acceptability.seed: the seed must be an integer from 0 to 2^64 - 1 (above 2^53 as a string of digits)"
  expect_libsdm_error(sdm_acceptability(quick_avoid, scenarios = -1), "schema",
                      "acceptability: 'scenarios' is -1, outside 1..100000000")
  expect_libsdm_error(sdm_acceptability(quick_avoid, scenarios = 100000001), "schema",
                      "acceptability: 'scenarios' is 100000001, outside 1..100000000")
  expect_libsdm_error(sdm_acceptability(quick_avoid, seed = -1), "schema", seed_message)
  expect_libsdm_error(sdm_acceptability(quick_avoid, seed = "12a"), "schema", seed_message)
  expect_libsdm_error(sdm_acceptability(quick_avoid, seed = 1.5), "schema", seed_message)
  expect_libsdm_error(sdm_acceptability(quick_avoid, seed = "18446744073709551616"), "schema", seed_message)
  expect_libsdm_error(sdm_acceptability_many(matrix(1L), scenarios = -1), "schema",
                      "acceptability: 'scenarios' is -1, outside 1..100000000")
  expect_error(sdm_acceptability(), class = "libsdm_error_invalid_argument")
})

test_that("the population form equals the analyses one by one, bit for bit", {
  rankings <- rbind(quick_avoid, rev(quick_avoid), c("stiff_muscles", NA, NA, NA, NA), NA)
  helpful <- matrix(c("night_sleepiness", NA, "night_sleepiness", NA), ncol = 1L)
  m <- sdm_acceptability_many(rankings, helpful = helpful, scenarios = 1500, seed = 11)
  expect_s3_class(m, "libsdm_acceptability_many")
  expect_identical(dim(m$first), c(4L, 19L))
  one <- list(sdm_acceptability(quick_avoid, quick_helpful, scenarios = 1500, seed = 11),
              sdm_acceptability(rev(quick_avoid), scenarios = 1500, seed = 11),
              sdm_acceptability("stiff_muscles", quick_helpful, scenarios = 1500, seed = 11))
  for (i in 1:3) {
    a <- one[[i]]
    first <- m$first[i, ]
    expect_identical(unname(first[a$medicines$id]), a$medicines$first)
    expect_identical(unname(m$top3[i, a$medicines$id]), a$medicines$top3)
    expect_true(all(is.na(first[setdiff(colnames(m$first), a$medicines$id)])))  # left out: NA
  }
  expect_true(all(is.na(m$first[4, ])))  # no side effect: no result
  d <- as.data.frame(m)
  expect_identical(sort(unique(d$ranking)), 1:3)
  expect_identical(nrow(d), 3L * 18L)
  expect_identical(attr(d, "scenarios"), 1500)
  expect_true(all(nchar(format(m), type = "width") <= 80L))
  expect_output(print(m), "sulpiride", fixed = TRUE)
  # indices (1-based) work as ids do, and the pinned person again
  ids <- sdm_catalogue()$id
  p <- pinned()
  d1 <- sdm_acceptability_many(match(quick_avoid, ids), helpful = match(quick_helpful, ids))
  expect_identical(unname(d1$first[1, p$id]), p$first)
  expect_identical(unname(d1$top3[1, p$id]), p$top3)
})

test_that("the generated layer takes and gives 64-bit seeds: numbers up to 2^53, strings of digits", {
  o <- libsdm:::sdm_match_options_new()
  libsdm:::sdm_match_options_set_acceptability(o, 100, "18446744073709551615")
  expect_identical(libsdm:::sdm_match_options_acceptability_seed(o), "18446744073709551615")
  expect_identical(libsdm:::sdm_match_options_acceptability_scenarios(o), 100L)
  libsdm:::sdm_match_options_set_acceptability(o, 100, 2^53)
  expect_identical(libsdm:::sdm_match_options_acceptability_seed(o), 2^53)
  libsdm:::sdm_match_options_set_acceptability(o, 100, "9007199254740993")  # 2^53 + 1: a string again
  expect_identical(libsdm:::sdm_match_options_acceptability_seed(o), "9007199254740993")
  for (bad in list(-1, 1.5, 2^53 + 2, "12a", "", "18446744073709551616", NA_real_))
    expect_error(libsdm:::sdm_match_options_set_acceptability(o, 100, bad),
                 "the seed must be a whole number from 0 to 2^53 or a string of decimal digits up to 18446744073709551615",
                 fixed = TRUE)
  expect_error(libsdm:::sdm_match_options_set_acceptability(o, 1e9, 1),
               "the number of scenarios of the acceptability analysis (1000000000) is over the limit of 100000000",
               fixed = TRUE, class = "libsdm_error_invalid_argument")
})

test_that("options apply as in sdm_match(), every scoring option too", {
  a <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 500, contexts = "treatment_resistant")
  expect_identical(nrow(a$medicines), 19L)
  expect_true("clozapine" %in% a$medicines$id)
  a <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 500, exclude = c("sulpiride", "cariprazine"))
  expect_identical(nrow(a$medicines), 16L)
  expect_equal(sum(a$medicines$first), 1, tolerance = 1e-12)
  # 'mean' draws an unknown cell as 'middle' does (acceptability.h): the same numbers
  middle <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 1000, seed = 11)
  mean <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 1000, seed = 11, unknown = "mean")
  expect_identical(mean$medicines$first, middle$medicines$first)
  for (options in list(list(evidence = "numeric"), list(tradeoff = 0.5))) {
    a <- do.call(sdm_acceptability, c(list(quick_avoid, quick_helpful, scenarios = 1000, seed = 11), options))
    expect_equal(sum(a$medicines$first), 1, tolerance = 1e-12)
    expect_false(identical(a$medicines$first, middle$medicines$first))
    many <- do.call(sdm_acceptability_many, c(list(matrix(quick_avoid, 1L), helpful = matrix(quick_helpful, 1L),
                                                   scenarios = 1000, seed = 11), options))
    expect_identical(unname(many$first[1L, a$medicines$id]), a$medicines$first)
  }
})

test_that("a match keeps the analysis it asks for; its reasons and cards say how sure", {
  m <- sdm_match(quick_avoid, quick_helpful, acceptability = c(10000, 2026))
  kept <- attr(m, "acceptability")
  expect_s3_class(kept, "libsdm_acceptability")
  alone <- sdm_acceptability(quick_avoid, quick_helpful, scenarios = 10000, seed = 2026)
  expect_identical(kept$medicines, alone$medicines)
  expect_identical(kept$text, alone$text)
  expect_null(attr(sdm_match(quick_avoid, quick_helpful), "acceptability"))
  # the quick-start person: cariprazine first in the match, sulpiride first a little more often
  expect_identical(m$id[[1L]], "cariprazine")
  expect_identical(kept$medicines$id[[1L]], "sulpiride")
  expect_match(m$reason[[1L]], paste0("It is the best fit in 25 % of the plausible readings of the evidence and ",
                                      "of your priorities and among the best three in 46 %. The evidence does not ",
                                      "separate it from Sulpiride (the best fit in 27 %). What makes it uncertain: ",
                                      "for Sulpiride, Less sex drive is not known;"), fixed = TRUE)
  card <- sdm_match_card(m, 1L)
  expect_s3_class(card, "libsdm_card")
  expect_match(card, "\nHow sure its place is: Cariprazine is the best fit in 25 % of the plausible readings")
  expect_identical(attr(card, "json")[[1L]], attr(sdm_card("cariprazine", quick_avoid, quick_helpful), "json")[[1L]])
  cards <- sdm_match_card(m, c("sulpiride", "aripiprazole"))
  expect_identical(names(cards), c("sulpiride", "aripiprazole"))
  expect_match(cards[["sulpiride"]], "How sure its place is: Sulpiride is the best fit in 27 %", fixed = TRUE)
  # without the analysis, the card is sdm_card()'s
  plain <- sdm_match(quick_avoid, quick_helpful)
  expect_identical(unclass(sdm_match_card(plain, 1L))[[1L]],
                   unclass(sdm_card("cariprazine", quick_avoid, quick_helpful))[[1L]])
  expect_libsdm_error(sdm_match_card(plain, 99L), "invalid_argument",
                      "'i' must be places from 1 to 18 or ids of ranked medicines")
  expect_libsdm_error(sdm_match_card(list(), 1L), "invalid_argument", "'m' must be what sdm_match() returns")
})
