"""Peer sync trust: laptops enrolled to the same hub prove it to each other offline (a key the hub
certified at enrollment, checked against the hub's key; a revocation list the hub sync brings);
a laptop without such a certificate, a revoked one and another hub's are refused, with the
reason remembered for the crew, and nothing is exchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from caravan_app.server.hub import revoke_device
from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.services.peers import LocalLink
from caravan_app.storage import peer_store
from caravan_app.sync.peer_trust import PeerRefused
from tests.helpers.hubdb import skip_on_postgresql

from .hubproc import HubProcess

pytestmark = pytest.mark.server


def _field(a: App) -> str:
    import datetime as dt

    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    return v


def _refused(a: App, other: App) -> peer_store.PeerRow:
    return next(p for p in peer_store.peers(a.db) if p.device_id == other.db.device_id)


def test_laptops_of_one_hub_exchange_offline_and_remember_each_other(laptops: Callable[..., App]) -> None:
    a, b = laptops("a", role="van"), laptops("b", role="van")
    v = _field(a)
    a.attendance.tally(v, "primary", 7)
    res = b.peers.exchange(LocalLink(a.peers))  # no hub involved
    assert res.in_sync and res.received_facts > 0
    assert b.attendance.totals(v)["primary"] == 7
    assert canonical_export(a.db) == canonical_export(b.db)
    seen = _refused(b, a)
    assert (seen.status, seen.caravan, seen.role) == ("trusted", "1号车", "van")
    assert b.sync.pending_count() == 0  # a learned fact is never this laptop's own change


def test_a_laptop_without_a_certificate_is_refused_both_ways(laptops: Callable[..., App]) -> None:
    a = laptops("a")
    stranger = laptops("stranger", enroll=False)
    v = _field(a)
    a.attendance.tally(v, "primary", 3)
    with pytest.raises(PeerRefused) as e:
        a.peers.exchange(LocalLink(stranger.peers))
    assert e.value.code == "unsigned"
    assert "证书" in _refused(a, stranger).reason  # type: ignore[operator]
    with pytest.raises(PeerRefused) as e2:
        stranger.peers.exchange(LocalLink(a.peers))  # it holds no hub key to check a with
    assert e2.value.code == "not_enrolled_here"
    assert stranger.attendance.totals(v)["primary"] == 0  # nothing travelled


def test_a_revoked_laptop_is_refused_once_the_hub_sync_brought_the_list(laptops: Callable[..., App], hub) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    v = _field(a)
    b.peers.exchange(LocalLink(a.peers))  # trusted before
    revoke_device(hub.hdb, b.db.device_id)
    a.sync.sync_now()  # the pull answer carries the hub's revoked laptops
    a.attendance.tally(v, "primary", 4)
    with pytest.raises(PeerRefused) as e:
        b.peers.exchange(LocalLink(a.peers))  # b asks; a (serving) refuses it
    assert e.value.code == "revoked"
    with pytest.raises(PeerRefused):
        a.peers.exchange(LocalLink(b.peers))
    assert _refused(a, b).status == "refused" and "撤销" in (_refused(a, b).reason or "")
    assert b.attendance.totals(v)["primary"] == 0


@skip_on_postgresql("both hubs of this test get the same PostgreSQL database (one per worker): not two hubs there")
def test_another_hubs_laptop_is_refused(laptops: Callable[..., App], tmp_path: Path) -> None:
    a = laptops("a")
    (tmp_path / "other-hub").mkdir()
    other_hub = HubProcess(tmp_path / "other-hub")
    try:
        foreign = laptops("foreign", enroll=False)
        foreign.sync.enroll(other_hub.url, other_hub.code())
        v = _field(a)
        a.attendance.tally(v, "primary", 2)
        with pytest.raises(PeerRefused) as e:
            foreign.peers.exchange(LocalLink(a.peers))
        assert e.value.code == "other_hub"
        with pytest.raises(PeerRefused) as e2:
            a.peers.exchange(LocalLink(foreign.peers))
        assert e2.value.code == "other_hub"
        assert foreign.attendance.totals(v)["primary"] == 0
        assert "不是本会" in (_refused(a, foreign).reason or "")
    finally:
        other_hub.stop()


def test_a_copied_certificate_without_its_key_is_refused(laptops: Callable[..., App]) -> None:
    a, b = laptops("a"), laptops("b")
    _field(a)
    # b shows a's certificate as its own: the device id does not match
    b.peers.keys.store(b.db.device_id, certificate=a.peers.keys.get(a.db.device_id)["certificate"])
    with pytest.raises(PeerRefused) as e:
        b.peers.exchange(LocalLink(a.peers))
    assert e.value.code == "wrong_device"
