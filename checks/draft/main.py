"""The `draft` and `screen` commands of the command line: arguments in, exit code out."""

from __future__ import annotations

import argparse
import secrets
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from checks.claims.verdicts import Scenario
from checks.draft.commands import (
    Article,
    as_of_date,
    infer_as_of,
    load_registries,
    read_article,
    write_draft,
)
from checks.draft.screen import ScreenResult, screen_articles, screen_paths
from checks.inputs.csv_tables import display_path
from checks.problems import DataError, Problem, format_problems
from checks.progress import Progress

__all__ = ["EXIT_BROKEN", "EXIT_FINDINGS", "EXIT_OK", "add_parsers", "run_draft", "run_screen"]

EXIT_OK, EXIT_FINDINGS, EXIT_BROKEN = 0, 1, 2


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `draft` and `screen` on the main parser's subcommands."""
    d = sub.add_parser(
        "draft",
        help="draft a new case from an article's text (every row status=draft)",
        description="Create datasets/ID/ from TEXT: source.txt, provenance.json, case.json, and "
        "facts, exclusions and claims proposed from the text, every row marked draft. "
        "Refuses to overwrite an existing case; writes the folder whole or not at all.",
    )
    d.add_argument("text", type=Path, metavar="TEXT", help="the article as a UTF-8 text file")
    d.add_argument("--case", required=True, metavar="ID", help="the new case id (a-z, 0-9, -)")
    d.add_argument("--title", default="", help="the article's title (provenance.json)")
    d.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="URL",
        help="where it was read; repeat for several",
    )
    d.add_argument(
        "--as-of",
        metavar="YYYY-MM",
        help="the date the article describes; resolves 上半年, 二季度 ... (default: the year its period words name most)",
    )
    d.add_argument(
        "--datasets",
        type=Path,
        default=Path("datasets"),
        metavar="DIR",
        help="folder holding concepts.csv (default: datasets)",
    )
    s = sub.add_parser(
        "screen",
        help="check texts' internal arithmetic in one go (exit 1 when a claim fails)",
        description="Draft each TEXT in memory and evaluate every claim its own figures decide "
        "(shares, sums, growth between stated levels, CAGR, multiples, price x quantity, "
        "orderings); print the failures. Writes nothing unless --out is given. "
        "Exit 0: no finding; 1: findings; 2: unreadable input.",
    )
    s.add_argument(
        "texts", type=Path, nargs="+", metavar="TEXT", help="text files or folders of them"
    )
    s.add_argument(
        "--as-of",
        metavar="YYYY-MM",
        help="the date the texts describe (default: per text, the year its period words name most)",
    )
    s.add_argument(
        "--datasets",
        type=Path,
        default=Path("datasets"),
        metavar="DIR",
        help="folder holding concepts.csv (default: datasets)",
    )
    s.add_argument(
        "--out", type=Path, metavar="DIR", help="also write results/ and docs/ (the report) there"
    )
    s.add_argument(
        "--quiet", action="store_true", help="print only the findings and the summary line"
    )


def _refuse(problems: Sequence[Problem], err: TextIO) -> int:
    print(f"cannot start ({len(problems)} problem(s)):", file=err)
    print(format_problems(problems), file=err)
    print("nothing written", file=err)
    return EXIT_BROKEN


