"""Find and load a case folder: its source text, provenance, configuration and CSV tables."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.inputs.csv_tables import (
    CONTROL,
    Table,
    control_problem,
    display_path,
    max_rows,
    read_csv_table,
    read_text,
)
from checks.inputs.drafts import fill_derived
from checks.inputs.json_files import read_json
from checks.problems import DataError, Problem, ProblemCode

__all__ = [
    "CASE_ID",
    "CLAIM_COLUMNS",
    "CONCEPT_COLUMNS",
    "EXCLUDED_COLUMNS",
    "FACT_COLUMNS",
    "FACT_REQUIRED",
    "PROVENANCE_KEYS",
    "REFERENCE_COLUMNS",
    "Case",
    "case_ids",
    "load_case",
    "load_concepts",
]

CASE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

CONCEPT_COLUMNS = ("concept", "unit_kind", "non_negative", "definition", "labels_zh")
FACT_COLUMNS = (
    "fact_id", "concept", "entity", "period", "stated", "value", "upper", "unit", "scale",
    "decimals", "qualifier", "quote",
)  # fmt: skip
#: The facts.csv columns a file must have; the derived ones may be left out (see
#: checks.inputs.drafts): value, upper, unit, scale, decimals and qualifier follow from stated.
FACT_REQUIRED = ("fact_id", "concept", "entity", "period", "stated", "quote")
REFERENCE_COLUMNS = (
    "fact_id", "concept", "entity", "period", "value", "unit", "decimals", "qualifier",
    "source_kind", "source_url",
)  # fmt: skip
EXCLUDED_COLUMNS = ("token", "quote", "reason")
CLAIM_COLUMNS = (
    "claim_id", "kind", "stated", "operands", "params", "quote", "reviewed_internal",
    "reviewed_external", "reason",
)  # fmt: skip


@dataclass
class Case:
    """Everything recorded about one source document, as read from its folder."""

    case_id: str
    root: Path
    source: str
    provenance: dict[str, Any]
    config: dict[str, Any]
    concepts: Table
    facts: Table
    reference: Table
    excluded: Table
    claims: Table | None
    problems: list[Problem] = field(default_factory=list)


def case_ids(datasets: Path) -> list[str]:
    """List the case folders under `datasets`, sorted: every sub-folder not hidden.

    A folder without source.txt is listed too, so that loading it reports the missing file
    (a renamed source.txt once made its case vanish from the gate with exit 0).
    """
    if not datasets.is_dir():
        raise DataError(
            [
                Problem(
                    display_path(datasets),
                    None,
                    None,
                    ProblemCode.MISSING_FILE,
                    "datasets folder does not exist",
                )
            ]
        )
    return sorted(p.name for p in datasets.iterdir() if not p.name.startswith(".") and p.is_dir())


def _read_json(path: Path, *, required: bool) -> tuple[dict[str, Any], list[Problem]]:
    shown = display_path(path)
    if not path.exists():
        if not required:
            return {}, []
        what = "does not exist; record the source's title, URLs and sha256 there"
        return {}, [Problem(shown, None, None, ProblemCode.MISSING_FILE, what)]
    try:
        data = read_json(path)  # a directory, a wrong encoding or bad JSON is a problem to collect
    except DataError as exc:
        return {}, list(exc.problems)
    if not isinstance(data, dict):
        return {}, [
            Problem(
                shown,
                1,
                None,
                ProblemCode.BAD_JSON,
                f"must hold a JSON object, not {type(data).__name__}",
            )
        ]
    return data, []


PROVENANCE_KEYS = ("title", "language", "urls", "retrieved", "note", "sha256")


def _check_provenance(data: dict[str, Any], shown: str) -> list[Problem]:
    """Check provenance.json's keys and their types: text, a list of http(s) URLs, a SHA-256."""
    out = [
        Problem(
            shown,
            None,
            key,
            ProblemCode.UNKNOWN_KEY,
            f"unknown key {key[:40]!r}; known keys: {', '.join(PROVENANCE_KEYS)}",
        )
        for key in sorted(set(data) - set(PROVENANCE_KEYS))
    ]
    for key in ("title", "language", "retrieved", "note"):
        value = data.get(key, "")
        if not isinstance(value, str):
            out.append(
                Problem(
                    shown,
                    None,
                    key,
                    ProblemCode.BAD_PROVENANCE,
                    f"{key} must be text, not {type(value).__name__}",
                )
            )
        elif (bad := control_problem(value)) is not None:
            out.append(Problem(shown, None, key, ProblemCode.CONTROL_CHARACTER, f"{key} {bad}"))
    urls = data.get("urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        # only the type: an address that is not http(s) is shown as inert text, not a link
        out.append(
            Problem(
                shown,
                None,
                "urls",
                ProblemCode.BAD_PROVENANCE,
                'urls must be a list of addresses (text), e.g. ["https://example.com/article"]',
            )
        )
    elif any((bad := control_problem(u)) is not None for u in urls):
        out.append(Problem(shown, None, "urls", ProblemCode.CONTROL_CHARACTER, f"an url {bad}"))
    sha = data.get("sha256")
    if sha is not None and not (isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha)):
        out.append(
            Problem(
                shown,
                None,
                "sha256",
                ProblemCode.BAD_PROVENANCE,
                "sha256 must be 64 lowercase hex digits (the output of sha256sum source.txt)",
            )
        )
    return out


