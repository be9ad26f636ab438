"""Render stage, PDF: the HTML renderer's print page + the house style's print CSS -> WeasyPrint,
in this process or in a warm worker. Kept import-free: the worker is forked before the heavy
imports."""
