"""briefkit: think-tank briefings from Markdown to PDF, Word and HTML with one citation manager."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("briefkit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"
