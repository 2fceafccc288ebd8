"""Stories: ordered saved views, played in presentation mode; editors write and arrange them."""

from __future__ import annotations

import streamlit as st

from atlas import stories
from atlas.store import StoreError
from components import editor, presentation
from components.context import page_context
from components.i18n import plain, t, tm

ctx = page_context()
author = editor.current_editor()

st.title(t("stories.title"))
st.write(t("stories.intro"))

# --- a new story (editors) ---
if author:
    with st.expander(t("stories.new"), icon=":material/add:"):
        with st.form("new_story", clear_on_submit=True):
            title = st.text_input(t("stories.new_title"), max_chars=120)
            description = st.text_input(t("stories.new_description"), max_chars=300)
            if st.form_submit_button(t("stories.create")):
                try:
                    stories.create_story(ctx.store, title, author=author, description=description)
                except StoreError as error:
                    st.error(str(error))
                else:
                    st.rerun()
        st.caption(t("stories.add_help"))


def show_step_editor(step: stories.Step, last: int) -> None:
    """An editor's controls for one step: caption and title, order, delete."""
    key = f"step_{step.step_id}"
    with st.form(f"{key}_form", border=False):
        title = st.text_input(t("story.step_title"), step.title, key=f"{key}_title")
        caption = st.text_area(t("story.caption"), step.caption, key=f"{key}_caption")
        if st.form_submit_button(t("stories.save")):
            stories.edit_step(ctx.store, step.step_id, title=title, caption=caption)
            st.rerun()
    up, down, delete = st.columns(3)
    if up.button(t("stories.up"), key=f"{key}_up", disabled=step.position == 1):
        stories.move_step(ctx.store, step.step_id, -1)
        st.rerun()
    if down.button(t("stories.down"), key=f"{key}_down", disabled=step.position == last):
        stories.move_step(ctx.store, step.step_id, +1)
        st.rerun()
    if delete.button(t("stories.delete_step"), key=f"{key}_delete"):
        stories.delete_step(ctx.store, step.step_id)
        st.rerun()


# --- every story: play it, read its steps ---
found = stories.list_stories(ctx.store)
st.html(presentation.LINK_STYLE)
if not found:
    st.info(t("stories.none"))
for story in found:
    with st.container(border=True):
        st.subheader(plain(story.title))
        if story.description:
            st.caption(plain(story.description))
        steps = stories.steps(ctx.store, story.story_id)
        with st.columns([1, 3])[0]:
            presentation.show_link(
                t("stories.play", count=len(steps)),
                steps and presentation.step_href(story.story_id, 1, steps[0]),
                key=f"play_{story.story_id}",
                icon="▶",
            )
        with st.expander(t("stories.steps", count=len(steps))):
            for step in steps:
                st.markdown(
                    tm(
                        "stories.step_line",
                        position=step.position,
                        title=step.title,
                        caption=step.caption,
                        page="/" + step.page,
                    )
                )
                if author:
                    show_step_editor(step, len(steps))
                    st.divider()
        if author and st.button(t("stories.delete"), key=f"delete_{story.story_id}"):
            stories.delete_story(ctx.store, story.story_id)
            st.rerun()
