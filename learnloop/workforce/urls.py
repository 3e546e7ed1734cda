from django.urls import path

from learnloop.workforce.views import feedback, programme, review

app_name = "workforce"

urlpatterns = [
    path("", programme.course_list, name="courses"),
    path("courses/new/", programme.course_create, name="course_create"),
    path("courses/<int:pk>/", programme.course_detail, name="course"),
    path("courses/<int:pk>/edit/", programme.course_edit, name="course_edit"),
    path("courses/<int:pk>/sessions/new/", programme.session_create, name="session_create"),
    path("sessions/", programme.session_list, name="sessions"),
    path("sessions/<int:pk>/", programme.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", programme.session_edit, name="session_edit"),
    path("sessions/<int:pk>/attendance/", programme.attendance_edit, name="attendance_edit"),
    path("sessions/<int:pk>/attendees/new/", programme.attendee_add, name="attendee_add"),
    path("sessions/<int:pk>/attendees/<int:attendee>/remove/", programme.attendee_remove, name="attendee_remove"),
    path("sessions/<int:pk>/evaluations/new/", programme.evaluation_create, name="evaluation_create"),
    path("sessions/<int:pk>/evaluations/import/", programme.evaluation_import, name="evaluation_import"),
    path(
        "sessions/<int:pk>/evaluations/import/<str:token>/",
        programme.evaluation_import_check,
        name="evaluation_import_check",
    ),
    path("evaluations/<int:pk>/raise/", feedback.evaluation_raise, name="evaluation_raise"),
    path("review/", review.training_review, name="review"),
    path("review.docx", review.training_review_docx, name="review_docx"),
    path("feedback/", feedback.feedback_list, name="feedback_list"),
    path("feedback/new/", feedback.feedback_create, name="feedback_create"),
    path("feedback/<int:pk>/", feedback.feedback_detail, name="feedback"),
    path("feedback/<int:pk>/edit/", feedback.feedback_edit, name="feedback_edit"),
    path("feedback/<int:pk>/import/", feedback.feedback_import, name="feedback_import"),
    path("feedback/<int:pk>/import/<str:token>/", feedback.feedback_import_check, name="feedback_import_check"),
    path("feedback/<int:pk>/responses/new/", feedback.feedback_response_create, name="feedback_response_create"),
    path("answers/<int:pk>/raise/", feedback.answer_raise, name="answer_raise"),
]
