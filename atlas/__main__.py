"""Command line: the same upload path as the web page.

    python -m atlas import FILE --dataset NAME [--append] [--encoding ENC] [--delimiter D] [--map col=field ...]
    python -m atlas import --set respondents=R.csv --set interview_codes=C.csv   (one transaction)
    python -m atlas import EXPORT [--mapping M.json | --write-mapping M.json] [--format ID]
        a QDA export (Taguette, QualCoder, MAXQDA, REFI-QDA .qdpx), recognised by its content;
        a .qdpx publishes its cases as respondents and its codings as interview codes together
    python -m atlas export-qdpx -o project.qdpx
    python -m atlas validate FILE --dataset NAME [...]
    python -m atlas export NAME [--version N] [-o FILE]
    python -m atlas versions NAME
    python -m atlas rollback NAME VERSION
    python -m atlas hash-password

Exit codes: 0 success, 1 validation errors (printed with line numbers), 2 usage errors.
The command line has no upload size limit unless --max-size is given; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import errno
import getpass
import os
import sys
from pathlib import Path

from atlas import qda, resources, uploads
from atlas.auth import hash_password
from atlas.config import Settings
from atlas.contract import DATASETS, render
from atlas.export import export_frame, to_csv_bytes
from atlas.i18n import translate
from atlas.ingest import DELIMITERS, ENCODINGS, ReadError
from atlas.seed import seed
from atlas.store import StoreError, open_store

DELIMITER_NAMES = {
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
    "pipe": "|",
    **{d: d for d in DELIMITERS},
}


class Usage(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m atlas", description="Civic Atlas KZ data tools"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("import", "validate"):
        command = commands.add_parser(
            name, help=f"{name} a CSV/TSV/XLSX file, or a QDA tool's export (no --dataset)"
        )
        command.add_argument("file", type=Path, nargs="?")
        command.add_argument("--dataset", choices=list(DATASETS))
        command.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="DATASET=FILE",
            help="several related files checked together and published in one transaction",
        )
        command.add_argument(
            "--allow-orphans",
            action="store_true",
            help="replace respondents even if active interview codes lose their respondent",
        )
        command.add_argument(
            "--max-size", type=float, metavar="MB", help="refuse files larger than this"
        )
        command.add_argument("--encoding", choices=list(ENCODINGS))
        command.add_argument("--delimiter", choices=list(DELIMITER_NAMES))
        command.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="map a file column onto a contract field (FIELD empty to ignore it)",
        )
        command.add_argument(
            "--format",
            choices=sorted(qda.formats()),
            help="read FILE as this QDA export instead of recognising it",
        )
        command.add_argument(
            "--mapping",
            type=Path,
            metavar="JSON",
            help="QDA export: documents → respondents and codes → vocabulary from this file",
        )
        command.add_argument(
            "--write-mapping",
            type=Path,
            metavar="JSON",
            help="QDA export: write the mapping that would be used to this file, publish nothing",
        )
        command.add_argument(
            "--no-saved-mapping",
            action="store_true",
            help="QDA export: propose the mapping afresh instead of reusing the project's saved one",
        )
        if name == "import":
            command.add_argument("--append", action="store_true", help="add to the active version")
            command.add_argument("--note", default="")
            command.add_argument("--author", default=os.environ.get("USER", "command line"))
            command.add_argument(
                "--force", action="store_true", help="publish even if this exact file was published"
            )
    export = commands.add_parser(
        "export", help="write a version as CSV (UTF-8 with BOM, formula-safe)"
    )
    export.add_argument("dataset", choices=list(DATASETS))
    export.add_argument("--version", type=int)
    export.add_argument("-o", "--output", type=Path)
    versions = commands.add_parser("versions", help="list the versions of a dataset")
    versions.add_argument("dataset", choices=list(DATASETS))
    rollback = commands.add_parser("rollback", help="make an earlier version active again")
    rollback.add_argument("dataset", choices=list(DATASETS))
    rollback.add_argument("version", type=int)
    rollback.add_argument("--author", default=os.environ.get("USER", "command line"))
    qdpx = commands.add_parser(
        "export-qdpx", help="write the active interview data as a REFI-QDA project (.qdpx)"
    )
    qdpx.add_argument("-o", "--output", type=Path, required=True)
    qdpx.add_argument("--language", choices=["en", "ru", "kk"], default="en")
    commands.add_parser("hash-password", help="print a salted hash for ATLAS_EDITOR_PASSWORD_HASH")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
    try:
        return _run(args)
    except Usage as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ReadError as exc:
        print(f"{getattr(args, 'file', '')}: {exc}", file=sys.stderr)
        return 1
    except qda.QdaError as exc:
        print(f"{getattr(args, 'file', '')}: {exc}; nothing was published", file=sys.stderr)
        return 1
    except uploads.UploadRejected as exc:
        print(f"not published: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was published", file=sys.stderr)
        return 130
    except OSError as exc:
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
        print(f"error: {reason}; nothing was published", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "hash-password":
        password = getpass.getpass("New editor password: ")
        if len(password) < 10:
            raise Usage("use at least 10 characters")
        print(hash_password(password))
        return 0
    settings = Settings.load()
    # The app may hold the embedded database between page loads: wait for it, saying so.
    store = open_store(
        settings.database_url,
        settings.duckdb_path,
        lock_timeout=600,
        on_busy=lambda message: print(message, file=sys.stderr, flush=True),
    )
    try:
        return _command(args, settings, store)
    finally:
        store.engine.close()


def _command(args, settings, store) -> int:
    report = seed(store, settings.data_dir)
    for dataset, reason in report.failed.items():
        print(
            f"warning: {translate('seed.failed', dataset=dataset, reason=reason)}", file=sys.stderr
        )
    if args.command in ("import", "validate"):
        if args.file is not None and not args.dataset and not args.set:
            return _import_qda(args, store, settings)
        if args.format or args.mapping or args.write_mapping:
            raise Usage(
                "--format, --mapping and --write-mapping are for a QDA export without --dataset"
            )
        return _import(args, store, settings)
    if args.command == "export-qdpx":
        vocabulary = qda.saved.extended_vocabulary(store, resources.vocabulary(settings.data_dir))
        data = qda.export_qdpx(store, vocabulary, language=args.language)
        args.output.write_bytes(data)
        print(f"interview data → {args.output} ({len(data) / 1024:.0f} KB)", file=sys.stderr)
        return 0
    if args.command == "versions":
        history = store.versions(args.dataset)
        for row in history.itertuples():
            active = "*" if row.is_active else " "
            sample = " sample" if row.is_sample else ""
            print(
                f"{active} v{row.version}  {row.created_at:%Y-%m-%d %H:%M}  {row.row_count:>7} rows  "
                f"{row.author}  {row.filename}{sample}  {row.note}"
            )
        return 0
    if args.command == "rollback":
        if settings.read_only:
            raise Usage("this deployment is read-only (ATLAS_READ_ONLY)")
        info = store.rollback(
            args.dataset, args.version, author=args.author, note="rollback from the command line"
        )
        print(f"{args.dataset}: version {info.version} is active again ({info.row_count} rows)")
        return 0
    if args.command == "export":
        active = store.active_versions().get(args.dataset)
        if args.version is None and active is None:
            raise Usage(f"{args.dataset} has no active version")
        version = args.version or active.version
        data = to_csv_bytes(export_frame(store, args.dataset, version))
        if args.output:
            args.output.write_bytes(data)
            print(f"{args.dataset} v{version} → {args.output}", file=sys.stderr)
        else:
            sys.stdout.buffer.write(data)
        return 0
    raise Usage(f"unknown command {args.command}")


def _files(args) -> dict[str, Path]:
    """dataset → file, from FILE --dataset or from --set DATASET=FILE (repeatable)."""
    files: dict[str, Path] = {}
    for item in args.set:
        dataset, sep, path = item.partition("=")
        if not sep or dataset not in DATASETS:
            raise Usage(f"--set {item}: use DATASET=FILE with one of {', '.join(DATASETS)}")
        if dataset in files:
            raise Usage(f"--set names {dataset} twice")
        files[dataset] = Path(path)
    if args.file is not None:
        if not args.dataset:
            raise Usage("say which dataset the file holds: --dataset NAME")
        if args.dataset in files:
            raise Usage(f"{args.dataset} is given twice")
        files[args.dataset] = args.file
    if not files:
        raise Usage("give a FILE with --dataset NAME, or --set DATASET=FILE")
    for path in files.values():
        if not path.is_file():
            raise Usage(f"no such file: {path}")
    if args.map and len(files) > 1:
        raise Usage("--map works with one file; publish related files with their own headers")
    return files


def _import(args, store, settings) -> int:
    if args.command == "import" and settings.read_only:
        raise Usage("this deployment is read-only (ATLAS_READ_ONLY)")
    files = _files(args)
    max_bytes = None if args.max_size is None else int(args.max_size * 2**20)
    for path in files.values():
        if max_bytes is not None and path.stat().st_size > max_bytes:
            # refused before the file is read into memory
            raise ReadError(
                "too_large", size=f"{path.stat().st_size / 2**20:.0f}", limit=args.max_size
            )
    gazetteer = resources.gazetteer(settings.data_dir)
    vocabulary = resources.vocabulary(settings.data_dir)
    encoding = args.encoding
    delimiter = DELIMITER_NAMES.get(args.delimiter) if args.delimiter else None
    mappings = {}
    if args.map:
        ((dataset, path),) = files.items()
        mappings[dataset] = _mapping_from_flags(args.map, dataset, path, encoding, delimiter)
    mode = "append" if getattr(args, "append", False) else "replace"
    with _Progress() as progress:
        if len(files) == 1 and (encoding or delimiter or mode == "append"):
            ((dataset, path),) = files.items()
            checks = [
                uploads.check(
                    path.read_bytes(),
                    path.name,
                    dataset,
                    store=store,
                    gazetteer=gazetteer,
                    vocabulary=vocabulary,
                    encoding=encoding,
                    delimiter=delimiter,
                    mapping=mappings.get(dataset),
                    mode=mode,
                    max_bytes=max_bytes,
                    progress=progress,
                )
            ]
        else:
            checks = uploads.check_set(
                {name: (path.read_bytes(), path.name) for name, path in files.items()},
                store=store,
                gazetteer=gazetteer,
                vocabulary=vocabulary,
                max_bytes=max_bytes,
                mappings=mappings,
                progress=progress,
            )
    failed = False
    for checked, path in zip(checks, files.values(), strict=True):
        failed |= _report(checked, path, args)
    if failed:
        return 1
    if args.command == "validate":
        return 0
    try:
        versions = uploads.publish_set(
            store,
            checks,
            author=args.author,
            note=args.note,
            mode=mode,
            insist=args.force,
            allow_orphans=args.allow_orphans,
        )
    except uploads.UploadRejected:
        raise
    for info in versions:
        rows = translate("count.rows", count=info.row_count)
        print(f"published {info.dataset} version {info.version} ({rows})", file=sys.stderr)
    return 0


def _report(checked: uploads.Checked, path: Path, args) -> bool:
    """Print what the check found; True when it blocks publishing."""
    table = checked.table
    shown = DELIMITERS.get(table.delimiter, table.delimiter) or "—"
    print(
        f"{path.name}: {checked.dataset}, "
        f"{translate('count.rows', count=len(checked.prepared.frame))}, "
        f"encoding {table.encoding}, delimiter {shown}",
        file=sys.stderr,
    )
    for problem in checked.problems:
        where = f"line {problem.line}" if problem.line else "file"
        column = f", column '{problem.header or problem.column}'" if problem.column else ""
        print(f"{problem.severity}: {where}{column}: {render(problem)} [{problem.kind}]")
    blocked = bool(checked.errors)
    if checked.orphans:
        refused = not args.allow_orphans and args.command == "import"
        print(f"{'error' if refused else 'warning'}: file: {checked.orphans.message()}")
        if refused:
            print(
                "  publish the matching interview codes with it: "
                "--set respondents=R.csv --set interview_codes=C.csv, "
                "or publish anyway with --allow-orphans",
                file=sys.stderr,
            )
        blocked |= refused
    counts = (
        f"{translate('count.errors', count=checked.error_count)}, "
        f"{translate('count.warnings', count=checked.warning_count)}"
    )
    if checked.errors:
        print(f"{path.name}: {counts}: nothing was published", file=sys.stderr)
    elif args.command == "validate":
        print(f"{path.name}: valid, {counts}", file=sys.stderr)
    return blocked


def _import_qda(args, store, settings) -> int:
    """A QDA tool's export: recognised, read, mapped (saved mapping, --mapping, or proposed),
    checked, and published in one transaction."""
    path = args.file
    if not path.is_file():
        raise Usage(f"no such file: {path}")
    if args.command == "import" and settings.read_only and not args.write_mapping:
        raise Usage("this deployment is read-only (ATLAS_READ_ONLY)")
    if args.encoding or args.delimiter or args.map:
        raise Usage("--encoding, --delimiter and --map are for a table with --dataset")
    max_bytes = None if args.max_size is None else int(args.max_size * 2**20)
    if max_bytes is not None and path.stat().st_size > max_bytes:
        raise ReadError("too_large", size=f"{path.stat().st_size / 2**20:.0f}", limit=args.max_size)
    data = path.read_bytes()
    if args.format:
        detection = qda.Detection(args.format, 1.0)
    else:
        detection = qda.detect(data, path.name, max_bytes=max_bytes)
        if detection is None:
            print(
                f"{path.name}: {qda.QdaError('qda.not_detected')} (--dataset NAME)",
                file=sys.stderr,
            )
            return 1
    print(f"{path.name}: {detection.describe()}", file=sys.stderr)
    project = qda.read(data, path.name, detection.format_id, max_bytes=max_bytes)
    print(f"{path.name}: {project.summary()}", file=sys.stderr)
    given = None
    if args.mapping:
        try:
            given = qda.from_json(args.mapping.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise Usage(f"--mapping {args.mapping}: {exc}") from exc
    gazetteer = resources.gazetteer(settings.data_dir)
    vocabulary = resources.vocabulary(settings.data_dir)
    mapping = qda.prepare_mapping(
        project,
        store,
        vocabulary=vocabulary,
        gazetteer=gazetteer,
        given=given,
        use_saved=not args.no_saved_mapping,
    )
    if args.write_mapping:
        args.write_mapping.write_text(mapping.to_json(), encoding="utf-8")
        print(qda.messages.render("qda.mapping_written", path=args.write_mapping), file=sys.stderr)
        return 0
    _show_mapping(mapping)
    mode = "append" if getattr(args, "append", False) else "replace"
    result = qda.check(
        project, mapping, store=store, gazetteer=gazetteer, vocabulary=vocabulary, mode=mode
    )
    _report_qda(result, path)
    if result.errors:
        return 1
    if args.command == "validate":
        return 0
    for info in qda.publish(store, result, author=args.author, note=args.note, insist=args.force):
        rows = translate("count.rows", count=info.row_count)
        print(f"published {info.dataset} version {info.version} ({rows})", file=sys.stderr)
    return 0


def _show_mapping(mapping, limit: int = 60) -> None:
    """The mapping in use, one line per document (or case) and code, on stderr."""
    lines = []
    for unit in mapping.units:
        target = unit.respondent_id if unit.action == "map" else unit.action
        lines.append(f"  {unit.kind} '{unit.name}' → {target or '?'}  ({unit.why()})")
    for code in mapping.codes:
        target = f"{code.theme}/{code.code}" if code.action in ("map", "keep", "new") else ""
        shown = f"{target} [{code.action}]" if code.action != "map" else target
        lines.append(f"  code '{code.shown_path}' → {shown or code.action}  ({code.why()})")
    for line in lines[:limit]:
        print(line, file=sys.stderr)
    if len(lines) > limit:
        print(f"  … and {len(lines) - limit} more (--write-mapping shows all)", file=sys.stderr)
    for note in mapping.notes:
        print(f"{note.severity}: {note.render()}", file=sys.stderr)


def _report_qda(result, path: Path) -> None:
    unit = result.project.line_unit
    for problem in result.qda_problems:
        if problem in result.mapping.notes:
            continue
        where = f"{unit} {problem.line}: " if problem.line else ""
        print(f"{problem.severity}: {where}{problem.render()} [{problem.message_id}]")
    for checked in result.checks:
        for problem in checked.problems:
            where = f"{unit} {problem.line}" if problem.line else "file"
            column = f", column '{problem.header or problem.column}'" if problem.column else ""
            print(
                f"{problem.severity}: {checked.dataset}: {where}{column}: {render(problem)}"
                f" [{problem.kind}]"
            )
    counts = ", ".join(
        f"{dataset} {translate('count.rows', count=n)}" for dataset, n in result.counts().items()
    )
    summary = (
        f"{translate('count.errors', count=result.error_count)}, "
        f"{translate('count.warnings', count=result.warning_count)}"
    )
    print(f"{path.name}: {counts or 'no rows'}; {summary}", file=sys.stderr)
    if result.errors:
        print(f"{path.name}: nothing was published", file=sys.stderr)


def _mapping_from_flags(flags, dataset, path, encoding, delimiter) -> dict[str, str]:
    from atlas.ingest import read_table
    from atlas.mapping import guess_mapping

    table = read_table(
        path.read_bytes(), path.name, encoding=encoding, delimiter=delimiter, max_bytes=None
    )
    mapping = guess_mapping(list(table.frame.columns), dataset)
    for item in flags:
        column, sep, field = item.partition("=")
        if not sep or column not in mapping:
            raise Usage(
                f"--map {item}: the file has no column '{column}' (columns: {', '.join(mapping)})"
            )
        if field and field not in DATASETS[dataset].column_names:
            raise Usage(f"--map {item}: '{field}' is not a column of {dataset}")
        mapping[column] = field
    return mapping


class _Progress:
    """Row counts per stage on stderr (tqdm; silent when stderr is not a terminal)."""

    def __enter__(self):
        self.bars: dict[str, object] = {}
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            unit = "B" if stage == "read" else " rows"
            bar = self.bars[stage] = tqdm(
                total=total,
                desc=stage,
                unit=unit,
                unit_scale=True,
                file=sys.stderr,
                leave=False,
                disable=None,  # only on a terminal
            )
        bar.update(done - bar.n)

    def __exit__(self, *exc):
        for bar in self.bars.values():
            bar.close()


if __name__ == "__main__":
    sys.exit(main())
