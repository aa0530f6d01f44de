"""Writes the corpus of malformed and awkward export files: `python tests/importing/corpus/make_corpus.py`.

The files are committed; this script says how each was made (encodings and bytes matter, so
they are written as bytes). `CASES` in test_corpus.py lists what each file must produce.
"""

from __future__ import annotations

import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEAD = "id;registered_at;resolved_at;closed_at;status;priority;channel;requester"
GOOD = [
    "C1;02-01-2024 09:00;02-01-2024 11:30;03-01-2024 10:00;gesloten;3;telefoon;Jansen",
    "C2;2024-01-03 14:00;;;in_behandeling;2;email;De Vries",
]


def csv(*lines: str, eol: str = "\r\n") -> bytes:
    return eol.join(lines).encode("utf-8") + eol.encode()


def xlsx() -> bytes:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "registered_at", "resolved_at", "status", "priority", "channel"])
    sheet.append(
        ["X1", dt.datetime(2024, 2, 1, 9, 0), dt.datetime(2024, 2, 1, 12, 0), "opgelost", 3, "balie"]
    )
    sheet.append(["X2", dt.datetime(2024, 2, 2, 10, 0), None, "nieuw", 4, "servicepagina"])
    sheet.append([None, None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FILES: dict[str, bytes] = {
    # -- rejected as a whole file
    "01_empty.csv": b"",
    "02_header_only.csv": csv(HEAD),
    "03_only_blank_lines.csv": csv(";;;;", "", ";;;"),
    "04_missing_status_column.csv": csv("id;registered_at;priority", "C1;02-01-2024 09:00;3"),
    "05_wrong_profile_topdesk_as_servicenow.csv": csv(
        "Incidentnummer;Aanmelddatum;Status;Prioriteit", "M2401 001;02-01-2024 09:00;Afgemeld;P3"
    ),
    "06_huge_cell_unclosed_quote.csv": csv(HEAD, GOOD[0], 'C3;"02-01-2024 09:00;' + "x" * 140_000),
    "07_binary_nul_bytes.csv": b"id;registered_at\x00\x00\x01\x02" * 10,
    "08_old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
    "09_extra_cell_without_header.csv": csv(HEAD, GOOD[0], GOOD[1] + ";onverwacht"),
    "10_duplicate_header.csv": csv(HEAD + ";status", GOOD[0] + ";gesloten"),
    # -- rejected for bad rows (line, field, reason)
    "11_unparsable_date.csv": csv(HEAD, GOOD[0], "C3;31-02-2024 10:00;;;nieuw;3;email;Bakker"),
    "12_closed_before_opened.csv": csv(HEAD, "C1;05-01-2024 09:00;;04-01-2024 09:00;gesloten;3;email;A"),
    "13_resolved_before_opened.csv": csv(
        HEAD, GOOD[0], "C3;05-01-2024 09:00;01-01-2024 08:00;;opgelost;3;;B"
    ),
    "14_duplicate_id.csv": csv(HEAD, GOOD[0], GOOD[1], GOOD[0].replace("Jansen", "Pietersen")),
    "15_missing_id.csv": csv(HEAD, GOOD[0], ";03-01-2024 09:00;;;nieuw;3;email;C"),
    "16_unknown_status.csv": csv(HEAD, GOOD[0], "C3;03-01-2024 09:00;;;Zwevend;3;email;D"),
    "17_unknown_priority.csv": csv(HEAD, "C1;03-01-2024 09:00;;;nieuw;urgent;email;E", GOOD[1]),
    "18_negative_count.csv": csv(
        "id;registered_at;status;priority;reassignment_count", "C1;03-01-2024 09:00;nieuw;3;-2"
    ),
    "19_count_not_a_number.csv": csv(
        "id;registered_at;status;priority;reopen_count", "C1;03-01-2024 09:00;nieuw;3;drie"
    ),
    "20_negative_handle_time.csv": csv(
        "interaction_id;registered_at;handle_seconds;first_call_resolution",
        "I1;03-01-2024 09:00;120;Y",
        "I2;03-01-2024 09:05;-30;N",
    ),
    "21_pause_ends_before_start.csv": csv(
        "id;registered_at;status;priority;paused_at;resumed_at",
        "C1;03-01-2024 09:00;wacht;3;03-01-2024 10:00;03-01-2024 09:30",
    ),
    "22_bad_yes_no.csv": csv(
        "id;registered_at;status;priority;sla_met", "C1;03-01-2024 09:00;gesloten;3;misschien"
    ),
    "23_first_response_before_opened.csv": csv(
        "id;registered_at;first_response_at;status;priority", "C1;03-01-2024 09:00;02-01-2024 09:00;nieuw;3"
    ),
    "24_multiline_cell_then_bad_date.csv": csv(
        HEAD,
        'C1;02-01-2024 09:00;;;nieuw;3;email;"Jansen\r\nafdeling\r\nFB"',
        "C2;gisteren;;;nieuw;3;email;K",
    ),
    "25_truncated_row.csv": csv(HEAD, GOOD[0], "C3"),
    # -- awkward but valid: loaded
    "26_utf8_bom_semicolon.csv": b"\xef\xbb\xbf" + csv(HEAD, *GOOD),
    "27_cp1252_tab.csv": "\r\n".join(
        [HEAD.replace(";", "\t"), "C1\t02-01-2024 09:00\t\t\tnieuw\t3\tbalie\tRenée Müller-Ösztürk"]
    ).encode("cp1252"),
    "28_blank_trailing_rows_and_columns.csv": csv(
        HEAD + ";;;", *(g + ";;;" for g in GOOD), ";;;;;;;;;;;", ";;;;;;;;;;;"
    ),
    "29_comma_separated_iso_dates.csv": csv(
        HEAD.replace(";", ","), 'C1,2024-01-02T09:00:00,2024-01-02T10:00:00Z,,opgelost,3,email,"Jansen, P."'
    ),
    "30_decimal_comma_interactions.csv": csv(
        "interaction_id;registered_at;handle_seconds;first_call_resolution;ticket_id",
        "I1;3-1-2024 9:00;12,5;Y;",
        "I2;3-1-2024 9:05;1.234,75;N;C1",
    ),
    "31_formula_text.csv": csv(
        HEAD, 'C1;02-01-2024 09:00;;;nieuw;3;email;"=HYPERLINK(""http://x.example"";""klik"")"'
    ),
    "32_unknown_channel_registered.csv": csv(HEAD, "C1;02-01-2024 09:00;;;nieuw;3;duif;A"),
    "33_excel.xlsx": xlsx(),
    "34_utf16_bom.csv": "\r\n".join([HEAD, *GOOD]).encode("utf-16"),
}


def main() -> None:
    for name, data in FILES.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(FILES)} files to {HERE}")


if __name__ == "__main__":
    main()
