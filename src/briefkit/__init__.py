"""briefkit: think-tank briefings from Markdown to PDF, Word and HTML with one citation manager."""

# The one place the version is written (pyproject.toml reads it from here): asking
# importlib.metadata instead costs every run 30 ms of imports.
__version__ = "0.1.0"
