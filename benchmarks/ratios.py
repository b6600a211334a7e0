#!/usr/bin/env python3
"""Turns JMH JSON results into a Markdown table of ratios against the baselines of the same run.

    python3 benchmarks/ratios.py results.json [gc.json ...] > results.md

Scores come from the first file that has a benchmark; later files, such as a run with -prof gc,
only add their allocation per operation.

Absolute numbers on a shared machine are noisy; what a run shows is how far each implementation
is from the baselines measured beside it. Targets come from the "Benchmarks" issue; a ratio that
misses its target is marked with a cross.
"""
import json
import os
import sys
from collections import defaultdict

# UTF-16 chars of each SmsSegmentsBenchmark.Text, as its Javadoc gives them
SMS_CHARS = {"OTP_GSM": 59, "MARKETING_GSM": 300, "CYRILLIC_EMOJI_UCS2": 195, "LONG_GSM": 1200}

OK = "✓"
MISS = "✗ miss"


def load(paths):
    runs = []
    for path in paths:
        with open(path) as f:
            runs.extend(json.load(f))
    results = {}
    for r in runs:
        parts = r["benchmark"].split(".")
        cls, method = parts[-2], parts[-1]
        params = tuple(sorted((r.get("params") or {}).items()))
        secondary = r.get("secondaryMetrics") or {}
        norm = secondary.get("gc.alloc.rate.norm", {}).get("score")
        key = (cls, method, params)
        if key in results:
            # a later file (a -prof gc run) adds allocation to the first file's scores
            results[key]["alloc"] = results[key]["alloc"] if norm is None else norm
            continue
        results[key] = {
            "score": r["primaryMetric"]["score"],
            "error": r["primaryMetric"]["scoreError"],
            "unit": r["primaryMetric"]["scoreUnit"],
            "threads": r["threads"],
            "alloc": norm,
            "raw": r,
        }
    return runs, results


def get(results, cls, method, **params):
    key = (cls, method, tuple(sorted((k, str(v)) for k, v in params.items())))
    return results.get(key)


def values(results, cls, param):
    return sorted({dict(k[2]).get(param) for k in results if k[0] == cls and dict(k[2]).get(param)},
                  key=lambda v: (0, int(v), "") if v.isdigit() else (1, 0, v))


def num(x, digits=3):
    if x is None:
        return "–"
    if x == 0:
        return "0"
    if abs(x) >= 10 ** digits:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def check(ratio, target, at_least=True):
    if ratio is None:
        return "–"
    good = ratio >= target if at_least else ratio <= target
    return f"{num(ratio)} {OK if good else MISS}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def score(r):
    return None if r is None else r["score"]


def aggregation(results, out):
    cls = "ReportAggregationBenchmark"
    sizes = values(results, cls, "events")
    if not sizes:
        return
    out.append("## store.ReportAggregationBenchmark: a month's report for one tenant\n")
    out.append("Milliseconds per report (lower is better). *lib* is `InMemoryUsageStore.aggregate`; "
               "*A* a `Collectors.groupingBy` user; *B* a primitive-column loop over all tenants in time "
               "order; *B slice* the same loop over the tenant's slice of tenant-clustered columns; "
               "DuckDB (default threads) and H2 in memory, same data and `GROUP BY`. The library answers "
               "*daily* and *breakdown* from per-day rollups, *models* row by row from its columns.\n")
    out.append("| events | report | lib | A | B | B slice | DuckDB | H2 "
               "| lib ÷ B (≤ 2) | A ÷ lib (≥ 10) | DuckDB ÷ lib (> 1) | H2 ÷ lib (> 1) | lib ÷ B slice |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|")
    for n in sizes:
        for report in ("daily", "breakdown", "models"):
            s = {impl: score(get(results, cls, f"{impl}_{report}", events=n))
                 for impl in ("library", "baselineA", "baselineB", "baselineBSlice", "duckdb", "h2")}
            lib = s["library"]
            out.append(
                f"| {int(n):,} | {report} | {num(lib)} | {num(s['baselineA'])} | {num(s['baselineB'])} "
                f"| {num(s['baselineBSlice'])} | {num(s['duckdb'])} | {num(s['h2'])} "
                f"| {check(ratio(lib, s['baselineB']), 2, at_least=False)} "
                f"| {check(ratio(s['baselineA'], lib), 10)} "
                f"| {check(ratio(s['duckdb'], lib), 1.0000001)} "
                f"| {check(ratio(s['h2'], lib), 1.0000001)} "
                f"| {num(ratio(lib, s['baselineBSlice']))} |")
    out.append("")


