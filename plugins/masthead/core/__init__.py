"""The pure core: parsing, mapping and checks. Nothing here imports MkDocs.

`masthead check` and every plugin share it, and a future host can reuse it as is.
"""
