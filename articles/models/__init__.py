from .article import CONTENT_FIELDS, PENDING_FIELDS, TAG_KINDS, Article, ArticleQuerySet, StaleEdit, newsroom_time
from .desk import EditingPresence, EditorialNote, PageCacheDebt, WorkflowEvent
from .partners import PartnerKey, PartnerKeyUse
from .register import RegisteredMinistry
from .tags import (
    TAG_THROUGH,
    CountryTag,
    MinistryTag,
    NewsTag,
    TaggedCountry,
    TaggedMinistry,
    TaggedTopic,
    TagLink,
    TagRedirect,
    TagSource,
    TopicTag,
)

__all__ = [
    "CONTENT_FIELDS",
    "PENDING_FIELDS",
    "StaleEdit",
    "TAG_KINDS",
    "TAG_THROUGH",
    "Article",
    "ArticleQuerySet",
    "CountryTag",
    "MinistryTag",
    "NewsTag",
    "RegisteredMinistry",
    "EditingPresence",
    "EditorialNote",
    "PageCacheDebt",
    "PartnerKey",
    "PartnerKeyUse",
    "TagLink",
    "TagRedirect",
    "TagSource",
    "TaggedCountry",
    "TaggedMinistry",
    "TaggedTopic",
    "TopicTag",
    "WorkflowEvent",
    "newsroom_time",
]
