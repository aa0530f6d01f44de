"""Who may see and change what, one concern per module, re-exported here (`from gdmetrics import
access`; `access.resolve`, `access.audit`, ...):

- `roles`: a user's role, the areas it opens and the client scope it allows (`Access`, `resolve`);
- `auditlog`: the audit log (`audit`, `insert_audit` within a caller's transaction, `audit_log_frame`)
  and the access log of reads (`record_read`), shown together by `audit_trail`;
- `admin`: role administration for the Toegang page (`RoleAssignment`, `assign_role`, `remove_role`);
- `downloads`: reports as a user may have them, audited (`report_bytes`).
"""

from gdmetrics.access.admin import (
    RoleAssignment,
    accountmanagers,
    assign_role,
    remove_role,
    role_assignments,
)
from gdmetrics.access.auditlog import (
    EVENT_ACTIONS,
    TRAIL_ACTIONS,
    audit,
    audit_log_frame,
    audit_trail,
    insert_audit,
    record_read,
)
from gdmetrics.access.downloads import data_bytes, download, report_bytes
from gdmetrics.access.roles import (
    AREAS,
    DEMO,
    EMAIL,
    ROLE_AREAS,
    Access,
    Role,
    client_scope_for,
    demo_access,
    email_verified,
    expand_scope,
    normalise_email,
    require,
    require_client,
    resolve,
    resolve_claims,
    restrict_options,
)

__all__ = [
    "AREAS",
    "DEMO",
    "EMAIL",
    "EVENT_ACTIONS",
    "TRAIL_ACTIONS",
    "ROLE_AREAS",
    "Access",
    "Role",
    "RoleAssignment",
    "accountmanagers",
    "assign_role",
    "audit",
    "audit_log_frame",
    "audit_trail",
    "client_scope_for",
    "demo_access",
    "expand_scope",
    "insert_audit",
    "normalise_email",
    "record_read",
    "remove_role",
    "report_bytes",
    "data_bytes",
    "download",
    "require",
    "require_client",
    "resolve",
    "resolve_claims",
    "email_verified",
    "restrict_options",
    "role_assignments",
]
