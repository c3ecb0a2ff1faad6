"""A new producer signs up, follows the verification link, logs in lands in the studio and opens the account page — in Chromium."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_signup_verify_login_account_page(live_server, page, mailoutbox):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").first.click()

    page.fill("input[name=email]", "beatmaker@example.com")
    page.fill("input[name=username]", "beatmaker")
    page.fill("input[name=password1]", "Dark-808-Glide!")
    page.fill("input[name=password2]", "Dark-808-Glide!")
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/?$"))

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(live_server.url + path)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=login]", "beatmaker@example.com")
    page.fill("input[name=password]", "Dark-808-Glide!")
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()

    page.wait_for_url(re.compile(r"/studio/$"))  # a new producer lands where the music is made
    page.get_by_test_id("nav-account").click()
    page.wait_for_url(re.compile(r"/account/$"))
    assert page.get_by_role("heading", name="Your account").is_visible()
    assert page.get_by_test_id("account-email").inner_text() == "beatmaker@example.com"
    assert page.get_by_test_id("nav-account").inner_text() == "beatmaker"
