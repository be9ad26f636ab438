"""pandoc's escaped space: `Mr.\\ Reyes` is a no-break space (pandoc's Markdown lets any
punctuation or space be escaped; CommonMark only punctuation, so "\\ " printed as written in all
three outputs, silently). Checked against pandoc's own AST where pandoc is installed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from briefkit import ir
from briefkit.errors import Diagnostics
from briefkit.parse.markdown import parse_body
from tests.oracles import pandoc

TEXT = "Mr.\\ Reyes and e.g.\\ this, `a\\ b` in code, a break\\\nafter.\n"


def test_an_escaped_space_is_a_no_break_space_outside_code() -> None:
    (para,) = parse_body(TEXT, Path("b.md"), Diagnostics()).blocks
    assert isinstance(para, ir.Paragraph)
    assert para.inlines[0] == ir.Text("Mr.\u00a0Reyes and e.g.\u00a0this, ")
    assert para.inlines[1] == ir.Code("a\\ b")  # code keeps what is written
    assert isinstance(para.inlines[3], ir.LineBreak)  # a backslash at a line's end still breaks


@pytest.mark.skipif(pandoc() is None, reason="pandoc is not installed (pypandoc-binary)")
def test_pandoc_reads_the_same_no_break_spaces() -> None:
    exe = pandoc()
    assert exe is not None
    args = [exe, "-f", "markdown", "-t", "json"]
    run = subprocess.run(args, input=TEXT, capture_output=True, text=True, check=True)
    words = [i["c"] for i in json.loads(run.stdout)["blocks"][0]["c"] if i["t"] == "Str"]
    assert "Mr.\u00a0Reyes" in words and "e.g.\u00a0this," in words
