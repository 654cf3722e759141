test_that("sdm_catalogue() gives the 36 side effects of the form", {
  cat <- sdm_catalogue()
  expect_s3_class(cat, "data.frame")
  expect_identical(names(cat), c("index", "id", "label", "group", "group_label",
                                 "dimension", "commonly_helpful"))
  expect_identical(nrow(cat), 36L)
  expect_identical(cat$index, 1:36)
  expect_type(cat$commonly_helpful, "logical")
  expect_identical(cat$id[1:3], c("day_sleepiness", "sleeping_late", "night_sleepiness"))
  expect_identical(cat$label[3], "Sleepy in the evening or at night")
  expect_identical(cat$group[3], "sleep")
  expect_identical(cat$group_label[3], "Sleep")
  expect_identical(cat$dimension[3], "sedation")
  expect_true(cat$commonly_helpful[3])
  expect_false(cat$commonly_helpful[1])
  expect_identical(cat$group[cat$id == "weight_gain"], "weight")
  expect_identical(unique(cat$group), c("sleep", "weight", "stomach_and_mouth", "metabolic",
                                        "sex_and_periods", "body", "movement",
                                        "heart_and_circulation"))
  expect_false(anyDuplicated(cat$id) > 0)
  expect_true(all(quick_avoid %in% cat$id))
  expect_identical(attr(cat, "catalogue"), "manchester-36")
  expect_identical(attr(cat, "data_version"), "2026.11")
  expect_match(attr(cat, "citation"), "Brooks H", fixed = TRUE)
})

test_that("sdm_catalogue(file) loads a catalogue file", {
  from_file <- sdm_catalogue(extdata("catalogue.json"))
  expect_identical(from_file, sdm_catalogue())

  small <- temp_file('{"format": "sdm-catalogue", "format_version": 1, "id": "tiny",
    "version": "1", "groups": [{"id": "g", "label": "G"}],
    "items": [{"id": "a", "label": "Ä thing", "group": "g"},
              {"id": "b", "label": "B thing", "group": "g"}]}')
  tiny <- sdm_catalogue(small)
  expect_identical(tiny$id, c("a", "b"))
  expect_identical(tiny$label[1], "\u00c4 thing")
  expect_identical(Encoding(tiny$label[1]), "UTF-8")
  expect_identical(tiny$dimension, c("", ""))
  expect_identical(attr(tiny, "catalogue"), "tiny")
  expect_identical(attr(tiny, "title"), "")
})
