"""Tell quickly that a document fits the results schema; leave the errors to jsonschema.

`docs --from` checks every case file it reads against the shipped JSON Schema. jsonschema
walks a case document in about 0.1 s, more than rendering its page, so ten thousand case
files would spend a quarter of an hour on a check that almost always passes. This module
compiles the schema once into plain Python predicates (a few milliseconds a case) that
answer only "certainly valid". Anything else, including a value this compiler treats more
strictly than JSON Schema does (an integer written 1.0, a boolean in an enum), goes to
jsonschema, which then reports the errors with their paths or finds none. So the quick
check can refuse too much but never accepts a document that jsonschema would refuse.

It understands the keywords the schema uses; a schema with any other keyword compiles to
"ask jsonschema" for every document, so a new keyword can never be silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Check", "compile_schema"]

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"$id", "$schema", "description", "title"})
# The Python types json.loads gives for each JSON Schema type (an integer written 1.0 is a
# float: stricter than JSON Schema, so it goes to jsonschema, which accepts it).
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
}


class _Unknown(Exception):
    """The schema uses a keyword this compiler does not know."""


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """Compile a schema (with its `$defs`) into a predicate: True only for valid documents."""
    defs: dict[str, Check] = {}
    compiled: dict[str, Check] = {}

    def ref(target: str) -> Check:
        name = target.removeprefix("#/$defs/")
        if name == target or name not in schema.get("$defs", {}):
            raise _Unknown(target)
        if name not in defs:
            defs[name] = lambda v: compiled[name](v)  # resolved once compiled (recursion)
            compiled[name] = _compile(schema["$defs"][name], ref)
        return defs[name]

    try:
        root = _compile({k: v for k, v in schema.items() if k != "$defs"}, ref)
    except _Unknown:
        return lambda _: False
    return root


def _compile(node: Mapping[str, Any], ref: Callable[[str], Check]) -> Check:
    checks: list[Check] = []
    for key, value in node.items():
        if key in _ANNOTATIONS or key in ("properties", "additionalProperties", "required"):
            continue
        checks.append(_keyword(key, value, ref))
    if "properties" in node or "additionalProperties" in node or "required" in node:
        checks.append(_object(node, ref))
    if not checks:
        return lambda _: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    return lambda v: all(c(v) for c in checks)


def _keyword(key: str, value: Any, ref: Callable[[str], Check]) -> Check:
    if key == "$ref":
        return ref(value)
    if key == "type":
        names = [value] if isinstance(value, str) else value
        if not all(n in _TYPES for n in names):
            raise _Unknown(f"type {value!r}")
        types = frozenset(t for n in names for t in _TYPES[n])
        return lambda v: type(v) in types
    if key == "enum":
        if not all(type(x) is str or x is None for x in value):
            raise _Unknown(key)
        words: frozenset[str | None] = frozenset(value)
        return lambda v: (type(v) is str or v is None) and v in words
    if key == "pattern":
        search = re.compile(value).search
        return lambda v: type(v) is not str or search(v) is not None
    if key == "minimum":
        return lambda v: type(v) not in (int, float) or v >= value
    if key in ("minItems", "maxItems"):
        low = key == "minItems"
        return lambda v: type(v) is not list or (len(v) >= value if low else len(v) <= value)
    if key == "items":
        item = _compile(value, ref)
        return lambda v: type(v) is not list or all(item(x) for x in v)
    if key == "propertyNames":
        name = _compile(value, ref)
        return lambda v: type(v) is not dict or all(name(k) for k in v)
    if key == "anyOf":  # stricter options can only accept less: still never too much
        options = [_compile(o, ref) for o in value]
        return lambda v: any(o(v) for o in options)
    raise _Unknown(key)  # oneOf among them: a stricter option could make "exactly one" true


def _object(node: Mapping[str, Any], ref: Callable[[str], Check]) -> Check:
    props = {k: _compile(s, ref) for k, s in node.get("properties", {}).items()}
    required = tuple(node.get("required", ()))
    extra = node.get("additionalProperties", True)
    other: Check | None
    if extra is True:
        other = None
    elif extra is False:
        other = lambda _: False  # noqa: E731
    else:
        other = _compile(extra, ref)

    def check(v: Any) -> bool:
        if type(v) is not dict:
            return True
        for k in required:
            if k not in v:
                return False
        for k, x in v.items():
            test = props.get(k, other)
            if test is not None and not test(x):
                return False
        return True

    return check
