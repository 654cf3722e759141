#!/usr/bin/python3
"""Check libsdm's default data: derivation, schemas, hand-checked facts, synthesis.

Usage: check_data.py [REPO_ROOT]            run every check (default root: two levels up)
       check_data.py --tables [REPO_ROOT]   print the derived tables of data/README.md
Exit status 0 if every check passes, 1 otherwise; each failure is printed.

The expected values below were worked out by hand from the tables in
data/sources/ and the rules in data/README.md, not copied from the script's
output: a mistake in data/derive.py must show up here as a difference.

The synthesis rules (consensus, highest, precedence) and the spread are
implemented here a second time, independently of the C library, exactly as
format 2 specifies them; precedence over the 2026.12 data must reproduce every
2026.11 rating (tests/data/formulary-2026.11.json) except the five cells that
version 1 filled from Huhn 2019's numbers.
"""

import copy
import importlib.util
import json
import os
import subprocess
import sys

FAILURES = []


def fail(message):
    """Record a failure and go on, so one run reports everything that is wrong."""
    FAILURES.append(message)
    print("FAIL: " + message)


def expect(condition, message):
    """Record a failure when the condition is false."""
    if not condition:
        fail(message)


def load_json(path):
    """Parse a JSON file; a parse error is a failure, not a crash."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        fail("%s: %s" % (path, error))
        return None


# (a) derivation -----------------------------------------------------------------

def check_derivation(root):
    """The committed data equals what data/derive.py derives from data/sources/."""
    script = os.path.join(root, "data", "derive.py")
    result = subprocess.run([sys.executable, script, "--check"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        fail("data/derive.py --check exited %d:\n%s%s"
             % (result.returncode, result.stdout, result.stderr))


def load_derive(root):
    """data/derive.py as a module, without leaving a __pycache__ in the source tree."""
    sys.dont_write_bytecode = True
    spec = importlib.util.spec_from_file_location("derive", os.path.join(root, "data", "derive.py"))
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    return derive


def check_parser(derive):
    """Cell parsing of EVIDENCE.md rule 2, case by case: (value, low)."""
    cases = {"–": (0, None), "0": (0, None), "+": (1, None), "++": (2, None),
             "+++": (3, None), "0/+": (1, 0), "+/++": (2, 1),
             "++²": (2, None), "++◊": (2, None), "Oral: ++ IV: +++": (3, 2),
             "*": (None, None), "?": (None, None), "": (None, None), "nan": (None, None)}
    for cell, expected in cases.items():
        got = derive.parse_cell(cell)
        expect(got == expected, "parse_cell(%r) = %r, expected %r" % (cell, got, expected))
    for cell in ("++++", "+ maybe", "x"):
        try:
            derive.parse_cell(cell)
            fail("parse_cell(%r) accepted an unrecognised cell" % cell)
        except ValueError:
            pass
    for name, expected in {"Lurasidone*": "lurasidone", "Brexpiprazole¶": "brexpiprazole",
                           "ClozapineΔ": "clozapine"}.items():
        expect(derive.drug_key(name) == expected, "drug_key(%r) != %r" % (name, expected))
    frequencies = {"very common": 3, "common": 2, "uncommon": 1, "rare": 1, "very rare": 1,
                   "31%": 3, "10%": 3, "5%": 2, "≥5%": 2, ">3%": 2, "1%": 2, "0.5%": 1,
                   "not known": None, "": None}
    for frequency, expected in frequencies.items():
        got = derive.expected_pi_rating(frequency)
        expect(got == expected, "expected_pi_rating(%r) = %r, expected %r"
               % (frequency, got, expected))


# (b) schemas --------------------------------------------------------------------

def validator_for(schema):
    """A draft 2020-12 validator, after checking the schema itself is valid."""
    import jsonschema
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_schemas(documents, schemas):
    """Both data files and the format-1 fixture validate against their schemas."""
    for name, schema in (("catalogue", "catalogue"), ("formulary", "formulary"),
                         ("formulary-2026.11", "formulary")):
        errors = sorted(schemas[schema].iter_errors(documents[name]), key=str)
        for error in errors[:10]:
            fail("%s: %s at %s" % (name, error.message, list(error.absolute_path)))


# (c) hand-checked facts ----------------------------------------------------------

GROUPS = [
    ("sleep", "Sleep"), ("weight", "Weight"), ("stomach_and_mouth", "Stomach and mouth"),
    ("metabolic", "Blood sugar and cholesterol"), ("sex_and_periods", "Sex and periods"),
    ("body", "Body"), ("movement", "Movement"), ("heart_and_circulation", "Heart and circulation"),
]

ATC = {
    "amisulpride": "N05AL05", "aripiprazole": "N05AX12", "asenapine": "N05AH05",
    "brexpiprazole": "N05AX16", "cariprazine": "N05AX15", "chlorpromazine": "N05AA01",
    "clozapine": "N05AH02", "flupentixol": "N05AF01", "haloperidol": "N05AD01",
    "iloperidone": "N05AX14", "lurasidone": "N05AE05", "olanzapine": "N05AH03",
    "paliperidone": "N05AX13", "quetiapine": "N05AH04", "risperidone": "N05AX08",
    "sulpiride": "N05AL01", "trifluoperazine": "N05AB06", "ziprasidone": "N05AE04",
    "zuclopenthixol": "N05AF05",
}

# Sources in precedence order, with the reliability the brief gives each.
SOURCES = [("card", "peer_reviewed"), ("maudsley", "secondary"), ("s3", "peer_reviewed"),
           ("uptodate", "secondary"), ("product-information", "regulatory"),
           ("huhn2019", "secondary"), ("huhn2019-efficacy", "secondary"),
           ("regulatory-texts", "regulatory"),
           ("peer-reviewed-papers", "peer_reviewed"), ("secondary-reports", "secondary")]
SOURCE_KEYS = [key for key, _ in SOURCES]
ICE_APP_COMMIT = "79727fb0e1725943ad5c666260ef51bfcc09898e"  # named in licences.csv

# The 2026.11 data (format 1, tests/data/formulary-2026.11.json): (drug, item):
# (rating, source), each worked out by hand from the source tables under the
# version-1 rule (first source wins: card, Maudsley, S3, UpToDate, product
# information, Huhn). Under the version-2 rule "precedence" the 2026.12 data must
# give the same rating from the same source, except Huhn's cells, now unknown.
EXPECTED_2026_11 = {
    # The card's three cells beat Maudsley (aripiprazole akathisia is '+' there).
    ("aripiprazole", "poor_sleep"): (2, "card"),
    ("aripiprazole", "restlessness"): (2, "card"),
    ("aripiprazole", "feeling_sick"): (1, "card"),
    # Items of the same dimension that the card does not cover fall through to Maudsley.
    ("aripiprazole", "tension"): (1, "maudsley"),
    ("aripiprazole", "day_sleepiness"): (0, "maudsley"),     # Maudsley sedation '–'
    ("clozapine", "day_sleepiness"): (3, "maudsley"),        # Maudsley sedation '+++'
    ("quetiapine", "night_sleepiness"): (3, "maudsley"),
    ("haloperidol", "heart_problems"): (2, "maudsley"),      # Maudsley QT '++' beats UpToDate
    ("haloperidol", "dizziness_standing"): (1, "maudsley"),  # not S3's odd '0'
    ("brexpiprazole", "heart_problems"): (0, "maudsley"),
    ("amisulpride", "periods_irregular"): (3, "maudsley"),   # prolactin '+++'
    ("trifluoperazine", "day_sleepiness"): (1, "maudsley"),  # one of its 3 Maudsley cells
    ("cariprazine", "stiff_muscles"): (0, "maudsley"),       # the cell issue 12 is about
    ("lurasidone", "restlessness"): (1, "maudsley"),
    # No Maudsley row: S3 next.
    ("zuclopenthixol", "weight_gain"): (2, "s3"),            # S3 weight gain '++'
    ("zuclopenthixol", "heart_problems"): (1, "s3"),         # S3 QT '0/+' rounds up
    ("zuclopenthixol", "periods_irregular"): (2, "s3"),      # S3 hyperprolactinemia '++'
    ("ziprasidone", "restlessness"): (2, "s3"),              # S3 akathisia '+/++'
    ("ziprasidone", "day_sleepiness"): (1, "s3"),
    ("ziprasidone", "heart_problems"): (2, "s3"),
    # S3-only dimensions.
    ("amisulpride", "constipation"): (2, "s3"),              # odd but used as printed
    ("cariprazine", "constipation"): (0, "s3"),
    ("olanzapine", "periods_stopping"): (0, "s3"),
    ("clozapine", "abnormal_movements"): (0, "s3"),          # S3 tardive dyskinesia '0'
    ("aripiprazole", "high_blood_sugar"): (1, "s3"),         # S3 diabetes '0/+'
    ("risperidone", "less_sex_drive"): (2, "s3"),
    # Not in S3: UpToDate.
    ("asenapine", "abnormal_movements"): (2, "uptodate"),
    ("brexpiprazole", "high_cholesterol"): (2, "uptodate"),
    ("ziprasidone", "dry_mouth"): (1, "uptodate"),           # no Maudsley row, S3 has no column
    ("aripiprazole", "muscle_spasms"): (1, "uptodate"),      # beats the SmPC 'uncommon'
    ("trifluoperazine", "slow_movements"): (2, "uptodate"),  # Maudsley cell left blank
    # Product information, regulatory rows only, highest wins.
    ("clozapine", "drooling"): (3, "product-information"),   # US label 31%
    ("clozapine", "palpitations"): (3, "product-information"),
    ("zuclopenthixol", "increased_dreaming"): (2, "product-information"),  # common beats uncommon
    ("ziprasidone", "increased_dreaming"): (1, "product-information"),
    ("flupentixol", "muscle_spasms"): (2, "product-information"),  # not in UpToDate
    ("paliperidone", "poor_sleep"): (3, "product-information"),
    ("zuclopenthixol", "blurred_vision"): (2, "product-information"),  # no anticholinergic above
    # Huhn 2019 risk ratios through the project's old mapping: unknown in 2026.12.
    ("zuclopenthixol", "dry_mouth"): (2, "huhn2019"),        # anticholinergic RR 2.73
    ("trifluoperazine", "dry_mouth"): (1, "huhn2019"),       # anticholinergic RR 1.36
    ("trifluoperazine", "memory_difficulty"): (1, "huhn2019"),
    # Unknown, never zero.
    ("trifluoperazine", "periods_irregular"): ("unknown", None),  # no source rates prolactin
    ("trifluoperazine", "dizziness_standing"): ("unknown", None),
    ("trifluoperazine", "heart_problems"): ("unknown", None),     # Huhn QTc is a mean difference
    ("sulpiride", "muscle_spasms"): ("unknown", None),
    ("sulpiride", "abnormal_movements"): ("unknown", None),
    ("asenapine", "constipation"): ("unknown", None),
    ("risperidone", "drooling"): ("unknown", None),           # only a low-reliability row
    ("paliperidone", "drooling"): ("unknown", None),          # regulatory row without frequency
    ("chlorpromazine", "poor_sleep"): ("unknown", None),      # SmPC frequency 'not known'
    ("aripiprazole", "sun_sensitivity"): ("unknown", None),   # encyclopaedia mirror only
}

# The five cells version 1 filled from Huhn's risk ratios (the old README's list).
HUHN_CELLS = [("zuclopenthixol", "dry_mouth"), ("trifluoperazine", "dry_mouth"),
              ("trifluoperazine", "urination_difficulty"), ("trifluoperazine", "blurred_vision"),
              ("trifluoperazine", "memory_difficulty")]

# 2026.12 readings, (source, printed, value, low), read by hand from the source
# tables: Maudsley Table 1.7, S3 eTable 6, UpToDate, the regulatory rows of
# product-information-items.csv (in file order) and the card.
EXPECTED_READINGS = {
    # Issue 12: Maudsley parkinsonism '–', S3 Parkinsonoid '++', UpToDate Parkinsonism '+';
    # no product-information row for cariprazine's movement items.
    ("cariprazine", "stiff_muscles"): [("maudsley", "–", 0, None), ("s3", "++", 2, None),
                                       ("uptodate", "+", 1, None)],
    ("cariprazine", "tremor"): [("maudsley", "–", 0, None), ("s3", "++", 2, None),
                                ("uptodate", "+", 1, None)],
    ("cariprazine", "slow_movements"): [("maudsley", "–", 0, None), ("s3", "++", 2, None),
                                        ("uptodate", "+", 1, None)],
    # Lurasidone akathisia: Maudsley '+', S3 'Lurasidone*' row '+/++', UpToDate '++';
    # its product-information rows for other items are trials (secondary), not readings.
    ("lurasidone", "restlessness"): [("maudsley", "+", 1, None), ("s3", "+/++", 2, 1),
                                     ("uptodate", "++", 2, None)],
    # The card's three cells, with every other source's reading kept.
    ("aripiprazole", "poor_sleep"): [("card", "++", 2, None),
                                     ("product-information", "common", 2, None),   # MIMS
                                     ("product-information", "common", 2, None)],  # EPAR
    ("aripiprazole", "restlessness"): [("card", "++", 2, None), ("maudsley", "+", 1, None),
                                       ("s3", "++", 2, None), ("uptodate", "++", 2, None)],
    ("aripiprazole", "feeling_sick"): [("card", "+", 1, None),
                                       ("product-information", "common", 2, None),  # EPAR
                                       ("product-information", ">3%", 2, None)],    # MIMS
    # Ranges and a cell with one mark per route keep both ends.
    ("haloperidol", "heart_problems"): [("maudsley", "++", 2, None), ("s3", "0/+", 1, 0),
                                        ("uptodate", "Oral: ++ IV: +++", 3, 2)],
    # UpToDate QTc '*' is a footnote sign alone: no reading.
    ("aripiprazole", "heart_problems"): [("maudsley", "–", 0, None), ("s3", "0/+", 1, 0)],
    # Footnote signs stay in the printed cell.
    ("quetiapine", "day_sleepiness"): [("maudsley", "+++", 3, None), ("s3", "++²", 2, None),
                                       ("uptodate", "+++", 3, None)],
    ("iloperidone", "heart_problems"): [("maudsley", "++", 2, None), ("uptodate", "++◊", 2, None)],
    ("haloperidol", "dizziness_standing"): [("maudsley", "+", 1, None), ("s3", "0", 0, None),
                                            ("uptodate", "+", 1, None)],
    ("ziprasidone", "restlessness"): [("s3", "+/++", 2, 1), ("uptodate", "++", 2, None)],
    ("trifluoperazine", "slow_movements"): [("uptodate", "++", 2, None)],
    ("amisulpride", "constipation"): [("s3", "++", 2, None)],
    ("aripiprazole", "muscle_spasms"): [("uptodate", "+", 1, None),
                                        ("product-information", "uncommon", 1, None)],
    ("quetiapine", "blurred_vision"): [("maudsley", "+", 1, None), ("uptodate", "++", 2, None),
                                       ("product-information", "common", 2, None)],
    ("clozapine", "blurred_vision"): [("maudsley", "+++", 3, None), ("uptodate", "+++", 3, None),
                                      ("product-information", "5%", 2, None)],
    # Product information: every regulatory row with a rating, in file order.
    ("clozapine", "drooling"): [("product-information", "31%", 3, None)],  # MIMS row: no frequency
    ("clozapine", "poor_sleep"): [("product-information", "2%", 2, None),
                                  ("product-information", "4%", 2, None)],
    ("zuclopenthixol", "increased_dreaming"): [("product-information", "common", 2, None),
                                               ("product-information", "uncommon", 1, None)],
    ("paliperidone", "poor_sleep"): [("product-information", "very common", 3, None)],
    ("zuclopenthixol", "memory_difficulty"): [("product-information", "common", 2, None)],
    ("iloperidone", "palpitations"): [("product-information", "≥5%", 2, None)],
    # No reading: unknown.
    ("zuclopenthixol", "dry_mouth"): [],          # was Huhn's RR through the old mapping
    ("trifluoperazine", "blurred_vision"): [],
    ("chlorpromazine", "poor_sleep"): [],         # 'not known' and a row without frequency
    ("paliperidone", "drooling"): [],             # regulatory row without frequency
    ("trifluoperazine", "heart_problems"): [],
}

# 2026.12 numeric evidence (Huhn 2019): (outcome, kind, value, unit, confidence).
EXPECTED_EVIDENCE = {
    ("cariprazine", "stiff_muscles"): [("antiparkinson", "risk_ratio", 2.21, None, "very_low")],
    ("lurasidone", "restlessness"): [("akathisia", "risk_ratio", 3.93, None, "moderate")],
    ("zuclopenthixol", "dry_mouth"): [("anticholinergic", "risk_ratio", 2.73, None, "low")],
    ("trifluoperazine", "dry_mouth"): [("anticholinergic", "risk_ratio", 1.36, None, "very_low")],
    ("trifluoperazine", "urination_difficulty"):
        [("anticholinergic", "risk_ratio", 1.36, None, "very_low")],
    ("trifluoperazine", "blurred_vision"):
        [("anticholinergic", "risk_ratio", 1.36, None, "very_low")],
    ("trifluoperazine", "memory_difficulty"):
        [("anticholinergic", "risk_ratio", 1.36, None, "very_low")],
    ("brexpiprazole", "dry_mouth"): [("anticholinergic", "risk_ratio", 0.72, None, "low")],
    ("olanzapine", "weight_gain"): [("weight_gain", "mean_difference", 2.78, "kg", "high")],
    ("ziprasidone", "weight_gain"): [("weight_gain", "mean_difference", -0.16, "kg", "low")],
    ("amisulpride", "periods_irregular"): [("prolactin", "mean_difference", 26.87, "ng/mL", "low")],
    ("clozapine", "periods_irregular"): [("prolactin", "mean_difference", -77.05, "ng/mL", "low")],
    ("haloperidol", "heart_problems"): [("qtc", "mean_difference", 1.69, "ms", "very_low")],
    ("quetiapine", "night_sleepiness"): [("sedation", "risk_ratio", 3.27, None, "moderate")],
    # Huhn gives no estimate ('nan'): no evidence.
    ("clozapine", "heart_problems"): [],
    ("trifluoperazine", "periods_irregular"): [],
    ("trifluoperazine", "heart_problems"): [],
    # Dimensions without a Huhn outcome.
    ("amisulpride", "constipation"): [],
    ("aripiprazole", "poor_sleep"): [],
}

# Synthesis by hand: (consensus, highest, precedence, spread); None = unknown.
# consensus = sorted values v_1..v_n, v_{floor(n/2)+1}; spread = max(value) - min(low).
EXPECTED_SYNTHESIS = {
    # [0, 2, 1] sorted [0, 1, 2]: median 1; highest 2; Maudsley first 0; 2 - 0 = 2.
    ("cariprazine", "stiff_muscles"): (1, 2, 0, 2),
    ("cariprazine", "tremor"): (1, 2, 0, 2),
    # [1, 2 (low 1), 2] sorted [1, 2, 2]: 2; 2; Maudsley 1; 2 - 1 = 1.
    ("lurasidone", "restlessness"): (2, 2, 1, 1),
    # The card decides under every rule; the spread still counts every reading.
    ("aripiprazole", "poor_sleep"): (2, 2, 2, 0),        # [2, 2, 2]
    ("aripiprazole", "restlessness"): (2, 2, 2, 1),      # [2, 1, 2, 2]: 2 - 1
    ("aripiprazole", "feeling_sick"): (1, 1, 1, 1),      # [1, 2, 2]: highest would be 2
    # Even numbers of readings: the higher of the two middle values.
    ("aripiprazole", "heart_problems"): (1, 1, 0, 1),    # [0, 1 (low 0)] sorted [0, 1]: v_2 = 1
    ("ziprasidone", "restlessness"): (2, 2, 2, 1),       # [2 (low 1), 2]
    ("zuclopenthixol", "increased_dreaming"): (2, 2, 2, 1),  # [2, 1]: precedence = highest PI
    ("clozapine", "poor_sleep"): (2, 2, 2, 0),           # [2, 2]
    # Ranges: [2, 1 (low 0), 3 (low 2)] sorted [1, 2, 3]: 2; 3; Maudsley 2; 3 - 0 = 3.
    ("haloperidol", "heart_problems"): (2, 3, 2, 3),
    ("haloperidol", "dizziness_standing"): (1, 1, 1, 1),  # [1, 0, 1]
    ("quetiapine", "blurred_vision"): (2, 2, 1, 1),      # [1, 2, 2]
    ("clozapine", "blurred_vision"): (3, 3, 3, 1),       # [3, 3, 2]
    ("trifluoperazine", "slow_movements"): (2, 2, 2, 0),  # one plain reading
    ("zuclopenthixol", "dry_mouth"): (None, None, None, None),
    ("trifluoperazine", "memory_difficulty"): (None, None, None, None),
}

# licences.csv, by hand: the best-reliability rows per medicine and country, never
# the app's flags. The app says yes for asenapine UK and DE (regulatory: UK no,
# EU no) and for ziprasidone UK (NHS GGC: not marketed); it is the only DE row for
# aripiprazole, so aripiprazole has EU but not DE.
LICENCES = {
    "amisulpride": ["DE", "UK"], "aripiprazole": ["EU", "UK", "US"], "asenapine": ["US"],
    "brexpiprazole": ["EU", "UK", "US"], "cariprazine": ["EU", "UK", "US"],
    "chlorpromazine": ["UK", "US"], "clozapine": ["DE", "UK", "US"],
    "flupentixol": ["DE", "UK"], "haloperidol": ["EU", "UK", "US"], "iloperidone": ["US"],
    "lurasidone": ["EU", "UK", "US"], "olanzapine": ["EU", "UK", "US"],
    "paliperidone": ["EU", "UK", "US"], "quetiapine": ["EU", "UK", "US"],
    "risperidone": ["DE", "UK", "US"], "sulpiride": ["DE", "UK"],
    "trifluoperazine": ["UK", "US"], "ziprasidone": ["DE", "US"], "zuclopenthixol": ["DE", "UK"],
}

FORMULATIONS = {
    "aripiprazole": ["liquid", "long_acting_injection", "orodispersible", "tablet"],
    "risperidone": ["liquid", "long_acting_injection", "orodispersible", "tablet"],
    "olanzapine": ["long_acting_injection", "orodispersible", "tablet"],
    "haloperidol": ["liquid", "long_acting_injection", "tablet"],
    "zuclopenthixol": ["long_acting_injection", "tablet"],
    "amisulpride": ["liquid", "tablet"],
    "asenapine": ["sublingual_tablet"],
    "clozapine": ["tablet"],
}

# Dimensions that carry Huhn 2019 numeric evidence (rule 7).
HUHN_DIMENSIONS = {"akathisia", "anticholinergic", "parkinsonism", "sedation", "prolactin",
                   "qt_prolongation", "weight_gain"}


def read_tsv_items(root):
    """(id, label, group, dimension) of the TSV rows, read independently of derive.py."""
    path = os.path.join(root, "data", "sources", "side-effect-items.tsv")
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    index = {name: header.index(name) for name in ("id", "label", "group", "dimension")}
    return [tuple(row[index[name]] for name in ("id", "label", "group", "dimension"))
            for row in rows]


def check_catalogue(root, catalogue):
    """36 items in the TSV's order with its ids, labels and groups; the 8 groups."""
    items = catalogue["items"]
    expect(len(items) == 36, "catalogue has %d items, expected 36" % len(items))
    got = [(item["id"], item["label"], item["group"], item["dimension"]) for item in items]
    expect(got == read_tsv_items(root), "catalogue items differ from the TSV")
    expect(items[0]["id"] == "day_sleepiness" and items[-1]["id"] == "heart_problems",
           "first/last items are not day_sleepiness/heart_problems")
    groups = [(group["id"], group["label"]) for group in catalogue["groups"]]
    expect(groups == GROUPS, "catalogue groups %r differ from %r" % (groups, GROUPS))
    group_ids = {group_id for group_id, _ in GROUPS}
    expect(all(item["group"] in group_ids for item in items), "an item names an unlisted group")
    helpful = [item["id"] for item in items if item.get("commonly_helpful")]
    expect(helpful == ["night_sleepiness", "weight_loss"],
           "commonly_helpful items are %r" % helpful)
    # The catalogue's items are those of 2026.11, so its version stays.
    expect(catalogue["id"] == "manchester-36" and catalogue["version"] == "2026.11",
           "catalogue id/version")


