"""Shared by the compat suites: the server URL, and the first user (the system admin), created once
per run because only the first account on a fresh server becomes system admin."""

import os
import random
import re
import string
from urllib.parse import urlsplit

import pytest
from mattermostdriver import Driver

ID_RE = re.compile(r"^[a-z0-9]{26}$")
PASSWORD = "Compat-Passw0rd!"
RUN = random.choice(string.ascii_lowercase) + "".join(random.choices(string.ascii_lowercase + string.digits, k=5))


def server_url():
    url = os.environ.get("OUTPOST_URL", "")
    if not url:
        pytest.fail("set OUTPOST_URL to the base URL of a running Outpost server, e.g. http://127.0.0.1:8065")
    return url.rstrip("/")


def driver_options(**extra):
    parts = urlsplit(server_url())
    options = {
        "scheme": parts.scheme,
        "url": parts.hostname,
        "port": parts.port or (443 if parts.scheme == "https" else 80),
        "verify": True,
        "timeout": 30,
        "request_timeout": 30,
    }
    options.update(extra)
    return options


@pytest.fixture(scope="session")
def admin_user():
    """Creates the first user (no session needed on an empty server); it becomes system admin."""
    username = f"pyadmin{RUN}"
    anonymous = Driver(driver_options())
    user = anonymous.users.create_user(
        options={"email": f"{username}@example.com", "username": username, "password": PASSWORD}
    )
    assert ID_RE.match(user["id"]), user
    assert user["username"] == username
    assert user.get("password", "") == "", "the password hash must not be returned"
    assert "system_admin" in user["roles"].split(), user["roles"]
    return user
