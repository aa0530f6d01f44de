"""The browser fixture: one headless Chromium per test module."""

from __future__ import annotations

import pytest

from tests.browser.harness import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
