#!/usr/bin/python3
"""libsdm web front end, the service under load and hostile requests (issue 16, #13, #8).

Usage: test-server.py SERVER_PY BINDING_DIR

Starts server.py on 127.0.0.1 (a free port, a 1-second socket timeout, at
most 8 threads) and checks, with no browser:
- 100 simultaneous requests are all answered (the listen backlog);
- every hostile request gets an HTTP error with a JSON body that names the
  problem, never a dropped connection: a rank of 2**70 or `true`, JSON nested
  20,000 deep, a Content-Length of `abc`, none, too large or negative, a
  body cut short, ids that are not text (a number, null, with a NUL, a lone
  surrogate), lists that are not lists, unknown fields;
- no message shows the binding's internals ("in method", "argument 2 of
  type"), and a message the library cut to its buffer is not empty;
- idle connections are closed after the timeout, and never hold more than
  the bound on threads; the service then still answers;
- a body that is not application/json (415), an empty form (400, asking
  to choose), a carer's part that is not true or false;
- every answer has the security headers (CSP, X-Content-Type-Options,
  Referrer-Policy) and a request id; every error's JSON has its request id,
  and the server's log (stderr, also with --quiet) names each of them;
- without --host the service listens on 127.0.0.1 only.
Exits 77 (skipped) when the Python binding is not built.
SPDX-License-Identifier: MIT
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time

TIMEOUT = 1       # --timeout given to the server, in seconds
MAX_THREADS = 8   # --max-threads given to the server
VALID = {"avoid": [{"id": "weight_gain", "rank": 1}, {"id": "dry_mouth", "rank": 2}],
         "helpful": ["night_sleepiness"], "completed_by": "service_user"}
SWIG_WORDS = ("in method", "argument", "char const", "object is not iterable", "Traceback")
FAILURES = []
ERROR_IDS = []    # the request ids of the errors answered, to be found in the server's log
SECURITY_HEADERS = {"content-security-policy": "default-src 'self'", "x-content-type-options": "nosniff",
                    "referrer-policy": "no-referrer"}


def expect(cond, what):
    if not cond:
        FAILURES.append(what)
    return cond


def binding_built(binding_dir):
    env = dict(os.environ, PYTHONPATH=binding_dir)
    return subprocess.run([sys.executable, "-c", "import libsdm"], env=env, capture_output=True).returncode == 0


def start_server(server_py, binding_dir):
    env = dict(os.environ, PYTHONPATH=binding_dir, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen([sys.executable, server_py, "--host", "127.0.0.1", "--port", "0", "--quiet",
                             "--timeout", str(TIMEOUT), "--max-threads", str(MAX_THREADS)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("Serving on http://127.0.0.1:"):
        proc.kill()
        sys.exit("FAIL: the service did not start: %r %s" % (line, proc.stderr.read()[-2000:]))
    return proc, int(line.rstrip("/").rsplit(":", 1)[1])


def read_answer(sock):
    """Everything the server sends until it closes; (answer, None) or (what came, the error)."""
    answer = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return answer, None
            answer += chunk
    except OSError as e:
        return answer, e


def raw_request(port, data, timeout=10):
    """Sends bytes as they are; returns (status, parsed JSON body or None, raw answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        answer, error = read_answer(sock)
    if error:
        return None, None, ("%s after %r" % (error, answer[:200])).encode()
    head, _, body = answer.partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None, None, answer
    try:
        return status, json.loads(body), answer
    except ValueError:
        return status, None, answer


def post(port, body, headers=None):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    hdrs = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    hdrs.update(headers or {})
    head = "POST /api/match HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(
        "%s: %s\r\n" % (k, v) for k, v in hdrs.items() if v is not None) + "\r\n"
    return raw_request(port, head.encode() + body)


def check_error(port, name, body, status, text, headers=None):
    got, answer, raw = post(port, body, headers)
    if not expect(got == status, "%s: HTTP %s, expected %s: %r" % (name, got, status, raw[:300])):
        return
    if not expect(isinstance(answer, dict) and isinstance(answer.get("error"), str),
                  "%s: the body is not JSON with an error: %r" % (name, raw[-300:])):
        return
    message = answer["error"]
    expect(text in message, "%s: the message %r lacks %r" % (name, message, text))
    if expect(isinstance(answer.get("request_id"), str), "%s: no request id in %r" % (name, answer)):
        ERROR_IDS.append(answer["request_id"])
    expect(not any(w in message for w in SWIG_WORDS), "%s: the message shows internals: %r" % (name, message))


