"""Verify: reads built outputs back (PDF, DOCX, HTML) and compares their notes and links with
what the build's manifest says the content holds."""

import logging

# pypdf reports what it repairs in a damaged PDF ("EOF marker not found") through the logging
# module, which prints it unlocated on stderr; verify says, located, what it could not read
# (`verify.unreadable`)
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False
