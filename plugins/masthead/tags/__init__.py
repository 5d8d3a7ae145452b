"""The `masthead/tags` plugin: a page and a feed per tag, a tags overview, tag rules."""
