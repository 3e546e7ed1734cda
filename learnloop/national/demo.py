from typing import Any


def seed_national(*, partnership: Any, say: Any) -> None:
    return None
