#!/usr/bin/python3
"""sdm-web: the libsdm web front end, a small local HTTP service.

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/frontend/web/server.py [--port 8000]

Serves one page (index.html, app.js, style.css) with the form of the paper
tool, and a JSON API over the Python binding:

    GET  /api/form   the side effects in their groups, the formulary and its notice
    POST /api/match  {"avoid": [{"id": ..., "rank": 1}, ...], "helpful": [ids],
                      "completed_by": "service_user" | "carer" | "together" | null}
                     -> the ranked medicines with their reasons, the excluded
                        ones, and each ranked medicine's information card;
                        an invalid form -> 400 {"error": message for the person}

Every failure is an HTTP error with a JSON body {"error": what is wrong},
also those that http.server finds itself (a request line that is not HTTP).
Under load: a listen backlog of 128, at most --max-threads requests served at
once (the others wait in the backlog), and a socket timeout (--timeout) so
that an idle or slow connection cannot hold a thread for ever.

Standard library only (http.server); it listens on 127.0.0.1 unless told
otherwise, and prints "Serving on http://HOST:PORT/" once it is listening
(--port 0 picks a free port).
SPDX-License-Identifier: MIT
"""
import argparse
import json
import os
import re
import sys
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sdm

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
# A form is a few hundred bytes; anything much bigger is not one.
MAX_BODY = 64 * 1024
COMPLETED_BY = ("service_user", "carer", "together")
FORM_FIELDS = ("avoid", "helpful", "completed_by")
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
        self.catalogue = sdm.Catalogue.default()
        if formulary_path:
            self.formulary = sdm.Formulary.load(formulary_path, self.catalogue)
        else:
            self.formulary = sdm.Formulary.default(self.catalogue)
        self.labels = {item.id: item.label for item in self.catalogue}

    def form(self):
        groups = [{"id": g.id, "label": g.label, "items": []} for g in self.catalogue.groups]
        by_id = {g["id"]: g for g in groups}
        for item in self.catalogue:
            by_id[item.group]["items"].append({"id": item.id, "label": item.label,
                                               "commonly_helpful": item.commonly_helpful})
        return {"groups": groups, "max_rank": sdm.Ranking(self.catalogue).max_rank,
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
        avoid, helpful = form.get("avoid", []), form.get("helpful", [])
        if not isinstance(avoid, list) or not isinstance(helpful, list):
            raise FormError("avoid and helpful must be lists")
        ranking = sdm.Ranking(self.catalogue, completed_by=who)
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
        ranking.validate()  # the ranks run from 1 without a gap
        return ranking

    def match(self, form):
        ranking = self.ranking(form)
        match = self.formulary.match(ranking)
        ranked = [{"rank": e.rank, "id": e.medication.id, "name": e.name, "score": e.score,
                   "unknown_count": e.unknown_count, "reason": e.explanation.reason} for e in match]
        excluded = [{"id": x.medication.id, "name": x.medication.name, "reason": x.reason}
                    for x in match.excluded]
        cards = [json.loads(e.medication.card_json(ranking)) for e in match]
        return {"ranked": ranked, "excluded": excluded, "cards": cards, "data_version": match.data_version,
                "notice": self.formulary.notice}


class Handler(BaseHTTPRequestHandler):
    service = None  # set by serve()
    server_version = "sdm-web"
    timeout = DEFAULT_TIMEOUT  # seconds a connection may stay silent; set by serve()
    # A request line that cannot be parsed is answered with a status line and
    # headers, not as HTTP/0.9 (a bare body the client cannot tell from data).
    default_request_version = "HTTP/1.0"

    def send(self, status, body, content_type="application/json; charset=utf-8"):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            # The page loads nothing from elsewhere, and says so to the browser.
            self.send_header("Content-Security-Policy", "default-src 'self'")
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
        except sdm.Error as e:
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

    def read_form(self):
        length = self.content_length()
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
    if quiet:
        Handler.log_message = lambda *args: None
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
