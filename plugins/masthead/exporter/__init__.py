"""`masthead export DEST`: the site written as a plain Material for MkDocs blog.

The modules, in the order the command uses them:

- `harvest`: the site built once, for real, in-process (the one module here that uses
  MkDocs); a recorder plugin writes down the file masthead gives Material for each post,
  every file of docs/ the build publishes, each post's tags and JSON-LD.
- `posts`: one post in Material's vocabulary (`description:`, `authors:`, `json_ld:`).
- `faqblocks`: an FAQ section as Material's `??? question "..."` blocks.
- `mkdocsyml`: the site's `mkdocs.yml` edited as text (masthead plugins out, what the
  export needs in; comments, tags and order kept).
- `command`: DEST checked and written, the report.
"""
