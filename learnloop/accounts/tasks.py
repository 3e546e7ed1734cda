"""Background work for accounts: password links are sent outside the request.

The request that asks for a link does the same work whether or not the address belongs to an
account (it enqueues this task), so its timing says nothing about which addresses are known.
"""

from __future__ import annotations

from django.tasks import task


@task
def send_password_link(*, email: str, domain: str, use_https: bool) -> None:
    from learnloop.accounts.forms import ForgottenPasswordForm

    form = ForgottenPasswordForm({"email": email})
    if not form.is_valid():
        return
    form.save(
        domain_override=domain,
        use_https=use_https,
        email_template_name="accounts/emails/set_password.txt",
        subject_template_name="accounts/emails/set_password_subject.txt",
    )
