"""Wire-compatibility suite: the Python `mattermostdriver` (PyPI) against a running Outpost server.

    OUTPOST_URL=http://127.0.0.1:8065 python -m pytest compat/python

The server must be fresh (empty database): the first user created becomes the system admin
(the `admin_user` fixture in conftest.py, shared by every file of the suite).
Only the driver's public API is used, as a bot or script written for Mattermost would.
"""

import pytest
from conftest import ID_RE, PASSWORD, RUN, driver_options
from mattermostdriver import Driver
from mattermostdriver.exceptions import NoAccessTokenProvided, ResourceNotFound


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
