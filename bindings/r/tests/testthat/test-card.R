notice <- paste("Data version 2026.12. For illustration and research only: derived from published",
                "tables, not reviewed for clinical use. A Trust must load its own reviewed formulary.")
legend <- "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more severe."

test_that("sdm_card() gives a medicine's information card", {
  card <- sdm_card("cariprazine")
  expect_s3_class(card, "libsdm_card")
  expect_type(card, "character")
  expect_length(card, 1L)
  expect_null(names(card))
  lines <- strsplit(as.character(card), "\n", fixed = TRUE)[[1]]
  # By hand from data/formulary.json: cariprazine's consensus ratings above
  # none, ++ then +, each in catalogue order; under a cell whose readings are
  # two steps or more apart (its spread), the readings from the lowest.
  # Dry mouth, passing urine, blurred vision, remembering: Maudsley - (0),
  # UpToDate ++ (2): of two, the higher middle, ++; tension, restlessness,
  # restless limbs: Maudsley +, S3 ++, UpToDate ++ -> ++ (spread 1); weight
  # gain: S3 0/+, Maudsley +, UpToDate ++ -> +; slowing, stiff muscles,
  # tremor: Maudsley -, UpToDate +, S3 ++ -> +; blood sugar, cholesterol (S3
  # 0/+, UpToDate +), spasms (UpToDate +), abnormal movements (S3 +, UpToDate
  # +), dizziness (Maudsley -, S3 0/+, UpToDate +), heart (Maudsley -, S3 0/+)
  # -> +, none two steps apart.
  apart2 <- "      Sources disagree: none to ++: Maudsley none, UpToDate ++"
  apart3 <- "      Sources disagree: none to ++: Maudsley none, UpToDate +, S3 guideline ++"
  expect_identical(lines[1:31], c(
    "Cariprazine (N05AX15)",
    "",
    "  * Dry mouth ++", apart2,
    "  * Difficulty passing urine ++", apart2,
    "  * Blurred vision ++", apart2,
    "  * Difficulty remembering things ++", apart2,
    "  * Tension ++",
    "  * Restlessness ++",
    "  * Parts of the body restless, seem to move by themselves (e.g. feet) ++",
    "  * Weight gain +",
    "      Sources disagree: none to ++: S3 guideline none to +, Maudsley +, UpToDate ++",
    "  * Risk of high blood sugar/diabetes +",
    "  * Risk of high cholesterol +",
    "  * Slowing of movements +", apart3,
    "  * Stiff muscles +", apart3,
    "  * Muscle spasms +",
    "  * Small risk of abnormal movements +",
    "  * Shaking or tremor +", apart3,
    "  * Dizziness on standing up +",
    "  * Small risk of heart problems +",
    "",
    paste("Not known (no source rates it): Difficulty getting off to sleep; Increased dreaming;",
          "Weight loss; Feeling sick; Over-wet or drooling mouth; Increased sweating; Higher",
          "blood pressure; Sensitivity to sun; Noticing your heart beating fast (palpitations)"),
    legend,
    ""))
  # Then its serious risks, its own two (dementia mortality, the US warning on
  # suicidal thoughts) and the formulary's four class risks, and its licences
  # (EU, UK and US: yes).
  # Beside the side effects, how well it works (efficacy.h): Huhn 2019, SMD
  # -0.345 (-0.49 to -0.20), 4 studies: -SMD 0.345 < 0.35, "less well than most".
  expect_identical(lines[[32L]], paste(
    "How well it works (beside the side effects above): works less well than most; based on only 4 studies",
    "(overall symptoms, Huhn 2019 (efficacy): SMD -0.34 against placebo, 95 % interval -0.49 to -0.20;",
    "confidence not graded)."))
  expect_identical(lines[[34L]], "Serious risks (rare but important; they are not part of the ranking):")
  risks <- lines[35:(match("  A serious risk that is not listed can still happen.", lines) - 1L)]
  expect_identical(sub(":.*", "", risks), c(
    "  * Higher mortality in dementia", "  * US warning on suicidal thoughts",
    "  * Neuroleptic malignant syndrome (a risk of every antipsychotic)",
    "  * Venous thromboembolism (blood clots) (a risk of every antipsychotic)",
    "  * High blood sugar (hyperglycaemia) (a risk of every antipsychotic)",
    "  * Falls (a risk of every antipsychotic)"))
  expect_identical(sub(":.*", "", grep("^  \\* (EU|UK|US):", lines, value = TRUE)),
                   c("  * EU", "  * UK", "  * US"))
  expect_identical(tail(lines, 1L), notice)
})

