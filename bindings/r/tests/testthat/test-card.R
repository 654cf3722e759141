notice <- paste("Data version 2026.11. For illustration and research only: derived from published",
                "tables, not reviewed for clinical use. A Trust must load its own reviewed formulary.")
legend <- "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more severe."

test_that("sdm_card() gives a medicine's information card", {
  card <- sdm_card("cariprazine")
  expect_s3_class(card, "libsdm_card")
  expect_type(card, "character")
  expect_length(card, 1L)
  expect_null(names(card))
  expect_identical(as.character(card), paste0(paste(
    "Cariprazine (N05AX15)",
    "",
    "  * Weight gain +",
    "  * Risk of high blood sugar/diabetes +",
    "  * Risk of high cholesterol +",
    "  * Tension +",
    "  * Muscle spasms +",
    "  * Restlessness +",
    "  * Parts of the body restless, seem to move by themselves (e.g. feet) +",
    "  * Small risk of abnormal movements +",
    "",
    paste("Not known (no source rates it): Difficulty getting off to sleep; Increased dreaming;",
          "Weight loss; Feeling sick; Over-wet or drooling mouth; Increased sweating; Higher",
          "blood pressure; Sensitivity to sun; Noticing your heart beating fast (palpitations)"),
    legend,
    notice,
    sep = "\n"), "\n"))
})

test_that("sdm_card() marks the person's ranked and helpful side effects", {
  card <- sdm_card("aripiprazole", avoid = "weight_gain", helpful = "night_sleepiness")
  lines <- strsplit(as.character(card), "\n", fixed = TRUE)[[1]]
  expect_identical(lines[1:6], c(
    "Aripiprazole (N05AX12)",
    "",
    "  * Difficulty getting off to sleep ++",      # the paper card: Poor sleep ++
    "  * Over-wet or drooling mouth ++",
    "  * Restlessness ++",                         # the paper card: Restlessness ++
    "  * Weight gain + [your rank 1]"))
  expect_true("Rated none: Sleepy in the evening or at night [helpful for you]" %in% lines)
  expect_identical(tail(lines, 2), c(legend, notice))
  expect_identical(nchar(as.character(card)), 1012L)
  # Without the ranking, nothing is marked.
  expect_false(grepl("[your rank", sdm_card("aripiprazole"), fixed = TRUE))
})

test_that("sdm_card() takes several ids, files, and prints as text", {
  cards <- sdm_card(c("cariprazine", "olanzapine"))
  expect_length(cards, 2L)
  expect_identical(names(cards), c("cariprazine", "olanzapine"))
  expect_identical(unname(as.character(cards[1])), as.character(sdm_card("cariprazine")))
  expect_match(cards[["olanzapine"]], "^Olanzapine \\(N05AH03\\)\n")
  expect_match(cards[["olanzapine"]], "  * Weight gain +++\n", fixed = TRUE)

  expect_identical(sdm_card("cariprazine", formulary = extdata("formulary.json")),
                   sdm_card("cariprazine"))

  out <- capture.output(res <- print(cards))
  expect_identical(res, cards)
  expect_identical(out[1], "Cariprazine (N05AX15)")
  expect_identical(out[length(out)], notice)
  expect_identical(sum(out == notice), 2L)
  # One blank line between the cards.
  expect_identical(out[which(out == notice)[1] + 1:2], c("", "Olanzapine (N05AH03)"))
})
