"""The channels the seed documents name, as the audit read them."""

from tests.catalog.seed_documents import by_ref

JIAN, KAZUO, JIANGSU, SHANWEI = "001_jian.yaml", "002_kazuo.yaml", "003_jiangsu.yaml", "004_shanwei.yaml"


def test_kazuo_channels_the_cells_add() -> None:
    assert by_ref(KAZUO, "6")["channels"] == ["中国土地市场网", "等"]  # 中国土地市场网等: an open list
    assert by_ref(KAZUO, "9")["channels"] == ["中国土地市场网", "土地有形市场", "等"]
    assert by_ref(KAZUO, "17")["channels"] == ["县政府网站", "省国资委网站“产权管理”栏目"]
    assert by_ref(KAZUO, "2.1")["channels"] == ["县政府网站"]  # 项目建设地点 is for 开工项目信息 (2.3)
    assert "项目建设地点" in by_ref(KAZUO, "2.3")["channels"]
    assert by_ref(KAZUO, "36")["channels"] == ["辽宁省建设工程信息网"]  # the platform is shared with


def test_the_plans_mandatory_channels() -> None:
    assert by_ref(JIANGSU, "4")["channels"] == ["江苏省公共资源交易平台"]  # 二(五)
    assert by_ref(JIANGSU, "6")["channels"] == ["信用中国（江苏）网站"]  # 二(七)
    assert "channels" not in by_ref(JIANGSU, "1") or not by_ref(JIANGSU, "1")["channels"]
    assert by_ref(JIAN, "二(三)4.1")["channels"] == ["政府网站", "市公共资源交易平台", "省级以上财政部门指定的政府采购信息发布媒体"]
    assert by_ref(JIAN, "二(三)1.1")["channels"] == ["政府网站"]
    assert "市公共资源交易公共服务平台" in by_ref(SHANWEI, "二(三)1.4")["channels"]
