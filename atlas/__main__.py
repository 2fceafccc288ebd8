"""Command line: the same upload path as the web page.

    python -m atlas import FILE --dataset NAME [--append] [--encoding ENC] [--delimiter D] [--map col=field ...]
    python -m atlas validate FILE --dataset NAME [...]
    python -m atlas export NAME [--version N] [-o FILE]
    python -m atlas versions NAME
    python -m atlas rollback NAME VERSION
    python -m atlas hash-password

Exit codes: 0 success, 1 validation errors (printed with line numbers), 2 usage errors.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from atlas import resources, uploads
from atlas.auth import hash_password
from atlas.config import Settings
from atlas.contract import DATASETS
from atlas.export import to_csv_bytes
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
        command = commands.add_parser(name, help=f"{name} a CSV/TSV/XLSX file")
        command.add_argument("file", type=Path)
        command.add_argument("--dataset", required=True, choices=list(DATASETS))
        command.add_argument("--encoding", choices=list(ENCODINGS))
        command.add_argument("--delimiter", choices=list(DELIMITER_NAMES))
        command.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="map a file column onto a contract field (FIELD empty to ignore it)",
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
    except uploads.UploadRejected as exc:
        print(f"not published: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "hash-password":
        password = getpass.getpass("New editor password: ")
        if len(password) < 10:
            raise Usage("use at least 10 characters")
        print(hash_password(password))
        return 0
    settings = Settings.load()
    store = open_store(settings.database_url, settings.duckdb_path)
    seed(store, settings.data_dir)
    if args.command in ("import", "validate"):
        return _import(args, store, settings)
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
        version = args.version or store.active_versions()[args.dataset].version
        data = to_csv_bytes(store.frame(args.dataset, version))
        if args.output:
            args.output.write_bytes(data)
            print(f"{args.dataset} v{version} → {args.output}", file=sys.stderr)
        else:
            sys.stdout.buffer.write(data)
        return 0
    raise Usage(f"unknown command {args.command}")


def _import(args, store, settings) -> int:
    if not args.file.is_file():
        raise Usage(f"no such file: {args.file}")
    if args.command == "import" and settings.read_only:
        raise Usage("this deployment is read-only (ATLAS_READ_ONLY)")
    mapping = None
    if args.map:
        from atlas.ingest import read_table

        table = read_table(
            args.file.read_bytes(),
            args.file.name,
            encoding=args.encoding,
            delimiter=DELIMITER_NAMES.get(args.delimiter) if args.delimiter else None,
        )
        from atlas.mapping import guess_mapping

        mapping = guess_mapping(list(table.frame.columns), args.dataset)
        for item in args.map:
            column, sep, field = item.partition("=")
            if not sep or column not in mapping:
                raise Usage(
                    f"--map {item}: the file has no column '{column}' (columns: {', '.join(mapping)})"
                )
            if field and field not in DATASETS[args.dataset].column_names:
                raise Usage(f"--map {item}: '{field}' is not a column of {args.dataset}")
            mapping[column] = field
    checked = uploads.check(
        args.file.read_bytes(),
        args.file.name,
        args.dataset,
        store=store,
        gazetteer=resources.gazetteer(settings.data_dir),
        vocabulary=resources.vocabulary(settings.data_dir),
        encoding=args.encoding,
        delimiter=DELIMITER_NAMES.get(args.delimiter) if args.delimiter else None,
        mapping=mapping,
        mode="append" if getattr(args, "append", False) else "replace",
    )
    print(
        f"{args.file.name}: {len(checked.prepared.frame)} rows, encoding {checked.table.encoding}, "
        f"delimiter {DELIMITERS.get(checked.table.delimiter, checked.table.delimiter)!s}",
        file=sys.stderr,
    )
    for note in checked.table.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in checked.problems:
        where = f"line {problem.line}" if problem.line else "file"
        column = f", column '{problem.column}'" if problem.column else ""
        print(f"{problem.severity}: {where}{column}: {problem.message}")
    if checked.errors:
        print(
            f"{len(checked.errors)} errors, {len(checked.warnings)} warnings: nothing was published",
            file=sys.stderr,
        )
        return 1
    if args.command == "validate":
        print(f"valid: {len(checked.warnings)} warnings", file=sys.stderr)
        return 0
    mode = "append" if args.append else "replace"
    info = uploads.publish(
        store, checked, author=args.author, note=args.note, mode=mode, insist=args.force
    )
    print(
        f"published {args.dataset} version {info.version} ({info.row_count} rows)", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
