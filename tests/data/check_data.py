#!/usr/bin/python3
"""Check libsdm's default data: derivation, schemas and hand-checked facts.

Usage: check_data.py [REPO_ROOT]   (default: two levels up from this file)
Exit status 0 if every check passes, 1 otherwise; each failure is printed.

The expected values below were worked out by hand from the tables in
data/sources/ and the rules in data/README.md, not copied from the script's
output: a mistake in data/derive.py must show up here as a difference.
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


# (a) ---------------------------------------------------------------------------

def check_derivation(root):
    """The committed data equals what data/derive.py derives from data/sources/."""
    script = os.path.join(root, "data", "derive.py")
    result = subprocess.run([sys.executable, script, "--check"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        fail("data/derive.py --check exited %d:\n%s%s"
             % (result.returncode, result.stdout, result.stderr))


def check_parser(root):
    """Cell parsing rules of EVIDENCE.md rule 2 and the brief, case by case."""
    sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
    spec = importlib.util.spec_from_file_location("derive", os.path.join(root, "data", "derive.py"))
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    cases = {"–": 0, "0": 0, "+": 1, "++": 2, "+++": 3, "0/+": 1, "+/++": 2,
             "++²": 2, "++◊": 2, "Oral: ++ IV: +++": 3,
             "*": None, "?": None, "": None, "nan": None}
    for cell, expected in cases.items():
        got = derive.parse_cell(cell)[0]
        expect(got == expected, "parse_cell(%r) = %r, expected %r" % (cell, got, expected))
    for name, expected in {"Lurasidone*": "lurasidone", "Brexpiprazole¶": "brexpiprazole",
                           "ClozapineΔ": "clozapine"}.items():
        expect(derive.drug_key(name) == expected, "drug_key(%r) != %r" % (name, expected))


# (b) ---------------------------------------------------------------------------

def validator_for(schema):
    """A draft 2020-12 validator, after checking the schema itself is valid."""
    import jsonschema
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_schemas(documents, schemas):
    """Both data files validate against their schemas."""
    for name in ("catalogue", "formulary"):
        errors = sorted(schemas[name].iter_errors(documents[name]), key=str)
        for error in errors[:10]:
            fail("data/%s.json: %s at %s" % (name, error.message, list(error.absolute_path)))


# (c) ---------------------------------------------------------------------------

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

# (drug, item): (rating, source), each worked out from the source tables.
EXPECTED_RATINGS = {
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
    # Huhn 2019 risk ratios, last before unknown.
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

LICENCES = {
    "brexpiprazole": ["DE", "US"], "iloperidone": ["US"], "chlorpromazine": ["UK", "US"],
    "flupentixol": ["DE", "UK"], "zuclopenthixol": ["DE", "UK"], "amisulpride": ["DE", "UK"],
    "aripiprazole": ["DE", "UK", "US"], "clozapine": ["DE", "UK", "US"],
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

SOURCE_KEYS = ["card", "maudsley", "s3", "uptodate", "product-information", "huhn2019"]


def read_tsv_items(root):
    """(id, label, group) of the TSV rows, read independently of derive.py."""
    path = os.path.join(root, "data", "sources", "side-effect-items.tsv")
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    index = {name: header.index(name) for name in ("id", "label", "group")}
    return [(row[index["id"]], row[index["label"]], row[index["group"]]) for row in rows]


def check_catalogue(root, catalogue):
    """36 items in the TSV's order with its ids, labels and groups; the 8 groups."""
    items = catalogue["items"]
    expect(len(items) == 36, "catalogue has %d items, expected 36" % len(items))
    got = [(item["id"], item["label"], item["group"]) for item in items]
    expect(got == read_tsv_items(root), "catalogue items differ from the TSV's ids/labels/groups")
    expect(items[0]["id"] == "day_sleepiness" and items[-1]["id"] == "heart_problems",
           "first/last items are not day_sleepiness/heart_problems")
    groups = [(group["id"], group["label"]) for group in catalogue["groups"]]
    expect(groups == GROUPS, "catalogue groups %r differ from %r" % (groups, GROUPS))
    group_ids = {group_id for group_id, _ in GROUPS}
    expect(all(item["group"] in group_ids for item in items), "an item names an unlisted group")
    helpful = [item["id"] for item in items if item.get("commonly_helpful")]
    expect(helpful == ["night_sleepiness", "weight_loss"],
           "commonly_helpful items are %r" % helpful)
    expect(catalogue["id"] == "manchester-36" and catalogue["version"] == "2026.11",
           "catalogue id/version")


def check_medications(catalogue, formulary):
    """19 medications sorted by id, ATC codes, sorted arrays, every item rated."""
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
    expect(formulary["version"] == "2026.11", "formulary version")
    expect("A Trust must load its own reviewed formulary" in formulary.get("notice", ""),
           "formulary notice missing")


