# libsdm - benchmarks (issue 6): the vectorised R reference of the C batch,
# and the batch call through the R binding, on the rankings `sdm-bench batch
# --out DIR` wrote. Both are checked against the C results. Run by
# tests/bench/run.sh:
#   Rscript reference.R <source-root> <data-dir> <repeat> [<R library dir, or - when not built>
#                       [<the C batch shim r-c-batch.so, or -> [<rounds>]]]
# With the shim (tests/bench/r-c-batch.c, which run.sh compiles against the
# build's libsdm.so.0), the binding and the C batch also run in this process,
# rounds interleaved, gc() before each timed call.
# SPDX-License-Identifier: MIT
#
# Output lines (for run.sh):
#   r rows=N k=K repeat=R best_s=S median_s=S equal=1 max_score_diff=D
#   r_binding rows=N k=K repeat=R best_s=S median_s=S equal=1
#   r_binding status=pending reason=...
#   r_binding_rounds rows=N rounds=R c_median_s=S median_s=S ratio=X ratio_low=X ratio_high=X
#   r_binding_rounds status=skipped reason=...

args <- commandArgs(trailingOnly = TRUE)
root <- args[[1L]]
data <- args[[2L]]
repeats <- as.integer(args[[3L]])
library_dir <- if (length(args) >= 4L) args[[4L]] else ""
shim <- if (length(args) >= 5L) args[[5L]] else "-"
rounds <- if (length(args) >= 6L) as.integer(args[[6L]]) else 5L
k <- 5L

# The default data as the C batch sees it, written by `sdm-bench batch --out`
# from the library's own reading of the formulary: severities (none 0, + 1/3,
# ++ 2/3, +++ 1, unknown 0.5; items x medicines in name order, then id), the
# ids in that order, ROC weights for k, and the tie tolerance of a k-item
# ranking (sdm_match_tie_tolerance()).
load_model <- function(data, k) {
  ids <- readLines(file.path(data, "by_name.txt"))
  meds <- length(ids)
  size <- file.size(file.path(data, "severity.f64")) / 8
  severity <- matrix(readBin(file.path(data, "severity.f64"), "double", size, size = 8L),
                     ncol = meds, byrow = TRUE)
  weights <- readBin(file.path(data, "weights.f64"), "double", k, size = 8L)
  tie <- readBin(file.path(data, "tie.f64"), "double", 1L, size = 8L)
  list(severity = severity, ids = ids, weights = weights, tie = tie)  # severity: items x medicines
}

# Top-1 medicine (name-order position, 1-based) and its score for each row of
# an n x 5 integer matrix of 0-based catalogue indices, as sdm_match_batch(top
# = 1) does. The per-rank products w[c] * severity are summed ahead into two
# tables (ranks 1-3: items^3 rows; ranks 4-5: items^2 rows), so a chunk of
# rows is two matrix row gathers and one add; the row minimum is pmin over the
# medicine columns, and max.col(ties.method = "first") on `within the tie
# tolerance of the minimum` picks the first medicine in name order. No apply,
# no loop per row.
top1_r <- function(rankings, model, chunk = 16384L) {
  sev <- model$severity
  w <- model$weights
  items <- nrow(sev)
  meds <- ncol(sev)
  per_rank <- lapply(seq_len(k), function(c) w[[c]] * sev)
  pairs <- function(a, b) a[rep(seq_len(nrow(a)), each = nrow(b)), , drop = FALSE] +
    b[rep(seq_len(nrow(b)), times = nrow(a)), , drop = FALSE]
  first3 <- pairs(pairs(per_rank[[1L]], per_rank[[2L]]), per_rank[[3L]])
  last2 <- pairs(per_rank[[4L]], per_rank[[5L]])
  triple <- (rankings[, 1L] * items + rankings[, 2L]) * items + rankings[, 3L] + 1L
  pair <- rankings[, 4L] * items + rankings[, 5L] + 1L
  n <- nrow(rankings)
  best <- integer(n)
  score <- numeric(n)
  for (start in seq(1L, n, by = chunk)) {
    i <- start:min(n, start + chunk - 1L)
    acc <- first3[triple[i], , drop = FALSE] + last2[pair[i], , drop = FALSE]
    low <- do.call(pmin, lapply(seq_len(meds), function(j) acc[, j]))
    idx <- max.col(acc - low <= model$tie, ties.method = "first")
    best[i] <- idx
    score[i] <- acc[cbind(seq_along(idx), idx)]
  }
  list(best = best, score = score)
}

timed <- function(fn, repeats) {
  result <- fn()  # warm up
  seconds <- numeric(repeats)
  for (r in seq_len(repeats)) {
    # Sys.time() reads the clock to the microsecond; proc.time() counts
    # whole milliseconds, a tenth of the C batch's time.
    t0 <- as.numeric(Sys.time())
    result <- fn()
    seconds[[r]] <- as.numeric(Sys.time()) - t0
  }
  list(seconds = sort(seconds), result = result)
}

