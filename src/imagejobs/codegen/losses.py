"""What was lost, and why, in words a maintainer can act on.

openapi-python-client reports a dropped endpoint by its symptom ("Could not find reference in
parsed models or enums") and, separately, the schema it could not process (the cause: "Attempted
to generate duplicate models with name ..."). :func:`explain` joins the two: an operation that
reaches a schema the generator gave up on is reported with that schema and its reason. A Fix is
given only where one is known to apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .generators import Dropped
from .selection import reached

__all__ = ["explain", "failed_components", "model_cause"]


def failed_components(doc: dict[str, Any], schemas: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Component schema -> (the name the generator gave up on, its reason).

    The generator names the inline parts of a schema after it (``TextParamFormat_type_1``): each is
    mapped to the longest component name it starts with.
    """
    names = sorted(((doc.get("components") or {}).get("schemas") or {}), key=len, reverse=True)
    out: dict[str, tuple[str, str]] = {}
    for raw, reason in schemas.items():
        name = raw.removeprefix("/components/schemas/").removeprefix("#/components/schemas/")
        owner = next((n for n in names if name == n or name.startswith(n + "_")), None)
        if owner is not None:
            out.setdefault(owner, (name, reason))
    return out


def explain(
    doc: dict[str, Any],
    lost: Dropped,
    failed: dict[str, tuple[str, str]],
    enabled: Iterable[str],
) -> tuple[str, str]:
    """(reason, fix) for a lost operation; ``fix`` is empty when none is known to apply."""
    reason = lost.reason
    if lost.path.startswith("/") and lost.method:
        reach = reached(doc, {(lost.path, lost.method.lower())}).get("schemas", set())
        causes = sorted(c for c in reach if c in failed)
        if causes:
            name, why = failed[causes[0]]
            more = f" (and {len(causes) - 1} more)" if len(causes) > 1 else ""
            where = f"schema {causes[0]}" + (f" (its part {name})" if name != causes[0] else "")
            reason = f"{where}{more} could not be generated: {why}"
            return reason, _fix_for_schema(causes[0], why)
    return reason, _fix_for(lost, set(enabled))


def model_cause(rel: str, failed: dict[str, tuple[str, str]]) -> str:
    """For a dropped module that imported a model that was never written: the schema behind it."""
    for owner, (name, why) in failed.items():
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("__", "_")
        if snake.replace("_", "") in rel.replace("_", ""):
            return f"; schema {owner} could not be generated: {why}"
    return ""


def _fix_for_schema(component: str, why: str) -> str:
    pointer = "/components/schemas/" + component.replace("~", "~0").replace("/", "~1")
    if "duplicate models" in why:
        return (
            f"an overlay giving the inline object schemas under {pointer} names of their own in"
            " components/schemas"
        )
    return f"an overlay rewriting {pointer} into a form openapi-python-client reads"


def _fix_for(lost: Dropped, enabled: set[str]) -> str:
    reason = lost.reason.lower()
    if "3.2 method" in reason:
        return "none needed for the client; an overlay can copy it to `post` if you need to call it"
    if ("is not allowed in header" in reason or "literal" in reason) and (
        "const-parameters" not in enabled
    ):
        return "enable the `const-parameters` normalization"
    if lost.module:
        return ""  # the generator wrote it wrongly: nothing in the spec is known to be at fault
    pointer = (
        "/paths/" + lost.path.replace("~", "~0").replace("/", "~1") + f"/{lost.method.lower()}"
    )
    return f"an overlay rewriting {pointer}"
