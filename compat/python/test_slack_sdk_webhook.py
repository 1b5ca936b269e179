"""Incoming webhooks through Slack's own Python SDK (`slack_sdk.webhook.WebhookClient`, PyPI), as
a CI system written for Slack or Mattermost would post: the SDK is used unchanged, pointed at
Outpost's `/hooks/{id}` URL."""

import pytest
from conftest import PASSWORD, RUN, driver_options, server_url
from mattermostdriver import Driver
from slack_sdk.webhook import WebhookClient


@pytest.fixture(scope="module")
def admin(admin_user):
    d = Driver(driver_options(login_id=admin_user["username"], password=PASSWORD))
    d.login()
    yield d
    d.logout()


@pytest.fixture(scope="module")
def hook_channel(admin):
    team = admin.teams.create_team({"name": f"hooks-{RUN}", "display_name": "Hooks", "type": "O"})
    channel = admin.channels.create_channel(
        {"team_id": team["id"], "name": f"ci-{RUN}", "display_name": "CI", "type": "O"}
    )
    hook = admin.webhooks.create_incoming_hook(
        {"channel_id": channel["id"], "display_name": "CI", "description": "build results"}
    )
    assert hook["channel_id"] == channel["id"]
    return channel, hook


def latest_post(admin, channel_id):
    posts = admin.posts.get_posts_for_channel(channel_id)
    return posts["posts"][posts["order"][0]]


def test_slack_sdk_posts_text_and_attachments(admin, hook_channel):
    channel, hook = hook_channel
    client = WebhookClient(f"{server_url()}/hooks/{hook['id']}")
    response = client.send(
        text="Build <https://ci.example/b/7|#7> passed",
        attachments=[
            {
                "fallback": "Build #7 passed",
                "color": "good",
                "title": "Build #7",
                "title_link": "https://ci.example/b/7",
                "text": "All 120 tests passed",
                "fields": [{"title": "Branch", "value": "main", "short": True}],
                "footer": "CI",
                "ts": 1700000000,
            }
        ],
    )
    assert response.status_code == 200, response.body
    assert response.body == "ok"

    post = latest_post(admin, channel["id"])
    assert post["message"] == "Build [#7](https://ci.example/b/7) passed"
    assert post["type"] == "slack_attachment"
    assert post["props"]["from_webhook"] == "true"
    attachment = post["props"]["attachments"][0]
    assert attachment["title"] == "Build #7"
    assert attachment["color"] == "good"
    assert attachment["fields"][0] == {"title": "Branch", "value": "main", "short": True}


def test_slack_sdk_sees_errors(hook_channel):
    client = WebhookClient(f"{server_url()}/hooks/{'x' * 26}")
    response = client.send(text="nobody listens")
    assert response.status_code == 404
    assert "web.incoming_webhook.invalid.app_error" in response.body
