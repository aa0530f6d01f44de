"""Every page in English shows no code and no Dutch word, and in Dutch no English word: all
visible text (the sidebar, titles, markdown, captions, alerts, metrics, table headers and cells,
widget labels and options, forms and upload sections, buttons, chart titles, legends and axes,
code blocks) is read from the AppTest tree, with a drill-down opened on each page that has one
and one ticket's verdict explained; and every page on an empty database, in English.

The language comes from the link (`?lang=en`), as a shared link sets it: one session per language
walks the pages, one AppTest run per page, plus one per drill-down opened."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from gdmetrics.reference.spec import SHEETS
from tests.language import offences
from tests.pages.conftest import APP, HELD_REASON, PAGES

PARAMS = {"period": "2006-Q4"}
# Per page, the links that open it in a state with more to read (a client's dossier).
EXTRA = {"klantdossier": {"client": "DGV-POL"}}

_SHOWN_KEYS = {
    "body",
    "label",
    "delta",
    "help",
    "placeholder",
    "options",
    "codeText",
}  # not an input's value: data
_CHART_KEYS = {"name", "text", "title", "ticktext", "x", "y", "labels", "hovertemplate", "legendgrouptitle"}


def _strings(node: object, keys: set[str], key: str | None = None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, keys, k)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, keys, key)
    elif isinstance(node, str) and key in keys:
        yield node


def _chart_texts(spec: str) -> list[str]:
    found = list(_strings(json.loads(spec), _CHART_KEYS))
    return [re.sub(r"%\{[^}]*\}|<[^>]+>", " ", s) for s in found]


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def visible_texts(at, root=None) -> list[str]:
    """Every text the page shows (or the part of it under `root`), one string per element part."""
    texts: list[str] = []
    for node in _walk(at._tree if root is None else root):
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if kind == "Dataframe":
            frame = node.value
            config = json.loads(proto.columns or "{}")  # st.column_config: a heading replaces the name
            texts += [config.get(str(c), {}).get("label") or str(c) for c in frame.columns]
            texts += [v for col in frame.columns for v in frame[col].tolist() if isinstance(v, str)]
            continue
        if proto is None:
            continue
        data = MessageToDict(proto)
        if "spec" in data and isinstance(data["spec"], str):  # a Plotly chart
            texts += _chart_texts(data["spec"])
            continue
        for part in ("expandable", "popover", "tab"):  # labelled blocks
            if isinstance(data.get(part), dict) and data[part].get("label"):
                texts.append(data[part]["label"])
        texts += [s for s in _strings(data, _SHOWN_KEYS) if not s.startswith(("$$ID", ":material/"))]
    return [t for t in texts if t.strip()]


def proper_names(con) -> tuple[str, ...]:
    """Names that stay as they are in every language: clients, account managers, quotes' text."""
    rows = con.execute(
        """SELECT name FROM client UNION SELECT name FROM accountmanager UNION SELECT email FROM accountmanager
           UNION SELECT description FROM quote"""
    ).fetchall()
    return tuple(r[0] for r in rows)


def _choose_first(at, suffix: str) -> None:
    for box in list(at.selectbox):
        if box.key and box.key.endswith(suffix) and box.options:
            box.select_index(0).run()
            assert not at.exception, [e.message for e in at.exception]


def open_drill_downs(at) -> None:
    """Choose the first figure of every 'behind the figures' picker, so its table is shown, and
    explain the first ticket of a ticket table (the explanation is a code block)."""
    _choose_first(at, "drill")
    _choose_first(at, "_explain")


@pytest.fixture
def names(con):
    return proper_names(con)


def _walk_pages(lang: str) -> tuple[dict[str, list[str]], list[str]]:
    """Every page in `lang`, its drill-downs open: {page: its texts}; and the sidebar's texts,
    read on the frame's first run (AppTest leaves the sidebar out of its tree after switch_page).

    One session per link, as a user clicking through: the language is read from the link on the
    session's first run, so a page reached by the navigation is in the same language as one opened
    from the link, and the walk costs one frame run instead of one per page. A page with a link of
    its own (EXTRA: the dossier of a client) gets its own session."""
    shown: dict[str, list[str]] = {}
    sidebar: list[str] = []
    for extra in [{}, *EXTRA.values()]:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update({**PARAMS, **extra, "lang": lang})
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        sidebar = sidebar or visible_texts(at, at.sidebar)
        for page in PAGES:
            if EXTRA.get(page, {}) != extra:
                continue
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception, (page, [e.message for e in at.exception])
            open_drill_downs(at)
            shown[page] = visible_texts(at)
    assert set(shown) == set(PAGES)
    return shown, sidebar


# What the walk must find on a page, so the sidebar, a form or an explanation cannot drop out of
# it unseen (the sidebar on every page).
MUST_READ = {
    "serviceniveaus": lambda texts: any("\n" in s and "norm" in s for s in texts),  # a ticket explained
    "normen": lambda texts: "Response norm (hours)" in texts,  # a form
    # an upload section, and a quarantined line's reason from the catalogue
    "gegevens": lambda texts: any("CSV" in s for s in texts) and HELD_REASON["en"] in texts,
    "overzicht": lambda texts: any("-badge[1]" in s for s in texts),  # the attention list
}


def test_the_english_pages_show_no_code_and_no_dutch_word(app_env, names):
    shown, sidebar = _walk_pages("en")
    assert {"Period", "Quarter", "GD directorate", "Channel"} <= set(sidebar), sidebar
    bad = [f"sidebar: {b}" for b in offences(sidebar, "en", names)]
    for page, texts in shown.items():
        assert len(texts) > 5, (page, texts)  # the page rendered
        assert MUST_READ.get(page, bool)(texts), f"the walk missed part of {page}"
        bad += [f"{page}: {b}" for b in offences(texts, "en", names)]
    assert not bad, "\n".join(bad)


def test_the_dutch_pages_show_no_english_word(app_env, names):
    shown, sidebar = _walk_pages("nl")
    assert HELD_REASON["nl"] in shown["gegevens"]  # the quarantine's reason, in Dutch
    bad = [f"sidebar: {b}" for b in offences(sidebar, "nl", names)]
    for page, texts in shown.items():
        bad += [f"{page}: {b}" for b in offences(texts, "nl", names)]
    assert not bad, "\n".join(bad)


@pytest.fixture
def empty_env(empty_db_path, tmp_path, monkeypatch):
    """The app on its own copy of the empty database (the app may write its meta on first open)."""
    from gdmetrics.settings import get_settings

    path = tmp_path / "empty.duckdb"
    shutil.copy(empty_db_path, path)
    monkeypatch.setenv("GD_DB", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_every_english_page_on_an_empty_database_shows_no_code_and_no_dutch_word(empty_env):
    """One session walks every page (as a user clicking through), so the empty database costs one
    run of the frame and one per page."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": "en"})
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    # The reference workbook's sheets keep their names in every language (the file is filled in as is).
    sheets = tuple(s.name for s in SHEETS)
    bad = offences(visible_texts(at, at.sidebar), "en")
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        texts = visible_texts(at)
        assert len(texts) >= 3, (page, texts)
        bad += [f"{page}: {b}" for b in offences(texts, "en", sheets)]
    assert not bad, "\n".join(bad)
