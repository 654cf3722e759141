#!/usr/bin/python3
"""Derive libsdm's default catalogue and formulary from the source tables.

The default data must be reproducible from published facts: the tables in
data/sources/ are copies of the sources (with their citations in data/README.md),
and this script is the only way data/catalogue.json and data/formulary.json are
made. The rules are those of the project's EVIDENCE.md, restated in
data/README.md; the project's own rule for Huhn 2019 is documented there too.

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

VERSION = "2026.11"
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

SOURCES = [
    {
        "key": "card",
        "citation": MANCHESTER_PAPER + ". Appendix 2: Example of information card given to "
        "service users during use of the tool (aripiprazole: poor sleep ++, restlessness ++, "
        "feeling sick, not hungry +), reproduced with permission from the authors at the "
        "University of Manchester.",
        "url": MANCHESTER_URL,
        "note": "Rates three items of aripiprazole only.",
    },
    {
        "key": "maudsley",
        "citation": "Taylor DM, Barnes TRE, Young AH. The Maudsley Prescribing Guidelines in "
        "Psychiatry (14th edition era). Wiley-Blackwell. Table 1.7 \"Relative adverse "
        "effects - a rough guide\".",
        "note": "Copied from a web reproduction; its edition and key were not captured. "
        "No rows for ziprasidone and zuclopenthixol were found; trifluoperazine has 3 cells "
        "(sedation, weight gain, akathisia).",
    },
    {
        "key": "s3",
        "citation": "Hasan A, Falkai P, Lehmann I, Gaebel W. Schizophrenia. Dtsch Arztebl Int "
        "2020;117:412-9. eTable 6 (adverse effects of antipsychotics, German S3 guideline).",
        "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC7477695/table/T7",
        "note": "The table's legend was not captured; a few cells look clinically odd "
        "(amisulpride obstipation ++, haloperidol orthostatic dysregulation 0) and are used "
        "as printed. Rates 13 of the 19 medications.",
    },
    {
        "key": "uptodate",
        "citation": "UpToDate (Wolters Kluwer). Selected adverse effects of antipsychotic "
        "medications for schizophrenia (table; rankings consistent with American "
        "Psychiatric Association practice guidelines, QTc classifications from Lexicomp).",
        "url": "https://medilib.ir/uptodate/show/82533",
        "note": "Table copy at the URL above; the trifluoperazine row is from a 2024 reprint "
        "(https://www.scribd.com/document/711310180/Adverse-effects-of-antipsychotic-meds-UpToDate) "
        "in which only the first 7 columns were legible. Rates 15 of the 19 medications.",
    },
    {
        "key": "product-information",
        "citation": "Summaries of product characteristics (SmPC), US labels, EPAR summaries, "
        "Fachinformationen, package leaflets and MIMS SmPC pages, as quoted with their URLs "
        "in data/sources/product-information-items.md; one row per finding in "
        "data/sources/product-information-items.csv. Only rows of regulatory reliability "
        "that carry a rating are used; each rating's note gives the page.",
        "note": "SmPC frequency convention mapped to the card's legend: very common "
        "(>=1/10, or >=10% in a US label table) +++; common (>=1/100) ++; uncommon, rare, "
        "very rare +.",
    },
    {
        "key": "huhn2019",
        "citation": "Huhn M, Nikolakopoulou A, Schneider-Thoma J, Krause M, Samara M, Peter N, "
        "Arndt T, Bäckers L, Rothe P, Cipriani A, Davis J, Salanti G, Leucht S. Comparative "
        "efficacy and tolerability of 32 oral antipsychotics for the acute treatment of "
        "adults with multi-episode schizophrenia: a systematic review and network "
        "meta-analysis. Lancet 2019;394:939-51. doi:10.1016/S0140-6736(19)31135-3. Values "
        "as packaged by the open-source In Control of Effects app (MIT licence), with "
        "CINeMA confidence and UK/DE/US licensing.",
        "url": "https://doi.org/10.1016/S0140-6736(19)31135-3",
        "note": "Project rule (not in the paper): only risk ratios vs placebo are mapped, "
        "RR < 1.5 +, 1.5 <= RR < 3 ++, RR >= 3 +++, never none; mean differences "
        "(weight, prolactin, QTc) are not mapped.",
    },
]

# The Manchester information card (Appendix 2): aripiprazole's three cells.
CARD = {
    ("aripiprazole", "poor_sleep"): (2, "Poor sleep ++"),
    ("aripiprazole", "restlessness"): (2, "Restlessness ++"),
    ("aripiprazole", "feeling_sick"): (1, "Feeling sick, not hungry +"),
}

# EVIDENCE.md rule 1: for each clinical dimension, the ordinal columns in order
# of precedence (source key, column header as printed in the copied table).
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
    "uptodate": ("uptodate-selected-adverse-effects.csv", "Drug", "UpToDate"),
}

# The project's own Huhn 2019 rule: which risk-ratio outcome stands for which
# dimension. Mean-difference outcomes (weight, prolactin, QTc) are not mapped.
HUHN_OUTCOMES = {
    "akathisia": "akathisia",
    "anticholinergic": "anticholinergic",
    "parkinsonism": "antiparkinson",
    "sedation": "sedation",
}
HUHN_COUNTRIES = [("Germany", "DE"), ("UK", "UK"), ("USA", "US")]

FOOTNOTE_MARKS = "²*◊¶Δ"
NOT_RATED = {"", "?", "nan"}
ROUTE_LABEL = re.compile(r"\b(?:Oral|IV|IM):")
MARK = re.compile(r"\++|[–-]|0")
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
FORMULATION_PATTERN = re.compile(r"^[a-z_]+$")


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
    """Map an ordinal cell to (rating, qualifiers), or (None, []) if not rated.

    EVIDENCE.md rule 2: '–'/'0' none, '+' 1, '++' 2, '+++' 3; a range rounds up and
    a cell with several marks (e.g. 'Oral: ++ IV: +++') takes the highest, because
    when sources hedge the library warns rather than reassures. Footnote signs are
    ignored. Anything unrecognised is an error, never a silent guess.
    """
    text = cell.strip()
    cleaned = "".join(ch for ch in text if ch not in FOOTNOTE_MARKS).strip()
    if cleaned in NOT_RATED:
        return None, []
    qualifiers = []
    if cleaned != text:
        qualifiers.append("footnote mark ignored")
    without_routes = ROUTE_LABEL.sub(" ", cleaned)
    marks = MARK.findall(without_routes)
    residue = MARK.sub("", without_routes).replace("/", "").strip()
    if not marks or residue or any(len(m) > 3 for m in marks if m.startswith("+")):
        raise ValueError("unrecognised ordinal cell %r" % cell)
    values = [len(m) if m.startswith("+") else 0 for m in marks]
    if "/" in cleaned:
        qualifiers.append("range rounded up")
    elif len(marks) > 1:
        qualifiers.append("highest mark taken")
    return max(values), qualifiers


def load_ordinal_tables():
    """Each ordinal table as {drug id: row}; drugs outside the formulary are simply never asked for."""
    tables = {}
    for key, (name, drug_column, _) in ORDINAL_TABLES.items():
        rows = read_csv(name)
        tables[key] = {drug_key(row[drug_column]): row for row in rows}
    return tables


def ordinal_rating(tables, drug, dimension):
    """First ordinal source (rule 1 order) that rates the dimension for the drug."""
    for key, column in DIMENSION_COLUMNS.get(dimension, []):
        row = tables[key].get(drug)
        if row is None:
            continue
        value, qualifiers = parse_cell(row[column])
        if value is None:
            continue
        label = column.replace("_", " ") if key == "maudsley" else column
        note = "%s %s: %s" % (ORDINAL_TABLES[key][2], label, row[column].strip())
        if qualifiers:
            note += " (%s)" % "; ".join(qualifiers)
        return {"rating": value, "source": key, "note": note}
    return None


def expected_pi_rating(frequency):
    """Rule 3 applied to a frequency cell, to check the CSV's precomputed rating.

    The CSV carries the rating already; recomputing it catches a transcription slip
    before it reaches a patient-facing card.
    """
    words = {"very common": 3, "common": 2, "uncommon": 1, "rare": 1, "very rare": 1}
    if frequency in words:
        return words[frequency]
    match = re.fullmatch(r"[>≥]?(\d+(?:\.\d+)?)%", frequency)
    if not match:
        raise ValueError("product information: unrecognised frequency %r" % frequency)
    percent = float(match.group(1))
    return 3 if percent >= 10 else 2 if percent >= 1 else 1


def load_product_information():
    """Regulatory, rated rows of the product-information table, grouped by (drug, item)."""
    grouped = {}
    for row in read_csv("product-information-items.csv"):
        if row["reliability"] != "regulatory" or not row["rating"]:
            continue
        rating = int(row["rating"])
        if rating != expected_pi_rating(row["frequency"]):
            raise ValueError("product information: rating %s does not match frequency %r "
                             "(%s, %s)" % (rating, row["frequency"], row["drug"], row["item_id"]))
        grouped.setdefault((row["drug"], row["item_id"]), []).append(row)
    return grouped


def product_information_rating(product_information, drug, item_id):
    """Highest regulatory rating for the item (warn rather than reassure); first row wins ties."""
    rows = product_information.get((drug, item_id))
    if not rows:
        return None
    best = max(rows, key=lambda row: int(row["rating"]))
    note = "product information: %s (%s)" % (best["frequency"], best["source_kind"])
    if best["url"]:
        note += " " + best["url"]
    if len(rows) > 1:
        note += " (highest of %d regulatory findings)" % len(rows)
    return {"rating": int(best["rating"]), "source": "product-information", "note": note}


def load_huhn():
    """Huhn 2019 rows keyed by (drug id, outcome)."""
    return {(drug_key(row["name"]), row["side_effect"]): row
            for row in read_csv("huhn2019-side-effects.csv")}


def huhn_rating(huhn, drug, dimension):
    """The project's Huhn rule: RR < 1.5 -> 1, < 3 -> 2, else 3; never 0.

    An effect estimate near or below 1 is not evidence of no effect, so the lowest
    rating Huhn can give is '+'. Mean differences have no published threshold and
    are left to the ordinal sources.
    """
    outcome = HUHN_OUTCOMES.get(dimension)
    row = huhn.get((drug, outcome)) if outcome else None
    if row is None or row["value_type"] != "rr" or row["value"] == "nan":
        return None
    rr = float(row["value"])
    value = 1 if rr < 1.5 else 2 if rr < 3 else 3
    quality = row["quality"].replace("_", " ") or "not given"
    note = "Huhn 2019 %s RR %s vs placebo (CINeMA %s)" % (outcome, row["value"], quality)
    return {"rating": value, "source": "huhn2019", "note": note}


def rate_item(context, drug, item):
    """One cell of the formulary, by the precedence card > ordinal > product information > Huhn."""
    card = CARD.get((drug, item["id"]))
    if card:
        return {"rating": card[0], "source": "card",
                "note": "Manchester information card (Appendix 2): " + card[1]}
    dimension = item["dimension"]
    for rating in (ordinal_rating(context["tables"], drug, dimension),
                   product_information_rating(context["pi"], drug, item["id"]),
                   huhn_rating(context["huhn"], drug, dimension)):
        if rating:
            return rating
    return {"rating": "unknown",
            "note": "no source rates this item (dimension: %s) for this medication" % dimension}


def licensed_in(huhn, drug):
    """Licence countries from Huhn's Germany/UK/USA columns; all rows must agree."""
    flags = {tuple(row[column] for column, _ in HUHN_COUNTRIES)
             for (name, _), row in huhn.items() if name == drug}
    if len(flags) != 1:
        raise ValueError("huhn2019: licensing missing or inconsistent for %s" % drug)
    (values,) = flags
    return sorted(code for (_, code), value in zip(HUHN_COUNTRIES, values)
                  if float(value) == 1.0)


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
        "version": VERSION,
        "citation": FORM_CITATION,
        "groups": groups,
        "items": entries,
    }


def build_medication(context, drug, items):
    """One medication: identity, formulations, licences and a rating for every item."""
    if drug not in context["formulations"]:
        raise ValueError("formulations.csv: no formulation for %s" % drug)
    return {
        "id": drug,
        "name": drug.capitalize(),
        "atc": ATC_CODES[drug],
        "formulations": context["formulations"][drug],
        "licensed_in": licensed_in(context["huhn"], drug),
        "ratings": {item["id"]: rate_item(context, drug, item) for item in items},
    }


def build_formulary(items):
    """The formulary document: 19 medications sorted by id, items in catalogue order."""
    context = {
        "tables": load_ordinal_tables(),
        "pi": load_product_information(),
        "huhn": load_huhn(),
        "formulations": load_formulations(),
    }
    return {
        "format": "sdm-formulary",
        "format_version": 1,
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
