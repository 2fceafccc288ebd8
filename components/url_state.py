"""Links hold keys, not labels.

Streamlit's own URL binding (`bind="query-params"`) writes a widget's *displayed* option into the
URL: with a `format_func` that is a translated label ("Алматы", "Митинг"), so a link made in one
language selected nothing in another, and switching the language dropped the filters. Here every
bound widget is drawn unbound, and its value goes to and from the URL as a stable machine value: a
code, a place's canonical name, an ISO date, a number.

    value = url_state.widget(st.selectbox, label, options, key="metric", format_func=...)

Around the widget:
- **before**, when the URL carries `key` with something this session did not write itself (a
  shared link, a link of the previous release, the back button), its values become the widget's
  state. A value is an option's key, or — in old links — its label in any language
  (`labels`: language → option → label, mapped back with `atlas.i18n.key_for_label`). What cannot
  be read is dropped, and named once in a notice (`show_notices`);
- **after**, the widget's value is written back as keys; a value equal to the default leaves the
  URL clean. A page switch (Streamlit drops the query string) keeps the state, and the next run
  writes the shared parameters again.

Also here: the value of an option widget held when its labels change (`hold_labels`: Streamlit
would drop a choice after a language switch), a chart's selection kept in the URL (`selection`),
and the "copy link" control (`show_copy_link`).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from atlas.i18n import key_for_label

_WRITTEN = "_url_written"  # key → the strings this session last put into the URL
_DROPPED = "_url_dropped"  # (key, value) pairs of the last link that could not be read
_LABELS = "_url_labels"  # key → the labels its widget was last drawn with
_REPORTED = "_url_reported"  # key → what its chart reported in the last run (see `selection`)

# The argument that holds each widget's default (its value when the URL says nothing).
_DEFAULT_ARGUMENT = {
    "selectbox": "index",
    "radio": "index",
    "multiselect": "default",
    "segmented_control": "default",
    "pills": "default",
    "toggle": "value",
    "checkbox": "value",
    "select_slider": "value",
    "slider": "value",
    "date_input": "value",
    "text_input": "value",
}
_MULTI = {"multiselect"}
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def encode(value: Any) -> str:
    """An option as it is written into a link."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def decode(
    text: str,
    options: Sequence[Any] | None,
    labels: Mapping[str, Mapping[Any, str]] | None = None,
    kind: type | None = None,
    resolve: Callable[[str], Any] | None = None,
) -> tuple[bool, Any]:
    """(found, option) for one value of a link: an option's key, its label in any language, or
    (`resolve`: text → key or None) another name of it, such as a place's name in Russian."""
    if options is not None:
        by_key = {encode(option): option for option in options}
        if text in by_key:
            return True, by_key[text]
        if labels:
            as_text = {
                language: {encode(option): label for option, label in by_option.items()}
                for language, by_option in labels.items()
            }
            key = key_for_label(text, as_text)
            if key in by_key:
                return True, by_key[key]
        named = resolve(text) if resolve is not None else None
        if named is not None and encode(named) in by_key:
            return True, by_key[encode(named)]
        return False, None
    if kind is bool:
        folded = text.strip().lower()
        return (folded in _TRUE + _FALSE), folded in _TRUE
    if kind is dt.date:
        try:
            return True, dt.date.fromisoformat(text.strip())
        except ValueError:
            return False, None
    return True, text


def widget(
    draw: Callable[..., Any],
    label: str,
    options: Sequence[Any] | None = None,
    /,
    *,
    key: str,
    labels: Mapping[str, Mapping[Any, str]] | None = None,
    resolve: Callable[[str], Any] | None = None,
    param: str | None = None,
    **kwargs: Any,
) -> Any:
    """`draw(label, options, key=key, **kwargs)` (e.g. `st.multiselect`, or a column's
    `selectbox`), its value restored from and kept in the URL as keys: under `key`, or under
    `param` when the URL's name must differ from the widget's key."""
    kind = getattr(draw, "__name__", "")
    multi = kind in _MULTI or kwargs.get("selection_mode") == "multi"
    default = _default(kind, options, kwargs)
    if options is not None and kwargs.get("format_func") is not None:
        kwargs["format_func"] = hold_labels(key, options, kwargs["format_func"])
    restore(key, options, labels, multi=multi, kind=_value_kind(kind), param=param, resolve=resolve)
    args = (label,) if options is None else (label, options)
    value = draw(*args, key=key, **kwargs)
    keep(param or key, value, default)
    return value