def ingestion(results, out):
    cls = "IngestionBenchmark"
    batches = values(results, cls, "batch")
    if not batches:
        return
    out.append("## store.IngestionBenchmark: idempotent appends, 10 % redeliveries\n")
    out.append("Million events per second over all threads (higher is better): "
               "threads × 10⁹ ÷ (ns per event and thread). Each iteration appends a million events per "
               "thread into a fresh store. *baseline* is `ConcurrentHashMap.putIfAbsent` + `ArrayList.add`.\n")
    out.append("| batch | lib 1 thread (≥ 3) | lib 2 threads | lib scaling | baseline 1 thread "
               "| baseline 2 threads | baseline scaling | lib ÷ baseline, 1 thread | lib B/event |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|")

    def rate(r):
        return None if r is None else r["threads"] * 1e9 / r["score"] / 1e6

    for b in batches:
        lib1 = get(results, cls, "library", batch=b)
        lib2 = get(results, cls, "library_2threads", batch=b)
        base1 = get(results, cls, "baseline", batch=b)
        base2 = get(results, cls, "baseline_2threads", batch=b)
        out.append(
            f"| {b} | {check(rate(lib1), 3)} | {num(rate(lib2))} | {num(ratio(rate(lib2), rate(lib1)))}× "
            f"| {num(rate(base1))} | {num(rate(base2))} | {num(ratio(rate(base2), rate(base1)))}× "
            f"| {num(ratio(rate(lib1), rate(base1)))} | {num(lib1 and lib1['alloc'])} |")
    out.append("")


def calculator(results, out):
    cls = "CreditCalculatorBenchmark"
    price = get(results, cls, "price")
    if price is None:
        return
    base = get(results, cls, "baseline")
    tables = get(results, cls, "baselineTables")
    out.append("## pricing.CreditCalculatorBenchmark: pricing the workload's event mix\n")
    out.append("Million events per second (higher is better). *baseline* is `quantity * rateMicros / per`; "
               "*tables* a hand-written calculator with the same cards, multipliers, increments and "
               "rounding (identical micro-credits).\n")
    out.append("| price (≥ 20) | baseline | tables | baseline ÷ price | tables ÷ price | price B/event |")
    out.append("|---|---:|---:|---:|---:|---:|")
    m = lambda r: None if r is None else r["score"] / 1e6
    out.append(f"| {check(m(price), 20)} | {num(m(base))} | {num(m(tables))} "
               f"| {num(ratio(m(base), m(price)))} | {num(ratio(m(tables), m(price)))} | {num(price['alloc'])} |")
    out.append("")


