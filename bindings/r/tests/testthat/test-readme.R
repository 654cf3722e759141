# The README's R example runs as written (meson test sets SDM_SOURCE_ROOT).

test_that("the README's five-line R example runs and shows what it says", {
  root <- Sys.getenv("SDM_SOURCE_ROOT")
  skip_if(!nzchar(root), "SDM_SOURCE_ROOT is not set (run through meson test)")
  readme <- readLines(file.path(root, "README.md"), encoding = "UTF-8")
  section <- which(readme == "## R")
  expect_length(section, 1L)
  if (length(section) != 1L)
    return(invisible())
  start <- section + which(readme[-seq_len(section)] == "```r")[[1L]]
  end <- start + which(readme[-seq_len(start)] == "```")[[1L]]
  code <- readme[(start + 1L):(end - 1L)]
  expect_length(code, 5L)

  env <- new.env(parent = globalenv())
  # As if typed at the prompt: visible values are printed.
  out <- capture.output(source(exprs = parse(text = code), local = env, print.eval = TRUE))
  m <- get("m", envir = env)
  expect_identical(m$name[1], "Cariprazine")
  expect_equal(m$score[1], 52 / 225, tolerance = 1e-12)   # test-match.R: (137 + 47 + 24)/900
  expect_true(any(grepl("^1 +1 +Cariprazine +0\\.231", out)))
  expect_true("Cariprazine (N05AX15)" %in% out)
  expect_true("  * Weight gain + [your rank 1]" %in% out)
})
