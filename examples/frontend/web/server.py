#!/usr/bin/python3
"""sdm-web: the libsdm web front end, a small local HTTP service.

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/frontend/web/server.py [--port 8000]

Serves one page (index.html, app.js, style.css) with the form of the paper
tool, and a JSON API over the Python binding:

    GET  /api/form   the side effects in the catalogue's (the paper's) order, with
                     their groups, the formulary and its notice
    GET  /api/card/ID  the information card of a medicine (serious risks,
                     restrictions and what they require, licences), made once
                     at start; the page marks the person's side effects on it
    POST /api/match  {"avoid": [{"id": ..., "rank": 1}, ...], "helpful": [ids],
                      "completed_by": "service_user" | "carer" | "together" | null,
                      "carer_involved": true | false}
                     -> the ranked medicines (rank, ties, the fit in words, the
                        mark of each chosen side effect, where the sources
                        disagree, the reason), the excluded ones with the kind
                        and the reason, the medicines whose cards can be shown,
                        and the decision record for the notes;
                        an invalid or empty form -> 400 {"error": message for the person}

Every failure is an HTTP error with a JSON body {"error": what is wrong,
"request_id": ...}, also those that http.server finds itself (a request line
that is not HTTP); each is logged to stderr with the same request id (also
with --quiet, which silences only the log of requests that succeed). A POST
must say Content-Type: application/json (415 otherwise) and give a
Content-Length of at most MAX_BODY bytes (411 without one, 400 when it is
not a number, 413 above it). Every answer carries a Content-Security-Policy
that allows nothing but this service, X-Content-Type-Options: nosniff,
Referrer-Policy: no-referrer and X-Request-Id.

The fit in words (FIT_WORDS) reads the score as it is made: the weighted
mean of the marks of the side effects to avoid, 0 (none) to 1 (+++ on all),
less the helpful ones. The first place "fits your priorities best"; then up
to 1/3 (on average none or mild, +) "fits well", up to 2/3 (on average ++)
"fits less well", above that "fits poorly". The number stays in the JSON.
Under load: a listen backlog of 128, at most --max-threads requests served at
once (the others wait in the backlog), and a socket timeout (--timeout) so
that an idle or slow connection cannot hold a thread for ever.

Standard library only (http.server); it listens on 127.0.0.1 unless told
otherwise, and prints "Serving on http://HOST:PORT/" once it is listening
(--port 0 picks a free port).
SPDX-License-Identifier: MIT
"""
import argparse
import datetime
import itertools
import json
import os
import re
import sys
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import libsdm

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
    "/icon.svg": ("icon.svg", "image/svg+xml"),
}
# A form is a few hundred bytes; anything much bigger is not one.
MAX_BODY = 64 * 1024
COMPLETED_BY = ("service_user", "carer", "together")
FORM_FIELDS = ("avoid", "helpful", "completed_by", "carer_involved")
# Nothing but this service: no inline script or style, no frames, no plugins.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MARKS = {None: "?", 0: "0", 1: "+", 2: "++", 3: "+++"}
# (highest score, words), after the first place; see the module's text.
FIT_WORDS = ((1 / 3, "fits well"), (2 / 3, "fits less well"), (float("inf"), "fits poorly"))
FIT_BEST = "fits your priorities best"
EMPTY_FORM = "please choose at least one side effect you would want to avoid (or one that would help you)"
# The C library takes a rank as an int; anything outside it cannot be passed.
C_INT_MAX = 2 ** 31 - 1
LISTEN_BACKLOG = 128
DEFAULT_TIMEOUT = 10
DEFAULT_MAX_THREADS = 32


class FormError(ValueError):
    """The request is not a form this page could have sent (400, or the given status)."""

    def __init__(self, message, status=HTTPStatus.BAD_REQUEST):
        super().__init__(message)
        self.status = status


def side_effect_id(value, where):
    """An id as the library can take it: text, without NUL, that is UTF-8.

    Anything else would reach the binding's own checks, whose messages name
    its internals ("in method 'sdm_ranking_avoid', argument 2"), or be cut at
    the NUL and name another side effect."""
    if not isinstance(value, str) or not value:
        raise FormError("%s needs the id of a side effect (text)" % where)
    if "\0" in value:
        raise FormError("%s: a side-effect id cannot hold a NUL character" % where)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FormError("%s: the side-effect id is not valid text" % where) from None
    return value


