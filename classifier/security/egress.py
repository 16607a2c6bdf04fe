"""Egress guard: the process refuses outbound connections outside an allowlist.

`install()` registers a CPython audit hook (PEP 578), which cannot be removed once added and
sees every socket operation made through the `socket` module, whoever makes it: `connect` and
`connect_ex` (so `create_connection`, urllib, requests, asyncio), `sendto`/`sendmsg` to an
address, and name lookups (`getaddrinfo`, `gethostbyname`, `gethostbyaddr`, `getnameinfo`).
A refused operation raises `EgressRefused` (a `PermissionError`, so libraries treat it as the
network being unavailable) before any packet leaves, logs a warning and writes an
`egress_refused` audit event with the address, port and calling module.

The allowlist (setting `egress_allow`, default loopback only) holds IP addresses, networks in
CIDR form and host names. A host name entry allows looking that name up; the addresses it
resolves to must be listed too (or their network), as connections are checked by address.

Child processes: `install()` exports the allowlist and the audit settings as
`CLASSIFIER_<SETTING>` variables and puts `security/egress_site/` (a `sitecustomize`) first
on `PYTHONPATH`, so every Python child installs the same guard at start-up. Programs that are
not Python (tesseract), and Python started with `-I`/`-E`/`-S`, are outside an in-process
guard: see docs/watch-and-egress.md.

This module imports only the standard library at import time: the `sitecustomize` of a child
may load it by file path where the `classifier` package is not importable.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from classifier.errors import EgressRefused
except ImportError:  # loaded by file path in a child without the package

    class EgressRefused(PermissionError):  # type: ignore[no-redef]
        """An outbound connection or name lookup outside the egress allowlist."""


log = logging.getLogger(__name__)

DEFAULT_ALLOW = "127.0.0.0/8,::1,localhost"
ENV_PREFIX = "CLASSIFIER_"
ALLOW_ENV = ENV_PREFIX + "EGRESS_ALLOW"
# The settings an audit writer needs, exported to children when the service has them.
AUDIT_SETTINGS = (
    "audit_dir",
    "audit_key_dir",
    "data_dir",
    "audit_max_bytes",
    "audit_checkpoint_every",
    "audit_checkpoint_seconds",
    "node_id",  # a child writes into its parent's chain
)
SITE_DIR = Path(__file__).resolve().parent / "egress_site"
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
# Frames of these modules are the plumbing, not the caller we report.
_PLUMBING = ("socket", "ssl", "selectors", "classifier.security.egress", "sitecustomize")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Allowlist:
    networks: tuple[Network, ...] = ()
    names: frozenset[str] = field(default_factory=frozenset)
    text: str = ""

    @classmethod
    def parse(cls, spec: str | Iterable[str]) -> Allowlist:
        items = spec.split(",") if isinstance(spec, str) else list(spec)
        networks: list[Network] = []
        names: set[str] = set()
        for raw in items:
            item = raw.strip().strip("[]")
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                names.add(item.lower().rstrip("."))
        return cls(tuple(networks), frozenset(names), ", ".join(i.strip() for i in items if i))

    def allows_address(self, host: str) -> bool:
        try:
            ip = ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            return self.allows_name(host)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in net for net in self.networks)

    def allows_name(self, name: str) -> bool:
        name = name.lower().rstrip(".")
        return name in self.names or name in LOCAL_NAMES or name.endswith(".localhost")


@dataclass
class _State:
    allow: Allowlist = field(default_factory=lambda: Allowlist.parse(DEFAULT_ALLOW))
    audit_settings: dict[str, str] = field(default_factory=dict)
    installed: bool = False
    quiet: threading.local = field(default_factory=threading.local)


_state = _State()
_lock = threading.Lock()


def is_active() -> bool:
    return _state.installed


def allowlist() -> Allowlist:
    return _state.allow


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _calling_module() -> str:
    frame = sys._getframe(2)
    while frame is not None:
        name = str(frame.f_globals.get("__name__", "?"))
        if not name.startswith(_PLUMBING):
            return name
        frame = frame.f_back  # type: ignore[assignment]
    return "?"


def _refuse(kind: str, host: str, port: Any) -> None:
    module = _calling_module()
    message = (
        f"egress refused: {kind} {host}:{port} is outside the egress allowlist "
        f"({_state.allow.text}); called from {module}"
    )
    quiet = _state.quiet
    if not getattr(quiet, "active", False):
        quiet.active = True  # a log handler or the audit write must not re-enter the guard
        try:
            log.warning("%s", message)
            _audit(kind, host, port, module)
        finally:
            quiet.active = False
    raise EgressRefused(message)


def _audit(kind: str, host: str, port: Any, module: str) -> None:
    if not _state.audit_settings:
        return
    try:
        from classifier.audit.log import AuditLog
        from classifier.settings import load_settings
    except ImportError:  # a child without the package: the error and the log line remain
        return
    settings = load_settings(overrides=_state.audit_settings, environ={})
    from_settings = getattr(AuditLog, "from_settings", None)
    audit = from_settings(settings) if from_settings else AuditLog(settings.audit_dir)
    audit.record(
        "egress_refused",
        address=host,
        port=port if isinstance(port, int) else str(port),
        kind=kind,
        module=module,
        pid=os.getpid(),
    )


def check_address(kind: str, address: Any) -> None:
    """Raise EgressRefused unless `address` (a socket address) is allowed."""
    if not isinstance(address, tuple) or len(address) < 2 or not isinstance(address[0], str):
        return  # AF_UNIX paths, netlink and other local families
    host, port = address[0], address[1]
    if not _state.allow.allows_address(host):
        _refuse(kind, host, port)


def check_name(kind: str, host: Any, port: Any = None) -> None:
    """Raise EgressRefused when resolving `host` would ask a name server outside."""
    if host is None:
        return
    if isinstance(host, bytes):
        host = host.decode("idna", "replace")
    host = str(host)
    if not host or _is_literal(host.strip("[]")):
        return
    if not _state.allow.allows_name(host):
        _refuse(kind, host, port if port is not None else "-")


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not event.startswith("socket.") or not _state.installed:
        return
    if event == "socket.connect":
        check_address("connect", args[1])
    elif event == "socket.sendto":
        check_address("sendto", args[1])
    elif event == "socket.sendmsg":
        check_address("sendmsg", args[1])
    elif event == "socket.getaddrinfo":
        check_name("lookup", args[0], args[1])
    elif event in ("socket.gethostbyname", "socket.gethostbyaddr"):
        host = args[0]
        if isinstance(host, str) and _is_literal(host):
            check_address("reverse lookup", (host, "-"))
        else:
            check_name("lookup", host)
    elif event == "socket.getnameinfo":
        check_address("reverse lookup", args[0])


def install(
    allow: str | Iterable[str] = DEFAULT_ALLOW,
    audit_settings: Mapping[str, Any] | None = None,
    propagate: bool = True,
) -> Allowlist:
    """Install the guard (once per process: a later call can only replace the allowlist and
    the audit settings). `audit_settings` (such as `audit_dir`) say where `egress_refused`
    events go; without them a refusal is only raised and logged. With `propagate`, Python
    child processes install the same guard."""
    parsed = Allowlist.parse(allow)
    wanted = {k: str(v) for k, v in (audit_settings or {}).items() if k in AUDIT_SETTINGS}
    with _lock:
        _state.allow = parsed
        _state.audit_settings = {k: v for k, v in wanted.items() if v}
        if not _state.installed:
            sys.addaudithook(_hook)
            _state.installed = True
    if propagate:
        os.environ[ALLOW_ENV] = parsed.text
        for key, value in _state.audit_settings.items():
            os.environ[ENV_PREFIX + key.upper()] = value
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        if str(SITE_DIR) not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([str(SITE_DIR), *paths])
    return parsed


def install_from_environment() -> Allowlist:
    """What a child's `sitecustomize` runs: the parent's allowlist and audit settings."""
    audit = {k: os.environ.get(ENV_PREFIX + k.upper(), "") for k in AUDIT_SETTINGS}
    return install(os.environ.get(ALLOW_ENV, DEFAULT_ALLOW), audit, propagate=False)


def probe(address: str = "192.0.2.1", port: int = 9) -> str | None:
    """Check the live guard without sending anything: connect a UDP socket (which sends no
    packet) to a documentation address (RFC 5737). None when refused, else a problem."""
    import socket

    if not _state.installed:
        return "guard not installed in this process"
    if _state.allow.allows_address(address):
        return f"{address} is inside the allowlist; cannot probe"
    quiet = _state.quiet
    quiet.active = True  # a probe is not an incident: no audit event
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((address, port))
    except EgressRefused:
        return None
    finally:
        quiet.active = False
    return f"a UDP connect to {address}:{port} was not refused"


def install_for_settings(settings: Mapping[str, Any]) -> Allowlist:
    """The service's start-up call: allowlist `egress_allow`, refusals to its audit trail."""
    return install(settings.get("egress_allow", DEFAULT_ALLOW), settings)
