"""The channel registry as plain values, and the channel check's reading of it. Pure: no database.

A catalog names a channel (中国土地市场网), a class of channels (省级以上财政部门指定的政府采购信息
发布媒体, 县政府网站), or a place no registry lists (乡镇、村公告公示栏). A publication's channel
is identified by its `url`'s host, else by its name or an alias, exactly: never by substring, so
"的" and "网" are no channel.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from urllib.parse import urlsplit

from app.core.chinese import to_simplified


class ReadingKind(StrEnum):
    CHANNEL = "channel"
    """The wording names one registered channel."""
    CLASS = "class"
    """The wording names a class: any registered channel of it, at the levels given, above or at the
    event's jurisdiction."""
    LOCAL = "local"
    """A place or medium no registry lists (a 公告栏, a 交易大厅): only the same wording passes, and
    any other unregistered channel cannot be verified against it."""
    OPEN = "open"
    """The list is open (等, 有必要采取的其他方式): a channel outside it cannot be ruled out."""


@dataclass(frozen=True)
class ChannelInfo:
    key: str
    name: str
    aliases: tuple[str, ...]
    hosts: tuple[str, ...]
    jurisdiction: str
    classes: tuple[str, ...]


@dataclass(frozen=True)
class ChannelClassInfo:
    code: str
    name: str
    enumerated: bool = False
    """The registry lists every channel of the class (中国政府采购网 and its provincial branches): an
    unregistered name is then none of them. Else (政府网站) it may be one the registry lacks."""
    host_suffixes: tuple[str, ...] = ()
    """Hosts under these suffixes belong to the class though not registered one by one: 政府网站 use
    .gov.cn (《政府网站发展指引》). Whose site it is cannot be told from the host."""


@dataclass(frozen=True)
class Reading:
    text: str
    kind: ReadingKind
    channel: str | None = None
    channel_class: str | None = None
    levels: tuple[str, ...] = ()
    """For a class: the levels of jurisdiction whose channels count (省级以上: national, province)."""


@dataclass(frozen=True)
class Place:
    """Where the event is: its jurisdiction and those above it, nearest first, with their levels."""

    lineage: tuple[str, ...]
    levels: dict[str, str] = field(default_factory=dict)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The names each goes by (南京市, 南京): how a department's name begins."""


@dataclass(frozen=True)
class ChannelFinding:
    allowed: bool | None
    """True: allowed; False: not allowed; None: cannot be verified."""
    text: str | None = None
    """The catalog wording that allows it (or could)."""
    identified: ChannelInfo | None = None
    reason_zh: str = ""
    reason_en: str = ""


# Both cached: catalog wordings, required fields and a platform's own channel names and form keys
# come back with every event, and each is converted once (OpenCC), not once per event.
@lru_cache(maxsize=4096)
def unquoted(text: str) -> str:
    """The text without spaces or quotation marks, as names are compared."""
    return "".join(text.split()).replace("“", "").replace("”", "").replace('"', "")


@lru_cache(maxsize=4096)
def normalize(name: str) -> str:
    """A name as channel names are compared: also in simplified characters."""
    return unquoted(to_simplified("".join(name.split())))