def check_medications(catalogue, formulary):
    """19 medications sorted by id, ATC codes, sorted arrays, all 36 items written."""
    meds = formulary["medications"]
    ids = [med["id"] for med in meds]
    expect(ids == sorted(ATC), "medications are %r, expected the 19 sorted by id" % ids)
    item_ids = [item["id"] for item in catalogue["items"]]
    for med in meds:
        expect(med.get("atc") == ATC.get(med["id"]), "%s: ATC %r" % (med["id"], med.get("atc")))
        expect(list(med["ratings"]) == item_ids, "%s: ratings not the 36 items in order" % med["id"])
        for key in ("formulations", "licensed_in"):
            expect(med[key] == sorted(set(med[key])), "%s: %s not sorted" % (med["id"], key))
    expect(formulary["catalogue"] == catalogue["id"], "formulary names another catalogue")
    expect(formulary["format_version"] == 2, "formulary is not format 2")
    expect(formulary["version"] == "2026.12", "formulary version")
    expect("A Trust must load its own reviewed formulary" in formulary.get("notice", ""),
           "formulary notice missing")


def check_sources(formulary):
    """Keys in precedence order, reliability and edition stated, the card alone decides."""
    sources = formulary["sources"]
    got = [(source["key"], source.get("reliability")) for source in sources]
    expect(got == SOURCES, "sources are %r, expected %r" % (got, SOURCES))
    for source in sources:
        expect(bool(source.get("edition")), "source %s: no edition" % source["key"])
    deciding = [source["key"] for source in sources if source.get("decides")]
    expect(deciding == ["card"], "deciding sources are %r, expected ['card']" % deciding)
    huhn = sources[SOURCE_KEYS.index("huhn2019")]
    expect(ICE_APP_COMMIT in huhn.get("edition", ""),
           "huhn2019 edition does not name the app's data commit")


