"""The three renderers of an official document: one ``Document``, three files that agree.

``pdf`` (Typst) is the paper to sign, ``docx`` (python-docx) the same paper for a commune office
to edit first, ``xlsx`` (xlsxwriter) its tables for those who add up figures. Each is a pure
function of the ``Document``: no database, always in Vietnamese whatever language is active.
The layouts live in ``render_pdf``, ``render_docx`` and ``render_xlsx``; what they share (the
fixed words, the way a figure is written) in ``render_common``.
"""

from langso.reports.render_docx import docx
from langso.reports.render_pdf import pdf
from langso.reports.render_xlsx import xlsx

__all__ = ["docx", "pdf", "xlsx"]
