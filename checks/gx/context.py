"""Open the project's Great Expectations File Data Context, offline and writing only to a build folder.

The context is configured by ``gx/great_expectations.yml`` at the repository root: suites
are JSON in the top-level ``expectations/`` folder, analytics are off, progress bars are
off, and validation results and Data Docs go under the build folder the caller chooses
(passed to GX as the config variable ``claimcheck_build_dir``). Checkpoints and
validation definitions live in memory because they are derived from a suite name on every
run. The single pandas datasource is declared in the YAML, not added at run time, because
adding one would make GX rewrite the committed config.

Runs use ``open_run_context``, a private copy of that config and of the suites under the
run's own folder, because GX writes to its expectations store while validating:
``context.validation_definitions.add_or_update`` saves the definition's suite through the
store, which opens ``<suite>.json`` for writing. Pointed at the committed ``expectations/``,
every run rewrote every suite it ran; a second run (or a second context in one process)
reading that file in the window between truncate and write found it empty and failed with
``ResourceFreshnessAggregateError: ExpectationSuite 'facts' not found``; a killed run could
leave it empty; and a read-only checkout could not be validated at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from checks.gx.api import BatchDefinition, FileDataContext, get_context, gx_version

__all__ = [
    "ASSET_NAME",
    "BATCH_DEFINITION_NAME",
    "BUILD_DIR_VARIABLE",
    "CONFIG_FILE",
    "DATASOURCE_NAME",
    "DOCS_SITE_NAME",
    "EXPECTATIONS_DIR",
    "GX_DIR",
    "GX_VERSION",
    "GxConfigError",
    "batch_definition",
    "docs_dir",
    "expectations_dir",
    "open_context",
    "open_run_context",
    "validations_dir",
]

GX_VERSION = "1.24.1"
"""The GX release this integration was written and tested against (pinned in pyproject)."""

GX_DIR = "gx"
CONFIG_FILE = "great_expectations.yml"
EXPECTATIONS_DIR = "expectations"
BUILD_DIR_VARIABLE = "claimcheck_build_dir"
DATASOURCE_NAME = "claimcheck"
ASSET_NAME = "dataframe"
BATCH_DEFINITION_NAME = "whole_dataframe"
DOCS_SITE_NAME = "local_site"


class GxConfigError(RuntimeError):
    """The GX installation or the project's GX config is not the one this code relies on."""


def docs_dir(build_dir: Path) -> Path:
    """Return where Data Docs are built for ``build_dir`` (mirrors the YAML's docs site)."""
    return build_dir.absolute() / "docs" / "gx"


def validations_dir(build_dir: Path) -> Path:
    """Return where validation results are stored for ``build_dir`` (mirrors the YAML)."""
    return build_dir.absolute() / "gx" / "validations"


def open_context(project_root: Path, build_dir: Path) -> FileDataContext:
    """Load the File Data Context rooted at ``project_root``, writing run output under ``build_dir``.

    Refuses to scaffold: GX would otherwise create a fresh ``gx/`` project (with analytics
    on and stores inside the repo) when the config is missing. Checks the installed GX
    version and the loaded config so a drifted install or a hand-edited YAML fails here,
    by name, rather than later in a validation run.
    """
    _check_gx_version(gx_version)
    root = project_root.absolute()
    config_path = root / GX_DIR / CONFIG_FILE
    if not config_path.is_file():
        raise GxConfigError(
            f"{config_path}: GX config not found; open_context needs the project root that "
            f"holds {GX_DIR}/{CONFIG_FILE} (the repository root)"
        )
    context = get_context(
        mode="file",
        project_root_dir=root,
        runtime_environment={BUILD_DIR_VARIABLE: str(build_dir.absolute())},
    )
    _check_config(context, root, config_path)
    return context


