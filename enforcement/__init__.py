"""Administrative law-enforcement records for PRC agencies (行政执法三项制度).

Models for officers, certificates, cases, full-process records, legal reviews and
public notices; the JSON interchange format; a Chinese working-day calendar;
and a pluggy plugin system.

>>> import enforcement
>>> from datetime import date
>>> enforcement.calendar.add_working_days(date(2020, 9, 28), 7)
datetime.date(2020, 10, 14)
"""

from __future__ import annotations

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
from enforcement.models import *  # noqa: F403 - the models are the package's vocabulary
from enforcement.models import __all__ as _models_all
from enforcement.notices import NoticeDocument, render_notice, render_roster, verify_notice
from enforcement.plugins import default_plugin_manager, make_plugin_manager
from enforcement.policy import Policy
from enforcement.reports import render_summary
from enforcement.store import Store, open_store
from enforcement.summary import Summary, summarize
from enforcement.validation import validate

__version__ = "0.1.0"

__all__ = [
    "CalendarError",
    "EnforcementError",
    "Finding",
    "NoticeError",
    "PublicationRefusedError",
    "PluginLoadError",
    "Policy",
    "Store",
    "Summary",
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
    "summarize",
    "NoticeDocument",
    "render_notice",
    "render_roster",
    "render_summary",
    "verify_notice",
    "to_data",
    "validate",
    *_models_all,
]
