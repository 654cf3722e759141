#!/usr/bin/python3
"""Derive libsdm's default catalogue and formulary from the source tables.

The default data must be reproducible from published facts: the tables in
data/sources/ are copies of the sources (with their citations in data/README.md),
and this script is the only way data/catalogue.json and data/formulary.json are
made. The rules are those of the project's EVIDENCE.md (version 2: every
source's reading per cell, numeric evidence kept as numbers), restated in
data/README.md; the formulary is written in format 2 (see data/README.md and
data/schema/formulary.schema.json). No rating is stored: the library makes a
cell's rating from its readings by the synthesis rule a match chooses.

Usage:
    /usr/bin/python3 data/derive.py          write data/catalogue.json and data/formulary.json
    /usr/bin/python3 data/derive.py --check  derive in memory; exit 1 with a diff if the
                                             committed files differ

Only the Python standard library is used, and the output is byte-for-byte the
same on every run (fixed orders, json.dumps with indent=2), so that --check can
compare files exactly.
"""

import argparse
import csv
import difflib
import json
import os
import re
import sys

DATA_DIR = os.path.dirname(os.path.abspath(__file__))
SOURCES_DIR = os.path.join(DATA_DIR, "sources")

VERSION = "2026.12"
# The catalogue's items have not changed since 2026.11, so neither has its version:
# a decision record's catalogue_version names the catalogue, not the formulary.
CATALOGUE_VERSION = "2026.11"
CATALOGUE_ID = "manchester-36"
FORMULARY_ID = "libsdm-default"

MANCHESTER_PAPER = (
    "Brooks H, Harris K, Bee P, Lovell K, Rogers A, Drake R. Exploring the potential "
    "implementation of a tool to enhance shared decision making (SDM) in mental health "
    "services in the United Kingdom: a qualitative exploration of the views of service "
    "users, carers and professionals. International Journal of Mental Health Systems "
    "2017;11. doi:10.1186/s13033-017-0149-z"
)
MANCHESTER_URL = "https://doi.org/10.1186/s13033-017-0149-z"

FORM_CITATION = (
    MANCHESTER_PAPER + ". Appendix 1: Shared-decision making tool for service users to "
    "complete (the form's 36 side effects), reproduced with permission from the authors "
    "at the University of Manchester."
)

NOTICE = (
    "For illustration and research only: derived from published tables, not reviewed "
    "for clinical use. A Trust must load its own reviewed formulary."
)

# Group labels are not in the TSV (it gives only group ids); they are the
# display words agreed for the catalogue.
GROUP_LABELS = {
    "sleep": "Sleep",
    "weight": "Weight",
    "stomach_and_mouth": "Stomach and mouth",
    "metabolic": "Blood sugar and cholesterol",
    "sex_and_periods": "Sex and periods",
    "body": "Body",
    "movement": "Movement",
    "heart_and_circulation": "Heart and circulation",
}

# The 19 medications of the default formulary with their WHO ATC codes, as
# given in EVIDENCE.md ("ATC codes (WHO, N05A)").
ATC_CODES = {
    "amisulpride": "N05AL05",
    "aripiprazole": "N05AX12",
    "asenapine": "N05AH05",
    "brexpiprazole": "N05AX16",
    "cariprazine": "N05AX15",
    "chlorpromazine": "N05AA01",
    "clozapine": "N05AH02",
    "flupentixol": "N05AF01",
    "haloperidol": "N05AD01",
    "iloperidone": "N05AX14",
    "lurasidone": "N05AE05",
    "olanzapine": "N05AH03",
    "paliperidone": "N05AX13",
    "quetiapine": "N05AH04",
    "risperidone": "N05AX08",
    "sulpiride": "N05AL01",
    "trifluoperazine": "N05AB06",
    "ziprasidone": "N05AE04",
    "zuclopenthixol": "N05AF05",
}

UPTODATE_URL = "https://medilib.ir/uptodate/show/82533"
ICE_APP_COMMIT = "79727fb0e1725943ad5c666260ef51bfcc09898e"
# EVIDENCE.md rule 8: the commit of the Huhn 2019 authors' analysis repository.
HUHN_EFFICACY_COMMIT = "b8be6724d9fc9ba837caa6f563aebbc4a3700242"

