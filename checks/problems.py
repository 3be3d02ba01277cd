"""Problems found in a user's data, collected and reported together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["MAX_SHOWN", "DataError", "Problem", "ProblemCode", "format_problems"]

MAX_SHOWN = 50


class ProblemCode(StrEnum):
    """Name every kind of problem the harness reports: a stable code and one line of meaning.

    A Problem carries one of these, so tests, results.json, JUnit XML and people can refer
    to a problem without matching its words (pandera's SchemaErrorReason does the same).
    The code is the enum's value (`ProblemCode.NOT_UTF8 == "not-utf8"`); `meaning` says in
    one line what went wrong. The README's error section lists them all, from this class.
    """

    meaning: str

    def __new__(cls, code: str, meaning: str) -> ProblemCode:
        member = str.__new__(cls, code)
        member._value_ = code
        member.meaning = meaning
        return member

    @classmethod
    def of(cls, code: str) -> ProblemCode:
        """Return the registered code whose value is `code`; refuse an unregistered one."""
        member = cls._value2member_map_.get(code)
        if not isinstance(member, cls):
            raise ValueError(
                f"problem code {code!r} is not registered; add it to ProblemCode with one line of meaning"
            )
        return member

    # files and tables (checks.inputs.csv_tables, checks.inputs.case)
    MISSING_FILE = "missing-file", "a file or folder the run needs does not exist"
    UNREADABLE = (
        "unreadable",
        "a file exists but cannot be read (permissions, a folder in its place)",
    )
    NOT_UTF8 = "not-utf8", "a file is not valid UTF-8 (often GBK); re-save it as UTF-8"
    LINE_TOO_LONG = "line-too-long", "a CSV line is longer than 1 MiB"
    BAD_CSV = "bad-csv", "a file is not valid CSV (an unclosed quote, a NUL byte)"
    EMPTY_FILE = "empty-file", "a CSV file has no header row"
    DUPLICATE_COLUMN = "duplicate-column", "a CSV header names a column twice"
    UNKNOWN_COLUMN = "unknown-column", "a CSV header names a column the format does not have"
    MISSING_COLUMN = "missing-column", "a CSV header lacks a required column"
    TOO_MANY_ROWS = "too-many-rows", "a CSV file has more data rows than the limit (100,000)"
    CELL_COUNT = "cell-count", "a CSV row has more or fewer cells than the header"
    NO_ROWS = "no-rows", "a CSV file that must hold rows holds none"
    BAD_JSON = (
        "bad-json",
        "a JSON file is not valid JSON, not an object, or ambiguous (a key twice, NaN, too deep)",
    )
    SYMLINK = "symlink", "a case folder or file is a symbolic link (it could point anywhere)"
    CONTROL_CHARACTER = (
        "control-character",
        "a cell, provenance text or source.txt holds a control character (NUL, C1, bidi)",
    )
    BAD_PROVENANCE = "bad-provenance", "a provenance.json value has the wrong type or form"
    # cases and their configuration (checks.inputs.case, checks.pipeline, checks.gate)
    NO_CASES = "no-cases", "the datasets folder holds no case folder"
    BAD_CASE_ID = "bad-case-id", "a case id is not lowercase letters, digits and hyphens"
    UNKNOWN_CASE = "unknown-case", "--case names a case that has no folder"
    MISSING_SHA256 = "missing-sha256", "provenance.json records no SHA-256 of source.txt"
    SOURCE_CHANGED = (
        "source-changed",
        "source.txt no longer has the SHA-256 provenance.json records",
    )
    UNKNOWN_KEY = "unknown-key", "case.json has a key the harness does not know"
    BAD_CONFIG = "bad-config", "a case.json setting (as_of, hedge_policy) has a wrong value"
    MISSING_CONFIG = "missing-config", "a claim needs a case.json setting that is absent (as_of)"
    BAD_STATUS = "bad-status", "a status cell is neither draft nor confirmed"
    DRAFT_ROW = "draft-row", "a row is still a draft; confirm it (or run with --allow-drafts)"
    # concepts.csv (checks.inputs.concepts)
    BAD_CONCEPT = "bad-concept", "a concept name is not snake_case"
    DUPLICATE_CONCEPT = "duplicate-concept", "a concept is registered twice"
    BAD_UNIT_KIND = "bad-unit-kind", "a concept's unit_kind is not a known unit kind"
    BAD_FLAG = "bad-flag", "a concept's non_negative is neither true nor false"
    # facts.csv and reference.csv rows (checks.inputs.facts): the check that failed
    ID_VALID = "id-valid", "a fact_id is not 1-80 of a-z, 0-9 and _"
    ID_UNIQUE = "id-unique", "a fact_id is used more than once across facts.csv and reference.csv"
    KEY_UNIQUE = "key-unique", "two reference figures share concept, entity and period"
    CONCEPT_KNOWN = "concept-known", "a fact's concept is not in datasets/concepts.csv"
    UNIT_KNOWN = "unit-known", "a fact's unit is not a known unit"
    UNIT_FITS_CONCEPT = "unit-fits-concept", "a fact's unit does not fit its concept's unit kind"
    VALUE_VALID = "value-valid", "a value is not a finite decimal number within the limits"
    SIGN_OK = "sign-ok", "a value is negative but its concept cannot be"
    DECIMALS_VALID = "decimals-valid", "decimals is not a whole number from -20 to 20"
    PRECISION_OK = "precision-ok", "a value has digits finer than its decimals allow"
    QUALIFIER_KNOWN = "qualifier-known", "a qualifier is not a known hedge"
    QUOTE_FOUND_ONCE = (
        "quote-found-once",
        "a quote is not found exactly once, verbatim, in source.txt",
    )
    STATED_IN_QUOTE = "stated-in-quote", "a fact's stated text does not occur inside its quote"
    UPPER_VALID = "upper-valid", "a fact's upper is neither empty nor a number above its value"
    SCALE_VALID = "scale-valid", "a fact's scale is not a whole number from 0 to 12"
    PARSES_BACK = "parses-back", "a fact's stated text does not parse back to its row"
    SOURCE_KIND_KNOWN = "source-kind-known", "a reference figure's source_kind is not known"
    HAS_URL = "has-url", "a reference figure has no http(s) source_url"
    # excluded.csv rows and coverage (checks.inputs.facts, checks.inputs.coverage)
    TOKEN_IN_QUOTE = "token-in-quote", "an exclusion's token does not occur inside its quote"
    REASON_GIVEN = "reason-given", "an exclusion gives no reason"
    UNCOVERED_TOKEN = "uncovered-token", "a number in source.txt is neither a fact nor an exclusion"
    NO_NUMBERS = "no-numbers", "source.txt holds no number-like token"
    UNCHECKED_COUNTERPART = (
        "unchecked-counterpart",
        "an article fact with a filed counterpart has no agrees claim",
    )
    # claims.csv rows (checks.claims.claims_csv)
    BAD_ID = "bad-id", "a claim_id is not 1-80 of a-z, 0-9 and _"
    DUPLICATE_ID = "duplicate-id", "a claim_id is used more than once"
    UNKNOWN_KIND = "unknown-kind", "a claim's kind is not a registered kind"
    BAD_VERDICT = "bad-verdict", "a reviewed verdict is not one of VERDICTS"
    NO_REASON = "no-reason", "a claim gives no reason for its reviewed verdicts"
    EMPTY_REVIEW = (
        "empty-review",
        "reviewed_external is empty, but an operand of the claim has a filed figure",
    )
    QUOTE_NOT_FOUND = "quote-not-found", "a claim's quote is not found in source.txt"
    QUOTE_AMBIGUOUS = "quote-ambiguous", "a claim's quote is found more than once in source.txt"
    UNEXPECTED_STATED = (
        "unexpected-stated",
        "a claim of a direction-only kind names a stated figure",
    )
    MISSING_STATED = "missing-stated", "a claim of a kind that states a figure names none"
    STATED_NOT_ARTICLE = (
        "stated-not-article",
        "a claim's stated figure is a reference fact, not the article's",
    )
    UNKNOWN_FACT = (
        "unknown-fact",
        "a claim names a fact id that exists in neither facts.csv nor reference.csv",
    )
    SELF_REFERENCE = "self-reference", "a claim uses its own stated figure as an operand"
    BAD_OPERANDS = "bad-operands", "the operands cell is not role=expression pairs"
    BAD_OPERAND = "bad-operand", "an operand expression does not parse"
    UNKNOWN_ROLE = "unknown-role", "an operand role is not one of the kind's roles"
    DUPLICATE_ROLE = "duplicate-role", "an operand role is given twice"
    MISSING_ROLE = "missing-role", "a role the kind needs is not given"
    TOO_FEW_ITEMS = "too-few-items", "a list role has fewer than two items"
    BAD_PARAMS = "bad-params", "the params cell is not key=value pairs"
    UNKNOWN_PARAM = "unknown-param", "a param is not known for the kind"
    DUPLICATE_PARAM = "duplicate-param", "a param is given twice"
    BAD_PARAM = "bad-param", "a param's value is not one the kind accepts"
    MISSING_PARAM = "missing-param", "a param the kind needs is not given"
    DOUBLE_SIGN = (
        "double-sign",
        "direction=down on a stated figure already stored negative: the fall counted twice",
    )
    UNIT_MISMATCH = (
        "unit-mismatch",
        "the units of a claim's operands or stated figure do not fit together",
    )
    # Great Expectations (checks.gx.validate, checks.cli)
    SUITE_MISSING = (
        "suite-missing",
        "a table suite file in expectations/ does not exist; run the suites session",
    )
    BAD_SUITE = (
        "bad-suite",
        "a suite file is not an object of expectations with unique UUID ids",
    )
    SUITE_STALE = "suite-stale", "a suite file differs from what the code and claims.csv generate"
    GX_CONFIG = "gx-config", "the GX project configuration (gx/) is broken"
    GX_ERROR = "gx-error", "GX could not run a suite over a case"
    GX_DISAGREES = (
        "gx-disagrees",
        "GX reports failures the pure checks did not: the two have drifted",
    )
    # reading results back (checks.model.reading, `docs --from`)
    SCHEMA_VERSION = (
        "schema-version",
        "a results file was written for another major version of the results schema",
    )
    BAD_RESULTS = "bad-results", "a results file does not fit checks/model/results.schema.json"
    # the run itself (checks.cli)
    IO_ERROR = "io-error", "an output folder cannot be written or read"
    OUT_NOT_OURS = (
        "out-not-ours",
        "the --out folder holds files this tool did not write (a run would replace its gx/)",
    )
    BAD_OUT = "bad-out", "the --out path is a file, not a folder"
    BAD_ARGS = "bad-args", "command-line options that do not go together"
    ENGINE = "engine", "the chosen engine cannot run here (Spark without Java or pyspark) or failed"
    # articles to draft or screen (checks.draft)
    BINARY_FILE = "binary-file", "an article file holds NUL bytes: it is not text"
    EMPTY_TEXT = "empty-text", "an article file holds no text"
    TOO_LARGE = "too-large", "an article (5 MiB) or case JSON file (1 MiB) is larger than the limit"
    NO_TEXT_FILES = "no-text-files", "a folder to screen holds no .txt, .md or .text file"
    CASE_EXISTS = "case-exists", "draft never overwrites an existing case folder"
    BAD_AS_OF = "bad-as-of", "--as-of is not YYYY or YYYY-MM"
    INTERNAL_ERROR = "internal-error", "a bug in claimcheck, not in the data: please report it"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place of one file.

    `line` is the 1-based physical line of the file (the header is line 1), or None for a
    problem with the whole file. `code` is a registered `ProblemCode`; a plain string is
    accepted only if it is a registered code's value, so no unregistered code can be reported.
    """

    file: str
    line: int | None
    column: str | None
    code: ProblemCode
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", ProblemCode.of(self.code))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" column {self.column!r}:" if self.column else ""
        return f"{where}:{col} {self.message}"

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Order by file, then line (whole-file problems first), column, code, message."""
        line = -1 if self.line is None else self.line
        return (self.file, line, self.column or "", self.code, self.message)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()


def format_problems(problems: Iterable[Problem], limit: int = MAX_SHOWN) -> str:
    """Render problems one per line, sorted, capped at `limit` with a count of the rest."""
    ordered = sorted(problems)
    lines = [str(p) for p in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"... and {len(ordered) - limit} more problem(s) not shown")
    return "\n".join(lines)


class DataError(Exception):
    """The user's data or configuration is broken; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        super().__init__(format_problems(self.problems))
