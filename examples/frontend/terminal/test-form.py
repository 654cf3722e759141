#!/usr/bin/python3
"""libsdm terminal front end test: scripted sessions of sdm-form.

Usage: test-form.py SDM_FORM

The form's numbers are read from the program's own listing (sdm-form
--list), so the script names side effects by their words. The main
session is the quick start's person, with invalid answers on the way that
must be explained and re-asked; the first medicine must be Cariprazine,
the cards of the first three must follow, and no line may be wider than
80 columns.
SPDX-License-Identifier: MIT
"""
import re
import subprocess
import sys

WIDTH = 80


def run(program, answers):
    proc = subprocess.run([program], input="".join(a + "\n" for a in answers), capture_output=True,
                          text=True, timeout=60)
    if proc.returncode != 0:
        sys.exit("FAIL: sdm-form exited with %d:\n%s%s" % (proc.returncode, proc.stdout, proc.stderr))
    return proc.stdout


def numbers_of(program):
    """{label: number} from the numbered list of side effects (sdm-form --list)."""
    listing = subprocess.run([program, "--list"], capture_output=True, text=True, timeout=60).stdout
    return {m.group(2): m.group(1) for m in re.finditer(r"^ +(\d+) (.+)$", listing, re.M)}


class Session:
    def __init__(self, name, out):
        self.name, self.out, self.failures = name, out, []

    def expect(self, text, why):
        if text not in self.out:
            self.failures.append("%s: %s: %r not in the output" % (self.name, why, text))

    def expect_count(self, text, count, why):
        if self.out.count(text) != count:
            self.failures.append("%s: %s: %r %d times, not %d" % (self.name, why, text, self.out.count(text), count))

    def expect_width(self):
        for n, line in enumerate(self.out.splitlines(), 1):
            if len(line) > WIDTH:
                self.failures.append("%s: line %d has %d columns: %r" % (self.name, n, len(line), line))

    def expect_first(self, name):
        first = re.search(r"^ 1\. (\S+) \(score", self.out, re.M)
        got = first.group(1) if first else None
        if got != name:
            self.failures.append("%s: the first medicine is %s, not %s" % (self.name, got, name))


def main_session(program, n):
    answers = [
        "abc", "40",                       # not a number, out of range: re-asked
        n["Weight gain"], n["Weight gain"],  # chosen twice: re-asked
        n["Difficulty staying awake during the day"], n["Stiff muscles"], n["Less sex drive"],
        n["Dry mouth"],                    # the fifth ends the step
        "0", n["Weight gain"],             # out of range; avoided and helpful at once
        n["Sleepy in the evening or at night"], n["Sleepy in the evening or at night"], "",
        "x", "9", "1",                     # who: not a number, out of range, then "I did"
        "many", "",                        # cards: invalid, then the default (first three)
    ]
    s = Session("main", run(program, answers))
    s.expect("'abc' is not a number. Type a number from 1 to 36.", "not a number")
    s.expect("There is no side effect 40 on the form. Type a number from 1 to 36.", "out of range")
    s.expect("There is no side effect 0 on the form.", "out of range (helpful)")
    s.expect("'Weight gain' is already ranked 1. Choose another one", "chosen twice")
    s.expect("'Weight gain' is ranked 1 to avoid, so it cannot also be helpful", "avoided and helpful")
    s.expect("'Sleepy in the evening or at night' is already ticked as helpful", "ticked twice")
    s.expect("That is not a number. Type 1, 2 or 3.", "who: not a number")
    s.expect_count("  5th: Dry mouth", 1, "the fifth choice")
    s.expect_count("1st, the one you most want to avoid: ", 3, "rank 1 asked until answered")
    s.expect_count("Type 1, 2 or 3 (or press Enter to leave it out): ", 3, "who asked until answered")
    s.expect_count("Type 1, 2 or 3 (Enter = 1): ", 2, "cards asked until answered")
    s.expect_first("Cariprazine")
    # data 2026.12, ROC weights .4567 .2567 .1567 .0900 .0400, helpful .0400:
    # Sulpiride + 0 + ? 0, helpful 0: .4567/3 + .1567/3 + .09 * .5 = .2494
    s.expect(" 2. Sulpiride (score 0.249)", "the second medicine")
    s.expect("Weight gain + [your rank 1]", "the card marks the person's rank 1")
    s.expect("[helpful for you]", "the card marks the helpful one")
    s.expect_count("\nCariprazine (N05AX15)\n", 1, "the first card")
    s.expect_count("\nAripiprazole (N05AX12)\n", 1, "the third card")
    s.expect_count("\nAmisulpride (", 0, "no fourth card")
    s.expect_width()
    return s


def all_cards_session(program, n):
    """Helpful only, a carer, and every card."""
    out = run(program, ["", n["Weight loss"], "", "2", "2"])
    s = Session("all-cards", out)
    ranked = re.findall(r"^ ?\d+\. (\S+) \(score", out, re.M)
    s.expect("  helpful: Weight loss", "the helpful tick")
    # 19 medicines, clozapine left out by its restriction, with the reason
    if len(ranked) != 18:
        s.failures.append("all-cards: %d medicines ranked, not 18" % len(ranked))
    s.expect("Not in the list:\n    Clozapine: only where schizophrenia has not responded to two other",
             "clozapine left out with its reason")
    s.expect_count("\n" + "-" * WIDTH + "\n", len(ranked), "a card per medicine")
    s.expect_width()
    return s


def empty_session(program):
    """No answers at all (end of input at once): every question takes its default."""
    s = Session("empty", run(program, []))
    s.expect("You did not choose any side effects, so every medicine comes out the same.", "empty form")
    s.expect_count("\n" + "-" * WIDTH + "\n", 3, "the first three cards by default")
    s.expect_width()
    return s


def main():
    program = sys.argv[1]
    n = numbers_of(program)
    if len(n) != 36:
        sys.exit("FAIL: %d side effects listed, not 36" % len(n))
    failures = []
    for s in (main_session(program, n), all_cards_session(program, n), empty_session(program)):
        failures += s.failures
        print("session %s: %d failures" % (s.name, len(s.failures)))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
