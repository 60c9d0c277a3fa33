"""A laptop never enrolled pairs once with an enrolled one by the code shown on that laptop's
screen (``caravan peer pair``), over the real HTTPS peer server: after that the two exchange
without a code, as trusted; a code is good once and for minutes, and a wrong one is refused with
``bad_code`` and voids the code after three tries."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.services.peers import LocalLink
from caravan_app.storage import peer_store
from caravan_app.sync.peer_trust import PeerRefused
from caravan_app.sync.peer_wire import PeerServer
from tests.helpers.cli import run_cli

pytestmark = pytest.mark.server


@pytest.fixture
def pair(laptops: Callable[..., App]) -> Iterator[tuple[App, App, PeerServer, str]]:
    """An enrolled laptop serving peer sync with a visit counted, and a laptop never enrolled."""
    a = laptops("a")
    stranger = laptops("new", enroll=False)
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    a.attendance.tally(v, "primary", 9)
    srv = a.peers.serve("127.0.0.1", 0)
    try:
        yield a, stranger, srv, v
    finally:
        srv.stop()


def _status(x: App, other: App) -> peer_store.PeerRow:
    return next(p for p in peer_store.peers(x.db) if p.device_id == other.db.device_id)


def _cli_code(a: App) -> str:
    """The code as `caravan peer pair` shows it on the enrolled laptop's screen."""
    out = subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(a.db.path.parent), "peer", "pair", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CARAVAN_TOKEN_STORE": "file"},
        check=True,
    )
    doc = json.loads(out.stdout)
    assert len(doc["code"]) == 8 and doc["tries"] == 3
    return str(doc["code"])


def test_a_code_pairs_once_and_the_pair_then_exchanges_without_it(pair: tuple[App, App, PeerServer, str]) -> None:
    a, stranger, srv, v = pair
    with pytest.raises(PeerRefused) as e:  # not enrolled and not paired: refused, nothing travels
        stranger.peers.sync_with(srv.url)
    assert e.value.code == "not_enrolled_here"
    code = _cli_code(a)
    res = stranger.peers.sync_with(srv.url, pair=code)
    assert res.in_sync and stranger.attendance.totals(v)["primary"] == 9
    assert _status(stranger, a).status == "trusted" and _status(a, stranger).status == "trusted"
    with pytest.raises(PeerRefused) as again:  # the code is used up
        stranger.peers.sync_with(srv.url, pair=code)
    assert again.value.code == "no_code"
    a.attendance.tally(v, "primary", 4)  # … and the pair is remembered, both ways
    assert stranger.peers.sync_with(srv.url).received_facts > 0
    assert stranger.attendance.totals(v)["primary"] == 13
    a.peers.exchange(LocalLink(stranger.peers))
    assert canonical_export(a.db) == canonical_export(stranger.db)
    assert stranger.sync.pending_count() == 0  # learned facts are never its own


def test_a_wrong_code_is_refused_and_three_void_it(pair: tuple[App, App, PeerServer, str]) -> None:
    a, stranger, srv, v = pair
    code = a.peers.pair_code().code
    wrong = f"{(int(code) + 1) % 100_000_000:08d}"
    for left in (2, 1):
        with pytest.raises(PeerRefused) as e:
            stranger.peers.sync_with(srv.url, pair=wrong)
        assert e.value.code == "bad_code" and f"还可再试 {left} 次" in e.value.zh
        assert "配对码不对" in (_status(a, stranger).reason or "")
    with pytest.raises(PeerRefused) as e3:
        stranger.peers.sync_with(srv.url, pair=wrong)
    assert e3.value.code == "bad_code" and "作废" in e3.value.zh
    with pytest.raises(PeerRefused) as e4:  # even the right code no longer pairs
        stranger.peers.sync_with(srv.url, pair=code)
    assert e4.value.code == "no_code"
    assert stranger.attendance.totals(v)["primary"] == 0
    assert _status(a, stranger).status == "refused"


def test_an_expired_code_is_refused(pair: tuple[App, App, PeerServer, str]) -> None:
    a, stranger, srv, v = pair
    code = a.peers.pair_code(ttl_s=0.2).code
    time.sleep(0.4)
    with pytest.raises(PeerRefused) as e:
        stranger.peers.sync_with(srv.url, pair=code)
    assert e.value.code == "code_expired"
    assert stranger.attendance.totals(v)["primary"] == 0


def test_a_code_pairs_only_with_the_laptop_showing_it(laptops: Callable[..., App]) -> None:
    """Typed at another laptop's address (one showing a code of its own), the code is refused
    and no key is remembered on either side."""
    a, impostor, stranger = laptops("a"), laptops("imp"), laptops("new", enroll=False)
    code = a.peers.pair_code().code
    impostor.peers.pair_code()  # shows some other code
    with pytest.raises(PeerRefused) as e:
        stranger.peers.exchange(LocalLink(impostor.peers), pair=code)
    assert e.value.code == "bad_code"
    assert impostor.db.device_id not in stranger.peers.keys.paired(stranger.db.device_id)
    assert stranger.db.device_id not in impostor.peers.keys.paired(impostor.db.device_id)
    assert stranger.peers.exchange(LocalLink(a.peers), pair=code).in_sync  # the right laptop pairs


def test_a_new_code_voids_the_earlier_one_and_the_cli_needs_an_address(pair: tuple[App, App, PeerServer, str]) -> None:
    a, stranger, srv, v = pair
    first = a.peers.pair_code().code
    second = _cli_code(a)
    if first != second:  # (one in 10^8 they are equal)
        with pytest.raises(PeerRefused) as e:
            stranger.peers.sync_with(srv.url, pair=first)
        assert e.value.code == "bad_code"
    no_address = run_cli("--data-dir", str(stranger.data_dir), "peer", "sync", "--pair", second)
    assert no_address.returncode != 0 and "请写出对方的地址" in no_address.stderr
    done = run_cli("--data-dir", str(stranger.data_dir), "--json", "peer", "sync", srv.url, "--pair", second)
    assert done.returncode == 0, done.stdout + done.stderr
    assert stranger.attendance.totals(v)["primary"] == 9
