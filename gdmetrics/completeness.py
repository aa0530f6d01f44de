"""What data the database holds and what is missing: which kinds of data are loaded (so a figure
over data never loaded says "niet geladen", not 0), and the gaps in what is loaded (tickets
without a client, directorates without cost rows...), for the Gegevens page, `python -m
gdmetrics check` and the notes beside a figure.

Every figure declares the kinds of data it rests on (`Figure.rests_on`, gdmetrics.figures.registry);
`DATA_KINDS` says which table proves a kind is loaded. Definitional choices:

- **Loaded** means the kind's table holds at least one row. A feed loaded for some months only is
  loaded; its missing months are a gap (`check`), not "niet geladen".
- **Gaps** are counted over the whole database by `check` and, for the notes beside a figure,
  by `period_notes` over the figure's request: its period, its filters and the user's client
  scope (an account manager's card counts their clients' tickets, not the GD's; cost-month gaps
  only where no client scope applies, for the request's directorates when it names some). The
  checks:
  - tickets without a (mapped) client, directorate or product: the ticket's code is empty;
  - tickets without a norm: no DVA line, product norm or default norm applied (no verdict);
  - products without a norm: no norm of their own and no product norm per priority (the
    default norms then apply);
  - directorates without cost rows for a month: every back-office directorate, every month
    from the first to the last month with cost rows (over a period: the period's months up to
    the last month with cost rows), that has no row; only once costs are loaded at all;
  - clients without an accountmanager: neither the client nor its DG names one;
  - DVA lines on expired products: a product whose every norm version per priority has ended
    (a `valid_to` on or before the as-of day) is no longer in the catalogue; a DVA line for it
    that is still valid at the as-of day points at nothing the GD delivers;
  - months without tickets: months between the first and the last ticket month with none.
- **As of** per feed: the latest moment its rows describe (registration, resolution, receipt,
  handling, escalation, closure, the month of a cost or charge row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from gdmetrics.text import N_, tr

if TYPE_CHECKING:
    from gdmetrics.figures.model import FigureRequest


@dataclass(frozen=True)
class DataKind:
    """A kind of data the GD loads: the table that proves it is loaded, its Dutch name, and where
    it is loaded (the Gegevens page's section)."""

    table: str
    label_nl: str
    load_nl: str


DATA_KINDS: dict[str, DataKind] = {
    "tickets": DataKind("ticket", N_("meldingen"), N_("een export van het meldingensysteem")),
    "complaints": DataKind("complaint", N_("klachten"), N_("de maandelijkse gegevens: klachten")),
    "escalations": DataKind(
        "escalation", N_("SIA-escalaties"), N_("de maandelijkse gegevens: SIA-escalaties")
    ),
    "costs": DataKind("cost", N_("kosten per directie"), N_("de maandelijkse gegevens: kosten")),
    "charges": DataKind("charge", N_("verrekeningen"), N_("de maandelijkse gegevens: verrekeningen")),
    "quotes": DataKind("quote", N_("offertes"), N_("de maandelijkse gegevens: offertes")),
    "mantel": DataKind(
        "mantel_standard", N_("mantelnormen"), N_("de werkmap referentiegegevens: Mantel en Mantelnormen")
    ),
    "dvas": DataKind("dva_line", N_("DVA-regels"), N_("de werkmap referentiegegevens: DVA's en DVA-regels")),
    "patterns": DataKind(
        "pattern_instance", N_("patroongevallen"), N_("meldingen die bij een patroon horen")
    ),
    "clients": DataKind("client", N_("klanten"), N_("de werkmap referentiegegevens: Klanten")),
    "products": DataKind("product", N_("producten"), N_("de werkmap referentiegegevens: Producten")),
}


def loaded_kinds(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The kinds of data with at least one row (one statement).

    Every figure asks this, so it must cost next to nothing: a LIMIT 1 per table reads one row
    group, where `SELECT EXISTS (...), EXISTS (...)` made DuckDB plan a join per kind and took
    about 100 ms even on the small demo."""
    selects = " UNION ALL ".join(
        f"(SELECT '{k}' FROM {kind.table} LIMIT 1)" for k, kind in DATA_KINDS.items()
    )
    return frozenset(row[0] for row in con.cursor().execute(selects).fetchall())


def not_loaded(rests_on: Iterable[str], loaded: Iterable[str]) -> tuple[str, ...]:
    """The kinds among `rests_on` that are not loaded, in declaration order."""
    have = set(loaded)
    return tuple(k for k in rests_on if k not in have)


def kind_label(kind: str, lang: str) -> str:
    return tr(lang, DATA_KINDS[kind].label_nl)


def missing_sentence(kinds: Iterable[str], lang: str) -> str:
    """'Niet geladen: klachten, SIA-escalaties.': what a figure or page lacks."""
    names = ", ".join(kind_label(k, lang) for k in kinds)
    return tr(lang, "Niet geladen: {kinds}.", kinds=names)


def load_hint(kinds: Iterable[str], lang: str) -> str:
    """Where each missing kind is loaded, as one sentence naming the Gegevens page."""
    where = "; ".join(f"{kind_label(k, lang)}: {tr(lang, DATA_KINDS[k].load_nl)}" for k in kinds)
    return tr(lang, "Laad ze op de pagina Gegevens ({where}).", where=where)


# --- gaps in what is loaded ------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """One completeness check: of `total` things of a kind, `missing` lack something; a few
    `examples` (codes, months) name them."""

    kind: str
    check: str
    label_nl: str
    missing: int
    total: int
    examples: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return tr(lang, self.label_nl)

    @property
    def complete(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True)
class FeedAsOf:
    kind: str
    rows: int
    as_of: dt.datetime | dt.date | None


@dataclass(frozen=True)
class Completeness:
    """What `check` found: the loaded kinds, every gap, and each feed's as-of moment."""

    loaded: frozenset[str]
    gaps: tuple[Gap, ...]
    feeds: tuple[FeedAsOf, ...] = field(default=())
    rows: dict[str, int] = field(default_factory=dict)  # rows per kind of data

    @property
    def problems(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if not g.complete)

    def as_dict(self, lang: str = "en") -> dict:
        """Plain values for `check --json`: per kind its rows, whether loaded and its as-of moment;
        every check with its counts and examples."""
        as_of = {f.kind: f.as_of for f in self.feeds}
        return {
            "kinds": [
                {
                    "kind": k,
                    "label": kind_label(k, lang),
                    "rows": self.rows.get(k, 0),
                    "loaded": k in self.loaded,
                    "as_of": _text(as_of.get(k)),
                }
                for k in DATA_KINDS
            ],
            "checks": [
                {
                    "kind": g.kind,
                    "check": g.check,
                    "label": g.label(lang),
                    "missing": g.missing,
                    "total": g.total,
                    "examples": list(g.examples),
                }
                for g in self.gaps
            ],
        }

    def table(self, lang: str = "en") -> str:
        """The readable table `python -m gdmetrics check` prints."""
        data = self.as_dict(lang)
        head = (tr(lang, "Gegevens"), tr(lang, "Rijen"), tr(lang, "Stand van"))
        kinds = [
            (k["label"], str(k["rows"]), (k["as_of"] or "") if k["loaded"] else tr(lang, "niet geladen"))
            for k in data["kinds"]
        ]
        checks = [
            (
                c["label"],
                tr(lang, "{n} van {total}", n=c["missing"], total=c["total"]),
                ", ".join(c["examples"]) + (" …" if c["missing"] > len(c["examples"]) else ""),
            )
            for c in data["checks"]
        ]
        heads2 = (tr(lang, "Controle"), tr(lang, "Ontbreekt"), tr(lang, "Bijvoorbeeld"))
        return _columns(head, kinds) + "\n\n" + _columns(heads2, checks)


def _text(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return value.isoformat() if isinstance(value, dt.date) else value


def _columns(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


EXAMPLES = 5  # codes or months a gap names

# kind, check id, Dutch label, SQL giving (missing, total, examples as a list of text).
_TICKET_GAP = """SELECT count(*) FILTER (WHERE {cond}), count(*),
                        list(id ORDER BY id) FILTER (WHERE {cond})[1:{n}]
                 FROM ticket WHERE registered_at >= $from AND registered_at < $to"""
_GAP_SQL: tuple[tuple[str, str, str, str], ...] = (
    (
        "tickets",
        "ticket_client",
        N_("Meldingen zonder (gekoppelde) klant"),
        _TICKET_GAP.format(cond="client_code IS NULL", n=EXAMPLES),
    ),
    (
        "tickets",
        "ticket_directorate",
        N_("Meldingen zonder (gekoppelde) directie GD"),
        _TICKET_GAP.format(cond="directorate_code IS NULL", n=EXAMPLES),
    ),
    (
        "tickets",
        "ticket_product",
        N_("Meldingen zonder (gekoppeld) product"),
        _TICKET_GAP.format(cond="product_code IS NULL", n=EXAMPLES),
    ),
    (
        "tickets",
        "ticket_norm",
        N_("Meldingen zonder norm (geen oordeel)"),
        f"""SELECT count(*) FILTER (WHERE resolution_norm_min IS NULL), count(*),
                   list(ticket_id ORDER BY ticket_id) FILTER (WHERE resolution_norm_min IS NULL)[1:{EXAMPLES}]
            FROM ticket_sla WHERE registered_at >= $from AND registered_at < $to""",
    ),
    (
        "products",
        "product_norm",
        N_("Producten zonder eigen norm (de standaardnorm geldt)"),
        f"""SELECT count(*) FILTER (WHERE NOT has_norm), count(*),
                   list(code ORDER BY code) FILTER (WHERE NOT has_norm)[1:{EXAMPLES}]
            FROM (SELECT p.code, p.resolution_norm_hours IS NOT NULL
                         OR EXISTS (SELECT 1 FROM product_norm n WHERE n.product_code = p.code) AS has_norm
                  FROM product p)""",
    ),
    (
        "costs",
        "cost_month",
        N_("Maanden zonder kosten van een directie GD"),
        f"""WITH span AS (
                SELECT greatest(min(month), CAST(date_trunc('month', CAST($from AS DATE)) AS DATE)) AS first,
                       least(max(month), CAST($to AS DATE) - INTERVAL 1 DAY) AS last
                FROM cost),
            months AS (
                SELECT CAST(m AS DATE) AS month FROM span,
                       generate_series(span.first, span.last, INTERVAL 1 MONTH) g(m)
                WHERE span.first IS NOT NULL),
            expected AS (
                SELECT d.code, m.month FROM directorate d, months m WHERE d.kind = 'backoffice'),
            absent AS (
                SELECT e.* FROM expected e ANTI JOIN cost c
                  ON c.directorate_code = e.code AND c.month = e.month)
            SELECT (SELECT count(*) FROM absent), (SELECT count(*) FROM expected),
                   (SELECT list(code || ' ' || strftime(month, '%Y-%m') ORDER BY month, code)[1:{EXAMPLES}]
                    FROM absent)""",
    ),
    (
        "clients",
        "client_accountmanager",
        N_("Klanten zonder accountmanager"),
        f"""SELECT count(*) FILTER (WHERE am IS NULL), count(*),
                   list(code ORDER BY code) FILTER (WHERE am IS NULL)[1:{EXAMPLES}]
            FROM (SELECT c.code, coalesce(c.accountmanager_id, p.accountmanager_id) AS am
                  FROM client c LEFT JOIN client p ON p.code = c.parent_code)""",
    ),
    (
        "dvas",
        "dva_expired_product",
        N_("Geldige DVA-regels op een vervallen product"),
        f"""WITH expired AS (
                SELECT product_code FROM product_norm GROUP BY product_code
                HAVING bool_and(valid_to IS NOT NULL AND valid_to <= CAST($as_of AS DATE))),
            valid AS (
                SELECT l.dva_id, l.line_no, l.product_code FROM dva_line l JOIN dva d ON d.id = l.dva_id
                WHERE d.valid_from <= CAST($as_of AS DATE) AND d.valid_to > CAST($as_of AS DATE))
            SELECT count(*) FILTER (WHERE product_code IN (SELECT product_code FROM expired)), count(*),
                   list(dva_id || '/' || line_no ORDER BY dva_id, line_no)
                       FILTER (WHERE product_code IN (SELECT product_code FROM expired))[1:{EXAMPLES}]
            FROM valid""",
    ),
    (
        "tickets",
        "ticket_month",
        N_("Maanden zonder meldingen"),
        f"""WITH have AS (
                SELECT DISTINCT CAST(date_trunc('month', registered_at) AS DATE) AS month FROM ticket
                WHERE registered_at >= $from AND registered_at < $to),
            months AS (
                SELECT CAST(m AS DATE) AS month FROM (SELECT min(month) AS a, max(month) AS b FROM have),
                       generate_series(a, b, INTERVAL 1 MONTH) g(m) WHERE a IS NOT NULL)
            SELECT count(*) FILTER (WHERE month NOT IN (SELECT month FROM have)), count(*),
                   list(strftime(month, '%Y-%m') ORDER BY month)
                       FILTER (WHERE month NOT IN (SELECT month FROM have))[1:{EXAMPLES}]
            FROM months""",
    ),
)

# The latest moment each feed's rows describe.
_AS_OF_SQL: dict[str, str] = {
    "tickets": """SELECT count(*), max(greatest(registered_at, coalesce(resolved_at, registered_at),
                                             coalesce(closed_at, registered_at))) FROM ticket""",
    "complaints": "SELECT count(*), max(greatest(received_at, coalesce(handled_at, received_at))) FROM complaint",
    "escalations": "SELECT count(*), max(greatest(escalated_at, coalesce(closed_at, escalated_at))) FROM escalation",
    "costs": "SELECT count(*), max(month) FROM cost",
    "charges": "SELECT count(*), max(month) FROM charge",
    "quotes": """SELECT count(*), max(greatest(requested_on, coalesce(sent_on, requested_on),
                                             coalesce(decided_on, requested_on))) FROM quote""",
}

WHOLE = (dt.date(1900, 1, 1), dt.date(2200, 1, 1))


def _as_of(con: duckdb.DuckDBPyConnection) -> dt.datetime:
    from gdmetrics.sla import data_as_of

    return data_as_of(con.cursor()) or dt.datetime.now()


def gaps(
    con: duckdb.DuckDBPyConnection,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kinds: Iterable[str] | None = None,
) -> tuple[Gap, ...]:
    """Every completeness check (of `kinds`, default all) over the period `date_from` to `date_to`
    inclusive (default: everything); checks of a kind not loaded are left out (the kind is then
    missing as a whole)."""
    loaded = loaded_kinds(con)
    wanted = set(kinds) if kinds is not None else set(DATA_KINDS)
    params = {
        "from": date_from or WHOLE[0],
        "to": (date_to + dt.timedelta(days=1)) if date_to else WHOLE[1],
        "as_of": _as_of(con),
    }
    out = []
    cur = con.cursor()
    for kind, check, label, sql in _GAP_SQL:
        if kind not in wanted or kind not in loaded:
            continue
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        missing, total, examples = cur.execute(sql, used).fetchone()
        out.append(Gap(kind, check, label, int(missing or 0), int(total or 0), tuple(examples or ())))
    return tuple(out)


def feeds_as_of(con: duckdb.DuckDBPyConnection) -> tuple[FeedAsOf, ...]:
    """Rows and the as-of moment of each feed (None: not loaded)."""
    cur = con.cursor()
    return tuple(FeedAsOf(kind, *cur.execute(sql).fetchone()) for kind, sql in _AS_OF_SQL.items())


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per kind of data (one statement)."""
    kinds = list(DATA_KINDS)
    selects = ", ".join(f"(SELECT count(*) FROM {DATA_KINDS[k].table})" for k in kinds)
    return dict(zip(kinds, con.cursor().execute(f"SELECT {selects}").fetchone(), strict=True))


def check(con: duckdb.DuckDBPyConnection) -> Completeness:
    """Everything the Gegevens page and `python -m gdmetrics check` show."""
    return Completeness(loaded_kinds(con), gaps(con), feeds_as_of(con), row_counts(con))


def register(subparsers) -> None:
    """`python -m gdmetrics check --db PATH [--json] [--lang nl]`: what is loaded, what is missing."""
    parser = subparsers.add_parser(
        "check", help="what data is loaded and what is missing (completeness), per kind of data"
    )
    parser.add_argument("--db", required=True, help="the database file")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--lang", choices=("nl", "en"), default="en")
    parser.set_defaults(func=_run)


def _run(args) -> int:
    """Prints the check; exit 0 also when data is missing (it is a report, not a gate)."""
    import json

    from gdmetrics.cli import CliError
    from gdmetrics.db import connect
    from gdmetrics.store import current

    if not Path(args.db).exists():
        raise CliError(f"{args.db} does not exist")
    con = connect(current(args.db).file, read_only=True)
    try:
        found = check(con)
    finally:
        con.close()
    print(
        json.dumps(found.as_dict(args.lang), indent=1, ensure_ascii=False)
        if args.json
        else found.table(args.lang)
    )
    return 0


# Gaps that change what a figure resting on a kind means, in the period it covers.
NOTE_CHECKS: dict[str, tuple[str, ...]] = {
    "tickets": ("ticket_norm", "ticket_directorate", "ticket_client", "ticket_product"),
    "costs": ("cost_month",),
}


@dataclass(frozen=True)
class Note:
    """A gap as a figure's note: 'onvolledig: 2 van 3 meldingen zonder directie GD'."""

    kind: str
    check: str
    label_nl: str
    missing: int
    total: int

    def text(self, lang: str) -> str:
        return tr(
            lang, "{label}: {n} van {total}", label=tr(lang, self.label_nl), n=self.missing, total=self.total
        )


# The ticket checks of a figure's notes, over the tickets the figure reads (`ticket_sla`, one row
# per ticket with its dimensions), under the request's filters and client scope.
_NOTE_TICKET_SQL: dict[str, str] = {
    "ticket_client": "client_code IS NULL",
    "ticket_directorate": "directorate_code IS NULL",
    "ticket_product": "product_code IS NULL",
    "ticket_norm": "resolution_norm_min IS NULL",
}


def period_notes(con: duckdb.DuckDBPyConnection, req: FigureRequest) -> tuple[Note, ...]:
    """The gaps that make figures for this request rest on incomplete data (see NOTE_CHECKS):
    counted over the tickets registered in its period that its filters and client scope let
    through (an account manager's notes count their clients' tickets only; a filter the ticket
    table has no column for is not applied), and over the cost months of its directorates."""
    # The figures' own filter rule (imported here: gdmetrics.figures asks this module what is loaded).
    from gdmetrics.figures.model import FigureRequest
    from gdmetrics.figures.sql import TICKETS, filter_clauses, used_params

    loaded = loaded_kinds(con)
    cur = con.cursor()
    out: list[Note] = []
    labels = {check: label for _kind, check, label, _sql in _GAP_SQL}
    params: dict = {
        "from": req.date_from,
        "to": req.date_to + dt.timedelta(days=1),
    }
    if "tickets" in loaded:
        ticket_filters = FigureRequest(
            date_from=req.date_from,
            date_to=req.date_to,
            where=tuple((d, v) for d, v in req.where if d in TICKETS.dimensions),
            client_scope=req.client_scope,
        )
        clauses = [
            "registered_at >= $from",
            "registered_at < $to",
            *filter_clauses(ticket_filters, TICKETS, params),
        ]
        counts = ", ".join(f"count_if({cond})" for cond in _NOTE_TICKET_SQL.values())
        found = cur.execute(
            f"SELECT count(*), {counts} FROM ticket_sla WHERE {' AND '.join(clauses)}",
            used_params(" ".join(clauses), params),
        ).fetchone()
        total = int(found[0] or 0)
        for check, missing in zip(_NOTE_TICKET_SQL, found[1:], strict=True):
            if missing and check in NOTE_CHECKS["tickets"]:
                out.append(Note("tickets", check, labels[check], int(missing), total))
    directorates = dict(req.where).get("directorate")
    if "costs" in loaded and req.client_scope is None:  # cost rows are the GD's, not a client's
        cost = next(g for g in gaps(con, req.date_from, req.date_to, ("costs",)) if g.check == "cost_month")
        if directorates:
            cost = _cost_months_of(cur, req, directorates) or cost
        if not cost.complete:
            out.append(Note(cost.kind, cost.check, cost.label_nl, cost.missing, cost.total))
    return tuple(sorted(out, key=lambda n: _NOTE_ORDER.index(n.check)))


_NOTE_ORDER = ("ticket_norm", "ticket_directorate", "ticket_client", "ticket_product", "cost_month")


def _cost_months_of(
    cur: duckdb.DuckDBPyConnection, req: FigureRequest, directorates: tuple[str, ...]
) -> Gap | None:
    """The cost-month gap of some directorates only (the period's months up to the last cost month)."""
    sql = next(sql for _k, check, _l, sql in _GAP_SQL if check == "cost_month")
    sql = sql.replace(
        "WHERE d.kind = 'backoffice'", "WHERE d.kind = 'backoffice' AND list_contains($dirs, d.code)"
    )
    missing, total, examples = cur.execute(
        sql, {"from": req.date_from, "to": req.date_to + dt.timedelta(days=1), "dirs": list(directorates)}
    ).fetchone()
    label = next(label for _k, check, label, _s in _GAP_SQL if check == "cost_month")
    return Gap("costs", "cost_month", label, int(missing or 0), int(total or 0), tuple(examples or ()))


def notes_for(notes: Iterable[Note], rests_on: Iterable[str]) -> tuple[Note, ...]:
    """The notes that concern a figure resting on `rests_on`."""
    kinds = set(rests_on)
    return tuple(n for n in notes if n.kind in kinds)


def incomplete_sentence(notes: Iterable[Note], lang: str) -> str:
    """'Onvolledig: meldingen zonder norm (geen oordeel): 2 van 3; ...' ('' when complete)."""
    notes = tuple(notes)
    if not notes:
        return ""
    return tr(lang, "Onvolledig: {gaps}.", gaps="; ".join(n.text(lang) for n in notes))
