"""A catalogue of broken inputs: each is refused with exit 2, a message, and nothing written.

Every entry mutates a fresh copy of the valid demo case (tests/data/cases) and runs
`python -m checks validate --docs` in this process, with --out pointing at a copy of a good
earlier build. Each must exit 2, print a message naming the file, line and column and what
would be valid, print no traceback, and leave the earlier results/ and docs/ (and gx/)
byte-identical. Two inputs spreadsheet programs write are accepted, with results identical
to the clean run: a UTF-8 byte-order mark, and CRLF line ends.

The mutation is the data; the expected message is copied from a run, so a changed message
shows up here as a diff to review. A 1,000,000-row facts.csv has a test of its own, which
also prints the run's time and peak memory (tracemalloc).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from schemakit import assert_valid, load_case

import checks.inputs.csv_tables
from checks.claims.verdicts import Scenario
from checks.cli import main
from checks.inputs.case import FACT_COLUMNS
from checks.inputs.csv_tables import MAX_ROWS, read_csv_table
from checks.model import case_from_document, schema
from checks.model.quick_schema import compile_schema
from checks.problems import DataError

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "tests" / "data" / "cases"
CASE = "demo-cloud-results"
FACTS = f"{CASE}/facts.csv"
CLAIMS = f"{CASE}/claims.csv"
UNITS = "use one of CNY, HKD, USD, pct, pp, ratio, shares, years, year, count"
NOT_A_NUMBER = (
    "is not a finite decimal number (write 729000000 or 44.8, no NaN, inf or thousands separators)"
)
NOTHING_WRITTEN = "nothing written: the previous results and docs are left as they were"


# --- mutations --------------------------------------------------------------------------

Table = tuple[list[str], list[dict[str, str]]]


def read_rows(path: Path) -> Table:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def edit(
    name: str, change: Callable[[list[str], list[dict[str, str]]], None]
) -> Callable[[Path, Path], None]:
    """A mutation that changes the rows (or columns) of one CSV file of the case in place."""

    def mutate(case: Path, root: Path) -> None:
        columns, rows = read_rows(case / name)
        change(columns, rows)
        write_rows(case / name, columns, rows)

    return mutate


def cell(name: str, index: int, column: str, value: str) -> Callable[[Path, Path], None]:
    """Set one cell: row `index` (0-based; on line index + 2) of `name`."""

    def change(columns: list[str], rows: list[dict[str, str]]) -> None:
        rows[index][column] = value

    return edit(name, change)


def drop_column(columns: list[str], rows: list[dict[str, str]]) -> None:
    columns.remove("quote")


def drop_derived_column(columns: list[str], rows: list[dict[str, str]]) -> None:
    columns.remove("unit")  # derived from stated: a file may leave it out


def add_column(columns: list[str], rows: list[dict[str, str]]) -> None:
    columns.append("currency")
    for row in rows:
        row["currency"] = "RMB"


def duplicate_fact_id(columns: list[str], rows: list[dict[str, str]]) -> None:
    rows[1]["fact_id"] = rows[0]["fact_id"]


def delete(name: str) -> Callable[[Path, Path], None]:
    return lambda case, root: (case / name).unlink()


def empty(name: str) -> Callable[[Path, Path], None]:
    return lambda case, root: (case / name).write_bytes(b"")


def to_gbk(case: Path, root: Path) -> None:
    path = case / "facts.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))


def csv_files(case: Path) -> list[Path]:
    return [*sorted(case.glob("*.csv")), case.parent / "concepts.csv"]


def with_bom(case: Path, root: Path) -> None:
    for path in csv_files(case):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def with_crlf(case: Path, root: Path) -> None:
    for path in csv_files(case):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def with_bom_and_crlf(case: Path, root: Path) -> None:  # what Excel's "CSV UTF-8" writes
    with_crlf(case, root)
    with_bom(case, root)


def zero_whole(reviewed: str) -> Callable[[Path, Path], None]:
    """Make the share claim divide by xl_rev_h1-xl_rev_h1 (an interval around 0)."""

    def change(columns: list[str], rows: list[dict[str, str]]) -> None:
        rows[1]["operands"] = "part=xl_pubcloud_h1;whole=xl_rev_h1-xl_rev_h1"
        rows[1]["reviewed_internal"] = rows[1]["reviewed_external"] = reviewed

    return edit("claims.csv", change)


def resuite(case: Path, root: Path) -> None:
    """Regenerate the per-claim docs suite after a change to the reviews (as `nox -s suites`)."""
    argv = ["suites", "--quiet", "--datasets", str(case.parent), "--root", str(root)]
    assert main([*argv, "--case", CASE], io.StringIO(), io.StringIO()) == 0


def both(*mutations: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    def mutate(case: Path, root: Path) -> None:
        for mutation in mutations:
            mutation(case, root)

    return mutate


def write(name: str, text: str) -> Callable[[Path, Path], None]:
    """A mutation that replaces one file of the case with `text`."""
    return lambda case, root: (case / name).write_text(text, encoding="utf-8")


def rename_source(case: Path, root: Path) -> None:
    (case / "source.txt").rename(case / "source.txt.bak")


def folder_without_source(case: Path, root: Path) -> None:
    (case.parent / "second-case").mkdir()
    shutil.copy(case / "facts.csv", case.parent / "second-case" / "facts.csv")


SECRET = "root:x:0:0:a line from outside the repository"


def facts_symlink_outside(case: Path, root: Path) -> None:
    outside = root / "outside.csv"
    outside.write_text(SECRET + "\n1,2\n", encoding="utf-8")
    (case / "facts.csv").unlink()
    (case / "facts.csv").symlink_to(outside)


def case_folder_symlink(case: Path, root: Path) -> None:
    moved = root / "elsewhere"
    case.rename(moved)
    case.symlink_to(moved, target_is_directory=True)


def long_sum(case: Path, root: Path) -> None:
    cell(
        "claims.csv",
        1,
        "operands",
        "part=" + "+".join(["xl_pubcloud_h1"] * 1500) + ";whole=xl_rev_h1",
    )(case, root)


def deep_parentheses(case: Path, root: Path) -> None:
    cell(
        "claims.csv",
        1,
        "operands",
        "part=" + "(" * 600 + "xl_pubcloud_h1" + ")" * 600 + ";whole=xl_rev_h1",
    )(case, root)


def broken_suite(case: Path, root: Path) -> None:
    (root / "expectations" / "claims.json").write_text('{"name": "claims",\n  "expectations": [,\n')


def suite_as_list(case: Path, root: Path) -> None:
    (root / "expectations" / "claims.json").write_text("[1, 2]\n")


def suite_ids(change: Callable[[list[dict[str, object]]], None]) -> Callable[[Path, Path], None]:
    """Rewrite the claims suite's expectations (as a hand edit or a bad merge would)."""

    def mutate(case: Path, root: Path) -> None:
        path = root / "expectations" / "claims.json"
        data = json.loads(path.read_text())
        change(data["expectations"])
        path.write_text(json.dumps(data, indent=2) + "\n")

    return mutate


