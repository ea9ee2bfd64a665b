from django.urls import path

from ..models import CountryTag, MinistryTag, TopicTag
from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("feeds/", views.FeedsView.as_view(), name="feeds"),
    path("<int:year>/", views.YearArchive.as_view(), name="year"),
    path("<int:year>/<str:month>/", views.MonthArchive.as_view(), name="month"),
    path("<int:year>/<str:month>/<str:day>/", views.DayArchive.as_view(), name="day"),
    path("<int:year>/<str:month>/<str:day>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("countries/", views.TagIndexView.as_view(model=CountryTag), name="countries"),
    path("countries/<slug:slug>/", views.TagArticlesView.as_view(tag_model=CountryTag), name="country"),
    path("ministries/", views.TagIndexView.as_view(model=MinistryTag), name="ministries"),
    path("ministries/<slug:slug>/", views.TagArticlesView.as_view(tag_model=MinistryTag), name="ministry"),
    path("topics/", views.TagIndexView.as_view(model=TopicTag), name="topics"),
    path("topics/<slug:slug>/", views.TagArticlesView.as_view(tag_model=TopicTag), name="topic"),
]
