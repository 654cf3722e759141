# The evidence model in R (issue 12): every source's reading of a cell, its
# spread and numeric evidence, the rating under each synthesis rule, and the
# synthesis option of a match. Every expected value is worked out by hand
# from data/formulary.json (format 2: the rules of /work/notes/format2.md).

readings_of <- function(r, id, effect) r[r$medication == id & r$effect == effect, , drop = FALSE]

test_that("sdm_readings() gives every source's reading, one row each", {
  r <- sdm_readings()
  expect_identical(names(r), c("medication", "name", "effect", "label", "rating", "spread", "source",
                               "printed", "value", "low", "note"))
  # data/README.md: of the 684 cells 182 have no reading, 182 one, 189 two,
  # 129 three and 2 four: 182 + 378 + 387 + 8 = 955 readings, and one row
  # (no source) for each cell without one.
  expect_identical(nrow(r), 955L + 182L)
  expect_identical(sum(is.na(r$source)), 182L)
  expect_identical(attr(r, "synthesis"), "consensus")
  expect_identical(attr(r, "data_version"), "2026.12")

  # Cariprazine, stiff muscles: Maudsley "–" (none), S3 "++", UpToDate "+".
  # Sorted 0, 1, 2: consensus +; the readings 2 steps apart.
  cell <- readings_of(r, "cariprazine", "stiff_muscles")
  expect_identical(cell$source, c("maudsley", "s3", "uptodate"))
  expect_identical(cell$printed, c("\u2013", "++", "+"))
  expect_identical(cell$value, c(0L, 2L, 1L))
  expect_identical(cell$rating, rep(1L, 3))
  expect_identical(cell$spread, rep(2L, 3))
  expect_identical(cell$note[2], "S3 eTable 6, column Parkinsonoid")
  # A range: lurasidone's restlessness, S3 "+/++" (low 1, value 2).
  cell <- readings_of(r, "lurasidone", "restlessness")
  s3 <- cell[cell$source == "s3", ]
  expect_identical(list(s3$printed, s3$value, s3$low), list("+/++", 2L, 1L))
  # No reading: one row, rating and spread NA, never 0.
  cell <- readings_of(r, "cariprazine", "poor_sleep")
  expect_identical(nrow(cell), 1L)
  expect_true(is.na(cell$rating) && is.na(cell$spread) && is.na(cell$source) && is.na(cell$value))
})

test_that("each synthesis rule makes its ratings from the readings", {
  # Cariprazine, stiff muscles: consensus + (the middle of 0, 1, 2), highest
  # ++, precedence none (Maudsley, the first source). Dry mouth: Maudsley
  # "–" (0), UpToDate "++" (2): of two, consensus takes the higher, ++;
  # precedence none.
  for (case in list(c("consensus", 1L, 2L), c("highest", 2L, 2L), c("precedence", 0L, 0L))) {
    f <- sdm_formulary(synthesis = case[[1L]])
    expect_identical(attr(f, "synthesis"), case[[1L]])
    expect_identical(f$stiff_muscles[f$id == "cariprazine"], as.integer(case[[2L]]))
    expect_identical(f$dry_mouth[f$id == "cariprazine"], as.integer(case[[3L]]))
    r <- sdm_readings(synthesis = case[[1L]])
    expect_identical(unique(readings_of(r, "cariprazine", "stiff_muscles")$rating), as.integer(case[[2L]]))
    # The paper card decides its three cells under every rule: aripiprazole's
    # feeling sick is + although product information reads "common" twice.
    expect_identical(f$feeling_sick[f$id == "aripiprazole"], 1L)
  }
  f <- sdm_formulary()
  expect_identical(attr(f, "spread")["cariprazine", "stiff_muscles"], 2L)
  expect_identical(attr(f, "spread")["cariprazine", "poor_sleep"], NA_integer_)
  expect_identical(attr(f, "rating_source")["aripiprazole", "feeling_sick"], "card")
  expect_libsdm_error(sdm_formulary(synthesis = "median"), "not_found",
                   "unknown synthesis rule 'median' (consensus, highest or precedence)")
})

