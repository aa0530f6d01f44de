"""What is wrong with a reference workbook: where (sheet, row, column) and why, in the user's language.

A problem's reason is a Dutch message of the text catalogue (`gdmetrics.text`) with its values,
shown in Dutch or English when it is shown. A cell's value refused by a row model comes from
pydantic: our own rules raise `rule(...)` (a pydantic error carrying the Dutch message), and
pydantic's own checks (missing, not a number, too large) are given Dutch messages by error type
in `PYDANTIC_MESSAGES`; an error type not listed keeps pydantic's English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic_core import PydanticCustomError

from gdmetrics.text import N_, tr

RULE = "gd_rule"


@dataclass(frozen=True)
class Problem:
    """One reason a workbook is refused: where (sheet, row, column) and why (a Dutch catalogue
    message and its values)."""

    sheet: str | None
    row: int | None  # the Excel row number (1 = the header row)
    column: str | None
    message: str
    values: Mapping[str, object] = field(default_factory=dict, hash=False)

    def reason_in(self, lang: str) -> str:
        return tr(lang, self.message, **self.values)

    @property
    def reason(self) -> str:
        """In English (the command line's language)."""
        return self.reason_in("en")

    def text(self, lang: str = "en") -> str:
        where = [self.sheet, tr(lang, "rij {row}", row=self.row) if self.row else None, self.column]
        where = [w for w in where if w]
        return (", ".join(where) + ": " if where else "") + self.reason_in(lang)


class WorkbookRejected(ValueError):
    """The workbook is refused as a whole; `problems` says where and why. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].text() if problems else "rejected"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


def rule(message: str, /, column: str | None = None, **values: object) -> PydanticCustomError:
    """A rule a row breaks, raised from a row model's validator: the Dutch `message` with its
    values, and the column to name when the rule is about the row as a whole."""
    return PydanticCustomError(RULE, message, {"message": message, "column": column, **values})


PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": N_("verplicht; deze cel is leeg"),
    "literal_error": N_("kies uit {expected}"),
    "greater_than": N_("moet groter zijn dan {gt}"),
    "greater_than_equal": N_("moet minstens {ge} zijn"),
    "less_than": N_("moet kleiner zijn dan {lt}"),
    "less_than_equal": N_("mag hoogstens {le} zijn"),
    "string_too_short": N_("mag niet leeg zijn"),
    "string_too_long": N_("hoogstens {max_length} tekens"),
    "string_type": N_("tekst verwacht"),
    "float_parsing": N_("geen getal"),
    "float_type": N_("geen getal"),
    "int_parsing": N_("geen geheel getal"),
    "int_type": N_("geen geheel getal"),
    "int_from_float": N_("geen geheel getal"),
    "decimal_parsing": N_("geen getal"),
    "decimal_type": N_("geen getal"),
    "decimal_max_places": N_("hoogstens {decimal_places} cijfers achter de komma"),
    "decimal_max_digits": N_("hoogstens {max_digits} cijfers"),
    "date_parsing": N_("geen datum"),
    "date_type": N_("geen datum"),
    "date_from_datetime_inexact": N_("een datum zonder tijd"),
    "bool_parsing": N_("vul ja of nee in"),
    "bool_type": N_("vul ja of nee in"),
}


def from_pydantic(sheet: str, row: int, error: dict, header_of) -> Problem:
    """One pydantic error of a row as a Problem; `header_of` gives a field's column header."""
    ctx = dict(error.get("ctx") or {})
    loc = error["loc"][0] if error["loc"] else None
    column = header_of(str(loc)) if loc else None
    if error["type"] == RULE:
        message = ctx.pop("message")
        column = ctx.pop("column") or column
        return Problem(sheet, row, column, message, ctx)
    if error["type"] in PYDANTIC_MESSAGES:
        if "expected" in ctx:
            ctx["expected"] = str(ctx["expected"]).replace(" or ", ", ")
        return Problem(sheet, row, column, PYDANTIC_MESSAGES[error["type"]], ctx)
    return Problem(sheet, row, column, error["msg"].removeprefix("Value error, "))