def reading_tuple(reading):
    """(source, printed, value, low) of a reading."""
    return (reading["source"], reading["printed"], reading["value"], reading.get("low"))


def evidence_tuple(evidence):
    """(outcome, kind, value, unit, confidence) of an evidence entry."""
    return (evidence["outcome"], evidence["kind"], evidence["value"], evidence.get("unit"),
            evidence["confidence"])


def check_cells(catalogue, formulary):
    """Every cell: readings in source order, listed sources, ranges, evidence only from Huhn."""
    dimension = {item["id"]: item["dimension"] for item in catalogue["items"]}
    for med in formulary["medications"]:
        for item, cell in med["ratings"].items():
            where = "%s/%s" % (med["id"], item)
            positions = []
            for reading in cell["readings"]:
                if reading["source"] not in SOURCE_KEYS:
                    fail("%s: reading from unlisted source %r" % (where, reading["source"]))
                    continue
                positions.append(SOURCE_KEYS.index(reading["source"]))
                expect(reading["source"] != "huhn2019", "%s: a Huhn number became a reading" % where)
                expect("low" not in reading or reading["low"] < reading["value"],
                       "%s: low not below value in %r" % (where, reading))
                expect(bool(reading.get("note")), "%s: reading without note" % where)
            expect(positions == sorted(positions), "%s: readings not in source order" % where)
            for evidence in cell.get("evidence", []):
                expect(evidence["source"] == "huhn2019", "%s: evidence from %r"
                       % (where, evidence["source"]))
                expect(dimension[item] in HUHN_DIMENSIONS,
                       "%s: evidence on dimension %s" % (where, dimension[item]))
    meds = {med["id"]: med for med in formulary["medications"]}
    card = sorted((drug, item) for drug, med in meds.items() for item, cell in med["ratings"].items()
                  if any(reading["source"] == "card" for reading in cell["readings"]))
    expect(card == [("aripiprazole", "feeling_sick"), ("aripiprazole", "poor_sleep"),
                    ("aripiprazole", "restlessness")], "card cells are %r" % card)
    for drug, med in meds.items():
        cell = med["ratings"]["weight_loss"]
        expect(cell == {"readings": []}, "%s/weight_loss is %r, expected unknown" % (drug, cell))


