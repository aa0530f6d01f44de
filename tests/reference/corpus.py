"""A small good reference workbook and the malformed ones made from it, each with one fault.

Deterministic: the same cell contents every run (no randomness; only the zip members' times
differ). `BAD` maps a case name to (a function giving the workbook bytes, the sheet, the column and
a part of the reason the import must name).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Callable

import openpyxl

from gdmetrics.reference.workbook import write_workbook

D = dt.date


def good_data() -> dict[str, list[dict]]:
    """A tiny organisation: two directorates, a DG with a directie and a third party, three
    products, norms, a mantel with two standards, two DVA's with lines and a pattern."""
    return {
        "Directies GD": [
            {
                "code": "FAZ",
                "name": "Facilitaire Zaken",
                "name_en": "Facility Services",
                "kind": "backoffice",
            },
            {"code": "ICT", "name": "ICT", "name_en": "ICT", "kind": "backoffice"},
        ],
        "Accountmanagers": [{"id": "AM1", "name": "Anna de Vries", "email": "anna@minbzk.nl"}],
        "Klanten": [
            {"code": "DG1", "name": "DG Een", "kind": "dg", "parent_code": None, "accountmanager_id": "AM1"},
            {
                "code": "D1",
                "name": "Directie Een",
                "kind": "directie",
                "parent_code": "DG1",
                "accountmanager_id": "AM1",
            },
            {
                "code": "JUS",
                "name": "Justitie",
                "kind": "derde",
                "parent_code": None,
                "accountmanager_id": None,
            },
        ],
        "Producten": [
            {
                "code": "WERK",
                "name": "Werkplek",
                "name_en": "Workplace",
                "directorate_code": "FAZ",
                "topic": "werkomgeving",
                "demand_level": "operationeel",
                "financing": "basis",
                "is_24_7": False,
                "response_norm_hours": 4.0,
                "resolution_norm_hours": 16.0,
            },
            {
                "code": "LAPTOP",
                "name": "Laptop",
                "name_en": "Laptop",
                "directorate_code": "ICT",
                "topic": "ICT",
                "demand_level": "operationeel",
                "financing": "plus",
                "tariff": 50.0,
                "tariff_unit": "stuk",
                "is_24_7": False,
                "response_norm_hours": 8.0,
                "resolution_norm_hours": 24.0,
            },
            {
                "code": "NETWERK",
                "name": "Netwerk",
                "name_en": "Network",
                "directorate_code": "ICT",
                "topic": "ICT",
                "demand_level": "operationeel",
                "financing": "basis",
                "is_24_7": True,
            },
        ],
        "Productnormen": [
            {
                "product_code": "WERK",
                "priority": 1,
                "valid_from": D(2024, 1, 1),
                "response_norm_hours": 1.0,
                "resolution_norm_hours": 4.0,
            },
            {
                "product_code": "WERK",
                "priority": 2,
                "valid_from": D(2024, 1, 1),
                "response_norm_hours": 2.0,
                "resolution_norm_hours": 8.0,
            },
        ],
        "Standaardnormen": [
            {"priority": p, "response_norm_hours": 2.0 * p, "resolution_norm_hours": 8.0 * p}
            for p in range(1, 6)
        ],
        "Mantel": [
            {"id": "MO-1", "name": "Mantel 2024", "valid_from": D(2024, 1, 1), "valid_to": D(2026, 1, 1)}
        ],
        "Mantelnormen": [
            {
                "mantel_id": "MO-1",
                "code": "MS-01",
                "name": "Afhandeling binnen norm",
                "name_en": "Resolution",
                "figure_id": "resolution_within_norm",
                "target": 0.9,
            },
            {
                "mantel_id": "MO-1",
                "code": "MS-02",
                "name": "Reactie binnen norm",
                "name_en": "Response",
                "figure_id": "response_within_norm",
                "target": 0.95,
            },
        ],
        "DVA's": [
            {
                "id": "DVA-D1",
                "client_code": "D1",
                "kind": "plus",
                "mantel_id": "MO-1",
                "valid_from": D(2024, 1, 1),
                "valid_to": D(2026, 1, 1),
                "signed_on": D(2023, 12, 1),
            },
            {
                "id": "DVA-JUS",
                "client_code": "JUS",
                "kind": "derden",
                "mantel_id": "MO-1",
                "valid_from": D(2024, 1, 1),
                "valid_to": D(2026, 1, 1),
            },
        ],
        "DVA-regels": [
            {
                "dva_id": "DVA-D1",
                "line_no": 1,
                "product_code": "LAPTOP",
                "target_share": 0.9,
                "agreed_volume": 10,
                "tariff": 50.0,
            },
            {
                "dva_id": "DVA-D1",
                "line_no": 2,
                "product_code": "WERK",
                "priority": 1,
                "response_norm_hours": 0.5,
                "resolution_norm_hours": 2.0,
                "target_share": 0.95,
            },
            {"dva_id": "DVA-JUS", "line_no": 1, "product_code": "WERK", "target_share": 0.95},
        ],
        "Patronen": [
            {
                "code": "PAT-IN",
                "name": "Nieuwe medewerker",
                "name_en": "New employee",
                "lead_time_norm_hours": 80.0,
            }
        ],
        "Patroonstappen": [
            {"pattern_code": "PAT-IN", "step": 1, "product_code": "WERK"},
            {"pattern_code": "PAT-IN", "step": 2, "product_code": "LAPTOP"},
        ],
    }


