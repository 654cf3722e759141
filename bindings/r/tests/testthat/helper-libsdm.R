# Shared by the tests: the quick-start person of the README.
quick_avoid <- c("weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive", "dry_mouth")
quick_helpful <- "night_sleepiness"

# ROC weights for k = 5 (DESIGN.md): w_i = (1/5) * sum_{j=i..5} 1/j.
roc5 <- c(137, 77, 47, 27, 12) / 300

# A file in a temporary directory with `text` in it.
temp_file <- function(text, ext = ".json") {
  path <- tempfile(fileext = ext)
  writeLines(text, path, useBytes = TRUE)
  path
}

extdata <- function(name) system.file("extdata", name, package = "libsdm", mustWork = TRUE)

# Expects an error of class "libsdm_error" and "libsdm_error_<kind>", with exactly
# `message`, the status of that kind, and the user's call.
expect_libsdm_error <- function(object, kind, message) {
  cond <- expect_error(object, class = paste0("libsdm_error_", kind))
  expect_s3_class(cond, "libsdm_error")
  expect_identical(conditionMessage(cond), message)
  statuses <- c(invalid_argument = -1L, no_memory = -2L, not_found = -3L, duplicate = -4L,
                conflict = -5L, parse = -6L, schema = -7L, io = -8L, limit = -9L)
  expect_identical(cond$status, statuses[[kind]])
  expect_true(is.call(conditionCall(cond)))
  invisible(cond)
}

# A match without the library's match object behind it (the attribute "match",
# an external pointer, differs between two runs that give the same result).
without_match <- function(m) {
  attr(m, "match") <- NULL
  m
}
