"""Administrative law-enforcement records for PRC agencies (行政执法三项制度).

Models for officers, certificates, cases, full-process records, legal reviews and
public notices; the JSON interchange format; a Chinese working-day calendar;
and a pluggy plugin system.

>>> import enforcement
>>> from datetime import date
>>> enforcement.calendar.add_working_days(date(2020, 9, 28), 7)
datetime.date(2020, 10, 14)

Every public name is imported on first use (PEP 562), so that ``import
enforcement`` (and with it ``enforcement --help``) does not load the models,
the store or reportlab until something asks for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from enforcement import calendar, errors
    from enforcement.checks import Finding, check
    from enforcement.errors import (
        CalendarError,
        EnforcementError,
        NoticeError,
        PluginLoadError,
        PublicationRefusedError,
        ValidationError,
    )
    from enforcement.hookspecs import hookimpl
    from enforcement.io import dump, dumps, from_data, load, loads, to_data
    from enforcement.models import (
        FORMAT,
        Act,
        Agency,
        AnnualReport,
        Attachment,
        Case,
        CaseCategory,
        Certificate,
        CertificateEvent,
        CertificateEventKind,
        CertificateStatus,
        CoerciveMeasure,
        CourtApplication,
        Dataset,
        Decision,
        ExcludedPeriod,
        ExcludedPeriodKind,
        Execution,
        ExecutionKind,
        Extension,
        Hearing,
        IdKind,
        LegalReview,
        LicenceApplication,
        LicenceKind,
        LicenceOutcome,
        MeasureKind,
        NoticeKind,
        Officer,
        Party,
        PartyKind,
        PartyRole,
        Penalty,
        PenaltyKind,
        Power,
        Procedure,
        PublicNotice,
        RecordEntry,
        RecordKind,
        ReportKind,
        ReviewCheck,
        ReviewOutcome,
        Stage,
        Training,
    )
    from enforcement.notices import NoticeDocument, render_notice, render_roster, verify_notice
    from enforcement.plugins import default_plugin_manager, make_plugin_manager
    from enforcement.policy import Policy
    from enforcement.reports import render_summary
    from enforcement.store import Store, open_store
    from enforcement.summary import RegionSummary, Summary, summarize, summarize_region
    from enforcement.validation import validate

__version__ = "0.1.0"

__all__ = [
    "FORMAT",
    "Act",
    "Agency",
    "AnnualReport",
    "Attachment",
    "CalendarError",
    "Case",
    "CaseCategory",
    "Certificate",
    "CertificateEvent",
    "CertificateEventKind",
    "CertificateStatus",
    "CoerciveMeasure",
    "CourtApplication",
    "Dataset",
    "Decision",
    "EnforcementError",
    "ExcludedPeriod",
    "ExcludedPeriodKind",
    "Execution",
    "ExecutionKind",
    "Extension",
    "Finding",
    "Hearing",
    "IdKind",
    "LegalReview",
    "LicenceApplication",
    "LicenceKind",
    "LicenceOutcome",
    "MeasureKind",
    "NoticeDocument",
    "NoticeError",
    "NoticeKind",
    "Officer",
    "Party",
    "PartyKind",
    "PartyRole",
    "Penalty",
    "PenaltyKind",
    "PluginLoadError",
    "Policy",
    "Power",
    "Procedure",
    "PublicNotice",
    "PublicationRefusedError",
    "RecordEntry",
    "RecordKind",
    "RegionSummary",
    "ReportKind",
    "ReviewCheck",
    "ReviewOutcome",
    "Stage",
    "Store",
    "Summary",
    "Training",
    "ValidationError",
    "calendar",
    "check",
    "default_plugin_manager",
    "dump",
    "dumps",
    "errors",
    "from_data",
    "hookimpl",
    "load",
    "loads",
    "make_plugin_manager",
    "open_store",
    "render_notice",
    "render_roster",
    "render_summary",
    "summarize",
    "summarize_region",
    "to_data",
    "validate",
    "verify_notice",
]

_SUBMODULES = ("calendar", "errors")
"""Submodules that are public names of the package."""

_LOCATIONS: dict[str, str] = {
    "CalendarError": "enforcement.errors",
    "EnforcementError": "enforcement.errors",
    "NoticeError": "enforcement.errors",
    "PluginLoadError": "enforcement.errors",
    "PublicationRefusedError": "enforcement.errors",
    "ValidationError": "enforcement.errors",
    "Finding": "enforcement.checks",
    "check": "enforcement.checks",
    "hookimpl": "enforcement.hookspecs",
    "dump": "enforcement.io",
    "dumps": "enforcement.io",
    "from_data": "enforcement.io",
    "load": "enforcement.io",
    "loads": "enforcement.io",
    "to_data": "enforcement.io",
    "NoticeDocument": "enforcement.notices",
    "render_notice": "enforcement.notices",
    "render_roster": "enforcement.notices",
    "verify_notice": "enforcement.notices",
    "default_plugin_manager": "enforcement.plugins",
    "make_plugin_manager": "enforcement.plugins",
    "Policy": "enforcement.policy",
    "render_summary": "enforcement.reports",
    "Store": "enforcement.store",
    "open_store": "enforcement.store",
    "Summary": "enforcement.summary",
    "summarize": "enforcement.summary",
    "RegionSummary": "enforcement.summary",
    "summarize_region": "enforcement.summary",
    "validate": "enforcement.validation",
}
"""Where each public name other than the models lives."""


def __getattr__(name: str) -> Any:
    value: Any
    if name in _SUBMODULES:
        value = importlib.import_module(f"enforcement.{name}")
    elif name in _LOCATIONS:
        value = getattr(importlib.import_module(_LOCATIONS[name]), name)
    elif name.startswith("__"):
        raise AttributeError(f"module 'enforcement' has no attribute {name!r}")
    else:
        # A submodule: ``from enforcement import hookspecs`` must not load the models,
        # and ``enforcement.summary`` keeps working after a bare ``import enforcement``.
        try:
            value = importlib.import_module(f"enforcement.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"enforcement.{name}":
                raise
            if name not in __all__:
                raise AttributeError(f"module 'enforcement' has no attribute {name!r}") from None
            value = getattr(importlib.import_module("enforcement.models"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
