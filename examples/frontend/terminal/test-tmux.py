#!/usr/bin/python3
"""libsdm terminal front end in a real terminal of 80 x 24 (tmux), as a person types (issue 18).

Usage: test-tmux.py SDM_FORM SCREEN_DIR

Runs sdm-form in a detached tmux session of 80 columns and 24 lines (its
own server socket, ended at the end), types with send-keys and reads the
screen with capture-pane. At every question of steps 1 and 2 the part of
the list shown must be on the screen whole, with the question: the list is
never scrolled away. It checks:
- "m" shows the next part of the list (and after the last, the first);
- "b" takes back the last side effect chosen; at the start of step 2 it
  goes back to step 1 and takes back the fifth choice; in step 3 it goes
  back to step 2;
- what is chosen so far is shown with the question; a wrong answer is
  explained without pushing the list off the screen;
- the result after all that is the quick start's: Cariprazine first.
The screens are saved as text in SCREEN_DIR (tmux-*.txt) to be read.
SPDX-License-Identifier: MIT
"""
import os
import re
import shutil
import subprocess
import sys
import time

COLUMNS, LINES = 80, 24
TIMEOUT = 15
FAILURES = []


def expect(cond, what):
    if not cond:
        FAILURES.append(what)
    return cond


class Terminal:
    def __init__(self, program, shots):
        self.socket = "sdm-form-test-%d" % os.getpid()
        self.shots, self.count = shots, 0
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "form", "-x", str(COLUMNS), "-y", str(LINES),
                  "env", "TERM=xterm", program)
        self.tmux("set-option", "-t", "form", "remain-on-exit", "on")

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.socket] + list(args), capture_output=True, text=True,
                              timeout=30).stdout

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "form").split("\n")[:LINES]

    def history(self):
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "form")

    def type(self, text):
        if text:
            self.tmux("send-keys", "-t", "form", "-l", text)
        self.tmux("send-keys", "-t", "form", "Enter")

    def wait_prompt(self, prompt, after=None):
        """Waits until the last line written is `prompt` (and `after` is on the screen); returns the screen."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            screen = self.screen()
            written = [line for line in screen if line.strip()]
            if written and written[-1].rstrip() == prompt.rstrip() and (
                    after is None or any(after in line for line in screen)):
                self.save(screen)
                return screen
            if time.monotonic() > deadline:
                self.save(screen)
                FAILURES.append("waited for %r (after %r); the screen:\n%s" % (prompt, after, "\n".join(screen)))
                raise TimeoutError(prompt)
            time.sleep(0.05)

    def save(self, screen):
        self.count += 1
        with open(os.path.join(self.shots, "tmux-%02d.txt" % self.count), "w") as fh:
            fh.write("\n".join(screen) + "\n")


def list_whole(screen, where):
    """The part of the list shown must be on the screen whole, with the question. Returns its part number."""
    text = "\n".join(screen)
    head = re.search(r"Side effects (\d+) to (\d+) of 36 \(part (\d) of (\d)", text)
    if not expect(head, "%s: no part of the list on the screen:\n%s" % (where, text)):
        return None
    low, high = int(head.group(1)), int(head.group(2))
    shown = [int(n) for n in re.findall(r"^ {2,3}(\d{1,2}) \S", text[head.end():], re.M)]
    expect(shown == list(range(low, high + 1)), "%s: the list's part %d to %d is not whole on the screen: %s"
           % (where, low, high, shown))
    return int(head.group(3))


def numbers(program):
    listing = subprocess.run([program, "--list"], capture_output=True, text=True, timeout=30).stdout
    return {m.group(2): m.group(1) for m in re.finditer(r"^ +(\d+) (.+)$", listing, re.M)}


def session(term, n):
    first = "1st, the one you most want to avoid:"
    screen = term.wait_prompt(first)
    expect(list_whole(screen, "the first question") == 1, "the first question does not show part 1")
    # m: the next part, whole, and the question again; after the last part, the first again.
    for part in (2, 3, 4, 1):
        term.type("m")
        screen = term.wait_prompt(first, "(part %d of 4" % part)
        expect(list_whole(screen, "after m") == part, "m did not show part %d" % part)
    term.type(n["Weight gain"])
    term.wait_prompt("2nd:", "1st: Weight gain")
    term.type(n["Dry mouth"])
    term.wait_prompt("3rd:")
    # b: the last choice is taken back, and the question is asked again
    term.type("b")
    screen = term.wait_prompt("2nd:", "Taken back: Dry mouth (2nd).")
    expect(any("Chosen so far: 1 Weight gain." in line for line in screen), "after b, the choices:\n%s"
           % "\n".join(screen))
    list_whole(screen, "after b")
    for rank, label in enumerate(["Difficulty staying awake during the day", "Stiff muscles", "Less sex drive"], 2):
        term.type(n[label])
        list_whole(term.wait_prompt("%s:" % ["", "", "3rd", "4th", "5th"][rank]), "question %d" % (rank + 1))
    # a wrong answer: explained, and the list still whole with the question
    term.type("abc")
    screen = term.wait_prompt("5th:", "'abc' is not a number.")
    list_whole(screen, "after a wrong answer")
    term.type(n["Dry mouth"])  # the fifth: step 2 begins
    screen = term.wait_prompt("Would help:")
    list_whole(screen, "the helpful question")
    # b at the start of step 2: back to step 1, the fifth choice taken back
    term.type("b")
    screen = term.wait_prompt("5th:", "Taken back: Dry mouth (5th).")
    list_whole(screen, "back in step 1")
    term.type(n["Dry mouth"])
    term.wait_prompt("Would help:")
    term.type(n["Sleepy in the evening or at night"])
    screen = term.wait_prompt("Would help:", "helpful: Sleepy in the evening or at night")
    list_whole(screen, "the helpful question again")
    term.type("")
    term.wait_prompt("Type 1, 2 or 3 (or press Enter to leave it out):")
    # b in step 3: back to step 2, nothing lost
    term.type("b")
    screen = term.wait_prompt("Would help:", "would help: Sleepy in the")
    list_whole(screen, "back in step 2")
    term.type("")
    term.wait_prompt("Type 1, 2 or 3 (or press Enter to leave it out):")
    term.type("1")
    term.wait_prompt("Type 1, 2 or 3 (Enter = 1):")
    term.type("3")
    deadline = time.monotonic() + TIMEOUT
    while "Pane is dead" not in term.history() and time.monotonic() < deadline:
        time.sleep(0.1)
    everything = term.history()
    with open(os.path.join(term.shots, "tmux-all.txt"), "w") as fh:
        fh.write(everything)
    first_medicine = re.search(r"^ 1\. (\S+) \(score", everything, re.M)
    expect(first_medicine and first_medicine.group(1) == "Cariprazine",
           "the first medicine is %s, not Cariprazine" % (first_medicine and first_medicine.group(1)))
    expect(" 2. Sulpiride (score 0.249)" in everything, "the second medicine is not Sulpiride (0.249)")


def main():
    program, shots = sys.argv[1:3]
    if not shutil.which("tmux"):
        print("FAIL: tmux is missing (Debian's tmux)")
        return 1
    os.makedirs(shots, exist_ok=True)
    n = numbers(program)
    if len(n) != 36:
        print("FAIL: %d side effects listed by --list, not 36" % len(n))
        return 1
    term = Terminal(program, shots)
    try:
        session(term, n)
    except TimeoutError:
        pass
    finally:
        term.close()
    for failure in FAILURES:
        print("FAIL:", failure)
    print("terminal front end under tmux (80 x 24): %d screens; %d failures" % (term.count, len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
