"""Wire-compatibility suite: the Python `mattermostdriver` (PyPI) against a running Outpost server.

    OUTPOST_URL=http://127.0.0.1:8065 python -m pytest compat/python

The server must be fresh (empty database): the first user created becomes the system admin.
Only the driver's public API is used, as a bot or script written for Mattermost would.
"""

import os
import random
import re
import string
from urllib.parse import urlsplit

import pytest
from mattermostdriver import Driver
from mattermostdriver.exceptions import NoAccessTokenProvided, ResourceNotFound

ID_RE = re.compile(r"^[a-z0-9]{26}$")
PASSWORD = "Compat-Passw0rd!"
RUN = random.choice(string.ascii_lowercase) + "".join(random.choices(string.ascii_lowercase + string.digits, k=5))


def driver_options(**extra):
    url = os.environ.get("OUTPOST_URL", "")
    if not url:
        pytest.fail("set OUTPOST_URL to the base URL of a running Outpost server, e.g. http://127.0.0.1:8065")
    parts = urlsplit(url)
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


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def driver(admin_user):
    d = Driver(driver_options(login_id=admin_user["username"], password=PASSWORD))
    yield d
    if d.client.token:
        d.logout()


def test_login_and_get_me(driver, admin_user):
    result = driver.login()
    assert result["id"] == admin_user["id"]
    assert result["username"] == admin_user["username"]
    assert driver.client.token, "login must return a Token header"
    assert driver.client.userid == admin_user["id"]

    me = driver.users.get_user("me")
    assert me["id"] == admin_user["id"]
    assert me["email"] == admin_user["email"]
    assert "system_admin" in me["roles"].split()


def test_wrong_password_is_401(admin_user):
    d = Driver(driver_options(login_id=admin_user["username"], password="not-the-password"))
    with pytest.raises(NoAccessTokenProvided):
        d.login()
    assert d.client.token == ""


def test_create_team_and_channel(driver, admin_user):
    assert driver.client.token, "needs the session from test_login_and_get_me"
    team = driver.teams.create_team({"name": f"py-{RUN}", "display_name": f"Py {RUN}", "type": "O"})
    assert ID_RE.match(team["id"]), team
    assert team["name"] == f"py-{RUN}"
    assert team["type"] == "O"

    fetched = driver.teams.get_team(team["id"])
    assert fetched["id"] == team["id"]
    assert fetched["display_name"] == f"Py {RUN}"

    channel = driver.channels.create_channel(
        {"team_id": team["id"], "name": f"py-chan-{RUN}", "display_name": f"Py chan {RUN}", "type": "O"}
    )
    assert ID_RE.match(channel["id"]), channel
    assert channel["team_id"] == team["id"]
    assert channel["type"] == "O"
    assert channel["creator_id"] == admin_user["id"]

    by_name = driver.channels.get_channel_by_name(team["id"], f"py-chan-{RUN}")
    assert by_name["id"] == channel["id"]

    town_square = driver.channels.get_channel_by_name(team["id"], "town-square")
    assert town_square["name"] == "town-square"
    assert town_square["team_id"] == team["id"]

    with pytest.raises(ResourceNotFound):
        driver.channels.get_channel("abcdefghijkmnopqrstuwxyz12")


def test_logout(driver):
    assert driver.client.token, "needs the session from test_login_and_get_me"
    token = driver.client.token
    result = driver.logout()
    assert result == {"status": "OK"}
    stale = Driver(driver_options())
    stale.client.token = token
    with pytest.raises(NoAccessTokenProvided):
        stale.users.get_user("me")
