"""Fail loudly when the Great Expectations surface the harness relies on changes.

Every GX name, method, field, template URL and behaviour that checks/gx_*.py depends on is
asserted here, each with a message that says what to re-check. When upgrading GX, run this
file first and work through its failures.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import inspect
import logging
import re
from collections.abc import Callable
from importlib import resources

import great_expectations as gx
import pytest

from checks.gx import api as gx_api
from checks.gx.assets import GX_WEB_ASSETS, GX_WEB_ASSETS_PREFIX, VENDOR_DIR, VENDORED
from checks.gx.context import GX_VERSION

UPGRADE = (
    "GX {found} changed something checks/gx_*.py relies on; re-check {what}, then update "
    "tests/test_gx_surface.py"
)


def test_installed_gx_is_the_pinned_release() -> None:
    assert gx.__version__ == GX_VERSION == "1.24.1", (
        f"great_expectations {gx.__version__} is installed; the harness is written against "
        f"{GX_VERSION}. To upgrade: change the pin in pyproject.toml and requirements/lock.txt, "
        "set GX_VERSION in checks/gx_context.py, and make every test in this file pass."
    )


PUBLIC_HOMES = {
    "BatchDefinition": "great_expectations.core.batch_definition",
    "Checkpoint": "great_expectations",
    "Column": "great_expectations.expectations.row_conditions",
    "CheckpointResult": "great_expectations.checkpoint",
    "ExpectColumnPairValuesToBeEqual": "great_expectations.expectations",
    "ExpectColumnValuesToBeBetween": "great_expectations.expectations",
    "ExpectColumnValuesToBeInSet": "great_expectations.expectations",
    "ExpectColumnValuesToBeUnique": "great_expectations.expectations",
    "ExpectColumnValuesToMatchRegex": "great_expectations.expectations",
    "ExpectColumnValuesToNotBeNull": "great_expectations.expectations",
    "Expectation": "great_expectations.expectations",
    "ExpectationConfiguration": "great_expectations.expectations.expectation_configuration",
    "ExpectationSuite": "great_expectations",
    "ExpectationSuiteValidationResult": "great_expectations.core",
    "ExpectationValidationResult": "great_expectations.core",
    "FileDataContext": "great_expectations.data_context",
    "RunIdentifier": "great_expectations",
    "ValidationDefinition": "great_expectations",
    "get_context": "great_expectations",
}


def test_every_imported_name_is_the_one_gx_documents() -> None:
    assert set(gx_api.__all__) == set(PUBLIC_HOMES) | {"gx_version"}
    moved = [
        f"{name}: checks.gx.api has {getattr(gx_api, name)!r}, {home} has "
        f"{getattr(importlib.import_module(home), name, None)!r}"
        for name, home in PUBLIC_HOMES.items()
        if getattr(importlib.import_module(home), name, None) is not getattr(gx_api, name)
    ]
    assert not moved, UPGRADE.format(
        found=gx.__version__, what="the imports in checks/gx_api.py"
    ) + ("\n" + "\n".join(moved))


def _parameters(function: Callable[..., object]) -> set[str]:
    return set(inspect.signature(function).parameters)


def test_methods_and_fields_the_harness_uses_exist() -> None:
    from great_expectations.core.factory.checkpoint_factory import CheckpointFactory
    from great_expectations.core.factory.suite_factory import SuiteFactory
    from great_expectations.core.factory.validation_definition_factory import (
        ValidationDefinitionFactory,
    )
    from great_expectations.datasource.fluent.pandas_datasource import (
        DataFrameAsset,
        PandasDatasource,
    )
    from great_expectations.datasource.fluent.sources import DataSourceManager

    context = gx_api.FileDataContext
    wanted: list[tuple[str, bool]] = [
        ("get_context(mode, project_root_dir, runtime_environment)",
         {"mode", "project_root_dir", "runtime_environment"} <= _parameters(gx.get_context)),
        *[(f"FileDataContext.{a}", hasattr(context, a)) for a in (
            "suites", "validation_definitions", "checkpoints", "data_sources", "config",
            "progress_bars", "variables", "stores", "expectations_store_name",
            "root_directory", "build_data_docs")],
        ("build_data_docs(site_names)", "site_names" in _parameters(context.build_data_docs)),
        ("SuiteFactory.add_or_update/get",
         hasattr(SuiteFactory, "add_or_update") and hasattr(SuiteFactory, "get")),
        ("ValidationDefinitionFactory.add_or_update",
         hasattr(ValidationDefinitionFactory, "add_or_update")),
        ("CheckpointFactory.add_or_update", hasattr(CheckpointFactory, "add_or_update")),
        ("DataSourceManager.all", hasattr(DataSourceManager, "all")),
        ("PandasDatasource.get_asset", hasattr(PandasDatasource, "get_asset")),
        ("DataFrameAsset.get_batch_definition", hasattr(DataFrameAsset, "get_batch_definition")),
        ("Checkpoint fields",
         {"name", "validation_definitions", "actions", "result_format"}
         <= set(gx_api.Checkpoint.__fields__)),
        ("Checkpoint.run(batch_parameters, run_id)",
         {"batch_parameters", "run_id"} <= _parameters(gx_api.Checkpoint.run)),
        ("ValidationDefinition fields",
         {"name", "data", "suite"} <= set(gx_api.ValidationDefinition.__fields__)),
        ("Expectation fields description/notes/meta/id",
         {"description", "notes", "meta", "id"} <= set(gx_api.Expectation.__fields__)),
        ("Expectation.configuration", hasattr(gx_api.Expectation, "configuration")),
        ("ExpectationSuite(name, expectations, notes)",
         {"name", "expectations", "notes"} <= _parameters(gx_api.ExpectationSuite)),
        ("RunIdentifier(run_name)", "run_name" in _parameters(gx_api.RunIdentifier)),
        *[(f"ExpectationValidationResult.{a}",
           hasattr(gx_api.ExpectationValidationResult(success=True), a))
          for a in ("success", "result", "exception_info", "expectation_config")],
        ("CheckpointResult.run_results", "run_results" in gx_api.CheckpointResult.__fields__),
    ]  # fmt: skip
    missing = [what for what, present in wanted if not present]
    assert not missing, UPGRADE.format(found=gx.__version__, what=", ".join(missing))


def _template_text(name: str) -> str:
    templates = resources.files("great_expectations") / "render" / "view" / "templates"
    return (templates / name).read_text(encoding="utf-8")


def _gx_remote_asset_urls() -> set[str]:
    templates = resources.files("great_expectations") / "render" / "view" / "templates"
    urls: set[str] = set()
    for template in templates.iterdir():
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:link|script|img)\b[^>]*>", text):
            urls.update(re.findall(r"""(?:href|src)=["'](https?://[^"']+)""", tag))
        urls.update(re.findall(r"""set static_images_dir = ["'](https?://[^"']+)""", text))
    styles = resources.files("great_expectations") / "render" / "view" / "static" / "styles"
    for sheet in styles.iterdir():
        urls.update(re.findall(r"""url\(\s*["']?(https?://[^"')]+)""", sheet.read_text()))
    return urls


def test_data_docs_templates_load_exactly_the_vendored_assets() -> None:
    expected = (
        {asset.url for asset in VENDORED}
        | {GX_WEB_ASSETS_PREFIX}
        | {GX_WEB_ASSETS_PREFIX + name for name in GX_WEB_ASSETS if name != "logo-long.png"}
    )
    found = _gx_remote_asset_urls()
    assert found == expected, (
        UPGRADE.format(
            found=gx.__version__,
            what="checks/gx_assets.py and checks/assets/vendor/ (vendor the new URLs with npm pack)",
        )
        + f"\nnew: {sorted(found - expected)}\ngone: {sorted(expected - found)}"
    )


def test_cdn_integrity_hashes_match_the_vendored_bytes() -> None:
    text = _template_text("js_script_imports.j2")
    pairs = re.findall(r'src="([^"]+)" integrity="sha384-([^"]+)"', text)
    assert len(pairs) == 2, "the SRI-pinned scripts in js_script_imports.j2 changed"
    files = {asset.url: VENDOR_DIR / asset.path for asset in VENDORED}
    for url, digest in pairs:
        actual = base64.b64encode(hashlib.sha384(files[url].read_bytes()).digest()).decode()
        assert actual == digest, f"{files[url]} is not the file GX pins for {url}"


class _ProbeSubclass(gx_api.ExpectColumnValuesToBeInSet):
    """A subclass with defaults, the route GX documents for customizing an expectation."""

    column: str = "probe"
    value_set: list[bool] = [True]  # noqa: RUF012 (a pydantic field default)
    description: str | None = "A probe description."


def test_subclass_defaults_still_do_not_reach_the_suite_json() -> None:
    configuration = _ProbeSubclass().configuration
    assert configuration.kwargs == {} and configuration.description is None, (
        "GX now serializes a subclass's default arguments: the subclass route may be usable "
        "for suites stored as JSON; revisit the design note in checks/gx_expectations.py"
    )


def test_suite_constructor_still_drops_expectations_it_cannot_build() -> None:
    logger = logging.getLogger("great_expectations.core.expectation_suite")
    logger.disabled = True  # it logs the dropped expectation at ERROR level
    try:
        suite = gx_api.ExpectationSuite(
            name="probe", expectations=[{"type": "expect_no_such_thing", "kwargs": {}}]
        )
    finally:
        logger.disabled = False
    assert suite.expectations == [], (
        "GX no longer drops unbuildable expectations silently; the guard in "
        "checks.gx.expectations.load_suite may now be redundant (keep it or simplify it)"
    )


def test_expectation_equality_still_includes_the_id() -> None:
    fresh = gx_api.ExpectColumnValuesToBeUnique(column="x")
    stored = gx_api.ExpectColumnValuesToBeUnique(column="x", id="00000000-0000-0000-0000-0")
    assert fresh != stored, (
        "GX now ignores ids when comparing expectations, so suites.add_or_update keeps ids by "
        "itself; the id matching in checks.gx.expectations.save_suite can go"
    )


def test_gx_still_ships_no_analytics_client() -> None:
    assert importlib.util.find_spec("great_expectations.analytics") is None, (
        "GX ships an analytics client again: check that analytics_enabled: false in "
        "gx/great_expectations.yml still disables it, and keep the no-network test passing"
    )


@pytest.mark.parametrize("name", ["page.j2", "index_page.j2", "js_script_imports.j2"])
def test_templates_we_post_process_still_exist(name: str) -> None:
    assert _template_text(name), f"{name} is gone: re-check checks/gx_docs.py"
