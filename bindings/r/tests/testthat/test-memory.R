# The finalizers free what the library hands over. SWIG's R backend ignores
# %newobject; bindings/r/sdm_r.i gives every object an external pointer whose
# C finalizer calls the library's free function. This makes and drops
# catalogues, rankings, options and matches (100,000 of each by default:
# SDM_R_MEMORY_ITERATIONS) and checks that the binding's count of live
# objects comes back down and that resident memory stays flat.

resident_mb <- function() {
  statm <- scan("/proc/self/statm", what = double(), quiet = TRUE)
  page <- suppressWarnings(as.numeric(system("getconf PAGESIZE", intern = TRUE)))
  if (length(page) != 1L || is.na(page)) page <- 4096
  statm[[2L]] * page / 2^20
}

live <- function() sdm_r_live_objects()

test_that("finalizers free catalogues, rankings, options and matches (memory stays flat)", {
  skip_if_not(file.exists("/proc/self/statm"), "needs /proc/self/statm (Linux)")
  iterations <- as.integer(Sys.getenv("SDM_R_MEMORY_ITERATIONS", "100000"))
  checkpoints <- 10L
  every <- max(1L, iterations %/% checkpoints)

  f <- sdm_formulary_default(sdm_catalogue_default())
  invisible(gc())
  before <- live()

  one <- function(i) {
    cat <- sdm_catalogue_default()
    r <- sdm_ranking_new(cat)
    sdm_ranking_avoid(r, "weight_gain", 1L)
    sdm_ranking_avoid(r, "day_sleepiness", 2L)
    sdm_ranking_helpful(r, "night_sleepiness")
    o <- sdm_match_options_new()
    sdm_match_options_set_unknown_policy(o, i %% 2L)
    m <- sdm_match_run(f, r, o)
    sdm_match_count(m)
  }

  rss <- numeric()
  for (i in seq_len(iterations)) {
    one(i)
    if (i %% every == 0L) {
      invisible(gc())
      rss <- c(rss, resident_mb())
    }
  }
  invisible(gc())
  after <- live()

  # Every object made in the loop was finalized, and so freed.
  expect_identical(after, before)
  # Memory: the first checkpoint (after the allocator has warmed up) against
  # the last. Without the finalizers it would grow by hundreds of MB.
  growth <- rss[[length(rss)]] - rss[[1L]]
  message(sprintf(paste("memory test: %d iterations, resident memory %.1f MB after %d,",
                        "%.1f MB at the end (%+.1f MB); live objects %s"),
                  iterations, rss[[1L]], every, rss[[length(rss)]], growth,
                  paste(names(after), after, sep = " ", collapse = ", ")))
  expect_lt(growth, 8)
  expect_lt(max(rss) - rss[[1L]], 8)
})

test_that("a borrowed profile keeps its formulary alive", {
  invisible(gc())
  before <- live()[["formulary"]]
  p <- local({
    f <- sdm_formulary_default(sdm_catalogue_default())
    sdm_formulary_find(f, "olanzapine")
  })
  invisible(gc())
  # The formulary is unreachable from R but for the profile: still alive.
  expect_identical(live()[["formulary"]], before + 1)
  expect_identical(sdm_profile_name(p), "Olanzapine")
  expect_identical(sdm_profile_rating(p, 6L), 3L)   # weight_gain, the 7th side effect
  rm(p)
  invisible(gc())
  expect_identical(live()[["formulary"]], before)
})

test_that("a borrowed reading keeps its formulary alive", {
  invisible(gc())
  before <- live()[["formulary"]]
  reading <- local({
    f <- sdm_formulary_default(sdm_catalogue_default())
    sdm_profile_reading(sdm_formulary_find(f, "cariprazine"), 6L, 1L)   # weight gain, S3's reading
  })
  invisible(gc())
  expect_identical(live()[["formulary"]], before + 1)
  expect_identical(c(sdm_reading_source(reading), sdm_reading_printed(reading)), c("s3", "0/+"))
  rm(reading)
  invisible(gc())
  expect_identical(live()[["formulary"]], before)
})

test_that("the high-level functions leave nothing behind", {
  sdm_match("weight_gain")   # loads the built-in data, kept for the session
  sdm_match_many(matrix(1:5, 1))   # keeps the options of its last arguments, one object
  invisible(gc())
  before <- live()
  for (i in 1:200) {
    sdm_match(quick_avoid, quick_helpful, unknown = "worst")
    sdm_card("olanzapine", avoid = "weight_gain")
    # new options every time: the ones kept before are let go
    sdm_match_many(matrix(1:5, 1), top = 2, helpful = 6, scheme = c("roc", "rank_sum")[[i %% 2L + 1L]])
    sdm_record_rerun(sdm_record(attr(sdm_match("weight_gain"), "record")))
    sdm_risks()
  }
  invisible(gc())
  expect_identical(live(), before)
})
