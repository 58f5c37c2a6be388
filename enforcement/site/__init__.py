"""The public portal (行政执法公示专栏) as static HTML: ``enforcement site``.

:func:`build_site` renders, from a record source, the pages the law asks an
agency to publish on its website (118号 二(六)): the roster of certified
officers and the list of powers (事前公开), the decision notices by year with
their PDFs (事后公开), the withdrawals with their tombstones, the annual data
tables, the checkpoints of the record log, and a page that checks a downloaded
notice PDF against the published list of digests. Nothing runs on the server.

Page text comes from the same redacted :class:`~enforcement.notices.NoticeDocument`
the PDF is rendered from; see ``docs/portal.md``.
"""

from __future__ import annotations

from enforcement.site.build import (
    DIGESTS_FORMAT,
    DIGESTS_PATH,
    SiteOptions,
    SiteResult,
    build_site,
    normalise_base_url,
)
from enforcement.site.collect import SiteNotice, collect_notices
from enforcement.site.output import MANIFEST

__all__ = [
    "DIGESTS_FORMAT",
    "DIGESTS_PATH",
    "MANIFEST",
    "SiteNotice",
    "SiteOptions",
    "SiteResult",
    "build_site",
    "collect_notices",
    "normalise_base_url",
]
