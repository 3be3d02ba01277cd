"""Check a case's case.json: its hedge policy overrides and the date its source describes."""

from __future__ import annotations

import re
from datetime import date

from checks.inputs.case import Case
from checks.inputs.paths import display_path
from checks.numbers.hedge import DEFAULT_POLICY, HedgePolicy
from checks.problems import Problem, ProblemCode

__all__ = ["CONFIG_KEYS", "check_config"]

CONFIG_KEYS = ("as_of", "hedge_policy")


def check_config(case: Case, today: date) -> tuple[HedgePolicy, int | None, list[Problem]]:
    """Validate case.json: the hedge policy overrides and the as_of date of the source.

    An as_of after `today` is a data error, not a changed verdict: a source cannot describe
    a date that has not come (elapsed_years claims would silently move with it).
    """
    shown = display_path(case.root / "case.json")
    problems: list[Problem] = []
    for key in sorted(set(case.config) - set(CONFIG_KEYS)):
        problems.append(
            Problem(
                shown,
                None,
                key,
                ProblemCode.UNKNOWN_KEY,
                f"unknown key {key!r}; known keys: {', '.join(CONFIG_KEYS)}",
            )
        )
    policy = DEFAULT_POLICY
    overrides = case.config.get("hedge_policy")
    if overrides is not None:
        if not isinstance(overrides, dict):
            problems.append(
                Problem(
                    shown,
                    None,
                    "hedge_policy",
                    ProblemCode.BAD_CONFIG,
                    f"hedge_policy must be an object of settings, not {overrides!r}",
                )
            )
        else:
            try:
                policy = HedgePolicy.from_mapping(overrides)
            except ValueError as exc:
                problems.append(
                    Problem(shown, None, "hedge_policy", ProblemCode.BAD_CONFIG, str(exc))
                )
    as_of: int | None = None
    raw = case.config.get("as_of")
    if raw is not None:
        m = re.fullmatch(r"([0-9]{4})(-[0-9]{2})?(-[0-9]{2})?", str(raw))
        if m is None or not _is_date(str(raw)):
            problems.append(
                Problem(
                    shown,
                    None,
                    "as_of",
                    ProblemCode.BAD_CONFIG,
                    f"as_of {raw!r} must be a date like '2025-09' or '2025-09-24' (the date the source describes)",
                )
            )
        elif not _MIN_AS_OF <= _first_day(str(raw)) <= today:
            problems.append(
                Problem(
                    shown,
                    None,
                    "as_of",
                    ProblemCode.BAD_CONFIG,
                    f"as_of {raw!r} lies in the future; as_of is the date the source describes "
                    "(when it was written, or the latest event it reports), which cannot be later "
                    "than today"
                    if _first_day(str(raw)) > today
                    else f"as_of {raw!r} is before {_MIN_AS_OF.year}; give the date the source "
                    "describes, e.g. '2025-09'",
                )
            )
        else:
            as_of = int(m.group(1))
    return policy, as_of, problems


_MIN_AS_OF = date(1900, 1, 1)


def _first_day(text: str) -> date:
    """Return the first day that YYYY, YYYY-MM or YYYY-MM-DD names (a valid date)."""
    year, month, day = [*map(int, text.split("-")), 1, 1][:3]
    return date(year, month, day)


def _is_date(text: str) -> bool:
    """Say whether YYYY, YYYY-MM or YYYY-MM-DD names a real year, month or day."""
    year, month, day = [*map(int, text.split("-")), 1, 1][:3]
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