def hold_labels(
    key: str, options: Sequence[Any], format_func: Callable[[Any], str]
) -> Callable[[Any], str]:
    """The `format_func` to give an option widget keyed `key` (called just before drawing it):
    its labels fixed as drawn in this run, and its value held across a change of labels (another
    language). `widget` does it; a widget kept out of the URL calls it itself.

    Streamlit 1.67 keeps an option widget's value as the *label* the browser sends back, and
    reads it with the labels of the run it arrives in: after a language switch "During the
    pandemic" is not among "Во время пандемии"… and the choice is silently dropped (or the
    stale label stays on screen). So, when the labels differ from the last run's, the value is
    read before the widget is drawn — still with the last run's labels, which gives the option
    — and set again as the option itself. The labels are computed here once, so that the
    widget's `format_func` does not depend on the session's language when Streamlit calls it
    between runs (AppTest does)."""
    shown = {encode(option): format_func(option) for option in options}
    drawn = st.session_state.setdefault(_LABELS, {})
    fingerprint = tuple(shown.values())
    if drawn.get(key, fingerprint) != fingerprint:
        try:
            value = st.session_state[key]  # the browser's label, read with the last run's labels
        except KeyError:  # not drawn in the last run (another page)
            pass
        else:
            st.session_state[key] = value
    drawn[key] = fingerprint
    return lambda option: shown.get(encode(option), str(option))


def selection(
    key: str,
    chosen: Any,
    options: Sequence[Any] | None = None,
    *,
    resolve: Callable[[str], Any] | None = None,
) -> Any:
    """A chart's selection, kept in the session and in the URL under `key` as a key
    (`map_city=Almaty`); None when nothing is selected. `chosen` is what the chart reports in
    this run (None: nothing).

    A chart forgets its selection when it is drawn anew (Streamlit resets it when the figure
    changes), and a link cannot select inside a chart. So the selection changes only when the
    chart reports something new — the viewer selected another item, or cleared it; otherwise it
    stays what the link or the last click made it, through language switches and redraws."""
    state = st.session_state
    reported = state.setdefault(_REPORTED, {})
    restore(key, options, resolve=resolve)
    if chosen != reported.get(key):
        reported[key] = chosen
        state[key] = chosen
    value = state.get(key)
    keep(key, value, None)
    return value


def drop(key: str) -> None:
    """Take `key` out of the URL: a control that is not drawn in this view (the code of a metric
    that has none) leaves no parameter behind for a link to carry."""
    if key in st.query_params:
        del st.query_params[key]
    st.session_state.setdefault(_WRITTEN, {})[key] = []


def rename(old: str, new: str) -> None:
    """A parameter of the previous release now under another name: its value moves across (and
    is then read like any other value of a link)."""
    params = st.query_params
    if old in params and new not in params:
        params[new] = params.get_all(old)
    if old in params:
        del params[old]


def keep(key: str, value: Any, default: Any) -> None:
    """Write `value` into the URL under `key` as keys (nothing when it is the default)."""
    values = _as_list(value)
    written = st.session_state.setdefault(_WRITTEN, {})
    if values == _as_list(default) or not values:
        if key in st.query_params:
            del st.query_params[key]
        written[key] = []
        return
    strings = [encode(v) for v in values]
    if st.query_params.get_all(key) != strings:
        st.query_params[key] = strings if len(strings) > 1 else strings[0]
    written[key] = strings


def show_notices() -> None:
    """Once, after a link whose values could not all be read: which ones were left out."""
    dropped = st.session_state.pop(_DROPPED, None)
    if dropped:
        from components.i18n import t

        st.toast(
            t("url.dropped", values=", ".join(f"{key}={value}" for key, value in dropped)),
            icon=":material/link_off:",
            duration="infinite",  # until closed: a busy page may paint it after a short one ends
        )


