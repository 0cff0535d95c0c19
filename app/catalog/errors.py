"""Problems of catalog writes."""

from fastapi_problem.error import BadRequestProblem, ConflictProblem, UnprocessableProblem

from app.core.errors import NotFound


class InvalidImport(UnprocessableProblem):
    """A sheet with rows that cannot become obligations: the report lists each row's problems."""

    title = "目录表格有无法导入的行，未导入任何内容。The catalog sheet has invalid rows; nothing was imported."
    type_ = "invalid-catalog-import"


class VersionConflict(ConflictProblem):
    title = "新版本的施行日期不晚于被替换的版本。The new version does not follow the one it replaces."
    type_ = "catalog-version-conflict"


class UnreadableSheet(BadRequestProblem):
    title = "文件不是可读取的 XLSX 或 CSV 表格。The file is not a readable XLSX or CSV table."
    type_ = "unreadable-sheet"


class NoSuchCatalog(NotFound):
    """The catalog an import would replace does not exist."""

    title = "目录不存在。Not found."
