"""Presentation mode (`?present=1`) and story playback, drawn by the router on every page.

Presentation mode hides the sidebar, the toolbar and the header, enlarges the type and lets the
main visual fill the screen. It stays on across reruns and page switches (the session remembers
it and puts `present=1` back into the URL) until the viewer leaves it. A playing story adds
`story` and `step` to the URL and a bar with Previous / "3 / 10" / Next; ← and → press them.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st

from atlas import stories
from atlas.store import Store, StoreError
from components import editor
from components.i18n import plain, t

PRESENT = "present"
_REMEMBERED = "_presentation"  # session key: {"present": "1", "story": "2", "step": "3"}

# No outside request: plain CSS and a few lines of script, served inside the page.
_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"] { display: none !important; }
html { font-size: 18px; }
[data-testid="stMainBlockContainer"] {
  padding: 1rem 2.5rem 7rem 2.5rem !important; max-width: 100% !important;
}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.1rem; }
h1 { font-size: 2rem !important; padding: 0 0 0.4rem 0 !important; }
/* The page's introduction under its title: the presenter (or the story's caption) says it. */
[data-testid="stElementContainer"]:has(h1)
  + [data-testid="stElementContainer"]:has([data-testid="stMarkdown"]) { display: none; }
/* The page's main visual fills the screen between its title and the story bar. */
.st-key-main_visual {
  height: calc(100vh - 17rem) !important; min-height: 300px; flex: 0 0 auto !important;
  overflow-y: auto;
}
.st-key-main_visual > [data-testid="stLayoutWrapper"]:has(> [data-testid="stHorizontalBlock"]),
.st-key-main_visual > [data-testid="stHorizontalBlock"] { flex: 1 1 auto !important; min-height: 0; }
.st-key-main_visual [data-testid="stHorizontalBlock"] { height: 100%; }
.st-key-present_bar {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990;
  padding: 0.5rem 2.5rem; background: var(--background-color, #fff);
  background-color: rgba(255, 255, 255, 0.97); border-top: 1px solid rgba(49, 51, 63, 0.2);
}
.st-key-present_bar p { font-size: 1.15rem; margin-bottom: 0; }
.st-key-present_exit { position: fixed; top: 0.4rem; right: 0.8rem; z-index: 999991; }
.st-key-present_exit button { padding: 0.1rem 0.6rem; min-height: 0; font-size: 0.8rem; opacity: 0.7; }
</style>
"""

LINK_STYLE = """
<style>
.atlas-link-button {
  display: block; text-align: center; padding: 0.35rem 0.75rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.3); color: inherit !important; text-decoration: none;
  font-weight: 600; white-space: nowrap;
}
a.atlas-link-button:hover { border-color: #1f4e79; color: #1f4e79 !important; }
span.atlas-link-button { opacity: 0.4; }
</style>
"""

_KEYS = """
<script>
if (!window.__atlasPresentKeys) {
  window.__atlasPresentKeys = true;
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))
      return;
    const key = {ArrowRight: "story_next", ArrowLeft: "story_previous"}[event.key];
    const link = key && document.querySelector(`.st-key-${key} a`);
    if (link) { event.preventDefault(); link.click(); }
  });
}
</script>
"""


def is_on() -> bool:
    """Whether this run is in presentation mode (after `remember`, which the router calls)."""
    return (st.session_state.get(_REMEMBERED) or {}).get(PRESENT) == "1"


def main_visual():
    """Where a page draws its main visual: in presentation mode a container that fills the
    screen (its charts use `visual_height`), else an ordinary one."""
    return st.container(key="main_visual") if is_on() else st.container()


def visual_height(normal: int | str) -> int | str:
    """A main visual's height: its own, or the screen's in presentation mode."""
    return "stretch" if is_on() else normal


def fit(fig):
    """A plotly figure drawn to the main visual's height in presentation mode."""
    if is_on():
        fig.update_layout(height=None, autosize=True)
    return fig


def controls(label: str):
    """Where a page draws its controls: folded away in presentation mode (the view is already
    chosen, by the link or the story), else an ordinary container."""
    return st.expander(label, icon=":material/tune:") if is_on() else st.container()


