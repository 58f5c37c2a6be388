"""Officers (行政执法人员), their certificates (行政执法证) and training (培训)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from attrs import field, frozen

from enforcement.models._validators import non_empty, non_negative, not_before
from enforcement.models.enums import CertificateEventKind, CertificateStatus

_Kind = CertificateEventKind


@frozen(kw_only=True)
class CertificateEvent:
    """A dated event in a certificate's life: suspension (暂扣), revocation (吊销), annual review (年审)..."""

    on: date = field(metadata={"doc": "日期: the day the event takes effect"})
    kind: CertificateEventKind = field(metadata={"doc": "事件类型"})
    reason: str | None = field(default=None, metadata={"doc": "原因"})


@frozen(kw_only=True)
class Certificate:
    """An enforcement certificate (行政执法证).

    The number is stored as an opaque string: there is no national format.
    Status is derived from the validity dates and the dated events, never stored.
    """

    number: str = field(
        validator=non_empty, metadata={"doc": "证件编号: unique across the dataset"}
    )
    issuer: str = field(
        validator=non_empty, metadata={"doc": "发证机关 (usually the provincial government)"}
    )
    domains: tuple[str, ...] = field(
        metadata={"doc": "执法领域/执法类别: the domains the holder may enforce in"}
    )
    valid_from: date = field(metadata={"doc": "有效期起"})
    valid_until: date = field(
        validator=not_before("valid_from"), metadata={"doc": "有效期至 (inclusive)"}
    )
    events: tuple[CertificateEvent, ...] = field(
        default=(),
        metadata={"doc": "证件事件: suspension, reinstatement, revocation, annual review"},
    )

    def status_on(self, day: date) -> CertificateStatus:
        """The certificate's status on ``day`` (inclusive of both validity dates).

        Revocation (吊销) and cancellation (注销) are final. Suspension (暂扣) and a
        failed annual review (年审不合格) hold until a later reinstatement or a
        passed review. Outside the validity dates the certificate is
        ``not_yet_valid`` or ``expired`` whatever its events say.
        """
        suspended = False
        final: CertificateStatus | None = None
        for event in sorted(self.events, key=lambda e: e.on):
            if event.on > day:
                break
            if event.kind is _Kind.REVOKED:
                final = CertificateStatus.REVOKED
            elif event.kind is _Kind.CANCELLED:
                final = CertificateStatus.CANCELLED
            elif event.kind in (_Kind.SUSPENDED, _Kind.REVIEW_FAILED):
                suspended = True
            elif event.kind in (_Kind.REINSTATED, _Kind.REVIEW_PASSED):
                suspended = False
            if final is not None:
                return final
        if day < self.valid_from:
            return CertificateStatus.NOT_YET_VALID
        if day > self.valid_until:
            return CertificateStatus.EXPIRED
        if suspended:
            return CertificateStatus.SUSPENDED
        return CertificateStatus.ACTIVE

    def is_active_on(self, day: date) -> bool:
        """Whether the holder may enforce with this certificate on ``day``."""
        return self.status_on(day) is CertificateStatus.ACTIVE

    def covers(self, domain: str) -> bool:
        """Whether the certificate's domains include ``domain``."""
        return domain in self.domains


@frozen(kw_only=True)
class Training:
    """A training session an officer attended (培训学时)."""

    on: date = field(metadata={"doc": "培训日期"})
    hours: Decimal = field(
        validator=non_negative, metadata={"doc": "学时: a JSON number or decimal string"}
    )
    topic: str | None = field(default=None, metadata={"doc": "培训内容"})


@frozen(kw_only=True)
class Officer:
    """An enforcement officer (行政执法人员)."""

    id: str = field(validator=non_empty, metadata={"doc": "人员标识: unique in the dataset"})
    name: str = field(validator=non_empty, metadata={"doc": "姓名"})
    agency_id: str = field(metadata={"doc": "所属机关: an agency id of the dataset"})
    certificates: tuple[Certificate, ...] = field(default=(), metadata={"doc": "行政执法证件"})
    trainings: tuple[Training, ...] = field(default=(), metadata={"doc": "培训记录"})

    def active_certificates(self, day: date) -> tuple[Certificate, ...]:
        """The officer's certificates that are active on ``day``."""
        return tuple(c for c in self.certificates if c.is_active_on(day))

    def certificate_for(self, domain: str, day: date) -> Certificate | None:
        """A certificate active on ``day`` that covers ``domain`` (持证上岗), or ``None``.

        When several qualify, the one valid longest is returned.
        """
        best: Certificate | None = None
        for cert in self.certificates:
            better = best is None or cert.valid_until > best.valid_until
            if better and cert.covers(domain) and cert.is_active_on(day):
                best = cert
        return best

    def training_hours(self, year: int) -> Decimal:
        """Total training hours (学时) of sessions held in ``year``."""
        return sum((t.hours for t in self.trainings if t.on.year == year), Decimal(0))
