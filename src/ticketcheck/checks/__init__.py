"""The registry: one entry per check kind, mapping its name to its class.

Adding a kind = a module here named after it + one line below + ``tests/checks/test_<kind>.py``;
``tests/test_registry.py`` fails until the three agree.
"""

from __future__ import annotations

from .attachment_count import AttachmentCount
from .attachment_format import AttachmentFormat
from .attachment_integrity import AttachmentIntegrity
from .attachment_missing import AttachmentMissing
from .attachment_size import AttachmentSize
from .base import Check, CheckContext
from .case_file import CaseFile
from .deadline import Deadline
from .duplicate import Duplicate
from .field_agreement import FieldAgreement
from .follow_up import FollowUp
from .language import Language
from .placeholder import Placeholder
from .required_field import RequiredField
from .required_proof import RequiredProof
from .required_section import RequiredSection
from .sensitive_words import SensitiveWords
from .text_length import TextLength

CHECKS: dict[str, type[Check]] = {
    "attachment-count": AttachmentCount,
    "attachment-format": AttachmentFormat,
    "attachment-integrity": AttachmentIntegrity,
    "attachment-missing": AttachmentMissing,
    "attachment-size": AttachmentSize,
    "case-file": CaseFile,
    "deadline": Deadline,
    "duplicate": Duplicate,
    "field-agreement": FieldAgreement,
    "follow-up": FollowUp,
    "language": Language,
    "placeholder": Placeholder,
    "required-field": RequiredField,
    "required-proof": RequiredProof,
    "required-section": RequiredSection,
    "sensitive-words": SensitiveWords,
    "text-length": TextLength,
}

__all__ = ["CHECKS", "Check", "CheckContext"]
