"""Where the client's settings come from, and the checks that keep them safe."""

from __future__ import annotations

import logging
import os
import ssl
from collections.abc import Mapping

import httpx

from campfire_pay._core.constants import API_KEY_ENV, BASE_URL_ENV, LIVE_BASE_URL
from campfire_pay._core.errors import ConfigurationError
from campfire_pay._core.logs import guard_http_loggers
from campfire_pay._core.redaction import register_secret
from campfire_pay.types import Verify

logger = logging.getLogger("campfire_pay")
HONOURS_KEYS_ENV = "CAMPFIRE_SERVER_HONOURS_IDEMPOTENCY_KEYS"


class SecretHeader(str):
    """A header value that shows as ``'***'`` in any repr (of a dict of headers, too)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'***'"


def resolve_api_key(api_key: str | None) -> str:
    """The key passed, else ``$CAMPFIRE_API_KEY``; refuse none at all."""
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if not key or not key.strip():
        raise ConfigurationError(f"No Campfire API key: pass api_key=... or set {API_KEY_ENV}.")
    if any(c in key for c in "\r\n"):
        raise ConfigurationError(
            "The Campfire API key contains a line break; check how it was read."
        )
    key = key.strip()
    if not all("!" <= c <= "~" for c in key):
        raise ConfigurationError(
            "The Campfire API key holds a character no key has (a space, an accent, a control "
            "character); check how it was read."
        )
    # From now on it is masked wherever a server's words or a log line would show it.
    register_secret(key)
    guard_http_loggers()
    return key


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    import ipaddress  # only for plain-http URLs

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_base_url(base_url: str | None) -> str:
    """The URL passed, else ``$CAMPFIRE_BASE_URL``, else the live API; https unless loopback."""
    raw = base_url or os.environ.get(BASE_URL_ENV) or LIVE_BASE_URL
    try:
        url = httpx.URL(raw)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"Not a usable base URL: {raw!r} ({exc}).") from exc
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(f"The base URL must be https://host, not {raw!r}.")
    if url.scheme == "http" and not _is_loopback(url.host):
        raise ConfigurationError(
            f"Refusing plain http to {url.host}: the API key would cross the network "
            "unencrypted. Use https (plain http is allowed only to this machine)."
        )
    if url.userinfo or url.query or url.fragment:
        raise ConfigurationError("The base URL must not carry credentials, a query or a fragment.")
    return str(url).rstrip("/")


def trusts_environment(base_url: str) -> bool:
    """Whether our own connection pool reads proxies (and the like) from the environment.

    Not for this machine: a loopback server is plain http, and an ``HTTP_PROXY`` would carry
    the Authorization header to the proxy in cleartext. Remote hosts are https only, so an
    environment proxy there sees a tunnel, never the key; it is honoured, as networks that
    need one expect. A caller's own ``http_client`` keeps whatever settings it was made with.
    """
    return not _is_loopback(httpx.URL(base_url).host)


def check_verify(verify: Verify) -> Verify:
    """Only an explicit ``verify=False`` turns certificate checks off; nothing else does."""
    if verify is False:
        logger.warning("TLS certificate verification is off (verify=False was passed)")
    if isinstance(verify, (bool, ssl.SSLContext)):
        return verify
    if isinstance(verify, str) and os.path.isfile(verify):
        return verify
    raise ConfigurationError(
        f"verify must be True, False, an ssl.SSLContext or a CA bundle file, not {verify!r}."
    )


def resolve_honours_keys(value: bool | None) -> bool:
    """The setting passed, else ``$CAMPFIRE_SERVER_HONOURS_IDEMPOTENCY_KEYS``; off by default.

    On, an unclear failure is read back and, when that read shows no trace, resent with the
    same ``Idempotency-Key`` (judged against that read); off, it is only ever read back. Only ``1``, ``true``, ``yes`` or ``on`` turn it on.
    """
    if value is not None:
        return value
    setting = os.environ.get(HONOURS_KEYS_ENV, "").strip().lower()
    if setting in ("1", "true", "yes", "on"):
        return True
    if setting not in ("", "0", "false", "no", "off"):
        raise ConfigurationError(f"{HONOURS_KEYS_ENV} must be 1 or 0, not {setting!r}.")
    return False


# Headers the client sets itself: the key comes from api_key, the rest from each pay.
OWN_HEADERS = frozenset({"authorization", "idempotency-key", "content-type", "content-length"})


def request_headers(api_key: str, version: str) -> dict[str, str]:
    """The headers every request carries; the key shows as ``'***'`` in any repr."""
    return {
        "Authorization": SecretHeader(f"Token {api_key}"),
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate",
        "User-Agent": f"campfire-pay/{version}",
    }


def with_extra_headers(headers: Mapping[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    """``headers`` plus ``extra``; refuse a header the client sets itself, or a non-string."""
    merged = dict(headers)
    for name, value in extra.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise ConfigurationError(f"extra_headers: {name!r} must map a str to a str")
        if name.lower() in OWN_HEADERS:
            raise ConfigurationError(
                f"extra_headers: {name} is set by the client itself and cannot be replaced"
            )
        merged[name] = value
    return merged


def check_pool(http_client: object, pool_type: type, client: str) -> None:
    """Refuse a caller's pool of the other kind (sync for async, or the reverse): it would
    send a pay whose answer the client could not then read."""
    if http_client is not None and not isinstance(http_client, pool_type):
        raise ConfigurationError(
            f"http_client must be an {pool_type.__module__}.{pool_type.__name__} for {client},"
            f" not {type(http_client).__name__}"
        )
