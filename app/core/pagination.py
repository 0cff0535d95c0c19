"""Offset paging shared by every list endpoint: stable order, a total, capped page size."""

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from app.core.config import get_settings

Item = TypeVar("Item")


class PageParams(BaseModel):
    limit: int
    offset: int


# async: it only reads the query, and a sync dependency costs a worker-thread hop.
async def page_params(
    limit: Annotated[
        int, Query(ge=1, le=get_settings().page_size_max, description="Items per page.")
    ] = get_settings().page_size_default,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int = Field(description="Items matching the query, over all pages.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")

    @classmethod
    def of(cls, items: list[Item], total: int, params: PageParams) -> "Page[Item]":
        following = params.offset + len(items)
        return cls(
            items=items,
            total=total,
            limit=params.limit,
            offset=params.offset,
            next_offset=following if following < total else None,
        )


class Listing(BaseModel, Generic[Item]):
    """A short, complete list (domains, jurisdictions, keys): every item in one answer."""

    items: list[Item]
    total: int

    @classmethod
    def of(cls, items: list[Item]) -> "Listing[Item]":
        return cls(items=items, total=len(items))