# Each function once per round, the order turned by one each round, after one
# untimed round, as tests/bench/reference.py's interleaved(): the seconds of
# each round, a column per function. A full garbage collection (gc()) comes
# before every timed call, so that a collection set off by what an earlier
# call left is counted on neither side; one that a call's own allocations set
# off is that call's. Results are dropped at once.
interleaved <- function(fns, rounds) {
  for (fn in fns) fn()
  seconds <- matrix(0, rounds, length(fns), dimnames = list(NULL, names(fns)))
  for (r in seq_len(rounds)) {
    for (j in seq_along(fns)) {
      i <- (j + r - 2L) %% length(fns) + 1L
      invisible(gc())
      t0 <- as.numeric(Sys.time())
      fns[[i]]()
      seconds[r, i] <- as.numeric(Sys.time()) - t0
    }
  }
  seconds
}

bin <- function(name) file.path(data, name)
n <- file.size(bin("rankings.i32")) / 4 / k
rankings <- matrix(readBin(bin("rankings.i32"), "integer", n * k, size = 4L), ncol = k, byrow = TRUE)
c_best <- readBin(bin("best.i32"), "integer", n, size = 4L)
c_scores <- readBin(bin("scores.f64"), "double", n, size = 8L)
# The C batch's medicines as ids, made for each check and dropped after it:
# a million strings kept alive through the timings would make every garbage
# collection of R (which the bindings' results set off) mark them, a cost of
# this harness, not of the binding.
c_medicines <- readLines(bin("medicines.txt"))
c_ids <- function() c_medicines[c_best + 1L]
status <- 0L
line <- function(what, t, equal, extra = "") {
  cat(sprintf("%s rows=%d k=%d repeat=%d best_s=%.6f median_s=%.6f equal=%d%s\n", what, as.integer(n), k,
              repeats, t$seconds[[1L]], t$seconds[[(repeats %/% 2L) + 1L]], as.integer(equal), extra))
}

model <- load_model(data, k)
t <- timed(function() top1_r(rankings, model), repeats)
diff <- if (n > 0) max(abs(t$result$score - c_scores)) else 0
equal <- identical(model$ids[t$result$best], c_ids()) && diff <= 1e-12
if (!equal) {
  message("reference.R: the R reference disagrees with the C batch")
  status <- 1L
}
line("r", t, equal, sprintf(" max_score_diff=%.3g", diff))

loaded <- if (!nzchar(library_dir) || library_dir == "-") {
  cat("r_binding status=pending reason=the R binding is not built\n")
  cat("r_binding_rounds status=skipped reason=the R binding is not built\n")
  FALSE
} else tryCatch({
  .libPaths(c(library_dir, .libPaths()))
  suppressPackageStartupMessages(library(libsdm))
  if (!exists("sdm_match_many", mode = "function")) stop("sdm_match_many() is missing")
  TRUE
}, error = function(e) {
  reason <- gsub("\n", " ", conditionMessage(e))
  cat(sprintf("r_binding status=pending reason=%s\n", reason))
  cat(sprintf("r_binding_rounds status=skipped reason=%s\n", reason))
  FALSE
})
if (loaded) {
  one_based <- rankings + 1L
  rm(t)  # the R reference's results, not the binding's
  # The binding against the C batch in this process, rounds interleaved: the
  # swings of a shared machine between runs, and R's collections, fall on
  # both sides alike. The C side is the call `sdm-bench batch` times
  # (sdm_match_batch(top = 1), default options, row-major int32 rows), on
  # t(rankings) (the n x k matrix row-major), into vectors made once here.
  if (shim != "-") {
    dyn.load(shim)
    rows <- t(rankings)
    c_out <- list(best = integer(n), score = numeric(n))
    run_c <- function() invisible(.Call("sdm_bench_c_batch", rows, c_out$best, c_out$score))
    run_c()
    if (!identical(c_out$best, c_best) || !identical(c_out$score, c_scores)) {
      message("reference.R: the C batch through the shim disagrees with sdm-bench")
      status <- 1L
    }
    seconds <- interleaved(list(c = run_c, binding = function() invisible(sdm_match_many(one_based, top = 1L))),
                           rounds)
    ratios <- sort(seconds[, "binding"] / seconds[, "c"])
    middle <- (rounds %/% 2L) + 1L
    cat(sprintf("r_binding_rounds rows=%d rounds=%d c_median_s=%.6f median_s=%.6f ratio=%.2f ratio_low=%.2f ratio_high=%.2f\n",
                as.integer(n), rounds, sort(seconds[, "c"])[[middle]], sort(seconds[, "binding"])[[middle]],
                ratios[[middle]], ratios[[1L]], ratios[[rounds]]))
    rm(rows, c_out)
  }
  t <- timed(function() sdm_match_many(one_based, top = 1L), repeats)
  equal <- identical(unname(t$result$best[, 1L]), c_ids()) &&
    identical(unname(t$result$score[, 1L]), c_scores)
  if (!equal) {
    message("reference.R: the R binding's batch disagrees with the C batch")
    status <- 1L
  }
  line("r_binding", t, equal)
}
quit(status = status)
