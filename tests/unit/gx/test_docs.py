"""Tests for checks.gx.docs: Data Docs that read offline and show each check's description."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from checks.gx.assets import VENDOR_DIR, VENDORED
from checks.gx.context import CONFIG_FILE, GX_DIR, docs_dir, open_context
from checks.gx.docs import OfflineDocsError, asset_references, build_docs, offline_problems
from checks.gx.expectations import build_suite, must_be_in_set, must_be_true, save_suite
from checks.gx.run import run_suite

REPO = Path(__file__).resolve().parents[3]

CHECKS = [
    must_be_true(
        "quote_found",
        "quote_found",
        "每条引文都能在原文中找到: every quote is found verbatim in the source.",
        notes="**Why**: a quote that is not in the source was *invented*.",
    ),
    must_be_in_set("unit_known", "unit", ["CNY", "pct"], "Every unit is one the parser knows."),
]
REMOTE_ASSET = re.compile(
    r"""<(?:link|script|img)\b[^>]*?\s(?:href|src)\s*=\s*["']?(?:https?:)?//[^"'\s>]*""",
    re.IGNORECASE,
)
REMOTE_CSS = re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / GX_DIR).mkdir()
    shutil.copyfile(REPO / GX_DIR / CONFIG_FILE, root / GX_DIR / CONFIG_FILE)
    (root / "expectations").mkdir()
    build = root / "build"
    context = open_context(root, build)
    save_suite(context, build_suite("facts", CHECKS))
    table = pd.DataFrame(
        {"fact_id": ["F1", "F2"], "quote_found": [True, False], "unit": ["CNY", "pct"]}
    )
    run_suite(context, "facts", table, "fact_id")
    index = build_docs(context, build)
    assert index == docs_dir(build) / "index.html"
    return index.parent


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text() for p in sorted(site.rglob("*.html"))}


def test_no_page_loads_anything_from_the_network(site: Path) -> None:
    remote = [
        (name, match.group(0))
        for name, html in pages(site).items()
        for match in [*REMOTE_ASSET.finditer(html), *REMOTE_CSS.finditer(html)]
    ]
    remote += [
        (p.name, m.group(0))
        for p in site.rglob("*.css")
        for m in REMOTE_CSS.finditer(p.read_text())
    ]
    assert remote == []
    assert len(pages(site)) == 3  # index, the suite, one validation result


def test_every_asset_reference_resolves_to_a_file_in_the_site(site: Path) -> None:
    assert offline_problems(site) == []
    kinds = {kind for _, kind, _ in asset_references(site)}
    assert kinds == {"link", "script", "img", "css"}


def test_every_vendored_asset_is_used_from_its_local_copy(site: Path) -> None:
    index = (site / "index.html").read_text()
    suite_page = (site / "expectations" / "facts.html").read_text()
    for asset in VENDORED:
        local = f"static/vendor/{asset.path}"
        assert (site / local).is_file(), local
        assert local in index or local in suite_page, f"{asset.url} was not rewritten"
    assert "integrity=" not in index
    assert "crossorigin=" not in index


def test_descriptions_show_on_the_suite_and_validation_pages(site: Path) -> None:
    html = pages(site)
    (validation_page,) = [name for name in html if name.startswith("validations/")]
    for check in CHECKS:
        assert check.description in html["expectations/facts.html"], check.name
        assert check.description in html[validation_page], check.name


def test_notes_render_as_markdown_on_the_suite_page(site: Path) -> None:
    suite_page = (site / "expectations" / "facts.html").read_text()
    assert "<strong>Why</strong>" in suite_page
    assert "<em>invented</em>" in suite_page


def test_vendored_files_are_the_fetched_bytes_with_their_licenses() -> None:
    for asset in VENDORED:
        data = (VENDOR_DIR / asset.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == asset.sha256, asset.path
        package_dir = VENDOR_DIR / asset.path.split("/")[0]
        assert list(package_dir.glob("LICENSE*")), f"no license file in {package_dir.name}"


def test_an_unvendored_cdn_asset_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path
    (root / GX_DIR).mkdir()
    shutil.copyfile(REPO / GX_DIR / CONFIG_FILE, root / GX_DIR / CONFIG_FILE)
    context = open_context(root, root / "build")
    site = docs_dir(root / "build")
    site.mkdir(parents=True)
    (site / "extra.html").write_text('<script src="https://cdn.example.org/new.js"></script>')

    with pytest.raises(OfflineDocsError) as caught:
        build_docs(context, root / "build")

    assert str(caught.value) == (
        f"{site}: Data Docs would not read offline:\n"
        "  - extra.html: script loads remote 'https://cdn.example.org/new.js'\n"
        "Vendor each remote URL in checks/gx_assets.py (see checks/assets/vendor/README.md)."
    )


def test_rebuilding_is_idempotent(site: Path) -> None:
    root, build = site.parents[2], site.parents[1]  # <root>/build/docs/gx
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

    def normalized() -> dict[str, str]:  # GX gives collapsible elements random uuid4 ids
        return {name: uuid.sub("<uuid>", html) for name, html in pages(site).items()}

    context: Any = open_context(root, build)
    before = normalized()
    build_docs(context, build)
    assert normalized() == before
    assert offline_problems(site) == []
