"""Importing ticket exports (TOPdesk, ServiceNow, Jira SM, HP SM, generic) through profiles.

`read_table` (with `Limits`, `SourceTable`, `drop_table`) is the reader any feed can reuse: a CSV
or .xlsx into a DuckDB temp view of text columns with line numbers, limits from settings.
"""

from gdmetrics.importing.command import register
from gdmetrics.importing.history import (
    database_summary,
    import_log,
    problems_frame,
    quarantine_rows,
    set_mapping,
    table_counts_frame,
    unmapped_values,
)
from gdmetrics.importing.loader import (
    ImportRejected,
    ImportResult,
    Preview,
    default_max_bytes,
    import_bytes,
    import_file,
    preview,
)
from gdmetrics.importing.profiles import (
    Profile,
    ProfileError,
    available_profiles,
    load_profile,
    loadable_profiles,
)
from gdmetrics.importing.reading import (
    FileRejected,
    Limits,
    Notice,
    Problem,
    SourceTable,
    drop_table,
    read_table,
)

__all__ = [
    "FileRejected",
    "ImportRejected",
    "ImportResult",
    "Limits",
    "Notice",
    "Preview",
    "Problem",
    "Profile",
    "SourceTable",
    "ProfileError",
    "available_profiles",
    "loadable_profiles",
    "database_summary",
    "default_max_bytes",
    "drop_table",
    "import_bytes",
    "import_file",
    "import_log",
    "load_profile",
    "preview",
    "problems_frame",
    "quarantine_rows",
    "read_table",
    "register",
    "set_mapping",
    "table_counts_frame",
    "unmapped_values",
]
