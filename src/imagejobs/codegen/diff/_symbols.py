"""Names of the generated Python symbols a change touches (:class:`SymbolNamer`)."""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from typing import Any

__all__ = ["Generated", "SymbolNamer"]


class Generated:
    """What a ``select:`` entry generates: its operations and the component schemas they reach.

    A change elsewhere in the spec is still reported (the diff reads the whole file), but names
    no generated symbol: there is none.
    """

    def __init__(self, operations: set[tuple[str, str]], schemas: set[str]) -> None:
        self.operations, self.schemas = operations, schemas


# openapi-python-client's default `field_prefix`, used for identifiers that are not valid Python.
_FIELD_PREFIX = "field_"


def _taken(name: str) -> str:
    """The build renames names the generated code binds itself (``codegen/_opc_run.py``)."""
    from ..sanitize import TAKEN_IN_PYTHON

    return f"{name}_" if name in TAKEN_IN_PYTHON else name


# --- generated names --------------------------------------------------------------------------


class SymbolNamer:
    """Names of the generated Python symbols, derived with openapi-python-client's own helpers.

    ``package`` is the generated package (``imagejobs_gen_useapi``); ``None`` names nothing.
    Only component schemas are named as models: inline schemas get generator-made names we would
    have to guess, so changes inside them name the attribute or operation module that holds them.
    """

    def __init__(
        self,
        package: str | None,
        class_overrides: Mapping[str, Mapping[str, str]] | None = None,
        generated: Generated | None = None,
    ) -> None:
        self.package = package
        self.class_overrides = class_overrides or {}
        self.generated = generated

    def _has_operation(self, path: str, method: str) -> bool:
        return self.generated is None or (path, method.lower()) in self.generated.operations

    def _has_schema(self, schema: str) -> bool:
        return self.generated is None or schema in self.generated.schemas

    def _class(self, schema: str) -> str:
        from openapi_python_client.strings import ClassName

        name = str(ClassName(schema, _FIELD_PREFIX))
        return self.class_overrides.get(name, {}).get("class_name", name)

    @staticmethod
    def _ident(name: str) -> str:
        from openapi_python_client.strings import PythonIdentifier

        return _taken(str(PythonIdentifier(name, _FIELD_PREFIX)))

    def operation(self, path: str, method: str, op: Mapping[str, Any]) -> list[str]:
        """The endpoint module (``<pkg>.api.<tag>.<operation>``) with sync/asyncio functions."""
        if not self.package or not self._has_operation(path, method):
            return []
        from openapi_python_client.strings import PythonIdentifier

        tags = op.get("tags") or ["default"]
        tag = _taken(str(PythonIdentifier(str(tags[0]), "tag")))
        op_id = op.get("operationId")
        if isinstance(op_id, str) and op_id:
            name = self._ident(op_id)
        else:  # what openapi-python-client derives when there is no operationId
            name = _taken(
                str(
                    PythonIdentifier(
                        f"{method}_{path.replace('{', '').replace('}', '')}", _FIELD_PREFIX
                    )
                )
            )
        return [f"{self.package}.api.{tag}.{name}"]

    def argument(self, path: str, method: str, op: Mapping[str, Any], name: str) -> list[str]:
        """A keyword argument of the endpoint functions."""
        return [f"{m} argument {self._ident(name)}" for m in self.operation(path, method, op)]

    def model(self, schema: str) -> list[str]:
        """The attrs model class and the pydantic class of a component schema."""
        if not self.package or not self._has_schema(schema):
            return []
        out = [f"{self.package}.models.{self._class(schema)}"]
        if schema.isidentifier() and not keyword.iskeyword(schema):
            out.append(f"{self.package}.schemas.{schema}")
        return out

    def attribute(self, schema: str, prop: str) -> list[str]:
        """An attribute of both model classes (snake_case in models, the raw name in schemas)."""
        if not self.package or not self._has_schema(schema):
            return []
        out = [f"{self.package}.models.{self._class(schema)}.{self._ident(prop)}"]
        if schema.isidentifier() and prop.isidentifier() and not keyword.iskeyword(prop):
            out.append(f"{self.package}.schemas.{schema}.{prop}")
        return out

    def enum_member(self, schema: str, value: Any) -> list[str]:
        """The member of both enum classes for one value (openapi-python-client upper-cases it)."""
        if not self.package or not isinstance(value, str) or not value:
            return self.model(schema)
        if not self._has_schema(schema):
            return []
        from openapi_python_client.strings import snake_case

        # Same steps as openapi-python-client's EnumProperty.values_from_list.
        member = snake_case(value.upper() if value[0].isalpha() else value).upper()
        out = [f"{self.package}.models.{self._class(schema)}.{member}"]
        if schema.isidentifier() and value.isidentifier() and not keyword.iskeyword(value):
            out.append(f"{self.package}.schemas.{schema}.{value}")
        return out

    def client(self) -> list[str]:
        """The authenticated client class."""
        return [f"{self.package}.AuthenticatedClient"] if self.package else []