class Service:
    """The loaded data, shared by every request: libsdm objects are immutable once loaded."""

    def __init__(self, formulary_path=None):
        self.catalogue = libsdm.Catalogue.default()
        if formulary_path:
            self.formulary = libsdm.Formulary.load(formulary_path, self.catalogue)
        else:
            self.formulary = libsdm.Formulary.default(self.catalogue)
        self.labels = {item.id: item.label for item in self.catalogue}
        # The cards do not change: made once (a card takes a millisecond or two in C, and 19 of them with
        # every reading in every answer made it 400 kB), without what the page does not show.
        self.cards = {m.id: json.dumps(self.slim_card(json.loads(m.card_json()))).encode("utf-8")
                      for m in self.formulary}

    @staticmethod
    def slim_card(card):
        """The card as the page shows it: each side effect's readings and numbers from trials are summed up
        in its "disagreement" and the name of the source of its mark ("source_label"), and left out, and so
        are the long addresses of the documents."""
        for key in ("items", "rated_none", "not_known"):
            for item in card.get(key, ()):
                labels = {r["source"]: r["source_label"] for r in item.get("readings", ())}
                if item.get("source") in labels:
                    item["source_label"] = labels[item["source"]]
                item.pop("readings", None)
                item.pop("evidence", None)
        for key in ("serious_risks", "restrictions", "licences", "products"):
            for entry in card.get(key, ()):
                entry.pop("document", None)
        return card

    def form(self):
        """The items in the catalogue's order, which is the paper form's (a group can come back: 'Body')."""
        groups = {g.id: g.label for g in self.catalogue.groups}
        items = [{"id": item.id, "label": item.label, "group": item.group, "group_label": groups[item.group],
                  "commonly_helpful": item.commonly_helpful} for item in self.catalogue]
        return {"items": items, "max_rank": libsdm.Ranking(self.catalogue).max_rank,
                "formulary": self.formulary.title, "data_version": self.formulary.version,
                "notice": self.formulary.notice}

    def friendly(self, message):
        """The library names side effects by id ('weight_gain'); the page shows the form's words."""
        return re.sub(r"'([A-Za-z0-9_.-]+)'", lambda m: "'%s'" % self.labels.get(m.group(1), m.group(1)), message)

    def ranking(self, form):
        """The form as a ranking. Its shape and types are checked here; what
        it says (ids, ranks, conflicts) by the library, in its own words."""
        if not isinstance(form, dict):
            raise FormError("the form must be a JSON object")
        unknown = sorted(set(form) - set(FORM_FIELDS))
        if unknown:
            raise FormError("unknown field '%s' (the form has %s)" % (unknown[0], ", ".join(FORM_FIELDS)))
        who = form.get("completed_by") or None
        if who is not None and (not isinstance(who, str) or who not in COMPLETED_BY):
            raise FormError("who completed the form must be one of %s" % ", ".join(COMPLETED_BY))
        carer = form.get("carer_involved", False)
        if not isinstance(carer, bool):
            raise FormError("whether a carer took part must be true or false")
        avoid, helpful = form.get("avoid", []), form.get("helpful", [])
        if not isinstance(avoid, list) or not isinstance(helpful, list):
            raise FormError("avoid and helpful must be lists")
        ranking = libsdm.Ranking(self.catalogue, completed_by=who)
        for choice in avoid:
            if not isinstance(choice, dict):
                raise FormError("each side effect to avoid needs an id and a rank")
            effect = side_effect_id(choice.get("id"), "each side effect to avoid")
            rank = choice.get("rank")
            # bool is an int in Python: true would be rank 1.
            if not isinstance(rank, int) or isinstance(rank, bool) or not -C_INT_MAX <= rank <= C_INT_MAX:
                raise FormError("the rank of '%s' must be a whole number from 1 to %d" % (effect, ranking.max_rank))
            ranking.add_avoid(effect, rank)
        for effect in helpful:
            ranking.add_helpful(side_effect_id(effect, "each helpful side effect"))
        if not avoid and not helpful:
            raise FormError(EMPTY_FORM)
        if carer:
            # The binding's Ranking has no property for it yet: the generated function, as the binding calls it.
            libsdm.core.sdm_ranking_set_carer_involved(ranking._h, 1)
        ranking.validate()  # the ranks run from 1 without a gap
        return ranking

    @staticmethod
    def fit(rank, score):
        if rank == 1:
            return FIT_BEST
        return next(words for limit, words in FIT_WORDS if score <= limit)

    def entry(self, e, tied):
        explanation = e.explanation
        marks = [{"effect": t.effect, "label": self.labels[t.effect], "rank": t.rank, "rating": t.rating,
                  "mark": MARKS[t.rating], "disagreement": t.disagreement} for t in explanation.terms]
        return {"rank": e.rank, "tied": tied[e.rank], "id": e.medication.id, "name": e.name,
                "fit": self.fit(e.rank, e.score), "score": e.score, "unknown_count": e.unknown_count,
                "marks": marks, "reason": explanation.reason, "efficacy": e.efficacy}

    def certainty(self, ranking):
        """How sure the match is, in the library's words, with the shares of first place (1 % or more)."""
        analysis = self.formulary.acceptability(ranking)
        shares = [{"id": e.medication, "name": e.name, "first": e.first, "top3": e.top3}
                  for e in analysis if e.first >= 0.01]
        return {"text": analysis.text, "fragile": analysis.fragile, "shares": shares,
                "scenarios": analysis.scenarios, "seed": analysis.seed}

    def match(self, form):
        ranking = self.ranking(form)
        match = self.formulary.match(ranking)
        entries = list(match)
        tied = {}
        for e in entries:
            tied[e.rank] = tied.get(e.rank, 0) + 1
        chosen = [{"effect": t.effect, "label": self.labels[t.effect], "rank": t.rank}
                  for t in (entries[0].explanation.terms if entries else ())]
        excluded = [{"id": x.medication.id, "name": x.medication.name, "kind": x.kind, "reason": x.reason}
                    for x in match.excluded]
        medicines = [{"id": m.id, "name": m.name}
                     for m in [e.medication for e in entries] + [x.medication for x in match.excluded]]
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
        # How sure the match is (the library's acceptability analysis: 10,000 plausible readings of the
        # evidence and of the person's priorities, seed recorded); efficacy is each entry's "efficacy".
        return {"certainty": self.certainty(ranking), "chosen": chosen, "ranked": [self.entry(e, tied) for e in entries], "excluded": excluded,
                "medicines": medicines, "data_version": match.data_version, "notice": self.formulary.notice,
                "completed_by": ranking.completed_by, "carer_involved": bool(form.get("carer_involved")),
                "record": json.loads(match.record(now))}


