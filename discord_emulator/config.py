"""How an emulator is configured, and where it listens once started."""

from __future__ import annotations

from dataclasses import dataclass, field

from discord_emulator import limits as L
from discord_emulator.gateway.opcodes import PRIVILEGED_INTENTS
from discord_emulator.gateway.sharding import ShardingPolicy


@dataclass(slots=True)
class EmulatorConfig:
    host: str = "127.0.0.1"
    port: int = 0
    token: str | None = None  # generated when None
    application_name: str = "Emulated Bot"  # the application, its bot user and its role
    heartbeat_interval_ms: int = 41_250
    interaction_deadline: float = L.INTERACTION_RESPONSE_DEADLINE
    token_ttl: float = L.INTERACTION_TOKEN_TTL
    attachment_size_limit: int = L.DEFAULT_ATTACHMENT_SIZE_LIMIT
    privileged_intents: int = PRIVILEGED_INTENTS  # which privileged intents the app may use
    # GET /gateway/bot's recommendation and the 4011 threshold (see gateway.sharding)
    sharding: ShardingPolicy = field(default_factory=ShardingPolicy)


@dataclass(slots=True)
class Address:
    """The loopback address the emulator listens on (the port is known once started)."""

    host: str
    port: int | None = None

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.host == "localhost" else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v{L.API_VERSION}"

    @property
    def gateway_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1) + "/gateway-ws"

    @property
    def resume_gateway_url(self) -> str:
        return self.gateway_url + "/resume"
