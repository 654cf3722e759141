# The decision in R (issue 13): its context (contexts that hold, detention
# and the limits of choice, a carer's part, the date to revisit), the
# person's own history, feedback on how shared the decision was, and two
# decision records compared. Expected values are worked by hand.

# Three medicines in format 1 (one source), over the default catalogue:
#   amberine: tremor 0, weight_gain `amberine_weight`, dry_mouth 3
#   borolide: tremor 1, weight_gain 0, night_sleepiness 3
#   cytrane:  tremor 2 (nothing else known)
small_formulary <- function(version = "2026.11-r", amberine_weight = 1L) {
  cell <- function(effect, value) sprintf('"%s": {"rating": %d, "source": "s"}', effect, value)
  temp_file(sprintf(paste0(
    '{"format": "sdm-formulary", "format_version": 1, "id": "rec", "version": "%s",',
    ' "notice": "Record test data.", "sources": [{"key": "s", "citation": "S"}], "medications": [',
    ' {"id": "amberine", "name": "Amberine", "ratings": {%s, %s, %s}},',
    ' {"id": "borolide", "name": "Borolide", "ratings": {%s, %s, %s}},',
    ' {"id": "cytrane", "name": "Cytrane", "ratings": {%s}}]}'), version,
    cell("tremor", 0L), cell("weight_gain", amberine_weight), cell("dry_mouth", 3L),
    cell("tremor", 1L), cell("weight_gain", 0L), cell("night_sleepiness", 3L), cell("tremor", 2L)))
}

clozapine_reason <- paste("only where schizophrenia has not responded to two other antipsychotics, or they",
                          "caused severe side effects that could not be treated")
limits <- "Detained under section 3: the team proposes a long-acting injection; you choose which."

test_that("clozapine is left out by default and ranked with its context, its requirements shown", {
  m <- sdm_match(c("stiff_muscles", "restlessness"))
  expect_identical(nrow(m), 18L)
  ex <- attr(m, "excluded")
  expect_identical(ex$id, "clozapine")
  expect_identical(ex$kind, "restriction")
  expect_identical(ex$reason, clozapine_reason)
  m <- sdm_match(c("stiff_muscles", "restlessness"), contexts = "treatment_resistant")
  expect_identical(nrow(m), 19L)
  expect_identical(attr(m, "context")$contexts, "treatment_resistant")
  # Clozapine: stiff muscles 0, restlessness + (1/3): 1/4 * 1/3 = 1/12, first.
  expect_identical(m$id[[1L]], "clozapine")
  expect_equal(m$score[[1L]], 1 / 12, tolerance = 1e-12)
  req <- attr(m, "requirements")
  expect_identical(req$country[req$id == "clozapine"], c("UK", "EU", "DE", "US"))
  expect_match(req$requirement[[1L]], "^The person, the prescriber and a nominated pharmacist register")
  risks <- attr(m, "serious_risks")
  expect_identical(risks$risk[risks$id == "clozapine"][1:2], c("agranulocytosis", "myocarditis"))
  expect_true(all(m$id %in% risks$id[risks$risk == "neuroleptic_malignant_syndrome"]))
  out <- capture.output(print(m))
  # the context in words, not its id (wrapped: the lines joined again)
  expect_match(paste(trimws(out), collapse = " "), paste("What holds: schizophrenia has not responded to two other",
    "antipsychotics, or they caused severe side effects that could not be treated"), fixed = TRUE)
  expect_true(any(startsWith(out, "Clozapine, Olanzapine have requirements where given")))
  out <- capture.output(print(m[1L, ], reasons = TRUE))
  expect_true(any(startsWith(out, "Clozapine requires (UK): The person, the prescriber")))
  expect_true(all(nchar(out, type = "width") <= 80L))
  # The batch follows the same plan.
  many <- sdm_match_many(c("stiff_muscles", "restlessness"), top = 19L)
  expect_false("clozapine" %in% many$best[1L, ])
  many <- sdm_match_many(c("stiff_muscles", "restlessness"), top = 19L, contexts = "treatment_resistant")
  expect_identical(many$best[1L, 1L], "clozapine")
})

