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
        "Psychiatry (14th edition era). Wiley-Blackwell. Table 1.7 \"Relative adverse "
        "effects - a rough guide\".",
        "note": "Copied from a web reproduction; its edition and key were not captured. "
        "No rows for ziprasidone and zuclopenthixol were found; trifluoperazine has 3 cells "
        "(sedation, weight gain, akathisia).",
        "edition": "not captured (14th edition era)",
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

# EVIDENCE.md rule 9 and data/README.md: licence rows by reliability, best first.
LICENCE_RELIABILITY = ["regulatory", "peer_reviewed", "secondary"]
LICENCE_ANSWERS = {"yes", "no", "not_marketed"}
LICENCE_COUNTRIES = {"DE", "EU", "UK", "US"}
ICE_APP_NAME = "in control of effects"

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


def load_licences():
    """Licence rows of licences.csv by (medicine, country), never the app's flags (rule 9)."""
    grouped = {}
    for row in read_csv("licences.csv"):
        if row["medicine"] not in ATC_CODES or row["country"] not in LICENCE_COUNTRIES:
            raise ValueError("licences.csv: unknown medicine or country in %r" % row)
        if row["schizophrenia_licensed"] not in LICENCE_ANSWERS:
            raise ValueError("licences.csv: unknown answer in %r" % row)
        if row["reliability"] not in LICENCE_RELIABILITY:
            raise ValueError("licences.csv: unknown reliability in %r" % row)
        if ICE_APP_NAME in row["source"].lower() or "incontrolofeffects" in row["url"].lower():
            continue
        grouped.setdefault((row["medicine"], row["country"]), []).append(row)
    return grouped


def licensed_in(licences, drug):
    """Countries where the best-reliability rows for the drug say 'yes', sorted.

    Rows of the best reliability present (regulatory, then peer-reviewed, then
    secondary) decide; if some say 'yes' and others do not ('no', 'not_marketed'), the
    derivation stops, because which one is right is a reviewer's decision, not this
    script's.
    """
    countries = []
    for country in sorted(LICENCE_COUNTRIES):
        rows = licences.get((drug, country), [])
        for reliability in LICENCE_RELIABILITY:
            best = [row for row in rows if row["reliability"] == reliability]
            if best:
                break
        answers = {row["schizophrenia_licensed"] == "yes" for row in best}
        if len(answers) > 1:
            raise ValueError("licences.csv: %s/%s rows of reliability %s disagree: %s"
                             % (drug, country, reliability,
                                sorted(row["schizophrenia_licensed"] for row in best)))
        if answers == {True}:
            countries.append(country)
    return countries


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
    """One medication: identity, formulations, licences and, for every item, its readings and evidence."""
    if drug not in context["formulations"]:
        raise ValueError("formulations.csv: no formulation for %s" % drug)
    return {
        "id": drug,
        "name": drug.capitalize(),
        "atc": ATC_CODES[drug],
        "formulations": context["formulations"][drug],
        "licensed_in": licensed_in(context["licences"], drug),
        "ratings": {item["id"]: cell(context, drug, item) for item in items},
    }


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
        "licences": load_licences(),
        "formulations": load_formulations(),
    }
    return {
        "format": "sdm-formulary",
        "format_version": 2,
        "id": FORMULARY_ID,
        "title": "libsdm default formulary",
        "version": VERSION,
        "catalogue": CATALOGUE_ID,
        "notice": NOTICE,
        "sources": SOURCES,
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
