"""The diff's rules, one table: each full rule id with its area, its class in a request and in a response, and its message.

The walkers (``_operations``, ``_schemas``, ``_security``) find changes; this table judges them,
the way oasdiff's ``checker/rules.go`` binds each id to its level: a walker names a rule id and
fills its message's fields, :func:`rule` looks the id up (an id missing here is a ``KeyError``,
caught by the tests, never a silently unclassified change). Every id is written out once, as a
literal, so grepping a reported id finds its row.

``docs/diff-rules.md`` is generated from this table by `.docs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._model import Severity

__all__ = [
    "AREAS",
    "RULES",
    "SCHEMA_PREFIXES",
    "TABLE",
    "Area",
    "Direction",
    "Rule",
    "rule",
    "schema_rule",
]

Direction = Literal["request", "response"]
Area = Literal[
    "Operations", "Parameters", "Request bodies", "Responses", "Security", "Schema rules"
]
AREAS: tuple[Area, ...] = (
    "Operations",
    "Parameters",
    "Request bodies",
    "Responses",
    "Security",
    "Schema rules",
)
SCHEMA_PREFIXES = (
    "request-parameter",
    "request-body",
    "request-property",
    "response-body",
    "response-property",
    "response-header",
)
"""Where a schema rule applies: the first words of its id (``response-property-type-changed``)."""

BREAKING: Severity = "breaking"
WARNING: Severity = "warning"
COMPATIBLE: Severity = "compatible"


@dataclass(frozen=True)
class Rule:
    """One rule: what a change of this kind means in a request and in a response."""

    id: str
    area: Area
    request: Severity | None
    """The class when the change is in what a client sends; None when it cannot be."""
    response: Severity | None
    """The class when the change is in what a client receives; None when it cannot be."""
    message: str
    """A ``str.format`` template; the walker fills its fields (escaped when a report prints)."""
    when: str = ""
    oasdiff: str = ""
    extensible: Severity | None = None
    """The class instead, for a response enum that declares ``x-extensible-enum``."""
    family: str = ""
    """For a schema rule, the id without its prefix (``type-changed``)."""

    def severity(self, direction: Direction | None, *, extensible: bool = False) -> Severity:
        """The class in ``direction`` (a rule with one direction ignores it)."""
        if extensible and self.extensible is not None and direction == "response":
            return self.extensible
        chosen = self.request if direction == "request" else self.response
        if direction is None or chosen is None:
            chosen = self.request if self.request is not None else self.response
        assert chosen is not None, self.id
        return chosen

    def format(self, **fields: object) -> str:
        return self.message.format(**fields)


def _rule(
    id: str,
    area: Area,
    request: Severity | None,
    response: Severity | None,
    message: str,
    *,
    when: str = "",
    oasdiff: str = "",
) -> tuple[Rule, ...]:
    return (Rule(id, area, request, response, message, when, oasdiff),)


def _family(
    request_ids: tuple[str, str, str],
    response_ids: tuple[str, str, str],
    request: Severity,
    response: Severity,
    message: str,
    *,
    when: str = "",
    oasdiff: str = "",
    extensible: Severity | None = None,
) -> tuple[Rule, ...]:
    """One schema rule under each prefix: the request ids class as ``request``, the others as ``response``."""
    family = request_ids[0].removeprefix(SCHEMA_PREFIXES[0] + "-")
    out = [
        Rule(i, "Schema rules", request, None, message, when, oasdiff, None, family)
        for i in request_ids
    ]
    out += [
        Rule(i, "Schema rules", None, response, message, when, oasdiff, extensible, family)
        for i in response_ids
    ]
    return tuple(out)


# fmt: off
_ROWS: tuple[tuple[Rule, ...], ...] = (
    # --- operations ---
    _rule("api-removed", "Operations", BREAKING, BREAKING, "operation removed{note}",
          when="an operation is gone (its module disappears)",
          oasdiff="`api-removed-without-deprecation`, `api-path-removed-without-deprecation`"),
    _rule("endpoint-added", "Operations", COMPATIBLE, COMPATIBLE, "operation added",
          when="a new operation", oasdiff="`endpoint-added`"),
    _rule("endpoint-deprecated", "Operations", WARNING, WARNING, "operation deprecated",
          when="`deprecated: true` added", oasdiff="`endpoint-deprecated` (info)"),
    _rule("api-operation-id-changed", "Operations", BREAKING, BREAKING,
          "operationId changed: {old} -> {new} (the generated module is renamed)",
          when="the operationId changed: the module `api/<tag>/<operation>.py` is renamed",
          oasdiff="`api-operation-id-removed`"),
    _rule("api-tag-changed", "Operations", BREAKING, BREAKING,
          "first tag changed: {old} -> {new} (the generated module moves)",
          when="the first tag changed: the module moves to another `api/<tag>/`",
          oasdiff="`api-tag-removed` (info: only the import path makes it breaking for us)"),
    _rule("request-path-parameter-renamed", "Operations", BREAKING, None,
          "path parameter renamed: {old} -> {new}",
          when="`/jobs/{jobId}` became `/jobs/{id}`: the keyword argument is renamed. Paths are "
          "matched with their variables blanked out, so this is one change, not a removed and an "
          "added operation",
          oasdiff="`request-parameter-removed` + `new-request-path-parameter`"),
    # --- parameters ---
    _rule("new-required-request-parameter", "Parameters", BREAKING, None,
          "new required {location} parameter: {name}",
          when="a new required parameter", oasdiff="`new-required-request-parameter`"),
    _rule("new-optional-request-parameter", "Parameters", COMPATIBLE, None,
          "new optional {location} parameter: {name}",
          when="a new optional parameter", oasdiff="`new-optional-request-parameter`"),
    _rule("request-parameter-removed", "Parameters", BREAKING, None,
          "{location} parameter removed: {name}",
          when="a parameter is gone: the keyword argument disappears and callers passing it get "
          "`TypeError`",
          oasdiff="`request-parameter-removed` (warning)"),
    _rule("request-parameter-became-required", "Parameters", BREAKING, None,
          "{location} parameter became required: {name}",
          oasdiff="`request-parameter-became-required`"),
    _rule("request-parameter-became-optional", "Parameters", COMPATIBLE, None,
          "{location} parameter became optional: {name}",
          oasdiff="`request-parameter-became-optional`"),
    _rule("request-parameter-deprecated", "Parameters", WARNING, None,
          "{location} parameter deprecated: {name}",
          oasdiff="`request-parameter-deprecated` (info)"),
    # --- request bodies ---
    _rule("request-body-added-required", "Request bodies", BREAKING, None,
          "required request body added",
          when="a required body where there was none", oasdiff="`request-body-added-required`"),
    _rule("request-body-added-optional", "Request bodies", COMPATIBLE, None,
          "optional request body added",
          when="an optional body where there was none", oasdiff="`request-body-added-optional`"),
    _rule("request-body-removed", "Request bodies", BREAKING, None, "request body removed",
          when="the body is gone: the `body=` argument disappears", oasdiff="(none)"),
    _rule("request-body-became-required", "Request bodies", BREAKING, None,
          "request body became required", oasdiff="`request-body-became-required`"),
    _rule("request-body-became-optional", "Request bodies", COMPATIBLE, None,
          "request body became optional", oasdiff="`request-body-became-optional`"),
    _rule("request-body-media-type-removed", "Request bodies", BREAKING, None,
          "media type removed: {media}", oasdiff="`request-body-media-type-removed`"),
    _rule("request-body-media-type-added", "Request bodies", COMPATIBLE, None,
          "media type added: {media}", oasdiff="`request-body-media-type-added`"),
    _rule("new-required-request-property", "Request bodies", BREAKING, None,
          "new required request property: {name}", oasdiff="`new-required-request-property`"),
    _rule("new-optional-request-property", "Request bodies", COMPATIBLE, None,
          "new optional request property: {name}", oasdiff="`new-optional-request-property`"),
    _rule("request-property-removed", "Request bodies", BREAKING, None,
          "request {required}property removed: {name}",
          when="the model loses the attribute (its constructor the keyword)",
          oasdiff="`request-property-removed` (warning)"),
    _rule("request-property-became-required", "Request bodies", BREAKING, None,
          "request property became required: {name}",
          oasdiff="`request-property-became-required`"),
    _rule("request-property-became-optional", "Request bodies", COMPATIBLE, None,
          "request property became optional: {name}",
          oasdiff="`request-property-became-optional`"),
    _rule("request-property-deprecated", "Request bodies", WARNING, None,
          "request property deprecated: {name}", oasdiff="`request-property-deprecated` (info)"),
    # --- responses ---
    _rule("response-success-status-removed", "Responses", None, BREAKING,
          "response status removed: {status}", oasdiff="`response-success-status-removed`"),
    _rule("response-non-success-status-removed", "Responses", None, BREAKING,
          "response status removed: {status}",
          when="a documented error status is gone: its parsed error model and return-type "
          "branch disappear",
          oasdiff="`response-non-success-status-removed` (info)"),
    _rule("response-success-status-added", "Responses", None, WARNING,
          "response status added: {status}",
          when="one more return type the caller may not handle",
          oasdiff="`response-success-status-added` (info)"),
    _rule("response-non-success-status-added", "Responses", None, COMPATIBLE,
          "response status added: {status}", oasdiff="`response-non-success-status-added`"),
    _rule("response-media-type-removed", "Responses", None, BREAKING,
          "media type removed: {media} (status {status})", oasdiff="`response-media-type-removed`"),
    _rule("response-media-type-added", "Responses", None, COMPATIBLE,
          "media type added: {media} (status {status})", oasdiff="`response-media-type-added`"),
    _rule("response-property-removed", "Responses", None, BREAKING,
          "response {required}property removed: {name}",
          when="required or optional: the model attribute disappears (`AttributeError`), see below",
          oasdiff="`response-required-property-removed`, `response-optional-property-removed` "
          "(info since oasdiff 1.30)"),
    _rule("response-property-added", "Responses", None, COMPATIBLE,
          "response property added: {name}",
          oasdiff="`response-optional-property-added`, `response-required-property-added`"),
    _rule("response-property-became-optional", "Responses", None, BREAKING,
          "response property became optional: {name}",
          when="the attribute's type gains `Unset`/`None`",
          oasdiff="`response-property-became-optional`"),
    _rule("response-property-became-required", "Responses", None, COMPATIBLE,
          "response property became required: {name}",
          oasdiff="`response-property-became-required`"),
    _rule("response-property-deprecated", "Responses", None, WARNING,
          "response property deprecated: {name}", oasdiff="`response-property-deprecated` (info)"),
    _rule("required-response-header-removed", "Responses", None, BREAKING,
          "response header removed: {name}", oasdiff="`required-response-header-removed`"),
    _rule("optional-response-header-removed", "Responses", None, WARNING,
          "response header removed: {name}",
          when="the generated clients do not model headers; our facade reads some (`Retry-After`)",
          oasdiff="`optional-response-header-removed`"),
    _rule("response-header-added", "Responses", None, COMPATIBLE,
          "response header added: {name}", oasdiff="`response-header-added`"),
    # --- security (what a client sends: its credentials) ---
    _rule("api-security-added", "Security", BREAKING, None,
          "security scheme now required: {scheme}",
          when="an operation now needs a scheme it did not",
          oasdiff="`api-security-added`, `api-global-security-added`"),
    _rule("api-security-removed", "Security", COMPATIBLE, None,
          "security scheme no longer required: {scheme}",
          when="an operation no longer needs a scheme", oasdiff="`api-security-removed`"),
    _rule("api-security-scope-added", "Security", BREAKING, None,
          "security scope now required: {scheme} {scope}", oasdiff="`api-security-scope-added`"),
    _rule("api-security-scope-removed", "Security", COMPATIBLE, None,
          "security scope no longer required: {scheme} {scope}",
          oasdiff="`api-security-scope-removed`"),
    _rule("api-security-component-removed", "Security", BREAKING, None,
          "security scheme removed: {name}", oasdiff="`api-security-component-removed`"),
    _rule("api-security-component-added", "Security", COMPATIBLE, None,
          "security scheme added: {name}", oasdiff="`api-security-component-added`"),
    _rule("api-security-component-type-changed", "Security", BREAKING, None,
          "security scheme {name}: type changed {old} -> {new}",
          when="e.g. `http` bearer became `apiKey`",
          oasdiff="`api-security-component-type-changed`"),
    _rule("api-security-component-http-scheme-changed", "Security", BREAKING, None,
          "security scheme {name}: scheme changed {old} -> {new}",
          when="bearer became basic", oasdiff="(none)"),
    _rule("api-security-component-api-key-in-changed", "Security", BREAKING, None,
          "security scheme {name}: in changed {old} -> {new}",
          when="the key moved from header to query", oasdiff="(none)"),
    _rule("api-security-component-api-key-name-changed", "Security", BREAKING, None,
          "security scheme {name}: name changed {old} -> {new}",
          when="`X-API-Key` renamed: `AuthenticatedClient(auth_header_name=...)` users must "
          "change it",
          oasdiff="(none)"),
    _rule("api-security-component-oauth-token-url-changed", "Security", BREAKING, None,
          "security scheme {name}: {flow} tokenUrl changed {old} -> {new}",
          oasdiff="`api-security-component-oauth-token-url-changed`"),
    _rule("api-security-component-oauth-url-changed", "Security", BREAKING, None,
          "security scheme {name}: {flow} authorizationUrl changed {old} -> {new}",
          oasdiff="`api-security-component-oauth-url-changed`"),
    _rule("api-security-component-oauth-scope-removed", "Security", BREAKING, None,
          "security scheme {name}: scope removed {scope}",
          oasdiff="`api-security-component-oauth-scope-removed`"),
    _rule("api-security-component-oauth-scope-added", "Security", COMPATIBLE, None,
          "security scheme {name}: scope added {scope}",
          oasdiff="`api-security-component-oauth-scope-added`"),
    _rule("api-security-component-oauth-flow-removed", "Security", BREAKING, None,
          "security scheme {name}: flow removed {flow}", oasdiff="(none)"),
    # --- schema rules: one row per rule, its id under every prefix ---
    _family(
        ("request-parameter-type-changed", "request-body-type-changed", "request-property-type-changed"),
        ("response-body-type-changed", "response-property-type-changed", "response-header-type-changed"),
        BREAKING,
        BREAKING,
        "{what}: type changed {old} -> {new}",
        oasdiff="`*-type-changed`",
    ),
    _family(
        ("request-parameter-type-compatible", "request-body-type-compatible", "request-property-type-compatible"),
        ("response-body-type-compatible", "response-property-type-compatible", "response-header-type-compatible"),
        COMPATIBLE,
        COMPATIBLE,
        "{what}: type {old} -> {new}",
        when="request widened (integer→number, a type added); response narrowed",
        oasdiff="`*-type-generalized`, `*-type-specialized`",
    ),
    _family(
        ("request-parameter-format-changed", "request-body-format-changed", "request-property-format-changed"),
        ("response-body-format-changed", "response-property-format-changed", "response-header-format-changed"),
        BREAKING,
        BREAKING,
        "{what}: format changed {old} -> {new} (the Python type changes)",
        when="only formats that change the Python type: date-time, date, time, duration, uuid, binary, byte, password, uri, email, ipv4, ipv6",
        oasdiff="part of `*-type-changed`",
    ),
    _family(
        ("request-parameter-became-nullable", "request-body-became-nullable", "request-property-became-nullable"),
        ("response-body-became-nullable", "response-property-became-nullable", "response-header-became-nullable"),
        COMPATIBLE,
        BREAKING,
        "{what} became nullable",
        oasdiff="`*-became-nullable`",
    ),
    _family(
        ("request-parameter-became-not-nullable", "request-body-became-not-nullable", "request-property-became-not-nullable"),
        ("response-body-became-not-nullable", "response-property-became-not-nullable", "response-header-became-not-nullable"),
        BREAKING,
        COMPATIBLE,
        "{what} became not nullable",
        oasdiff="`*-became-not-nullable`",
    ),
    _family(
        ("request-parameter-became-enum", "request-body-became-enum", "request-property-became-enum"),
        ("response-body-became-enum", "response-property-became-enum", "response-header-became-enum"),
        BREAKING,
        COMPATIBLE,
        "{what} was restricted to enum values {values}",
        oasdiff="`*-became-enum`",
    ),
    _family(
        ("request-parameter-enum-value-removed", "request-body-enum-value-removed", "request-property-enum-value-removed"),
        ("response-body-enum-value-removed", "response-property-enum-value-removed", "response-header-enum-value-removed"),
        BREAKING,
        COMPATIBLE,
        "{what}: enum value removed {value}",
        oasdiff="`*-enum-value-removed`",
    ),
    _family(
        ("request-parameter-enum-value-added", "request-body-enum-value-added", "request-property-enum-value-added"),
        ("response-body-enum-value-added", "response-property-enum-value-added", "response-header-enum-value-added"),
        COMPATIBLE,
        WARNING,
        "{what}: enum value added {value}",
        when="a response value old clients may not parse; compatible when the schema uses `x-extensible-enum`",
        oasdiff="`*-enum-value-added`",
        extensible=COMPATIBLE,
    ),
    _family(
        ("request-parameter-max-length-decreased", "request-body-max-length-decreased", "request-property-max-length-decreased"),
        ("response-body-max-length-decreased", "response-property-max-length-decreased", "response-header-max-length-decreased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`maxLength` decreased",
        oasdiff="`*-max-length-decreased`",
    ),
    _family(
        ("request-parameter-max-length-set", "request-body-max-length-set", "request-property-max-length-set"),
        ("response-body-max-length-set", "response-property-max-length-set", "response-header-max-length-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`maxLength` set",
        oasdiff="`*-max-length-set`",
    ),
    _family(
        ("request-parameter-max-length-increased", "request-body-max-length-increased", "request-property-max-length-increased"),
        ("response-body-max-length-increased", "response-property-max-length-increased", "response-header-max-length-increased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`maxLength` increased",
        oasdiff="`*-max-length-increased`",
    ),
    _family(
        ("request-parameter-max-length-unset", "request-body-max-length-unset", "request-property-max-length-unset"),
        ("response-body-max-length-unset", "response-property-max-length-unset", "response-header-max-length-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`maxLength` unset",
        oasdiff="`*-max-length-unset`",
    ),
    _family(
        ("request-parameter-max-decreased", "request-body-max-decreased", "request-property-max-decreased"),
        ("response-body-max-decreased", "response-property-max-decreased", "response-header-max-decreased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`maximum` decreased",
        oasdiff="`*-max-decreased`",
    ),
    _family(
        ("request-parameter-max-set", "request-body-max-set", "request-property-max-set"),
        ("response-body-max-set", "response-property-max-set", "response-header-max-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`maximum` set",
        oasdiff="`*-max-set`",
    ),
    _family(
        ("request-parameter-max-increased", "request-body-max-increased", "request-property-max-increased"),
        ("response-body-max-increased", "response-property-max-increased", "response-header-max-increased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`maximum` increased",
        oasdiff="`*-max-increased`",
    ),
    _family(
        ("request-parameter-max-unset", "request-body-max-unset", "request-property-max-unset"),
        ("response-body-max-unset", "response-property-max-unset", "response-header-max-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`maximum` unset",
        oasdiff="`*-max-unset`",
    ),
    _family(
        ("request-parameter-exclusive-max-decreased", "request-body-exclusive-max-decreased", "request-property-exclusive-max-decreased"),
        ("response-body-exclusive-max-decreased", "response-property-exclusive-max-decreased", "response-header-exclusive-max-decreased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`exclusiveMaximum` decreased",
        oasdiff="`*-exclusive-max-decreased`",
    ),
    _family(
        ("request-parameter-exclusive-max-set", "request-body-exclusive-max-set", "request-property-exclusive-max-set"),
        ("response-body-exclusive-max-set", "response-property-exclusive-max-set", "response-header-exclusive-max-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`exclusiveMaximum` set",
        oasdiff="`*-exclusive-max-set`",
    ),
    _family(
        ("request-parameter-exclusive-max-increased", "request-body-exclusive-max-increased", "request-property-exclusive-max-increased"),
        ("response-body-exclusive-max-increased", "response-property-exclusive-max-increased", "response-header-exclusive-max-increased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`exclusiveMaximum` increased",
        oasdiff="`*-exclusive-max-increased`",
    ),
    _family(
        ("request-parameter-exclusive-max-unset", "request-body-exclusive-max-unset", "request-property-exclusive-max-unset"),
        ("response-body-exclusive-max-unset", "response-property-exclusive-max-unset", "response-header-exclusive-max-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`exclusiveMaximum` unset",
        oasdiff="`*-exclusive-max-unset`",
    ),
    _family(
        ("request-parameter-max-items-decreased", "request-body-max-items-decreased", "request-property-max-items-decreased"),
        ("response-body-max-items-decreased", "response-property-max-items-decreased", "response-header-max-items-decreased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`maxItems` decreased",
        oasdiff="`*-max-items-decreased`",
    ),
    _family(
        ("request-parameter-max-items-set", "request-body-max-items-set", "request-property-max-items-set"),
        ("response-body-max-items-set", "response-property-max-items-set", "response-header-max-items-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`maxItems` set",
        oasdiff="`*-max-items-set`",
    ),
    _family(
        ("request-parameter-max-items-increased", "request-body-max-items-increased", "request-property-max-items-increased"),
        ("response-body-max-items-increased", "response-property-max-items-increased", "response-header-max-items-increased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`maxItems` increased",
        oasdiff="`*-max-items-increased`",
    ),
    _family(
        ("request-parameter-max-items-unset", "request-body-max-items-unset", "request-property-max-items-unset"),
        ("response-body-max-items-unset", "response-property-max-items-unset", "response-header-max-items-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`maxItems` unset",
        oasdiff="`*-max-items-unset`",
    ),
    _family(
        ("request-parameter-max-properties-decreased", "request-body-max-properties-decreased", "request-property-max-properties-decreased"),
        ("response-body-max-properties-decreased", "response-property-max-properties-decreased", "response-header-max-properties-decreased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`maxProperties` decreased",
        oasdiff="`*-max-properties-decreased`",
    ),
    _family(
        ("request-parameter-max-properties-set", "request-body-max-properties-set", "request-property-max-properties-set"),
        ("response-body-max-properties-set", "response-property-max-properties-set", "response-header-max-properties-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`maxProperties` set",
        oasdiff="`*-max-properties-set`",
    ),
    _family(
        ("request-parameter-max-properties-increased", "request-body-max-properties-increased", "request-property-max-properties-increased"),
        ("response-body-max-properties-increased", "response-property-max-properties-increased", "response-header-max-properties-increased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`maxProperties` increased",
        oasdiff="`*-max-properties-increased`",
    ),
    _family(
        ("request-parameter-max-properties-unset", "request-body-max-properties-unset", "request-property-max-properties-unset"),
        ("response-body-max-properties-unset", "response-property-max-properties-unset", "response-header-max-properties-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`maxProperties` unset",
        oasdiff="`*-max-properties-unset`",
    ),
    _family(
        ("request-parameter-min-length-increased", "request-body-min-length-increased", "request-property-min-length-increased"),
        ("response-body-min-length-increased", "response-property-min-length-increased", "response-header-min-length-increased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`minLength` increased",
        oasdiff="`*-min-length-increased`",
    ),
    _family(
        ("request-parameter-min-length-set", "request-body-min-length-set", "request-property-min-length-set"),
        ("response-body-min-length-set", "response-property-min-length-set", "response-header-min-length-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`minLength` set",
        oasdiff="`*-min-length-set`",
    ),
    _family(
        ("request-parameter-min-length-decreased", "request-body-min-length-decreased", "request-property-min-length-decreased"),
        ("response-body-min-length-decreased", "response-property-min-length-decreased", "response-header-min-length-decreased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`minLength` decreased",
        oasdiff="`*-min-length-decreased`",
    ),
    _family(
        ("request-parameter-min-length-unset", "request-body-min-length-unset", "request-property-min-length-unset"),
        ("response-body-min-length-unset", "response-property-min-length-unset", "response-header-min-length-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`minLength` unset",
        oasdiff="`*-min-length-unset`",
    ),
    _family(
        ("request-parameter-min-increased", "request-body-min-increased", "request-property-min-increased"),
        ("response-body-min-increased", "response-property-min-increased", "response-header-min-increased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`minimum` increased",
        oasdiff="`*-min-increased`",
    ),
    _family(
        ("request-parameter-min-set", "request-body-min-set", "request-property-min-set"),
        ("response-body-min-set", "response-property-min-set", "response-header-min-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`minimum` set",
        oasdiff="`*-min-set`",
    ),
    _family(
        ("request-parameter-min-decreased", "request-body-min-decreased", "request-property-min-decreased"),
        ("response-body-min-decreased", "response-property-min-decreased", "response-header-min-decreased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`minimum` decreased",
        oasdiff="`*-min-decreased`",
    ),
    _family(
        ("request-parameter-min-unset", "request-body-min-unset", "request-property-min-unset"),
        ("response-body-min-unset", "response-property-min-unset", "response-header-min-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`minimum` unset",
        oasdiff="`*-min-unset`",
    ),
    _family(
        ("request-parameter-exclusive-min-increased", "request-body-exclusive-min-increased", "request-property-exclusive-min-increased"),
        ("response-body-exclusive-min-increased", "response-property-exclusive-min-increased", "response-header-exclusive-min-increased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`exclusiveMinimum` increased",
        oasdiff="`*-exclusive-min-increased`",
    ),
    _family(
        ("request-parameter-exclusive-min-set", "request-body-exclusive-min-set", "request-property-exclusive-min-set"),
        ("response-body-exclusive-min-set", "response-property-exclusive-min-set", "response-header-exclusive-min-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`exclusiveMinimum` set",
        oasdiff="`*-exclusive-min-set`",
    ),
    _family(
        ("request-parameter-exclusive-min-decreased", "request-body-exclusive-min-decreased", "request-property-exclusive-min-decreased"),
        ("response-body-exclusive-min-decreased", "response-property-exclusive-min-decreased", "response-header-exclusive-min-decreased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`exclusiveMinimum` decreased",
        oasdiff="`*-exclusive-min-decreased`",
    ),
    _family(
        ("request-parameter-exclusive-min-unset", "request-body-exclusive-min-unset", "request-property-exclusive-min-unset"),
        ("response-body-exclusive-min-unset", "response-property-exclusive-min-unset", "response-header-exclusive-min-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`exclusiveMinimum` unset",
        oasdiff="`*-exclusive-min-unset`",
    ),
    _family(
        ("request-parameter-min-items-increased", "request-body-min-items-increased", "request-property-min-items-increased"),
        ("response-body-min-items-increased", "response-property-min-items-increased", "response-header-min-items-increased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`minItems` increased",
        oasdiff="`*-min-items-increased`",
    ),
    _family(
        ("request-parameter-min-items-set", "request-body-min-items-set", "request-property-min-items-set"),
        ("response-body-min-items-set", "response-property-min-items-set", "response-header-min-items-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`minItems` set",
        oasdiff="`*-min-items-set`",
    ),
    _family(
        ("request-parameter-min-items-decreased", "request-body-min-items-decreased", "request-property-min-items-decreased"),
        ("response-body-min-items-decreased", "response-property-min-items-decreased", "response-header-min-items-decreased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`minItems` decreased",
        oasdiff="`*-min-items-decreased`",
    ),
    _family(
        ("request-parameter-min-items-unset", "request-body-min-items-unset", "request-property-min-items-unset"),
        ("response-body-min-items-unset", "response-property-min-items-unset", "response-header-min-items-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`minItems` unset",
        oasdiff="`*-min-items-unset`",
    ),
    _family(
        ("request-parameter-min-properties-increased", "request-body-min-properties-increased", "request-property-min-properties-increased"),
        ("response-body-min-properties-increased", "response-property-min-properties-increased", "response-header-min-properties-increased"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`minProperties` increased",
        oasdiff="`*-min-properties-increased`",
    ),
    _family(
        ("request-parameter-min-properties-set", "request-body-min-properties-set", "request-property-min-properties-set"),
        ("response-body-min-properties-set", "response-property-min-properties-set", "response-header-min-properties-set"),
        BREAKING,
        COMPATIBLE,
        "{what}: {keyword} {old} -> {new}",
        when="`minProperties` set",
        oasdiff="`*-min-properties-set`",
    ),
    _family(
        ("request-parameter-min-properties-decreased", "request-body-min-properties-decreased", "request-property-min-properties-decreased"),
        ("response-body-min-properties-decreased", "response-property-min-properties-decreased", "response-header-min-properties-decreased"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`minProperties` decreased",
        oasdiff="`*-min-properties-decreased`",
    ),
    _family(
        ("request-parameter-min-properties-unset", "request-body-min-properties-unset", "request-property-min-properties-unset"),
        ("response-body-min-properties-unset", "response-property-min-properties-unset", "response-header-min-properties-unset"),
        COMPATIBLE,
        BREAKING,
        "{what}: {keyword} {old} -> {new}",
        when="`minProperties` unset",
        oasdiff="`*-min-properties-unset`",
    ),
    _family(
        ("request-parameter-pattern-added", "request-body-pattern-added", "request-property-pattern-added"),
        ("response-body-pattern-added", "response-property-pattern-added", "response-header-pattern-added"),
        BREAKING,
        COMPATIBLE,
        "{what}: pattern added {new}",
        oasdiff="`*-pattern-added`",
    ),
    _family(
        ("request-parameter-pattern-removed", "request-body-pattern-removed", "request-property-pattern-removed"),
        ("response-body-pattern-removed", "response-property-pattern-removed", "response-header-pattern-removed"),
        COMPATIBLE,
        BREAKING,
        "{what}: pattern removed {old}",
        oasdiff="`*-pattern-removed`",
    ),
    _family(
        ("request-parameter-pattern-changed", "request-body-pattern-changed", "request-property-pattern-changed"),
        ("response-body-pattern-changed", "response-property-pattern-changed", "response-header-pattern-changed"),
        WARNING,
        WARNING,
        "{what}: pattern changed {old} -> {new}",
        oasdiff="`*-pattern-changed`",
    ),
)
# fmt: on

TABLE: tuple[Rule, ...] = tuple(r for row in _ROWS for r in row)
"""Every rule, in the order the docs list them."""

RULES: dict[str, Rule] = {r.id: r for r in TABLE}
assert len(RULES) == len(TABLE), "a rule id is listed twice"

_SCHEMA: dict[tuple[str, str], str] = {
    (r.id.removesuffix("-" + r.family), r.family): r.id for r in TABLE if r.family
}


def rule(rule_id: str) -> Rule:
    """The rule with this id; ``KeyError`` for an id the table does not list."""
    return RULES[rule_id]


def schema_rule(prefix: str, family: str) -> str:
    """The full id of schema rule ``family`` under ``prefix`` (``response-property``, ``type-changed``)."""
    return _SCHEMA[(prefix, family)]
