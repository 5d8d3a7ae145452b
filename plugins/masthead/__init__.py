"""mkdocs-masthead: MkDocs plugins that turn a headless-CMS blog into a Material blog."""

__version__ = "0.1.0"
