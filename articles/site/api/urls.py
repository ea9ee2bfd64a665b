from django.urls import path, re_path

from ...models import CountryTag, MinistryTag, TopicTag
from . import views

app_name = "api"

urlpatterns = [
    path("v1/stories/", views.StoryList.as_view(), name="stories"),
    path("v1/stories/<str:story_id>/", views.StoryDetail.as_view(), name="story"),
    path("v1/countries/", views.TagList.as_view(tag_model=CountryTag), name="countries"),
    path("v1/ministries/", views.TagList.as_view(tag_model=MinistryTag), name="ministries"),
    path("v1/topics/", views.TagList.as_view(tag_model=TopicTag), name="topics"),
    path("v1/openapi.json", views.OpenApiView.as_view(), name="openapi"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
