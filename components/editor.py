"""Who may edit: checked on the server on every rerun.

- `ATLAS_READ_ONLY=1`: nobody; no editing control is drawn at all.
- `ATLAS_EDITOR_PASSWORD_HASH` (environment or secrets; make one with `python -m atlas
  hash-password`): editors sign in with that password.
- Neither: a one-time editor token is made when the server starts and printed to its console, as
  notebook servers do — secure by default, easy on a laptop.
Failed attempts are limited per session and overall.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass

import streamlit as st

from atlas.auth import AttemptLimiter, new_token, sso_editor_name, verify_password, verify_token
from components import data_access
from components.i18n import t

log = logging.getLogger(__name__)
SESSION_KEY = "editor_session"


@dataclass(frozen=True)
class EditorConfig:
    read_only: bool
    password_hash: str | None
    token: str | None
    sso_editors: frozenset[str] = frozenset()


@st.cache_resource(show_spinner=False)
def _token() -> str:
    token = new_token()
    message = f"\n  Civic Atlas KZ editor token (valid until the server stops): {token}\n"
    print(message, file=sys.stderr, flush=True)
    log.warning("editor token printed to the console")
    return token


@st.cache_resource(show_spinner=False)
def _limiter() -> AttemptLimiter:
    return AttemptLimiter()


def config() -> EditorConfig:
    settings = data_access.settings()
    if settings.read_only:
        return EditorConfig(True, None, None)
    try:
        secret = st.secrets.get("ATLAS_EDITOR_PASSWORD_HASH")
    except Exception:
        secret = None
    import os

    password_hash = os.environ.get("ATLAS_EDITOR_PASSWORD_HASH") or secret
    sso = frozenset(
        e
        for e in (os.environ.get("ATLAS_EDITORS") or _secret("ATLAS_EDITORS") or "").split(",")
        if e.strip()
    )
    token = None if (password_hash or sso) else _token()
    return EditorConfig(False, password_hash, token, sso)


def _secret(name: str) -> str | None:
    try:
        return st.secrets.get(name)
    except Exception:
        return None


def current_editor() -> str | None:
    """The signed-in editor's name, re-checked against the configuration on every rerun: a session
    signed in under another password or token (or before read-only was set) is signed out."""
    cfg = config()
    if cfg.read_only:
        return None
    if cfg.sso_editors:
        user = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
        return sso_editor_name(user, set(cfg.sso_editors))
    session = st.session_state.get(SESSION_KEY)
    if not session:
        return None
    if session.get("proof") != _proof(cfg):
        st.session_state.pop(SESSION_KEY, None)
        return None
    return session["name"]


def _proof(cfg: EditorConfig) -> str:
    import hashlib

    return hashlib.sha256((cfg.password_hash or cfg.token or "").encode()).hexdigest()


def _client_address() -> str:
    """The client's address as the server saw it (behind a proxy: the first forwarded one)."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For", "")
        address = st.context.ip_address
        own = address if isinstance(address, str) else "?"
        return "addr:" + (forwarded.split(",")[0].strip() or own)
    except Exception:  # no request context (AppTest)
        return "addr:?"


def sign_in_form() -> None:
    cfg = config()
    if cfg.sso_editors:
        st.caption(t("editor.sso_help"))
        if st.button(t("editor.sso_button"), icon=":material/login:"):
            st.login()
        return
    limiter = _limiter()
    session_id = _session_id()
    with st.form("sign_in"):
        st.markdown(f"**{t('editor.sign_in')}**")
        st.caption(t("editor.password_help" if cfg.password_hash else "editor.token_help"))
        name = st.text_input(t("editor.name"), max_chars=60)
        secret = st.text_input(
            t("editor.password" if cfg.password_hash else "editor.token"), type="password"
        )
        submitted = st.form_submit_button(t("editor.sign_in_button"))
    if not submitted:
        return
    address = _client_address()
    wait = limiter.wait_seconds(session_id, address)
    if wait > 0:
        st.error(t("editor.too_many", seconds=int(wait) + 1))
        return
    ok = (
        verify_password(secret, cfg.password_hash)
        if cfg.password_hash
        else verify_token(secret, cfg.token or "")
    )
    if not ok:
        hold = limiter.failed(session_id, address)
        log.warning("failed editor sign-in from %s (session %s)", address, session_id[:8])
        if hold:
            time.sleep(hold)  # many failures overall: every wrong answer costs time
        st.error(t("editor.wrong"))
        return
    limiter.succeeded(session_id, address)
    st.session_state[SESSION_KEY] = {
        "name": name.strip() or t("editor.anonymous"),
        "proof": _proof(cfg),
    }
    st.rerun()


def sign_out_button() -> None:
    if config().sso_editors:
        if st.button(t("editor.sign_out"), icon=":material/logout:"):
            st.logout()
        return
    if st.button(t("editor.sign_out"), icon=":material/logout:"):
        st.session_state.pop(SESSION_KEY, None)
        st.rerun()


def _session_id() -> str:
    """A random id kept in this browser session's state (new for every new session)."""
    import secrets

    return st.session_state.setdefault("_client_id", secrets.token_hex(8))
