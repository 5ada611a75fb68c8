#!/usr/bin/env python3
"""Facet's benchmark harness: the real release binary in a pseudo-terminal, beside VisiData.

    python3 Benchmarks/run.py            # full run on the large district (see Benchmarks/README.md)
    python3 Benchmarks/run.py --smoke    # a fast check on a small district, no peer

Standard library only (Python 3.11). It prints a table and writes JSON (Benchmarks/results/latest.json).
It exits 0 when it measured, whether or not the budgets were met; non-zero only when the harness
itself failed. Every wait has a deadline and every child it starts is killed on the way out.
"""
from __future__ import annotations

import argparse
import datetime
import errno
import fcntl
import json
import math
import os
import platform
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCHEMA_VERSION = 1

COLS, ROWS = 80, 24
DOWN = b"\x1bOB"        # application cursor mode (facet and VisiData turn keypad mode on)
RIGHT = b"\x1bOC"
UP = b"\x1bOA"
LEFT = b"\x1bOD"
PAGE_DOWN = b"\x1b[6~"
LEFT = b"\x1bOD"
PAGE_UP = b"\x1b[5~"
ESC = b"\x1b"
ENTER = b"\r"
CTRL_L = b"\x0c"

# Surnames that the demo generator uses (Sources/FacetStore/DemoData.swift), typed one letter at a time.
SURNAMES = ["Kowalski", "Washington", "Bergstrom", "Halvorsen", "Fitzgerald", "Thompson", "Xiong", "Warsame",
            "Robinson", "Lindqvist", "Whitebird", "Castillo"]

# Issue #11's budgets, so that "Budgets missed" says where Facet stands against them.
BUDGETS = {
    "first_frame_ms": 25.0,
    "cold_first_frame_ms": 80.0,
    "key_p99_ms": 16.0,
    "move_p99_ms": 2.0,
    "move_bytes": 200,
    "peak_rss_mb": 32.0,
    "ahead_of_visidata": True,
    # `facet report` and `facet metrics` on the district: "finishes in seconds".
    "report_s": 5.0,
}


class HarnessError(Exception):
    """The harness could not measure (a child failed to start, hung, or died)."""


# ---------------------------------------------------------------------------------------------
# Terminal output as text

_ESCAPE = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]"          # CSI: cursor moves, SGR, modes, ECH, REP…
    rb"|\][^\x07\x1b]*(?:\x07|\x1b\\)"       # OSC
    rb"|[()*+][0-~]"                         # character set designation
    rb"|[ -/]*[0-~])"                        # other two-byte escapes (ESC = / ESC > / ESC M …)
)
_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")


def visible_text(data: bytes) -> str:
    """What a chunk of terminal output prints, escapes and control characters removed."""
    return _CONTROL.sub(b"", _ESCAPE.sub(b"", data)).decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------------
# Children: every one is registered so that it is killed however the harness ends.

_LIVE_GROUPS: set[int] = set()


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_all_children() -> None:
    for pid in list(_LIVE_GROUPS):
        _kill_group(pid)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        _LIVE_GROUPS.discard(pid)


def _on_signal(signum, _frame):
    _kill_all_children()
    raise SystemExit(128 + signum)


def run_command(argv: list[str], *, timeout: float, cwd: Path | None = None, env: dict | None = None,
                echo: bool = False) -> tuple[int, str, float]:
    """Runs a command in its own process group with a deadline; returns (status, output, seconds)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    _LIVE_GROUPS.add(proc.pid)
    chunks: list[bytes] = []
    try:
        deadline = started + timeout
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise HarnessError(f"{' '.join(argv)} did not finish within {timeout:.0f} s")
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if ready:
                data = os.read(fd, 65536)
                if not data:
                    break
                chunks.append(data)
                if echo:
                    sys.stdout.write(data.decode("utf-8", errors="replace"))
                    sys.stdout.flush()
        left = max(0.1, deadline - time.perf_counter())
        try:
            status = proc.wait(timeout=left)
        except subprocess.TimeoutExpired:
            raise HarnessError(f"{' '.join(argv)} did not exit within {timeout:.0f} s") from None
        return status, b"".join(chunks).decode("utf-8", errors="replace"), time.perf_counter() - started
    finally:
        if proc.returncode is None:
            _kill_group(proc.pid)
            proc.wait()
        _LIVE_GROUPS.discard(proc.pid)
        if proc.stdout:
            proc.stdout.close()


# ---------------------------------------------------------------------------------------------
# A program in a pseudo-terminal

@dataclass
class Settled:
    """Output that followed a write, up to the moment the terminal went quiet."""
    last_byte: float | None        # perf_counter of the last (significant) byte, None when nothing came
    nbytes: int                    # bytes received up to and including that byte
    data: bytes = b""


def _become_controlling_tty():
    # Runs in the child between fork and exec: after setsid (start_new_session) stdin, the pty's slave
    # side, becomes the controlling terminal, so the program gets SIGWINCH and /dev/tty as usual.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtySession:
    """One program in a pseudo-terminal of COLS×ROWS, driven by writes and timed by its output.

    With `ignore_noise`, output that prints nothing (a chunk of cursor moves and mode switches with no
    text) neither starts nor extends a frame: VisiData re-sends keypad mode and parks the cursor about
    every 110 ms even when idle, which would otherwise never let the screen go quiet for long."""

    def __init__(self, argv: list[str], env: dict[str, str], *, ignore_noise: bool = False,
                 cwd: Path | None = None, name: str = "child"):
        self.name = name
        self.ignore_noise = ignore_noise
        self.transcript = bytearray()
        self.eof = False
        self.rusage = None
        self.status: int | None = None
        self.last_significant: float | None = None  # when the last significant chunk was read
        master, slave = os.openpty()
        # The size is set before the child starts, so its first frame is already 80×24.
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.set_blocking(master, False)
        self.master = master
        self.spawned = time.perf_counter()
        try:
            self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                                         start_new_session=True, preexec_fn=_become_controlling_tty,
                                         close_fds=True)
        except OSError as e:
            os.close(slave)
            os.close(master)
            raise HarnessError(f"cannot start {argv[0]}: {e}") from None
        os.close(slave)
        self.pid = self.proc.pid
        _LIVE_GROUPS.add(self.pid)

    # -- reading

    def _read(self, timeout: float) -> tuple[float, bytes] | None:
        if self.eof:
            if timeout > 0:
                time.sleep(min(timeout, 0.01))
            return None
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            data = os.read(self.master, 1 << 16)
        except BlockingIOError:
            return None
        except OSError as e:
            if e.errno == errno.EIO:  # the child closed its side: it has exited
                self.eof = True
                return None
            raise
        now = time.perf_counter()
        if not data:
            self.eof = True
            return None
        self.transcript += data
        if self._significant(data):
            self.last_significant = now
        return now, data

    def _significant(self, data: bytes) -> bool:
        return not self.ignore_noise or bool(visible_text(data).strip())

    def drain(self) -> None:
        """Reads whatever is already waiting (there should be nothing between measurements)."""
        while self._read(0) is not None:
            pass

    def settle(self, quiet: float, *, first_timeout: float, deadline: float, since: float | None = None) -> Settled:
        """Reads until no significant output has come for `quiet` seconds after the last significant
        byte; when none has come at all, gives up after `first_timeout`. `since`: a significant byte
        already read (the frame being finished started before this call)."""
        start = time.perf_counter()
        last: float | None = since
        counted = 0
        pending = 0
        data = bytearray()
        while True:
            now = time.perf_counter()
            if now > deadline:
                raise HarnessError(f"{self.name}: output never went quiet (deadline passed)\n{self.tail()}")
            wait = (start + first_timeout - now) if last is None else (last + quiet - now)
            if wait <= 0:
                break
            got = self._read(min(wait, deadline - now))
            if got is None:
                if self.eof and last is None:
                    raise HarnessError(f"{self.name} exited unexpectedly\n{self.tail()}")
                continue
            t, chunk = got
            data += chunk
            pending += len(chunk)
            if self._significant(chunk):
                last = t
                counted += pending
                pending = 0
        return Settled(last, counted, bytes(data))

    def wait_for_text(self, pattern: re.Pattern, *, deadline: float) -> float:
        """Reads until the screen's text so far matches `pattern`; returns when the match arrived."""
        while True:
            if pattern.search(visible_text(bytes(self.transcript))):
                return time.perf_counter()
            now = time.perf_counter()
            if now > deadline:
                raise HarnessError(f"{self.name}: timed out waiting for {pattern.pattern!r}\n{self.tail()}")
            got = self._read(min(0.05, deadline - now))
            if got is None and self.eof:
                raise HarnessError(f"{self.name} exited before showing {pattern.pattern!r}\n{self.tail()}")

    # -- writing

    def press(self, keys: bytes, quiet: float, *, first_timeout: float = 10.0, limit: float = 60.0,
              require_output: bool = True) -> tuple[float | None, int]:
        """Writes `keys` and waits for the frame; returns (ms from the write to the last byte, bytes)."""
        self.drain()
        t0 = time.perf_counter()
        try:
            os.write(self.master, keys)
        except OSError as e:
            raise HarnessError(f"{self.name}: cannot write to the terminal ({e})\n{self.tail()}") from None
        s = self.settle(quiet, first_timeout=first_timeout, deadline=t0 + limit)
        if s.last_byte is None:
            if require_output:
                raise HarnessError(f"{self.name}: no output within {first_timeout:.0f} s after {keys!r}\n{self.tail()}")
            return None, 0
        return (s.last_byte - t0) * 1000.0, s.nbytes

    # -- ending

    def quit(self, keys: bytes, timeout: float = 10.0) -> None:
        """Sends the quit keys, waits for the child to exit and records its resource usage."""
        try:
            os.write(self.master, keys)
        except OSError:
            pass
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self._read(0.02)
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self._reaped(status, usage)
                return
        raise HarnessError(f"{self.name} did not exit within {timeout:.0f} s of {keys!r}\n{self.tail()}")

    def _reaped(self, status: int, usage) -> None:
        self.status = os.waitstatus_to_exitcode(status)
        self.rusage = usage
        self.proc.returncode = self.status  # reaped here (wait4 gives ru_maxrss), not by Popen
        _LIVE_GROUPS.discard(self.pid)

    def close(self) -> None:
        """Kills the child if it still runs and closes the terminal; safe to call twice."""
        if self.pid in _LIVE_GROUPS:
            _kill_group(self.pid)
            try:
                _, status, usage = os.wait4(self.pid, 0)
                self._reaped(status, usage)
            except ChildProcessError:
                _LIVE_GROUPS.discard(self.pid)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def peak_rss_mb(self) -> float | None:
        return None if self.rusage is None else self.rusage.ru_maxrss / 1024.0  # Linux: KiB

    def tail(self, n: int = 1500) -> str:
        text = visible_text(bytes(self.transcript[-20000:]))
        return "--- last output (text only) ---\n" + text[-n:]


