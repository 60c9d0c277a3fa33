"""Office settings kept on this laptop: the issuing body printed on volunteer service
certificates. A small store in the database's meta table (key ``settings.issuer``, JSON); it is
not synced — each office laptop names its own issuer once (``caravan settings issuer …``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ..domain import rules
from ..storage.database import Database

ISSUER_KEY = "settings.issuer"
DEFAULT_ISSUER = "济宁市科协科普部"  # named when a telephone is set but no issuer name


@dataclass(frozen=True)
class Issuer:
    name: str = ""  # 出具单位名称
    head: str = ""  # 负责人
    clerk: str = ""  # 经办人
    phone: str = ""  # 联系方式

    @property
    def complete(self) -> bool:
        return bool(self.name and self.head and self.clerk and self.phone)

    def contact(self, phone_label: str = "") -> str:
        """Whom to call, for printed and shown lines: "济宁市科学技术协会（电话：0537-…）"; empty
        when no telephone is set (then nothing may say "call")."""
        if not self.phone:
            return ""
        return f"{self.name or DEFAULT_ISSUER}（{phone_label}{self.phone}）"


def parse_issuer(raw: str | None) -> Issuer:
    """The issuer as stored in meta (an empty one when not set or unreadable)."""
    if not raw:
        return Issuer()
    try:
        data = json.loads(raw)
    except ValueError:
        return Issuer()
    if not isinstance(data, dict):
        return Issuer()
    return Issuer(**{k: str(data.get(k) or "") for k in ("name", "head", "clerk", "phone")})


class SettingsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def issuer(self) -> Issuer:
        return parse_issuer(self.db.get_meta(ISSUER_KEY))

    def set_issuer(
        self, name: object = None, head: object = None, clerk: object = None, phone: object = None
    ) -> Issuer:
        """Set the given parts of the issuing body (others stay as they were)."""
        cur = asdict(self.issuer())
        if name is not None:
            cur["name"] = rules.text("organisation", name, required=True, max_len=100) or ""
        if head is not None:
            cur["head"] = rules.text("name", head, required=True, max_len=40) or ""
        if clerk is not None:
            cur["clerk"] = rules.text("name", clerk, required=True, max_len=40) or ""
        if phone is not None:
            cur["phone"] = rules.phone("phone", phone) or ""
        self.db.set_meta(ISSUER_KEY, json.dumps(cur, ensure_ascii=False, sort_keys=True))
        return Issuer(**cur)
