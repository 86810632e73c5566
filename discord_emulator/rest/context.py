"""The narrow views of the emulator that the REST layer gets, one per concern."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from discord_emulator.config import Address
from discord_emulator.events import EventPublisher
from discord_emulator.faults import FaultInjector
from discord_emulator.interactions import InteractionStore
from discord_emulator.recorder import Recorder
from discord_emulator.state import State


@dataclass(slots=True)
class RestContext:
    """What route handlers use: the world, interactions, events to the bot, and addresses."""

    state: State
    interactions: InteractionStore
    events: EventPublisher
    address: Address
    recommended_shards: Callable[[], int]
    attachment_size_limit: int
    command_syncs: list[int | None] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.address.base_url


@dataclass(slots=True)
class IntakeContext:
    """What the middleware uses: authentication, recording, injected faults, activity."""

    token: str
    recorder: Recorder
    faults: FaultInjector
    notify: Callable[[], None]
    unknown_routes: list[str] = field(default_factory=list)
