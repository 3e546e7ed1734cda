from django.urls import path

from learnloop.national import views

app_name = "national"

urlpatterns = [
    path("", views.home, name="home"),
    path("learning/", views.search, name="search"),
    path("learning/<str:kind>/<int:pk>/", views.item, name="item"),
    path("themes/", views.themes, name="themes"),
    path("benchmarks/", views.benchmark_list, name="benchmarks"),
    path("benchmarks/<slug:code>/", views.benchmark, name="benchmark"),
]
