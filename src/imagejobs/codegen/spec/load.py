"""Read a spec file safely, with the line of every node.

A spec is untrusted input. The loader refuses what could run code or exhaust the machine and says
where: Python and other non-JSON YAML tags, alias bombs, nesting deeper than :data:`MAX_DEPTH`,
files over :data:`MAX_BYTES`, numbers JSON cannot carry (``1e400``, NaN, 5,000-digit integers).
Duplicate keys are reported (the last one wins, as in every JSON parser) rather than silently
merged. Line numbers come from a second, cheap pass over the text, so every finding can say
``file:line``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import SpecProblem
from .pointer import Pointer

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "Document",
    "LoadError",
    "line_map",
    "parse_document",
    "read_document",
    "read_spec_file",
]

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 128
"""Real specs nest 8-24 levels (the corpus); the generators and validators recurse per level."""
MAX_NODES = 2_000_000
"""Nodes after YAML aliases are expanded: what a billion-laughs file would make us walk."""


class LoadError(Exception):
    """A file that cannot be read as a spec: where, and what."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


@dataclass
class Document:
    """A parsed file: the data, the line of each node, and the duplicate keys met."""

    data: Any
    lines: dict[Pointer, int]
    duplicates: list[tuple[Pointer, int]] = field(default_factory=list)
    """(pointer of the repeated key, its line) for every key given twice in one mapping."""


