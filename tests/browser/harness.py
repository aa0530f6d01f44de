"""What every browser test shares: Debian's Chromium and its flags, and a free local port."""

from __future__ import annotations

import socket
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