def repeat_id(expectations: list[dict[str, object]]) -> None:
    expectations[1]["id"] = expectations[0]["id"]


def bad_id(expectations: list[dict[str, object]]) -> None:
    expectations[2]["id"] = "not-a-uuid"


def no_change(case: Path, root: Path) -> None:
    pass


def no_gx_config(case: Path, root: Path) -> None:
    (root / "gx" / "great_expectations.yml").unlink()


def gx_config_not_yaml(case: Path, root: Path) -> None:
    (root / "gx" / "great_expectations.yml").write_text("config_version: 4.0\nstores: [\n")


@dataclass(frozen=True)
class Bad:
    """One catalogue entry: how the valid case is broken, and what the run must say."""

    name: str
    mutate: Callable[[Path, Path], None]
    expected: tuple[str, ...]
    code: int = 2
    case_args: tuple[str, ...] = ("--case", CASE)
    same_results: bool = True  # an accepted input gives the clean run's results


CATALOGUE = (
    Bad("missing file", delete("facts.csv"), (f"{FACTS}: does not exist; create it (see datasets/FORMAT.md)",)),
    Bad("empty file", empty("facts.csv"), (f"{FACTS}: is empty; it needs a header row: fact_id, concept, entity, period, stated,",)),
    Bad("GBK instead of UTF-8", to_gbk, (f"{FACTS}:2: byte 145 (b'\\xd2') is not valid UTF-8; the file may be in GBK or another legacy encoding: re-save it as UTF-8",)),
    Bad("UTF-8 with a BOM", with_bom, (), code=0),
    Bad("CRLF line ends", with_crlf, (), code=0),
    Bad("BOM and CRLF", with_bom_and_crlf, (), code=0),
    Bad("missing required column", edit("facts.csv", drop_column), (f"{FACTS}:1: column 'quote': required column 'quote' is missing from the header",)),
    Bad("derived column left out", edit("facts.csv", drop_derived_column), (), code=0),
    Bad("extra unknown column", edit("facts.csv", add_column), (f"{FACTS}:1: column 'currency': unknown column 'currency'; the columns are: fact_id, concept, entity,",)),
    Bad("duplicate fact ids", edit("facts.csv", duplicate_fact_id), (f"{FACTS}:3: column 'fact_id': fact_id 'xl_rev_h1' is used 2 times in the case; ids must be unique across facts.csv and reference.csv",)),
    Bad("duplicate claim ids", cell("claims.csv", 1, "claim_id", "revenue_growth_h1"), (f"{CLAIMS}:3: column 'claim_id': claim_id 'revenue_growth_h1' is used 2 times; claim ids must be unique",)),
    Bad("unknown concept", cell("facts.csv", 0, "concept", "revenu"), (f"{FACTS}:2: column 'concept': concept 'revenu' is not in datasets/concepts.csv; add it there or use a registered one",)),
    Bad("unknown unit", cell("facts.csv", 0, "unit", "RMB"), (f"{FACTS}:2: column 'unit': unit 'RMB' is not a known unit; {UNITS}",)),
    Bad("non-numeric value", cell("facts.csv", 0, "value", "12.5亿"), (f"{FACTS}:2: column 'value': value '12.5亿' {NOT_A_NUMBER}",)),
    Bad("thousands separators", cell("facts.csv", 0, "value", "1,250,000,000"), (f"{FACTS}:2: column 'value': value '1,250,000,000' {NOT_A_NUMBER}",)),
    Bad("NaN", cell("facts.csv", 1, "value", "NaN"), (f"{FACTS}:3: column 'value': value 'NaN' {NOT_A_NUMBER}",)),
    Bad("infinity", cell("facts.csv", 1, "value", "Infinity"), (f"{FACTS}:3: column 'value': value 'Infinity' {NOT_A_NUMBER}",)),
    Bad("negative infinity in reference.csv", cell("reference.csv", 0, "value", "-inf"), (f"{CASE}/reference.csv:2: column 'value': value '-inf' {NOT_A_NUMBER}",)),
    Bad("negative where the concept forbids it", cell("facts.csv", 0, "value", "-1250000000"), (f"{FACTS}:2: column 'value': value '-1250000000' is negative but concept 'revenue' cannot be; store losses as a positive net_loss",)),
    Bad("quote not in the source", cell("facts.csv", 0, "quote", "今年上半年营收 12.5亿元"), (f"{FACTS}:2: column 'quote': quote '今年上半年营收 12.5亿元' is not found verbatim in source.txt; copy it from the source exactly",)),
    Bad("quote parses to a different value", cell("facts.csv", 0, "value", "1260000000"), (f"{FACTS}:2: column 'stated': stated '12.5亿元' parses differently from the stored row: value 1260000000 (stored) vs 1250000000 (parsed)",)),
    Bad("claim names a fact that does not exist", cell("claims.csv", 0, "operands", "new=xl_rev_h1;old=xl_rev_h1_2024_filled"), (f"{CLAIMS}:2: column 'operands': operands name unknown fact id(s) 'xl_rev_h1_2024_filled'; use ids from facts.csv or reference.csv",)),
    Bad("operands in percent and money", cell("claims.csv", 1, "operands", "part=xl_pubcloud_h1;whole=xl_rev_growth_h1"), (f"{CLAIMS}:3: column 'operands': kind 'share' needs its operands in one unit, got part=CNY, whole=pct",)),
    Bad("claim refers to itself", cell("claims.csv", 1, "operands", "part=xl_pubcloud_share_h1;whole=xl_rev_h1"), (f"{CLAIMS}:3: column 'operands': claim uses its own stated fact 'xl_pubcloud_share_h1' as an operand",)),
    Bad("unknown hedge word", cell("facts.csv", 2, "qualifier", "roughly"), (f"{FACTS}:4: column 'qualifier': qualifier 'roughly' is not known; use one of none, about, more_than, nearly, under, at_least, doubled",)),
    Bad("malformed suite JSON", broken_suite, ("expectations/claims.json:2: is not valid JSON: Expecting value (column 20); regenerate it with `nox -s suites`",), case_args=("--case", CASE, "--frozen")),
    Bad("reference value with digits beyond its decimals", cell("reference.csv", 0, "value", "1251234567"), (f"{CASE}/reference.csv:2: column 'value': value '1251234567' has digits finer than decimals '-6' allows; round the value or raise decimals",)),
    Bad("suite file that is a list", suite_as_list, ("expectations/claims.json:1: must hold a JSON object (a GX suite), not list; regenerate it with `nox -s suites`",)),
    Bad("suite with a repeated expectation id", suite_ids(repeat_id), ("expectations/claims.json:", "expectations 1 and 2 have the same id"),),
    Bad("suite with a malformed expectation id", suite_ids(bad_id), ("expectations/claims.json:", "expectation 3 has the id 'not-a-uuid', which is not a UUID like 'c0ffee00-0000-4000-8000-000000000000'; regenerate it with `nox -s suites`"),),
    Bad("GX config missing from --root", no_gx_config, ("root/gx/great_expectations.yml: GX config not found; open_context needs the project root that holds gx/great_expectations.yml",)),
    Bad("GX config that is not YAML", gx_config_not_yaml, ("root/gx: Your configuration file is not a valid yml file", 'great_expectations.yml", line 3, column 1')),
    Bad("division by an operand around zero", zero_whole("holds"), (f"{CLAIMS}:3: claim 'pubcloud_share_h1': internal verdict is 'not_computable' but the reviewed verdict is 'holds'; not computable (internal): whole 'xl_rev_h1-xl_rev_h1' is [-1000, 1000]万元, which contains 0; a share claim divides by it, so the result is unbounded and would meet any stated figure",), code=1, same_results=False),
    Bad("division by zero reviewed as not computable", both(zero_whole("not_computable"), resuite), (), code=0, same_results=False),
    Bad("internal review left empty", cell("claims.csv", 1, "reviewed_internal", ""), (f"{CLAIMS}:3: column 'reviewed_internal': reviewed_internal '' is not a verdict; use one of holds, fails, unverifiable, not_computable",)),
    Bad("external review left empty where an operand is filed", cell("claims.csv", 1, "reviewed_external", ""), (f"{CLAIMS}:3: column 'reviewed_external': reviewed_external '' is empty, but claim 'pubcloud_share_h1' has a filing: operand 'xl_rev_h1' has the filed counterpart 'xl_rev_h1_2025_filed'; give the verdict the filed figures give (holds, fails, unverifiable, not_computable); leave it empty only where no operand has a filed figure",)),
    Bad("external review left empty where nothing is filed", both(cell("claims.csv", 3, "reviewed_external", ""), resuite), (), code=0, same_results=False),
    Bad("scale that is not a number", cell("facts.csv", 0, "scale", "lots"), (f"{FACTS}:2: column 'scale': scale 'lots' is not a whole number from 0 to 12: write the power of ten of the scale word in stated (8 for 亿, 4 for 万, 1 for 成, 0 for none)",)),
    Bad("scale that contradicts the stated text", cell("facts.csv", 0, "scale", "4"), (f"{FACTS}:2: column 'stated': stated '12.5亿元' parses differently from the stored row: scale 4 (stored) vs 8 (parsed)",)),
    Bad("upper on a single figure that is not a number", cell("facts.csv", 1, "upper", "n/a"), (f"{FACTS}:3: column 'upper': upper 'n/a' is not a finite decimal number (write 729000000 or 44.8, no NaN, inf or thousands separators); leave upper empty for a single figure",)),
    Bad("Arabic-Indic digits in a value", cell("facts.csv", 0, "value", "١٢٥٠٠٠٠٠٠٠"), (f"{FACTS}:2: column 'value': value '١٢٥٠٠٠٠٠٠٠' has the digit '١' (U+0661 ARABIC-INDIC DIGIT ONE); write numbers with ASCII digits 0-9, e.g. 729000000 or 44.8",)),
    Bad("mathematical bold digits in a value", cell("facts.csv", 1, "value", "𝟐𝟎"), (f"{FACTS}:3: column 'value': value '𝟐𝟎' has the digit '𝟐' (U+1D7D0 MATHEMATICAL BOLD DIGIT TWO); write numbers with ASCII digits 0-9, e.g. 729000000 or 44.8",)),
    Bad("underscores in a value", cell("facts.csv", 0, "value", "1_250_000_000"), (f"{FACTS}:2: column 'value': value '1_250_000_000' has an underscore; write the digits without separators, e.g. 729000000",)),
    Bad("Arabic-Indic digit in decimals", cell("facts.csv", 0, "decimals", "-٧"), (f"{FACTS}:2: column 'decimals': decimals '-٧' is not a whole number from -20 to 20",)),
    Bad("NUL byte in a note", cell("facts.csv", 0, "note", "see\x00page 2"), (f"{FACTS}:2: column 'note': holds the control character U+0000 (NUL) at character 4; remove it: it is invisible, and never part of a figure or a quote",)),
    Bad("right-to-left override in a reason", cell("claims.csv", 0, "reason", "filed \u202eslaf"), (f"{CLAIMS}:2: column 'reason': holds the control character U+202E (RIGHT-TO-LEFT OVERRIDE) at character 7;",)),
    Bad("duplicate keys in case.json", write("case.json", '{"as_of": "2025-12",\n "as_of": "2024-01"}'), (f"{CASE}/case.json:2: key 'as_of' appears twice in one object; JSON readers keep only one of them (silently), so keep one (column 2)",)),
    Bad("deeply nested case.json", write("case.json", '{"hedge_policy": ' + "[" * 100_000 + "]" * 100_000 + "}"), (f"{CASE}/case.json:1: nests objects and arrays more than 32 deep; this file needs a few levels (column 49)",)),
    Bad("huge integer in case.json", write("case.json", '{"as_of": 1' + "0" * 5000 + "}"), (f"{CASE}/case.json:1: integer 10000000000000000000… has 5,001 digits; at most 30 are accepted (column 11)",)),
    Bad("NaN in case.json", write("case.json", '{"hedge_policy": {"about_rel": NaN}}'), (f"{CASE}/case.json:1: NaN is not a JSON number; write a finite number or a string (column 32)",)),
    Bad("provenance.json holds a list", write("provenance.json", "[1, 2]"), (f"{CASE}/provenance.json:1: must hold a JSON object, not list",)),
    Bad("as_of in the far future", write("case.json", '{"as_of": "2999-01"}'), (f"{CASE}/case.json: column 'as_of': as_of '2999-01' lies in the future; as_of is the date the source describes (when it was written, or the latest event it reports), which cannot be later than today",)),
    Bad("source.txt renamed", rename_source, (f"{CASE}/source.txt: does not exist; create it (see datasets/FORMAT.md)",)),
    Bad("a case folder without source.txt", folder_without_source, ("second-case/source.txt: does not exist; create it (see datasets/FORMAT.md)",), case_args=()),
    Bad("facts.csv is a symlink to outside the repository", facts_symlink_outside, (f"{FACTS}: is a symbolic link; case files must be regular files inside the datasets folder (copy the file in): a link may point anywhere on the machine",)),
    Bad("case folder is a symlink", case_folder_symlink, (f"{CASE}: is a symbolic link; a case folder must be a real folder inside the datasets folder (copy it in): a link may point anywhere on the machine",)),
    Bad("Arabic-Indic digit in a claim param", cell("claims.csv", 2, "params", "relation=gt;min_ratio=٢"), (f"{CLAIMS}:4: column 'params': param min_ratio='٢' is not a non-negative number",)),
    Bad("operand summing 1,500 ids", long_sum, (f"{CLAIMS}:3: column 'operands': role 'part': 'xl_pubcloud_h1+xl_pubcloud_h1+xl_pubcloud_h1+xl_pubcloud_h1+'… (22,499 characters) has 1,500 fact ids and numbers; an operand may hold at most 100: list a long sum as items of a `total` claim instead",)),
    Bad("operand nesting 600 parentheses", deep_parentheses, (f"{CLAIMS}:3: column 'operands': role 'part': '(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((('… (1,214 characters) nests parentheses 600 deep; at most 20 are allowed",)),
    Bad("case id with path characters", no_change, ("--case: case id '../x' is not valid; use lowercase letters, digits and hyphens (e.g. 'kingsoft-cloud-ai-strategy'), no path characters",), case_args=("--case", "../x")),
)  # fmt: skip


