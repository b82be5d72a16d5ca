"""Arrival Atlas side by side with the Python stack, in one run, on one machine (issue 25).

Generates the inputs with the repository's generator (`cargo run --release --example
make_bench_data`: contiguous 28-gon districts `grid_N.geojson` and the long table `table_N.csv`,
3 indicators × 20 years), then times each step both ways and prints the table the README's
performance section quotes:

  1. boundaries + table + join at 100 k: ours `inspect --json` (whole process, start-up
     included); peers geopandas (pyogrio) `read_file` + pandas `read_csv` + pivot + merge
     (in-process, imports excluded);
  2. a PNG of 1920 × 1080 at 10 k and 100 k: ours `export --no-labels`; peers geopandas
     `plot(scheme="quantiles", k=5)` + matplotlib `savefig` (the plot step, data loaded);
  3. LISA with 9 999 permutations at 10 k: ours `spatial` (the whole command); peers libpysal
     `Queen.from_dataframe` + esda `Moran_Local` (numba; the first call, which compiles, is made
     on a small copy first and not timed).

Peak memory: ours from /usr/bin/time -f %M per process, the peers' from ru_maxrss of this
process after the load step (its only large allocation so far).

Never installs into the system: run it with a scratch venv's Python that has geopandas,
pyogrio, pandas, matplotlib, mapclassify, libpysal, esda and numba, from the repository:

    python benches/peers/peers.py [--sizes 10000 100000] [--out /tmp/atlas-peers]
"""
import argparse, os, resource, subprocess, sys, tempfile, time, warnings
from pathlib import Path

warnings.filterwarnings("ignore")
ap = argparse.ArgumentParser()
ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "atlas-peers"))
args = ap.parse_args()
repo = Path(__file__).resolve().parents[2]
out = Path(args.out)
exe = repo / "target" / "release" / "arrival-atlas"
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=repo, check=True)
subprocess.run(["cargo", "run", "--release", "--quiet", "--example", "make_bench_data", "--",
                str(out), *map(str, args.sizes)], cwd=repo, check=True, capture_output=True)

import geopandas as gpd
import pandas as pd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import mapclassify  # noqa: F401  (geopandas' scheme=)
from libpysal.weights import Queen
from esda.moran import Moran_Local


def ours(*cmd):
    """Seconds and peak MB of one whole process of ours."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", str(exe), *cmd], capture_output=True,
                       text=True, check=True)
    secs = time.perf_counter() - t0
    return secs, int(r.stderr.strip().splitlines()[-1]) / 1024


def files(n):
    return out / f"grid_{n}.geojson", out / f"table_{n}.csv"


rows = []
big, small = max(args.sizes), min(args.sizes)

# 1. load + join
g, t = files(big)
t0 = time.perf_counter()
gdf = gpd.read_file(g, engine="pyogrio")
tab = pd.read_csv(t, sep=";", dtype={"key": str})
wide = tab.pivot_table(index=["key", "year"], columns="indicator", values="value").reset_index()
joined = gdf.merge(wide, left_on="id", right_on="key", how="left")
peer = time.perf_counter() - t0
peer_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
s, mb = ours("inspect", "--boundaries", str(g), "--table", str(t), "--json")
rows.append((f"boundaries + {len(tab):,}-row table + join, {big:,}", s, mb, peer, peer_mb))
del joined, wide, tab

# 2. PNG
for n in sorted(set(args.sizes)):
    g, t = files(n)
    d = gpd.read_file(g, engine="pyogrio")
    tb = pd.read_csv(t, sep=";", dtype={"key": str})
    v = tb[(tb.year == 2024) & (tb.indicator == "foreigners_pct")][["key", "value"]]
    d = d.merge(v, left_on="id", right_on="key", how="left")
    t0 = time.perf_counter()
    fig, ax = plt.subplots(figsize=(19.2, 10.8), dpi=100)
    d.plot(column="value", scheme="quantiles", k=5, cmap="YlGnBu", ax=ax, legend=True,
           missing_kwds={"color": "lightgrey", "hatch": "///"})
    ax.set_axis_off()
    fig.savefig(out / f"peer_{n}.png")
    plt.close(fig)
    peer = time.perf_counter() - t0
    s, mb = ours("export", "--boundaries", str(g), "--table", str(t), "--indicator",
                 "foreigners_pct", "--year", "2024", "--no-labels", "--out",
                 str(out / f"ours_{n}.png"))
    rows.append((f"PNG 1920×1080, {n:,}", s, mb, peer, None))

# 3. LISA 9 999 at the small size
g, t = files(small)
d = gpd.read_file(g, engine="pyogrio")
tb = pd.read_csv(t, sep=";", dtype={"key": str})
v = tb[(tb.year == 2024) & (tb.indicator == "foreigners_pct")][["key", "value"]]
d = d.merge(v, left_on="id", right_on="key", how="inner").dropna(subset=["value"])
warm = d.iloc[:200]
Moran_Local(warm["value"].values, Queen.from_dataframe(warm, use_index=False),
            permutations=99, n_jobs=-1)
t0 = time.perf_counter()
w = Queen.from_dataframe(d, use_index=False)
w.transform = "r"
Moran_Local(d["value"].values, w, permutations=9999, n_jobs=-1, seed=12345)
peer = time.perf_counter() - t0
s, mb = ours("spatial", "--boundaries", str(g), "--table", str(t), "--indicator",
             "foreigners_pct", "--year", "2024", "--permutations", "9999", "--json")
rows.append((f"LISA 9 999 permutations, {small:,} (weights + Moran_Local)", s, mb, peer, None))

print(f"machine: {os.cpu_count()} cores, {os.uname().machine}, Python {sys.version.split()[0]}")
print("| step | Arrival Atlas (whole process) | peer (in process) | ratio |")
print("|---|---|---|---|")
for name, s, mb, peer, peer_mb in rows:
    pm = f", {peer_mb:,.0f} MB" if peer_mb else ""
    print(f"| {name} | {s:.2f} s, {mb:,.0f} MB | {peer:.2f} s{pm} | {peer / s:.1f}× |")