def check_readings(formulary):
    """The hand-worked readings and evidence."""
    meds = {med["id"]: med for med in formulary["medications"]}
    for (drug, item), expected in EXPECTED_READINGS.items():
        got = [reading_tuple(reading) for reading in meds[drug]["ratings"][item]["readings"]]
        expect(got == expected, "%s/%s readings %r, expected %r" % (drug, item, got, expected))
    for (drug, item), expected in EXPECTED_EVIDENCE.items():
        cell = meds[drug]["ratings"][item]
        got = [evidence_tuple(evidence) for evidence in cell.get("evidence", [])]
        expect(got == expected, "%s/%s evidence %r, expected %r" % (drug, item, got, expected))
        expect(all(evidence["versus"] == "placebo" and evidence["source"] == "huhn2019"
                   for evidence in cell.get("evidence", [])),
               "%s/%s evidence not Huhn vs placebo" % (drug, item))


# EVIDENCE.md rule 8, read by hand from efficacy-huhn2019.csv (the Huhn rows,
# not Leucht 2013): drug: (smd, ci_low, ci_high, studies).
EXPECTED_EFFICACY = {
    "amisulpride": (-0.734, -0.885, -0.583, 12),
    "haloperidol": (-0.471, -0.536, -0.407, 74),
    "trifluoperazine": (-0.244, -0.532, 0.043, 8),   # the interval includes no effect
    "clozapine": (-0.894, -1.078, -0.712, 13),
    "sulpiride": (-0.484, -0.877, -0.095, 3),
}


def check_efficacy(formulary):
    """Rule 8: every medicine's efficacy from Huhn 2019, its interval around it, not graded."""
    meds = {med["id"]: med for med in formulary["medications"]}
    for drug, med in meds.items():
        efficacy = med.get("efficacy")
        if efficacy is None:
            fail("%s: no efficacy" % drug)
            continue
        expect(efficacy["source"] == "huhn2019-efficacy" and efficacy["versus"] == "placebo"
               and efficacy["outcome"] == "overall_symptoms", "%s: efficacy source %r" % (drug, efficacy))
        expect(efficacy["ci_low"] <= efficacy["value"] <= efficacy["ci_high"],
               "%s: efficacy outside its interval" % drug)
        expect(efficacy["confidence"] == "not_graded", "%s: efficacy confidence %r (rule 8: not found)"
               % (drug, efficacy["confidence"]))
        expect("Leucht" not in efficacy.get("note", ""), "%s: a Leucht 2013 row was used" % drug)
    for drug, (value, low, high, studies) in EXPECTED_EFFICACY.items():
        efficacy = meds[drug].get("efficacy", {})
        got = (efficacy.get("value"), efficacy.get("ci_low"), efficacy.get("ci_high"), efficacy.get("studies"))
        expect(got == (value, low, high, studies), "%s: efficacy %r, expected %r"
               % (drug, got, (value, low, high, studies)))


def check_fixture(formulary_2026_11):
    """The format-1 fixture is the 2026.11 data: its hand-checked cells."""
    expect(formulary_2026_11["format_version"] == 1 and formulary_2026_11["version"] == "2026.11",
           "tests/data/formulary-2026.11.json is not format 1, version 2026.11")
    meds = {med["id"]: med for med in formulary_2026_11["medications"]}
    for (drug, item), (rating, source) in EXPECTED_2026_11.items():
        cell = meds[drug]["ratings"][item]
        expect(cell.get("rating") == rating and cell.get("source") == source,
               "2026.11 %s/%s is %r, expected rating %r source %r"
               % (drug, item, cell, rating, source))
    cells = sum(len(med["ratings"]) for med in meds.values())
    expect(cells == 684, "2026.11 has %d cells, expected 684" % cells)


def check_licences_and_formulations(formulary):
    """Licences from licences.csv (never the app's flags); formulations as EVIDENCE.md confirms."""
    meds = {med["id"]: med for med in formulary["medications"]}
    expect(sorted(LICENCES) == sorted(meds), "LICENCES does not cover the 19 medicines")
    for drug, expected in LICENCES.items():
        expect(meds[drug]["licensed_in"] == expected,
               "%s licensed_in %r, expected %r" % (drug, meds[drug]["licensed_in"], expected))
    for drug, expected in FORMULATIONS.items():
        expect(meds[drug]["formulations"] == expected,
               "%s formulations %r, expected %r" % (drug, meds[drug]["formulations"], expected))


# (f) serious risks, restrictions, licences, products (EVIDENCE.md rule 9) -----------

RULE9_SOURCES = {"regulatory-texts": "regulatory", "peer-reviewed-papers": "peer_reviewed",
                 "secondary-reports": "secondary"}

# serious-risks.csv by hand. The class rows (medicine=ALL): NMS from Australian
# Prescriber (peer-reviewed); VTE from the MHRA (regulatory; Jönsson 2018,
# peer-reviewed, is set aside); DKA from Henderson 2002 (peer-reviewed); falls from
# two news reports (secondary: nothing better); injection-site pain (secondary, LAI).
EXPECTED_CLASS_RISKS = [
    ("neuroleptic_malignant_syndrome", "peer-reviewed-papers", None, None),
    ("venous_thromboembolism", "regulatory-texts", "increase in risk cannot be excluded (no frequency)", None),
    ("hyperglycaemia", "peer-reviewed-papers", "DKA uncommon but potentially fatal", None),
    ("falls", "secondary-reports",
     "older adults: +52% serious falls, +50% nonvertebral osteoporotic fracture within 90 days "
     "(Fraser et al. JAMA Intern Med 2015)", None),
    ("injection_site_reactions", "secondary-reports", "most common LAI-specific adverse effect (no rate)",
     "long_acting_injection"),
]

# Each medicine's own risks, in the vocabulary's order: (id, source key). R regulatory,
# P peer-reviewed, S secondary. Worked out row by row:
#   - list rows (a US label's boxed warning or its list of warnings, regulatory) give
#     one risk per warning they name (brexpiprazole, lurasidone, quetiapine, risperidone,
#     clozapine);
#   - an own row that is less reliable than the class row of the same id gives nothing
#     (ziprasidone's NMS: a secondary Pfizer page against Australian Prescriber);
#   - an own regulatory row beats the class row (flupentixol NMS, sulpiride VTE,
#     aripiprazole's EU SmPC hyperglycaemia);
#   - suicidality_warning_removed (iloperidone) and metabolic_adolescents (olanzapine)
#     are not risks.
R, P, S = "regulatory-texts", "peer-reviewed-papers", "secondary-reports"
EXPECTED_OWN_RISKS = {
    "amisulpride": [("agranulocytosis", R), ("qt_prolongation", P),   # Isbister 2006 beats 2 secondary
                    ("hyperprolactinaemia", R)],
    "aripiprazole": [("dementia_mortality", R), ("hyperglycaemia", R), ("suicidality_warning_us", R)],
    "asenapine": [("dementia_mortality", R)],
    "brexpiprazole": [("neuroleptic_malignant_syndrome", R), ("agranulocytosis", R), ("seizures", R),
                      ("dementia_mortality", R), ("stroke_in_dementia", R), ("hyperglycaemia", R),
                      ("tardive_dyskinesia", R), ("orthostatic_hypotension", R), ("falls", R),
                      ("compulsive_behaviour", R), ("suicidality_warning_us", R)],
    "cariprazine": [("dementia_mortality", R), ("suicidality_warning_us", R)],
    "chlorpromazine": [("dementia_mortality", R)],
    "clozapine": [("agranulocytosis", R), ("myocarditis", R), ("seizures", R),  # boxed warning (openFDA)
                  ("ileus", S),                                              # Numark, MIMS: secondary only
                  ("dementia_mortality", R), ("orthostatic_hypotension", R)],
    "flupentixol": [("neuroleptic_malignant_syndrome", R), ("qt_prolongation", R)],
    "haloperidol": [("qt_prolongation", R), ("dementia_mortality", R)],   # Swiss Fachinformation
    "iloperidone": [("qt_prolongation", S), ("dementia_mortality", R), ("stroke_in_dementia", S)],
    "lurasidone": [("neuroleptic_malignant_syndrome", R), ("agranulocytosis", R), ("seizures", R),
                   ("dementia_mortality", R), ("stroke_in_dementia", R), ("hyperglycaemia", R),
                   ("tardive_dyskinesia", R), ("orthostatic_hypotension", R), ("falls", R),
                   ("hyperprolactinaemia", R), ("suicidality_warning_us", R)],
    "olanzapine": [("dementia_mortality", R), ("post_injection_syndrome", R)],
    "paliperidone": [("neuroleptic_malignant_syndrome", R), ("agranulocytosis", R), ("qt_prolongation", R),
                     ("dementia_mortality", R), ("tardive_dyskinesia", R)],
    "quetiapine": [("neuroleptic_malignant_syndrome", R), ("agranulocytosis", R), ("dementia_mortality", R),
                   ("stroke_in_dementia", R), ("hyperglycaemia", R), ("tardive_dyskinesia", R),
                   ("cataracts", R), ("suicidality_warning_us", R)],
    "risperidone": [("neuroleptic_malignant_syndrome", R), ("dementia_mortality", R),
                    ("stroke_in_dementia", R),     # the US label's list beats the UK PI (secondary)
                    ("hyperglycaemia", R), ("tardive_dyskinesia", R), ("hyperprolactinaemia", R),
                    ("injection_site_reactions", P)],  # PPA 2019 Table 3 beats J&J (secondary)
    "sulpiride": [("neuroleptic_malignant_syndrome", R), ("qt_prolongation", R),
                  ("venous_thromboembolism", R), ("stroke_in_dementia", R)],
    "trifluoperazine": [("dementia_mortality", R), ("tardive_dyskinesia", S)],
    "ziprasidone": [("qt_prolongation", R), ("dementia_mortality", R)],   # IM label (openFDA)
    "zuclopenthixol": [("neuroleptic_malignant_syndrome", R), ("qt_prolongation", R),
                       ("venous_thromboembolism", R)],
}
# Frequencies and formulations of a few risks, from the best rows only.
EXPECTED_RISK_DETAILS = {
    # UK SmPC (mortality with and without monitoring), then the US label 5.1; the
    # boxed warning row gives none.
    ("clozapine", "agranulocytosis"): ("mortality from agranulocytosis 0.3% without a monitoring service "
                                       "vs 0.01% with CPMS; risk greatest during the first 18 weeks", None),
    # The boxed warning gives no frequency; "dose-related" is in secondary rows only.
    ("clozapine", "seizures"): (None, None),
    # US Relprevv label (regulatory, LAI); Lilly's frequencies are secondary.
    ("olanzapine", "post_injection_syndrome"): (None, "long_acting_injection"),
    ("paliperidone", "neuroleptic_malignant_syndrome"): (None, "long_acting_injection"),  # Xeplion SmPC
    ("paliperidone", "qt_prolongation"): (None, None),  # Xeplion (LAI) and the US label (all)
    ("paliperidone", "agranulocytosis"): ("very rare (<1/10,000) post-marketing", "long_acting_injection"),
    ("risperidone", "injection_site_reactions"): (
        "SC risperidone (RBP-7000) 52 wk: injection-site pain 12.8%, nodule 6.8%, induration 6.8%",
        "long_acting_injection"),
    ("amisulpride", "agranulocytosis"): ("rare; leukopenia/neutropenia uncommon", None),
}

