"""The bottom layer of codegen: reading specs.

Everything that reads an OpenAPI document goes through here (the pipeline, lint, the diff, the
contract and fidelity tests): loading with line numbers, JSON pointers and cycle-safe ``$ref``
following, one operation walker, overlays, and Swagger 2.0 conversion.
"""
