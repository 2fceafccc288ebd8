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
    """Failed sign-ins slow down the client that makes them, never the editor.

    Each client is known by its session and by its address. After `free` failures, a key waits
    `base` seconds before its next attempt, doubling with each further failure up to `cap`. A new
    session from an address that keeps failing gets one try, then the address's wait. Overall,
    once more than `overall` failures arrive within `window` seconds from anyone, every further
    wrong answer is also held back `tarpit` seconds on the server, which bounds the rate of
    guessing however many sessions a guesser opens. A right answer is never delayed or refused by
    other clients' failures: after 30 wrong tokens from other sessions, the editor still signs in
    at once from a fresh session.
    """

    def __init__(
        self,
        *,
        free: int = 3,
        base: float = 2.0,
        cap: float = 300.0,
        window: float = 900.0,
        overall: int = 30,
        tarpit: float = 1.0,
    ):
        self.free, self.base, self.cap = free, base, cap
        self.window, self.overall, self.tarpit = window, overall, tarpit
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, session: str, address: str = "", now: float | None = None) -> float:
        """0 when this session may try now, else how long to wait. A session that has not failed
        yet may always try once; after that, its address's record counts too."""
        now = time.monotonic() if now is None else now
        with self._lock:
            wait = self._wait(session, now)
            if address and self._recent(session, now):
                wait = max(wait, self._wait(address, now))
            return wait

    def failed(self, session: str, address: str = "", now: float | None = None) -> float:
        """Record a wrong answer; returns seconds to hold the answer back on the server."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in (session, address, "*"):
                if key:
                    self._failures.setdefault(key, deque()).append(now)
            return self.tarpit if len(self._recent("*", now)) > self.overall else 0.0

    def succeeded(self, session: str, address: str = "") -> None:
        with self._lock:
            self._failures.pop(session, None)

    def _wait(self, key: str, now: float) -> float:
        failures = self._recent(key, now)
        if len(failures) < self.free:
            return 0.0
        delay = min(self.base * 2 ** (len(failures) - self.free), self.cap)
        return max(0.0, failures[-1] + delay - now)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
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
