"""Deterministic synthetic enforcement data: a town's year, or a large county's.

The data is realistic in shape (a comprehensive enforcement team of a town in
天津市滨海新区, officers whose certificates lapse, ordinary and simplified
penalty cases, inspections, licences, coercive measures with video records,
major decisions with legal reviews) and valid in the interchange format. Every
identifier carries a correct check character.

``defects`` injects a share of realistic compliance problems (a late notice, a
missing service record, an officer acting alone, a lapsed certificate) so that
the compliance checks, the notices and the summaries have something true to
show. With ``defects=0`` the generator aims at a fully compliant year.

The same arguments always give the same dataset.
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import attrs

from enforcement.calendar import WorkingCalendar, default_calendar
from enforcement.identifiers import credit_code_check_char, id_number_check_char
from enforcement.models import (
    Act,
    Agency,
    AnnualReport,
    Attachment,
    Case,
    CaseCategory,
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    CoerciveMeasure,
    Dataset,
    Decision,
    ExcludedPeriod,
    ExcludedPeriodKind,
    Execution,
    ExecutionKind,
    Hearing,
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

CST = timezone(timedelta(hours=8), "CST")

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国志军海燕鹏飞晓东春梅俊峰丹宇浩然子轩欣怡思远嘉琪文博雅婷"
_STREETS = (
    "新城大道",
    "港城路",
    "海滨街",
    "渔港路",
    "新华路",
    "振兴街",
    "东风路",
    "建设路",
    "育才路",
    "滨河路",
)
_VILLAGES = ("新城村", "东沽村", "西沽村", "北塘社区", "南港社区", "海丰社区", "盐田村")
_SHOP_KINDS = (
    "餐饮店",
    "便利店",
    "五金店",
    "建材经营部",
    "汽车修理厂",
    "物流有限公司",
    "食品有限公司",
    "建筑工程有限公司",
    "再生资源回收站",
    "加油站",
)

_INDIVIDUAL_BUSINESSES = frozenset({"餐饮店", "便利店", "五金店", "建材经营部", "再生资源回收站"})
"""Shop kinds registered as 个体工商户 (credit codes starting 92); the rest are enterprises."""

DOMAINS = ("城市管理", "安全生产", "生态环境", "自然资源", "卫生健康", "农业农村")

_POWERS = (
    Power(
        code="XC-CF-001",
        name="对擅自占用城市道路行为的行政处罚",
        category=CaseCategory.PENALTY,
        domain="城市管理",
        legal_basis=("《城市道路管理条例》第四十二条",),
    ),
    Power(
        code="XC-CF-002",
        name="对违法建设行为的行政处罚",
        category=CaseCategory.PENALTY,
        domain="自然资源",
        legal_basis=("《中华人民共和国城乡规划法》第六十五条",),
    ),
    Power(
        code="XC-CF-003",
        name="对生产经营单位未落实安全生产责任的行政处罚",
        category=CaseCategory.PENALTY,
        domain="安全生产",
        legal_basis=("《中华人民共和国安全生产法》第九十七条",),
    ),
    Power(
        code="XC-CF-004",
        name="对露天焚烧垃圾等行为的行政处罚",
        category=CaseCategory.PENALTY,
        domain="生态环境",
        legal_basis=("《中华人民共和国大气污染防治法》第一百一十九条第二款",),
    ),
    Power(
        code="XC-CF-005",
        name="对公共场所卫生违法行为的行政处罚",
        category=CaseCategory.PENALTY,
        domain="卫生健康",
        legal_basis=("《公共场所卫生管理条例》第十四条",),
    ),
    Power(
        code="XC-XK-001",
        name="城市建筑垃圾处置核准",
        category=CaseCategory.LICENSING,
        domain="城市管理",
        legal_basis=("《城市建筑垃圾管理规定》第七条",),
    ),
    Power(
        code="XC-XK-002",
        name="临时占用城市道路许可",
        category=CaseCategory.LICENSING,
        domain="城市管理",
        legal_basis=("《城市道路管理条例》第三十一条",),
    ),
    Power(
        code="XC-QZ-001",
        name="查封、扣押违法经营的工具和物品",
        category=CaseCategory.COERCION,
        domain="城市管理",
        legal_basis=("《中华人民共和国行政强制法》第九条",),
    ),
    Power(
        code="XC-QZ-002",
        name="强制拆除违法建筑物",
        category=CaseCategory.COERCION,
        domain="自然资源",
        legal_basis=("《中华人民共和国城乡规划法》第六十八条",),
    ),
    Power(
        code="XC-JC-001",
        name="生产经营单位安全生产监督检查",
        category=CaseCategory.INSPECTION,
        domain="安全生产",
        legal_basis=("《中华人民共和国安全生产法》第六十五条",),
    ),
    Power(
        code="XC-JC-002",
        name="农业生产经营监督检查",
        category=CaseCategory.INSPECTION,
        domain="农业农村",
        legal_basis=("《中华人民共和国农产品质量安全法》第五十一条",),
    ),
)

# 《安全生产法》 was renumbered by its 2021 amendment (in force 2021-09-01): the training duty's
# penalty was 第九十四条 and the inspection powers 第六十二条 in the 2014 text.
_SAFETY_2014 = {
    "《中华人民共和国安全生产法》第九十七条": "《中华人民共和国安全生产法》（2014年修正）第九十四条",
    "《中华人民共和国安全生产法》第六十五条": "《中华人民共和国安全生产法》（2014年修正）第六十二条",
}


_SAFETY_2021 = date(2021, 9, 1)


def _basis_on(basis: tuple[str, ...], day: date) -> tuple[str, ...]:
    """``basis`` as cited on ``day``: the 2014 numbering of 《安全生产法》 before 2021-09-01."""
    return tuple(_SAFETY_2014.get(b, b) for b in basis) if day < _SAFETY_2021 else basis


def _powers_on(day: date) -> tuple[Power, ...]:
    """The list of powers with the provisions in force on ``day``."""
    return tuple(attrs.evolve(p, legal_basis=_basis_on(p.legal_basis, day)) for p in _POWERS)


_FACTS = {
    "城市管理": "当事人{name}于{day}在{place}擅自占用城市道路堆放物料、设置摊点，影响道路通行，经执法人员现场责令改正后仍未改正。",
    "自然资源": "当事人{name}未取得乡村建设规划许可证，于{day}在{place}擅自搭建建筑物约{area}平方米。",
    "安全生产": "当事人{name}未按规定对从业人员进行安全生产教育和培训，于{day}检查时发现{place}作业现场存在事故隐患。",
    "生态环境": "当事人{name}于{day}在{place}露天焚烧生活垃圾、废旧塑料，产生有毒有害烟尘和恶臭气体。",
    "卫生健康": "当事人{name}经营的公共场所于{day}经检查卫生质量不符合国家卫生标准和要求，地址：{place}。",
    "农业农村": "当事人{name}于{day}在{place}销售不符合农产品质量安全标准的农产品。",
}

# A licence decision answers an application: its facts say what was applied for and how it
# was examined (《行政许可法》第三十四条), not what was done wrong.
_LICENSING_FACTS = {
    "XC-XK-001": "申请人{name}于{day}申请城市建筑垃圾处置核准，处置地点位于{place}，预计处置建筑垃圾约{area}立方米。经审查，申请材料齐全，符合法定条件。",
    "XC-XK-002": "申请人{name}于{day}申请临时占用{place}城市道路约{area}平方米，用于堆放施工物料。经审查，申请材料齐全，符合法定条件，并经公安交通管理部门同意。",
}


def _facts_template(category: CaseCategory, power: Power) -> str:
    """The facts of a decision: an application for a licence, a violation otherwise."""
    if category is CaseCategory.LICENSING:
        return _LICENSING_FACTS[power.code]
    return _FACTS[power.domain]


_REVIEW_ITEMS = (
    "执法主体是否合法",
    "执法人员是否具备执法资格",
    "执法程序是否合法",
    "案件事实是否清楚，证据是否合法充分",
    "适用法律是否准确，裁量基准运用是否适当",
    "执法文书是否完备、规范",
    "是否涉嫌犯罪需要移送司法机关",
)


def make_id_number(rng: random.Random, born: date, region: str = "120116") -> str:
    """A valid 18-digit 居民身份证号 for someone born on ``born``."""
    body = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + id_number_check_char(body)


def make_credit_code(rng: random.Random, prefix: str = "91120116") -> str:
    """A valid 统一社会信用代码 with the given registration prefix."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = prefix + "".join(rng.choice(alphabet) for _ in range(17 - len(prefix)))
    return body + credit_code_check_char(body)


