"""The addresses put in QR codes: private IPv4 only, ASCII URLs."""

from __future__ import annotations

import ipaddress

from caravan_app.signin.netaddr import lan_addresses, signin_url


def test_lan_addresses_are_private_and_reachable_kinds_only() -> None:
    for a in lan_addresses():
        ip = ipaddress.ip_address(a)
        assert ip.version == 4 and ip.is_private and not ip.is_loopback and not ip.is_link_local


def test_signin_url_is_ascii_and_drops_port_80() -> None:
    assert signin_url("192.168.137.1", 8765, "abcDEF_-12") == "http://192.168.137.1:8765/s/abcDEF_-12"
    assert signin_url("10.0.0.5", 80, "tok12345") == "http://10.0.0.5/s/tok12345"