def hostile_requests(port):
    rank = lambda r: {"avoid": [{"id": "weight_gain", "rank": r}]}  # noqa: E731
    deep = b'{"avoid": ' + b"[" * 20000 + b"]" * 20000 + b"}"
    rows = [
        ("rank 2**70", rank(2 ** 70), 400, "rank"),
        ("rank 2**31", rank(2 ** 31), 400, "rank"),
        ("rank true", rank(True), 400, "rank"),
        ("rank 1.0", rank(1.0), 400, "rank"),
        ("rank 0", rank(0), 400, "rank 0 for 'Weight gain' is out of range"),
        ("nested 20,000 deep", deep, 400, "nested"),
        ("Content-Length abc", json.dumps(VALID).encode(), 400, "Content-Length", {"Content-Length": "abc"}),
        ("Content-Length -5", json.dumps(VALID).encode(), 400, "Content-Length", {"Content-Length": "-5"}),
        ("Content-Length 1_0", json.dumps(VALID).encode(), 400, "Content-Length", {"Content-Length": "1_0"}),
        ("no Content-Length", json.dumps(VALID).encode(), 411, "Content-Length", {"Content-Length": None}),
        ("Content-Length too large", b"{}", 413, "65536", {"Content-Length": str(10 ** 9)}),
        ("body cut short", b'{"avoid": []}', 400, "cut short", {"Content-Length": "100"}),
        ("body not UTF-8", b'{"avoid": ["\xff"]}', 400, "not JSON"),
        ("body a list", [], 400, "JSON object"),
        ("id a number", {"avoid": [{"id": 5, "rank": 1}]}, 400, "id"),
        ("id null", {"avoid": [{"id": None, "rank": 1}]}, 400, "id"),
        ("id with NUL", {"avoid": [{"id": "weight_gain\u0000x", "rank": 1}]}, 400, "id"),
        ("id a lone surrogate", {"avoid": [{"id": "\ud800", "rank": 1}]}, 400, "id"),
        ("avoid a number", {"avoid": 5}, 400, "avoid"),
        ("avoid a string", {"avoid": "weight_gain"}, 400, "avoid"),
        ("helpful a string", {"helpful": "weight_gain"}, 400, "helpful"),
        ("helpful an object", {"helpful": [{"a": 1}]}, 400, "helpful"),
        ("unknown field", dict(VALID, avoidd=[]), 400, "avoidd"),
        ("completed_by a list", {"completed_by": ["carer"]}, 400, "completed the form"),
        ("carer_involved a string", dict(VALID, carer_involved="yes"), 400, "carer took part"),
        ("text/plain", VALID, 415, "application/json", {"Content-Type": "text/plain"}),
        ("a form's encoding", VALID, 415, "application/x-www-form-urlencoded",
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("no Content-Type", VALID, 415, "without a type", {"Content-Type": None}),
        ("an empty form", {}, 400, "please choose at least one side effect"),
        ("empty lists", {"avoid": [], "helpful": [], "completed_by": "carer"}, 400, "choose at least one"),
        # Issue 16, #8: the library cuts the id it echoes at 128 bytes; cut
        # inside a character, the message came through as "".
        ("id cut in a character", {"avoid": [{"id": "x" + "\u00e9" * 100, "rank": 1}]}, 400,
         "unknown side effect 'x\u00e9"),
    ]
    for row in rows:
        name, body, status, text = row[:4]
        check_error(port, name, body, status, text, row[4] if len(row) > 4 else None)
    # The library's own words for a form that is wrong, with the form's labels.
    check_error(port, "rank twice", {"avoid": [{"id": "weight_gain", "rank": 1}, {"id": "dry_mouth", "rank": 1}]},
                400, "rank 1 is already given to 'Weight gain'")
    got, answer, raw = post(port, VALID)
    expect(got == 200 and answer and answer.get("ranked"), "a valid form after the hostile ones: %r" % raw[:300])
    got, answer, raw = raw_request(port, b"GARBAGE\r\n\r\n")
    expect(got == 400 and isinstance(answer, dict) and answer.get("error"),
           "a request line that is not HTTP: %r" % raw[:300])
    got, answer, raw = raw_request(port, b"GET /nowhere HTTP/1.0\r\n\r\n")
    expect(got == 404 and isinstance(answer, dict) and "/nowhere" in answer.get("error", ""),
           "an unknown page: %r" % raw[:300])


def headers_and_log(port):
    """The security headers on a page, on the API and on an error; the carer's part in the record."""
    for method, path, body in (("GET", "/", None), ("GET", "/app.js", None), ("POST", "/api/match", VALID),
                               ("POST", "/api/match", {})):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(method, path, body if body is None else json.dumps(body), {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        for name, value in SECURITY_HEADERS.items():
            expect(value in (response.getheader(name) or ""), "%s %s: header %s is %r"
                   % (method, path, name, response.getheader(name)))
        expect(response.getheader("x-request-id"), "%s %s: no X-Request-Id" % (method, path))
        conn.close()
    got, answer, raw = post(port, dict(VALID, carer_involved=True))
    expect(got == 200 and answer["record"]["ranking"]["carer_involved"] is True and answer["carer_involved"],
           "carer_involved does not reach the record: %r" % raw[:300])
    expect(answer["excluded"][0]["kind"] == "restriction" and {"id": "clozapine", "name": "Clozapine"}
           in answer["medicines"], "clozapine is not excluded by its restriction: %r" % answer["excluded"])
    got, card, raw = raw_request(port, b"GET /api/card/clozapine HTTP/1.0\r\n\r\n")
    expect(got == 200 and card["restrictions"] and card["serious_risks"], "the card of clozapine: %r" % raw[:300])
    expect(len(raw) < 40000, "the card of clozapine has %d bytes (readings and addresses left out?)" % len(raw))
    got, answer, raw = raw_request(port, b"GET /api/card/nothing HTTP/1.0\r\n\r\n")
    expect(got == 404 and "nothing" in answer["error"], "the card of an unknown medicine: %r" % raw[:300])
    got, answer, raw = post(port, VALID)
    expect(got == 200 and len(raw) < 60000, "the answer to a form has %d bytes" % len(raw))


def default_host(server_py, binding_dir):
    """Started without --host, the service listens on 127.0.0.1 only."""
    env = dict(os.environ, PYTHONPATH=binding_dir, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen([sys.executable, server_py, "--port", "0", "--quiet"], env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    expect(line.startswith("Serving on http://127.0.0.1:"), "without --host: %r" % line)


def simultaneous(port, count=100):
    """`count` clients connect and post at the same moment; all must be answered."""
    barrier = threading.Barrier(count)
    results = [None] * count
    body = json.dumps(VALID)

    def client(i):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            barrier.wait(timeout=30)
            conn.request("POST", "/api/match", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            results[i] = (response.status, json.loads(response.read()).get("ranked", [{}])[0].get("id"))
            conn.close()
        except Exception as e:  # noqa: BLE001 - the failure is the result
            results[i] = repr(e)

    got, answer, raw = post(port, VALID)
    expected = (200, answer["ranked"][0]["id"]) if got == 200 else None
    expect(expected, "a single request: %r" % raw[:300])
    threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answered = sum(1 for r in results if r == expected)
    expect(answered == count, "%d of %d simultaneous requests answered alike; others: %s"
           % (answered, count, sorted(set(map(str, results)))[:5]))
    print("%d simultaneous requests: %d answered in %.1f s" % (count, answered, time.monotonic() - start))


def thread_count(pid):
    with open("/proc/%d/status" % pid) as fh:
        for line in fh:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def idle_connections(server, port, count=40):
    """`count` connections that send nothing: they may hold at most the bound
    on threads, and are closed after the timeout."""
    socks = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(count)]
    time.sleep(0.5)
    busy = thread_count(server.pid)
    # The main thread, the connections being served, nothing for the others.
    expect(0 < busy <= MAX_THREADS + 1, "%d idle connections: %d threads in the server (at most %d allowed)"
           % (count, busy, MAX_THREADS + 1))
    closed = 0
    deadline = time.monotonic() + count / MAX_THREADS * TIMEOUT + 15
    for sock in socks:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            closed += sock.recv(1) == b""  # the server closed it
        except OSError:
            pass
        sock.close()
    expect(closed == count, "%d of %d idle connections closed by the server after its timeout" % (closed, count))
    got, answer, raw = post(port, VALID)
    expect(got == 200, "a request after the idle connections: %r" % raw[:300])
    print("%d idle connections: %d threads at most, %d closed after the timeout" % (count, busy, closed))


def slow_body(port):
    """A body that never comes: 408 with JSON, once the timeout has passed."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /api/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 50\r\n\r\n{")
        answer, error = read_answer(sock)
    if error:
        answer += b" (%s)" % str(error).encode()
    head, _, body = answer.partition(b"\r\n\r\n")
    ok = head.startswith(b"HTTP/1.0 408") or head.startswith(b"HTTP/1.1 408")
    try:
        ok = ok and "timeout" in json.loads(body)["error"]
    except (ValueError, KeyError):
        ok = False
    expect(ok, "a body that never comes: %r" % answer[:300])


def main():
    server_py, binding_dir = sys.argv[1:3]
    if not binding_built(binding_dir):
        print("SKIP: the Python binding is not built in %s" % binding_dir)
        return 77
    server, port = start_server(server_py, binding_dir)
    try:
        checks = [("hostile requests", lambda: hostile_requests(port)),
                  ("security headers, request ids", lambda: headers_and_log(port)),
                  ("127.0.0.1 by default", lambda: default_host(server_py, binding_dir)),
                  ("100 simultaneous requests", lambda: simultaneous(port)),
                  ("idle connections", lambda: idle_connections(server, port)),
                  ("a body that never comes", lambda: slow_body(port))]
        for name, check in checks:
            before = len(FAILURES)
            check()
            print("%s %s" % ("ok  " if len(FAILURES) == before else "FAIL", name))
        expect(server.poll() is None, "the server died")
    finally:
        server.terminate()
        try:
            _, errors = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
    expect("Traceback" not in errors, "the server printed a traceback:\n%s" % errors[-3000:])
    unlogged = [i for i in ERROR_IDS if "[%s] error:" % i not in errors]
    expect(ERROR_IDS and not unlogged, "errors not in the server's log with their request id: %s (of %d)"
           % (unlogged[:5], len(ERROR_IDS)))
    for failure in FAILURES[:60]:
        print("FAIL:", failure)
    print("web service: %d checks; %d failures" % (len(checks), len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