def sms(results, out):
    cls = "SmsSegmentsBenchmark"
    texts = values(results, cls, "input")
    if not texts:
        return
    out.append("## sms.SmsSegmentsBenchmark: segment counting\n")
    out.append("Nanoseconds per message (lower is better); MB/s counts UTF-16 input bytes, 2 per char. "
               "*read* is the read-every-char floor, *naive* a `Set<Character>` implementation.\n")
    out.append("| text | chars | read | naive | analyze | segmentCount | segmentCount ÷ read "
               "| naive ÷ segmentCount | segmentCount MB/s | analyze MB/s | analyze B/op | segmentCount B/op |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in texts:
        r = {m: get(results, cls, m, input=t) for m in
             ("baselineReadChars", "naiveSetOfCharacter", "analyze", "segmentCount")}
        s = {m: score(v) for m, v in r.items()}
        chars = SMS_CHARS.get(t)
        mbs = lambda ns: None if ns is None or chars is None else 2 * chars / ns * 1000
        out.append(
            f"| {t} | {chars or '–'} | {num(s['baselineReadChars'])} | {num(s['naiveSetOfCharacter'])} "
            f"| {num(s['analyze'])} | {num(s['segmentCount'])} "
            f"| {num(ratio(s['segmentCount'], s['baselineReadChars']))} "
            f"| {num(ratio(s['naiveSetOfCharacter'], s['segmentCount']))} "
            f"| {num(mbs(s['segmentCount']))} | {num(mbs(s['analyze']))} "
            f"| {num(r['analyze'] and r['analyze']['alloc'])} | {num(r['segmentCount'] and r['segmentCount']['alloc'])} |")
    out.append("")


def jdbc(results, out):
    append = "JdbcAppendBenchmark"
    report = "JdbcReportBenchmark"
    dbs = values(results, append, "database")
    if dbs:
        out.append("## jdbc.JdbcAppendBenchmark: JdbcUsageStore.append beside raw JDBC\n")
        out.append("Thousand events per second (higher is better), batches of 500, one transaction each, into a "
                   "table emptied per iteration. The library inserts (PostgreSQL: one `INSERT ... SELECT FROM "
                   "unnest(...) ON CONFLICT DO NOTHING RETURNING`; H2: a read of the taken keys, then a batch of "
                   "`INSERT`s), reads back what it skipped and updates `usage_rollup`. *raw* does the insert by "
                   "hand (PostgreSQL: multi-row `INSERT ... VALUES ... ON CONFLICT DO NOTHING`; H2: a batch of "
                   "`INSERT`s), reads nothing back and keeps no rollup.\n")
        out.append("| database | redeliveries | library | raw JDBC | library cost ÷ raw (≤ 1.3) | target |")
        out.append("|---|---:|---|---:|---|---|")
        for db in dbs:
            for dup in values(results, append, "duplicatePercent"):
                lib = get(results, append, "library", database=db, duplicatePercent=dup)
                raw = get(results, append, "rawJdbc", database=db, duplicatePercent=dup)
                rate = lambda r: None if r is None else 1e9 / r["score"] / 1e3
                goal = 100 if db == "postgres" else 200
                out.append(f"| {db} | {dup} % | {num(rate(lib))} | {num(rate(raw))} "
                           f"| {check(ratio(rate(raw), rate(lib)), 1.3, at_least=False)} "
                           f"| {check(rate(lib), goal)} (≥ {goal}K/s) |")
        out.append("")
    dbs = values(results, report, "database")
    if dbs:
        out.append("## jdbc.JdbcReportBenchmark: a month's report from the JDBC store\n")
        out.append("Milliseconds per report (lower is better) for the largest tenant (22 % of the events). "
                   "*library* is the month in UTC, which the store answers from its hourly rollup; *library, "
                   "events* is the month in Asia/Kolkata (UTC+05:30), which it must answer from the events. "
                   "*raw* is a hand-written `GROUP BY` over the events of count, sums, min and max; *raw + "
                   "latest* adds the latest event's quantity with `ROW_NUMBER() OVER (PARTITION BY group "
                   "ORDER BY occurred_at DESC, id DESC)`, as the store did before the rollup.\n")
        out.append("| database | events | report | library | library, events | raw | raw + latest "
                   "| library ÷ raw (≤ 1.3) | library, events ÷ raw | target |")
        out.append("|---|---:|---|---:|---:|---:|---:|---|---:|---|")
        for db in dbs:
            for n in values(results, report, "events"):
                for rep in ("daily", "breakdown"):
                    s = {m: score(get(results, report, f"{m}_{rep}", database=db, events=n))
                         for m in ("library", "libraryFromEvents", "rawJdbc", "rawJdbcLatest")}
                    target = check(s["library"], 100, at_least=False) + " (≤ 100 ms)" if db == "postgres" else "–"
                    out.append(f"| {db} | {int(n):,} | {rep} | {num(s['library'])} | {num(s['libraryFromEvents'])} "
                               f"| {num(s['rawJdbc'])} | {num(s['rawJdbcLatest'])} "
                               f"| {check(ratio(s['library'], s['rawJdbc']), 1.3, at_least=False)} "
                               f"| {num(ratio(s['libraryFromEvents'], s['rawJdbc']))} | {target} |")
        out.append("")


def raw_table(runs, results, out):
    seen = set()
    unique = []
    for r in runs:
        key = (r["benchmark"], tuple(sorted((r.get("params") or {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(r)
    runs = unique
    out.append("## Every result\n")
    out.append("| benchmark | params | threads | score ± error | unit | B/op |")
    out.append("|---|---|---:|---:|---|---:|")
    for r in runs:
        cls, method = r["benchmark"].split(".")[-2:]
        alloc = results[(cls, method, tuple(sorted((r.get("params") or {}).items())))]["alloc"]
        parts = r["benchmark"].split(".")
        params = ", ".join(f"{k}={v}" for k, v in sorted((r.get("params") or {}).items()))
        p = r["primaryMetric"]
        out.append(f"| {parts[-2]}.{parts[-1]} | {params} | {r['threads']} "
                   f"| {num(p['score'])} ± {num(p['scoreError'])} | {p['scoreUnit']} | {num(alloc)} |")
    out.append("")


def main(paths):
    runs, results = load(paths)
    if not runs:
        sys.exit("no results in " + ", ".join(paths))
    first = runs[0]
    passes = sorted({(r.get("warmupIterations"), r.get("warmupTime"), r.get("measurementIterations"),
                      r.get("measurementTime"), r.get("forks")) for r in runs})
    shape = "; ".join(f"{f} fork × ({wi} × {wt} warm-up, {mi} × {mt} measured)" for wi, wt, mi, mt, f in passes)
    out = ["# Benchmark ratios\n"]
    out.append(f"From {', '.join(os.path.basename(p) for p in paths)}: JMH {first.get('jmhVersion')}, "
               f"JDK {first.get('jdkVersion')} ({first.get('vmName')}); {shape}. Single-shot benchmarks "
               "take one invocation per iteration whatever the time. ✓ meets the target, ✗ misses it.\n")
    aggregation(results, out)
    ingestion(results, out)
    calculator(results, out)
    jdbc(results, out)
    sms(results, out)
    raw_table(runs, results, out)
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
