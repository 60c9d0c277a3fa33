"""The phone sign-in server over real HTTP on 127.0.0.1: what a phone (or an attacker) sees."""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from caravan_app.services.app import App

from .conftest import Live


def _number(html: str) -> int:
    m = re.search(r'id="number">(\d+)<', html)
    assert m, html[-600:]
    return int(m.group(1))


def test_form_page_is_one_self_contained_chinese_page(live: Live) -> None:
    r = httpx.get(live.url)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    html = r.text
    assert "鱼台县第一中学" in html and "姓名" in html and "提交签到" in html
    for label in ("学生", "教师", "家长", "村民", "志愿者", "其他"):
        assert f">{label}</label>" in html
    # No external assets: no src/href pointing anywhere, the form posts to itself.
    assert not re.search(r'(src|href)\s*=\s*"', html)
    assert f'action="/s/{live.token}"' in html and 'method="post"' in html


def test_signin_is_stored_at_once_with_its_number(app: App, live: Live) -> None:
    r = httpx.post(live.url, data={"name": "张三", "group": "student", "org": "三年级二班", "phone": ""})
    assert r.status_code == 200 and "签到成功" in r.text and "张三" in r.text
    assert _number(r.text) == 1
    rows = app.attendance.signins(live.visit)
    assert [(x.name, x.group, x.organisation, x.method) for x in rows] == [("张三", "student", "三年级二班", "phone")]
    r = httpx.post(live.url, data={"name": "李四", "group": "teacher"})
    assert _number(r.text) == 2
    assert [x.name for x in live.heard] == ["张三", "李四"]


def test_same_phone_again_answers_already_signed_in_and_counts_once(app: App, live: Live) -> None:
    with httpx.Client() as phone:
        first = phone.post(live.url, data={"name": "王芳", "group": "parent", "org": "二年级一班"})
        assert "签到成功" in first.text
        # Reopening the page on the same phone shows the confirmation, not the form.
        again = phone.get(live.url)
        assert "已签到" in again.text and "王芳" in again.text and _number(again.text) == 1
        # Submitting again, even under another name, is the same phone: a repeat.
        other = phone.post(live.url, data={"name": "王小芳", "group": "parent"})
        assert "已签到" in other.text and _number(other.text) == 1
    assert app.attendance.signin_count(live.visit) == 1
    assert len(live.heard) == 1


def test_same_name_from_another_phone_counts_and_is_marked_possible_duplicate(app: App, live: Live) -> None:
    # Issue #10 finding 12: two villagers of one name, nothing else to tell them apart, are two.
    def phone(n: int) -> httpx.Client:  # another phone: another address on the hotspot, no cookie
        return httpx.Client(transport=httpx.HTTPTransport(local_address=f"127.0.3.{n}"))

    with phone(1) as c:
        c.post(live.url, data={"name": "赵六", "org": "实验小学 三年级"})
    with phone(2) as c:
        r = c.post(live.url, data={"name": "赵六", "org": "实验小学三年级"})
    assert "签到成功" in r.text and _number(r.text) == 2
    rows = app.attendance.signins(live.visit)
    assert [x.possible_duplicate for x in rows] == [False, True]
    # Same name, another class: a different child, no mark.
    r = httpx.post(live.url, data={"name": "赵六", "org": "四年级"})
    assert "签到成功" in r.text and _number(r.text) == 3
    assert app.attendance.signin_count(live.visit) == 3
    assert [x.possible_duplicate for x in app.attendance.signins(live.visit)] == [False, True, False]
    # The same phone number again is the same person.
    httpx.post(live.url, data={"name": "钱七", "phone": "13800000001"})
    r = httpx.post(live.url, data={"name": "钱七", "phone": "138-0000-0001"})
    assert "已签到" in r.text and app.attendance.signin_count(live.visit) == 4


def test_forged_cookie_is_ignored(app: App, live: Live) -> None:
    httpx.post(live.url, data={"name": "真的人"})
    sid = app.attendance.signins(live.visit)[0].id
    r = httpx.get(live.url, cookies={"cfl_signin": f"{sid}.0000000000000000deadbeef"})
    assert "提交签到" in r.text and "真的人" not in r.text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": ""}, "姓名"),
        ({"name": "   "}, "不能为空"),
        ({"name": "张" * 51}, "过长"),
        ({"name": "李四", "org": "班" * 101}, "过长"),
        ({"name": "张\x00三"}, "控制字符"),
        ({"name": "张三\u202e"}, "控制字符"),  # right-to-left override
        ({"name": "<script>alert(1)</script>"}, "不允许"),
        ({"name": "张三", "org": '"><img src=x onerror=alert(1)>'}, "不允许"),
        ({"name": "javascript:alert(1)"}, "不允许"),
        ({"name": "张三", "phone": "call me maybe"}, "手机"),
        ({"name": "张三", "group": "admin"}, "人群"),
    ],
)
def test_hostile_or_broken_input_gets_a_message_and_stores_nothing(
    app: App, live: Live, form: dict[str, str], message: str
) -> None:
    r = httpx.post(live.url, data=form)
    assert r.status_code == 400
    err = re.search(r'<div class="err" id="error" role="alert">(.*?)</div>', r.text)
    assert err and (message in err.group(1) or message == "手机" and "电话" in err.group(1))
    assert "<script>alert" not in r.text and "<img" not in r.text  # echoed values are escaped
    assert 'name="name"' in r.text  # the form comes back to fix
    assert app.attendance.signin_count(live.visit) == 0
    assert live.heard == []


