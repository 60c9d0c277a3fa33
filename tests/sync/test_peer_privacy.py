"""Peer sync gives a laptop only what the hub's pull would give it (domain/privacy.strip_other_vans,
one rule): a laptop of another van at the event receives the counts of a van's visit but not the
names, phone numbers, units or book recipients of its participants, neither pulled nor pushed,
nor relayed by a third laptop; a laptop of the same van receives them as taken (it dedupes a
phone signed in at the other laptop); a laptop that holds another van's sign-ins stripped does
not relay those stripped copies to a laptop entitled to more. After the evening sync each
laptop's export equals what the hub gives a laptop of its van."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from caravan_app.domain import privacy
from caravan_app.server.hub import set_setting
from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.services.peers import LocalLink

from .hubproc import HubProcess

pytestmark = pytest.mark.server

PHONE = "13912345678"
PUPIL = "张小明"
PARENT = "李秀英"
RECIPIENT = "王小红"


def _files(app: App) -> bytes:
    """Every byte of the laptop's database (with its write-ahead log)."""
    p = Path(app.db.path)
    return b"".join(x.read_bytes() for x in (p, p.with_name(p.name + "-wal")) if x.exists())


def _day(a: App) -> tuple[str, str, str]:
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    t = a.catalog.add_title("身边的科学")
    a.stock.load(c, t, 10)
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    a.attendance.signin(v, PARENT, "parent", phone=PHONE, method="phone")
    a.attendance.signin(v, PUPIL, "primary")
    a.stock.distribute(c, t, 2, v, RECIPIENT)
    return v, c, t


def test_a_laptop_of_another_van_receives_counts_but_no_names_or_phones(laptops: Callable[..., App]) -> None:
    a = laptops("a", caravan="1号车", role="van")
    same = laptops("same", caravan="1号车", role="van")
    other = laptops("other", caravan="2号车", role="van")
    pushed = laptops("pushed", caravan="2号车", role="van")
    v, c, t = _day(a)

    other.peers.exchange(LocalLink(a.peers))  # pulled from the van's laptop
    a.peers.exchange(LocalLink(pushed.peers))  # pushed by the van's laptop
    for x in (other, pushed):
        assert x.attendance.signin_count(v) == 2  # every count is there …
        assert {r.group for r in x.attendance.signins(v)} == {"parent", "primary"}
        assert x.stock.balance(c, t) == 8
        for r in x.attendance.signins(v):  # … no personal field, the dedupe key hashed
            assert (r.name, r.phone, r.organisation) == ("", None, None)
            assert r.dedupe_key.startswith(("k:", "s:")), r.dedupe_key  # keyed: not reversible
        assert all(mv.recipient is None for mv in x.stock.movements(None) if mv.kind == "distribute")
        raw = _files(x)
        for secret in (PHONE, PUPIL, PARENT, RECIPIENT):
            assert secret.encode() not in raw, secret

    same.peers.exchange(LocalLink(a.peers))  # the same van: as taken, so it dedupes
    assert {r.name for r in same.attendance.signins(v)} == {PARENT, PUPIL}
    assert same.attendance.signin(v, PARENT, "parent", phone=PHONE, method="phone").duplicate


def test_a_stripped_copy_is_relayed_only_to_a_laptop_entitled_to_no_more(laptops: Callable[..., App]) -> None:
    a = laptops("a", caravan="1号车", role="van")
    other = laptops("other", caravan="2号车", role="van")
    third = laptops("third", caravan="3号车", role="van")
    late = laptops("late", caravan="1号车", role="van")  # joins later, meets only the other van first
    v, _c, _t = _day(a)
    other.peers.exchange(LocalLink(a.peers))
    other.sites.add(name="汶上县第二实验小学", county="汶上县", kind="小学")  # its own fact, after a's

    third.peers.exchange(LocalLink(other.peers))  # relayed: stripped as the hub would
    assert third.attendance.signin_count(v) == 2 and len(third.sites.list()) == 2
    assert PHONE.encode() not in _files(third) and PUPIL.encode() not in _files(third)

    res = late.peers.exchange(LocalLink(other.peers))  # it holds a's sign-ins stripped: not relayed
    assert late.attendance.signin_count(v) == 0 and res.received_facts > 0
    assert len(late.sites.list()) == 2  # the other laptop's own facts do travel
    late.peers.exchange(LocalLink(a.peers))  # from their author: whole
    assert {r.name for r in late.attendance.signins(v)} == {PARENT, PUPIL}
    assert late.peers.exchange(LocalLink(other.peers)).in_sync

    # the evening: each export is what the hub gives a laptop of its van
    fresh = laptops("fresh", caravan="2号车", role="van")
    for _ in range(2):
        for x in (a, other, third, late, fresh):
            x.sync.sync_now()
    assert canonical_export(other.db) == canonical_export(fresh.db)
    assert canonical_export(late.db) == canonical_export(a.db)


