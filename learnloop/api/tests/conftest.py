"""The national world's fixture, for the national view's API."""

from learnloop.national.tests.conftest import national  # noqa: F401 (a fixture)
