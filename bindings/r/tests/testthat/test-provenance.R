# Results keep their provenance and print readably (issue 17): the classes
# libsdm_match and libsdm_batch, their print, format and as.data.frame
# methods, and the attributes that say what a result was computed from.
#
# Scores worked by hand with the ROC weights for k = 5, (137, 77, 47, 27,
# 12) / 300, and severity rating / 3, each rating the consensus of the
# cell's readings (test-match.R has the whole table): Cariprazine rates
# weight gain +, stiff muscles (rank 3) + and dry mouth (rank 5) ++ and the
# rest 0, so (137 + 47 + 24)/900 = 52/225 = 0.231; Sulpiride (Maudsley
# alone) rates weight gain and stiff muscles + and less sex drive (rank 4)
# is unknown (1/2), so (137 + 47)/900 + 27/600 = 449/1800 = 0.249. The
# slowing of movements and difficulty having an orgasm have the same
# readings as stiff muscles and less sex drive (the sources' parkinsonism
# and sexual columns), so the batch's ranking (7, 1, 25, 17, 11) scores the
# same without the helpful term, which is 0 for both. With weight gain alone
# (k = 1, weight 1) the eight medicines rating it + score 1/3; Amisulpride
# and Aripiprazole come first, tied, listed by name.

notice <- function() attr(sdm_formulary(), "notice")
version <- function() attr(sdm_formulary(), "data_version")

test_that("sdm_match() returns a classed data frame that keeps its provenance", {
  m <- sdm_match(quick_avoid, quick_helpful, exclude = c(olanzapine = "weight gain last time"))
  expect_identical(class(m), c("libsdm_match", "data.frame"))
  expect_identical(attr(m, "library_version"), as.character(packageVersion("libsdm")))
  expect_identical(attr(m, "formulary"), "libsdm-default")
  expect_identical(attr(m, "data_version"), version())
  expect_identical(attr(m, "notice"), notice())
  expect_identical(attr(m, "sources"), attr(sdm_formulary(), "sources"))
  expect_match(attr(m, "options"), '"scheme": "roc"', fixed = TRUE)
  expect_match(attr(m, "options"), '"id": "olanzapine",\n      "reason": "weight gain last time"', fixed = TRUE)
  # clozapine first (formulary order): its restriction, whose context (treatment_resistant) does not hold
  expect_identical(attr(m, "excluded")$id, c("clozapine", "olanzapine"))
  expect_equal(m$score[1:2], c(52 / 225, 449 / 1800), tolerance = 1e-15)
})

test_that("a match prints as a readable table, the reasons only on request", {
  m <- sdm_match(quick_avoid, quick_helpful)
  out <- capture.output(print(m))
  expect_identical(out[1:4], c(
    "18 medicines ranked for 5 side effects to avoid and 1 helpful",
    "rank  medicine         score  unknown",
    "   1  Cariprazine      0.231        0",
    "   2  Sulpiride        0.249        1"))
  # 2 heading lines, 18 medicines, 2 lines for clozapine left out by its restriction (the reason in words,
  # 76 and 79 columns), 1 saying that olanzapine (its injection's observation) has requirements, 3 of data
  # version and notice, and the hint
  expect_length(out, 2L + 18L + 2L + 1L + 3L + 1L)
  expect_identical(out[[23L]], "Olanzapine has requirements where given: print(x, reasons = TRUE)")
  expect_identical(out[21:22], c(
    "Left out: Clozapine (only where schizophrenia has not responded to two other",
    "  antipsychotics, or they caused severe side effects that could not be treated)"))
  expect_identical(out[[length(out)]], "The reason for each place: print(x, reasons = TRUE)")
  expect_identical(paste(out[24:26], collapse = " "),
                   sprintf("Data version %s (libsdm %s). %s", version(),
                           as.character(packageVersion("libsdm")), notice()))
  expect_false(any(grepl("(rank 1)", out, fixed = TRUE)))
  expect_identical(format(m), out)
  expect_identical(withVisible(print(m))$visible, FALSE)

  long <- capture.output(print(m, reasons = TRUE))
  first <- which(startsWith(long, "1. Cariprazine: "))
  expect_length(first, 1L)
  # the reason says where the sources disagree (cariprazine's weight gain: S3 0/+, Maudsley +, UpToDate ++)
  expect_identical(long[[first]],
                   "1. Cariprazine: Weight gain + (rank 1; sources disagree: none to ++: S3")
  expect_identical(long[[first + 1L]],
                   "    guideline none to +, Maudsley +, UpToDate ++); Difficulty staying awake")
  expect_false(any(grepl("print(x, reasons = TRUE)", long, fixed = TRUE)))
})

test_that("the printed match and batch fit 80 columns, whatever the width option and the names", {
  form <- readLines(extdata("formulary.json"), encoding = "UTF-8")
  form <- sub('"name": "Cariprazine"', sprintf('"name": "%s"', strrep("Cariprazine ", 10)), form, fixed = TRUE)
  path <- temp_file(form)
  old <- options(width = 200)
  on.exit(options(old))
  m <- sdm_match(quick_avoid, quick_helpful, formulary = path, exclude = c(clozapine = strrep("why ", 40)))
  for (lines in list(capture.output(print(m)), capture.output(print(m, reasons = TRUE)),
                     capture.output(print(sdm_match_many(matrix(c(7, 1, 25), 1), top = 19, formulary = path))))) {
    expect_lte(max(nchar(lines, type = "width")), 80L)
  }
  # A name is cut to 30 columns, "..." marking the cut.
  expect_identical(capture.output(print(m))[[3L]], "   1  Cariprazine Cariprazine Car...  0.231        0")
})

