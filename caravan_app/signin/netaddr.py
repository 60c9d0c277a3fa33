"""The laptop's addresses that phones can reach (hotspot / LAN), without any internet."""

from __future__ import annotations

import ipaddress
import socket

DEFAULT_PORT = 8080  # not the hub's 8765: both may run on one machine in a test setup
# Windows' mobile hotspot always serves 192.168.137.1: printed posters keep working.
_PREFERRED = ("192.168.137.", "192.168.", "10.", "172.")


def _candidates() -> set[str]:
    found: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(info[4][0]))
    except OSError:
        pass
    # A UDP "connect" sends nothing; it only asks the OS which address would route there.
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))
                found.add(s.getsockname()[0])
        except OSError:
            pass
    return found


def lan_addresses() -> list[str]:
    """Private IPv4 addresses of this laptop, hotspot first; empty when there is no network."""
    return pick_lan(_candidates())


def pick_lan(candidates: set[str] | list[str]) -> list[str]:
    """The addresses phones can reach among ``candidates``, hotspot first."""
    out = []
    for a in candidates:
        ip = ipaddress.ip_address(a)
        if ip.is_loopback or ip.is_link_local or ip.is_unspecified or not ip.is_private:
            continue
        out.append(a)

    def rank(a: str) -> tuple[int, str]:
        return next((i for i, p in enumerate(_PREFERRED) if a.startswith(p)), len(_PREFERRED)), a

    return sorted(out, key=rank)


def signin_url(host: str, port: int, token: str) -> str:
    """What the QR encodes and the poster prints: ASCII only."""
    netloc = host if port == 80 else f"{host}:{port}"
    return f"http://{netloc}/s/{token}"