# --- running ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    """A good build to compare against: datasets, a GX root with the demo's suite, output."""

    base: Path
    datasets: Path
    root: Path
    out: Path


def run(datasets: Path, root: Path, out: Path, *case_args: str) -> tuple[int, str, str]:
    argv = ["validate", "--docs", "--quiet", "--datasets", str(datasets), "--root", str(root)]
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main([*argv, "--out", str(out), *case_args], stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def digest(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (hidden ones too) with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "dir"
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Project:
    base = tmp_path_factory.mktemp("bad-inputs")
    datasets, root = base / "datasets", base / "root"
    shutil.copytree(DEMO, datasets)
    shutil.copytree(REPO / "gx", root / "gx")
    shutil.copytree(REPO / "expectations", root / "expectations")
    err = io.StringIO()
    suites = ["suites", "--quiet", "--datasets", str(datasets), "--root", str(root), "--case", CASE]
    assert main(suites, io.StringIO(), err) == 0, err.getvalue()
    code, _, stderr = run(datasets, root, base / "out", "--case", CASE)
    assert code == 0, stderr
    assert {"results", "docs", "gx"} <= {p.name for p in (base / "out").iterdir()}
    return Project(base, datasets, root, base / "out")


@pytest.fixture
def copy(good: Project, tmp_path: Path) -> Project:
    """A private copy of the good project, to break and run."""
    for name in ("datasets", "root", "out"):
        shutil.copytree(good.base / name, tmp_path / name)
    return Project(tmp_path, tmp_path / "datasets", tmp_path / "root", tmp_path / "out")


@pytest.mark.parametrize("bad", CATALOGUE, ids=[b.name for b in CATALOGUE])
def test_catalogue(bad: Bad, copy: Project, good: Project) -> None:
    before = digest(copy.out)
    bad.mutate(copy.datasets / CASE, copy.root)
    code, out, err = run(copy.datasets, copy.root, copy.out, *bad.case_args)
    assert "Traceback" not in err + out
    assert SECRET not in err + out  # nothing is echoed from a file outside the datasets
    assert code == bad.code, err
    for text in bad.expected:
        assert text in err, f"{text!r} not in:\n{err}"
    if code == 2:
        assert NOTHING_WRITTEN in err
        assert digest(copy.out) == before  # not one byte of the earlier build changed
    elif not bad.same_results:  # a verdict changed (exit 1) or was re-reviewed: new results
        case_file = f"results/cases/{CASE}.json"
        assert digest(copy.out)[case_file] != before[case_file]
    else:  # accepted: the very same results as the clean input
        for name in ("results.json", "junit.xml", "claims.csv", f"cases/{CASE}.json"):
            got = (copy.out / "results" / name).read_bytes()
            assert got == (good.out / "results" / name).read_bytes(), name


def test_every_catalogue_message_names_a_place() -> None:
    """Each refusal names its file, and a line and column wherever one exists."""
    whole_file = (
        "missing file",
        "empty file",
        "case id with path characters",
        "GX config missing from --root",
        "GX config that is not YAML",
        "provenance.json holds a list",
        "as_of in the far future",
        "source.txt renamed",
        "a case folder without source.txt",
        "facts.csv is a symlink to outside the repository",
        "case folder is a symlink",
        "suite file that is a list",
        "suite with a repeated expectation id",
        "suite with a malformed expectation id",
    )
    for bad in CATALOGUE:
        if bad.code != 2:
            continue
        where = bad.expected[0]
        assert where.startswith((CASE, "expectations/", "--case", "root/gx", "second-case")), (
            bad.name
        )
        if bad.name in whole_file:
            continue
        assert re.match(r"[^:]+:\d+: ", where) or "line " in where, bad.name  # a line
        assert ": column '" in where or "byte " in where or "column " in where, bad.name


def test_a_million_row_facts_file_is_refused_in_bounded_memory(copy: Project) -> None:
    """Reading stops at the first row past MAX_ROWS, so memory does not follow the file.

    The time it takes is measured in benchmarks/bench_load.py, as a ratio to one csv pass.
    """
    facts = copy.datasets / CASE / "facts.csv"
    columns, rows = read_rows(facts)
    assert columns == [*FACT_COLUMNS, "note"]
    template = ",".join(rows[0][c] for c in columns)
    with facts.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(columns) + "\n")
        handle.writelines(
            template.replace("xl_rev_h1", f"f{i}", 1) + "\n" for i in range(1_000_000)
        )
    before = digest(copy.out)

    tracemalloc.start()
    try:
        code, _, err = run(copy.datasets, copy.root, copy.out, "--case", CASE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert code == 2
    limit_line = MAX_ROWS + 2  # the header is line 1, data row n is on line n + 1
    assert (
        f"{FACTS}:{limit_line}: has more than {MAX_ROWS:,} data rows; reading stopped here." in err
    )
    assert "Traceback" not in err
    assert digest(copy.out) == before
    assert peak < 200e6  # the rows up to the limit (about 120 MB), not the 120 MB file twice over


# --- the streaming reader's own limits ------------------------------------------------------


def read_ab(path: Path) -> list[tuple[int, str]]:
    table = read_csv_table(path, required=("a", "b"))
    return [(row.line, row["a"]) for row in table]


def test_the_row_limit_admits_max_rows_and_stops_at_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks.inputs.csv_tables, "MAX_ROWS", 3)
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,1\n2,2\n3,3\n", encoding="utf-8")
    assert read_ab(path) == [(2, "1"), (3, "2"), (4, "3")]
    path.write_text("a,b\n1,1\n2,2\n3,3\n4,4\n5,5\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_ab(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.code) == (5, "too-many-rows")
    assert problem.message.startswith("has more than 3 data rows; reading stopped here.")


def test_a_file_without_line_breaks_is_refused_at_the_line_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks.inputs.csv_tables, "MAX_LINE_BYTES", 100)
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "1," * 200 + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_ab(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.code) == (2, "line-too-long")
    assert "line is longer than 100 bytes" in problem.message


def test_an_oversized_header_cell_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('"' + "x" * 140_000 + '",b\n1,2\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_ab(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.code) == (1, "bad-csv")


def test_lone_cr_line_ends_are_lines_as_before(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\r1,2\r"x\ry",3\r4,5')
    assert read_ab(path) == [(2, "1"), (3, "x\ry"), (5, "4")]


def test_a_non_utf8_byte_is_named_by_its_offset_in_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n3,\xbd\xf0\n")  # BOM; GBK for 金 on line 3
    with pytest.raises(DataError) as caught:
        read_ab(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.code) == (3, "not-utf8")
    assert problem.message.startswith("byte 13 (b'\\xbd') is not valid UTF-8;")


def test_a_reviewed_not_computable_claim_is_counted_apart_in_every_summary(copy: Project) -> None:
    """Exit 0 once reviewed, yet never counted as holds: table, results.json, JUnit, report."""
    both(zero_whole("not_computable"), resuite)(copy.datasets / CASE, copy.root)
    argv = ["validate", "--docs", "--datasets", str(copy.datasets), "--root", str(copy.root)]
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main([*argv, "--out", str(copy.out), "--case", CASE], stdout, stderr) == 0
    out = stdout.getvalue()
    why = "not computable (internal): whole 'xl_rev_h1-xl_rev_h1' is [-1000, 1000]万元"
    assert f"pubcloud_share_h1: {why}" in out  # under the table
    assert "1 external not_computable" in out and "1 internal not_computable" in out
    results = json.loads((copy.out / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["cases"][0]["verdicts"]["internal"]["not_computable"] == 1
    assert results["cases"][0]["verdicts"]["internal"]["holds"] == 3
    case = load_case(copy.out / "results", CASE)
    (claim,) = [c for c in case["claims"] if c["claim_id"] == "pubcloud_share_h1"]
    assert claim["results"]["internal"]["verdict"] == "not_computable"
    assert claim["results"]["internal"]["not_computable"].startswith(why)
    junit = (copy.out / "results" / "junit.xml").read_text(encoding="utf-8")
    assert 'skipped="2"' in junit and f'<skipped message="{why}' in junit
    report = (copy.out / "docs" / CASE / "index.html").read_text(encoding="utf-8")
    assert 'data-verdict="not_computable"' in report and "contains 0; a share claim" in report


UNFILED = ("pubcloud_growth_far_above", "gross_margin_up", "years_since_founding")


def test_external_reviews_left_empty_for_want_of_a_filing_pass_and_say_so(copy: Project) -> None:
    """No filing, no review needed: exit 0, and every output shows the review as absent."""

    def blank(columns: list[str], rows: list[dict[str, str]]) -> None:
        for row in rows:
            if row["claim_id"] in UNFILED:
                row["reviewed_external"] = ""

    both(edit("claims.csv", blank), resuite)(copy.datasets / CASE, copy.root)
    argv = ["validate", "--docs", "--datasets", str(copy.datasets), "--root", str(copy.root)]
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main([*argv, "--out", str(copy.out), "--case", CASE], stdout, stderr) == 0, stderr
    assert "holds / — (no filing)" in stdout.getvalue()  # the table's reviewed column
    results = copy.out / "results"
    summary = json.loads((results / "results.json").read_text(encoding="utf-8"))
    assert (summary["schema_version"], summary["cases"][0]["differs"]) == ("2.1", 0)
    case = load_case(results, CASE)
    assert case["schema_version"] == "2.1"
    assert_valid(case)  # null is what schema 2.1 allows for reviewed.external
    assert compile_schema(schema("case"))(case)  # and docs --from's quick check knows it
    claims = {c["claim_id"]: c for c in case["claims"]}
    for cid in UNFILED:
        assert claims[cid]["reviewed"] == {"internal": "holds", "external": None}
        external = claims[cid]["results"]["external"]
        assert (external["verdict"], external["missing"]) == ("unverifiable", "no filing")
    assert claims["pubcloud_share_h1"]["reviewed"] == {"internal": "holds", "external": "holds"}
    back = {c.claim_id: c for c in case_from_document(case).claims}
    assert back["gross_margin_up"].reviewed[Scenario.EXTERNAL] is None
    assert not back["gross_margin_up"].differs
    rows = list(csv.DictReader(io.StringIO((results / "claims.csv").read_text("utf-8-sig"))))
    shown = {(r["claim_id"], r["scenario"]): r["reviewed"] for r in rows}
    assert shown[("gross_margin_up", "external")] == "— (no filing)"
    assert shown[("gross_margin_up", "internal")] == "holds"
    junit = (results / "junit.xml").read_text(encoding="utf-8")
    assert 'failures="0"' in junit and 'errors="0"' in junit
    report = (copy.out / "docs" / CASE / "index.html").read_text(encoding="utf-8")
    assert "reviewed: — (no filing)" in report and "≠ reviewed</strong>" not in report
    suite = json.loads(
        (copy.root / "expectations" / f"claims-{CASE}.json").read_text(encoding="utf-8")
    )
    (gross,) = [e for e in suite["expectations"] if e["meta"]["name"] == "gross_margin_up.external"]
    assert gross["kwargs"]["value_set"] == ["unverifiable"]
    assert "reviewed: — (no filing), expected unverifiable" in gross["description"]
