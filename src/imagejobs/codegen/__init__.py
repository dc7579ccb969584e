"""The code-generation side of imagejobs: spec loading, validation, overlays, generation and spec diffs.

Nothing here is imported by the runtime facade; the generators it drives are the ``codegen``
extra (``pip install -e '.[codegen]'``).
"""