# restrictions.csv by hand: (medicine, context, country, formulation, source).
# Clozapine UK: four regulatory rows (SmPC schedule, SmPC registration, leaflet,
# NICE); EU: the Slovak SmPC; DE: Leponex Fachinformation; US: the two REMS rows
# that say it ended (secondary; the older US rows are superseded). Olanzapine: the UK
# SmPC's maintenance indication; the 3-hour observation, US label (regulatory) and
# Lilly UK (secondary).
EXPECTED_RESTRICTIONS = [
    ("clozapine", "treatment_resistant", "UK", None, R),
    ("clozapine", "treatment_resistant", "EU", None, R),
    ("clozapine", "treatment_resistant", "DE", None, R),
    ("clozapine", "treatment_resistant", "US", None, S),
    ("olanzapine", "observation_available", "UK", "long_acting_injection", S),
    ("olanzapine", "observation_available", "US", "long_acting_injection", R),
    ("olanzapine", "stabilised_on_oral", "UK", "long_acting_injection", R),
]
# Facts each requirement must state, and the row text that states them.
EXPECTED_REQUIREMENT_FACTS = {
    ("clozapine", "UK"): ["monitoring service", "nominated pharmacist", "weekly for the first 18 weeks",
                          "every 2 weeks from week 18 to week 52", "every 4 weeks",
                          "at least 4 weeks after stopping"],
    ("clozapine", "EU"): ["3500/mm3", "2000/mm3", "weekly for the first 18 weeks", "every 4 weeks",
                          "4 weeks after stopping"],
    ("clozapine", "DE"): ["3500/mm3", "2000/mm3", "weekly for the first 18 weeks", "every 4 weeks"],
    ("clozapine", "US"): ["ended in 2025"],
    ("olanzapine", "UK"): ["at least 3 hours", "stable on olanzapine taken by mouth"],
    ("olanzapine", "US"): ["at least 3 hours", "registered healthcare facility"],
}

# licences.csv by hand, never the app's rows: (country, status, source) by country.
Y, N, M = "yes", "no", "not_marketed"
EXPECTED_LICENCE_DETAILS = {
    "amisulpride": [("DE", Y, R), ("UK", Y, R), ("US", N, R)],       # US: Barhemsys, an antiemetic
    "aripiprazole": [("EU", Y, R), ("UK", Y, R), ("US", Y, R)],
    "asenapine": [("EU", N, R), ("UK", N, R), ("US", Y, R)],         # Sycrest: bipolar mania only
    "brexpiprazole": [("EU", Y, R), ("UK", Y, R), ("US", Y, R)],
    "cariprazine": [("EU", Y, R), ("UK", Y, S), ("US", Y, S)],
    "chlorpromazine": [("DE", M, S), ("UK", Y, R), ("US", Y, R)],
    "clozapine": [("DE", Y, R), ("UK", Y, R), ("US", Y, S)],         # UK: the leaflet beats the PI
    "flupentixol": [("DE", Y, R), ("UK", Y, R), ("US", M, S)],
    "haloperidol": [("EU", Y, R), ("UK", Y, R), ("US", Y, S)],
    "iloperidone": [("EU", N, R), ("UK", M, R), ("US", Y, R)],       # EMA refusal, 15/01/2018
    "lurasidone": [("DE", M, S), ("EU", Y, R), ("UK", Y, R), ("US", Y, S)],
    "olanzapine": [("EU", Y, S), ("UK", Y, R), ("US", Y, R)],
    "paliperidone": [("EU", Y, R), ("UK", Y, R), ("US", Y, R)],
    "quetiapine": [("EU", Y, R), ("UK", Y, R), ("US", Y, R)],
    "risperidone": [("DE", Y, R), ("UK", Y, R), ("US", Y, R)],
    "sulpiride": [("DE", Y, R), ("UK", Y, R), ("US", M, S)],
    "trifluoperazine": [("DE", M, S), ("UK", Y, R), ("US", Y, S)],
    "ziprasidone": [("DE", Y, R), ("UK", M, S), ("US", Y, S)],       # NHS GGC: no UK licence
    "zuclopenthixol": [("DE", Y, R), ("UK", Y, R), ("US", M, S)],
}
EXPECTED_LICENCE_NOTES = {
    ("asenapine", "UK"): ("2023-04-25", "its licence covers bipolar mania only"),
    ("asenapine", "EU"): (None, "its licence covers bipolar mania only"),
    ("lurasidone", "DE"): ("2015-03-01", "licensed through the EU but taken off the German market in 2015"),
    ("iloperidone", "EU"): ("2018-01-15", "the European Medicines Agency refused its licence in 2018"),
}

# lai-formulations.csv by hand: (medicine, country, dosing interval, source); the two
# ALL rows and zuclopenthixol acetate (short-acting) give no product.
EXPECTED_PRODUCTS = [
    ("aripiprazole", "UK", "every 2 months (56 days)", R),
    ("aripiprazole", "EU", "monthly", R),
    ("flupentixol", "UK", "every 1-4 weeks (50 mg/4 weeks to 300 mg/2 weeks usual)", R),
    ("haloperidol", "EU", "every 4 weeks (dose 10-15x daily oral dose)", R),
    ("olanzapine", "US", "every 2 or 4 weeks", R),
    ("olanzapine", "UK", "every 2 or 4 weeks", R),
    ("paliperidone", "EU", "monthly after day 1 and day 8 loading doses", R),
    ("paliperidone", "EU", "every 3 months", R),
    ("paliperidone", "UK", "every 6 months", S),
    ("risperidone", "UK", "every 2 weeks", S),
    ("risperidone", "US", "monthly", P),
    ("zuclopenthixol", "DE", "long-term", R),
    ("zuclopenthixol", "UK", "every 1-4 weeks (200-500 mg)", S),
]


def shown_risks(formulary, med):
    """The risks a medicine shows, computed a second time from the rule of format 2:
    its own, then each class risk for a form it has that no own risk of the same id
    covers (an own risk covers it when it is for every form the class risk is for)."""
    own = med.get("serious_risks", [])
    shown = list(own)
    for risk in formulary.get("class_risks", []):
        form = risk.get("formulation")
        if form and form not in med["formulations"]:
            continue
        if any(r["id"] == risk["id"] and r.get("formulation") in (None, form) for r in own):
            continue
        shown.append(risk)
    return shown


