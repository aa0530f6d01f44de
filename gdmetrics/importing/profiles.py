"""Import profiles: TOML files that map a source system's columns and values onto our model.

A profile is data, not code. The shipped ones live in `gdmetrics/profiles/`; a user adds one by
dropping `<name>.toml` into `data/profiles/` (or passing a path). A profile has a `[ticket]`
section, an `[interaction]` section, or both; the header of a file decides which section it is
read with (`detect`: the columns that section needs to recognise a file).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gdmetrics.schema import CHANNELS, TICKET_STATUSES
from gdmetrics.settings import PROJECT_ROOT
from gdmetrics.text import N_, CatalogueError

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "profiles"
USER_DIR = PROJECT_ROOT / "data" / "profiles"

TICKET_KINDS = ("melding", "verzoek", "vraag", "klacht")

# Our fields per record kind, and what type each holds. `ref` fields are looked up in a
# reference table (client, directorate, product); unknown values are registered as unmapped.
DATE, INT, NUMBER, BOOL, TEXT, ENUM, REF, PRIORITY = (
    "date",
    "int",
    "number",
    "bool",
    "text",
    "enum",
    "ref",
    "priority",
)
TICKET_FIELDS: dict[str, str] = {
    "source_id": TEXT,
    "registered_at": DATE,
    "first_response_at": DATE,
    "resolved_at": DATE,
    "closed_at": DATE,
    "reopened_at": DATE,
    "updated_at": DATE,
    "target_at": DATE,
    "paused_at": DATE,
    "resumed_at": DATE,
    "pause_reason": TEXT,
    "status": ENUM,
    "priority": PRIORITY,
    "channel": ENUM,
    "kind": ENUM,
    "client": REF,
    "directorate": REF,
    "product": REF,
    "requester": TEXT,
    "reassignment_count": INT,
    "reopen_count": INT,
    "update_count": INT,
    "satisfaction": INT,
    "sla_met": BOOL,
    "handled_by": ENUM,
    # A case of a pattern (nieuwe medewerker...): the pattern's code and the case's own number.
    "pattern": REF,
    "pattern_instance": TEXT,
}
INTERACTION_FIELDS: dict[str, str] = {
    "source_id": TEXT,
    "registered_at": DATE,
    "closed_at": DATE,
    "channel": ENUM,
    "client": REF,
    "first_call_resolution": BOOL,
    "handle_seconds": NUMBER,
    "ticket_source_id": TEXT,
}
# handled_by: whether the service desk (first line) or a back office (second line) resolved it.
HANDLERS = ("servicedesk", "backoffice")
ENUMS: dict[str, tuple[str, ...]] = {
    "status": TICKET_STATUSES,
    "channel": CHANNELS,
    "kind": TICKET_KINDS,
    "handled_by": HANDLERS,
}
REQUIRED = ("source_id", "registered_at")


class ProfileError(CatalogueError):
    """A profile file is missing, unreadable or inconsistent: a catalogue message, in English as
    `str()` and in a page's language through `in_lang`."""


class RecordSpec(BaseModel):
    """How one kind of file (tickets or interactions) maps onto our model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    detect: tuple[str, ...] = Field(min_length=1)
    event_log: bool = False
    columns: dict[str, str | tuple[str, ...]]
    values: dict[str, dict[str, str]] = {}
    defaults: dict[str, str] = {}

    def column_options(self, name: str) -> tuple[str, ...]:
        spec = self.columns.get(name)
        if spec is None:
            return ()
        return (spec,) if isinstance(spec, str) else spec

    def value_map(self, name: str) -> dict[str, str]:
        """The profile's value map for a field, keyed case-insensitively."""
        return {k.strip().lower(): v for k, v in self.values.get(name, {}).items()}


