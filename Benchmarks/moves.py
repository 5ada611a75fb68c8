"""Every list's moves in one facet (issue #11): python3 Benchmarks/moves.py BINARY DB [list,list...]

Prints, per list, the median, p99 and max ms of 200 moves (MOVES=n) through a pseudo-terminal, as
run.py times them, and the moves over 2 ms (index, ms). Lists: roster, partnerships, outreach
(Down/Up in turn, as run.py), outreach_down, sessions, grid, results. OUT=file.json keeps every
sample; set FACET_LOOP_TRACE=file too and facet writes each key's time in the process (see
Benchmarks/README.md) to set beside them. STRACE=file or PERF=file run facet under strace or perf
record; PERF_ATTACH=prefix records only the moves of each list."""
import sys, time, os, statistics
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run, tempfile
binary, db = sys.argv[1], sys.argv[2]
only = sys.argv[3].split(",") if len(sys.argv) > 3 else None
N = int(os.environ.get("MOVES", "200"))
Q = float(os.environ.get("QUIET", "0.025"))
D, U, R, L, ESC = run.DOWN, run.UP, run.RIGHT, run.LEFT, run.ESC
LISTS = [  # name, keys to reach (from root), move pattern, keys to leave
    ("roster", [b"5"], lambda i: D, []),
    ("partnerships", [b"2"], lambda i: D, []),
    ("outreach", [b"6"], lambda i: D if i % 2 == 0 else U, []),
    ("outreach_down", [b"6"], lambda i: D, []),
    ("sessions", [b"5", b"t"], lambda i: D, [ESC]),
    ("grid", [b"3", b"a"], lambda i: D if i % 4 < 2 else (R if i % 4 == 2 else L), [ESC]),
    ("results", [b"4", b"r"], lambda i: (D, R, U, L)[i % 4], [ESC]),
]
env = run.terminal_env({"XDG_CONFIG_HOME": tempfile.mkdtemp()})
argv = [binary, "--db", db]
if os.environ.get("STRACE"):
    argv = ["strace", "-f", "-ttt", "-T", "-o", os.environ["STRACE"], "-e", "trace=read,write,pread64,pwrite64,futex,poll,ppoll,pselect6,select,madvise,munmap,mmap,brk,fcntl,openat,close"] + argv
if os.environ.get("PERF"):
    argv = ["perf", "record", "-F", "4000", "-g", "-o", os.environ["PERF"], "--"] + argv
s = run.PtySession(argv, env, name="facet")
run.facet_first_frame(s, Q)
s.settle(Q, first_timeout=0.5, deadline=time.perf_counter() + 60)
out = {}
for name, reach, pattern, leave in LISTS:
    if only and name not in only: continue
    for k in reach:
        s.press(k, Q, first_timeout=3, require_output=False)
        s.settle(0.5, first_timeout=0.5, deadline=time.perf_counter() + 30)
    ts = []
    perf = None
    if os.environ.get("PERF_ATTACH"):
        import subprocess, signal
        perf = subprocess.Popen(["perf", "record", "-F", "10000", "-g", "-p", str(s.pid), "-o", os.environ["PERF_ATTACH"] + "." + name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
    for i in range(N):
        if os.environ.get("STRACE"): os.write(2, f"key {i} {time.time():.6f}\n".encode())
        ms, nb = s.press(pattern(i), Q)
        ts.append(ms)
    if perf: perf.send_signal(signal.SIGINT); perf.wait()
    for k in leave: s.press(k, Q, first_timeout=3)
    srt = sorted(ts)
    p99 = run.summary(ts, [0]*len(ts))["p99_ms"]
    slow = [(i, round(t, 1)) for i, t in enumerate(ts) if t > 2.0]
    print(f"{name:14s} median {statistics.median(ts):5.2f} p99 {p99:5.2f} max {srt[-1]:6.2f}  slow {slow}", flush=True)
    out[name] = ts
s.quit(b"q"); s.close()
if os.environ.get("OUT"):
    import json; json.dump(out, open(os.environ["OUT"], "w"))