def test_the_office_laptop_receives_everything_from_a_van_laptop(laptops: Callable[..., App]) -> None:
    a = laptops("a", caravan="1号车", role="van")
    office = laptops("office")  # role office
    v, _c, _t = _day(a)
    office.peers.exchange(LocalLink(a.peers))
    assert {r.name for r in office.attendance.signins(v)} == {PARENT, PUPIL}
    assert PHONE in {r.phone for r in office.attendance.signins(v)}


def test_a_name_correction_travels_to_another_van_without_the_name_and_crew_keep_theirs(
    laptops: Callable[..., App],
) -> None:
    a = laptops("a", caravan="1号车", role="van")
    other = laptops("other", caravan="2号车", role="van")
    v, _c, _t = _day(a)
    p = a.catalog.add_person(name="王志愿", role="volunteer")
    a.attendance.signin(v, "王志愿", "volunteer", person_id=p, method="badge")
    other.peers.exchange(LocalLink(a.peers))  # the sign-ins first, then a correction of one
    assert a.privacy.correct(PARENT, "李秀英英") == 1
    other.peers.exchange(LocalLink(a.peers))
    assert b"\xe6\x9d\x8e\xe7\xa7\x80\xe8\x8b\xb1\xe8\x8b\xb1" not in _files(other)  # 李秀英英
    names = {r.name for r in other.attendance.signins(v)}
    assert names == {"", "王志愿"}  # the volunteer keeps the name (certificates, hours)


def test_a_laptop_paired_by_a_code_receives_other_laptops_participants_stripped(
    laptops: Callable[..., App],
) -> None:
    a = laptops("a", caravan="1号车", role="van")
    spare = laptops("spare", enroll=False)  # never enrolled: no certificate, no van
    v, _c, _t = _day(a)
    code = a.peers.pair_code().code
    spare.peers.exchange(LocalLink(a.peers), pair=code)
    assert spare.attendance.signin_count(v) == 2
    assert PHONE.encode() not in _files(spare) and PARENT.encode() not in _files(spare)
    again = spare.attendance.signin(v, PARENT, "parent", phone=PHONE, method="phone")
    assert again.duplicate and spare.attendance.signin_count(v) == 2  # 已签到: it holds the key's hash
    # keyed with the association's secret, which it took from the laptop it paired with
    assert spare.peers.dedupe_secret() == a.peers.dedupe_secret() is not None
    for plain in _plain_hashes(f"t:{PHONE}"):
        assert plain not in _files(spare)
    spare.attendance.signin(v, "赵六", "teacher", phone="13700001111")  # its own are as taken
    a.peers.exchange(LocalLink(spare.peers))
    assert "赵六" in {r.name for r in a.attendance.signins(v)}


def test_peers_give_another_van_the_names_only_when_the_hub_shares_names(
    laptops: Callable[..., App], hub: HubProcess
) -> None:
    a = laptops("a", caravan="1号车", role="van")
    other = laptops("other", caravan="2号车", role="van")
    set_setting(hub.hdb, "share_names", "1")  # the office lets van laptops see other vans' names
    for x in (a, other):
        x.sync.sync_now()  # the hub's setting arrives with the pull
    v, _c, _t = _day(a)
    other.peers.exchange(LocalLink(a.peers))
    got = other.attendance.signins(v)
    assert {r.name for r in got} == {PARENT, PUPIL}  # as the hub's pull would give them
    assert {r.phone for r in got} == {None}  # the phone number never
    assert PHONE.encode() not in _files(other)

    set_setting(hub.hdb, "share_names", "0")  # the office turns it off again
    late = laptops("late", caravan="2号车", role="van")
    a.sync.sync_now()
    late.peers.exchange(LocalLink(a.peers))
    assert {r.name for r in late.attendance.signins(v)} == {""}

    fresh = laptops("fresh", caravan="2号车", role="van")  # the evening: what the hub gives van 2
    for _ in range(2):
        for x in (a, late, fresh):
            x.sync.sync_now()
    assert canonical_export(late.db) == canonical_export(fresh.db)


def _plain_hashes(key: str) -> list[bytes]:
    """The unkeyed hash of a dedupe key, as a brute-forcer trying every phone number makes it."""
    full = hashlib.sha256(key.encode()).hexdigest()
    return [full.encode(), full[:32].encode()]


