"""The client's address: REMOTE_ADDR, or — only when REMOTE_ADDR is a trusted proxy (settings.TRUSTED_PROXIES,
addresses or networks) — the right-most address in X-Forwarded-For that is not itself a trusted proxy.

Used by TrustedProxyMiddleware (so the audit log sees it) and by django-axes (AXES_CLIENT_IP_CALLABLE), so login
lock-outs are keyed on the person's address, not on nginx's 127.0.0.1, and a client cannot pick its own address
by sending X-Forwarded-For directly.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    nets = []
    for item in spec:
        try:
            nets.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return tuple(nets)


def _parse(addr: str):
    addr = (addr or "").strip().strip('"')
    if addr.startswith("[") and "]" in addr:  # [v6]:port
        addr = addr[1:addr.index("]")]
    elif addr.count(":") == 1:  # v4:port
        addr = addr.split(":", 1)[0]
    try:
        return ipaddress.ip_address(addr)
    except ValueError:
        return None


def is_trusted(addr: str) -> bool:
    ip = _parse(addr)
    nets = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    return ip is not None and any(ip in n for n in nets)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if request.META.get("_cchc_client_ip"):
        return request.META["_cchc_client_ip"]
    result = remote
    if is_trusted(remote):
        hops = [h for h in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if h.strip()]
        for hop in reversed(hops):
            ip = _parse(hop)
            if ip is None:
                break  # garbage in the chain: stop at the last address we could trust
            result = str(ip)
            if not is_trusted(result):
                break
    request.META["_cchc_client_ip"] = result
    return result