# A plain button and a few lines of script served with the page: no rerun, no outside request.
# The link is read when pressed (the URL holds the page and every key written by then), with the
# language added, so that it opens as the sender sees it.
_COPY_LINK = """
<style>
.atlas-copy-link button {
  width: 100%; padding: 0.35rem 0.75rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.3); background: transparent; color: inherit;
  font: inherit; font-weight: 600;
}
.atlas-copy-link button:hover { border-color: #1f5f8b; color: #1f5f8b; }
.atlas-copy-link [role=status] { display: block; min-height: 1.2em; font-size: 0.85rem; }
.atlas-copy-link input { width: 100%; font-size: 0.8rem; }
</style>
<div class="atlas-copy-link">
  <button type="button" data-language="{language}" data-copied="{copied}" data-failed="{failed}"
    title="{help}">{label}</button>
  <span role="status" aria-live="polite"></span>
</div>
<script>
if (!window.__atlasCopyLink) {
  window.__atlasCopyLink = true;
  document.addEventListener("click", async (event) => {
    const button = event.target.closest && event.target.closest(".atlas-copy-link button");
    if (!button) return;
    const url = new URL(window.location.href);
    url.searchParams.set("language", button.dataset.language);
    const link = url.toString();
    let copied = false;
    try {
      await navigator.clipboard.writeText(link);
      copied = true;
    } catch (error) {  // not a secure context (plain http on a LAN): the old way
      const area = document.createElement("textarea");
      area.value = link;
      document.body.appendChild(area);
      area.select();
      try { copied = document.execCommand("copy"); } catch (ignored) {}
      area.remove();
    }
    const box = button.parentElement;
    box.dataset.link = link;
    box.querySelector("[role=status]").textContent =
      copied ? button.dataset.copied : button.dataset.failed;
    box.querySelector("input")?.remove();
    if (!copied) {  // the link to select and copy by hand
      const field = document.createElement("input");
      field.readOnly = true;
      field.value = link;
      box.appendChild(field);
      field.select();
    }
  });
}
</script>
"""


def show_copy_link(language: str) -> None:
    """A "copy link" control: puts the view's address (page, filters, selection, tab and
    `language`) into the clipboard, and says so."""
    from components.i18n import t

    texts = {
        "label": t("link.copy"),
        "copied": t("link.copied"),
        "failed": t("link.copy_failed"),
        "help": t("link.copy_help"),
        "language": language,
    }
    snippet = _COPY_LINK
    for name, text in texts.items():
        snippet = snippet.replace("{" + name + "}", html.escape(text, quote=True))
    st.html(snippet, unsafe_allow_javascript=True)


def restore(
    key: str,
    options: Sequence[Any] | None,
    labels: Mapping[str, Mapping[Any, str]] | None = None,
    *,
    multi: bool = False,
    kind: type | None = None,
    param: str | None = None,
    resolve: Callable[[str], Any] | None = None,
) -> None:
    """Put the URL's value of `param` (by default `key`) into the session's state under `key`,
    when the URL carries one that this session did not write itself. Called by `widget`; early
    on its own for a value that must be known before anything is drawn (the language)."""
    name = param or key
    in_url = st.query_params.get_all(name)
    written = st.session_state.setdefault(_WRITTEN, {})
    if not in_url or in_url == written.get(name):
        return  # nothing said, or what this session wrote itself (or a page switch: keep state)
    found, dropped = [], []
    for text in in_url:
        ok, option = decode(text, options, labels, kind, resolve)
        (found.append(option) if ok else dropped.append((name, text)))
    if dropped:
        st.session_state.setdefault(_DROPPED, []).extend(dropped)
    if multi:
        st.session_state[key] = list(dict.fromkeys(found))
    elif kind is dt.date and len(found) == 2:
        st.session_state[key] = (found[0], found[1])  # a date range
    elif found:
        st.session_state[key] = found[0]
    written[name] = in_url


def _default(kind: str, options: Sequence[Any] | None, kwargs: Mapping[str, Any]) -> Any:
    argument = _DEFAULT_ARGUMENT.get(kind)
    if argument == "index":
        index = kwargs.get("index", 0)
        return options[index] if options is not None and index is not None and options else None
    value = kwargs.get(argument) if argument else None
    if kind in ("toggle", "checkbox"):
        return bool(value)
    if kind == "multiselect" or (kind in ("pills", "segmented_control") and value is None):
        return value or []
    return value


def _value_kind(kind: str) -> type | None:
    if kind in ("toggle", "checkbox"):
        return bool
    if kind == "date_input":
        return dt.date
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def tabs(messages: Mapping[str, str], *, key: str, language: str) -> dict[str, Any]:
    """`st.tabs` whose chosen tab is in the URL as its key (`?tab=periods`) and stays chosen when
    the language changes (Streamlit keeps a tab's *label* as its state). `messages`: tab key →
    catalogue id of its label. Old links holding a label in any language still open."""
    from atlas.i18n import message_labels, translate

    every = message_labels(messages)  # language → tab key → label
    shown = {tab: translate(message, language) for tab, message in messages.items()}
    first = next(iter(shown))
    restore(key, list(shown), every)
    state = st.session_state
    current = state.get(key)
    chosen = (
        current if current in shown else key_for_label(str(current), every) if current else None
    )
    if chosen in shown:
        state[key] = shown[chosen]  # the tab's label in today's language
    containers = st.tabs(list(shown.values()), key=key, on_change="rerun")
    active = key_for_label(str(state.get(key)), {language: shown}) or first
    keep(key, active, first)
    return dict(zip(shown, containers, strict=True))