# ---------------------------------------------------------------------------------------------
# Figures

def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100.0 * len(s)) - 1)]


def summary(times: list[float], sizes: list[int]) -> dict:
    if not times:
        return {"median_ms": None, "p99_ms": None, "max_ms": None, "n": 0, "bytes_median": None}
    return {
        "median_ms": round(statistics.median(times), 3),
        "p99_ms": round(percentile(times, 99), 3),
        "max_ms": round(max(times), 3),
        "n": len(times),
        "bytes_median": int(statistics.median(sizes)) if sizes else None,
    }


def terminal_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    for k in ("NO_COLOR", "FACET_DB", "FACET_THEME", "FACET_THEMES_DIR", "ESCDELAY", "COLUMNS", "LINES",
              "TMUX", "STY"):
        env.pop(k, None)
    env.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC"})
    if extra:
        env.update(extra)
    return env


def log(msg: str) -> None:
    print(msg, flush=True)


# ---------------------------------------------------------------------------------------------
# Facet

FIRST_FRAME_DRAWN: list[float] = []  # per start: ms until the first frame's status line arrived


def facet_first_frame(s: PtySession, quiet: float) -> float:
    """ms from spawn to the last byte of the first complete frame (status line drawn, then quiet).
    Also notes (FIRST_FRAME_DRAWN) when the status line, the last row ncurses draws, arrived: the
    first full frame, before the header's metric, which facet draws a frame later."""
    s.wait_for_text(re.compile(r"\?\s*help"), deadline=s.spawned + 30)
    FIRST_FRAME_DRAWN.append((s.last_significant - s.spawned) * 1000.0)
    first = s.settle(quiet, first_timeout=0, deadline=time.perf_counter() + 30, since=s.last_significant)
    return (first.last_byte - s.spawned) * 1000.0


DASHBOARD_FILLED = re.compile(r"as of \d{4}-\d\d-\d\d")


def facet_dashboard_filled(s: PtySession) -> float:
    """ms from spawn until the dashboard's tiles are filled (their figures are read after the first
    frame, off the key path; the header then says "as of <day>")."""
    return (s.wait_for_text(DASHBOARD_FILLED, deadline=s.spawned + 120) - s.spawned) * 1000.0