def check_rule9(root, formulary):
    """Serious risks, restrictions, licences and products as worked out by hand."""
    meds = {med["id"]: med for med in formulary["medications"]}
    got = [(r["id"], r["source"], r.get("frequency"), r.get("formulation"))
           for r in formulary.get("class_risks", [])]
    expect(got == EXPECTED_CLASS_RISKS, "class risks %r, expected %r" % (got, EXPECTED_CLASS_RISKS))
    expect(sorted(EXPECTED_OWN_RISKS) == sorted(meds), "EXPECTED_OWN_RISKS does not cover the 19")
    for drug, expected in EXPECTED_OWN_RISKS.items():
        got = [(r["id"], r["source"]) for r in meds[drug].get("serious_risks", [])]
        expect(got == expected, "%s serious risks %r, expected %r" % (drug, got, expected))
    for (drug, rid), (frequency, formulation) in EXPECTED_RISK_DETAILS.items():
        risk = [r for r in meds[drug].get("serious_risks", []) if r["id"] == rid]
        expect(len(risk) == 1 and (risk[0].get("frequency"), risk[0].get("formulation")) ==
               (frequency, formulation), "%s %s: %r" % (drug, rid, risk))
    # NMS is on every card: the medicine's own or the class risk.
    for drug, med in meds.items():
        expect(any(r["id"] == "neuroleptic_malignant_syndrome" and "formulation" not in r
                   for r in shown_risks(formulary, med)), "%s shows no NMS for every form" % drug)
    entries = [entry for med in meds.values()
               for key in ("serious_risks", "restrictions", "licences", "products")
               for entry in med.get(key, [])] + formulary.get("class_risks", [])
    for entry in entries:
        expect(entry["source"] in RULE9_SOURCES and entry.get("document"),
               "an entry without a rule-9 source or document: %r" % entry)
    got = [(drug, r["context"], r.get("country"), r.get("formulation"), r["source"])
           for drug, med in sorted(meds.items()) for r in med.get("restrictions", [])]
    expect(got == EXPECTED_RESTRICTIONS, "restrictions %r, expected %r" % (got, EXPECTED_RESTRICTIONS))
    with open(os.path.join(root, "data", "sources", "restrictions.csv"), encoding="utf-8") as handle:
        restriction_text = handle.read()
    for (drug, country), facts in EXPECTED_REQUIREMENT_FACTS.items():
        words = " ".join(r["requirement"] for r in meds[drug].get("restrictions", [])
                         if r.get("country") == country)
        for fact in facts:
            expect(fact in words, "%s %s requirement lacks %r: %r" % (drug, country, fact, words))
    for number in ("18 weeks", "weeks 18 and 52", "4 weeks after discontinuation", "3500/mm3",
                   "at least 3 hours", "for 3 hours"):
        expect(number in restriction_text, "restrictions.csv does not say %r" % number)
    for drug, expected in EXPECTED_LICENCE_DETAILS.items():
        details = meds[drug].get("licences", [])
        got = [(d["country"], d["status"], d["source"]) for d in details]
        expect(got == expected, "%s licences %r, expected %r" % (drug, got, expected))
        expect(meds[drug]["licensed_in"] == [d["country"] for d in details if d["status"] == "yes"],
               "%s licensed_in is not the countries whose licence says yes" % drug)
    for (drug, country), (date, note) in EXPECTED_LICENCE_NOTES.items():
        detail = [d for d in meds[drug]["licences"] if d["country"] == country][0]
        expect((detail.get("date"), detail.get("note")) == (date, note),
               "%s %s licence %r" % (drug, country, detail))
    got = [(drug, p.get("country"), p.get("interval"), p["source"])
           for drug, med in sorted(meds.items()) for p in med.get("products", [])]
    expect(got == EXPECTED_PRODUCTS, "products %r, expected %r" % (got, EXPECTED_PRODUCTS))
    for drug, med in meds.items():
        for key in ("serious_risks", "restrictions", "products"):
            for entry in med.get(key, []):
                form = entry.get("formulation")
                expect(form is None or form in med["formulations"],
                       "%s %s names a formulation it does not list: %r" % (drug, key, entry))


def rule9_tables(formulary):
    """The rule-9 part of the README's tables."""
    meds = formulary["medications"]
    out = ["", "**Serious risks per medicine** (own: the medicine's entries; shown: with the class "
           "risks that apply; never scored):", "",
           "| medicine | own | shown | own risks (source: R regulatory, P peer-reviewed, S secondary) |",
           "|---|---|---|---|"]
    letter = {"regulatory-texts": "R", "peer-reviewed-papers": "P", "secondary-reports": "S"}
    for med in meds:
        own = med.get("serious_risks", [])
        out.append("| %s | %d | %d | %s |" % (med["id"], len(own), len(shown_risks(formulary, med)), ", ".join(
            "%s (%s%s)" % (r["id"], letter[r["source"]], ", injection" if r.get("formulation") else "")
            for r in own)))
    total_own = sum(len(med.get("serious_risks", [])) for med in meds)
    total_shown = sum(len(shown_risks(formulary, med)) for med in meds)
    out.append("| all | %d | %d | class risks: %s |" % (total_own, total_shown, ", ".join(
        "%s (%s%s)" % (r["id"], letter[r["source"]], ", injection" if r.get("formulation") else "")
        for r in formulary.get("class_risks", []))))
    restrictions = [(med["id"], r) for med in meds for r in med.get("restrictions", [])]
    out += ["", "**Restrictions** (%d):" % len(restrictions), "",
            "| medicine | context | country | formulation | source |", "|---|---|---|---|---|"]
    for drug, r in restrictions:
        out.append("| %s | %s | %s | %s | %s |" % (drug, r["context"], r.get("country", ""),
                                                   r.get("formulation", ""), r["source"]))
    out += ["", "**Licences for adult schizophrenia** (per code; medicines without a row for a "
            "code have no licence recorded there):", "",
            "| code | yes | no | not_marketed | recorded |", "|---|---|---|---|---|"]
    for country in ("DE", "EU", "UK", "US"):
        statuses = [d["status"] for med in meds for d in med.get("licences", []) if d["country"] == country]
        out.append("| %s | %d | %d | %d | %d |" % (country, statuses.count("yes"), statuses.count("no"),
                                                   statuses.count("not_marketed"), len(statuses)))
    products = sum(len(med.get("products", [])) for med in meds)
    out += ["", "**Products** (long-acting injections): %d, for %d medicines." % (
        products, sum(1 for med in meds if med.get("products")))]
    return out


# (d) synthesis: the rules of format 2, written a second time -------------------

RULES = ("consensus", "highest", "precedence")


def format1_cells(formulary):
    """A format-1 document's cells as format-2 cells: a rating becomes one reading."""
    marks = {0: "0", 1: "+", 2: "++", 3: "+++"}
    converted = {}
    for med in formulary["medications"]:
        for item, cell in med["ratings"].items():
            readings = []
            if cell["rating"] != "unknown":
                reading = {"source": cell["source"], "printed": marks[cell["rating"]],
                           "value": cell["rating"]}
                if "note" in cell:
                    reading["note"] = cell["note"]
                readings.append(reading)
            converted[(med["id"], item)] = {"readings": readings}
    return converted


def cells_of(formulary):
    """{(drug, item): cell} of a format-2 document."""
    return {(med["id"], item): cell for med in formulary["medications"]
            for item, cell in med["ratings"].items()}


