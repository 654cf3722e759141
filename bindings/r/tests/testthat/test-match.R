# Expected values worked out by hand from data/formulary.json: a score is
# sum_i w_i * rating_i / 3 - w_helpful * rating_helpful / 3, with ROC weights
# (roc5, helper-libsdm.R), unknown ratings counted as 1/2, and the helpful
# weight that of rank 5.

test_that("sdm_match() ranks the quick-start person's medicines", {
  m <- sdm_match(avoid = quick_avoid, helpful = quick_helpful)
  expect_s3_class(m, "data.frame")
  expect_identical(names(m), c("id", "name", "rank", "score", "unknown_count", "reason",
                               quick_avoid, quick_helpful))
  expect_identical(nrow(m), 19L)
  expect_identical(m$name, c(
    "Cariprazine", "Aripiprazole", "Brexpiprazole", "Sulpiride", "Amisulpride",
    "Lurasidone", "Ziprasidone", "Asenapine", "Trifluoperazine", "Iloperidone",
    "Haloperidol", "Paliperidone", "Risperidone", "Flupentixol", "Quetiapine",
    "Chlorpromazine", "Olanzapine", "Clozapine", "Zuclopenthixol"))
  expect_identical(m$id[1], "cariprazine")
  # Paliperidone and risperidone tie (same ratings): they share rank 12.
  expect_identical(m$rank, c(1:11, 12L, 12L, 14:19))
  expect_identical(m$unknown_count,
                   c(0L, 0L, 1L, 1L, 0L, 0L, 0L, 1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L))
  # Cariprazine: weight gain + only, so (1/3) * 137/300.
  expect_equal(m$score[1], (1 / 3) * roc5[1], tolerance = 1e-12)
  expect_equal(m$score[1], 0.152222222222222, tolerance = 1e-12)
  expect_equal(m$score, c(137 / 900, 41 / 225, 71 / 360, 449 / 1800, 119 / 450, 23 / 75,
                          8 / 25, 193 / 600, 697 / 1800, 241 / 600, 397 / 900, 22 / 45,
                          22 / 45, 121 / 225, 127 / 225, 251 / 360, 43 / 60, 223 / 300,
                          172 / 225), tolerance = 1e-12)
  # The ratings that explain each place; NA where unknown.
  expect_identical(unlist(m[1, c(quick_avoid, quick_helpful)], use.names = FALSE),
                   c(1L, 0L, 0L, 0L, 0L, 0L))
  expect_identical(unlist(m[3, c(quick_avoid, quick_helpful)], use.names = FALSE),
                   c(1L, 0L, 0L, NA, 0L, 0L))
  expect_identical(m$night_sleepiness[m$id == "quetiapine"], 3L)
  expect_identical(m$reason[1], paste(
    "Weight gain + (rank 1); Difficulty staying awake during the day 0 (rank 2);",
    "Stiff muscles 0 (rank 3); Less sex drive 0 (rank 4); Dry mouth 0 (rank 5);",
    "Sleepy in the evening or at night 0 (helpful)"))
  expect_match(m$reason[3], "Less sex drive not known (rank 4; counted as the middle of the scale)",
               fixed = TRUE)

  terms <- attr(m, "terms")
  expect_identical(terms$id, c(quick_avoid, quick_helpful))
  expect_identical(terms$label[1], "Weight gain")
  expect_identical(terms$rank, c(1:5, NA))
  expect_identical(terms$helpful, c(rep(FALSE, 5), TRUE))
  expect_equal(terms$weight, c(roc5, roc5[5]), tolerance = 1e-12)

  ex <- attr(m, "excluded")
  expect_s3_class(ex, "data.frame")
  expect_identical(names(ex), c("id", "name", "kind", "reason"))
  expect_identical(nrow(ex), 0L)
  expect_identical(attr(m, "data_version"), "2026.11")
  expect_match(attr(m, "notice"), "^For illustration and research only")
  expect_identical(attr(m, "completed_by"), "unspecified")
  expect_match(attr(m, "record"), '"format": "sdm-record"', fixed = TRUE)
  expect_match(attr(m, "record"), '"data_version": "2026.11"', fixed = TRUE)
})

