"""Figures of a level (percentiles, throughput, CPU per rerun, memory) and the tables load.py prints."""

import math
import os
from collections import Counter


def percentile(values, q):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def figures(level):
    lat = [e.latency for e in level.edits]
    first = [r.first_page for r in level.results if r.first_page is not None]
    out = {
        "p50": percentile(lat, 0.5),
        "p95": percentile(lat, 0.95),
        "max": max(lat, default=None),
        "errors": len(level.errors),
        "edits": len(lat),
        "throughput": level.reruns / level.wall,
        "first_p50": percentile(first, 0.5),
        "first_max": max(first, default=None),
        "cpu_per_rerun": level.server_cpu / level.reruns
        if level.server_cpu is not None and level.reruns
        else None,
        "server_cores": level.server_cpu / level.wall if level.server_cpu is not None else None,
        "rss_before": level.rss_before,
        "rss_peak": level.rss_peak,
        "rss_after": level.rss_after,
        "client_cpu": level.client_cpu / level.wall,
    }
    return out


ROWS = [
    ("edit latency p50 (s)", "p50", "{:.3f}"),
    ("edit latency p95 (s)", "p95", "{:.3f}"),
    ("edit latency max (s)", "max", "{:.3f}"),
    ("errors", "errors", "{:d}"),
    ("edits done", "edits", "{:d}"),
    ("throughput (reruns/s)", "throughput", "{:.2f}"),
    ("first page p50 (s)", "first_p50", "{:.3f}"),
    ("first page max (s)", "first_max", "{:.3f}"),
    ("server CPU s / rerun", "cpu_per_rerun", "{:.4f}"),
    ("server CPU (cores busy)", "server_cores", "{:.2f}"),
    ("server RSS before (MiB)", "rss_before", "{:.0f}"),
    ("server RSS peak (MiB)", "rss_peak", "{:.0f}"),
    ("server RSS after (MiB)", "rss_after", "{:.0f}"),
    ("client CPU (cores busy)", "client_cpu", "{:.2f}"),
]
RATIOS = {"p50", "p95", "max", "first_p50", "first_max", "cpu_per_rerun", "rss_peak"}


def fmt(template, value):
    return "—" if value is None else template.format(value)


def print_level(app_level, bare_level, think):
    a = figures(app_level)
    b = figures(bare_level) if bare_level else {}
    print(
        f"\n== {app_level.page} · {app_level.sessions} sessions × {len(app_level.results[0].edits) if app_level.results else 0}"
        f" edits · think {think[0]:g}–{think[1]:g} s · {app_level.wall:.0f} s =="
    )
    print(f"{'':26}{'lossviz':>12}{'bare':>12}{'lossviz÷bare':>14}")
    for label, key, template in ROWS:
        ratio = ""
        if key in RATIOS and a.get(key) and b.get(key):
            ratio = f"{a[key] / b[key]:.1f}×"
        print(f"{label:26}{fmt(template, a.get(key)):>12}{fmt(template, b.get(key)):>12}{ratio:>14}")
    for name, level in (("lossviz", app_level), ("bare", bare_level)):
        steps = [r.first_steps for r in level.results if r.first_steps] if level else []
        if steps:
            print(
                f"  {name} first page, p50 of each step: "
                + ", ".join(f"{k} {percentile([s[k] for s in steps], 0.5):.3f} s" for k in steps[0])
            )
    if "+" in app_level.page:
        for page in app_level.page.split("+"):
            lat = [e.latency for e in app_level.edits if e.page == page]
            print(
                f"  lossviz {page}: p50 {fmt('{:.3f}', percentile(lat, 0.5))} s, "
                f"p95 {fmt('{:.3f}', percentile(lat, 0.95))} s, max {fmt('{:.3f}', max(lat, default=None))} s"
            )
    for name, level in (("lossviz", app_level), ("bare", bare_level)):
        if level and level.errors:
            print(f"  {name} errors (most frequent first):")
            for text, n in Counter(level.errors).most_common(5):
                print(f"    {n:4d} × {text[:160]}")
    print(
        "  machine load average (1 min) at start → end: "
        + "; ".join(
            f"{name} {lv.load_average[0]:.1f} → {lv.load_average[1]:.1f}"
            for name, lv in (("lossviz", app_level), ("bare", bare_level))
            if lv
        )
        + f" ({os.cpu_count()} cores; other work on the machine slows both apps)"
    )
    if any(r.replica for r in app_level.results):
        print(
            "  sessions per replica (the balancer's cookie): "
            + ", ".join(f"{name or 'none'} {n}" for name, n in app_level.replicas.items())
        )
    if app_level.client_cpu / app_level.wall > 0.5:
        print("  warning: this client used more than half a core; the figures may be the client's")
    if app_level.extra:
        print_upload(app_level)


def print_upload(level):
    up = level.extra
    print(f"  upload of {up['bytes'] / 2**20:.1f} MiB:")
    if "time_to_results" not in up:
        print(f"    failed: {up['errors']}")
        return
    print(
        f"    time to results {up['time_to_results']:.2f} s (PUT {up['put_seconds']:.2f} s, "
        f"rerun with the file {up['upload_rerun']:.2f} s, rerun with the label column {up['label_rerun']:.2f} s)"
    )
    during = [e.latency for e in level.edits if overlaps(e, up)]
    other = [e.latency for e in level.edits if not overlaps(e, up)]
    print(
        f"    others' edits in flight meanwhile: {len(during)} edits, p50 {fmt('{:.3f}', percentile(during, 0.5))} s, "
        f"max {fmt('{:.3f}', max(during, default=None))} s; the rest of the run: p50 "
        f"{fmt('{:.3f}', percentile(other, 0.5))} s, p95 {fmt('{:.3f}', percentile(other, 0.95))} s"
    )
    if up["errors"]:
        print(f"    upload errors: {up['errors']}")


def overlaps(edit, upload):
    """Whether an edit was waiting for its answer at some moment between the upload's start and results."""
    return edit.sent <= upload["end"] and edit.sent + edit.latency >= upload["start"]


def print_summary(pairs):
    print(
        "\n| page | sessions | p50 s | p95 s | max s | errors | reruns/s | first page p50 / max s | CPU s/rerun | RSS before / peak / after MiB | bare p50 / p95 s | p50 ÷ bare |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for app_level, bare_level in pairs:
        a = figures(app_level)
        b = figures(bare_level) if bare_level else {}
        ratio = f"{a['p50'] / b['p50']:.0f}×" if a.get("p50") and b.get("p50") else "—"
        print(
            f"| {app_level.page} | {app_level.sessions} | {fmt('{:.2f}', a['p50'])} | {fmt('{:.2f}', a['p95'])} | "
            f"{fmt('{:.2f}', a['max'])} | {a['errors']} | {a['throughput']:.1f} | "
            f"{fmt('{:.2f}', a['first_p50'])} / {fmt('{:.2f}', a['first_max'])} | {fmt('{:.3f}', a['cpu_per_rerun'])} | "
            f"{fmt('{:.0f}', a['rss_before'])} / {fmt('{:.0f}', a['rss_peak'])} / {fmt('{:.0f}', a['rss_after'])} | "
            f"{fmt('{:.3f}', b.get('p50'))} / {fmt('{:.3f}', b.get('p95'))} | {ratio} |"
        )
