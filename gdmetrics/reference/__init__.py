"""The GD's own reference data in one workbook: template, export, import (see `load` and `spec`)."""

from gdmetrics.reference.command import register
from gdmetrics.reference.defaults import start_empty
from gdmetrics.reference.load import (
    Outcome,
    ensure_default_norms,
    export_reference,
    import_reference,
    publish_reference,
    reference_data,
    template,
)
from gdmetrics.reference.spec import SHEETS
from gdmetrics.reference.workbook import Problem, WorkbookRejected, problems_table, workbook_values

__all__ = [
    "SHEETS",
    "Outcome",
    "Problem",
    "WorkbookRejected",
    "ensure_default_norms",
    "export_reference",
    "import_reference",
    "problems_table",
    "publish_reference",
    "reference_data",
    "register",
    "start_empty",
    "template",
    "workbook_values",
]
