"""A server process's CPU and memory, from /proc, and the uploads Streamlit still holds (its metrics)."""

import asyncio
import os
import urllib.request
from pathlib import Path


def status_mb(pid, field):
    """A memory field of /proc/<pid>/status (VmRSS, VmHWM…) in MB; pid "self" for this process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def held_uploads_mb(url):
    """Bytes Streamlit's upload manager still holds, from the server's /_stcore/metrics."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as response:
        lines = response.read().decode().splitlines()
    held = [line for line in lines if line.startswith("cache_memory_bytes") and "UploadedFileManager" in line]
    return sum(float(line.rsplit(" ", 1)[1]) for line in held) / 1e6


class ProcWatch:
    """CPU seconds and resident memory of one server process, from /proc."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, pid):
        self.pid = pid
        self.peak = 0

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.TICK  # utime + stime (stat fields 14, 15)

    def rss_mib(self):
        with open(f"/proc/{self.pid}/status") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        return kb / 1024

    async def watch_peak(self, stop, interval=0.2):
        while not stop.is_set():
            self.peak = max(self.peak, self.rss_mib())
            try:
                await asyncio.wait_for(stop.wait(), interval)
            except TimeoutError:
                pass
