"""Speed and memory of lossviz's losses on large batches, against baselines measured in the same run.

    python benchmarks/core_speed.py            # 10⁶ × 10 and 10⁵ × 1,000, float64 and float32
    python benchmarks/core_speed.py --quick    # smaller sizes, for a smoke run

For each case it prints the best-of-R time of (taken in turns, one run of each per round, so that
a busy machine slows every contender alike):
  floor     y.sum() + t.sum(): reading the inputs once (t is the label vector for label targets)
  lossviz   sum_squared_error / cross_entropy_error, validation included
  article   the article's one-line formulas, 0.5*np.sum((y-t)**2) and -np.sum(t*np.log(y+1e-7))/N
            (label targets: -np.sum(np.log(y[np.arange(N), t] + 1e-7))/N)
  torch     F.mse_loss(y, t, reduction="sum")/2 and F.nll_loss(torch.log(y+1e-7), labels), when
            PyTorch is installed (CPU)
and lossviz's extra peak memory (tracemalloc) as a share of the inputs' size. The goals: lossviz
≤ 2× floor, never slower than the article, faster than torch, extra memory ≤ 10 % of the inputs.
One case cannot meet both the floor's and the article's: cross-entropy with label targets, where
the article's formula reads only the N labelled entries of y and checks nothing, while lossviz
checks all N·K entries lie in [0, 1] (a bad value anywhere is reported), so it is bound by the floor.
"""

import argparse
import gc
import os
import platform
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a clone: find lossviz
from lossviz import cross_entropy_error, sum_squared_error  # noqa: E402

try:
    import torch
    import torch.nn.functional as F  # noqa: N812
except ImportError:  # PyTorch is optional here
    torch = None


def best_times(fns, repeats):
    """The best wall time of each function over `repeats` rounds; each round runs every one once."""
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def machine():
    """The CPU's model name and the numpy and BLAS that ran."""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or platform.machine()
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    return f"{cpu}, {os.cpu_count()} CPUs; numpy {np.__version__} ({blas['name']} {blas['version']})"


def peak_extra_bytes(fn):
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def make_inputs(n, k, dtype, rng):
    y = rng.random((n, k), dtype=np.float64)
    y /= y.sum(axis=1, keepdims=True)
    labels = rng.integers(0, k, n)
    one_hot = np.zeros((n, k), dtype=dtype)
    one_hot[np.arange(n), labels] = 1
    return y.astype(dtype, copy=False), labels, one_hot


def cases(y, labels, one_hot):
    n = y.shape[0]
    rows = np.arange(n)
    out = {
        ("SSE", "one-hot"): (
            lambda: sum_squared_error(y, one_hot),
            lambda: 0.5 * np.sum((y - one_hot) ** 2),
            lambda: (y.sum(), one_hot.sum()),
        ),
        ("SSE", "labels"): (
            lambda: sum_squared_error(y, labels),
            lambda: 0.5 * np.sum((y - np.eye(y.shape[1], dtype=y.dtype)[labels]) ** 2),
            lambda: (y.sum(), labels.sum()),
        ),
        ("CEE", "one-hot"): (
            lambda: cross_entropy_error(y, one_hot),
            lambda: -np.sum(one_hot * np.log(y + 1e-7)) / n,
            lambda: (y.sum(), one_hot.sum()),
        ),
        ("CEE", "labels"): (
            lambda: cross_entropy_error(y, labels),
            lambda: -np.sum(np.log(y[rows, labels] + 1e-7)) / n,
            lambda: (y.sum(), labels.sum()),
        ),
    }
    if torch is not None:
        ty, tt, tl = torch.from_numpy(y), torch.from_numpy(one_hot), torch.from_numpy(labels)
        torch_fns = {
            ("SSE", "one-hot"): lambda: F.mse_loss(ty, tt, reduction="sum") / 2,
            ("SSE", "labels"): lambda: (
                F.mse_loss(ty, F.one_hot(tl, y.shape[1]).to(ty.dtype), reduction="sum") / 2
            ),
            ("CEE", "one-hot"): lambda: -(tt * torch.log(ty + 1e-7)).sum() / n,
            ("CEE", "labels"): lambda: F.nll_loss(torch.log(ty + 1e-7), tl),
        }
        out = {key: (*fns, torch_fns[key]) for key, fns in out.items()}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    sizes = [(10**5, 10), (10**4, 100)] if args.quick else [(10**6, 10), (10**5, 1000)]
    rng = np.random.default_rng(0)
    print(f"{machine()}; torch {torch.__version__ if torch else 'not installed'}; best of {args.repeats}")
    header = (
        f"{'N×K':>12} {'dtype':>7} {'loss':>4} {'targets':>8} {'floor ms':>9} {'lossviz ms':>10} "
        f"{'÷floor':>7} {'÷article':>8} {'÷torch':>7} {'extra mem':>9}"
    )
    print(header)
    worst, slower = 0.0, []
    for n, k in sizes:
        for dtype in (np.float64, np.float32):
            y, labels, one_hot = make_inputs(n, k, dtype, rng)
            for (loss, form), fns in cases(y, labels, one_hot).items():
                mine, article, floor = fns[:3]
                t_floor, t_mine, t_article, *t_torch = best_times(
                    [floor, mine, article, *fns[3:]], args.repeats
                )
                t_torch = t_torch[0] if t_torch else None
                inputs = y.nbytes + (one_hot.nbytes if form == "one-hot" else labels.nbytes)
                extra = peak_extra_bytes(mine) / inputs
                worst = max(worst, t_mine / t_floor)
                if t_mine > t_article:
                    slower.append(
                        f"{n:,}×{k} {np.dtype(dtype).name} {loss} {form} ({t_mine / t_article:.2f})"
                    )
                torch_ratio = f"{t_mine / t_torch:7.2f}" if t_torch else f"{'—':>7}"
                print(
                    f"{n:>7,}×{k:<4} {np.dtype(dtype).name:>7} {loss:>4} {form:>8} {t_floor * 1e3:9.1f} "
                    f"{t_mine * 1e3:10.1f} {t_mine / t_floor:7.2f} {t_mine / t_article:8.2f} {torch_ratio} "
                    f"{extra:9.1%}"
                )
            del y, labels, one_hot
            gc.collect()
    print(f"worst lossviz ÷ floor: {worst:.2f} (goal ≤ 2)")
    print(f"slower than the article: {'; '.join(slower) or 'none'}")
    print("÷article and ÷torch below 1 mean lossviz is faster")


if __name__ == "__main__":
    main()
