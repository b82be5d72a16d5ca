"""Segregation side by side: PySAL `segregation` and `arrival-atlas segregation` on the same
files, in one run, on one machine (issue 24).

Writes a grid of N square districts sharing their edges (GeoJSON, WGS84) and a long table of a
group and a total over 20 years, then times
  1. every single-group index for 20 years (PySAL: the seven classes per year, in-process, the
     data already loaded; ours: the whole process, loading included),
  2. the change of D between the first and the last year under random labelling, 999
     simulations (PySAL `TwoValueTest(null_approach="random_label")`; ours `--compare`).

Run it with a Python that has segregation, geopandas and libpysal (a scratch venv, never the
repository):  python benches/peers/peer_segregation.py target/release/arrival-atlas 100
(the side of the grid: 100 → 10 000 districts).
"""
import json, subprocess, sys, tempfile, time, warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box
from segregation.singlegroup import (Dissim, Isolation, Interaction, Entropy, Gini,
                                     SpatialDissim, BoundarySpatialDissim)
from segregation.inference import TwoValueTest

exe, side = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100
n, years = side * side, list(range(2005, 2025))
rng = np.random.default_rng(1)
geoms = [box(13 + 0.001 * (k % side), 52 + 0.001 * (k // side),
             13 + 0.001 * (k % side + 1), 52 + 0.001 * (k // side + 1)) for k in range(n)]
ids = [f"{k:06d}" for k in range(n)]
rows = []
for y in years:
    t = 200 + rng.integers(0, 3000, n)
    x = (t * rng.random(n) * 0.6).astype(int)
    rows.append(pd.DataFrame({"id": ids, "year": y, "x": x, "t": t}))
table = pd.concat(rows)
with tempfile.TemporaryDirectory() as d:
    d = Path(d)
    g = gpd.GeoDataFrame({"id": ids}, geometry=geoms, crs=4326)
    g.to_file(d / "grid.geojson", driver="GeoJSON")
    table.to_csv(d / "grid.csv", index=False)

    gp = g.to_crs(25833)
    frames = {y: gp.merge(table[table.year == y], on="id").astype({"x": float, "t": float})
              for y in years}
    t0 = time.perf_counter()
    for y in years:
        f = frames[y]
        for cls in (Dissim, Isolation, Interaction, Entropy, Gini, SpatialDissim,
                    BoundarySpatialDissim):
            cls(f, "x", "t").statistic
    pysal_all = time.perf_counter() - t0
    t0 = time.perf_counter()
    TwoValueTest(Dissim(frames[years[-1]], "x", "t"), Dissim(frames[years[0]], "x", "t"),
                 iterations_under_null=999, null_approach="random_label", n_jobs=-1)
    pysal_change = time.perf_counter() - t0

    base = [exe, "segregation", "--boundaries", str(d / "grid.geojson"), "--table",
            str(d / "grid.csv"), "--group", "x", "--total", "t", "--json"]
    t0 = time.perf_counter()
    subprocess.run(base + ["--year", "all"], check=True, capture_output=True)
    ours_all = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run(base + ["--compare", f"{years[0]},{years[-1]}", "--permutations", "999"],
                   check=True, capture_output=True)
    ours_change = time.perf_counter() - t0

print(f"| step ({n} districts) | Arrival Atlas (whole process) | PySAL segregation (in process) | ratio |")
print("|---|---|---|---|")
print(f"| 7 indices × 20 years | {ours_all:.2f} s | {pysal_all:.2f} s | {pysal_all / ours_all:.1f}× |")
print(f"| change test, 999 random labellings | {ours_change:.2f} s | {pysal_change:.2f} s | {pysal_change / ours_change:.1f}× |")