def host_of(url: str | None) -> str | None:
    """The url's host name, lower case and in ASCII (中国政府网.政务 as punycode); None for no url or
    one without a valid host name."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
        host = host.rstrip(".").encode("idna").decode("ascii").lower() if host else None
    except (ValueError, UnicodeError):
        return None
    return host if host and HOST_NAME.fullmatch(host) else None


HOST_NAME = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")
"""Dotted labels of letters, digits and hyphens (RFC 1123), a top-level domain at the end."""


@dataclass(frozen=True)
class ChannelRegistry:
    channels: dict[str, ChannelInfo]
    classes: dict[str, ChannelClassInfo]
    readings: dict[str, Reading]
    """Catalog wording (normalized) → its reading. A wording that is a channel's name or alias needs none."""

    def __post_init__(self) -> None:
        names, hosts = {}, {}
        for channel in self.channels.values():
            for name in (channel.name, *channel.aliases):
                names[normalize(name)] = channel
            for host in channel.hosts:
                hosts[host.lower()] = channel
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_hosts", hosts)

    def by_name(self, name: str | None) -> ChannelInfo | None:
        return self._names.get(normalize(name)) if name else None

    def by_host(self, host: str | None) -> ChannelInfo | None:
        """The channel on that host or a registered host above it (search.ccgp.gov.cn → ccgp.gov.cn)."""
        if host and f"www.{host}" in self._hosts:
            return self._hosts[f"www.{host}"]
        while host and "." in host:
            if host in self._hosts:
                return self._hosts[host]
            host = host.split(".", 1)[1]
        return None

    def reading(self, text: str) -> Reading:
        key = normalize(text)
        named = self._names.get(key)
        if named is not None:
            return Reading(text, ReadingKind.CHANNEL, channel=named.key)
        return self.readings.get(key) or Reading(text, ReadingKind.LOCAL)

    def classes_by_host(self, host: str | None) -> list[ChannelClassInfo]:
        return [c for c in self.classes.values() if host and any(host.endswith(s) for s in c.host_suffixes)]

    def judge(self, allowed: tuple[str, ...], channel: str | None, url: str | None, place: Place) -> ChannelFinding:
        host = host_of(url)
        used = self.by_host(host) or self.by_name(channel)
        readings = [self.reading(text) for text in allowed]
        for reading in readings:
            if self._allows(reading, used, channel, place):
                return ChannelFinding(True, reading.text, used)
        for reading in readings:
            maybe = self._could_allow(reading, used, host, place)
            if maybe:
                return ChannelFinding(None, reading.text, used, *maybe)
        return ChannelFinding(False, None, used)

    def _allows(self, reading: Reading, used: ChannelInfo | None, channel: str | None, place: Place) -> bool:
        if reading.kind is ReadingKind.CHANNEL:
            return used is not None and used.key == reading.channel
        if reading.kind is ReadingKind.CLASS:
            return used is not None and reading.channel_class in used.classes and self._in_reach(used, reading, place)
        if reading.kind is ReadingKind.LOCAL:
            return bool(channel) and used is None and normalize(channel) == normalize(reading.text)
        return False

    def _in_reach(self, used: ChannelInfo, reading: Reading, place: Place) -> bool:
        # A province's procurement site serves that province: 福建's is no channel for 吉安.
        if used.jurisdiction not in place.lineage:
            return False
        return not reading.levels or place.levels.get(used.jurisdiction) in reading.levels

    def _could_allow(
        self, reading: Reading, used: ChannelInfo | None, host: str | None, place: Place
    ) -> tuple[str, str] | None:
        if reading.kind is ReadingKind.OPEN:
            return (
                f"目录列举的公开方式未穷尽（“{reading.text}”），无法排除所用渠道。",
                f"The catalog's list of channels is open ({reading.text!r}); the channel used cannot be ruled out.",
            )
        if reading.kind is ReadingKind.LOCAL and used is None:
            return (
                f"目录规定的“{reading.text}”不在渠道名录中，无法核验所用渠道是否即为该渠道。",
                f"{reading.text!r}, which the catalog allows, is in no registry: whether the channel used is it cannot be verified.",
            )
        if reading.kind is ReadingKind.CLASS:
            # A .gov.cn host is a government website whoever runs it: registered under another
            # class (a trading platform on .gov.cn) or not at all, it may still be the one meant.
            for channel_class in self.classes_by_host(host):
                if channel_class.code == reading.channel_class:
                    return (
                        f"网址{host}属于{channel_class.name}，但无法核验是否为目录规定的“{reading.text}”。",
                        f"{host} is a {channel_class.code} host, but whether it is the one the catalog names "
                        f"({reading.text!r}) cannot be verified.",
                    )
            channel_class = self.classes.get(reading.channel_class or "")
            if used is None and channel_class is not None and not channel_class.enumerated:
                return (
                    f"所用渠道不在渠道名录中，名录未收录全部{channel_class.name}，无法核验其是否为“{reading.text}”。请报告发布网址（url）。",
                    f"The channel used is not registered, and the registry does not list every {channel_class.code} "
                    f"channel: whether it is {reading.text!r} cannot be verified. Report the url.",
                )
        return None
