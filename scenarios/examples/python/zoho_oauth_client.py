#!/usr/bin/env python3
"""A Zoho OAuth token manager playing the zoho-oauth role of zohoaep's
scenario harness through the process protocol (docs/scenarios.md).

Python 3 standard library only. Each run is one step: the harness names
the intent in ZOHOAEP_INTENT and the client prints its outcome as one JSON
object on stdout. Tokens persist between steps in ZOHOAEP_STATE_DIR.

    zohoaep scenarios run --client 'python3 scenarios/examples/python/zoho_oauth_client.py'
"""

import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

ENV = os.environ
STATE = os.path.join(ENV.get("ZOHOAEP_STATE_DIR", "."), "zoho-tokens.json")


def now():
    """The harness's virtual time (ZOHOAEP_NOW), else the wall clock."""
    v = ENV.get("ZOHOAEP_NOW")
    if v:
        return datetime.fromisoformat(v.replace("Z", "+00:00"))
    return datetime.now(timezone.utc)


def done(ok, kind="", detail=""):
    out = {"ok": ok}
    if kind:
        out["kind"] = kind
    if detail:
        out["detail"] = detail
    print(json.dumps(out))
    sys.exit(0)


def load():
    try:
        with open(STATE) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save(state):
    with open(STATE, "w") as f:
        json.dump(state, f)


def http(method, url, form=None, headers=None, tries=3):
    """One request, retried on 5xx and broken connections; (status, body)."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    last = (0, "")
    for attempt in range(tries):
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            last = (e.code, e.read().decode())
            if e.code < 500:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            last = (0, str(e))
        time.sleep(0.01 * (attempt + 1))
    return last


def token(accounts, form):
    """POSTs to the token endpoint (parameters in the body, never the
    query string); returns (tokens, failure kind, detail)."""
    form = dict(form, client_id=ENV["ZOHO_CLIENT_ID"], client_secret=ENV["ZOHO_CLIENT_SECRET"])
    status, body = http("POST", accounts + "/oauth/v2/token", form)
    if status == 0 or status >= 500:
        return None, "server_error", body[:200]
    try:
        tj = json.loads(body)
    except ValueError:
        return None, "other", body[:200]
    if "access_token" in tj:
        return tj, "", ""
    error, desc = tj.get("error", ""), tj.get("error_description", "")
    kinds = {"invalid_code": "invalid_code", "invalid_client": "invalid_client",
             "invalid_client_secret": "invalid_client", "invalid_redirect_uri": "invalid_redirect_uri"}
    if error == "Access Denied":
        return None, ("ip_denied" if "ip address" in desc.lower() else "throttled"), desc
    return None, kinds.get(error, "other"), error + " " + desc


def keep(state, tj):
    state["access"] = tj["access_token"]
    state["api_domain"] = tj.get("api_domain", "")
    state["expiry"] = (now() + timedelta(seconds=int(tj.get("expires_in", 3600)))).isoformat()


def refresh(state):
    tj, kind, detail = token(state["accounts"], {"grant_type": "refresh_token", "refresh_token": state["refresh"]})
    if tj is None:
        if kind == "invalid_code":
            kind = "token_revoked"  # Zoho's answer for a revoked or evicted refresh token
        done(False, kind, detail)
    keep(state, tj)
    save(state)


def authorize():
    q = {"client_id": ENV["ZOHO_CLIENT_ID"], "response_type": "code", "access_type": "offline",
         "prompt": "consent", "redirect_uri": ENV["ZOHO_REDIRECT_URI"], "scope": ENV["ZOHO_SCOPES"],
         "state": ENV["ZOHO_STATE"]}
    print(json.dumps({"ok": True, "url": ENV["ZOHO_ACCOUNTS_URL"] + "/oauth/v2/auth?" + urllib.parse.urlencode(q)}))


def exchange():
    cb = dict(urllib.parse.parse_qsl(ENV.get("ZOHO_CALLBACK", "")))
    if cb.get("error"):
        done(False, "access_denied", "the redirect carries error=" + cb["error"])
    if not cb.get("code"):
        done(False, "access_denied", "no grant code came back")
    if cb.get("state") != ENV["ZOHO_STATE"]:
        done(False, "other", "state mismatch")
    accounts = cb.get("accounts-server") or ENV["ZOHO_ACCOUNTS_URL"]
    tj, kind, detail = token(accounts, {"grant_type": "authorization_code", "code": cb["code"],
                                        "redirect_uri": ENV["ZOHO_REDIRECT_URI"]})
    if tj is None:
        done(False, kind, detail)  # a refused code is final: no retry
    if not tj.get("refresh_token"):
        done(False, "no_refresh_token", "Zoho issued no refresh token")
    state = {"accounts": accounts, "refresh": tj["refresh_token"]}
    keep(state, tj)
    save(state)
    done(True)


def call():
    state = load()
    if not state.get("access"):
        done(False, "other", "no tokens")
    if now() >= datetime.fromisoformat(state["expiry"]) - timedelta(minutes=1):
        refresh(state)
    for attempt in range(2):
        status, body = http("GET", state["accounts"] + "/oauth/user/info",
                            headers={"Authorization": "Zoho-oauthtoken " + state["access"]})
        if status == 200:
            done(True)
        if status == 401 and "invalid_oauthtoken" in body.lower() and attempt == 0:
            refresh(state)  # refused before its expiry (evicted): refresh once
            continue
        break
    if status == 0 or status >= 500:
        done(False, "server_error", body[:200])
    if "scope" in body.lower():
        done(False, "scope_mismatch", body[:200])
    done(False, "token_invalid" if status == 401 else "other", body[:200])


def main():
    intent = ENV.get("ZOHOAEP_INTENT", "")
    if intent == "roles":
        print(json.dumps({"roles": ["zoho-oauth"]}))
    elif intent == "authorize":
        authorize()
    elif intent == "exchange":
        exchange()
    elif intent == "call":
        call()
    else:
        done(False, "other", "unknown intent " + intent)


if __name__ == "__main__":
    main()
