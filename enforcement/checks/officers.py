"""Officer rules (OFF): two officers, valid certificates, domains, training, expiry.

Sources: 《行政处罚法》第四十二条、第七十六条; 《行政强制法》第十八条; local
certificate rules for training hours and renewal.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from enforcement.checks.engine import CaseContext, OfficerContext, Rule
from enforcement.checks.finding import Hit, Severity
from enforcement.models import Procedure, Stage

_STATUS_ZH = {
    "expired": "已过期",
    "not_yet_valid": "尚未生效",
    "suspended": "被暂扣",
    "revoked": "被吊销",
    "cancelled": "已注销",
}


def enforcement_acts(ctx: CaseContext) -> Iterator[tuple[int | None, date, tuple[str, ...]]]:
    """The case's acts that officers perform, as ``(record index, day, officer ids)``.

    Every record entry naming officers (dated by its local date), then the
    decision with the case's officers (承办人员) on the decision date (index
    ``None``). :func:`act_path` turns an index into a path, only for a finding.
    """
    case = ctx.case
    for j, entry in enumerate(case.records):
        if entry.officer_ids:
            yield j, entry.at.date(), entry.officer_ids
    if case.decision is not None and case.officer_ids:
        yield None, case.decision.decided_on, case.officer_ids


def act_path(ctx: CaseContext, index: int | None) -> str:
    """The path of an act from :func:`enforcement_acts`."""
    return f"{ctx.path}.decision" if index is None else f"{ctx.path}.records[{index}]"


def two_officers(ctx: CaseContext) -> Iterator[Hit]:
    """OFF001: an on-site or investigation entry, or the decision, with too few officers."""
    case = ctx.case
    policy = ctx.policy
    needed = policy.min_officers
    if policy.one_officer_simplified and case.procedure is Procedure.SIMPLIFIED:
        needed = min(needed, 1)
    investigation = Stage.INVESTIGATION
    for j, entry in enumerate(case.records):
        if not (entry.on_site or entry.stage is investigation):
            continue
        ids = entry.officer_ids
        count = len(ids) if len(ids) < 2 else len(set(ids))
        if count < needed:
            yield Hit(
                path=f"{ctx.path}.records[{j}].officer_ids",
                zh=f"执法记录 {entry.id} 在场执法人员 {count} 名，少于 {needed} 名",
                en=f"record entry {entry.id} has {count} officer(s), fewer than {needed}",
            )
    if case.decision is not None:
        count = len(set(case.officer_ids))
        if count < needed:
            yield Hit(
                path=f"{ctx.path}.officer_ids",
                zh=f"执法决定的承办执法人员 {count} 名，少于 {needed} 名",
                en=f"the decision has {count} officer(s) in charge, fewer than {needed}",
            )


def certificate_active(ctx: CaseContext) -> Iterator[Hit]:
    """OFF002: an officer acted on a day with no active certificate (one finding per officer)."""
    seen: set[str] = set()
    for index_in_case, day, officer_id, active in ctx.facts.officer_first_acts:
        if active is None or active or officer_id in seen:
            continue
        seen.add(officer_id)
        officer = ctx.officers[officer_id].officer
        states = sorted({c.status_on(day).value for c in officer.certificates})
        why_zh = "、".join(_STATUS_ZH.get(s, s) for s in states) or "无执法证件"
        why_en = ", ".join(states) or "no certificate"
        yield Hit(
            path=act_path(ctx, index_in_case),
            officer_id=officer_id,
            zh=f"执法人员 {officer_id} 于 {day.isoformat()} 执法时无有效执法证件（{why_zh}）",
            en=f"officer {officer_id} acted on {day.isoformat()} with no active "
            f"certificate ({why_en})",
            actual=day,
        )


def certificate_domain(ctx: CaseContext) -> Iterator[Hit]:
    """OFF003: an officer's active certificates do not cover the case's domain."""
    domain = ctx.case.domain
    seen: set[str] = set()
    # The certificate index hands out one tuple per officer and day: judge each tuple once.
    covers: dict[int, bool] = {}
    for index_in_case, day, officer_id, active in ctx.facts.officer_first_acts:
        if not active or officer_id in seen:
            continue
        covered = covers.get(id(active))
        if covered is None:
            covered = covers[id(active)] = any(domain in c.domains for c in active)
        if covered:
            continue
        seen.add(officer_id)
        held = "、".join(sorted({d for c in active for d in c.domains}))
        yield Hit(
            path=act_path(ctx, index_in_case),
            officer_id=officer_id,
            zh=f"执法人员 {officer_id} 的有效证件执法领域（{held}）不含本案领域“{domain}”",
            en=f"officer {officer_id}'s active certificates ({held}) do not cover "
            f"the case's domain {domain!r}",
            actual=day,
        )


def training_hours(ctx: OfficerContext) -> Iterator[Hit]:
    """OFF004: training hours in the last full year before ``on`` below the policy's requirement.

    Only officers holding a certificate valid at some time that year are expected to train.
    """
    year = ctx.on.year - 1
    officer = ctx.officer
    start, end = date(year, 1, 1), date(year, 12, 31)
    if not any(c.valid_from <= end and c.valid_until >= start for c in officer.certificates):
        return
    hours = officer.training_hours(year)
    required = ctx.policy.training_hours
    if hours < required:
        yield Hit(
            path=f"{ctx.path}.trainings",
            zh=f"执法人员 {officer.id} {year} 年培训 {hours} 学时，少于要求的 {required} 学时",
            en=f"officer {officer.id} trained {hours} hours in {year}, "
            f"fewer than the required {required}",
        )


def certificate_expiring(ctx: OfficerContext) -> Iterator[Hit]:
    """OFF005: an active certificate expires within the policy's warning window of ``on``."""
    window = ctx.policy.certificate_warning_days
    for j, cert in enumerate(ctx.officer.certificates):
        left = (cert.valid_until - ctx.on).days
        if 0 <= left <= window and cert.is_active_on(ctx.on):
            yield Hit(
                path=f"{ctx.path}.certificates[{j}]",
                zh=f"执法证 {cert.number} 将于 {cert.valid_until.isoformat()} 到期"
                f"（剩余 {left} 日），请及时换证",
                en=f"certificate {cert.number} expires on {cert.valid_until.isoformat()} "
                f"({left} days left)",
                due=cert.valid_until,
            )


