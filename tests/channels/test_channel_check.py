"""The channel check against the registry: by host, by name or alias, by class at the right levels,
never by substring (SPEC §Jurisdictions and bodies, Channels)."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.catalog.models import Obligation
from app.channels.registry import normalize
from app.channels.service import channel_registry
from app.keys.scopes import Scope
from tests.conftest import committed_key
from tests.events.publications import good_publication, obligation, publish

PROBLEM = "application/problem+json"


def channel_check(event: dict) -> dict:
    return next(check for check in event["checks"] if check["name"] == "channel")


@pytest.fixture
def procurement_result(client: TestClient) -> dict:
    """晋江 采购结果: 省级以上财政部门指定的政府采购信息发布媒体."""
    row = obligation(client, "350582", "采购结果", "government_procurement")["id"]
    return {"obligation_id": row, "notice_type": "procurement_result", "triggered_at": "2025-09-29",
            "published_at": "2025-09-30", "publisher": "采购人", "content": {}}


@pytest.mark.parametrize(
    ("channel", "url", "result"),
    [
        ("中国政府采购网", None, "pass"),  # the national medium 101号令 第八条 designates
        (None, "https://www.ccgp.gov.cn/cggg/dfgg/zbgg/202509/t20250930_1.htm", "pass"),
        (None, "http://search.ccgp.gov.cn/bxsearch?searchtype=1", "pass"),  # below a registered host
        ("福建省政府采购网", None, "pass"),  # the provincial branch of 晋江's own province
        (None, "https://www.ccgp-fujian.gov.cn/notice/1", "pass"),
        ("江西省政府采购网", None, "fail"),  # another province's branch is no medium for 晋江
        ("的", None, "fail"),
        ("中国政府采购", None, "fail"),  # a part of a name is no name
        ("政府采购网", None, "fail"),
        ("中国土地市场网", None, "fail"),  # registered, of another class
        (None, "https://ccgp.gov.cn.example.com/notice", "fail"),  # a host that only starts like one
    ],
)
def test_procurement_media(client: TestClient, writer: dict, procurement_result: dict, channel: str | None,
                           url: str | None, result: str) -> None:
    body = {**procurement_result, "subject": "JJ-CG-1", "channel": channel, "url": url}
    check = channel_check(publish(client, writer, **body))
    assert check["result"] == result, check


def test_no_substring_for_named_channels(client: TestClient, writer: dict, land_deal: int) -> None:
    for subject, channel, result in (("JJ-1", "网", "fail"), ("JJ-2", "中国土地", "fail"), ("JJ-3", "中国土地市场网", "pass")):
        event = publish(client, writer, **good_publication(land_deal, subject=subject, channel=channel))
        assert channel_check(event)["result"] == result, channel
    by_url = publish(client, writer, **good_publication(land_deal, subject="JJ-4", channel=None,
                                                       url="https://www.landchina.com/#/landSupplyDetail?id=1"))
    assert channel_check(by_url)["result"] == "pass"


def test_government_websites(client: TestClient, writer: dict) -> None:
    # 晋江 保障性安居工程政策法规: 政府网站. Government websites are too many to register one by one.
    row = obligation(client, "350582", "保障性安居工程政策法规")["id"]
    base = {"obligation_id": row, "triggered_at": "2025-09-26", "published_at": "2025-09-30", "publisher": "市住建局",
            "content": {}}
    cases = [
        ("J1", None, "https://www.jinjiang.gov.cn/xxgk/1.htm", "pass"),  # 晋江's own portal, registered
        ("J2", "泉州市人民政府门户网站", None, "pass"),  # a government above 晋江
        ("J3", None, "https://www.xyz.gov.cn/1.htm", "unverified"),  # a .gov.cn host: whose, unknown
        ("J4", "晋江市某某网", None, "unverified"),
        ("J5", "中国土地市场网", None, "fail"),  # registered and not a government website
        ("J6", "吉安市人民政府门户网站", None, "fail"),  # a government, but not above 晋江
    ]
    for subject, channel, url, result in cases:
        event = publish(client, writer, **base, subject=subject, channel=channel, url=url)
        assert channel_check(event)["result"] == result, (channel, url)


def test_local_places_pass_as_written_only(client: TestClient, writer: dict) -> None:
    # 喀左 序号5.1: 县政府网站 and 乡镇、村公告公示栏.
    found = client.get("/v1/obligations", params={"jurisdiction": "211324", "q": "农村危房改造政策"}).json()["items"]
    row = next(item["id"] for item in found if item["ref"] == "5.1")
    base = {"obligation_id": row, "triggered_at": "2025-09-26", "published_at": "2025-09-30", "publisher": "县住建局",
            "content": {}}
    written = publish(client, writer, **base, subject="K1", channel="乡镇、村公告公示栏")
    assert channel_check(written)["result"] == "pass"
    other = publish(client, writer, **base, subject="K2", channel="某村公告栏")
    assert channel_check(other)["result"] == "unverified"


def test_every_seed_channel_wording_is_read(session: Session, client: TestClient) -> None:
    registry = channel_registry(session)
    names = {normalize(name) for channel in registry.channels.values() for name in (channel.name, *channel.aliases)}
    wordings = {text for row in session.exec(select(Obligation)) for text in row.channels}
    unread = sorted(text for text in wordings if normalize(text) not in names and normalize(text) not in registry.readings)
    assert not unread


def test_the_registry_is_listed(client: TestClient) -> None:
    media = client.get("/v1/channels", params={"class": "procurement_media", "limit": 100}).json()
    provinces = {item["jurisdiction"] for item in media["items"]}
    assert "100000" in provinces and {"350000", "360000", "210000", "320000", "440000"} <= provinces
    assert all(item["source"]["title"] or item["needs_review"] for item in media["items"])
    ccgp = client.get("/v1/channels", params={"q": "ccgp.gov.cn"}).json()["items"]
    assert ccgp[0]["name"] == "中国政府采购网"
    classes = {item["code"]: item for item in client.get("/v1/channel-classes").json()["items"]}
    assert classes["procurement_media"]["enumerated"] and "第八条" in classes["procurement_media"]["basis"]
    assert classes["government_website"]["host_suffixes"][0] == ".gov.cn"


@pytest.mark.parametrize("params, status", [({"class": "no_such_class"}, 404), ({"jurisdiction": "35"}, 422), ({"q": ""}, 422)])
def test_bad_filters(client: TestClient, params: dict, status: int) -> None:
    response = client.get("/v1/channels", params=params)
    assert response.status_code == status and response.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize(
    ("channel", "result"),
    [("中国政府采购网", "pass"), ("江西省政府采购网", "pass"), ("吉安市公共资源交易网", "pass"),
     ("吉安市人民政府门户网站", "pass"), ("福建省政府采购网", "fail"),
     ("网", "unverified")],  # not registered, and government websites are not all registered: never a pass
)
def test_jian_procurement_by_its_plan(client: TestClient, writer: dict, channel: str, result: str) -> None:
    # 吉安's plan: 政府网站 (二(五)1); trading information in the 指定媒介 and on the city's trading
    # platform (二(五)3). Its catalog rows named no channel before.
    event = publish(client, writer, jurisdiction="360800", notice_type="procurement_result", subject="JA-1",
                    triggered_at="2025-09-29", published_at="2025-10-09", publisher="吉安市财政局", channel=channel)
    assert channel_check(event)["result"] == result


@pytest.fixture
def editor(session: Session) -> dict[str, str]:
    return {"X-API-Key": committed_key(session, "channel-editor", Scope.CATALOG_WRITE)}


def test_a_registered_channel_is_judged_at_once(client: TestClient, writer: dict, editor: dict) -> None:
    # 晋江 序号27 产权交易 结果: 产权交易机构门户网站, a class with no channel registered yet.
    row = obligation(client, "350582", "成交项目名称", "state_property")["id"]
    base = {"obligation_id": row, "triggered_at": "2025-09-26", "published_at": "2025-09-30", "publisher": "市财政局",
            "url": "https://www.qzcq.example.cn/notice/1"}
    assert channel_check(publish(client, writer, **base, subject="P1"))["result"] == "unverified"
    created = client.post("/v1/channels", headers=editor, json={
        "key": "qzcq", "name": "泉州产权交易中心网站", "hosts": ["www.qzcq.example.cn"], "jurisdiction": "350500",
        "classes": ["property_exchange"], "source": {"title": "test"}})
    assert created.status_code == 201, created.text
    assert created.json()["recorded_by"].endswith("(channel-editor)")
    assert channel_check(publish(client, writer, **base, subject="P2"))["result"] == "pass"


@pytest.mark.parametrize(
    ("changes", "status"),
    [({"hosts": ["https://www.x.example.cn/"]}, 422), ({"hosts": ["not a host"]}, 422), ({"hosts": ["localhost"]}, 422),
     ({"jurisdiction": "999999"}, 404), ({"classes": ["nothing"]}, 404), ({"source": None}, 422),
     ({"name": "中国政府采购网"}, 409), ({"hosts": ["www.ccgp.gov.cn"]}, 409), ({"key": "ccgp"}, 409), ({"key": "Bad Key"}, 422)],
)
def test_what_channel_writes_refuse(client: TestClient, editor: dict, writer: dict, changes: dict, status: int) -> None:
    body = {"key": "x_site", "name": "某网站", "hosts": ["www.x.example.cn"], "jurisdiction": "350000",
            "classes": ["credit"], "source": {"title": "t"}, **changes}
    response = client.post("/v1/channels", headers=editor, json=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert client.post("/v1/channels", headers=writer, json=body).status_code == 403
