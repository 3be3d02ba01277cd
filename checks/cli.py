"""Command line: `python -m checks validate | docs | suites` (also installed as `claimcheck`)."""

from __future__ import annotations

import argparse
import functools
import gc
import json
import secrets
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from checks.arguments import build_parser
from checks.draft.main import run_draft, run_screen
from checks.failures import Terminated, config_problem, engine_errors, gx_errors, terminate_cleanly
from checks.gate import (
    EXIT_BROKEN,
    EXIT_OK,
    CaseRunner,
    CaseWriter,
    GateOutcome,
    run_gate,
)
from checks.inputs.csv_tables import display_path
from checks.problems import DataError, Problem, ProblemCode, format_problems
from checks.progress import Progress

if TYPE_CHECKING:  # imported where it runs: writing is not needed to start
    from checks.writing import EarlyWrite

__all__ = ["main"]

_NOTHING_WRITTEN = "nothing written: the previous results and docs are left as they were"
_EXPECTATIONS = "expectations"


def _print_problems(problems: Sequence[Problem], err: TextIO) -> None:
    print(f"data errors ({len(problems)}):", file=err)
    print(format_problems(problems), file=err)


def _refuse(problems: Sequence[Problem], err: TextIO) -> int:
    """Report broken data or configuration and stop before anything is written (exit 2)."""
    _print_problems(problems, err)
    print(_NOTHING_WRITTEN, file=err)
    return EXIT_BROKEN


