"""The upload wizard: choose and drop a file → read → map columns → check → compare → publish."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from atlas import resources, uploads
from atlas.contract import DATASETS, render
from atlas.export import to_csv_bytes
from atlas.ingest import DELIMITERS, ENCODINGS, MAX_UPLOAD_MB, ReadError, read_table
from atlas.mapping import IGNORE, guess_mapping, shape_signature
from components import data_access
from components.i18n import language, plain, t, tm

AUTO = "auto"


def show_upload_wizard(editor: str) -> None:
    store = data_access.get_store()
    settings = data_access.settings()
    gazetteer, vocabulary = (
        resources.gazetteer(settings.data_dir),
        resources.vocabulary(settings.data_dir),
    )

    st.markdown(f"#### 1. {t('wizard.step.file')}")
    c1, c2 = st.columns([1, 2])
    dataset = c1.selectbox(
        t("wizard.dataset"),
        list(DATASETS),
        format_func=lambda d: t(f"dataset.{d}"),
        key="up_dataset",
    )
    upload = c2.file_uploader(t("wizard.file"), type=["csv", "tsv", "txt", "xlsx"], key="up_file")
    if upload is None:
        st.caption(t("wizard.file_hint"))
        st.caption(t("wizard.size_limit", limit=MAX_UPLOAD_MB))
        return
    data = upload.getvalue()

    st.markdown(f"#### 2. {t('wizard.step.read')}")
    r1, r2 = st.columns(2)
    encoding = r1.selectbox(
        t("wizard.encoding"),
        [AUTO, *ENCODINGS],
        format_func=lambda e: t("wizard.auto") if e == AUTO else ENCODINGS[e],
        key="up_encoding",
    )
    delimiter = r2.selectbox(
        t("wizard.delimiter"),
        [AUTO, *DELIMITERS],
        format_func=lambda d: (
            t("wizard.auto") if d == AUTO else t(f"delimiter.{DELIMITERS[d].replace(' ', '_')}")
        ),
        key="up_delimiter",
    )
    try:
        table = _once(
            "up_read",
            (upload.file_id, encoding, delimiter),
            lambda: read_table(
                data,
                upload.name,
                encoding=None if encoding == AUTO else encoding,
                delimiter=None if delimiter == AUTO else delimiter,
            ),
        )
    except ReadError as error:
        st.error(tm("wizard.unreadable", reason=error.render(language())))
        return
    detected = ENCODINGS.get(table.encoding, table.encoding) if table.encoding != "xlsx" else "XLSX"
    shown_delimiter = (
        t(f"delimiter.{DELIMITERS[table.delimiter].replace(' ', '_')}") if table.delimiter else "—"
    )
    st.caption(
        t(
            "wizard.detected",
            encoding=detected,
            delimiter=shown_delimiter,
            rows=len(table.frame),
            columns=len(table.frame.columns),
        )
    )
    if not table.delimiter_confident and delimiter == AUTO:
        st.warning(t("wizard.delimiter_unsure"), icon=":material/help:")
    for found in table.problems:
        if found.kind == "encoding-warning":
            st.warning(plain(found.message), icon=":material/translate:")

    st.markdown(f"#### 3. {t('wizard.step.map')}")
    headers = list(table.frame.columns)
    remembered = store.remembered_mapping(shape_signature(headers, dataset))
    guessed = json.loads(remembered) if remembered else guess_mapping(headers, dataset)
    if remembered:
        st.caption(t("wizard.remembered"))
    fields = [IGNORE, *DATASETS[dataset].column_names]
    editor_frame = pd.DataFrame(
        {
            "column": headers,
            "example": [
                str(table.frame[h].iloc[0])[:60] if len(table.frame) else "" for h in headers
            ],
            "field": [guessed.get(h, IGNORE) or IGNORE for h in headers],
        }
    )
    edited = st.data_editor(
        editor_frame,
        key=f"up_map_{dataset}_{shape_signature(headers, dataset)}",
        hide_index=True,
        width="stretch",
        disabled=["column", "example"],
        column_config={
            "column": st.column_config.TextColumn(t("wizard.map.column")),
            "example": st.column_config.TextColumn(t("wizard.map.example")),
            "field": st.column_config.SelectboxColumn(
                t("wizard.map.field"), options=fields, required=False
            ),
        },
    )
    mapping = {
        c: (f or IGNORE)
        for c, f in zip(edited["column"], edited["field"].fillna(IGNORE), strict=True)
    }
    chosen = [f for f in mapping.values() if f]
    if len(chosen) != len(set(chosen)):
        st.error(t("wizard.map.twice"))
        return

    st.markdown(f"#### 4. {t('wizard.step.check')}")
    mode = st.radio(
        t("wizard.mode"),
        ["replace", "append"],
        format_func=lambda m: t(f"wizard.mode.{m}"),
        horizontal=True,
        key="up_mode",
    )
    progress = _progress_bar()
    try:
        # Checked again only when the file, a choice or the active version changes — not while
        # the editor types the note. The active version is part of the key, so a publish elsewhere
        # is never compared against stale rows.
        active = store.active_versions().get(dataset)
        checked, diff = _once(
            "up_check",
            (
                upload.file_id,
                dataset,
                encoding,
                delimiter,
                json.dumps(mapping, ensure_ascii=False),
                mode,
                active.version if active else None,
            ),
            lambda: _check_and_compare(
                store,
                data,
                upload.name,
                dataset,
                gazetteer,
                vocabulary,
                encoding,
                delimiter,
                mapping,
                mode,
                progress,
            ),
        )
    except ReadError as error:
        progress.bar.empty()
        st.error(tm("wizard.unreadable", reason=error.render(language())))
        return
    except uploads.UploadRejected as error:
        progress.bar.empty()
        st.error(tm("wizard.unreadable", reason=str(error)))
        return
    progress.bar.empty()
    errors, warnings = checked.error_count, checked.warning_count
    m1, m2, m3 = st.columns(3)
    m1.metric(t("wizard.rows"), len(checked.table.frame))
    m2.metric(t("wizard.errors"), errors)
    m3.metric(t("wizard.warnings"), warnings)
    for found in checked.errors:
        if found.line is None and found.kind != "encoding-warning":  # the file as a whole
            st.error(plain(render(found, language())), icon=":material/error:")
    if checked.problems:
        problems = checked.problem_table(language())
        st.dataframe(
            problems,
            hide_index=True,
            width="stretch",
            column_config={
                "line": st.column_config.NumberColumn(t("wizard.problem.line"), format="%d"),
                "column": t("wizard.problem.column"),
                "value": t("wizard.problem.value"),
                "severity": t("wizard.problem.severity"),
                "problem": t("wizard.problem.kind"),
                "message": st.column_config.TextColumn(t("wizard.problem.message"), width="large"),
            },
        )
        st.download_button(
            t("wizard.problems_download"),
            data=to_csv_bytes(problems),
            file_name="problems.csv",
            mime="text/csv",
            icon=":material/download:",
        )
    else:
        st.success(t("wizard.no_problems"))

    if any(found.line is None for found in checked.errors):
        return  # nothing to compare or publish until the file's columns are right

    st.markdown(f"#### 5. {t('wizard.step.compare')}")
    d1, d2, d3, d4 = st.columns(4)
    d1.metric(t("wizard.diff.added"), diff.added)
    d2.metric(t("wizard.diff.removed"), diff.removed)
    d3.metric(t("wizard.diff.changed"), diff.changed)
    d4.metric(t("wizard.diff.unchanged"), diff.unchanged)
    if diff.new_places:
        st.caption(tm("wizard.diff.new_places", places=", ".join(diff.new_places[:20])))
    if diff.new_codes:
        st.caption(tm("wizard.diff.new_codes", codes=", ".join(diff.new_codes[:20])))
    st.dataframe(checked.prepared.frame.head(20), hide_index=True, width="stretch")

    related, allow_orphans = [], False
    if checked.orphans:
        related, allow_orphans, stop = _orphans_step(store, checked, gazetteer, vocabulary)
        if stop:
            return

    st.markdown(f"#### 6. {t('wizard.step.publish')}")
    note = st.text_input(t("wizard.note"), key="up_note", max_chars=300)
    insist = False
    if checked.duplicate_of:
        st.warning(t("wizard.duplicate", versions=", ".join(str(v) for v in checked.duplicate_of)))
        insist = st.checkbox(t("wizard.insist"), key="up_insist")
    blocked = bool(errors) or (bool(checked.duplicate_of) and not insist)
    blocked |= any(extra.errors for extra in related)
    if errors:
        st.error(t("wizard.blocked", count=errors))
    if st.button(t("wizard.publish"), type="primary", disabled=blocked, icon=":material/publish:"):
        bar = st.progress(30, text=t("wizard.progress.publishing"))
        try:
            versions = uploads.publish_set(
                store,
                [checked, *related],
                author=editor,
                note=note,
                mode=mode,
                insist=insist,
                allow_orphans=allow_orphans,
            )
        except uploads.UploadRejected as error:
            bar.empty()
            st.error(str(error))
            return
        bar.progress(100, text=t("wizard.progress.done"))
        st.session_state["up_published"] = " ".join(
            t(
                "wizard.published",
                dataset=t(f"dataset.{info.dataset}"),
                version=info.version,
                rows=info.row_count,
            )
            for info in versions
        )
        st.session_state.pop("up_file", None)
        st.session_state.pop("up_related_file", None)
        st.rerun()


def _orphans_step(store, checked, gazetteer, vocabulary):
    """A respondents replace that would orphan active excerpts: cancel, add the matching
    interview codes (checked against the new respondents, published together), or publish
    anyway with the orphans listed. Returns (related checks, allow orphans, stop here)."""
    st.warning(plain(checked.orphans.message(language())), icon=":material/link_off:")
    choice = st.radio(
        t("wizard.orphans.choice"),
        ["codes", "anyway", "cancel"],
        format_func=lambda c: t(f"wizard.orphans.{c}"),
        key="up_orphans",
    )
    if choice == "cancel":
        st.info(t("wizard.orphans.cancelled"))
        return [], False, True
    if choice == "anyway":
        return [], True, False
    codes = st.file_uploader(
        t("wizard.orphans.codes_file"), type=["csv", "tsv", "txt", "xlsx"], key="up_related_file"
    )
    if codes is None:
        return [], False, True
    known = set(checked.prepared.frame["respondent_id"].dropna())
    try:
        related = _once(
            "up_related",
            (codes.file_id, checked.sha256),
            lambda: uploads.check(
                codes.getvalue(),
                codes.name,
                "interview_codes",
                store=store,
                gazetteer=gazetteer,
                vocabulary=vocabulary,
                known_respondents=known,
            ),
        )
    except ReadError as error:
        st.error(tm("wizard.unreadable", reason=error.render(language())))
        return [], False, True
    st.caption(
        t(
            "wizard.orphans.codes_checked",
            summary=", ".join(
                (
                    t("count.rows", count=len(related.prepared.frame)),
                    t("count.errors", count=related.error_count),
                    t("count.warnings", count=related.warning_count),
                )
            ),
        )
    )
    if related.problems:
        st.dataframe(related.problem_table(language()), hide_index=True, width="stretch")
    return [related], False, False


class _Progress:
    """The check's stages with their row counts, on one progress bar."""

    def __init__(self):
        self.bar = st.progress(0, text=t("wizard.progress.checking"))

    def __call__(self, stage: str, done: int, total: int) -> None:
        share = min(max(done / total, 0.0), 1.0) if total else 1.0
        label = t(f"wizard.progress.{stage}", done=f"{done:,}", total=f"{total:,}")
        self.bar.progress(share, text=label)


def _progress_bar() -> _Progress:
    return _Progress()


def _check_and_compare(
    store, data, name, dataset, gazetteer, vocabulary, encoding, delimiter, mapping, mode, progress
):
    checked = uploads.check(
        data,
        name,
        dataset,
        store=store,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        encoding=None if encoding == AUTO else encoding,
        delimiter=None if delimiter == AUTO else delimiter,
        mapping=mapping,
        mode=mode,
        progress=progress,
    )
    progress("compare", 0, 1)
    return checked, uploads.compare(store, checked, mode=mode)


def _once(name: str, key: tuple, compute):
    """The result of `compute` for `key`, kept in this session (one entry per step), so that a
    rerun that changes nothing about the file does not read and check it again."""
    memo = st.session_state.get(name)
    if memo is None or memo[0] != key:
        memo = (key, compute())
        st.session_state[name] = memo
    return memo[1]
