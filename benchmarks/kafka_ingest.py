#!/usr/bin/env python3
"""Tables of a KafkaIngestBenchmark run, in Markdown.

  python3 benchmarks/kafka_ingest.py RUN.json [RUN.json ...] --lag LAG.csv [--step memory=1 postgres=2]

Prints, per store: events/s of direct, publish and kafka with each worker count (from the mean
score of the measured shots, and the slowest and fastest shot), the ratio to direct; then the
committed consumer lag of the last measured shot of each worker count over time, one row per
`step` seconds, and the mean machine CPU busy share during the shots.
"""
import argparse
import json
from collections import defaultdict


def rates(paths):
    rows = defaultdict(dict)
    for path in paths:
        for r in json.load(open(path)):
            name = r["benchmark"].rsplit(".", 1)[1]
            p = r["params"]
            events = int(p["events"])
            store = p.get("store", "-")
            key = name if name != "kafka" else "kafka, %s worker%s" % (p["workers"], "" if p["workers"] == "1" else "s")
            shots = [s for fork in r["primaryMetric"]["rawData"] for s in fork]
            rows[store][key] = (events, r["primaryMetric"]["score"], shots)
    return rows


def shots(csv_path):
    """Splits the samples into shots: a label's t_ms going back starts a new shot."""
    out = defaultdict(list)  # (store, workers, kind) -> [samples of a shot]
    last = {}
    for line in open(csv_path):
        if line.startswith("store,"):
            continue
        store, workers, shot, t, stored, lag, wlag, busy, jvm, load = line.strip().split(",")
        kind = shot.split("-")[0]
        key = (store, int(workers), kind)
        t = int(t)
        if key not in last or t < last[key]:
            out[key].append([])
        last[key] = t
        out[key][-1].append((t, int(stored), int(lag), int(wlag), float(busy), float(jvm)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json", nargs="+")
    ap.add_argument("--lag", required=True)
    ap.add_argument("--step", nargs="*", default=[])
    a = ap.parse_args()
    steps = {s.split("=")[0]: float(s.split("=")[1]) for s in a.step}
    all_rates = rates(a.json)
    publish = {}
    for store, rows in all_rates.items():
        if "publish" in rows:
            publish = rows.pop("publish")
    samples = shots(a.lag)
    for store, rows in sorted(all_rates.items()):
        if not rows:
            continue
        direct = rows.get("direct")
        print("\n### %s\n" % store)
        print("| path | events | ms per shot (mean; shots) | events/s (mean; range) | ratio to direct | machine CPU busy |")
        print("|---|---|---|---|---|---|")
        order = ["direct"] + sorted(k for k in rows if k != "direct")
        for k in order:
            if k not in rows:
                continue
            events, score, raw = rows[k]
            rate = events * 1000 / score
            lo, hi = events * 1000 / max(raw), events * 1000 / min(raw)
            ratio = "–" if not direct else "1" if k == "direct" else "%.2f×" % (rate / (direct[0] * 1000 / direct[1]))
            busy = "–"
            if k.startswith("kafka"):
                w = int(k.split(",")[1].split()[0])
                ms = [s for shot in samples.get((store, w, "measurement"), []) for s in shot if s[4] >= 0]
                if ms:
                    busy = "%.0f %%" % (sum(s[4] for s in ms) / len(ms))
            print("| %s | %s | %s; %s | %s; %s–%s | %s | %s |" % (
                k, f"{events:,}", f"{score:,.0f}", " / ".join(f"{x:,.0f}" for x in raw),
                f"{rate:,.0f}", f"{lo:,.0f}", f"{hi:,.0f}", ratio, busy))
        if publish:
            events, score, raw = publish
            print("| publish (separate method, %s events, no store) | %s | %s; %s | %s | – | – |" % (
                f"{events:,}", f"{events:,}", f"{score:,.0f}", " / ".join(f"{x:,.0f}" for x in raw),
                f"{events * 1000 / score:,.0f}"))
        # lag over time, last measured shot per worker count
        step = steps.get(store, 1.0)
        series = {}
        for w in (1, 2, 3):
            got = samples.get((store, w, "measurement"))
            if got:
                series[w] = got[-1]
        if not series:
            continue
        end = max(s[-1][0] for s in series.values())
        print("\nCommitted lag (records not yet stored) of the last measured shot, every %g s:\n" % step)
        print("| t (s) | " + " | ".join("%d worker%s" % (w, "" if w == 1 else "s") for w in series) + " |")
        print("|---|" + "---|" * len(series))
        t = 0.0
        while True:
            cells = []
            for w, shot in series.items():
                before = [s for s in shot if s[0] <= t * 1000]
                if t * 1000 > shot[-1][0] + step * 1000:
                    cells.append("")
                else:
                    cells.append(f"{before[-1][2]:,}" if before else f"{shot[0][2]:,}")
            print("| %g | %s |" % (t, " | ".join(cells)))
            if t * 1000 > end:
                break
            t += step
        print("| done at | " + " | ".join("%.1f s" % (s[-1][0] / 1000) for s in series.values()) + " |")


if __name__ == "__main__":
    main()
