"""openapi-spec-validator's verdict on a spec, each finding at its real ``file:line: pointer``.

The validator reports schema problems relative to the schema it was checking (``/properties/p``,
or nothing at all for a bad ``default``), so on its own every such message lands on line 1. We
wrap its schema and default checkers to remember which schema they were given, then walk that
logical path through the document, following ``$ref``, to the node's real place.

It runs in a child process with a time limit: a vendor file's ``pattern`` can make the validator
backtrack for ever while checking a ``default`` against it, and a thread cannot be stopped.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Iterator
from typing import Any, ClassVar

from .problems import Finding, GeneratorError, Level
from .spec.document import LoadedSpec
from .spec.pointer import Pointer, RefError, parse_ref, to_str

__all__ = ["VALIDATION_SECONDS", "Validation", "start_validation", "validate_openapi"]

VALIDATION_SECONDS = float(os.environ.get("IMAGEJOBS_VALIDATION_SECONDS", "60"))
"""Runway's 1.1 MB file validates in about 3 s on the CI machine."""

Raw = tuple[Pointer, str]  # (logical pointer, message) as the child reports them


def validate_openapi(spec: LoadedSpec, *, seconds: float = VALIDATION_SECONDS) -> list[Finding]:
    """Every validator finding for ``spec.doc``; errors for our specs, warnings for a vendor's."""
    return start_validation(spec, seconds=seconds).result()


class Validation:
    """A validation running in a child process: :meth:`result` waits for it (within its limit).

    Started before the generators, it runs beside them (a big vendor file takes seconds).
    """

    def __init__(self, spec: LoadedSpec, seconds: float) -> None:
        self.spec, self.seconds = spec, seconds
        self.started = time.monotonic()
        self._raw: list[Raw] | None = None
        self.child: Any = None
        if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not Linux
            self._raw = list(_iter_raw(spec.doc))
            return
        ctx = multiprocessing.get_context("fork")
        self.receive, send = ctx.Pipe(duplex=False)
        self.child = ctx.Process(target=_child, args=(spec.doc, send), daemon=True)
        self.child.start()
        send.close()

    def result(self) -> list[Finding]:
        """The findings; GeneratorError when the validator ran out of time or died."""
        spec = self.spec
        raw = self._raw if self._raw is not None else self._wait()
        level = Level.WARNING if spec.vendor else Level.ERROR
        out: list[Finding] = []
        seen: set[tuple[Pointer, str]] = set()
        for logical, message in raw:
            ptr = physical_pointer(spec.doc, logical)
            if (ptr, message) in seen:  # the same node reached twice; distinct nodes never merge
                continue
            seen.add((ptr, message))
            out.append(spec.finding(ptr, message, level, rule="openapi-spec-validator"))
        return out

    def cancel(self) -> None:
        """Stop the child if it still runs (the build failed elsewhere)."""
        if self.child is not None and self._raw is None:
            if self.child.is_alive():
                self.child.kill()
            self.child.join()
            self.receive.close()
            self._raw = []

    def _wait(self) -> list[Raw]:
        path, seconds = self.spec.path, self.seconds
        left = max(0.0, seconds - (time.monotonic() - self.started))
        try:
            if not self.receive.poll(left):
                raise GeneratorError(
                    path,
                    0,
                    f"validation did not finish within {seconds:g} s (a catastrophic `pattern`?); "
                    "set IMAGEJOBS_VALIDATION_SECONDS to allow longer",
                )
            status, payload = self.receive.recv()
        except EOFError:
            raise GeneratorError(path, 0, "the validator process died without an answer") from None
        finally:
            if self.child.is_alive():
                self.child.kill()
            self.child.join()
            self.receive.close()
        if status != "ok":
            # openapi-spec-validator itself failed (a TypeError comparing a string `maximum`
            # with a number...): that is not a finding about the spec, and says nothing of it.
            self._raw = [
                (
                    (),
                    f"openapi-spec-validator stopped on this file ({payload}), so its other findings are unknown; the generators read the file anyway",
                )
            ]
        else:
            self._raw = list(payload)
        return self._raw