def bench_commands(binary: str, db: Path, workdir: Path, runs: int, import_rows: int = 150_000) -> dict:
    """`facet metrics` and `facet report` on the district: wall seconds per run (the same snapshot
    the dashboard shows, written as JSON and as the HTML report); and the HR import of 150,000 new
    employees into a copy (`import_rows`: the smoke run imports fewer, the figure keeps its name)."""
    out: dict = {}
    for label, argv in [("metrics_json", [binary, "metrics", "--db", str(db), "--format", "json", "-o", str(workdir / "m.json")]),
                        ("report_html", [binary, "report", "--db", str(db), "--format", "html", "-o", str(workdir / "r.html")])]:
        times = []
        for _ in range(runs):
            status, output, seconds = run_command(argv, timeout=600, env=terminal_env())
            if status != 0:
                raise HarnessError(f"{' '.join(argv)} failed:\n{output[-2000:]}")
            times.append(seconds)
        out[label] = {"median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
                      "runs": [round(t, 3) for t in times]}
        log(f"  facet {label:12s} median {out[label]['median_s']:.2f} s  max {out[label]['max_s']:.2f} s  n={runs}")
    out["report_bytes"] = (workdir / "r.html").stat().st_size

    # The HR import (issue #14): 150,000 new employees (make_import_csv.py --kind employees) into a
    # copy of the district, a fresh copy each run (SQLite's backup, so a WAL is copied too); first
    # untimed a one-row dry run (a migration, if the copy needs one), then the dry run and the import.
    staff, one, copy = workdir / "new-staff.csv", workdir / "one-employee.csv", workdir / "import-copy.sqlite"
    status, output, _ = run_command([sys.executable, str(Path(__file__).resolve().parent / "make_import_csv.py"), "--kind", "employees",
                                     "--db", str(db), "--rows", str(import_rows), "-o", str(staff)], timeout=300)
    if status != 0:
        raise HarnessError(f"make_import_csv.py failed:\n{output[-2000:]}")
    one.write_text("\r\n".join(staff.read_text(encoding="utf-8").split("\r\n")[:2]) + "\r\n", encoding="utf-8")
    # And the district's staff sent again with 15,000 rows changed and 7,000 active employees left
    # out, imported with --deactivate-missing (updates and deactivations, set-wise since v22).
    changed = workdir / "changed-staff.csv"
    status, output, _ = run_command([sys.executable, str(Path(__file__).resolve().parent / "make_import_csv.py"),
                                     "--kind", "changed-employees", "--db", str(db), "-o", str(changed)], timeout=300)
    if status != 0:
        raise HarnessError(f"make_import_csv.py failed:\n{output[-2000:]}")
    times: dict = {"hr_import_dry_run": [], "hr_import_150k_new": [], "hr_import_15k_changed_7k_missing": []}

    def fresh_copy() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
        source, target = sqlite3.connect(str(db)), sqlite3.connect(str(copy))
        source.backup(target)
        source.close()
        target.close()

    for _ in range(runs):
        fresh_copy()
        importing = [binary, "import", "employees", "--db", str(copy)]
        steps = [(None, importing + ["--dry-run", str(one)]), ("hr_import_dry_run", importing + ["--dry-run", str(staff)]),
                 ("hr_import_150k_new", importing + [str(staff)]), ("fresh", []),
                 (None, importing + ["--dry-run", str(one)]),
                 ("hr_import_15k_changed_7k_missing", importing + ["--deactivate-missing", str(changed)])]
        for label, argv in steps:
            if label == "fresh":
                fresh_copy()
                continue
            status, output, seconds = run_command(argv, timeout=900, env=terminal_env())
            if status != 0:
                raise HarnessError(f"{' '.join(argv)} failed:\n{output[-2000:]}")
            if label:
                times[label].append(seconds)
    for label, samples in times.items():
        out[label] = {"median_s": round(statistics.median(samples), 3), "max_s": round(max(samples), 3),
                      "runs": [round(t, 3) for t in samples]}
        log(f"  facet {label:18s} median {out[label]['median_s']:.2f} s  max {out[label]['max_s']:.2f} s  n={runs}")
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    return out


# ---------------------------------------------------------------------------------------------
# The sweep: every list × every sort order × {Down, PgDn, End, Home, a filter word, Esc}, the overlays,
# and a cold start. Every key is timed; the worst one and where it happened are reported.

END = b"\x1bOF"          # xterm's End and Home in application cursor mode (terminfo kend, khome)
HOME = b"\x1bOH"
ESCDELAY_MS = 25.0

# (where, keys from the pane's root to the list, columns it sorts by, a word to type into `/`, keys back)
SWEEP_LISTS = [
    ("dashboard › schools", b"1", [b"l"], 5, "Lake", [ESC]),
    ("partnerships", b"2", [], 7, "Library", []),
    ("partnerships › partners", b"2", [b"p"], 4, "Club", [ESC]),
    ("partnerships › family contacts", b"2", [b"l"], 0, "", [ESC]),
    ("standards", b"3", [], 0, "", []),
    ("standards › SIP strategies", b"3", [b"p"], 6, "Family", [ESC]),
    ("standards › convenings", b"3", [b"m"], 0, "", [ESC]),
    ("surveys", b"4", [], 5, "Family", []),
    ("PD rosters: employees", b"5", [], 5, "Kowalski", []),
    ("PD rosters › sessions", b"5", [b"t"], 6, "Library", [ESC]),
    ("PD rosters › courses", b"5", [b"c"], 6, "Family", [ESC]),
]

# Views that are not lists but scroll over every school: (where, pane, keys into it (not timed),
# the keys timed in order as (label, key), keys back (not timed)). `[` twice: a year not read yet,
# then `]` and `[` again, what is kept.
SWEEP_VIEWS = [
    ("standards › a self-assessment grid", b"3", [b"a"],
     [("Down", DOWN)] * 3 + [("Right", b"\x1bOC")] * 2 + [("PgDn", PAGE_DOWN)] * 2
     + [("End", END), ("Home", HOME), ("[ (year before, not read)", b"["), ("] (back)", b"]"), ("[ (year before, kept)", b"[")],
     [ESC]),
    ("standards › c SIP coverage", b"3", [b"c"],
     [("Down", DOWN)] * 3 + [("PgDn", PAGE_DOWN)] * 2 + [("End", END), ("Home", HOME)],
     [ESC]),
]

# (where, pane, keys before (not timed), the key timed, keys after (not timed))
SWEEP_OVERLAYS = [
    ("partnerships: b breakdown", b"2", [], b"b", [ESC]),
    ("partnerships: f quick filter", b"2", [], b"f", [ESC]),
    ("partnerships: h history", b"2", [], b"h", [ESC]),
    ("partnerships: Enter a record", b"2", [], ENTER, [ESC]),
    ("partnerships: p partners", b"2", [], b"p", [ESC]),
    ("dashboard: Enter a school", b"1", [], ENTER, [ESC]),
    ("dashboard: h history", b"1", [], b"h", [ESC]),
    ("PD rosters: Enter an employee", b"5", [], ENTER, [ESC]),
    ("PD rosters: h history", b"5", [], b"h", [ESC]),
    ("PD rosters: t sessions", b"5", [], b"t", [ESC]),
    ("PD rosters: c courses", b"5", [], b"c", [ESC]),
    ("PD rosters: p compliance", b"5", [], b"p", [ESC]),
    ("PD rosters › sessions: Enter a roster", b"5", [b"t"], ENTER, [ESC, ESC]),
    ("PD rosters › sessions: i check-in", b"5", [b"t"], b"i", [ESC, ESC]),
    ("PD rosters › compliance: s by school", b"5", [b"p"], b"s", [ESC]),
    ("standards: a grid", b"3", [], b"a", [ESC]),
    ("standards: c SIP coverage", b"3", [], b"c", [ESC]),
    ("standards: p SIP strategies", b"3", [], b"p", [ESC]),
    ("surveys: r results", b"4", [], b"r", [ESC]),
    ("surveys: w waves", b"4", [], b"w", [ESC]),
    ("surveys › results: Enter a cell", b"4", [b"r"], ENTER, [ESC, ESC]),
    ("surveys › results: [ previous wave", b"4", [b"r"], b"[", [ESC]),
    ("surveys › results: v by wave", b"4", [b"r"], b"v", [ESC]),
    ("surveys › results: PgDn", b"4", [b"r"], PAGE_DOWN, [ESC]),
    ("surveys › results: Right", b"4", [b"r"], RIGHT, [ESC]),
]


