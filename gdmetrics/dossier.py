"""A client's dossier (klantdossier): the one reading the Klantdossier page and the client brief
(klantbrief, PDF and Excel) both lay out, so they cannot disagree.

`read(con, code, period)` returns a `Dossier`: who the client is and which DVA's apply, what they
used by financing type (basis / plus / maatwerk) and product, the DVA lines with their
performance, the open complaints and escalations, the quotes, and the talking points. A DG
covers its directies; a directie and a third party (derde) cover themselves. Figures come from
the registry; lists are records read as they are. Definitional choices:

- **Filters**: the client and the period only (the page's directorate, product and channel
  filters do not apply), plus the signed-in user's client scope.
- **Scope**: a dossier opens only for a client inside the scope (`PermissionError` otherwise): a
  DG only when the scope holds the DG itself, i.e. all of it. An account manager with part of a DG
  opens the directies they have one by one. `profile` keeps to the scope too, so the DVA's, DVA
  lines and quotes it leads to never reach a client outside it.
- **DVA lines**: every line of every DVA of the covered clients in force on any day of the
  period. A line's result is `resolution_within_norm` of the tickets under that DVA for that
  product, judged in the period; its status is `gdmetrics.rag` against the line's target share
  (nothing judged: no status, never met). The agreed volume is the DVA's monthly volume times the
  months of the period; the charged volume is the quantity charged in the period. Lines are
  listed worst first (red, amber, green, nothing measured; then the largest shortfall).
- **Open complaints and escalations**: open at the end of the period, or at the data's as-of
  moment when the period is not over yet (`as_at`): the rows of the figures `open_complaints` and
  `open_escalations`, oldest first; days open are counted to `as_at`.
- **Quotes** (offertes): requested in the period, decided in the period, or still awaiting a
  decision (concept, uitgebracht) at its end.
- **Talking points**, in this order: the service level against target with the previous period;
  every DVA line not met, worst first (at most `MAX_LINES` named, the rest counted); lines where
  more was charged than `OVER_VOLUME` times the agreed volume; a change in tickets of at least
  `USE_CHANGE` against the previous period; open complaints (with the oldest); open escalations
  (with their reasons); quotes awaiting a decision; a service-page share more than
  `DIGITAL_GAP` below the GD-wide share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from gdmetrics import completeness, drilldown, formatting, rag
from gdmetrics.access.roles import require_client
from gdmetrics.figures import FigureRequest, compute
from gdmetrics.periods import Period
from gdmetrics.reports.words import code_word
from gdmetrics.settings import Settings, get_settings
from gdmetrics.sla import data_as_of
from gdmetrics.text import tr

FINANCING = ("basis", "plus", "maatwerk")
MAX_LINES = 5  # DVA lines named in the talking point; the rest are counted
USE_CHANGE = 0.15  # a change in tickets against the previous period worth raising
# The kinds of data a dossier rests on; those never loaded are named, their counts not shown as 0.
DOSSIER_KINDS = ("tickets", "dvas", "charges", "quotes", "complaints", "escalations")
OVER_VOLUME = 1.15  # charged more than this times the agreed volume
DIGITAL_GAP = 0.05  # the service page's share this far below the GD's is worth raising
WAITING = ("concept", "uitgebracht")  # quote statuses that await a decision
# The registry figures a dossier reads (a report lists their definitions).
FIGURES = (
    "ticket_volume",
    "service_level_vs_target",
    "resolution_within_norm",
    "charges",
    "complaint_count",
    "escalation_count",
    "channel_mix",
)

Where = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class ClientProfile:
    code: str
    name: str
    kind: str  # dg / directie / derde
    parent: str | None
    accountmanager: str | None
    accountmanager_email: str | None
    scope: tuple[str, ...]  # the client and, for a DG, its directies
    dvas: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class TalkingPoint:
    """One thing that stands out; `kind` says which rule raised it. `message` is a catalogue
    message (Dutch, gdmetrics.text); `values` fill its placeholders, per language (a percentage
    or a list of names reads differently in each). Plain data, so a cached dossier pickles."""

    kind: str
    message: str
    values: dict = field(default_factory=dict)  # {"nl": {...}, "en": {...}}

    def text(self, lang: str) -> str:
        return tr(lang, self.message, **self.values.get("en" if lang == "en" else "nl", {}))

    def markdown(self, lang: str) -> str:
        """The text as literal markdown (its values hold names beheer may edit)."""
        return formatting.markdown_escape(self.text(lang))


def _point(kind: str, message: str, values: dict | None = None) -> TalkingPoint:
    """A talking point; a value that reads differently per language is a function of the language."""
    values = values or {}
    return TalkingPoint(
        kind,
        message,
        {lang: {k: v(lang) if callable(v) else v for k, v in values.items()} for lang in ("nl", "en")},
    )


@dataclass
class Dossier:
    """Everything the page and the brief show about one client over one period."""

    profile: ClientProfile
    period: Period
    where: Where
    no_data: bool
    # open items are those open on this day: the period's end, or the data's as-of day
    as_at: dt.date | None = None
    volume: float | None = None
    volume_before: float | None = None
    charged: float | None = None
    complaints: float | None = None
    escalations: float | None = None
    level: dict = field(default_factory=dict)  # service_level_vs_target: value, target, rag, denominator
    level_before: float | None = None
    usage: pd.DataFrame = field(default_factory=pd.DataFrame)  # per product
    financing: pd.DataFrame = field(default_factory=pd.DataFrame)  # basis, plus, maatwerk
    lines: pd.DataFrame = field(default_factory=pd.DataFrame)  # DVA lines with status
    open_complaints: pd.DataFrame = field(default_factory=pd.DataFrame)
    open_escalations: pd.DataFrame = field(default_factory=pd.DataFrame)
    quotes: pd.DataFrame = field(default_factory=pd.DataFrame)
    digital_share: float | None = None
    digital_share_gd: float | None = None
    points: list[TalkingPoint] = field(default_factory=list)
    # the kinds of data never loaded (gdmetrics.completeness): their counts say "niet geladen"
    not_loaded: tuple[str, ...] = ()

    def heading(self, lang: str) -> str:
        """The line under the dossier's title: the period by name and by its days, the account
        manager (and e-mail) and the client's DVA's."""
        p, prof = self.period, self.profile
        manager = prof.accountmanager or tr(lang, "geen")
        if prof.accountmanager_email:
            manager += f" ({prof.accountmanager_email})"
        return tr(
            lang,
            "{period} · {first} – {last} · accountmanager: {manager} · DVA: {dvas}",
            period=p.name(lang),
            first=formatting.day_label(p.first, lang),
            last=formatting.day_label(p.last, lang),
            manager=manager,
            dvas=", ".join(prof.dvas) or tr(lang, "geen"),
        )

    @property
    def missed_lines(self) -> pd.DataFrame:
        """DVA lines not met (amber or red), worst first."""
        return self.lines[self.lines["status"].isin(["amber", "red"])] if len(self.lines) else self.lines


def _plain(v: object) -> float | None:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return float(v)


def profile(
    con: duckdb.DuckDBPyConnection,
    code: str,
    on: dt.date,
    client_scope: tuple[str, ...] | None = None,
) -> ClientProfile:
    """The client, its account manager, the clients it covers (within `client_scope`, when set)
    and the DVA's in force on `on`. KeyError for a code the database does not know."""
    cur = con.cursor()
    row = cur.execute(
        """SELECT c.code, c.name, c.kind, p.name, am.name, am.email FROM client c
           LEFT JOIN client p ON p.code = c.parent_code
           LEFT JOIN accountmanager am ON am.id = c.accountmanager_id WHERE c.code = $code""",
        {"code": code},
    ).fetchone()
    if row is None:
        raise KeyError(f"no client {code!r}")
    scope = tuple(
        r[0]
        for r in cur.execute(
            "SELECT code FROM client WHERE code = $code OR parent_code = $code ORDER BY code = $code DESC, code",
            {"code": code},
        ).fetchall()
        if client_scope is None or r[0] in client_scope
    )
    dvas = tuple(
        r[0]
        for r in cur.execute(
            """SELECT id FROM dva WHERE list_contains($scope, client_code)
               AND valid_from <= $on AND valid_to > $on ORDER BY id""",
            {"scope": list(scope), "on": on},
        ).fetchall()
    )
    return ClientProfile(*row, scope=scope, dvas=dvas)