def run_draft(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Draft a case; print what was proposed and what a person must still decide."""
    try:
        article = read_article(args.text)
        as_of = args.as_of or infer_as_of(article.text)
        root, draft, result = write_draft(
            args.datasets, args.case, article, title=args.title, urls=args.url, as_of=as_of
        )
    except DataError as exc:
        return _refuse(exc.problems, err)
    shown = display_path(root)
    unset = sum(1 for f in draft.facts if not f["concept"])
    print(
        f"drafted {shown}: {len(draft.facts)} facts, {len(draft.excluded)} exclusions, "
        f"{len(draft.claims)} claims, every row status=draft",
        file=out,
    )
    if not args.as_of:
        print(
            f"as_of {as_of!r} was inferred from the text's period words: check case.json", file=out
        )
    internal = dict(
        Counter(
            c.outcomes[Scenario.INTERNAL].verdict.value for c in result.result.claims if c.outcomes
        ).most_common()
    )
    print(f"internal verdicts on the draft: {internal or 'none'}", file=out)
    print(
        "next: in facts.csv decide each concept"
        + (f" ({unset} left empty)" if unset else "")
        + ", entity and period, and rename ids; check excluded.csv and claims.csv, add the "
        "claims the patterns missed, reference.csv with filed figures and agrees claims; work "
        "each verdict out; set status=confirmed row by row; then `python -m checks suites` "
        f"and `python -m checks validate --case {args.case}`",
        file=out,
    )
    return EXIT_OK


def _bar(i: int, n: int, width: int = 20) -> str:
    done = round(width * i / n) if n else width
    return "[" + "#" * done + "." * (width - done) + f"] {i}/{n}"


def _print_result(r: ScreenResult, out: TextIO, quiet: bool) -> None:
    where = display_path(r.article.path)
    if r.result.problems:
        print(f"{where}: could not be evaluated: {r.result.problems[0]}", file=out)
        return
    if not quiet or r.findings:
        print(
            f"{where}: {r.decided} claim(s) decided by the text alone, {len(r.findings)} fail",
            file=out,
        )
    for f in r.findings:
        print(
            f"  {f.kind} 「{f.quote}」: stated {f.stated}, the text's own figures give {f.computed}",
            file=out,
        )


def run_screen(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Screen texts: every problem with the input is found before any text is screened."""
    problems: list[Problem] = []
    articles: list[Article] = []
    try:
        paths = screen_paths(args.texts)
    except DataError as exc:
        return _refuse(exc.problems, err)
    for path in paths:
        try:
            articles.append(read_article(path))
        except DataError as exc:
            problems.extend(exc.problems)
    try:
        registries = load_registries(args.datasets)
        as_of_date(args.as_of)
    except DataError as exc:
        problems.extend(exc.problems)
    if problems:
        return _refuse(problems, err)
    with Progress(stream=err, enabled=not args.quiet) as progress:
        results = screen_articles(
            articles,
            registries,
            args.as_of,
            progress=lambda i, n, name: progress.stage(f"screening {_bar(i, n)} {name}"),
        )
        if args.out is not None:
            progress.stage("writing results and report")
            _write_out(args.out, results)
    for r in results:
        _print_result(r, out, args.quiet)
    findings = sum(len(r.findings) for r in results)
    broken = sum(1 for r in results if r.result.problems)
    print(
        f"screened {len(results)} text(s): {sum(r.decided for r in results)} claim(s) decided "
        f"internally, {findings} finding(s)" + (f", {broken} not evaluable" if broken else ""),
        file=out,
    )
    return EXIT_FINDINGS if findings else EXIT_OK


def _write_out(out_dir: Path, results: Sequence[ScreenResult]) -> None:
    """Write results/ and docs/ as `validate --docs` would: staged, then published together.

    The output folder is checked, locked and swapped like validate's (checks.output.publish),
    so `screen --out .` in a project is refused instead of replacing its folders.
    """
    from checks.output.publish import OutputFolder
    from checks.output.report import write_docs
    from checks.output.results import write_results

    cases = [r.result.result for r in results if not r.result.problems]
    sources = {r.result.result.case_id: r.result.case.source for r in results}
    with OutputFolder(out_dir) as folder:
        stage = folder.stage()
        try:
            write_results(
                cases,
                stage / "results",
                {"command": "screen", "texts": [str(r.article.path) for r in results]},
            )
            write_docs(((c, sources[c.case_id]) for c in cases), stage / "docs", None)
            folder.publish(stage, secrets.token_hex(8))
        finally:
            folder.discard(stage)
