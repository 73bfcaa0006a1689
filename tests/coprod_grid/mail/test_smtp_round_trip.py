"""The email the service sends, through a real SMTP server on 127.0.0.1 (aiosmtpd,
started here): an invitation arrives with who it is from, a plain-text and an HTML part
in the NHS look, and a link that opens the invitation."""

import email
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from assessments.invitations import services
from tests.factories import COMMISSIONER

pytestmark = pytest.mark.django_db


class Mailbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Co-production Grid <noreply@grid.example.nhs.uk>"
    yield mailbox
    controller.stop()


def test_an_invitation_arrives_through_smtp_and_its_link_opens(client, smtp_server, lead):
    organisation = lead.memberships.get().organisation
    services.invitation_create(
        organisation=organisation,
        by=lead.memberships.get(),
        email="ira.invitee@example.nhs.uk",
        role=COMMISSIONER,
        link_base="http://testserver/",
    )
    [envelope] = smtp_server.envelopes
    assert envelope.mail_from == "noreply@grid.example.nhs.uk"
    assert envelope.rcpt_tos == ["ira.invitee@example.nhs.uk"]
    message = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["From"] == "Co-production Grid <noreply@grid.example.nhs.uk>"
    assert message["To"] == "ira.invitee@example.nhs.uk"
    assert organisation.name in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    inviter = lead.get_full_name()
    assert inviter in text and inviter in html  # says who sent it
    assert "nhsuk" in html or "#005eb8" in html.lower()  # the NHS look
    path = re.search(r"http://testserver(/invitations/\S+/)", text)[1]
    assert path.startswith(reverse("assessments:invitation-accept", args=["x"])[:-2])
    page = client.get(path)
    assert page.status_code == 200
    assert organisation.name in page.content.decode()