# Order matters: it is the order of precedence (format 2) and of the readings in a cell.
SOURCES = [
    {
        "key": "card",
        "label": "the Manchester card",
        "citation": MANCHESTER_PAPER + ". Appendix 2: Example of information card given to "
        "service users during use of the tool (aripiprazole: poor sleep ++, restlessness ++, "
        "feeling sick, not hungry +), reproduced with permission from the authors at the "
        "University of Manchester.",
        "url": MANCHESTER_URL,
        "note": "Rates three items of aripiprazole only. It decides those three cells under "
        "every synthesis rule: it is what the tool showed service users.",
        "edition": "2017 (the published article, Appendix 2)",
        "reliability": "peer_reviewed",
        "decides": True,
    },
    {
        "key": "maudsley",
        "label": "Maudsley",
        "citation": "Taylor DM, Barnes TRE, Young AH. The Maudsley Prescribing Guidelines in "
        "Psychiatry, 14th edition. Wiley-Blackwell, 2021. Table 1.7 \"Relative adverse "
        "effects - a rough guide\".",
        "url": "https://www.maudsley-prescribing-guidelines.co.uk/",
        "note": "Read from a third-party web reproduction of the table, which did not print its "
        "edition; the 14th edition (2021) is the one the project's evidence file names, and the "
        "guidelines' official site (the address above) lists the section \"Relative adverse effects - a "
        "rough guide\" in its chapter 1 with these authors. The 13th (2018) and 15th (2025) "
        "editions have the same lead authors: check the table against the book before clinical "
        "use. No rows for ziprasidone and zuclopenthixol were found; trifluoperazine has 3 cells "
        "(sedation, weight gain, akathisia).",
        "edition": "14th edition, 2021 (the web copy read did not print its edition)",
        "reliability": "secondary",
    },
    {
        "key": "s3",
        "label": "S3 guideline",
        "citation": "Hasan A, Falkai P, Lehmann I, Gaebel W. Schizophrenia. Dtsch Arztebl Int "
        "2020;117:412-9. eTable 6 (adverse effects of antipsychotics, German S3 guideline).",
        "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC7477695/table/T7",
        "note": "The table's legend was not captured; a few cells look clinically odd "
        "(amisulpride obstipation ++, haloperidol orthostatic dysregulation 0) and are used "
        "as printed. Rates 13 of the 19 medications.",
        "edition": "Dtsch Arztebl Int 2020;117:412-9, eTable 6 (PMC copy)",
        "reliability": "peer_reviewed",
    },
    {
        "key": "uptodate",
        "label": "UpToDate",
        "citation": "UpToDate (Wolters Kluwer). Selected adverse effects of antipsychotic "
        "medications for schizophrenia (table; rankings consistent with American "
        "Psychiatric Association practice guidelines, QTc classifications from Lexicomp).",
        "url": UPTODATE_URL,
        "note": "Table copy at the URL above; the trifluoperazine row is from a 2024 reprint "
        "(https://www.scribd.com/document/711310180/Adverse-effects-of-antipsychotic-meds-UpToDate) "
        "in which only the first 7 columns were legible. Rates 15 of the 19 medications.",
        "edition": "not captured (undated web copy of the current table; trifluoperazine row "
        "from a 2024 reprint)",
        "reliability": "secondary",
    },
    {
        "key": "product-information",
        "label": "product information",
        "citation": "Summaries of product characteristics (SmPC), US labels, EPAR summaries, "
        "Fachinformationen, package leaflets and MIMS SmPC pages, as quoted with their URLs "
        "in data/sources/product-information-items.md; one row per finding in "
        "data/sources/product-information-items.csv. Only rows of regulatory reliability "
        "that carry a rating are used; each reading's note gives the document and the page.",
        "note": "SmPC frequency convention mapped to the card's legend: very common "
        "(>=1/10, or >=10% in a US label table) +++; common (>=1/100) ++; uncommon, rare, "
        "very rare +. Many texts were read from copies on third-party sites.",
        "edition": "one per document: each reading's note names the document and the page "
        "it was read from",
        "reliability": "regulatory",
    },
    {
        "key": "huhn2019",
        "label": "Huhn 2019",
        "citation": "Huhn M, Nikolakopoulou A, Schneider-Thoma J, Krause M, Samara M, Peter N, "
        "Arndt T, Bäckers L, Rothe P, Cipriani A, Davis J, Salanti G, Leucht S. Comparative "
        "efficacy and tolerability of 32 oral antipsychotics for the acute treatment of "
        "adults with multi-episode schizophrenia: a systematic review and network "
        "meta-analysis. Lancet 2019;394:939-51. doi:10.1016/S0140-6736(19)31135-3. Values "
        "as packaged by the open-source In Control of Effects app (MIT licence), with "
        "CINeMA confidence.",
        "url": "https://doi.org/10.1016/S0140-6736(19)31135-3",
        "note": "Numeric evidence only (effects against placebo with their CINeMA confidence), "
        "never turned into ordinal readings. The app's licence flags in the same file are "
        "not used.",
        "edition": "Lancet 2019;394:939-51; values from the app's data file "
        "(github.com/InControlofEffects/iceApp, data-raw/incontrolofeffects_rx.RDS), which "
        "the project's licences.csv cites at commit " + ICE_APP_COMMIT,
        "reliability": "secondary",
    },
    # EVIDENCE.md rule 8: efficacy beside burden. Not the app's packaging: the
    # authors' own analysis repository, so a source of its own.
    {
        "key": "huhn2019-efficacy",
        "label": "Huhn 2019 (efficacy)",
        "citation": "Huhn M, Nikolakopoulou A, Schneider-Thoma J, Krause M, Samara M, Peter N, "
        "Arndt T, Bäckers L, Rothe P, Cipriani A, Davis J, Salanti G, Leucht S. Comparative "
        "efficacy and tolerability of 32 oral antipsychotics for the acute treatment of "
        "adults with multi-episode schizophrenia: a systematic review and network "
        "meta-analysis. Lancet 2019;394:939-51. doi:10.1016/S0140-6736(19)31135-3. Primary "
        "outcome (overall symptoms, standardised mean difference against placebo, posterior "
        "mean and 95% credible interval) as run by the authors' group, GitHub "
        "esm-ispm-unibe-ch-REPRODUCIBLE/NMA-antipsychotics, leaguetableEFF.csv.",
        "url": "https://github.com/esm-ispm-unibe-ch-REPRODUCIBLE/NMA-antipsychotics/blob/"
        + HUHN_EFFICACY_COMMIT + "/leaguetableEFF.csv",
        "note": "Efficacy only, never a reading. Values from the analysis repository, not the "
        "printed paper (they may differ in the second decimal); the number of studies counts "
        "the studies with an arm of the drug in SchizoEFFcinema.csv. The CINeMA confidence "
        "of these estimates was not found: shown as not graded. The Leucht 2013 rows of the "
        "same file are a cross-check only.",
        "edition": "commit " + HUHN_EFFICACY_COMMIT + " of 19 Feb 2019 (218 studies, 40,815 "
        "participants)",
        "reliability": "secondary",
    },
    # EVIDENCE.md rule 9: the serious risks, restrictions, licences and products
    # (long-acting injections) come from rows of four files, each row with its own
    # document and reliability. They give no reading, so these three sources (one
    # per reliability) come last; each entry names its document.
    {
        "key": "regulatory-texts",
        "label": "regulatory texts",
        "citation": "Regulators' texts and regulator-approved product information: summaries "
        "of product characteristics, US labels with their boxed warnings, EPARs and EMA "
        "opinions, Fachinformationen, package leaflets, MHRA Drug Safety Updates and NICE "
        "guidance, each quoted with its address in data/sources/serious-risks.csv, "
        "restrictions.csv, licences.csv and lai-formulations.csv (rows of reliability "
        "regulatory). Each entry's document names the text and the page it was read from.",
        "note": "Many texts were read from verbatim copies on third-party sites (named in each "
        "entry's document) and some quotes are search excerpts. Package leaflets and NICE "
        "guidance are counted as regulatory because the files class them so.",
        "edition": "one per document: each entry's document names it, with its date where "
        "the file gives one",
        "reliability": "regulatory",
    },
    {
        "key": "peer-reviewed-papers",
        "label": "peer-reviewed papers",
        "citation": "Journal papers and articles (case series, reviews, a meta-analysis, "
        "Australian Prescriber), each quoted with its address in data/sources/serious-risks.csv "
        "and lai-formulations.csv (rows of reliability peer-reviewed). Each entry's document "
        "names the paper.",
        "note": "Used only where no regulatory text says the same (EVIDENCE.md rule 9). Several "
        "were read from abstracts.",
        "edition": "one per paper: each entry's document names it",
        "reliability": "peer_reviewed",
    },
    {
        "key": "secondary-reports",
        "label": "secondary reports",
        "citation": "Reports of what a regulator or a label says, and reference works: news "
        "items, pharmacy and manufacturer web pages, drug monographs, encyclopaedia entries, "
        "each quoted with its address in data/sources/serious-risks.csv, restrictions.csv, "
        "licences.csv and lai-formulations.csv (rows of reliability secondary). The In Control "
        "of Effects app's licence flags are never used. Each entry's document names the page.",
        "note": "Used only where nothing better exists (EVIDENCE.md rule 9); a reviewer should "
        "replace each with the regulator's own text.",
        "edition": "one per page: each entry's document names it, with its date where the "
        "file gives one",
        "reliability": "secondary",
    },
]

# The Manchester information card (Appendix 2): aripiprazole's three cells,
# as (printed mark, the card's line).
CARD = {
    ("aripiprazole", "poor_sleep"): ("++", "Poor sleep ++"),
    ("aripiprazole", "restlessness"): ("++", "Restlessness ++"),
    ("aripiprazole", "feeling_sick"): ("+", "Feeling sick, not hungry +"),
}