def read(
    con: duckdb.DuckDBPyConnection,
    code: str,
    period: str | Period,
    client_scope: tuple[str, ...] | None = None,
    settings: Settings | None = None,
    areas: tuple[str, ...] | None = None,
) -> Dossier:
    """The dossier of client `code` over `period` ('2006-Q4', '2006', ...). KeyError for an
    unknown client, ValueError for text that is not a period, PermissionError for a client outside
    `client_scope` (see the module docstring) or for a role without a figure area (`areas`)."""
    require_client(client_scope, code)
    settings = settings or get_settings()
    period = period if isinstance(period, Period) else Period.parse(period)
    prof = profile(con, code, period.last, client_scope)
    where: Where = (("dg" if prof.kind == "dg" else "client", (code,)),)
    req = period.request(where=where, scope=client_scope, areas=areas)
    prev = period.previous().request(where=where, scope=client_scope, areas=areas)

    def fig(figure_id: str, r: FigureRequest = req, by: tuple[str, ...] = ()) -> pd.DataFrame:
        return compute(con, figure_id, r.with_(by=by), settings).frame

    def one(figure_id: str, r: FigureRequest = req) -> float | None:
        frame = fig(figure_id, r)
        return _plain(frame["value"].iloc[0]) if len(frame) == 1 else None

    as_of = data_as_of(con.cursor())
    as_at = min(period.last, as_of.date()) if as_of else period.last
    d = Dossier(prof, period, where, no_data=False, as_at=as_at)
    d.not_loaded = completeness.not_loaded(DOSSIER_KINDS, completeness.loaded_kinds(con))
    d.volume, d.charged = one("ticket_volume"), one("charges")
    d.complaints, d.escalations = one("complaint_count"), one("escalation_count")
    if not any((d.volume, d.charged, d.complaints, d.escalations)):
        d.no_data = True
        return d
    d.volume_before = one("ticket_volume", prev)
    level = fig("service_level_vs_target")
    d.level = (
        {k: (v if k == "rag" else _plain(v)) for k, v in level.iloc[0].items()} if len(level) == 1 else {}
    )
    d.level_before = one("service_level_vs_target", prev)
    d.usage = _usage(con, fig)
    d.financing = _financing(d.usage)
    d.lines = _lines(con, prof, period, fig, settings)
    if "charges" in d.not_loaded:  # nothing charged is unknown, not 0
        d.usage["charged"] = float("nan")
        d.financing["charged"] = float("nan")
        if "charged_volume" in d.lines:
            d.lines["charged_volume"] = float("nan")
    d.open_complaints = drilldown.rows(con, "open_complaints", req)
    d.open_escalations = drilldown.rows(con, "open_escalations", req)
    d.quotes = _quotes(con, prof.scope, period)
    d.digital_share = _share(fig("channel_mix"), "servicepagina")
    d.digital_share_gd = _share(fig("channel_mix", req.with_(where=())), "servicepagina")
    d.points = talking_points(d)
    return d


