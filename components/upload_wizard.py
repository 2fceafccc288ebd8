"""The upload wizard: choose and drop a file → read → map columns → check → compare → publish.

A file recognised as a QDA tool's export (Taguette, QualCoder, MAXQDA, REFI-QDA .qdpx; #15) takes
its own path: the format found, the documents and codes matched to respondents and the vocabulary
(two editable tables), then the same check, compare and publish steps."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import streamlit as st

from atlas import qda, resources, uploads
from atlas.contract import DATASETS, normalise_code, render
from atlas.export import to_csv_bytes
from atlas.ingest import DELIMITERS, ENCODINGS, MAX_UPLOAD_MB, ReadError, read_table
from atlas.mapping import IGNORE, guess_mapping, shape_signature
from components import data_access
from components.i18n import language, plain, t, tm

AUTO = "auto"
UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "qdpx", "qde", "qdc"]
AS_TABLE = "table"  # the format choice that sends a QDA-looking file down the table path
# A file named like a REFI-QDA file that its content does not confirm is read as that format, so
# that the refusal names what is wrong (not a zip, no project.qde, …).
_FORMAT_OF_SUFFIX = {".qdpx": "refi_qdpx", ".qde": "refi_qde", ".qdc": "refi_qdc"}
_UNDECIDED_COLOUR = "background-color: rgba(255, 170, 60, 0.28)"


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
    # A new key after each publish: the widget comes back empty (popping its state would leave
    # the published file's name showing in the browser).
    upload = c2.file_uploader(
        t("wizard.file_qda"),
        type=UPLOAD_TYPES,
        key=f"up_file_{st.session_state.get('up_round', 0)}",
    )
    if upload is None:
        st.caption(t("wizard.file_hint"))
        st.caption(t("wizard.size_limit", limit=MAX_UPLOAD_MB))
        return
    data = upload.getvalue()
    if _show_qda_import(
        store, upload, data, editor=editor, gazetteer=gazetteer, vocabulary=vocabulary
    ):
        return

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
    _show_diff(checked, diff)

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
        _next_round()
        st.session_state.pop("up_related_file", None)
        st.rerun()


# --- QDA tool exports (#15) ------------------------------------------------------------------


def _show_qda_import(store, upload, data, *, editor, gazetteer, vocabulary) -> bool:
    """The QDA path of the wizard, when the file is (or is named as) a QDA export. Returns False
    when the file is no QDA export, or the editor chose to read it as a plain table."""
    detection = _once("up_qda_detect", (upload.file_id,), lambda: qda.detect(data, upload.name))
    suffix = next((s for s in _FORMAT_OF_SUFFIX if upload.name.lower().endswith(s)), None)
    if detection is None and suffix is None:
        return False
    lang = language()
    guessed = detection.format_id if detection else _FORMAT_OF_SUFFIX[suffix]
    choices = [*sorted(qda.formats()), AS_TABLE]
    format_id = st.selectbox(
        t("wizard.qda.format"),
        choices,
        index=choices.index(guessed),
        format_func=lambda f: t("wizard.qda.as_table") if f == AS_TABLE else _format_name(f),
        help=t("wizard.qda.format_help"),
        key=f"up_qda_format_{upload.file_id}",
    )
    if format_id == AS_TABLE:
        return False
    if detection is not None:
        # The evidence quotes the file (column names, a code path): shown as text, never Markdown.
        described = detection if format_id == detection.format_id else qda.Detection(format_id, 1.0)
        st.info(plain(described.describe(lang)), icon=":material/frame_inspect:")
    st.caption(t("wizard.qda.datasets"))

    st.markdown(f"#### 2. {t('wizard.step.read')}")
    try:
        project = _once(
            "up_qda_read",
            (upload.file_id, format_id),
            lambda: qda.read(data, upload.name, format_id),
        )
    except (qda.QdaError, ReadError) as error:
        st.error(tm("wizard.unreadable", reason=error.render(lang)))
        return True
    st.caption(plain(_sentence(project.summary(lang))))
    for problem in project.problems:
        _show_note(problem, lang)

    st.markdown(f"#### 3. {t('wizard.qda.step.match')}")
    extended = qda.saved.extended_vocabulary(store, vocabulary)
    people = qda.active_respondents(store)
    proposed = _once(
        "up_qda_mapping",
        (upload.file_id, format_id, tuple(people["respondent_id"].astype(str))),
        lambda: qda.prepare_mapping(project, store, vocabulary=vocabulary, gazetteer=gazetteer),
    )
    for note in proposed.notes:
        _show_note(note, lang)
    st.caption(t("wizard.qda.saved_next_time"))
    mapping = _edit_mapping(
        proposed,
        key=f"{upload.file_id}_{format_id}",
        vocabulary=extended,
        respondent_ids=sorted(set(people["respondent_id"].dropna().astype(str))),
    )
    undecided = _undecided(mapping)
    if undecided:
        st.warning(
            tm(
                "wizard.qda.undecided",
                count=len(undecided),
                names=", ".join(f"'{name}'" for name in undecided[:8])
                + (" …" if len(undecided) > 8 else ""),
            ),
            icon=":material/rule:",
        )

    st.markdown(f"#### 4. {t('wizard.step.check')}")
    mode = st.radio(
        t("wizard.mode"),
        ["replace", "append"],
        format_func=lambda m: t(f"wizard.mode.{m}"),
        horizontal=True,
        key="up_mode",
    )
    progress = _progress_bar()
    active = store.active_versions()
    try:
        # Checked again only when the file, a choice or an active version changes.
        result, diffs = _once(
            "up_qda_check",
            (
                upload.file_id,
                format_id,
                mapping.decisions(),
                mode,
                tuple((name, info.version) for name, info in sorted(active.items())),
            ),
            lambda: _check_qda(store, project, mapping, gazetteer, vocabulary, mode, progress),
        )
    except qda.QdaError as error:
        progress.bar.empty()
        if error.message_id == "qda.codebook_only":
            st.info(t("wizard.qda.codebook_only"), icon=":material/menu_book:")
        else:
            st.error(tm("wizard.unreadable", reason=error.render(lang)))
        return True
    except (ReadError, uploads.UploadRejected) as error:
        progress.bar.empty()
        reason = error.render(lang) if isinstance(error, ReadError) else str(error)
        st.error(tm("wizard.unreadable", reason=reason))
        return True
    progress.bar.empty()
    counts = result.counts()
    m1, m2, m3 = st.columns(3)
    m1.metric(t("wizard.rows"), sum(counts.values()))
    m2.metric(t("wizard.errors"), result.error_count)
    m3.metric(t("wizard.warnings"), result.warning_count)
    st.caption(
        " · ".join(
            t(
                "wizard.qda.dataset_rows",
                dataset=t(f"dataset.{name}"),
                rows=t("count.rows", count=rows),
            )
            for name, rows in counts.items()
        )
    )
    for checked in result.checks:
        for found in checked.errors:
            if found.line is None:  # the rows as a whole
                st.error(plain(render(found, lang)), icon=":material/error:")
    _show_qda_problems(result, lang)
    if not result.new_codes.empty:
        st.caption(
            tm(
                "wizard.qda.new_codes",
                codes=", ".join(
                    f"{row.code} ({row.theme}: {row.label_en} / {row.label_ru} / {row.label_kk})"
                    for row in result.new_codes.itertuples()
                ),
            )
        )

    st.markdown(f"#### 5. {t('wizard.step.compare')}")
    for checked, diff in zip(result.checks, diffs, strict=True):
        st.markdown(f"**{t(f'dataset.{checked.dataset}')}**")
        _show_diff(checked, diff)

    st.markdown(f"#### 6. {t('wizard.step.publish')}")
    note = st.text_input(t("wizard.note"), key="up_note", max_chars=300)
    duplicate = sorted({v for checked in result.checks for v in checked.duplicate_of})
    insist = False
    if duplicate:
        st.warning(t("wizard.duplicate", versions=", ".join(str(v) for v in duplicate)))
        insist = st.checkbox(t("wizard.insist"), key="up_insist")
    errors = result.error_count
    blocked = bool(errors) or bool(undecided) or not result.checks
    blocked |= bool(duplicate) and not insist
    if errors:
        st.error(t("wizard.blocked", count=errors))
    if st.button(
        t("wizard.publish"),
        type="primary",
        disabled=blocked,
        icon=":material/publish:",
        key="up_qda_publish",
    ):
        bar = st.progress(30, text=t("wizard.progress.publishing"))
        try:
            versions = qda.publish(store, result, author=editor, note=note, insist=insist)
        except (uploads.UploadRejected, qda.QdaError) as error:
            bar.empty()
            reason = error.render(lang) if isinstance(error, qda.QdaError) else str(error)
            st.error(plain(_sentence(reason)))
            return True
        bar.progress(100, text=t("wizard.progress.done"))
        published = [
            t(
                "wizard.published",
                dataset=t(f"dataset.{info.dataset}"),
                version=info.version,
                rows=info.row_count,
            )
            for info in versions
        ]
        st.session_state["up_published"] = " ".join([*published, t("wizard.qda.published_mapping")])
        _next_round()
        st.rerun()
    return True


def _format_name(format_id: str) -> str:
    return _sentence(qda.messages.render(f"qda.format.{format_id}", language()))


def _sentence(text: str) -> str:
    """A message written to stand inside a sentence, shown on its own: capitalised."""
    return text[:1].upper() + text[1:]


def _show_note(problem: qda.QdaProblem, lang: str) -> None:
    """A reading problem or a note on the mapping, as text (it quotes the file)."""
    shown = plain(_sentence(problem.render(lang)))
    if problem.severity == "error":
        st.error(shown, icon=":material/error:")
    elif problem.severity == "warning":
        st.warning(shown, icon=":material/warning:")
    else:
        st.info(shown, icon=":material/info:")


def _highlighted(frame: pd.DataFrame):
    """The frame with its undecided rows coloured (Streamlit colours only the read-only cells)."""
    undecided = frame["action"].eq("unmatched").to_numpy()
    return frame.style.apply(
        lambda row: [_UNDECIDED_COLOUR if undecided[row.name] else "" for _ in row], axis=1
    )


def _blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Cleared cells come back as None or NaN; the mapping reads them as blank."""
    return frame.astype(object).where(frame.notna(), "")


