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
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import libsdm

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
# A form is a few hundred bytes; anything much bigger is not one.
MAX_BODY = 64 * 1024
COMPLETED_BY = ("service_user", "carer", "together")


class FormError(ValueError):
    """The request is not a form this page could have sent."""


class Service:
    """The loaded data, shared by every request: libsdm objects are immutable once loaded."""

    def __init__(self, formulary_path=None):
        self.catalogue = libsdm.Catalogue.default()
        if formulary_path:
            self.formulary = libsdm.Formulary.load(formulary_path, self.catalogue)
        else:
            self.formulary = libsdm.Formulary.default(self.catalogue)
        self.labels = {item.id: item.label for item in self.catalogue}

    def form(self):
        groups = [{"id": g.id, "label": g.label, "items": []} for g in self.catalogue.groups]
        by_id = {g["id"]: g for g in groups}
        for item in self.catalogue:
            by_id[item.group]["items"].append({"id": item.id, "label": item.label,
                                               "commonly_helpful": item.commonly_helpful})
        return {"groups": groups, "max_rank": libsdm.Ranking(self.catalogue).max_rank,
                "formulary": self.formulary.title, "data_version": self.formulary.version,
                "notice": self.formulary.notice}

    def friendly(self, message):
        """The library names side effects by id ('weight_gain'); the page shows the form's words."""
        return re.sub(r"'([A-Za-z0-9_.-]+)'", lambda m: "'%s'" % self.labels.get(m.group(1), m.group(1)), message)

    def ranking(self, form):
        if not isinstance(form, dict):
            raise FormError("the form must be a JSON object")
        who = form.get("completed_by") or None
        if who is not None and who not in COMPLETED_BY:
            raise FormError("who completed the form must be one of %s" % ", ".join(COMPLETED_BY))
        ranking = libsdm.Ranking(self.catalogue, completed_by=who)
        for choice in form.get("avoid", []):
            if not isinstance(choice, dict) or not isinstance(choice.get("rank"), int):
                raise FormError("each side effect to avoid needs an id and a rank")
            ranking.add_avoid(choice.get("id"), choice["rank"])
        for effect in form.get("helpful", []):
            ranking.add_helpful(effect)
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

    def send(self, status, body, content_type="application/json; charset=utf-8"):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # The page loads nothing from elsewhere, and says so to the browser.
        self.send_header("Content-Security-Policy", "default-src 'self'")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/api/form":
            return self.send(HTTPStatus.OK, self.service.form())
        if self.path not in STATIC:
            return self.send(HTTPStatus.NOT_FOUND, {"error": "no such page: %s" % self.path})
        name, content_type = STATIC[self.path]
        with open(os.path.join(HERE, name), "rb") as fh:
            self.send(HTTPStatus.OK, fh.read(), content_type)

    def read_form(self):
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            raise FormError("the form is empty or too large")
        try:
            return json.loads(self.rfile.read(length))
        except ValueError as e:
            raise FormError("the form is not JSON: %s" % e) from None

    def do_POST(self):
        if self.path != "/api/match":
            return self.send(HTTPStatus.NOT_FOUND, {"error": "no such service: %s" % self.path})
        try:
            result = self.service.match(self.read_form())
        except libsdm.Error as e:
            # The library's own words, e.g. "rank 1 is already given to 'Weight gain'".
            return self.send(HTTPStatus.BAD_REQUEST, {"error": self.service.friendly(str(e)),
                                                      "kind": type(e).__name__})
        except (FormError, TypeError) as e:
            return self.send(HTTPStatus.BAD_REQUEST, {"error": str(e), "kind": "FormError"})
        self.send(HTTPStatus.OK, result)


def serve(host, port, formulary_path=None, quiet=False):
    Handler.service = Service(formulary_path)
    if quiet:
        Handler.log_message = lambda *args: None
    httpd = ThreadingHTTPServer((host, port), Handler)
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
    args = parser.parse_args()
    serve(args.host, args.port, args.formulary, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
