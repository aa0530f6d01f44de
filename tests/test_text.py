"""The text catalogue (gdmetrics.text): complete for every code, every message the source uses,
and every name a page shows from configuration; placeholders kept in translation."""

from __future__ import annotations

import re
import warnings

import pytest

from gdmetrics import text
from gdmetrics.importing import available_profiles, load_profile


def test_every_code_has_a_label_in_both_languages():
    missing = [
        (lang, table, c)
        for lang in text.LANGS
        for table, codes in text.CODE_TABLES.items()
        for c in codes
        if (table, c) not in text.catalogue(lang)
    ]
    assert missing == []


def test_a_code_reads_as_a_word():
    assert text.code("en", "escalation_reason", "geen_werkproces") == "no work process yet"
    assert text.code("nl", "escalation_reason", "geen_werkproces") == "nog geen werkproces"
    assert text.code("en", "ticket_status", "in_behandeling") == "in progress"
    assert text.code("nl", "channel", "email") == "e-mail"
    assert text.code("en", "tariff_unit", "per werkplek") == "per workstation"
    assert text.code("en", "tariff_unit", "per gebouw") == "per gebouw"  # an unknown unit as it is
    assert text.code("en", "channel", None) == "–"
    assert text.any_code("en", "deels_gegrond") == "partly upheld"


@pytest.fixture(scope="module")
def used() -> dict:
    with warnings.catch_warnings():  # babel warns about f-strings it cannot extract; checked below
        warnings.simplefilter("ignore")
        return text.extracted()


def test_every_message_the_source_uses_has_an_english_translation(used):
    english = text.catalogue("en")
    missing = [f"{where[0]}: {msg!r}" for (ctx, msg), where in used.items() if (ctx, msg) not in english]
    assert missing == [], "run `python -m gdmetrics.text update` and translate:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders():
    field = re.compile(r"\{(\w*)[^}]*\}")
    wrong = [
        (msg, tr)
        for (ctx, msg), tr in text.catalogue("en").items()
        if sorted(field.findall(msg)) != sorted(field.findall(tr))
    ]
    assert wrong == []


def test_placeholders_are_filled_in():
    assert (
        text.tr("en", "{n} regels afgekeurd (regel, veld, reden):", n=3)
        == "3 rows rejected (line, field, reason):"
    )
    assert (
        text.tr("nl", "{n} regels afgekeurd (regel, veld, reden):", n=3)
        == "3 regels afgekeurd (regel, veld, reden):"
    )


def test_a_message_without_translation_shows_its_dutch_text():
    assert text.tr("en", "Een zin die nergens staat") == "Een zin die nergens staat"


def test_import_profile_titles_are_translated():
    english = text.catalogue("en")
    missing = [
        load_profile(n).title for n in available_profiles() if (None, load_profile(n).title) not in english
    ]
    assert missing == []


def test_no_page_or_module_writes_a_dutch_english_pair_inline():
    """The old convention `t("Dutch", "English")` is gone from every file that was converted;
    what is left is listed here and shrinks to nothing."""
    pair = re.compile(r"""\bt\(\s*f?"[^"]*",\s*f?"[^"]*"\s*\)""")
    found = sorted(
        str(p.relative_to(text.ROOT))
        for p in [
            text.ROOT / "app.py",
            *(text.ROOT / "pages").glob("*.py"),
            *(text.ROOT / "gdmetrics").rglob("*.py"),
        ]
        if pair.search(p.read_text())
    )
    assert found == sorted(NOT_YET_CONVERTED)


NOT_YET_CONVERTED: tuple[str, ...] = ()


def test_no_message_in_the_catalogues_is_left_untranslated():
    """What `python -m gdmetrics.text update` added is translated before it is committed."""
    from babel.messages.pofile import read_po

    empty = []
    for lang in text.LANGS:
        with (text.LOCALE_DIR / lang / "LC_MESSAGES" / f"{text.DOMAIN}.po").open("rb") as f:
            empty += [(lang, m.context, m.id) for m in read_po(f, locale=lang) if m.id and not m.string]
    assert empty == []
