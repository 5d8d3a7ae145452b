"""The `masthead/frontmatter` plugin: CMS front matter mapped onto Material's blog."""