test_that("sdm_evidence() gives the numbers from trials in words", {
  e <- sdm_evidence()
  expect_identical(names(e), c("medication", "name", "effect", "label", "source", "outcome", "kind",
                               "value", "unit", "versus", "confidence", "note", "words"))
  # Lurasidone, restlessness: Huhn 2019's risk ratio of 3.93 against placebo,
  # moderate confidence; 1.95 or more reads "about N times as common".
  x <- e[e$medication == "lurasidone" & e$effect == "restlessness", ]
  expect_identical(x$kind, "risk_ratio")
  expect_identical(x$value, 3.93)
  expect_identical(x$unit, "")
  expect_identical(x$words, paste("in trials (Huhn 2019), restlessness (akathisia): about 3.9 times as",
                                  "common as with placebo (risk ratio 3.93); moderate confidence"))
  # Cariprazine's weight: a mean difference of 0.73 kg, low confidence.
  x <- e[e$medication == "cariprazine" & e$effect == "weight_gain", ]
  expect_identical(c(x$kind, x$unit, x$confidence), c("mean_difference", "kg", "low"))
  expect_identical(x$words, "in trials (Huhn 2019), weight: on average 0.7 kg more than with placebo; low confidence")
  expect_identical(unique(e$source), "huhn2019")
})

test_that("sdm_match() takes the synthesis rule", {
  # ROC weights of 5 ranks (137, 77, 47, 27, 12)/300, the helpful one 12/300.
  # Under precedence (the first source, as data 2026.11 was made):
  # cariprazine +, 0, 0, 0, 0 | 0: 137/900; aripiprazole +, 0, 0, + (S3 0/+),
  # 0 | 0: (137 + 27)/900 = 41/225; brexpiprazole +, 0, 0, ?, 0 | 0:
  # 137/900 + 27/600 = 71/360.
  m <- sdm_match(quick_avoid, quick_helpful, synthesis = "precedence")
  expect_identical(attr(m, "synthesis"), "precedence")
  expect_match(attr(m, "options"), '"synthesis": "precedence"', fixed = TRUE)
  expect_identical(m$id[1:3], c("cariprazine", "aripiprazole", "brexpiprazole"))
  expect_equal(m$score[1:3], c(137 / 900, 41 / 225, 71 / 360), tolerance = 1e-15)
  # Under highest, sulpiride (Maudsley alone: 449/1800) comes first;
  # aripiprazole's readings are never above + (8/25).
  m <- sdm_match(quick_avoid, quick_helpful, synthesis = "highest")
  expect_identical(m$id[1:2], c("sulpiride", "aripiprazole"))
  expect_equal(m$score[1:2], c(449 / 1800, 8 / 25), tolerance = 1e-15)
  expect_identical(attr(sdm_match(quick_avoid), "synthesis"), "consensus")
})

test_that("a match says where the sources of its ratings disagree", {
  m <- sdm_match(quick_avoid, quick_helpful)
  d <- attr(m, "disagreements")
  expect_identical(names(d), c("id", "effect", "spread", "readings"))
  # Cariprazine: two steps or more apart on weight gain (S3 0/+, Maudsley +,
  # UpToDate ++), day sleepiness (Maudsley -, S3 0, UpToDate ++), stiff
  # muscles (Maudsley -, UpToDate +, S3 ++), dry mouth (Maudsley -, UpToDate
  # ++) and sleepiness at night (as day sleepiness); not less sex drive (S3 0).
  mine <- d[d$id == "cariprazine", ]
  expect_identical(mine$effect, c("weight_gain", "day_sleepiness", "stiff_muscles", "dry_mouth",
                                  "night_sleepiness"))
  expect_identical(mine$spread, rep(2L, 5))
  expect_identical(mine$readings[[1L]], "none to ++: S3 guideline none to +, Maudsley +, UpToDate ++")
  long <- capture.output(print(m, reasons = TRUE))
  at <- which(startsWith(long, "1. Cariprazine: "))
  # The reason says it, once, in the place of the rating.
  expect_identical(long[at], "1. Cariprazine: Weight gain + (rank 1; sources disagree: none to ++: S3")
  expect_identical(long[at + 1L], "    guideline none to +, Maudsley +, UpToDate ++); Difficulty staying awake")
  expect_false(any(grepl("Sources disagree on", long, fixed = TRUE)))
})
