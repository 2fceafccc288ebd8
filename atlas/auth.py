"""Editor sign-in: salted password hashes, one-time tokens, and a limit on failed attempts."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 390_000


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """`pbkdf2_sha256$iterations$salt$hash` (base64), for ATLAS_EDITOR_PASSWORD_HASH."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, expected = encoded.strip().split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac(
            "sha256", password.encode(), base64.b64decode(salt), int(iterations)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(_b64(digest), expected)


def verify_token(candidate: str, token: str) -> bool:
    return hmac.compare_digest(candidate.strip().encode(), token.encode())


def new_token() -> str:
    return secrets.token_urlsafe(18)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class AttemptLimiter:
    """At most `limit` failed sign-ins per `window` seconds, per key and overall (a guesser
    cannot spread attempts over many sessions)."""

    def __init__(self, limit: int = 5, window: float = 300.0, overall: int = 30):
        self.limit, self.window, self.overall = limit, window, overall
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, key: str, now: float | None = None) -> float:
        """0 when an attempt is allowed now, else how long to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            waits = []
            for bucket, limit in ((key, self.limit), ("*", self.overall)):
                failures = self._recent(bucket, now)
                if len(failures) >= limit:
                    waits.append(failures[0] + self.window - now)
            return max(waits, default=0.0)

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for bucket in (key, "*"):
                self._failures.setdefault(bucket, deque()).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, bucket: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(bucket, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures


def sso_editor_name(user: dict, editors: set[str]) -> str | None:
    """The editor's name when an identity provider signed in a listed editor (ATLAS_EDITORS,
    e-mail addresses, case-insensitive), else None."""
    if not user.get("is_logged_in", False):
        return None
    email = str(user.get("email") or "").strip().casefold()
    if not email or email not in {e.strip().casefold() for e in editors if e.strip()}:
        return None
    return str(user.get("name") or email)
