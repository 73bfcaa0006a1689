"""The one way the service sends email.

``send_message`` renders a message's two parts, ``templates/email/<template>.txt`` and
``.html`` (each extends ``base.txt`` or ``base.html``: the NHS look, who sent it and
why), and enqueues the background task that sends it (``tasks.send_email``). It returns
once the task is enqueued; in tests, where tasks run at once, the message is in
``django.core.mail.outbox`` by then.

Put in a message only what its recipient needs: the task's arguments are kept in the
database with its result (hidden in admin).
"""

from django.conf import settings
from django.template.loader import render_to_string

from .tasks import send_email, send_nothing


def render_message(*, to: str, subject: str, template: str, context: dict) -> dict:
    context = {"subject": subject, **context}
    return {
        "to": to,
        "subject": subject,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "text": render_to_string(f"email/{template}.txt", context).strip() + "\n",
        "html": render_to_string(f"email/{template}.html", context),
    }


def send_message(*, to: str, subject: str, template: str, context: dict) -> None:
    message = render_message(to=to, subject=subject, template=template, context=context)
    send_email.enqueue(message=message)


def pretend_to_send(*, to: str, subject: str, template: str, context: dict) -> None:
    """The work of ``send_message`` (render, enqueue), with a task that sends nothing:
    for answers that must not show whether a message went."""
    message = render_message(to=to, subject=subject, template=template, context=context)
    send_nothing.enqueue(message=message)
