# Expected values worked out by hand from data/formulary.json (data 2026.12):
# a score is sum_i w_i * rating_i / 3 - w_helpful * rating_helpful / 3, with
# ROC weights (roc5, helper-libsdm.R), unknown ratings counted as 1/2, and
# the helpful weight that of rank 5. Each rating is the consensus of the
# cell's readings (the median of the sources' values; of an even number the
# higher middle one), e.g. cariprazine's stiff muscles: Maudsley - (0),
# S3 ++ (2), UpToDate + (1) -> 0, 1, 2 -> +.

test_that("sdm_match() ranks the quick-start person's medicines", {
  m <- sdm_match(avoid = quick_avoid, helpful = quick_helpful)
  expect_s3_class(m, "data.frame")
  expect_identical(names(m), c("id", "name", "rank", "score", "unknown_count", "reason",
                               quick_avoid, quick_helpful))
  # Clozapine's restriction (treatment-resistant schizophrenia only) leaves it
  # out: 18 ranked. Its row below shows what it would have scored.
  expect_identical(nrow(m), 18L)
  # Each medicine's consensus ratings on the five ranked side effects (weight
  # gain, day sleepiness, stiff muscles, less sex drive, dry mouth; ? unknown)
  # | the helpful one (sleepiness at night), and its score: the ranked terms
  # in 1/900 (roc5 * 300 * rating), unknown ones at 1/2 in 1/600, the helpful
  # one subtracted (12/300 * rating / 3).
  # Cariprazine     +   0   +   0   ++  | 0    (137 + 47 + 24)/900 = 52/225
  # Sulpiride       +   0   +   ?   0   | 0    (137 + 47)/900 + (27)/600 = 449/1800
  # Aripiprazole    +   +   +   +   +   | +    (137 + 77 + 47 + 27 + 12)/900 - 12/900 = 8/25
  # Amisulpride     +   +   +   ++  0   | +    (137 + 77 + 47 + 54)/900 - 12/900 = 101/300
  # Lurasidone      +   +   ++  +   +   | +    (137 + 77 + 94 + 27 + 12)/900 - 12/900 = 67/180
  # Ziprasidone     +   ++  +   +   +   | ++   (137 + 154 + 47 + 27 + 12)/900 - 24/900 = 353/900
  # Brexpiprazole   +   ++  +   ?   +   | ++   (137 + 154 + 47 + 12)/900 + (27)/600 - 24/900 = 733/1800
  # Haloperidol     +   +   +++ ++  +   | +    (137 + 77 + 141 + 54 + 12)/900 - 12/900 = 409/900
  # Trifluoperazine ++  +   ++  ?   ?   | +    (274 + 77 + 94)/900 + (27 + 12)/600 - 12/900 = 983/1800
  # Paliperidone    ++  +   ++  ++  +   | +    (274 + 77 + 94 + 54 + 12)/900 - 12/900 = 499/900
  # Risperidone     ++  +   ++  ++  +   | +    (274 + 77 + 94 + 54 + 12)/900 - 12/900 = 499/900
  # Asenapine       ++  ++  +   ?   +   | ++   (274 + 154 + 47 + 12)/900 + (27)/600 - 24/900 = 1007/1800
  # Iloperidone     ++  ++  +   ?   +   | ++   (274 + 154 + 47 + 12)/900 + (27)/600 - 24/900 = 1007/1800
  # Quetiapine      ++  +++ +   +   ++  | +++  (274 + 231 + 47 + 27 + 24)/900 - 36/900 = 63/100
  # Flupentixol     ++  ++  +++ +   ++  | ++   (274 + 154 + 141 + 27 + 24)/900 - 24/900 = 149/225
  # Chlorpromazine  ++  +++ ++  ?   +++ | +++  (274 + 231 + 94 + 36)/900 + (27)/600 - 36/900 = 1279/1800
  # (Clozapine      +++ +++ 0   +   +++ | +++  (411 + 231 + 27 + 36)/900 - 36/900 = 223/300: left out)
  # Zuclopenthixol  ++  +++ +++ ++  ?   | +++  (274 + 231 + 141 + 54)/900 + (12)/600 - 36/900 = 341/450
  # Olanzapine      +++ +++ +   +   ++  | +++  (411 + 231 + 47 + 27 + 24)/900 - 36/900 = 176/225
  expect_identical(m$name, c(
    "Cariprazine", "Sulpiride", "Aripiprazole", "Amisulpride", "Lurasidone",
    "Ziprasidone", "Brexpiprazole", "Haloperidol", "Trifluoperazine", "Paliperidone",
    "Risperidone", "Asenapine", "Iloperidone", "Quetiapine", "Flupentixol",
    "Chlorpromazine", "Zuclopenthixol", "Olanzapine"))
  expect_identical(m$id[1], "cariprazine")
  # Two ties (the same ratings): paliperidone and risperidone share rank 10,
  # asenapine and iloperidone rank 12.
  expect_identical(m$rank, c(1:9, 10L, 10L, 12L, 12L, 14:18))
  expect_identical(m$unknown_count,
                   c(0L, 1L, 0L, 0L, 0L, 0L, 1L, 0L, 2L, 0L, 0L, 1L, 1L, 0L, 0L, 1L, 1L, 0L))
  expect_equal(m$score[1], (roc5[1] + roc5[3] + 2 * roc5[5]) / 3, tolerance = 1e-12)
  expect_equal(m$score[1], 0.231111111111111, tolerance = 1e-12)
  expect_equal(m$score, c(52 / 225, 449 / 1800, 8 / 25, 101 / 300, 67 / 180, 353 / 900,
                          733 / 1800, 409 / 900, 983 / 1800, 499 / 900, 499 / 900, 1007 / 1800,
                          1007 / 1800, 63 / 100, 149 / 225, 1279 / 1800, 341 / 450,
                          176 / 225), tolerance = 1e-12)
  # The ratings that explain each place; NA where unknown.
  expect_identical(unlist(m[1, c(quick_avoid, quick_helpful)], use.names = FALSE),
                   c(1L, 0L, 1L, 0L, 2L, 0L))
  expect_identical(unlist(m[2, c(quick_avoid, quick_helpful)], use.names = FALSE),
                   c(1L, 0L, 1L, NA, 0L, 0L))
  expect_identical(m$night_sleepiness[m$id == "quetiapine"], 3L)
  # Where the sources' readings spread two steps or more, the reason says so,
  # lowest first (weight gain: S3 0/+, Maudsley +, UpToDate ++).
  expect_identical(m$reason[1], paste0(
    "Weight gain + (rank 1; sources disagree: none to ++: S3 guideline none to +, Maudsley +, UpToDate ++); ",
    "Difficulty staying awake during the day 0 (rank 2; sources disagree: none to ++: Maudsley none, ",
    "S3 guideline none, UpToDate ++); ",
    "Stiff muscles + (rank 3; sources disagree: none to ++: Maudsley none, UpToDate +, S3 guideline ++); ",
    "Less sex drive 0 (rank 4); ",
    "Dry mouth ++ (rank 5; sources disagree: none to ++: Maudsley none, UpToDate ++); ",
    "Sleepy in the evening or at night 0 (helpful; sources disagree: none to ++: Maudsley none, ",
    "S3 guideline none, UpToDate ++)"))
  expect_match(m$reason[2], "Less sex drive not known (rank 4; counted as the middle of the scale)",
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
  expect_identical(ex$id, "clozapine")
  expect_identical(ex$kind, "restriction")
  expect_identical(ex$reason, paste("only where schizophrenia has not responded to two other antipsychotics,",
                                    "or they caused severe side effects that could not be treated"))
  expect_identical(attr(m, "data_version"), "2026.12")
  expect_match(attr(m, "notice"), "^For illustration and research only")
  expect_identical(attr(m, "completed_by"), "unspecified")
  expect_match(attr(m, "record"), '"format": "sdm-record"', fixed = TRUE)
  expect_match(attr(m, "record"), '"data_version": "2026.12"', fixed = TRUE)
})

test_that("sdm_match() lists every filtered medicine with the reason", {
  # The seven with a long-acting injection, in the order of their scores
  # above, but olanzapine: the injection asks for a context that does not
  # hold (observation for three hours after each injection).
  m <- sdm_match(quick_avoid, quick_helpful, require_formulation = "long_acting_injection")
  expect_identical(m$id, c("aripiprazole", "haloperidol", "paliperidone", "risperidone",
                           "flupentixol", "zuclopenthixol"))
  ex <- attr(m, "excluded")
  expect_identical(nrow(ex), 13L)
  expect_identical(ex$id[1:3], c("amisulpride", "asenapine", "brexpiprazole"))
  expect_identical(unique(ex$kind), c("formulation", "restriction"))
  expect_identical(ex$kind[ex$id == "olanzapine"], "restriction")
  expect_identical(unique(ex$reason[ex$kind == "formulation"]), "not recorded as available as a long-acting injection")
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
  # why, from amisulpride's licence in the US (licences.csv)
  expect_identical(ex$reason[1], paste("not licensed for schizophrenia in the US: in the US amisulpride is",
                                       "licensed only as an injection against sickness after surgery"))
  expect_identical(ex$reason[2], "excluded by the prescriber")
  expect_identical(ex$reason[4], "weight gain before")
  expect_match(attr(m, "record"), '"kind": "licence"', fixed = TRUE)
  expect_match(attr(m, "record"), '"kind": "request"', fixed = TRUE)

  # Tablet and liquid: amisulpride (licensed in DE and UK), aripiprazole and
  # haloperidol (EU, UK, US), chlorpromazine (UK, US) and risperidone (DE, UK, US).
  m <- sdm_match(quick_avoid, quick_helpful, require_formulation = c("tablet", "liquid"),
                 require_licence = c("UK", "US"))
  expect_identical(sort(m$id), c("aripiprazole", "chlorpromazine", "haloperidol", "risperidone"))
})

test_that("sdm_match() applies the unknown-rating policy", {
  # The seven with a ? in the table above, in formulary order, and clozapine
  # (its restriction: its context, treatment_resistant, does not hold).
  m <- sdm_match(quick_avoid, quick_helpful, unknown = "exclude")
  expect_identical(nrow(m), 11L)
  expect_true(all(m$unknown_count == 0L))
  ex <- attr(m, "excluded")
  expect_identical(ex$id, c("asenapine", "brexpiprazole", "chlorpromazine", "clozapine", "iloperidone",
                            "sulpiride", "trifluoperazine", "zuclopenthixol"))
  expect_identical(unique(ex$kind), c("unknown_rating", "restriction"))
  expect_match(attr(m, "record"), '"kind": "unknown_rating"', fixed = TRUE)
  expect_identical(ex$reason[1],
                   "'Less sex drive' is not known for this medicine and unknown ratings exclude")

  # Worst case: brexpiprazole's unknown less_sex_drive counts as +++:
  # (137 + 154 + 47 + 12)/900 - 24/900 + 27/300 = 326/900 + 81/900 = 407/900.
  m <- sdm_match(quick_avoid, quick_helpful, unknown = "worst")
  expect_equal(m$score[m$id == "brexpiprazole"], 326 / 900 + roc5[4], tolerance = 1e-12)
  expect_equal(m$score[m$id == "brexpiprazole"], 407 / 900, tolerance = 1e-12)
  expect_identical(m$unknown_count[m$id == "brexpiprazole"], 1L)

  m <- sdm_match(quick_avoid, quick_helpful, unknown = "middle")
  expect_equal(m$score[m$id == "brexpiprazole"], 733 / 1800, tolerance = 1e-12)
})

test_that("sdm_match() takes every scoring option", {
  m <- sdm_match(quick_avoid, quick_helpful, scheme = "equal")
  expect_equal(attr(m, "terms")$weight, rep(1 / 5, 6), tolerance = 1e-12)
  # Cariprazine +, 0, +, 0, ++ | 0: (1 + 1 + 2)/3 * 1/5 = 4/15.
  expect_equal(m$score[m$id == "cariprazine"], 4 / 15, tolerance = 1e-12)

  m <- sdm_match(quick_avoid, quick_helpful, scheme = "rank_sum")
  expect_equal(attr(m, "terms")$weight[1:5], c(5, 4, 3, 2, 1) / 15, tolerance = 1e-12)

  m <- sdm_match(quick_avoid, quick_helpful, scheme = "reciprocal")
  expect_equal(attr(m, "terms")$weight[1:5], (1 / 1:5) / sum(1 / 1:5), tolerance = 1e-12)

  # Rank 1 first (weight gain +: eight medicines), then day sleepiness (0:
  # cariprazine and sulpiride, which stiff muscles cannot part and less sex
  # drive does, 0 before unknown; +: aripiprazole and amisulpride, parted by
  # less sex drive + before ++, then lurasidone and haloperidol by stiff muscles).
  m <- sdm_match(quick_avoid, quick_helpful, scheme = "lexicographic")
  expect_identical(m$id[1:5], c("cariprazine", "sulpiride", "aripiprazole", "amisulpride",
                                "lurasidone"))

  # Custom weights: only weight gain counts, and the helpful weight is that of
  # rank 5, here 0. The eight medicines with weight gain + tie (1/3), listed by
  # name; the nine with ++ (2/3) share rank 9.
  m <- sdm_match(quick_avoid, quick_helpful, weights = c(1, 0, 0, 0, 0))
  expect_identical(m$rank[1:17], c(rep(1L, 8), rep(9L, 9)))
  expect_identical(m$id[1:2], c("amisulpride", "aripiprazole"))
  expect_equal(m$score[1:8], rep(1 / 3, 8), tolerance = 1e-12)
  expect_identical(without_match(sdm_match(quick_avoid, quick_helpful, weights = c(1, 0, 0, 0, 0),
                                           scheme = "custom")), without_match(m))

  # A convex scale punishes marked effects harder: + is worth 1/9.
  # Cariprazine: + on ranks 1 and 3, ++ (3/9) on rank 5; aripiprazole + on all
  # five, and + helpful (1/9 of rank 5's weight off).
  m <- sdm_match(quick_avoid, quick_helpful, severity = c(0, 1, 3, 9))
  expect_equal(m$score[m$id == "cariprazine"], (roc5[1] + roc5[3]) / 9 + roc5[5] * 3 / 9,
               tolerance = 1e-12)
  expect_equal(m$score[m$id == "cariprazine"], 11 / 135, tolerance = 1e-12)
  expect_equal(m$score[m$id == "aripiprazole"], (sum(roc5) - roc5[5]) / 9, tolerance = 1e-12)

  # Helpful weight 0.5: quetiapine's sleepiness at night (+++) takes 0.5 off
  # its ranked terms (274 + 231 + 47 + 27 + 24)/900 = 0.67.
  m <- sdm_match(quick_avoid, quick_helpful, helpful_weight = 0.5)
  expect_equal(m$score[m$id == "quetiapine"], 0.17, tolerance = 1e-12)
  expect_identical(without_match(sdm_match(quick_avoid, quick_helpful, helpful_weight = "auto")),
                   without_match(sdm_match(quick_avoid, quick_helpful)))

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
  expect_identical(nrow(m), 18L)  # clozapine: its restriction
  expect_identical(names(m), c("id", "name", "rank", "score", "unknown_count", "reason"))
  expect_identical(m$rank, rep(1L, 18))
  expect_identical(m$score, rep(0, 18))
  expect_identical(m$id[1], "amisulpride")
  expect_identical(m$reason[1], "no side effects ranked")
  expect_identical(nrow(attr(m, "terms")), 0L)
  expect_type(attr(m, "terms")$rank, "integer")

  # Nothing ranked: each helpful side effect weighs 1.
  m <- sdm_match(helpful = "night_sleepiness")
  # +++ at night (consensus): chlorpromazine, olanzapine, quetiapine, zuclopenthixol; clozapine would be
  # among them, but its restriction leaves it out.
  expect_identical(m$id[1:4], c("chlorpromazine", "olanzapine", "quetiapine", "zuclopenthixol"))
  expect_identical(m$score[1:4], rep(-1, 4))
  expect_identical(m$reason[1], "Sleepy in the evening or at night +++ (helpful)")
})

test_that("sdm_match() uses formulary and catalogue files", {
  expect_identical(without_match(sdm_match(quick_avoid, quick_helpful, formulary = extdata("formulary.json"))),
                   without_match(sdm_match(quick_avoid, quick_helpful)))

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