# EVIDENCE.md rule 1: for each clinical dimension, the ordinal columns that give
# it a reading (source key, column header as printed in the copied table), in
# the order of SOURCES.
DIMENSION_COLUMNS = {
    "sedation": [("maudsley", "sedation"), ("s3", "Sedation"), ("uptodate", "Sedation")],
    "weight_gain": [("maudsley", "weight_gain"), ("s3", "Weight gain"),
                    ("uptodate", "Weight gain")],
    "akathisia": [("maudsley", "akathisia"), ("s3", "Akathisia"), ("uptodate", "Akathisia")],
    "parkinsonism": [("maudsley", "parkinsonism"), ("s3", "Parkinsonoid"),
                     ("uptodate", "Parkinsonism")],
    "anticholinergic": [("maudsley", "anticholinergic"), ("uptodate", "Anticholinergic")],
    "hypotension": [("maudsley", "hypotension"), ("s3", "Orthostatic dysregulation"),
                    ("uptodate", "Orthostatic hypotension")],
    "prolactin": [("maudsley", "prolactin_elevation"), ("s3", "Hyperprolactinemia"),
                  ("uptodate", "Prolactin elevation")],
    "qt_prolongation": [("maudsley", "prolonged_QT_interval"),
                        ("s3", "Prolongation of QT time"), ("uptodate", "QTc prolongation")],
    "tardive_dyskinesia": [("s3", "Tardive dyskinesia"), ("uptodate", "Tardive dyskinesia")],
    "glucose": [("s3", "Diabetes mellitus"), ("uptodate", "Glucose abnormalities")],
    "lipids": [("s3", "Metabolic changes"), ("uptodate", "Hyperlipidemia")],
    "constipation": [("s3", "Obstipation")],
    "amenorrhoea": [("s3", "Dysmenorrhea/ amenorrhea")],
    "sexual_dysfunction": [("s3", "Sexual dysfunction")],
    "dystonia": [("uptodate", "Dystonia")],
}

ORDINAL_TABLES = {
    "maudsley": ("maudsley-table-1.7.csv", "drug", "Maudsley Table 1.7"),
    "s3": ("s3-guideline-etable6.csv", "Drug", "S3 eTable 6"),
    "uptodate": ("uptodate-selected-adverse-effects.csv", "Drug", "UpToDate table"),
}

# EVIDENCE.md rule 7: the Huhn 2019 outcome kept as numeric evidence on the
# items of each dimension, and the unit of its mean differences (the paper's).
HUHN_OUTCOMES = {
    "akathisia": "akathisia",
    "anticholinergic": "anticholinergic",
    "parkinsonism": "antiparkinson",
    "sedation": "sedation",
    "prolactin": "prolactin",
    "qt_prolongation": "qtc",
    "weight_gain": "weight_gain",
}
HUHN_UNITS = {"weight_gain": "kg", "prolactin": "ng/mL", "qtc": "ms"}
HUHN_KINDS = {"rr": "risk_ratio", "md": "mean_difference"}
HUHN_NOTES = {"antiparkinson": "use of antiparkinson medication"}
# The outcome in words for people (the library says "in trials (Huhn 2019),
# <label>: about 2 times as common as with placebo").
HUHN_LABELS = {
    "akathisia": "restlessness (akathisia)",
    "anticholinergic": "anticholinergic effects (such as dry mouth, constipation, blurred vision)",
    "antiparkinson": "needing a medicine for stiffness or shaking",
    "sedation": "sleepiness",
    "prolactin": "the hormone prolactin",
    "qtc": "the QTc interval of the heart's rhythm",
    "weight_gain": "weight",
}
CINEMA = {"high": "high", "moderate": "moderate", "low": "low", "very_low": "very_low",
          "": "not_graded"}

FOOTNOTE_MARKS = "²*◊¶Δ"
NOT_RATED = {"", "?", "nan"}
ROUTE_LABEL = re.compile(r"\b(?:Oral|IV|IM):")
MARK = re.compile(r"\++|[–-]|0")
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
FORMULATION_PATTERN = re.compile(r"^[a-z_]+$")
CARD_MARKS = {"0": 0, "–": 0, "+": 1, "++": 2, "+++": 3}


def source_path(name):
    """Path of a copied source table; all inputs come from data/sources/."""
    return os.path.join(SOURCES_DIR, name)


