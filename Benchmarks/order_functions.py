#!/usr/bin/env python3
"""Writes Build/facet.order: the functions one session of facet touches, for the release link.

The release binary is linked with ld.lld --symbol-ordering-file=Build/facet.order (Package.swift),
which places the sections holding the functions named there first, in that order. Why it matters:
the first time the program runs a function, the kernel maps not one 4 KB page of its code but up to
64 KB around it (fault-around), and every mapped page counts in the session's resident memory.
Scattered among 20 MB of code a session never runs, the 1.7 MB of functions it does run held
12.8 MB resident at the end of run.py's session; packed, 8.4 MB (peak 32.5 -> 28.6 MB). Why not
less: our modules and GRDB give each function a section of its own, but the static Swift runtime
and Foundation come as object files whose functions share one large section, which moves whole.

How the functions are found: a copy of the binary without its debug sections runs under Valgrind's
callgrind, which names every function the program executes, through run.py's session: start-up,
the fixed figures (roster, results, grid, outreach, check-in) and the whole sweep (every list, every
sort order, the overlays) on a district database. The functions of the program itself (not of the
shared C libraries) are listed, most instructions first: those run on every key sit on the same
pages.

    python3 Benchmarks/order_functions.py --binary .build-release/release/facet --db large.sqlite

Re-run it after a large change to the code and commit the new Build/facet.order. A function not in
the list is still linked (after the listed ones); a name in the list that no longer exists is
ignored. So a stale list costs memory, never correctness.
"""
import argparse, re, shutil, subprocess, sys, tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402


def add_executed_functions(profile: Path, program: str, costs: dict[str, int]) -> None:
    """Adds to `costs` the instructions each function of `program` executed itself (its calls'
    costs not included), by mangled name, from a callgrind profile."""
    in_program, fn, call_cost_next = False, None, False
    for line in profile.read_text(errors="replace").splitlines():
        if call_cost_next:  # the line after `calls=` is that call's inclusive cost: not the caller's own
            call_cost_next = False
        elif line.startswith("ob="):
            in_program = line[3:].endswith(program)
        elif line.startswith("fn="):
            # callgrind names a recursive call's deeper levels `name'2`; "(below main)" is the loader
            fn = re.sub(r"'\d+$", "", line[3:]) if in_program and not line.startswith("fn=(") else None
            if fn:
                costs.setdefault(fn, 0)
        elif line.startswith("calls="):
            call_cost_next = True
        elif fn and line[:1].isdigit():
            parts = line.split()
            if len(parts) >= 2:
                costs[fn] += int(parts[1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--binary", required=True, help="a release build of facet")
    p.add_argument("--db", required=True, help="a district database (a copy is used)")
    p.add_argument("--out", default=str(HERE.parent / "Build" / "facet.order"))
    p.add_argument("-n", type=int, default=20, help="keys per fixed figure (run.py: 200)")
    p.add_argument("--quiet", type=float, default=0.5, help="seconds without output that end a key")
    args = p.parse_args()

    if not shutil.which("valgrind"):
        print("order_functions.py needs valgrind (apt install valgrind)", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="facet-order-"))
    try:
        # Valgrind 3.19 cannot read the DWARF 5 that Swift writes: the copy keeps its symbols only.
        binary = work / "facet"
        subprocess.run(["objcopy", "--strip-debug", args.binary, str(binary)], check=True)
        db = work / "district.sqlite"
        shutil.copyfile(args.db, db)  # writable, whatever the original's mode: a normal session
        valgrind = ["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
                    "--compress-pos=no", f"--callgrind-out-file={work}/callgrind.out.%p", str(binary)]
        # Every start of the program under callgrind; run.py's PtySession starts argv as given.
        class UnderCallgrind(run.PtySession):
            def __init__(self, argv, env, **kw):
                super().__init__(valgrind + list(argv[1:]) if argv[0] == str(binary) else argv, env, **kw)

        run.PtySession = UnderCallgrind
        # The cold starts time the first frame only; under callgrind they add nothing but waiting.
        run.cold_starts = lambda *_, **__: None
        # The program runs some 50 times slower: keys settle after a longer quiet, one start only.
        run.bench_facet(str(binary), db, args.n, args.quiet, work, starts=1)
        costs: dict[str, int] = {}
        for profile in sorted(work.glob("callgrind.out*")):
            add_executed_functions(profile, "/" + binary.name, costs)
        order = sorted(costs, key=lambda name: -costs[name])
        if not order:
            print("callgrind named no function of the program", file=sys.stderr)
            return 1
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text("".join(name + "\n" for name in order))
        print(f"{len(order)} functions executed, written to {args.out}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
