"""Model stage: the validated document model (pydantic) — front matter, references and their
dates and names, house styles and their citation styles — and `SourceDocument`, the loaded
briefing as one value. Imports only `parse` and the shared modules."""