def _edit_mapping(proposed, *, key: str, vocabulary, respondent_ids: list[str]):
    """The two tables of the mapping — documents/cases → respondents, codes → the vocabulary —
    for the editor to change, and the options for every excerpt. Returns the edited mapping.
    The tables always start from the proposal (kept per file), so an edit is never lost."""
    lang = language()
    st.markdown(f"**{t('wizard.qda.units')}**")
    st.caption(t("wizard.qda.units_help"))
    if proposed.cases_as_respondents and proposed.respondent_columns:
        columns = ", ".join(f"{v} → {f}" for v, f in proposed.respondent_columns.items() if f)
        st.caption(tm("wizard.qda.cases_as_respondents", columns=columns))
    units = proposed.units_frame(lang)
    units.insert(0, "shown_kind", [t(f"wizard.qda.kind.{k}") for k in units["kind"]])
    # Cases that become respondents bring new ids; documents go to respondents already published.
    known = sorted(set(respondent_ids) | {r for r in units["respondent_id"] if r})
    respondent = (
        st.column_config.TextColumn(t("wizard.qda.col.respondent"))
        if proposed.cases_as_respondents
        else st.column_config.SelectboxColumn(t("wizard.qda.col.respondent"), options=known)
    )
    edited_units = st.data_editor(
        _highlighted(units),
        key=f"up_qda_units_{key}",
        height=_table_height(len(units)),
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        column_order=[
            "shown_kind",
            "name",
            "segments",
            "respondent_id",
            "action",
            "score",
            "why",
        ],
        disabled=["shown_kind", "name", "segments", "score", "why"],
        column_config={
            "shown_kind": st.column_config.TextColumn(t("wizard.qda.col.kind")),
            "name": st.column_config.TextColumn(t("wizard.qda.col.name")),
            "segments": st.column_config.NumberColumn(t("wizard.qda.col.segments"), format="%d"),
            "respondent_id": respondent,
            "action": st.column_config.SelectboxColumn(
                t("wizard.qda.col.decision"),
                options=list(qda.mapping.UNIT_ACTIONS),
                format_func=lambda a: t(f"wizard.qda.unit.{a}"),
                required=True,
            ),
            "score": st.column_config.ProgressColumn(
                t("wizard.qda.col.score"), min_value=0.0, max_value=1.0, format="percent"
            ),
            "why": st.column_config.TextColumn(t("wizard.qda.col.why"), width="large"),
        },
    )

    st.markdown(f"**{t('wizard.qda.codes')}**")
    st.caption(t("wizard.qda.codes_help"))
    codes = proposed.codes_frame(lang)
    themes = vocabulary.labels("theme", lang)
    code_labels = vocabulary.labels("code", lang)
    # Every code of the vocabulary, and for a code it lacks the id it would be kept or added as.
    code_options = sorted(
        set(code_labels)
        | {c for c in codes["code"] if c}
        | {normalise_code(choice.path[-1]) for choice in proposed.codes}
    )
    edited_codes = st.data_editor(
        _highlighted(codes),
        key=f"up_qda_codes_{key}",
        height=_table_height(len(codes)),
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        column_order=[
            "path",
            "segments",
            "theme",
            "code",
            "action",
            "score",
            "why",
            "label_en",
            "label_ru",
            "label_kk",
        ],
        disabled=["path", "segments", "score", "why"],
        column_config={
            "path": st.column_config.TextColumn(t("wizard.qda.col.path")),
            "segments": st.column_config.NumberColumn(t("wizard.qda.col.segments"), format="%d"),
            "theme": st.column_config.SelectboxColumn(
                t("wizard.qda.col.theme"),
                options=list(themes),
                format_func=lambda c: themes.get(c, c),
            ),
            "code": st.column_config.SelectboxColumn(
                t("wizard.qda.col.code"),
                options=code_options,
                format_func=lambda c: f"{code_labels[c]} · {c}" if c in code_labels else c,
            ),
            "action": st.column_config.SelectboxColumn(
                t("wizard.qda.col.decision"),
                options=list(qda.mapping.CODE_ACTIONS),
                format_func=lambda a: t(f"wizard.qda.code.{a}"),
                required=True,
            ),
            "score": st.column_config.ProgressColumn(
                t("wizard.qda.col.score"), min_value=0.0, max_value=1.0, format="percent"
            ),
            "why": st.column_config.TextColumn(t("wizard.qda.col.why"), width="large"),
            **{
                f"label_{code}": st.column_config.TextColumn(t(f"wizard.qda.col.label_{code}"))
                for code in ("en", "ru", "kk")
            },
        },
    )

    o1, o2 = st.columns(2)
    periods = vocabulary.labels("period", lang)
    period_choices = ["", *periods]
    period = o1.selectbox(
        t("wizard.qda.period"),
        period_choices,
        index=period_choices.index(proposed.options.period)
        if proposed.options.period in period_choices
        else 0,
        format_func=lambda p: periods.get(p, p) if p else t("wizard.qda.period_none"),
        key=f"up_qda_period_{key}",
    )
    languages = vocabulary.labels("language", lang)
    language_choices = [AUTO, *languages]
    excerpt_language = o2.selectbox(
        t("wizard.qda.language"),
        language_choices,
        index=language_choices.index(proposed.options.language)
        if proposed.options.language in language_choices
        else 0,
        format_func=lambda c: t("wizard.qda.language_auto") if c == AUTO else languages[c],
        key=f"up_qda_language_{key}",
    )
    mapping = proposed.with_edits(_blank_missing(edited_units), _blank_missing(edited_codes))
    return dataclasses.replace(
        mapping,
        options=dataclasses.replace(mapping.options, period=period, language=excerpt_language),
    )


