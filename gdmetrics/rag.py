"""Red / amber / green: the one rule, margin, verdict ("met"), symbol, word and colour.

Every page, report, chart and the attention list judge a value against its target here, so
"amber" means the same thing everywhere. Definitional choices:

- **green** (met, "op doel"): the value reaches its target in the figure's direction
  (at least the target when higher is better, at most when lower is better).
- **amber** ("net buiten doel"): missed, but within the amber margin. The margin is
  `Settings.amber_margin` (default 0.05): points for a share (95% target: amber from 90%), the
  same fraction of the target for every other unit (hours, per 1,000, an index).
- **red** ("buiten doel"): missed by more than the margin.
- **None** ("geen gegevens"): nothing was measured: no value, no target, or a count of zero
  (0 of 0 tickets judged). Nothing measured is never "met" and never counted as met.
- "Met" is green and only green: amber is a miss, shown as one.
- The status is judged on the unrounded value; a value shown beside its target is never rounded
  onto it or past it: it gets the decimals it needs to be believed ("64,95% ✖ tegen 65,0%", not
  "65,0%"; gdmetrics.formatting.value with its target).

The colour is never the only signal: a status is always shown with its symbol and word.
"""

from __future__ import annotations

import math
from typing import Literal

from gdmetrics.settings import Settings, get_settings
from gdmetrics.text import N_, tr

Status = Literal["green", "amber", "red"]
STATUSES: tuple[Status, ...] = ("green", "amber", "red")

# Okabe-Ito colours: distinguishable with every common form of colour blindness.
COLOURS: dict[str, str] = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
# Darker shades for status text on white (contrast 4.5:1) and light ones for backgrounds.
TEXT_COLOURS: dict[str, str] = {"green": "#00684c", "amber": "#9a5f00", "red": "#b34700"}
BACKGROUNDS: dict[str, str] = {"green": "#e6f5ef", "amber": "#fdf3e0", "red": "#fbeae0"}
SYMBOLS: dict[str, str] = {"green": "✔", "amber": "▲", "red": "✖"}
NO_DATA_SYMBOL = "–"
# "off target" rather than "below": for lower-is-better figures (backlog, cost) a miss lies above.
# Dutch; the English is in the text catalogue (gdmetrics.text).
WORDS: dict[str | None, str] = {
    "green": N_("op doel"),
    "amber": N_("net buiten doel"),
    "red": N_("buiten doel"),
    None: N_("geen gegevens"),
}
# Order for "worst first" lists: red, amber, green, then nothing measured.
SEVERITY: dict[str | None, int] = {"red": 0, "amber": 1, "green": 2, None: 3}


def _missing(v: object) -> bool:
    if v is None:
        return True
    try:
        return math.isnan(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def margin(unit: str, target: float | None, settings: Settings | None = None) -> float:
    """How far off target still counts as amber: points for a share, otherwise the same
    fraction of the target (a 40-hour norm with margin 0.05 is amber up to 42 hours)."""
    m = (settings or get_settings()).amber_margin
    if unit == "share" or _missing(target):
        return m
    return m * abs(float(target))  # type: ignore[arg-type]


def status(
    value: float | None,
    target: float | None,
    direction: str,
    unit: str = "share",
    settings: Settings | None = None,
    *,
    count: float | None = None,
) -> Status | None:
    """Red / amber / green of `value` against `target` for a figure of this direction and unit.

    None where nothing was measured: value or target missing, or `count` (the cases judged)
    known and zero. A figure without a direction ('neutral') has no status."""
    if _missing(value) or _missing(target) or direction == "neutral":
        return None
    if not _missing(count) and float(count) == 0:  # type: ignore[arg-type]
        return None
    v, t = float(value), float(target)  # type: ignore[arg-type]
    gap = t - v if direction == "lower_is_better" else v - t
    if gap >= 0:
        return "green"
    return "amber" if gap >= -margin(unit, t, settings) else "red"


def met(s: str | None) -> bool | None:
    """Whether a status counts as met: True for green, False for amber and red, None when
    nothing was measured (never met)."""
    return s == "green" if s in SYMBOLS else None


def symbol(s: str | None) -> str:
    return SYMBOLS.get(s or "", NO_DATA_SYMBOL)


def word(s: str | None, lang: str) -> str:
    """'op doel', 'net buiten doel', 'buiten doel' or 'geen gegevens'."""
    return tr(lang, WORDS[s if s in SYMBOLS else None])


def label(s: str | None, lang: str) -> str:
    """'✔ op doel': symbol and word, so the colour is never the only signal; '–' for nothing."""
    if s not in SYMBOLS:
        return NO_DATA_SYMBOL
    return f"{symbol(s)} {word(s, lang)}"


def colour(s: str | None, default: str = "#999999") -> str:
    return COLOURS.get(s or "", default)


def legend(lang: str) -> str:
    """'✔ op doel, ▲ net buiten doel, ✖ buiten doel'."""
    return ", ".join(label(s, lang) for s in STATUSES)
