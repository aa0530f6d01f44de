"""What every browser test shares: Debian's Chromium and its flags, a free local port, and the
dashboard's server started on a database of the test's own."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out of this closed network.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/system-packages.sh installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def dashboard_server(db: Path, log_path: Path, *, start_timeout_s: float = 30) -> Iterator[str]:
    """`streamlit run app.py` on a free port with GD_DB=db, its output in log_path; yields the
    base url once the health check answers (or start_timeout_s has passed), then stops it."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, "GD_DB": str(db)}, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        for _ in range(int(start_timeout_s / 0.25)):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        try:
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def settle(page, timeout_ms: int = 60_000) -> None:
    """Wait until the script has run and the page has painted what it sent: right after the
    script state turns idle, Streamlit still shows skeletons for a moment (longer on a busy
    machine), and a sign-in or link may start a second run."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')""",
        timeout=timeout_ms,
    )
