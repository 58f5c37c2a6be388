"""Rendering the portal's pages and files (Jinja2, autoescaped) from a record source."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from attrs import field, frozen
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from enforcement._files import read_limited
from enforcement.errors import SiteError
from enforcement.models import Agency, CaseCategory
from enforcement.notices import (
    CATEGORY_ZH,
    Block,
    Fields,
    Table,
    Text,
    build_roster_document,
    render_document,
)
from enforcement.plugins import default_plugin_manager
from enforcement.policy import Policy
from enforcement.reports import collect_sections, render_summary, summary_data
from enforcement.signing import SigningOptions, for_case
from enforcement.site.collect import SiteNotice, collect_notices
from enforcement.site.labels import ITEM_NAMES, TABLE_TITLES
from enforcement.site.output import MANIFEST, check_output, write_site
from enforcement.site.signing import signed_pdf
from enforcement.sources import RecordSource
from enforcement.summary import summarize

log = logging.getLogger(__name__)

DIGESTS_FORMAT = "enforcement-site-digests/1"
DIGESTS_PATH = "notices/digests.json"
"""Where the list of notice file digests the verify page reads is published."""

STATIC_FILES = ("site.css", "search.js", "verify.js")

CERTIFICATE_PATH = "verify/certificate.pem"
"""Where a signed portal publishes the certificate its PDFs are signed with."""


def _signer(signing: SigningOptions | None) -> dict[str, str] | None:
    """Who signs the PDFs, as the pages say it: the certificate's name and SHA-256 fingerprint."""
    if signing is None or signing.key.certificate is None:
        return None
    certificate = signing.key.certificate
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    name = str(names[0].value) if names else certificate.subject.rfc4514_string()
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    return {"name": name, "fingerprint": fingerprint, "certificate": CERTIFICATE_PATH}


@frozen(kw_only=True)
class SiteOptions:
    """What a build of the portal depends on besides the records.

    ``on`` is the day the site shows (notices whose term runs on that day);
    ``base_url`` is where it will be served (the notices' QR codes lead there);
    ``checkpoints`` are checkpoint files of the record log, published as they are;
    ``law_reports`` the year's 法治政府建设情况报告 (``enforcement law-report``'s PDF),
    each ``(year, path)``, published as they are on the annual data page;
    ``signing`` signs the PDFs the build renders (:mod:`enforcement.site.signing`).
    """

    on: date
    base_url: str | None = None
    agency_id: str | None = None
    checkpoints: tuple[Path, ...] = ()
    policy: Policy = field(factory=Policy)
    law_reports: tuple[tuple[int, Path], ...] = ()
    signing: SigningOptions | None = field(default=None, repr=False)
    """Sign every PDF the build renders (notices, withdrawals, rosters, annual reports) as
    PAdES with the agency's key (``--sign KEY --cert CERT``); ``None``: unsigned."""


@frozen
class SiteResult:
    """What a build wrote: the files (relative paths) and the notices by status."""

    files: tuple[str, ...]
    current: int
    withdrawn: int
    expired: int


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("enforcement.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cn_date"] = _cn_date
    env.filters["block_kind"] = _block_kind
    env.filters["category_zh"] = _category_zh
    return env


def _cn_date(day: date | str | None) -> str:
    if day is None:
        return "—"
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


def _category_zh(value: str) -> str:
    try:
        return CATEGORY_ZH[CaseCategory(value)]
    except ValueError:
        return value


def _block_kind(block: Block) -> str:
    if isinstance(block, Fields):
        return "fields"
    if isinstance(block, Text):
        return "text"
    if isinstance(block, Table):
        return "table"
    raise TypeError(block)


def _slug(value: str) -> str:
    return re.sub(r"[^\w.-]+", "_", value, flags=re.ASCII) or "_"


def normalise_base_url(value: str | None) -> str | None:
    """``--base-url`` without its trailing slash; only ``http``/``https`` URLs are accepted."""
    if value is None:
        return None
    if not re.fullmatch(r"https?://[^\s<>\"'\\]+", value):
        raise SiteError("base_url", f"expected an http:// or https:// URL, got {value!r}")
    return value.rstrip("/")


MAX_CHECKPOINT_BYTES = 1 << 16
"""The largest checkpoint file published (a checkpoint is a few lines)."""
MAX_LAW_REPORT_BYTES = 64 << 20
"""The largest law report PDF published (64 MiB)."""


