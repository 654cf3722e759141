#!/usr/bin/python3
"""libsdm EHR example test: drives sdm-ehr with a few hundred requests.

Usage: test-ehr.py SDM_EHR TRUST_CONFIG

The requests are generated here (fixed seed): hand-checked ones whose first
medicine is known, random valid ones whose responses are checked for
consistency, and bad ones (malformed JSON, unknown side effect, duplicate
rank, ...) that must get an error response naming the problem while the
server goes on serving. The same requests are run on 1 and on 4 threads: the
answers must be identical and in request order. Then the decision revisited:
records of those responses, and of a later consultation of the same person,
are sent back to be compared, with the changes worked out by hand, and bad
comparisons must be refused naming what is wrong.
SPDX-License-Identifier: MIT
"""
import json
import os
import random
import subprocess
import sys

SEED = 4
VALID_RANDOM = 300
WITHDRAWN = "chlorpromazine"
WITHDRAWN_REASON = "withdrawn by the Trust"
FORMULATIONS = ["liquid", "long_acting_injection", "orodispersible", "modified_release_tablet", "tablet"]
SCHEMES = ["roc", "rank_sum", "reciprocal", "equal", "lexicographic"]
UNKNOWN = ["middle", "worst", "exclude"]
WHO = ["service_user", "carer", "together", "unspecified"]

QUICKSTART_AVOID = ["weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive", "dry_mouth"]

# Hand-checked against trust-formulary.json with the default scoring (ROC
# weights, ratings / 3, unknown = 0.5); the arithmetic is in the comments.
HAND_CHECKED = [
    # Aripiprazole (1/3 * .4567 + 1/3 * .0900 = .182) beats amisulpride (.264)
    # and lurasidone (.307); the default formulary's cariprazine is not stocked.
    ("hand-quickstart", {"avoid": QUICKSTART_AVOID, "helpful": ["night_sleepiness"],
                         "completed_by": "service_user"}, {}, "aripiprazole"),
    # Aripiprazole failed before: amisulpride (.264) beats lurasidone (.307).
    ("hand-failed", {"avoid": QUICKSTART_AVOID, "helpful": ["night_sleepiness"]},
     {"exclude": [{"id": "aripiprazole", "reason": "no response after 6 weeks at 15 mg"}]}, "amisulpride"),
    # Only long-acting injections: aripiprazole (stiff muscles 0) beats
    # risperidone (+), haloperidol and zuclopenthixol (+++); the Trust stocks no
    # olanzapine injection, so olanzapine (also 0) is excluded by formulation.
    ("hand-lai", {"avoid": ["stiff_muscles"]}, {"require_formulations": ["long_acting_injection"]},
     "aripiprazole"),
    # Restlessness (.75) and weight gain (.25), sleepiness at night helpful
    # (.25): clozapine 0 + .25 - .25 = 0 beats quetiapine (.167).
    ("hand-helpful", {"avoid": ["restlessness", "weight_gain"], "helpful": ["night_sleepiness"],
                      "completed_by": "together"}, {}, "clozapine"),
    # Periods stopping (.75), high blood sugar (.25): olanzapine 0 + .25 = .25
    # beats aripiprazole and lurasidone (.333).
    ("hand-periods", {"avoid": ["periods_stopping", "high_blood_sugar"]}, {}, "olanzapine"),
    # Poor sleep, unknown ratings excluded: only aripiprazole, clozapine and
    # zuclopenthixol rate it (all ++), a tie listed by name.
    ("hand-unknown", {"avoid": ["poor_sleep"]}, {"unknown": "exclude"}, "aripiprazole"),
]