def _docs_from(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Render the case reports and the index from a results folder; evaluate nothing.

    Reads one case file at a time and writes its page into a staging folder, published
    as `<out>/docs` only when every case was read (as `validate` publishes): a broken case
    file leaves the previous docs as they were. GX Data Docs already in `<out>/docs/gx` are
    carried over.
    """
    from checks.model.reading import read_results
    from checks.output.docs_from import write_docs_from
    from checks.output.publish import RUN_ID_FILE, OutputFolder

    try:
        got = read_results(args.from_dir, args.datasets)
    except DataError as exc:
        return _refuse(exc.problems, err)
    held = [row.case for row in got.rows]
    unknown = sorted(set(args.case) - set(held))
    if unknown:
        where = display_path(args.from_dir / "results.json")
        return _refuse(
            [
                Problem(
                    where,
                    None,
                    None,
                    ProblemCode.UNKNOWN_CASE,
                    f"holds no case {c!r}; it holds {', '.join(held[:10]) or 'none'}"
                    + (f" and {len(held) - 10} more" if len(held) > 10 else ""),
                )
                for c in unknown
            ],
            err,
        )
    wanted = list(args.case) or held
    if wanted and not any((args.datasets / case / "source.txt").is_file() for case in wanted):
        # one line for a wrong --datasets, not one a case (ten thousand for a corpus)
        problem = (
            f"holds the source.txt of none of the {len(wanted)} case(s) to render (such as "
            f"{wanted[0]!r}); name the datasets folder the results were computed from (--datasets)"
        )
        where = display_path(args.datasets)
        return _refuse([Problem(where, None, None, ProblemCode.MISSING_FILE, problem)], err)
    run_id = args.from_dir / RUN_ID_FILE
    with OutputFolder(args.out, notify=lambda text: print(text, file=err)) as folder:
        stage = folder.stage()
        try:
            docs = stage / "docs"
            docs.mkdir()
            gx = None
            if (args.out / "docs" / "gx" / "index.html").is_file():
                shutil.copytree(args.out / "docs" / "gx", docs / "gx")
                gx = "gx/index.html"
            written = write_docs_from(got, docs, gx, set(args.case), args.workers)
            ident = run_id.read_text(encoding="utf-8").strip() if run_id.is_file() else ""
            folder.publish(stage, ident or secrets.token_hex(8), keep_others=True)
        finally:
            folder.discard(stage)
    print(
        f"{written} case report(s) from {args.from_dir}; docs: {args.out / 'docs' / 'index.html'}",
        file=out,
    )
    return EXIT_OK


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "docs" and args.from_dir is not None:
        try:
            return _docs_from(args, out, err)
        except DataError as exc:  # a broken case file, or an --out folder not ours
            return _refuse(exc.problems, err)
    with Progress(stream=err, enabled=not args.quiet) as progress:
        try:
            return _run_stages(args, out, err, progress)
        finally:
            gc.unfreeze()  # frozen after the gate (see _run_stages); collectable again
            if getattr(args, "spark", None) is not None:
                args.spark.stop()
            timings = progress.finish()
            if args.timings is not None:
                args.timings.write_text(json.dumps(timings, indent=1) + "\n", encoding="utf-8")


def _run_stages(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    runner = None
    args.spark = None
    if args.engine == "spark" and args.command != "suites":
        from checks import spark as spark_engine

        progress.stage(f"starting Spark ({args.spark_master})")
        try:
            args.spark = spark_engine.spark_session(args.spark_master)
        except spark_engine.SparkUnavailableError as exc:
            return _refuse(
                [Problem("--engine spark", None, None, ProblemCode.ENGINE, str(exc))], err
            )
        runner = functools.partial(spark_engine.run_jobs, args.spark)
    if args.command == "suites":
        outcome = _gate(args, err, progress, runner, None)
        if isinstance(outcome, int):
            return outcome
        return _write_suites(args, outcome, out, err, progress)
    try:
        return _validate(args, out, err, progress, runner)
    except DataError as exc:  # e.g. an --out folder that holds other files
        return _refuse(exc.problems, err)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: stop now, without importing GX below
        raise
    except gx_errors() as exc:
        return _refuse([config_problem(args, exc)], err)


def _gate(
    args: argparse.Namespace,
    err: TextIO,
    progress: Progress,
    runner: CaseRunner | None,
    write: CaseWriter | None,
) -> GateOutcome | int:
    """Run the gate over the selected cases; return what it kept, or the exit code of a refusal."""
    progress.stage("reading cases")
    try:
        outcome = run_gate(
            args.datasets,
            args.case,
            progress=progress.stage,
            allow_drafts=args.allow_drafts,
            workers=args.workers,
            counter=progress.count,
            runner=runner,
            write=write,
        )
    except engine_errors() as exc:
        return _refuse([Problem("--engine spark", None, None, ProblemCode.ENGINE, str(exc))], err)
    # What the gate keeps of each case lives until the command ends: keep the collector from
    # walking it again in every later stage (`_run` gives it back when the command ends).
    gc.freeze()
    return outcome


def _validate(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    progress: Progress,
    runner: CaseRunner | None,
) -> int:
    """Run the gate and the GX suites, write results (and docs) to a staging folder, publish.

    One run at a time per output folder (a second waits); GX works on a private copy of
    the project's config and suites inside the staging folder, so the run writes nothing
    into gx/ or expectations/ except generated suites that were stale (never with --frozen).
    The gate's workers write each case into the staging folder as they evaluate it
    (`checks.writing.EarlyWrite`); the Spark engine's cases are written after GX.
    """
    from checks.output.publish import OutputFolder
    from checks.writing import EarlyWrite

    docs = args.command == "docs" or args.docs
    notify = functools.partial(print, file=err)
    with OutputFolder(args.out, notify=notify) as folder:
        stage = folder.stage()
        try:
            # the Spark engine's executors write nothing; its cases are written after GX
            write = None if runner else EarlyWrite.into(stage, stage / "docs" if docs else None)
            outcome = _gate(args, err, progress, runner, write)
            if isinstance(outcome, int):
                return outcome
            if outcome.all_problems:
                print(outcome.summary_line(), file=out)
                return _refuse(outcome.all_problems, err)
            progress.stage("loading Great Expectations")
            staged = _stage(args, outcome, out, err, progress, stage, docs, write)
            if staged is not None:
                return staged
            progress.stage("publishing")
            folder.publish(stage, secrets.token_hex(8))
        finally:
            folder.discard(stage)
    print(outcome.summary_line(), file=out)
    print(
        f"results: {args.out / 'results'}"
        + (f"; docs: {args.out / 'docs' / 'index.html'}" if docs else ""),
        file=out,
    )
    if args.command == "docs":
        return EXIT_OK
    return outcome.exit_code


def _stage(
    args: argparse.Namespace,
    outcome: GateOutcome,
    out: TextIO,
    err: TextIO,
    progress: Progress,
    stage: Path,
    docs: bool,
    early: EarlyWrite | None,
) -> int | None:
    """Build the run's outputs in ``stage``; return None, or the exit code of a refusal."""
    from checks.gx import validate as gx_validate
    from checks.gx.context import open_run_context
    from checks.gx.suite_files import settle_suites
    from checks.writing import gx_docs_cases, print_tables, suite_results

    context = open_run_context(args.root, stage)
    gx_docs = gx_docs_cases(args.case, outcome.runs) if docs else set()
    target = None if args.frozen else (args.root / _EXPECTATIONS).absolute()
    say = functools.partial(print, file=err)
    held = suite_results(context, outcome.runs, gx_docs)
    problems = settle_suites(context, held, gx_docs, target, say)
    if problems:  # a broken or stale suite would fail below with a GX traceback
        return _refuse(problems, err)
    progress.stage(f"running GX suites over {len(outcome.runs)} case(s)")
    engine = None
    if args.spark is not None:
        from checks.spark import SparkFrames

        engine = SparkFrames(args.spark)
    by_case, drift = gx_validate.run_corpus_table_suites(context, outcome.runs, engine)
    problems.extend(drift)
    if problems:
        return _refuse(problems, err)
    outcomes = {id(s): gx_validate.suite_outcome(s) for got in by_case.values() for s in got}
    suites = {case: tuple(outcomes[id(s)] for s in got) for case, got in by_case.items()}
    if not args.quiet:
        print_tables(args.case, outcome.runs, out)
    for kept in outcome.runs:
        for line in kept.mismatch_lines:
            print(line, file=err)
    progress.stage("writing results" + (" and case reports" if docs else ""))
    from checks.writing import build_docs, write_run

    rows = write_run(
        outcome.runs,
        suites,
        stage / "results",
        stage / "docs" if docs else None,
        _run_info(args),
        args.engine,
        args.workers,
        progress.count,
        early,
    )
    if docs:
        progress.stage("building docs")
        build_docs(context, outcome.runs, rows, stage, gx_docs)
    return None


def _run_info(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "command": args.command,
        "cases": list(args.case),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _write_suites(
    args: argparse.Namespace, outcome: GateOutcome, out: TextIO, err: TextIO, progress: Progress
) -> int:
    if outcome.all_problems:
        _print_problems(outcome.all_problems, err)
        return EXIT_BROKEN
    if args.frozen:
        _print_problems(
            [
                Problem(
                    "--frozen",
                    None,
                    None,
                    ProblemCode.BAD_ARGS,
                    "suites writes expectations/; drop --frozen",
                )
            ],
            err,
        )
        return EXIT_BROKEN
    progress.stage("loading Great Expectations")
    from checks.gx.context import open_run_context
    from checks.gx.suite_files import declared_suites, write_suites

    try:
        with tempfile.TemporaryDirectory() as tmp:
            target = (args.root / _EXPECTATIONS).resolve()
            written = write_suites(open_run_context(args.root, Path(tmp)), outcome.results, target)
            for path in written:
                print(f"wrote {path}", file=out)
    except gx_errors() as exc:
        _print_problems([config_problem(args, exc)], err)
        return EXIT_BROKEN
    unchanged = len(declared_suites(outcome.results)) - len(written)
    print(f"{unchanged} suite(s) already up to date in {target}", file=out)
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; return the exit code (a user's data mistake is never a traceback)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        if args.command == "draft":
            return run_draft(args, out, err)
        if args.command == "screen":
            return run_screen(args, out, err)
        with terminate_cleanly():
            return _run(args, out, err)
    except DataError as exc:
        _print_problems(exc.problems, err)
        return EXIT_BROKEN
    except KeyboardInterrupt as exc:
        print("interrupted; previous results left as they were", file=err)
        return 143 if isinstance(exc, Terminated) else 130
    except Exception as exc:  # a bug met on this data: still a message and exit 2, not a traceback
        where = display_path(args.datasets)
        text = f"{type(exc).__name__}: {exc}".strip()
        return _refuse(
            [
                Problem(
                    where,
                    None,
                    None,
                    ProblemCode.INTERNAL_ERROR,
                    f"could not be checked: {text}\nThis is a bug in claimcheck, whatever the "
                    "data holds (a data mistake must be reported with its file and line): "
                    "please report it with the case files.",
                )
            ],
            err,
        )
