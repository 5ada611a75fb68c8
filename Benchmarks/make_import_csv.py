#!/usr/bin/env python3
"""Writes a CSV for timing `facet import partnerships` or `facet import employees` on a demo database.

    python3 Benchmarks/make_import_csv.py --db demo.sqlite --rows 100000 -o /tmp/import.csv
    python3 Benchmarks/make_import_csv.py --kind employees --db large.sqlite --rows 150000 -o /tmp/staff.csv
    python3 Benchmarks/make_import_csv.py --kind changed-employees --db large.sqlite -o /tmp/changed.csv

Partnerships: every row creates a partnership (no id column) for one of ~2,000 partners, with the
database's own school codes and priority areas, so the file imports without problems.
Employees: every row is a new employee (numbers H000001…, which no demo district uses) at one of
the database's schools or the district office, with a role, an email and a hire date; most are
active. The file is not committed: it is large and made in a second.
"""
import argparse
import csv
import random
import sqlite3

parser = argparse.ArgumentParser()
parser.add_argument("--kind", choices=["partnerships", "employees", "changed-employees"], default="partnerships")
parser.add_argument("--changed", type=int, default=15_000, help="changed-employees: rows changed")
parser.add_argument("--missing", type=int, default=7_000, help="changed-employees: active employees left out")
parser.add_argument("--db", required=True)
parser.add_argument("--rows", type=int, default=100_000)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("-o", "--output", required=True)
args = parser.parse_args()

rng = random.Random(args.seed)
con = sqlite3.connect(args.db)
codes = [r[0] for r in con.execute("SELECT code FROM schools ORDER BY id")]
areas = [r[0] for r in con.execute("SELECT name FROM priority_areas WHERE retired = 0 ORDER BY id")]
con.close()

if args.kind == "changed-employees":
    # The district's own staff as HR would send them again: `--changed` rows changed (a role, a
    # school, a hire date or an email, in turn) and `--missing` active employees left out, for
    # `facet import employees --deactivate-missing` (they are marked inactive).
    con = sqlite3.connect(args.db)
    staff = con.execute("""SELECT e.number, e.first_name, e.last_name, e.email, COALESCE(s.code, 'district'), e.role,
                                  COALESCE(e.hire_date, ''), e.active FROM employees e LEFT JOIN schools s ON s.id = e.school_id
                           ORDER BY e.id""").fetchall()
    con.close()
    active = [i for i, row in enumerate(staff) if row[7]]
    missing = set(rng.sample(active, min(args.missing, len(active))))
    rest = [i for i in range(len(staff)) if i not in missing]
    changed = set(rng.sample(rest, min(args.changed, len(rest))))
    roles = ["teacher", "paraeducator", "support staff", "front office", "administrator", "counselor", "other"]
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(["number", "first_name", "last_name", "email", "site_code", "role", "hire_date", "active"])
        for i in rest:
            number, first, last, email, site, role, hired, is_active = staff[i]
            if i in changed:
                kind = i % 4
                if kind == 0:
                    role = rng.choice([r for r in roles if r != role])
                elif kind == 1:
                    site = rng.choice([c for c in codes if c != site])
                elif kind == 2:
                    hired = f"{rng.randint(1995, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                else:
                    email = f"changed.{number.lower()}@district.example.org"
            out.writerow([number, first, last, email, site, role, hired, "yes" if is_active else "no"])
    raise SystemExit(0)

if args.kind == "employees":
    firsts = ["Amina", "José", "Mai", "Hodan", "Linh", "Wei", "Sarah", "Marcus", "Yer", "Fatima", "Diego", "Nia",
              "Pa Houa", "Abdi", "Emily", "Tou", "Ana", "Liam", "Kou", "Xochitl"]
    lasts = ["Vang", "Hernández", "Nguyen", "Ali", "Johnson", "Xiong", "Mohamed", "García", "Lee", "Smith",
             "Her", "Tran", "Yang", "Hassan", "Brown", "Lopez", "Lor", "Williams", "Moua", "Chen"]
    roles = ["teacher"] * 8 + ["paraeducator"] * 2 + ["support staff", "front office", "administrator", "counselor", "other"]
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(["number", "first_name", "last_name", "email", "site_code", "role", "hire_date", "active"])
        for i in range(1, args.rows + 1):
            first, last = rng.choice(firsts), rng.choice(lasts)
            site = "district" if rng.random() < 0.03 else rng.choice(codes)
            email = f"{first.lower().replace(' ', '')}.{last.lower()}{i}@district.example.org"
            hired = f"{rng.randint(1995, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.writerow([f"H{i:06d}", first, last, email, site, rng.choice(roles), hired,
                          "no" if rng.random() < 0.05 else "yes"])
    raise SystemExit(0)

words = ["Harbor", "Maple", "Riverside", "Summit", "Northside", "Unity", "Cedar", "Lakeview", "Hope", "Bridge",
         "Horizon", "Oak", "Prairie", "Valley", "Phoenix", "Midway", "Frogtown", "Como", "Highland", "Payne"]
kinds = ["Youth Center", "Family Services", "Library", "Arts Collective", "Tutoring", "Health Clinic", "Food Shelf"]
partners = [f"{rng.choice(words)} {rng.choice(words)} {rng.choice(kinds)} {i}" for i in range(2_000)]
statuses = ["proposed", "in-review", "active", "on-hold"]

with open(args.output, "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\r\n")
    out.writerow(["partner", "partner_kind", "schools", "priority_areas", "tier", "status", "services",
                  "start_date", "end_date", "data_sharing", "background_checks", "outcome_measures", "notes"])
    for i in range(args.rows):
        districtwide = rng.random() < 0.05
        schools = "district-wide" if districtwide else ";".join(rng.sample(codes, rng.randint(1, 3)))
        start = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        end = f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.5 else ""
        out.writerow([
            rng.choice(partners), "nonprofit", schools, ";".join(rng.sample(areas, rng.randint(0, 2))),
            rng.choice(["1", "2", "3", ""]), rng.choice(statuses),
            f"Mentoring and family nights, session {i % 40}", start, end,
            rng.choice(["yes", "no"]), rng.choice(["yes", "no"]), "Attendance rate",
            f"Row {i}: contact in the fall" if rng.random() < 0.3 else "",
        ])
