"""Build GX Data Docs into the build folder and make them read correctly with no network.

GX renders pages that load CSS and JS from CDNs and the navbar logo from an S3 bucket
(with a timestamp and the context id in its query string). GX offers no supported way to
change those URLs: custom views in ``plugins/custom_data_docs/views`` are consulted after
the built-in templates, so they can add templates but not replace ``page.j2``. So
``build_docs`` lets GX build the site, copies the vendored assets (``checks.gx.assets``)
into ``static/vendor/``, rewrites every ``<link href>``, ``<script src>``, ``<img src>``
and CSS ``url()`` that points off-site to a relative local path (dropping the CDN
``integrity``/``crossorigin`` attributes, which a ``file://`` page cannot satisfy), and
then checks that no remote asset reference is left and every local one resolves.
Links a reader clicks (``<a href>``) are left alone: they load nothing by themselves.

Two more rewrites make the pages safe and reproducible. GX renders an expectation's
``notes`` as Markdown (mistune, which escapes raw HTML and replaces ``javascript:`` links
by ``#harmful-link``, but keeps images), and claim notes carry a reviewer's text from
claims.csv: every image Markdown made (``![x](http://host/x.png)``) is shown as inert text
instead, so data can neither make a page fetch anything nor break the offline check. And
GX gives each collapsible element a random uuid4 id; they are renumbered per page in order
of appearance, so rebuilding the same suites gives byte-identical suite pages. Validation
pages, and the index that links them, still carry the run's time: GX names those pages by
it (``validations/<suite>/<run name>/<run time>/...``), and it is the true time of the run.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from checks.gx import api as gxa
from checks.gx.assets import GX_WEB_ASSETS, GX_WEB_ASSETS_PREFIX, VENDOR_DIR, VENDORED
from checks.gx.context import DOCS_SITE_NAME, docs_dir

__all__ = [
    "OfflineDocsError",
    "asset_references",
    "build_docs",
    "offline_problems",
]

_TAG = re.compile(r"<(?:link|script|img)\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\s(href|src|integrity|crossorigin)\s*=\s*("[^"]*"|'[^']*')""", re.I)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^)"']+)\1\s*\)""", re.IGNORECASE)
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.IGNORECASE | re.DOTALL)
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_LIST_CAP = 20
_SRI = frozenset({"integrity", "crossorigin"})  # CDN-only attributes, dropped when localized
# mistune 3's image markup, the only <img> of this shape in GX 1.24.1's pages (GX's own
# logo spans several lines); its attribute values are already HTML-escaped.
_MARKDOWN_IMG = re.compile(r'<img src="([^"<>]*)" alt="([^"<>]*)"(?: title="[^"<>]*")? />')
_RANDOM_ID = re.compile(
    r"(collapse-body-)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)


class OfflineDocsError(RuntimeError):
    """The built Data Docs still need the network, or point at files that do not exist."""


def build_docs(context: gxa.FileDataContext, build_dir: Path) -> Path:
    """Build the Data Docs site under ``build_dir`` for offline reading; return its index.html.

    Renders every suite in ``expectations/`` and every validation result stored under
    ``build_dir``. Raises OfflineDocsError when a page still references a remote asset
    (a GX upgrade added a CDN URL: vendor it in checks/gx_assets.py) or a local file that
    is missing.
    """
    site = docs_dir(build_dir)
    context.build_data_docs(site_names=[DOCS_SITE_NAME])
    _copy_vendored(site)
    for page in sorted(site.rglob("*.html")):
        html = _stable_ids(_inert_markdown_images(page.read_text(encoding="utf-8")))
        page.write_text(_localize_html(html, page, site), "utf-8")
    for sheet in sorted((site / "static" / "styles").glob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        sheet.write_text(_localize_css(text, sheet.parent, site), encoding="utf-8")
    problems = offline_problems(site)
    if problems:
        shown = "\n".join(f"  - {p}" for p in problems[:_LIST_CAP])
        more = f"\n  ... and {len(problems) - _LIST_CAP} more" if len(problems) > _LIST_CAP else ""
        raise OfflineDocsError(
            f"{site}: Data Docs would not read offline:\n{shown}{more}\n"
            "Vendor each remote URL in checks/gx_assets.py (see checks/assets/vendor/README.md)."
        )
    return site / "index.html"


def _inert_markdown_images(html: str) -> str:
    """Show every image that Markdown notes made as its source text, which loads nothing."""
    return _MARKDOWN_IMG.sub(lambda m: f'<code class="inert-url">![{m[2]}]({m[1]})</code>', html)


def _stable_ids(html: str) -> str:
    """Replace GX's random uuid4 element ids by numbers in order of first appearance.

    Each uuid occurs as an element id and in the links that toggle it, so numbering them
    per page keeps every link pointing at its element.
    """
    numbers: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        n = numbers.setdefault(match[2], len(numbers) + 1)
        return f"{match[1]}n{n}"

    return _RANDOM_ID.sub(number, html)


def _copy_vendored(site: Path) -> None:
    target = site / "static" / "vendor"
    shutil.copytree(VENDOR_DIR, target, dirs_exist_ok=True)


def _local_target(url: str, site: Path) -> Path | None:
    """Return the site file that replaces a remote URL, or None when none is known."""
    for asset in VENDORED:
        if url == asset.url:
            return site / "static" / "vendor" / asset.path
    if url.startswith(GX_WEB_ASSETS_PREFIX):
        name = url.removeprefix(GX_WEB_ASSETS_PREFIX).split("?")[0].split("#")[0]
        if name in GX_WEB_ASSETS:
            return site / "static" / "images" / GX_WEB_ASSETS[name]
    return None


def _reanchor(ref: str, base_dir: Path, site: Path) -> Path | None:
    """Return the site's ``static/...`` file a broken relative reference meant, if any.

    GX 1.24.1's favicon.j2 climbs one directory too few on validation pages
    (``dot_count + 3`` where top_navbar.j2 uses ``+ 4``), so their favicon link is broken.
    """
    path = ref.split("#")[0].split("?")[0]
    if not path or (base_dir / path).is_file() or "static/" not in path:
        return None
    candidate = site / ("static/" + path.split("static/", 1)[1])
    return candidate if candidate.is_file() else None


def _relative(target: Path, base_dir: Path) -> str:
    return Path(os.path.relpath(target, base_dir)).as_posix()


def _localize_html(html: str, page: Path, site: Path) -> str:
    """Point every off-site asset of a page at its local copy; leave unknown ones for the check."""

    def tag(match: re.Match[str]) -> str:
        text = match.group(0)
        attrs = {m.group(1).lower(): m for m in _ATTR.finditer(text)}
        ref = attrs.get("href") or attrs.get("src")
        if ref is None:
            return text
        url = ref.group(2)[1:-1]
        target = (
            _local_target(url, site) if _REMOTE.match(url) else _reanchor(url, page.parent, site)
        )
        if target is None:
            return text
        local = f'{ref.group(0)[: ref.start(2) - ref.start(0)]}"{_relative(target, page.parent)}"'
        text = text.replace(ref.group(0), local, 1)
        return _ATTR.sub(lambda m: "" if m.group(1).lower() in _SRI else m.group(0), text)

    html = _TAG.sub(tag, html)
    return _on_styles(html, lambda css: _localize_css(css, page.parent, site))


def _localize_css(css: str, base_dir: Path, site: Path) -> str:
    def url(match: re.Match[str]) -> str:
        target = _local_target(match.group(2).strip(), site)
        if target is None:
            return match.group(0)
        return f'url("{_relative(target, base_dir)}")'

    return _CSS_URL.sub(url, css)


def _on_styles(html: str, change: Callable[[str], str]) -> str:
    return _STYLE.sub(lambda m: m.group(1) + change(m.group(2)) + m.group(3), html)


def asset_references(site: Path) -> list[tuple[Path, str, str]]:
    """Return every asset a site's pages and style sheets load: (file, kind, reference).

    Kinds: ``link``, ``script``, ``img`` for tag attributes, ``css`` for ``url()`` in an
    inline ``<style>`` or a ``.css`` file. ``data:`` URLs are skipped.
    """
    found: list[tuple[Path, str, str]] = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for match in _TAG.finditer(html):
            kind = match.group(0)[1:].split(None, 1)[0].lower().rstrip(">/")
            for attr in _ATTR.finditer(match.group(0)):
                if attr.group(1).lower() in {"href", "src"}:
                    found.append((page, kind, attr.group(2)[1:-1]))
        for style in _STYLE.finditer(html):
            found.extend((page, "css", u.group(2).strip()) for u in _CSS_URL.finditer(style[2]))
    for sheet in sorted(site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        found.extend((sheet, "css", u.group(2).strip()) for u in _CSS_URL.finditer(text))
    return [ref for ref in found if not ref[2].startswith("data:")]


# Font Awesome's CSS lists a .ttf after each .woff2; browsers that read WOFF2 (all current
# ones) never fetch it, so the 0.7 MB of .ttf files are not vendored.
_UNFETCHED_FALLBACKS = re.compile(r"/webfonts/fa-[a-z0-9-]+\.ttf$")


def offline_problems(site: Path) -> list[str]:
    """List every asset reference in a built site that needs the network or does not resolve."""
    problems: list[str] = []
    for file, kind, ref in asset_references(site):
        where = file.relative_to(site).as_posix()
        if _REMOTE.match(ref):
            problems.append(f"{where}: {kind} loads remote {ref!r}")
            continue
        path = ref.split("#")[0].split("?")[0]
        if not path:
            continue
        resolved = (file.parent / path).resolve()
        if not resolved.is_file() and not _UNFETCHED_FALLBACKS.search(resolved.as_posix()):
            problems.append(f"{where}: {kind} references missing local file {ref!r}")
    return problems
