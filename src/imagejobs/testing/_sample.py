"""Type-correct placeholder JSON from an OpenAPI schema, with some values pinned by pointer.

`DescribedFake` answers with bodies built here from the provider's effective spec (the
`openapi.json` its generated package carries), so it needs no generated model names: a job's
id, status and times are pinned at the description's pointers, and every other required field
gets a value of the declared type and format. Where a schema is a `oneOf`/`anyOf` (Runway's
task is one branch per status), the first branch that accepts the pinned values is taken.

Only what an answer needs is produced: required properties and the pinned ones; optional ones
are left out, nullable ones are null, arrays are as short as `minItems` allows.
"""

from __future__ import annotations

import copy
import json
import random
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from imagejobs.errors import pointer_tokens

__all__ = ["Pins", "Sampler", "iso", "pointer_parts", "put", "spec_of"]

#: Pinned values by path (pointer parts) relative to the schema being sampled.
Pins = Mapping[tuple[str, ...], Any]

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}
#: Deeper than this, a (recursive) schema gets no more required fields: null or empty.
_MAX_DEPTH = 12


def spec_of(package: str) -> dict[str, Any]:
    """The effective spec a generated package was built from (its `openapi.json`)."""
    text = resources.files(package).joinpath("openapi.json").read_text(encoding="utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


#: A JSON pointer's reference tokens, read as the clients read them.
pointer_parts = pointer_tokens


def put(body: dict[str, Any], parts: tuple[str, ...], value: Any) -> None:
    """Set `value` at `parts` in `body`, making the objects on the way."""
    holder: Any = body
    for index, part in enumerate(parts[:-1]):
        nxt = parts[index + 1]
        if isinstance(holder, list):
            slot = int(part)
            while len(holder) <= slot:
                holder.append({})
            holder = holder[slot]
            continue
        if not isinstance(holder.get(part), dict | list):
            holder[part] = [] if nxt.isdigit() else {}
        holder = holder[part]
    if isinstance(holder, list):
        slot = int(parts[-1])
        while len(holder) <= slot:
            holder.append(None)
        holder[slot] = value
    else:
        holder[parts[-1]] = value


def iso(seconds: float) -> str:
    """A UTC time as RFC 3339 with milliseconds and `Z` (what the strictest specs pattern-check)."""
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _below(pins: Pins, key: str) -> dict[tuple[str, ...], Any]:
    return {path[1:]: value for path, value in pins.items() if path and path[0] == key}


class Sampler:
    """Placeholder values for one spec's schemas (`now` dates them, `seed` draws the uuids)."""

    def __init__(self, spec: Mapping[str, Any], seed: int | str, now: float) -> None:
        self.spec = spec
        # Reproducible placeholders, not secrets: the same job gets the same body every time.
        self.rng = random.Random(seed)  # noqa: S311
        self.now = now

    def resolve(self, schema: Any) -> dict[str, Any]:
        """`schema` with its `$ref`s followed (a local ref only; anything else is empty)."""
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 64:
            ref = str(schema["$ref"])
            target: Any = self.spec
            for part in pointer_parts(ref.removeprefix("#")):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            schema, seen = target, seen + 1
        return schema if isinstance(schema, dict) else {}

    # -- which branch fits ---------------------------------------------------------------------

    def accepts(self, schema: Any, value: Any) -> bool:
        """Whether `value` may stand where `schema` is (enum, const and type; shallow)."""
        schema = self.resolve(schema)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return any(self.accepts(branch, value) for branch in schema[key])
        if "allOf" in schema:
            return all(self.accepts(part, value) for part in schema["allOf"])
        if "const" in schema:
            return bool(schema["const"] == value)
        if "enum" in schema:
            return value in schema["enum"]
        kinds = schema.get("type")
        if value is None:
            return bool(schema.get("nullable")) or kinds is None or "null" in _list(kinds)
        if kinds is None:
            return True
        wanted = tuple(t for k in _list(kinds) for t in _TYPES.get(k, ()))
        return isinstance(value, wanted) and not (
            isinstance(value, bool) and "boolean" not in _list(kinds)
        )

    def at(self, schema: Any, parts: tuple[str, ...]) -> list[dict[str, Any]] | None:
        """The schemas found at `parts` under `schema` (None: the path cannot exist there)."""
        schema = self.resolve(schema)
        if not parts:
            return [schema]
        if "allOf" in schema:
            found = [self.at(part, parts) for part in schema["allOf"]]
            hits = [s for f in found if f for s in f]
            return hits or None
        for key in ("oneOf", "anyOf"):
            if key in schema:
                found = [self.at(branch, parts) for branch in schema[key]]
                hits = [s for f in found if f for s in f]
                return hits or None
        head, rest = parts[0], parts[1:]
        if head.isdigit() and "items" in schema:
            return self.at(schema["items"], rest)
        props = schema.get("properties") or {}
        if head in props:
            return self.at(props[head], rest)
        extra = schema.get("additionalProperties", True)
        if extra is False:
            return None
        return [{}] if extra is True else self.at(extra, rest)

    def fits(self, schema: Any, pins: Pins) -> bool:
        """Whether every pinned value may stand at its path under `schema`."""
        for path, value in pins.items():
            found = self.at(schema, path)
            if found is None or not any(self.accepts(s, value) for s in found):
                return False
        return True

    # -- values --------------------------------------------------------------------------------

    def value(self, schema: Any, pins: Pins | None = None, name: str = "", depth: int = 0) -> Any:
        """A placeholder for `schema`, with `pins` (path -> value) set where they belong."""
        pins = pins or {}
        if () in pins:
            return copy.deepcopy(pins[()])
        schema = self.resolve(schema)
        if depth > _MAX_DEPTH:
            return {} if _is_object(schema) else None
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                got = self.value(part, pins, name, depth + 1)
                if isinstance(got, dict):
                    merged.update(got)
            return merged
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self._branch(schema, schema[key], pins, name, depth)
        if pins and _is_object(schema):
            return self._object(schema, pins, depth)
        if _nullable(schema):
            return None
        return self._plain(schema, pins, name, depth)

    def _branch(
        self, schema: dict[str, Any], branches: list[Any], pins: Pins, name: str, depth: int
    ) -> Any:
        solid = [b for b in branches if self.resolve(b).get("type") != "null"]
        if not pins and len(solid) < len(branches):
            return None  # `anyOf: [X, null]` unpinned: null, as for a nullable field
        choice = next((b for b in solid if self.fits(b, pins)), solid[0] if solid else {})
        got = self.value(choice, pins, name, depth + 1)
        tag = (schema.get("discriminator") or {}).get("propertyName")
        if isinstance(got, dict) and tag and (tag,) not in pins and isinstance(choice, dict):
            mapping = (schema.get("discriminator") or {}).get("mapping") or {}
            ref = choice.get("$ref")
            for key, target in mapping.items():
                if target == ref:
                    got[tag] = key
            if tag not in got and isinstance(ref, str):
                got[tag] = ref.rsplit("/", 1)[-1]
        return got

    def _plain(self, schema: dict[str, Any], pins: Pins, name: str, depth: int) -> Any:
        if "const" in schema:
            return schema["const"]
        enum = [v for v in schema.get("enum") or () if v is not None]
        if enum:
            return enum[0]
        if "default" in schema and schema["default"] is not None:
            return copy.deepcopy(schema["default"])
        kind = next((k for k in _list(schema.get("type")) if k != "null"), None)
        if kind is None and _is_object(schema):
            kind = "object"
        if kind == "object":
            return self._object(schema, pins, depth)
        if kind == "array":
            count = int(schema.get("minItems") or 0)
            return [self.value(schema.get("items"), None, name, depth + 1) for _ in range(count)]
        if kind == "string":
            return self._string(schema, name)
        if kind in ("integer", "number"):
            return self._number(schema, kind)
        if kind == "boolean":
            return False
        return None  # no type: any JSON, and null is JSON

    def _object(self, schema: dict[str, Any], pins: Pins, depth: int) -> dict[str, Any]:
        props = schema.get("properties") or {}
        wanted = list(schema.get("required") or ())
        wanted += [path[0] for path in pins if path and path[0] not in wanted]
        out: dict[str, Any] = {}
        for key in wanted:
            below = _below(pins, key)
            sub = props.get(key)
            if sub is None:
                extra = schema.get("additionalProperties")
                sub = extra if isinstance(extra, dict) else {}
            out[key] = self.value(sub, below, key, depth + 1)
        return out

    def _string(self, schema: dict[str, Any], name: str) -> str:
        fmt = schema.get("format")
        example = schema.get("example")
        if fmt in ("date-time", "datetime"):
            return iso(self.now)
        if fmt == "date":
            return iso(self.now)[:10]
        if fmt == "uuid":
            return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        if isinstance(example, str) and example:
            return example
        if fmt in ("uri", "url", "uri-reference"):
            return f"https://example.com/{name or 'resource'}"
        if fmt == "email":
            return "someone@example.com"
        text = (name or "text").replace("_", "-")
        least = int(schema.get("minLength") or 0)
        return text.ljust(least, "x")

    def _number(self, schema: dict[str, Any], kind: str) -> int | float:
        example = schema.get("example")
        if schema.get("format") in ("unixtime", "unix-time", "timestamp"):
            value: float = int(self.now)
        elif isinstance(example, int | float) and not isinstance(example, bool):
            value = example
        elif "minimum" in schema:
            value = schema["minimum"]
        elif isinstance(schema.get("exclusiveMinimum"), int | float):
            value = schema["exclusiveMinimum"] + 1
        else:
            value = 1
        if "maximum" in schema and value > schema["maximum"]:
            value = schema["maximum"]
        return int(value) if kind == "integer" else float(value)


def _list(kinds: Any) -> list[str]:
    if kinds is None:
        return []
    return [str(k) for k in kinds] if isinstance(kinds, list) else [str(kinds)]


def _is_object(schema: dict[str, Any]) -> bool:
    return "object" in _list(schema.get("type")) or "properties" in schema


def _nullable(schema: dict[str, Any]) -> bool:
    return bool(schema.get("nullable")) or "null" in _list(schema.get("type"))
