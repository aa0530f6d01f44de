"""Streamlit-side helpers every page shares, one concern per module, re-exported here so a page
writes `from pages import ui` or `from pages.ui import t`.

- `text`: the user's language and `t(message)`, through the text catalogue (gdmetrics.text);
- `connection`: read-only connections to the published version, and `writing` for a page's write;
- `cache`: cached figures, cached gdmetrics readings and the user's filter choices;
- `sidebar`: the shared filters, their URL mirror and the period captions;
- `cards`: headline cards and captions beside figures;
- `missing`: the data a page rests on that was never loaded, with a link to Gegevens;
- `chart`: every chart with its text alternative (finding, "Als tabel");
- `tables`: summary tables that fit their frame at every width (a plain table, a grid on a phone);
- `frame`: the document's language, the navigation links and the page-wide CSS;
- `drill`: the rows behind a figure, their downloads, a ticket's verdict;
- `reports`: the printable reports' download buttons;
- `signin`: the sign-in gate and a page's area check;
- `undo`: undoing one of the latest writes (Gegevens);
- `errors`: database errors as one sentence in the user's language (`guarded`, `run_page`);
- `routing`: the one patch of a Streamlit internal (route a first run through the frame).

Not pages: app.py's navigation lists the pages, and the package sits below pages/, where
Streamlit's folder mode looks for none. Business logic stays in gdmetrics.
"""

from pages.ui.cache import cached, fig, figure, import_preview, options
from pages.ui.cards import dropped_note, figure_label, metric, names
from pages.ui.chart import chart
from pages.ui.connection import connection, db, db_key, settings_db, writing
from pages.ui.drill import SHOWN_ROWS, downloads, drill_table, drilldown_picker, toggle
from pages.ui.errors import guarded, run_page
from pages.ui.missing import missing_data
from pages.ui.reports import report_buttons
from pages.ui.sidebar import (
    ALL,
    FILTER_LABELS,
    KIND_LABELS,
    PERIOD_KINDS,
    as_of_caption,
    choose_client,
    client_picker,
    frame_filters,
    page_caption,
    period_caption,
    shared_filters,
)
from pages.ui.signin import auth_configured, current_user, require_area, sign_in
from pages.ui.tables import summary_table
from pages.ui.text import lang, t
from pages.ui.undo import undo_panel

__all__ = [
    "ALL",
    "import_preview",
    "FILTER_LABELS",
    "KIND_LABELS",
    "PERIOD_KINDS",
    "SHOWN_ROWS",
    "as_of_caption",
    "auth_configured",
    "cached",
    "chart",
    "choose_client",
    "client_picker",
    "connection",
    "current_user",
    "db",
    "db_key",
    "downloads",
    "drill_table",
    "drilldown_picker",
    "dropped_note",
    "fig",
    "guarded",
    "figure",
    "figure_label",
    "frame_filters",
    "lang",
    "metric",
    "missing_data",
    "names",
    "options",
    "page_caption",
    "period_caption",
    "report_buttons",
    "require_area",
    "run_page",
    "settings_db",
    "shared_filters",
    "sign_in",
    "summary_table",
    "t",
    "toggle",
    "undo_panel",
    "writing",
]
