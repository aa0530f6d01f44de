"""Benchmark the import: rows per second and peak memory for TOPdesk exports of 100k and 1M rows.

usage: python bench/import.py [--sizes 100k,1m] [--formats csv,xlsx] [--sla both|with|without]
                              [--code DIR] [--work DIR]

Generates TOPdesk-shaped exports (the columns of tests/importing/fixtures/topdesk.csv, the demo's
clients, directorates and products, `random.Random(42)`) into `--work` (default bench/import.tmp,
not committed; reused when present), then imports each into a fresh database holding the demo's
organisation and catalogue, in a child process: `python -m gdmetrics import`'s own function,
`import_file`. The child reports its import time; the parent reads the child's peak resident set
size from `os.wait4` (that child only). With `--sla both` every file is imported twice: with the
SLA refresh that follows an import of tickets (a full recompute today) and without it.
`--code DIR` imports with the gdmetrics of another checkout (for before/after figures).

Sections: `import_table` (this), and room for others (e.g. the longest time a reader waited
during a publish) as functions called from `main`. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
HEADER = (
    "Incidentnummer;Aanmelddatum;Datum gereed;Datum afgemeld;Streefdatum;Streefdatum gehaald;"
    "Verwerkingsstatus;Prioriteit;Soort binnenkomst;Soort melding;Afdeling;Aanmelder;"
    "Behandelaarsgroep;Categorie;Aantal heropeningen"
).split(";")
CHANNELS = ("Telefonisch", "E-mail", "Selfservice portal", "Balie", "Post")
KINDS = ("Incident", "Verzoek", "Vraag", "Klacht")
OPEN_STATES = ("Aangemeld", "In behandeling", "Wacht op aanmelder")
NAMES = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos")


# --- generating the exports -------------------------------------------------------------------


def _codes() -> tuple[list[str], list[str], list[str]]:
    sys.path.insert(0, str(ROOT))
    from gdmetrics.demo import catalogue as cat

    clients = [c.code for c in cat.CLIENTS]
    directorates = [d[0] for d in cat.DIRECTORATES]
    products = [p.code for p in cat.PRODUCTS]
    return clients, directorates, products


def export_rows(n: int):
    """`n` TOPdesk incident rows (lists of text), deterministic."""
    rng = random.Random(42)
    clients, directorates, products = _codes()
    start = dt.datetime(2005, 1, 3, 8, 0)
    fmt = "%d-%m-%Y %H:%M"
    for i in range(n):
        opened = start + dt.timedelta(minutes=i * 525_600 // max(n, 1) + rng.randrange(60))
        target = opened + dt.timedelta(hours=rng.choice((4, 8, 24, 40, 80)))
        state = rng.random()
        if state < 0.9:
            done = opened + dt.timedelta(minutes=rng.randrange(30, 6000))
            closed = done + dt.timedelta(minutes=rng.randrange(5, 2000))
            status, ready, off = "Afgemeld", done.strftime(fmt), closed.strftime(fmt)
            met = "Ja" if done <= target else "Nee"
        else:
            status, ready, off, met = rng.choice(OPEN_STATES), "", "", ""
        yield [
            f"M{opened:%y%m} {i:07d}",
            opened.strftime(fmt),
            ready,
            off,
            target.strftime(fmt),
            met,
            status,
            f"P{rng.randint(1, 4)}",
            rng.choice(CHANNELS),
            rng.choice(KINDS),
            rng.choice(clients),
            f"{rng.choice(NAMES)}, {chr(65 + rng.randrange(26))}.",
            rng.choice(directorates),
            rng.choice(products),
            str(rng.choice((0, 0, 0, 0, 1))),
        ]


def write_csv(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(export_rows(n))


XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Incidenten" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    ),
}
EPOCH = dt.datetime(1899, 12, 30)
DATE_COLUMNS = {1, 2, 3, 4}


def write_xlsx(path: Path, n: int) -> None:
    """An .xlsx as Excel writes one: dates as numbers with a date style, text inline. Written
    straight as XML into the zip (xlsxwriter takes minutes for a million rows)."""
    from xml.sax.saxutils import escape

    def cell(col: int, r: int, value: str) -> str:
        if value == "":
            return ""
        ref = f"{chr(65 + col)}{r}"
        if col in DATE_COLUMNS:
            moment = dt.datetime.strptime(value, "%d-%m-%Y %H:%M")
            return f'<c r="{ref}" s="1"><v>{(moment - EPOCH) / dt.timedelta(days=1)!r}</v></c>'
        if col == 14:
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in XLSX_PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="A1:O{n + 1}"/><sheetData>'.encode()
            )
            head = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADER)
            sheet.write(f'<row r="1">{head}</row>'.encode())
            batch = []
            for r, row in enumerate(export_rows(n), start=2):
                batch.append(f'<row r="{r}">' + "".join(cell(c, r, v) for c, v in enumerate(row)) + "</row>")
                if len(batch) == 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())


def export(work: Path, size: str, fmt: str) -> Path:
    path = work / f"topdesk-{size}.{fmt}"
    if not path.exists():
        started = time.perf_counter()
        part = path.with_suffix(".part")
        (write_csv if fmt == "csv" else write_xlsx)(part, SIZES[size])
        part.rename(path)
        print(f"generated {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


# --- one import in a child process, as the user runs it -----------------------------------------

# The phases of one import, timed in the child by wrapping the functions that do them (no
# production code knows it is measured): the writer's copy of the published file (lock, copy,
# connect), reading the file into DuckDB, typing and checking the rows, loading them (stage,
# insert, pauses), the SLA refresh, the rest of the import's transaction (calendar, quarantine,
# unmapped values, import log, COMMIT, dropping temp tables), and the publish (derived tables,
# CHECKPOINT, fsync, link, rename).
PHASES = ("copy", "read", "check", "load", "sla", "commit", "publish")


def _timed(module, name: str, phase: str, spent: dict[str, float]) -> None:
    original = getattr(module, name, None)
    if original is None:  # older code (--code): that phase stays in "commit"
        return

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[phase] = spent.get(phase, 0.0) + time.perf_counter() - started

    setattr(module, name, wrapper)


def child(db: Path, file: Path, sla: bool) -> None:
    """Runs in the child: a published database with the demo's organisation and catalogue, then,
    when the parent says go (a line on stdin, after its reader started), `python -m gdmetrics
    import`'s own function `import_published`: lock, copy, import, SLA refresh, publish."""
    from gdmetrics import store
    from gdmetrics.demo import reference
    from gdmetrics.importing import loader, publish

    with store.writer(db, actor="bench", reason="organisation and catalogue", fresh=True) as w:
        reference.insert_organisation(w.con)
        reference.insert_catalogue(w.con, reference.Period(2004, 2006))
    spent: dict[str, float] = {}
    _timed(loader, "read_table", "read", spent)
    _timed(loader, "map_records", "check", spent)
    _timed(loader, "_load_tickets", "load", spent)
    if sla:
        _timed(loader, "refresh_ticket_sla", "sla", spent)
    else:  # the verdicts stay as they were; the publish does not recompute them either
        loader.refresh_ticket_sla = lambda *_a, **_k: 0
    marks: dict[str, float] = {}
    inner = publish.import_file

    def import_file(*args, **kwargs):
        marks["import"] = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            marks["imported"] = time.perf_counter()

    publish.import_file = import_file
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    result, version = publish.import_published(db, file, file.name, "topdesk", actor="bench")
    seconds = time.perf_counter() - started
    phases = {"copy": marks["import"] - started, **spent}
    inside = marks["imported"] - marks["import"]
    phases["commit"] = inside - sum(spent.values())
    phases["publish"] = started + seconds - marks["imported"]
    print(
        json.dumps(
            {
                "rows": result.rows_read,
                "loaded": result.rows_loaded,
                "seconds": seconds,
                "phases": {k: round(v, 2) for k, v in phases.items()},
                "version": version.number if version else None,
            }
        )
    )