test_that("sdm_match() lists every filtered medicine with the reason", {
  m <- sdm_match(quick_avoid, quick_helpful, require_formulation = "long_acting_injection")
  expect_identical(m$id, c("aripiprazole", "haloperidol", "paliperidone", "risperidone",
                           "flupentixol", "olanzapine", "zuclopenthixol"))
  ex <- attr(m, "excluded")
  expect_identical(nrow(ex), 12L)
  expect_identical(ex$id[1:3], c("amisulpride", "asenapine", "brexpiprazole"))
  expect_identical(unique(ex$kind), "formulation")
  expect_identical(unique(ex$reason), "not recorded as available as long_acting_injection")
  expect_identical(sort(c(m$id, ex$id)), sort(sdm_formulary()$id))
  # The kinds are the ids the library's JSON uses.
  expect_match(attr(m, "record"), '"kind": "formulation"', fixed = TRUE)

  m <- sdm_match(quick_avoid, quick_helpful, require_licence = "US",
                 exclude = c(olanzapine = "weight gain before", "clozapine"))
  expect_identical(nrow(m), 13L)
  ex <- attr(m, "excluded")
  expect_identical(ex$id, c("amisulpride", "clozapine", "flupentixol", "olanzapine",
                            "sulpiride", "zuclopenthixol"))
  expect_identical(ex$name[2], "Clozapine")
  expect_identical(ex$kind, c("licence", "request", "licence", "request", "licence", "licence"))
  expect_identical(ex$reason[1], "not recorded as licensed in US")
  expect_identical(ex$reason[2], "excluded by the prescriber")
  expect_identical(ex$reason[4], "weight gain before")
  expect_match(attr(m, "record"), '"kind": "licence"', fixed = TRUE)
  expect_match(attr(m, "record"), '"kind": "request"', fixed = TRUE)

  m <- sdm_match(quick_avoid, quick_helpful, require_formulation = c("tablet", "liquid"),
                 require_licence = c("UK", "DE"))
  expect_identical(sort(m$id), c("amisulpride", "aripiprazole", "haloperidol", "risperidone"))
})

test_that("sdm_match() applies the unknown-rating policy", {
  m <- sdm_match(quick_avoid, quick_helpful, unknown = "exclude")
  expect_identical(nrow(m), 13L)
  expect_true(all(m$unknown_count == 0L))
  ex <- attr(m, "excluded")
  expect_identical(ex$id, c("asenapine", "brexpiprazole", "chlorpromazine", "iloperidone",
                            "sulpiride", "trifluoperazine"))
  expect_identical(unique(ex$kind), "unknown_rating")
  expect_match(attr(m, "record"), '"kind": "unknown_rating"', fixed = TRUE)
  expect_identical(ex$reason[1],
                   "'Less sex drive' is not known for this medicine and unknown ratings exclude")

  # Worst case: brexpiprazole's unknown less_sex_drive counts as +++.
  m <- sdm_match(quick_avoid, quick_helpful, unknown = "worst")
  expect_equal(m$score[m$id == "brexpiprazole"], 137 / 900 + roc5[4], tolerance = 1e-12)
  expect_identical(m$unknown_count[m$id == "brexpiprazole"], 1L)

  m <- sdm_match(quick_avoid, quick_helpful, unknown = "middle")
  expect_equal(m$score[m$id == "brexpiprazole"], 71 / 360, tolerance = 1e-12)
})

