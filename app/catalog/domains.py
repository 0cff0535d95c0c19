"""The fixed list of disclosure domains (公开领域) of SPEC §Concepts."""

from enum import StrEnum


class DomainCode(StrEnum):
    HOUSING_SECURITY = "housing_security"
    LAND_USE_RIGHTS = "land_use_rights"
    MINING_RIGHTS = "mining_rights"
    GOVERNMENT_PROCUREMENT = "government_procurement"
    STATE_PROPERTY = "state_property"
    CONSTRUCTION_BIDDING = "construction_bidding"
    MEDICAL_PROCUREMENT = "medical_procurement"
    EMISSION_RIGHTS = "emission_rights"
    FOREST_RIGHTS = "forest_rights"
    CREDIT = "credit"
    TRADING_CATALOG = "trading_catalog"
    OTHER = "other"


DOMAINS: dict[DomainCode, tuple[str, str | None]] = {
    DomainCode.HOUSING_SECURITY: ("住房保障", "保障性安居工程、保障性住房分配、农村危房改造"),
    DomainCode.LAND_USE_RIGHTS: ("国有土地使用权出让", None),
    DomainCode.MINING_RIGHTS: ("矿业权出让", None),
    DomainCode.GOVERNMENT_PROCUREMENT: ("政府采购", None),
    DomainCode.STATE_PROPERTY: ("国有产权交易", None),
    DomainCode.CONSTRUCTION_BIDDING: ("工程建设项目招标投标", None),
    DomainCode.MEDICAL_PROCUREMENT: ("药品、医用耗材（医药）采购", None),
    DomainCode.EMISSION_RIGHTS: ("排污权交易", None),
    DomainCode.FOREST_RIGHTS: ("林权（林业产权）交易", None),
    DomainCode.CREDIT: ("信用信息与“黑名单”", None),
    DomainCode.TRADING_CATALOG: ("公共资源交易目录、范围和规模标准", None),
    DomainCode.OTHER: ("其他", "取水许可、客运班线许可、林地、湿地等"),
}
