"""The registry's pure reading, and what the seed loader refuses."""

import pytest

from app.channels.registry import ChannelClassInfo, ChannelInfo, ChannelRegistry, Place, Reading, ReadingKind, host_of
from app.channels.seed import _check_channel
from app.core.seeding import SeedError

REGISTRY = ChannelRegistry(
    channels={
        "ccgp": ChannelInfo("ccgp", "中国政府采购网", ("中国政府采购网站",), ("www.ccgp.gov.cn",), "100000", ("procurement_media",)),
        "ccgp_fj": ChannelInfo("ccgp_fj", "福建省政府采购网", (), ("www.ccgp-fujian.gov.cn",), "350000", ("procurement_media",)),
        "ggzy_js": ChannelInfo("ggzy_js", "江苏省公共资源交易平台", (), ("jsggzy.jszwfw.gov.cn",), "320000", ("trading_platform",)),
    },
    classes={
        "procurement_media": ChannelClassInfo("procurement_media", "政府采购信息发布媒体", enumerated=True),
        "trading_platform": ChannelClassInfo("trading_platform", "公共资源交易平台"),
        "government_website": ChannelClassInfo("government_website", "政府网站", host_suffixes=(".gov.cn",)),
    },
    readings={
        "省级以上财政部门指定的政府采购信息发布媒体": Reading(
            "省级以上财政部门指定的政府采购信息发布媒体", ReadingKind.CLASS, channel_class="procurement_media",
            levels=("national", "province"),
        ),
        "政府网站": Reading("政府网站", ReadingKind.CLASS, channel_class="government_website"),
        "等": Reading("等", ReadingKind.OPEN),
    },
)
JINJIANG = Place(("350582", "350500", "350000", "100000"),
                 {"350582": "county", "350500": "city", "350000": "province", "100000": "national"})
MEDIA = ("省级以上财政部门指定的政府采购信息发布媒体",)


@pytest.mark.parametrize(
    ("url", "host"),
    [("https://www.ccgp.gov.cn/a?b=c", "www.ccgp.gov.cn"), ("www.CCGP.gov.cn/x", "www.ccgp.gov.cn"),
     ("http://zbtb.gxi.gov.cn:9000/", "zbtb.gxi.gov.cn"), ("not a url", None), ("", None), (None, None)],
)
def test_host_of(url: str | None, host: str | None) -> None:
    assert host_of(url) == host


def test_by_name_alias_and_host_never_by_part() -> None:
    assert REGISTRY.by_name("中国政府采购网站").key == "ccgp"
    assert REGISTRY.by_name(" 中国 政府采购网 ").key == "ccgp"  # spacing is not a name
    assert REGISTRY.by_name("中國政府採購網").key == "ccgp"  # traditional script
    assert REGISTRY.by_name("政府采购网") is None and REGISTRY.by_name("的") is None
    assert REGISTRY.by_host("ccgp.gov.cn").key == "ccgp"  # the www. twin
    assert REGISTRY.by_host("search.www.ccgp.gov.cn").key == "ccgp"
    assert REGISTRY.by_host("www.ccgp.gov.cn.evil.com") is None


def test_class_levels_and_reach() -> None:
    assert REGISTRY.judge(MEDIA, "福建省政府采购网", None, JINJIANG).allowed is True
    nanjing = Place(("320100", "320000", "100000"), {"320100": "city", "320000": "province", "100000": "national"})
    assert REGISTRY.judge(MEDIA, "福建省政府采购网", None, nanjing).allowed is False
    assert REGISTRY.judge(MEDIA, "中国政府采购网", None, nanjing).allowed is True
    # An unregistered name under an enumerated class is none of its channels.
    assert REGISTRY.judge(MEDIA, "某某采购网", None, JINJIANG).allowed is False


def test_government_websites_and_open_lists() -> None:
    assert REGISTRY.judge(("政府网站",), None, "https://www.xyz.gov.cn/1", JINJIANG).allowed is None
    # Registered as a trading platform, but on .gov.cn: it may be the website meant.
    assert REGISTRY.judge(("政府网站",), None, "http://jsggzy.jszwfw.gov.cn/", JINJIANG).allowed is None
    assert REGISTRY.judge(("政府网站",), None, "https://www.example.com/", JINJIANG).allowed is None  # unregistered
    assert REGISTRY.judge(MEDIA + ("等",), "某某网", None, JINJIANG).allowed is None


def _channel(**changes) -> dict:  # noqa: ANN003
    return {"key": "x", "name": "某网", "hosts": ["www.x.gov.cn"], "jurisdiction": "100000",
            "classes": ["credit"], "source": {"title": "t"}, **changes}


@pytest.mark.parametrize(
    "changes",
    [{"hosts": ["https://www.x.gov.cn/"]}, {"hosts": ["www x.gov.cn"]}, {"hosts": ["localhost"]},
     {"jurisdiction": "999999"}, {"classes": ["nothing"]}, {"classes": []}, {"source": {}}, {"name": "中国政府采购网"}],
)
def test_the_loader_refuses_bad_channels(changes: dict) -> None:
    with pytest.raises(SeedError):
        _check_channel(_channel(**changes), "channels.yaml: x", {"credit"}, {"100000"}, {"中国政府采购网": "ccgp"})
    _check_channel(_channel(), "channels.yaml: x", {"credit"}, {"100000"}, {"中国政府采购网": "ccgp"})
