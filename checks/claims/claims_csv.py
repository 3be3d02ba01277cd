"""Read claims.csv rows into validated claim specifications, collecting every problem.

Each row is checked whole (id, kind, reviewed verdicts, quote, stated figure, operands,
params, units) and every problem is kept with its line and column; a row becomes a
`ClaimSpec` only when it has none.
"""

from __future__ import annotations

from collections import Counter

from checks.claims.kinds import KINDS, Kind
from checks.claims.operands import Expr, ExprError, Op, parse_expr, refs
from checks.claims.params import read_params, split_pairs
from checks.claims.specs import ClaimSpec, UnitError, unit_of
from checks.claims.verdicts import Scenario, Verdict
from checks.inputs.coverage import count_verbatim
from checks.inputs.csv_tables import Row, Table
from checks.inputs.facts import FACT_ID, FactRecord
from checks.problems import Problem, ProblemCode

__all__ = ["read_claims"]

_WORDS = [str(v) for v in Verdict]
_VERDICTS = {str(v): v for v in Verdict}  # a dict look-up costs less than Verdict(word)
_REVIEWED = tuple((s, f"reviewed_{s}") for s in Scenario)  # each scenario's claims.csv column


class _ClaimReader:
    def __init__(
        self, table: Table, facts: dict[str, FactRecord], all_ids: set[str], source: str
    ) -> None:
        self.table, self.facts, self.all_ids, self.source = table, facts, all_ids, source
        self.problems: list[Problem] = []

    def problem(self, row: Row, column: str, code: ProblemCode, message: str) -> None:
        self.problems.append(Problem(self.table.file, row.line, column, code, message))

    def read(self) -> list[ClaimSpec]:
        ids = Counter(r["claim_id"] for r in self.table)
        specs = []
        for row in self.table:
            before = len(self.problems)
            spec = self.read_row(row, ids)
            if spec is not None and len(self.problems) == before:
                specs.append(spec)
        return specs

    def read_row(self, row: Row, ids: Counter[str]) -> ClaimSpec | None:
        cell = row.cells.get  # as row[column] (with "" for a missing column), without a call each
        cid = cell("claim_id", "")
        if not FACT_ID.fullmatch(cid):
            self.problem(
                row, "claim_id", ProblemCode.BAD_ID, f"claim_id {cid!r} must be 1-80 of a-z, 0-9, _"
            )
        if ids[cid] > 1:
            self.problem(
                row,
                "claim_id",
                ProblemCode.DUPLICATE_ID,
                f"claim_id {cid!r} is used {ids[cid]} times; claim ids must be unique",
            )
        kind = KINDS.get(cell("kind", ""))
        if kind is None:
            self.problem(
                row,
                "kind",
                ProblemCode.UNKNOWN_KIND,
                f"kind {row['kind']!r} is not known; use one of {', '.join(sorted(KINDS))}",
            )
        words = _WORDS
        bad_verdict = False
        for scenario, column in _REVIEWED:
            if scenario == Scenario.EXTERNAL and not cell(column, ""):
                continue  # no review: allowed where nothing is filed (checks.claims.filings)
            if cell(column, "") not in _VERDICTS:
                bad_verdict = True
                empty_ok = (
                    " (or leave it empty where no operand has a filed figure)"
                    if scenario == Scenario.EXTERNAL
                    else ""
                )
                self.problem(
                    row,
                    column,
                    ProblemCode.BAD_VERDICT,
                    f"{column} {row[column]!r} is not a verdict; use one of {', '.join(words)}"
                    + empty_ok,
                )
        if not cell("reason", ""):
            self.problem(
                row, "reason", ProblemCode.NO_REASON, "a reviewed verdict needs a one-line reason"
            )
        n = count_verbatim(self.source, cell("quote", ""))
        if n != 1:
            self.problem(
                row,
                "quote",
                ProblemCode.QUOTE_NOT_FOUND if n == 0 else ProblemCode.QUOTE_AMBIGUOUS,
                f"quote {row['quote']!r} is found {n} times in source.txt; it must appear exactly once, verbatim",
            )
        if kind is None:
            return None
        stated = self.read_stated(row, kind)
        operands = self.read_operands(row, kind)
        params = self.read_params(row, kind)
        if operands is None or params is None or stated == "":
            return None
        used = [fid for exprs in operands.values() for e in exprs for fid in refs(e)]
        if stated is not None and stated in used:
            self.problem(
                row,
                "operands",
                ProblemCode.SELF_REFERENCE,
                f"claim uses its own stated fact {stated!r} as an operand; a claim must relate the stated figure to other facts",
            )
            return None
        missing = sorted({f for f in used if f not in self.all_ids})
        if missing:
            self.problem(
                row,
                "operands",
                ProblemCode.UNKNOWN_FACT,
                f"operands name unknown fact id(s) {', '.join(map(repr, missing))}; use ids from facts.csv or reference.csv",
            )
            return None
        if any(f not in self.facts for f in used) or (
            stated is not None and stated not in self.facts
        ):
            return None  # the fact itself is broken; its own row problem says why
        self.check_units(row, kind, stated, operands)
        if (
            stated is not None
            and params.get("direction") == "down"
            and self.facts[stated].value < 0
        ):
            self.problem(
                row,
                "params",
                ProblemCode.DOUBLE_SIGN,
                f"direction=down reads the stated figure {stated!r} as a fall, but its value is already negative ({self.facts[stated].value}); store the magnitude the text writes (下降2个百分点: value 2) or drop direction=down",
            )
            return None
        if bad_verdict:
            return None  # reported above; the row is dropped like any row with a problem
        return ClaimSpec(
            cid,
            kind.name,
            stated,
            operands,
            params,
            cell("quote", ""),
            {s: _VERDICTS[word] if (word := cell(column, "")) else None for s, column in _REVIEWED},
            cell("reason", ""),
            row.line,
            cell("note", ""),
            tuple(dict.fromkeys(used + ([stated] if stated else []))),
        )

    def read_stated(self, row: Row, kind: Kind) -> str | None:
        """Return the stated fact id, None where the kind states none, '' on a problem."""
        stated = row.cells.get("stated", "")
        if kind.stated == "none":
            if stated:
                self.problem(
                    row,
                    "stated",
                    ProblemCode.UNEXPECTED_STATED,
                    f"kind {kind.name!r} states a direction, not a figure; leave stated empty",
                )
                return ""
            return None
        if not stated:
            if kind.stated == "required":
                self.problem(
                    row,
                    "stated",
                    ProblemCode.MISSING_STATED,
                    f"kind {kind.name!r} needs the id of the stated figure",
                )
                return ""
            return None
        if stated not in self.all_ids:
            self.problem(
                row,
                "stated",
                ProblemCode.UNKNOWN_FACT,
                f"stated fact {stated!r} does not exist; use an id from facts.csv",
            )
            return ""
        rec = self.facts.get(stated)
        if rec is not None and rec.origin != "article":
            self.problem(
                row,
                "stated",
                ProblemCode.STATED_NOT_ARTICLE,
                f"stated fact {stated!r} is a reference fact; a claim's stated figure is what the source says (a facts.csv id)",
            )
            return ""
        return stated

    def read_operands(self, row: Row, kind: Kind) -> dict[str, list[Expr]] | None:
        pairs = split_pairs(row.cells.get("operands", ""))
        if pairs is None:
            self.problem(
                row,
                "operands",
                ProblemCode.BAD_OPERANDS,
                f"operands {row['operands']!r} must be role=fact_id pairs separated by ';', e.g. {';'.join(r + '=...' for r in kind.all_roles)}",
            )
            return None
        out: dict[str, list[Expr]] = {}
        ok = True
        for role, text in pairs:
            if role not in kind.all_roles:
                self.problem(
                    row,
                    "operands",
                    ProblemCode.UNKNOWN_ROLE,
                    f"role {role!r} is not one of {kind.name!r}'s roles: {', '.join(kind.all_roles)}",
                )
                ok = False
                continue
            if role in out:
                self.problem(
                    row, "operands", ProblemCode.DUPLICATE_ROLE, f"role {role!r} is given twice"
                )
                ok = False
                continue
            parts = text.split(",") if role in kind.list_roles else [text]
            try:
                out[role] = [_EXPRS.get(p) or _parsed(p) for p in parts]
            except ExprError as exc:
                self.problem(row, "operands", ProblemCode.BAD_OPERAND, f"role {role!r}: {exc}")
                ok = False
        for role in kind.all_roles:
            if role not in out and ok:
                self.problem(
                    row,
                    "operands",
                    ProblemCode.MISSING_ROLE,
                    f"kind {kind.name!r} needs role {role!r}; give {';'.join(r + '=...' for r in kind.all_roles)}",
                )
                ok = False
        if ok and kind.list_roles and any(len(out[r]) < 2 for r in kind.list_roles):
            self.problem(
                row,
                "operands",
                ProblemCode.TOO_FEW_ITEMS,
                f"kind {kind.name!r} needs at least two items",
            )
            ok = False
        return out if ok else None

    def read_params(self, row: Row, kind: Kind) -> dict[str, str] | None:
        params, problems = read_params(row.cells.get("params", ""), kind)
        for code, message in problems:
            self.problem(row, "params", code, message)
        return params

    def check_units(
        self, row: Row, kind: Kind, stated: str | None, operands: dict[str, list[Expr]]
    ) -> None:
        try:
            units = {
                role: [unit_of(e, self.facts) for e in exprs] for role, exprs in operands.items()
            }
        except UnitError as exc:
            self.problem(
                row, "operands", ProblemCode.UNIT_MISMATCH, f"{exc}; check the operands' units"
            )
            return
        flat = [u for us in units.values() for u in us if u is not None]
        stated_unit = self.facts[stated].unit if stated else None
        same_roles = kind.name not in ("pp_change", "product", "elapsed_years")
        if same_roles and len(set(flat)) > 1:
            shown = ", ".join(f"{r}={u}" for r, us in units.items() for u in us)
            self.problem(
                row,
                "operands",
                ProblemCode.UNIT_MISMATCH,
                f"kind {kind.name!r} needs its operands in one unit, got {shown}",
            )
            return
        if kind.name == "pp_change" and any(u != "pct" for u in flat):
            self.problem(
                row,
                "operands",
                ProblemCode.UNIT_MISMATCH,
                f"pp_change needs percent operands, got {', '.join(map(str, flat))}",
            )
        if kind.name == "elapsed_years" and flat != ["year"]:
            self.problem(
                row,
                "operands",
                ProblemCode.UNIT_MISMATCH,
                f"elapsed_years needs a calendar year as start, got {flat!r}",
            )
        if stated_unit is None:
            return
        if kind.stated_units:
            if stated_unit not in kind.stated_units:
                self.problem(
                    row,
                    "stated",
                    ProblemCode.UNIT_MISMATCH,
                    f"kind {kind.name!r} states a figure in {' or '.join(kind.stated_units)}, but {stated!r} is in {stated_unit!r}",
                )
            return
        try:
            expected = (
                unit_of(Op("*", *operands["a"], *operands["b"]), self.facts)
                if kind.name == "product"
                else (flat[0] if flat else None)
            )
        except UnitError as exc:
            self.problem(
                row, "operands", ProblemCode.UNIT_MISMATCH, f"{exc}; check the operands' units"
            )
            return
        if expected is not None and expected != stated_unit:
            self.problem(
                row,
                "stated",
                ProblemCode.UNIT_MISMATCH,
                f"stated {stated!r} is in {stated_unit!r} but the operands give {expected!r}",
            )


_EXPRS: dict[str, Expr] = {}
"""Operands read before, by text: most are a fact id, and a batch of cases repeats them."""


def _parsed(text: str) -> Expr:
    """Parse an operand (raising ExprError) and keep it: an Expr is immutable, so shareable."""
    expr = parse_expr(text)
    if len(_EXPRS) >= 65_536:
        _EXPRS.clear()  # bounded: a corpus of generated ids would otherwise grow it forever
    _EXPRS[text] = expr
    return expr


def read_claims(
    table: Table, facts: dict[str, FactRecord], all_ids: set[str], source: str
) -> tuple[list[ClaimSpec], list[Problem]]:
    """Validate every claim row; return the good specs and every problem met."""
    reader = _ClaimReader(table, facts, all_ids, source)
    specs = reader.read()
    return specs, reader.problems
