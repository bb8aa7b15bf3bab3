"""The files the upload benchmarks send, and the load benchmark's upload scenario."""

import asyncio
import io
import time

import numpy as np
from websockets.exceptions import ConnectionClosed

from benchmarks.lib.levels import REPLICA_COOKIE
from benchmarks.lib.loadclient import ProtocolError, Session


def csv_bytes(rows, k, digits, *, label=True):
    """A CSV of `rows` rows of k probabilities written with `digits` decimals, and a label column.

    One block of 10,000 random rows is formatted and repeated: parsing costs the same as for
    rows that all differ.
    """
    rng = np.random.default_rng(0)
    block = min(rows, 10_000)
    y = rng.dirichlet(np.ones(k), size=block)
    fmt = ",".join([f"%.{digits}f"] * k) + (",%d" if label else "")
    cols = [*y.T, rng.integers(0, k, block)] if label else list(y.T)
    text = "\n".join(fmt % row for row in zip(*cols, strict=True)) + "\n"
    header = ",".join([f"p{j}" for j in range(k)] + (["label"] if label else [])) + "\n"
    return header.encode() + text.encode() * (rows // block)


def predictions_csv(rows, classes=10, seed=0):
    """CSV bytes: a header p0…p9,label, then `rows` rows of probabilities (6 decimals) and a label."""
    rng = np.random.default_rng(seed)
    y = rng.dirichlet(np.ones(classes), rows)
    labels = rng.integers(0, classes, rows)
    out = io.BytesIO()
    header = ",".join([f"p{k}" for k in range(classes)] + ["label"])
    np.savetxt(
        out,
        np.column_stack([y, labels]),
        fmt=["%.6f"] * classes + ["%d"],
        delimiter=",",
        header=header,
        comments="",
    )
    return out.getvalue()


def uploader(data, delay, timeout):
    """A coroutine function: open the batch page's upload source, wait `delay` s, upload, pick the labels."""

    async def upload(url):
        session = Session(url, "batch", "source=upload", timeout=timeout)
        out = {"bytes": len(data), "errors": []}
        try:
            await session.open()
            await asyncio.sleep(delay)
            out["start"] = time.perf_counter()
            out["put_seconds"], run = await session.upload("upload_y", "predictions.csv", data)
            out["upload_rerun"] = run.latency
            run2 = await session.edit("label_column", "label")
            out["label_rerun"] = run2.latency
            out["end"] = run2.finished
            out["time_to_results"] = run2.finished - out["start"]
            out["errors"] = run.errors + run2.errors
            out["metrics"] = session.metrics()
            if not any(label.startswith("Cross-entropy") for label, _, _ in out["metrics"]):
                out["errors"].append("no results shown after the upload")
        except (ProtocolError, ConnectionClosed, OSError) as exc:
            out["errors"].append(f"{type(exc).__name__}: {exc}")
        finally:
            out["replica"] = session.cookies.get(REPLICA_COOKIE)
            await session.close()
        return out

    return upload
