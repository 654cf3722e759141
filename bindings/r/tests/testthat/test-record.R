# Decision records re-opened (sdm_record_from_json) and run again on a
# formulary that has changed (sdm_record_rerun), in R.

test_that("sdm_record() re-opens a decision record", {
  m <- sdm_match(quick_avoid, quick_helpful, exclude = c(olanzapine = "weight gain before"),
                 completed_by = "carer", synthesis = "highest")
  r <- sdm_record(attr(m, "record"))
  expect_s3_class(r, "libsdm_record")
  expect_identical(r$avoid, quick_avoid)
  expect_identical(r$helpful, quick_helpful)
  expect_identical(r$completed_by, "carer")
  expect_identical(r$options, attr(m, "options"))
  expect_match(r$options, '"synthesis": "highest"', fixed = TRUE)
  expect_identical(c(r$data_version, r$formulary), c("2026.12", "libsdm-default"))
  expect_identical(r$library_version, as.character(packageVersion("libsdm")))
  expect_identical(r$timestamp, NA_character_)   # sdm_match() records none
  expect_identical(r$ranked$id, m$id)
  expect_identical(r$ranked$rank, m$rank)
  expect_identical(r$ranked$score, m$score)
  # Excluded in the formulary's order: clozapine (its restriction), then
  # olanzapine (the request); 17 ranked before them.
  expect_identical(r$excluded, data.frame(id = c("clozapine", "olanzapine"), name = c("Clozapine", "Olanzapine"),
                                          reason = c(attr(m, "excluded")$reason[[1L]], "weight gain before"),
                                          row.names = 18:19, stringsAsFactors = FALSE))
  expect_identical(attr(m, "excluded")$kind, c("restriction", "request"))
  out <- capture.output(print(r))
  expect_identical(out[[1L]], "Decision record: data version 2026.12, libsdm 0.2.0")
  expect_identical(out[[length(out)]], "17 ranked, best: Sulpiride; 2 left out")
  expect_libsdm_error(sdm_record("{"), "parse", "<json>:1:1: string or '}' expected near end of file")
  expect_libsdm_error(sdm_record(1), "invalid_argument", "'json' must be one string")
})

test_that("sdm_record_rerun() runs a record again and says what changed", {
  m <- sdm_match(quick_avoid, quick_helpful, exclude = c(olanzapine = "weight gain before"))
  r <- sdm_record(attr(m, "record"))
  same <- sdm_record_rerun(r)
  expect_s3_class(same, "libsdm_match")
  expect_identical(attr(same, "changes")$summary, "Nothing has changed.")
  expect_identical(same$score, m$score)

  # A new version of the data without olanzapine, and with cariprazine's
  # weight gain read +++ by its three sources. Cariprazine then scores
  # 137/300 + (47 + 24)/900 = 482/900 = 0.536 (test-match.R's table): after
  # haloperidol (409/900), before trifluoperazine (983/1800), so rank 8, and
  # the seven between move up one each. Olanzapine, excluded by request then,
  # is no longer in the formulary: the exclusion is dropped.
  form <- readLines(extdata("formulary.json"), encoding = "UTF-8")
  text <- paste(form, collapse = "\n")
  text <- sub('"version": "2026.12"', '"version": "2026.12-test"', text, fixed = TRUE)
  # Olanzapine's entry: from its id to the next medicine's.
  start <- regexpr('\\{\\s*"id": "olanzapine"', text)
  end <- regexpr('\\{\\s*"id": "paliperidone"', text)
  text <- paste0(substr(text, 1L, start - 1L), substr(text, end, nchar(text)))
  cari <- regexpr('"id": "cariprazine"', text)
  head <- substr(text, 1L, cari - 1L)
  tail <- substr(text, cari, nchar(text))
  weight <- regexpr('"weight_gain": \\{\\s*"readings": \\[[^]]*\\]', tail)
  readings <- regmatches(tail, weight)
  readings <- gsub('"printed": "[^"]*"', '"printed": "+++"', readings)
  readings <- gsub('"value": [0-9]', '"value": 3', readings)
  readings <- gsub(',\\s*"low": [0-9]', "", readings)
  regmatches(tail, weight) <- readings
  path <- temp_file(paste0(head, tail))

  x <- sdm_record_rerun(r, formulary = path)
  changes <- attr(x, "changes")
  expect_identical(changes$data_version, list(then = "2026.12", now = "2026.12-test"))
  expect_identical(changes$moved, data.frame(
    id = c("cariprazine", "sulpiride", "aripiprazole", "amisulpride", "lurasidone", "ziprasidone",
           "brexpiprazole", "haloperidol"),
    name = c("Cariprazine", "Sulpiride", "Aripiprazole", "Amisulpride", "Lurasidone", "Ziprasidone",
             "Brexpiprazole", "Haloperidol"),
    rank_then = 1:8, rank_now = c(8L, 1:7), stringsAsFactors = FALSE))
  expect_identical(changes$removed, data.frame(id = "olanzapine", name = "Olanzapine", stringsAsFactors = FALSE))
  expect_identical(changes$exclusions_dropped, "olanzapine")
  expect_identical(nrow(changes$added), 0L)
  expect_identical(changes$summary, paste(
    "The data was version 2026.12, now 2026.12-test. Cariprazine was 1, now 8. Sulpiride was 2, now 1.",
    "Aripiprazole was 3, now 2. Amisulpride was 4, now 3. Lurasidone was 5, now 4. Ziprasidone was 6,",
    "now 5. Brexpiprazole was 7, now 6. Haloperidol was 8, now 7. Olanzapine is no longer in the formulary."))
  expect_identical(x$id[8], "cariprazine")
  expect_equal(x$score[8], 482 / 900, tolerance = 1e-12)
  expect_identical(attr(x, "data_version"), "2026.12-test")
  expect_libsdm_error(sdm_record_rerun("x"), "invalid_argument",
                   "'record' must be what sdm_record() returns, not character")
})
