"""Parse stage: pandoc's `%` title block -> the same front matter as YAML.

Consumes the file's first lines when they start with `%` (pandoc's `pandoc_title_block`:
title, then authors separated by `;`, then date; a line starting with a space continues the
one before; a field may be empty) and produces YAML text for the front-matter reader, one
key per line, so that a diagnostic about a value points at the line it came from.
"""

from __future__ import annotations

import json


def title_block(lines: list[str]) -> tuple[str, int] | None:
    """(YAML, number of lines the block takes) for a `%` title block, else None."""
    if not lines or not lines[0].startswith("%"):
        return None
    fields: list[str] = []
    end = 0
    while end < len(lines) and len(fields) <= 3:
        line = lines[end]
        if line.startswith("%"):
            fields.append(line[1:].strip())
        elif line.startswith((" ", "\t")) and line.strip() and fields:
            fields[-1] += ("; " if len(fields) == 2 else " ") + line.strip()
        else:
            break
        end += 1
    if len(fields) > 3:  # a fourth `%` line is text, not part of the block
        fields.pop()
        end -= 1
    out: list[str] = []
    if fields and fields[0]:
        out.append(f"title: {json.dumps(fields[0], ensure_ascii=False)}")
    if len(fields) > 1 and fields[1]:
        names = [n.strip() for n in fields[1].split(";") if n.strip()]
        out.append(f"author: {json.dumps([{'name': n} for n in names], ensure_ascii=False)}")
    if len(fields) > 2 and fields[2]:
        out.append(f"date: {json.dumps(fields[2], ensure_ascii=False)}")
    return "\n".join(out), end
