"""Finding the laptops near by: mDNS/DNS-SD (``zeroconf``) on the van's hotspot or a travel
router. A laptop serving peer sync announces ``_caravan-peer._tcp.local.`` with its device id,
name and van; the others browse for it. Where multicast is blocked, ``caravan peer sync ADDRESS``
is the fallback."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from typing import Any

SERVICE = "_caravan-peer._tcp.local."


@dataclass(frozen=True)
class Found:
    device_id: str
    name: str
    caravan: str
    address: str  # host:port

    def to_dict(self) -> dict[str, str]:
        return {"device_id": self.device_id, "name": self.name, "caravan": self.caravan, "address": self.address}


class Announcer:
    """Announce this laptop's peer server until ``close()``."""

    def __init__(self, device_id: str, name: str | None, caravan: str | None, host: str, port: int) -> None:
        from zeroconf import ServiceInfo, Zeroconf

        addr = host if host not in ("0.0.0.0", "") else _lan_address()
        self._zc = Zeroconf()
        self._info = ServiceInfo(
            SERVICE,
            f"caravan-{device_id[-12:]}.{SERVICE}",
            addresses=[socket.inet_aton(addr)],
            port=port,
            properties={"device_id": device_id, "name": (name or "")[:60], "caravan": (caravan or "")[:60]},
        )
        self._zc.register_service(self._info)

    def close(self) -> None:
        try:
            self._zc.unregister_service(self._info)
        finally:
            self._zc.close()


def browse(seconds: float = 2.0, exclude: str | None = None) -> list[Found]:
    """The laptops announcing peer sync within ``seconds`` (never this one)."""
    from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

    zc = Zeroconf()
    names: set[str] = set()

    class _L(ServiceListener):
        def add_service(self, zc_: Any, type_: str, name: str) -> None:
            names.add(name)

        def update_service(self, zc_: Any, type_: str, name: str) -> None:
            names.add(name)

        def remove_service(self, zc_: Any, type_: str, name: str) -> None:
            names.discard(name)

    out: dict[str, Found] = {}
    try:
        ServiceBrowser(zc, SERVICE, _L())
        time.sleep(seconds)
        for n in sorted(names):
            info = zc.get_service_info(SERVICE, n, timeout=1500)
            if info is None or not info.parsed_addresses():
                continue
            props = {k.decode(): (v or b"").decode("utf-8", "replace") for k, v in info.properties.items()}
            dev = props.get("device_id", "")
            if not dev or dev == exclude:
                continue
            out[dev] = Found(
                dev, props.get("name", ""), props.get("caravan", ""), f"{info.parsed_addresses()[0]}:{info.port}"
            )
    finally:
        zc.close()
    return list(out.values())


def _lan_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"
