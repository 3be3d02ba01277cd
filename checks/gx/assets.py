"""List the CDN assets GX 1.24.1's Data Docs templates load, and the vendored copy of each.

The stock templates (``render/view/templates/page.j2``, ``index_page.j2``,
``js_script_imports.j2``) load 16 CSS/JS files from five CDNs, so Data Docs opened
offline lose their layout, tables, icons and charts. Each file was fetched once with
``npm pack <package>@<version>`` and committed under ``checks/gx/vendor/`` with its
package's license (see the README there); ``checks.gx.docs`` copies them into the built
site and points the pages at them. ``tests/test_gx_surface.py`` fails when a GX upgrade
changes this list.

Two entries are not byte-for-byte the URL's file, on purpose:
``vega@5``, ``vega-lite@5`` and ``vega-embed@6`` are floating ranges on jsDelivr, vendored
at the newest release of that major when fetched; ``bootstrap-prefers-dark.css`` (883 kB)
is replaced by the same release's ``bootstrap-prefers-dark.min.css`` (153 kB, same rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "GX_WEB_ASSETS",
    "GX_WEB_ASSETS_PREFIX",
    "VENDORED",
    "VENDOR_DIR",
    "VendoredAsset",
]

VENDOR_DIR = Path(__file__).parent / "vendor"


@dataclass(frozen=True)
class VendoredAsset:
    """One CDN URL used by the GX templates and the local file that replaces it."""

    url: str
    path: str  # relative to VENDOR_DIR; the first part is "<package>-<version>"
    package: str
    version: str
    license: str  # SPDX expression from the package's package.json
    sha256: str


VENDORED: tuple[VendoredAsset, ...] = (
    VendoredAsset(
        "https://cdn.jsdelivr.net/npm/vega@5",
        "vega-5.33.1/build/vega.min.js",
        "vega",
        "5.33.1",
        "BSD-3-Clause",
        "463f3db6a40b20e9747b4ed38f37ed0add508838f9141b1cf8366784b07b30c8",
    ),
    VendoredAsset(
        "https://cdn.jsdelivr.net/npm/vega-lite@5",
        "vega-lite-5.23.0/build/vega-lite.min.js",
        "vega-lite",
        "5.23.0",
        "BSD-3-Clause",
        "58c27358e26f2d319cf62f45bc17a4c8362f08645001df2ec8d341eee4097c7f",
    ),
    VendoredAsset(
        "https://cdn.jsdelivr.net/npm/vega-embed@6",
        "vega-embed-6.29.0/build/vega-embed.min.js",
        "vega-embed",
        "6.29.0",
        "BSD-3-Clause",
        "12d02acfbe3ec59ef9a37dd4822a2e04e2961b5bbb671bbe661d2221715b99da",
    ),
    VendoredAsset(
        "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css",
        "fortawesome-fontawesome-free-6.6.0/css/all.min.css",
        "@fortawesome/fontawesome-free",
        "6.6.0",
        "(CC-BY-4.0 AND OFL-1.1 AND MIT)",
        "e5e202e3c899507992952533f57b634722b69b34241d271963559d31aa33ef81",
    ),
    VendoredAsset(
        "https://code.jquery.com/jquery-3.7.1.min.js",
        "jquery-3.7.1/dist/jquery.min.js",
        "jquery",
        "3.7.1",
        "MIT",
        "fc9a93dd241f6b045cbff0481cf4e1901becd0e12fb45166a8f17f95823f0b1a",
    ),
    VendoredAsset(
        "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js",
        "popper.js-1.12.9/dist/umd/popper.min.js",
        "popper.js",
        "1.12.9",
        "MIT",
        "a52f7aa54d7bcaafa056ee0a050262dfc5694ae28dee8b4cac3429af37ff0d66",
    ),
    VendoredAsset(
        "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js",
        "bootstrap-4.3.1/dist/js/bootstrap.min.js",
        "bootstrap",
        "4.3.1",
        "MIT",
        "0a34a87842c539c1f4feec56bba982fd596b73500046a6e6fe38a22260c6577b",
    ),
    VendoredAsset(
        "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css",
        "bootstrap-4.3.1/dist/css/bootstrap.min.css",
        "bootstrap",
        "4.3.1",
        "MIT",
        "60b19e5da6a9234ff9220668a5ec1125c157a268513256188ee80f2d2c8d8d36",
    ),
    VendoredAsset(
        "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js",
        "bootstrap-table-1.19.1/dist/bootstrap-table.min.js",
        "bootstrap-table",
        "1.19.1",
        "MIT",
        "06a571a9beb50bd5ddd60517159775dfec1f3e798fff38fb117ae2350dc9ba9d",
    ),
    VendoredAsset(
        "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css",
        "bootstrap-table-1.19.1/dist/bootstrap-table.min.css",
        "bootstrap-table",
        "1.19.1",
        "MIT",
        "643f536f6982af4d7287af23f89ad457dd7e4a82f9c695330a112b0881c30a4a",
    ),
    VendoredAsset(
        "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
        "bootstrap-table-1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
        "bootstrap-table",
        "1.19.1",
        "MIT",
        "111f68d31d1bdd714f9503bf5f4e162e0739c363e4ff2feef950d39e78266ffc",
    ),
    VendoredAsset(
        "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css",
        "bootstrap-table-1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css",
        "bootstrap-table",
        "1.19.0",
        "MIT",
        "b3ff051168696ec9ae3cf8616c59a6db8734fb282863b23edfd8c0f93eb5c4f0",
    ),
    VendoredAsset(
        "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
        "bootstrap-table-1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
        "bootstrap-table",
        "1.19.0",
        "MIT",
        "2c707bb54520737762a76f2238e87627993fb63bcef6d789a21a4957f393fa1c",
    ),
    VendoredAsset(
        "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js",
        "bootstrap-datepicker-1.9.0/dist/js/bootstrap-datepicker.min.js",
        "bootstrap-datepicker",
        "1.9.0",
        "Apache-2.0",
        "6ea55ea86749ee1fe560fabac6b3effd81b33046fa74dc657e24d41d28110a9f",
    ),
    VendoredAsset(
        "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css",
        "bootstrap-datepicker-1.9.0/dist/css/bootstrap-datepicker.min.css",
        "bootstrap-datepicker",
        "1.9.0",
        "Apache-2.0",
        "b22c8ea45fe905650f8087108b5ed32c1923bcd80d400adc9b0241f18be40208",
    ),
    VendoredAsset(
        "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css",
        "forevolve-bootstrap-dark-1.1.0/dist/css/bootstrap-prefers-dark.min.css",
        "@forevolve/bootstrap-dark",
        "1.1.0",
        "MIT",
        "424070f1f798087a68c110a776228f9eaae5406df143940faa67d77344293ac8",
    ),
)

GX_WEB_ASSETS_PREFIX = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
"""Where the templates load the navbar logo from (with a timestamp and context id query)."""

GX_WEB_ASSETS: dict[str, str] = {
    "logo-long.png": "logo-long.png",
    # The dark-mode logo of the inline default styles; GX ships no local copy.
    "full_logo_dark.png": "logo-long.png",
}
"""Remote GX image name -> the image GX copies into the site's ``static/images/``."""