# (id, request line, expected status, where, text in the message)
BAD = [
    ("bad-json", '{"id": "bad-json", "ranking": {"avoid": ["weight_gain"]', "SDM_ERR_PARSE", "request", "not JSON"),
    ("bad-effect", {"avoid": ["weight_gian"]}, "SDM_ERR_NOT_FOUND", "ranking", "did you mean 'weight_gain'"),
    ("bad-duplicate-rank", {"avoid": [{"id": "weight_gain", "rank": 1}, {"id": "dry_mouth", "rank": 1}]},
     "SDM_ERR_DUPLICATE", "ranking", "rank 1 is already given to 'weight_gain'"),
    ("bad-twice", {"avoid": ["weight_gain", "weight_gain"]}, "SDM_ERR_DUPLICATE", "ranking",
     "'weight_gain' is already ranked 1"),
    ("bad-conflict", {"avoid": ["weight_gain"], "helpful": ["weight_gain"]}, "SDM_ERR_CONFLICT", "ranking",
     "cannot also be helpful"),
    ("bad-gap", {"avoid": [{"id": "weight_gain", "rank": 1}, {"id": "dry_mouth", "rank": 3}]},
     "SDM_ERR_INVALID_ARGUMENT", "ranking", "rank 2 is missing"),
    ("bad-rank-range", {"avoid": [{"id": "weight_gain", "rank": 6}]}, "SDM_ERR_INVALID_ARGUMENT", "ranking",
     "out of range"),
    ("bad-who", {"avoid": ["tremor"], "completed_by": "nobody"}, "SDM_ERR_SCHEMA", "ranking", "nobody"),
    ("bad-medicine", ({"avoid": ["tremor"]}, {"exclude": [{"id": "aripiprazol", "reason": "failed"}]}),
     "SDM_ERR_NOT_FOUND", "match", "aripiprazol"),
    ("bad-scheme", ({"avoid": ["tremor"]}, {"scheme": "bogus"}), "SDM_ERR_SCHEMA", "options", "bogus"),
    ("bad-key", '{"id": "bad-key", "ranking": {"avoid": ["tremor"]}, "optoins": {}}', "SDM_ERR_SCHEMA", "request",
     "unknown key 'optoins'"),
    ("bad-no-ranking", '{"id": "bad-no-ranking"}', "SDM_ERR_SCHEMA", "request", '"ranking" is missing'),
    ("bad-array", '[1, 2, 3]', "SDM_ERR_SCHEMA", "request", "must be a JSON object"),
    ("bad-ranking-type", '{"id": "bad-ranking-type", "ranking": "weight_gain"}', "SDM_ERR_SCHEMA", "request",
     '"ranking" must be a JSON object'),
]


def request_line(rid, ranking, options, timestamp=None):
    request = {"id": rid, "ranking": ranking}
    if options:
        request["options"] = options
    if timestamp:
        request["timestamp"] = timestamp
    return json.dumps(request)


def random_ranking(rng, effects):
    chosen = rng.sample(effects, rng.randint(0, 5) + 2)
    k = rng.randint(0, 5)
    avoid, rest = chosen[:k], chosen[k:]
    # Both forms of an "avoid" element: a plain id (rank = position) and {"id", "rank"}.
    if rng.random() < 0.5:
        avoid_json = avoid
    else:
        avoid_json = [{"id": e, "rank": i + 1} for i, e in enumerate(avoid)]
        rng.shuffle(avoid_json)
    ranking = {"format": "sdm-ranking", "avoid": avoid_json, "helpful": rest[:rng.randint(0, 2)]}
    if rng.random() < 0.8:
        ranking["completed_by"] = rng.choice(WHO)
    return ranking, avoid


def random_options(rng, medicines):
    options = {}
    if rng.random() < 0.3:
        failed = rng.choice(medicines)
        options["exclude"] = [{"id": failed, "reason": "failed before: no response after 6 weeks"}]
    if rng.random() < 0.25:
        options["require_formulations"] = [rng.choice(FORMULATIONS)]
    if rng.random() < 0.4:
        options["scheme"] = rng.choice(SCHEMES)
    if rng.random() < 0.3:
        options["unknown"] = rng.choice(UNKNOWN)
    return options


