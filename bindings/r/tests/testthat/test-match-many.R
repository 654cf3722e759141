ids <- sdm_catalogue()$id
index <- function(x) match(x, ids)

test_that("sdm_match_many() matches the quick-start ranking as sdm_match() does", {
  res <- sdm_match_many(matrix(index(quick_avoid), nrow = 1), top = 3)
  expect_named(res, c("best", "score"))
  expect_identical(res$best, matrix(c("cariprazine", "aripiprazole", "brexpiprazole"), 1))
  # No helpful side effects in a batch; these three rate sleepiness at night 0 anyway.
  expect_equal(res$score, matrix(c(137 / 900, 41 / 225, 71 / 360), 1), tolerance = 1e-12)
  expect_identical(attr(res, "data_version"), "2026.11")

  res1 <- sdm_match_many(matrix(index(quick_avoid), nrow = 1))
  expect_identical(dim(res1$best), c(1L, 1L))
  expect_identical(res1$best[1, 1], "cariprazine")
  # A vector is one ranking; ids work as well as indices.
  expect_identical(sdm_match_many(index(quick_avoid), top = 3), res)
  expect_identical(sdm_match_many(matrix(quick_avoid, nrow = 1), top = 3), res)
  expect_identical(sdm_match_many(as.data.frame(matrix(index(quick_avoid), nrow = 1)), top = 3), res)
})

test_that("sdm_match_many() gives, row by row, what sdm_match() gives", {
  set.seed(20261)
  n <- 60L
  k <- 5L
  rankings <- t(replicate(n, sample(36L, k)))
  lengths <- sample(1:k, n, replace = TRUE)
  for (i in seq_len(n))
    rankings[i, seq_len(k)[-seq_len(lengths[i])]] <- NA   # shorter rows end in NA
  rownames(rankings) <- sprintf("person%02d", seq_len(n))
  res <- sdm_match_many(rankings, top = 4, unknown = "worst", scheme = "rank_sum")
  expect_identical(dim(res$best), c(n, 4L))
  expect_identical(rownames(res$best), rownames(rankings))
  expect_identical(rownames(res$score), rownames(rankings))
  for (i in seq_len(n)) {
    m <- sdm_match(ids[rankings[i, seq_len(lengths[i])]], unknown = "worst", scheme = "rank_sum")
    expect_identical(unname(res$best[i, ]), m$id[1:4])
    expect_equal(unname(res$score[i, ]), m$score[1:4], tolerance = 1e-12)
  }
})

test_that("sdm_match_many() applies filters and fills short results with NA", {
  res <- sdm_match_many(rbind(index(quick_avoid), index(c("dry_mouth", "weight_gain", NA, NA, NA))),
                        top = 8, require_formulation = "long_acting_injection",
                        exclude = c(olanzapine = "weight gain before"))
  expect_identical(res$best[1, ], c("aripiprazole", "haloperidol", "paliperidone", "risperidone",
                                    "flupentixol", "zuclopenthixol", NA, NA))
  expect_identical(is.na(res$score), is.na(res$best))
  expect_identical(res$best[2, 1:6],
                   sdm_match(c("dry_mouth", "weight_gain"), require_formulation = "long_acting_injection",
                             exclude = "olanzapine")$id)

  res <- sdm_match_many(index(quick_avoid), top = 19, unknown = "exclude")
  expect_identical(sum(!is.na(res$best)), 13L)
  res <- sdm_match_many(index(quick_avoid), top = 2, require_licence = "US", weights = c(1, 0, 0, 0, 0))
  expect_identical(res$best[1, ], c("aripiprazole", "asenapine"))
  expect_equal(res$score[1, ], c(1 / 3, 1 / 3), tolerance = 1e-12)
  res <- sdm_match_many(index(quick_avoid), severity = c(0, 1, 3, 9))
  expect_equal(res$score[1, 1], roc5[1] / 9, tolerance = 1e-12)

  # Files, and a ranking of only NA (nothing ranked: every medicine ties, by name).
  res <- sdm_match_many(matrix(NA, 2, 3), top = 2, formulary = extdata("formulary.json"))
  expect_identical(res$best, matrix(c("amisulpride", "amisulpride", "aripiprazole", "aripiprazole"), 2))
  expect_identical(res$score, matrix(0, 2, 2))

  empty <- sdm_match_many(matrix(integer(), 0, 5), top = 2)
  expect_identical(dim(empty$best), c(0L, 2L))
  expect_identical(dim(empty$score), c(0L, 2L))
})

test_that("sdm_match_many() matches 100,000 rankings in one call", {
  set.seed(1)
  rankings <- t(replicate(100000L, sample(36L, 5L)))
  time <- system.time(res <- sdm_match_many(rankings, top = 1))[["elapsed"]]
  expect_identical(dim(res$best), c(100000L, 1L))
  expect_false(anyNA(res$best))
  expect_lt(time, 10)
})