class _Generator:
    def __init__(
        self,
        *,
        cases: int,
        year: int,
        seed: int,
        officers: int,
        defects: float,
        calendar: WorkingCalendar,
    ) -> None:
        self.rng = random.Random(seed)
        # Draws for the facts added later (payments, hearings, licences, reports) come
        # from a stream of their own, so the older facts stay as they were.
        self.extra = random.Random(seed + 12)
        self.n_cases = cases
        self.year = year
        self.n_officers = officers
        self.defects = defects
        self.cal = calendar
        self.agency = Agency(
            id="xc",
            name="天津市滨海新区新城镇人民政府",
            credit_code=make_credit_code(random.Random(seed + 1), "11120116"),
            # Illustrative: 新城镇 is a fictional town. A town has no six-digit GB/T 2260
            # code of its own (towns are 9-digit statistical codes under their county), so
            # its agency carries its district's: 120116, 天津市滨海新区.
            region="120116",
            # A town government's decisions go to the district government on reconsideration
            # (《行政复议法》(2023) 第二十四条) and to the district's basic people's court.
            reconsideration_body="天津市滨海新区人民政府",
            court="天津市滨海新区人民法院",
            website="https://xincheng.tjbh.example",
            powers=_powers_on(date(year, 12, 31)),
            reports=(
                AnnualReport(
                    kind=ReportKind.STATISTICS, year=year - 1, published_on=date(year, 1, 24)
                ),
                AnnualReport(
                    kind=ReportKind.RULE_OF_LAW, year=year - 1, published_on=date(year, 3, 27)
                ),
                AnnualReport(
                    kind=ReportKind.STATISTICS, year=year, published_on=date(year + 1, 1, 22)
                ),
                AnnualReport(
                    kind=ReportKind.RULE_OF_LAW, year=year, published_on=date(year + 1, 3, 26)
                ),
            ),
        )
        self.decision_seq: dict[str, int] = {}
        self._qualified: dict[tuple[str, date], list[Officer]] = {}

    def defect(self) -> bool:
        return self.defects > 0 and self.rng.random() < self.defects

    def extra_defect(self) -> bool:
        """A defect in one of the later facts, drawn from their own stream."""
        return self.defects > 0 and self.extra.random() < self.defects

    def name(self) -> str:
        rng = self.rng
        return rng.choice(_SURNAMES) + "".join(
            rng.choice(_GIVEN) for _ in range(rng.choice((1, 2)))
        )

    def place(self) -> str:
        return f"新城镇{self.rng.choice(_STREETS)}{self.rng.randrange(1, 300)}号"

    def officers(self) -> list[Officer]:
        rng = self.rng
        out = []
        for i in range(self.n_officers):
            domains = tuple(sorted({*rng.sample(DOMAINS, rng.randint(2, 4)), "城市管理"}))
            # Issued within the last four years: none falls due for renewal right after the year.
            start = date(self.year - rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
            until = date(start.year + 5, start.month, start.day) - timedelta(days=1)
            events: list[CertificateEvent] = []
            for y in range(start.year + 1, self.year + 1):
                events.append(
                    CertificateEvent(
                        on=date(y, 1, 15),
                        kind=CertificateEventKind.REVIEW_PASSED,
                        reason="年度审验合格",
                    )
                )
            certs = [
                Certificate(
                    number=f"津执{self.year - 2000:02d}{i + 1:05d}",
                    issuer="天津市人民政府",
                    domains=domains,
                    valid_from=start,
                    valid_until=until,
                    events=tuple(events),
                )
            ]
            trainings = []
            total = 0
            while total < rng.choice((40, 40, 44, 48, 56)):  # at least the typical 40 学时
                hours = rng.choice((4, 8, 8, 16))
                trainings.append(
                    Training(
                        on=date(self.year, rng.randint(1, 12), rng.randint(1, 28)),
                        hours=Decimal(hours),
                        topic=rng.choice(
                            (
                                "《行政处罚法》专题培训",
                                "执法全过程记录规范",
                                "行政执法证件法律知识更新",
                                "安全生产执法实务",
                                "民法典学习",
                            )
                        ),
                    )
                )
                total += hours
            trainings.sort(key=lambda t: t.on)
            out.append(
                Officer(
                    id=f"xc-{i + 1:03d}",
                    name=self.name(),
                    agency_id=self.agency.id,
                    certificates=tuple(certs),
                    trainings=tuple(trainings),
                )
            )
        return out

    def lapse_some(self, officers: list[Officer]) -> list[Officer]:
        """A few certificates lapse during the year: one expires, one is suspended."""
        if len(officers) < 6:
            return officers
        out = list(officers)
        a, b = out[-1], out[-2]
        cert = a.certificates[0]
        out[-1] = Officer(
            id=a.id,
            name=a.name,
            agency_id=a.agency_id,
            trainings=a.trainings,
            certificates=(
                Certificate(
                    number=cert.number,
                    issuer=cert.issuer,
                    domains=cert.domains,
                    valid_from=date(self.year - 5, 7, 1),
                    valid_until=date(self.year, 6, 30),
                    events=(),
                ),
            ),
        )
        cert = b.certificates[0]
        out[-2] = Officer(
            id=b.id,
            name=b.name,
            agency_id=b.agency_id,
            trainings=b.trainings[:1],
            certificates=(
                Certificate(
                    number=cert.number,
                    issuer=cert.issuer,
                    domains=cert.domains,
                    valid_from=cert.valid_from,
                    valid_until=cert.valid_until,
                    events=(
                        *cert.events,
                        CertificateEvent(
                            on=date(self.year, 9, 1),
                            kind=CertificateEventKind.SUSPENDED,
                            reason="新法考试不合格，暂扣证件",
                        ),
                    ),
                ),
            ),
        )
        return out

    def party(self, organisation: bool) -> Party:
        rng = self.rng
        if organisation:
            owner = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
            shop = rng.choice(_SHOP_KINDS)
            name = f"天津市滨海新区{owner}{shop}"
            # GB 32100: 92 is an individual business (个体工商户), 91 an enterprise.
            prefix = "92120116" if shop in _INDIVIDUAL_BUSINESSES else "91120116"
            return Party(
                kind=PartyKind.ORGANISATION,
                name=name,
                credit_code=make_credit_code(rng, prefix),
                address=self.place(),
                representative=self.name(),
                phone=f"022-{rng.randrange(10**7, 10**8)}",
            )
        born = date(rng.randint(1950, 2001), rng.randint(1, 12), rng.randint(1, 28))
        return Party(
            kind=PartyKind.PERSON,
            name=self.name(),
            id_number=make_id_number(rng, born),
            address=f"天津市滨海新区{rng.choice(_VILLAGES)}{rng.randrange(1, 60)}号",
            phone=f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
        )

    def at(self, day: date, hour: int | None = None, rng: random.Random | None = None) -> datetime:
        draw = rng or self.rng
        h = hour if hour is not None else draw.randint(8, 17)
        return datetime.combine(day, time(h, draw.randrange(60)), CST)

    def working_day_on_or_after(self, day: date) -> date:
        while not self.cal.is_working_day(day):
            day += timedelta(days=1)
        return day

    def record(
        self,
        case_id: str,
        seq: int,
        stage: Stage,
        kind: RecordKind,
        day: date,
        officers: tuple[str, ...],
        *,
        on_site: bool = False,
        act: Act | None = None,
        summary: str,
        location: str | None = None,
        rng: random.Random | None = None,
    ) -> RecordEntry:
        draw = rng or self.rng
        attachment = None
        if kind is not RecordKind.TEXT:
            blob = f"{case_id}/{seq}/{stage}/{kind}".encode()
            ext, media = {
                RecordKind.VIDEO: ("mp4", "video/mp4"),
                RecordKind.AUDIO: ("m4a", "audio/mp4"),
                RecordKind.PHOTO: ("jpg", "image/jpeg"),
                RecordKind.DOCUMENT: ("pdf", "application/pdf"),
            }[kind]
            attachment = Attachment(
                uri=f"evidence/{case_id}/{seq:02d}.{ext}",
                sha256=hashlib.sha256(blob).hexdigest(),
                bytes=draw.randrange(20_000, 80_000_000),
                media_type=media,
            )
        start = self.at(day, rng=draw)
        return RecordEntry(
            id=f"{case_id}-R{seq:02d}",
            stage=stage,
            kind=kind,
            at=start,
            officer_ids=officers,
            location=location,
            on_site=on_site,
            summary=summary,
            device=f"ZFJLY-{draw.randrange(1, 40):03d}"
            if kind in (RecordKind.VIDEO, RecordKind.AUDIO)
            else None,
            attachment=attachment,
            act=act,
            ended_at=start + timedelta(minutes=draw.randint(5, 90)) if on_site else None,
        )

    def cases(self, officers: list[Officer]) -> Iterator[Case]:
        rng = self.rng
        first = date(self.year, 1, 2)
        span = (date(self.year, 12, 31) - first).days
        for i in range(self.n_cases):
            opened = self.working_day_on_or_after(
                first + timedelta(days=int(span * i / max(self.n_cases, 1)))
            )
            roll = rng.random()
            if roll < 0.55:
                category = CaseCategory.PENALTY
            elif roll < 0.75:
                category = CaseCategory.INSPECTION
            elif roll < 0.87:
                category = CaseCategory.LICENSING
            elif roll < 0.97:
                category = CaseCategory.COERCION
            else:
                category = CaseCategory.CONFIRMATION
            yield self.case(i, opened, category, officers)

    def qualified(self, officers: list[Officer], domain: str, opened: date) -> list[Officer]:
        """Officers qualified for the whole life of a case (about 150 days), not only on filing day.

        Memoised by domain and filing day: a county's year has thousands of
        officers and tens of thousands of cases, but few distinct keys.
        """
        key = (domain, opened)
        found = self._qualified.get(key)
        if found is None:
            until = opened + timedelta(days=150)
            found = [
                o
                for o in officers
                if any(
                    c.valid_from <= opened and c.valid_until >= until and domain in c.domains
                    for c in o.certificates
                )
            ] or officers
            self._qualified[key] = found
        return found

    def case(self, i: int, opened: date, category: CaseCategory, officers: list[Officer]) -> Case:
        rng = self.rng
        listed = self.agency.powers
        powers = [p for p in listed if p.category is category] or [listed[0]]
        power = rng.choice(powers)
        domain = power.domain
        case_id = f"XC{self.year}-{i + 1:05d}"
        qualified = self.qualified(officers, domain, opened)
        pair = tuple(o.id for o in rng.sample(qualified, 2))
        organisation = rng.random() < 0.45
        party = self.party(organisation)
        parties = [party]
        if rng.random() < 0.15:
            witness = self.party(False)
            parties.append(
                Party(
                    kind=witness.kind,
                    name=witness.name,
                    phone=witness.phone,
                    role=PartyRole.WITNESS,
                )
            )
        simplified = category is CaseCategory.PENALTY and rng.random() < 0.3
        procedure = Procedure.SIMPLIFIED if simplified else Procedure.ORDINARY
        place = self.place()
        records: list[RecordEntry] = []
        seq = 0

        def add(
            stage: Stage,
            kind: RecordKind,
            day: date,
            summary: str,
            *,
            on_site: bool = False,
            act: Act | None = None,
            rng: random.Random | None = None,
        ) -> None:
            nonlocal seq
            seq += 1
            records.append(
                self.record(
                    case_id,
                    seq,
                    stage,
                    kind,
                    day,
                    pair,
                    summary=summary,
                    location=place,
                    on_site=on_site,
                    act=act,
                    rng=rng,
                )
            )

        title = (
            f"{party.name}{power.name.removeprefix('对').removesuffix('的行政处罚')}案"
            if category is CaseCategory.PENALTY
            else f"{party.name}{power.name}"
        )
        if simplified:
            return self.simplified_case(case_id, opened, power, pair, party, title, place)

        add(Stage.FILING, RecordKind.DOCUMENT, opened, "立案审批表")
        day = opened + timedelta(days=rng.randint(1, 10))
        add(
            Stage.INVESTIGATION,
            RecordKind.VIDEO,
            day,
            "现场检查，全程执法记录仪录像",
            on_site=True,
            act=Act.INSPECTION,
        )
        add(Stage.INVESTIGATION, RecordKind.PHOTO, day, "现场照片")
        add(Stage.INVESTIGATION, RecordKind.TEXT, day + timedelta(days=1), "询问笔录")

        if category is CaseCategory.INSPECTION:
            add(
                Stage.CLOSING,
                RecordKind.DOCUMENT,
                day + timedelta(days=3),
                "检查结论，未发现违法行为，结案",
            )
            return Case(
                id=case_id,
                agency_id=self.agency.id,
                category=category,
                domain=domain,
                power_code=power.code,
                procedure=procedure,
                title=title,
                opened_on=opened,
                closed_on=day + timedelta(days=3),
                parties=tuple(parties),
                officer_ids=pair,
                records=tuple(records),
            )

        measures: tuple[CoerciveMeasure, ...] = ()
        executions: tuple[Execution, ...] = ()
        if category is CaseCategory.COERCION:
            act = (
                Act.FORCED_DEMOLITION
                if power.code == "XC-QZ-002"
                else rng.choice((Act.SEIZURE, Act.SEALING))
            )
            acted = day + timedelta(days=2)
            if act is Act.FORCED_DEMOLITION:
                executions = (
                    Execution(kind=ExecutionKind.RESTORE, started_on=acted, ended_on=acted),
                )
            else:
                kind_of = MeasureKind.SEIZE if act is Act.SEIZURE else MeasureKind.SEAL_UP
                measures = (
                    CoerciveMeasure(
                        kind=kind_of, decided_on=acted, ended_on=acted + timedelta(days=30)
                    ),
                )
            kind = RecordKind.TEXT if self.defect() else RecordKind.VIDEO
            add(
                Stage.EXECUTION,
                kind,
                day + timedelta(days=2),
                f"实施{ {'seizure': '扣押', 'sealing': '查封', 'forced_demolition': '强制拆除'}[act.value] }，现场全程录像",
                on_site=True,
                act=act,
            )

        penalties: tuple[Penalty, ...] = ()
        fine = Decimal(0)
        if category is CaseCategory.PENALTY:
            base = rng.choice(
                (500, 1000, 2000, 3000, 5000, 8000, 10000, 20000, 50000, 100000, 200000)
            )
            if not organisation:
                base = min(base, 50000)
            fine = Decimal(base).quantize(Decimal("0.01"))
            penalties = (
                Penalty(kind=PenaltyKind.FINE, amount=fine, description=f"罚款人民币{base}元"),
            )
            if rng.random() < 0.15:
                gains = Decimal(rng.randrange(200, 20000)).quantize(Decimal("0.01"))
                penalties += (
                    Penalty(
                        kind=PenaltyKind.CONFISCATION_OF_GAINS,
                        amount=gains,
                        description="没收违法所得",
                    ),
                )
            if organisation and rng.random() < 0.05:
                penalties += (
                    Penalty(
                        kind=PenaltyKind.SUSPENSION_OF_BUSINESS,
                        description="责令停产停业整顿三十日",
                    ),
                )

        notify_day = self.working_day_on_or_after(day + timedelta(days=rng.randint(3, 15)))
        if not (category is CaseCategory.PENALTY and self.defect()):
            add(
                Stage.NOTIFICATION,
                RecordKind.DOCUMENT,
                notify_day,
                "行政处罚事先告知书" if category is CaseCategory.PENALTY else "告知书",
            )
        threshold = Decimal(100000) if organisation else Decimal(10000)
        confiscated = sum(
            (
                p.amount or Decimal(0)
                for p in penalties
                if p.kind is PenaltyKind.CONFISCATION_OF_GAINS
            ),
            Decimal(0),
        )
        major_by_fine = fine >= threshold or any(
            p.kind is PenaltyKind.SUSPENSION_OF_BUSINESS for p in penalties
        )
        # Fines and confiscations add up towards "major" (REV001); a confiscation alone at
        # the 较大数额 line gives the right to a hearing (HEA001).
        major = major_by_fine or fine + confiscated >= threshold
        eligible = major_by_fine or confiscated >= threshold
        hearing = major_by_fine and rng.random() < 0.4
        cursor = notify_day
        hearing_facts: Hearing | None = None
        excluded: tuple[ExcludedPeriod, ...] = ()
        if hearing:
            cursor = self.cal.add_working_days(notify_day, rng.randint(8, 12))
            asked = self.cal.add_working_days(notify_day, 1)
            hearing_facts = Hearing(
                notified_on=notify_day, requested_on=asked, notice_on=asked, held_on=cursor
            )
            excluded = (ExcludedPeriod(kind=ExcludedPeriodKind.HEARING, start=asked, end=cursor),)
            add(
                Stage.HEARING,
                RecordKind.VIDEO,
                cursor,
                "听证会全程录像",
                on_site=True,
                act=Act.HEARING,
            )
        review: LegalReview | None = None
        later_rounds: tuple[LegalReview, ...] = ()
        if major:
            draw = rng if major_by_fine else self.extra
            submitted = self.cal.add_working_days(cursor, draw.randint(1, 3))
            completed = self.cal.add_working_days(
                submitted, draw.randint(2, 9 if self.defects else 7)
            )
            reasons = ["罚款数额达到重大执法决定标准"] if fine >= threshold else ["责令停产停业"]
            if hearing:
                reasons.append("经过听证程序")
            review = LegalReview(
                reasons=tuple(reasons),
                submitted_on=submitted,
                reviewer="新城镇人民政府法制审核机构",
                checks=tuple(ReviewCheck(item=item, passed=True) for item in _REVIEW_ITEMS),
                outcome=ReviewOutcome.APPROVED,
                opinion="同意",
                completed_on=completed,
            )
            add(
                Stage.REVIEW, RecordKind.DOCUMENT, completed, "重大执法决定法制审核意见书", rng=draw
            )
            cursor = completed
            if self.defect() if major_by_fine else self.extra_defect():
                review = None  # the decision goes out without its legal review
            elif (completed - submitted).days >= 4 and self.extra.random() < 0.15:
                # 存在问题 first, resubmitted and approved: two rounds, the last decides.
                returned = self.cal.add_working_days(submitted, 1)
                first = attrs.evolve(
                    review,
                    outcome=ReviewOutcome.REVISE,
                    opinion="存在问题：证据目录不完整，请补正后重新报送",
                    completed_on=returned,
                )
                later_rounds = (attrs.evolve(review, submitted_on=returned),)
                review = first
        decided = self.working_day_on_or_after(cursor + timedelta(days=rng.randint(1, 6)))
        if (decided - opened).days > 85:
            decided = self.working_day_on_or_after(
                max(cursor, opened + timedelta(days=rng.randint(40, 80)))
            )
        # Never before the legal review it waits for.
        decided = min(decided, max(cursor, date(self.year + 1, 1, 20)))
        prefix = {
            CaseCategory.PENALTY: "罚",
            CaseCategory.LICENSING: "许",
            CaseCategory.COERCION: "强",
            CaseCategory.CONFIRMATION: "确",
        }.get(category, "决")
        seq_no = self.decision_seq[prefix] = self.decision_seq.get(prefix, 0) + 1
        add(Stage.DECISION, RecordKind.DOCUMENT, decided, "决定书")
        served = (
            decided
            if rng.random() < 0.5
            else self.cal.add_working_days(decided, rng.randint(1, 5 if not self.defect() else 12))
        )
        add(
            Stage.SERVICE,
            RecordKind.DOCUMENT if rng.random() < 0.7 else RecordKind.VIDEO,
            served,
            "送达回证",
        )
        if eligible and hearing_facts is None:
            window = self.cal.add_working_days(notify_day, 5)
            if decided <= window and not self.extra_defect():
                # The party waived the hearing in writing (放弃听证), so deciding early is lawful.
                hearing_facts = Hearing(
                    notified_on=notify_day,
                    waived_on=self.cal.add_working_days(notify_day, 1),
                )
            elif decided > window:
                hearing_facts = Hearing(notified_on=notify_day)
        closed = None
        paid_on: date | None = None
        surcharge: Decimal | None = None
        if category is CaseCategory.PENALTY:
            paid = served + timedelta(days=rng.randint(1, 14))
            due = self.cal.explain_days(served, 15, roll=True).due
            late_by = self.extra.randint(3, 45)
            if self.extra.random() < 0.08 and due + timedelta(days=late_by) < date(
                self.year + 1, 1, 20
            ):
                # Paid late: 3% of the fine a day, at most the fine (第七十二条).
                paid = due + timedelta(days=late_by)
                surcharge = min(fine, fine * Decimal("0.03") * late_by).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
                if self.extra_defect():
                    surcharge = (fine * Decimal("0.03") * late_by).quantize(Decimal("0.01"))
            paid_on = paid
            add(Stage.EXECUTION, RecordKind.DOCUMENT, paid, "罚没款缴款凭证")
            closed = paid + timedelta(days=rng.randint(1, 10))
            add(Stage.CLOSING, RecordKind.DOCUMENT, closed, "结案报告")
        elif category is not CaseCategory.COERCION:
            closed = served + timedelta(days=rng.randint(1, 5))
            add(Stage.CLOSING, RecordKind.DOCUMENT, closed, "结案报告")
        facts = _facts_template(category, power).format(
            name=party.name,
            day=f"{day.year}年{day.month}月{day.day}日",
            place=place,
            area=rng.randint(20, 400),
        )
        decision = Decision(
            number=f"津新城综执{prefix}〔{decided.year}〕{seq_no}号",
            decided_on=decided,
            facts=facts,
            legal_basis=_basis_on(power.legal_basis, decided),
            penalties=penalties,
            served_on=served,
            paid_on=paid_on,
            surcharge=surcharge,
        )
        licence = None
        if category is CaseCategory.LICENSING:
            roll = self.extra.random()
            licence_kind = (
                LicenceKind.NEW
                if roll < 0.7
                else LicenceKind.CHANGE
                if roll < 0.85
                else LicenceKind.RENEWAL
            )
            licence = LicenceApplication(
                kind=licence_kind,
                applied_on=opened - timedelta(days=self.extra.randint(0, 3)),
                accepted_on=opened,
                outcome=LicenceOutcome.REFUSED
                if self.extra.random() < 0.1
                else LicenceOutcome.GRANTED,
                outcome_on=decided,
            )
        notices: list[PublicNotice] = []
        if category in (
            CaseCategory.PENALTY,
            CaseCategory.LICENSING,
            CaseCategory.COERCION,
            CaseCategory.CONFIRMATION,
        ):
            limit = 7 if category in (CaseCategory.PENALTY, CaseCategory.LICENSING) else 20
            late = self.defect()
            days = rng.randint(limit + 1, limit + 8) if late else rng.randint(1, limit)
            if not (late and rng.random() < 0.3):  # some late notices are simply missing
                notices.append(
                    PublicNotice(
                        id=f"{case_id}-N1",
                        kind=NoticeKind.DECISION,
                        published_on=self.cal.add_working_days(decided, days),
                        channel="天津市滨海新区人民政府网站",
                    )
                )
        return Case(
            id=case_id,
            agency_id=self.agency.id,
            category=category,
            domain=domain,
            power_code=power.code,
            procedure=Procedure.ORDINARY,
            title=title,
            opened_on=opened,
            closed_on=closed,
            parties=tuple(parties),
            officer_ids=pair,
            records=tuple(records),
            review=review,
            decision=decision,
            notices=tuple(notices),
            reviews=later_rounds,
            hearing=hearing_facts,
            excluded_periods=excluded,
            licence=licence,
            measures=measures,
            executions=executions,
        )

    def simplified_case(
        self,
        case_id: str,
        opened: date,
        power: Power,
        pair: tuple[str, ...],
        party: Party,
        title: str,
        place: str,
    ) -> Case:
        """简易程序: decided on the spot, a warning or a small fine."""
        rng = self.rng
        cap = 3000 if party.kind is PartyKind.ORGANISATION else 200
        if rng.random() < 0.3:
            penalties: tuple[Penalty, ...] = (
                Penalty(kind=PenaltyKind.WARNING, description="警告"),
            )
        else:
            amount = rng.choice([a for a in (50, 100, 200, 500, 1000, 3000) if a <= cap])
            if self.defect():
                amount = cap + rng.choice((1, 100))
            penalties = (
                Penalty(
                    kind=PenaltyKind.FINE,
                    amount=Decimal(amount).quantize(Decimal("0.01")),
                    description=f"当场罚款{amount}元",
                ),
            )
        officers = pair[:1] if self.defect() else pair
        entries = (
            self.record(
                case_id,
                1,
                Stage.INVESTIGATION,
                RecordKind.VIDEO,
                opened,
                officers,
                on_site=True,
                act=Act.INSPECTION,
                summary="现场检查，出示执法证件",
                location=place,
            ),
            self.record(
                case_id,
                2,
                Stage.DECISION,
                RecordKind.DOCUMENT,
                opened,
                officers,
                on_site=True,
                summary="当场处罚决定书",
                location=place,
            ),
            self.record(
                case_id,
                3,
                Stage.SERVICE,
                RecordKind.DOCUMENT,
                opened,
                officers,
                on_site=True,
                summary="当场交付决定书",
                location=place,
            ),
            self.record(
                case_id,
                4,
                Stage.CLOSING,
                RecordKind.DOCUMENT,
                opened + timedelta(days=2),
                officers,
                summary="结案",
                location=place,
            ),
        )
        seq_no = self.decision_seq["当"] = self.decision_seq.get("当", 0) + 1
        decision = Decision(
            number=f"津新城综执当罚〔{opened.year}〕{seq_no}号",
            decided_on=opened,
            facts=_FACTS[power.domain].format(
                name=party.name,
                day=f"{opened.year}年{opened.month}月{opened.day}日",
                place=place,
                area=rng.randint(5, 20),
            ),
            legal_basis=_basis_on(power.legal_basis, opened),
            penalties=penalties,
            served_on=opened,
            # Paid on the spot or at the bank within days (第六十八、六十九条).
            paid_on=opened + timedelta(days=self.extra.randint(0, 5))
            if penalties[0].kind is PenaltyKind.FINE
            else None,
        )
        notices: tuple[PublicNotice, ...] = ()
        if penalties[0].kind is PenaltyKind.FINE:
            notices = (
                PublicNotice(
                    id=f"{case_id}-N1",
                    kind=NoticeKind.DECISION,
                    published_on=self.cal.add_working_days(opened, rng.randint(1, 7)),
                    channel="天津市滨海新区人民政府网站",
                ),
            )
        return Case(
            id=case_id,
            agency_id=self.agency.id,
            category=CaseCategory.PENALTY,
            domain=power.domain,
            power_code=power.code,
            procedure=Procedure.SIMPLIFIED,
            title=title,
            opened_on=opened,
            closed_on=opened + timedelta(days=2),
            parties=(party,),
            officer_ids=officers,
            records=entries,
            decision=decision,
            notices=notices,
        )

    def revoke_one(self, cases: Iterable[Case]) -> Iterator[Case]:
        """One decision is revoked on reconsideration (复议) and its notice withdrawn.

        The first case that qualifies is changed; the cases stream through in order.
        """
        revoked_one = False
        for case in cases:
            if not revoked_one:
                changed = self._revoked(case)
                if changed is not None:
                    revoked_one = True
                    case = changed
            yield case

    def _revoked(self, case: Case) -> Case | None:
        d = case.decision
        if d is None or not case.notices or case.category is not CaseCategory.PENALTY:
            return None
        if (
            d.decided_on.month < 3
            or d.decided_on.month > 10
            or case.procedure is Procedure.SIMPLIFIED
        ):
            return None
        revoked = self.cal.add_working_days(d.decided_on, 30)
        withdrawn = self.cal.add_working_days(revoked, 2)
        notice = case.notices[0]
        return attrs.evolve(
            case,
            decision=attrs.evolve(
                d,
                revoked_on=revoked,
                revocation_reason="经行政复议，原处罚决定认定事实不清，予以撤销",
            ),
            notices=(
                PublicNotice(
                    id=notice.id,
                    kind=notice.kind,
                    published_on=notice.published_on,
                    channel=notice.channel,
                    withdrawn_on=withdrawn,
                ),
                PublicNotice(
                    id=f"{case.id}-N2",
                    kind=NoticeKind.WITHDRAWAL,
                    published_on=withdrawn,
                    channel=notice.channel,
                ),
            ),
        )

    def stream_year(self, records_per_case: int | None) -> tuple[list[Officer], Iterator[Case]]:
        """The officers as published and the stream of cases, generated as they are read."""
        staff = self.officers()
        cases = self.revoke_one(self.cases(staff))
        if records_per_case is not None:
            cases = (_pad(c, records_per_case) for c in cases)
        return (self.lapse_some(staff) if self.defects else staff), cases


def generate_dataset(
    *,
    cases: int = 200,
    year: int = 2020,
    seed: int = 2020,
    officers: int | None = None,
    defects: float = 0.0,
    calendar: WorkingCalendar | None = None,
    records_per_case: int | None = None,
) -> Dataset:
    """A deterministic, valid year of enforcement data for the town of 新城镇.

    ``officers`` defaults to one officer per eight cases (at least 12).
    ``defects`` (0 to 1) is the share of opportunities at which a realistic
    compliance problem is injected. ``records_per_case`` pads each case that
    has fewer entries with further on-site inspection videos (补充检查) up to
    that number, for benchmarks that need a given volume of records.
    """
    gen = _generator(cases, year, seed, officers, defects, calendar)
    staff, cases_ = gen.stream_year(records_per_case)
    return Dataset(agencies=(gen.agency,), officers=tuple(staff), cases=tuple(cases_))


def write_dataset(
    target: str | os.PathLike[str],
    *,
    cases: int = 200,
    year: int = 2020,
    seed: int = 2020,
    officers: int | None = None,
    defects: float = 0.0,
    calendar: WorkingCalendar | None = None,
    records_per_case: int | None = None,
    indent: int | None = None,
) -> int:
    """Write the year :func:`generate_dataset` builds straight to a file, case by case.

    The document is the one ``enforcement.dump(generate_dataset(...), target)``
    writes (same arguments, same text), but only one case is held at a time, so a
    county's 200,000 cases fit in the memory of one. Returns the number of cases.
    """
    from enforcement.io import dump_records

    gen = _generator(cases, year, seed, officers, defects, calendar)
    staff, stream = gen.stream_year(records_per_case)
    return dump_records((gen.agency,), staff, stream, target, indent=indent)


def _generator(
    cases: int,
    year: int,
    seed: int,
    officers: int | None,
    defects: float,
    calendar: WorkingCalendar | None,
) -> _Generator:
    """The generator of :func:`generate_dataset` and :func:`write_dataset` (their defaults)."""
    if not 0 <= defects <= 1:
        raise ValueError(f"defects must be between 0 and 1, got {defects}")
    return _Generator(
        cases=cases,
        year=year,
        seed=seed,
        officers=officers if officers is not None else max(12, cases // 8),
        defects=defects,
        calendar=calendar or default_calendar(),
    )


def _pad(case: Case, target: int) -> Case:
    """``case`` with further inspection videos appended up to ``target`` entries."""
    if len(case.records) >= target or not case.records:
        return case
    first = case.records[0]
    extra = tuple(
        RecordEntry(
            id=f"{case.id}-X{i:02d}",
            stage=Stage.INVESTIGATION,
            kind=RecordKind.VIDEO,
            at=first.at + timedelta(hours=2 + i),
            officer_ids=case.officer_ids,
            location=first.location,
            on_site=True,
            summary="补充现场检查，执法记录仪全程录像",
            device="ZFJLY-007",
            act=Act.INSPECTION,
            attachment=Attachment(
                uri=f"evidence/{case.id}/X{i:02d}.mp4",
                sha256=hashlib.sha256(f"{case.id}/X{i}".encode()).hexdigest(),
                bytes=1_000_000 + i,
                media_type="video/mp4",
            ),
        )
        for i in range(target - len(case.records))
    )
    return attrs.evolve(case, records=case.records + extra)