def make_requests(formulary):
    """Returns [(id, line, expectation)] in the order they are sent."""
    effects = sorted(formulary["medications"][0]["ratings"])
    medicines = [m["id"] for m in formulary["medications"]]
    rng = random.Random(SEED)
    valid = [(rid, request_line(rid, r, o), ("first", r, o, first)) for rid, r, o, first in HAND_CHECKED]
    for n in range(VALID_RANDOM):
        rid = "valid-%03d" % n
        ranking, _ = random_ranking(rng, effects)
        options = random_options(rng, medicines)
        ts = "2026-11-%02dT%02d:%02d:00Z" % (rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))
        valid.append((rid, request_line(rid, ranking, options, ts), ("valid", ranking, options, ts)))
    bad = []
    for rid, spec, status, where, text in BAD:
        if isinstance(spec, str):
            line = spec
        elif isinstance(spec, tuple):
            line = request_line(rid, *spec)
        else:
            line = request_line(rid, spec, None)
        expected_id = rid if rid not in ("bad-json", "bad-array") else None
        bad.append((expected_id, line, ("error", status, where, text)))
    # Bad requests spread among the good ones, several times each, so that the
    # server is seen to go on serving after every kind of error.
    requests = list(valid)
    for copy in range(4):
        for item in bad:
            requests.insert(rng.randrange(len(requests) + 1), item)
    return requests


def run(program, config, lines, threads):
    proc = subprocess.run([program, "--config", config, "--threads", str(threads)],
                          input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=240)
    if proc.returncode != 0:
        sys.exit("FAIL: sdm-ehr --threads %d exited with %d:\n%s" % (threads, proc.returncode, proc.stderr))
    return proc.stdout


class Checker:
    def __init__(self, formulary):
        self.formulary = formulary
        self.medicines = {m["id"]: m for m in formulary["medications"]}
        self.failures = []

    def expect(self, cond, rid, what):
        if not cond:
            self.failures.append("%s: %s" % (rid, what))
        return cond

    def check_error(self, rid, resp, status, where, text):
        err = resp.get("error", {})
        self.expect(resp.get("status") == "error", rid, "expected an error response, got %s" % resp.get("status"))
        self.expect(err.get("status") == status, rid, "expected %s, got %s" % (status, err.get("status")))
        self.expect(err.get("where") == where, rid, "expected where=%s, got %s" % (where, err.get("where")))
        self.expect(text in err.get("message", ""), rid, "message %r lacks %r" % (err.get("message"), text))
        self.expect(err.get("description"), rid, "no description of the status")

    def check_partition(self, rid, resp):
        ranked = [e["id"] for e in resp["ranked"]]
        excluded = [e["id"] for e in resp["excluded"]]
        self.expect(sorted(ranked + excluded) == sorted(self.medicines), rid,
                    "ranked + excluded is not the formulary: %s + %s" % (ranked, excluded))
        ranks = [e["rank"] for e in resp["ranked"]]
        scores = [e["score"] for e in resp["ranked"]]
        if ranks:
            self.expect(ranks[0] == 1, rid, "the first rank is %d" % ranks[0])
        # Scores within 1e-9 are a tie (listed by name), so allow that much.
        in_order = all(b >= a - 1e-9 for a, b in zip(scores, scores[1:]))
        self.expect(ranks == sorted(ranks) and in_order, rid, "not in rank order: %s" % scores)
        self.expect(all(isinstance(e.get("reason"), str) for e in resp["ranked"]), rid, "an entry without a reason")

    def check_exclusions(self, rid, resp, options):
        excluded = {e["id"]: e for e in resp["excluded"]}
        requested = {x["id"]: x["reason"] for x in options.get("exclude", [])}
        withdrawn_reason = requested.get(WITHDRAWN, WITHDRAWN_REASON)
        w = excluded.get(WITHDRAWN)
        self.expect(w and w["reason"] == withdrawn_reason and w["kind"] == "by_request", rid,
                    "%s not excluded as %r: %s" % (WITHDRAWN, withdrawn_reason, w))
        for med, reason in requested.items():
            e = excluded.get(med)
            self.expect(e and e["reason"] == reason, rid, "%s not excluded with the reason %r" % (med, reason))
        for form in options.get("require_formulations", []):
            for e in resp["ranked"]:
                self.expect(form in e["formulations"], rid, "%s ranked without %s" % (e["id"], form))
            for med, m in self.medicines.items():
                if form not in m.get("formulations", []) and med not in requested and med != WITHDRAWN:
                    self.expect(med in excluded and excluded[med]["kind"] == "formulation", rid,
                                "%s not excluded for lacking %s" % (med, form))

    def check_cards(self, rid, resp, avoid):
        cards = resp["cards"]
        self.expect([c.get("id") for c in cards] == [e["id"] for e in resp["ranked"]], rid,
                    "the cards are not those of the ranked medicines, in order")
        for card in cards[:1]:
            self.expect(card.get("format") == "sdm-card", rid, "a card is not an sdm-card")
            marked = {i["effect"]: i["your_rank"] for i in card.get("items", []) if "your_rank" in i}
            for rank, effect in enumerate(avoid, 1):
                if effect in marked:
                    self.expect(marked[effect] == rank, rid, "card marks %s as rank %s" % (effect, marked[effect]))

    def check_record(self, rid, resp, ranking, avoid, ts):
        record = resp["record"]
        self.expect(record.get("format") == "sdm-record", rid, "the record is not an sdm-record")
        self.expect(record.get("timestamp") == ts, rid, "record timestamp %s" % record.get("timestamp"))
        self.expect(record.get("data_version") == self.formulary["version"], rid, "record data version")
        stored = [a["id"] for a in sorted(record["ranking"]["avoid"], key=lambda a: a["rank"])]
        self.expect(stored == avoid, rid, "record ranking %s != %s" % (stored, avoid))
        self.expect(record.get("completed_by") == ranking.get("completed_by", "unspecified"), rid,
                    "record completed_by %s" % record.get("completed_by"))
        self.expect(WITHDRAWN in [x["id"] for x in record["options"]["exclude"]], rid,
                    "the record's options do not show the withdrawal")

    def check_valid(self, rid, resp, ranking, options, ts):
        if not self.expect(resp.get("status") == "ok", rid, "expected ok, got %s" % json.dumps(resp)[:300]):
            return
        self.expect(resp["formulary"]["id"] == self.formulary["id"], rid, "formulary id")
        self.check_partition(rid, resp)
        self.check_exclusions(rid, resp, options)
        avoid = [a if isinstance(a, str) else a["id"]
                 for a in sorted(ranking["avoid"], key=lambda a: 0 if isinstance(a, str) else a["rank"])]
        self.check_cards(rid, resp, avoid)
        self.check_record(rid, resp, ranking, avoid, ts)


