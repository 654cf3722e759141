# What a clinician must see, in R (issue 13): serious risks, restrictions,
# licences and products, one row per entry with its source; read by hand from
# data/formulary.json.

test_that("sdm_risks() gives each medicine's serious risks, then the class risks that apply", {
  r <- sdm_risks()
  expect_identical(names(r), c("medication", "name", "risk", "risk_name", "words", "frequency", "formulation",
                               "source", "reliability", "document", "is_class"))
  # Cariprazine: its own two (dementia mortality, the US warning on suicidal
  # thoughts), then the formulary's four class risks of every form.
  expect_identical(r$risk[r$medication == "cariprazine"], c(
    "dementia_mortality", "suicidality_warning_us", "neuroleptic_malignant_syndrome",
    "venous_thromboembolism", "hyperglycaemia", "falls"))
  expect_identical(r$is_class[r$medication == "cariprazine"], rep(c(FALSE, TRUE), c(2L, 4L)))
  # Aripiprazole: its own three (its own hyperglycaemia covers the class risk
  # of that id), and, as it has a long-acting injection, injection-site reactions.
  ari <- r[r$medication == "aripiprazole", ]
  expect_identical(ari$risk, c("dementia_mortality", "hyperglycaemia", "suicidality_warning_us",
                               "neuroleptic_malignant_syndrome", "venous_thromboembolism", "falls",
                               "injection_site_reactions"))
  expect_identical(ari$formulation[7], "long_acting_injection")
  expect_identical(ari$risk_name[1], "Higher mortality in dementia")
  expect_identical(ari$reliability[1], "regulatory")
  # Every medicine shows neuroleptic malignant syndrome.
  expect_setequal(r$medication[r$risk == "neuroleptic_malignant_syndrome"], sdm_formulary()$id)
  expect_identical(attr(r, "data_version"), "2026.12")
})

test_that("sdm_restrictions() gives the context that allows a medicine and its requirement", {
  x <- sdm_restrictions()
  expect_identical(names(x), c("medication", "name", "context", "context_words", "requirement", "country",
                               "formulation", "source", "reliability", "document"))
  # Clozapine: only where schizophrenia is treatment resistant, in the UK,
  # the EU, Germany and the US (the last from a secondary report); the
  # olanzapine injection: where the person can be observed, and stabilised on
  # the tablets first.
  cloz <- x[x$medication == "clozapine", ]
  expect_identical(cloz$country, c("UK", "EU", "DE", "US"))
  expect_identical(unique(cloz$context), "treatment_resistant")
  expect_identical(cloz$context_words[1], paste("schizophrenia has not responded to two other",
                                                "antipsychotics, or they caused severe side effects",
                                                "that could not be treated"))
  expect_identical(cloz$source, c(rep("regulatory-texts", 3), "secondary-reports"))
  expect_match(cloz$requirement[1], "^The person, the prescriber and a nominated pharmacist register")
  expect_identical(x$context[x$medication == "olanzapine"],
                   c("observation_available", "observation_available", "stabilised_on_oral"))
})

test_that("sdm_licences() gives every country's licence, yes or not", {
  l <- sdm_licences()
  asen <- l[l$medication == "asenapine", ]
  # In the EU and the UK asenapine's licence covers bipolar mania only.
  expect_identical(asen$country, c("EU", "UK", "US"))
  expect_identical(asen$status, c("no", "no", "yes"))
  expect_identical(asen$note[2], "its licence covers bipolar mania only")
  expect_identical(asen$date[2], "2023-04-25")
  # The countries that say yes are the formulary's licence column.
  f <- sdm_formulary()
  yes <- tapply(l$country[l$status == "yes"], factor(l$medication[l$status == "yes"], levels = f$id),
                paste, collapse = ", ")
  expect_identical(as.vector(yes), f$licences)
})

test_that("sdm_products() gives the long-acting injections", {
  p <- sdm_products()
  ari <- p[p$medication == "aripiprazole", ]
  expect_identical(ari$product, c("Abilify Maintena 960 mg", "aripiprazole monohydrate LAI (Abilify Maintena)"))
  expect_identical(ari$interval, c("every 2 months (56 days)", "monthly"))
  expect_identical(ari$country, c("UK", "EU"))
  expect_identical(unique(p$formulation), "long_acting_injection")
})
