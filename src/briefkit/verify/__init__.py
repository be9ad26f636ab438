"""Verify: reads built outputs back (PDF, DOCX, HTML) and compares their notes and links with
what the build's manifest says the content holds."""