# The quick-start person again a few months on: the same preferences, now
# completed together with a carer who took part, and a date to revisit. The
# Trust's formulary and the options are the same, so the result is the same:
# only the context changed.
LATER = ("later-quickstart", {"avoid": QUICKSTART_AVOID, "helpful": ["night_sleepiness"],
                              "completed_by": "together", "carer_involved": True},
         {"revisit": "2027-05-01"}, "2027-02-01T10:00:00Z")
LATER_SUMMARY = "Who completed the form changed. Whether a carer took part changed. The date to revisit changed."


def compare_line(rid, then, now, extra=None):
    request = {"id": rid, "compare": {"then": then, "now": now}}
    request["compare"].update(extra or {})
    return json.dumps(request)


def check_comparisons(program, config, checker, first_record):
    """The decision revisited: records compared by the server (request kind "compare")."""
    later = run(program, config, [request_line(*LATER)], 1)
    later = json.loads(later)
    if not checker.expect(later.get("status") == "ok", LATER[0], "the later consultation failed: %s" % later):
        return 0
    now = later["record"]
    checker.expect(later["ranked"][0]["id"] == "aripiprazole", LATER[0], "the later first is not aripiprazole")
    broken = dict(now)
    del broken["result"]
    lines = [
        compare_line("compare-later", first_record, now),
        compare_line("compare-same", now, now),
        compare_line("compare-no-now", first_record, None),
        compare_line("compare-broken", first_record, broken),
        compare_line("compare-extra", first_record, now, {"thne": {}}),
        json.dumps({"id": "compare-key", "compare": {"then": now, "now": now}, "ranking": {}}),
        json.dumps({"id": "compare-type", "compare": "both"}),
    ]
    lines[2] = json.dumps({"id": "compare-no-now", "compare": {"then": first_record}})
    out1 = run(program, config, lines, 1)
    out4 = run(program, config, lines, 4)
    checker.expect(out1 == out4, "compare", "the comparisons on 4 threads differ from those on 1 thread")
    responses = {r.get("id"): r for r in map(json.loads, out1.splitlines())}
    got = responses.get("compare-later", {})
    if checker.expect(got.get("status") == "ok", "compare-later", "expected ok, got %s" % got):
        comparison = got["comparison"]
        checker.expect(comparison.get("format") == "sdm-record-comparison", "compare-later", "not a comparison")
        checker.expect(comparison["then"].get("timestamp") == "2026-11-05T09:00:00Z" and
                       comparison["now"].get("timestamp") == LATER[3], "compare-later", "timestamps")
        checker.expect(comparison.get("summary") == LATER_SUMMARY, "compare-later",
                       "summary %r" % comparison.get("summary"))
        checker.expect(comparison.get("data_changed") is False and comparison.get("ratings") == [],
                       "compare-later", "the data did not change, nor the ratings")
    same = responses.get("compare-same", {})
    checker.expect(same.get("comparison", {}).get("summary") == "Nothing has changed.", "compare-same",
                   "a record compared with itself: %s" % same)
    for rid, status, where, text in [
            ("compare-no-now", "SDM_ERR_SCHEMA", "compare.now", '"now" is missing'),
            ("compare-broken", "SDM_ERR_SCHEMA", "compare.now", "result"),
            ("compare-extra", "SDM_ERR_SCHEMA", "compare", "unknown key 'thne' (expected then, now)"),
            ("compare-key", "SDM_ERR_SCHEMA", "request", "unknown key 'ranking' in a comparison"),
            ("compare-type", "SDM_ERR_SCHEMA", "compare", '"compare" must be a JSON object')]:
        checker.check_error(rid, responses.get(rid, {}), status, where, text)
    return len(lines)


