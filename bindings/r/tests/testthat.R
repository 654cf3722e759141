# libsdm R binding: run by R CMD check.
library(testthat)
library(libsdm)

test_check("libsdm")
