from datetime import datetime

from ninja import Field, Schema


class GuideOut(Schema):
    slug: str
    title: str
    updated: datetime | None = Field(description="When the version the public reads was published")
    url: str = Field(description="The public page (absolute address)")
    poster_pdf: str = Field(description="The A4 poster (absolute address)")
    leaflet_pdf: str = Field(description="The folded leaflet (absolute address)")


class GuidesPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[GuideOut]


class GuideSourceOut(Schema):
    title: str
    url: str


class GuideDetailOut(GuideOut):
    version: int
    audience: str
    summary: str
    steps_html: str = Field(description="The steps as sanitised HTML (pictures lazy-loaded)")
    problems_html: str = Field(description="Common problems and what to do, sanitised HTML")
    source: GuideSourceOut
    skills: list[str] = Field(description="Codes of the skills the guide teaches")