def rating(cell, rule, sources):
    """A cell's rating under a synthesis rule; None = unknown.

    A deciding source's reading (its highest) is the rating under every rule;
    consensus: sorted values v_1..v_n, v_{floor(n/2)+1}; highest: the maximum;
    precedence: the first source in source order with a reading, its highest.
    """
    readings = cell["readings"]
    if not readings:
        return None
    order = [source["key"] for source in sources]
    for source in sources:
        if source.get("decides"):
            own = [reading["value"] for reading in readings if reading["source"] == source["key"]]
            if own:
                return max(own)
    values = sorted(reading["value"] for reading in readings)
    if rule == "consensus":
        return values[len(values) // 2]
    if rule == "highest":
        return values[-1]
    if rule == "precedence":
        first = min(order.index(reading["source"]) for reading in readings)
        return max(reading["value"] for reading in readings
                   if order.index(reading["source"]) == first)
    raise ValueError("unknown synthesis rule %r" % rule)


def spread(cell):
    """max(value) - min(low) over the readings; None for an unknown cell."""
    readings = cell["readings"]
    if not readings:
        return None
    return (max(reading["value"] for reading in readings)
            - min(reading.get("low", reading["value"]) for reading in readings))


def check_rule_cases():
    """The rules on made-up cells, worked by hand, so a wrong rule cannot pass by luck."""
    sources = [{"key": "a"}, {"key": "b", "decides": True}, {"key": "c"}, {"key": "d"}]

    def read(*triples):
        """A cell from (source, value, low) triples; low None = no range."""
        readings = []
        for key, value, low in triples:
            readings.append({"source": key, "value": value})
            if low is not None:
                readings[-1]["low"] = low
        return {"readings": readings}

    cases = [
        # [3, 0, 1, 1] sorted [0, 1, 1, 3]: v_3 = 1; highest 3; a first: 3; 3 - 0.
        (read(("a", 3, None), ("c", 0, None), ("d", 1, None), ("d", 1, None)), (1, 3, 3, 3)),
        # [0, 2] sorted: v_2 = 2 (the higher middle); c first: 0.
        (read(("c", 0, None), ("d", 2, None)), (2, 2, 0, 2)),
        # The deciding source b: its highest (1) under every rule.
        (read(("a", 3, None), ("b", 0, None), ("b", 1, None), ("c", 3, None)), (1, 1, 1, 3)),
        # d's two readings under precedence: the higher; low counts in the spread.
        (read(("d", 1, 0), ("d", 2, None)), (2, 2, 2, 2)),
        ({"readings": []}, (None, None, None, None)),
    ]
    for cell, expected in cases:
        got = tuple(rating(cell, rule, sources) for rule in RULES) + (spread(cell),)
        expect(got == expected, "rules on %r give %r, expected %r" % (cell, got, expected))


def check_synthesis(formulary):
    """The hand-worked ratings under each rule and the spread."""
    cells = cells_of(formulary)
    sources = formulary["sources"]
    for key, expected in EXPECTED_SYNTHESIS.items():
        cell = cells[key]
        got = tuple(rating(cell, rule, sources) for rule in RULES) + (spread(cell),)
        expect(got == expected, "%s/%s (consensus, highest, precedence, spread) = %r, expected %r"
               % (key + (got, expected)))


def first_source(cell, sources):
    """Key of the first source in source order with a reading in the cell; None if unknown."""
    keys = [reading["source"] for reading in cell["readings"]]
    return next((source["key"] for source in sources if source["key"] in keys), None)


def rating_2026_11(cell):
    """A format-1 cell's rating; None = unknown."""
    return None if cell["rating"] == "unknown" else cell["rating"]


def check_precedence_reproduces(formulary, formulary_2026_11):
    """Precedence over 2026.12 = every 2026.11 rating, except exactly Huhn's five cells."""
    new = cells_of(formulary)
    old = {(med["id"], item): cell for med in formulary_2026_11["medications"]
           for item, cell in med["ratings"].items()}
    expect(sorted(new) == sorted(old) and len(old) == 684, "the two versions' cells differ")
    sources = formulary["sources"]
    differ = sorted(key for key in old if key in new
                    and rating(new[key], "precedence", sources) != rating_2026_11(old[key]))
    expect(differ == sorted(HUHN_CELLS), "precedence differs from 2026.11 in %r, expected %r"
           % (differ, sorted(HUHN_CELLS)))
    for key in HUHN_CELLS:
        expect(old[key].get("source") == "huhn2019" and not new[key]["readings"]
               and new[key].get("evidence"),
               "%s/%s: not a Huhn cell in 2026.11 turned unknown with evidence" % key)
    # The source that gives the precedence rating is 2026.11's source.
    for key, cell in new.items():
        if key not in HUHN_CELLS:
            first = first_source(cell, formulary["sources"])
            expect(first == old[key].get("source"), "%s/%s: precedence source %s, 2026.11 source %s"
                   % (key + (first, old[key].get("source"))))
    # The format-1 reading of the fixture changes nothing: each rule gives its rating.
    one_source = [{"key": key} for key in SOURCE_KEYS]
    for key, cell in format1_cells(formulary_2026_11).items():
        for rule in RULES:
            expect(rating(cell, rule, one_source) == rating_2026_11(old[key]),
                   "format-1 cell %s/%s changes under %s" % (key + (rule,)))


# (e) the derived tables of data/README.md -----------------------------------------

TABLES_BEGIN = "<!-- begin: tables written by tests/data/check_data.py --tables -->"
TABLES_END = "<!-- end: tables written by tests/data/check_data.py --tables -->"
MARKS = {None: "unknown", 0: "0", 1: "+", 2: "++", 3: "+++"}


def show(value):
    """A rating as the card prints it."""
    return MARKS[value]


def changes(formulary, formulary_2026_11, rule):
    """[(drug, item, 2026.11 rating, 2026.12 rating)] of the cells that differ under a rule."""
    new = cells_of(formulary)
    result = []
    for med in formulary_2026_11["medications"]:
        for item, cell in med["ratings"].items():
            before = rating_2026_11(cell)
            after = rating(new[(med["id"], item)], rule, formulary["sources"])
            if before != after:
                result.append((med["id"], item, before, after))
    return result


def change_kind(before, after):
    """'unknown' when a known cell became unknown, else the signed difference."""
    return "unknown" if after is None or before is None else after - before


def by_medicine(entries, describe):
    """Markdown lines 'medicine: entry, entry' for entries (drug, ...), in drug order."""
    lines = []
    drugs = sorted({entry[0] for entry in entries})
    for drug in drugs:
        lines.append("- %s: %s" % (drug, ", ".join(describe(entry) for entry in entries
                                                     if entry[0] == drug)))
    return lines


CONSENSUS_VARIANTS = [
    ("the lower of the two middle values for an even number of readings", "lower_middle"),
    ("a range counted as its low end", "low_end"),
    ("one reading per source (its highest)", "per_source"),
]


def variant_consensus(cell, sources, variant):
    """consensus with one of its choices changed, to show what each choice does."""
    readings = cell["readings"]
    if not readings or any(source.get("decides") and reading["source"] == source["key"]
                           for source in sources for reading in readings):
        return rating(cell, "consensus", sources)
    if variant == "per_source":
        best = {}
        for reading in readings:
            best[reading["source"]] = max(best.get(reading["source"], 0), reading["value"])
        values = sorted(best.values())
    elif variant == "low_end":
        values = sorted(reading.get("low", reading["value"]) for reading in readings)
    else:
        values = sorted(reading["value"] for reading in readings)
    if variant == "lower_middle":
        return values[(len(values) - 1) // 2]
    return values[len(values) // 2]


def tables(formulary, formulary_2026_11):
    """The markdown block of data/README.md, computed from the data."""
    cells = cells_of(formulary)
    sources = formulary["sources"]
    out = [TABLES_BEGIN, ""]
    out += ["**Readings per source** (2026.12; a cell may hold several product-information "
            "readings):", "",
            "| source | reliability | readings | cells it reads | numeric evidence |",
            "|---|---|---|---|---|"]
    for source in sources:
        key = source["key"]
        readings = sum(1 for cell in cells.values() for reading in cell["readings"]
                       if reading["source"] == key)
        read_cells = sum(1 for cell in cells.values()
                         if any(reading["source"] == key for reading in cell["readings"]))
        evidence = sum(1 for cell in cells.values() for entry in cell.get("evidence", [])
                       if entry["source"] == key)
        out.append("| `%s` | %s | %d | %d | %d |" % (key, source["reliability"], readings,
                                                    read_cells, evidence))
    total = sum(len(cell["readings"]) for cell in cells.values())
    evidence_cells = sum(1 for cell in cells.values() if cell.get("evidence"))
    out.append("| all | | %d | %d | %d (on %d cells) |"
               % (total, sum(1 for cell in cells.values() if cell["readings"]),
                  sum(len(cell.get("evidence", [])) for cell in cells.values()), evidence_cells))
    out += ["", "**Readings per cell**:", "", "| readings | 0 | 1 | 2 | 3 | 4 | 5 or more |",
            "|---|---|---|---|---|---|---|"]
    counts = [sum(1 for cell in cells.values() if min(len(cell["readings"]), 5) == n)
              for n in range(6)]
    out.append("| cells | %s |" % " | ".join(str(n) for n in counts))
    out += ["", "**Ratings per synthesis rule** (all 684 cells; a cell is known under every "
            "rule or under none):", "",
            "| rule | 0 | + | ++ | +++ | known | unknown |", "|---|---|---|---|---|---|---|"]
    old_values = [rating_2026_11(cell) for med in formulary_2026_11["medications"]
                  for cell in med["ratings"].values()]
    rows = [("2026.11 (version 1)", old_values)]
    rows += [("`%s`" % rule, [rating(cell, rule, sources) for cell in cells.values()])
             for rule in RULES]
    for label, values in rows:
        known = sum(1 for value in values if value is not None)
        out.append("| %s | %s | %d | %d |" % (label, " | ".join(
            str(values.count(value)) for value in (0, 1, 2, 3)), known, len(values) - known))
    out += ["", "**Where the precedence rating comes from** (2026.12) and where the 2026.11 "
            "rating came from:", "", "| source | 2026.11 | 2026.12 `precedence` |", "|---|---|---|"]
    for key in [source["key"] for source in sources] + [None]:
        before = sum(1 for med in formulary_2026_11["medications"]
                     for cell in med["ratings"].values() if cell.get("source") == key)
        after = sum(1 for cell in cells.values() if first_source(cell, sources) == key)
        out.append("| %s | %d | %d |" % ("`%s`" % key if key else "unknown", before, after))
    out += ["", "**Cells that change between 2026.11 and 2026.12**, by rule (of 684):", "",
            "| rule | changed | up 1 | up 2 | up 3 | down 1 | down 2 or more | known → unknown |",
            "|---|---|---|---|---|---|---|---|"]
    for rule in RULES:
        changed = changes(formulary, formulary_2026_11, rule)
        kinds = [change_kind(before, after) for _, _, before, after in changed]
        out.append("| `%s` | %d | %d | %d | %d | %d | %d | %d |" % (
            rule, len(changed), kinds.count(1), kinds.count(2), kinds.count(3), kinds.count(-1),
            sum(1 for kind in kinds if kind != "unknown" and kind <= -2), kinds.count("unknown")))
    out += ["", "Of the `consensus` changes, how many would not happen with a variant of the rule "
            "(each variant alone):", "",
            "| variant | changes that would not happen |", "|---|---|"]
    for label, variant in CONSENSUS_VARIANTS:
        out.append("| %s | %d |" % (label, sum(
            1 for drug, item, before, _ in changes(formulary, formulary_2026_11, "consensus")
            if variant_consensus(cells[(drug, item)], sources, variant) == before)))
    describe = lambda entry: "%s %s → %s" % (entry[1], show(entry[2]), show(entry[3]))
    out += ["", "Every cell whose rating changes under `consensus` (the default):", ""]
    out += by_medicine(changes(formulary, formulary_2026_11, "consensus"), describe)
    out += ["", "Cells whose rating changes by 2 or more under `highest`:", ""]
    out += by_medicine([entry for entry in changes(formulary, formulary_2026_11, "highest")
                        if change_kind(entry[2], entry[3]) != "unknown"
                        and abs(entry[3] - entry[2]) >= 2], describe)
    out += ["", "**Spread** (highest reading minus lowest, a range counting its low end):", "",
            "| spread | 0 | 1 | 2 | 3 | unknown |", "|---|---|---|---|---|---|"]
    spreads = [spread(cell) for cell in cells.values()]
    out.append("| cells | %s | %d |" % (" | ".join(str(spreads.count(n)) for n in range(4)),
                                        spreads.count(None)))
    wide = [(drug, item, cell) for (drug, item), cell in cells.items()
            if (spread(cell) or 0) >= 2]
    out += ["", "The %d cells with a spread of 2 or more (shown to the person as disagreement):"
            % len(wide), ""]
    out += by_medicine(wide, lambda entry: "%s (%s)" % (entry[1], ", ".join(
        "%s %s" % (reading["source"], reading["printed"]) for reading in entry[2]["readings"])))
    out += rule9_tables(formulary)
    out += ["", TABLES_END]
    return "\n".join(out) + "\n"


def check_readme_tables(root, formulary, formulary_2026_11):
    """data/README.md carries the tables this script computes, unchanged."""
    path = os.path.join(root, "data", "README.md")
    with open(path, encoding="utf-8") as handle:
        readme = handle.read()
    start, end = readme.find(TABLES_BEGIN), readme.find(TABLES_END)
    if start < 0 or end < 0:
        fail("data/README.md: no derived tables between the markers")
        return
    committed = readme[start:end + len(TABLES_END)] + "\n"
    expect(committed == tables(formulary, formulary_2026_11),
           "data/README.md: the derived tables are stale; run tests/data/check_data.py --tables")


# (f) the schemas reject bad documents ---------------------------------------------

def mutated(document, change):
    """A deep copy of the document with one change applied."""
    copied = copy.deepcopy(document)
    change(copied)
    return copied


def check_schemas_reject(documents, schemas):
    """The schemas are strict: a few bad documents must fail validation."""
    cat, form, old = documents["catalogue"], documents["formulary"], documents["formulary-2026.11"]
    v2 = lambda change: ("formulary", mutated(form, change))
    v1 = lambda change: ("formulary", mutated(old, change))
    in_catalogue = lambda change: ("catalogue", mutated(cat, change))
    ratings = lambda doc: doc["medications"][0]["ratings"]
    cell = lambda doc: ratings(doc)["day_sleepiness"]
    reading = lambda doc: cell(doc)["readings"][0]
    evidence = lambda doc: cell(doc)["evidence"][0]
    source = lambda doc, index: doc["sources"][index]
    medication = lambda doc: doc["medications"][0]
    bad = {
        # format 2
        "reading value 4": v2(lambda d: reading(d).update(value=4)),
        "reading value -1": v2(lambda d: reading(d).update(value=-1)),
        "reading without printed": v2(lambda d: reading(d).pop("printed")),
        "reading with empty printed": v2(lambda d: reading(d).update(printed="")),
        "reading without source": v2(lambda d: reading(d).pop("source")),
        "low equal to value": v2(lambda d: reading(d).update(value=2, low=2)),
        "low above value": v2(lambda d: reading(d).update(value=1, low=3)),
        "low on value 0": v2(lambda d: reading(d).update(value=0, low=0)),
        "unknown key in a reading": v2(lambda d: reading(d).update(rating=1)),
        "cell without readings": v2(lambda d: cell(d).pop("readings")),
        "format-1 rating in a format-2 cell": v2(lambda d: ratings(d).update(
            day_sleepiness={"rating": 1, "source": "maudsley"})),
        "unknown key in a cell": v2(lambda d: cell(d).update(note="x")),
        "risk ratio with a unit": v2(lambda d: evidence(d).update(unit="kg")),
        "risk ratio of 0": v2(lambda d: evidence(d).update(value=0)),
        "evidence value a string": v2(lambda d: evidence(d).update(value="2")),
        "mean difference without a unit": v2(
            lambda d: ratings(d)["weight_gain"]["evidence"][0].pop("unit")),
        "confidence 'medium'": v2(lambda d: evidence(d).update(confidence="medium")),
        "versus haloperidol": v2(lambda d: evidence(d).update(versus="haloperidol")),
        "evidence kind 'odds_ratio'": v2(lambda d: evidence(d).update(kind="odds_ratio")),
        "evidence without confidence": v2(lambda d: evidence(d).pop("confidence")),
        "source without reliability": v2(lambda d: source(d, 1).pop("reliability")),
        "reliability 'unknown' in a file": v2(lambda d: source(d, 1).update(reliability="unknown")),
        "decides 'yes'": v2(lambda d: source(d, 0).update(decides="yes")),
        "unknown key in a source": v2(lambda d: source(d, 0).update(rank=1)),
        "format_version 3": v2(lambda d: d.update(format_version=3)),
        "medication without id": v2(lambda d: medication(d).pop("id")),
        "unknown top-level key": v2(lambda d: d.update(colour="red")),
        "bad ATC": v2(lambda d: medication(d).update(atc="N5A")),
        "bad country": v2(lambda d: medication(d).update(licensed_in=["usa"])),
        "unknown risk id": v2(lambda d: medication(d)["serious_risks"][0].update(id="agranulocytosys")),
        "risk without words": v2(lambda d: medication(d)["serious_risks"][0].pop("words")),
        "risk with blank words": v2(lambda d: medication(d)["serious_risks"][0].update(words=" ")),
        "risk of an unknown formulation": v2(
            lambda d: d["class_risks"][0].update(formulation="injection")),
        "unknown key in a risk": v2(lambda d: d["class_risks"][0].update(severity=3)),
        "unknown context": v2(lambda d: d["medications"][6]["restrictions"][0].update(
            context="treatment_resistent")),
        "restriction without requirement": v2(
            lambda d: d["medications"][6]["restrictions"][0].pop("requirement")),
        "licence status 'maybe'": v2(lambda d: medication(d)["licences"][0].update(status="maybe")),
        "licence country 'usa'": v2(lambda d: medication(d)["licences"][0].update(country="usa")),
        "licence date 2023-13": v2(lambda d: medication(d)["licences"][0].update(date="2023-13")),
        "licence date 25 Apr 2023": v2(lambda d: medication(d)["licences"][0].update(date="25 Apr 2023")),
        "product without name": v2(lambda d: d["medications"][1]["products"][0].pop("name")),
        # format 1 (the 2026.11 fixture)
        "v1: rating 4": v1(lambda d: cell(d).update(rating=4)),
        "v1: rating -1": v1(lambda d: cell(d).update(rating=-1)),
        "v1: known rating without source": v1(lambda d: cell(d).pop("source")),
        "v1: unknown rating with a source": v1(lambda d: cell(d).update(rating="unknown")),
        "v1: unknown key in a rating": v1(lambda d: cell(d).update(confidence="low")),
        "v1: format-2 cell in a format-1 file": v1(
            lambda d: ratings(d).update(day_sleepiness={"readings": []})),
        "v1: reliability on a format-1 source": v1(
            lambda d: source(d, 0).update(reliability="secondary")),
        "v1: class risks in a format-1 file": v1(lambda d: d.update(class_risks=[])),
        "v1: serious risks in a format-1 file": v1(lambda d: medication(d).update(serious_risks=[])),
        # catalogue
        "catalogue: item without id": in_catalogue(lambda d: d["items"][0].pop("id")),
        "catalogue: unknown key in an item": in_catalogue(lambda d: d["items"][0].update(severity=2)),
        "catalogue: bad id characters": in_catalogue(
            lambda d: d["items"][0].update(id="day sleepiness")),
        "catalogue: wrong format": in_catalogue(lambda d: d.update(format="sdm-formulary")),
    }
    for label, (name, document) in bad.items():
        expect(not schemas[name].is_valid(document), "schema accepted a bad document (%s)" % label)
    good = {
        "format 2 with a range": mutated(form, lambda d: reading(d).update(value=3, low=0)),
        "format 2 unknown cell with evidence": mutated(form, lambda d: cell(d).update(readings=[])),
        "format 2 unstated reliability (a format-1 source written as format 2)": mutated(
            form, lambda d: source(d, 1).update(reliability="unstated")),
        "format 2 source and evidence labels": mutated(form, lambda d: (
            source(d, 1).update(label="Maudsley"), evidence(d).update(label="sleepiness"))),
        "format 2 local_review source": mutated(
            form, lambda d: source(d, 1).update(reliability="local_review")),
        "format 2 mean difference": mutated(form, lambda d: evidence(d).update(
            kind="mean_difference", unit="ms", value=-1.5)),
    }
    for label, document in good.items():
        expect(schemas["formulary"].is_valid(document), "schema rejected a good document (%s)" % label)


def main(argv):
    """Run all checks (exit 1 if any failed), or print the README tables with --tables."""
    args = argv[1:]
    print_tables = "--tables" in args
    args = [arg for arg in args if arg != "--tables"]
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(args[0] if args else os.path.join(here, "..", ".."))
    paths = {
        "catalogue": os.path.join(root, "data", "catalogue.json"),
        "formulary": os.path.join(root, "data", "formulary.json"),
        "formulary-2026.11": os.path.join(root, "tests", "data", "formulary-2026.11.json"),
    }
    documents = {name: load_json(path) for name, path in paths.items()}
    if print_tables:
        if None in documents.values():
            return 1
        sys.stdout.write(tables(documents["formulary"], documents["formulary-2026.11"]))
        return 0
    check_derivation(root)
    check_parser(load_derive(root))
    check_rule_cases()
    schema_docs = {name: load_json(os.path.join(root, "data", "schema", name + ".schema.json"))
                   for name in ("catalogue", "formulary")}
    if None in documents.values() or None in schema_docs.values():
        return 1
    try:
        schemas = {name: validator_for(doc) for name, doc in schema_docs.items()}
    except ImportError:
        fail("python3-jsonschema is not installed")
        return 1
    except Exception as error:  # jsonschema.SchemaError: the schema itself is broken
        fail("invalid schema: %s" % error)
        return 1
    check_schemas(documents, schemas)
    formulary, old = documents["formulary"], documents["formulary-2026.11"]
    check_catalogue(root, documents["catalogue"])
    check_medications(documents["catalogue"], formulary)
    check_sources(formulary)
    check_cells(documents["catalogue"], formulary)
    check_readings(formulary)
    check_efficacy(formulary)
    check_fixture(old)
    check_synthesis(formulary)
    check_precedence_reproduces(formulary, old)
    check_licences_and_formulations(formulary)
    check_rule9(root, formulary)
    check_readme_tables(root, formulary, old)
    check_schemas_reject(documents, schemas)
    if FAILURES:
        print("%d check(s) failed" % len(FAILURES))
        return 1
    print("data checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
