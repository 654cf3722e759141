test_that("sdm_formulary() gives one row per medicine and one column per side effect", {
  f <- sdm_formulary()
  cat <- sdm_catalogue()
  expect_s3_class(f, "data.frame")
  expect_identical(nrow(f), 19L)
  expect_identical(names(f), c("id", "name", "atc", cat$id, "formulations", "licences"))
  expect_identical(f$id[1:5], c("amisulpride", "aripiprazole", "asenapine", "brexpiprazole",
                                "cariprazine"))
  expect_identical(f$name[2], "Aripiprazole")
  expect_identical(f$atc[2], "N05AX12")
  for (id in cat$id)
    expect_type(f[[id]], "integer")

  # Cells checked by hand against data/formulary.json: each the consensus
  # of its readings (the median; of an even number the higher middle one),
  # except where the paper's card reads a cell: the card decides.
  row <- function(id) match(id, f$id)
  expect_identical(f$poor_sleep[row("aripiprazole")], 2L)      # card: Poor sleep ++ (decides)
  expect_identical(f$restlessness[row("aripiprazole")], 2L)    # card ++ (Maudsley +, S3 ++, UpToDate ++)
  expect_identical(f$weight_gain[row("aripiprazole")], 1L)     # Maudsley +, S3 0/+, UpToDate +: 1, 1, 1
  expect_identical(f$weight_gain[row("olanzapine")], 3L)       # Maudsley, S3, UpToDate: all +++
  expect_identical(f$dry_mouth[row("clozapine")], 3L)          # Maudsley +++, UpToDate +++
  expect_identical(f$stiff_muscles[row("cariprazine")], 1L)    # Maudsley -, S3 ++, UpToDate +: 0, 1, 2
  expect_identical(f$dry_mouth[row("cariprazine")], 2L)        # Maudsley -, UpToDate ++: the higher of 0, 2
  # No source rates these: unknown is NA, never 0.
  expect_identical(f$poor_sleep[row("amisulpride")], NA_integer_)
  expect_identical(f$less_sex_drive[row("brexpiprazole")], NA_integer_)

  ratings <- as.matrix(f[cat$id])
  # Of the 684 cells 182 have no reading; the consensus of the others is 0
  # in 26, + in 219, ++ in 185 and +++ in 72 (data/README.md's table).
  expect_identical(sum(is.na(ratings)), 182L)
  expect_identical(as.vector(table(ratings)), c(26L, 219L, 185L, 72L))  # 0, +, ++, +++

  expect_identical(f$formulations[row("amisulpride")], "liquid, tablet")
  expect_identical(f$licences[row("iloperidone")], "US")

  expect_identical(attr(f, "formulary"), "libsdm-default")
  expect_identical(attr(f, "title"), "libsdm default formulary")
  expect_identical(attr(f, "data_version"), "2026.12")
  expect_match(attr(f, "notice"), "^For illustration and research only")
  sources <- attr(f, "sources")
  expect_identical(sources$key, c("card", "maudsley", "s3", "uptodate", "product-information",
                                  "huhn2019", "huhn2019-efficacy", "regulatory-texts",
                                  "peer-reviewed-papers", "secondary-reports"))
  expect_identical(sources$url[1], "https://doi.org/10.1186/s13033-017-0149-z")
  expect_identical(sources$url[2], "https://www.maudsley-prescribing-guidelines.co.uk/")
  expect_identical(sources$url[8], "")
  rs <- attr(f, "rating_source")
  expect_identical(dim(rs), c(19L, 36L))
  expect_identical(rs["aripiprazole", "poor_sleep"], "card")
  expect_identical(rs["olanzapine", "weight_gain"], "maudsley")
  expect_identical(rs["amisulpride", "poor_sleep"], NA_character_)
  # A rating has a source exactly when it is known.
  known <- ratings
  dimnames(known) <- dimnames(rs)
  expect_identical(is.na(rs), is.na(known))
})

test_that("sdm_formulary(file) loads a formulary file, against a catalogue file too", {
  expect_identical(sdm_formulary(extdata("formulary.json")), sdm_formulary())
  expect_identical(sdm_formulary(extdata("formulary.json"), catalogue = extdata("catalogue.json")),
                   sdm_formulary())
  expect_identical(sdm_formulary(catalogue = extdata("catalogue.json")), sdm_formulary())

  small <- temp_file('{"format": "sdm-formulary", "format_version": 1, "version": "t1",
    "sources": [{"key": "s", "citation": "A test"}],
    "medications": [{"id": "x", "name": "Drug X",
                     "ratings": {"weight_gain": {"rating": 2, "source": "s"}}}]}')
  x <- sdm_formulary(small)
  expect_identical(x$id, "x")
  expect_identical(x$atc, "")
  expect_identical(x$weight_gain, 2L)
  expect_identical(x$dry_mouth, NA_integer_)   # not rated: unknown
  expect_identical(x$formulations, "")
  expect_identical(attr(x, "data_version"), "t1")
  # A format-1 file: its source's label is its key, its reliability unstated.
  expect_identical(attr(x, "sources"),
                   data.frame(key = "s", citation = "A test", url = "", label = "s", note = "", edition = "",
                              reliability = "unstated", decides = FALSE, stringsAsFactors = FALSE))
  expect_identical(attr(x, "rating_source")["x", c("weight_gain", "dry_mouth")],
                   c(weight_gain = "s", dry_mouth = NA))
})