def _share(mix: pd.DataFrame, channel: str) -> float | None:
    rows = mix[mix["channel"] == channel]
    return _plain(rows["value"].iloc[0]) if len(rows) else None


def _products(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.cursor().execute("SELECT code AS product, name, name_en, financing FROM product").df()


def _usage(con: duckdb.DuckDBPyConnection, fig) -> pd.DataFrame:
    """Per product: tickets registered, resolution within norm, amount charged; most used first,
    then products charged without a ticket in the period."""
    volume = fig("ticket_volume", by=("product",))[["product", "value"]].rename(columns={"value": "tickets"})
    within = fig("resolution_within_norm", by=("product",))[["product", "value"]].rename(
        columns={"value": "within"}
    )
    charged = fig("charges", by=("product",))[["product", "value"]].rename(columns={"value": "charged"})
    out = volume.merge(within, on="product", how="left").merge(charged, on="product", how="outer")
    out = out[out["product"].notna()].merge(_products(con), on="product", how="left")
    out["financing"] = out["financing"].fillna("onbekend")
    out["name"] = out["name"].fillna(out["product"])
    out["name_en"] = out["name_en"].fillna(out["name"])
    out = out.sort_values(["tickets", "product"], ascending=[False, True], na_position="last")
    return out[["product", "name", "name_en", "financing", "tickets", "within", "charged"]].reset_index(
        drop=True
    )


def _financing(usage: pd.DataFrame) -> pd.DataFrame:
    """Tickets, share of tickets, amount charged and the three products used most, per financing
    type in the order basis, plus, maatwerk (and 'onbekend' where a product has none)."""
    kinds = list(FINANCING) + sorted(set(usage["financing"]) - set(FINANCING))
    total = usage["tickets"].sum()
    rows = []
    for kind in kinds:
        part = usage[usage["financing"] == kind]
        tickets = float(part["tickets"].fillna(0).sum())
        top = part[part["tickets"].fillna(0) > 0].head(3)
        rows.append(
            {
                "financing": kind,
                "tickets": tickets,
                "share": tickets / total if total else None,
                "charged": float(part["charged"].fillna(0).sum()),
                "used_most": tuple(top["name"]),
                "used_most_en": tuple(top["name_en"]),
            }
        )
    return pd.DataFrame(rows)


def _lines(con, prof: ClientProfile, period: Period, fig, settings: Settings) -> pd.DataFrame:
    lines = (
        con.cursor()
        .execute(
            """SELECT l.dva_id AS dva, d.client_code, c.name AS client, l.line_no, l.product_code AS product,
                      p.name AS product_name, p.name_en AS product_name_en, l.priority,
                      l.resolution_norm_hours, l.target_share, l.agreed_volume
               FROM dva_line l JOIN dva d ON d.id = l.dva_id JOIN client c ON c.code = d.client_code
               JOIN product p ON p.code = l.product_code
               WHERE list_contains($scope, d.client_code) AND d.valid_from <= $last AND d.valid_to > $first
               ORDER BY d.client_code, l.dva_id, l.line_no""",
            {"scope": list(prof.scope), "first": period.first, "last": period.last},
        )
        .df()
    )
    perf = fig("resolution_within_norm", by=("dva", "product"))
    perf = perf.rename(columns={"value": "achieved", "denominator": "judged"})[
        ["dva", "product", "achieved", "judged"]
    ]
    charged = fig("charges", by=("client", "product"))
    charged = charged.rename(columns={"client": "client_code", "quantity": "charged_volume"})[
        ["client_code", "product", "charged_volume"]
    ]
    out = lines.merge(perf, on=["dva", "product"], how="left").merge(
        charged, on=["client_code", "product"], how="left"
    )
    out["agreed_volume"] = out["agreed_volume"].astype(float) * period.months
    out["status"] = [
        rag.status(a, t, "higher_is_better", "share", settings, count=n)
        for a, t, n in zip(out["achieved"], out["target_share"], out["judged"], strict=True)
    ]
    out["status"] = out["status"].astype(object).where(out["status"].notna(), None)  # None, never NaN
    out["met"] = [rag.met(s) for s in out["status"]]
    out["gap"] = out["target_share"] - out["achieved"]
    out["_order"] = out["status"].map(rag.SEVERITY)
    out = out.sort_values(["_order", "gap", "judged"], ascending=[True, False, False], na_position="last")
    return out.drop(columns="_order").reset_index(drop=True)


def _quotes(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...], period: Period) -> pd.DataFrame:
    return (
        con.cursor()
        .execute(
            """SELECT q.id, q.client_code, c.name AS client, q.description, q.product_code, q.amount, q.status,
                      q.requested_on, q.sent_on, q.decided_on
               FROM quote q JOIN client c ON c.code = q.client_code
               WHERE list_contains($scope, q.client_code) AND q.requested_on <= $last
                 AND (q.requested_on >= $first OR q.decided_on BETWEEN $first AND $last
                      OR q.status IN ('concept', 'uitgebracht'))
               ORDER BY q.status IN ('concept', 'uitgebracht') DESC, q.requested_on DESC, q.id""",
            {"scope": list(scope), "first": period.first, "last": period.last},
        )
        .df()
    )


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + tr(lang, "en") + " " + items[-1]