def read_document(root: Path, rel: str, *, string_keys: bool = True) -> Document:
    """Read and parse ``root / rel`` (YAML, or JSON when the name ends in ``.json``).

    ``string_keys=False`` also takes integer keys (a provider description's ``596:``), which an
    OpenAPI document never has.
    """
    path = root / rel
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(rel, 0, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        raw = path.read_bytes()
        # A byte-order mark is allowed before JSON and YAML text (RFC 8259 lets a parser ignore
        # it; YAML 1.2 allows it), and some vendors' tools write one.
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LoadError(rel, line, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise LoadError(rel, 0, f"cannot read file: {exc.strerror or exc}") from None
    return parse_document(text, rel, as_json=rel.endswith(".json"), string_keys=string_keys)


def parse_document(text: str, rel: str, *, as_json: bool, string_keys: bool = True) -> Document:
    """Parse ``text``; every refusal is a LoadError naming ``rel`` and the line."""
    if as_json:
        data = _parse_json(text, rel)
        # JSON gives no lines: they are scanned for when a finding first asks (a 4 MB file costs
        # half a second, and `imagejobs diff` of two clean files asks for none).
        lines: dict[Pointer, int] = _LazyLines(text)
        duplicates = _json_duplicates(text)
    else:
        node = _compose(text, rel)
        data = _construct(node, rel)
        lines, duplicates = _node_lines(node)
    _check_shape(data, rel, lines, string_keys)
    return Document(data, lines, duplicates)


# --- JSON -------------------------------------------------------------------------------------


def _parse_json(text: str, rel: str) -> Any:
    def bad_constant(name: str) -> Any:
        raise LoadError(rel, _line_of_text(text, name), f"{name} is not a JSON number")

    def checked_float(literal: str) -> float:
        value = float(literal)
        if math.isinf(value):
            raise LoadError(
                rel,
                _line_of_text(text, literal),
                f"number {literal} is out of range (it would become infinity)",
            )
        return value

    def checked_int(literal: str) -> int:
        if len(literal.lstrip("-")) > MAX_INT_DIGITS:
            raise LoadError(
                rel,
                _line_of_text(text, literal[:64]),
                f"an integer of {len(literal.lstrip('-')):,} digits; the limit is {MAX_INT_DIGITS:,}",
            )
        return int(literal)

    try:
        return json.loads(
            text, parse_constant=bad_constant, parse_float=checked_float, parse_int=checked_int
        )
    except json.JSONDecodeError as exc:
        raise LoadError(
            rel, exc.lineno, f"JSON syntax error: {exc.msg} (column {exc.colno})"
        ) from None
    except RecursionError:
        raise LoadError(rel, 0, f"nesting is deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # an integer over Python's 4,300-digit conversion limit
        raise LoadError(rel, 0, f"cannot read a number: {exc}") from None


def _line_of_text(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


# --- YAML -------------------------------------------------------------------------------------

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader (libyaml when present) for a JSON data model.

    No timestamp rule: ``version: 2024-06-01`` is a string in OpenAPI, and a ``datetime.date``
    would fail validation and could not be written to the effective ``openapi.json``.
    """


class _NumberTooLong(Exception):
    def __init__(self, line: int, digits: int) -> None:
        self.line, self.digits = line, digits


MAX_INT_DIGITS = 4_300
"""Python's own int/str conversion limit: a longer integer cannot even be read, nor written back
for the generators, which read the effective spec again in their own processes."""


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = str(node.value)
    digits = sum(ch.isdigit() for ch in value)
    if digits > MAX_INT_DIGITS:
        raise _NumberTooLong(node.start_mark.line + 1, digits)
    if value.startswith(("0o", "0x")):
        return int(value[2:], 8 if value[1] == "o" else 16)
    try:
        return int(value, 10)  # YAML 1.2: `012` is twelve
    except ValueError:  # an explicit !!int the core schema does not read (0b1, 1_000)
        return yaml.SafeLoader.construct_yaml_int(loader, node)


_SpecLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

# YAML 1.2's core schema for plain scalars, which is what OpenAPI means by YAML (and what JSON
# means by true/false/null). PyYAML implements YAML 1.1, where `no`, `yes`, `on` and `off` are
# booleans (a language enum's `no`, Norwegian, became false), `16:9` is the sexagesimal integer
# 969, `012` is octal and `1_000` an integer.
_CORE: list[tuple[str, str, re.Pattern[str]]] = [
    ("tag:yaml.org,2002:bool", "tTfF", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (
        "tag:yaml.org,2002:int",
        "-+0123456789",
        re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    ),
    (
        "tag:yaml.org,2002:float",
        "-+.0123456789",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
    ("tag:yaml.org,2002:null", "~nN", re.compile(r"^(?:~|null|Null|NULL|)$")),
]
_SpecLoader.yaml_implicit_resolvers = {}
for _tag, _first, _regexp in _CORE:
    _SpecLoader.add_implicit_resolver(_tag, _regexp, list(_first))
# The empty scalar is null too (`key:` with nothing after it).
_SpecLoader.add_implicit_resolver("tag:yaml.org,2002:null", _CORE[3][2], [""])


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')


def _guard_nesting(text: str, rel: str) -> None:
    """Refuse deep nesting before libyaml sees it.

    Its composer recurses in C: a file of 100,000 ``[`` crashes the interpreter instead of raising.
    """
    depth = 0
    for line_no, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        if indent > 8 * MAX_DEPTH:
            raise LoadError(rel, line_no, f"nesting is deeper than {MAX_DEPTH} levels")
        if "[" not in line and "{" not in line and depth == 0:
            continue
        for ch in _QUOTED.sub("", line):
            if ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError(rel, line_no, f"nesting is deeper than {MAX_DEPTH} levels")
            elif ch in "]}":
                depth = max(0, depth - 1)


def _compose(text: str, rel: str) -> yaml.Node | None:
    _guard_nesting(text, rel)
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_SpecLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, rel) from None
    except RecursionError:
        raise LoadError(rel, 0, f"nesting is deeper than {MAX_DEPTH} levels") from None
    if node is not None:
        _refuse_bombs(node, rel)
    return node


def _construct(node: yaml.Node | None, rel: str) -> Any:
    if node is None:
        return None
    loader = _SpecLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, rel) from None
    except RecursionError:
        raise LoadError(rel, 0, f"nesting is deeper than {MAX_DEPTH} levels") from None
    except _NumberTooLong as exc:
        raise LoadError(
            rel, exc.line, f"an integer of {exc.digits:,} digits; the limit is {MAX_INT_DIGITS:,}"
        ) from None
    finally:
        loader.dispose()


def _yaml_error(exc: yaml.YAMLError, rel: str) -> LoadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc)
    if "could not determine a constructor" in problem or (
        "tag" in problem and "constructor" in problem
    ):
        return LoadError(rel, line, f"YAML tag refused: {problem} (only plain JSON data is read)")
    return LoadError(rel, line, f"YAML syntax error: {problem}")


def _refuse_bombs(root: yaml.Node, rel: str) -> None:
    """Count nodes as they would be after aliases expand (memoised, so the count is cheap)."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()  # nodes whose children are being counted
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if not done:
            if id(node) in open_:
                continue  # reached again through a sibling alias before it was counted
            open_.add(id(node))
            for child in children:
                if id(child) in open_:  # `&a [*a]`: the node contains itself
                    raise LoadError(
                        rel,
                        node.start_mark.line + 1,  # the alias's own node is the anchored one
                        "a YAML alias here refers to a node that contains it (a recursive alias"
                        " expands without end)",
                    )
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        open_.discard(id(node))
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        if total > MAX_NODES:
            raise LoadError(
                rel,
                node.start_mark.line + 1,
                f"YAML aliases here expand to more than {MAX_NODES:,} nodes (an alias bomb?)",
            )
        sizes[id(node)] = total


# --- shape and lines --------------------------------------------------------------------------


_SURROGATE = re.compile("[\ud800-\udfff]")
"""A surrogate code point: only a JSON escape (``"\\ud800"``) can make one, json.loads joins the
pairs, so any left is lone (libyaml refuses them itself)."""


def _check_shape(data: Any, rel: str, lines: dict[Pointer, int], string_keys: bool = True) -> None:
    """Depth, key types and text: what the rest of the pipeline (and JSON) can hold."""
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        value, ptr = stack.pop()
        if len(ptr) > MAX_DEPTH:
            raise LoadError(rel, _nearest(lines, ptr), f"nesting is deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, int) and not isinstance(key, bool) and not string_keys:
                    stack.append((child, (*ptr, str(key))))
                    continue
                if not isinstance(key, str):
                    raise LoadError(
                        rel,
                        _nearest(lines, ptr),
                        f"key {key!r} is a {type(key).__name__}; OpenAPI keys are strings (quote it)",
                    )
                if _SURROGATE.search(key):
                    _lone_surrogate(key, rel, _nearest(lines, ptr))
                if isinstance(child, str) and _SURROGATE.search(child):
                    _lone_surrogate(child, rel, _nearest(lines, (*ptr, key)))
                stack.append((child, (*ptr, key)))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, str) and _SURROGATE.search(child):
                    _lone_surrogate(child, rel, _nearest(lines, (*ptr, i)))
            stack.extend((child, (*ptr, i)) for i, child in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            raise LoadError(rel, _nearest(lines, ptr), f"number {value} cannot be written as JSON")
        elif isinstance(value, str) and not ptr and _SURROGATE.search(value):
            _lone_surrogate(value, rel, 1)
        elif isinstance(value, (bytes, set)) or type(value).__module__ == "datetime":
            raise LoadError(rel, _nearest(lines, ptr), f"a {type(value).__name__} is not JSON data")


def _lone_surrogate(value: str, rel: str, line: int) -> None:
    found = _SURROGATE.search(value)
    code = f"U+{ord(found.group()):04X}" if found else "a surrogate"
    raise LoadError(
        rel,
        line,
        f"text holds a lone surrogate ({code}, written as an escape): it is not a character"
        " and cannot be written as UTF-8",
    )


def _nearest(lines: dict[Pointer, int], ptr: Pointer) -> int:
    for i in range(len(ptr), -1, -1):
        if ptr[:i] in lines:
            return lines[ptr[:i]]
    return 0


def line_map(text: str, *, as_json: bool) -> dict[Pointer, int]:
    """The 1-based line of every node (for a mapping entry: the line of its key)."""
    if as_json:
        return _json_lines(text)
    try:
        _guard_nesting(text, "")
        root = yaml.compose(text, Loader=_SpecLoader)
    except (yaml.YAMLError, RecursionError, LoadError):
        return {}
    return _node_lines(root)[0]


def _node_lines(root: yaml.Node | None) -> tuple[dict[Pointer, int], list[tuple[Pointer, int]]]:
    """Lines of every node under ``root``, and the keys given twice in one mapping."""
    lines: dict[Pointer, int] = {}
    duplicates: list[tuple[Pointer, int]] = []
    stack: list[tuple[yaml.Node, Pointer, int]] = []
    if root is not None:
        stack.append((root, (), root.start_mark.line + 1))
    seen: set[int] = set()
    while stack:
        node, ptr, line = stack.pop()
        lines.setdefault(ptr, line)
        if id(node) in seen:  # an alias: its lines are where the anchor is
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            names: set[str] = set()
            for key, value in node.value:
                name = str(key.value)
                if name in names and name != "<<":
                    duplicates.append(((*ptr, name), key.start_mark.line + 1))
                names.add(name)
                stack.append((value, (*ptr, name), key.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, (*ptr, i), item.start_mark.line + 1))
    return lines, sorted(duplicates, key=lambda d: d[1])


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,]|\n|[^\s{}\[\]:,"]+')


class _LazyLines(dict[Pointer, int]):
    """The line map of a JSON text, scanned on the first lookup."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _fill(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            self.update(_json_lines(text))

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __getitem__(self, key: Pointer) -> int:
        self._fill()
        return super().__getitem__(key)

    def get(self, key: Pointer, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def items(self) -> Any:
        self._fill()
        return super().items()

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def __iter__(self) -> Any:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    __hash__ = None


def _json_lines(text: str) -> dict[Pointer, int]:
    """A small JSON scanner that records where each value starts (json.loads gives no lines)."""
    lines: dict[Pointer, int] = {(): 1}
    line = 1
    # Each frame: [pointer, is_object, next key or index, expecting_key]
    stack: list[list[Any]] = []
    pending_key: str | None = None
    for match in _JSON_TOKEN.finditer(text):
        lexeme = match.group()
        if lexeme == "\n":
            line += 1
            continue
        if lexeme in ",:":
            continue
        if lexeme in "}]":
            if stack:
                stack.pop()
            continue
        frame = stack[-1] if stack else None
        if frame is not None and frame[1] and pending_key is None:
            # a key of the current object (most have no escape: no need to decode those)
            if lexeme.startswith('"') and "\\" not in lexeme:
                pending_key = lexeme[1:-1]
            else:
                try:
                    pending_key = json.loads(lexeme) if lexeme.startswith('"') else lexeme
                except ValueError:
                    pending_key = lexeme
            lines.setdefault((*frame[0], pending_key), line)
            continue
        if frame is None:
            ptr: Pointer = ()
        elif frame[1]:
            ptr = (*frame[0], pending_key if pending_key is not None else "")
            pending_key = None
        else:
            ptr = (*frame[0], frame[2])
            frame[2] += 1
        lines.setdefault(ptr, line)
        if lexeme == "{":
            stack.append([ptr, True, 0, True])
        elif lexeme == "[":
            stack.append([ptr, False, 0, False])
    return lines


def _json_duplicates(text: str) -> list[tuple[Pointer, int]]:
    """Keys given twice in one JSON object, located through the YAML composer (JSON is YAML)."""
    found = False

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        found = found or len({k for k, _ in pairs}) != len(pairs)
        return dict(pairs)

    try:
        json.loads(text, object_pairs_hook=hook)
    except (ValueError, RecursionError):
        return []
    if not found:
        return []
    try:  # json.loads accepted it, so the nesting is within bounds
        root = yaml.compose(text, Loader=_SpecLoader)
    except (yaml.YAMLError, RecursionError):
        return [((), 0)]
    return _node_lines(root)[1] or [((), 0)]


def read_spec_file(root: Path, rel: str, *, string_keys: bool = True) -> Document:
    """:func:`read_document`, with a refusal turned into a located SpecProblem."""
    try:
        return read_document(root, rel, string_keys=string_keys)
    except LoadError as exc:
        raise SpecProblem(exc.file, exc.line, exc.message) from None