def sweep_facet(s: "PtySession", quiet: float, quick: bool = False) -> dict:
    """Times every key of the sweep in a running facet; returns {"keys": [...], "worst": {...}}.
    `quick` (--smoke): the first sort order of two lists and one press of two overlays."""
    records: list[dict] = []

    def timed(where: str, key_label: str, key: bytes) -> None:
        ms, nb = s.press(key, quiet, first_timeout=3.0, require_output=False)
        if ms is not None:  # a key that changed nothing on screen drew nothing to time
            # A lone Esc reaches facet only after ncurses' ESCDELAY (25 ms, facet's setting): that wait is
            # the terminal's, not facet's work, and is taken off (the raw time is kept).
            net = max(0.0, ms - ESCDELAY_MS) if key == ESC else ms
            records.append({"where": where, "key": key_label, "ms": round(net, 3), "raw_ms": round(ms, 3), "bytes": nb})

    def untimed(keys: list[bytes]) -> None:
        for k in keys:
            s.press(k, quiet, first_timeout=3.0 if k == ESC else 1.0, require_output=False)

    # --smoke: two lists and two overlays, enough to exercise the sweep within the smoke test's time.
    for where, pane, into, columns, word, back in (SWEEP_LISTS[:2] if quick else SWEEP_LISTS):
        untimed([pane] + into)
        for column in range(1 if quick else max(1, columns)):
            label = f"{where}, sort {column + 1}" if columns else where
            if column > 0:
                timed(label, "s (sort)", b"s")
            for _ in range(3):
                timed(label, "Down", DOWN)
            for _ in range(2):
                timed(label, "PgDn", PAGE_DOWN)
            timed(label, "End", END)
            timed(label, "Home", HOME)
            if columns:
                timed(label, "S (reverse)", b"S")
                timed(label, "End", END)
                timed(label, "Home", HOME)
                timed(label, "S (reverse)", b"S")
            if word:
                untimed([b"/"])
                for ch in word:
                    timed(label, f"filter letter ({word})", ch.encode())
                timed(label, "Esc (clear filter)", ESC)
        if columns and not quick:
            timed(f"{where}, sort 1", "s (sort, back to the first)", b"s")
        untimed(back)
    for where, pane, before, key, after in (SWEEP_OVERLAYS[:2] if quick else SWEEP_OVERLAYS):
        untimed([pane] + before)
        # Twice: the first press may compute what the second finds kept. Between the two, whatever
        # the first started in the background (a progress screen) is let finish, untimed.
        for attempt in ("first",) if quick else ("first", "again"):
            timed(where, f"{key.decode(errors='replace') if key != ENTER else 'Enter'} ({attempt})", key)
            s.settle(0.3 if quick else 1.5, first_timeout=0.3 if quick else 1.5, deadline=time.perf_counter() + 30)
            untimed(after)
            if before:
                untimed(before)
        untimed([ESC] * len(before))
    for where, pane, into, presses, back in ([] if quick else SWEEP_VIEWS):
        untimed([pane] + into)
        for label, key in presses:
            timed(where, label, key)
        untimed(back)
    worst = max(records, key=lambda r: r["ms"]) if records else None
    over = [r for r in records if r["ms"] > BUDGETS["key_p99_ms"]]
    times = [r["ms"] for r in records]
    return {"keys": records, "n": len(records),
            "median_ms": round(statistics.median(times), 3) if times else None,
            "p99_ms": round(percentile(times, 99), 3) if times else None,
            "worst": worst, "over_budget": sorted(over, key=lambda r: -r["ms"])}


def warm_page_cache(db: Path) -> None:
    """Reads the database file once, so "warm" means what it says: every page in the OS page cache.
    A fresh copy (cp uses copy_file_range) or a file evicted by an earlier cold start is not, and
    its first reads go to the disk (a filter letter waited 130 ms for 1,800 table pages so)."""
    for suffix in ("", "-wal"):
        path = Path(str(db) + suffix)
        if path.exists():
            with open(path, "rb") as f:
                while f.read(1 << 20):
                    pass


def evict_from_page_cache(db: Path) -> bool:
    """Drops the database's pages from the OS page cache (posix_fadvise DONTNEED), so the next start
    reads from the disk. Returns whether it could."""
    ok = True
    for suffix in ("", "-wal", "-shm"):
        path = Path(str(db) + suffix)
        if not path.exists():
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd) if suffix else None
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
        except (OSError, AttributeError):
            ok = False
    return ok


def memory_at_end(pid: int) -> dict | None:
    """The resident memory of a live process, split from /proc/PID/smaps: what is private to it (its
    heap, SQLite's page caches, what it keeps) and the file pages of code it shares with every other
    process that maps the same libraries. ru_maxrss counts both; only the first grows per session."""
    private = shared = 0
    try:
        with open(f"/proc/{pid}/smaps") as f:
            anonymous = True
            for line in f:
                parts = line.split()
                if "-" in parts[0] and len(parts) >= 5 and ":" in parts[3]:
                    anonymous = len(parts) < 6 or parts[5].startswith("[")
                elif parts[0] in ("Private_Clean:", "Private_Dirty:", "Shared_Clean:", "Shared_Dirty:"):
                    kb = int(parts[1])
                    # Clean file pages (code, read-only data) are shareable whoever maps them first.
                    if parts[0] == "Private_Dirty:" or anonymous:
                        private += kb
                    else:
                        shared += kb
    except OSError:
        return None
    return {"private_mb": round(private / 1024, 2), "shared_mb": round(shared / 1024, 2)}


def cold_starts(binary: str, db: Path, quiet: float, env: dict, starts: int) -> dict:
    samples = []
    FIRST_FRAME_DRAWN.clear()
    evicted = True
    for _ in range(starts):
        evicted = evict_from_page_cache(db) and evicted
        s = PtySession([binary, "--db", str(db)], env, name="facet (cold)")
        try:
            samples.append(facet_first_frame(s, quiet))
            s.quit(b"q")
        finally:
            s.close()
    log(f"  facet cold first frame: median {statistics.median(samples):.1f} ms of {len(samples)} starts "
        f"({', '.join(f'{x:.1f}' for x in samples)}){'' if evicted else ' (eviction failed)'}")
    drawn = list(FIRST_FRAME_DRAWN)
    log(f"  facet cold first frame drawn (status line, before the header metric): median {statistics.median(drawn):.1f} ms")
    return {"median_ms": round(statistics.median(samples), 3), "samples_ms": [round(x, 3) for x in samples],
            "drawn_median_ms": round(statistics.median(drawn), 3), "drawn_samples_ms": [round(x, 3) for x in drawn],
            "evicted": evicted}