def load_concepts(path: Path) -> Table:
    """Read the shared concept registry (datasets/concepts.csv).

    Every case of a corpus reads the same file, so a table read once is kept per process and
    given again while the file holds the same bytes (shown at the same path, under the same
    row cap): reading and splitting it again per case cost more than a small case's facts.
    The cached table is shared; nothing changes a read table in place.
    """
    if path.is_symlink() or not path.is_file():
        return read_csv_table(path, required=CONCEPT_COLUMNS)  # raises, naming the problem
    try:
        key = (display_path(path), path.read_bytes(), max_rows())
    except OSError:
        return read_csv_table(path, required=CONCEPT_COLUMNS)  # raises, naming the problem
    table = _CONCEPTS.get(key)
    if table is None:
        table = read_csv_table(path, required=CONCEPT_COLUMNS)
        _CONCEPTS.clear()  # one registry per run: keep the latest only
        _CONCEPTS[key] = table
    return table


_CONCEPTS: dict[tuple[str, bytes, int], Table] = {}


def _read_claims(path: Path) -> Table:
    """Read claims.csv, which every case needs; a header alone means "no claims, facts only"."""
    if not path.exists() and not path.is_symlink():
        header = ",".join(CLAIM_COLUMNS)
        raise DataError(
            [
                Problem(
                    display_path(path),
                    None,
                    None,
                    ProblemCode.MISSING_FILE,
                    "does not exist; write the relationships the source states (README, "
                    "section Claims), or, to check only the facts for now, a file holding just "
                    f"the header line: {header}",
                )
            ]
        )
    return read_csv_table(
        path, required=CLAIM_COLUMNS, optional=("note", "status"), allow_empty=True
    )