def read_csv(name):
    """Rows of a source CSV as dicts; newline='' keeps CRLF files exact."""
    with open(source_path(name), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_items():
    """The 36 items of the form from the TSV, skipping its '#' comment header."""
    with open(source_path("side-effect-items.tsv"), newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    orders = [int(row["order"]) for row in rows]
    if orders != list(range(1, len(rows) + 1)):
        raise ValueError("side-effect-items.tsv: 'order' is not 1..n in file order")
    return rows


def drug_key(name):
    """Normalise a table's drug name: footnote marks (Lurasidone*, ClozapineΔ) go."""
    return re.sub(r"[^a-z]", "", name.lower())


def parse_cell(cell):
    """Map an ordinal cell to (value, low), or (None, None) if it gives no reading.

    EVIDENCE.md rule 2: '–'/'0' 0, '+' 1, '++' 2, '+++' 3. A range ('0/+') or a cell
    with one mark per route ('Oral: ++ IV: +++') keeps both ends: value is the high
    end, low the low end (None when the cell is one mark). Footnote signs are
    ignored; blank, '?' and a lone footnote sign give no reading. Anything else is
    an error, never a silent guess.
    """
    cleaned = "".join(ch for ch in cell.strip() if ch not in FOOTNOTE_MARKS).strip()
    if cleaned in NOT_RATED:
        return None, None
    without_routes = ROUTE_LABEL.sub(" ", cleaned)
    marks = MARK.findall(without_routes)
    residue = MARK.sub("", without_routes).replace("/", "").strip()
    if not marks or residue or any(len(m) > 3 for m in marks if m.startswith("+")):
        raise ValueError("unrecognised ordinal cell %r" % cell)
    values = [len(m) if m.startswith("+") else 0 for m in marks]
    low = min(values)
    return max(values), (low if low < max(values) else None)


def make_reading(source, printed, value, low, note):
    """A reading in format 2's key order; low only for a range."""
    reading = {"source": source, "printed": printed, "value": value}
    if low is not None:
        reading["low"] = low
    reading["note"] = note
    return reading


def load_ordinal_tables():
    """Each ordinal table as {drug id: row}; drugs outside the formulary are simply never asked for."""
    tables = {}
    for key, (name, drug_column, _) in ORDINAL_TABLES.items():
        rows = read_csv(name)
        tables[key] = {drug_key(row[drug_column]): row for row in rows}
    return tables


def table_readings(tables, drug, dimension):
    """Rule 1: one reading per ordinal table that rates the dimension for the drug."""
    readings = []
    for key, column in DIMENSION_COLUMNS.get(dimension, []):
        row = tables[key].get(drug)
        if row is None:
            continue
        value, low = parse_cell(row[column])
        if value is None:
            continue
        label = column.replace("_", " ") if key == "maudsley" else column
        note = "%s, column %s" % (ORDINAL_TABLES[key][2], label)
        if key == "uptodate" and not row["source_note"].startswith(UPTODATE_URL):
            note += "; row from %s" % row["source_note"]
        readings.append(make_reading(key, row[column].strip(), value, low, note))
    return readings


def expected_pi_rating(frequency):
    """Rule 3 applied to a frequency cell, to check the CSV's precomputed rating.

    The CSV carries the rating already; recomputing it catches a transcription slip
    before it reaches a patient-facing card. None for a frequency that gives no rating.
    """
    words = {"very common": 3, "common": 2, "uncommon": 1, "rare": 1, "very rare": 1}
    if frequency in words:
        return words[frequency]
    if frequency in ("", "not known"):
        return None
    match = re.fullmatch(r"[>≥]?(\d+(?:\.\d+)?)%", frequency)
    if not match:
        raise ValueError("product information: unrecognised frequency %r" % frequency)
    percent = float(match.group(1))
    return 3 if percent >= 10 else 2 if percent >= 1 else 1


def load_product_information(item_ids):
    """Regulatory, rated rows of the product-information table, grouped by (drug, item), in file order."""
    grouped = {}
    for row in read_csv("product-information-items.csv"):
        if row["drug"] not in ATC_CODES or row["item_id"] not in item_ids:
            raise ValueError("product information: unknown drug or item in %r" % row)
        if row["reliability"] != "regulatory":
            continue
        expected = expected_pi_rating(row["frequency"])
        rating = int(row["rating"]) if row["rating"] else None
        if rating != expected:
            raise ValueError("product information: rating %r does not match frequency %r "
                             "(%s, %s)" % (rating, row["frequency"], row["drug"], row["item_id"]))
        if rating is not None:
            grouped.setdefault((row["drug"], row["item_id"]), []).append(row)
    return grouped


def product_information_readings(product_information, drug, item_id):
    """Rule 1 and 3: every regulatory row with a rating is a reading, in file order."""
    readings = []
    for row in product_information.get((drug, item_id), []):
        note = "%s: %s" % (row["source_kind"], row["finding"])
        if row["url"]:
            note += " " + row["url"]
        readings.append(make_reading("product-information", row["frequency"],
                                     int(row["rating"]), None, note))
    return readings


def load_huhn():
    """Huhn 2019 rows keyed by (drug id, outcome)."""
    return {(drug_key(row["name"]), row["side_effect"]): row
            for row in read_csv("huhn2019-side-effects.csv")}


def huhn_evidence(huhn, drug, dimension):
    """Rule 7: Huhn's effect vs placebo as numeric evidence, never as a reading.

    A missing estimate ('nan') gives no evidence. Risk ratios have no unit; mean
    differences carry the paper's unit (kg, ng/mL, ms).
    """
    outcome = HUHN_OUTCOMES.get(dimension)
    row = huhn.get((drug, outcome)) if outcome else None
    if row is None or row["value"] == "nan":
        return []
    kind = HUHN_KINDS[row["value_type"]]
    value = float(row["value"])
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("huhn2019: value %r is not finite (%s, %s)" % (row["value"], drug, outcome))
    if kind == "risk_ratio" and value <= 0:
        raise ValueError("huhn2019: risk ratio %r is not positive (%s, %s)" % (value, drug, outcome))
    evidence = {"source": "huhn2019", "outcome": outcome, "label": HUHN_LABELS[outcome], "kind": kind,
                "value": value}
    if kind == "mean_difference":
        evidence["unit"] = HUHN_UNITS[outcome]
    evidence["versus"] = "placebo"
    evidence["confidence"] = CINEMA[row["quality"]]
    if outcome in HUHN_NOTES:
        evidence["note"] = HUHN_NOTES[outcome]
    return [evidence]


def load_efficacy():
    """Rule 8: each drug's Huhn 2019 efficacy row (the Leucht 2013 rows are a cross-check only)."""
    result = {}
    for row in read_csv("efficacy-huhn2019.csv"):
        if "Leucht" in row["outcome"]:
            continue
        if not row["outcome"].startswith("overall symptoms, SMD vs placebo"):
            raise ValueError("efficacy-huhn2019.csv: unexpected outcome %r" % row["outcome"])
        drug = row["medicine"]
        if drug in result:
            raise ValueError("efficacy-huhn2019.csv: %s given twice" % drug)
        value, low, high = float(row["smd"]), float(row["ci_low"]), float(row["ci_high"])
        if not low <= value <= high:
            raise ValueError("efficacy-huhn2019.csv: %s: %r is outside (%r, %r)" % (drug, value, low, high))
        entry = {"source": "huhn2019-efficacy", "outcome": "overall_symptoms", "value": value,
                 "ci_low": low, "ci_high": high}
        if row["n_studies"].isdigit():
            entry["studies"] = int(row["n_studies"])
        entry["versus"] = "placebo"
        # the confidence of these estimates was not found (rule 8)
        entry["confidence"] = "not_graded" if row["cinema_confidence"] == "not_found" \
            else row["cinema_confidence"]
        entry["note"] = row["quote"]
        result[drug] = entry
    return result


def cell(context, drug, item):
    """One cell of the formulary: every source's reading, then Huhn's numbers."""
    readings = []
    card = CARD.get((drug, item["id"]))
    if card:
        readings.append(make_reading("card", card[0], CARD_MARKS[card[0]], None,
                                     "Appendix 2 information card: %s" % card[1]))
    dimension = item["dimension"]
    readings += table_readings(context["tables"], drug, dimension)
    readings += product_information_readings(context["pi"], drug, item["id"])
    result = {"readings": readings}
    evidence = huhn_evidence(context["huhn"], drug, dimension)
    if evidence:
        result["evidence"] = evidence
    return result


def load_formulations():
    """Formulation ids per drug from data/sources/formulations.csv, sorted."""
    result = {}
    for row in read_csv("formulations.csv"):
        if row["drug"] not in ATC_CODES:
            raise ValueError("formulations.csv: unknown drug %r" % row["drug"])
        if not FORMULATION_PATTERN.match(row["formulation"]) or not row["source"]:
            raise ValueError("formulations.csv: bad row %r" % row)
        result.setdefault(row["drug"], set()).add(row["formulation"])
    return {drug: sorted(ids) for drug, ids in result.items()}


# ---- EVIDENCE.md rule 9: serious risks, restrictions, licences, products -------

# The reliability words of the four files, mapped to format 2's, best first.
RELIABILITY_ORDER = ["regulatory", "peer_reviewed", "secondary"]
CSV_RELIABILITY = {"regulatory": "regulatory", "peer-reviewed": "peer_reviewed",
                   "peer_reviewed": "peer_reviewed", "secondary": "secondary"}
# The source (of SOURCES) that stands for each reliability.
RELIABILITY_SOURCE = {"regulatory": "regulatory-texts", "peer_reviewed": "peer-reviewed-papers",
                      "secondary": "secondary-reports"}
SOURCE_RELIABILITY = {key: reliability for reliability, key in RELIABILITY_SOURCE.items()}
ALL_MEDICINES = "ALL"
LAI = "long_acting_injection"

# The stable risk ids, in the order the card lists them, with the words a person
# reads. The library's vocabulary (lib/vocabulary.c) has the same ids in the same
# order; a Trust's formulary uses them too.
RISK_WORDS = {
    "neuroleptic_malignant_syndrome":
        "A rare but life-threatening reaction (neuroleptic malignant syndrome): high fever, "
        "stiff muscles, confusion and a fast or irregular heartbeat. It needs urgent medical help.",
    "agranulocytosis":
        "A sharp fall in the white blood cells that fight infection (agranulocytosis or severe "
        "neutropenia), which can lead to serious, sometimes fatal, infections.",
    "myocarditis":
        "Inflammation of the heart muscle (myocarditis) or a weakened heart muscle "
        "(cardiomyopathy), which can be fatal.",
    "seizures": "Fits (seizures).",
    "ileus":
        "Severe constipation that can block the bowel (ileus), which can be fatal; "
        "constipation should be reported and treated straight away.",
    "qt_prolongation":
        "A change in the heart's rhythm (a longer QT interval) that can lead to a dangerous "
        "irregular heartbeat; an ECG may be needed, and some other medicines should not be "
        "taken with it.",
    "venous_thromboembolism":
        "Blood clots in the veins, for example in a leg or the lungs, which can be serious.",
    "dementia_mortality":
        "Older people with dementia who take antipsychotic medicines have a higher risk of dying.",
    "stroke_in_dementia":
        "Older people with dementia who take it have a higher risk of stroke.",
    "post_injection_syndrome":
        "After an injection, signs of an overdose can appear (very sleepy, confused, even "
        "unconscious), so the person is watched for at least 3 hours after each injection.",
    "hyperglycaemia":
        "High blood sugar and diabetes, which can rarely become a dangerous emergency "
        "(ketoacidosis or coma).",
    "tardive_dyskinesia":
        "Movements that cannot be controlled, often of the mouth, tongue or face (tardive "
        "dyskinesia), which may not go away.",
    "orthostatic_hypotension":
        "A fall in blood pressure on standing up that can make a person faint.",
    "falls":
        "Sleepiness, dizziness on standing and unsteadiness that can lead to falls and broken "
        "bones, especially in older people.",
    "hyperprolactinaemia":
        "High levels of the hormone prolactin, which can cause breast swelling or milk, missed "
        "periods and sexual problems.",
    "cataracts": "Clouding of the lens of the eye (cataract) with long-term use; eye checks are advised.",
    "compulsive_behaviour": "Strong urges that are hard to control, such as gambling.",
    "suicidality_warning_us":
        "Its US label warns that medicines used for depression can increase suicidal thoughts "
        "and behaviour in children and young adults.",
    "injection_site_reactions":
        "Pain, redness, swelling or lumps where the injection is given.",
}
RISK_ORDER = list(RISK_WORDS)
# Words added for one medicine where its best rows say more than the risk's
# words: amisulpride's only peer-reviewed QT row is a case series of overdoses.
RISK_WORDS_ADDED = {
    ("amisulpride", "qt_prolongation"):
        "In overdose, amisulpride has caused severe heart rhythm problems, some fatal.",
}

# serious-risks.csv's risk ids, as found, to the stable ids (data/README.md).
RISK_IDS = {
    "agranulocytosis": "agranulocytosis",
    "agranulocytosis_mortality_with_without_monitoring": "agranulocytosis",
    "severe_neutropenia_agranulocytosis": "agranulocytosis",
    "cataracts": "cataracts",
    "falls_fractures": "falls",
    "hyperglycaemia_diabetic_ketoacidosis": "hyperglycaemia",
    "hyperprolactinaemia_prolactinoma": "hyperprolactinaemia",
    "increased_mortality_elderly_dementia_boxed": "dementia_mortality",
    "injection_site_reactions": "injection_site_reactions",
    "myocarditis": "myocarditis",
    "myocarditis_cardiomyopathy": "myocarditis",
    "neuroleptic_malignant_syndrome": "neuroleptic_malignant_syndrome",
    "orthostatic_hypotension_bradycardia_syncope": "orthostatic_hypotension",
    "post_injection_delirium_sedation_syndrome": "post_injection_syndrome",
    "post_injection_delirium_sedation_syndrome_onset": "post_injection_syndrome",
    "qt_prolongation": "qt_prolongation",
    "qt_prolongation_contraindication": "qt_prolongation",
    "qt_prolongation_contraindications": "qt_prolongation",
    "qt_prolongation_overdose": "qt_prolongation",
    "qt_prolongation_specific_warning": "qt_prolongation",
    "qt_prolongation_torsades_specific_warning": "qt_prolongation",
    "seizures": "seizures",
    "severe_constipation_ileus": "ileus",
    "stroke_elderly_dementia": "stroke_in_dementia",
    "suicidality_boxed_us": "suicidality_warning_us",
    "tardive_dyskinesia": "tardive_dyskinesia",
    "venous_thromboembolism": "venous_thromboembolism",
}
# Rows that quote a label's list of warnings: each warning the quote names (by
# these words, case ignored) is a risk of its own.
RISK_LISTS = {"boxed_warnings_us", "us_label_warnings_list"}
RISK_LIST_WORDS = {
    "neuroleptic_malignant_syndrome": ["neuroleptic malignant syndrome"],
    "agranulocytosis": ["agranulocytosis", "severe neutropenia"],
    "myocarditis": ["myocarditis"],
    "seizures": ["seizure"],
    "dementia_mortality": ["mortality in elderly patients"],
    "stroke_in_dementia": ["cerebrovascular"],
    "hyperglycaemia": ["metabolic changes"],
    "tardive_dyskinesia": ["tardive dyskinesia"],
    "orthostatic_hypotension": ["orthostatic hypotension"],
    "falls": ["falls"],
    "hyperprolactinaemia": ["hyperprolactinemia"],
    "cataracts": ["cataracts"],
    "compulsive_behaviour": ["pathological gambling"],
}
# Rows that are not a risk to tell a person about, with the reason.
RISK_NOT_RISKS = {
    "suicidality_warning_removed": "it records that the US label's suicide warning was removed (4/2024)",
    "metabolic_adolescents_consider_other_drugs_first":
        "it concerns adolescents (this formulary is for adults); weight gain and cholesterol "
        "are items of the form",
}


def csv_reliability(name, row):
    """The row's reliability in format 2's words; anything else stops the derivation."""
    if row["reliability"] not in CSV_RELIABILITY:
        raise ValueError("%s: unknown reliability in %r" % (name, row))
    return CSV_RELIABILITY[row["reliability"]]


def best_rows(rows, what):
    """Rule 9: the rows of the best reliability present (regulatory, peer-reviewed, secondary)."""
    for reliability in RELIABILITY_ORDER:
        best = [row for row in rows if row["_reliability"] == reliability]
        if best:
            return reliability, best
    raise ValueError("%s: no row" % what)


def document_of(rows):
    """Where an entry was read from: each distinct document and its address, in file order."""
    parts = []
    for row in rows:
        part = row["source"] + (": " + row["url"] if row["url"] else " (address not recorded)")
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)


def risk_ids_of(row):
    """The stable ids a serious-risks.csv row gives: one, several (a list) or none."""
    raw = row["risk"]
    if raw in RISK_IDS:
        return [RISK_IDS[raw]]
    if raw in RISK_NOT_RISKS:
        return []
    if raw in RISK_LISTS:
        quote = row["quote"].lower()
        ids = [rid for rid in RISK_ORDER
               if any(word in quote for word in RISK_LIST_WORDS.get(rid, []))]
        if not ids:
            raise ValueError("serious-risks.csv: the list row %r names no known warning" % row)
        return ids
    raise ValueError("serious-risks.csv: risk id %r has no stable id (data/README.md)" % raw)


def load_risk_rows():
    """serious-risks.csv as {(medicine or ALL, stable id): [rows]}, rows in file order.

    A list row gives one entry per warning it names, with no frequency (the
    frequency column does not say which warning it belongs to; list rows have none).
    """
    grouped = {}
    for row in read_csv("serious-risks.csv"):
        if row["medicine"] != ALL_MEDICINES and row["medicine"] not in ATC_CODES:
            raise ValueError("serious-risks.csv: unknown medicine in %r" % row)
        if row["applies_to"] not in ("all", "lai"):
            raise ValueError("serious-risks.csv: unknown applies_to in %r" % row)
        row = dict(row, _reliability=csv_reliability("serious-risks.csv", row))
        ids = risk_ids_of(row)
        if len(ids) > 1 and row["frequency"]:
            raise ValueError("serious-risks.csv: a list row with a frequency: %r" % row)
        for rid in ids:
            grouped.setdefault((row["medicine"], rid), []).append(row)
    return grouped


def risk_entry(rid, rows, drug=ALL_MEDICINES):
    """One serious risk from the rows of one medicine (or the class) and one id.

    Rule 9: only the rows of the best reliability present give the entry: its
    source, its document and its frequency (each distinct frequency those rows give,
    in file order). The risk belongs to the long-acting injection only when every
    one of those rows says so.
    """
    reliability, best = best_rows(rows, rid)
    words = RISK_WORDS[rid]
    if (drug, rid) in RISK_WORDS_ADDED:
        words += " " + RISK_WORDS_ADDED[(drug, rid)]
    entry = {"id": rid, "words": words}
    frequencies = []
    for row in best:
        if row["frequency"] and row["frequency"] not in frequencies:
            frequencies.append(row["frequency"])
    if frequencies:
        entry["frequency"] = "; ".join(frequencies)
    if all(row["applies_to"] == "lai" for row in best):
        entry["formulation"] = LAI
    entry["source"] = RELIABILITY_SOURCE[reliability]
    entry["document"] = document_of(best)
    return entry, reliability


def class_risks(risk_rows):
    """The class risks (medicine=ALL), in the order of RISK_ORDER."""
    return [risk_entry(rid, risk_rows[(ALL_MEDICINES, rid)])[0]
            for rid in RISK_ORDER if (ALL_MEDICINES, rid) in risk_rows]


def medicine_risks(risk_rows, drug):
    """A medicine's own serious risks, in the order of RISK_ORDER.

    A class row is a statement about every antipsychotic, so it competes with the
    medicine's own rows: where the class entry of the same id covers every form the
    medicine's entry covers and rests on more reliable rows, the class entry stands
    for the medicine and its own rows give no entry. Otherwise the medicine has an
    entry of its own (the library then shows it instead of the class entry when it
    covers every form the class entry covers, and beside it when not).
    """
    entries = []
    classes = {entry["id"]: entry for entry in class_risks(risk_rows)}
    for rid in RISK_ORDER:
        own = risk_rows.get((drug, rid))
        if not own:
            continue
        entry, reliability = risk_entry(rid, own, drug)
        shared = classes.get(rid)
        if shared and shared.get("formulation") in (None, entry.get("formulation")) and \
                RELIABILITY_ORDER.index(SOURCE_RELIABILITY[shared["source"]]) < \
                RELIABILITY_ORDER.index(reliability):
            continue
        entries.append(entry)
    return entries


# The contexts that allow a restricted medicine (lib/vocabulary.c has the same ids
# and words): a match names the ones that hold.
CONTEXTS = ["treatment_resistant", "observation_available", "stabilised_on_oral"]

# restrictions.csv rows, (medicine, restriction, country) as found, to the
# restriction they support: (context, formulation or None); or the reason a row
# gives no restriction.
RESTRICTION_ROWS = {
    ("clozapine", "blood_count_schedule", "UK"): ("treatment_resistant", None),
    ("clozapine", "indication_restricted_treatment_resistant", "UK"): ("treatment_resistant", None),
    ("clozapine", "mandatory_monitoring_service_registration", "UK"): ("treatment_resistant", None),
    ("clozapine", "nice_offer_after_two_antipsychotics", "UK"): ("treatment_resistant", None),
    ("clozapine", "eu_smpc_restriction_and_monitoring", "EU"): ("treatment_resistant", None),
    ("clozapine", "restricted_use_and_blood_monitoring", "DE"): ("treatment_resistant", None),
    ("clozapine", "rems_eliminated_2025", "US"): ("treatment_resistant", None),
    ("clozapine", "rems_suspended_2025", "US"): ("treatment_resistant", None),
    ("olanzapine", "lai_only_after_oral_stabilisation", "UK"): ("stabilised_on_oral", LAI),
    ("olanzapine", "lai_post_injection_observation_3h", "UK"): ("observation_available", LAI),
    ("olanzapine", "lai_post_injection_observation_3h", "US"): ("observation_available", LAI),
}
RESTRICTION_SUPERSEDED = {
    ("clozapine", "historic_us_distribution_system", "US"):
        "the older US label's distribution system, superseded by the REMS and then ended",
    ("clozapine", "rems_history_pre2025", "US"): "the REMS before 2025, ended in 2025",
    ("clozapine", "us_monitoring_changes_2015", "US"): "the 2015 REMS changes, ended in 2025",
}
# The requirement in plain words, written from the rows each restriction rests
# on (data/README.md quotes them); check_data.py checks the numbers against the rows.
REQUIREMENTS = {
    ("clozapine", "treatment_resistant", "UK"):
        "The person, the prescriber and a nominated pharmacist register with a clozapine "
        "patient monitoring service, and a specialist supervises treatment. Blood counts (white "
        "cells with a differential count): at least weekly for the first 18 weeks, at least "
        "every 2 weeks from week 18 to week 52, then, after a year with stable counts, at least "
        "every 4 weeks, and for at least 4 weeks after stopping.",
    ("clozapine", "treatment_resistant", "EU"):
        "Normal blood counts before starting (white cells at least 3500/mm3, neutrophils at "
        "least 2000/mm3); white cell and neutrophil counts weekly for the first 18 weeks, then "
        "at least every 4 weeks throughout treatment and for 4 weeks after stopping.",
    ("clozapine", "treatment_resistant", "DE"):
        "Normal blood counts before starting (white cells above 3500/mm3, neutrophils above "
        "2000/mm3); white cell and neutrophil counts weekly for the first 18 weeks, then at "
        "least every 4 weeks throughout treatment and for 4 weeks after stopping; strict "
        "medical supervision following the official recommendations.",
    ("clozapine", "treatment_resistant", "US"):
        "Blood counts (absolute neutrophil count) as often as the US label advises; the US "
        "registration programme (the clozapine REMS) ended in 2025.",
    ("olanzapine", "stabilised_on_oral", "UK"):
        "The long-acting injection is only for maintenance in adults already stable on "
        "olanzapine taken by mouth.",
    ("olanzapine", "observation_available", "UK"):
        "After every injection the person is watched in a healthcare facility by qualified "
        "staff for at least 3 hours, must be alert before leaving, and should not drive or use "
        "machines for the rest of the day.",
    ("olanzapine", "observation_available", "US"):
        "Given only in a registered healthcare facility with emergency services at hand; the "
        "person is watched for at least 3 hours after every injection; the prescriber, the "
        "facility, the person and the pharmacy are enrolled in a restricted programme.",
}
RESTRICTION_COUNTRY_ORDER = ["UK", "EU", "DE", "US"]


def load_restrictions():
    """Restrictions per medicine from restrictions.csv, every row accounted for."""
    grouped = {}
    for row in read_csv("restrictions.csv"):
        key = (row["medicine"], row["restriction"], row["country"])
        row = dict(row, _reliability=csv_reliability("restrictions.csv", row))
        if key in RESTRICTION_SUPERSEDED:
            continue
        if key not in RESTRICTION_ROWS:
            raise ValueError("restrictions.csv: row %r supports no restriction (data/README.md)"
                             % (key,))
        context, formulation = RESTRICTION_ROWS[key]
        grouped.setdefault((row["medicine"], context, row["country"], formulation), []).append(row)
    result = {}
    for (drug, context, country, formulation), rows in grouped.items():
        reliability, best = best_rows(rows, "%s %s %s" % (drug, context, country))
        entry = {"context": context, "requirement": REQUIREMENTS[(drug, context, country)],
                 "country": country}
        if formulation:
            entry["formulation"] = formulation
        entry["source"] = RELIABILITY_SOURCE[reliability]
        entry["document"] = document_of(best)
        result.setdefault(drug, []).append(entry)
    if len(grouped) != len(REQUIREMENTS):
        raise ValueError("REQUIREMENTS has words for a restriction no row supports")
    for entries in result.values():
        entries.sort(key=lambda e: (CONTEXTS.index(e["context"]),
                                    RESTRICTION_COUNTRY_ORDER.index(e["country"])))
    return result


LICENCE_ANSWERS = {"yes", "no", "not_marketed"}
LICENCE_COUNTRIES = {"DE", "EU", "UK", "US"}
ICE_APP_NAME = "in control of effects"
# The date of the document a licence was read from, where its row gives one:
# (ISO date, the date as the row prints it); derive.py checks that the row prints it.
LICENCE_DATES = {
    ("amisulpride", "UK"): ("2019", "revision 2019"),
    ("amisulpride", "US"): ("2022-09-26", "updated 2022-09-26"),
    ("aripiprazole", "UK"): ("2024-09-03", "03 Sep 2024"),
    ("aripiprazole", "US"): ("2024-07-29", "Jul 29, 2024"),
    ("asenapine", "UK"): ("2023-04-25", "updated 25 Apr 2023"),
    ("brexpiprazole", "EU"): ("2018-05-31", "31 May 2018"),
    ("brexpiprazole", "US"): ("2023-05", "revised 5/2023"),
    ("cariprazine", "US"): ("2026-01-07", "archived 2026-01-07"),
    ("chlorpromazine", "US"): ("2025-05-21", "May 21 2025"),
    ("clozapine", "DE"): ("2016-08-22", "22.08.2016"),
    ("flupentixol", "UK"): ("2021-04-21", "updated 21-Apr-2021"),
    ("iloperidone", "UK"): ("2018-01-15", "refused 15/01/2018"),
    ("iloperidone", "EU"): ("2018-01-15", "15/01/2018"),
    ("iloperidone", "US"): ("2024-04-08", "updated 2024-04-08"),
    ("lurasidone", "EU"): ("2020-07-23", "23 July 2020"),
    ("lurasidone", "DE"): ("2015-03-01", "01.03.2015"),
    ("lurasidone", "US"): ("2022", "(2022)"),
    ("olanzapine", "UK"): ("2024-04-30", "30 Apr 2024"),
    ("paliperidone", "US"): ("2011-10", "10/2011"),
    ("quetiapine", "US"): ("2019", "2019 version"),
    ("risperidone", "US"): ("2022-08-31", "updated 2022-08-31"),
    ("sulpiride", "DE"): ("2017-05", "May 2017"),
    ("trifluoperazine", "UK"): ("2023-10-25", "updated 25 Oct 2023"),
    ("trifluoperazine", "DE"): ("2024", "updated 2024"),
    ("ziprasidone", "DE"): ("2016-11", "Nov 2016"),
}
# What a person or prescriber should know with a licence, in words that can follow
# "not licensed for schizophrenia in the UK: " or "licensed in the UK: ".
LICENCE_NOTES = {
    ("amisulpride", "US"): "in the US amisulpride is licensed only as an injection against "
                           "sickness after surgery",
    ("aripiprazole", "UK"): "read from the product information of the long-acting injection",
    ("asenapine", "UK"): "its licence covers bipolar mania only",
    ("asenapine", "EU"): "its licence covers bipolar mania only",
    ("brexpiprazole", "UK"): "read from a package leaflet whose UK origin is not certain",
    ("cariprazine", "UK"): "NHS Scotland accepts it for restricted use, as a second choice where "
                           "negative symptoms are the main problem",
    ("chlorpromazine", "DE"): "no longer on the market in Germany",
    ("chlorpromazine", "US"): "its US label covers psychotic disorders",
    ("clozapine", "UK"): "only for schizophrenia that has not responded to, or could not be "
                         "treated with, other antipsychotics",
    ("clozapine", "DE"): "only for schizophrenia that has not responded to, or could not be "
                         "treated with, other antipsychotics",
    ("clozapine", "US"): "only for severely ill people whose schizophrenia has not responded to "
                         "standard treatment",
    ("flupentixol", "US"): "not available in the US",
    ("haloperidol", "EU"): "EU-wide product information (Haldol, after an EU referral)",
    ("iloperidone", "UK"): "the European Medicines Agency refused it in 2018, while the UK was "
                           "in the EU, and no UK licence was found",
    ("iloperidone", "EU"): "the European Medicines Agency refused its licence in 2018",
    ("lurasidone", "UK"): "read from product information whose country is not stated",
    ("lurasidone", "DE"): "licensed through the EU but taken off the German market in 2015",
    ("olanzapine", "UK"): "read from the product information of the long-acting injection",
    ("olanzapine", "EU"): "read from a copy of the EU summary",
    ("paliperidone", "UK"): "read from the package leaflet of the long-acting injection",
    ("sulpiride", "US"): "not approved in the US",
    ("trifluoperazine", "DE"): "not on the regular market in Germany",
    ("ziprasidone", "UK"): "it has no UK licence (NHS Scotland lists it among unlicensed "
                           "medicines)",
    ("zuclopenthixol", "US"): "not available in the US",
}


def load_licences():
    """Licence rows of licences.csv by (medicine, country), never the app's flags (rule 9)."""
    grouped = {}
    for row in read_csv("licences.csv"):
        if row["medicine"] not in ATC_CODES or row["country"] not in LICENCE_COUNTRIES:
            raise ValueError("licences.csv: unknown medicine or country in %r" % row)
        if row["schizophrenia_licensed"] not in LICENCE_ANSWERS:
            raise ValueError("licences.csv: unknown answer in %r" % row)
        row = dict(row, _reliability=csv_reliability("licences.csv", row))
        if ICE_APP_NAME in row["source"].lower() or "incontrolofeffects" in row["url"].lower():
            continue
        grouped.setdefault((row["medicine"], row["country"]), []).append(row)
    for key in list(LICENCE_DATES) + list(LICENCE_NOTES):
        if key not in grouped:
            raise ValueError("licences.csv: a date or note for %r, which has no row" % (key,))
    return grouped


def licence_entries(licences, drug):
    """The medicine's licences by country (sorted): status, source, date, note, document.

    Rows of the best reliability present (regulatory, then peer-reviewed, then
    secondary) decide; if they disagree, the derivation stops, because which one is
    right is a reviewer's decision, not this script's.
    """
    entries = []
    for country in sorted(LICENCE_COUNTRIES):
        rows = licences.get((drug, country))
        if not rows:
            continue
        reliability, best = best_rows(rows, "%s/%s" % (drug, country))
        answers = sorted({row["schizophrenia_licensed"] for row in best})
        if len(answers) > 1:
            raise ValueError("licences.csv: %s/%s rows of reliability %s disagree: %s"
                             % (drug, country, reliability, answers))
        entry = {"country": country, "status": answers[0]}
        if (drug, country) in LICENCE_DATES:
            iso, printed = LICENCE_DATES[(drug, country)]
            if not any(printed in row["source"] or printed in row["quote"] for row in best):
                raise ValueError("licences.csv: %s/%s: no best row prints %r"
                                 % (drug, country, printed))
            entry["date"] = iso
        if (drug, country) in LICENCE_NOTES:
            entry["note"] = LICENCE_NOTES[(drug, country)]
        entry["source"] = RELIABILITY_SOURCE[reliability]
        entry["document"] = document_of(best)
        entries.append(entry)
    return entries


def licensed_in(licences, drug):
    """The countries whose licence says 'yes', sorted: format 2's licensed_in."""
    return [entry["country"] for entry in licence_entries(licences, drug) if entry["status"] == "yes"]


# lai-formulations.csv rows that are not a long-acting injection of one medicine.
PRODUCT_ROWS_SKIPPED = {
    ("ALL", "LAI injection-site pain"): "a statement about every long-acting injection (the "
                                        "class risk injection_site_reactions holds it)",
    ("ALL", "LAI vs oral same drug"): "a statement comparing injections with tablets",
    ("zuclopenthixol", "zuclopenthixol acetate (Ciatyl-Z Acuphase / Clopixol Acuphase) - "
                       "short-acting, not a maintenance LAI"): "a short-acting injection",
}
# A note of the file that is not for people (it names a file).
PRODUCT_NOTES_DROPPED = {"injection-site reactions listed (see serious-risks.csv)"}


def load_products(formulations):
    """Long-acting injections per medicine from lai-formulations.csv, in file order."""
    result = {}
    for row in read_csv("lai-formulations.csv"):
        reliability = csv_reliability("lai-formulations.csv", row)
        if (row["medicine"], row["formulation"]) in PRODUCT_ROWS_SKIPPED:
            continue
        drug = row["medicine"]
        if LAI not in formulations.get(drug, []):
            raise ValueError("lai-formulations.csv: %s has no long-acting injection in "
                             "formulations.csv" % drug)
        entry = {"formulation": LAI, "name": row["formulation"]}
        if row["dosing_interval"]:
            entry["interval"] = row["dosing_interval"]
        if row["country"]:
            entry["country"] = row["country"]
        if row["note"] and row["note"] not in PRODUCT_NOTES_DROPPED:
            entry["note"] = row["note"]
        entry["source"] = RELIABILITY_SOURCE[reliability]
        entry["document"] = document_of([row])
        result.setdefault(drug, []).append(entry)
    return result


def build_catalogue(items):
    """The catalogue document: groups in order of first appearance, items in TSV order."""
    groups = []
    for item in items:
        if item["group"] not in GROUP_LABELS:
            raise ValueError("no label for group %r" % item["group"])
        if item["group"] not in [group["id"] for group in groups]:
            groups.append({"id": item["group"], "label": GROUP_LABELS[item["group"]]})
    entries = []
    for item in items:
        if not ID_PATTERN.match(item["id"]) or item["commonly_helpful"] not in ("yes", "no"):
            raise ValueError("side-effect-items.tsv: bad row %r" % item)
        entries.append({"id": item["id"], "label": item["label"], "group": item["group"],
                        "dimension": item["dimension"],
                        "commonly_helpful": item["commonly_helpful"] == "yes"})
    if len({entry["id"] for entry in entries}) != len(entries):
        raise ValueError("side-effect-items.tsv: duplicate item id")
    return {
        "format": "sdm-catalogue",
        "format_version": 1,
        "id": CATALOGUE_ID,
        "title": "Side effects of the Manchester shared decision making form",
        "version": CATALOGUE_VERSION,
        "citation": FORM_CITATION,
        "groups": groups,
        "items": entries,
    }


def build_medication(context, drug, items):
    """One medication: identity, formulations, licences, products, restrictions, serious
    risks and, for every item, its readings and evidence. The lists of rule 9 are
    written only where the medicine has entries."""
    if drug not in context["formulations"]:
        raise ValueError("formulations.csv: no formulation for %s" % drug)
    medication = {
        "id": drug,
        "name": drug.capitalize(),
        "atc": ATC_CODES[drug],
        "formulations": context["formulations"][drug],
        "licensed_in": licensed_in(context["licences"], drug),
    }
    lists = {
        "licences": licence_entries(context["licences"], drug),
        "products": context["products"].get(drug, []),
        "restrictions": context["restrictions"].get(drug, []),
        "serious_risks": medicine_risks(context["risks"], drug),
    }
    medication.update((key, value) for key, value in lists.items() if value)
    if drug in context["efficacy"]:
        medication["efficacy"] = context["efficacy"][drug]
    medication["ratings"] = {item["id"]: cell(context, drug, item) for item in items}
    return medication


def check_source_order():
    """Readings must come in the order of SOURCES: card, the tables, product information."""
    keys = [source["key"] for source in SOURCES]
    for dimension, columns in DIMENSION_COLUMNS.items():
        positions = [keys.index(key) for key, _ in columns]
        if positions != sorted(positions) or min(positions) <= keys.index("card") \
                or max(positions) >= keys.index("product-information"):
            raise ValueError("DIMENSION_COLUMNS[%r] is not in the order of SOURCES" % dimension)


def build_formulary(items):
    """The formulary document: 19 medications sorted by id, items in catalogue order."""
    check_source_order()
    context = {
        "tables": load_ordinal_tables(),
        "pi": load_product_information({item["id"] for item in items}),
        "huhn": load_huhn(),
        "efficacy": load_efficacy(),
        "licences": load_licences(),
        "formulations": load_formulations(),
        "risks": load_risk_rows(),
        "restrictions": load_restrictions(),
    }
    context["products"] = load_products(context["formulations"])
    return {
        "format": "sdm-formulary",
        "format_version": 2,
        "id": FORMULARY_ID,
        "title": "libsdm default formulary",
        "version": VERSION,
        "catalogue": CATALOGUE_ID,
        "notice": NOTICE,
        "sources": SOURCES,
        "class_risks": class_risks(context["risks"]),
        "medications": [build_medication(context, drug, items) for drug in sorted(ATC_CODES)],
    }


def render(document):
    """The one serialisation used for writing and checking, so bytes are stable."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def derive():
    """Both output files as {file name: text}."""
    items = read_items()
    return {
        "catalogue.json": render(build_catalogue(items)),
        "formulary.json": render(build_formulary(items)),
    }


def check(outputs):
    """Compare derived text with the committed files; print a unified diff per difference."""
    ok = True
    for name, text in outputs.items():
        path = os.path.join(DATA_DIR, name)
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                committed = handle.read()
        except FileNotFoundError:
            committed = ""
        if committed != text:
            ok = False
            sys.stdout.writelines(difflib.unified_diff(
                committed.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile="data/%s (committed)" % name, tofile="data/%s (derived)" % name))
    return ok


def write(outputs):
    """Write the derived files with '\\n' line ends on every platform."""
    for name, text in outputs.items():
        with open(os.path.join(DATA_DIR, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def main(argv=None):
    """Command line entry point; exit status 1 means the committed data is stale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="derive in memory and fail with a diff if the committed files differ")
    args = parser.parse_args(argv)
    outputs = derive()
    if args.check:
        if not check(outputs):
            print("data/derive.py --check: committed data differs from the derivation",
                  file=sys.stderr)
            return 1
        return 0
    write(outputs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
