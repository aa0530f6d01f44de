"""The corpus of malformed and awkward files: each gives its clear message; a rejected file changes nothing."""

from __future__ import annotations

import pytest

from gdmetrics.export import to_csv_bytes
from gdmetrics.importing import FileRejected, import_file, quarantine_rows
from tests.language import offences

from .conftest import CORPUS, snapshot

# file, profile, loaded?, message fragment (line, field and reason where a row is at fault)
CASES = [
    ("01_empty.csv", "generic", False, "the file is empty"),
    ("02_header_only.csv", "generic", False, "the file has a header but no data rows"),
    ("03_only_blank_lines.csv", "generic", False, "no header and no data (only blank lines)"),
    ("04_missing_status_column.csv", "generic", False, "required column 'status' is missing"),
    (
        "05_wrong_profile_topdesk_as_servicenow.csv",
        "servicenow",
        False,
        "does not fit profile 'servicenow'",
    ),
    ("06_huge_cell_unclosed_quote.csv", "generic", False, "line 3: a cell is longer than 131,072 characters"),
    ("07_binary_nul_bytes.csv", "generic", False, "not a text (CSV) file: it contains NUL bytes"),
    ("08_old_excel.xls", "generic", False, "old Excel (.xls)"),
    (
        "09_extra_cell_without_header.csv",
        "generic",
        False,
        "line 3: cell 9 has a value but its column has no name",
    ),
    ("10_duplicate_header.csv", "generic", False, "line 1: column 'status' appears twice in the header"),
    (
        "11_unparsable_date.csv",
        "generic",
        False,
        "line 3, column 'registered_at': unparsable date '31-02-2024 10:00'",
    ),
    ("12_closed_before_opened.csv", "generic", False, "line 2, column 'closed_at': closed before opened"),
    (
        "13_resolved_before_opened.csv",
        "generic",
        False,
        "line 3, column 'resolved_at': resolved before opened",
    ),
    (
        "14_duplicate_id.csv",
        "generic",
        False,
        "line 4, column 'id' (source_id): duplicate id 'C1' within the file (first on line 2)",
    ),
    ("15_missing_id.csv", "generic", False, "line 3, column 'id' (source_id): missing required value"),
    ("16_unknown_status.csv", "generic", False, "line 3, column 'status': unknown status 'Zwevend'"),
    ("17_unknown_priority.csv", "generic", False, "line 2, column 'priority': unknown priority 'urgent'"),
    (
        "18_negative_count.csv",
        "generic",
        False,
        "line 2, column 'reassignment_count': must be at least 0 (is -2)",
    ),
    (
        "19_count_not_a_number.csv",
        "generic",
        False,
        "line 2, column 'reopen_count': 'drie' is not a whole number",
    ),
    ("20_negative_handle_time.csv", "generic", False, "line 3, column 'handle_seconds': negative duration"),
    ("21_pause_ends_before_start.csv", "generic", False, "line 2, column 'resumed_at': negative duration"),
    ("22_bad_yes_no.csv", "generic", False, "line 2, column 'sla_met': 'misschien' is not yes/no"),
    (
        "23_first_response_before_opened.csv",
        "generic",
        False,
        "line 2, column 'first_response_at': first response before opened",
    ),
    (
        "24_multiline_cell_then_bad_date.csv",
        "generic",
        False,
        "line 5, column 'registered_at': unparsable date",
    ),
    ("25_truncated_row.csv", "generic", False, "line 3, column 'registered_at': missing required value"),
    ("26_utf8_bom_semicolon.csv", "generic", True, "2 rows read, 2 new"),
    ("27_cp1252_tab.csv", "generic", True, "1 rows read, 1 new"),
    ("28_blank_trailing_rows_and_columns.csv", "generic", True, "2 rows read, 2 new"),
    ("29_comma_separated_iso_dates.csv", "generic", True, "1 rows read, 1 new"),
    ("30_decimal_comma_interactions.csv", "generic", True, "2 rows read, 2 new"),
    ("31_formula_text.csv", "generic", True, "1 rows read, 1 new"),
    ("32_unknown_channel_registered.csv", "generic", True, "1 unmapped value(s) registered"),
    ("33_excel.xlsx", "generic", True, "2 rows read, 2 new"),
    ("34_utf16_bom.csv", "generic", True, "2 rows read, 2 new"),
]


def test_every_corpus_file_is_listed():
    files = {p.name for p in CORPUS.iterdir() if p.name[:2].isdigit()}
    assert files == {c[0] for c in CASES}
    assert sum(not loaded for _, _, loaded, _ in CASES) >= 25


