#!/usr/bin/env python3
"""Read a PLRF Workbench run database (runs.db) with only the standard library and numpy.

usage: python3 read_runs.py PATH/runs.db [RUN_ID]

Prints one line per run (id, kind, status, params) and, for each curve of the chosen run (or of
every run), its key, column names and the last row. The layout is documented in
docs/data-export.md ("SQLite schema"): curves.data is `length` rows x len(columns) float64,
little-endian, column-major.
"""
import json
import sqlite3
import sys

import numpy as np


def load_curves(con, run_id):
    """{key: (meta, {column: np.ndarray})} for one run"""
    out = {}
    rows = con.execute(
        "SELECT key, meta, columns, dtype, length, data FROM curves WHERE run_id = ? ORDER BY idx", (run_id,)
    )
    for key, meta, columns, dtype, length, data in rows:
        assert dtype == "f64"
        names = json.loads(columns)
        arr = np.frombuffer(data, dtype="<f8").reshape(len(names), length)
        out[key] = (json.loads(meta), {n: arr[j] for j, n in enumerate(names)})
    return out


def main():
    db = sys.argv[1]
    only = int(sys.argv[2]) if len(sys.argv) > 2 else None
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    runs = con.execute(
        "SELECT id, kind, status, params, summary FROM runs WHERE deleted_at IS NULL ORDER BY id"
    ).fetchall()
    for run_id, kind, status, params, summary in runs:
        if only is not None and run_id != only:
            continue
        p = json.loads(params)
        spec = p.pop("spectrum", None)
        extra = f" spectrum={spec['name']} ({spec['hash'][:15]}…, v={len(spec['lambda'])})" if spec else ""
        print(f"run {run_id} {kind} {status} {json.dumps(p, sort_keys=True)}{extra}")
        for key, (meta, cols) in load_curves(con, run_id).items():
            last = {n: float(c[-1]) for n, c in cols.items() if len(c)}
            print(f"  curve {key} {list(cols)} n={len(next(iter(cols.values())))} last={json.dumps(last)}")


if __name__ == "__main__":
    main()
