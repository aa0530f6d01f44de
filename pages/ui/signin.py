"""Sign-in and roles (issue 7) on the Streamlit side: the frame's gate and the page's area check.

Which rows a user sees is the client scope in every request; the gate decides the user, and
navigation only hides pages their role cannot open.
"""

from __future__ import annotations

import streamlit as st

from gdmetrics import access, text
from gdmetrics.access import Access
from gdmetrics.settings import get_settings
from pages.ui.connection import db
from pages.ui.errors import guarded
from pages.ui.routing import rerun_through_frame
from pages.ui.text import lang, t


def auth_configured() -> bool:
    """Sign-in is on when secrets.toml has an [auth] section; without one the app is the open demo."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all (StreamlitSecretNotFoundError)
        return False


def current_user() -> Access:
    """The user the frame signed in for this session; nobody (no role, no clients) before that."""
    return st.session_state.get("user") or Access("", None, None, (), "none")


@guarded
def sign_in() -> Access:
    """The frame's gate: without [auth] the open demo (with a banner); with it, a sign-in through
    the OIDC provider, the role from the database, and no data at all without a role."""
    if not auth_configured():
        st.session_state["user"] = access.demo_access()
        st.warning(
            t(
                "Demomodus: er is geen inlog ingesteld, dus iedereen ziet alle gegevens. Stel een "
                "OpenID Connect-provider in (README: Inloggen en rollen) voordat echte gegevens worden geladen."
            ),
            icon=":material/science:",
        )
        return st.session_state["user"]
    if not st.user.is_logged_in:
        st.session_state.pop("user", None)
        st.title("GD Dashboard")
        st.info(t("Log in met uw account van het ministerie om het dashboard te zien."))
        named = [k for k, v in st.secrets["auth"].items() if hasattr(v, "keys")]
        st.button(
            t("Inloggen"),
            on_click=st.login,
            args=(named[0] if len(named) == 1 else None,),
            type="primary",
            icon=":material/login:",
            key="auth_login",
        )
        st.stop()
    user = access.resolve_claims(db(), st.user.to_dict())
    st.session_state["user"] = user
    if st.session_state.get("auth_audited") != user.email:  # once per session
        access.record_read(  # a sign-in changes no data: the access log, not a new version
            get_settings().db,
            user.email or f"sub:{st.user.get('sub')}",
            "sign_in",
            f"role={user.role or '-'} via {user.source}",
        )
        st.session_state["auth_audited"] = user.email
    role = text.code(lang(), "role", user.role) if user.role else t("geen rol")
    st.sidebar.caption(f"{user.name or user.email} · {role}")
    st.sidebar.button(t("Uitloggen"), on_click=st.logout, icon=":material/logout:", key="auth_logout")
    if user.role is None:
        st.title("GD Dashboard")
        st.warning(
            t(
                "Uw inlogdienst heeft uw e-mailadres niet bevestigd, dus het dashboard kan u geen rol "
                "geven. Vraag functioneel beheer van de GD om hulp."
            )
            if user.source == "unverified"
            else t(
                "U bent ingelogd als {email}, maar u hebt nog geen rol in het dashboard. Vraag functioneel "
                "beheer van de GD om u een rol te geven.",
                email=user.email or t("onbekend"),
            ),
            icon=":material/lock:",
        )
        st.stop()
    return user


def require_area(area: str) -> Access:
    """For a page that reads no shared filters: the frame's gate must have run (see
    pages.ui.routing), and the user's role must open `area`; otherwise a message and nothing else."""
    if "user" not in st.session_state:
        rerun_through_frame()
    user = current_user()
    if not user.may(area):
        st.error(t("Deze pagina is alleen voor functioneel beheer."))
        st.stop()
    return user
