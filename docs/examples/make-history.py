#!/usr/bin/env python3
"""Writes docs/examples/firm-history.csv: a fictional firm's 30 past engagements as summary columns,
with the hours attestplan estimates for them under the firm's "true" effort (truth-profile.toml) and
8 % noise, so that `attestplan calibrate` has something real to find. Reproducible: fixed seed.
Usage: docs/examples/make-history.py build/bin/attestplan"""
import csv, json, os, random, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[1]
rng = random.Random(16)
optional = ["availability", "confidentiality", "processing-integrity", "privacy"]


def model(row):
    """The model calibrate builds from the row's summary columns (firm/src/history.cpp's rules)."""
    t = ['schema = "attestplan/1"', "[organization]", f'name = "{row["id"]}"', f'employees = {row["employees"]}',
         f'engineers = {max(1, round(row["employees"] * 0.3))}', f'maturity = "{row["maturity"]}"',
         f'first_audit = {"true" if row["year"] == "first" else "false"}', "[engagement]", f'report = "{row["report"]}"']
    if row["report"].endswith("type2"):
        t.append(f'observation_months = {row["months"]}')
    t.append('start = "2027-01-04"')
    t.append("categories = [" + ", ".join(f'"{c}"' for c in row["categories"].split(";")) + "]")
    n, software = row["systems"], max(1, (row["systems"] + 2) // 3)
    t += ["[[service]]", 'id = "service"', "uses = [" + ", ".join(f'"system-{k + 1}"' for k in range(n)) + "]"]
    for k in range(n):
        t += ["[[component]]", f'id = "system-{k + 1}"']
        t.append('kind = "software"\ndeploys = "weekly"' if k < software else
                 ('kind = "data"' if (k - software) % 2 == 0 else 'kind = "infrastructure"'))
        if k < row["vendors"]:
            t.append(f'provided_by = "vendor-{k + 1}"')
    for k in range(row["vendors"]):
        t += ["[[subservice]]", f'id = "vendor-{k + 1}"', f'method = "{row["vendor_method"]}"', 'report = "soc2-type2"']
    return "\n".join(t) + "\n"


rows = []
for i in range(30):
    report = "soc2-type1" if rng.random() < 0.25 else "soc2-type2"
    systems = rng.randint(3, 40)
    rows.append({"id": f"client-{i + 1:02d}", "report": report, "months": rng.choice([6, 12]) if report.endswith("2") else "",
                 "categories": ";".join(["security"] + [c for c in optional if rng.random() < 0.3]),
                 "employees": rng.randint(15, 1200), "systems": systems, "vendors": min(systems, rng.randint(0, 4)),
                 "vendor_method": "carve-out", "year": rng.choice(["first", "recurring"]),
                 "maturity": rng.choice(["none", "partial", "documented", "operating"])})
stages = ["planning", "documentation", "testing", "reporting"]
with tempfile.TemporaryDirectory() as tmp:
    for row in rows:
        path = os.path.join(tmp, "m.toml")
        with open(path, "w") as f:
            f.write(model(row))
        out = subprocess.run([binary, "estimate", path, "-f", "json", "--profile", os.path.join(here, "truth-profile.toml")],
                             check=True, capture_output=True, text=True).stdout
        summary = json.loads(out)["summary"]
        for s in stages:
            row[f"{s}_hours"] = round(summary[f"auditor_hours_{s}"]["value"]["likely"] * rng.gauss(1, 0.08), 1)
        row["fee"] = round(summary["fee"]["value"]["likely"] * rng.gauss(1, 0.05), -2)
with open(os.path.join(here, "firm-history.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
