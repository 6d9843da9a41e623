"""The registry: one entry per check kind, mapping its name to its class.

Adding a kind = a module here named after it + one line below + ``tests/checks/test_<kind>.py``;
``tests/test_registry.py`` fails until the three agree.
"""

from __future__ import annotations

from .attachment_missing import AttachmentMissing
from .base import Check, CheckContext
from .case_file import CaseFile
from .placeholder import Placeholder
from .required_field import RequiredField
from .text_length import TextLength

CHECKS: dict[str, type[Check]] = {
    "attachment-missing": AttachmentMissing,
    "case-file": CaseFile,
    "placeholder": Placeholder,
    "required-field": RequiredField,
    "text-length": TextLength,
}

__all__ = ["CHECKS", "Check", "CheckContext"]
