"""What both reports share: the report period, figure calls through the registry, names of codes.
Red / amber / green is gdmetrics.rag."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from gdmetrics import completeness
from gdmetrics.figures import REGISTRY, FigureRequest, FigureResult, compute
from gdmetrics.periods import Period
from gdmetrics.reports.model import KeyFigure
from gdmetrics.settings import Settings, get_settings
from gdmetrics.text import tr

Where = tuple[tuple[str, tuple[str, ...]], ...]


# The period a report covers: one vocabulary with the pages (gdmetrics.periods).
ReportPeriod = Period


def plain(v: object) -> object:
    """A cell value: numpy numbers become Python numbers, NaN / NA become None, timestamps dates."""
    if v is None:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, str):
        return v
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        return v
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isinf(v):
        return None
    return v


@dataclass
class Figures:
    """Computes registry figures for one report: every call carries the report's client scope,
    results are kept for the report's lifetime, and the ids used are listed for the definitions."""

    con: duckdb.DuckDBPyConnection
    scope: tuple[str, ...] | None = None
    settings: Settings = field(default_factory=get_settings)
    areas: tuple[str, ...] | None = None  # the user's role's areas (FigureRequest.areas); None: all
    used: list[str] = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    def get(self, figure_id: str, period: ReportPeriod, by: tuple[str, ...] = (), where: Where = ()):
        req = period.request(by, where, self.scope).with_(areas=self.areas)
        return self.compute(figure_id, req)

    def compute(self, figure_id: str, req: FigureRequest) -> FigureResult:
        key = (figure_id, req.model_dump_json())
        if key not in self._cache:
            self._cache[key] = compute(self.con, figure_id, req, self.settings)
            if figure_id not in self.used:
                self.used.append(figure_id)
        return self._cache[key]

    def value(self, figure_id: str, period: ReportPeriod, where: Where = ()) -> float | None:
        """The unsplit value (None where there is no data)."""
        frame = self.get(figure_id, period, where=where).frame
        return plain(frame["value"].iloc[0]) if len(frame) == 1 else None

    def not_loaded(self, figure_id: str) -> tuple[str, ...]:
        """The kinds of data this figure rests on that were never loaded (gdmetrics.completeness)."""
        if "loaded" not in self._cache:
            self._cache["loaded"] = completeness.loaded_kinds(self.con)
        return completeness.not_loaded(REGISTRY[figure_id].rests_on, self._cache["loaded"])

    def key_figure(self, figure_id: str, period: ReportPeriod, lang: str, note: str = "") -> KeyFigure:
        """A cover tile of an unsplit count or index: 'niet geladen' where its data never was."""
        missing = self.not_loaded(figure_id)
        if missing:
            note = completeness.missing_sentence(missing, lang)
        return KeyFigure(
            REGISTRY[figure_id].label(lang), self.value(figure_id, period), REGISTRY[figure_id].unit, note
        )

    def row(self, figure_id: str, period: ReportPeriod, where: Where = ()) -> dict:
        """The unsplit row as plain values (empty where there is no data)."""
        frame = self.get(figure_id, period, where=where).frame
        return {k: plain(v) for k, v in frame.iloc[0].items()} if len(frame) == 1 else {}

    def definitions(self, lang: str) -> list[tuple[str, str, str]]:
        return [(i, REGISTRY[i].label(lang), REGISTRY[i].description(lang)) for i in self.used]


@dataclass(frozen=True)
class Names:
    """Names of the codes a report shows, read once from the reference tables."""

    directorates: dict[str, tuple[str, str]]
    products: dict[str, tuple[str, str, str]]  # code -> (name, name_en, financing)
    clients: dict[str, tuple[str, str, str | None, str | None]]  # code -> (name, kind, parent, am name)

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> Names:
        cur = con.cursor()
        directorates = {
            r[0]: (r[1], r[2]) for r in cur.execute("SELECT code, name, name_en FROM directorate").fetchall()
        }
        products = {
            r[0]: (r[1], r[2], r[3])
            for r in cur.execute("SELECT code, name, name_en, financing FROM product").fetchall()
        }
        clients = {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in cur.execute(
                """SELECT c.code, c.name, c.kind, c.parent_code, a.name
                   FROM client c LEFT JOIN accountmanager a ON a.id = c.accountmanager_id"""
            ).fetchall()
        }
        return cls(directorates, products, clients)

    def name(self, dim: str, code: object, lang: str) -> str:
        """The name of a code of dimension `dim` ('FAZ' -> 'Facilitaire Zaken')."""
        from gdmetrics.reports.words import code_word

        if code is None:
            return tr(lang, "onbekend")
        code = str(code)
        if dim == "directorate" and code in self.directorates:
            return self.directorates[code][1 if lang == "en" else 0]
        if dim == "product" and code in self.products:
            return self.products[code][1 if lang == "en" else 0]
        if dim in ("client", "dg") and code in self.clients:
            return self.clients[code][0]
        return code_word(lang, code)
