# libsdm R binding: run by R CMD check.
library(testthat)
library(sdm)

test_check("sdm")
