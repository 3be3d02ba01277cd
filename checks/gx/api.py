"""Import, in one place, every Great Expectations name the harness uses.

GX 1.24 documents these under ``great_expectations`` and ``great_expectations.expectations``
(``gx`` and ``gxe``), but those packages re-export without ``__all__``, which mypy's strict
mode rejects. So each name is imported from the module that defines it, and
``tests/test_gx_surface.py`` checks that each one is still the object GX documents under
its public name. When upgrading GX, that test says what moved; this file is where to fix it.
"""

from __future__ import annotations

from great_expectations import (
    Checkpoint,
    ExpectationSuite,
    RunIdentifier,
    ValidationDefinition,
    get_context,
)
from great_expectations import __version__ as gx_version
from great_expectations.checkpoint.checkpoint import CheckpointResult
from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
from great_expectations.core.batch_definition import BatchDefinition
from great_expectations.data_context.data_context.file_data_context import FileDataContext
from great_expectations.expectations.core.expect_column_pair_values_to_be_equal import (
    ExpectColumnPairValuesToBeEqual,
)
from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
    ExpectColumnValuesToBeInSet,
)
from great_expectations.expectations.core.expect_column_values_to_be_unique import (
    ExpectColumnValuesToBeUnique,
)
from great_expectations.expectations.core.expect_column_values_to_match_regex import (
    ExpectColumnValuesToMatchRegex,
)
from great_expectations.expectations.core.expect_column_values_to_not_be_null import (
    ExpectColumnValuesToNotBeNull,
)
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
from great_expectations.expectations.row_conditions import Column

__all__ = [
    "BatchDefinition",
    "Checkpoint",
    "CheckpointResult",
    "Column",
    "ExpectColumnPairValuesToBeEqual",
    "ExpectColumnValuesToBeBetween",
    "ExpectColumnValuesToBeInSet",
    "ExpectColumnValuesToBeUnique",
    "ExpectColumnValuesToMatchRegex",
    "ExpectColumnValuesToNotBeNull",
    "Expectation",
    "ExpectationConfiguration",
    "ExpectationSuite",
    "ExpectationSuiteValidationResult",
    "ExpectationValidationResult",
    "FileDataContext",
    "RunIdentifier",
    "ValidationDefinition",
    "get_context",
    "gx_version",
]