def talking_points(d: Dossier) -> list[TalkingPoint]:
    """What stands out, by the rules in the module docstring."""
    pct = formatting.percent
    points: list[TalkingPoint] = []
    level = d.level
    if level.get("value") is not None:
        before = d.level_before

        def previous(lang: str) -> str:
            return "" if before is None else tr(lang, " (vorige periode {value})", value=pct(before, lang))

        points.append(
            _point(
                "service_level",
                "Oplossing binnen norm {value} tegen een doel van {target}: {status}{previous}.",
                {
                    "value": lambda lang: formatting.value(
                        level["value"], "share", lang, level.get("target")
                    ),
                    "target": lambda lang: pct(level.get("target"), lang),
                    "status": lambda lang: rag.label(level.get("rag"), lang),
                    "previous": previous,
                },
            )
        )
    several = len(d.profile.scope) > 1
    missed = d.missed_lines

    def line_items(lang: str) -> str:
        items = []
        for r in missed.head(MAX_LINES).itertuples():
            name = r.product_name_en if lang == "en" else r.product_name
            who = f", {r.client}" if several else ""
            items.append(
                f"{rag.symbol(r.status)} {name}{who} ({pct(r.achieved, lang)} / {pct(r.target_share, lang, 0)})"
            )
        rest = len(missed) - len(items)
        if rest:
            items.append(tr(lang, "{n} andere", n=rest))
        return _join(items, lang)

    if len(missed):
        points.append(
            _point(
                "dva_lines",
                "DVA-regels niet gehaald: {lines}.",
                {"lines": line_items},
            )
        )
    elif len(d.lines) and d.lines["status"].notna().any():
        points.append(
            _point(
                "dva_lines",
                "✔ Alle DVA-regels met meldingen haalden hun doel.",
            )
        )
    over = d.lines[
        (d.lines["agreed_volume"] > 0) & (d.lines["charged_volume"] > OVER_VOLUME * d.lines["agreed_volume"])
    ]
    if len(over):
        over = over.assign(ratio=over["charged_volume"] / over["agreed_volume"]).sort_values(
            "ratio", ascending=False
        )

        def over_items(lang: str) -> str:
            return _join(
                [
                    f"{r.product_name_en if lang == 'en' else r.product_name}{f', {r.client}' if several else ''} "
                    + tr(lang, "({used} tegen {agreed})", used=formatting.number(r.charged_volume, lang),
                         agreed=formatting.number(r.agreed_volume, lang))
                    for r in over.head(3).itertuples()
                ],
                lang,
            )  # fmt: skip

        points.append(
            _point(
                "over_volume",
                "Meer afgenomen dan in de DVA afgesproken: {lines}; bespreek of het volume omhoog moet.",
                {"lines": over_items},
            )
        )
    if d.volume and d.volume_before:
        change = d.volume / d.volume_before - 1
        if abs(change) >= USE_CHANGE:
            sym = "▲" if change > 0 else "▼"
            points.append(
                _point(
                    "use",
                    "{symbol} Het aantal meldingen steeg met {change} tot {now} (vorige periode {before})."
                    if change > 0
                    else "{symbol} Het aantal meldingen daalde met {change} tot {now} (vorige periode {before}).",
                    {
                        "symbol": sym,
                        "change": lambda lang: pct(abs(change), lang),
                        "now": lambda lang: formatting.number(d.volume, lang),
                        "before": lambda lang: formatting.number(d.volume_before, lang),
                    },
                )
            )
    if len(d.open_complaints):
        oldest = d.open_complaints.iloc[0]
        days = open_days(oldest["received_at"], d.as_at)
        n = len(d.open_complaints)
        points.append(
            _point(
                "open_complaints",
                "1 klacht open ({id}, {category}), sinds {days} dagen."
                if n == 1
                else "{n} klachten open; de oudste ({id}, {category}) staat {days} dagen open.",
                {
                    "n": n,
                    "id": oldest["complaint_id"],
                    "category": lambda lang: code_word(lang, oldest["category"]),
                    "days": days,
                },
            )
        )
    if len(d.open_escalations):
        n = len(d.open_escalations)
        reasons = sorted(set(d.open_escalations["reason"].dropna()))
        points.append(
            _point(
                "open_escalations",
                "1 SIA-escalatie open ({reasons})." if n == 1 else "{n} SIA-escalaties open ({reasons}).",
                {"n": n, "reasons": lambda lang: ", ".join(code_word(lang, r) for r in reasons)},
            )
        )
    waiting = d.quotes[d.quotes["status"].isin(WAITING)] if len(d.quotes) else d.quotes
    if len(waiting):
        total = float(waiting["amount"].sum())
        points.append(
            _point(
                "quotes",
                "1 offerte wacht op een besluit: {total}."
                if len(waiting) == 1
                else "{n} offertes wachten op een besluit, samen {total}.",
                {"n": len(waiting), "total": lambda lang: formatting.euro(total, lang)},
            )
        )
    own, gd = d.digital_share, d.digital_share_gd
    if own is not None and gd is not None and own < gd - DIGITAL_GAP:
        points.append(
            _point(
                "digital",
                "Via de servicepagina kwam {share} van de meldingen binnen, tegen {overall} GD-breed: "
                "een kans om het digitale kanaal te stimuleren.",
                {"share": lambda lang: pct(own, lang), "overall": lambda lang: pct(gd, lang)},
            )
        )
    return points or [TalkingPoint("none", "Geen bijzonderheden in deze periode.")]


def open_days(since: object, as_at: dt.date) -> int:
    """Days from `since` to `as_at` (how long an item had been open then)."""
    return (as_at - pd.Timestamp(since).date()).days
