"""From text cells to checked rows: typing, value maps, and the pydantic models of what we load.

Typing is vectorised per column (dates, numbers, value maps); every row then passes a pydantic
model that holds the rules the schema's CHECKs also hold, so a user sees line, field and reason
instead of a database constraint error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from gdmetrics.importing.profiles import (
    BOOL,
    DATE,
    ENUM,
    ENUMS,
    INT,
    INTERACTION_FIELDS,
    NUMBER,
    PRIORITY,
    REF,
    REQUIRED,
    TICKET_FIELDS,
    Profile,
    RecordSpec,
)
from gdmetrics.importing.reading import FileRejected, Problem, SourceTable
from gdmetrics.schema import CHANNELS, TICKET_STATUSES

TIMEZONE = "Europe/Amsterdam"
ISO_RE = r"^\d{4}-\d{1,2}-\d{1,2}"
TZ_RE = r"(?:Z|[+-]\d\d:?\d\d)$"
DAYFIRST_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%y %H:%M",
    "%d-%m-%y %H:%M",
)
MONTHFIRST_FORMATS = (
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
    "%m/%d/%y %H:%M",
    "%m/%d/%y %I:%M %p",
)
# Jira and some Excel exports spell the month: unambiguous either way.
NAMED_MONTH_FORMATS = ("%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M", "%d-%b-%Y %H:%M:%S", "%d %b %Y %H:%M")
BOOLS = {
    **dict.fromkeys(("true", "yes", "y", "ja", "j", "1", "waar", "t", "met"), True),
    **dict.fromkeys(("false", "no", "n", "nee", "0", "onwaar", "f", "missed"), False),
}
PRIORITY_RE = r"^\s*[Pp]?\s*([1-5])(?:\D|$)"
# Fields whose absence changes figures: say so when a profile maps them and the file lacks them.
WARN_WHEN_ABSENT = ("resolved_at", "channel", "client", "directorate", "product", "first_call_resolution")
REF_TABLES = {"client": "client_code", "directorate": "directorate_code", "product": "product_code"}


# --- the models of what crosses into the database -------------------------------------------


def _not_before_registration(value: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
    registered = info.data.get("registered_at")
    if value is not None and registered is not None and value < registered:
        verb = {
            "first_response_at": "first response",
            "resolved_at": "resolved",
            "closed_at": "closed",
        }[info.field_name]
        raise ValueError(f"{verb} before opened ({value:%Y-%m-%d %H:%M} < {registered:%Y-%m-%d %H:%M})")
    return value


class TicketRow(BaseModel):
    """A ticket as it goes into the `ticket` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    source: str
    source_id: str = Field(min_length=1)
    kind: Literal["melding", "verzoek", "vraag", "klacht"]
    registered_at: dt.datetime
    first_response_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    channel: Literal[CHANNELS]  # type: ignore[valid-type]
    client_code: str | None = None
    requester: str | None = None
    product_code: str | None = None
    directorate_code: str | None = None
    priority: int = Field(ge=1, le=5)
    status: Literal[TICKET_STATUSES]  # type: ignore[valid-type]
    reopen_count: int = Field(ge=0)
    reassignment_count: int = Field(ge=0)
    satisfaction: int | None = Field(default=None, ge=1, le=10)
    source_target_at: dt.datetime | None = None
    source_sla_met: bool | None = None
    source_updated_at: dt.datetime | None = None

    _order = field_validator("first_response_at", "resolved_at", "closed_at")(_not_before_registration)


class PauseRow(BaseModel):
    """An on-hold interval of a ticket (`ticket_pause`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ticket_id: str
    paused_at: dt.datetime
    resumed_at: dt.datetime | None = None
    reason: str | None = None

    @field_validator("resumed_at")
    @classmethod
    def _after_pause(cls, value: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        paused = info.data.get("paused_at")
        if value is not None and paused is not None and value <= paused:
            raise ValueError("negative duration: the pause ends before it starts")
        return value


class InteractionRow(BaseModel):
    """A service-desk contact as it goes into the `interaction` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    source: str
    registered_at: dt.datetime
    closed_at: dt.datetime | None = None  # checked, not stored: the table has no column for it
    channel: Literal[CHANNELS]  # type: ignore[valid-type]
    client_code: str | None = None
    first_call_resolution: bool | None = None
    handle_seconds: float | None = None
    ticket_id: str | None = None

    _order = field_validator("closed_at")(_not_before_registration)

    @field_validator("handle_seconds")
    @classmethod
    def _not_negative(cls, value: float | None) -> float | None:
        if value is not None and value < 0:
            raise ValueError(f"negative duration ({value:g} seconds)")
        return value


