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

Our processes are timed from their spawn to their exit being reaped; their peak memory comes
from /usr/bin/time -f %M, in a run of its own after each timed one. The peers' peak is
ru_maxrss of this process after the load step (its only large allocation so far).

With `--repeat N` every step runs N times on both sides, alternating, and the fastest run of
each side counts (the largest peak memory of ours): on a machine whose speed drifts between
runs, the ratio of two best runs is steadier than that of two single runs.

Never installs into the system: run it with a scratch venv's Python that has geopandas,
pyogrio, pandas, matplotlib, mapclassify, libpysal, esda and numba, from the repository:

    python benches/peers/peers.py [--sizes 10000 100000] [--out /tmp/atlas-peers] [--repeat N]
"""
import argparse, os, resource, subprocess, sys, tempfile, time, warnings
from pathlib import Path

warnings.filterwarnings("ignore")
ap = argparse.ArgumentParser()
ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
ap.add_argument("--repeat", type=int, default=1)
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


def ours_once(*cmd):
    """Seconds of one whole process of ours, from its spawn to its exit being reaped (through
    /usr/bin/time the wrapper's own start-up, ≈ 1.3 ms here, was counted as ours)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([str(exe), *cmd], stdout=subprocess.DEVNULL, stderr=err)
        status = os.waitpid(p.pid, 0)[1]
        secs = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            sys.exit(f"{cmd[0]} failed ({p.returncode}): {err.read().decode(errors='replace')}")
    return secs


def ours_peak(*cmd):
    """Peak MB of one whole process of ours, from /usr/bin/time: a process this script spawns
    itself would report this Python's peak (the kernel keeps the largest resident size across
    the `exec`), a process /usr/bin/time spawns its own."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M", str(exe), *cmd], capture_output=True,
                       text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def side_by_side(peer_step, *cmd):
    """--repeat runs of the peer's step (returning its seconds) and of our command,
    alternating: the fastest of each, and our largest peak memory (each run timed is followed
    by one measured for memory)."""
    peer, s, mb = [], [], []
    for _ in range(max(args.repeat, 1)):
        peer.append(peer_step())
        s.append(ours_once(*cmd))
        mb.append(ours_peak(*cmd))
    return min(peer), min(s), max(mb)


def files(n):
    return out / f"grid_{n}.geojson", out / f"table_{n}.csv"


rows = []
big, small = max(args.sizes), min(args.sizes)

# 1. load + join
g, t = files(big)
table_rows = 0


def load_join():
    global table_rows
    t0 = time.perf_counter()
    gdf = gpd.read_file(g, engine="pyogrio")
    tab = pd.read_csv(t, sep=";", dtype={"key": str})
    wide = tab.pivot_table(index=["key", "year"], columns="indicator", values="value")
    joined = gdf.merge(wide.reset_index(), left_on="id", right_on="key", how="left")
    secs = time.perf_counter() - t0
    table_rows = len(tab)
    del joined, wide, tab, gdf
    return secs


peer, s, mb = side_by_side(load_join, "inspect", "--boundaries", str(g), "--table", str(t),
                           "--json")
peer_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rows.append((f"boundaries + {table_rows:,}-row table + join, {big:,}", s, mb, peer, peer_mb))

# 2. PNG
for n in sorted(set(args.sizes)):
    g, t = files(n)
    d = gpd.read_file(g, engine="pyogrio")
    tb = pd.read_csv(t, sep=";", dtype={"key": str})
    v = tb[(tb.year == 2024) & (tb.indicator == "foreigners_pct")][["key", "value"]]
    d = d.merge(v, left_on="id", right_on="key", how="left")

    def plot(d=d, n=n):
        t0 = time.perf_counter()
        fig, ax = plt.subplots(figsize=(19.2, 10.8), dpi=100)
        d.plot(column="value", scheme="quantiles", k=5, cmap="YlGnBu", ax=ax, legend=True,
               missing_kwds={"color": "lightgrey", "hatch": "///"})
        ax.set_axis_off()
        fig.savefig(out / f"peer_{n}.png")
        plt.close(fig)
        return time.perf_counter() - t0

    peer, s, mb = side_by_side(plot, "export", "--boundaries", str(g), "--table", str(t),
                               "--indicator", "foreigners_pct", "--year", "2024", "--no-labels",
                               "--out", str(out / f"ours_{n}.png"))
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


def lisa():
    t0 = time.perf_counter()
    w = Queen.from_dataframe(d, use_index=False)
    w.transform = "r"
    Moran_Local(d["value"].values, w, permutations=9999, n_jobs=-1, seed=12345)
    return time.perf_counter() - t0


peer, s, mb = side_by_side(lisa, "spatial", "--boundaries", str(g), "--table", str(t),
                           "--indicator", "foreigners_pct", "--year", "2024", "--permutations",
                           "9999", "--json")
rows.append((f"LISA 9 999 permutations, {small:,} (weights + Moran_Local)", s, mb, peer, None))

print(f"machine: {os.cpu_count()} cores, {os.uname().machine}, Python {sys.version.split()[0]}, "
      f"best of {max(args.repeat, 1)}")
print("| step | Arrival Atlas (whole process) | peer (in process) | ratio |")
print("|---|---|---|---|")
for name, s, mb, peer, peer_mb in rows:
    pm = f", {peer_mb:,.0f} MB" if peer_mb else ""
    print(f"| {name} | {s:.2f} s, {mb:,.0f} MB | {peer:.2f} s{pm} | {peer / s:.1f}× |")
