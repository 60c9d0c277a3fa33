"""Issue #10 finding 12 over real HTTP: one phone signs in another person ("再签一位", a plain
link: no JavaScript needed), and a voided sign-in lets that phone sign in again."""

from __future__ import annotations

import re

import httpx

from caravan_app.services.app import App
from tests.signin.conftest import Live


def _number(html: str) -> int:
    m = re.search(r'id="number">(\d+)<', html)
    assert m, html[-600:]
    return int(m.group(1))


def test_one_phone_signs_in_another_person(app: App, live: Live) -> None:
    with httpx.Client() as phone:  # one phone: keeps its cookie
        r = phone.post(live.url, data={"name": "赵丽", "group": "villager"})
        assert "签到成功" in r.text and 'id="another"' in r.text
        href = re.search(r'id="another" href="([^"]+)"', r.text)[1]  # type: ignore[index]
        assert href.endswith("?another=1") and "<script" not in r.text.split("</style>")[1].split("</body>")[0]
        # Without the link, the phone is told it already signed in.
        assert "已签到" in phone.get(live.url).text
        form = phone.get(live.base + href).text
        assert 'name="another" value="1"' in form and "提交签到" in form
        r = phone.post(live.url, data={"name": "赵丽的妈妈", "group": "parent", "another": "1"})
        assert "签到成功" in r.text and _number(r.text) == 2
        # The same second person again from this phone: already signed in, nothing counted.
        r = phone.post(live.url, data={"name": "赵丽的妈妈", "group": "parent", "another": "1"})
        assert "已签到" in r.text and _number(r.text) == 2
        assert "已签到" in phone.get(live.url).text and "赵丽" in phone.get(live.url).text
    assert app.attendance.signin_count(live.visit) == 2
    assert not app.attendance.possible_duplicates(live.visit)


def test_a_voided_signin_lets_the_phone_sign_in_again(app: App, live: Live) -> None:
    with httpx.Client() as phone:
        phone.post(live.url, data={"name": "孙莉莉"})  # a typo ("11111" is refused at the door now)
        (row,) = app.attendance.signins(live.visit)
        app.attendance.void_signin(row.id, "名字写错")
        page = phone.get(live.url).text
        assert "提交签到" in page  # the form again, not 已签到
        r = phone.post(live.url, data={"name": "孙丽"})
        assert "签到成功" in r.text and _number(r.text) == 1
    assert [x.name for x in app.attendance.signins(live.visit)] == ["孙丽"]
