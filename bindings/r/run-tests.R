# libsdm - runs the R binding's testthat tests against the installed package.
# Usage: Rscript run-tests.R LIBRARY TEST_DIR [FILTER]
#   LIBRARY   the R library the package was installed into (the build's)
#   TEST_DIR  the testthat directory (bindings/r/tests/testthat)
#   FILTER    a Perl regular expression on the test file names without
#             "test-" and ".R" (e.g. "^memory$", or "^(?!memory$)" for the rest)
# Exits non-zero if a test fails. Its last line counts the tests.
# SPDX-License-Identifier: MIT
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2L || length(args) > 3L)
  stop("usage: Rscript run-tests.R LIBRARY TEST_DIR [FILTER]")
.libPaths(c(normalizePath(args[[1L]]), .libPaths()))
filter <- if (length(args) == 3L) args[[3L]] else NULL
suppressPackageStartupMessages(library(testthat))
set_max_fails(Inf)

results <- test_dir(args[[2L]], filter = filter, perl = TRUE,
                    package = "libsdm", load_package = "installed",
                    reporter = ProgressReporter$new(show_praise = FALSE),
                    stop_on_failure = FALSE)
df <- as.data.frame(results)
failed <- sum(df$failed > 0L | df$error)
cat(sprintf("%d tests (%d expectations): %d passed, %d failed, %d skipped\n",
            nrow(df), sum(df$nb), sum(df$failed == 0L & !df$error & !df$skipped),
            failed, sum(df$skipped)))
quit(status = if (failed > 0L) 1L else 0L)
