"""Resolve stage (pure: no I/O, no clock, no output format): `SourceDocument` + house style ->
`ResolvedDocument`, with every note numbered and every citation formatted once."""

from briefkit.resolve.resolver import resolve

__all__ = ["resolve"]
