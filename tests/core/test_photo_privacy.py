"""The one rule for where a photo was taken (domain/privacy.strip_other_vans), as the hub's pull
and peer sync apply it: other vans' laptops get ``gps`` null whatever the hub's name sharing;
the van's own laptops and the office's keep it."""

from __future__ import annotations

from caravan_app.domain.privacy import Receiver, strip_other_vans, visits_named

GPS = "35.414217,116.587341"


def _page() -> list[tuple[str, str, dict]]:
    return [
        ("visit", "v1", {"caravan_id": "van1"}),
        ("photo", "p1", {"visit_id": "v1", "gps": GPS, "caption": "实验"}),
        ("photo", "p2", {"visit_id": "v2", "gps": GPS, "caption": "展板"}),  # its visit: looked up
    ]


def test_another_vans_laptop_gets_no_gps_even_with_names_shared() -> None:
    for shared in (False, True):
        page = _page()
        out = strip_other_vans(page, Receiver(False, frozenset({"van2"}), share_names=shared), {}, {"v2": "van2"})
        gps = {rid: d["gps"] for e, rid, d in page if e == "photo"}
        assert gps == {"p1": None, "p2": GPS}  # van1's photo stripped; its own van's (v2) kept
        assert ("photo", "p1") in out and ("photo", "p2") not in out
        assert page[1][2]["caption"] == "实验"  # the photo itself travels


def test_the_office_keeps_gps_and_a_photo_of_an_unknown_visit_is_stripped() -> None:
    page = _page()
    assert strip_other_vans(page, Receiver(True), {}, {}) == set()
    assert all(d.get("gps") == GPS for e, _r, d in page if e == "photo")
    page = _page()
    strip_other_vans(page, Receiver(False, frozenset({"van1"})), {}, {})  # v2's van unknown here
    assert [d["gps"] for e, _r, d in page if e == "photo"] == [GPS, None]
    assert visits_named(_page(), {}) == ["v1", "v2"]  # the caller looks up the photos' visits
