"""Problems of catalog writes."""

from fastapi_problem.error import BadRequestProblem, ConflictProblem, UnprocessableProblem


class InvalidImport(UnprocessableProblem):
    """A sheet with rows that cannot become obligations: the report lists each row's problems."""

    title = "The catalog sheet has invalid rows; nothing was imported."
    type_ = "invalid-catalog-import"


class VersionConflict(ConflictProblem):
    title = "The new version does not follow the one it replaces."
    type_ = "catalog-version-conflict"


class UnreadableSheet(BadRequestProblem):
    title = "The file is not a readable XLSX or CSV table."
    type_ = "unreadable-sheet"