def _checkpoint_files(paths: Sequence[Path]) -> tuple[list[dict[str, str]], dict[str, bytes]]:
    listed: list[dict[str, str]] = []
    out: dict[str, bytes] = {}
    tile_source: Path | None = None
    for path in paths:
        try:
            data = read_limited(path, MAX_CHECKPOINT_BYTES)
        except ValueError as exc:
            raise SiteError("checkpoint", f"{path}: {exc}: not a checkpoint") from None
        except OSError as exc:
            raise SiteError("checkpoint", f"cannot read {path}: {exc.strerror}") from None
        name = _slug(path.name)
        if name in ("index.html", "tile"):
            raise SiteError("checkpoint", f"{path}: the name {name!r} is the site's own; rename it")
        if f"checkpoints/{name}" in out:
            raise SiteError("checkpoint", f"two checkpoint files are named {path.name!r}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise SiteError("checkpoint", f"{path} is not UTF-8 text") from None
        out[f"checkpoints/{name}"] = data
        listed.append({"name": name, "text": text})
        tiles = path.parent / "tile"
        if tiles.is_dir():
            if tile_source is not None and tile_source.resolve() != tiles.resolve():
                raise SiteError(
                    "checkpoint", f"checkpoints with two tile directories: {tile_source}, {tiles}"
                )
            if tile_source is None:
                tile_source = tiles
                for file in sorted(tiles.rglob("*")):
                    if file.is_file() and not file.is_symlink():
                        rel = file.relative_to(tiles).as_posix()
                        out[f"checkpoints/tile/{rel}"] = file.read_bytes()
    return listed, out


def _law_report_files(reports: Sequence[tuple[int, Path]]) -> tuple[list[int], dict[str, bytes]]:
    """The law reports as published files (``tables/YEAR/law-report.pdf``), and their years."""
    out: dict[str, bytes] = {}
    for year, path in reports:
        name = f"tables/{year}/law-report.pdf"
        if name in out:
            raise SiteError("law_report", f"two law reports for {year}")
        try:
            data = read_limited(path, MAX_LAW_REPORT_BYTES)
        except ValueError as exc:
            raise SiteError("law_report", f"{path}: {exc}") from None
        except OSError as exc:
            raise SiteError("law_report", f"cannot read {path}: {exc.strerror}") from None
        if not data.startswith(b"%PDF-"):
            raise SiteError("law_report", f"{path} is not a PDF")
        out[name] = data
    return sorted(year for year, _ in reports), out


def _digests(notices: Sequence[SiteNotice], on: date) -> bytes:
    entries: list[dict[str, Any]] = []
    for n in notices:
        entry: dict[str, Any] = {
            "sha256": n.sha256,
            "kind": n.kind,
            "number": n.number,
            "agency": n.agency,
            "published_on": n.published_on.isoformat(),
            "until": n.until.isoformat() if n.until else None,
            "status": n.status,
            "withdrawn_on": n.withdrawn_on.isoformat() if n.withdrawn_on else None,
            "page": n.page if n.status == "current" else None,
        }
        entries.append(entry)
    entries.sort(key=lambda e: e["sha256"])
    data = {"format": DIGESTS_FORMAT, "on": on.isoformat(), "notices": entries}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _summaries(
    source: RecordSource, options: SiteOptions, years: Sequence[int], pm: Any
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    out: dict[str, bytes] = {}
    listed: list[dict[str, Any]] = []
    for year in years:
        judged = min(options.on, date(year + 1, 1, 31))
        summary = summarize(
            source,
            year=year,
            agency_id=options.agency_id,
            policy=options.policy,
            on=judged,
            plugin_manager=pm,
        )
        sections = collect_sections(summary, source=source, plugin_manager=pm)
        data = summary_data(summary, sections)
        out[f"tables/{year}/summary.json"] = (
            json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        ).encode()
        out[f"tables/{year}/summary.pdf"] = render_summary(
            summary, sections=sections, plugin_manager=pm
        )
        listed.append(
            {"year": year, "data": summary.to_data(), "tables": _tables(summary.to_data())}
        )
    return listed, out


def _tables(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``Summary.to_data()``'s ``tables``, each as a title, columns and rows, when it has them.

    A table is either a mapping of item to figure (shown as two columns) or already
    ``{"title", "columns", "rows"}``.
    """
    tables = data.get("tables")
    if isinstance(tables, Mapping):
        tables = [
            dict(value, key=key) for key, value in tables.items() if isinstance(value, Mapping)
        ]
    if not isinstance(tables, list):
        return []
    shown = []
    for table in tables:
        if not isinstance(table, Mapping):
            continue
        if "rows" in table:
            key = str(table.get("key") or "")
            title = table.get("title") or table.get("name") or TABLE_TITLES.get(key, key)
            columns = [str(c) for c in table.get("columns") or []]
            rows = [
                [_figure(v) for v in row]
                for row in table.get("rows") or []
                if isinstance(row, list | tuple)
            ]
        else:
            key = str(table.get("key") or "")
            title = TABLE_TITLES.get(key, key)
            columns = ["项目", "数值"]
            rows = [
                [ITEM_NAMES.get(str(k), str(k)), _figure(v)] for k, v in table.items() if k != "key"
            ]
        shown.append({"title": str(title), "columns": columns, "rows": rows})
    return shown


def _figure(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:g}"
    return str(value)


def build_site(
    source: RecordSource,
    out: str | Path,
    options: SiteOptions,
    *,
    inputs: Sequence[Path] = (),
    force: bool = False,
    plugin_manager: Any = None,
) -> SiteResult:
    """Render the portal (行政执法公示专栏) of ``source`` into the directory ``out``.

    The same records and options give the same bytes. ``inputs`` are the files
    the build reads (the store's file, the checkpoints): ``out`` may not hold
    them. A non-empty ``out`` the command did not write is refused unless
    ``force``. Raises :class:`~enforcement.errors.SiteError`.
    """
    out = Path(out)
    check_output(
        out, [*inputs, *options.checkpoints, *(p for _, p in options.law_reports)], force=force
    )
    pm = plugin_manager or default_plugin_manager()
    agencies = {a.id: a for a in source.agencies()}
    if options.agency_id is not None and options.agency_id not in agencies:
        raise SiteError("agency", f"no agency with id {options.agency_id!r}")
    shown: list[Agency] = sorted(
        (a for a in agencies.values() if options.agency_id in (None, a.id)), key=lambda a: a.id
    )
    signing = options.signing
    previous = out if (out / MANIFEST).is_file() else None

    def sign(data: bytes, name: str) -> bytes:
        if signing is None:
            return data
        return signed_pdf(data, signing, previous / name if previous else None)

    notices = collect_notices(
        source.cases(agency_id=options.agency_id),
        agencies,
        on=options.on,
        base_url=options.base_url,
        policy=options.policy,
        plugin_manager=pm,
        signing=None if signing is None else (lambda case: for_case(signing, source, case.id)),
        previous=previous,
    )
    years = sorted(
        {c.opened_on.year for c in source.cases(agency_id=options.agency_id)}
        - set(range(options.on.year, 10000))
    )
    checkpoints, files_out = _checkpoint_files(options.checkpoints)
    summaries, summary_files = _summaries(source, options, years, pm)
    for name, data in summary_files.items():
        files_out[name] = sign(data, name) if name.endswith(".pdf") else data
    law_reports, report_files = _law_report_files(options.law_reports)
    files_out.update(report_files)

    current = [n for n in notices if n.status == "current"]
    decisions = [n for n in current if n.kind == "decision"]
    withdrawals = [n for n in current if n.kind == "withdrawal"]
    by_year: dict[int, list[SiteNotice]] = {}
    for n in sorted(decisions, key=lambda n: (n.published_on, n.number), reverse=True):
        by_year.setdefault(n.published_on.year, []).append(n)

    rosters = []
    for agency in shown:
        document = build_roster_document(agency, source.officers(agency.id), options.on)
        if options.base_url is not None:
            document.url = f"{options.base_url}/roster/index.html"
        name = f"roster/{_slug(agency.id)}.pdf"
        pdf = sign(render_document(document, plugin_manager=pm), name)
        files_out[name] = pdf
        rosters.append({"agency": agency, "document": document, "pdf": name, "size": len(pdf)})

    env = _environment()
    title = "、".join(a.name for a in shown) or "行政执法公示"
    common = {
        "site_title": title,
        "on": options.on,
        "categories": sorted({(n.category, n.category_name) for n in decisions}),
        "signer": _signer(signing),
    }
    if signing is not None and signing.key.certificate is not None:
        # The certificate the PDFs' signatures name, for `enforcement notice verify --cert`.
        files_out[CERTIFICATE_PATH] = signing.key.certificate.public_bytes(
            serialization.Encoding.PEM
        )

    def page(template: str, path: str, **context: Any) -> None:
        root = "../" * path.count("/")
        html = env.get_template(template).render(root=root, path=path, **common, **context)
        files_out[path] = html.encode("utf-8")

    page(
        "index.html",
        "index.html",
        latest=sorted(decisions, key=lambda n: (n.published_on, n.number), reverse=True)[:10],
        counts={"decisions": len(decisions), "withdrawals": len(withdrawals)},
        agencies=shown,
    )
    page("roster.html", "roster/index.html", rosters=rosters)
    page("notices.html", "notices/index.html", by_year=sorted(by_year.items(), reverse=True))
    for n in current:
        files_out[n.pdf_path] = n.pdf
        page("notice.html", n.page, notice=n)
    page(
        "withdrawals.html",
        "withdrawals/index.html",
        withdrawals=sorted(withdrawals, key=lambda n: (n.published_on, n.number), reverse=True),
    )
    page("tables.html", "tables/index.html", summaries=summaries, law_reports=law_reports)
    page("checkpoints.html", "checkpoints/index.html", checkpoints=checkpoints)
    page("verify.html", "verify/index.html")
    files_out[DIGESTS_PATH] = _digests(notices, options.on)
    static = files("enforcement.site") / "static"
    for name in STATIC_FILES:
        files_out[f"static/{name}"] = (static / name).read_bytes()
    write_site(out, files_out)
    return SiteResult(
        tuple(sorted(files_out)),
        current=len(current),
        withdrawn=sum(1 for n in notices if n.status == "withdrawn"),
        expired=sum(1 for n in notices if n.status == "expired"),
    )
