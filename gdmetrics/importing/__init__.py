"""Importing ticket exports (TOPdesk, ServiceNow, Jira SM, HP SM, generic) through profiles."""

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
from gdmetrics.importing.profiles import Profile, ProfileError, available_profiles, load_profile
from gdmetrics.importing.reading import FileRejected, Problem

__all__ = [
    "FileRejected",
    "ImportRejected",
    "ImportResult",
    "Preview",
    "Problem",
    "Profile",
    "ProfileError",
    "available_profiles",
    "database_summary",
    "default_max_bytes",
    "import_bytes",
    "import_file",
    "import_log",
    "load_profile",
    "preview",
    "problems_frame",
    "quarantine_rows",
    "register",
    "set_mapping",
    "table_counts_frame",
    "unmapped_values",
]