test_that("detention with the limits of choice, a carer and the date to revisit reach the record", {
  f <- small_formulary()
  m <- sdm_match("tremor", formulary = f, completed_by = "together", carer_involved = TRUE, detained = TRUE,
                 limits = limits, revisit = "2027-03-01")
  context <- list(completed_by = "together", carer_involved = TRUE, contexts = character(), detained = TRUE,
                  limits = limits, revisit = "2027-03-01")
  expect_identical(attr(m, "context"), context)
  out <- capture.output(print(m))
  expect_identical(out[6:9], c("Detained. The limits of choice: Detained under section 3: the team proposes a",
                               "  long-acting injection; you choose which.",
                               "A carer took part in the decision.",
                               "Revisit the decision on 2027-03-01."))
  r <- sdm_record(sdm_record_json(m, "2026-12-06"))
  expect_identical(r$context, context)
  expect_true(r$carer_involved)
  expect_identical(sdm_match("tremor", formulary = f)$score, m$score)
  plain <- attr(sdm_match("tremor", formulary = f), "context")
  expect_identical(plain, list(completed_by = "unspecified", carer_involved = FALSE, contexts = character(),
                               detained = FALSE, limits = NA_character_, revisit = NA_character_))
})

test_that("a bad decision context is refused with a message", {
  f <- small_formulary()
  expect_libsdm_error(sdm_match("tremor", formulary = f, contexts = "treatment_resistent"), "not_found",
                      "contexts[1]: unknown context 'treatment_resistent' (did you mean 'treatment_resistant'?)")
  expect_libsdm_error(sdm_match("tremor", formulary = f, revisit = "2027-02-30"), "schema",
                      "revisit: the date to revisit '2027-02-30' is not a date YYYY-MM-DD")
  cond <- expect_error(sdm_match("tremor", formulary = f, detained = TRUE), class = "libsdm_error_schema")
  expect_match(conditionMessage(cond), "^limits: a person who is detained needs the clinician's statement")
  expect_libsdm_error(sdm_match("tremor", formulary = f, detained = NA), "invalid_argument",
                      "'detained' must be TRUE or FALSE")
  expect_libsdm_error(sdm_match("tremor", formulary = f, carer_involved = "yes"), "invalid_argument",
                      "'carer_involved' must be TRUE or FALSE")
})

test_that("a side effect the person had on a medicine counts above the published ones", {
  f <- small_formulary()
  # tremor 1, weight_gain 2; ROC 3/4, 1/4; r counts r/3, unknown 1/2:
  #   amberine 3/4*0 + 1/4*1/3 = 1/12; borolide 3/4*1/3 = 1/4; cytrane 3/4*2/3 + 1/4*1/2 = 5/8
  m <- sdm_match(c("tremor", "weight_gain"), formulary = f)
  expect_identical(m$id, c("amberine", "borolide", "cytrane"))
  expect_equal(m$score, c(1 / 12, 1 / 4, 5 / 8), tolerance = 1e-12)
  # Had a tremor on amberine (stopped): +++ for this person, 3/4*1 + 1/4*1/3 = 5/6, last;
  # borolide did not help: flagged, still ranked first.
  history <- data.frame(medicine = c("amberine", "borolide"), outcome = c("stopped", "did_not_help"),
                        why = c("the shaking", "voices stayed"), had = c("tremor", ""))
  m <- sdm_match(c("tremor", "weight_gain"), formulary = f, history = history)
  expect_identical(m$id, c("borolide", "cytrane", "amberine"))
  expect_equal(m$score, c(1 / 4, 5 / 8, 5 / 6), tolerance = 1e-12)
  expect_identical(m$tremor, c(1L, 2L, 3L))
  expect_identical(m$reason[[3L]], paste("Shaking or tremor +++ (rank 1; you had this on Amberine); Weight gain +",
                                         "(rank 2); tried before: it was stopped (the shaking)"))
  expect_identical(m$reason[[1L]], paste("Shaking or tremor + (rank 1); Weight gain 0 (rank 2); tried before:",
                                         "it did not help (voices stayed)"))
  expect_identical(attr(m, "personal"), data.frame(id = "amberine", effect = "tremor"))
  expect_identical(attr(m, "history"), data.frame(id = c("borolide", "amberine"), name = c("Borolide", "Amberine"),
                                                  outcome = c("did_not_help", "stopped"),
                                                  why = c("voices stayed", "the shaking")))
  out <- capture.output(print(m))
  tried <- which(startsWith(out, "Tried before: "))
  expect_identical(out[tried + 0:1], c("Tried before: Borolide (it did not help: voices stayed); Amberine (it was",
                                       "  stopped: the shaking)"))
  # The same history as a list of lists; the record keeps it.
  same <- sdm_match(c("tremor", "weight_gain"), formulary = f, history = list(
    list(medicine = "amberine", outcome = "stopped", why = "the shaking", had = "tremor"),
    list(medicine = "borolide", outcome = "did_not_help", why = "voices stayed")))
  expect_identical(same$score, m$score)
  r <- sdm_record(sdm_record_json(m))
  expect_identical(r$history, data.frame(medicine = c("amberine", "borolide"), outcome = c("stopped", "did_not_help"),
                                         why = c("the shaking", "voices stayed"), had = c("tremor", "")))
  s <- summary(m)
  expect_identical(c(s$personal, s$tried), c(1L, 2L))
})