def test_the_hashed_key_peers_exchange_is_keyed_and_laptops_of_the_association_agree(
    laptops: Callable[..., App],
) -> None:
    a = laptops("a", caravan="1号车", role="van")
    other = laptops("other", caravan="2号车", role="van")
    v, _c, _t = _day(a)
    sent = a.peers.offer({}, to=other.db.device_id)
    keys = [r["data"]["dedupe_key"] for r in sent.records if r["entity"] == "signin"]
    assert keys and all(k.startswith(("k:", "s:")) for k in keys)  # what goes over the wire
    assert "h:" + hashlib.sha256(f"t:{PHONE}".encode()).hexdigest()[:32] not in keys

    other.peers.exchange(LocalLink(a.peers))
    raw = _files(other)
    for plain in _plain_hashes(f"t:{PHONE}"):  # nor what is stored
        assert plain not in raw
    again = other.attendance.signin(v, PARENT, "parent", phone=PHONE, method="phone")
    assert again.duplicate and other.attendance.signin_count(v) == 2  # 已签到: the same key on both

    # two laptops of one van that keep phones on the laptop, apart, sign the same phone: both
    # hash it with the association's key, so the pair is listed as a possible double
    b = laptops("b", caravan="1号车", role="van")
    c = laptops("c", caravan="1号车", role="van")
    b.peers.exchange(LocalLink(a.peers))
    c.peers.exchange(LocalLink(a.peers))
    for x in (b, c):
        x.db.set_meta(privacy.META_HUB_PHONES, "0")
        x.attendance.signin(v, "赵六", "teacher", phone="13700001111", method="phone")
    b.peers.exchange(LocalLink(c.peers))
    doubles = [d for d in b.peers.possible_doubles(v) if d.what == "signin"]
    assert len(doubles) == 1, doubles
    for x in (b, c):
        for plain in _plain_hashes("t:13700001111"):
            assert plain not in _files(x)
    assert b.attendance.signin_count(v) == c.attendance.signin_count(v) == 3


def test_a_sign_in_of_a_van_this_laptop_has_not_learned_yet_is_kept_as_the_sender_sent_it(
    laptops: Callable[..., App],
) -> None:
    office = laptops("office")  # makes the van's record; it is not at the event
    a = laptops("a", caravan="1号车", role="van")
    same = laptops("same", caravan="1号车", role="van")  # enrolled, never synced since
    c = office.catalog.add_caravan("1号车")
    s = office.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    office.sync.sync_now()
    a.sync.sync_now()  # a holds the van; peers relay only their own facts, so ``same`` will not
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    a.attendance.signin(v, PARENT, "parent", phone=PHONE, method="phone")

    same.peers.exchange(LocalLink(a.peers))
    assert same.attendance.signin_count(v) == 1
    # its own van's sign-in, as taken: not stripped for good as if it were another van's
    (got,) = same.attendance.signins(v)
    assert (got.name, got.phone) == (PARENT, PHONE)
    assert same.attendance.signin(v, PARENT, "parent", phone=PHONE, method="phone").duplicate

    third = laptops("third", caravan="1号车", role="van")  # relayed by ``same``, which cannot tell
    third.peers.exchange(LocalLink(same.peers))  # whose van it is: withheld, never a stripped copy
    assert third.attendance.signins(v) == []
    third.peers.exchange(LocalLink(a.peers))  # from its author: whole
    assert [(r.name, r.phone) for r in third.attendance.signins(v)] == [(PARENT, PHONE)]

    for _ in range(2):  # the evening: nothing changes on it, its export is its van's
        for x in (office, a, same, third):
            x.sync.sync_now()
    assert canonical_export(same.db) == canonical_export(a.db) == canonical_export(third.db)


def test_a_person_signed_in_at_a_stripped_laptop_before_it_learned_the_other_sign_in_counts_once(
    laptops: Callable[..., App],
) -> None:
    a = laptops("a", caravan="1号车", role="van")
    other = laptops("other", caravan="2号车", role="van")  # receives van 1's sign-ins stripped
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    other.peers.exchange(LocalLink(a.peers))  # the visit reaches the other laptop, then apart:
    a.attendance.signin(v, PARENT, "parent", phone=PHONE, method="phone")
    other.attendance.signin(v, PARENT, "parent", phone=PHONE, method="phone")  # the same person
    other.peers.exchange(LocalLink(a.peers))
    assert a.attendance.signin_count(v) == 1  # one person, one count
    assert other.attendance.signin_count(v) == 1  # on the laptop that holds it stripped too
    for x in (a, other):  # listed for review on both, never merged by itself
        assert [len(d.signin_ids) for d in x.peers.possible_doubles(v) if d.what == "signin"] == [2]
    for x in (a, other):
        x.sync.sync_now()
    assert a.attendance.signin_count(v) == other.attendance.signin_count(v) == 1  # and after the hub
