"""Stories: ordered lists of saved views (a page, its URL state, a title and a caption), kept in the
database beside the data, on DuckDB and PostgreSQL alike.

A view's URL state is kept as a URL query string exactly as the app wrote it, so that playing a
step opens the page as it was when the step was saved. Positions run 1..n within a story.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from atlas.store import Store, StoreError, Transaction

LOCK = "atlas:stories"
# Parameters of presentation and playback, never part of a saved view.
PLAYBACK_PARAMS = frozenset({"present", "story", "step", "embed", "embed_options"})
_PAGE = re.compile(r"^[a-z0-9_-]*$")  # a url_path; "" is the default page


@dataclass(frozen=True)
class Story:
    story_id: int
    slug: str
    title: str
    description: str
    author: str
    steps: int = 0


@dataclass(frozen=True)
class Step:
    step_id: int
    story_id: int
    position: int
    page: str
    query: str
    title: str
    caption: str

    def params(self) -> dict[str, str | list[str]]:
        """The view's URL parameters; a repeated one (a multiselect) as a list."""
        return query_params(self.query)


def query_params(query: str) -> dict[str, str | list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        found.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in found.items()}


def view_query(params: dict[str, str | list[str]]) -> str:
    """The query string of a view: its parameters without those of presentation and playback."""
    pairs = []
    for name in sorted(params):
        if name in PLAYBACK_PARAMS:
            continue
        values = params[name]
        for value in [values] if isinstance(values, str) else values:
            pairs.append((name, value))
    return urlencode(pairs)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "story"


def _check_step(page: str, title: str, caption: str) -> None:
    if not _PAGE.match(page):
        raise StoreError(f"'{page}' is not a page address")
    if not title.strip():
        raise StoreError("a step needs a title")
    if not caption.strip():
        raise StoreError("a step needs a caption")


def _next_id(tx: Transaction, table: str, column: str) -> int:
    return int(tx.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")[0][0]) + 1


# --- reading ---


def list_stories(store: Store) -> list[Story]:
    """Every story not deleted, oldest first, with its number of steps."""
    frame = store.query(
        "SELECT s.story_id, s.slug, s.title, s.description, s.author,"
        " (SELECT COUNT(*) FROM story_steps p WHERE p.story_id = s.story_id) AS steps"
        " FROM stories s WHERE s.deleted_at IS NULL ORDER BY s.story_id"
    )
    return [
        Story(
            int(r["story_id"]),
            r["slug"],
            r["title"],
            r["description"],
            r["author"],
            int(r["steps"]),
        )
        for r in frame.to_dict("records")
    ]


def get_story(store: Store, story_id: int) -> Story | None:
    return next((s for s in list_stories(store) if s.story_id == story_id), None)


def steps(store: Store, story_id: int) -> list[Step]:
    frame = store.query(
        "SELECT step_id, story_id, position, page, query, title, caption FROM story_steps"
        " WHERE story_id = ? ORDER BY position",
        [story_id],
    )
    return [
        Step(
            int(r["step_id"]),
            int(r["story_id"]),
            int(r["position"]),
            r["page"],
            r["query"],
            r["title"],
            r["caption"],
        )
        for r in frame.to_dict("records")
    ]


# --- writing ---


def create_story(
    store: Store, title: str, *, author: str, description: str = "", slug: str = ""
) -> int:
    if not title.strip():
        raise StoreError("a story needs a title")
    with store.engine.transaction() as tx:
        tx.lock(LOCK)
        return _insert_story(tx, slug or _slug(title), title.strip(), description, author)


def _insert_story(tx: Transaction, slug: str, title: str, description: str, author: str) -> int:
    story_id = _next_id(tx, "stories", "story_id")
    tx.execute(
        "INSERT INTO stories (story_id, slug, title, description, author, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [story_id, slug, title, description, author, _now()],
    )
    return story_id


def delete_story(store: Store, story_id: int) -> None:
    with store.engine.transaction() as tx:
        tx.lock(LOCK)
        tx.execute("UPDATE stories SET deleted_at = ? WHERE story_id = ?", [_now(), story_id])


def add_step(
    store: Store, story_id: int, *, page: str, query: str, title: str, caption: str
) -> Step:
    """Append a view to the end of a story."""
    _check_step(page, title, caption)
    with store.engine.transaction() as tx:
        tx.lock(LOCK)
        if not tx.execute("SELECT 1 FROM stories WHERE story_id = ?", [story_id]):
            raise StoreError(f"there is no story {story_id}")
        _insert_step(tx, story_id, page, query, title.strip(), caption.strip())
    return steps(store, story_id)[-1]


def _insert_step(
    tx: Transaction, story_id: int, page: str, query: str, title: str, caption: str
) -> None:
    position = tx.execute(
        "SELECT COALESCE(MAX(position), 0) FROM story_steps WHERE story_id = ?", [story_id]
    )[0][0]
    tx.execute(
        "INSERT INTO story_steps (step_id, story_id, position, page, query, title, caption)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            _next_id(tx, "story_steps", "step_id"),
            story_id,
            int(position) + 1,
            page,
            query,
            title,
            caption,
        ],
    )


