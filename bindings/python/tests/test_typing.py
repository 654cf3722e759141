# libsdm - the type hints (issue 17): with py.typed, Debian's mypy checks a small typed program against the
# package's public API, and finds the mistakes an editor should show.
# SPDX-License-Identifier: MIT
import os
import pathlib
import subprocess
import sys

import pytest

import libsdm

GOOD = '''
from typing import List, Optional, Tuple

import libsdm

catalogue: libsdm.Catalogue = libsdm.Catalogue.default()
formulary: libsdm.Formulary = libsdm.Formulary.default(catalogue)
ranking = libsdm.Ranking(catalogue, avoid=["weight_gain", "day_sleepiness"], helpful=["night_sleepiness"])
match: libsdm.Match = formulary.match(ranking, scheme="equal", exclude={"olanzapine": "weight gain"})
first: libsdm.Entry = match[0]
top: List[libsdm.Entry] = match[:3]
score: float = first.score
rank: int = first.rank
reason: str = first.explanation.reason
rating: Optional[int] = first.explanation.terms[0].rating
card: libsdm.Card = formulary["cariprazine"].card(ranking)
text: str = card
ratings: Optional[int] = formulary["cariprazine"].ratings["weight_gain"]
who: Optional[str] = ranking.completed_by
frame = match.to_pandas()
libsdm.to_csv(frame, "match.csv")
readings: Tuple[libsdm.Reading, ...] = formulary["cariprazine"].readings("stiff_muscles")
spread: Optional[int] = formulary["cariprazine"].spread("stiff_muscles")
words: List[str] = [e.words for e in formulary["lurasidone"].evidence("restlessness")]
risks: List[str] = [r.name for r in formulary["clozapine"].serious_risks]
highest: libsdm.Match = formulary.match(ranking, synthesis="highest")
batch: libsdm.BatchResult = formulary.match_many([[6, 0]], top=19, helpful=[2], synthesis="precedence")
firsts = batch.first_places()
record = libsdm.Record(match.record("2026-12-06"))
rerun: libsdm.Rerun = record.rerun(formulary)
summary: str = rerun.changes["summary"]
person = libsdm.Ranking(catalogue, avoid=["weight_gain"], carer_involved=True,
                        history=[libsdm.HistoryEntry("olanzapine", "stopped", "weight", ("weight_gain",))])
decided: libsdm.Match = formulary.match(person, contexts=["treatment_resistant"], revisit="2027-03-01")
context: libsdm.DecisionContext = decided.context
tried: Optional[libsdm.HistoryEntry] = decided[0].history
personal: bool = decided[0].explanation.terms[0].personal
feedback = libsdm.Feedback("sdm_q9", [5, 4, 3, 5, 5, 2, 4, 5, 3])
shared: float = feedback.score
later = libsdm.Record(decided.record("2027-03-01", feedback=feedback))
changed: str = record.compare(later)["summary"]
again: Optional[libsdm.Feedback] = later.feedback
print(score, rank, reason, rating, text[:10], ratings, who, len(top), libsdm.__version__, readings, spread, words,
      risks, highest, firsts, summary, batch.tied_first, context, tried, personal, shared, changed, again)
'''

BAD = '''
import libsdm

catalogue = libsdm.Catalogue.default()
ranking = libsdm.Ranking(catalogue, avoid=["weight_gain"])
ranking.max_rank = "5"
score: str = libsdm.Formulary.default(catalogue).match(ranking)[0].score
'''


def mypy(tmp_path, name, code):
    source = tmp_path / name
    source.write_text(code, encoding="utf-8")
    package_dir = str(pathlib.Path(libsdm.__file__).parents[1])
    env = dict(os.environ, MYPYPATH=package_dir, MYPY_CACHE_DIR=str(tmp_path / "cache"))
    # --follow-imports=silent: the program is checked against the package's hints, not the package itself.
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                           "--no-error-summary", str(source)],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)


@pytest.fixture(scope="module", autouse=True)
def needs_mypy():
    if subprocess.run([sys.executable, "-m", "mypy", "--version"], capture_output=True).returncode != 0:
        pytest.skip("Debian's mypy is not installed (scripts/deps.sh)")


def test_the_package_is_typed():
    assert (pathlib.Path(libsdm.__file__).parent / "py.typed").is_file()


def test_a_typed_program_passes_mypy_strict(tmp_path):
    result = mypy(tmp_path, "good.py", GOOD)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_the_mistakes(tmp_path):
    result = mypy(tmp_path, "bad.py", BAD)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'bad.py:6: error: Incompatible types in assignment (expression has type "str", variable has type "int")  '
        "[assignment]",
        'bad.py:7: error: Incompatible types in assignment (expression has type "float", variable has type "str")  '
        "[assignment]",
    ]
