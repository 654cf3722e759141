#!/usr/bin/python3
"""libsdm EHR example, hostile conditions: sdm-ehr's output failing, and
hostile input (issue 16: #1, #3, #11).

Usage: test-ehr-hostile.py SDM_EHR TRUST_CONFIG

- The output fails: standard output is /dev/full, or a pipe whose reader has
  gone (with SIGPIPE at its default and ignored, as a host process often
  sets it), from the start or after some responses were read. sdm-ehr must
  say so on standard error with the number of responses written, exit with
  status 1 (not a signal, not an abort), and stop reading at once, even if
  its input stays open. Standard input or output closed from the start is
  refused at once.
- A mixed hostile stream (blank lines, lines that start with a NUL byte,
  lines over the limit, invalid UTF-8, bad JSON, valid requests, CRLF, a last
  line without a newline): every line is answered exactly once, in order, on
  1 and on 4 threads.
- Lines of 20 MB: refused with SDM_ERR_LIMIT naming the limit, the stream
  going on, and memory bounded (the largest resident size of the process is
  measured).
- A timestamp over 4096 bytes: SDM_ERR_LIMIT, found before the match is run.
SPDX-License-Identifier: MIT
"""
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time

MAX_REQUEST = 1024 * 1024  # bytes in a request line, without its end of line (main.c)
VALID = {"avoid": ["weight_gain", "day_sleepiness"], "helpful": ["night_sleepiness"]}
FAILURES = []


def expect(cond, what):
    if not cond:
        FAILURES.append(what)
    return cond


def request(rid, **extra):
    return json.dumps(dict({"id": rid, "ranking": VALID}, **extra)).encode()


def padded(rid, size):
    """A valid request of exactly `size` bytes (spaces before the closing brace)."""
    line = request(rid)
    return line[:-1] + b" " * (size - len(line)) + b"}"


def ignore_sigpipe():
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)


def start(program, config, threads=4, stdout=subprocess.PIPE, preexec_fn=None, env=None):
    return subprocess.Popen([program, "--config", config, "--threads", str(threads)], stdin=subprocess.PIPE,
                            stdout=stdout, stderr=subprocess.PIPE, preexec_fn=preexec_fn, env=env)