def start_validation(spec: LoadedSpec, *, seconds: float = VALIDATION_SECONDS) -> Validation:
    """Start validating ``spec.doc`` in a child process with a time limit."""
    return Validation(spec, seconds)


def _child(doc: dict[str, Any], send: Any) -> None:
    # Its findings are wanted only at the end, while the generators and the module checks are
    # the build's critical path: on two cores, let them have the CPU first.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)
    try:
        result: tuple[str, Any] = ("ok", list(_iter_raw(doc)))
    except RecursionError:
        result = ("error", "nesting too deep")
    except Exception as exc:
        result = ("error", f"{exc.__class__.__name__}: {str(exc)[:300]}")
    send.send(result)
    send.close()


def _iter_raw(doc: dict[str, Any]) -> Iterator[Raw]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    def tagged(err: Any, base: Pointer) -> Any:
        # iter_errors re-wraps plain jsonschema errors into new objects: wrap first, then tag.
        if not isinstance(err, OpenAPIValidationError):
            err = OpenAPIValidationError.create_from(err)
        if not hasattr(err, "imagejobs_base"):
            err.imagejobs_base = base
        return err

    v31 = str(doc.get("openapi", "")).startswith("3.1")
    base_cls = OpenAPIV31SpecValidator if v31 else OpenAPIV30SpecValidator
    schema_cls = keywords.OpenAPIV31SchemaValidator if v31 else keywords.OpenAPIV30SchemaValidator
    value_cls = keywords.OpenAPIV31ValueValidator if v31 else keywords.OpenAPIV30ValueValidator

    class SchemaChecker(schema_cls):  # type: ignore[misc,valid-type]
        def __call__(self, schema: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            for err in super().__call__(schema, *args, **kwargs):
                yield tagged(err, tuple(schema.parts))

    class DefaultChecker(value_cls):  # type: ignore[misc,valid-type]
        def __call__(self, schema: Any, value: Any) -> Iterator[Any]:
            for err in super().__call__(schema, value):
                yield tagged(err, (*schema.parts, "default"))

    class Validator(base_cls):  # type: ignore[misc,valid-type]
        keyword_validators: ClassVar[dict[str, Any]] = {
            **base_cls.keyword_validators,
            "schema": SchemaChecker,
            "default": DefaultChecker,
        }

    for err in Validator(doc).iter_errors():
        message = str(getattr(err, "message", err)).splitlines()[0]
        base = tuple(getattr(err, "imagejobs_base", ()))
        rel = tuple(getattr(err, "absolute_path", ()) or ())
        if base and rel[: len(base)] == base:
            rel = rel[len(base) :]
        yield (*base, *rel), message


def physical_pointer(doc: Any, logical: Pointer) -> Pointer:
    """Walk ``logical`` from the root, jumping through each ``$ref`` met on the way.

    The result names the node where it is written (so its line), not the path that reached it.
    """
    node: Any = doc
    ptr: Pointer = ()
    for part in logical:
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and part != "$ref":
            try:
                target = parse_ref(node["$ref"])
            except RefError:
                return ptr
            node, ptr, hops = _resolve_or_none(doc, target), target, hops + 1
            if node is None or hops > 50:
                return ptr
        key: str | int
        if isinstance(node, dict):
            key = part if part in node else str(part)
            if key not in node:
                return ptr
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            key = int(part)
        else:
            return ptr
        node, ptr = node[key], (*ptr, key)
    return ptr


def _resolve_or_none(doc: Any, pointer: Pointer) -> Any:
    from .spec.pointer import resolve

    try:
        return resolve(doc, pointer)
    except KeyError:
        return None


def describe(pointer: Pointer) -> str:
    """A pointer as printed in findings."""
    return to_str(pointer) or "/"