test_that("sdm_match() takes every scoring option", {
  m <- sdm_match(quick_avoid, quick_helpful, scheme = "equal")
  expect_equal(attr(m, "terms")$weight, rep(1 / 5, 6), tolerance = 1e-12)
  expect_equal(m$score[m$id == "cariprazine"], 1 / 15, tolerance = 1e-12)

  m <- sdm_match(quick_avoid, quick_helpful, scheme = "rank_sum")
  expect_equal(attr(m, "terms")$weight[1:5], c(5, 4, 3, 2, 1) / 15, tolerance = 1e-12)

  m <- sdm_match(quick_avoid, quick_helpful, scheme = "reciprocal")
  expect_equal(attr(m, "terms")$weight[1:5], (1 / 1:5) / sum(1 / 1:5), tolerance = 1e-12)

  m <- sdm_match(quick_avoid, quick_helpful, scheme = "lexicographic")
  expect_identical(m$id[1:5], c("cariprazine", "aripiprazole", "brexpiprazole", "sulpiride",
                                "amisulpride"))

  # Custom weights: only weight gain counts, and the helpful weight is that of
  # rank 5, here 0. The ten medicines with weight gain + tie, listed by name.
  m <- sdm_match(quick_avoid, quick_helpful, weights = c(1, 0, 0, 0, 0))
  expect_identical(m$rank[1:12], c(rep(1L, 10), 11L, 11L))
  expect_identical(m$id[1:2], c("amisulpride", "aripiprazole"))
  expect_equal(m$score[1:10], rep(1 / 3, 10), tolerance = 1e-12)
  expect_identical(sdm_match(quick_avoid, quick_helpful, weights = c(1, 0, 0, 0, 0),
                             scheme = "custom"), m)

  # A convex scale punishes marked effects harder: + is worth 1/9.
  m <- sdm_match(quick_avoid, quick_helpful, severity = c(0, 1, 3, 9))
  expect_equal(m$score[m$id == "cariprazine"], roc5[1] / 9, tolerance = 1e-12)
  expect_equal(m$score[m$id == "aripiprazole"], (roc5[1] + roc5[4]) / 9, tolerance = 1e-12)

  # Helpful weight 0.5: quetiapine's sleepiness at night (+++) takes 0.5 off.
  m <- sdm_match(quick_avoid, quick_helpful, helpful_weight = 0.5)
  expect_equal(m$score[m$id == "quetiapine"], 47 / 450, tolerance = 1e-12)
  expect_identical(sdm_match(quick_avoid, quick_helpful, helpful_weight = "auto"),
                   sdm_match(quick_avoid, quick_helpful))

  # Six ranks when the form allows six.
  m <- sdm_match(c(quick_avoid, "tiredness"), max_rank = 6)
  expect_equal(attr(m, "terms")$weight[1], 49 / 120, tolerance = 1e-12)

  m <- sdm_match(quick_avoid[1:2], completed_by = "together")
  expect_identical(attr(m, "completed_by"), "together")
  expect_match(attr(m, "record"), '"completed_by": "together"', fixed = TRUE)
  for (who in c("unspecified", "service_user", "carer"))
    expect_identical(attr(sdm_match("weight_gain", completed_by = who), "completed_by"), who)
})

test_that("sdm_match() with nothing ranked, or only helpful side effects", {
  m <- sdm_match()
  expect_identical(nrow(m), 19L)
  expect_identical(names(m), c("id", "name", "rank", "score", "unknown_count", "reason"))
  expect_identical(m$rank, rep(1L, 19))
  expect_identical(m$score, rep(0, 19))
  expect_identical(m$id[1], "amisulpride")
  expect_identical(m$reason[1], "no side effects ranked")
  expect_identical(nrow(attr(m, "terms")), 0L)
  expect_type(attr(m, "terms")$rank, "integer")

  # Nothing ranked: each helpful side effect weighs 1.
  m <- sdm_match(helpful = "night_sleepiness")
  expect_identical(m$id[1:5], c("chlorpromazine", "clozapine", "olanzapine", "quetiapine",
                                "zuclopenthixol"))
  expect_identical(m$score[1:5], rep(-1, 5))
  expect_identical(m$reason[1], "Sleepy in the evening or at night +++ (helpful)")
})

test_that("sdm_match() uses formulary and catalogue files", {
  expect_identical(sdm_match(quick_avoid, quick_helpful, formulary = extdata("formulary.json")),
                   sdm_match(quick_avoid, quick_helpful))

  cat <- temp_file('{"format": "sdm-catalogue", "format_version": 1, "id": "tiny",
    "version": "c1", "groups": [{"id": "g", "label": "G"}],
    "items": [{"id": "a", "label": "A thing", "group": "g"},
              {"id": "b", "label": "B thing", "group": "g"}]}')
  form <- temp_file('{"format": "sdm-formulary", "format_version": 1, "version": "f1",
    "sources": [{"key": "s", "citation": "A test"}],
    "medications": [
      {"id": "x", "name": "Drug X", "ratings": {"a": {"rating": 3, "source": "s"},
                                                "b": {"rating": 0, "source": "s"}}},
      {"id": "y", "name": "Drug Y", "ratings": {"a": {"rating": 0, "source": "s"}}}]}')
  m <- sdm_match(avoid = c("b", "a"), formulary = form, catalogue = cat)
  # k = 2: ROC weights 3/4 and 1/4; x: a +++ * 1/4; y: b unknown (1/2) * 3/4.
  expect_identical(m$id, c("x", "y"))
  expect_identical(names(m)[7:8], c("b", "a"))
  expect_identical(m$b, c(0L, NA))
  expect_identical(m$a, c(3L, 0L))
  expect_equal(m$score, c(1 / 4, 3 / 8), tolerance = 1e-12)
  expect_identical(attr(m, "data_version"), "f1")
})
