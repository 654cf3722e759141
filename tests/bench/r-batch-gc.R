# libsdm - benchmarks (issue 15): what R's garbage collector costs the R
# binding's batch. Times `sdm_match_many(rows, top = 1)` on the rankings that
# `sdm-bench batch --out DIR` wrote, as reference.R calls it (the previous
# result alive during each call), and counts R's collections (gcinfo) and
# their time (gc.time). Not run by run.sh: the figures go in the notes.
#   Rscript --vanilla r-batch-gc.R <R library dir> <data dir> <calls> <keep_ids: 0|1>
# keep_ids = 1 keeps a million-string vector alive through the calls, as
# reference.R did before issue 15 (the C batch's ids, for its check).
# SPDX-License-Identifier: MIT
#
# Output line:
#   calls=N keep_ids=K median_s=S min_s=S gcs_per_call=G (level 0/1/2: a/b/c)
#   gc_s_per_call=S cpu_s_per_call=S cpu_median_s=S cpu_min_s=S
# (CPU time from proc.time(), whole milliseconds per call.)

args <- commandArgs(trailingOnly = TRUE)
.libPaths(c(args[[1L]], .libPaths()))
suppressPackageStartupMessages(library(libsdm))
data <- args[[2L]]
calls <- as.integer(args[[3L]])
keep <- args[[4L]] == "1"
k <- 5L
n <- file.size(file.path(data, "rankings.i32")) / 4 / k
rankings <- matrix(readBin(file.path(data, "rankings.i32"), "integer", n * k, size = 4L), ncol = k, byrow = TRUE)
if (keep) {
  c_best <- readBin(file.path(data, "best.i32"), "integer", n, size = 4L)
  c_ids <- readLines(file.path(data, "medicines.txt"))[c_best + 1L]
}
one_based <- rankings + 1L
invisible(gc.time(TRUE))
result <- sdm_match_many(one_based, top = 1L)  # warm up
wall <- numeric(calls)
collecting <- numeric(calls)
cpu <- numeric(calls)
log <- tempfile()
con <- file(log, open = "wt")
sink(con, type = "message")
invisible(gcinfo(TRUE))
for (i in seq_len(calls)) {
  g0 <- gc.time()[[1L]]
  c0 <- proc.time()
  t0 <- as.numeric(Sys.time())
  result <- sdm_match_many(one_based, top = 1L)
  wall[[i]] <- as.numeric(Sys.time()) - t0
  used <- proc.time() - c0
  cpu[[i]] <- used[["user.self"]] + used[["sys.self"]]
  collecting[[i]] <- gc.time()[[1L]] - g0
}
invisible(gcinfo(FALSE))
sink(type = "message")
close(con)
levels <- sub(".*\\(level ([0-9])\\).*", "\\1", grep("^Garbage collection", readLines(log), value = TRUE))
unlink(log)
cat(sprintf(paste("calls=%d keep_ids=%d median_s=%.4f min_s=%.4f gcs_per_call=%.2f (level 0/1/2: %d/%d/%d)",
                  "gc_s_per_call=%.4f cpu_s_per_call=%.4f cpu_median_s=%.4f cpu_min_s=%.4f\n"),
            calls, keep, median(wall), min(wall), length(levels) / calls, sum(levels == "0"), sum(levels == "1"),
            sum(levels == "2"), mean(collecting), mean(cpu), median(cpu), min(cpu)))
