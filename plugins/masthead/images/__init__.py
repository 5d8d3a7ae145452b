"""The `masthead/images` plugin: every image reference checked at build time."""
