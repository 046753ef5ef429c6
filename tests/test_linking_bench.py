"""A tiny run of bench/linking.py: it fills, links, reports, and cleans up after itself."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_linking_bench_reports_times_by_size():
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("the bench creates its scratch database on the DATABASE_URL server")
    result = subprocess.run(
        [
            sys.executable,
            "bench/linking.py",
            "--sizes",
            "1000,2000",
            "--probes",
            "20",
            "--batch-articles",
            "2",
            "--per-article",
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert [row["attributions"] for row in figures["by_size"]] == [1000, 2000]
    assert figures["median_ms"] > 0 and figures["p95_ms"] >= figures["median_ms"]
    # Half the probes restate a stored claim; linking must find nearly all of them.
    assert figures["restatements_found"] >= 0.9
