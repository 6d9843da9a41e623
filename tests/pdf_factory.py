"""Minimal PDFs with a real text layer, for the tests.

``make_pdf(["page one text", "page two"])`` gives bytes of a valid PDF with one text page
per string; ``make_pdf([""])`` gives a page with a drawing and no text, what a scan looks
like to a text extractor. The writer is ``ticketcheck.example_files.text_pdf``, which rule
examples use too, so tests and examples make the same files.
"""

from __future__ import annotations

from ticketcheck.example_files import text_pdf as make_pdf

__all__ = ["make_pdf"]
