"""Images at load: one `asset.no-alt` warning per image file nothing describes (no alt text,
no caption), located at its first use; described and captioned images say nothing."""

from __future__ import annotations

import io

from PIL import Image

from tests.conftest import Project
from tests.helpers import resolve_file


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 10), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


def warnings_for(project: Project, body: str) -> list[str]:
    (project.root / "content").mkdir(exist_ok=True)
    for name in ("a.png", "b.png", "c.png"):
        (project.root / "content" / name).write_bytes(png())
    path = project.write("content/x.md", f"---\ntitle: X\n---\n{body}")
    doc, diags = resolve_file(path, project.root)
    assert doc is not None and not diags.has_errors
    return [d.format() for d in diags if d.code == "asset.no-alt"]


def test_an_undescribed_image_is_said_once_at_its_first_use(project: Project) -> None:
    found = warnings_for(
        project,
        "Text ![](a.png) and ![](a.png) again.\n\nA note.[^1]\n\n[^1]: See ![](b.png).\n",
    )
    assert [f.split(": warning")[0] for f in found] == ["content/x.md:4:6", "content/x.md:8:11"]
    assert "image 'a.png' has no description" in found[0]


def test_described_or_captioned_images_are_not_reported(project: Project) -> None:
    body = (
        "Text ![A blue bar](a.png).\n\n![The region](b.png)\n\n"
        '![Costs](c.png){#fig:c alt="A bar chart of costs"}\n'
    )
    assert warnings_for(project, body) == []