def check_ratings(formulary):
    """The hand-worked cells, weight loss unknown everywhere, sources all cited."""
    meds = {med["id"]: med for med in formulary["medications"]}
    for (drug, item), (rating, source) in EXPECTED_RATINGS.items():
        cell = meds[drug]["ratings"][item]
        expect(cell.get("rating") == rating and cell.get("source") == source,
               "%s/%s is %r, expected rating %r source %r" % (drug, item, cell, rating, source))
    for drug, med in meds.items():
        cell = med["ratings"]["weight_loss"]
        expect(cell["rating"] == "unknown" and "source" not in cell,
               "%s/weight_loss is %r, expected unknown" % (drug, cell))
    keys = [source["key"] for source in formulary["sources"]]
    expect(keys == SOURCE_KEYS, "sources are %r, expected %r" % (keys, SOURCE_KEYS))
    for drug, med in meds.items():
        for item, cell in med["ratings"].items():
            if cell["rating"] == "unknown":
                expect("source" not in cell, "%s/%s: unknown rating has a source" % (drug, item))
            else:
                expect(cell.get("source") in keys, "%s/%s: source %r not listed"
                       % (drug, item, cell.get("source")))
                expect(bool(cell.get("note")), "%s/%s: derived rating without note" % (drug, item))
    card = [(drug, item) for drug, med in meds.items()
            for item, cell in med["ratings"].items() if cell.get("source") == "card"]
    expect(sorted(card) == [("aripiprazole", "feeling_sick"), ("aripiprazole", "poor_sleep"),
                            ("aripiprazole", "restlessness")], "card cells are %r" % card)


def check_licences_and_formulations(formulary):
    """Licences from Huhn's DE/UK/US columns; formulations as EVIDENCE.md confirms."""
    meds = {med["id"]: med for med in formulary["medications"]}
    for drug, expected in LICENCES.items():
        expect(meds[drug]["licensed_in"] == expected,
               "%s licensed_in %r, expected %r" % (drug, meds[drug]["licensed_in"], expected))
    for drug, expected in FORMULATIONS.items():
        expect(meds[drug]["formulations"] == expected,
               "%s formulations %r, expected %r" % (drug, meds[drug]["formulations"], expected))


# (d) ---------------------------------------------------------------------------

def mutated(document, change):
    """A deep copy of the document with one change applied."""
    copied = copy.deepcopy(document)
    change(copied)
    return copied


def check_schemas_reject(documents, schemas):
    """The schemas are strict: a few bad documents must fail validation."""
    cat, form = documents["catalogue"], documents["formulary"]
    first = lambda doc: doc["medications"][0]["ratings"]["day_sleepiness"]
    bad = {
        "formulary: rating 4": (
            "formulary", mutated(form, lambda d: first(d).update(rating=4))),
        "formulary: rating -1": (
            "formulary", mutated(form, lambda d: first(d).update(rating=-1))),
        "formulary: known rating without source": (
            "formulary", mutated(form, lambda d: first(d).pop("source"))),
        "formulary: unknown rating with a source": (
            "formulary", mutated(form, lambda d: first(d).update(rating="unknown"))),
        "formulary: medication without id": (
            "formulary", mutated(form, lambda d: d["medications"][0].pop("id"))),
        "formulary: unknown top-level key": (
            "formulary", mutated(form, lambda d: d.update(colour="red"))),
        "formulary: unknown key in a rating": (
            "formulary", mutated(form, lambda d: first(d).update(confidence="low"))),
        "formulary: bad ATC": (
            "formulary", mutated(form, lambda d: d["medications"][0].update(atc="N5A"))),
        "formulary: bad country": (
            "formulary", mutated(form, lambda d: d["medications"][0].update(licensed_in=["usa"]))),
        "catalogue: item without id": (
            "catalogue", mutated(cat, lambda d: d["items"][0].pop("id"))),
        "catalogue: unknown key in an item": (
            "catalogue", mutated(cat, lambda d: d["items"][0].update(severity=2))),
        "catalogue: bad id characters": (
            "catalogue", mutated(cat, lambda d: d["items"][0].update(id="day sleepiness"))),
        "catalogue: wrong format": (
            "catalogue", mutated(cat, lambda d: d.update(format="sdm-formulary"))),
    }
    for label, (name, document) in bad.items():
        expect(not schemas[name].is_valid(document), "schema accepted a bad document (%s)" % label)


def main(argv):
    """Run all checks; exit 1 if any failed."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(here, "..", ".."))
    check_derivation(root)
    check_parser(root)
    documents = {name: load_json(os.path.join(root, "data", name + ".json"))
                 for name in ("catalogue", "formulary")}
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
    check_catalogue(root, documents["catalogue"])
    check_medications(documents["catalogue"], documents["formulary"])
    check_ratings(documents["formulary"])
    check_licences_and_formulations(documents["formulary"])
    check_schemas_reject(documents, schemas)
    if FAILURES:
        print("%d check(s) failed" % len(FAILURES))
        return 1
    print("data checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
