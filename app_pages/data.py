"""Data (/data): every dataset's versions, downloads and templates; for signed-in editors, the
upload wizard and rollback."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.contract import DATASETS
from atlas.export import export_frame, export_stem, to_csv_bytes
from components import data_access, url_state
from components.context import page_context
from components.editor import config, current_editor, sign_in_form, sign_out_button
from components.i18n import language, t, tm
from components.privacy import INTERVIEW_DATASETS, interviews_private, pseudonymise
from components.provenance import kind_label, show_table_download, version_context
from components.upload_wizard import show_upload_wizard

ctx = page_context()
editor = current_editor()
private = interviews_private()  # a public deployment's viewer: no interview data to download

st.title(t("data.title"))
st.write(t("data.intro"))
if message := st.session_state.pop("up_published", None):
    st.success(message, icon=":material/check_circle:")

# --- what could not be loaded, and excerpts without a respondent (everyone) ---
if seed_problems := ctx.store.seed_problems():
    st.subheader(t("seed.problems_title"))
    for name, reason in seed_problems.items():
        st.error(tm("seed.failed", dataset=t(f"dataset.{name}"), reason=reason))
orphans = data_access.orphaned_excerpts(ctx.store, ctx.versions)
if not orphans.empty:
    st.subheader(t("orphans.title"))
    data_access.show_orphans_notice(ctx.store, ctx.versions)
    if private:
        orphans = orphans.assign(
            respondent_id=pseudonymise(orphans["respondent_id"], ctx.store, ctx.active)
        )
    st.dataframe(
        orphans.rename(
            columns={"respondent_id": t("col.respondent"), "excerpts": t("col.excerpts")}
        ),
        hide_index=True,
    )

# --- versions of each dataset (everyone) ---
st.subheader(t("data.versions"))
dataset = st.selectbox(
    t("data.browse_dataset"),
    list(DATASETS),
    # The choice stays when the language changes (its labels do).
    format_func=url_state.hold_labels("data_dataset", list(DATASETS), lambda d: t(f"dataset.{d}")),
    key="data_dataset",
)
history = ctx.store.versions(dataset)
if history.empty:
    st.info(t("dataset.none"))
else:
    shown = pd.DataFrame(
        {
            t("col.version"): history["version"],
            t("data.active"): history["is_active"].map(lambda a: "✓" if a else ""),
            t("col.published"): history["created_at"],
            t("col.author"): history["author"],
            t("col.file"): history["filename"],
            t("col.rows"): history["row_count"],
            t("col.kind"): [
                kind_label(dataset, author, bool(sample))
                for author, sample in zip(history["author"], history["is_sample"], strict=True)
            ],
            t("col.note"): history["note"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("col.published"): st.column_config.DatetimeColumn(format="DD.MM.YYYY HH:mm")
        },
    )
    c1, c2, c3 = st.columns([1, 1, 2], vertical_alignment="bottom")
    version = c1.selectbox(t("col.version"), history["version"].tolist(), key="data_version")
    if private and dataset in INTERVIEW_DATASETS:
        c2.caption(t("public.download_off"))
    else:
        with c2:  # named and labelled like every export; the sample's comes with its README
            show_table_download(
                t("data.download_version"),
                lambda: export_frame(ctx.store, dataset, int(version)),
                version_context(ctx.store.version_info(dataset, int(version))),
                icon=":material/download:",
            )
    is_active = bool(history.loc[history["version"] == version, "is_active"].iloc[0])
    if (
        editor
        and not is_active
        and c3.button(t("data.rollback", version=version), icon=":material/history:")
    ):
        ctx.store.rollback(dataset, int(version), author=editor, note=t("data.rollback_note"))
        st.session_state["up_published"] = t(
            "data.rolled_back", dataset=t(f"dataset.{dataset}"), version=version
        )
        st.rerun()

# --- the active interview data for a QDA tool (REFI-QDA .qdpx; off for public viewers; #15) ---
if not private and "interview_codes" in ctx.active:
    from atlas import qda

    shown_in = language()
    st.download_button(
        t("data.download_qdpx"),
        # Built only when clicked; the codes editors added travel with the codebook.
        data=lambda: qda.export_qdpx(
            ctx.store,
            qda.saved.extended_vocabulary(ctx.store, ctx.vocabulary),
            language=shown_in,
        ),
        # 'civic-atlas-interviews_illustrative-sample_v1-1.qdpx' when the data is the sample.
        file_name=export_stem(
            "civic-atlas-interviews",
            [ctx.active[d].version for d in ("respondents", "interview_codes") if d in ctx.active],
            sample=any(
                ctx.active[d].is_sample
                for d in ("respondents", "interview_codes")
                if d in ctx.active
            ),
        )
        + ".qdpx",
        mime="application/zip",
        help=t("data.download_qdpx_help"),
        icon=":material/download:",
        on_click="ignore",  # nothing on the page changes: no rerun
        key="data_qdpx",
    )

# --- templates ---
with st.expander(t("data.templates")):
    from atlas import templates

    st.caption(t("data.templates_help"))
    st.caption(t("data.templates_files"))
    for name, spec in DATASETS.items():
        bundled = data_access.settings().data_dir / {
            "respondents": "respondents.sample.csv",
            "interview_codes": "interview_codes.sample.csv",
        }.get(name, f"{name}.csv")
        names = [c.name for c in templates.template_columns(spec)]
        st.markdown(f"**{t(f'dataset.{name}')}** — `{'`, `'.join(names)}`")
        st.caption(
            t(
                "data.required_columns",
                columns=", ".join(f"`{c}`" for c in templates.required_columns(spec)),
            )
        )
        t1, t2, t3, t4 = st.columns(4)
        t1.download_button(
            t("data.template_csv"),
            data=templates.template_csv(spec),
            file_name=f"{name}-template.csv",
            mime="text/csv",
            key=f"tpl_{name}",
            icon=":material/download:",
        )
        t2.download_button(
            t("data.template_xlsx"),
            # Built only when clicked, not on every rerun of the page.
            data=lambda spec=spec: templates.template_xlsx(spec, ctx.vocabulary),
            file_name=f"{name}-template.xlsx",
            mime=templates.XLSX_MIME,
            key=f"tplx_{name}",
            icon=":material/download:",
        )
        t3.download_button(
            t("data.dictionary"),
            data=lambda spec=spec: templates.dictionary_csv(spec, ctx.vocabulary),
            file_name=f"{name}-dictionary.csv",
            mime="text/csv",
            key=f"dict_{name}",
            icon=":material/download:",
        )
        if private and name in INTERVIEW_DATASETS:
            continue
        t4.download_button(
            t("data.example"),
            # Read only when clicked, not on every rerun of the page.
            data=lambda path=bundled: to_csv_bytes(
                pd.read_csv(path, dtype=str, keep_default_na=False).head(5)
            ),
            file_name=f"{name}-example.csv",
            mime="text/csv",
            key=f"ex_{name}",
            icon=":material/download:",
        )

# --- editing (signed-in editors only; nothing at all in read-only deployments) ---
cfg = config()
if cfg.read_only:
    st.caption(t("data.read_only"))
elif editor is None:
    st.subheader(t("data.edit"))
    sign_in_form()
else:
    st.subheader(t("data.upload"))
    left, right = st.columns([4, 1])
    left.caption(tm("editor.signed_in", name=editor))
    with right:
        sign_out_button()
    show_upload_wizard(editor)