class Profile(BaseModel):
    """One source system's export format."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9_\-]+$")
    source: str = Field(pattern=r"^[a-z0-9_\-]+$")
    title: str = ""
    dayfirst: bool = True
    decimal: Literal[",", ".", "auto"] = "auto"
    date_formats: tuple[str, ...] = ()
    # The time zone of moments the export writes without an offset (e.g. "UTC"); moments with an
    # offset are converted by it. Everything is stored as Dutch wall time (Europe/Amsterdam).
    timezone: str = "Europe/Amsterdam"
    null_values: tuple[str, ...] = ()
    ticket: RecordSpec | None = None
    interaction: RecordSpec | None = None
    path: Path | None = None

    @field_validator("ticket")
    @classmethod
    def _ticket_fields(cls, spec: RecordSpec | None) -> RecordSpec | None:
        return _check_spec(spec, TICKET_FIELDS, "ticket")

    @field_validator("interaction")
    @classmethod
    def _interaction_fields(cls, spec: RecordSpec | None) -> RecordSpec | None:
        return _check_spec(spec, INTERACTION_FIELDS, "interaction")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise CatalogueError(
                "onbekende tijdzone '{zone}' (een IANA-naam zoals 'UTC' of 'Europe/Amsterdam')", zone=zone
            ) from None
        return zone

    @model_validator(mode="after")
    def _has_a_section(self) -> Profile:
        if self.ticket is None and self.interaction is None:
            raise CatalogueError("een profiel heeft een sectie [ticket] of [interaction] nodig")
        return self

    def sections(self) -> dict[str, RecordSpec]:
        return {k: s for k, s in (("ticket", self.ticket), ("interaction", self.interaction)) if s}

    def record_kind(self, header: list[str]) -> str | None:
        """Which section reads a file with this header: the first whose `detect` columns all occur."""
        present = {h.strip().lower() for h in header}
        for kind, spec in self.sections().items():
            if all(d.strip().lower() in present for d in spec.detect):
                return kind
        return None


def _check_spec(spec: RecordSpec | None, fields: dict[str, str], section: str) -> RecordSpec | None:
    if spec is None:
        return None
    for part in ("columns", "values", "defaults"):
        unknown = sorted(set(getattr(spec, part)) - set(fields))
        if unknown:
            raise CatalogueError(
                "[{section}.{part}] noemt onbekende velden {unknown}; bekend: {known}",
                section=section,
                part=part,
                unknown=unknown,
                known=sorted(fields),
            )
    for name in REQUIRED:
        if name not in spec.columns:
            raise CatalogueError("[{section}.columns] moet '{name}' koppelen", section=section, name=name)
    for name, allowed in ENUMS.items():
        targets = list(spec.values.get(name, {}).values())
        if name in spec.defaults:
            targets.append(spec.defaults[name])
        bad = sorted({t for t in targets if t not in allowed})
        if bad:
            raise CatalogueError(
                "[{section}] koppelt {name} aan {bad}; toegestaan: {allowed}",
                section=section,
                name=name,
                bad=bad,
                allowed=list(allowed),
            )
    for name in ("status", "priority"):
        if section == "ticket" and name not in spec.columns and name not in spec.defaults:
            raise CatalogueError(
                "[{section}] heeft een kolom of een standaardwaarde nodig voor '{name}'",
                section=section,
                name=name,
            )
    return spec


def profile_dirs(extra: Path | None = None) -> list[Path]:
    """Where profiles are looked up, later ones overriding earlier ones by name."""
    return [SHIPPED_DIR, USER_DIR] + ([Path(extra)] if extra else [])


def available_profiles(extra_dir: Path | None = None) -> dict[str, Path]:
    """Every profile file by name: shipped, then `data/profiles/`, then `extra_dir`."""
    found: dict[str, Path] = {}
    for folder in profile_dirs(extra_dir):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def loadable_profiles(
    extra_dir: Path | None = None, lang: str = "en"
) -> tuple[dict[str, Profile], dict[str, str]]:
    """Every profile that loads, by name, and every one that does not with its ProfileError's
    message in `lang`: one broken file in `data/profiles/` takes only itself out of the choice."""
    good: dict[str, Profile] = {}
    broken: dict[str, str] = {}
    for name, path in available_profiles(extra_dir).items():
        try:
            good[name] = load_profile(path)
        except ProfileError as exc:
            broken[name] = exc.in_lang(lang)
    return good, broken


def load_profile(name_or_path: str | Path, extra_dir: Path | None = None) -> Profile:
    """The profile called `name_or_path`, or read from that file path; raise ProfileError."""
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text:
        path = Path(text)
        if not path.is_file():
            raise ProfileError("geen profielbestand op {path}", path=path)
    else:
        known = available_profiles(extra_dir)
        if text not in known:
            raise ProfileError(
                "onbekend profiel '{name}'; bekende profielen: {known}",
                name=text,
                known=", ".join(sorted(known)),
            )
        path = known[text]
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(
            "profiel {file} is geen geldige TOML: {error}", file=path.name, error=exc
        ) from None
    raw.setdefault("name", path.stem)
    raw.setdefault("source", raw["name"])
    try:
        return Profile.model_validate({**raw, "path": path})
    except ValidationError as exc:
        details = [
            CatalogueError("{where}: {reason}", where=".".join(map(str, e["loc"])), reason=_reason(e))
            for e in exc.errors()
        ]
        raise ProfileError(
            "profiel {file} is niet geldig: {details}", file=path.name, details=details
        ) from None


# pydantic's own checks of a profile, in the catalogue's words (others keep pydantic's English)
PYDANTIC_REASONS = {
    "missing": N_("ontbreekt"),
    "extra_forbidden": N_("is geen veld van een profiel"),
    "string_pattern_mismatch": N_("mag alleen kleine letters, cijfers, _ en - bevatten"),
    "literal_error": N_("moet een van {expected} zijn"),
    "bool_parsing": N_("moet true of false zijn"),
    "bool_type": N_("moet true of false zijn"),
    "string_type": N_("moet tekst zijn"),
}


def _reason(error: dict) -> CatalogueError | str:
    """One pydantic error of a profile as a catalogue message where we have its words."""
    found = (error.get("ctx") or {}).get("error")
    if isinstance(found, CatalogueError):
        return found
    if error["type"] in PYDANTIC_REASONS:
        return CatalogueError(PYDANTIC_REASONS[error["type"]], **(error.get("ctx") or {}))
    return error["msg"]