READER_QUERY = "SELECT count(*), avg(CASE WHEN resolution_met THEN 1 ELSE 0 END) FROM ticket_sla"


def reader(db: str, stop, out) -> None:
    """A dashboard reader: every 20 ms (a user's next run) the published version, a connection per
    version (as the app's cache keeps), one query; the time of each such run, and whether it
    switched to a new version."""
    sys.path.insert(0, str(ROOT))
    from gdmetrics import store
    from gdmetrics.db import connect

    cons: dict = {}
    waits: list[tuple[float, bool]] = []
    while not stop.is_set():
        started = time.perf_counter()
        key = store.current(db)
        switched = key.key not in cons
        if switched:
            cons = {key.key: connect(key.file, read_only=True)}
        cons[key.key].cursor().execute(READER_QUERY).fetchall()
        waits.append((time.perf_counter() - started, switched))
        time.sleep(0.02)
    out.put(waits[1:])  # the first run opens the first version: no publish in it


def _clean(db: Path) -> None:
    import shutil

    for leftover in db.parent.glob(db.name + "*"):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()


def run_child(code: Path, work: Path, file: Path, sla: bool, with_reader: bool) -> dict:
    import multiprocessing as mp

    db = work / "bench-import.duckdb"
    _clean(db)
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(db), str(file), "1" if sla else "0"],
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    ready = proc.stdout.readline().strip()
    stop, out, watcher = mp.Event(), mp.Queue(), None
    if ready == "ready" and with_reader:
        watcher = mp.Process(target=reader, args=(str(db), stop, out))
        watcher.start()
        time.sleep(1.0)
    load = os.getloadavg()[0]
    if ready == "ready":
        proc.stdin.write("go\n")
        proc.stdin.flush()
    found_text = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    waits: list[tuple[float, bool]] = []
    if watcher is not None:
        time.sleep(0.5)  # a run or two on the new version
        stop.set()
        waits = out.get()
        watcher.join()
    load = max(load, os.getloadavg()[0])
    _clean(db)
    if proc.returncode != 0 or ready != "ready":
        return {"error": f"exit {proc.returncode}"}
    found = json.loads(found_text.strip().splitlines()[-1])
    found["peak_rss_mib"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    found["load"] = load
    if waits:
        found["reader_max_ms"] = max(w for w, _ in waits) * 1000
        found["reader_switch_ms"] = max((w for w, s in waits if s), default=0.0) * 1000
        found["reader_runs"] = len(waits)
    return found


def import_table(args: argparse.Namespace, work: Path) -> list[dict]:
    """Rows/s, peak RSS and the longest reader wait per size, format, and with or without the SLA
    refresh; then the seconds of each phase."""
    modes = {"both": (True, False), "with": (True,), "without": (False,)}[args.sla]
    print(
        "| rows | format | SLA refresh | import s | rows/s | peak RSS MiB | reader max ms "
        "| reader switch ms | load avg |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|")
    found_all = []
    for size in args.sizes.split(","):
        for fmt in args.formats.split(","):
            file = export(work, size, fmt)
            for sla in modes:
                best = None
                for _ in range(args.repeat):
                    found = run_child(Path(args.code).resolve(), work, file, sla, not args.no_reader)
                    if "seconds" in found and (best is None or found["seconds"] < best["seconds"]):
                        best = found
                    elif best is None:
                        best = found
                found = best
                found.update(size=SIZES[size], format=fmt, sla=sla)
                found_all.append(found)
                label = "with" if sla else "without"
                if "seconds" not in found:
                    print(f"| {SIZES[size]:,} | {fmt} | {label} | {found} | | | | | |", flush=True)
                    continue
                seconds = found["seconds"]
                reader_max = f"{found['reader_max_ms']:,.0f}" if "reader_max_ms" in found else "–"
                switch = f"{found['reader_switch_ms']:,.0f}" if "reader_switch_ms" in found else "–"
                print(
                    f"| {found['rows']:,} | {fmt} | {label} | {seconds:.1f} | {found['rows'] / seconds:,.0f} "
                    f"| {found['peak_rss_mib']:,.0f} | {reader_max} | {switch} | {found['load']:.1f} |",
                    flush=True,
                )
    print("\nSeconds per phase (" + ", ".join(PHASES) + "; see PHASES in bench/import.py):\n")
    print("| rows | format | SLA refresh | " + " | ".join(PHASES) + " |")
    print("|---:|---|---|" + "---:|" * len(PHASES))
    for found in found_all:
        if "phases" not in found:
            continue
        cells = " | ".join(f"{found['phases'].get(p, 0):.1f}" for p in PHASES)
        label = "with" if found["sla"] else "without"
        print(f"| {found['size']:,} | {found['format']} | {label} | {cells} |")
    return found_all


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, os.getcwd())
        child(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "1")
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--sla", choices=("both", "with", "without"), default="with")
    parser.add_argument(
        "--code", default=str(ROOT), help="checkout whose gdmetrics imports (default: this one)"
    )
    parser.add_argument("--work", default=str(ROOT / "bench" / "import.tmp"))
    parser.add_argument("--repeat", type=int, default=1, help="runs per row; the fastest is shown")
    parser.add_argument("--no-reader", action="store_true", help="no reader process during the import")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"import benchmark, {os.cpu_count()} cores, code {Path(args.code).resolve()}\n")
    import_table(args, work)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