test_that("sdm_card() marks the person's ranked and helpful side effects", {
  card <- sdm_card("aripiprazole", avoid = "weight_gain", helpful = "night_sleepiness")
  lines <- strsplit(as.character(card), "\n", fixed = TRUE)[[1]]
  # Poor sleep: the paper card ++ decides; drooling: product information
  # "common" (++); blurred vision: Maudsley - (0), UpToDate + (1), product
  # information common, common (2, 2) -> ++, spread 2.
  expect_identical(lines[1:6], c(
    "Aripiprazole (N05AX12)",
    "",
    "  * Difficulty getting off to sleep ++",      # the paper card: Poor sleep ++
    "  * Over-wet or drooling mouth ++",
    "  * Blurred vision ++",
    paste("      Sources disagree: none to ++: Maudsley none, UpToDate +, product information ++,",
          "product information ++")))
  # The person's own side effects are marked, with Huhn 2019's numbers under
  # them: weight gain + (Maudsley +, S3 0/+, UpToDate +), a mean difference of
  # 0.48 kg (low confidence); sleepiness at night + (Maudsley -, S3 0/+,
  # UpToDate +: 0, 1, 1), a risk ratio of 1.46 (low confidence).
  at <- match("  * Weight gain + [your rank 1]", lines)
  expect_identical(lines[at + 1L],
                   "      In trials (Huhn 2019), weight: on average 0.5 kg more than with placebo; low confidence")
  at <- match("  * Sleepy in the evening or at night + [helpful for you]", lines)
  expect_identical(lines[at + 1L], paste("      In trials (Huhn 2019), sleepiness: about 46% more common than",
                                         "with placebo (risk ratio 1.46); low confidence"))
  expect_false(any(grepl("^Rated none", lines)))
  expect_identical(tail(lines, 1L), notice)
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
  # The notice, wrapped to 80 columns (three lines), ends each card.
  wrapped <- strwrap(notice, width = 81L)  # lines of at most 80 columns
  expect_length(wrapped, 3L)
  expect_identical(tail(out, 3L), wrapped)
  ends <- which(out == wrapped[[3L]])
  expect_length(ends, 2L)
  # One blank line between the cards.
  expect_identical(out[ends[[1L]] + 1:2], c("", "Olanzapine (N05AH03)"))
})

test_that("cards print in 80 columns and have format, summary and as.data.frame methods", {
  old <- options(width = 200)
  on.exit(options(old))
  cards <- sdm_card(c("clozapine", "cariprazine"), avoid = c("weight_gain", "tremor"), helpful = "night_sleepiness")
  out <- capture.output(print(cards))
  expect_lte(max(nchar(out, type = "width")), 80L)
  # The C text has lines of over 400 columns (clozapine's serious risks); wrapped, a bullet's text goes on
  # under its text, and no word is lost.
  expect_gt(max(nchar(strsplit(unclass(cards)[[1L]], "\n")[[1L]], type = "width")), 80L)
  expect_identical(trimws(gsub("\\s+", " ", paste(out, collapse = " "))),
                   trimws(gsub("\\s+", " ", paste(unclass(cards), collapse = " "))))
  agranulocytosis <- which(startsWith(out, "  * Agranulocytosis: "))
  expect_identical(out[agranulocytosis + 0:1], c(
    "  * Agranulocytosis: A sharp fall in the white blood cells that fight infection",
    "    (agranulocytosis or severe neutropenia), which can lead to serious,"))
  expect_length(format(cards), 2L)
  expect_identical(names(format(cards)), c("clozapine", "cariprazine"))
  expect_lte(max(nchar(strsplit(format(cards, width = 60)[[1L]], "\n")[[1L]], type = "width")), 60L)

  # One row per side effect each card lists: clozapine rates 31 side effects +, ++ or +++, of those rated
  # none the person's own (tremor, ranked 2), and the 2 no source rates; its ratings are the formulary's.
  d <- as.data.frame(cards)
  expect_identical(names(d), c("medication", "name", "effect", "label", "rating", "mark", "spread", "your_rank",
                               "helpful"))
  cloz <- d[d$medication == "clozapine", ]
  expect_identical(nrow(cloz), 31L + 1L + 2L)
  f <- sdm_formulary()
  rated <- unlist(f[f$id == "clozapine", cloz$effect])
  expect_identical(unname(cloz$rating), unname(rated))
  expect_identical(cloz$your_rank[cloz$effect %in% c("weight_gain", "tremor")], c(1L, 2L))
  expect_identical(cloz$effect[cloz$helpful], "night_sleepiness")
  expect_identical(cloz$rating[cloz$effect == "weight_loss"], NA_integer_)
  expect_identical(cloz$mark[cloz$effect == "weight_loss"], "?")
  expect_identical(attr(d, "data_version"), "2026.12")

  s <- summary(cards)
  expect_s3_class(s, "summary.libsdm_card")
  expect_identical(s$id, c("clozapine", "cariprazine"))
  all_cloz <- unlist(f[f$id == "clozapine", sdm_catalogue()$id])
  expect_identical(s$marked[[1L]], sum(all_cloz == 3L, na.rm = TRUE))
  expect_identical(s$unknown[[1L]], sum(is.na(all_cloz)))
  expect_identical(s$serious_risks, c(nrow(sdm_risks()[sdm_risks()$medication == "clozapine", ]),
                                      nrow(sdm_risks()[sdm_risks()$medication == "cariprazine", ])))
  expect_identical(s$restrictions, c(4L, 0L))
  expect_identical(s$licensed_in[[1L]], "DE, UK, US")
  out <- capture.output(print(s))
  expect_identical(out[[1L]], "medicine     rated  +++  none  unknown  risks  restricted  licensed  ")
  expect_lte(max(nchar(out, type = "width")), 80L)

  # A selection keeps the class and the JSON.
  second <- cards[2]
  expect_s3_class(second, "libsdm_card")
  expect_identical(summary(second)$id, "cariprazine")
  expect_identical(as.character(unclass(second)), unname(as.character(unclass(cards))[2]))
})
