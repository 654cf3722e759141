# Efficacy beside burden, the trade-off weight and numeric evidence in R
# (issue 14).

test_that("each ranked medicine says how well it works", {
  m <- sdm_match(quick_avoid, quick_helpful)
  e <- attr(m, "efficacy")
  expect_identical(e$id, m$id)
  # Cariprazine (first): Huhn 2019 SMD -0.345, 4 studies: below 0.35 "less
  # well than most", fewer than 10 studies.
  expect_identical(m$id[[1L]], "cariprazine")
  expect_identical(e$efficacy[[1L]], "works less well than most; based on only 4 studies")
})

test_that("a trade-off weight adds the lack of efficacy, by hand", {
  # lack = (e_max - e) / (e_max - e_min), e = -SMD over the formulary:
  # clozapine 0.894, trifluoperazine 0.244; amisulpride 0.734: 16/65; with
  # lambda 1/2 it adds 8/65 to its score.
  plain <- sdm_match(quick_avoid, quick_helpful)
  traded <- sdm_match(quick_avoid, quick_helpful, tradeoff = 0.5)
  expect_equal(traded$score[traded$id == "amisulpride"],
               plain$score[plain$id == "amisulpride"] + 8 / 65, tolerance = 1e-12)
  expect_match(attr(traded, "options"), '"tradeoff": 0.5', fixed = TRUE)
  expect_match(attr(traded, "efficacy")$efficacy[traded$id == "amisulpride"],
               "added 0.123 to its score", fixed = TRUE)
})

test_that("bad evidence options are refused with the key", {
  expect_libsdm_error(sdm_match(quick_avoid, evidence = "numerc"), "schema",
                      "evidence: unknown evidence mode 'numerc' (did you mean 'numeric'?)")
  expect_libsdm_error(sdm_match(quick_avoid, tradeoff = -1), "schema",
                      "tradeoff: the trade-off weight -1 is not from 0 to 1e+06")
  expect_libsdm_error(sdm_match(quick_avoid, tradeoff = "a"), "invalid_argument",
                      "'tradeoff' must be one number (0 by default: side effects alone)")
  numeric <- sdm_match(quick_avoid, quick_helpful, evidence = "numeric", unknown = "mean")
  expect_match(attr(numeric, "options"), '"evidence": "numeric"', fixed = TRUE)
  expect_match(attr(numeric, "options"), '"unknown": "mean"', fixed = TRUE)
})

test_that("sdm_match_many() takes numeric evidence and gives, row by row, what sdm_match() gives", {
  ids <- sdm_catalogue()$id
  set.seed(14)
  rankings <- t(replicate(40L, sample(36L, 5L)))
  for (unknown in c("middle", "mean")) {
    res <- sdm_match_many(rankings, top = 3, evidence = "numeric", unknown = unknown)
    expect_match(attr(res, "options"), '"evidence": "numeric"', fixed = TRUE)
    for (i in seq_len(nrow(rankings))) {
      m <- sdm_match(ids[rankings[i, ]], evidence = "numeric", unknown = unknown)
      expect_identical(unname(res$best[i, ]), m$id[1:3])
      expect_equal(unname(res$score[i, ]), m$score[1:3], tolerance = 1e-12)
    }
  }
  # The numbers move some first places (the research example counts how many).
  ordinal <- sdm_match_many(rankings)
  numeric <- sdm_match_many(rankings, evidence = "numeric")
  expect_true(any(ordinal$best[, 1] != numeric$best[, 1]))
  expect_libsdm_error(sdm_match_many(rankings, evidence = "numerc"), "schema",
                      "evidence: unknown evidence mode 'numerc' (did you mean 'numeric'?)")
})
