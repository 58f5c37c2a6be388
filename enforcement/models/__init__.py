"""The record model: frozen attrs classes with no serialization code inside them."""

from enforcement.models.agency import Agency, Power
from enforcement.models.case import (
    Attachment,
    Case,
    Decision,
    LegalReview,
    Party,
    Penalty,
    PublicNotice,
    RecordEntry,
    ReviewCheck,
)
from enforcement.models.dataset import FORMAT, Dataset
from enforcement.models.enums import (
    Act,
    CaseCategory,
    CertificateEventKind,
    CertificateStatus,
    NoticeKind,
    PartyKind,
    PartyRole,
    PenaltyKind,
    Procedure,
    RecordKind,
    ReviewOutcome,
    Stage,
)
from enforcement.models.officer import Certificate, CertificateEvent, Officer, Training

__all__ = [
    "FORMAT",
    "Act",
    "Agency",
    "Attachment",
    "Case",
    "CaseCategory",
    "Certificate",
    "CertificateEvent",
    "CertificateEventKind",
    "CertificateStatus",
    "Dataset",
    "Decision",
    "LegalReview",
    "NoticeKind",
    "Officer",
    "Party",
    "PartyKind",
    "PartyRole",
    "Penalty",
    "PenaltyKind",
    "Power",
    "Procedure",
    "PublicNotice",
    "RecordEntry",
    "RecordKind",
    "ReviewCheck",
    "ReviewOutcome",
    "Stage",
    "Training",
]