def main():
    program, config = sys.argv[1:3]
    trust_dir = os.path.dirname(os.path.abspath(config))
    with open(os.path.join(trust_dir, "trust-formulary.json"), encoding="utf-8") as fh:
        formulary = json.load(fh)
    requests = make_requests(formulary)
    lines = [line for _, line, _ in requests]
    out1 = run(program, config, lines, 1)
    out4 = run(program, config, lines, 4)
    if out1 != out4:
        sys.exit("FAIL: the responses on 4 threads differ from those on 1 thread")
    responses = [json.loads(line) for line in out4.splitlines()]
    if len(responses) != len(requests):
        sys.exit("FAIL: %d responses to %d requests" % (len(responses), len(requests)))

    checker = Checker(formulary)
    counts = {"first": 0, "valid": 0, "error": 0}
    for (rid, _, expectation), resp in zip(requests, responses):
        kind = expectation[0]
        counts[kind] += 1
        if not checker.expect(resp.get("id") == rid, rid, "response out of order: id %s" % resp.get("id")):
            continue
        if kind == "error":
            checker.check_error(rid, resp, *expectation[1:])
        elif kind == "valid":
            checker.check_valid(rid, resp, *expectation[1:])
        else:
            _, ranking, options, first = expectation
            checker.check_valid(rid, resp, ranking, options, None)
            got = resp.get("ranked", [{}])[0].get("id")
            checker.expect(got == first, rid, "first medicine %s, expected %s" % (got, first))

    # The quick-start person's first record, with a timestamp of its own.
    first = json.loads(run(program, config, [request_line("first-quickstart", *HAND_CHECKED[0][1:3],
                                                          "2026-11-05T09:00:00Z")], 1))
    compared = 0
    if checker.expect(first.get("status") == "ok", "first-quickstart", "failed: %s" % first):
        compared = check_comparisons(program, config, checker, first["record"])

    for failure in checker.failures[:40]:
        print("FAIL:", failure)
    print("%d requests: %d hand-checked, %d random valid, %d bad; %d comparisons; %d failures" %
          (len(requests), counts["first"], counts["valid"], counts["error"], compared, len(checker.failures)))
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main())