def finish(proc, timeout=30):
    """Waits for the process; returns (exit status, standard error, largest resident size in KiB)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, proc.stderr.read().decode("utf-8", "replace"), usage.ru_maxrss
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    return None, proc.stderr.read().decode("utf-8", "replace"), 0


# ---- the output fails ------------------------------------------------------------------------

def check_output_failure(name, status, stderr, written):
    """sdm-ehr must exit with 1 and say how many responses it wrote (and why not more)."""
    expect(status == 1, "%s: exit status %s (a negative one is a signal), expected 1; stderr: %s"
           % (name, status, stderr[-600:]))
    expect("double free" not in stderr and "Aborted" not in stderr and "Sanitizer" not in stderr,
           "%s: crashed: %s" % (name, stderr[-600:]))
    said = "%d response%s written" % (written, "" if written == 1 else "s")
    expect(said in stderr, "%s: stderr does not say %r: %s" % (name, said, stderr[-600:]))


def output_full(program, config):
    """Standard output is /dev/full: nothing can be written."""
    lines = b"".join(request("full-%d" % i) + b"\n" for i in range(500))
    with open("/dev/full", "wb") as full:
        proc = start(program, config, stdout=full)
        proc.stdin.write(lines)
        proc.stdin.close()
        status, stderr, _ = finish(proc)
    check_output_failure("/dev/full", status, stderr, 0)
    expect("No space left on device" in stderr, "/dev/full: the cause is not given: %s" % stderr[-300:])


def output_closed(program, config, sigpipe_ignored):
    """The reader of standard output has gone before the first response."""
    name = "closed pipe, SIGPIPE %s" % ("ignored" if sigpipe_ignored else "default")
    read_end, write_end = os.pipe()
    proc = start(program, config, stdout=write_end, preexec_fn=ignore_sigpipe if sigpipe_ignored else None)
    os.close(write_end)
    os.close(read_end)
    try:
        proc.stdin.write(b"".join(request("closed-%d" % i) + b"\n" for i in range(500)))
        proc.stdin.close()
    except BrokenPipeError:
        pass  # it stopped reading: that is allowed
    status, stderr, _ = finish(proc)
    check_output_failure(name, status, stderr, 0)
    expect("Broken pipe" in stderr, "%s: the cause is not given: %s" % (name, stderr[-300:]))


def read_line(fd, timeout=20):
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            chunk = os.read(fd, 1)
            if not chunk:
                break
            data += chunk
    return data


def output_closed_after_answers(program, config, sigpipe_ignored):
    """Three requests answered and read, then the reader goes while the input
    stays open: the fourth response fails, and sdm-ehr must stop on its own
    (not wait for more input) and say that 3 responses were written."""
    name = "pipe closed after 3 responses, SIGPIPE %s" % ("ignored" if sigpipe_ignored else "default")
    read_end, write_end = os.pipe()
    proc = start(program, config, threads=1, stdout=write_end,
                 preexec_fn=ignore_sigpipe if sigpipe_ignored else None)
    os.close(write_end)
    got = []
    for i in range(3):
        proc.stdin.write(request("early-%d" % i) + b"\n")
        proc.stdin.flush()
        got.append(read_line(read_end))
    expect([json.loads(g).get("id") if g else None for g in got] == ["early-0", "early-1", "early-2"],
           "%s: the first three responses: %r" % (name, [g[:60] for g in got]))
    os.close(read_end)
    # Nobody reads the pipe any more: writing the fourth response fails.
    proc.stdin.write(request("early-3") + b"\n")
    proc.stdin.flush()
    status, stderr, _ = finish(proc, timeout=20)  # the input is still open
    expect(status is not None, "%s: sdm-ehr went on waiting for input after its output failed" % name)
    try:
        proc.stdin.close()
    except BrokenPipeError:
        pass
    if status is not None:
        check_output_failure(name, status, stderr, 3)


def closed_streams(program, config):
    """Standard input or output closed from the start (or input unreadable):
    refused at once, not read from or written to whatever is opened next."""
    for name, fd, text in (("input", 0, "standard input is closed"), ("output", 1, "standard output is closed")):
        proc = start(program, config, preexec_fn=lambda fd=fd: os.close(fd))
        try:
            proc.stdin.write(request("closed") + b"\n")
            proc.stdin.close()
        except BrokenPipeError:
            pass
        status, stderr, _ = finish(proc, timeout=20)
        expect(status == 1 and text in stderr, "standard %s closed: exit status %s: %s" % (name, status, stderr[-300:]))
    directory = os.open("/", os.O_RDONLY)
    try:
        proc = subprocess.run([program, "--config", config], stdin=directory, capture_output=True, timeout=20)
    finally:
        os.close(directory)
    expect(proc.returncode == 1 and b"could not read the requests" in proc.stderr,
           "standard input a directory: exit status %s: %s" % (proc.returncode, proc.stderr[-300:]))


# ---- every line answered once, in order ----------------------------------------------------

# (line, expected id, expected status, text in the message); None = "ok".
def hostile_stream():
    over = padded("over-limit", MAX_REQUEST + 1)
    at = padded("at-limit", MAX_REQUEST)
    return [
        (request("v-1"), "v-1", None, None),
        (b"", None, "SDM_ERR_PARSE", "empty line"),
        (b"   \t ", None, "SDM_ERR_PARSE", "empty line"),
        (request("v-2"), "v-2", None, None),
        (b"\0" + request("nul-led"), None, "SDM_ERR_PARSE", "NUL"),
        (b"  \0" + request("blank-nul"), None, "SDM_ERR_PARSE", "NUL"),
        (request("nul-inside")[:-1] + b"\0}", None, "SDM_ERR_PARSE", "NUL"),
        (b"\0", None, "SDM_ERR_PARSE", "NUL"),
        (request("v-3"), "v-3", None, None),
        (over, None, "SDM_ERR_LIMIT", "the limit is 1048576 bytes"),
        (at, "at-limit", None, None),
        (b'{"id": "bad-utf8", "ranking": {"avoid": ["\xff\xfe"]}}', None, "SDM_ERR_PARSE", "not JSON"),
        (b"\xc3\x28 not UTF-8", None, "SDM_ERR_PARSE", "not JSON"),
        (b'{"id": "bad-json", ', None, "SDM_ERR_PARSE", "not JSON"),
        (request("v-4") + b"\r", "v-4", None, None),  # CRLF
        (b"[]", None, "SDM_ERR_SCHEMA", "must be a JSON object"),
        (request("unknown", ranking={"avoid": ["weight_gian"]}), "unknown", "SDM_ERR_NOT_FOUND", "weight_gian"),
        (request("ts-4096", timestamp="9" * 4096), "ts-4096", None, None),
        (request("ts-4097", timestamp="9" * 4097), "ts-4097", "SDM_ERR_LIMIT", "4096"),
        (request("key-utf8", **{"x" + "\u00e9" * 700: 1}), "key-utf8", "SDM_ERR_SCHEMA", "unknown key"),
        (request("v-last"), "v-last", None, None),  # the last line has no newline
    ]


def check_answers(name, expected, out):
    responses = out.split(b"\n")
    if responses and responses[-1] == b"":
        responses.pop()
    if not expect(len(responses) == len(expected), "%s: %d responses to %d lines" % (name, len(responses),
                                                                                   len(expected))):
        return
    for n, ((_, rid, status, text), raw) in enumerate(zip(expected, responses), 1):
        try:
            resp = json.loads(raw)
        except ValueError:
            expect(False, "%s: line %d: the response is not JSON: %r" % (name, n, raw[:200]))
            continue
        where = "%s: line %d (%s)" % (name, n, rid)
        expect(resp.get("id") == rid, "%s: answered with id %r" % (where, resp.get("id")))
        if status is None:
            expect(resp.get("status") == "ok", "%s: not ok: %s" % (where, json.dumps(resp.get("error"))))
        else:
            err = resp.get("error", {})
            expect(err.get("status") == status, "%s: status %s, expected %s" % (where, err.get("status"), status))
            expect(text in err.get("message", ""), "%s: message %r lacks %r" % (where, err.get("message"), text))


def mixed_stream(program, config):
    stream = hostile_stream()
    data = b"\n".join(line for line, _, _, _ in stream)  # no newline after the last line
    outputs = []
    for threads in (1, 4):
        proc = start(program, config, threads=threads)
        out, _ = proc.communicate(data, timeout=120)
        expect(proc.returncode == 0, "mixed stream, %d threads: exit status %s" % (threads, proc.returncode))
        check_answers("mixed stream, %d threads" % threads, stream, out)
        outputs.append(out)
    expect(outputs[0] == outputs[1], "mixed stream: the answers on 4 threads differ from those on 1")


def peak_resident_kib(pid):
    """The process's largest resident size so far (VmHWM). Not ru_maxrss from
    wait4(): Linux carries that over exec() from the forked copy of this
    Python process, which holds the test's own 160 MB."""
    with open("/proc/%d/status" % pid) as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def huge_lines(program, config):
    """Eight lines of 20 MB, then a valid request: eight refusals and an answer,
    with the process never holding even one of those lines."""
    big = b"{" + b" " * (20 * 1000 * 1000 - 1) + b"\n"
    # Under AddressSanitizer (scripts/test.sh runs this suite so), freed memory
    # is held in a quarantine of up to 256 MiB, which would be measured too.
    asan = os.environ.get("ASAN_OPTIONS", "")
    env = dict(os.environ, ASAN_OPTIONS=(asan + ":" if asan else "") + "quarantine_size_mb=0")
    proc = start(program, config, threads=4, env=env)
    responses = []

    # Read while writing, so that neither side waits for the other; the input
    # stays open until the peak is read, so that the process is still there.
    proc.stdin.write(request("before") + b"\n")
    proc.stdin.flush()
    responses.append(proc.stdout.readline())
    baseline = peak_resident_kib(proc.pid)
    reader = threading.Thread(target=lambda: responses.extend(proc.stdout.readline() for _ in range(9)))
    reader.start()
    for _ in range(8):
        proc.stdin.write(big)
    proc.stdin.write(request("after") + b"\n")
    proc.stdin.flush()
    reader.join(timeout=120)
    peak = peak_resident_kib(proc.pid)
    proc.stdin.close()
    status, stderr, _ = finish(proc, timeout=120)
    expect(status == 0, "huge lines: exit status %s: %s" % (status, stderr[-300:]))
    expected = [(None, "before", None, None)] + \
               [(None, None, "SDM_ERR_LIMIT", "the request line is 20000000 bytes")] * 8 + \
               [(None, "after", None, None)]
    check_answers("huge lines", expected, b"".join(responses))
    # After one request, the lines of 20 MB may add the 1 MiB kept of one,
    # not the 20 MB of one.
    expect(0 < baseline <= peak < baseline + 16 * 1024,
           "huge lines: the largest resident size grew from %d KiB to %d KiB" % (baseline, peak))
    print("huge lines: largest resident size %d KiB after one request, %d KiB after the 20 MB lines"
          % (baseline, peak))


def main():
    program, config = sys.argv[1:3]
    checks = [("output to /dev/full", lambda: output_full(program, config)),
              ("output closed, SIGPIPE default", lambda: output_closed(program, config, False)),
              ("output closed, SIGPIPE ignored", lambda: output_closed(program, config, True)),
              ("output closed after 3, SIGPIPE default", lambda: output_closed_after_answers(program, config, False)),
              ("output closed after 3, SIGPIPE ignored", lambda: output_closed_after_answers(program, config, True)),
              ("standard input or output closed", lambda: closed_streams(program, config)),
              ("mixed hostile stream", lambda: mixed_stream(program, config)),
              ("lines of 20 MB", lambda: huge_lines(program, config))]
    for name, check in checks:
        before = len(FAILURES)
        check()
        print("%s %s" % ("ok  " if len(FAILURES) == before else "FAIL", name))
    for failure in FAILURES[:60]:
        print("FAIL:", failure)
    print("%d checks; %d failures" % (len(checks), len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
