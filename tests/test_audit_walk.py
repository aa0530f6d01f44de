"""Issue 12, walk (b): every write and every data download leaves exactly one audit line, and a
write's line is in the same transaction as its change (an audit line that cannot be written takes
the change back with it).

The lists below are checked against the code: a function of gdmetrics that writes an audit line,
a page's write (`writing(...)`) or a download button not listed here fails the first tests.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from gdmetrics import access, catalogue_edit
from gdmetrics.access import Access, RoleAssignment, auditlog
from gdmetrics.importing import import_bytes, set_mapping
from gdmetrics.store import events
from tests.dashboard_db import prepared_copy

ROOT = Path(__file__).resolve().parents[1]
BEHEER = Access("beheer@minbzk.nl", "Beheer", "beheer", None, "user_role")
NOW = dt.datetime(2007, 1, 8, 9, 0)
UNKNOWN_CHANNEL = b"id;registered_at;status;priority;channel\r\nW1;2006-12-05 09:00;opgelost;3;Postduif\r\n"


def _setup_role(con) -> None:
    access.assign_role(con, BEHEER, RoleAssignment(email="weg@minbzk.nl", role="psg"), now=NOW)


def _setup_unmapped(con) -> None:
    import_bytes(con, UNKNOWN_CHANNEL, "duif.csv", "generic")


def _product(con) -> str:
    return con.execute("SELECT min(code) FROM product").fetchone()[0]


# The writes on a connection: name -> (setup, write). Each must add exactly one audit line.
WRITES = {
    "gdmetrics.access.admin.assign_role": (
        None,
        lambda con: access.assign_role(
            con, BEHEER, RoleAssignment(email="nieuw@minbzk.nl", role="psg"), now=NOW
        ),
    ),
    "gdmetrics.access.admin.remove_role": (
        _setup_role,
        lambda con: access.remove_role(con, BEHEER, "weg@minbzk.nl", now=NOW),
    ),
    "gdmetrics.catalogue_edit.change_product_norm": (
        None,
        lambda con: catalogue_edit.change_product_norm(
            con, BEHEER, _product(con), 3, 2.0, 9.0, dt.date(2006, 6, 1), now=NOW
        ),
    ),
    "gdmetrics.catalogue_edit.change_product": (
        None,
        lambda con: catalogue_edit.change_product(con, BEHEER, _product(con), now=NOW, name="Nieuwe naam"),
    ),
    "gdmetrics.importing.history.set_mapping": (
        _setup_unmapped,
        lambda con: set_mapping(con, "generic", "channel", "Postduif", "post", actor="beheer@minbzk.nl"),
    ),
    "gdmetrics.importing.loader.import_file": (
        None,
        lambda con: import_bytes(con, UNKNOWN_CHANNEL, "w.csv", "generic", actor="beheer@minbzk.nl"),
    ),
}
# Writes walked in their own tests, with their audit line in the same transaction there.
WRITES_ELSEWHERE = {
    "gdmetrics.feeds.load.import_feed": "tests/feeds: every feed's load checks its one audit line",
    "gdmetrics.reference.load.import_reference": "tests/reference: the workbook's one audit line",
    "gdmetrics.store.recovery.rollback": "an undo is its own version: tests/store (audit carried, one rollback line)",
    "gdmetrics.store.recovery.restore": "the restore is its own version: tests/store",
    "gdmetrics.store.recovery._audit": "undo's and restore's line (above)",
    "gdmetrics.access.downloads.report_bytes": "a download: test_every_download_leaves_one_line",
}
# Functions that write audit lines on behalf of the above (not writes of their own).
AUDIT_HELPERS = {"gdmetrics.access.auditlog.audit", "gdmetrics.access.auditlog.insert_audit"}


def _functions_calling(names: set[str]) -> set[str]:
    """Every function of gdmetrics that calls one of `names` (by their last part)."""
    found = set()
    for path in sorted((ROOT / "gdmetrics").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    func = call.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in names:
                        found.add(f"{module}.{node.name}")
    return found


def test_every_function_that_writes_an_audit_line_is_walked():
    writers = _functions_calling({"insert_audit", "audit"}) - AUDIT_HELPERS
    writers = {w.replace(".importing.loader._load", ".importing.loader.import_file") for w in writers}
    listed = set(WRITES) | set(WRITES_ELSEWHERE)
    assert sorted(writers - listed) == [], "walk these writes in WRITES (or say where in WRITES_ELSEWHERE)"


def test_every_page_write_calls_a_walked_write():
    """Each `with writing(...)` block of a page calls one of the walked writes."""
    short = {name.rsplit(".", 1)[1] for name in [*WRITES, *WRITES_ELSEWHERE]}
    blocks = 0
    for path in sorted((ROOT / "pages").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.With) and "writing(" in ast.unparse(node.items[0]):
                blocks += 1
                called = {
                    c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", "")
                    for c in ast.walk(node)
                    if isinstance(c, ast.Call)
                }
                assert called & short, f"{path.name}: {ast.unparse(node.items[0])}"
    assert blocks >= 4


AUDITED_DOWNLOADS = ("access.data_bytes", "access.report_bytes", "access.download")
BLANK = {"template"}  # the reference workbook's empty template: no data


def test_every_download_button_audits_its_data():
    """Every st.download_button's data is built (when clicked) through one of the audited
    downloads of gdmetrics.access, or holds no data at all."""
    buttons = 0
    for path in sorted((ROOT / "pages").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "download_button":
                buttons += 1
                data = ast.unparse(node.args[1])
                assert data in BLANK or any(d in data for d in AUDITED_DOWNLOADS) or "build(" in data, (
                    f"{path.name}: {data}"
                )
    assert buttons >= 6
    # report_buttons' build() is report_bytes (pages/ui/reports.py)
    assert "access.report_bytes" in (ROOT / "pages" / "ui" / "reports.py").read_text(encoding="utf-8")


@pytest.fixture
def con(demo_db_path, tmp_path):
    c = prepared_copy(demo_db_path, tmp_path)
    yield c
    c.close()


def _lines(con) -> int:
    return con.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def _snapshot(con) -> dict[str, tuple]:
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall()
    ]
    return {t: con.execute(f"SELECT count(*), sum(hash(x)) FROM {t} AS x").fetchone() for t in tables}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_leaves_one_audit_line_in_its_own_transaction(con, monkeypatch, name):
    setup, write = WRITES[name]
    if setup:
        setup(con)
    before, snapshot = _lines(con), _snapshot(con)
    real = auditlog.insert_audit

    def line_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("the audit log is full")

    for module in ("gdmetrics.access.auditlog", "gdmetrics.access.admin", "gdmetrics.catalogue_edit",
                   "gdmetrics.importing.loader", "gdmetrics.access"):  # fmt: skip
        monkeypatch.setattr(f"{module}.insert_audit", line_then_fail)
    with pytest.raises(RuntimeError, match="audit log is full"):
        write(con)
    assert _snapshot(con) == snapshot, "the change stayed without its audit line"
    monkeypatch.undo()
    write(con)
    assert _lines(con) == before + 1
    assert _snapshot(con) != snapshot


def test_every_download_leaves_one_line(con, tmp_path):
    """Reports, drill-down rows, the quarantine and the reference workbook: one access-log line each."""
    log = tmp_path / "log.duckdb"  # the access log lives beside this path
    am = Access("am@minbzk.nl", None, "accountmanager", ("DGOB", "DGOB-BF"), "user_role")
    frame = pd.DataFrame({"ticket": ["=1+1", "b"]})
    downloads = [
        lambda: access.report_bytes(con, am, "mantel_report", None, "2006-Q4", "xlsx", access_log=log),
        lambda: access.data_bytes(frame, "csv", "am@minbzk.nl", "backlog_rows", access_log=log),
        lambda: access.data_bytes(frame, "xlsx", "am@minbzk.nl", "quarantaine", access_log=log),
        lambda: access.download(lambda: b"x", "fb@minbzk.nl", "reference workbook", access_log=log),
    ]
    for n, download in enumerate(downloads, start=1):
        assert download()
        assert len(events.events_frame(log)) == n
    assert list(events.events_frame(log)["action"]) == ["data_download"] * 3 + ["report_download"]