test_that("rows keep the class, columns give a plain data frame", {
  m <- sdm_match(quick_avoid, quick_helpful)
  h <- head(m, 3)
  expect_identical(class(h), c("libsdm_match", "data.frame"))
  expect_identical(attr(h, "data_version"), version())
  expect_identical(capture.output(print(h))[[1L]],
                   "3 of the 18 medicines ranked for 5 side effects to avoid and 1 helpful")
  expect_identical(class(m[, c("rank", "name")]), "data.frame")
  expect_identical(m[, "name"][1:2], c("Cariprazine", "Sulpiride"))
  plain <- as.data.frame(m)
  expect_identical(class(plain), "data.frame")
  expect_identical(attr(plain, "record"), attr(m, "record"))
  expect_identical(plain$id, m$id)
})

test_that("sdm_match_many() returns a classed result with print and as.data.frame", {
  b <- sdm_match_many(rbind(c(7, 1, 25, 17, 11), c(7, NA, NA, NA, NA)), top = 2)
  expect_identical(class(b), "libsdm_batch")
  expect_named(b, c("best", "score", "rank", "tied"))
  expect_identical(attr(b, "formulary"), "libsdm-default")
  expect_identical(attr(b, "library_version"), as.character(packageVersion("libsdm")))
  expect_match(attr(b, "options"), '"unknown": "middle"', fixed = TRUE)
  expect_identical(capture.output(print(b))[1:6], c(
    "The best 2 medicines for each of 2 rankings",
    "ranking  place  medication    score  rank  tied",
    "      1      1  cariprazine   0.231     1     1",
    "      1      2  sulpiride     0.249     2     1",
    "      2      1  amisulpride   0.333     1     8",
    "      2      2  aripiprazole  0.333     1     8"))
  # Weight gain alone: eight medicines tie for first; the print says so.
  expect_identical(capture.output(print(b))[7:8], c(
    "1 of the 2 rankings has a tie for first place (tied > 1): the best shown is",
    "only the first by name; summary(x) shares the credit."))
  d <- as.data.frame(b)
  expect_identical(class(d), "data.frame")
  expect_identical(d$ranking, c(1L, 1L, 2L, 2L))
  expect_identical(d$place, c(1L, 2L, 1L, 2L))
  expect_identical(d$medication, c("cariprazine", "sulpiride", "amisulpride", "aripiprazole"))
  expect_equal(d$score, c(52 / 225, 449 / 1800, 1 / 3, 1 / 3), tolerance = 1e-15)
  expect_identical(d$rank, c(1L, 2L, 1L, 1L))
  expect_identical(d$tied, c(1L, 1L, 8L, 8L))
  expect_identical(attr(d, "data_version"), version())
  expect_identical(attr(d, "notice"), notice())
})

test_that("a batch prints its first rankings, names and missing places", {
  b <- sdm_match_many(rbind(a = c(7, 1), b = c(7, NA), c = c(1, NA)), top = 19, exclude = "olanzapine")
  out <- capture.output(print(b, n = 1))
  expect_identical(out[[1L]], "The best 19 medicines for each of 3 rankings")
  # k = 2: weights 3/4, 1/4; + is 1/3. Cariprazine and sulpiride rate weight
  # gain + and day sleepiness 0 (cariprazine: Maudsley -, S3 0, UpToDate ++;
  # sulpiride: Maudsley -): 3/4 * 1/3 = 0.25, a tie listed by name.
  expect_identical(out[[3L]], "      a      1  cariprazine      0.250     1     2")
  # 19 medicines less olanzapine (the request) and clozapine (its restriction): 17 ranked
  expect_identical(out[[20L]], "      a     18  -                    -     -     -")
  expect_identical(out[[21L]], "      a     19  -                    -     -     -")
  expect_identical(out[[22L]], "... and 38 more rows: as.data.frame(x) has them all")
  d <- as.data.frame(b)
  expect_identical(d$ranking[c(1L, 20L, 57L)], c("a", "b", "c"))
  expect_identical(is.na(d$medication), rep(c(rep(FALSE, 17L), TRUE, TRUE), 3L))
})

test_that("the default formulary's provenance, read once, stays what the library says", {
  # sdm_match_many() and the other results take the default formulary's
  # provenance and medicines from a copy read once (issue 15): a result whose
  # attributes are changed must leave the copy alone, and the copy must equal
  # a fresh reading of the library.
  f <- libsdm:::.sdm_formulary_object()
  a <- sdm_match_many(matrix(1:5, 1))
  attr(a, "sources")$key[[1L]] <- "changed"
  attr(a, "medicines")$id[[1L]] <- "changed"
  b <- sdm_match_many(matrix(1:5, 1))
  fresh <- libsdm:::.sdm_read_facts(f, TRUE)
  expect_identical(attr(b, "sources"), fresh$sources)
  expect_identical(attr(b, "medicines"), fresh$medicines)
  expect_identical(attr(b, "medicines")$id[[1L]], "amisulpride")
  expect_identical(attr(sdm_formulary(), "sources"), fresh$sources)
  expect_identical(fresh$formulary, "libsdm-default")
  expect_identical(libsdm:::.sdm_formulary_facts(f, TRUE), fresh)
})
