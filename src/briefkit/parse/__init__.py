"""Parse stage (syntax only): Markdown, YAML with positions, citations, raw HTML and the
references formats (CSL-YAML, CSL-JSON, BibTeX) -> source IR and raw items that know their
`file:line:col`. Knows nothing of the model or of any output format."""
