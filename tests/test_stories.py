"""Stories (#13): the store functions on both engines, the bundled story, and /stories under AppTest."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import migrations, stories
from atlas.i18n import translate
from atlas.seed import SEED_AUTHOR, STORIES_FILE, seed
from atlas.store import Store, StoreError

from .conftest import DATA_DIR, ROOT


def _add(store, story_id, n):
    return [
        stories.add_step(
            store, story_id, page="map", query=f"map_day=0{i}+Jan", title=f"T{i}", caption=f"C{i}"
        )
        for i in range(1, n + 1)
    ]


def test_a_story_keeps_its_steps_in_order_through_moves_edits_and_deletes(store: Store):
    story_id = stories.create_story(store, "Week one", author="ed", description="d")
    first, second, third = _add(store, story_id, 3)
    assert [s.position for s in stories.steps(store, story_id)] == [1, 2, 3]
    stories.move_step(store, third.step_id, -1)
    assert [s.title for s in stories.steps(store, story_id)] == ["T1", "T3", "T2"]
    stories.move_step(store, first.step_id, -1)  # already first: nothing moves
    stories.edit_step(store, second.step_id, title="Two", caption="New caption")
    stories.delete_step(store, first.step_id)
    found = stories.steps(store, story_id)
    assert [(s.position, s.title, s.caption) for s in found] == [
        (1, "T3", "C3"),
        (2, "Two", "New caption"),
    ]
    assert found[0].params() == {"map_day": "03 Jan"}
    assert stories.get_story(store, story_id).steps == 2
    stories.delete_story(store, story_id)
    assert stories.list_stories(store) == []


@pytest.mark.parametrize(
    ("page", "title", "caption"),
    [("map/x", "T", "C"), ("map", " ", "C"), ("map", "T", "")],
)
def test_a_step_needs_a_page_address_a_title_and_a_caption(store: Store, page, title, caption):
    story_id = stories.create_story(store, "S", author="ed")
    with pytest.raises(StoreError):
        stories.add_step(store, story_id, page=page, query="", title=title, caption=caption)
    assert stories.steps(store, story_id) == []


def test_a_view_query_drops_presentation_and_keeps_repeated_params():
    params = {"city": ["Almaty", "Aktau"], "present": "1", "story": "2", "step": "3", "by": "x y"}
    query = stories.view_query(params)
    assert query == "by=x+y&city=Almaty&city=Aktau"
    assert stories.query_params(query) == {"by": "x y", "city": ["Almaty", "Aktau"]}


def test_the_bundled_story_is_seeded_once_and_not_again_after_a_delete(store: Store):
    seed(store, DATA_DIR)
    [story] = stories.list_stories(store)
    assert story.title == "January 2022 in ten steps" and story.steps == 10
    assert store.seed_problems() == {}
    stories.delete_story(store, story.story_id)
    seed(store, DATA_DIR)
    assert stories.list_stories(store) == []


def test_every_bundled_caption_names_outlets_of_the_events_it_cites():
    """Each step's comment names the event rows it tells; its caption names their outlets."""
    import re

    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    outlets = dict(zip(events["event_id"], events["source_name"], strict=True))
    text = (DATA_DIR / STORIES_FILE).read_text(encoding="utf-8")
    blocks = text.split("[[story.step]]")[1:]
    [story] = stories.read_bundled(DATA_DIR / STORIES_FILE)
    assert len(blocks) == len(story.steps) == 10
    for block, step in zip(blocks, story.steps, strict=True):
        cited = re.findall(r"E2022\d{4}-\d{2}", block.splitlines()[0])
        assert cited, block
        named = [outlets[i].split(" (")[0] for i in cited]
        assert any(name in step["caption"] for name in named), (step["title"], named)


@pytest.mark.parametrize(
    "content",
    ["[[story]]\ntitle = 'x'\n", "not toml at all = = =", "[[story]]\n[[story.step]]\npage='m'\n"],
)
def test_a_broken_story_file_is_a_seed_problem_and_the_data_still_loads(
    store: Store, tmp_path, content
):
    import shutil

    for path in DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    shutil.copytree(DATA_DIR / "boundaries", tmp_path / "boundaries")
    (tmp_path / STORIES_FILE).write_text(content, encoding="utf-8")
    report = seed(store, tmp_path)
    assert "stories" in report.failed and "events" in report.published
    assert "stories" in store.seed_problems()
    assert stories.list_stories(store) == []


def test_a_database_of_the_previous_release_gets_the_story_tables(store: Store):
    assert store.schema_version() == migrations.MIGRATIONS[-1].id
    with store.engine.transaction() as tx:
        tx.execute("DROP TABLE story_steps")
        tx.execute("DROP TABLE stories")
        tx.execute("DELETE FROM atlas_migrations WHERE id = 4")  # a later one stays applied
    assert migrations.migrate(store.engine) == [4]
    assert stories.create_story(store, "S", author=SEED_AUTHOR) == 1


# --- /stories under AppTest ---


def _stories_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("app_pages/stories.py").run()
    assert not at.exception, at.exception
    return at


def _links(at: AppTest) -> list[str]:
    bodies = [h.proto.body for h in at.get("html")]
    return [b for b in bodies if b.startswith(('<a class="atlas-link', '<span class="atlas-link'))]


def test_stories_page_lists_the_bundled_story_with_a_link_that_plays_it(app_env):
    at = _stories_page()
    assert "January 2022 in ten steps" in [s.value for s in at.main.subheader]
    [play] = [link for link in _links(at) if "Play" in link]
    assert "Play (10 steps)" in play
    assert 'href="./map?metric=events&amp;map_day=2022-01-01&amp;present=1' in play
    assert "story=1&amp;step=1" in play


def test_a_step_in_presentation_mode_shows_its_caption_counter_and_neighbours(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(present="1", story="1", step="2")
    at.query_params.update(metric="January 2022 events", map_day="02 Jan")
    at.run()
    at.switch_page("app_pages/map.py").run()
    assert not at.exception, at.exception
    assert any("2 / 10" in m.value for m in at.markdown)
    assert any("Zhanaozen" in m.value and "RFE/RL" in m.value for m in at.markdown)
    back, forward = _links(at)
    assert "step=1" in back and "map_day=2022-01-01" in back
    assert "step=3" in forward and "map_day=2022-01-04" in forward
    at.button(key="present_exit").click().run()
    assert "present" not in at.query_params and "story" not in at.query_params
    assert not any("2 / 10" in m.value for m in at.markdown)


def test_the_last_step_has_no_next(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(present="1", story="1", step="10")
    at.run()
    assert not at.exception, at.exception
    assert any("10 / 10" in m.value for m in at.markdown)
    back, forward = _links(at)
    assert "<a " in back and "<span " in forward and "href" not in forward


def test_an_editor_adds_the_current_view_to_a_story(editor_env):
    from components.editor import SESSION_KEY, _proof, config

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.session_state[SESSION_KEY] = {"name": "Ed", "proof": _proof(config())}
    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception, at.exception
    at.text_input(key="story_new_title").input("The whole month")
    at.text_area(key="story_new_caption").input("Every event of January 2022.")
    at.button(key="story_add").click().run()
    assert not at.exception, at.exception
    at.switch_page("app_pages/stories.py").run()
    assert any(translate("stories.delete_step") == b.label for b in at.button)
    assert any("The whole month" in m.value and "(/timeline)" in m.value for m in at.markdown)
