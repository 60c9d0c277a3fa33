"""The addresses put in QR codes: private IPv4 only, ASCII URLs."""

from __future__ import annotations

import ipaddress

from caravan_app.signin.netaddr import lan_addresses, pick_lan, signin_url


def test_lan_addresses_are_private_and_reachable_kinds_only() -> None:
    # A fixed set of candidates: the filter is checked even on a machine without a LAN
    # (issue #18: a loop over this machine's possibly empty address list could not fail).
    found = {"127.0.0.1", "169.254.3.4", "8.8.8.8", "0.0.0.0", "10.1.2.3", "192.168.137.1", "192.168.1.9"}
    assert pick_lan(found) == ["192.168.137.1", "192.168.1.9", "10.1.2.3"]
    # This machine's list (maybe empty here) only ever holds such addresses.
    for a in lan_addresses():
        ip = ipaddress.ip_address(a)
        assert ip.version == 4 and ip.is_private and not ip.is_loopback and not ip.is_link_local


def test_signin_url_is_ascii_and_drops_port_80() -> None:
    assert signin_url("192.168.137.1", 8765, "abcDEF_-12") == "http://192.168.137.1:8765/s/abcDEF_-12"
    assert signin_url("10.0.0.5", 80, "tok12345") == "http://10.0.0.5/s/tok12345"