def load_case(datasets: Path, case_id: str) -> Case:
    """Read one case folder; raise DataError listing every file-level problem found.

    Row-level problems (a bad unit, a quote not in the source) are not judged here: the fact
    and claim checks judge them, so that the same findings feed the GX suites and the gate.
    """
    if not CASE_ID.fullmatch(case_id) and datasets.is_dir() and case_id in case_ids(datasets):
        raise DataError(
            [
                Problem(
                    display_path(datasets / case_id),
                    None,
                    None,
                    ProblemCode.BAD_CASE_ID,
                    f"folder name {case_id!r} is not a valid case id; rename it with lowercase "
                    "letters, digits and hyphens (e.g. 'kingsoft-cloud-ai-strategy'), or move "
                    "it out of the datasets folder",
                )
            ]
        )
    if not CASE_ID.fullmatch(case_id):
        raise DataError(
            [
                Problem(
                    "--case",
                    None,
                    None,
                    ProblemCode.BAD_CASE_ID,
                    f"case id {case_id!r} is not valid; use lowercase letters, digits and hyphens "
                    "(e.g. 'kingsoft-cloud-ai-strategy'), no path characters",
                )
            ]
        )
    root = datasets / case_id
    if root.is_symlink():
        raise DataError(
            [
                Problem(
                    display_path(root),
                    None,
                    None,
                    ProblemCode.SYMLINK,
                    "is a symbolic link; a case folder must be a real folder inside the "
                    "datasets folder (copy it in): a link may point anywhere on the machine",
                )
            ]
        )
    if not root.is_dir():
        known = (", ".join(case_ids(datasets)) if datasets.is_dir() else "") or "none"
        raise DataError(
            [
                Problem(
                    display_path(root),
                    None,
                    None,
                    ProblemCode.UNKNOWN_CASE,
                    f"no such case folder; known cases: {known}",
                )
            ]
        )
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    readers: dict[str, Any] = {
        "source": lambda: read_text(root / "source.txt"),
        "concepts": lambda: load_concepts(datasets / "concepts.csv"),
        "facts": lambda: fill_derived(
            read_csv_table(
                root / "facts.csv",
                required=FACT_REQUIRED,
                optional=(*(c for c in FACT_COLUMNS if c not in FACT_REQUIRED), "note", "status"),
            )
        ),
        # reference.csv is optional: an article about figures nobody filed has none
        "reference": lambda: (
            read_csv_table(
                root / "reference.csv",
                required=REFERENCE_COLUMNS,
                optional=("note",),
                allow_empty=True,
            )
            if (root / "reference.csv").exists()
            else Table(display_path(root / "reference.csv"), [*REFERENCE_COLUMNS], [])
        ),
        "excluded": lambda: read_csv_table(
            root / "excluded.csv",
            required=EXCLUDED_COLUMNS,
            optional=("status",),
            allow_empty=True,
        ),
        "claims": lambda: _read_claims(root / "claims.csv"),
    }
    for name, reader in readers.items():
        try:
            loaded[name] = reader()
        except DataError as exc:
            problems.extend(exc.problems)
    provenance, bad_provenance = _read_json(root / "provenance.json", required=True)
    bad_provenance += _check_provenance(provenance, display_path(root / "provenance.json"))
    problems.extend(bad_provenance)
    if "source" in loaded and (found := CONTROL.search(loaded["source"])) is not None:
        text = loaded["source"]
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        problems.append(
            Problem(
                display_path(root / "source.txt"),
                line,
                None,
                ProblemCode.CONTROL_CHARACTER,
                f"character {column} "
                + str(control_problem(found.group())).replace(" at character 1", ""),
            )
        )
    config, bad = _read_json(root / "case.json", required=False)
    problems.extend(bad)
    if "source" in loaded and not bad_provenance:
        digest = hashlib.sha256((root / "source.txt").read_bytes()).hexdigest()
        if not provenance.get("sha256"):
            problems.append(
                Problem(
                    display_path(root / "provenance.json"),
                    None,
                    "sha256",
                    ProblemCode.MISSING_SHA256,
                    f'records no sha256 of source.txt; once source.txt is checked to be the document as received, add "sha256": "{digest}"',
                )
            )
        elif digest != provenance["sha256"]:
            problems.append(
                Problem(
                    display_path(root / "source.txt"),
                    None,
                    None,
                    ProblemCode.SOURCE_CHANGED,
                    f"SHA-256 is {digest} but provenance.json records {provenance['sha256']!r}; "
                    "the source must stay byte for byte as received",
                )
            )
    if problems:
        raise DataError(problems)
    row_problems: list[Problem] = []
    for name in ("concepts", "facts", "reference", "excluded", "claims"):
        table = loaded[name]
        if table is not None:
            row_problems.extend(table.problems)
    return Case(
        case_id=case_id,
        root=root,
        source=loaded["source"],
        provenance=provenance,
        config=config,
        concepts=loaded["concepts"],
        facts=loaded["facts"],
        reference=loaded["reference"],
        excluded=loaded["excluded"],
        claims=loaded["claims"],
        problems=row_problems,
    )
