"""Channel registry endpoints: what the channel check knows, public like the catalogs."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Response, status

from app.channels import service
from app.channels.errors import ChannelTaken, InvalidChannel
from app.channels.schemas import ChannelClassPublic, ChannelCreate, ChannelCreated, ChannelPublic
from app.core.database import SessionDep
from app.core.errors import Forbidden, Unauthorized, UnknownFilterValue, UnknownReference, problem_responses
from app.core.openapi import created
from app.core.pagination import Listing, Page, PageDep
from app.keys.dependencies import CatalogWriterDep

router = APIRouter(tags=["catalog"])


@router.get(
    "/v1/channels",
    summary="Named channels: the national designated media and the provincial sites, with hosts and classes",
    description=(
        "The registry the channel check reads. A publication passes when its `url`'s host (or, without "
        "one, its channel's name or an alias, exactly) is a channel the obligation allows: by name, or of a "
        "class it names, run at or above the event's jurisdiction. Filter by `q` (name, alias or host), "
        "`class` and `jurisdiction`."
    ),
    responses=problem_responses(UnknownFilterValue),
)
def list_channels(
    session: SessionDep,
    page: PageDep,
    q: Annotated[str | None, Query(min_length=1, max_length=64, examples=["政府采购网"])] = None,
    channel_class: Annotated[
        str | None, Query(alias="class", max_length=48, pattern=r"^[a-z_]+$", examples=["procurement_media"])
    ] = None,
    jurisdiction: Annotated[str | None, Query(pattern=r"^\d{6}$", examples=["350000"])] = None,
) -> Page[ChannelPublic]:
    items, total = service.list_channels(session, page, q, channel_class, jurisdiction)
    return Page.of(items, total, page)


@router.post(
    "/v1/channels",
    status_code=status.HTTP_201_CREATED,
    summary="Register a named channel: its names, hosts, classes and source",
    description=(
        "Hosts are host names (www.ccgp.gov.cn), not urls; a host or name already registered is a 409. "
        "Give the `source`, or say in `needs_review` why there is none. Verdicts use it at once. Recorded "
        "with the key and the time. Needs `catalog:write`."
    ),
    responses={
        **created("the channel (the registry, searched by its name)"),
        **problem_responses(Unauthorized, Forbidden, InvalidChannel, UnknownReference, ChannelTaken),
    },
)
def create_channel(body: ChannelCreate, session: SessionDep, key: CatalogWriterDep, response: Response) -> ChannelCreated:
    channel = service.create_channel(session, key, body)
    response.headers["Location"] = f"/v1/channels?{urlencode({'q': channel.name})}"
    return channel


@router.get("/v1/channel-classes", summary="Classes of channel the catalogs name by kind, with their basis")
def list_channel_classes(session: SessionDep) -> Listing[ChannelClassPublic]:
    return Listing.of(service.list_channel_classes(session))
