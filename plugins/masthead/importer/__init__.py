"""`masthead import`: a team's existing blog repository in, a complete MkDocs project out.

The modules, in the order the command uses them:

- `repo`: the source repository listed once (bounded, links never followed) and its
  configuration files read (YAML, TOML, JSON; TinaCMS's TypeScript as text).
- `detect`: where the posts and media are, and the old site's URL rules: from the CMS
  config (Decap/Netlify CMS, Forestry, TinaCMS), else the generator's (Hugo, Jekyll,
  Next.js, Astro, Gatsby), else the repository's shape.
- `oldurls`: each post's URLs on the old site (permalink rules, aliases, redirects).
- `plan`: what to copy where, the `fields:` mapping, the authors, the report.
- `write`: DEST written; never a byte into SOURCE.

No module here imports MkDocs: the CLI asks the host for the new URLs (`host`).
"""
