"""The static inventory of an app (APK or pimon emulator jar), as plain pydantic models.

``Inventory.model_dump(mode="json")`` is the ``pimon inspect --format json`` document and what the
HTML report embeds.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ComponentKind = Literal["activity", "activity-alias", "service", "receiver", "provider"]
Protection = Literal["dangerous", "normal", "signature", "signatureOrSystem", "internal", "unknown"]


class IntentFilter(BaseModel):
    actions: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    data: list[str] = Field(default_factory=list)  # "scheme://host:port/path" / "mime:type/*"
    priority: int | None = None


class SelfStart(BaseModel):
    """Why a component can be started without the user (PI-7.4): the trigger and the action."""

    trigger: str  # boot | package | connectivity | user-present | power | telephony | push | time | ...
    action: str


class Component(BaseModel):
    kind: ComponentKind
    name: str
    exported: bool
    exported_explicit: bool  # android:exported was written in the manifest
    enabled: bool = True
    permission: str | None = None
    process: str | None = None
    target_activity: str | None = None  # activity-alias only
    authorities: list[str] = Field(default_factory=list)  # provider only
    intent_filters: list[IntentFilter] = Field(default_factory=list)
    self_start: list[SelfStart] = Field(default_factory=list)
    sdk: str | None = None  # SDK id owning the class, if any


class Permission(BaseModel):
    name: str
    protection: Protection
    max_sdk: int | None = None
    declared_by_app: bool = False  # a <permission> element of this manifest defines it


class SdkHit(BaseModel):
    id: str
    name: str
    vendor: str
    category: str
    prefixes: list[str]  # the database prefixes that matched at least one class
    class_count: int
    native_libs: list[str] = Field(default_factory=list)
    website: str | None = None
    privacy_policy: str | None = None
    compliance_guide: str | None = None


class TrackerHost(BaseModel):
    host: str
    sdk: str
    urls: list[str] = Field(default_factory=list)


class NativeLib(BaseModel):
    name: str
    abis: list[str]
    sdk: str | None = None


class OtherPackage(BaseModel):
    package: str  # first three segments, as in the ``other:<...>`` caller id
    class_count: int


class Inventory(BaseModel):
    file: str
    format: Literal["apk", "pimon-jar"]
    sha256: str
    package: str
    version_name: str | None = None
    version_code: int | None = None
    min_sdk: int | None = None
    target_sdk: int | None = None
    application: str | None = None
    permissions: list[Permission] = Field(default_factory=list)
    declared_permissions: list[Permission] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    sdks: list[SdkHit] = Field(default_factory=list)
    other_packages: list[OtherPackage] = Field(default_factory=list)
    tracker_hosts: list[TrackerHost] = Field(default_factory=list)
    hosts: list[str] = Field(default_factory=list)  # every host seen in URLs in the code
    native_libs: list[NativeLib] = Field(default_factory=list)
    class_count: int = 0
    warnings: list[str] = Field(default_factory=list)

    def of_kind(self, kind: ComponentKind) -> list[Component]:
        return [c for c in self.components if c.kind == kind]

    @property
    def self_starting(self) -> list[Component]:
        return [c for c in self.components if c.self_start]
