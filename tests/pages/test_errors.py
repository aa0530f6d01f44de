"""A database error on a page is one sentence in the user's language, never a traceback."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from gdmetrics.db import connect
from gdmetrics.settings import get_settings
from tests.pages.conftest import APP


@pytest.fixture
def broken(tmp_path, monkeypatch):
    def use(kind: str):
        path = tmp_path / f"{kind}.duckdb"
        if kind == "corrupt":
            path.write_bytes(b"\x00garbage" * 5000)
        else:
            connect(path).execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'").close()
        monkeypatch.setenv("GD_DB", str(path))
        get_settings.cache_clear()

    yield use
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("kind", "lang", "words"),
    [
        ("corrupt", "nl", "beschadigd of geen DuckDB-database"),
        ("corrupt", "en", "damaged or not a DuckDB database"),
        ("future", "nl", "andere versie van het GD Dashboard (schema 99)"),
    ],
)
def test_a_database_error_is_one_sentence(broken, kind, lang, words):
    broken(kind)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [words in e.value for e in at.error] == [True], [e.value for e in at.error]
    assert "Traceback" not in at.error[0].value and str(get_settings().db) not in at.error[0].value