def remember() -> dict[str, str]:
    """Keep presentation and playback on across reruns and page switches; return its params.

    Call before `st.navigation`: a page switch drops the query string, and the params come back
    from the session."""
    params = st.query_params
    if params.get(PRESENT) == "1":
        state = {name: params[name] for name in ("present", "story", "step") if name in params}
        st.session_state[_REMEMBERED] = state
        return state
    state = st.session_state.get(_REMEMBERED) or {}
    for name, value in state.items():
        st.query_params[name] = value
    return state


def leave() -> None:
    st.session_state.pop(_REMEMBERED, None)
    for name in ("present", "story", "step"):
        if name in st.query_params:
            del st.query_params[name]


def show(store: Store, state: dict[str, str]) -> None:
    """In presentation mode: its style, the exit control and, while a story plays, its bar."""
    if state.get(PRESENT) != "1":
        return
    st.html(_STYLE)
    if st.button(t("present.exit"), key="present_exit", icon=":material/close_fullscreen:"):
        leave()
        st.rerun()
    if "story" in state:
        _story_bar(store, state)


def _story_bar(store: Store, state: dict[str, str]) -> None:
    try:
        story_id, position = int(state["story"]), int(state.get("step", "1"))
    except ValueError:
        return
    story = stories.get_story(store, story_id)
    steps = stories.steps(store, story_id) if story else []
    if not steps:
        return
    position = min(max(position, 1), len(steps))
    step = steps[position - 1]
    with st.container(key="present_bar"):
        text, back, counter, forward = st.columns([8, 1.3, 0.9, 1.3], vertical_alignment="center")
        text.markdown(f"**{plain(step.title)}** — {plain(step.caption)}")
        with back:
            earlier = steps[position - 2] if position > 1 else None
            show_link(
                t("story.previous"),
                earlier and step_href(story_id, position - 1, earlier),
                key="story_previous",
                icon="←",
            )
        counter.markdown(f"**{position} / {len(steps)}**")
        with forward:
            later = steps[position] if position < len(steps) else None
            show_link(
                t("story.next"),
                later and step_href(story_id, position + 1, later),
                key="story_next",
                icon="→",
            )
    st.html(LINK_STYLE + _KEYS, unsafe_allow_javascript=True)


def step_href(story_id: int, position: int, step: stories.Step) -> str:
    """The address of a story's step, relative to the app's root, in presentation mode.

    Steps are opened as links (a page load), not with `st.switch_page`: Streamlit 1.67 refuses to
    set a query parameter bound to a widget of the page on screen, and a view is mostly those."""
    params = {**step.params(), PRESENT: "1", "story": str(story_id), "step": str(position)}
    return f"./{step.page}?{urlencode(params, doseq=True)}"


def show_link(label: str, href: str | None, *, key: str, icon: str = "") -> None:
    """A link drawn as a button (greyed out without an address); `key` names its container."""
    text = html.escape(f"{icon} {label}".strip())
    with st.container(key=key):
        if href is None:
            st.html(f'<span class="atlas-link-button" aria-disabled="true">{text}</span>')
        else:
            st.html(f'<a class="atlas-link-button" href="{html.escape(href)}">{text}</a>')


def show_add_view(store: Store, page_path: str) -> None:
    """For editors, in the sidebar: add the view on screen as the last step of a story."""
    name = editor.current_editor()
    if not name:
        return
    found = stories.list_stories(store)
    if not found:
        return
    with st.sidebar.expander(t("story.add_view"), icon=":material/playlist_add:"):
        titles = {s.story_id: s.title for s in found}
        story_id = st.selectbox(t("story.story"), list(titles), format_func=titles.get)
        title = st.text_input(t("story.step_title"), max_chars=80, key="story_new_title")
        caption = st.text_area(t("story.caption"), max_chars=600, key="story_new_caption")
        if st.button(t("story.add_button"), key="story_add"):
            params = st.query_params
            query = stories.view_query({k: params.get_all(k) for k in params})
            try:
                stories.add_step(
                    store, story_id, page=page_path, query=query, title=title, caption=caption
                )
            except StoreError as error:
                st.error(str(error))
            else:
                st.success(t("story.added", title=titles[story_id]))