test_that("a bad history is refused with a message", {
  f <- small_formulary()
  expect_libsdm_error(sdm_match("tremor", formulary = f, history = list(list(medicine = "amberin"))),
                      "not_found", paste("the medicine of the person's history 'amberin' is not in the formulary",
                                         "(did you mean 'amberine'?)"))
  expect_libsdm_error(sdm_match("tremor", formulary = f,
                                history = list(list(medicine = "amberine", outcome = "didnt_help"))),
                      "not_found", "unknown outcome 'didnt_help' (did you mean 'did_not_help'?)")
  expect_libsdm_error(sdm_match("tremor", formulary = f, history = list(list(medicine = "amberine", when = 2))),
                      "invalid_argument",
                      "'history[[1]]' must be a list of medicine (an id), outcome, why and had, not 'when'")
  cond <- expect_error(sdm_match("tremor", formulary = f, history = list(list(medicine = "amberine",
                                                                             had = "tremer"))),
                       class = "libsdm_error_not_found")
  expect_match(conditionMessage(cond), "did you mean 'tremor'", fixed = TRUE)
})

test_that("feedback is scored by hand, kept in the record and read back", {
  # SDM-Q-9: 5+4+3+5+5+2+4+5+3 = 36 of 45, x 20/9 = 80.
  q9 <- sdm_feedback("sdm_q9", c(5, 4, 3, 5, 5, 2, 4, 5, 3), "SDM-Q-9 (Kriston 2010)")
  expect_s3_class(q9, "libsdm_feedback")
  expect_identical(q9$score, 80)
  expect_identical(q9$items, c(5L, 4L, 3L, 5L, 5L, 2L, 4L, 5L, 3L))
  expect_false(q9$top_score)
  expect_identical(capture.output(print(q9)),
                   "sdm_q9 (SDM-Q-9 (Kriston 2010)): items 5, 4, 3, 5, 5, 2, 4, 5, 3; score 80.0 of 100")
  # CollaboRATE 9, 9, 8: 26 of 27, x 100/27; 9, 9, 9: 100 and the top score.
  expect_equal(sdm_feedback("collaborate", c(9, 9, 8))$score, 2600 / 27, tolerance = 1e-12)
  top <- sdm_feedback("collaborate", c(9L, 9L, 9L))
  expect_identical(c(top$score, top$top_score), c(100, TRUE))
  # In the record: CollaboRATE 9, 7, 9 = 25 of 27, x 100/27 = 2500/27.
  m <- sdm_match("tremor", formulary = small_formulary())
  fb <- sdm_feedback("collaborate", c(9, 7, 9), "CollaboRATE 3-item")
  r <- sdm_record(sdm_record_json(m, "2026-12-06", fb))
  expect_identical(r$feedback$items, c(9L, 7L, 9L))
  expect_identical(r$feedback$version, "CollaboRATE 3-item")
  expect_equal(r$feedback$score, 2500 / 27, tolerance = 1e-12)
  expect_true(any(capture.output(print(r)) == "Feedback: collaborate, score 92.6 of 100"))
  expect_null(sdm_record(sdm_record_json(m))$feedback)
})

