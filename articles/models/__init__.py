from .article import TAG_KINDS, Article, ArticleQuerySet
from .tags import (
    CountryTag,
    MinistryTag,
    NewsTag,
    TaggedCountry,
    TaggedMinistry,
    TaggedTopic,
    TagLink,
    TagSource,
    TopicTag,
)

__all__ = [
    "TAG_KINDS",
    "Article",
    "ArticleQuerySet",
    "CountryTag",
    "MinistryTag",
    "NewsTag",
    "TagLink",
    "TagSource",
    "TaggedCountry",
    "TaggedMinistry",
    "TaggedTopic",
    "TopicTag",
]