def own_agency_officers(ctx: CaseContext) -> Iterator[Hit]:
    """OFF006: an officer of another agency acting in this agency's case (主体资格)."""
    case = ctx.case
    seen: set[str] = set()  # each officer is judged at their first act: the agency is theirs
    for index, _day, officer_id, active in ctx.facts.officer_first_acts:
        if active is None or officer_id in seen:
            continue  # an officer not in the dataset (OFF002 does not judge them either)
        seen.add(officer_id)
        certs = ctx.officers[officer_id]
        other = certs.officer.agency_id
        if other != case.agency_id:
            yield Hit(
                path=act_path(ctx, index),
                zh=f"执法人员 {certs.officer.name}（{officer_id}）属于 {other}，"
                f"不是本案执法主体 {case.agency_id} 的执法人员",
                en=f"officer {officer_id} belongs to agency {other}, "
                f"not to {case.agency_id} whose case this is",
                officer_id=officer_id,
            )


RULES = (
    Rule(
        code="OFF001",
        severity=Severity.ERROR,
        source="《行政处罚法》第四十二条；《行政强制法》第十八条",
        title="执法人员不少于两人",
        title_en="at least two officers act",
        cases=two_officers,
    ),
    Rule(
        code="OFF002",
        severity=Severity.ERROR,
        source="《行政处罚法》第四十二条、第七十六条",
        title="执法当日持有有效执法证件",
        title_en="an active certificate on the day of the act",
        cases=certificate_active,
    ),
    Rule(
        code="OFF003",
        severity=Severity.ERROR,
        source="《行政处罚法》第四十二条",
        title="执法证件领域涵盖案件领域",
        title_en="certificates cover the case's domain",
        cases=certificate_domain,
    ),
    Rule(
        code="OFF004",
        severity=Severity.WARNING,
        source="《法治政府建设实施纲要（2021—2025年）》（十五）；地方执法证件管理办法",
        title="年度培训学时达标",
        title_en="annual training hours met",
        officers=training_hours,
    ),
    Rule(
        code="OFF005",
        severity=Severity.WARNING,
        source="地方执法证件管理办法（如《攀枝花市行政执法证件管理办法》第十七条）",
        title="执法证件即将到期",
        title_en="certificate about to expire",
        officers=certificate_expiring,
    ),
    Rule(
        code="OFF006",
        severity=Severity.ERROR,
        source="《行政处罚法》第十七条、第四十二条",
        title="本机关执法人员办理本机关案件",
        title_en="only the agency's own officers act in its cases",
        cases=own_agency_officers,
    ),
)
"""The officer rules, in code order."""
