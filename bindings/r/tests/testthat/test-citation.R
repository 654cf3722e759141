# citation("libsdm") (issue 17): no warning, the package with its version,
# then every source of the built-in data, keyed as the formulary keys them.

test_that("citation() cites the package and every source of the data, without a warning", {
  expect_warning(cit <- citation("libsdm"), NA)
  expect_length(cit, 11L)
  keys <- vapply(unclass(cit), function(e) attr(e, "key"), character(1L))
  expect_identical(keys, c("libsdm", attr(sdm_formulary(), "sources")$key))
  software <- cit[[1L]]
  expect_identical(unclass(software)[[1L]]$title,
                   "libsdm: Shared Decision Making About Antipsychotic Medication")
  expect_identical(unclass(software)[[1L]]$note,
                   sprintf("R package version %s; built-in data version %s, for illustration and research only",
                           as.character(packageVersion("libsdm")), attr(sdm_formulary(), "data_version")))
  expect_identical(format(software$author), "libsdm developers")
  # The Maudsley table: the 14th edition (2021), read from a third-party copy that says so.
  maudsley <- unclass(cit[[3L]])[[1L]]
  expect_identical(maudsley$year, "2021")
  expect_identical(maudsley$edition, "14th")
  expect_identical(maudsley$url, "https://www.maudsley-prescribing-guidelines.co.uk/")
  expect_identical(format(cit[[3L]]$author), c("D M Taylor", "T R E Barnes", "A H Young"))
  expect_identical(maudsley$note, "Read from a third-party web reproduction of the table, which did not print its edition")
  expect_match(unclass(cit[[5L]])[[1L]]$note, "third-party reproduction", fixed = TRUE)
})

test_that("the package has a maintainer with an address", {
  expect_identical(maintainer("libsdm"), "libsdm developers <libsdm@users.noreply.github.com>")
})