def open_run_context(project_root: Path, run_dir: Path) -> FileDataContext:
    """Open a private copy of the project's context under ``run_dir``; GX writes nothing else.

    Copies ``gx/great_expectations.yml`` and every ``expectations/*.json`` into
    ``run_dir/context`` and opens that, with run output (validation results, Data Docs)
    under ``run_dir``. The project's files are only read. Errors name the project's files,
    not the copies.
    """
    root = project_root.absolute()
    config_path = root / GX_DIR / CONFIG_FILE
    if not config_path.is_file():
        raise GxConfigError(
            f"{config_path}: GX config not found; open_context needs the project root that "
            f"holds {GX_DIR}/{CONFIG_FILE} (the repository root)"
        )
    copy = run_dir.absolute() / "context"
    (copy / GX_DIR).mkdir(parents=True)
    (copy / EXPECTATIONS_DIR).mkdir()
    shutil.copyfile(config_path, copy / GX_DIR / CONFIG_FILE)
    source = root / EXPECTATIONS_DIR
    if source.is_dir():
        for suite in sorted(source.glob("*.json")):
            if suite.is_file():
                shutil.copyfile(suite, copy / EXPECTATIONS_DIR / suite.name)
    try:
        return open_context(copy, run_dir)
    except Exception as exc:
        text = str(exc).replace(str(copy / GX_DIR), str(root / GX_DIR))
        text = text.replace(str(copy / EXPECTATIONS_DIR), str(root / EXPECTATIONS_DIR))
        if text == str(exc):
            raise
        raise GxConfigError(text) from exc


def expectations_dir(context: FileDataContext) -> Path:
    """Return the folder the context's expectations store reads suites from."""
    base = _store_base_directory(context, context.expectations_store_name)
    if base is None:
        raise GxConfigError("the expectations store is not a filesystem store")
    return Path(base).resolve()


def batch_definition(context: FileDataContext) -> BatchDefinition[Any]:
    """Return the whole-DataFrame batch definition declared in the project config."""
    datasource = context.data_sources.all()[DATASOURCE_NAME]
    asset = datasource.get_asset(ASSET_NAME)
    definition: BatchDefinition[Any] = asset.get_batch_definition(BATCH_DEFINITION_NAME)
    return definition


def _check_gx_version(installed: str) -> None:
    if installed != GX_VERSION:
        raise GxConfigError(
            f"great_expectations {installed!r} is installed but this harness is pinned to "
            f"{GX_VERSION!r}; install the locked version (requirements/lock.txt), or upgrade "
            "deliberately: run tests/test_gx_surface.py and follow its messages"
        )


def _check_config(context: FileDataContext, root: Path, config_path: Path) -> None:
    """Collect every way the loaded config departs from what the harness relies on, then fail once."""
    problems: list[str] = []
    config = context.config
    if config.analytics_enabled is not False:
        problems.append(f"analytics_enabled is {config.analytics_enabled!r}; set it to false")
    progress: Any = context.progress_bars  # typed ProgressBarsConfig, a plain dict at run time
    if progress is None or dict(progress).get("globally") is not False:
        problems.append("progress_bars.globally must be false (tqdm output in runs)")
    expectations_base = _store_base_directory(context, context.expectations_store_name)
    wanted = root / EXPECTATIONS_DIR
    if expectations_base is None or Path(expectations_base).resolve() != wanted.resolve():
        problems.append(
            f"the expectations store points at {expectations_base!r}; it must be {wanted}"
        )
    if DOCS_SITE_NAME not in (context.variables.data_docs_sites or {}):
        problems.append(f"data_docs_sites has no {DOCS_SITE_NAME!r} site")
    if DATASOURCE_NAME not in context.data_sources.all():
        problems.append(f"fluent_datasources has no pandas datasource {DATASOURCE_NAME!r}")
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise GxConfigError(f"{config_path}: the GX config is not usable:\n{listing}")


def _store_base_directory(context: FileDataContext, store_name: str | None) -> str | None:
    """Return the resolved filesystem folder of a store, or None for a non-file store."""
    store = context.stores.get(store_name or "")
    backend = getattr(store, "store_backend", None)
    full = getattr(backend, "full_base_directory", None)
    return str(full) if full is not None else None