def good_workbook() -> bytes:
    return write_workbook(good_data())


def _with(change: Callable[[dict], None]) -> bytes:
    data = copy.deepcopy(good_data())
    change(data)
    return write_workbook(data)


def _edit(change: Callable[[openpyxl.Workbook], None], data: bytes | None = None) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data or good_workbook()))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rename_column(book: openpyxl.Workbook) -> None:
    book["Producten"]["C1"] = "Naam Engels"


def _merge(book: openpyxl.Workbook) -> None:
    book["Klanten"].merge_cells("B2:B3")


def _formula(book: openpyxl.Workbook) -> None:
    book["Standaardnormen"]["C3"] = "=B3*4"


def _hide(book: openpyxl.Workbook) -> None:
    book["Accountmanagers"].sheet_state = "hidden"


def _text_in_number(data: dict) -> None:
    data["Standaardnormen"][2]["resolution_norm_hours"] = "zestien"


def _duplicate(data: dict) -> None:
    data["Producten"].append(dict(data["Producten"][0], name="Werkplek (dubbel)"))


def _cycle(data: dict) -> None:
    data["Klanten"] += [
        {"code": "D2", "name": "Twee", "kind": "directie", "parent_code": "D3"},
        {"code": "D3", "name": "Drie", "kind": "directie", "parent_code": "D2"},
    ]


def _missing_parent(data: dict) -> None:
    data["Klanten"].append({"code": "D9", "name": "Negen", "kind": "directie", "parent_code": "DG9"})


def _unknown_product(data: dict) -> None:
    data["DVA-regels"].append(
        {"dva_id": "DVA-JUS", "line_no": 2, "product_code": "PRINTER", "target_share": 0.9}
    )


def _overlap(data: dict) -> None:
    data["DVA's"].append(
        {
            "id": "DVA-D1-v2",
            "client_code": "D1",
            "kind": "plus",
            "mantel_id": "MO-1",
            "valid_from": D(2025, 1, 1),
            "valid_to": D(2026, 1, 1),
        }
    )


def _huge() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(good_workbook()))
    ws = book["Accountmanagers"]
    for i in range(60):
        ws.append([f"AM{i + 10}", f"Naam {i}", None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _dimension_lies() -> bytes:
    """The huge sheet, its recorded dimension rewritten to claim two rows."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_huge()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[A-Z0-9:]+"', b'<dimension ref="A1:C2"', data)
            target.writestr(info, data)
    return out.getvalue()


def _unpacks_large() -> bytes:
    """A small file that unpacks to more than the limit (cells of repeated text compress well)."""
    book = openpyxl.load_workbook(io.BytesIO(good_workbook()))
    ws = book.create_sheet("Notities")
    for i in range(80):
        ws.cell(row=i + 1, column=1, value=f"{i:03d}" + "x" * 30_000)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _empty_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


HUGE_LIMIT = 50  # the huge cases are tested with GD_REFERENCE_MAX_ROWS at this value
UNPACKED_LIMIT_MB = 1  # and GD_IMPORT_MAX_XLSX_UNPACKED_MB at this one

# name: (bytes, sheet, column, part of the reason)
BAD: dict[str, tuple[Callable[[], bytes], str | None, str | None, str]] = {
    "missing_sheet": (lambda: _edit(lambda b: b.remove(b["Patronen"])), "Patronen", None, "sheet missing"),
    "renamed_column": (lambda: _edit(_rename_column), "Producten", "Naam (Engels)", "column missing"),
    "duplicate_code": (lambda: _with(_duplicate), "Producten", "Code", "appears twice"),
    "cycle_of_parents": (lambda: _with(_cycle), "Klanten", "Valt onder", "cycle of parents"),
    "missing_parent": (
        lambda: _with(_missing_parent),
        "Klanten",
        "Valt onder",
        "'DG9' is not on sheet Klanten",
    ),
    "dva_line_unknown_product": (lambda: _with(_unknown_product), "DVA-regels", "Product", "'PRINTER'"),
    "overlapping_dva_periods": (lambda: _with(_overlap), "DVA's", "Geldig vanaf", "overlap"),
    "text_in_number_column": (
        lambda: _with(_text_in_number),
        "Standaardnormen",
        "Oplosnorm (uren)",
        "not a number",
    ),
    "merged_cells": (lambda: _edit(_merge), "Klanten", None, "merged cells B2:B3"),
    "formula_cell": (lambda: _edit(_formula), "Standaardnormen", "Oplosnorm (uren)", "formula in C3"),
    "hidden_sheet": (lambda: _edit(_hide), "Accountmanagers", None, "hidden"),
    "old_xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, None, None, ".xls"),
    "empty_workbook": (_empty_workbook, None, None, "none of the reference sheets"),
    "empty_file": (lambda: b"", None, None, "empty"),
    "huge_sheet": (_huge, "Accountmanagers", None, "61 rows; at most 50 per sheet"),
    "huge_sheet_dimension_lies": (_dimension_lies, "Accountmanagers", None, "more than 50 rows"),
    "unpacks_too_large": (_unpacks_large, None, None, "unpacks to 2 MB; at most 1 MB"),
}