REQUEST_IDS = itertools.count(1)


class Handler(BaseHTTPRequestHandler):
    service = None  # set by serve()
    quiet = False   # set by serve(): no log of the requests that succeed (errors are always logged)
    server_version = "sdm-web"
    timeout = DEFAULT_TIMEOUT  # seconds a connection may stay silent; set by serve()
    # A request line that cannot be parsed is answered with a status line and
    # headers, not as HTTP/0.9 (a bare body the client cannot tell from data).
    default_request_version = "HTTP/1.0"

    def setup(self):
        super().setup()
        # An id per request (this server answers one request per connection, HTTP/1.0), in the
        # answer's header, in an error's JSON and in the log.
        self.request_id = "%x-%d" % (os.getpid(), next(REQUEST_IDS))

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message("[%s] " % self.request_id + format, *args)

    def log_error(self, format, *args):
        # Errors are logged even when requests are not.
        super().log_message("[%s] error: " % self.request_id + format, *args)

    def send(self, status, body, content_type="application/json; charset=utf-8"):
        if not isinstance(body, bytes):
            if status >= 400:
                body = dict(body, request_id=self.request_id)
                self.log_error("%d %s: %s", status, getattr(self, "path", "-"), body.get("error"))
            body = json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            # The page loads nothing from elsewhere, and says so to the browser.
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Request-Id", self.request_id)
            self.send_header("Cache-Control", "no-store")
            if status >= 400:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client has gone (or timed out): nobody to tell
            self.close_connection = True

    def send_error(self, code, message=None, explain=None):
        """What http.server finds itself (a request line that is not HTTP, a
        header too long, an unknown method) is answered in JSON too."""
        self.send(code, {"error": message or HTTPStatus(code).phrase, "kind": "HTTPError"})

    def do_GET(self):
        self.guarded(self.get)

    def do_POST(self):
        self.guarded(self.post)

    def guarded(self, serve):
        """A failure the code did not foresee is still an answer (500, with
        JSON), and the traceback goes to the log, not to the person."""
        try:
            serve()
        except FormError as e:
            self.send(e.status, {"error": self.service.friendly(str(e)), "kind": "FormError"})
        except libsdm.Error as e:
            # The library's own words, e.g. "rank 1 is already given to 'Weight gain'".
            self.send(HTTPStatus.BAD_REQUEST, {"error": self.service.friendly(str(e)), "kind": type(e).__name__})
        except TimeoutError:
            self.send(HTTPStatus.REQUEST_TIMEOUT, {"error": "the form did not arrive before the timeout of %g s"
                                                   % self.timeout, "kind": "FormError"})
        except Exception:  # noqa: BLE001 - every request gets an answer
            self.log_error("%s", traceback.format_exc().replace("\n", " | "))
            self.send(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "internal error", "kind": "InternalError"})

    def get(self):
        if self.path == "/api/form":
            return self.send(HTTPStatus.OK, self.service.form())
        if self.path.startswith("/api/card/"):
            card = self.service.cards.get(self.path[len("/api/card/"):])
            if card is None:
                return self.send(HTTPStatus.NOT_FOUND, {"error": "no medicine %s in the formulary"
                                                        % self.path[len("/api/card/"):][:60]})
            return self.send(HTTPStatus.OK, card)
        if self.path not in STATIC:
            return self.send(HTTPStatus.NOT_FOUND, {"error": "no such page: %s" % self.path})
        name, content_type = STATIC[self.path]
        with open(os.path.join(HERE, name), "rb") as fh:
            self.send(HTTPStatus.OK, fh.read(), content_type)

    def content_length(self):
        values = self.headers.get_all("Content-Length") or []
        if self.headers.get("Transfer-Encoding") or not values:
            raise FormError("the form needs a Content-Length (and no Transfer-Encoding)", HTTPStatus.LENGTH_REQUIRED)
        text = values[0].strip()
        # int() would also take "+5", "1_000" and " 5 "; a length is digits.
        if len(set(values)) > 1 or not re.fullmatch(r"[0-9]{1,12}", text):
            raise FormError("the Content-Length %r is not a number of bytes" % ", ".join(values)[:40])
        length = int(text)
        if length > MAX_BODY:
            raise FormError("the form has %d bytes, more than %d" % (length, MAX_BODY),
                            HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        if length == 0:
            raise FormError("the form is empty")
        return length

    def content_type(self):
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise FormError("the form must be sent as application/json, not %s" % (kind[:40] or "without a type"),
                            HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

    def read_form(self):
        length = self.content_length()
        self.content_type()
        body = self.rfile.read(length)
        if len(body) < length:
            raise FormError("the form was cut short: %d of %d bytes" % (len(body), length))
        try:
            return json.loads(body)
        except RecursionError:
            raise FormError("the form is nested too deeply to be one this page sends") from None
        except ValueError as e:
            raise FormError("the form is not JSON: %s" % e) from None

    def post(self):
        if self.path != "/api/match":
            return self.send(HTTPStatus.NOT_FOUND, {"error": "no such service: %s" % self.path})
        self.send(HTTPStatus.OK, self.service.match(self.read_form()))


class Server(ThreadingHTTPServer):
    """A thread per request, but at most `max_threads` at once: when all are
    busy, new connections wait in the listen backlog (not in a thread each)."""

    request_queue_size = LISTEN_BACKLOG  # http.server's default, 5, drops connections under load
    daemon_threads = True

    def __init__(self, address, handler, max_threads=DEFAULT_MAX_THREADS):
        self.slots = threading.BoundedSemaphore(max_threads)
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        self.slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def serve(host, port, formulary_path=None, quiet=False, timeout=DEFAULT_TIMEOUT, max_threads=DEFAULT_MAX_THREADS):
    Handler.service = Service(formulary_path)
    Handler.timeout = timeout
    Handler.quiet = quiet
    httpd = Server((host, port), Handler, max_threads)
    print("Serving on http://%s:%d/" % httpd.server_address[:2], flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


def main():
    parser = argparse.ArgumentParser(description="The libsdm web front end: the form and its results.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = a free one)")
    parser.add_argument("--formulary", help="a Trust's formulary (JSON); default: the built-in one")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds a connection may stay silent (default %d)" % DEFAULT_TIMEOUT)
    parser.add_argument("--max-threads", type=int, default=DEFAULT_MAX_THREADS,
                        help="requests served at once (default %d)" % DEFAULT_MAX_THREADS)
    args = parser.parse_args()
    if not args.timeout > 0 or args.max_threads < 1:
        parser.error("--timeout must be above 0 and --max-threads at least 1")
    serve(args.host, args.port, args.formulary, args.quiet, args.timeout, args.max_threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