@pytest.mark.parametrize(("name", "profile", "loaded", "message"), CASES, ids=[c[0] for c in CASES])
def test_corpus_file(con, name, profile, loaded, message):
    before = snapshot(con)
    if loaded:
        result = import_file(con, CORPUS / name, profile)
        assert message in result.summary()
        assert snapshot(con) != before
    else:
        with pytest.raises(FileRejected) as caught:
            import_file(con, CORPUS / name, profile)
        said = str(caught.value) + " | " + " | ".join(p.text() for p in caught.value.problems)
        assert message in said
        assert snapshot(con) == before
        # A Dutch page shows the same reasons in Dutch (the catalogue), no English word left.
        dutch = [p.text("nl") for p in caught.value.problems]
        assert dutch != [p.text("en") for p in caught.value.problems]
        assert offences(dutch, "nl", ("[ticket.values.status]",)) == [], dutch  # a profile's TOML section


def test_wrong_profile_names_the_right_one(con):
    with pytest.raises(FileRejected, match="looks like an export for profile 'topdesk'"):
        import_file(con, CORPUS / "05_wrong_profile_topdesk_as_servicenow.csv", "servicenow")


def test_cp1252_text_is_decoded(con):
    import_file(con, CORPUS / "27_cp1252_tab.csv", "generic")
    assert con.execute("SELECT requester FROM ticket WHERE id = 'generic:C1'").fetchall() == [
        ("Renée Müller-Ösztürk",)
    ]


def test_decimal_comma_and_day_first(con):
    import_file(con, CORPUS / "30_decimal_comma_interactions.csv", "generic")
    rows = con.execute(
        "SELECT id, registered_at::VARCHAR, handle_seconds, first_call_resolution, ticket_id "
        "FROM interaction ORDER BY id"
    ).fetchall()
    assert rows == [
        ("generic:I1", "2024-01-03 09:00:00", 12.5, True, None),
        ("generic:I2", "2024-01-03 09:05:00", 1234.75, False, "generic:C1"),
    ]


def test_iso_with_zone_is_dutch_wall_time(con):
    import_file(con, CORPUS / "29_comma_separated_iso_dates.csv", "generic")
    row = con.execute(
        "SELECT registered_at::VARCHAR, resolved_at::VARCHAR, requester FROM ticket WHERE source_id = 'C1'"
    ).fetchall()
    assert row == [("2024-01-02 09:00:00", "2024-01-02 11:00:00", "Jansen, P.")]


def test_unknown_channel_is_registered_not_dropped(con):
    import_file(con, CORPUS / "32_unknown_channel_registered.csv", "generic")
    assert con.execute("SELECT channel FROM ticket WHERE id = 'generic:C1'").fetchall() == [("onbekend",)]
    assert con.execute(
        "SELECT profile, field, value, row_count, mapped_to FROM unmapped_value"
    ).fetchall() == [("generic", "channel", "duif", 1, None)]


def test_formula_text_is_stored_as_is_and_neutralised_on_export(con):
    import_file(con, CORPUS / "31_formula_text.csv", "generic")
    frame = con.execute("SELECT id, requester FROM ticket WHERE id = 'generic:C1'").df()
    assert frame.loc[0, "requester"].startswith("=HYPERLINK")
    assert "'=HYPERLINK" in to_csv_bytes(frame).decode("utf-8-sig")


def test_quarantine_loads_good_rows_and_keeps_bad_ones(con):
    said = []  # what the page's progress bar says, in its reader's language; the CLI's in English
    result = import_file(
        con,
        CORPUS / "11_unparsable_date.csv",
        "generic",
        quarantine=True,
        progress=lambda _f, m: said.append(m),
    )
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (2, 1, 1)
    assert (said[0].in_lang("nl"), said[-1].in_lang("nl")) == (
        "11_unparsable_date.csv lezen",
        result.summary("nl"),
    )
    assert str(said[0]) == "reading 11_unparsable_date.csv" and not offences(
        [m.in_lang("nl") for m in said], "nl"
    )
    assert con.execute("SELECT source_id FROM ticket WHERE source = 'generic' ORDER BY 1").fetchall() == [
        ("B1",),
        ("B2",),
        ("C1",),
    ]
    assert con.execute("SELECT import_id, line_no, field, reason, raw FROM import_quarantine").fetchall() == [
        (
            result.import_id,
            3,
            "registered_at",
            "unparsable date '31-02-2024 10:00'",
            "C3;31-02-2024 10:00;;;nieuw;3;email;Bakker",
        )
    ]
    outcome = con.execute(
        "SELECT rows_read, rows_loaded, rows_rejected, outcome FROM import_log ORDER BY id DESC"
    )
    assert outcome.fetchall()[0] == (2, 1, 1, "quarantined")
    # the page shows the reason in its reader's language, from the stored message and value
    for lang, reason in (
        ("nl", "onleesbare datum '31-02-2024 10:00'"),
        ("en", "unparsable date '31-02-2024 10:00'"),
    ):
        held = quarantine_rows(con, lang)
        assert held[["line_no", "field", "reason"]].values.tolist() == [[3, "registered_at", reason]]
    # a row kept before reasons were catalogue messages (schema version 6) shows its stored text
    con.execute("UPDATE import_quarantine SET problems = NULL, reason = 'old text'")
    assert quarantine_rows(con, "nl")["reason"].tolist() == ["old text"]
