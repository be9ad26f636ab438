"""Render stage, HTML: the resolved document -> one self-contained page (Jinja2, screen or
print media; the print page is what the PDF renderer lays out)."""
