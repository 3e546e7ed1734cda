"""Demo data: a fictional partnership with a whole learning loop, for trying LearnLoop out.

Everything is written through the services, as a user would write it. All dates are relative to
today, so the demo always has overdue, amber and green actions. Places, people and children are
fictional; children are only ever "Child A", "a 4-year-old" and so on.

Running it again changes nothing: if the demo partnership exists it is left alone, and only the
demo sign-ins are checked (created if missing, password reset to the demo password if changed).
"""

from learnloop.loop.demo.seeding import seed_demo, sign_in_table

__all__ = ["seed_demo", "sign_in_table"]