TICKET_COLUMNS = tuple(n for n in TicketRow.model_fields)
INTERACTION_COLUMNS = tuple(n for n in InteractionRow.model_fields if n != "closed_at")
PAUSE_COLUMNS = ("ticket_id", "paused_at", "resumed_at", "reason")
# Our model field -> the profile field it comes from, to name the source column in messages.
MODEL_TO_PROFILE = {
    "id": "source_id",
    "client_code": "client",
    "product_code": "product",
    "directorate_code": "directorate",
    "source_target_at": "target_at",
    "source_sla_met": "sla_met",
    "source_updated_at": "updated_at",
    "ticket_id": "ticket_source_id",
}


# --- reference data the mapping needs --------------------------------------------------------


@dataclass(frozen=True)
class References:
    """Codes in the reference tables and the mappings users saved for unmapped values."""

    codes: dict[str, frozenset[str]] = field(default_factory=dict)  # field -> codes
    mapped: dict[tuple[str, str], str] = field(default_factory=dict)  # (field, raw value) -> code


@dataclass
class Mapped:
    """The rows of one file, typed and checked, with everything that went wrong or is unknown."""

    kind: str  # "ticket" or "interaction"
    rows: pd.DataFrame  # one row per record to load, columns of the model, plus `line`
    pauses: pd.DataFrame  # ticket pauses (tickets only), plus `line`
    problems: list[Problem]
    unmapped: dict[tuple[str, str], int]  # (field, raw value) -> rows carrying it
    warnings: list[str]
    rows_read: int
    has_pauses: bool = False


# --- typing one column -----------------------------------------------------------------------