def edit_step(store: Store, step_id: int, *, title: str, caption: str) -> None:
    if not title.strip() or not caption.strip():
        raise StoreError("a step needs a title and a caption")
    with store.engine.transaction() as tx:
        tx.lock(LOCK)
        tx.execute(
            "UPDATE story_steps SET title = ?, caption = ? WHERE step_id = ?",
            [title.strip(), caption.strip(), step_id],
        )


def _step_place(tx: Transaction, step_id: int) -> tuple[int, int] | None:
    """The story and position of a step, or None when there is no such step."""
    found = tx.execute("SELECT story_id, position FROM story_steps WHERE step_id = ?", [step_id])
    return (int(found[0][0]), int(found[0][1])) if found else None


def move_step(store: Store, step_id: int, offset: int) -> None:
    """Move a step `offset` places (-1 earlier, +1 later); at either end nothing moves."""
    with store.engine.transaction() as tx:
        tx.lock(LOCK)
        found = _step_place(tx, step_id)
        if found is None:
            return
        story_id, position = found
        other = tx.execute(
            "SELECT step_id FROM story_steps WHERE story_id = ? AND position = ?",
            [story_id, position + offset],
        )
        if not other:
            return
        tx.execute("UPDATE story_steps SET position = ? WHERE step_id = ?", [position, other[0][0]])
        tx.execute(
            "UPDATE story_steps SET position = ? WHERE step_id = ?", [position + offset, step_id]
        )


def delete_step(store: Store, step_id: int) -> None:
    """Remove a step; the later ones move up, so positions stay 1..n."""
    with store.engine.transaction() as tx:
        tx.lock(LOCK)
        found = _step_place(tx, step_id)
        if found is None:
            return
        story_id, position = found
        tx.execute("DELETE FROM story_steps WHERE step_id = ?", [step_id])
        later = tx.execute(
            "SELECT step_id, position FROM story_steps WHERE story_id = ? AND position > ?"
            " ORDER BY position",
            [story_id, position],
        )
        for other, at in later:
            tx.execute(
                "UPDATE story_steps SET position = ? WHERE step_id = ?", [int(at) - 1, other]
            )


# --- the bundled stories ---


@dataclass(frozen=True)
class BundledStory:
    slug: str
    title: str
    description: str
    steps: list[dict]


def read_bundled(path: Path) -> list[BundledStory]:
    """The stories of a committed TOML file, checked; a problem raises ValueError."""
    manifest = tomllib.loads(path.read_text(encoding="utf-8"))
    found = []
    for number, raw in enumerate(manifest.get("story", []), start=1):
        try:
            title = str(raw["title"])
            slug = str(raw.get("slug") or _slug(title))
            items = raw["step"]
            for item in items:
                _check_step(str(item["page"]), str(item["title"]), str(item["caption"]))
                if not isinstance(item.get("query", ""), str):
                    raise StoreError("query must be a URL query string")
        except (KeyError, TypeError, StoreError) as error:
            raise ValueError(f"{path.name}: story {number}: {error}") from error
        if not items:
            raise ValueError(f"{path.name}: story {number} has no steps")
        found.append(BundledStory(slug, title, str(raw.get("description", "")), items))
    return found


def seed_bundled(store: Store, bundled: list[BundledStory], *, author: str) -> list[str]:
    """Write each bundled story whose slug was never in the store (even if deleted since), in one
    transaction; return the slugs written."""
    written = []
    with store.engine.transaction() as tx:
        tx.lock(LOCK)
        known = {row[0] for row in tx.execute("SELECT slug FROM stories")}
        for story in bundled:
            if story.slug in known:
                continue
            story_id = _insert_story(tx, story.slug, story.title, story.description, author)
            for item in story.steps:
                _insert_step(
                    tx,
                    story_id,
                    str(item["page"]),
                    str(item.get("query", "")),
                    str(item["title"]).strip(),
                    str(item["caption"]).strip(),
                )
            written.append(story.slug)
    return written
