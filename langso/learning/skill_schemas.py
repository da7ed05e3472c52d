from ninja import Schema


class SkillOut(Schema):
    code: str
    name_vi: str
    name_en: str
    description: str
    target_group: str
    source_document: str
    # Where the published text says less than a member needs to judge the skill at a door.
    note: str
    # One of the skills a person must show to count as proficient in the basic skills.
    basic: bool


class SkillGroupOut(Schema):
    code: str
    name_vi: str
    name_en: str
    framework: str
    source_document: str
    note: str
    skills: list[SkillOut]


class FrameworkOut(Schema):
    groups: list[SkillGroupOut]
    # The codes of the indicators worked out from the skills.
    indicators: list[str]