def parse_dates(values: pd.Series, profile: Profile) -> pd.Series:
    """Datetimes (naive, Dutch wall time) for text in ISO or the profile's day order; NaT where not."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    text = values.dropna().astype(str)
    if text.empty:
        return out
    iso = text.str.match(ISO_RE)
    with_tz = iso & text.str.contains(TZ_RE)
    if with_tz.any():
        parsed = pd.to_datetime(text[with_tz], format="ISO8601", errors="coerce", utc=True)
        out.loc[parsed.index] = parsed.dt.tz_convert(TIMEZONE).dt.tz_localize(None).astype("datetime64[us]")
    plain = iso & ~with_tz
    if plain.any():
        out.loc[text[plain].index] = pd.to_datetime(text[plain], format="ISO8601", errors="coerce")
    todo = text[~iso]
    order = profile.date_formats + (DAYFIRST_FORMATS if profile.dayfirst else MONTHFIRST_FORMATS)
    formats = order + NAMED_MONTH_FORMATS
    # Try first the formats that fit a sample: an export mostly uses one, so one pass reads it all.
    sample = todo.head(50)
    fits = {f: pd.to_datetime(sample, format=f, errors="coerce").notna().sum() for f in formats}
    for fmt in sorted(formats, key=lambda f: -fits[f]):
        if todo.empty:
            break
        parsed = pd.to_datetime(todo, format=fmt, errors="coerce")
        good = parsed.notna()
        out.loc[parsed.index[good]] = parsed[good]
        todo = todo[~good]
    return out


def parse_numbers(values: pd.Series, decimal: str) -> pd.Series:
    """Floats for text with a decimal comma or point (thousands separators dropped); NaN where not."""
    text = values.dropna().astype(str).str.replace(r"\s", "", regex=True)
    if decimal == "," or decimal == "auto":
        comma_last = text.str.rfind(",") > text.str.rfind(".")
        text = text.where(~comma_last, text.str.replace(".", "", regex=False).str.replace(",", "."))
        if decimal == "auto":
            text = text.where(comma_last, text.str.replace(",", "", regex=False))
    else:
        text = text.str.replace(",", "", regex=False)
    return pd.to_numeric(text, errors="coerce").reindex(values.index)


# --- mapping a whole file --------------------------------------------------------------------


def map_records(table: SourceTable, profile: Profile, refs: References) -> Mapped:
    """Type and check every row of `table` with the profile section its header selects."""
    kind = profile.record_kind(table.columns)
    if kind is None:
        raise FileRejected([_header_problem(table, profile)])
    spec = profile.sections()[kind]
    fields = TICKET_FIELDS if kind == "ticket" else INTERACTION_FIELDS
    header = {c.strip().lower(): c for c in table.columns}
    lines = pd.Series(table.lines, index=table.frame.index)
    problems: list[Problem] = []
    warnings: list[str] = []
    unknown: dict[str, pd.Series] = {}  # field -> raw value where it could not be mapped
    nulls = {v.strip().lower() for v in profile.null_values}

    source_col: dict[str, str] = {}
    raw: dict[str, pd.Series] = {}
    for name in fields:
        options = spec.column_options(name)
        col = next((header[o.strip().lower()] for o in options if o.strip().lower() in header), None)
        if col is None:
            if options and (
                name in REQUIRED or (name in ("status", "priority") and name not in spec.defaults)
            ):
                raise FileRejected(
                    [Problem(None, name, f"required column {' or '.join(map(repr, options))} is missing")]
                )
            if options and name in WARN_WHEN_ABSENT:
                warnings.append(f"no column {' or '.join(map(repr, options))}: {name} left empty")
            series = pd.Series(None, index=table.frame.index, dtype=object)
        else:
            source_col[name] = col
            series = table.frame[col]
            if nulls:
                series = series.where(~_keys(series).isin(nulls), None)
        if name in spec.defaults:
            series = series.where(series.notna(), spec.defaults[name])
        raw[name] = series

    def bad(mask: pd.Series, name: str, reason: str) -> None:
        for idx in mask[mask].index:
            value = raw[name].at[idx]
            problems.append(
                Problem(int(lines.at[idx]), name, reason.format(value=value), source_col.get(name))
            )

    typed: dict[str, pd.Series] = {}
    for name, ftype in fields.items():
        series = raw[name]
        present = series.notna()
        if ftype == DATE:
            typed[name] = parse_dates(series, profile)
            bad(present & typed[name].isna(), name, "unparsable date '{value}'")
        elif ftype in (INT, NUMBER):
            numbers = parse_numbers(series, profile.decimal)
            wrong = present & numbers.isna()
            if ftype == INT:
                wrong |= present & numbers.notna() & (numbers % 1 != 0)
                bad(wrong, name, "'{value}' is not a whole number")
                typed[name] = numbers.where(~wrong).astype("Int64")
            else:
                bad(wrong, name, "'{value}' is not a number")
                typed[name] = numbers
        elif ftype == BOOL:
            table_map = {k: BOOLS.get(v.strip().lower(), v) for k, v in spec.value_map(name).items()}
            keys = _keys(series)
            result = keys.map(lambda k, m=table_map: m.get(k, BOOLS.get(k)) if isinstance(k, str) else None)
            bad(present & result.isna(), name, "'{value}' is not yes/no")
            typed[name] = result.astype(object)
        elif ftype == PRIORITY:
            mapped = _keys(series).map(spec.value_map(name)).astype(object)
            fallback = series.astype("str").str.extract(PRIORITY_RE, expand=False).astype(object)
            result = pd.to_numeric(mapped.fillna(fallback), errors="coerce")
            bad(present & result.isna(), name, "unknown priority '{value}'; map it to 1-5 in the profile")
            typed[name] = result.astype("Int64")
        elif ftype == ENUM:
            typed[name] = _map_enum(series, name, spec, kind, profile, bad, unknown)
        elif ftype == REF:
            typed[name] = _map_ref(series, name, spec, refs, unknown)
        else:
            typed[name] = series
    for name in REQUIRED:
        bad(raw[name].isna(), name, "missing required value")
    if kind == "ticket":
        for name in ("status", "priority"):
            bad(raw[name].isna(), name, "missing required value")

    frame = pd.DataFrame(typed)
    frame["line"] = lines
    failed = {p.line for p in problems}
    if kind == "ticket":
        rows, pauses = _ticket_rows(frame, profile, spec, problems, failed)
        has_pauses = "paused_at" in source_col or spec.event_log
    else:
        rows, pauses, has_pauses = _interaction_rows(frame, profile, problems, failed), _no_pauses(), False
    problems = [
        p if p.column or p.field not in source_col else replace(p, column=source_col[p.field])
        for p in problems
    ]
    problems.sort(key=lambda p: (p.line or 0, p.field or ""))
    # Unknown values count over the rows that load (for an event log: each incident's latest row).
    loaded = frame["line"].isin(rows["line"])
    unmapped: dict[tuple[str, str], int] = {}
    for name, values in unknown.items():
        for value, count in values[loaded & values.notna()].value_counts().items():
            unmapped[(name, str(value))] = int(count)
    return Mapped(kind, rows, pauses, problems, unmapped, warnings, len(table), has_pauses)


def _keys(series: pd.Series) -> pd.Series:
    """Cells as lookup keys: stripped, lower case; None stays None."""
    keys = {v: v.strip().lower() for v in series.dropna().unique() if isinstance(v, str)}
    return series.map(keys).astype(object).where(series.notna(), None)


def _header_problem(table: SourceTable, profile: Profile) -> Problem:
    from gdmetrics.importing.profiles import available_profiles, load_profile

    needed = {k: list(s.detect) for k, s in profile.sections().items()}
    fits = []
    for name in available_profiles():
        try:
            other = load_profile(name)
        except ValueError:
            continue
        if name != profile.name and other.record_kind(table.columns):
            fits.append(name)
    hint = f"; it looks like an export for profile {', '.join(repr(f) for f in fits)}" if fits else ""
    shown = ", ".join(repr(c) for c in table.columns[:8]) + (" ..." if len(table.columns) > 8 else "")
    return Problem(
        None,
        None,
        f"the header does not fit profile '{profile.name}' (missing column(s) {needed}); "
        f"the file has {shown}{hint}",
    )


def _map_enum(
    series: pd.Series,
    name: str,
    spec: RecordSpec,
    kind: str,
    profile: Profile,
    bad: Callable[[pd.Series, str, str], None],
    unknown_out: dict[str, pd.Series],
) -> pd.Series:
    allowed = ENUMS[name]
    keys = _keys(series)
    value_map = spec.value_map(name)
    result = keys.map(lambda k: value_map.get(k, k if k in allowed else None) if isinstance(k, str) else None)
    unknown = series.notna() & result.isna()
    if name == "status":
        bad(
            unknown,
            name,
            f"unknown status '{{value}}'; map it in [{kind}.values.status] of profile {profile.name}",
        )
        return result
    unknown_out[name] = series.where(unknown, None)
    fallback = "onbekend" if name == "channel" else spec.defaults.get("kind", "melding")
    return result.fillna(fallback)


def _map_ref(
    series: pd.Series, name: str, spec: RecordSpec, refs: References, unknown_out: dict[str, pd.Series]
) -> pd.Series:
    value_map = spec.value_map(name)
    codes = refs.codes.get(name, frozenset())
    saved = {v.lower(): c for (f, v), c in refs.mapped.items() if f == name}
    by_lower = {c.lower(): c for c in codes}

    def lookup(value: object) -> str | None:
        if not isinstance(value, str):
            return None
        key = value.strip().lower()
        return value_map.get(key) or saved.get(key) or by_lower.get(key)

    uniques = {v: lookup(v) for v in series.dropna().unique()}
    result = series.map(lambda v: uniques.get(v) if isinstance(v, str) else None)
    # A mapped code that is not in the reference table would break the foreign key.
    stray = result.notna() & ~result.isin(list(codes))
    unknown_out[name] = series.where((series.notna() & result.isna()) | stray, None)
    return result.where(~stray, None)


def _no_pauses() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in (*PAUSE_COLUMNS, "line")})


def _ticket_rows(
    frame: pd.DataFrame, profile: Profile, spec: RecordSpec, problems: list[Problem], failed: set
) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = frame.copy()
    frame["id"] = profile.source + ":" + frame["source_id"].astype(str)
    reopened = frame["reopened_at"].notna()
    frame["reopen_count"] = frame["reopen_count"].fillna(0).astype("Int64")
    frame.loc[reopened & (frame["reopen_count"] < 1), "reopen_count"] = 1
    frame["reassignment_count"] = frame["reassignment_count"].fillna(0).astype("Int64")
    # Without a column for the source's last update, the latest moment the row mentions stands in.
    moments = frame[["registered_at", "first_response_at", "resolved_at", "closed_at", "reopened_at"]]
    frame["updated_at"] = frame["updated_at"].fillna(moments.max(axis=1))

    pauses = _no_pauses()
    ok = ~frame["line"].isin(failed)
    if spec.event_log:
        frame = frame[ok].sort_values(
            ["source_id", "updated_at", "update_count", "line"], na_position="first"
        )
        pauses = _pauses_from_states(frame)
        frame = frame.drop_duplicates("source_id", keep="last")
    else:
        dup = _duplicate_ids(frame, ok, problems)
        frame = frame[ok & ~dup]
        has = frame["paused_at"].notna()
        pauses = pd.DataFrame(
            {
                "ticket_id": frame.loc[has, "id"],
                "paused_at": frame.loc[has, "paused_at"],
                "resumed_at": frame.loc[has, "resumed_at"],
                "reason": frame.loc[has, "pause_reason"],
                "line": frame.loc[has, "line"],
            }
        )
    renamed = frame.rename(
        columns={
            "client": "client_code",
            "product": "product_code",
            "directorate": "directorate_code",
            "target_at": "source_target_at",
            "sla_met": "source_sla_met",
            "updated_at": "source_updated_at",
        }
    )
    renamed["source"] = profile.source
    rows = _validate(renamed, TicketRow, TICKET_COLUMNS, problems)
    pauses = pauses[pauses["ticket_id"].isin(rows["id"])]
    pauses = _validate(pauses, PauseRow, PAUSE_COLUMNS, problems)
    bad_lines = {p.line for p in problems}
    rows = rows[~rows["line"].isin(bad_lines)] if not spec.event_log else rows
    return rows, pauses


def _duplicate_ids(frame: pd.DataFrame, ok: pd.Series, problems: list[Problem]) -> pd.Series:
    """Rows (among the `ok` ones) whose source id already stood on an earlier line: each is
    reported with both line numbers; the first occurrence is kept."""
    first_line = frame[ok].drop_duplicates("source_id").set_index("source_id")["line"]
    dup = ok & frame.duplicated("source_id", keep=False) & ~frame["line"].isin(first_line.values)
    for idx in dup[dup].index:
        sid = frame.at[idx, "source_id"]
        problems.append(
            Problem(
                int(frame.at[idx, "line"]),
                "source_id",
                f"duplicate id '{sid}' within the file (first on line {first_line[sid]})",
            )
        )
    return dup


def _pauses_from_states(events: pd.DataFrame) -> pd.DataFrame:
    """On-hold intervals of an event log: from the first `wacht` event to the next other state."""
    out = []
    for sid, group in events.groupby("source_id", sort=False):
        start = None
        for status, moment, line in zip(group["status"], group["updated_at"], group["line"], strict=True):
            if status == "wacht" and start is None and pd.notna(moment):
                start = (moment, line)
            elif status != "wacht" and start is not None:
                if pd.notna(moment) and moment > start[0]:
                    out.append((sid, start[0], moment, start[1]))
                start = None
        if start is not None:
            out.append((sid, start[0], None, start[1]))
    pauses = pd.DataFrame(out, columns=["source_id", "paused_at", "resumed_at", "line"])
    ids = events.drop_duplicates("source_id").set_index("source_id")["id"]
    pauses.insert(0, "ticket_id", pauses.pop("source_id").map(ids))
    pauses["reason"] = "wacht"
    return pauses[[*PAUSE_COLUMNS, "line"]]


def _interaction_rows(
    frame: pd.DataFrame, profile: Profile, problems: list[Problem], failed: set
) -> pd.DataFrame:
    frame = frame.copy()
    frame["id"] = profile.source + ":" + frame["source_id"].astype(str)
    frame["ticket_id"] = (profile.source + ":" + frame["ticket_source_id"].astype(str)).where(
        frame["ticket_source_id"].notna(), None
    )
    frame["source"] = profile.source
    frame = frame.rename(columns={"client": "client_code"})
    ok = ~frame["line"].isin(failed)
    dup = _duplicate_ids(frame, ok, problems)
    rows = _validate(frame[ok & ~dup], InteractionRow, (*INTERACTION_COLUMNS, "closed_at"), problems)
    return rows.drop(columns=["closed_at"])


def _validate(
    frame: pd.DataFrame, model: type[BaseModel], columns: tuple[str, ...], problems: list[Problem]
) -> pd.DataFrame:
    """Pass each row through `model`; failing rows become problems and are left out."""
    records = frame[list(columns)].astype(object).where(frame[list(columns)].notna(), None).to_dict("records")
    keep = []
    for record, line in zip(records, frame["line"], strict=True):
        try:
            model.model_validate(record)
        except ValidationError as exc:
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else None
                problems.append(Problem(int(line), MODEL_TO_PROFILE.get(name, name), _reason(err)))
            keep.append(False)
        else:
            keep.append(True)
    out = frame.loc[pd.Series(keep, index=frame.index, dtype=bool)]
    return out[[*columns, "line"]].reset_index(drop=True)


def _reason(err: dict) -> str:
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']} (is {err['input']})"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']} (is {err['input']})"
    if kind in ("missing", "string_too_short", "datetime_type"):
        return "missing required value"
    if kind == "literal_error":
        return f"'{err['input']}' is not one of {ctx.get('expected')}"
    return err["msg"]
