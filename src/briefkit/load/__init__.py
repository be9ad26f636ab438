"""Load stage: files -> `SourceDocument` (briefing text, references, images, editions) and
`HouseStyle`. The only stage that reads content files; everything it reads is located, so
later stages can report `path:line:col`."""
