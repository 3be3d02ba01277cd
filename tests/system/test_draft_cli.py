"""System tests for `python -m checks draft` and `python -m checks screen`.

The done-when of issue 11: drafting the real article and confirming rows (deciding ids,
concepts, entities and periods, typing no derivable cell) reproduces the real case's facts,
exclusions and verdicts; a drafted case is refused until confirmed; screening the real
article finds the 近7倍 multiple (exit 1), a text with nothing to check exits 0; bad input
exits 2 and writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from schemakit import load_case

from checks.cli import main
from checks.draft.quality import fact_spans
from checks.pipeline import CaseRun, run_case

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "datasets" / "kingsoft-cloud-ai-strategy"
SOURCE = REAL / "source.txt"

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="the first real case is absent")


def cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def datasets(tmp_path: Path) -> Path:
    root = tmp_path / "datasets"
    root.mkdir()
    shutil.copy(REPO / "datasets" / "concepts.csv", root)
    shutil.copy(REPO / "datasets" / "entities.csv", root)
    return root


@needs_real
def test_draft_then_confirm_reproduces_the_real_case(datasets: Path) -> None:
    code, out, err = cli(
        "draft", SOURCE, "--case", "kc", "--datasets", datasets, "--as-of", "2025-09"
    )
    assert code == 0, err
    assert "every row status=draft" in out
    case = datasets / "kc"
    assert (case / "source.txt").read_bytes() == SOURCE.read_bytes()
    provenance = json.loads((case / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["sha256"] == json.loads((REAL / "provenance.json").read_text())["sha256"]
    assert _rows(case / "reference.csv")[1] == []

    refused = run_case(datasets, "kc")
    assert refused.evaluation.empty
    drafts = [p for p in refused.problems if p.code == "draft-row"]
    assert {p.file.rsplit("/", 1)[-1] for p in drafts} == {
        "facts.csv",
        "excluded.csv",
        "claims.csv",
    }

    # The person's decisions: ids, concepts, entities, periods and notes; no derivable cell.
    source = SOURCE.read_text(encoding="utf-8")
    _, hand_facts = _rows(REAL / "facts.csv")
    hand = {
        at: r for at, r in zip(fact_spans(source, hand_facts, "stated"), hand_facts, strict=True)
    }
    columns, drafted = _rows(case / "facts.csv")
    assert not {"value", "upper", "unit", "scale", "decimals", "qualifier"} & set(columns)
    spans = fact_spans(source, drafted, "stated")
    confirmed = []
    for at, row in zip(spans, drafted, strict=True):
        decided = {k: hand[at][k] for k in ("fact_id", "concept", "entity", "period", "note")}
        confirmed.append({**row, **decided, "status": "confirmed"})
    _write(case / "facts.csv", columns, confirmed)
    columns, excluded = _rows(case / "excluded.csv")
    _write(case / "excluded.csv", columns, [{**r, "status": "confirmed"} for r in excluded])
    shutil.copy(REAL / "reference.csv", case)
    shutil.copy(REAL / "claims.csv", case)  # the claims and their reviews, as in the real case

    mine = run_case(datasets, "kc")
    assert mine.problems == []
    real = run_case(REPO / "datasets", REAL.name)
    article = {k: r for k, r in real.checks.records.items() if r.origin == "article"}
    got = {k: r for k, r in mine.checks.records.items() if r.origin == "article"}
    keys = ("concept", "entity", "period", "unit", "value", "upper", "decimals", "qualifier")
    assert {k: [getattr(r, n) for n in keys] for k, r in got.items()} == {
        k: [getattr(r, n) for n in keys] for k, r in article.items()
    }
    columns = ["token", "start", "covered"]
    assert mine.checks.coverage[columns].equals(real.checks.coverage[columns])

    def verdicts(run: CaseRun) -> list[tuple[str, str, dict[str, str], dict[str, str]]]:
        return [
            (
                c.claim_id,
                c.kind,
                {str(s): v.value for s, v in c.reviewed.items()},
                {str(s): o.verdict.value for s, o in c.outcomes.items()},
            )
            for c in run.result.claims
        ]

    assert verdicts(mine) == verdicts(real)


@needs_real
def test_screen_finds_the_nearly_seven_times_multiple(tmp_path: Path) -> None:
    code, out, _ = cli("screen", SOURCE, "--quiet")
    assert code == 1
    assert "增速甚至是前者的近7倍" in out or "前者的近7倍" in out
    assert "[6.3, 7.5)×" in out and "[8.5098, 8.907]×" in out
    assert "2 finding(s)" in out


@needs_real
def test_screen_writes_results_and_report_only_when_asked(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, _, _ = cli("screen", SOURCE, "--out", out_dir, "--quiet")
    assert code == 1
    payload = json.loads((out_dir / "results" / "results.json").read_text(encoding="utf-8"))
    [row] = payload["cases"]
    case = load_case(out_dir / "results", row["case"])
    assert case["claims"] and row["claims"] == len(case["claims"])
    assert all(c["rests_on_draft"] for c in case["claims"])
    assert (out_dir / "docs" / row["case"] / "index.html").is_file()


def test_a_text_with_nothing_to_check_exits_0(tmp_path: Path) -> None:
    text = tmp_path / "plain.txt"
    text.write_text("公司今年营收12.5亿元,员工约3000人。\n", encoding="utf-8")
    code, out, _ = cli("screen", text)
    assert code == 0
    assert "0 finding(s)" in out
    assert list(tmp_path.iterdir()) == [text]


def test_a_folder_is_screened_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("甲收入3.1亿元、乙收入4.2亿元,合计8.5亿元。\n", encoding="utf-8")
    (folder / "b.txt").write_text("营收同比增长20%至12亿元。\n", encoding="utf-8")
    (folder / "notes.csv").write_text("x\n", encoding="utf-8")
    code, out, _ = cli("screen", folder)
    assert code == 1
    assert "a.txt: 1 claim(s) decided by the text alone, 1 fail" in out
    assert "b.txt: 0 claim(s) decided" in out
    assert "screened 2 text(s)" in out


BAD = [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "holds NUL bytes: it is a binary file"),
    ("empty.txt", b"  \n", "is empty; give the article's text"),
    ("gbk.txt", "营收增长20%".encode("gbk"), "is not valid UTF-8; the file may be in GBK"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("command", ["screen", "draft"])
def test_bad_input_exits_2_and_writes_nothing(
    tmp_path: Path, datasets: Path, name: str, data: bytes, message: str, command: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    before = sorted(p.name for p in datasets.iterdir())
    extra = (
        ["--out", tmp_path / "out"]
        if command == "screen"
        else ["--case", "x", "--datasets", datasets]
    )
    code, _, err = cli(command, path, *extra)
    assert code == 2
    assert message in err and "nothing written" in err
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in datasets.iterdir()) == before


def test_a_folder_without_text_files_exits_2(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("x\n", encoding="utf-8")
    code, _, err = cli("screen", tmp_path)
    assert code == 2
    assert "holds no text file (.txt, .md, .text)" in err


@pytest.mark.parametrize("case_id", ["../escape", "a/b", "Upper", ".hidden", ""])
def test_a_case_id_with_path_characters_exits_2(
    tmp_path: Path, datasets: Path, case_id: str
) -> None:
    text = tmp_path / "a.txt"
    text.write_text("营收12亿元。\n", encoding="utf-8")
    before = sorted(p.name for p in datasets.parent.rglob("*"))
    code, _, err = cli("draft", text, "--case", case_id, "--datasets", datasets)
    assert code == 2
    assert f"case id {case_id!r} is not valid" in err
    assert sorted(p.name for p in datasets.parent.rglob("*")) == before


def test_draft_refuses_to_overwrite_a_case(tmp_path: Path, datasets: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("营收同比增长20%至12亿元。\n", encoding="utf-8")
    assert cli("draft", text, "--case", "a", "--datasets", datasets)[0] == 0
    stamp = (datasets / "a" / "facts.csv").read_bytes()
    code, _, err = cli("draft", text, "--case", "a", "--datasets", datasets)
    assert code == 2 and "already exists; drafting never overwrites a case" in err
    assert (datasets / "a" / "facts.csv").read_bytes() == stamp
    assert [p.name for p in datasets.iterdir() if p.name.startswith(".")] == []