def test_a_zero_width_space_is_dropped_as_in_every_other_face(app: App, live: Live) -> None:
    """domain/rules.clean_text: "张\u200b三" pasted on a phone is 张三, counted once."""
    assert httpx.post(live.url, data={"name": "张\u200b三", "org": "三年级二班"}).status_code == 200
    again = httpx.post(live.url, data={"name": "张三", "org": "三年级二班"})
    assert again.status_code == 200 and "已签到" in again.text
    assert app.attendance.signin_count(live.visit) == 1
    assert [s.name for s in app.attendance.signins(live.visit)] == ["张三"]


def test_oversized_or_garbled_bodies_are_refused(app: App, live: Live) -> None:
    r = httpx.post(
        live.url, content=b"name=" + b"A" * 10_000, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 413
    r = httpx.post(live.url, content=b"name=\xff\xfe", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    assert app.attendance.signin_count(live.visit) == 0


@pytest.mark.parametrize(
    "path",
    ["/", "/docs", "/openapi.json", "/redoc", "/s/", "/s/../caravan.db", "/favicon.ico", "/s/short", "/api/signins"],
)
def test_nothing_else_is_exposed(live: Live, path: str) -> None:
    assert httpx.get(live.base + path).status_code == 404
    assert httpx.post(live.base + path, data={"name": "x"}).status_code == 404


def test_other_methods_are_refused(live: Live) -> None:
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
        assert httpx.request(method, live.url).status_code == 404


def test_unknown_token_does_not_work(app: App, live: Live) -> None:
    r = httpx.post(f"{live.base}/s/AAAAAAAAAAAAAAAA", data={"name": "张三"})
    assert r.status_code == 403 and "链接无效" in r.text
    assert app.attendance.signin_count(live.visit) == 0


def test_closed_signin_stops_the_token_and_reopening_restores_it(app: App, live: Live) -> None:
    app.signin.close(live.visit)
    for r in (httpx.get(live.url), httpx.post(live.url, data={"name": "迟到的人"})):
        assert r.status_code == 403 and "签到已关闭" in r.text
    assert app.attendance.signin_count(live.visit) == 0
    app.signin.open(live.visit)
    assert "签到成功" in httpx.post(live.url, data={"name": "迟到的人"}).text


def test_completed_visit_stops_the_token(app: App, live: Live) -> None:
    app.visits.arrive(live.visit)
    app.visits.complete(live.visit)
    r = httpx.post(live.url, data={"name": "张三"})
    assert r.status_code == 403 and "签到已关闭" in r.text
    assert app.attendance.signin_count(live.visit) == 0


def test_a_new_link_retires_the_old_qr(app: App, live: Live) -> None:
    new = app.visits.new_signin_token(live.visit)
    assert httpx.get(live.url).status_code == 403
    assert httpx.get(f"{live.base}/s/{new}").status_code == 200


def test_rate_limit_is_per_client_address(app: App, live: Live) -> None:
    statuses = [httpx.post(live.url, data={"name": f"脚本{i}"}).status_code for i in range(12)]
    assert statuses[:8] == [200] * 8
    assert statuses[8:] == [429] * 4
    # Another phone (another address on the loopback network) is not slowed by the first.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2")) as other:
        r = other.post(live.url, data={"name": "另一部手机"})
    assert r.status_code == 200 and "签到成功" in r.text
    assert app.attendance.signin_count(live.visit) == 9


def test_double_tap_from_many_threads_counts_once(app: App, live: Live) -> None:
    """One phone (one address on the hotspot) tapping submit many times before any cookie is
    set counts once; ten other phones with that name count ten times, each marked possible duplicate."""
    results: list[str] = []

    def tap(i: int, addr: str) -> None:
        with httpx.Client(transport=httpx.HTTPTransport(local_address=addr)) as c:
            results.append(c.post(live.url, data={"name": "孙悟空", "org": "花果山小学"}).text)

    threads = [threading.Thread(target=tap, args=(i, "127.0.1.1")) for i in range(8)]  # rate limit: 8 at once
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum("签到成功" in r for r in results) == 1
    assert sum("已签到" in r for r in results) == 7
    assert app.attendance.signin_count(live.visit) == 1
    results.clear()
    threads = [threading.Thread(target=tap, args=(i, f"127.0.2.{i + 1}")) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert app.attendance.signin_count(live.visit) == 11
    assert len(app.attendance.possible_duplicates(live.visit)) == 10


def test_a_rescan_after_a_void_shows_the_number_as_counted_now(app: App, live: Live) -> None:
    """s15: the phone's repeat is answered by plain SQL now; the number must still leave voided
    sign-ins out, and the voided phone gets the form again."""
    with httpx.Client() as a, httpx.Client() as b, httpx.Client() as c:
        numbers = [
            _number(p.post(live.url, data={"name": n, "group": "parent"}).text)
            for p, n in ((a, "赵一"), (b, "钱二"), (c, "孙三"))
        ]
        assert numbers == [1, 2, 3]
        app.attendance.void_signin(live.heard[0].id, "名字写错")
        again = c.get(live.url)
        assert "已签到" in again.text and "孙三" in again.text and _number(again.text) == 2
        assert "提交签到" in a.get(live.url).text  # the voided phone may sign in again
    assert app.attendance.signin_count(live.visit) == 2
