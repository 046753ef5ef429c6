"""A short load run under gunicorn: no server error and no accepted review lost."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_load_smoke_run_loses_no_review_and_has_no_server_error():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--users",
            "20",
            "--seconds",
            "12",
            "--claims",
            "3000",
            "--attributions",
            "15000",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["server_errors"] == 0, result.stdout
    assert figures["errors"] == 0, result.stdout
    assert figures["accepted_reviews"] > 0
    assert figures["lost_reviews"] == 0
    assert figures["status_mismatches"] == 0