def bench_facet(binary: str, db: Path, n: int, quiet: float, workdir: Path, starts: int,
                do_sweep: bool = True, smoke: bool = False) -> dict:
    config = workdir / "config"
    config.mkdir(exist_ok=True)
    # An empty config folder: the built-in default theme, whatever the user's config says.
    env = terminal_env({"XDG_CONFIG_HOME": str(config)})
    # Start-up is one sample per process: start it a few times, the last start stays for the keys.
    warm_page_cache(db)
    samples, filled = [], []
    FIRST_FRAME_DRAWN.clear()
    for _ in range(starts - 1):
        s = PtySession([binary, "--db", str(db)], env, name="facet")
        try:
            samples.append(facet_first_frame(s, quiet))
            filled.append(facet_dashboard_filled(s))
            s.quit(b"q")
        finally:
            s.close()
    s = PtySession([binary, "--db", str(db)], env, name="facet")
    try:
        samples.append(facet_first_frame(s, quiet))
        filled.append(facet_dashboard_filled(s))
        s.settle(quiet, first_timeout=0.2, deadline=time.perf_counter() + 30)
        first_frame_ms = statistics.median(samples)
        dashboard_filled_ms = statistics.median(filled)
        drawn = list(FIRST_FRAME_DRAWN)
        log(f"  facet first frame drawn (status line, before the header metric): median {statistics.median(drawn):.1f} ms "
            f"({', '.join(f'{x:.1f}' for x in drawn)})")
        log(f"  facet first frame: median {first_frame_ms:.1f} ms of {len(samples)} starts "
            f"({', '.join(f'{x:.1f}' for x in samples)})")
        log(f"  facet dashboard filled: median {dashboard_filled_ms:.1f} ms ({', '.join(f'{x:.1f}' for x in filled)})")

        s.press(b"5", quiet)  # PD Rosters: every employee
        keys: dict[str, dict] = {}

        def measure(label: str, sequence, before=None, after=None) -> dict:
            times, sizes = [], []
            for k in sequence:
                if before:
                    before()
                ms, nb = s.press(k, quiet)
                times.append(ms)
                sizes.append(nb)
                if after:
                    after()
            keys[label] = summary(times, sizes)
            r = keys[label]
            log(f"  facet {label:12s} median {r['median_ms']:8.2f} ms  p99 {r['p99_ms']:8.2f} ms  "
                f"max {r['max_ms']:8.2f} ms  n={r['n']}  bytes~{r['bytes_median']}")
            return r

        measure("move", [DOWN] * n)
        measure("page", [PAGE_DOWN] * n)

        # Filter: `/`, then a surname letter by letter (each letter one measurement), Esc clears.
        times, sizes = [], []
        names = iter(SURNAMES * (n // 4 + 2))
        while len(times) < n:
            s.press(b"/", quiet)
            for ch in next(names):
                ms, nb = s.press(ch.encode(), quiet)
                times.append(ms)
                sizes.append(nb)
                if len(times) >= n:
                    break
            s.press(ESC, quiet, first_timeout=3)  # ESCDELAY (25 ms) passes before facet sees it
        keys["filter"] = summary(times, sizes)
        r = keys["filter"]
        log(f"  facet {'filter':12s} median {r['median_ms']:8.2f} ms  p99 {r['p99_ms']:8.2f} ms  "
            f"max {r['max_ms']:8.2f} ms  n={r['n']}  bytes~{r['bytes_median']}")

        measure("switch_pane", [str(1 + i % 5).encode() for i in range(n)])
        s.press(b"5", quiet, first_timeout=0.3, require_output=False)  # back to PD Rosters (if not there)

        def close_and_move():
            s.press(ESC, quiet, first_timeout=3)
            s.press(DOWN, quiet)

        measure("open_record", [ENTER] * n, after=close_and_move)

        # Survey results (the large district: 1,800 schools × 3 waves × 11 questions from about
        # 500,000 responses): opening the screen, then moving in its grid, paging, switching wave
        # and view, Enter on a cell; and the waves list (`w`). Since v19 the screen reads the kept
        # summaries of the rows it shows: the first open is no longer read behind a progress screen.
        s.press(b"4", quiet)

        def leave_results():
            s.press(ESC, quiet, first_timeout=3)

        measure("open_waves", [b"w"] * max(5, n // 10), after=leave_results)

        def settle_then_leave():
            # A first open that reads in the background behind a progress screen (the grid): let it
            # finish (untimed), or the Esc would leave the progress screen and the next key land on it.
            # The smoke run's small district reads in well under 0.3 s.
            s.settle(0.3 if smoke else 1.5, first_timeout=0.3 if smoke else 1.5, deadline=time.perf_counter() + 30)
            leave_results()

        measure("open_results", [b"r"] * max(5, n // 10), after=settle_then_leave)
        s.press(b"r", quiet)
        # Round a square so every key changes the screen (a key at the grid's edge would draw nothing).
        measure("results_move", [(DOWN, RIGHT, UP, LEFT)[i % 4] for i in range(n)])
        # Three pages down and three back up (a key past the last school would draw nothing: the
        # small district has four pages); `[` and `]` in turn; `v` there and back (an even count
        # ends on the grid); Enter on a cell and Esc back.
        measure("results_page", [PAGE_DOWN if i % 6 < 3 else PAGE_UP for i in range(max(12, n // 4 // 6 * 6))])
        measure("results_wave", [(b"[", b"]")[i % 2] for i in range(max(10, n // 10))])
        measure("results_view", [b"v"] * (max(10, n // 10) // 2 * 2))
        measure("results_cell", [ENTER] * max(5, n // 10), after=leave_results)
        leave_results()
        # The self-assessment grid (the large district: 1,800 schools × 6 standards × 4 indicators ×
        # 3 years of ratings): opening it (the first open reads it, later ones find it kept until
        # the data change), moving and paging in it.
        s.press(b"3", quiet)
        measure("open_grid", [b"a"] * max(5, n // 10), after=settle_then_leave)
        s.press(b"a", quiet)
        # Every key changes the screen (a key that changes nothing draws nothing to time): down, down,
        # right, left; page down and up in turn.
        measure("grid_move", [DOWN if i % 4 < 2 else (RIGHT if i % 4 == 2 else LEFT) for i in range(n)])
        measure("grid_page", [PAGE_DOWN if i % 2 == 0 else PAGE_UP for i in range(max(10, n // 4))])
        leave_results()
        # The outreach pane (the large district: a campaign of 10,000 events at 1,800 schools): moving
        # in the events, opening the reach by school, the toolkit's gap view, conference participation
        # (every school beside the year before) and the launch steps' progress with their evidence.
        s.press(b"6", quiet)
        measure("outreach_move", [DOWN if i % 2 == 0 else UP for i in range(n)])
        measure("open_reach", [b"r"] * max(5, n // 10), after=leave_results)
        s.press(b"t", quiet)
        measure("open_gaps", [b"g"] * max(5, n // 10), after=leave_results)
        leave_results()
        s.press(b"f", quiet)
        measure("open_participation", [b"p"] * max(5, n // 10), after=leave_results)
        leave_results()
        s.press(b"l", quiet)
        measure("open_progress", [b"v"] * max(5, n // 10), after=leave_results)
        leave_results()
        s.press(b"5", quiet)
        # Check-in at the door: the sessions (t), the check-in of the next one (i), then surnames
        # letter by letter (each letter one measurement; Ctrl-U clears), and back.
        s.press(b"t", quiet)
        s.press(b"i", quiet)
        times, sizes = [], []
        names = iter(SURNAMES * (n // 4 + 2))
        while len(times) < n:
            for ch in next(names):
                ms, nb = s.press(ch.encode(), quiet)
                times.append(ms)
                sizes.append(nb)
                if len(times) >= n:
                    break
            s.press(b"\x15", quiet)  # Ctrl-U
        keys["checkin_typing"] = summary(times, sizes)
        r = keys["checkin_typing"]
        log(f"  facet {'checkin':12s} median {r['median_ms']:8.2f} ms  p99 {r['p99_ms']:8.2f} ms  "
            f"max {r['max_ms']:8.2f} ms  n={r['n']}  bytes~{r['bytes_median']}")
        s.press(ESC, quiet, first_timeout=3)
        s.press(ESC, quiet, first_timeout=3)

        redraw = [s.press(CTRL_L, quiet) for _ in range(5)]
        full_redraw = int(statistics.median(nb for _, nb in redraw))
        log(f"  facet full redraw (Ctrl-L): {full_redraw} bytes")

        sweep = None
        if do_sweep:
            log("  facet sweep: every list x every sort order x {Down, PgDn, End, Home, filter, Esc}, the overlays")
            sweep = sweep_facet(s, quiet, quick=smoke)
            w = sweep["worst"]
            log(f"  facet sweep: {sweep['n']} keys, median {sweep['median_ms']:.2f} ms, p99 {sweep['p99_ms']:.2f} ms; "
                f"worst {w['ms']:.1f} ms: {w['key']} on {w['where']}; {len(sweep['over_budget'])} keys over 16 ms")
            for r in sweep["over_budget"][:25]:
                log(f"    {r['ms']:8.1f} ms  {r['key']:30s} {r['where']}")

        memory = memory_at_end(s.proc.pid)
        s.quit(b"q")
        if s.status != 0:
            raise HarnessError(f"facet exited with status {s.status}\n{s.tail()}")
        rss = s.peak_rss_mb()
        if memory:
            log(f"  facet memory at the end: {memory['private_mb']:.1f} MB private, {memory['shared_mb']:.1f} MB of shared code pages")
        log(f"  facet peak RSS: {rss:.1f} MB")
        return {
            "first_frame_ms": round(first_frame_ms, 3),
            "first_frame_samples_ms": [round(x, 3) for x in samples],
            "dashboard_filled_ms": round(dashboard_filled_ms, 3),
            "dashboard_filled_samples_ms": [round(x, 3) for x in filled],
            "first_frame_drawn_ms": round(statistics.median(drawn), 3),
            "first_frame_drawn_samples_ms": [round(x, 3) for x in drawn],
            "keys": keys,
            "bytes": {"move_median": keys["move"]["bytes_median"], "full_redraw": full_redraw},
            "peak_rss_mb": round(rss, 2),
            "memory_at_end": memory,
            "sweep": sweep,
            "cold_start": cold_starts(binary, db, quiet, env, 1 if smoke else 3) if do_sweep else None,
        }
    finally:
        s.close()


# ---------------------------------------------------------------------------------------------
# VisiData, the peer

def find_visidata(install: bool) -> tuple[list[str] | None, str | None, str]:
    """Returns (argv prefix, version, note). Runs VisiData's module with this Python, not a shell shim."""
    def probe() -> tuple[list[str] | None, str | None]:
        try:
            out = subprocess.run([sys.executable, "-c", "import visidata; print(visidata.__version__)"],
                                 capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return None, None
        if out.returncode == 0:
            return [sys.executable, "-m", "visidata"], out.stdout.strip()
        vd = shutil.which("vd")
        if vd:
            return [vd], None
        return None, None

    argv, version = probe()
    if argv:
        return argv, version, ""
    if not install:
        return None, None, "visidata is not installed"
    log("VisiData (vd) is missing: installing it with `python3 -m pip install visidata`")
    try:
        status, output, _ = run_command([sys.executable, "-m", "pip", "install", "visidata"], timeout=600)
    except HarnessError as e:
        return None, None, f"pip install visidata failed: {e}"
    if status != 0:
        last = (output.strip().splitlines() or ["(no output)"])[-1]
        return None, None, f"pip install visidata failed: {last}"
    argv, version = probe()
    return (argv, version, "") if argv else (None, None, "visidata still not importable after pip install")


def bench_visidata(vd_argv: list[str], db: Path, table: str, n: int, quiet: float, workdir: Path,
                   starts: int = 3) -> dict:
    warm_page_cache(db)  # as for facet: after facet's cold start the file is out of the cache
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        columns = [r[1] for r in c.execute(f"PRAGMA table_info({table})")]
    header = next((col for col in columns if col != "id"), columns[0])
    home = workdir / "vd-home"
    home.mkdir(exist_ok=True)
    # -N: no ~/.visidatarc and no plugins; --motd-url= : no message of the day fetched from the network;
    # +0:TABLE:: : open that table of the first source (the SQLite file) directly.
    argv = vd_argv + ["-N", "--motd-url=", str(db), f"+0:{table}::"]
    env = terminal_env({"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")})
    # The first frame with the table: its name on the status line and its column headers drawn.
    marker = re.compile(re.escape(table) + r"[\s\S]*" + re.escape(header))

    def first_frame(s: PtySession) -> Settled:
        s.wait_for_text(marker, deadline=s.spawned + 60)
        return s.settle(quiet, first_timeout=0, deadline=time.perf_counter() + 30, since=s.last_significant)

    samples = []
    for _ in range(starts - 1):
        s = PtySession(argv, env, ignore_noise=True, name=f"visidata ({table})")
        try:
            samples.append((first_frame(s).last_byte - s.spawned) * 1000.0)
        finally:
            s.close()  # killed while loading: only its start-up counts here
    s = PtySession(argv, env, ignore_noise=True, name=f"visidata ({table})")
    try:
        first = first_frame(s)
        samples.append((first.last_byte - s.spawned) * 1000.0)
        first_frame_ms = statistics.median(samples)
        # Loading goes on in a thread, the row count on the status line updating about every 110 ms;
        # it has finished when nothing but idle noise comes for 0.75 s.
        loaded = s.settle(0.75, first_timeout=0, deadline=time.perf_counter() + 300, since=first.last_byte)
        loaded_ms = (loaded.last_byte - s.spawned) * 1000.0
        log(f"  visidata {table}: first frame median {first_frame_ms:.1f} ms of {len(samples)} starts "
            f"({', '.join(f'{x:.1f}' for x in samples)}), all rows loaded {loaded_ms:.0f} ms (last start)")
        times, sizes = [], []
        for _ in range(n):
            ms, nb = s.press(DOWN, quiet)
            times.append(ms)
            sizes.append(nb)
        move = summary(times, sizes)
        log(f"  visidata {table} move median {move['median_ms']:.2f} ms  p99 {move['p99_ms']:.2f} ms  "
            f"max {move['max_ms']:.2f} ms  n={move['n']}  bytes~{move['bytes_median']}")
        redraw = [s.press(CTRL_L, quiet) for _ in range(3)]
        full_redraw = int(statistics.median(nb for _, nb in redraw))
        s.quit(b"gq")
        rss = s.peak_rss_mb()
        log(f"  visidata {table}: full redraw {full_redraw} bytes, peak RSS {rss:.1f} MB")
        return {
            "first_frame_ms": round(first_frame_ms, 3),
            "first_frame_samples_ms": [round(x, 3) for x in samples],
            "loaded_ms": round(loaded_ms, 1),
            "keys": {"move": move},
            "bytes": {"move_median": move["bytes_median"], "full_redraw": full_redraw},
            "peak_rss_mb": round(rss, 2) if rss is not None else None,
        }
    finally:
        s.close()


# ---------------------------------------------------------------------------------------------
# Set-up: binary, district

def build_release() -> str:
    for product in ("facet", "facet-bench"):
        argv = ["swift", "build", "-c", "release", "--product", product, "--scratch-path", ".build-release"]
        log("Building: " + " ".join(argv))
        status, output, seconds = run_command(argv, cwd=REPO, timeout=3600)
        if status != 0:
            raise HarnessError("release build failed:\n" + "\n".join(output.splitlines()[-30:]))
    binary = REPO / ".build-release" / "release" / "facet"
    if not binary.exists():
        raise HarnessError(f"the build did not produce {binary}")
    log(f"  built in {seconds:.0f} s")
    return str(binary)


def make_district(binary: str, db: Path, scale: str) -> float:
    db.parent.mkdir(parents=True, exist_ok=True)
    argv = [binary, "demo", "--db", str(db)] + (["--scale", "large"] if scale == "large" else [])
    log("Generating the district: " + " ".join(argv))
    status, output, seconds = run_command(argv, timeout=1800, env=terminal_env())
    if status != 0:
        raise HarnessError("facet demo failed:\n" + output)
    log(f"  {output.strip()}  [{seconds:.2f} s wall]")
    return seconds


def bench_in_process(binary: str, db: Path, n: int) -> tuple[dict | None, str | None]:
    """facet-bench beside the facet binary: the pane queries alone (the partnership metric, its
    breakdown, coverage gaps) and each key's handling and rendering without a terminal, including
    the partnerships pane (20,000 partnerships on the large district)."""
    tool = Path(binary).with_name("facet-bench")
    if not tool.exists():
        return None, f"skipped: no facet-bench beside {binary}"
    log(f"Measuring pane queries and in-process keys ({tool})")
    status, output, seconds = run_command([str(tool), "--db", str(db), "--iterations", str(n)], timeout=900, env=terminal_env())
    if status != 0:
        raise HarnessError("facet-bench failed:\n" + output[-2000:])
    start = output.find("{")
    return json.loads(output[start:]), None


def district_facts(db: Path) -> dict:
    facts: dict = {"path": str(db), "db_bytes": db.stat().st_size}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        for table in ("schools", "partners", "partnerships", "employees", "pd_sessions", "pd_enrollments"):
            try:
                facts[table] = c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            except sqlite3.Error:
                facts[table] = None
    return facts


def machine_facts() -> dict:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "loadavg_1m": round(os.getloadavg()[0], 2),  # other work on the machine skews the figures
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        return None


# ---------------------------------------------------------------------------------------------
# Report

def evaluate(facet: dict, vd: dict | None) -> list[dict]:
    """One check per figure: facet's value, its budget, VisiData's value where shared, met or not."""
    checks: list[dict] = []
    vde = (vd or {}).get("tables", {}).get("employees")
    vdp = (vd or {}).get("tables", {}).get("partnerships")

    def add(figure, unit, value, limit, peer=None, peer_label=None, note=""):
        met_budget = None if limit is None or value is None else value < limit
        ahead = None if peer is None or value is None else value < peer
        checks.append({"figure": figure, "unit": unit, "facet": value, "budget": limit,
                       "met_budget": met_budget, "visidata": peer, "visidata_table": peer_label,
                       "ratio": None if not peer or value is None else round(value / peer, 3),
                       "ahead_of_visidata": ahead, "note": note})

    add("first frame", "ms", facet["first_frame_ms"], BUDGETS["first_frame_ms"],
        vde and vde["first_frame_ms"], vde and "employees")
    if vdp:
        add("first frame (VisiData: partnerships)", "ms", facet["first_frame_ms"], BUDGETS["first_frame_ms"],
            vdp["first_frame_ms"], "partnerships")
    for label, title in [("move", "move selection"), ("page", "page down"), ("filter", "filter keystroke"),
                         ("switch_pane", "switch pane"), ("open_record", "open record"),
                         ("checkin_typing", "check-in keystroke"),
                         ("open_results", "open survey results"), ("results_move", "move in survey results"),
                         ("results_page", "page survey results"), ("results_wave", "switch wave in survey results"),
                         ("results_view", "switch view in survey results"), ("results_cell", "Enter on a survey results cell"),
                         ("open_waves", "open survey waves"),
                         ("open_grid", "open self-assessment grid"), ("grid_move", "move in self-assessment grid"),
                         ("grid_page", "page self-assessment grid"),
                         ("outreach_move", "move in outreach events"), ("open_reach", "open campaign reach"),
                         ("open_gaps", "open toolkit gaps"), ("open_participation", "open conference participation"),
                         ("open_progress", "open launch-step progress")]:
        if label not in facet["keys"]:
            continue
        k = facet["keys"][label]
        limit = BUDGETS["move_p99_ms"] if label == "move" else BUDGETS["key_p99_ms"]
        peer = vde["keys"]["move"] if (vde and label == "move") else None
        add(f"{title} median", "ms", k["median_ms"], None, peer and peer["median_ms"], peer and "employees")
        add(f"{title} p99", "ms", k["p99_ms"], limit, peer and peer["p99_ms"], peer and "employees")
        if label == "move" and vdp:
            add("move selection p99 (VisiData: partnerships)", "ms", k["p99_ms"], limit,
                vdp["keys"]["move"]["p99_ms"], "partnerships")
    if "dashboard_filled_ms" in facet:
        add("dashboard tiles filled (after the first frame)", "ms", facet["dashboard_filled_ms"], None)
    for label, title in [("metrics_json", "facet metrics --format json"), ("report_html", "facet report --format html")]:
        c = facet.get("commands", {}).get(label)
        if c:
            add(title, "s", c["median_s"], BUDGETS["report_s"])
    b = facet["bytes"]
    add("bytes per selection move (median)", "B", b["move_median"], BUDGETS["move_bytes"],
        vde and vde["bytes"]["move_median"], vde and "employees")
    add("bytes of a full redraw (Ctrl-L)", "B", b["full_redraw"], None,
        vde and vde["bytes"]["full_redraw"], vde and "employees")
    add("peak memory (RSS)", "MB", facet["peak_rss_mb"], BUDGETS["peak_rss_mb"],
        vde and vde["peak_rss_mb"], vde and "employees")
    if vdp:
        add("peak memory (VisiData: partnerships)", "MB", facet["peak_rss_mb"], BUDGETS["peak_rss_mb"],
            vdp["peak_rss_mb"], "partnerships")
    if facet.get("memory_at_end"):
        m = facet["memory_at_end"]
        add("memory at the end: private to the session", "MB", m["private_mb"], None,
            note="what one more coordinator's session costs the server")
        add("memory at the end: shared code pages", "MB", m["shared_mb"], None,
            note="the Swift runtime, Foundation, ICU, SQLite, ncurses: mapped once for every session")
    cold = facet.get("cold_start")
    if cold:
        add("first frame, database out of the page cache", "ms", cold["median_ms"], BUDGETS["cold_first_frame_ms"])
    return checks


def fmt(v, unit="") -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        s = f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    else:
        s = f"{v:,}"
    return s


def print_report(result: dict) -> None:
    d = result["district"]
    log("")
    log(f"District: {fmt(d.get('employees'))} employees, {fmt(d.get('partnerships'))} partnerships, "
        f"{fmt(d.get('schools'))} schools; {d['db_bytes'] / 2**20:.1f} MiB; generator "
        + (f"{d['generator_seconds']:.2f} s" if d.get("generator_seconds") is not None else "— (existing file)"))
    m = result["machine"]
    log(f"Machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}, {m['date']}, "
        f"load average at the start {m['loadavg_1m']}")
    vd = result["visidata"]
    if vd is None:
        log(f"VisiData: unavailable ({result.get('visidata_note') or 'skipped'})")
    else:
        for t, v in vd["tables"].items():
            log(f"VisiData {vd.get('version') or ''} {t}: all rows loaded after {v['loaded_ms']:,.0f} ms")
    log("")
    head = f"{'figure':52s} {'facet':>10s} {'budget':>10s} {'':13s} {'VisiData':>10s} {'ratio':>7s}"
    log(head)
    log("-" * len(head))
    for c in result["budgets"]["checks"]:
        unit = c["unit"]
        budget = "—" if c["budget"] is None else f"< {fmt(float(c['budget']))}"
        status = "" if c["met_budget"] is None else ("ok" if c["met_budget"] else "MISSED")
        if c["ahead_of_visidata"] is False:
            status = (status + "/BEHIND").strip("/")
        log(f"{c['figure'] + ' (' + unit + ')':52s} {fmt(c['facet']):>10s} {budget:>10s} {status:13s} "
            f"{fmt(c['visidata']):>10s} {fmt(c['ratio']):>7s}")
    log("")
    sweep = result["facet"].get("sweep")
    if sweep and sweep.get("worst"):
        w = sweep["worst"]
        log(f"Sweep: {sweep['n']} keys on every list, sort order and overlay: median {sweep['median_ms']:.2f} ms, "
            f"p99 {sweep['p99_ms']:.2f} ms, worst {w['ms']:.1f} ms ({w['key']} on {w['where']}); "
            f"{len(sweep['over_budget'])} keys over {BUDGETS['key_p99_ms']:.0f} ms")
    cold = result["facet"].get("cold_start")
    if cold:
        log(f"Cold start (database evicted from the page cache): first frame drawn {cold['drawn_median_ms']:.1f} ms, "
            f"settled {cold['median_ms']:.1f} ms median ({', '.join(f'{x:.0f}' for x in cold['samples_ms'])})")
    log(f"Warm start: first frame drawn {result['facet']['first_frame_drawn_ms']:.1f} ms, settled {result['facet']['first_frame_ms']:.1f} ms median")
    missed = result["budgets"]["missed"]
    log("Budgets missed: " + (", ".join(missed) if missed else "none"))


# ---------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark facet in a pseudo-terminal, beside VisiData.")
    p.add_argument("--binary", help="facet binary to measure (default: build the release binary)")
    p.add_argument("--db", help="district database (default: Benchmarks/.data/large.sqlite, generated if missing)")
    p.add_argument("--out", default=str(REPO / "Benchmarks" / "results" / "latest.json"), help="JSON output")
    p.add_argument("--smoke", action="store_true", help="small district, few iterations, no peer: a fast check")
    p.add_argument("--no-peer", action="store_true", help="do not run VisiData")
    p.add_argument("-n", "--iterations", type=int, help="keys measured per figure (default 200, smoke 8)")
    p.add_argument("--quiet-ms", type=float, default=25.0, help="output quiet window that ends a frame (ms)")
    p.add_argument("--regenerate", action="store_true", help="regenerate the default large district")
    p.add_argument("--no-sweep", action="store_true", help="skip the sweep (every list x sort order x key, overlays, cold start)")
    args = p.parse_args(argv)

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    quiet = args.quiet_ms / 1000.0
    n = args.iterations or (8 if args.smoke else 200)
    workdir = Path(tempfile.mkdtemp(prefix="facet-bench-"))
    machine = machine_facts()
    try:
        binary = os.path.abspath(args.binary) if args.binary else build_release()
        if not os.access(binary, os.X_OK):
            raise HarnessError(f"not an executable: {binary}")

        generator_seconds = None
        if args.db:
            db = Path(args.db).resolve()
            if not db.exists():
                raise HarnessError(f"no such database: {db}")
        elif args.smoke:
            db = workdir / "small.sqlite"
            generator_seconds = make_district(binary, db, "small")
        else:
            db = REPO / "Benchmarks" / ".data" / "large.sqlite"
            sidecar = db.with_suffix(".json")
            if args.regenerate:
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
            if not db.exists():
                generator_seconds = make_district(binary, db, "large")
                sidecar.write_text(json.dumps({"generator_seconds": round(generator_seconds, 3),
                                               "date": machine_facts()["date"]}) + "\n")
            elif sidecar.exists():
                generator_seconds = json.loads(sidecar.read_text()).get("generator_seconds")

        district = district_facts(db)
        district["generator_seconds"] = None if generator_seconds is None else round(generator_seconds, 3)
        district["scale"] = "small" if args.smoke else ("large" if not args.db else "given")
        log(f"Measuring facet ({binary}) on {db}, {n} keys per figure, quiet window {args.quiet_ms:.0f} ms")
        facet = bench_facet(binary, db, n, quiet, workdir, starts=2 if args.smoke else 5, do_sweep=not args.no_sweep, smoke=args.smoke)

        in_process, in_process_note = bench_in_process(binary, db, max(12, n // 2))
        facet["commands"] = bench_commands(binary, db, workdir, runs=2 if args.smoke else 3,
                                           import_rows=2_000 if args.smoke else 150_000)

        vd_result, vd_note = None, None
        if args.smoke or args.no_peer:
            vd_note = "skipped: --smoke" if args.smoke else "skipped: --no-peer"
        else:
            vd_argv, version, vd_note = find_visidata(install=True)
            if vd_argv:
                try:
                    tables = {}
                    for table in ("employees", "partnerships"):
                        log(f"Measuring VisiData {version or ''} on {table}")
                        tables[table] = bench_visidata(vd_argv, db, table, n, quiet, workdir)
                    vd_result = {"version": version, "command": vd_argv + ["-N", "--motd-url=", "DB", "+0:TABLE::"],
                                 "tables": tables}
                    vd_note = None
                except HarnessError as e:
                    vd_note = f"VisiData could not be measured: {e}"
                    log(vd_note)

        checks = evaluate(facet, vd_result)
        missed = [c["figure"] for c in checks if c["met_budget"] is False]
        missed += [f"ahead of VisiData: {c['figure']}" for c in checks if c["ahead_of_visidata"] is False]
        result = {
            "schema": SCHEMA_VERSION,
            "machine": machine,
            "facet_binary": binary,
            # The work tree the harness ran in; the binary was built from it only when built_by_harness.
            "source": {"work_tree": git_commit(), "built_by_harness": not args.binary},
            "settings": {"iterations": n, "quiet_window_ms": args.quiet_ms, "terminal": f"{COLS}x{ROWS}",
                         "smoke": args.smoke},
            "district": district,
            "facet": facet,
            "in_process": in_process,
            "in_process_note": in_process_note,
            "visidata": vd_result,
            "visidata_note": vd_note,
            "budgets": {"limits": BUDGETS, "checks": checks, "missed": missed},
        }
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print_report(result)
        if in_process:
            print("\nPane queries and in-process keys (handle + render, no terminal), median / p99 ms:")
            for group in ("queries", "in_process_keys", "imports"):
                for name, fig in sorted(in_process.get(group, {}).items()):
                    if "median_ms" in fig:
                        print(f"  {name:30s} {fig['median_ms']:8.2f} / {fig['p99_ms']:8.2f}")
                    else:  # a check, not a timing (e.g. compliance_kept_equals_fresh: 1 when they agree)
                        print(f"  {name:30s} {fig.get('value')}")
        log(f"\nWrote {out}")
        return 0
    except HarnessError as e:
        print(f"benchmark harness failed: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        _kill_all_children()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