def _table_height(rows: int) -> str | int:
    """Every row in view for a project's usual size; a scrolling table for a large codebook."""
    return "content" if rows <= 25 else 900


def _undecided(mapping) -> list[str]:
    """Documents and codes with segments that the mapping does not yet send anywhere."""
    names = [
        u.name
        for u in mapping.units
        if u.segments and (u.action == "unmatched" or (u.action == "map" and not u.respondent_id))
    ]
    names += [
        c.shown_path
        for c in mapping.codes
        if c.segments
        and (c.action == "unmatched" or (c.action in ("map", "keep", "new") and not c.theme))
    ]
    return names


def _check_qda(store, project, mapping, gazetteer, vocabulary, mode, progress):
    result = qda.check(
        project,
        mapping,
        store=store,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        mode=mode,
        allow_new_codes=True,  # the wizard is for signed-in editors only
        progress=progress,
    )
    progress("compare", 0, 1)
    return result, [uploads.compare(store, checked, mode=mode) for checked in result.checks]


def _show_qda_problems(result, lang: str) -> None:
    if not result.problems:
        st.success(t("wizard.no_problems"))
        return
    problems = result.problem_table(lang)
    problems["dataset"] = [t(f"dataset.{d}") if d else "" for d in problems["dataset"]]
    problems["message"] = problems["message"].map(_sentence)
    st.dataframe(
        problems,
        hide_index=True,
        width="stretch",
        column_config={
            "dataset": t("wizard.qda.col.dataset"),
            "line": st.column_config.NumberColumn(t("wizard.problem.line"), format="%d"),
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
        key="up_qda_problems_download",
    )


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


def _next_round() -> None:
    """After a publish: an empty file widget, and nothing of the published file kept."""
    st.session_state["up_round"] = st.session_state.get("up_round", 0) + 1
    memos = ("up_read", "up_check", "up_related", "up_qda_detect", "up_qda_read", "up_qda_mapping")
    for name in (*memos, "up_qda_check"):
        st.session_state.pop(name, None)


def _once(name: str, key: tuple, compute):
    """The result of `compute` for `key`, kept in this session (one entry per step), so that a
    rerun that changes nothing about the file does not read and check it again."""
    memo = st.session_state.get(name)
    if memo is None or memo[0] != key:
        memo = (key, compute())
        st.session_state[name] = memo
    return memo[1]


def _show_diff(checked, diff) -> None:
    """What publishing `checked` would change against the active version, and its first rows."""
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
