"""Authoring helpers behind the CLI: `new` (scaffold), `refs` (report, export, import) and
`schema` (editor JSON Schemas)."""