test_that("feedback out of range is refused with a message", {
  expect_libsdm_error(sdm_feedback("collaborate", c(9, 10, 0)), "invalid_argument",
                      "item 2 of collaborate is 10: each item is scored 0 to 9")
  expect_libsdm_error(sdm_feedback("sdm_q9", c(5, 4, 3)), "invalid_argument", "sdm_q9 has 9 items, not 3")
  expect_libsdm_error(sdm_feedback("sdm_q9", c(5, 5, 5, 5, 6, 5, 5, 5, 5)), "invalid_argument",
                      "item 5 of sdm_q9 is 6: each item is scored 0 to 5")
  expect_libsdm_error(sdm_feedback("collaborative", c(9, 9, 9)), "invalid_argument",
                      "unknown instrument 'collaborative': give collaborate or sdm_q9")
  expect_libsdm_error(sdm_feedback("collaborate", c(9.5, 9, 9)), "invalid_argument",
                      "'items' must be whole numbers, the item scores in the instrument's order")
  m <- sdm_match("tremor", formulary = small_formulary())
  expect_libsdm_error(sdm_record_json(m, feedback = c(9, 7, 9)), "invalid_argument",
                      "'feedback' must be what sdm_feedback() returns, not numeric")
})

test_that("sdm_record_compare() says what changed between two records", {
  # Then (2025-12-01, data 2026.11-r): tremor 1, weight_gain 2, night_sleepiness helpful, completed together,
  # cytrane excluded; ROC 3/4, 1/4, the helpful weight 1/4 taken off, unknown 1/2:
  #   amberine 3/4*0 + 1/4*1/3 - 1/4*1/2 = -1/24 -> 1;  borolide 3/4*1/3 - 1/4*1 = 0 -> 2
  then_m <- sdm_match(c("tremor", "weight_gain"), "night_sleepiness", formulary = small_formulary(),
                      completed_by = "together", exclude = "cytrane")
  expect_equal(then_m$score, c(-1 / 24, 0), tolerance = 1e-12)
  then <- sdm_record(sdm_record_json(then_m, "2025-12-01"))
  # Now (2026-12-06, data 2026.12-r, amberine's weight gain ++): weight_gain 1, dry_mouth 2, a carer took part,
  # borolide did not help, revisit 2027-06-01:
  #   borolide 1/4*1/2 = 1/8 -> 1;  cytrane 3/4*1/2 + 1/4*1/2 = 1/2 -> 2;  amberine 3/4*2/3 + 1/4*1 = 3/4 -> 3
  now_m <- sdm_match(c("weight_gain", "dry_mouth"), formulary = small_formulary("2026.12-r", 2L),
                     carer_involved = TRUE, history = list(list(medicine = "borolide", outcome = "did_not_help")),
                     revisit = "2027-06-01")
  expect_equal(now_m$score, c(1 / 8, 1 / 2, 3 / 4), tolerance = 1e-12)
  now <- sdm_record(sdm_record_json(now_m, "2026-12-06"))
  cmp <- sdm_record_compare(then, now)
  expect_s3_class(cmp, "libsdm_comparison")
  expect_identical(cmp$format, "sdm-record-comparison")
  expect_identical(unlist(cmp$history$added), "borolide")
  expect_identical(unlist(cmp$options), "exclude")
  expect_identical(cmp$summary, paste(
    "Weight gain moved from rank 2 to rank 1. Dry mouth is now ranked 2. Shaking or tremor, ranked 1 then, is",
    "not ranked now. Sleepy in the evening or at night is no longer helpful. Tried since: Borolide (it did not",
    "help). Who completed the form changed. Whether a carer took part changed. The date to revisit changed.",
    "The data was version 2026.11-r, now 2026.12-r. The options of the match changed. Amberine's Weight gain",
    "was +, now ++. Amberine was 1, now 3. Borolide was 2, now 1. Cytrane is ranked now: 2."))
  out <- capture.output(print(cmp))
  expect_identical(out[[1L]], "Decision records compared: 2025-12-01 and 2026-12-06")
  expect_true(all(nchar(out, type = "width") <= 80L))
  expect_identical(sdm_record_compare(now, now)$summary, "Nothing has changed.")
  expect_libsdm_error(sdm_record_compare(then, now_m), "invalid_argument",
                      "'now' must be what sdm_record() returns, not libsdm_match")
})
