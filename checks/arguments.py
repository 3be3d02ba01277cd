"""Declare the command line's commands and options (`python -m checks --help` shows them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from checks.draft.main import add_parsers as add_draft_parsers
from checks.model import ENGINES

__all__ = ["build_parser"]

_EPILOG = """\
exit codes:
  0  every computed verdict equals its reviewed verdict, and no data error
  1  a verdict differs from its reviewed verdict (a claim newly fails, or a recorded
     failure now holds): fix the data, or update the review in claims.csv
  2  the data or configuration is broken: the messages name the file, line and column

examples:
  python -m checks validate                         validate every case, write build/results
  python -m checks validate --frozen                as CI runs it: refuse stale generated suites
  python -m checks validate --case kingsoft-cloud-ai-strategy --docs
  python -m checks docs                             build the HTML docs in build/docs
  python -m checks docs --from build/results        rebuild the reports from results alone
  python -m checks suites                           regenerate expectations/*.json
  python -m checks draft article.txt --case my-article --as-of 2025-09
                                                    draft a new case (every row status=draft)
  python -m checks screen articles/                 check texts' internal arithmetic
"""


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of every command: validate, docs, suites, draft and screen."""
    p = argparse.ArgumentParser(
        prog="python -m checks",
        description="Check the figures of news articles: every stated relationship is evaluated "
        "with rounding-aware interval arithmetic, against the article's own numbers and "
        "against filed reference figures, and compared with a reviewed verdict.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--case",
        action="append",
        default=[],
        metavar="ID",
        help="a case id (folder name under --datasets); repeat for several; default: all cases",
    )
    common.add_argument(
        "--datasets",
        type=Path,
        default=Path("datasets"),
        metavar="DIR",
        help="folder holding concepts.csv and one folder per case (default: datasets)",
    )
    common.add_argument(
        "--root",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="project root holding gx/ and expectations/ (default: .)",
    )
    common.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        metavar="DIR",
        help="where results/ and docs/ are written (default: build)",
    )
    common.add_argument(
        "--quiet", action="store_true", help="print only problems and the summary line"
    )
    common.add_argument(
        "--engine",
        choices=ENGINES,
        default="pandas",
        help="where cases are evaluated and suites run: in this process (pandas, the default) "
        "or on Apache Spark (needs the spark extra and Java 17+); results are the same",
    )
    common.add_argument(
        "--spark-master",
        default="local[*]",
        metavar="URL",
        help="the Spark master with --engine spark (default: local[*]; a cluster's URL, e.g. "
        "spark://host:7077)",
    )
    common.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes that read and check cases, or with docs --from render their pages "
        "(default: one per CPU; a corpus of fewer than 16 cases, 64 for docs --from, runs in "
        "one process)",
    )
    common.add_argument(
        "--timings",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the seconds each stage took as JSON to FILE (for benchmarks)",
    )
    common.add_argument(
        "--allow-drafts",
        action="store_true",
        help="evaluate rows still marked status=draft (refused otherwise, exit 2); every "
        "verdict that rests on a draft is marked as such in the table, results and report",
    )
    common.add_argument(
        "--frozen",
        action="store_true",
        help="treat the generated suites in expectations/ like a lock file: refuse (exit 2) "
        "a stale committed suite or a missing table suite instead of regenerating it (what "
        "CI runs); a per-claim suite never committed is built for the run alone either way",
    )
    v = sub.add_parser(
        "validate",
        parents=[common],
        help="validate every case and write results (JSON, JUnit XML)",
        description="Validate cases and write build/results/{results.json,junit.xml,run.json}.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    v.add_argument("--docs", action="store_true", help="also build the HTML docs (build/docs)")
    d = sub.add_parser(
        "docs",
        parents=[common],
        help="validate and build the HTML docs (build/docs), exit 0 unless data is broken",
        description="Build build/docs: an index of cases, one claims report per case, and GX "
        "Data Docs. With --from, rebuild the case reports and the index from a results folder "
        "and each case's source.txt, evaluating nothing (GX Data Docs are left as they are).",
    )
    d.add_argument(
        "--from",
        dest="from_dir",
        type=Path,
        metavar="DIR",
        help="a results folder written by validate (e.g. build/results): render its "
        "results.json and cases/*.json instead of running the cases",
    )
    sub.add_parser(
        "suites",
        parents=[common],
        help="regenerate expectations/*.json from checks/suites.py and each case's claims.csv",
    )
    add_draft_parsers(sub)
    return p
